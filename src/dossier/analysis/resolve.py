"""One actor, one place across documents; and the analyst's corrections, as data.

**Resolution** decides the record id an extracted actor is stored under, so that
the same actor named in two reports is one row of ``actors``:

* an actor of the knowledge base keeps its KB id (``quds-force``), whatever
  spelling the text used ("Qods Force", "IRGC-QF");
* an actor outside the KB is ``"x:" + name_key(name)``: the key of
  :func:`dossier.normalize.name_key` already folds transliterations and spelling
  variants ("Abu Haidar al-Zubaidi" and "Abou Haydar Zubeidi" share one key);
* a person outside the KB whose name, once leading titles are stripped
  ("Brigadier General Khalid Sabah" -> "Khalid Sabah"), has the key of a KB person's
  name or alias (also title-stripped) is that KB person; without a KB match the
  title-stripped key is the id, so "Colonel Ali Hassan" and "Ali Hassan" are one.

Places need nothing more: their ids are gazetteer ids, one row per id.

**Curation** is what an analyst corrects: ``merge`` A into B, add an ``alias``
spelling to A, ``split`` spellings off A into a new actor, mark an event wrong
(``event_wrong``). Each correction is a row of ``curations`` and is *replayed*
after every (re-)extraction of a document (:func:`apply_curations`), so it
survives re-extraction. Merges are applied by rewriting references: the mentions,
events, numbers and relations of the document that named A name B, and
``actors.merged_into`` of A is B (kept flat: it never names a merged actor), so a
query by A's id can be answered through the ``actors_resolved`` view or
:func:`canonical_actor_id`. See ``docs/record.md``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, true, update
from sqlalchemy.sql.elements import ColumnElement

from dossier.model import Actor
from dossier.normalize import name_key
from dossier.store.schema import (
    actor_aliases,
    actor_mentions,
    actors,
    curations,
    events,
    numbers,
    relations,
)

ACTIONS = ("merge", "alias", "split", "event_wrong")
MAX_CHAIN = 50  # merged_into is kept flat; this only guards hand-edited databases


class CurationError(ValueError):
    """A correction that cannot be made: the message says why and what to try."""


# ---------------------------------------------------------------------------
# Resolution: extracted actor -> record id


@dataclass(slots=True)
class RecordActor:
    """An actor as the record stores it (a row of ``actors``)."""

    id: str
    name: str
    kind: str
    country: str | None
    kb_id: str | None


@lru_cache(maxsize=1)
def _titles() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Person titles of the actor rules as lower-case token tuples, by first token,
    longest first."""
    from dossier.extract.actors import load_actor_rules

    titles = {tuple(t.lower() for t in title) for title in load_actor_rules().person_titles}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for title in sorted(titles, key=len, reverse=True):
        by_first.setdefault(title[0], []).append(title)
    return {first: tuple(found) for first, found in by_first.items()}


def strip_titles(name: str) -> str:
    """``name`` without leading titles: "Brig. Gen. Khalid Sabah" -> "Khalid Sabah".

    Titles are those of ``extract/data/actor_rules.yaml`` (``person_titles``); a
    name that is nothing but titles is returned unchanged.
    """
    words = name.split()
    low = [w.lower() for w in words]
    titles = _titles()
    i = 0
    while i < len(words):
        for title in titles.get(low[i], ()):
            k = len(title)
            if i + k < len(words) and tuple(low[i : i + k]) == title:
                i += k
                break
        else:
            break
    return " ".join(words[i:]) if i else name


_people_cache: list[tuple[Any, dict[str, str]]] = []


def _kb_people(kb: Any) -> dict[str, str]:
    """Title-stripped name keys of the KB's people (names and aliases) -> KB id.

    Keys shared by two people are left out: a title-stripped match must be unique.
    Built once per knowledge base object.
    """
    for known, index in _people_cache:
        if known is kb:
            return index
    found: dict[str, set[str]] = {}
    for actor in kb.actors.values():
        if actor.kind != "person":
            continue
        for surface in [actor.name, *actor.aliases]:
            key = name_key(strip_titles(surface))
            if key:
                found.setdefault(key, set()).add(actor.id)
    index = {key: next(iter(ids)) for key, ids in found.items() if len(ids) == 1}
    _people_cache[:] = [*_people_cache[-3:], (kb, index)]
    return index


def resolve_actor(actor: Actor, kb: Any) -> RecordActor:
    """The record actor an extracted actor is stored as (see the module notes)."""
    if not actor.id.startswith("x:"):
        kb_actor = kb.actors.get(actor.id)
        name = kb_actor.name if kb_actor is not None else actor.name
        return RecordActor(actor.id, name, actor.kind, actor.country, actor.kb_id or actor.id)
    if actor.kind == "person":
        stripped = strip_titles(actor.name)
        key = name_key(stripped)
        kb_id = _kb_people(kb).get(key)
        if kb_id is not None:
            known = kb.actors[kb_id]
            return RecordActor(kb_id, known.name, known.kind, known.country, kb_id)
        if stripped != actor.name and key:
            return RecordActor(f"x:{key}", stripped, actor.kind, actor.country, None)
    return RecordActor(actor.id, actor.name, actor.kind, actor.country, None)


def canonical_actor_id(conn: Connection, actor_id: str) -> str:
    """The actor that answers for ``actor_id``: itself, or the actor it was merged into.

    An id that is not in ``actors`` is returned unchanged.
    """
    current = actor_id
    for _ in range(MAX_CHAIN):
        target = conn.execute(
            select(actors.c.merged_into).where(actors.c.id == current)
        ).scalar_one_or_none()
        if not target or target == actor_id:
            return current
        current = target
    return current


def find_actor(conn: Connection, text: str, *, add_from_kb: bool = True) -> str:
    """The actor id a user means by ``text``: an id, a name, or a stored alias.

    Tries, in order: the exact id; ``x:`` + the name key; a name or alias equal to
    ``text`` ignoring case; a name or alias with the same name key; then (with
    ``add_from_kb``) a knowledge-base actor not yet seen in any document, whose row
    is added so that corrections can name it. Raises :class:`CurationError` when
    nothing or several actors match.
    """
    text = text.strip()
    if not text:
        raise CurationError("no actor given")
    c = actors.c
    for candidate in (text, f"x:{name_key(text)}"):
        if conn.execute(select(c.id).where(c.id == candidate)).first() is not None:
            return candidate
    low = text.casefold()
    by_name = set(conn.execute(select(c.id).where(func.lower(c.name) == low)).scalars())
    by_name |= set(
        conn.execute(
            select(actor_aliases.c.actor_id).where(func.lower(actor_aliases.c.alias) == low)
        ).scalars()
    )
    if not by_name:
        key = name_key(text)
        if key:
            rows = conn.execute(select(c.id, c.name)).all()
            rows += conn.execute(select(actor_aliases.c.actor_id, actor_aliases.c.alias)).all()
            by_name = {r[0] for r in rows if name_key(r[1]) == key}
    resolved = {canonical_actor_id(conn, i) for i in by_name}
    if not resolved and add_from_kb:
        resolved = {_add_kb_actor(conn, found) for found in _kb_match(text)}
    if len(resolved) == 1:
        return resolved.pop()
    if not resolved:
        raise CurationError(f"no actor matches {text!r}: give an id from the actors table")
    shown = ", ".join(sorted(resolved)[:6])
    raise CurationError(f"{text!r} matches several actors ({shown}): give one of the ids")


def _kb_match(text: str) -> list[Any]:
    from dossier.knowledge.loader import get_kb

    kb = get_kb()
    if text in kb.actors:
        return [kb.actors[text]]
    return list({found.id: found for found, _ in kb.resolve(text)}.values())


def _add_kb_actor(conn: Connection, kb_actor: Any) -> str:
    if not _exists(conn, kb_actor.id):
        conn.execute(
            insert(actors).values(
                id=kb_actor.id,
                name=kb_actor.name,
                kind=kb_actor.kind,
                country=kb_actor.country,
                kb_id=kb_actor.id,
            )
        )
        conn.execute(
            insert(actor_aliases).values(actor_id=kb_actor.id, alias=kb_actor.name, origin="kb")
        )
    return canonical_actor_id(conn, kb_actor.id)


# ---------------------------------------------------------------------------
# Curation: recording


@dataclass(slots=True)
class Curation:
    id: int
    action: str
    args: dict[str, Any]
    created_at: datetime
    note: str | None = None

    def describe(self) -> str:
        """One line for listings, e.g. ``merge x:abu haydar -> badr-organization``."""
        a = self.args
        if self.action == "merge":
            return f"merge {a['source']} into {a['target']}"
        if self.action == "alias":
            return f"alias {a['alias']!r} for {a['actor']}"
        if self.action == "split":
            spellings = ", ".join(repr(s) for s in a["spellings"])
            return f"split {spellings} off {a['actor']} into {a['new_id']} ({a['name']})"
        if self.action == "event_wrong":
            return (
                f"event {a.get('event_id', '?')} wrong ({a['type']} in {a['document_id']} "
                f"at {a['start']}-{a['end']})"
            )
        return f"{self.action} {json.dumps(a, ensure_ascii=False)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "args": self.args,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "note": self.note,
            "description": self.describe(),
        }


def list_curations(conn: Connection) -> list[Curation]:
    """Every stored correction, oldest first (the order they are replayed in)."""
    rows = conn.execute(select(curations).order_by(curations.c.id)).all()
    return [Curation(r.id, r.action, json.loads(r.args_json), r.created_at, r.note) for r in rows]


def _record(conn: Connection, action: str, args: dict[str, Any], note: str | None) -> Curation:
    created = datetime.now(UTC)
    result = conn.execute(
        insert(curations).values(
            action=action,
            args_json=json.dumps(args, ensure_ascii=False, sort_keys=True),
            created_at=created,
            note=note,
        )
    )
    return Curation(int(result.inserted_primary_key[0]), action, args, created, note)


def curate_merge(
    conn: Connection, source: str, target: str, note: str | None = None
) -> tuple[Curation, int]:
    """Merge actor ``source`` into ``target`` (both as :func:`find_actor` understands
    them); returns the stored curation and the number of rows that now name target."""
    src = find_actor(conn, source)
    merged = conn.execute(select(actors.c.merged_into).where(actors.c.id == src)).scalar()
    if merged:
        raise CurationError(f"{src} is already merged into {merged}: undo that merge first")
    dst = canonical_actor_id(conn, find_actor(conn, target))
    if dst == src:
        raise CurationError(f"{source!r} and {target!r} are the same actor ({src})")
    cur = _record(conn, "merge", {"source": src, "target": dst}, note)
    return cur, apply_one(conn, cur)


def curate_alias(
    conn: Connection, actor: str, alias: str, note: str | None = None
) -> tuple[Curation, int]:
    """Add ``alias`` as a spelling of ``actor``: actors found under that spelling
    outside the KB (``x:`` + its name key) are merged into ``actor``, now and in
    every later extraction."""
    alias = " ".join(alias.split())
    if not alias:
        raise CurationError("the alias is empty")
    target = canonical_actor_id(conn, find_actor(conn, actor))
    cur = _record(conn, "alias", {"actor": target, "alias": alias}, note)
    return cur, apply_one(conn, cur)


def curate_split(
    conn: Connection,
    actor: str,
    spellings: Sequence[str],
    name: str,
    note: str | None = None,
) -> tuple[Curation, int]:
    """Move the mentions of ``actor`` written as one of ``spellings`` (case,
    accents and spacing aside) to a new actor called ``name`` (id ``x:`` + its
    name key; an existing actor with that id receives them)."""
    spellings = [" ".join(s.split()) for s in spellings if s.strip()]
    if not spellings:
        raise CurationError("give at least one spelling to split off")
    name = " ".join(name.split())
    if not name_key(name):
        raise CurationError("give the new actor a name with --name")
    source = canonical_actor_id(conn, find_actor(conn, actor))
    new_id = f"x:{name_key(name)}"
    if new_id == source:
        raise CurationError(f"{name!r} is the name of {source} itself: choose another name")
    args = {"actor": source, "spellings": spellings, "name": name, "new_id": new_id}
    cur = _record(conn, "split", args, note)
    return cur, apply_one(conn, cur)


def curate_event_wrong(
    conn: Connection, event_id: str, note: str | None = None
) -> tuple[Curation, int]:
    """Mark an event wrong, by what identifies it across re-extraction: its
    document, evidence span and type (plus place and mode, to tell apart events
    that share a sentence)."""
    row = conn.execute(select(events).where(events.c.id == event_id.strip())).first()
    if row is None:
        raise CurationError(f"no event with id {event_id!r} (ids look like <document id>:e1)")
    args = {
        "event_id": row.id,
        "document_id": row.document_id,
        "start": row.evidence_start,
        "end": row.evidence_end,
        "type": row.type,
        "place_id": row.place_id,
        "mode": row.mode,
    }
    cur = _record(conn, "event_wrong", args, note)
    return cur, apply_one(conn, cur)


def remove_curation(conn: Connection, curation_id: int) -> tuple[Curation, list[str]]:
    """Delete a correction and reset what corrections set on actors; returns it and
    the documents whose record must be re-extracted to drop its effect.

    Callers then re-extract those documents and replay the rest
    (:func:`dossier.store.record.undo_curation` does all of it). The documents are
    marked stale in ``document_extractions`` at once, so that if the process stops
    before re-extracting them, ``dossier reextract`` finishes the job.
    """
    from dossier.store.schema import document_extractions

    found = [c for c in list_curations(conn) if c.id == curation_id]
    if not found:
        raise CurationError(f"no curation with id {curation_id} (see `dossier curate list`)")
    cur = found[0]
    a = cur.args
    if cur.action == "event_wrong":
        docs = [a["document_id"]]
    else:
        ids = {a.get(k) for k in ("source", "target", "actor", "new_id")} - {None}
        ids |= {canonical_actor_id(conn, i) for i in ids}
        docs = _documents_naming(conn, ids)
    conn.execute(delete(curations).where(curations.c.id == curation_id))
    conn.execute(update(actors).values(merged_into=None).where(actors.c.merged_into.is_not(None)))
    conn.execute(delete(actor_aliases).where(actor_aliases.c.origin == "analyst"))
    if docs:
        conn.execute(
            update(document_extractions)
            .where(document_extractions.c.document_id.in_(docs))
            .values(extractor_version="stale")
        )
    return cur, docs


def _documents_naming(conn: Connection, ids: Iterable[str]) -> list[str]:
    ids = list(ids)
    if not ids:
        return []
    q = [
        select(actor_mentions.c.document_id).where(actor_mentions.c.actor_id.in_(ids)),
        select(events.c.document_id).where(
            or_(
                events.c.actor1_id.in_(ids),
                events.c.actor2_id.in_(ids),
                events.c.attributed_actor_id.in_(ids),
            )
        ),
        select(numbers.c.document_id).where(numbers.c.attributed_actor_id.in_(ids)),
        select(relations.c.document_id).where(
            or_(relations.c.subject_id.in_(ids), relations.c.object_id.in_(ids))
        ),
    ]
    found: set[str] = set()
    for query in q:
        found.update(conn.execute(query.distinct()).scalars())
    return sorted(found)


# ---------------------------------------------------------------------------
# Curation: replay


def apply_curations(conn: Connection, document_ids: Iterable[str] | None = None) -> int:
    """Replay every stored correction, oldest first, on the record of
    ``document_ids`` (all documents when None); returns the rows changed.

    Safe to run any number of times: each action only moves what is not yet where
    it belongs. Runs inside the caller's transaction.
    """
    scope = None if document_ids is None else list(document_ids)
    if scope is not None and not scope:
        return 0
    changed = 0
    for cur in list_curations(conn):
        changed += apply_one(conn, cur, scope)
    return changed


def apply_one(conn: Connection, cur: Curation, scope: list[str] | None = None) -> int:
    """Apply one correction to ``scope`` (document ids, or None for all)."""
    handler = _HANDLERS.get(cur.action)
    if handler is None:  # a newer Dossier's action: leave it for that version
        return 0
    return handler(conn, cur.args, scope)


def _in_scope(column: Any, scope: list[str] | None) -> ColumnElement[bool]:
    return true() if scope is None else column.in_(scope)


def _exists(conn: Connection, actor_id: str) -> bool:
    return conn.execute(select(actors.c.id).where(actors.c.id == actor_id)).first() is not None


# Every column that names an actor, with its table's document column.
_ACTOR_REFS = (
    (actor_mentions, "actor_id"),
    (events, "actor1_id"),
    (events, "actor2_id"),
    (events, "attributed_actor_id"),
    (numbers, "attributed_actor_id"),
    (relations, "subject_id"),
    (relations, "object_id"),
)


def _repoint(conn: Connection, old: str, new: str, scope: list[str] | None) -> int:
    """Make every row of ``scope`` that names ``old`` name ``new``."""
    changed = 0
    for table, column in _ACTOR_REFS:
        col = table.c[column]
        result = conn.execute(
            update(table)
            .where(col == old, _in_scope(table.c.document_id, scope))
            .values({column: new})
        )
        changed += result.rowcount or 0
    # a relation of an actor with itself says nothing once two actors are one
    conn.execute(
        delete(relations).where(
            relations.c.subject_id == relations.c.object_id,
            relations.c.subject_id == new,
            _in_scope(relations.c.document_id, scope),
        )
    )
    return changed


def _copy_aliases(conn: Connection, old: str, new: str) -> None:
    """The spellings of ``old`` (and its name) become spellings of ``new``."""
    have = set(
        conn.execute(select(actor_aliases.c.alias).where(actor_aliases.c.actor_id == new)).scalars()
    )
    rows = conn.execute(
        select(actor_aliases.c.alias, actor_aliases.c.origin).where(actor_aliases.c.actor_id == old)
    ).all()
    name = conn.execute(select(actors.c.name).where(actors.c.id == old)).scalar()
    new_rows = [
        {"actor_id": new, "alias": alias, "origin": "seen" if origin == "seen" else "analyst"}
        for alias, origin in rows
        if alias not in have
    ]
    if name and name not in have and name not in {r["alias"] for r in new_rows}:
        new_rows.append({"actor_id": new, "alias": name, "origin": "analyst"})
    if new_rows:
        conn.execute(insert(actor_aliases), new_rows)


def _merge_into(conn: Connection, source: str, target: str, scope: list[str] | None) -> int:
    if source == target or not _exists(conn, source) or not _exists(conn, target):
        return 0
    conn.execute(
        update(actors)
        .where(or_(actors.c.id == source, actors.c.merged_into == source))
        .values(merged_into=target)
    )
    conn.execute(update(actors).where(actors.c.id == target).values(merged_into=None))
    changed = _repoint(conn, source, target, scope)
    _copy_aliases(conn, source, target)
    return changed


def _apply_merge(conn: Connection, args: dict[str, Any], scope: list[str] | None) -> int:
    source = args["source"]
    target = canonical_actor_id(conn, args["target"])
    if target == source:  # a later merge made the target part of the source: skip
        return 0
    return _merge_into(conn, source, target, scope)


def _apply_alias(conn: Connection, args: dict[str, Any], scope: list[str] | None) -> int:
    target = canonical_actor_id(conn, args["actor"])
    if not _exists(conn, target):
        return 0
    alias = args["alias"]
    existing = conn.execute(
        select(actor_aliases.c.origin).where(
            actor_aliases.c.actor_id == target, actor_aliases.c.alias == alias
        )
    ).scalar()
    if existing is None:
        conn.execute(insert(actor_aliases).values(actor_id=target, alias=alias, origin="analyst"))
    elif existing != "analyst":
        conn.execute(
            update(actor_aliases)
            .where(actor_aliases.c.actor_id == target, actor_aliases.c.alias == alias)
            .values(origin="analyst")
        )
    changed = 0
    key = name_key(alias)
    for found in {f"x:{key}", f"x:{name_key(strip_titles(alias))}"}:
        if key and found != target:
            changed += _merge_into(conn, found, target, scope)
    return changed


def fold(text: str) -> str:
    """How split compares spellings: case, accents and spacing aside."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split()).casefold()


def _apply_split(conn: Connection, args: dict[str, Any], scope: list[str] | None) -> int:
    source = canonical_actor_id(conn, args["actor"])
    new_id = args["new_id"]
    if not _exists(conn, source) or new_id == source:
        return 0
    if not _exists(conn, new_id):
        kind = conn.execute(select(actors.c.kind).where(actors.c.id == source)).scalar()
        conn.execute(
            insert(actors).values(id=new_id, name=args["name"], kind=kind or "other", kb_id=None)
        )
    new_id = canonical_actor_id(conn, new_id)
    folds = {fold(s) for s in args["spellings"]}
    m = actor_mentions.c
    rows = conn.execute(
        select(m.id, m.document_id, m.start, m.end, m.text).where(
            m.actor_id == source, _in_scope(m.document_id, scope)
        )
    ).all()
    moved = [r for r in rows if fold(r.text) in folds]
    if not moved:
        return 0
    conn.execute(
        update(actor_mentions).where(m.id.in_([r.id for r in moved])).values(actor_id=new_id)
    )
    changed = len(moved)
    by_doc: dict[str, tuple[list[Any], list[Any]]] = {}
    for r in rows:
        by_doc.setdefault(r.document_id, ([], []))[0 if fold(r.text) in folds else 1].append(r)
    for doc, (gone, kept) in by_doc.items():
        if not gone:
            continue
        if not kept:  # the document only ever meant the new actor
            changed += _repoint(conn, source, new_id, [doc])
        else:
            changed += _repoint_near(conn, doc, source, new_id, gone, kept)
    seen = {" ".join(r.text.split()) for r in moved}
    have = set(
        conn.execute(
            select(actor_aliases.c.alias).where(actor_aliases.c.actor_id == new_id)
        ).scalars()
    )
    new_rows = [{"actor_id": new_id, "alias": s, "origin": "seen"} for s in seen - have]
    if args["name"] not in have | seen:
        new_rows.append({"actor_id": new_id, "alias": args["name"], "origin": "analyst"})
    if new_rows:
        conn.execute(insert(actor_aliases), new_rows)
    conn.execute(
        delete(actor_aliases).where(
            actor_aliases.c.actor_id == source,
            actor_aliases.c.origin == "seen",
            actor_aliases.c.alias.in_(seen),
        )
    )
    return changed


def _repoint_near(
    conn: Connection, doc: str, old: str, new: str, gone: list[Any], kept: list[Any]
) -> int:
    """In a document that names both actors, move a reference to ``old`` when its
    evidence holds a moved mention and no mention that stayed."""

    def holds(s: int, e: int, ms: list[Any]) -> bool:
        return any(s <= r.start and r.end <= e for r in ms)

    changed = 0
    for table, column in _ACTOR_REFS[1:]:
        col = table.c[column]
        rows = conn.execute(
            select(table.c.id, table.c.evidence_start, table.c.evidence_end).where(
                table.c.document_id == doc, col == old
            )
        ).all()
        ids = [
            r.id
            for r in rows
            if holds(r.evidence_start, r.evidence_end, gone)
            and not holds(r.evidence_start, r.evidence_end, kept)
        ]
        if ids:
            conn.execute(update(table).where(table.c.id.in_(ids)).values({column: new}))
            changed += len(ids)
    return changed


def _apply_event_wrong(conn: Connection, args: dict[str, Any], scope: list[str] | None) -> int:
    if scope is not None and args["document_id"] not in scope:
        return 0
    e = events.c
    rows = conn.execute(
        select(e.id, e.place_id, e.mode, e.wrong).where(
            and_(
                e.document_id == args["document_id"],
                e.evidence_start == args["start"],
                e.evidence_end == args["end"],
                e.type == args["type"],
            )
        )
    ).all()
    exact = [r for r in rows if r.place_id == args.get("place_id") and r.mode == args.get("mode")]
    ids = [r.id for r in (exact or rows) if not r.wrong]
    if ids:
        conn.execute(update(events).where(e.id.in_(ids)).values(wrong=1))
    return len(ids)


_HANDLERS: dict[str, Callable[[Connection, dict[str, Any], list[str] | None], int]] = {
    "merge": _apply_merge,
    "alias": _apply_alias,
    "split": _apply_split,
    "event_wrong": _apply_event_wrong,
}


def curation_actor_ids(conn: Connection) -> set[str]:
    """Every actor id a stored correction names (kept when orphans are pruned)."""
    ids: set[str] = set()
    for cur in list_curations(conn):
        for key in ("source", "target", "actor", "new_id"):
            if cur.args.get(key):
                ids.add(cur.args[key])
        if cur.action == "alias":
            key = name_key(cur.args["alias"])
            ids.add(f"x:{key}")
    return ids


__all__ = [
    "ACTIONS",
    "Curation",
    "CurationError",
    "RecordActor",
    "apply_curations",
    "apply_one",
    "canonical_actor_id",
    "curate_alias",
    "curate_event_wrong",
    "curate_merge",
    "curate_split",
    "curation_actor_ids",
    "find_actor",
    "fold",
    "list_curations",
    "remove_curation",
    "resolve_actor",
    "strip_titles",
]
