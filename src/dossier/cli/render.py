"""Terminal rendering shared by the commands: progress bars, tables, reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from dossier.model import Extraction

console = Console()
err_console = Console(stderr=True)


@contextmanager
def progress_bar(label: str, total: int, disable: bool = False) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr; yields a function that advances it by one."""
    if disable:
        yield lambda: None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )
    with progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def render_extraction(rec: Extraction, text: str, explain: bool = False) -> None:
    """A readable report of one document's extraction."""
    console.rule(f"[bold]{rec.title or rec.doc}")
    meta = [f"doc: {rec.doc}"]
    for k in ("outlet", "published", "url", "language"):
        v = getattr(rec, k)
        if v:
            meta.append(f"{k}: {v}")
    console.print("  ".join(meta), highlight=False)
    if rec.actors:
        t = Table(title="Actors", title_justify="left")
        for c in ("name", "kind", "country", "mentions", "spellings seen"):
            t.add_column(c)
        for a in rec.actors:
            t.add_row(a.name, a.kind, a.country or "", str(len(a.mentions)), ", ".join(a.aliases))
        console.print(t)
    if rec.places:
        t = Table(title="Places", title_justify="left")
        for c in ("name", "kind", "admin1", "country", "lat, lon", "spellings seen"):
            t.add_column(c)
        for p in rec.places:
            ll = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else ""
            t.add_row(p.name, p.kind, p.admin1 or "", p.country or "", ll, ", ".join(p.aliases))
        console.print(t)
    if rec.dates:
        t = Table(title="Dates", title_justify="left")
        for c in ("text", "resolved", "precision"):
            t.add_column(c)
        for d in rec.dates:
            t.add_row(d.text, d.value or "(no anchor)", d.precision or "")
        console.print(t)
    if rec.numbers:
        t = Table(title="Numbers", title_justify="left")
        for c in ("value", "kind", "about", "approx.", "evidence"):
            t.add_column(c)
        for n in rec.numbers:
            t.add_row(
                f"{n.value:,.0f}",
                n.kind,
                n.about or "",
                "yes" if n.approximate else "",
                n.evidence.text,
            )
        console.print(t)
    if rec.events:
        t = Table(title="Events", title_justify="left")
        for c in ("type", "actor1", "actor2", "place", "date", "status", "evidence"):
            t.add_column(c)
        for e in rec.events:
            t.add_row(
                e.type,
                e.actor1 or "",
                e.actor2 or "",
                e.place or "",
                e.date or "",
                e.status,
                e.evidence.text,
            )
        console.print(t)
        if explain:
            for e in rec.events:
                why = "; ".join(f"{k}: {v}" for k, v in e.explain.items() if v)
                console.print(
                    f"[bold]{e.id}[/bold] {e.type} ({e.confidence:.2f}) {why}", highlight=False
                )
    if rec.relations:
        t = Table(title="Relations", title_justify="left")
        for c in ("subject", "predicate", "object", "evidence"):
            t.add_column(c)
        for r in rec.relations:
            t.add_row(r.subject, r.predicate, r.object, r.evidence.text)
        console.print(t)
