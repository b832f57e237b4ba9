"""The threshold matrix for the LVC (SOR/2020-155 s. 18): every step the pack holds for
each vehicle category, at, 0.01 point below and 0.01 point above the total and the
high-wage minimum, the technology credit at 9.99 / 10 / 10.01 against its cap, and the
assembly credit's capacity minima and contract years at and just below their minimum.

All cases are DERIVED from s. 18(1)-(2), (6)(a), (9)-(10), (12)-(14) and the s. 12
definitions of the high-wage assembly plants; the Regulations print no LVC example. The
cases come from the pack (threshold_cases.py); each figure applied is compared with the
one part6.md prints (part6_printed.py). Net cost 10,000: 100 of HWLC + HWM is one point;
direct production wages 1,000,000: 10,000 of R&D and IT wages is one point.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from part6_printed import definition, number_in, printed_on, subsection
from threshold_cases import (
    ASSEMBLY_CASES,
    ASSEMBLY_ID,
    ASSEMBLY_VARIANTS,
    LVC_HIGH_WAGE_CASES,
    LVC_IDS,
    LVC_TECHNOLOGY_CASES,
    LVC_TOTAL_CASES,
    Case,
    case_id,
    rounding_probes,
)

from maquila.auto.lvc import Lvc, LvcRequest, calculate
from maquila.law.automotive import pack
from maquila.law.automotive_thresholds import Figures

# s. 18(1) passenger vehicles (dated), s. 18(2) light and heavy trucks (not dated)
LVC_SUBSECTIONS = {"lvc.passenger_vehicle": 1, "lvc.light_and_heavy_truck": 2}
# s. 18(12) and (13); the s. 12 definitions of the two plants
ASSEMBLY_SUBSECTIONS = {"passenger_vehicle_or_light_truck": 12, "heavy_truck": 13}
ASSEMBLY_PLANTS = {
    "passenger_vehicle_or_light_truck": "high-wage assembly plant for passenger vehicle or "
    "light truck parts",
    "heavy_truck": "high-wage assembly plant for heavy truck parts",
}
CAPACITY_WORDS = {
    "engines_min": "engines",
    "transmissions_min": "transmissions",
    "advanced_battery_packs_min": "advanced battery packs",
}
CAPACITY_FIELDS = {
    "engines_min": "engines_capacity",
    "transmissions_min": "transmissions_capacity",
    "advanced_battery_packs_min": "battery_packs_capacity",
}


def _requirement(category: str, on: date) -> Figures:
    return pack().threshold(LVC_IDS[category], on)


def _printed(category: str, on: date) -> tuple[Decimal, ...]:
    """(total, high-wage minimum, technology maximum, assembly maximum) as printed."""
    return printed_on([subsection(18, LVC_SUBSECTIONS[LVC_IDS[category]])], on)


def _plant(category: str) -> Figures:
    key = ASSEMBLY_VARIANTS[category]
    figures = next(v.value for v in pack().entry(ASSEMBLY_ID).variants if v.key == key)
    assert figures is not None
    return figures


def _full_credit(category: str) -> dict[str, Any]:
    """An assembly plant the producer operates, with the engine capacity at its minimum."""
    return {"operated_by_producer": True, "engines_capacity": _plant(category).engines_min}


def _lvc(category: str, on: date, high: Decimal, tech: Decimal, assembly: dict[str, Any]) -> Lvc:
    data = {
        "producer": "derived case",
        "vehicle": "v",
        "category": category,
        "date": on.isoformat(),
        "method": "net_cost",  # s. 18(6)(a)
        "net_cost": "10000",
        "high_wage_labour": "0",
        "high_wage_materials": str(high * 100),
        "technology": {"rd_it_wages": str(tech * 10000), "direct_production_wages": "1000000"},
        "assembly": {"plant": "derived plant", **assembly},
    }
    return calculate(LvcRequest.model_validate(data))


def _caps(case: Case) -> tuple[Figures, Decimal, Decimal, Decimal, Decimal]:
    figures = _requirement(case.option, case.on)
    total, minimum = figures.lvc_total, figures.high_wage_material_and_labour_min
    tech_max, assembly_max = figures.technology_credit_max, figures.assembly_credit_max
    assert total is not None and minimum is not None
    assert tech_max is not None and assembly_max is not None
    # s. 18(1)-(2): the minimum and both credits at their caps make at least the total
    assert minimum + tech_max + assembly_max >= total
    return figures, total, minimum, tech_max, assembly_max


def _check_total(case: Case) -> None:
    """High-wage points half a technology cap above their minimum, the assembly credit
    earned, the technology credit making up the rest (below its cap): only the total
    decides."""
    _, total, minimum, tech_max, assembly_max = _caps(case)
    high = minimum + tech_max / 2
    tech = case.value - high - assembly_max
    assert 0 <= tech < tech_max
    result = _lvc(case.option, case.on, high, tech, _full_credit(case.option))
    assert (result.total, result.high_wage_points) == (case.shown, high)
    assert result.met is case.met
    assert result.required_total == case.threshold == _printed(case.option, case.on)[0]
    assert result.steps[-1].citation == pack().entry(case.threshold_id).citation


def _check_high_wage(case: Case) -> None:
    """Both credits at their caps; high-wage points around the minimum."""
    _, _, _, tech_max, _ = _caps(case)
    result = _lvc(case.option, case.on, case.value, tech_max, _full_credit(case.option))
    assert result.high_wage_points == case.shown and result.met is case.met
    assert result.required_high_wage == case.threshold == _printed(case.option, case.on)[1]


@pytest.mark.parametrize("case", LVC_TOTAL_CASES, ids=case_id)
def test_the_lvc_total_of_each_step_is_met_at_the_requirement_and_not_below(case: Case) -> None:
    """Derived, SOR/2020-155 s. 18(1)-(2), (6)(a)."""
    _check_total(case)


@pytest.mark.parametrize("case", LVC_HIGH_WAGE_CASES, ids=case_id)
def test_the_high_wage_minimum_of_each_step_is_met_at_the_minimum_and_not_below(
    case: Case,
) -> None:
    """Derived, SOR/2020-155 s. 18(1)-(2): high-wage points at the minimum and 0.01 point
    either side."""
    _check_high_wage(case)


@pytest.mark.parametrize("case", rounding_probes(LVC_TOTAL_CASES), ids=case_id)
def test_the_lvc_total_is_rounded_to_hundredths_half_up_before_comparing(case: Case) -> None:
    """House rule (docs/automotive.md), not the text: half a hundredth short of the total
    rounds up to it and is met; a little more is not."""
    _check_total(case)


@pytest.mark.parametrize("case", rounding_probes(LVC_HIGH_WAGE_CASES), ids=case_id)
def test_the_high_wage_points_are_rounded_to_hundredths_half_up_before_comparing(
    case: Case,
) -> None:
    """House rule (docs/automotive.md), not the text: as for the total."""
    _check_high_wage(case)


@pytest.mark.parametrize("case", LVC_TECHNOLOGY_CASES, ids=case_id)
def test_the_technology_credit_counts_up_to_its_cap_and_no_further(case: Case) -> None:
    """Derived, SOR/2020-155 s. 18(1)-(2), (9)-(10): high-wage points at the minimum, the
    assembly credit earned; technology at the cap and 0.01 either side: 0.01 short leaves
    the total 0.01 short, 0.01 over counts as the cap."""
    _, total, minimum, _, assembly_max = _caps(case)
    assert total - case.threshold - assembly_max >= minimum
    high = total - case.threshold - assembly_max
    result = _lvc(case.option, case.on, high, case.value, _full_credit(case.option))
    assert result.technology_points == case.value
    assert result.technology_counted == min(case.value, case.threshold)
    assert result.total == total + min(case.offset, Decimal(0))
    assert result.met is case.met
    credit = pack().entry("lvc.technology_credit").value
    assert credit is not None and credit.max_points == case.threshold
    assert case.threshold == _printed(case.option, case.on)[2]


def _assembly(case: Case) -> dict[str, Any]:
    if case.method == "contract_min_years":  # s. 18(12)-(13): a supply contract
        minimum = _plant(case.option).engines_min
        return {"contract_years": str(case.value), "engines_capacity": minimum}
    return {"operated_by_producer": True, CAPACITY_FIELDS[case.method]: int(case.value)}


def _printed_minimum(case: Case) -> int:
    key = ASSEMBLY_VARIANTS[case.option]
    if case.method == "contract_min_years":
        years = number_in(subsection(18, ASSEMBLY_SUBSECTIONS[key]), r"minimum of (\w+) years")
        assert years == number_in(definition(ASSEMBLY_PLANTS[key]), r"at least (\w+) years")
        return years
    words = CAPACITY_WORDS[case.method]
    return number_in(definition(ASSEMBLY_PLANTS[key]), rf"([\d,]+) or more {words}\b")


@pytest.mark.parametrize("case", ASSEMBLY_CASES, ids=case_id)
def test_the_assembly_credit_needs_the_capacity_or_contract_minimum_of_its_plant(
    case: Case,
) -> None:
    """Derived, SOR/2020-155 s. 18(12)-(14) and s. 12 'high-wage assembly plant for ...
    parts': any one capacity at its minimum (or one unit short), or a contract of the
    minimum years (or 0.01 year short); high-wage points at the minimum and technology at
    its cap, so the vehicle is originating only with the credit."""
    _, _, minimum, tech_max, assembly_max = _caps(case)
    result = _lvc(case.option, case.on, minimum, tech_max, _assembly(case))
    subsection_text = subsection(18, ASSEMBLY_SUBSECTIONS[ASSEMBLY_VARIANTS[case.option]])
    points = number_in(subsection_text, r"credit of (\w+) percentage points")
    assert points <= assembly_max == _printed(case.option, case.on)[3]
    assert result.assembly_points == (points if case.met else 0)
    assert result.met is case.met
    assert case.threshold == _printed_minimum(case)
    assert result.steps[-2].citation == pack().entry(ASSEMBLY_ID).citation
