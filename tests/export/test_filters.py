"""Event filters: what an analyst types, resolved to ids, applied in SQL."""

from __future__ import annotations

import pytest
from export_fixture import DOC_A, DOC_B, DOC_C

from dossier.export.filters import EventFilter, FilterError, resolve_merges
from dossier.export.records import load_events, load_relations
from dossier.store import Store


def ids(store: Store, **filters) -> list[str]:
    with store.engine.connect() as conn:
        return [e.id for e in load_events(conn, EventFilter(**filters))]


def test_default_leaves_out_only_events_marked_wrong(store: Store) -> None:
    assert set(ids(store)) == {
        f"{DOC_A}:e1",
        f"{DOC_A}:e2",
        f"{DOC_B}:e1",
        f"{DOC_B}:e2",
        f"{DOC_C}:e1",
    }
    assert f"{DOC_B}:e3" in ids(store, include_wrong=True)


def test_events_come_in_date_order_undated_last(store: Store) -> None:
    got = ids(store)
    assert got[-1] == f"{DOC_C}:e1"  # no date
    assert got.index(f"{DOC_A}:e1") < got.index(f"{DOC_B}:e1")  # Feb before March


def test_type_and_status_and_confidence(store: Store) -> None:
    assert set(ids(store, types=["accuse", "PROTEST"])) == {f"{DOC_B}:e2", f"{DOC_C}:e1"}
    assert set(ids(store, statuses=["claimed"])) == {f"{DOC_A}:e2", f"{DOC_B}:e1"}
    assert set(ids(store, min_confidence=0.65)) == {f"{DOC_A}:e1", f"{DOC_B}:e1"}


def test_actor_by_id_name_alias_and_spelling_with_merges(store: Store) -> None:
    expected = {f"{DOC_A}:e1", f"{DOC_A}:e2", f"{DOC_B}:e2"}  # e1's actor1 was merged in
    assert set(ids(store, actors=["ashen-brigade"])) == expected
    assert set(ids(store, actors=["Ashen Brigade"])) == expected
    assert set(ids(store, actors=["Ashen Bde"])) == expected  # alias
    assert set(ids(store, actors=["Ramad Brigade"])) == expected  # name key drops "al-"
    # naming the merged actor finds the events of the actor it was merged into
    assert set(ids(store, actors=["Ashen commandos"])) == expected


def test_place_by_name_province_country_code_and_id(store: Store) -> None:
    assert set(ids(store, places=["Tarsk"])) == {f"{DOC_A}:e1", f"{DOC_B}:e1"}
    assert set(ids(store, places=["emmer"])) == {f"{DOC_A}:e1", f"{DOC_A}:e2", f"{DOC_B}:e1"}
    assert len(ids(store, places=["IRQ"])) == 4  # an ISO country code
    assert ids(store, places=["dossier:grey-mill"]) == [f"{DOC_C}:e1"]


def test_dates_compare_as_intervals(store: Store) -> None:
    # the month-precision event (2024-02) overlaps a window starting mid-February
    assert set(ids(store, since="2024-02-20", until="2024-02-28")) == {f"{DOC_A}:e2", f"{DOC_B}:e2"}
    # the year-precision event (2024) overlaps everything in 2024; undated events never match
    assert set(ids(store, since="2024-03")) == {f"{DOC_B}:e1", f"{DOC_B}:e2"}
    assert set(ids(store, until="2024-02-10")) == {f"{DOC_A}:e1", f"{DOC_A}:e2", f"{DOC_B}:e2"}
    assert ids(store, since="2025") == []


def test_filters_combine_with_and(store: Store) -> None:
    assert ids(store, types=["ASSAULT"], places=["Tarsk"], statuses=["asserted"]) == [f"{DOC_A}:e1"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"types": ["BOMB"]}, "unknown event type"),
        ({"statuses": ["rumoured"]}, "unknown status"),
        ({"since": "March 2024"}, "YYYY"),
        ({"since": "2024-05", "until": "2024-01"}, "after"),
        ({"min_confidence": 1.5}, "between 0 and 1"),
    ],
)
def test_bad_values_are_refused_with_a_reason(kwargs, message: str) -> None:
    with pytest.raises(FilterError, match=message):
        EventFilter(**kwargs)


def test_unknown_actor_or_place_is_an_error_not_an_empty_export(store: Store) -> None:
    with pytest.raises(FilterError, match="no actor named 'Nobody'"):
        ids(store, actors=["Nobody"])
    with pytest.raises(FilterError, match="did you mean: Ashen Brigade"):
        ids(store, actors=["Ashen Legion"])
    with pytest.raises(FilterError, match="no place named 'Atlantis'"):
        ids(store, places=["Atlantis"])


def test_relations_follow_actor_and_date_filters(store: Store) -> None:
    with store.engine.connect() as conn:
        everything = load_relations(conn)
        northern = load_relations(conn, EventFilter(actors=["Northern Council"]))
        march = load_relations(conn, EventFilter(since="2024-03"))
    assert [r.predicate for r in everything] == ["backed_by", "opposes"]
    assert [r.predicate for r in northern] == ["backed_by"]
    assert [r.predicate for r in march] == ["opposes"]
    # the merged object is shown as the actor it was merged into
    assert everything[1].object.id == "ashen-brigade"


def test_active_and_describe() -> None:
    assert not EventFilter().active
    assert not EventFilter(include_wrong=True).active
    flt = EventFilter(types=["ASSAULT"], since="2024")
    assert flt.active
    assert flt.describe() == "type ASSAULT, since 2024"
    assert EventFilter().describe() == "all events"


def test_merge_chains_and_cycles_resolve() -> None:
    final = resolve_merges({"a": "b", "b": "c", "c": None, "x": "y", "y": "x", "z": "missing"})
    assert final["a"] == "c" and final["b"] == "c" and final["c"] == "c"
    assert final["x"] in {"x", "y"}  # a cycle stops instead of looping
    assert final["z"] == "z"  # a dangling merge is ignored
