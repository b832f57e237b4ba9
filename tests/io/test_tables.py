"""A table is read as the plant's ERP or Excel wrote it (maquila.io.tables): the encoding
and the delimiter are found in the file and reported, never assumed; what cannot be read
one way is refused with the file named."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from maquila.io.tables import Layout, TableError, read_table_as

ROWS = [["Material padre", "Descripción", "País de origen"], ["TX-100", "Tensión ñ", "MÉX"]]


def _csv(tmp_path: Path, delimiter: str, encoding: str, bom: bytes = b"") -> Path:
    text = "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"
    path = tmp_path / "bom.csv"
    path.write_bytes(bom + text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom", "reported"),
    [
        (",", "utf-8", b"", "UTF-8, comma-separated"),
        (";", "cp1252", b"", "Windows-1252, semicolon-separated"),
        ("\t", "utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM, tab-separated"),
        (";", "utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM, semicolon-separated"),
    ],
)
def test_a_csv_is_read_in_its_own_encoding_and_delimiter_and_says_which(
    tmp_path: Path, delimiter: str, encoding: str, bom: bytes, reported: str
) -> None:
    frame, layout = read_table_as(_csv(tmp_path, delimiter, encoding, bom))
    assert frame.columns == ROWS[0]
    assert frame.row(0) == tuple(ROWS[1])
    assert str(layout) == reported


def test_bytes_no_known_encoding_reads_are_refused_naming_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"parent,child\r\nA,\x81\x8d\r\n")  # undefined in Windows-1252
    with pytest.raises(TableError) as refused:
        read_table_as(path)
    assert "byte 0x81 at position" in refused.value.messages[0]
    assert str(path) in refused.value.messages[0]


def test_a_header_split_as_much_by_two_delimiters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("a;b,c\n1;2,3\n", encoding="utf-8")
    with pytest.raises(TableError) as refused:
        read_table_as(path)
    assert "a header separated by comma and semicolon alike" in refused.value.messages[0]


def test_a_workbook_sheet_is_chosen_by_name_and_a_missing_one_lists_the_sheets(
    tmp_path: Path,
) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Resumen"
    first.append(["nota"])
    bom = book.create_sheet("BOM")
    for row in ROWS:
        bom.append(row)
    path = tmp_path / "export.xlsx"
    book.save(path)
    frame, layout = read_table_as(path, sheet="BOM")
    assert (frame.columns, layout) == (ROWS[0], Layout(sheet="BOM"))
    with pytest.raises(TableError) as refused:
        read_table_as(path, sheet="Lista")
    assert "'Resumen', 'BOM'" in refused.value.messages[0]
