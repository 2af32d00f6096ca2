#!/usr/bin/env python3
"""Score `dossier extract` on the development corpus with the shared scorer.

Usage: python scripts/eval.py [--shared ../shared] [--out build/dev.jsonl] [--json]

Runs the extraction on every document of ``<shared>/corpus/dev/docs`` and then
``<shared>/eval/score.py`` against ``<shared>/corpus/dev/gold``. Not part of the
test suite: a fresh clone has no ``shared/`` folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=here.parent / "shared")
    ap.add_argument("--out", type=Path, default=here / "build" / "dev.jsonl")
    ap.add_argument("--json", action="store_true", help="scores as JSON")
    args = ap.parse_args()
    docs = args.shared / "corpus" / "dev" / "docs"
    gold = args.shared / "corpus" / "dev" / "gold"
    scorer = args.shared / "eval" / "score.py"
    if not docs.is_dir() or not scorer.is_file():
        print(f"no development corpus at {args.shared}: pass --shared", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as out:
        files = sorted(str(p) for p in docs.iterdir() if p.is_file())
        rc = subprocess.call(
            [sys.executable, "-m", "dossier", "extract", "--quiet", "--explain", *files], stdout=out
        )
    print(
        f"extracted {len(files)} documents in {time.perf_counter() - t0:.1f} s -> {args.out}",
        file=sys.stderr,
    )
    if rc not in (0, 1):
        return rc
    if args.out.stat().st_size == 0:
        # exit 1 also means "some inputs failed"; no output at all means it did not run
        print(
            "the extraction wrote nothing: is dossier installed? (pip install -e .)",
            file=sys.stderr,
        )
        return 2
    cmd = [
        sys.executable,
        str(scorer),
        "--gold",
        str(gold),
        "--docs",
        str(docs),
        "--system",
        str(args.out),
    ]
    if args.json:
        cmd.append("--json")
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
