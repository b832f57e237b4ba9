"""An eligible vehicle under an approved alternative staging regime (SOR/2020-155 s. 19).

A passenger vehicle or light truck whose producer has an alternative staging regime
approved by the CUSMA countries (s. 19(1)) is, during the approved period, subject to the
requirements of s. 19(4) instead of ss. 13-18 (s. 19(2)): the vehicle's RVC under the net
cost method, the RVC of its Table A.1 parts (the transaction value method only where the
part's rule has one; lithium-ion batteries of 8507.60 on a change of classification), the
steel and aluminum purchases (unless the approved regime exempts the producer) and the LVC
at the s. 19(4)(d) figures; no core-parts requirement (s. 19(5)). Every figure comes from
the pack (``asr.requirements``); the calculations are those of ss. 17-18 (s. 19(6)),
reused from maquila.auto.steel, maquila.auto.lvc and maquila.auto.parts.

Outside the approved period the vehicle is decided under ss. 13-18 (s. 19(3)), and the
result says so. A vehicle still under the NAFTA Article 403.6 regime (s. 19(7)) may use
that regime, which maquila does not compute: it is decided on ss. 13-18, which it may also
use, and left undetermined unless it is originating under them.
"""

from __future__ import annotations

from datetime import date

from maquila.auto.lvc import LvcRequirement
from maquila.auto.parts import Listed, PartRequest, PartResult, decide_listed, listed_in
from maquila.auto.vehicle_standard import (
    Requirement,
    StagingApproval,
    VehicleRequest,
    VehicleResult,
    joined,
    labour_value_content,
    rvc_against,
    steel_and_aluminum,
)
from maquila.auto.vehicle_standard import standard as determine_standard
from maquila.law.automotive import AutomotivePack, pack
from maquila.law.automotive_model import PART6_IN_FORCE
from maquila.law.automotive_thresholds import Figures
from maquila.verdict import Met, Missing, Status, Step

ASR = "asr.requirements"
# s. 19(4)(b)(iii): lithium-ion batteries of subheading 8507.60 (HS 2012 digits)
_BATTERY = "850760"


def _figures(key: str, law: AutomotivePack) -> Figures:
    """The figures of one s. 19(4) requirement. Read from the variant, not through
    ``law.threshold``: that checks the s. 19(2) default period, and the producer's
    approved period may be another (checked in :func:`regime_on`)."""
    variant = next(v for v in law.entry(ASR).variants if v.key == key)
    assert variant.value is not None
    return variant.value


def period(approval: StagingApproval, law: AutomotivePack) -> tuple[date, date | None]:
    """s. 19(2): July 1, 2020 to June 30, 2025 (the pack's figures), or the approved period."""
    default = law.entry(ASR).period
    assert default is not None
    start = approval.period_from or default.from_ or PART6_IN_FORCE
    return start, approval.period_to or default.to


def regime_on(approval: StagingApproval, on: date, law: AutomotivePack) -> tuple[str, str]:
    """Which regime the vehicle is under on ``on``: ``nafta_403_6``, ``alternative_staging``
    or ``standard``, and why."""
    start, end = period(approval, law)
    source = (
        "the approved period"
        if approval.period_from or approval.period_to
        else "the period of s. 19(2)"
    )
    span = f"{source}, {start} to {end or 'open'}"
    nafta = approval.nafta_403_6_until
    if nafta is not None and on <= nafta:
        # s. 19(7): it may continue under the NAFTA Art. 403.6 regime until that period ends
        return "nafta_403_6", f"{on} is within its NAFTA Article 403.6 period (to {nafta})"
    if start <= on and (end is None or on <= end):
        return "alternative_staging", f"approval {approval.reference}: {on} is within {span}"
    # s. 19(3): not an eligible vehicle on that date; ss. 13-18 apply
    return "standard", f"approval {approval.reference}: {on} is outside {span}; ss. 13-18 apply"


def determine(request: VehicleRequest, *, law: AutomotivePack | None = None) -> VehicleResult:
    """s. 19, or ss. 13-18 outside the approved period, on the figures of ``law`` (default:
    the shipped pack)."""
    law = law or pack()
    approval = request.approval
    assert approval is not None  # VehicleRequest pairs the regime with its approval
    regime, why = regime_on(approval, request.on, law)
    citation = "SOR/2020-155 s. 19(2), (3)"
    if regime == "standard":
        result = _standard(request, law)
        result.requirements.insert(
            0, Requirement("alternative staging regime", citation, Met.NOT_APPLICABLE, why)
        )
        return result
    if regime == "nafta_403_6":
        return _nafta(request, why, law)
    head = Requirement("alternative staging regime", "SOR/2020-155 s. 19(1), (2)", Met.MET, why)
    return joined([head, *_requirements(request, approval, law)])


def _standard(request: VehicleRequest, law: AutomotivePack) -> VehicleResult:
    standard = request.model_copy(update={"regime": "standard", "approval": None})
    return determine_standard(standard, law=law)


def _nafta(request: VehicleRequest, why: str, law: AutomotivePack) -> VehicleResult:
    """s. 19(7): the NAFTA regime is not computed; the vehicle "will also be eligible" under
    the other rules, so ss. 13-18 can decide it in its favour, never against it."""
    result = _standard(request, law)
    originating = result.status is Status.ORIGINATING
    detail = (
        f"{why}: it may use that regime (not computed by maquila) or the other rules of these "
        "Regulations; "
        + (
            "it is originating under ss. 13-18"
            if originating
            else "not originating under ss. 13-18 as given: the NAFTA Article 403.6 "
            "regime's requirements are needed to decide"
        )
    )
    head = Requirement(
        "alternative staging regime",
        "SOR/2020-155 s. 19(7)",
        Met.NOT_APPLICABLE if originating else Met.UNDETERMINED,
        detail,
    )
    return VehicleResult(
        Status.ORIGINATING if originating else Status.UNDETERMINED, [head, *result.requirements]
    )


def _requirements(
    request: VehicleRequest, approval: StagingApproval, law: AutomotivePack
) -> list[Requirement]:
    rvc = _figures("vehicle_rvc", law)
    lvc = _figures("lvc", law)
    steel, aluminum = _figures("steel_purchases", law), _figures("aluminum_purchases", law)
    assert rvc.net_cost is not None and steel.percent_min and aluminum.percent_min
    assert lvc.lvc_total and lvc.high_wage_material_and_manufacturing_min is not None
    assert lvc.technology_credit_max is not None and lvc.assembly_credit_max is not None
    # s. 19(4)(a): RVC under the net cost method (s. 19(4) names no change of heading)
    vehicle = rvc_against(
        request, "vehicle RVC", "SOR/2020-155 s. 19(4)(a)", rvc.net_cost, shift=False
    )
    if approval.steel_aluminum_exempt:
        metals = Requirement(
            "steel and aluminum",
            "SOR/2020-155 s. 19(4)(c)",
            Met.NOT_APPLICABLE,
            f"the producer is exempted under its approved regime ({approval.reference})",
        )
    else:
        metals = steel_and_aluminum(
            request, (steel.percent_min, aluminum.percent_min), "SOR/2020-155 s. 19(4)(c)", law=law
        )
    # s. 19(4)(d): LVC with its own figures; the calculation is that of s. 18 (s. 19(6))
    required = LvcRequirement(
        "SOR/2020-155 s. 19(4)(d)",
        lvc.lvc_total,
        lvc.high_wage_material_and_manufacturing_min,
        lvc.technology_credit_max,
        lvc.assembly_credit_max,
    )
    core = Requirement(
        "core parts",
        "SOR/2020-155 s. 19(5)",
        Met.NOT_APPLICABLE,
        "eligible vehicles are exempt from the core parts requirement of s. 14",
    )
    lvc_met = labour_value_content(request, required, law=law)
    return [vehicle, _table_a1(request, law), metals, lvc_met, core]


def _table_a1(request: VehicleRequest, law: AutomotivePack) -> Requirement:
    """s. 19(4)(b): each Table A.1 part used in the vehicle at the ASR thresholds."""
    name, citation = "Table A.1 parts", "SOR/2020-155 s. 19(4)(b)"
    if request.table_a1_parts is None:
        return Requirement(name, citation, Met.UNDETERMINED, "no Table A.1 parts given")
    entry = next(v for v in law.entry(ASR).variants if v.key == "table_A1_parts_rvc")
    figures = _figures("table_A1_parts_rvc", law)
    listed = Listed("A.1", citation, figures.net_cost, figures.transaction_value, True)
    lines: list[str] = []
    statuses: list[str] = []
    for item in request.table_a1_parts:
        part = PartRequest.model_validate(
            {**item.model_dump(), "use": request.category, "date": request.on}
        )
        holding, digits = listed_in(part, "A.1", law)
        if holding is None:
            lines.append(f"{item.part} ({item.hs}): not listed in Table A.1, not counted")
            continue
        if (digits or "").startswith(_BATTERY):
            rule = entry.terms.get("lithium_ion_batteries_8507.60", "")
            result = _battery(part, rule)
        else:
            result = decide_listed(
                part, listed, rvc_only=True, holding=holding, digits=digits or ""
            )
        statuses.append(result.status)
        lines.append(
            f"{item.part} ({item.hs}): {result.status}: "
            + "; ".join([s.step for s in result.steps] + [f"missing: {m}" for m in result.missing])
        )
    if Status.NON_ORIGINATING in statuses:
        status = Met.NOT_MET
    elif statuses and set(statuses) == {Status.ORIGINATING}:
        status = Met.MET
    else:
        status = Met.UNDETERMINED
        if not statuses:
            lines.append("no Table A.1 part among those given")
    return Requirement(name, citation, status, " | ".join(lines))


_ORIGIN = {True: Status.ORIGINATING, False: Status.NON_ORIGINATING}


def _battery(part: PartRequest, rule: str) -> PartResult:
    """s. 19(4)(b)(iii): a lithium-ion battery of 8507.60 on its change of classification."""
    shift = part.tariff_shift_met
    status = Status.UNDETERMINED if shift is None else _ORIGIN[shift]
    result = PartResult(status, "A.1", "SOR/2020-155 s. 19(4)(b)(iii)")
    result.steps.append(Step(f"lithium-ion battery of 8507.60: {rule}", result.citation))
    if shift is None:
        question = f"is there {rule} (tariff_shift_met)?"
        result.missing.append(
            Missing("tariff_shift_met", question, result.citation, "the battery's origin")
        )
    return result
