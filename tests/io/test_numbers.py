"""Numbers are read without guessing their convention (maquila.numbers)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maquila.numbers import NumberError, decimal_mark, parse_decimal


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


def _written(number: Decimal, mark: str, grouped: bool) -> str:
    """``number`` as a file in that convention writes it (Mexico and the US: 1,234.5;
    Spain and much of Latin America's ERP settings: 1.234,5)."""
    text = f"{number:,f}" if grouped else f"{number:f}"
    return text if mark == "." else text.replace(",", "_").replace(".", ",").replace("_", ".")


_NUMBERS = st.decimals(
    min_value=Decimal("-999999999999"), max_value=Decimal("999999999999"), places=3,
    allow_nan=False, allow_infinity=False,
)  # fmt: skip


@given(_NUMBERS, st.sampled_from([",", "."]), st.booleans())
def test_any_number_written_in_a_stated_convention_reads_back_exactly(
    number: Decimal, mark: Literal[",", "."], grouped: bool
) -> None:
    assert parse_decimal(_written(number, mark, grouped), mark) == number


@given(_NUMBERS, st.sampled_from([",", "."]), st.booleans())
def test_without_a_stated_convention_a_number_is_read_as_written_or_refused(
    number: Decimal, mark: str, grouped: bool
) -> None:
    """Never another value, except the one reading the module states: a lone dot is a
    decimal point (Mexican usage), so '2.250' written for 2250 in a decimal-comma file is
    2.25 — which is why a file's convention is read from the whole file (decimal_mark)."""
    text = _written(number, mark, grouped)
    lone_dot_group = re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", text) is not None
    try:
        read = parse_decimal(text)
    except NumberError:
        return
    assert read == number or (mark == "," and lone_dot_group)


@pytest.mark.parametrize(
    ("values", "mark"),
    [
        (["1,500", "2,5"], ","),
        (["1.234,56"], ","),
        (["1,234.56", "1,500"], "."),
        (["12.5"], "."),
        (["0,035"], ","),  # a leading 0 groups no thousands
        (["1500.000"], "."),  # nor four digits before the mark
        (["1,500", "2.250", "7"], None),
    ],
)
def test_a_file_shows_its_decimal_mark_by_the_values_that_read_one_way_only(
    values: list[str], mark: str | None
) -> None:
    assert decimal_mark(values) == mark


def test_a_file_showing_both_decimal_marks_is_refused_naming_one_of_each() -> None:
    with pytest.raises(NumberError, match="'1,5'.*'2.5'"):
        decimal_mark(["1,5", "3", "2.5"])


@pytest.mark.parametrize(("text", "mark"), [("1,5", "."), ("1.5.5", ","), ("1,5,5", ",")])
def test_a_value_that_does_not_fit_the_stated_convention_is_refused(text: str, mark: str) -> None:
    with pytest.raises(NumberError, match="decimal"):
        parse_decimal(text, mark)  # type: ignore[arg-type]


def test_the_mark_is_found_in_values_given_once_as_a_stream() -> None:
    assert decimal_mark(v for v in ["7", "12.5"]) == "."


@given(_NUMBERS, st.sampled_from([",", "."]), st.booleans())
def test_a_number_never_shows_the_other_convention_than_it_was_written_in(
    number: Decimal, mark: str, grouped: bool
) -> None:
    assert decimal_mark([_written(number, mark, grouped)]) in (mark, None)
