"""Ledger reports as tables (Polars frames, written as CSV, Excel or Parquet by the CLI).

Decimals are written as text so that no float ever carries a quantity or an amount.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from sqlalchemy.orm import Session

from maquila.ledger.store import models as m
from maquila.ledger.store.queries import LotView, lots

CENTS = Decimal("0.01")

BALANCE_COLUMNS = (
    "pedimento", "secuencia", "part_number", "fraccion", "clave", "origin_country", "start",
    "due", "due_basis", "imported", "discharged", "balance", "value_at_stake_mxn", "status",
)  # fmt: skip


def _at_stake(lot: LotView) -> str | None:
    unit = lot.unit_value_mxn
    if unit is None:
        return None
    return str((unit * lot.balance).quantize(CENTS, rounding=ROUND_HALF_UP))


def _status(lot: LotView, on: date) -> str:
    if lot.balance <= 0:
        return "closed"
    if lot.due.on is not None and lot.due.on < on:
        return "overdue"
    return "open"


def _row(lot: LotView, on: date) -> dict[str, object]:
    return {
        "pedimento": lot.pedimento,
        "secuencia": lot.secuencia,
        "part_number": lot.part,
        "fraccion": lot.fraccion,
        "clave": lot.clave,
        "origin_country": lot.origin_country,
        "start": lot.start.isoformat(),
        "due": lot.due.on.isoformat() if lot.due.on else None,
        "due_basis": lot.due.basis,
        "imported": str(lot.quantity),
        "discharged": str(lot.used),
        "balance": str(lot.balance),
        "value_at_stake_mxn": _at_stake(lot),
        "status": _status(lot, on),
    }


def _frame(rows: list[dict[str, object]], extra: tuple[str, ...] = ()) -> pl.DataFrame:
    schema: dict[str, type[pl.DataType]] = {c: pl.Utf8 for c in BALANCE_COLUMNS + extra}
    schema["secuencia"] = pl.Int64
    if "days_left" in extra:
        schema["days_left"] = pl.Int64
    return pl.DataFrame(rows, schema=schema)


def balances_table(
    session: Session, company: m.Company, *, include_closed: bool = False, on: date | None = None
) -> pl.DataFrame:
    """Anexo 24 A, "saldos de mercancía de importación temporal": every lot's balance."""
    today = on or date.today()
    rows = [_row(lot, today) for lot in lots(session, company) if include_closed or lot.balance > 0]
    return _frame(rows)


def expiring_table(session: Session, company: m.Company, *, as_of: date, days: int) -> pl.DataFrame:
    """Open lots overdue on ``as_of`` or due within ``days`` after it (LA art. 108 terms)."""
    rows = []
    for lot in lots(session, company):
        if lot.balance <= 0 or lot.due.on is None:
            continue
        left = (lot.due.on - as_of).days
        if left <= days:
            rows.append({**_row(lot, as_of), "days_left": left})
    rows.sort(key=lambda r: (r["days_left"], r["pedimento"], r["secuencia"]))
    return _frame(rows, ("days_left",))
