"""Labor value content (LVC) of a passenger vehicle, light truck or heavy truck.

SOR/2020-155 s. 18 (the automotive appendix as implemented by Part 6 of the Uniform
Regulations): the producer certifies an LVC made of high-wage material and labour
expenditures (net cost or annual purchase value formula, s. 18(6)), a technology
credit (HWTC, s. 18(9)-(10)) and an assembly credit (HWAC, s. 18(12)-(14)). The
thresholds come from the pack (maquila.law.automotive, ids ``lvc.*``), dated; nothing
here is a constant of the law. Every figure of the result carries its arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from pydantic import Field, model_validator

from maquila.auto.certification import CertificationDetails
from maquila.auto.excess_credit import ExcessCredit, excess_credit
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Step

HUNDRED = Decimal(100)
POINT = Decimal("0.01")
Category = Literal["passenger_vehicle", "light_truck", "heavy_truck"]


class Technology(Strict):
    """s. 18(9): corporate wages on R&D or IT in the CUSMA countries, over the wages
    paid to direct production workers there."""

    rd_it_wages: Decimal = Field(ge=0)
    direct_production_wages: Decimal = Field(gt=0)


class Assembly(Strict):
    """s. 18(12)-(13): a high-wage assembly plant the producer operates, or a supply
    contract with one of at least the years the pack states."""

    plant: str
    operated_by_producer: bool = False
    contract_years: Decimal | None = Field(default=None, ge=0)
    engines_capacity: int = Field(default=0, ge=0)
    transmissions_capacity: int = Field(default=0, ge=0)
    battery_packs_capacity: int = Field(default=0, ge=0)


class LvcRequest(Strict):
    producer: str
    vehicle: str
    category: Category
    on: date = Field(alias="date")
    method: Literal["net_cost", "annual_purchase_value"]
    currency: str = "USD"
    high_wage_labour: Decimal = Field(ge=0)  # HWLC
    high_wage_materials: Decimal = Field(ge=0)  # HWM (net cost) or APV
    high_wage_transport: Decimal = Field(default=Decimal(0), ge=0)  # s. 18(3)(c), (20)
    net_cost: Decimal | None = Field(default=None, gt=0)  # NC
    total_annual_purchase_value: Decimal | None = Field(default=None, gt=0)  # TAPV
    labour_in_apv: bool = True  # s. 18(6)(b): HWLC in numerator and denominator, or in neither
    technology: Technology | None = None
    assembly: Assembly | None = None
    certification: CertificationDetails | None = None  # for the document (certificate.py)

    @model_validator(mode="after")
    def _base_for_method(self) -> LvcRequest:
        if self.method == "net_cost" and self.net_cost is None:
            raise ValueError("the net cost method needs net_cost (NC)")
        if self.method == "annual_purchase_value" and self.total_annual_purchase_value is None:
            raise ValueError("the annual purchase value method needs total_annual_purchase_value")
        return self


@dataclass
class Lvc:
    request: LvcRequest
    high_wage_points: Decimal
    technology_points: Decimal
    technology_counted: Decimal
    assembly_points: Decimal
    total: Decimal
    required_total: Decimal
    required_high_wage: Decimal
    met: bool
    steps: list[Step] = field(default_factory=list)
    excess_credit: ExcessCredit | None = None  # heavy trucks, s. 18(22)


def _p(value: Decimal) -> Decimal:
    return value.quantize(POINT, rounding=ROUND_HALF_UP)


class LvcRequirement(NamedTuple):
    citation: str
    total: Decimal
    high_wage_min: Decimal
    technology_max: Decimal
    assembly_max: Decimal


def requirement(
    category: Category, on: date, *, law: AutomotivePack | None = None
) -> LvcRequirement:
    """The s. 18 requirement in force on ``on`` for the category (in ``law``, default: the
    shipped pack)."""
    law = law or pack()
    ident = (
        "lvc.passenger_vehicle" if category == "passenger_vehicle" else "lvc.light_and_heavy_truck"
    )
    entry = law.entry(ident)
    figures = law.threshold(ident, on)
    assert figures.lvc_total is not None and figures.high_wage_material_and_labour_min is not None
    assert figures.technology_credit_max is not None and figures.assembly_credit_max is not None
    return LvcRequirement(
        entry.citation,
        figures.lvc_total,
        figures.high_wage_material_and_labour_min,
        figures.technology_credit_max,
        figures.assembly_credit_max,
    )


def calculate(
    request: LvcRequest,
    required: LvcRequirement | None = None,
    *,
    law: AutomotivePack | None = None,
) -> Lvc:
    """The LVC against the s. 18 requirement of the date, or against ``required`` where
    another provision sets the figures (s. 19(4)(d), alternative staging regime); the
    figures are read from ``law`` (default: the shipped pack)."""
    law = law or pack()
    citation, total_min, high_min, tech_max, assembly_max = required or requirement(
        request.category, request.on, law=law
    )
    steps: list[Step] = []
    high = _high_wage(request, steps)
    tech = _technology(request, tech_max, steps)
    counted = min(tech, tech_max)
    assembly = _assembly(request, assembly_max, steps, law)
    total = high + counted + assembly
    met = _p(total) >= total_min and _p(high) >= high_min
    steps.append(
        Step(
            "LVC",
            citation,
            arithmetic=f"{_p(high)} + {_p(counted)} + {assembly} = {_p(total)} against {total_min} "
            f"(of which high-wage material and labour at least {high_min}): "
            f"{'met' if met else 'not met'}",
        )
    )
    return Lvc(
        request,
        _p(high),
        _p(tech),
        _p(counted),
        assembly,
        _p(total),
        total_min,
        high_min,
        met,
        steps,
        # s. 18(22): heavy trucks only
        excess_credit(request.on, _p(high), _p(total), total_min, law=law)
        if request.category == "heavy_truck"
        else None,
    )


def _high_wage(request: LvcRequest, steps: list[Step]) -> Decimal:
    """The high-wage material and labour percentage: s. 18(6)(a) on the net cost, or
    s. 18(6)(b) on the total annual purchase value."""
    numerator = request.high_wage_materials + request.high_wage_transport
    if request.method == "net_cost":
        assert request.net_cost is not None
        high = (request.high_wage_labour + numerator) / request.net_cost * HUNDRED
        steps.append(
            Step(
                "high-wage material and labour",
                "SOR/2020-155 s. 18(6)(a)",
                arithmetic=f"(HWLC {request.high_wage_labour} + HWM {numerator}) / "
                f"NC {request.net_cost} x 100 = {_p(high)}",
            )
        )
        return high
    assert request.total_annual_purchase_value is not None
    labour = request.high_wage_labour if request.labour_in_apv else Decimal(0)
    high = (numerator + labour) / (request.total_annual_purchase_value + labour) * HUNDRED
    steps.append(
        Step(
            "high-wage material and labour",
            "SOR/2020-155 s. 18(6)(b)",
            arithmetic=f"(APV {numerator} + HWLC {labour}) / "
            f"(TAPV {request.total_annual_purchase_value} + HWLC {labour}) x 100 = {_p(high)}",
        )
    )
    return high


def _technology(request: LvcRequest, maximum: Decimal, steps: list[Step]) -> Decimal:
    """s. 18(9)-(10): the high-wage technology expenditure percentage (before its cap)."""
    if request.technology is None:
        return Decimal(0)
    t = request.technology
    tech = t.rd_it_wages / t.direct_production_wages * HUNDRED
    steps.append(
        Step(
            "technology credit (HWTC)",
            "SOR/2020-155 s. 18(9)-(10)",
            arithmetic=f"R&D and IT wages {t.rd_it_wages} / direct production wages "
            f"{t.direct_production_wages} x 100 = {_p(tech)}; counted up to {maximum}",
        )
    )
    return tech


def _assembly(
    request: LvcRequest, maximum: Decimal, steps: list[Step], law: AutomotivePack
) -> Decimal:
    """s. 18(12)-(14): the credit if the producer operates a high-wage assembly plant with
    the minimum capacity, or has a supply contract of at least the minimum years with one."""
    a = request.assembly
    if a is None:
        return Decimal(0)
    entry = law.entry("lvc.assembly_credit")
    base = entry.value
    variant = (
        "heavy_truck" if request.category == "heavy_truck" else "passenger_vehicle_or_light_truck"
    )
    capacity = next(v.value for v in entry.variants if v.key == variant)
    assert base is not None and base.points is not None and base.contract_min_years is not None
    assert (
        capacity is not None
        and capacity.engines_min is not None
        and capacity.transmissions_min is not None
    )
    assert capacity.advanced_battery_packs_min is not None
    enough = (
        a.engines_capacity >= capacity.engines_min
        or a.transmissions_capacity >= capacity.transmissions_min
        or a.battery_packs_capacity >= capacity.advanced_battery_packs_min
    )
    linked = a.operated_by_producer or (a.contract_years or 0) >= base.contract_min_years
    points = min(base.points, maximum) if enough and linked else Decimal(0)
    link = (
        "operated by the producer"
        if a.operated_by_producer
        else f"contract of {a.contract_years or 0} years (minimum {base.contract_min_years})"
    )
    why = (
        f"plant {a.plant}: capacity {'meets' if enough else 'below'} the minimum "
        f"({capacity.engines_min} engines, {capacity.transmissions_min} transmissions or "
        f"{capacity.advanced_battery_packs_min} battery packs); {link} -> {points} points"
    )
    steps.append(Step("assembly credit (HWAC)", entry.citation, arithmetic=why))
    return points
