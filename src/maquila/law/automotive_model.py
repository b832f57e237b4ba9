"""The model of the automotive pack's tables: Part 6 of SOR/2020-155 (the automotive appendix).

Two files under ``law/usmca/automotive``: ``tables.yaml`` (Tables A.1 to G and S, as
printed; modelled here) and ``thresholds.yaml`` (:mod:`maquila.law.automotive_thresholds`).
Models are strict and frozen like :mod:`maquila.law.model`: an unknown key, a malformed
code or a row out of its printed order is an error at load time.

HS codes in the tables are HS 2012: the column head of Tables A.1 to F reads
"Harmonized system 2012" (as does the s. 13 table); Tables A.2 and S name no edition and
are read the same way.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from maquila.hs.codes import Vintage
from maquila.hs.ranges import CodeRange, parse_range
from maquila.strict import Strict

# SOR/2020-155 s. 21 (editorial note; SI/2020-33): in force July 1, 2020
PART6_IN_FORCE = date(2020, 7, 1)
INSTRUMENT = "SOR/2020-155"

VehicleCategory = Literal[
    "passenger_vehicle",
    "light_truck",
    "heavy_truck",
    "any_other_vehicle",
    "aftermarket_part",
    "other_vehicles_s20(2)_and_(3)",  # Table F: the vehicles of s. 20(2) and (3)
    "other_vehicles_s20(3)(a)",  # Table G: s. 20(4) applies it to s. 20(3)(a) vehicles
]

# A lettered item ("8507.20.aa") stands in the print for a tariff item of the subheading
# that the description defines; its digits are not known, only its subheading.
_LETTERED = re.compile(r"^(\d{4}\.\d{2})\.([a-z]{2})$")


def entry_range(text: str) -> tuple[CodeRange, bool]:
    """A printed HS entry as a range of HS 2012 codes, and whether it is a lettered item."""
    lettered = _LETTERED.match(text)
    if lettered:
        return parse_range(lettered.group(1), Vintage.HS2012), True
    return parse_range(text, Vintage.HS2012), False


def _check_codes(codes: tuple[str, ...]) -> tuple[str, ...]:
    for code in codes:
        entry_range(code)
    return codes


# the printed HS entries of a row (lettered items allowed)
Entries = Annotated[tuple[str, ...], AfterValidator(_check_codes)]


def _check_items(hs: tuple[str, ...], ex: tuple[bool, ...], codes: tuple[str, ...]) -> None:
    if not len(hs) == len(ex) == len(codes):
        raise ValueError("hs, ex and codes must give one entry per printed HS item")
    for printed, is_ex, code in zip(hs, ex, codes, strict=True):
        if printed != ("ex " if is_ex else "") + code:
            raise ValueError(f"printed item {printed!r} does not match code {code!r} / ex")


# --- tables ---------------------------------------------------------------------------


class CodeRow(Strict):
    """A row of Tables A.1, B, C, D, E or F: the HS cell as printed and its description."""

    row: int
    hs: str  # the printed cell: "ex 8408.20", "8482.10 through 8482.80"
    ex: bool
    codes: Entries = Field(min_length=1)
    description: str
    note: str | None = None

    @model_validator(mode="after")
    def _printed_cell_fits(self) -> CodeRow:
        if self.hs.startswith("ex ") != self.ex:
            raise ValueError(f"ex is {self.ex} but the cell is printed {self.hs!r}")
        for code in self.codes:
            for end in code.split("-"):
                if end not in self.hs:
                    raise ValueError(f"code {code!r} is not in the printed cell {self.hs!r}")
        return self


class PartRow(Strict):
    """A row of Table A.2: a super-core part (column 1) or one of its components."""

    row: int
    part: str  # column 1, printed once per span
    role: Literal["part", "component"]  # derived from the layout, not printed
    description: str  # column 2
    hs: tuple[str, ...] = Field(min_length=1)
    ex: tuple[bool, ...]
    codes: Entries
    note: str | None = None

    @model_validator(mode="after")
    def _items_fit(self) -> PartRow:
        _check_items(self.hs, self.ex, self.codes)
        return self


class MetalRow(Strict):
    """A row of Table S: a bold group heading, or a description with its HS items."""

    row: int
    description: str
    heading: bool = False
    hs: tuple[str, ...] = ()
    ex: tuple[bool, ...] = ()
    codes: Entries = ()

    @model_validator(mode="after")
    def _items_fit(self) -> MetalRow:
        if self.heading == bool(self.codes):
            raise ValueError("a group heading lists no codes; any other row lists some")
        _check_items(self.hs, self.ex, self.codes)
        return self


class Subtable(Strict):
    material: Literal["Steel", "Aluminum"]
    columns: tuple[str, ...]
    rows: tuple[MetalRow, ...] = Field(min_length=1)

    def group_of(self, row: MetalRow) -> str | None:
        """The group heading printed above ``row`` (None before the first heading)."""
        group = None
        for each in self.rows:
            if each is row:
                return None if row.heading else group
            if each.heading:
                group = each.description
        raise ValueError(f"row {row.row} is not in the {self.material} table")


class ComponentItem(Strict):
    """Table G: a component (printed as the marginal note "Component: ...") and its materials."""

    number: str
    component: str
    codes: Entries = Field(min_length=1)
    materials: tuple[str, ...] = Field(min_length=1)


def _numbered(rows: tuple[CodeRow, ...] | tuple[PartRow, ...] | tuple[MetalRow, ...]) -> None:
    if [row.row for row in rows] != list(range(1, len(rows) + 1)):
        raise ValueError("rows must be numbered 1, 2, 3 ... in printed order")


class TableBase(Strict):
    id: str
    label: str
    title: str
    citation: str
    note: str | None = None  # the printed "Note: ..."
    vehicle_categories: tuple[VehicleCategory, ...] = Field(min_length=1)
    vehicle_categories_basis: str
    referenced_in: tuple[str, ...]
    notes: tuple[str, ...] = ()  # the pack's notes: misprints, derivations


class CodeTable(TableBase):
    kind: Literal["codes"]
    columns: tuple[str, ...]
    rows: tuple[CodeRow, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _numbering(self) -> CodeTable:
        _numbered(self.rows)
        return self


class PartGroup(Strict):
    """A super-core part of Table A.2 with its own row and its component rows."""

    part: PartRow
    components: tuple[PartRow, ...]


class PartsTable(TableBase):
    kind: Literal["parts"]
    header_rows: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    rows: tuple[PartRow, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _spans(self) -> PartsTable:
        _numbered(self.rows)
        seen: list[str] = []
        for row in self.rows:
            opens = not seen or seen[-1] != row.part
            if opens and row.part in seen:
                raise ValueError(f"part {row.part!r} is printed in two separate spans")
            if opens != (row.role == "part"):
                raise ValueError(
                    f"row {row.row}: the first row of a span is the part, the others its components"
                )
            if opens:
                seen.append(row.part)
        return self

    def groups(self) -> tuple[PartGroup, ...]:
        groups: list[PartGroup] = []
        for row in self.rows:
            if row.role == "part":
                groups.append(PartGroup(part=row, components=()))
            else:
                last = groups[-1]
                groups[-1] = PartGroup(part=last.part, components=(*last.components, row))
        return tuple(groups)


class MetalsTable(TableBase):
    kind: Literal["metals"]
    subtables: tuple[Subtable, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _numbering(self) -> MetalsTable:
        for sub in self.subtables:
            _numbered(sub.rows)
        return self


class ComponentsTable(TableBase):
    kind: Literal["components"]
    items: tuple[ComponentItem, ...] = Field(min_length=1)


Table = Annotated[
    CodeTable | PartsTable | MetalsTable | ComponentsTable, Field(discriminator="kind")
]


class Source(Strict):
    instrument: str
    file: str
    consolidation_current_to: date
    last_amended: date
    in_force: date


class TablesFile(Strict):
    vintage: Literal[Vintage.HS2012]
    source: Source
    tables: tuple[Table, ...]
