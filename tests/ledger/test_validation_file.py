"""The pedimento validation file (archivo M): records 500-801 into the ledger.

tests/data/ledger/m3999001.093 is a synthetic file built on the layout of
../shared/domain/immex.md s. 4.3 (values invented): one IN pedimento with two partidas,
dates written DDMMAAAA as real files do.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.archivo_m import parse_date, read_validation_file
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store.db import engine_for, sessions
from maquila.ledger.store.queries import lots

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
FILE = DATA / "m3999001.093"


def test_the_file_reads_into_one_pedimento_with_its_partidas_and_identifiers() -> None:
    (record,) = read_validation_file(str(FILE), FILE.read_text(encoding="latin-1"))
    assert record.number == "262439996000105"  # year of payment, aduana 24, patente, número
    assert (record.clave, record.operation) == ("IN", 1)
    assert (record.paid_on, record.term_start) == (date(2026, 4, 3), date(2026, 4, 2))
    assert record.exchange_rate == Decimal("18.20000")
    assert [(x.secuencia, x.part_number, x.qty_umc, x.umc) for x in record.lines] == [
        (1, "CABLE-14", Decimal("500.000"), "3"),
        (2, "CONN-2P", Decimal("200.000"), "6"),
    ]
    assert record.identifiers == [
        (None, "IM", "1234-2020", None, None),
        (2, "PS", "XIX", "a", None),
    ]


def test_dates_are_read_day_first_as_real_files_write_them_or_year_first() -> None:
    assert parse_date("14112025") == date(2025, 11, 14)
    assert parse_date("20251114") == date(2025, 11, 14)


def test_importing_the_file_creates_the_lots_and_a_second_import_changes_nothing(
    ledger_url: str,
) -> None:
    make = sessions(engine_for(ledger_url))
    for kind in ("company", "materials"):
        with make() as session:
            import_file(session, kind, DATA / f"{kind}.csv")
    with make() as session:
        assert import_file(session, "validation", FILE).added == 1
    with make() as session:
        assert import_file(session, "validation", FILE).already_imported
        found = lots(session, service.company(session, None))
    assert [(lot.part, lot.quantity, lot.start) for lot in found] == [
        ("CABLE-14", Decimal(500), date(2026, 4, 2)),
        ("CONN-2P", Decimal(200), date(2026, 4, 2)),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("801|m3999001.093|1|9|", "801|m3999001.093|1|12|"),
            "cantidad de registros: found '12'; expected 9",
        ),
        (("|IN|", "|ZZ|"), "clave: found 'ZZ'; expected one of"),
        (("|02042026", "|31022026"), "fecha: found '31022026'; expected a date DDMMAAAA"),
        (("|CABLE-14|", "||"), "código de producto: found ''; expected the part number"),
        (
            ("800|6000105|1|EFIRMA|00001000000500000001\n", ""),
            "an 800 closing the last pedimento first",
        ),
    ],
)
def test_a_broken_file_is_refused_naming_the_line_and_field(
    change: tuple[str, str], message: str
) -> None:
    text = FILE.read_text(encoding="latin-1").replace(*change)
    with pytest.raises(LedgerInputError) as caught:
        read_validation_file("m.093", text)
    assert message in str(caught.value)
    assert "m.093:" in str(caught.value)
