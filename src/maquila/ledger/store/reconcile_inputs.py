"""What the reconciliation reads from the store: declared contributions by pedimento,
the complementary pedimentos (CT) that name a return in their record 512, and the IGI
rate each import partida declared (record 556)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from maquila.ledger.reconcile import Declared
from maquila.ledger.store import models as m


def declared(session: Session, company: m.Company, code: str) -> dict[str, list[Declared]]:
    """Contributions of Apéndice 12 ``code`` per return pedimento: its own, and those of
    the complementary pedimentos that discharge it."""
    rows = session.execute(
        select(m.Contribution, m.Pedimento.number)
        .join(m.Pedimento, m.Contribution.pedimento_id == m.Pedimento.id)
        .where(
            m.Pedimento.company_id == company.id,
            m.Pedimento.rectified_by.is_(None),
            m.Pedimento.withdrawn.is_(None),
            m.Contribution.contribution == code,
            m.Contribution.record.in_(("510", "557", "702")),
        )
    )
    own: dict[str, list[Declared]] = {}
    for c, number in rows:
        own.setdefault(number, []).append(
            Declared(
                number, c.record, c.secuencia, c.payment_form,
                None if c.amount is None else Decimal(c.amount),
            )
        )  # fmt: skip
    links = session.execute(
        select(m.Descargo.original, m.Pedimento.number)
        .join(m.Pedimento, m.Descargo.pedimento_id == m.Pedimento.id)
        .where(m.Pedimento.company_id == company.id, m.Pedimento.clave == "CT")
    )
    out: dict[str, list[Declared]] = {k: list(v) for k, v in own.items()}
    for original, complementary in links:
        out.setdefault(original, []).extend(own.get(complementary, []))
    return out


def import_rates(
    session: Session, company: m.Company, code: str
) -> dict[int, tuple[Decimal, str | None]]:
    """The rate and rate type (Apéndice 18 code, as declared) each import line declared
    for ``code`` (record 556), by lot id."""
    query = (
        select(m.Entry.id, m.Contribution.rate, m.Contribution.rate_type)
        .join(m.PedimentoLine, m.Entry.line_id == m.PedimentoLine.id)
        .join(
            m.Contribution,
            (m.Contribution.pedimento_id == m.PedimentoLine.pedimento_id)
            & (m.Contribution.secuencia == m.PedimentoLine.secuencia),
        )
        .where(
            m.Entry.company_id == company.id,
            m.Entry.kind == "lot",
            m.Contribution.record == "556",
            m.Contribution.contribution == code,
        )
    )
    return {
        lot: (Decimal(rate), kind) for lot, rate, kind in session.execute(query) if rate is not None
    }


def import_igi(
    session: Session, company: m.Company, code: str, start: date, end: date
) -> list[tuple[m.Pedimento, m.PedimentoLine, list[m.Contribution]]]:
    """Import partidas paid in [start, end] with the contributions of ``code`` their
    records 556 and 557 declare (a partida declaring none is listed with none)."""
    query = (
        select(m.Pedimento, m.PedimentoLine)
        .join(m.PedimentoLine, m.PedimentoLine.pedimento_id == m.Pedimento.id)
        .where(
            m.Pedimento.company_id == company.id,
            m.Pedimento.operation == 1,
            m.Pedimento.rectified_by.is_(None),
            m.Pedimento.withdrawn.is_(None),
            m.Pedimento.paid_on >= start,
            m.Pedimento.paid_on <= end,
        )
        .order_by(m.Pedimento.paid_on, m.Pedimento.number, m.PedimentoLine.secuencia)
    )
    found = list(session.execute(query))
    ids = {p.id for p, _ in found}
    by: dict[tuple[int, int | None], list[m.Contribution]] = {}
    if ids:
        for c in session.scalars(
            select(m.Contribution).where(
                m.Contribution.pedimento_id.in_(ids),
                m.Contribution.contribution == code,
                m.Contribution.record.in_(("556", "557")),
            )
        ):
            by.setdefault((c.pedimento_id, c.secuencia), []).append(c)
    return [(p, line, by.get((p.id, line.secuencia), [])) for p, line in found]
