"""Behaviour of the determination on small, hand-built cases (derived from the provisions)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from decimal import Decimal
from typing import Any

import pytest

from maquila.law.model import RVC
from maquila.law.pack import usmca
from maquila.origin import Request, Status, determine


def _request(hs: str, materials: list[dict[str, Any]], to: str = "US", **good: Any) -> Request:
    return Request.model_validate(
        {
            "date": "2025-06-01",
            "importing_country": to,
            "good": {"hs": hs, "produced_in": "MX", **good},
            "materials": materials,
        }
    )


def _mat(
    ident: str, hs: str, value: str, origin: str = "non_originating", **extra: Any
) -> dict[str, Any]:
    return {"id": ident, "hs": hs, "value": value, "origin": origin, **extra}


def test_a_good_made_outside_the_territory_is_non_originating() -> None:
    result = determine(_request("8504.40.95", [], produced_in="CN"))
    assert result.status is Status.NON_ORIGINATING
    assert "not in the territory" in result.reasons[0]


def test_a_wholly_obtained_good_is_originating_under_criterion_a() -> None:
    result = determine(
        _request("2601.11", [], wholly_obtained=True, wholly_obtained_category="mineral")
    )
    assert (result.status, result.criterion) == (Status.ORIGINATING, "A")


def test_a_wholly_obtained_good_of_no_stated_kind_is_asked_its_kind() -> None:
    result = determine(_request("2601.11", [], wholly_obtained=True))
    assert result.status is Status.UNDETERMINED
    assert [m.key for m in result.missing] == ["good.wholly_obtained_category"]


def test_a_good_of_only_originating_materials_is_originating_under_criterion_c() -> None:
    result = determine(_request("8504.40.95", [_mat("m", "8504.40", "5", "originating")]))
    assert (result.status, result.criterion) == (Status.ORIGINATING, "C")


def test_an_unknown_origin_counts_as_non_originating_and_the_trace_says_so() -> None:
    result = determine(
        _request("8503.00", [_mat("m", "8503.00", "5", "unknown")], transaction_value="10")
    )
    assert result.status is Status.NON_ORIGINATING
    assert any("origin unknown" in step.outcome for step in result.trace)


def test_a_material_in_an_excepted_code_fails_the_shift() -> None:
    ok = determine(_request("8504.40.60", [_mat("cpu", "8471.50", "5")], to="MX"))
    assert ok.status is Status.ORIGINATING and ok.rule and ok.rule.id == "usmca/85/6"
    bad = determine(
        _request("8504.40.60", [_mat("adp", "8471.49", "50")], to="MX", transaction_value="100")
    )
    assert bad.status is Status.NON_ORIGINATING


def test_a_tariff_item_rule_takes_precedence_over_its_subheading_rule() -> None:
    result = determine(_request("8504.40.40", [_mat("m", "8504.90", "5")]))
    assert result.rule is not None and result.rule.id == "usmca/85/5"


def test_a_good_code_too_short_for_a_tariff_item_rule_is_undetermined_naming_the_digits() -> None:
    result = determine(_request("8504.40", [_mat("m", "8504.90", "5")]))
    assert result.status is Status.UNDETERMINED
    assert any("8-digit" in m.question and m.key == "good.hs" for m in result.missing)


def test_a_material_too_short_for_an_excepted_tariff_item_is_undetermined() -> None:
    result = determine(
        _request(
            "8482.10",
            [_mat("ring", "8482.99", "50")],
            transaction_value="100",
            automotive_use="not_automotive",
        )
    )
    assert result.status is Status.UNDETERMINED
    assert any(m.key == "materials[0].hs" and "8-digit" in m.question for m in result.missing)


def _fabric_from(material_hs: str) -> Status:
    materials = [_mat("input", material_hs, "50", weight="5")]
    return determine(_request("5208.11", materials, weight="10", transaction_value="100")).status


def test_outside_that_group_refuses_a_material_from_within_the_group() -> None:
    assert _fabric_from("5209.11") is Status.NON_ORIGINATING  # 5209 is inside 5208-5212
    assert _fabric_from("5201.00") is Status.ORIGINATING


def test_whether_or_not_there_is_also_a_change_admits_the_named_parts_with_the_rvc() -> None:
    good = {"transaction_value": "100", "net_cost": "90"}
    part = _mat("motor-part", "8414.90", "30")
    result = determine(_request("8414.59", [part], automotive_use="not_automotive", **good))
    assert (result.status, result.alternative) == (Status.ORIGINATING, "B")
    assert [m.method for m in result.rvc] == ["transaction_value", "net_cost"]
    tv = result.rvc[0]
    assert tv.percent == Decimal(70) and tv.margin == Decimal(10)


def test_a_net_cost_only_rule_does_not_let_the_transaction_value_qualify() -> None:
    materials = [_mat("upper", "4202.12", "50")]
    result = determine(_request("6403.99", materials, transaction_value="100", net_cost="98"))
    assert result.status is Status.NON_ORIGINATING
    methods = {m.method: m for m in result.rvc}
    assert methods["transaction_value"].allowed is False
    assert methods["net_cost"].threshold == Decimal(55)


def test_a_de_minimis_material_still_counts_in_the_value_of_non_originating_materials() -> None:
    materials = [_mat("part", "8414.90", "9"), _mat("motor", "8501.10", "40")]
    result = determine(
        _request(
            "8414.59",
            materials,
            transaction_value="100",
            net_cost="100",
            automotive_use="not_automotive",
        )
    )
    assert (result.status, result.alternative) == (Status.ORIGINATING, "A")
    shift = [s for s in result.trace if s.step.startswith("de minimis")]
    assert shift and "9 / 100" in next(iter(shift[0].detail.values()))


def test_packing_for_shipment_is_disregarded_and_indirect_materials_are_originating() -> None:
    materials = [
        _mat("carton", "4819.10", "5", role="packing_for_shipment"),
        _mat("flux", "3810.10", "5", role="indirect"),
        _mat("part", "8504.40", "5", "originating"),
    ]
    result = determine(_request("8504.40.95", materials))
    assert (result.status, result.criterion) == (Status.ORIGINATING, "C")


def test_an_hs2022_material_is_tested_against_the_hs2012_code_the_rule_names() -> None:
    frame = _mat("seat-part", "9401.99", "30")
    # rule 94/3 (9402) changes from any other subheading: 9401.99 (HS 2012 9401.90) qualifies
    result = determine(_request("9402.10", [frame]))
    assert result.status is Status.ORIGINATING


def test_an_undesignated_self_produced_material_that_decides_the_rvc_raises_the_question() -> None:
    frame = {
        "id": "frame",
        "hs": "8714.91",
        "value": "10.6",
        "intermediate": True,
        "materials": [
            _mat("tube", "7306.30", "7.5"),
            _mat("paint", "3208.10", "1.0", "originating"),
        ],
    }
    hub = _mat("hub", "8714.93", "5.5")
    result = determine(_request("8712.00", [frame, hub], total_cost="23.2", net_cost="22.8"))
    assert result.status is Status.UNDETERMINED
    assert any(m.key == "materials[0].designated" for m in result.missing)


def test_a_parts_good_failing_its_rule_can_qualify_under_article_4_2_d() -> None:
    chair_part = _mat("chair-part", "9402.10", "30", provided_as_part=True)
    result = determine(
        _request("9402.10", [chair_part], transaction_value="100", operations=["assembling"])
    )
    assert (result.status, result.criterion) == (Status.ORIGINATING, "D")
    assert result.rvc[0].threshold == Decimal(60)


def test_goods_deemed_originating_need_no_rule_when_imported_into_the_united_states() -> None:
    result = determine(_request("8471.70", [_mat("drive", "8471.49", "80")]))
    assert result.status is Status.ORIGINATING
    assert any("GN 11(p)" in s.citation for s in result.trace)


def test_a_chemical_good_failing_its_rule_waits_for_the_section_note_answers() -> None:
    base = _request("3208.10", [_mat("resin", "3208.20", "50")], transaction_value="100")
    result = determine(base)
    assert result.status is Status.UNDETERMINED
    keys = {m.key for m in result.missing}
    assert "chemical_reaction" in keys and "mixing_blending" not in keys  # (n)(iv)(D) excludes 32
    reacted = base.model_copy(update={"facts": {"chemical_reaction": True}})
    assert determine(reacted).status is Status.ORIGINATING
    answered = base.model_copy(update={"facts": {key: False for key in keys}})
    assert determine(answered).status is Status.NON_ORIGINATING


def test_goods_deemed_originating_must_come_from_another_usmca_country() -> None:
    from_china = _request("8471.70", [], produced_in="MX", exported_from="CN")
    result = determine(from_china)
    assert not any("GN 11(p)" in s.citation for s in result.trace)


def test_mere_dilution_never_confers_origin() -> None:
    result = determine(_request("2208.90", [], non_qualifying_operation="mere_dilution"))
    assert result.status is Status.NON_ORIGINATING
    assert "Art. 4.19" in result.reasons[0]


def test_both_rvc_methods_are_shown_for_the_record_when_the_rule_needs_none() -> None:
    result = determine(
        _request(
            "8504.40.95", [_mat("pcb", "8504.90", "30")], transaction_value="100", net_cost="80"
        )
    )
    assert result.status is Status.ORIGINATING
    assert [(m.method, m.required, m.percent) for m in result.rvc] == [
        ("transaction_value", False, Decimal(70)),
        ("net_cost", False, Decimal("62.5")),
    ]


def test_a_described_excepted_item_asks_whether_the_material_is_that_good() -> None:
    base = _request("1302.19", [_mat("straw", "2939.11", "50")], transaction_value="100")
    result = determine(base)
    assert result.status is Status.UNDETERMINED
    assert [m.key for m in result.missing] == ["materials[0].except0"]
    other = base.model_copy(update={"facts": {"materials[0].except0": False}})
    assert determine(other).status is Status.ORIGINATING
    poppy = base.model_copy(update={"facts": {"materials[0].except0": True}})
    assert determine(poppy).status is Status.NON_ORIGINATING


def test_a_change_from_any_other_good_within_the_subheading_asks_about_the_material() -> None:
    # 09 rule 11: a good of 0907.10-0907.20 from any other good within those subheadings,
    # any other subheading within that group or any other chapter
    base = _request("0907.20", [_mat("whole-cloves", "0907.10", "50")], transaction_value="100")
    answered = base.model_copy(update={"facts": {"materials[0].other_good": True}})
    assert determine(answered).status is Status.ORIGINATING
    unanswered = determine(
        _request("0907.20", [_mat("cloves", "0907.20", "50")], transaction_value="100")
    )
    assert unanswered.status is Status.UNDETERMINED
    assert any(m.key == "materials[0].other_good" for m in unanswered.missing)


def test_materials_from_more_than_one_excepted_group_fail_a_machine_tool_rule() -> None:
    # 84/141: 8456.20-8456.30 from any other heading, except from more than one of:
    # (A) 8413.50-8413.60, (B) 8466.93.15/.30/.53, (C) 8501.32 or 8501.52, (D) 8537.10
    pump = _mat("pump", "8413.50", "10")
    motor = _mat("motor", "8501.32", "10")
    panel = _mat("panel", "8537.10", "10")
    one = determine(_request("8456.20", [pump], to="MX", transaction_value="100"))
    assert one.status is Status.ORIGINATING
    two = determine(_request("8456.20", [pump, motor, panel], to="MX", transaction_value="100"))
    assert two.status is Status.NON_ORIGINATING


def test_a_chapter_62_garment_must_also_meet_the_chapter_rule_on_sewing_thread() -> None:
    fabric = _mat("denim", "5209.42", "4.80", "originating", weight="0.6")
    thread = _mat("thread", "5401.10", "0.12", weight="0.008")
    base = _request(
        "6203.42", [fabric, thread], transaction_value="14", classifying_component_weight="0.62"
    )
    facts: dict[str, Any] = {"usmca/62/1:rule": True}
    undecided = determine(base.model_copy(update={"facts": facts}))
    assert undecided.status is Status.UNDETERMINED
    assert "usmca/62/chapter-rule-4:rule" in {m.key for m in undecided.missing}
    chinese = {**facts, "usmca/62/chapter-rule-4:rule": False}
    assert determine(base.model_copy(update={"facts": chinese})).status is Status.NON_ORIGINATING


def test_a_parts_good_below_the_article_4_2_d_threshold_is_refused_on_the_pack_s_figures() -> None:
    """The threshold and the reason given both come from the pack (GN 11(n)(i)): a pack
    reading 75 % TV holds the chair part of 70 % to it, and says 75 %."""
    pack = usmca()
    stricter = replace(
        pack,
        general=pack.general.model_copy(
            update={"parts_fallback_rvc": RVC(transaction_value=Decimal(75))}
        ),
    )
    chair_part = _mat("chair-part", "9402.10", "30", provided_as_part=True)
    request = _request("9402.10", [chair_part], transaction_value="100", operations=["assembling"])
    assert (determine(request).status, determine(request).criterion) == (Status.ORIGINATING, "D")
    refused = determine(request, pack=stricter)
    assert refused.status is Status.NON_ORIGINATING
    assert refused.reasons[-1].endswith("value content is below 75 % (TV)")


def test_a_determination_is_built_once_and_cannot_be_patched_afterwards() -> None:
    result = determine(_request("8504.40.95", [_mat("m", "8504.40", "5", "originating")]))
    with pytest.raises(FrozenInstanceError):
        result.status = Status.NON_ORIGINATING  # type: ignore[misc]
    assert isinstance(result.trace, tuple) and isinstance(result.missing, tuple)
    again = determine(_request("8504.40.95", [_mat("m", "8504.40", "5", "originating")]))
    assert again == result  # the same request decides the same, nothing carried over
