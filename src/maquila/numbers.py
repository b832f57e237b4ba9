"""Numbers as users' files write them, read without guessing (DESIGN.md: "Numbers are
parsed with an explicit locale; an ambiguous one is a Problem").

A value is read only when it means one number whatever the convention:

- ``1500.50``, ``1,500.50`` (a comma grouping thousands before a decimal dot) and
  ``1.500,50`` (dots grouping thousands before a decimal comma) are read;
- a lone comma that cannot group thousands is a decimal comma: ``1,5`` is 1.5 and
  ``1500,00`` is 1500.00 (never 15 or 150000);
- a lone comma that can group thousands (``1,500``) is ambiguous (1.5 or 1500): refused;
  two or more groups (``1,234,567``, ``1.234.567``) can only be thousands;
- a lone dot is the decimal mark, as in Mexican and US usage (``2.250`` is 2.25);
- exponents (``1e30``) and magnitudes beyond 10^15 are typing errors: refused.

A file or column may state its decimal mark (``decimal=","`` or ``"."``, the CLI's
``--decimal``), or show it: :func:`decimal_mark` finds it from the values that can only be
read one way (``1,5`` and ``1.234,56`` show a comma; ``1,234.56`` and ``2.5`` show a dot). With
the mark known, the other one can only group thousands, so ``1,500`` is read (1.5 with a
decimal comma, 1500 with a decimal point); values that do not fit the mark are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Literal

from maquila.verdict import Code

LIMIT = Decimal("1e15")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_COMMA_THEN_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+\.\d+$")
_DOT_THEN_COMMA = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+,\d+$")
_COMMAS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3}){2,}$")  # two or more: only thousands
_DOTS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3}){2,}$")
_ONE_GROUP = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")  # 1,500: thousands or decimal comma
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


class NumberError(ValueError):
    """Why a text is not read as a number (the message says what to write instead)."""

    def __init__(self, message: str, code: Code = Code.NOT_A_NUMBER) -> None:
        super().__init__(message)
        self.code = code


Mark = Literal[",", "."]
_WITH_POINT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")
_WITH_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$|^[+-]?,\d+$")
# a mark that cannot group thousands: not 3 digits after it, a leading 0 or 4+ digits before
# it, or the other mark grouping before it
_SHOWS_COMMA = re.compile(
    r"^[+-]?(\d+,(\d{1,2}|\d{4,})|0,\d+|\d{4,},\d+|[1-9]\d{0,2}(\.\d{3})+,\d+)$"
)
_SHOWS_POINT = re.compile(
    r"^[+-]?(\d+\.(\d{1,2}|\d{4,})|0\.\d+|\d{4,}\.\d+|[1-9]\d{0,2}(,\d{3})+\.\d+)$"
)


def decimal_mark(values: Iterable[str]) -> Mark | None:
    """The decimal mark the values show, None if none shows one; both shown is an error
    naming a value of each (a file is written in one convention)."""
    values = list(values)  # read twice: once for each mark
    comma = next((v for v in values if _SHOWS_COMMA.match(v.strip().replace(" ", ""))), None)
    point = next((v for v in values if _SHOWS_POINT.match(v.strip().replace(" ", ""))), None)
    if comma is not None and point is not None:
        raise NumberError(
            f"decimal commas ({comma!r}) and decimal points ({point!r}) in one file: "
            "state the mark (--decimal , or --decimal .)",
            Code.AMBIGUOUS_NUMBER,
        )
    return "," if comma is not None else "." if point is not None else None


def parse_decimal(text: str, decimal: Mark | None = None) -> Decimal:
    """The number ``text`` writes: with ``decimal`` stated, in that convention only; without,
    only when it means one number whatever the convention (module docstring)."""
    value = text.strip().replace(" ", "")
    if decimal is not None:
        return _in_convention(text, value, decimal)
    if _PLAIN.match(value):
        plain = value
    elif _COMMA_THEN_DOT.match(value) or _COMMAS.match(value):
        plain = value.replace(",", "")
    elif _DOT_THEN_COMMA.match(value):
        plain = value.replace(".", "").replace(",", ".")
    elif _DOTS.match(value):
        plain = value.replace(".", "")
    elif _ONE_GROUP.match(value):
        raise NumberError(
            f"{text!r} is ambiguous (a thousands comma or a decimal comma): write "
            f"{value.replace(',', '')} or {value.replace(',', '.')} as meant",
            Code.AMBIGUOUS_NUMBER,
        )
    elif _DECIMAL_COMMA.match(value):
        plain = value.replace(",", ".")
    else:
        raise NumberError("a number such as 1250.50 (no letters, exponents or other signs)")
    return _bounded(plain)


def _in_convention(text: str, value: str, decimal: Mark) -> Decimal:
    pattern, thousands = (_WITH_COMMA, ".") if decimal == "," else (_WITH_POINT, ",")
    if not pattern.match(value):
        example = "1.250,50" if decimal == "," else "1,250.50"
        raise NumberError(
            f"{text!r} is not a number with a decimal {'comma' if decimal == ',' else 'point'} "
            f"(the file's convention): write it as {example}"
        )
    return _bounded(value.replace(thousands, "").replace(",", "."))


def _bounded(plain: str) -> Decimal:
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise NumberError("a number such as 1250.50") from None
    if abs(number) > LIMIT:
        raise NumberError(f"a number of at most {LIMIT:,.0f} (a larger one is a typing error)")
    return number
