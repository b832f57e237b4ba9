"""Ledger reports as tables (Polars frames, written as CSV, Excel or Parquet by the CLI).

Decimals are written as text so that no float ever carries a quantity or an amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from maquila.ledger.discharge import Allocation
from maquila.ledger.store import models as m
from maquila.ledger.store.queries import LotView, lots

CENTS = Decimal("0.01")

BALANCE_COLUMNS = (
    "pedimento", "secuencia", "part_number", "description", "fraccion", "clave", "origin_country",
    "start", "due", "due_basis", "uom", "imported", "discharged", "balance", "umc", "balance_umc",
    "umt", "balance_umt", "value_at_stake_mxn", "status",
)  # fmt: skip


HEADER = ("rfc", "razon_social", "programa_immex")


def with_header(frame: pl.DataFrame, company: m.Company) -> pl.DataFrame:
    """The report with the company's RFC, razón social and IMMEX programme as its first
    columns: Anexo 24 (RGCE) asks every report to identify the holder of the programme."""
    values = (company.rfc, company.name, company.immex_number)
    head = [pl.lit(v, dtype=pl.Utf8).alias(c) for c, v in zip(HEADER, values, strict=True)]
    return frame.select([*head, *(pl.col(c) for c in frame.columns if c not in HEADER)])


def units(session: Session, company: m.Company) -> dict[str, m.Material]:
    """The materials catalog by part: description, inventory unit, UMC and UMT factors."""
    rows = session.scalars(select(m.Material).where(m.Material.company_id == company.id))
    return {row.part_number: row for row in rows}


def in_unit(quantity: Decimal, factor: object) -> str:
    """An inventory quantity in the UMC or UMT (factor: that unit per inventory unit)."""
    return format((quantity * Decimal(str(factor))).normalize(), "f")


DESCARGO_COLUMNS = (
    "exit", "lot", "part_number", "quantity", "uom", "quantity_umc", "umc", "quantity_umt",
    "umt", "date", "component", "late",
)  # fmt: skip


def descargo_table(
    session: Session, company: m.Company, allocations: Sequence[Allocation]
) -> pl.DataFrame:
    """A discharge run's allocations with each quantity in the UMC and UMT as well."""
    catalog = units(session, company)
    rows = []
    for a in allocations:
        item = catalog.get(a.part)
        rows.append(
            {
                "exit": a.exit_id, "lot": a.lot_id, "part_number": a.part,
                "quantity": str(a.quantity), "uom": item.uom if item else None,
                "quantity_umc": in_unit(a.quantity, item.umc_factor) if item else None,
                "umc": item.umc if item else None,
                "quantity_umt": in_unit(a.quantity, item.umt_factor) if item else None,
                "umt": item.umt if item else None, "date": a.on.isoformat(),
                "component": a.component.value, "late": a.late,
            }
        )  # fmt: skip
    schema: dict[str, type[pl.DataType]] = {c: pl.Utf8 for c in DESCARGO_COLUMNS}
    schema.update(exit=pl.Int64, lot=pl.Int64, late=pl.Boolean)
    return pl.DataFrame(rows, schema=schema)


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


def _row(lot: LotView, on: date, item: m.Material | None) -> dict[str, object]:
    return {
        "pedimento": lot.pedimento,
        "secuencia": lot.secuencia,
        "part_number": lot.part,
        "description": item.description if item else None,
        "fraccion": lot.fraccion,
        "uom": item.uom if item else None,
        "umc": item.umc if item else None,
        "balance_umc": in_unit(lot.balance, item.umc_factor) if item else None,
        "umt": item.umt if item else None,
        "balance_umt": in_unit(lot.balance, item.umt_factor) if item else None,
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
    catalog = units(session, company)
    rows = [
        _row(lot, today, catalog.get(lot.part))
        for lot in lots(session, company)
        if include_closed or lot.balance > 0
    ]
    return _frame(rows)


def expiring_table(session: Session, company: m.Company, *, as_of: date, days: int) -> pl.DataFrame:
    """Open lots overdue on ``as_of`` or due within ``days`` after it (LA art. 108 terms)."""
    rows = []
    catalog = units(session, company)
    for lot in lots(session, company):
        if lot.balance <= 0 or lot.due.on is None:
            continue
        left = (lot.due.on - as_of).days
        if left <= days:
            rows.append({**_row(lot, as_of, catalog.get(lot.part)), "days_left": left})
    rows.sort(key=lambda r: (r["days_left"], r["pedimento"], r["secuencia"]))
    return _frame(rows, ("days_left",))


FRACCION_COLUMNS = (
    "fraccion", "umt", "lots", "parts", "balance_umt", "value_at_stake_mxn", "lots_without_value",
    "earliest_due", "overdue_lots",
)  # fmt: skip


def balances_by_fraccion(session: Session, company: m.Company, *, on: date) -> pl.DataFrame:
    """Saldos by fracción and tariff unit: the open lots' balances in UMT (one fracción,
    one UMT, so they add up), their value at stake (lots of unknown value counted apart,
    never as zero), the earliest due date and the lots overdue on ``on``."""
    catalog = units(session, company)
    groups: dict[tuple[str, str | None], list[LotView]] = {}
    for lot in lots(session, company):
        if lot.balance > 0:
            item = catalog.get(lot.part)
            groups.setdefault((lot.fraccion, item.umt if item else None), []).append(lot)
    rows = []
    for (fraccion, umt), members in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or "")):
        # a part of no catalog has no known UMT (its group's umt is None): no sum, never 0
        balance_umt = None if umt is None else sum(
            (lot.balance * Decimal(str(catalog[lot.part].umt_factor)) for lot in members),
            Decimal(0),
        )  # fmt: skip
        known = [lot for lot in members if lot.unit_value_mxn is not None]
        value = sum((lot.unit_value_mxn * lot.balance for lot in known), Decimal(0))  # type: ignore[operator]
        dues = [lot.due.on for lot in members if lot.due.on is not None]
        rows.append(
            {
                "fraccion": fraccion, "umt": umt, "lots": str(len(members)),
                "parts": ", ".join(sorted({lot.part for lot in members})),
                "balance_umt": None if balance_umt is None
                else format(balance_umt.normalize(), "f"),
                "value_at_stake_mxn": str(value.quantize(CENTS, rounding=ROUND_HALF_UP)),
                "lots_without_value": str(len(members) - len(known)),
                "earliest_due": min(dues).isoformat() if dues else None,
                "overdue_lots": str(sum(1 for lot in members if _status(lot, on) == "overdue")),
            }
        )  # fmt: skip
    return pl.DataFrame(rows, schema={c: pl.Utf8 for c in FRACCION_COLUMNS})


def _cents(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENTS, rounding=ROUND_HALF_UP))


def art25_tables(
    session: Session, company: m.Company, *, basis: str, start: date, end: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """USMCA Art. 2.5 per return line (summary) and per consumed lot (detail)."""
    from maquila.ledger.art25 import compute
    from maquila.ledger.store.art25_inputs import rates, returns

    known = rates(session, company)
    summary: list[dict[str, object]] = []
    detail: list[dict[str, object]] = []
    for ret, consumed in returns(session, company, start, end):
        result = compute(ret, consumed, known, basis)
        summary.append(
            {
                "pedimento": ret.pedimento, "secuencia": ret.secuencia, "part_number": ret.part,
                "date": ret.on.isoformat(), "destination": ret.destination, "status": result.status,
                "duty_owed_mxn": str(result.duty_owed), "destination_duty_mxn":
                None if ret.destination_duty is None else str(ret.destination_duty.quantize(CENTS)),
                "destination_entry": ret.destination_entry, "relief_mxn": str(result.relief),
                "payable_mxn": str(result.payable),
                "due_by": result.due_by.isoformat() if result.due_by else None,
                "vehicle": result.vehicle, "missing": "; ".join(m.question for m in result.missing),
                "notes": "; ".join(result.notes),
            }
        )  # fmt: skip
        for line in result.lines:
            item = line.consumed
            detail.append(
                {
                    "pedimento": ret.pedimento, "secuencia": ret.secuencia, "lot": item.lot_id,
                    "material": item.part, "fraccion": item.fraccion, "component": item.component,
                    "quantity": str(item.quantity), "origin_country": item.origin_country,
                    "certificate": item.certificate,
                    "value_mxn": _cents(item.value_mxn),
                    "rate_percent": None if line.rate is None else str(line.rate.percent),
                    "duty_mxn": _cents(line.duty_mxn), "note": line.note,
                }
            )  # fmt: skip
    summary_columns = (
        "pedimento", "secuencia", "part_number", "date", "destination", "status", "duty_owed_mxn",
        "destination_duty_mxn", "destination_entry", "relief_mxn", "payable_mxn", "due_by",
        "vehicle", "missing", "notes",
    )  # fmt: skip
    detail_columns = (
        "pedimento", "secuencia", "lot", "material", "fraccion", "component", "quantity",
        "origin_country", "certificate", "value_mxn", "rate_percent", "duty_mxn", "note",
    )  # fmt: skip
    ints = {"secuencia", "lot"}
    return (
        pl.DataFrame(
            summary, schema={c: pl.Int64 if c in ints else pl.Utf8 for c in summary_columns}
        ),
        pl.DataFrame(
            detail, schema={c: pl.Int64 if c in ints else pl.Utf8 for c in detail_columns}
        ),
    )
