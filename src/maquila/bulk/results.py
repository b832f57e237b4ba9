"""One results row per good, the merged questionnaire and the summary by chapter."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from maquila.origin.alternatives import TARIFF_SHIFT
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
        if step.kind == TARIFF_SHIFT and step.outcome == "not met":
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


@dataclass
class Questionnaire:
    """Every missing fact across a catalog, merged by key, with the goods each settles;
    partial questionnaires (one per batch) merge into one."""

    entries: dict[str, tuple[str, str, dict[str, None]]] = field(default_factory=dict)

    def add(self, part: str, facts: Iterable[tuple[str, str, str]]) -> None:
        for key, question, rule in facts:
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = (question, rule, {})
            entry[2].setdefault(part, None)

    def merge(self, other: Questionnaire) -> None:
        for key, (question, rule, goods) in other.entries.items():
            entry = self.entries.get(key)
            if entry is None:
                self.entries[key] = (question, rule, dict(goods))
            else:
                for part in goods:
                    entry[2].setdefault(part, None)

    def ordered(self) -> list[Question]:
        """Most goods settled first."""
        items = sorted(self.entries.items(), key=lambda kv: (-len(kv[1][2]), kv[0]))
        return [Question(key, q, rule, tuple(goods)) for key, (q, rule, goods) in items]


def questionnaire(items: Iterable[tuple[str, list[tuple[str, str, str]]]]) -> list[Question]:
    """The merged questionnaire of ``(part, asked(...))`` per good."""
    merged = Questionnaire()
    for part, facts in items:
        merged.add(part, facts)
    return merged.ordered()


def summary(table: pl.DataFrame) -> dict[str, Counter[str]]:
    """Goods by chapter and status (and "all")."""
    by_chapter: dict[str, Counter[str]] = defaultdict(Counter)
    counts = (
        table.select(
            pl.col("hs_code")
            .fill_null("")
            .str.replace_all(".", "", literal=True)
            .str.slice(0, 2)
            .alias("chapter"),
            "status",
        )
        .group_by("chapter", "status")
        .len()
    )
    for chapter, status, n in counts.iter_rows():
        by_chapter[chapter][status] += n
        by_chapter["all"][status] += n
    return dict(by_chapter)
