"""Derived views of the journal: lots with balances and due dates, pending exits, BOMs.

Nothing here is stored: a balance is the lot's quantity less its allocations that no
reversal undid; a due date comes from the lot's category and start (LA art. 108) or its
latest extension; an exit is pending while no live allocation points at it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from maquila.ledger.calendar import Calendar, shipped
from maquila.ledger.explode import Bom, BomLine
from maquila.ledger.store import models as m
from maquila.ledger.terms import Due, due_date

E = m.Entry


def live(entry: Any) -> ColumnElement[bool]:
    """No reversal entry points at ``entry`` (the Entry class or an alias of it)."""
    undo = aliased(m.Entry)
    return ~exists().where(undo.reverses_id == entry.id)


@dataclass(frozen=True)
class LotView:
    id: int
    part: str
    pedimento: str
    secuencia: int
    clave: str
    start: date
    category: str
    quantity: Decimal
    used: Decimal
    due: Due
    customs_value_mxn: Decimal | None
    value_usd: Decimal | None
    origin_country: str | None
    usmca_certificate: str | None
    fraccion: str

    @property
    def balance(self) -> Decimal:
        return self.quantity - self.used

    @property
    def unit_value_mxn(self) -> Decimal | None:
        if self.customs_value_mxn is None or not self.quantity:
            return None
        return self.customs_value_mxn / self.quantity


def _used() -> Subquery:
    alloc = aliased(m.Entry)
    return (
        select(alloc.lot_id, func.sum(alloc.quantity).label("used"))
        .where(alloc.kind == "allocation", live(alloc))
        .group_by(alloc.lot_id)
        .subquery()
    )


def lots(session: Session, company: m.Company, parts: set[str] | None = None) -> list[LotView]:
    used = _used()
    query = (
        select(E, m.PedimentoLine, m.Pedimento, func.coalesce(used.c.used, 0))
        .join(m.PedimentoLine, E.line_id == m.PedimentoLine.id)
        .join(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
        .outerjoin(used, used.c.lot_id == E.id)
        .where(E.company_id == company.id, E.kind == "lot", live(E))
        .order_by(E.on, m.Pedimento.number, m.PedimentoLine.secuencia, E.id)
    )
    if parts is not None:
        query = query.where(E.part_number.in_(parts))
    extended = _extensions(session, company)
    days = calendar(session, company)
    out = []
    for entry, line, pedimento, spent in session.execute(query):
        ext = extended.get(entry.id)
        due = due_date(
            category=entry.category or "",
            start=entry.on,
            programme_end=company.programme_to,
            extended_to=ext[0] if ext else None,
            extension_ref=ext[1] if ext else None,
            calendar=days,
        )
        out.append(
            LotView(
                entry.id,
                entry.part_number,
                pedimento.number,
                line.secuencia,
                pedimento.clave,
                entry.on,
                entry.category or "",
                Decimal(entry.quantity),
                Decimal(spent),
                due,
                line.customs_value_mxn,
                line.value_usd,
                line.origin_country,
                line.usmca_certificate,
                line.fraccion,
            )
        )
    return out


def calendar(session: Session, company: m.Company) -> Calendar:
    """The CFF art. 12 calendar with the days the company loaded (non_business_days)."""
    loaded = session.scalars(
        select(m.NonBusinessDay.day).where(m.NonBusinessDay.company_id == company.id)
    )
    return shipped().with_days(loaded)


def _extensions(session: Session, company: m.Company) -> dict[int, tuple[date, str | None]]:
    rows = session.execute(
        select(E.lot_id, E.due_on, E.reference)
        .where(E.company_id == company.id, E.kind == "extension", live(E))
        .order_by(E.id)
    )
    # the latest wins
    return {lot_id: (due_on, ref) for lot_id, due_on, ref in rows if lot_id and due_on}


@dataclass(frozen=True)
class ExitView:
    id: int
    part: str
    quantity: Decimal
    on: date
    reference: str | None
    pedimento: str
    secuencia: int
    clave: str
    destination: str | None


def pending_exits(session: Session, company: m.Company, as_of: date) -> list[ExitView]:
    alloc = aliased(m.Entry)
    discharged = exists().where(
        and_(alloc.exit_id == E.id, alloc.kind == "allocation", live(alloc))
    )
    query = (
        select(E, m.PedimentoLine, m.Pedimento)
        .outerjoin(m.PedimentoLine, E.line_id == m.PedimentoLine.id)
        .outerjoin(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
        .where(E.company_id == company.id, E.kind == "exit", E.on <= as_of, live(E), ~discharged)
        .order_by(E.on, E.id)
    )
    return [exit_view(e, line, p) for e, line, p in session.execute(query)]


def exit_view(e: m.Entry, line: m.PedimentoLine | None, p: m.Pedimento | None) -> ExitView:
    """An exit of a pedimento, or a movement with its document (destruction, donation)."""
    if line is None or p is None:
        return ExitView(e.id, e.part_number, Decimal(e.quantity), e.on, e.reference,
                        e.document or "", 0, e.category or "", None)  # fmt: skip
    return ExitView(e.id, e.part_number, Decimal(e.quantity), e.on, e.reference, p.number,
                    line.secuencia, p.clave, line.destination or p.destination)  # fmt: skip


def boms(session: Session, company: m.Company) -> dict[str, list[Bom]]:
    lines: dict[int, list[BomLine]] = defaultdict(list)
    query = (
        select(m.BomLine).join(m.Bom).where(m.Bom.company_id == company.id).order_by(m.BomLine.id)
    )
    for line in session.scalars(query):
        lines[line.bom_id].append(
            BomLine(
                line.component,
                Decimal(line.quantity),
                Decimal(line.merma_pct),
                Decimal(line.desperdicio_pct),
            )
        )
    out: dict[str, list[Bom]] = defaultdict(list)
    for bom in session.scalars(
        select(m.Bom).where(m.Bom.company_id == company.id).order_by(m.Bom.valid_from)
    ):
        out[bom.product].append(
            Bom(bom.product, bom.version, bom.valid_from, bom.valid_to, tuple(lines[bom.id]))
        )
    return dict(out)


def material_parts(session: Session, company: m.Company) -> set[str]:
    return set(
        session.scalars(select(m.Material.part_number).where(m.Material.company_id == company.id))
    )
