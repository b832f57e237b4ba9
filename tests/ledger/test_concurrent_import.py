"""Imports on a real PostgreSQL: two started together never race into a database error, and
after a bulk import the planner has statistics (issue 11: a first bulk load left the
discharge minutes long until ANALYZE)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from archivo import Partida, archivo, block
from sqlalchemy import text

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.store.db import engine_for, sessions
from maquila.ledger.store.queries import lots
from maquila.ledger.store.writer import ImportReport

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"


def _setup(url: str) -> None:
    make = sessions(engine_for(url))
    for kind in ("company", "materials"):
        with make() as session:
            import_file(session, kind, DATA / f"{kind}.csv")


def _together(url: str, files: list[Path]) -> tuple[list[ImportReport], list[BaseException]]:
    barrier = threading.Barrier(len(files))
    reports: list[ImportReport] = []
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        engine = engine_for(url)  # each thread: its own engine, its own connection
        try:
            with sessions(engine)() as session:
                barrier.wait()
                reports.append(import_file(session, "validation", path))
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return reports, errors


@pytest.mark.parametrize("ledger_url", ["postgresql"], indirect=True)
def test_two_files_with_the_same_pedimento_imported_together_make_one_set_of_lots(
    ledger_url: str, tmp_path: Path
) -> None:
    """The broker's file and a copy renamed by the plant (other bytes: CRLF line ends)
    arrive at once: one adds the pedimento, the other finds it and skips it."""
    _setup(ledger_url)
    one = tmp_path / "m3999001.005"
    one.write_text(archivo(block("6000101", Partida(1, "CONN-2P", "100"))), encoding="ascii")
    two = tmp_path / "copia.005"
    two.write_bytes(archivo(block("6000101", Partida(1, "CONN-2P", "100")), crlf=True).encode())
    reports, errors = _together(ledger_url, [one, two])
    assert not errors, errors
    assert sorted((r.added, r.skipped) for r in reports) == [(0, 1), (1, 0)]
    with sessions(engine_for(ledger_url))() as session:
        found = lots(session, service.company(session, None))
    assert [(x.pedimento, x.quantity) for x in found] == [("262439996000101", 100)]


@pytest.mark.parametrize("ledger_url", ["postgresql"], indirect=True)
def test_the_same_file_imported_twice_at_once_is_stored_once(
    ledger_url: str, tmp_path: Path
) -> None:
    _setup(ledger_url)
    one = tmp_path / "m3999001.005"
    one.write_text(archivo(block("6000101", Partida(1, "CONN-2P", "100"))), encoding="ascii")
    reports, errors = _together(ledger_url, [one, one])
    assert not errors, errors
    assert sorted(r.already_imported for r in reports) == [False, True]


@pytest.mark.parametrize("ledger_url", ["postgresql"], indirect=True)
def test_a_bulk_import_leaves_the_planner_statistics_of_what_it_wrote(
    ledger_url: str, tmp_path: Path
) -> None:
    """pg_class.reltuples is -1 for a table never analysed (PostgreSQL 14 and later):
    after the import it counts the 30 partidas written."""
    _setup(ledger_url)
    partidas = [Partida(i, "CONN-2P", "10") for i in range(1, 31)]
    path = tmp_path / "m3999001.005"
    path.write_text(archivo(block("6000101", *partidas)), encoding="ascii")
    with sessions(engine_for(ledger_url))() as session:
        import_file(session, "validation", path)
        tuples = session.scalar(
            text(
                "select reltuples from pg_class where relname = 'pedimento_line' "
                "and relnamespace = current_schema()::regnamespace"
            )
        )
    assert tuples == 30
