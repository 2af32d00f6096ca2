"""The Python API: ``dossier.open(path)`` and its DataFrames and graph."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import dossier
from dossier.store import NoDatabase


def _fixtures():
    """tests/analysis/conftest.py, which builds the invented record."""
    name = "dossier_analysis_fixtures"
    if name not in sys.modules:
        path = Path(__file__).parent / "analysis" / "conftest.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _fixtures().build_world(tmp_path_factory.mktemp("api") / "world.db")


@pytest.fixture
def d(world_db: Path):
    with dossier.open(world_db) as opened:
        yield opened


def test_open_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(NoDatabase):
        dossier.open(tmp_path / "missing.db")


def test_events_frame(d) -> None:
    frame = d.events(actor="Ashen Brigade", place="Emmer", since="2024", until="2024")
    assert isinstance(frame, pd.DataFrame)
    assert set(frame.index) == {"f1:e1", "f1:e2", "f1:e4", "f1:e6", "d2:e1"}
    assert set(frame["actor1"].dropna()) <= {"Ashen Brigade", "Valley Guard"}
    assert frame.loc["f1:e4", "precision"] == "year"
    assert list(frame.columns[:4]) == ["id", "date", "precision", "type"]
    assert "f1:e3" not in d.events().index
    assert "f1:e3" in d.events(include_wrong=True).index
    assert set(d.events(type="ASSAULT", status="denied").index) == {"d2:e1"}
    empty = d.events(type="PROTEST", since="2030")
    assert empty.empty and "evidence" in empty.columns


def test_timeline_frame(d) -> None:
    frame = d.timeline()
    assert frame.index.name == "month"
    assert list(frame.index) == [f"2024-{m:02d}" for m in range(3, 8)]  # gaps filled
    assert frame.loc["2024-07", "ASSAULT"] == 3
    assert (frame["total"] == frame.drop(columns="total").sum(axis=1)).all()
    assert frame.attrs["too_coarse"] == 1 and frame.attrs["undated"] == 2
    assault = d.timeline("week", type="ASSAULT", fill=False)
    assert list(assault.columns) == ["ASSAULT", "total"]


def test_claims_frame(d) -> None:
    frame = d.claims(kind="displaced")
    top = frame.iloc[0]
    assert (top["value"], top["reports"], top["origins"]) == (4000, 6, 1)
    assert top["statement"] == "4,000 displaced near Tarsk (2024-02)"
    assert {s["document_id"] for s in top["sources"]} == {"a1", "a2", "a3", "a4", "a5", "a6"}
    disputed = d.claims(contradicted=True)
    assert disputed["contradicted"].all() and len(disputed) >= 4
    assert (d.claims(min_origins=2)["origins"] >= 2).all()
    assert d.claim_list(kind="killed")[0].kind == "killed"


def test_actors_places_documents(d) -> None:
    actors = d.actors()
    assert "x:ashen brigades" not in actors.index
    assert actors.loc["ashen-brigade", "merged"] == ["x:ashen brigades"]
    places = d.places()
    assert places.loc["p:tarsk", "name"] == "Tarsk"
    docs = d.documents()
    assert docs.loc["a3", "near_duplicate_of"] == "a2"
    assert docs.loc["f1", "events"] == 5  # six stored, one marked wrong
    profile = d.actor("Ashen Brigades", knowledge=False)
    assert profile.actor.id == "ashen-brigade"
    assert d.place("Holt").place.kind == "village"


def test_network(d) -> None:
    g = d.network()
    assert isinstance(g, nx.MultiDiGraph)
    attack = g.get_edge_data("ashen-brigade", "valley-guard", key="event:ASSAULT")
    assert attack["weight"] == 2  # the merged record's attack counts; the wrong one does not
    assert attack["plover_type"] == "ASSAULT" and attack["first_date"] == "2024-07"
    assert {e["event_id"] for e in attack["evidence"]} == {"f1:e1", "f1:e2"}
    backed = g.get_edge_data("ashen-brigade", "foreign-patron", key="relation:backed_by")
    assert backed["weight"] == 2 and backed["kind"] == "relation"
    assert g.nodes["ashen-brigade"]["name"] == "Ashen Brigade"
    assert not g.has_edge("valley-guard", "ashen-brigade")  # hypothetical: no edge by default
    assert d.network(status="hypothetical").has_edge("valley-guard", "ashen-brigade")
    top = d.network(limit=1, relations=False)
    assert top.number_of_edges() == 1
    from dossier.analysis.network import flatten

    flat = flatten(g)
    assert isinstance(
        flat.get_edge_data("ashen-brigade", "valley-guard", key="event:ASSAULT")["evidence"], str
    )
    assert "".join(nx.generate_graphml(flat))  # only strings and numbers left


def test_examples_through_the_api(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = _fixtures().ingest_examples(tmp_path_factory.mktemp("api-examples") / "examples.db")
    with dossier.open(path) as d:
        disputed = d.claims(kind="killed", contradicted=True)
        assert {11, 17} <= set(disputed["value"])
        badr = d.events(actor="Badr Organization", place="Diyala")
        assert not badr.empty and (badr["place"] != "").all()
        assert d.timeline()["total"].sum() > 0
