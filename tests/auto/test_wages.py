"""The average base hourly wage rate of a plant and its certification (SOR/2020-155 s. 12
definitions, s. 18(5)), on cases DERIVED from the provisions (the Regulations print no
example): a plant at, one cent below and one cent above the minimum rate of each country,
read from the reference (parameters.json); salary, piece and day pay converted to an hourly
equivalent; interns, trainees and students left out; other workers counted for their
direct-production hours; the 85 % share of a direct production worker; the validity
windows of s. 18(5)."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from maquila.auto.wages import ExchangeRate, PlantPayroll, certify, validity
from maquila.law.automotive import pack
from shared_reference import reference

REFERENCE = reference("usmca")
CURRENCY = {"US": "USD", "CA": "CAD", "MX": "MXN"}


def _reference(ident: str) -> dict[str, Any]:
    text = (REFERENCE / "automotive" / "parameters.json").read_text(encoding="utf-8")
    found: dict[str, Any] = next(p for p in json.loads(text)["parameters"] if p["id"] == ident)
    return found


def _worker(ident: str, amount: str, hours: str = "100", **more: str) -> dict[str, str]:
    return {
        "worker": ident,
        "kind": "direct_production_worker",
        "pay_basis": "hourly",
        "pay_amount": amount,
        "direct_hours": hours,
        "total_hours": hours,
        **more,
    }


def _plant(
    workers: list[dict[str, str]], country: str = "US", kind: str = "vehicle_assembly", **more: Any
) -> PlantPayroll:
    data: dict[str, Any] = {
        "plant": "p",
        "kind": kind,
        "country": country,
        "period_from": "2025-01-01",
        "period_to": "2025-12-31",
        "currency": CURRENCY[country],
        "workers": workers,
        **more,
    }
    return PlantPayroll.model_validate(data)


@pytest.mark.parametrize("country", ["US", "CA", "MX"])
@pytest.mark.parametrize("offset", [Decimal("-0.01"), Decimal(0), Decimal("0.01")])
def test_a_plant_qualifies_at_its_countrys_rate_and_not_one_cent_below(
    country: str, offset: Decimal
) -> None:
    """derived: s. 12 'qualifying wage-rate vehicle assembly plant' (a)-(c); two workers
    whose average is the minimum + offset (one a cent under it, one a cent over)."""
    minimum = Decimal(str(_reference("lvc.wage_rate")["values"][country]["amount"]))
    assert _reference("lvc.wage_rate")["values"][country]["currency"] == CURRENCY[country]
    low, high = minimum + offset - Decimal("0.01"), minimum + offset + Decimal("0.01")
    cert = certify(_plant([_worker("a", str(low)), _worker("b", str(high))], country))
    assert (cert.rate, cert.threshold, cert.currency) == (
        minimum + offset,
        minimum,
        CURRENCY[country],
    )
    assert cert.status == ("met" if offset >= 0 else "not_met")


def test_salary_piece_and_day_pay_are_converted_to_an_hourly_equivalent() -> None:
    """derived: s. 12 'average base hourly wage rate', third paragraph: salary 41,600 for
    2,080 h, piece pay 3,000 for 150 h and a day rate of 160 for 8 h are each 20 an hour;
    with an hourly worker at 14 for as many hours as all three together the rate is 17."""
    workers = [
        _worker("salary", "41600", "2080", pay_basis="salary", pay_hours="2080"),
        _worker("piece", "3000", "150", pay_basis="piece_rate", pay_hours="150"),
        _worker("day", "160", "8", pay_basis="day_rate", pay_hours="8"),
        _worker("hourly", "14", str(2080 + 150 + 8)),
    ]
    cert = certify(_plant(workers))
    assert cert.hours == 2 * (2080 + 150 + 8)
    assert cert.rate == Decimal(17) and cert.status == "met"


def test_a_pay_other_than_hourly_without_the_hours_it_covers_is_refused() -> None:
    with pytest.raises(ValueError, match="salary pay needs pay_hours"):
        _plant([_worker("a", "41600", pay_basis="salary")])


@pytest.mark.parametrize("kind", ["intern", "trainee", "student", "no_compensation_agreement"])
def test_interns_trainees_students_and_unpaid_workers_are_left_out(kind: str) -> None:
    """derived: s. 12, the rate 'does not include any hours worked by interns, trainees,
    students or any other worker who does not have ... a compensation agreement'."""
    workers = [_worker("a", "16"), _worker("b", "5", "1000", kind=kind)]
    cert = certify(_plant(workers))
    assert (cert.hours, cert.rate, cert.status) == (Decimal(100), Decimal(16), "met")
    assert any(kind in s.arithmetic for s in cert.steps)


def test_other_workers_count_only_their_direct_production_hours() -> None:
    """derived: s. 12, 'for other workers performing direct production work, ... the number
    of hours performing direct production work': a worker at 30 an hour with 40 of 100 h
    direct counts 40 h; with a direct production worker at 10 for 100 h the rate is
    (1,000 + 1,200) / 140 = 15.71."""
    workers = [
        _worker("a", "10"),
        _worker("b", "30", "100", kind="other_worker", direct_hours="40"),
    ]
    cert = certify(_plant(workers))
    assert (cert.hours, cert.rate, cert.status) == (Decimal(140), Decimal("15.71"), "not_met")


@pytest.mark.parametrize(("direct", "hours"), [("85", 100), ("84.99", Decimal("84.99"))])
def test_a_worker_at_the_share_counts_all_hours_and_just_below_only_the_direct_ones(
    direct: str, hours: Decimal
) -> None:
    """derived: s. 12 'direct production worker' (at least the reference's share of time
    on direct production work): all 100 hours at the share, the direct hours below it."""
    share = Decimal(str(_reference("lvc.direct_production_worker_share")["percent_min"]))
    assert Decimal(direct) in (share, share - Decimal("0.01"))
    cert = certify(_plant([_worker("a", "20", "100", kind="other_worker", direct_hours=direct)]))
    assert cert.hours == hours


def test_a_worker_declared_a_direct_production_worker_below_the_share_is_counted_as_other() -> None:
    cert = certify(_plant([_worker("a", "20", "100", direct_hours="50")]))
    assert cert.hours == 50
    assert "not as declared" in next(s.arithmetic for s in cert.steps if s.step == "worker a")


def test_a_production_plant_is_undetermined_when_the_two_readings_of_its_rate_disagree() -> None:
    """derived: s. 12 'qualifying wage-rate production plant' ('for direct production
    workers'): a direct production worker at 17 for 100 h and another worker at 10 for
    100 direct hours of 200: 13.50 with every direct hour, 17 with direct production workers
    only; an assembly plant has the one reading (13.50, not met)."""
    workers = [
        _worker("a", "17"),
        _worker("b", "10", "200", kind="other_worker", direct_hours="100"),
    ]
    production = certify(_plant(workers, kind="production"))
    assert (production.rate, production.workers_rate) == (Decimal("13.50"), Decimal(17))
    assert production.status == "undetermined" and "13.50" in production.missing[0].question
    assembly = certify(_plant(workers))
    assert (assembly.status, assembly.workers_rate) == ("not_met", None)


def test_a_payroll_in_another_currency_is_converted_by_the_rate_given() -> None:
    """derived: an MX plant paying 16 USD an hour, at 18.50 MXN per USD (a rate of the input):
    296.00 MXN against the s. 12(c) minimum."""
    rate = {"from": "USD", "to": "MXN", "rate": "18.50", "date": "2025-12-31", "source": "test"}
    plant = _plant([_worker("a", "16")], "MX", currency="USD")
    cert = certify(plant, (ExchangeRate.model_validate(rate),))
    assert (cert.rate, cert.currency, cert.status) == (Decimal("296.00"), "MXN", "met")


@pytest.mark.parametrize(
    ("start", "end", "window"),
    [
        # derived: s. 18(5), a 12-month period: the following 12 months
        ("2025-01-01", "2025-12-31", ("2026-01-01", "2026-12-31")),
        # shorter periods: the following period of the same length
        ("2025-07-01", "2025-12-31", ("2026-01-01", "2026-06-30")),
        ("2025-01-01", "2025-03-31", ("2025-04-01", "2025-06-30")),
        ("2025-03-15", "2026-03-14", ("2026-03-15", "2027-03-14")),
        ("2025-01-01", "2025-01-20", ("2025-01-21", "2025-02-09")),
        # the initial periods of s. 18(5): the period itself and the following one
        ("2020-07-01", "2020-12-31", ("2020-07-01", "2021-06-30")),
        ("2020-07-01", "2021-06-30", ("2020-07-01", "2022-06-30")),
    ],
)
def test_a_certification_is_valid_for_the_following_period_of_the_same_length(
    start: str, end: str, window: tuple[str, str]
) -> None:
    valid, _ = validity(date.fromisoformat(start), date.fromisoformat(end))
    assert valid == (date.fromisoformat(window[0]), date.fromisoformat(window[1]))


def test_a_period_longer_than_twelve_months_has_no_validity_in_the_text() -> None:
    valid, why = validity(date(2024, 1, 1), date(2025, 1, 31))
    assert valid is None and "no validity" in why


def test_the_validity_months_of_the_pack_are_the_ones_s_18_5_prints() -> None:
    months = pack().entry("lvc.plant_wage_certification_periods").terms["validity_months"]
    text = (REFERENCE / "automotive" / "part6.md").read_text(encoding="utf-8")
    section = text[text.index('<a id="s18"></a>') : text.index('<a id="s19"></a>')]
    printed = re.findall(
        r"based on a (\d+)-month period is valid for the following (\d+) months", section
    )
    assert printed == [(months, months)]


def test_a_certification_covers_only_its_validity_window() -> None:
    cert = certify(_plant([_worker("a", "16")]))
    assert cert.valid == (date(2026, 1, 1), date(2026, 12, 31))
    assert cert.covers(date(2026, 1, 1)) and cert.covers(date(2026, 12, 31))
    assert not cert.covers(date(2025, 12, 31)) and not cert.covers(date(2027, 1, 1))
