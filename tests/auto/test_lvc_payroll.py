"""The LVC from payroll and purchase records (SOR/2020-155 s. 12, s. 18(3)-(7), (20)) and the
heavy-truck excess credit (s. 18(22)), on cases DERIVED from the provisions: the
illustrative plant of examples/lvc-payroll varied one fact at a time, and heavy trucks at,
just above and below each figure of s. 18(22) read from the reference."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lvc_cases import lvc_request
from typer.testing import CliRunner

from maquila.auto.lvc import LvcRequest, calculate
from maquila.auto.vehicle import VehicleRequest, determine
from maquila.cli.main import app
from maquila.io.lvc_data import load_payroll_lvc
from maquila.io.tables import read_table, write_table
from shared_reference import reference

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "lvc-payroll"
REFERENCE = reference("usmca", "automotive")


def _reference(ident: str) -> dict[str, Any]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))
    found: dict[str, Any] = next(p for p in params["parameters"] if p["id"] == ident)
    return found


def _copy(tmp_path: Path, edits: dict[str, tuple[str, str]] | None = None) -> Path:
    """The example in ``tmp_path``, with ``edits`` {file: (old, new)} applied."""
    folder = tmp_path / "lvc-payroll"
    shutil.copytree(EXAMPLE, folder)
    for name, (old, new) in (edits or {}).items():
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder / "lvc.yaml"


def _run(*args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(app, ["auto", *args, "--json"])
    data = json.loads(result.stdout) if result.stdout.strip().startswith("{") else {}
    return result.exit_code, data, result.stderr


def test_the_example_is_met_with_every_figure_traced_to_the_records() -> None:
    """derived: s. 12, s. 18(4), (6)(a), (7). Saltillo (MX): base wages 310 x 2,000 +
    310 x 1,800 (day rate 2,480 / 8 h) + 360 x 600 (salary 720,000 / 2,000 h, an other
    worker's direct hours) + 560,000 (piece pay) = 1,954,000 MXN on 6,300 h = 310.16 >=
    294.22, valid for 2026; HWLC 1,954,000 x 0.055 = 107,470 USD. HWM: engines 160,000
    (Ohio, 57,000 / 2,540 h = 22.44 >= 16) + seats 1,100,000 MXN x 0.055 = 60,500 +
    rail 8,000 = 228,500; (107,470 + 228,500) / 1,000,000 = 33.60 + 8 + 5 = 46.60."""
    code, data, _ = _run("lvc", str(EXAMPLE / "lvc.yaml"))
    assert code == 0 and data["status"] == "met"
    assert (data["lvc_percent"], data["high_wage_material_and_labour_points"]) == ("46.60", "33.60")
    assert data["trace"][0]["arithmetic"].startswith("(HWLC 107470.00 + HWM 228500.00)")
    saltillo = data["plants"][0]
    assert (saltillo["average_base_hourly_wage_rate"], saltillo["hours"]) == ("310.16", "6300")
    assert data["plants"][1]["average_base_hourly_wage_rate"] == "22.44"
    assert data["questions"] == [
        {
            "key": "purchases[P-4].qualifies",
            "question": "purchase P-4: supplier plant Vidrio Monterrey: not stated: "
            "does the producing plant qualify?",
            "rule": "SOR/2020-155 s. 18(4), (7)",
            "settles": "the labour value content (s. 18)",
        }
    ]
    records = " ".join(r["arithmetic"] for r in data["records"])
    assert "column benefits (total 221000) dropped" in records
    assert "already in a material's value" in records and "does not qualify" in records


def test_the_plant_wage_command_prints_the_certification_and_its_validity() -> None:
    code, data, _ = _run("plant-wage", str(EXAMPLE / "plant-saltillo.yaml"))
    assert code == 0
    assert (data["status"], data["average_base_hourly_wage_rate"], data["threshold"]) == (
        "met",
        "310.16",
        "294.22",
    )
    assert (data["valid"], data["covers_date"]) == (["2026-01-01", "2026-12-31"], True)


def test_a_payroll_in_excel_gives_the_same_certification_as_in_csv(tmp_path: Path) -> None:
    folder = _copy(tmp_path).parent
    write_table(read_table(folder / "payroll.csv"), folder / "payroll.xlsx")
    plant = folder / "plant-saltillo.yaml"
    text = plant.read_text(encoding="utf-8").replace("payroll.csv", "payroll.xlsx")
    plant.write_text(text, encoding="utf-8")
    code, data, _ = _run("plant-wage", str(plant))
    assert (code, data["average_base_hourly_wage_rate"], data["hours"]) == (0, "310.16", "6300")


@pytest.mark.parametrize(
    ("net_cost", "status", "code"), [("1100000", "undetermined", 2), ("1200000", "not_met", 0)]
)
def test_a_line_not_stated_makes_it_undetermined_only_if_it_could_change_the_outcome(
    tmp_path: Path, net_cost: str, status: str, code: int
) -> None:
    """derived: without glass (25,000, not stated) 335,970 / 1,100,000 = 30.54 + 13 = 43.54
    < 45; with it 360,970 / 1,100,000 = 32.82 + 13 = 45.82: undetermined. At 1,200,000
    even with it 30.08 + 13 = 43.08: not met."""
    file = _copy(tmp_path, {"lvc.yaml": ('net_cost: "1000000"', f'net_cost: "{net_cost}"')})
    got, data, _ = _run("lvc", str(file))
    assert (got, data["status"]) == (code, status)
    assert data["lvc_percent_if_answered"] == ("45.82" if status == "undetermined" else "43.08")


def test_an_assembly_plant_certification_that_does_not_cover_the_date_is_asked_for(
    tmp_path: Path,
) -> None:
    """derived: s. 18(5): the 2025 certifications are valid in 2026 (Saltillo) and to June
    30, 2026 (Ohio); on 2027-03-01 neither covers: HWLC and the engines are held, asked."""
    file = _copy(tmp_path, {"lvc.yaml": ("date: 2026-03-01", "date: 2027-03-01")})
    code, data, _ = _run("lvc", str(file))
    assert (code, data["status"]) == (2, "undetermined")
    assert data["trace"][0]["arithmetic"].startswith("(HWLC 0 + HWM 68500.00)")
    asked = " ".join(q["question"] for q in data["questions"])
    assert "assembly plant Planta Ensamble Saltillo" in asked and "purchase P-1" in asked
    keys = [q["key"] for q in data["questions"]]
    assert (
        "plants[Planta Ensamble Saltillo].period_to" in keys and "purchases[P-1].qualifies" in keys
    )


def test_an_assembly_plant_below_the_rate_gives_no_hwlc_and_asks_nothing_about_it(
    tmp_path: Path,
) -> None:
    """derived: S-001 at 250 instead of 310: (250 x 2,000 + 558,000 + 216,000 + 560,000) /
    6,300 = 1,834,000 / 6,300 = 291.11 < 294.22: not met, HWLC 0; 228,500 / 1,000,000 =
    22.85 + 13 = 35.85, and 38.35 with the glass: not met."""
    file = _copy(tmp_path, {"payroll.csv": ("hourly,310,", "hourly,250,")})
    code, data, _ = _run("lvc", str(file))
    assert (code, data["status"]) == (0, "not_met")
    assert data["plants"][0]["average_base_hourly_wage_rate"] == "291.11"
    assert data["trace"][0]["arithmetic"].startswith("(HWLC 0 + HWM 228500.00)")
    assert not any("assembly plant" in q["question"] for q in data["questions"])


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        (
            "payroll.csv",
            "S-002,direct_production_worker,day_rate",
            "S-002,direct_production_worker,weekly",
            ["payroll.csv: row 3, column pay_basis, found 'weekly'", "'hourly'"],
        ),
        (
            "payroll.csv",
            "third_party,benefits",
            "third_party,tips",
            ["payroll.csv: column 'tips': not a column; allowed:"],
        ),
        (
            "purchases.csv",
            'P-3,material,wiring harnesses,"Arneses Juarez",40000',
            'P-3,material,wiring harnesses,"Arneses Juarez",forty',
            ["purchases.csv: row 4, column value, found 'forty'", "decimal"],
        ),
        (
            "purchases.csv",
            "40000,USD",
            "40000,CAD",
            ["$.exchange_rates: purchase P-3 in CAD needs a rate CAD -> USD"],
        ),
        (
            "lvc.yaml",
            'net_cost: "1000000"',
            'net_cost: "1000000"\nhigh_wage_labour: "5"',
            ["$.high_wage_labour: give either"],
        ),
        (
            "payroll.csv",
            "S-003,other_worker,salary,720000,2000",
            "S-003,other_worker,salary,720000,",
            ["payroll.csv: row 4, the row: a salary pay needs pay_hours"],
        ),
    ],
)
def test_a_bad_row_or_field_is_one_message_naming_where_what_and_what_is_allowed(
    tmp_path: Path, file: str, old: str, new: str, words: list[str]
) -> None:
    path = _copy(tmp_path, {file: (old, new)})
    code, _, stderr = _run("lvc", str(path))
    assert code == 1 and "Traceback" not in stderr
    for word in words:
        assert word in stderr


def test_the_certification_block_passes_through_to_the_lvc_request(tmp_path: Path) -> None:
    path = _copy(
        tmp_path,
        {
            "lvc.yaml": (
                "method: net_cost",
                "method: net_cost\ncertification:\n  cbp_identifier: X-1",
            )
        },
    )
    found = load_payroll_lvc(path).request.certification
    assert found is not None and found.cbp_identifier == "X-1"


# --- s. 18(22): the heavy-truck excess credit -------------------------------------------


def _lvc(
    category: str, on: date, high: Decimal, tech: Decimal, assembly: bool = True
) -> LvcRequest:
    return lvc_request(category, on, high, tech, 30000 if assembly else None)


def _figures() -> tuple[Decimal, Decimal, date]:
    ref = _reference("lvc.heavy_truck_excess_credit")
    end = date.fromisoformat(ref["period"]["to"])
    return Decimal(str(ref["threshold_points"])), Decimal(str(ref["rvc_floor"])), end


@pytest.mark.parametrize(
    ("high", "tech", "points"),
    [
        # derived: high-wage points at 30 (LVC 45 with 10 + 5): nothing above 30
        ("0", "10", "0"),
        # one hundredth above 30, LVC 45.01: 0.01
        ("0.01", "10", "0.01"),
        # 35 high-wage points but LVC exactly 45 (35 + 5 + 5): not higher than 45
        ("5", "5", "0"),
        # LVC 45.01 (35 + 5.01 + 5): the 5 points above 30
        ("5", "5.01", "5"),
    ],
)
def test_a_heavy_truck_has_the_points_above_30_only_with_an_lvc_above_45(
    high: str, tech: str, points: str
) -> None:
    base, _, end = _figures()
    lvc = _reference("lvc.light_and_heavy_truck")["value"]
    assert (Decimal(str(lvc["lvc_total"])), base) == (Decimal(45), Decimal(30))
    result = calculate(
        _lvc("heavy_truck", end.replace(day=1, month=1), base + Decimal(high), Decimal(tech))
    )
    assert result.excess_credit is not None
    assert result.excess_credit.points == Decimal(points)


def test_only_a_heavy_truck_has_an_excess_credit() -> None:
    result = calculate(_lvc("light_truck", date(2026, 1, 1), Decimal(40), Decimal(10)))
    assert result.met and result.excess_credit is None


def _truck(on: date, rvc: Decimal, high: Decimal) -> dict[str, str]:
    """A heavy truck with NC 10,000 (VNM = 10,000 - 100 x RVC) and an LVC of ``high``
    high-wage points + 10 + 5; the s. 13 rule's status."""
    request = VehicleRequest.model_validate(
        {
            "producer": "derived case",
            "vehicle": "t",
            "category": "heavy_truck",
            "date": on.isoformat(),
            "net_cost": "10000",
            "vnm": str(10000 - rvc * 100),
            "tariff_shift_met": True,
            "lvc": _lvc("heavy_truck", on, high, Decimal(10)).model_dump(
                by_alias=True, exclude={"producer", "vehicle", "category", "date"}
            ),
        }
    )
    rule = determine(request).requirements[0]
    return {"status": rule.status, "detail": rule.detail}


def _rvc_required(on: date) -> Decimal:
    for phase in _reference("rvc.vehicle.heavy_truck")["schedule"]:
        if (
            date.fromisoformat(phase["from"])
            <= on
            <= date.fromisoformat(phase["to"] or "9999-12-31")
        ):
            return Decimal(str(phase["net_cost"]))
    raise AssertionError(on)


@pytest.mark.parametrize(
    ("rvc_offset", "extra", "status"),
    [
        ("0", "0", "met"),  # derived: RVC at the floor + exactly the points missing
        ("-0.01", "0.01", "not_met"),  # RVC one hundredth below the floor: no credit
        ("0", "-0.01", "not_met"),  # one hundredth of credit short
    ],
)
def test_the_credit_counts_towards_the_s13_rvc_only_from_an_rvc_of_60(
    rvc_offset: str, extra: str, status: str
) -> None:
    """derived: s. 18(22) with s. 13: on the day before the period ends, an RVC at 60 and
    high-wage points of 30 + (required RVC - 60)."""
    base, floor, end = _figures()
    on = date(end.year, 6, 30)
    required = _rvc_required(on)
    rvc = floor + Decimal(rvc_offset)
    high = base + (required - floor) + Decimal(extra)
    assert _truck(on, rvc, high)["status"] == status


def test_on_the_day_the_period_ends_the_credit_is_undetermined_and_after_it_none() -> None:
    """derived: 'for the period ending July 1, 2027': the reference notes the text does not
    say whether that day is included."""
    base, floor, end = _figures()
    high = base + (_rvc_required(end) - floor)
    on_the_day = _truck(end, floor, high)
    assert on_the_day["status"] == "undetermined" and "does not say" in on_the_day["detail"]
    after = _truck(date.fromordinal(end.toordinal() + 1), floor, high)
    assert after["status"] == "not_met" and "after the period" in after["detail"]
