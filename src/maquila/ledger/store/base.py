"""The declarative base of the ledger's tables, their naming convention (Alembic) and
their exact decimal types."""

from __future__ import annotations

from typing import cast

from sqlalchemy import MetaData, Numeric, Table
from sqlalchemy.orm import DeclarativeBase

QUANTITY = Numeric(24, 6)
MONEY = Numeric(20, 2)
RATE = Numeric(14, 6)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table(model: type[Base]) -> Table:
    """The model's Core table, for bulk inserts that skip ORM objects."""
    return cast(Table, model.__table__)
