"""`dossier kb` and `dossier extract` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from dossier.cli import main


def test_kb_check_passes_on_the_shipped_files() -> None:
    result = CliRunner().invoke(main, ["kb", "check", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] and data["actors"] >= 400


def test_kb_check_names_file_entry_and_field_of_a_broken_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "mine.yaml").write_text(
        "version: 1\nsource: test\nactors:\n  - {id: my-group, name: My Group, kind: militia, country: IRQ}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DOSSIER_KB_PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 1
    assert "mine.yaml" in result.output and "my-group" in result.output and "kind" in result.output


def test_kb_actors_says_which_alias_or_rule_matched() -> None:
    result = CliRunner().invoke(main, ["kb", "actors", "Qods Force", "--json"])
    assert result.exit_code == 0
    [row] = json.loads(result.output)
    assert row["name"] == "Quds Force"
    result = CliRunner().invoke(main, ["kb", "actors", "Brigadier General Tomas Ardent", "--json"])
    rows = json.loads(result.output)
    assert rows[0]["rule"] == "person-title" and rows[0]["name"] == "Tomas Ardent"


def test_kb_places_shows_the_gazetteer_entry() -> None:
    result = CliRunner().invoke(main, ["kb", "places", "Khaneqain", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows[0]["name"] == "Khanaqin" and rows[0]["country"] == "IRQ"


def test_extract_writes_the_public_format_and_names_bad_files(tmp_path: Path) -> None:
    good = tmp_path / "report.txt"
    good.write_text(
        "Militias deployed to Samarra\n\n03-05-2015\n\nThe Badr Organization sent 500 fighters to Samarra on Friday.\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--quiet", str(good), str(empty)])
    assert result.exit_code == 1  # one file failed
    [line] = [ln for ln in result.stdout.splitlines() if ln.strip()]
    rec = json.loads(line)
    assert rec["doc"] == "report.txt" and rec["published"] == "2015-05-03"
    assert "Badr Organization" in {a["name"] for a in rec["actors"]}
    [ev] = [e for e in rec["events"] if e["type"] == "MOBILIZE"]
    assert ev["date"] == "2015-05-01" and ev["place"] == "Samarra"


def test_extract_explain_and_pretty(tmp_path: Path) -> None:
    f = tmp_path / "r.txt"
    f.write_text(
        "Islamic State fighters killed 12 villagers near Baiji on 3 May 2015.", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["extract", "--explain", str(f)])
    rec = json.loads(result.stdout)
    assert rec["events"][0]["explain"]["trigger"] == "killed"
    result = CliRunner().invoke(main, ["extract", "--pretty", "--explain", str(f)])
    assert result.exit_code == 0 and "Islamic State" in result.output and "trigger" in result.output


def test_every_command_explains_itself_with_an_example() -> None:
    def walk(cmd: click.Command, path: list[str]):
        yield path, cmd
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, path + [name])

    for path, cmd in walk(main, []):
        if isinstance(cmd, click.Group) and path:
            continue
        result = CliRunner().invoke(main, path + ["--help"])
        assert result.exit_code == 0, path
        assert "Example" in result.output, f"`dossier {' '.join(path)} --help` has no example"


def test_kb_check_lists_every_broken_file_in_one_run(tmp_path: Path, monkeypatch) -> None:
    from dossier.extract import events

    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    (kb_dir / "mine.yaml").write_text(
        "version: 1\nsource: test\nactors:\n  - {id: my-group, name: My Group, kind: militia, country: IRQ}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DOSSIER_KB_PATH", str(kb_dir))
    lexicon = tmp_path / "events.yaml"
    lexicon.write_text(
        "version: 1\nsource: test\nevents:\n"
        "  - {type: MOBILIZE, mode: advance, verbs: [advance], needs: [toward, on]}\n",
        encoding="utf-8",
    )
    real = events.load_lexicon
    monkeypatch.setattr(events, "load_lexicon", lambda: real(lexicon))
    result = CliRunner().invoke(main, ["kb", "check", "--json"])
    assert result.exit_code == 1
    errors = json.loads(result.output)["errors"]
    assert len(errors) == 2
    assert "mine.yaml" in errors[0]
    assert "events.yaml" in errors[1] and "needs" in errors[1] and "quote it" in errors[1]
