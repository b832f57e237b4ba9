"""The HS 2022 list a code is checked against (maquila.hs.nomenclature) is the UN
Statistics Division's: the HS 2022 side of its correlation table in ../shared/reference."""

from __future__ import annotations

import csv

import pytest

from maquila.hs.codes import parse_code
from maquila.hs.nomenclature import exists, subheadings
from shared_reference import reference


def test_the_list_is_every_hs_2022_subheading_of_the_un_correlation_table() -> None:
    path = reference("hs", "hs2022_hs2012.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        un = {r["hs2022"].replace(".", "") for r in csv.DictReader(handle)} - {"999999"}
    assert subheadings() == un and len(un) == 5612


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("8504.40", True), ("8504.40.95", True), ("8504409501", True), ("8504", True),
        ("85", True), ("9403.99", True), ("9403.90", False), ("8504.99", False),
        ("8599", False), ("77", False), ("9999.99", False),
    ],
)  # fmt: skip
def test_a_code_exists_when_its_chapter_heading_or_subheading_is_in_hs_2022(
    code: str, found: bool
) -> None:
    assert exists(parse_code(code)) is found
