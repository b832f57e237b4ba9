"""A Juárez plant's own export, as its ERP writes it (examples/planta-juarez/): goods in a
Windows-1252, semicolon-separated CSV with decimal commas and Spanish headers; the BOM in
the second sheet of a workbook, with TIGIE fracciones and unit costs. Read without renaming
a column, every reading reported, the figures checked by hand:

ARN-2210 (8544.42, rule 85/114): VNM = 12.5 x 0.18 + 24 x 0.035 + 2 x 0.42 = 3.93 (the
unit costs multiplied by the quantities; taken as line values they would make a VNM of
0.635 and an RVC near 93 %); TV (9.80 - 3.93) / 9.80 = 59.90 % < 60, NC (8.60 - 3.93) /
8.60 = 54.30 % >= 50: originating under (B), the cable being of another subheading within
the group. KIT-0690 (8536.69, rule 85/86): its 4-way connectors are of the good's own
subheading and fail both alternatives; 0.62 / 3.10 = 20 % is above de minimis:
non-originating.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from maquila.cli.main import app
from shared_reference import reference

REFERENCE = reference("usmca")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "planta-juarez"
SHEET = "Lista de materiales"


def _batch(tmp_path: Path, *extra: str) -> tuple[int, str, Path]:
    out = tmp_path / "resultados.csv"
    result = CliRunner().invoke(
        app,
        [
            "origin", "batch", str(EXAMPLE / "productos.csv"),
            str(EXAMPLE / "lista-de-materiales.xlsx"), "--bom-sheet", SHEET, "--out", str(out),
            *extra,
        ],
    )  # fmt: skip
    return result.exit_code, result.stderr + result.stdout, out


def test_the_juarez_export_is_read_as_written_and_each_reading_is_reported(
    tmp_path: Path,
) -> None:
    code, said, _ = _batch(tmp_path)
    assert code == 0, said
    assert "productos.csv: Windows-1252, semicolon-separated" in said
    assert f"lista-de-materiales.xlsx: sheet '{SHEET}'" in said
    assert "productos.csv: decimal comma, shown by its numbers" in said
    assert "lista-de-materiales.xlsx: decimal point, shown by its numbers" in said


def test_the_juarez_goods_are_decided_as_computed_by_hand(tmp_path: Path) -> None:
    _, said, out = _batch(tmp_path)
    rows = {r["part_number"]: r for r in pl.read_csv(out, infer_schema=False).to_dicts()}
    harness, kit = rows["ARN-2210"], rows["KIT-0690"]
    assert (harness["status"], harness["criterion"], harness["rule_id"]) == (
        "originating", "B", "usmca/85/114",
    )  # fmt: skip
    assert round(Decimal(harness["rvc_nc_percent"]), 2) == Decimal("54.30")
    assert round(Decimal(harness["rvc_tv_percent"]), 2) == Decimal("59.90")
    assert (kit["status"], kit["rule_id"]) == ("non_originating", "usmca/85/86")


def test_a_unit_cost_is_multiplied_by_the_quantity_and_the_trace_shows_it(
    tmp_path: Path,
) -> None:
    _, said, _ = _batch(tmp_path, "--explain", "ARN-2210")
    assert "value: 12.5 x unit value 0.18 = 2.250" in said
    assert "fracción (TIGIE): 85444999" in said and "hs: 8544.49" in said


@pytest.mark.parametrize(
    ("quantity", "extra", "outcome"),
    [
        ("1,500", (), "ambiguous"),  # no other number shows the file's mark
        ("1,500", ("--decimal", ","), "read"),
        ("1,500", ("--decimal", "."), "read"),
    ],
)
def test_an_ambiguous_quantity_is_refused_unless_the_mark_is_stated(
    tmp_path: Path, quantity: str, extra: tuple[str, ...], outcome: str
) -> None:
    goods = tmp_path / "goods.csv"
    goods.write_text("Número de parte,Fracción,País de producción\nP-1,8504.40.99,MX\n", "utf-8")
    bom = tmp_path / "bom.csv"
    bom.write_text(
        f'Material padre,Material,Cantidad,Costo unitario,Origen\nP-1,C-1,"{quantity}",2,no\n',
        "utf-8",
    )
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(
        app, ["origin", "batch", str(goods), str(bom), "--out", str(out), *extra]
    )
    errors = pl.read_csv(out.with_name("r.errors.csv"), infer_schema=False).to_dicts()
    if outcome == "ambiguous":
        assert result.exit_code == 2
        line = next(e for e in errors if e["file"] == str(bom))
        assert (line["column"], line["value"], line["code"]) == (
            "Cantidad", "1,500", "ambiguous_number",
        )  # fmt: skip
        assert any(e["code"] == "left_out" and e["value"] == "P-1" for e in errors)
    else:
        assert not [e for e in errors if e["file"] == str(bom)], errors


def test_a_value_that_contradicts_its_unit_cost_times_the_quantity_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    goods = tmp_path / "goods.csv"
    goods.write_text("part_number,hs_code,producer_country\nP-1,8504.40,MX\n", "utf-8")
    bom = tmp_path / "bom.csv"
    bom.write_text("parent,component,qty,unit_cost,value\nP-1,C-1,4,2.5,2.5\n", "utf-8")
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(app, ["origin", "batch", str(goods), str(bom), "--out", str(out)])
    errors = pl.read_csv(out.with_name("r.errors.csv"), infer_schema=False).to_dicts()
    assert result.exit_code == 2
    line = next(e for e in errors if e["file"] == str(bom))
    assert (line["row"], line["code"]) == ("2", "contradiction")
    assert "quantity 4 x unit_value 2.5 = 10.0" in line["problem"]


def test_a_fraccion_of_no_hs_2022_subheading_is_refused_at_its_own_column(
    tmp_path: Path,
) -> None:
    goods = tmp_path / "goods.csv"
    goods.write_text("Número de parte;Fracción;País de producción\nP-1;8504.99.01;MX\n", "cp1252")
    bom = tmp_path / "bom.csv"
    bom.write_text("Material padre;Material;Valor\nP-1;C-1;2\n", "cp1252")
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(app, ["origin", "batch", str(goods), str(bom), "--out", str(out)])
    errors = pl.read_csv(out.with_name("r.errors.csv"), infer_schema=False).to_dicts()
    assert result.exit_code == 2
    assert (errors[0]["column"], errors[0]["value"], errors[0]["code"]) == (
        "Fracción", "8504.99", "not_a_tariff_code",
    )  # fmt: skip
    assert "no subheading of HS 2022" in errors[0]["problem"]
