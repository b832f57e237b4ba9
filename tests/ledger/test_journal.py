"""Small journals with the balances worked by hand, on SQLite and PostgreSQL.

tests/data/ledger holds a month of a small harness plant: three temporary imports (IN),
one machine (AF), two returns of finished harnesses (RT, exploded through BOM v1 with 2 %
merma and 1 % desperdicio on the cable) and one same-state return of connectors naming
its import lot. Balances by hand (inventory units):

    cable   6000101/1: 1000 - (500 + 10 + 5) - 485           = 0
            6000102/1: 2000 - (772.5 - 485)                  = 1712.5
    conn.   6000101/2:  500 - 400 - 100                      = 0
            6000102/2: 1000 - 500 - 50 (same state, named)   = 450
    housing 6000101/3:  300 - 200 - 100                      = 0
            6000104/1:  500 - 200                            = 300
    box     6000101/4:   50 - 20 - 30                        = 0
    press   6000103/1:    1 (machinery: due at the programme's end)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import func, select

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store import models as m
from maquila.ledger.store.db import engine_for, sessions
from maquila.ledger.store.queries import lots, pending_exits

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
KINDS = ("company", "materials", "products", "boms", "pedimentos")
END = date(2026, 3, 31)
BY_HAND = {
    ("262439996000101", 1): Decimal("0"),
    ("262439996000101", 2): Decimal("0"),
    ("262439996000101", 3): Decimal("0"),
    ("262439996000101", 4): Decimal("0"),
    ("262439996000102", 1): Decimal("1712.5"),
    ("262439996000102", 2): Decimal("450"),
    ("262439996000103", 1): Decimal("1"),
    ("262439996000104", 1): Decimal("300"),
}


def _load(url: str, kinds: tuple[str, ...] = KINDS, folder: Path = DATA) -> None:
    make = sessions(engine_for(url))
    for kind in kinds:
        with make() as session:
            import_file(session, kind, folder / f"{kind}.csv")


def _balances(url: str) -> dict[tuple[str, int], Decimal]:
    with sessions(engine_for(url))() as session:
        owner = service.company(session, None)
        return {(lot.pedimento, lot.secuencia): lot.balance for lot in lots(session, owner)}


def _post(url: str, on: date = END, method: str = "fifo") -> service.RunResult:
    with sessions(engine_for(url))() as session:
        return service.run_discharge(session, None, as_of=on, method=method, post=True)


def _count(url: str, model: type[m.Base]) -> int:
    with sessions(engine_for(url))() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_month_of_a_small_plant_ends_with_the_balances_worked_by_hand(ledger_url: str) -> None:
    _load(ledger_url)
    result = _post(ledger_url)
    assert result.ok and result.posted
    assert _balances(ledger_url) == BY_HAND
    cable = [
        a for a in result.allocations if a.exit_id == result.exits[0].id and a.part == "CABLE-14"
    ]
    assert {(a.component.value, a.quantity) for a in cable} == {
        ("consumo", Decimal("500")),
        ("merma", Decimal("10")),
        ("desperdicio", Decimal("5")),
    }


def test_a_simulation_writes_nothing(ledger_url: str) -> None:
    _load(ledger_url)
    before = _balances(ledger_url)
    with sessions(engine_for(ledger_url))() as session:
        result = service.run_discharge(session, None, as_of=END, post=False)
    assert result.allocations and not result.posted
    assert _balances(ledger_url) == before
    assert _count(ledger_url, m.Run) == 0


def test_re_importing_every_file_changes_nothing(ledger_url: str, tmp_path: Path) -> None:
    _load(ledger_url)
    _post(ledger_url)
    counts = {
        model: _count(ledger_url, model) for model in (m.Pedimento, m.Entry, m.Material, m.Bom)
    }
    make = sessions(engine_for(ledger_url))
    for kind in KINDS[1:]:
        with make() as session:
            assert import_file(session, kind, DATA / f"{kind}.csv").already_imported
    # the same rows under another file name are recognised by their natural keys
    copy = tmp_path / "pedimentos-again.csv"
    copy.write_bytes((DATA / "pedimentos.csv").read_bytes() + b"\n")
    with make() as session:
        report = import_file(session, "pedimentos", copy)
    assert (report.added, report.skipped) == (0, 7)
    assert {model: _count(ledger_url, model) for model in counts} == counts
    assert _balances(ledger_url) == BY_HAND


def test_a_reversal_restores_the_balances_before_the_run(ledger_url: str) -> None:
    _load(ledger_url)
    before = _balances(ledger_url)
    posted = _post(ledger_url)
    assert posted.run_id is not None
    make = sessions(engine_for(ledger_url))
    with make() as session:
        service.reverse_run(session, None, posted.run_id)
    assert _balances(ledger_url) == before
    with make() as session:
        assert len(pending_exits(session, service.company(session, None), END)) == 3
    with make() as session, pytest.raises(LedgerInputError, match="already reversed"):
        service.reverse_run(session, None, posted.run_id)
    # posting again gives the same allocations as the first time
    again = _post(ledger_url)
    assert [(a.lot_id, a.quantity, a.component) for a in again.allocations] == [
        (a.lot_id, a.quantity, a.component) for a in posted.allocations
    ]


def test_a_file_with_bad_lines_writes_nothing_and_names_each_problem(
    ledger_url: str, tmp_path: Path
) -> None:
    _load(ledger_url, KINDS[:-1])
    lines = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace("85444299", "8544429")  # file line 6: a 7-digit fracción
    lines[7] = lines[7].replace(
        ",1,PRESS-01,84623999,99,Prensa,1,", ",1,PRESS-01,84623999,99,Prensa,-1,"
    )
    bad = tmp_path / "pedimentos.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with sessions(engine_for(ledger_url))() as session, pytest.raises(LedgerInputError) as caught:
        import_file(session, "pedimentos", bad)
    messages = caught.value.messages
    assert f"{bad}:6: fraccion: found '8544429'; expected 8 digits" in messages
    assert f"{bad}:8: qty_umc: found '-1'; expected a number greater than zero" in messages
    assert _count(ledger_url, m.Pedimento) == 0
    assert _count(ledger_url, m.ImportFile) == 3  # materials, products, boms only


def test_a_unit_of_measure_that_differs_from_the_catalog_is_refused(
    ledger_url: str, tmp_path: Path
) -> None:
    _load(ledger_url, KINDS[:-1])
    lines = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "pedimentos.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace(",1000,3,", ",1000,1,")]) + "\n")
    with sessions(engine_for(ledger_url))() as session, pytest.raises(LedgerInputError) as caught:
        import_file(session, "pedimentos", bad)
    assert "umc: found '1'; expected 3, the commercial unit of CABLE-14 in the catalog" in str(
        caught.value
    )
    assert _count(ledger_url, m.Entry) == 0


def test_a_shortfall_refuses_the_run_and_lists_the_candidate_lots(
    ledger_url: str, tmp_path: Path
) -> None:
    _load(ledger_url)
    extra = tmp_path / "pedimentos.csv"
    header = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()[0]
    extra.write_text(
        header + "\n26 24 3999 6000299,RT,2,2026-03-25,,17.9,USA,1,HARNESS-A,85443099,99,Arnes,"
        "5000,6,5000,6,1,1,MEX,,\n"
    )
    make = sessions(engine_for(ledger_url))
    with make() as session:
        import_file(session, "pedimentos", extra)
    result = _post(ledger_url)
    assert not result.ok and not result.posted
    text = "\n".join(result.problems())
    assert "HOUSING needs" in text
    assert (
        "lot" in text and "pedimento 262439996000101 line 3" in text and "fully discharged" in text
    )
    assert _count(ledger_url, m.Run) == 0
    assert _count(ledger_url, m.Entry) == 8 + 4  # the lots and exits only: no allocation


def test_an_allocation_after_the_lots_due_date_is_flagged(ledger_url: str, tmp_path: Path) -> None:
    _load(ledger_url, KINDS[:-1])
    header = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()[0]
    late = tmp_path / "pedimentos.csv"
    late.write_text(
        header
        + "\n26 24 3999 6000101,IN,1,2026-01-05,,18,,1,CONN-2P,85366999,99,C,100,6,100,6,1,1,CHN,,"
        + "\n27 24 3999 7000001,RT,2,2027-08-01,,18,USA,1,CONN-2P,85366999,99,C,10,6,10,6,1,1,"
        + "CHN,,\n"
    )
    with sessions(engine_for(ledger_url))() as session:
        import_file(session, "pedimentos", late)
    result = _post(ledger_url, date(2027, 8, 31))
    assert result.posted
    assert [a.late for a in result.allocations] == [True]  # due 2027-07-05, left 2027-08-01


def test_specific_identification_discharges_the_lot_the_exit_names(
    ledger_url: str, tmp_path: Path
) -> None:
    _load(ledger_url, KINDS[:-1])
    header = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()[0]
    file = tmp_path / "pedimentos.csv"
    file.write_text(
        header
        + "\n26 24 3999 6000001,IN,1,2026-01-05,,18,,1,CONN-2P,85366999,99,C,100,6,100,6,1,1,CHN,,"
        + "\n26 24 3999 6000002,IN,1,2026-02-05,,18,,1,CONN-2P,85366999,99,C,100,6,100,6,1,1,CHN,,"
        + "\n26 24 3999 6000003,RT,2,2026-03-05,,18,USA,1,CONN-2P,85366999,99,C,30,6,30,6,1,1,CHN,,"
        + "26 24 3999 6000002/1\n"
    )
    with sessions(engine_for(ledger_url))() as session:
        import_file(session, "pedimentos", file)
    assert _post(ledger_url, method="specific").posted
    balances = _balances(ledger_url)
    assert balances[("262439996000001", 1)] == 100  # FIFO would have taken this one
    assert balances[("262439996000002", 1)] == 70


def test_an_extension_moves_the_due_date_and_the_expiring_report_follows(
    ledger_url: str, tmp_path: Path
) -> None:
    from maquila.ledger.reports import expiring_table

    _load(ledger_url)
    _post(ledger_url)
    make = sessions(engine_for(ledger_url))
    with make() as session:
        soon = expiring_table(
            session, service.company(session, None), as_of=date(2027, 7, 1), days=60
        )
    assert soon["pedimento"].to_list() == ["262439996000102", "262439996000102"]
    assert soon["days_left"].to_list() == [40, 40]
    ext = tmp_path / "extensions.csv"
    ext.write_text(
        "pedimento,secuencia,part_number,due_on,reference\n"
        "26 24 3999 6000102,1,CABLE-14,2028-02-10,PZ oficio 800-01-2027\n"
    )
    with make() as session:
        import_file(session, "extensions", ext)
    with make() as session:
        soon = expiring_table(
            session, service.company(session, None), as_of=date(2027, 7, 1), days=60
        )
    assert soon["part_number"].to_list() == ["CONN-2P"]
    with make() as session:
        lot = next(
            x
            for x in lots(session, service.company(session, None))
            if x.part == "CABLE-14" and x.balance
        )
    assert lot.due.on == date(2028, 2, 10) and "PZ oficio 800-01-2027" in lot.due.basis


def test_a_rectification_re_versions_the_pedimento_and_re_runs_what_used_it(
    ledger_url: str, tmp_path: Path
) -> None:
    _load(ledger_url)
    _post(ledger_url)
    original = pl.read_csv(DATA / "pedimentos.csv", infer_schema=False)
    r1 = tmp_path / "r1.csv"
    original.filter(pl.col("pedimento") == "26 24 3999 6000101").with_columns(
        pedimento=pl.lit("26 24 3999 6000901"),
        clave=pl.lit("R1"),
        rectifies=pl.lit("26 24 3999 6000101"),
        qty_umc=pl.when(pl.col("secuencia") == "1").then(pl.lit("900")).otherwise("qty_umc"),
    ).write_csv(r1)
    with sessions(engine_for(ledger_url))() as session:
        report = import_file(session, "pedimentos", r1)
    assert report.added == 1
    balances = _balances(ledger_url)
    assert balances[("262439996000101", 1)] == 0  # the 900 of version 2, all used
    assert balances[("262439996000102", 1)] == Decimal("2000") - Decimal("387.5")
    with sessions(engine_for(ledger_url))() as session:
        versions = session.scalars(
            select(m.Pedimento.version).where(m.Pedimento.number == "262439996000101")
        )
        assert sorted(versions) == [1, 2]


def test_the_anexo_24_reports_and_the_kardex_agree_with_the_balances(ledger_url: str) -> None:
    from maquila.ledger import anexo24

    _load(ledger_url)
    _post(ledger_url)
    with sessions(engine_for(ledger_url))() as session:
        owner = service.company(session, None)
        first, last = date(2026, 1, 1), END
        entradas = anexo24.entradas(session, owner, first, last)
        salidas = anexo24.salidas(session, owner, first, last)
        usados = anexo24.materiales_utilizados(session, owner, first, last)
        kardex = anexo24.kardex(session, owner, "CABLE-14")
        ratio = anexo24.return_ratio(session, owner, last)
    assert entradas.height == 8 and salidas.height == 3
    assert set(salidas["discharged"]) == {"yes"}
    assert usados.height == 16
    assert set(usados["component"]) == {"consumo", "merma", "desperdicio", "directo"}
    assert kardex["balance"].to_list()[-1] == "1712.500000"  # = the cable lots' balances
    # by hand: lots other than machinery 110,836.00; discharged by returns 58,575.69
    assert ratio["imported_value_mxn"] == "110836.00"
    assert ratio["returned_value_mxn"] == "58575.69"
    assert ratio["ratio_percent"] == "52.85"


def test_destruction_discharges_lots_and_waste_disposals_settle_the_waste_register(
    ledger_url: str, tmp_path: Path
) -> None:
    from maquila.ledger import anexo24

    _load(ledger_url)
    _post(ledger_url)
    movements = tmp_path / "movements.csv"
    movements.write_text(
        "document,kind,date,part_number,quantity,waste,lot_reference,reference\n"
        "ACTA-2026-07,destruccion,2026-03-28,CONN-2P,100,no,,obsolete connectors\n"
        "ACTA-2026-08,destruccion,2026-03-29,CABLE-14,5,yes,,aviso 15 days ahead\n"
    )
    make = sessions(engine_for(ledger_url))
    with make() as session:
        assert import_file(session, "movements", movements).added == 2
    run = _post(ledger_url)
    assert run.posted and [a.quantity for a in run.allocations] == [Decimal(100)]
    assert _balances(ledger_url)[("262439996000102", 2)] == 350
    with make() as session:
        owner = service.company(session, None)
        waste = anexo24.desperdicio(session, owner, END).to_dicts()
        salidas = anexo24.salidas(session, owner, date(2026, 1, 1), END)
    # cable desperdicio discharged by the two returns: 5 + 7.5; 5 destroyed
    assert waste == [
        {
            "material": "CABLE-14",
            "generated": "12.500000",
            "disposed": "5.000000",
            "pending": "7.500000",
        }
    ]
    assert "ACTA-2026-07" in salidas["pedimento"].to_list()
    with make() as session:  # the same file again changes nothing
        assert import_file(session, "movements", movements).already_imported


@pytest.mark.parametrize(
    ("clave", "operation", "effect"),
    [
        ("V1", 1, "lot"),  # virtual transfer, receiver: lots with their own clock
        ("V1", 2, "exit"),  # virtual transfer, sender: discharged like a return
        ("V5", 2, "exit"),
        ("V9", 2, "exit"),  # donation of waste or obsolete equipment
        ("BB", 2, "exit"),
        ("F4", 1, "exit"),  # change of regime of inputs
        ("A3", 1, "exit"),  # regularisation of overdue goods
        ("A1", 2, "exit"),  # return of temporary packaging on a definitive export
        ("CT", 2, None),  # complementary (Art. 2.5): no quantity
    ],
)
def test_each_clave_has_the_effect_of_the_briefs_table(
    ledger_url: str, tmp_path: Path, clave: str, operation: int, effect: str | None
) -> None:
    _load(ledger_url, KINDS[:-1])
    header = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()[0]
    file = tmp_path / "pedimentos.csv"
    file.write_text(
        header + f"\n26 24 3999 6000777,{clave},{operation},2026-02-01,,18,USA,1,BOX,48191001,00,"
        "Caja,10,6,10,6,100,5,USA,,\n"
    )
    with sessions(engine_for(ledger_url))() as session:
        import_file(session, "pedimentos", file)
    with sessions(engine_for(ledger_url))() as session:
        kinds = list(session.scalars(select(m.Entry.kind)))
    assert kinds == ([effect] if effect else [])
