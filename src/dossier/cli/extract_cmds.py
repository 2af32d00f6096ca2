"""``dossier extract``: one JSON object per document on stdout."""

from __future__ import annotations

import json
import sys

import click

from dossier.cli.render import err_console, progress_bar, render_extraction
from dossier.ingest.base import DEFAULT_MAX_BYTES


@click.command(
    "extract",
    epilog="""\b
Examples:
  dossier extract report.txt                 # JSON Lines on stdout
  dossier extract reports/ feeds/*.jsonl > out.jsonl
  dossier extract report.html --pretty       # a readable report
  dossier extract report.txt --pretty --explain   # and why each event was coded so
  dossier extract report.txt --model en_core_web_sm   # add an installed spaCy model
""",
)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--pretty", is_flag=True, help="Print a readable report instead of JSON Lines.")
@click.option(
    "--model", default=None, help="An installed spaCy pipeline whose entities add to ours."
)
@click.option(
    "--explain",
    is_flag=True,
    help="Add to each event why: trigger, the rule for each role, the status cue.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no error lines on stderr.")
def extract_cmd(
    inputs: tuple[str, ...], pretty: bool, model: str | None, explain: bool, quiet: bool
) -> None:
    """Extract actors, places, dates, numbers, events and relations from files,
    folders or JSON Lines.

    Writes one JSON object per document (the document-extraction format in
    docs/extraction-format.md) to stdout. Files that cannot be read are named on
    stderr and skipped; the exit status is 1 if any failed. How events, their
    roles, status and confidence are coded: docs/events.md.
    """
    from dossier.extract.pipeline import extract_document, get_nlp
    from dossier.ingest.readers import expand_inputs, read_file

    try:
        get_nlp(model)
    except (ValueError, OSError) as e:
        raise click.ClickException(str(e)) from None
    files, errors = expand_inputs(inputs)
    failed = len(errors)
    if not quiet:
        for e in errors:
            err_console.print(f"[red]error[/red] {e}", highlight=False)
    out = sys.stdout
    with progress_bar("Extracting", total=len(files), disable=quiet or len(files) < 2) as advance:
        for path in files:
            for item in read_file(path, DEFAULT_MAX_BYTES):
                if not hasattr(item, "text"):
                    failed += 1
                    if not quiet:
                        err_console.print(f"[red]error[/red] {item}", highlight=False)
                    continue
                record = extract_document(item, model=model)
                if pretty:
                    render_extraction(record, item.text, explain=explain)
                else:
                    out.write(json.dumps(record.to_dict(explain), ensure_ascii=False) + "\n")
            advance()
    if failed:
        sys.exit(1)


COMMANDS: list[click.Command] = [extract_cmd]
