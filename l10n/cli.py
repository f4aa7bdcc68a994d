"""The `l10n` command line: parses options, calls the rooms, prints. No logic of its own."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from l10n.errors import L10nError

app = typer.Typer(
    help="Localize English press releases into Chinese and Korean through gettext catalogs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Localize English press releases into Chinese and Korean through gettext catalogs."""


def _note(message: str) -> None:
    typer.echo(f"note: {message}", err=True)


@app.command("segment")
def segment_command(
    file: Annotated[Path, typer.Argument(help="The release: a .txt or .md file, as pasted from the web.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object: source, units, dropped.")] = False,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding of FILE (utf-8, cp949, gb18030 ...); detected when left out.")
    ] = None,
) -> None:
    """Split a release into translation units and show the page noise that was dropped.

    Example: l10n segment examples/xellsmart-sci-first-dosing-2025-07-28.txt --json
    """
    from l10n.document import read
    from l10n.segment import segment

    document = read(file, encoding=encoding)
    units = segment(document)
    if document.encoding_guessed:
        _note(f"{file}: not UTF-8; read as {document.encoding} (detected). Pass --encoding if the text looks wrong.")
    if as_json:
        payload = {
            "source": str(file),
            "encoding": document.encoding,
            "units": [{"id": u.id, "kind": u.kind, "text": u.text, "line": u.line} for u in units],
            "dropped": [{"line": d.line, "text": d.text, "reason": d.reason} for d in document.dropped],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return

    from rich.console import Console
    from rich.table import Table

    table = Table("line", "kind", "text", title=f"{file}: {len(units)} units", title_justify="left")
    for unit in units:
        table.add_row(str(unit.line), unit.kind, unit.text)
    console = Console()
    console.print(table)
    if document.dropped:
        noise = Table("line", "rule", "dropped text", title=f"{len(document.dropped)} lines of page noise dropped",
                      title_justify="left", style="dim")
        for line in document.dropped:
            noise.add_row(str(line.line), line.reason, line.text)
        console.print(noise)


def main() -> None:
    """Console entry point: a user's mistake is one line on stderr and exit status 2."""
    try:
        app()
    except L10nError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
