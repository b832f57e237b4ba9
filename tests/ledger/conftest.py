"""Ledger fixtures: every ledger test runs on SQLite (a file) and on PostgreSQL.

PostgreSQL is the server CI provides (127.0.0.1:5432, trust authentication, database
``test``; MAQUILA_TEST_POSTGRES overrides the URL). Each test gets a schema of its own,
dropped afterwards. Without a reachable server the PostgreSQL cases are skipped, unless
MAQUILA_REQUIRE_POSTGRES=1 (CI sets it), which turns that into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from maquila.ledger.store.db import engine_for, upgrade

PG = os.environ.get("MAQUILA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"


def _pg_reachable() -> str | None:
    try:
        with create_engine(PG).connect() as conn:
            conn.execute(text("select 1"))
        return None
    except OperationalError as exc:
        return str(exc).splitlines()[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
        upgrade(engine_for(url))
        yield url
        return
    problem = _pg_reachable()
    if problem is not None:
        if os.environ.get("MAQUILA_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but unreachable at {PG}: {problem}")
        pytest.skip(f"PostgreSQL unreachable at {PG}: {problem}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    url = f"{PG}?options=-csearch_path%3D{schema}"
    upgrade(engine_for(url))
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'drop schema "{schema}" cascade'))
    admin.dispose()
