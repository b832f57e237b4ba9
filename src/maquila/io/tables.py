"""Read and write tables (CSV, Excel, Parquet) as Polars frames of text columns.

Every cell is read as text so that codes keep their leading zeros and amounts their
exact decimal digits; the catalog layer converts and validates. A CSV is read as an ERP or
Excel writes it: UTF-8, UTF-8 with a byte-order mark or Windows-1252 ("CSV (delimitado por
comas)" of a Spanish Excel), comma, semicolon or tab between fields; what was found is
returned (:class:`Layout`) for the command to report, never silently assumed.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
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


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class Layout:
    """How a table file was read: the encoding and delimiter of a CSV, the sheet of a
    workbook."""

    encoding: str | None = None  # "UTF-8", "UTF-8 with BOM", "Windows-1252"
    delimiter: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"sheet {self.sheet!r}"
        if self.encoding is None:
            return "Parquet"
        return f"{self.encoding}, {DELIMITERS.get(self.delimiter or ',', 'comma')}-separated"


def read_table(path: Path, sheet: str | None = None) -> pl.DataFrame:
    return read_table_as(path, sheet)[0]


def read_table_as(path: Path, sheet: str | None = None) -> tuple[pl.DataFrame, Layout]:
    """The table as text columns, and how it was read."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise TableError(Code.NO_SUCH_FILE, path, "no such file", "a .csv, .xlsx or .parquet table")
    if suffix not in SUFFIXES:
        raise _unsupported(path)
    try:
        if suffix == ".csv":
            frame, layout = _read_csv(path)
        elif suffix == ".xlsx":
            frame, layout = _read_xlsx(path, sheet)
        else:
            frame, layout = pl.read_parquet(path), Layout()
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise TableError(
            Code.UNREADABLE, path, f"cannot be read as a table ({exc})", "a table"
        ) from None
    return frame.select(pl.all().cast(pl.Utf8)), layout


def _decoded(path: Path, data: bytes) -> tuple[str, str]:
    """The text and its encoding: a UTF-8 byte-order mark, else UTF-8, else Windows-1252;
    bytes none of them can read are refused (never read as another alphabet)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        found = f"byte 0x{data[exc.start]:02x} at position {exc.start}"
        raise TableError(
            Code.UNREADABLE, path, f"text in no known encoding ({found})",
            "allowed: UTF-8 (with or without BOM) or Windows-1252",
        ) from None  # fmt: skip


def _delimiter(path: Path, text: str) -> str:
    """The delimiter of the header line (outside quotes): the one of comma, semicolon and
    tab that occurs most; two that occur as often are refused."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    fields = {d: len(next(csv.reader([header], delimiter=d), [])) - 1 for d in DELIMITERS}
    best = max(fields.values())
    found = [d for d, n in fields.items() if n == best]
    if best == 0:
        return ","
    if len(found) > 1:
        names = " and ".join(DELIMITERS[d] for d in found)
        raise TableError(
            Code.UNREADABLE, path, f"a header separated by {names} alike",
            "allowed: one delimiter (comma, semicolon or tab)",
        )  # fmt: skip
    return found[0]


def _read_csv(path: Path) -> tuple[pl.DataFrame, Layout]:
    text, encoding = _decoded(path, path.read_bytes())
    delimiter = _delimiter(path, text)
    frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), separator=delimiter, infer_schema=False)
    return frame, Layout(encoding, delimiter)


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


def _read_xlsx(path: Path, sheet: str | None) -> tuple[pl.DataFrame, Layout]:
    """The named sheet, else the first; first row as header (openpyxl, read-only)."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise TableError(
                Code.NOT_ALLOWED, path, f"no sheet {sheet!r}",
                f"allowed: one of {', '.join(repr(n) for n in book.sheetnames)}",
            )  # fmt: skip
        chosen = book[sheet] if sheet is not None else book.worksheets[0]
        rows = chosen.iter_rows(values_only=True)
        header = [
            str(h) if h is not None else f"column_{i + 1}" for i, h in enumerate(next(rows, ()))
        ]
        data = [[_cell(v) for v in row[: len(header)]] for row in rows]
    finally:
        book.close()
    columns = {
        name: [row[i] if i < len(row) else None for row in data] for i, name in enumerate(header)
    }
    frame = pl.DataFrame(columns, schema={name: pl.Utf8 for name in header})
    return frame, Layout(sheet=chosen.title)


def _write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(list(row))
    book.save(path)
