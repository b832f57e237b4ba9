"""Build maquila's encoding of the USMCA automotive appendix (SOR/2020-155, Part 6).

Source: Part 6 (Automotive Goods) of Canada's CUSMA Rules of Origin Regulations,
SOR/2020-155, as laid out in ../shared/reference/usmca/automotive (tables.json and
parameters.json; read its README.md). The reference is a test oracle and is never
shipped: this tool writes the project's own encoding, which the package loads with
:mod:`maquila.law.automotive`:

* ``tables.yaml``: Tables A.1, A.2, B, C, D, E, F, G and S, as printed (misprints kept);
* ``thresholds.yaml``: the thresholds and dated schedules of ss. 12-20.

The s. 13 product-specific-rule table is not written here: it is a rule, kept with the
rules. Every key of the reference is either written or refused (an unknown key stops the
build), so a change in the reference cannot be dropped silently. The thresholds half
is in ``build_automotive_thresholds.py`` beside this file. Run from the repository root:

    python tools/build_automotive_pack.py ../shared/reference/usmca/automotive
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from build_automotive_thresholds import (
    INSTRUMENT,
    Json,
    dump,
    refuse_rest,
    source_block,
    take,
    thresholds_text,
)

OUT = Path("src/maquila/law/usmca/automotive")
TABLE_IDS = ("A.1", "A.2", "B", "C", "D", "E", "F", "G", "S")
TABLE_KINDS = {"A.2": "parts", "G": "components", "S": "metals"}


# Misprints and English/French differences the reference README records for a row
# (table, printed HS cell, words the description must hold, note). The build fails if the
# words are not there, so a note can never land on the wrong row.
ROW_NOTES: tuple[tuple[str, str, str, str], ...] = tuple(
    (
        table,
        "8407.31",
        "passenger vehicles of Chapter 87",
        "Kept as printed: 'passenger "
        "vehicles of Chapter 87', where the other 8407 rows say 'vehicles of Chapter 87'.",
    )
    for table in ("A.1", "D", "F")
) + (
    (
        "F",
        "8483.40",
        "speed changes",
        "Kept as printed: 'speed changes' (misprint recorded "
        "by the reference; HS heading 84.83 reads 'speed changers').",
    ),
    (
        "F",
        "8511.40",
        "compressing-ignition",
        "Kept as printed: 'compressing-ignition' (misprint for 'compression-ignition').",
    ),
    (
        "D",
        "8708.29",
        "bodies",
        "The English prints 8708.29 without 'ex'; the French prints "
        "'ex 8708.29'. Kept as printed in English.",
    ),
    (
        "D",
        "8708.99",
        "87.01 to 87.05",
        "The English prints 8708.99 without 'ex' and without "
        "'(excluding chassis frames)'; the French has both, so chassis frames are inside "
        "Table D in English and outside it in French (s. 15(4) catches heavy-truck chassis "
        "anyway). Kept as printed in English.",
    ),
)
PART_ROW_NOTES = {
    "Axle hubs": "The French lists a fifth HS entry (ex 8708.50 a second time); the "
    "English has four. Kept as printed in English.",
}
TABLE_NOTES = {
    "A.2": (
        "The 'part'/'component' role of each row is derived from the layout, not "
        "printed: the first row of each column-1 span gives the part's own description "
        "and HS subheadings, the following rows its components.",
    ),
    "F": (
        "Lettered items such as '8507.20.aa' are printed in place of tariff items: only the "
        "goods of the subheading that the description names are listed.",
    ),
    "S": (
        "Table S is two printed tables (steel and aluminum) whose rows are numbered "
        "separately. A row under a bold group heading belongs to that group.",
    ),
}


# --- tables -------------------------------------------------------------------------


def _code_row(table: str, ref: Json) -> Json:
    row = {
        "row": ref["row"],
        "hs": ref["hs"],
        "ex": ref["ex"],
        "codes": ref["hs_codes"],
        "description": ref["description"],
    }
    for note_table, hs, words, note in ROW_NOTES:
        if note_table == table and ref["hs"] == hs:
            if words not in ref["description"]:
                raise ValueError(f"Table {table} {hs}: expected {words!r} in the description")
            row["note"] = note
    refuse_rest(ref, {"row", "hs", "ex", "hs_codes", "hs_level", "description"}, table)
    return row


def _part_row(ref: Json) -> Json:
    row = {
        "row": ref["row"],
        "part": ref["column_1_part"],
        "role": ref["row_kind_derived"],
        "description": ref["column_2"],
        "hs": ref["hs_subheadings"],
        "ex": ref["ex"],
        "codes": ref["hs_codes"],
    }
    if ref["column_2"] in PART_ROW_NOTES:
        row["note"] = PART_ROW_NOTES[ref["column_2"]]
    known = {
        "row",
        "column_1_part",
        "column_1_spanned_from_row_above",
        "column_2",
        "hs_subheadings",
        "ex",
        "hs_codes",
        "row_kind_derived",
    }
    refuse_rest(ref, known, "A.2")
    return row


def _metal_row(ref: Json) -> Json:
    if ref["is_group_heading"]:
        row = {"row": ref["row"], "heading": True, "description": ref["description"]}
    else:
        row = {
            "row": ref["row"],
            "description": ref["description"],
            "hs": ref["hs"],
            "ex": ref["ex"],
            "codes": ref["hs_codes"],
        }
    known = {
        "row",
        "material",
        "group_heading",
        "description",
        "is_group_heading",
        "hs",
        "ex",
        "hs_codes",
    }
    refuse_rest(ref, known, "S")
    return row


def _component(ref: Json) -> Json:
    prefix = "Component: "
    if ref["component_as_printed"] != prefix + ref["component"]:
        raise ValueError(f"Table G item {ref['number']}: unexpected marginal note")
    refuse_rest(
        ref, {"number", "component_as_printed", "component", "hs_codes", "materials_text"}, "G"
    )
    return {
        "number": ref["number"],
        "component": ref["component"],
        "codes": ref["hs_codes"],
        "materials": ref["materials_text"],
    }


def _table(ref: Json) -> Json:
    table_id = ref["id"]
    kind = TABLE_KINDS.get(table_id, "codes")
    used: set[str] = {
        "id",
        "label",
        "title",
        "note",
        "vehicle_categories",
        "vehicle_categories_basis",
        "referenced_in",
        "row_count",
    }
    out: Json = {
        "id": table_id,
        "kind": kind,
        "label": ref["label"],
        "title": ref["title"],
        "citation": f"{INSTRUMENT}, Part 6, Table {table_id}",
    }
    if ref["note"] is not None:
        out["note"] = ref["note"]
    out["vehicle_categories"] = ref["vehicle_categories"]
    out["vehicle_categories_basis"] = ref["vehicle_categories_basis"]
    out["referenced_in"] = ref["referenced_in"]
    notes = list(TABLE_NOTES.get(table_id, ()))
    dropped = take(ref, used, "empty_rows_dropped", 0)
    if dropped:
        rows = "One empty row" if dropped == 1 else f"{dropped} empty rows"
        notes.append(f"{rows} at the end of the printed table omitted.")
    for key in ("format_note", "groups_derived_note"):
        if take(ref, used, key):
            notes.append(ref[key])
    take(ref, used, "groups_derived")  # derived from the rows (PartsTable.groups)
    if notes:
        out["notes"] = notes
    if kind == "codes":
        out["columns"] = take(ref, used, "columns")
        out["rows"] = [_code_row(table_id, row) for row in take(ref, used, "rows")]
    elif kind == "parts":
        out["header_rows"] = take(ref, used, "header_rows")
        out["columns"] = take(ref, used, "columns")
        out["rows"] = [_part_row(row) for row in take(ref, used, "rows")]
    elif kind == "metals":
        out["subtables"] = [
            {
                "material": sub["material"],
                "columns": sub["columns"],
                "rows": [_metal_row(row) for row in sub["rows"]],
            }
            for sub in take(ref, used, "subtables")
        ]
    else:
        take(ref, used, "columns")
        out["items"] = [_component(item) for item in take(ref, used, "items")]
    refuse_rest(ref, used, f"Table {table_id}")
    return out


def tables_text(tables_json: Json, in_force: str) -> str:
    by_id = {table["id"]: table for table in tables_json["tables"]}
    header = {"vintage": "HS2012", "source": source_block(tables_json["source"], in_force)}
    parts = [
        "# USMCA automotive appendix: the tables of SOR/2020-155, Part 6 (Canada's CUSMA Rules\n"
        "# of Origin Regulations), Tables A.1, A.2, B, C, D, E, F, G and S, as printed\n"
        "# (misprints kept; notes say where the reference records one).\n"
        "# Codes are HS 2012: the tables' column head reads 'Harmonized system 2012'.\n"
        "# `codes` are the printed HS entries read as codes or ranges ('8482.10-8482.80');\n"
        "# `ex` marks entries printed 'ex' (only the goods described are listed).\n"
        "# Generated by tools/build_automotive_pack.py from\n"
        "# ../shared/reference/usmca/automotive/tables.json: change the tool, not this file.\n",
        dump(header),
        "tables:\n",
    ]
    for table_id in TABLE_IDS:
        table = _table(by_id[table_id])
        parts.append(f"# {table['label']} -- {table['title']}\n")
        parts.append(dump([table]))
    return "".join(parts)


# --- output -------------------------------------------------------------------------


def build(reference: Path, out: Path) -> None:
    """Write tables.yaml and thresholds.yaml into ``out`` from the reference folder."""
    tables_json = json.loads((reference / "tables.json").read_text(encoding="utf-8"))
    parameters_json = json.loads((reference / "parameters.json").read_text(encoding="utf-8"))
    in_force = parameters_json["source"]["in_force"]
    out.mkdir(parents=True, exist_ok=True)
    (out / "tables.yaml").write_text(tables_text(tables_json, in_force), encoding="utf-8")
    (out / "thresholds.yaml").write_text(thresholds_text(parameters_json), encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]), OUT)
