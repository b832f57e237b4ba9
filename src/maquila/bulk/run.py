"""Run a catalog through the single-good engine, batch by batch, in worker processes.

The parent prepares the tables (Polars) and hands out batches of finished goods with
every BOM line they reach; a worker builds the requests, decides them and returns only
result rows, row errors and the facts asked, so neither side ever holds the whole
catalog as Python objects.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from typing import Any

import polars as pl

from maquila.bulk.assemble import build_batch
from maquila.bulk.partition import Batch, Names, Prepared, RowError
from maquila.bulk.results import RESULT_COLUMNS, Questionnaire, asked, result_row
from maquila.origin.engine import determine
from maquila.origin.request import Request
from maquila.origin.result import Determination
from maquila.verdict import Code


@dataclass
class Outcome:
    """What one batch comes to: its results table (RESULT_COLUMNS, goods order), the
    row errors, and the facts its goods wait for."""

    table: pl.DataFrame
    errors: list[RowError] = field(default_factory=list)
    questions: Questionnaire = field(default_factory=Questionnaire)


def decide_batch(job: tuple[Batch, Names, date]) -> Outcome:
    batch, names, default_date = job
    built = build_batch(batch, names, default_date)
    rows = []
    questions = Questionnaire()
    for part in built.order:
        request = built.requests[part]
        result = determine(request)
        rows.append(result_row(part, request, result))
        questions.add(part, asked(request, result))
    return Outcome(results_frame(rows), built.errors, questions)


def results_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={c: pl.Utf8 for c in RESULT_COLUMNS})


def run_batches(
    prepared: Prepared,
    default_date: date,
    workers: int | None = None,
    batch_size: int = 250,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """Decide every good, yielding each batch's outcome in goods order."""
    workers = workers or os.cpu_count() or 1
    jobs = ((batch, prepared.names, default_date) for batch in prepared.batches(batch_size))
    if workers == 1 or prepared.goods.height <= batch_size:
        for job in jobs:
            outcome = decide_batch(job)
            if progress:
                progress(len(job[0].goods))
            yield outcome
        return
    # spawned workers hold only their batches, not a copy of the parent's tables
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        pending: deque[Future[Outcome]] = deque()
        for job in jobs:  # a few batches in flight per worker, never the whole catalog
            pending.append(pool.submit(decide_batch, job))
            if len(pending) >= 3 * workers:
                yield _done(pending.popleft(), progress)
        while pending:
            yield _done(pending.popleft(), progress)


def _done(future: Future[Outcome], progress: Callable[[int], None] | None) -> Outcome:
    outcome = future.result()
    if progress:
        progress(outcome.table.height + _left_out(outcome))
    return outcome


def _left_out(outcome: Outcome) -> int:
    return sum(1 for e in outcome.errors if e.code is Code.LEFT_OUT)


def run_local(
    requests: dict[str, Request], workers: int | None = None, chunk: int = 200
) -> dict[str, Determination]:
    """Determine requests already built (small catalogs, tests, --explain)."""
    workers = workers or os.cpu_count() or 1
    items = list(requests.items())
    if workers == 1 or len(items) <= chunk:
        return {part: determine(request) for part, request in items}
    pieces = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    results: dict[str, Determination] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for done in pool.map(_decide_items, pieces):
            results.update(done)
    return results


def _decide_items(items: list[tuple[str, Request]]) -> dict[str, Determination]:
    return {part: determine(request) for part, request in items}


def rows(requests: dict[str, Request], results: dict[str, Determination]) -> list[dict[str, Any]]:
    return [result_row(part, requests[part], results[part]) for part in requests]
