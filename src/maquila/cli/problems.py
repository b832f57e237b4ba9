"""The one way a command refuses bad input (issue 12): every problem on its own line,
``error: <where>: found <what>; <allowed>``, on stderr; with ``--json`` also the problems
as JSON on stdout (the shape of the REST API's 422 ``detail``); exit code 1, nothing
written. Tracebacks never reach a user."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import NoReturn

import typer

from maquila.verdict import Code, Exit, Problem, Refused


def refuse(problems: Iterable[Problem], as_json: bool = False) -> NoReturn:
    listed = list(problems)
    for problem in listed:
        typer.echo(f"error: {problem}", err=True)
    if as_json:
        body = {"problems": [p.as_dict() for p in listed]}
        typer.echo(json.dumps(body, indent=2, ensure_ascii=False))
    raise typer.Exit(Exit.BAD_INPUT)


def refused(exc: Refused, as_json: bool = False, where: str = "") -> NoReturn:
    """``exc``'s problems; ``where`` (an option such as ``--out``) prefixes each location."""
    refuse((p.at(where) if where else p for p in exc.problems), as_json)


def bad_option(
    option: str, found: str, allowed: str, code: Code = Code.NOT_ALLOWED, as_json: bool = False
) -> NoReturn:
    """An option's value refused: ``--engine 'dask': allowed: local, spark``."""
    problem = Problem(code, option, found, allowed, message=f"{option} {found}: {allowed}")
    refuse([problem], as_json)


def option_date(option: str, text: str | None, as_json: bool = False) -> date:
    """The date an option gives (today when it is not given), or refused."""
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        bad_option(option, repr(text), "expected a date as 2026-01-31", Code.NOT_A_DATE, as_json)
