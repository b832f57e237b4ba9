"""The one vocabulary of outcomes (issue 12), at the bottom of the package: the status of a
determination (originating / non_originating / undetermined) and of a requirement (met /
not_met / undetermined), a missing fact, a step of the trace; and the one rule for what a
command's exit code says, read by every command.

- ``0`` — decided, or the job ran clean: originating and non-originating, met and not
  met are answers, not failures;
- ``2`` — undetermined (facts are missing: the questions are listed), or findings in
  what was processed (goods undetermined or rows refused in a catalog, a discharge that
  cannot be posted, a certification that does not cover the date asked, averaging
  findings, rules or coverage that differ from the print);
- ``1`` — bad input or a failure: one message per problem, nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class Exit(IntEnum):
    DECIDED = 0
    BAD_INPUT = 1
    UNDETERMINED = 2


def exit_code(*, undetermined: bool, findings: bool = False) -> Exit:
    """The exit code of a command that answered: 2 when anything is left undetermined or
    a finding was made, else 0."""
    return Exit.UNDETERMINED if undetermined or findings else Exit.DECIDED


class Status(StrEnum):
    ORIGINATING = "originating"
    NON_ORIGINATING = "non_originating"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class Missing:
    """A fact the law needs and the request did not give (DESIGN.md: missing facts are data)."""

    key: str
    question: str
    rule: str
    settles: str


@dataclass(frozen=True)
class Step:
    """One line of the trace: what was read, with which inputs and thresholds, and why."""

    step: str
    citation: str
    outcome: str
    detail: dict[str, Any] = field(default_factory=dict)
    depth: int = 0
    # a stable name of what the step tests, for programs that read the trace (the
    # catalog's blocking materials): they match on it, never on the prose of ``step``
    kind: str = ""


class Met(StrEnum):
    """The status of a requirement (a Part 6 condition, a certification, an averaging)."""

    MET = "met"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"
