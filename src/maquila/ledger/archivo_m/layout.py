"""The archivo M layout (ledger/data/archivo_m.yaml): fields by name, dates, and the
pedimento number the file does not spell out.

Anexo 22 (instructivo, campo 1 "Número de pedimento", DOF 24-06-2019 and earlier texts
alike): "2 dígitos, del año de validación. 2 dígitos, de la aduana de despacho. 4 dígitos,
del número de la patente ... 1 dígito, debe corresponder al último dígito del año en curso,
salvo que se trate de un pedimento consolidado iniciado en el año inmediato anterior o del
pedimento original de una rectificación. 6 dígitos ... numeración progresiva por aduana".
The file carries the 7-digit número (its first digit is the last digit of the year of
validation) but no validation date; a pedimento is validated on or before its payment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def layout() -> dict[str, Any]:
    text = resources.files("maquila.ledger").joinpath("data/archivo_m.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@dataclass(frozen=True)
class Line:
    """One record of the file: its type, line number and fields (field 1 is the type)."""

    kind: str
    number: int
    fields: tuple[str, ...]

    def get(self, name: str) -> str:
        index = layout()["fields"][self.kind][name]
        return self.fields[index - 1].strip() if index - 1 < len(self.fields) else ""

    def optional(self, name: str) -> str | None:
        return self.get(name) or None


def parse_date(value: str) -> date:
    """DDMMAAAA (as real files write it) or AAAAMMDD (as the transcription says)."""
    if len(value) != 8 or not value.isdigit():
        raise ValueError("a date of 8 digits, DDMMAAAA")
    day, month, year = int(value[:2]), int(value[2:4]), int(value[4:])
    if 1990 <= year <= 2100:
        return date(year, month, day)
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


def suffix(aduana: str, patente: str, numero: str) -> str | None:
    """The last 13 digits of the number (aduana 2, patente 4, número 7), or None when a
    part is not what Anexo 22 prints."""
    if not (len(aduana) >= 2 and aduana[:2].isdigit()):
        return None
    if not (patente.isdigit() and len(patente) <= 4 and numero.isdigit() and len(numero) == 7):
        return None
    return f"{aduana[:2]}{patente.zfill(4)}{numero}"


def numbers(tail: str, validated_by: date) -> tuple[str, list[str]]:
    """The pedimento's number, and the other number it may be printed with.

    The year of validation is the latest year, not after ``validated_by`` (the payment
    date), whose last digit is the número's first: a pedimento validated in December 2025
    (número 5xxxxxx) and paid in January 2026 is 25.... A consolidated pedimento begun the
    year before keeps the earlier digit although validated in the later year (the Anexo 22
    exception): that second reading is returned as the alternate, so the writer finds the
    pedimento if it is already in the ledger under that number."""
    digit = int(tail[6])
    year = validated_by.year - ((validated_by.year - digit) % 10)
    number = f"{year % 100:02d}{tail}"
    alternates = []
    if year == validated_by.year - 1:
        alternates.append(f"{validated_by.year % 100:02d}{tail}")
    return number, alternates


_PLAIN = re.compile(r"^\d+(\.\d+)?$")
LIMIT = Decimal("1e15")


def amount(value: str) -> Decimal:
    """A number as the layout writes it: digits with an optional decimal dot (no sign,
    grouping or exponent), at most 10^15."""
    if not _PLAIN.match(value):
        raise ValueError("a number written as the layout does (digits, a decimal dot)")
    number = Decimal(value)
    if number > LIMIT:
        raise ValueError(f"a number of at most {LIMIT:,.0f}")
    return number
