"""Render the rule model as legal wording, the way HTSUS GN 11(o) prints it.

The pack stores structure; users read this rendering. Tests compare it with the
printed text word for word, so a wrong structure shows up as a wrong sentence.
The parser (:mod:`maquila.law.grammar`) uses the same defaults, so only departures
from the plain printing pattern are stored.
"""

from __future__ import annotations

from decimal import Decimal

from maquila.hs.codes import Level, Vintage
from maquila.hs.ranges import parse_range
from maquila.law.model import RVC, Alternative, Codes, Rule, Shift, Source


def item_level(item: str) -> Level:
    return parse_range(item, Vintage.HS2012).level


def item_text(item: str) -> str:
    return item.replace("-", " through ")


def default_nouns(items: tuple[str, ...]) -> tuple[str | None, ...]:
    """A noun where the level changes; plural when its run holds several items or a range."""
    levels = [item_level(item) for item in items]
    starts = [i for i in range(len(items)) if i == 0 or levels[i] != levels[i - 1]]
    nouns: list[str | None] = [None] * len(items)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(items)
        plural = end - start > 1 or "-" in items[start]
        nouns[start] = levels[start].plural if plural else levels[start].noun
    return tuple(nouns)


def default_seps(count: int, join: str) -> tuple[str, ...]:
    if count < 2:
        return ()
    return (", ",) * (count - 2) + (f" {join} ",)


def render_codes(codes: Codes) -> str:
    nouns = codes.nouns if codes.nouns is not None else default_nouns(codes.items)
    seps = codes.seps if codes.seps is not None else default_seps(len(codes.items), codes.join)
    out = []
    for index, item in enumerate(codes.items):
        if index:
            out.append(seps[index - 1])
        noun = nouns[index]
        described = codes.goods[index] if codes.goods is not None else None
        if described:
            out.append(f"{described} of ")
        out.append(f"{noun} {item_text(item)}" if noun else item_text(item))
    return "".join(out)


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}"


RVC_LEAD = "provided there is a regional value content of not less than"


def render_rvc(rvc: RVC) -> str:
    if rvc.printed is not None:
        return rvc.printed.format(
            tv=_percent(rvc.transaction_value or Decimal(0)),
            nc=_percent(rvc.net_cost or Decimal(0)),
        )
    if rvc.transaction_value is not None and rvc.net_cost is not None:
        return (
            f"{RVC_LEAD}: (1) {_percent(rvc.transaction_value)} percent where the transaction "
            f"value method is used; or (2) {_percent(rvc.net_cost)} percent where the net "
            "cost method is used"
        )
    if rvc.net_cost is not None:
        return f"{RVC_LEAD} {_percent(rvc.net_cost)} percent under the net cost method"
    return (
        f"{RVC_LEAD} {_percent(rvc.transaction_value or Decimal(0))} percent under the "
        "transaction value method"
    )


def from_other(level: Level, group: str) -> str:
    noun = level.noun
    if group == "outside":
        return f"any {noun} outside that group"
    if group == "within":
        return f"any other {noun} within that group"
    text = f"any other {noun}"
    if group == "including":
        text += f", including another {noun} within that group"
    return text


def render_source(source: Source) -> str:
    if source.kind == "codes":
        assert source.codes is not None  # validated by the model
        codes = render_codes(source.codes)
        return f"{source.goods} of {codes}" if source.goods else codes
    if source.kind == "other":
        assert source.level is not None  # validated by the model
        text = from_other(source.level, source.group)
        if source.codes is not None:
            text += f" within {render_codes(source.codes)}"
        return text
    if source.codes is not None:
        return f"any other good {source.within or 'of'} {render_codes(source.codes)}"
    return f"any other good within {source.within}"


def render_sources(sources: tuple[Source, ...]) -> str:
    seps = default_seps(len(sources), "or")
    out = []
    for index, source in enumerate(sources):
        if index:
            out.append(source.sep if source.sep is not None else seps[index - 1])
        out.append(render_source(source))
    return "".join(out)


def group_label(style: str, index: int) -> str:
    return chr(ord("A") + index) if style == "A" else str(index + 1)


def render_groups(shift: Shift) -> str:
    return ", ".join(
        f"({group_label(shift.except_group_labels, i)}) {render_codes(codes)}"
        for i, codes in enumerate(shift.except_groups)
    )


def render_target(shift: Shift) -> str:
    target = render_codes(shift.to)
    if shift.of_any:
        return f"a good of any of {target}"
    if shift.of_a_good:
        return f"a good of {target}"
    return f"{shift.goods} of {target}" if shift.goods else target


def render_shift(shift: Shift) -> str:
    if shift.no_change:
        what = "a good of any" if shift.of_any else shift.goods or "a good"
        return f"No change in tariff classification to {what} of " + render_codes(shift.to)
    also = (
        ", whether or not there is also a change from " + render_sources(shift.also)
        if shift.also
        else ""
    )
    excepted = ", except from " + render_codes(shift.except_codes) if shift.except_codes else ""
    if shift.except_groups:
        excepted += " or " if excepted else ", except from "
        excepted += "more than one of the following: " + render_groups(shift)
    tail = excepted + also if shift.except_first else also + excepted
    return f"A change to {render_target(shift)} from {render_sources(shift.sources)}{tail}"


def render_alternative(alt: Alternative) -> str:
    verbatim = [c.text for c in alt.conditions if c.form == "verbatim"]
    if verbatim:
        return verbatim[0]
    text = render_shift(alt.shift) if alt.shift is not None else ""
    if alt.rvc is not None:
        sep = alt.rvc_sep if alt.rvc_sep is not None else ", "
        lead = text + sep if text else "No change in tariff classification required, "
        text = lead + render_rvc(alt.rvc)
    for condition in alt.conditions:
        text += ", provided that " + condition.text
    return text


def default_separator(index: int, count: int) -> str:
    return "; or " if index == count - 1 else "; "


def render_body(rule: Rule) -> str:
    alts = rule.alternatives
    if len(alts) == 1 and alts[0].label is None:
        return render_alternative(alts[0])
    out = []
    for index, alt in enumerate(alts):
        if index:
            sep = alt.separator
            out.append(sep if sep is not None else default_separator(index, len(alts)))
        out.append(f"({alt.label}) {render_alternative(alt)}")
    return "".join(out)


def render_scope(rule: Rule) -> str:
    """The scope as printed: the codes, and the note in parentheses."""
    if rule.scope_text is not None:
        return rule.scope_text
    codes = ", ".join(rule.scope.items) if rule.scope is not None else ""
    return f"{codes} ({rule.scope_note})" if rule.scope_note else codes


def render_rule(rule: Rule) -> str:
    """The whole rule as one line, as the reference corpus records it."""
    body = render_body(rule) + rule.ending
    return f"{rule.lead_in} {body}" if rule.lead_in else body
