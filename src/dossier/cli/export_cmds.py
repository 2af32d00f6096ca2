"""``dossier export``: the record as CSV (ACLED columns), JSON Lines, GeoJSON,
GraphML/GEXF or Parquet, through :func:`dossier.export.export`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dossier.cli.corpus_cmds import _console, _open, db_option

FORMATS = ("csv", "jsonl", "geojson", "graphml", "gexf", "parquet")
_SUFFIXES = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".geojson": "geojson",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".parquet": "parquet",
}


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated options and comma-separated lists both work: --type ASSAULT,COERCE."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


@click.command(
    "export",
    epilog="""\b
Examples:
  dossier export --format csv -o events.csv --db dossier.db
  dossier export -o events.csv --type ASSAULT --since 2014-06 --until 2014-12
  dossier export --format jsonl -o - --actor "Quds Force" | jq .evidence.text
  dossier export --format geojson -o events.geojson --place Diyala
  dossier export --format gexf -o network.gexf --min-confidence 0.6
  dossier export --format parquet -o exports/          # exports/events.parquet, ...
  dossier export --format parquet -o exports/run1      # exports/run1_events.parquet, ...
  dossier export --format csv --acled-only --no-header -o - >> acled_download.csv
""",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    help="Output format (default: from the -o file's extension).",
)
@click.option(
    "--output",
    "-o",
    "out",
    required=True,
    help="Output file; '-' for standard output (csv, jsonl, geojson); for parquet a folder "
    "or a file prefix.",
)
@db_option
@click.option(
    "--type", "types", multiple=True, help="PLOVER event type (repeatable, or comma-separated)."
)
@click.option(
    "--actor",
    "actors",
    multiple=True,
    help="Actor id, name or alias, as actor1 or actor2 (repeatable).",
)
@click.option(
    "--place",
    "places",
    multiple=True,
    help="Place id or name, province, or ISO alpha-3 country code (repeatable).",
)
@click.option("--since", help="Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    help="asserted, claimed, denied, planned or hypothetical (repeatable, or comma-separated). "
    "The CSV defaults to asserted and claimed: what ACLED would record as having happened.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    help="Leave out events with a lower confidence (0-1).",
)
@click.option("--include-wrong", is_flag=True, help="Keep events an analyst marked wrong.")
@click.option(
    "--per-claim",
    is_flag=True,
    help="One row per claim (the earliest report's event), not one per report.",
)
@click.option(
    "--no-claims",
    is_flag=True,
    help="Skip the claims analysis: every row counts 1 report of 1 origin (faster).",
)
@click.option("--acled-only", is_flag=True, help="csv: only ACLED's 31 columns, not Dossier's.")
@click.option("--no-header", is_flag=True, help="csv: no header line (to append to a file).")
@click.option(
    "--acled-map",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An edited copy of the PLOVER -> ACLED mapping (export/data/acled_map.yaml).",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stderr.")
def export_command(
    fmt: str | None,
    out: str,
    db: Path,
    types: tuple[str, ...],
    actors: tuple[str, ...],
    places: tuple[str, ...],
    since: str | None,
    until: str | None,
    statuses: tuple[str, ...],
    min_confidence: float | None,
    include_wrong: bool,
    per_claim: bool,
    no_claims: bool,
    acled_only: bool,
    no_header: bool,
    acled_map: Path | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Export the extracted events, actors and network to a file.

    The filters narrow the events: every option given must hold, and a repeated
    option means any of its values. Events an analyst marked wrong are left out
    unless --include-wrong. Each row is one report of an event, with the number of
    reports and independent origins of its claim (--per-claim: one row per claim).
    The summary goes to stderr, so '-o -' pipes cleanly.
    See docs/export.md for each format's columns and the ACLED mapping.
    """
    from dossier.export import ExportError, FilterError, export
    from dossier.export.filters import EventFilter

    fmt = (fmt or _SUFFIXES.get(Path(out).suffix.lower(), "")).lower()
    if not fmt:
        raise click.UsageError(
            f"cannot tell the format from {out!r}: give --format ({', '.join(FORMATS)})"
        )
    if (acled_only or no_header) and fmt != "csv":
        raise click.UsageError("--acled-only and --no-header apply to --format csv only")
    if per_claim and no_claims:
        raise click.UsageError("--per-claim and --no-claims cannot be used together")
    if (per_claim or no_claims) and fmt in ("graphml", "gexf"):
        raise click.UsageError(
            "--per-claim and --no-claims apply to the event formats, not the network"
        )
    try:
        flt = EventFilter(
            types=_split(types),
            actors=actors,
            places=places,
            since=since,
            until=until,
            # ACLED records what happened: by default the CSV leaves out denied,
            # planned and hypothetical events (ask for them with --status)
            statuses=_split(statuses) or (("asserted", "claimed") if fmt == "csv" else ()),
            min_confidence=min_confidence,
            include_wrong=include_wrong,
        )
    except FilterError as exc:
        raise click.BadParameter(str(exc)) from None
    options: dict[str, object] = {"mapping": acled_map}
    if fmt not in ("graphml", "gexf"):
        options.update(claims=not no_claims, per_claim=per_claim)
    if fmt == "csv":
        options.update(acled_only=acled_only, header=not no_header)
    with _open(db) as store:
        try:
            result = export(fmt, store, out, flt, **options)
        except (ExportError, FilterError) as exc:
            raise click.ClickException(str(exc)) from None
    err = _console(stderr=True)
    if as_json:
        click.echo(json.dumps({**result.to_dict(), "filters": flt.describe()}), err=True)
    elif not quiet:
        err.print(f"{result.message()} ({flt.describe()})", markup=False, soft_wrap=True)


COMMANDS: list[click.Command] = [export_command]
