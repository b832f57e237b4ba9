"""Read an LVC calculation from payroll and purchase records (YAML plus CSV or XLSX tables).

The YAML file holds the LVC fields of maquila.auto.lvc.LvcRequest, less the aggregates
(``high_wage_labour``, ``high_wage_materials``, ``high_wage_transport``), plus
``assembly_plant``, ``plants`` (each with a ``payroll`` table), ``purchases`` (a table)
and ``exchange_rates``. Table paths are relative to the YAML file. Every problem names the
file, the row (the header is row 1), the column, the value found and what is allowed; all
are collected before the run stops (DESIGN.md, "Errors").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from maquila.auto.lvc import LvcRequest
from maquila.auto.lvc_payroll import PayrollLvcInput, PurchaseLine
from maquila.auto.wages import Country, ExchangeRate, PlantKind, PlantPayroll, Worker
from maquila.io.tables import TableError, read_table
from maquila.law.automotive import pack
from maquila.strict import Strict, code_of
from maquila.verdict import Code, Problem, Refused

M = TypeVar("M", bound=BaseModel)
AGGREGATES = ("high_wage_labour", "high_wage_materials", "high_wage_transport")
PAYROLL_KEYS = ("assembly_plant", "plants", "purchases", "exchange_rates")
# s. 12 'average base hourly wage rate': not part of the rate of pay
DROPPED = (
    "benefits",
    "bonuses",
    "shift_premium",
    "overtime_premium",
    "holiday_premium",
    "weekend_premium",
)


class LvcDataError(Refused):
    """Payroll or purchase data that cannot be used: every problem, file and row named."""


def _said(code: Code, where: str, found: str, allowed: str, message: str) -> Problem:
    return Problem(code, where, found, allowed, message=message)


class PeriodEntry(Strict):
    from_: date = Field(alias="from")
    to: date


class PlantEntry(Strict):
    name: str
    kind: PlantKind = "production"
    country: Country
    period: PeriodEntry
    currency: str = Field(min_length=3, max_length=3)
    payroll: str  # CSV or XLSX, relative to the YAML file


class PlantWageFile(PlantEntry):
    """``maquila auto plant-wage FILE``: one plant; ``date`` checks the validity window."""

    on: date | None = Field(default=None, alias="date")
    exchange_rates: tuple[ExchangeRate, ...] = ()


def is_payroll_form(data: object) -> bool:
    return isinstance(data, dict) and any(key in data for key in ("plants", "purchases"))


def _path(loc: tuple[int | str, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


def _message(error: Any) -> str:
    return str(error["msg"]).removeprefix("Value error, ")


def _model(file: Path, data: object, model: Any, problems: list[Problem], at: str = "") -> Any:
    """``data`` as ``model`` (a model or a type such as a tuple of models), or None with
    each problem named by its JSON path under ``at``."""
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        for error in exc.errors():
            found = error.get("input")
            shown = "" if isinstance(found, dict | list) else f"found {found!r}; "
            where = (at or "$") + _path(error["loc"])[1:]
            problems.append(
                _said(
                    code_of(error),
                    f"{file}: {where}",
                    "" if not shown else repr(found),
                    _message(error),
                    f"{file}: {where}: {shown}{_message(error)}",
                )
            )
        return None


def _rows(
    file: Path, model: type[M], dropped: tuple[str, ...], problems: list[Problem]
) -> tuple[list[M], list[str]]:
    """The rows of a table as ``model`` (columns named as its fields), and what was dropped."""
    try:
        frame = read_table(file)
    except TableError as exc:
        problems.extend(exc.problems)
        return [], []
    allowed = list(model.model_fields)
    for column in frame.columns:
        if column not in allowed and column not in dropped:
            problems.append(
                _said(
                    Code.UNKNOWN_FIELD,
                    f"{file}: column {column!r}",
                    repr(column),
                    f"allowed: {allowed}",
                    f"{file}: column {column!r}: not a column; allowed: {allowed}",
                )
            )
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    absent = [n for n in required if n not in frame.columns]
    if absent:
        problems.append(
            _said(
                Code.MISSING_COLUMN,
                str(file),
                "",
                f"needed: {required}",
                f"{file}: columns {absent} missing; needed: {required}",
            )
        )
        return [], []
    notes = _dropped(file, frame.to_dicts(), [c for c in frame.columns if c in dropped], problems)
    found: list[M] = []
    for number, row in enumerate(frame.to_dicts(), start=2):
        cells = {k: v.strip() for k, v in row.items() if k in allowed and v and v.strip()}
        try:
            found.append(model.model_validate(cells))
        except ValidationError as exc:
            for error in exc.errors():
                column = ".".join(str(p) for p in error["loc"])
                value = f", found {cells.get(column)!r}" if column else ""
                where = f"column {column}{value}" if column else "the row"
                problems.append(
                    _said(
                        code_of(error),
                        f"{file}: row {number}, {where}",
                        repr(cells.get(column)),
                        _message(error),
                        f"{file}: row {number}, {where}: {_message(error)}",
                    )
                )
    return found, notes


def _dropped(
    file: Path, rows: list[dict[str, Any]], columns: list[str], problems: list[Problem]
) -> list[str]:
    notes = []
    for column in columns:
        total = Decimal(0)
        for number, row in enumerate(rows, start=2):
            text = (row.get(column) or "").strip()
            try:
                total += Decimal(text) if text else Decimal(0)
            except InvalidOperation:
                problems.append(
                    _said(
                        Code.NOT_A_NUMBER,
                        f"{file}: row {number}, column {column}",
                        repr(text),
                        "a number",
                        f"{file}: row {number}, column {column}, found {text!r}: not a number",
                    )
                )
        notes.append(
            f"{file.name}: column {column} (total {total}) dropped: the base rate of pay "
            "excludes benefits, bonuses, shift premiums and premium pay for overtime, "
            "holidays or weekends"
        )
    return notes


def _plant(base: Path, entry: PlantEntry, problems: list[Problem]) -> dict[str, Any]:
    workers, notes = _rows(base / entry.payroll, Worker, DROPPED, problems)
    return {
        "plant": entry.name,
        "kind": entry.kind,
        "country": entry.country,
        "period_from": entry.period.from_,
        "period_to": entry.period.to,
        "currency": entry.currency,
        "workers": workers,
        "dropped": notes,
    }


def _read_yaml(file: Path) -> Any:
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        why = str(exc).splitlines()[0]
        raise LvcDataError(
            [
                _said(
                    Code.UNREADABLE,
                    str(file),
                    why,
                    "a YAML file",
                    f"{file}: cannot be read ({why})",
                )
            ]
        ) from None


def _wage_currency(country: str) -> str:
    """The currency of the s. 12 minimum wage rate of a country (pack ``lvc.wage_rate``)."""
    variant = next(v for v in pack().entry("lvc.wage_rate").variants if v.key == country)
    assert variant.value is not None and variant.value.currency is not None
    return variant.value.currency


def _rates_needed(
    plants: list[dict[str, Any]],
    lines: list[PurchaseLine],
    currency: str | None = None,
    assembly: str | None = None,
) -> list[tuple[str, str, str]]:
    """(from, to, what needs it) for every conversion the calculation will make: each
    payroll into its wage threshold's currency, the assembly plant's wages (HWLC) and
    every purchase into the calculation currency."""
    needed = []
    for p in plants:
        needed.append((p["currency"], _wage_currency(p["country"]), f"plant {p['plant']}"))
        if p["plant"] == assembly and currency is not None:
            needed.append((p["currency"], currency, f"HWLC of plant {p['plant']}"))
    needed += [
        (line.currency, currency or line.currency, f"purchase {line.line}") for line in lines
    ]
    return [(a, b, why) for a, b, why in needed if a != b]


def _check_rates(
    file: Path,
    needed: list[tuple[str, str, str]],
    rates: tuple[ExchangeRate, ...],
    problems: list[Problem],
) -> None:
    given = {(r.from_, r.to) for r in rates}
    for a, b, why in needed:
        if (a, b) not in given:
            message = (
                f"{file}: $.exchange_rates: {why} in {a} needs a rate {a} -> {b} "
                "(from, to, rate, date, source); no rate is built in"
            )
            allowed = f"a rate {a} -> {b}"
            problems.append(
                _said(Code.MISSING_FIELD, f"{file}: $.exchange_rates", "", allowed, message)
            )


def load_payroll_lvc(file: Path) -> PayrollLvcInput:
    data = _read_yaml(file)
    if not is_payroll_form(data):
        raise LvcDataError(
            [
                _said(
                    Code.MISSING_FIELD,
                    f"{file}: $",
                    "",
                    "plants and purchases",
                    f"{file}: $: give plants and purchases (the payroll form)",
                )
            ]
        )
    problems = _aggregates_given(file, data)
    base = {k: v for k, v in data.items() if k not in PAYROLL_KEYS}
    zeros = {key: "0" for key in AGGREGATES}
    request: LvcRequest | None = _model(file, {**base, **zeros}, LvcRequest, problems)
    rates: tuple[ExchangeRate, ...] | None = _model(
        file,
        data.get("exchange_rates") or [],
        tuple[ExchangeRate, ...],
        problems,
        "$.exchange_rates",
    )
    entries: tuple[PlantEntry, ...] = (
        _model(file, data.get("plants") or [], tuple[PlantEntry, ...], problems, "$.plants") or ()
    )
    plants = [_plant(file.parent, e, problems) for e in entries]
    lines = _purchases(file, data, problems)
    if request is not None and rates is not None:
        needed = _rates_needed(plants, lines, request.currency, data.get("assembly_plant"))
        _check_rates(file, needed, rates, problems)
    if problems or request is None or rates is None:
        raise LvcDataError(problems)
    full = {
        "request": request,
        "assembly_plant": data.get("assembly_plant"),
        "plants": plants,
        "purchases": lines,
        "exchange_rates": rates,
    }
    found: PayrollLvcInput | None = _model(file, full, PayrollLvcInput, problems)
    if found is None:
        raise LvcDataError(problems)
    return found


def _aggregates_given(file: Path, data: dict[str, Any]) -> list[Problem]:
    """The payroll form computes the aggregates: an aggregate given beside it contradicts."""
    return [
        _said(
            Code.CONTRADICTION,
            f"{file}: $.{key}",
            key,
            "the aggregates or the records",
            f"{file}: $.{key}: give either {', '.join(AGGREGATES)} or plants and purchases, "
            "not both",
        )
        for key in AGGREGATES
        if key in data
    ]


def _purchases(file: Path, data: dict[str, Any], problems: list[Problem]) -> list[PurchaseLine]:
    """The purchase records the form names (a CSV or XLSX path beside the file)."""
    if isinstance(data.get("purchases"), str):
        lines, _ = _rows(file.parent / data["purchases"], PurchaseLine, (), problems)
        return lines
    if "purchases" in data:
        problems.append(
            _said(
                Code.WRONG_TYPE,
                f"{file}: $.purchases",
                repr(data["purchases"]),
                "a CSV or XLSX path",
                f"{file}: $.purchases: found {data['purchases']!r}; a CSV or XLSX path",
            )
        )
    return []


def load_plant_wage(file: Path) -> tuple[PlantPayroll, tuple[ExchangeRate, ...], date | None]:
    problems: list[Problem] = []
    entry: PlantWageFile | None = _model(file, _read_yaml(file), PlantWageFile, problems)
    if entry is None:
        raise LvcDataError(problems)
    plant = _plant(file.parent, entry, problems)
    _check_rates(file, _rates_needed([plant], [], None), entry.exchange_rates, problems)
    payroll: PlantPayroll | None = _model(file, plant, PlantPayroll, problems)
    if problems or payroll is None:
        raise LvcDataError(problems)
    return payroll, entry.exchange_rates, entry.on
