"""The record commands: ingest with extraction, reextract, and curate."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dossier.cli import main
from dossier.cli.record_cmds import COMMANDS, curate_group

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Invented reports, written by the tests.
REPORTS = {
    "shelling.txt": (
        "Title: Shelling near Baqubah\nDate: 2024-03-02\n\n"
        "Colonel Abu Haidar al-Zubaidi said on Monday that fighters of the Qods Force had "
        "shelled a checkpoint near Baqubah, killing 12 soldiers. Zubaidi said the attack began "
        "at dawn.\n"
    ),
    "withdrawal.txt": (
        "Title: Withdrawal from Muqdadiyah\nDate: 2024-03-05\n\n"
        "Abou Haydar Zubeidi told reporters that the Quds Force withdrew from Muqdadiyah after "
        "40 fighters were killed in Diyala on Sunday.\n"
    ),
    "talks.txt": (
        "Title: Talks in Samarra\nDate: 2024-04-10\n\n"
        "Major Karim Hassoun met Colonel Abu Haidar al-Zubaidi in Samarra on Tuesday. The Tarsk "
        "Martyrs Brigade attacked a police post near Samarra, killing 3 policemen, Hassoun said.\n"
    ),
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, code: int = 0) -> Result:
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def sql(db: Path, query: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path: Path, reports: Path, runner: CliRunner) -> Path:
    path = tmp_path / "dossier.db"
    run(runner, "ingest", reports, "--db", path, "--quiet")
    return path


def test_ingest_of_the_examples_stores_their_record(tmp_path: Path, runner: CliRunner) -> None:
    db = tmp_path / "examples.db"
    result = run(runner, "ingest", EXAMPLES, "--db", db, "--json")
    summary = json.loads(result.stdout)
    assert summary["ingested"] == 21 and summary["extract_errors"] == 0
    assert summary["extracted"] == 21 - summary["non_english"]
    statuses = dict(sql(db, "SELECT status, count(*) FROM document_extractions GROUP BY status"))
    assert statuses == {"ok": summary["extracted"], "not_english": summary["non_english"]}
    languages = sql(
        db,
        "SELECT d.language, x.status FROM documents d JOIN document_extractions x "
        "ON x.document_id = d.id WHERE x.status = 'not_english'",
    )
    assert languages and all(lang != "en" for lang, _ in languages)
    for table in ("actors", "actor_mentions", "places", "events", "numbers"):
        assert sql(db, f"SELECT count(*) FROM {table}")[0][0] > 0, table
    # every event evidence is the document's own words
    for text, start, end, evidence in sql(
        db,
        "SELECT d.text, e.evidence_start, e.evidence_end, e.evidence_text "
        "FROM events e JOIN documents d ON d.id = e.document_id",
    ):
        assert text[start:end] == evidence
    result = run(runner, "reextract", "--db", db)
    assert "all 21 documents are up to date" in result.stdout


def test_reextract_all_then_nothing(db: Path, runner: CliRunner) -> None:
    data = json.loads(run(runner, "reextract", "--all", "--db", db, "--json").stdout)
    assert data["reextracted"] == 3 and data["ok"] == 3 and data["errors"] == 0
    assert data["extractor_version"] and len(data["kb_version"]) == 12
    data = json.loads(run(runner, "reextract", "--db", db, "--json").stdout)
    assert data["reextracted"] == 0 and data["up_to_date"] == 3


def test_ingest_no_extract_then_reextract(tmp_path: Path, reports: Path, runner: CliRunner) -> None:
    db = tmp_path / "fast.db"
    run(runner, "ingest", reports, "--db", db, "--no-extract", "--quiet")
    assert sql(db, "SELECT count(*) FROM document_extractions") == [(0,)]
    assert sql(db, "SELECT count(*) FROM actors") == [(0,)]
    result = run(runner, "reextract", "--db", db)
    assert "re-extracted 3 documents (3 ok)" in result.stdout
    assert sql(db, "SELECT count(*) FROM document_extractions WHERE status = 'ok'") == [(3,)]


def test_curate_commands_survive_reextract_all(db: Path, runner: CliRunner) -> None:
    run(runner, "curate", "merge", "Karim Hassoun", "Abu Haidar al-Zubaidi", "--db", db)
    run(runner, "curate", "alias", "kataib-hezbollah", "Tarsk Martyrs Brigade", "--db", db)
    out = run(
        runner, "curate", "split", "quds-force", "Qods Force", "--name", "Qods Brigade", "--db", db
    ).stdout
    assert "x:kuds bragada" in out
    event = sql(db, "SELECT id FROM events ORDER BY id LIMIT 1")[0][0]
    data = json.loads(
        run(runner, "curate", "wrong", event, "--db", db, "--json", "--note", "misread").stdout
    )
    assert (
        data["action"] == "event_wrong" and data["note"] == "misread" and data["rows_changed"] >= 1
    )

    def check() -> None:
        assert sql(db, "SELECT merged_into FROM actors WHERE id = 'x:karam hasun'") == [
            ("x:abu hadar zubada",)
        ]
        assert sql(db, "SELECT count(*) FROM actor_mentions WHERE actor_id = 'x:karam hasun'") == [
            (0,)
        ]
        assert sql(
            db,
            "SELECT count(*) FROM actor_mentions WHERE actor_id = 'kataib-hezbollah' "
            "AND text = 'Tarsk Martyrs Brigade'",
        ) == [(1,)]
        assert sql(db, "SELECT text FROM actor_mentions WHERE actor_id = 'x:kuds bragada'") == [
            ("Qods Force",)
        ]
        assert sql(db, "SELECT wrong FROM events WHERE id = ?", event) == [(1,)]

    check()
    run(runner, "reextract", "--all", "--db", db, "--quiet")
    check()

    listed = json.loads(run(runner, "curate", "list", "--db", db, "--json").stdout)
    assert [c["action"] for c in listed] == ["merge", "alias", "split", "event_wrong"]
    table = run(runner, "curate", "list", "--db", db).stdout
    assert "merge x:karam hasun into x:abu hadar zubada" in table

    out = run(runner, "curate", "undo", str(listed[0]["id"]), "--db", db).stdout
    assert out.startswith("undid curation 1")
    assert sql(db, "SELECT merged_into FROM actors WHERE id = 'x:karam hasun'") == [(None,)]
    assert sql(db, "SELECT wrong FROM events WHERE id = ?", event) == [(1,)]


def test_curate_errors_are_one_line(db: Path, runner: CliRunner) -> None:
    result = run(runner, "curate", "merge", "Nobody Atall", "quds-force", "--db", db, code=1)
    assert "no actor matches 'Nobody Atall'" in result.output
    result = run(runner, "curate", "wrong", "nope:e1", "--db", db, code=1)
    assert "no event with id" in result.output
    result = run(runner, "curate", "undo", "42", "--db", db, code=1)
    assert "no curation with id 42" in result.output
    result = run(runner, "curate", "list", "--db", db)
    assert "no corrections stored" in result.output


def test_every_command_has_help_and_an_example(runner: CliRunner) -> None:
    commands = [c for c in COMMANDS if c is not curate_group] + list(curate_group.commands.values())
    for command in [*commands, curate_group]:
        assert command.help and len(command.help) > 20, command.name
    for args in (["reextract", "--help"], ["curate", "--help"], ["ingest", "--help"]):
        out = run(runner, *args).stdout
        assert "Example" in out
    assert "--no-extract" in run(runner, "ingest", "--help").stdout
