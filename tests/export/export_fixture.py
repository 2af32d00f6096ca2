"""A tiny store with an extracted record, written row by row with SQL inserts.

Invented actors and places (the Ashen Brigade, the Valley Guard, Tarsk in the
Emmer province), placed in real countries so that ISO codes and ACLED regions
have something to say. Awkward cases on purpose: a merged actor, an event marked
wrong, a place without coordinates, dates at day, month and year precision and
none, a document without outlet or date, a relation between merged actors.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from dossier.model import Document
from dossier.store import Store
from dossier.store.schema import (
    actor_aliases,
    actor_mentions,
    actors,
    document_extractions,
    events,
    numbers,
    place_mentions,
    places,
    relations,
)

DOC_A, DOC_B, DOC_C = "a" * 16, "b" * 16, "c" * 16
TEXTS = {
    DOC_A: (
        "Depot raided near Tarsk\n\n"
        "Commandos of the Ashen Brigade raided a Valley Guard post outside Tarsk on "
        "Saturday, killing three guards.\n"
        "Earlier in February the Ashen Brigade shot dead villagers across the Emmer "
        "province, residents said.\n"
        "A Valley Guard officer said the Ashen Brigade is backed by the Northern Council."
    ),
    DOC_B: (
        "Strike on Tarsk\n\n"
        "The Valley Guard said a Northern Council aircraft struck Tarsk overnight. "
        "The Valley Guard accused the Ashen Brigade of hiding in the town. "
        "Guards detained two farmers at the river crossing. "
        "Some 200 Valley Guard troops are deployed in the valley, and the Valley "
        "Guard opposes the Ashen Brigade."
    ),
    DOC_C: "Protesters gathered at the Grey Mill to demand the release of the farmers.",
}
EXTRACTED_AT = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


def span(doc: str, phrase: str) -> dict[str, Any]:
    """Evidence columns for ``phrase`` in document ``doc`` (offsets checked by the tests)."""
    start = TEXTS[doc].index(phrase)
    return {"evidence_start": start, "evidence_end": start + len(phrase), "evidence_text": phrase}


def _event(eid: str, doc: str, phrase: str, **values: Any) -> dict[str, Any]:
    row = {
        "id": f"{doc}:{eid}",
        "document_id": doc,
        "type": "ASSAULT",
        "mode": None,
        "actor1_id": None,
        "actor2_id": None,
        "place_id": None,
        "date": None,
        "date_precision": None,
        "attributed_to": None,
        "attributed_actor_id": None,
        "status": "asserted",
        "confidence": 0.7,
        "fatalities": None,
        "quantities_json": "[]",
        "explain_json": json.dumps({"trigger": phrase.split()[0]}),
        "wrong": 0,
        **span(doc, phrase),
    }
    row.update(values)
    return row


ACTORS = [
    {
        "id": "ashen-brigade",
        "name": "Ashen Brigade",
        "kind": "armed_group",
        "country": "IRQ",
        "kb_id": "ashen-brigade",
    },
    {
        "id": "x:ashen commandos",
        "name": "Ashen commandos",
        "kind": "armed_group",
        "country": "IRQ",
        "merged_into": "ashen-brigade",
    },
    {
        "id": "valley-guard",
        "name": "Valley Guard",
        "kind": "government_body",
        "country": "IRQ",
        "kb_id": "valley-guard",
    },
    {
        "id": "northern-council",
        "name": "Northern Council",
        "kind": "state",
        "country": "IRN",
        "kb_id": "northern-council",
    },
    {"id": "x:villagers", "name": "villagers", "kind": "other", "country": None},
    {"id": "x:protesters", "name": "protesters", "kind": "other", "country": None},
    {"id": "x:farmers", "name": "Hill farmers", "kind": "religious_group", "country": "IRQ"},
]
PLACES = [
    {
        "id": "geonames:900001",
        "name": "Tarsk",
        "kind": "town",
        "admin1": "Emmer",
        "country": "IRQ",
        "lat": 33.51234,
        "lon": 44.25678,
        "geonames_id": 900001,
    },
    {
        "id": "admin1:IQ-EM",
        "name": "Emmer",
        "kind": "province",
        "admin1": "Emmer",
        "country": "IRQ",
        "lat": 33.9,
        "lon": 44.9,
    },
    {
        "id": "dossier:grey-mill",
        "name": "Grey Mill",
        "kind": "site",
        "admin1": None,
        "country": "IRQ",
        "lat": None,
        "lon": None,
    },
    {
        "id": "dossier:river-crossing",
        "name": "River crossing",
        "kind": "district",
        "admin1": "Emmer",
        "country": "IRQ",
        "lat": 33.7,
        "lon": 44.6,
    },
]
EVENTS = [
    _event(
        "e1",
        DOC_A,
        "Commandos of the Ashen Brigade raided a Valley Guard post outside Tarsk",
        mode="attack",
        actor1_id="x:ashen commandos",
        actor2_id="valley-guard",
        place_id="geonames:900001",
        date="2024-02-10",
        date_precision="day",
        fatalities=3,
        confidence=0.8,
        quantities_json=json.dumps([{"value": 3, "kind": "killed"}]),
    ),
    _event(
        "e2",
        DOC_A,
        "the Ashen Brigade shot dead villagers across the Emmer province",
        mode="killing",
        actor1_id="ashen-brigade",
        actor2_id="x:villagers",
        place_id="admin1:IQ-EM",
        date="2024-02",
        date_precision="month",
        confidence=0.6,
        attributed_to="residents",
        status="claimed",
    ),
    _event(
        "e1",
        DOC_B,
        "a Northern Council aircraft struck Tarsk overnight",
        mode="airstrike",
        actor1_id="northern-council",
        place_id="geonames:900001",
        date="2024-03-01",
        date_precision="day",
        status="claimed",
        confidence=0.65,
        attributed_to="Valley Guard",
        attributed_actor_id="valley-guard",
    ),
    _event(
        "e2",
        DOC_B,
        "The Valley Guard accused the Ashen Brigade of hiding in the town",
        type="ACCUSE",
        mode="accusation",
        actor1_id="valley-guard",
        actor2_id="ashen-brigade",
        date="2024",
        date_precision="year",
        confidence=0.5,
    ),
    _event(
        "e3",
        DOC_B,
        "Guards detained two farmers at the river crossing",
        type="COERCE",
        mode="arrest",
        actor2_id="x:farmers",
        place_id="dossier:river-crossing",
        date="2024-03-01",
        date_precision="day",
        wrong=1,
    ),
    _event(
        "e1",
        DOC_C,
        "Protesters gathered at the Grey Mill",
        type="PROTEST",
        mode="protest",
        actor1_id="x:protesters",
        place_id="dossier:grey-mill",
        confidence=0.55,
    ),
]
RELATIONS = [
    {
        "document_id": DOC_A,
        "subject_id": "ashen-brigade",
        "predicate": "backed_by",
        "object_id": "northern-council",
        **span(DOC_A, "the Ashen Brigade is backed by the Northern Council"),
    },
    {
        "document_id": DOC_B,
        "subject_id": "valley-guard",
        "predicate": "opposes",
        "object_id": "x:ashen commandos",
        **span(DOC_B, "the Valley Guard opposes the Ashen Brigade"),
    },
]
NUMBERS = [
    {
        "id": f"{DOC_A}:n1",
        "document_id": DOC_A,
        "value": 3.0,
        "kind": "killed",
        "about": "guards",
        "approximate": 0,
        "event_id": f"{DOC_A}:e1",
        "place_id": "geonames:900001",
        "date": "2024-02-10",
        **span(DOC_A, "killing three guards"),
    },
    {
        "id": f"{DOC_B}:n1",
        "document_id": DOC_B,
        "value": 200.0,
        "kind": "personnel",
        "about": "troops",
        "approximate": 1,
        "event_id": None,
        "place_id": None,
        "date": None,
        **span(DOC_B, "Some 200 Valley Guard troops"),
    },
]


def build_record(db: Path) -> Path:
    """Create ``db`` through the Store (its migrations make the record tables) and
    fill the record with plain inserts."""
    with Store(db) as store:
        for doc_id, outlet, published in (
            (DOC_A, "Marches Gazette", "2024-02-11"),
            (DOC_B, "Riverside Post", "2024-03-02"),
            (DOC_C, None, None),
        ):
            text = TEXTS[doc_id]
            store.add(
                Document(
                    id=doc_id,
                    text=text,
                    source=f"{doc_id}.txt",
                    title=text.split("\n")[0] if "\n" in text else None,
                    outlet=outlet,
                    published=published,
                    url=f"https://example.org/{doc_id}" if outlet else None,
                    name=f"{doc_id}.txt",
                )
            )
        with store.engine.begin() as conn:
            for doc_id in (DOC_A, DOC_B, DOC_C):
                conn.execute(
                    insert(document_extractions).values(
                        document_id=doc_id,
                        extractor_version="test",
                        kb_version="test",
                        extracted_at=EXTRACTED_AT,
                        status="ok",
                    )
                )
            # merged_into refers to another actor: insert targets first
            conn.execute(
                insert(actors),
                [
                    {"merged_into": None, "kb_id": None, **a}
                    for a in ACTORS
                    if "merged_into" not in a
                ],
            )
            conn.execute(
                insert(actors), [{"kb_id": None, **a} for a in ACTORS if "merged_into" in a]
            )
            conn.execute(
                insert(actor_aliases),
                [
                    {"actor_id": "ashen-brigade", "alias": "Ashen Bde", "origin": "seen"},
                    {"actor_id": "ashen-brigade", "alias": "al-Ramad Brigade", "origin": "kb"},
                    {"actor_id": "valley-guard", "alias": "the Guard", "origin": "seen"},
                ],
            )
            conn.execute(insert(places), [{"geonames_id": None, **p} for p in PLACES])
            conn.execute(insert(events), EVENTS)
            conn.execute(insert(relations), RELATIONS)
            conn.execute(
                insert(numbers),
                [{"attributed_to": None, "attributed_actor_id": None, **n} for n in NUMBERS],
            )
            mention = TEXTS[DOC_A].index("Ashen Brigade")
            conn.execute(
                insert(actor_mentions),
                [
                    {
                        "document_id": DOC_A,
                        "actor_id": "ashen-brigade",
                        "start": mention,
                        "end": mention + 13,
                        "text": "Ashen Brigade",
                        "rule": "kb-name",
                    },
                    {
                        "document_id": DOC_B,
                        "actor_id": "valley-guard",
                        "start": 4,
                        "end": 16,
                        "text": "Valley Guard",
                        "rule": "kb-name",
                    },
                ],
            )
            tarsk = TEXTS[DOC_A].index("Tarsk")
            conn.execute(
                insert(place_mentions),
                [
                    {
                        "document_id": DOC_A,
                        "place_id": "geonames:900001",
                        "start": tarsk,
                        "end": tarsk + 5,
                        "text": "Tarsk",
                    }
                ],
            )
    return db
