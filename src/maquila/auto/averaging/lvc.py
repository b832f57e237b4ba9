"""The averaged LVC of a category of vehicles (SOR/2020-155 s. 18(15)-(19)).

The election (s. 18(15)-(17), :mod:`maquila.auto.averaging.election`) names the category
and the basis (all vehicles or exported ones, s. 18(18)); the calculation rests on one of
the periods of s. 18(19) (pack ``lvc.calculation_periods``), counted back from the day the
vehicle is produced or exported. The figures of the vehicles counted are summed and put
through the s. 18(6) formula of :func:`maquila.auto.lvc.calculate` unchanged.

Which requirement applies is read on the vehicle's day and on every day of the period on
which an LVC phase begins; decided only where they agree. A "quarter" is counted in the
producer's fiscal quarters (s. 18(19)(c) does not say calendar or fiscal).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from maquila.auto.averaging.check import LVC, check_election
from maquila.auto.averaging.election import Election
from maquila.auto.averaging.periods import Period, Status, dates_in, fiscal_year_of
from maquila.auto.averaging.result import Averaged, overall
from maquila.auto.averaging.vehicles import VehicleKeys, select, started
from maquila.auto.lvc import Assembly, LvcRequest, Technology, calculate
from maquila.dates import add_months
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Met, Step

Basis = Literal[
    "previous_fiscal_year",
    "previous_calendar_year",
    "quarter_to_date",
    "month_to_date",
    "fiscal_year_to_date",
    "calendar_year_to_date",
]
# each basis and the option of s. 18(19) it is (index into the pack's options, (a)-(e))
OPTION = {
    "previous_fiscal_year": 0,
    "previous_calendar_year": 1,
    "quarter_to_date": 2,
    "month_to_date": 2,
    "fiscal_year_to_date": 3,
    "calendar_year_to_date": 4,
}


class LvcLine(VehicleKeys):
    """Identical vehicles with their LVC figures per unit (s. 18(6))."""

    high_wage_labour: Decimal = Field(ge=0)  # HWLC
    high_wage_materials: Decimal = Field(ge=0)  # HWM or APV
    high_wage_transport: Decimal = Field(default=Decimal(0), ge=0)
    net_cost: Decimal | None = Field(default=None, gt=0)
    total_annual_purchase_value: Decimal | None = Field(default=None, gt=0)


class LvcAveraging(Strict):
    election: Election
    calculation_period: Basis
    vehicle_date: date  # the day the vehicle is produced or exported (s. 18(19))
    method: Literal["net_cost", "annual_purchase_value"]
    labour_in_apv: bool = True
    currency: str = "USD"
    technology: Technology | None = None
    assembly: Assembly | None = None
    vehicles: tuple[LvcLine, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _bases(self) -> LvcAveraging:
        name = "net_cost" if self.method == "net_cost" else "total_annual_purchase_value"
        for index, line in enumerate(self.vehicles):
            if getattr(line, name) is None:
                raise ValueError(f"vehicles[{index}] needs {name} for the {self.method} method")
        return self


def calculation_period(
    basis: Basis, day: date, fiscal_year_start: date, *, law: AutomotivePack | None = None
) -> Period:
    """The s. 18(19) period for a vehicle produced or exported on ``day`` (the options of
    ``law``, default: the shipped pack)."""
    law = law or pack()
    entry = law.entry("lvc.calculation_periods")
    index = OPTION[basis]
    citation = f"{entry.citation}({'abcde'[index]})"
    fiscal = fiscal_year_of(fiscal_year_start, day)
    if basis == "previous_fiscal_year":
        previous = fiscal_year_of(fiscal_year_start, fiscal.start - timedelta(days=1))
        start, end = previous.start, previous.end
    elif basis == "previous_calendar_year":
        start, end = date(day.year - 1, 1, 1), date(day.year - 1, 12, 31)
    elif basis == "quarter_to_date":
        months = (day.year - fiscal.start.year) * 12 + day.month - fiscal.start.month
        start = add_months(fiscal.start, months // 3 * 3)
        if start > day:  # a fiscal year starting late in a month
            start = add_months(start, -3)
        end = day
    elif basis == "month_to_date":
        start, end = day.replace(day=1), day
    elif basis == "fiscal_year_to_date":
        start, end = fiscal.start, day
    else:
        start, end = date(day.year, 1, 1), day
    return Period(start, end, citation, f"{entry.options[index]} ({basis.replace('_', ' ')})")


def average_lvc(request: LvcAveraging, *, law: AutomotivePack | None = None) -> Averaged:
    """The averaged LVC against the s. 18 requirements of ``law`` (default: the shipped
    pack)."""
    law = law or pack()
    e = request.election
    period = calculation_period(
        request.calculation_period, request.vehicle_date, e.fiscal_year_start, law=law
    )
    chosen = select(e, request.vehicles, period, "SOR/2020-155 s. 18(18)(b)")
    elected = Period(
        e.period_start or period.start,
        e.period_end or period.end,
        "SOR/2020-155 s. 18(16)(d)",
        "the period of the election",
    )
    check = check_election(
        LVC,
        e,
        elected,
        destinations=chosen.destinations,
        plants={line.plant for line, _ in chosen.counted},
        law=law,
    )
    if not elected.start <= request.vehicle_date <= elected.end:
        check.problems.append(
            f"the vehicle's day {request.vehicle_date} is outside the period of the election "
            f"({elected.start} to {elected.end}, s. 18(16)(d))"
        )
        check.status = "not_valid"
    result = started("averaged vehicle LVC (s. 18(15)-(19))", period, check, chosen)
    if not any(units for _, units in chosen.counted):
        return result
    value = _measure(request, chosen.counted, period, result, law)
    result.status = overall(value, check, bool(result.missing))
    return result


def _summed(
    request: LvcAveraging, lines: list[tuple[LvcLine, int]], on: date, category: str
) -> LvcRequest:
    def total(name: str) -> str:
        return str(sum((getattr(v, name) * units for v, units in lines), Decimal(0)))

    data: dict[str, object] = {
        "producer": request.election.producer,
        "vehicle": "vehicles of the elected category",
        "category": category,
        "date": on,
        "method": request.method,
        "currency": request.currency,
        "labour_in_apv": request.labour_in_apv,
        "technology": request.technology,
        "assembly": request.assembly,
    }
    for name in ("high_wage_labour", "high_wage_materials", "high_wage_transport"):
        data[name] = total(name)
    base = "net_cost" if request.method == "net_cost" else "total_annual_purchase_value"
    data[base] = total(base)
    return LvcRequest.model_validate(data)


def _measure(
    request: LvcAveraging,
    lines: list[tuple[LvcLine, int]],
    period: Period,
    out: Averaged,
    law: AutomotivePack,
) -> Status:
    categories = {v.category for v, _ in lines}
    ids = ["lvc.passenger_vehicle", "lvc.light_and_heavy_truck"]
    days = sorted({request.vehicle_date, *dates_in(ids, period.start, period.end, law)})
    results = {}
    for day in days:
        for category in sorted(categories):
            summed = _summed(request, lines, day, category)
            results[(day, category)] = calculate(summed, law=law)
    main = results[(request.vehicle_date, lines[0][0].category)]
    out.steps += [Step(f"{s.step} [{s.citation}]: {s.arithmetic}", s.citation) for s in main.steps]
    if request.election.estimated_lvc is not None:
        out.steps.append(
            Step(
                "estimated LVC stated in the election (s. 18(16)(e)): "
                f"{request.election.estimated_lvc}",
                "SOR/2020-155 s. 18(16)(e)",
            )
        )
    verdicts = {r.met for r in results.values()}
    if len(verdicts) == 1:
        return Met.MET if verdicts.pop() else Met.NOT_MET
    out.steps.append(
        Step(
            "the requirement differs across "
            + "; ".join(f"{d} {c}: {r.required_total}" for (d, c), r in results.items())
            + ": met under some, not others; not decided",
            period.citation,
        )
    )
    return Met.UNDETERMINED
