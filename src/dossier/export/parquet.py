"""The record as five Parquet tables (pyarrow), for pandas, DuckDB, Polars and Spark.

``events``, ``actors``, ``places``, ``numbers`` and ``relations``, each with a fixed
schema (below), so that files from different runs concatenate. ``out`` is a folder
(``exports/`` -> ``exports/events.parquet``, ...) or a file prefix (``exports/run1``
-> ``exports/run1_events.parquet``, ...).

Without filters every row of the record is written. With filters, ``events`` holds
the events kept, and the other tables the rows those events refer to: their
actors and places, the numbers counted for them, and the relations the filter
allows (see :func:`dossier.export.records.load_relations`). Actors merged by an
analyst keep their row, with ``merged_into`` set; events name the actor they were
merged into.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from dossier.export.acled_map import AcledMap, load_acled_map
from dossier.export.filters import EventFilter
from dossier.export.jsonl import flat_event
from dossier.export.records import (
    EventRecord,
    ExportError,
    ExportResult,
    atomic_path,
    connect,
    export_events,
    load_relations,
)
from dossier.store.schema import (
    actor_aliases,
    actor_mentions,
    actors,
    numbers,
    place_mentions,
    places,
)

if TYPE_CHECKING:
    import pyarrow as pa
    from sqlalchemy import Connection, Engine

    from dossier.store import Store

TABLES = ("events", "actors", "places", "numbers", "relations")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ExportError("the Parquet export needs pyarrow: pip install pyarrow") from None
    return pyarrow


def schemas() -> dict[str, pa.Schema]:
    """The schema of each table (column names and Arrow types)."""
    pa = _pyarrow()
    s, i32, i64, f64, b = pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.bool_()
    return {
        "events": pa.schema(
            [
                ("id", s),
                ("type", s),
                ("mode", s),
                ("status", s),
                ("confidence", f64),
                ("date", s),
                ("date_precision", s),
                ("fatalities", i32),
                ("actor1_id", s),
                ("actor1", s),
                ("actor1_kind", s),
                ("actor2_id", s),
                ("actor2", s),
                ("actor2_kind", s),
                ("place_id", s),
                ("place", s),
                ("place_kind", s),
                ("admin1", s),
                ("country", s),
                ("lat", f64),
                ("lon", f64),
                ("attributed_to", s),
                ("attributed_actor_id", s),
                ("document_id", s),
                ("outlet", s),
                ("title", s),
                ("url", s),
                ("published", s),
                ("evidence_start", i64),
                ("evidence_end", i64),
                ("evidence", s),
                ("reports", i32),
                ("origins", i32),
                ("acled_event_type", s),
                ("acled_sub_event_type", s),
                ("wrong", b),
                ("document_ids", pa.list_(s)),
                ("quantities_json", s),
                ("explain_json", s),
            ]
        ),
        "actors": pa.schema(
            [
                ("id", s),
                ("name", s),
                ("kind", s),
                ("country", s),
                ("kb_id", s),
                ("merged_into", s),
                ("aliases", pa.list_(s)),
                ("mentions", i64),
                ("events", i64),
            ]
        ),
        "places": pa.schema(
            [
                ("id", s),
                ("name", s),
                ("kind", s),
                ("admin1", s),
                ("country", s),
                ("lat", f64),
                ("lon", f64),
                ("geonames_id", i64),
                ("mentions", i64),
                ("events", i64),
            ]
        ),
        "numbers": pa.schema(
            [
                ("id", s),
                ("document_id", s),
                ("value", f64),
                ("kind", s),
                ("about", s),
                ("approximate", b),
                ("attributed_to", s),
                ("attributed_actor_id", s),
                ("event_id", s),
                ("place_id", s),
                ("date", s),
                ("evidence_start", i64),
                ("evidence_end", i64),
                ("evidence_text", s),
            ]
        ),
        "relations": pa.schema(
            [
                ("id", i64),
                ("document_id", s),
                ("subject_id", s),
                ("subject", s),
                ("predicate", s),
                ("object_id", s),
                ("object", s),
                ("outlet", s),
                ("published", s),
                ("evidence_start", i64),
                ("evidence_end", i64),
                ("evidence_text", s),
            ]
        ),
    }


def table_paths(out: str | Path) -> dict[str, Path]:
    """Where each table goes: ``out`` is a folder (existing, or ending in a slash)
    or a file prefix (a trailing ``.parquet`` is dropped)."""
    text = str(out)
    path = Path(text)
    if path.is_dir() or text.endswith(("/", "\\")):
        if not path.is_dir():
            if not path.parent.is_dir():
                raise ExportError(f"cannot create {path}: folder {path.parent} does not exist")
            path.mkdir()
        return {t: path / f"{t}.parquet" for t in TABLES}
    stem = path.name.removesuffix(".parquet")
    return {t: path.with_name(f"{stem}_{t}.parquet") for t in TABLES}


def collect(
    conn: Connection, events: list[EventRecord], filters: EventFilter | None, acled: AcledMap
) -> dict[str, list[dict[str, Any]]]:
    """The rows of the five tables, as lists of dicts in schema order."""
    flt = filters or EventFilter()
    kept_relations = load_relations(conn, flt)
    event_rows = []
    actor_events: Counter[str] = Counter()
    place_events: Counter[str] = Counter()
    for e in events:
        row = flat_event(e, acled.code(e))
        row["document_ids"] = [d.id for d in e.documents]
        row["quantities_json"] = json.dumps(e.quantities, ensure_ascii=False)
        row["explain_json"] = json.dumps(e.explain, ensure_ascii=False)
        event_rows.append(row)
        for a in {x.id for x in (e.actor1, e.actor2) if x is not None}:
            actor_events[a] += 1
        if e.place is not None:
            place_events[e.place.id] += 1

    keep_all = not flt.active
    used_actors = set(actor_events)
    for e in events:
        if e.attributed_actor is not None:
            used_actors.add(e.attributed_actor.id)
    for r in kept_relations:
        used_actors |= {r.subject.id, r.object.id}

    aliases: dict[str, list[str]] = {}
    for a in conn.execute(
        select(actor_aliases.c.actor_id, actor_aliases.c.alias).order_by(
            actor_aliases.c.actor_id, actor_aliases.c.alias
        )
    ):
        aliases.setdefault(a.actor_id, []).append(a.alias)
    mentions = dict(
        conn.execute(
            select(actor_mentions.c.actor_id, func.count()).group_by(actor_mentions.c.actor_id)
        ).all()
    )
    actor_rows = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "country": a.country,
            "kb_id": a.kb_id,
            "merged_into": a.merged_into,
            "aliases": aliases.get(a.id, []),
            "mentions": int(mentions.get(a.id, 0)),
            "events": actor_events.get(a.id, 0),
        }
        for a in conn.execute(select(actors).order_by(actors.c.id))
        if keep_all or a.id in used_actors
    ]

    place_mentions_n = dict(
        conn.execute(
            select(place_mentions.c.place_id, func.count()).group_by(place_mentions.c.place_id)
        ).all()
    )
    place_rows = [
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "admin1": p.admin1,
            "country": p.country,
            "lat": p.lat,
            "lon": p.lon,
            "geonames_id": p.geonames_id,
            "mentions": int(place_mentions_n.get(p.id, 0)),
            "events": place_events.get(p.id, 0),
        }
        for p in conn.execute(select(places).order_by(places.c.id))
        if keep_all or p.id in place_events
    ]

    kept_ids = {e.id for e in events}
    number_rows = [
        {
            "id": n.id,
            "document_id": n.document_id,
            "value": n.value,
            "kind": n.kind,
            "about": n.about,
            "approximate": bool(n.approximate),
            "attributed_to": n.attributed_to,
            "attributed_actor_id": n.attributed_actor_id,
            "event_id": n.event_id,
            "place_id": n.place_id,
            "date": n.date,
            "evidence_start": n.evidence_start,
            "evidence_end": n.evidence_end,
            "evidence_text": n.evidence_text,
        }
        for n in conn.execute(
            select(numbers).order_by(numbers.c.document_id, numbers.c.evidence_start, numbers.c.id)
        )
        if keep_all or n.event_id in kept_ids
    ]

    relation_rows = [
        {
            "id": r.id,
            "document_id": r.document.id,
            "subject_id": r.subject.id,
            "subject": r.subject.name,
            "predicate": r.predicate,
            "object_id": r.object.id,
            "object": r.object.name,
            "outlet": r.document.outlet,
            "published": r.document.published,
            "evidence_start": r.evidence_start,
            "evidence_end": r.evidence_end,
            "evidence_text": r.evidence_text,
        }
        for r in kept_relations
    ]
    return {
        "events": event_rows,
        "actors": actor_rows,
        "places": place_rows,
        "numbers": number_rows,
        "relations": relation_rows,
    }


def write_parquet(
    source: Store | Engine | Connection,
    out: str | Path,
    filters: EventFilter | None = None,
    *,
    mapping: AcledMap | str | Path | None = None,
    claims: bool = True,
    per_claim: bool = False,
) -> ExportResult:
    """Write the five tables under ``out`` (a folder or a file prefix); ``claims``
    and ``per_claim`` (for the events table) as for
    :func:`~dossier.export.csv_acled.write_csv`."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    if str(out) == "-":
        raise ExportError("parquet is written to files: give -o FOLDER/ or -o PREFIX")
    acled = mapping if isinstance(mapping, AcledMap) else load_acled_map(mapping)
    paths = table_paths(out)
    events = export_events(source, filters, claims=claims, per_claim=per_claim)
    with connect(source) as conn:
        rows = collect(conn, events, filters, acled)
    counts = {}
    for name, schema in schemas().items():
        table = pa.Table.from_pylist(rows[name], schema=schema)
        with atomic_path(paths[name]) as tmp:
            pq.write_table(table, tmp)
        counts[name] = table.num_rows
    return ExportResult(
        "parquet", [str(p) for p in paths.values()], counts["events"], tables=counts
    )
