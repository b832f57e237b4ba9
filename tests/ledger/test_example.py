"""The worked month of docs/ledger-example.md runs with its one command and gives the
figures the page states."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]


def test_the_worked_month_runs_with_one_command_and_gives_the_documented_figures(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", str(ROOT / "examples" / "ledger-month" / "run.sh"), str(tmp_path)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    saldos = pl.read_csv(tmp_path / "saldos.csv", infer_schema=False)
    assert sorted(zip(saldos["part_number"], saldos["balance"], strict=True)) == [
        ("CABLE-14", "1712.500000"), ("CONN-2P", "450.000000"),
        ("HOUSING", "300.000000"), ("PRESS-01", "1.000000"),
    ]  # fmt: skip
    art25 = {
        r["pedimento"]: r
        for r in pl.read_csv(tmp_path / "art25.csv", infer_schema=False).to_dicts()
    }
    assert (art25["262439996000201"]["duty_owed_mxn"], art25["262439996000201"]["payable_mxn"]) == (
        "1585.03",
        "1585",
    )
    assert art25["262439996000202"]["payable_mxn"] == "567"
    assert art25["262439996000203"]["status"] == "undetermined"
    ratio = pl.read_csv(tmp_path / "retorno-12-meses.csv", infer_schema=False).to_dicts()[0]
    assert ratio["ratio_percent"] == "52.85"
    assert pl.read_csv(tmp_path / "descargo.csv").height == 16
    assert pl.read_csv(tmp_path / "por-vencer.csv").height == 2
    # the same-state return of Feb 25 names lot 6000102/2 although FIFO would take the
    # 100 connectors still open in 6000101/2 (the return of Mar 15 takes them)
    used = pl.read_csv(tmp_path / "materiales-utilizados.csv", infer_schema=False)
    connectors = {
        (r["exit_pedimento"], r["lot_pedimento"], r["lot_secuencia"]): r["quantity"]
        for r in used.filter(pl.col("material") == "CONN-2P").to_dicts()
    }
    assert connectors == {
        ("262439996000201", "262439996000101", "2"): "400.000000",
        ("262439996000203", "262439996000102", "2"): "50.000000",
        ("262439996000202", "262439996000101", "2"): "100.000000",
        ("262439996000202", "262439996000102", "2"): "500.000000",
    }
    reconciled = {
        r["pedimento"]: (r["status"], r["declared_art25_mxn"], r["due_by"])
        for r in pl.read_csv(tmp_path / "conciliacion.csv", infer_schema=False).to_dicts()
    }
    assert reconciled == {
        "262439996000201": ("agrees", "1585.00", "2026-04-21"),  # paid by CT 6000301
        "262439996000202": ("not_declared", None, "2026-05-14"),
        "262439996000203": ("undetermined", None, None),
    }
    (press,) = pl.read_csv(tmp_path / "activo-fijo.csv", infer_schema=False).to_dicts()
    assert (press["serial"], press["brand"], press["due"]) == (
        "HP200-2025-0417", "ACME", "2030-12-31",
    )  # fmt: skip
