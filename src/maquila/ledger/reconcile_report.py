"""The reconciliation report: Article 2.5 computed by the ledger against what the
pedimentos declare (maquila.ledger.reconcile), and the IGI rates used against those the
import partidas declared."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from sqlalchemy.orm import Session

from maquila.ledger.archivo_m.layout import layout
from maquila.ledger.art25 import Art25, Rate, compute
from maquila.ledger.reconcile import CENTS, Declared, declared_total, status
from maquila.ledger.store import models as m
from maquila.ledger.store.art25_inputs import rates, returns
from maquila.ledger.store.reconcile_inputs import declared, import_igi, import_rates
from maquila.verdict import Agreement, Figure

PEDIMENTO_COLUMNS = (
    "pedimento", "date", "lines", "lines_undetermined", "computed_art25_mxn",
    "declared_art25_mxn", "payment_forms", "difference_mxn", "due_by", "status", "notes",
)  # fmt: skip
RATE_COLUMNS = (
    "return_pedimento", "return_secuencia", "lot", "material", "fraccion", "rate_used_percent",
    "declared_rate", "declared_rate_type", "status",
)  # fmt: skip


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENTS, rounding=ROUND_HALF_UP))


def reconciliation_tables(
    session: Session, company: m.Company, *, basis: str, start: date, end: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    codes = layout()["contributions"]  # Anexo 22 Apéndice 12, as transcribed there
    art25_code, igi_code = str(codes["art25"]), str(codes["igi"])
    by_pedimento: dict[str, list[Art25]] = defaultdict(list)
    first: dict[str, date] = {}
    known = rates(session, company)
    rate_rows: list[dict[str, object]] = []
    declared_rates = import_rates(session, company, igi_code)
    for ret, consumed in returns(session, company, start, end):
        result = compute(ret, consumed, known, basis)
        by_pedimento[ret.pedimento].append(result)
        first.setdefault(ret.pedimento, ret.on)
        for line in result.lines:
            lot = line.consumed.lot_id
            used = None if line.rate is None else line.rate.percent
            stated = declared_rates.get(lot)
            rate_rows.append(
                {
                    "return_pedimento": ret.pedimento, "return_secuencia": ret.secuencia,
                    "lot": lot, "material": line.consumed.part,
                    "fraccion": line.consumed.fraccion,
                    "rate_used_percent": _plain(used),
                    "declared_rate": None if stated is None else _plain(stated[0]),
                    "declared_rate_type": None if stated is None else stated[1],
                    "status": "originating" if line.consumed.originating
                    else _rate_status(used, stated),
                }
            )  # fmt: skip
    claims = declared(session, company, art25_code)
    rows = [
        _pedimento_row(number, first[number], results, claims.get(number, []), art25_code)
        for number, results in by_pedimento.items()
    ]
    return (
        pl.DataFrame(rows, schema={c: pl.Utf8 for c in PEDIMENTO_COLUMNS}),
        pl.DataFrame(
            rate_rows,
            schema={
                c: pl.Int64 if c in ("return_secuencia", "lot") else pl.Utf8 for c in RATE_COLUMNS
            },
        ),
    )


def _pedimento_row(
    number: str, on: date, results: list[Art25], claims: list[Declared], code: str
) -> dict[str, object]:
    """One return pedimento: its lines' Art. 2.5 payable against what was declared."""
    open_ = [r for r in results if r.status is Figure.UNDETERMINED]
    computed = None if open_ else sum((r.payable for r in results), Decimal(0))
    amount, forms = declared_total(claims)
    state = status(computed, amount, bool(open_))
    notes = sorted({m.question for r in open_ for m in r.missing})
    dues = [r.due_by for r in results if r.due_by is not None]
    due_by = min(dues).isoformat() if dues else None
    if state is Agreement.NOT_DECLARED:
        notes.append(
            f"no contribution {code} (Apéndice 12) in the return pedimento nor in a "
            f"complementary pedimento (CT) in the ledger naming it; due by {due_by}"
        )
    return {
        "pedimento": number, "date": on.isoformat(),
        "lines": str(len(results)), "lines_undetermined": str(len(open_)),
        "computed_art25_mxn": _money(computed), "declared_art25_mxn": _money(amount),
        "payment_forms": ", ".join(forms) or None,
        "difference_mxn": None if computed is None or amount is None
        else _money(amount - computed),
        "due_by": due_by, "status": state, "notes": "; ".join(notes) or None,
    }  # fmt: skip


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _rate_status(used: Decimal | None, stated: tuple[Decimal, str | None] | None) -> str:
    if used is None:
        return "no_rate_loaded"
    if stated is None:
        return "not_declared"
    return "agrees" if used == stated[0] else "differs"


IGI_COLUMNS = (
    "pedimento", "secuencia", "part_number", "fraccion", "clave", "paid_on",
    "customs_value_mxn", "rate_loaded_percent", "declared_rate", "declared_rate_type",
    "computed_igi_mxn", "declared_igi_mxn", "payment_forms", "difference_mxn", "status",
)  # fmt: skip


def igi_table(
    session: Session, company: m.Company, *, basis: str, start: date, end: date
) -> pl.DataFrame:
    """Per import partida: the IGI the pedimento declares (557, contribution 6, whole
    pesos) against the customs value at the rate loaded for the fracción on the payment
    date (the rate Article 2.5 uses); the declared rate (556) beside the loaded one. A
    missing value or rate leaves the line without a computed figure (status says which);
    nothing declared is ``not_declared``, never zero."""
    igi = str(layout()["contributions"]["igi"])
    known = rates(session, company)
    rows = []
    for pedimento, line, declared_rows in import_igi(session, company, igi, start, end):
        rate = _loaded(known, line.fraccion, basis, pedimento.paid_on)
        value = None if line.customs_value_mxn is None else Decimal(line.customs_value_mxn)
        computed = (
            None if rate is None or value is None
            else (value * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        )  # fmt: skip
        paid = [c for c in declared_rows if c.record == "557" and c.amount is not None]
        stated = next((c for c in declared_rows if c.record == "556"), None)
        amount = sum((Decimal(str(c.amount)) for c in paid), Decimal(0)) if paid else None
        if value is None:
            state = "value_unknown"
        elif rate is None:
            state = "no_rate_loaded"
        else:
            state = status(computed, None if amount is None else amount.quantize(CENTS), False)
        rows.append(
            {
                "pedimento": pedimento.number, "secuencia": line.secuencia,
                "part_number": line.part_number, "fraccion": line.fraccion,
                "clave": pedimento.clave, "paid_on": pedimento.paid_on.isoformat(),
                "customs_value_mxn": _money(value), "rate_loaded_percent": _plain(rate),
                "declared_rate": _plain(None if stated is None or stated.rate is None
                                        else Decimal(stated.rate)),
                "declared_rate_type": None if stated is None else stated.rate_type,
                "computed_igi_mxn": _money(computed), "declared_igi_mxn": _money(amount),
                "payment_forms": ", ".join(sorted({c.payment_form for c in paid
                                                   if c.payment_form})) or None,
                "difference_mxn": None if computed is None or amount is None
                else _money(amount - computed),
                "status": state,
            }
        )  # fmt: skip
    return pl.DataFrame(
        rows, schema={c: pl.Int64 if c == "secuencia" else pl.Utf8 for c in IGI_COLUMNS}
    )


def _loaded(known: list[Rate], fraccion: str, basis: str, on: date) -> Decimal | None:
    found = [r for r in known if r.fraccion == fraccion and r.basis == basis and r.in_force(on)]
    return found[0].percent if len(found) == 1 else None
