"""The `l10n` command line: parses options, calls the rooms, prints. No logic of its own."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from l10n.errors import L10nError, counted, noun



def _app(help: str) -> typer.Typer:
    """A command group. Help is click's plain text, which rewraps paragraphs to the terminal and
    shows names in brackets as written; rich's panels kept manual line breaks, ate `[engines.*]`
    as markup and cost 60 ms of imports at every start."""
    return typer.Typer(help=help, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                       rich_markup_mode=None)


app = _app("Localize English press releases into Chinese and Korean through gettext catalogs.")


@app.callback()
def _callback() -> None:
    """Localize English press releases into Chinese and Korean through gettext catalogs."""


Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]


def _note(message: str) -> None:
    typer.echo(f"note: {message}", err=True)


def _releases(files: list[Path], quiet: bool = False) -> list[Path]:
    """The releases among `files` and the folders named; say which files of those folders were skipped, and why."""
    from l10n import pipeline

    found, skipped = pipeline.releases(files)
    if skipped and not quiet:
        shown = ", ".join(f"{path.name} ({what})" for path, what in skipped[:5])
        more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        _note(f"skipped {counted(len(skipped), 'file')} that {noun(len(skipped), 'is not a release', 'are not releases')}: "
              f"{shown}{more}")
    return found


def _table(columns: Sequence[str], groups: dict[str, list[list]]) -> str:
    """Rows of counts under the name they belong to: each name (a release, a catalog) on a line of
    its own, its rows (a locale, then numbers aligned right) indented below, so the table stays
    within 80 columns however long the names are, and no name is ever cut."""
    rows = [row for group in groups.values() for row in group]
    first = max(len("locale"), *(len(str(row[0])) for row in rows)) + 2
    widths = [max(len(column), *(len(f"{row[i + 1]:,}" if isinstance(row[i + 1], int) else str(row[i + 1]))
                                 for row in rows)) for i, column in enumerate(columns)]

    def line(cells: Sequence) -> str:
        shown = [f"{cell:,}" if isinstance(cell, int) else str(cell) for cell in cells[1:]]
        return f"  {cells[0]:<{first - 2}}" + "".join(f"  {cell:>{width}}" for cell, width in zip(shown, widths))

    out = [line(["locale", *columns])]
    for name, group in groups.items():
        out += [name, *(line(row) for row in group)]
    return "\n".join(text.rstrip() for text in out)


def _progress(total: int) -> Callable[[str | None], None] | None:
    """A one-line `[3/10] release.txt → zh_CN` on a terminal's standard error, rewritten at each step
    and cleared by `step(None)`; None where standard error is not a terminal (logs, pipes, CI)."""
    if not sys.stderr.isatty():
        return None
    import shutil

    done, width = 0, shutil.get_terminal_size().columns - 1

    def step(what: str | None) -> None:
        nonlocal done
        if what is None:
            sys.stderr.write("\r\x1b[K")
        else:
            done += 1
            sys.stderr.write(f"\r\x1b[K{f'[{done}/{total}] {what}'[:width]}")
        sys.stderr.flush()

    return step


def _emit(text: str, output: Path | None, said: str, quiet: bool = False) -> None:
    """Print `text`, or write it to `output` and say `said` on standard error."""
    from l10n.files import write_text

    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text(output, text)
        if not quiet:
            typer.echo(said, err=True)


@app.command("segment", short_help="Show a release's translation units and the noise dropped.")
def segment_command(
    file: Annotated[Path, typer.Argument(readable=False, metavar="FILE", help="The release: .txt (as pasted from the web), .md, "
                                         ".html (a saved page), .docx or .pdf.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object: source, units, dropped.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show only what was dropped, rule by rule, with what "
                                          "each rule takes for noise.")] = False,
    encoding: Annotated[
        str | None, typer.Option(metavar="NAME", help="Text encoding of FILE (utf-8, cp949, gb18030 ...); detected when left out.")
    ] = None,
) -> None:
    """Split a release into translation units and show the page noise that was dropped.

    \b
    Examples:
      l10n segment release.txt
      l10n segment saved-page.html --json
      l10n segment saved-page.html --explain
      l10n segment release.txt --encoding cp949
    """
    from l10n.formats import read
    from l10n.segment import segment

    document = read(file, encoding=encoding, limit=_config(None).max_file_bytes)
    units = segment(document)
    if document.encoding_guessed:
        _note(f"{file}: not UTF-8; read as {document.encoding} (detected). Pass --encoding if the text looks wrong.")
    for note in document.notes:
        _note(f"{file}: {note}")
    if explain and not as_json:
        _explain(file, document.dropped)
        return
    if as_json:  # written a unit a line: a huge release never sits in memory twice
        def lines(items) -> str:
            return ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in items)

        out = sys.stdout
        out.write(f'{{\n  "source": {json.dumps(str(file), ensure_ascii=False)},\n  "encoding": "{document.encoding}",\n')
        out.write('  "units": [\n')
        for start in range(0, len(units), 1000):
            out.write(("" if start == 0 else ",\n") + lines({"id": u.id, "kind": u.kind, "text": u.text, "line": u.line}
                                                            for u in units[start:start + 1000]))
        out.write('\n  ],\n  "dropped": [\n')
        out.write(lines({"line": d.line, "text": d.text, "reason": d.reason} for d in document.dropped))
        out.write("\n  ]")
        if explain:
            from l10n.formats import evidence

            said = evidence(file)
            rules = {d.reason: said.get(d.reason, "") for d in document.dropped}
            out.write(f',\n  "rules": {json.dumps(rules, ensure_ascii=False)}')
        out.write("\n}\n")
        return

    from rich.console import Console
    from rich.table import Table

    table = Table("line", "kind", "text", title=f"{file}: {counted(len(units), 'unit')}", title_justify="left")
    for unit in units:
        table.add_row(str(unit.line), unit.kind, unit.text)
    console = Console()
    console.print(table)
    if document.dropped:
        noise = Table("line", "rule", "dropped text", title_justify="left", style="dim",
                      title=f"{counted(len(document.dropped), 'line')} of page noise dropped")
        for line in document.dropped:
            noise.add_row(str(line.line), line.reason, line.text)
        console.print(noise)


def _explain(file: Path, dropped) -> None:
    """What was dropped from `file`, rule by rule (in the order they first dropped a line), each
    with what it takes for noise and the lines it took."""
    import textwrap

    from l10n.formats import evidence

    if not dropped:
        typer.echo(f"{file}: nothing dropped; every line is in the units (`l10n segment {file}` lists them)")
        return
    said = evidence(file)
    by_rule: dict[str, list] = {}
    for line in dropped:
        by_rule.setdefault(line.reason, []).append(line)
    typer.echo(f"{file}: {counted(len(dropped), 'line')} dropped by {counted(len(by_rule), 'rule')}")
    width = len(str(max(line.line for line in dropped)))
    for rule, lines in by_rule.items():
        typer.echo(f"\n{rule} ({counted(len(lines), 'line')})")
        if said.get(rule):
            typer.echo(textwrap.fill(said[rule], 78, initial_indent="  ", subsequent_indent="  "))
        for line in lines:
            text = line.text if len(line.text) <= 70 - width else line.text[:69 - width] + "…"
            typer.echo(f"  {line.line:>{width}}  {text}")


glossary_app = _app("The controlled biotech termbase: check it, find its terms, export and import TBX.")
app.add_typer(glossary_app, name="glossary", short_help="Check, search, export and import the biotech glossary.")

GlossaryFiles = Annotated[
    list[Path] | None,
    typer.Option("--glossary", "-g", readable=False, metavar="CSV", help="A glossary CSV layered over the shipped one (repeatable); its rows win."),
]


def _glossary_paths(extra: list[Path] | None, settings=None) -> list[Path]:
    """The shipped glossary, then l10n.toml's glossary files, then those given on the command line."""
    from l10n.glossary import SHIPPED

    settings = settings or _config(None)
    return [SHIPPED, *(path for path in (*settings.glossary, *(extra or ())) if path.resolve() != SHIPPED)]


@glossary_app.command("check", short_help="Check glossary CSVs: one line per problem.")
def glossary_check(
    files: Annotated[list[Path] | None, typer.Argument(readable=False, metavar="CSV...", help="Glossary CSVs to check, layered over the shipped one.")] = None,
    quiet: Quiet = False,
) -> None:
    """Validate the glossary: one line per problem with file:line; exit status 2 when there is one.

    \b
    Example:
      l10n glossary check my-terms.csv
    """
    from l10n import glossary

    settings = _config(None)
    paths = _glossary_paths(files, settings)
    problems = glossary.check(paths, settings.max_file_bytes)
    for problem in problems:
        if problem.fatal or not quiet:
            typer.echo(f"{'error' if problem.fatal else 'note'}: {problem}", err=problem.fatal)
    fatal = sum(problem.fatal for problem in problems)
    if fatal:
        typer.echo(f"{counted(fatal, 'problem')} in {counted(len(paths), 'glossary file')}", err=True)
        raise typer.Exit(2)
    terms = glossary.load(paths, settings.max_file_bytes).terms
    if not quiet:
        typer.echo(f"{counted(len(terms), 'concept')} in {counted(len(paths), 'glossary file')}: no problems")


@glossary_app.command("find", short_help="Show the glossary terms found in a text or a release.")
def glossary_find(
    text: Annotated[str | None, typer.Argument(metavar="TEXT", help="English text to look in.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", readable=False, metavar="FILE", help="Look in every unit of this release instead.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of matches.")] = False,
    extra: GlossaryFiles = None,
) -> None:
    """Show the glossary terms in a text, leftmost-longest, with their approved targets.

    \b
    Examples:
      l10n glossary find "First patient dosed for spinal cord injury"
      l10n glossary find --file release.txt --json
    """
    from l10n import glossary

    if (text is None) == (file is None):
        raise L10nError("give either TEXT or --file FILE")
    settings = _config(None)
    terms = glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes)
    found = []
    if file is None:
        found = [({}, match) for match in terms.find(text)]
    else:
        from l10n.formats import read
        from l10n.segment import segment

        for unit in segment(read(file, limit=settings.max_file_bytes)):
            found += [({"unit": unit.id, "line": unit.line}, match) for match in terms.find(unit.text)]
    rows = [
        {**where, "text": m.text, "start": m.start, "end": m.end, "kind": m.term.kind, "term": m.term.source,
         "targets": {locale: m.term.target(locale) for locale in ("zh_CN", "ko_KR")}}
        for where, m in found
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*(["line"] if file else []), "text", "kind", "zh_CN", "ko_KR", title=counted(len(rows), 'match', 'matches'),
                  title_justify="left")
    for row in rows:
        table.add_row(*([str(row["line"])] if file else []), row["text"], row["kind"], *row["targets"].values())
    Console().print(table)


@glossary_app.command("export", short_help="Write the glossary as TBX-Basic or CSV.")
def glossary_export(
    output: Annotated[Path | None, typer.Option("--output", "-o", readable=False, metavar="FILE", help="File to write; standard output if left out.")] = None,
    format_: Annotated[str, typer.Option("--format", metavar="FORMAT", help="tbx (TBX-Basic) or csv.")] = "tbx",
    extra: GlossaryFiles = None,
    quiet: Quiet = False,
) -> None:
    """Write the layered glossary as TBX-Basic for CAT tools and Weblate, or as one CSV.

    \b
    Example:
      l10n glossary export --format tbx -o biotech.tbx
    """
    from l10n import glossary

    writers = {"tbx": glossary.to_tbx, "csv": glossary.to_csv}
    if format_ not in writers:
        raise L10nError(f"unknown format {format_!r}; use tbx or csv")
    settings = _config(None)
    _emit(writers[format_](glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes).terms), output,
          f"wrote {output}", quiet)


@glossary_app.command("import", short_help="Turn a TBX termbase into a glossary CSV.")
def glossary_import(
    file: Annotated[Path, typer.Argument(readable=False, metavar="FILE", help="A TBX file exported by a CAT tool, Weblate or l10n.")],
    output: Annotated[Path, typer.Option("--output", "-o", readable=False, metavar="CSV", help="Glossary CSV to write.")],
    quiet: Quiet = False,
) -> None:
    """Turn a TBX termbase into a glossary CSV that l10n can layer (check it afterwards).

    \b
    Example:
      l10n glossary import client.tbx -o glossary/client.csv
    """
    from l10n import glossary
    from l10n.files import write_text

    terms = glossary.from_tbx(file, _config(None).max_file_bytes)
    write_text(output, glossary.to_csv(terms))
    if not quiet:
        typer.echo(f"wrote {counted(len(terms), 'concept')} to {output}; run `l10n glossary check {output}`", err=True)


models_app = _app("Argos Translate models: list what is installed, install from the index or a file.")
app.add_typer(models_app, name="models", short_help="List and install Argos Translate models.")

TARGETS = ("zh_CN", "ko_KR")


@models_app.command("list", short_help="Show the installed Argos packages.")
def models_list() -> None:
    """Show the installed Argos packages and, for Chinese and Korean, how to install a missing one.

    \b
    Example:
      l10n models list
    """
    from rich.console import Console
    from rich.table import Table

    from l10n.engines import argos

    models = argos.installed()
    table = Table("pair", "version", "folder", title=f"{counted(len(models), 'Argos package')} installed", title_justify="left")
    for model in models:
        table.add_row(f"{model.from_code}→{model.to_code}", model.version, str(model.path))
    Console().print(table)
    for locale in TARGETS:
        if argos.find(locale) is None:
            typer.echo(f"{locale}: no en→{argos.code(locale)} model; install one with `{argos.install_command(locale)}` "
                       f"or, offline, `{argos.INDEX_HINT}`")


@models_app.command("install", short_help="Install Argos packages from the index or a file.")
def models_install(
    languages: Annotated[list[str] | None, typer.Argument(metavar="LANGUAGES...", help="Target languages to install: zh, ko (or zh_CN, ko_KR).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", readable=False, metavar="FILE", help="Install this .argosmodel file (works offline).")] = None,
    quiet: Quiet = False,
) -> None:
    """Install en→X models from the Argos index, or from an .argosmodel file offline.

    Archives are validated first: a member outside the package folder, a missing metadata.json
    or a different language pair is refused with status 2 and nothing is written.

    \b
    Examples:
      l10n models install zh ko
      l10n models install zh --file translate-en_zh-1_9.argosmodel
    """
    from l10n.engines import argos
    from l10n.locale import resolve

    codes = [argos.code(resolve(language)) for language in languages or ()]
    if file is not None:
        if len(codes) > 1:
            raise L10nError("one package file holds one language pair; name at most one language with --file")
        models = [argos.install_file(file, codes[0] if codes else None)]
    elif not codes:
        raise L10nError("name the languages to install (zh, ko) or give --file PACKAGE.argosmodel")
    else:
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

        with Progress(TextColumn("en→{task.description}"), BarColumn(), DownloadColumn(), disable=quiet) as progress:
            tasks = {code: progress.add_task(code, total=None) for code in codes}
            models = argos.install_from_index(
                codes, lambda code, done, total: progress.update(tasks[code], completed=done, total=total or None))
    for model in models if not quiet else ():
        typer.echo(f"installed Argos {model.id} in {model.path}")


def _locales(to: str | None, config) -> list[str]:
    from l10n.locale import resolve

    names = to.split(",") if to is not None else config.targets
    locales = list(dict.fromkeys(resolve(name) for name in names if name.strip()))
    if not locales:
        raise L10nError(f"--to {to!r} names no locale; give zh, ko or locale ids separated by commas")
    return locales


def _config(project: Path | None):
    from l10n import config

    if project is not None and not project.is_dir():
        raise L10nError("is not a folder; --project names an existing project folder", project)
    return config.load(project if project is not None else config.find_root(Path.cwd()))


Formats = Annotated[str | None, typer.Option("--format", metavar="FORMATS", help="Release formats, comma-separated: same (the "
                                              "release's own), txt, md, html, docx (default: l10n.toml's formats, "
                                              "else same).")]
ReviewedOnly = Annotated[bool, typer.Option("--reviewed-only", help="Use reviewed translations only; list the "
                                            "sentences left in English.")]
MinReviewed = Annotated[float, typer.Option("--min-reviewed", metavar="PERCENT", help="Write no release whose "
                                            "catalog is less reviewed than this; exit status 1.")]
Final = Annotated[bool, typer.Option("--final", help="Write a release only when it is final (every entry reviewed, "
                                     "no check error); otherwise write nothing for that locale, say why, exit status 1.")]


def _output(settings, formats: str | None, reviewed_only: bool = False, min_reviewed: float = 0.0,
            final: bool = False):
    from l10n.formats import OUTPUTS
    from l10n.locale import resolve
    from l10n.pipeline import Output

    if not 0 <= min_reviewed <= 100:  # also refuses nan
        raise L10nError(f"--min-reviewed {min_reviewed:g} is not a percentage; give a number from 0 to 100")
    chosen = tuple(f.strip() for f in formats.split(",")) if formats else settings.formats
    unknown = [f for f in chosen if f not in ("same", *OUTPUTS)]
    if unknown:
        raise L10nError(f"unknown format {unknown[0]!r}; use same, {', '.join(OUTPUTS)}")
    fonts = tuple((resolve(locale), font) for locale, font in settings.fonts)
    return Output(settings.out, chosen, reviewed_only, min_reviewed, final, fonts)


def _report(release: Path, locale: str, english: list[str], refused: str) -> bool:
    """Say what a release left in English, or why it was refused and what to do; True when refused."""
    if english:
        typer.echo(f"note: {release.name} {locale}: {counted(len(english), 'sentence')} left in English:", err=True)
        for sentence in english:
            typer.echo(f"  - {sentence}", err=True)
    if refused:
        typer.echo(f"refused: {refused}", err=True)
    return bool(refused)


Project = Annotated[Path | None, typer.Option("--project", readable=False, metavar="DIR", help="Project folder (default: the folder holding "
                                              "l10n.toml, else the current one); catalogs go to its locales/.")]
To = Annotated[str | None, typer.Option("--to", metavar="LOCALES", help="Target locales, comma-separated: zh, ko, zh_CN, ko_KR, zh-Hans ... "
                                        "(default: l10n.toml's targets, else zh,ko).")]


@app.command("translate", short_help="Translate releases into catalogs and localized releases.")
def translate_command(
    files: Annotated[list[Path], typer.Argument(readable=False, metavar="FILES...", help="Release files (.txt .md .html .docx .pdf), or folders of them.")],
    to: To = None,
    engine: Annotated[str | None, typer.Option(metavar="ENGINE", help="auto (memory, then Argos if installed, then l10n.toml's auto_http "
                                               "engine if named), memory, argos, pseudo, or an HTTP engine: openai, "
                                               "deepl, libretranslate ([engines.*] in l10n.toml) (default: "
                                               "l10n.toml's engine, else auto).")] = None,
    project: Project = None,
    extra: GlossaryFiles = None,
    formats: Formats = None,
    reviewed_only: ReviewedOnly = False,
    min_reviewed: MinReviewed = 0.0,
    final: Final = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Quiet = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the first request an HTTP engine would send "
                                          "(the key redacted) and stop: nothing is sent or written.")] = False,
    estimate: Annotated[bool, typer.Option("--estimate", help="Print per locale what MT would take (units, "
                                           "characters; requests, tokens and cost for HTTP engines) and stop: "
                                           "nothing is sent or written, no key needed.")] = False,
    cluster: Annotated[str | None, typer.Option("--cluster", metavar="CLUSTER", help="Run the Argos models "
                                                "on a Ray cluster (pip install \"l10n[ray]\"): ray joins the one "
                                                "RAY_ADDRESS names, else starts one on this machine for the run; "
                                                "ray://HOST:PORT joins that one. Files are written here, the same "
                                                "bytes as without it.")] = None,
) -> None:
    """Translate releases into catalogs (locales/) and localized releases (out/).

    Re-running keeps every reviewed translation: unchanged sentences keep theirs, changed
    ones become fuzzy with the previous msgid, removed ones become obsolete.

    \b
    Examples:
      l10n translate release.txt --to zh,ko
      l10n translate releases/ --to zh --estimate
      l10n translate release.docx --to ko --engine openai --dry-run
    """
    from dataclasses import asdict

    from l10n import glossary, pipeline

    settings = _config(project)
    engine = engine or settings.engine
    if engine not in pipeline.ENGINES:
        raise L10nError(f"unknown engine {engine!r}; use {', '.join(pipeline.ENGINES)}")
    locales = _locales(to, settings)
    terms = glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes)
    run = pipeline.Run(settings.root, terms, engine, settings.max_file_bytes)
    if estimate:  # before the key is looked for: an estimate is what a team runs before it has one
        if dry_run:
            raise L10nError("--estimate and --dry-run each stop before MT; give one of them")
        _estimate(pipeline.estimate(run, _releases(files, quiet or as_json), locales), as_json)
        return
    if engine in pipeline.HTTP_ENGINES:  # its settings and key are checked before anything is written
        for locale in locales:
            run.translator(pipeline.mt_locale(run, locale))
    output = _output(settings, formats, reviewed_only, min_reviewed, final)
    paths = _releases(files, quiet or as_json)
    if dry_run:  # the request a reviewer audits before any text leaves the machine
        # the engines built above, with their keys, on a run that reads the cache and writes nothing
        looking = pipeline.Run(settings.root, terms, engine, settings.max_file_bytes, translators=run.translators,
                               estimating=True)
        request = next(filter(None, (pipeline.first_request(looking, path, locale) for path in paths
                                     for locale in locales)), None)
        typer.echo(json.dumps(request, ensure_ascii=False, indent=2) if request else
                   f"nothing to send: the {engine} engine would get no sentence (or it cannot show its request)")
        return
    summaries, failed = [], []

    def translate(path, progress=None):
        """One release; a problem with its own files is reported and the other releases go on."""
        try:
            return pipeline.translate_file(run, path, locales, output, progress)
        except L10nError as error:
            if error.file is None:
                raise
            failed.append(str(error))
            return []

    step = None if quiet or as_json else _progress(len(paths) * len(locales))
    ending = contextlib.ExitStack()  # a Ray cluster this run started stops with it
    try:
        if cluster:
            from l10n import cluster as clusters

            ray, local = ending.enter_context(clusters.connected(cluster))
            clusters.attach(run, ray, locales, ship=not local)
        for chunk in pipeline.chunks(paths):
            pipeline.prefetch(run, chunk, locales, output)  # MT batched across the chunk's releases
            for path in chunk:
                summaries += translate(path, step)
    finally:
        ending.close()
        if step:
            step(None)
    for message in failed:
        typer.echo(f"error: {message}", err=True)
    status = 2 if failed else 1 if any(s.refused for s in summaries) else 0
    if not quiet:
        for note in dict.fromkeys([*run.notes(), *(note for s in summaries for note in s.notes)]):
            _note(note)
    if as_json:
        typer.echo(json.dumps([asdict(s) for s in summaries], ensure_ascii=False, indent=2))
        raise typer.Exit(status)
    if quiet or not summaries:  # every release failed: its error line says it all
        raise typer.Exit(status)
    rows: dict[str, list[list]] = {}
    for s in summaries:
        rows.setdefault(Path(s.source).name, []).append(
            [s.locale, s.units, s.memory, s.machine, s.untranslated, s.fuzzy, s.errors, s.warnings, len(s.written)])
    typer.echo(_table(("units", "memory", "MT", "empty", "fuzzy", "errors", "warnings", "written"), rows))
    for s in summaries:
        typer.echo(f"{Path(s.source).name} {s.locale}: {s.status}")
    for used in pipeline.total_usage(summaries):
        typer.echo(f"{used['engine']} {used['model']}: {counted(used['requests'], 'request')}, "
                   f"{counted(used['characters'], 'character')} sent"
                   + (f", {counted(used['tokens'], 'token')}" if used["tokens"] else "")
                   + (f", {counted(used['repairs'], 'unit')} sent back once for repair" if used.get("repairs") else ""))
    for missing in sorted({s.missing_model for s in summaries if s.missing_model}):
        typer.echo(f"note: untranslated units are waiting for a model: `{missing}` (offline: `l10n models install "
                   "--file PACKAGE.argosmodel`), or run with --engine pseudo to check the layout")
    if any(s.errors or s.warnings for s in summaries):
        typer.echo("note: check findings are written into the catalogs as `#. check:` notes; `l10n check` lists them")
    if any([_report(Path(s.source), s.locale, list(s.english) if reviewed_only else [], s.refused)
            for s in summaries]) or failed:
        raise typer.Exit(status)


def _estimate(estimates, as_json: bool) -> None:
    """The estimate summed per engine and locale over the releases: a table, or JSON for scripts."""
    from dataclasses import asdict

    totals: dict[tuple[str, str, str, str], dict] = {}
    for e in estimates:
        total = totals.setdefault((e.engine, e.model, e.missing_model, e.locale), {
            "engine": e.engine, "model": e.model, "locale": e.locale, "releases": 0, "units": 0, "characters": 0,
            "requests": e.requests, "tokens": e.tokens, "cost": e.cost, "missing_model": e.missing_model})
        total["releases"] += 1
        total["units"] += e.units
        total["characters"] += e.characters
        if total["releases"] > 1:
            for key in ("requests", "tokens", "cost"):
                total[key] = None if total[key] is None or getattr(e, key) is None else total[key] + getattr(e, key)
    rows = list(totals.values())
    if as_json:
        typer.echo(json.dumps({"per_locale": rows, "per_release": [asdict(e) for e in estimates]},
                              ensure_ascii=False, indent=2))
        return
    groups: dict[str, list[list]] = {}
    for t in rows:
        name = ((t["engine"] if t["model"] in ("", t["engine"]) else f"{t['engine']} {t['model']}") if t["engine"] else
                "nothing left to MT" if not t["units"] else
                "no MT engine: left untranslated" + (f" (`{t['missing_model']}` installs one)"
                                                        if t["missing_model"] else ""))
        cost = "-" if t["cost"] is None else f"{t['cost']:.2f}" if t["cost"] >= 0.01 or not t["cost"] else \
            f"{t['cost']:.4f}"
        groups.setdefault(name, []).append([t["locale"], t["units"], t["characters"],
                                            "-" if t["requests"] is None else t["requests"],
                                            "-" if t["tokens"] is None else f"~{t['tokens']:,}", cost])
    typer.echo(f"estimate for {counted(len({e.source for e in estimates}), 'release')}: nothing was sent or written")
    typer.echo(_table(("units", "characters", "requests", "tokens", "cost"), groups))
    if any(t["cost"] is None and t["engine"] in ("openai", "deepl") for t in rows):
        typer.echo("note: set price_per_1k_tokens ([engines.openai]) or price_per_1m_characters ([engines.deepl]) "
                   "in l10n.toml to see a cost")


@app.command("build", short_help="Rewrite localized releases from the catalogs, with no MT.")
def build_command(
    files: Annotated[list[Path], typer.Argument(readable=False, metavar="FILES...", help="Release files, or folders of releases.")],
    to: To = None,
    project: Project = None,
    extra: GlossaryFiles = None,
    formats: Formats = None,
    reviewed_only: ReviewedOnly = False,
    min_reviewed: MinReviewed = 0.0,
    final: Final = False,
    quiet: Quiet = False,
) -> None:
    """Reassemble localized releases from the current catalogs (after review), with no MT.

    Each release is reported final (every entry reviewed, no check error) or draft, with why.

    \b
    Examples:
      l10n build release.txt --to zh,ko --format txt,html
      l10n build releases/ --final
    """
    from l10n import glossary, pipeline

    settings = _config(project)
    output = _output(settings, formats, reviewed_only, min_reviewed, final)
    terms = glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes)
    locales = _locales(to, settings)
    refused = False
    for path in _releases(files, quiet):
        for locale, (written, english, refusal, status) in zip(locales, pipeline.build_file(
                settings.root, path, locales, output, terms, settings.max_file_bytes)):
            if not refusal and not quiet:
                typer.echo(f"{path.name} {locale}: {status}" + (f"; wrote {', '.join(written)}" if written else
                                                                "; nothing changed"))
            refused = _report(path, locale, english if reviewed_only else [], refusal) or refused
    if refused:
        raise typer.Exit(1)


@app.command("extract", short_help="Update the template and catalogs, with no MT.")
def extract_command(
    files: Annotated[list[Path], typer.Argument(readable=False, metavar="FILES...", help="Release files, or folders of releases.")],
    to: To = None,
    project: Project = None,
    extra: GlossaryFiles = None,
    quiet: Quiet = False,
) -> None:
    """Write the template and merge it into the catalogs, with no MT (new entries stay empty).

    \b
    Example:
      l10n extract release.txt --to zh,ko
    """
    from l10n import glossary, pipeline

    settings = _config(project)
    run = pipeline.Run(settings.root, glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes), "memory",
                       settings.max_file_bytes)
    for path in _releases(files, quiet):
        for summary in pipeline.translate_file(run, path, _locales(to, settings), _output(settings, None)):
            for written in summary.written if not quiet else ():
                typer.echo(f"wrote {written}")


@app.command("merge", short_help="Merge a catalog with a new template, as msgmerge does.")
def merge_command(
    old: Annotated[Path, typer.Argument(readable=False, metavar="OLD", help="The translated catalog (def.po), from any tool.")],
    template: Annotated[Path, typer.Argument(readable=False, metavar="TEMPLATE", help="The up-to-date template (ref.pot).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", readable=False, metavar="FILE", help="Catalog to write; standard output if "
                                                "left out. May be OLD itself.")] = None,
    no_fuzzy_matching: Annotated[bool, typer.Option("--no-fuzzy-matching", "-N", help="Match msgids exactly only: a "
                                                    "changed msgid gets no fuzzy translation.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", metavar="LANG", help="Write LANG into the header's Language "
                                             "field (msgmerge --lang).")] = None,
    sort_output: Annotated[bool, typer.Option("--sort-output", "-s", help="Sort the entries by msgid.")] = False,
    no_location: Annotated[bool, typer.Option("--no-location", help="Write no #: file references.")] = False,
    no_wrap: Annotated[bool, typer.Option("--no-wrap", help="Write every string on one line, the file's own "
                                          "wrapping not kept.")] = False,
    quiet: Quiet = False,
) -> None:
    """Merge a catalog with a new template as `msgmerge --previous` does: no MT, no glossary.

    Entries are keyed by context and msgid; changed ones take the closest old translation,
    fuzzy, with the old msgid as `#|`; plural forms, flags and comments are kept; unused
    translated entries become obsolete; the header is merged field by field. The catalog keeps
    its charset and line ends (a UTF-8 template makes it UTF-8, as msgmerge does), and
    unchanged entries keep the old file's layout.

    \b
    Example:
      l10n merge ko.po release.pot -o ko.po
    """
    from l10n import catalog

    limit = _config(None).max_file_bytes
    previous, layout = catalog.read_layout(old, limit)
    merged = catalog.merge(previous, catalog.read(template, limit=limit), fuzzy=not no_fuzzy_matching, lang=lang,
                           sort=sort_output, location=not no_location)
    wrap = False if no_wrap else None
    if output is None:
        sys.stdout.buffer.write(catalog.dump(merged, layout, wrap))
        sys.stdout.flush()
    else:
        written = catalog.write(merged, output, stamp=None, layout=layout, wrap=wrap)
        if not quiet:
            typer.echo(f"wrote {output}" if written else f"{output} is up to date", err=True)


tm_app = _app("The translation memory: reviewed translations of every catalog; TMX out, TMX and catalogs in.")
app.add_typer(tm_app, name="tm", short_help="The translation memory: TMX out, TMX and catalogs in.")


def _memory(settings, locale: str):
    from l10n.cache import Cache
    from l10n.engines.memory import Memory, sources

    cache = Cache(settings.root / ".l10n" / "cache.sqlite")
    return Memory(cache, locale, sources(settings.root, locale), settings.max_file_bytes)


@tm_app.command("export", short_help="Write a locale's reviewed translations as TMX.")
def tm_export(
    to: To = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", readable=False, metavar="FILE", help="TMX file to write; "
                                                "standard output if left out.")] = None,
    project: Project = None,
    quiet: Quiet = False,
) -> None:
    """Write a locale's reviewed translations as TMX 1.4b, for Trados, memoQ, Phrase or OmegaT.

    \b
    Example:
      l10n tm export --to zh -o memory.tmx
    """
    from l10n import __version__, tmx

    settings = _config(project)
    locales = _locales(to, settings)
    if len(locales) != 1:
        raise L10nError(f"--to names {len(locales)} locales; a TMX file holds one language pair: name one")
    memory = _memory(settings, locales[0])
    for note in memory.skipped if not quiet else ():
        _note(note)
    pairs = [tmx.Pair(source, target, origin) for source, target, origin in memory.pairs()]
    if not pairs:
        raise L10nError(f"no reviewed translation into {locales[0]} yet; review a catalog under "
                        f"{settings.root / 'locales' / locales[0]} first")
    _emit(tmx.write(pairs, locales[0], __version__), output, f"wrote {counted(len(pairs), 'translation unit')} to {output}",
          quiet)


@tm_app.command("import", short_help="Add TMX files or other catalogs to the memory.")
def tm_import(
    files: Annotated[list[Path], typer.Argument(readable=False, metavar="FILES...", help="TMX files, catalogs (.po) of other projects, "
                                                "or folders of them.")],
    to: To = None,
    project: Project = None,
    quiet: Quiet = False,
) -> None:
    """Add TMX files or other projects' reviewed catalogs to the translation memory, as tm/<locale>/<name>.po.

    The imported file's name is the origin a reviewer sees in the note of a draft it gives.

    \b
    Example:
      l10n tm import agency-2025.tmx --to zh,ko
    """
    from l10n import catalog, tmx
    from l10n.engines.memory import IMPORTED, imported, reviewed_translation
    from l10n.locale import resolve

    settings = _config(project)
    locales = _locales(to, settings)
    found = list(dict.fromkeys(p for path in files for p in (
        sorted(p for p in path.rglob("*") if p.suffix.lower() in (".tmx", ".po")) if path.is_dir() else [path])))
    if not found:
        raise L10nError("holds no .tmx or .po file; name TMX files, catalogs, or folders of them", files[0])
    names: dict[str, Path] = {}
    for path in found:  # each becomes tm/<locale>/<name>.po: two of one name would overwrite each other
        if names.setdefault(path.stem, path) != path:
            raise L10nError(f"and {names[path.stem]} would both be imported as {path.stem}.po; rename one", path)
    for path in found:
        left_out = {}  # locale → units of a TMX left out as not reviewed (machine output, drafts), by why
        if path.suffix.lower() == ".tmx":
            pairs = {}
            for locale in sorted(tmx.locales(path, settings.max_file_bytes).intersection(locales), key=locales.index):
                kept, left_out[locale] = tmx.reviewed(path, locale, settings.max_file_bytes)
                pairs[locale] = [(p.source, p.target, p.origin) for p in kept]
        else:
            po = catalog.read(path, limit=settings.max_file_bytes)
            language = po.metadata.get("Language", "").strip()
            if not language:
                raise L10nError("has no Language header; add one (Language: zh_CN) so l10n knows whose memory it is",
                                path, 1)
            locale = resolve(language)
            pairs = {locale: [(e.msgid, e.msgstr, "") for e in po if reviewed_translation(e)]} \
                if locale in locales else {}
        if not pairs and not quiet:
            _note(f"{path}: holds no translation into {', '.join(locales)}; nothing imported")
        for locale, found_pairs in pairs.items():
            target = settings.root / IMPORTED / locale / f"{path.stem}.po"
            catalog.write(imported(found_pairs, locale, path.name), target)
            skipped = left_out.get(locale)
            if not quiet:
                    typer.echo(f"imported {counted(len(found_pairs), 'translation unit')} from {path} into {target}"
                           + (f"; left out {skipped.total()} not reviewed ({tmx.summary(skipped)})" if skipped else ""))


@app.command("stats", short_help="Show how far the review of each catalog has come.")
def stats_command(
    project: Project = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Review progress per catalog: reviewed, fuzzy, untranslated, and words reviewed.

    \b
    Examples:
      l10n stats
      l10n stats --json
    """
    from dataclasses import asdict

    from l10n import catalog

    settings = _config(project)
    found = [catalog.stats(path, path.parent.parent.name, settings.max_file_bytes)
             for path in sorted((settings.root / "locales").glob("*/LC_MESSAGES/*.po"))]
    if not found:
        raise L10nError(f"no catalogs under {settings.root / 'locales'}; run `l10n translate RELEASE` first, or pass --project")
    if as_json:
        typer.echo(json.dumps([{**asdict(s), "path": str(s.path), "entries": s.entries, "percent": round(s.percent, 1)}
                               for s in found], ensure_ascii=False, indent=2))
        return
    rows: dict[str, list[list]] = {}
    for s in found:
        rows.setdefault(s.path.name, []).append([s.locale, s.reviewed, s.fuzzy, s.untranslated, s.words, s.characters,
                                                 f"{s.percent:.0f}%"])
    typer.echo(_table(("reviewed", "fuzzy", "untranslated", "English words", "reviewed chars", "done"), rows))


@app.command("check", short_help="Check translations: terms, numbers, spans, punctuation.")
def check_command(
    catalogs: Annotated[list[Path] | None, typer.Argument(readable=False, metavar="CATALOGS...", help="Catalogs to check (default: every .po under locales/).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of findings.")] = False,
    only: Annotated[list[str] | None, typer.Option("--only", metavar="CHECK", help="Run only this check (repeatable).")] = None,
    skip: Annotated[list[str] | None, typer.Option("--skip", metavar="CHECK", help="Skip this check (repeatable).")] = None,
    annotate: Annotated[bool, typer.Option("--annotate", help="Write findings into the catalogs as `#. check:` "
                                           "comments for reviewers, and remove fixed ones.")] = False,
    consistency: Annotated[bool, typer.Option("--consistency", help="Also report an English sentence reviewers "
                                              "translated two ways in catalogs of one locale.")] = False,
    project: Project = None,
    extra: GlossaryFiles = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the errors: no warnings, no summary.")] = False,
) -> None:
    """Check translations: glossary terms, numbers, protected spans, leftovers, loops, punctuation.

    Exit status 1 when any finding is an error. Checks: untranslated, placeholders, protected,
    numbers, glossary, repetition, unchanged, latin_leftover, brackets, length_ratio,
    end_punctuation.

    \b
    Examples:
      l10n check
      l10n check locales/zh_CN/LC_MESSAGES/release.po --only numbers --json
      l10n check --consistency
    """
    from dataclasses import replace

    from l10n import catalog, glossary, qa
    from l10n.locale import resolve

    for name in [*(only or ()), *(skip or ())]:
        if name not in qa.NAMES:
            raise L10nError(f"unknown check {name!r}; checks are {', '.join(qa.NAMES)}")
    settings = _config(project)
    terms = glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes)
    paths = catalogs or sorted((settings.root / "locales").glob("*/LC_MESSAGES/*.po"))
    if not paths:
        raise L10nError(f"no catalogs under {settings.root / 'locales'}; name one, or run `l10n translate` first")
    read = []
    for path in paths:
        po = catalog.read(path, limit=settings.max_file_bytes)
        read.append((str(path), resolve(po.metadata.get("Language", "").strip() or path.parent.parent.name), po))
    across = qa.consistency(read) if consistency else []
    findings = []
    for path, locale, po in read:
        found = [replace(f, file=path) for entry in po if not entry.obsolete
                 for f in qa.check_po_entry(entry, locale, terms, only or (), skip or ())]
        found += [f for f in across if f.file == path]
        findings += found
        if annotate:
            for entry in po:
                catalog.set_notes(entry, "check: ", [qa.note(f) for f in found if f.line == entry.linenum])
            catalog.write(po, Path(path))
    if as_json:
        typer.echo(json.dumps([{"file": f.file, "line": f.line, "msgid": f.unit, "check": f.check,
                                "severity": f.severity, "message": f.message} for f in findings],
                              ensure_ascii=False, indent=2))
    else:
        for f in findings:
            if f.severity == "error" or not quiet:
                typer.echo(f"{f.file}:{f.line}: {f.severity}: {f.check}: {f.message}")
    if not (as_json or quiet):
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        typer.echo(f"{counted(len(paths), 'catalog')}: {counted(counts['error'], 'error')}, "
                   f"{counted(counts['warning'], 'warning')}, {counts['info']:,} info", err=True)
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@app.command("init", short_help="Write a commented l10n.toml.")
def init_command(
    folder: Annotated[Path, typer.Argument(readable=False, metavar="DIR", help="Project folder to create l10n.toml in.")] = Path("."),
    quiet: Quiet = False,
) -> None:
    """Write a commented l10n.toml: targets, engine, your glossaries, output folder.

    \b
    Examples:
      l10n init
      l10n init my-project
    """
    from l10n import config
    from l10n.files import write_text

    path = folder / config.FILE
    if path.exists():
        raise L10nError("already exists; edit it, or remove it to start again", path)
    write_text(path, config.TEMPLATE)
    if not quiet:
        typer.echo(f"wrote {path}")


@app.command("review", short_help="Write a bilingual review page per release and locale.")
def review_command(
    files: Annotated[list[Path], typer.Argument(readable=False, metavar="FILES...", help="Release files, or folders of releases.")],
    to: To = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", readable=False, metavar="DIR", help="Folder for the pages "
                                                "(default: the project's output folder, out/).")] = None,
    project: Project = None,
    extra: GlossaryFiles = None,
    quiet: Quiet = False,
) -> None:
    """Write a bilingual review page per locale: out/<release>.<locale>.review.html.

    Sentence by sentence: the English, the translation, its state, glossary terms, the change
    in a changed sentence, the check findings; filters by state and severity. One HTML file,
    no network, no script; reads the catalogs and changes nothing.

    \b
    Example:
      l10n review release.txt --to zh,ko
    """
    from l10n import glossary, pipeline, review

    settings = _config(project)
    terms = glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes)
    locales = _locales(to, settings)
    for path in _releases(files, quiet):
        for locale in locales:
            written, page, changed = review.write(settings.root, path, locale, terms, output or settings.out,
                                                  settings.max_file_bytes)
            if not quiet:
                    typer.echo(f"{path.name} {locale}: {page.status}; " + (f"wrote {written}" if changed else
                                                                       f"{written} is up to date"))


xliff_app = _app("XLIFF 1.2 for CAT tools (Trados, memoQ, Phrase, OmegaT): export a release's catalog, "
                 "import the translated file back.")
app.add_typer(xliff_app, name="xliff", short_help="Export and import XLIFF 1.2 for CAT tools.")


@xliff_app.command("export", short_help="Write a release's catalog as XLIFF 1.2.")
def xliff_export(
    file: Annotated[Path, typer.Argument(readable=False, metavar="FILE", help="The release whose catalog to export.")],
    to: To = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", readable=False, metavar="FILE", help="XLIFF file to write; "
                                                "standard output if left out.")] = None,
    project: Project = None,
    extra: GlossaryFiles = None,
    quiet: Quiet = False,
) -> None:
    """Write a release's catalog in one locale as XLIFF 1.2: units in the release's order, their
    state, glossary and check notes, inline tags and emails as codes CAT tools lock.

    \b
    Example:
      l10n xliff export release.txt --to zh -o release.zh_CN.xlf
    """
    from l10n import __version__, glossary, xliff

    settings = _config(project)
    locales = _locales(to, settings)
    if len(locales) != 1:
        raise L10nError(f"--to names {len(locales)} locales; an XLIFF file holds one target language: name one")
    terms = glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes)
    text, count = xliff.export(settings.root, file, locales[0], terms, __version__, settings.max_file_bytes)
    _emit(text, output, f"wrote {counted(count, 'unit')} to {output}", quiet)


@xliff_app.command("import", short_help="Put a translated XLIFF file back into its catalog.")
def xliff_import(
    file: Annotated[Path, typer.Argument(readable=False, metavar="FILE", help="An XLIFF file exported by `l10n xliff export`, "
                                         "translated in a CAT tool.")],
    to: Annotated[str | None, typer.Option("--to", metavar="LOCALE", help="Refuse the file unless it is a translation into this "
                                           "locale.")] = None,
    project: Project = None,
    extra: GlossaryFiles = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only what was left out and check errors.")] = False,
) -> None:
    """Put an XLIFF file's translations back into the catalog of its release: final, signed-off
    and translated units (or approved ones) as reviewed, other states as fuzzy drafts; a draft
    never replaces a reviewed translation. Each imported translation is checked.

    Exit status 1 when a unit was left out or an imported translation has a check error.

    \b
    Example:
      l10n xliff import release.zh_CN.xlf
    """
    from l10n import glossary, xliff

    settings = _config(project)
    terms = glossary.load(_glossary_paths(extra, settings), settings.max_file_bytes)
    done = xliff.import_file(settings.root, file, terms, to, settings.max_file_bytes)
    for note in done.notes if not quiet else ():
        _note(note)
    for line in done.flagged:
        typer.echo(f"left out: {line}", err=True)
    for f in done.findings:
        if f.severity == "error" or not quiet:
            typer.echo(f"{f.file}:{f.line}: {f.severity}: {f.check}: {f.message}")
    failed = bool(done.flagged) or any(f.severity == "error" for f in done.findings)
    if quiet:
        raise typer.Exit(int(failed))
    what = f"{done.reviewed} reviewed, {done.fuzzy} fuzzy, {done.unchanged} unchanged"
    typer.echo(f"{file.name} → {done.catalog}: {what}" + (f", {len(done.flagged)} left out" if done.flagged else "")
               + f"; {done.locale}: {done.status}")
    if done.written:
        typer.echo(f"run `l10n build {done.release} --to {done.locale}` to write the release", err=True)
    if failed:
        raise typer.Exit(1)


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
