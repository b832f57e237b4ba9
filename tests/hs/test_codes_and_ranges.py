"""Tariff codes are read at their own level; ranges compare at theirs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maquila.hs import CodeRange, HSCodeError, Level, Vintage, parse_code
from maquila.hs.bridge import to_hs2012
from maquila.hs.ranges import parse_range


@pytest.mark.parametrize(
    ("text", "level", "shown"),
    [
        ("85", Level.CHAPTER, "85"),
        ("8504", Level.HEADING, "8504"),
        ("85.04", Level.HEADING, "8504"),
        ("850440", Level.SUBHEADING, "8504.40"),
        ("8504.40", Level.SUBHEADING, "8504.40"),
        ("8504.40.60", Level.TARIFF_ITEM, "8504.40.60"),
        ("8504.40.6000", Level.STATISTICAL, "8504.40.60.00"),
        ("8504406000", Level.STATISTICAL, "8504.40.60.00"),
        ("chapter 7", Level.CHAPTER, "07"),
    ],
)
def test_a_code_written_with_or_without_dots_is_read_at_its_level(
    text: str, level: Level, shown: str
) -> None:
    code = parse_code(text)
    assert code.level is level
    assert str(code) == shown


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("85A4.40", "only digits"),
        ("85044", "5 digits"),
        ("", "empty"),
        ("0001", "chapters run from 01"),
        (401, "write tariff codes as text"),
    ],
)
def test_a_malformed_code_is_refused_with_the_reason(text: object, words: str) -> None:
    with pytest.raises(HSCodeError) as raised:
        parse_code(text)
    assert words in str(raised.value)


def test_a_heading_range_is_one_range_compared_at_heading_level() -> None:
    headings = parse_range("8501 through 8504", Vintage.HS2012)
    assert headings.contains(parse_code("8504.40.60", Vintage.HS2012)) is True
    assert headings.contains(parse_code("8505.11", Vintage.HS2012)) is False
    assert headings.contains(parse_code("8500", Vintage.HS2012)) is False


def test_a_code_too_short_for_the_range_is_unknown_unless_it_lies_strictly_inside() -> None:
    subheadings = parse_range("8501.10-8504.90", Vintage.HS2012)
    assert subheadings.contains(parse_code("8503", Vintage.HS2012)) is True
    assert subheadings.contains(parse_code("8504", Vintage.HS2012)) is None
    assert subheadings.contains(parse_code("85", Vintage.HS2012)) is None
    assert subheadings.contains(parse_code("8506", Vintage.HS2012)) is False


def test_a_range_whose_ends_differ_in_level_or_run_backwards_is_refused() -> None:
    with pytest.raises(HSCodeError):
        CodeRange(parse_code("8501"), parse_code("8504.90"))
    with pytest.raises(HSCodeError):
        parse_range("8504-8501", Vintage.HS2012)


@given(st.from_regex(r"\A(0[1-9]|[1-9][0-9])[0-9]{4}\Z"), st.from_regex(r"\A[0-9]{4}\Z"))
def test_a_subheading_lies_in_a_single_range_of_its_own_heading(digits: str, suffix: str) -> None:
    code = parse_code(digits + suffix, Vintage.HS2012)
    heading = parse_range(digits[:4], Vintage.HS2012)
    assert heading.contains(code) is True


@pytest.mark.parametrize(
    ("hs2022", "hs2012"),
    [
        ("9401.99", ["9401.90"]),
        ("9401.91", ["9401.90"]),
        ("8701.93", ["8701.90"]),
        ("8504.40.60", ["8504.40.60"]),
    ],
)
def test_an_hs2022_code_is_bridged_to_the_hs2012_terms_of_the_rules(
    hs2022: str, hs2012: list[str]
) -> None:
    bridged = to_hs2012(parse_code(hs2022))
    assert [str(c) for c in bridged.candidates] == hs2012
    assert all(c.vintage is Vintage.HS2012 for c in bridged.candidates)


def test_the_bridge_agrees_with_the_un_correlation_for_every_hs2022_code(
    reference_dir: Path,
) -> None:
    pairs: dict[str, set[str]] = {}
    with (reference_dir / "hs" / "hs2022_hs2012.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["hs2022"] != "9999.99":
                pairs.setdefault(row["hs2022"], set()).add(row["hs2012"])
    for hs2022, partners in pairs.items():
        got = {str(c) for c in to_hs2012(parse_code(hs2022)).candidates}
        assert got == partners, hs2022
