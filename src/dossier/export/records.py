"""The record as the exports read it: events with their actors, place and document.

Every event format starts from the same :func:`export_events` (filtered rows,
then reports and origins from the claims analysis), so a filter means the same
thing in CSV, JSON Lines, GeoJSON and Parquet. Actors are shown as analysts
curated them: an actor merged into another (``actors.merged_into``) is exported
as the actor it was merged into.

The rows are read with SQLAlchemy Core, so the event formats take a
:class:`~dossier.store.Store`, an ``Engine`` or an open ``Connection``; the claims
analysis (and the network, :mod:`dossier.export.graph`) need a Store.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, select

from dossier.export.filters import EventFilter, date_conditions, resolve, resolve_merges, where
from dossier.store.schema import (
    actors,
    document_extractions,
    documents,
    events,
    places,
    relations,
)

if TYPE_CHECKING:
    from dossier.store import Store

RECORD_TABLES = ("actors", "places", "events", "numbers", "relations")


class ExportError(Exception):
    """An export that cannot be made: the message says what to do."""


@dataclass(slots=True, frozen=True)
class ActorRef:
    id: str
    name: str
    kind: str
    country: str | None = None
    kb_id: str | None = None


@dataclass(slots=True, frozen=True)
class PlaceRef:
    id: str
    name: str
    kind: str
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None

    @property
    def has_point(self) -> bool:
        """Valid WGS 84 coordinates (what a map can draw)."""
        return (
            self.lat is not None
            and self.lon is not None
            and -90.0 <= self.lat <= 90.0
            and -180.0 <= self.lon <= 180.0
        )


@dataclass(slots=True, frozen=True)
class DocumentRef:
    id: str
    seq: int
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    name: str | None
    updated_at: datetime | None  # when its record was last (re-)extracted, else ingested


@dataclass(slots=True)
class EventRecord:
    """One stored event, joined with what it refers to."""

    id: str
    type: str
    mode: str | None
    actor1: ActorRef | None
    actor2: ActorRef | None
    place: PlaceRef | None
    date: str | None
    date_precision: str | None
    attributed_to: str | None
    attributed_actor: ActorRef | None
    status: str
    confidence: float
    fatalities: int | None
    quantities: list[dict[str, Any]]
    evidence_start: int
    evidence_end: int
    evidence_text: str
    explain: dict[str, Any]
    wrong: bool
    document: DocumentRef
    # How many reports state this event and how many independent origins they
    # have. One event row is one report; claim grouping (dossier.analysis) can
    # raise both when it is available.
    reports: int = 1
    origins: int = 1
    documents: list[DocumentRef] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.documents:
            self.documents = [self.document]

    @property
    def outlets(self) -> list[str]:
        """The outlets of the reports, once each, in order."""
        seen: list[str] = []
        for d in self.documents:
            if d.outlet and d.outlet not in seen:
                seen.append(d.outlet)
        return seen


@dataclass(slots=True)
class RelationRecord:
    """One stored relation between two actors, with its evidence."""

    id: int
    subject: ActorRef
    predicate: str
    object: ActorRef
    evidence_start: int
    evidence_end: int
    evidence_text: str
    document: DocumentRef


@dataclass(slots=True)
class ExportResult:
    """What an export wrote."""

    format: str
    paths: list[str]
    rows: int
    skipped: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def message(self) -> str:
        where_ = ", ".join(self.paths)
        if self.tables:
            counts = ", ".join(f"{n:,} {t}" for t, n in self.tables.items())
            text = f"wrote {counts} to {where_}"
        else:
            text = f"wrote {self.rows:,} {_noun(self.format, self.rows)} to {where_}"
        return "; ".join([text, *self.notes])

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "paths": self.paths,
            "rows": self.rows,
            "skipped": self.skipped,
            "tables": self.tables,
            "notes": self.notes,
        }


def _noun(fmt: str, n: int) -> str:
    if fmt in ("graphml", "gexf"):
        return "edge" if n == 1 else "edges"
    return "event" if n == 1 else "events"


@contextmanager
def connect(source: Store | Engine | Connection) -> Iterator[Connection]:
    """A read connection from a Store, an Engine or a Connection (used as is)."""
    if isinstance(source, Connection):
        yield source
        return
    engine = source if isinstance(source, Engine) else getattr(source, "engine", None)
    if not isinstance(engine, Engine):
        raise TypeError(f"expected a Store, Engine or Connection, got {type(source).__name__}")
    with engine.connect() as conn:
        require_record(conn)
        yield conn


def require_record(conn: Connection) -> None:
    """Raise :class:`ExportError` when the database has no record tables yet."""
    missing = [t for t in RECORD_TABLES if not inspect(conn).has_table(t)]
    if missing:
        raise ExportError(
            f"this database has no {', '.join(missing)} table(s): it was made by a Dossier "
            "without the extracted record; open it with the current Dossier and extract first"
        )


def utc(value: datetime | None) -> datetime | None:
    """Datetimes from SQLite come back naive; they were stored in UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def load_actors(conn: Connection) -> tuple[dict[str, ActorRef], dict[str, str]]:
    """All actors by id, and each id -> the id it was merged into (itself if not)."""
    rows = conn.execute(select(actors)).all()
    refs = {r.id: ActorRef(r.id, r.name, r.kind, r.country, r.kb_id) for r in rows}
    final = resolve_merges({r.id: r.merged_into for r in rows})
    return refs, final


def load_places(conn: Connection) -> dict[str, PlaceRef]:
    return {
        r.id: PlaceRef(r.id, r.name, r.kind, r.admin1, r.country, r.lat, r.lon, r.geonames_id)
        for r in conn.execute(select(places))
    }


def _json(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def load_events(conn: Connection, flt: EventFilter | None = None) -> list[EventRecord]:
    """The events the filter keeps, ordered by date (undated last), then by document
    ingestion order and position in the text: a stable order for running numbers."""
    flt = resolve(conn, flt or EventFilter())
    refs, final = load_actors(conn)
    place_refs = load_places(conn)

    def actor(actor_id: str | None) -> ActorRef | None:
        if actor_id is None:
            return None
        target = final.get(actor_id, actor_id)
        return refs.get(target) or ActorRef(target, target, "other")

    e, d, x = events.c, documents.c, document_extractions.c
    query = (
        select(
            events,
            d.seq.label("doc_seq"),
            d.title.label("doc_title"),
            d.url.label("doc_url"),
            d.outlet.label("doc_outlet"),
            d.published.label("doc_published"),
            d.name.label("doc_name"),
            d.ingested_at.label("doc_ingested_at"),
            x.extracted_at.label("doc_extracted_at"),
        )
        .join(documents, d.id == e.document_id)
        .outerjoin(document_extractions, x.document_id == e.document_id)
        .where(where(flt))
        .order_by(e.date.is_(None), e.date, d.seq, e.evidence_start, e.id)
    )
    docs: dict[str, DocumentRef] = {}
    out: list[EventRecord] = []
    for r in conn.execute(query):
        doc = docs.get(r.document_id)
        if doc is None:
            doc = docs[r.document_id] = DocumentRef(
                r.document_id,
                r.doc_seq,
                r.doc_title,
                r.doc_url,
                r.doc_outlet,
                r.doc_published,
                r.doc_name,
                utc(r.doc_extracted_at) or utc(r.doc_ingested_at),
            )
        out.append(
            EventRecord(
                id=r.id,
                type=r.type,
                mode=r.mode,
                actor1=actor(r.actor1_id),
                actor2=actor(r.actor2_id),
                place=place_refs.get(r.place_id) if r.place_id else None,
                date=r.date,
                date_precision=r.date_precision,
                attributed_to=r.attributed_to,
                attributed_actor=actor(r.attributed_actor_id),
                status=r.status,
                confidence=float(r.confidence),
                fatalities=r.fatalities,
                quantities=_json(r.quantities_json, []),
                evidence_start=r.evidence_start,
                evidence_end=r.evidence_end,
                evidence_text=r.evidence_text,
                explain=_json(r.explain_json, {}),
                wrong=bool(r.wrong),
                document=doc,
            )
        )
    return out


def load_documents(conn: Connection, ids: Iterable[str]) -> dict[str, DocumentRef]:
    """Documents by id, without their texts."""
    d, x = documents.c, document_extractions.c
    wanted = sorted(set(ids))
    out: dict[str, DocumentRef] = {}
    for start in range(0, len(wanted), 500):
        query = (
            select(
                d.id,
                d.seq,
                d.title,
                d.url,
                d.outlet,
                d.published,
                d.name,
                d.ingested_at,
                x.extracted_at,
            )
            .outerjoin(document_extractions, x.document_id == d.id)
            .where(d.id.in_(wanted[start : start + 500]))
        )
        for r in conn.execute(query):
            out[r.id] = DocumentRef(
                r.id,
                r.seq,
                r.title,
                r.url,
                r.outlet,
                r.published,
                r.name,
                utc(r.extracted_at) or utc(r.ingested_at),
            )
    return out


def apply_claims(
    store: Store, events: list[EventRecord], *, per_claim: bool = False
) -> list[EventRecord]:
    """Fill ``reports``, ``origins`` and ``documents`` from the claims of
    :mod:`dossier.analysis.claims`: an event that is the statement of a claim in
    its document gets the claim's counts and all the claim's documents, earliest
    first. Other events stay one report of one origin.

    With ``per_claim``, the events of one claim become one row: the claim's
    earliest report if it is among ``events``, else the first of them.
    """
    from dossier.analysis.claims import find_claims

    types = sorted({e.type for e in events})
    if not types:
        return events
    claim_of: dict[str, Any] = {}
    for claim in find_claims(store, kind=types):
        if claim.category == "event":
            for source in claim.sources:
                claim_of[source.statement_id] = claim
    if not claim_of:
        return events
    wanted = {s.document_id for c in claim_of.values() for s in c.sources}
    with store.engine.connect() as conn:
        docs = load_documents(conn, wanted)
    for e in events:
        claim = claim_of.get(e.id)
        if claim is not None:
            e.reports, e.origins = claim.reports, claim.origins
            e.documents = [docs[s.document_id] for s in claim.sources if s.document_id in docs]
    if not per_claim:
        return events
    chosen: dict[int, str] = {}
    present = {e.id for e in events}
    for e in events:
        claim = claim_of.get(e.id)
        if claim is not None and id(claim) not in chosen:
            first = claim.sources[0].statement_id
            chosen[id(claim)] = first if first in present else e.id
    return [e for e in events if e.id not in claim_of or chosen[id(claim_of[e.id])] == e.id]


def export_events(
    source: Store | Engine | Connection,
    flt: EventFilter | None = None,
    *,
    claims: bool = True,
    per_claim: bool = False,
) -> list[EventRecord]:
    """The events an export writes: :func:`load_events`, then (from a Store, with
    ``claims``) reports and origins from the claims analysis."""
    with connect(source) as conn:
        events = load_events(conn, flt)
    from dossier.store import Store

    if claims and isinstance(source, Store):
        events = apply_claims(source, events, per_claim=per_claim)
    elif per_claim:
        raise ExportError("one row per claim needs the claims analysis: export from a Store")
    return events


def load_relations(conn: Connection, flt: EventFilter | None = None) -> list[RelationRecord]:
    """Relations, with merges applied to both ends.

    Relations have no type, status, place or date of their own, so of the event
    filters only two apply: ``actors`` (either end) and ``since``/``until``, which
    compare the document's publication date (undated documents are then left out).
    """
    flt = resolve(conn, flt or EventFilter())
    refs, final = load_actors(conn)

    def actor(actor_id: str) -> ActorRef:
        target = final.get(actor_id, actor_id)
        return refs.get(target) or ActorRef(target, target, "other")

    r, d = relations.c, documents.c
    query = (
        select(
            relations,
            d.seq,
            d.title,
            d.url,
            d.outlet,
            d.published,
            d.name,
            d.ingested_at,
        )
        .join(documents, d.id == r.document_id)
        .order_by(d.seq, r.evidence_start, r.id)
    )
    if flt.actors:
        ids = sorted(flt.actor_ids or ())
        query = query.where(r.subject_id.in_(ids) | r.object_id.in_(ids))
    for cond in date_conditions(d.published, flt):
        query = query.where(cond)
    docs: dict[str, DocumentRef] = {}
    out = []
    for row in conn.execute(query):
        doc = docs.get(row.document_id)
        if doc is None:
            doc = docs[row.document_id] = DocumentRef(
                row.document_id,
                row.seq,
                row.title,
                row.url,
                row.outlet,
                row.published,
                row.name,
                utc(row.ingested_at),
            )
        out.append(
            RelationRecord(
                row.id,
                actor(row.subject_id),
                row.predicate,
                actor(row.object_id),
                row.evidence_start,
                row.evidence_end,
                row.evidence_text,
                doc,
            )
        )
    return out


@contextmanager
def text_output(path: str | Path) -> Iterator[Any]:
    """A UTF-8 text file to write (newlines as written); ``-`` is standard output.

    The file is written under a temporary name and renamed when complete, so an
    export that fails half-way leaves no half-written file behind.
    """
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        yield f


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path next to ``path``, renamed to it if the block succeeds."""
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    tmp = target.with_name(f".{target.name}.partial")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
