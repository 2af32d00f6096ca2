"""JSON Lines: every line parses, and the evidence offsets are true of the stored text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_fixture import DOC_A, DOC_B, TEXTS

from dossier.export import EventFilter, write_jsonl
from dossier.store import Store


@pytest.fixture
def lines(store: Store, tmp_path: Path) -> list[dict]:
    out = tmp_path / "events.jsonl"
    result = write_jsonl(store, out)
    raw = out.read_text(encoding="utf-8").splitlines()
    assert len(raw) == result.rows == 5
    return [json.loads(line) for line in raw]


def test_evidence_offsets_are_true_against_the_stored_document(store: Store, lines) -> None:
    texts = store.texts({line["document"]["id"] for line in lines})
    for line in lines:
        ev = line["evidence"]
        assert texts[line["document"]["id"]][ev["start"] : ev["end"]] == ev["text"]


def test_full_provenance(lines) -> None:
    strike = next(line for line in lines if line["mode"] == "airstrike")
    assert strike["document"] == {
        "id": DOC_B,
        "name": f"{DOC_B}.txt",
        "title": "Strike on Tarsk",
        "url": f"https://example.org/{DOC_B}",
        "outlet": "Riverside Post",
        "published": "2024-03-02",
    }
    assert strike["status"] == "claimed"
    assert strike["attributed_to"] == "Valley Guard"
    assert strike["attributed_actor"]["id"] == "valley-guard"
    assert strike["actor1"] == {
        "id": "northern-council",
        "name": "Northern Council",
        "kind": "state",
        "country": "IRN",
    }
    assert strike["actor2"] is None
    assert strike["place"]["name"] == "Tarsk"
    assert (strike["place"]["lat"], strike["place"]["lon"]) == (33.51234, 44.25678)
    assert strike["confidence"] == 0.65
    assert strike["explain"] == {"trigger": "a"}
    assert strike["acled"]["sub_event_type"] == "Air/drone strike"
    assert strike["acled"]["interaction"] == 80
    assert strike["documents"][0]["id"] == DOC_B and strike["reports"] == strike["origins"] == 1


def test_merged_actor_fatalities_and_quantities(lines) -> None:
    battle = next(line for line in lines if line["mode"] == "attack")
    assert battle["actor1"]["id"] == "ashen-brigade"
    assert battle["fatalities"] == 3
    assert battle["quantities"] == [{"value": 3, "kind": "killed"}]
    assert battle["wrong"] is False
    unknown = next(line for line in lines if line["mode"] == "killing")
    assert unknown["fatalities"] is None  # null, not 0: "not stated" stays visible here


def test_every_key_present_on_every_line(lines) -> None:
    keys = set(lines[0])
    assert all(set(line) == keys for line in lines)
    assert {"id", "type", "evidence", "document", "explain", "acled", "place"} <= keys


def test_wrong_events_only_on_request(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "w.jsonl"
    write_jsonl(store, out, EventFilter(include_wrong=True, types=["COERCE"]))
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["wrong"] is True
    assert (
        TEXTS[DOC_B][line["evidence"]["start"] : line["evidence"]["end"]]
        == line["evidence"]["text"]
    )


def test_non_ascii_is_kept_readable(store: Store, tmp_path: Path) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE actors SET name = 'Kata’ib al-Ṣadr' WHERE id = 'ashen-brigade'"
        )
    out = tmp_path / "u.jsonl"
    write_jsonl(
        store,
        out,
        EventFilter(places=["Emmer"], types=["ASSAULT"], statuses=["claimed"], until="2024-02"),
    )
    text = out.read_text(encoding="utf-8")
    assert "Kata’ib al-Ṣadr" in text
    assert json.loads(text.splitlines()[0])["document"]["id"] == DOC_A
