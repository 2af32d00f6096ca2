"""Claims: the same fact stated across documents, who says it, and who first said it.

A *statement* is one figure (a ``numbers`` row) or one event (an ``events`` row) in
one document. Statements that state the same fact are grouped into a
:class:`Claim` when they have

* the same kind: number kind ("killed", "displaced", ...) or event type ("ASSAULT");
* compatible values (figures only): within ``Rules.tolerance`` of each other (15 %
  by default, wider for kinds given in ``Rules.kind_tolerance``), with one unit of
  slack when either is approximate ("more than 30" and 31 agree);
* the same actors, after following ``actors.merged_into``: two actors conflict only
  when both are known to the knowledge base and differ; an unknown or rule-found
  actor ("gunmen", "residents") conflicts with nothing;
* the same place, or one unknown, or one containing the other (a town and its
  province, a province and its country);
* overlapping time at each date's precision: two day dates within
  ``Rules.day_window`` days (7), a month date and a day in it, a year and anything
  in it; an unknown date is compatible. Statements crediting the same source may
  lie ``Rules.relay_window`` days apart (31): relays run behind their source.

Grouping is complete-linkage (a statement joins a claim only if it is compatible
with every statement already in it), so nothing inside one claim disagrees on the
value. Events additionally need an anchor to be grouped: a known place, or a
known actor shared; events with neither stay alone.

**Reports and origins.** A claim's *reports* are its documents. Each report has one
*origin*, its first-hand source:

1. a near-duplicate (``documents.near_duplicate_of``) has its original's origin when
   the original is in the claim (a syndicated copy adds a report, not an origin);
2. a report that credits a source (``attributed_to``; the extraction already takes
   the innermost source of a chain, "Levant Wire quoted the council as saying"
   credits the council) has that source as origin, except that a credited *outlet*
   whose own report is in the claim resolves to that report's origin ("X reported,
   citing Y": origin Y);
3. otherwise the outlet itself is the origin.

Named sources resolve to actor ids where the store knows the name, so "Diyala
Provincial Council" as an outlet and as a credited source are one origin. Anonymous
sources ("a police officer", "a medical source") are kept apart per outlet: two
outlets' unnamed officers are counted as two origins.

**Contradictions.** Two claims contradict when they are about the same happening
(same kind, same specific place - not a whole province or country - overlapping
time, compatible actors) and their values disagree, unless one document states
both values (it reconciles them itself, as a report that explains why the army's
40 and an officer's 20 differ). Within an event claim, fatality counts that
disagree are contradictions too. A *denial* (an event with ``status = "denied"``)
contradicts the claims of the same event type that it answers: same or compatible
place, reported before the denial (within ``Rules.denial_lookback`` days), and
naming the denier as the actor, or in a document that names the denier.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC
from datetime import date as Date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import Connection, func, literal, or_, select
from sqlalchemy.orm import aliased

from dossier.analysis.views import (
    ActorRef,
    PlaceRef,
    Resolver,
    _chunks,
    check_date,
    period_bounds,
)
from dossier.model import NUMBER_KINDS, PLOVER_TYPES
from dossier.normalize import name_key
from dossier.store.schema import actor_aliases, actor_mentions, actors, documents, events, numbers

if TYPE_CHECKING:
    from dossier.store import Store

__all__ = ["Claim", "Contradiction", "Rules", "Source", "find_claims"]

# Finer places first when choosing the place a claim is about.
_SPECIFIC = {
    "site": 0,
    "village": 1,
    "town": 2,
    "city": 3,
    "district": 4,
    "region": 5,
    "province": 6,
    "country": 7,
}
_COARSE = {"province", "country"}
_ANONYMOUS_START = {
    "a", "an", "one", "two", "three", "several", "some", "unnamed", "anonymous",
    "sources", "source", "officials", "witnesses", "residents", "local", "security",
    "medical", "hospital", "police", "military", "eyewitnesses", "activists",
}  # fmt: skip
_OUTLET_SUFFIXES = re.compile(
    r"\s+(news agency|agency|newspaper|news website|website|wire service|tv|television|radio|channel)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Rules:
    """The tolerances that decide when two statements state the same fact."""

    tolerance: float = 0.15
    kind_tolerance: Mapping[str, float] = field(
        default_factory=lambda: {
            # A toll of 17 is not a toll of 19: counts of the dead and hurt are
            # compared more tightly than stocks of people or money.
            "killed": 0.1,
            "injured": 0.1,
            "executed": 0.1,
            "personnel": 0.25,
            "money_usd": 0.25,
            "weapons": 0.25,
        }
    )
    approximate_slack: float = 1.0
    day_window: int = 7
    # Stocks (people displaced, fighters deployed) are reported and relayed for
    # weeks after the day they describe; tolls belong to one day's happening.
    kind_window: Mapping[str, int] = field(
        default_factory=lambda: {
            "displaced": 31,
            "personnel": 31,
            "detained": 31,
            "weapons": 31,
            "money_usd": 31,
        }
    )
    relay_window: int = 31
    denial_lookback: int = 365
    # Figures of these kinds ("27 interviews") are too loose to group by default;
    # asking for the kind by name still groups them.
    skip_kinds: tuple[str, ...] = ("other",)

    def tol(self, kind: str) -> float:
        return self.kind_tolerance.get(kind, self.tolerance)

    def window(self, kind: str) -> int:
        return self.kind_window.get(kind, self.day_window)

    def values_agree(self, kind: str, a: float, b: float, approximate: bool) -> bool:
        slack = self.approximate_slack if approximate else 0.0
        return abs(a - b) <= max(self.tol(kind) * max(abs(a), abs(b)), slack) + 1e-9


DEFAULT_RULES = Rules()


# ---------------------------------------------------------------------------
# Results


@dataclass(slots=True)
class Source:
    """One report of a claim: the document, who it credits and its origin."""

    document_id: str
    outlet: str | None
    date: str | None  # the document's publication date
    credited: str | None  # who the report credits (None: its own voice)
    origin: str  # the first-hand source, by name
    origin_id: str  # the key origins are counted by
    evidence: str
    statement_id: str
    value: float | None
    status: str
    near_duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["value"] = _plain(self.value)
        return out


@dataclass(slots=True)
class Contradiction:
    """The other side of a disagreement: what it says and who says it."""

    kind: str  # "value" | "denial"
    claim_id: str | None  # the other claim, None for a disagreement inside this claim
    statement: str
    value: float | None
    status: str
    sources: list[Source]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "claim": self.claim_id,
            "statement": self.statement,
            "value": _plain(self.value),
            "status": self.status,
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(slots=True)
class Claim:
    """A fact as the reports state it, with its reports and independent origins."""

    id: str
    category: str  # "number" | "event"
    kind: str  # number kind or event type
    statement: str  # readable summary: "3,200 displaced near Saadiya (2015-02)"
    value: float | None
    approximate: bool
    date: str | None  # the period the reports agree on
    place_id: str | None
    place: str | None
    actor1_id: str | None
    actor1: str | None
    actor2_id: str | None
    actor2: str | None
    status: str  # "asserted" | "claimed" | "denied" | ...: the most common
    reports: int
    origins: int
    origin_names: list[str]
    sources: list[Source]
    contradicted: bool = False
    contradictions: list[Contradiction] = field(default_factory=list)
    # Every statement (number or event id) grouped in the claim; ``sources`` has
    # one per document.
    statement_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "kind": self.kind,
            "statement": self.statement,
            "value": _plain(self.value),
            "approximate": self.approximate,
            "date": self.date,
            "place_id": self.place_id,
            "place": self.place,
            "actor1_id": self.actor1_id,
            "actor1": self.actor1,
            "actor2_id": self.actor2_id,
            "actor2": self.actor2,
            "status": self.status,
            "reports": self.reports,
            "origins": self.origins,
            "origin_names": self.origin_names,
            "sources": [s.to_dict() for s in self.sources],
            "contradicted": self.contradicted,
            "contradictions": [c.to_dict() for c in self.contradictions],
            "statements": self.statement_ids,
        }


def _plain(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# ---------------------------------------------------------------------------
# Statements


@dataclass(slots=True)
class _Statement:
    id: str
    category: str
    document_id: str
    kind: str
    value: float | None
    approximate: bool
    actor1: str | None  # resolved (root) ids
    actor2: str | None
    place_id: str | None
    places: tuple[str, ...]  # place_id and, for a repeated figure, the other places given
    date: str | None
    start: int | None  # first and last day (ordinals) the date covers
    end: int | None
    day: bool  # day precision
    status: str
    credited: str | None
    credited_actor: str | None
    credit_key: str | None
    evidence: str
    outlet: str | None
    title: str | None
    published: str | None
    seq: int
    near_duplicate_of: str | None
    original_outlet: str | None
    mode: str | None = None


def _interval(value: str | None) -> tuple[int | None, int | None, bool]:
    bounds = period_bounds(value)
    if bounds is None:
        return None, None, False
    return bounds[0].toordinal(), bounds[1].toordinal(), len(value or "") == 10


def _load(
    conn: Connection,
    resolver: Resolver,
    *,
    number_kinds: Sequence[str],
    event_types: Sequence[str],
    actor_ids: Sequence[str] | None,
    place_ids: Sequence[str] | None,
    since: str | None,
    until: str | None,
) -> list[_Statement]:
    """The statements of the asked kinds, with actors resolved through merges.

    A figure counted with an event (``numbers.event_id``) takes the event's actors,
    and its credit when the figure's own sentence credits no one; its place is the
    finer of its sentence's place and the event's.
    """
    out: list[_Statement] = []
    d, orig = documents.c, aliased(documents)
    n, e = numbers.c, events.c
    doc_columns = (
        d.outlet,
        d.title,
        d.published,
        d.seq,
        d.near_duplicate_of,
        orig.c.outlet.label("original_outlet"),
    )
    if number_kinds:
        when = func.coalesce(n.date, e.date)
        query = (
            select(
                n.id,
                n.document_id,
                n.value,
                n.kind,
                n.approximate,
                n.attributed_to,
                n.attributed_actor_id,
                n.evidence_text,
                n.place_id,
                n.date,
                e.place_id.label("event_place_id"),
                e.date.label("event_date"),
                e.attributed_to.label("event_attributed_to"),
                e.attributed_actor_id.label("event_attributed_actor_id"),
                e.actor1_id,
                e.actor2_id,
                e.status,
                e.mode,
                *doc_columns,
            )
            .select_from(numbers)
            .join(documents, d.id == n.document_id)
            .outerjoin(events, e.id == n.event_id)
            .outerjoin(orig, orig.c.id == d.near_duplicate_of)
            .where(
                n.kind.in_(number_kinds) if len(number_kinds) > 1 else n.kind == number_kinds[0],
                func.coalesce(e.wrong, 0) == 0,
            )
        )
        # Filters reach figures through their events' indexes (numbers.event_id is
        # indexed by migration 0003), not by scanning every figure.
        if actor_ids is not None:
            of_actor = select(e.id).where(
                or_(e.actor1_id.in_(actor_ids), e.actor2_id.in_(actor_ids))
            )
            query = query.where(n.event_id.in_(of_actor))
        if place_ids is not None:
            at_place = select(e.id).where(e.place_id.in_(place_ids))
            query = query.where(or_(n.place_id.in_(place_ids), n.event_id.in_(at_place)))
        rows = conn.execute(_date_range(query, when, since, until)).all()
        pinfo = resolver.place_info({i for r in rows for i in (r.place_id, r.event_place_id)})
        for r in rows:
            when_text = r.date or r.event_date
            start, end, day = _interval(when_text)
            own_credit = r.attributed_to or r.attributed_actor_id
            out.append(
                _Statement(
                    id=r.id,
                    category="number",
                    document_id=r.document_id,
                    kind=r.kind,
                    value=float(r.value),
                    approximate=bool(r.approximate),
                    actor1=r.actor1_id,
                    actor2=r.actor2_id,
                    place_id=(place := _finer(r.place_id, r.event_place_id, pinfo)),
                    places=(place,) if place else (),
                    date=when_text,
                    start=start,
                    end=end,
                    day=day,
                    status=r.status or "asserted",
                    credited=r.attributed_to if own_credit else r.event_attributed_to,
                    credited_actor=r.attributed_actor_id
                    if own_credit
                    else r.event_attributed_actor_id,
                    credit_key=None,
                    evidence=r.evidence_text,
                    outlet=r.outlet,
                    title=r.title,
                    published=r.published,
                    seq=r.seq,
                    near_duplicate_of=r.near_duplicate_of,
                    original_outlet=r.original_outlet,
                )
            )
    if event_types:
        query = (
            select(
                e.id,
                e.document_id,
                e.type,
                e.mode,
                e.actor1_id,
                e.actor2_id,
                e.place_id,
                e.date,
                e.status,
                e.attributed_to,
                e.attributed_actor_id,
                e.fatalities,
                e.evidence_text,
                *doc_columns,
            )
            .select_from(events)
            .join(documents, d.id == e.document_id)
            .outerjoin(orig, orig.c.id == d.near_duplicate_of)
            .where(
                e.type.in_(event_types) if len(event_types) > 1 else e.type == event_types[0],
                e.wrong == 0,
            )
        )
        if actor_ids is not None:
            query = query.where(or_(e.actor1_id.in_(actor_ids), e.actor2_id.in_(actor_ids)))
        if place_ids is not None:
            query = query.where(e.place_id.in_(place_ids))
        for r in conn.execute(_date_range(query, e.date, since, until)):
            start, end, day = _interval(r.date)
            out.append(
                _Statement(
                    id=r.id,
                    category="event",
                    document_id=r.document_id,
                    kind=r.type,
                    value=float(r.fatalities) if r.fatalities is not None else None,
                    approximate=False,
                    actor1=r.actor1_id,
                    actor2=r.actor2_id,
                    place_id=r.place_id,
                    places=(r.place_id,) if r.place_id else (),
                    date=r.date,
                    start=start,
                    end=end,
                    day=day,
                    status=r.status,
                    credited=r.attributed_to,
                    credited_actor=r.attributed_actor_id,
                    credit_key=None,
                    evidence=r.evidence_text,
                    outlet=r.outlet,
                    title=r.title,
                    published=r.published,
                    seq=r.seq,
                    near_duplicate_of=r.near_duplicate_of,
                    original_outlet=r.original_outlet,
                    mode=r.mode,
                )
            )
    roots: dict[str, str | None] = {}
    for s in out:
        for attr in ("actor1", "actor2", "credited_actor"):
            raw = getattr(s, attr)
            if raw is not None:
                if raw not in roots:
                    roots[raw] = resolver.root(raw)
                setattr(s, attr, roots[raw])
        _set_credit_key(s)
    return out


def _set_credit_key(s: _Statement) -> None:
    """Who a statement credits, as a key: two outlets' unnamed officers are two people."""
    if s.credited_actor:
        s.credit_key = "actor:" + s.credited_actor
    elif s.credited and is_anonymous(s.credited):
        s.credit_key = f"anon:{outlet_key(s.original_outlet or s.outlet)}:{name_key(s.credited)}"
    elif s.credited:
        s.credit_key = "name:" + name_key(s.credited)
    else:
        s.credit_key = None


def _finer(own: str | None, event: str | None, places: Mapping[str, Any]) -> str | None:
    """A figure's place: the event's, or its sentence's when that is inside the event's."""
    if own is None or event is None or own == event:
        return event or own
    po, pe = places.get(own), places.get(event)
    if po is not None and pe is not None and _contains(pe, po):
        return own
    return event


def _date_range(query: Any, column: Any, since: str | None, until: str | None) -> Any:
    since, until = check_date(since, "since"), check_date(until, "until")
    if since:
        query = query.where(column >= since[:4])
        if len(since) > 4:
            query = query.where(column.concat(literal("~")) >= since)
    if until:
        query = query.where(
            column <= until + ("-12-31" if len(until) == 4 else "-31" if len(until) == 7 else "")
        )
    return query


# ---------------------------------------------------------------------------
# Grouping


class _Cluster:
    __slots__ = ("members", "docs", "index", "rep")

    def __init__(self, first: _Statement, index: int) -> None:
        self.members = [first]
        self.docs = {first.document_id}
        self.index = index
        self.rep = first.value


class _Grouper:
    """Complete-linkage grouping of one kind's statements, with an index on
    (scope, value bucket, month) so that each statement is compared with a handful
    of candidate claims, not all of them. A scope is a province (statements at a
    place inside one), "any" (figures anywhere, for those with no finer place) or a
    known actor (events with no finer place)."""

    def __init__(self, rules: Rules, places: Mapping[str, Any], strong: set[str]) -> None:
        self.rules = rules
        self.places = places
        self.strong = strong
        self.clusters: list[_Cluster] = []
        self.index: dict[tuple[Any, ...], list[_Cluster]] = defaultdict(list)

    # -- keys ---------------------------------------------------------------

    def regions(self, s: _Statement) -> list[tuple[str, ...]]:
        out = []
        for pid in s.places:
            p = self.places.get(pid)
            if p is not None and p.kind != "country" and p.admin1:
                region = ("r", p.country or "", p.admin1)
                if region not in out:
                    out.append(region)
        return out

    def bucket(self, s: _Statement) -> int:
        if s.category != "number" or s.value is None:
            return 0
        return int(math.log(abs(s.value) + 1.0) / math.log(1.0 + self.rules.tol(s.kind)))

    @staticmethod
    def months(start: int | None, end: int | None) -> list[Any]:
        if start is None or end is None:
            return ["*"]
        a, b = Date.fromordinal(start), Date.fromordinal(end)
        out, y, m = [], a.year, a.month
        while (y, m) <= (b.year, b.month) and len(out) < 24:
            out.append(y * 12 + m)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def scopes(self, s: _Statement, register: bool) -> list[Any]:
        # Statements at a place inside a province are grouped first (see _group), so
        # they need look only in their provinces; the rest look wider.
        scopes: list[Any] = self.regions(s)
        if scopes and not register:
            return scopes
        if s.category == "number":
            scopes.append(("any",))
        else:
            scopes += [("a", a) for a in (s.actor1, s.actor2) if a in self.strong]
        return scopes

    def register(self, cluster: _Cluster, s: _Statement) -> None:
        b = self.bucket(s)
        for scope in self.scopes(s, register=True):
            for mo in [*self.months(s.start, s.end), "all"]:
                bucket = self.index[(*scope, b, mo)]
                if not bucket or bucket[-1] is not cluster:
                    bucket.append(cluster)

    def buckets(self, s: _Statement) -> range:
        """The value buckets that can hold a value agreeing with ``s``'s."""
        if s.category != "number" or s.value is None:
            return range(0, 1)
        v, tol, slack = abs(s.value), min(self.rules.tol(s.kind), 0.9), self.rules.approximate_slack
        lo, hi = max(min(v * (1 - tol), v - slack), 0.0), max(v / (1 - tol), v + slack)
        step = math.log(1.0 + self.rules.tol(s.kind))
        return range(int(math.log(lo + 1.0) / step), int(math.log(hi + 1.0) / step) + 1)

    def candidates(self, s: _Statement) -> list[_Cluster]:
        if s.start is None or s.end is None:
            month_keys: list[Any] = ["all"]
        else:
            pad = self.rules.window(s.kind)
            if s.credit_key is not None:
                pad = max(pad, self.rules.relay_window)
            month_keys = [*self.months(s.start - pad, s.end + pad), "*"]
        seen: set[int] = set()
        out = []
        for scope in self.scopes(s, register=False):
            for bb in self.buckets(s):
                for mo in month_keys:
                    for c in self.index.get((*scope, bb, mo), ()):
                        if c.index not in seen:
                            seen.add(c.index)
                            out.append(c)
        return out

    # -- compatibility -------------------------------------------------------

    def located(self, s: _Statement) -> bool:
        return any(pid in self.places and self.places[pid].kind != "country" for pid in s.places)

    def place_ok(self, a: Sequence[str], b: Sequence[str]) -> bool:
        """Compatible places: one side unknown, or some place of one equal to, inside
        or containing some place of the other."""
        if not a or not b:
            return True
        for x in a:
            for y in b:
                if x == y:
                    return True
                px, py = self.places.get(x), self.places.get(y)
                if px is not None and py is not None and (_contains(px, py) or _contains(py, px)):
                    return True
        return False

    def pair_ok(self, a: _Statement, b: _Statement) -> bool:
        strong = self.strong
        if a.actor1 != b.actor1 and a.actor1 in strong and b.actor1 in strong:
            return False
        if a.actor2 != b.actor2 and a.actor2 in strong and b.actor2 in strong:
            return False
        if (
            a.category == "number"
            and a.value is not None
            and b.value is not None
            and not self.rules.values_agree(
                a.kind, a.value, b.value, a.approximate or b.approximate
            )
        ):
            return False
        if (
            a.category == "event"
            and a.document_id == b.document_id
            and a.mode
            and b.mode
            and a.mode != b.mode
            and a.evidence != b.evidence
        ):
            return False  # one report's abduction and, in another sentence, its shelling
        if a.start is not None and b.start is not None:
            gap = max(0, a.start - b.end, b.start - a.end)  # type: ignore[operator]
            if gap and gap > self.window(a, b):
                return False
        return self.place_ok(a.places, b.places)

    def window(self, a: _Statement, b: _Statement) -> int:
        """How many days apart two dated statements may be: two months (or years)
        must overlap; with a day date, the kind's window; relays of one source, more."""
        window = self.rules.window(a.kind) if (a.day or b.day) else 0
        if a.credit_key is not None and a.credit_key == b.credit_key:
            window = max(window, self.rules.relay_window)
        return window

    def anchored(self, s: _Statement, m: _Statement) -> bool:
        """Two compatible statements also need something known in common, so that
        unknowns alone never make a claim: a shared known actor, a place (finer than
        a country) on both, or, for figures, a date on both or the same source.
        An undated event at a province joins only events at that very place."""
        strong = self.strong
        if (s.actor1 in strong and s.actor1 == m.actor1) or (
            s.actor2 in strong and s.actor2 == m.actor2
        ):
            return True
        if self.located(s) and self.located(m):
            if s.category == "number" or (s.start is not None and m.start is not None):
                return True
            if set(s.places) & set(m.places):
                return True
        if s.category == "number":
            if s.start is not None and m.start is not None:
                return True
            if s.credit_key is not None and s.credit_key == m.credit_key:
                return True
        return False

    def add(self, s: _Statement) -> None:
        best: _Cluster | None = None
        best_score: tuple[float, int] | None = None
        for c in self.candidates(s):
            if (c.members[0].status == "denied") != (s.status == "denied"):
                continue
            if not all(self.pair_ok(s, m) for m in c.members):
                continue
            if not any(self.anchored(s, m) for m in c.members):
                continue
            closeness = 0.0
            if s.value is not None and c.rep is not None and s.category == "number":
                closeness = abs(math.log((abs(s.value) + 1) / (abs(c.rep) + 1)))
            score = (closeness, -len(c.members))
            if best_score is None or score < best_score:
                best, best_score = c, score
        if best is None:
            best = _Cluster(s, len(self.clusters))
            self.clusters.append(best)
        else:
            best.members.append(s)
            best.docs.add(s.document_id)
        self.register(best, s)


def _contains(outer: Any, inner: Any) -> bool:
    if outer.kind == "country":
        return bool(outer.country) and outer.country == inner.country and inner.kind != "country"
    if outer.kind == "province":
        return (
            bool(outer.admin1)
            and outer.admin1 == inner.admin1
            and outer.country == inner.country
            and inner.kind not in _COARSE
        )
    return False


def _specificity(places: Mapping[str, Any], pid: str) -> int:
    return _SPECIFIC.get(places[pid].kind, 5) if pid in places else 9


def _merge_repeats(statements: Sequence[_Statement], places: Mapping[str, Any]) -> list[_Statement]:
    """One document stating one figure of one kind several times states one fact:
    its mentions become one statement, with every place and the span of dates they
    give, and the credit one of them gives ("3,200 families were displaced ...
    according to the council, 3,200 families ... near Khanaqin")."""
    out: list[_Statement] = []
    repeats: dict[tuple[str, str, float], list[_Statement]] = defaultdict(list)
    for s in statements:
        if s.category == "number" and s.value is not None:
            repeats[(s.document_id, s.kind, s.value)].append(s)
        else:
            out.append(s)
    for group in repeats.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        group.sort(key=_rank)
        head = replace(group[0])
        ids: list[str] = []
        for s in group:
            ids += [p for p in s.places if p not in ids]
        head.places = tuple(sorted(ids, key=lambda p: _specificity(places, p)))
        head.place_id = head.places[0] if head.places else None
        dated = [s for s in group if s.start is not None]
        if dated:
            head.start = min(s.start for s in dated)  # type: ignore[type-var]
            head.end = max(s.end for s in dated)  # type: ignore[type-var]
            head.day = any(s.day for s in dated)
            head.date = head.date or dated[0].date
        head.approximate = all(s.approximate for s in group)
        head.actor1 = head.actor1 or next((s.actor1 for s in group if s.actor1), None)
        head.actor2 = head.actor2 or next((s.actor2 for s in group if s.actor2), None)
        out.append(head)
    return out


def _group(
    statements: list[_Statement], rules: Rules, places: Mapping[str, Any], strong: set[str]
) -> list[_Cluster]:
    grouper = _Grouper(rules, places, strong)

    # Statements at a place inside a province first (they found the claims that
    # coarser statements then join), each in time order, earliest report first.
    def order(s: _Statement) -> tuple[Any, ...]:
        return (not grouper.regions(s), s.start if s.start is not None else 1 << 30, s.seq, s.id)

    for s in sorted(statements, key=order):
        grouper.add(s)
    return grouper.clusters


# ---------------------------------------------------------------------------
# Origins


@lru_cache(maxsize=65536)
def outlet_key(name: str | None) -> str | None:
    """A key that matches an outlet named in a byline and in a credit line
    ("The Levant Wire news agency" and "Levant Wire")."""
    if not name:
        return None
    text = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    text = _OUTLET_SUFFIXES.sub("", text)
    return name_key(text) or None


@lru_cache(maxsize=65536)
def is_anonymous(name: str) -> bool:
    """An unnamed source ("a police officer", "medical sources"), as opposed to a
    named person or body."""
    words = name.strip().split()
    if not words:
        return True
    return words[0].lower() in _ANONYMOUS_START or name.strip()[0].islower()


class _Origins:
    """Resolves each report of a claim to its first-hand source."""

    def __init__(self, names_to_actor: Mapping[str, str], actor_names: Mapping[str, str]) -> None:
        self.names_to_actor = names_to_actor
        self.actor_names = actor_names

    def named(self, name: str) -> tuple[str, str]:
        actor = self.names_to_actor.get(name.strip().lower()) or self.names_to_actor.get(
            re.sub(r"^the\s+", "", name.strip().lower())
        )
        if actor:
            return "actor:" + actor, self.actor_names.get(actor, name)
        return "name:" + (outlet_key(name) or name.lower()), name

    def resolve(self, best: Mapping[str, _Statement]) -> dict[str, tuple[str, str]]:
        by_outlet: dict[str, list[str]] = defaultdict(list)
        for doc_id, s in sorted(best.items(), key=lambda kv: (kv[1].published or "", kv[1].seq)):
            key = outlet_key(s.outlet)
            if key:
                by_outlet[key].append(doc_id)
        done: dict[str, tuple[str, str]] = {}

        def origin(doc_id: str, stack: tuple[str, ...]) -> tuple[str, str]:
            if doc_id in done:
                return done[doc_id]
            s = best[doc_id]
            own = outlet_key(s.outlet)
            credits_itself = (
                s.credited is not None and own is not None and outlet_key(s.credited) == own
            )
            if s.near_duplicate_of in best and s.near_duplicate_of not in stack:
                result = origin(s.near_duplicate_of, (*stack, doc_id))  # type: ignore[arg-type]
            elif (s.credited or s.credited_actor) and not credits_itself:
                relays = [
                    other
                    for other in by_outlet.get(outlet_key(s.credited) or "", [])
                    if other != doc_id and other not in stack
                ]
                if relays:
                    result = origin(relays[0], (*stack, doc_id))
                elif s.credited_actor:
                    result = (
                        "actor:" + s.credited_actor,
                        self.actor_names.get(s.credited_actor, s.credited or s.credited_actor),
                    )
                elif is_anonymous(s.credited or ""):
                    outlet = s.original_outlet or s.outlet or doc_id
                    result = (
                        f"anon:{outlet_key(outlet)}:{name_key(s.credited or '')}",
                        f"{s.credited} ({outlet})",
                    )
                else:
                    result = self.named(s.credited or "")
            else:
                outlet = (s.original_outlet if s.near_duplicate_of else None) or s.outlet
                result = self.named(outlet) if outlet else ("doc:" + doc_id, s.title or doc_id)
            done[doc_id] = result
            return result

        for doc_id in best:
            origin(doc_id, ())
        return _unify_descriptions(done)


def _unify_descriptions(done: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """'the provincial council' in one report and 'Diyala Provincial Council' in another
    of the same claim are one origin: a description whose words (two or more) all occur
    in exactly one named origin of the claim is that origin."""
    named = {key: label for key, label in done.values() if not key.startswith("anon:")}
    out = dict(done)
    for doc_id, (key, label) in done.items():
        if not key.startswith("anon:"):
            continue
        described = re.sub(r"\s*\(.*\)$", "", label).lower()
        words = {w for w in re.findall(r"[a-z]+", described) if w not in ("the", "a", "an", "of")}
        if len(words) < 2:
            continue
        matches = [
            (k, lab) for k, lab in named.items() if words <= set(re.findall(r"[a-z]+", lab.lower()))
        ]
        if len(matches) == 1:
            out[doc_id] = matches[0]
    return out


def _best_per_document(members: Iterable[_Statement]) -> dict[str, _Statement]:
    """One statement speaks for each document: the one that credits a source (a
    document's lede in its own voice usually restates what it credits later)."""
    best: dict[str, _Statement] = {}
    for s in members:
        cur = best.get(s.document_id)
        if cur is None or _rank(s) < _rank(cur):
            best[s.document_id] = s
    return best


def _rank(s: _Statement) -> tuple[int, int, str]:
    return (0 if (s.credited or s.credited_actor) else 1, 1 if s.approximate else 0, s.id)


# ---------------------------------------------------------------------------
# Building claims


def find_claims(
    store: Store,
    *,
    kind: str | Sequence[str] | None = None,
    actor: str | ActorRef | None = None,
    place: str | PlaceRef | None = None,
    since: str | None = None,
    until: str | None = None,
    min_reports: int = 1,
    min_origins: int | None = None,
    contradicted: bool | None = None,
    rules: Rules = DEFAULT_RULES,
    limit: int | None = None,
) -> list[Claim]:
    """Group figures and events into claims (see the module doc), most reported first.

    ``limit`` returns only the first claims that pass the filters (a listing's page);
    over the whole store they are read from the materialised view, chunk by chunk.

    ``kind`` is a number kind ("killed") or an event type ("ASSAULT"), or several;
    by default every kind except ``rules.skip_kinds``. ``actor`` and ``place``
    (names, ids, or refs from :mod:`dossier.analysis.views`) restrict the statements
    grouped: a place covers the places inside it. The filters ``min_reports``,
    ``min_origins`` and ``contradicted`` apply to the finished claims.
    """
    kinds = [kind] if isinstance(kind, str) else list(kind or [])
    number_kinds = [k.lower() for k in kinds if k.lower() in NUMBER_KINDS]
    event_types = [k.upper() for k in kinds if k.upper() in PLOVER_TYPES]
    unknown = [k for k in kinds if k.lower() not in NUMBER_KINDS and k.upper() not in PLOVER_TYPES]
    if unknown:
        raise ValueError(
            f"unknown kind {unknown[0]!r}: use a number kind ({', '.join(NUMBER_KINDS)}) "
            f"or an event type ({', '.join(PLOVER_TYPES)})"
        )
    if not kinds:
        number_kinds = [k for k in NUMBER_KINDS if k not in rules.skip_kinds]
        event_types = list(PLOVER_TYPES)
    unfiltered = actor is None and place is None and since is None and until is None

    def keep(c: Claim) -> bool:
        return (
            c.reports >= min_reports
            and (min_origins is None or c.origins >= min_origins)
            and (contradicted is None or c.contradicted == contradicted)
        )

    if unfiltered:
        cached = _cached_claims(store, number_kinds, event_types, rules)
        if cached is not None:
            out_c: list[Claim] = []
            for chunk in cached:
                out_c += [c for c in chunk if keep(c)]
                if limit is not None and len(out_c) >= limit:
                    return out_c[:limit]
            return out_c
    with store._read() as conn:
        resolver = Resolver(conn)
        actor_ref = resolver.actor(actor) if isinstance(actor, str) else actor
        place_ref = resolver.place(place) if isinstance(place, str) else place
        statements = _load(
            conn,
            resolver,
            number_kinds=number_kinds,
            event_types=event_types,
            actor_ids=actor_ref.ids if actor_ref else None,
            place_ids=place_ref.ids if place_ref else None,
            since=since,
            until=until,
        )
        claims = _build(conn, resolver, statements, rules)
    out = [c for c in claims if keep(c)]
    return out[:limit] if limit is not None else out


def data_version(conn: Connection) -> str:
    """A fingerprint of everything claims depend on: extractions, curations, documents."""
    ex = conn.execute(sa.text("SELECT count(*), max(extracted_at) FROM document_extractions")).one()
    cur = conn.execute(sa.text("SELECT count(*), max(id) FROM curations")).one()
    docs = conn.execute(sa.text("SELECT count(*), count(near_duplicate_of) FROM documents")).one()
    from dossier import __version__

    return f"{__version__}|{ex[0]}|{ex[1]}|{cur[0]}|{cur[1]}|{docs[0]}|{docs[1]}"


_CHUNK = 500  # claims per row of the materialised view


def _cached_claims(
    store: Store, number_kinds: list[str], event_types: list[str], rules: Rules
) -> Iterator[list[Claim]] | None:
    """Claims over the whole store, chunk by chunk, from the ``claims_cache`` table,
    computed and saved first when the record changed since (a materialised view: a
    listing's first page answers at once on a large store). None when the store has
    no cache table (an older database)."""
    import pickle
    from datetime import datetime

    from dossier.store.schema import claims_cache

    key = hashlib.sha256(
        repr((sorted(number_kinds), sorted(event_types), rules)).encode()
    ).hexdigest()[:40]
    head = f"{key}:n"
    try:
        with store._read() as conn:
            version = data_version(conn)
            row = conn.execute(
                sa.select(claims_cache.c.data_version, claims_cache.c.payload).where(
                    claims_cache.c.key == head
                )
            ).first()
    except sa.exc.OperationalError:
        return None  # a store from before the cache table: compute as usual
    if row is None or row.data_version != version:
        with store._read() as conn:
            resolver = Resolver(conn)
            statements = _load(
                conn,
                resolver,
                number_kinds=number_kinds,
                event_types=event_types,
                actor_ids=None,
                place_ids=None,
                since=None,
                until=None,
            )
            claims = _build(conn, resolver, statements, rules)
        chunks = [claims[i : i + _CHUNK] for i in range(0, len(claims), _CHUNK)]
        try:
            with store._write() as conn:
                if data_version(conn) == version:
                    conn.execute(sa.delete(claims_cache).where(claims_cache.c.key.like(f"{key}:%")))
                    now = datetime.now(UTC)
                    rows = [
                        {
                            "key": f"{key}:{i:06d}",
                            "data_version": version,
                            "payload": pickle.dumps(c),
                            "computed_at": now,
                        }
                        for i, c in enumerate(chunks)
                    ]
                    rows.append(
                        {
                            "key": head,
                            "data_version": version,
                            "payload": str(len(chunks)).encode(),
                            "computed_at": now,
                        }
                    )
                    conn.execute(sa.insert(claims_cache), rows)
        except sa.exc.OperationalError:
            pass  # a read-only database: the claims are still returned
        return iter(chunks)

    n_chunks = int(row.payload.decode())

    def read() -> Iterator[list[Claim]]:
        for i in range(n_chunks):
            with store._read() as conn:
                payload = conn.execute(
                    sa.select(claims_cache.c.payload).where(claims_cache.c.key == f"{key}:{i:06d}")
                ).scalar_one()
            yield pickle.loads(payload)  # noqa: S301 - our own cache, in our own database

    return read()


def _build(
    conn: Connection, resolver: Resolver, statements: list[_Statement], rules: Rules
) -> list[Claim]:
    if not statements:
        return []
    place_rows = resolver.place_info({s.place_id for s in statements})
    actor_ids = {a for s in statements for a in (s.actor1, s.actor2, s.credited_actor) if a}
    info = resolver.actor_info(actor_ids)
    strong = {a for a, (_, _, _, kb) in info.items() if kb}
    _borrow_credits(statements, rules)
    statements = _merge_repeats(statements, place_rows)
    clusters: list[_Cluster] = []
    for category in ("number", "event"):
        subset = [s for s in statements if s.category == category]
        if subset:
            by_kind: dict[str, list[_Statement]] = defaultdict(list)
            for s in subset:
                by_kind[s.kind].append(s)
            for kind in sorted(by_kind):
                clusters += _group(by_kind[kind], rules, place_rows, strong)
    # Names of outlets and credited sources, resolved to actors where the store knows them.
    wanted = set()
    for c in clusters:
        for s in c.members:
            for name in (s.outlet, s.original_outlet, s.credited):
                if name:
                    wanted.add(name.strip().lower())
                    wanted.add(re.sub(r"^the\s+", "", name.strip().lower()))
    names_to_actor = _actors_named(conn, resolver, sorted(wanted))
    info.update(resolver.actor_info(set(names_to_actor.values())))
    actor_names = {a: v[0] for a, v in info.items()}
    origins = _Origins(names_to_actor, actor_names)
    claims = [_claim(c, origins, place_rows, actor_names) for c in clusters]
    by_cluster = {id(c): claim for c, claim in zip(clusters, claims, strict=True)}
    _value_contradictions(clusters, by_cluster, rules, place_rows, strong)
    _denials(conn, resolver, clusters, by_cluster, rules, place_rows, strong)
    claims.sort(key=lambda c: (-c.reports, -c.origins, c.date or "9999", c.id))
    return claims


def _borrow_credits(statements: Sequence[_Statement], rules: Rules) -> None:
    """A figure a document states in its own voice takes the credit the same
    document gives the same figure elsewhere ("3,200 families were displaced ...
    According to the council, 3,200 ..."): one document, one source for one figure."""
    credited: dict[tuple[str, str], list[_Statement]] = defaultdict(list)
    for s in statements:
        if s.category == "number" and s.credit_key is not None:
            credited[(s.document_id, s.kind)].append(s)
    if not credited:
        return
    for s in statements:
        if s.category != "number" or s.credit_key is not None or s.value is None:
            continue
        for other in credited.get((s.document_id, s.kind), ()):
            if other.value is not None and rules.values_agree(s.kind, s.value, other.value, True):
                s.credited, s.credited_actor = other.credited, other.credited_actor
                _set_credit_key(s)
                break


def _actors_named(conn: Connection, resolver: Resolver, names: Sequence[str]) -> dict[str, str]:
    """``{lower-case name: root actor id}`` for names that are an actor's name or alias."""
    out: dict[str, str] = {}
    for chunk in _chunks(list(names)):
        for r in conn.execute(
            select(func.lower(actors.c.name).label("n"), actors.c.id).where(
                func.lower(actors.c.name).in_(chunk)
            )
        ):
            out.setdefault(r.n, resolver.root(r.id))  # type: ignore[arg-type]
        for r in conn.execute(
            select(func.lower(actor_aliases.c.alias).label("n"), actor_aliases.c.actor_id).where(
                func.lower(actor_aliases.c.alias).in_(chunk)
            )
        ):
            out.setdefault(r.n, resolver.root(r.actor_id))  # type: ignore[arg-type]
    return out


def _claim(
    c: _Cluster, origins: _Origins, places: Mapping[str, Any], actor_names: Mapping[str, str]
) -> Claim:
    members = c.members
    first = min(members, key=lambda s: (s.published or "9999", s.seq, s.id))
    best = _best_per_document(members)
    resolved = origins.resolve(best)
    sources = []
    for doc_id, s in sorted(best.items(), key=lambda kv: (kv[1].published or "9999", kv[1].seq)):
        key, name = resolved[doc_id]
        sources.append(
            Source(
                document_id=doc_id,
                outlet=s.outlet,
                date=s.published,
                credited=s.credited,
                origin=name,
                origin_id=key,
                evidence=s.evidence,
                statement_id=s.id,
                value=s.value,
                status=s.status,
                near_duplicate_of=s.near_duplicate_of,
            )
        )
    origin_names: dict[str, str] = {}
    for src in sources:
        origin_names.setdefault(src.origin_id, src.origin)
    value = _common_value([best[d] for d in best], first)
    place_id = _finest_place(members, places)
    actor1 = _common([s.actor1 for s in members])
    actor2 = _common([s.actor2 for s in members])
    status = _common([s.status for s in members]) or "asserted"
    date = _date_label([s.date for s in members])
    approximate = (
        all(s.approximate for s in members if s.value == value) if value is not None else False
    )
    claim = Claim(
        id=f"{first.kind.lower()}-{hashlib.sha1(first.id.encode()).hexdigest()[:8]}",
        category=first.category,
        kind=first.kind,
        statement="",
        value=value,
        approximate=approximate,
        date=date,
        place_id=place_id,
        place=places[place_id].name if place_id in places else place_id,
        actor1_id=actor1,
        actor1=actor_names.get(actor1, actor1) if actor1 else None,
        actor2_id=actor2,
        actor2=actor_names.get(actor2, actor2) if actor2 else None,
        status=status,
        reports=len(best),
        origins=len(origin_names),
        origin_names=list(origin_names.values()),
        sources=sources,
        statement_ids=[s.id for s in members],
    )
    claim.statement = _statement(claim, first.mode)
    return claim


def _common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


def _common_value(reports: Sequence[_Statement], first: _Statement) -> float | None:
    counts = Counter(s.value for s in reports if s.value is not None)
    if not counts:
        return None
    top = max(counts.values())
    if first.value is not None and counts.get(first.value) == top:
        return first.value
    return min(v for v, n in counts.items() if n == top)


def _finest_place(members: Sequence[_Statement], places: Mapping[str, Any]) -> str | None:
    ids = Counter(p for s in members for p in s.places)
    if not ids:
        return None
    return min(
        ids, key=lambda i: (_SPECIFIC.get(places[i].kind, 5) if i in places else 9, -ids[i], i)
    )


def _date_label(dates: Sequence[str | None]) -> str | None:
    """The period the reports agree on: their common day or month, else the month
    most of them give (relays date a figure by their own day), else the span."""
    known = sorted({d for d in dates if d})
    if not known:
        return None
    if len(known) == 1:
        return known[0]
    months = Counter(d[:7] for d in dates if d and len(d) >= 7)
    if len(months) == 1 and all(len(d) >= 7 for d in known):
        return next(iter(months))
    if months:
        (top, n), *rest = months.most_common()
        if not rest or n > rest[0][1]:
            return top
    if len({d[:4] for d in known}) == 1:
        return known[0][:4]
    return f"{known[0]}..{known[-1]}"


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _statement(c: Claim, mode: str | None) -> str:
    """A one-line summary a reader can check against the evidence."""
    where = f" near {c.place}" if c.place else ""
    when = f" ({c.date})" if c.date else ""
    if c.category == "number":
        by = (
            f" by {c.actor1}"
            if c.actor1 and c.kind in ("killed", "injured", "detained", "executed")
            else ""
        )
        return f"{_number(c.value)} {c.kind.replace('_', ' ')}{by}{where}{when}"
    what = c.kind + (f" ({mode})" if mode else "")
    who = f" by {c.actor1}" if c.actor1 else ""
    whom = f" against {c.actor2}" if c.actor2 and c.actor2 != c.actor1 else ""
    toll = f", {_number(c.value)} killed" if c.value is not None else ""
    prefix = "denied: " if c.status == "denied" else ""
    return f"{prefix}{what}{who}{whom}{where}{when}{toll}"


# ---------------------------------------------------------------------------
# Contradictions


def _span(c: _Cluster) -> tuple[int | None, int | None]:
    starts = [s.start for s in c.members if s.start is not None]
    ends = [s.end for s in c.members if s.end is not None]
    return (min(starts), max(ends)) if starts else (None, None)


def _same_happening(a: _Cluster, b: _Cluster, rules: Rules, strong: set[str]) -> bool:
    (sa, ea), (sb, eb) = _span(a), _span(b)
    if sa is None or sb is None:
        return False  # an undated figure cannot be shown to be about the same day
    gap = max(0, sa - eb, sb - ea)  # type: ignore[operator]
    if gap > rules.window(a.members[0].kind):
        return False
    for attr in ("actor1", "actor2"):
        xa = {getattr(s, attr) for s in a.members} & strong
        xb = {getattr(s, attr) for s in b.members} & strong
        if xa and xb and not (xa & xb):
            return False
    return True


def _value_contradictions(
    clusters: list[_Cluster],
    by_cluster: Mapping[int, Claim],
    rules: Rules,
    places: Mapping[str, Any],
    strong: set[str],
) -> None:
    groups: dict[tuple[str, str, str], list[_Cluster]] = defaultdict(list)
    for c in clusters:
        claim = by_cluster[id(c)]
        if claim.value is None or claim.status == "denied":
            continue
        if c.members[0].category == "number":
            if (
                claim.place_id
                and claim.place_id in places
                and places[claim.place_id].kind not in _COARSE
            ):
                groups[("number", claim.kind, claim.place_id)].append(c)
        else:
            _inner_disagreement(c, claim, rules)
    for group in groups.values():
        # Only dated claims can be shown to be about one day: sort them by their
        # first day and compare each with those that start within its window.
        dated = sorted((c for c in group if _span(c)[0] is not None), key=lambda c: _span(c)[0])
        if len(dated) < 2:
            continue
        spans = [_span(c) for c in dated]
        window = rules.window(dated[0].members[0].kind)
        for i, a in enumerate(dated):
            ca = by_cluster[id(a)]
            for j in range(i + 1, len(dated)):
                if spans[j][0] > spans[i][1] + window:  # type: ignore[operator]
                    break
                b = dated[j]
                cb = by_cluster[id(b)]
                if a.docs & b.docs:  # one report states both figures: it reconciles them
                    continue
                if rules.values_agree(
                    ca.kind, ca.value, cb.value, ca.approximate or cb.approximate
                ):  # type: ignore[arg-type]
                    continue
                if not _same_happening(a, b, rules, strong):
                    continue
                _link(ca, cb, "value")


def _inner_disagreement(c: _Cluster, claim: Claim, rules: Rules) -> None:
    """Reports of one event that give different death tolls."""
    best = _best_per_document(c.members)
    values = defaultdict(list)
    for src in claim.sources:
        if src.value is not None:
            values[src.value].append(src)
    if len(values) < 2 or claim.value is None:
        return
    for v, srcs in sorted(values.items()):
        if rules.values_agree(
            claim.kind, v, claim.value, any(best[s.document_id].approximate for s in srcs)
        ):
            continue
        claim.contradicted = True
        claim.contradictions.append(
            Contradiction("value", None, f"{_number(v)} killed", v, srcs[0].status, srcs)
        )


def _link(a: Claim, b: Claim, kind: str) -> None:
    a.contradicted = b.contradicted = True
    a.contradictions.append(Contradiction(kind, b.id, b.statement, b.value, b.status, b.sources))
    b.contradictions.append(Contradiction(kind, a.id, a.statement, a.value, a.status, a.sources))


def _denials(
    conn: Connection,
    resolver: Resolver,
    clusters: list[_Cluster],
    by_cluster: Mapping[int, Claim],
    rules: Rules,
    places: Mapping[str, Any],
    strong: set[str],
) -> None:
    denied = [
        c for c in clusters if c.members[0].category == "event" and c.members[0].status == "denied"
    ]
    if not denied:
        return
    positive: dict[str, list[_Cluster]] = defaultdict(list)
    for c in clusters:
        if c.members[0].category == "event" and c.members[0].status != "denied":
            positive[c.members[0].kind].append(c)
    deniers = sorted({a for c in denied for s in c.members for a in (s.actor1,) if a})
    candidate_docs = sorted({d for cs in positive.values() for c in cs for d in c.docs})
    named: set[tuple[str, str]] = set()
    if deniers and candidate_docs:
        ids = sorted({i for a in deniers for i in resolver.members(a)})
        m = actor_mentions.c
        for doc_chunk in _chunks(candidate_docs):
            for r in conn.execute(
                select(m.actor_id, m.document_id)
                .where(m.actor_id.in_(ids), m.document_id.in_(doc_chunk))
                .distinct()
            ):
                named.add((r.actor_id, r.document_id))
        named = {(resolver.root(a), d) for a, d in named}  # type: ignore[misc]
    # Candidate answers to each denial, by what ties them to it: the denier as
    # actor, a document naming the denier, or (for a denial without actor) the place.
    by_actor: dict[str, list[_Cluster]] = defaultdict(list)
    by_doc: dict[str, list[_Cluster]] = defaultdict(list)
    by_place: dict[str, list[_Cluster]] = defaultdict(list)
    for cs in positive.values():
        for p in cs:
            for a in {s.actor1 for s in p.members if s.actor1}:
                by_actor[a].append(p)
            for doc in p.docs:
                by_doc[doc].append(p)
            claim_place = by_cluster[id(p)].place_id
            if claim_place:
                by_place[claim_place].append(p)
    grouper = _Grouper(rules, places, strong)
    for d in denied:
        dclaim = by_cluster[id(d)]
        ds, de = _span(d)
        denier = _common([s.actor1 for s in d.members])
        modes = {s.mode for s in d.members if s.mode}
        if denier is not None:
            docs = sorted(doc for a, doc in named if a == denier)
            pool = by_actor.get(denier, []) + [p for doc in docs for p in by_doc.get(doc, ())]
        else:
            pool = list(by_place.get(dclaim.place_id, ())) if dclaim.place_id else []
        seen: set[int] = set()
        for p in pool:
            if id(p) in seen or p.members[0].kind != d.members[0].kind:
                continue
            seen.add(id(p))
            ps, pe = _span(p)
            if (
                ds is not None
                and ps is not None
                and (ps > de + rules.day_window or ds - pe > rules.denial_lookback)  # type: ignore[operator]
            ):
                continue  # reported after the denial, or long before it
            # What the denial answers: an event of the claim that the denier is said
            # to have done, or one without a known perpetrator in a report naming the
            # denier; a denied abduction does not answer a reported shelling.
            answered = [
                m
                for m in p.members
                if (not modes or not m.mode or m.mode in modes)
                and (
                    denier is None
                    or m.actor1 == denier
                    or (m.actor1 not in strong and (denier, m.document_id) in named)
                )
            ]
            if not answered:
                continue
            if not all(grouper.place_ok(x.places, y.places) for x in d.members for y in p.members):
                continue
            _link(by_cluster[id(p)], dclaim, "denial")


def claims_to_rows(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """Flat rows (one per claim) for tables and DataFrames."""
    return [c.to_dict() for c in claims]


__all__ += ["DEFAULT_RULES", "claims_to_rows", "is_anonymous", "outlet_key"]
