#!/usr/bin/env python3
"""Extraction throughput on one core, against spaCy's blank tokenizer as the floor.

Prints words/second for (a) ``spacy.blank("en")`` tokenizing alone and (b) the
full default Dossier pipeline, on the same texts, and the ratio; and the time to
load the knowledge base and gazetteer in a fresh process.

The texts are the bundled example corpus (our own invented reports), repeated
until there are at least ``--words`` words, split into documents of their
original size. To keep the figures steady on a busy machine, the blank
tokenizer, the part 1 stages and the full pipeline are each timed ``--repeat``
times, interleaved (blank, part 1, full, blank, ...), and the best (lowest) time
of each is reported; the ratios are of those best times.
Usage: python benchmarks/extract.py [--words 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
HERE = Path(__file__).resolve().parent.parent


def corpus_texts() -> list[str]:
    from dossier.ingest.readers import expand_inputs, read_file

    files, _ = expand_inputs([HERE / "examples"])
    texts = []
    for f in files:
        for d in read_file(f):
            if hasattr(d, "text") and (d.language or "en") == "en":
                texts.append(d.text)
    return texts


def load_time() -> float:
    code = (
        "import time; t=time.perf_counter();"
        "from dossier.knowledge.loader import get_kb; get_kb();"
        "from dossier.geo.gazetteer import load_gazetteer; load_gazetteer();"
        "from dossier.extract.pipeline import get_nlp, actor_matcher; actor_matcher(); get_nlp();"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument(
        "--repeat", type=int, default=3, help="timed runs of each, best kept (default 3)"
    )
    args = ap.parse_args()

    import spacy

    from dossier.extract.pipeline import extract_text, get_nlp

    base = corpus_texts()
    texts: list[str] = []
    words = 0
    while words < args.words:
        for t in base:
            texts.append(t)
            words += len(t.split())
    cold = load_time()
    get_nlp()
    extract_text(base[0])  # warm caches

    blank = spacy.blank("en")
    blank.max_length = 10**8

    # Part 1 alone: actors, places, dates and numbers (no events, attribution, relations)
    from dossier.extract.pipeline import build_nlp

    part1 = build_nlp()
    part1.select_pipes(disable=["dossier_attribution", "dossier_events", "dossier_relations"])
    for t in texts[:3]:
        part1(t)

    def run_blank() -> int:
        return sum(len(blank.make_doc(t)) for t in texts)

    def run_full() -> None:
        for t in texts:
            extract_text(t, published="2015-06-01")

    def run_part1() -> None:
        for t in texts:
            part1(t)

    n_tokens = 0
    t_blank = t_part1 = t_full = float("inf")
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        n_tokens = run_blank()
        t_blank = min(t_blank, time.perf_counter() - t0)
        t0 = time.perf_counter()
        run_part1()
        t_part1 = min(t_part1, time.perf_counter() - t0)
        t0 = time.perf_counter()
        run_full()
        t_full = min(t_full, time.perf_counter() - t0)

    print(f"documents: {len(texts)}, words: {words:,}, spaCy tokens: {n_tokens:,}")
    print(f"best of {max(1, args.repeat)} interleaved runs each")
    print(f"load knowledge base + gazetteer + pipeline (fresh process): {cold:.2f} s")
    print(f"blank tokenizer:   {words / t_blank:12,.0f} words/s")
    print(f"part 1 stages:     {words / t_part1:12,.0f} words/s   (actors, places, dates, numbers)")
    print(
        f"full pipeline:     {words / t_full:12,.0f} words/s   (+ attribution, events, relations)"
    )
    print(f"ratio part 1/blank:{t_part1 / t_blank:12.1f}x slower")
    print(f"ratio full/blank:  {t_full / t_blank:12.1f}x slower")


if __name__ == "__main__":
    main()
