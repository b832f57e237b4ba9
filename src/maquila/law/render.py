"""Render the rule model as legal wording, the way HTSUS GN 11(o) prints it.

The pack stores structure; users read this rendering. Tests compare it with the
printed text word for word, so a wrong structure shows up as a wrong sentence.
"""

from __future__ import annotations

from decimal import Decimal

from maquila.hs.codes import Level, Vintage, format_digits
from maquila.hs.ranges import parse_range
from maquila.law.model import RVC, Alternative, Codes, Rule, Shift


def _item(text: str) -> tuple[Level, str]:
    rng = parse_range(text, Vintage.HS2012)
    if rng.is_single:
        return rng.level, _code(rng.low.digits)
    return rng.level, f"{_code(rng.low.digits)} through {_code(rng.high.digits)}"


def _code(digits: str) -> str:
    return str(int(digits)) if len(digits) == 2 else format_digits(digits)


def _series(words: list[str], join: str) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {join} " + words[-1]


def render_codes(codes: Codes) -> str:
    """``headings 8406, 8411, 8501 or 8503``; one noun per run of same-level items."""
    items = [_item(text) for text in codes.items]
    groups: list[tuple[Level, list[str]]] = []
    for level, word in items:
        if groups and groups[-1][0] == level:
            groups[-1][1].append(word)
        else:
            groups.append((level, [word]))
    rendered = []
    for level, words in groups:
        plural = codes.plural
        if plural is None:
            plural = len(words) > 1 or " through " in words[0]
        noun = level.plural if plural else level.noun
        rendered.append(f"{noun} {_series(words, codes.join)}")
    return _series(rendered, codes.join)


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}"


def render_rvc(rvc: RVC) -> str:
    lead = "provided there is a regional value content of not less than"
    if rvc.transaction_value is not None and rvc.net_cost is not None:
        return (
            f"{lead}: (1) {_percent(rvc.transaction_value)} percent where the transaction "
            f"value method is used; or (2) {_percent(rvc.net_cost)} percent where the net "
            "cost method is used"
        )
    if rvc.net_cost is not None:
        return f"{lead} {_percent(rvc.net_cost)} percent under the net cost method"
    assert rvc.transaction_value is not None  # the loader refuses an empty RVC
    return f"{lead} {_percent(rvc.transaction_value)} percent under the transaction value method"


def _from_other(level: Level, group: str) -> str:
    if group == "outside":
        return f"any {level.noun} outside that group"
    text = f"any other {level.noun}"
    if group == "including":
        text += f", including another {level.noun} within that group"
    return text


def render_shift(shift: Shift) -> str:
    target = render_codes(shift.to)
    if shift.goods:
        target = f"{shift.goods} of {target}"
    if shift.no_change:
        return f"No change in tariff classification to a good of {target}"
    parts = [f"A change to {target} from "]
    if shift.from_codes is not None:
        parts.append(render_codes(shift.from_codes))
        if shift.also_other is not None:
            parts.append(
                ", whether or not there is also a change from "
                + _from_other(shift.also_other, shift.also_group)
            )
    elif shift.from_other is not None:
        parts.append(_from_other(shift.from_other, shift.group))
    if shift.except_codes is not None:
        parts.append(", except from " + render_codes(shift.except_codes))
    return "".join(parts)


def render_alternative(alt: Alternative) -> str:
    text = render_shift(alt.shift) if alt.shift is not None else ""
    if alt.rvc is not None:
        lead = text + ", " if text else "No change in tariff classification required, "
        text = lead + render_rvc(alt.rvc)
    for condition in alt.conditions:
        text += ", provided that " + condition.text
    return text


def render_rule(rule: Rule) -> str:
    """The whole rule as one line, as the reference corpus records it."""
    alts = rule.alternatives
    if len(alts) == 1 and alts[0].label is None:
        body = render_alternative(alts[0]) + "."
    else:
        pieces = [f"({alt.label}) {render_alternative(alt)}" for alt in alts]
        body = "; ".join(pieces[:-1]) + "; or " + pieces[-1] + "."
    if rule.lead_in:
        body = f"{rule.lead_in} {body}"
    return body
