"""Turn catalog tables into the single-good engine's requests, bottom-up.

Every problem is a row error (file, row, column, value, problem); a good whose own row
or any line of its BOM is bad is left out and reported, the rest go on. Validation is
the request model's own (one source of truth), mapped back from JSON paths to rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
from pydantic import ValidationError

from maquila.bulk.cells import BOM_NUMBERS, GOODS_NUMBERS, NumberError, fraccion, number
from maquila.bulk.partition import (
    REQUIRED_COLUMN,
    Batch,
    Cells,
    Line,
    Names,
    RowError,
    prepare,
)
from maquila.origin.request import Request
from maquila.strict import code_of
from maquila.verdict import Code

__all__ = ["LEFT_OUT", "REQUIRED_COLUMN", "Catalog", "RowError", "assemble", "build_batch"]

_ORIGIN = {
    "originating": "originating",
    "o": "originating",
    "y": "originating",
    "yes": "originating",
    "si": "originating",
    "sí": "originating",
    "non_originating": "non_originating",
    "non-originating": "non_originating",
    "no": "non_originating",
    "n": "non_originating",
    "unknown": "unknown",
    "": "unknown",
}
_BOOL = {
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "si": True,
    "sí": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
}
_GOOD_FIELDS = {
    "hs_code": "hs",
    "description": "description",
    "producer_country": "produced_in",
    "exported_from": "exported_from",
    "transaction_value": "transaction_value",
    "intl_shipment_costs": "international_shipment_costs",
    "net_cost": "net_cost",
    "total_cost": "total_cost",
    "currency": "currency",
    "weight": "weight",
    "automotive_use": "automotive_use",
}
_EXCLUDED = {
    "sales_promotion_costs": "sales_promotion_marketing_after_sales",
    "royalties": "royalties",
    "shipping_packing_costs": "shipping_and_packing",
    "nonallowable_interest": "non_allowable_interest",
}
_LINE_FIELDS = {
    "hs_code": "hs",
    "description": "description",
    "value": "value",
    "unit_cost": "unit_value",
    "origin_country": "country",
    "weight": "weight",
    "role": "role",
    "quantity": "quantity",
}


LEFT_OUT = "left out: a line of its bill of materials is bad"


@dataclass
class Catalog:
    requests: dict[str, Request] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    unused_columns: dict[str, list[str]] = field(default_factory=dict)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def sort_errors(errors: list[RowError], names: Names) -> None:
    """Goods-file errors first, then BOM-file errors, each by row."""
    order = {names.goods_file: 0, names.bom_file: 1}
    errors.sort(key=lambda e: (order.get(e.file, 2), e.row))


def build_batch(batch: Batch, names: Names, default_date: date) -> Catalog:
    """The requests of one batch's goods, and the errors that left some out."""
    catalog = Catalog()
    expanded = batch.expand()
    builder = _Builder(catalog, expanded.subassemblies, expanded.children, names)
    for part, row_number, row in expanded.goods:
        if part not in expanded.broken:
            errors_before = len(catalog.errors)
            builder.request(part, row_number, row, default_date)
            if part in catalog.requests or any(
                e.file == names.goods_file and e.row == row_number
                for e in catalog.errors[errors_before:]
            ):
                continue
        catalog.errors.append(
            RowError(
                names.goods_file,
                row_number,
                names.goods["part_number"],
                part,
                LEFT_OUT,
                Code.LEFT_OUT,
            )
        )
    return catalog


def assemble(
    goods: pl.DataFrame,
    bom: pl.DataFrame,
    goods_file: str,
    bom_file: str,
    default_date: date,
    batch_size: int = 5000,
) -> Catalog:
    """The whole catalog as requests in memory (for small catalogs and tests; the batch
    command streams the same batches through workers instead)."""
    prepared = prepare(goods, bom, goods_file, bom_file)
    catalog = Catalog(errors=list(prepared.errors), unused_columns=prepared.unused_columns)
    if any(e.code is Code.MISSING_COLUMN for e in prepared.errors):
        return catalog
    for batch in prepared.batches(batch_size):
        built = build_batch(batch, prepared.names, default_date)
        catalog.requests.update(built.requests)
        catalog.order.extend(built.order)
        catalog.errors.extend(built.errors)
    sort_errors(catalog.errors, prepared.names)
    return catalog


class _Builder:
    def __init__(
        self,
        catalog: Catalog,
        goods: dict[str, tuple[int, Cells]],
        children: dict[str, list[Line]],
        names: Names,
    ) -> None:
        self.catalog = catalog
        self.goods = goods
        self.children = children
        self.goods_file = names.goods_file
        self.bom_file = names.bom_file
        self.good_names = names.goods
        self.bom_names = names.bom
        self.marks = {names.goods_file: names.goods_mark, names.bom_file: names.bom_mark}

    def _error(
        self, file: str, row: int, column: str, value: object, problem: str, code: Code
    ) -> None:
        self.catalog.errors.append(
            RowError(file, row, column, "" if value is None else str(value), problem, code)
        )

    def materials(
        self, part: str, chain: tuple[str, ...], lines_out: list[Line]
    ) -> list[dict[str, Any]] | None:
        out: list[dict[str, Any]] = []
        ok = True
        for line in self.children.get(part, []):
            cells = line.cells
            child = (cells.get("child_part") or "").strip()
            lines_out.append(line)
            if child in chain:
                self._error(
                    self.bom_file,
                    line.row,
                    self.bom_names["child_part"],
                    child,
                    "a BOM cycle: " + " -> ".join((*chain, child)),
                    Code.CYCLE,
                )
                ok = False
                continue
            material: dict[str, Any] = {"id": child}
            read = self._fields(cells, _LINE_FIELDS, BOM_NUMBERS, self.bom_file, line.row)
            if read is None:
                ok = False
                continue
            material.update(read)
            origin = (cells.get("origin_status") or "").strip().lower()
            material["origin"] = _ORIGIN.get(origin, origin)
            for column in ("designated", "provided_as_part"):
                raw = (cells.get(column) or "").strip().lower()
                if raw:
                    material[column] = _BOOL.get(raw, raw)
            if child in self.children:
                nested = self.materials(child, (*chain, child), lines_out)
                if nested is None:
                    ok = False
                    continue
                material["intermediate"] = True
                material["materials"] = nested
                own = self.goods.get(child)
                if own is not None:
                    for column, name in (
                        ("net_cost", "net_cost"),
                        ("transaction_value", "transaction_value"),
                    ):
                        if not _blank(own[1].get(column)):
                            material[name] = (own[1][column] or "").strip()
            out.append(material)
        return out if ok else None

    def request(
        self, part: str, row_number: int, row: dict[str, str | None], default_date: date
    ) -> None:
        lines: list[Line] = []
        materials = self.materials(part, (part,), lines)
        if materials is None:
            return
        fields = {**_GOOD_FIELDS, **_EXCLUDED}
        read = self._fields(row, fields, GOODS_NUMBERS, self.goods_file, row_number)
        if read is None:
            return
        good = {name: read[name] for name in (*_GOOD_FIELDS.values(), "fraccion") if name in read}
        operations = row.get("operations")
        if not _blank(operations):  # "assembling; testing" (19 U.S.C. 4531(a)(16))
            good["operations"] = [
                op.strip() for op in re.split(r"[;,]", operations or "") if op.strip()
            ]
        ftz = (row.get("foreign_trade_zone") or "").strip().lower()
        if ftz:
            good["foreign_trade_zone"] = _BOOL.get(ftz, ftz)
        excluded = {name: read[name] for name in _EXCLUDED.values() if name in read}
        if excluded:
            good["excluded_costs"] = excluded
        data = {
            "date": (row.get("date") or "").strip() or default_date.isoformat(),
            "importing_country": (row.get("importing_country") or "").strip() or "US",
            "good": good,
            "materials": materials,
        }
        try:
            self.catalog.requests[part] = Request.model_validate(data)
            self.catalog.order.append(part)
        except ValidationError as exc:
            for error in exc.errors():
                self._map_error(tuple(error["loc"]), error, row_number, materials, lines)

    def _map_error(
        self,
        loc: tuple[Any, ...],
        error: Any,
        row_number: int,
        materials: list[dict[str, Any]],
        lines: list[Line],
    ) -> None:
        value = error.get("input")
        problem = str(error["msg"]).removeprefix("Value error, ")
        if loc and loc[0] == "materials":
            line, field_name = self._line_for(loc, materials, lines)
            column = _column_of(field_name, _LINE_FIELDS, self.bom_names, "child_part")
            self._error(
                self.bom_file,
                line.row if line else row_number,
                column,
                value if not isinstance(value, dict) else "",
                problem,
                code_of(error),
            )
            return
        field_name = str(loc[1]) if len(loc) > 1 and loc[0] == "good" else str(loc[0])
        reverse = {v: k for k, v in {**_GOOD_FIELDS, **_EXCLUDED}.items()}
        canonical = _code_column(reverse.get(field_name, field_name), self.good_names)
        column = self.good_names.get(canonical, canonical)
        self._error(
            self.goods_file,
            row_number,
            column,
            value if not isinstance(value, dict) else "",
            problem,
            code_of(error),
        )

    def _fields(
        self,
        cells: dict[str, str | None],
        fields: dict[str, str],
        numbers: frozenset[str],
        file: str,
        row: int,
    ) -> dict[str, Any] | None:
        """A row's fields by name: numbers in the file's convention, a fracción as its HS
        subheading (kept as ``fraccion``); None when a cell cannot be read (recorded)."""
        mark = self.marks[file]
        names = self.bom_names if file == self.bom_file else self.good_names
        out: dict[str, Any] = {}
        for column, name in fields.items():
            text = (cells.get(column) or "").strip()
            if not text:
                continue
            try:
                out[name] = number(text, mark) if column in numbers else text
            except NumberError as exc:
                self._error(file, row, names.get(column, column), text, str(exc), exc.code)
                return None
        raw = (cells.get("fraccion") or "").strip()
        if raw:
            try:
                subheading, out["fraccion"] = fraccion(raw)
            except ValueError as exc:
                column = names.get("fraccion", "fraccion")
                self._error(file, row, column, raw, str(exc), Code.NOT_A_TARIFF_CODE)
                return None
            out.setdefault("hs", subheading)
        return out

    @staticmethod
    def _line_for(
        loc: tuple[Any, ...], materials: list[dict[str, Any]], lines: list[Line]
    ) -> tuple[Line | None, str]:
        """Walk materials[i].materials[j]... to the BOM line the path names."""
        node: Any = {"materials": materials}
        target: dict[str, Any] | None = None
        field_name = ""
        parts = list(loc)
        while parts:
            key = parts.pop(0)
            if key == "materials" and parts and isinstance(parts[0], int):
                target = node["materials"][parts.pop(0)]
                node = target
            else:
                field_name = str(key)
                break
        by_id = {id(m): line for m, line in zip(_walk(materials), lines, strict=False)}
        return (by_id.get(id(target)) if target is not None else None), field_name


def _walk(materials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for material in materials:
        out.append(material)
        out.extend(_walk(material.get("materials", [])))
    return out


def _column_of(
    field_name: str, fields: dict[str, str], names: dict[str, str], fallback: str
) -> str:
    reverse = {v: k for k, v in fields.items()}
    reverse.update(
        {
            "origin": "origin_status",
            "designated": "designated",
            "provided_as_part": "provided_as_part",
            "id": "child_part",
        }
    )
    canonical = _code_column(reverse.get(field_name, fallback), names)
    return names.get(canonical, canonical)


def _code_column(canonical: str, names: dict[str, str]) -> str:
    """The code read from a fracción is refused at the fracción's column."""
    if canonical == "hs_code" and "hs_code" not in names and "fraccion" in names:
        return "fraccion"
    return canonical
