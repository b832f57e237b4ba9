"""What a determination returns: status, criterion, rule, RVC, missing facts, trace."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


@dataclass(frozen=True)
class Determination:
    """A decided good, built once: the steps after the rule (chapter requirements, Part 6,
    transit, foreign-trade zones) return a new determination (``dataclasses.replace``),
    never patch one. Its sequences are tuples whatever a constructor is given."""

    status: Status
    criterion: str | None = None
    rule: RuleRef | None = None
    alternative: str | None = None
    rvc: Sequence[MethodResult] = ()
    missing: Sequence[Missing] = ()
    reasons: Sequence[str] = ()
    trace: Sequence[Step] = ()
    vintage: Mapping[str, str] = field(default_factory=dict)
    notes: Sequence[str] = ()

    def __post_init__(self) -> None:
        for name in ("rvc", "missing", "reasons", "trace", "notes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "vintage", dict(self.vintage))  # a copy (picklable)
