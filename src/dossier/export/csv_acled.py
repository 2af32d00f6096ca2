"""Events as CSV in ACLED's columns and order, then Dossier's own columns.

The first 31 columns are ACLED's export columns, named and ordered as in an ACLED
download, so the file concatenates with one (``pandas.concat`` aligns the extra
columns; ``acled_only=True`` writes only ACLED's columns for byte-level
appending). Values follow ACLED's codebook where Dossier knows them and are empty
where it does not (``admin2``/``admin3``, ``assoc_actor_*``, ``source_scale``,
``tags``). The choices are listed in ``docs/export.md``; the type mapping lives
in ``data/acled_map.yaml``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.export.acled_map import AcledCoding, AcledMap, Country, load_acled_map
from dossier.export.filters import EventFilter
from dossier.export.records import (
    EventRecord,
    ExportResult,
    export_events,
    text_output,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from dossier.store import Store

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
DOSSIER_COLUMNS = (
    "plover_type",
    "mode",
    "status",
    "attributed_to",
    "reports",
    "origins",
    "document_ids",
    "confidence",
    "evidence_start",
    "evidence_end",
)
COLUMNS = ACLED_COLUMNS + DOSSIER_COLUMNS
UNKNOWN_COUNTRY = "XXX"  # event_id_cnty prefix for events without a country

# ACLED time precision: 1 = the day is known, 2 = within a week, 3 = a month or vaguer.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
# ACLED geo precision: 1 = the town itself, 2 = near a town / a district, 3 = a
# province, region or country (coordinates of its centre).
GEO_PRECISION = {
    "city": 1,
    "town": 1,
    "village": 1,
    "site": 1,
    "district": 2,
    "province": 3,
    "region": 3,
    "country": 3,
}


def event_date(date: str | None, precision: str | None) -> tuple[str, int | str, int | str]:
    """``(event_date, year, time_precision)`` for a stored date.

    A month is coded on its 15th (ACLED codes a vague period by its middle); a
    year alone has no event date, only a year. No date: all three empty.
    """
    if not date:
        return "", "", ""
    precision = precision or {10: "day", 7: "month", 4: "year"}.get(len(date))
    year = int(date[:4])
    if len(date) >= 10:
        return date[:10], year, TIME_PRECISION.get(precision or "day", 1)
    if len(date) == 7:
        return f"{date}-15", year, 3
    return "", year, 3


def clean_text(text: str | None) -> str:
    """One line: spreadsheets and ACLED's notes have no line breaks."""
    return " ".join((text or "").split())


def acled_row(
    event: EventRecord, coding: AcledCoding, country: Country | None, event_id: str
) -> dict[str, Any]:
    """One CSV row (ACLED's columns and ours) as a dict; unknown values are ""."""
    date, year, time_precision = event_date(event.date, event.date_precision)
    place = event.place
    admin1 = admin2 = location = ""
    lat: Any = ""
    lon: Any = ""
    geo_precision: Any = ""
    if place is not None:
        location = place.name
        admin1 = place.admin1 or (place.name if place.kind == "province" else "")
        admin2 = place.name if place.kind == "district" else ""
        if place.has_point:
            lat, lon = round(place.lat, 4), round(place.lon, 4)  # type: ignore[arg-type]
            geo_precision = GEO_PRECISION.get(place.kind, "")

    def code(value: int | None) -> int | str:
        return "" if value is None else value

    stamp = event.document.updated_at
    return {
        "event_id_cnty": event_id,
        "event_date": date,
        "year": year,
        "time_precision": time_precision,
        "disorder_type": coding.disorder_type,
        "event_type": coding.event_type,
        "sub_event_type": coding.sub_event_type,
        "actor1": event.actor1.name if event.actor1 else "",
        "assoc_actor_1": "",
        "inter1": code(coding.inter1),
        "actor2": event.actor2.name if event.actor2 else "",
        "assoc_actor_2": "",
        "inter2": code(coding.inter2),
        "interaction": code(coding.interaction),
        "civilian_targeting": coding.civilian_targeting,
        "iso": code(country.iso) if country else "",
        "region": country.region if country else "",
        "country": country.name if country else "",
        "admin1": admin1,
        "admin2": admin2,
        "admin3": "",
        "location": location,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo_precision,
        "source": "; ".join(event.outlets),
        "source_scale": "",
        "notes": clean_text(event.evidence_text),
        "fatalities": event.fatalities if event.fatalities is not None else 0,
        "tags": "",
        "timestamp": int(stamp.timestamp()) if stamp else "",
        "plover_type": event.type,
        "mode": event.mode or "",
        "status": event.status,
        "attributed_to": event.attributed_to or "",
        "reports": event.reports,
        "origins": event.origins,
        "document_ids": "; ".join(d.id for d in event.documents),
        "confidence": round(event.confidence, 3),
        "evidence_start": event.evidence_start,
        "evidence_end": event.evidence_end,
    }


def acled_rows(events: Iterable[EventRecord], mapping: AcledMap) -> Iterator[dict[str, Any]]:
    """Rows in the events' order; ``event_id_cnty`` numbers run per country from 1."""
    numbers: dict[str, int] = defaultdict(int)
    for event in events:
        alpha3 = event.place.country if event.place and event.place.country else None
        country = mapping.country(alpha3)
        prefix = alpha3 or UNKNOWN_COUNTRY
        numbers[prefix] += 1
        yield acled_row(event, mapping.code(event), country, f"{prefix}{numbers[prefix]}")


def write_csv(
    source: Store | Engine | Connection,
    out: str | Path,
    filters: EventFilter | None = None,
    *,
    acled_only: bool = False,
    header: bool = True,
    mapping: AcledMap | str | Path | None = None,
    claims: bool = True,
    per_claim: bool = False,
) -> ExportResult:
    """Write the filtered events to ``out`` (a path, or ``-`` for standard output).

    ``acled_only`` leaves out Dossier's own columns; ``header=False`` leaves out the
    header line (to append to an existing file); ``mapping`` is an
    :class:`AcledMap` or the path of a mapping file (default: the packaged one).
    ``claims`` fills reports/origins/sources from the claims analysis (a Store
    only); ``per_claim`` writes one row per claim instead of one per report.
    """
    acled = mapping if isinstance(mapping, AcledMap) else load_acled_map(mapping)
    columns = ACLED_COLUMNS if acled_only else COLUMNS
    events = export_events(source, filters, claims=claims, per_claim=per_claim)
    with text_output(out) as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        if header:
            writer.writeheader()
        for row in acled_rows(events, acled):
            writer.writerow(row)
    return ExportResult("csv", [str(out)], len(events))
