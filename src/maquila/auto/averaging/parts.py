"""Averaging the RVC of an automotive part (SOR/2020-155 s. 16(10)-(11)).

A good of Tables A.1, B, C, D or E produced in the same plant may have its RVC averaged
over one of the periods of s. 16(10) (pack ``averaging.parts``): (a) the fiscal year of
the vehicle producer it is sold to, (b) any quarter or month, (c) the fiscal year of the
parts producer, (d) a category of s. 16(1)(a)-(d). Only goods produced in that period
count (s. 16(11)); under (a) the goods sold to that vehicle producer are averaged apart
(s. 16(11)(a)), and under (a) or (b) the exported goods apart from the others
(s. 16(11)(b)) -- both conditions are applied where they can be.

The lots' net costs (or transaction values) and VNM are summed and the part decided by
:func:`maquila.auto.parts.determine` unchanged (its table, rule and thresholds), on every
day of the period on which a parts threshold begins: decided only where they agree.
Table A.2 core parts and the super-core are not averaged here (give the averaged figures
to ``maquila auto core-parts``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from maquila.auto.averaging.election import Category, LineKeys, outside
from maquila.auto.averaging.periods import Period, Status, dates_in
from maquila.auto.averaging.result import Averaged
from maquila.auto.parts import PartRequest, determine
from maquila.dates import add_months
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Met, Missing, Step

Option = Literal[
    "vehicle_producer_fiscal_year", "quarter", "month", "parts_producer_fiscal_year", "category"
]
# option -> (paragraph of s. 16(10), index of the pack's options, months in the period)
_OPTIONS: dict[str, tuple[str, int, int]] = {
    "vehicle_producer_fiscal_year": ("a", 0, 12),
    "quarter": ("b", 1, 3),
    "month": ("b", 1, 1),
    "parts_producer_fiscal_year": ("c", 2, 12),
    "category": ("d", 3, 12),  # s. 16(1): over the producer's fiscal year
}
_STATUS: dict[str, Status] = {
    "originating": Met.MET,
    "non_originating": Met.NOT_MET,
    Met.UNDETERMINED: Met.UNDETERMINED,
}


class PartLot(LineKeys):
    """Identical parts; per unit figures. ``model_line``, ``vehicle_class``, ``country`` and
    ``vehicle_plant`` are those of the vehicles the parts go into (option ``category``)."""

    net_cost: Decimal | None = Field(default=None, gt=0)
    transaction_value: Decimal | None = Field(default=None, gt=0)
    vnm: Decimal = Field(ge=0)
    vehicle_plant: str | None = None
    sold_to: str | None = None  # the vehicle producer
    exported: bool | None = None  # to another CUSMA country


class PartsAveraging(Strict):
    producer: str
    part: str
    hs: str  # HS 2022
    use: Literal["passenger_vehicle", "light_truck", "heavy_truck"]
    plant: str
    option: Option
    period_start: date  # the first day of the period chosen
    sold_to: str | None = None
    exported: bool | None = None  # which group is averaged under s. 16(11)(b)
    category: Category | None = None
    tariff_shift_met: bool | None = None
    rule_has_transaction_value_method: bool | None = None
    description_matches: bool | None = None
    lots: tuple[PartLot, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _option_needs(self) -> PartsAveraging:
        paragraph = _OPTIONS[self.option][0]
        if paragraph == "a" and self.sold_to is None:
            raise ValueError("option vehicle_producer_fiscal_year needs sold_to (s. 16(11)(a))")
        if paragraph in ("a", "b") and self.exported is None:
            raise ValueError("state exported: true or false, the group averaged (s. 16(11)(b))")
        if (paragraph == "d") != (self.category is not None):
            raise ValueError("category is stated for option category, and only for it")
        return self


def parts_period(request: PartsAveraging, law: AutomotivePack) -> Period:
    entry = law.entry("averaging.parts")
    paragraph, index, months = _OPTIONS[request.option]
    end = add_months(request.period_start, months) - timedelta(days=1)
    return Period(
        request.period_start,
        end,
        f"SOR/2020-155 s. 16(10)({paragraph})",
        f"{entry.options[index]} ({request.option.replace('_', ' ')})",
    )


def _why_not(request: PartsAveraging, lot: PartLot, period: Period) -> str | None:
    paragraph = _OPTIONS[request.option][0]
    if lot.plant != request.plant:
        return f"produced at {lot.plant!r}, not {request.plant!r} (s. 16(10): the same plant)"
    if lot.produced_to < period.start or lot.produced_from > period.end:
        return "produced outside the period (s. 16(11))"
    if request.category is not None:
        return outside(request.category, lot.model_copy(update={"plant": lot.vehicle_plant}))
    if paragraph == "a" and lot.sold_to not in (None, request.sold_to):
        return f"sold to {lot.sold_to!r}: averaged separately (s. 16(11)(a))"
    if paragraph in ("a", "b") and lot.exported not in (None, request.exported):
        return "exported or not, the other group: averaged separately (s. 16(11)(b))"
    return None


_S16_10 = "SOR/2020-155 s. 16(10)-(11)"
_SETTLES = "the averaged RVC of the part"


def _asked(lot: PartLot, field_name: str, question: str, rule: str) -> Missing:
    return Missing(f"lots[{lot.id}].{field_name}", question, f"SOR/2020-155 {rule}", _SETTLES)


def average_parts(request: PartsAveraging, *, law: AutomotivePack | None = None) -> Averaged:
    """The averaged RVC of the part, decided on the tables and thresholds of ``law``
    (default: the shipped pack)."""
    law = law or pack()
    period = parts_period(request, law)
    result = Averaged(f"averaged RVC of {request.part} (s. 16(10)-(11))", Met.UNDETERMINED, period)
    paragraph = _OPTIONS[request.option][0]
    counted: list[PartLot] = []
    for lot in request.lots:
        why = _why_not(request, lot, period)
        if why is not None:
            result.excluded.append(f"{lot.id}: {why}")
        elif lot.produced_from < period.start or lot.produced_to > period.end:
            question = f"{lot.id}: produced across the period's boundary: split it"
            result.missing.append(_asked(lot, "produced_from", question, "s. 16(11)"))
        elif paragraph == "a" and lot.sold_to is None:
            question = f"{lot.id}: sold_to (s. 16(11)(a))"
            result.missing.append(_asked(lot, "sold_to", question, "s. 16(11)(a)"))
        elif paragraph in ("a", "b") and lot.exported is None:
            question = f"{lot.id}: exported (s. 16(11)(b))"
            result.missing.append(_asked(lot, "exported", question, "s. 16(11)(b)"))
        else:
            counted.append(lot)
            result.counted.append(f"{lot.id}: {lot.units} units")
    if not any(lot.units for lot in counted):
        result.missing.append(Missing("lots", "parts produced in the period", _S16_10, _SETTLES))
        return result
    status = _decide(request, counted, period, result, law)
    result.status = Met.UNDETERMINED if result.missing else status
    return result


def _sum(lots: list[PartLot], name: str) -> Decimal | None:
    values = [getattr(lot, name) for lot in lots]
    if any(v is None for v in values):
        return None
    return sum((v * lot.units for v, lot in zip(values, lots, strict=True)), Decimal(0))


def _decide(
    request: PartsAveraging,
    lots: list[PartLot],
    period: Period,
    out: Averaged,
    law: AutomotivePack,
) -> Status:
    nc, tv, vnm = _sum(lots, "net_cost"), _sum(lots, "transaction_value"), _sum(lots, "vnm")
    out.steps.append(
        Step(
            f"summed over the period: net cost {nc}, transaction value {tv}, VNM {vnm}",
            period.citation,
        )
    )
    ids = [e.id for e in law.thresholds if e.group == "rvc_parts"]
    verdicts: dict[str, Status] = {}
    for day in dates_in(ids, period.start, period.end, law):
        decided = determine(
            PartRequest.model_validate(
                {
                    "part": request.part,
                    "hs": request.hs,
                    "use": request.use,
                    "date": day,
                    "net_cost": nc,
                    "transaction_value": tv,
                    "vnm": vnm,
                    "tariff_shift_met": request.tariff_shift_met,
                    "rule_has_transaction_value_method": request.rule_has_transaction_value_method,
                    "description_matches": request.description_matches,
                }
            ),
            law=law,
        )
        verdicts[str(day)] = _STATUS[decided.status]
        out.steps += [
            Step(f"on {day} [{decided.citation}]: {step.step}", step.citation)
            for step in decided.steps
        ]
        out.missing += [m for m in decided.missing if m not in out.missing]
    if len(set(verdicts.values())) == 1:
        return next(iter(verdicts.values()))
    out.steps.append(
        Step(
            f"the thresholds in force in the period give different answers ({verdicts}); "
            "s. 16 does not state which date picks the threshold: not decided",
            period.citation,
        )
    )
    return Met.UNDETERMINED
