"""The extracted record in the store: written with its document in one transaction,
re-extracted when the extractor or the knowledge changes, and never half there."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import dossier.store.record as record
from dossier.ingest.pipeline import IngestInterrupted, ingest_documents
from dossier.ingest.readers import document_id
from dossier.model import Document
from dossier.store import Store
from dossier.store.record import (
    ExtractOutcome,
    RecordWriteError,
    current_versions,
    delete_record,
    document_record,
    extract_outcome,
    kb_version,
    prune,
    reextract,
    write_record,
)

# Invented reports: real places and KB actors, made-up people and sentences.
SHELLING = (
    "Title: Shelling near Baqubah\nDate: 2024-03-02\n\n"
    "Colonel Abu Haidar al-Zubaidi said on Monday that fighters of the Qods Force had shelled "
    "a checkpoint near Baqubah, killing 12 soldiers. Zubaidi said the attack began at dawn. "
    "A medic counted 30 wounded at the main clinic.\n"
)
WITHDRAWAL = (
    "Title: Withdrawal from Muqdadiyah\nDate: 2024-03-05\n\n"
    "Abou Haydar Zubeidi told reporters that the Quds Force withdrew from Muqdadiyah after "
    "40 fighters were killed in Diyala on Sunday.\n"
)
TALKS = (
    "Title: Talks in Samarra\nDate: 2024-04-10\n\n"
    "Major Karim Hassoun met Colonel Abu Haidar al-Zubaidi in Samarra on Tuesday. The Tarsk "
    "Martyrs Brigade attacked a police post near Samarra, killing 3 policemen, Hassoun said.\n"
)
FRENCH = (
    "La brigade de Tarsk a bombardé deux villages pendant la nuit, selon des témoins. Les "
    "habitants ont fui vers la ville voisine et les autorités ont demandé une enquête.\n"
)
RECORD_TABLES = (
    "document_extractions",
    "actors",
    "actor_aliases",
    "actor_mentions",
    "places",
    "place_mentions",
    "events",
    "numbers",
    "relations",
)


def doc(text: str, language: str = "en", **fields: object) -> Document:
    fields.setdefault("source", f"{document_id(text)}.txt")
    return Document(
        id=document_id(text), text=text, words=len(text.split()), language=language, **fields
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "dossier.db") as store:
        yield store


def rows(store: Store, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(store.path) as conn:
        return conn.execute(sql, params).fetchall()


def count(store: Store, table: str, document: str | None = None) -> int:
    if document is None:
        return rows(store, f"SELECT count(*) FROM {table}")[0][0]
    column = "document_id"
    return rows(store, f"SELECT count(*) FROM {table} WHERE {column} = ?", document)[0][0]


def dump(store: Store) -> dict[str, list[tuple]]:
    """The record's content, without row numbers and times that a rewrite renews."""
    skip = {"id", "extracted_at"}
    out = {}
    with sqlite3.connect(store.path) as conn:
        for table in RECORD_TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            keep = [
                c
                for c in cols
                if c not in skip or table in ("actors", "places", "events", "numbers")
            ]
            quoted = ", ".join(f'"{c}"' for c in keep)
            out[table] = sorted(conn.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)
    return out


# -- ingest writes the record with the document ----------------------------------


def test_ingest_stores_each_documents_record_with_its_evidence(store: Store) -> None:
    a, b = doc(SHELLING), doc(WITHDRAWAL)
    summary = ingest_documents([a, b], store)
    assert summary.ingested == 2 and summary.extracted == 2 and summary.extract_errors == 0

    extractor, kb = current_versions()
    assert rows(
        store, "SELECT status, extractor_version, kb_version FROM document_extractions"
    ) == [
        ("ok", extractor, kb),
        ("ok", extractor, kb),
    ]
    # every stored span is the text it claims to be
    texts = {a.id: a.text, b.id: b.text}
    for table, start, end, text in (
        ("actor_mentions", "start", "end", "text"),
        ("place_mentions", "start", "end", "text"),
        ("events", "evidence_start", "evidence_end", "evidence_text"),
        ("numbers", "evidence_start", "evidence_end", "evidence_text"),
        ("relations", "evidence_start", "evidence_end", "evidence_text"),
    ):
        for doc_id, s, e, t in rows(
            store, f'SELECT document_id, "{start}", "{end}", "{text}" FROM {table}'
        ):
            assert texts[doc_id][s:e] == t, table
    assert count(store, "actor_mentions", a.id) >= 2
    assert count(store, "events", a.id) >= 1


def test_record_ids_and_derived_fields(store: Store) -> None:
    a = doc(SHELLING)
    ingest_documents([a], store)
    event_ids = [r[0] for r in rows(store, "SELECT id FROM events ORDER BY evidence_start, id")]
    assert event_ids[0].startswith(f"{a.id}:e")
    numbers = rows(
        store,
        "SELECT id, value, kind, event_id, place_id, date FROM numbers ORDER BY evidence_start",
    )
    assert [n[0] for n in numbers] == [f"{a.id}:n1", f"{a.id}:n2"]
    killed, wounded = numbers
    # 12 killed: inside an event's evidence, a place and a date in its sentence
    assert killed[1:3] == (12.0, "killed")
    assert killed[3] in event_ids
    assert killed[4] == "geonames:97990"  # Baqubah
    assert killed[5] == "2024-02-26"  # "on Monday", from the date line
    # 30 wounded: no date in its sentence, so the date line's month
    assert wounded[1:3] == (30.0, "injured") and wounded[5] == "2024-03"
    counted = rows(store, "SELECT fatalities, date_precision FROM events WHERE id = ?", killed[3])
    assert counted == [(12, "day")]
    # the figure's source, an actor of the record
    assert rows(store, "SELECT attributed_actor_id FROM numbers WHERE id = ?", killed[0]) == [
        ("x:abu hadar zubada",)
    ]


def test_actor_rows_and_spellings(store: Store) -> None:
    ingest_documents([doc(SHELLING)], store)
    assert rows(
        store, "SELECT id, name, kind, country, kb_id FROM actors WHERE id = 'quds-force'"
    ) == [("quds-force", "Quds Force", "armed_group", "IRN", "quds-force")]
    aliases = set(
        rows(store, "SELECT alias, origin FROM actor_aliases WHERE actor_id = 'quds-force'")
    )
    # the canonical name from the KB and the spelling seen; not the KB's other aliases
    assert aliases == {("Quds Force", "kb"), ("Qods Force", "seen")}
    person = set(
        rows(store, "SELECT alias, origin FROM actor_aliases WHERE actor_id = 'x:abu hadar zubada'")
    )
    assert person == {("Abu Haidar al-Zubaidi", "seen"), ("Zubaidi", "seen")}
    assert rows(store, "SELECT kb_id FROM actors WHERE id = 'x:abu hadar zubada'") == [(None,)]


def test_non_english_documents_get_a_status_and_nothing_else(store: Store) -> None:
    fr = doc(FRENCH, language="fr")
    summary = ingest_documents([fr], store)
    assert summary.non_english == 1 and summary.extracted == 0
    assert rows(store, "SELECT status, error FROM document_extractions") == [("not_english", None)]
    for table in RECORD_TABLES[1:]:
        assert count(store, table) == 0, table


def test_an_extraction_error_is_recorded_and_the_batch_goes_on(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dossier.extract.pipeline as pipeline

    real = pipeline.extract_document

    def flaky(document: Document, model: str | None = None):
        if "Muqdadiyah" in document.text:
            raise ValueError("the parser choked")
        return real(document, model)

    monkeypatch.setattr(pipeline, "extract_document", flaky)
    reported = []
    bad, good = doc(WITHDRAWAL), doc(SHELLING)
    summary = ingest_documents([bad, good], store, on_error=reported.append)
    assert summary.ingested == 2 and summary.extracted == 1 and summary.extract_errors == 1
    assert summary.failed == 0
    assert "1 not extracted (error)" in summary.message()
    assert "extraction failed: ValueError: the parser choked" in str(reported[0])
    status = dict(rows(store, "SELECT document_id, status FROM document_extractions"))
    assert status == {bad.id: "error", good.id: "ok"}
    assert rows(store, "SELECT error FROM document_extractions WHERE status = 'error'") == [
        ("ValueError: the parser choked",)
    ]
    assert count(store, "actor_mentions", bad.id) == 0
    assert count(store, "actor_mentions", good.id) > 0
    # once fixed, --errors retries it (plain reextract leaves current-version errors alone)
    monkeypatch.setattr(pipeline, "extract_document", real)
    assert reextract(store).considered == 0
    again = reextract(store, errors=True)
    assert again.considered == 1 and again.ok == 1


def _half_then(exc: BaseException):
    """A write_record that writes part of the record, then fails."""
    real = record.write_record

    def broken(conn, document_id, extraction, **kw):
        real(
            conn,
            document_id,
            extraction,
            curate=False,
            **{k: v for k, v in kw.items() if k != "curate"},
        )
        raise exc

    return broken


def test_a_record_that_cannot_be_written_leaves_nothing_of_its_document(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = doc(SHELLING), doc(WITHDRAWAL)
    monkeypatch.setattr(record, "write_record", _half_then(RuntimeError("disk on fire")))
    reported = []
    summary = ingest_documents([a], store, on_error=reported.append)
    assert summary.ingested == 0 and summary.failed == 1
    assert "could not store the record" in str(reported[0]) and "disk on fire" in str(reported[0])
    assert a.id not in store
    for table in RECORD_TABLES:
        assert count(store, table) == 0, table
    # the batch goes on, and the next run stores it
    monkeypatch.undo()
    summary = ingest_documents([a, b], store)
    assert summary.ingested == 2 and summary.extracted == 2


def test_a_crash_mid_record_leaves_no_document_and_no_record(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_documents([doc(WITHDRAWAL)], store)
    before = dump(store)
    a = doc(SHELLING)
    monkeypatch.setattr(record, "write_record", _half_then(KeyboardInterrupt()))
    with pytest.raises(IngestInterrupted):
        ingest_documents([a], store)
    assert a.id not in store
    assert dump(store) == before


def test_the_stores_during_hook_interrupts_document_and_record_together(store: Store) -> None:
    a = doc(SHELLING)
    outcome = extract_outcome(a)
    assert outcome.status == "ok"

    def crash() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.add(a, extraction=outcome, during=crash)
    assert a.id not in store and count(store, "actors") == 0
    assert store.add(a, extraction=outcome)
    assert count(store, "actor_mentions", a.id) > 0


def test_no_extract_stores_documents_only_and_reextract_catches_up(store: Store) -> None:
    a, b, fr = doc(SHELLING), doc(WITHDRAWAL), doc(FRENCH, language="fr")
    summary = ingest_documents([a, b, fr], store, extract=False)
    assert summary.ingested == 3 and summary.extracted == 0
    assert count(store, "document_extractions") == 0
    with store.engine.connect() as conn:
        assert record.extraction_status(conn) == {"pending": 3}
    done = store.extract_pending()
    assert (done.considered, done.ok, done.not_english, done.errors) == (3, 2, 1, 0)
    with store.engine.connect() as conn:
        assert record.extraction_status(conn) == {"ok": 2, "not_english": 1, "pending": 0}


# -- re-extraction ------------------------------------------------------------------


def test_reextract_is_idempotent(store: Store) -> None:
    ingest_documents([doc(SHELLING), doc(WITHDRAWAL), doc(TALKS)], store)
    first = reextract(store)
    assert first.considered == 0 and first.up_to_date == 3
    before = dump(store)
    everything = reextract(store, everything=True)
    assert everything.considered == 3 and everything.ok == 3
    assert dump(store) == before  # same record, rewritten
    with sqlite3.connect(store.path) as conn:
        stamps = conn.execute("SELECT * FROM document_extractions ORDER BY 1").fetchall()
    assert reextract(store).considered == 0
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT * FROM document_extractions ORDER BY 1").fetchall() == stamps


def test_reextract_follows_the_extractor_and_knowledge_versions(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dossier.extract.pipeline as pipeline

    ingest_documents([doc(SHELLING), doc(FRENCH, language="fr")], store)
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "9.9.9")
    newer = reextract(store)
    assert (newer.considered, newer.ok, newer.not_english) == (2, 1, 1)
    assert {r[0] for r in rows(store, "SELECT extractor_version FROM document_extractions")} == {
        "9.9.9"
    }
    assert reextract(store).considered == 0

    monkeypatch.setattr(record, "kb_version", lambda: "feedfacecafe")
    assert reextract(store).considered == 2
    assert reextract(store).considered == 0
    assert rows(store, "SELECT DISTINCT kb_version FROM document_extractions") == [
        ("feedfacecafe",)
    ]


def test_kb_version_hashes_the_knowledge_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = kb_version()
    assert len(base) == 12 and int(base, 16) >= 0
    assert kb_version() == base
    extra = tmp_path / "kb"
    extra.mkdir()
    entry = extra / "local.yaml"
    entry.write_text(
        "source: test fixture\nactors:\n"
        "  - {id: tarsk-guard, name: Tarsk Guard, kind: armed_group, country: null}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DOSSIER_KB_PATH", str(extra))
    with_file = kb_version()
    assert with_file != base
    entry.write_text(entry.read_text(encoding="utf-8") + "    # edited\n", encoding="utf-8")
    assert kb_version() not in (base, with_file)
    assert str(entry) in [str(p) for p in record.knowledge_files()]


def test_reextract_replaces_a_record_in_one_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = doc(SHELLING)
    ingest_documents([a], store)
    before = dump(store)
    monkeypatch.setattr(record, "write_record", _half_then(RuntimeError("no space left")))
    summary = reextract(store, everything=True)
    assert summary.errors == 1 and "no space left" in summary.error_messages[0][1]
    assert dump(store) == before  # the old record is whole
    monkeypatch.undo()
    assert reextract(store, everything=True).ok == 1


def test_write_and_delete_record_through_the_python_api(store: Store) -> None:
    a = doc(SHELLING)
    ingest_documents([a], store, extract=False)
    extraction = extract_outcome(a).extraction
    with store.transaction() as conn:
        write_record(conn, a.id, extraction)
    with store.engine.connect() as conn:
        data = document_record(conn, a.id)
    assert data["status"] == "ok"
    assert {x["id"] for x in data["actors"]} >= {"quds-force", "x:abu hadar zubada"}
    assert data["events"] and data["numbers"][0]["id"] == f"{a.id}:n1"
    assert isinstance(data["events"][0]["explain"], dict)
    with store.transaction() as conn:
        delete_record(conn, a.id)
        prune(conn)
    for table in RECORD_TABLES:
        assert count(store, table) == 0, table
    assert a.id in store


def test_prune_keeps_what_corrections_name(store: Store) -> None:
    ingest_documents([doc(SHELLING)], store)
    with sqlite3.connect(store.path) as conn:
        conn.execute("INSERT INTO actors (id, name, kind) VALUES ('x:ghost', 'Ghost', 'person')")
        conn.execute("INSERT INTO actors (id, name, kind) VALUES ('x:kept', 'Kept', 'person')")
        conn.execute(
            "INSERT INTO curations (action, args_json, created_at) VALUES "
            "('alias', ?, '2024-01-01 00:00:00')",
            (json.dumps({"actor": "x:kept", "alias": "Keeper"}),),
        )
    with store.transaction() as conn:
        pruned = prune(conn)
    assert pruned["actors"] == 1
    ids = {r[0] for r in rows(store, "SELECT id FROM actors")}
    assert "x:ghost" not in ids and {"x:kept", "quds-force"} <= ids


def test_outcome_for_a_document_in_another_language() -> None:
    assert extract_outcome(doc(FRENCH, language="fr")) == ExtractOutcome("not_english")
    assert issubclass(RecordWriteError, RuntimeError)
