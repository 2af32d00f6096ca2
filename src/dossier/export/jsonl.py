"""Events as JSON Lines, one event per line with its full provenance.

Each line says what happened (type, mode, actors, place with coordinates, date,
numbers), who says so (the document: id, outlet, title, url, published date;
attribution and status) and where exactly (the evidence span: character offsets
into the stored document text, and the text itself), plus the extractor's
``explain`` record and the ACLED coding the CSV export would give it.

:func:`flat_event` is the same event as one level of scalar columns, shared by
the GeoJSON properties and the Parquet ``events`` table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.export.acled_map import AcledCoding, AcledMap, load_acled_map
from dossier.export.filters import EventFilter
from dossier.export.records import (
    ActorRef,
    DocumentRef,
    EventRecord,
    ExportResult,
    PlaceRef,
    export_events,
    text_output,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from dossier.store import Store


def _actor(a: ActorRef | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"id": a.id, "name": a.name, "kind": a.kind, "country": a.country}


def _place(p: PlaceRef | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "admin1": p.admin1,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "geonames_id": p.geonames_id,
    }


def _document(d: DocumentRef) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "title": d.title,
        "url": d.url,
        "outlet": d.outlet,
        "published": d.published,
    }


def event_dict(event: EventRecord, coding: AcledCoding | None = None) -> dict[str, Any]:
    """The JSON object of one event: every key present, ``null`` where unknown."""
    out: dict[str, Any] = {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "status": event.status,
        "confidence": round(event.confidence, 3),
        "attributed_to": event.attributed_to,
        "attributed_actor": _actor(event.attributed_actor),
        "actor1": _actor(event.actor1),
        "actor2": _actor(event.actor2),
        "place": _place(event.place),
        "date": event.date,
        "date_precision": event.date_precision,
        "fatalities": event.fatalities,
        "quantities": event.quantities,
        "document": _document(event.document),
        "evidence": {
            "start": event.evidence_start,
            "end": event.evidence_end,
            "text": event.evidence_text,
        },
        "explain": event.explain,
        "wrong": event.wrong,
        "reports": event.reports,
        "origins": event.origins,
        "documents": [_document(d) for d in event.documents],
    }
    if coding is not None:
        out["acled"] = {
            "event_type": coding.event_type,
            "sub_event_type": coding.sub_event_type,
            "disorder_type": coding.disorder_type,
            "inter1": coding.inter1,
            "inter2": coding.inter2,
            "interaction": coding.interaction,
            "civilian_targeting": coding.civilian_targeting or None,
        }
    return out


def flat_event(event: EventRecord, coding: AcledCoding | None = None) -> dict[str, Any]:
    """One event as flat scalar columns (strings, numbers, booleans or null)."""
    a1, a2, p, d = event.actor1, event.actor2, event.place, event.document
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "status": event.status,
        "confidence": round(event.confidence, 3),
        "date": event.date,
        "date_precision": event.date_precision,
        "fatalities": event.fatalities,
        "actor1_id": a1.id if a1 else None,
        "actor1": a1.name if a1 else None,
        "actor1_kind": a1.kind if a1 else None,
        "actor2_id": a2.id if a2 else None,
        "actor2": a2.name if a2 else None,
        "actor2_kind": a2.kind if a2 else None,
        "place_id": p.id if p else None,
        "place": p.name if p else None,
        "place_kind": p.kind if p else None,
        "admin1": p.admin1 if p else None,
        "country": p.country if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "attributed_to": event.attributed_to,
        "attributed_actor_id": event.attributed_actor.id if event.attributed_actor else None,
        "document_id": d.id,
        "outlet": d.outlet,
        "title": d.title,
        "url": d.url,
        "published": d.published,
        "evidence_start": event.evidence_start,
        "evidence_end": event.evidence_end,
        "evidence": event.evidence_text,
        "reports": event.reports,
        "origins": event.origins,
        "acled_event_type": coding.event_type if coding else None,
        "acled_sub_event_type": coding.sub_event_type if coding else None,
        "wrong": event.wrong,
    }


def write_jsonl(
    source: Store | Engine | Connection,
    out: str | Path,
    filters: EventFilter | None = None,
    *,
    mapping: AcledMap | str | Path | None = None,
    claims: bool = True,
    per_claim: bool = False,
) -> ExportResult:
    """Write the filtered events to ``out`` (a path, or ``-`` for standard output);
    ``claims`` and ``per_claim`` as for :func:`~dossier.export.csv_acled.write_csv`."""
    acled = mapping if isinstance(mapping, AcledMap) else load_acled_map(mapping)
    events = export_events(source, filters, claims=claims, per_claim=per_claim)
    with text_output(out) as f:
        for event in events:
            f.write(json.dumps(event_dict(event, acled.code(event)), ensure_ascii=False))
            f.write("\n")
    return ExportResult("jsonl", [str(out)], len(events))
