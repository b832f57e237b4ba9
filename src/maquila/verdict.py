"""The one rule for what a command's exit code says (issue 12), read by every command.

- ``0`` — decided, or the job ran clean: originating and non-originating, met and not
  met are answers, not failures;
- ``2`` — undetermined (facts are missing: the questions are listed), or findings in
  what was processed (goods undetermined or rows refused in a catalog, a discharge that
  cannot be posted, a certification that does not cover the date asked, averaging
  findings, rules or coverage that differ from the print);
- ``1`` — bad input or a failure: one message per problem, nothing written.
"""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    DECIDED = 0
    BAD_INPUT = 1
    UNDETERMINED = 2


def exit_code(*, undetermined: bool, findings: bool = False) -> Exit:
    """The exit code of a command that answered: 2 when anything is left undetermined or
    a finding was made, else 0."""
    return Exit.UNDETERMINED if undetermined or findings else Exit.DECIDED
