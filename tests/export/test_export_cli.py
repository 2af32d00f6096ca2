"""`dossier export` through the command line (click's CliRunner)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
import yaml
from alembic import command
from click.testing import CliRunner, Result
from export_fixture import DOC_A, DOC_B
from sqlalchemy import create_engine

from dossier.cli import main
from dossier.export import ACLED_COLUMNS, COLUMNS, ExportError, write_csv
from dossier.export.acled_map import MAP_FILE
from dossier.store.schema import documents
from dossier.store.store import alembic_config


def run(record_db: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["export", "--db", str(record_db), *args], catch_exceptions=False
    )


@pytest.mark.parametrize(
    ("fmt", "name", "count"),
    [
        ("csv", "e.csv", 5),
        ("jsonl", "e.jsonl", 5),
        ("geojson", "e.geojson", 3),
        ("graphml", "n.graphml", 5),
        ("gexf", "n.gexf", 5),
    ],
)
def test_each_format(record_db: Path, tmp_path: Path, fmt: str, name: str, count: int) -> None:
    out = tmp_path / name
    result = run(record_db, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert str(out) in result.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
        assert len(rows) == count and list(rows[0]) == list(COLUMNS)
    elif fmt == "jsonl":
        assert len([json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]) == count
    elif fmt == "geojson":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data["features"]) == count
        assert "skipped 2 events without coordinates" in result.stderr
    else:
        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert g.number_of_edges() == count


def test_parquet_folder_and_prefix(record_db: Path, tmp_path: Path) -> None:
    result = run(record_db, "--format", "parquet", "-o", f"{tmp_path}/tables/")
    assert result.exit_code == 0, result.output
    for table in ("events", "actors", "places", "numbers", "relations"):
        assert pq.read_table(tmp_path / "tables" / f"{table}.parquet").num_rows > 0
    result = run(record_db, "-o", str(tmp_path / "run.parquet"), "--type", "ACCUSE")
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "run_events.parquet").num_rows == 1


def test_format_from_extension_and_stdout(record_db: Path) -> None:
    result = run(record_db, "--format", "csv", "-o", "-", "--acled-only", "--quiet")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(ACLED_COLUMNS) and len(rows) == 6
    assert result.stderr == ""
    result = run(record_db, "--format", "jsonl", "-o", "-", "-q")
    assert len(result.stdout.splitlines()) == 5


def test_filters(record_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    result = run(
        record_db,
        "-o",
        str(out),
        "--type",
        "ASSAULT,ACCUSE",
        "--actor",
        "Ashen Brigade",
        "--since",
        "2024-02-01",
        "--until",
        "2024-02-28",
        "--status",
        "asserted",
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {(x["type"], x["document"]["id"]) for x in lines} == {
        ("ASSAULT", DOC_A),
        ("ACCUSE", DOC_B),
    }
    assert "type ASSAULT/ACCUSE" in result.stderr

    result = run(record_db, "-o", str(out), "--place", "Tarsk", "--min-confidence", "0.7")
    assert [json.loads(x)["mode"] for x in out.read_text(encoding="utf-8").splitlines()] == [
        "attack"
    ]

    result = run(record_db, "-o", str(out), "--type", "COERCE")
    assert out.read_text(encoding="utf-8") == ""
    result = run(record_db, "-o", str(out), "--type", "COERCE", "--include-wrong")
    assert json.loads(out.read_text(encoding="utf-8"))["wrong"] is True


def test_json_summary(record_db: Path, tmp_path: Path) -> None:
    result = run(record_db, "-o", str(tmp_path / "x.geojson"), "--json")
    summary = json.loads(result.stderr)
    assert summary["format"] == "geojson" and summary["rows"] == 3 and summary["skipped"] == 2
    assert summary["filters"] == "all events"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.txt"], "cannot tell the format"),
        (["-o", "x.csv", "--type", "BOMB"], "unknown event type"),
        (["-o", "x.csv", "--since", "last week"], "YYYY"),
        (["-o", "x.csv", "--status", "rumour"], "unknown status"),
        (["-o", "x.jsonl", "--acled-only"], "csv only"),
        (["-o", "x.csv", "--actor", "Nobody"], "no actor named 'Nobody'"),
        (["-o", "x.csv", "--place", "Atlantis"], "no place named 'Atlantis'"),
        (["--format", "gexf", "-o", "-"], "give -o FILE"),
        (["-o", "no/such/folder/x.csv"], "does not exist"),
    ],
)
def test_errors_are_one_line_messages(
    record_db: Path, tmp_path: Path, monkeypatch, args, message
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(record_db, *args)
    assert result.exit_code == 2 or result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_database_and_an_old_one(tmp_path: Path) -> None:
    result = run(tmp_path / "none.db", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 1 and "no database" in result.output
    old = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")  # documents only, as before the record existed
    engine.dispose()
    result = run(old, "-o", str(tmp_path / "x.csv"))  # opening upgrades it: nothing to export
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines() == [",".join(COLUMNS)]


def test_library_refuses_a_database_without_record_tables(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'bare.db'}")
    documents.create(engine)
    with pytest.raises(ExportError, match="no actors, places, events, numbers, relations table"):
        write_csv(engine, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_edited_acled_map(record_db: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(MAP_FILE.read_text(encoding="utf-8"))
    data["rules"].insert(
        0, {"type": "ACCUSE", "event_type": "Strategic developments", "sub_event_type": "Agreement"}
    )
    edited = tmp_path / "map.yaml"
    edited.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "m.csv"
    result = run(record_db, "-o", str(out), "--type", "ACCUSE", "--acled-map", str(edited))
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(out.open(encoding="utf-8", newline=""))
    assert row["sub_event_type"] == "Agreement"

    data["rules"][0]["sub_event_type"] = "Truce"
    edited.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run(record_db, "-o", str(out), "--acled-map", str(edited))
    assert result.exit_code == 1
    assert (
        "knowledge base:" in result.output
        and "rules #1" in result.output
        and "Truce" in result.output
    )


def test_help_has_examples() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "--acled-only" in result.output


def test_docs_cover_every_option_and_column() -> None:
    """docs/export.md names every option of the command and every ACLED column."""
    from dossier.cli.export_cmds import export_command

    docs = (Path(__file__).parents[2] / "docs" / "export.md").read_text(encoding="utf-8")
    for param in export_command.params:
        for opt in param.opts:
            if opt.startswith("--") and opt not in ("--db", "--output"):
                assert f"`{opt}" in docs or f"{opt} " in docs, opt
    for column in ACLED_COLUMNS:
        assert f"`{column}`" in docs, column
