"""The USMCA automotive appendix as data: Part 6 of SOR/2020-155, loaded strictly.

Canada's CUSMA Rules of Origin Regulations, Part 6 (Automotive Goods), enact the
trilaterally agreed Uniform Regulations for the Appendix to USMCA Annex 4-B. The pack
(``law/usmca/automotive``, built by ``tools/build_automotive_pack.py``) holds:

* the tables that follow s. 20: A.1 (core parts), A.2 (super-core parts and their
  components), B and C (principal and complementary parts), D and E (the same for heavy
  trucks), F and G (other vehicles) and S (steel and aluminum), as printed;
* the thresholds and dated schedules of ss. 12-20, each with its citation.

Codes in the tables are **HS 2012** (the tables' column head reads "Harmonized system
2012"): :func:`tables_holding` takes HS 2012 codes only, so an HS 2022 code must be
bridged first (:func:`maquila.hs.bridge.to_hs2012`). This module does no I/O other than
reading its own package data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from importlib import resources
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from maquila.hs.codes import TariffCode, Vintage
from maquila.hs.ranges import CodeRange
from maquila.law.automotive_model import (
    PART6_IN_FORCE,
    CodeTable,
    ComponentsTable,
    MetalsTable,
    PartsTable,
    Source,
    Table,
    TablesFile,
    entry_range,
)
from maquila.law.automotive_thresholds import Figures, ThresholdEntry, ThresholdsFile, Variant
from maquila.law.errors import PackError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Model = TypeVar("_Model", bound=BaseModel)


class ThresholdError(LookupError):
    """No single figure of a threshold is in force on the day asked, or no such threshold."""


@dataclass(frozen=True)
class Holding:
    """A table row whose printed HS entry holds a code (``inside`` True) or may (None).

    ``inside`` compares digits only. An entry printed "ex" (``ex``) or a lettered item
    such as "8507.20.aa" (``lettered``) lists only the goods its description names, so
    the row holds the good only if the description fits (``needs_description``).
    """

    table: str
    row: int
    material: str | None  # Table S: "Steel" or "Aluminum" (numbered apart)
    group: str | None  # Table A.2: the part (column 1); Table S: the group heading
    printed: str  # the printed entry: "ex 8408.20", "8482.10-8482.80", "8507.20.aa"
    description: str
    inside: bool | None
    ex: bool
    lettered: bool

    @property
    def needs_description(self) -> bool:
        return self.ex or self.lettered


@dataclass(frozen=True)
class _Listed:
    table: str
    row: int
    material: str | None
    group: str | None
    code: str
    ex: bool
    description: str

    @cached_property
    def reading(self) -> tuple[CodeRange, bool]:
        return entry_range(self.code)


def _listed(table: Table) -> list[_Listed]:
    """Every printed HS entry of a table, with the row it sits in."""
    if isinstance(table, CodeTable):
        return [
            _Listed(table.id, row.row, None, None, code, row.ex, row.description)
            for row in table.rows
            for code in row.codes
        ]
    if isinstance(table, PartsTable):
        return [
            _Listed(table.id, row.row, None, row.part, code, ex, row.description)
            for row in table.rows
            for code, ex in zip(row.codes, row.ex, strict=True)
        ]
    if isinstance(table, MetalsTable):
        return [
            _Listed(table.id, row.row, sub.material, sub.group_of(row), code, ex, row.description)
            for sub in table.subtables
            for row in sub.rows
            for code, ex in zip(row.codes, row.ex, strict=True)
        ]
    assert isinstance(table, ComponentsTable)
    return [
        _Listed(table.id, int(item.number), None, None, code, False, item.component)
        for item in table.items
        for code in item.codes
    ]


@dataclass(frozen=True)
class AutomotivePack:
    """The tables and thresholds of SOR/2020-155, Part 6."""

    source: Source
    tables: tuple[Table, ...]
    thresholds: tuple[ThresholdEntry, ...]

    @cached_property
    def _listed(self) -> tuple[_Listed, ...]:
        return tuple(item for table in self.tables for item in _listed(table))

    @cached_property
    def _by_id(self) -> dict[str, ThresholdEntry]:
        return {entry.id: entry for entry in self.thresholds}

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        known = ", ".join(t.id for t in self.tables)
        raise KeyError(f"no Table {table_id!r} in Part 6 of SOR/2020-155 (tables: {known})")

    def ranges_of(self, tables: frozenset[str]) -> tuple[CodeRange, ...]:
        """The HS 2012 ranges printed in the rows of ``tables`` (e.g. {"A.1", "B"})."""
        return tuple(item.reading[0] for item in self._listed if item.table in tables)

    def tables_holding(self, code: TariffCode) -> tuple[Holding, ...]:
        """The rows of the tables whose HS entries hold ``code`` (True) or may (None).

        Three-valued like :meth:`maquila.hs.ranges.CodeRange.contains`: a code too short
        to tell (heading 8407 against subheading 8407.31) is reported with ``inside``
        None, never guessed. Rows that cannot hold the code are left out.
        """
        if code.vintage is not Vintage.HS2012:
            raise ValueError(
                f"{code} is an {code.vintage} code; the Part 6 tables are printed in HS 2012: "
                "bridge it first (maquila.hs.bridge.to_hs2012)"
            )
        found = []
        for item in self._listed:
            rng, lettered = item.reading
            inside = rng.contains(code)
            if inside is False:
                continue
            printed = ("ex " if item.ex else "") + item.code
            found.append(
                Holding(
                    item.table,
                    item.row,
                    item.material,
                    item.group,
                    printed,
                    item.description,
                    inside,
                    item.ex,
                    lettered,
                )
            )
        return tuple(found)

    def entry(self, threshold_id: str) -> ThresholdEntry:
        entry = self._by_id.get(threshold_id)
        if entry is None:
            raise ThresholdError(f"no threshold {threshold_id!r} in the automotive pack")
        return entry

    def threshold(self, threshold_id: str, on: date, variant: str | None = None) -> Figures:
        """The figures of a threshold in force on ``on``.

        A dated schedule gives the phase in force that day (its ``from`` and ``to`` are
        both inclusive, "beginning on ... and ending on ..."). A threshold with variants
        (by goods, use, country or subject) needs ``variant``, one of its keys.
        """
        entry = self.entry(threshold_id)
        where = f"{threshold_id} ({entry.citation})"
        if on < PART6_IN_FORCE:
            # SOR/2020-155 s. 21: Part 6 in force on July 1, 2020
            raise ThresholdError(f"{where}: Part 6 is in force from {PART6_IN_FORCE}, not {on}")
        source = _pick(entry, variant, where)
        period = entry.period
        if period is not None and not period.covers(on):
            otherwise = f" ({period.otherwise})" if period.otherwise else ""
            raise ThresholdError(
                f"{where}: applies from {period.from_ or PART6_IN_FORCE} to {period.to}"
                f"{otherwise}, not on {on}"
            )
        if source.schedule:
            phases = [phase for phase in source.schedule if phase.in_force(on)]
            if not phases:
                spans = ", ".join(f"{p.from_} to {p.to or 'open'}" for p in source.schedule)
                raise ThresholdError(f"{where}: no phase in force on {on} (phases: {spans})")
            if len(phases) > 1:
                raise ThresholdError(
                    f"{where}: the schedule as printed gives {len(phases)} figures on {on}; "
                    f"{entry.note or 'its phases overlap'}"
                )
            return phases[0]
        if source.value is not None:
            start = entry.effective_from or PART6_IN_FORCE
            if on < start:
                raise ThresholdError(f"{where}: in force from {start}, not on {on}")
            return source.value
        raise ThresholdError(
            f"{where}: has no figure to look up (options, periods or text); read its entry"
        )


def _pick(entry: ThresholdEntry, variant: str | None, where: str) -> ThresholdEntry | Variant:
    keys = [v.key for v in entry.variants]
    if variant is None:
        if keys:
            raise ThresholdError(f"{where}: name a variant, one of {keys}")
        return entry
    for each in entry.variants:
        if each.key == variant:
            return each
    if not keys:
        raise ThresholdError(f"{where}: has no variants (asked for {variant!r})")
    raise ThresholdError(f"{where}: no variant {variant!r}; variants are {keys}")


def _read(name: str, text: str, model: type[_Model], problems: list[str]) -> _Model | None:
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        problems.append(f"{name}: not valid YAML: {exc}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            found = error.get("input")
            shown = repr(found) if not isinstance(found, dict | list) else type(found).__name__
            problems.append(f"{name}: {where}: {error['msg']} (found {shown})")
        return None


def _cross_check(tables: TablesFile, thresholds: ThresholdsFile, problems: list[str]) -> None:
    ids = [table.id for table in tables.tables]
    if len(set(ids)) != len(ids):
        problems.append(f"tables.yaml: table ids repeat: {ids}")
    seen: set[str] = set()
    for entry in thresholds.thresholds:
        if entry.id in seen:
            problems.append(f"thresholds.yaml: threshold {entry.id!r} is given twice")
        seen.add(entry.id)
        named = [*entry.tables, *(t for v in entry.variants for t in v.tables)]
        for table in named:
            if table.split()[0] not in ids:  # "A.2 column 1" names Table A.2
                problems.append(f"thresholds.yaml: {entry.id}: no Table {table!r}")


def load_texts(tables_text: str, thresholds_text: str) -> AutomotivePack:
    """Build the pack from the two YAML texts; every problem is reported at once."""
    problems: list[str] = []
    tables = _read("tables.yaml", tables_text, TablesFile, problems)
    thresholds = _read("thresholds.yaml", thresholds_text, ThresholdsFile, problems)
    if tables is not None and thresholds is not None:
        _cross_check(tables, thresholds, problems)
    if problems or tables is None or thresholds is None:
        raise PackError(problems)
    return AutomotivePack(tables.source, tables.tables, thresholds.thresholds)


@cache
def pack() -> AutomotivePack:
    """The automotive pack shipped with maquila (loaded once per process)."""
    root = resources.files("maquila.law") / "usmca" / "automotive"
    return load_texts(
        (root / "tables.yaml").read_text(encoding="utf-8"),
        (root / "thresholds.yaml").read_text(encoding="utf-8"),
    )


def tables() -> tuple[Table, ...]:
    """Tables A.1, A.2, B, C, D, E, F, G and S, in printed order."""
    return pack().tables


def tables_holding(code: TariffCode) -> tuple[Holding, ...]:
    """The table rows that hold an HS 2012 ``code`` (see :meth:`AutomotivePack.tables_holding`)."""
    return pack().tables_holding(code)


def thresholds() -> tuple[ThresholdEntry, ...]:
    return pack().thresholds


def threshold(threshold_id: str, on: date, variant: str | None = None) -> Figures:
    """The figures of a threshold in force on ``on`` (see :meth:`AutomotivePack.threshold`)."""
    return pack().threshold(threshold_id, on, variant)
