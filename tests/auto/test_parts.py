"""Automotive parts by use (SOR/2020-155 ss. 14(2), 14(14)-(18), 15(2)-(4)) on cases
DERIVED from the provisions; thresholds read from the reference for the date used."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from maquila.auto.parts import PartRequest, determine
from shared_reference import reference

REFERENCE = reference("usmca", "automotive")
ON = date(2026, 3, 1)


def _threshold(ident: str) -> dict[str, Any]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    entry = next(p for p in params if p["id"] == ident)
    for phase in entry["schedule"]:
        ends = date.fromisoformat(phase["to"]) if phase["to"] else date.max
        if date.fromisoformat(phase["from"]) <= ON <= ends:
            return dict(phase)
    raise AssertionError(f"{ident}: no phase on {ON}")


def _part(hs: str, use: str, rvc: Decimal | None = None, **extra: Any) -> PartRequest:
    data: dict[str, Any] = {"part": "p", "hs": hs, "use": use, "date": ON.isoformat(), **extra}
    if rvc is not None:  # net cost 10,000
        data.update(net_cost="10000", vnm=str(10000 - rvc * 100))
    return PartRequest.model_validate(data)


@pytest.mark.parametrize(
    ("hs", "use", "ident", "table"),
    [
        ("8407.33", "passenger_vehicle", "rvc.parts.core.table_A1_A2", "A.1"),
        ("8413.30", "light_truck", "rvc.parts.principal.table_B", "B"),
        ("4009.12", "passenger_vehicle", "rvc.parts.complementary.table_C", "C"),
        ("8407.33", "heavy_truck", "rvc.parts.heavy_truck_principal.table_D", "D"),
        ("8413.50", "heavy_truck", "rvc.parts.heavy_truck_complementary.table_E", "E"),
    ],
)
@pytest.mark.parametrize("offset", [Decimal("-0.01"), Decimal(0)])
def test_each_table_applies_its_net_cost_threshold_for_its_use(
    hs: str, use: str, ident: str, table: str, offset: Decimal
) -> None:
    nc = Decimal(str(_threshold(ident)["net_cost"]))
    result = determine(_part(hs, use, nc + offset, tariff_shift_met=False))
    assert result.table == table
    assert result.status == ("originating" if offset >= 0 else "non_originating")


def test_a_core_part_is_originating_only_on_rvc_even_when_its_tariff_shift_is_met() -> None:
    result = determine(_part("8407.33", "passenger_vehicle", Decimal(50), tariff_shift_met=True))
    assert result.status == "non_originating"


def test_a_table_b_part_may_qualify_by_its_tariff_shift_alone() -> None:
    assert (
        determine(_part("8413.30", "passenger_vehicle", Decimal(10), tariff_shift_met=True)).status
        == "originating"
    )


def test_a_heavy_truck_engine_is_originating_only_on_rvc() -> None:
    result = determine(_part("8407.33", "heavy_truck", Decimal(10), tariff_shift_met=True))
    assert result.status == "non_originating" and any("s. 15(4)" in s.step for s in result.steps)


def test_heavy_truck_parts_use_the_transaction_value_only_if_their_rule_has_it() -> None:
    tv = Decimal(
        str(_threshold("rvc.parts.heavy_truck_complementary.table_E")["transaction_value"])
    )
    data = {"transaction_value": "10000", "vnm": str(10000 - tv * 100), "tariff_shift_met": False}
    unknown = determine(_part("8413.50", "heavy_truck", **data))
    assert (
        unknown.status == "undetermined"
        and "transaction value method" in unknown.missing[0].question
    )
    assert (
        determine(
            _part("8413.50", "heavy_truck", **data, rule_has_transaction_value_method=True)
        ).status
        == "originating"
    )


def test_an_ex_entry_asks_whether_the_part_is_the_good_it_describes() -> None:
    result = determine(_part("8479.89", "heavy_truck", Decimal(90)))
    assert result.status == "undetermined" and "is the part" in result.missing[0].question


def test_an_aftermarket_part_is_left_to_its_schedule_1_rule() -> None:
    result = determine(_part("8413.30", "aftermarket", Decimal(90)))
    assert result.status == "undetermined" and "s. 14(18)" in result.citation
