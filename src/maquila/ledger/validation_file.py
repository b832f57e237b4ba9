"""The pedimento validation file (archivo de validación, "archivo M") into records.

Layout: Lineamientos Técnicos de Registros VOCE-SAAI M3 as transcribed in
../shared/domain/immex.md s. 4.3 (field order per record, cross-checked there against
real sample lines). One record per line, fields separated by ``|``; each pedimento opens
with 500 and closes with 800; the file ends with one 801 that counts the pedimentos and
the records. Read here: 500, 501, 506, 507, 551, 554, 800, 801; other records are
skipped (counted). Dates are written DDMMAAAA in every real sample the brief saw, though
the transcription says AAAAMMDD: both are read, the year telling them apart.

Not read (and refused with a message rather than guessed): rectifications (clave R1),
whose original pedimento sits in record 701, a layout maquila has not verified — import
those through the pedimentos template and its ``rectifies`` column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from maquila.ledger.claves import claves
from maquila.ledger.records import LineRecord, PedimentoRecord
from maquila.ledger.rows import LedgerInputError, Problem

READ = {"500", "501", "506", "507", "551", "554", "800", "801"}


def parse_date(value: str) -> date:
    """DDMMAAAA (as real files write it) or AAAAMMDD (as the transcription says)."""
    if len(value) != 8 or not value.isdigit():
        raise ValueError("a date of 8 digits, DDMMAAAA")
    day, month, year = int(value[:2]), int(value[2:4]), int(value[4:])
    if 1990 <= year <= 2100:
        return date(year, month, day)
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


@dataclass
class _Open:
    line: int
    patente: str
    numero: str
    aduana: str
    movement: str
    clave: str = ""
    operation: int = 0
    exchange_rate: Decimal | None = None
    destination: str | None = None
    dates: dict[str, date] = field(default_factory=dict)
    identifiers: list[tuple[int | None, str, str | None, str | None, str | None]] = field(
        default_factory=list
    )
    lines: list[LineRecord] = field(default_factory=list)


class _Parser:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.records: list[PedimentoRecord] = []
        self.current: _Open | None = None
        self.count = 0  # records before the 801

    def problem(self, line: int, name: str, value: str, expected: str) -> None:
        self.problems.append(Problem(self.file, line, name, value, expected))

    def field(self, fields: list[str], index: int) -> str:
        return fields[index - 1].strip() if index - 1 < len(fields) else ""

    def feed(self, number: int, raw: str) -> None:
        fields = raw.rstrip("\r\n").split("|")
        kind = fields[0]
        if kind != "801":
            self.count += 1
        if kind == "500":
            self.open(number, fields)
        elif kind == "801":
            self.close_file(number, fields)
        elif self.current is None:
            self.problem(number, "record", kind, "a 500 record opening a pedimento first")
        elif kind == "501":
            self.general(number, fields)
        elif kind == "506":
            self.dated(number, fields)
        elif kind in ("507", "554"):
            self.identifier(number, fields, kind)
        elif kind == "551":
            self.partida(number, fields)
        elif kind == "800":
            self.close(number)

    def open(self, number: int, fields: list[str]) -> None:
        if self.current is not None:
            self.problem(number, "500", "", "an 800 closing the previous pedimento first")
        movement = self.field(fields, 2)
        self.current = _Open(
            number, self.field(fields, 3), self.field(fields, 4), self.field(fields, 5), movement
        )
        if movement != "1":
            self.problem(
                number, "tipo de movimiento", movement, "1 (a new pedimento); others are not read"
            )

    def general(self, number: int, fields: list[str]) -> None:
        assert self.current is not None
        current = self.current
        current.clave = self.field(fields, 6)
        operation = self.field(fields, 5)
        if operation not in ("1", "2"):
            self.problem(number, "tipo de operación", operation, "1 (import) or 2 (export)")
        else:
            current.operation = int(operation)
        if current.clave == "R1":
            self.problem(
                number,
                "clave",
                "R1",
                "a rectification through the pedimentos template (record 701 is not read)",
            )
        elif current.clave not in claves():
            self.problem(number, "clave", current.clave, "one of " + ", ".join(sorted(claves())))
        rate = self.field(fields, 11)
        if rate:
            current.exchange_rate = self.number(number, "tipo de cambio", rate)
        current.destination = self.field(fields, 21) or None

    def dated(self, number: int, fields: list[str]) -> None:
        assert self.current is not None
        try:
            self.current.dates[self.field(fields, 3)] = parse_date(self.field(fields, 4))
        except ValueError:
            self.problem(number, "fecha", self.field(fields, 4), "a date DDMMAAAA")

    def identifier(self, number: int, fields: list[str], kind: str) -> None:
        assert self.current is not None
        offset = 0 if kind == "507" else 2  # 554 adds fracción and partida
        secuencia = self.field(fields, 4) if kind == "554" else ""
        values = [self.field(fields, i + offset) or None for i in (3, 4, 5, 6)]
        self.current.identifiers.append(
            (
                int(secuencia) if secuencia.isdigit() else None,
                values[0] or "",
                values[1],
                values[2],
                values[3],
            )
        )

    def number(self, line: int, name: str, value: str) -> Decimal | None:
        try:
            return Decimal(value)
        except InvalidOperation:
            self.problem(line, name, value, "a number")
            return None

    def partida(self, number: int, fields: list[str]) -> None:
        assert self.current is not None
        secuencia, part = self.field(fields, 4), self.field(fields, 18)
        fraccion = self.field(fields, 3)
        if not secuencia.isdigit():
            self.problem(number, "secuencia", secuencia, "a whole number")
        if not part:
            self.problem(
                number, "código de producto", "", "the part number (field 18) of the partida"
            )
        if not (fraccion.isdigit() and len(fraccion) == 8):
            self.problem(number, "fracción", fraccion, "8 digits")
        qty_umc = self.number(number, "cantidad UMC", self.field(fields, 11))
        if qty_umc is not None and qty_umc <= 0:
            self.problem(number, "cantidad UMC", self.field(fields, 11), "more than zero")
        qty_umt_text = self.field(fields, 13)
        qty_umt = self.number(number, "cantidad UMT", qty_umt_text) if qty_umt_text else None
        value_mxn = self.number(number, "valor en aduana", self.field(fields, 8) or "0")
        value_usd = self.number(number, "valor dólares", self.field(fields, 10) or "0")
        if self.problems or qty_umc is None:
            return
        nico = self.field(fields, 5)
        self.current.lines.append(
            LineRecord(
                number,
                int(secuencia),
                part,
                fraccion,
                nico if len(nico) == 2 else None,
                self.field(fields, 6) or None,
                qty_umc,
                self.field(fields, 12),
                qty_umt,
                self.field(fields, 14) or None,
                value_mxn,
                value_usd,
                self.field(fields, 21) or None,
                None,
                None,
            )
        )

    def close(self, number: int) -> None:
        current = self.current
        assert current is not None
        self.current = None
        when = [current.dates[k] for k in ("1", "2") if k in current.dates]
        if not when:
            self.problem(number, "506", "", "a date record (506) of entry (1) or payment (2)")
            return
        paid = current.dates.get("2", min(when))
        # RLA art. 173 starts the term when the selection mechanism is activated, a date the
        # file does not carry: the earliest date it does carry is taken (never a later one)
        start = min(when)
        printed = (
            f"{paid.year % 100:02d}{current.aduana[:2]}"
            f"{current.patente.zfill(4)}{current.numero.zfill(7)}"
        )
        self.records.append(
            PedimentoRecord(
                current.line,
                printed,
                current.clave,
                current.operation,
                paid,
                start,
                current.exchange_rate,
                current.destination,
                current.aduana or None,
                identifiers=current.identifiers,
                lines=current.lines,
            )
        )

    def close_file(self, number: int, fields: list[str]) -> None:
        if self.current is not None:
            self.problem(number, "801", "", "an 800 closing the last pedimento first")
        pedimentos, records = self.field(fields, 3), self.field(fields, 4)
        if pedimentos != str(len(self.records)):
            self.problem(
                number,
                "cantidad de pedimentos",
                pedimentos,
                f"{len(self.records)} (the pedimentos in the file)",
            )
        if records != str(self.count):
            self.problem(
                number,
                "cantidad de registros",
                records,
                f"{self.count} (the records before the 801)",
            )


def read_validation_file(file: str, content: str) -> list[PedimentoRecord]:
    parser = _Parser(file)
    lines = content.splitlines()
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            parser.feed(number, raw)
    if not lines or not lines[-1].startswith("801"):
        parser.problem(len(lines), "801", "", "a closing 801 record (the file looks cut short)")
    if parser.problems:
        raise LedgerInputError(parser.problems)
    return parser.records
