"""The outcome of one reading of s. 20 or s. 13 for a good (maquila.auto.other_vehicles):
its RVC against the reading's figures, with the VNM given or computed from the materials
(s. 20(4), (5); maquila.auto.traced_vnm), and the change of classification the reading
also needs, or offers as the alternative.

RVC percentages are compared as shown, to hundredths half up (as maquila.auto.parts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Protocol

from maquila.auto.traced_vnm import VehicleMaterial, vnm
from maquila.law.automotive import AutomotivePack
from maquila.origin.values import percent, shown
from maquila.verdict import Missing, Status, Step


class OtherVehicleRequest(Protocol):
    """The figures of a request (maquila.auto.other_vehicles.OtherVehicleRequest) this
    module reads: declared here, so that module is not imported back."""

    @property
    def net_cost(self) -> Decimal | None: ...
    @property
    def transaction_value(self) -> Decimal | None: ...
    @property
    def vnm(self) -> Decimal | None: ...
    @property
    def materials(self) -> tuple[VehicleMaterial, ...] | None: ...
    @property
    def tariff_shift_met(self) -> bool | None: ...


Shift = Literal["and_heading", "and_chapter", "or_rule"] | None
_SHIFT = {
    "and_heading": "a change from any other heading (its s. 13 row)",
    "and_chapter": "a change to heading 87.07 from any other chapter",
    "or_rule": "the tariff-shift alternative of its rule (Schedule 1 / s. 13)",
}


@dataclass(frozen=True)
class Reading:
    label: str
    citation: str
    nc: Decimal | None = None
    tv: Decimal | None = None
    shift: Shift = None
    traced: bool = False  # s. 20(4)
    elsewhere: str | None = None


@dataclass
class OtherResult:
    status: Status
    readings: list[tuple[Reading, bool | None]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


def evaluate(
    reading: Reading, request: OtherVehicleRequest, out: OtherResult, law: AutomotivePack
) -> bool | None:
    head = f"{reading.label} [{reading.citation}]"
    if reading.elsewhere is not None:
        out.steps.append(Step(f"{head}: decided by {reading.elsewhere}", reading.citation))
        question = f"the determination under {reading.elsewhere}"
        settles = f"the rule of {reading.label}"
        out.missing.append(Missing("determination", question, reading.citation, settles))
        return None
    rvc = _rvc(reading, request, out, head, law)
    shift = request.tariff_shift_met
    if reading.shift is None:
        return rvc
    said = {True: "met", False: "not met", None: "not stated"}[shift]
    out.steps.append(Step(f"{head}: {_SHIFT[reading.shift]}: " + said, reading.citation))
    if reading.shift == "or_rule":
        if shift or rvc:
            return True
        return False if shift is False and rvc is False else None
    if shift is False or rvc is False:
        return False
    if shift is None:
        question = f"is there {_SHIFT[reading.shift]} (tariff_shift_met)?"
        settles = f"the rule of {reading.label}"
        out.missing.append(Missing("tariff_shift_met", question, reading.citation, settles))
    return None if shift is None or rvc is None else True


def _rvc(
    reading: Reading,
    request: OtherVehicleRequest,
    out: OtherResult,
    head: str,
    law: AutomotivePack,
) -> bool | None:
    if request.vnm is not None:
        low = high = request.vnm
    elif request.materials is not None:
        traced = vnm(request.materials, reading.traced, law=law)
        # each material's line keeps the provision it applies (s. 20(4) or 20(5))
        out.steps += [Step(f"{head}: {s.step}", s.citation) for s in traced.steps]
        out.missing += traced.missing
        low, high = traced.low, traced.high
    else:
        question = "the VNM (vnm, or materials)"
        out.missing.append(Missing("vnm", question, reading.citation, reading.label))
        return None
    vnm_shown = f"{high}" if low == high else f"{low} to {high}"
    results: list[bool | None] = []
    for name, base, minimum in (
        ("NC", request.net_cost, reading.nc),
        ("TV", request.transaction_value, reading.tv),
    ):
        if base is None or minimum is None:
            continue
        # compared as shown: hundredths, half up
        best, worst = Decimal(shown(percent(base, low))), Decimal(shown(percent(base, high)))
        met = True if worst >= minimum else (False if best < minimum else None)
        results.append(met)
        span = shown(worst) if best == worst else f"{shown(worst)} to {shown(best)}"
        out.steps.append(
            Step(
                f"{head}: RVC {name} ({base} - VNM {vnm_shown}) / {base} x 100 = {span} "
                f"against {minimum}",
                reading.citation,
            )
        )
    if True in results:
        return True
    if results and all(r is False for r in results):
        return False
    if not results:
        question = f"{head}: the net cost (or transaction value) to compute the RVC"
        out.missing.append(Missing("net_cost", question, reading.citation, reading.label))
    return None
