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
    Float,
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


# ---------------------------------------------------------------------------
# The extracted record (issue "Across documents"). One row set per document,
# written in the same transaction as the document (or replaced by `reextract`).
# Actor and place ids are *resolved* ids, shared across documents:
#   actors.id  = the knowledge-base id ("quds-force") for known actors, or
#                "x:<name key>" (dossier.normalize.name_key) for others;
#   places.id  = the gazetteer id ("geonames:94787", "admin1:IQ-DI", "dossier:...").

document_extractions = Table(
    "document_extractions",
    metadata,
    Column(
        "document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "extractor_version", String(32), nullable=False
    ),  # dossier.extract.pipeline.EXTRACTOR_VERSION
    Column("kb_version", String(64), nullable=False),  # hash of the knowledge files read
    Column("extracted_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),  # ok | not_english | error
    Column("error", Text),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),  # canonical name
    Column("kind", String(32), nullable=False),
    Column("country", String(3)),
    Column("kb_id", String(200)),  # knowledge-base id, NULL for actors found by rules
    # Analyst curation: this record was merged into another (see `curations`).
    Column("merged_into", String(200), ForeignKey("actors.id", ondelete="SET NULL")),
    Index("ix_actors_name", "name"),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", String(200), ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", Text, primary_key=True),
    Column("origin", String(16), nullable=False),  # seen | kb | analyst
)

actor_mentions = Table(
    "actor_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("actor_id", String(200), ForeignKey("actors.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("rule", String(32), nullable=False),
    Index("ix_actor_mentions_document_id", "document_id"),
    Index("ix_actor_mentions_actor_id", "actor_id"),
    Index("ix_actor_mentions_actor_document", "actor_id", "document_id"),
)

places = Table(
    "places",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("admin1", Text),
    Column("country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", Integer),
    Index("ix_places_name", "name"),
)

place_mentions = Table(
    "place_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("place_id", String(200), ForeignKey("places.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_place_mentions_document_id", "document_id"),
    Index("ix_place_mentions_place_id", "place_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(100), primary_key=True),  # "<document id>:<e1>"
    Column(
        "document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("type", String(16), nullable=False),  # PLOVER type
    Column("mode", Text),
    Column("actor1_id", String(200), ForeignKey("actors.id")),
    Column("actor2_id", String(200), ForeignKey("actors.id")),
    Column("place_id", String(200), ForeignKey("places.id")),
    Column("date", String(10)),  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    Column("date_precision", String(8)),  # day | month | year
    Column("attributed_to", Text),  # canonical name of who the text credits, NULL = author
    Column("attributed_actor_id", String(200), ForeignKey("actors.id")),
    Column("status", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("fatalities", Integer),  # the most conservative "killed" figure stated with the event
    Column("quantities_json", Text, nullable=False, default="[]"),  # [{"value", "kind"}]
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("explain_json", Text, nullable=False, default="{}"),
    Column("wrong", Integer, nullable=False, default=0),  # 1 when an analyst marked it wrong
    Index("ix_events_document_id", "document_id"),
    Index("ix_events_type_date", "type", "date"),
    Index("ix_events_actor1_id", "actor1_id"),
    Index("ix_events_actor2_id", "actor2_id"),
    Index("ix_events_place_id", "place_id"),
    Index("ix_events_date", "date"),
    # read-side views (migration 0003): timeline, network edges, second-role counts
    Index("ix_events_date_type_wrong", "date", "type", "wrong"),
    Index("ix_events_pair", "actor1_id", "actor2_id", "type", "wrong", "status", "date"),
    Index("ix_events_actor2_type", "actor2_id", "type", "wrong"),
)

numbers = Table(
    "numbers",
    metadata,
    Column("id", String(100), primary_key=True),  # "<document id>:n<k>"
    Column(
        "document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("value", Float, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("about", Text),
    Column("approximate", Integer, nullable=False, default=0),
    Column("attributed_to", Text),
    Column("attributed_actor_id", String(200), ForeignKey("actors.id")),
    Column(
        "event_id", String(100), ForeignKey("events.id", ondelete="SET NULL")
    ),  # the event it counts, if any
    Column(
        "place_id", String(200), ForeignKey("places.id")
    ),  # place named in the same sentence, if any
    Column("date", String(10)),  # date of the sentence or the document's date line
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Index("ix_numbers_document_id", "document_id"),
    Index("ix_numbers_kind", "kind"),
    Index("ix_numbers_event_id", "event_id"),
    Index("ix_numbers_place_id", "place_id", "date"),
)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("subject_id", String(200), ForeignKey("actors.id"), nullable=False),
    Column("predicate", String(32), nullable=False),
    Column("object_id", String(200), ForeignKey("actors.id"), nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Index("ix_relations_document_id", "document_id"),
    Index("ix_relations_subject_id", "subject_id"),
    Index("ix_relations_object_id", "object_id"),
)

# Analyst curation, stored as data and replayed after every (re-)extraction, so
# it survives re-extraction: merge A into B, add an alias to A, split names off
# A into a new actor, mark an event wrong (by document id + evidence span + type,
# which stay stable across re-extraction, not by event id).
curations = Table(
    "curations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),  # merge | alias | split | event_wrong
    Column("args_json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
)

# A materialised view: claims computed over the whole store, kept until the record
# changes (``data_version`` is derived from the record's extraction times and the
# curations), so that listing claims answers at once on a large store.
claims_cache = Table(
    "claims_cache",
    metadata,
    Column("key", String(200), primary_key=True),  # which kinds, with which rules
    Column("data_version", String(200), nullable=False),
    Column("payload", LargeBinary, nullable=False),  # the claims, serialised
    Column("computed_at", DateTime(timezone=True), nullable=False),
)
