"""The result of an averaged calculation (vehicle RVC, vehicle LVC or parts RVC) and how it
reads: the election check, the period, the lines counted and left out, the arithmetic.

Three outcomes: ``met``; ``not_met`` (the average falls short, or the election is not valid
so there is no average to rely on: each vehicle's own figures decide); ``undetermined``
with the missing facts named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from maquila.auto.averaging.check import ElectionCheck
from maquila.auto.averaging.periods import Period, Status
from maquila.verdict import Met, Missing, Step


def overall(value: Status, election: ElectionCheck | None, incomplete: bool) -> Status:
    """Join the average's own outcome with the election's and the data's."""
    if election is not None and election.status == "not_valid":
        return Met.NOT_MET
    if incomplete:
        return Met.UNDETERMINED
    if value == "not_met":
        return Met.NOT_MET
    if value == "undetermined" or (election is not None and election.status != "valid"):
        return Met.UNDETERMINED
    return Met.MET


@dataclass
class Averaged:
    subject: str
    status: Status
    period: Period
    election: ElectionCheck | None = None
    counted: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def all_missing(self) -> list[Missing]:
        return (self.election.missing if self.election else []) + self.missing

    def all_findings(self) -> list[str]:
        if self.election is None:
            return self.findings
        return self.election.problems + self.election.findings + self.findings

    def as_dict(self) -> dict[str, Any]:
        election = None
        if self.election is not None:
            e = self.election
            election = {
                "status": e.status,
                "deadline": e.deadline.isoformat() if e.deadline else None,
                "checks": e.lines,
                "problems": e.problems,
                "refused_changes": e.findings,
                "missing": [m.as_dict() for m in e.missing],
            }
        return {
            "subject": self.subject,
            "status": self.status,
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "citation": self.period.citation,
                "reason": self.period.reason,
            },
            "election": election,
            "counted": self.counted,
            "not_counted": self.excluded,
            "steps": [s.step for s in self.steps],
            "trace": [s.as_trace() for s in self.steps],
            "missing": [m.as_dict() for m in self.missing],
            "findings": self.findings,
        }

    def text(self) -> list[str]:
        p = self.period
        out = [f"{self.subject}: {self.status.replace('_', ' ')}"]
        out.append(f"  period {p.start} to {p.end} [{p.citation}]: {p.reason}")
        if self.election is not None:
            out.append(f"  election: {self.election.status.replace('_', ' ')}")
            out += [f"    {line}" for line in self.election.lines]
        out += [f"  counted: {line}" for line in self.counted]
        out += [f"  not counted: {line}" for line in self.excluded]
        out += [f"  {s.step}" for s in self.steps]
        out += [f"  finding: {line}" for line in self.all_findings()]
        out += [f"  missing: {line}" for line in self.all_missing()]
        return out
