"""The 50 % RVC of a new plant or a refit (SOR/2020-155 s. 20(8)) and the size category
of a light-duty vehicle (s. 12), for the motor vehicles of s. 20(2) and (3).

(a) New plant: for five years after the first motor vehicle prototype is produced in the
plant, if the vehicle is of a class, marque or (except for s. 20(3) vehicles) size
category and underbody not previously produced by the assembler in the CUSMA countries,
in a new building with substantially all new machinery. (b) Refit: for two years after the
first prototype produced following a refit (s. 12: a plant closure for conversion or
retooling of at least three months), if the vehicle differs in class, marque or (except
for s. 20(3) vehicles) size category and underbody from what the plant assembled before.
Figures (50, five and two years, three months) come from the pack
(``other_vehicles.new_plant_and_refit``, ``definitions.size_category``).

"For five years after the date" is read as the day after the prototype's date through the
same calendar day five years later (maquila.dates.add_months), both inclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pydantic import Field

from maquila.dates import add_months
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Missing, Step

IDENT = "other_vehicles.new_plant_and_refit"


class Novelty(Strict):
    """What is new about the vehicle (s. 20(8)(a)(i), (b))."""

    first_prototype: date  # s. 12 'first motor vehicle prototype'
    new_class: bool | None = None  # s. 12 'class of motor vehicles' (a)-(d)
    new_marque: bool | None = None
    new_size_category_and_underbody: bool | None = None  # not for s. 20(3) vehicles
    interior_volume_m3: Decimal | None = Field(default=None, gt=0)  # shown as size category


class NewPlant(Novelty):
    new_building: bool | None = None  # s. 12 'new building'
    substantially_all_new_machinery: bool | None = None


class Refit(Novelty):
    closed_from: date  # first day of the plant closure
    reopened_on: date  # first day it was no longer closed


@dataclass
class Fifty:
    """Whether the 50 % requirement applies (None: not known), and why."""

    percent: Decimal
    applies: bool | None
    steps: list[Step] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


def size_category(volume_m3: Decimal, *, law: AutomotivePack | None = None) -> str:
    """s. 12 'size category': the letter whose bounds hold the interior volume (the
    categories of ``law``, default: the shipped pack)."""
    law = law or pack()
    for category in law.entry("definitions.size_category").categories:
        low, high = category.min_m3, category.max_m3
        above = low is None or volume_m3 > low or (category.min_inclusive and volume_m3 == low)
        below = high is None or volume_m3 < high or (category.max_inclusive and volume_m3 == high)
        if above and below:
            return category.id
    raise ValueError(f"no size category holds {volume_m3} m3")  # the categories cover all


_NOVELTY = "SOR/2020-155 s. 20(8)(a)(i), (b)"
_NEW_BUILDING = Missing(
    "new_plant.new_building",
    "new plant: is the building new (s. 12 'new building')?",
    "SOR/2020-155 s. 12 'new building', s. 20(8)(a)(ii)",
    "the s. 20(8) new plant requirement",
)
_NEW_MACHINERY = Missing(
    "new_plant.substantially_all_new_machinery",
    "new plant: is substantially all its machinery new?",
    "SOR/2020-155 s. 20(8)(a)(iii)",
    "the s. 20(8) new plant requirement",
)


def _all(facts: list[tuple[Missing | None, bool | None]], out: Fifty) -> bool | None:
    """Every condition: False if one is False, None (asked) if one is unknown."""
    if any(value is False for _, value in facts):
        return False
    for question, value in facts:
        if value is None and question is not None:
            out.missing.append(question)
    return None if any(value is None for _, value in facts) else True


def _novel(
    novelty: Novelty, subsection_3: bool, out: Fifty, where: str, law: AutomotivePack
) -> bool | None:
    """(a)(i) / (b): a class or marque, or (not for s. 20(3)) size category and underbody."""
    options = [("new_class", novelty.new_class), ("new_marque", novelty.new_marque)]
    if not subsection_3:
        options.append(("new_size_category_and_underbody", novelty.new_size_category_and_underbody))
    if novelty.interior_volume_m3 is not None:
        out.steps.append(
            Step(
                f"interior volume {novelty.interior_volume_m3} m3: size category "
                f"({size_category(novelty.interior_volume_m3, law=law)}) (s. 12)",
                law.entry("definitions.size_category").citation,
            )
        )
    if any(value for _, value in options):
        return True
    if all(value is False for _, value in options):
        return False
    names = [n for n, _ in options]
    key = f"{where.replace(' ', '_')}.{'|'.join(names)}"
    question = f"{where}: is its {' or '.join(names)} new?"
    out.missing.append(Missing(key, question, _NOVELTY, f"the s. 20(8) {where} requirement"))
    return None


def _window(first: date, years: int, on: date, out: Fifty, paragraph: str) -> bool:
    """Whether ``on`` is within the years after the first prototype (s. 20(8)(a) or (b))."""
    end = add_months(first, 12 * years)
    inside = first < on <= end
    what = {"a": "new plant", "b": "refit"}[paragraph]
    out.steps.append(
        Step(
            f"{what} (s. 20(8)({paragraph})): first prototype {first}; {years} years after it: "
            f"to {end}; {on} is {'inside' if inside else 'outside'}",
            f"SOR/2020-155 s. 20(8)({paragraph})",
        )
    )
    return inside


def fifty(
    on: date,
    subsection_3: bool,
    new_plant: NewPlant | None,
    refit: Refit | None,
    law: AutomotivePack,
) -> Fifty | None:
    """The s. 20(8) requirement for a motor vehicle of s. 20(2) (``subsection_3`` False)
    or s. 20(3), or None when neither a new plant nor a refit is claimed."""
    if new_plant is None and refit is None:
        return None
    figures = law.threshold(IDENT, on)
    assert figures.percent is not None and figures.new_plant_years and figures.refit_years
    assert figures.refit_min_closure_months
    out = Fifty(figures.percent, False)
    readings: list[bool | None] = []
    if new_plant is not None and _window(
        new_plant.first_prototype, figures.new_plant_years, on, out, "a"
    ):
        facts = [
            (_NEW_BUILDING, new_plant.new_building),
            (_NEW_MACHINERY, new_plant.substantially_all_new_machinery),
        ]
        novel = _novel(new_plant, subsection_3, out, "new plant", law)
        readings.append(_all([*facts, (None, novel)], out))
    if refit is not None and _window(refit.first_prototype, figures.refit_years, on, out, "b"):
        months = figures.refit_min_closure_months
        closed = refit.reopened_on >= add_months(refit.closed_from, months)
        after = refit.first_prototype >= refit.reopened_on
        out.steps.append(
            Step(
                f"closure {refit.closed_from} to {refit.reopened_on}: "
                f"{'at least' if closed else 'less than'} {months} months (s. 12 'refit'); "
                f"first prototype {'after' if after else 'before'} it",
                "SOR/2020-155 s. 12 'refit'",
            )
        )
        novel = _novel(refit, subsection_3, out, "refit", law)
        readings.append(_all([(None, closed and after), (None, novel)], out))
    out.applies = True if True in readings else (None if None in readings else False)
    return out
