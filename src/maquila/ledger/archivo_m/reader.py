"""Reading an archivo M line by line into pedimento records (layout: ledger/data/archivo_m.yaml).

One record per line, fields separated by ``|`` (a trailing ``|`` and CRLF line ends, as
real files have them, are read too); each pedimento opens with 500 and closes with 800; the
file ends with one 801 that counts the pedimentos and the records before it. Every record
of a pedimento must carry its número; every partida-level record must name a partida (551)
of the pedimento; a partida appears once. Records the ledger does not need (transport,
guarantees, observations...) are counted and skipped. A vendor's unsigned export (record
999 in place of the 800) is refused: it is not a validated pedimento.
"""

from __future__ import annotations

from datetime import date

from maquila.ledger.archivo_m import partidas
from maquila.ledger.archivo_m.heads import Heads
from maquila.ledger.archivo_m.layout import Line, layout, numbers, suffix
from maquila.ledger.archivo_m.state import Open
from maquila.ledger.pedimento_parts import WithdrawalRecord
from maquila.ledger.records import PedimentoRecord
from maquila.ledger.rows import LedgerInputError, row_problem
from maquila.verdict import Code, Problem


class Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.records: list[PedimentoRecord | WithdrawalRecord] = []
        self.current: Open | None = None
        self.count = 0  # records before the 801
        self.closed = 0  # pedimentos closed by an 800
        self.heads = Heads(self)

    def problem(
        self, line: int, name: str, value: str, expected: str, code: Code = Code.INVALID_VALUE
    ) -> None:
        self.problems.append(row_problem(self.file, line, name, value, expected, code))

    def feed(self, number: int, raw: str) -> None:
        fields = tuple(raw.rstrip("\r\n").lstrip("\ufeff").split("|"))
        line = Line(fields[0].strip(), number, fields)
        if line.kind != "801":
            self.count += 1
        if line.kind == "500":
            self.open(line)
        elif line.kind == "801":
            self.close_file(line)
        elif line.kind == "999":
            self.problem(number, "registro", "999", "an 800 (a 999 marks a file not validated)")
        elif self.current is None:
            self.problem(number, "registro", line.kind, "a 500 record opening a pedimento first")
        elif self._same_numero(line):
            self.dispatch(line, self.current)

    def _same_numero(self, line: Line) -> bool:
        assert self.current is not None
        names = layout()["fields"].get(line.kind)
        if names is None or "numero" not in names:
            return True  # a record the ledger does not read: counted only
        if line.get("numero") != self.current.numero:
            self.problem(
                line.number,
                "número de pedimento",
                line.get("numero"),
                f"{self.current.numero}, the pedimento opened on line {self.current.line}",
            )
            return False
        return True

    def dispatch(self, line: Line, current: Open) -> None:
        if line.kind == "800":
            self.close(line, current)
        elif current.movement != "1":
            return  # a withdrawal or confirmation carries only its 500 and 800
        elif line.kind == "551":
            partidas.partida(self, line, current)
        elif line.kind in ("553", "554", "556", "557"):
            partidas.detail(self, line, current)
        else:
            self.heads.read(line, current)

    def open(self, line: Line) -> None:
        if self.current is not None:
            self.problem(line.number, "500", "", "an 800 closing the previous pedimento first")
        movement = line.get("movement")
        known = layout()["movements"]
        if movement not in layout()["read_movements"]:
            what = known.get(movement, "unknown")
            self.problem(
                line.number,
                "tipo de movimiento",
                f"{movement} ({what})",
                "1 (nuevo), 2 (eliminación), 3 (desistimiento) or 8 (confirmación de pago)",
            )
        patente, numero, aduana = line.get("patente"), line.get("numero"), line.get("aduana")
        if suffix(aduana, patente, numero) is None:
            self.problem(
                line.number,
                "número de pedimento",
                f"{aduana} {patente} {numero}",
                "an aduana of 3, a patente of up to 4 and a número of 7 digits",
            )
        self.current = Open(
            line.number,
            movement,
            patente,
            numero,
            aduana,
            line.optional("acuse"),
            PedimentoRecord(line.number, "", "", 0, date.min, date.min, aduana_seccion=aduana),
        )

    def close(self, line: Line, current: Open) -> None:
        self.current = None
        self.closed += 1
        tail = suffix(current.aduana, current.patente, current.numero)
        if tail is None:
            return
        if current.movement != "1":
            movement = layout()["movements"].get(current.movement, current.movement)
            self.records.append(
                WithdrawalRecord(self.file, current.line, movement, tail, current.acuse)
            )
            return
        self._dated(line, current, tail)

    def _dated(self, line: Line, current: Open, tail: str) -> None:
        kinds = layout()["dates"]
        record = current.record
        carried = [
            current.dates[k] for k in (kinds["entry"], kinds["payment"]) if k in current.dates
        ]
        if not carried:
            self.problem(line.number, "506", "", "a date record (506) of entry (1) or payment (2)")
            return
        record.paid_on = current.dates.get(kinds["payment"], min(carried))
        # RLA art. 173 starts the term when the selection mechanism is activated, a date the
        # file does not carry: the earliest date it does carry is taken (never a later one)
        record.term_start = min(carried)
        latest = max(carried + [d for k, d in current.dates.items() if k == kinds["presentation"]])
        record.number, record.alternates = numbers(tail, latest)
        record.lines = list(current.partidas.values())
        for at, secuencia in current.partida_refs:
            if secuencia not in current.partidas:
                self.problem(at, "partida", str(secuencia), "a partida (551) of this pedimento")
        if current.original is not None:
            original, paid = current.original
            record.rectifies, record.rectifies_alternates = numbers(original, paid)
        self.records.append(record)

    def close_file(self, line: Line) -> None:
        if self.current is not None:
            self.problem(line.number, "801", "", "an 800 closing the last pedimento first")
        pedimentos, records = line.get("pedimentos"), line.get("records")
        if pedimentos != str(self.closed):
            self.problem(
                line.number,
                "cantidad de pedimentos",
                pedimentos,
                f"{self.closed} (the pedimentos in the file)",
            )
        if records != str(self.count):
            self.problem(
                line.number,
                "cantidad de registros",
                records,
                f"{self.count} (the records before the 801)",
            )


def read_validation_file(file: str, content: str) -> list[PedimentoRecord | WithdrawalRecord]:
    reader = Reader(file)
    lines = content.splitlines()
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            reader.feed(number, raw)
    filled = [raw for raw in lines if raw.strip()]
    if not filled or not filled[-1].lstrip("\ufeff").startswith("801"):
        reader.problem(len(lines), "801", "", "a closing 801 record (the file looks cut short)")
    if reader.problems:
        raise LedgerInputError(reader.problems)
    return reader.records
