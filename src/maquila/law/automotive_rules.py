"""Which threshold of Part 6 replaces a product-specific rule's RVC, by the good's use.

The underscoring rules of HTSUS GN 11 (e.g. chapter 87 ``heading-rule-14-16``: "If the
good is for use in a passenger vehicle or light truck, Articles 3.2 and 3.3 of the
automotive appendix apply") send goods for use in a motor vehicle to the automotive
appendix, implemented by Part 6 of SOR/2020-155. The print gives the final figures; the
appendix gives them by date. This module picks, for an HS 2012 code, a use and a day:

- a vehicle of the category (s. 13, pack ``rvc.vehicle.<category>``);
- a chassis of 87.06 or a body of 87.07 (s. 13 table rows 87.06, 87.07, by use);
- a part listed in Table A.1, B, C (passenger vehicles and light trucks; s. 14(2), (13),
  (14)-(17)) or D, E (heavy trucks; s. 15(2)-(4)).

Pure: reads only the pack. Used by the single-good engine (maquila.origin) and by
``maquila auto part`` (maquila.auto.parts), so both apply the same law.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Literal, get_args

from maquila.hs.codes import TariffCode
from maquila.law.automotive import AutomotivePack, Holding, pack
from maquila.law.automotive_model import entry_range

Use = Literal[
    "passenger_vehicle",
    "light_truck",
    "heavy_truck",
    "other_vehicle",
    "aftermarket",
    "not_automotive",
]
USES: tuple[Use, ...] = get_args(Use)
APPENDIX_USES: tuple[Use, ...] = ("passenger_vehicle", "light_truck", "heavy_truck")

# (table, uses, threshold id, RVC only): SOR/2020-155 ss. 14(2), (13)-(17); 15(2)-(3).
# RVC only: s. 14(2) for Table A.1; s. 15(2) "Despite the Product Specific Rules of Origin
# in Schedule 1, the following RVC thresholds apply to parts listed in Table D that are for
# use in a heavy truck", read by CBP HQ H313365 (Sept. 30, 2021: heavy-truck starters of
# 8511.40 for use as original equipment do not qualify on the tariff shift alone), and
# s. 15(3), worded the same, for Table E. Tables B and C are not: s. 14(14), (16) make the
# part originating "if it satisfies the applicable change in tariff classification
# requirement or the applicable RVC requirement".
PART_TABLES: tuple[tuple[str, tuple[str, ...], str, bool], ...] = (
    ("A.1", ("passenger_vehicle", "light_truck"), "rvc.parts.core.table_A1_A2", True),
    ("B", ("passenger_vehicle", "light_truck"), "rvc.parts.principal.table_B", False),
    ("C", ("passenger_vehicle", "light_truck"), "rvc.parts.complementary.table_C", False),
    ("D", ("heavy_truck",), "rvc.parts.heavy_truck_principal.table_D", True),
    ("E", ("heavy_truck",), "rvc.parts.heavy_truck_complementary.table_E", True),
)
# s. 15(4): engines of headings 84.07 and 84.08, gear boxes of 8708.40, chassis of 8708.99
RVC_ONLY_HEAVY = ("8407", "8408", "870840", "870899")
CHASSIS_BODIES = "rvc.chassis_bodies.87.06_87.07"


@dataclass(frozen=True)
class AppendixRvc:
    """The RVC figures of Part 6 for the good on the day, and what they need."""

    threshold_id: str
    citation: str
    source: str  # "vehicle", "87.06/87.07" or "Table B row 12: 8708.40 Gear boxes ..."
    net_cost: Decimal | None
    transaction_value: Decimal | None
    rvc_only: bool  # s. 14(2), s. 15(4): a tariff shift alone does not confer origin
    tv_if_rule_has_it: bool  # s. 15(2)-(3): TV only "if the corresponding rule includes" it
    holding: Holding | None = None

    @property
    def needs_description(self) -> bool:
        return self.holding is not None and self.holding.needs_description


class Part6Rules:
    """Part 6's figures for the origin engine, read from one automotive pack: a value, so a
    pack built from other texts (maquila.law.automotive.load_texts) gives other rules, and
    the engine takes it from the USMCA pack it is given (``Pack.part6``). Answers are
    remembered per instance."""

    def __init__(self, part6: AutomotivePack) -> None:
        self.pack = part6
        self._vehicles: dict[tuple[TariffCode, str], bool] = {}
        self._appendix: dict[tuple[TariffCode, str, date], AppendixRvc | None] = {}
        self._headings: frozenset[str] | None = None

    def is_vehicle(self, code: TariffCode, category: str) -> bool:
        """The code is a vehicle of the category under the s. 13 table (pack ``hs``)."""
        key = (code, category)
        if key not in self._vehicles:
            entry = self.pack.entry(f"rvc.vehicle.{category}")
            self._vehicles[key] = any(
                entry_range(text)[0].contains(code) is True for text in entry.hs
            )
        return self._vehicles[key]

    def headings(self) -> frozenset[str]:
        """The headings Part 6 may reach: those of the vehicles, 87.06/87.07 and every entry
        of Tables A.1-E (a fast first look; the tables decide)."""
        if self._headings is None:
            tables = frozenset(table for table, _, _, _ in PART_TABLES)
            ranges = list(self.pack.ranges_of(tables))
            for category in APPENDIX_USES:
                entry = self.pack.entry(f"rvc.vehicle.{category}")
                ranges += [entry_range(text)[0] for text in entry.hs]
            found = {"8706", "8707"}
            for rng in ranges:
                low, high = int(rng.low.digits[:4]), int(rng.high.digits[:4])
                found |= {f"{h:04d}" for h in range(low, high + 1)}
            self._headings = frozenset(found)
        return self._headings

    def table_holding(self, code: TariffCode, table: str) -> Holding | None:
        """The row of ``table`` that holds (or may hold) the HS 2012 code."""
        for holding in self.pack.tables_holding(code):
            if holding.table == table and holding.inside is not False:
                return holding
        return None

    def appendix_rvc(self, code: TariffCode, use: str, on: date) -> AppendixRvc | None:
        """Part 6's RVC for an HS 2012 ``code`` for ``use`` on ``on``; None when Part 6 sets
        none (other vehicles, aftermarket, a code no provision lists for the use)."""
        key = (code, use, on)
        if key not in self._appendix:
            if len(self._appendix) > 65_536:
                self._appendix.clear()
            self._appendix[key] = self._appendix_rvc(code, use, on)
        return self._appendix[key]

    def _appendix_rvc(self, code: TariffCode, use: str, on: date) -> AppendixRvc | None:
        if use not in APPENDIX_USES:
            return None  # s. 14(18): aftermarket; s. 20 other vehicles: their own rules
        if len(code.digits) >= 4 and code.digits[:4] not in self.headings():
            return None
        if self.is_vehicle(code, use):
            ident = f"rvc.vehicle.{use}"
            figures = self.pack.threshold(ident, on)
            return AppendixRvc(
                ident,
                self.pack.entry(ident).citation,
                "vehicle",
                figures.net_cost,
                None,
                False,
                False,
            )
        if code.digits[:4] in ("8706", "8707"):
            variant = "heavy_truck" if use == "heavy_truck" else "passenger_vehicle+light_truck"
            figures = self.pack.threshold(CHASSIS_BODIES, on, variant)
            citation = self.pack.entry(CHASSIS_BODIES).citation
            return AppendixRvc(
                CHASSIS_BODIES, citation, "87.06/87.07", figures.net_cost, None, False, False
            )
        for table, uses, ident, rvc_only in PART_TABLES:
            if use not in uses:
                continue
            holding = self.table_holding(code, table)
            if holding is None:
                continue
            figures = self.pack.threshold(ident, on)
            heavy_only = table == "D" and code.digits.startswith(RVC_ONLY_HEAVY)
            citation = self.pack.entry(ident).citation + ("; s. 15(4)" if heavy_only else "")
            if table == "D":
                citation += "; CBP HQ H313365"
            return AppendixRvc(
                ident,
                citation,
                f"Table {table} row {holding.row}: {holding.printed} {holding.description}",
                figures.net_cost,
                figures.transaction_value,
                rvc_only or heavy_only,
                table in ("D", "E"),
                holding,
            )
        return None


@cache
def shipped() -> Part6Rules:
    """The rules of the automotive pack shipped with maquila (one per process)."""
    return Part6Rules(pack())


def is_vehicle(code: TariffCode, category: str) -> bool:
    return shipped().is_vehicle(code, category)


def table_holding(code: TariffCode, table: str) -> Holding | None:
    return shipped().table_holding(code, table)


def appendix_rvc(code: TariffCode, use: str, on: date) -> AppendixRvc | None:
    return shipped().appendix_rvc(code, use, on)
