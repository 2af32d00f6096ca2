"""Commands over the stored corpus: ingest, search, docs, show, stats.

Thin on purpose: each command parses its options, calls :mod:`dossier.store` or
:func:`dossier.ingest.pipeline.ingest`, and renders the result with rich (or as JSON
with ``--json``). Library errors become one-line ``click.ClickException`` messages.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console

    from dossier.store import Store

DEFAULT_DB = "dossier.db"

db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    envvar="DOSSIER_DB",
    show_default=True,
    show_envvar=True,
    help="The database file.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_size(text: str) -> int:
    """``"50MB"`` -> bytes (binary multiples: 1 MB = 1,048,576 bytes)."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"not a size: {text!r} (try 50MB, 500KB or 1GB)")
    return int(float(match[1]) * _UNITS[match[2].lower()])


def _size_option(ctx: click.Context, param: click.Parameter, value: str) -> int:
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _open(db: Path, *, create: bool = False) -> Store:
    from dossier.store import Store, StoreError

    try:
        return Store(db, create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.command(
    "ingest",
    epilog="""\b
Example:
  dossier ingest reports/ extra.jsonl --db dossier.db
  dossier ingest reports/ --json --quiet > summary.json
""",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--max-size",
    "max_bytes",
    default="50MB",
    show_default=True,
    callback=_size_option,
    help="Skip (and report) files larger than this.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the summary as one JSON object on stdout."
)
@click.option(
    "--no-extract",
    is_flag=True,
    help="Store documents only, faster; `dossier reextract` extracts them later.",
)
def ingest_command(
    paths: tuple[Path, ...], db: Path, max_bytes: int, quiet: bool, as_json: bool, no_extract: bool
) -> None:
    """Read files and folders (txt, html, pdf, JSON Lines) into the database.

    Each document is stored once: content already stored is skipped, so re-running
    after an interruption stores only the rest. Syndicated copies are stored and
    linked to their earliest version; documents in other languages are stored and
    marked. Bad files are reported one per line as path[:line]: reason, and the
    batch goes on; the exit status is 1 if any failed.

    Each new English document is extracted and its record (actors, places, events,
    numbers, relations) stored with it, in the same transaction; --no-extract skips
    that. A document whose extraction fails is stored, reported and marked as an
    error (retry with `dossier reextract --errors`).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from dossier.ingest.pipeline import IngestInterrupted, ingest

    err = _console(stderr=True)
    bar = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files  {task.fields[name]}"),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )
    task = bar.add_task("ingest", total=None, name="")

    def progress(done: int, total: int, path: Path | None) -> None:
        bar.update(task, completed=done, total=total, name=path.name if path else "")

    def on_error(error: Any) -> None:
        if not as_json:
            err.print(str(error), markup=False, soft_wrap=True)

    with _open(db, create=True) as store, bar:
        try:
            summary = ingest(
                paths,
                store,
                max_bytes=max_bytes,
                progress=progress,
                on_error=on_error,
                extract=not no_extract,
            )
        except KeyboardInterrupt as exc:
            bar.stop()
            done = exc.summary.message() if isinstance(exc, IngestInterrupted) else "stopped"
            err.print(
                f"interrupted: {done}; run the same command again to store the rest",
                markup=False,
                soft_wrap=True,
            )
            sys.exit(130)
    if as_json:
        _echo_json({**summary.to_dict(), "db": str(store.path or store.url)})
    elif not quiet:
        out = _console()
        out.print(
            f"{summary.message()} ({summary.seconds:.1f} s) in {store.path or store.url}",
            markup=False,
            soft_wrap=True,
        )
    if summary.failed:
        sys.exit(1)


@click.command(
    "search",
    epilog="""\b
Example:
  dossier search "Quds Force AND Diyala" --db dossier.db
  dossier search '"Popular Mobilization" NOT protest' --limit 5
  dossier search 'Kata* OR title:militia' --json
""",
)
@click.argument("query")
@db_option
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(min=1))
@json_option
def search_command(query: str, db: Path, limit: int, as_json: bool) -> None:
    """Full-text search of titles and texts, best match first.

    QUERY uses SQLite FTS5 syntax: words (all must occur), "exact phrases",
    AND / OR / NOT (upper case), prefix* and title: or text: filters. Put names
    with hyphens or apostrophes in double quotes: '"al-Maliki"'.
    """
    from rich.text import Text

    from dossier.store import SearchError

    with _open(db) as store:
        try:
            hits = store.search(query, limit=limit)
        except SearchError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json({"query": query, "count": len(hits), "hits": [h.to_dict() for h in hits]})
        return
    out = _console()
    if not hits:
        out.print(f"no documents match {query}", markup=False)
        return
    for rank, hit in enumerate(hits, 1):
        head = Text(f"{rank}. ", style="bold")
        head.append(hit.id, style="cyan")
        head.append("  ")
        head.append(hit.title or "(untitled)", style="bold")
        details = [x for x in (hit.outlet, hit.published) if x]
        if details:
            head.append(f"  {', '.join(details)}", style="dim")
        head.append(_markers(hit.language, hit.near_duplicate_of), style="magenta")
        snippet = Text("   " + hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start + 3, end + 3)
        out.print(head)
        out.print(snippet)


def _markers(language: str | None, near_duplicate_of: str | None) -> str:
    marks = []
    if language not in (None, "", "en"):
        marks.append(f"[{language}]")
    if near_duplicate_of:
        marks.append(f"≈{near_duplicate_of[:10]}")
    return ("  " + " ".join(marks)) if marks else ""


@click.command(
    "docs",
    epilog="""\b
Example:
  dossier docs --db dossier.db
  dossier docs --limit 20 --json

In the last column, [fr] marks a document not in English (stored, not extracted)
and ≈ID a near-duplicate of document ID (a syndicated copy).
""",
)
@db_option
@click.option("--limit", "-n", type=click.IntRange(min=1), help="Show at most this many.")
@json_option
def docs_command(db: Path, limit: int | None, as_json: bool) -> None:
    """List the stored documents in the order they were ingested."""
    from rich.table import Table
    from rich.text import Text

    with _open(db) as store:
        docs = store.documents(limit=limit)
        total = store.count()
    if as_json:
        _echo_json([d.to_dict() for d in docs])
        return
    out = _console()
    # Fixed columns keep their width; title and outlet share the rest (2:1).
    rest = max(out.width - 16 - 10 - 6 - 11 - 2 * 5, 24)
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name, options in (
        ("id", {"style": "cyan", "width": 16}),
        ("title", {"width": rest * 2 // 3}),
        ("outlet", {"width": rest - rest * 2 // 3}),
        ("date", {"width": 10}),
        ("words", {"justify": "right", "width": 6}),
        ("", {"style": "magenta", "width": 11}),
    ):
        table.add_column(name, no_wrap=True, overflow="ellipsis", **options)
    for d in docs:
        cells = (d.id, d.title or d.name, d.outlet, d.published, str(d.words))
        marks = _markers(d.language, d.near_duplicate_of).strip()
        table.add_row(*(Text(cell or "") for cell in (*cells, marks)))
    out.print(table)
    out.print(f"{len(docs)} of {total} documents", style="dim", markup=False)


@click.command(
    "show",
    epilog="""\b
Example:
  dossier show 3f2a9c --db dossier.db
  dossier show report-12.txt --json
""",
)
@click.argument("doc_id", metavar="ID")
@db_option
@json_option
def show_command(doc_id: str, db: Path, as_json: bool) -> None:
    """Show one document's metadata and text.

    ID is a document id, a unique prefix of one, or a unique file name.
    """
    from rich.table import Table
    from rich.text import Text

    from dossier.store import StoreError

    with _open(db) as store:
        try:
            doc = store.get(doc_id)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json(doc.to_dict())
        return
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    language = doc.language or "unknown"
    if not doc.is_english:
        language += " (not in English: stored, not extracted)"
    rows: list[tuple[str, Any]] = [
        ("id", doc.id),
        ("title", doc.title),
        ("outlet", doc.outlet),
        ("published", doc.published),
        ("url", doc.url),
        ("source", doc.source),
        ("format", doc.format),
        ("language", language),
        ("words", doc.words),
        ("near-duplicate of", doc.near_duplicate_of),
        ("ingested", doc.ingested_at.isoformat(timespec="seconds") if doc.ingested_at else None),
    ]
    rows += [(f"meta.{k}", json.dumps(v, ensure_ascii=False)) for k, v in sorted(doc.meta.items())]
    for name, value in rows:
        if value not in (None, ""):
            table.add_row(Text(name), Text(str(value)))
    out = _console()
    out.print(table)
    out.rule(style="dim")
    out.print(Text(doc.text))


@click.command(
    "stats",
    epilog="""\b
Example:
  dossier stats --db dossier.db
  dossier stats --json
""",
)
@db_option
@json_option
def stats_command(db: Path, as_json: bool) -> None:
    """Count the stored documents by format, language, outlet and year."""
    from rich.table import Table
    from rich.text import Text

    with _open(db) as store:
        stats = store.stats()
    if as_json:
        _echo_json(stats.to_dict())
        return
    out = _console()
    out.print(
        f"{_n(stats.documents, 'document')}, {_n(stats.words, 'word')}, "
        f"{_n(stats.near_duplicates, 'near-duplicate')}, {stats.non_english:,} not in English, "
        f"{_n(stats.ingest_runs, 'ingest run')}",
        markup=False,
    )
    for title, counts in (
        ("format", stats.by_format),
        ("language", stats.by_language),
        ("year", stats.by_year),
        ("outlet", stats.by_outlet),
    ):
        if not counts:
            continue
        table = Table(title=f"by {title}", title_justify="left", box=None, pad_edge=False)
        table.add_column(title, overflow="ellipsis", max_width=40)
        table.add_column("documents", justify="right")
        for key, n in counts.items():
            table.add_row(Text(key), str(n))
        out.print()
        out.print(table)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


COMMANDS: list[click.Command] = [
    ingest_command,
    search_command,
    docs_command,
    show_command,
    stats_command,
]
