"""The average base hourly wage rate of a plant and its wage certification.

SOR/2020-155 s. 12 ('average base hourly wage rate', 'direct production work', 'direct
production worker', 'qualifying wage-rate production plant', 'qualifying wage-rate
vehicle assembly plant', 'high-wage transportation or related costs for shipping') and
s. 18(5) (certification periods). The rate is computed from one record per worker; the
minimum rate of the plant's country, the 85 % share of a direct production worker and the
validity of a certification come from the pack (``lvc.*``), never from here.

A vehicle assembly plant is held to "the average base hourly wage rate"; a production
plant (and a transport provider) to that rate "for direct production workers". Whether
the latter counts the direct-production hours of other workers as the definition of the
rate does, or direct production workers only, the text does not settle: both are
computed and, when they disagree, the certification is undetermined, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from maquila.auto.lvc import HUNDRED, _p
from maquila.dates import add_months
from maquila.law.automotive import AutomotivePack, pack
from maquila.strict import Strict
from maquila.verdict import Met, Missing, Step

Country = Literal["US", "CA", "MX"]
PlantKind = Literal["vehicle_assembly", "production", "transport"]
WorkerKind = Literal[
    "direct_production_worker",
    "other_worker",
    "intern",
    "trainee",
    "student",
    "no_compensation_agreement",
]
# s. 12 'average base hourly wage rate': no hours of workers without a compensation agreement
EXCLUDED: tuple[WorkerKind, ...] = ("intern", "trainee", "student", "no_compensation_agreement")
RATE = "SOR/2020-155 s. 12 'average base hourly wage rate'"


class ExchangeRate(Strict):
    """A dated rate from the input (never a built-in one): 1 ``from`` = ``rate`` ``to``."""

    from_: str = Field(alias="from", min_length=3, max_length=3)
    to: str = Field(min_length=3, max_length=3)
    rate: Decimal = Field(gt=0)
    on: date = Field(alias="date")
    source: str = Field(min_length=1)


def convert(
    amount: Decimal, currency: str, to: str, rates: tuple[ExchangeRate, ...]
) -> tuple[Decimal, str]:
    """The amount in ``to``, to the cent, and the words saying how; a missing rate is a
    programmer error (the loaders refuse an input whose currencies have no rate)."""
    amount = cents(amount)
    if currency == to:
        return amount, f"{amount} {to}"
    rate = next((r for r in rates if r.from_ == currency and r.to == to), None)
    if rate is None:
        raise ValueError(f"no exchange rate {currency} -> {to} in the input")
    result = cents(amount * rate.rate)
    return result, f"{amount} {currency} x {rate.rate} ({rate.source}, {rate.on}) = {result} {to}"


def cents(amount: Decimal) -> Decimal:
    """Money to the cent, half up: a total or a converted amount (not a rate of pay)."""
    return _p(amount)


class Worker(Strict):
    """One worker over the period; ``pay_amount`` is base pay only (no benefits, bonuses,
    shift or overtime/holiday/weekend premiums) and, if a third party pays, what the
    worker received."""

    worker: str
    kind: WorkerKind
    pay_basis: Literal["hourly", "salary", "piece_rate", "day_rate"]
    pay_amount: Decimal = Field(ge=0)  # the hourly rate, or the salary, piece or day pay
    pay_hours: Decimal | None = Field(default=None, gt=0)  # the hours that amount covers
    direct_hours: Decimal = Field(ge=0)  # hours of direct production work
    total_hours: Decimal = Field(ge=0)  # all working hours of the period
    third_party: bool = False  # paid by an agency

    @model_validator(mode="after")
    def _consistent(self) -> Worker:
        if self.pay_basis != "hourly" and self.pay_hours is None:
            raise ValueError(f"a {self.pay_basis} pay needs pay_hours, the hours it covers")
        if self.direct_hours > self.total_hours:
            raise ValueError("direct_hours cannot exceed total_hours")
        return self

    def hourly(self) -> Decimal:
        # s. 12: salary, piece-rate or day-rate converted to an hourly equivalent
        if self.pay_basis == "hourly":
            return self.pay_amount
        assert self.pay_hours is not None
        return self.pay_amount / self.pay_hours


class PlantPayroll(Strict):
    plant: str
    kind: PlantKind
    country: Country
    period_from: date
    period_to: date
    currency: str = Field(min_length=3, max_length=3)
    workers: tuple[Worker, ...]
    dropped: tuple[str, ...] = ()  # what the loader left out, said in the trace

    @model_validator(mode="after")
    def _period(self) -> PlantPayroll:
        if self.period_to < self.period_from:
            raise ValueError("the period ends before it begins")
        return self


@dataclass
class Certification:
    plant: str
    kind: PlantKind
    country: Country
    period: tuple[date, date]
    threshold: Decimal
    currency: str  # the threshold's currency
    hours: Decimal  # every hour of direct production work counted (s. 12)
    wages: Decimal  # base wages of those hours, in the threshold's currency
    rate: Decimal  # wages / hours, rounded to the cent half up
    workers_rate: Decimal | None  # direct production workers only (production, transport)
    status: Met  # maquila.verdict
    valid: tuple[date, date] | None  # s. 18(5)
    labour_wages: Decimal  # base wages of direct production work, payroll currency (HWLC)
    steps: list[Step] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    def covers(self, on: date) -> bool:
        return self.valid is not None and self.valid[0] <= on <= self.valid[1]


def _worker(w: Worker, share_min: Decimal, steps: list[Step]) -> tuple[Decimal, bool]:
    """(hours counted, direct production worker?) of one worker."""
    if w.kind in EXCLUDED:
        steps.append(Step(f"worker {w.worker}", RATE, arithmetic=f"{w.kind}: no hours counted"))
        return Decimal(0), False
    share = _p(w.direct_hours / w.total_hours * HUNDRED) if w.total_hours else Decimal(0)
    # s. 12 'direct production worker': at least the pack's share of time on direct work
    direct_worker = share >= share_min
    hours = w.total_hours if direct_worker else w.direct_hours
    counted = "direct production worker, all hours" if direct_worker else "direct hours only"
    declared = (
        "" if (w.kind == "direct_production_worker") is direct_worker else " (not as declared)"
    )
    agency = "; paid by a third party: wages the worker received" if w.third_party else ""
    steps.append(
        Step(
            f"worker {w.worker}",
            RATE,
            arithmetic=f"{w.direct_hours}/{w.total_hours} h direct = {share}% "
            f"(minimum {share_min}%): {counted}{declared}; {w.pay_basis} {w.pay_amount}"
            + (f" / {w.pay_hours} h" if w.pay_basis != "hourly" else "")
            + f" = {_p(w.hourly())}/h x {hours} h{agency}",
        )
    )
    return hours, direct_worker


def _counted(
    workers: tuple[Worker, ...], share_min: Decimal, steps: list[Step]
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(hours, wages) of every worker counted, then of direct production workers only."""
    hours = wages = dpw_hours = dpw_wages = Decimal(0)
    for w in workers:
        counted, direct_worker = _worker(w, share_min, steps)
        hours, wages = hours + counted, wages + w.hourly() * counted
        if direct_worker:
            dpw_hours, dpw_wages = dpw_hours + counted, dpw_wages + w.hourly() * counted
    return hours, wages, dpw_hours, dpw_wages


def certify(
    payroll: PlantPayroll,
    rates: tuple[ExchangeRate, ...] = (),
    *,
    law: AutomotivePack | None = None,
) -> Certification:
    """The plant's wage certification on the figures of ``law`` (default: the shipped pack)."""
    law = law or pack()
    share_min = law.threshold("lvc.direct_production_worker_share", payroll.period_to)
    assert share_min.percent_min is not None
    wage = law.threshold("lvc.wage_rate", payroll.period_to, payroll.country)
    assert wage.amount is not None and wage.currency is not None
    steps: list[Step] = [Step("dropped", RATE, arithmetic=d) for d in payroll.dropped]
    hours, wages, dpw_hours, dpw_wages = _counted(payroll.workers, share_min.percent_min, steps)
    in_threshold, how = convert(wages, payroll.currency, wage.currency, rates)
    rate = _p(in_threshold / hours) if hours else Decimal(0)
    citation = law.entry("lvc.wage_rate").citation
    steps.append(
        Step("average base hourly wage rate", citation, arithmetic=f"{how} / {hours} h = {rate}")
    )
    met = [rate >= wage.amount]
    workers_rate = None
    if payroll.kind != "vehicle_assembly":
        dpw, how = convert(dpw_wages, payroll.currency, wage.currency, rates)
        workers_rate = _p(dpw / dpw_hours) if dpw_hours else Decimal(0)
        met.append(workers_rate >= wage.amount)
        steps.append(
            Step("direct production workers only", citation, arithmetic=f"{how} / {dpw_hours} h")
        )
    status = Met.MET if all(met) else Met.NOT_MET if not any(met) else Met.UNDETERMINED
    missing = [] if status != Met.UNDETERMINED else [
        _readings_disagree(payroll.plant, (rate, workers_rate), wage.amount, citation)
    ]  # fmt: skip
    steps.append(
        Step(
            "qualifying wage rate",
            citation,
            arithmetic=f"{rate} against {wage.amount} {wage.currency}: {status}",
        )
    )
    valid, why = validity(payroll.period_from, payroll.period_to, law=law)
    steps.append(Step("validity", "SOR/2020-155 s. 18(5)", arithmetic=why))
    return Certification(
        payroll.plant,
        payroll.kind,
        payroll.country,
        (payroll.period_from, payroll.period_to),
        wage.amount,
        wage.currency,
        hours,
        in_threshold,
        rate,
        workers_rate,
        status,
        valid,
        cents(wages),
        steps,
        missing,
    )


def _readings_disagree(
    plant: str, rates: tuple[Decimal, Decimal | None], threshold: Decimal, citation: str
) -> Missing:
    """s. 12: the plant's rate with every worker's direct-production hours and with direct
    production workers only fall on either side of the threshold: which one the text means
    is asked, not chosen."""
    question = (
        f"plant {plant}: {rates[0]} with every worker's direct-production hours, "
        f"{rates[1]} with direct production workers only, against {threshold}: "
        "s. 12 does not say which the rate 'for direct production workers' is"
    )
    settles = f"the wage rate certification of plant {plant}"
    return Missing(f"plants[{plant}].workers", question, citation, settles)


def validity(
    start: date, end: date, *, law: AutomotivePack | None = None
) -> tuple[tuple[date, date] | None, str]:
    """s. 18(5): the window in which a certification on [start, end] is valid, and why (the
    periods of ``law``, default: the shipped pack)."""
    law = law or pack()
    entry = law.entry("lvc.plant_wage_certification_periods")
    months_max = int(entry.terms["validity_months"])
    after = end + timedelta(days=1)
    months = next((m for m in range(1, months_max + 1) if add_months(start, m) == after), None)
    if months is not None:
        following = add_months(after, months) - timedelta(days=1)
        length = f"{months} months"
    elif after <= add_months(start, months_max):
        following = end + (after - start)
        length = f"{(after - start).days} days"
    else:
        return None, (
            f"{start} to {end} is longer than {months_max} months: s. 18(5) gives no validity"
        )
    initial = any(p.from_ == start and p.to == end for p in entry.periods)
    begins = start if initial else after
    why = (
        f"initial period {start} to {end} (s. 18(5) first sentence) and the following {length}"
        if initial
        else f"a period of {length} is valid for the following period of the same length"
    )
    return (begins, following), f"{why}: {begins} to {following}"
