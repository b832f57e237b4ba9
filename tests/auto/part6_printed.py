"""The figures Part 6 of SOR/2020-155 prints, read from part6.md without the pack.

The threshold matrix compares the figure each calculator applied with the figure printed
in the provision for that day, so a wrong pack fails the matrix even when the pack and the
calculator agree. The reference stays in ../shared (tests read it there). Not collected
by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from shared_reference import reference

REFERENCE = reference("usmca", "automotive")

_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(?:%| percent\b| percentage points)")
_DAY = r"([A-Z][a-z]+ \d{1,2}, \d{4})"
_PHASE = re.compile(rf"beginning on {_DAY}(?: and ending on {_DAY})?")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}


@dataclass(frozen=True)
class Printed:
    """A figure list as printed, in the order of the sentence, and the days it runs."""

    figures: tuple[Decimal, ...]
    first: date | None  # None: the provision prints no date
    last: date | None

    def covers(self, on: date) -> bool:
        return (self.first is None or self.first <= on) and (self.last is None or on <= self.last)


@cache
def _text() -> str:
    return (REFERENCE / "part6.md").read_text(encoding="utf-8")


def section(number: int) -> str:
    """The text of a section, from its anchor to the next one."""
    text = _text()
    start = text.index(f'<a id="s{number}"></a>')
    end = text.find('<a id="s', start + 1)
    return text[start : end if end > 0 else None]


def subsection(number: int, sub: int) -> str:
    """One subsection: from its bold number to the next bold subsection number."""
    text = section(number)
    mark = f"**{number} ({sub})**" if sub == 1 else f"**({sub})**"
    start = text.index(mark)
    nxt = re.compile(r"^\*\*(?:\d+ )?\(\d+\)\*\*", re.M).search(text, start + len(mark))
    return text[start : nxt.start() if nxt else None]


def s13_provision(row: str, provision: str | None) -> str:
    """A provision of the s. 13 table: the row printed ``**row**``, and within it the
    top-level item ``- (provision)`` (the whole row if it is not numbered)."""
    text = section(13)
    start = text.index(f"\n**{row}**\n")
    block = text[start : text.index("\n---", start)]
    if provision is None:
        return block
    lines = block.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"- ({provision}) "))
    rest = [i for i, line in enumerate(lines[first + 1 :], first + 1) if line.startswith("- (")]
    return "\n".join(lines[first : rest[0] if rest else None])


def definition(term: str) -> str:
    """A s. 12 definition with its paragraphs, up to the next defined term."""
    text = section(12)
    start = text.index(f"**{term}**")
    nxt = re.compile(r"^\*\*[a-z]", re.M).search(text, start + len(term) + 4)
    return text[start : nxt.start() if nxt else None]


def _day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def printed(block: str) -> list[Printed]:
    """Every figure list of a provision: one per dated line ("..., beginning on ... and
    ending on ..."), or the whole provision as one undated list when no line is dated."""
    dated = []
    for line in block.splitlines():
        phase = _PHASE.search(line)
        if phase:
            figures = tuple(Decimal(f) for f in _FIGURE.findall(line[: phase.start()]))
            last = _day(phase.group(2)) if phase.group(2) else None
            dated.append(Printed(figures, _day(phase.group(1)), last))
    if dated:
        return dated
    return [Printed(tuple(Decimal(f) for f in _FIGURE.findall(block)), None, None)]


def printed_on(blocks: list[str], on: date) -> tuple[Decimal, ...]:
    """The figures printed for ``on``; every block (rows printing the same rule) must agree."""
    found = set()
    for block in blocks:
        covering = [p.figures for p in printed(block) if p.covers(on)]
        assert len(covering) == 1, f"{len(covering)} printed figure lists on {on} in {block!r}"
        found.add(covering[0])
    assert len(found) == 1, f"the provisions print different figures on {on}: {found}"
    return found.pop()


def number_in(text: str, pattern: str) -> int:
    """A count printed in words or digits ("five percentage points", "100,000 or more")."""
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not printed in {text[:80]!r}"
    word = match.group(1)
    return _WORDS[word] if word in _WORDS else int(word.replace(",", ""))
