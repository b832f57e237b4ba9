"""Anexo 24 reports of fixed assets (serial, brand, model) and of lots whose fracción is
on a list of sensitive goods in force on the lot's date."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from maquila.ledger.assets import on_list
from maquila.ledger.store import models as m
from maquila.ledger.store.queries import LotView, lots

ASSET_COLUMNS = (
    "pedimento", "secuencia", "part_number", "description", "fraccion", "start", "due",
    "due_basis", "units", "balance", "serial", "brand", "model", "location", "missing",
)  # fmt: skip


def _declared(session: Session, company: m.Company) -> dict[tuple[str, int], m.PedimentoLine]:
    query = (
        select(m.PedimentoLine, m.Pedimento.number)
        .join(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
        .where(m.Pedimento.company_id == company.id, m.Pedimento.rectified_by.is_(None))
    )
    return {(n, line.secuencia): line for line, n in session.execute(query)}


def fixed_assets_table(session: Session, company: m.Company) -> pl.DataFrame:
    """Every fixed-asset lot still in the country, one row per serial loaded; the units of a
    lot without a serial are one row saying so (never left out)."""
    declared = _declared(session, company)
    serials: dict[tuple[str, int], list[m.FixedAsset]] = {}
    for asset in session.scalars(
        select(m.FixedAsset)
        .where(m.FixedAsset.company_id == company.id)
        .order_by(m.FixedAsset.serial)
    ):
        serials.setdefault((asset.pedimento, asset.secuencia), []).append(asset)
    rows: list[dict[str, object]] = []
    for lot in lots(session, company):
        if lot.category != "activo_fijo" or lot.balance <= 0:
            continue
        line = declared.get((lot.pedimento, lot.secuencia))
        base = _asset_row(lot, line)
        known = serials.get((lot.pedimento, lot.secuencia), [])
        for asset in known:
            rows.append(
                {
                    **base, "serial": asset.serial, "brand": asset.brand or base["brand"],
                    "model": asset.model or base["model"], "location": asset.location,
                }
            )  # fmt: skip
        left = lot.quantity - len(known)
        if left > 0:
            rows.append({**base, "missing": f"serial of {format(left.normalize(), 'f')} units"})
    return pl.DataFrame(
        rows, schema={c: pl.Int64 if c == "secuencia" else pl.Utf8 for c in ASSET_COLUMNS}
    )


def _asset_row(lot: LotView, line: m.PedimentoLine | None) -> dict[str, object]:
    return {
        "pedimento": lot.pedimento, "secuencia": lot.secuencia, "part_number": lot.part,
        "description": line.description if line else None, "fraccion": lot.fraccion,
        "start": lot.start.isoformat(), "due": lot.due.on.isoformat() if lot.due.on else None,
        "due_basis": lot.due.basis, "units": format(lot.quantity.normalize(), "f"),
        "balance": format(lot.balance.normalize(), "f"),
        "brand": line.brand if line else None, "model": line.model if line else None,
    }  # fmt: skip


SENSITIVE_COLUMNS = (
    "pedimento", "secuencia", "part_number", "fraccion", "start", "clave", "balance",
    "list", "code", "valid_from", "valid_to", "source",
)  # fmt: skip


def sensitive_table(session: Session, company: m.Company) -> pl.DataFrame:
    """Temporary-import lots whose fracción was on a loaded list on the lot's date (the
    date the goods entered: a rectification keeps the original one). A list loaded later
    with an earlier ``valid_from`` flags the lots it covers: the flag is computed, not
    stored."""
    listed = list(
        session.scalars(select(m.SensitiveGood).where(m.SensitiveGood.company_id == company.id))
    )
    rows: list[dict[str, object]] = []
    for lot in lots(session, company):
        for item in listed:
            if on_list(lot.fraccion, item.code, lot.start, item.valid_from, item.valid_to):
                rows.append(
                    {
                        "pedimento": lot.pedimento, "secuencia": lot.secuencia,
                        "part_number": lot.part, "fraccion": lot.fraccion,
                        "start": lot.start.isoformat(), "clave": lot.clave,
                        "balance": format(Decimal(lot.balance).normalize(), "f"),
                        "list": item.list, "code": item.code,
                        "valid_from": item.valid_from.isoformat(),
                        "valid_to": item.valid_to.isoformat() if item.valid_to else None,
                        "source": item.source,
                    }
                )  # fmt: skip
    return pl.DataFrame(
        rows, schema={c: pl.Int64 if c == "secuencia" else pl.Utf8 for c in SENSITIVE_COLUMNS}
    )
