"""Terms of stay (LA art. 108) and the schema's migrations."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

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


def test_a_month_term_ends_on_the_same_day_or_the_months_last_day() -> None:
    assert add_months(date(2026, 1, 5), 18) == date(2027, 7, 5)
    assert add_months(date(2025, 8, 31), 18) == date(2027, 2, 28)
    assert add_months(date(2026, 2, 28), 24) == date(2028, 2, 28)


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
