"""what the validation file declares beside the partidas (records 505, 510/556/557/702,
512, 553), the Apendice 15 region, the line's destination, brand and model, withdrawals

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(20, 2)
QUANTITY = sa.Numeric(24, 6)


def _child(name: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pedimento_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["pedimento_id"], ["pedimento.id"], name=op.f(f"fk_{name}_pedimento_id_pedimento")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_pedimento_id"), name, ["pedimento_id"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("pedimento", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("importer_rfc", sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column("withdrawn", sa.String(length=300), nullable=True))
    with op.batch_alter_table("pedimento_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("destination", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("brand", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("model", sa.String(length=80), nullable=True))
    _child(
        "pedimento_invoice",
        sa.Column("document", sa.String(length=60), nullable=False),
        sa.Column("on", sa.Date(), nullable=True),
        sa.Column("incoterm", sa.String(length=3), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("value_usd", MONEY, nullable=True),
        sa.Column("value_currency", MONEY, nullable=True),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("tax_id", sa.String(length=30), nullable=True),
        sa.Column("party", sa.String(length=120), nullable=True),
    )
    _child(
        "contribution",
        sa.Column("record", sa.String(length=3), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=True),
        sa.Column("contribution", sa.String(length=3), nullable=False),
        sa.Column("payment_form", sa.String(length=3), nullable=True),
        sa.Column("amount", MONEY, nullable=True),
        sa.Column("rate", sa.Numeric(26, 10), nullable=True),
        sa.Column("rate_type", sa.String(length=2), nullable=True),
    )
    _child(
        "descargo",
        sa.Column("original", sa.String(length=15), nullable=False),
        sa.Column("clave", sa.String(length=2), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("fraccion", sa.String(length=8), nullable=True),
        sa.Column("umt", sa.String(length=3), nullable=True),
        sa.Column("quantity", QUANTITY, nullable=True),
    )
    _child(
        "permit",
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("clave", sa.String(length=3), nullable=False),
        sa.Column("signature", sa.String(length=60), nullable=True),
        sa.Column("permit", sa.String(length=60), nullable=True),
        sa.Column("value_usd", MONEY, nullable=True),
        sa.Column("quantity", QUANTITY, nullable=True),
    )


def downgrade() -> None:
    for name in ("permit", "descargo", "contribution", "pedimento_invoice"):
        op.drop_index(op.f(f"ix_{name}_pedimento_id"), table_name=name)
        op.drop_table(name)
    with op.batch_alter_table("pedimento_line", schema=None) as batch_op:
        for column in ("model", "brand", "destination"):
            batch_op.drop_column(column)
    with op.batch_alter_table("pedimento", schema=None) as batch_op:
        for column in ("withdrawn", "importer_rfc", "region"):
            batch_op.drop_column(column)
