"""Averaging periods and averaged RVC (SOR/2020-155 s. 16).

A producer that elects to average computes the RVC over a period with the net costs and
the VNM of every vehicle of the chosen category (s. 16(1), (8)). The first period is
special (s. 16(4), example in s. 16(12)): a fiscal year beginning after July 1, 2020 and
before July 1, 2021 may be joined to the months since July 1, 2020. The dates come from
the pack (``averaging.first_period``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from maquila.dates import add_months
from maquila.law.automotive import pack
from maquila.origin.values import percent


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    citation: str
    reason: str


def first_period(fiscal_year_start: date) -> Period:
    """The first averaging period for a producer whose fiscal year starts on that day
    (any year: the month and day are what matter; the year is taken as given)."""
    entry = pack().entry("averaging.first_period")
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


@dataclass(frozen=True)
class Produced:
    """One vehicle (or a line of identical ones) of the averaged category."""

    units: int
    net_cost: Decimal  # per unit
    vnm: Decimal  # per unit


def averaged_rvc(vehicles: Iterable[Produced]) -> Decimal:
    """s. 16(8): the net costs incurred and the VNM used for all the vehicles of the
    category over the period, in one net cost RVC (USMCA Art. 4.5)."""
    total_nc = sum((v.net_cost * v.units for v in vehicles), Decimal(0))
    total_vnm = sum((v.vnm * v.units for v in vehicles), Decimal(0))
    return percent(total_nc, total_vnm)
