"""The automotive pack holds Part 6 of SOR/2020-155 as the reference prints it.

The oracle is ../shared/reference/usmca/automotive (tables.json, parameters.json). Every
table row, every threshold, every figure and every dated phase of the reference is
compared with what :mod:`maquila.law.automotive` loads from the package.
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from maquila.hs.codes import TariffCode, Vintage, parse_code
from maquila.law.automotive import (
    Holding,
    ThresholdError,
    load_texts,
    pack,
    tables_holding,
    threshold,
)
from maquila.law.automotive_model import (
    CodeTable,
    ComponentsTable,
    MetalsTable,
    PartsTable,
    entry_range,
)
from maquila.law.automotive_thresholds import Figures, Phase, ThresholdEntry
from maquila.law.pack import PackError

Json = dict[str, Any]
TOOLS = Path(__file__).resolve().parents[2] / "tools"
CODE_TABLES = ("A.1", "B", "C", "D", "E", "F")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def automotive_dir(reference_dir: Path) -> Path:
    return reference_dir / "usmca" / "automotive"


@pytest.fixture(scope="module")
def ref_tables(automotive_dir: Path) -> dict[str, Json]:
    data = json.loads((automotive_dir / "tables.json").read_text(encoding="utf-8"))
    return {table["id"]: table for table in data["tables"]}


@pytest.fixture(scope="module")
def ref_parameters(automotive_dir: Path) -> list[Json]:
    data = json.loads((automotive_dir / "parameters.json").read_text(encoding="utf-8"))
    assert data["parameter_count"] == len(data["parameters"])
    return list(data["parameters"])


def _hs2012(text: str) -> TariffCode:
    return parse_code(text, Vintage.HS2012)


def _holding(code: str, table: str) -> list[Holding]:
    return [h for h in tables_holding(_hs2012(code)) if h.table == table]


def _entry(threshold_id: str) -> ThresholdEntry:
    return pack().entry(threshold_id)


def _day(text: str) -> date:
    return date.fromisoformat(text)


# --- tables -----------------------------------------------------------------------------


def test_the_pack_has_every_table_of_part_6_but_the_s13_rule_table_in_printed_order(
    ref_tables: dict[str, Json],
) -> None:
    assert [t.id for t in pack().tables] == [i for i in ref_tables if i != "s13"]
    for table in pack().tables:
        ref = ref_tables[table.id]
        assert (table.label, table.title, table.note) == (ref["label"], ref["title"], ref["note"])
        assert list(table.vehicle_categories) == ref["vehicle_categories"]
        assert list(table.referenced_in) == ref["referenced_in"]
        assert table.citation == f"SOR/2020-155, Part 6, Table {table.id}"


def _level(code: str) -> str:
    rng, lettered = entry_range(code)
    return "tariff_item" if lettered else rng.level.name.lower()


@pytest.mark.parametrize("table_id", CODE_TABLES)
def test_every_row_keeps_its_printed_hs_cell_ex_flag_codes_and_description(
    table_id: str, ref_tables: dict[str, Json]
) -> None:
    table = pack().table(table_id)
    ref = ref_tables[table_id]
    assert isinstance(table, CodeTable)
    assert len(table.rows) == ref["row_count"] == len(ref["rows"])
    assert list(table.columns) == ref["columns"]
    for row, printed in zip(table.rows, ref["rows"], strict=True):
        assert row.row == printed["row"]
        assert row.hs == printed["hs"]
        assert row.ex is printed["ex"]
        assert list(row.codes) == printed["hs_codes"]
        assert row.description == printed["description"]
        assert {_level(code) for code in row.codes} == set(printed["hs_level"])


def test_table_a2_keeps_each_super_core_part_and_its_components_with_their_items(
    ref_tables: dict[str, Json],
) -> None:
    table = pack().table("A.2")
    ref = ref_tables["A.2"]
    assert isinstance(table, PartsTable)
    assert [list(r) for r in table.header_rows] == ref["header_rows"]
    assert len(table.rows) == ref["row_count"] == len(ref["rows"])
    for row, printed in zip(table.rows, ref["rows"], strict=True):
        assert (row.row, row.part, row.role) == (
            printed["row"],
            printed["column_1_part"],
            printed["row_kind_derived"],
        )
        assert row.description == printed["column_2"]
        assert list(row.hs) == printed["hs_subheadings"]
        assert list(row.ex) == printed["ex"]
        assert list(row.codes) == printed["hs_codes"]
    groups = [
        {
            "part": group.part.part,
            "part_description": group.part.description,
            "part_hs_subheadings": list(group.part.hs),
            "components": [
                {"component": c.description, "hs_subheadings": list(c.hs)} for c in group.components
            ],
        }
        for group in table.groups()
    ]
    assert groups == ref["groups_derived"]


def test_table_s_keeps_steel_and_aluminum_apart_with_their_group_headings(
    ref_tables: dict[str, Json],
) -> None:
    table = pack().table("S")
    ref = ref_tables["S"]
    assert isinstance(table, MetalsTable)
    assert sum(len(sub.rows) for sub in table.subtables) == ref["row_count"]
    for sub, ref_sub in zip(table.subtables, ref["subtables"], strict=True):
        assert sub.material == ref_sub["material"]
        assert list(sub.columns) == ref_sub["columns"]
        assert len(sub.rows) == ref_sub["row_count"]
        for row, printed in zip(sub.rows, ref_sub["rows"], strict=True):
            assert (row.row, row.description) == (printed["row"], printed["description"])
            assert row.heading is printed["is_group_heading"]
            assert list(row.hs) == printed["hs"]
            assert list(row.ex) == printed.get("ex", [])
            assert list(row.codes) == printed["hs_codes"]
            assert sub.group_of(row) == printed.get("group_heading")


def test_table_g_keeps_each_component_its_codes_and_the_text_of_its_materials(
    ref_tables: dict[str, Json],
) -> None:
    table = pack().table("G")
    ref = ref_tables["G"]
    assert isinstance(table, ComponentsTable)
    assert len(table.items) == ref["row_count"]
    for item, printed in zip(table.items, ref["items"], strict=True):
        assert item.number == printed["number"]
        assert "Component: " + item.component == printed["component_as_printed"]
        assert list(item.codes) == printed["hs_codes"]
        assert list(item.materials) == printed["materials_text"]


def test_the_misprints_the_reference_records_are_kept_as_printed_with_a_note() -> None:
    first = pack().table("A.1")
    assert isinstance(first, CodeTable)
    assert "passenger vehicles of Chapter 87" in first.rows[0].description
    assert first.rows[0].note and "Kept as printed" in first.rows[0].note
    heavy = pack().table("D")
    assert isinstance(heavy, CodeTable)
    chassis = next(row for row in heavy.rows if row.hs == "8708.99")
    assert chassis.ex is False and chassis.note and "French" in chassis.note


# --- tables_holding ---------------------------------------------------------------------


def test_a_subheading_listed_in_table_a1_is_held_by_its_row_for_sure() -> None:
    (held,) = _holding("8708.40", "A.1")
    assert (held.row, held.inside, held.needs_description) == (13, True, False)
    assert held.description == "Gear boxes and parts thereof"
    (finer,) = _holding("8708.40.10", "A.1")
    assert finer.inside is True


def test_a_code_too_short_to_tell_is_reported_as_unknown_never_guessed() -> None:
    held = _holding("8407", "A.1")
    assert [h.printed for h in held] == ["8407.31", "8407.32", "8407.33", "8407.34"]
    assert {h.inside for h in held} == {None}
    assert {h.inside for h in _holding("87", "A.1")} == {None}


def test_ex_entries_and_lettered_items_hold_a_good_only_if_the_description_fits() -> None:
    (stampings,) = _holding("8708.29", "A.1")
    assert stampings.ex and stampings.needs_description and stampings.printed == "ex 8708.29"
    (batteries,) = _holding("8507.20", "F")
    assert batteries.lettered and batteries.inside is True and batteries.needs_description
    assert batteries.printed == "8507.20.aa"


def test_a_steel_row_reports_its_material_and_group_heading() -> None:
    (held,) = [h for h in tables_holding(_hs2012("7208.26")) if h.table == "S"]
    assert held.material == "Steel" and held.row == 2
    assert held.group and held.group.startswith("Flat-rolled products of iron or non-alloy")


def test_a_code_in_no_table_is_held_by_none() -> None:
    assert tables_holding(_hs2012("0101.21")) == ()


def test_an_hs_2022_code_must_be_bridged_before_asking_the_tables() -> None:
    with pytest.raises(ValueError, match="bridge it first"):
        tables_holding(parse_code("8708.40"))


# --- thresholds -------------------------------------------------------------------------


def test_every_threshold_of_the_reference_is_in_the_pack_with_its_section_quote_and_note(
    ref_parameters: list[Json],
) -> None:
    assert [e.id for e in pack().thresholds] == [p["id"] for p in ref_parameters]
    for ref in ref_parameters:
        entry = _entry(ref["id"])
        assert entry.group == ref["group"]
        assert entry.citation == f"SOR/2020-155 {ref['source']}"
        quote = ref.get("quote") or []
        assert list(entry.quote) == ([quote] if isinstance(quote, str) else quote)
        assert entry.note == ref.get("note")
        assert entry.derived is ref["group"].endswith("_derived")
        assert list(entry.used_in) == ref.get("used_in", [])


def _leaves(value: object, numbers: Counter[Decimal], days: Counter[date]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("quote", "description", "note", "source", "id"):
                _leaves(item, numbers, days)
    elif isinstance(value, list | tuple):
        for item in value:
            _leaves(item, numbers, days)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int | float | Decimal):
        numbers[Decimal(str(value))] += 1
    elif isinstance(value, date):
        days[value] += 1
    elif isinstance(value, str) and _ISO_DAY.match(value):
        days[date.fromisoformat(value)] += 1


def test_every_figure_and_date_of_each_threshold_is_the_one_the_reference_gives(
    ref_parameters: list[Json],
) -> None:
    for ref in ref_parameters:
        expected_numbers: Counter[Decimal] = Counter()
        expected_days: Counter[date] = Counter()
        _leaves(ref, expected_numbers, expected_days)
        numbers: Counter[Decimal] = Counter()
        days: Counter[date] = Counter()
        _leaves(_entry(ref["id"]).model_dump(), numbers, days)
        assert numbers == expected_numbers, ref["id"]
        assert days == expected_days, ref["id"]


def _figures(phase: Json) -> dict[str, object]:
    figures = {k: v for k, v in phase.items() if k not in ("from", "to")}
    if "method_stated" in figures:  # derived s. 13 schedules: the method named, or none
        method = figures.pop("method_stated")
        figures[method or "percent"] = figures.pop("percent")
    return {k: v if isinstance(v, str) else Decimal(str(v)) for k, v in figures.items()}


def _schedules(ref_parameters: list[Json]) -> list[tuple[str, str | None, list[Json]]]:
    """(threshold id, variant key, phases) for every dated schedule of the reference."""
    found: list[tuple[str, str | None, list[Json]]] = []
    for ref in ref_parameters:
        if "schedule" in ref:
            found.append((ref["id"], None, ref["schedule"]))
        for value in ref.get("values", []) if isinstance(ref.get("values"), list) else []:
            if "schedule" in value:
                key = "+".join(value["for_use_in"])
                found.append((ref["id"], key, value["schedule"]))
    return found


def _phases(threshold_id: str, key: str | None) -> tuple[Phase, ...]:
    entry = _entry(threshold_id)
    if key is None:
        return entry.schedule
    return next(v for v in entry.variants if v.key == key).schedule


def test_every_dated_schedule_is_in_the_pack_with_the_same_dates_and_figures(
    ref_parameters: list[Json],
) -> None:
    schedules = _schedules(ref_parameters)
    assert len(schedules) == 17
    for threshold_id, key, ref_phases in schedules:
        phases = _phases(threshold_id, key)
        assert len(phases) == len(ref_phases), threshold_id
        for phase, ref_phase in zip(phases, ref_phases, strict=True):
            assert phase.from_ == _day(ref_phase["from"])
            assert phase.to == (ref_phase["to"] and _day(ref_phase["to"]))
            assert phase.figures() == _figures(ref_phase), threshold_id


def test_threshold_gives_the_phase_in_force_on_the_first_and_last_day_of_every_phase(
    ref_parameters: list[Json],
) -> None:
    for threshold_id, key, ref_phases in _schedules(ref_parameters):
        if _entry(threshold_id).overlap_as_printed:
            continue
        for ref_phase in ref_phases:
            days = [_day(ref_phase["from"])] + ([_day(ref_phase["to"])] if ref_phase["to"] else [])
            for day in days:
                found = threshold(threshold_id, day, key)
                assert found.figures() == _figures(ref_phase), (threshold_id, day)


def test_passenger_vehicle_rvc_steps_up_on_each_phase_in_date_and_not_a_day_before(
    ref_parameters: list[Json],
) -> None:
    ref = next(p for p in ref_parameters if p["id"] == "rvc.vehicle.passenger_vehicle")
    previous: Decimal | None = None
    for ref_phase in ref["schedule"]:
        start = _day(ref_phase["from"])
        figure = threshold("rvc.vehicle.passenger_vehicle", start).net_cost
        assert figure == Decimal(str(ref_phase["net_cost"]))
        if previous is not None:
            eve = threshold("rvc.vehicle.passenger_vehicle", start - timedelta(days=1))
            assert eve.net_cost == previous
        previous = figure
    assert threshold("rvc.vehicle.passenger_vehicle", date(2040, 1, 1)).net_cost == previous


def test_nothing_is_in_force_before_part_6_came_into_force_on_july_1_2020() -> None:
    with pytest.raises(ThresholdError, match="in force from 2020-07-01"):
        threshold("rvc.vehicle.passenger_vehicle", date(2020, 6, 30))


def test_the_misprinted_2023_phase_is_kept_and_threshold_refuses_to_choose_where_it_overlaps() -> (
    None
):
    threshold_id = "rvc.s13_schedule.60/64/70.misprint_2023"
    assert _entry(threshold_id).overlap_as_printed
    assert threshold(threshold_id, date(2022, 1, 1)).net_cost == Decimal(60)
    with pytest.raises(ThresholdError, match="Misprint"):
        threshold(threshold_id, date(2024, 1, 1))


def test_a_threshold_with_variants_needs_one_named(ref_parameters: list[Json]) -> None:
    rates = next(p for p in ref_parameters if p["id"] == "lvc.wage_rate")["values"]
    for country, rate in rates.items():
        found = threshold("lvc.wage_rate", date(2025, 1, 1), country)
        assert (found.amount, found.currency) == (Decimal(str(rate["amount"])), rate["currency"])
    with pytest.raises(ThresholdError, match="name a variant"):
        threshold("lvc.wage_rate", date(2025, 1, 1))
    with pytest.raises(ThresholdError, match="no variant"):
        threshold("lvc.wage_rate", date(2025, 1, 1), "FR")


def test_the_alternative_staging_regime_applies_only_within_its_printed_period() -> None:
    found = threshold("asr.requirements", date(2025, 6, 30), "vehicle_rvc")
    assert found.net_cost == Decimal("62.5")
    with pytest.raises(ThresholdError, match="approved alternative staging regime"):
        threshold("asr.requirements", date(2025, 7, 1), "vehicle_rvc")


def test_fixed_values_and_text_only_entries_answer_as_the_text_allows() -> None:
    assert threshold("steel_aluminum.purchase_share", date(2021, 1, 1)).percent_min == 70
    light_and_heavy = threshold("lvc.light_and_heavy_truck", date(2030, 1, 1))
    assert light_and_heavy.lvc_total == 45
    with pytest.raises(ThresholdError, match="no figure"):
        threshold("lvc.formula", date(2025, 1, 1))
    with pytest.raises(ThresholdError, match="no threshold"):
        threshold("rvc.nonsense", date(2025, 1, 1))


def test_both_methods_of_a_rule_are_given_as_alternatives_in_one_value() -> None:
    found: Figures = threshold("rvc.vehicle.8703.10", date(2025, 1, 1))
    assert (found.transaction_value, found.net_cost) == (Decimal(60), Decimal(50))


# --- the pack files ---------------------------------------------------------------------


def _pack_text(name: str) -> str:
    root = resources.files("maquila.law") / "usmca" / "automotive"
    return (root / name).read_text(encoding="utf-8")


def test_the_pack_yaml_is_exactly_what_the_build_tool_writes(
    automotive_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(TOOLS))
    tool = importlib.import_module("build_automotive_pack")
    tool.build(automotive_dir, tmp_path)
    for name in ("tables.yaml", "thresholds.yaml"):
        assert (tmp_path / name).read_text(encoding="utf-8") == _pack_text(name), name


def test_an_unknown_key_or_a_malformed_code_in_the_pack_is_refused_at_load() -> None:
    tables, thresholds = _pack_text("tables.yaml"), _pack_text("thresholds.yaml")
    typo = tables.replace("  - row: 1\n", "  - row: 1\n    colour: red\n", 1)
    with pytest.raises(PackError, match=r"tables\.yaml: .*colour.*Extra inputs"):
        load_texts(typo, thresholds)
    bad_code = tables.replace("- '8407.31'", "- '8407.3'", 1)
    with pytest.raises(PackError, match="not a tariff code"):
        load_texts(bad_code, thresholds)
    overlap = thresholds.replace("overlap_as_printed: true", "overlap_as_printed: false", 1)
    with pytest.raises(PackError, match="phases of the schedule overlap"):
        load_texts(tables, overlap)
