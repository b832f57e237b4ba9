"""The REST API (maquila.api) answers with the same JSON as the CLI's ``--json``: a real
app over in-process HTTP (fastapi.testclient), no mocks."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from maquila.api import create_app
from maquila.auto.calculations import CALCULATIONS
from maquila.cli.main import app as cli

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _body(path: Path) -> Any:
    """A YAML request as the JSON a client would send (dates as ISO strings)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def _cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code in (0, 2), result.output
    return json.loads(result.stdout)


def test_origin_check_on_the_bundled_sample_answers_what_the_cli_prints(
    client: TestClient,
) -> None:
    sample = Path(str(resources.files("maquila") / "samples" / "power-supply.yaml"))
    response = client.post("/origin/check", json=_body(sample))
    assert response.status_code == 200
    assert response.json() == _cli_json("origin", "check", "--sample", "power-supply")


@pytest.mark.parametrize(
    ("endpoint", "command", "example"),
    [
        ("/auto/vehicle", "vehicle", "vehicle-sedan.yaml"),
        ("/auto/vehicle", "vehicle", "vehicle-asr.yaml"),
        ("/auto/lvc", "lvc", "lvc-sedan.yaml"),
        ("/auto/steel", "steel", "steel-purchases.yaml"),
        ("/auto/core-parts", "core-parts", "core-parts.yaml"),
        ("/auto/other-vehicle", "other-vehicle", "other-vehicle-bus.yaml"),
        ("/auto/average", "average", "averaging-2026.yaml"),
    ],
)
def test_each_automotive_endpoint_answers_what_the_cli_prints_for_the_example(
    client: TestClient, endpoint: str, command: str, example: str
) -> None:
    response = client.post(endpoint, json=_body(EXAMPLES / example))
    assert response.status_code == 200, response.text
    assert response.json() == _cli_json("auto", command, str(EXAMPLES / example))


def test_every_automotive_calculation_is_one_command_and_one_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    names = [c.name for c in CALCULATIONS]
    assert {f"/auto/{n}" for n in names} == {p for p in paths if p.startswith("/auto/")}
    for name in names:
        shown = CliRunner().invoke(cli, ["auto", name, "--help"])
        assert shown.exit_code == 0 and "--json" in shown.output


def test_the_part_endpoint_answers_what_the_cli_prints_for_the_same_part(
    client: TestClient, tmp_path: Path
) -> None:
    part: dict[str, Any] = {
        "part": "engine",
        "hs": "8407.33",
        "use": "passenger_vehicle",
        "date": "2026-03-01",
    }
    part |= {"net_cost": "10000", "vnm": "3000", "tariff_shift_met": False}
    (tmp_path / "part.json").write_text(json.dumps(part), encoding="utf-8")
    response = client.post("/auto/part", json=part)
    assert response.status_code == 200, response.text
    assert response.json() == _cli_json("auto", "part", str(tmp_path / "part.json"))


def test_an_unknown_field_is_a_422_naming_its_json_path_and_what_was_found(
    client: TestClient,
) -> None:
    body = _body(EXAMPLES / "vehicle-sedan.yaml")
    body["core_parts"][1]["net_cost"] = "a lot"
    body["colour"] = "blue"
    response = client.post("/auto/vehicle", json=body)
    assert response.status_code == 422
    problems = {p["path"]: p for p in response.json()["detail"]}
    assert problems["$.core_parts[1].net_cost"]["input"] == "a lot"
    assert problems["$.colour"]["type"] == "extra_forbidden"
    assert all(p["msg"] for p in problems.values())


def test_a_body_that_is_not_json_is_a_422_at_the_root_naming_the_character(
    client: TestClient,
) -> None:
    response = client.post(
        "/auto/lvc", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert (problem["path"], problem["type"]) == ("$", "json_invalid")
    assert "character 1" in problem["msg"]


def test_a_bad_origin_request_names_the_path_inside_the_good(client: TestClient) -> None:
    sample = Path(str(resources.files("maquila") / "samples" / "power-supply.yaml"))
    body = _body(sample)
    body["good"]["hs"] = "not a code"
    response = client.post("/origin/check", json=body)
    assert response.status_code == 422
    assert [p["path"] for p in response.json()["detail"]] == ["$.good.hs"]


def test_an_lvc_dated_before_the_agreement_is_a_422_with_the_laws_message_not_a_500(
    client: TestClient,
) -> None:
    body = _body(EXAMPLES / "lvc-sedan.yaml")
    body["date"] = "2019-06-30"
    response = client.post("/auto/lvc", json=body)
    assert response.status_code == 422
    assert "2019-06-30" in json.dumps(response.json()["detail"])


def test_the_openapi_document_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/health",
        "/origin/check",
        "/origin/catalog",
        *(f"/auto/{n}" for n in ("vehicle", "lvc", "steel", "core-parts", "part")),
        "/auto/other-vehicle",
        "/auto/average",
    }
    assert client.get("/health").json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            {"good": {"international_shipment_costs": "48.00"}},
            "$.good.international_shipment_costs",
        ),
        ({"date": "2020-06-30"}, "$.date"),
        ({"facts": {"chemical_reacton": True}}, "$.facts.chemical_reacton"),
    ],
)
def test_the_api_and_the_cli_refuse_the_same_impossible_input_at_the_same_path(
    client: TestClient, tmp_path: Path, change: dict[str, Any], path: str
) -> None:
    """Issue 10: the request model refuses it, so every door does (19 U.S.C. 4531(o)(1);
    UR s. 1(1)); a misspelt fact is refused, not silently ignored."""
    sample = Path(str(resources.files("maquila") / "samples" / "power-supply.yaml"))
    body = _body(sample)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(body.get(key), dict):
            body[key] = {**body[key], **value}
        else:
            body[key] = value
    response = client.post("/origin/check", json=body)
    assert response.status_code == 422
    assert path in [p["path"] for p in response.json()["detail"]]
    request = tmp_path / "request.json"
    request.write_text(json.dumps(body), encoding="utf-8")
    result = CliRunner().invoke(cli, ["origin", "check", str(request)])
    assert result.exit_code == 1
    assert path in result.output
