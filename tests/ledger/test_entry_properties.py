"""Properties of entry (issue 11), on a real store (a SQLite file per example):

- one pedimento imported through both doors, the template and the archivo M (built on
  the layout by tests/ledger/archivo.py), in either order, is one set of lots: the
  second import adds nothing, and the lots are those of the pedimento, once;
- a rectification (R1), paid any day after the pedimento it rectifies, never moves a
  lot's due date later than the law does: the term of LA art. 108 runs from the
  original temporary import (RLA art. 173), so every due date stays what it was.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from archivo import Partida, archivo, block
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.store.db import engine_for, sessions, upgrade
from maquila.ledger.store.queries import lots
from maquila.ledger.store.writer import ImportReport

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
HEADER = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()[0]
PARTS = {  # part: (fraccion, nico, umc) as in tests/data/ledger/materials.csv
    "CONN-2P": ("85366999", "99", "6"),
    "HOUSING": ("39269099", "99", "6"),
    "CABLE-14": ("85444299", "02", "3"),
}
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def pedimentos(draw: st.DrawFn) -> tuple[str, date, list[Partida]]:
    paid = date(2025, 12, 1) + timedelta(days=draw(st.integers(0, 75)))
    # validated the year it was paid, or (paid in January) the year before: the número's
    # first digit is the validation year's last (Anexo 22)
    year = draw(st.sampled_from([paid.year, paid.year - 1] if paid.month == 1 else [paid.year]))
    numero = f"{year % 10}{draw(st.integers(0, 999999)):06d}"
    partidas = []
    for secuencia in range(1, draw(st.integers(1, 4)) + 1):
        part = draw(st.sampled_from(sorted(PARTS)))
        fraccion, nico, umc = PARTS[part]
        partidas.append(
            Partida(
                secuencia, part, str(draw(st.integers(1, 900))), fraccion=fraccion, nico=nico,
                umc=umc, country=draw(st.sampled_from(["CHN", "USA", "DEU"])),
                value_mxn=str(draw(st.integers(1, 90000))),
                value_usd=f"{draw(st.integers(1, 5000))}.00",
            )
        )  # fmt: skip
    return f"{year % 100:02d}24 3999 {numero}", paid, partidas


def _template(number: str, paid: date, partidas: list[Partida]) -> str:
    rows = [
        f"{number[:2]} {number[2:]},IN,1,{paid.isoformat()},,18,,{p.secuencia},{p.part},"
        f"{p.fraccion},{p.nico},x,{p.quantity},{p.umc},{p.quantity},{p.umc},{p.value_mxn},"
        f"{p.value_usd},{p.country},,"
        for p in partidas
    ]
    return "\n".join([HEADER, *rows]) + "\n"


def _ledger(folder: str) -> str:
    url = f"sqlite:///{folder}/ledger.db"
    upgrade(engine_for(url))
    for kind in ("company", "materials", "products", "boms"):
        with sessions(engine_for(url))() as session:
            import_file(session, kind, DATA / f"{kind}.csv")
    return url


def _import(url: str, kind: str, path: Path) -> ImportReport:
    with sessions(engine_for(url))() as session:
        return import_file(session, kind, path)


def _lots(url: str) -> list[tuple[str, int, str, Decimal, date, date | None]]:
    with sessions(engine_for(url))() as session:
        owner = service.company(session, None)
        return sorted(
            (x.pedimento, x.secuencia, x.part, x.quantity, x.start, x.due.on)
            for x in lots(session, owner)
        )


@SETTINGS
@given(pedimentos(), st.booleans())
def test_one_pedimento_through_both_doors_in_either_order_is_one_set_of_lots(
    pedimento: tuple[str, date, list[Partida]], template_first: bool
) -> None:
    number, paid, partidas = pedimento
    with tempfile.TemporaryDirectory() as folder:
        url = _ledger(folder)
        template = Path(folder) / "pedimentos.csv"
        template.write_text(_template(number, paid, partidas), encoding="utf-8")
        m_file = Path(folder) / "m3999001.010"
        m_file.write_text(
            archivo(block(number.split()[-1], *partidas, paid=paid.strftime("%d%m%Y"))),
            encoding="ascii",
        )
        doors = [(template, "pedimentos"), (m_file, "validation")]
        first, second = doors if template_first else doors[::-1]
        assert _import(url, first[1], first[0]).added == 1
        again = _import(url, second[1], second[0])
        assert (again.added, again.skipped) == (0, 1)
        digits = number.replace(" ", "")
        assert [(x[0], x[1], x[2], x[3]) for x in _lots(url)] == sorted(
            (digits, p.secuencia, p.part, Decimal(p.quantity)) for p in partidas
        )


@SETTINGS
@given(pedimentos(), st.integers(1, 700), st.integers(1, 900))
def test_a_rectification_paid_any_day_later_never_moves_a_due_date_later(
    pedimento: tuple[str, date, list[Partida]], later: int, quantity: int
) -> None:
    number, paid, partidas = pedimento
    with tempfile.TemporaryDirectory() as folder:
        url = _ledger(folder)
        original = Path(folder) / "p.csv"
        original.write_text(_template(number, paid, partidas), encoding="utf-8")
        _import(url, "pedimentos", original)
        before = {(x[0], x[1]): x[5] for x in _lots(url)}
        fixed = [
            Partida(p.secuencia, p.part, str(quantity), fraccion=p.fraccion, nico=p.nico,
                    umc=p.umc, country=p.country, value_mxn=p.value_mxn, value_usd=p.value_usd)
            for p in partidas
        ]  # fmt: skip
        on = paid + timedelta(days=later)
        r1_number = f"{on.year % 100:02d} 24 3999 {on.year % 10}900001"
        rows = _template(r1_number, on, fixed).splitlines()
        r1 = Path(folder) / "r1.csv"
        r1.write_text(
            "\n".join([rows[0] + ",rectifies"] + [
                row.replace(",IN,", ",R1,", 1) + f",{number}" for row in rows[1:]
            ]) + "\n",
            encoding="utf-8",
        )  # fmt: skip
        _import(url, "pedimentos", r1)
        after = _lots(url)
        assert {(x[0], x[1]) for x in after} == set(before)
        for lot in after:
            assert lot[3] == quantity  # the rectified quantity ...
            assert lot[5] is not None and lot[5] <= before[(lot[0], lot[1])]  # ... same term
