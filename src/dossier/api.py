"""The Python API: one object over a store, answering in pandas DataFrames.

```python
import dossier

with dossier.open("dossier.db") as d:
    d.events(actor="Badr Organization", place="Diyala", since="2014", until="2014")
    d.claims(kind="displaced", min_origins=2)
    d.claims(contradicted=True)
    d.timeline(freq="month", type="ASSAULT")
    d.actor("Quds Force").to_dict()
    g = d.network(limit=200)          # networkx.MultiDiGraph
```

Every method is a thin wrapper over :mod:`dossier.analysis` (the CLI calls the
same functions): names are resolved the same way (ids, names, aliases and spelling
variants; merged actors answer as the actor they were merged into), and events
an analyst marked wrong are left out unless ``include_wrong=True``.

Dates in the frames stay ISO strings at their own precision (``2015``,
``2015-02``, ``2015-02-08``), with a ``precision`` column: a year-only date is not
silently turned into the first of January.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.analysis import views
from dossier.analysis.views import EventFilter

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from dossier.analysis.claims import Claim
    from dossier.analysis.views import ActorProfile, PlaceProfile

__all__ = ["Dossier", "open_dossier"]

EVENT_COLUMNS = [
    "id",
    "date",
    "precision",
    "type",
    "mode",
    "actor1",
    "actor2",
    "place",
    "status",
    "attributed_to",
    "fatalities",
    "confidence",
    "outlet",
    "published",
    "document_id",
    "actor1_id",
    "actor2_id",
    "place_id",
    "wrong",
    "evidence",
    "evidence_start",
    "evidence_end",
]
CLAIM_COLUMNS = [
    "id",
    "category",
    "kind",
    "statement",
    "value",
    "approximate",
    "date",
    "place",
    "actor1",
    "actor2",
    "status",
    "reports",
    "origins",
    "origin_names",
    "contradicted",
    "sources",
    "contradictions",
    "place_id",
    "actor1_id",
    "actor2_id",
    "statements",
]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - pandas is a dependency
        raise ImportError("the Dossier Python API needs pandas: pip install pandas") from None
    return pandas


def _frame(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], index: str | None = None
) -> pd.DataFrame:
    pd = _pandas()
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    if index is not None:
        frame = frame.set_index(index, drop=False)
        frame.index.name = None
    return frame


class Dossier:
    """A store opened for analysis (see the module doc). Use as a context manager,
    or call :meth:`close`."""

    def __init__(self, location: str | Path, *, create: bool = False) -> None:
        from dossier.store import Store

        self.store = Store(location, create=create)

    def __repr__(self) -> str:
        return f"Dossier({str(self.store.path or self.store.url)!r})"

    def __enter__(self) -> Dossier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- events ----------------------------------------------------------------

    def events(
        self,
        type: str | Sequence[str] | None = None,  # noqa: A002 - the PLOVER word
        actor: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        status: str | Sequence[str] | None = None,
        include_wrong: bool = False,
        *,
        document: str | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Events, one row each, in date order (undated last).

        ``actor`` matches either role; ``place`` covers the places inside a
        province or country; ``since``/``until`` are ``YYYY[-MM[-DD]]`` and keep
        dates of coarser precision that overlap the range.
        """
        filt = EventFilter(
            type=type,
            actor=actor,
            place=place,
            since=since,
            until=until,
            status=status,
            document=document,
            include_wrong=include_wrong,
        )
        rows = []
        for r in views.list_events(self.store, filt, limit=limit):
            row = r.to_dict()
            row["precision"] = views.PRECISION.get(len(r.date or ""))
            rows.append(row)
        return _frame(rows, EVENT_COLUMNS, index="id")

    def timeline(
        self,
        freq: str = "month",
        type: str | Sequence[str] | None = None,  # noqa: A002
        *,
        actor: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        status: str | Sequence[str] | None = None,
        include_wrong: bool = False,
        fill: bool = True,
    ) -> pd.DataFrame:
        """Events per period (rows: ``day``, ``week``, ``month`` or ``year``
        labels) and type (columns), with a ``total`` column. With ``fill`` every
        period between the first and the last is present, zeros included.

        Events whose date is coarser than ``freq`` are left out; the counts are in
        ``frame.attrs["too_coarse"]`` and ``frame.attrs["undated"]``.
        """
        filt = EventFilter(
            type=type,
            actor=actor,
            place=place,
            since=since,
            until=until,
            status=status,
            include_wrong=include_wrong,
        )
        result = views.timeline(self.store, freq, filt)
        pd = _pandas()
        types = sorted(result.types)
        periods = views.fill_periods(result.periods, freq) if fill else result.periods
        frame = pd.DataFrame(0, index=pd.Index(periods, name=freq), columns=types, dtype="int64")
        for period, kind, n in result.rows:
            frame.loc[period, kind] = n
        frame["total"] = frame.sum(axis=1) if types else 0
        frame.attrs.update(too_coarse=result.too_coarse, undated=result.undated, by=freq)
        return frame

    # -- actors and places -------------------------------------------------------

    def actors(self, *, include_wrong: bool = False) -> pd.DataFrame:
        """Every actor (merged records folded in), most active first."""
        rows = [s.to_dict() for s in views.actor_summaries(self.store, include_wrong=include_wrong)]
        columns = [
            "id",
            "name",
            "kind",
            "country",
            "kb_id",
            "events",
            "as_actor1",
            "as_actor2",
            "mentions",
            "documents",
            "merged",
        ]
        return _frame(rows, columns, index="id")

    def actor(self, name: str, **kwargs: Any) -> ActorProfile:
        """One actor's profile (:class:`dossier.analysis.views.ActorProfile`;
        ``.to_dict()`` for plain data, ``.recent_events`` / ``.claims`` as objects)."""
        return views.actor_profile(self.store, name, **kwargs)

    def places(self, *, include_wrong: bool = False) -> pd.DataFrame:
        """Every place named, busiest first."""
        rows = [s.to_dict() for s in views.place_summaries(self.store, include_wrong=include_wrong)]
        columns = [
            "id",
            "name",
            "kind",
            "admin1",
            "country",
            "lat",
            "lon",
            "events",
            "mentions",
            "documents",
        ]
        return _frame(rows, columns, index="id")

    def place(self, name: str, **kwargs: Any) -> PlaceProfile:
        """One place's profile (:class:`dossier.analysis.views.PlaceProfile`)."""
        return views.place_profile(self.store, name, **kwargs)

    # -- claims --------------------------------------------------------------

    def claim_list(self, **kwargs: Any) -> list[Claim]:
        """The claims as objects (same arguments as :meth:`claims`)."""
        from dossier.analysis.claims import find_claims

        return find_claims(self.store, **kwargs)

    def claims(
        self,
        kind: str | Sequence[str] | None = None,
        min_origins: int | None = None,
        contradicted: bool | None = None,
        *,
        min_reports: int = 1,
        actor: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> pd.DataFrame:
        """Claims (the same figure or event across reports), one row each, most
        reported first: ``reports`` is how many documents state it, ``origins`` how
        many independent first-hand sources those come down to; ``sources`` and
        ``contradictions`` hold lists of dicts (see :mod:`dossier.analysis.claims`)."""
        claims = self.claim_list(
            kind=kind,
            min_origins=min_origins,
            contradicted=contradicted,
            min_reports=min_reports,
            actor=actor,
            place=place,
            since=since,
            until=until,
        )
        return _frame([c.to_dict() for c in claims], CLAIM_COLUMNS, index="id")

    # -- network and documents -------------------------------------------------

    def network(
        self,
        limit: int | None = None,
        *,
        type: str | Sequence[str] | None = None,  # noqa: A002
        actor: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        status: str | Sequence[str] | None = None,
        min_weight: int = 1,
        evidence: int = 3,
        relations: bool = True,
    ) -> nx.MultiDiGraph:
        """The actor network (:func:`dossier.analysis.network.actor_network`): event
        edges actor1 -> actor2 per type, weighted by count, and stated relations,
        each with its evidence."""
        from dossier.analysis.network import actor_network

        filt = EventFilter(
            type=type, actor=actor, place=place, since=since, until=until, status=status
        )
        return actor_network(
            self.store,
            filt,
            limit=limit or None,  # 0 means all, as in the command line
            min_weight=min_weight,
            evidence=evidence,
            include_relations=relations,
        )

    def documents(self) -> pd.DataFrame:
        """The stored documents (no texts), in ingestion order, with how many
        events and figures were extracted from each."""
        from sqlalchemy import func, select

        from dossier.store.schema import events, numbers

        with self.store._read() as conn:
            n_events = dict(
                conn.execute(
                    select(events.c.document_id, func.count())
                    .where(events.c.wrong == 0)
                    .group_by(events.c.document_id)
                ).all()
            )
            n_numbers = dict(
                conn.execute(
                    select(numbers.c.document_id, func.count()).group_by(numbers.c.document_id)
                ).all()
            )
        rows = []
        for d in self.store.documents():
            row = d.to_dict()
            row["events"] = int(n_events.get(d.id, 0))
            row["numbers"] = int(n_numbers.get(d.id, 0))
            rows.append(row)
        columns = [
            "id",
            "seq",
            "title",
            "outlet",
            "published",
            "language",
            "format",
            "words",
            "events",
            "numbers",
            "near_duplicate_of",
            "name",
            "source",
            "url",
            "chars",
            "ingested_at",
        ]
        return _frame(rows, columns, index="id")


def open_dossier(location: str | Path) -> Dossier:
    """Open an existing store for analysis (raises ``NoDatabase`` if there is none)."""
    return Dossier(location)
