"""The one base of every input model (issue 12): unknown keys are errors and a model,
once validated, cannot be changed. The CLI, the REST API and the Python API validate
through the same models, so they refuse exactly the same inputs — and ``problems_of``
turns pydantic's errors into the one ``Problem`` shape with a stable code, for all three.
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from maquila.verdict import Code, Problem, Refused


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_CODES = {
    "missing": Code.MISSING_FIELD,
    "extra_forbidden": Code.UNKNOWN_FIELD,
    "json_invalid": Code.MALFORMED,
    "literal_error": Code.NOT_ALLOWED,
    "enum": Code.NOT_ALLOWED,
    "inconsistent": Code.CONTRADICTION,  # origin.request_checks: impossible or contradictory
}
_NUMBER = ("decimal_", "int_", "float_", "finite_number")
_DATE = ("date_", "datetime_")
_RANGE = ("greater_than", "less_than", "too_short", "too_long", "decimal_max", "multiple_of")


def code_of(error: ErrorDetails) -> Code:
    kind = error["type"]
    if kind in _CODES:
        return _CODES[kind]
    if kind in ("value_error", "assertion_error"):
        return getattr(error.get("ctx", {}).get("error"), "code", Code.INVALID_VALUE)
    if kind.startswith(_RANGE):
        return Code.NOT_ALLOWED
    if kind.startswith(_NUMBER):
        return Code.NOT_A_NUMBER
    if kind.startswith(_DATE):
        return Code.NOT_A_DATE
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return Code.WRONG_TYPE
    return Code.INVALID_VALUE


def json_path(loc: tuple[Any, ...]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation can hold (``tuple[Material, ...]``, ``X | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    if typing.get_origin(annotation) is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found += _models(arg)
    return found


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose field the error is about, walking the path through the fields."""
    model = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            info = next((f for f in model.model_fields.values() if f.alias == part), None)
        inner = _models(info.annotation) if info is not None else []
        if len(inner) != 1:
            return None
        model = inner[0]
    return model


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"'{value}'"
    if isinstance(value, dict) and "id" in value:
        return f"the material with id {value['id']!r}"
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'} of {len(value)} entries"
    return repr(value)


def _fields(model: type[BaseModel]) -> str:
    return ", ".join(f.alias or name for name, f in model.model_fields.items())


def problem_of(error: ErrorDetails, model: type[BaseModel], where: str = "") -> Problem:
    """One pydantic error as a Problem: where (``file: $.path``), found, allowed, code."""
    loc = tuple(error["loc"])
    path = json_path(loc)
    location = f"{where}: {path}" if where else path
    code = code_of(error)
    found = _shown(error["input"]) if "input" in error else "nothing"
    if code is Code.UNKNOWN_FIELD:
        known = _model_at(model, loc)
        allowed = f"unknown field {loc[-1]!r}; allowed fields here: "
        allowed += _fields(known) if known else "see docs/request-format.md"
        return Problem(code, location, found, allowed)
    if code is Code.MISSING_FIELD:
        return Problem(code, location, "nothing", "this field is required")
    message = error["msg"]
    if error["type"] == "value_error":
        message = message.removeprefix("Value error, ")
        if path.rsplit(".", 1)[-1] == "hs" and code in (Code.INVALID_VALUE, Code.NOT_A_TARIFF_CODE):
            code = Code.NOT_A_TARIFF_CODE
            message = f"not a tariff code: {message}"
    return Problem(code, location, found, f"allowed: {message}")


def problems_of(exc: ValidationError, model: type[BaseModel], where: str = "") -> list[Problem]:
    return [problem_of(e, model, where) for e in exc.errors()]


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Any, where: str = "") -> M:
    """``model`` validated from ``data``, or Refused with every problem located."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Refused(problems_of(exc, model, where)) from None
