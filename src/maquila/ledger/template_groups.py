"""Templates whose rows group into one record: a BOM version from its lines, a pedimento
from its partidas (with the start of its term: LA art. 108, RLA art. 173)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from maquila.ledger.records import BomLineRecord, BomRecord, LineRecord, PedimentoRecord
from maquila.ledger.rows import (
    Reader,
)


def boms(reader: Reader, parsed: list[tuple[int, dict[str, Any]]]) -> list[BomRecord]:
    boms: dict[tuple[str, str], BomRecord] = {}
    for line, v in parsed:
        key = (v["product"], v["version"])
        bom = boms.get(key)
        if bom is None:
            bom = boms[key] = BomRecord(
                line, v["product"], v["version"], v["valid_from"], v["valid_to"]
            )
        elif (bom.valid_from, bom.valid_to) != (v["valid_from"], v["valid_to"]):
            reader.add(
                line,
                "valid_from",
                v["valid_from"],
                f"the dates of line {bom.line} (one version, one period)",
            )
        if bom.valid_to is not None and bom.valid_to < bom.valid_from:
            reader.add(line, "valid_to", bom.valid_to, "a date on or after valid_from")
        bom.lines.append(
            BomLineRecord(
                line,
                v["component"],
                v["quantity"],
                v["merma_pct"] or Decimal(0),
                v["desperdicio_pct"] or Decimal(0),
            )
        )
    _no_overlapping_versions(reader, list(boms.values()))
    return list(boms.values())


def _no_overlapping_versions(reader: Reader, boms: list[BomRecord]) -> None:
    by_product: dict[str, list[BomRecord]] = {}
    for bom in boms:
        by_product.setdefault(bom.product, []).append(bom)
    for versions in by_product.values():
        ordered = sorted(versions, key=lambda b: b.valid_from)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                reader.add(
                    after.line,
                    "valid_from",
                    after.valid_from,
                    f"a date after version {before.version} ends "
                    "(versions of one product must not overlap)",
                )


def _start(reader: Reader, line: int, v: dict[str, Any]) -> Any:
    """Where the art. 108 term starts: the payment (the despacho), or the day the
    template states; for a consolidated pedimento (LA arts. 37 and 37-A) the day it was
    closed before the electronic customs system (RLA art. 173, second paragraph). A
    stated start other than that closing day contradicts it and is refused."""
    closed, stated = v.get("consolidated_closed_on"), v["term_start"]
    if closed is None:
        return stated or v["paid_on"]
    if stated is not None and stated != closed:
        reader.add(
            line, "term_start", stated,
            f"{closed}, the closing day of the consolidated pedimento (RLA art. 173)",
        )  # fmt: skip
    return closed


def pedimentos(reader: Reader, parsed: list[tuple[int, dict[str, Any]]]) -> list[PedimentoRecord]:
    heads = (
        "clave",
        "operation",
        "paid_on",
        "term_start",
        "exchange_rate",
        "destination",
        "rectifies",
        "importer_rfc",
    )
    found: dict[str, PedimentoRecord] = {}
    for line, v in parsed:
        v["term_start"] = _start(reader, line, v)
        record = found.get(v["pedimento"])
        if record is None:
            record = found[v["pedimento"]] = PedimentoRecord(
                line,
                v["pedimento"],
                v["clave"],
                v["operation"],
                v["paid_on"],
                v["term_start"],
                v["exchange_rate"],
                v["destination"],
                rectifies=v["rectifies"],
                rfc=v["importer_rfc"],
            )
        else:
            first = record.line
            for name in heads:
                mine = v[name]
                theirs = getattr(record, "rfc" if name == "importer_rfc" else name)
                if mine != theirs:
                    reader.add(line, name, mine, f"{theirs} as on line {first} (same pedimento)")
        record.lines.append(
            LineRecord(
                line,
                v["secuencia"],
                v["part_number"],
                v["fraccion"],
                v["nico"],
                v["description"],
                v["qty_umc"],
                str(v["umc"]),
                v["qty_umt"],
                None if v["umt"] is None else str(v["umt"]),
                v["customs_value_mxn"],
                v["value_usd"],
                v["origin_country"],
                v["usmca_certificate"],
                v["lot_reference"],
            )
        )
    records = list(found.values())
    _one_row_per_line(reader, records)
    return records


def _one_row_per_line(reader: Reader, records: list[PedimentoRecord]) -> None:
    seen: dict[tuple[str, int, str], int] = {}
    for record in records:
        for line in record.lines:
            key = (record.number, line.secuencia, line.part_number)
            if key in seen:
                reader.add(
                    line.line, "secuencia", line.secuencia,
                    f"one row per line and part (see line {seen[key]})",
                )  # fmt: skip
            seen[key] = line.line
