"""The request: one good, its bill of materials and the facts, as users write it.

Documented in docs/request-format.md. The parts are strict models
(maquila.origin.request_model); the whole request is then checked against the law's own
definitions (maquila.origin.request_checks): impossible figures, contradictory facts,
facts the engine never asks and BOM cycles are refused here, with their JSON paths, so the
CLI, the REST API and the catalog batch refuse the same inputs.
"""

from __future__ import annotations

from pydantic import model_validator

from maquila.origin.request_checks import refuse_inconsistent
from maquila.origin.request_model import (
    LIMIT,
    Accumulation,
    Country,
    ExcludedCosts,
    Facts,
    Good,
    HSText,
    Material,
    NonNegative,
    Positive,
    RequestData,
    Transit,
)

__all__ = [
    "LIMIT",
    "Accumulation",
    "Country",
    "ExcludedCosts",
    "Facts",
    "Good",
    "HSText",
    "Material",
    "NonNegative",
    "Positive",
    "Request",
    "Transit",
]


class Request(RequestData):
    """A whole request, consistent with the law's definitions (or refused)."""

    @model_validator(mode="after")
    def _consistent_with_the_law(self) -> Request:
        refuse_inconsistent(self)
        return self
