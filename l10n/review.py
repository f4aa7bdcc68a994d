"""The bilingual review page: a release's catalog as one self-contained HTML page per locale.

For the reviewer who signs off in a browser rather than in a PO editor: sentence by sentence in
the release's order, the English, the translation, its state (reviewed, fuzzy, machine, memory
with its score, untranslated), the glossary terms with their approved targets, the English before
a change with the change marked word by word, and the check findings with their severity; a
summary at the top says whether the release is final or a draft and why, as `l10n build` does.
Filters by state and severity are radio buttons and CSS: the page holds no script, loads
nothing, and reads on a phone.

The page is rendered by Jinja2 with autoescaping on; the few pieces built here (a sentence
with its inline tags shown, a word diff) escape every text they hold. Reading the catalog
changes nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from l10n import catalog, inline, qa
from l10n.errors import noun
from l10n.files import MAX_BYTES
from l10n.glossary import Glossary
from l10n.model import Finding, Unit

STATES = ("reviewed", "fuzzy", "machine", "memory", "untranslated")
SEVERITIES = ("error", "warning", "info")
# What each state means, for the page's legend.
STATE_HELP = {
    "reviewed": "a reviewer accepted it",
    "fuzzy": "a draft to check: the English changed, or a reviewer marked it",
    "machine": "a machine draft (MT or a rule), not yet checked",
    "memory": "a close match from the translation memory, not yet checked",
    "untranslated": "no translation yet: the release shows the English",
}
# Inline tags as the reviewer sees them formatted: b → <strong> ...; a link (aN) is shown, not followed.
_FORMATS = {"b": "strong", "i": "em", "u": "u", "s": "s", "sup": "sup", "sub": "sub", "code": "code"}
_ENGINE = re.compile(r"^engine: *(.+)$", re.M)
_SCORE = re.compile(r"^note: memory: (\d+)% match", re.M)
# A number with its separators and percent sign (`78.4`, `1,234`, `3.5%`, `2025-07-28`: a changed
# number reads as `78.4` → `81`, never digit by digit), a word, a run of spaces, one CJK character
# (Chinese has no spaces: a change is per character), or one mark. A number glued to letters
# (`XS228`, `2nd`) is a word: the atomic group keeps `\d+` from giving back digits to end early.
# A number has at most NUMBER_PARTS parts: each part of a longer run may start one, and would read
# the rest of the run again (`1-1-1-…-1x` cost its length squared).
NUMBER_PARTS = 16
_WORD = r"[^\W\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
_TOKEN = re.compile(rf"(?>\d++(?:[.,:/\-]\d++){{0,{NUMBER_PARTS - 1}}}%?)(?!{_WORD})"
                    rf"|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|{_WORD}+|\s+|\W")


@dataclass(frozen=True)
class Term:
    """A glossary term of a sentence and what the reviewer should see for it."""

    english: str
    target: str
    # the approved target in the locale; for a term kept as written, the English itself
    kind: str
    # term | name | dnt
    others: tuple[str, ...] = ()
    # other accepted renderings


@dataclass(frozen=True)
class Row:
    """One sentence of the page: a catalog entry at the place its first unit has in the release."""

    id: str
    kind: str
    line: int
    also: tuple[int, ...]
    # other lines where the same sentence stands (one catalog entry serves them all)
    english: Markup
    translation: Markup
    # empty when untranslated
    state: str
    # one of STATES
    origin: str
    # where the translation came from (`argos en→zh 1.9`, `memory 91% · other.po`), or ""
    score: int | None
    # a memory match's similarity, in percent
    previous: Markup | None
    # for a changed sentence, the English before the change with the change marked
    terms: tuple[Term, ...]
    findings: tuple[Finding, ...]
    catalog_line: int

    @property
    def severities(self) -> tuple[str, ...]:
        return tuple(s for s in SEVERITIES if any(f.severity == s for f in self.findings))


@dataclass(frozen=True)
class Page:
    """Everything the template shows."""

    release: str
    slug: str
    title: str
    locale: str
    lang: str
    # the locale as an HTML language tag: zh-CN
    catalog: str
    status: str
    # `final`, or `draft: ` and why, as `l10n build` says it
    final: bool
    rows: tuple[Row, ...]
    counts: dict[str, int] = field(default_factory=dict)
    # entries per state
    findings: dict[str, int] = field(default_factory=dict)
    # findings per severity
    flagged: dict[str, int] = field(default_factory=dict)
    # sentences with at least one finding of each severity
    missing: int = 0
    # sentences of the release the catalog does not hold yet (the English changed since the last run)


def tagged(text: str, codes: Sequence[tuple[str, str]] = ()) -> Markup:
    """A unit's text with its inline tags shown as small chips around words formatted as they
    will be (bold, italic, a link's words underlined with its address as a tooltip). Tags that do
    not nest are shown as chips marked wrong, the words unformatted."""
    if not inline.TAG.search(text):
        return escape(text)
    known = dict(codes)
    split = inline.pieces(text)
    if split is None:
        out = []
        at = 0
        for found in inline.TAG.finditer(text):
            out.append(escape(text[at:found.start()]))
            out.append(Markup('<span class="tag bad" title="these tags do not nest">{}</span>').format(found[0]))
            at = found.end()
        out.append(escape(text[at:]))
        return Markup("").join(out)
    out = []
    stack: list[str] = []
    for found in re.finditer(f"({inline.TAG.pattern})|([^<]+|<)", text):
        if found[1]:
            closing, name = found[2], found[3]
            if inline.empty(name):  # an object (a footnote reference, a picture): where it goes, what it is
                out.append(Markup('<span class="tag" title="{}">{}</span>').format(known.get(name, ""), found[1]))
                continue
            out.append(Markup('<span class="tag">{}</span>').format(found[1]))
            if closing:
                stack.pop()
            else:
                stack.append(name)
            continue
        words = escape(found[0])
        for name in reversed(stack):
            kind = name.rstrip("0123456789")
            if kind in _FORMATS:
                words = Markup(f"<{_FORMATS[kind]}>{{}}</{_FORMATS[kind]}>").format(words)
            elif kind == "a":
                words = Markup('<span class="link" title="{}">{}</span>').format(known.get(name, ""), words)
            else:
                words = Markup('<span class="fmt" title="{}">{}</span>').format(f"own format {name}", words)
        out.append(words)
    return Markup("").join(out)


def changes(before: str, after: str) -> Markup:
    """`after` with what differs from `before` marked, word by word (character by character in
    Chinese and Korean): removed words struck through in <del>, added ones in <ins>."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    out = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(old[a:b])))
            continue
        if b > a:
            out.append(Markup("<del>{}</del>").format("".join(old[a:b])))
        if d > c:
            out.append(Markup("<ins>{}</ins>").format("".join(new[c:d])))
    return Markup("").join(out)


def state_of(entry) -> tuple[str, str, int | None]:
    """(state, origin, memory score) of a catalog entry, from its flags, `#|` and `engine:` / `note:` comments."""
    state = catalog.state(entry)
    engine = _ENGINE.search(entry.comment or "")
    origin = engine[1].strip() if engine else ""
    if state == "untranslated":
        return "untranslated", "", None
    if state == "reviewed":
        return "reviewed", "contact line, kept as written" if origin == "verbatim" else "", None
    if entry.previous_msgid:
        return "fuzzy", "the English changed", None
    if origin.startswith("memory"):
        score = _SCORE.search(entry.comment or "")
        return "memory", origin, int(score[1]) if score else None
    if origin and origin != "verbatim" and not origin.startswith("xliff"):  # a CAT tool's draft is a person's
        return "machine", origin, None
    return "fuzzy", origin, None


def _terms(text: str, locale: str, terms: Glossary) -> tuple[Term, ...]:
    found: dict[str, Term] = {}
    for match in terms.find(inline.strip(text)):
        accepted = match.term.accepted(locale)
        target = match.text if match.term.kind == "dnt" else accepted[0]
        found.setdefault(match.text.lower(), Term(match.text, target, match.term.kind, tuple(accepted[1:])))
    return tuple(found.values())


def rows(units: Sequence[Unit], po, locale: str, terms: Glossary) -> list[Row]:
    """One row per catalog entry of the release's units, in the order the release first uses them."""
    entries = {e.msgid: e for e in po if not e.obsolete}
    grouped: dict[str, list[Unit]] = {}
    for unit in units:
        grouped.setdefault(unit.text, []).append(unit)
    result = []
    for text, same in grouped.items():
        entry = entries.get(text)
        if entry is None:  # the release changed since the catalog was last merged
            continue
        first = same[0]
        state, origin, score = state_of(entry)
        findings = tuple(f for f in qa.check_po_entry(entry, locale, terms) if f.check != "untranslated")
        previous = changes(inline.strip(entry.previous_msgid), inline.strip(text)) if entry.previous_msgid else None
        result.append(Row(first.id, first.kind, first.line, tuple(u.line for u in same[1:]), tagged(text, first.codes),
                          tagged(entry.msgstr, first.codes) if entry.msgstr else Markup(""), state, origin, score,
                          previous, _terms(text, locale, terms), findings, entry.linenum))
    return result


def build(root: Path, release: Path, locale: str, terms: Glossary, limit: int = MAX_BYTES) -> Page:
    """The review page's content for one release and locale, from its current catalog; writes nothing."""
    from l10n import formats, pipeline
    from l10n.segment import segment

    document = formats.read(release, limit=limit)
    units = segment(document)
    po = pipeline.current_catalog(root, release, locale, limit)
    path = pipeline.catalog_file(root, release, locale)
    status = pipeline.review(po, locale, terms)
    found = rows(units, po, locale, terms)
    title = next((inline.strip(u.text) for u in units if u.kind == "title"), release.stem)
    counts = {state: sum(r.state == state for r in found) for state in STATES}
    severities = {s: sum(f.severity == s for r in found for f in r.findings) for s in SEVERITIES}
    flagged = {s: sum(s in r.severities for r in found) for s in SEVERITIES}
    missing = len({u.text for u in units}) - len(found)
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    return Page(str(release), path.stem, title, locale, locale.replace("_", "-"), shown, str(status),
                status.final, tuple(found), counts, severities, flagged, missing)


def render(page: Page) -> str:
    """The page as HTML, through the package's Jinja2 template with autoescaping on."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["noun"] = noun  # `1 error`, `2 errors`: counts on the page read as a person's
    return environment.get_template("review.html").render(page=page, states=STATES, severities=SEVERITIES,
                                                          state_help=STATE_HELP)




def write(root: Path, release: Path, locale: str, terms: Glossary, folder: Path,
          limit: int = MAX_BYTES) -> tuple[Path, Page, bool]:
    """Write `<folder>/<slug>.<locale>.review.html`: (its path, the page, whether the file changed)."""
    from l10n.files import write_text

    page = build(root, release, locale, terms, limit)
    target = folder / f"{page.slug}.{locale}.review.html"
    return target, page, write_text(target, render(page), folder)
