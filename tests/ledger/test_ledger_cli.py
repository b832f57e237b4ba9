"""``maquila ledger`` end to end on the sample month, and its messages for bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from maquila.cli.main import app

DATA = Path(__file__).resolve().parents[1] / "data" / "ledger"


def _run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_init_import_discharge_balances_and_expiring_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    assert _run("ledger", "init", "--db", db)[0] == 0
    for kind in ("company", "materials", "products", "boms", "pedimentos"):
        code, _, err = _run("ledger", "import", kind, DATA / f"{kind}.csv", "--db", db)
        assert code == 0, err
    code, _, err = _run("ledger", "discharge", "--db", db, "--as-of", "2026-03-31")
    assert code == 0 and "simulation: nothing written" in err
    code, _, err = _run(
        "ledger",
        "discharge",
        "--db",
        db,
        "--as-of",
        "2026-03-31",
        "--post",
        "--out",
        tmp_path / "alloc.csv",
    )
    assert code == 0 and "posted as run 1" in err
    assert pl.read_csv(tmp_path / "alloc.csv").height == 16
    code, _, _ = _run("ledger", "balances", "--db", db, "--out", tmp_path / "saldos.xlsx")
    assert code == 0
    code, _, _ = _run("ledger", "balances", "--db", db, "--out", tmp_path / "saldos.csv")
    saldos = pl.read_csv(tmp_path / "saldos.csv", infer_schema=False)
    assert dict(zip(saldos["part_number"], saldos["balance"], strict=True)) == {
        "PRESS-01": "1.000000",
        "CABLE-14": "1712.500000",
        "CONN-2P": "450.000000",
        "HOUSING": "300.000000",
    }
    code, out, _ = _run("ledger", "expiring", "--db", db, "--as-of", "2027-07-01", "--days", "60")
    assert code == 0 and "262439996000102" in out
    code, _, err = _run("ledger", "import", "pedimentos", DATA / "pedimentos.csv", "--db", db)
    assert code == 0 and "already imported, nothing to do" in err
    code, _, err = _run("ledger", "discharge", "--db", db, "--reverse", "1")
    assert code == 0 and "run 1 reversed by run 2" in err


def test_a_bad_file_exits_1_with_every_problem_and_no_traceback(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    _run("ledger", "init", "--db", db)
    _run("ledger", "import", "company", DATA / "company.csv", "--db", db)
    bad = tmp_path / "materials.csv"
    bad.write_text(
        "part_number,description,category,fraccion,nico,uom,umc,umc_factor,umt,umt_factor\n"
        "X-1,Thing,materia_prima,8544,02,m,3,1,1,0\n"
    )
    code, _, err = _run("ledger", "import", "materials", bad, "--db", db)
    assert code == 1
    assert "Traceback" not in err
    assert f"{bad}: nothing imported" in err
    assert f"{bad}:2: category: found 'materia_prima'; expected one of" in err
    assert f"{bad}:2: fraccion: found '8544'; expected 8 digits" in err
    assert f"{bad}:2: umt_factor: found '0'; expected a number greater than zero" in err


def test_a_ledger_with_two_companies_asks_which_one(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    _run("ledger", "init", "--db", db)
    two = tmp_path / "company.csv"
    two.write_text(
        (DATA / "company.csv").read_text() + "OTR020202XY9,Otra SA,IMMEX-9,albergue,2021-01-01,\n"
    )
    _run("ledger", "import", "company", two, "--db", db)
    code, _, err = _run("ledger", "balances", "--db", db)
    assert code == 1 and "name the company with --company RFC" in err
    assert _run("ledger", "balances", "--db", db, "--company", "OTR020202XY9")[0] == 0


def test_a_message_naming_a_long_path_stays_on_one_line(tmp_path: Path) -> None:
    deep = tmp_path / ("a-very-long-directory-name-as-on-a-shared-drive-" * 3)
    deep.mkdir()
    company = deep / "company.csv"
    company.write_bytes((DATA / "company.csv").read_bytes())
    db = tmp_path / "ledger.db"
    assert _run("ledger", "init", "--db", db)[0] == 0
    assert _run("ledger", "import", "company", company, "--db", db)[0] == 0
    code, _, err = _run("ledger", "import", "company", company, "--db", db)
    assert code == 0
    (line,) = err.splitlines()
    assert line.startswith(f"{company}: ") and "already" in line


def _posted(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    _run("ledger", "init", "--db", db)
    for kind in ("company", "materials", "products", "boms", "pedimentos"):
        assert _run("ledger", "import", kind, DATA / f"{kind}.csv", "--db", db)[0] == 0
    assert _run("ledger", "discharge", "--db", db, "--as-of", "2026-03-31", "--post")[0] == 0
    return db


def test_every_report_file_starts_with_the_holders_rfc_razon_social_and_programme(
    tmp_path: Path,
) -> None:
    """Anexo 24 (RGCE): each report identifies the holder of the programme."""
    db = _posted(tmp_path)
    written = {
        "saldos": ("balances",),
        "vencer": ("expiring", "--as-of", "2027-07-01", "--days", "900"),
        "entradas": ("report", "entradas"),
        "materiales": ("report", "materiales", "--to", "2026-03-31"),
        "fraccion": ("report", "saldos-fraccion"),
        "art25": ("art25", "--to", "2026-03-31"),
        "conciliacion": ("report", "conciliacion", "--to", "2026-03-31"),
        "activo": ("report", "activo-fijo"),
    }
    for name, args in written.items():
        code, _, err = _run("ledger", *args, "--db", db, "--out", tmp_path / f"{name}.csv")
        assert code == 0, err
        table = pl.read_csv(tmp_path / f"{name}.csv", infer_schema=False)
        assert table.columns[:3] == ["rfc", "razon_social", "programa_immex"], name
        assert set(table["rfc"]) == {"MEJ010101AB1"}, name
        assert set(table["programa_immex"]) == {"IMMEX-1234-2020"}, name
    for beside in ("art25.detail.csv", "conciliacion.rates.csv"):
        detail = pl.read_csv(tmp_path / beside, infer_schema=False)
        assert detail.columns[:3] == ["rfc", "razon_social", "programa_immex"], beside
    code, out, err = _run("ledger", "balances", "--db", db)
    assert "Maquiladora Ejemplo SA de CV — RFC MEJ010101AB1 — IMMEX IMMEX-1234-2020" in err


def test_saldos_show_the_balance_in_the_tariff_unit_beside_the_inventory_unit(
    tmp_path: Path,
) -> None:
    """1,712.5 m of cable at 0.05 kg per metre (the catalog's UMT factor) is 85.625 kg."""
    db = _posted(tmp_path)
    _run("ledger", "balances", "--db", db, "--out", tmp_path / "saldos.csv")
    saldos = pl.read_csv(tmp_path / "saldos.csv", infer_schema=False)
    cable = saldos.filter(pl.col("part_number") == "CABLE-14").row(0, named=True)
    assert (cable["uom"], cable["balance"], cable["umt"], cable["balance_umt"]) == (
        "m", "1712.500000", "1", "85.625",
    )  # fmt: skip
    assert cable["description"] == "Cable aislado calibre 14"
    _run("ledger", "report", "saldos-fraccion", "--db", db, "--out", tmp_path / "f.csv")
    by_fraccion = pl.read_csv(tmp_path / "f.csv", infer_schema=False)
    row = by_fraccion.filter(pl.col("fraccion") == "85444299").row(0, named=True)
    assert (row["umt"], row["balance_umt"], row["parts"]) == ("1", "85.625", "CABLE-14")


def test_materiales_utilizados_name_each_material_its_unit_and_its_quantity_in_umt(
    tmp_path: Path,
) -> None:
    db = _posted(tmp_path)
    out = tmp_path / "m.csv"
    _run("ledger", "report", "materiales", "--to", "2026-03-31", "--db", db, "--out", out)
    used = pl.read_csv(out, infer_schema=False).filter(pl.col("material") == "CABLE-14")
    assert used.height > 0
    for row in used.iter_rows(named=True):
        assert row["description"] == "Cable aislado calibre 14" and row["uom"] == "m"
        assert Decimal(row["quantity_umt"]) == Decimal(row["quantity"]) * Decimal("0.05")
        assert row["exported_description"]


def test_the_descargo_gives_each_allocation_in_the_tariff_unit_too(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    _run("ledger", "init", "--db", db)
    for kind in ("company", "materials", "products", "boms", "pedimentos"):
        _run("ledger", "import", kind, DATA / f"{kind}.csv", "--db", db)
    out = tmp_path / "descargo.csv"
    code, _, err = _run(
        "ledger", "discharge", "--db", db, "--as-of", "2026-03-31", "--post", "--out", out
    )
    assert code == 0, err
    rows = pl.read_csv(out, infer_schema=False).filter(pl.col("part_number") == "CABLE-14")
    assert rows.height > 0
    for row in rows.iter_rows(named=True):
        assert row["umt"] == "1" and row["uom"] == "m"
        assert Decimal(row["quantity_umt"]) == Decimal(row["quantity"]) * Decimal("0.05")


def test_a_discharge_that_cannot_be_posted_exits_2_as_a_finding_and_writes_nothing(
    tmp_path: Path,
) -> None:
    """Returns without the imports they consume: a shortfall is a finding about the
    ledger (maquila.verdict: exit 2), not bad input (1); nothing is posted."""
    db = tmp_path / "ledger.db"
    _run("ledger", "init", "--db", db)
    for kind in ("company", "materials", "products", "boms"):
        _run("ledger", "import", kind, DATA / f"{kind}.csv", "--db", db)
    rows = (DATA / "pedimentos.csv").read_text(encoding="utf-8").splitlines()
    returns = tmp_path / "returns.csv"
    returns.write_text("\n".join([rows[0]] + [r for r in rows[1:] if ",RT," in r]) + "\n")
    assert _run("ledger", "import", "pedimentos", returns, "--db", db)[0] == 0
    code, _, err = _run("ledger", "discharge", "--db", db, "--as-of", "2026-03-31", "--post")
    assert code == 2 and "the run cannot be posted; nothing written" in err
    assert "posted as run" not in err
    code, _, err = _run("ledger", "discharge", "--db", db, "--reverse", "1")
    assert code == 1 and "run 1" in err  # no run was posted


def test_an_out_file_of_no_table_format_is_refused_before_any_work(tmp_path: Path) -> None:
    db = _posted(tmp_path)
    for args in (("balances",), ("report", "entradas"), ("art25",)):
        code, _, err = _run("ledger", *args, "--db", db, "--out", tmp_path / "x.txt")
        assert code == 1 and "Traceback" not in err, args
        assert f"error: --out {tmp_path / 'x.txt'}: extension '.txt'; allowed: .csv" in err
    assert not (tmp_path / "x.txt").exists()
