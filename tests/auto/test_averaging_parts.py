"""Averaging the RVC of parts (SOR/2020-155 s. 16(10)-(11)) on cases DERIVED from the
provisions: each option's period and the lots it counts, the s. 16(11) separations, and
the part decided on the summed figures at the thresholds read from the reference
(../shared/reference/usmca/automotive/parameters.json). Lots have a net cost of 10,000 per
unit, so a VNM of 10,000 x (100 - r) / 100 gives an RVC of exactly r."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from maquila.auto.averaging.parts import PartsAveraging, average_parts
from maquila.law.automotive import pack
from shared_reference import reference

REFERENCE = reference("usmca", "automotive")
START = date(2026, 1, 1)


@cache
def _param(ident: str) -> dict[str, Any]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    return dict(next(p for p in params if p["id"] == ident))


def _on(ident: str, on: date) -> Decimal:
    for phase in _param(ident)["schedule"]:
        ends = date.fromisoformat(phase["to"]) if phase["to"] else date.max
        if date.fromisoformat(phase["from"]) <= on <= ends:
            return Decimal(str(phase["net_cost"]))
    raise AssertionError(f"{ident}: nothing on {on}")


def _lot(ident: str, rvc: Decimal, start: str, end: str, **over: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "plant": "P",
        "produced_from": start,
        "produced_to": end,
        "units": 100,
        "net_cost": "10000",
        "vnm": str(Decimal(10000) * (100 - rvc) / 100),
        "sold_to": "V",
        "exported": True,
        **over,
    }


def _request(option: str, lots: list[dict[str, Any]], **over: Any) -> PartsAveraging:
    data: dict[str, Any] = {
        "producer": "derived case",
        "part": "pump",
        "hs": "8413.30",  # Table B for a light truck (tests/auto/test_parts.py)
        "use": "light_truck",
        "plant": "P",
        "option": option,
        "period_start": START.isoformat(),
        "sold_to": "V",
        "exported": True,
        "tariff_shift_met": False,
        "lots": lots,
        **over,
    }
    return PartsAveraging.model_validate(data)


@pytest.mark.parametrize(
    ("option", "end"),
    [
        ("month", date(2026, 1, 31)),
        ("quarter", date(2026, 3, 31)),
        ("vehicle_producer_fiscal_year", date(2026, 12, 31)),
        ("parts_producer_fiscal_year", date(2026, 12, 31)),
    ],
)
def test_each_option_averages_over_its_period_and_only_the_parts_produced_in_it(
    option: str, end: date
) -> None:
    """derived, s. 16(10)(a)-(c), (11): a lot of January and a lot of December"""
    lots = [
        _lot("jan", Decimal(90), "2026-01-01", "2026-01-31"),
        _lot("dec", Decimal(90), "2026-12-01", "2026-12-31"),
    ]
    result = average_parts(_request(option, lots))
    assert (result.period.start, result.period.end) == (START, end)
    counted = {c.split(":")[0] for c in result.counted}
    assert counted == ({"jan", "dec"} if end.month == 12 else {"jan"})
    options = _param("averaging.parts")["options"]
    assert result.period.reason.split(" (")[0] in options
    assert result.status == "met"


@pytest.mark.parametrize("offset", [Decimal("-0.01"), Decimal(0), Decimal("0.01")])
def test_the_averaged_part_is_decided_at_the_table_threshold(offset: Decimal) -> None:
    """derived, s. 16(10)(b), s. 14(15): two months' lots averaging threshold + offset"""
    threshold = _on("rvc.parts.principal.table_B", START)
    lots = [
        _lot("a", threshold + offset + 3, "2026-01-01", "2026-01-31"),
        _lot("b", threshold + offset - 3, "2026-02-01", "2026-02-28"),
    ]
    assert average_parts(_request("quarter", lots)).status == ("met" if offset >= 0 else "not_met")


def test_parts_sold_to_another_vehicle_producer_are_averaged_apart() -> None:
    """derived, s. 16(11)(a)"""
    lots = [
        _lot("v", Decimal(90), "2026-01-01", "2026-01-31"),
        _lot("w", Decimal(10), "2026-01-01", "2026-01-31", sold_to="W"),
    ]
    result = average_parts(_request("vehicle_producer_fiscal_year", lots))
    assert [c.split(":")[0] for c in result.counted] == ["v"] and result.status == "met"


def test_exported_parts_are_averaged_apart_from_the_others() -> None:
    """derived, s. 16(11)(b)"""
    lots = [
        _lot("out", Decimal(90), "2026-01-01", "2026-01-31"),
        _lot("home", Decimal(10), "2026-01-01", "2026-01-31", exported=False),
        _lot("unknown", Decimal(90), "2026-01-01", "2026-01-31", exported=None),
    ]
    result = average_parts(_request("month", lots))
    assert [c.split(":")[0] for c in result.counted] == ["out"]
    assert result.status == "undetermined" and "s. 16(11)(b)" in result.missing[0].question


def test_parts_of_another_plant_are_not_averaged_with_these() -> None:
    """derived, s. 16(10): produced in the same plant"""
    lots = [
        _lot("p", Decimal(90), "2026-01-01", "2026-01-31"),
        _lot("q", Decimal(10), "2026-01-01", "2026-01-31", plant="Q"),
    ]
    result = average_parts(_request("parts_producer_fiscal_year", lots))
    assert "same plant" in result.excluded[0] and result.status == "met"


def test_the_category_option_counts_the_parts_of_the_category_vehicles() -> None:
    """derived, s. 16(10)(d), (1)(b): parts for the class d vehicles of plant V1 only"""
    category = {"category": "b", "classes": ["d"], "plants": ["V1"]}
    lots = [
        _lot("in", Decimal(90), "2026-01-01", "2026-01-31", vehicle_class="d", vehicle_plant="V1"),
        _lot("c", Decimal(10), "2026-01-01", "2026-01-31", vehicle_class="c", vehicle_plant="V1"),
        _lot("v2", Decimal(10), "2026-01-01", "2026-01-31", vehicle_class="d", vehicle_plant="V2"),
    ]
    result = average_parts(_request("category", lots, category=category, exported=None))
    assert [c.split(":")[0] for c in result.counted] == ["in"] and result.status == "met"
    assert len(result.excluded) == 2


def test_a_quarter_across_a_table_d_change_is_decided_only_where_both_agree() -> None:
    """derived, s. 16(10)(b), s. 15(2): a heavy-truck engine over a quarter holding the last
    Table D change"""
    ident = "rvc.parts.heavy_truck_principal.table_D"
    change = date.fromisoformat(_param(ident)["schedule"][-1]["from"])
    before, after = _on(ident, change.replace(day=1, month=change.month - 1)), _on(ident, change)
    start = change.replace(month=change.month - 1)
    mid = (before + after) / 2
    lot = _lot("e", mid, start.isoformat(), change.replace(month=change.month + 1).isoformat())
    result = average_parts(
        _request(
            "quarter",
            [lot],
            hs="8407.33",
            use="heavy_truck",
            period_start=start.isoformat(),
        )
    )
    assert result.status == "undetermined"
    assert any("different answers" in step.step for step in result.steps)
    assert ident in {e.id for e in pack().thresholds}
