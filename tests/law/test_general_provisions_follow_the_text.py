"""Every threshold of the general part of the pack is the one the GN 11 text prints."""

from __future__ import annotations

import re
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from maquila.law.pack import PackError, load_pack_texts, usmca


def _general_text() -> str:
    return (resources.files("maquila.law") / "usmca" / "general.yaml").read_text("utf-8")


Ref = dict[tuple[str, str], dict[str, Any]]


def _percents(text: str) -> list[Decimal]:
    return [Decimal(x) for x in re.findall(r"(\d+(?:\.\d+)?) percent", text)]


def test_de_minimis_by_value_is_the_percentage_gn11_e_i_prints(psr_reference: Ref) -> None:
    text = psr_reference[("general", "de-minimis-GN11(e)(i)")]["text"]
    assert set(_percents(text)) == {usmca().general.de_minimis_value.percent}


def test_textile_de_minimis_and_elastomeric_limits_are_those_of_gn11_e_iv(
    psr_reference: Ref,
) -> None:
    text = psr_reference[("general", "de-minimis-GN11(e)(iv)")]["text"]
    general = usmca().general
    assert "not more than 10 percent of the total weight" in text
    assert general.de_minimis_textile_weight.percent == Decimal(10)
    assert "do not exceed 7 percent" in text
    assert general.de_minimis_elastomeric_weight.percent == Decimal(7)


def test_the_parts_fallback_thresholds_are_those_of_gn11_n_i(psr_reference: Ref) -> None:
    text = psr_reference[("general", "GN11(n)(i)")]["text"]
    fallback = usmca().general.parts_fallback_rvc
    assert f"not less than {fallback.transaction_value} percent if the transaction value" in text
    assert f"not less than {fallback.net_cost} percent if the net cost" in text
    assert "chapters 61 to 63" in text
    assert usmca().general.parts_fallback_excluded.items == ("61-63",)


def test_the_goods_deemed_originating_are_exactly_those_gn11_p_lists(psr_reference: Ref) -> None:
    record = psr_reference[("general", "GN11(p)")]
    printed = {code.strip() for code in record["scope"].split(",")}
    assert set(usmca().general.deemed_originating.items) == printed


def test_the_rayon_materials_disregarded_are_those_of_gn11_n_vii(psr_reference: Ref) -> None:
    text = psr_reference[("general", "GN11(n)(vii)")]["text"]
    for heading in usmca().general.rayon_disregarded.items:
        assert heading in text


def test_every_de_minimis_exception_cites_a_paragraph_of_gn11_e_ii(psr_reference: Ref) -> None:
    text = psr_reference[("general", "de-minimis-GN11(e)(ii)")]["text"]
    for exception in usmca().general.de_minimis_exceptions:
        letter = exception.citation.rsplit("(", 1)[-1].rstrip(")")
        assert f"({letter})" in text
        for item in exception.materials.items + exception.goods.items:
            first = item.split("-")[0]
            assert first.lstrip("0") in text or first in text, (exception.citation, item)


def test_a_pack_with_an_unknown_key_is_refused_naming_file_and_path() -> None:
    general = _general_text()
    bad = (
        "chapter: '85'\nrules:\n  - rule: '9'\n    scope: {items: ['8504']}\n"
        "    source: x\n    alternatives: [{shift: {to: {items: ['8504']}, frm: heading}}]\n"
    )
    with pytest.raises(PackError) as raised:
        load_pack_texts("test", general, {"ch85.yaml": bad})
    message = str(raised.value)
    assert "ch85.yaml" in message and "alternatives.0.shift.frm" in message


def test_overlapping_dated_versions_of_a_rule_are_refused() -> None:
    general = _general_text()
    rule = (
        "  - rule: '3'\n    scope: {items: ['8503']}\n    source: x\n"
        "    effective_from: START\n"
        "    alternatives: [{shift: {to: {items: ['8503']},\n"
        "                            from: [{kind: other, level: heading}]}}]\n"
    )
    text = (
        "chapter: '85'\nrules:\n"
        + rule.replace("START", "2020-07-01")
        + rule.replace("START", "2023-01-01")
    )
    with pytest.raises(PackError) as raised:
        load_pack_texts("test", general, {"ch85.yaml": text})
    assert "overlap" in str(raised.value)
