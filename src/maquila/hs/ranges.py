"""Ranges of tariff codes, compared at their own level.

"Headings 8501 through 8504" is one range at heading level; it is never expanded
into its codes (DESIGN.md, "Ranges are the primitive"). Membership is three-valued:
a code written at a coarser level than the range may or may not fall inside it,
and that is reported as ``None`` (unknown), never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from maquila.hs.codes import HSCodeError, Level, TariffCode, Vintage, parse_code


@dataclass(frozen=True)
class CodeRange:
    """All codes between ``low`` and ``high`` inclusive, at their common level."""

    low: TariffCode
    high: TariffCode

    def __post_init__(self) -> None:
        if self.low.level != self.high.level:
            raise HSCodeError(
                f"{self.low}-{self.high}", "both ends of a range must be at the same level"
            )
        if self.low.digits > self.high.digits:
            raise HSCodeError(f"{self.low}-{self.high}", "the range runs backwards")
        if self.low.vintage != self.high.vintage:
            raise HSCodeError(f"{self.low}-{self.high}", "both ends must share a vintage")

    @classmethod
    def single(cls, code: TariffCode) -> CodeRange:
        return cls(code, code)

    @property
    def level(self) -> Level:
        return self.low.level

    @property
    def vintage(self) -> Vintage:
        return self.low.vintage

    @property
    def is_single(self) -> bool:
        return self.low == self.high

    def contains(self, code: TariffCode) -> bool | None:
        """Whether ``code`` lies in the range; None when its digits are too few to tell."""
        low_digits, high_digits = self.low.digits, self.high.digits
        n = len(low_digits)
        if len(code.digits) >= n:
            return low_digits <= code.digits[:n] <= high_digits
        short = len(code.digits)
        low, high = self.low.digits[:short], self.high.digits[:short]
        if not low <= code.digits <= high:
            return False
        if low < code.digits < high:
            return True
        return None

    def __str__(self) -> str:
        if self.is_single:
            return str(self.low)
        return f"{self.low}-{self.high}"


def _rule_code(text: str, vintage: Vintage) -> TariffCode:
    # the print writes chapters 1-9 with one digit ("chapter 9"); read them as 09
    text = text.strip()
    return parse_code(text.zfill(2) if len(text) == 1 and text.isdigit() else text, vintage)


def parse_range(text: str, vintage: Vintage) -> CodeRange:
    """Read ``8501.10-8501.53``, ``8501 through 8504`` or a single code as printed."""
    for separator in (" through ", "-", "–"):
        if separator in text:
            low, high = text.split(separator, 1)
            return CodeRange(_rule_code(low, vintage), _rule_code(high, vintage))
    return CodeRange.single(_rule_code(text, vintage))


@dataclass(frozen=True)
class CodeSet:
    """A union of ranges, possibly at different levels (an "except from" list)."""

    ranges: tuple[CodeRange, ...] = ()

    @classmethod
    def of(cls, items: Iterable[str], vintage: Vintage) -> CodeSet:
        return cls(tuple(parse_range(item, vintage) for item in items))

    def __iter__(self) -> Iterator[CodeRange]:
        return iter(self.ranges)

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def contains(self, code: TariffCode) -> bool | None:
        """True if any range holds the code, None if one might, False otherwise."""
        unknown = False
        for item in self.ranges:
            inside = item.contains(code)
            if inside:
                return True
            if inside is None:
                unknown = True
        return None if unknown else False

    def levels(self) -> set[Level]:
        return {r.level for r in self.ranges}

    def __str__(self) -> str:
        return ", ".join(str(r) for r in self.ranges)
