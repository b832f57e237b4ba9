"""Read a determination request from a JSON or YAML file, with messages users can act on.

Every problem names the file, the JSON path, what was found and what is allowed; a
file with problems produces no determination (DESIGN.md, "Errors").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from maquila.origin.request import Material, Request


@dataclass(frozen=True)
class InputProblem:
    file: str
    path: str
    found: str
    allowed: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: found {self.found}; {self.allowed}"


class InputError(Exception):
    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _json_path(loc: tuple[Any, ...]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _fields(model: type[BaseModel]) -> str:
    return ", ".join(model.model_fields)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: Any = Request
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if model is Request and part == "good":
            from maquila.origin.request import Good

            model = Good
        elif part == "materials":
            model = Material
        elif part == "accumulation":
            from maquila.origin.request import Accumulation

            model = Accumulation
        elif part == "excluded_costs":
            from maquila.origin.request import ExcludedCosts

            model = ExcludedCosts
        else:
            return None
    return model if isinstance(model, type) else None


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"'{value}'"
    if isinstance(value, dict) and "id" in value:
        return f"the material with id {value['id']!r}"
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'} of {len(value)} entries"
    return repr(value)


def _problem(file: str, error: ErrorDetails) -> InputProblem:
    loc = tuple(error["loc"])
    path = _json_path(loc)
    found = _shown(error["input"]) if "input" in error else "nothing"
    if error["type"] == "extra_forbidden":
        model = _model_at(loc)
        allowed = f"unknown field {loc[-1]!r}; allowed fields here: "
        allowed += _fields(model) if model else "see docs/request-format.md"
        return InputProblem(file, path, found, allowed)
    if error["type"] == "missing":
        return InputProblem(file, path, "nothing", "this field is required")
    message = error["msg"]
    if error["type"] == "value_error":
        message = message.removeprefix("Value error, ")
        if "." in path and path.rsplit(".", 1)[-1] == "hs":
            message = f"not a tariff code: {message}"
    return InputProblem(file, path, found, f"allowed: {message}")


def _cycle_problems(file: str, data: Any) -> list[InputProblem]:
    problems: list[InputProblem] = []

    def walk(items: Any, path: str, ancestors: tuple[str, ...], seen: set[int]) -> None:
        if not isinstance(items, list):
            return
        if id(items) in seen:
            problems.append(
                InputProblem(
                    file,
                    path,
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
                    InputProblem(
                        file,
                        f"{here}.id",
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
                InputProblem(
                    file,
                    "$",
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
        raise InputError([_problem(file, e) for e in exc.errors()]) from None


def load_request(path: Path) -> Request:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            [
                InputProblem(
                    name, "$", "no such file", "give a path to a .json, .yaml or .yml request"
                )
            ]
        ) from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise InputError(
            [InputProblem(name, "$", type(exc).__name__, "a UTF-8 text file is allowed")]
        ) from None
    try:
        if path.suffix.lower() == ".json":
            # numbers as exact decimals; a code written as a number is then refused
            data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
        elif path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        else:
            raise InputError(
                [
                    InputProblem(
                        name, "$", f"extension {path.suffix!r}", "allowed: .json, .yaml, .yml"
                    )
                ]
            )
    except json.JSONDecodeError as exc:
        raise InputError(
            [
                InputProblem(
                    name,
                    f"line {exc.lineno} column {exc.colno}",
                    "malformed JSON",
                    f"allowed: valid JSON ({exc.msg})",
                )
            ]
        ) from None
    except ValueError as exc:  # PyYAML's own date reading, e.g. 2026-02-30
        raise InputError(
            [InputProblem(name, "$", f"an impossible value ({exc})", "allowed: real dates")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else "$"
        raise InputError(
            [
                InputProblem(
                    name,
                    where,
                    "malformed YAML",
                    f"allowed: valid YAML ({getattr(exc, 'problem', exc)})",
                )
            ]
        ) from None
    return parse_request(data, name)
