"""``maquila auto``: plant-level automotive calculations (LVC for now)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
import yaml
from pydantic import BaseModel, ValidationError

from maquila.auto.averaging.run import AveragingFile
from maquila.auto.averaging.run import run as run_averaging
from maquila.auto.core_parts import CorePartsRequest
from maquila.auto.core_parts import evaluate as evaluate_core
from maquila.auto.lvc import LvcRequest, calculate
from maquila.auto.lvc_payroll import build as build_from_records
from maquila.auto.other_vehicles import OtherVehicleRequest
from maquila.auto.other_vehicles import determine as determine_other
from maquila.auto.parts import PartRequest
from maquila.auto.parts import determine as determine_part
from maquila.auto.steel import SteelRequest, evaluate
from maquila.auto.vehicle import VehicleRequest
from maquila.auto.vehicle import determine as determine_vehicle
from maquila.auto.views import (
    core_parts_dict,
    lvc_dict,
    other_vehicle_dict,
    part_dict,
    steel_dict,
    vehicle_dict,
)
from maquila.auto.wages import certify
from maquila.cli.auto_payroll import (
    add_payroll,
    certification_dict,
    certification_text,
    payroll_form,
    plant_payroll,
)
from maquila.cli.certificate import Lang, check_target, write_certificate
from maquila.cli.problems import refuse, refused
from maquila.law.automotive import ThresholdError
from maquila.strict import problems_of, validated
from maquila.verdict import Code, Problem, Refused, exit_code

auto_app = typer.Typer(help="Automotive rules: LVC, steel and aluminum.", no_args_is_help=True)
M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")


def _load(path: Path) -> LvcRequest:
    return _load_model(path, LvcRequest)


def _load_model(path: Path, model: type[M]) -> M:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        why = str(exc).splitlines()[0]
        message = f"{path}: cannot be read ({why})"
        refuse([Problem(Code.UNREADABLE, str(path), why, "a YAML or JSON file", message=message)])
    try:
        return validated(model, data, str(path))
    except Refused as exc:
        refused(exc)


def _decided(file: Path, decide: Callable[[M], R], request: M) -> R:
    """Run a calculation; a date outside the law's thresholds or bad nested data is a
    message naming the file, never a traceback."""
    try:
        return decide(request)
    except ThresholdError as exc:
        refuse([Problem(Code.NO_LAW_ON_DATE, str(file), "", str(exc).splitlines()[0])])
    except ValidationError as exc:
        refuse(problems_of(exc, type(request), str(file)))


def _emit(
    data: dict[str, Any], text: list[str], as_json: bool, status: str, findings: bool = False
) -> NoReturn:
    """The result as JSON or as text; the exit code by maquila.verdict: 0 decided (met or
    not met, originating or not), 2 undetermined or with findings."""
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for line in text:
            typer.echo(line)
    raise typer.Exit(exit_code(undetermined=status == "undetermined", findings=findings))


@auto_app.command("lvc")
def lvc(
    file: Annotated[Path, typer.Argument(help="LVC data (YAML or JSON; docs/automotive.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="The result as JSON.")] = False,
    certificate: Annotated[
        Path | None,
        typer.Option(
            help="Write the LVC certification to OUT.pdf or OUT.json (not met: a "
            "calculation statement, not a certification)."
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the certificate.")] = Lang.en,
) -> None:
    """Labor value content of a vehicle (SOR/2020-155 s. 18): exit 0 met or not met, 2
    undetermined."""
    if certificate is not None:
        check_target(certificate)
    payroll = payroll_form(file)  # plants and purchases instead of the aggregates
    built = None if payroll is None else _decided(file, build_from_records, payroll)
    result = built.lvc if built is not None else _decided(file, calculate, _load(file))
    data = lvc_dict(result)
    text = [
        f"LVC {data['lvc_percent']}% — {data['status'].replace('_', ' ')} "
        f"(required {data['required_lvc']}%)"
    ] + [f"  {s['step']}  [{s['citation']}]\n      {s['arithmetic']}" for s in data["trace"]]
    if built is not None:
        add_payroll(built, data, text)
    if certificate is not None:
        data["certificate"] = written = write_certificate(file, result, certificate, lang)
        text.append(f"{written['document']}: {written['path']} ({written['title']})")
    _emit(data, text, as_json, data["status"] if built is None else built.status)


@auto_app.command("plant-wage")
def plant_wage(
    file: Annotated[Path, typer.Argument(help="One plant and its payroll (YAML; CSV/XLSX).")],
    as_json: Annotated[bool, typer.Option("--json", help="The result as JSON.")] = False,
) -> None:
    """A plant's wage certification (SOR/2020-155 s. 12, s. 18(5)): exit 0 decided, 2
    undetermined or met but not valid on ``date``."""
    payroll, rates, on = plant_payroll(file)
    cert = _decided(file, lambda p: certify(p, rates), payroll)
    uncovered = on is not None and cert.status == "met" and not cert.covers(on)
    _emit(
        certification_dict(cert, on), certification_text(cert, on), as_json, cert.status,
        findings=uncovered,
    )  # fmt: skip


@auto_app.command("steel")
def steel(
    file: Annotated[Path, typer.Argument(help="Steel and aluminum purchases (YAML or JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="The result as JSON.")] = False,
) -> None:
    """Steel and aluminum purchase requirement (SOR/2020-155 s. 17): exit 0 decided, 2
    undetermined."""
    request = _load_model(file, SteelRequest)
    result = _decided(file, evaluate, request)
    data = steel_dict(request, result)
    text = (
        [
            f"steel and aluminum (s. 17): {result.status} — steel {data['steel_percent']}%, "
            f"aluminum {data['aluminum_percent']}%, together {data['joint_percent']}% "
            f"(required {result.required}%)"
        ]
        + [f"  {i}: {o}" for i, o in result.lines]
        + [f"  missing: {m}" for m in result.missing]
    )
    _emit(data, text, as_json, result.status)


@auto_app.command("core-parts")
def core_parts(
    file: Annotated[Path, typer.Argument(help="Core parts of a vehicle (YAML or JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="The result as JSON.")] = False,
) -> None:
    """Core parts of Table A.2 (SOR/2020-155 s. 14(4)-(13)): exit 0 decided, 2 undetermined."""
    request = _load_model(file, CorePartsRequest)
    result = _decided(file, evaluate_core, request)
    data = core_parts_dict(request, result)
    text = [f"core parts (s. 14): {result.status}"]
    text += [f"  {o.label} [{o.citation}]: {o.arithmetic}" for o in result.options]
    text += [
        f"    {name}, {o.label} [{o.citation}]: {o.arithmetic}"
        for name, options in result.per_part.items()
        for o in options
    ]
    text += [f"  {line}" for line in [*result.missing, *result.notes]]
    _emit(data, text, as_json, result.status)


@auto_app.command("vehicle")
def vehicle(
    file: Annotated[Path, typer.Argument(help="A vehicle's data (YAML or JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="The result as JSON.")] = False,
) -> None:
    """A vehicle against every requirement of Part 6: exit 0 decided, 2 undetermined."""
    request = _load_model(file, VehicleRequest)
    result = _decided(file, determine_vehicle, request)
    data = vehicle_dict(request, result)
    text = [f"{request.vehicle}: {result.status}"] + [
        f"  {r.name} [{r.citation}]: {r.status}\n      {r.detail}" for r in result.requirements
    ]
    _emit(data, text, as_json, result.status)


@auto_app.command("part")
def part(
    file: Annotated[Path, typer.Argument(help="An automotive part (YAML or JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="The result as JSON.")] = False,
) -> None:
    """A part for use in a vehicle or aftermarket (ss. 14-15): exit 0 decided, 2 undetermined."""
    request = _load_model(file, PartRequest)
    result = _decided(file, determine_part, request)
    data = part_dict(request, result)
    text = [f"{request.part}: {result.status} [{result.citation}]"] + [
        f"  {line}" for line in result.steps + [f"missing: {m}" for m in result.missing]
    ]
    _emit(data, text, as_json, result.status)


@auto_app.command("average")
def average(
    file: Annotated[Path, typer.Argument(help="An averaging election and figures (YAML, JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="The result as JSON.")] = False,
) -> None:
    """Averaging (SOR/2020-155 s. 16, s. 18(15)-(19)): exit 0 decided, 2 undetermined or
    with findings."""
    request = _load_model(file, AveragingFile)
    result = _decided(file, run_averaging, request)
    _emit(result.as_dict(), result.text(), as_json, result.status, bool(result.all_findings()))


@auto_app.command("other-vehicle")
def other_vehicle(
    file: Annotated[Path, typer.Argument(help="Another vehicle, or a part for one (YAML/JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="The result as JSON.")] = False,
) -> None:
    """Other vehicles and their parts (s. 20), 8703.10, 87.06/87.07: exit 0 decided, 2
    undetermined."""
    request = _load_model(file, OtherVehicleRequest)
    result = _decided(file, determine_other, request)
    data = other_vehicle_dict(request, result)
    text = [f"{request.good}: {result.status}"]
    text += [f"  {r.label} [{r.citation}]: {_MET[met]}" for r, met in result.readings]
    text += [f"    {line}" for line in result.steps]
    text += [f"  missing: {m}" for m in result.missing]
    _emit(data, text, as_json, result.status)


_MET = {True: "met", False: "not met", None: "undetermined"}
