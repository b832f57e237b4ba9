"""The automotive calculations as one table: for each, its name (the command ``maquila auto
NAME`` and the endpoint ``POST /auto/NAME``), the request model, the function that decides
it and its two renderings (maquila.auto.views).

``decide(request)`` runs on the shipped Part 6 pack; ``decide(request, law=other)`` runs
that one call, every calculation inside it included, on another
(:class:`maquila.law.automotive.AutomotivePack`, e.g. from ``load_texts``).

The CLI and the REST API are both built from this table, so a calculation has one door
whatever the client: the same model refuses the same input, the same function decides and
the same renderer answers. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from maquila.auto.averaging.result import Averaged
from maquila.auto.averaging.run import AveragingFile
from maquila.auto.averaging.run import run as run_averaging
from maquila.auto.core_parts import CorePartsRequest
from maquila.auto.core_parts import evaluate as evaluate_core
from maquila.auto.lvc import LvcRequest, calculate
from maquila.auto.other_vehicles import OtherVehicleRequest
from maquila.auto.other_vehicles import determine as determine_other
from maquila.auto.parts import PartRequest
from maquila.auto.parts import determine as determine_part
from maquila.auto.steel import SteelRequest, evaluate
from maquila.auto.vehicle import VehicleRequest
from maquila.auto.vehicle import determine as determine_vehicle
from maquila.auto.views import (
    core_parts_dict,
    core_parts_text,
    lvc_dict,
    lvc_text,
    other_vehicle_dict,
    other_vehicle_text,
    part_dict,
    part_text,
    steel_dict,
    steel_text,
    vehicle_dict,
    vehicle_text,
)
from maquila.law.automotive import AutomotivePack


class Decided(Protocol):
    @property
    def status(self) -> str: ...


M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=Decided)
M_contra = TypeVar("M_contra", bound=BaseModel, contravariant=True)
R_co = TypeVar("R_co", covariant=True)


class Run(Protocol[M_contra, R_co]):
    """A calculation's entry point: a request, and the pack to read (None: the shipped one)."""

    def __call__(self, request: M_contra, *, law: AutomotivePack | None = ...) -> R_co: ...


class Decide(Protocol):
    """A request of the calculation's model -> its answer, on ``law`` (None: the shipped
    pack)."""

    def __call__(self, request: Any, law: AutomotivePack | None = None) -> Answer: ...


@dataclass(frozen=True)
class Answer:
    """A decided calculation: the JSON object, the text lines, the status and whether it
    carries findings (maquila.verdict.exit_code reads the last two)."""

    data: dict[str, Any]
    text: list[str]
    status: str
    findings: bool = False


@dataclass(frozen=True)
class Calculation:
    name: str
    model: type[BaseModel]
    decide: Decide  # a request of ``model`` (and a pack) -> its answer
    summary: str  # the endpoint's summary and the command's first line of help
    reads: str  # what the command's FILE holds
    exits: str  # the command's exit codes, after the summary


def _answer(
    run: Run[M, R],
    as_dict: Callable[[M, R], dict[str, Any]],
    as_text: Callable[[M, R], list[str]],
) -> Decide:
    def decide(request: M, law: AutomotivePack | None = None) -> Answer:
        result = run(request, law=law)
        return Answer(as_dict(request, result), as_text(request, result), str(result.status))

    return decide


def _lvc(request: LvcRequest, law: AutomotivePack | None = None) -> Answer:
    result = calculate(request, law=law)
    data = lvc_dict(result)
    return Answer(data, lvc_text(result), data["status"])


def _average(request: AveragingFile, law: AutomotivePack | None = None) -> Answer:
    result: Averaged = run_averaging(request, law=law)
    return Answer(result.as_dict(), result.text(), result.status, bool(result.all_findings()))


_DECIDED = "exit 0 decided, 2 undetermined."
CALCULATIONS: tuple[Calculation, ...] = (
    Calculation(
        "lvc", LvcRequest, _lvc, "Labor value content of a vehicle (SOR/2020-155 s. 18)",
        "LVC data (YAML or JSON; docs/automotive.md).", "exit 0 met or not met, 2 undetermined.",
    ),
    Calculation(
        "steel", SteelRequest, _answer(evaluate, steel_dict, steel_text),
        "Steel and aluminum purchase requirement (SOR/2020-155 s. 17)",
        "Steel and aluminum purchases (YAML or JSON).", _DECIDED,
    ),
    Calculation(
        "core-parts", CorePartsRequest, _answer(evaluate_core, core_parts_dict, core_parts_text),
        "Core parts of Table A.2 (SOR/2020-155 s. 14(4)-(13))",
        "Core parts of a vehicle (YAML or JSON).", _DECIDED,
    ),
    Calculation(
        "vehicle", VehicleRequest, _answer(determine_vehicle, vehicle_dict, vehicle_text),
        "A vehicle against every requirement of Part 6",
        "A vehicle's data (YAML or JSON).", _DECIDED,
    ),
    Calculation(
        "part", PartRequest, _answer(determine_part, part_dict, part_text),
        "A part for use in a vehicle or aftermarket (ss. 14-15)",
        "An automotive part (YAML or JSON).", _DECIDED,
    ),
    Calculation(
        "average", AveragingFile, _average, "Averaging (SOR/2020-155 s. 16, s. 18(15)-(19))",
        "An averaging election and figures (YAML, JSON).",
        "exit 0 decided, 2 undetermined or with findings.",
    ),
    Calculation(
        "other-vehicle", OtherVehicleRequest,
        _answer(determine_other, other_vehicle_dict, other_vehicle_text),
        "Other vehicles and their parts (s. 20), 8703.10, 87.06/87.07",
        "Another vehicle, or a part for one (YAML/JSON).", _DECIDED,
    ),
)  # fmt: skip
