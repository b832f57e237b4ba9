"""Read printed rule records and write a pack's chapter files (the edges of compile)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from maquila.hs.codes import Level
from maquila.law.model import Rule

_LEVEL_KEYS = ("level",)
HEADER = (
    "# USMCA Annex 4-B as printed in HTSUS General Note 11 -- compiled by\n"
    "# `maquila rules compile` from the printed wording; the wording users see is\n"
    "# rendered from this structure (src/maquila/law/render.py).\n"
)


def read_records(path: Path) -> list[dict[str, Any]]:
    """JSON Lines with chapter, rule, scope, text (and optional sources)."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
        missing = [k for k in ("chapter", "rule", "scope", "text") if k not in record]
        if missing:
            raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
        records.append(record)
    return records


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in _LEVEL_KEYS and isinstance(item, int):
                out[key] = Level(item).name.lower()
            else:
                out[key] = _plain(item)
        return out
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def rule_data(rule: Rule) -> dict[str, Any]:
    data = rule.model_dump(mode="json", exclude_defaults=True, exclude={"chapter"}, by_alias=True)
    return {"rule": data.pop("rule"), **_plain(data)}


def write_pack(rules: list[Rule], folder: Path) -> list[Path]:
    by_chapter: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_chapter[rule.chapter].append(rule)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for chapter, chapter_rules in sorted(by_chapter.items()):
        path = folder / f"{chapter}.yaml"
        body = {"chapter": chapter, "rules": [rule_data(r) for r in chapter_rules]}
        text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(HEADER + text, encoding="utf-8")
        written.append(path)
    return written
