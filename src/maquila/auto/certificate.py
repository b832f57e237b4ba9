"""The content of a vehicle producer's LVC certification, in English or Spanish.

SOR/2020-155 s. 18(1)-(2): a vehicle is originating only if "the vehicle producer
certifies" the LVC; 19 U.S.C. 4532(c)(1)(A) asks that the certification include the
producer's calculations. The document carries the data elements of
:mod:`maquila.auto.certification`, the figures and steps of the calculation
(:func:`maquila.auto.lvc.calculate`) and the statement. An LVC that is not met is never
certified: the same content comes out as a calculation statement titled "LVC not met —
not a certification", without statement or signature, so that the record of the
calculation is kept without anything that could pass for a certification of compliance.
Labels are data (``auto/data/certificate.yaml``), one language per document; this module
does no I/O other than reading that package file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from maquila.auto.certification import CalculationPeriod, CertificationDetails, Identifier, missing
from maquila.auto.lvc import Lvc, LvcRequest
from maquila.law.automotive import AutomotivePack, pack
from maquila.verdict import Step

__all__ = ["Certificate", "CertificationDetails", "build", "labels", "missing", "required_by"]

Lang = Literal["en", "es"]
LANGS: tuple[Lang, ...] = ("en", "es")


@dataclass(frozen=True)
class Row:
    key: str  # the input's path ("certification.producer.name") or the figure's name
    label: str
    value: str
    source: str  # the provision that asks for the element, or that the figure applies


@dataclass(frozen=True)
class Certificate:
    kind: Literal["lvc_certification", "lvc_calculation_statement"]
    lang: Lang
    status: Literal["met", "not_met"]
    title: str
    notice: str | None  # why a calculation statement is not a certification
    statement: str | None  # the certification statement; None when not met
    statement_source: str
    elements: tuple[Row, ...]
    figures: tuple[Row, ...]
    steps: tuple[Step, ...]
    headings: dict[str, str]
    signatory: tuple[str, str, str] | None  # name, title, date under the signature line


@cache
def _text() -> dict[str, Any]:
    raw = resources.files("maquila.auto").joinpath("data/certificate.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    return data


def labels(lang: Lang, *, law: AutomotivePack | None = None) -> dict[str, Any]:
    """The labels and statements of one language, with the s. 18(19) period bases (English:
    the options of ``law``, default: the shipped pack)."""
    text = dict(_text()[lang])
    if lang == "en":
        law = law or pack()
        values = dict(text["values"])
        values["period_basis"] = list(law.entry("lvc.calculation_periods").options)
        text["values"] = values
    return text


def required_by(path: str) -> str:
    """The provision that asks for the element at ``path`` ("certification.plants[0].name")."""
    parts = path.split(".")
    name = parts[1].split("[")[0] if len(parts) > 1 else "statement"
    return str(_text()["sources"][name])


def build(result: Lvc, *, lang: Lang, law: AutomotivePack | None = None) -> Certificate:
    """The document for a calculation whose certification details are complete (check
    :func:`missing` first: building with gaps is a programming error); the period bases
    are the options of ``law`` (default: the shipped pack)."""
    details = result.request.certification
    if details is None or missing(details):
        raise ValueError("certification details are incomplete; report missing() first")
    t = labels(lang, law=law)
    met = result.met
    citation = result.steps[-1].citation  # calculate() ends with the step against the requirement
    fill = {
        "producer": details.producer.name if details.producer else "",
        "required": result.required_total,
        "high_min": result.required_high_wage,
        "date": result.request.on.isoformat(),
        "citation": citation,
        "total": result.total,
    }
    certifier = details.certifier
    signatory = None
    if met and certifier and details.on:
        signatory = (certifier.name or "", certifier.title or "", details.on.isoformat())
    return Certificate(
        kind="lvc_certification" if met else "lvc_calculation_statement",
        lang=lang,
        status="met" if met else "not_met",
        title=t["title"] if met else t["title_not_met"],
        notice=None if met else t["notice_not_met"].format(**fill),
        statement=t["statement"].format(**fill) if met else None,
        statement_source=_text()["sources"]["statement"],
        elements=tuple(_elements(result.request, details, t, met)),
        figures=tuple(_figures(result, t, citation)),
        steps=tuple(_steps(result, t, citation)),
        headings=dict(t["headings"]),
        signatory=signatory,
    )


Item = tuple[str, str, object, "int | None"]  # label name, input path, value, list number


def _elements(
    request: LvcRequest, details: CertificationDetails, t: dict[str, Any], met: bool
) -> list[Row]:
    names = {**t["elements"], **({} if met else t["prepared_by"])}
    values = t["values"]
    period, averaging = details.period or CalculationPeriod(), details.averaging
    basis = period.basis or "a"  # missing() has checked it is there
    items: list[Item] = [
        *_walk("certifier", "certification.certifier", details.certifier, None),
        *_walk("producer", "certification.producer", details.producer, None),
        ("vehicle", "vehicle", request.vehicle, None),
        ("vehicle_category", "category", values["category"][request.category], None),
    ]
    for i, line in enumerate(details.vehicles):
        items += _walk("vehicles", f"certification.vehicles[{i}]", line, i + 1)
    for i, plant in enumerate(details.plants):
        items += _walk("plants", f"certification.plants[{i}]", plant, i + 1)
    shown_basis = f"({basis}) {values['period_basis']['abcde'.index(basis)]}"
    items += [
        ("period.basis", "certification.period.basis", shown_basis, None),
        ("period.from", "certification.period.from", period.start, None),
        ("period.to", "certification.period.to", period.end, None),
        ("method", "method", values["method"][request.method], None),
    ]
    if averaging is not None:
        category = f"({averaging.category}) {values['averaging_category'][averaging.category]}"
        items += [
            ("averaging.category", "certification.averaging.category", category, None),
            (
                "averaging.basis",
                "certification.averaging.basis",
                values["averaging_basis"][averaging.basis],
                None,
            ),
        ]
    items += [
        ("calculation_date", "date", request.on, None),
        ("date", "certification.date", details.on, None),
        ("cbp_identifier", "certification.cbp_identifier", details.cbp_identifier, None),
    ]
    sources = _text()["sources"]
    return [
        Row(path, names[name].format(n=n), _shown(value), sources[name.split(".")[0]])
        for name, path, value, n in items
        if value is not None and value != ""
    ]


def _walk(name: str, path: str, model: BaseModel | None, n: int | None) -> list[Item]:
    """The fields of an input block in their declared order, named as in the input; an
    identifier is one element ("RFC EEJ200101AB1")."""
    items: list[Item] = []
    for field, info in type(model).model_fields.items() if model is not None else ():
        key, value = info.alias or field, getattr(model, field)
        if isinstance(value, Identifier):
            value = f"{value.kind} {value.number}"
        if isinstance(value, BaseModel):
            items += _walk(f"{name}.{key}", f"{path}.{key}", value, n)
        else:
            items.append((f"{name}.{key}", f"{path}.{key}", value, n))
    return items


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _figures(result: Lvc, t: dict[str, Any], citation: str) -> list[Row]:
    r = result.request
    names = t["figures"]
    sources = _text()["sources"]
    formula, technology, assembly = sources["method"], sources["technology"], sources["assembly"]
    base = ("net_cost", r.net_cost) if r.method == "net_cost" else None
    base = base or ("total_annual_purchase_value", r.total_annual_purchase_value)
    figures: list[tuple[str, object, str]] = [
        ("currency", r.currency, formula),
        ("high_wage_labour", r.high_wage_labour, formula),
        ("high_wage_materials", r.high_wage_materials, formula),
        ("high_wage_transport", r.high_wage_transport, sources["transport"]),
        (base[0], base[1], formula),
        ("high_wage_points", result.high_wage_points, formula),
        ("technology_points", result.technology_points, technology),
        ("technology_counted", result.technology_counted, technology),
        ("assembly_points", result.assembly_points, assembly),
        ("total", result.total, citation),
        ("required_total", result.required_total, citation),
        ("required_high_wage", result.required_high_wage, citation),
        ("status", t["values"]["status"]["met" if result.met else "not_met"], citation),
    ]
    return [Row(key, names[key], str(value), source) for key, value, source in figures]


def _steps(result: Lvc, t: dict[str, Any], citation: str) -> list[Step]:
    r, s = result.request, t["steps"]
    hwm = r.high_wage_materials + r.high_wage_transport
    if r.method == "net_cost":
        first = s["net_cost"].format(
            hwlc=r.high_wage_labour, hwm=hwm, nc=r.net_cost, points=result.high_wage_points
        )
    else:
        labour = r.high_wage_labour if r.labour_in_apv else 0
        first = s["annual_purchase_value"].format(
            apv=hwm, hwlc=labour, tapv=r.total_annual_purchase_value, points=result.high_wage_points
        )
    sources = _text()["sources"]
    letter = "(a)" if r.method == "net_cost" else "(b)"
    steps = [Step(s["high_wage"], f"{sources['method']}{letter}", arithmetic=first)]
    if r.technology is not None:
        text = s["technology_arithmetic"].format(
            rd=r.technology.rd_it_wages,
            dp=r.technology.direct_production_wages,
            points=result.technology_points,
        )
        if result.technology_counted < result.technology_points:
            text += s["technology_capped"].format(counted=result.technology_counted)
        steps.append(Step(s["technology"], sources["technology"], arithmetic=text))
    if r.assembly is not None:
        a = r.assembly
        link = s["assembly_operated"] if a.operated_by_producer else s["assembly_contract"]
        text = link.format(plant=a.plant, years=a.contract_years or 0) + s[
            "assembly_capacity"
        ].format(
            engines=a.engines_capacity,
            transmissions=a.transmissions_capacity,
            packs=a.battery_packs_capacity,
            points=result.assembly_points,
        )
        steps.append(Step(s["assembly"], sources["assembly"], arithmetic=text))
    total = s["total_arithmetic"].format(
        high=result.high_wage_points,
        tech=result.technology_counted,
        assembly=result.assembly_points,
        total=result.total,
        required=result.required_total,
        high_min=result.required_high_wage,
        status=t["values"]["status"]["met" if result.met else "not_met"],
    )
    return steps + [Step(s["total"], citation, arithmetic=total)]
