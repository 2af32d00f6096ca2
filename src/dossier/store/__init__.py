"""Where documents (and, later, what is extracted from them) are kept.

``Store("dossier.db")`` opens or creates a SQLite file and brings its schema up to
date; see ``docs/store.md`` for the tables, written for analysts who open the file
in ``sqlite3`` or Datasette.
"""

from __future__ import annotations

from dossier.store.fts import Hit, SearchError
from dossier.store.store import (
    AmbiguousId,
    DocumentInfo,
    DocumentNotFound,
    NoDatabase,
    Stats,
    Store,
    StoredDocument,
    StoreError,
)

__all__ = [
    "AmbiguousId",
    "DocumentInfo",
    "DocumentNotFound",
    "Hit",
    "NoDatabase",
    "SearchError",
    "Stats",
    "Store",
    "StoreError",
    "StoredDocument",
]
