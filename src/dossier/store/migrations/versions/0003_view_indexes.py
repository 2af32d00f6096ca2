"""Indexes for the read-side views (timeline, actor listing, actor network).

Revision ID: 0003
Revises: 0002
Create Date: 2026-01-03

Measured with ``benchmarks/query.py`` on 100,000 generated events:

* ``ix_events_date_type_wrong`` covers the timeline (``WHERE wrong = 0 GROUP BY
  substr(date, ...), type``): SQLite reads the index, not the rows with their
  evidence text. ``wrong`` comes last on purpose: as a leading column, an equality
  on it (true of almost every row) lures the planner away from better indexes;
* ``ix_events_pair`` (actor1, actor2, type, wrong, status, date) covers the
  network's grouping of edges and the counts of events in the first role;
* ``ix_events_actor2_type`` covers the counts of events in the second role;
* ``ix_actor_mentions_actor_document`` covers "how many documents name each actor";
* ``ix_numbers_event_id`` and ``ix_numbers_place_id`` let the claims of one actor or
  one place reach their figures through the events' indexes instead of scanning
  every figure.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_events_date_type_wrong": ("events", ["date", "type", "wrong"]),
    "ix_events_pair": ("events", ["actor1_id", "actor2_id", "type", "wrong", "status", "date"]),
    "ix_events_actor2_type": ("events", ["actor2_id", "type", "wrong"]),
    "ix_actor_mentions_actor_document": ("actor_mentions", ["actor_id", "document_id"]),
    "ix_numbers_event_id": ("numbers", ["event_id"]),
    "ix_numbers_place_id": ("numbers", ["place_id", "date"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table)
