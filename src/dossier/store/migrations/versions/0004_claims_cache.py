"""A cache table for claims computed over the whole store (a materialised view).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims_cache",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("data_version", sa.String(200), nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_claims_cache"),
    )


def downgrade() -> None:
    op.drop_table("claims_cache")
