"""Parquet: five tables with fixed schemas, read back with pyarrow and pandas."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from export_fixture import DOC_A, DOC_B

from dossier.export import EventFilter, ExportError, write_parquet
from dossier.export.parquet import TABLES, schemas, table_paths
from dossier.store import Store


@pytest.fixture
def tables(store: Store, tmp_path: Path) -> dict[str, pa.Table]:
    folder = tmp_path / "out"
    folder.mkdir()
    result = write_parquet(store, folder)
    read = {t: pq.read_table(folder / f"{t}.parquet") for t in TABLES}
    assert result.tables == {t: read[t].num_rows for t in TABLES}
    return read


def test_schemas_and_row_counts(tables) -> None:
    expected = schemas()
    for name, table in tables.items():
        assert table.schema.equals(expected[name], check_metadata=False), name
    counts = {t: tables[t].num_rows for t in TABLES}
    assert counts == {"events": 5, "actors": 7, "places": 4, "numbers": 2, "relations": 2}


def test_types_pandas_sees(tables) -> None:
    events = tables["events"].to_pandas()
    assert events["confidence"].dtype == "float64"
    assert events["wrong"].dtype == "bool"
    battle = events[events["mode"] == "attack"].iloc[0]
    assert battle["fatalities"] == 3
    assert battle["actor1_id"] == "ashen-brigade"
    assert list(battle["document_ids"]) == [DOC_A]
    assert battle["acled_event_type"] == "Battles"
    assert events[events["mode"] == "killing"]["fatalities"].isna().all()


def test_actor_and_place_tables(tables) -> None:
    actors = tables["actors"].to_pandas().set_index("id")
    assert actors.loc["x:ashen commandos", "merged_into"] == "ashen-brigade"
    assert sorted(actors.loc["ashen-brigade", "aliases"]) == ["Ashen Bde", "al-Ramad Brigade"]
    assert actors.loc["ashen-brigade", "mentions"] == 1
    assert actors.loc["ashen-brigade", "events"] == 3
    places = tables["places"].to_pandas().set_index("id")
    assert places.loc["geonames:900001", "events"] == 2
    assert places.loc["geonames:900001", "geonames_id"] == 900001
    assert places["lat"].isna().sum() == 1


def test_numbers_and_relations(tables) -> None:
    numbers = tables["numbers"].to_pylist()
    assert {(n["value"], n["kind"], n["event_id"]) for n in numbers} == {
        (3.0, "killed", f"{DOC_A}:e1"),
        (200.0, "personnel", None),
    }
    assert [n["approximate"] for n in numbers if n["kind"] == "personnel"] == [True]
    relations = tables["relations"].to_pylist()
    assert [(r["subject"], r["predicate"], r["object"]) for r in relations] == [
        ("Ashen Brigade", "backed_by", "Northern Council"),
        ("Valley Guard", "opposes", "Ashen Brigade"),
    ]


def test_filtered_export_keeps_what_the_events_refer_to(store: Store, tmp_path: Path) -> None:
    result = write_parquet(
        store, tmp_path / "run1", EventFilter(types=["ASSAULT"], until="2024-02")
    )
    # relations by publication date: only the February document's
    assert result.tables == {"events": 2, "actors": 4, "places": 2, "numbers": 1, "relations": 1}
    assert (tmp_path / "run1_events.parquet").exists()
    ids = (
        pq.read_table(tmp_path / "run1_events.parquet", columns=["document_id"])
        .column(0)
        .to_pylist()
    )
    assert set(ids) == {DOC_A}


def test_table_paths_folder_prefix_and_suffix(tmp_path: Path) -> None:
    assert table_paths(tmp_path)["events"] == tmp_path / "events.parquet"
    new = table_paths(f"{tmp_path}/new/")
    assert new["actors"] == tmp_path / "new" / "actors.parquet" and (tmp_path / "new").is_dir()
    assert table_paths(tmp_path / "x.parquet")["numbers"] == tmp_path / "x_numbers.parquet"
    with pytest.raises(ExportError, match="does not exist"):
        table_paths(f"{tmp_path}/a/b/")


def test_duckdb_style_concatenation_of_two_runs(store: Store, tmp_path: Path) -> None:
    write_parquet(store, tmp_path / "a", EventFilter(types=["ASSAULT"]))
    write_parquet(store, tmp_path / "b", EventFilter(types=["ACCUSE"]))
    both = pa.concat_tables(
        [pq.read_table(tmp_path / "a_events.parquet"), pq.read_table(tmp_path / "b_events.parquet")]
    )
    assert both.num_rows == 4
    assert DOC_B in both.column("document_id").to_pylist()
