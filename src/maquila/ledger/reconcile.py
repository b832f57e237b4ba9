"""Reconciliation of the ledger with what the pedimentos declare (issue 11).

Per return pedimento: the USMCA Article 2.5 duty the ledger computes from the posted
discharge (maquila.ledger.art25) against the contribution the pedimentos declare for it,
Anexo 22 Apéndice 12 code 12 (records 510 at pedimento level, else the sum of the
partidas' 557; and any complementary pedimento, clave CT, whose record 512 names the
return). Per consumed lot: the IGI rate the computation used (the loaded rates) against
the rate the import pedimento declared for the partida (record 556, code 6).

A computation that is undetermined is never compared as if it were a figure; a
declaration missing is "not_declared", never zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from maquila.verdict import Agreement

CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Declared:
    """Contributions of one Apéndice 12 code a pedimento declares."""

    pedimento: str
    record: str  # 510, 557 or 702
    secuencia: int | None
    payment_form: str | None
    amount: Decimal | None


def declared_total(items: list[Declared]) -> tuple[Decimal | None, list[str]]:
    """The amount declared, pedimento by pedimento: its 510 when it has one (the
    pedimento-level total), else the sum of its 557 (partidas); plus its 702
    (rectification differences). None when nothing with an amount is declared."""
    by: dict[str, list[Declared]] = defaultdict(list)
    for item in items:
        if item.amount is not None:
            by[item.pedimento].append(item)
    if not by:
        return None, []
    total = Decimal(0)
    forms: set[str] = set()
    for rows in by.values():
        head = [r for r in rows if r.record == "510"]
        chosen = (head or [r for r in rows if r.record == "557"]) + [
            r for r in rows if r.record == "702"
        ]
        total += sum((r.amount for r in chosen if r.amount is not None), Decimal(0))
        forms.update(r.payment_form for r in chosen if r.payment_form)
    return total, sorted(forms)


def status(computed: Decimal | None, declared: Decimal | None, undetermined: bool) -> Agreement:
    """The computed figure against the declared one; nothing declared for a computed 0
    agrees, and an undetermined figure is never compared."""
    if undetermined or computed is None:
        return Agreement.UNDETERMINED
    if declared is None:
        return Agreement.AGREES if computed == 0 else Agreement.NOT_DECLARED
    same = computed.quantize(CENTS, ROUND_HALF_UP) == declared
    return Agreement.AGREES if same else Agreement.DIFFERS
