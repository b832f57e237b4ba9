"""Journal invariants on a real store (SQLite files, one per example): re-importing a
file is a no-op, a reversal restores the previous state, and every lot keeps
imported = discharged + balance. Random temporary imports and same-state returns."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.store.db import engine_for, sessions, upgrade
from maquila.ledger.store.queries import lots

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
HEADER = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()[0]
DAY0 = date(2026, 1, 5)


def _row(number: int, clave: str, operation: int, on: date, part: str, qty: int) -> str:
    fraccion = {"CONN-2P": "85366999", "HOUSING": "39269099"}[part]
    destination = "USA" if operation == 2 else ""
    return (
        f"26 24 3999 {number:07d},{clave},{operation},{on.isoformat()},,18,{destination},1,"
        f"{part},{fraccion},99,x,{qty},6,{qty},6,{qty * 10},{qty},CHN,,"
    )


movements = st.lists(
    st.tuples(
        st.booleans(),
        st.sampled_from(["CONN-2P", "HOUSING"]),
        st.integers(1, 400),
        st.integers(0, 90),
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(movements)
def test_reimport_is_a_no_op_and_a_reversal_restores_the_state(
    moves: list[tuple[bool, str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/ledger.db"
        upgrade(engine_for(url))
        make = sessions(engine_for(url))
        for kind in ("company", "materials", "products", "boms"):
            with make() as session:
                import_file(session, kind, DATA / f"{kind}.csv")
        rows = [
            _row(
                7000000 + i,
                "RT" if out else "IN",
                2 if out else 1,
                DAY0 + timedelta(days=d),
                part,
                qty,
            )
            for i, (out, part, qty, d) in enumerate(moves)
        ]
        file = Path(folder) / "pedimentos.csv"
        file.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
        with make() as session:
            import_file(session, "pedimentos", file)

        def state() -> dict[int, tuple[Decimal, Decimal]]:
            with make() as session:
                owner = service.company(session, None)
                return {lot.id: (lot.quantity, lot.balance) for lot in lots(session, owner)}

        before = state()
        with make() as session:
            result = service.run_discharge(session, None, as_of=date(2026, 12, 31), post=True)
        after = state()
        for lot_id, (imported, balance) in after.items():
            posted = result.allocations if result.posted else []
            used = sum((a.quantity for a in posted if a.lot_id == lot_id), Decimal(0))
            assert imported == balance + used and balance >= 0
        with make() as session:
            assert import_file(session, "pedimentos", file).already_imported
        assert state() == after
        if result.run_id is not None:
            with make() as session:
                service.reverse_run(session, None, result.run_id)
            assert state() == before
        else:  # nothing posted: a shortfall or nothing to discharge, and nothing written
            assert after == before
