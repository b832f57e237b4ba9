"""Alternative staging regime (SOR/2020-155 s. 19). Cases DERIVED from s. 19(2)-(7): the
examples/vehicle-asr.yaml light truck varied one requirement at a time, each figure read
from the reference (../shared/reference/usmca/automotive/parameters.json,
``asr.requirements``), at, one hundredth below and one hundredth above it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from lvc_cases import lvc_figures
from pydantic import ValidationError
from typer.testing import CliRunner

from maquila.auto.vehicle import VehicleRequest, determine
from maquila.cli.main import app
from shared_reference import reference

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = reference("usmca", "automotive")
EXAMPLE = ROOT / "examples" / "vehicle-asr.yaml"
OFFSETS = [Decimal("-0.01"), Decimal(0), Decimal("0.01")]


def _asr() -> dict[str, Any]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    found: dict[str, Any] = next(p for p in params if p["id"] == "asr.requirements")
    return found


def _d(value: object) -> Decimal:
    return Decimal(str(value))


def _truck(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def _decide(data: dict[str, Any]) -> tuple[str, dict[str, str]]:
    result = determine(VehicleRequest.model_validate(data))
    return result.status, {r.name: r.status for r in result.requirements}


def _expected(offset: Decimal) -> str:
    return "met" if offset >= 0 else "not_met"


def test_the_example_light_truck_meets_the_s19_4_requirements_without_core_parts() -> None:
    """Derived: s. 19(4)(a)-(d), (5)."""
    status, parts = _decide(_truck())
    assert status == "originating"
    assert parts["core parts"] == "not_applicable"
    assert {parts[n] for n in ("vehicle RVC", "Table A.1 parts", "labor value content")} == {"met"}


@pytest.mark.parametrize("offset", OFFSETS)
def test_the_vehicle_rvc_decides_at_the_asr_net_cost_threshold(offset: Decimal) -> None:
    """Derived: s. 19(4)(a). NC 30,000: VNM = 30,000 - 300 x RVC."""
    rvc = _d(_asr()["rvc_vehicle_net_cost"]) + offset
    status, parts = _decide(_truck(vnm=str(30000 - rvc * 300)))
    assert parts["vehicle RVC"] == _expected(offset)
    assert status == ("originating" if offset >= 0 else "non_originating")


def test_the_asr_vehicle_rvc_needs_no_statement_of_a_tariff_shift() -> None:
    """Derived: s. 19(4) lists no change of heading; the s. 13 rule is displaced (s. 19(2))."""
    data = _truck()
    data.pop("tariff_shift_met", None)
    assert _decide(data)[1]["vehicle RVC"] == "met"


def _engine(**figures: str | bool) -> dict[str, Any]:
    return _truck(table_a1_parts=[{"part": "engine", "hs": "8407.34", **figures}])


@pytest.mark.parametrize("offset", OFFSETS)
def test_a_table_a1_part_decides_at_the_asr_net_cost_threshold(offset: Decimal) -> None:
    """Derived: s. 19(4)(b)(i). NC 10,000: VNM = 10,000 - 100 x RVC."""
    rvc = _d(_asr()["rvc_table_A1_parts"]["net_cost"]) + offset
    parts = _decide(_engine(net_cost="10000", vnm=str(10000 - rvc * 100)))[1]
    assert parts["Table A.1 parts"] == _expected(offset)


@pytest.mark.parametrize("offset", OFFSETS)
def test_a_table_a1_part_decides_at_the_transaction_value_threshold_where_its_rule_has_one(
    offset: Decimal,
) -> None:
    """Derived: s. 19(4)(b)(ii). TV 10,000: VNM = 10,000 - 100 x RVC."""
    rvc = _d(_asr()["rvc_table_A1_parts"]["transaction_value"]) + offset
    vnm = str(10000 - rvc * 100)
    parts = _decide(
        _engine(transaction_value="10000", vnm=vnm, rule_has_transaction_value_method=True)
    )[1]
    assert parts["Table A.1 parts"] == _expected(offset)


def test_the_transaction_value_counts_only_if_the_rule_has_that_method() -> None:
    """Derived: s. 19(4)(b)(ii) "if ... the corresponding rule includes a transaction value
    method": unknown -> asked; without it no RVC is computed, so undetermined."""
    result = determine(
        VehicleRequest.model_validate(_engine(transaction_value="10000", vnm="1000"))
    )
    a1 = next(r for r in result.requirements if r.name == "Table A.1 parts")
    assert a1.status == "undetermined" and "transaction value method" in a1.detail


@pytest.mark.parametrize(("shift", "status"), [(True, "met"), (False, "not_met"), (None, None)])
def test_a_lithium_ion_battery_is_decided_on_its_change_of_classification(
    shift: bool | None, status: str | None
) -> None:
    """Derived: s. 19(4)(b)(iii); no RVC is asked of the battery."""
    battery: dict[str, Any] = {"part": "pack", "hs": "8507.60"}
    if shift is not None:
        battery["tariff_shift_met"] = shift
    parts = _decide(_truck(table_a1_parts=[battery]))[1]
    assert parts["Table A.1 parts"] == (status or "undetermined")


def _metals(steel: Decimal, aluminum: Decimal) -> list[dict[str, str | bool]]:
    """Each metal 10,000 in all, originating share as given (percent)."""
    out: list[dict[str, str | bool]] = []
    for hs, share in (("7208.51", steel), ("7606.12", aluminum)):
        out.append({"id": f"{hs}-o", "hs": hs, "value": str(share * 100), "originating": True})
        out.append(
            {"id": f"{hs}-n", "hs": hs, "value": str(10000 - share * 100), "originating": False}
        )
    return out


@pytest.mark.parametrize("metal", ["steel", "aluminum"])
@pytest.mark.parametrize("offset", OFFSETS)
def test_steel_and_aluminum_are_each_decided_at_their_own_minimum(
    metal: str, offset: Decimal
) -> None:
    """Derived: s. 19(4)(c): at least 70 % of steel and at least 70 % of aluminum; the other
    metal at 100 %, so the joint share would be met below the minimum of one."""
    asr = _asr()
    minimum = _d(asr[f"{metal}_purchase_min_percent"]) + offset
    shares = (minimum, Decimal(100)) if metal == "steel" else (Decimal(100), minimum)
    parts = _decide(_truck(steel_purchases=_metals(*shares)))[1]
    assert parts["steel and aluminum"] == _expected(offset)


def test_a_producer_exempted_by_its_regime_has_no_steel_and_aluminum_requirement() -> None:
    """Derived: s. 19(4)(c) "unless the producer has been exempted"."""
    data = _truck(steel_purchases=_metals(Decimal(0), Decimal(0)))
    assert _decide(data)[0] == "non_originating"
    data["approval"] = {**data["approval"], "steel_aluminum_exempt": True}
    status, parts = _decide(data)
    assert (status, parts["steel and aluminum"]) == ("originating", "not_applicable")


def _lvc(high: Decimal, tech: Decimal, assembly: bool) -> dict[str, Any]:
    return lvc_figures(high, tech, 200000 if assembly else None)


@pytest.mark.parametrize("offset", OFFSETS)
def test_the_lvc_decides_at_the_asr_total_with_both_credits_at_their_caps(
    offset: Decimal,
) -> None:
    """Derived: s. 19(4)(d): high-wage points at their minimum plus offset, technology
    beyond its cap (counted at the cap), assembly at its cap: total = 25 + offset. The
    figures add up (10 + 10 + 5 = 25), so the total binds exactly when the high-wage
    minimum does."""
    figures = _asr()["lvc"]
    high = _d(figures["high_wage_material_and_manufacturing_min"]) + offset
    tech = _d(figures["technology_credit_max"]) + 2
    parts = _decide(_truck(lvc=_lvc(high, tech, assembly=True)))[1]
    assert _d(figures["lvc_total"]) == _d(figures["high_wage_material_and_manufacturing_min"]) + (
        _d(figures["technology_credit_max"]) + _d(figures["assembly_credit_max"])
    )
    assert parts["labor value content"] == _expected(offset)


def _period_end() -> date:
    return date.fromisoformat(_asr()["period"]["to"])


@pytest.mark.parametrize(("days", "regime"), [(0, "met"), (1, "not_applicable")])
def test_the_default_period_ends_on_its_last_day(days: int, regime: str) -> None:
    """Derived: s. 19(2) "until June 30, 2025": on the last day the ASR applies; the next day
    the vehicle is decided under ss. 13-18 (s. 19(3)), and the result says so."""
    on = _period_end() + timedelta(days=days)
    result = determine(VehicleRequest.model_validate(_truck(date=on.isoformat())))
    head = result.requirements[0]
    assert (head.name, head.status) == ("alternative staging regime", regime)
    names = [r.name for r in result.requirements]
    if days:
        assert "ss. 13-18 apply" in head.detail
        assert "rule of s. 13 (tariff shift and RVC)" in names and "vehicle RVC" not in names
    else:
        assert "vehicle RVC" in names


def test_an_approved_period_replaces_the_default_one() -> None:
    """Derived: s. 19(2) "or any other period provided for in the producer's approved
    alternative staging regime": inside it after June 30, 2025; outside it before its start."""
    later = _truck(date="2026-06-30")
    later["approval"] = {**later["approval"], "period_to": "2026-06-30"}
    assert _decide(later)[1]["alternative staging regime"] == "met"
    early = _truck(date="2021-12-31")
    early["approval"] = {**early["approval"], "period_from": "2022-01-01"}
    assert _decide(early)[1]["alternative staging regime"] == "not_applicable"


def test_a_nafta_regime_vehicle_is_decided_on_ss13_to_18_only_in_its_favour() -> None:
    """Derived: s. 19(7): during its NAFTA Art. 403.6 period the vehicle may use that regime
    (not computed) or the other rules; the day after, s. 19(4) applies."""
    data = _truck()
    data["approval"] = {**data["approval"], "nafta_403_6_until": "2024-03-01"}
    # under ss. 13-18 (light truck, 2024: RVC 75 %) the example's RVC of 65 % fails
    status, parts = _decide(data)
    assert (status, parts["alternative staging regime"]) == ("undetermined", "undetermined")
    assert parts["rule of s. 13 (tariff shift and RVC)"] == "not_met"
    assert _decide({**data, "date": "2024-03-02"})[0] == "originating"


def test_only_passenger_vehicles_and_light_trucks_with_an_approval_are_eligible() -> None:
    """s. 19(1): eligible vehicles are passenger vehicles or light trucks with an approval."""
    with pytest.raises(ValidationError, match="heavy_truck"):
        VehicleRequest.model_validate(_truck(category="heavy_truck"))
    data = _truck()
    del data["approval"]
    with pytest.raises(ValidationError, match="approval"):
        VehicleRequest.model_validate(data)


def test_the_vehicle_command_decides_an_asr_vehicle_with_each_citation() -> None:
    result = CliRunner().invoke(app, ["auto", "vehicle", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "originating"
    cited = [r["citation"] for r in data["requirements"]]
    assert cited[1:] == [f"SOR/2020-155 s. 19(4)({x})" for x in "abcd"] + ["SOR/2020-155 s. 19(5)"]


def test_a_bad_approval_in_the_file_is_one_message_with_its_path(tmp_path: Path) -> None:
    data = _truck()
    data["approval"] = {**data["approval"], "period_to": "someday"}
    path = tmp_path / "v.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", "vehicle", str(path)])
    assert result.exit_code == 1
    assert "$.approval.period_to" in result.stderr and "someday" in result.stderr
