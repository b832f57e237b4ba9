"""Invariants of the discharge, held by hypothesis on random lots and exits.

- quantities are conserved: per lot, imported = discharged + balance; per exit, a demand
  is covered whole or not at all;
- no balance is ever negative;
- FIFO order: a demand takes from a later lot only once every earlier usable lot of the
  part is exhausted;
- the same inputs, in any order, give the same allocations.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from maquila.ledger.discharge import Demand, Lot, discharge, fifo_key

PARTS = ("A", "B", "C")
DAY0 = date(2026, 1, 1)
quantity = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(500), places=3)


@st.composite
def journals(draw: st.DrawFn) -> tuple[list[Lot], list[Demand]]:
    lots = [
        Lot(
            id=i + 1,
            part=draw(st.sampled_from(PARTS)),
            pedimento=f"2624399960{i:05d}",
            line=draw(st.integers(1, 3)),
            start=DAY0 + timedelta(days=draw(st.integers(0, 60))),
            due=DAY0 + timedelta(days=draw(st.integers(30, 120))),
            balance=draw(quantity),
        )
        for i in range(draw(st.integers(0, 12)))
    ]
    demands = [
        Demand(
            exit_id=100 + j,
            part=draw(st.sampled_from(PARTS)),
            quantity=draw(quantity),
            on=DAY0 + timedelta(days=draw(st.integers(0, 120))),
        )
        for j in range(draw(st.integers(0, 12)))
    ]
    return lots, demands


@settings(max_examples=300, deadline=None)
@given(journals())
def test_quantities_are_conserved_and_no_balance_goes_negative(
    journal: tuple[list[Lot], list[Demand]],
) -> None:
    lots, demands = journal
    allocations, shortfalls = discharge(lots, demands)
    used: dict[int, Decimal] = defaultdict(Decimal)
    for allocation in allocations:
        assert allocation.quantity > 0
        used[allocation.lot_id] += allocation.quantity
    for lot in lots:
        assert lot.balance - used[lot.id] >= 0
    covered: dict[int, Decimal] = defaultdict(Decimal)
    for allocation in allocations:
        covered[allocation.exit_id] += allocation.quantity
    short = {s.exit_id for s in shortfalls}
    for demand in demands:
        expected = Decimal(0) if demand.exit_id in short else demand.quantity
        assert covered[demand.exit_id] == expected


@settings(max_examples=300, deadline=None)
@given(journals())
def test_fifo_takes_a_later_lot_only_when_the_earlier_ones_are_exhausted(
    journal: tuple[list[Lot], list[Demand]],
) -> None:
    lots, demands = journal
    allocations, _ = discharge(lots, demands)
    left = {lot.id: lot.balance for lot in lots}
    order = sorted(demands, key=lambda d: (d.on, d.exit_id))
    by_exit = defaultdict(list)
    for allocation in allocations:
        by_exit[allocation.exit_id].append(allocation)
    for demand in order:
        taken = by_exit.get(demand.exit_id, [])
        if not taken:
            continue
        usable = sorted(
            (lot for lot in lots if lot.part == demand.part and lot.start <= demand.on),
            key=fifo_key,
        )
        latest = max(usable.index(next(x for x in usable if x.id == a.lot_id)) for a in taken)
        for earlier in usable[:latest]:
            drawn = sum((a.quantity for a in taken if a.lot_id == earlier.id), Decimal(0))
            assert left[earlier.id] - drawn == 0  # exhausted before a later lot was touched
        for allocation in taken:
            left[allocation.lot_id] -= allocation.quantity


@settings(max_examples=200, deadline=None)
@given(journals(), st.randoms(use_true_random=False))
def test_the_same_inputs_in_any_order_give_the_same_allocations(
    journal: tuple[list[Lot], list[Demand]], shuffle: object
) -> None:
    lots, demands = journal
    first = discharge(lots, demands)
    lots2, demands2 = list(lots), list(demands)
    shuffle.shuffle(lots2)  # type: ignore[attr-defined]
    shuffle.shuffle(demands2)  # type: ignore[attr-defined]
    assert discharge(lots2, demands2) == first
