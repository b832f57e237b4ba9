"""Derived threshold cases for the automotive calculators, generated from the pack.

For each threshold a calculator reads and each dated step of its schedule in the pack
(``maquila.law.automotive.pack()``): the first and the last day of the step (an
open-ended step: its first day and a day ten years on), a figure exactly at the
threshold, 0.01 point below and 0.01 point above. No percentage is typed here: a new
step in the pack is a new set of cases. The figures printed in Part 6 come from
part6_printed.py, apart. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from maquila.law.automotive import pack
from maquila.law.automotive_model import PART6_IN_FORCE
from maquila.law.automotive_thresholds import Figures

OFFSETS = {"below": Decimal("-0.01"), "at": Decimal(0), "above": Decimal("0.01")}
# House rule (docs/automotive.md): percentage points are rounded to hundredths, half up,
# before they are compared; half a hundredth short rounds up to the threshold
ROUNDING = {"rounds_up_to": Decimal("-0.005"), "rounds_down_below": Decimal("-0.00501")}
CENT = Decimal("0.01")
OPEN_YEARS = 10  # an open-ended step is also tried this many years after it begins


@dataclass(frozen=True)
class Step:
    """One dated step of a threshold: its figures and the days a case is tried on."""

    first: date
    last: date | None  # None: open-ended
    figures: Figures

    @property
    def days(self) -> tuple[date, ...]:
        end = self.last or self.first.replace(year=self.first.year + OPEN_YEARS) - timedelta(1)
        return (self.first, end)


def steps(threshold_id: str) -> list[Step]:
    """The steps of a threshold as the pack holds them: its schedule, or its one value
    from the day it takes effect."""
    entry = pack().entry(threshold_id)
    if entry.schedule:
        return [Step(p.from_, p.to, p) for p in entry.schedule]
    assert entry.value is not None, f"{threshold_id}: neither a schedule nor a value"
    return [Step(entry.effective_from or PART6_IN_FORCE, None, entry.value)]


@dataclass(frozen=True)
class Case:
    """A derived case: a figure ``offset`` from ``threshold`` on ``on``."""

    ident: str  # readable pytest id
    threshold_id: str  # the pack entry whose figure decides
    reads: tuple[str, ...]  # every pack entry the case exercises
    on: date
    threshold: Decimal
    offset: Decimal
    method: str  # net_cost | transaction_value | a figure name of the entry
    option: str = ""  # the calculator's option or variant exercised

    @property
    def value(self) -> Decimal:
        return self.threshold + self.offset

    @property
    def shown(self) -> Decimal:
        """The value as compared: to hundredths, half up."""
        return self.value.quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool:
        return self.shown >= self.threshold


def cases(
    threshold_id: str,
    methods: tuple[str, ...],
    options: tuple[str, ...] = ("",),
    reads: tuple[str, ...] = (),
    days: tuple[date, ...] | None = None,
    name_method: bool = True,
) -> list[Case]:
    """Every step x day x method x option x offset of a threshold; ``days`` replaces the
    steps' own days for a threshold without a schedule whose calculator changes on other
    dates (steel, s. 17(5)); ``name_method`` False leaves a rule's only method out of the
    ids."""
    out = []
    for step in steps(threshold_id):
        for on in days or step.days:
            for method in methods:
                figure = getattr(step.figures, method)
                assert isinstance(figure, Decimal), f"{threshold_id} {on}: no {method}"
                for option in options:
                    for label, offset in OFFSETS.items():
                        shown = method if name_method else ""
                        name = "-".join(x for x in (threshold_id, shown, option) if x)
                        out.append(
                            Case(
                                f"{name}-{on}-{label}",
                                threshold_id,
                                (threshold_id, *reads),
                                on,
                                figure,
                                offset,
                                method,
                                option,
                            )
                        )
    return out


def case_id(case: Case) -> str:
    return case.ident


def rounding_probes(source: list[Case]) -> list[Case]:
    """For each case at the threshold on the first day of a step, the value half a
    hundredth short (rounds up to the threshold: met) and just more than that (rounds
    down to 0.01 below: not met)."""
    out = []
    for case in source:
        firsts = {step.first for step in steps(case.threshold_id)}
        if case.offset != 0 or case.on not in firsts:
            continue
        for label, offset in ROUNDING.items():
            ident = case.ident.removesuffix("-at") + f"-{label}"
            out.append(replace(case, ident=ident, offset=offset))
    return out


# --- the cases of each calculator ------------------------------------------------------

VEHICLE_IDS = (
    "rvc.vehicle.passenger_vehicle",
    "rvc.vehicle.light_truck",
    "rvc.vehicle.heavy_truck",
)
CORE_ID = "rvc.parts.core.table_A1_A2"
PART_IDS = (
    CORE_ID,
    "rvc.parts.principal.table_B",
    "rvc.parts.complementary.table_C",
    "rvc.parts.heavy_truck_principal.table_D",
    "rvc.parts.heavy_truck_complementary.table_E",
)
BOTH_METHODS = ("net_cost", "transaction_value")
STEEL_ID = "steel_aluminum.purchase_share"
STEEL_PHASE_ID = "steel_aluminum.steel_origin_phase"
LVC_IDS = {"passenger_vehicle": "lvc.passenger_vehicle", "light_truck": "lvc.light_and_heavy_truck"}
LVC_IDS["heavy_truck"] = LVC_IDS["light_truck"]
# s. 18(12) passenger vehicles and light trucks, s. 18(13) heavy trucks: the plant of s. 12
ASSEMBLY_ID = "lvc.assembly_credit"
ASSEMBLY_VARIANTS = {
    "passenger_vehicle": "passenger_vehicle_or_light_truck",
    "light_truck": "passenger_vehicle_or_light_truck",
    "heavy_truck": "heavy_truck",
}
CAPACITIES = ("engines_min", "transmissions_min", "advanced_battery_packs_min")

VEHICLE_CASES = [c for i in VEHICLE_IDS for c in cases(i, ("net_cost",), name_method=False)]
# s. 14(7)(a)/(b): VNM of all materials or of column-2 components; s. 14(10): super-core,
# which names net cost only
CORE_CASES = cases(CORE_ID, BOTH_METHODS, ("all", "listed")) + cases(
    CORE_ID, ("net_cost",), ("super_core_all", "super_core_listed")
)
PART_CASES = [c for i in PART_IDS for c in cases(i, BOTH_METHODS, ("part",))]
# s. 17(5): steel counts differently from July 1, 2027; every step of that schedule is tried
STEEL_CASES = cases(
    STEEL_ID,
    ("percent_min",),
    ("steel", "aluminum", "steel+aluminum"),
    (STEEL_PHASE_ID,),
    tuple(day for step in steps(STEEL_PHASE_ID) for day in step.days),
)


def lvc_cases(figure: str, reads: tuple[str, ...] = ()) -> list[Case]:
    """One LVC figure of s. 18(1)-(2) for each vehicle category, every step."""
    return [
        c
        for category, ident in LVC_IDS.items()
        for c in cases(ident, (figure,), (category,), reads)
    ]


LVC_TOTAL_CASES = lvc_cases("lvc_total")
LVC_HIGH_WAGE_CASES = lvc_cases("high_wage_material_and_labour_min")
LVC_TECHNOLOGY_CASES = lvc_cases("technology_credit_max", ("lvc.technology_credit",))


def assembly_cases() -> list[Case]:
    """s. 18(12)-(14) and s. 12: each capacity minimum of each plant variant at the minimum
    and one unit below; the contract years at the minimum and 0.01 year below."""
    entry = pack().entry(ASSEMBLY_ID)
    assert entry.value is not None and entry.value.contract_min_years is not None
    out = []
    for category, key in ASSEMBLY_VARIANTS.items():
        figures = next(v.value for v in entry.variants if v.key == key)
        assert figures is not None
        reads = (ASSEMBLY_ID, LVC_IDS[category])
        items = [(kind, getattr(figures, kind), Decimal(-1)) for kind in CAPACITIES]
        items.append(("contract_min_years", entry.value.contract_min_years, Decimal("-0.01")))
        for kind, minimum, below in items:
            for label, offset in (("at", Decimal(0)), ("below", below)):
                ident = f"{ASSEMBLY_ID}-{key}-{category}-{kind}-{label}"
                on = PART6_IN_FORCE
                out.append(
                    Case(ident, ASSEMBLY_ID, reads, on, Decimal(minimum), offset, kind, category)
                )
    return out


ASSEMBLY_CASES = assembly_cases()
ALL_CASES = (
    VEHICLE_CASES
    + CORE_CASES
    + PART_CASES
    + STEEL_CASES
    + LVC_TOTAL_CASES
    + LVC_HIGH_WAGE_CASES
    + LVC_TECHNOLOGY_CASES
    + ASSEMBLY_CASES
)
