"""Values the law measures against: adjusted transaction value, total cost, net cost.

USMCA Art. 4.5 / 19 U.S.C. 4531(d)(2)-(3): RVC = (base - VNM) / base x 100, where the
transaction value is "adjusted to exclude any costs incurred in the international
shipment of the good" (UR s. 1(1)) and net cost is total cost minus sales promotion,
marketing and after-sales service costs, royalties, shipping and packing costs and
non-allowable interest (19 U.S.C. 4531(a)(8)).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from maquila.origin.request import Good

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Bases:
    transaction_value: Decimal | None
    net_cost: Decimal | None
    total_cost: Decimal | None
    arithmetic: dict[str, str]


def bases(good: Good) -> Bases:
    notes: dict[str, str] = {}
    tv = None
    if good.transaction_value is not None:
        tv = good.transaction_value - good.international_shipment_costs
        notes["transaction_value_adjusted"] = (
            f"{good.transaction_value} - {good.international_shipment_costs} "
            f"(international shipment costs) = {tv}"
        )
    total = good.total_cost
    net = good.net_cost
    if net is None and total is not None and good.excluded_costs is not None:
        excluded = good.excluded_costs.total()
        net = total - excluded
        notes["net_cost"] = f"{total} (total cost) - {excluded} (excluded costs) = {net}"
    elif net is not None:
        notes["net_cost"] = f"{net} (given)"
    return Bases(tv, net, total, notes)


def percent(base: Decimal, vnm: Decimal) -> Decimal:
    """(base - VNM) / base x 100, kept exact; rounding is only for display."""
    return (base - vnm) / base * HUNDRED


def shown(value: Decimal, places: str = "0.01") -> str:
    return str(value.quantize(Decimal(places), rounding=ROUND_HALF_UP))
