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
