"""Other vehicles and their parts (SOR/2020-155 s. 20), goods of 8703.10, and the chassis
and bodies of 87.06 and 87.07 (s. 13), each on the RVC the pack gives.

- a motor vehicle of s. 20(2) (62.5 %) or s. 20(3)(a) (60 %), net cost method, with the
  change of heading of its s. 13 row; 50 % in a new plant or after a refit (s. 20(8),
  maquila.auto.other_vehicles.new_plant); its VNM is every non-originating material (s. 20(5));
- an engine of 84.07/84.08 or a gear box of 8708.40 for those vehicles (s. 20(2)(h), (3)(b))
  and a good of Table F subject to an RVC requirement (s. 20(3)(c), except bearings of
  8482.10-8482.80, 8483.20 and 8483.30): the RVC alternative of its rule at the s. 20
  figure, or the rule's tariff shift; Table F and Table G materials may be counted at
  their own VNM (s. 20(4), maquila.auto.traced_vnm);
- a good of 8703.10: a change of heading and 60 % (transaction value) or 50 % (net cost);
- a chassis of 87.06 or a body of 87.07 by its use (s. 13 rows; s. 20(3)(a)(vi)).

Whatever is not known (what the vehicle is, a listing, a figure) is asked. Every reading
the facts leave open is computed: the good is decided when all agree, else undetermined.
A passenger vehicle, light truck or heavy truck is for ``maquila auto vehicle``; a part
for them for ``maquila auto part``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from pydantic import Field

from maquila.auto.other_vehicles.kinds import Facts, Kind, kinds, within
from maquila.auto.other_vehicles.new_plant import NewPlant, Refit, fifty
from maquila.auto.other_vehicles.rvc import OtherResult, Reading, Shift, evaluate
from maquila.auto.traced_vnm import VehicleMaterial, in_table_f
from maquila.hs.codes import TariffCode
from maquila.law.automotive import AutomotivePack, pack
from maquila.verdict import Missing, Status, Step

_ELSEWHERE = {
    "passenger_vehicle": "maquila auto vehicle (ss. 13-18)",
    "light_truck": "maquila auto vehicle (ss. 13-18)",
    "heavy_truck": "maquila auto vehicle (ss. 13-18)",
    "8701.20": "the s. 13 row of 8701.20 (not a heavy truck: off-road)",
}


class OtherVehicleRequest(Facts):
    producer: str
    good: str
    on: date = Field(alias="date")
    for_use_in: Facts | None = None  # the vehicle a part, chassis or body is for
    aftermarket: bool = False
    net_cost: Decimal | None = Field(default=None, gt=0)
    transaction_value: Decimal | None = Field(default=None, gt=0)
    vnm: Decimal | None = Field(default=None, ge=0)
    materials: tuple[VehicleMaterial, ...] | None = None  # instead of vnm (s. 20(4), (5))
    tariff_shift_met: bool | None = None
    rule_has_rvc: bool | None = None  # Table F: the good's rule has an RVC requirement
    description_matches: bool | None = None  # a lettered or "ex" Table F entry
    new_plant: NewPlant | None = None  # s. 20(8)(a)
    refit: Refit | None = None  # s. 20(8)(b)


def _figure(law: AutomotivePack, ident: str, on: date, variant: str | None = None) -> Decimal:
    figures = law.threshold(ident, on, variant)
    assert figures.net_cost is not None
    return figures.net_cost


def _s13_row(code: TariffCode, law: AutomotivePack) -> str:
    """The s. 13 rows of the code (pack ``rvc.vehicle.other_fixed``), for the trace."""
    entry = law.entry("rvc.vehicle.other_fixed")
    rows = [
        f"{', '.join(v.hs)}{f' ({v.good})' if v.good else ''}: {v.value.net_cost} %"
        for v in entry.variants
        if v.value is not None and within(code, *v.hs)
    ]
    return "s. 13 row " + "; ".join(rows) if rows else "no fixed s. 13 row"


def _vehicle(
    code: TariffCode,
    kind: Kind,
    request: OtherVehicleRequest,
    out: OtherResult,
    law: AutomotivePack,
) -> list[Reading]:
    on = request.on
    if kind.group == "8703.10":
        both = law.threshold("rvc.vehicle.8703.10", on)
        return [
            Reading(kind.label, kind.citation, both.net_cost, both.transaction_value, "and_heading")
        ]
    if kind.group not in ("s20_2", "s20_3a"):
        return [Reading(kind.label, kind.citation, elsewhere=_ELSEWHERE[kind.group])]
    ident = "other_vehicles.rvc_62_5" if kind.group == "s20_2" else "other_vehicles.rvc_60"
    base = Reading(kind.label, kind.citation, _figure(law, ident, on), shift="and_heading")
    out.steps.append(
        Step(
            f"{kind.label}: {base.nc} % under s. 20, despite s. 13; " + _s13_row(code, law),
            kind.citation,
        )
    )
    plant = fifty(on, kind.group == "s20_3a", request.new_plant, request.refit, law)
    if plant is None:
        return [base]
    out.steps += plant.steps
    new = Reading(
        f"{kind.label}, new plant or refit",
        "SOR/2020-155 s. 20(8)",
        plant.percent,
        shift="and_heading",
    )
    if plant.applies is None:
        out.missing += plant.missing
        return [base, new]
    return [new if plant.applies else base]


def _targets(request: OtherVehicleRequest, out: OtherResult) -> list[Kind]:
    if request.aftermarket:
        return [Kind("aftermarket", "an aftermarket part", "SOR/2020-155 s. 13")]
    use = request.for_use_in
    if use is None:
        out.missing.append(
            Missing(
                "for_use_in", "for use in which vehicle (for_use_in), or an aftermarket part?",
                "SOR/2020-155 ss. 13, 20", "the rule of the part",
            )
        )  # fmt: skip
        return []
    codes, changed = use.codes()
    found: list[Kind] = []
    for code in codes:
        each, questions = kinds(code, use, changed)
        asked = [
            replace(q, key=f"for_use_in.{q.key}", question=f"for_use_in {q.question}")
            for q in questions
        ]
        out.missing += [q for q in asked if q not in out.missing]
        found += each or ([] if questions else [Kind("none", f"{use.hs} (not 87.01-87.05)", "")])
    return found


def _chassis_or_body(code: TariffCode, target: Kind, on: date, law: AutomotivePack) -> Reading:
    """s. 13 rows 87.06 and 87.07 (1)-(3); s. 20(3)(a)(vi) for 87.06 in other vehicles."""
    entry = law.entry("rvc.chassis_bodies.87.06_87.07")
    body = bool(within(code, "87.07"))
    if target.group == "none":
        return Reading(f"for {target.label}", entry.citation, elsewhere="not a vehicle's part")
    shift: Shift = None
    if target.group in ("passenger_vehicle", "light_truck"):
        variant = "passenger_vehicle+light_truck"
    elif target.group == "heavy_truck":
        variant, shift = "heavy_truck", "and_chapter" if body else None
    else:
        variant = "any_other_vehicle+aftermarket_part"
        shift = "and_chapter" if body else None
    label = f"{'body' if body else 'chassis'} for {target.label}"
    if not body and variant.startswith("any_other") and target.group != "aftermarket":
        label += " (also s. 20(3)(a)(vi))"
    traced = target.group == "s20_2"  # 87.06 and 87.07 are in Table F (s. 20(4))
    return Reading(
        label, entry.citation, _figure(law, entry.id, on, variant), shift=shift, traced=traced
    )


def _part(
    code: TariffCode,
    target: Kind,
    request: OtherVehicleRequest,
    out: OtherResult,
    law: AutomotivePack,
) -> list[Reading]:
    """Engines and gear boxes (s. 20(2)(h), (3)(b)); Table F goods (s. 20(3)(c))."""
    component = bool(within(code, "84.07", "84.08", "8708.40"))
    other_use = target.group in ("aftermarket", "8703.10", "8701.20")
    if within(code, "87.08") and other_use:
        return _s13_other(target, request, out, law)
    if target.group not in ("s20_2", "s20_3a"):
        where = "maquila auto part / its Schedule 1 rule"
        return [Reading(f"part for {target.label}", "SOR/2020-155 s. 20", elsewhere=where)]
    listed = _listed(request, out, law) if target.group == "s20_2" or not component else None
    if component:
        group_2 = target.group == "s20_2"
        ident = "other_vehicles.rvc_62_5" if group_2 else "other_vehicles.rvc_60"
        cite = "SOR/2020-155 s. 20(2)(h)" if group_2 else "SOR/2020-155 s. 20(3)(b)"
        # s. 20(4): a Table F good for a s. 20(2) vehicle, a Table G component for a (3)(a) one
        label, figure = f"engine or gear box for {target.label}", _figure(law, ident, request.on)
        ways = [True] if not group_2 else [True, False] if listed is None else [bool(listed)]
        return [Reading(label, cite, figure, shift="or_rule", traced=t) for t in ways]
    # s. 20(3)(c): except the goods of (b) and of 8482.10-8482.80, 8483.20, 8483.30
    excepted = within(code, "8482.10-8482.80", "8483.20", "8483.30")
    label = f"Table F good for {target.label}"
    if listed is False and within(code, "87.08"):
        return _s13_other(target, request, out, law)
    if excepted or listed is not True:
        why = "excepted from s. 20(3)(c)" if excepted else "not shown to be a Table F good"
        return [
            Reading(label, "SOR/2020-155 s. 20(3)(c)", elsewhere=f"its Schedule 1 rule ({why})")
        ]
    if request.rule_has_rvc is not True:
        if request.rule_has_rvc is None:
            out.missing.append(
                Missing(
                    "rule_has_rvc",
                    "is the good's rule subject to an RVC requirement (rule_has_rvc)?",
                    "SOR/2020-155 s. 20(3)(c)",
                    label,
                )
            )  # fmt: skip
        return [Reading(label, "SOR/2020-155 s. 20(3)(c)", elsewhere="its Schedule 1 rule")]
    figure = _figure(law, "other_vehicles.rvc_60", request.on)
    in_2 = target.group == "s20_2"  # s. 20(4): a Table F good for a s. 20(2) vehicle
    return [Reading(label, "SOR/2020-155 s. 20(3)(c)", figure, shift="or_rule", traced=in_2)]


def _s13_other(
    target: Kind, request: OtherVehicleRequest, out: OtherResult, law: AutomotivePack
) -> list[Reading]:
    """s. 13, 8708 rows, "for any other good ... for use as original equipment in any other
    vehicle or as an aftermarket part": the row's tariff shift, or its RVC alternative."""
    entry = law.entry("rvc.s13.other_vehicle_or_aftermarket_parts")
    label = f"8708 part for {target.label}"
    if request.rule_has_rvc is not True:
        if request.rule_has_rvc is None:
            out.missing.append(
                Missing(
                    "rule_has_rvc", "has the part's s. 13 row an RVC alternative (rule_has_rvc)?",
                    entry.citation, label,
                )
            )  # fmt: skip
        return [Reading(label, entry.citation, elsewhere="its s. 13 row's tariff shift")]
    figure = _figure(law, entry.id, request.on)
    return [Reading(label, entry.citation, figure, shift="or_rule")]


def _listed(request: OtherVehicleRequest, out: OtherResult, law: AutomotivePack) -> bool | None:
    """Whether Table F lists the good; a lettered or "ex" entry only if it is the good."""
    listed, where = in_table_f(request.hs, law)
    if listed is None:
        listed = request.description_matches
        if listed is None:
            out.missing.append(
                Missing(
                    "description_matches",
                    f"is the good the one {where} describes (description_matches)?",
                    "SOR/2020-155 s. 20(4), Table F",
                    "whether Table F lists the good",
                )
            )
    return listed


def _readings(request: OtherVehicleRequest, out: OtherResult, law: AutomotivePack) -> list[Reading]:
    codes, changed = request.codes()
    found: list[Reading] = []
    for code in codes:
        vehicle, questions = kinds(code, request, changed)
        out.missing += [q for q in questions if q not in out.missing]
        if vehicle or questions:
            found += [r for kind in vehicle for r in _vehicle(code, kind, request, out, law)]
        elif within(code, "87.06", "87.07"):
            targets = _targets(request, out)
            found += [_chassis_or_body(code, t, request.on, law) for t in targets]
        elif (
            within(code, "84.07", "84.08", "8708.40") or in_table_f(request.hs, law)[0] is not False
        ):
            targets = _targets(request, out)
            found += [r for t in targets for r in _part(code, t, request, out, law)]
        else:
            found.append(
                Reading(
                    f"{code}",
                    "SOR/2020-155 ss. 13, 20",
                    elsewhere="not a good of s. 20 or of these s. 13 rows",
                )
            )
    return list(dict.fromkeys(found))


def determine(request: OtherVehicleRequest, *, law: AutomotivePack | None = None) -> OtherResult:
    """The good on the figures and tables of ``law`` (default: the shipped pack)."""
    law = law or pack()
    out = OtherResult(Status.UNDETERMINED)
    readings = _readings(request, out, law)
    for reading in readings:
        out.readings.append((reading, evaluate(reading, request, out, law)))
    outcomes = {outcome for _, outcome in out.readings}
    out.missing = list(dict.fromkeys(out.missing))
    if outcomes in ({True}, {False}):
        # every reading the open facts allow agrees: they are not needed to decide
        out.status = Status.ORIGINATING if outcomes == {True} else Status.NON_ORIGINATING
        out.steps += [Step(f"not needed to decide: {m}", m.rule) for m in out.missing]
        out.missing = []
    elif not readings:
        out.missing.append(
            Missing("hs", "what the good is", "SOR/2020-155 ss. 13, 20", "the rule of the good")
        )
    return out
