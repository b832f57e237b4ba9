"""Issue 11: the term of a consolidated pedimento starts on its closing day (RLA art. 173,
second paragraph: "inicia a partir de la fecha del cierre del Pedimento Consolidado ante
el Sistema Electrónico Aduanero"), not on the payment of a remesa."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store.db import engine_for, sessions
from maquila.ledger.store.queries import lots

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
HEAD = (
    "pedimento,clave,operation,paid_on,term_start,consolidated_closed_on,secuencia,"
    "part_number,fraccion,qty_umc,umc,customs_value_mxn\n"
)


def _ledger(url: str) -> None:
    for kind in ("company", "materials", "products", "boms"):
        with sessions(engine_for(url))() as session:
            import_file(session, kind, DATA / f"{kind}.csv")


def _import(url: str, path: Path) -> None:
    with sessions(engine_for(url))() as session:
        import_file(session, "pedimentos", path)


def test_a_consolidated_pedimentos_term_runs_from_its_closing_day(
    ledger_url: str, tmp_path: Path
) -> None:
    """Paid 2026-01-05, closed 2026-01-30: 18 months (LA art. 108 fr. I) end 2027-07-30,
    not 2027-07-05."""
    _ledger(ledger_url)
    path = tmp_path / "p.csv"
    path.write_text(
        HEAD
        + "26 24 3999 6000101,IN,1,2026-01-05,,2026-01-30,1,CONN-2P,85366999,100,6,1000\n"
        + "26 24 3999 6000102,IN,1,2026-01-05,,,1,CONN-2P,85366999,100,6,1000\n"
    )
    _import(ledger_url, path)
    with sessions(engine_for(ledger_url))() as session:
        owner = service.company(session, None)
        found = {x.pedimento: (x.start, x.due.on) for x in lots(session, owner)}
    assert found["262439996000101"] == (date(2026, 1, 30), date(2027, 7, 30))
    assert found["262439996000102"] == (date(2026, 1, 5), date(2027, 7, 5))


def test_a_stated_term_start_other_than_the_closing_day_is_refused(
    ledger_url: str, tmp_path: Path
) -> None:
    _ledger(ledger_url)
    path = tmp_path / "p.csv"
    path.write_text(
        HEAD
        + "26 24 3999 6000101,IN,1,2026-01-05,2026-01-05,2026-01-30,1,CONN-2P,85366999,100,6,1\n"
    )
    with pytest.raises(LedgerInputError) as caught:
        _import(ledger_url, path)
    assert (
        f"{path}:2: term_start: found '2026-01-05'; expected 2026-01-30, the closing day of the "
        "consolidated pedimento (RLA art. 173)"
    ) in str(caught.value)
