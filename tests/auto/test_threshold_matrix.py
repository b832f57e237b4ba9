"""The threshold matrix for RVC and steel: every threshold and every phase-in step the
pack holds, at the threshold, 0.01 point below and 0.01 point above, on the first and the
last day of the step, run through each calculator's public function.

All cases are DERIVED from the provisions (the Regulations print no worked example for
them): s. 13 (vehicle rows), s. 14(7), (10), (13) (core parts), ss. 14(2), (14)-(17),
15(2)-(3) (Tables A.1, B, C, D, E), s. 17(1), (5) (steel and aluminum). The cases come
from the pack's schedules (threshold_cases.py); each figure the calculator applied is
also compared with the figure part6.md prints for that day (part6_printed.py).

Bases are 10,000 so that VNM = base x (100 - RVC) / 100 gives an RVC exact to the
hundredth: the calculators compare the unrounded RVC, and an exact figure decides the
same way under that rule and under rounding to hundredths.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from part6_printed import printed_on, s13_provision, subsection
from threshold_cases import (
    CORE_CASES,
    CORE_ID,
    PART_CASES,
    STEEL_CASES,
    VEHICLE_CASES,
    Case,
    case_id,
    rounding_probes,
)

from maquila.auto.core_parts import CorePartsRequest, Option
from maquila.auto.core_parts import evaluate as evaluate_core_parts
from maquila.auto.parts import PartRequest
from maquila.auto.parts import determine as determine_part
from maquila.auto.steel import SteelRequest
from maquila.auto.steel import evaluate as evaluate_steel
from maquila.auto.vehicle import VehicleRequest
from maquila.auto.vehicle import determine as determine_vehicle
from maquila.law.automotive import pack
from maquila.origin.values import shown

BASE = Decimal(10000)
_AGAINST = re.compile(r"= (\d+\.\d\d) against (\d+(?:\.\d+)?)")

# the rows of the s. 13 table that print each vehicle's rule (s. 12 'passenger vehicle',
# 'light truck', 'heavy truck')
S13_ROWS: dict[str, list[tuple[str, str | None]]] = {
    "rvc.vehicle.passenger_vehicle": [("8703.21 – 8703.90", "1")],
    "rvc.vehicle.light_truck": [("8704.21", "1"), ("8704.31", "1")],
    "rvc.vehicle.heavy_truck": [
        ("8701.20", None),
        ("8704.22 - 8704.23", "1"),
        ("8704.32 - 8704.90", "1"),
    ],
}
# threshold -> (table, a code the table lists plainly, use, (section, subsection))
PART_RULES = {
    "rvc.parts.core.table_A1_A2": ("A.1", "8407.33", "passenger_vehicle", (14, 13)),
    "rvc.parts.principal.table_B": ("B", "8413.30", "light_truck", (14, 15)),
    "rvc.parts.complementary.table_C": ("C", "4009.12", "passenger_vehicle", (14, 17)),
    "rvc.parts.heavy_truck_principal.table_D": ("D", "8413.30", "heavy_truck", (15, 2)),
    "rvc.parts.heavy_truck_complementary.table_E": ("E", "8413.50", "heavy_truck", (15, 3)),
}
# Table S rows: flat-rolled steel 7208.51, aluminum plates 7606.12
METALS = {"steel": "7208.51", "aluminum": "7606.12"}


def _vnm(base: Decimal, rvc: Decimal) -> str:
    """The VNM giving exactly ``rvc`` on ``base`` (USMCA Art. 4.5: (base - VNM) / base)."""
    return str(base * (100 - rvc) / 100)


def _applied(text: str, case: Case) -> Decimal:
    """The threshold a calculator's arithmetic line shows, after checking the RVC it shows."""
    match = _AGAINST.search(text)
    assert match, f"no 'against' in {text!r}"
    assert match.group(1) == shown(case.value)
    return Decimal(match.group(2))


def _column(method: str) -> int:
    """Where a method's figure sits in the printed sentence ('NC% ... or TV% ...')."""
    return 0 if method == "net_cost" else 1


def _check_vehicle(case: Case) -> None:
    category = case.threshold_id.rsplit(".", 1)[1]
    request = VehicleRequest.model_validate(
        {
            "producer": "derived case",
            "vehicle": "v",
            "category": category,
            "date": case.on.isoformat(),
            "net_cost": str(BASE),
            "vnm": _vnm(BASE, case.value),
            "tariff_shift_met": True,
        }
    )
    rule = next(r for r in determine_vehicle(request).requirements if "s. 13" in r.name)
    assert rule.status == ("met" if case.met else "not_met")
    assert rule.citation == pack().entry(case.threshold_id).citation
    blocks = [s13_provision(row, item) for row, item in S13_ROWS[case.threshold_id]]
    assert _applied(rule.detail, case) == case.threshold == printed_on(blocks, case.on)[0]


def _core_parts(case: Case) -> list[dict[str, Any]]:
    base = "transaction_value" if case.method == "transaction_value" else "net_cost"
    vnm = "vnm_all" if case.option.endswith("all") else "vnm_listed_components"
    if not case.option.startswith("super_core"):
        return [{"part": "Engines", base: str(BASE), vnm: _vnm(BASE, case.value)}]
    # s. 14(10): two parts of half the net cost each; Engines at 90 % alone, Axles far
    # below, so only the super-core (their sums) can meet the threshold
    half = BASE / 2
    engines_vnm = half * Decimal("0.1")
    axles_vnm = Decimal(_vnm(BASE, case.value)) - engines_vnm
    return [
        {"part": "Engines", "net_cost": str(half), vnm: str(engines_vnm)},
        {"part": "Axles", "net_cost": str(half), vnm: str(axles_vnm)},
    ]


def _core_option(case: Case, options: list[Option], per_part: dict[str, list[Option]]) -> Option:
    paragraph = "(a)" if case.option.endswith("all") else "(b)"
    if case.option.startswith("super_core"):
        each = options[0]
        assert each.label == "each part on its own" and each.met is False
        return next(o for o in options if o.citation.startswith(f"s. 14(10){paragraph}"))
    method = "NC" if case.method == "net_cost" else "TV"
    return next(
        o
        for o in per_part["Engines"]
        if o.citation.startswith(f"s. 14(7){paragraph}") and o.arithmetic.startswith(f"({method}")
    )


def _check_core_parts(case: Case) -> None:
    request = CorePartsRequest.model_validate(
        {
            "producer": "derived case",
            "vehicle": "v",
            "category": "passenger_vehicle",
            "date": case.on.isoformat(),
            "parts": _core_parts(case),
        }
    )
    result = evaluate_core_parts(request)
    option = _core_option(case, result.options, result.per_part)
    assert option.met is case.met and option.rvc == case.value
    assert option.citation.endswith("(13)")
    printed = printed_on([subsection(14, 13)], case.on)[_column(case.method)]
    assert option.threshold == case.threshold == printed
    assert _applied(option.arithmetic, case) == printed
    assert result.status == ("met" if case.met else "not_met")


def _check_part(case: Case) -> None:
    """The tariff shift not met, so the RVC alone decides; for Tables D and E the part's
    rule has a TV method (s. 15(2)-(3))."""
    table, hs, use, (number, sub) = PART_RULES[case.threshold_id]
    data = {
        "part": "derived case",
        "hs": hs,
        "use": use,
        "date": case.on.isoformat(),
        case.method: str(BASE),
        "vnm": _vnm(BASE, case.value),
        "tariff_shift_met": False,
    }
    if table in ("D", "E"):
        data["rule_has_transaction_value_method"] = True  # s. 15(2)-(3)
    result = determine_part(PartRequest.model_validate(data))
    assert (result.table, result.missing) == (table, [])
    assert result.citation == pack().entry(case.threshold_id).citation
    assert result.status == ("originating" if case.met else "non_originating")
    words = "RVC net cost" if case.method == "net_cost" else "RVC transaction value"
    line = next(step.step for step in result.steps if step.step.startswith(words))
    printed = printed_on([subsection(number, sub)], case.on)[_column(case.method)]
    assert _applied(line, case) == case.threshold == printed


def _purchases(case: Case) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for metal in case.option.split("+"):
        originating = {"originating": True}
        if metal == "steel":  # s. 17(5)(b), from July 1, 2027
            originating["all_steel_processes_in_cusma"] = True
        out.append({"id": f"{metal} in", "hs": METALS[metal], "value": str(case.value * 100)})
        out[-1].update(originating)
        rest = str((100 - case.value) * 100)
        out.append({"id": f"{metal} out", "hs": METALS[metal], "value": rest, "originating": False})
    return out


def _check_steel(case: Case) -> None:
    """Steel only, aluminum only, and both at the same share (so the joint and separate
    readings of s. 17(1) agree)."""
    request = SteelRequest.model_validate(
        {
            "producer": "derived case",
            "date": case.on.isoformat(),
            "period": "previous calendar year",  # s. 17(7)(b)
            "purchases": _purchases(case),
        }
    )
    result = evaluate_steel(request)
    shares = {"steel": result.steel, "aluminum": result.aluminum}
    metals = case.option.split("+")
    assert [shares[m].percent for m in metals] == [case.shown] * len(metals)
    assert result.joint.percent == case.shown
    assert result.required == case.threshold == printed_on([subsection(17, 1)], case.on)[0]
    assert result.status == ("met" if case.met else "not_met")


@pytest.mark.parametrize("case", VEHICLE_CASES, ids=case_id)
def test_a_vehicle_meets_the_s13_rvc_of_its_step_at_the_threshold_and_not_below(
    case: Case,
) -> None:
    """Derived, SOR/2020-155 s. 13 (table, vehicle rows) and s. 12 (categories)."""
    _check_vehicle(case)


@pytest.mark.parametrize("case", CORE_CASES, ids=case_id)
def test_the_core_parts_meet_the_s14_13_threshold_of_each_step_by_every_option(
    case: Case,
) -> None:
    """Derived, SOR/2020-155 s. 14(4), (7)(a)-(b), (8), (10)(a)-(b), (13)."""
    _check_core_parts(case)


@pytest.mark.parametrize("case", PART_CASES, ids=case_id)
def test_a_part_of_tables_a1_to_e_meets_the_threshold_of_each_step_by_either_method(
    case: Case,
) -> None:
    """Derived, SOR/2020-155 ss. 14(2), (13)-(17), 15(2)-(3)."""
    _check_part(case)


@pytest.mark.parametrize("case", STEEL_CASES, ids=case_id)
def test_steel_and_aluminum_purchases_meet_the_s17_share_at_the_threshold_and_not_below(
    case: Case,
) -> None:
    """Derived, SOR/2020-155 s. 17(1), (5)(a)-(b)."""
    _check_steel(case)


ROUNDING_PROBES = [
    pytest.param(case, id=case.ident)
    for case in rounding_probes(VEHICLE_CASES + CORE_CASES + PART_CASES + STEEL_CASES)
]
CHECKS = {"rvc.vehicle": _check_vehicle, "rvc.parts": _check_part, "steel_": _check_steel}


@pytest.mark.parametrize("case", ROUNDING_PROBES)
def test_each_calculator_rounds_to_hundredths_half_up_before_comparing(case: Case) -> None:
    """House rule (docs/automotive.md), not the text (Part 6 states no rounding): half a
    hundredth short of the threshold rounds up to it and is met; a little more is not."""
    if case.threshold_id == CORE_ID and case.option != "part":
        _check_core_parts(case)
        return
    check = next(f for prefix, f in CHECKS.items() if case.threshold_id.startswith(prefix))
    check(case)
