"""fixed assets' serials, brands and models; dated lists of sensitive goods

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 02:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _table(name: str, unique: list[str], *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f(f"fk_{name}_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["import_id"], ["import_file.id"], name=op.f(f"fk_{name}_import_id_import_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("company_id", *unique, name=op.f(f"uq_{name}_company_id")),
    )


def upgrade() -> None:
    _table(
        "fixed_asset",
        ["pedimento", "secuencia", "serial"],
        sa.Column("pedimento", sa.String(length=15), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("part_number", sa.String(length=80), nullable=False),
        sa.Column("serial", sa.String(length=80), nullable=False),
        sa.Column("brand", sa.String(length=80), nullable=True),
        sa.Column("model", sa.String(length=80), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
    )
    _table(
        "sensitive_good",
        ["list", "code", "valid_from"],
        sa.Column("list", sa.String(length=80), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sensitive_good")
    op.drop_table("fixed_asset")
