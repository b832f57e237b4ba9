"""Run a catalog: every request through the single-good engine, in worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from maquila.bulk.results import result_row
from maquila.origin.engine import determine
from maquila.origin.request import Request
from maquila.origin.result import Determination


def _decide_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, Determination]]:
    out = []
    for part, payload in chunk:
        out.append((part, determine(Request.model_validate_json(payload))))
    return out


def _chunks(items: list[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run_local(
    requests: dict[str, Request],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = 200,
) -> dict[str, Determination]:
    """Determine every request; ``workers`` processes (default: the machine's cores)."""
    workers = workers or os.cpu_count() or 1
    payloads = [(part, request.model_dump_json()) for part, request in requests.items()]
    results: dict[str, Determination] = {}
    if workers == 1 or len(payloads) <= chunk:
        for piece in _chunks(payloads, chunk):
            results.update(_decide_chunk(piece))
            if progress:
                progress(len(piece))
        return results
    # spawned workers hold only their chunks, not a copy of the parent's catalog
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for done in pool.map(_decide_chunk, _chunks(payloads, chunk)):
            results.update(done)
            if progress:
                progress(len(done))
    return results


def rows(requests: dict[str, Request], results: dict[str, Determination]) -> list[dict[str, Any]]:
    return [result_row(part, requests[part], results[part]) for part in requests]
