"""``maquila auto``: the automotive calculations of maquila.auto.calculations, one command
each (``lvc`` also reads payroll records and writes certificates; ``plant-wage`` certifies a
plant's wage rate)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
import yaml
from pydantic import BaseModel, ValidationError

from maquila.auto.calculations import CALCULATIONS, Answer, Calculation
from maquila.auto.lvc import LvcRequest, calculate
from maquila.auto.lvc_payroll import build as build_from_records
from maquila.auto.views import lvc_dict, lvc_text
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

auto_app = typer.Typer(
    help="Automotive rules (Part 6 of the Uniform Regulations): vehicles, parts, core parts, "
    "steel and aluminum, LVC, averaging, other vehicles.",
    no_args_is_help=True,
)
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
    """Labor value content of a vehicle (SOR/2020-155 s. 18): exit 0 met or not met,
    2 undetermined."""
    if certificate is not None:
        check_target(certificate)
    payroll = payroll_form(file)  # plants and purchases instead of the aggregates
    built = None if payroll is None else _decided(file, build_from_records, payroll)
    result = built.lvc if built is not None else _decided(file, calculate, _load(file))
    data, text = lvc_dict(result), lvc_text(result)
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


def _command(calculation: Calculation) -> None:
    """``maquila auto NAME FILE [--json]`` for a calculation of the table."""

    def command(file: Path, as_json: bool = False) -> None:
        request = _load_model(file, calculation.model)
        answer: Answer = _decided(file, calculation.decide, request)
        _emit(answer.data, answer.text, as_json, answer.status, answer.findings)

    command.__annotations__ = {
        "file": Annotated[Path, typer.Argument(help=calculation.reads)],
        "as_json": Annotated[bool, typer.Option("--json", help="The result as JSON.")],
        "return": None,
    }
    command.__doc__ = f"{calculation.summary}: {calculation.exits}"
    command.__name__ = calculation.name.replace("-", "_")
    auto_app.command(calculation.name)(command)


for _calculation in CALCULATIONS:
    if _calculation.name != "lvc":  # its command above also reads payrolls, writes certificates
        _command(_calculation)
