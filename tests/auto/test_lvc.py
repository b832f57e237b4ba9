"""LVC (SOR/2020-155 s. 18) on worked cases DERIVED from the provisions (the Regulations
print no LVC example): for each phase of the schedule, read from the reference
(../shared/reference/usmca/automotive/parameters.json), a vehicle exactly at the
requirement, one hundredth of a point below and one above; the credits at and beyond
their caps; both formulas of s. 18(6)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lvc_cases import lvc_request
from typer.testing import CliRunner

from maquila.auto.lvc import LvcRequest, calculate
from maquila.cli.main import app
from shared_reference import reference

REFERENCE = reference("usmca", "automotive")
ROOT = Path(__file__).resolve().parents[2]


def _phases() -> list[tuple[str, dict[str, Any]]]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    by_id = {p["id"]: p for p in params}
    out = [("passenger_vehicle", phase) for phase in by_id["lvc.passenger_vehicle"]["schedule"]]
    trucks = by_id["lvc.light_and_heavy_truck"]
    figures = trucks.get("value") or trucks
    for category in ("light_truck", "heavy_truck"):
        out.append((category, {"from": "2020-07-01", **figures}))
    return out


def _request(
    category: str, on: date, high: Decimal, tech: Decimal, assembly: bool = True
) -> LvcRequest:
    return lvc_request(category, on, high, tech, 200000 if assembly else None)


@pytest.mark.parametrize(("category", "phase"), _phases(), ids=lambda x: str(x)[:40])
@pytest.mark.parametrize("offset", [Decimal("-0.01"), Decimal(0), Decimal("0.01")])
def test_each_phase_is_met_at_the_requirement_and_not_one_hundredth_below(
    category: str, phase: dict[str, Any], offset: Decimal
) -> None:
    total, minimum = (
        Decimal(phase["lvc_total"]),
        Decimal(phase["high_wage_material_and_labour_min"]),
    )
    credits = Decimal(phase["technology_credit_max"]) + Decimal(phase["assembly_credit_max"])
    for on in (
        date.fromisoformat(phase["from"]),
        date.fromisoformat(phase.get("to") or "2030-01-01"),
    ):
        # high-wage points at the minimum (+ offset), both credits at their caps; in every
        # phase minimum + caps = the requirement, so the total is the requirement + offset
        tech = Decimal(phase["technology_credit_max"])
        result = calculate(_request(category, on, minimum + offset, tech))
        assert result.required_total == total and result.required_high_wage == minimum
        assert minimum + credits == total
        assert result.total == total + offset
        assert result.met is (offset >= 0)


def test_the_phase_changes_on_july_first_and_not_the_day_before() -> None:
    last_day = calculate(_request("passenger_vehicle", date(2023, 6, 30), Decimal(22), Decimal(10)))
    first_day = calculate(_request("passenger_vehicle", date(2023, 7, 1), Decimal(22), Decimal(10)))
    assert (last_day.required_total, last_day.met) == (Decimal(36), True)
    assert (first_day.required_total, first_day.met) == (Decimal(40), False)


def test_technology_beyond_its_cap_counts_only_up_to_the_cap() -> None:
    result = calculate(_request("passenger_vehicle", date(2026, 1, 1), Decimal(25), Decimal(14)))
    assert (result.technology_points, result.technology_counted) == (Decimal(14), Decimal(10))
    assert result.total == Decimal(40) and result.met


def test_credits_cannot_make_up_for_too_few_high_wage_points() -> None:
    # 24 high-wage points + 10 + 5 = 39 < 40, and 24 < 25: not met either way
    result = calculate(_request("passenger_vehicle", date(2026, 1, 1), Decimal(24), Decimal(11)))
    assert not result.met and result.high_wage_points == Decimal(24)


def test_no_assembly_credit_without_the_capacity_or_a_long_enough_contract() -> None:
    data = _request("passenger_vehicle", date(2026, 1, 1), Decimal(25), Decimal(10)).model_dump(
        by_alias=True
    )
    data["assembly"] = {"plant": "p", "contract_years": "2", "engines_capacity": 200000}
    assert calculate(LvcRequest.model_validate(data)).assembly_points == 0
    data["assembly"] = {"plant": "p", "contract_years": "3", "engines_capacity": 99999}
    assert calculate(LvcRequest.model_validate(data)).assembly_points == 0
    data["assembly"] = {"plant": "p", "contract_years": "3", "transmissions_capacity": 100000}
    assert calculate(LvcRequest.model_validate(data)).assembly_points == 5


def test_the_annual_purchase_value_formula_puts_labour_on_both_sides_or_neither() -> None:
    base = {
        "producer": "p",
        "vehicle": "v",
        "category": "light_truck",
        "date": "2026-01-01",
        "method": "annual_purchase_value",
        "high_wage_labour": "100",
        "high_wage_materials": "300",
        "total_annual_purchase_value": "900",
    }
    with_labour = calculate(LvcRequest.model_validate(base))
    without = calculate(LvcRequest.model_validate({**base, "labour_in_apv": False}))
    assert with_labour.high_wage_points == Decimal("40.00")  # (300 + 100) / (900 + 100)
    assert without.high_wage_points == Decimal("33.33")  # 300 / 900


def test_a_date_before_part_6_is_refused_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "lvc.yaml"
    text = (ROOT / "examples" / "lvc-sedan.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("date: 2026-03-01", "date: 2019-03-01"), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", "lvc", str(bad)])
    assert result.exit_code == 1 and "Part 6 is in force from 2020-07-01" in result.stderr


def test_the_command_reports_the_example_with_its_arithmetic() -> None:
    result = CliRunner().invoke(
        app, ["auto", "lvc", str(ROOT / "examples" / "lvc-sedan.yaml"), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["status"], data["lvc_percent"]) == ("met", "42.00")
    assert data["trace"][0]["arithmetic"].startswith("(HWLC 1100 + HWM 4500) / NC 20000")


def test_a_missing_base_for_the_method_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "lvc.yaml"
    text = (ROOT / "examples" / "lvc-sedan.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace('net_cost: "20000"\n', ""), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", "lvc", str(bad)])
    assert result.exit_code == 1 and "the net cost method needs net_cost" in result.stderr
    assert "Traceback" not in result.stderr
