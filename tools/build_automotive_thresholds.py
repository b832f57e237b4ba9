"""Thresholds half of tools/build_automotive_pack.py (SOR/2020-155, Part 6, ss. 12-20).

Turns the reference parameters.json into the pack's ``thresholds.yaml``: figures in the
pack's names (percent as exact decimals written as text), dated schedules, variants by
goods, use, country or subject, and the verbatim quotes. Every key of the reference is
either written or refused, so a change in the reference cannot be dropped silently.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

INSTRUMENT = "SOR/2020-155"

Json = dict[str, Any]

# Figures written as exact decimals (text in YAML); the others are whole numbers or dates.
DECIMALS = {
    "net_cost",
    "transaction_value",
    "percent",
    "percent_min",
    "lvc_total",
    "high_wage_material_and_labour_min",
    "high_wage_material_and_manufacturing_min",
    "technology_credit_max",
    "assembly_credit_max",
    "max_points",
    "points",
    "threshold_points",
    "rvc_floor",
    "amount",
}
RENAMED = {
    "filing_days_before_fiscal_year": "days_before_fiscal_year",
    "notice_days_before_fiscal_year": "days_before_fiscal_year",
    "notice_first_deadline": "first_deadline",
    "engines_84.07_84.08": "engines_min",
    "transmissions_8708.40": "transmissions_min",
    "advanced_battery_packs": "advanced_battery_packs_min",
}
WHOLE = {
    "contract_min_years",
    "new_plant_years",
    "refit_years",
    "refit_min_closure_months",
    "days_before_fiscal_year",
    "engines_min",
    "transmissions_min",
    "advanced_battery_packs_min",
}
GOOD_KEYS = {
    "motor vehicle for the transport of 15 or fewer persons": "15_or_fewer_persons",
    "motor vehicle for the transport of 16 or more persons": "16_or_more_persons",
    "any other good (not a passenger vehicle)": "other_good",
    "vehicle that is solely or principally for off-road use": "off_road",
}
TRANSITIONAL_TABLES = {
    "passenger_vehicle_light_truck_tables_A1_A2_B_C": ("A.1", "A.2", "B", "C"),
    "heavy_truck_tables_D_E": ("D", "E"),
}


def number(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, found {value!r}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def take(record: Json, used: set[str], key: str, default: Any = None) -> Any:
    used.add(key)
    return record.get(key, default)


def refuse_rest(record: Json, used: set[str], where: str) -> None:
    rest = sorted(set(record) - used)
    if rest:
        raise ValueError(f"{where}: keys the build does not know how to encode: {rest}")


def dump(data: object) -> str:
    return yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=96)


def source_block(ref: Json, in_force: str) -> Json:
    """The source block of a YAML file: the instrument and the consolidation read."""
    where = f"{ref['repository']} {ref['file']}" if "repository" in ref else ref["file"]
    return {
        "instrument": ref["instrument"],
        "file": where,
        "consolidation_current_to": day(ref["consolidation_current_to"]),
        "last_amended": day(ref["last_amended"]),
        "in_force": day(in_force[:10]),
    }


# --- thresholds ---------------------------------------------------------------------


def _figures(ref: Json, keys: set[str] | None = None) -> Json:
    """The figures of a phase or value, in the pack's names and number forms."""
    out: Json = {}
    for key, value in ref.items():
        if keys is not None and key not in keys:
            continue
        name = RENAMED.get(key, key)
        if name in DECIMALS:
            out[name] = number(value)
        elif name in WHOLE:
            out[name] = int(value)
        elif name == "first_deadline" or name == "period_start":
            out[name] = day(value)
        elif name in ("currency", "rule"):
            out[name] = value
        else:
            raise ValueError(f"not a figure the pack knows: {key!r}")
    return out


def _phase(ref: Json) -> Json:
    phase: Json = {"from": day(ref["from"]), "to": day(ref["to"])}
    rest = {k: v for k, v in ref.items() if k not in ("from", "to")}
    if "method_stated" in rest:
        # derived s. 13 schedules: the method the print names, or none ("percent")
        method = rest.pop("method_stated")
        percent = rest.pop("percent")
        rest[method or "percent"] = percent
    phase.update(_figures(rest))
    return phase


def _period(ref: Json) -> Json:
    out: Json = {"from": day(ref.get("from"))}
    to = ref.get("to")
    if to is not None and not to[:4].isdigit():
        out["to"], out["to_text"] = None, to
    else:
        out["to"] = day(to)
    if "as_printed" in ref:
        out["as_printed"] = ref["as_printed"]
    if "or" in ref:
        out["otherwise"] = ref["or"]
    refuse_rest(ref, {"from", "to", "as_printed", "or"}, "period")
    return out


def _overlaps(phases: list[Json]) -> bool:
    far = date.max
    return any(
        a["from"] <= (b["to"] or far) and b["from"] <= (a["to"] or far)
        for i, a in enumerate(phases)
        for b in phases[i + 1 :]
    )


def _variant(ref: Json) -> Json:
    hs = ref.get("hs", [])
    key = ",".join(hs)
    if ref.get("for_use_in"):
        key = "+".join(ref["for_use_in"])
    elif ref.get("good"):
        key += "/" + GOOD_KEYS[ref["good"]]
    out: Json = {"key": key}
    used = {"hs", "good", "for_use_in", "method", "schedule"}
    if hs:
        out["hs"] = hs
    if ref.get("good"):
        out["good"] = ref["good"]
    if ref.get("for_use_in"):
        out["for_use_in"] = ref["for_use_in"]
    if "schedule" in ref:
        out["schedule"] = [_phase(p) for p in ref["schedule"]]
        if ref.get("method") and not all(ref["method"] in p for p in ref["schedule"]):
            raise ValueError(f"variant {key}: method {ref['method']!r} not in its schedule")
    else:
        figures = {k: v for k, v in ref.items() if k not in used}
        out["value"] = _figures(figures)
    return out


def _scalar_value(ref: Json, used: set[str]) -> Json:
    keys = {
        k
        for k in ref
        if k not in used
        and (
            RENAMED.get(k, k) in DECIMALS | WHOLE or k in ("notice_first_deadline", "period_start")
        )
    }
    used |= keys
    value = _figures(ref, keys)
    condition = take(ref, used, "condition")
    if condition:
        value.update({k: day(v) for k, v in condition.items()})
    return value


def _threshold(ref: Json) -> Json:
    used = {
        "id",
        "group",
        "description",
        "source",
        "quote",
        "note",
        "hs",
        "vehicle_category",
        "vehicle_categories",
        "tables",
        "used_in",
        "transaction_value_condition",
    }
    out: Json = {"id": ref["id"], "group": ref["group"]}
    if ref["group"].endswith("_derived"):
        out["derived"] = True
    out["description"] = ref["description"]
    out["citation"] = f"{INSTRUMENT} {ref['source']}"
    if ref.get("hs"):
        out["hs"] = ref["hs"]
    if ref.get("vehicle_category"):
        out["vehicle_categories"] = [ref["vehicle_category"]]
    if ref.get("vehicle_categories"):
        out["vehicle_categories"] = ref["vehicle_categories"]
    if ref.get("tables"):
        out["tables"] = ref["tables"]
    if ref.get("transaction_value_condition"):
        out["transaction_value_condition"] = ref["transaction_value_condition"]
    value = _scalar_value(ref, used)
    values = take(ref, used, "values")
    if isinstance(values, list) and all(
        set(v) <= {"net_cost", "transaction_value"} for v in values
    ):
        # alternative methods of one rule ("60% under the transaction value method; or
        # 50% under the net cost method"): one value naming both methods
        take(ref, used, "alternatives")
        for alternative in values:
            value.update(_figures(alternative))
    elif isinstance(values, list):
        out["variants"] = [_variant(v) for v in values]
    elif isinstance(values, dict):  # wage rates by country
        out["variants"] = [{"key": country, "value": _figures(v)} for country, v in values.items()]
    if "value" in ref:
        value.update(_figures(take(ref, used, "value")))
    if ref.get("effective_from"):
        out["effective_from"] = day(take(ref, used, "effective_from"))
    if value:
        out["value"] = value
    capacity = take(ref, used, "capacity_min")
    if capacity:
        out["variants"] = [{"key": k, "value": _figures(v)} for k, v in capacity.items()]
    if "period" in ref:
        out["period"] = _period(take(ref, used, "period"))
    if "schedule" in ref:
        out["schedule"] = [_phase(p) for p in take(ref, used, "schedule")]
        if _overlaps(out["schedule"]):
            out["overlap_as_printed"] = True
    if ref["group"] == "alternative_staging_regime":
        out["variants"] = _staging_variants(ref, used)
        out["terms"] = {
            k: take(ref, used, k) for k in ("steel_aluminum_exemption", "core_parts_requirement")
        }
    transitional = [k for k in TRANSITIONAL_TABLES if k in ref]
    if transitional:
        out["variants"] = [
            {
                "key": k,
                "tables": list(TRANSITIONAL_TABLES[k]),
                "periods": [_period(p) for p in take(ref, used, k)],
            }
            for k in transitional
        ]
    if "options" in ref:
        out["options"] = take(ref, used, "options")
    if "initial_periods" in ref:
        out["periods"] = [_period(p) for p in take(ref, used, "initial_periods")]
        validity = take(ref, used, "validity")
        out["terms"] = {"validity": validity, "validity_months": _validity_months(validity)}
    if "categories" in ref:
        out["categories"] = [_size(c) for c in take(ref, used, "categories")]
    if ref.get("used_in"):
        out["used_in"] = ref["used_in"]
    if ref.get("quote"):
        quote = ref["quote"]
        out["quote"] = [quote] if isinstance(quote, str) else quote
    if ref.get("note"):
        out["note"] = ref["note"]
    refuse_rest(ref, used, ref["id"])
    return out


def _validity_months(validity: str) -> str:
    """s. 18(5): the months of the period whose certification is valid for as long again,
    read from the reference's own sentence (the build stops if the sentence changes)."""
    found = re.search(
        r"based on a (\d+)-month period is valid for the following \1 months", validity
    )
    if found is None:
        raise ValueError(
            f"s. 18(5) validity: no 'N-month period ... following N months' in {validity!r}"
        )
    return found.group(1)


def _staging_variants(ref: Json, used: set[str]) -> list[Json]:
    """s. 19(4): the requirements of the alternative staging regime, one per subject."""
    parts = dict(take(ref, used, "rvc_table_A1_parts"))
    condition = parts.pop("transaction_value_condition")
    battery_key = "lithium_ion_batteries_8507.60"
    batteries = parts.pop(battery_key)
    return [
        {
            "key": "vehicle_rvc",
            "value": {"net_cost": number(take(ref, used, "rvc_vehicle_net_cost"))},
        },
        {
            "key": "table_A1_parts_rvc",
            "tables": ["A.1"],
            "value": _figures(parts),
            "transaction_value_condition": condition,
            "terms": {battery_key: batteries},
        },
        {
            "key": "steel_purchases",
            "value": {"percent_min": number(take(ref, used, "steel_purchase_min_percent"))},
        },
        {
            "key": "aluminum_purchases",
            "value": {"percent_min": number(take(ref, used, "aluminum_purchase_min_percent"))},
        },
        {"key": "lvc", "value": _figures(take(ref, used, "lvc"))},
    ]


def _size(ref: Json) -> Json:
    out: Json = {"id": ref["id"]}
    for key in ("min_m3", "min_inclusive", "max_m3", "max_inclusive"):
        if key in ref:
            out[key] = ref[key] if key.endswith("inclusive") else number(ref[key])
    ft3 = ref["ft3"]
    out["ft3"] = ft3 if isinstance(ft3, list) else [ft3]
    refuse_rest(
        ref,
        {"id", "min_m3", "min_inclusive", "max_m3", "max_inclusive", "ft3"},
        f"size category {ref['id']}",
    )
    return out


def thresholds_text(parameters_json: Json) -> str:
    source = parameters_json["source"]
    header = {"source": source_block(source, source["in_force"])}
    parts = [
        "# USMCA automotive appendix: the thresholds and dated schedules of SOR/2020-155,\n"
        "# Part 6 (Canada's CUSMA Rules of Origin Regulations), each with its citation and,\n"
        "# where there is one, the verbatim `quote` it was read from.\n"
        "# Figures are percent (percentage points for LVC components) written as text so they\n"
        "# load as exact decimals. Where net_cost and transaction_value are both given they are\n"
        "# alternative methods; `percent` means the print names no method. A schedule phase\n"
        "# runs from `from` to `to`, both inclusive; `to: null` is open-ended.\n"
        "# Generated by tools/build_automotive_pack.py from\n"
        "# ../shared/reference/usmca/automotive/parameters.json: change the tool, not this file.\n",
        dump(header),
        "thresholds:\n",
    ]
    group = None
    for ref in parameters_json["parameters"]:
        if ref["group"] != group:
            group = ref["group"]
            parts.append(f"# --- {group} ---\n")
        parts.append(dump([_threshold(ref)]))
    return "".join(parts)
