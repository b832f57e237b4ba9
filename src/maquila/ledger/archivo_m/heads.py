"""Pedimento-level records of the archivo M: 501 (general data), 505 (CFDI / COVE and its
supplier or buyer), 506 (dates), 507 (identifiers), 510 (contributions paid), 512
(descargos), 701 (the pedimento a rectification rectifies) and 702 (its differences).
Field positions: ledger/data/archivo_m.yaml."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from maquila.ledger.archivo_m.layout import Line, amount, layout, numbers, parse_date, suffix
from maquila.ledger.archivo_m.state import Open, Problems
from maquila.ledger.claves import claves
from maquila.ledger.pedimento_parts import ContributionRecord, DescargoRecord, InvoiceRecord


class Heads:
    def __init__(self, reader: Problems) -> None:
        self.reader = reader

    def read(self, line: Line, current: Open) -> None:
        handler = {
            "501": self.general, "505": self.invoice, "506": self.dated,
            "507": self.identifier, "510": self.contribution, "702": self.contribution,
            "512": self.descargo, "701": self.rectification,
        }.get(line.kind)  # fmt: skip
        if handler is not None:
            handler(line, current)

    def number(self, line: Line, name: str, label: str) -> Decimal | None:
        value = line.get(name)
        if not value:
            return None
        try:
            return amount(value)
        except ValueError as exc:
            self.reader.problem(line.number, label, value, str(exc))
            return None

    def day(self, line: Line, name: str, label: str) -> date | None:
        value = line.get(name)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.reader.problem(line.number, label, value, "a date DDMMAAAA")
            return None

    def general(self, line: Line, current: Open) -> None:
        record = current.record
        record.clave = line.get("clave")
        operation = line.get("operation")
        if operation not in ("1", "2"):
            self.reader.problem(
                line.number, "tipo de operación", operation, "1 (import) or 2 (export)"
            )
        else:
            record.operation = int(operation)
        if record.clave not in claves():
            self.reader.problem(
                line.number, "clave", record.clave, "one of " + ", ".join(sorted(claves()))
            )
        record.rfc = line.optional("rfc")
        record.exchange_rate = self.number(line, "exchange_rate", "tipo de cambio")
        region = line.get("region")
        if region and region not in layout()["apendice_15"]:
            self.reader.problem(
                line.number,
                "destino/origen (Apéndice 15)",
                region,
                "a code of Anexo 22 Apéndice 15: " + ", ".join(layout()["apendice_15"]),
            )
        record.region = region or None

    def invoice(self, line: Line, current: Open) -> None:
        current.record.invoices.append(
            InvoiceRecord(
                line.get("document"),
                self.day(line, "date", "fecha del CFDI"),
                line.optional("incoterm"),
                line.optional("currency"),
                self.number(line, "value_usd", "valor en dólares"),
                self.number(line, "value_currency", "valor en la moneda del CFDI"),
                line.optional("country"),
                line.optional("tax_id"),
                line.optional("party"),
            )
        )

    def dated(self, line: Line, current: Open) -> None:
        when = self.day(line, "date", "fecha")
        if when is not None:
            current.dates[line.get("kind")] = when

    def identifier(self, line: Line, current: Open) -> None:
        current.record.identifiers.append(
            (
                None,
                line.get("clave"),
                line.optional("complement1"),
                line.optional("complement2"),
                line.optional("complement3"),
            )
        )

    def contribution(self, line: Line, current: Open) -> None:
        current.record.contributions.append(
            ContributionRecord(
                line.kind,
                None,
                line.get("contribution"),
                payment_form=line.optional("payment_form"),
                amount=self.number(line, "amount", "importe"),
            )
        )

    def descargo(self, line: Line, current: Open) -> None:
        tail = suffix(line.get("aduana"), line.get("patente"), line.get("original"))
        paid = self.day(line, "paid_on", "fecha de pago original")
        if tail is None or paid is None:
            self.reader.problem(
                line.number,
                "pedimento original",
                f"{line.get('aduana')} {line.get('patente')} {line.get('original')}",
                "the aduana, patente, número (7 digits) and payment date of the original",
            )
            return
        current.record.descargos.append(
            DescargoRecord(
                numbers(tail, paid)[0],
                line.optional("clave"),
                paid,
                line.optional("fraccion"),
                line.optional("umt"),
                self.number(line, "quantity", "cantidad descargada"),
            )
        )

    def rectification(self, line: Line, current: Open) -> None:
        tail = suffix(
            line.get("original_aduana"), line.get("original_patente"), line.get("original")
        )
        paid = self.day(line, "original_paid_on", "fecha de pago original")
        if tail is None or paid is None:
            self.reader.problem(
                line.number,
                "pedimento original",
                line.get("original"),
                "the original's aduana, patente, número (7 digits) and payment date",
            )
            return
        current.original = (tail, paid)
