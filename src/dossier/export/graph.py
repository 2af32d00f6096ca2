"""The actor network as GraphML or GEXF, for Gephi, Cytoscape and networkx.

The graph is :func:`dossier.analysis.network.actor_network` (one definition of
the network for the whole of Dossier), flattened by
:func:`dossier.analysis.network.flatten` so that every attribute is a string or
a number, which GraphML and GEXF require (unknown is "", never null):

* nodes are actors (after analysts' merges) with ``label``/``name``, ``kind``,
  ``country``, ``kb_id`` and the number of ``events`` they take part in;
* ``kind="event"`` edges go actor1 -> actor2, one per PLOVER type (key
  ``event:<TYPE>``), with ``plover_type``, ``weight`` (number of events),
  ``documents``, ``first_date``/``last_date``, ``fatalities``, one ``evidence``
  text with its ``evidence_document`` and the ``document_ids`` of the evidence kept;
* ``kind="relation"`` edges go subject -> object, one per predicate (key
  ``relation:<predicate>``), with ``predicate``, ``weight`` and the same evidence.

The attribute is ``plover_type``, not ``type``, because GEXF reserves ``type`` on
edges. Like the network view, the export counts asserted and claimed events
unless a status is asked for, and leaves out an actor acting on itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.export.filters import EventFilter, FilterError
from dossier.export.records import ExportError, ExportResult, atomic_path, connect

if TYPE_CHECKING:
    import networkx as nx

    from dossier.store import Store


def _networkx() -> Any:
    try:
        import networkx
    except ImportError:
        raise ExportError("the network exports need networkx: pip install networkx") from None
    return networkx


def view_filter(flt: EventFilter | None) -> Any:
    """The network view's filter for an export filter (it takes one actor and one
    place, and has no confidence threshold)."""
    from dossier.analysis.views import EventFilter as ViewFilter

    flt = flt or EventFilter()
    if len(flt.actors) > 1 or len(flt.places) > 1:
        raise FilterError("the network export takes at most one --actor and one --place")
    if flt.min_confidence is not None:
        raise FilterError("--min-confidence does not apply to the network export")
    return ViewFilter(
        type=list(flt.types) or None,
        actor=flt.actors[0] if flt.actors else None,
        place=flt.places[0] if flt.places else None,
        since=flt.since,
        until=flt.until,
        status=list(flt.statuses) or None,
        include_wrong=flt.include_wrong,
    )


def network(store: Store, filters: EventFilter | None = None) -> nx.MultiDiGraph:
    """The flattened actor network of the events the filter keeps (see module doc)."""
    from dossier.analysis.network import actor_network, flatten
    from dossier.analysis.views import NotFound

    _networkx()
    try:
        return flatten(actor_network(store, view_filter(filters)))
    except (NotFound, ValueError) as exc:
        if isinstance(exc, FilterError):
            raise
        raise FilterError(str(exc)) from None


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(g: Any) -> Any:
    """Drop characters XML 1.0 cannot hold (control characters a scraped text may carry)."""

    def clean(value: Any) -> Any:
        return _XML_INVALID.sub(" ", value) if isinstance(value, str) else value

    for _, data in g.nodes(data=True):
        for k, v in list(data.items()):
            data[k] = clean(v)
    for *_, data in g.edges(data=True):
        for k, v in list(data.items()):
            data[k] = clean(v)
    for k, v in list(g.graph.items()):
        g.graph[k] = clean(v)
    return g


def _write(fmt: str, source: Store, out: str | Path, filters: EventFilter | None) -> ExportResult:
    nx = _networkx()
    if str(out) == "-":
        raise ExportError(f"{fmt} is written to a file: give -o FILE")
    from dossier.store import Store

    if not isinstance(source, Store):
        raise ExportError("the network exports read a Store (dossier.store.Store)")
    with connect(source):  # checks that the record tables exist
        pass
    g = _xml_safe(network(source, filters))
    with atomic_path(out) as tmp:
        if fmt == "graphml":
            nx.write_graphml(g, tmp, encoding="utf-8", prettyprint=True)
        else:
            nx.write_gexf(g, tmp, encoding="utf-8", prettyprint=True)
    return ExportResult(
        fmt,
        [str(out)],
        g.number_of_edges(),
        tables={"actors": g.number_of_nodes(), "edges": g.number_of_edges()},
    )


def write_graphml(
    source: Store, out: str | Path, filters: EventFilter | None = None
) -> ExportResult:
    """Write the actor network as GraphML (networkx ``read_graphml``, Gephi, Cytoscape)."""
    return _write("graphml", source, out, filters)


def write_gexf(source: Store, out: str | Path, filters: EventFilter | None = None) -> ExportResult:
    """Write the actor network as GEXF 1.2 (Gephi, networkx ``read_gexf``)."""
    return _write("gexf", source, out, filters)
