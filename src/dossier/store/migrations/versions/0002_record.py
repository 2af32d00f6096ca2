"""The extracted record: per-document extraction status, actors and their aliases and
mentions, places and their mentions, events, numbers, relations, analyst curations,
and two views (``actors_resolved``, ``events_valid``) for analysts' SQL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-02

Written out rather than taken from ``schema.py`` (see 0001): this is what the
database looked like at this step.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Any id (a merged one too) -> the actor that answers for it, with that actor's fields.
# Merges are kept flat (merged_into always names an actor that is not merged itself),
# so one join is enough.
ACTORS_RESOLVED = """
CREATE VIEW actors_resolved AS
SELECT a.id AS id,
       COALESCE(a.merged_into, a.id) AS canonical_id,
       c.name AS name,
       c.kind AS kind,
       c.country AS country,
       c.kb_id AS kb_id
FROM actors AS a
JOIN actors AS c ON c.id = COALESCE(a.merged_into, a.id)
"""

# Events an analyst has not marked wrong: what every view of the record reads.
EVENTS_VALID = "CREATE VIEW events_valid AS SELECT * FROM events WHERE wrong = 0"


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=f"fk_{table}_{column}_{ref_table}", ondelete=ondelete
    )


def _evidence() -> list[sa.Column]:
    return [
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "document_extractions",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("kb_version", sa.String(64), nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_extractions"),
        _fk("document_extractions", "document_id", "documents.id", "CASCADE"),
    )

    op.create_table(
        "actors",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(3)),
        sa.Column("kb_id", sa.String(200)),
        sa.Column("merged_into", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name="pk_actors"),
        _fk("actors", "merged_into", "actors.id", "SET NULL"),
    )
    op.create_index("ix_actors_name", "actors", ["name"])

    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("actor_id", "alias", name="pk_actor_aliases"),
        _fk("actor_aliases", "actor_id", "actors.id", "CASCADE"),
    )

    op.create_table(
        "actor_mentions",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_actor_mentions"),
        _fk("actor_mentions", "document_id", "documents.id", "CASCADE"),
        _fk("actor_mentions", "actor_id", "actors.id"),
    )
    op.create_index("ix_actor_mentions_document_id", "actor_mentions", ["document_id"])
    op.create_index("ix_actor_mentions_actor_id", "actor_mentions", ["actor_id"])

    op.create_table(
        "places",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("admin1", sa.Text),
        sa.Column("country", sa.String(3)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geonames_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
    )
    op.create_index("ix_places_name", "places", ["name"])

    op.create_table(
        "place_mentions",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("place_id", sa.String(200), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_place_mentions"),
        _fk("place_mentions", "document_id", "documents.id", "CASCADE"),
        _fk("place_mentions", "place_id", "places.id"),
    )
    op.create_index("ix_place_mentions_document_id", "place_mentions", ["document_id"])
    op.create_index("ix_place_mentions_place_id", "place_mentions", ["place_id"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("mode", sa.Text),
        sa.Column("actor1_id", sa.String(200)),
        sa.Column("actor2_id", sa.String(200)),
        sa.Column("place_id", sa.String(200)),
        sa.Column("date", sa.String(10)),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("attributed_to", sa.Text),
        sa.Column("attributed_actor_id", sa.String(200)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("fatalities", sa.Integer),
        sa.Column("quantities_json", sa.Text, nullable=False),
        *_evidence(),
        sa.Column("explain_json", sa.Text, nullable=False),
        sa.Column("wrong", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        _fk("events", "document_id", "documents.id", "CASCADE"),
        _fk("events", "actor1_id", "actors.id"),
        _fk("events", "actor2_id", "actors.id"),
        _fk("events", "place_id", "places.id"),
        _fk("events", "attributed_actor_id", "actors.id"),
    )
    op.create_index("ix_events_document_id", "events", ["document_id"])
    op.create_index("ix_events_type_date", "events", ["type", "date"])
    op.create_index("ix_events_actor1_id", "events", ["actor1_id"])
    op.create_index("ix_events_actor2_id", "events", ["actor2_id"])
    op.create_index("ix_events_place_id", "events", ["place_id"])
    op.create_index("ix_events_date", "events", ["date"])

    op.create_table(
        "numbers",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("about", sa.Text),
        sa.Column("approximate", sa.Integer, nullable=False),
        sa.Column("attributed_to", sa.Text),
        sa.Column("attributed_actor_id", sa.String(200)),
        sa.Column("event_id", sa.String(100)),
        sa.Column("place_id", sa.String(200)),
        sa.Column("date", sa.String(10)),
        *_evidence(),
        sa.PrimaryKeyConstraint("id", name="pk_numbers"),
        _fk("numbers", "document_id", "documents.id", "CASCADE"),
        _fk("numbers", "attributed_actor_id", "actors.id"),
        _fk("numbers", "event_id", "events.id", "SET NULL"),
        _fk("numbers", "place_id", "places.id"),
    )
    op.create_index("ix_numbers_document_id", "numbers", ["document_id"])
    op.create_index("ix_numbers_kind", "numbers", ["kind"])

    op.create_table(
        "relations",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("predicate", sa.String(32), nullable=False),
        sa.Column("object_id", sa.String(200), nullable=False),
        *_evidence(),
        sa.PrimaryKeyConstraint("id", name="pk_relations"),
        _fk("relations", "document_id", "documents.id", "CASCADE"),
        _fk("relations", "subject_id", "actors.id"),
        _fk("relations", "object_id", "actors.id"),
    )
    op.create_index("ix_relations_document_id", "relations", ["document_id"])
    op.create_index("ix_relations_subject_id", "relations", ["subject_id"])
    op.create_index("ix_relations_object_id", "relations", ["object_id"])

    op.create_table(
        "curations",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("args_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_curations"),
    )

    op.execute(ACTORS_RESOLVED)
    op.execute(EVENTS_VALID)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS events_valid")
    op.execute("DROP VIEW IF EXISTS actors_resolved")
    op.drop_table("curations")
    for table in ("relations", "numbers", "events", "place_mentions", "places"):
        op.drop_table(table)
    op.drop_table("actor_mentions")
    op.drop_table("actor_aliases")
    op.drop_table("actors")
    op.drop_table("document_extractions")
