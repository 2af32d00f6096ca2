"""Which events an export writes: one filter shared by every format.

An :class:`EventFilter` is plain data (the CLI builds one from its options, the
library takes one as an argument). :func:`event_conditions` turns it into SQL
conditions on the ``events`` table, so a filtered export reads only the rows it
writes. Actor and place filters accept what an analyst types (an id, a name, an
alias; for places also a province or country, or an ISO country code) and are
resolved to ids first, as the other commands resolve them; a value that matches
nothing raises :class:`FilterError` rather than silently exporting nothing.

Dates are compared as intervals: an event dated ``2014-06`` (month precision)
overlaps ``--since 2014-06-10`` and is kept; ``--until 2014`` means the end of
2014. Events without a date are left out whenever ``since`` or ``until`` is set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, func, literal, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from dossier.model import PLOVER_TYPES, STATUSES
from dossier.store.schema import events, places

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class FilterError(ValueError):
    """A filter value that cannot be used: the message says which and why."""


@dataclass(slots=True)
class EventFilter:
    """Event filters; every field empty/None means "no condition".

    ``types`` are PLOVER types, ``statuses`` attribution statuses (asserted,
    claimed, denied, planned, hypothetical); ``actors`` match actor1 or actor2,
    ``places`` the event's place. Events an analyst marked wrong are left out
    unless ``include_wrong``.
    """

    types: Sequence[str] = ()
    actors: Sequence[str] = ()
    places: Sequence[str] = ()
    since: str | None = None
    until: str | None = None
    statuses: Sequence[str] = ()
    min_confidence: float | None = None
    include_wrong: bool = False
    # Filled by resolve(): the actor and place ids the names above stand for.
    actor_ids: frozenset[str] | None = field(default=None, repr=False)
    place_ids: frozenset[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.types = tuple(t.strip().upper() for t in self.types if t and t.strip())
        bad = [t for t in self.types if t not in PLOVER_TYPES]
        if bad:
            raise FilterError(
                f"unknown event type {bad[0]!r}: use one of {', '.join(PLOVER_TYPES)}"
            )
        self.statuses = tuple(s.strip().lower() for s in self.statuses if s and s.strip())
        bad = [s for s in self.statuses if s not in STATUSES]
        if bad:
            raise FilterError(f"unknown status {bad[0]!r}: use one of {', '.join(STATUSES)}")
        self.actors = tuple(a.strip() for a in self.actors if a and a.strip())
        self.places = tuple(p.strip() for p in self.places if p and p.strip())
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                value = str(value).strip()
                from dossier.analysis.views import real_date

                if not _DATE_RE.match(value) or not real_date(value):
                    raise FilterError(
                        f"--{name} must be YYYY, YYYY-MM or YYYY-MM-DD; got {value!r}"
                    )
                setattr(self, name, value)
        if self.since and self.until and _start(self.since) > _end(self.until):
            raise FilterError(f"--since {self.since} is after --until {self.until}")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise FilterError(
                f"minimum confidence must be between 0 and 1; got {self.min_confidence}"
            )

    @property
    def active(self) -> bool:
        """True when the filter narrows the export beyond the default (no wrong events)."""
        return bool(
            self.types
            or self.actors
            or self.places
            or self.since
            or self.until
            or self.statuses
            or self.min_confidence is not None
        )

    def describe(self) -> str:
        """A short human description, for messages ("type ASSAULT, since 2014")."""
        parts = []
        if self.types:
            parts.append("type " + "/".join(self.types))
        if self.actors:
            parts.append("actor " + "/".join(self.actors))
        if self.places:
            parts.append("place " + "/".join(self.places))
        if self.since:
            parts.append(f"since {self.since}")
        if self.until:
            parts.append(f"until {self.until}")
        if self.statuses:
            parts.append("status " + "/".join(self.statuses))
        if self.min_confidence is not None:
            parts.append(f"confidence >= {self.min_confidence:g}")
        if self.include_wrong:
            parts.append("including events marked wrong")
        return ", ".join(parts) or "all events"


def _start(date: str) -> str:
    """The first day of a date at any precision, as a sortable 10-character string."""
    return (date + "-00-00")[:10]


def _end(date: str) -> str:
    """The last day of a date at any precision ("-99" sorts after every real day)."""
    return (date + "-99-99")[:10]


def resolve_merges(parents: Mapping[str, str | None]) -> dict[str, str]:
    """Each actor id -> the id it ends up in after analysts' merges (itself if none)."""
    final: dict[str, str] = {}
    for start in parents:
        seen = [start]
        current = start
        while parents.get(current) and parents[current] not in seen and parents[current] in parents:
            current = parents[current]  # type: ignore[assignment]
            seen.append(current)
        final[start] = current
    return final


def resolve(conn: Connection, flt: EventFilter) -> EventFilter:
    """Fill ``actor_ids`` and ``place_ids`` from the names the filter was given.

    Names resolve as everywhere else in Dossier (:class:`dossier.analysis.views.Resolver`):
    an actor by id, canonical name or alias (spelling variants match), covering the
    records merged into it; a place by id, name or a spelling seen in the texts,
    a province or country covering the places inside it. A three-letter upper-case
    value that names no place is taken as an ISO alpha-3 country code.
    """
    from dossier.analysis.views import NotFound, Resolver

    if not (flt.actors and flt.actor_ids is None) and not (flt.places and flt.place_ids is None):
        return flt
    resolver = Resolver(conn)
    try:
        if flt.actors and flt.actor_ids is None:
            flt.actor_ids = frozenset(i for a in flt.actors for i in resolver.actor(a).ids)
        if flt.places and flt.place_ids is None:
            ids: set[str] = set()
            for value in flt.places:
                try:
                    ids |= set(resolver.place(value).ids)
                except NotFound:
                    by_country = _country_places(conn, value)
                    if not by_country:
                        raise
                    ids |= by_country
            flt.place_ids = frozenset(ids)
    except NotFound as exc:
        raise FilterError(str(exc)) from None
    return flt


def _country_places(conn: Connection, value: str) -> set[str]:
    if not re.fullmatch(r"[A-Z]{3}", value):
        return set()
    return set(conn.execute(select(places.c.id).where(places.c.country == value)).scalars())


def event_conditions(flt: EventFilter) -> list[ColumnElement[bool]]:
    """SQL conditions on :data:`dossier.store.schema.events` for a resolved filter."""
    c = events.c
    conds: list[ColumnElement[bool]] = []
    if not flt.include_wrong:
        conds.append(c.wrong == 0)
    if flt.types:
        conds.append(c.type.in_(flt.types))
    if flt.statuses:
        conds.append(c.status.in_(flt.statuses))
    if flt.min_confidence is not None:
        conds.append(c.confidence >= flt.min_confidence)
    if flt.actors:
        ids = sorted(flt.actor_ids or ())
        conds.append(or_(c.actor1_id.in_(ids), c.actor2_id.in_(ids)))
    if flt.places:
        conds.append(c.place_id.in_(sorted(flt.place_ids or ())))
    conds += date_conditions(c.date, flt)
    return conds


def date_conditions(column: Any, flt: EventFilter) -> list[ColumnElement[bool]]:
    """``since``/``until`` on a date column at any precision, as interval overlap.

    Dates are padded to 10 characters ("2014-06" runs from "2014-06-00" to
    "2014-06-99"), which compares correctly as text on SQLite and PostgreSQL alike.
    Rows without a date are left out when either bound is set.
    """
    if not (flt.since or flt.until):
        return []
    conds: list[ColumnElement[bool]] = [column.is_not(None)]
    if flt.since:
        conds.append(func.substr(column + literal("-99-99"), 1, 10) >= _start(flt.since))
    if flt.until:
        conds.append(func.substr(column + literal("-00-00"), 1, 10) <= _end(flt.until))
    return conds


def where(flt: EventFilter) -> Any:
    """All conditions joined with AND (``true`` when there are none)."""
    return and_(true(), *event_conditions(flt))
