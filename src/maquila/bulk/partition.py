"""Split a catalog into self-contained batches of finished goods, without holding it as
Python objects.

The tables stay Polars frames. Checks that concern whole columns (required columns,
blank part numbers, duplicates, blank parents or children, unknown parents) run once,
vectorised. The BOM is sorted by parent once (positions only: the lines stay in
file order) and indexed by parent; a batch gathers the lines of its goods and, level by
level, of every self-produced subassembly they reach, so a batch can be decided
anywhere (a worker process, a Spark task) with nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from maquila.bulk.cells import BOM_NUMBERS, GOODS_NUMBERS, NumberError, file_mark
from maquila.bulk.columns import (
    BOM,
    BOM_REQUIRED,
    BOM_VALUE,
    GOODS,
    GOODS_CODE,
    GOODS_REQUIRED,
    mapping,
)
from maquila.numbers import Mark
from maquila.verdict import Code, Problem

REQUIRED_COLUMN = "required column missing"

Cells = dict[str, str | None]


@dataclass(frozen=True)
class RowError:
    """A row of a catalog refused: where, the value found, what is wrong, its stable code."""

    file: str
    row: int
    column: str
    value: str
    problem: str
    code: Code = Code.INVALID_VALUE

    def as_problem(self) -> Problem:
        if self.code is Code.MISSING_COLUMN:
            first, *others = self.column.split(" | ")  # one of several columns is required
            allowed = f"column {first!r} is required" + "".join(f" (or {o!r})" for o in others)
            return Problem(
                self.code, self.file, "", allowed, "see docs/catalog-format.md for its names"
            )
        where = f"{self.file}:{self.row}: {self.column}"
        return Problem(self.code, where, repr(self.value), self.problem)


@dataclass(frozen=True)
class Line:
    row: int
    cells: Cells


@dataclass(frozen=True)
class Names:
    """Where the catalog came from and what its columns are called there."""

    goods_file: str
    bom_file: str
    goods: dict[str, str]  # canonical -> the file's own column name
    bom: dict[str, str]
    goods_mark: Mark | None = None  # the decimal mark stated or shown (maquila.numbers)
    bom_mark: Mark | None = None


@dataclass
class Batch:
    """Goods to decide, with every BOM line and subassembly row they reach, as frames
    (compact to ship to a worker or a Spark task; :meth:`expand` there)."""

    goods: pl.DataFrame  # the batch's own goods rows, in file order
    lines: pl.DataFrame  # every line of those goods and of the subassemblies they reach
    subassemblies: pl.DataFrame  # goods rows of reached subassemblies
    broken: frozenset[str]  # of these goods, those with a BOM line lacking its child

    def expand(self) -> Expanded:
        entries = []
        for cells in self.goods.to_dicts():
            row = int(cells.pop("_row"))
            entries.append((str(cells["part_number"]), row, cells))
        children: dict[str, list[Line]] = {}
        for cells in self.lines.to_dicts():
            row = int(cells.pop("_row"))
            cells.pop("_has_lines", None)
            children.setdefault(str(cells["parent_part"]), []).append(Line(row, cells))
        subs: dict[str, tuple[int, Cells]] = {}
        for cells in self.subassemblies.to_dicts():
            row = int(cells.pop("_row"))
            subs[str(cells["part_number"])] = (row, cells)
        for part, row, cells in entries:
            subs.setdefault(part, (row, cells))
        return Expanded(entries, set(self.broken), children, subs)


@dataclass
class Expanded:
    """A batch as the request builder reads it."""

    goods: list[tuple[str, int, Cells]]  # (part, row number, cells), in file order
    broken: set[str]
    children: dict[str, list[Line]]  # parent -> its lines
    subassemblies: dict[str, tuple[int, Cells]]  # part -> its goods row


@dataclass
class Prepared:
    names: Names
    goods: pl.DataFrame  # canonical columns + _row, valid and unique part numbers
    lines: pl.DataFrame  # canonical columns + _row + _has_lines, in file order
    order: np.ndarray[Any, Any]  # positions in ``lines``, grouped by parent
    spans: dict[str, tuple[int, int]]  # parent -> (offset, count) in ``order``
    part_rows: dict[str, int]  # part -> index in ``goods``
    broken: set[str]
    errors: list[RowError] = field(default_factory=list)
    unused_columns: dict[str, list[str]] = field(default_factory=dict)

    def batches(self, size: int) -> Iterator[Batch]:
        for start in range(0, self.goods.height, size):
            yield self.batch(self.goods.slice(start, size))

    def batch_of(self, parts: list[str]) -> Batch:
        rows = [self.part_rows[p] for p in parts if p in self.part_rows]
        return self.batch(self.goods[rows])

    def batch(self, goods: pl.DataFrame) -> Batch:
        parts = goods["part_number"].to_list()
        seen: set[str] = set()
        frames: list[pl.DataFrame] = []
        frontier = [part for part in parts if part in self.spans]
        while frontier:  # one level of self-produced subassemblies per round
            seen.update(frontier)
            pieces = []
            for parent in frontier:
                offset, count = self.spans[parent]
                pieces.append(self.order[offset : offset + count])
            found = self.lines[np.concatenate(pieces)]
            frames.append(found)
            nested = found.filter(pl.col("_has_lines"))["child_part"].unique().to_list()
            frontier = sorted(c for c in nested if c not in seen)
        lines = pl.concat(frames) if frames else self.lines.clear()
        own = set(parts)
        reached = sorted(p for p in seen if p not in own and p in self.part_rows)
        subs = self.goods[[self.part_rows[p] for p in reached]] if reached else self.goods.clear()
        return Batch(goods, lines, subs, frozenset(p for p in parts if p in self.broken))


def _canonical(
    frame: pl.DataFrame, table: dict[str, tuple[str, ...]]
) -> tuple[pl.DataFrame, list[str], dict[str, str]]:
    found, unused = mapping(frame.columns, table)
    renamed = frame.select([pl.col(c).cast(pl.Utf8).alias(found[c]) for c in found])
    return renamed.with_row_index("_row", offset=2), unused, {v: k for k, v in found.items()}


def _mark(
    frame: pl.DataFrame,
    file: str,
    columns: frozenset[str],
    decimal: Mark | None,
    errors: list[RowError],
) -> Mark | None:
    """The file's decimal mark; both marks shown is an error of the whole file."""
    try:
        return file_mark(frame, columns, decimal)
    except NumberError as exc:
        errors.append(RowError(file, 1, "(numbers)", "", str(exc), exc.code))
        return None


def _missing_columns(names: Names) -> list[RowError]:
    """The required columns of the goods table, then of the BOM, that the files lack."""
    errors: list[RowError] = []
    for column in GOODS_REQUIRED:
        if column not in names.goods:
            errors.append(
                RowError(names.goods_file, 1, column, "", REQUIRED_COLUMN, Code.MISSING_COLUMN)
            )
    if not any(column in names.goods for column in GOODS_CODE):
        errors.append(_one_of(names.goods_file, GOODS_CODE))
    for column in BOM_REQUIRED:
        if column not in names.bom:
            errors.append(
                RowError(names.bom_file, 1, column, "", REQUIRED_COLUMN, Code.MISSING_COLUMN)
            )
    if not any(column in names.bom for column in BOM_VALUE):
        errors.append(_one_of(names.bom_file, BOM_VALUE))
    return errors


def _one_of(file: str, columns: tuple[str, ...]) -> RowError:
    """A table that has none of the columns one of which it needs."""
    problem = f"one of the columns {' or '.join(columns)} is required"
    return RowError(file, 1, " | ".join(columns), "", problem, Code.MISSING_COLUMN)


def _unique_goods(goods_frame: pl.DataFrame, names: Names) -> tuple[pl.DataFrame, list[RowError]]:
    """The goods rows with a part number, each part number once (its first row kept)."""
    errors: list[RowError] = []
    goods_frame = goods_frame.with_columns(
        pl.col("_row").cast(pl.Int64),
        pl.col("part_number").fill_null("").str.strip_chars(),
    )
    part_column = names.goods["part_number"]
    for row in goods_frame.filter(pl.col("part_number") == "")["_row"]:
        errors.append(
            RowError(
                names.goods_file,
                row,
                part_column,
                "",
                "a part number is required",
                Code.MISSING_FIELD,
            )
        )
    goods_frame = goods_frame.filter(pl.col("part_number") != "")
    first = goods_frame.group_by("part_number").agg(pl.col("_row").min().alias("_first"))
    dupes = goods_frame.join(first, on="part_number").filter(pl.col("_row") != pl.col("_first"))
    for part, row, first_row in dupes.select("part_number", "_row", "_first").iter_rows():
        errors.append(
            RowError(
                names.goods_file,
                row,
                part_column,
                part,
                f"duplicate part number (first on row {first_row})",
                Code.DUPLICATE,
            )
        )
    return goods_frame.filter(pl.col("part_number").is_first_distinct()), errors


def _complete_lines(
    bom_frame: pl.DataFrame, names: Names
) -> tuple[pl.DataFrame, set[str], list[RowError]]:
    """The BOM lines with both a parent and a child; the parents of a line lacking one."""
    bom_frame = bom_frame.with_columns(
        pl.col("_row").cast(pl.Int64),
        pl.col("parent_part").fill_null("").str.strip_chars(),
        pl.col("child_part").fill_null("").str.strip_chars(),
    )
    blank = bom_frame.filter((pl.col("parent_part") == "") | (pl.col("child_part") == ""))
    broken: set[str] = set()
    errors: list[RowError] = []
    for parent, row in blank.select("parent_part", "_row").iter_rows():
        column = "parent_part" if not parent else "child_part"
        errors.append(
            RowError(
                names.bom_file,
                row,
                names.bom[column],
                "",
                "required on every BOM line",
                Code.MISSING_FIELD,
            )
        )
        if parent:
            broken.add(parent)
    lines = bom_frame.filter((pl.col("parent_part") != "") & (pl.col("child_part") != ""))
    return lines, broken, errors


def _group_by_parent(lines: pl.DataFrame) -> pl.DataFrame:
    """Per parent: its line positions, their count and offset end to end, its first row."""
    # group, do not sort: each parent's line positions, in file order, end to end
    return (
        lines.select("parent_part", "_row")
        .with_row_index("_at")
        .group_by("parent_part", maintain_order=True)
        .agg(pl.col("_at"), pl.col("_row").first().alias("_first"))
        .with_columns(_count=pl.col("_at").list.len())
        .with_columns(_offset=pl.col("_count").cum_sum() - pl.col("_count"))
    )


def _unknown_parents(
    grouped: pl.DataFrame, goods_frame: pl.DataFrame, names: Names
) -> list[RowError]:
    """The BOM parents that are not part numbers of the goods table, by first row."""
    known = goods_frame["part_number"]
    unknown = grouped.filter(~pl.col("parent_part").is_in(known.implode())).sort("_first")
    return [
        RowError(
            names.bom_file,
            row,
            names.bom["parent_part"],
            parent,
            "unknown parent: not a part number of the goods table",
            Code.UNKNOWN_REFERENCE,
        )
        for parent, row in unknown.select("parent_part", "_first").iter_rows()
    ]


def prepare(
    goods: pl.DataFrame,
    bom: pl.DataFrame,
    goods_file: str,
    bom_file: str,
    decimal: Mark | None = None,
) -> Prepared:
    """Check the tables column-wise and index the BOM by parent; ``decimal`` is the mark
    the user states for both files (else each file's numbers show theirs)."""
    goods_frame, unused_g, good_names = _canonical(goods, GOODS)
    bom_frame, unused_b, bom_names = _canonical(bom, BOM)
    errors: list[RowError] = []
    marks = [_mark(f, n, cols, decimal, errors) for f, n, cols in (
        (goods_frame, goods_file, GOODS_NUMBERS), (bom_frame, bom_file, BOM_NUMBERS)
    )]  # fmt: skip
    names = Names(goods_file, bom_file, good_names, bom_names, *marks)
    errors = _missing_columns(names) + errors
    empty = pl.DataFrame()
    if errors:
        return Prepared(names, empty, empty, np.zeros(0, np.int64), {}, {}, set(), errors)
    unused = {goods_file: unused_g, bom_file: unused_b}
    goods_frame, goods_errors = _unique_goods(goods_frame, names)
    lines, broken, line_errors = _complete_lines(bom_frame, names)
    del bom_frame
    grouped = _group_by_parent(lines)
    order = grouped["_at"].explode().to_numpy()
    parents = grouped["parent_part"]
    lines = lines.with_columns(_has_lines=pl.col("child_part").is_in(parents.implode()))
    errors = [*goods_errors, *line_errors, *_unknown_parents(grouped, goods_frame, names)]
    spans = {
        parent: (int(at), int(count))
        for parent, at, count in grouped.select("parent_part", "_offset", "_count").iter_rows()
    }
    part_rows = {part: index for index, part in enumerate(goods_frame["part_number"].to_list())}
    return Prepared(names, goods_frame, lines, order, spans, part_rows, broken, errors, unused)
