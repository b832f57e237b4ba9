"""What a determination returns: status, criterion, rule, RVC, missing facts, trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# the shared vocabulary (maquila.verdict), named here too for the engine's modules
from maquila.verdict import Missing as Missing
from maquila.verdict import Status as Status
from maquila.verdict import Step as Step


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
