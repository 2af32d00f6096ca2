"""Views over the stored record: events with filters, timelines, actor and place profiles.

Every function takes a :class:`~dossier.store.Store`, runs a few indexed queries on
one read connection and returns plain dataclasses (``to_dict()`` for JSON); the CLI
renders them and :mod:`dossier.api` turns them into pandas DataFrames.

Three rules hold everywhere:

* **Curation is applied on read.** An actor merged into another
  (``actors.merged_into``, chains followed) is counted, named and filtered as the
  actor it was merged into; events an analyst marked wrong (``events.wrong``) are
  left out unless ``include_wrong`` is given.
* **Places nest.** Asking for a province (``kind = "province"``) or a country also
  finds what happened in the towns inside it (same ``admin1`` / ``country``), so
  "everything Badr did in Diyala" includes Baquba and Jalawla.
* **Dates keep their precision.** An event dated ``2014`` (year precision) falls
  inside ``since="2014-06"``: a period matches when it overlaps the asked range.
  Events without a date are left out as soon as a range is asked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, func, literal, or_, select

from dossier.normalize import name_key
from dossier.store.schema import (
    actor_aliases,
    actor_mentions,
    actors,
    documents,
    events,
    numbers,
    place_mentions,
    places,
    relations,
)

if TYPE_CHECKING:
    from dossier.analysis.claims import Claim
    from dossier.store import Store

__all__ = [
    "ActorProfile",
    "ActorRef",
    "ActorSummary",
    "Ambiguous",
    "EventFilter",
    "EventRow",
    "NotFound",
    "PlaceProfile",
    "PlaceRef",
    "PlaceSummary",
    "Resolver",
    "Timeline",
    "actor_profile",
    "actor_summaries",
    "count_events",
    "find_actor",
    "find_place",
    "list_events",
    "place_profile",
    "place_summaries",
    "timeline",
]

# SQLite's default limit on bound parameters is 32766 (999 before 3.32): stay well below.
_CHUNK = 500
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Place kinds that contain other places, and how containment is read off the columns.
_CONTAINERS = {"country", "province"}
PRECISION = {4: "year", 7: "month", 10: "day"}
TIMELINE_BY = ("day", "week", "month", "year")


class NotFound(LookupError):
    """A name or id that matches no actor or place; the message suggests close names."""

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0])


class Ambiguous(NotFound):
    """A name that matches several actors or places: the message lists them."""


# ---------------------------------------------------------------------------
# Resolution: merged actors, names, places


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as the views see it: the record it was merged into, and every
    record id that stands for it (itself and what was merged into it)."""

    id: str
    name: str
    kind: str
    country: str | None
    kb_id: str | None
    ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place, and the ids a query about it covers (itself and the places inside it)."""

    id: str
    name: str
    kind: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["contains"] = len(self.ids) - 1
        del out["ids"]
        return out


class Resolver:
    """Follows ``actors.merged_into`` and looks up names, on one connection.

    Cheap to build: it reads only the merged actors (curation is rare), and names
    are fetched for the ids a result actually shows.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        merged = conn.execute(
            select(actors.c.id, actors.c.merged_into).where(actors.c.merged_into.is_not(None))
        ).all()
        self._parent = {r.id: r.merged_into for r in merged}
        self._names: dict[str, tuple[str, str, str | None, str | None]] = {}
        self._places: dict[str, Any] = {}

    def root(self, actor_id: str | None) -> str | None:
        """The id an actor was (eventually) merged into; itself if never merged."""
        if actor_id is None or actor_id not in self._parent:
            return actor_id
        seen = {actor_id}
        while actor_id in self._parent:
            nxt = self._parent[actor_id]
            if nxt is None or nxt in seen:  # a cycle is a curation error: stop at it
                break
            seen.add(nxt)
            actor_id = nxt
        return actor_id

    def members(self, root_id: str) -> tuple[str, ...]:
        """``root_id`` and every id merged (directly or by a chain) into it."""
        out = [root_id]
        out += sorted(i for i in self._parent if i != root_id and self.root(i) == root_id)
        return tuple(out)

    @property
    def merged(self) -> dict[str, str]:
        return {i: self.root(i) for i in self._parent}  # type: ignore[misc]

    def _load_names(self, ids: Iterable[str]) -> None:
        todo = sorted({i for i in ids if i is not None and i not in self._names})
        for chunk in _chunks(todo):
            for r in self.conn.execute(
                select(
                    actors.c.id, actors.c.name, actors.c.kind, actors.c.country, actors.c.kb_id
                ).where(actors.c.id.in_(chunk))
            ):
                self._names[r.id] = (r.name, r.kind, r.country, r.kb_id)

    def actor_info(
        self, ids: Iterable[str | None]
    ) -> dict[str, tuple[str, str, str | None, str | None]]:
        """``{id: (name, kind, country, kb_id)}`` for resolved (root) ids."""
        ids = {i for i in ids if i is not None}
        self._load_names(ids)
        return {i: self._names.get(i, (i, "other", None, None)) for i in ids}

    def name(self, actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        self._load_names([actor_id])
        return self._names.get(actor_id, (actor_id,))[0]

    def place_info(self, ids: Iterable[str | None]) -> dict[str, Any]:
        """``{id: row}`` (name, kind, admin1, country, lat, lon) for place ids."""
        ids = [i for i in ids if i is not None]
        todo = sorted({i for i in ids if i is not None and i not in self._places})
        for chunk in _chunks(todo):
            for r in self.conn.execute(select(places).where(places.c.id.in_(chunk))):
                self._places[r.id] = r
        return {i: self._places[i] for i in ids if i is not None and i in self._places}

    # -- lookups by name -----------------------------------------------------

    def actor(self, name: str) -> ActorRef:
        """An actor by id, canonical name or any alias seen (spelling variants
        match through :func:`dossier.normalize.name_key`)."""
        query = name.strip()
        if not query:
            raise NotFound("no actor name given")
        a = actors.c
        named = self._first_found(
            select(a.id).where(a.id == query),
            select(a.id).where(func.lower(a.name) == query.lower()),
            select(actor_aliases.c.actor_id).where(
                func.lower(actor_aliases.c.alias) == query.lower()
            ),
        )
        if not named:
            key = name_key(query)
            named = [
                r.id for r in self.conn.execute(select(a.id, a.name)) if name_key(r.name) == key
            ]
            named += [
                r.actor_id
                for r in self.conn.execute(select(actor_aliases.c.actor_id, actor_aliases.c.alias))
                if name_key(r.alias) == key
            ]
        roots = sorted({self.root(i) for i in named})  # type: ignore[type-var]
        if not roots:
            raise NotFound(f"no actor named {query!r}{self._suggest_actor(query)}")
        info = self.actor_info(roots)
        if len(roots) > 1:
            known = [r for r in roots if info[r][3]]
            if len(known) == 1:
                roots = known
            else:
                shown = ", ".join(f"{info[r][0]} ({r})" for r in roots[:8])
                raise Ambiguous(f"{query!r} matches several actors: {shown}; give the id")
        rid = roots[0]
        nm, kind, country, kb_id = info[rid]
        return ActorRef(rid, nm, kind, country, kb_id, self.members(rid))

    def _first_found(self, *queries: Any) -> list[Any]:
        """The ids the first of ``queries`` (most exact first) finds, or []."""
        for q in queries:
            found = self.conn.execute(q).scalars().all()
            if found:
                return list(found)
        return []

    def _suggest_actor(self, query: str) -> str:
        words = [w for w in re.findall(r"\w{3,}", query.lower())][:3]
        if not words:
            return ""
        cond = or_(*(func.lower(actors.c.name).like(f"%{w}%") for w in words))
        rows = self.conn.execute(select(actors.c.name).where(cond).limit(5)).scalars().all()
        return f" (did you mean: {', '.join(rows)}?)" if rows else ""

    def place(self, name: str) -> PlaceRef:
        """A place by id, name or a spelling seen in the text; provinces and
        countries cover the places inside them."""
        query = name.strip()
        if not query:
            raise NotFound("no place name given")
        p = places.c
        found = self._first_found(
            select(p.id).where(p.id == query),
            select(p.id).where(func.lower(p.name) == query.lower()),
            select(place_mentions.c.place_id)
            .where(func.lower(place_mentions.c.text) == query.lower())
            .distinct(),
            # a province by its short name: "Diyala" for "Diyala Province"
            select(p.id).where(p.kind == "province", func.lower(p.admin1) == query.lower()),
        )
        if not found:
            keys = {name_key(query), name_key(query + " Province")}
            found = [
                r.id for r in self.conn.execute(select(p.id, p.name)) if name_key(r.name) in keys
            ]
        found = sorted(set(found))
        if not found:
            raise NotFound(f"no place named {query!r}")
        if len(found) > 1:
            # "Diyala" names the province and maybe a river or a town: prefer the
            # place that contains the others, then the one most mentioned.
            info = self.place_info(found)
            containers = [i for i in found if info[i].kind in _CONTAINERS]
            if len(containers) == 1:
                found = containers
            else:
                counts = dict(
                    self.conn.execute(
                        select(place_mentions.c.place_id, func.count())
                        .where(place_mentions.c.place_id.in_(found))
                        .group_by(place_mentions.c.place_id)
                    ).all()
                )
                ranked = sorted(found, key=lambda i: -counts.get(i, 0))
                if counts.get(ranked[0], 0) > counts.get(ranked[1], 0):
                    found = ranked[:1]
                else:
                    shown = ", ".join(f"{info[i].name} ({i})" for i in found[:8])
                    raise Ambiguous(f"{query!r} matches several places: {shown}; give the id")
        pid = found[0]
        row = self.place_info([pid])[pid]
        return PlaceRef(
            pid, row.name, row.kind, row.admin1, row.country, row.lat, row.lon, self._inside(row)
        )

    def _inside(self, row: Any) -> tuple[str, ...]:
        p = places.c
        if row.kind == "country" and row.country:
            cond = p.country == row.country
        elif row.kind == "province" and row.admin1 and row.country:
            cond = and_(p.admin1 == row.admin1, p.country == row.country)
        else:
            return (row.id,)
        inside = self.conn.execute(select(p.id).where(cond, p.id != row.id)).scalars().all()
        return (row.id, *sorted(inside))


def find_actor(store: Store, name: str) -> ActorRef:
    """Look an actor up by id, name or alias (see :meth:`Resolver.actor`)."""
    with store._read() as conn:
        return Resolver(conn).actor(name)


def find_place(store: Store, name: str) -> PlaceRef:
    """Look a place up by id, name or a spelling seen (see :meth:`Resolver.place`)."""
    with store._read() as conn:
        return Resolver(conn).place(name)


# ---------------------------------------------------------------------------
# Dates


def check_date(value: str | None, label: str = "date") -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raises ValueError with the form expected."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not _DATE_RE.match(text) or not real_date(text):
        raise ValueError(
            f"{label} must be a real date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}"
        )
    return text


def real_date(text: str) -> bool:
    """Is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` a date on the calendar (no month 13, no 30 February)?"""
    parts = [int(x) for x in text.split("-")]
    try:
        Date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def period_bounds(value: str | None) -> tuple[Date, Date] | None:
    """The first and last day a date at its precision covers; None if unknown or bad."""
    if not value:
        return None
    try:
        if len(value) == 10:
            d = Date.fromisoformat(value)
            return d, d
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            first = Date(y, m, 1)
            last = Date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
            return first, last
        if len(value) == 4:
            y = int(value)
            return Date(y, 1, 1), Date(y, 12, 31)
    except ValueError:
        return None
    return None


def _until_key(until: str) -> str:
    """The last day a ``--until`` value covers, as a string that sorts after every
    date (at any precision) inside it."""
    if len(until) == 4:
        return until + "-12-31"
    if len(until) == 7:
        return until + "-31"
    return until


# ---------------------------------------------------------------------------
# Events


@dataclass(slots=True)
class EventFilter:
    """What to select events by. Strings are names or ids (see :class:`Resolver`);
    ``type`` and ``status`` take one value or several."""

    type: str | Sequence[str] | None = None
    actor: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | Sequence[str] | None = None
    document: str | None = None
    include_wrong: bool = False
    # Filled in by where(): what the names resolved to.
    actor_ref: ActorRef | None = field(default=None, repr=False)
    place_ref: PlaceRef | None = field(default=None, repr=False)

    def where(self, resolver: Resolver) -> list[Any]:
        """SQL conditions on ``events``; raises NotFound / ValueError for bad input."""
        e = events.c
        conds: list[Any] = []
        if not self.include_wrong:
            conds.append(e.wrong == 0)
        types = _as_list(self.type, upper=True)
        if types:
            conds.append(e.type.in_(types) if len(types) > 1 else e.type == types[0])
        statuses = _as_list(self.status)
        if statuses:
            conds.append(e.status.in_(statuses) if len(statuses) > 1 else e.status == statuses[0])
        if self.actor:
            self.actor_ref = resolver.actor(self.actor)
            ids = self.actor_ref.ids
            conds.append(or_(e.actor1_id.in_(ids), e.actor2_id.in_(ids)))
        if self.place:
            self.place_ref = resolver.place(self.place)
            ids = self.place_ref.ids
            conds.append(e.place_id.in_(ids) if len(ids) > 1 else e.place_id == ids[0])
        since = check_date(self.since, "since")
        until = check_date(self.until, "until")
        if since and until and _until_key(until) < since:
            raise ValueError(f"until ({until}) is before since ({since})")
        if since:
            # The year bound uses the date index; the second keeps coarser dates that
            # overlap the range ("2014" overlaps since 2014-06): "~" sorts after digits.
            conds.append(e.date >= since[:4])
            if len(since) > 4:
                conds.append(e.date.concat(literal("~")) >= since)
        if until:
            conds.append(e.date <= _until_key(until))
        if self.document:
            conds.append(e.document_id == self.document)
        return conds


def _as_list(value: str | Sequence[str] | None, upper: bool = False) -> list[str]:
    if value is None or value == "":
        return []
    items = [value] if isinstance(value, str) else list(value)
    out = []
    for item in items:
        out += [v.strip() for v in str(item).split(",") if v.strip()]
    return [v.upper() for v in out] if upper else out


@dataclass(slots=True)
class EventRow:
    """One event as a listing shows it, with actors and place named, and its report."""

    id: str
    document_id: str
    type: str
    mode: str | None
    actor1_id: str | None
    actor1: str | None
    actor2_id: str | None
    actor2: str | None
    place_id: str | None
    place: str | None
    date: str | None
    status: str
    attributed_to: str | None
    fatalities: int | None
    confidence: float
    wrong: bool
    outlet: str | None
    published: str | None
    evidence: str
    evidence_start: int
    evidence_end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_EVENT_COLUMNS = (
    events.c.id,
    events.c.document_id,
    events.c.type,
    events.c.mode,
    events.c.actor1_id,
    events.c.actor2_id,
    events.c.place_id,
    events.c.date,
    events.c.status,
    events.c.attributed_to,
    events.c.fatalities,
    events.c.confidence,
    events.c.wrong,
    events.c.evidence_text,
    events.c.evidence_start,
    events.c.evidence_end,
    documents.c.outlet,
    documents.c.published,
)


def _event_rows(resolver: Resolver, rows: Sequence[Any]) -> list[EventRow]:
    roots = {}
    for r in rows:
        for i in (r.actor1_id, r.actor2_id):
            if i is not None and i not in roots:
                roots[i] = resolver.root(i)
    names = resolver.actor_info(roots.values())
    pinfo = resolver.place_info(r.place_id for r in rows)
    out = []
    for r in rows:
        a1 = roots.get(r.actor1_id) if r.actor1_id else None
        a2 = roots.get(r.actor2_id) if r.actor2_id else None
        out.append(
            EventRow(
                id=r.id,
                document_id=r.document_id,
                type=r.type,
                mode=r.mode,
                actor1_id=a1,
                actor1=names[a1][0] if a1 else None,
                actor2_id=a2,
                actor2=names[a2][0] if a2 else None,
                place_id=r.place_id,
                place=pinfo[r.place_id].name if r.place_id in pinfo else r.place_id,
                date=r.date,
                status=r.status,
                attributed_to=r.attributed_to,
                fatalities=r.fatalities,
                confidence=float(r.confidence),
                wrong=bool(r.wrong),
                outlet=r.outlet,
                published=r.published,
                evidence=r.evidence_text,
                evidence_start=r.evidence_start,
                evidence_end=r.evidence_end,
            )
        )
    return out


def list_events(
    store: Store,
    filt: EventFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[EventRow]:
    """Events matching ``filt``, in date order (undated last), with names filled in."""
    filt = filt or EventFilter()
    with store._read() as conn:
        resolver = Resolver(conn)
        query = (
            select(*_EVENT_COLUMNS)
            .join(documents, documents.c.id == events.c.document_id)
            .where(*filt.where(resolver))
        )
        undated = events.c.date.is_(None)
        order = events.c.date.desc() if newest_first else events.c.date
        query = query.order_by(undated, order, events.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return _event_rows(resolver, conn.execute(query).all())


def count_events(store: Store, filt: EventFilter | None = None) -> int:
    filt = filt or EventFilter()
    with store._read() as conn:
        resolver = Resolver(conn)
        query = select(func.count()).select_from(events).where(*filt.where(resolver))
        return int(conn.execute(query).scalar_one())


# ---------------------------------------------------------------------------
# Timeline


@dataclass(slots=True)
class Timeline:
    """Event counts per period and type. ``rows`` are ``(period, type, count)``,
    periods labelled ``2015-02-08`` (day), ``2015-W06`` (ISO week), ``2015-02``
    (month) or ``2015`` (year). Events whose date is coarser than the period (a
    year-only date in a monthly timeline) cannot be placed: they are counted in
    ``too_coarse``; events without a date in ``undated``."""

    by: str
    rows: list[tuple[str, str, int]]
    too_coarse: int = 0
    undated: int = 0

    @property
    def periods(self) -> list[str]:
        return sorted({p for p, _, _ in self.rows})

    @property
    def types(self) -> list[str]:
        totals: Counter[str] = Counter()
        for _, t, n in self.rows:
            totals[t] += n
        return [t for t, _ in totals.most_common()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "rows": [{"period": p, "type": t, "count": n} for p, t, n in self.rows],
            "too_coarse": self.too_coarse,
            "undated": self.undated,
        }


def timeline(store: Store, by: str = "month", filt: EventFilter | None = None) -> Timeline:
    """Events per ``by`` period (day, week, month or year) and type."""
    if by not in TIMELINE_BY:
        raise ValueError(f"by must be one of {', '.join(TIMELINE_BY)}, not {by!r}")
    filt = filt or EventFilter()
    e = events.c
    width = {"day": 10, "week": 10, "month": 7, "year": 4}[by]
    with store._read() as conn:
        conds = filt.where(Resolver(conn))
        period = func.substr(e.date, 1, width).label("period")
        placed = func.length(e.date) >= width
        rows = conn.execute(
            select(period, e.type, func.count().label("n"))
            .where(*conds, placed)
            .group_by(period, e.type)
        ).all()
        rest = conn.execute(
            select(e.date.is_(None).label("undated"), func.count())
            .where(*conds, or_(e.date.is_(None), func.length(e.date) < width))
            .group_by(e.date.is_(None))
        ).all()
    out: Counter[tuple[str, str]] = Counter()
    for r in rows:
        label = r.period
        if by == "week":
            try:
                iso = Date.fromisoformat(r.period).isocalendar()
            except ValueError:
                continue
            label = f"{iso.year}-W{iso.week:02d}"
        out[(label, r.type)] += int(r.n)
    result = Timeline(by, sorted((p, t, n) for (p, t), n in out.items()))
    for undated, n in rest:
        if undated:
            result.undated = int(n)
        else:
            result.too_coarse = int(n)
    return result


def fill_periods(periods: Sequence[str], by: str) -> list[str]:
    """Every period from the first to the last, so that gaps show as zeros."""
    if not periods:
        return []
    first, last = min(periods), max(periods)
    out: list[str] = []
    if by == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    if by == "month":
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last and len(out) < 100_000:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    if by == "week":
        y, w = int(first[:4]), int(first[6:8])
        d = Date.fromisocalendar(y, w, 1)
        while len(out) < 100_000:
            iso = d.isocalendar()
            label = f"{iso.year}-W{iso.week:02d}"
            if label > last:
                break
            out.append(label)
            d += timedelta(days=7)
        return out
    d, end = Date.fromisoformat(first), Date.fromisoformat(last)
    while d <= end and len(out) < 100_000:
        out.append(d.isoformat())
        d += timedelta(days=1)
    return out


# ---------------------------------------------------------------------------
# Listings of actors and places


@dataclass(slots=True)
class ActorSummary:
    id: str
    name: str
    kind: str
    country: str | None
    kb_id: str | None
    events: int  # events it takes part in (either role)
    as_actor1: int
    as_actor2: int
    mentions: int
    documents: int  # documents that name it
    merged: list[str] = field(default_factory=list)  # ids merged into it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def actor_summaries(store: Store, *, include_wrong: bool = False) -> list[ActorSummary]:
    """Every actor (merged records folded into the one they were merged into), with
    how often it acts, is acted on, and is named; most active first."""
    e = events.c
    m = actor_mentions.c
    with store._read() as conn:
        resolver = Resolver(conn)
        ok = [] if include_wrong else [e.wrong == 0]
        as1 = conn.execute(
            select(e.actor1_id, func.count())
            .where(e.actor1_id.is_not(None), *ok)
            .group_by(e.actor1_id)
        ).all()
        as2 = conn.execute(
            select(e.actor2_id, func.count())
            .where(e.actor2_id.is_not(None), *ok)
            .group_by(e.actor2_id)
        ).all()
        both = conn.execute(
            select(e.actor1_id, func.count())
            .where(e.actor1_id == e.actor2_id, *ok)
            .group_by(e.actor1_id)
        ).all()
        ment = conn.execute(
            select(m.actor_id, func.count(), func.count(m.document_id.distinct())).group_by(
                m.actor_id
            )
        ).all()
        rows = conn.execute(
            select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country, actors.c.kb_id)
        ).all()
        mention_docs: dict[str, set[str]] = {}
        if resolver.merged:
            # Distinct documents of a merged actor need the document ids themselves.
            ids = sorted(resolver.merged) + sorted(set(resolver.merged.values()))
            for chunk in _chunks(ids):
                for r in conn.execute(
                    select(m.actor_id, m.document_id).where(m.actor_id.in_(chunk)).distinct()
                ):
                    mention_docs.setdefault(resolver.root(r.actor_id), set()).add(r.document_id)  # type: ignore[arg-type]
    out: dict[str, ActorSummary] = {}
    for r in rows:
        if r.id in resolver.merged:
            continue
        out[r.id] = ActorSummary(r.id, r.name, r.kind, r.country, r.kb_id, 0, 0, 0, 0, 0)
    for r in rows:
        root = resolver.root(r.id)
        if root != r.id and root in out:
            out[root].merged.append(r.id)
    for actor_id, n in as1:
        s = out.get(resolver.root(actor_id))  # type: ignore[arg-type]
        if s:
            s.as_actor1 += n
            s.events += n
    for actor_id, n in as2:
        s = out.get(resolver.root(actor_id))  # type: ignore[arg-type]
        if s:
            s.as_actor2 += n
            s.events += n
    for actor_id, n in both:  # an event with the actor in both roles counts once
        s = out.get(resolver.root(actor_id))  # type: ignore[arg-type]
        if s:
            s.events -= n
    for actor_id, n, ndocs in ment:
        s = out.get(resolver.root(actor_id))  # type: ignore[arg-type]
        if s:
            s.mentions += n
            s.documents += ndocs
    for root, docs in mention_docs.items():
        if root in out:
            out[root].documents = len(docs)
    return sorted(out.values(), key=lambda s: (-s.events, -s.mentions, s.name.lower()))


@dataclass(slots=True)
class PlaceSummary:
    id: str
    name: str
    kind: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    events: int
    mentions: int
    documents: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def place_summaries(store: Store, *, include_wrong: bool = False) -> list[PlaceSummary]:
    """Every place with its events (at the place itself) and mentions; busiest first."""
    e = events.c
    m = place_mentions.c
    with store._read() as conn:
        ok = [] if include_wrong else [e.wrong == 0]
        ev = dict(
            conn.execute(
                select(e.place_id, func.count())
                .where(e.place_id.is_not(None), *ok)
                .group_by(e.place_id)
            ).all()
        )
        ment = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                select(m.place_id, func.count(), func.count(m.document_id.distinct())).group_by(
                    m.place_id
                )
            )
        }
        rows = conn.execute(select(places)).all()
    out = [
        PlaceSummary(
            r.id,
            r.name,
            r.kind,
            r.admin1,
            r.country,
            r.lat,
            r.lon,
            int(ev.get(r.id, 0)),
            *map(int, ment.get(r.id, (0, 0))),
        )
        for r in rows
    ]
    return sorted(out, key=lambda s: (-s.events, -s.mentions, s.name.lower()))


# ---------------------------------------------------------------------------
# Profiles


@dataclass(slots=True)
class ActorProfile:
    """Everything the record says about one actor."""

    actor: ActorRef
    aliases: list[dict[str, Any]]  # {"alias", "origin"}: seen | kb | analyst
    affiliations: list[
        dict[str, Any]
    ]  # {"predicate", "actor_id", "actor", "source", "count", "evidence"}
    events: int
    as_actor1: dict[str, int]  # event type -> count
    as_actor2: dict[str, int]
    counterparts: list[dict[str, Any]]  # {"actor_id", "actor", "role", "events"}
    places: list[dict[str, Any]]  # {"place_id", "place", "events"}
    first_date: str | None
    last_date: str | None
    recent_events: list[EventRow]
    claims: list[Claim]
    documents: int
    outlets: list[dict[str, Any]]  # {"outlet", "documents"}
    document_list: list[dict[str, Any]]  # {"id", "title", "outlet", "published", "mentions"}

    def to_dict(self) -> dict[str, Any]:
        return {
            **{k: v for k, v in self.actor.to_dict().items() if k != "ids"},
            "merged": list(self.actor.ids[1:]),
            "aliases": self.aliases,
            "affiliations": self.affiliations,
            "events": self.events,
            "as_actor1": self.as_actor1,
            "as_actor2": self.as_actor2,
            "counterparts": self.counterparts,
            "places": self.places,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "recent_events": [r.to_dict() for r in self.recent_events],
            "claims": [c.to_dict() for c in self.claims],
            "documents": self.documents,
            "outlets": self.outlets,
            "document_list": self.document_list,
        }


def actor_profile(
    store: Store,
    name: str,
    *,
    recent: int = 10,
    top: int = 10,
    claims: int = 10,
    claims_days: int | None = 90,
    knowledge: bool = True,
) -> ActorProfile:
    """One actor: aliases, kind, country, affiliations (knowledge base and stated
    relations), events by type in each role, who it acts with, where, its claims,
    and the documents and outlets that name it.

    ``knowledge=False`` skips the knowledge-base affiliations (loading the knowledge
    base the first time in a process takes about a second). Claims are grouped
    from the actor's last ``claims_days`` days of record (None: all of it), which
    keeps the profile of a very active actor quick; ``find_claims(store,
    actor=...)`` gives them all.
    """
    e = events.c
    with store._read() as conn:
        resolver = Resolver(conn)
        ref = resolver.actor(name)
        ids = ref.ids
        ok = e.wrong == 0
        aliases = [
            {"alias": r.alias, "origin": r.origin}
            for r in conn.execute(
                select(actor_aliases.c.alias, actor_aliases.c.origin)
                .where(actor_aliases.c.actor_id.in_(ids))
                .distinct()
                .order_by(actor_aliases.c.origin.desc(), actor_aliases.c.alias)
            )
        ]
        roles: dict[str, dict[str, int]] = {}
        for role, col in (("actor1", e.actor1_id), ("actor2", e.actor2_id)):
            roles[role] = {
                t: int(n)
                for t, n in conn.execute(
                    select(e.type, func.count())
                    .where(col.in_(ids), ok)
                    .group_by(e.type)
                    .order_by(func.count().desc())
                )
            }
        involved = and_(or_(e.actor1_id.in_(ids), e.actor2_id.in_(ids)), ok)
        total, first, last = conn.execute(
            select(func.count(), func.min(e.date), func.max(e.date)).where(involved)
        ).one()
        counter: Counter[tuple[str, str]] = Counter()
        for role, mine, other in (
            ("actor2", e.actor1_id, e.actor2_id),
            ("actor1", e.actor2_id, e.actor1_id),
        ):
            for other_id, n in conn.execute(
                select(other, func.count())
                .where(mine.in_(ids), other.is_not(None), ok)
                .group_by(other)
            ):
                root = resolver.root(other_id)
                if root not in ids:
                    counter[(root, role)] += n  # type: ignore[index]
        names = resolver.actor_info(k for k, _ in counter)
        counterparts = [
            {"actor_id": a, "actor": names[a][0], "role": role, "events": n}
            for (a, role), n in counter.most_common(top)
        ]
        place_rows = conn.execute(
            select(e.place_id, func.count().label("n"))
            .where(involved, e.place_id.is_not(None))
            .group_by(e.place_id)
            .order_by(func.count().desc())
            .limit(top)
        ).all()
        pinfo = resolver.place_info(r.place_id for r in place_rows)
        place_list = [
            {
                "place_id": r.place_id,
                "place": pinfo[r.place_id].name if r.place_id in pinfo else r.place_id,
                "events": int(r.n),
            }
            for r in place_rows
        ]
        recent_rows = conn.execute(
            select(*_EVENT_COLUMNS)
            .join(documents, documents.c.id == e.document_id)
            .where(involved)
            .order_by(e.date.is_(None), e.date.desc(), e.id)
            .limit(recent)
        ).all()
        recent_events = _event_rows(resolver, recent_rows)
        affiliations = _relations_of(conn, resolver, ids)
        docs, outlets, doc_list = _documents_naming(conn, actor_mentions.c.actor_id, ids, top)
    if knowledge and ref.kb_id:
        affiliations = _kb_affiliations(store, ref.kb_id) + affiliations
    claim_list: list[Claim] = []
    if claims:
        from dossier.analysis.claims import find_claims

        claim_list = find_claims(store, actor=ref, since=_recent(last, claims_days))[:claims]
    return ActorProfile(
        actor=ref,
        aliases=aliases,
        affiliations=affiliations,
        events=int(total),
        as_actor1=roles["actor1"],
        as_actor2=roles["actor2"],
        counterparts=counterparts,
        places=place_list,
        first_date=first,
        last_date=last,
        recent_events=recent_events,
        claims=claim_list,
        documents=docs,
        outlets=outlets,
        document_list=doc_list,
    )


def _relations_of(
    conn: Connection, resolver: Resolver, ids: Sequence[str], evidence: int = 3
) -> list[dict[str, Any]]:
    r = relations.c
    rows = conn.execute(
        select(r.subject_id, r.predicate, r.object_id, r.document_id, r.evidence_text)
        .where(or_(r.subject_id.in_(ids), r.object_id.in_(ids)))
        .order_by(r.id)
        .limit(5000)
    ).all()
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        subj, obj = resolver.root(row.subject_id), resolver.root(row.object_id)
        if subj in ids and obj in ids:
            continue
        direction, other = ("out", obj) if subj in ids else ("in", subj)
        key = (row.predicate, direction, other)
        g = grouped.setdefault(
            key,
            {
                "predicate": row.predicate,
                "direction": direction,
                "actor_id": other,
                "source": "text",
                "count": 0,
                "documents": set(),
                "evidence": [],
            },
        )
        g["count"] += 1
        g["documents"].add(row.document_id)
        if len(g["evidence"]) < evidence:
            g["evidence"].append({"document_id": row.document_id, "text": row.evidence_text})
    names = resolver.actor_info(g["actor_id"] for g in grouped.values())
    out = []
    for g in sorted(grouped.values(), key=lambda g: (-len(g["documents"]), g["predicate"])):
        g["actor"] = names[g["actor_id"]][0]
        g["documents"] = len(g["documents"])
        out.append(g)
    return out


def _kb_affiliations(store: Store, kb_id: str) -> list[dict[str, Any]]:
    """Affiliations the curated knowledge base states for ``kb_id`` (never fails a
    profile: a knowledge base that cannot be loaded gives none)."""
    try:
        from dossier.knowledge.loader import get_kb

        kb = get_kb()
        entry = kb.actors.get(kb_id)
    except Exception:  # noqa: BLE001 - a broken KB must not break a read view
        return []
    if entry is None:
        return []
    out = []
    for predicate, targets in entry.affiliations.items():
        for target in targets:
            other = kb.actors.get(target)
            out.append(
                {
                    "predicate": predicate,
                    "direction": "out",
                    "actor_id": target,
                    "actor": other.name if other else target,
                    "source": "kb",
                    "count": 0,
                    "documents": 0,
                    "evidence": [],
                }
            )
    return out


def _documents_naming(
    conn: Connection, column: Any, ids: Sequence[str], top: int
) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    """How many documents mention the ids in ``column`` (an ``*_mentions`` column),
    the outlets they come from, and the documents naming them most."""
    table = column.table
    per_doc = (
        select(table.c.document_id.label("doc"), func.count().label("n"))
        .where(column.in_(ids))
        .group_by(table.c.document_id)
        .subquery()
    )
    d = documents.c
    total = int(conn.execute(select(func.count()).select_from(per_doc)).scalar_one())
    outlets = [
        {"outlet": r.outlet, "documents": int(r.n)}
        for r in conn.execute(
            select(d.outlet, func.count().label("n"))
            .join(per_doc, per_doc.c.doc == d.id)
            .group_by(d.outlet)
            .order_by(func.count().desc(), d.outlet)
            .limit(top)
        )
    ]
    doc_list = [
        {
            "id": r.id,
            "title": r.title,
            "outlet": r.outlet,
            "published": r.published,
            "mentions": int(r.n),
        }
        for r in conn.execute(
            select(d.id, d.title, d.outlet, d.published, per_doc.c.n)
            .join(per_doc, per_doc.c.doc == d.id)
            .order_by(per_doc.c.n.desc(), d.published.desc(), d.id)
            .limit(top)
        )
    ]
    return total, outlets, doc_list


@dataclass(slots=True)
class PlaceProfile:
    """Everything the record says happened at one place (and the places inside it)."""

    place: PlaceRef
    spellings: list[dict[str, Any]]  # {"text", "mentions"}
    events: int
    by_type: dict[str, int]
    actors: list[dict[str, Any]]  # {"actor_id", "actor", "events"}
    first_date: str | None
    last_date: str | None
    recent_events: list[EventRow]
    numbers: dict[str, int]  # number kind -> figures stated here
    claims: list[Claim]
    documents: int
    outlets: list[dict[str, Any]]
    document_list: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.place.to_dict(),
            "spellings": self.spellings,
            "events": self.events,
            "by_type": self.by_type,
            "actors": self.actors,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "recent_events": [r.to_dict() for r in self.recent_events],
            "numbers": self.numbers,
            "claims": [c.to_dict() for c in self.claims],
            "documents": self.documents,
            "outlets": self.outlets,
            "document_list": self.document_list,
        }


def place_profile(
    store: Store,
    name: str,
    *,
    recent: int = 10,
    top: int = 10,
    claims: int = 10,
    claims_days: int | None = 90,
) -> PlaceProfile:
    """One place: spellings seen, events by type, the actors active there, figures
    and claims stated about it (from its last ``claims_days`` days of record), and
    the documents and outlets that name it."""
    e = events.c
    with store._read() as conn:
        resolver = Resolver(conn)
        ref = resolver.place(name)
        ids = ref.ids
        here = and_(e.place_id.in_(ids), e.wrong == 0)
        spellings = [
            {"text": t, "mentions": int(n)}
            for t, n in conn.execute(
                select(place_mentions.c.text, func.count())
                .where(place_mentions.c.place_id == ref.id)
                .group_by(place_mentions.c.text)
                .order_by(func.count().desc(), place_mentions.c.text)
            )
        ]
        by_type = {
            t: int(n)
            for t, n in conn.execute(
                select(e.type, func.count())
                .where(here)
                .group_by(e.type)
                .order_by(func.count().desc())
            )
        }
        total, first, last = conn.execute(
            select(func.count(), func.min(e.date), func.max(e.date)).where(here)
        ).one()
        counter: Counter[str] = Counter()
        for col in (e.actor1_id, e.actor2_id):
            for actor_id, n in conn.execute(
                select(col, func.count()).where(here, col.is_not(None)).group_by(col)
            ):
                counter[resolver.root(actor_id)] += n  # type: ignore[index]
        names = resolver.actor_info(counter)
        actor_list = [
            {"actor_id": a, "actor": names[a][0], "events": n} for a, n in counter.most_common(top)
        ]
        recent_rows = conn.execute(
            select(*_EVENT_COLUMNS)
            .join(documents, documents.c.id == e.document_id)
            .where(here)
            .order_by(e.date.is_(None), e.date.desc(), e.id)
            .limit(recent)
        ).all()
        recent_events = _event_rows(resolver, recent_rows)
        figures = {
            k: int(n)
            for k, n in conn.execute(
                select(numbers.c.kind, func.count())
                .where(numbers.c.place_id.in_(ids))
                .group_by(numbers.c.kind)
                .order_by(func.count().desc())
            )
        }
        docs, outlets, doc_list = _documents_naming(conn, place_mentions.c.place_id, ids, top)
    claim_list: list[Claim] = []
    if claims:
        from dossier.analysis.claims import find_claims

        claim_list = find_claims(store, place=ref, since=_recent(last, claims_days))[:claims]
    return PlaceProfile(
        place=ref,
        spellings=spellings,
        events=int(total),
        by_type=by_type,
        actors=actor_list,
        first_date=first,
        last_date=last,
        recent_events=recent_events,
        numbers=figures,
        claims=claim_list,
        documents=docs,
        outlets=outlets,
        document_list=doc_list,
    )


def _recent(last: str | None, days: int | None) -> str | None:
    """The first day of the ``days`` before the end of ``last`` (None: no bound)."""
    bounds = period_bounds(last)
    if days is None or bounds is None:
        return None
    return (bounds[1] - timedelta(days=days)).isoformat()


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
