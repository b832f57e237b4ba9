"""Templates of what the ledger keeps beside the lots: the serial, brand and model of each
fixed asset imported temporarily (Anexo 24, activo fijo), and the dated lists of goods the
IMMEX programme treats apart (IMMEX decree Annex I / Annex II, RGCE Anexo 29), as the user
loads them from the DOF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from maquila.ledger.rows import Column, day, integer, pedimento_number, text


def _code(value: str) -> str:
    """A fracción arancelaria or a heading of it, as the lists print them (64.01, 6401.10,
    6401.10.01): 4, 6 or 8 digits, dots and spaces allowed."""
    cleaned = value.replace(".", "").replace(" ", "")
    if not (cleaned.isdigit() and len(cleaned) in (4, 6, 8)):
        raise ValueError("a heading, subheading or fracción of 4, 6 or 8 digits")
    return cleaned


FIXED_ASSETS = (
    Column("pedimento", pedimento_number),
    Column("secuencia", integer),
    Column("part_number", text),
    Column("serial", text),
    Column("brand", text, required=False),
    Column("model", text, required=False),
    Column("location", text, required=False),
)
SENSITIVE_GOODS = (
    Column("list", text),
    Column("code", _code),
    Column("valid_from", day),
    Column("valid_to", day, required=False),
    Column("source", text),
)


@dataclass(frozen=True)
class FixedAssetRecord:
    """One unit of a fixed asset (LA art. 108 fr. III) on its import line."""

    line: int
    pedimento: str
    secuencia: int
    part_number: str
    serial: str
    brand: str | None
    model: str | None
    location: str | None


@dataclass(frozen=True)
class SensitiveGoodRecord:
    """A code on a list in force from ``valid_from`` to ``valid_to`` (DOF publication)."""

    line: int
    list: str
    code: str
    valid_from: date
    valid_to: date | None
    source: str


def on_list(fraccion: str, code: str, on: date, valid_from: date, valid_to: date | None) -> bool:
    """The fracción falls under the listed code (a heading covers its fracciones) on ``on``."""
    return fraccion.startswith(code) and valid_from <= on and (valid_to is None or on <= valid_to)
