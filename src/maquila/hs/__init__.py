"""Tariff codes at their own level, ranges of them, and their nomenclature vintage."""

from maquila.hs.codes import HSCodeError, Level, TariffCode, Vintage, parse_code
from maquila.hs.ranges import CodeRange, CodeSet

__all__ = [
    "CodeRange",
    "CodeSet",
    "HSCodeError",
    "Level",
    "TariffCode",
    "Vintage",
    "parse_code",
]
