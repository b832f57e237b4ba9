"""Averaging elections and averaged RVC of vehicles (SOR/2020-155 s. 16(1)-(3), (6)-(9)) on
cases DERIVED from the provisions (the Regulations print no example but s. 16(12), run in
test_averaging.py). Thresholds, days and dates are read from the reference
(../shared/reference/usmca/automotive/parameters.json), never typed here.

Derived lines have a net cost of 10,000 per unit, so a VNM of 10,000 x (100 - r) / 100
gives an RVC of exactly r.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from maquila.auto.averaging.vehicles import RvcAveraging, average_rvc
from maquila.dates import add_months
from maquila.law.automotive import pack
from shared_reference import reference

REFERENCE = reference("usmca", "automotive")
FY = date(2026, 1, 1)


@cache
def _param(ident: str) -> dict[str, Any]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    return dict(next(p for p in params if p["id"] == ident))


def _rvc_on(category: str, on: date) -> Decimal:
    for phase in _param(f"rvc.vehicle.{category}")["schedule"]:
        ends = date.fromisoformat(phase["to"]) if phase["to"] else date.max
        if date.fromisoformat(phase["from"]) <= on <= ends:
            return Decimal(str(phase["net_cost"]))
    raise AssertionError(f"no {category} threshold on {on}")


def _deadline(fiscal_year_start: date) -> date:
    days = _param("averaging.vehicle_rvc")["notice_days_before_fiscal_year"]
    return fiscal_year_start - timedelta(days=days)


def _line(ident: str, rvc: Decimal, **over: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "id": ident,
        "category": "passenger_vehicle",
        "model_line": "S",
        "vehicle_class": "d",
        "plant": "P1",
        "country": "MX",
        "produced_from": FY.isoformat(),
        "produced_to": (add_months(FY, 12) - timedelta(days=1)).isoformat(),
        "units": 100,
        "exported_units": 100,
        "exported_to": ["US"],
        "net_cost": "10000",
        "vnm": str(Decimal(10000) * (100 - rvc) / 100),
    }
    return {**line, **over}


def _election(**over: Any) -> dict[str, Any]:
    election: dict[str, Any] = {
        "producer": "derived case",
        "category": "a",
        "basis": "all",
        "model_lines": ["S"],
        "model_names": ["S 2.0"],
        "classes": ["d"],
        "tariff_classifications": ["8703.23"],
        "plants": ["P1"],
        "fiscal_year_start": FY.isoformat(),
        "filings": [{"country": "US", "filed": _deadline(FY).isoformat()}],
    }
    return {**election, **over}


def _run(vehicles: list[dict[str, Any]], **election: Any) -> Any:
    data = {"election": _election(**election), "vehicles": vehicles}
    return average_rvc(RvcAveraging.model_validate(data))


def _counted(result: Any) -> set[str]:
    return {line.split(":")[0] for line in result.counted}


# --- categories, s. 16(1)(a)-(d) ------------------------------------------------------


def test_category_a_counts_only_the_same_model_line_and_class_in_the_same_plant() -> None:
    """derived, s. 16(1)(a)"""
    lines = [
        _line("same", Decimal(80)),
        _line("other-line", Decimal(80), model_line="T"),
        _line("other-class", Decimal(80), vehicle_class="c"),
        _line("other-plant", Decimal(80), plant="P2"),
    ]
    result = _run(lines)
    assert _counted(result) == {"same"}
    assert len(result.excluded) == 3 and result.status == "met"


def test_category_b_counts_every_model_line_of_the_class_in_the_plant() -> None:
    """derived, s. 16(1)(b)"""
    lines = [
        _line("s", Decimal(80)),
        _line("t", Decimal(80), model_line="T"),
        _line("p2", Decimal(80), plant="P2"),
    ]
    result = _run(lines, category="b", model_lines=[])
    assert _counted(result) == {"s", "t"}


def test_category_c_counts_the_model_line_in_every_plant_of_one_country() -> None:
    """derived, s. 16(1)(c), (3)(c): the plants counted must be stated"""
    lines = [
        _line("p1", Decimal(80)),
        _line("p2", Decimal(80), plant="P2"),
        _line("us", Decimal(80), plant="P3", country="US", exported_to=["CA"]),
    ]
    common = {"category": "c", "same": "model_line", "country": "MX"}
    result = _run(lines, plants=["P1", "P2"], **common)
    assert _counted(result) == {"p1", "p2"} and result.status == "met"
    unstated = _run(lines, plants=["P1"], **common)
    assert unstated.status == "undetermined"
    assert any("'P2'" in m.question for m in unstated.all_missing())


def test_category_c_may_average_apart_vehicles_of_another_rvc_requirement() -> None:
    """derived, s. 16(2): a heavy truck of the same model line is left to its own average"""
    lines = [
        _line("pickup", Decimal(80), category="light_truck"),
        _line("chassis", Decimal(50), category="heavy_truck"),
    ]
    common = {"category": "c", "same": "model_line", "country": "MX"}
    together = _run(lines, **common)
    apart = _run(lines, separately_for="light_truck", **common)
    assert _counted(together) == {"pickup", "chassis"}
    assert _counted(apart) == {"pickup"} and apart.status == "met"
    assert any("s. 16(2)" in line for line in apart.excluded)


def test_category_d_is_undetermined_without_a_decision_of_the_cusma_countries() -> None:
    """derived, s. 16(1)(d), (3)(d)"""
    result = _run([_line("s", Decimal(80))], category="d", exported_to=["US"])
    assert result.status == "undetermined"
    assert any("decision of the CUSMA countries" in m.question for m in result.all_missing())
    decided = _run(
        [_line("s", Decimal(80))], category="d", exported_to=["US"], decision="(illustrative)"
    )
    assert decided.status == "met"


# --- all vehicles or exported ones, s. 16(1), (8) ----------------------------------


def test_an_election_on_exported_vehicles_counts_only_the_exported_units() -> None:
    """derived, s. 16(8)(b): 100 units at 80 % of which 10 exported, 100 at 70 % all
    exported: all = 75 %, exported only = (10 x 80 + 100 x 70) / 110 = 70.91 %"""
    threshold = _rvc_on("passenger_vehicle", FY)
    lines = [
        _line("home", threshold + 5, exported_units=10),
        _line("export", threshold - 5),
    ]
    everything = _run(lines)
    exported = _run(lines, basis="exported")
    assert everything.status == "met"
    assert exported.status == "not_met"
    assert "70.91" in exported.steps[0].step


def test_exported_units_not_stated_leave_an_exported_only_average_undetermined() -> None:
    """derived, s. 16(8)(b)"""
    result = _run([_line("s", Decimal(90), exported_units=None, exported_to=[])], basis="exported")
    assert result.status == "undetermined"
    assert any("exported_units" in m.question for m in result.missing)


# --- filing, s. 16(6); no change, s. 16(7) -----------------------------------------


def test_an_election_filed_on_the_deadline_day_is_valid_and_one_day_later_is_not() -> None:
    """derived, s. 16(6): at least the pack's days before the first day of the fiscal year"""
    on_time = _run([_line("s", Decimal(80))])
    late_day = (_deadline(FY) + timedelta(days=1)).isoformat()
    late = _run([_line("s", Decimal(80))], filings=[{"country": "US", "filed": late_day}])
    assert on_time.election.status == "valid" and on_time.status == "met"
    assert on_time.election.deadline == _deadline(FY)
    assert late.election.status == "not_valid" and late.status == "not_met"
    assert any("s. 16(6)" in p and late_day in p for p in late.election.problems)


def test_a_shorter_period_the_customs_administration_accepted_makes_a_late_filing_valid() -> None:
    """derived, s. 16(6): "or such shorter period as the customs administration may accept" """
    filing = {"country": "US", "filed": FY.isoformat(), "shorter_period_accepted": True}
    assert _run([_line("s", Decimal(80))], filings=[filing]).election.status == "valid"


def test_each_country_the_vehicles_go_to_needs_the_election() -> None:
    """derived, s. 16(6): vehicles exported to Canada, election filed in the US only"""
    result = _run([_line("s", Decimal(80), exported_to=["US", "CA"])])
    assert result.election.status == "not_valid"
    assert any("CA" in p for p in result.election.problems)


def test_the_first_notice_was_due_by_the_first_deadline_of_the_pack() -> None:
    """derived, s. 16(4), (6): the first period begins July 1, 2020; notice by July 31, 2020"""
    first = date.fromisoformat(_param("averaging.vehicle_rvc")["notice_first_deadline"])
    fy = date(2021, 1, 1)
    line = _line("s", Decimal(90), produced_from="2020-07-01", produced_to="2021-12-31")
    result = _run(
        [line],
        fiscal_year_start=fy.isoformat(),
        period="first_period",
        filings=[{"country": "US", "filed": first.isoformat()}],
    )
    assert result.election.deadline == first and result.election.status == "valid"
    late = {"country": "US", "filed": (first + timedelta(days=1)).isoformat()}
    assert (
        _run(
            [line], fiscal_year_start=fy.isoformat(), period="first_period", filings=[late]
        ).election.status
        == "not_valid"
    )


def test_a_rescission_or_a_change_of_category_is_not_valid_and_the_election_stands() -> None:
    """derived, s. 16(7)"""
    amendments = [
        {"filed": "2026-03-01", "kind": "modification", "changes": ["category"]},
        {"filed": "2026-04-01", "kind": "rescission"},
    ]
    result = _run([_line("s", Decimal(80))], amendments=amendments)
    refused = result.election.findings
    assert len(refused) == 2 and all("s. 16(7)" in f for f in refused)
    assert result.status == "met" and result.all_findings()


def test_a_change_of_basis_is_not_barred_by_s16_7_and_is_left_open() -> None:
    """derived, s. 16(7) names the category and the period only"""
    amendments = [{"filed": "2026-03-01", "kind": "modification", "changes": ["basis"]}]
    result = _run([_line("s", Decimal(80))], amendments=amendments)
    assert result.status == "undetermined" and not result.election.findings


# --- periods: s. 16(1), (4), (5) and the threshold in force ---------------------------


def test_the_first_period_is_refused_to_a_fiscal_year_outside_s16_4() -> None:
    """derived, s. 16(4)"""
    result = _run([_line("s", Decimal(90))], period="first_period")
    assert result.election.status == "not_valid"
    assert any("first period" in p for p in result.election.problems)


def _heavy(ident: str, rvc: Decimal, start: date, end: date) -> dict[str, Any]:
    return _line(
        ident,
        rvc,
        category="heavy_truck",
        vehicle_class="a",
        produced_from=start.isoformat(),
        produced_to=end.isoformat(),
    )


def _heavy_phases() -> list[dict[str, Any]]:
    return list(_param("rvc.vehicle.heavy_truck")["schedule"])


def test_a_fiscal_year_across_a_threshold_change_is_decided_only_where_both_agree() -> None:
    """derived, s. 16(1) and the s. 13 schedule: a calendar fiscal year holding the last
    heavy-truck change; between the two figures the answer depends on which applies"""
    change = date.fromisoformat(_heavy_phases()[-1]["from"])
    before = Decimal(str(_heavy_phases()[-2]["net_cost"]))
    after = Decimal(str(_heavy_phases()[-1]["net_cost"]))
    fy = date(change.year, 1, 1)
    end = date(change.year, 12, 31)
    election: dict[str, Any] = {
        "classes": ["a"],
        "fiscal_year_start": fy.isoformat(),
        "filings": [{"country": "US", "filed": _deadline(fy).isoformat()}],
    }
    outcomes = {}
    for label, rvc in (("between", (before + after) / 2), ("high", after), ("low", before - 1)):
        outcomes[label] = _run([_heavy("t", rvc, fy, end)], **election).status
    assert outcomes == {"between": "undetermined", "high": "met", "low": "not_met"}


def test_the_transitional_period_ending_at_the_change_is_decided_on_its_own_threshold() -> None:
    """derived, s. 16(5)(b): the heavy-truck period ending the day before the last change"""
    change = date.fromisoformat(_heavy_phases()[-1]["from"])
    before = Decimal(str(_heavy_phases()[-2]["net_cost"]))
    start = add_months(change, -12)
    fy = date(start.year, 1, 1)
    election = {
        "classes": ["a"],
        "fiscal_year_start": fy.isoformat(),
        "period": "transitional",
        "transitional_start": start.isoformat(),
        "filings": [{"country": "US", "filed": _deadline(fy).isoformat()}],
    }
    result = _run([_heavy("t", before, start, change - timedelta(days=1))], **election)
    assert (result.period.start, result.period.end) == (start, change - timedelta(days=1))
    assert result.status == "met"
    last = _run(
        [_heavy("t", before, change, date(change.year, 12, 31))],
        **{
            **election,
            "transitional_start": change.isoformat(),
            "fiscal_year_start": date(change.year, 1, 1).isoformat(),
        },
    )
    assert last.period.end == date(change.year, 12, 31)  # "until the end of the fiscal year"
    assert last.status == "not_met"


def test_a_transitional_start_the_regulations_do_not_give_is_not_valid() -> None:
    """derived, s. 16(5)"""
    result = _run([_line("s", Decimal(90))], period="transitional", transitional_start="2026-02-01")
    assert result.election.status == "not_valid"


@pytest.mark.parametrize(
    ("offset", "status"),
    [(Decimal("-0.01"), "not_met"), (Decimal(0), "met"), (Decimal("0.01"), "met")],
)
def test_the_averaged_rvc_is_met_at_the_threshold_and_not_one_hundredth_below(
    offset: Decimal, status: str
) -> None:
    """derived, s. 16(8), s. 13: two lines averaging exactly threshold + offset"""
    threshold = _rvc_on("passenger_vehicle", FY)
    lines = [_line("a", threshold + offset + 2), _line("b", threshold + offset - 2)]
    assert _run(lines).status == status


def test_line_produced_across_the_period_boundary_must_be_split() -> None:
    """derived, s. 16(8): vehicles produced during the fiscal year"""
    line = _line("s", Decimal(90), produced_from="2025-12-01")
    result = _run([line])
    assert result.status == "undetermined" and "split" in result.missing[0].question


# --- estimated costs, s. 16(9) --------------------------------------------------------


def test_actual_costs_below_the_threshold_oblige_the_producer_to_inform() -> None:
    """derived, s. 16(9): met on estimates, not on the actual costs"""
    threshold = _rvc_on("passenger_vehicle", FY)
    actual_vnm = str(Decimal(10000) * (100 - threshold + 1) / 100)
    line = _line("s", threshold + 1, actual_net_cost="10000", actual_vnm=actual_vnm)
    data = {"election": _election(), "costs": "estimated", "vehicles": [line]}
    result = average_rvc(RvcAveraging.model_validate(data))
    assert result.status == "not_met"
    assert "inform" in result.findings[0] and "s. 16(9)" in result.findings[0]


def test_estimates_alone_decide_with_the_year_end_analysis_stated() -> None:
    """derived, s. 16(9)"""
    data = {"election": _election(), "costs": "estimated", "vehicles": [_line("s", Decimal(90))]}
    result = average_rvc(RvcAveraging.model_validate(data))
    assert result.status == "met" and any("s. 16(9)" in s.step for s in result.steps)


def test_actual_figures_are_refused_when_the_costs_are_actual() -> None:
    with pytest.raises(ValueError, match="s. 16\\(9\\)"):
        RvcAveraging.model_validate(
            {"election": _election(), "vehicles": [_line("s", Decimal(90), actual_vnm="1")]}
        )


def test_the_filing_figures_the_checks_read_are_those_of_the_reference() -> None:
    """s. 16(6) and s. 18(16)(g): the pack's days and first deadline against parameters.json"""
    rvc = pack().entry("averaging.vehicle_rvc").value
    lvc = pack().entry("lvc.averaging_election").value
    assert rvc is not None and lvc is not None
    reference = _param("averaging.vehicle_rvc")
    assert rvc.days_before_fiscal_year == reference["notice_days_before_fiscal_year"]
    assert rvc.first_deadline == date.fromisoformat(reference["notice_first_deadline"])
    assert (
        lvc.days_before_fiscal_year
        == (_param("lvc.averaging_election")["filing_days_before_fiscal_year"])
    )
    assert lvc.first_deadline is None  # s. 18(16)(g) has no first deadline


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"plants": ["P1", "P2"]}, "one of plants"),
        ({"category": "c"}, "same (model_line or class)"),
        ({"separately_for": "light_truck"}, "category c only"),
        ({"period": "transitional"}, "transitional_start"),
    ],
)
def test_an_election_that_is_not_one_category_is_refused(over: dict[str, Any], words: str) -> None:
    """s. 16(1)(a): the same model line, class and plant; (c): model line or class; s. 16(2)"""
    with pytest.raises(ValueError, match=re.escape(words)):
        RvcAveraging.model_validate(
            {"election": _election(**over), "vehicles": [_line("s", Decimal(90))]}
        )
