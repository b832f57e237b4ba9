"""Issue 11: fixed assets with serial, brand and model (Anexo 24, activo fijo) and the
dated lists of sensitive goods (IMMEX decree Annex I / II, RGCE Anexo 29) flagged on the
temporary imports of their date. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from archivo import Partida, archivo, block

from maquila.io.ledger_files import import_file
from maquila.ledger import service
from maquila.ledger.asset_reports import fixed_assets_table, sensitive_table
from maquila.ledger.rows import LedgerInputError
from maquila.ledger.store.db import engine_for, sessions
from maquila.ledger.store.writer import ImportReport

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"
ASSETS = "pedimento,secuencia,part_number,serial,brand,model,location\n"
LISTS = "list,code,valid_from,valid_to,source\n"


def _import(url: str, kind: str, path: Path) -> ImportReport:
    with sessions(engine_for(url))() as session:
        return import_file(session, kind, path)


def _refused(url: str, kind: str, path: Path) -> str:
    with pytest.raises(LedgerInputError) as caught:
        _import(url, kind, path)
    return str(caught.value)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def plant(ledger_url: str) -> str:
    for kind in ("company", "materials", "products", "boms", "pedimentos"):
        _import(ledger_url, kind, DATA / f"{kind}.csv")
    return ledger_url


def _table(url: str, which: str) -> list[dict[str, object]]:
    with sessions(engine_for(url))() as session:
        owner = service.company(session, None)
        frame = fixed_assets_table(session, owner) if which == "assets" else None
        if frame is None:
            frame = sensitive_table(session, owner)
        return frame.to_dicts()


def test_a_fixed_asset_is_listed_with_its_serial_brand_model_and_the_programmes_end(
    plant: str, tmp_path: Path
) -> None:
    path = _file(
        tmp_path, "a.csv", ASSETS + "26 24 3999 6000103,1,PRESS-01,SN-4471,Acme,HP-200,Nave 2\n"
    )
    assert _import(plant, "fixed_assets", path).added == 1
    (row,) = _table(plant, "assets")
    assert (row["serial"], row["brand"], row["model"], row["location"]) == (
        "SN-4471", "Acme", "HP-200", "Nave 2",
    )  # fmt: skip
    assert row["due"] == "2030-12-31" and "108" in str(row["due_basis"])
    assert row["missing"] is None


def test_a_fixed_asset_without_a_serial_is_listed_as_missing_it_not_left_out(plant: str) -> None:
    (row,) = _table(plant, "assets")
    assert row["part_number"] == "PRESS-01" and row["serial"] is None
    assert row["missing"] == "serial of 1 units"


def test_more_serials_than_units_on_the_line_are_refused(plant: str, tmp_path: Path) -> None:
    path = _file(
        tmp_path, "a.csv",
        ASSETS + "26 24 3999 6000103,1,PRESS-01,SN-1,,,\n26 24 3999 6000103,1,PRESS-01,SN-2,,,\n",
    )  # fmt: skip
    message = _refused(plant, "fixed_assets", path)
    assert f"{path}:3: serial: found 'SN-2'; expected no more serials than the line's 1 units" in (
        message
    )
    assert _table(plant, "assets")[0]["serial"] is None  # nothing written


def test_a_serial_for_a_material_that_is_not_a_fixed_asset_is_refused(
    plant: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, "a.csv", ASSETS + "26 24 3999 6000101,2,CONN-2P,SN-9,,,\n")
    message = _refused(plant, "fixed_assets", path)
    assert (
        "part_number: found 'CONN-2P'; expected a fixed asset (the catalog's category is insumo)"
        in (message)
    )


def test_a_serial_on_a_line_of_no_pedimento_in_the_ledger_is_refused(
    plant: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, "a.csv", ASSETS + "26 24 3999 6999999,1,PRESS-01,SN-9,,,\n")
    assert "pedimento: found '262439996999999/1'; expected an import line in the ledger" in (
        _refused(plant, "fixed_assets", path)
    )


def test_a_brand_other_than_the_one_the_pedimento_declares_is_refused(
    ledger_url: str, tmp_path: Path
) -> None:
    for kind in ("company", "materials", "products", "boms"):
        _import(ledger_url, kind, DATA / f"{kind}.csv")
    press = Partida(1, "PRESS-01", "1", fraccion="84623999", brand="ACME", model="HP-200")
    validation = _file(
        tmp_path, "m3999001.093", archivo(block("6000103", press, clave="AF", paid="20012026"))
    )
    _import(ledger_url, "validation", validation)
    path = _file(tmp_path, "a.csv", ASSETS + "26 24 3999 6000103,1,PRESS-01,SN-1,Bosch,HP-200,\n")
    assert "brand: found 'Bosch'; expected 'ACME', as the pedimento declares" in (
        _refused(ledger_url, "fixed_assets", path)
    )
    same = _file(tmp_path, "b.csv", ASSETS + "26 24 3999 6000103,1,PRESS-01,SN-1,acme,,\n")
    assert _import(ledger_url, "fixed_assets", same).added == 1
    (row,) = _table(ledger_url, "assets")
    assert (row["brand"], row["model"]) == ("acme", "HP-200")


def test_the_same_serial_with_other_data_is_refused_and_the_same_row_skipped(
    plant: str, tmp_path: Path
) -> None:
    first = _file(tmp_path, "a.csv", ASSETS + "26 24 3999 6000103,1,PRESS-01,SN-1,,,Nave 1\n")
    _import(plant, "fixed_assets", first)
    again = _file(
        tmp_path, "b.csv", ASSETS + "26 24 3999 6000103,1,PRESS-01,SN-1,,,Nave 1\n,,,,,,\n"
    )
    assert _import(plant, "fixed_assets", again).skipped == 1
    moved = _file(tmp_path, "c.csv", ASSETS + "26 24 3999 6000103,1,PRESS-01,SN-1,,,Nave 3\n")
    assert "serial: found 'SN-1'; expected a key not already in the ledger" in (
        _refused(plant, "fixed_assets", moved)
    )


def test_a_lot_of_a_listed_fraccion_is_flagged_when_the_list_was_in_force_on_its_date(
    plant: str, tmp_path: Path
) -> None:
    """The lots of 2026-01-05 (CABLE-14, 8544.42.99) and later: a heading listed from
    2026-01-01 covers its fracciones; a list that ended before, or begins after, the lot's
    date does not flag it."""
    path = _file(
        tmp_path, "l.csv",
        LISTS
        + "IMMEX Anexo I,8544,2026-01-01,,DOF 2025-12-31 (test)\n"
        + "RGCE Anexo 29,85444299,2020-01-01,2025-12-31,RGCE 2025 (test)\n"
        + "IMMEX Anexo II,3926.90.99,2026-06-01,,DOF 2026-05-30 (test)\n",
    )  # fmt: skip
    assert _import(plant, "sensitive_goods", path).added == 3
    flagged = _table(plant, "lists")
    assert {(r["part_number"], r["list"]) for r in flagged} == {("CABLE-14", "IMMEX Anexo I")}
    assert all(r["source"] == "DOF 2025-12-31 (test)" for r in flagged)


def test_a_list_whose_end_precedes_its_start_or_a_short_code_is_refused(
    plant: str, tmp_path: Path
) -> None:
    path = _file(
        tmp_path, "l.csv",
        LISTS + "IMMEX Anexo I,85,2026-01-01,,DOF\nIMMEX Anexo I,8544,2026-02-01,2026-01-01,DOF\n",
    )  # fmt: skip
    message = _refused(plant, "sensitive_goods", path)
    assert f"{path}:2: code: found '85'; expected a heading, subheading or fracción" in message
    assert f"{path}:3: valid_to: found '2026-01-01'; expected a day on or after valid_from" in (
        message
    )
