"""Origin determinations for one good (USMCA Chapter 4)."""

from maquila.origin.engine import determine
from maquila.origin.request import Request
from maquila.origin.result import Determination, Status

__all__ = ["Determination", "Request", "Status", "determine"]
