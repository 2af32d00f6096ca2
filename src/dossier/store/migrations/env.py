"""Alembic environment: runs the revisions on the connection the Store hands over.

The Store passes its open connection in ``config.attributes["connection"]``, so the
migrations run with the same SQLite settings (WAL, foreign keys) and need no URL.
Offline (``--sql``) mode is not supported: Dossier migrates databases it opens.
"""

from __future__ import annotations

from alembic import context

from dossier.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from a hand-run alembic
    raise RuntimeError("the Dossier migrations run through dossier.store.Store, not alembic")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
