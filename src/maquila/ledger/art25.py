"""USMCA Article 2.5: the Mexican duty on the non-originating temporary materials a return
to the United States or Canada consumed (pure; the figures come from the discharge).

For each return: the materials the posted discharge allocated to it, with their origin
(a material is USMCA-originating only on evidence: the supplier certification recorded on
its import line; without it, non-originating, as the report says); the duty on each
non-originating one at the rate chosen (general TIGIE, PROSEC, Regla Octava or another
agreement's preferential rate; rates are inputs, dated, taken on the material's entry
date); the duty paid at destination; the amount payable, the law's "lesser of"
(payable = duty owed - min(duty owed, duty paid at destination)); the 60-day deadline
and the payment vehicle. Law: ledger/data/art25.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml

from maquila.verdict import Figure, Missing

CENTS = Decimal("0.01")
PESO = Decimal("1")


@cache
def law() -> dict[str, Any]:
    text = resources.files("maquila.ledger").joinpath("data/art25.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@dataclass(frozen=True)
class Rate:
    fraccion: str
    basis: str
    percent: Decimal
    valid_from: date
    valid_to: date | None
    reference: str = ""

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Consumed:
    """A quantity of one lot a return consumed (from a posted allocation)."""

    lot_id: int
    part: str
    fraccion: str
    quantity: Decimal
    value_mxn: Decimal | None  # the lot's customs value, pro rata
    origin_country: str | None
    certificate: str | None  # evidence of USMCA origin
    entered: date
    component: str

    @property
    def originating(self) -> bool:
        return bool(self.certificate)


@dataclass(frozen=True)
class Return:
    exit_id: int
    pedimento: str
    secuencia: int
    part: str
    on: date
    destination: str | None
    exchange_rate: Decimal | None
    st_identifier: bool  # identifier ST on the return pedimento
    destination_duty: Decimal | None  # in MXN
    destination_entry: str | None
    # proof in USD or CAD on a return pedimento that declares no exchange rate: the MXN
    # figure cannot be built (a missing rate is never zero)
    destination_unconverted: bool = False


@dataclass(frozen=True)
class MaterialDuty:
    consumed: Consumed
    rate: Rate | None
    duty_mxn: Decimal | None  # None: the rate or the value is missing
    note: str


@dataclass
class Art25:
    ret: Return
    status: Figure
    lines: list[MaterialDuty] = field(default_factory=list)
    duty_owed: Decimal = Decimal(0)
    relief: Decimal = Decimal(0)
    payable: Decimal = Decimal(0)
    due_by: date | None = None
    vehicle: str = ""
    notes: list[str] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


def _rate(rates: list[Rate], fraccion: str, basis: str, on: date) -> Rate | None:
    found = [r for r in rates if r.fraccion == fraccion and r.basis == basis and r.in_force(on)]
    return found[0] if len(found) == 1 else None


def compute(ret: Return, consumed: list[Consumed], rates: list[Rate], basis: str) -> Art25:
    rules = law()
    result = Art25(ret, Figure.COMPUTED)
    if (ret.destination or "").upper() not in rules["parties"]:
        result.status = Figure.NOT_APPLICABLE
        result.notes.append(f"destination {ret.destination or 'unknown'} is not another Party")
        return result
    if consumed and all(c.component == "directo" for c in consumed):
        result.status = Figure.UNDETERMINED
        question = (
            "the treatment of a good exported in the same condition: NAFTA Art. 303(6)(b) "
            "excluded it; the USMCA provision was not verified (ledger/data/art25.yaml)"
        )
        result.missing.append(_asked(f"returns[{ret.pedimento}].same_condition", question))
        return result
    for item in consumed:
        result.lines.append(_material(item, rates, basis, result))
    result.duty_owed = sum((x.duty_mxn or Decimal(0) for x in result.lines), Decimal(0))
    result.due_by = ret.on + timedelta(days=int(rules["deadline_days"]))
    result.vehicle = (
        "paid in the return pedimento (identifier ST)"
        if ret.st_identifier
        else f"complementary pedimento (clave CT) by {result.due_by.isoformat()}"
    )
    if ret.destination_unconverted:
        question = (
            "the exchange rate of the return pedimento, to convert the duty paid at "
            f"destination (entry {ret.destination_entry}) into MXN"
        )
        result.missing.append(_asked(f"returns[{ret.pedimento}].exchange_rate", question))
    if ret.destination_duty is None and not ret.destination_unconverted:
        result.notes.append(
            "no proof of the duty paid at destination yet: the whole duty is payable unless it "
            f"is presented by {result.due_by.isoformat()} ({rules['deadline_citation']})"
        )
        destination = Decimal(0)
    else:
        destination = ret.destination_duty or Decimal(0)  # unconverted: undetermined below
    result.relief = min(result.duty_owed, destination.quantize(CENTS, rounding=ROUND_HALF_UP))
    result.payable = (result.duty_owed - result.relief).quantize(PESO, rounding=ROUND_HALF_UP)
    if result.missing:
        result.status = Figure.UNDETERMINED
    return result


def _asked(key: str, question: str) -> Missing:
    """A fact the Art. 2.5 duty of a return needs; its key names the ledger's record."""
    return Missing(key, question, str(law()["citation"]), "the Art. 2.5 duty of the return")


def _material(item: Consumed, rates: list[Rate], basis: str, result: Art25) -> MaterialDuty:
    if item.originating:
        return MaterialDuty(
            item, None, Decimal(0), f"USMCA-originating (certification {item.certificate})"
        )
    if item.component == "directo":
        question = f"lot {item.lot_id}: same-condition part of the return (see notes)"
        result.missing.append(_asked(f"lots[{item.lot_id}].component", question))
        return MaterialDuty(item, None, None, "exported in the same condition")
    rate = _rate(rates, item.fraccion, basis, item.entered)
    if rate is None:
        question = (
            f"the {basis} rate of fracción {item.fraccion} in force on {item.entered.isoformat()}"
        )
        result.missing.append(_asked(f"rates[{item.fraccion}].{basis}", question))
        return MaterialDuty(item, None, None, "rate missing")
    if item.value_mxn is None:
        question = f"the customs value of lot {item.lot_id}"
        result.missing.append(_asked(f"lots[{item.lot_id}].value_mxn", question))
        return MaterialDuty(item, rate, None, "value missing")
    duty = (item.value_mxn * rate.percent / Decimal(100)).quantize(CENTS, rounding=ROUND_HALF_UP)
    origin = item.origin_country or "unknown origin (counted as non-originating)"
    return MaterialDuty(item, rate, duty, f"non-originating ({origin}); {rate.percent}% {basis}")
