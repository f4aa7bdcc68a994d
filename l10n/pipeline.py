"""The `translate` flow: releases in, catalogs and localized releases out.

read → segment → glossary → catalog merge → engines fill the empty entries (memory, then MT
through the cache) → write catalogs → assemble releases. Every file is written atomically and
only when its content changed, so a re-run on unchanged input touches nothing. `_left` alone
decides what is left to MT, for a run, for `--dry-run` and for `--estimate` (which writes nothing).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
import shlex
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from l10n import catalog, formats, inline, qa
from l10n.formats import read
from l10n.errors import L10nError, counted, unfinished
from l10n.files import MAX_BYTES, write_bytes, write_text
from l10n.glossary import Glossary
from l10n.model import Draft, Match, Unit
from l10n.segment import copied, segment

if TYPE_CHECKING:
    from l10n.engines import Context

ENGINES = ("auto", "memory", "argos", "pseudo", "openai", "deepl", "libretranslate")
HTTP_ENGINES = ENGINES[4:]


@dataclass(frozen=True)
class Status:
    """Whether a locale's release is fit to publish: every entry reviewed, no error."""

    fuzzy: int
    untranslated: int
    errors: int
    # check errors in any entry, reviewed ones included
    warnings: int
    # check warnings in entries that are not reviewed

    @property
    def final(self) -> bool:
        return not (self.fuzzy or self.untranslated or self.errors)

    def __str__(self) -> str:
        if self.final:
            return "final"
        counts = [f"{self.fuzzy:,} fuzzy" * bool(self.fuzzy), f"{self.untranslated:,} untranslated" * bool(self.untranslated),
                  counted(self.errors, "error") * bool(self.errors)]
        return "draft: " + ", ".join(filter(None, counts))


@dataclass(frozen=True)
class Summary:
    """What one run did for one release and one locale."""

    source: str
    locale: str
    units: int
    entries: int
    memory: int
    machine: int
    untranslated: int
    fuzzy: int
    hints: int
    # glossary hints written into the catalog
    written: tuple[str, ...]
    status: str
    # `final`, or `draft: ` and why (`draft: 3 fuzzy, 1 error`)
    errors: int
    warnings: int
    # check findings written into the catalog (see Status)
    missing_model: str = ""
    # the command that installs the model `auto` looked for and did not find
    english: tuple[str, ...] = ()
    # sentences left in English in the release (with --reviewed-only: every one not reviewed)
    refused: str = ""
    # why no release was written (--final with a draft, or below --min-reviewed)
    notes: tuple[str, ...] = ()
    # what else the user should know: a catalog translation memory had to skip
    usage: dict = field(default_factory=dict)
    # what an HTTP engine used for this release and locale: engine, model, requests, characters, tokens


@dataclass(frozen=True)
class Estimate:
    """What machine translation of one release into one locale would take (`--estimate`), known
    before any is done; None where a figure does not apply to the engine."""

    source: str
    locale: str
    engine: str
    # the engine that would draft the units: openai, deepl, libretranslate, argos, pseudo; "" when
    # none would (engine memory, or auto with no model): the units then stay untranslated
    model: str
    # its model as the catalog's `engine:` notes will name it: `gpt-4o-mini, prompt v1`, `en→zh 1.9`
    units: int
    # distinct sentences left to MT: untranslated in the catalog as a run would merge it, not a
    # contact line or a dateline the rule dates, no draft in the memory or in the cache
    characters: int
    # their characters, as MT gets them (what DeepL and LibreTranslate count)
    requests: int | None = None
    # requests an HTTP engine would send: one per batch, first tries only (a retry is one more)
    tokens: int | None = None
    # about how many tokens an engine that bills tokens (openai) would bill, prompt and reply
    cost: float | None = None
    # tokens or characters at the price l10n.toml sets the engine; None where it sets none
    missing_model: str = ""
    # the command that installs the model `auto` looked for and did not find


@dataclass(frozen=True)
class Output:
    """How localized releases are written."""

    folder: Path
    formats: tuple[str, ...] = ("same",)
    # txt | md | html | docx; `same`: the release's own format
    reviewed_only: bool = False
    # use reviewed translations only; fuzzy drafts stay in English
    min_reviewed: float = 0.0
    # refuse to write a release whose catalog is less reviewed than this (percent of entries)
    final: bool = False
    # refuse to write a release that is not final (an entry fuzzy or untranslated, or a check error)
    fonts: tuple[tuple[str, str], ...] = ()
    # (locale, font) for the East Asian text of Word releases, over the defaults

    def kinds(self, source: Path) -> tuple[str, ...]:
        """The formats the release at `source` is written in: `same` is its own."""
        return tuple(dict.fromkeys(formats.same(source) if f == "same" else f for f in self.formats))


def review(po, locale: str, terms: Glossary, annotate: bool = False) -> Status:
    """Check every active entry; with `annotate`, write the findings into the entries as notes.

    Entries that are not reviewed get their errors and warnings (`check: error: numbers: ...`);
    reviewed ones only their errors: a warning there is the reviewer's call. Notes of fixed
    problems go.
    """
    states = {"reviewed": 0, "fuzzy": 0, "untranslated": 0}
    errors = warnings = 0
    for entry in po:
        if entry.obsolete:
            continue
        state = catalog.state(entry)
        states[state] += 1
        shown = {"error"} if state == "reviewed" else {"error", "warning"}
        found = [f for f in qa.check_po_entry(entry, locale, terms) if f.severity in shown and f.check != "untranslated"]
        errors += sum(f.severity == "error" for f in found)
        warnings += sum(f.severity == "warning" for f in found)
        if annotate:
            catalog.set_notes(entry, "check: ", [qa.note(f) for f in found])
    return Status(states["fuzzy"], states["untranslated"], errors, warnings)


def write_releases(document, units: Sequence[Unit], po, locale: str, output: Output, status: Status,
                   po_path: Path) -> tuple[list[str], list[str], str]:
    """Write the release whose catalog `po` lies at `po_path` as `out/<catalog name>.<locale>.<format>`
    in each format: (files written, sentences left in English, why none was written)."""
    active = [e for e in po if not e.obsolete]
    reviewed = sum(catalog.state(e) == "reviewed" for e in active)
    percent = 100.0 * reviewed / len(active) if active else 100.0
    slug = po_path.stem
    if (output.final and not status.final) or percent < output.min_reviewed:
        return [], [], _refusal(document.source, po_path, locale, output, status)
    translations = {e.msgid: e.msgstr for e in active
                    if e.msgstr and not (output.reviewed_only and "fuzzy" in e.flags)}
    english = list(dict.fromkeys(u.text for u in units if u.text not in translations and not copied(u.text)))
    written = []
    for fmt in output.kinds(document.source):
        release = output.folder / f"{slug}.{locale}.{fmt}"
        if write_bytes(release, formats.write(fmt, document, units, translations, locale, dict(output.fonts),
                                                  draft=not status.final), output.folder):
            written.append(str(release))
    return written, english, ""


def _shown(path: Path) -> str:
    """A path as the user would type it where they stand: relative to the current folder when under it."""
    try:
        return shlex.quote(str(path.resolve().relative_to(Path.cwd().resolve())))
    except (OSError, ValueError):
        return shlex.quote(str(path))


def _refusal(source: Path, po_path: Path, locale: str, output: Output, status: Status) -> str:
    """Why no release was written (--final or --min-reviewed) and what to do, with the commands as
    the user would type them where they stand."""
    options = f" {_shown(source)} --to {locale}"
    root = po_path.parents[3]  # <root>/locales/<locale>/LC_MESSAGES/<name>.po
    if root.resolve() != Path.cwd().resolve():
        options += f" --project {_shown(root)}"
    still = unfinished(status.fuzzy, status.untranslated, status.errors)
    if output.final and not status.final:
        verb = "translate and review them" if status.untranslated else "review them"
        return (f"{source.name} {locale}: not final ({still}), so --final writes no release; {verb} in Poedit "
                f"({_shown(po_path)}; `l10n review{options}` shows them on one page), then run "
                f"`l10n build{options} --final`")
    return (f"{source.name} {locale}: less than {output.min_reviewed:g}% of the catalog is reviewed ({still}), so "
            f"--min-reviewed writes no release; review more of them in Poedit ({_shown(po_path)}), then run "
            f"`l10n build{options} --min-reviewed {output.min_reviewed:g}`")


@dataclass
class Run:
    """One invocation: what stays loaded across files (glossary, cache, MT models)."""

    root: Path
    glossary: Glossary
    engine: str = "auto"
    limit: int = MAX_BYTES
    # the largest file read (l10n.toml's max_file_mb)
    translators: dict[str, object] = field(default_factory=dict)
    memories: dict[str, object] = field(default_factory=dict)
    names: dict[Path, str] = field(default_factory=dict)
    # the catalog name of each release of the run, in the order they were named
    _folders: list[Path] | None = None
    # the locale folders as the run found them: the catalogs it writes itself are told apart by `names`
    estimating: bool = False
    # a run that only estimates (`estimate`) and must write and send nothing: it reads the cache
    # as a copy in memory, so the memory's indexing stays there, and builds HTTP engines without
    # their key: they can say how they would batch and what they would send, never send it
    _cache: object = None
    _taken: set[str] = field(default_factory=set)
    _segmented: dict[Path, tuple] = field(default_factory=dict)
    # releases `prefetch` read, held (with their file's stamp) until their own run takes them

    def catalog_name(self, path: Path) -> str:
        """The name of the catalogs of the release at `path`; a name another release of this run took is not given twice."""
        if path not in self.names:
            if self._folders is None:
                self._folders = catalog.locale_folders(self.root)
            self.names[path] = catalog_name(self.root, path, self._taken, self._folders)
            self._taken.add(self.names[path])
        return self.names[path]

    def cache(self):
        if self._cache is None:
            from l10n.cache import Cache

            self._cache = Cache(self.root / ".l10n" / "cache.sqlite", copy=self.estimating)
        return self._cache

    def memory(self, locale: str):
        """The translation memory of `locale` over every catalog of the project and every imported
        one; indexed once per run."""
        if locale not in self.memories:
            from l10n.engines.memory import Memory, sources

            self.memories[locale] = Memory(self.cache(), locale, sources(self.root, locale), self.limit)
        return self.memories[locale]

    def usage(self, locale: str) -> dict:
        """What the engine of `locale` has used so far in this run (HTTP engines count it), or {}."""
        counted = getattr(self.translators.get(locale), "usage", None)
        return counted.as_dict() if counted is not None else {}

    def notes(self) -> list[str]:
        """What the user should know about this run: a cache switched off."""
        return [self._cache.disabled] if self._cache is not None and self._cache.disabled else []

    def translator(self, locale: str):
        """The MT engine for `locale`, or None when `auto` finds no model; loaded once per run.

        `auto` is offline first: an Argos model where one is installed, else the HTTP engine that
        l10n.toml's `auto_http` names, else None."""
        if locale not in self.translators:
            if self.engine == "pseudo":
                from l10n.engines.pseudo import PseudoTranslator

                self.translators[locale] = PseudoTranslator()
            elif self.engine in HTTP_ENGINES:
                from l10n.engines import remote

                self.translators[locale] = remote.translator(self.engine, self.root, locale, self.glossary,
                                                             "" if self.estimating else None)
            elif self.engine in ("argos", "auto"):
                from l10n.engines import argos

                model = argos.find(locale)
                if model is None and self.engine == "argos":
                    raise L10nError(f"no Argos model for en→{argos.code(locale)}; install one with "
                                    f"`{argos.install_command(locale)}` or, offline, `{argos.INDEX_HINT}`")
                found = model and argos.translator(model, self.root)
                if found is None and self.engine == "auto":
                    from l10n.engines import remote

                    found = remote.auto_translator(self.root, locale, self.glossary, "" if self.estimating else None)
                self.translators[locale] = found
            else:
                self.translators[locale] = None
        return self.translators[locale]


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _reference(path: Path, root: Path) -> str:
    """The release's name in `#:` references: relative to the project, a line break or other
    control character written as its escape (a PO comment line cannot hold one)."""
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = path.name
    return _UNPRINTABLE.sub(lambda found: found[0].encode("unicode_escape").decode("ascii"), name)


def _hint(found: Sequence[Match], locale: str | None) -> str | None:
    """One `glossary:` line: the approved targets that differ from the English, then what stays as written."""
    if locale is None:
        return "glossary: " + "; ".join(dict.fromkeys(m.text for m in found)) if found else None
    renamed = [f"{m.text} → {m.term.target(locale)}" for m in found
               if m.term.kind != "dnt" and m.term.target(locale) != m.text]
    kept = [m.text for m in found if m.term.kind == "dnt" or m.term.target(locale) == m.text]
    parts = [*dict.fromkeys(renamed), *(f"keep: {text}" for text in dict.fromkeys(kept))]
    return "glossary: " + "; ".join(parts) if parts else None


_MARKUP_NAMES = {"b": "bold", "i": "italic", "u": "underlined", "s": "struck through", "sup": "superscript",
                 "sub": "subscript", "code": "code", "a": "link to {}", "f": "own format", "x": "{}"}


def _markup(codes: Sequence[tuple[str, str]]) -> str | None:
    """One `markup:` line saying what the unit's inline tags are, so a reviewer keeps them on the right words."""
    if not codes:
        return None
    said = [(f"<{tag}/> " if inline.empty(tag) else f"<{tag}> ") + _MARKUP_NAMES.get(tag.rstrip("0123456789"), tag)
            .format(value) for tag, value in codes]
    keep = "keep each tag around the words it marks" + (
        ", and each object (<x1/>) after the word it follows" if any(inline.empty(tag) for tag, _ in codes) else "")
    return "markup: " + "; ".join(said) + "; " + keep


def sources(units: Sequence[Unit], reference: str, matches: dict[str, list[Match]],
            locale: str | None) -> list[catalog.Source]:
    """One catalog source per distinct sentence (letterless ones are copied, not translated):
    references, kinds, the glossary hint and what its tags mark."""
    grouped: dict[str, list[Unit]] = {}
    for unit in units:
        if not copied(unit.text):
            grouped.setdefault(unit.text, []).append(unit)
    result = []
    for text, same in grouped.items():
        comments = [f"kind: {', '.join(sorted({u.kind for u in same}))}", _hint(matches[text], locale),
                    _markup(same[0].codes), *(" ".join(note.split()) for note in dict.fromkeys(
                        note for unit in same for note in unit.notes))]
        result.append(catalog.Source(text, tuple((reference, u.line) for u in same), tuple(filter(None, comments))))
    return result


def _fill(entry, draft: Draft) -> None:
    """Put a draft into an empty entry, with where it came from; an empty draft leaves only its notes."""
    entry.msgstr = draft.text
    if draft.text and draft.fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    origin = draft.engine if draft.model in ("", draft.engine) else f"{draft.engine} {draft.model}"
    catalog.set_notes(entry, "engine: ", [f"engine: {origin}"])
    catalog.set_notes(entry, "note: ", [f"note: {note}" for note in draft.notes])


def mt_locale(run: Run, locale: str) -> str:
    """The locale MT drafts into: Taiwan's and Hong Kong's drafts are made in Simplified Chinese and
    converted (`l10n.hant`), so they share the zh_CN drafts, masking and cache, and get the
    pharmaceutical layer whatever the engine. Pseudo-translation is no Chinese to convert: it
    drafts into the locale itself, with the locale's glossary targets."""
    from l10n import hant

    return hant.SOURCE if hant.config(locale) and run.engine != "pseudo" else locale


def _from_simplified(run: Run, locale: str, texts: list[str]) -> dict[str, Draft]:
    """zh_TW/zh_HK drafts converted from the reviewed zh_CN translations of `texts` (exact ones: a
    close match was made for another sentence), fuzzy for a reviewer of the market."""
    from l10n import hant

    if not hant.config(locale) or not texts:
        return {}
    simplified = run.memory(hant.SOURCE).drafts(texts)
    return {text: _converted(run, locale, text, draft, hant.FROM_REVIEWED)
            for text, draft in zip(texts, simplified) if draft is not None and not draft.fuzzy}


def _converted(run: Run, locale: str, text: str, draft: Draft, origin: str) -> Draft:
    """A Simplified draft of `text` in `locale` through OpenCC, the pharmaceutical layer and the
    glossary's targets of the text's terms; the note says which config and from what."""
    from l10n import hant

    terms = [match.term for match in run.glossary.find(inline.strip(text))]
    return Draft(hant.convert(draft.text, locale, terms), "opencc", f"{hant.config(locale)} from {origin}",
                 draft.notes)


def _left(run: Run, locale: str, texts: list[str], memory, datelines: set[str]) -> tuple[dict[str, Draft], list[str]]:
    """What is left to MT of `texts` (entries with no translation), the one place that decides it:
    drafts from reviewed memory first, datelines by rule, then close memory matches, then (for
    zh_TW, zh_HK) reviewed zh_CN converted, then the cache of earlier MT; and the texts none of
    them gives, in order. A dateline's near match is another day's date."""
    from l10n.locale import dateline

    found = {text: draft for text, draft in zip(texts, memory.drafts(texts)) if draft is not None}
    for text in datelines.intersection(texts).difference(t for t, d in found.items() if not d.fuzzy):
        localized = dateline(inline.strip(text), locale, run.glossary)
        localized = localized and inline.place(text, localized)  # a bold dateline stays bold
        if localized:
            found[text] = Draft(localized, "dateline", "CLDR", ("place names from the glossary, date in CLDR's long form",))
    # a reviewed zh_CN translation of this very sentence beats a close zh_TW match made for another
    found.update(_from_simplified(run, locale, [text for text in texts if text not in found or (
        found[text].fuzzy and found[text].engine == "memory")]))
    rest = [text for text in texts if text not in found]
    mt = mt_locale(run, locale)
    translator = run.translator(mt) if rest else None
    if translator is not None:
        keys = {text: _key(run, mt, translator, text) for text in rest}
        cached = run.cache().get(list(keys.values()))
        found.update((text, cached[k]) for text, k in keys.items() if k in cached)
    return found, [text for text in rest if text not in found]


def _key(run: Run, locale: str, translator, text: str) -> str:
    """The cache key of the engine's draft of `text` (it translates the text inside tags that wrap it whole)."""
    from l10n.cache import key

    return key(inline.outer(text)[1], locale, translator.name, translator.model, run.glossary.version)


def _as_sent(run: Run, texts: Sequence[str], matches: dict[str, list[Match]]) -> tuple[list[str], list[list[Match]]]:
    """`texts` as MT gets them, with their glossary matches: a unit wrapped whole in tags (a bold
    dateline, an italic paragraph) without them; they go back around the whole translation."""
    inner = [inline.outer(text)[1] for text in texts]
    return inner, [matches[text] if bare == text else run.glossary.find(bare) for text, bare in zip(texts, inner)]


def _contexts(units: Sequence[Unit]) -> dict[str, Context]:
    """Where each text stands in its release (its first place, for a text said twice): the units
    around it and the title or heading above it, markup left out, for engines that read context."""
    from l10n.engines import Context

    found: dict[str, Context] = {}
    heading = ""
    for n, unit in enumerate(units):
        found.setdefault(unit.text, Context(inline.strip(units[n - 1].text) if n else "",
                                            inline.strip(units[n + 1].text) if n + 1 < len(units) else "", heading))
        if unit.kind in ("title", "heading"):
            heading = inline.strip(unit.text)
    return found


def _drafts(run: Run, locale: str, texts: list[str], matches: dict[str, list[Match]], memory,
            units: Sequence[Unit]) -> dict[str, Draft]:
    """Drafts for the texts that have none: what `_left` finds, then MT of the rest, kept in the
    cache. An engine that shows examples gets the project's reviewed translations to choose them from."""
    from l10n.engines import EngineFailed, machine_drafts
    from l10n.locale import punctuate

    found, missing = _left(run, locale, texts, memory, {u.text for u in units if u.kind == "dateline"})
    mt = mt_locale(run, locale)
    translator = run.translator(mt) if missing else None
    if translator is not None:
        if getattr(translator, "alike", ()) is None:
            translator.alike = run.memory(mt).alike
        keys = [_key(run, mt, translator, text) for text in missing]
        contexts = _contexts(units)
        try:
            fresh = [replace(draft, text=punctuate(draft.text, mt))
                     for draft in machine_drafts(translator, *_as_sent(run, missing, matches), mt,
                                                 [contexts[text] for text in missing])]
        except EngineFailed as failure:  # keep what was finished: a re-run resumes there
            run.cache().put((keys[i], replace(d, text=punctuate(d.text, mt)))
                            for i, d in failure.drafts.items() if d.text)
            raise
        # a unit left for a human is not remembered: the next run asks the engine again
        run.cache().put((k, draft) for k, draft in zip(keys, fresh) if draft.text)
        found.update(zip(missing, fresh))
    for text, draft in found.items():
        opening, _, closing = inline.outer(text)
        if opening and draft.text and draft.engine not in ("memory", "dateline", "opencc"):
            draft = found[text] = replace(draft, text=opening + draft.text + closing)
        # an MT draft made in Simplified for zh_TW/zh_HK (cached or fresh) is converted last
        if mt != locale and draft.text and draft.engine not in ("memory", "dateline", "opencc"):
            found[text] = _converted(run, locale, text, draft, f"{draft.engine} {draft.model}".strip())
    return found


# Extracted comments of the tool's own that stay with an entry whose msgid stays.
PROVENANCE = ("engine: ", "note: ")


@functools.cache
def _code() -> str:
    """A digest of l10n's own code: after an upgrade every release is worked through again."""
    digest = hashlib.sha256()
    for file in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _fingerprint(run: Run, path: Path, locales: Sequence[str], output: Output) -> str:
    """Everything a release's run reads or writes, by size and modification time, and every setting
    (l10n.toml's too: a new house style, font or engine setting works the release again)."""
    from l10n.config import FILE

    slug = run.catalog_name(path)
    files = [path, catalog.template_path(run.root, slug), run.root / FILE]
    for locale in locales:
        files += [catalog.catalog_path(run.root, slug, locale),
                  *(output.folder / f"{slug}.{locale}.{fmt}" for fmt in output.kinds(path))]
    found = []
    for file in files:
        try:
            info = file.stat()
            found.append((str(file), info.st_size, info.st_mtime_ns))
        except OSError:
            found.append((str(file), None, None))
    settings = [_code(), run.glossary.version, run.engine, list(locales), str(output)]
    return hashlib.sha256(json.dumps([settings, found]).encode()).hexdigest()


def translate_file(run: Run, path: Path, locales: Sequence[str], output: Output,
                   progress: Callable[[str], None] | None = None) -> list[Summary]:
    """Translate one release into each locale; a release left as its last run left it is not read again."""
    release = str(path.resolve())
    said = run.cache().finished(release, _fingerprint(run, path, locales, output))
    if said is not None:
        for locale in locales:
            if progress:
                progress(f"{path.name} → {locale}")
        # Nothing was drafted or written this time; the rest is as the last run left it.
        return [Summary(**{**s, "memory": 0, "machine": 0, "written": (), "english": tuple(s["english"]), "usage": {},
                           "notes": tuple(s["notes"])}) for s in said]
    summaries = _translate(run, path, locales, output, progress)
    # Untranslated entries wait for a model or a reviewed translation elsewhere: such a release is worked again.
    if not any(s.untranslated for s in summaries):
        run.cache().finish(release, _fingerprint(run, path, locales, output), [asdict(s) for s in summaries])
    return summaries


def _merged(run: Run, slug: str, reference: str, units: Sequence[Unit], matches: dict[str, list[Match]], locale: str,
            created: str | None) -> tuple[Path, object, object]:
    """The path of the release's catalog in `locale`, the catalog as read, and merged with the
    release (msgmerge), in memory."""
    po_path = catalog.catalog_path(run.root, slug, locale)
    old = catalog.read(po_path, locale, run.limit) if po_path.exists() else catalog.new(locale, slug)
    ref = catalog.template(sources(units, reference, matches, locale), slug, created)
    merged = catalog.merge(old, ref, keep=PROVENANCE)
    merged.metadata[catalog.RELEASE_FIELD] = reference
    return po_path, old, merged


def _remembered(draft: Draft) -> bool:
    """A draft made of a reviewed translation, counted with the memory's: the memory's own, or a
    reviewed zh_CN one converted for zh_TW or zh_HK."""
    from l10n import hant

    return draft.engine == "memory" or (draft.engine == "opencc" and draft.model.endswith(hant.FROM_REVIEWED))


def _clear_stale(run: Run, locale: str, merged) -> None:
    """Empty the machine drafts that this run's engine made under another model string (a new
    `[style]`, a new prompt version) and that nobody touched since: the same text as the cache holds
    under the old key. MT then drafts them again; a draft a reviewer edited or accepted stays.
    Only for an engine the run has built already (the HTTP engines, built before anything is read)."""
    from l10n.cache import key

    mt = mt_locale(run, locale)
    translator = run.translators.get(mt)
    if translator is None:
        return
    prefix = f"engine: {translator.name} "
    stale = []
    for entry in merged:
        note = next((line for line in entry.comment.splitlines() if line.startswith(prefix)), None)
        if note and note != prefix + translator.model and "fuzzy" in entry.flags and not entry.obsolete:
            old = note[len(prefix):]
            stale.append((entry, key(inline.outer(entry.msgid)[1], mt, translator.name, old, run.glossary.version)))
    cached = run.cache().get([k for _, k in stale]) if stale else {}
    for entry, k in stale:
        opening, _, closing = inline.outer(entry.msgid)
        if k in cached and entry.msgstr in (cached[k].text, opening + cached[k].text + closing):
            entry.msgstr = ""
            entry.flags.remove("fuzzy")
            catalog.set_notes(entry, "engine: ", [])
            catalog.set_notes(entry, "note: ", [])


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells that a file was saved again: a PO editor writes a new file (inode) or new bytes."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def _segmented(run: Run, path: Path, hold: bool = False) -> tuple[object, list[Unit]]:
    """The release at `path` read and segmented: what `prefetch` read for it (`hold`), taken back
    once, unless the file was saved again since."""
    stamp = _stamp(path)
    held = run._segmented.pop(path, None)
    if held is not None and stamp is not None and held[0] == stamp:
        document, units = held[1], held[2]
    else:
        document = read(path, limit=run.limit)
        units = segment(document)
    if hold:
        run._segmented[path] = (stamp, document, units)
    return document, units


def _translate(run: Run, path: Path, locales: Sequence[str], output: Output,
               progress: Callable[[str], None] | None) -> list[Summary]:
    from l10n.engines.argos import install_command

    document, units = _segmented(run, path)
    slug, reference = run.catalog_name(path), _reference(path, run.root)
    matches = {u.text: run.glossary.find(u.text) for u in units}
    contacts = {u.text for u in units if u.kind == "contact"}

    pot_path = catalog.template_path(run.root, slug)
    pot = catalog.template(sources(units, reference, matches, None), slug)
    pot.metadata[catalog.RELEASE_FIELD] = reference
    # the template is written after the catalogs: an engine that fails on its first request (a
    # refused key, a server that is down) leaves every file as it was; its date is settled now
    template = catalog.planned(pot, pot_path, stamp="POT-Creation-Date")
    summaries = []
    for locale in locales:
        if progress:
            progress(f"{path.name} → {locale}")
        read_as = _stamp(catalog.catalog_path(run.root, slug, locale))
        po_path, old, merged = _merged(run, slug, reference, units, matches, locale, pot.metadata["POT-Creation-Date"])
        for entry in merged:  # a reviewer accepted it: what MT or the memory said of the draft is history
            if catalog.state(entry) == "reviewed" and "engine: verbatim" not in entry.comment:
                catalog.set_notes(entry, "note: ", [])
        _clear_stale(run, locale, merged)
        empty = [e for e in merged if not e.obsolete and not e.msgstr]
        for entry in empty:
            if entry.msgid in contacts:
                _fill(entry, Draft(entry.msgid, "verbatim", notes=("contact line: kept as written",), fuzzy=False))
        todo = [e.msgid for e in empty if not e.msgstr]
        memory = run.memory(locale) if todo else None
        used_before = run.usage(locale)
        drafts = _drafts(run, locale, todo, matches, memory, units) if todo else {}
        for entry in empty:
            if entry.msgid in drafts:
                _fill(entry, drafts[entry.msgid])
        # a reviewer may have saved the catalog (Poedit, Lokalize) while MT drafted: what they saved wins
        saved = _stamp(po_path) not in (read_as, None) and catalog.keep_saved(
            merged, old, catalog.read(po_path, locale, run.limit))
        status = review(merged, locale, run.glossary, annotate=True)
        locale_written = [str(po_path)] if catalog.write(merged, po_path) else []
        releases, english, refused = write_releases(document, units, merged, locale, output, status, po_path)
        locale_written += releases
        active = [e for e in merged if not e.obsolete]
        used = [drafts[t] for t in todo if t in drafts]
        no_model = run.engine == "auto" and run.translators.get(mt_locale(run, locale), 0) is None
        summaries.append(Summary(
            source=str(path), locale=locale, units=len(units), entries=len(active),
            memory=sum(_remembered(d) for d in used),
            machine=sum(d.engine not in ("verbatim", "dateline") and not _remembered(d) and bool(d.text) for d in used),
            untranslated=status.untranslated, fuzzy=status.fuzzy,
            hints=sum(c.startswith("glossary: ") for e in active for c in e.comment.splitlines()),
            written=tuple(locale_written), status=str(status), errors=status.errors,
            warnings=status.warnings,
            missing_model=install_command(mt_locale(run, locale)) if no_model and status.untranslated else "",
            english=tuple(english), refused=refused, notes=document.notes + (tuple(memory.skipped) if memory else ()) + (
                (f"{_shown(po_path)}: kept {counted(saved, 'entry', 'entries')} saved by a reviewer while this run "
                 "drafted",) if saved else ()),
            usage=_used(used_before, run.usage(locale)),
        ))
    if template is not None and write_text(pot_path, template) and summaries:
        summaries[0] = replace(summaries[0], written=(str(pot_path), *summaries[0].written))
    return summaries


def _used(before: dict, after: dict) -> dict:
    """The usage between two readings of an engine's count: what one release and locale used."""
    if not after:
        return {}
    return {k: v - before.get(k, 0) if isinstance(v, int) else v for k, v in after.items()}


def total_usage(summaries: Sequence[Summary]) -> list[dict]:
    """The usage of the run per engine and model, summed over its releases and locales."""
    totals: dict[tuple, dict] = {}
    for s in summaries:
        if s.usage:
            total = totals.setdefault((s.usage["engine"], s.usage["model"]), dict(s.usage, requests=0, characters=0,
                                                                                  tokens=0, repairs=0))
            for k in ("requests", "characters", "tokens", "repairs"):
                total[k] += s.usage.get(k, 0)
    return list(totals.values())


CHUNK = 500
# releases `prefetch` batches together: tens of thousands of sentences per engine call, enough
# to keep CTranslate2's batches full; an archive run that is stopped loses one chunk's MT at
# most (the rest is in the cache), and the driver holds one chunk's releases at a time


def chunks(paths: Sequence[Path]) -> list[Sequence[Path]]:
    """`paths` in the runs of CHUNK releases whose MT `prefetch` batches together."""
    return [paths[start:start + CHUNK] for start in range(0, len(paths), CHUNK)]


def prefetch(run: Run, paths: Sequence[Path], locales: Sequence[str], output: Output) -> None:
    """Machine-translate what the releases at `paths` leave to MT (`_left_in`) before any of them
    runs, all releases at once: per locale one call of the engine, which batches the units by
    length across releases (Argos; on a cluster, its workers), instead of one small call per
    release. The drafts go into the cache as `_drafts` would put them, so each release's own run
    then finds them there and writes what it would have written, and the release as read here
    (`_segmented`), so it is read once. A release left as its last run left it, or one whose own
    files are wrong (its run reports that), is passed over. Only Argos gains (other engines batch
    per request, and count what each release used). The CLI gives it a chunk (`chunks`) at a time."""
    from l10n.cache import key
    from l10n.engines import EngineFailed, argos, machine_drafts
    from l10n.locale import punctuate

    # zh_TW and zh_HK are drafted in Simplified (`mt_locale`) under its keys, as `_drafts` does
    batched = [locale for locale in locales if run.engine in ("argos", "auto") and (getattr(
        run.translators.get(mt_locale(run, locale)), "name", "") == "argos" or argos.find(mt_locale(run, locale)))]
    pending = [path for path in paths if batched and run.cache().finished(
        str(path.resolve()), _fingerprint(run, path, locales, output)) is None]
    for locale in batched if len(pending) > 1 else ():
        left: dict[str, list[Match]] = {}
        for path in pending:
            try:
                texts, matches = _left_in(run, path, locale, hold=True)
            except L10nError:
                continue
            left.update(zip(texts, matches))
        mt = mt_locale(run, locale)
        translator = run.translator(mt) if left else None
        if translator is None:
            continue
        texts = list(left)
        try:
            drafts = dict(enumerate(machine_drafts(translator, texts, list(left.values()), mt)))
        except EngineFailed as failure:  # keep what was finished; the releases' own runs say what stopped it
            drafts = failure.drafts
        run.cache().put((key(texts[i], mt, translator.name, translator.model, run.glossary.version),
                         replace(d, text=punctuate(d.text, mt))) for i, d in drafts.items() if d.text)


def _left_in(run: Run, path: Path, locale: str, hold: bool = False) -> tuple[list[str], list[list[Match]]]:
    """The texts of the release at `path` that a run into `locale` would leave to MT (`_left`), as
    MT would get them, with their glossary matches. The catalog is merged in memory, as a run
    merges it; nothing is written but what `run`'s cache and memory write. With `hold`, the
    release as read waits in `run` for its own run."""
    _, units = _segmented(run, path, hold)
    matches = {u.text: run.glossary.find(u.text) for u in units}
    _, _, merged = _merged(run, run.catalog_name(path), _reference(path, run.root), units, matches, locale, None)
    contacts = {u.text for u in units if u.kind == "contact"}  # kept verbatim
    todo = [e.msgid for e in merged if not e.obsolete and not e.msgstr and e.msgid not in contacts]
    if not todo:
        return [], []
    _, missing = _left(run, locale, todo, run.memory(locale), {u.text for u in units if u.kind == "dateline"})
    return _as_sent(run, missing, matches)


def first_request(run: Run, path: Path, locale: str) -> dict | None:
    """What the engine would send first for the release at `path` into `locale` (`--dry-run`):
    its sentences that the catalog, the memory, the dateline rule and the cache leave to MT, as the
    engine would batch them, the key redacted; None when nothing would be sent. Sends nothing."""
    from l10n.engines import first_request as engine_request

    texts, matches = _left_in(run, path, locale)
    mt = mt_locale(run, locale)  # zh_TW and zh_HK: the Simplified request made for them
    translator = run.translator(mt) if texts else None
    return engine_request(translator, texts, matches, mt) if translator else None


def estimate(run: Run, paths: Sequence[Path], locales: Sequence[str]) -> list[Estimate]:
    """What machine translation of each release into each locale would take (`--estimate`), before
    any is done: per release and locale, in that order, the units left to MT (`_left_in`), their
    characters, and for an HTTP engine its requests, tokens and cost (`engines.estimate`).

    Sends nothing, writes nothing (no catalog, template, release or cache row) and needs no API
    key: it works on a run of its own that is `estimating`, with `run`'s root, glossary, engine and
    limit (the caller's run may hold engines with their keys, and a cache on disk). An engine that
    cannot run (argos with no model, a bad setting in l10n.toml) is the L10nError a run would raise.
    """
    from l10n.engines import estimate as engine_estimate
    from l10n.engines.argos import install_command

    quiet = Run(run.root, run.glossary, run.engine, run.limit, estimating=True)
    found = []
    for path in paths:
        for locale in locales:
            texts, matches = _left_in(quiet, path, locale)
            mt = mt_locale(quiet, locale)  # zh_TW and zh_HK: drafted in Simplified, then converted
            translator = quiet.translator(mt) if texts else None
            requests, tokens, cost = engine_estimate(translator, texts, matches, mt)
            found.append(Estimate(
                str(path), locale, translator.name if translator else "", translator.model if translator else "",
                len(texts), sum(map(len, texts)), requests, tokens, cost,
                install_command(mt) if texts and translator is None and run.engine == "auto" else ""))
    return found


def releases(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The release files named, and the files of the folders named that are not releases, each with
    what it is. A folder means every release in it (.txt, .md, .html, .docx, .pdf); a file named
    outright is taken as it is (reading it says what is wrong with it)."""
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        inside = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))  # editors'
        for file in inside:  # lock and backup files are no one's business
            what = formats.not_a_release(file, _head(file)) if file.suffix.lower() in formats.READERS else \
                formats.not_a_release(file, b"") or ("a file of another kind",)
            if what:
                skipped.append((file, what[0]))
            else:
                found.append(file)
        if not set(inside) & set(found):
            raise L10nError(f"holds no release ({', '.join(formats.READERS)}); name the release files, or the "
                            "folder they are in", path)
    return list(dict.fromkeys(found)), skipped


def _head(path: Path) -> bytes:
    """The first bytes of a file, enough to tell another tool's file; unreadable: none (reading it will say why)."""
    try:
        with open(path, "rb") as stream:
            return stream.read(formats.SNIFF_BYTES)
    except OSError:
        return b""


def _names(path: Path) -> Iterator[str]:
    """The names a release's catalogs may take, in order: its stem, the stem and its suffix
    (`release-docx`), then those numbered (`release-docx-2`)."""
    suffix = path.suffix.lower().lstrip(".") or "txt"
    yield path.stem
    yield f"{path.stem}-{suffix}"
    for number in itertools.count(2):
        yield f"{path.stem}-{suffix}-{number}"


def catalog_name(root: Path, path: Path, taken: Collection[str] = (), folders: Sequence[Path] | None = None) -> str:
    """The name of the catalogs (and template and localized files) of the release at `path`: the
    name whose files serve it, else the first name that no file and no release in `taken` holds.

    The first release of a stem keeps the bare stem (`release.po`), as projects made before
    catalogs recorded their release have it; another release of that stem (`release.docx` beside
    `release.txt`, or one in another folder) gets `release-docx.po`, so no run ever merges one
    release's reviewed translations away for another's. A catalog that names no release at all
    (no X-L10n-Release field, no references) is taken only while it holds no reviewed entry.
    """
    reference = _reference(path, root)
    free = None
    for index, name in enumerate(_names(path)):
        files = catalog.files_named(root, name, folders)
        if not files:
            free = free or (name if name not in taken else None)
            if index and free:  # numbered names are looked at only while they exist
                return free
            continue
        serves = catalog.served(files)
        if reference in serves:
            return name
        if not serves and name not in taken:
            reviewed = [f for f in files if f.suffix == ".po" and any(
                catalog.state(e) == "reviewed" for e in catalog.read(f) if not e.obsolete)]
            if reviewed:
                raise L10nError(f"does not say which release it serves (no {catalog.RELEASE_FIELD} header field, "
                                f"no references) and holds reviewed translations, so l10n will not merge {reference} "
                                f"into it; if it is {reference}'s catalog, add the header line "
                                f"\"{catalog.RELEASE_FIELD}: {reference}\\n\" to it, else move it out of locales/",
                                reviewed[0])
            return name
    raise AssertionError("unreachable: the names go on")


def catalog_file(root: Path, release: Path, locale: str) -> Path:
    """The path of the catalog of `release` in `locale`, whether it exists yet or not."""
    return catalog.catalog_path(root, catalog_name(root, release), locale)


def current_catalog(root: Path, release: Path, locale: str, limit: int = MAX_BYTES):
    """The catalog of `release` in `locale` as it stands; a release not yet translated into it is one line."""
    path = catalog_file(root, release, locale)
    if not path.exists():
        raise L10nError(f"has no {locale} catalog yet ({path}); run `l10n translate {release} --to {locale}` first",
                        release)
    return catalog.read(path, locale, limit)


def build_file(root: Path, path: Path, locales: Sequence[str], output: Output, terms: Glossary,
               limit: int = MAX_BYTES) -> list[tuple[list[str], list[str], str, Status]]:
    """Reassemble a release from its current catalogs, with no MT and no change to them:
    per locale what write_releases says, and the release's status."""
    document = read(path, limit=limit)
    units = segment(document)
    results = []
    for locale in locales:
        po = current_catalog(root, path, locale, limit)
        status = review(po, locale, terms)
        results.append((*write_releases(document, units, po, locale, output, status,
                                        catalog_file(root, path, locale)), status))
    return results
