"""`maquila origin batch GOODS BOM --out RESULTS` on a small hand-made catalog.

The catalog (tests/data/catalog, see its README) uses ERP export column names ("Part
Number", "HTS", "Parent", "Component", "Extended Value", "Origin", ...) so every run also
exercises the aliases of docs/catalog-format.md. Each good's row is checked against the
single-good engine run on a request written by hand, so the batch layer is held to
"same answers as `determine`, nothing more".

Known defects are marked ``xfail(strict=True)`` with the defect in the reason: when one
is fixed the test passes, the mark fails, and the mark is removed.
"""

from __future__ import annotations

import traceback
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from maquila.cli.main import app
from maquila.io.tables import read_table
from maquila.origin import determine
from maquila.origin.report import to_text
from maquila.origin.request import Good, Material, Request
from maquila.origin.result import Determination

CATALOG = Path(__file__).resolve().parents[1] / "data" / "catalog"
GOODS = CATALOG / "goods.csv"
BOM = CATALOG / "bom.csv"
BAD_GOODS = CATALOG / "bad_goods.csv"
BAD_BOM = CATALOG / "bad_bom.csv"
DAY = date(2026, 1, 15)


# ---------------------------------------------------------------- helpers


def _batch(*args: object) -> tuple[int, str, str]:
    """Run the real CLI; a Python exception escaping the command fails the test."""
    result = CliRunner().invoke(app, ["origin", "batch", *(str(a) for a in args)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail(
            "the command crashed:\n" + "".join(traceback.format_exception(result.exception))
        )
    return result.exit_code, result.stdout, result.stderr


def _table(path: Path) -> list[dict[str, Any]]:
    return read_table(path).to_dicts()


def _by_part(path: Path) -> dict[str, dict[str, Any]]:
    return {row["part_number"]: row for row in _table(path)}


def _blank(value: object) -> object:
    """An empty cell: CSV/Excel/Parquet may spell it None or ''."""
    return None if value in (None, "") else value


def _normal(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _blank(v) for k, v in row.items()} for row in rows]


def _csv_rows(path: Path) -> tuple[list[str], list[list[str | None]]]:
    frame = pl.read_csv(path, infer_schema=False)
    return frame.columns, [list(r) for r in frame.iter_rows()]


def _to_xlsx(source: Path, target: Path) -> Path:
    header, rows = _csv_rows(source)
    book = Workbook()
    sheet = book.create_sheet("catalog", 0)  # the first sheet is the one read
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(target)
    return target


def _to_parquet(source: Path, target: Path) -> Path:
    pl.read_csv(source, infer_schema=False).write_parquet(target)
    return target


def _errors(out: Path) -> list[dict[str, Any]]:
    rows = _table(out.with_name(f"{out.stem}.errors.csv"))
    return [{**r, "file": Path(r["file"]).name} for r in rows]


def _questions(out: Path) -> list[dict[str, Any]]:
    return _table(out.with_name(f"{out.stem}.questions.csv"))


# ------------------------------------------------- the catalog, written by hand


def _m(
    ident: str, hs: str | None, value: str, origin: str, country: str | None, **kw: Any
) -> Material:
    return Material(
        id=ident,
        hs=hs,
        value=Decimal(value),
        origin=origin,
        country=country,
        **kw,
    )


PCBA_240 = _m("PCBA-240", "8504.90", "14.80", "non_originating", "CN")
HSG_07 = _m("HSG-07", "3926.90", "3.10", "originating", "MX")
STATOR = _m("STATOR-1", "8503.00", "2.50", "non_originating", "CN")
CU_WIRE = _m("CU-WIRE", "7408.11", "1.20", "originating", "US")
CBL_1 = _m("CBL-1", None, "4.00", "non_originating", "CN")


def _request(
    hs: str, description: str, tv: str, materials: list[Material], use: str | None = None
) -> Request:
    good = Good.model_validate(
        {
            "hs": hs,
            "description": description,
            "produced_in": "MX",
            "transaction_value": Decimal(tv),
            "automotive_use": use,
        }
    )
    return Request(date=DAY, importing_country="US", good=good, materials=tuple(materials))


HAND: dict[str, Request] = {
    "PSU-240": _request("8504.40.95", "AC-DC power supply 240 W", "48.00", [PCBA_240, HSG_07]),
    "FAN-80": _request(
        "8414.59",
        "80 mm cooling fan",
        "20.00",
        [
            # The self-produced motor enters as an intermediate material with its own
            # inputs and its own goods row's transaction value.
            _m(
                "MTR-12",
                "8501.10",
                "9.00",
                "unknown",
                "MX",
                intermediate=True,
                transaction_value=Decimal("9.00"),
                materials=(STATOR, CU_WIRE),
            ),
            _m("FRAME-8", "8414.90", "2.00", "non_originating", "CN"),
            _m("BLADE-3", "3926.90", "1.50", "non_originating", "CN"),
        ],
        "not_automotive",
    ),
    "MTR-12": _request(
        "8501.10", "Fan motor 12 V (self-produced)", "9.00", [STATOR, CU_WIRE], "not_automotive"
    ),
    "UPS-1": _request(
        "8504.40.95",
        "UPS power unit",
        "60.00",
        [_m("PWR-MOD", "8504.40", "20.00", "unknown", None), HSG_07],
    ),
    "CHG-05": _request(
        "8504.40.95",
        "Battery charger",
        "30.00",
        [CBL_1, _m("HSG-07", "3926.90", "2.00", "originating", "MX")],
    ),
    "ADP-07": _request(
        "8504.40.95",
        "Wall adapter",
        "25.00",
        [_m("PCBA-240", "8504.90", "5.00", "non_originating", "CN"), CBL_1],
    ),
    "TRS-1": _request(
        "7308.90",
        "Steel roof truss",
        "30000.00",
        [
            _m("BEAMS", "7216.33", "4200.00", "non_originating", "KR"),
            _m("PLATE", "7208.51", "9500.00", "originating", "US"),
        ],
    ),
}


@pytest.fixture(scope="module")
def hand() -> dict[str, Determination]:
    return {part: determine(request) for part, request in HAND.items()}


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    out = tmp_path_factory.mktemp("local") / "results.csv"
    code, stdout, stderr = _batch(GOODS, BOM, "--out", out)
    assert code == 2, stderr  # CHG-05, ADP-07, TRS-1 undetermined (maquila.verdict)
    return out, stdout, stderr


# ------------------------------------------------------------- 1. formats


def test_the_catalog_as_csv_excel_and_parquet_gives_the_same_results_table(
    tmp_path: Path, local_run: tuple[Path, str, str]
) -> None:
    csv_out = local_run[0]
    expected = _table(csv_out)
    assert [r["part_number"] for r in expected] == list(HAND)
    for maker, suffix in ((_to_xlsx, ".xlsx"), (_to_parquet, ".parquet")):
        goods = maker(GOODS, tmp_path / f"goods{suffix}")
        bom = maker(BOM, tmp_path / f"bom{suffix}")
        out = tmp_path / suffix.lstrip(".") / "results.csv"
        code, _, stderr = _batch(goods, bom, "--out", out)
        assert code == 2, stderr  # the sample leaves 3 goods undetermined
        assert _table(out) == expected, f"catalog as {suffix} differs from the CSV catalog"
        assert _errors(out) == []


def test_results_written_as_csv_excel_and_parquet_read_back_equal(tmp_path: Path) -> None:
    tables = {}
    for suffix in (".csv", ".xlsx", ".parquet"):
        out = tmp_path / f"results{suffix}"
        code, _, stderr = _batch(GOODS, BOM, "--out", out)
        assert code == 2, stderr
        assert out.exists()
        # the sidecars are CSV whatever the results format
        assert (tmp_path / "results.errors.csv").exists()
        assert (tmp_path / "results.questions.csv").exists()
        tables[suffix] = _normal(_table(out))
    assert tables[".xlsx"] == tables[".csv"]
    assert tables[".parquet"] == tables[".csv"]
    assert len(tables[".csv"]) == len(HAND)


def test_the_summary_by_chapter_is_printed_on_stderr(local_run: tuple[Path, str, str]) -> None:
    out, stdout, stderr = local_run
    assert stdout == ""
    assert "USMCA determinations by chapter" in stderr
    for chapter in ("73", "84", "85", "all"):
        assert chapter in stderr
    assert "7 goods decided; 0 bad rows" in stderr


# ------------------------------------------- 2. same answers as determine()


@pytest.mark.parametrize("part", list(HAND))
def test_each_result_row_matches_determine_on_a_request_built_by_hand(
    part: str, local_run: tuple[Path, str, str], hand: dict[str, Determination]
) -> None:
    row = _by_part(local_run[0])[part]
    expected = hand[part]
    assert row["hs_code"] == HAND[part].good.hs
    assert row["status"] == expected.status.value
    assert _blank(row["rule_id"]) == (expected.rule.id if expected.rule else None)
    assert _blank(row["criterion"]) == _blank(expected.criterion)
    assert _blank(row["alternative"]) == _blank(expected.alternative)
    assert _blank(row["missing_facts"]) == _blank("; ".join(m.key for m in expected.missing))


def test_the_hand_made_catalog_covers_the_cases_it_is_meant_to(
    local_run: tuple[Path, str, str],
) -> None:
    rows = _by_part(local_run[0])
    psu = rows["PSU-240"]
    assert (psu["status"], psu["rule_id"], psu["criterion"]) == ("originating", "usmca/85/7", "B")
    # unknown-origin material of the good's own subheading: it blocks the shift
    assert rows["UPS-1"]["status"] != "originating"
    assert "PWR-MOD" in rows["UPS-1"]["blocking_materials"]
    # the truss's rule needs a fact of the producer: undetermined, the fact asked for
    assert rows["TRS-1"]["status"] == "undetermined"
    assert "usmca/73/subheading-rule-7308.90-2022:b" in rows["TRS-1"]["missing_facts"]


def test_a_self_produced_subassembly_is_rolled_up_with_its_own_inputs(
    local_run: tuple[Path, str, str], hand: dict[str, Determination]
) -> None:
    rows = _by_part(local_run[0])
    assert rows["MTR-12"]["status"] == "originating"
    fan = rows["FAN-80"]
    assert fan["status"] == "originating"
    # VNM = the motor's own non-originating input (2.50) + frame 2.00 + blades 1.50 = 6.00,
    # not the motor's 9.00: (20 - 6) / 20 = 70 %.
    assert fan["rvc_tv_percent"] == "70.000"
    motor = next(s for s in hand["FAN-80"].trace if s.detail.get("id") == "MTR-12")
    assert "self-produced" in motor.outcome


# ------------------------------------------------------------- 3. bad rows

EXPECTED_ERRORS = [
    # (file, row, column, value, phrase of the problem)
    ("bad_goods.csv", "7", "Produced In", None, "required"),
    ("bad_goods.csv", "9", "Part Number", "DUP-1", "duplicate part number (first on row 8)"),
    ("bad_bom.csv", "4", "HTS", "85O4.90", "digits"),
    ("bad_bom.csv", "5", "Extended Value", "-3.00", "greater than or equal to 0"),
    ("bad_bom.csv", "6", "Parent", "GHOST-1", "unknown parent"),
    ("bad_bom.csv", "7", "Component", "CYC-B", "CYC-B -> CYC-A -> CYC-B"),
    ("bad_bom.csv", "8", "Component", "CYC-A", "CYC-A -> CYC-B -> CYC-A"),
]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path, str]:
    out = tmp_path_factory.mktemp("bad") / "results.csv"
    code, _, stderr = _batch(BAD_GOODS, BAD_BOM, "--out", out)
    return code, out, stderr


@pytest.mark.parametrize(
    "expected", EXPECTED_ERRORS, ids=[f"{e[0]}:{e[1]}:{e[2]}" for e in EXPECTED_ERRORS]
)
def test_each_bad_row_is_in_the_errors_file_with_file_row_column_and_value(
    expected: tuple[str, str, str, str | None, str], bad_run: tuple[int, Path, str]
) -> None:
    code, out, stderr = bad_run
    assert code == 2, stderr
    file, row, column, value, phrase = expected
    found = [e for e in _errors(out) if (e["file"], e["row"], e["column"]) == (file, row, column)]
    assert len(found) == 1, f"{file}:{row} {column} not reported once: {_errors(out)}"
    assert _blank(found[0]["value"]) == value
    assert phrase in found[0]["problem"]


def test_bad_rows_leave_their_goods_out_and_the_run_goes_on(
    bad_run: tuple[int, Path, str],
) -> None:
    code, out, stderr = bad_run
    assert code == 2
    errors = _errors(out)
    left = [e for e in errors if e["problem"].startswith("left out")]
    # every bad row once, plus one row per good left out because of a bad BOM line
    assert len(errors) == len(EXPECTED_ERRORS) + len(left)
    assert {e["value"] for e in left} == {"BAD-HS", "BAD-VAL", "CYC-A", "CYC-B"}
    rows = _by_part(out)
    # the good ones are decided; a duplicate keeps its first row (the second is the bad row)
    assert set(rows) == {"PSU-240", "DUP-1"}
    assert rows["PSU-240"]["status"] == "originating"
    for left_out in ("BAD-HS", "BAD-VAL", "CYC-A", "CYC-B", "NOPC-1"):
        assert left_out not in rows
    assert f"2 goods decided; {len(errors)} bad rows" in stderr


def test_strict_exits_1_naming_the_bad_row_and_writes_no_results(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    lines = BOM.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("8414.90", "8414.9O")  # FAN-80's frame, row 5
    bom.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "results.csv"
    code, _, stderr = _batch(GOODS, bom, "--out", out, "--strict")
    assert code == 1
    assert "bom.csv:5:" in stderr
    assert "HTS" in stderr and "8414.9O" in stderr
    assert not out.exists()
    # without --strict the same catalog runs, FAN-80 left out
    code, _, stderr = _batch(GOODS, bom, "--out", out)
    assert code == 2, stderr
    assert "FAN-80" not in _by_part(out)
    assert len(_by_part(out)) == len(HAND) - 1


def test_strict_on_the_bad_catalog_exits_1(tmp_path: Path) -> None:
    code, _, stderr = _batch(BAD_GOODS, BAD_BOM, "--out", tmp_path / "r.csv", "--strict")
    assert code == 1
    assert stderr.startswith("error: ")
    assert "Traceback" not in stderr
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize(
    ("good_rows", "first"),
    [(9, "bad_goods.csv:7:"), (6, "bad_bom.csv:4:")],
    ids=["goods-file", "bom-file"],
)
def test_strict_names_the_first_bad_row_in_file_order(
    good_rows: int, first: str, tmp_path: Path
) -> None:
    # good_rows 6: the goods file without its own bad rows (NOPC-1, the DUP-1 pair), so
    # the first bad row is in the BOM, row 4 (the malformed code)
    goods = tmp_path / "bad_goods.csv"
    lines = BAD_GOODS.read_text(encoding="utf-8").splitlines()[:good_rows]
    goods.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, stderr = _batch(goods, BAD_BOM, "--out", tmp_path / "r.csv", "--strict")
    assert code == 1
    assert first in stderr


def test_a_bom_line_without_a_component_leaves_its_good_out(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    # a non-originating 8504.40 material that would stop PSU-240's tariff shift
    bom.write_text(
        BOM.read_text(encoding="utf-8") + "PSU-240,,8504.40,30.00,N,CN\n", encoding="utf-8"
    )
    out = tmp_path / "results.csv"
    code, _, stderr = _batch(GOODS, bom, "--out", out)
    assert code == 2, stderr
    errors = [(e["file"], e["row"], e["column"], e["problem"]) for e in _errors(out)]
    assert ("bom.csv", "17", "Component", "required on every BOM line") in errors
    assert [e for e in errors if e[3].startswith("left out")] == [
        ("goods.csv", "2", "Part Number", "left out: a line of its bill of materials is bad")
    ]
    assert "PSU-240" not in _by_part(out)


# ---------------------------------------------------------- 4. questionnaire


def test_a_missing_fact_shared_by_two_goods_is_one_question_asked_first(
    local_run: tuple[Path, str, str],
) -> None:
    questions = _questions(local_run[0])
    first = questions[0]
    assert first["key"] == "material CBL-1: hs"
    assert first["goods_settled"] == "2"
    assert first["goods"] == "CHG-05; ADP-07"
    assert [q["key"] for q in questions].count("material CBL-1: hs") == 1
    # the others settle one good each, and are ordered after it
    assert all(q["goods_settled"] == "1" for q in questions[1:])
    keys = {q["key"] for q in questions}
    assert "usmca/73/subheading-rule-7308.90-2022:b" in keys
    # the power module of 8504.40 is not provided for as a part (the provision names none):
    # Article 4.2(d) is closed without asking (19 U.S.C. 4531(c)(1)(D)(ii))
    assert "material PWR-MOD: provided_as_part" not in keys


def test_a_merged_question_names_the_material_not_a_path_of_one_good(
    local_run: tuple[Path, str, str],
) -> None:
    question = _questions(local_run[0])[0]["question"]
    assert "CBL-1" in question
    assert "materials[" not in question


# ---------------------------------------------------------------- 5. explain


def test_explain_prints_that_goods_trace_on_stdout(
    tmp_path: Path, hand: dict[str, Determination]
) -> None:
    code, stdout, stderr = _batch(GOODS, BOM, "--out", tmp_path / "r.csv", "--explain", "FAN-80")
    assert code == 2, stderr
    assert stdout == to_text(hand["FAN-80"]) + "\n"
    assert "usmca/84/47" in stdout and "MTR-12" in stdout
    assert "USMCA determinations by chapter" not in stdout  # the summary stays on stderr


def test_explain_of_an_unknown_part_exits_1_with_a_clear_message(tmp_path: Path) -> None:
    code, stdout, stderr = _batch(GOODS, BOM, "--out", tmp_path / "r.csv", "--explain", "NOPE-9")
    assert code == 1
    assert "error: --explain 'NOPE-9': not a decided part number" in stderr
    assert stdout == ""


def test_explain_of_a_good_left_out_for_a_bad_row_exits_1(tmp_path: Path) -> None:
    code, _, stderr = _batch(BAD_GOODS, BAD_BOM, "--out", tmp_path / "r.csv", "--explain", "BAD-HS")
    assert code == 1
    assert "'BAD-HS'" in stderr and "not a decided part number" in stderr


# --------------------------------------------------- 6. missing required column


def test_a_table_without_a_required_column_is_refused_naming_the_column(
    tmp_path: Path,
) -> None:
    out = tmp_path / "results.csv"
    code, _, stderr = _batch(GOODS, CATALOG / "bom_no_value.csv", "--out", out)
    assert code == 1
    assert "bom_no_value.csv: column 'value' is required" in stderr
    assert not out.exists()


def test_an_unreadable_table_exits_1(tmp_path: Path) -> None:
    code, _, stderr = _batch(tmp_path / "missing.csv", BOM, "--out", tmp_path / "r.csv")
    assert code == 1
    assert "missing.csv: no such file" in stderr
    code, _, stderr = _batch(GOODS, BOM, "--out", tmp_path / "r.csv", "--engine", "dask")
    assert code == 1
    assert "--engine 'dask'" in stderr


# ------------------------------------------------------------------- 7. spark


def test_spark_engine_gives_exactly_the_local_results(
    tmp_path: Path, local_run: tuple[Path, str, str]
) -> None:
    out = tmp_path / "results.csv"
    code, _, stderr = _batch(GOODS, BOM, "--out", out, "--engine", "spark", "--master", "local[2]")
    assert code == 2, stderr  # as the local run
    assert out.read_text(encoding="utf-8") == local_run[0].read_text(encoding="utf-8")
    assert _questions(out) == _questions(local_run[0])


def test_a_catalog_decided_in_full_without_bad_rows_exits_0_and_one_left_undetermined_2(
    tmp_path: Path,
) -> None:
    """The exit code rule of maquila.verdict: PSU-240 (originating) and UPS-1 (non-
    originating) alone are decided, exit 0; with CHG-05 (undetermined) beside them, 2;
    a bad row is a finding, 2 as well."""
    goods = GOODS.read_text(encoding="utf-8").splitlines()
    bom = BOM.read_text(encoding="utf-8").splitlines()

    def catalog(parts: set[str], name: str) -> tuple[Path, Path]:
        g, b = tmp_path / f"{name}-goods.csv", tmp_path / f"{name}-bom.csv"
        g.write_text("\n".join([goods[0]] + [x for x in goods[1:] if x.split(",")[0] in parts]))
        b.write_text("\n".join([bom[0]] + [x for x in bom[1:] if x.split(",")[0] in parts]))
        return g, b

    decided = catalog({"PSU-240", "UPS-1"}, "decided")
    assert _batch(*decided, "--out", tmp_path / "a.csv")[0] == 0
    open_ = catalog({"PSU-240", "UPS-1", "CHG-05"}, "open")
    assert _batch(*open_, "--out", tmp_path / "b.csv")[0] == 2
    bad_bom = tmp_path / "bad-bom.csv"
    bad_bom.write_text(decided[1].read_text() + "\nPSU-240,,8504.90,1.00,N,CN\n")
    code, _, _ = _batch(decided[0], bad_bom, "--out", tmp_path / "c.csv")
    assert code == 2


def test_a_results_file_of_no_table_format_is_refused_before_the_run(tmp_path: Path) -> None:
    code, out, err = _batch(GOODS, BOM, "--out", tmp_path / "r.txt")
    assert code == 1 and out == ""
    assert f"error: --out {tmp_path / 'r.txt'}: extension '.txt'; allowed: .csv" in err
