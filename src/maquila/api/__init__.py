"""REST API over the determinations (a thin adapter: no business logic, DESIGN.md)."""

from maquila.api.app import create_app

__all__ = ["create_app"]
