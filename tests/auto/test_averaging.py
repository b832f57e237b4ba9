"""Averaging (SOR/2020-155 s. 16): the Regulations' own example of the first averaging
period (s. 16(12), read from ../shared/reference/usmca/automotive/part6.md) runs as a
test; fiscal years, the optional transitional periods (s. 16(5), held to the reference's
parameters.json) and the averaged RVC on derived cases; ``maquila auto average`` end to
end on examples/averaging-2026.yaml."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from maquila.auto.averaging.periods import (
    Produced,
    averaged_rvc,
    decide,
    first_period,
    fiscal_year_of,
    transitional_periods,
)
from maquila.cli.main import app
from shared_reference import reference

REFERENCE = reference("usmca", "automotive")
PART6 = REFERENCE / "part6.md"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "averaging-2026.yaml"


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


def test_the_averaged_rvc_takes_any_iterable_of_vehicles() -> None:
    # derived: a generator is read once; both sums must see every vehicle
    lines = (Produced(10, Decimal(100), Decimal(v)) for v in (10, 30))
    assert averaged_rvc(lines) == Decimal(80)


@pytest.mark.parametrize(
    ("anchor", "day", "start", "end"),
    [
        (date(2024, 4, 1), date(2026, 3, 31), date(2025, 4, 1), date(2026, 3, 31)),
        (date(2024, 4, 1), date(2026, 4, 1), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2030, 10, 1), date(2026, 1, 15), date(2025, 10, 1), date(2026, 9, 30)),
    ],
)
def test_the_fiscal_year_holding_a_day_is_found_from_any_of_its_years(
    anchor: date, day: date, start: date, end: date
) -> None:
    period = fiscal_year_of(anchor, day)
    assert (period.start, period.end) == (start, end)


def _reference_transitional() -> dict[str, Any]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    return dict(next(p for p in params if p["id"] == "averaging.optional_transitional_periods"))


@pytest.mark.parametrize(
    ("category", "key"),
    [
        ("passenger_vehicle", "passenger_vehicle_light_truck_tables_A1_A2_B_C"),
        ("light_truck", "passenger_vehicle_light_truck_tables_A1_A2_B_C"),
        ("heavy_truck", "heavy_truck_tables_D_E"),
    ],
)
def test_the_transitional_periods_are_those_of_s16_5_for_the_vehicle(
    category: str, key: str
) -> None:
    """s. 16(5)(a)-(b); the open last period ends with the fiscal year (October here)"""
    printed = _reference_transitional()[key]
    periods = transitional_periods(fiscal_year_start=date(2020, 10, 1), category=category)
    assert [p.start.isoformat() for p in periods] == [p["from"] for p in printed]
    for period, expected in zip(periods, printed, strict=True):
        if expected["to"].startswith("20"):
            assert period.end.isoformat() == expected["to"]
        else:  # "end of the producer's fiscal year"
            assert (period.end.month, period.end.day) == (9, 30)
            assert period.start <= period.end < period.start + timedelta(days=366)


def test_a_value_between_two_thresholds_of_the_period_is_undetermined() -> None:
    # derived: the rounding is to hundredths, half up, before comparing
    required = {"first": Decimal(64), "second": Decimal(70)}
    assert decide(Decimal("69.995"), required, "RVC")[0] == "met"
    assert decide(Decimal("69.994"), required, "RVC")[0] == "undetermined"
    assert decide(Decimal("63.994"), required, "RVC")[0] == "not_met"


# --- maquila auto average ---------------------------------------------------------------


def _invoke(tmp_path: Path, data: dict[str, Any]) -> Any:
    path = tmp_path / "averaging.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return CliRunner().invoke(app, ["auto", "average", str(path), "--json"])


def test_the_example_averages_the_exported_sedans_and_meets_the_threshold() -> None:
    result = CliRunner().invoke(app, ["auto", "average", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "met" and data["election"]["status"] == "valid"
    assert [c.split(":")[0] for c in data["counted"]] == ["sedan-h1", "sedan-h2"]
    assert data["not_counted"][0].startswith("crossover")
    # derived from the example: exported units only, (52,000 x (24,000 - 5,400) + 50,000 x
    # (25,000 - 6,600)) / (52,000 x 24,000 + 50,000 x 25,000) = 75.55 %
    assert "RVC 75.55 against" in data["steps"][0]
    text = CliRunner().invoke(app, ["auto", "average", str(EXAMPLE)])
    assert "period 2026-01-01 to 2026-12-31" in text.stdout and "s. 16(6)" in text.stdout


def test_a_late_filing_exits_2_with_the_paragraph(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["vehicle_rvc"]["election"]["filings"][1]["filed"] = "2025-12-23"
    result = _invoke(tmp_path, data)
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert out["status"] == "not_met" and "s. 16(6)" in out["election"]["problems"][0]


def test_bad_input_is_one_message_with_its_json_path_and_exit_1(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["vehicle_rvc"]["vehicles"][1]["units"] = -5
    result = _invoke(tmp_path, data)
    assert result.exit_code == 1
    assert "$.vehicle_rvc.vehicles[1].units" in result.stderr and "-5" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_period_before_part_6_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["vehicle_rvc"]["election"]["fiscal_year_start"] = "2020-01-01"
    for line in data["vehicle_rvc"]["vehicles"]:
        line["produced_from"], line["produced_to"] = "2020-01-01", "2020-06-30"
    result = _invoke(tmp_path, data)
    assert result.exit_code == 1 and "Part 6 is in force" in result.stderr


def test_the_command_averages_a_part_over_a_quarter(tmp_path: Path) -> None:
    # derived: two lots of a Table B pump at 90 % and 50 %, equal units: 70 % over the
    # quarter, exactly the s. 14(15) net cost threshold from July 1, 2023 (70 %), decided by
    # the rules of maquila auto part (s. 16(10)(b))
    lot = {"plant": "P", "units": 10, "net_cost": "100", "exported": True}
    data = {
        "parts": {
            "producer": "derived case",
            "part": "pump",
            "hs": "8413.30",
            "use": "light_truck",
            "plant": "P",
            "option": "quarter",
            "period_start": "2026-01-01",
            "exported": True,
            "tariff_shift_met": False,
            "lots": [
                {
                    **lot,
                    "id": "a",
                    "produced_from": "2026-01-01",
                    "produced_to": "2026-01-31",
                    "vnm": "10",
                },
                {
                    **lot,
                    "id": "b",
                    "produced_from": "2026-02-01",
                    "produced_to": "2026-02-28",
                    "vnm": "50",
                },
            ],
        }
    }
    result = _invoke(tmp_path, data)
    out = json.loads(result.stdout)
    assert out["period"]["end"] == "2026-03-31" and len(out["counted"]) == 2
    assert "net cost 2000, transaction value None, VNM 600" in out["steps"][0]
    assert result.exit_code == 0 and out["status"] == "met"
