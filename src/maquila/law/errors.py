"""The error of a rule pack that is itself wrong (the USMCA pack, the Part 6 pack)."""

from __future__ import annotations


class PackError(Exception):
    """The pack itself is wrong: a programmer's or pack author's error, reported whole."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("rule pack is invalid:\n  " + "\n  ".join(problems))
