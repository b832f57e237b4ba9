"""The Anexo 24 (Apartado A) reports, a kardex per material and the 12-month return ratio.

Reports of the module "Módulo de reportes" (../shared/domain/immex.md s. 1.2): entradas
(temporary imports), salidas (exits), saldos (maquila.ledger.reports.balances_table) and
materiales utilizados (what each exit consumed, merma and desperdicio included). All read
the live journal (entries no reversal undid).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from maquila.ledger.reports import in_unit, units
from maquila.ledger.store import models as m
from maquila.ledger.store.queries import exit_view, live
from maquila.ledger.terms import add_months

CENTS = Decimal("0.01")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def _frame(rows: Sequence[Mapping[str, object]], columns: tuple[str, ...]) -> pl.DataFrame:
    return pl.DataFrame(
        [{c: _text(r.get(c)) for c in columns} for r in rows], schema={c: pl.Utf8 for c in columns}
    )


def _journal(session: Session, company: m.Company, kind: str, start: date, end: date):  # type: ignore[no-untyped-def]
    return session.execute(
        select(m.Entry, m.PedimentoLine, m.Pedimento)
        .outerjoin(m.PedimentoLine, m.Entry.line_id == m.PedimentoLine.id)
        .outerjoin(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
        .where(
            m.Entry.company_id == company.id, m.Entry.kind == kind, live(m.Entry),
            m.Entry.on >= start, m.Entry.on <= end,
        )
        .order_by(m.Entry.on, m.Pedimento.number, m.PedimentoLine.secuencia)
    )  # fmt: skip


ENTRADAS = (
    "pedimento", "clave", "date", "secuencia", "part_number", "fraccion", "nico", "quantity",
    "qty_umc", "umc", "qty_umt", "umt", "customs_value_mxn", "value_usd", "origin_country",
    "usmca_certificate",
)  # fmt: skip


def entradas(session: Session, company: m.Company, start: date, end: date) -> pl.DataFrame:
    """Temporary imports (lots) whose term started in [start, end]."""
    rows = [
        {
            **{name: getattr(line, name) for name in m.LINE_FIELDS},
            "pedimento": p.number,
            "clave": p.clave,
            "date": e.on,
            "quantity": e.quantity,
        }  # fmt: skip
        for e, line, p in _journal(session, company, "lot", start, end)
    ]
    return _frame(rows, ENTRADAS)


SALIDAS = (
    "pedimento", "clave", "date", "secuencia", "part_number", "fraccion", "quantity", "destination",
    "discharged",
)  # fmt: skip


def salidas(session: Session, company: m.Company, start: date, end: date) -> pl.DataFrame:
    """Exits (returns, transfers, changes of regime...) dated in [start, end]."""
    alloc = aliased(m.Entry)
    done = set(
        session.scalars(select(alloc.exit_id).where(alloc.kind == "allocation", live(alloc)))
    )
    rows = []
    for e, line, p in _journal(session, company, "exit", start, end):
        view = exit_view(e, line, p)
        rows.append(
            {
                "pedimento": view.pedimento, "clave": view.clave, "date": e.on,
                "secuencia": view.secuencia or None, "part_number": e.part_number,
                "fraccion": line.fraccion if line else None, "quantity": e.quantity,
                "destination": view.destination, "discharged": "yes" if e.id in done else "no",
            }
        )  # fmt: skip
    return _frame(rows, SALIDAS)


MATERIALES = (
    "exit_pedimento", "exit_secuencia", "date", "exported_part", "exported_description",
    "material", "description", "component", "quantity", "uom", "quantity_umc", "umc",
    "quantity_umt", "umt", "lot_pedimento", "lot_secuencia", "late", "run",
)  # fmt: skip


def materiales_utilizados(
    session: Session, company: m.Company, start: date, end: date
) -> pl.DataFrame:
    """What each exit in [start, end] consumed, by lot: consumo, merma, desperdicio."""
    exit_, lot = aliased(m.Entry), aliased(m.Entry)
    exit_line, lot_line = aliased(m.PedimentoLine), aliased(m.PedimentoLine)
    exit_ped, lot_ped = aliased(m.Pedimento), aliased(m.Pedimento)
    query = (
        select(m.Entry, exit_, exit_line, exit_ped, lot_line, lot_ped)
        .join(exit_, m.Entry.exit_id == exit_.id)
        .outerjoin(exit_line, exit_.line_id == exit_line.id)
        .outerjoin(exit_ped, exit_line.pedimento_id == exit_ped.id)
        .join(lot, m.Entry.lot_id == lot.id)
        .join(lot_line, lot.line_id == lot_line.id)
        .join(lot_ped, lot_line.pedimento_id == lot_ped.id)
        .where(
            m.Entry.company_id == company.id, m.Entry.kind == "allocation", live(m.Entry),
            m.Entry.on >= start, m.Entry.on <= end,
        )
        .order_by(m.Entry.on, exit_ped.number, exit_line.secuencia, m.Entry.id)
    )  # fmt: skip
    catalog = units(session, company)
    products = {
        p.part_number: p.description
        for p in session.scalars(select(m.Product).where(m.Product.company_id == company.id))
    }
    rows = [
        {
            "exit_pedimento": ep.number if ep else ex.document,
            "exit_secuencia": el.secuencia if el else None,
            "date": a.on,
            "exported_part": ex.part_number,
            "exported_description": products.get(ex.part_number)
            or _describe(catalog.get(ex.part_number)),
            "material": a.part_number,
            "component": a.component,
            "quantity": a.quantity,
            **_units(catalog.get(a.part_number), Decimal(a.quantity)),
            "lot_pedimento": lp.number,
            "lot_secuencia": ll.secuencia,
            "late": "yes" if a.late else "no",
            "run": a.run_id,
        }  # fmt: skip
        for a, ex, el, ep, ll, lp in session.execute(query)
    ]
    return _frame(rows, MATERIALES)


def _describe(item: m.Material | None) -> str | None:
    return item.description if item else None


def _units(item: m.Material | None, quantity: Decimal) -> dict[str, object]:
    """Description, inventory unit, and the quantity in UMC and UMT (catalog factors)."""
    if item is None:
        return {}
    return {
        "description": item.description, "uom": item.uom,
        "quantity_umc": in_unit(quantity, item.umc_factor), "umc": item.umc,
        "quantity_umt": in_unit(quantity, item.umt_factor), "umt": item.umt,
    }  # fmt: skip


KARDEX = ("date", "movement", "pedimento", "secuencia", "document", "in", "out", "balance")


def kardex(session: Session, company: m.Company, part: str) -> pl.DataFrame:
    """Every movement of one material in date order, with the running balance: lots in,
    allocations out, reversals undoing either (shown as the opposite movement)."""
    rows: list[dict[str, object]] = []
    entries = list(
        session.scalars(
            select(m.Entry)
            .where(m.Entry.company_id == company.id, m.Entry.part_number == part)
            .where(m.Entry.kind.in_(("lot", "allocation", "reversal")))
            .order_by(m.Entry.on, m.Entry.id)
        )
    )
    # only the lots and exits these movements name: a kardex never reads the whole journal
    named = {e.lot_id or e.id for e in entries} | {e.exit_id for e in entries if e.exit_id}
    lines: dict[int, tuple[str, int]] = {}
    ids = sorted(named)
    for start in range(0, len(ids), 5000):  # bounded bind parameters per statement
        for e, line, p in session.execute(
            select(m.Entry, m.PedimentoLine, m.Pedimento)
            .outerjoin(m.PedimentoLine, m.Entry.line_id == m.PedimentoLine.id)
            .outerjoin(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
            .where(m.Entry.id.in_(ids[start : start + 5000]))
        ):
            lines[e.id] = (p.number, line.secuencia) if p and line else (e.document or "", 0)
    kinds = {}
    for entry in entries:
        kinds[entry.id] = entry.kind
        sign = Decimal(1)
        if entry.kind == "allocation":
            sign = Decimal(-1)
        elif entry.kind == "reversal":
            undone = kinds.get(entry.reverses_id or 0)
            if undone not in ("lot", "allocation"):
                continue
            sign = Decimal(1) if undone == "allocation" else Decimal(-1)
        lot_ref = lines.get(entry.lot_id or entry.id, ("", 0))
        document = lines.get(entry.exit_id or 0, ("", 0))[0]
        movement = entry.kind + (f" ({entry.component})" if entry.component else "")
        quantity = Decimal(entry.quantity)
        rows.append(
            {
                "date": entry.on, "movement": movement, "pedimento": lot_ref[0],
                "secuencia": lot_ref[1], "document": document or None,
                "in": quantity if sign > 0 else None, "out": quantity if sign < 0 else None,
                "signed": sign * quantity,
            }
        )  # fmt: skip
    balance = Decimal(0)
    for row in rows:
        balance += row.pop("signed")  # type: ignore[operator]
        row["balance"] = balance
    return _frame(rows, KARDEX)


def return_ratio(session: Session, company: m.Company, end: date) -> dict[str, object]:
    """Value returned over value temporarily imported, in the 12 months ending ``end``:
    the customs value of the lots that started in the window, and the customs value (pro
    rata) of what exits of export pedimentos in the window discharged. The 80 % figure
    certified companies must show (../shared/domain/immex.md s. 1.2 [S]) is read this way;
    the rule's own method was not seen (docs/legal-sources.md). Machinery and equipment
    (activo fijo) are left out: they stay for the programme's life."""
    start = add_months(end, -12) + timedelta(days=1)
    imported = Decimal(0)
    for entry, line, _ in _journal(session, company, "lot", start, end):
        if entry.category != "activo_fijo":  # machinery stays for the programme's life
            imported += Decimal(line.customs_value_mxn or 0)
    lot, exit_ = aliased(m.Entry), aliased(m.Entry)
    lot_line, exit_line = aliased(m.PedimentoLine), aliased(m.PedimentoLine)
    exit_ped = aliased(m.Pedimento)
    returned = Decimal(0)
    query = (
        select(m.Entry, lot, lot_line)
        .join(lot, m.Entry.lot_id == lot.id)
        .join(lot_line, lot.line_id == lot_line.id)
        .join(exit_, m.Entry.exit_id == exit_.id)
        .outerjoin(exit_line, exit_.line_id == exit_line.id)
        .outerjoin(exit_ped, exit_line.pedimento_id == exit_ped.id)
        .where(
            m.Entry.company_id == company.id, m.Entry.kind == "allocation", live(m.Entry),
            exit_ped.operation == 2, m.Entry.on >= start, m.Entry.on <= end,
        )
    )  # fmt: skip
    for allocation, lot_entry, line in session.execute(query):
        share = Decimal(allocation.quantity) / Decimal(lot_entry.quantity)
        returned += Decimal(line.customs_value_mxn or 0) * share
    ratio = None if not imported else (returned / imported * 100).quantize(CENTS, ROUND_HALF_UP)
    return {
        "from": start.isoformat(), "to": end.isoformat(),
        "imported_value_mxn": str(imported.quantize(CENTS)),
        "returned_value_mxn": str(returned.quantize(CENTS, ROUND_HALF_UP)),
        "ratio_percent": None if ratio is None else str(ratio),
    }  # fmt: skip


WASTE = ("material", "generated", "disposed", "pending")


def desperdicio(session: Session, company: m.Company, end: date) -> pl.DataFrame:
    """The waste register: desperdicio discharged through the BOMs up to ``end`` against the
    disposals recorded with their documents (destruction with aviso and acta, donation,
    return); what is pending still needs a destination (../shared/domain/immex.md s. 2.3)."""
    generated: dict[str, Decimal] = {}
    for entry in session.scalars(
        select(m.Entry).where(
            m.Entry.company_id == company.id, m.Entry.kind == "allocation", live(m.Entry),
            m.Entry.component == "desperdicio", m.Entry.on <= end,
        )
    ):  # fmt: skip
        generated[entry.part_number] = generated.get(entry.part_number, Decimal(0)) + entry.quantity
    disposed: dict[str, Decimal] = {}
    for entry in session.scalars(
        select(m.Entry).where(
            m.Entry.company_id == company.id, m.Entry.kind == "waste", live(m.Entry),
            m.Entry.on <= end,
        )
    ):  # fmt: skip
        disposed[entry.part_number] = disposed.get(entry.part_number, Decimal(0)) + entry.quantity
    rows = [
        {
            "material": part, "generated": generated.get(part, Decimal(0)),
            "disposed": disposed.get(part, Decimal(0)),
            "pending": generated.get(part, Decimal(0)) - disposed.get(part, Decimal(0)),
        }
        for part in sorted(set(generated) | set(disposed))
    ]  # fmt: skip
    return _frame(rows, WASTE)
