"""The ``dossier`` command: a thin shell over the library.

Each area registers its commands from its own module, so that this file only
assembles them. Commands parse arguments, call the library and render results;
library errors become ``click.ClickException`` with a hint.
"""

from __future__ import annotations

import click

from dossier import __version__


class DossierGroup(click.Group):
    """Turns the library's known errors into one-line messages, not tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        from dossier.knowledge.loader import KBError

        try:
            return super().invoke(ctx)
        except KBError as e:
            raise click.ClickException(f"knowledge base: {e}") from None


@click.group(
    cls=DossierGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  dossier ingest examples/ --db dossier.db
  dossier search "Quds Force AND Diyala" --db dossier.db
  dossier extract report.txt --pretty
""",
)
@click.version_option(__version__, prog_name="dossier")
def main() -> None:
    """Dossier turns conflict reports into a sourced record: who did what to whom,
    where, when, how many, and who says so, every fact tied to the words that state it."""


def _register() -> None:
    from dossier.cli import corpus_cmds, export_cmds, extract_cmds, kb_cmds, record_cmds, view_cmds

    for module in (corpus_cmds, extract_cmds, kb_cmds, export_cmds, record_cmds, view_cmds):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
