"""Business days and month terms under CFF art. 12 (ledger/data/calendar.yaml).

Pure: a :class:`Calendar` is built from the shipped rules and the dated days the user
loads (vacaciones generales, days the authorities declare), and answers two questions:
whether a day is a business day, and where a term of N months from a day ends.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from maquila.dates import add_months


@dataclass(frozen=True)
class Calendar:
    weekly: frozenset[int]
    fixed: frozenset[tuple[int, int]]
    nth_weekday: tuple[tuple[int, int, int], ...]  # (month, weekday, n)
    dated: frozenset[date]
    source: str

    def business(self, day: date) -> bool:
        if day.weekday() in self.weekly or (day.month, day.day) in self.fixed:
            return False
        if day in self.dated:
            return False
        for month, weekday, n in self.nth_weekday:
            if day.month == month and day.weekday() == weekday and (day.day - 1) // 7 == n - 1:
                return False
        return True

    def next_business(self, day: date) -> date:
        """The day itself if it is a business day, else the next one."""
        while not self.business(day):
            day += timedelta(days=1)
        return day

    def with_days(self, days: Iterable[date]) -> Calendar:
        return Calendar(
            self.weekly, self.fixed, self.nth_weekday, self.dated | frozenset(days), self.source
        )

    def month_term(self, start: date, months_: int) -> date:
        """CFF art. 12: the same day of the month N months later; when that month has no
        such day, the first business day of the following month; a last day that is not a
        business day moves to the next business day."""
        target_month_index = start.month - 1 + months_
        year, month = start.year + target_month_index // 12, target_month_index % 12 + 1
        if start.day > months.monthrange(year, month)[1]:
            following = add_months(date(year, month, 1), 1)
            return self.next_business(following)
        return self.next_business(add_months(start, months_))


@cache
def shipped() -> Calendar:
    text = resources.files("maquila.ledger").joinpath("data/calendar.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return Calendar(
        frozenset(int(d) for d in raw["weekly"]),
        frozenset((int(md[:2]), int(md[3:])) for md in raw["fixed"]),
        tuple((int(e["month"]), int(e["weekday"]), int(e["n"])) for e in raw["nth_weekday"]),
        frozenset(e["date"] for e in raw["dated"]),
        str(raw["source"]),
    )
