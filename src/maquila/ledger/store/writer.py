"""Store imported records in one transaction: all of a file or none of it.

Idempotent twice over: a file already imported (same kind, same SHA-256) is a no-op, and
a record already in the ledger with the same values is skipped; the same key with other
values is refused (a pedimento changes only through its rectification, R1).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from maquila.ledger.records import (
    BomRecord,
    CompanyRecord,
    ExtensionRecord,
    MaterialRecord,
    MovementRecord,
    PedimentoRecord,
    ProductRecord,
)
from maquila.ledger.rows import LedgerInputError, row_problem
from maquila.ledger.store import models as m
from maquila.ledger.store.pedimentos import Pedimentos
from maquila.ledger.store.values import same as _same
from maquila.verdict import Code, Problem


@dataclass(frozen=True)
class ImportReport:
    kind: str
    file: str
    already_imported: bool
    added: int
    skipped: int


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def company_from(session: Session, record: CompanyRecord) -> tuple[m.Company, bool]:
    found = session.scalar(select(m.Company).where(m.Company.rfc == record.rfc))
    values = {
        "name": record.name,
        "immex_number": record.immex_number,
        "modality": record.modality,
        "programme_from": record.programme_from,
        "programme_to": record.programme_to,
    }
    if found is None:
        company = m.Company(rfc=record.rfc, postings=0, **values)
        session.add(company)
        session.flush()
        return company, True
    for name, value in values.items():  # programme dates move with amendments
        setattr(found, name, value)
    return found, False


class Writer:
    def __init__(
        self, session: Session, company: m.Company, kind: str, file: str, digest: str
    ) -> None:
        self.session = session
        self.company = company
        self.kind = kind
        self.file = file
        self.digest = digest
        self.problems: list[Problem] = []
        self.added = 0
        self.skipped = 0
        self.import_id = 0

    def begin(self, rows: int) -> bool:
        """False when this very file was imported already."""
        seen = self.session.scalar(
            select(m.ImportFile).where(
                m.ImportFile.company_id == self.company.id,
                m.ImportFile.kind == self.kind,
                m.ImportFile.sha256 == self.digest,
            )
        )
        if seen is not None:
            return False
        record = m.ImportFile(
            company_id=self.company.id,
            kind=self.kind,
            sha256=self.digest,
            name=self.file,
            rows=rows,
        )
        self.session.add(record)
        self.session.flush()
        self.import_id = record.id
        return True

    def problem(
        self, line: int, name: str, value: object, expected: str, code: Code = Code.CONFLICT
    ) -> None:
        self.problems.append(row_problem(self.file, line, name, str(value), expected, code))

    def finish(self) -> ImportReport:
        if self.problems:
            raise LedgerInputError(self.problems)
        return ImportReport(self.kind, self.file, False, self.added, self.skipped)

    # ------------------------------------------------------------------ catalogs
    def catalog(self, records: list[MaterialRecord] | list[ProductRecord]) -> None:
        model: Any = m.Material if self.kind == "materials" else m.Product
        existing = {
            row.part_number: row
            for row in self.session.scalars(
                select(model).where(model.company_id == self.company.id)
            )
        }
        for record in records:
            values = {k: v for k, v in vars(record).items() if k != "line"}
            row = existing.get(record.part_number)
            if row is None:
                self.session.add(
                    model(company_id=self.company.id, import_id=self.import_id, **values)
                )
                self.added += 1
            elif all(_same(getattr(row, k), v) for k, v in values.items()):
                self.skipped += 1
            else:
                changed = [k for k, v in values.items() if not _same(getattr(row, k), v)]
                self.problem(
                    record.line,
                    changed[0],
                    values[changed[0]],
                    f"{getattr(row, changed[0])} as already in the catalog "
                    "(catalog rows are not edited by import)",
                )

    def boms(self, records: list[BomRecord]) -> None:
        heads: list[dict[str, Any]] = []
        staged: list[BomRecord] = []
        existing = {
            (b.product, b.version): b
            for b in self.session.scalars(select(m.Bom).where(m.Bom.company_id == self.company.id))
        }
        materials, products = self.by_part(m.Material), self.by_part(m.Product)
        for record in records:
            self._bom_parts(record, materials, products)
            row = existing.get((record.product, record.version))
            if row is not None:
                if (row.valid_from, row.valid_to) == (record.valid_from, record.valid_to):
                    self.skipped += 1
                else:
                    self.problem(
                        record.line,
                        "version",
                        record.version,
                        "a new version label (a BOM version is never edited)",
                    )
                continue
            for other in (b for (p, _), b in existing.items() if p == record.product):
                if _overlap(other.valid_from, other.valid_to, record.valid_from, record.valid_to):
                    self.problem(
                        record.line,
                        "valid_from",
                        record.valid_from,
                        f"a period that does not overlap version {other.version} "
                        "already in the ledger",
                    )
            heads.append(
                {
                    "company_id": self.company.id, "product": record.product,
                    "version": record.version, "valid_from": record.valid_from,
                    "valid_to": record.valid_to, "import_id": self.import_id,
                }
            )  # fmt: skip
            staged.append(record)
            self.added += 1
        self._insert_boms(heads, staged)

    def _bom_parts(
        self, record: BomRecord, materials: dict[str, Any], products: dict[str, Any]
    ) -> None:
        """A BOM names a product of the catalog and components that are materials or
        products (subassemblies): refused at import, not found out at the discharge."""
        if record.product not in products:
            self.problem(
                record.line, "product", record.product, "a part of the products catalog",
                Code.UNKNOWN_REFERENCE,
            )  # fmt: skip
        for line in record.lines:
            if line.component not in materials and line.component not in products:
                self.problem(
                    line.line,
                    "component",
                    line.component,
                    "a part of the materials or products catalog",
                    Code.UNKNOWN_REFERENCE,
                )

    def _insert_boms(self, heads: list[dict[str, Any]], staged: list[BomRecord]) -> None:
        if not heads or self.problems:
            return
        connection = self.session.connection()
        table = m.table(m.Bom)
        ids = (
            connection.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), heads
            )
            .scalars()
            .all()
        )
        lines = [
            {
                "bom_id": bom_id, "component": line.component, "quantity": line.quantity,
                "merma_pct": line.merma_pct, "desperdicio_pct": line.desperdicio_pct,
            }
            for bom_id, record in zip(ids, staged, strict=True)
            for line in record.lines
        ]  # fmt: skip
        connection.execute(insert(m.table(m.BomLine)), lines)

    # ---------------------------------------------------------------- pedimentos
    def pedimentos(self, records: list[PedimentoRecord]) -> list[int]:
        """Store new pedimentos (maquila.ledger.store.pedimentos); returns the ids of the
        versions a rectification superseded."""
        return Pedimentos(self).store(records)

    def by_part(self, model: Any) -> dict[str, Any]:
        rows = self.session.scalars(select(model).where(model.company_id == self.company.id))
        return {row.part_number: row for row in rows}

    def movements(self, records: list[MovementRecord]) -> None:
        """Movements without a pedimento, each with its document (aviso, acta): inputs
        destroyed or donated as they are (an exit that discharges lots), or the disposal of
        desperdicio already discharged through the BOMs (a waste entry: no lot changes)."""
        materials = self.by_part(m.Material)
        done = {
            (e.document, e.part_number, e.kind, e.reference, e.quantity, e.document_row or 1)
            for e in self.session.scalars(
                select(m.Entry).where(
                    m.Entry.company_id == self.company.id, m.Entry.document.is_not(None)
                )
            )
        }
        seen: dict[tuple[object, ...], int] = {}
        for record in records:
            if record.part_number not in materials:
                self.problem(
                    record.line,
                    "part_number",
                    record.part_number,
                    "a part of the materials catalog",
                    Code.UNKNOWN_REFERENCE,
                )
                continue
            kind = "waste" if record.waste else "exit"
            reference = record.lot_reference if not record.waste else record.reference
            same = (record.document, record.part_number, kind, reference, record.quantity)
            row = seen[same] = seen.get(same, 0) + 1  # the n-th identical row of the document
            if (*same, row) in done:
                self.skipped += 1
                continue
            self.session.add(
                m.Entry(
                    company_id=self.company.id, kind=kind, on=record.date,
                    part_number=record.part_number, quantity=record.quantity,
                    category=record.kind, document=record.document, reference=reference,
                    document_row=row, import_id=self.import_id,
                )
            )  # fmt: skip
            done.add((*same, row))
            self.added += 1

    def extensions(self, records: list[ExtensionRecord]) -> None:
        for record in records:
            lot = self.session.scalar(
                select(m.Entry)
                .join(m.PedimentoLine, m.Entry.line_id == m.PedimentoLine.id)
                .join(m.Pedimento, m.PedimentoLine.pedimento_id == m.Pedimento.id)
                .where(
                    m.Entry.company_id == self.company.id,
                    m.Entry.kind == "lot",
                    m.Pedimento.number == record.pedimento,
                    m.PedimentoLine.secuencia == record.secuencia,
                    m.PedimentoLine.part_number == record.part_number,
                    m.Pedimento.rectified_by.is_(None),
                )
            )
            if lot is None:
                self.problem(
                    record.line,
                    "pedimento",
                    f"{record.pedimento}/{record.secuencia}",
                    "a lot in the ledger",
                    Code.UNKNOWN_REFERENCE,
                )
                continue
            same = self.session.scalar(
                select(func.count())
                .select_from(m.Entry)
                .where(
                    m.Entry.kind == "extension",
                    m.Entry.lot_id == lot.id,
                    m.Entry.due_on == record.due_on,
                    m.Entry.reference == record.reference,
                )
            )
            if same:
                self.skipped += 1
                continue
            self.session.add(
                m.Entry(
                    company_id=self.company.id,
                    kind="extension",
                    on=record.due_on,
                    part_number=lot.part_number,
                    quantity=Decimal(0),
                    lot_id=lot.id,
                    due_on=record.due_on,
                    reference=record.reference,
                    import_id=self.import_id,
                )
            )
            self.added += 1


def store_keyed(writer: Writer, model: Any, records: list[Any], key: tuple[str, ...]) -> None:
    """Rows identified by ``key``: new ones added, identical ones skipped, others refused."""
    rows = writer.session.scalars(select(model).where(model.company_id == writer.company.id))
    existing = {tuple(getattr(row, k) for k in key): row for row in rows}
    for record in records:
        values = {k: v for k, v in vars(record).items() if k not in ("line", "request")}
        row = existing.get(tuple(values[k] for k in key))
        if row is None:
            writer.session.add(
                model(company_id=writer.company.id, import_id=writer.import_id, **values)
            )
            existing[tuple(values[k] for k in key)] = values
            writer.added += 1
        elif all(_same(_get(row, k), v) for k, v in values.items()):
            writer.skipped += 1
        else:
            writer.problem(
                record.line,
                key[-1],
                values[key[-1]],
                "a key not already in the ledger with other values",
            )


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _overlap(a_from: Any, a_to: Any, b_from: Any, b_to: Any) -> bool:
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)
