"""Inventory management methods for fungible materials and goods (origin of what shipped).

USMCA Art. 4.12 lets a producer or exporter that commingles fungible originating and
non-originating materials or goods decide the origin of what it used or shipped by an
inventory management method of the Uniform Regulations (SOR/2020-155 s. 8(18) and
Schedule 8: first-in first-out, last-in first-out, averaging; Schedule 7 for the value
of identical non-originating materials). This module is pure: receipts and shipments
in, the composition (originating / non-originating units and their value) of each
shipment out. Ties on one date follow the order given (the Schedule 8 examples ship on
01/10 "before the 01/10 receipt"): the caller lists events in the order they happened.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Method(StrEnum):
    FIFO = "fifo"
    LIFO = "lifo"


@dataclass(frozen=True)
class Receipt:
    """Units received into the inventory (opening inventory included)."""

    on: date
    quantity: Decimal
    originating: bool
    unit_cost: Decimal = Decimal(0)
    label: str = ""


@dataclass(frozen=True)
class Shipment:
    on: date
    quantity: Decimal
    label: str = ""


@dataclass(frozen=True)
class Drawn:
    """Units of one receipt drawn by a shipment."""

    receipt: Receipt
    quantity: Decimal

    @property
    def value(self) -> Decimal:
        return self.quantity * self.receipt.unit_cost


@dataclass(frozen=True)
class Composition:
    shipment: Shipment
    drawn: tuple[Drawn, ...]

    @property
    def originating(self) -> Decimal:
        return sum((d.quantity for d in self.drawn if d.receipt.originating), Decimal(0))

    @property
    def non_originating(self) -> Decimal:
        return sum((d.quantity for d in self.drawn if not d.receipt.originating), Decimal(0))

    @property
    def non_originating_value(self) -> Decimal:
        """The value of non-originating materials (VNM) the shipment carries."""
        return sum((d.value for d in self.drawn if not d.receipt.originating), Decimal(0))


class InventoryShortfall(ValueError):
    """A shipment asks for more units than the inventory holds at that point."""

    def __init__(self, shipment: Shipment, missing: Decimal) -> None:
        self.shipment = shipment
        self.missing = missing
        super().__init__(
            f"shipment of {shipment.on.isoformat()} ({shipment.quantity} units) exceeds "
            f"the inventory by {missing} units"
        )


Event = Receipt | Shipment


def draw(events: list[Event], method: Method) -> list[Composition]:
    """Sch. 8 Parts 1-2, FIFO ("the origin of the first received is attributed to the
    first shipped") or LIFO (the last received, as of the shipment), in event order."""
    stock: deque[list[object]] = deque()  # [receipt, units left]
    out: list[Composition] = []
    for event in events:
        if isinstance(event, Receipt):
            stock.append([event, event.quantity])
            continue
        needed = event.quantity
        drawn: list[Drawn] = []
        while needed > 0 and stock:
            entry = stock[0] if method is Method.FIFO else stock[-1]
            receipt, left = entry[0], entry[1]
            assert isinstance(receipt, Receipt) and isinstance(left, Decimal)
            take = min(left, needed)
            drawn.append(Drawn(receipt, take))
            needed -= take
            if take == left:
                stock.popleft() if method is Method.FIFO else stock.pop()
            else:
                entry[1] = left - take
        if needed > 0:
            raise InventoryShortfall(event, needed)
        out.append(Composition(event, tuple(drawn)))
    return out


@dataclass(frozen=True)
class Average:
    """Sch. 8 averaging: the originating share of the units available in a period (the
    opening inventory plus the receipts), applied to what ships under it."""

    units: Decimal
    originating_units: Decimal
    value: Decimal

    @classmethod
    def of(cls, receipts: list[Receipt]) -> Average:
        return cls(
            sum((r.quantity for r in receipts), Decimal(0)),
            sum((r.quantity for r in receipts if r.originating), Decimal(0)),
            sum((r.quantity * r.unit_cost for r in receipts), Decimal(0)),
        )

    @property
    def ratio(self) -> Decimal:
        """Originating units over all units available."""
        return self.originating_units / self.units

    @property
    def unit_value(self) -> Decimal:
        return self.value / self.units

    def split(self, shipped: Decimal, ratio: Decimal | None = None) -> tuple[Decimal, Decimal]:
        """(originating, non-originating) units of ``shipped`` at the period's ratio
        (``ratio`` overrides it, e.g. as rounded in a printed computation)."""
        share = self.ratio if ratio is None else ratio
        originating = shipped * share
        return originating, shipped - originating


@dataclass(frozen=True)
class Rolling:
    """Sch. 7 rolling average: the average unit value is recomputed after each receipt
    and applied to each shipment; the units and value left carry forward."""

    units: Decimal
    value: Decimal


def rolling_average(events: list[Event]) -> list[tuple[Shipment, Decimal, Rolling]]:
    """For each shipment: its value at the rolling average, and the stock after it."""
    state = Rolling(Decimal(0), Decimal(0))
    out = []
    for event in events:
        if isinstance(event, Receipt):
            state = Rolling(
                state.units + event.quantity, state.value + event.quantity * event.unit_cost
            )
            continue
        if event.quantity > state.units:
            raise InventoryShortfall(event, event.quantity - state.units)
        value = event.quantity * state.value / state.units
        state = Rolling(state.units - event.quantity, state.value - value)
        out.append((event, value, state))
    return out
