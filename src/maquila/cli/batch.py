"""``maquila origin batch GOODS BOM --out RESULTS``: a whole catalog, one row per good."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import polars as pl
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from maquila.bulk.assemble import LEFT_OUT, REQUIRED_COLUMN, build_batch, sort_errors
from maquila.bulk.partition import Prepared, RowError, prepare
from maquila.bulk.results import Question, Questionnaire, summary
from maquila.bulk.run import Outcome, results_frame, run_batches
from maquila.io.tables import TableError, check_target, read_table, write_table
from maquila.origin.engine import determine
from maquila.origin.report import to_text
from maquila.verdict import exit_code

console = Console(stderr=True, soft_wrap=True)  # one message, one line: logs are grepped


def _sidecar(out: Path, name: str) -> Path:
    return out.with_name(f"{out.stem}.{name}.csv")


def _write_errors(errors: list[RowError], path: Path) -> None:
    frame = pl.DataFrame(
        [vars(e) for e in errors],
        schema={
            "file": pl.Utf8,
            "row": pl.Int64,
            "column": pl.Utf8,
            "value": pl.Utf8,
            "problem": pl.Utf8,
        },
    )
    write_table(frame, path)


def _outcomes(
    prepared: Prepared, default: date, engine: str, master: str, workers: int | None
) -> Iterator[Outcome]:
    if engine == "spark":
        from maquila.bulk.spark import run_spark

        yield from run_spark(prepared, default, master=master)
        return
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("determining", total=prepared.goods.height)
        yield from run_batches(
            prepared, default, workers=workers, progress=lambda n: progress.advance(task, n)
        )


def _fail(error: RowError) -> NoReturn:
    typer.echo(
        f"error: {error.file}:{error.row}: {error.column}: found {error.value!r}; {error.problem}",
        err=True,
    )
    raise typer.Exit(1)


def _write_questions(questions: list[Question], path: Path) -> None:
    write_table(
        pl.DataFrame(
            [
                {
                    "key": q.key,
                    "question": q.question,
                    "rule": q.rule,
                    "goods_settled": len(q.goods),
                    "goods": "; ".join(q.goods),
                }
                for q in questions
            ],
            schema={
                "key": pl.Utf8,
                "question": pl.Utf8,
                "rule": pl.Utf8,
                "goods_settled": pl.Int64,
                "goods": pl.Utf8,
            },
        ),
        path,
    )


def batch(
    goods: Annotated[Path, typer.Argument(help="Goods table (.csv, .xlsx, .parquet).")],
    bom: Annotated[Path, typer.Argument(help="BOM lines table (.csv, .xlsx, .parquet).")],
    out: Annotated[Path, typer.Option("--out", help="Results table to write.")],
    explain: Annotated[str | None, typer.Option(help="Print one good's full trace.")] = None,
    strict: Annotated[bool, typer.Option(help="Stop at the first bad row.")] = False,
    engine: Annotated[str, typer.Option(help="local or spark.")] = "local",
    master: Annotated[str, typer.Option(help="Spark master URL.")] = "local[2]",
    workers: Annotated[int | None, typer.Option(help="Worker processes (local).")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Default date YYYY-MM-DD.")] = None,
) -> None:
    """Decide every good of a catalog; errors, questionnaire and summary beside the results."""
    try:
        check_target(out)
    except TableError as exc:
        typer.echo(f"error: --out {exc}", err=True)
        raise typer.Exit(1) from None
    if engine not in ("local", "spark"):
        typer.echo(f"error: --engine {engine!r}; allowed: local, spark", err=True)
        raise typer.Exit(1)
    try:
        default = date.fromisoformat(on) if on else date.today()
        prepared = prepare(read_table(goods), read_table(bom), str(goods), str(bom))
    except (TableError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    missing_columns = [e for e in prepared.errors if e.problem == REQUIRED_COLUMN]
    for error in missing_columns:
        typer.echo(
            f"error: {error.file}: column {error.column!r} is required "
            "(see docs/catalog-format.md for its names)",
            err=True,
        )
    if missing_columns:
        raise typer.Exit(1)
    errors = list(prepared.errors)
    if strict:  # every row checked before anything is decided: the first in file order
        causes = errors + [
            e
            for piece in prepared.batches(2000)
            for e in build_batch(piece, prepared.names, default).errors
            if e.problem != LEFT_OUT
        ]
        if causes:
            sort_errors(causes, prepared.names)
            _fail(causes[0])
    tables: list[pl.DataFrame] = []
    merged = Questionnaire()
    for outcome in _outcomes(prepared, default, engine, master, workers):
        tables.append(outcome.table)
        errors.extend(outcome.errors)
        merged.merge(outcome.questions)
    sort_errors(errors, prepared.names)
    table = pl.concat(tables) if tables else results_frame([])
    write_table(table, out)
    _write_errors(errors, _sidecar(out, "errors"))
    questions = merged.ordered()
    _write_questions(questions, _sidecar(out, "questions"))
    _print_summary(table, len(errors), len(questions), out)
    if explain:
        _explain(prepared, explain, default)
    undetermined = table.filter(pl.col("status") == "undetermined").height > 0
    raise typer.Exit(exit_code(undetermined=undetermined, findings=bool(errors)))


def _explain(prepared: Prepared, part: str, default: date) -> None:
    built = build_batch(prepared.batch_of([part]), prepared.names, default)
    if part not in built.requests:
        typer.echo(f"error: --explain {part!r}: not a decided part number", err=True)
        raise typer.Exit(1)
    typer.echo(to_text(determine(built.requests[part])))


def _print_summary(table: pl.DataFrame, errors: int, questions: int, out: Path) -> None:
    counts = summary(table)
    view = Table(title="USMCA determinations by chapter")
    for column in ("chapter", "originating", "non_originating", "undetermined"):
        view.add_column(column, justify="right")
    for chapter in sorted(c for c in counts if c != "all") + ["all"]:
        c = counts.get(chapter)
        if c is None:
            continue
        view.add_row(
            chapter, str(c["originating"]), str(c["non_originating"]), str(c["undetermined"])
        )
    console.print(view)
    console.print(
        f"{table.height} goods decided; {errors} bad rows (see "
        f"{_sidecar(out, 'errors')}); {questions} questions (see "
        f"{_sidecar(out, 'questions')}); results in {out}"
    )
