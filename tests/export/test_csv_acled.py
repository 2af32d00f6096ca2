"""The ACLED-shaped CSV, read back the way analysts read it: csv module and pandas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from export_fixture import DOC_A, DOC_B, DOC_C, EXTRACTED_AT

from dossier.export import ACLED_COLUMNS, DOSSIER_COLUMNS, EventFilter, write_csv
from dossier.export.csv_acled import event_date
from dossier.store import Store

# ACLED's export columns, in ACLED's order (written out here, not imported, on purpose).
ACLED = [
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
]
OURS = [
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
]


@pytest.fixture
def rows(store: Store, tmp_path: Path) -> dict[str, dict[str, str]]:
    out = tmp_path / "events.csv"
    result = write_csv(store, out)
    assert result.rows == 5
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ACLED + OURS
        return {f"{r['document_ids']}:{r['evidence_start']}": r for r in reader}


def row_of(rows: dict[str, dict[str, str]], doc: str) -> list[dict[str, str]]:
    return [r for r in rows.values() if r["document_ids"] == doc]


def test_header_is_acleds_then_ours() -> None:
    assert list(ACLED_COLUMNS) == ACLED
    assert list(DOSSIER_COLUMNS) == OURS


def test_battle_row_is_filled_as_acled_fills_it(rows) -> None:
    battle = next(r for r in rows.values() if r["sub_event_type"] == "Armed clash")
    assert battle["event_id_cnty"].startswith("IRQ")
    assert battle["event_date"] == "2024-02-10"
    assert battle["year"] == "2024"
    assert battle["time_precision"] == "1"
    assert battle["disorder_type"] == "Political violence"
    assert battle["event_type"] == "Battles"
    assert battle["actor1"] == "Ashen Brigade"  # the merged actor's target
    assert (battle["inter1"], battle["actor2"], battle["inter2"]) == ("3", "Valley Guard", "1")
    assert battle["interaction"] == "13"
    assert battle["civilian_targeting"] == ""
    assert (battle["iso"], battle["region"], battle["country"]) == ("368", "Middle East", "Iraq")
    assert (battle["admin1"], battle["location"]) == ("Emmer", "Tarsk")
    assert (battle["latitude"], battle["longitude"], battle["geo_precision"]) == (
        "33.5123",
        "44.2568",
        "1",
    )
    assert battle["source"] == "Marches Gazette"
    assert (
        battle["notes"] == "Commandos of the Ashen Brigade raided a Valley Guard post outside Tarsk"
    )
    assert battle["fatalities"] == "3"
    assert battle["timestamp"] == str(int(EXTRACTED_AT.timestamp()))
    assert (battle["plover_type"], battle["mode"], battle["status"]) == (
        "ASSAULT",
        "attack",
        "asserted",
    )
    assert (battle["reports"], battle["origins"], battle["confidence"]) == ("1", "1", "0.8")


def test_civilian_targeting_month_precision_and_province(rows) -> None:
    row = next(r for r in rows.values() if r["actor2"] == "villagers")
    assert (row["event_type"], row["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["inter2"], row["interaction"]) == ("7", "37")
    assert (row["event_date"], row["time_precision"]) == ("2024-02-15", "3")
    assert row["geo_precision"] == "3"  # a province
    assert row["fatalities"] == "0"  # none stated: ACLED's 0
    assert (row["status"], row["attributed_to"]) == ("claimed", "residents")


def test_foreign_state_single_actor_and_year_only_date(rows) -> None:
    strike = next(r for r in rows.values() if r["sub_event_type"] == "Air/drone strike")
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("8", "0", "80")
    accuse = row_of(rows, DOC_B)[0]
    assert accuse["plover_type"] == "ACCUSE"
    assert (accuse["event_type"], accuse["sub_event_type"]) == ("Strategic developments", "Other")
    assert (accuse["event_date"], accuse["year"], accuse["time_precision"]) == ("", "2024", "3")
    assert accuse["event_id_cnty"] == "XXX1"  # no place, no country
    assert accuse["country"] == accuse["iso"] == accuse["latitude"] == ""


def test_unknowns_are_empty_and_ids_run_per_country(rows) -> None:
    protest = row_of(rows, DOC_C)[0]
    assert protest["event_date"] == protest["year"] == protest["time_precision"] == ""
    assert protest["source"] == ""  # the document has no outlet
    assert protest["latitude"] == protest["geo_precision"] == ""  # place without coordinates
    assert protest["country"] == "Iraq"
    ids = sorted(r["event_id_cnty"] for r in rows.values())
    assert ids == ["IRQ1", "IRQ2", "IRQ3", "IRQ4", "XXX1"]
    for r in rows.values():
        assert r["assoc_actor_1"] == r["admin3"] == r["source_scale"] == r["tags"] == ""


def test_pandas_reads_it_with_acled_dtypes(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    write_csv(store, out)
    df = pd.read_csv(out)
    assert list(df.columns) == ACLED + OURS
    assert len(df) == 5
    assert df["fatalities"].dtype.kind == "i"
    assert df["iso"].dropna().astype(int).tolist() == [368] * 4
    assert df["latitude"].dtype.kind == "f"
    assert sorted(df["event_type"].unique()) == [
        "Battles",
        "Explosions/Remote violence",
        "Protests",
        "Strategic developments",
        "Violence against civilians",
    ]


def test_appends_to_an_acled_download(store: Store, tmp_path: Path) -> None:
    """Same header prefix: pandas.concat lines the columns up; --acled-only rows append as text."""
    download = tmp_path / "acled.csv"
    acled_row = dict.fromkeys(ACLED, "")
    acled_row.update(
        event_id_cnty="IRQ9999",
        event_date="2024-01-05",
        year="2024",
        event_type="Battles",
        fatalities="2",
    )
    with download.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=ACLED, lineterminator="\n")
        w.writeheader()
        w.writerow(acled_row)

    ours = tmp_path / "ours.csv"
    write_csv(store, ours)
    both = pd.concat([pd.read_csv(download), pd.read_csv(ours)], ignore_index=True)
    assert list(both.columns[: len(ACLED)]) == ACLED
    assert len(both) == 6
    assert both["plover_type"].isna().sum() == 1  # the ACLED row has none of ours

    only = tmp_path / "only.csv"
    write_csv(store, only, acled_only=True, header=False)
    with download.open("a", encoding="utf-8", newline="") as f:
        f.write(only.read_text(encoding="utf-8"))
    appended = pd.read_csv(download)
    assert list(appended.columns) == ACLED
    assert len(appended) == 6


def test_notes_are_one_line_even_for_multiline_evidence(store: Store, tmp_path: Path) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE events SET evidence_text = 'line one\nline two' WHERE id = ?", (f"{DOC_C}:e1",)
        )
    out = tmp_path / "e.csv"
    write_csv(store, out)
    text = out.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 6
    assert "line one line two" in text


def test_filters_apply(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    result = write_csv(store, out, EventFilter(types=["ASSAULT"], since="2024-03"))
    assert result.rows == 1
    df = pd.read_csv(out)
    assert df["sub_event_type"].tolist() == ["Air/drone strike"]
    assert df["document_ids"].tolist() == [DOC_B]


def test_standard_output(store: Store, capsys) -> None:
    write_csv(store, "-", acled_only=True)
    text = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ACLED and len(rows) == 6


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        ("2024-02-10", "day", ("2024-02-10", 2024, 1)),
        ("2024-02-10", "week", ("2024-02-10", 2024, 2)),
        ("2024-02", "month", ("2024-02-15", 2024, 3)),
        ("2024-02", None, ("2024-02-15", 2024, 3)),
        ("2024", "year", ("", 2024, 3)),
        (None, None, ("", "", "")),
    ],
)
def test_event_date_and_time_precision(date, precision, expected) -> None:
    assert event_date(date, precision) == expected


def test_document_ids_is_the_evidence_key(rows) -> None:
    """document id + evidence span identify an event across exports (and re-extraction)."""
    for key, r in rows.items():
        assert key == f"{r['document_ids']}:{r['evidence_start']}"
        assert int(r["evidence_end"]) > int(r["evidence_start"])
    assert {r["document_ids"] for r in rows.values()} == {DOC_A, DOC_B, DOC_C}
