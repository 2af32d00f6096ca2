"""``dossier kb``: check the knowledge files and see how a name resolves."""

from __future__ import annotations

import json
import sys

import click

from dossier.cli.render import console


@click.group("kb")
def kb_group() -> None:
    """Check the knowledge files and see how a name resolves, and why."""


@kb_group.command(
    "check",
    epilog="""\b
Example:
  dossier kb check
  DOSSIER_KB_PATH=my_actors/ dossier kb check
""",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable result.")
def kb_check(as_json: bool) -> None:
    """Validate every knowledge file (actors, rules, lexicons, places); exit 1 on an error."""
    from dossier.export.acled_map import load_acled_map
    from dossier.extract import dates
    from dossier.extract.actors import load_actor_rules
    from dossier.extract.attribution import load_attribution_data
    from dossier.extract.events import load_lexicon
    from dossier.extract.numbers import load_numbers_data
    from dossier.extract.relations import load_relation_rules
    from dossier.knowledge.loader import KBError, load_kb

    kb = None
    errors: list[str] = []
    # every file is checked, so that one run lists every problem
    for load in (
        load_kb,
        load_actor_rules,
        load_lexicon,
        load_numbers_data,
        load_attribution_data,
        load_relation_rules,
        load_acled_map,
        dates._load,
    ):
        try:
            loaded = load()
        except (KBError, ValueError) as e:
            errors.append(str(e))
            continue
        if load is load_kb:
            kb = loaded
    if errors or kb is None:
        if as_json:
            click.echo(json.dumps({"ok": False, "errors": errors, "error": errors[0]}))
        else:
            for err in errors:
                console.print(f"[red]error[/red] {err}", highlight=False)
        sys.exit(1)
    kinds: dict[str, int] = {}
    for a in kb.actors.values():
        kinds[a.kind] = kinds.get(a.kind, 0) + 1
    result = {
        "ok": True,
        "files": kb.files,
        "actors": len(kb.actors),
        "aliases": sum(len(v) for v in kb.keys.values()),
        "by_kind": kinds,
        "warnings": kb.warnings,
    }
    try:
        from dossier.geo.gazetteer import load_gazetteer

        gaz = load_gazetteer()
        result["places"] = len(gaz)
    except (ImportError, TypeError):  # pragma: no cover - gazetteer without len()
        pass
    if as_json:
        click.echo(json.dumps(result, indent=1))
        return
    console.print(
        f"[green]ok[/green] {len(kb.files)} files, {len(kb.actors)} actors", highlight=False
    )
    for k, v in sorted(kinds.items()):
        console.print(f"  {k:20s} {v}")
    if "places" in result:
        console.print(f"  gazetteer: {result['places']} places")
    for w in kb.warnings:
        console.print(f"[yellow]warning[/yellow] {w}", highlight=False)


@kb_group.command(
    "actors",
    epilog="""\b
Examples:
  dossier kb actors "Qods Force"
  dossier kb actors "Brigadier General Iraj Masjedi"
  dossier kb actors soleimani
""",
)
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable result.")
def kb_actors(query: str, as_json: bool) -> None:
    """Show how a name resolves to an actor, through which alias or rule."""
    from dossier.extract.pipeline import actor_matcher
    from dossier.knowledge.loader import get_kb
    from dossier.normalize import name_key

    if len(query.strip()) < 2:
        raise click.UsageError(
            'give a name of at least two characters, e.g. dossier kb actors "Qods Force"'
        )
    kb = get_kb()
    rows = []
    for actor, entry in kb.resolve(query):
        rows.append(
            {
                "id": actor.id,
                "name": actor.name,
                "kind": actor.kind,
                "country": actor.country,
                "matched": entry.surface,
                "rule": entry.rule,
                "key": name_key(query),
                "file": actor.file,
                "source": actor.source,
                "affiliations": actor.affiliations,
            }
        )
    if not rows:
        # not a name in the knowledge base: show what the rules make of it as text
        result = actor_matcher().find(query)
        for h in result.hits:
            rows.append(
                {
                    "id": h.key,
                    "name": h.name,
                    "kind": h.kind,
                    "country": h.country,
                    "matched": query[h.start : h.end],
                    "rule": h.rule,
                    "key": name_key(query[h.start : h.end]),
                }
            )
    if not rows:
        qk = query.lower()
        for a in kb.actors.values():
            if qk in a.name.lower() or any(qk in s.lower() for s in a.aliases + a.acronyms):
                rows.append(
                    {
                        "id": a.id,
                        "name": a.name,
                        "kind": a.kind,
                        "country": a.country,
                        "matched": "substring of name or alias",
                        "rule": "search",
                    }
                )
    if as_json:
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
    elif not rows:
        console.print(f"No actor found for {query!r} (key {name_key(query)!r}).", highlight=False)
    else:
        for r in rows:
            console.print(
                f"[bold]{r['name']}[/bold] ({r['kind']}, {r.get('country') or '-'}) id={r['id']}\n"
                f"  matched {r['matched']!r} by rule [cyan]{r['rule']}[/cyan]"
                + (f", key {r['key']!r}" if r.get("key") else "")
                + (f"\n  file {r['file']}" if r.get("file") else ""),
                highlight=False,
            )
    if not rows:
        sys.exit(1)


@kb_group.command(
    "places",
    epilog="""\b
Example:
  dossier kb places Khaneqain
""",
)
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable result.")
def kb_places(query: str, as_json: bool) -> None:
    """Show the gazetteer entries a place name resolves to."""
    from dataclasses import asdict, is_dataclass

    from dossier.geo.gazetteer import load_gazetteer

    cands = load_gazetteer().lookup(query)
    rows = [asdict(c) if is_dataclass(c) else dict(vars(c)) for c in cands]
    if as_json:
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False, default=str))
    elif not rows:
        console.print(f"No place found for {query!r}.", highlight=False)
    else:
        for r in rows:
            console.print(
                "  ".join(
                    f"{k}={v}"
                    for k, v in r.items()
                    if k
                    in (
                        "name",
                        "kind",
                        "admin1",
                        "country",
                        "lat",
                        "lon",
                        "geonames_id",
                        "population",
                        "source",
                    )
                ),
                highlight=False,
            )
    if not rows:
        sys.exit(1)


COMMANDS: list[click.Command] = [kb_group]
