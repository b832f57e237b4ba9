"""Compile printed rule records (chapter, rule, scope, text) into the rule model.

This is ``maquila rules compile``: it turns a print of HTSUS GN 11 (the record format
of docs/rules-compile.md) into a pack, and :func:`drift` reports every rule that a
newer print changed. Pure functions: reading and writing files is the caller's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from maquila.hs.codes import HSCodeError
from maquila.law.grammar import parse_body, verbatim
from maquila.law.model import USMCA_ENTRY_INTO_FORCE, Alternative, Codes, Rule

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_MONTH_NAMES = "|".join(_MONTHS)
_DATE = rf"(\d{{4}}-\d{{2}}-\d{{2}}|(?:{_MONTH_NAMES}) \d{{1,2}}, \d{{4}})"
_CODES = re.compile(r"^(?P<codes>\d[\d.,\s-]*?\d)(?:\s*\((?P<note>.*)\))?$")
_CHAPTERS = re.compile(r"^Chapters? (?P<low>\d{1,2})(?:-(?P<high>\d{1,2}))?\b")
_PSR_START = (
    "A change",
    "(A) A change",
    "No change",
    "For a good",
    "For any other good",
    "For a ",
    "Beginning on",
    "For the purposes of trade",
    "For the purposes of all",
)
_TRADE = {
    "trade between Canada and the United States": "CA-US",
    "trade between Mexico and the United States": "MX-US",
    "all other trade": "other",
}


def _date(text: str) -> date:
    if "-" in text:
        return date.fromisoformat(text)
    found = re.match(r"(\w+) (\d+), (\d+)", text)
    if found is None:
        raise ValueError(f"not a date: {text!r}")
    month, day, year = found.groups()
    return date(int(year), _MONTHS[month], int(day))


def _after_entry_into_force(months: int) -> date:
    total = USMCA_ENTRY_INTO_FORCE.month - 1 + months
    return date(
        USMCA_ENTRY_INTO_FORCE.year + total // 12, total % 12 + 1, USMCA_ENTRY_INTO_FORCE.day
    )


def _dates(note: str | None) -> dict[str, date]:
    if not note:
        return {}
    months = re.search(
        r"effective (\d+) months (?:after|from) (?:the )?(?:date of )?entry into "
        r"force",
        note,
    )
    if months:
        return {"effective_from": _after_entry_into_force(int(months.group(1)))}
    effective = re.search(rf"effective {_DATE}", note)
    if effective:
        return {"effective_from": _date(effective.group(1))}
    found = re.search(rf"{_DATE} (?:until|and thereafter)(?: {_DATE})?", note)
    if not found:
        return {}
    dates: dict[str, date] = {"effective_from": _date(found.group(1))}
    if found.group(2):
        dates["effective_to"] = _date(found.group(2))
    return dates


def _scope(scope: str) -> dict[str, Any]:
    fields: dict[str, Any]
    found = _CODES.match(scope)
    if found:
        items = tuple(part.strip() for part in found.group("codes").split(","))
        try:
            codes = Codes(items=items)
        except (ValueError, HSCodeError):
            return {"scope_text": scope}
        fields = {"scope": codes}
        note = found.group("note")
        if note is not None:
            fields["scope_note"] = note
            fields.update(_dates(note))
            if note in _TRADE:
                fields["trade"] = _TRADE[note]
        return fields
    fields = {"scope_text": scope}
    chapters = _CHAPTERS.match(scope)
    if chapters:
        low = chapters.group("low").zfill(2)
        high = (chapters.group("high") or low).zfill(2)
        fields["scope"] = Codes(items=(low if low == high else f"{low}-{high}",))
        head, _, excluded = scope.partition(", except ")
        if excluded:
            fields["scope_excluded"] = _excluded(excluded)
        fields.update(_dates(scope))
    return fields


def _excluded(text: str) -> Codes:
    """The codes after "except" in a printed scope (chapters, headings, subheadings)."""
    items: list[str] = []
    noun = ""
    for token in re.split(r",\s*(?:and\s+)?|\s+and\s+", text):
        found = re.match(r"(chapters?|headings?|subheadings?)\s+(.*)", token.strip())
        if found:
            noun, token = found.group(1), found.group(2)
        token = token.strip()
        if re.fullmatch(r"\d{1,4}(?:\.\d{2})?(?:-\d{1,4}(?:\.\d{2})?)?", token):
            items.append(token.zfill(2) if noun.startswith("chapter") else token)
    return Codes(items=tuple(items))


def _kind(record: dict[str, Any], alternatives: list[Alternative]) -> str:
    chapter: str = record["chapter"]
    rule: str = record["rule"]
    text: str = record["text"]
    if chapter == "general":
        return "general"
    if "-" in chapter:
        return "section_note"
    if text.startswith("The underscoring of the designations"):
        return "underscoring"
    if rule[0].isdigit():
        return "psr"
    if text.startswith(_PSR_START) or any(a.shift is not None for a in alternatives):
        return "psr"
    if rule.startswith(("chapter-rule", "subheading-rule")) and (
        " only if " in text or " must be " in text
    ):
        # a chapter or subheading rule that adds a requirement for every good of its scope
        # (the sewing thread, narrow elastics, pocket bags of chapters 61-63; the peaches,
        # pears or apricots of fruit preparations of 2008.19-2008.99)
        return "requirement"
    return "note"


def _source(record: dict[str, Any]) -> str:
    sources: list[str] = list(record.get("sources", []))
    pages = [s for s in sources if s.startswith("USITC")]
    if pages:
        return pages[0].replace("USITC HTSUS 2025 Rev. 7 GN 11", "HTSUS (2025 Rev. 7) GN 11, GN")
    return ", ".join(sources) or "unspecified print"


def compile_record(record: dict[str, Any]) -> Rule:
    """One printed record as a rule of the model, its wording proven by rendering."""
    text: str = record["text"]
    ending = "." if text.endswith(".") else ""
    body = text[: len(text) - len(ending)]
    lead, alternatives = parse_body(body)
    fields: dict[str, Any] = {
        "chapter": record["chapter"],
        "rule": record["rule"],
        "alternatives": tuple(alternatives),
        "lead_in": lead,
        "ending": ending,
        "source": _source(record),
        **_scope(record["scope"]),
    }
    fields["kind"] = _kind(record, alternatives)
    if fields["kind"] != "psr" and any(a.shift for a in alternatives):
        fields["alternatives"] = (Alternative(conditions=(verbatim(body),)),)
        fields["lead_in"] = None
    return Rule.model_validate(fields)


@dataclass(frozen=True)
class Drift:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def none(self) -> bool:
        return not (self.added or self.removed or self.changed)


def drift(old: tuple[Rule, ...], new: tuple[Rule, ...]) -> Drift:
    """Rules added, removed or changed between two packs (keyed by id and start date)."""

    def keyed(rules: tuple[Rule, ...]) -> dict[tuple[str, date], Rule]:
        return {(r.id, r.effective_from): r for r in rules}

    before, after = keyed(old), keyed(new)
    return Drift(
        added=tuple(sorted(f"{i} ({d})" for i, d in after.keys() - before.keys())),
        removed=tuple(sorted(f"{i} ({d})" for i, d in before.keys() - after.keys())),
        changed=tuple(
            sorted(
                f"{k[0]} ({k[1]})" for k in before.keys() & after.keys() if before[k] != after[k]
            )
        ),
    )
