"""Core parts of Table A.2 (SOR/2020-155 s. 14(4)-(13)) on cases DERIVED from the
provision: each s. 14(13) phase read from the reference, a part exactly at the threshold,
one hundredth below and above; the producer's choice of VNM (s. 14(7)(a)/(b)); the
super-core (s. 14(10)) carrying a part that fails alone; the advanced battery sent to
Schedule 1."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from maquila.auto.core_parts import CorePartsRequest, evaluate
from maquila.cli.main import app
from shared_reference import reference

REFERENCE = reference("usmca", "automotive")
ROOT = Path(__file__).resolve().parents[2]


def _phases() -> list[dict[str, Any]]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    return next(p for p in params if p["id"] == "rvc.parts.core.table_A1_A2")["schedule"]


def _request(parts: list[dict[str, Any]], on: str) -> CorePartsRequest:
    return CorePartsRequest.model_validate(
        {
            "producer": "p",
            "vehicle": "v",
            "category": "passenger_vehicle",
            "date": on,
            "parts": parts,
        }
    )


@pytest.mark.parametrize("phase", _phases(), ids=lambda p: p["from"])
@pytest.mark.parametrize("offset", [Decimal("-0.01"), Decimal(0), Decimal("0.01")])
def test_a_part_meets_each_phase_at_its_threshold_and_not_one_hundredth_below(
    phase: dict[str, Any], offset: Decimal
) -> None:
    nc = Decimal(str(phase["net_cost"]))
    rvc = nc + offset  # net cost 10,000: VNM = 10,000 - 100 x RVC
    part = {"part": "Engines", "net_cost": "10000", "vnm_all": str(10000 - rvc * 100)}
    result = evaluate(_request([part], phase["from"]))
    engines = result.per_part["Engines"][0]
    assert engines.threshold == nc and engines.met is (offset >= 0)
    assert result.status == ("met" if offset >= 0 else "not_met")


@pytest.mark.parametrize("phase", _phases(), ids=lambda p: p["from"])
def test_the_transaction_value_threshold_of_each_phase_applies_to_the_tv_method(
    phase: dict[str, Any],
) -> None:
    tv = Decimal(str(phase["transaction_value"]))
    part = {"part": "Axles", "transaction_value": "10000", "vnm_all": str(10000 - tv * 100)}
    assert evaluate(_request([part], phase["from"])).status == "met"
    below = {**part, "vnm_all": str(10000 - tv * 100 + 1)}
    assert evaluate(_request([below], phase["from"])).status == "not_met"


def test_the_producer_may_count_only_the_column_2_components() -> None:
    # 2026: 75 % NC. All VNM gives 70 %; the column-2 components alone give 80 %.
    part = {"part": "Engines", "net_cost": "1000", "vnm_all": "300", "vnm_listed_components": "200"}
    result = evaluate(_request([part], "2026-01-01"))
    assert [o.met for o in result.per_part["Engines"][:2]] == [False, True]
    assert result.status == "met"


def test_the_super_core_carries_a_part_that_fails_on_its_own() -> None:
    parts = [
        {"part": "Engines", "net_cost": "1000", "vnm_all": "100"},  # 90 %
        {"part": "Axles", "net_cost": "1000", "vnm_all": "350"},  # 65 %: fails alone
    ]
    result = evaluate(_request(parts, "2026-01-01"))
    each, super_all = result.options[0], result.options[1]
    assert each.met is False and super_all.met is True  # (2000 - 450) / 2000 = 77.5 %
    assert result.status == "met"


def test_the_advanced_battery_is_decided_under_schedule_1() -> None:
    parts = [
        {"part": "Engines", "net_cost": "1000", "vnm_all": "100"},
        {"part": "Advanced batteries"},
    ]
    unknown = evaluate(_request(parts, "2026-01-01"))
    assert unknown.status == "undetermined" and "Schedule 1" in unknown.missing[0].question
    parts[1]["originating"] = False
    assert evaluate(_request(parts, "2026-01-01")).status == "not_met"
    parts[1]["originating"] = True
    assert evaluate(_request(parts, "2026-01-01")).status == "met"


def test_a_part_that_is_not_in_column_1_is_refused_naming_the_allowed_parts() -> None:
    with pytest.raises(ValidationError, match="allowed: Advanced batteries, Axles"):
        _request([{"part": "Seats", "net_cost": "1"}], "2026-01-01")


def test_the_command_shows_every_option_of_the_example() -> None:
    result = CliRunner().invoke(
        app, ["auto", "core-parts", str(ROOT / "examples" / "core-parts.yaml"), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "met"
    assert [o["rvc"] for o in data["options"][1:]] == ["75.00", "83.81"]
