"""One door to a whole catalog (issue 12): goods and BOM tables in, every good decided,
results, refused rows and the merged questionnaire out. The CLI (``maquila origin
batch``) and any other caller use this function; it reads and writes no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import polars as pl

from maquila.bulk.assemble import build_batch, sort_errors
from maquila.bulk.partition import Prepared, RowError, prepare
from maquila.bulk.results import Question, Questionnaire
from maquila.bulk.run import Outcome, results_frame, run_batches
from maquila.numbers import Mark
from maquila.origin.engine import determine
from maquila.origin.result import Determination
from maquila.verdict import Code, Refused

ENGINES = ("local", "spark")


class CatalogRefused(Refused):
    """The catalog cannot be run: required columns missing (every one named), or under
    ``strict`` the first bad row in file order."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(e.as_problem() for e in errors)


@dataclass(frozen=True)
class CatalogRun:
    results: pl.DataFrame  # one row per good (maquila.bulk.run.results_frame)
    errors: list[RowError]  # rows refused, each naming file, row, column, value, problem
    questions: list[Question]  # the merged questionnaire, most goods settled first
    prepared: Prepared

    @property
    def undetermined(self) -> int:
        return self.results.filter(pl.col("status") == "undetermined").height

    def explain(self, part: str, default: date) -> Determination | None:
        """One good's full determination (its trace), or None if it was not decided."""
        built = build_batch(self.prepared.batch_of([part]), self.prepared.names, default)
        request = built.requests.get(part)
        return None if request is None else determine(request)


_WHOLE_FILE = (Code.MISSING_COLUMN, Code.AMBIGUOUS_NUMBER)  # the file cannot be read at all


def run_catalog(
    goods: pl.DataFrame,
    bom: pl.DataFrame,
    *,
    goods_name: str,
    bom_name: str,
    default: date,
    strict: bool = False,
    engine: str = "local",
    master: str = "local[2]",
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    decimal: Mark | None = None,
) -> CatalogRun:
    """Decide every good of the catalog (``default``: the date of goods that give none;
    ``decimal``: the decimal mark of both tables, else each table's numbers show it)."""
    prepared = check_catalog(
        goods, bom, goods_name, bom_name, default=default, strict=strict, decimal=decimal
    )
    return decide_catalog(
        prepared, default, engine=engine, master=master, workers=workers, progress=progress
    )


def check_catalog(
    goods: pl.DataFrame,
    bom: pl.DataFrame,
    goods_name: str,
    bom_name: str,
    *,
    default: date,
    strict: bool = False,
    decimal: Mark | None = None,
) -> Prepared:
    """The tables checked before anything is decided; CatalogRefused when the catalog
    cannot be run at all (or, under ``strict``, at its first bad row)."""
    prepared = prepare(goods, bom, goods_name, bom_name, decimal)
    missing = [e for e in prepared.errors if e.row == 1 and e.code in _WHOLE_FILE]
    if missing:
        raise CatalogRefused(missing)
    if strict:  # every row checked before anything is decided: the first in file order
        causes = list(prepared.errors) + [
            e
            for piece in prepared.batches(2000)
            for e in build_batch(piece, prepared.names, default).errors
            if e.code is not Code.LEFT_OUT
        ]
        if causes:
            sort_errors(causes, prepared.names)
            raise CatalogRefused(causes[:1])
    return prepared


def decide_catalog(
    prepared: Prepared,
    default: date,
    *,
    engine: str = "local",
    master: str = "local[2]",
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> CatalogRun:
    """Every good of a checked catalog decided, locally (worker processes) or on Spark."""
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}; allowed: {', '.join(ENGINES)}")
    errors = list(prepared.errors)
    tables: list[pl.DataFrame] = []
    merged = Questionnaire()
    for outcome in _outcomes(prepared, default, engine, master, workers, progress):
        tables.append(outcome.table)
        errors.extend(outcome.errors)
        merged.merge(outcome.questions)
    sort_errors(errors, prepared.names)
    table = pl.concat(tables) if tables else results_frame([])
    return CatalogRun(table, errors, merged.ordered(), prepared)


def _outcomes(
    prepared: Prepared,
    default: date,
    engine: str,
    master: str,
    workers: int | None,
    progress: Callable[[int], None] | None,
) -> Iterator[Outcome]:
    if engine == "spark":
        from maquila.bulk.spark import run_spark

        yield from run_spark(prepared, default, master=master)
        return
    yield from run_batches(prepared, default, workers=workers, progress=progress)
