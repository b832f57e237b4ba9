"""What the Article 2.5 computation reads from the journal: posted returns, the lots they
consumed, the rates and the duties paid at destination."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from maquila.ledger.art25 import Consumed, Rate, Return
from maquila.ledger.store import models as m
from maquila.ledger.store.queries import live


def rates(session: Session, company: m.Company) -> list[Rate]:
    rows = session.scalars(select(m.DutyRate).where(m.DutyRate.company_id == company.id))
    return [
        Rate(r.fraccion, r.basis, Decimal(r.percent), r.valid_from, r.valid_to, r.reference or "")
        for r in rows
    ]


def returns(
    session: Session, company: m.Company, start: date, end: date
) -> list[tuple[Return, list[Consumed]]]:
    """Exits of export pedimentos dated in [start, end] with live allocations."""
    duties = {
        (d.pedimento, d.secuencia): d
        for d in session.scalars(
            select(m.DestinationDuty).where(m.DestinationDuty.company_id == company.id)
        )
    }
    evidence = _evidence(session, company)
    st = {
        pid
        for (pid,) in session.execute(
            select(m.Identifier.pedimento_id).where(m.Identifier.clave == "ST")
        )
    }
    exits = session.execute(
        select(m.Entry, m.PedimentoLine, m.Pedimento)
        .join(m.PedimentoLine, m.Entry.line_id == m.PedimentoLine.id)
        .join(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
        .where(
            m.Entry.company_id == company.id, m.Entry.kind == "exit", live(m.Entry),
            m.Pedimento.operation == 2, m.Entry.on >= start, m.Entry.on <= end,
        )
        .order_by(m.Entry.on, m.Entry.id)
    )  # fmt: skip
    out = []
    for entry, line, pedimento in exits:
        consumed = _consumed(session, entry.id, evidence)
        if not consumed:
            continue  # not discharged yet: nothing to compute
        paid = duties.get((pedimento.number, line.secuencia))
        amount, unconverted = None, False
        if paid is not None:
            amount = Decimal(paid.amount)
            if paid.currency != "MXN":  # converted at the return pedimento's rate (stated)
                if pedimento.exchange_rate is None:
                    amount, unconverted = None, True
                else:
                    amount = amount * Decimal(pedimento.exchange_rate)
        out.append(
            (
                Return(
                    entry.id, pedimento.number, line.secuencia, entry.part_number, entry.on,
                    line.destination or pedimento.destination, pedimento.exchange_rate,
                    pedimento.id in st, amount,
                    paid.entry_number if paid else None, unconverted,
                ),
                consumed,
            )
        )  # fmt: skip
    return out


def _evidence(session: Session, company: m.Company) -> dict[tuple[str, int, str], str]:
    rows = session.scalars(
        select(m.OriginEvidence).where(m.OriginEvidence.company_id == company.id)
    )
    return {(e.pedimento, e.secuencia, e.part_number): e.certificate for e in rows}


def _consumed(
    session: Session, exit_id: int, evidence: dict[tuple[str, int, str], str]
) -> list[Consumed]:
    lot = aliased(m.Entry)
    rows = session.execute(
        select(m.Entry, lot, m.PedimentoLine, m.Pedimento.number)
        .join(lot, m.Entry.lot_id == lot.id)
        .join(m.PedimentoLine, lot.line_id == m.PedimentoLine.id)
        .join(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
        .where(m.Entry.exit_id == exit_id, m.Entry.kind == "allocation", live(m.Entry))
        .order_by(m.Entry.id)
    )
    out = []
    for allocation, lot_entry, line, number in rows:
        certificate = line.usmca_certificate or evidence.get(
            (number, line.secuencia, line.part_number)
        )
        share = Decimal(allocation.quantity) / Decimal(lot_entry.quantity)
        value = None if line.customs_value_mxn is None else Decimal(line.customs_value_mxn) * share
        out.append(
            Consumed(
                lot_entry.id, allocation.part_number, line.fraccion, Decimal(allocation.quantity),
                value, line.origin_country, certificate, lot_entry.on,
                allocation.component or "",
            )
        )  # fmt: skip
    return out
