"""Documents, their near-duplicate signatures, ingest runs, and the full-text index.

Revision ID: 0001
Revises:
Create Date: 2026-01-01

The tables are written out here rather than taken from ``schema.py``: a revision is
a record of what the database looked like at that step, and must not change when
``schema.py`` grows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dossier.store import fts

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.String(16)),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("near_duplicate_of", sa.String(64), nullable=True),
        sa.Column("meta_json", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("seq", name="uq_documents_seq"),
        sa.ForeignKeyConstraint(
            ["near_duplicate_of"],
            ["documents.id"],
            name="fk_documents_near_duplicate_of_documents",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_outlet", "documents", ["outlet"])
    op.create_index("ix_documents_near_duplicate_of", "documents", ["near_duplicate_of"])

    op.create_table(
        "document_signatures",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("scheme", sa.String(64), nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_signatures"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_document_signatures_document_id_documents",
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("inputs_json", sa.Text, nullable=False),
        sa.Column("ingested", sa.Integer, nullable=False),
        sa.Column("duplicates", sa.Integer, nullable=False),
        sa.Column("near_duplicates", sa.Integer, nullable=False),
        sa.Column("non_english", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )

    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_errors"),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ingest_runs.id"],
            name="fk_ingest_errors_run_id_ingest_runs",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_ingest_errors_run_id", "ingest_errors", ["run_id"])

    fts.install(op.get_bind())


def downgrade() -> None:
    fts.uninstall(op.get_bind())
    op.drop_table("ingest_errors")
    op.drop_table("ingest_runs")
    op.drop_table("document_signatures")
    op.drop_index("ix_documents_near_duplicate_of", "documents")
    op.drop_index("ix_documents_outlet", "documents")
    op.drop_index("ix_documents_published", "documents")
    op.drop_table("documents")
