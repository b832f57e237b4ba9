"""What a determination returns: status, criterion, rule, RVC, missing facts, trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


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


@dataclass(frozen=True)
class MethodResult:
    """One RVC method. ``vnm`` is the known VNM; when values are missing (``complete``
    false) ``percent`` and ``margin`` are upper bounds: the RVC is at most that."""

    method: str
    base: Decimal
    vnm: Decimal
    percent: Decimal
    threshold: Decimal | None
    margin: Decimal | None
    allowed: bool
    formula: str
    required: bool = True
    complete: bool = True


@dataclass(frozen=True)
class RuleRef:
    id: str
    citation: str
    text: str


@dataclass
class Determination:
    status: Status
    criterion: str | None = None
    rule: RuleRef | None = None
    alternative: str | None = None
    rvc: list[MethodResult] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    trace: list[Step] = field(default_factory=list)
    vintage: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
