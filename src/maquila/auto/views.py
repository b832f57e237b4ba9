"""The automotive determinations rendered: a JSON object and the text lines, one pair of
functions per calculation.

``maquila auto …`` (text and ``--json``) and the REST API (maquila.api) print these: both
reach them through maquila.auto.calculations, so there is one renderer. Pure functions, no
I/O.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from maquila.auto.core_parts import CorePartsRequest, CoreResult, Option
from maquila.auto.excess_credit import ExcessCredit
from maquila.auto.lvc import Lvc
from maquila.auto.other_vehicles import OtherVehicleRequest
from maquila.auto.other_vehicles.rvc import OtherResult
from maquila.auto.parts import PartRequest, PartResult
from maquila.auto.steel import SteelRequest, SteelResult
from maquila.auto.vehicle import VehicleRequest, VehicleResult
from maquila.origin.values import shown


def credit_dict(credit: ExcessCredit | None) -> dict[str, str] | None:
    if credit is None:
        return None
    return {"status": credit.status, "points": str(credit.points), "detail": credit.detail}


def lvc_dict(result: Lvc) -> dict[str, Any]:
    return {
        "producer": result.request.producer,
        "vehicle": result.request.vehicle,
        "category": result.request.category,
        "date": result.request.on.isoformat(),
        "method": result.request.method,
        "status": "met" if result.met else "not_met",
        "lvc_percent": str(result.total),
        "high_wage_material_and_labour_points": str(result.high_wage_points),
        "technology_credit_points": str(result.technology_counted),
        "technology_expenditure_points": str(result.technology_points),
        "assembly_credit_points": str(result.assembly_points),
        "required_lvc": str(result.required_total),
        "required_high_wage_points": str(result.required_high_wage),
        "trace": [s.as_trace() for s in result.steps],
        "heavy_truck_excess_credit": credit_dict(result.excess_credit),  # s. 18(22)
    }


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def steel_dict(request: SteelRequest, result: SteelResult) -> dict[str, Any]:
    return {
        "producer": request.producer,
        "date": request.on.isoformat(),
        "period": request.period,
        "status": result.status,
        "required_percent": str(result.required),
        "steel_percent": _pct(result.steel.percent),
        "aluminum_percent": _pct(result.aluminum.percent),
        "joint_percent": _pct(result.joint.percent),
        "purchases": [{"id": i, "outcome": o} for i, o in result.lines],
        "missing": [m.as_dict() for m in result.missing],
    }


def _opt(option: Option) -> dict[str, Any]:
    return {
        "option": option.label,
        "citation": option.citation,
        "rvc": None if option.rvc is None else shown(option.rvc),
        "met": option.met,
        "arithmetic": option.arithmetic,
    }


def core_parts_dict(request: CorePartsRequest, result: CoreResult) -> dict[str, Any]:
    return {
        "vehicle": request.vehicle,
        "date": request.on.isoformat(),
        "status": result.status,
        "options": [_opt(o) for o in result.options],
        "parts": {name: [_opt(o) for o in opts] for name, opts in result.per_part.items()},
        "missing": [m.as_dict() for m in result.missing],
        "notes": result.notes,
    }


def vehicle_dict(request: VehicleRequest, result: VehicleResult) -> dict[str, Any]:
    return {
        "vehicle": request.vehicle,
        "category": request.category,
        "date": request.on.isoformat(),
        "status": result.status,
        "requirements": [vars(r) for r in result.requirements],
    }


def part_dict(request: PartRequest, result: PartResult) -> dict[str, Any]:
    return {
        "part": request.part,
        "use": request.use,
        "status": result.status,
        "table": result.table,
        "citation": result.citation,
        "steps": [s.step for s in result.steps],
        "trace": [s.as_trace() for s in result.steps],
        "missing": [m.as_dict() for m in result.missing],
    }


def other_vehicle_dict(request: OtherVehicleRequest, result: OtherResult) -> dict[str, Any]:
    return {
        "good": request.good,
        "hs": request.hs,
        "date": request.on.isoformat(),
        "status": result.status,
        "readings": [
            {"reading": r.label, "citation": r.citation, "met": met} for r, met in result.readings
        ],
        "steps": [s.step for s in result.steps],
        "trace": [s.as_trace() for s in result.steps],
        "missing": [m.as_dict() for m in result.missing],
    }


_MET = {True: "met", False: "not met", None: "undetermined"}


def lvc_text(result: Lvc) -> list[str]:
    data = lvc_dict(result)
    return [
        f"LVC {data['lvc_percent']}% — {data['status'].replace('_', ' ')} "
        f"(required {data['required_lvc']}%)"
    ] + [f"  {s['step']}  [{s['citation']}]\n      {s['arithmetic']}" for s in data["trace"]]


def steel_text(request: SteelRequest, result: SteelResult) -> list[str]:
    data = steel_dict(request, result)
    return (
        [
            f"steel and aluminum (s. 17): {result.status} — steel {data['steel_percent']}%, "
            f"aluminum {data['aluminum_percent']}%, together {data['joint_percent']}% "
            f"(required {result.required}%)"
        ]
        + [f"  {i}: {o}" for i, o in result.lines]
        + [f"  missing: {m}" for m in result.missing]
    )


def core_parts_text(request: CorePartsRequest, result: CoreResult) -> list[str]:
    text = [f"core parts (s. 14): {result.status}"]
    text += [f"  {o.label} [{o.citation}]: {o.arithmetic}" for o in result.options]
    text += [
        f"    {name}, {o.label} [{o.citation}]: {o.arithmetic}"
        for name, options in result.per_part.items()
        for o in options
    ]
    return text + [f"  {line}" for line in [*result.missing, *result.notes]]


def vehicle_text(request: VehicleRequest, result: VehicleResult) -> list[str]:
    return [f"{request.vehicle}: {result.status}"] + [
        f"  {r.name} [{r.citation}]: {r.status}\n      {r.detail}" for r in result.requirements
    ]


def part_text(request: PartRequest, result: PartResult) -> list[str]:
    return [f"{request.part}: {result.status} [{result.citation}]"] + [
        f"  {line}"
        for line in [s.step for s in result.steps] + [f"missing: {m}" for m in result.missing]
    ]


def other_vehicle_text(request: OtherVehicleRequest, result: OtherResult) -> list[str]:
    text = [f"{request.good}: {result.status}"]
    text += [f"  {r.label} [{r.citation}]: {_MET[met]}" for r, met in result.readings]
    text += [f"    {s.step}" for s in result.steps]
    return text + [f"  missing: {m}" for m in result.missing]
