"""Shared fixtures. Reference files are read at ../shared (test oracles, never shipped)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared_reference import SHARED_REFERENCE, reference

REFERENCE = SHARED_REFERENCE


def _require(path: Path) -> Path:
    return reference(*path.relative_to(REFERENCE).parts)


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return _require(REFERENCE)


@pytest.fixture(scope="session")
def psr_reference() -> dict[tuple[str, str], dict[str, Any]]:
    path = _require(REFERENCE / "usmca" / "psr_rules.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {(r["chapter"], r["rule"]): r for r in records}


@pytest.fixture(scope="session")
def ur_examples() -> dict[str, dict[str, Any]]:
    path = _require(REFERENCE / "usmca" / "ur_examples.json")
    return {e["id"]: e for e in json.loads(path.read_text(encoding="utf-8"))}


@pytest.fixture(scope="session")
def hs2017_reference() -> list[tuple[str, str, str]]:
    """The UN HS 2022 -> HS 2017 correlation: (HS 2022, HS 2017, relation) rows."""
    path = _require(REFERENCE / "hs" / "hs2022_hs2017.csv")
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    return [(r[0], r[1], r[2]) for r in rows if len(r) >= 3]
