"""Read and write tables (CSV, Excel, Parquet) as Polars frames of text columns.

Every cell is read as text so that codes keep their leading zeros and amounts their
exact decimal digits; the catalog layer converts and validates.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import polars as pl
from openpyxl import Workbook, load_workbook

from maquila.verdict import Code, Problem, Refused

SUFFIXES = (".csv", ".xlsx", ".parquet")


class TableError(Refused):
    """A file that cannot be read as a table at all."""

    def __init__(self, code: Code, path: Path, found: str, allowed: str) -> None:
        text = f"{path}: {found}" + (f"; {allowed}" if allowed.startswith("allowed") else "")
        super().__init__([Problem(code, str(path), found, allowed, message=text)])


def _unsupported(path: Path) -> TableError:
    allowed = f"allowed: {', '.join(SUFFIXES)}"
    return TableError(Code.UNSUPPORTED_FORMAT, path, f"extension {path.suffix.lower()!r}", allowed)


def read_table(path: Path) -> pl.DataFrame:
    suffix = path.suffix.lower()
    if not path.exists():
        raise TableError(Code.NO_SUCH_FILE, path, "no such file", "a .csv, .xlsx or .parquet table")
    try:
        if suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
        elif suffix == ".xlsx":
            frame = _read_xlsx(path)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raise _unsupported(path)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise TableError(
            Code.UNREADABLE, path, f"cannot be read as a table ({exc})", "a table"
        ) from None
    return frame.select(pl.all().cast(pl.Utf8))


def check_target(path: Path) -> None:
    """A table can be written there (its extension names a format): checked before any
    work, so a wrong ``--out`` is one message, never a traceback after the run."""
    if path.suffix.lower() not in SUFFIXES:
        raise _unsupported(path)


def write_table(frame: pl.DataFrame, path: Path) -> None:
    check_target(path)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        frame.write_csv(path)
    elif suffix == ".xlsx":
        _write_xlsx(frame, path)
    elif suffix == ".parquet":
        frame.write_parquet(path)
    else:
        raise _unsupported(path)


def _cell(value: object) -> str | None:
    """A cell as text: an Excel date cell as its ISO date (a date-time at midnight is the
    day; with a time, the ISO date-time), a whole float without its ".0"."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> pl.DataFrame:
    """First sheet, first row as header (openpyxl, read-only)."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [
            str(h) if h is not None else f"column_{i + 1}" for i, h in enumerate(next(rows, ()))
        ]
        data = [[_cell(v) for v in row[: len(header)]] for row in rows]
    finally:
        book.close()
    columns = {
        name: [row[i] if i < len(row) else None for row in data] for i, name in enumerate(header)
    }
    return pl.DataFrame(columns, schema={name: pl.Utf8 for name in header})


def _write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(list(row))
    book.save(path)
