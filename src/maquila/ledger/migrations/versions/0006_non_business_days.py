"""days the user loads as non-business (CFF art. 12)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 20:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "non_business_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_non_business_day_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["import_file.id"],
            name=op.f("fk_non_business_day_import_id_import_file"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_non_business_day")),
        sa.UniqueConstraint("company_id", "day", name=op.f("uq_non_business_day_company_id")),
    )


def downgrade() -> None:
    op.drop_table("non_business_day")
