"""Benchmark `maquila origin batch` against a floor measured in the same run.

    python bench/run.py --goods 10000 100000 [--workers 2] [--keep DIR]

For each size: a seeded synthetic catalog (IMMEX chapters, BOMs of 10-80 lines, some
self-produced subassemblies) is written as Parquet; then, each in a fresh process,
(1) the floor: a plain Polars read of both files and one group-by of BOM lines per good;
(2) maquila: read, prepare, stream batches of goods through the workers (each builds
and decides its goods), write the results (what `maquila origin batch` does). Reported: wall time,
BOM lines per second, peak memory (resident set of the process and its workers), and the
ratio to the floor. CI runs it at toy size (`--goods 200`) to prove it works.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from maquila.bulk.synthetic import generate


def _write_catalog(goods: int, folder: Path, seed: int = 7) -> tuple[Path, Path, int]:
    goods_path, bom_path = folder / f"goods-{goods}.parquet", folder / f"bom-{goods}.parquet"
    if not goods_path.exists():
        good_parts, bom_parts = [], []
        for start in range(0, goods, 10_000):
            rows_g, rows_b = generate(min(10_000, goods - start), seed=seed + start)
            good_parts.append(
                pl.DataFrame(rows_g).with_columns(
                    pl.col("part_number").str.replace("^(..)-", f"${{1}}{start}-")
                )
            )
            bom_parts.append(
                pl.DataFrame(rows_b).with_columns(
                    pl.col("parent_part").str.replace("^(..)-", f"${{1}}{start}-"),
                    pl.col("child_part").str.replace("^(SA)-", f"${{1}}{start}-"),
                )
            )
        pl.concat(good_parts).write_parquet(goods_path)
        pl.concat(bom_parts).write_parquet(bom_path)
    lines = pl.scan_parquet(bom_path).select(pl.len()).collect().item()
    return goods_path, bom_path, int(lines)


FLOOR = """
import sys, polars as pl
g = pl.read_parquet(sys.argv[1]); b = pl.read_parquet(sys.argv[2])
b.with_columns(pl.col("value").cast(pl.Decimal(18, 2))).group_by("parent_part").agg(
    pl.col("value").sum(), pl.len()).height
"""

MAQUILA = """
import sys
from datetime import date
from pathlib import Path
import polars as pl
from maquila.bulk.partition import prepare
from maquila.bulk.run import run_batches
from maquila.io.tables import read_table, write_table
prepared = prepare(read_table(Path(sys.argv[1])), read_table(Path(sys.argv[2])), "g", "b")
tables = [o.table for o in run_batches(prepared, date(2026, 1, 15), workers=int(sys.argv[4]))]
write_table(pl.concat(tables), Path(sys.argv[3]))
"""


PEAK = """
import resource
print("PEAK_KIB", max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def _measure(script: str, *args: str) -> tuple[float, float]:
    """Wall seconds, and the peak resident memory (MiB) of the process or of its largest
    worker, reported by the measured process itself."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script + PEAK, *args], check=True, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    peak = next(
        int(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("PEAK_KIB")
    )
    return wall, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goods", type=int, nargs="+", default=[10_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="maquila-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    report = []
    for goods in args.goods:
        goods_path, bom_path, lines = _write_catalog(goods, folder)
        floor_wall, floor_mem = _measure(FLOOR, str(goods_path), str(bom_path))
        wall, mem = _measure(
            MAQUILA,
            str(goods_path),
            str(bom_path),
            str(folder / f"results-{goods}.parquet"),
            str(args.workers),
        )
        report.append(
            {
                "goods": goods,
                "bom_lines": lines,
                "wall_s": round(wall, 2),
                "lines_per_s": round(lines / wall),
                "peak_mib": round(mem),
                "floor_wall_s": round(floor_wall, 3),
                "floor_peak_mib": round(floor_mem),
                "ratio_to_floor": round(wall / floor_wall, 1),
            }
        )
        print(json.dumps(report[-1]), flush=True)
    print("| goods | BOM lines | wall (s) | lines/s | peak MiB | floor (s) | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in report:
        print(
            f"| {r['goods']:,} | {r['bom_lines']:,} | {r['wall_s']} | {r['lines_per_s']:,} | "
            f"{r['peak_mib']:,} | {r['floor_wall_s']} | {r['ratio_to_floor']}x |"
        )


if __name__ == "__main__":
    main()
