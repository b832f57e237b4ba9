"""Every record of the printed GN 11 is in the pack and round-trips both ways exactly.

Structure -> wording: the pack's rule, rendered, is the reference text.
Wording -> structure: compiling the reference text gives the pack's rule.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from maquila.law.compile import compile_record
from maquila.law.pack import usmca
from maquila.law.render import render_rule, render_scope

Ref = dict[tuple[str, str], dict[str, Any]]

# Deliberate differences between the pack and the print: none. (Misprints are kept as
# printed; the record's `discrepancy` in the reference explains each.)
DELIBERATE: dict[tuple[str, str], str] = {}


def _normal(text: str) -> str:
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


def _pack() -> dict[tuple[str, str], Any]:
    return {(r.chapter, r.rule): r for r in usmca().rules}


def test_the_pack_holds_every_reference_record_and_nothing_else(psr_reference: Ref) -> None:
    assert set(_pack()) == set(psr_reference) - set(DELIBERATE)


def test_every_rule_in_the_pack_renders_exactly_as_the_reference_prints_it(
    psr_reference: Ref,
) -> None:
    wrong = [
        key
        for key, rule in _pack().items()
        if _normal(render_rule(rule)) != _normal(psr_reference[key]["text"])
    ]
    assert wrong == []


def test_every_rule_in_the_pack_has_the_scope_the_reference_gives(psr_reference: Ref) -> None:
    wrong = [k for k, r in _pack().items() if render_scope(r) != psr_reference[k]["scope"]]
    assert wrong == []


def test_compiling_every_reference_record_gives_the_pack_structure(psr_reference: Ref) -> None:
    pack = _pack()
    wrong = [key for key, record in psr_reference.items() if compile_record(record) != pack[key]]
    assert wrong == []


@pytest.mark.parametrize(
    ("chapter", "rule", "text"),
    [
        ("85", "7", "A change to subheading 8504.40 from any other subheading."),
        (
            "94",
            "3",
            "A change to subheadings 9402.10 through 9402.90 from any other subheading, "
            "including another subheading within that group.",
        ),
    ],
)
def test_a_rule_compiled_from_its_wording_has_a_tariff_shift_not_a_verbatim_condition(
    chapter: str, rule: str, text: str
) -> None:
    compiled = compile_record({"chapter": chapter, "rule": rule, "scope": "9402.10", "text": text})
    assert compiled.alternatives[0].shift is not None
    assert render_rule(compiled) == text
