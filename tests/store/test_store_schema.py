"""The database file: created by the migrations, in WAL mode, with foreign keys on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dossier.store import NoDatabase, Store, StoreError
from dossier.store.schema import metadata
from dossier.store.store import alembic_config

TABLES = {"documents", "document_signatures", "ingest_runs", "ingest_errors", "alembic_version"}


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def test_open_creates_the_schema_through_the_migrations(tmp_path: Path) -> None:
    db = tmp_path / "dossier.db"
    with Store(db):
        pass
    names = tables(db)
    assert names >= TABLES | {"documents_fts"}
    with sqlite3.connect(db) as conn:
        [(version,)] = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        triggers = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    assert triggers == {"documents_fts_insert", "documents_fts_delete", "documents_fts_update"}
    assert version == _head_revision()


def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from dossier.store.store import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_connections_have_foreign_keys_on(tmp_path: Path) -> None:
    with Store(tmp_path / "d.db") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_schema_module_matches_the_migrations(tmp_path: Path) -> None:
    """schema.py (used for queries) and the revisions (which build the file) agree."""
    with Store(tmp_path / "d.db") as store, store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    ours = [
        d
        for d in diffs
        if not (d[0] == "remove_table" and d[1].name.startswith("documents_fts"))
        and not (d[0] == "remove_table" and d[1].name == "alembic_version")
    ]
    assert ours == []


def test_reopening_is_idempotent_and_keeps_data(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    with Store(db) as store:
        run = store.begin_run(["x"])
    with Store(db) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT id FROM ingest_runs").scalars().all() == [run]


def test_downgrade_and_upgrade_round_trip(tmp_path: Path) -> None:
    """Later revisions rely on a clean downgrade/upgrade path."""
    db = tmp_path / "d.db"
    with Store(db) as store, store.engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    assert tables(db) == {"alembic_version"}
    with Store(db):  # opening upgrades again
        pass
    assert tables(db) >= TABLES | {"documents_fts"}


def test_read_commands_do_not_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    with pytest.raises(
        NoDatabase, match=r"no database at .*missing\.db: run `dossier ingest` first"
    ):
        Store(db, create=False)
    assert not db.exists()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(bogus)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nowhere" / "d.db")


def test_a_sqlalchemy_url_is_accepted(tmp_path: Path) -> None:
    db = tmp_path / "url.db"
    with Store(f"sqlite:///{db}") as store:
        assert store.path == db.resolve()
    assert "documents" in tables(db)


def test_a_database_from_a_newer_dossier_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    with Store(db):
        pass
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    with pytest.raises(StoreError, match="schema version 0999, made by a newer Dossier"):
        Store(db)
