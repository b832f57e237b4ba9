"""A passenger vehicle, light truck or heavy truck of Part 6: the standard requirements
(ss. 13-18, maquila.auto.vehicle_standard) or, under an alternative staging regime the
CUSMA countries approved (``regime: alternative_staging``), s. 19 (maquila.auto.staging),
which builds on the standard ones: this module chooses, so neither imports the other
back."""

from __future__ import annotations

from maquila.auto.staging import determine as alternative_staging
from maquila.auto.vehicle_standard import StagingApproval as StagingApproval
from maquila.auto.vehicle_standard import VehicleRequest as VehicleRequest
from maquila.auto.vehicle_standard import VehicleResult as VehicleResult
from maquila.auto.vehicle_standard import standard
from maquila.law.automotive import AutomotivePack, pack


def determine(request: VehicleRequest, *, law: AutomotivePack | None = None) -> VehicleResult:
    """The vehicle on the figures of ``law`` (default: the shipped pack), one pack for every
    requirement."""
    law = law or pack()
    if request.regime == "alternative_staging":
        return alternative_staging(request, law=law)
    return standard(request, law=law)
