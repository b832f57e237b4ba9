"""Differential test: the catalog path gives exactly the single-good engine's answer.

Random catalogs from the seeded generator (goods drawn from every product-specific rule
of the pack, both RVC methods, unknown origins, indirect and packing lines, self-produced
subassemblies) go through the bulk path the command runs (tables -> batches of goods
with the BOM lines they reach -> worker processes -> result rows). Independently, each
good's request is built here by hand from the same generated rows and decided by
:func:`maquila.origin.determine`. Every row must agree.
The number of goods is MAQUILA_DIFFERENTIAL_GOODS (default 100,000).
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from typing import Any

import polars as pl

from maquila.bulk.assemble import assemble
from maquila.bulk.partition import prepare
from maquila.bulk.results import result_row
from maquila.bulk.run import rows, run_batches, run_local
from maquila.bulk.synthetic import Sizes, generate
from maquila.origin import Request, determine

GOODS = int(os.environ.get("MAQUILA_DIFFERENTIAL_GOODS", "100000"))
CHUNK = 5_000


def _by_hand(goods: list[dict[str, str]], bom: list[dict[str, str]]) -> dict[str, Request]:
    lines: dict[str, list[dict[str, str]]] = defaultdict(list)
    for line in bom:
        lines[line["parent_part"]].append(line)
    own = {g["part_number"]: g for g in goods}

    def materials(part: str) -> list[dict[str, Any]]:
        out = []
        for line in lines[part]:
            material: dict[str, Any] = {
                "id": line["child_part"],
                "hs": line["hs_code"],
                "value": line["value"],
                "origin": line["origin_status"] or "unknown",
                "role": line["role"],
                "country": line["origin_country"],
            }
            if line["child_part"] in lines:
                material["intermediate"] = True
                material["materials"] = materials(line["child_part"])
                for name in ("net_cost", "transaction_value"):
                    if own[line["child_part"]][name]:
                        material[name] = own[line["child_part"]][name]
            out.append(material)
        return out

    requests = {}
    for good in goods:
        data: dict[str, Any] = {
            "hs": good["hs_code"],
            "description": good["description"],
            "produced_in": good["producer_country"],
        }
        for name in ("transaction_value", "net_cost", "total_cost"):
            if good[name]:
                data[name] = good[name]
        if good["royalties"]:
            data["excluded_costs"] = {"royalties": good["royalties"]}
        if good["automotive_use"]:
            data["automotive_use"] = good["automotive_use"]
        requests[good["part_number"]] = Request.model_validate(
            {"date": good["date"], "good": data, "materials": materials(good["part_number"])}
        )
    return requests


def _decide(chunk: list[tuple[str, str]]) -> list[dict[str, Any]]:
    out = []
    for part, payload in chunk:
        request = Request.model_validate_json(payload)
        out.append(result_row(part, request, determine(request)))
    return out


def _check(seed: int, count: int) -> int:
    goods, bom = generate(count, seed=seed, chapters=None, sizes=Sizes(3, 12, 0.1))
    prepared = prepare(pl.DataFrame(goods), pl.DataFrame(bom), "goods", "bom")
    assert prepared.errors == []
    bulk = {}
    for outcome in run_batches(prepared, date(2026, 1, 15), workers=2, batch_size=250):
        assert outcome.errors == []
        bulk.update((row["part_number"], row) for row in outcome.table.to_dicts())
    hand = _by_hand(goods, bom)
    payloads = [(p, r.model_dump_json()) for p, r in hand.items()]
    with ProcessPoolExecutor(max_workers=2) as pool:
        single = {
            row["part_number"]: row
            for part in pool.map(
                _decide, [payloads[i : i + 500] for i in range(0, len(payloads), 500)]
            )
            for row in part
        }
    assert bulk.keys() == single.keys()
    differing = [p for p in bulk if bulk[p] != single[p]]
    assert differing == [], differing[:5]
    return len(bulk)


def test_the_bulk_path_gives_exactly_the_single_good_answer_on_random_catalogs() -> None:
    checked = 0
    seed = 1
    while checked < GOODS:
        checked += _check(seed, min(CHUNK, GOODS - checked))
        seed += 1
    assert checked >= GOODS


def test_the_random_catalogs_reach_every_kind_of_outcome_and_both_rvc_methods() -> None:
    goods, bom = generate(2_000, seed=99, chapters=None, sizes=Sizes(3, 12, 0.1))
    catalog = assemble(pl.DataFrame(goods), pl.DataFrame(bom), "goods", "bom", date(2026, 1, 15))
    table = rows(catalog.requests, run_local(catalog.requests, workers=2))
    statuses = {row["status"] for row in table}
    assert statuses == {"originating", "non_originating", "undetermined"}
    assert any(row["rvc_tv_threshold"] for row in table)
    assert any(row["rvc_nc_threshold"] for row in table)
    chapters = {row["hs_code"][:2] for row in table}
    assert len(chapters) > 80
