"""The view commands: actors, actor, places, place, events, claims, timeline."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dossier.cli import main
from dossier.cli.view_cmds import COMMANDS


def _fixtures():
    """tests/analysis/conftest.py, which builds the invented record."""
    name = "dossier_analysis_fixtures"
    if name not in sys.modules:
        path = Path(__file__).parents[1] / "analysis" / "conftest.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _fixtures().build_world(tmp_path_factory.mktemp("cli") / "world.db")


def run(db: Path, *args: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "160"})  # rich sizes its tables from COLUMNS
    return runner.invoke(main, [*args, "--db", str(db)], catch_exceptions=False)


def lines(result: Result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_claims_json_lines(db: Path) -> None:
    claims = lines(run(db, "claims", "--json", "--limit", "0"))
    assert len(claims) > 10
    top = claims[0]
    for key in (
        "id",
        "kind",
        "statement",
        "value",
        "reports",
        "origins",
        "sources",
        "contradicted",
        "contradictions",
    ):
        assert key in top
    assert (top["statement"], top["reports"], top["origins"]) == (
        "4,000 displaced near Tarsk (2024-02)",
        6,
        1,
    )
    source = top["sources"][0]
    assert {"document_id", "outlet", "date", "credited", "origin", "evidence"} <= set(source)
    disputed = lines(run(db, "claims", "--contradicted", "--kind", "killed", "--json"))
    assert {c["value"] for c in disputed} == {11, 17}
    assert all(c["contradicted"] and c["contradictions"] for c in disputed)
    other = disputed[0]["contradictions"][0]
    assert other["sources"][0]["origin"] in ("Marches Ministry", "a medical source (Hill Courier)")
    assert all(c["origins"] >= 3 for c in lines(run(db, "claims", "--min-origins", "3", "--json")))


def test_claims_table(db: Path) -> None:
    result = run(db, "claims", "--kind", "killed")
    assert result.exit_code == 0, result.output
    assert "11 killed near Holt (2024-03-05)" in result.output
    assert "a medical source (Hill Courier)" in result.output
    assert "claims" in result.output.splitlines()[-1]


def test_events(db: Path) -> None:
    rows = lines(
        run(
            db,
            "events",
            "--actor",
            "Ashen Brigade",
            "--place",
            "Emmer",
            "--since",
            "2024",
            "--until",
            "2024",
            "--json",
        )
    )
    assert {r["id"] for r in rows} == {"f1:e1", "f1:e2", "f1:e4", "f1:e6", "d2:e1"}
    table = run(db, "events", "--type", "ASSAULT", "--status", "denied")
    assert table.exit_code == 0
    assert "Ashen Brigade" in table.output and "denied" in table.output
    assert "1 of 1 event" in table.output
    assert "no events match" in run(db, "events", "--type", "PROTEST", "--since", "2030").output
    limited = lines(run(db, "events", "--limit", "2", "--json"))
    assert len(limited) == 2


def test_errors_are_one_line_messages(db: Path) -> None:
    result = run(db, "actor", "Ashen Legion")
    assert result.exit_code == 1
    assert "no actor named 'Ashen Legion'" in result.output and "Traceback" not in result.output
    bad = run(db, "events", "--since", "spring")
    assert bad.exit_code == 1 and "YYYY" in bad.output
    missing = CliRunner().invoke(main, ["claims", "--db", str(db.parent / "none.db")])
    assert missing.exit_code == 1 and "no database" in missing.output


def test_actor_profile(db: Path) -> None:
    result = run(db, "actor", "the Ashen")
    assert result.exit_code == 0, result.output
    for text in (
        "Ashen Brigade",
        "backed_by → Foreign Patron",
        "x:ashen brigades",
        "Recent events",
        "Emmer Rights Watch",
    ):
        assert text in result.output
    profile = json.loads(run(db, "actor", "ashen-brigade", "--json").output)
    assert profile["id"] == "ashen-brigade" and profile["merged"] == ["x:ashen brigades"]
    assert profile["as_actor2"] == {"AID": 1, "ASSAULT": 1}


def test_place_profile(db: Path) -> None:
    result = run(db, "place", "Emmer")
    assert result.exit_code == 0, result.output
    assert "Emmer Province" in result.output and "covers 2 places" in result.output
    profile = json.loads(run(db, "place", "Tarske", "--json").output)
    assert profile["id"] == "p:tarsk"


def test_listings(db: Path) -> None:
    actors = lines(run(db, "actors", "--json"))
    assert actors[0]["id"] == "ashen-brigade"
    assert "Ashen Brigade (+1 merged)" in run(db, "actors").output
    assert {a["kind"] for a in lines(run(db, "actors", "--kind", "state", "--json"))} == {"state"}
    places = lines(run(db, "places", "--json"))
    assert {p["id"] for p in places} >= {"p:tarsk", "p:holt"}


def test_timeline(db: Path) -> None:
    rows = lines(run(db, "timeline", "--json"))
    assert {"period": "2024-07", "type": "ASSAULT", "count": 3} in rows
    table = run(db, "timeline", "--by", "month")
    assert table.exit_code == 0
    assert "2024-05" in table.output  # an empty month between two busy ones
    assert (
        "1 event dated too coarsely" in table.output and "2 events without a date" in table.output
    )
    week = lines(run(db, "timeline", "--by", "week", "--type", "ASSAULT", "--json"))
    assert all(r["period"].startswith("2024-W") for r in week)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_has_help_and_examples(command) -> None:
    assert command.help and len(command.help) > 40
    assert command.epilog and "dossier " in command.epilog
    result = CliRunner().invoke(main, [command.name, "--help"])
    assert result.exit_code == 0 and "--db" in result.output and "--json" in result.output


def test_impossible_dates_are_refused() -> None:
    from dossier.analysis.views import check_date

    for bad in ("2015-13", "2015-02-30", "2015-00"):
        with pytest.raises(ValueError, match="real date"):
            check_date(bad, "--since")
    assert check_date("2016-02-29") == "2016-02-29"
