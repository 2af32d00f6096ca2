"""Stores for the analysis tests, built from SQL inserts into the record tables.

Two kinds:

* ``world``: a small invented record (places and armed groups of an imaginary
  country, Marchland) with the awkward cases on purpose: a figure relayed by five
  outlets from one origin (a near-copy, an outlet credited by another outlet, a
  credit spelled with "the", a document that credits the figure only in a second
  mention), a disputed toll, a toll corroborated by three independent sources, a
  denial, two figures one report reconciles itself, merged actors, an event
  marked wrong, and nulls everywhere they are allowed.
* ``examples_store``: the bundled example corpus (``examples/``) ingested with the
  real pipeline, once per test session.

The builder (:class:`Record`) is imported by ``tests/test_api.py`` and
``tests/cli/test_view_cli.py`` as well (see :func:`load_fixtures`).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from dossier.model import Document
from dossier.store import Store
from dossier.store.schema import (
    actor_aliases,
    actor_mentions,
    actors,
    events,
    metadata,
    numbers,
    place_mentions,
    places,
    relations,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class Record:
    """Writes documents and their record rows straight into a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # The record tables come from migration 0002; create any that a store made
        # by an older schema lacks (a no-op once the migration is there).
        metadata.create_all(store.engine, checkfirst=True)
        self._n: dict[str, int] = {}

    def _insert(self, table: Any, **row: Any) -> Any:
        with self.store.engine.begin() as conn:
            return conn.execute(insert(table).values(**row))

    def doc(
        self,
        doc_id: str,
        *,
        outlet: str | None = None,
        published: str | None = None,
        title: str | None = None,
        near_duplicate_of: str | None = None,
        text: str = "An invented report.",
    ) -> str:
        document = Document(
            id=doc_id,
            text=text + f" ({doc_id})",
            source=f"{doc_id}.txt",
            title=title or f"Report {doc_id}",
            outlet=outlet,
            published=published,
            language="en",
            name=f"{doc_id}.txt",
        )
        assert self.store.add(document, near_duplicate_of=near_duplicate_of)
        return doc_id

    def actor(
        self,
        actor_id: str,
        name: str,
        *,
        kind: str = "armed_group",
        country: str | None = "MRL",
        kb: bool = True,
        merged_into: str | None = None,
        aliases: tuple[str, ...] = (),
    ) -> str:
        self._insert(
            actors,
            id=actor_id,
            name=name,
            kind=kind,
            country=country,
            kb_id=actor_id if kb else None,
            merged_into=merged_into,
        )
        for alias in (name, *aliases):
            self._insert(
                actor_aliases, actor_id=actor_id, alias=alias, origin="kb" if kb else "seen"
            )
        return actor_id

    def place(
        self,
        place_id: str,
        name: str,
        *,
        kind: str = "town",
        admin1: str | None = None,
        country: str | None = "MRL",
        lat: float | None = None,
        lon: float | None = None,
    ) -> str:
        self._insert(
            places,
            id=place_id,
            name=name,
            kind=kind,
            admin1=admin1,
            country=country,
            lat=lat,
            lon=lon,
        )
        return place_id

    def _next(self, doc_id: str, prefix: str) -> str:
        key = f"{doc_id}:{prefix}"
        self._n[key] = self._n.get(key, 0) + 1
        return f"{doc_id}:{prefix}{self._n[key]}"

    def event(
        self,
        doc_id: str,
        type_: str,
        *,
        actor1: str | None = None,
        actor2: str | None = None,
        place: str | None = None,
        date: str | None = None,
        status: str = "asserted",
        credited: str | None = None,
        credited_actor: str | None = None,
        fatalities: int | None = None,
        mode: str | None = None,
        wrong: bool = False,
        evidence: str = "Something happened.",
    ) -> str:
        event_id = self._next(doc_id, "e")
        precision = {4: "year", 7: "month", 10: "day"}.get(len(date or ""))
        self._insert(
            events,
            id=event_id,
            document_id=doc_id,
            type=type_,
            mode=mode,
            actor1_id=actor1,
            actor2_id=actor2,
            place_id=place,
            date=date,
            date_precision=precision,
            attributed_to=credited,
            attributed_actor_id=credited_actor,
            status=status,
            confidence=0.7,
            fatalities=fatalities,
            quantities_json="[]",
            evidence_start=0,
            evidence_end=len(evidence),
            evidence_text=evidence,
            explain_json="{}",
            wrong=int(wrong),
        )
        return event_id

    def number(
        self,
        doc_id: str,
        value: float,
        kind: str,
        *,
        place: str | None = None,
        date: str | None = None,
        approximate: bool = False,
        credited: str | None = None,
        credited_actor: str | None = None,
        event: str | None = None,
        about: str | None = None,
        evidence: str | None = None,
    ) -> str:
        number_id = self._next(doc_id, "n")
        evidence = evidence or f"{value:,.0f} {kind}"
        self._insert(
            numbers,
            id=number_id,
            document_id=doc_id,
            value=value,
            kind=kind,
            about=about,
            approximate=int(approximate),
            attributed_to=credited,
            attributed_actor_id=credited_actor,
            event_id=event,
            place_id=place,
            date=date,
            evidence_start=0,
            evidence_end=len(evidence),
            evidence_text=evidence,
        )
        return number_id

    def relation(
        self, doc_id: str, subject: str, predicate: str, obj: str, evidence: str = "They are tied."
    ) -> None:
        self._insert(
            relations,
            document_id=doc_id,
            subject_id=subject,
            predicate=predicate,
            object_id=obj,
            evidence_start=0,
            evidence_end=len(evidence),
            evidence_text=evidence,
        )

    def mention(self, doc_id: str, actor_id: str, text: str) -> None:
        self._insert(
            actor_mentions,
            document_id=doc_id,
            actor_id=actor_id,
            start=0,
            end=len(text),
            text=text,
            rule="test",
        )

    def place_mention(self, doc_id: str, place_id: str, text: str) -> None:
        self._insert(
            place_mentions, document_id=doc_id, place_id=place_id, start=0, end=len(text), text=text
        )


def build_world(path: Path) -> Path:
    """The invented record described in the module doc; returns the database path."""
    with Store(path) as store:
        r = Record(store)
        # Places: a country, two provinces, three towns.
        r.place("p:marchland", "Marchland", kind="country")
        r.place("p:emmer", "Emmer Province", kind="province", admin1="Emmer", lat=50.0, lon=10.0)
        r.place("p:fen", "Fen Province", kind="province", admin1="Fen")
        r.place("p:tarsk", "Tarsk", admin1="Emmer", lat=50.1, lon=10.1)
        r.place("p:dunmere", "Dunmere", kind="city", admin1="Emmer")
        r.place("p:holt", "Holt", kind="village", admin1="Fen")
        # Actors: groups known to the knowledge base, a record merged into one, and
        # names found by rules only.
        r.actor("ashen-brigade", "Ashen Brigade", aliases=("the Ashen",))
        r.actor("x:ashen brigades", "Ashen Brigades", kb=False, merged_into="ashen-brigade")
        r.actor("valley-guard", "Valley Guard")
        r.actor("foreign-patron", "Foreign Patron", kind="state", country="FPT")
        r.actor(
            "river-council",
            "River Council",
            kind="government_body",
            aliases=("Emmer River Council",),
        )
        r.actor("marches-ministry", "Marches Ministry", kind="government_body")
        r.actor("x:gunmen", "gunmen", kind="other", kb=False)

        # A. One figure, six reports, one origin.
        r.doc(
            "a1", outlet="River Council", published="2024-02-11", title="Statement on displacement"
        )
        r.number(
            "a1",
            4000,
            "displaced",
            place="p:tarsk",
            date="2024-02-10",
            evidence="4,000 families have been displaced from villages near Tarsk",
        )
        r.mention("a1", "river-council", "River Council")
        r.place_mention("a1", "p:tarsk", "Tarsk")
        r.doc("a2", outlet="Plains Wire", published="2024-02-12")
        r.number(
            "a2",
            4000,
            "displaced",
            place="p:tarsk",
            date="2024-02-12",
            approximate=True,
            credited="River Council",
            credited_actor="river-council",
        )
        r.number(
            "a2", 1200, "displaced", place="p:dunmere", date="2024-02-12", about="families arrived"
        )
        r.place_mention("a2", "p:tarsk", "Tarsk")
        r.doc("a3", outlet="Hill Courier", published="2024-02-13", near_duplicate_of="a2")
        r.number("a3", 4000, "displaced", place="p:tarsk", date="2024-02-12", approximate=True)
        r.doc("a4", outlet="Marches Gazette", published="2024-02-14")
        r.number(
            "a4", 4000, "displaced", place="p:emmer", date="2024-02-14", credited="Plains Wire"
        )
        r.doc("a5", outlet="Tarsk Times", published="2024-02-20")
        r.number(
            "a5",
            4100,
            "displaced",
            date="2024-02-19",
            approximate=True,
            credited="the River Council",
        )
        r.doc("a6", outlet="Fen Post", published="2024-02-25")
        r.number("a6", 4000, "displaced", place="p:tarsk", date="2024-02")
        r.number(
            "a6",
            4000,
            "displaced",
            place="p:dunmere",
            date="2024-02-10",
            credited="River Council",
            credited_actor="river-council",
        )

        # B. A disputed toll: 11 (the ministry) against 17 (a medical source).
        r.doc("b1", outlet="Marches Gazette", published="2024-03-05", text="Bombing at Holt.")
        e = r.event(
            "b1",
            "ASSAULT",
            mode="bombing",
            place="p:holt",
            date="2024-03-05",
            fatalities=11,
            credited="Marches Ministry",
            credited_actor="marches-ministry",
            status="claimed",
        )
        r.number(
            "b1",
            11,
            "killed",
            place="p:holt",
            date="2024-03-05",
            credited="Marches Ministry",
            credited_actor="marches-ministry",
            event=e,
        )
        r.doc("b2", outlet="Hill Courier", published="2024-03-06")
        e = r.event(
            "b2",
            "ASSAULT",
            mode="bombing",
            place="p:holt",
            date="2024-03-05",
            fatalities=17,
            credited="a medical source",
        )
        r.number(
            "b2",
            17,
            "killed",
            place="p:holt",
            date="2024-03-05",
            approximate=True,
            credited="a medical source",
            event=e,
        )

        # C. A toll corroborated by three independent sources (two unnamed officers
        # of different outlets, and a named doctor), and a later, different toll.
        r.doc("c1", outlet="Tarsk Times", published="2024-04-05")
        e = r.event(
            "c1", "ASSAULT", mode="bombing", place="p:dunmere", date="2024-04-05", fatalities=13
        )
        r.number(
            "c1",
            13,
            "killed",
            place="p:dunmere",
            date="2024-04-05",
            credited="a police officer",
            event=e,
        )
        r.doc("c2", outlet="Fen Post", published="2024-04-06")
        r.number("c2", 13, "killed", date="2024-04-05", credited="Dr. Lina Voss")
        r.doc("c3", outlet="Plains Wire", published="2024-04-07")
        r.number(
            "c3", 13, "killed", place="p:dunmere", date="2024-04-06", credited="a police officer"
        )
        r.doc("c4", outlet="Plains Wire", published="2024-04-21")
        r.number(
            "c4", 13, "killed", place="p:dunmere", date="2024-04-20", credited="a police officer"
        )

        # D. An accusation and its denial; an unrelated shelling in the same place.
        r.doc("d1", outlet="Emmer Rights Watch", published="2024-05-10")
        r.event(
            "d1",
            "ASSAULT",
            mode="abduction",
            actor1="x:gunmen",
            place="p:tarsk",
            date="2024-04",
            evidence="Gunmen abducted 30 men near Tarsk in April.",
        )
        r.mention("d1", "ashen-brigade", "Ashen Brigade")
        r.event(
            "d1",
            "ASSAULT",
            mode="shelling",
            actor1="valley-guard",
            place="p:tarsk",
            date="2024-04",
            evidence="The Valley Guard shelled Tarsk.",
        )
        r.doc("d2", outlet="Marches Gazette", published="2024-05-12")
        r.event(
            "d2",
            "ASSAULT",
            mode="abduction",
            actor1="x:ashen brigades",
            place="p:emmer",
            date="2024-05-11",
            status="denied",
            credited="Ashen Brigade",
            credited_actor="ashen-brigade",
        )
        r.mention("d2", "x:ashen brigades", "Ashen Brigades")

        # E. One report gives two tolls and explains them: no contradiction.
        r.doc("e1", outlet="Marches Gazette", published="2024-06-02")
        r.number(
            "e1",
            40,
            "killed",
            place="p:holt",
            date="2024-06-01",
            approximate=True,
            credited="Valley Guard",
            credited_actor="valley-guard",
        )
        r.number(
            "e1",
            20,
            "killed",
            place="p:holt",
            date="2024-06-01",
            approximate=True,
            credited="an officer",
        )
        r.doc("e2", outlet="Plains Wire", published="2024-06-03")
        r.number(
            "e2",
            40,
            "killed",
            place="p:holt",
            date="2024-06-01",
            credited="Valley Guard",
            credited_actor="valley-guard",
        )

        # F. Events between actors, a merged record, an event marked wrong, nulls.
        r.doc("f1", outlet="Marches Gazette", published="2024-07-01")
        r.event(
            "f1",
            "ASSAULT",
            mode="attack",
            actor1="ashen-brigade",
            actor2="valley-guard",
            place="p:tarsk",
            date="2024-07-01",
            evidence="The Ashen Brigade attacked a Valley Guard post in Tarsk.",
        )
        r.event(
            "f1",
            "ASSAULT",
            mode="attack",
            actor1="x:ashen brigades",
            actor2="valley-guard",
            place="p:dunmere",
            date="2024-07",
            evidence="Ashen Brigades fighters attacked Dunmere.",
        )
        r.event(
            "f1",
            "ASSAULT",
            mode="attack",
            actor1="ashen-brigade",
            actor2="valley-guard",
            place="p:holt",
            date="2024-07-02",
            wrong=True,
            evidence="A misread sentence.",
        )
        r.event(
            "f1",
            "MOBILIZE",
            actor1="ashen-brigade",
            place="p:emmer",
            date="2024",
            evidence="The Ashen Brigade massed in Emmer this year.",
        )
        r.event(
            "f1",
            "AID",
            actor1="foreign-patron",
            actor2="ashen-brigade",
            date=None,
            evidence="The Foreign Patron armed the Ashen Brigade.",
        )
        r.event(
            "f1",
            "ASSAULT",
            actor1="valley-guard",
            actor2="ashen-brigade",
            place="p:tarsk",
            date="2024-07-08",
            status="hypothetical",
            evidence="The Valley Guard may strike back.",
        )
        r.relation(
            "f1",
            "ashen-brigade",
            "backed_by",
            "foreign-patron",
            "the Ashen Brigade, backed by the Foreign Patron",
        )
        r.relation(
            "f1",
            "x:ashen brigades",
            "backed_by",
            "foreign-patron",
            "Ashen Brigades, armed by the Foreign Patron",
        )
        r.relation(
            "f1",
            "valley-guard",
            "part_of",
            "marches-ministry",
            "the Valley Guard, a force of the Marches Ministry",
        )
        for text in ("Ashen Brigade", "the Ashen"):
            r.mention("f1", "ashen-brigade", text)
        r.place_mention("f1", "p:tarsk", "Tarsk")
        r.place_mention("f1", "p:tarsk", "Tarske")
        r.doc("f2", published=None)  # no outlet, no date
        r.event("f2", "PROTEST", date=None, evidence="People protested.")
    return path


@pytest.fixture(scope="session")
def world_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(tmp_path_factory.mktemp("world") / "world.db")


@pytest.fixture
def world(world_path: Path) -> Iterator[Store]:
    with Store(world_path, create=False) as store:
        yield store


def ingest_examples(path: Path) -> Path:
    """The bundled example corpus ingested with the real pipeline (extraction included)."""
    from dossier.ingest.pipeline import ingest

    with Store(path) as store:
        ingest([EXAMPLES / "news", EXAMPLES / "reports", EXAMPLES / "feeds"], store)
    return path


@pytest.fixture(scope="session")
def examples_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_examples(tmp_path_factory.mktemp("examples") / "examples.db")


@pytest.fixture
def examples_store(examples_path: Path) -> Iterator[Store]:
    with Store(examples_path, create=False) as store:
        yield store


def designed_facts() -> dict[str, Any]:
    return json.loads((EXAMPLES / ".designed_facts.json").read_text(encoding="utf-8"))


def load_fixtures() -> Any:
    """This module, for test files outside ``tests/analysis`` (a conftest is not
    importable by name from a sibling folder)."""
    name = "dossier_analysis_fixtures"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__))
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name]
