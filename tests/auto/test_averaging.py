"""Averaging (SOR/2020-155 s. 16): the Regulations' own example of the first averaging
period (s. 16(12), read from ../shared/reference/usmca/automotive/part6.md) runs as a
test; the averaged RVC is checked on a derived case."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from maquila.auto.averaging import Produced, averaged_rvc, first_period

PART6 = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "reference"
    / "usmca"
    / "automotive"
    / "part6.md"
)


def _example() -> str:
    text = PART6.read_text(encoding="utf-8")
    start = text.index("**(12)** The following example")
    return text[start : text.index("###", start)]


def _dates(text: str) -> list[date]:
    found = re.findall(r"(January|July|December) (\d{1,2}), (\d{4})", text)
    return [datetime.strptime(f"{m} {d} {y}", "%B %d %Y").date() for m, d, y in found]


def test_the_first_period_is_the_one_the_regulations_example_gives() -> None:
    example = _example()
    # "... enters into force on July 1, 2020. A producer's fiscal year begins on January 1,
    # 2021. The producer may calculate their RVC over the 18-month period beginning on
    # July 1, 2020 and ending on December 31, 2021."
    in_force, fiscal_start, begins, ends = _dates(example)
    assert "18-month" in example
    period = first_period(fiscal_start)
    assert (period.start, period.end) == (begins, ends)
    assert period.start == in_force
    assert (
        period.end.year - period.start.year
    ) * 12 + period.end.month - period.start.month + 1 == 18


def test_a_fiscal_year_beginning_on_july_1_2021_or_later_is_just_the_fiscal_year() -> None:
    period = first_period(date(2021, 7, 1))
    assert (period.start, period.end) == (date(2021, 7, 1), date(2022, 6, 30))


def test_the_averaged_rvc_weighs_each_vehicle_by_its_net_cost() -> None:
    # derived: 1,000 units at NC 20,000 / VNM 4,000 and 500 at NC 30,000 / VNM 12,000:
    # (35,000,000 - 10,000,000) / 35,000,000 = 71.43 %, not the plain mean of 80 % and 60 %
    rvc = averaged_rvc(
        [
            Produced(1000, Decimal(20000), Decimal(4000)),
            Produced(500, Decimal(30000), Decimal(12000)),
        ]
    )
    assert round(rvc, 2) == Decimal("71.43")
