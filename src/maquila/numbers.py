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
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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


def parse_decimal(text: str) -> Decimal:
    value = text.strip().replace(" ", "")
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
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise NumberError("a number such as 1250.50") from None
    if abs(number) > LIMIT:
        raise NumberError(f"a number of at most {LIMIT:,.0f} (a larger one is a typing error)")
    return number
