"""Derived LVC figures for tests: net cost 10,000, so every 100 of HWLC + HWM is one point;
direct production wages 1,000,000, so every 10,000 of R&D and IT wages is one point."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from maquila.auto.lvc import LvcRequest


def lvc_figures(high: Decimal, tech: Decimal, engines: int | None) -> dict[str, Any]:
    """The LVC fields for ``high`` high-wage points and ``tech`` technology points, with an
    assembly plant the producer operates of ``engines`` capacity (None: no plant)."""
    figures: dict[str, Any] = {
        "method": "net_cost",
        "net_cost": "10000",
        "high_wage_labour": "0",
        "high_wage_materials": str(high * 100),
        "technology": {"rd_it_wages": str(tech * 10000), "direct_production_wages": "1000000"},
    }
    if engines is not None:
        figures["assembly"] = {
            "plant": "p",
            "operated_by_producer": True,
            "engines_capacity": engines,
        }
    return figures


def lvc_request(
    category: str, on: date, high: Decimal, tech: Decimal, engines: int | None
) -> LvcRequest:
    return LvcRequest.model_validate(
        {
            "producer": "derived case",
            "vehicle": "v",
            "category": category,
            "date": on.isoformat(),
            **lvc_figures(high, tech, engines),
        }
    )
