"""Issue 12: one door per job. ``maquila.bulk.run_catalog`` is the catalog's door: the CLI
(``maquila origin batch``) and the REST API (``POST /origin/catalog``) call it, so the
three give the same results, refused rows and questions, and refuse the same input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from maquila.api import create_app
from maquila.bulk.catalog import CatalogRefused, run_catalog
from maquila.cli.main import app
from maquila.io.tables import read_table

CATALOG = Path(__file__).resolve().parents[1] / "data" / "catalog"
DAY = date(2026, 1, 15)


def _library(goods: Path, bom: Path) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    run = run_catalog(
        read_table(goods), read_table(bom), goods_name=str(goods), bom_name=str(bom),
        default=DAY, workers=1,
    )  # fmt: skip
    return run.results.to_dicts(), [vars(e) for e in run.errors]


def _cli(
    goods: Path, bom: Path, out: Path
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    result = CliRunner().invoke(
        app, ["origin", "batch", str(goods), str(bom), "--out", str(out), "--date", str(DAY)]
    )
    assert result.exit_code in (0, 2), result.stderr
    errors = pl.read_csv(out.with_name(f"{out.stem}.errors.csv"), infer_schema=False)
    rows = [{**e, "row": int(e["row"])} for e in errors.to_dicts()]
    return read_table(out).to_dicts(), rows


def _rows(path: Path) -> list[dict[str, str | None]]:
    return read_table(path).to_dicts()


@pytest.mark.parametrize("which", ["goods.csv", "bad_goods.csv"])
def test_the_library_the_cli_and_the_api_give_one_answer_for_a_catalog(
    tmp_path: Path, which: str
) -> None:
    goods = CATALOG / which
    bom = CATALOG / which.replace("goods", "bom")
    library_results, library_errors = _library(goods, bom)
    cli_results, cli_errors = _cli(goods, bom, tmp_path / "r.csv")
    assert library_results == cli_results
    assert library_errors == cli_errors
    response = TestClient(create_app()).post(
        "/origin/catalog", json={"goods": _rows(goods), "bom": _rows(bom), "date": str(DAY)}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["results"] == library_results
    # the API names its tables by JSON path; rows, columns, values and problems agree
    strip = [{k: v for k, v in e.items() if k != "file"} for e in library_errors]
    assert [{k: v for k, v in e.items() if k != "file"} for e in body["errors"]] == strip


def test_a_catalog_without_a_required_column_is_refused_alike_by_every_door(
    tmp_path: Path,
) -> None:
    goods = tmp_path / "goods.csv"
    text = (CATALOG / "goods.csv").read_text(encoding="utf-8").splitlines()
    goods.write_text("\n".join(line.split(",", 1)[1] for line in text) + "\n")  # no part number
    with pytest.raises(CatalogRefused) as refused:
        _library(goods, CATALOG / "bom.csv")
    columns = [e.column for e in refused.value.errors]
    result = CliRunner().invoke(
        app,
        ["origin", "batch", str(goods), str(CATALOG / "bom.csv"), "--out", str(tmp_path / "r.csv")],
    )
    assert result.exit_code == 1
    assert all(f"column {c!r} is required" in result.stderr for c in columns)
    response = TestClient(create_app()).post(
        "/origin/catalog", json={"goods": _rows(goods), "bom": _rows(CATALOG / "bom.csv")}
    )
    assert response.status_code == 422
    assert [d["column"] for d in response.json()["detail"]] == columns
