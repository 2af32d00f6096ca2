"""Exports of the record to the tools analysts already use.

One module per format, all reading the same filtered events
(:mod:`dossier.export.records`, :mod:`dossier.export.filters`):

=========  ==========================================  ==============================
format     function                                    read with
=========  ==========================================  ==============================
csv        :func:`write_csv` (ACLED's columns first)   Excel, pandas, an ACLED download
jsonl      :func:`write_jsonl` (full provenance)       ``json``, jq, pandas
geojson    :func:`write_geojson` (events as points)    QGIS, kepler.gl, geopandas
graphml    :func:`write_graphml` (actor network)       Gephi, Cytoscape, networkx
gexf       :func:`write_gexf` (actor network)          Gephi, networkx
parquet    :func:`write_parquet` (five tables)         pandas, DuckDB, Polars
=========  ==========================================  ==============================

Each takes a :class:`~dossier.store.Store` (or an SQLAlchemy ``Engine`` or
``Connection``), an output path and an optional :class:`EventFilter`, and returns
an :class:`ExportResult`. See ``docs/export.md``.
"""

from __future__ import annotations

from dossier.export.acled_map import AcledMap, load_acled_map
from dossier.export.csv_acled import ACLED_COLUMNS, COLUMNS, DOSSIER_COLUMNS, write_csv
from dossier.export.filters import EventFilter, FilterError
from dossier.export.geojson import write_geojson
from dossier.export.graph import network, write_gexf, write_graphml
from dossier.export.jsonl import write_jsonl
from dossier.export.parquet import write_parquet
from dossier.export.records import ExportError, ExportResult, load_events

FORMATS = ("csv", "jsonl", "geojson", "graphml", "gexf", "parquet")

__all__ = [
    "ACLED_COLUMNS",
    "COLUMNS",
    "DOSSIER_COLUMNS",
    "FORMATS",
    "AcledMap",
    "EventFilter",
    "ExportError",
    "ExportResult",
    "FilterError",
    "export",
    "load_acled_map",
    "load_events",
    "network",
    "write_csv",
    "write_geojson",
    "write_gexf",
    "write_graphml",
    "write_jsonl",
    "write_parquet",
]


def export(
    fmt: str,
    source: object,
    out: str,
    filters: EventFilter | None = None,
    **options: object,
) -> ExportResult:
    """Write ``fmt`` (one of :data:`FORMATS`): the one entry point the CLI calls.

    ``options`` go to the format's writer: ``mapping``, ``claims`` and
    ``per_claim`` for the event formats (ignored by the network formats),
    ``acled_only`` and ``header`` for csv.
    """
    writers = {
        "csv": write_csv,
        "jsonl": write_jsonl,
        "geojson": write_geojson,
        "graphml": write_graphml,
        "gexf": write_gexf,
        "parquet": write_parquet,
    }
    if fmt not in writers:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt in ("graphml", "gexf"):
        for name in ("mapping", "claims", "per_claim"):  # event-format options
            options.pop(name, None)
    return writers[fmt](source, out, filters, **options)  # type: ignore[operator]
