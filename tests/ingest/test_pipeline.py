"""Ingest: each document stored once, copies linked to their earliest version,
bad input reported while the batch goes on."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dossier.ingest.base import ReadError
from dossier.ingest.dedupe import THRESHOLD, body, jaccard, shingles
from dossier.ingest.pipeline import IngestSummary, ingest, ingest_documents
from dossier.ingest.readers import document_id
from dossier.model import Document
from dossier.store import Store

# Invented actors and places: the tests exercise the pipeline, not world knowledge.
ACTORS = ["the Ashen Brigade", "the Valley Guard", "the Tarsk militia", "the Northern Legion"]
ACTS = ["shelled", "raided", "ambushed", "surrounded", "withdrew from", "fortified"]
TARGETS = ["a checkpoint", "a fuel depot", "a supply convoy", "the old bridge", "a police post"]
PLACES = ["Tarsk", "Holloway", "the Emmer valley", "Brennor", "Vask", "Oldmere"]
SOURCES = ["a council member said", "witnesses reported", "officials told reporters"]


def report(seed: int, sentences: int = 25) -> str:
    """A made-up report of ~300 words, different for each seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        out.append(
            f"{rng.choice(ACTORS).capitalize()} {rng.choice(ACTS)} {rng.choice(TARGETS)} near "
            f"{rng.choice(PLACES)} on day {rng.randint(1, 400)}, killing {rng.randint(2, 90)} "
            f"people, {rng.choice(SOURCES)}."
        )
    return " ".join(out)


def doc(text: str, **fields: object) -> Document:
    fields.setdefault("source", f"{document_id(text)}.txt")
    fields.setdefault("language", "en")
    return Document(id=document_id(text), text=text, words=len(text.split()), **fields)


def syndicated(text: str, outlet: str) -> str:
    """A copy as another outlet runs it: own header and footer, two words edited."""
    edited = text.replace(" killing ", " leaving ", 2)
    return (
        f"Outlet: {outlet}\n\n{edited}\nDistributed by the {outlet} news desk. All rights reserved."
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "dossier.db") as store:
        yield store


# -- shingles ------------------------------------------------------------------


def test_shingles_are_five_word_runs_ignoring_case_and_punctuation() -> None:
    assert shingles("One, two THREE four five six!") == {
        "one two three four five",
        "two three four five six",
    }
    assert shingles("Too short.") == {"too short"}
    assert shingles("") == set()


def test_a_metadata_header_is_left_out_of_the_comparison() -> None:
    text = "Title: Depot raided\nOutlet: Marches Gazette\nDate: 2023-02-01\n\nThe body."
    assert body(text).strip() == "The body."
    assert body("Not a header line\n\nThe body.") == "Not a header line\n\nThe body."


def test_a_syndicated_copy_scores_above_the_threshold_and_a_different_report_below() -> None:
    original = report(1)
    assert jaccard(shingles(original), shingles(syndicated(original, "Courier"))) >= THRESHOLD
    assert jaccard(shingles(original), shingles(report(2))) < 0.3  # same topic, other report


# -- storing -------------------------------------------------------------------


def test_documents_are_stored_with_signatures_and_index_rows(store: Store) -> None:
    docs = [doc(report(i)) for i in range(5)]
    summary = ingest_documents(docs, store)
    assert (summary.ingested, summary.duplicates, summary.failed) == (5, 0, 0)
    assert store.count() == 5
    assert len(list(store.iter_signatures())) == 5
    assert store.check() == []
    assert summary.status == "finished"


def test_exact_duplicates_are_not_stored_again(store: Store) -> None:
    first = doc(report(1), source="a.txt")
    again = doc(report(1), source="b/a-copy.txt")  # same content, other file
    summary = ingest_documents([first, again, first], store)
    assert (summary.ingested, summary.duplicates) == (1, 2)
    assert store.count() == 1


def test_reingesting_is_a_no_op_and_says_so(store: Store) -> None:
    docs = [doc(report(i)) for i in range(17)]
    ingest_documents(docs, store)
    summary = ingest_documents(docs, store)
    assert summary.message() == "0 new documents, 17 already stored"
    assert summary.counts() == {
        "ingested": 0,
        "duplicates": 17,
        "near_duplicates": 0,
        "non_english": 0,
        "failed": 0,
    }
    assert store.count() == 17


def test_a_near_duplicate_is_stored_and_linked_to_the_earliest_version(store: Store) -> None:
    original = doc(report(7), published="2024-03-01", outlet="Marches Gazette")
    copy = doc(syndicated(report(7), "Courier"), published="2024-03-02", outlet="Courier")
    other = doc(report(8))
    summary = ingest_documents([original, other, copy], store)
    assert (summary.ingested, summary.near_duplicates) == (3, 1)
    assert store.get(copy.id).near_duplicate_of == original.id
    assert store.get(original.id).near_duplicate_of is None
    assert store.get(other.id).near_duplicate_of is None
    assert "1 near-duplicate linked" in summary.message()


def test_near_duplicates_are_found_across_runs(tmp_path: Path) -> None:
    original = doc(report(3))
    with Store(tmp_path / "d.db") as store:
        ingest_documents([original], store)
    with Store(tmp_path / "d.db") as store:  # a later run, a fresh process's view
        copy = doc(syndicated(report(3), "Courier"))
        summary = ingest_documents([copy], store)
        assert summary.near_duplicates == 1
        assert store.get(copy.id).near_duplicate_of == original.id


def test_without_dates_the_first_ingested_is_the_original(store: Store) -> None:
    texts = [syndicated(report(5), outlet) for outlet in ("Alpha", "Beta", "Gamma")]
    docs = [doc(t) for t in texts]
    ingest_documents(docs, store)
    assert [store.get(d.id).near_duplicate_of for d in docs] == [None, docs[0].id, docs[0].id]


def test_an_earlier_published_copy_ingested_later_becomes_the_original(store: Store) -> None:
    late = doc(syndicated(report(9), "Beta"), published="2024-05-03")
    later = doc(syndicated(report(9), "Gamma"), published="2024-05-04")
    first = doc(report(9), published="2024-05-01")
    summary = ingest_documents([late, later, first], store)
    assert summary.near_duplicates == 2  # "later", then "first" (which now heads the group)
    links = {d.id: store.get(d.id).near_duplicate_of for d in (late, later, first)}
    assert links == {late.id: first.id, later.id: first.id, first.id: None}


def test_non_english_documents_are_stored_and_marked(store: Store) -> None:
    french = doc(
        "Les miliciens ont attaqué un poste de police près de Vask, selon des témoins.",
        language="fr",
    )
    summary = ingest_documents([french, doc(report(1))], store)
    assert (summary.ingested, summary.non_english) == (2, 1)
    assert store.get(french.id).language == "fr"
    assert "1 not in English" in summary.message()


def test_read_errors_are_reported_and_the_batch_goes_on(store: Store) -> None:
    seen: list[ReadError] = []
    items = [
        doc(report(1)),
        ReadError("reports/broken.pdf", "not a PDF"),
        doc("   \n  ", source="blank.txt"),
        ReadError("feed.jsonl", "invalid JSON", line=4),
        doc(report(2)),
    ]
    summary = ingest_documents(items, store, on_error=seen.append)
    assert (summary.ingested, summary.failed) == (2, 3)
    assert [str(e) for e in seen] == [
        "reports/broken.pdf: not a PDF",
        "blank.txt: no text found",
        "feed.jsonl:4: invalid JSON",
    ]
    assert summary.to_dict()["errors"][2] == {
        "path": "feed.jsonl",
        "line": 4,
        "reason": "invalid JSON",
    }
    assert not summary.ok


def test_a_signature_made_another_way_is_recomputed(store: Store) -> None:
    original = doc(report(11))
    store.add(original, signature=("minhash/some-old-scheme", b"\x00" * 16))
    store.add(doc(report(12)))  # no signature at all
    copy = doc(syndicated(report(11), "Courier"))
    summary = ingest_documents([copy], store)
    assert summary.near_duplicates == 1
    assert store.get(copy.id).near_duplicate_of == original.id
    assert store.check() == []  # every document has a current signature again


def test_summary_message_and_dict() -> None:
    summary = IngestSummary(ingested=1, duplicates=2, near_duplicates=1, failed=1)
    assert (
        summary.message() == "1 new document, 2 already stored, 1 near-duplicate linked, 1 failed"
    )
    assert set(summary.to_dict()) >= {
        "ingested",
        "duplicates",
        "near_duplicates",
        "failed",
        "errors",
    }


# -- from files (with the readers) ---------------------------------------------


def write_folder(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"report-{i:03d}.txt"
        path.write_text(f"Title: Report {i}\n\n{report(100 + i)}\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_ingest_a_folder_then_again(tmp_path: Path, store: Store) -> None:
    write_folder(tmp_path / "reports", 6)
    (tmp_path / "reports" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    calls: list[tuple[int, int]] = []
    summary = ingest(
        [tmp_path / "reports"],
        store,
        progress=lambda done, total, path: calls.append((done, total)),
    )
    assert (summary.ingested, summary.failed, summary.files) == (6, 1, 7)
    assert summary.errors[0].path.endswith("photo.png")
    assert calls[0] == (0, 7) and calls[-1] == (7, 7)
    assert store.get("report-003.txt").title == "Report 3"
    again = ingest([tmp_path / "reports"], store)
    assert again.message() == "0 new documents, 6 already stored, 1 failed"


def test_missing_input_and_oversized_file_are_errors(tmp_path: Path, store: Store) -> None:
    [small] = write_folder(tmp_path / "r", 1)
    big = tmp_path / "r" / "big.txt"
    big.write_text(report(1, sentences=200))
    summary = ingest([tmp_path / "r", tmp_path / "nope"], store, max_bytes=4096)
    assert summary.ingested == 1
    reasons = {Path(e.path).name: e.reason for e in summary.errors}
    assert set(reasons) == {"big.txt", "nope"}


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.skipif(not (EXAMPLES / "news").is_dir(), reason="no examples/ folder")
def test_the_example_corpus_has_exactly_one_near_copy(store: Store) -> None:
    """The bundled corpus was designed with one syndicated pair (examples/README.md)."""
    summary = ingest([EXAMPLES / "news", EXAMPLES / "reports", EXAMPLES / "feeds"], store)
    assert summary.failed == 0
    links = {
        d.name: store.get(d.near_duplicate_of).name
        for d in store.documents()
        if d.near_duplicate_of
    }
    assert links == {
        "northerngazette_saadiya_families_flee.txt": "levantwire_saadiya_families_flee.txt"
    }
