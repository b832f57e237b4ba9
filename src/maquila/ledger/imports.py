"""Importing into the ledger: a file's content, already read by the edge
(maquila.io.ledger_files), parsed into records and stored in one transaction.

One table says, per kind, how its records are stored, so the kinds are not a chain of
branches. Imports of one company run one at a time (the company row is locked for the
transaction), so two imports started together on PostgreSQL never race on the same
pedimento; should the database still refuse a row, the import is refused with a message,
never a traceback. After a bulk write the planner's statistics are refreshed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from maquila.ledger.archivo_m import read_validation_file
from maquila.ledger.pedimento_parts import WithdrawalRecord
from maquila.ledger.records import CompanyRecord, EvidenceRecord, PedimentoRecord
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.service import _lock, _rerun_after, company
from maquila.ledger.store import models as m
from maquila.ledger.store.assets import fixed_assets
from maquila.ledger.store.db import refresh_statistics
from maquila.ledger.store.pedimentos import withdraw
from maquila.ledger.store.writer import ImportReport, Writer, company_from, sha256, store_keyed
from maquila.ledger.templates import TEMPLATES, read_records
from maquila.origin import Request
from maquila.origin.engine import determine
from maquila.origin.result import Status
from maquila.verdict import Code, Problem, worded


@dataclass(frozen=True)
class Source:
    """What the edge read: the file's name (in messages), its bytes (its identity), and
    either its rows (a template) or its text (an archivo M); for certificates, the origin
    requests its rows name, each loaded or the reason it could not be."""

    name: str
    content: bytes
    rows: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""
    requests: Mapping[str, Request | str] = field(default_factory=dict)


Store = Callable[[Writer, list[Any], Source], None]


def _keyed(model: Any, *key: str) -> Store:
    return lambda writer, records, source: store_keyed(writer, model, records, key)


def _certificates(writer: Writer, records: list[Any], source: Source) -> None:
    store_keyed(
        writer, m.OriginEvidence, _decided(source, records, writer),
        ("pedimento", "secuencia", "part_number"),
    )  # fmt: skip


def _pedimentos(writer: Writer, records: list[Any], source: Source) -> None:
    superseded = writer.pedimentos([r for r in records if isinstance(r, PedimentoRecord)])
    withdrawn = withdraw(writer, [r for r in records if isinstance(r, WithdrawalRecord)])
    if not writer.problems:
        if superseded:
            _rerun_after(writer.session, writer.company, superseded)
        for ids, reason in withdrawn:
            _rerun_after(writer.session, writer.company, ids, reason)


STORES: dict[str, Store] = {
    "materials": lambda writer, records, source: writer.catalog(records),
    "products": lambda writer, records, source: writer.catalog(records),
    "boms": lambda writer, records, source: writer.boms(records),
    "extensions": lambda writer, records, source: writer.extensions(records),
    "movements": lambda writer, records, source: writer.movements(records),
    "fixed_assets": lambda writer, records, source: fixed_assets(writer, records),
    "rates": _keyed(m.DutyRate, "fraccion", "basis", "valid_from"),
    "destination_duties": _keyed(m.DestinationDuty, "pedimento", "secuencia"),
    "non_business_days": _keyed(m.NonBusinessDay, "day"),
    "sensitive_goods": _keyed(m.SensitiveGood, "list", "code", "valid_from"),
    "certificates": _certificates,
    "pedimentos": _pedimentos,
    "validation": _pedimentos,
}
KINDS = ("company", *STORES)
BULK_KINDS = ("pedimentos", "validation", "movements")
assert set(KINDS) == set(TEMPLATES) | {"validation"}, "every template kind has its store"


def unknown_kind(where: str, kind: str) -> Problem:
    allowed = f"allowed: {', '.join(KINDS)}"
    message = f"{where}: kind {kind!r}; {allowed}"
    return worded(Code.NOT_ALLOWED, message, where, repr(kind), allowed)


def import_source(
    session: Session, kind: str, source: Source, rfc: str | None = None, statistics: bool = True
) -> ImportReport:
    """Import one file of ``kind``; all or nothing; a file imported before changes nothing
    (``statistics=False`` leaves the planner's statistics to autovacuum, as the
    benchmark measures)."""
    if kind not in KINDS:
        raise LedgerInputError([unknown_kind(source.name, kind)])
    if kind == "validation":
        records: list[Any] = read_validation_file(source.name, source.text)
    else:
        records = read_records(kind, source.name, source.rows)
    try:
        report = _store(session, kind, source, rfc, records)
    except IntegrityError as exc:
        session.rollback()
        message = (
            f"{source.name}: the database refused a row another import wrote at the same "
            f"time ({type(exc.orig).__name__}); nothing of this file was imported: import "
            "it again"
        )
        raise LedgerInputError([worded(Code.CONFLICT, message, source.name)]) from None
    if statistics and report.added and kind in BULK_KINDS:
        refresh_statistics(session)
    return report


def _store(
    session: Session, kind: str, source: Source, rfc: str | None, records: list[Any]
) -> ImportReport:
    with session.begin():
        if kind == "company":
            return _companies(session, source.name, records)
        owner = company(session, rfc)
        _lock(session, owner)
        writer = Writer(session, owner, kind, source.name, sha256(source.content))
        if not writer.begin(len(records)):
            return ImportReport(kind, source.name, True, 0, 0)
        STORES[kind](writer, records, source)
        return writer.finish()


def _decided(source: Source, records: list[EvidenceRecord], writer: Writer) -> list[Any]:
    """Rows that name an origin request instead of a certification: the origin engine
    decides the material; only an originating result is evidence (its rule and criterion
    become the reference); anything else refuses the file with the engine's reasons."""
    out: list[Any] = []
    for record in records:
        if record.certificate or not record.request:
            out.append(replace(record, request=None))
            continue
        loaded = source.requests.get(record.request, "not read")
        if isinstance(loaded, str):
            writer.problem(
                record.line, "request", record.request, f"a readable origin request ({loaded})"
            )
            continue
        result = determine(loaded)
        if result.status is not Status.ORIGINATING:
            why = (
                "; ".join([*result.reasons, *(m.key for m in result.missing)])
                or result.status.value
            )
            writer.problem(
                record.line, "request", record.request,
                f"an originating material (the engine finds {result.status.value}: {why})",
            )  # fmt: skip
            continue
        rule = f"{result.rule.id}, " if result.rule is not None else ""
        reference = f"maquila origin: {rule}criterion {result.criterion} ({record.request})"
        out.append(replace(record, certificate=reference, request=None))
    return out


def _companies(session: Session, name: str, records: list[CompanyRecord]) -> ImportReport:
    added = skipped = 0
    for record in records:
        _, new = company_from(session, record)
        added, skipped = added + new, skipped + (not new)
    return ImportReport("company", name, False, added, skipped)
