"""Packs are values (issue 12): an automotive calculation reads the Part 6 pack it is given
(``law=``) for that call only, the calculations it runs inside included; the next call
without one is back on the shipped figures.

The other packs are the shipped texts with one figure changed, read by
:func:`maquila.law.automotive.load_texts` (as the origin engine's test holds a heavy-truck
gear box to a pack reading 68 %); the inputs are the repository's examples or built here,
so nothing in this file needs ../shared."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from maquila.auto.averaging.run import AveragingFile, run
from maquila.auto.calculations import CALCULATIONS, Calculation
from maquila.auto.certificate import build as build_certificate
from maquila.auto.lvc import LvcRequest, calculate, requirement
from maquila.auto.lvc_payroll import build as build_from_payroll
from maquila.auto.parts import PartRequest
from maquila.auto.parts import determine as determine_part
from maquila.auto.vehicle import VehicleRequest
from maquila.auto.vehicle import determine as determine_vehicle
from maquila.io.lvc_data import load_payroll_lvc
from maquila.law.automotive import AutomotivePack, load_texts
from maquila.verdict import Met, Status

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ON = date(2026, 3, 1)
TABLE_D = "rvc.parts.heavy_truck_principal.table_D"  # 64 % net cost, 2024-07-01 to 2027-06-30
LVC = "lvc.passenger_vehicle"  # 40 % from 2023-07-01
CORE = "rvc.parts.core.table_A1_A2"  # 75 % net cost from 2023-07-01


@cache
def _shipped_texts() -> tuple[str, str]:
    root = resources.files("maquila.law") / "usmca" / "automotive"
    return (
        (root / "tables.yaml").read_text(encoding="utf-8"),
        (root / "thresholds.yaml").read_text(encoding="utf-8"),
    )


@cache
def _reading(*changes: tuple[str, str, str]) -> AutomotivePack:
    """The shipped pack with, in the entry of each threshold id, the first line ``old``
    read as ``new``; with no change, a copy of the shipped pack (another object)."""
    tables, thresholds = _shipped_texts()
    for ident, old, new in changes:
        start = thresholds.index(f"- id: {ident}\n")
        end = thresholds.index("\n- id: ", start)
        entry = thresholds[start:end]
        assert old in entry, (ident, old)
        thresholds = thresholds[:start] + entry.replace(old, new, 1) + thresholds[end:]
    return load_texts(tables, thresholds)


def _table_d_68() -> AutomotivePack:
    return _reading((TABLE_D, "    net_cost: '64'", "    net_cost: '68'"))


def _lvc_42() -> AutomotivePack:
    return _reading((LVC, "    lvc_total: '40'", "    lvc_total: '42'"))


def _gear_box() -> PartRequest:
    """A gear box of 8708.40 for a heavy truck at 66 % net cost: RVC only (s. 15(4))."""
    data = {"part": "gear box", "hs": "8708.40", "use": "heavy_truck", "date": ON.isoformat()}
    return PartRequest.model_validate({**data, "net_cost": "10000", "vnm": "3400"})


def _lvc_41() -> LvcRequest:
    """A passenger vehicle at 41 LVC points, all of high-wage material and labour."""
    return LvcRequest.model_validate(
        {
            "producer": "derived case", "vehicle": "sedan", "category": "passenger_vehicle",
            "date": ON.isoformat(), "method": "net_cost", "net_cost": "10000",
            "high_wage_labour": "1000", "high_wage_materials": "3100",
        }
    )  # fmt: skip


def _example(name: str) -> Any:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def _calculation(name: str) -> Calculation:
    return next(c for c in CALCULATIONS if c.name == name)


def test_a_part_given_a_pack_whose_table_d_reads_68_is_held_to_68_for_that_call_only() -> None:
    """s. 15(2), (4): 66 % meets the shipped 64 % of Table D on 2026-03-01, not 68 %."""
    gear_box = _gear_box()
    shipped = determine_part(gear_box)
    assert shipped.status is Status.ORIGINATING
    assert shipped.steps[-1].step.endswith("= 66.00 against 64")
    held = determine_part(gear_box, law=_table_d_68())
    assert held.status is Status.NON_ORIGINATING
    assert held.steps[-1].step.endswith("= 66.00 against 68")
    again = determine_part(gear_box)
    assert again == shipped


def test_the_lvc_given_a_pack_requiring_42_is_not_met_and_the_next_call_is_back_on_40() -> None:
    """s. 18(1): 41 points meet the shipped 40 % of a passenger vehicle, not 42 %."""
    assert requirement("passenger_vehicle", ON, law=_lvc_42()).total == Decimal(42)
    assert requirement("passenger_vehicle", ON).total == Decimal(40)
    request = _lvc_41()
    shipped = calculate(request)
    assert shipped.met and shipped.required_total == Decimal(40)
    held = calculate(request, law=_lvc_42())
    assert not held.met and held.required_total == Decimal(42)
    assert "= 41.00 against 42 " in (held.steps[-1].arithmetic or "")
    again = calculate(request)
    assert again.met and again.steps == shipped.steps


def test_a_vehicle_given_another_pack_holds_its_core_parts_and_its_lvc_to_that_pack() -> None:
    """The sedan example meets every requirement on the shipped pack; on a pack whose core
    parts threshold reads 85 % and whose passenger-vehicle LVC reads 42 %, the core parts
    (s. 14(13); the super-core at 83.33 is the best option) and the LVC (41 points) fail,
    while the s. 13 rule and the steel, whose figures are unchanged, are still met."""
    sedan = VehicleRequest.model_validate(_example("vehicle-sedan.yaml"))
    other = _reading(
        (CORE, "    net_cost: '75'", "    net_cost: '85'"),
        (LVC, "    lvc_total: '40'", "    lvc_total: '42'"),
    )
    shipped = determine_vehicle(sedan)
    assert shipped.status is Status.ORIGINATING
    held = determine_vehicle(sedan, law=other)
    by_name = {r.name: r for r in held.requirements}
    assert held.status is Status.NON_ORIGINATING
    assert by_name["core parts"].status is Met.NOT_MET
    assert by_name["labor value content"].status is Met.NOT_MET
    assert by_name["labor value content"].detail.startswith("LVC 41.00% against 42%")
    assert by_name["rule of s. 13 (tariff shift and RVC)"].status is Met.MET
    assert by_name["steel and aluminum"].status is Met.MET
    assert determine_vehicle(sedan) == shipped


def test_an_averaged_part_is_decided_on_the_table_d_of_the_pack_the_averaging_is_given() -> None:
    """s. 16(10)(b): January's gear boxes averaged at 66 % are decided by
    maquila.auto.parts on Table D of the pack given to the averaging."""
    lot = {
        "id": "jan", "plant": "P", "produced_from": "2026-01-01", "produced_to": "2026-01-31",
        "units": 100, "net_cost": "10000", "vnm": "3400", "exported": True,
    }  # fmt: skip
    averaging = AveragingFile.model_validate(
        {
            "parts": {
                "producer": "derived case", "part": "gear box", "hs": "8708.40",
                "use": "heavy_truck", "plant": "P", "option": "month",
                "period_start": "2026-01-01", "exported": True, "lots": [lot],
            }
        }
    )  # fmt: skip
    shipped = run(averaging)
    assert shipped.status == "met"
    assert any(step.step.endswith("against 64") for step in shipped.steps)
    held = run(averaging, law=_table_d_68())
    assert held.status == "not_met"
    assert any(step.step.endswith("against 68") for step in held.steps)
    assert run(averaging).as_dict() == shipped.as_dict()


def test_every_calculation_of_the_table_decides_on_the_pack_it_is_given() -> None:
    """``Calculation.decide(request, law=...)``: what the CLI and the API run, on another
    pack for a library caller; without it, the shipped pack."""
    part, lvc = _calculation("part"), _calculation("lvc")
    assert part.decide(_gear_box(), law=_table_d_68()).status == "non_originating"
    assert part.decide(_gear_box()).status == "originating"
    assert lvc.decide(_lvc_41(), law=_lvc_42()).status == "not_met"
    assert lvc.decide(_lvc_41()).status == "met"


def _heavy_truck() -> dict[str, Any]:
    """RVC 61 below the 64 % of s. 13, with an LVC whose high-wage points above 30 are a
    credit towards it (s. 18(22))."""
    return {
        "producer": "derived case", "vehicle": "tractor", "category": "heavy_truck",
        "date": ON.isoformat(), "net_cost": "10000", "vnm": "3900", "tariff_shift_met": True,
        "lvc": {
            "method": "net_cost", "net_cost": "10000", "high_wage_labour": "1000",
            "high_wage_materials": "2500",
            "technology": {"rd_it_wages": "10", "direct_production_wages": "100"},
            "assembly": {"plant": "E", "operated_by_producer": True, "engines_capacity": 999999},
        },
    }  # fmt: skip


def _engine_for_a_van() -> dict[str, Any]:
    """An engine for a vehicle of s. 20(2)(a), its materials traced through Table F."""
    return {
        "producer": "derived case", "good": "engine", "hs": "8408.20", "date": ON.isoformat(),
        "for_use_in": {"hs": "8702.10", "persons": "15_or_fewer"}, "net_cost": "5000",
        "tariff_shift_met": False,
        "materials": [
            {"id": "block", "hs": "8409.99", "value": "1500", "vnm_in_material": "300"},
            {"id": "crank", "value": "700", "table_g": True, "vnm_in_material": "100"},
        ],
    }  # fmt: skip


CASES: list[tuple[str, Any]] = [
    ("lvc", _example("lvc-sedan.yaml")),
    ("steel", _example("steel-purchases.yaml")),
    ("core-parts", _example("core-parts.yaml")),
    ("vehicle", _example("vehicle-sedan.yaml")),
    ("vehicle", _example("vehicle-asr.yaml")),
    ("vehicle", _heavy_truck()),
    ("part", _gear_box().model_dump(by_alias=True)),
    ("average", _example("averaging-2026.yaml")),
    ("other-vehicle", _example("other-vehicle-bus.yaml")),
    ("other-vehicle", _engine_for_a_van()),
]
IDS = ["lvc", "steel", "core-parts", "sedan", "asr", "heavy-truck", "part", "average", "bus",
       "engine"]  # fmt: skip


@pytest.fixture
def shipped_pack_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every module of maquila.auto that can read the shipped pack refuses to."""

    def refused() -> AutomotivePack:
        raise AssertionError("the shipped pack was read although a pack was given")

    patched = [
        name
        for name, module in list(sys.modules.items())
        if name.startswith("maquila.auto") and hasattr(module, "pack")
    ]
    for name in patched:
        monkeypatch.setattr(sys.modules[name], "pack", refused)
    assert {"maquila.auto.parts", "maquila.auto.vehicle", "maquila.auto.lvc"} <= set(patched)


@pytest.mark.parametrize(("name", "data"), CASES, ids=IDS)
def test_given_a_copy_of_the_shipped_pack_a_calculation_answers_alike_never_reading_it(
    name: str, data: Any, request: pytest.FixtureRequest
) -> None:
    """One call, one pack: with a pack given, no calculation (nor one it runs inside)
    falls back on the shipped one; given the same figures, the answer is the same."""
    calculation = _calculation(name)
    body: BaseModel = calculation.model.model_validate(data)
    expected = calculation.decide(body)
    request.getfixturevalue("shipped_pack_unreadable")
    answer = calculation.decide(body, law=_reading())
    assert (answer.data, answer.text, answer.status) == (
        expected.data,
        expected.text,
        expected.status,
    )


def test_the_lvc_from_payroll_and_its_certificate_read_only_the_pack_they_are_given(
    request: pytest.FixtureRequest,
) -> None:
    """The wage certifications (s. 12, s. 18(5)), the LVC calculated from them and the
    certificate's period bases (s. 18(19)) all on the one pack given."""
    payroll = load_payroll_lvc(EXAMPLES / "lvc-payroll" / "lvc.yaml")
    expected = build_from_payroll(payroll)
    lvc = calculate(LvcRequest.model_validate(_example("lvc-sedan.yaml")))
    certificate = build_certificate(lvc, lang="en")
    request.getfixturevalue("shipped_pack_unreadable")
    copy = _reading()
    assert build_from_payroll(payroll, law=copy) == expected
    assert build_certificate(lvc, lang="en", law=copy) == certificate
