"""Terms of stay of temporary imports (LA art. 108), read from ledger/data/terms.yaml.

A lot's due date is derived, never stored as truth: the term of its category counted
from the lot's start (RLA art. 173), the programme's end for machinery and equipment
(fr. III), or a granted extension (pedimento identifier PZ) with its evidence. A month
term ends as CFF art. 12 says (LA art. 1 applies the CFF): the same day of the month; when
the month has none, the first business day of the next month (18 months from 2025-08-31 is
2027-03-01); a last day that is not a business day moves to the next business day
(maquila.ledger.calendar). Whether the goods may still leave on that day is read as yes
(docs/legal-sources.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from maquila.dates import add_months
from maquila.ledger.calendar import Calendar, shipped

__all__ = ["Due", "Term", "Terms", "add_months", "due_date", "terms"]


@dataclass(frozen=True)
class Term:
    category: str
    months: int | None  # None: the programme's validity
    citation: str
    label_es: str
    label_en: str


@dataclass(frozen=True)
class Terms:
    source: str
    effective_from: date
    categories: dict[str, Term]


@cache
def terms() -> Terms:
    text = resources.files("maquila.ledger").joinpath("data/terms.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    categories = {
        name: Term(
            name,
            None if entry.get("programme") else int(entry["months"]),
            entry["citation"],
            entry["label_es"],
            entry["label_en"],
        )
        for name, entry in raw["categories"].items()
    }
    return Terms(raw["source"], raw["effective_from"], categories)


@dataclass(frozen=True)
class Due:
    on: date | None
    basis: str  # what the date rests on, with its citation


def due_date(
    *,
    category: str,
    start: date,
    programme_end: date | None,
    extended_to: date | None = None,
    extension_ref: str | None = None,
    calendar: Calendar | None = None,
) -> Due:
    if extended_to is not None:
        return Due(extended_to, f"extension {extension_ref or '(no reference)'} (identifier PZ)")
    term = terms().categories.get(category)
    if term is None:
        return Due(None, f"unknown category {category!r}: no term applied")
    if term.months is None:
        if programme_end is None:
            return Due(None, f"{term.citation}: programme validity unknown")
        return Due(programme_end, f"{term.citation}: end of the IMMEX programme")
    days = calendar or shipped()
    end = days.month_term(start, term.months)
    basis = f"{term.citation}: {term.months} months"
    if end != add_months(start, term.months):
        basis += "; CFF art. 12: to the next business day"
    return Due(end, basis)
