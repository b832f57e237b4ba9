"""The model of the automotive pack's thresholds: SOR/2020-155, Part 6, ss. 12-20.

Each entry of ``law/usmca/automotive/thresholds.yaml`` carries its citation, its figures
(a value, a dated schedule, or variants by goods, use, country or subject) and the
verbatim quote it was read from. Strict and frozen: an unknown key, a malformed HS range
or overlapping phases not marked as printed so is an error at load time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from maquila.hs.codes import Vintage
from maquila.hs.ranges import parse_range
from maquila.law.automotive_model import INSTRUMENT, PART6_IN_FORCE, Source, VehicleCategory
from maquila.strict import Strict


def _check_hs(hs: tuple[str, ...]) -> tuple[str, ...]:
    for item in hs:
        parse_range(item, Vintage.HS2012)
    return hs


Ranges = Annotated[tuple[str, ...], AfterValidator(_check_hs)]


class Figures(Strict):
    """The figures of a threshold or of one phase of a schedule.

    Percent figures (percentage points for LVC components) are exact decimals. Where
    ``net_cost`` and ``transaction_value`` are both given they are alternative methods;
    ``percent`` is a percentage whose method the print does not name.
    """

    net_cost: Decimal | None = None
    transaction_value: Decimal | None = None
    percent: Decimal | None = None
    percent_min: Decimal | None = None
    # LVC, s. 18(1)-(2), s. 19(4)(d)
    lvc_total: Decimal | None = None
    high_wage_material_and_labour_min: Decimal | None = None
    high_wage_material_and_manufacturing_min: Decimal | None = None
    technology_credit_max: Decimal | None = None
    assembly_credit_max: Decimal | None = None
    max_points: Decimal | None = None
    points: Decimal | None = None
    threshold_points: Decimal | None = None
    rvc_floor: Decimal | None = None
    # wage rates, s. 12
    amount: Decimal | None = None
    currency: Literal["USD", "CAD", "MXN"] | None = None
    # counts and durations
    contract_min_years: int | None = None
    days_before_fiscal_year: int | None = None
    new_plant_years: int | None = None
    refit_years: int | None = None
    refit_min_closure_months: int | None = None
    engines_min: int | None = None
    transmissions_min: int | None = None
    advanced_battery_packs_min: int | None = None
    # dates and rules in words
    first_deadline: date | None = None
    period_start: date | None = None
    fiscal_year_begins_after: date | None = None
    fiscal_year_begins_before: date | None = None
    rule: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Figures:
        if not self.figures():
            raise ValueError("a value needs at least one figure")
        return self

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # show the figures given, not the thirty that are not
        return ((name, value) for name, value in super().__repr_args__() if value is not None)

    def figures(self) -> dict[str, object]:
        """The figures given, by name (dates of a phase excluded)."""
        return {
            name: value
            for name, value in self
            if value is not None and name in Figures.model_fields
        }


class Phase(Figures):
    """One phase of a dated schedule: in force from ``from`` to ``to``, both inclusive."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: date = Field(alias="from")
    to: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"phase ends ({self.to}) before it begins ({self.from_})")
        return self

    def in_force(self, on: date) -> bool:
        return self.from_ <= on and (self.to is None or on <= self.to)


class Period(Strict):
    """A period as printed; ``from: null`` is open (Part 6 in force), ``to: null`` open-ended."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: date | None = Field(default=None, alias="from")
    to: date | None = None
    to_text: str | None = None  # an end that is not a date ("end of the producer's fiscal year")
    as_printed: str | None = None
    otherwise: str | None = None  # "or any other period provided for in ..."

    def covers(self, on: date) -> bool:
        start = self.from_ or PART6_IN_FORCE
        return start <= on and (self.to is None or on <= self.to)


class SizeCategory(Strict):
    """s. 12 'size category': interior passenger and luggage volume, m3 (ft3 as printed)."""

    id: Literal["a", "b", "c", "d", "e"]
    min_m3: Decimal | None = None
    min_inclusive: bool | None = None
    max_m3: Decimal | None = None
    max_inclusive: bool | None = None
    ft3: tuple[int, ...] = Field(min_length=1, max_length=2)


def _check_schedule(schedule: tuple[Phase, ...], overlap_as_printed: bool) -> None:
    far = date.max
    overlap = any(
        a.from_ <= (b.to or far) and b.from_ <= (a.to or far)
        for i, a in enumerate(schedule)
        for b in schedule[i + 1 :]
    )
    if overlap and not overlap_as_printed:
        raise ValueError("the phases of the schedule overlap")
    if overlap_as_printed and not overlap:
        raise ValueError("overlap_as_printed is set but the phases do not overlap")


class Variant(Strict):
    """One of several values of a threshold, by goods, use, country or subject."""

    key: str
    hs: Ranges = ()
    good: str | None = None
    for_use_in: tuple[VehicleCategory, ...] = ()
    tables: tuple[str, ...] = ()
    value: Figures | None = None
    schedule: tuple[Phase, ...] = ()
    periods: tuple[Period, ...] = ()
    transaction_value_condition: str | None = None
    terms: dict[str, str] = {}

    @model_validator(mode="after")
    def _one_kind_of_value(self) -> Variant:
        if self.value is not None and self.schedule:
            raise ValueError("give a value or a schedule, not both")
        _check_schedule(self.schedule, overlap_as_printed=False)
        return self


Group = Literal[
    "rvc_vehicles",
    "rvc_s13_phase_schedules_derived",
    "rvc_parts",
    "steel_aluminum",
    "lvc",
    "averaging",
    "alternative_staging_regime",
    "other_vehicles",
    "definitions",
]


class ThresholdEntry(Strict):
    """A threshold of Part 6 with its citation: a value, a dated schedule or variants.

    A ``value`` is in force from ``effective_from`` (by default Part 6's coming into force)
    and within ``period`` where one is given. ``derived`` marks entries computed by reading
    the s. 13 table rather than quoted from one provision.
    """

    id: str
    group: Group
    derived: bool = False
    description: str
    citation: str
    hs: Ranges = ()
    vehicle_categories: tuple[VehicleCategory, ...] = ()
    tables: tuple[str, ...] = ()
    transaction_value_condition: str | None = None
    value: Figures | None = None
    effective_from: date | None = None
    period: Period | None = None
    schedule: tuple[Phase, ...] = ()
    overlap_as_printed: bool = False  # the printed schedule overlaps (a misprint kept)
    variants: tuple[Variant, ...] = ()
    options: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    categories: tuple[SizeCategory, ...] = ()
    terms: dict[str, str] = {}
    used_in: tuple[str, ...] = ()
    quote: tuple[str, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ThresholdEntry:
        if not self.citation.startswith(INSTRUMENT + " "):
            raise ValueError(f"the citation must name {INSTRUMENT}")
        if self.value is not None and self.schedule:
            raise ValueError("give a value or a schedule, not both")
        _check_schedule(self.schedule, self.overlap_as_printed)
        keys = [variant.key for variant in self.variants]
        if len(set(keys)) != len(keys):
            raise ValueError(f"variant keys must be unique: {keys}")
        return self


class ThresholdsFile(Strict):
    source: Source
    thresholds: tuple[ThresholdEntry, ...]
