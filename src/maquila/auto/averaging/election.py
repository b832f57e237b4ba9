"""The election to average (SOR/2020-155 s. 16(1)-(3), (6)-(7) for the RVC; s. 18(15)-(17)
for the LVC): its category, its basis (all vehicles or exported ones only), what it states,
its filings and later changes, and which lines of vehicles (or parts) fall in its category.

The two elections share the categories (s. 16(1)(a)-(d) = s. 18(15)(a)-(d)); they are
checked by :mod:`maquila.auto.averaging.check`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from maquila.auto.averaging.periods import PeriodKind
from maquila.strict import Strict

Country = Literal["CA", "MX", "US"]
Paragraph = Literal["a", "b", "c", "d"]
VehicleCategory = Literal["passenger_vehicle", "light_truck", "heavy_truck"]


class Category(Strict):
    """A category of s. 16(1)(a)-(d) / s. 18(15)(a)-(d), with what identifies its vehicles."""

    category: Paragraph
    same: Literal["model_line", "class"] | None = None  # (c): same model line or same class
    model_lines: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()  # classes of motor vehicles (s. 12 definition)
    plants: tuple[str, ...] = ()
    country: Country | None = None  # (c): the CUSMA country the vehicles are produced in

    @model_validator(mode="after")
    def _the_same(self) -> Category:
        if (self.category == "c") != (self.same is not None):
            raise ValueError("same (model_line or class) is stated for category c, and only for it")
        one = {"a": ("model_lines", "classes", "plants"), "b": ("classes", "plants")}.get(
            self.category, ("model_lines",) if self.same == "model_line" else ("classes",)
        )
        for name in one if self.category != "d" else ():
            if len(getattr(self, name)) > 1:
                raise ValueError(f"category {self.category} is one of the same: one of {name}")
        return self


class LineKeys(Strict):
    """A line of identical vehicles (or parts) with what places it in a category."""

    id: str
    model_line: str | None = None
    vehicle_class: str | None = None
    plant: str
    country: Country | None = None
    produced_from: date
    produced_to: date
    units: int = Field(ge=0)
    exported_units: int | None = Field(default=None, ge=0)  # to another CUSMA country
    exported_to: tuple[Country, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> LineKeys:
        if self.produced_to < self.produced_from:
            raise ValueError("produced_to is before produced_from")
        if self.exported_units is not None and self.exported_units > self.units:
            raise ValueError("exported_units is more than units")
        if self.exported_units and not self.exported_to:
            raise ValueError("exported units need exported_to (the countries they go to)")
        if self.country is not None and self.country in self.exported_to:
            raise ValueError(f"exported_to names {self.country}, the country of production")
        return self


def outside(category: Category, line: LineKeys) -> str | None:
    """Why the line is not in the category (None if it is); s. 16(1) / s. 18(15)."""
    c, para = category, category.category
    checks: list[tuple[str, str | None, tuple[str | None, ...]]] = []
    if para in ("a", "d") or c.same == "model_line":
        checks.append(("model line", line.model_line, c.model_lines))
    if para in ("a", "b", "d") or c.same == "class":
        checks.append(("class", line.vehicle_class, c.classes))
    if para in ("a", "b", "d"):
        checks.append(("plant", line.plant, c.plants))
    if para == "c":
        checks.append(("country of production", line.country, (c.country,)))
    for name, value, allowed in checks:
        if value not in allowed:
            return f"{name} {value!r} is not the category's ({', '.join(map(str, allowed))})"
    return None


class Filing(Strict):
    country: Country  # whose customs administration
    filed: date | None = None
    shorter_period_accepted: bool = False  # "or such shorter period as ... may accept"


class Amendment(Strict):
    filed: date
    kind: Literal["modification", "rescission"]
    changes: tuple[Literal["category", "basis", "period"], ...] = ()


class Election(Category):
    producer: str
    address: str | None = None
    basis: Literal["all", "exported"]
    model_names: tuple[str, ...] = ()
    tariff_classifications: tuple[str, ...] = ()
    exported_to: tuple[Country, ...] = ()  # (d): the countries the vehicles are exported to
    decision: str | None = None  # (d): the CUSMA countries' decision that sets the category
    separately_for: VehicleCategory | None = None  # s. 16(2), category c
    fiscal_year_start: date
    period: PeriodKind = "fiscal_year"
    transitional_start: date | None = None
    period_start: date | None = None  # s. 18(16)(d)
    period_end: date | None = None
    estimated_lvc: Decimal | None = None  # s. 18(16)(e)
    signed_by: str | None = None  # s. 18(16)(f)
    signed_on: date | None = None
    filings: tuple[Filing, ...] = ()
    amendments: tuple[Amendment, ...] = ()

    @model_validator(mode="after")
    def _options(self) -> Election:
        if self.separately_for is not None and self.category != "c":
            raise ValueError("separately_for (s. 16(2)) is for category c only")
        if (self.period == "transitional") != (self.transitional_start is not None):
            raise ValueError("transitional_start is stated for a transitional period only")
        countries = [f.country for f in self.filings]
        if len(set(countries)) != len(countries):
            raise ValueError("one filing per customs administration (country)")
        return self
