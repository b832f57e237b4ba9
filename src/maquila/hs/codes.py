"""Tariff codes: chapter, heading, subheading, tariff item, statistical suffix.

A code keeps only its digits and the nomenclature edition (vintage) it was written
in. The USMCA product-specific rules are drafted in HS 2012 terms while goods are
classified in HS 2022 (see ``../shared/reference/hs/README.md``), so comparing codes
of different vintages silently would give wrong answers: callers must bridge first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import cached_property

from maquila.verdict import Code

_ALLOWED_DIGITS = (2, 4, 6, 8, 10)


class Vintage(StrEnum):
    """Edition of the Harmonized System a code is written in."""

    HS2012 = "HS2012"
    HS2017 = "HS2017"
    HS2022 = "HS2022"


class Level(IntEnum):
    """Level of a code, valued by its number of digits.

    GN 11(m)(ii) (HTSUS General Note 11): a "tariff item" is a provision designated
    by eight digits; ten digits are the US statistical suffix (or Mexico's NICO).
    """

    CHAPTER = 2
    HEADING = 4
    SUBHEADING = 6
    TARIFF_ITEM = 8
    STATISTICAL = 10

    @property
    def noun(self) -> str:
        return _NOUNS[self][0]

    @property
    def plural(self) -> str:
        return _NOUNS[self][1]


_NOUNS = {
    Level.CHAPTER: ("chapter", "chapters"),
    Level.HEADING: ("heading", "headings"),
    Level.SUBHEADING: ("subheading", "subheadings"),
    Level.TARIFF_ITEM: ("tariff item", "tariff items"),
    Level.STATISTICAL: ("statistical suffix", "statistical suffixes"),
}


_LEVEL_OF = {int(level): level for level in Level}


class HSCodeError(ValueError):
    """A text that is not a tariff code; carries what was found and what is allowed."""

    code = Code.NOT_A_TARIFF_CODE

    def __init__(self, found: object, reason: str) -> None:
        self.found = found
        self.reason = reason
        super().__init__(f"{found!r} is not a tariff code: {reason}")


@dataclass(frozen=True, order=True)
class TariffCode:
    """A tariff code at its own level, e.g. heading 8504 or subheading 8504.40."""

    digits: str
    vintage: Vintage = Vintage.HS2022

    def __post_init__(self) -> None:
        if not self.digits.isdigit() or len(self.digits) not in _ALLOWED_DIGITS:
            raise HSCodeError(self.digits, "expected 2, 4, 6, 8 or 10 digits")
        if self.digits[:2] == "00":
            raise HSCodeError(self.digits, "HS chapters run from 01 to 97")

    @cached_property
    def level(self) -> Level:
        # cached in the instance: level is read for every comparison of every BOM line
        return _LEVEL_OF[len(self.digits)]

    @property
    def chapter(self) -> str:
        return self.digits[:2]

    def at(self, level: Level) -> TariffCode:
        """This code cut to a coarser level (a heading's subheading is not known)."""
        if level > self.level:
            raise ValueError(f"{self} has no {level.noun}: it is only a {self.level.noun}")
        return TariffCode(self.digits[: int(level)], self.vintage)

    def prefix(self, level: Level) -> str:
        """Digits at ``level``, or all digits if the code is shorter."""
        return self.digits[: int(level)]

    def is_within(self, other: TariffCode) -> bool:
        """True when this code lies under ``other`` (same or finer level)."""
        return self.digits.startswith(other.digits)

    @cached_property
    def printed(self) -> str:
        """The code as the HTSUS prints it (8504.40.60)."""
        return format_digits(self.digits)

    def __str__(self) -> str:
        return self.printed


def format_digits(digits: str) -> str:
    """Write digits the way the HTSUS prints them: 85, 8504, 8504.40, 8504.40.60, 8504.40.60.00."""
    if len(digits) <= 4:
        return digits
    parts = [digits[:4]] + [digits[i : i + 2] for i in range(4, len(digits), 2)]
    return ".".join(parts)


def parse_code(text: object, vintage: Vintage = Vintage.HS2022) -> TariffCode:
    """Read a tariff code written with or without dots or spaces.

    Accepted: ``85``, ``8504``, ``85.04``, ``850440``, ``8504.40``, ``8504.40.60``,
    ``8504.40.6000``, ``8504406000``. A number (not text) is refused because it loses
    leading zeros (``0401`` would become ``401``).
    """
    if not isinstance(text, str):
        raise HSCodeError(text, 'write tariff codes as text, e.g. "0401.10"')
    cleaned = text.strip()
    if cleaned.lower().startswith("chapter "):
        cleaned = cleaned[len("chapter ") :].strip().zfill(2)
    digits = cleaned.replace(".", "").replace(" ", "")
    if not digits:
        raise HSCodeError(text, "it is empty")
    if not digits.isdigit():
        raise HSCodeError(text, "only digits, dots and spaces are allowed")
    if len(digits) not in _ALLOWED_DIGITS:
        raise HSCodeError(
            text,
            f"it has {len(digits)} digits; a chapter has 2, a heading 4, a subheading 6, "
            "a tariff item 8 and a statistical code 10",
        )
    return TariffCode(digits, vintage)
