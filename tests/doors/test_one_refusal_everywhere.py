"""Issue 12: bad input is refused identically by every door. The same request, given to
the CLI (a file, ``--json``), to the REST API (a body) and to the Python API (a mapping),
is refused with the same problems: the same stable code, JSON path, value found and what
is allowed (maquila.verdict.Problem); the CLI exits 1 and the API answers 422."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from maquila.api import create_app
from maquila.auto.steel import SteelRequest
from maquila.cli.main import app
from maquila.io.requests import InputError, parse_request
from maquila.origin.request import Request
from maquila.strict import validated
from maquila.verdict import Code, Refused

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "maquila" / "samples" / "power-supply.yaml"
STEEL = ROOT / "examples" / "steel-purchases.yaml"


def _plain(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    return data


def _unknown_good_field(d: dict[str, Any]) -> None:
    d["good"]["colour"] = "red"


def _no_date(d: dict[str, Any]) -> None:
    del d["date"]


def _value_in_words(d: dict[str, Any]) -> None:
    d["materials"][0]["value"] = "twelve"


def _bad_tariff_code(d: dict[str, Any]) -> None:
    d["materials"][0]["hs"] = "85X4"


def _impossible_date(d: dict[str, Any]) -> None:
    d["date"] = "2026-02-30"


def _before_the_agreement(d: dict[str, Any]) -> None:
    d["date"] = "2019-12-31"


CASES = {
    "an unknown field": (_unknown_good_field, Code.UNKNOWN_FIELD, "$.good.colour"),
    "a missing field": (_no_date, Code.MISSING_FIELD, "$.date"),
    "a value in words": (_value_in_words, Code.NOT_A_NUMBER, "$.materials[0].value"),
    "a tariff code with a letter": (_bad_tariff_code, Code.NOT_A_TARIFF_CODE, "$.materials[0].hs"),
    "an impossible date": (_impossible_date, Code.NOT_A_DATE, "$.date"),
    "a date before the USMCA": (_before_the_agreement, Code.CONTRADICTION, "$.date"),
}


def _path(location: str) -> str:
    """The JSON path of a location (the CLI and the Python API prefix the file's name)."""
    return location[location.index("$") :]


def _shape(problems: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [(p["code"], _path(p["location"]), p["found"], p["allowed"]) for p in problems]


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_cli_the_api_and_python_refuse_a_bad_request_with_the_same_problems(
    tmp_path: Path, case: str
) -> None:
    change, code, path = CASES[case]
    data = _plain(SAMPLE)
    change(data)
    text = json.dumps(data)
    request_file = tmp_path / "request.json"
    request_file.write_text(text, encoding="utf-8")

    cli = CliRunner().invoke(app, ["origin", "check", str(request_file), "--json"])
    assert cli.exit_code == 1, cli.output
    from_cli = _shape(json.loads(cli.stdout)["problems"])
    assert all(line.startswith("error: ") for line in cli.stderr.splitlines())

    api = TestClient(create_app()).post("/origin/check", json=data)
    assert api.status_code == 422, api.text
    from_api = _shape(api.json()["detail"])

    with pytest.raises(InputError) as caught:
        parse_request(json.loads(text, parse_float=Decimal, parse_int=Decimal), "request.json")
    from_python = _shape([p.as_dict() for p in caught.value.problems])

    assert from_cli == from_api == from_python
    assert (str(code), path) in [(c, p) for c, p, _, _ in from_cli]


def test_a_refusal_names_every_problem_of_the_request_in_one_answer(tmp_path: Path) -> None:
    data = _plain(SAMPLE)
    for change, _, _ in (CASES["an unknown field"], CASES["a value in words"]):
        change(data)
    with pytest.raises(Refused) as caught:
        validated(Request, data, "request.json")
    assert set(caught.value.codes) == {Code.UNKNOWN_FIELD, Code.NOT_A_NUMBER}
    assert caught.value.messages == [str(p) for p in caught.value.problems]
    assert "request.json: $.good.colour: found 'red'; unknown field 'colour'" in "\n".join(
        caught.value.messages
    )


def test_an_automotive_request_is_refused_alike_by_the_cli_the_api_and_python(
    tmp_path: Path,
) -> None:
    data = _plain(STEEL)
    data["vehicle_producer"] = "yes"  # not a field of a steel request
    first = next(iter(data))
    data.pop(first)  # and a required field taken away
    source = tmp_path / "steel.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    cli = CliRunner().invoke(app, ["auto", "steel", str(source)])
    assert cli.exit_code == 1
    api = TestClient(create_app()).post("/auto/steel", json=data)
    assert api.status_code == 422
    with pytest.raises(Refused) as caught:
        validated(SteelRequest, data, str(source))
    expected = [str(p) for p in caught.value.problems]
    assert [line.removeprefix("error: ") for line in cli.stderr.splitlines()] == expected
    assert _shape(api.json()["detail"]) == _shape([p.as_dict() for p in caught.value.problems])
    assert {Code.UNKNOWN_FIELD, Code.MISSING_FIELD} <= set(caught.value.codes)


def test_a_refusal_from_the_cli_in_json_writes_the_api_shape_and_nothing_else(
    tmp_path: Path,
) -> None:
    data = copy.deepcopy(_plain(SAMPLE))
    _unknown_good_field(data)
    source = tmp_path / "r.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    cli = CliRunner().invoke(app, ["origin", "check", str(source), "--json"])
    (problem,) = json.loads(cli.stdout)["problems"]
    assert set(problem) == {"code", "location", "found", "allowed", "hint", "message"}
    assert problem["code"] == "unknown_field" and problem["location"] == f"{source}: $.good.colour"
