"""Issue 11: the archivo M read as its layout defines it (Lineamientos VOCE-SAAI M3 v9.0,
positions in src/maquila/ledger/data/archivo_m.yaml) and stored as one pedimento however
it arrives. Files are built by tests/ledger/archivo.py on that layout; every test runs on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from archivo import PROGRAMME, Partida, archivo, block
from sqlalchemy import select

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.archivo_m import read_validation_file
from maquila.ledger.reports import art25_tables
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store import models as m
from maquila.ledger.store.db import engine_for, sessions
from maquila.ledger.store.queries import lots
from maquila.ledger.store.writer import ImportReport

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
HEADER = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()[0]


def _setup(url: str) -> None:
    make = sessions(engine_for(url))
    for kind in ("company", "materials", "products", "boms", "rates"):
        with make() as session:
            import_file(session, kind, DATA / f"{kind}.csv")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("ascii"))
    return path


def _import(url: str, kind: str, path: Path) -> ImportReport:
    with sessions(engine_for(url))() as session:
        return import_file(session, kind, path)


def _refused(url: str, kind: str, path: Path) -> str:
    with pytest.raises(LedgerInputError) as caught:
        _import(url, kind, path)
    return str(caught.value)


def _lots(url: str) -> list[tuple[str, int, str, Decimal]]:
    with sessions(engine_for(url))() as session:
        owner = service.company(session, None)
        return sorted((x.pedimento, x.secuencia, x.part, x.balance) for x in lots(session, owner))


def _one_lot() -> str:
    return archivo(block("6000101", Partida(1, "CONN-2P", "100")))


def _read(text: str) -> list[object]:
    return list(read_validation_file("m.093", text))


# ------------------------------------------------------------- destination and region


def test_an_export_takes_its_destination_country_from_each_partida_not_from_record_501() -> None:
    """501.21 is the Apéndice 15 destination code (1 = Baja California); the country of
    destination of an export is 551.21, partida by partida."""
    text = archivo(
        block(
            "6000201",
            Partida(1, "HARNESS-A", "200", fraccion="85443099", country="USA"),
            Partida(2, "HARNESS-A", "50", fraccion="85443099", country="CAN"),
            operation=2,
            clave="RT",
        )
    )
    (record,) = _read(text)
    assert record.region == "1"  # type: ignore[attr-defined]
    assert [(x.destination, x.origin_country) for x in record.lines] == [  # type: ignore[attr-defined]
        ("USA", None),
        ("CAN", None),
    ]


def test_a_country_in_record_501_field_21_is_refused_as_not_an_apendice_15_code() -> None:
    text = archivo(block("6000201", Partida(1, "CONN-2P", "5"), region="USA"))
    with pytest.raises(LedgerInputError) as caught:
        _read(text)
    assert "destino/origen (Apéndice 15): found 'USA'" in str(caught.value)


def test_a_return_read_from_an_archivo_m_owes_article_2_5_duty(
    ledger_url: str, tmp_path: Path
) -> None:
    """Ten harnesses returned to the US (551.21 USA; 501.21 is region 1). Each material
    was imported at MXN 1,000 the lot (100 m of cable, 100 connectors, 100 housings, 10
    boxes; rates: tests/data/ledger/rates.csv). The BOM takes 25 m of cable + 2 % merma
    (0.5 m) + 1 % desperdicio (0.25 m) at MXN 10/m and 10 % = 25.00 + 0.50 + 0.25; 20
    connectors at 10 and 5 % = 10.00; 10 housings at 10 and 10 % = 10.00; one box at 100
    and 10 % = 10.00. Owed 55.75, no duty proved at destination: payable 56 (whole
    pesos). Reading 501.21 as the country made it 'not another Party', payable 0."""
    _setup(ledger_url)
    entry = archivo(
        block(
            "6000101",
            Partida(1, "CABLE-14", "100", fraccion="85444299", nico="02", umc="3"),
            Partida(2, "CONN-2P", "100"),
            Partida(3, "HOUSING", "100", fraccion="39269099", country="USA"),
            Partida(4, "BOX", "10", fraccion="48191001", nico="00", country="USA"),
        )
    )
    harness = Partida(1, "HARNESS-A", "10", fraccion="85443099", country="USA")
    back = archivo(
        block("6000201", harness, operation=2, clave="RT", paid="20022026"),
        name="m3999002.051",
    )
    _import(ledger_url, "validation", _write(tmp_path, "m1", entry))
    _import(ledger_url, "validation", _write(tmp_path, "m2", back))
    with sessions(engine_for(ledger_url))() as session:
        assert service.run_discharge(session, None, as_of=date(2026, 3, 31), post=True).posted
        owner = service.company(session, None)
        summary, _ = art25_tables(
            session, owner, basis="tigie", start=date(2026, 1, 1), end=date(2026, 3, 31)
        )
    (row,) = summary.to_dicts()
    assert (row["destination"], row["status"]) == ("USA", "computed")
    assert (row["duty_owed_mxn"], row["payable_mxn"]) == ("55.75", "56")


# --------------------------------------------------------------------- the number


def test_a_pedimento_validated_in_2025_and_paid_in_january_2026_is_numbered_25() -> None:
    """Anexo 22: the first two digits are the year of validation and the número's first
    digit is that year's last: número 5000123 paid 2026-01-08 was validated in 2025."""
    (record,) = _read(archivo(block("5000123", Partida(1, "CONN-2P", "5"), paid="08012026")))
    assert record.number == "252439995000123"  # type: ignore[attr-defined]


@pytest.mark.parametrize("first", ["template", "validation"])
def test_one_pedimento_through_the_template_and_the_archivo_m_is_one_set_of_lots(
    ledger_url: str, tmp_path: Path, first: str
) -> None:
    _setup(ledger_url)
    text = archivo(block("5000123", Partida(1, "CONN-2P", "100"), paid="08012026"))
    m_file = _write(tmp_path, "m3999001.008", text)
    template = tmp_path / "pedimentos.csv"
    template.write_text(
        HEADER + "\n25 24 3999 5000123,IN,1,2026-01-08,,18,,1,CONN-2P,85366999,99,C,"
        "100,6,100,6,1000,55,CHN,,\n",
        encoding="utf-8",
    )
    order = [template, m_file] if first == "template" else [m_file, template]
    kinds = {template: "pedimentos", m_file: "validation"}
    assert _import(ledger_url, kinds[order[0]], order[0]).added == 1
    second = _import(ledger_url, kinds[order[1]], order[1])
    assert (second.added, second.skipped) == (0, 1)
    assert _lots(ledger_url) == [("252439995000123", 1, "CONN-2P", Decimal(100))]


def test_the_same_pedimento_with_another_quantity_is_refused_naming_the_difference(
    ledger_url: str, tmp_path: Path
) -> None:
    _setup(ledger_url)
    _import(
        ledger_url,
        "validation",
        _write(tmp_path, "a", archivo(block("6000101", Partida(1, "CONN-2P", "100")))),
    )
    other = _write(tmp_path, "b", archivo(block("6000101", Partida(1, "CONN-2P", "120"))))
    message = _refused(ledger_url, "validation", other)
    assert "qty_umc: found '120'; expected 100" in message
    assert _lots(ledger_url) == [("262439996000101", 1, "CONN-2P", Decimal(100))]


# ------------------------------------------------------------------------ ownership


def test_another_companys_archivo_m_is_refused_by_its_rfc(ledger_url: str, tmp_path: Path) -> None:
    _setup(ledger_url)
    text = archivo(block("6000101", Partida(1, "CONN-2P", "100"), rfc="OTR990101XY2"))
    message = _refused(ledger_url, "validation", _write(tmp_path, "m", text))
    assert "RFC del importador/exportador: found 'OTR990101XY2'; expected MEJ010101AB1" in message
    assert _lots(ledger_url) == []


def test_an_archivo_m_of_another_immex_programme_is_refused(
    ledger_url: str, tmp_path: Path
) -> None:
    _setup(ledger_url)
    text = archivo(block("6000101", Partida(1, "CONN-2P", "100"), programme="9999-2019"))
    message = _refused(ledger_url, "validation", _write(tmp_path, "m", text))
    assert "identificador IM: found '9999-2019'; expected IMMEX-1234-2020" in message


def test_a_template_row_of_another_importer_is_refused(ledger_url: str, tmp_path: Path) -> None:
    _setup(ledger_url)
    template = tmp_path / "pedimentos.csv"
    template.write_text(
        HEADER + ",importer_rfc\n26 24 3999 6000101,IN,1,2026-01-05,,18,,1,CONN-2P,85366999,"
        "99,C,100,6,100,6,1000,55,CHN,,,OTR990101XY2\n",
        encoding="utf-8",
    )
    message = _refused(ledger_url, "pedimentos", template)
    assert "found 'OTR990101XY2'; expected MEJ010101AB1" in message


def test_the_programme_number_matches_whatever_its_prefix_and_hyphens(
    ledger_url: str, tmp_path: Path
) -> None:
    """The company file writes IMMEX-1234-2020, the identifier IM 1234-2020: one programme."""
    _setup(ledger_url)
    text = archivo(block("6000101", Partida(1, "CONN-2P", "100"), programme=PROGRAMME))
    assert _import(ledger_url, "validation", _write(tmp_path, "m", text)).added == 1


# ------------------------------------------------------------------- file integrity


def test_a_file_with_crlf_line_ends_and_trailing_pipes_is_read() -> None:
    text = archivo(block("6000101", Partida(1, "CONN-2P", "100")), crlf=True)
    (record,) = _read(text)
    assert record.lines[0].qty_umc == Decimal(100)  # type: ignore[attr-defined]


def test_an_800_of_another_pedimento_is_refused() -> None:
    lines = block("6000101", Partida(1, "CONN-2P", "100"))
    lines[-1] = lines[-1].replace("800|6000101", "800|6000999")
    with pytest.raises(LedgerInputError) as caught:
        _read(archivo(lines))
    assert "número de pedimento: found '6000999'; expected 6000101" in str(caught.value)


def test_an_unsigned_vendor_export_with_record_999_is_refused() -> None:
    lines = block("6000101", Partida(1, "CONN-2P", "100"))
    lines[-1] = "999|3999|6000101|240||||"
    with pytest.raises(LedgerInputError) as caught:
        _read(archivo(lines))
    assert "a 999 marks a file not validated" in str(caught.value)


def test_a_partida_declared_twice_is_refused_at_its_line_and_nothing_is_stored(
    ledger_url: str, tmp_path: Path
) -> None:
    _setup(ledger_url)
    text = archivo(block("6000101", Partida(1, "CONN-2P", "100"), Partida(1, "CONN-2P", "100")))
    message = _refused(ledger_url, "validation", _write(tmp_path, "m", text))
    assert ":7: secuencia: found '1'; expected a partida not already on line 6" in message
    assert _lots(ledger_url) == []


def test_a_partida_record_naming_no_partida_of_the_pedimento_is_refused() -> None:
    detail = "557|6000101|85366999|4|6|0|120|"
    text = archivo(block("6000101", Partida(1, "CONN-2P", "100", details=[detail])))
    with pytest.raises(LedgerInputError) as caught:
        _read(text)
    assert "partida: found '4'; expected a partida (551) of this pedimento" in str(caught.value)


def test_a_movement_the_ledger_does_not_read_is_refused_by_name() -> None:
    with pytest.raises(LedgerInputError) as caught:
        _read(archivo(block("6000101", movement=6)))
    assert "tipo de movimiento: found '6 (complementario)'" in str(caught.value)


def test_a_missing_customs_value_is_stored_as_unknown_never_as_zero() -> None:
    (record,) = _read(archivo(block("6000101", Partida(1, "CONN-2P", "100", value_mxn=""))))
    assert record.lines[0].customs_value_mxn is None  # type: ignore[attr-defined]


# ------------------------------------------------------------ what else the file holds


def test_invoices_contributions_descargos_permits_and_rates_are_stored(
    ledger_url: str, tmp_path: Path
) -> None:
    """505 (COVE and supplier), 510 (DTA paid), 512 (a descargo), 553 (a NOM), 556 (IGI
    rate 5 %) and 557 (IGI MXN 458, forma de pago 5) of one pedimento."""
    _setup(ledger_url)
    details = [
        "553|6000101|85366999|1|NM||NOM-003-SCFI-2014|55.00|100|",
        "556|6000101|85366999|1|6|5.0000000000|1|",
        "557|6000101|85366999|1|6|5|458|",
    ]
    extra = (
        "505|6000101|03012026|COVE2687OBZK4|DAP|USD|55.00|55.00|CHN||91310000X|SHENZHEN PARTS "
        "CO|LONGHUA RD||12|518000|SHENZHEN|",
        "510|6000101|1|0|408|",
        "512|6000101|3999|5000777|240|IN|10122025|85366999|6|40|",
    )
    text = archivo(block("6000101", Partida(1, "CONN-2P", "100", details=details), extra=extra))
    _import(ledger_url, "validation", _write(tmp_path, "m", text))
    with sessions(engine_for(ledger_url))() as session:
        invoice = session.scalars(select(m.Invoice)).one()
        contributions = sorted(
            (c.record, c.secuencia, c.contribution, c.payment_form, c.amount, c.rate)
            for c in session.scalars(select(m.Contribution))
        )
        descargo = session.scalars(select(m.Descargo)).one()
        permit = session.scalars(select(m.Permit)).one()
    assert (invoice.document, invoice.on, invoice.tax_id, invoice.party) == (
        "COVE2687OBZK4", date(2026, 1, 3), "91310000X", "SHENZHEN PARTS CO",
    )  # fmt: skip
    assert contributions == [
        ("510", None, "1", "0", Decimal(408), None),
        ("556", 1, "6", None, None, Decimal(5)),
        ("557", 1, "6", "5", Decimal(458), None),
    ]
    assert (descargo.original, descargo.paid_on, descargo.quantity) == (
        "252439995000777", date(2025, 12, 10), Decimal(40),
    )  # fmt: skip
    assert (permit.clave, permit.permit) == ("NM", "NOM-003-SCFI-2014")


def test_brand_and_model_of_a_fixed_asset_are_kept_from_its_partida(
    ledger_url: str, tmp_path: Path
) -> None:
    _setup(ledger_url)
    press = Partida(1, "PRESS-01", "1", fraccion="84623999", country="DEU", brand="ACME",
                    model="HP-200")  # fmt: skip
    text = archivo(block("6000103", press, clave="AF"))
    _import(ledger_url, "validation", _write(tmp_path, "m", text))
    with sessions(engine_for(ledger_url))() as session:
        line = session.scalars(select(m.PedimentoLine)).one()
    assert (line.brand, line.model) == ("ACME", "HP-200")


# ------------------------------------------------------------ rectification and withdrawals


def test_a_rectification_read_from_record_701_versions_its_original_and_keeps_its_term(
    ledger_url: str, tmp_path: Path
) -> None:
    """R1 6000150 (paid 2026-03-10) rectifies 6000101 (paid 2026-01-05; record 701):
    the quantity becomes 120, the term still starts 2026-01-05 (RLA art. 173)."""
    _setup(ledger_url)
    _import(ledger_url, "validation", _write(tmp_path, "a", _one_lot()))
    rectification = "701|3999|6000150|240|R1|10032026|6000101|3999|240|IN|05012026|"
    text = archivo(
        block("6000150", Partida(1, "CONN-2P", "120"), clave="R1", paid="10032026",
              extra=(rectification,)),
        name="m3999001.069",
    )  # fmt: skip
    assert _import(ledger_url, "validation", _write(tmp_path, "b", text)).added == 1
    with sessions(engine_for(ledger_url))() as session:
        (lot,) = lots(session, service.company(session, None))
    assert (lot.pedimento, lot.quantity, lot.start) == (
        "262439996000101", Decimal(120), date(2026, 1, 5),
    )  # fmt: skip


def test_a_desistimiento_reverses_the_lots_with_entries_that_name_it(
    ledger_url: str, tmp_path: Path
) -> None:
    """LA art. 93: the regime is withdrawn. The lot of 6000101 is reversed; the reversal
    entry points at the lot and names the desistimiento and its acuse; 6000102 stays."""
    _setup(ledger_url)
    entries = archivo(
        block("6000101", Partida(1, "CONN-2P", "100")),
        block("6000102", Partida(1, "CONN-2P", "40"), paid="06012026"),
    )
    _import(ledger_url, "validation", _write(tmp_path, "a", entries))
    withdrawal = archivo(block("6000101", movement=3, acuse="AB12CD34"), name="m3999002.007")
    assert _import(ledger_url, "validation", _write(tmp_path, "b", withdrawal)).added == 1
    assert _lots(ledger_url) == [("262439996000102", 1, "CONN-2P", Decimal(40))]
    with sessions(engine_for(ledger_url))() as session:
        reversal = session.scalars(select(m.Entry).where(m.Entry.kind == "reversal")).one()
        lot = session.get(m.Entry, reversal.reverses_id)
        pedimento = session.scalars(
            select(m.Pedimento).where(m.Pedimento.number == "262439996000101")
        ).one()
    assert lot is not None and lot.kind == "lot"
    assert "desistimiento (LA art. 93), acuse AB12CD34" in (reversal.reference or "")
    assert pedimento.withdrawn == reversal.reference
    # importing the same withdrawal again changes nothing
    assert _import(ledger_url, "validation", _write(tmp_path, "b", withdrawal)).already_imported


def test_a_desistimiento_of_a_discharged_export_reposts_the_run_without_it(
    ledger_url: str, tmp_path: Path
) -> None:
    """An export desisted after its discharge (LA art. 93 with art. 120 fr. III): the run
    is reversed and posted again without that exit; the lot gets its 30 back."""
    _setup(ledger_url)
    _import(ledger_url, "validation", _write(tmp_path, "a", _one_lot()))
    export = archivo(
        block("6000201", Partida(1, "CONN-2P", "30", country="USA"), operation=2, clave="RT",
              paid="20022026"),
        name="m3999002.051",
    )  # fmt: skip
    _import(ledger_url, "validation", _write(tmp_path, "b", export))
    with sessions(engine_for(ledger_url))() as session:
        assert service.run_discharge(session, None, as_of=date(2026, 3, 31), post=True).posted
    assert _lots(ledger_url) == [("262439996000101", 1, "CONN-2P", Decimal(70))]
    withdrawal = archivo(block("6000201", movement=3, acuse="ZX98"), name="m3999003.060")
    _import(ledger_url, "validation", _write(tmp_path, "c", withdrawal))
    assert _lots(ledger_url) == [("262439996000101", 1, "CONN-2P", Decimal(100))]


def test_a_withdrawal_of_a_pedimento_not_in_the_ledger_is_refused(
    ledger_url: str, tmp_path: Path
) -> None:
    _setup(ledger_url)
    withdrawal = archivo(block("6000999", movement=2))
    message = _refused(ledger_url, "validation", _write(tmp_path, "m", withdrawal))
    assert "the eliminacion acts on a pedimento filed before" in message


def test_a_confirmation_of_payment_changes_nothing(ledger_url: str, tmp_path: Path) -> None:
    _setup(ledger_url)
    _import(ledger_url, "validation", _write(tmp_path, "a", _one_lot()))
    report = _import(ledger_url, "validation",
                     _write(tmp_path, "b", archivo(block("6000101", movement=8))))  # fmt: skip
    assert (report.added, report.skipped) == (0, 1)
    assert _lots(ledger_url) == [("262439996000101", 1, "CONN-2P", Decimal(100))]
