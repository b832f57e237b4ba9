"""The pack's structure, rendered, must read word for word as the printed GN 11(o)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maquila.law.pack import usmca
from maquila.law.render import render_rule


def _normal(text: str) -> str:
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("rule", usmca().rules, ids=lambda r: r.id)
def test_every_rule_in_the_pack_renders_exactly_as_the_reference_prints_it(
    rule: Any, psr_reference: dict[tuple[str, str], dict[str, Any]]
) -> None:
    record = psr_reference.get((rule.chapter, rule.rule))
    assert record is not None, f"{rule.id} is not a rule of the reference corpus"
    assert _normal(render_rule(rule)) == _normal(record["text"])


def test_every_rule_in_the_pack_covers_the_scope_the_reference_gives(
    psr_reference: dict[tuple[str, str], dict[str, Any]],
) -> None:
    for rule in usmca().rules:
        printed = psr_reference[(rule.chapter, rule.rule)]["scope"].split(" (")[0]
        ours = ", ".join(rule.scope.items)
        assert ours == printed, rule.id
