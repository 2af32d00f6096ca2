"""The actor network as GraphML and GEXF, read back with networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from export_fixture import DOC_A, DOC_B

from dossier.export import EventFilter, FilterError, write_gexf, write_graphml
from dossier.store import Store

READERS = {"graphml": (write_graphml, nx.read_graphml), "gexf": (write_gexf, nx.read_gexf)}


@pytest.fixture(params=sorted(READERS))
def graph(request, store: Store, tmp_path: Path) -> nx.MultiDiGraph:
    write, read = READERS[request.param]
    out = tmp_path / f"network.{request.param}"
    result = write(store, out)
    g = read(out)
    assert result.tables == {"actors": g.number_of_nodes(), "edges": g.number_of_edges()}
    return g


def test_nodes_are_actors_with_name_kind_country(graph) -> None:
    # actors on an edge; the protesters act alone (no actor2) and are no node
    assert set(graph.nodes) == {"ashen-brigade", "valley-guard", "northern-council", "x:villagers"}
    brigade = graph.nodes["ashen-brigade"]
    assert (brigade["name"], brigade["label"], brigade["kind"], brigade["country"]) == (
        "Ashen Brigade",
        "Ashen Brigade",
        "armed_group",
        "IRQ",
    )
    assert brigade["events"] == 3  # including the event of the actor merged into it
    assert graph.nodes["x:villagers"]["country"] == ""  # unknown: empty, never null
    assert "x:ashen commandos" not in graph  # merged away


def test_event_edges_have_type_and_weight(graph) -> None:
    assert isinstance(graph, nx.MultiDiGraph)
    edge = graph.edges["ashen-brigade", "valley-guard", "event:ASSAULT"]
    assert edge["kind"] == "event"
    assert edge["plover_type"] == edge["label"] == "ASSAULT"
    assert edge["weight"] == 1
    assert edge["fatalities"] == 3
    assert edge["first_date"] == "2024-02-10"
    assert edge["document_ids"] == DOC_A
    assert graph.has_edge("valley-guard", "ashen-brigade", "event:ACCUSE")


def test_relation_edges_have_predicate_and_evidence(graph) -> None:
    backed = graph.edges["ashen-brigade", "northern-council", "relation:backed_by"]
    assert backed["kind"] == "relation"
    assert backed["predicate"] == backed["label"] == "backed_by"
    assert backed["evidence"] == "the Ashen Brigade is backed by the Northern Council"
    assert backed["evidence_document"] == DOC_A
    # parallel edges between one pair: an event and a relation
    assert set(graph["valley-guard"]["ashen-brigade"]) == {"event:ACCUSE", "relation:opposes"}
    assert graph.edges["valley-guard", "ashen-brigade", "relation:opposes"]["document_ids"] == DOC_B


def test_attributes_are_scalars(graph) -> None:
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, str | int | float) for v in data.values())
    for *_, data in graph.edges(keys=True, data=True):
        assert all(isinstance(v, str | int | float) for v in data.values())


def test_weights_add_up(store: Store, tmp_path: Path) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO events (id, document_id, type, mode, actor1_id, actor2_id, date, status, confidence,"
            " quantities_json, evidence_start, evidence_end, evidence_text, explain_json, wrong)"
            " SELECT id || 'b', document_id, type, mode, actor1_id, actor2_id, '2024-02-20', status,"
            " confidence, quantities_json, evidence_start, evidence_end, evidence_text, explain_json, wrong"
            " FROM events WHERE id = ?",
            (f"{DOC_A}:e1",),
        )
    out = tmp_path / "n.graphml"
    write_graphml(store, out)
    edge = nx.read_graphml(out).edges["ashen-brigade", "valley-guard", "event:ASSAULT"]
    assert edge["weight"] == 2
    assert (edge["first_date"], edge["last_date"]) == ("2024-02-10", "2024-02-20")


def test_filters_narrow_the_network(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "f.gexf"
    write_gexf(store, out, EventFilter(actors=["Northern Council"]))
    g = nx.read_gexf(out)
    # the Northern Council's only event has no actor2: no event edge is left
    assert {label for *_, label in g.edges(data="label")} & {"ASSAULT", "ACCUSE"} == set()
    assert "backed_by" in {label for *_, label in g.edges(data="label")}
    write_gexf(store, out, EventFilter(types=["ACCUSE"]))
    g = nx.read_gexf(out)
    assert [(a, b, d["label"]) for a, b, d in g.edges(data=True) if d["kind"] == "event"] == [
        ("valley-guard", "ashen-brigade", "ACCUSE")
    ]


def test_denied_events_are_no_edges_unless_asked_for(store: Store, tmp_path: Path) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE events SET status = 'denied' WHERE type = 'ACCUSE'")
    out = tmp_path / "d.graphml"
    write_graphml(store, out)
    read = nx.read_graphml(out, force_multigraph=True)
    assert not read.has_edge("valley-guard", "ashen-brigade", "event:ACCUSE")
    write_graphml(store, out, EventFilter(statuses=["denied"]))
    read = nx.read_graphml(out, force_multigraph=True)
    assert read.has_edge("valley-guard", "ashen-brigade", "event:ACCUSE")


def test_filters_the_network_cannot_take(store: Store, tmp_path: Path) -> None:
    with pytest.raises(FilterError, match="one --actor"):
        write_gexf(
            store, tmp_path / "x.gexf", EventFilter(actors=["Ashen Brigade", "Valley Guard"])
        )
    with pytest.raises(FilterError, match="min-confidence"):
        write_gexf(store, tmp_path / "x.gexf", EventFilter(min_confidence=0.5))
    assert not (tmp_path / "x.gexf").exists()


def test_gephi_sees_a_directed_gexf_with_labels(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "g.gexf"
    write_gexf(store, out)
    text = out.read_text(encoding="utf-8")
    assert 'defaultedgetype="directed"' in text
    assert 'label="Ashen Brigade"' in text
