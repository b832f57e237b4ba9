"""Benchmark the IMMEX ledger: import temporary-import lines, import returns, discharge them
through the BOMs, on SQLite and on PostgreSQL.

    python bench/ledger.py --imports 1000000 --exports 200000 [--db sqlite postgresql]

A seeded synthetic plant: 5,000 materials, 1,000 products with BOMs of 50 lines (one line
in ten with 1 % merma), temporary imports (IN, ten lines per pedimento) and returns (RT,
ten lines per pedimento) of products late enough for every lot to be open. Each database
runs in a fresh process that reports its own peak memory; phases are timed separately:
reading and importing the files (the same code as `maquila ledger import`), and the posted
discharge run (explosion, FIFO allocation, writing the allocations). CI runs it at toy
size to prove it works; the README quotes the full-size figures.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import polars as pl

MATERIALS, PRODUCTS, BOM_LINES, PER_PEDIMENTO = 5_000, 1_000, 50, 10
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _write_plant(folder: Path, imports: int, exports: int, seed: int = 11) -> dict[str, Path]:
    rng = random.Random(seed)
    # at toy sizes fewer materials, so that every one has lots (5,000 from 20,000 lines on)
    materials = max(BOM_LINES, min(MATERIALS, imports // 4))
    files = {k: folder / f"{k}.csv" for k in ("company", "materials", "products", "boms")}
    files["company"].write_text(
        "rfc,name,immex_number,modality,programme_from,programme_to\n"
        "BEN010101AB1,Bench SA de CV,IMMEX-1,industrial,2020-01-01,2035-12-31\n"
    )
    pl.DataFrame(
        {
            "part_number": [f"M-{i:05d}" for i in range(materials)],
            "description": "material",
            "category": "insumo",
            "fraccion": "85444299",
            "nico": "02",
            "uom": "pza",
            "umc": "6",
            "umc_factor": "1",
            "umt": "6",
            "umt_factor": "1",
        }  # fmt: skip
    ).write_csv(files["materials"])
    pl.DataFrame(
        {
            "part_number": [f"P-{i:04d}" for i in range(PRODUCTS)],
            "description": "product",
            "fraccion": "85443099",
            "nico": "99",
            "uom": "pza",
            "umc": "6",
            "umc_factor": "1",
        }  # fmt: skip
    ).write_csv(files["products"])
    boms = {"product": [], "component": [], "quantity": [], "merma_pct": []}  # type: dict[str, list[str]]
    for p in range(PRODUCTS):
        for c in rng.sample(range(materials), BOM_LINES):
            boms["product"].append(f"P-{p:04d}")
            boms["component"].append(f"M-{c:05d}")
            boms["quantity"].append(str(rng.randint(1, 4)))
            boms["merma_pct"].append("1" if rng.random() < 0.1 else "")
    pl.DataFrame(boms).with_columns(
        version=pl.lit("v1"), valid_from=pl.lit("2026-01-01"), valid_to=pl.lit(""),
        desperdicio_pct=pl.lit(""),
    ).write_csv(files["boms"])  # fmt: skip
    files["imports"] = folder / "imports.csv"
    files["exports"] = folder / "exports.csv"
    _pedimentos(files["imports"], imports, rng, export=False, materials=materials)
    _pedimentos(files["exports"], exports, rng, export=True, materials=materials)
    return files


def _pedimentos(path: Path, lines: int, rng: random.Random, export: bool, materials: int) -> None:
    start = date(2026, 7, 1) if export else date(2026, 1, 1)
    base = 7_000_000 if export else 1_000_000
    rows: dict[str, list[object]] = {
        k: [] for k in ("pedimento", "paid_on", "secuencia", "part_number", "qty_umc")
    }
    for i in range(lines):
        number, secuencia = divmod(i, PER_PEDIMENTO)
        rows["pedimento"].append(f"26 24 3999 {base + number:07d}")
        rows["paid_on"].append(
            (start + timedelta(days=(number * 90) // max(1, lines // 10))).isoformat()
        )
        rows["secuencia"].append(secuencia + 1)
        if export:
            rows["part_number"].append(f"P-{rng.randrange(PRODUCTS):04d}")
            rows["qty_umc"].append(str(rng.randint(1, 10)))
        else:
            rows["part_number"].append(f"M-{i % materials:05d}")
            rows["qty_umc"].append(str(rng.randint(2_000, 4_000)))
    pl.DataFrame(rows).with_columns(
        clave=pl.lit("RT" if export else "IN"), operation=pl.lit("2" if export else "1"),
        destination=pl.lit("USA" if export else ""),
        fraccion=pl.lit("85443099" if export else "85444299"),
        umc=pl.lit("6"), customs_value_mxn=pl.lit("1000"), origin_country=pl.lit("CHN"),
    ).write_csv(path)  # fmt: skip


RUN = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from maquila.ledger import service
from maquila.io.ledger_files import import_file
from maquila.ledger.store.db import engine_for, sessions, upgrade
from maquila.ledger.store.db import BULK_TABLES
url, folder, statistics = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "statistics"
engine = engine_for(url)
upgrade(engine)
if not statistics and engine.dialect.name == "postgresql":
    with engine.begin() as connection:  # no autovacuum either: the planner has no statistics
        for table in BULK_TABLES:
            connection.exec_driver_sql(f"alter table {table} set (autovacuum_enabled = false)")
make = sessions(engine)
times = {}
t = time.perf_counter()
for kind, name in (("company", "company"), ("materials", "materials"), ("products", "products"),
                   ("boms", "boms"), ("pedimentos", "imports")):
    with make() as session:
        import_file(session, kind, folder / f"{name}.csv", statistics=statistics)
times["import_imports_s"] = time.perf_counter() - t
t = time.perf_counter()
with make() as session:
    import_file(session, "pedimentos", folder / "exports.csv", statistics=statistics)
times["import_exports_s"] = time.perf_counter() - t
if engine.dialect.name == "postgresql":  # what the planner knows when the discharge starts
    with engine.connect() as connection:
        times["tables_analyzed"] = connection.exec_driver_sql(
            "select count(*) from pg_stat_user_tables where relname = any(%(t)s) and "
            "coalesce(last_analyze, last_autoanalyze) is not null", {"t": list(BULK_TABLES)}
        ).scalar()
    times["bulk_tables"] = len(BULK_TABLES)
t = time.perf_counter()
with make() as session:
    result = service.run_discharge(session, None, as_of=date(2026, 12, 31), post=True)
times["discharge_s"] = time.perf_counter() - t
assert result.posted, result.problems()[:3]
times["allocations"] = len(result.allocations)
times["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT", json.dumps(times))
"""


def _pg_url() -> tuple[str, str]:
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with create_engine(PG).begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    return f"{PG}?options=-csearch_path%3D{schema}", schema


def _drop(schema: str) -> None:
    from sqlalchemy import create_engine, text

    with create_engine(PG).begin() as conn:
        conn.execute(text(f'drop schema "{schema}" cascade'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imports", type=int, default=1_000_000)
    parser.add_argument("--exports", type=int, default=200_000)
    parser.add_argument(
        "--db",
        nargs="+",
        default=["sqlite", "postgresql", "postgresql-no-statistics"],
        help="postgresql-no-statistics: the same load with ANALYZE and autovacuum off, to "
        "show what the planner does on a first bulk load without statistics",
    )
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="maquila-ledger-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    _write_plant(folder, args.imports, args.exports)
    print(f"synthetic plant written in {time.perf_counter() - t:.1f} s to {folder}", flush=True)
    report = []
    for db in args.db:
        schema = None
        url = f"sqlite:///{folder / f'ledger-{uuid.uuid4().hex[:6]}.db'}"
        if db.startswith("postgresql"):
            url, schema = _pg_url()
        statistics = "none" if db.endswith("no-statistics") else "statistics"
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", RUN, url, str(folder), statistics],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t
        if schema:
            _drop(schema)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"{db}: the run failed")
        figures = json.loads(
            next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))[7:]
        )
        figures.update(db=db, imports=args.imports, exports=args.exports, wall_s=round(wall, 1))
        report.append(figures)
        print(json.dumps(figures), flush=True)
    print(
        "| db | import lines | export lines | allocations | import (s) | exports (s) "
        "| tables analyzed | discharge (s) | peak MiB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in report:
        analyzed = f"{r['tables_analyzed']}/{r['bulk_tables']}" if "bulk_tables" in r else "-"
        print(
            f"| {r['db']} | {r['imports']:,} | {r['exports']:,} | {r['allocations']:,} | "
            f"{r['import_imports_s']:.1f} | {r['import_exports_s']:.1f} | {analyzed} | "
            f"{r['discharge_s']:.1f} | {r['peak_mib']:,.0f} |"
        )


if __name__ == "__main__":
    main()
