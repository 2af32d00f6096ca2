"""Resolution across documents and the analyst's corrections, which must survive
re-extraction of every document."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dossier.analysis.resolve import (
    CurationError,
    apply_curations,
    canonical_actor_id,
    curate_alias,
    curate_event_wrong,
    curate_merge,
    curate_split,
    find_actor,
    list_curations,
    resolve_actor,
    strip_titles,
)
from dossier.ingest.pipeline import ingest_documents
from dossier.ingest.readers import document_id
from dossier.knowledge.loader import get_kb
from dossier.model import Actor, Document
from dossier.store import Store
from dossier.store.record import reextract, undo_curation

# Invented reports: KB actors and real places, made-up people, units and sentences.
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
AMBUSH = (
    "Title: Ambush on the Tikrit road\nDate: 2024-05-01\n\n"
    "Fighters of the Tarsk Martyrs Brigade ambushed an army convoy near Tikrit on Friday, "
    "killing 7 soldiers, officials said.\n"
)
ZUBAIDI = "x:abu hadar zubada"
HASSOUN = "x:karam hasun"
TARSK = "x:tarsk martars bragada"


def doc(text: str) -> Document:
    return Document(
        id=document_id(text),
        text=text,
        source=f"{document_id(text)}.txt",
        words=len(text.split()),
        language="en",
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "dossier.db") as store:
        ingest_documents([doc(SHELLING), doc(WITHDRAWAL), doc(TALKS)], store)
        yield store


def rows(store: Store, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(store.path) as conn:
        return conn.execute(sql, params).fetchall()


def mentions(store: Store, actor_id: str) -> set[tuple[str, str]]:
    """(document id, text) of every mention of an actor."""
    return set(
        rows(store, "SELECT document_id, text FROM actor_mentions WHERE actor_id = ?", actor_id)
    )


def everything_again(store: Store) -> None:
    summary = reextract(store, everything=True)
    assert summary.considered == summary.documents and summary.errors == 0


# -- resolution -------------------------------------------------------------------


def test_one_actor_for_two_spellings_of_a_kb_actor_across_documents(store: Store) -> None:
    a, b = document_id(SHELLING), document_id(WITHDRAWAL)
    assert rows(store, "SELECT id FROM actors WHERE name LIKE '%ds Force'") == [("quds-force",)]
    assert mentions(store, "quds-force") == {(a, "Qods Force"), (b, "Quds Force")}
    aliases = dict(
        rows(store, "SELECT alias, origin FROM actor_aliases WHERE actor_id = 'quds-force'")
    )
    assert aliases == {"Quds Force": "kb", "Qods Force": "seen"}


def test_one_actor_for_two_transliterations_of_an_unknown_person(store: Store) -> None:
    a, b, c = (document_id(t) for t in (SHELLING, WITHDRAWAL, TALKS))
    assert mentions(store, ZUBAIDI) == {
        (a, "Abu Haidar al-Zubaidi"),
        (a, "Zubaidi"),
        (b, "Abou Haydar Zubeidi"),
        (c, "Abu Haidar al-Zubaidi"),
    }
    assert rows(store, "SELECT count(*) FROM actors WHERE id LIKE 'x:ab%'") == [(1,)]
    spellings = {
        r[0] for r in rows(store, "SELECT alias FROM actor_aliases WHERE actor_id = ?", ZUBAIDI)
    }
    assert {"Abu Haidar al-Zubaidi", "Abou Haydar Zubeidi"} <= spellings


def test_titles_are_stripped_before_a_person_is_resolved() -> None:
    kb = get_kb()
    assert strip_titles("Brig. Gen. Khalid Sabah") == "Khalid Sabah"
    assert strip_titles("Major General Karim Hassoun") == "Karim Hassoun"
    assert strip_titles("Colonel") == "Colonel"
    # a KB person named with a title the matcher did not take in
    titled = Actor(
        id="x:major ganaral kasam sulamana", name="Major General Qasem Soleimani", kind="person"
    )
    assert resolve_actor(titled, kb).id == "qasem-soleimani"
    assert resolve_actor(titled, kb).kb_id == "qasem-soleimani"
    # an unknown person: the title-stripped key, so "Colonel X" and "X" are one
    unknown = Actor(id="x:kalanal karam hasun", name="Colonel Karim Hassoun", kind="person")
    resolved = resolve_actor(unknown, kb)
    assert (resolved.id, resolved.name) == (HASSOUN, "Karim Hassoun")
    # organisations and KB actors keep their ids
    org = Actor(id=TARSK, name="Tarsk Martyrs Brigade", kind="armed_group")
    assert resolve_actor(org, kb).id == TARSK
    known = Actor(id="quds-force", name="Quds Force", kind="armed_group", kb_id="quds-force")
    assert resolve_actor(known, kb).id == "quds-force"


def test_places_are_one_row_per_gazetteer_id(store: Store) -> None:
    ids = [r[0] for r in rows(store, "SELECT id FROM places")]
    assert len(ids) == len(set(ids))
    samarra = rows(
        store, "SELECT count(DISTINCT start) FROM place_mentions WHERE place_id = 'geonames:91597'"
    )
    assert samarra[0][0] >= 2


def test_find_actor_understands_ids_names_and_spellings(store: Store) -> None:
    with store.engine.connect() as conn:
        assert find_actor(conn, "quds-force") == "quds-force"
        assert find_actor(conn, "Qods Force") == "quds-force"
        assert find_actor(conn, "abou haydar zubeidi") == ZUBAIDI
        assert find_actor(conn, "Abu Haydar Zubaydi") == ZUBAIDI  # same name key
        with pytest.raises(CurationError, match="no actor matches"):
            find_actor(conn, "Nobody Atall")


# -- curation, each surviving re-extraction of everything ------------------------


def test_merge_survives_reextract(store: Store) -> None:
    with store.transaction() as conn:
        cur, changed = curate_merge(conn, "Karim Hassoun", "Abu Haidar al-Zubaidi")
    assert cur.args == {"source": HASSOUN, "target": ZUBAIDI} and changed > 0

    def check() -> None:
        assert mentions(store, HASSOUN) == set()
        assert (document_id(TALKS), "Karim Hassoun") in mentions(store, ZUBAIDI)
        assert rows(store, "SELECT merged_into FROM actors WHERE id = ?", HASSOUN) == [(ZUBAIDI,)]
        assert rows(store, "SELECT canonical_id FROM actors_resolved WHERE id = ?", HASSOUN) == [
            (ZUBAIDI,)
        ]
        # nothing in the record names the merged actor any more
        for table, column in (
            ("events", "actor1_id"),
            ("events", "actor2_id"),
            ("numbers", "attributed_actor_id"),
        ):
            assert rows(store, f"SELECT count(*) FROM {table} WHERE {column} = ?", HASSOUN) == [
                (0,)
            ]
        assert (
            rows(store, "SELECT count(*) FROM numbers WHERE attributed_actor_id = ?", ZUBAIDI)[0][0]
            >= 2
        )
        assert ("Karim Hassoun",) in rows(
            store, "SELECT alias FROM actor_aliases WHERE actor_id = ?", ZUBAIDI
        )
        with store.engine.connect() as conn:
            assert canonical_actor_id(conn, HASSOUN) == ZUBAIDI

    check()
    everything_again(store)
    check()


def test_merge_chains_stay_flat_and_refuse_cycles(store: Store) -> None:
    with store.transaction() as conn:
        curate_merge(conn, HASSOUN, ZUBAIDI)
        curate_merge(conn, ZUBAIDI, TARSK)
        assert canonical_actor_id(conn, HASSOUN) == TARSK
        with pytest.raises(CurationError, match="already merged"):
            curate_merge(conn, HASSOUN, "quds-force")
        with pytest.raises(CurationError, match="same actor"):
            curate_merge(conn, TARSK, HASSOUN)
    assert rows(store, "SELECT id FROM actors WHERE merged_into IS NOT NULL ORDER BY id") == [
        (ZUBAIDI,),
        (HASSOUN,),
    ]
    assert set(rows(store, "SELECT merged_into FROM actors WHERE merged_into IS NOT NULL")) == {
        (TARSK,)
    }


def test_alias_survives_reextract_and_applies_to_later_documents(store: Store) -> None:
    with store.transaction() as conn:
        cur, changed = curate_alias(conn, "kataib-hezbollah", "Tarsk Martyrs Brigade")
    assert changed > 0

    def check() -> None:
        assert mentions(store, TARSK) == set()
        assert (document_id(TALKS), "Tarsk Martyrs Brigade") in mentions(store, "kataib-hezbollah")
        assert rows(
            store,
            "SELECT origin FROM actor_aliases WHERE actor_id = 'kataib-hezbollah' AND alias = ?",
            "Tarsk Martyrs Brigade",
        )[0] == ("analyst",)
        assert rows(store, "SELECT count(*) FROM events WHERE actor1_id = ?", TARSK) == [(0,)]

    check()
    everything_again(store)
    check()
    # a document ingested after the alias: its "x:" actor answers as the KB actor
    ingest_documents([doc(AMBUSH)], store)
    assert (document_id(AMBUSH), "Tarsk Martyrs Brigade") in mentions(store, "kataib-hezbollah")
    check()


def test_split_survives_reextract(store: Store) -> None:
    a, b = document_id(SHELLING), document_id(WITHDRAWAL)
    with store.transaction() as conn:
        cur, changed = curate_split(conn, "quds-force", ["qods  force"], "Qods Brigade")
    new = cur.args["new_id"]
    assert new == "x:kuds bragada" and changed >= 1

    def check() -> None:
        assert mentions(store, new) == {(a, "Qods Force")}
        assert mentions(store, "quds-force") == {(b, "Quds Force")}
        assert rows(store, "SELECT name, kind FROM actors WHERE id = ?", new) == [
            ("Qods Brigade", "armed_group")
        ]
        spellings = dict(
            rows(store, "SELECT alias, origin FROM actor_aliases WHERE actor_id = ?", new)
        )
        assert spellings == {"Qods Force": "seen", "Qods Brigade": "analyst"}
        assert ("Qods Force",) not in rows(
            store, "SELECT alias FROM actor_aliases WHERE actor_id = 'quds-force'"
        )

    check()
    everything_again(store)
    check()


def test_split_moves_references_near_the_moved_mentions(store: Store) -> None:
    """In a document naming both, only what the moved mention states moves."""
    talks = document_id(TALKS)
    with store.transaction() as conn:
        cur, _ = curate_split(conn, ZUBAIDI, ["Zubaidi"], "Zubaidi the Elder")
    # the surname mention (in SHELLING) moved; its document also says the full name
    assert mentions(store, cur.args["new_id"]) == {(document_id(SHELLING), "Zubaidi")}
    # TALKS never wrote the surname alone: its references stay with the full name
    assert rows(
        store, "SELECT actor2_id FROM events WHERE document_id = ? AND type = 'CONSULT'", talks
    ) == [(ZUBAIDI,)]


def test_wrong_event_survives_reextract(store: Store) -> None:
    event_id, evidence = rows(
        store,
        "SELECT id, evidence_text FROM events WHERE document_id = ? ORDER BY id LIMIT 1",
        document_id(SHELLING),
    )[0]
    total = rows(store, "SELECT count(*) FROM events")[0][0]
    with store.transaction() as conn:
        cur, changed = curate_event_wrong(conn, event_id)
    assert changed >= 1 and cur.args["document_id"] == document_id(SHELLING)

    def check() -> None:
        wrong = rows(store, "SELECT id, evidence_text FROM events WHERE wrong = 1")
        assert (event_id, evidence) in wrong
        valid = rows(store, "SELECT count(*) FROM events_valid")[0][0]
        assert valid == total - len(wrong)
        assert rows(store, "SELECT count(*) FROM events_valid WHERE id = ?", event_id) == [(0,)]

    check()
    everything_again(store)
    check()
    with pytest.raises(CurationError, match="no event"), store.transaction() as conn:
        curate_event_wrong(conn, "nope:e1")


def test_replaying_corrections_twice_changes_nothing(store: Store) -> None:
    with store.transaction() as conn:
        curate_merge(conn, HASSOUN, ZUBAIDI)
        curate_alias(conn, "kataib-hezbollah", "Tarsk Martyrs Brigade")
        curate_split(conn, "quds-force", ["Qods Force"], "Qods Brigade")
        assert apply_curations(conn) == 0
        assert apply_curations(conn, [document_id(TALKS)]) == 0
        assert [c.action for c in list_curations(conn)] == ["merge", "alias", "split"]


def test_undo_brings_back_what_extraction_found(store: Store) -> None:
    before = mentions(store, "quds-force")
    with store.transaction() as conn:
        split, _ = curate_split(conn, "quds-force", ["Qods Force"], "Qods Brigade")
        merge, _ = curate_merge(conn, HASSOUN, ZUBAIDI)
    undone, summary = undo_curation(store, split.id)
    assert undone.id == split.id and summary.considered >= 1
    assert mentions(store, "quds-force") == before
    assert rows(store, "SELECT count(*) FROM actors WHERE id = 'x:kuds bragada'") == [(0,)]
    # the other correction still holds
    assert mentions(store, HASSOUN) == set()
    assert rows(store, "SELECT merged_into FROM actors WHERE id = ?", HASSOUN) == [(ZUBAIDI,)]
    undo_curation(store, merge.id)
    assert mentions(store, HASSOUN)
    assert rows(store, "SELECT merged_into FROM actors WHERE id = ?", HASSOUN) == [(None,)]
    assert reextract(store).considered == 0
    with pytest.raises(CurationError, match="no curation"):
        undo_curation(store, 99)
