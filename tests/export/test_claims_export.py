"""Reports and origins from the claims analysis, and one row per claim."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from export_fixture import DOC_A, EVENTS
from sqlalchemy import insert

from dossier.cli import main
from dossier.export import ExportError, write_csv, write_jsonl
from dossier.model import Document
from dossier.store import Store
from dossier.store.schema import events

DOC_D, DOC_E = "d" * 16, "e" * 16
SECOND = "Fighters of the Ashen Brigade stormed a Valley Guard post in Tarsk, killing three."
COPY = "Commandos of the Ashen Brigade raided a Valley Guard post outside Tarsk, killing three."


@pytest.fixture
def corroborated(store: Store) -> Store:
    """The Tarsk raid told again by a second outlet, and syndicated by a third.

    The province-wide killing of the same month is marked wrong here: the claims
    analysis would otherwise be free to group it with the raid (its victims are an
    unnamed group, its place contains Tarsk, its month contains the day).
    """
    battle = next(e for e in EVENTS if e["id"] == f"{DOC_A}:e1")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE events SET wrong = 1 WHERE id = ?", (f"{DOC_A}:e2",))
    for doc_id, text, outlet, dup in (
        (DOC_D, SECOND, "Levant Wire", None),
        (DOC_E, COPY, "Hill Herald", DOC_A),
    ):
        store.add(
            Document(
                id=doc_id, text=text, source=f"{doc_id}.txt", outlet=outlet, published="2024-02-12"
            ),
            near_duplicate_of=dup,
        )
        phrase = text.split(",")[0]
        with store.engine.begin() as conn:
            conn.execute(
                insert(events).values(
                    {
                        **battle,
                        "id": f"{doc_id}:e1",
                        "document_id": doc_id,
                        "actor1_id": "ashen-brigade",
                        "evidence_start": 0,
                        "evidence_end": len(phrase),
                        "evidence_text": phrase,
                    }
                )
            )
    return store


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_reports_and_origins_come_from_the_claim(corroborated: Store, tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    write_csv(corroborated, out)
    raids = [r for r in read(out) if r["sub_event_type"] == "Armed clash"]
    assert len(raids) == 3  # one row per report by default
    for r in raids:
        assert (r["reports"], r["origins"]) == ("3", "2")  # the syndicated copy adds no origin
        assert set(r["document_ids"].split("; ")) == {DOC_A, DOC_D, DOC_E}
        assert set(r["source"].split("; ")) == {"Marches Gazette", "Levant Wire", "Hill Herald"}
    others = [r for r in read(out) if r["sub_event_type"] != "Armed clash"]
    assert all((r["reports"], r["origins"]) == ("1", "1") for r in others)


def test_one_row_per_claim(corroborated: Store, tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    write_csv(corroborated, out, per_claim=True)
    raids = [r for r in read(out) if r["sub_event_type"] == "Armed clash"]
    assert len(raids) == 1
    assert raids[0]["reports"] == "3"
    assert raids[0]["document_ids"].split("; ")[0] == DOC_A  # the earliest report's row
    assert len(read(out)) == 4


def test_claims_can_be_left_out(corroborated: Store, tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    write_jsonl(corroborated, out, claims=False)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    assert all((x["reports"], x["origins"], len(x["documents"])) == (1, 1, 1) for x in lines)


def test_jsonl_lists_every_report(corroborated: Store, tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    write_jsonl(corroborated, out)
    line = next(
        json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if f'"{DOC_D}:e1"' in x
    )
    assert line["document"]["id"] == DOC_D  # its own report
    assert {d["outlet"] for d in line["documents"]} == {
        "Marches Gazette",
        "Levant Wire",
        "Hill Herald",
    }


def test_per_claim_needs_a_store(corroborated: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="Store"):
        write_csv(corroborated.engine, tmp_path / "x.csv", per_claim=True)
    write_csv(corroborated.engine, tmp_path / "x.csv")  # an Engine: 1/1, no claims
    assert {r["reports"] for r in read(tmp_path / "x.csv")} == {"1"}


def test_cli_per_claim_and_no_claims(corroborated: Store, record_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    args = ["export", "--db", str(record_db), "-o", str(out), "-q"]
    result = CliRunner().invoke(main, [*args, "--per-claim"])
    assert result.exit_code == 0, result.output
    assert len(read(out)) == 4
    assert CliRunner().invoke(main, [*args, "--no-claims"]).exit_code == 0
    assert {r["reports"] for r in read(out)} == {"1"}
    result = CliRunner().invoke(main, [*args, "--per-claim", "--no-claims"])
    assert result.exit_code == 2 and "together" in result.output
