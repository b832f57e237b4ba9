"""The averaged RVC of a category of vehicles over the elected period (SOR/2020-155
s. 16(1), (2), (8), (9)).

The election selects the vehicles: those of its category (s. 16(1)(a)-(d)), produced in
the period (s. 16(8)), all of them or only those exported to another CUSMA country, as
elected (s. 16(8)(a)-(b)); under category (c) vehicles subject to another RVC requirement
may be averaged apart (s. 16(2)). Their net costs and VNM, summed, give one RVC (net cost
method), measured against the s. 13 threshold (pack ``rvc.vehicle.<category>``) in force
over the period: decided where every threshold in force on a day of the period gives the
same answer (:func:`maquila.auto.averaging.periods.decide`).

Estimated costs (s. 16(9)): the average stands on the estimates during the year; the
actual costs, once given, decide. If they fall short, the vehicles are non-originating and
the producer must inform everyone it certified to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Literal, TypeVar

from pydantic import Field, model_validator

from maquila.auto.averaging.check import RVC, ElectionCheck, check_election
from maquila.auto.averaging.election import Country, Election, LineKeys, VehicleCategory, outside
from maquila.auto.averaging.periods import (
    Period,
    Produced,
    Status,
    averaged_rvc,
    dates_in,
    decide,
    election_period,
)
from maquila.auto.averaging.result import Averaged, overall
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Met, Missing, Step


class VehicleKeys(LineKeys):
    category: VehicleCategory  # whose s. 13 threshold (and s. 18 requirement) applies
    model_line: str
    vehicle_class: str
    country: Country
    model_name: str | None = None
    tariff_classification: str | None = None


class VehicleLine(VehicleKeys):
    """Identical vehicles: net cost and VNM per unit (estimated or actual, s. 16(9))."""

    net_cost: Decimal = Field(gt=0)
    vnm: Decimal = Field(ge=0)
    actual_net_cost: Decimal | None = Field(default=None, gt=0)
    actual_vnm: Decimal | None = Field(default=None, ge=0)


class RvcAveraging(Strict):
    election: Election
    costs: Literal["actual", "estimated"] = "actual"
    currency: str = "USD"
    vehicles: tuple[VehicleLine, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _actuals(self) -> RvcAveraging:
        given = any(
            v.actual_net_cost is not None or v.actual_vnm is not None for v in self.vehicles
        )
        if given and self.costs == "actual":
            raise ValueError("actual_net_cost / actual_vnm are for costs: estimated (s. 16(9))")
        return self


K = TypeVar("K", bound=VehicleKeys)


@dataclass
class Selection(Generic[K]):
    counted: list[tuple[K, int]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    destinations: set[Country] = field(default_factory=set)


_SETTLES = "the averaging"
_S16_8 = "SOR/2020-155 s. 16(8)"
_S16_9 = "SOR/2020-155 s. 16(9)"


def started(label: str, period: Period, check: ElectionCheck, chosen: Selection[K]) -> Averaged:
    """The result of an averaging before its figures: what was counted, left out, missing."""
    result = Averaged(label, Met.UNDETERMINED, period, check)
    result.counted = [f"{v.id}: {units} units ({v.category})" for v, units in chosen.counted]
    result.excluded, result.missing = chosen.excluded, chosen.missing
    if not any(units for _, units in chosen.counted):
        question = "vehicles of the category produced in the period"
        result.missing.append(Missing("vehicles", question, period.citation, label))
    return result


def select(election: Election, lines: Sequence[K], period: Period, cited: str) -> Selection[K]:
    """The lines the election counts in the period, with the units counted."""
    chosen: Selection[K] = Selection()
    for line in lines:
        why = outside(election, line)
        if why is None and election.separately_for not in (None, line.category):
            why = f"a {line.category.replace('_', ' ')}: averaged separately (s. 16(2))"
        if why is None and (line.produced_to < period.start or line.produced_from > period.end):
            why = f"produced {line.produced_from} to {line.produced_to}, outside the period"
        if why is not None:
            chosen.excluded.append(f"{line.id}: {why}")
            continue
        if line.produced_from < period.start or line.produced_to > period.end:
            question = (
                f"{line.id}: produced {line.produced_from} to {line.produced_to}, across the "
                f"period {period.start} to {period.end}: split the line at its boundary"
            )
            key = f"vehicles[{line.id}].produced_from"
            chosen.missing.append(Missing(key, question, period.citation, _SETTLES))
            continue
        chosen.destinations |= set(line.exported_to)
        units = line.units
        if election.basis == "exported":
            if line.exported_units is None:
                question = f"{line.id}: exported_units (only exported vehicles count, {cited})"
                key = f"vehicles[{line.id}].exported_units"
                chosen.missing.append(Missing(key, question, cited, _SETTLES))
                continue
            units = line.exported_units
        chosen.counted.append((line, units))
    return chosen


def _rvc(lines: list[tuple[VehicleLine, int]], actual: bool) -> tuple[Decimal, str]:
    produced = []
    for v, units in lines:
        nc, vnm = (v.actual_net_cost, v.actual_vnm) if actual else (v.net_cost, v.vnm)
        assert nc is not None and vnm is not None
        produced.append(Produced(units, nc, vnm))
    nc_total = sum((p.net_cost * p.units for p in produced), Decimal(0))
    vnm_total = sum((p.vnm * p.units for p in produced), Decimal(0))
    how = f"(NC {nc_total} - VNM {vnm_total}) / NC {nc_total} x 100"
    return averaged_rvc(produced), how


def average_rvc(request: RvcAveraging, *, law: AutomotivePack | None = None) -> Averaged:
    """The averaged RVC against the s. 13 thresholds of ``law`` (default: the shipped pack)."""
    law = law or pack()
    e = request.election
    inside = [v for v in request.vehicles if outside(e, v) is None] or request.vehicles
    category = inside[0].category  # whose s. 16(5) periods apply
    period, unavailable = election_period(
        kind=e.period,
        fiscal_year_start=e.fiscal_year_start,
        transitional_start=e.transitional_start,
        category=e.separately_for or category,
        law=law,
    )
    chosen = select(e, request.vehicles, period, "SOR/2020-155 s. 16(8)(b)")
    check = check_election(
        RVC,
        e,
        period,
        destinations=chosen.destinations,
        plants={line.plant for line, _ in chosen.counted},
        law=law,
    )
    if unavailable:
        check.problems.append(unavailable)
        check.status = "not_valid"
    result = started("averaged vehicle RVC (s. 16)", period, check, chosen)
    if not any(units for _, units in chosen.counted):
        return result
    value = _measure(request, chosen.counted, period, result, law)
    result.status = overall(value, check, bool(result.missing))
    if check.status == "not_valid":
        line = (
            "the election is not valid: no average to rely on; each vehicle's own RVC decides "
            "(maquila auto vehicle)"
        )
        result.steps.append(Step(line, period.citation))
    return result


def _thresholds(
    lines: list[tuple[VehicleLine, int]], period: Period, law: AutomotivePack
) -> dict[str, Decimal]:
    required: dict[str, Decimal] = {}
    ids = sorted({f"rvc.vehicle.{v.category}" for v, _ in lines})
    for ident in ids:
        for day in dates_in(ids, period.start, period.end, law):
            figure = law.threshold(ident, day).net_cost
            assert figure is not None
            required[f"in force on {day} ({law.entry(ident).citation})"] = figure
    return required


def _measure(
    request: RvcAveraging,
    lines: list[tuple[VehicleLine, int]],
    period: Period,
    out: Averaged,
    law: AutomotivePack,
) -> Status:
    required = _thresholds(lines, period, law)
    value, how = _rvc(lines, actual=False)
    status, text = decide(value, required, "RVC")
    basis = f"{request.costs} costs"
    out.steps.append(Step(f"averaged RVC on {basis} (s. 16(8)): {how}; {text}: {status}", _S16_8))
    if request.costs == "actual":
        return status
    lacking = [v.id for v, _ in lines if v.actual_net_cost is None or v.actual_vnm is None]
    if len(lacking) == len(lines):
        out.steps.append(
            Step(
                f"s. 16(9): at the end of the fiscal year ({period.end}) the producer must "
                "analyse the actual costs; give actual_net_cost and actual_vnm to check",
                _S16_9,
            )
        )
        return status
    if lacking:
        out.missing += [
            Missing(
                f"vehicles[{i}].actual_net_cost",
                f"{i}: actual_net_cost and actual_vnm (s. 16(9))",
                _S16_9,
                "the true-up of the averaged RVC",
            )
            for i in lacking
        ]
        return Met.UNDETERMINED
    actual, how = _rvc(lines, actual=True)
    real, text = decide(actual, required, "RVC")
    out.steps.append(Step(f"s. 16(9) actual costs: {how}; {text}: {real}", _S16_9))
    if real == "not_met":
        out.findings.append(
            "on the actual costs the vehicles do not meet the RVC requirement: they are "
            "non-originating, and the producer must immediately inform every person to whom "
            "it provided a certificate of origin or a written statement that they are "
            "originating (SOR/2020-155 s. 16(9))"
        )
    return real
