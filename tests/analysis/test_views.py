"""Events with filters, timelines, listings and profiles, on the invented record."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.analysis import views
from dossier.analysis.views import EventFilter, NotFound
from dossier.store import Store


def ids(rows: list[views.EventRow]) -> set[str]:
    return {r.id for r in rows}


def test_an_actor_filter_covers_records_merged_into_it(world: Store) -> None:
    rows = views.list_events(world, EventFilter(actor="Ashen Brigade"))
    assert {"f1:e1", "f1:e2", "f1:e4", "f1:e5", "f1:e6", "d2:e1"} <= ids(rows)
    merged = next(r for r in rows if r.id == "f1:e2")
    assert merged.actor1_id == "ashen-brigade" and merged.actor1 == "Ashen Brigade"
    assert "f1:e3" not in ids(rows)  # marked wrong
    with_wrong = views.list_events(world, EventFilter(actor="Ashen Brigade", include_wrong=True))
    assert next(r for r in with_wrong if r.id == "f1:e3").wrong is True


@pytest.mark.parametrize(
    "name", ["ashen-brigade", "ashen brigade", "the Ashen", "Ashen Brigades", "Ashan Brigade"]
)
def test_actors_are_found_by_id_name_alias_and_spelling(world: Store, name: str) -> None:
    assert views.find_actor(world, name).id == "ashen-brigade"


def test_an_unknown_actor_is_a_clear_error(world: Store) -> None:
    with pytest.raises(
        NotFound, match="no actor named 'Ashen Legion'.*did you mean: Ashen Brigade"
    ):
        views.find_actor(world, "Ashen Legion")


def test_a_province_covers_the_places_inside_it(world: Store) -> None:
    ref = views.find_place(world, "Emmer")
    assert ref.id == "p:emmer"
    assert set(ref.ids) == {"p:emmer", "p:tarsk", "p:dunmere"}
    rows = views.list_events(world, EventFilter(place="Emmer"))
    assert {r.place for r in rows} == {"Tarsk", "Dunmere", "Emmer Province"}
    assert views.find_place(world, "Tarske").id == "p:tarsk"  # a spelling seen in a text


def test_date_ranges_keep_each_dates_precision(world: Store) -> None:
    rows = views.list_events(world, EventFilter(actor="Ashen Brigade", since="2024-07-05"))
    # "2024" (year precision) overlaps the range; "2024-07" does too; 1 July does not.
    assert ids(rows) == {"f1:e2", "f1:e4", "f1:e6"}
    rows = views.list_events(world, EventFilter(since="2024-04", until="2024-04"))
    assert {r.date for r in rows} == {"2024-04", "2024-04-05", "2024"}
    assert all(r.date for r in rows)  # undated events drop out of a range
    with pytest.raises(ValueError, match="YYYY"):
        views.list_events(world, EventFilter(since="April 2024"))
    with pytest.raises(ValueError, match="before"):
        views.list_events(world, EventFilter(since="2024-05", until="2024-04"))


def test_type_status_and_order(world: Store) -> None:
    rows = views.list_events(world, EventFilter(type=["assault", "AID"]))
    assert {r.type for r in rows} == {"ASSAULT", "AID"}
    dated = [r.date for r in rows if r.date]
    assert dated == sorted(dated) and rows[-1].date is None  # undated last
    denied = views.list_events(world, EventFilter(status="denied"))
    assert ids(denied) == {"d2:e1"}
    assert views.count_events(world, EventFilter(type="ASSAULT")) == len(
        views.list_events(world, EventFilter(type="ASSAULT"))
    )
    assert len(views.list_events(world, limit=2)) == 2


def test_everything_badr_style_query(world: Store) -> None:
    """'Everything the X did in province P in year Y': actor, place and year together."""
    rows = views.list_events(
        world, EventFilter(actor="Ashen Brigade", place="Emmer", since="2024", until="2024")
    )
    assert ids(rows) == {"f1:e1", "f1:e2", "f1:e4", "f1:e6", "d2:e1"}


def test_timeline_by_month_week_day(world: Store) -> None:
    month = views.timeline(world, "month")
    counts = {(p, t): n for p, t, n in month.rows}
    assert counts[("2024-07", "ASSAULT")] == 3  # e1, e2, e6 (e3 is wrong)
    assert month.too_coarse == 1  # the year-only MOBILIZE
    assert month.undated == 2  # the AID and the PROTEST
    week = views.timeline(world, "week", EventFilter(type="ASSAULT"))
    assert "2024-W27" in week.periods
    assert all(p.startswith("2024-W") for p in week.periods)
    day = views.timeline(world, "day", EventFilter(actor="Ashen Brigade"))
    assert ("2024-07-01", "ASSAULT", 1) in day.rows
    assert views.fill_periods(["2024-01", "2024-03"], "month") == ["2024-01", "2024-02", "2024-03"]
    assert views.fill_periods(["2024-W52", "2025-W02"], "week") == [
        "2024-W52",
        "2025-W01",
        "2025-W02",
    ]
    with pytest.raises(ValueError):
        views.timeline(world, "fortnight")


def test_actor_listing_folds_merged_records(world: Store) -> None:
    rows = {r.id: r for r in views.actor_summaries(world)}
    assert "x:ashen brigades" not in rows
    ashen = rows["ashen-brigade"]
    assert ashen.merged == ["x:ashen brigades"]
    assert ashen.as_actor1 == 4 and ashen.as_actor2 == 2  # not the wrong f1:e3
    assert ashen.documents == 3  # d1, d2 (through the merged record) and f1


def test_actor_profile(world: Store) -> None:
    p = views.actor_profile(world, "the Ashen", knowledge=False)
    assert p.actor.id == "ashen-brigade"
    assert {"Ashen Brigade", "the Ashen", "Ashen Brigades"} <= {a["alias"] for a in p.aliases}
    backed = [a for a in p.affiliations if a["predicate"] == "backed_by"]
    assert backed == [
        {
            "predicate": "backed_by",
            "direction": "out",
            "actor_id": "foreign-patron",
            "actor": "Foreign Patron",
            "source": "text",
            "count": 2,
            "documents": 1,
            "evidence": backed[0]["evidence"],
        }
    ]
    assert p.as_actor1 == {"ASSAULT": 3, "MOBILIZE": 1} or p.as_actor1["ASSAULT"] == 3
    assert p.as_actor2 == {"AID": 1, "ASSAULT": 1}
    assert {c["actor_id"] for c in p.counterparts} == {"valley-guard", "foreign-patron"}
    assert p.documents == 3
    assert {o["outlet"] for o in p.outlets} == {"Marches Gazette", "Emmer Rights Watch"}
    assert p.recent_events[0].date == "2024-07-08"
    assert any(c.status == "denied" for c in p.claims)
    plain = p.to_dict()
    assert plain["merged"] == ["x:ashen brigades"] and plain["id"] == "ashen-brigade"


def test_place_profile(world: Store) -> None:
    p = views.place_profile(world, "Tarsk")
    assert {s["text"] for s in p.spellings} == {"Tarsk", "Tarske"}
    assert p.by_type["ASSAULT"] >= 3
    assert p.numbers["displaced"] == 4
    assert {a["actor_id"] for a in p.actors} >= {"ashen-brigade", "valley-guard"}
    province = views.place_profile(world, "Emmer Province")
    assert province.events > p.events
    assert province.to_dict()["contains"] == 2


def test_place_listing(world: Store) -> None:
    rows = {r.id: r for r in views.place_summaries(world)}
    assert rows["p:tarsk"].events >= 4 and rows["p:tarsk"].mentions == 4


def test_views_of_an_empty_record(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        from dossier.store.schema import metadata

        metadata.create_all(store.engine, checkfirst=True)
        assert views.list_events(store) == []
        assert views.timeline(store).rows == []
        assert views.actor_summaries(store) == []
        with pytest.raises(NotFound):
            views.actor_profile(store, "anyone")
