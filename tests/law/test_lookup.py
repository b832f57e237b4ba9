"""``maquila.law.lookup``: the law of one code, and the pack's coverage of a print."""

from __future__ import annotations

from datetime import date

import pytest

from maquila.hs.bridge import BRIDGE_CITATION
from maquila.hs.codes import HSCodeError
from maquila.law.compile import compile_record
from maquila.law.lookup import coverage, explain_code
from maquila.law.pack import usmca

ON = date(2025, 6, 1)


def _ids(rules: object) -> list[str]:
    return [rule.id for rule in rules]  # type: ignore[attr-defined]


def _keys(code: str) -> dict[str, bool]:
    return {p.key: p.sure for p in explain_code(usmca(), code, ON).provisions}


def test_a_tariff_item_is_covered_by_its_own_rule_and_deemed_originating_when_listed() -> None:
    law = explain_code(usmca(), "8504.40.60", ON)
    assert law.covered and not law.edition_changed and law.bridge_citation is None
    (candidate,) = law.candidates
    assert _ids(candidate.rules) == ["usmca/85/6"]
    assert "usmca/general/GN11(p)" in _ids(candidate.records)
    assert "usmca/85/chapter-rule-1" in _ids(candidate.records)
    assert _keys("8504.40.60")["deemed_originating"] is True


def test_a_code_changed_by_hs_2022_is_looked_up_under_its_hs_2012_partner_with_citation() -> None:
    law = explain_code(usmca(), "9401.99", ON)
    assert law.edition_changed and law.bridge_citation == BRIDGE_CITATION
    assert [str(c.code) for c in law.candidates] == ["9401.90"]
    assert _ids(law.candidates[0].rules) == ["usmca/94/2"]


def test_a_heading_is_not_covered_but_lists_the_rules_that_might_be_with_digits_needed() -> None:
    law = explain_code(usmca(), "8504", ON)
    assert not law.covered
    needed = {m.rule.id: m.digits_needed for m in law.candidates[0].maybe}
    assert needed["usmca/85/4"] == 6
    assert needed["usmca/85/6"] == 8
    assert _keys("8504")["deemed_originating"] is False  # may apply: code too short


def test_an_apparel_good_gets_component_weight_de_minimis_and_no_parts_fallback() -> None:
    keys = _keys("6109.10")
    assert "de_minimis_component_weight" in keys and "de_minimis_elastomeric_weight" in keys
    assert "parts_fallback" not in keys and "de_minimis_textile_weight" not in keys


def test_a_chapter_29_good_gets_the_process_notes_except_those_excluding_chapter_29() -> None:
    law = explain_code(usmca(), "2901.10", ON)
    keys = _keys("2901.10")
    assert {"chemical_reaction", "purification", "isomer_separation"} <= set(keys)
    assert "mixing_blending" not in keys and "particle_size_change" not in keys
    assert "usmca/28-38/section-note-(n)(iv)(A)" in _ids(law.candidates[0].records)


def test_a_malformed_code_is_refused_with_the_reason() -> None:
    with pytest.raises(HSCodeError, match="5 digits"):
        explain_code(usmca(), "85044", ON)


def test_coverage_counts_every_record_and_splits_psr_rules_into_decidable_or_not() -> None:
    cov = coverage(usmca(), None)
    assert cov.total("records") == len(usmca().rules)
    assert cov.total("decidable") + cov.total("needs_facts") == cov.total("psr")
    assert not cov.compared and cov.complete and 0 < cov.share_decidable < 1


def test_coverage_against_a_print_names_missing_extra_and_differing_rules() -> None:
    pack = usmca()
    reference = [r for r in pack.rules if r.id != "usmca/94/2"]
    reference.append(
        compile_record(
            {
                "chapter": "99",
                "rule": "1",
                "scope": "9901",
                "text": "A change to heading 9901 from any other chapter.",
            }
        )
    )
    changed = compile_record(
        {
            "chapter": "94",
            "rule": "3",
            "scope": "9402.10-9402.90",
            "text": "A change to subheadings 9402.10 through 9402.90 from any other heading.",
        }
    )
    reference = [changed if r.id == "usmca/94/3" else r for r in reference]
    cov = coverage(pack, reference)
    assert cov.all("missing") == ("usmca/99/1",)
    assert cov.all("extra") == ("usmca/94/2",)
    assert cov.all("differing") == ("usmca/94/3",)
    assert not cov.complete


def test_a_section_note_does_not_apply_to_the_codes_its_scope_excepts() -> None:
    from maquila.hs import parse_code
    from maquila.law.pack import usmca

    note = usmca().rule("28-38", "section-note-(n)(iv)(A)")
    assert note.covers(parse_code("3301.12")) is False
    assert note.covers(parse_code("2915.11")) is True


def test_phased_chapter_73_rules_are_picked_by_the_date_of_the_case() -> None:
    from datetime import date

    from maquila.hs import Vintage, parse_code
    from maquila.law.pack import usmca

    def rule_on(code: str, day: date) -> list[str]:
        sure, _ = usmca().rules_covering(parse_code(code, Vintage.HS2012), day)
        return [r.rule for r in sure]

    # "Beginning on July 1, 2020, until June 30, 2023" then "Beginning on July 1, 2023"
    assert rule_on("7305.11", date(2023, 6, 30)) == ["subheading-rule-7305-7307-2020"]
    assert rule_on("7305.11", date(2023, 7, 1)) == ["subheading-rule-7305-7307-2023"]
    # "until July 1, 2022" then "Beginning on July 1, 2022": the new phase that day
    assert rule_on("7308.40", date(2022, 6, 30)) == ["subheading-rule-7308.40-2020"]
    assert rule_on("7308.40", date(2022, 7, 1)) == ["subheading-rule-7308.40-2022"]
