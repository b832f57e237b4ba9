"""Comparing a stored value with an imported one (Decimal by value, not by scale)."""

from __future__ import annotations

from decimal import Decimal


def same(a: object, b: object) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(str(a)) == Decimal(str(b))
    return a == b
