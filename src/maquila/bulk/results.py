"""One results row per good, the merged questionnaire and the summary by chapter."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from maquila.origin.request import Request
from maquila.origin.result import Determination
from maquila.origin.values import shown

RESULT_COLUMNS = (
    "part_number",
    "hs_code",
    "status",
    "criterion",
    "rule_id",
    "alternative",
    "rvc_tv_percent",
    "rvc_tv_threshold",
    "rvc_tv_margin",
    "rvc_nc_percent",
    "rvc_nc_threshold",
    "rvc_nc_margin",
    "blocking_materials",
    "missing_facts",
    "reasons",
    "vintage",
    "rule_source",
)


def result_row(part: str, request: Request, result: Determination) -> dict[str, Any]:
    row: dict[str, Any] = {column: None for column in RESULT_COLUMNS}
    row.update(
        part_number=part,
        hs_code=request.good.hs,
        status=result.status.value,
        criterion=result.criterion,
        alternative=result.alternative,
        vintage=f"goods {result.vintage.get('good', '')}; rules {result.vintage.get('rules', '')}",
    )
    if result.rule is not None:
        row["rule_id"] = result.rule.id
        row["rule_source"] = result.rule.citation
    for method in result.rvc:
        prefix = "rvc_tv" if method.method == "transaction_value" else "rvc_nc"
        row[f"{prefix}_percent"] = shown(method.percent, "0.001")
        row[f"{prefix}_threshold"] = None if method.threshold is None else str(method.threshold)
        row[f"{prefix}_margin"] = None if method.margin is None else shown(method.margin, "0.001")
    row["blocking_materials"] = "; ".join(_blocking(request, result))
    row["missing_facts"] = "; ".join(m.key for m in result.missing)
    row["reasons"] = "; ".join(result.reasons)
    return row


_MATERIAL_PATH = re.compile(r"^materials\[(\d+)\]")


def _material_id(request: Request, key: str) -> str | None:
    found = _MATERIAL_PATH.match(key)
    if not found:
        return None
    index = int(found.group(1))
    return request.materials[index].id if index < len(request.materials) else None


def _blocking(request: Request, result: Determination) -> list[str]:
    ids = []
    for step in result.trace:
        if step.step.startswith("tariff shift:") and step.outcome == "not met":
            ident = step.detail.get("material")
            if ident and ident not in ids:
                ids.append(str(ident))
    return ids


@dataclass(frozen=True)
class Question:
    key: str
    question: str
    rule: str
    goods: tuple[str, ...]


def asked(request: Request, result: Determination) -> list[tuple[str, str, str]]:
    """The good's missing facts as (key, question, rule); a fact about a material
    (``materials[3].hs``) is keyed by the material's part number, since one answer
    serves every good that uses it."""
    out = []
    for missing in result.missing:
        material = _material_id(request, missing.key)
        key = missing.key
        question = missing.question
        if material is not None:
            key = f"material {material}: " + _MATERIAL_PATH.sub("", missing.key).lstrip(".")
            path = _MATERIAL_PATH.match(missing.key)
            if path is not None:
                question = question.replace(path.group(0), f"material {material}")
        out.append((key, question, missing.rule))
    return out


def questionnaire(items: Iterable[tuple[str, list[tuple[str, str, str]]]]) -> list[Question]:
    """Every missing fact across the catalog (``(part, asked(...))`` per good), merged,
    most goods settled first."""
    merged: dict[str, dict[str, Any]] = {}
    for part, facts in items:
        for key, question, rule in facts:
            entry = merged.setdefault(key, {"question": question, "rule": rule, "goods": {}})
            entry["goods"].setdefault(part, None)
    ordered = sorted(merged.items(), key=lambda kv: (-len(kv[1]["goods"]), kv[0]))
    return [Question(key, e["question"], e["rule"], tuple(e["goods"])) for key, e in ordered]


def summary(rows: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    by_chapter: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        chapter = (row["hs_code"] or "").replace(".", "")[:2]
        by_chapter[chapter][row["status"]] += 1
        by_chapter["all"][row["status"]] += 1
    return dict(by_chapter)
