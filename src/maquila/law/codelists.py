"""Reading printed code lists ("headings 8406, 8411, 8501 or 8503") for the grammar.

A cursor over the text, the code-list parser and its patterns; only departures from
the plain printing pattern (nouns, separators, described items) are kept in the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from maquila.hs.codes import HSCodeError
from maquila.law.model import Codes
from maquila.law.render import default_nouns, default_seps

NOUN = r"(?:chapters?|headings?|subheadings?|tariff items?)"
CODE = r"(?:\d{2}(?:\.?\d{2}){0,4}|\d(?!\d))"
ITEM = re.compile(rf"(?:(?P<noun>{NOUN}) )?(?P<low>{CODE})(?: through (?P<high>{CODE}))?")
SEP = re.compile(r", or |, and |, | or | and ")


class NoParse(Exception):
    """The text is outside the grammar at this point."""


@dataclass
class Cursor:
    text: str
    pos: int = 0

    def rest(self) -> str:
        return self.text[self.pos :]

    def take(self, literal: str) -> bool:
        if self.text.startswith(literal, self.pos):
            self.pos += len(literal)
            return True
        return False

    def expect(self, literal: str) -> None:
        if not self.take(literal):
            raise NoParse(f"expected {literal!r} at {self.rest()[:40]!r}")

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return found

    def done(self) -> bool:
        return self.pos == len(self.text)


_DESCRIBED = re.compile(
    r"(?!any other |any |from |within |provided |whether |except )"
    rf"(?P<desc>[a-z\"][^;:]*?) of (?={NOUN} {CODE})"
)


def _item_at(
    cur: Cursor, first: bool, described_first: bool = True
) -> tuple[str | None, re.Match[str]] | None:
    """An item, or a described item ("fabric of man-made fibers of subheading 5903.10")."""
    found = ITEM.match(cur.text, cur.pos)
    if found is not None and (not first or found.group("noun") is not None):
        cur.pos = found.end()
        return None, found
    if first and not described_first:
        return None
    described = _DESCRIBED.match(cur.text, cur.pos)
    if described is None:
        return None
    found = ITEM.match(cur.text, described.end())
    if found is None:
        return None
    cur.pos = found.end()
    return described.group("desc"), found


def parse_codes(cur: Cursor, described_first: bool = True) -> Codes:
    """A printed code list; the nouns and separators are kept where not the default."""
    items: list[str] = []
    nouns: list[str | None] = []
    seps: list[str] = []
    goods: list[str | None] = []
    while True:
        taken = _item_at(cur, not items, described_first)
        if taken is None:
            raise NoParse(f"expected a code list at {cur.rest()[:40]!r}")
        described, found = taken
        goods.append(described)
        item = found.group("low") + (f"-{found.group('high')}" if found.group("high") else "")
        try:
            Codes(items=(item,))
        except ValueError as exc:
            raise NoParse(str(exc)) from None
        items.append(item)
        nouns.append(found.group("noun"))
        mark = cur.pos
        sep = cur.match(SEP)
        if sep is None:
            break
        probe = Cursor(cur.text, cur.pos)
        if _item_at(probe, False) is None:
            cur.pos = mark
            break
        seps.append(sep.group(0))
    joins = {s.strip(", ") for s in seps if s.strip(", ")}
    join = "and" if joins == {"and"} else "or"
    kept_nouns = tuple(nouns) if tuple(nouns) != default_nouns(tuple(items)) else None
    kept_seps = tuple(seps) if tuple(seps) != default_seps(len(items), join) else None
    kept_goods = tuple(goods) if any(goods) else None
    try:
        return Codes(
            items=tuple(items), join=join, nouns=kept_nouns, seps=kept_seps, goods=kept_goods
        )
    except (ValueError, HSCodeError) as exc:
        raise NoParse(str(exc)) from None
