"""Two discharge runs started at the same time, on two real PostgreSQL connections, never
allocate the same quantity twice: postings of one company are serialised by a row lock,
and the second run sees the first one's allocations once it gets the lock."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.store.db import engine_for, sessions
from maquila.ledger.store.queries import lots

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"


@pytest.mark.parametrize("ledger_url", ["postgresql"], indirect=True)
def test_two_simultaneous_runs_never_allocate_the_same_quantity_twice(ledger_url: str) -> None:
    make = sessions(engine_for(ledger_url))
    for kind in ("company", "materials", "products", "boms", "pedimentos"):
        with make() as session:
            import_file(session, kind, DATA / f"{kind}.csv")
    barrier = threading.Barrier(2)
    results: list[service.RunResult] = []
    errors: list[BaseException] = []

    def run() -> None:
        engine = engine_for(ledger_url)  # each thread: its own engine, its own connection
        try:
            with sessions(engine)() as session:
                barrier.wait()
                results.append(
                    service.run_discharge(session, None, as_of=date(2026, 3, 31), post=True)
                )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    posted = [r for r in results if r.posted]
    assert len(posted) == 1  # the other found every exit already discharged
    assert [len(r.allocations) for r in results if not r.posted] == [0]
    with make() as session:
        owner = service.company(session, None)
        for lot in lots(session, owner):
            assert Decimal(0) <= lot.balance <= lot.quantity
        assert sum(lot.used for lot in lots(session, owner)) == sum(
            a.quantity for a in posted[0].allocations
        )
