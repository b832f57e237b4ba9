"""What the record readers share: the pedimento being read (between its 500 and its
800) and the problems of the file, declared here so that maquila.ledger.archivo_m.reader
calls heads and partidas without their importing it back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from maquila.ledger.records import LineRecord, PedimentoRecord
from maquila.verdict import Problem


class Problems(Protocol):
    """Where a record reader reports a located problem (the file's reader)."""

    problems: list[Problem]

    def problem(self, line: int, name: str, value: str, expected: str) -> None: ...


@dataclass
class Open:
    """A pedimento between its 500 and its 800."""

    line: int
    movement: str
    patente: str
    numero: str
    aduana: str
    acuse: str | None
    record: PedimentoRecord
    dates: dict[str, date] = field(default_factory=dict)
    partidas: dict[int, LineRecord] = field(default_factory=dict)
    partida_refs: list[tuple[int, int]] = field(default_factory=list)  # (line, secuencia)
    original: tuple[str, date] | None = None  # 701: the rectified pedimento's suffix, date
