"""Cells of a catalog read as what they mean: numbers in the file's convention
(maquila.numbers: a stated or shown decimal mark, never a guess) and a Mexican fracción
as the HS subheading the rules read (the TIGIE's 7th and 8th digits and its NICO are
Mexico's own: never read as an HTSUS item)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from maquila.numbers import Mark, NumberError, decimal_mark, parse_decimal

GOODS_NUMBERS = frozenset(
    {
        "transaction_value", "intl_shipment_costs", "net_cost", "total_cost",
        "sales_promotion_costs", "royalties", "shipping_packing_costs", "nonallowable_interest",
        "weight",
    }
)  # fmt: skip
BOM_NUMBERS = frozenset({"quantity", "unit_cost", "value", "weight"})
_FRACCION = re.compile(r"^\d{8}(\d{2})?$")


def file_mark(frame: pl.DataFrame, columns: Iterable[str], stated: Mark | None) -> Mark | None:
    """The decimal mark of a table: the one stated (``--decimal``), else the one its
    numbers show (NumberError when they show both)."""
    if stated is not None:
        return stated
    present = [c for c in columns if c in frame.columns]
    values = (v for c in present for v in frame[c].drop_nulls().to_list())
    return decimal_mark(values)


def number(text: str, mark: Mark | None) -> str:
    """The number a cell writes, as plain decimal text (NumberError says why not)."""
    return str(parse_decimal(text, mark))


def fraccion(text: str) -> tuple[str, str]:
    """(HS subheading, the fracción's digits) of a TIGIE fracción of 8 digits, or 10 with
    its NICO, written with or without dots and spaces (ValueError otherwise)."""
    digits = re.sub(r"[.\s-]", "", text)
    if not _FRACCION.match(digits):
        raise ValueError(
            f"a TIGIE fracción has 8 digits, or 10 with its NICO (8504.40.99 or 8504409901); "
            f"found {text!r}"
        )
    return f"{digits[:4]}.{digits[4:6]}", digits


__all__ = ["BOM_NUMBERS", "GOODS_NUMBERS", "NumberError", "file_mark", "fraccion", "number"]
