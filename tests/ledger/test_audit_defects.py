"""Issue 11: what an SAT/ANAM review of the Anexo 24 ledger found, one test per defect.

Each test is written from the law or the file layout it cites, with a small journal whose
figures are worked by hand, and runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.store.db import engine_for, sessions
from maquila.ledger.store.queries import lots
from maquila.ledger.store.writer import ImportReport

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
SETUP = ("company", "materials", "products", "boms")
HEADER = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()[0]


def _row(
    number: str,
    clave: str,
    operation: int,
    paid_on: str,
    quantity: int,
    destination: str = "",
    lot: str = "",
) -> str:
    """A pedimentos-template row of one connector line (CONN-2P, 85366999)."""
    return (
        f"{number},{clave},{operation},{paid_on},,18,{destination},1,CONN-2P,85366999,99,C,"
        f"{quantity},6,{quantity},6,1,1,CHN,,{lot}"
    )


def _pedimentos(path: Path, *rows: str, extra: str = "") -> Path:
    path.write_text("\n".join((HEADER + extra, *rows)) + "\n", encoding="utf-8")
    return path


def _setup(url: str) -> None:
    make = sessions(engine_for(url))
    for kind in SETUP:
        with make() as session:
            import_file(session, kind, DATA / f"{kind}.csv")


def _import(url: str, kind: str, path: Path) -> ImportReport:
    with sessions(engine_for(url))() as session:
        return import_file(session, kind, path)


def _balances(url: str) -> dict[tuple[str, int], object]:
    with sessions(engine_for(url))() as session:
        owner = service.company(session, None)
        return {(lot.pedimento, lot.secuencia): lot.balance for lot in lots(session, owner)}


def _post(url: str, on: date, method: str = "fifo") -> service.RunResult:
    with sessions(engine_for(url))() as session:
        return service.run_discharge(session, None, as_of=on, method=method, post=True)


def test_a_same_state_return_discharges_the_lot_it_names_under_fifo_too(
    ledger_url: str, tmp_path: Path
) -> None:
    """A return in the same state cites its import pedimento (archivo M record 512,
    ../shared/domain/immex.md s. 4.3; the template's lot_reference): that lot is the one
    discharged, whatever the method. FIFO would take the January lot; the return names
    the February one: January 100 stays, February 100 - 30 = 70."""
    _setup(ledger_url)
    file = _pedimentos(
        tmp_path / "pedimentos.csv",
        _row("26 24 3999 6000001", "IN", 1, "2026-01-05", 100),
        _row("26 24 3999 6000002", "IN", 1, "2026-02-05", 100),
        _row("26 24 3999 6000003", "RT", 2, "2026-03-05", 30, "USA", "26 24 3999 6000002/1"),
    )
    _import(ledger_url, "pedimentos", file)
    assert _post(ledger_url, date(2026, 3, 31), method="fifo").posted
    balances = _balances(ledger_url)
    assert balances[("262439996000001", 1)] == 100
    assert balances[("262439996000002", 1)] == 70


def test_a_rectification_keeps_the_term_start_of_the_pedimento_it_rectifies(
    ledger_url: str, tmp_path: Path
) -> None:
    """LA art. 108 counts the term of stay from the temporary import (RLA art. 173: when
    the selection mechanism is activated); a rectification (R1, LA art. 89) corrects that
    operation's data and does not restart it. Imported 2026-01-05 (18 months: due
    2027-07-05), rectified and paid 2026-03-10: the lot is still due 2027-07-05."""
    _setup(ledger_url)
    first = _pedimentos(tmp_path / "p.csv", _row("26 24 3999 6000001", "IN", 1, "2026-01-05", 100))
    _import(ledger_url, "pedimentos", first)
    r1 = _pedimentos(
        tmp_path / "r1.csv",
        _row("26 24 3999 6000901", "R1", 1, "2026-03-10", 120) + ",26 24 3999 6000001",
        extra=",rectifies",
    )
    _import(ledger_url, "pedimentos", r1)
    with sessions(engine_for(ledger_url))() as session:
        owner = service.company(session, None)
        (lot,) = [x for x in lots(session, owner) if x.pedimento == "262439996000001"]
    assert lot.balance == 120
    assert lot.due.on == date(2027, 7, 5)


def test_two_rows_of_the_same_part_in_one_acta_are_two_movements(
    ledger_url: str, tmp_path: Path
) -> None:
    """An acta de destrucción may list one part twice (two lots, or two batches): each row
    is a movement. The acta destroys 30 + 20 connectors of two named lots: both
    discharge, and importing the file again adds nothing."""
    _setup(ledger_url)
    pedimentos = _pedimentos(
        tmp_path / "pedimentos.csv",
        _row("26 24 3999 6000001", "IN", 1, "2026-01-05", 100),
        _row("26 24 3999 6000002", "IN", 1, "2026-02-05", 100),
    )
    _import(ledger_url, "pedimentos", pedimentos)
    movements = tmp_path / "movements.csv"
    movements.write_text(
        "document,kind,date,part_number,quantity,waste,lot_reference,reference\n"
        "ACTA-2026-11,destruccion,2026-03-28,CONN-2P,30,no,26 24 3999 6000001/1,\n"
        "ACTA-2026-11,destruccion,2026-03-28,CONN-2P,20,no,26 24 3999 6000002/1,\n"
    )
    assert _import(ledger_url, "movements", movements).added == 2
    assert _post(ledger_url, date(2026, 3, 31)).posted
    balances = _balances(ledger_url)
    assert balances[("262439996000001", 1)] == 70
    assert balances[("262439996000002", 1)] == 80
    assert _import(ledger_url, "movements", movements).already_imported


def test_a_database_url_is_never_echoed_with_its_password(tmp_path: Path) -> None:
    """Secrets are never printed: a --db that cannot be opened is named with its password
    masked, by init as by every other command."""
    from typer.testing import CliRunner

    from maquila.cli.main import app

    url = "postgresql://clerk:s3cr3t-pw@127.0.0.1:5999/ledger"
    for args in (["ledger", "init", "--db", url], ["ledger", "balances", "--db", url]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1
        assert "s3cr3t-pw" not in result.output
        assert "clerk:***@" in result.output


def test_a_decimal_comma_is_read_as_one_and_an_ambiguous_comma_is_refused(
    ledger_url: str, tmp_path: Path
) -> None:
    """ "1,5" is 1.5, never 15 (a comma that cannot group thousands is a decimal comma);
    "1,500" could be 1.5 or 1500 and is refused at its line, writing nothing; "1e30" is a
    typing error, refused, not a traceback."""
    import pytest

    from maquila.ledger.rows import LedgerInputError

    _setup(ledger_url)
    good = _pedimentos(tmp_path / "ok.csv", _row("26 24 3999 6000001", "IN", 1, "2026-01-05", 1))
    good.write_text(good.read_text().replace(",C,1,6,1,6,", ',C,"1,5",6,"1,5",6,'))
    _import(ledger_url, "pedimentos", good)
    assert _balances(ledger_url)[("262439996000001", 1)] == Decimal("1.5")
    for text, word in (('"1,500"', "ambiguous"), ("1e30", "exponents")):
        bad = _pedimentos(
            tmp_path / "bad.csv", _row("26 24 3999 6000002", "IN", 1, "2026-01-05", 1)
        )
        bad.write_text(bad.read_text().replace(",C,1,6,", f",C,{text},6,"))
        with pytest.raises(LedgerInputError, match=f"bad.csv:2: qty_umc.*{word}"):
            _import(ledger_url, "pedimentos", bad)
    assert ("262439996000002", 1) not in _balances(ledger_url)


def test_an_excel_template_with_date_cells_is_imported(ledger_url: str, tmp_path: Path) -> None:
    """Excel writes dates as date cells, not text: they are the days they show."""
    from datetime import datetime

    from openpyxl import Workbook

    _setup(ledger_url)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = HEADER.split(",")
    row = _row("26 24 3999 6000001", "IN", 1, "2026-01-05", 100).split(",")
    row[header.index("paid_on")] = datetime(2026, 1, 5)  # type: ignore[call-overload]
    sheet.append(header)
    sheet.append(row)
    path = tmp_path / "pedimentos.xlsx"
    book.save(path)
    _import(ledger_url, "pedimentos", path)
    with sessions(engine_for(ledger_url))() as session:
        owner = service.company(session, None)
        (lot,) = lots(session, owner)
    assert lot.start == date(2026, 1, 5)


def test_a_bom_naming_a_part_of_no_catalog_is_refused_at_import(
    ledger_url: str, tmp_path: Path
) -> None:
    """A BOM's product must be in the products catalog and its components in the materials
    or products catalog: refused at the line that names them, not found at the discharge."""
    import pytest

    from maquila.ledger.rows import LedgerInputError

    make = sessions(engine_for(ledger_url))
    for kind in ("company", "materials", "products"):
        with make() as session:
            import_file(session, kind, DATA / f"{kind}.csv")
    bad = tmp_path / "boms.csv"
    bad.write_text(
        "product,version,valid_from,valid_to,component,quantity,merma_pct,desperdicio_pct\n"
        "HARNESS-A,v1,2026-01-01,,CABLE-14,2.5,2,1\n"
        "HARNESS-A,v1,2026-01-01,,CABLE-99,1,,\n"
        "HARNESS-Z,v1,2026-01-01,,CONN-2P,2,,\n"
    )
    with pytest.raises(LedgerInputError) as refused:
        _import(ledger_url, "boms", bad)
    text = str(refused.value)
    assert "boms.csv:3: component: found 'CABLE-99'" in text
    assert "boms.csv:4: product: found 'HARNESS-Z'" in text
    with make() as session:
        from sqlalchemy import func, select

        from maquila.ledger.store import models as m

        assert session.scalar(select(func.count()).select_from(m.Bom)) == 0


def test_a_utf8_validation_file_keeps_its_accents(ledger_url: str, tmp_path: Path) -> None:
    """An archivo M written in UTF-8 is read as UTF-8: "SEÑAL" stays "SEÑAL" (read as
    Latin-1 it became "SEÃ\x91AL"); a single-byte file is still read as before."""
    from sqlalchemy import select

    from maquila.ledger.store import models as m

    _setup(ledger_url)
    text = (DATA / "m3999001.093").read_text(encoding="latin-1").replace("CONECTOR", "SEÑAL")
    path = tmp_path / "m3999001.093"
    path.write_bytes(text.encode("utf-8"))
    _import(ledger_url, "validation", path)
    with sessions(engine_for(ledger_url))() as session:
        names = set(session.scalars(select(m.PedimentoLine.description)))
    assert "SEÑAL" in names


def _late_flags(url: str, tmp_path: Path, holidays: str | None) -> list[bool]:
    _setup(url)
    if holidays is not None:
        days = tmp_path / "days.csv"
        days.write_text("day,reason,source\n" + holidays, encoding="utf-8")
        assert _import(url, "non_business_days", days).added == 1
    file = _pedimentos(
        tmp_path / "pedimentos.csv",
        _row("26 24 3999 6000001", "IN", 1, "2026-01-05", 100),
        _row("27 24 3999 7000002", "RT", 2, "2027-07-06", 30, "USA"),
    )
    _import(url, "pedimentos", file)
    result = _post(url, date(2027, 7, 31))
    assert result.posted
    return [a.late for a in result.allocations]


def test_a_return_after_the_term_is_flagged_late(ledger_url: str, tmp_path: Path) -> None:
    """Imported 2026-01-05: 18 months end 2027-07-05, a Monday (CFF art. 12); a return
    on 2027-07-06 is after the term."""
    assert _late_flags(ledger_url, tmp_path, None) == [True]


def test_a_return_on_a_day_the_term_was_extended_to_by_a_loaded_holiday_is_not_late(
    ledger_url: str, tmp_path: Path
) -> None:
    """The same return, with 2027-07-05 loaded as a day the authorities declared
    non-business: the term ends 2027-07-06 (CFF art. 12) and the return is in time."""
    flags = _late_flags(
        ledger_url, tmp_path, "2027-07-05,vacaciones generales,DOF acuerdo (test)\n"
    )
    assert flags == [False]
