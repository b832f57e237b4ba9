"""Reading template rows into typed values, every problem collected with its place.

A message names the file, the line, the field, the value found and what is allowed; a
file with one bad line is refused whole (nothing is written), so every problem of the
file is reported in one run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from maquila.numbers import parse_decimal
from maquila.verdict import Code, Problem, Refused


def row_problem(
    file: str, line: int, name: str, value: str, expected: str, code: Code = Code.INVALID_VALUE
) -> Problem:
    """``file:line: field: found 'value'; expected ...`` — a field of a row refused."""
    return Problem(code, f"{file}:{line}: {name}", repr(value), f"expected {expected}")


class LedgerInputError(Refused):
    """Bad input: nothing was written. Carries every problem found."""


Parser = Callable[[str], Any]


def text(value: str) -> str:
    return value


def decimal(value: str) -> Decimal:
    """A number read without guessing its convention (maquila.numbers)."""
    return parse_decimal(value)


def positive(value: str) -> Decimal:
    number = decimal(value)
    if number <= 0:
        raise ValueError("a number greater than zero")
    return number


def non_negative(value: str) -> Decimal:
    number = decimal(value)
    if number < 0:
        raise ValueError("zero or a positive number")
    return number


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def day(value: str) -> date:
    """ISO (2026-01-31) or day/month/year (31/01/2026), the way Mexican ERPs write it."""
    found = _DMY.match(value)
    try:
        if found:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("a date as 2026-01-31 or 31/01/2026") from None


def pedimento_number(value: str) -> str:
    """The 15 printed digits (year 2, aduana 2, patente 4, número 7); spaces allowed."""
    cleaned = value.replace(" ", "").replace("-", "")
    if not (cleaned.isdigit() and len(cleaned) == 15):
        raise ValueError("the 15-digit pedimento number, e.g. 26 24 3999 6000123")
    return cleaned


def integer(value: str) -> int:
    if not value.isdigit():
        raise ValueError("a whole number such as 3")
    return int(value)


def digits(n: int) -> Parser:
    def parse(value: str) -> str:
        cleaned = value.replace(".", "").replace(" ", "")
        if not (cleaned.isdigit() and len(cleaned) == n):
            raise ValueError(f"{n} digits")
        return cleaned

    return parse


def country(value: str) -> str:
    if not (value.isalpha() and len(value) in (2, 3)):
        raise ValueError("a 2- or 3-letter country code (MX, US, CHN)")
    return value.upper()


def one_of(allowed: Mapping[str, Any] | set[str] | tuple[str, ...]) -> Parser:
    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError("one of " + ", ".join(sorted(allowed)))
        return value

    return parse


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = True


@dataclass
class Reader:
    """Parses rows of one file, collecting problems."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def row(
        self, line: int, cells: Mapping[str, Any], columns: tuple[Column, ...]
    ) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
        ok = True
        for column in columns:
            raw = (cells.get(column.name) or "").strip()
            if not raw:
                if column.required:
                    self.problems.append(
                        row_problem(self.file, line, column.name, "", "a value", Code.MISSING_FIELD)
                    )
                    ok = False
                out[column.name] = None
                continue
            try:
                out[column.name] = column.parse(raw)
            except ValueError as exc:
                code = getattr(exc, "code", Code.INVALID_VALUE)
                self.problems.append(row_problem(self.file, line, column.name, raw, str(exc), code))
                ok = False
        return out if ok else None

    def missing_columns(self, present: list[str], columns: tuple[Column, ...]) -> bool:
        missing = [c.name for c in columns if c.required and c.name not in present]
        for name in missing:
            expected = "this column in the header"
            self.problems.append(row_problem(self.file, 1, name, "", expected, Code.MISSING_COLUMN))
        return bool(missing)

    def add(
        self, line: int, field_name: str, value: object, expected: str,
        code: Code = Code.INVALID_VALUE,
    ) -> None:  # fmt: skip
        self.problems.append(row_problem(self.file, line, field_name, str(value), expected, code))

    def raise_if_any(self) -> None:
        if self.problems:
            raise LedgerInputError(self.problems)
