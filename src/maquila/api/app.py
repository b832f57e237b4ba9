"""``create_app()``: the REST door into the same functions as ``maquila origin check`` and
``maquila auto …``. Bodies are the request models the CLI loads; responses are the JSON the
CLI prints with ``--json`` (one renderer: maquila.origin.report, maquila.auto.views).

Bad input is a 422 whose ``detail`` lists problems in the one shape of maquila.verdict.Problem
(code, location, found, allowed, hint, message — the same the CLI prints with ``--json``),
with the JSON path of the body; a date outside the law's thresholds is a 422 with its
message, never a 500 (docs/api.md, docs/errors.md).
"""

from __future__ import annotations

import json
from datetime import date as date_type
from typing import Any

import polars as pl
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from maquila.auto.calculations import CALCULATIONS, Calculation
from maquila.bulk.catalog import CatalogRefused, run_catalog
from maquila.law.automotive import ThresholdError
from maquila.origin import determine
from maquila.origin.report import to_dict
from maquila.origin.request import Request as OriginRequest
from maquila.strict import Strict, json_path, problem_of
from maquila.verdict import Code, Problem, Refused

Json = dict[str, Any]
Row = dict[str, str | None]


class CatalogBody(Strict):
    """A catalog as ``maquila origin batch`` reads it: goods and BOM rows with the same
    column names (docs/catalog-format.md), cells as text; ``date`` for goods without one."""

    goods: tuple[Row, ...]
    bom: tuple[Row, ...]
    date: date_type | None = None


def _frame(rows: tuple[Row, ...]) -> pl.DataFrame:
    columns = list(dict.fromkeys(c for row in rows for c in row))
    return pl.DataFrame([dict(r) for r in rows], schema={c: pl.Utf8 for c in columns})


def _plain(value: Any) -> Any:
    """A value as JSON can carry it (decimals and dates as strings)."""
    return json.loads(json.dumps(value, default=str))


def _detail(problem: Problem, **extra: Any) -> Json:
    return {**problem.as_dict(), "msg": problem.allowed, **extra}


def _errors(errors: Any, body: bool, model: type[BaseModel]) -> list[Json]:
    """pydantic's errors as Problems, with the JSON path of the request body (``$.x[2].y``)."""
    shaped = []
    for error in errors:
        loc = tuple(error["loc"])
        if body and loc[:1] == ("body",):
            loc = loc[1:]
        if error["type"] == "json_invalid":  # loc is ("body", character offset)
            error = {**error, "msg": f"{error['msg']} at character {loc[-1]}: not JSON"}
            loc = ()
        problem = problem_of({**error, "loc": loc}, model)  # type: ignore[typeddict-item]
        shaped.append(
            _detail(
                problem,
                path=json_path(loc),
                loc=list(loc),
                msg=error["msg"],
                input=_plain(error.get("input")),
                type=error["type"],
            )
        )
    return shaped


def _body_model(request: Request) -> type[BaseModel]:
    route = request.scope.get("route")
    field = getattr(route, "body_field", None)
    body = getattr(getattr(field, "field_info", None), "annotation", None)
    return body if isinstance(body, type) and issubclass(body, BaseModel) else Strict


async def _bad_body(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = _errors(exc.errors(), True, _body_model(request))
    return JSONResponse(status_code=422, content={"detail": detail})


async def _refused(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    detail = [_detail(p) for p in exc.problems]
    return JSONResponse(status_code=422, content={"detail": detail})


async def _bad_data(request: Request, exc: Exception) -> JSONResponse:
    """A figure the law does not give on that date, or bad data found while deciding."""
    if isinstance(exc, ValidationError):
        detail = _errors(exc.errors(), False, _body_model(request))
        return JSONResponse(status_code=422, content={"detail": detail})
    problem = Problem(Code.NO_LAW_ON_DATE, "$", "", str(exc))
    return JSONResponse(status_code=422, content={"detail": [_detail(problem, path="$")]})


def _catalog(body: CatalogBody) -> JSONResponse:
    """A whole catalog through maquila.bulk.run_catalog, as ``maquila origin batch``."""
    try:
        run = run_catalog(
            _frame(body.goods), _frame(body.bom), goods_name="$.goods", bom_name="$.bom",
            default=body.date or date_type.today(), workers=1,
        )  # fmt: skip
    except CatalogRefused as refused:
        detail = [_detail(p, path=e.file, row=e.row, column=e.column, msg=e.problem)
                  for p, e in zip(refused.problems, refused.errors, strict=True)]  # fmt: skip
        return JSONResponse(status_code=422, content={"detail": detail})
    return JSONResponse(
        {
            "results": run.results.to_dicts(),
            "errors": [vars(e) for e in run.errors],
            "questions": [
                {"key": q.key, "question": q.question, "rule": q.rule, "goods": list(q.goods)}
                for q in run.questions
            ],
        }
    )


def _auto(app: FastAPI, calculation: Calculation) -> None:
    """``POST /auto/NAME``: the calculation's request model as the body, its JSON answer."""

    def endpoint(body: Any) -> Json:
        return calculation.decide(body).data

    endpoint.__annotations__ = {"body": calculation.model, "return": Json}
    endpoint.__name__ = f"auto_{calculation.name.replace('-', '_')}"
    app.post(f"/auto/{calculation.name}", summary=calculation.summary)(endpoint)


def create_app() -> FastAPI:
    app = FastAPI(
        title="maquila",
        summary="USMCA origin with the law cited and the arithmetic shown.",
        version="0.1.0",
    )
    app.add_exception_handler(RequestValidationError, _bad_body)
    app.add_exception_handler(ThresholdError, _bad_data)
    app.add_exception_handler(ValidationError, _bad_data)
    app.add_exception_handler(Refused, _refused)

    @app.get("/health")
    def health() -> Json:
        return {"status": "ok"}

    @app.post("/origin/check", summary="One good (maquila origin check)")
    def origin_check(body: OriginRequest) -> Json:
        return to_dict(determine(body))

    app.post("/origin/catalog", summary="A whole catalog (maquila origin batch)")(_catalog)

    for calculation in CALCULATIONS:
        _auto(app, calculation)
    return app
