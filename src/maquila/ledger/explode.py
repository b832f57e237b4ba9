"""Explode an exit through the bill of materials in force on its date.

Anexo 24 A ("información sobre materiales utilizados") asks for the materials each
product consumed, mermas and desperdicios included. A BOM line states the net quantity
of a component per unit of product and, as percentages of that net quantity, the merma
and the desperdicio (the reading maquila uses; docs/ledger-formats.md). A component that
is itself a product with a BOM (a subassembly made in the plant) is exploded in turn, for
its gross quantity (net + merma + desperdicio). Quantities are kept to six decimals,
rounded half up, so that conservation is exact in the ledger.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from maquila.ledger.discharge import Component, Demand

PLACES = Decimal("0.000001")
HUNDRED = Decimal(100)


def q(value: Decimal) -> Decimal:
    """A ledger quantity: six decimals, half up."""
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BomLine:
    component: str
    quantity: Decimal  # net, per unit of the product
    merma_pct: Decimal = Decimal(0)
    desperdicio_pct: Decimal = Decimal(0)


@dataclass(frozen=True)
class Bom:
    product: str
    version: str
    valid_from: date
    valid_to: date | None  # inclusive; None: open-ended
    lines: tuple[BomLine, ...]

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Exit:
    """A quantity of a product (exploded) or of a material (same state) leaving."""

    id: int
    part: str
    quantity: Decimal
    on: date
    lot_id: int | None = None


@dataclass(frozen=True)
class ExplodeError:
    exit_id: int
    part: str
    problem: str


def bom_in_force(boms: Sequence[Bom], on: date) -> Bom | None:
    found = [b for b in boms if b.in_force(on)]
    return found[0] if len(found) == 1 else None


def explode(
    exit_: Exit, boms: Mapping[str, Sequence[Bom]], materials: set[str]
) -> tuple[list[Demand], list[ExplodeError]]:
    if exit_.part in materials and exit_.part not in boms:
        demand = Demand(exit_.id, exit_.part, q(exit_.quantity), exit_.on, lot_id=exit_.lot_id)
        return [demand], []
    demands: list[Demand] = []
    errors: list[ExplodeError] = []
    _walk(exit_, exit_.part, exit_.quantity, boms, materials, (exit_.part,), demands, errors)
    return demands, errors


def _in_force(
    exit_: Exit, product: str, versions: Sequence[Bom], errors: list[ExplodeError]
) -> Bom | None:
    """The one BOM version of ``product`` in force on the exit's date, or an error listing
    the versions there are."""
    bom = bom_in_force(versions, exit_.on)
    if bom is None:
        listed = ", ".join(
            f"{b.version} ({b.valid_from.isoformat()} to "
            f"{b.valid_to.isoformat() if b.valid_to else 'open'})"
            for b in versions
        )
        errors.append(
            ExplodeError(
                exit_.id, product, f"no single BOM in force on {exit_.on.isoformat()}: {listed}"
            )
        )
    return bom


def _walk(
    exit_: Exit,
    product: str,
    units: Decimal,
    boms: Mapping[str, Sequence[Bom]],
    materials: set[str],
    chain: tuple[str, ...],
    demands: list[Demand],
    errors: list[ExplodeError],
) -> None:
    versions = boms.get(product)
    if not versions:
        errors.append(
            ExplodeError(exit_.id, product, "neither a material nor a product with a BOM")
        )
        return
    bom = _in_force(exit_, product, versions, errors)
    if bom is None:
        return
    for line in bom.lines:
        net = units * line.quantity
        merma = net * line.merma_pct / HUNDRED
        desperdicio = net * line.desperdicio_pct / HUNDRED
        if line.component in chain:
            chain_text = " -> ".join((*chain, line.component))
            errors.append(ExplodeError(exit_.id, line.component, f"a BOM cycle: {chain_text}"))
            continue
        if line.component in boms:  # a subassembly made here: its own materials
            gross = net + merma + desperdicio
            chained = (*chain, line.component)
            _walk(exit_, line.component, gross, boms, materials, chained, demands, errors)
            continue
        if line.component not in materials:
            errors.append(
                ExplodeError(
                    exit_.id,
                    line.component,
                    f"component of {product} is not in the materials catalog",
                )
            )
            continue
        for component, quantity in (
            (Component.NET, net),
            (Component.MERMA, merma),
            (Component.DESPERDICIO, desperdicio),
        ):
            if quantity > 0:
                demands.append(Demand(exit_.id, line.component, q(quantity), exit_.on, component))
