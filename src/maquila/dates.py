"""Calendar arithmetic the law's terms use (no legal content here)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later (or earlier), or the month's last day when it has none
    (18 months from 2025-08-31 is 2027-02-28)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
