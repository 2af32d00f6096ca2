"""Events as a GeoJSON FeatureCollection (RFC 7946), for QGIS, kepler.gl and friends.

One Feature per event with a Point at its place, ``[longitude, latitude]`` in WGS 84
as RFC 7946 requires, and flat scalar properties (the columns of
:func:`~dossier.export.jsonl.flat_event` without lat/lon), so that GIS tools read
them as an attribute table. Events whose place has no coordinates (or no place)
cannot be drawn: they are skipped and counted in the result's message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.export.acled_map import AcledMap, load_acled_map
from dossier.export.filters import EventFilter
from dossier.export.jsonl import flat_event
from dossier.export.records import EventRecord, ExportResult, export_events, text_output

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from dossier.store import Store


def feature(event: EventRecord, acled: AcledMap) -> dict[str, Any] | None:
    """The Feature of one event, or None when it has no valid coordinates."""
    place = event.place
    if place is None or not place.has_point:
        return None
    properties = flat_event(event, acled.code(event))
    del properties["lat"], properties["lon"]
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": properties,
    }


def feature_collection(events: list[EventRecord], acled: AcledMap) -> tuple[dict[str, Any], int]:
    """The FeatureCollection and the number of events left out for want of coordinates."""
    features = [f for f in (feature(e, acled) for e in events) if f is not None]
    return {"type": "FeatureCollection", "features": features}, len(events) - len(features)


def write_geojson(
    source: Store | Engine | Connection,
    out: str | Path,
    filters: EventFilter | None = None,
    *,
    mapping: AcledMap | str | Path | None = None,
    claims: bool = True,
    per_claim: bool = False,
) -> ExportResult:
    """Write the filtered events that have coordinates to ``out`` (path or ``-``);
    ``claims`` and ``per_claim`` as for :func:`~dossier.export.csv_acled.write_csv`."""
    acled = mapping if isinstance(mapping, AcledMap) else load_acled_map(mapping)
    events = export_events(source, filters, claims=claims, per_claim=per_claim)
    collection, skipped = feature_collection(events, acled)
    with text_output(out) as f:
        json.dump(collection, f, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    result = ExportResult("geojson", [str(out)], len(collection["features"]), skipped=skipped)
    if skipped:
        result.notes.append(
            f"skipped {skipped:,} {'event' if skipped == 1 else 'events'} without coordinates"
        )
    return result
