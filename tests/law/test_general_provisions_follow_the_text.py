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
    assert {item.code for item in usmca().general.deemed_originating.items} == printed


def test_each_good_deemed_originating_carries_the_name_gn11_p_prints_beside_it(
    psr_reference: Ref,
) -> None:
    text = psr_reference[("general", "GN11(p)")]["text"]
    for item in usmca().general.deemed_originating.items:
        # "<name>: <code>, <code>; <name>: ..." -- the item's code follows its own name
        block = text.split(f"{item.name}:", 1)
        assert len(block) == 2, item.name
        assert item.code in block[1].split(";", 1)[0], (item.name, item.code)


def test_the_current_codes_of_8517_70_are_its_whole_successors_in_the_un_correlation(
    hs2017_reference: list[tuple[str, str, str]],
) -> None:
    (item,) = [i for i in usmca().general.deemed_originating.items if i.code == "8517.70"]
    whole = {hs22 for hs22, hs17, kind in hs2017_reference if hs17 == "8517.70" and kind == "n:1"}
    assert set(item.current) == whole


def test_the_rayon_materials_disregarded_are_those_of_gn11_n_vii(psr_reference: Ref) -> None:
    text = psr_reference[("general", "GN11(n)(vii)")]["text"]
    for heading in usmca().general.rayon_disregarded.items:
        assert heading in text


def _note_text(psr_reference: Ref, citation: str) -> str:
    """The printed text a de minimis entry cites: GN 11(e)(ii), or a chapter note of (o)."""
    if citation.startswith("HTSUS GN 11(e)(ii)"):
        return str(psr_reference[("general", "de-minimis-GN11(e)(ii)")]["text"])
    found = re.fullmatch(r"HTSUS GN 11\(o\) ch\. (\d+) unnumbered (\S+)", citation)
    assert found, citation
    return str(psr_reference[(f"{int(found.group(1)):02d}", found.group(2))]["text"])


def test_every_de_minimis_exception_and_permission_quotes_its_printed_provision(
    psr_reference: Ref,
) -> None:
    general = usmca().general
    for entry in general.de_minimis_exceptions + general.de_minimis_permissions:
        text = _note_text(psr_reference, entry.citation)
        for item in entry.materials.items + entry.goods.items:
            first = item.split("-")[0]
            assert first.lstrip("0") in text or first in text, (entry.citation, item)
        for qualifier in (entry.material_qualifier, entry.good_qualifier):
            if qualifier and entry.citation.startswith("HTSUS GN 11(e)"):
                assert qualifier.removeprefix("a ") in text, (entry.id, qualifier)


def test_every_paragraph_of_gn11_e_ii_has_its_exception(psr_reference: Ref) -> None:
    text = psr_reference[("general", "de-minimis-GN11(e)(ii)")]["text"]
    letters = set(re.findall(r"\(([A-J])\) ", text))
    cited = {
        e.citation.split("(e)(ii)(")[1][0]
        for e in usmca().general.de_minimis_exceptions
        if "(e)(ii)(" in e.citation
    }
    assert letters == cited


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
