"""Partida-level records of the archivo M: 551 (the partida), 553 (permits), 554
(identifiers), 556 (rates) and 557 (contributions paid). Field positions:
ledger/data/archivo_m.yaml.

Record 551 field 21 is "País de Origen o Destino de la mercancía": on an import the
country of origin, on an export the country of final destination (Anexo 22, partida field
"P. O/D."). A partida is read once: a second 551 with the same número de partida is refused.
"""

from __future__ import annotations

from decimal import Decimal

from maquila.ledger.archivo_m.layout import Line, amount
from maquila.ledger.archivo_m.state import Open, Problems
from maquila.ledger.pedimento_parts import ContributionRecord, PermitRecord
from maquila.ledger.records import LineRecord


def _number(reader: Problems, line: Line, name: str, label: str) -> Decimal | None:
    value = line.get(name)
    if not value:
        return None
    try:
        return amount(value)
    except ValueError as exc:
        reader.problem(line.number, label, value, str(exc))
        return None


def partida(reader: Problems, line: Line, current: Open) -> None:
    secuencia, part = line.get("secuencia"), line.get("part_number")
    fraccion = line.get("fraccion")
    before = len(reader.problems)
    if not secuencia.isdigit():
        reader.problem(line.number, "secuencia", secuencia, "a whole number")
    elif int(secuencia) in current.partidas:
        first = current.partidas[int(secuencia)].line
        reader.problem(
            line.number, "secuencia", secuencia, f"a partida not already on line {first}"
        )
    if not part:
        reader.problem(
            line.number, "código de producto", "", "the part number (field 18) of the partida"
        )
    if not (fraccion.isdigit() and len(fraccion) == 8):
        reader.problem(line.number, "fracción", fraccion, "8 digits")
    qty_umc = _number(reader, line, "qty_umc", "cantidad UMC")
    if qty_umc is None and not line.get("qty_umc"):
        reader.problem(line.number, "cantidad UMC", "", "the quantity in the commercial unit")
    elif qty_umc is not None and qty_umc <= 0:
        reader.problem(line.number, "cantidad UMC", line.get("qty_umc"), "more than zero")
    qty_umt = _number(reader, line, "qty_umt", "cantidad UMT")
    value_mxn = _number(reader, line, "customs_value_mxn", "valor en aduana")
    value_usd = _number(reader, line, "value_usd", "valor dólares")
    if len(reader.problems) > before or qty_umc is None:
        return
    nico = line.get("nico")
    country = line.optional("country")
    export = current.record.operation == 2
    current.partidas[int(secuencia)] = LineRecord(
        line.number,
        int(secuencia),
        part,
        fraccion,
        nico if len(nico) == 2 else None,
        line.optional("description"),
        qty_umc,
        line.get("umc"),
        qty_umt,
        line.optional("umt"),
        value_mxn,
        value_usd,
        None if export else country,
        None,
        None,
        destination=country if export else None,
        brand=line.optional("brand"),
        model=line.optional("model"),
    )


def detail(reader: Problems, line: Line, current: Open) -> None:
    secuencia = line.get("secuencia")
    if not secuencia.isdigit():
        reader.problem(line.number, "número de partida", secuencia, "a whole number")
        return
    current.partida_refs.append((line.number, int(secuencia)))
    record = current.record
    if line.kind == "554":
        record.identifiers.append(
            (
                int(secuencia),
                line.get("clave"),
                line.optional("complement1"),
                line.optional("complement2"),
                line.optional("complement3"),
            )
        )
    elif line.kind == "553":
        record.permits.append(
            PermitRecord(
                int(secuencia),
                line.get("clave"),
                line.optional("signature"),
                line.optional("permit"),
                _number(reader, line, "value_usd", "valor comercial en dólares"),
                _number(reader, line, "quantity", "cantidad"),
            )
        )
    elif line.kind == "556":
        record.contributions.append(
            ContributionRecord(
                "556",
                int(secuencia),
                line.get("contribution"),
                rate=_number(reader, line, "rate", "tasa"),
                rate_type=line.optional("rate_type"),
            )
        )
    else:
        record.contributions.append(
            ContributionRecord(
                "557",
                int(secuencia),
                line.get("contribution"),
                payment_form=line.optional("payment_form"),
                amount=_number(reader, line, "amount", "importe"),
            )
        )
