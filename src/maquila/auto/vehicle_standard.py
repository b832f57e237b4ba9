"""A vehicle determination: every requirement of Part 6 that a passenger vehicle, light truck
or heavy truck must meet, each decided by its own module, joined.

- the rule of s. 13 (change of heading plus RVC under the net cost method at the
  threshold in force; pack ``rvc.vehicle.*``);
- the core parts (s. 14(4)-(13), passenger vehicles and light trucks only; maquila.auto.core_parts);
- the steel and aluminum purchases (s. 17; maquila.auto.steel);
- the LVC (s. 18; maquila.auto.lvc).

A passenger vehicle or light truck under an approved alternative staging regime
(``regime: alternative_staging``) is decided by maquila.auto.staging (s. 19) instead.

The vehicle is originating only if all are met; not originating if one is not met;
undetermined otherwise, with what is missing. A heavy truck has no core-parts condition:
s. 15 sets thresholds for its parts (Tables D and E, maquila.auto.parts), whose origin
counts through the truck's VNM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from maquila.auto.core_parts import CorePart, CorePartsRequest
from maquila.auto.core_parts import evaluate as evaluate_core_parts
from maquila.auto.excess_credit import credited_rvc
from maquila.auto.lvc import LvcRequest, LvcRequirement, _p, calculate
from maquila.auto.parts import PartFigures
from maquila.auto.steel import Purchase, SteelRequest
from maquila.auto.steel import evaluate as evaluate_steel
from maquila.law.automotive import AutomotivePack, pack
from maquila.origin.values import percent, shown
from maquila.strict import Strict
from maquila.verdict import Met, Status

Category = Literal["passenger_vehicle", "light_truck", "heavy_truck"]


class StagingApproval(Strict):
    """The producer's alternative staging regime approved by the CUSMA countries (s. 19(1))."""

    reference: str  # the approval
    period_from: date | None = None  # None: the period of s. 19(2) (pack asr.requirements)
    period_to: date | None = None
    steel_aluminum_exempt: bool = False  # s. 19(4)(c): exempted under the approved regime
    nafta_403_6_until: date | None = None  # s. 19(7): end of its NAFTA Art. 403.6 period


class VehicleRequest(Strict):
    producer: str
    vehicle: str
    category: Category
    on: date = Field(alias="date")
    net_cost: Decimal = Field(gt=0)  # s. 13: net cost method (averaged under s. 16 if elected)
    vnm: Decimal = Field(ge=0)  # after roll-up of originating materials (s. 14(1))
    tariff_shift_met: bool | None = None  # "a change ... from any other heading"
    core_parts: tuple[CorePart, ...] = ()
    steel_purchases: tuple[Purchase, ...] | None = None
    steel_period: str = "not stated"
    lvc: dict[str, object] | None = None  # the fields of an LVC request, less the shared ones
    regime: Literal["standard", "alternative_staging"] = "standard"
    approval: StagingApproval | None = None  # s. 19: with regime alternative_staging
    table_a1_parts: tuple[PartFigures, ...] | None = None  # s. 19(4)(b)

    @model_validator(mode="after")
    def _core_parts_category(self) -> VehicleRequest:
        if self.category == "heavy_truck" and self.core_parts:
            raise ValueError("core parts (s. 14) are for passenger vehicles and light trucks")
        if (self.regime == "alternative_staging") != (self.approval is not None):
            raise ValueError("regime alternative_staging and an approval go together (s. 19(1))")
        if self.regime == "alternative_staging" and self.category == "heavy_truck":
            raise ValueError(
                "an alternative staging regime is for passenger vehicles or light "
                "trucks (s. 19(1)), not a heavy_truck"
            )
        return self


@dataclass
class Requirement:
    name: str
    citation: str
    status: Met
    detail: str


@dataclass
class VehicleResult:
    status: Status
    requirements: list[Requirement] = field(default_factory=list)


def _rvc(request: VehicleRequest, law: AutomotivePack) -> Requirement:
    ident = f"rvc.vehicle.{request.category}"
    entry = law.entry(ident)
    figures = law.threshold(ident, request.on)
    assert figures.net_cost is not None
    found = rvc_against(
        request, "rule of s. 13 (tariff shift and RVC)", entry.citation, figures.net_cost
    )
    if request.category == "heavy_truck" and request.lvc is not None:
        return _with_excess_credit(request, found, figures.net_cost, law)
    return found


def _with_excess_credit(
    request: VehicleRequest, found: Requirement, minimum: Decimal, law: AutomotivePack
) -> Requirement:
    """s. 18(22): a heavy truck's LVC points above 30 towards an RVC below ``minimum``."""
    value = _p(percent(request.net_cost, request.vnm))
    if request.tariff_shift_met is False or found.status is not Met.NOT_MET:
        return found
    lvc = calculate(LvcRequest.model_validate(_lvc_data(request)), law=law)
    assert lvc.excess_credit is not None
    status, words = credited_rvc(lvc.excess_credit, value, minimum)
    if status is Met.MET and request.tariff_shift_met is None:
        status = Met.UNDETERMINED
    citation = f"{found.citation}; {lvc.excess_credit.citation}"
    return Requirement(found.name, citation, status, f"{found.detail}; {words}")


def rvc_against(
    request: VehicleRequest, name: str, citation: str, minimum: Decimal, shift: bool = True
) -> Requirement:
    """The net cost RVC against ``minimum``; with ``shift``, also the change of heading."""
    value = percent(request.net_cost, request.vnm)
    met = Decimal(shown(value)) >= minimum  # compared as shown: hundredths, half up
    said = request.tariff_shift_met if shift else True
    status = Met.NOT_MET if not met or said is False else (Met.MET if said else Met.UNDETERMINED)
    detail = f"(NC {request.net_cost} - VNM {request.vnm}) / NC x 100 = {shown(value)} against "
    detail += str(minimum)
    if shift:
        detail += "; change of heading: " + _SAID[said]
    return Requirement(name, citation, status, detail)


_SAID = {True: "met", False: "not met", None: "not stated (tariff_shift_met)"}


def _core(request: VehicleRequest, law: AutomotivePack) -> Requirement:
    if request.category == "heavy_truck":
        # s. 14(4) binds passenger vehicles and light trucks; s. 15 gives heavy-truck parts
        # their own thresholds (their origin, rolled up into the VNM, s. 15(1)) but sets no
        # condition on the truck itself
        return Requirement(
            "core parts",
            "SOR/2020-155 s. 14(4); s. 15",
            Met.NOT_APPLICABLE,
            "core parts bind passenger vehicles and light trucks; a heavy truck's parts count "
            "through its VNM (s. 15(1))",
        )
    if not request.core_parts:
        return Requirement(
            "core parts", "SOR/2020-155 s. 14(4)", Met.UNDETERMINED, "no core parts given"
        )
    category: Literal["passenger_vehicle", "light_truck"] = (
        "light_truck" if request.category == "light_truck" else "passenger_vehicle"
    )
    result = evaluate_core_parts(
        CorePartsRequest.model_validate(
            {
                "producer": request.producer,
                "vehicle": request.vehicle,
                "category": category,
                "date": request.on,
                "parts": [p.model_dump() for p in request.core_parts],
            },
            context={"law": law},  # its parts checked against this pack's Table A.2
        ),
        law=law,
    )
    met = [o.label for o in result.options if o.met]
    detail = (
        "met by: " + ", ".join(met)
        if met
        else "; ".join([m.question for m in result.missing] + result.notes) or "no option met"
    )
    return Requirement("core parts", "SOR/2020-155 s. 14(4)-(13)", result.status, detail)


def steel_and_aluminum(
    request: VehicleRequest,
    each: tuple[Decimal, Decimal] | None = None,
    citation: str = "SOR/2020-155 s. 17(1)",
    *,
    law: AutomotivePack,
) -> Requirement:
    """The purchases against s. 17(1), or each metal against ``each`` (s. 19(4)(c))."""
    if request.steel_purchases is None:
        return Requirement("steel and aluminum", citation, Met.UNDETERMINED, "no purchases given")
    result = evaluate_steel(
        SteelRequest.model_validate(
            {
                "producer": request.producer,
                "date": request.on,
                "period": request.steel_period,
                "purchases": [p.model_dump() for p in request.steel_purchases],
            }
        ),
        each,
        law=law,
    )
    against = (
        f"{result.required}%"
        if each is None
        else f"{result.required}% (steel), {result.required_aluminum}% (aluminum)"
    )
    detail = (
        f"steel {result.steel.percent}%, aluminum {result.aluminum.percent}%, together "
        f"{result.joint.percent}% against {against}"
        + ("; " + "; ".join(m.question for m in result.missing) if result.missing else "")
    )
    return Requirement("steel and aluminum", citation, result.status, detail)


def _lvc_data(request: VehicleRequest) -> dict[str, object]:
    return {
        **(request.lvc or {}),
        "producer": request.producer,
        "vehicle": request.vehicle,
        "category": request.category,
        "date": request.on,
    }


def labour_value_content(
    request: VehicleRequest, required: LvcRequirement | None = None, *, law: AutomotivePack
) -> Requirement:
    """The LVC against s. 18, or against ``required`` (s. 19(4)(d))."""
    citation = "SOR/2020-155 s. 18" if required is None else required.citation
    if request.lvc is None:
        return Requirement("labor value content", citation, Met.UNDETERMINED, "no LVC data given")
    result = calculate(LvcRequest.model_validate(_lvc_data(request)), required, law=law)
    status = Met.MET if result.met else Met.NOT_MET
    detail = (
        f"LVC {result.total}% against {result.required_total}% "
        f"({result.high_wage_points} high-wage points, at least {result.required_high_wage})"
    )
    return Requirement("labor value content", citation, status, detail)


def standard(request: VehicleRequest, *, law: AutomotivePack | None = None) -> VehicleResult:
    """Sections 13 to 18 (the alternative staging regime is maquila.auto.staging), each on
    the figures of ``law`` (default: the shipped pack)."""
    law = law or pack()
    return joined(
        [
            _rvc(request, law),
            _core(request, law),
            steel_and_aluminum(request, law=law),
            labour_value_content(request, law=law),
        ]
    )


def joined(requirements: list[Requirement]) -> VehicleResult:
    """Originating if every requirement that applies is met; not if one is not met."""
    statuses = {r.status for r in requirements} - {Met.NOT_APPLICABLE}
    if Met.NOT_MET in statuses:
        status = Status.NON_ORIGINATING
    elif statuses == {Met.MET}:
        status = Status.ORIGINATING
    else:
        status = Status.UNDETERMINED
    return VehicleResult(status, requirements)
