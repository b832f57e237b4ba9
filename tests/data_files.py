"""Reading the tests' own data files (YAML mappings: cases, chapters, worked examples)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def load_mapping(path: Path) -> dict[str, Any]:
    """The YAML file as a mapping (a data file of another shape is a broken test)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data
