"""Fixtures for the export tests: a tiny store with an extracted record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from export_fixture import build_record

from dossier.store import Store


@pytest.fixture
def record_db(tmp_path: Path) -> Path:
    return build_record(tmp_path / "dossier.db")


@pytest.fixture
def store(record_db: Path) -> Iterator[Store]:
    with Store(record_db, create=False) as s:
        yield s
