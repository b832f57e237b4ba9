"""LVC averaging (SOR/2020-155 s. 18(15)-(19)) on cases DERIVED from the provisions: the
election's filing, content and changes, the calculation periods of s. 18(19), and the
averaged LVC as the s. 18(6) formula on the summed figures. Requirements, days and the
options of s. 18(19) are read from the reference
(../shared/reference/usmca/automotive/parameters.json)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from maquila.auto.averaging.lvc import (
    OPTION,
    LvcAveraging,
    average_lvc,
    calculation_period,
)
from maquila.auto.lvc import LvcRequest, calculate
from maquila.law.automotive import pack
from shared_reference import reference

REFERENCE = reference("usmca", "automotive")
FY = date(2026, 1, 1)
DAY = date(2026, 5, 20)


@cache
def _param(ident: str) -> dict[str, Any]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    return dict(next(p for p in params if p["id"] == ident))


def _deadline() -> date:
    return FY - timedelta(days=_param("lvc.averaging_election")["filing_days_before_fiscal_year"])


def _requirement() -> dict[str, Any]:
    phase = _param("lvc.passenger_vehicle")["schedule"][-1]
    assert date.fromisoformat(phase["from"]) <= FY and phase["to"] is None
    return dict(phase)


def _election(**over: Any) -> dict[str, Any]:
    return {
        "producer": "derived case",
        "address": "Av. Ejemplo 1, Aguascalientes",
        "category": "a",
        "basis": "all",
        "model_lines": ["S"],
        "model_names": ["S 2.0"],
        "classes": ["d"],
        "tariff_classifications": ["8703.23"],
        "plants": ["P1"],
        "fiscal_year_start": FY.isoformat(),
        "period_start": FY.isoformat(),
        "period_end": "2026-12-31",
        "estimated_lvc": "41",
        "signed_by": "officer",
        "signed_on": "2025-12-01",
        "filings": [{"country": "US", "filed": _deadline().isoformat()}],
        **over,
    }


def _line(ident: str, points: Decimal, **over: Any) -> dict[str, Any]:
    """Net cost 10,000 per unit: 100 of high-wage materials is one point."""
    return {
        "id": ident,
        "category": "passenger_vehicle",
        "model_line": "S",
        "vehicle_class": "d",
        "plant": "P1",
        "country": "MX",
        "produced_from": "2026-01-01",
        "produced_to": "2026-03-31",
        "units": 100,
        "exported_units": 50,
        "exported_to": ["US"],
        "high_wage_labour": "0",
        "high_wage_materials": str(points * 100),
        "net_cost": "10000",
        **over,
    }


def _request(lines: list[dict[str, Any]], **over: Any) -> LvcAveraging:
    req = _requirement()
    tech = Decimal(str(req["technology_credit_max"]))
    data = {
        "election": _election(),
        "calculation_period": "fiscal_year_to_date",
        "vehicle_date": DAY.isoformat(),
        "method": "net_cost",
        "technology": {"rd_it_wages": str(tech * 10000), "direct_production_wages": "1000000"},
        "assembly": {"plant": "E", "operated_by_producer": True, "engines_capacity": 10**6},
        "vehicles": lines,
        **over,
    }
    return LvcAveraging.model_validate(data)


@pytest.mark.parametrize("offset", [Decimal("-0.01"), Decimal(0), Decimal("0.01")])
def test_the_averaged_lvc_is_the_formula_on_the_summed_figures(offset: Decimal) -> None:
    """derived, s. 18(6)(a), (15), (18): two lines at minimum +- 5 points average to the
    high-wage minimum (+ offset); with both credits at their caps the total is the requirement"""
    minimum = Decimal(str(_requirement()["high_wage_material_and_labour_min"]))
    lines = [_line("a", minimum + offset + 5), _line("b", minimum + offset - 5)]
    result = average_lvc(_request(lines))
    summed = calculate(
        LvcRequest.model_validate(
            {
                "producer": "p",
                "vehicle": "v",
                "category": "passenger_vehicle",
                "date": DAY,
                "method": "net_cost",
                "net_cost": "2000000",
                "high_wage_labour": "0",
                "high_wage_materials": str((minimum + offset) * 200 * 100),
                "technology": _request(lines).technology,
                "assembly": _request(lines).assembly,
            }
        )
    )
    assert summed.total == Decimal(str(_requirement()["lvc_total"])) + offset
    assert result.status == ("met" if summed.met else "not_met")
    assert result.status == ("met" if offset >= 0 else "not_met")


def test_only_exported_vehicles_count_when_so_elected() -> None:
    """derived, s. 18(15), (18)(b): 100 units at minimum + 6 points, all exported, and 100
    at minimum - 7, half exported: all = minimum - 0.5, exported only = minimum + 1.67"""
    minimum = Decimal(str(_requirement()["high_wage_material_and_labour_min"]))
    lines = [_line("strong", minimum + 6, exported_units=100), _line("weak", minimum - 7)]
    assert average_lvc(_request(lines)).status == "not_met"
    exported = average_lvc(_request(lines, election=_election(basis="exported")))
    assert [c.split(" (")[0] for c in exported.counted] == ["strong: 100 units", "weak: 50 units"]
    assert exported.status == "met"


def test_the_lvc_election_is_due_the_pack_days_before_the_fiscal_year() -> None:
    """derived, s. 18(16)(g)"""
    lines = [_line("a", Decimal(30))]
    on_time = average_lvc(_request(lines))
    late = (_deadline() + timedelta(days=1)).isoformat()
    late_result = average_lvc(
        _request(lines, election=_election(filings=[{"country": "US", "filed": late}]))
    )
    assert on_time.election is not None and on_time.election.status == "valid"
    assert late_result.election is not None and late_result.election.status == "not_valid"
    assert any("s. 18(16)(g)" in p for p in late_result.election.problems)
    assert late_result.status == "not_met"


def test_the_basis_cannot_be_modified_but_the_period_is_not_named_in_s18_17() -> None:
    """derived, s. 18(17)"""
    lines = [_line("a", Decimal(30))]
    basis = [{"filed": "2026-02-01", "kind": "modification", "changes": ["basis"]}]
    period = [{"filed": "2026-02-01", "kind": "modification", "changes": ["period"]}]
    refused = average_lvc(_request(lines, election=_election(amendments=basis)))
    open_ = average_lvc(_request(lines, election=_election(amendments=period)))
    assert refused.election is not None and "s. 18(17)" in refused.election.findings[0]
    assert open_.status == "undetermined"


@pytest.mark.parametrize(
    ("field", "cited"),
    [
        ("address", "s. 18(16)(c)"),
        ("period_end", "s. 18(16)(d)"),
        ("estimated_lvc", "s. 18(16)(e)"),
        ("signed_by", "s. 18(16)(f)"),
    ],
)
def test_what_the_lvc_election_must_state_is_asked_for(field: str, cited: str) -> None:
    """derived, s. 18(16)(c)-(f)"""
    result = average_lvc(_request([_line("a", Decimal(30))], election=_election(**{field: None})))
    assert result.status == "undetermined"
    assert any(cited in m.question for m in result.all_missing())


@pytest.mark.parametrize(
    ("basis", "start", "end"),
    [
        ("previous_fiscal_year", date(2025, 4, 1), date(2026, 3, 31)),
        ("previous_calendar_year", date(2025, 1, 1), date(2025, 12, 31)),
        ("quarter_to_date", date(2026, 4, 1), DAY),
        ("month_to_date", date(2026, 5, 1), DAY),
        ("fiscal_year_to_date", date(2026, 4, 1), DAY),
        ("calendar_year_to_date", date(2026, 1, 1), DAY),
    ],
)
def test_each_calculation_period_of_s18_19_is_counted_from_the_vehicle_day(
    basis: str, start: date, end: date
) -> None:
    """derived, s. 18(19)(a)-(e): a producer whose fiscal year begins April 1, a vehicle
    produced May 20, 2026"""
    period = calculation_period(basis, DAY, date(2024, 4, 1))  # type: ignore[arg-type]
    assert (period.start, period.end) == (start, end)
    options = _param("lvc.calculation_periods")["options"]
    assert period.reason.startswith(options[OPTION[basis]])


def test_every_option_of_s18_19_has_a_basis() -> None:
    options = _param("lvc.calculation_periods")["options"]
    assert sorted(set(OPTION.values())) == list(range(len(options)))
    assert tuple(options) == pack().entry("lvc.calculation_periods").options
