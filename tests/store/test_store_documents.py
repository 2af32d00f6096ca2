"""Storing and reading documents: one transaction each, lookups, listing, stats."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dossier.ingest.readers import document_id
from dossier.model import Document
from dossier.store import AmbiguousId, DocumentNotFound, Store


def doc(text: str, **fields: object) -> Document:
    fields.setdefault("source", "test.txt")
    fields.setdefault("language", "en")
    return Document(id=document_id(text), text=text, words=len(text.split()), **fields)


AMBUSH = doc(
    "Fighters of the Ashen Brigade ambushed a supply convoy near Tarsk on Tuesday.",
    title="Convoy ambushed near Tarsk",
    outlet="Marches Gazette",
    published="2023-05-02",
    name="ambush.txt",
    meta={"author": "R. Vell", "tags": ["convoy"]},
)
SHELLING = doc(
    "Artillery of the Valley Guard shelled two villages in the Emmer valley overnight.",
    title="Villages shelled",
    outlet="Northern Courier",
    published="2024-01-15",
    name="shelling.txt",
)
FRENCH = doc(
    "La Garde de la vallée a bombardé deux villages pendant la nuit, selon des témoins.",
    language="fr",
    name="garde.txt",
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "dossier.db") as store:
        yield store


def test_add_and_get_round_trip(store: Store) -> None:
    assert store.add(AMBUSH, signature=("test", b"\x01\x02"))
    got = store.get(AMBUSH.id)
    assert got.text == AMBUSH.text
    assert (got.title, got.outlet, got.published, got.name) == (
        "Convoy ambushed near Tarsk",
        "Marches Gazette",
        "2023-05-02",
        "ambush.txt",
    )
    assert got.meta == {"author": "R. Vell", "tags": ["convoy"]}
    assert got.chars == len(AMBUSH.text)
    assert got.seq == 1
    assert got.to_document() == AMBUSH
    assert store.check() == []


def test_the_same_content_is_not_stored_twice(store: Store) -> None:
    assert store.add(AMBUSH, signature=("test", b"x"))
    copy = doc(AMBUSH.text, source="elsewhere/copy.txt", title="Another title")
    assert copy.id == AMBUSH.id
    assert store.add(copy, signature=("test", b"x")) is False
    assert store.count() == 1
    assert store.get(AMBUSH.id).source == "test.txt"


def test_lookup_by_prefix_and_file_name(store: Store) -> None:
    store.add(AMBUSH)
    store.add(SHELLING)
    assert store.get(AMBUSH.id[:6]).id == AMBUSH.id
    assert store.get("shelling.txt").id == SHELLING.id
    with pytest.raises(DocumentNotFound, match="no document with id 'ffffzz'"):
        store.get("ffffzz")
    with pytest.raises(DocumentNotFound):
        store.get("%")  # LIKE wildcards are not wildcards here
    with pytest.raises(DocumentNotFound):
        store.get("  ")


def test_an_ambiguous_prefix_names_the_candidates(store: Store) -> None:
    a = Document(id="abc111", text="First invented report.", source="a")
    b = Document(id="abc222", text="Second invented report.", source="b")
    store.add(a)
    store.add(b)
    with pytest.raises(AmbiguousId, match="abc111, abc222"):
        store.get("abc")


def test_documents_are_listed_in_ingestion_order_without_texts(store: Store) -> None:
    for d in (SHELLING, AMBUSH, FRENCH):
        store.add(d)
    listed = store.documents()
    assert [d.id for d in listed] == [SHELLING.id, AMBUSH.id, FRENCH.id]
    assert [d.seq for d in listed] == [1, 2, 3]
    assert not hasattr(listed[0], "text")
    assert [d.is_english for d in listed] == [True, True, False]
    assert [d.id for d in store.documents(limit=1, offset=1)] == [AMBUSH.id]
    assert [d.id for d in store.iter_documents(batch=2)] == [SHELLING.id, AMBUSH.id, FRENCH.id]


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    """Document row, full-text row and signature commit together or not at all."""

    def crash() -> None:
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        store.add(AMBUSH, signature=("test", b"x"), during=crash)
    assert store.count() == 0
    assert store.search("ambushed") == []
    assert list(store.iter_signatures()) == []
    assert store.check() == []
    assert store.add(AMBUSH, signature=("test", b"x"))
    assert [h.id for h in store.search("ambushed")] == [AMBUSH.id]


def test_relink_points_a_group_at_its_new_head(store: Store) -> None:
    older = doc("An invented report, the original.", published="2020-01-01")
    copy1 = doc("An invented report, copy one.")
    copy2 = doc("An invented report, copy two.")
    store.add(copy1)
    store.add(copy2, near_duplicate_of=copy1.id)
    store.add(older, relink=[copy1.id])
    links = {d.id: d.near_duplicate_of for d in store.documents()}
    assert links == {copy1.id: older.id, copy2.id: older.id, older.id: None}


def test_stats_count_by_format_language_outlet_and_year(store: Store) -> None:
    store.add(AMBUSH)
    store.add(SHELLING, near_duplicate_of=AMBUSH.id)
    store.add(FRENCH)
    stats = store.stats()
    assert stats.documents == 3
    assert stats.words == sum(d.words for d in (AMBUSH, SHELLING, FRENCH))
    assert stats.near_duplicates == 1
    assert stats.non_english == 1
    assert stats.by_language == {"en": 2, "fr": 1}
    assert stats.by_format == {"txt": 3}
    assert stats.by_year == {"2023": 1, "2024": 1, "unknown": 1}
    assert stats.by_outlet == {"unknown": 1, "Marches Gazette": 1, "Northern Courier": 1}
    assert stats.to_dict()["documents"] == 3


def test_runs_and_errors_are_recorded(store: Store, tmp_path: Path) -> None:
    from dossier.ingest.base import ReadError

    run = store.begin_run(["reports/"])
    store.record_error(run, ReadError("reports/bad.jsonl", "invalid JSON", line=3))
    store.finish_run(run, "finished", {"ingested": 2, "failed": 1})
    with sqlite3.connect(tmp_path / "dossier.db") as conn:
        assert conn.execute(
            "SELECT status, ingested, failed, inputs_json FROM ingest_runs"
        ).fetchall() == [("finished", 2, 1, '["reports/"]')]
        assert conn.execute("SELECT run_id, path, line, reason FROM ingest_errors").fetchall() == [
            (run, "reports/bad.jsonl", 3, "invalid JSON")
        ]


def test_an_analyst_deleting_a_row_keeps_the_index_consistent(store: Store, tmp_path: Path) -> None:
    store.add(AMBUSH, signature=("test", b"x"))
    store.add(SHELLING, signature=("test", b"y"), near_duplicate_of=AMBUSH.id)
    with sqlite3.connect(tmp_path / "dossier.db") as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM documents WHERE id = ?", (AMBUSH.id,))
    assert store.search("ambushed") == []
    assert store.get(SHELLING.id).near_duplicate_of is None  # ON DELETE SET NULL
    assert [key for key, _, _ in store.iter_signatures()] == [SHELLING.id]  # CASCADE
    assert store.check() == []
