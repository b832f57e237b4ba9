"""Storing pedimentos, however they arrive (template or validation file), as one set of lots.

- A pedimento is checked against the company: the importer's RFC (record 501 field 9, or
  the template's ``importer_rfc``) and the IMMEX programme of its identifier IM (Anexo 22
  Apéndice 8, complement 1) must be the company's, or nothing of the file is stored.
- A number already in the ledger (or the other number the year rule allows, see
  maquila.ledger.archivo_m.layout.numbers) is the same pedimento: skipped when the two
  agree on what both doors carry (clave, operation, payment date, term start, lines with
  their part, fracción, unit and quantity), refused naming the first difference otherwise
  (contradictory facts; a pedimento changes only through its rectification, R1).
- A rectification (R1, LA art. 89) adds a version of the pedimento it rectifies and keeps
  the original's term start (RLA art. 173).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from maquila.ledger.archivo_m.layout import layout
from maquila.ledger.claves import effect
from maquila.ledger.explode import q
from maquila.ledger.pedimento_parts import WithdrawalRecord
from maquila.ledger.records import PedimentoRecord
from maquila.ledger.store import models as m
from maquila.ledger.store.bulk import Batch
from maquila.ledger.store.values import same
from maquila.verdict import Code, Problem


class Writer(Protocol):
    """What storing pedimentos uses of the import's writer (maquila.ledger.store.writer,
    which calls this module): declared here, so it is not imported back."""

    session: Session
    company: m.Company
    import_id: int
    problems: list[Problem]
    added: int
    skipped: int

    def problem(
        self, line: int, name: str, value: object, expected: str, code: Code = ...
    ) -> None: ...

    def by_part(self, model: Any) -> dict[str, Any]: ...


COMPARED = ("clave", "operation", "paid_on", "term_start")
LINE_COMPARED = ("fraccion", "umc", "qty_umc")


def programme_key(text: str) -> str:
    """An IMMEX programme number compared as its letters and digits, without a leading
    "IMMEX" ("IMMEX-1234-2020" and "1234-2020" are one programme): a reading, since
    the company template and the pedimento identifier write it differently in practice."""
    key = re.sub(r"[^0-9A-Z]", "", text.upper())
    return key.removeprefix("IMMEX")


class Pedimentos:
    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.session = writer.session
        self.company = writer.company
        self.materials = writer.by_part(m.Material)
        self.products = writer.by_part(m.Product)
        self.latest: dict[str, m.Pedimento] = {}
        for row in self.session.scalars(
            select(m.Pedimento)
            .where(m.Pedimento.company_id == self.company.id)
            .order_by(m.Pedimento.version)
        ):
            self.latest[row.number] = row
        self.batch = Batch()
        self.superseded: list[int] = []

    def store(self, records: list[PedimentoRecord]) -> list[int]:
        """Store new pedimentos and their journal entries (bulk inserts); returns the ids
        of the pedimento versions a rectification superseded."""
        for record in records:
            if not self._owned(record):
                continue
            if record.clave == "R1":
                self._rectify(record)
                continue
            known = self._known(record.number, record.alternates)
            if known is None:
                self._stage(record, record.clave, 1)
            else:
                self._same(known, record)
        if not self.writer.problems:
            self.batch.flush(self.session)
        return self.superseded

    def _known(self, number: str, alternates: list[str]) -> m.Pedimento | None:
        for candidate in (number, *alternates):
            if candidate in self.latest:
                return self.latest[candidate]
        return None

    def _owned(self, record: PedimentoRecord) -> bool:
        problem = self.writer.problem
        if record.rfc is not None and record.rfc.upper() != self.company.rfc.upper():
            problem(
                record.line,
                "RFC del importador/exportador",
                record.rfc,
                f"{self.company.rfc}, the RFC of the company the ledger is for",
            )
            return False
        code = layout()["programme_identifier"]
        programme = programme_key(self.company.immex_number)
        for secuencia, clave, first, _, _ in record.identifiers:
            if secuencia is None and clave == code and first and programme_key(first) != programme:
                problem(
                    record.line,
                    f"identificador {code}",
                    first,
                    f"{self.company.immex_number}, the company's IMMEX programme",
                )
                return False
        return True

    def _same(self, row: m.Pedimento, record: PedimentoRecord) -> None:
        difference = _difference(self.session, row, record)
        if difference is None:
            self.writer.skipped += 1
            return
        name, theirs, mine = difference
        self.writer.problem(
            record.line,
            name,
            mine,
            f"{theirs} as pedimento {row.number} is already in the ledger (a pedimento "
            "changes only through its rectification, R1)",
        )

    def _rectify(self, record: PedimentoRecord) -> None:
        problem = self.writer.problem
        if record.rectifies is None:
            problem(
                record.line, "rectifies", "", "the number of the pedimento this R1 rectifies",
                Code.MISSING_FIELD,
            )  # fmt: skip
            return
        original = self._known(record.rectifies, record.rectifies_alternates)
        if original is None:
            problem(
                record.line, "rectifies", record.rectifies, "a pedimento already in the ledger",
                Code.UNKNOWN_REFERENCE,
            )  # fmt: skip
            return
        if original.rectified_by == record.number:
            self.writer.skipped += 1
            return
        original.rectified_by = record.number
        record.operation = original.operation
        # a rectification (LA art. 89) corrects the data of the same operation: the art. 108
        # term still runs from the original's start (RLA art. 173), never from the R1's
        # payment, so no due date moves later than the law allows
        record.term_start = min(original.term_start, record.term_start)
        self._stage(record, original.clave, original.version + 1, original.number)
        self.superseded.append(original.id)

    def _stage(
        self, record: PedimentoRecord, clave: str, version: int, number: str | None = None
    ) -> None:
        what = effect(clave, record.operation)
        if what is None:
            self.writer.problem(
                record.line,
                "operation",
                record.operation,
                f"a side clave {clave} has (see ledger/data/claves.yaml)",
            )
            return
        stored_as = number or record.number
        head = {
            "company_id": self.company.id, "number": stored_as,
            "aduana_seccion": record.aduana_seccion, "version": version, "clave": clave,
            "operation": record.operation, "paid_on": record.paid_on,
            "term_start": record.term_start, "exchange_rate": record.exchange_rate,
            "destination": record.destination, "region": record.region,
            "importer_rfc": record.rfc, "import_id": self.writer.import_id,
            "rectified_by": None, "withdrawn": None,
        }  # fmt: skip
        lines = []
        for line in record.lines:
            staged = self._line(line, what)
            if staged is not None:
                lines.append(staged)
        self.batch.add(head, record.identifiers, lines, what, _extras(record))
        self.latest[stored_as] = m.Pedimento(**{k: head[k] for k in COMPARED}, id=None)
        self.writer.added += 1

    def _line(self, line: Any, what: str) -> tuple[dict[str, Any], str | None] | None:
        item = self.materials.get(line.part_number)
        if what == "discharge" and item is None:
            item = self.products.get(line.part_number)
        if what != "none" and item is None:
            catalog = "materials catalog" if what == "lot" else "materials or products catalog"
            self.writer.problem(
                line.line,
                "part_number",
                line.part_number,
                f"a part of the {catalog}",
                Code.UNKNOWN_REFERENCE,
            )
            return None
        quantity = line.qty_umc
        if item is not None:
            if item.umc != line.umc:  # Anexo 24 audits: unit-of-measure mismatches
                self.writer.problem(
                    line.line,
                    "umc",
                    line.umc,
                    f"{item.umc}, the commercial unit of {line.part_number} in the catalog",
                )
                return None
            quantity = q(line.qty_umc / item.umc_factor)
        row = {name: getattr(line, name) for name in m.LINE_FIELDS}
        row["quantity"] = quantity
        return row, getattr(item, "category", None)


def _extras(record: PedimentoRecord) -> dict[type[m.Base], list[dict[str, Any]]]:
    def rows(items: list[Any]) -> list[dict[str, Any]]:
        return [dict(vars(item)) for item in items]

    return {
        m.Invoice: rows(record.invoices),
        m.Contribution: rows(record.contributions),
        m.Descargo: rows(record.descargos),
        m.Permit: rows(record.permits),
    }


def _difference(
    session: Any, row: m.Pedimento, record: PedimentoRecord
) -> tuple[str, object, object] | None:
    """The first fact both doors carry on which the stored pedimento and the record
    differ, or None when they are the same pedimento."""
    for name in COMPARED:
        if getattr(row, name) != getattr(record, name):
            return name, getattr(row, name), getattr(record, name)
    if row.id is None:  # staged in this very file
        return "pedimento", "one block per pedimento", record.number
    stored = {
        (x.secuencia, x.part_number): x
        for x in session.scalars(
            select(m.PedimentoLine).where(m.PedimentoLine.pedimento_id == row.id)
        )
    }
    given = {(x.secuencia, x.part_number): x for x in record.lines}
    for key in sorted(stored.keys() ^ given.keys()):
        where = "in the ledger" if key in stored else "in this file only"
        return "secuencia", f"the same lines (line {key[0]} {key[1]} is {where})", key[0]
    for key, line in given.items():
        for name in LINE_COMPARED:
            theirs, mine = getattr(stored[key], name), getattr(line, name)
            if not same(theirs, mine):
                return name, theirs, mine
    return None


def withdraw(writer: Writer, records: list[WithdrawalRecord]) -> list[tuple[list[int], str]]:
    """Record 500 movements on pedimentos filed before: an eliminación or a desistimiento
    (LA art. 93: "El desistimiento de un régimen aduanero procederá hasta antes de que se
    active el mecanismo de selección automatizado", and for exports under art. 120 fr.
    III) withdraws the pedimento, so its lots and exits are reversed by entries that name
    the movement; a confirmación de pago changes nothing. Returns, per withdrawn
    pedimento, the ids of its versions and the reason the reversal entries carry."""
    out: list[tuple[list[int], str]] = []
    for record in records:
        rows = list(
            writer.session.scalars(
                select(m.Pedimento)
                .where(
                    m.Pedimento.company_id == writer.company.id,
                    m.Pedimento.number.like(f"__{record.suffix}"),
                )
                .order_by(m.Pedimento.version)
            )
        )
        numbers = sorted({row.number for row in rows})
        where = f"{record.suffix[:2]} {record.suffix[2:6]} {record.suffix[6:]}"
        if not numbers:
            writer.problem(
                record.line,
                "pedimento",
                where,
                f"a pedimento already in the ledger (the {record.movement} acts on a "
                "pedimento filed before: import its validation file first)",
            )
            continue
        if len(numbers) > 1:
            writer.problem(
                record.line, "pedimento", where, f"one pedimento (the ledger holds {numbers})"
            )
            continue
        latest = rows[-1]
        if record.movement == "confirmacion_pago" or latest.withdrawn is not None:
            writer.skipped += 1
            continue
        law = " (LA art. 93)" if record.movement == "desistimiento" else ""
        reason = (
            f"{record.movement}{law}, acuse {record.acuse or '(none)'}: "
            f"{record.file} line {record.line}"
        )
        for row in rows:
            row.withdrawn = reason
        out.append(([row.id for row in rows], reason))
        writer.added += 1
    return out
