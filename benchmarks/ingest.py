"""Ingest throughput, against the floor of only reading the files.

Generates a folder of invented reports (txt, 400-800 words each; about 5% are
syndicated copies of another report, with an outlet header and footer), then times

  (a) read:   expand_inputs + read_file for every file (decoding, header, language):
              the floor, what ingest cannot beat;
  (b) ingest: the full ingest() into a fresh SQLite file (read + content hash check +
              MinHash + near-duplicate lookup + one transaction per document + FTS5).

and prints documents/second and MB/second for each, and the ratio ingest/read (how
many times longer storing takes than reading alone). Finally (c) ingests the same
folder again: every document is already stored, so this is the cost of a no-op re-run.

    python benchmarks/ingest.py [--docs 2000] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

ACTORS = [
    "the Ashen Brigade",
    "the Valley Guard",
    "the Tarsk militia",
    "the Northern Legion",
    "the Border Watch",
    "the Holloway council",
    "Commander Arvel Dost",
    "the provincial police",
    "the River Company",
    "the Oldmere volunteers",
]
ACTS = [
    "shelled",
    "raided",
    "ambushed",
    "surrounded",
    "withdrew from",
    "fortified",
    "inspected",
    "bombed",
    "seized",
    "patrolled",
]
TARGETS = [
    "a checkpoint",
    "a fuel depot",
    "a supply convoy",
    "the old bridge",
    "a police post",
    "the grain market",
    "a border crossing",
    "the water station",
    "an army barracks",
    "a radio mast",
]
PLACES = ["Tarsk", "Holloway", "the Emmer valley", "Brennor", "Vask", "Oldmere", "Kestrel Ford"]
SOURCES = [
    "a council member said",
    "witnesses reported",
    "officials told reporters",
    "according to a hospital source",
    "a spokesman claimed",
    "residents said by telephone",
]
OUTLETS = ["Marches Gazette", "Northern Courier", "Valley Times", "Frontier Wire"]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(ACTORS).capitalize()} {rng.choice(ACTS)} {rng.choice(TARGETS)} near "
        f"{rng.choice(PLACES)} on day {rng.randint(1, 900)}, leaving {rng.randint(2, 400)} "
        f"people {rng.choice(['dead', 'wounded', 'displaced', 'detained'])}, "
        f"{rng.choice(SOURCES)}."
    )


def generate(folder: Path, n: int, seed: int) -> int:
    """Write ``n`` reports into ``folder``; returns their total size in bytes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    bodies: list[str] = []
    total = 0
    for i in range(n):
        if bodies and rng.random() < 0.05:
            outlet = rng.choice(OUTLETS)
            body = rng.choice(bodies)
            text = (
                f"Title: Report {i}\nOutlet: {outlet}\n\n{body}\n"
                f"Distributed by the {outlet} news desk.\n"
            )
        else:
            target_words = rng.randint(400, 800)
            parts, words = [], 0
            while words < target_words:
                s = sentence(rng)
                parts.append(s)
                words += len(s.split())
            body = " ".join(parts)
            bodies.append(body)
            day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            text = f"Title: Report {i}\nOutlet: {rng.choice(OUTLETS)}\nDate: {day}\n\n{body}\n"
        path = folder / f"report-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def time_read(folder: Path) -> tuple[float, int]:
    from dossier.ingest.readers import expand_inputs, read_file

    started = time.perf_counter()
    paths, _ = expand_inputs([folder])
    docs = sum(1 for path in paths for item in read_file(path) if not hasattr(item, "reason"))
    return time.perf_counter() - started, docs


def time_ingest(folder: Path, db: Path, extract: bool = True) -> tuple[float, object]:
    from dossier.ingest.pipeline import ingest
    from dossier.store import Store

    started = time.perf_counter()
    with Store(db) as store:
        summary = ingest([folder], store, extract=extract)
    return time.perf_counter() - started, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    folder = args.keep or work / "reports"
    try:
        size = generate(folder, args.docs, args.seed)
        mb = size / 1e6
        print(f"{args.docs} documents, {mb:.1f} MB in {folder}")

        # Warm up: imports, the language model and datasketch, outside the timings.
        from dossier.ingest.dedupe import NearDuplicateIndex
        from dossier.ingest.readers import read_file

        list(read_file(next(folder.iterdir())))
        NearDuplicateIndex()

        read_s, read_docs = time_read(folder)
        plain_s, _ = time_ingest(folder, work / "plain.db", extract=False)
        ingest_s, summary = time_ingest(folder, work / "bench.db")
        db_mb = (work / "bench.db").stat().st_size / 1e6
        again_s, again = time_ingest(folder, work / "bench.db")

        print(
            f"(a) read only : {read_s:7.2f} s  {read_docs / read_s:8.1f} docs/s  {mb / read_s:6.2f} MB/s"
        )
        print(
            f"(b) ingest, documents only (--no-extract): {plain_s:7.2f} s  "
            f"{args.docs / plain_s:8.1f} docs/s  {mb / plain_s:6.2f} MB/s  "
            f"(ratio to read {plain_s / read_s:.2f}x)"
        )
        print(
            f"(b) ingest with extraction: {ingest_s:7.2f} s  {args.docs / ingest_s:8.1f} docs/s  "
            f"{mb / ingest_s:6.2f} MB/s  (ratio to read {ingest_s / read_s:.2f}x)"
        )
        print(f"summary: {summary.message()}; database {db_mb:.1f} MB")
        print(
            f"(c) re-ingest : {again_s:7.2f} s  {args.docs / again_s:8.1f} docs/s  "
            f"({again.message()}; ratio to read {again_s / read_s:.2f}x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
