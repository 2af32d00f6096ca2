"""The actor network: who acts on whom, and who is said to be tied to whom.

A :class:`networkx.MultiDiGraph` whose nodes are actors (merged records folded into
the actor they were merged into) and whose edges are

* ``kind="event"``, key ``"event:<TYPE>"``: actor1 -> actor2 of events of one PLOVER
  type, ``weight`` = the number of events, with ``documents`` (how many reports),
  ``first_date`` / ``last_date``, the ``fatalities`` stated, and ``evidence``: a
  list of ``{"event_id", "document_id", "date", "text"}`` (the most recent first);
* ``kind="relation"``, key ``"relation:<predicate>"``: subject -> object of stated
  relations (``backed_by``, ``part_of``, ...), ``weight`` = the number of
  statements, with the same ``documents`` and ``evidence``.

Attribute names follow :mod:`dossier.export.graph` (``label``, ``plover_type``,
``predicate``). ``evidence`` is a list, which GraphML cannot store: :func:`flatten`
gives a copy with only strings and numbers.

The grouping runs in SQL, so building the top few hundred edges of a store with
100,000 events takes a few tens of milliseconds; evidence is fetched only for the
edges kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, case, func, or_, select

from dossier.analysis.views import EventFilter, Resolver, _chunks
from dossier.store.schema import events, relations

if TYPE_CHECKING:
    import networkx as nx

    from dossier.store import Store

__all__ = ["REAL", "actor_network", "flatten"]

# Events that tie two actors by default: a denied, planned or hypothetical attack is
# no edge. Ask for a status explicitly to see them.
REAL = ("asserted", "claimed")


@dataclass(slots=True)
class _Edge:
    source: str
    target: str
    kind: str  # "event" | "relation"
    label: str  # PLOVER type or predicate
    weight: int = 0
    documents: int = 0
    first_date: str | None = None
    last_date: str | None = None
    fatalities: int = 0
    evidence: list[dict[str, Any]] = field(default_factory=list)


def actor_network(
    store: Store,
    filt: EventFilter | None = None,
    *,
    limit: int | None = None,
    min_weight: int = 1,
    evidence: int = 3,
    include_relations: bool = True,
) -> nx.MultiDiGraph:
    """The actor network of the events matching ``filt`` (by default the asserted
    and claimed events an analyst has not marked wrong) and the stated relations.

    ``limit`` keeps the heaviest event edges (ties broken by name); relations are
    then kept between the actors already in the graph (and, with an actor filter,
    those of that actor). ``evidence`` is how many evidence spans each edge carries.
    """
    import networkx as nx

    filt = filt or EventFilter()
    if filt.status is None:
        filt = replace(filt, status=REAL)
    e = events.c
    with store._read() as conn:
        resolver = Resolver(conn)
        conds = filt.where(resolver)
        # Edge weights from the covering index, merged records mapped to the actor
        # they were merged into and the heaviest edges picked in SQL; the details
        # (documents, dates, tolls, evidence) are fetched only for the edges kept.
        merged = resolver.merged
        a1 = case(merged, value=e.actor1_id, else_=e.actor1_id) if merged else e.actor1_id
        a2 = case(merged, value=e.actor2_id, else_=e.actor2_id) if merged else e.actor2_id
        n = func.count()
        query = (
            select(a1.label("a1"), a2.label("a2"), e.type, n.label("n"))
            .where(*conds, e.actor1_id.is_not(None), e.actor2_id.is_not(None), a1 != a2)
            .group_by(a1, a2, e.type)
            .having(n >= min_weight)
            .order_by(n.desc(), a1, a2, e.type)
        )
        if limit is not None:
            query = query.limit(limit)
        kept = [_Edge(r.a1, r.a2, "event", r.type, int(r.n)) for r in conn.execute(query)]
        involvement = _involvement(
            conn, resolver, conds, {x.source for x in kept} | {x.target for x in kept}
        )
        _edge_details(conn, resolver, kept, conds, evidence)
        rel_edges: list[_Edge] = []
        if include_relations:
            nodes = {x.source for x in kept} | {x.target for x in kept}
            focus = set(filt.actor_ref.ids) if filt.actor_ref else set()
            rel_edges = _relation_edges(conn, resolver, nodes, focus, limit is None, evidence)
        all_ids = {x.source for x in kept + rel_edges} | {x.target for x in kept + rel_edges}
        info = resolver.actor_info(all_ids)
    g = nx.MultiDiGraph(name="Dossier actor network")
    for actor_id in sorted(all_ids):
        name, kind, country, kb_id = info[actor_id]
        g.add_node(
            actor_id,
            label=name,
            name=name,
            kind=kind,
            country=country,
            kb_id=kb_id,
            events=involvement.get(actor_id, 0),
        )
    for x in kept + rel_edges:
        attrs: dict[str, Any] = {
            "kind": x.kind,
            "label": x.label,
            "weight": x.weight,
            "documents": x.documents,
            "evidence": x.evidence,
        }
        if x.kind == "event":
            attrs.update(
                plover_type=x.label,
                first_date=x.first_date,
                last_date=x.last_date,
                fatalities=x.fatalities,
            )
        else:
            attrs["predicate"] = x.label
        g.add_edge(x.source, x.target, key=f"{x.kind}:{x.label}", **attrs)
    return g


def _involvement(
    conn: Any, resolver: Resolver, conds: list[Any], nodes: set[str]
) -> dict[str, int]:
    """How many of the selected events each node takes part in (either role)."""
    e = events.c
    out: dict[str, int] = defaultdict(int)
    ids = sorted({i for node in nodes for i in resolver.members(node)})
    for chunk in _chunks(ids):
        for col in (e.actor1_id, e.actor2_id):
            for actor_id, n in conn.execute(
                select(col, func.count()).where(*conds, col.in_(chunk)).group_by(col)
            ):
                out[resolver.root(actor_id)] += n  # type: ignore[index]
    return out


def _edge_details(
    conn: Any, resolver: Resolver, kept: list[_Edge], conds: list[Any], per_edge: int
) -> None:
    """Documents, first and last date, tolls and the latest evidence of each kept
    edge: two small indexed queries per stored (actor1, actor2, type)."""
    e = events.c
    a1, a2, kind = bindparam("a1"), bindparam("a2"), bindparam("kind")
    match = (*conds, e.actor1_id == a1, e.actor2_id == a2, e.type == kind)
    totals = select(
        func.count(e.document_id.distinct()).label("docs"),
        func.min(e.date).label("first"),
        func.max(e.date).label("last"),
        func.coalesce(func.sum(e.fatalities), 0).label("dead"),
    ).where(*match)
    latest = (
        select(e.id, e.document_id, e.date, e.evidence_text)
        .where(*match)
        .order_by(e.date.is_(None), e.date.desc(), e.id)
        .limit(per_edge)
    )
    members: dict[str, tuple[str, ...]] = {}
    for x in kept:
        for node in (x.source, x.target):
            if node not in members:
                members[node] = resolver.members(node)
        for raw1 in members[x.source]:
            for raw2 in members[x.target]:
                params = {"a1": raw1, "a2": raw2, "kind": x.label}
                r = conn.execute(totals, params).one()
                if not r.docs:
                    continue
                x.documents += int(r.docs)  # an upper bound when merged records share documents
                x.first_date = min(filter(None, (x.first_date, r.first)), default=None)
                x.last_date = max(filter(None, (x.last_date, r.last)), default=None)
                x.fatalities += int(r.dead or 0)
                if per_edge:
                    for ev in conn.execute(latest, params):
                        x.evidence.append(
                            {
                                "event_id": ev.id,
                                "document_id": ev.document_id,
                                "date": ev.date,
                                "text": ev.evidence_text,
                            }
                        )
        # Merged records give spans from several queries: keep the latest overall.
        x.evidence = sorted(x.evidence, key=lambda v: v["date"] or "", reverse=True)[:per_edge]


def _relation_edges(
    conn: Any,
    resolver: Resolver,
    nodes: set[str],
    focus: set[str],
    everything: bool,
    per_edge: int,
) -> list[_Edge]:
    r = relations.c
    query = select(r.subject_id, r.predicate, r.object_id, r.document_id, r.evidence_text).order_by(
        r.id
    )
    if not everything:
        ids = sorted({i for n in nodes | focus for i in resolver.members(n)})
        if not ids:
            return []
        query = query.where(or_(r.subject_id.in_(ids), r.object_id.in_(ids)))
    edges: dict[tuple[str, str, str], _Edge] = {}
    docs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in conn.execute(query):
        s, o = resolver.root(row.subject_id), resolver.root(row.object_id)
        if s is None or o is None or s == o:
            continue
        if not everything and not ((s in nodes and o in nodes) or s in focus or o in focus):
            continue
        key = (s, o, row.predicate)
        x = edges.setdefault(key, _Edge(s, o, "relation", row.predicate))
        x.weight += 1
        docs[key].add(row.document_id)
        if len(x.evidence) < per_edge:
            x.evidence.append(
                {
                    "event_id": None,
                    "document_id": row.document_id,
                    "date": None,
                    "text": row.evidence_text,
                }
            )
    for key, x in edges.items():
        x.documents = len(docs[key])
    return sorted(edges.values(), key=lambda x: (-x.weight, x.source, x.target, x.label))


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only string and number attributes (GraphML, GEXF): ``None``
    becomes ``""`` and the evidence list becomes its first span, the document it
    is from, and the ids of the documents it lists."""
    out = graph.copy()
    for _, data in out.nodes(data=True):
        for k, v in list(data.items()):
            if v is None:
                data[k] = ""
    for _, _, data in out.edges(data=True):
        ev = data.pop("evidence", []) or []
        data["evidence"] = " ".join(ev[0]["text"].split()) if ev else ""
        data["evidence_document"] = ev[0]["document_id"] if ev else ""
        data["document_ids"] = "; ".join(dict.fromkeys(x["document_id"] for x in ev))
        for k, v in list(data.items()):
            if v is None:
                data[k] = ""
    return out
