"""What the ledger does, over a session: find the company, run discharges, reverse them
(imports: maquila.ledger.imports).

Each public function is one transaction. A discharge run is computed by the pure
functions of maquila.ledger.explode and maquila.ledger.discharge over what the journal
holds; posting writes its allocations, simulating writes nothing, reversing writes a
reversal entry for each allocation. Postings are serialised per company by a row lock on
the company (so two runs started at once never allocate the same quantity twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from maquila.ledger.discharge import METHODS, Allocation, Demand, Lot, Shortfall, discharge
from maquila.ledger.explode import Exit, ExplodeError, explode
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store import models as m
from maquila.ledger.store import queries
from maquila.ledger.store.db import refresh_statistics
from maquila.verdict import Code, worded


def company(session: Session, rfc: str | None) -> m.Company:
    """The company named by RFC, or the only one in the ledger."""
    if rfc is not None:
        found = session.scalar(select(m.Company).where(m.Company.rfc == rfc))
        if found is None:
            raise LedgerInputError(
                [
                    worded(
                        Code.UNKNOWN_REFERENCE,
                        f"--company {rfc!r}: no such company in the ledger "
                        "(import its company file first)",
                        "--company", repr(rfc), "a company in the ledger",
                    )
                ]
            )  # fmt: skip
        return found
    every = list(session.scalars(select(m.Company)))
    if len(every) != 1:
        names = ", ".join(c.rfc for c in every) or "none yet"
        raise LedgerInputError(
            [
                worded(
                    Code.MISSING_FIELD,
                    f"name the company with --company RFC (companies in the ledger: {names})",
                    "--company", "", f"one of: {names}",
                )
            ]
        )  # fmt: skip
    return every[0]


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
        allowed = f"allowed: {', '.join(METHODS)}"
        message = f"--method {method!r}; {allowed}"
        raise LedgerInputError(
            [worded(Code.NOT_ALLOWED, message, "--method", repr(method), allowed)]
        )
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
        message = f"run {run_id}: not a posted discharge run of {owner.rfc}"
        raise LedgerInputError(
            [worded(Code.UNKNOWN_REFERENCE, message, "run", str(run_id), "a posted run")]
        )
    if session.scalar(select(m.Run).where(m.Run.reverses_run_id == run_id)) is not None:
        message = f"run {run_id}: already reversed"
        raise LedgerInputError([worded(Code.CONFLICT, message, "run", str(run_id))])
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
            head = (
                f"{reason or 'the rectification'} leaves run {run_id} (as of {previous.as_of}) "
                "unable to discharge:"
            )
            raise LedgerInputError(
                worded(Code.CONFLICT, text, f"run {run_id}") for text in [head, *result.problems()]
            )
        run = m.Run(company_id=owner.id, method=previous.method, as_of=previous.as_of, kind="post")
        session.add(run)
        session.flush()
        _write_allocations(session, owner, run.id, result.allocations)
