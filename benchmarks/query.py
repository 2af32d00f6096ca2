"""Read-side query speed on a large generated record, against a trivial baseline.

Builds a store with SQL inserts straight into the record tables (no reading, no
extraction; documents carry a one-line text so the full-text trigger stays cheap):
by default 100,000 events in 20,000 documents, 50,000 figures, 2,000 actors (2 %
merged into another), 600 places in 18 provinces, relations and mentions. Dates
are mostly days, some months and years, a few missing, over 2014-2017.

Then times each query the views use (median of ``--repeat`` runs after one warm-up)
and prints milliseconds and the ratio to ``SELECT count(*) FROM events`` measured in
the same run:

  events      type + actor + province + date range, first 100 rows and the count
  timeline    events per month and type, whole store
  actor       an active actor's profile (knowledge base loaded in the warm-up)
  place       a province's profile
  claims      claims of one figure kind ("killed"), whole store, first page of 50
              (from the materialised view; its rebuild is timed apart)
  claims@P    the same in one province (what a filtered view asks)
  network     actor network, top 200 edges with evidence
  actors      the actor listing

    python benchmarks/query.py [--events 100000] [--repeat 5] [--seed 1] [--keep PATH]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from dossier.analysis.claims import find_claims
from dossier.analysis.network import actor_network
from dossier.analysis.views import (
    EventFilter,
    actor_profile,
    actor_summaries,
    count_events,
    list_events,
    place_profile,
    timeline,
)
from dossier.store import Store

TYPES = (
    ["ASSAULT"] * 8 + ["COERCE"] * 3 + ["MOBILIZE"] * 2 + ["AID", "CONSULT", "ACCUSE", "RETREAT"]
)
MODES = {
    "ASSAULT": ["bombing", "shelling", "attack", "killing", "abduction"],
    "COERCE": ["arrest", "block"],
}
STATUSES = ["asserted"] * 7 + ["claimed"] * 2 + ["denied"]
KINDS = ["killed"] * 4 + ["injured"] * 2 + ["displaced", "detained", "personnel"]
OUTLETS = [f"Outlet {i}" for i in range(60)]
PREDICATES = ["part_of", "backed_by", "allied_with", "opposes", "funds"]
START = date(2014, 1, 1)
DAYS = 4 * 365


def _date(rng: random.Random) -> str | None:
    d = START + timedelta(days=rng.randrange(DAYS))
    x = rng.random()
    if x < 0.85:
        return d.isoformat()
    if x < 0.95:
        return d.isoformat()[:7]
    if x < 0.98:
        return d.isoformat()[:4]
    return None


def build(path: Path, n_events: int, seed: int) -> dict[str, Any]:
    """Fill a fresh store; returns names for the queries to ask about."""
    rng = random.Random(seed)
    n_docs = max(n_events // 5, 1)
    n_actors = 2000
    provinces = [f"Province {i}" for i in range(18)]
    store = Store(path)
    now = datetime.now(UTC)
    place_rows = [("p:country", "Generated Country", "country", None, "GCY", 33.0, 44.0, None)]
    place_rows += [
        (f"p:prov{i}", name, "province", name, "GCY", 33.0 + i / 10, 44.0, None)
        for i, name in enumerate(provinces)
    ]
    towns = [f"p:town{i}" for i in range(600)]
    place_rows += [
        (
            pid,
            f"Town {i}",
            "town",
            provinces[i % 18],
            "GCY",
            33.0 + rng.random(),
            44.0 + rng.random(),
            None,
        )
        for i, pid in enumerate(towns)
    ]
    actor_ids = [f"actor-{i}" if i < 500 else f"x:actor {i}" for i in range(n_actors)]
    actor_rows = []
    for i, aid in enumerate(actor_ids):
        merged = actor_ids[rng.randrange(500)] if i >= 500 and rng.random() < 0.02 else None
        actor_rows.append(
            (aid, f"Actor {i}", "armed_group", "GCY", aid if i < 500 else None, merged)
        )
    alias_rows = [
        (aid, f"Actor {i}", "kb" if i < 500 else "seen") for i, aid in enumerate(actor_ids)
    ]
    alias_rows += [(aid, f"A{i} Group", "seen") for i, aid in enumerate(actor_ids[:500])]
    # A few busy actors, as in real reporting.
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_actors)]
    doc_rows, ev_rows, num_rows, mention_rows, pmention_rows, rel_rows = [], [], [], [], [], []
    for d in range(n_docs):
        doc_id = f"doc{d:07d}"
        near = f"doc{d - 1:07d}" if d and rng.random() < 0.03 else None
        pub = (START + timedelta(days=rng.randrange(DAYS))).isoformat()
        doc_rows.append(
            (doc_id, d + 1, f"{doc_id}.txt", f"gen/{doc_id}.txt", f"Report {d}", None,
             rng.choice(OUTLETS), pub, "en", 10, "txt", 40, now, near, "{}",
             f"Generated report {d} about events in the region.")
        )  # fmt: skip
    for e in range(n_events):
        doc_id = f"doc{e // 5:07d}"
        etype = rng.choice(TYPES)
        a1 = rng.choices(actor_ids, weights)[0] if rng.random() < 0.85 else None
        a2 = rng.choices(actor_ids, weights)[0] if rng.random() < 0.5 else None
        place = (
            rng.choice(towns)
            if rng.random() < 0.8
            else (f"p:prov{rng.randrange(18)}" if rng.random() < 0.5 else None)
        )
        when = _date(rng)
        status = rng.choice(STATUSES)
        fat = rng.randrange(1, 60) if etype == "ASSAULT" and rng.random() < 0.4 else None
        eid = f"{doc_id}:e{e % 5 + 1}"
        precision = {4: "year", 7: "month", 10: "day"}.get(len(when or ""))
        ev_rows.append(
            (eid, doc_id, etype, rng.choice(MODES.get(etype, [None])), a1, a2, place, when, precision,
             None, None, status, 0.7, fat, "[]", 0, 40, f"Generated evidence for event {e}.", "{}",
             1 if rng.random() < 0.005 else 0)
        )  # fmt: skip
        if a1:
            mention_rows.append((doc_id, a1, 0, 10, "Actor", "kb-alias"))
        if place:
            pmention_rows.append((doc_id, place, 0, 5, "Town"))
        if e % 2 == 0:
            kind = rng.choice(KINDS)
            base = {
                "killed": 40,
                "injured": 60,
                "displaced": 5000,
                "detained": 80,
                "personnel": 2000,
            }[kind]
            value = float(rng.randrange(1, base))
            credited = rng.choice(
                [None, None, "a police officer", "Ministry of Interior", "a medical source"]
            )
            num_rows.append(
                (f"{doc_id}:n{e % 5 + 1}", doc_id, value, kind, None, int(rng.random() < 0.3), credited,
                 None, eid, place, when, 0, 30, f"{value:,.0f} {kind}")
            )  # fmt: skip
    for r in range(n_events // 20):
        rel_rows.append(
            (f"doc{rng.randrange(n_docs):07d}", rng.choices(actor_ids, weights)[0], rng.choice(PREDICATES),
             rng.choices(actor_ids, weights)[0], 0, 20, f"Generated relation {r}.")
        )  # fmt: skip
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN")
        cur.executemany("INSERT INTO documents (id, seq, name, source, title, url, outlet, published, language, words, format, chars, ingested_at, near_duplicate_of, meta_json, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", doc_rows)  # fmt: skip
        cur.executemany("INSERT INTO places (id, name, kind, admin1, country, lat, lon, geonames_id) VALUES (?,?,?,?,?,?,?,?)", place_rows)  # fmt: skip
        cur.executemany("INSERT INTO actors (id, name, kind, country, kb_id, merged_into) VALUES (?,?,?,?,?,NULL)", [r[:5] for r in actor_rows])  # fmt: skip
        cur.executemany(
            "UPDATE actors SET merged_into = ? WHERE id = ?",
            [(r[5], r[0]) for r in actor_rows if r[5]],
        )
        cur.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias, origin) VALUES (?,?,?)",
            alias_rows,
        )
        cur.executemany("INSERT INTO events (id, document_id, type, mode, actor1_id, actor2_id, place_id, date, date_precision, attributed_to, attributed_actor_id, status, confidence, fatalities, quantities_json, evidence_start, evidence_end, evidence_text, explain_json, wrong) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ev_rows)  # fmt: skip
        cur.executemany("INSERT INTO numbers (id, document_id, value, kind, about, approximate, attributed_to, attributed_actor_id, event_id, place_id, date, evidence_start, evidence_end, evidence_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", num_rows)  # fmt: skip
        cur.executemany("INSERT INTO actor_mentions (document_id, actor_id, start, \"end\", text, rule) VALUES (?,?,?,?,?,?)", mention_rows)  # fmt: skip
        cur.executemany("INSERT INTO place_mentions (document_id, place_id, start, \"end\", text) VALUES (?,?,?,?,?)", pmention_rows)  # fmt: skip
        cur.executemany("INSERT INTO relations (document_id, subject_id, predicate, object_id, evidence_start, evidence_end, evidence_text) VALUES (?,?,?,?,?,?,?)", rel_rows)  # fmt: skip
        cur.execute("COMMIT")
        cur.execute("ANALYZE")
    finally:
        raw.close()
    store.close()
    return {
        "busy_actor": "Actor 0",
        "province": provinces[0],
        "documents": n_docs,
        "numbers": len(num_rows),
        "actors": n_actors,
    }


def timed(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = func()  # warm-up: caches, the knowledge base, SQLite's page cache
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="Build the store here and keep it.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "query-bench.db"
        if path.exists():
            raise SystemExit(f"{path} exists: give a new path")
        t0 = time.perf_counter()
        info = build(path, args.events, args.seed)
        built = time.perf_counter() - t0
        print(
            f"store: {args.events:,} events, {info['documents']:,} documents, {info['numbers']:,} figures, "
            f"{info['actors']:,} actors (built in {built:.1f} s)"
        )
        with Store(path, create=False) as store:

            def baseline() -> int:
                with store._read() as conn:
                    return int(conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one())

            filt = EventFilter(
                type="ASSAULT",
                actor=info["busy_actor"],
                place=info["province"],
                since="2015",
                until="2015-06",
            )
            queries: list[tuple[str, Callable[[], Any], Callable[[Any], str]]] = [
                (
                    "events",
                    lambda: (list_events(store, filt, limit=100), count_events(store, filt)),
                    lambda r: f"{len(r[0])} rows of {r[1]:,}",
                ),
                (
                    "timeline",
                    lambda: timeline(store, "month"),
                    lambda r: f"{len(r.periods)} months",
                ),
                (
                    "actor",
                    lambda: actor_profile(store, info["busy_actor"]),
                    lambda r: f"{r.events:,} events",
                ),
                (
                    "place",
                    lambda: place_profile(store, info["province"]),
                    lambda r: f"{r.events:,} events",
                ),
                (
                    "claims",
                    lambda: find_claims(store, kind="killed", limit=50),
                    lambda r: f"first {len(r):,} claims (the page `dossier claims` shows)",
                ),
                (
                    "claims@P",
                    lambda: find_claims(store, kind="killed", place=info["province"]),
                    lambda r: f"{len(r):,} claims in one province",
                ),
                (
                    "network",
                    lambda: actor_network(store, limit=200),
                    lambda r: f"{r.number_of_nodes()} nodes, {r.number_of_edges()} edges",
                ),
                ("actors", lambda: actor_summaries(store), lambda r: f"{len(r):,} actors"),
            ]
            # The whole-store claims listing reads a materialised view (table claims_cache),
            # rebuilt when the record changes; time that rebuild once, from cold.
            with store._write() as conn:
                conn.exec_driver_sql("DELETE FROM claims_cache")
            t0 = time.perf_counter()
            rebuilt = find_claims(store, kind="killed")
            rebuild_ms = (time.perf_counter() - t0) * 1000
            base_ms, n = timed(baseline, args.repeat)
            print(
                f"{'baseline':<10} {base_ms:9.2f} ms   1.0x   SELECT count(*) FROM events = {n:,}"
            )
            worst = 0.0
            for name, func, describe in queries:
                ms, result = timed(func, args.repeat)
                worst = max(worst, ms)
                print(f"{name:<10} {ms:9.2f} ms {ms / base_ms:6.1f}x   {describe(result)}")
            print(
                f"{'(rebuild)':<10} {rebuild_ms:9.2f} ms {rebuild_ms / base_ms:6.1f}x   "
                f"{len(rebuilt):,} claims computed into the materialised view, once per change "
                "of the record (not a view query)"
            )
            verdict = "under" if worst < 200 else "OVER"
            print(f"slowest view query: {worst:.1f} ms ({verdict} the 200 ms budget)")


if __name__ == "__main__":
    main()
