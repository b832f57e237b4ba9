"""Compile the rule language of USMCA Annex 4-B (HTSUS GN 11(o)) into the rule model.

The grammar covers the printed forms: "A change to <codes> from <codes | any other
<level> | any <level> outside that group>", "including another <level> within that
group", "whether or not there is also a change from ...", "except from <codes>",
"No change in tariff classification ...", the two RVC clauses, labelled alternatives
"(A) ...; or (B) ...", and lead-ins ("For a good of subheading 8409.99 ...:").

Wording the grammar cannot express is kept whole as a condition that needs a fact
(never dropped); :func:`parse_rule` proves every parse by rendering it back and
comparing with the text, falling back to the verbatim form when they differ.
"""

from __future__ import annotations

import re
from decimal import Decimal

from maquila.hs.codes import Level
from maquila.law.codelists import CODE, NOUN, SEP, Cursor, NoParse, parse_codes
from maquila.law.model import RVC, Alternative, Codes, Condition, Shift, Source
from maquila.law.render import (
    RVC_LEAD,
    default_separator,
    default_seps,
    render_alternative,
)

_LEVELS = {
    "chapter": Level.CHAPTER,
    "heading": Level.HEADING,
    "subheading": Level.SUBHEADING,
    "tariff item": Level.TARIFF_ITEM,
}
_RVC_BOTH = re.compile(
    rf"{RVC_LEAD}: \(1\) (?P<tv>\d+(?:\.\d+)?) percent where the transaction value method is "
    r"used; or \(2\) (?P<nc>\d+(?:\.\d+)?) percent where the net cost method is used"
)
_RVC_NC = re.compile(rf"{RVC_LEAD} (?P<nc>\d+(?:\.\d+)?) percent under the net cost method")
_RVC_TV = re.compile(
    rf"{RVC_LEAD} (?P<tv>\d+(?:\.\d+)?) percent under the transaction value method"
)
_OTHER = re.compile(
    rf"any other (?P<level>{'|'.join(_LEVELS)})(?P<incl>, including another (?P=level) within "
    r"that group)?|any (?P<olevel>" + "|".join(_LEVELS) + r") outside that group"
)


_OTHER_GOOD = re.compile(
    r"any other good within (?P<phrase>that subheading|those subheadings|these subheadings|"
    r"that heading|"
    r"those headings|that group|that tariff item|those tariff items)"
)
_OTHER_WITHIN = re.compile(rf"any other (?P<level>{'|'.join(_LEVELS)}) within that group")


def _other(found: re.Match[str]) -> tuple[Level, str]:
    if found.group("olevel"):
        return _LEVELS[found.group("olevel")], "outside"
    return _LEVELS[found.group("level")], "including" if found.group("incl") else "own"


def _source(cur: Cursor, first: bool) -> Source:
    found = cur.match(_OTHER_GOOD)
    if found:
        return Source(kind="other_good", within=found.group("phrase"))
    for prep in ("of", "within"):
        if cur.take(f"any other good {prep} "):
            return Source(
                kind="other_good", codes=parse_codes(cur), within=None if prep == "of" else prep
            )
    found = cur.match(_OTHER_WITHIN)
    if found:
        return Source(kind="other", level=_LEVELS[found.group("level")], group="within")
    found = cur.match(_OTHER)
    if found:
        level, group = _other(found)
        codes = None
        mark = cur.pos
        if group != "outside" and cur.take(" within "):
            try:
                codes = parse_codes(cur)
            except NoParse:
                cur.pos = mark
        return Source(kind="other", level=level, group=group, codes=codes)
    start = cur.pos
    try:
        return Source(kind="codes", codes=parse_codes(cur, described_first=False))
    except NoParse:
        cur.pos = start
    if not first:
        raise NoParse(f"expected a source at {cur.rest()[:40]!r}")
    goods, codes = _target(cur)
    return Source(kind="codes", codes=codes, goods=goods)


def _sources(cur: Cursor) -> tuple[Source, ...]:
    sources = [_source(cur, True)]
    while True:
        mark = cur.pos
        sep = cur.match(SEP)
        if sep is None:
            break
        try:
            source = _source(cur, False)
        except NoParse:
            cur.pos = mark
            break
        sources.append(source.model_copy(update={"sep": sep.group(0)}))
    seps = default_seps(len(sources), "or")
    return tuple(
        src if index == 0 or src.sep != seps[index - 1] else src.model_copy(update={"sep": None})
        for index, src in enumerate(sources)
    )


_RVC_ANY = re.compile(
    r"provided (?:there is )?(?:also )?(?:that )?(?:there is )?a regional value content "
    r"(?:of |is )(?:not less than|at least)?"
)
_TV_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(?= percent (?:where|under) the transaction value)")
_NC_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(?= percent (?:where|under) the net cost)")


def _rvc(cur: Cursor) -> RVC | None:
    for pattern in (_RVC_BOTH, _RVC_NC, _RVC_TV):
        found = cur.match(pattern)
        if found:
            groups = found.groupdict()
            return RVC(
                transaction_value=Decimal(groups["tv"]) if groups.get("tv") else None,
                net_cost=Decimal(groups["nc"]) if groups.get("nc") else None,
            )
    return _printed_rvc(cur)


def _printed_rvc(cur: Cursor) -> RVC | None:
    """An RVC clause in unusual wording: the figures as structure, the wording as printed."""
    if not _RVC_ANY.match(cur.text, cur.pos):
        return None
    end = cur.text.find(", provided that ", cur.pos)
    phrase = cur.text[cur.pos : end if end >= 0 else len(cur.text)]
    tv = _TV_FIGURE.findall(phrase)
    nc = _NC_FIGURE.findall(phrase)
    if len(tv) > 1 or len(nc) > 1 or not (tv or nc) or "{" in phrase:
        return None
    template = _TV_FIGURE.sub("{tv}", phrase) if tv else phrase
    template = _NC_FIGURE.sub("{nc}", template) if nc else template
    cur.pos += len(phrase)
    return RVC(
        transaction_value=Decimal(tv[0]) if tv else None,
        net_cost=Decimal(nc[0]) if nc else None,
        printed=template,
    )


def _target(cur: Cursor) -> tuple[str | None, Codes]:
    """``headings 8501 through 8504`` or ``<goods> of subheading 8708.50``."""
    start = cur.pos
    try:
        return None, parse_codes(cur, described_first=False)
    except NoParse:
        cur.pos = start
    marker = re.compile(rf" of (?={NOUN} {CODE})")
    for found in marker.finditer(cur.text, cur.pos):
        goods = cur.text[cur.pos : found.start()]
        attempt = Cursor(cur.text, found.end())
        try:
            codes = parse_codes(attempt)
        except NoParse:
            continue
        cur.pos = attempt.pos
        return goods, codes
    raise NoParse("no target code list")


_MORE_THAN_ONE = "more than one of the following: "
_GROUP_LABEL = re.compile(r"\((?P<label>[A-Z]|\d)\) ")


def _groups(cur: Cursor) -> tuple[tuple[Codes, ...], str]:
    groups: list[Codes] = []
    style = ""
    while True:
        found = cur.match(_GROUP_LABEL)
        if found is None:
            raise NoParse("expected a labelled group")
        label = found.group("label")
        style = style or ("1" if label.isdigit() else "A")
        expected = str(len(groups) + 1) if style == "1" else chr(ord("A") + len(groups))
        if label != expected:
            raise NoParse("groups out of order")
        groups.append(parse_codes(cur))
        mark = cur.pos
        if not (cur.take(", ") and _GROUP_LABEL.match(cur.text, cur.pos)):
            cur.pos = mark
            break
    if len(groups) < 2:
        raise NoParse("a 'more than one of' list needs two groups")
    return tuple(groups), style


def _shift(cur: Cursor) -> Shift:
    if cur.take("No change in tariff classification to "):
        goods, codes = _target(cur)
        if goods is None:
            raise NoParse("a no-change target names its goods")
        if goods == "a good of any":  # "a good of any of subheadings ...": no description
            return Shift(to=codes, of_any=True, no_change=True)
        return Shift(to=codes, goods=None if goods == "a good" else goods, no_change=True)
    cur.expect("A change to ")
    goods, to = _target(cur)
    cur.expect(" from ")
    fields: dict[str, object] = {"to": to, "sources": _sources(cur)}
    if goods == "a good":
        fields["of_a_good"] = True
    elif goods == "a good of any":  # "a good of any of subheadings ...": no description
        fields["of_a_good"] = fields["of_any"] = True
    else:
        fields["goods"] = goods
    for _ in range(2):
        if "also" not in fields and cur.take(", whether or not there is also a change from "):
            fields["also"] = _sources(cur)
        elif "except_codes" not in fields and cur.take(", except from "):
            if not cur.text.startswith(_MORE_THAN_ONE, cur.pos):
                fields["except_codes"] = parse_codes(cur)
                fields["except_first"] = "also" not in fields
                if cur.take(" or ") and not cur.text.startswith(_MORE_THAN_ONE, cur.pos):
                    cur.pos -= 4
            if cur.take(_MORE_THAN_ONE):
                fields["except_groups"], fields["except_group_labels"] = _groups(cur)
    if "also" not in fields:
        fields.pop("except_first", None)
    return Shift.model_validate(fields)


def parse_alternative(text: str, label: str | None) -> Alternative:
    """Parse one alternative; outside the grammar, keep its wording as a condition."""
    try:
        alt = _parse_alternative(text, label)
        if render_alternative(alt) == text:
            return alt
    except (NoParse, ValueError):
        pass
    return Alternative(label=label, conditions=(verbatim(text),))


def verbatim(text: str) -> Condition:
    return Condition(text=text, form="verbatim")


def _parse_alternative(text: str, label: str | None) -> Alternative:
    cur = Cursor(text)
    shift = None
    rvc = None
    rvc_sep = None
    if cur.take("No change in tariff classification required, "):
        rvc = _rvc(cur)
        if rvc is None:
            raise NoParse("no RVC after 'required'")
    else:
        shift = _shift(cur)
        for sep in (", ", " "):
            if cur.take(sep):
                rvc = _rvc(cur)
                if rvc is None:
                    cur.pos -= len(sep)
                elif sep != ", ":
                    rvc_sep = sep
                break
    conditions: list[Condition] = []
    if cur.take(", provided that "):
        wording = cur.rest()
        conditions.append(Condition(text=wording))
        cur.pos = len(cur.text)
    if not cur.done():
        raise NoParse(f"unparsed tail {cur.rest()[:40]!r}")
    return Alternative(
        label=label, shift=shift, rvc=rvc, rvc_sep=rvc_sep, conditions=tuple(conditions)
    )


_LABEL = re.compile(r"(?P<sep>; or |; )?\((?P<label>[A-Za-z])\) (?!\d)")
_LEAD = re.compile(
    r"^(?!A change|No change)(?P<lead>(?:(?!regional value content)[^()])*?:) "
    r"(?=\(A\) |\(a\) |A change|No change)"
)


def split_alternatives(body: str) -> tuple[str | None, list[tuple[str | None, str, str]]]:
    """Lead-in, then (label, separator before it, text) for each top-level alternative.

    Labels must run A, B, C ... (or a, b, c ...), each after "; " or "; or ", so lists
    nested inside an alternative (and RVC clauses labelled "(A) 60 percent ...") are not
    split.
    """
    lead = None
    start = 0
    found_lead = _LEAD.match(body)
    if found_lead:
        lead = found_lead.group("lead")
        start = found_lead.end()
    if body.startswith("(A) ", start):
        expected = "A"
    elif body.startswith("(a) ", start):
        expected = "a"
    else:
        return lead, [(None, "", body[start:])]
    marks: list[tuple[int, int, str, str]] = []
    for found in _LABEL.finditer(body, start):
        if found.group("label") != expected:
            continue
        if marks and found.group("sep") is None:
            continue
        if not marks and found.start() != start:
            continue
        marks.append((found.start(), found.end(), found.group("label"), found.group("sep") or ""))
        expected = chr(ord(expected) + 1)
    if not marks:
        return lead, [(None, "", body[start:])]
    parts: list[tuple[str | None, str, str]] = []
    for index, (_start, end, label, sep) in enumerate(marks):
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(body)
        parts.append((label, sep, body[end:stop]))
    return lead, parts


def parse_body(body: str) -> tuple[str | None, list[Alternative]]:
    lead, pieces = split_alternatives(body)
    alternatives = []
    for index, (label, sep, text) in enumerate(pieces):
        alt = parse_alternative(text, label)
        if index and sep != default_separator(index, len(pieces)):
            alt = alt.model_copy(update={"separator": sep})
        alternatives.append(alt)
    return lead, alternatives
