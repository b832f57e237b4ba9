"""Discharge (descargo): allocate exits against open temporary-import lots.

A pure function, ``(lots, demands, method) -> (allocations, shortfalls)``: no database,
no clock. The same inputs give the same allocations (every ordering below has a total
tie-break), which is what lets a run be simulated, posted, reversed and re-run.

FIFO (PEPS) by term start is the default (../shared/domain/immex.md s. 1.3: market
practice and the Anexo 31 descargos; the current Anexo 24 text was not seen to mandate it,
so the method is pluggable). An exit that names its lot (a same-state return citing its
import pedimento, archivo M record 512; a fixed asset by serial) discharges that lot under
every method: the order of a method applies to the exits that name none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Component(StrEnum):
    """What part of a BOM line a demand stands for (Anexo 24 A, "materiales utilizados":
    consumption including merma and desperdicio)."""

    DIRECT = "directo"  # a material leaving as it came (same state)
    NET = "consumo"  # incorporated in the exported good
    MERMA = "merma"  # consumed or lost in the process (LA art. 2 fr. XI)
    DESPERDICIO = "desperdicio"  # residue left after the process (LA art. 2 fr. XII)


@dataclass(frozen=True)
class Lot:
    """An open temporary-import lot: one pedimento line and part number."""

    id: int
    part: str
    pedimento: str
    line: int
    start: date  # RLA art. 173: the term starts when the selection mechanism is activated
    due: date | None  # LA art. 108 term (None: unknown; never guessed)
    balance: Decimal


@dataclass(frozen=True)
class Demand:
    """A quantity of one material an exit must discharge."""

    exit_id: int
    part: str
    quantity: Decimal
    on: date
    component: Component = Component.DIRECT
    lot_id: int | None = None  # specific identification: the lot the exit names


@dataclass(frozen=True)
class Allocation:
    exit_id: int
    lot_id: int
    part: str
    quantity: Decimal
    on: date
    component: Component
    late: bool  # allocated after the lot's due date: flagged, never silent


@dataclass(frozen=True)
class Shortfall:
    """A demand the lots cannot cover; lists every lot of the part, open or not, with
    why it could not be used, so the user sees what is missing."""

    exit_id: int
    part: str
    on: date
    needed: Decimal
    covered: Decimal
    candidates: tuple[tuple[int, str, int, date, Decimal, str], ...]

    def message(self) -> str:
        lines = [
            f"exit {self.exit_id}: {self.part} needs {self.needed} on {self.on.isoformat()}, "
            f"lots cover {self.covered}"
        ]
        for lot_id, pedimento, line, start, balance, why in self.candidates:
            lines.append(
                f"  lot {lot_id} pedimento {pedimento} line {line} from {start.isoformat()}: "
                f"balance {balance} ({why})"
            )
        if not self.candidates:
            lines.append("  no temporary import of this part is in the ledger")
        return "\n".join(lines)


@dataclass(frozen=True)
class Method:
    """A discharge method: the order lots are drawn in, and which lots a demand may use."""

    name: str
    key: Callable[[Lot], tuple[object, ...]]
    admits: Callable[[Lot, Demand], bool]


def fifo_key(lot: Lot) -> tuple[object, ...]:
    """Oldest term start first; then pedimento, line and lot id (a total order)."""
    return (lot.start, lot.pedimento, lot.line, lot.id)


def _started(lot: Lot, demand: Demand) -> bool:
    return lot.start <= demand.on


def _named(lot: Lot, demand: Demand) -> bool:
    """Only the lot the exit names, when it names one; any started lot otherwise."""
    return _started(lot, demand) and (demand.lot_id is None or lot.id == demand.lot_id)


# both honour the lot an exit names (record 512 of a same-state return); "specific" is kept
# as the name users know for discharging by named lots
FIFO = Method("fifo", fifo_key, _named)
SPECIFIC = Method("specific", fifo_key, _named)
METHODS: dict[str, Method] = {"fifo": FIFO, "specific": SPECIFIC}

# Same-day ordering: exits are discharged by date, then by the order the caller gives
# (exit id, i.e. the order they entered the journal), then component. Lots that start on
# the exit's own date are usable (RLA art. 173 starts the term that day).
_COMPONENTS = {c: i for i, c in enumerate(Component)}


def discharge(
    lots: Sequence[Lot], demands: Sequence[Demand], method: Method = FIFO
) -> tuple[list[Allocation], list[Shortfall]]:
    balance: dict[int, Decimal] = {lot.id: lot.balance for lot in lots}
    by_part: dict[str, list[Lot]] = {}
    for lot in lots:
        by_part.setdefault(lot.part, []).append(lot)
    for group in by_part.values():
        group.sort(key=method.key)
    first: dict[str, int] = dict.fromkeys(by_part, 0)  # the lots before it are exhausted
    allocations: list[Allocation] = []
    shortfalls: list[Shortfall] = []
    ordered = sorted(demands, key=lambda d: (d.on, d.exit_id, _COMPONENTS[d.component], d.part))
    for demand in ordered:
        group = by_part.get(demand.part, [])
        index = first.get(demand.part, 0)
        while index < len(group) and balance[group[index].id] <= 0:
            index += 1
        first[demand.part] = index
        needed = demand.quantity
        taken: list[Allocation] = []
        while needed > 0 and index < len(group):
            lot = group[index]
            index += 1
            left = balance[lot.id]
            if not method.admits(lot, demand):
                if lot.start > demand.on:
                    break  # sorted by start: no later lot has started either
                continue
            if left <= 0:
                continue
            take = min(left, needed)
            late = lot.due is not None and demand.on > lot.due
            taken.append(
                Allocation(
                    demand.exit_id, lot.id, demand.part, take, demand.on, demand.component, late
                )
            )
            balance[lot.id] = left - take
            needed -= take
        if needed > 0:
            for allocation in taken:  # a demand is covered whole or not at all
                balance[allocation.lot_id] += allocation.quantity
            current = [replace(lot, balance=balance[lot.id]) for lot in group]
            shortfalls.append(_shortfall(demand, current, demand.quantity - needed))
            continue
        allocations.extend(taken)
    return allocations, shortfalls


def _shortfall(demand: Demand, lots: list[Lot], covered: Decimal) -> Shortfall:
    rows = []
    for lot in sorted(lots, key=lambda x: (x.start, x.pedimento, x.line, x.id)):
        if lot.start > demand.on:
            why = "starts after the exit"
        elif lot.balance <= 0:
            why = "fully discharged"
        elif demand.lot_id is not None and lot.id != demand.lot_id:
            why = "not the lot the exit names"
        else:
            why = "open"
        rows.append((lot.id, lot.pedimento, lot.line, lot.start, lot.balance, why))
    return Shortfall(demand.exit_id, demand.part, demand.on, demand.quantity, covered, tuple(rows))
