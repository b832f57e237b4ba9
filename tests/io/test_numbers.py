"""Numbers are read without guessing their convention (maquila.numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maquila.numbers import NumberError, parse_decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,5", "1.5"),
        ("1500,00", "1500.00"),
        ("0,500", "0.500"),
        ("1,234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234,567", "1234567"),
        ("1.234.567", "1234567"),
        ("2.250", "2.250"),
        ("-3.5", "-3.5"),
    ],
)
def test_a_number_that_means_one_value_is_read_as_that_value(text: str, value: str) -> None:
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,500", "12,345", "999,999"])
def test_a_lone_comma_that_could_group_thousands_is_refused_as_ambiguous(text: str) -> None:
    with pytest.raises(NumberError, match="ambiguous"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["1e30", "1E5", "abc", "1.5.2", "1,2,3", "9999999999999999"])
def test_exponents_letters_and_typing_error_magnitudes_are_refused(text: str) -> None:
    with pytest.raises(NumberError):
        parse_decimal(text)


@given(st.decimals(min_value=Decimal("1000"), max_value=Decimal("999999999"), places=2))
def test_grouped_numbers_in_either_convention_read_back_exactly(number: Decimal) -> None:
    us = f"{number:,.2f}"
    european = us.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_decimal(us) == number
    assert parse_decimal(european) == number
