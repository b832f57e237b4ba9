"""The one base of every input model (issue 12): unknown keys are errors and a model,
once validated, cannot be changed. The CLI, the REST API and the Python API validate
through the same models, so they refuse exactly the same inputs."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
