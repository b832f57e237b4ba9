"""Issue 12: one exit-code rule for every command (maquila.verdict.Exit): 0 when the
command decided or ran clean — originating and non-originating, met and not met are
answers —, 2 when something is left undetermined or a finding was made, 1 for bad input.
Each command is run here for each outcome it can give."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from maquila.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SAMPLE = ROOT / "src" / "maquila" / "samples" / "power-supply.yaml"
CATALOG = ROOT / "tests" / "data" / "catalog"
LEDGER = ROOT / "tests" / "data" / "ledger"

Data = dict[str, Any]


def _yaml(path: Path) -> Data:
    data: Data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stderr


def _origin(change: Callable[[Data], None]) -> Data:
    data = copy.deepcopy(_yaml(SAMPLE))
    change(data)
    return data


def _same_heading(d: Data) -> None:  # the PCBA classified with the good: no shift, no RVC
    d["materials"][0]["hs"] = "8504.40.95"


def _same_heading_no_value(d: Data) -> None:  # ... and its value not given: RVC cannot be read
    _same_heading(d)
    del d["materials"][0]["value"]


def _colour(d: Data) -> None:
    d["good"]["colour"] = "red"


ORIGIN = {
    "originating": (lambda d: None, 0),
    "non_originating": (_same_heading, 0),
    "undetermined": (_same_heading_no_value, 2),
    "bad input": (_colour, 1),
}


@pytest.mark.parametrize("outcome", ORIGIN, ids=list(ORIGIN))
def test_origin_check_exits_by_the_one_rule(tmp_path: Path, outcome: str) -> None:
    change, expected = ORIGIN[outcome]
    request = tmp_path / "request.json"
    request.write_text(json.dumps(_origin(change), default=str), encoding="utf-8")
    code, err = _run("origin", "check", request, "--json")
    assert code == expected, err
    if expected != 1:
        result = CliRunner().invoke(app, ["origin", "check", str(request), "--json"])
        assert json.loads(result.stdout)["status"] == outcome


def _one_good_catalog(tmp_path: Path) -> tuple[Path, Path]:
    goods, bom = tmp_path / "goods.csv", tmp_path / "bom.csv"
    lines = (CATALOG / "goods.csv").read_text(encoding="utf-8").splitlines()
    goods.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # PSU-240 only
    lines = (CATALOG / "bom.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.startswith("PSU-240,")]
    bom.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return goods, bom


def test_origin_batch_exits_0_clean_2_with_findings_and_1_for_bad_input(tmp_path: Path) -> None:
    goods, bom = _one_good_catalog(tmp_path)
    code, err = _run("origin", "batch", goods, bom, "--out", tmp_path / "clean.csv")
    assert code == 0, err
    code, err = _run(
        "origin", "batch", CATALOG / "goods.csv", CATALOG / "bom.csv", "--out", tmp_path / "r.csv"
    )
    assert code == 2, err  # goods left undetermined
    code, err = _run(
        "origin", "batch", CATALOG / "bad_goods.csv", CATALOG / "bad_bom.csv",
        "--out", tmp_path / "bad.csv",
    )  # fmt: skip
    assert code == 2, err  # rows refused, the rest decided: findings
    code, err = _run("origin", "batch", goods, bom, "--out", tmp_path / "r.txt")
    assert code == 1 and err.startswith("error: --out")
    code, err = _run("origin", "batch", goods, bom, "--out", tmp_path / "r.csv", "--date", "soon")
    assert code == 1 and "--date 'soon'" in err


def test_rules_show_exits_0_for_a_covered_code_2_for_an_uncovered_one_1_for_a_bad_one() -> None:
    assert _run("rules", "show", "8504.40.95", "--date", "2026-01-15")[0] == 0
    assert _run("rules", "show", "9999.99", "--date", "2026-01-15")[0] == 2
    code, err = _run("rules", "show", "85X4", "--date", "2026-01-15")
    assert code == 1 and "not a tariff code" in err
    code, err = _run("rules", "show", "8504.40", "--date", "someday")
    assert code == 1 and "--date 'someday'" in err


def _steel_not_met(d: Data) -> None:
    for purchase in d["purchases"]:
        purchase["originating"] = False


def _steel_readings_disagree(d: Data) -> None:  # steel all originating, aluminum none
    d["purchases"] = [
        {"id": "S", "hs": "7208.51", "value": "1000", "originating": True},
        {"id": "A", "hs": "7606.12", "value": "100", "originating": False},
    ]


def _core_not_met(d: Data) -> None:
    d["parts"][0] |= {"vnm_all": "2300", "vnm_listed_components": "2300"}


def _core_no_figures(d: Data) -> None:
    d["parts"] = [{"part": "Engines", "net_cost": "2400"}]


def _lvc_not_met(d: Data) -> None:
    d["high_wage_labour"] = d["high_wage_materials"] = "0"


def _no_tariff_shift_answer(d: Data) -> None:
    del d["tariff_shift_met"]


def _not_a_field(d: Data) -> None:
    d["colour"] = "blue"


AUTO = [
    ("lvc", "lvc-sedan.yaml", "met", None, 0),
    ("lvc", "lvc-sedan.yaml", "not_met", _lvc_not_met, 0),
    ("lvc", "lvc-sedan.yaml", "bad input", _not_a_field, 1),
    ("steel", "steel-purchases.yaml", "met", None, 0),
    ("steel", "steel-purchases.yaml", "not_met", _steel_not_met, 0),
    ("steel", "steel-purchases.yaml", "undetermined", _steel_readings_disagree, 2),
    ("steel", "steel-purchases.yaml", "bad input", _not_a_field, 1),
    ("core-parts", "core-parts.yaml", "met", None, 0),
    ("core-parts", "core-parts.yaml", "not_met", _core_not_met, 0),
    ("core-parts", "core-parts.yaml", "undetermined", _core_no_figures, 2),
    ("core-parts", "core-parts.yaml", "bad input", _not_a_field, 1),
    ("vehicle", "vehicle-sedan.yaml", "originating", None, 0),
    ("vehicle", "vehicle-sedan.yaml", "undetermined", _no_tariff_shift_answer, 2),
    ("vehicle", "vehicle-sedan.yaml", "bad input", _not_a_field, 1),
    ("other-vehicle", "other-vehicle-bus.yaml", "originating", None, 0),
    ("other-vehicle", "other-vehicle-bus.yaml", "undetermined", _no_tariff_shift_answer, 2),
    ("other-vehicle", "other-vehicle-bus.yaml", "bad input", _not_a_field, 1),
    ("average", "averaging-2026.yaml", "met", None, 0),
    ("average", "averaging-2026.yaml", "bad input", _not_a_field, 1),
]


@pytest.mark.parametrize(
    ("command", "example", "status", "change", "expected"),
    AUTO,
    ids=[f"{c}-{s}" for c, _, s, _, _ in AUTO],
)
def test_every_automotive_command_exits_by_the_one_rule(
    tmp_path: Path,
    command: str,
    example: str,
    status: str,
    change: Callable[[Data], None] | None,
    expected: int,
) -> None:
    data = _yaml(EXAMPLES / example)
    data.pop("certification", None)
    if change is not None:
        change(data)
    source = tmp_path / "input.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", command, str(source), "--json"])
    assert result.exit_code == expected, result.stderr
    if expected == 1:
        assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    else:
        assert json.loads(result.stdout)["status"] == status


def test_the_automotive_part_and_plant_wage_commands_exit_0_decided_and_1_bad(
    tmp_path: Path,
) -> None:
    part = {"part": "engine", "hs": "8407.33", "use": "passenger_vehicle", "date": "2026-03-01"}
    part |= {"net_cost": "10000", "vnm": "3000", "tariff_shift_met": False}
    source = tmp_path / "part.json"
    source.write_text(json.dumps(part), encoding="utf-8")
    assert _run("auto", "part", source)[0] == 0
    del part["tariff_shift_met"], part["vnm"]
    source.write_text(json.dumps(part), encoding="utf-8")
    assert _run("auto", "part", source)[0] == 2
    source.write_text(json.dumps(part | {"colour": "red"}), encoding="utf-8")
    assert _run("auto", "part", source)[0] == 1
    assert _run("auto", "plant-wage", EXAMPLES / "lvc-payroll" / "plant-saltillo.yaml")[0] == 0
    assert _run("auto", "plant-wage", tmp_path / "none.yaml")[0] == 1


def test_the_ledger_commands_exit_0_done_2_with_findings_1_for_bad_input(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    assert _run("ledger", "balances", "--db", db)[0] == 1  # no ledger there yet
    assert _run("ledger", "init", "--db", db)[0] == 0
    for kind in ("company", "materials", "products", "boms"):
        assert _run("ledger", "import", kind, LEDGER / f"{kind}.csv", "--db", db)[0] == 0
    assert _run("ledger", "import", "pedimentos", tmp_path / "none.csv", "--db", db)[0] == 1
    rows = (LEDGER / "pedimentos.csv").read_text(encoding="utf-8").splitlines()
    returns = tmp_path / "returns.csv"
    returns.write_text("\n".join([rows[0]] + [r for r in rows[1:] if ",RT," in r]) + "\n")
    assert _run("ledger", "import", "pedimentos", returns, "--db", db)[0] == 0
    code, err = _run("ledger", "discharge", "--db", db, "--as-of", "2026-03-31", "--post")
    assert code == 2, err  # returns without their imports: a finding, nothing posted
    assert _run("ledger", "balances", "--db", db)[0] == 0
    code, err = _run("ledger", "discharge", "--db", db, "--method", "lifo")
    assert code == 1 and "--method 'lifo'" in err
    code, err = _run("ledger", "report", "saldos", "--db", db, "--to", "yesterday")
    assert code == 1 and "--to 'yesterday'" in err
