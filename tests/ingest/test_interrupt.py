"""An ingest killed half-way leaves a sound database, and the next run finishes the job.

The child process is slowed down inside each document's transaction
(``DOSSIER_TEST_SLOW_MS``), so the kill usually lands while a write is open.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.ingest.pipeline import SLOW_ENV, ingest
from dossier.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

N_DOCS = 300
WORDS = [
    *("militia", "brigade", "convoy", "checkpoint", "village", "district", "council"),
    *("commander", "envoy", "ceasefire", "drone", "artillery", "patrol", "border", "river"),
    *("bridge", "depot", "garrison", "spokesman", "witnesses", "officials", "fighters"),
    *("police", "governor", "province", "valley", "town", "market", "road", "night", "morning"),
]

CHILD = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from dossier.cli import main; main()"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 distinct invented reports of ~150 words."""
    folder = tmp_path_factory.mktemp("reports")
    rng = random.Random(42)
    for i in range(N_DOCS):
        words = " ".join(rng.choice(WORDS) for _ in range(150))
        (folder / f"r{i:03d}.txt").write_text(f"Report {i}. {words}.\n", encoding="utf-8")
    return folder


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def start(folder: Path, db: Path, slow_ms: int) -> subprocess.Popen[str]:
    env = {**os.environ, SLOW_ENV: str(slow_ms)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, "ingest", str(folder), "--db", str(db), "--quiet"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(db: Path, n: int, child: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while stored(db) < n:
        if child.poll() is not None:
            pytest.fail(f"ingest ended early: {child.returncode} {child.stderr.read()}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("ingest made no progress")
        time.sleep(0.05)


def assert_sound(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # every stored document has its full-text row and its signature
        assert conn.execute(
            "SELECT count(*) FROM documents d "
            "LEFT JOIN documents_fts_docsize f ON f.id = d.seq WHERE f.id IS NULL"
        ).fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM documents d "
            "LEFT JOIN document_signatures s ON s.document_id = d.id WHERE s.document_id IS NULL"
        ).fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM documents_fts_docsize WHERE id NOT IN (SELECT seq FROM documents)"
        ).fetchone() == (0,)
    with Store(db) as store:
        assert store.check() == []


def test_sigkill_mid_ingest_then_rerun(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "dossier.db"
    child = start(folder, db, slow_ms=15)
    wait_for(db, 25, child)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    child.stderr.close()

    before = stored(db)
    assert 25 <= before < N_DOCS
    assert_sound(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM ingest_runs").fetchall() == [("running",)]

    with Store(db) as store:
        summary = ingest([folder], store)
        assert (summary.ingested, summary.duplicates, summary.failed) == (
            N_DOCS - before,
            before,
            0,
        )
        assert store.count() == N_DOCS
    assert_sound(db)


def test_ctrl_c_records_the_run_and_says_how_to_continue(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "dossier.db"
    child = start(folder, db, slow_ms=15)
    wait_for(db, 10, child)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "interrupted:" in err and "run the same command again" in err
    assert "Traceback" not in err
    assert_sound(db)
    with sqlite3.connect(db) as conn:
        status, ingested = conn.execute("SELECT status, ingested FROM ingest_runs").fetchone()
    assert status == "interrupted"
    assert ingested == stored(db)
