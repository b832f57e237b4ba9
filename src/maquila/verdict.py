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

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
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

    def __str__(self) -> str:
        return self.question

    def as_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "question": self.question,
            "rule": self.rule,
            "settles": self.settles,
        }


@dataclass(frozen=True)
class Step:
    """One line of the trace: what was read (``step``), under which provision, with which
    inputs and thresholds (``detail``), the arithmetic shown as text where there is some
    (the automotive calculations), and the outcome."""

    step: str
    citation: str
    outcome: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    depth: int = 0
    # a stable name of what the step tests, for programs that read the trace (the
    # catalog's blocking materials): they match on it, never on the prose of ``step``
    kind: str = ""
    arithmetic: str = ""

    def as_trace(self) -> dict[str, str]:
        """The step as the automotive answers print it (``trace`` and ``records``)."""
        return {"step": self.step, "citation": self.citation, "arithmetic": self.arithmetic}


class Met(StrEnum):
    """The status of a requirement (a Part 6 condition, a certification, an averaging);
    ``not_applicable`` for one the law does not impose on that good (the staging regime's
    own requirements replacing the standard ones), never counted as met."""

    MET = "met"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"
    NOT_APPLICABLE = "not_applicable"


class Figure(StrEnum):
    """The status of an amount the law makes payable (the Art. 2.5 duty of a return):
    computed, undetermined (with the missing facts: never a 0 for what is not known), or
    not applicable (the law does not impose it on that export)."""

    COMPUTED = "computed"
    UNDETERMINED = "undetermined"
    NOT_APPLICABLE = "not_applicable"


class Agreement(StrEnum):
    """A figure computed against the one declared (the reconciliation of a pedimento)."""

    AGREES = "agrees"
    DIFFERS = "differs"
    NOT_DECLARED = "not_declared"
    UNDETERMINED = "undetermined"


class Code(StrEnum):
    """The stable code of a problem of bad input (docs/errors.md): programs match on the
    code, never on the message, which may be reworded or translated."""

    NO_SUCH_FILE = "no_such_file"
    UNREADABLE = "unreadable"  # not UTF-8 text, a directory, not a table
    UNSUPPORTED_FORMAT = "unsupported_format"  # an extension that names no format
    MALFORMED = "malformed"  # not valid JSON / YAML / CSV
    WRONG_TYPE = "wrong_type"  # a list where an object is required, text for a number...
    MISSING_FIELD = "missing_field"
    UNKNOWN_FIELD = "unknown_field"
    MISSING_COLUMN = "missing_column"
    NOT_A_NUMBER = "not_a_number"
    AMBIGUOUS_NUMBER = "ambiguous_number"  # 1,500: a thousands or a decimal comma
    NOT_A_DATE = "not_a_date"
    NOT_A_TARIFF_CODE = "not_a_tariff_code"
    NOT_ALLOWED = "not_allowed"  # outside the allowed values or range
    INVALID_VALUE = "invalid_value"  # a rule of the input refuses it (the message says which)
    CONTRADICTION = "contradiction"  # facts that cannot all be true
    DUPLICATE = "duplicate"
    CYCLE = "cycle"  # a bill of materials that contains itself
    UNKNOWN_REFERENCE = "unknown_reference"  # a part, lot, run or company not recorded
    CONFLICT = "conflict"  # contradicts what the ledger already holds
    NO_LAW_ON_DATE = "no_law_on_date"  # the law gives no figure for that date
    LEFT_OUT = "left_out"  # not decided: a row it depends on was refused
    UNAVAILABLE = "unavailable"  # a database that cannot be opened


@dataclass(frozen=True)
class Problem:
    """One problem of bad input: where (file and row, JSON path, option), what was found,
    what is allowed, and how to fix it when that is not plain from ``allowed``. ``message``
    is the sentence shown when its producer words it otherwise than the plain
    ``<location>: found <found>; <allowed>``."""

    code: Code
    location: str
    found: str
    allowed: str
    hint: str = ""
    message: str = ""

    def __str__(self) -> str:
        if self.message:
            return self.message
        text = f"{self.location}: " if self.location else ""
        text += f"found {self.found}; {self.allowed}" if self.found else self.allowed
        return f"{text} ({self.hint})" if self.hint else text

    def at(self, prefix: str) -> Problem:
        """The same problem, its location prefixed (an option: ``--out results.txt``)."""
        message = f"{prefix} {self.message}" if self.message else ""
        return replace(self, location=f"{prefix} {self.location}".strip(), message=message)

    def as_dict(self) -> dict[str, str]:
        return {
            "code": str(self.code),
            "location": self.location,
            "found": self.found,
            "allowed": self.allowed,
            "hint": self.hint,
            "message": str(self),
        }


def worded(
    code: Code, message: str, location: str = "", found: str = "", allowed: str = ""
) -> Problem:
    """A problem whose producer words the whole sentence (``message``)."""
    return Problem(code, location, found, allowed or message, message=message)


class Refused(Exception):
    """Bad input: nothing was decided or written. Carries every problem found, so one run
    reports them all; every door (CLI, API, Python) raises or renders this one type."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("a refusal names at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]

    @property
    def codes(self) -> list[Code]:
        return [p.code for p in self.problems]


class Invalid(ValueError):
    """A value a validator refuses, with the code of the refusal (pydantic keeps the
    exception, so the code reaches the Problem built from its error)."""

    code: Code = Code.INVALID_VALUE

    def __init__(self, message: str, code: Code | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
