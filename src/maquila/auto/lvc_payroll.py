"""From a producer's payroll and purchase records to the LVC (SOR/2020-155 s. 18(3)-(7), (20)).

Each plant's payroll gives its wage certification (maquila.auto.wages). Then:

- HWLC: base wages of direct production work at the vehicle assembly plant, counted only
  if that plant's certification is met and valid on the LVC date (s. 12 'high-wage labour
  costs', s. 18(3)(b));
- HWM or APV: the value of each purchased or self-produced material whose producing plant
  qualifies (s. 18(4), (7)), by a certification computed here or a supplier's (true,
  false or not given: not given is not counted, and asked);
- high-wage transport (s. 18(3)(c), (20)): costs of providers meeting the rate, unless
  already in a material's value or incurred outside the CUSMA countries.

Amounts are converted into the calculation currency by the rates of the input only.
maquila.auto.lvc.calculate does the rest. A line not counted for want of a fact makes the
result undetermined only if counting it could change the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from maquila.auto.lvc import Lvc, LvcRequest, calculate
from maquila.auto.wages import Certification, ExchangeRate, PlantPayroll, certify, convert
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Met, Missing, Step

HWM = "SOR/2020-155 s. 18(4), (7)"
TRANSPORT = "SOR/2020-155 s. 18(3)(c), (20)"
_SETTLES = "the labour value content (s. 18)"


class PurchaseLine(Strict):
    line: str
    kind: Literal["material", "transport"]
    description: str = ""
    supplier_plant: str
    value: Decimal = Field(ge=0)  # its net cost or its APV, as the formula chosen counts it
    currency: str = Field(min_length=3, max_length=3)
    qualifies: bool | None = None  # the supplier's certification, when not computed here
    certification: str | None = None  # the supplier's certification reference
    in_materials: bool = False  # transport already in a material's value (s. 18(3)(c))
    outside_cusma: bool = False  # transport from outside the CUSMA countries (s. 18(20))


class PayrollLvcInput(Strict):
    """``request`` holds every LVC field (aggregates at zero: they are computed here)."""

    request: LvcRequest
    assembly_plant: str
    plants: tuple[PlantPayroll, ...]
    purchases: tuple[PurchaseLine, ...] = ()
    exchange_rates: tuple[ExchangeRate, ...] = ()

    @model_validator(mode="after")
    def _known(self) -> PayrollLvcInput:
        names = [p.plant for p in self.plants]
        if self.assembly_plant not in names:
            raise ValueError(f"assembly_plant {self.assembly_plant!r} is not one of {names}")
        computed = [
            p.line for p in self.purchases if p.supplier_plant in names and p.qualifies is not None
        ]
        if computed:
            raise ValueError(f"lines {computed}: qualifies is computed from the plant's payroll")
        return self


@dataclass
class PayrollLvc:
    status: Met  # maquila.verdict
    lvc: Lvc  # with the lines in question not counted
    certifications: list[Certification]
    steps: list[Step] = field(default_factory=list)
    questions: list[Missing] = field(default_factory=list)
    if_answered: Lvc | None = None  # with the lines in question counted


def _qualifies(
    line: PurchaseLine, certs: dict[str, Certification], on: date
) -> tuple[bool | None, str]:
    cert = certs.get(line.supplier_plant)
    if cert is None:
        ref = f" (certification {line.certification})" if line.certification else ""
        said = {True: "qualifies", False: "does not qualify", None: "not stated"}[line.qualifies]
        return line.qualifies, f"supplier plant {line.supplier_plant}: {said}{ref}"
    where = f"plant {cert.plant} rate {cert.rate} against {cert.threshold} {cert.currency}"
    if not cert.covers(on):
        return None, f"{where}: certification valid {cert.valid or 'never'}, not on {on}"
    return {"met": True, "not_met": False}.get(cert.status), f"{where}: {cert.status}"


def _labour(
    data: PayrollLvcInput, certs: dict[str, Certification], asked: list[Missing]
) -> tuple[Decimal, Decimal, Step]:
    """(HWLC counted, HWLC held for want of a fact, the step)."""
    on, assembly = data.request.on, certs[data.assembly_plant]
    payroll = next(p for p in data.plants if p.plant == data.assembly_plant)
    wages, how = convert(
        assembly.labour_wages, payroll.currency, data.request.currency, data.exchange_rates
    )
    valid = assembly.covers(on)
    if not valid:
        question = (
            f"assembly plant {assembly.plant}: its certification is valid "
            f"{assembly.valid or 'never'} (s. 18(5)), not on {on}: one covering {on}"
        )
        key = f"plants[{assembly.plant}].period_to"
        asked.append(Missing(key, question, "SOR/2020-155 s. 18(5)", _SETTLES))
    counted = wages if valid and assembly.status == "met" else Decimal(0)
    held = Decimal(0) if counted or (valid and assembly.status == "not_met") else wages
    step = Step(
        "HWLC",
        "SOR/2020-155 s. 12 'high-wage labour costs'; s. 18(3)(b)",
        arithmetic=f"base wages of direct production work at {assembly.plant}: {how}; plant "
        f"{assembly.status}, {'valid' if valid else 'not valid'} on {on}: HWLC {counted}"
        " (base wages only: premiums and bonuses, which s. 12 would count, are not)",
    )
    return counted, held, step


def _lines(
    data: PayrollLvcInput, certs: dict[str, Certification], asked: list[Missing], steps: list[Step]
) -> dict[str, tuple[Decimal, Decimal]]:
    """(counted, held for want of a fact) by kind of line."""
    sums = {"material": (Decimal(0), Decimal(0)), "transport": (Decimal(0), Decimal(0))}
    for line in data.purchases:
        value, shown = convert(
            line.value, line.currency, data.request.currency, data.exchange_rates
        )
        ok, why = _qualifies(line, certs, data.request.on)
        if line.kind == "transport" and line.in_materials:
            ok, why = False, "already in a material's value (s. 18(3)(c))"
        if line.kind == "transport" and line.outside_cusma:
            ok, why = False, "incurred outside the CUSMA countries (s. 18(20))"
        counted, held = sums[line.kind]
        if ok:
            counted += value
        elif ok is None:
            held += value
            question = f"purchase {line.line}: {why}: does the producing plant qualify?"
            key = f"purchases[{line.line}].qualifies"
            asked.append(
                Missing(key, question, HWM if line.kind == "material" else TRANSPORT, _SETTLES)
            )
        sums[line.kind] = (counted, held)
        verdict = {True: "counted", False: "not counted", None: "not counted (asked)"}[ok]
        citation = HWM if line.kind == "material" else TRANSPORT
        steps.append(
            Step(f"{line.kind} {line.line}", citation, arithmetic=f"{shown}; {why}: {verdict}")
        )
    return sums


def build(data: PayrollLvcInput, *, law: AutomotivePack | None = None) -> PayrollLvc:
    """The certifications and the LVC, all on the figures of ``law`` (default: the shipped
    pack)."""
    law = law or pack()
    certs = {p.plant: certify(p, data.exchange_rates, law=law) for p in data.plants}
    steps: list[Step] = [s for c in certs.values() for s in c.steps]
    asked = [m for c in certs.values() for m in c.missing]
    hwlc, held, step = _labour(data, certs, asked)
    steps.append(step)
    sums = _lines(data, certs, asked, steps)
    low = calculate(
        data.request.model_copy(
            update={
                "high_wage_labour": hwlc,
                "high_wage_materials": sums["material"][0],
                "high_wage_transport": sums["transport"][0],
            }
        ),
        law=law,
    )
    found = list(certs.values())
    if low.met or not asked:
        return PayrollLvc(Met.MET if low.met else Met.NOT_MET, low, found, steps, asked)
    # s. 18: would the facts asked for, if answered in the producer's favour, change it?
    high = calculate(
        data.request.model_copy(
            update={
                "high_wage_labour": hwlc + held,
                "high_wage_materials": sum(sums["material"], Decimal(0)),
                "high_wage_transport": sum(sums["transport"], Decimal(0)),
            }
        ),
        law=law,
    )
    return PayrollLvc(Met.UNDETERMINED if high.met else Met.NOT_MET, low, found, steps, asked, high)
