"""Other vehicles (SOR/2020-155 s. 20), 8703.10 and the chassis and bodies of 87.06/87.07
(s. 13). Cases DERIVED from ss. 12, 13 and 20: each figure is read from the reference
(../shared/reference/usmca/automotive/parameters.json) and tested at, one hundredth below
and one hundredth above; net cost 10,000 so that VNM = 10,000 - 100 x RVC."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from maquila.auto.other_vehicles import OtherVehicleRequest, determine
from maquila.auto.other_vehicles.new_plant import size_category
from maquila.auto.other_vehicles.rvc import OtherResult
from maquila.cli.main import app
from maquila.dates import add_months
from maquila.verdict import Missing
from shared_reference import reference

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = reference("usmca", "automotive")
EXAMPLE = ROOT / "examples" / "other-vehicle-bus.yaml"
OFFSETS = [Decimal("-0.01"), Decimal(0), Decimal("0.01")]
ON = "2026-03-01"


def _param(ident: str) -> dict[str, Any]:
    params = json.loads((REFERENCE / "parameters.json").read_text(encoding="utf-8"))["parameters"]
    found: dict[str, Any] = next(p for p in params if p["id"] == ident)
    return found


def _d(value: object) -> Decimal:
    return Decimal(str(value))


def _run(rvc: Decimal | None = None, **data: Any) -> OtherResult:
    base: dict[str, Any] = {"producer": "derived", "good": "g", "date": ON, "net_cost": "10000"}
    if rvc is not None:
        base["vnm"] = str(10000 - rvc * 100)
    base.update(data)
    return determine(OtherVehicleRequest.model_validate(base))


def _expected(offset: Decimal) -> str:
    return "originating" if offset >= 0 else "non_originating"


S20_2 = [  # s. 20(2)(a)-(g): the HS 2022 code and the facts that make the vehicle one
    {"hs": "8702.10", "persons": "15_or_fewer"},
    {"hs": "8703.32"},  # compression-ignition only: its subheading answers (b)
    {"hs": "8703.80", "motorcycle": True},
    {"hs": "8703.23", "motorhome_or_entertainer_coach": True},
    {"hs": "8703.24", "ambulance_hearse_or_prison_van": True},
    {"hs": "8703.22", "off_road": True},
    {"hs": "8704.21", "off_road": True},
]
S20_3A = [  # s. 20(3)(a)(i)-(v)
    {"hs": "8701.10"},
    {"hs": "8701.91"},  # HS 2022, bridged to 8701.90
    {"hs": "8702.90", "persons": "16_or_more"},
    {"hs": "8704.10"},
    {"hs": "8704.32", "off_road": True},
    {"hs": "8705.10"},
]


@pytest.mark.parametrize("facts", S20_2, ids=lambda f: "-".join(map(str, f.values())))
@pytest.mark.parametrize("offset", OFFSETS)
def test_each_vehicle_of_s20_2_is_decided_at_62_5_net_cost(
    facts: dict[str, Any], offset: Decimal
) -> None:
    """Derived: s. 20(2)(a)-(g) with the change of heading of its s. 13 row."""
    rvc = _d(_param("other_vehicles.rvc_62_5")["net_cost"]) + offset
    result = _run(rvc, tariff_shift_met=True, **facts)
    assert result.status == _expected(offset), result.missing
    assert all("s. 20(2)" in r.citation for r, _ in result.readings)


@pytest.mark.parametrize("facts", S20_3A, ids=lambda f: "-".join(map(str, f.values())))
@pytest.mark.parametrize("offset", OFFSETS)
def test_each_vehicle_of_s20_3a_is_decided_at_60_net_cost(
    facts: dict[str, Any], offset: Decimal
) -> None:
    """Derived: s. 20(3)(a)(i)-(v)."""
    rvc = _d(_param("other_vehicles.rvc_60")["net_cost"]) + offset
    result = _run(rvc, tariff_shift_met=True, **facts)
    assert result.status == _expected(offset), result.missing
    assert all("s. 20(3)(a)" in r.citation for r, _ in result.readings)


def test_a_vehicle_without_its_change_of_heading_is_not_originating() -> None:
    result = _run(Decimal(90), hs="8704.10", tariff_shift_met=False)
    assert result.status == "non_originating"
    assert _run(Decimal(90), hs="8704.10").missing == [
        Missing(
            "tariff_shift_met",
            "is there a change from any other heading (its s. 13 row) (tariff_shift_met)?",
            "SOR/2020-155 s. 20(3)(a)(iii)",
            "the rule of 8704.10",
        )
    ]


def test_an_unknown_number_of_persons_is_asked_only_when_the_thresholds_disagree() -> None:
    """Derived: s. 20(2)(a) 62.5 % and s. 20(3)(a)(ii) 60 %: an RVC of 61 depends on it."""
    open_ = _run(Decimal(61), hs="8702.10", tariff_shift_met=True)
    assert open_.status == "undetermined"
    assert any("persons" in m.question for m in open_.missing)
    assert _run(Decimal(63), hs="8702.10", tariff_shift_met=True).status == "originating"
    assert _run(Decimal(59), hs="8702.10", tariff_shift_met=True).status == "non_originating"


def test_a_vehicle_of_8703_is_asked_what_it_is_and_a_passenger_vehicle_is_sent_on() -> None:
    """s. 12 'passenger vehicle' and s. 20(2)(b)-(f): unknown facts are asked; all answered
    no, it is a passenger vehicle, decided by ss. 13-18 (maquila auto vehicle)."""
    asked = _run(Decimal(90), hs="8703.23", tariff_shift_met=True)
    assert asked.status == "undetermined"
    assert sum("8703.23: is it" in m.question for m in asked.missing) == 5
    facts = {
        k: False
        for k in (
            "compression_ignition",
            "motorcycle",
            "motorhome_or_entertainer_coach",
            "ambulance_hearse_or_prison_van",
            "off_road",
        )
    }
    sent = _run(Decimal(90), hs="8703.23", tariff_shift_met=True, **facts)
    assert sent.status == "undetermined"
    assert [(m.key, m.question) for m in sent.missing] == [
        ("determination", "the determination under maquila auto vehicle (ss. 13-18)")
    ]


def test_an_on_road_truck_is_sent_to_the_vehicle_command() -> None:
    result = _run(Decimal(90), hs="8704.22", off_road=False, tariff_shift_met=True)
    assert [r.label for r, _ in result.readings] == ["a heavy truck (s. 12)"]
    assert result.status == "undetermined"


def test_an_hs2012_counterpart_must_be_one_the_bridge_gives() -> None:
    with pytest.raises(ValidationError, match="not a counterpart"):
        _run(Decimal(90), hs="8702.30", hs2012="8702.10")


@pytest.mark.parametrize("method", ["net_cost", "transaction_value"])
@pytest.mark.parametrize("offset", OFFSETS)
def test_a_good_of_8703_10_is_decided_on_either_method(method: str, offset: Decimal) -> None:
    """Derived: s. 13 row 8703.10: 60 % transaction value or 50 % net cost."""
    figures = {
        k: _d(v) for value in _param("rvc.vehicle.8703.10")["values"] for k, v in value.items()
    }
    rvc = figures[method] + offset
    bases = {"net_cost": None, "transaction_value": None, method: "10000"}
    result = _run(None, hs="8703.10", vnm=str(10000 - rvc * 100), tariff_shift_met=True, **bases)
    assert result.status == _expected(offset)


def _chassis(variant: str) -> dict[str, Any]:
    values = _param("rvc.chassis_bodies.87.06_87.07")["values"]
    found: dict[str, Any] = next(v for v in values if variant in v["for_use_in"])
    return found


@pytest.mark.parametrize("offset", OFFSETS)
def test_a_chassis_for_another_vehicle_is_decided_at_its_s13_figure(offset: Decimal) -> None:
    """Derived: s. 13 row 87.06 (3) and s. 20(3)(a)(vi); no change of classification."""
    rvc = _d(_chassis("any_other_vehicle")["net_cost"]) + offset
    use = {"hs": "8702.10", "persons": "16_or_more"}
    assert _run(rvc, hs="8706.00", for_use_in=use).status == _expected(offset)


@pytest.mark.parametrize("phase", _chassis("heavy_truck")["schedule"], ids=lambda p: p["from"])
@pytest.mark.parametrize("offset", OFFSETS)
def test_a_body_for_a_heavy_truck_follows_the_phases_and_needs_the_chapter_change(
    phase: dict[str, Any], offset: Decimal
) -> None:
    """Derived: s. 13 row 87.07 (2): a change from any other chapter AND the dated RVC."""
    rvc = _d(phase["net_cost"]) + offset
    use = {"hs": "8704.23", "off_road": False}
    data = {"hs": "8707.90", "for_use_in": use, "date": phase["from"]}
    assert _run(rvc, tariff_shift_met=True, **data).status == _expected(offset)
    assert _run(rvc + 5, tariff_shift_met=False, **data).status == "non_originating"


def test_a_chassis_for_a_passenger_vehicle_is_at_the_phase_of_its_date() -> None:
    """Derived: s. 13 row 87.06 (1), last phase."""
    phase = _chassis("passenger_vehicle")["schedule"][-1]
    facts = {"hs": "8703.23", "compression_ignition": False, "motorcycle": False}
    facts |= {"motorhome_or_entertainer_coach": False, "ambulance_hearse_or_prison_van": False}
    use = facts | {"off_road": False}
    rvc = _d(phase["net_cost"])
    assert _run(rvc, hs="8706.00", for_use_in=use).status == "originating"
    assert _run(rvc - Decimal("0.01"), hs="8706.00", for_use_in=use).status == "non_originating"


def test_a_part_without_its_vehicle_is_asked_for_it() -> None:
    result = _run(Decimal(90), hs="8708.40")
    assert result.status == "undetermined" and "for_use_in" in result.missing[0].question


@pytest.mark.parametrize(
    ("use", "ident"),
    [
        ({"hs": "8702.10", "persons": "15_or_fewer"}, "other_vehicles.rvc_62_5"),
        ({"hs": "8705.10"}, "other_vehicles.rvc_60"),
    ],
)
@pytest.mark.parametrize("offset", OFFSETS)
def test_an_engine_is_decided_at_the_figure_of_the_vehicle_it_is_for(
    use: dict[str, Any], ident: str, offset: Decimal
) -> None:
    """Derived: s. 20(2)(h) (62.5 %) and s. 20(3)(b) (60 %); its rule's tariff shift not met."""
    rvc = _d(_param(ident)["net_cost"]) + offset
    result = _run(rvc, hs="8408.20", for_use_in=use, tariff_shift_met=False)
    assert result.status == _expected(offset)


def test_table_g_materials_of_an_engine_count_at_their_own_vnm() -> None:
    """Derived: s. 20(4)(a) and Table G item 1: a non-originating cast block of 3,000 whose
    own VNM is 500 counts 500, so the VNM is 500 + 1,000 = 1,500: RVC 85 %; the same engine
    for a vehicle of s. 20(2) with an unlisted block counts 3,000: RVC 60 % < 62.5 %."""
    materials = [
        {
            "id": "cast block",
            "value": "3000",
            "originating": False,
            "table_g": True,
            "vnm_in_material": "500",
        },
        {"id": "other", "value": "1000", "originating": False},
    ]
    data = {"hs": "8408.20", "materials": materials, "tariff_shift_met": False}
    assert _run(None, for_use_in={"hs": "8705.10"}, **data).status == "originating"
    unlisted = [{**materials[0], "table_g": False}, materials[1]]
    bus = {"hs": "8702.10", "persons": "15_or_fewer"}
    assert _run(None, for_use_in=bus, **{**data, "materials": unlisted}).status == (
        "non_originating"
    )


def test_a_lettered_table_f_material_is_asked_when_the_answer_decides() -> None:
    """s. 20(4)(a) and Table F 8708.29.aa (body stampings): listed, the VNM is 500; not,
    3,000 (RVC 85 or 60 against 62.5): the listing is asked."""
    stamping = {
        "id": "stamping",
        "hs": "8708.29",
        "value": "3000",
        "originating": False,
        "vnm_in_material": "500",
    }
    other = {"id": "other", "value": "1000", "originating": False}
    bus = {"hs": "8702.10", "persons": "15_or_fewer"}
    data = {"hs": "8708.40", "for_use_in": bus, "tariff_shift_met": False}
    asked = _run(None, materials=[stamping, other], **data)
    assert asked.status == "undetermined" and any("table_f" in m.question for m in asked.missing)
    told = _run(None, materials=[{**stamping, "table_f": True}, other], **data)
    assert told.status == "originating"


@pytest.mark.parametrize("offset", OFFSETS)
def test_a_table_f_good_with_an_rvc_rule_is_decided_at_60(offset: Decimal) -> None:
    """Derived: s. 20(3)(c): a tire of 40.11 for a vehicle of s. 20(2)(a)."""
    rvc = _d(_param("other_vehicles.rvc_60")["net_cost"]) + offset
    bus = {"hs": "8702.10", "persons": "15_or_fewer"}
    result = _run(rvc, hs="4011.20", for_use_in=bus, rule_has_rvc=True, tariff_shift_met=False)
    assert result.status == _expected(offset)


def test_bearings_and_goods_without_an_rvc_rule_are_left_to_schedule_1() -> None:
    """s. 20(3)(c): "except ... 8482.10 through 8482.80, 8483.20 or 8483.30"; "subject to
    an RVC requirement"."""
    bus = {"hs": "8702.10", "persons": "15_or_fewer"}
    bearing = _run(Decimal(90), hs="8482.10", for_use_in=bus, rule_has_rvc=True)
    assert bearing.status == "undetermined" and "excepted" in bearing.missing[0].question
    unknown = _run(Decimal(90), hs="4011.20", for_use_in=bus)
    assert any("rule_has_rvc" in m.question for m in unknown.missing)


def _new_plant(first: date, **facts: bool) -> dict[str, Any]:
    return {
        "first_prototype": first.isoformat(),
        "new_building": True,
        "substantially_all_new_machinery": True,
        "new_class": True,
        **facts,
    }


@pytest.mark.parametrize("offset", OFFSETS)
def test_a_new_plant_vehicle_is_decided_at_50_within_five_years(offset: Decimal) -> None:
    """Derived: s. 20(8)(a)."""
    rvc = _d(_param("other_vehicles.new_plant_and_refit")["percent"]) + offset
    plant = _new_plant(date(2023, 5, 10))
    result = _run(rvc, hs="8704.10", tariff_shift_met=True, new_plant=plant)
    assert result.status == _expected(offset)


@pytest.mark.parametrize(("days", "status"), [(0, "originating"), (1, "non_originating")])
def test_the_new_plant_period_ends_on_the_fifth_anniversary(days: int, status: str) -> None:
    """Derived: s. 20(8)(a) "for five years after the date": an RVC of 55 meets 50 on the
    anniversary, and fails 60 (s. 20(3)(a)(iii)) the day after."""
    years = _param("other_vehicles.new_plant_and_refit")["new_plant_years"]
    first = date(2021, 3, 1)
    on = add_months(first, 12 * years) + timedelta(days=days)
    result = _run(
        Decimal(55),
        hs="8704.10",
        tariff_shift_met=True,
        date=on.isoformat(),
        new_plant=_new_plant(first),
    )
    assert result.status == status


def test_a_new_plant_condition_not_met_keeps_the_ordinary_threshold() -> None:
    """Derived: s. 20(8)(a)(ii): not a new building; and (i) for a s. 20(3) vehicle the size
    category and underbody do not count."""
    old = _new_plant(date(2024, 1, 1), new_building=False)
    assert _run(Decimal(55), hs="8704.10", tariff_shift_met=True, new_plant=old).status == (
        "non_originating"
    )
    size_only = _new_plant(
        date(2024, 1, 1), new_class=False, new_marque=False, new_size_category_and_underbody=True
    )
    assert _run(Decimal(55), hs="8704.10", tariff_shift_met=True, new_plant=size_only).status == (
        "non_originating"
    )
    small_bus = {"hs": "8702.10", "persons": "15_or_fewer", "tariff_shift_met": True}
    assert _run(Decimal(55), new_plant=size_only, **small_bus).status == "originating"


def test_unknown_new_plant_facts_are_asked_only_between_50_and_the_threshold() -> None:
    plant = {"first_prototype": "2024-01-01", "new_class": True}
    asked = _run(Decimal(55), hs="8704.10", tariff_shift_met=True, new_plant=plant)
    assert asked.status == "undetermined" and len(asked.missing) == 2
    assert _run(Decimal(61), hs="8704.10", tariff_shift_met=True, new_plant=plant).status == (
        "originating"
    )


@pytest.mark.parametrize(("reopened", "status"), [(0, "originating"), (-1, "non_originating")])
def test_a_refit_needs_a_closure_of_three_months(reopened: int, status: str) -> None:
    """Derived: s. 12 'refit' (closure of at least three months) and s. 20(8)(b) (two
    years): closed from Oct 1, 2024; reopened on Jan 1, 2025 is three months, a day earlier
    is not."""
    months = _param("other_vehicles.new_plant_and_refit")["refit_min_closure_months"]
    closed = date(2024, 10, 1)
    refit = {
        "closed_from": closed.isoformat(),
        "new_marque": True,
        "reopened_on": (add_months(closed, months) + timedelta(days=reopened)).isoformat(),
        "first_prototype": "2025-02-01",
    }
    result = _run(Decimal(55), hs="8704.10", tariff_shift_met=True, refit=refit)
    assert result.status == status


def test_the_size_category_follows_the_bounds_of_the_definition() -> None:
    """s. 12 'size category' (a)-(e), each bound read from the reference."""
    cats = {c["id"]: c for c in _param("definitions.size_category")["categories"]}
    for cid, cat in cats.items():
        for key, inclusive, step in (
            ("min_m3", "min_inclusive", 1),
            ("max_m3", "max_inclusive", -1),
        ):
            if key not in cat:
                continue
            bound = _d(cat[key])
            assert (size_category(bound) == cid) == cat[inclusive]
            assert size_category(bound + step * Decimal("0.0001")) == cid


def test_the_command_decides_the_example_bus() -> None:
    result = CliRunner().invoke(app, ["auto", "other-vehicle", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "originating"
    assert data["readings"][0]["citation"] == "SOR/2020-155 s. 20(3)(a)(ii)"


def test_the_command_exits_2_with_the_questions_when_undetermined(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["persons"]
    data["materials"] = data["materials"][:1] + [{"id": "x", "value": "95000"}]
    path = tmp_path / "bus.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", "other-vehicle", str(path)])
    assert result.exit_code == 2 and "persons" in result.stdout


def test_bad_input_is_one_message_with_its_path(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["persons"] = 40
    path = tmp_path / "bus.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["auto", "other-vehicle", str(path)])
    assert result.exit_code == 1 and "$.persons" in result.stderr and "40" in result.stderr


@pytest.mark.parametrize(
    ("vnm", "status"), [("3750.5", "originating"), ("3750.6", "non_originating")]
)
def test_the_rvc_is_compared_as_shown_to_hundredths_half_up(vnm: str, status: str) -> None:
    """Derived: 62.495 % shows as 62.50 and meets 62.5 % (s. 20(2)(a)); 62.494 does not."""
    bus = {"hs": "8702.10", "persons": "15_or_fewer", "tariff_shift_met": True}
    assert _run(None, vnm=vnm, **bus).status == status


@pytest.mark.parametrize("offset", OFFSETS)
def test_an_aftermarket_8708_part_with_an_rvc_alternative_is_decided_at_its_s13_figure(
    offset: Decimal,
) -> None:
    """Derived: s. 13, 8708 rows, "for any other good ... as an aftermarket part" (50 %)."""
    figure = _d(_param("rvc.s13.other_vehicle_or_aftermarket_parts")["net_cost"])
    data = {"hs": "8708.30", "aftermarket": True, "rule_has_rvc": True, "tariff_shift_met": False}
    assert _run(figure + offset, **data).status == _expected(offset)
