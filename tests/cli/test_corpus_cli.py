"""The corpus commands: ingest, search, docs, show, stats."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dossier.cli import main
from dossier.cli.corpus_cmds import parse_size

REPORTS = {
    "depot.txt": (
        "Title: Depot raided near Tarsk\nOutlet: Marches Gazette\nDate: 2024-02-11\n\n"
        "Commandos of the Ashen Brigade raided a fuel depot outside Tarsk before dawn. "
        "A spokesman for the Valley Guard said four guards were wounded and the depot burned "
        "for several hours. Residents of Tarsk reported hearing explosions across the river."
    ),
    "convoy.txt": (
        "Title: Convoy attacked in the Emmer valley\n\n"
        "Unknown gunmen attacked a convoy of the Valley Guard in the Emmer valley, killing three "
        "drivers, according to a provincial council member. Officers of the Valley Guard blamed "
        "the Ashen Brigade, which did not comment on the attack."
    ),
    "garde.txt": (
        "La Garde de la vallée a bombardé deux villages pendant la nuit, selon des témoins. "
        "Les habitants ont fui vers la ville voisine et les autorités locales ont demandé "
        "une enquête sur les victimes civiles."
    ),
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner, reports: Path) -> Path:
    db = tmp_path / "dossier.db"
    result = runner.invoke(main, ["ingest", str(reports), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["ingest", "search", "docs", "show", "stats"])
def test_help_explains_with_an_example(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "--db" in result.output and "DOSSIER_DB" in result.output


def test_ingest_json_summary(runner: CliRunner, reports: Path, tmp_path: Path) -> None:
    result = run(runner, "ingest", str(reports), "--db", str(tmp_path / "d.db"), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["ingested"] == 3
    assert summary["duplicates"] == 0
    assert summary["near_duplicates"] == 0
    assert summary["non_english"] == 1
    assert summary["failed"] == 0
    assert summary["errors"] == []


def test_ingest_exits_1_when_a_file_fails(runner: CliRunner, reports: Path, tmp_path: Path) -> None:
    (reports / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (reports / "feed.jsonl").write_text('{"text": "Envoys met in Holloway on Friday."}\n{broken\n')
    db = str(tmp_path / "d.db")
    result = run(runner, "ingest", str(reports), "--db", db, "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["failed"] == 2 and summary["ingested"] == 4
    errors = {Path(e["path"]).name: e for e in summary["errors"]}
    assert set(errors) == {"scan.png", "feed.jsonl"}
    assert errors["feed.jsonl"]["line"] == 2
    assert set(errors["scan.png"]) == {"path", "line", "reason"}

    result = run(runner, "ingest", str(reports), "--db", db)  # the same, for people
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.endswith("scan.png: unsupported file type (.png)") for line in lines)
    assert any("feed.jsonl:2: " in line for line in lines)
    assert "0 new documents, 4 already stored, 2 failed" in result.stdout


def test_quiet_prints_nothing_on_success(runner: CliRunner, reports: Path, tmp_path: Path) -> None:
    result = run(runner, "ingest", str(reports), "--db", str(tmp_path / "d.db"), "--quiet")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_reingest_is_a_no_op_and_says_so(runner: CliRunner, db: Path, reports: Path) -> None:
    result = run(runner, "ingest", str(reports), "--db", str(db))
    assert result.exit_code == 0
    assert "0 new documents, 3 already stored" in result.stdout


def test_db_from_the_environment(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(main, ["stats", "--json"], env={"DOSSIER_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == 3


def test_max_size(runner: CliRunner, reports: Path, tmp_path: Path) -> None:
    assert parse_size("50MB") == 50 * 1024 * 1024
    assert parse_size("1.5 kb") == 1536
    assert parse_size("300") == 300
    db = str(tmp_path / "d.db")
    result = run(runner, "ingest", str(reports), "--db", db, "--max-size", "200B", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["failed"] == 3
    result = runner.invoke(main, ["ingest", str(reports), "--db", db, "--max-size", "lots"])
    assert result.exit_code == 2 and "not a size" in result.output


def test_search_ranks_and_highlights(runner: CliRunner, db: Path) -> None:
    result = run(runner, "search", '"Valley Guard" AND Tarsk', "--db", str(db))
    assert result.exit_code == 0
    assert "Depot raided near Tarsk" in result.stdout
    assert "Convoy attacked" not in result.stdout

    result = run(runner, "search", "Ashen OR convoy", "--db", str(db), "--json", "--limit", "1")
    data = json.loads(result.stdout)
    assert data["count"] == 1
    [hit] = data["hits"]
    assert hit["title"] == "Convoy attacked in the Emmer valley"
    spans = [hit["snippet"][start:end].lower() for start, end in hit["highlights"]]
    assert spans and set(spans) <= {"ashen", "convoy"}


def test_search_without_hits(runner: CliRunner, db: Path) -> None:
    result = run(runner, "search", "submarine", "--db", str(db))
    assert result.exit_code == 0 and "no documents match" in result.stdout


@pytest.mark.parametrize("query", ['"Valley Guard', "AND", "Tarsk NOT"])
def test_malformed_search_is_one_line_and_exit_1(runner: CliRunner, db: Path, query: str) -> None:
    result = run(runner, "search", query, "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: malformed search query: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_docs_lists_with_markers(runner: CliRunner, db: Path) -> None:
    result = runner.invoke(main, ["docs", "--db", str(db)], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "Depot raided near Tarsk" in result.stdout
    assert "[fr]" in result.stdout
    assert "3 of 3 documents" in result.stdout
    docs = json.loads(run(runner, "docs", "--db", str(db), "--json").stdout)
    assert [d["name"] for d in docs] == ["convoy.txt", "depot.txt", "garde.txt"]
    assert {d["language"] for d in docs} == {"en", "fr"}
    assert "text" not in docs[0]


def test_show_by_prefix(runner: CliRunner, db: Path) -> None:
    docs = json.loads(run(runner, "docs", "--db", str(db), "--json").stdout)
    depot = next(d for d in docs if d["name"] == "depot.txt")
    result = run(runner, "show", depot["id"][:7], "--db", str(db))
    assert result.exit_code == 0
    assert "Marches Gazette" in result.stdout and "2024-02-11" in result.stdout
    assert "Commandos of the Ashen Brigade" in result.stdout
    shown = json.loads(run(runner, "show", depot["id"], "--db", str(db), "--json").stdout)
    assert shown["text"] == REPORTS["depot.txt"]
    assert shown["outlet"] == "Marches Gazette"
    result = run(runner, "show", "zzzz", "--db", str(db))
    assert result.exit_code == 1 and "no document with id 'zzzz'" in result.stderr


def test_stats(runner: CliRunner, db: Path) -> None:
    stats = json.loads(run(runner, "stats", "--db", str(db), "--json").stdout)
    assert stats["documents"] == 3
    assert stats["by_language"] == {"en": 2, "fr": 1}
    assert stats["by_format"] == {"txt": 3}
    assert stats["by_year"]["2024"] == 1
    assert stats["near_duplicates"] == 0
    assert stats["words"] > 100
    result = run(runner, "stats", "--db", str(db))
    assert result.exit_code == 0 and "3 documents" in result.stdout


@pytest.mark.parametrize(
    "args", [["search", "Tarsk"], ["docs"], ["show", "abc"], ["stats"]], ids=lambda a: a[0]
)
def test_read_commands_need_a_database(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "none.db"
    result = run(runner, *args, "--db", str(db))
    assert result.exit_code == 1
    assert f"no database at {db}: run `dossier ingest` first" in result.stderr
    assert not db.exists()


def test_the_console_script(reports: Path, tmp_path: Path) -> None:
    exe = shutil.which("dossier")
    if exe is None:
        pytest.skip("the dossier console script is not installed")
    db = tmp_path / "d.db"
    done = subprocess.run(
        [exe, "ingest", str(reports), "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ingested"] == 3
    done = subprocess.run(
        [exe, "search", "Tarsk", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(done.stdout)["count"] == 1
