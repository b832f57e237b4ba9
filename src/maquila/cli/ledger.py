"""``maquila ledger``: the IMMEX inventory ledger (Anexo 24) from the command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import polars as pl
import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from maquila.cli.problems import bad_option, option_date, refuse, refused
from maquila.io.ledger_files import import_file
from maquila.io.tables import TableError, check_target, write_table
from maquila.ledger import anexo24, service
from maquila.ledger.asset_reports import fixed_assets_table, sensitive_table
from maquila.ledger.imports import KINDS
from maquila.ledger.reconcile_report import igi_table, reconciliation_tables
from maquila.ledger.reports import (
    art25_tables,
    balances_by_fraccion,
    balances_table,
    descargo_table,
    expiring_table,
    with_header,
)
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store.db import (
    DEFAULT_URL,
    engine_for,
    normalise,
    schema_problem,
    sessions,
    shown,
    upgrade,
)
from maquila.ledger.store.models import Company
from maquila.verdict import Code, Refused, exit_code, worded

ledger_app = typer.Typer(help="The IMMEX inventory ledger (Anexo 24).", no_args_is_help=True)
console = Console(stderr=True, soft_wrap=True)  # one message, one line: logs are grepped

Db = Annotated[str, typer.Option("--db", help="Database URL or SQLite file.", envvar="MAQUILA_DB")]
CompanyOpt = Annotated[
    str | None, typer.Option("--company", help="RFC (when the ledger holds several).")
]


def _target(out: Path | None) -> None:
    """A wrong --out is refused before any work (one message, exit 1)."""
    if out is not None:
        try:
            check_target(out)
        except TableError as exc:
            refused(exc, where="--out")


def _first_line(exc: Exception, db: str) -> str:
    """The driver's first line, with the URL's password masked should it quote it."""
    line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    secret = _password(db)
    return line.replace(secret, "***") if secret else line


def _password(db: str) -> str | None:
    try:
        return make_url(normalise(db)).password
    except ArgumentError:
        return None


def _date(text: str | None, option: str = "--as-of") -> date:
    return option_date(option, text)


def _open(db: str) -> sessionmaker[Session]:
    """Sessions on a ledger whose schema is current; a clear message otherwise."""
    url = normalise(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        bad_option(
            "--db", repr(shown(db)), "no such ledger file; run `maquila ledger init` first",
            Code.NO_SUCH_FILE,
        )  # fmt: skip
    try:
        engine = engine_for(db)
        problem = schema_problem(engine)
    except (OperationalError, ArgumentError) as exc:
        _unavailable(db, exc)
    if problem is not None:
        bad_option("--db", repr(shown(db)), problem, Code.UNAVAILABLE)
    return sessions(engine)


def _unavailable(db: str, exc: Exception) -> NoReturn:
    why = f"cannot be opened ({_first_line(exc, db)})"
    bad_option("--db", repr(shown(db)), why, Code.UNAVAILABLE)


@contextmanager
def _company(db: str, rfc: str | None) -> Iterator[tuple[Session, Company]]:
    """A session on the ledger and the company it is about (--company, or the only one)."""
    with _open(db)() as session:
        try:
            owner = service.company(session, rfc)
        except LedgerInputError as exc:
            refused(exc)
        yield session, owner


@ledger_app.command("init")
def init(db: Db = DEFAULT_URL) -> None:
    """Create the ledger database, or bring its schema up to date."""
    try:
        upgrade(engine_for(db))
    except (OperationalError, ArgumentError) as exc:
        _unavailable(db, exc)
    console.print(f"ledger ready: {shown(db)}")


@ledger_app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help=", ".join(KINDS))],
    files: Annotated[
        list[Path], typer.Argument(help="CSV, Excel or Parquet files (or archivo M).")
    ],
    db: Db = DEFAULT_URL,
    company: CompanyOpt = None,
) -> None:
    """Import files, each in one transaction; a file imported before changes nothing."""
    make = _open(db)
    for path in files:
        if not path.exists():
            refuse([worded(Code.NO_SUCH_FILE, f"{path}: no such file", str(path))])
        try:
            with make() as session:
                report = import_file(session, kind, path, company)
        except Refused as exc:
            typer.echo(f"error: {path}: nothing imported", err=True)
            refused(exc)
        if report.already_imported:
            console.print(f"{path}: already imported, nothing to do")
        else:
            console.print(f"{path}: {report.added} added, {report.skipped} already in the ledger")


@ledger_app.command("discharge")
def discharge(
    db: Db = DEFAULT_URL,
    company: CompanyOpt = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Discharge exits up to this date.")
    ] = None,
    method: Annotated[str, typer.Option(help="fifo (PEPS) or specific.")] = "fifo",
    post: Annotated[
        bool, typer.Option("--post", help="Write the allocations (default: simulate).")
    ] = False,
    reverse: Annotated[
        int | None, typer.Option("--reverse", help="Reverse this posted run.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the allocations table here.")] = None,
) -> None:
    """Discharge pending exits through the BOMs (simulated unless --post)."""
    _target(out)
    make = _open(db)
    try:
        with make() as session:
            if reverse is not None:
                reversal = service.reverse_run(session, company, reverse)
                console.print(f"run {reverse} reversed by run {reversal}")
                return
            result = service.run_discharge(
                session, company, as_of=_date(as_of), method=method, post=post
            )
    except LedgerInputError as exc:
        refused(exc)
    late = sum(1 for a in result.allocations if a.late)
    console.print(
        f"{len(result.exits)} exits, {len(result.allocations)} allocations"
        f" ({late} after the lot's due date)"
    )
    if out is not None:
        with _company(db, company) as (session, owner):
            write_table(with_header(descargo_table(session, owner, result.allocations), owner), out)
    if not result.ok:  # findings in the ledger (maquila.verdict): exit 2, nothing written
        for message in ["the run cannot be posted; nothing written:"] + result.problems():
            typer.echo(f"error: {message}", err=True)
        raise typer.Exit(exit_code(undetermined=False, findings=True))
    if result.posted:
        console.print(f"posted as run {result.run_id}")
    elif post:
        console.print("nothing to discharge")
    else:
        console.print("simulation: nothing written (use --post to write)")


@ledger_app.command("balances")
def balances(
    db: Db = DEFAULT_URL,
    company: CompanyOpt = None,
    out: Annotated[Path | None, typer.Option(help="Write the table (CSV, XLSX, Parquet).")] = None,
    all_lots: Annotated[bool, typer.Option("--all", help="Include fully discharged lots.")] = False,
) -> None:
    """Open balance of every lot (saldos), with its due date and the value at stake."""
    _target(out)
    with _company(db, company) as (session, owner):
        frame = balances_table(session, owner, include_closed=all_lots)
    _show(frame, out, owner)


@ledger_app.command("expiring")
def expiring(
    db: Db = DEFAULT_URL,
    company: CompanyOpt = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    days: Annotated[int, typer.Option(help="Window: 30, 60, 90...")] = 90,
    out: Annotated[Path | None, typer.Option(help="Write the table (CSV, XLSX, Parquet).")] = None,
) -> None:
    """Open lots overdue or due within DAYS, with the value at stake."""
    _target(out)
    with _company(db, company) as (session, owner):
        frame = expiring_table(session, owner, as_of=_date(as_of), days=days)
    _show(frame, out, owner)


REPORTS = (
    "entradas", "salidas", "saldos", "saldos-fraccion", "materiales", "kardex", "retorno",
    "desperdicio", "activo-fijo", "sensibles", "conciliacion",
)  # fmt: skip


@ledger_app.command("report")
def report(
    kind: Annotated[str, typer.Argument(help=", ".join(REPORTS))],
    db: Db = DEFAULT_URL,
    company: CompanyOpt = None,
    start: Annotated[str | None, typer.Option("--from", help="First date.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last date (default today).")] = None,
    part: Annotated[str | None, typer.Option(help="The material (kardex).")] = None,
    basis: Annotated[str, typer.Option(help="Rates of the reconciliation (art25).")] = "tigie",
    out: Annotated[Path | None, typer.Option(help="Write the table (CSV, XLSX, Parquet).")] = None,
) -> None:
    """Anexo 24 reports: entradas, salidas, saldos (by lot and by fracción), materiales
    utilizados, activo fijo, sensitive goods; a kardex per material; the 12-month return
    ratio; the reconciliation of Article 2.5 with the contributions declared (the rate
    check and the IGI of the imports go beside --out as NAME.rates and NAME.igi)."""
    _target(out)
    if kind not in REPORTS:
        _not_one_of("report", kind, REPORTS)
    _basis(basis)
    if kind == "kardex" and not part:
        refuse([worded(Code.MISSING_FIELD, "the kardex needs --part PART_NUMBER", "--part")])
    first, last = _date(start or "2000-01-01", "--from"), _date(end, "--to")
    with _company(db, company) as (session, owner):
        if kind == "entradas":
            frame = anexo24.entradas(session, owner, first, last)
        elif kind == "salidas":
            frame = anexo24.salidas(session, owner, first, last)
        elif kind == "saldos":
            frame = balances_table(session, owner, include_closed=True, on=last)
        elif kind == "saldos-fraccion":
            frame = balances_by_fraccion(session, owner, on=last)
        elif kind == "materiales":
            frame = anexo24.materiales_utilizados(session, owner, first, last)
        elif kind == "kardex":
            frame = anexo24.kardex(session, owner, part or "")
        elif kind == "activo-fijo":
            frame = fixed_assets_table(session, owner)
        elif kind == "sensibles":
            frame = sensitive_table(session, owner)
        elif kind == "conciliacion":
            frame, checked = reconciliation_tables(
                session, owner, basis=basis, start=first, end=last
            )
            imports = igi_table(session, owner, basis=basis, start=first, end=last)
            if out is not None:
                for name, table in (("rates", checked), ("igi", imports)):
                    beside = out.with_name(f"{out.stem}.{name}{out.suffix}")
                    write_table(with_header(table, owner), beside)
        elif kind == "desperdicio":
            frame = anexo24.desperdicio(session, owner, last)
        else:
            frame = pl.DataFrame([anexo24.return_ratio(session, owner, last)])
    _show(frame, out, owner)


@ledger_app.command("art25")
def art25(
    db: Db = DEFAULT_URL,
    company: CompanyOpt = None,
    basis: Annotated[
        str, typer.Option(help="tigie, prosec, regla8 or fta (RGCE 1.6.11).")
    ] = "tigie",
    start: Annotated[str | None, typer.Option("--from", help="First return date.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last return date.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Summary table; the detail goes beside it.")
    ] = None,
) -> None:
    """USMCA Article 2.5: duty on the non-originating materials of each return."""
    _target(out)
    _basis(basis)
    with _company(db, company) as (session, owner):
        summary, detail = art25_tables(
            session, owner, basis=basis, start=_date(start or "2000-01-01", "--from"),
            end=_date(end, "--to"),
        )  # fmt: skip
    if out is not None:
        write_table(with_header(detail, owner), out.with_name(f"{out.stem}.detail{out.suffix}"))
    _show(summary, out, owner)


BASES = ("tigie", "prosec", "regla8", "fta")


def _not_one_of(name: str, value: str, allowed: tuple[str, ...]) -> NoReturn:
    listed = f"allowed: {', '.join(allowed)}"
    refuse([worded(Code.NOT_ALLOWED, f"{name} {value!r}; {listed}", name, repr(value), listed)])


def _basis(basis: str) -> None:
    if basis not in BASES:
        _not_one_of("--basis", basis, BASES)


def _show(frame: pl.DataFrame, out: Path | None, owner: Company) -> None:
    """The table to a file (the holder's RFC, razón social and programme as its first
    columns) or to the terminal under a line naming them."""
    if out is not None:
        write_table(with_header(frame, owner), out)
        console.print(f"{frame.height} rows written to {out}")
        return
    view = Table(show_lines=False)
    for column in frame.columns:
        view.add_column(column, no_wrap=True)
    for row in frame.iter_rows():
        view.add_row(*("" if v is None else str(v) for v in row))
    widths = [
        max([len(c)] + [len(str(v)) for v in frame[c].to_list() if v is not None])
        for c in frame.columns
    ]
    console.print(f"{owner.name} — RFC {owner.rfc} — IMMEX {owner.immex_number}")
    Console(width=sum(widths) + 3 * len(widths) + 4).print(view)
    console.print(f"{frame.height} rows")
