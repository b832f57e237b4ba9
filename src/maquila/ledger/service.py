"""What the ledger does, over a session: import files, run discharges, reverse them.

Each public function is one transaction. A discharge run is computed by the pure
functions of maquila.ledger.explode and maquila.ledger.discharge over what the journal
holds; posting writes its allocations, simulating writes nothing, reversing writes a
reversal entry for each allocation. Postings are serialised per company by a row lock on
the company (so two runs started at once never allocate the same quantity twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from maquila.io.requests import InputError, load_request
from maquila.io.tables import read_table
from maquila.ledger.archivo_m import read_validation_file
from maquila.ledger.discharge import METHODS, Allocation, Demand, Lot, Shortfall, discharge
from maquila.ledger.explode import Exit, ExplodeError, explode
from maquila.ledger.pedimento_parts import WithdrawalRecord
from maquila.ledger.records import CompanyRecord, EvidenceRecord, PedimentoRecord, read_records
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store import models as m
from maquila.ledger.store import queries
from maquila.ledger.store.assets import fixed_assets
from maquila.ledger.store.db import refresh_statistics
from maquila.ledger.store.pedimentos import withdraw
from maquila.ledger.store.writer import ImportReport, Writer, company_from, sha256, store_keyed
from maquila.origin.engine import determine
from maquila.origin.result import Status

KINDS = (
    "company", "materials", "products", "boms", "pedimentos", "extensions", "validation",
    "rates", "destination_duties", "certificates", "movements", "non_business_days",
    "fixed_assets", "sensitive_goods",
)  # fmt: skip


def company(session: Session, rfc: str | None) -> m.Company:
    """The company named by RFC, or the only one in the ledger."""
    if rfc is not None:
        found = session.scalar(select(m.Company).where(m.Company.rfc == rfc))
        if found is None:
            raise LedgerInputError(
                [
                    f"--company {rfc!r}: no such company in the ledger "
                    "(import its company file first)"
                ]
            )
        return found
    every = list(session.scalars(select(m.Company)))
    if len(every) != 1:
        names = ", ".join(c.rfc for c in every) or "none yet"
        raise LedgerInputError(
            [f"name the company with --company RFC (companies in the ledger: {names})"]
        )
    return every[0]


def import_file(
    session: Session, kind: str, path: Path, rfc: str | None = None, statistics: bool = True
) -> ImportReport:
    """Import one file of ``kind``; all or nothing; a file imported before changes nothing.

    Imports of one company run one at a time (the company row is locked for the
    transaction), so two imports started together on PostgreSQL never race on the same
    pedimento; should the database still refuse a row, the import is refused with a
    message, never a traceback. After a bulk write the planner's statistics are refreshed
    (``statistics=False`` leaves that to autovacuum, as the benchmark measures)."""
    if kind not in KINDS:
        raise LedgerInputError([f"{path}: kind {kind!r}; allowed: {', '.join(KINDS)}"])
    content = path.read_bytes()
    if kind == "validation":
        records: list[Any] = read_validation_file(str(path), _text(content))
    else:
        frame = read_table(path)
        records = read_records(kind, str(path), frame.to_dicts())
    try:
        report = _store(session, kind, path, rfc, records, content)
    except IntegrityError as exc:
        session.rollback()
        raise LedgerInputError(
            [
                f"{path}: the database refused a row another import wrote at the same time "
                f"({type(exc.orig).__name__}); nothing of this file was imported: import it again"
            ]
        ) from None
    if statistics and report.added and kind in BULK_KINDS:
        refresh_statistics(session)
    return report


BULK_KINDS = ("pedimentos", "validation", "movements")


def _store(
    session: Session, kind: str, path: Path, rfc: str | None, records: list[Any], content: bytes
) -> ImportReport:
    with session.begin():
        if kind == "company":
            return _companies(session, path, records)
        owner = company(session, rfc)
        _lock(session, owner)
        writer = Writer(session, owner, kind, str(path), sha256(content))
        if not writer.begin(len(records)):
            return ImportReport(kind, str(path), True, 0, 0)
        if kind in ("materials", "products"):
            writer.catalog(records)
        elif kind == "boms":
            writer.boms(records)
        elif kind == "extensions":
            writer.extensions(records)
        elif kind == "rates":
            store_keyed(writer, m.DutyRate, records, ("fraccion", "basis", "valid_from"))
        elif kind == "movements":
            writer.movements(records)
        elif kind == "certificates":
            records = _decided(path, records, writer)
            store_keyed(
                writer, m.OriginEvidence, records, ("pedimento", "secuencia", "part_number")
            )
        elif kind == "destination_duties":
            store_keyed(writer, m.DestinationDuty, records, ("pedimento", "secuencia"))
        elif kind == "non_business_days":
            store_keyed(writer, m.NonBusinessDay, records, ("day",))
        elif kind == "fixed_assets":
            fixed_assets(writer, records)
        elif kind == "sensitive_goods":
            store_keyed(writer, m.SensitiveGood, records, ("list", "code", "valid_from"))
        else:
            pedimentos = [r for r in records if isinstance(r, PedimentoRecord)]
            superseded = writer.pedimentos(pedimentos)
            withdrawn = withdraw(writer, [r for r in records if isinstance(r, WithdrawalRecord)])
            if not writer.problems:
                if superseded:
                    _rerun_after(session, owner, superseded)
                for ids, reason in withdrawn:
                    _rerun_after(session, owner, ids, reason)
        return writer.finish()


def _text(content: bytes) -> str:
    """An archivo M as text: UTF-8 when it is valid UTF-8 (no mojibake of Ñ or accents),
    otherwise the Windows-1252 / Latin-1 single-byte text the brokers' systems write."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            return content.decode("latin-1")


def _decided(path: Path, records: list[EvidenceRecord], writer: Writer) -> list[Any]:
    """Rows that name an origin request instead of a certification: the origin engine
    decides the material; only an originating result is evidence (its rule and criterion
    become the reference); anything else refuses the file with the engine's reasons."""
    out: list[Any] = []
    for record in records:
        if record.certificate or not record.request:
            out.append(replace(record, request=None))
            continue
        try:
            result = determine(load_request(path.parent / record.request))
        except (InputError, OSError) as exc:
            writer.problem(
                record.line, "request", record.request, f"a readable origin request ({exc})"
            )
            continue
        if result.status is not Status.ORIGINATING:
            why = "; ".join(result.reasons + [m.key for m in result.missing]) or result.status.value
            writer.problem(
                record.line,
                "request",
                record.request,
                f"an originating material (the engine finds {result.status.value}: {why})",
            )
            continue
        rule = f"{result.rule.id}, " if result.rule is not None else ""
        reference = f"maquila origin: {rule}criterion {result.criterion} ({record.request})"
        out.append(replace(record, certificate=reference, request=None))
    return out


def _companies(session: Session, path: Path, records: list[CompanyRecord]) -> ImportReport:
    added = skipped = 0
    for record in records:
        _, new = company_from(session, record)
        added, skipped = added + new, skipped + (not new)
    return ImportReport("company", str(path), False, added, skipped)


# ------------------------------------------------------------------------- runs


@dataclass
class RunResult:
    as_of: date
    method: str
    posted: bool
    run_id: int | None = None
    exits: list[queries.ExitView] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    errors: list[ExplodeError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.shortfalls and not self.errors

    def problems(self) -> list[str]:
        out = [f"exit {e.exit_id}: {e.part}: {e.problem}" for e in self.errors]
        return out + [s.message() for s in self.shortfalls]


def _lock(session: Session, owner: m.Company) -> None:
    """Row lock on the company until commit: postings of one company run one at a time."""
    session.execute(
        update(m.Company).where(m.Company.id == owner.id).values(postings=m.Company.postings + 1)
    )


def _compute(session: Session, owner: m.Company, as_of: date, method: str) -> RunResult:
    result = RunResult(as_of, method, False)
    result.exits = queries.pending_exits(session, owner, as_of)
    boms = queries.boms(session, owner)
    materials = queries.material_parts(session, owner)
    lots = queries.lots(session, owner)
    by_reference = {(lot.pedimento, lot.secuencia, lot.part): lot.id for lot in lots}
    demands: list[Demand] = []
    for ex in result.exits:
        lot_id = None
        if ex.reference:
            number, _, secuencia = ex.reference.partition("/")
            lot_id = by_reference.get((number, int(secuencia), ex.part))
            if lot_id is None:
                result.errors.append(
                    ExplodeError(
                        ex.id, ex.part, f"names lot {ex.reference}, not an open lot of this part"
                    )
                )
                continue
        found, errors = explode(Exit(ex.id, ex.part, ex.quantity, ex.on, lot_id), boms, materials)
        demands += found
        result.errors += errors
    every = [_core(lot) for lot in lots]  # discharge() skips empty lots, lists them when short
    result.allocations, result.shortfalls = discharge(every, demands, METHODS[method])
    return result


def _core(lot: queries.LotView) -> Lot:
    return Lot(lot.id, lot.part, lot.pedimento, lot.secuencia, lot.start, lot.due.on, lot.balance)


def run_discharge(
    session: Session, rfc: str | None, *, as_of: date, method: str = "fifo", post: bool
) -> RunResult:
    """Discharge every pending exit up to ``as_of``. Posting refuses (writes nothing)
    when any exit cannot be exploded or covered: the result lists why."""
    if method not in METHODS:
        raise LedgerInputError([f"--method {method!r}; allowed: {', '.join(METHODS)}"])
    session.begin()
    try:
        owner = company(session, rfc)
        if post:
            _lock(session, owner)
        result = _compute(session, owner, as_of, method)
        if not post or not result.ok or not result.allocations:
            session.rollback()  # a simulation, or a run that cannot post: nothing written
            return result
        run = m.Run(company_id=owner.id, method=method, as_of=as_of, kind="post")
        session.add(run)
        session.flush()
        _write_allocations(session, owner, run.id, result.allocations)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    result.posted, result.run_id = True, run.id
    refresh_statistics(session)
    return result


def _write_allocations(
    session: Session, owner: m.Company, run_id: int, allocations: list[Allocation]
) -> None:
    rows = (
        {
            "company_id": owner.id, "kind": "allocation", "on": a.on, "part_number": a.part,
            "quantity": a.quantity, "lot_id": a.lot_id, "exit_id": a.exit_id, "run_id": run_id,
            "component": a.component.value, "late": a.late, "line_id": None, "reverses_id": None,
            "category": None, "due_on": None, "reference": None, "import_id": None,
        }
        for a in allocations
    )  # fmt: skip
    _insert_chunks(session, rows)


def _insert_chunks(session: Session, rows: Iterable[dict[str, Any]], size: int = 20_000) -> None:
    """Core inserts (no ORM objects): a run may write ten million allocations."""
    connection, table = session.connection(), m.table(m.Entry)
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            connection.execute(insert(table), chunk)
            chunk = []
    if chunk:
        connection.execute(insert(table), chunk)


def reverse_run(session: Session, rfc: str | None, run_id: int) -> int:
    """Undo a posted run by reversal entries; returns the reversal run's id."""
    with session.begin():
        owner = company(session, rfc)
        _lock(session, owner)
        return _reverse(session, owner, run_id)


def _reverse(session: Session, owner: m.Company, run_id: int) -> int:
    run = session.get(m.Run, run_id)
    if run is None or run.company_id != owner.id or run.kind != "post":
        raise LedgerInputError([f"run {run_id}: not a posted discharge run of {owner.rfc}"])
    if session.scalar(select(m.Run).where(m.Run.reverses_run_id == run_id)) is not None:
        raise LedgerInputError([f"run {run_id}: already reversed"])
    reversal = m.Run(
        company_id=owner.id,
        method=run.method,
        as_of=run.as_of,
        kind="reversal",
        reverses_run_id=run_id,
    )
    session.add(reversal)
    session.flush()
    entries = session.scalars(
        select(m.Entry).where(m.Entry.run_id == run_id, m.Entry.kind == "allocation")
    )
    _insert_chunks(session, (_undo(e, owner, reversal.id) for e in entries.all()))
    return reversal.id


def _undo(
    entry: m.Entry, owner: m.Company, run_id: int | None, reference: str | None = None
) -> dict[str, Any]:
    return {
        "company_id": owner.id, "kind": "reversal", "on": entry.on,
        "part_number": entry.part_number, "quantity": entry.quantity, "reverses_id": entry.id,
        "run_id": run_id, "lot_id": entry.lot_id, "exit_id": entry.exit_id,
        "component": entry.component, "late": False, "line_id": None, "category": None,
        "due_on": None, "reference": reference, "import_id": None,
    }  # fmt: skip


def _rerun_after(
    session: Session, owner: m.Company, pedimentos: list[int], reason: str | None = None
) -> None:
    """R1, eliminación, desistimiento: the lots and exits of those pedimento versions are
    reversed (the reversal entries name ``reason``); every run that used them is reversed
    and posted again on what remains (same date and method), or the import is refused."""
    _lock(session, owner)
    old = list(
        session.scalars(
            select(m.Entry)
            .join(m.PedimentoLine, m.Entry.line_id == m.PedimentoLine.id)
            .where(
                m.PedimentoLine.pedimento_id.in_(pedimentos),
                m.Entry.kind.in_(("lot", "exit")),
                queries.live(m.Entry),
            )
        )
    )
    ids = [e.id for e in old]
    used = session.scalars(
        select(m.Entry.run_id).where(
            m.Entry.kind == "allocation",
            queries.live(m.Entry),
            (m.Entry.lot_id.in_(ids)) | (m.Entry.exit_id.in_(ids)),
        )
    )
    runs = sorted({run_id for run_id in used if run_id is not None})
    for run_id in runs:
        _reverse(session, owner, run_id)
    _insert_chunks(session, [_undo(e, owner, None, reason) for e in old])
    session.flush()
    for run_id in runs:
        previous = session.get(m.Run, run_id)
        assert previous is not None
        result = _compute(session, owner, previous.as_of, previous.method)
        if not result.ok:
            raise LedgerInputError(
                [
                    f"{reason or 'the rectification'} leaves run {run_id} (as of {previous.as_of}) "
                    "unable to discharge:"
                ]
                + result.problems()
            )
        run = m.Run(company_id=owner.id, method=previous.method, as_of=previous.as_of, kind="post")
        session.add(run)
        session.flush()
        _write_allocations(session, owner, run.id, result.allocations)
