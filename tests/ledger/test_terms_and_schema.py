"""Terms of stay (LA art. 108) and the schema's migrations."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from maquila.ledger.calendar import shipped
from maquila.ledger.store.db import engine_for
from maquila.ledger.store.models import Base
from maquila.ledger.terms import add_months, due_date, terms


@pytest.mark.parametrize(
    ("category", "months", "fraction"),
    [
        ("consumible", 18, "fr. I a)"),
        ("insumo", 18, "fr. I b)"),
        ("envase_empaque", 18, "fr. I c)"),
        ("etiqueta_folleto", 18, "fr. I d)"),
        ("contenedor", 24, "fr. II"),
    ],
)
def test_each_category_has_the_term_and_fraction_of_article_108(
    category: str, months: int, fraction: str
) -> None:
    term = terms().categories[category]
    assert term.months == months
    assert term.citation == f"LA art. 108 {fraction}"


def test_calendar_arithmetic_adds_months_on_the_same_day_or_the_months_last_day() -> None:
    assert add_months(date(2026, 1, 5), 18) == date(2027, 7, 5)
    assert add_months(date(2025, 8, 31), 18) == date(2027, 2, 28)
    assert add_months(date(2026, 2, 28), 24) == date(2028, 2, 28)


def test_a_month_term_ends_on_the_same_day_of_the_month_when_it_is_a_business_day() -> None:
    """CFF art. 12: 18 months from 2026-01-05 end 2027-07-05, a Monday."""
    due = due_date(category="insumo", start=date(2026, 1, 5), programme_end=None)
    assert due.on == date(2027, 7, 5)
    assert "CFF" not in due.basis


def test_a_month_term_without_its_day_ends_on_the_first_business_day_of_the_next_month() -> None:
    """CFF art. 12: "cuando no exista el mismo dia en el mes de calendario correspondiente,
    el termino sera el primer dia habil del siguiente mes": 18 months from 2025-08-31 fall
    in February 2027, which has no 31st; 2027-03-01 is a Monday. (Calendar arithmetic alone
    would have said 2027-02-28, a day early against the producer's right.)"""
    due = due_date(category="insumo", start=date(2025, 8, 31), programme_end=None)
    assert due.on == date(2027, 3, 1)
    assert "CFF art. 12" in due.basis


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        (date(2026, 6, 25), date(2027, 12, 27), "2027-12-25 is a Saturday and a holiday"),
        (date(2026, 3, 16), date(2027, 9, 17), "16 September"),
        (date(2025, 9, 15), date(2027, 3, 16), "third Monday of March"),
        (date(2025, 11, 1), date(2027, 5, 3), "2027-05-01 is a Saturday; 1 May"),
        (date(2026, 5, 15), date(2027, 11, 16), "third Monday of November"),
        (date(2025, 8, 1), date(2027, 2, 2), "first Monday of February"),
    ],
)
def test_a_month_term_ending_on_a_non_business_day_moves_to_the_next_business_day(
    start: date, end: date, why: str
) -> None:
    """CFF art. 12: a last day that is "un dia inhabil" extends the term to the next
    business day; the days of the article are the weekend and its listed holidays."""
    assert due_date(category="insumo", start=start, programme_end=None).on == end, why


def test_a_day_the_user_loads_as_non_business_extends_a_term_ending_on_it() -> None:
    """Vacaciones generales are dated data (non_business_days): loaded, they count."""
    days = shipped().with_days([date(2027, 7, 5), date(2027, 7, 6)])
    due = due_date(category="insumo", start=date(2026, 1, 5), programme_end=None, calendar=days)
    assert due.on == date(2027, 7, 7)


def test_machinery_is_due_at_the_programmes_end_and_unknown_when_it_is_unknown() -> None:
    start = date(2026, 1, 20)
    assert due_date(
        category="activo_fijo", start=start, programme_end=date(2030, 12, 31)
    ).on == date(2030, 12, 31)
    unknown = due_date(category="activo_fijo", start=start, programme_end=None)
    assert unknown.on is None and "programme validity unknown" in unknown.basis


def test_an_extension_overrides_the_term_and_names_its_evidence() -> None:
    due = due_date(
        category="insumo",
        start=date(2026, 1, 5),
        programme_end=None,
        extended_to=date(2028, 1, 5),
        extension_ref="PZ-77",
    )
    assert due.on == date(2028, 1, 5) and "PZ-77" in due.basis


def test_the_migrations_build_exactly_the_schema_the_models_describe(ledger_url: str) -> None:
    with engine_for(ledger_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
