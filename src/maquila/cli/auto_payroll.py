"""``maquila auto lvc`` from payroll and purchase records, and ``maquila auto plant-wage``.

Reading the files and shaping the output; the calculation is maquila.auto.lvc_payroll and
maquila.auto.wages. Bad data is one message per problem naming file, row and column (or
JSON path), and exit 1, never a traceback.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from maquila.auto.lvc_payroll import PayrollLvc, PayrollLvcInput
from maquila.auto.wages import Certification, ExchangeRate, PlantPayroll
from maquila.cli.problems import refused
from maquila.io.lvc_data import LvcDataError, is_payroll_form, load_payroll_lvc, load_plant_wage


def payroll_form(file: Path) -> PayrollLvcInput | None:
    """The payroll form of an LVC file, or None when the file gives the aggregates."""
    try:
        data: Any = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None  # the aggregate loader reports it
    if not is_payroll_form(data):
        return None
    try:
        return load_payroll_lvc(file)
    except LvcDataError as exc:
        refused(exc)


def plant_payroll(file: Path) -> tuple[PlantPayroll, tuple[ExchangeRate, ...], date | None]:
    try:
        return load_plant_wage(file)
    except LvcDataError as exc:
        refused(exc)


def certification_dict(cert: Certification, on: date | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "plant": cert.plant,
        "kind": cert.kind,
        "country": cert.country,
        "period": [cert.period[0].isoformat(), cert.period[1].isoformat()],
        "status": cert.status,
        "average_base_hourly_wage_rate": str(cert.rate),
        "direct_production_workers_rate": None
        if cert.workers_rate is None
        else str(cert.workers_rate),
        "hours": str(cert.hours),
        "wages": str(cert.wages),
        "threshold": str(cert.threshold),
        "currency": cert.currency,
        "valid": None if cert.valid is None else [d.isoformat() for d in cert.valid],
        "missing": [m.as_dict() for m in cert.missing],
        "trace": [s.as_trace() for s in cert.steps],
    }
    if on is not None:
        data["date"], data["covers_date"] = on.isoformat(), cert.covers(on)
    return data


def certification_text(cert: Certification, on: date | None = None) -> list[str]:
    valid = (
        "no validity (s. 18(5))"
        if cert.valid is None
        else f"valid {cert.valid[0]} to {cert.valid[1]}"
    )
    text = [
        f"{cert.plant} ({cert.kind}, {cert.country}): {cert.status.replace('_', ' ')} — "
        f"{cert.rate} {cert.currency}/h on {cert.hours} h against {cert.threshold}; {valid}"
    ]
    if on is not None:
        text.append(f"  {on}: {'covered' if cert.covers(on) else 'NOT covered'}")
    text += [f"  {s.step}  [{s.citation}]\n      {s.arithmetic}" for s in cert.steps]
    return text + [f"  missing: {m}" for m in cert.missing]


def add_payroll(built: PayrollLvc, data: dict[str, Any], text: list[str]) -> None:
    """The payroll form's status, plants, questions and record trace, added to the output
    of the LVC it built."""
    data["status"] = built.status
    data["plants"] = [certification_dict(c) for c in built.certifications]
    data["records"] = [s.as_trace() for s in built.steps]
    data["questions"] = [q.as_dict() for q in built.questions]
    if built.if_answered is not None:
        data["lvc_percent_if_answered"] = str(built.if_answered.total)
    text[0] = text[0].replace("not met", built.status.replace("_", " "), 1)
    text += ["records:"] + [
        f"  {s.step}  [{s.citation}]\n      {s.arithmetic}" for s in built.steps
    ]
    text += [f"  question: {q}" for q in built.questions]
