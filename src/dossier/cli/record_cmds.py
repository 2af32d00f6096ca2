"""Commands over the extracted record: ``reextract`` and the ``curate`` group.

Thin on purpose: they parse options, call :mod:`dossier.store.record` and
:mod:`dossier.analysis.resolve`, and print what changed. Corrections are stored as
data (``curations``) and replayed after every re-extraction; see ``docs/record.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dossier.cli.corpus_cmds import _console, _echo_json, _open, db_option, json_option


@click.command(
    "reextract",
    epilog="""\b
Examples:
  dossier reextract --db dossier.db          # only stale or missing records
  dossier reextract --all                    # every document
  dossier reextract --errors --json          # also retry failed extractions
""",
)
@db_option
@click.option("--all", "everything", is_flag=True, help="Re-extract every document.")
@click.option("--errors", is_flag=True, help="Also retry documents whose extraction failed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@json_option
def reextract_command(db: Path, everything: bool, errors: bool, quiet: bool, as_json: bool) -> None:
    """Re-run extraction where the stored record is stale.

    A record is stale when it was made by another extractor version or another
    version of the knowledge files (actor YAML, extraction rules, gazetteer data), or
    is missing (documents ingested with --no-extract). Each document's record is
    replaced in one transaction and the analyst's corrections are replayed on it.
    Running it twice changes nothing the second time.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    err = _console(stderr=True)
    bar = Progress(
        TextColumn("re-extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        console=err,
        transient=True,
        disable=quiet or as_json or not err.is_terminal,
    )
    task = bar.add_task("reextract", total=None)

    def progress(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with _open(db) as store, bar:
        summary = store.extract_pending(everything=everything, errors=errors, progress=progress)
    if as_json:
        _echo_json(summary.to_dict())
        return
    if quiet:
        return
    for doc_id, message in summary.error_messages:
        err.print(f"{doc_id}: extraction failed: {message}", markup=False, soft_wrap=True)
    _console().print(
        f"{summary.message()} ({summary.seconds:.1f} s; extractor {summary.extractor_version}, "
        f"knowledge {summary.kb_version})",
        markup=False,
        soft_wrap=True,
    )


@click.group(
    "curate",
    epilog="""\b
Examples:
  dossier curate merge "Abu Haydar" "Badr Organization"
  dossier curate alias quds-force "Sepah-e Qods"
  dossier curate split kataib-hezbollah "Kataib Hezbollah al-Nujaba" --name "Nujaba"
  dossier curate wrong 3f2a9c0d1e2b4a5f:e2
  dossier curate list
  dossier curate undo 3
""",
)
def curate_group() -> None:
    """Correct the record: merge actors, add spellings, split names off, mark events
    wrong. Corrections are stored and replayed after every re-extraction, so they
    survive `dossier reextract`. ACTOR is an id (quds-force, "x:abu haidar"), a name
    or a stored spelling."""


note_option = click.option("--note", help="Why: kept with the correction.")


def _curate(db: Path, as_json: bool, action: Any, *args: Any, note: str | None) -> None:
    from dossier.analysis.resolve import CurationError

    with _open(db) as store, store.transaction() as conn:
        try:
            cur, changed = action(conn, *args, note=note)
        except CurationError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json({**cur.to_dict(), "rows_changed": changed})
        return
    _console().print(
        f"curation {cur.id}: {cur.describe()} ({changed} row{'' if changed == 1 else 's'} changed)",
        markup=False,
        soft_wrap=True,
    )


@curate_group.command(
    "merge",
    epilog="""\b
Example:
  dossier curate merge "x:abu hasan" "Abu Hassan al-Ameri" --db dossier.db
""",
)
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@db_option
@note_option
@json_option
def merge_command(source: str, target: str, db: Path, note: str | None, as_json: bool) -> None:
    """Merge actor A into actor B: everything that names A names B."""
    from dossier.analysis.resolve import curate_merge

    _curate(db, as_json, curate_merge, source, target, note=note)


@curate_group.command(
    "alias",
    epilog="""\b
Example:
  dossier curate alias "Badr Organization" "Faylaq Badr" --db dossier.db
""",
)
@click.argument("actor", metavar="ACTOR")
@click.argument("spelling")
@db_option
@note_option
@json_option
def alias_command(actor: str, spelling: str, db: Path, note: str | None, as_json: bool) -> None:
    """Add SPELLING as a name of ACTOR; actors found under that spelling outside the
    knowledge base become ACTOR, now and in later extractions."""
    from dossier.analysis.resolve import curate_alias

    _curate(db, as_json, curate_alias, actor, spelling, note=note)


@curate_group.command(
    "split",
    epilog="""\b
Example:
  dossier curate split "Ali Hassan" "Ali Hassan al-Jubouri" --name "Ali Hassan al-Jubouri" --db dossier.db
""",
)
@click.argument("actor", metavar="ACTOR")
@click.argument("spellings", nargs=-1, required=True)
@click.option("--name", required=True, help="The name of the actor the spellings belong to.")
@db_option
@note_option
@json_option
def split_command(
    actor: str, spellings: tuple[str, ...], name: str, db: Path, note: str | None, as_json: bool
) -> None:
    """Move the mentions of ACTOR written as one of SPELLINGS (case, accents and
    spacing aside) to a new actor called --name."""
    from dossier.analysis.resolve import curate_split

    _curate(db, as_json, curate_split, actor, list(spellings), name, note=note)


@curate_group.command(
    "wrong",
    epilog="""\b
Example:
  dossier curate wrong 9b6dd451e0411373:e4 --db dossier.db
""",
)
@click.argument("event_id")
@db_option
@note_option
@json_option
def wrong_command(event_id: str, db: Path, note: str | None, as_json: bool) -> None:
    """Mark an event wrong (EVENT_ID as <document id>:e1). Wrong events stay stored
    but are left out of views; the mark survives re-extraction."""
    from dossier.analysis.resolve import curate_event_wrong

    _curate(db, as_json, curate_event_wrong, event_id, note=note)


@curate_group.command(
    "list",
    epilog="""\b
Example:
  dossier curate list --db dossier.db
""",
)
@db_option
@json_option
def list_command(db: Path, as_json: bool) -> None:
    """List the stored corrections, in the order they are replayed."""
    from dossier.analysis.resolve import list_curations

    with _open(db) as store, store.engine.connect() as conn:
        found = list_curations(conn)
    if as_json:
        _echo_json([c.to_dict() for c in found])
        return
    out = _console()
    if not found:
        out.print("no corrections stored", markup=False)
        return
    for c in found:
        when = c.created_at.strftime("%Y-%m-%d %H:%M") if c.created_at else ""
        note = f"  ({c.note})" if c.note else ""
        out.print(f"{c.id:>4}  {when}  {c.describe()}{note}", markup=False, soft_wrap=True)


@curate_group.command(
    "undo",
    epilog="""\b
Example:
  dossier curate undo 3 --db dossier.db
""",
)
@click.argument("curation_id", metavar="ID", type=int)
@db_option
@json_option
def undo_command(curation_id: int, db: Path, as_json: bool) -> None:
    """Remove correction ID: the documents it touched are re-extracted and the other
    corrections replayed."""
    from dossier.analysis.resolve import CurationError
    from dossier.store.record import undo_curation

    with _open(db) as store:
        try:
            cur, summary = undo_curation(store, curation_id)
        except CurationError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json({"undone": cur.to_dict(), "reextract": summary.to_dict()})
        return
    _console().print(
        f"undid curation {cur.id}: {cur.describe()}; "
        f"re-extracted {summary.considered} document{'' if summary.considered == 1 else 's'}",
        markup=False,
        soft_wrap=True,
    )


COMMANDS: list[click.Command] = [reextract_command, curate_group]
