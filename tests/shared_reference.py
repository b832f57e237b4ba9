"""Where the legal reference texts are: ``../shared/reference`` beside the checkout.

They are test oracles, never shipped. A fresh clone without ``../shared`` runs the tests
that need them as skipped, with the reason; CI sets ``MAQUILA_REQUIRE_REFERENCE=1`` so a
missing reference there is a failure, not a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"


def reference(*parts: str) -> Path:
    """The reference path, or skip the calling module or test (fail when required)."""
    path = SHARED_REFERENCE.joinpath(*parts)
    if path.exists():
        return path
    reason = f"needs the legal reference {path} (../shared beside the checkout)"
    if os.environ.get("MAQUILA_REQUIRE_REFERENCE") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)
