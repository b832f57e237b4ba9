"""One averaging file, three calculations: the averaged RVC of vehicles (s. 16), the
averaged LVC of vehicles (s. 18(15)-(19)) or the averaged RVC of a part (s. 16(10)-(11)).

The file names what it averages by its one top-level key, so a message about bad data
points at the real path (``$.vehicle_rvc.vehicles[2].units``).
"""

from __future__ import annotations

from pydantic import model_validator

from maquila.auto.averaging.lvc import LvcAveraging, average_lvc
from maquila.auto.averaging.parts import PartsAveraging, average_parts
from maquila.auto.averaging.result import Averaged
from maquila.auto.averaging.vehicles import RvcAveraging, average_rvc
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict


class AveragingFile(Strict):
    vehicle_rvc: RvcAveraging | None = None
    vehicle_lvc: LvcAveraging | None = None
    parts: PartsAveraging | None = None

    @model_validator(mode="after")
    def _one(self) -> AveragingFile:
        given = [k for k in ("vehicle_rvc", "vehicle_lvc", "parts") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of vehicle_rvc, vehicle_lvc, parts (found {given or 'none'})"
            )
        return self


def run(request: AveragingFile, *, law: AutomotivePack | None = None) -> Averaged:
    """The averaging the file names, on the figures of ``law`` (default: the shipped pack)."""
    law = law or pack()
    if request.vehicle_rvc is not None:
        return average_rvc(request.vehicle_rvc, law=law)
    if request.vehicle_lvc is not None:
        return average_lvc(request.vehicle_lvc, law=law)
    assert request.parts is not None
    return average_parts(request.parts, law=law)
