"""Averaging periods, averaged RVC and the thresholds in force over a period (SOR/2020-155 s. 16).

A producer that elects to average computes the RVC over a period with the net costs and
the VNM of every vehicle of the chosen category (s. 16(1), (8)). The period is the
producer's fiscal year (s. 16(1)); the first period may be longer (s. 16(4), example in
s. 16(12)): a fiscal year beginning after July 1, 2020 and before July 1, 2021 may be
joined to the months since July 1, 2020; and the optional transitional periods of
s. 16(5) follow the phase-in steps. All dates come from the pack (``averaging.*``).

Which threshold applies to an averaging period is not stated in s. 16: the thresholds of
s. 13 are dated ("beginning on July 1, ..."), a period may hold two of them. So a period is
measured against every threshold in force on one of its days (:func:`dates_in`), and
decided only where they all agree (:func:`decide`). Fiscal years are taken as twelve
months from the first day the producer states (a 52/53-week year is not modelled).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from maquila.auto.lvc import _p
from maquila.dates import add_months
from maquila.law.automotive import AutomotivePack, pack
from maquila.origin.values import percent
from maquila.verdict import Met

Status = Met  # maquila.verdict: met | not_met | undetermined
PeriodKind = Literal["fiscal_year", "first_period", "transitional"]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    citation: str
    reason: str


def first_period(fiscal_year_start: date, *, law: AutomotivePack | None = None) -> Period:
    """The first averaging period for a producer whose fiscal year starts on that day
    (any year: the month and day are what matter; the year is taken as given), on the
    dates of ``law`` (default: the shipped pack)."""
    law = law or pack()
    entry = law.entry("averaging.first_period")
    value = entry.value
    assert value is not None and value.period_start is not None
    assert (
        value.fiscal_year_begins_after is not None and value.fiscal_year_begins_before is not None
    )
    fiscal_end = add_months(fiscal_year_start, 12) - timedelta(days=1)
    if value.fiscal_year_begins_after < fiscal_year_start < value.fiscal_year_begins_before:
        return Period(
            value.period_start,
            fiscal_end,
            entry.citation,
            f"fiscal year begins {fiscal_year_start}, after {value.fiscal_year_begins_after} and "
            f"before {value.fiscal_year_begins_before}: from {value.period_start} to the end of "
            "that fiscal year",
        )
    return Period(
        fiscal_year_start, fiscal_end, "SOR/2020-155 s. 16(1)", "the producer's fiscal year"
    )


def fiscal_year_of(anchor: date, day: date) -> Period:
    """The producer's fiscal year that holds ``day``: twelve months from ``anchor``'s day
    and month, ``anchor`` being the first day of any of its fiscal years."""
    years = day.year - anchor.year + 1
    while add_months(anchor, 12 * years) > day:
        years -= 1
    start = add_months(anchor, 12 * years)
    end = add_months(anchor, 12 * (years + 1)) - timedelta(days=1)
    return Period(start, end, "SOR/2020-155 s. 16(1)", f"the producer's fiscal year {start}")


def transitional_periods(
    *,
    fiscal_year_start: date,
    category: str | None = None,
    table: str | None = None,
    law: AutomotivePack | None = None,
) -> list[Period]:
    """s. 16(5): the optional periods for a vehicle category or the goods of a table; the
    variant is the one whose tables serve that category (A.1, A.2, B, C for passenger
    vehicles and light trucks, D and E for heavy trucks). An open end is the end of the
    producer's fiscal year that holds the period's first day. Dates and tables are those
    of ``law`` (default: the shipped pack)."""
    law = law or pack()
    entry = law.entry("averaging.optional_transitional_periods")
    for variant in entry.variants:
        served = {c for t in variant.tables for c in law.table(t).vehicle_categories}
        if table in variant.tables or category in served:
            return [
                Period(
                    p.from_ if p.from_ is not None else date.min,
                    p.to or fiscal_year_of(fiscal_year_start, p.from_ or date.min).end,
                    f"{entry.citation}, {variant.key}",
                    f"optional transitional period {p.from_} to {p.to or p.to_text}",
                )
                for p in variant.periods
            ]
    return []


def election_period(
    *,
    kind: PeriodKind,
    fiscal_year_start: date,
    transitional_start: date | None,
    category: str,
    law: AutomotivePack,
) -> tuple[Period, str | None]:
    """The period an election names, and why it is not available (None if it is). Where it
    is not, the fiscal year is returned so the vehicles can still be listed."""
    fiscal = fiscal_year_of(fiscal_year_start, fiscal_year_start)
    if kind == "fiscal_year":
        return fiscal, None
    if kind == "first_period":
        period = first_period(fiscal_year_start, law=law)
        if period.start == fiscal_year_start:
            entry = law.entry("averaging.first_period")
            assert entry.value is not None
            return fiscal, (
                f"the first period of {entry.citation} is only for a fiscal year beginning "
                f"after {entry.value.fiscal_year_begins_after} and before "
                f"{entry.value.fiscal_year_begins_before}; this one begins {fiscal_year_start}"
            )
        return period, None
    options = transitional_periods(fiscal_year_start=fiscal_year_start, category=category, law=law)
    for option in options:
        if option.start == transitional_start:
            return option, None
    starts = ", ".join(str(o.start) for o in options) or "none"
    return fiscal, (
        f"no optional transitional period for a {category.replace('_', ' ')} begins on "
        f"{transitional_start} (SOR/2020-155 s. 16(5): they begin on {starts})"
    )


def dates_in(ids: Iterable[str], start: date, end: date, law: AutomotivePack) -> list[date]:
    """The first day of the period and each day inside it on which a phase of one of the
    thresholds ``ids`` begins: one day per figure that can apply to the period."""
    days = {start}
    for ident in ids:
        entry = law.entry(ident)
        schedules = [entry.schedule, *(v.schedule for v in entry.variants)]
        days |= {p.from_ for s in schedules for p in s if start < p.from_ <= end}
    return sorted(days)


def decide(value: Decimal, required: dict[str, Decimal], what: str) -> tuple[Status, str]:
    """``value`` (rounded to hundredths, half up) against each figure that may apply, by
    label ("in force on <day> (<citation>)"): decided only where all give the same answer."""
    shown_value = _p(value)
    figures = sorted(set(required.values()))
    if len(figures) == 1:
        met = shown_value >= figures[0]
        labels = ", ".join(sorted(required))
        return (
            Met.MET if met else Met.NOT_MET
        ), f"{what} {shown_value} against {figures[0]} {labels}"
    spans = "; ".join(f"{figure} {label}" for label, figure in sorted(required.items()))
    if shown_value >= figures[-1]:
        return Met.MET, f"{what} {shown_value}: at least every threshold in force ({spans})"
    if shown_value < figures[0]:
        return Met.NOT_MET, f"{what} {shown_value}: below every threshold in force ({spans})"
    return Met.UNDETERMINED, (
        f"{what} {shown_value}: the period holds more than one threshold ({spans}); s. 16 does "
        "not state which date picks the threshold of an averaging period, and the answer "
        "differs (the optional transitional periods of s. 16(5) end where a phase ends)"
    )


@dataclass(frozen=True)
class Produced:
    """One vehicle (or a line of identical ones) of the averaged category."""

    units: int
    net_cost: Decimal  # per unit
    vnm: Decimal  # per unit


def averaged_rvc(vehicles: Iterable[Produced]) -> Decimal:
    """s. 16(8): the net costs incurred and the VNM used for all the vehicles of the
    category over the period, in one net cost RVC (USMCA Art. 4.5)."""
    items = list(vehicles)
    total_nc = sum((v.net_cost * v.units for v in items), Decimal(0))
    total_vnm = sum((v.vnm * v.units for v in items), Decimal(0))
    return percent(total_nc, total_vnm)
