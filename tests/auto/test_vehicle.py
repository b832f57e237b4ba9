"""A vehicle against every requirement of Part 6, joined (cases DERIVED from ss. 13-18:
the examples/vehicle-sedan.yaml plant varied one requirement at a time)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from maquila.auto.vehicle import VehicleRequest, determine
from maquila.cli.main import app
from shared_reference import reference

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = reference("usmca", "automotive")
EXAMPLE = ROOT / "examples" / "vehicle-sedan.yaml"


def _sedan(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def _status(data: dict[str, Any]) -> tuple[str, dict[str, str]]:
    result = determine(VehicleRequest.model_validate(data))
    return result.status, {r.name: r.status for r in result.requirements}


def test_the_example_sedan_meets_every_requirement_and_is_originating() -> None:
    status, parts = _status(_sedan())
    assert status == "originating" and set(parts.values()) == {"met"}


def _phases() -> list[dict[str, Any]]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    return next(p for p in params if p["id"] == "rvc.vehicle.passenger_vehicle")["schedule"]


@pytest.mark.parametrize("phase", _phases(), ids=lambda p: p["from"])
@pytest.mark.parametrize("offset", [Decimal("-0.01"), Decimal(0)])
def test_the_vehicle_rvc_of_each_phase_decides_at_its_threshold(
    phase: dict[str, Any], offset: Decimal
) -> None:
    rvc = Decimal(str(phase["net_cost"])) + offset  # NC 20,000: VNM = 20,000 - 200 x RVC
    _, parts = _status(_sedan(date=phase["from"], vnm=str(20000 - rvc * 200)))
    assert parts["rule of s. 13 (tariff shift and RVC)"] == ("met" if offset >= 0 else "not_met")


def test_one_requirement_not_met_makes_the_vehicle_non_originating() -> None:
    data = _sedan()
    data["lvc"] = {**data["lvc"], "high_wage_materials": "1000"}
    status, parts = _status(data)
    assert status == "non_originating" and parts["labor value content"] == "not_met"


def test_an_unstated_tariff_shift_leaves_the_vehicle_undetermined() -> None:
    data = _sedan()
    del data["tariff_shift_met"]
    assert _status(data)[0] == "undetermined"


def test_a_heavy_truck_has_no_core_parts_condition_and_its_own_thresholds() -> None:
    # 2026: heavy truck RVC 64 % (s. 13), LVC 45 % with 30 high-wage points (s. 18(2))
    data = _sedan(category="heavy_truck", core_parts=[], vnm="7000")  # RVC 65 %
    data["lvc"] = {**data["lvc"], "high_wage_materials": "4900"}  # 30 + 9 + 5 = 44 < 45
    status, parts = _status(data)
    assert parts["core parts"] == "not_applicable"
    assert parts["rule of s. 13 (tariff shift and RVC)"] == "met"
    assert (status, parts["labor value content"]) == ("non_originating", "not_met")
    data["lvc"] = {**data["lvc"], "high_wage_materials": "5100"}  # 31 + 9 + 5 = 45
    assert _status(data)[0] == "originating"


def test_the_command_prints_each_requirement_with_its_citation() -> None:
    result = CliRunner().invoke(app, ["auto", "vehicle", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "originating"
    assert [r["citation"][:16] for r in data["requirements"]] == ["SOR/2020-155 s. "] * 4
