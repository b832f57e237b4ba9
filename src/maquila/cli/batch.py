"""``maquila origin batch GOODS BOM --out RESULTS``: a whole catalog, one row per good."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from maquila.bulk.catalog import ENGINES, check_catalog, decide_catalog
from maquila.bulk.partition import Names, RowError
from maquila.bulk.results import Question, summary
from maquila.cli.problems import bad_option, option_date, refuse, refused
from maquila.io.tables import Layout, TableError, check_target, read_table_as, write_table
from maquila.numbers import Mark
from maquila.origin.report import to_text
from maquila.verdict import Code, Refused, exit_code, worded

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
            "code": pl.Utf8,
        },
    )
    write_table(frame, path)


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


def _report_reading(
    files: tuple[tuple[Path, Layout], ...], names: Names, stated: Mark | None
) -> None:
    """How each table was read (encoding, delimiter or sheet, decimal mark), on stderr."""
    marks = (names.goods_mark, names.bom_mark)
    for (path, layout), shown in zip(files, marks, strict=True):
        said = {",": "decimal comma", ".": "decimal point"}.get(shown or "", "no decimal mark")
        how = "as stated (--decimal)" if stated else "shown by its numbers"
        console.print(f"read {path}: {layout}", markup=False, highlight=False)
        console.print(f"numbers of {path}: {said}, {how}", markup=False, highlight=False)


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
    goods_sheet: Annotated[
        str | None, typer.Option(help="The goods sheet of a workbook (default: the first).")
    ] = None,
    bom_sheet: Annotated[
        str | None, typer.Option(help="The BOM sheet of a workbook (default: the first).")
    ] = None,
    decimal: Annotated[
        str | None,
        typer.Option(help="The tables' decimal mark, ',' or '.' (default: shown by the numbers)."),
    ] = None,
) -> None:
    """Decide every good of a catalog; errors, questionnaire and summary beside the results."""
    try:
        check_target(out)
    except TableError as exc:
        refused(exc, where="--out")
    if engine not in ENGINES:
        bad_option("--engine", repr(engine), f"allowed: {', '.join(ENGINES)}")
    default = option_date("--date", on)
    if decimal not in (None, ",", "."):
        bad_option("--decimal", repr(decimal), "allowed: ',' (decimal comma) or '.' (point)")
    mark: Mark | None = "," if decimal == "," else "." if decimal == "." else None
    try:
        goods_table, goods_layout = read_table_as(goods, goods_sheet)
        bom_table, bom_layout = read_table_as(bom, bom_sheet)
        prepared = check_catalog(
            goods_table, bom_table, str(goods), str(bom), default=default, strict=strict,
            decimal=mark,
        )  # fmt: skip
    except Refused as exc:
        refused(exc)
    _report_reading(((goods, goods_layout), (bom, bom_layout)), prepared.names, mark)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("determining", total=prepared.goods.height)
        run = decide_catalog(
            prepared, default, engine=engine, master=master, workers=workers,
            progress=lambda n: bar.advance(task, n),
        )  # fmt: skip
    write_table(run.results, out)
    _write_errors(run.errors, _sidecar(out, "errors"))
    _write_questions(run.questions, _sidecar(out, "questions"))
    _print_summary(run.results, len(run.errors), len(run.questions), out)
    if explain:
        found = run.explain(explain, default)
        if found is None:
            message = f"--explain {explain!r}: not a decided part number"
            where = ("--explain", repr(explain), "a decided part number")
            refuse([worded(Code.UNKNOWN_REFERENCE, message, *where)])
        typer.echo(to_text(found))
    raise typer.Exit(exit_code(undetermined=run.undetermined > 0, findings=bool(run.errors)))


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
