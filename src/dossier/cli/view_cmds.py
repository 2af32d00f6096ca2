"""Commands over the extracted record: actors, actor, places, place, events, claims, timeline.

Thin on purpose: each command parses its options, calls :mod:`dossier.analysis`
and renders the result with rich. ``--json`` prints JSON Lines (one object per
line) for the listings and one JSON object for a profile, for scripts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dossier.cli.corpus_cmds import _console, _echo_json, _n, _open, db_option, json_option

if TYPE_CHECKING:
    from rich.console import Console

    from dossier.analysis.claims import Claim
    from dossier.analysis.views import EventRow


def _library_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Names that match nothing and malformed dates become one-line messages."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from dossier.analysis.views import NotFound

        try:
            return func(*args, **kwargs)
        except (NotFound, ValueError) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def _echo_lines(items: Iterable[dict[str, Any]]) -> None:
    for item in items:
        click.echo(json.dumps(item, ensure_ascii=False))


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(out: Console, title: str | None = None) -> Any:
    from rich.table import Table

    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=None,
        header_style="bold",
        pad_edge=False,
    )


type_option = click.option(
    "--type", "-t", "types", multiple=True, help="PLOVER event type (repeatable)."
)
actor_option = click.option("--actor", "-a", help="Actor id, name or alias (either role).")
place_option = click.option("--place", "-p", help="Place id or name; a province covers its towns.")
since_option = click.option("--since", help="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")
until_option = click.option("--until", help="Up to this date (inclusive), same forms.")
status_option = click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["asserted", "claimed", "denied", "planned", "hypothetical"]),
    help="Event status (repeatable).",
)
wrong_option = click.option(
    "--include-wrong", is_flag=True, help="Include events an analyst marked wrong."
)


# ---------------------------------------------------------------------------
# events


@click.command(
    "events",
    epilog="""\b
Examples:
  dossier events --actor "Badr Organization" --place Diyala --since 2014 --until 2014
  dossier events --type ASSAULT --since 2015-04 --until 2015-04 --limit 20
  dossier events --status denied --json > denials.jsonl
""",
)
@type_option
@actor_option
@place_option
@since_option
@until_option
@status_option
@wrong_option
@click.option(
    "--limit", "-n", default=50, show_default=True, type=click.IntRange(min=0), help="0 = all."
)
@db_option
@json_option
@_library_errors
def events_command(
    types: tuple[str, ...],
    actor: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    statuses: tuple[str, ...],
    include_wrong: bool,
    limit: int,
    db: Path,
    as_json: bool,
) -> None:
    """List events, filtered, in date order (undated last).

    Dates keep their precision: an event dated only "2014" is inside --since
    2014-06. Merged actors answer as the actor they were merged into.
    """
    from dossier.analysis.views import EventFilter, count_events, list_events

    filt = EventFilter(
        type=list(types) or None,
        actor=actor,
        place=place,
        since=since,
        until=until,
        status=list(statuses) or None,
        include_wrong=include_wrong,
    )
    with _open(db) as store:
        rows = list_events(store, filt, limit=limit or None)
        total = count_events(store, filt) if not as_json else len(rows)
    if as_json:
        _echo_lines(r.to_dict() for r in rows)
        return
    out = _console()
    if not rows:
        out.print("no events match", markup=False)
        return
    _events_table(out, rows)
    out.print(f"{len(rows):,} of {_n(total, 'event')}", style="dim", markup=False)


def _events_table(out: Console, rows: list[EventRow], title: str | None = None) -> None:
    from rich.text import Text

    table = _table(out, title)
    table.add_column("date", no_wrap=True, width=10)
    table.add_column("type", no_wrap=True, width=9, style="cyan")
    table.add_column("who → whom", overflow="fold", min_width=12, max_width=32)
    table.add_column("place", overflow="fold", min_width=8, max_width=20)
    table.add_column("status", no_wrap=True, width=9)
    table.add_column("source", overflow="fold", min_width=8, max_width=24)
    table.add_column("evidence", overflow="fold", min_width=16)
    for r in rows:
        who = " → ".join(x for x in (r.actor1 or "?", r.actor2) if x)
        status = Text(
            r.status,
            style="red" if r.status == "denied" else "yellow" if r.status != "asserted" else "",
        )
        source = r.attributed_to or r.outlet or ""
        table.add_row(
            Text(r.date or ""),
            Text(r.type + (" ✗" if r.wrong else "")),
            Text(who),
            Text(r.place or ""),
            status,
            Text(source),
            Text(_clip(r.evidence, 160), style="dim"),
        )
    out.print(table)


# ---------------------------------------------------------------------------
# claims


@click.command(
    "claims",
    epilog="""\b
Examples:
  dossier claims --kind displaced              # figures of displaced people
  dossier claims --min-origins 2               # corroborated by independent sources
  dossier claims --contradicted                # disputed figures and denials
  dossier claims --json | jq 'select(.reports > .origins)'
""",
)
@click.option(
    "--kind",
    "-k",
    "kinds",
    multiple=True,
    help="Number kind (killed, displaced, ...) or event type.",
)
@click.option(
    "--min-origins",
    type=click.IntRange(min=1),
    help="Only claims with this many independent origins.",
)
@click.option("--min-reports", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--contradicted", is_flag=True, help="Only claims another report disputes or denies.")
@actor_option
@place_option
@since_option
@until_option
@click.option(
    "--limit", "-n", default=50, show_default=True, type=click.IntRange(min=0), help="0 = all."
)
@db_option
@json_option
@_library_errors
def claims_command(
    kinds: tuple[str, ...],
    min_origins: int | None,
    min_reports: int,
    contradicted: bool,
    actor: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    db: Path,
    as_json: bool,
) -> None:
    """Claims: the same figure or event across reports, with how many reports state
    it and how many independent origins they come down to.

    A report's origin is the source it credits (followed through outlets that
    relay another outlet), or the outlet itself; a syndicated copy counts as a
    report of its original's origin. --json prints one claim per line with its
    sources and contradictions.
    """
    from dossier.analysis.claims import find_claims

    with _open(db) as store:
        claims = find_claims(
            store,
            kind=list(kinds) or None,
            actor=actor,
            place=place,
            since=since,
            until=until,
            min_reports=min_reports,
            min_origins=min_origins,
            contradicted=True if contradicted else None,
            limit=limit + 1 if limit else None,  # one more: to say whether there are others
        )
    shown = claims[:limit] if limit else claims
    if as_json:
        _echo_lines(c.to_dict() for c in shown)
        return
    out = _console()
    if not shown:
        out.print("no claims match", markup=False)
        return
    _claims_table(out, shown)
    more = " (more with --limit 0)" if len(claims) > len(shown) else ""
    out.print(f"{_n(len(shown), 'claim')} shown{more}", style="dim", markup=False)


def _claims_table(out: Console, claims: list[Claim], title: str | None = None) -> None:
    from rich.text import Text

    table = _table(out, title)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("statement", overflow="fold", min_width=20)
    table.add_column("reports", justify="right", no_wrap=True)
    table.add_column("origins", justify="right", no_wrap=True)
    table.add_column("who says so", overflow="fold", min_width=12)
    table.add_column("disputed by", overflow="fold", min_width=12, style="red")
    for c in claims:
        disputes = []
        for x in c.contradictions:
            who = ", ".join(dict.fromkeys(s.origin for s in x.sources))
            what = "denial" if x.kind == "denial" else x.statement
            disputes.append(f"{what} ({who})")
        table.add_row(
            Text(c.id),
            Text(c.statement),
            str(c.reports),
            Text(str(c.origins), style="bold" if c.origins > 1 else ""),
            Text("; ".join(c.origin_names)),
            Text("\n".join(disputes)),
        )
    out.print(table)


# ---------------------------------------------------------------------------
# timeline


@click.command(
    "timeline",
    epilog="""\b
Examples:
  dossier timeline                              # events per month and type
  dossier timeline --by week --type ASSAULT --since 2015-04 --until 2015-06
  dossier timeline --actor "Kata'ib Hezbollah" --json
""",
)
@click.option(
    "--by", default="month", show_default=True, type=click.Choice(["day", "week", "month", "year"])
)
@type_option
@actor_option
@place_option
@since_option
@until_option
@status_option
@db_option
@json_option
@_library_errors
def timeline_command(
    by: str,
    types: tuple[str, ...],
    actor: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    statuses: tuple[str, ...],
    db: Path,
    as_json: bool,
) -> None:
    """Count events per day, ISO week, month or year, by type.

    Events dated less precisely than --by (a month-only date in a daily timeline)
    cannot be placed and are counted separately.
    """
    from rich.text import Text

    from dossier.analysis.views import EventFilter, fill_periods, timeline

    filt = EventFilter(
        type=list(types) or None,
        actor=actor,
        place=place,
        since=since,
        until=until,
        status=list(statuses) or None,
    )
    with _open(db) as store:
        result = timeline(store, by, filt)
    if as_json:
        _echo_lines({"period": p, "type": t, "count": n} for p, t, n in result.rows)
        return
    out = _console()
    if not result.rows:
        out.print("no dated events match", markup=False)
    else:
        types_ = result.types
        counts: dict[tuple[str, str], int] = {(p, t): n for p, t, n in result.rows}
        periods = fill_periods(result.periods, by)
        totals = {p: sum(counts.get((p, t), 0) for t in types_) for p in periods}
        peak = max(totals.values()) or 1
        table = _table(out)
        table.add_column(by, no_wrap=True)
        for t in types_:
            table.add_column(t.lower(), justify="right", no_wrap=True)
        table.add_column("total", justify="right", no_wrap=True, style="bold")
        table.add_column("", no_wrap=True, style="cyan")
        for p in periods:
            cells = [str(counts.get((p, t), "")) or "·" for t in types_]
            bar = "█" * max(1, round(20 * totals[p] / peak)) if totals[p] else ""
            table.add_row(Text(p), *cells, str(totals[p]), bar)
        out.print(table)
    notes = []
    if result.too_coarse:
        notes.append(f"{_n(result.too_coarse, 'event')} dated too coarsely for --by {by}")
    if result.undated:
        notes.append(f"{_n(result.undated, 'event')} without a date")
    if notes:
        out.print("not shown: " + "; ".join(notes), style="dim", markup=False)


# ---------------------------------------------------------------------------
# actors and places


@click.command(
    "actors",
    epilog="""\b
Examples:
  dossier actors --limit 20
  dossier actors --kind armed_group --json
""",
)
@click.option("--kind", help="Only actors of this kind (armed_group, state, person, ...).")
@click.option(
    "--limit", "-n", default=50, show_default=True, type=click.IntRange(min=0), help="0 = all."
)
@db_option
@json_option
def actors_command(kind: str | None, limit: int, db: Path, as_json: bool) -> None:
    """List actors, most active first: events as actor1 and actor2, mentions, documents.

    Records an analyst merged are counted with the actor they were merged into.
    """
    from rich.text import Text

    from dossier.analysis.views import actor_summaries

    with _open(db) as store:
        rows = actor_summaries(store)
    if kind:
        rows = [r for r in rows if r.kind == kind]
    shown = rows[:limit] if limit else rows
    if as_json:
        _echo_lines(r.to_dict() for r in shown)
        return
    out = _console()
    table = _table(out)
    table.add_column("id", style="cyan", overflow="fold", max_width=24)
    table.add_column("name", overflow="fold", min_width=12)
    table.add_column("kind", overflow="fold")
    table.add_column("cc", no_wrap=True)
    for header in ("events", "as 1", "as 2", "named", "docs"):
        table.add_column(header, justify="right", no_wrap=True)
    for r in shown:
        name = r.name + (f" (+{len(r.merged)} merged)" if r.merged else "")
        table.add_row(
            Text(r.id),
            Text(name),
            r.kind,
            r.country or "",
            *(str(x) for x in (r.events, r.as_actor1, r.as_actor2, r.mentions, r.documents)),
        )
    out.print(table)
    out.print(f"{len(shown):,} of {_n(len(rows), 'actor')}", style="dim", markup=False)


@click.command("places", epilog="\b\nExample:\n  dossier places --limit 20 --json")
@click.option(
    "--limit", "-n", default=50, show_default=True, type=click.IntRange(min=0), help="0 = all."
)
@db_option
@json_option
def places_command(limit: int, db: Path, as_json: bool) -> None:
    """List the places named, busiest first: events there, mentions, documents."""
    from rich.text import Text

    from dossier.analysis.views import place_summaries

    with _open(db) as store:
        rows = place_summaries(store)
    shown = rows[:limit] if limit else rows
    if as_json:
        _echo_lines(r.to_dict() for r in shown)
        return
    out = _console()
    table = _table(out)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("name", overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("province", overflow="fold")
    table.add_column("country", no_wrap=True)
    for name in ("events", "mentions", "documents"):
        table.add_column(name, justify="right", no_wrap=True)
    for r in shown:
        table.add_row(
            Text(r.id),
            Text(r.name),
            r.kind,
            Text(r.admin1 or ""),
            r.country or "",
            str(r.events),
            str(r.mentions),
            str(r.documents),
        )
    out.print(table)
    out.print(f"{len(shown):,} of {_n(len(rows), 'place')}", style="dim", markup=False)


def _facts(out: Console, title: str, rows: list[tuple[str, Any]]) -> None:
    from rich.text import Text

    table = _table(out)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in rows:
        if value not in (None, "", [], {}):
            table.add_row(Text(name), Text(str(value)))
    out.rule(Text(title, style="bold"), align="left")
    out.print(table)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def _documents_section(
    out: Console, outlets: list[dict[str, Any]], docs: list[dict[str, Any]], total: int
) -> None:
    from rich.text import Text

    if not total:
        return
    out.print()
    out.print(
        Text(f"Named in {_n(total, 'document')}: ", style="bold")
        + Text(", ".join(f"{o['outlet'] or 'no outlet'} ({o['documents']})" for o in outlets))
    )
    table = _table(out)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet", overflow="fold")
    table.add_column("title", overflow="fold")
    table.add_column("mentions", justify="right")
    for d in docs:
        table.add_row(
            d["id"],
            d["published"] or "",
            Text(d["outlet"] or ""),
            Text(d["title"] or ""),
            str(d["mentions"]),
        )
    out.print(table)


def profile_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--events`` and ``--claims``: how much of a profile (actor or place) to show."""
    func = click.option(
        "--claims",
        "n_claims",
        default=10,
        show_default=True,
        type=click.IntRange(min=0),
        help="Claims to show.",
    )(func)
    return click.option(
        "--events",
        "recent",
        default=10,
        show_default=True,
        type=click.IntRange(min=0),
        help="Recent events to show.",
    )(func)


@click.command(
    "actor",
    epilog="""\b
Examples:
  dossier actor "Quds Force"
  dossier actor "Qods Force" --json       # spellings and aliases resolve alike
  dossier actor badr-organization --events 25
""",
)
@click.argument("name")
@profile_options
@db_option
@json_option
@_library_errors
def actor_command(name: str, recent: int, n_claims: int, db: Path, as_json: bool) -> None:
    """Profile one actor: aliases, kind, country, affiliations, events as actor1 and
    actor2, who it acts with and where, its claims, and who reports on it.

    NAME is an actor id, a name or an alias, in any of its spellings.
    """
    from rich.text import Text

    from dossier.analysis.views import actor_profile

    with _open(db) as store:
        p = actor_profile(store, name, recent=recent, claims=n_claims)
    if as_json:
        _echo_json(p.to_dict())
        return
    out = _console()
    a = p.actor
    affiliations = [
        f"{x['predicate']} {'→' if x['direction'] == 'out' else '←'} {x['actor']}"
        + (f" ({x['documents']} doc)" if x["source"] == "text" else " (kb)")
        for x in p.affiliations
    ]
    _facts(
        out,
        a.name,
        [
            ("id", a.id),
            ("kind", a.kind),
            ("country", a.country),
            ("knowledge base", a.kb_id),
            ("merged in", ", ".join(a.ids[1:])),
            ("aliases seen", ", ".join(x["alias"] for x in p.aliases)),
            ("affiliations", "\n".join(affiliations)),
            (
                "events",
                f"{p.events:,}" + (f" ({p.first_date} to {p.last_date})" if p.first_date else ""),
            ),
            ("as actor1", _counts(p.as_actor1)),
            ("as actor2", _counts(p.as_actor2)),
            ("acts with", ", ".join(f"{c['actor']} ({c['events']})" for c in p.counterparts)),
            ("where", ", ".join(f"{x['place']} ({x['events']})" for x in p.places)),
        ],
    )
    if p.recent_events:
        out.print()
        _events_table(out, p.recent_events, "Recent events")
    if p.claims:
        out.print()
        _claims_table(out, p.claims, "Claims")
    _documents_section(out, p.outlets, p.document_list, p.documents)
    if not p.events and not p.documents:
        out.print(Text("nothing in the record yet", style="dim"))


@click.command(
    "place",
    epilog="""\b
Examples:
  dossier place Diyala                 # the province and the towns in it
  dossier place Khaneqin --json        # spellings seen resolve alike
""",
)
@click.argument("name")
@profile_options
@db_option
@json_option
@_library_errors
def place_command(name: str, recent: int, n_claims: int, db: Path, as_json: bool) -> None:
    """Profile one place: spellings seen, events by type, the actors active there,
    the figures and claims about it, and who reports on it.

    NAME is a place id or a name; a province or country covers the places in it.
    """
    from dossier.analysis.views import place_profile

    with _open(db) as store:
        p = place_profile(store, name, recent=recent, claims=n_claims)
    if as_json:
        _echo_json(p.to_dict())
        return
    out = _console()
    pl = p.place
    where = ", ".join(x for x in (pl.admin1 if pl.kind != "province" else None, pl.country) if x)
    _facts(
        out,
        pl.name,
        [
            ("id", pl.id),
            ("kind", pl.kind + (f", covers {len(pl.ids) - 1} places" if len(pl.ids) > 1 else "")),
            ("in", where),
            (
                "coordinates",
                f"{pl.lat:.4f}, {pl.lon:.4f}"
                if pl.lat is not None and pl.lon is not None
                else None,
            ),
            ("spellings seen", ", ".join(f"{s['text']} ({s['mentions']})" for s in p.spellings)),
            (
                "events",
                f"{p.events:,}" + (f" ({p.first_date} to {p.last_date})" if p.first_date else ""),
            ),
            ("by type", _counts(p.by_type)),
            ("actors", ", ".join(f"{a['actor']} ({a['events']})" for a in p.actors)),
            ("figures", _counts(p.numbers)),
        ],
    )
    if p.recent_events:
        out.print()
        _events_table(out, p.recent_events, "Recent events")
    if p.claims:
        out.print()
        _claims_table(out, p.claims, "Claims")
    _documents_section(out, p.outlets, p.document_list, p.documents)


COMMANDS: list[click.Command] = [
    actors_command,
    actor_command,
    places_command,
    place_command,
    events_command,
    claims_command,
    timeline_command,
]
