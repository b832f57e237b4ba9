"""Pedimento claves and their effect on the ledger, read from ledger/data/claves.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

Effect = Literal["lot", "discharge", "none"]


@dataclass(frozen=True)
class Clave:
    code: str
    effects: dict[int, Effect]  # operation (1 import, 2 export) -> effect
    citation: str
    what: str


@cache
def claves() -> dict[str, Clave]:
    text = resources.files("maquila.ledger").joinpath("data/claves.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return {
        code: Clave(
            code,
            {int(k): v for k, v in entry.items() if isinstance(k, int)},
            entry["citation"],
            entry["what"],
        )
        for code, entry in raw["claves"].items()
    }


def effect(code: str, operation: int) -> Effect | None:
    """The clave's effect for that side, or None when the ledger does not know it."""
    clave = claves().get(code)
    return None if clave is None else clave.effects.get(operation)
