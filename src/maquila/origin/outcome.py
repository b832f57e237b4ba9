"""What one alternative of a rule gave: passed, failed or open, with its reasons, questions,
steps, RVC and the materials that failed or are not known (Article 4.2(d) reads them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from maquila.origin.piece import Piece
from maquila.origin.result import MethodResult, Missing, Step


@dataclass
class AltOutcome:
    label: str
    passed: bool | None
    reasons: list[str] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    rvc: list[MethodResult] = field(default_factory=list)
    failing: list[Piece] = field(default_factory=list)
    # materials whose shift is not known, with the questions that would settle it (kept
    # when the alternative fails: Article 4.2(d) cannot rest on materials not known)
    unknown: list[tuple[Piece, list[Missing]]] = field(default_factory=list)
