"""The tables of a Dossier store, as SQLAlchemy Core.

Portable on purpose: only generic types (``String``, ``Text``, ``Integer``,
``DateTime``, ``LargeBinary``), so the same schema runs on PostgreSQL later. What
only SQLite has (the FTS5 full-text index and its triggers) lives in
:mod:`dossier.store.fts` and is created by the migrations when the dialect is SQLite.

This module describes the *current* shape, for queries. The database is created and
changed only by the Alembic revisions in ``migrations/versions``: a new table for a
later issue (actors, events, ...) is added here and in a new revision.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

# Predictable constraint names, so that later revisions can alter them by name
# (and SQLite batch migrations can recreate tables without guessing).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

documents = Table(
    "documents",
    metadata,
    # SHA-256 of the text (hex prefix): the same content has the same id whatever file it came from.
    Column("id", String(64), primary_key=True),
    # Ingestion order (1, 2, 3, ...), and the rowid of the document in the full-text index.
    Column("seq", Integer, nullable=False, unique=True),
    Column("name", Text),  # file name, or JSON Lines record id
    Column("source", Text, nullable=False),  # path, or "path#line"
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("published", String(10)),  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    Column("language", String(16)),  # ISO 639-1 as the reader detected it, or NULL
    Column("words", Integer, nullable=False, default=0),
    Column("format", String(16), nullable=False),  # txt | html | pdf | jsonl
    Column("chars", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # The earliest stored version of a syndicated copy; NULL for originals.
    Column(
        "near_duplicate_of",
        String(64),
        ForeignKey("documents.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("meta_json", Text, nullable=False, default="{}"),  # reader metadata, JSON object
    Column("text", Text, nullable=False),
    Index("ix_documents_published", "published"),
    Index("ix_documents_outlet", "outlet"),
    Index("ix_documents_near_duplicate_of", "near_duplicate_of"),
)

document_signatures = Table(
    "document_signatures",
    metadata,
    Column(
        "document_id",
        String(64),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # How the signature was made, e.g. "minhash/affine32/128/seed1/w5"; a signature
    # whose scheme differs from the current one is recomputed from the text.
    Column("scheme", String(64), nullable=False),
    Column("minhash", LargeBinary, nullable=False),  # the hash values, little-endian
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),  # running | finished | interrupted | crashed
    Column("inputs_json", Text, nullable=False, default="[]"),  # the paths given, JSON list
    Column("ingested", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("near_duplicates", Integer, nullable=False, default=0),
    Column("non_english", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
)

ingest_errors = Table(
    "ingest_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False),
    Column("path", Text, nullable=False),
    Column("line", Integer),
    Column("reason", Text, nullable=False),
    Index("ix_ingest_errors_run_id", "run_id"),
)
