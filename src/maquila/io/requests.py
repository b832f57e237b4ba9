"""Read a determination request from a JSON or YAML file, with messages users can act on.

Every problem names the file, the JSON path, what was found and what is allowed; a
file with problems produces no determination (DESIGN.md, "Errors").
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from maquila.origin.request import Request
from maquila.strict import problems_of
from maquila.verdict import Code, Problem, Refused


class InputError(Refused):
    """A request file or object that cannot be read as a request: every problem located."""


def _problem(file: str, path: str, code: Code, found: str, allowed: str) -> Problem:
    return Problem(code, f"{file}: {path}", found, allowed)


def _cycle_problems(file: str, data: Any) -> list[Problem]:
    problems: list[Problem] = []

    def walk(items: Any, path: str, ancestors: tuple[str, ...], seen: set[int]) -> None:
        if not isinstance(items, list):
            return
        if id(items) in seen:
            problems.append(
                _problem(
                    file,
                    path,
                    Code.CYCLE,
                    "a list that contains itself",
                    "a bill of materials must not loop back on itself",
                )
            )
            return
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            here = f"{path}[{index}]"
            raw = item.get("id")
            ident = str(raw)
            if isinstance(raw, str) and ident in ancestors:
                chain = " -> ".join((*ancestors, ident))
                problems.append(
                    _problem(
                        file,
                        f"{here}.id",
                        Code.CYCLE,
                        repr(ident),
                        f"a BOM cycle ({chain}): a material cannot contain itself",
                    )
                )
                continue
            walk(
                item.get("materials"), f"{here}.materials", (*ancestors, ident), seen | {id(items)}
            )

    if isinstance(data, dict):
        walk(data.get("materials"), "$.materials", (), set())
    return problems


def parse_request(data: Any, file: str = "<request>") -> Request:
    if not isinstance(data, dict):
        raise InputError(
            [
                _problem(
                    file,
                    "$",
                    Code.WRONG_TYPE,
                    type(data).__name__,
                    "the request must be an object with date, good, materials",
                )
            ]
        )
    cycles = _cycle_problems(file, data)
    if cycles:
        raise InputError(cycles)
    try:
        return Request.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_of(exc, Request, file)) from None


def load_request(path: Path) -> Request:
    name = str(path)
    return parse_request(_parsed(path, _text(path, name), name), name)


def _refused(name: str, where: str, code: Code, found: str, allowed: str) -> InputError:
    return InputError([_problem(name, where, code, found, allowed)])


def _text(path: Path, name: str) -> str:
    """The file's text, or one located problem: no such file, or not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        allowed = "give a path to a .json, .yaml or .yml request"
        raise _refused(name, "$", Code.NO_SUCH_FILE, "no such file", allowed) from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        found, allowed = type(exc).__name__, "a UTF-8 text file is allowed"
        raise _refused(name, "$", Code.UNREADABLE, found, allowed) from None


def _parsed(path: Path, text: str, name: str) -> Any:
    """The JSON or YAML document, by the file's extension; malformed text is refused at the
    line and column where the parser stopped."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            # numbers as exact decimals; a code written as a number is then refused
            return json.loads(text, parse_float=Decimal, parse_int=Decimal)
        if suffix in (".yaml", ".yml"):
            return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        allowed = f"allowed: valid JSON ({exc.msg})"
        raise _refused(name, where, Code.MALFORMED, "malformed JSON", allowed) from None
    except ValueError as exc:  # PyYAML's own date reading, e.g. 2026-02-30
        found = f"an impossible value ({exc})"
        raise _refused(name, "$", Code.NOT_A_DATE, found, "allowed: real dates") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else "$"
        allowed = f"allowed: valid YAML ({getattr(exc, 'problem', exc)})"
        raise _refused(name, where, Code.MALFORMED, "malformed YAML", allowed) from None
    found, allowed = f"extension {path.suffix!r}", "allowed: .json, .yaml, .yml"
    raise _refused(name, "$", Code.UNSUPPORTED_FORMAT, found, allowed)
