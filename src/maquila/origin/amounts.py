"""Sums of material values that may be partly unknown, and the tests the law puts on them.

A missing number is never zero (DESIGN.md): a material without a value, or whose status
hangs on a fact not given, adds *at least* what is known and *at most* an upper bound
(none when the value itself is missing). A test against a threshold is then met only if
the worst case meets it, failed if even the best case fails, and otherwise open, with the
questions that would settle it. Known values can decide against the good; they never
decide for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from maquila.origin.result import Missing

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Amount:
    low: Decimal
    high: Decimal | None  # None: no upper bound (a value not given)
    asks: tuple[Missing, ...] = ()

    @property
    def known(self) -> bool:
        return self.high == self.low

    def plus(self, other: Amount) -> Amount:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Amount(self.low + other.low, high, self.asks + other.asks)

    def share_at_most(self, base: Decimal, limit: Decimal) -> bool | None:
        """amount / base x 100 <= limit: True, False, or None when the bounds straddle it."""
        if self.high is not None and self.high / base * HUNDRED <= limit:
            return True
        if self.low / base * HUNDRED > limit:
            return False
        return None

    def shown(self) -> str:
        if self.known:
            return str(self.low)
        if self.high is None:
            return f"at least {self.low} (values missing)"
        return f"{self.low} to {self.high}"


ZERO = Amount(Decimal(0), Decimal(0))


def total(amounts: list[Amount]) -> Amount:
    out = ZERO
    for amount in amounts:
        out = out.plus(amount)
    return out
