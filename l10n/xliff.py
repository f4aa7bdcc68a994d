"""XLIFF 1.2 for CAT tools: a release's catalog out to Trados, memoQ, Phrase or OmegaT, and back.

`export` writes one `<trans-unit>` per catalog entry of the release, in the release's order,
`id` the unit's id (a hash of its English, as `l10n segment` shows it), with its state:

| catalog entry | `<target state>` | `approved` |
|---|---|---|
| untranslated | `needs-translation` (empty target) | |
| fuzzy (machine, memory or changed) | `needs-review-translation` | |
| reviewed | `final` | `yes` |

Contact lines, kept as written, are `translate="no"`. Notes carry the glossary terms with their
approved targets, what the inline tags mark, the English before a change, where a draft came
from, and the check findings (`priority` 1 for an error, 2 a warning, 5 information).
Inline tags become codes a CAT tool moves but cannot break: `<b>...</b>` and `<a1>...</a1>` are
`<g id="1" ctype="bold">`, `<g id="2" ctype="link">`, an object's empty code `<x1/>` (a Word
footnote reference, an inline picture) is `<x id="3" ctype="x-object"/>`, numbered in the
English's order; emails, URLs and product codes (XS228, CRV-101) are locked as `<ph>` with
their text inside.
`original` is the release's path in the project, then `#units=` and a hash of its units' English,
so an import can tell another version of the release.

`import_file` puts translations back into the catalog the file names (the release's stem and
`target-language`): a `final`, `signed-off` or `translated` target, or one the tool marked
`approved="yes"`, is a reviewed translation (a CAT tool's `translated` is a translator's
confirmation, as Trados's "Translated" is in TMX); any other state with text is a fuzzy draft; an
empty target changes nothing. A draft never replaces a reviewed translation. Every imported
translation is checked as `l10n check` would, and its notes say what was found.

What is refused, with one line and nothing written: a file that is not well-formed XML, one that
declares an entity (no entity is expanded: entity bombs and external entities never get a
chance), a root other than XLIFF 1.x, a file bigger than `max_file_mb`, a file for a release or
locale whose catalog is not in the project (or that is not the one `--to` names), one none of
whose units is in the catalog. What is flagged, one line per unit, the rest imported: an id not in
the catalog, an English that differs from the catalog's, an inline code l10n did not write.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from l10n import catalog, inline, qa
from l10n.errors import L10nError
from l10n.files import MAX_BYTES, read_bytes
from l10n.glossary import Glossary
from l10n.model import Finding, Unit
from l10n.protect import CODE_DIGIT_WITHIN

NS = "urn:oasis:names:tc:xliff:document:1.2"
_Q = "{" + NS + "}"
# Our tags as XLIFF's inline-code types (`x-` ones are XLIFF's extension values).
CTYPES = {"b": "bold", "i": "italic", "u": "underlined", "a": "link", "s": "x-strike", "sup": "x-superscript",
          "sub": "x-subscript", "code": "x-code", "f": "x-format", "x": "x-object"}
DATATYPES = {"txt": "plaintext", "html": "html", "md": "x-markdown", "docx": "x-docx", "pdf": "x-pdf"}
# Target states that mean a person confirmed the translation, and those that mean nobody did.
REVIEWED_STATES = frozenset({"final", "signed-off", "translated"})
DRAFT_STATES = frozenset({"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
                          "needs-review-adaptation", "needs-review-l10n"})
PRIORITY = {"error": "1", "warning": "2", "info": "5"}
# Spans locked as <ph>: emails and URLs; product codes of two capitals or more and a digit (XS228, CRV-101, NCT06612345).
# Linear in the text, as in `protect` (issue #24): an email starts where no address character stands
# before it, a code has its digit among its first CODE_DIGIT_WITHIN characters.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)+")
_URL = re.compile(r"(?:https?://|www\.)[!#-;=?-~]*[A-Za-z0-9/#=_\-]", re.I)
_CODE = re.compile(rf"\b(?=[A-Z\-]{{0,{CODE_DIGIT_WITHIN - 1}}}+\d)(?=[A-Z][0-9\-]*+[A-Z])[A-Z][A-Z0-9]*+(?:-[A-Z0-9]++)*\b")
_LOCKED = (("x-url", _URL), ("x-email", _EMAIL), ("x-code", _CODE))
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ID_SUFFIX = re.compile(r"-\d+$")


def units_hash(texts: Sequence[str]) -> str:
    """A short hash of a release's units' English, in order: `original` carries it."""
    return hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:16]


def unit_id(text: str) -> str:
    """The id `segment` gives the first unit with this text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()


# --- writing ---------------------------------------------------------------------------


def _escape(text: str, where: str, attribute: bool = False) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise L10nError(f"{text[:40]!r} holds U+{ord(bad.group()):04X}, a control character XML cannot carry; remove it "
                        "from the catalog", where)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def _kind(value: str) -> str:
    """The `ctype` of a locked text: x-url, x-email or x-code."""
    return next((ctype for ctype, pattern in _LOCKED if pattern.fullmatch(value)), "x-code")


def _locked(words: str, where: str, codes: "_Codes", seen: dict[str, int], target: bool) -> str:
    """Words with their emails, URLs and codes as `<ph>`. The English numbers its locked texts;
    a translation reuses the English's ids, its k-th copy of a text getting the id of the English's
    k-th, and leaves a text the English does not lock that often as words: no code of the
    translation is one the English lacks."""
    found: list[tuple[int, int, str]] = []
    taken = bytearray(len(words))  # 1 where a found text stands: whether a span is free costs its length

    def take(start: int, end: int, ctype: str) -> None:
        if taken.find(1, start, end) < 0:
            found.append((start, end, ctype))
            taken[start:end] = b"\x01" * (end - start)

    # In a translation, the English's locked texts wherever they stand: `XS228细胞注射液` has no word
    # boundary. Longest first; each text where `re.finditer` would find it.
    for value, start in codes.finder().find(words) if target else ():
        take(start, start + len(value), _kind(value))
    for ctype, pattern in () if target else _LOCKED:
        for match in pattern.finditer(words):
            take(match.start(), match.end(), ctype)
    out, at = [], 0
    for start, end, ctype in sorted(found):
        value = words[start:end]
        nth = seen.get(value, 0)
        seen[value] = nth + 1
        known = codes.locked.setdefault(value, [])
        if nth >= len(known):
            if target:
                continue
            codes.counter[1] += 1
            known.append(f"p{codes.counter[1]}")
        out.append(_escape(words[at:start], where))
        out.append(f'<ph id="{known[nth]}" ctype="{ctype}">{_escape(value, where)}</ph>')
        at = end
    return "".join(out) + _escape(words[at:], where)


@dataclass
class _Codes:
    """The inline codes of one unit, as its English numbers them."""

    tags: dict[str, list[str]] = field(default_factory=dict)
    # tag name → the <g> ids of its occurrences, in order
    locked: dict[str, list[str]] = field(default_factory=dict)
    # locked text → the <ph> ids of its occurrences, in order
    counter: list[int] = field(default_factory=lambda: [0, 0])
    # the last <g> number and <ph> number given
    _finder: tuple[int, _Finder | None] = field(default=(-1, None), compare=False, repr=False)
    # `finder()` for the locked texts there were when it was made

    def finder(self) -> _Finder:
        """The locked texts, ready to be found in a translation's words (made again when there are more)."""
        if self._finder[0] != len(self.locked):
            self._finder = (len(self.locked), _Finder.of(list(self.locked)))
        return self._finder[1]


@dataclass(frozen=True)
class _Finder:
    """Texts to find in words, each where `re.finditer(re.escape(text), words)` finds it, longest texts
    first. One pass over the words finds them all: a translation with 10,000 links and 10,000 locked
    texts costs its length times the number of different lengths, not 10,000 searches of every piece."""

    rank: dict[str, int]
    # text → its place in the order they are placed in: longest first, then as the English has them
    lengths: dict[str, tuple[int, ...]]
    # first character → the lengths of the texts that start with it

    @staticmethod
    def of(texts: list[str]) -> _Finder:
        ordered = sorted(filter(None, texts), key=len, reverse=True)
        lengths: dict[str, set[int]] = {}
        for text in ordered:
            lengths.setdefault(text[0], set()).add(len(text))
        return _Finder({text: n for n, text in enumerate(ordered)}, {c: tuple(k) for c, k in lengths.items()})

    def find(self, words: str) -> list[tuple[str, int]]:
        """(text, start) of each text's occurrences, leftmost and apart as finditer takes them, texts in rank order."""
        at: dict[str, list[int]] = {}
        for start, char in enumerate(words):
            for length in self.lengths.get(char, ()):
                piece = words[start:start + length]
                if piece in self.rank and (piece not in at or start >= at[piece][-1] + length):
                    at.setdefault(piece, []).append(start)
        return [(text, start) for text in sorted(at, key=self.rank.__getitem__) for start in at[text]]


def _inline(text: str, codes: _Codes, where: str, target: bool = False) -> str:
    """A unit's English (`target` False: it numbers the codes) or its translation (with the
    English's codes) as XLIFF inline content. A translation's tag the English does not have that
    often, and every tag of a text whose tags do not nest, stays words (`<b>`), so that the file
    carries no code the English lacks and the import reads back the same text."""
    if inline.pieces(text) is None:  # tags that do not nest are no codes: words
        return _locked(text, where, codes, {}, target)
    seen_tags: dict[str, int] = {}
    seen_locked: dict[str, int] = {}
    literal: list[bool] = []  # for each open tag, whether it was written as words
    out, at = [], 0
    for found in inline.TAG.finditer(text):
        out.append(_locked(text[at:found.start()], where, codes, seen_locked, target))
        at = found.end()
        name = found[2]
        if found[1]:
            out.append(_escape(found[0], where) if literal.pop() else "</g>")
            continue
        nth = seen_tags.get(name, 0)
        seen_tags[name] = nth + 1
        known = codes.tags.setdefault(name, [])
        if nth >= len(known):
            if target:
                if not inline.empty(name):
                    literal.append(True)
                out.append(_escape(found[0], where))
                continue
            codes.counter[0] += 1
            known.append(str(codes.counter[0]))
        if inline.empty(name):
            out.append(f'<x id="{known[nth]}" ctype="{CTYPES["x"]}"/>')
            continue
        literal.append(False)
        out.append(f'<g id="{known[nth]}" ctype="{CTYPES[name.rstrip("0123456789")]}">')
    out.append(_locked(text[at:], where, codes, seen_locked, target))
    return "".join(out)


def _original(release: Path, root: Path) -> str:
    try:
        return release.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return release.name


def _notes(entry, row_state: str) -> list[tuple[str, str, str]]:
    """(annotates, priority, text) of a unit's notes."""
    notes = []
    for line in (entry.comment or "").splitlines():
        if line.startswith("glossary: "):
            notes.append(("source", "3", line))
        elif line.startswith("markup: "):
            notes.append(("source", "3", line))
        elif line.startswith(("engine: ", "note: ")) and row_state != "reviewed":
            notes.append(("target", "4", line))
    if entry.previous_msgid:
        notes.append(("source", "2", f"the English changed; before: {entry.previous_msgid}"))
    return notes


def export(root: Path, release: Path, locale: str, terms: Glossary, tool_version: str,
           limit: int = MAX_BYTES) -> tuple[str, int]:
    """XLIFF 1.2 of a release's catalog in `locale`: (the file's text, the number of units)."""
    from l10n import formats
    from l10n.pipeline import catalog_file, current_catalog
    from l10n.segment import segment
    from l10n.tmx import language_tag

    document = formats.read(release, limit=limit)
    units = segment(document)
    po = current_catalog(root, release, locale, limit)
    path = catalog_file(root, release, locale)
    entries = {e.msgid: e for e in po if not e.obsolete}
    first: dict[str, Unit] = {}
    for unit in units:
        first.setdefault(unit.text, unit)
    original = _original(release, root)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff version="1.2" xmlns="{NS}">',
             f'  <file original="{_escape(original, str(release), True)}#units={units_hash([u.text for u in units])}" '
             f'source-language="en" target-language="{language_tag(locale)}" '
             f'datatype="{DATATYPES.get(document.format, "plaintext")}" tool-id="l10n" '
             f'product-name="{_escape(release.stem, str(release), True)}">',
             "    <header>",
             f'      <tool tool-id="l10n" tool-name="l10n" tool-version="{_escape(tool_version, "l10n", True)}"/>',
             '      <note from="l10n" priority="5">Sentences of the release in its order. Contact lines are kept '
             "as written (translate=&quot;no&quot;). Keep every inline code around the words it marks. Bring the "
             "file back with: l10n xliff import FILE</note>",
             "    </header>",
             "    <body>"]
    count = 0
    for text, unit in first.items():
        entry = entries.get(text)
        if entry is None:
            continue
        count += 1
        where = f"{path}:{entry.linenum}"
        state = catalog.state(entry)
        verbatim = unit.kind == "contact" and "engine: verbatim" in (entry.comment or "")
        codes = _Codes()
        source = _inline(text, codes, where)
        attributes = f'id="{unit.id}" xml:space="preserve"'
        if verbatim:
            attributes += ' translate="no"'
        if state == "reviewed":
            attributes += ' approved="yes"'
        lines.append(f"      <trans-unit {attributes}>")
        lines.append(f"        <source>{source}</source>")
        if state == "untranslated":
            lines.append('        <target state="needs-translation"/>')
        else:
            xml_state = "final" if state == "reviewed" else "needs-review-translation"
            lines.append(f'        <target state="{xml_state}">{_inline(entry.msgstr, codes, where, True)}</target>')
        lines.append('        <context-group purpose="location">')
        lines.append(f'          <context context-type="sourcefile">{_escape(original, where)}</context>')
        lines.append(f'          <context context-type="linenumber">{unit.line}</context>')
        lines.append(f'          <context context-type="x-kind">{unit.kind}</context>')
        lines.append("        </context-group>")
        findings = [f for f in qa.check_po_entry(entry, locale, terms) if f.check != "untranslated"]
        notes = _notes(entry, state) + [("target", PRIORITY[f.severity], qa.note(f)) for f in findings]
        for annotates, priority, note in notes:
            lines.append(f'        <note from="l10n" annotates="{annotates}" priority="{priority}">'
                         f"{_escape(note, where)}</note>")
        lines.append("      </trans-unit>")
    lines += ["    </body>", "  </file>", "</xliff>", ""]
    return "\n".join(lines), count


# --- reading ---------------------------------------------------------------------------


class _Root(Exception):
    """The prolog is read: the root element starts here."""


def _prolog(data: bytes, path: Path) -> None:
    """Read `data` up to its root element: refuse an entity declaration (nothing is expanded, nor
    any other file read) and a root that is not XLIFF."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")

    def entity(name, *_):
        raise L10nError(f"declares the XML entity `{name}`, which no XLIFF file needs; l10n expands no entities "
                        "(they make entity bombs and read other files): export the file again from the CAT tool",
                        path, parser.CurrentLineNumber)

    def start(name, attributes):
        namespace, _, local = name.rpartition(" ")
        if local != "xliff":
            raise L10nError(f"is not XLIFF: its root element is <{local}>; give the .xlf file the CAT tool exported",
                            path, parser.CurrentLineNumber)
        version = attributes.get("version", "")
        if namespace not in ("", NS) or not version.startswith("1."):
            raise L10nError(f"is XLIFF {version or namespace or '?'}; l10n reads XLIFF 1.2: export it as XLIFF 1.2 "
                            "from the CAT tool", path, parser.CurrentLineNumber)
        raise _Root

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _Root:
        return
    except expat.ExpatError as error:
        raise L10nError(f"is not well-formed XML ({expat.errors.messages[error.code]}); export it again from the "
                        "CAT tool", path, error.lineno)
    except (LookupError, ValueError) as error:
        raise L10nError(f"declares an encoding the XML reader cannot decode ({error}); export it again as UTF-8",
                        path, 1)
    raise L10nError("holds no XML element; give the .xlf file the CAT tool exported", path)


def parse(path: Path, limit: int = MAX_BYTES):
    """The XLIFF file's root element; what is not a safe, well-formed XLIFF 1.x file raises L10nError."""
    import lxml.etree

    data = read_bytes(path, limit, "XLIFF file")
    _prolog(data, path)
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                  remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as error:
        reason = re.sub(r", line \d+, column \d+$", "", error.msg or "syntax error")
        raise L10nError(f"is not well-formed XML ({reason}); export it again from the CAT tool", path,
                        error.lineno or None)
    return root


@dataclass(frozen=True)
class Imported:
    """What an import did to one catalog."""

    catalog: Path
    locale: str
    release: str
    # the release's path as the file names it
    units: int
    reviewed: int
    fuzzy: int
    # entries changed to a reviewed translation, to a fuzzy draft
    unchanged: int
    flagged: tuple[str, ...]
    # one line per unit left out and why
    findings: tuple[Finding, ...]
    # check findings of the changed entries, with their catalog line
    notes: tuple[str, ...] = ()
    # what else the user should know: the release changed since the export
    written: bool = False
    status: str = ""
    # the catalog's status after the import: final, or draft and why


def _local(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag[len(_Q):] if tag.startswith(_Q) else tag


def _text(element, tags: dict[str, str], locked: dict[str, str], problems: list[str]) -> str:
    """An XLIFF <source> or <target> as l10n's text: <g> back to the tag its id stands for, <ph>
    and <x> to the text they lock, <mrk> (a tool's segment or term marks) to its content."""
    out = [element.text or ""]
    for child in element:
        name = _local(child)
        code = child.get("id", "")
        if name == "g":
            tag = tags.get(code)
            inner = _text(child, tags, locked, problems)
            if tag is None or inline.empty(tag):
                problems.append(f"<g id=\"{code}\"> is no inline code of this unit")
                out.append(inner)
            else:
                out.append(f"<{tag}>{inner}</{tag}>")
        elif name == "x" and code in tags and inline.empty(tags[code]):
            out.append(f"<{tags[code]}/>")
        elif name in ("ph", "x"):
            value = locked.get(code)
            if value is None and name == "ph":
                value = "".join(child.itertext())
            if value is None:
                problems.append(f"<x id=\"{code}\"/> is no inline code of this unit")
            out.append(value or "")
        elif name == "mrk":
            out.append(_text(child, tags, locked, problems))
        else:
            problems.append(f"<{name or 'unknown'}> is an inline code l10n does not write; keep the codes of the "
                            "exported file")
        out.append(child.tail or "")
    return "".join(out)


def _codes_of(english: str) -> tuple[dict[str, str], dict[str, str]]:
    """The <g> ids and <ph> ids export gives an English text: id → tag name, id → locked text."""
    codes = _Codes()
    _inline(english, codes, "")
    tags = {code: name for name, ids in codes.tags.items() for code in ids}
    locked = {code: value for value, ids in codes.locked.items() for code in ids}
    return tags, locked


def _approved(unit, target) -> bool:
    state = target.get("state", "")
    approved = unit.get("approved", "")
    return state in ("final", "signed-off") or approved == "yes" or (state == "translated" and approved != "no")


def import_file(root: Path, path: Path, terms: Glossary, locale: str | None = None,
                limit: int = MAX_BYTES) -> Imported:
    """Put the translations of an XLIFF file back into the catalog it was exported from."""
    from l10n import pipeline
    from l10n.locale import resolve

    xliff = parse(path, limit)
    files = xliff.findall(f"{_Q}file") or xliff.findall("file")
    if len(files) != 1:
        raise L10nError(f"holds {len(files)} <file> elements; l10n exports one release per XLIFF file: give that file",
                        path)
    ns = _Q if files[0].tag.startswith(_Q) else ""
    element = files[0]
    original, _, digest = element.get("original", "").partition("#units=")
    if not original:
        raise L10nError("names no release (its <file> has no original); give a file l10n exported", path,
                        element.sourceline)
    source_language = element.get("source-language", "")
    if source_language.split("-")[0].lower() != "en":
        raise L10nError(f"translates from {source_language or '?'}, not English; give a file l10n exported", path,
                        element.sourceline)
    try:
        target_locale = resolve(element.get("target-language", "") or "?")
    except L10nError:
        raise L10nError(f"names no target language l10n knows ({element.get('target-language', '')!r}); give a file "
                        "l10n exported", path, element.sourceline)
    if locale and resolve(locale) != target_locale:
        raise L10nError(f"is a translation into {target_locale}, not {resolve(locale)}; import it without --to or with "
                        f"--to {target_locale}", path, element.sourceline)
    from l10n.pipeline import catalog_file

    po_path = catalog_file(root, root / original, target_locale)
    if not po_path.exists():
        raise L10nError(f"is for the release {original}, which has no {target_locale} catalog in this project "
                        f"({po_path}); import it in the project it came from, or pass --project", path,
                        element.sourceline)
    po = catalog.read(po_path, target_locale, limit)
    by_id = {unit_id(e.msgid): e for e in po if not e.obsolete and e.msgid}
    notes = []
    release = root / original
    if digest:
        try:
            from l10n import formats
            from l10n.segment import segment

            now = units_hash([u.text for u in segment(formats.read(release, limit=limit))])
            if now != digest:
                notes.append(f"{original} changed since this file was exported; only units whose English the "
                             "catalog still holds are imported")
        except L10nError:
            notes.append(f"{original} is not in the project to compare with the export; units are matched by the "
                         "catalog alone")
    flagged: list[str] = []
    changed = []
    matched = reviewed = fuzzy = unchanged = 0
    for tu in element.iter(f"{ns}trans-unit"):
        code = tu.get("id", "")
        where = f"{path}:{tu.sourceline}"
        entry = by_id.get(_ID_SUFFIX.sub("", code)) if code else None
        source = tu.find(f"{ns}source")
        if entry is None:
            flagged.append(f"{where}: unit {code!r} is not in {po_path.name}: left out (is the file for another "
                           "version of the release?)")
            continue
        tags, locked = _codes_of(entry.msgid)
        problems: list[str] = []
        english = _text(source, tags, locked, problems) if source is not None else ""
        if english != entry.msgid:
            flagged.append(f"{where}: unit {code}: its English differs from the catalog's ({english[:60]!r}); "
                           "left out, nothing changed: export the release again, or translate it in the catalog")
            continue
        matched += 1
        target = tu.find(f"{ns}target")
        if target is None or tu.get("translate") == "no":
            unchanged += 1
            continue
        problems = []
        text = _text(target, tags, locked, problems)
        if problems:
            flagged.append(f"{where}: unit {code}: {problems[0]}; left out, nothing changed: fix it in the CAT tool "
                           "and export the file again")
            continue
        if not text.strip():
            unchanged += 1
            continue
        accept = _approved(tu, target)
        state = catalog.state(entry)
        if not accept and state == "reviewed":
            if text != entry.msgstr:
                flagged.append(f"{where}: unit {code}: a draft ({target.get('state') or 'no state'}) does not replace "
                               "the reviewed translation; confirm it in the CAT tool to replace it")
            else:
                unchanged += 1
            continue
        if text == entry.msgstr and (state == "reviewed") == accept:
            unchanged += 1
            continue
        if text != entry.msgstr:
            catalog.set_notes(entry, "engine: ", [f"engine: xliff {path.name}"])
        entry.msgstr = text
        catalog.set_notes(entry, "note: ", [])
        if accept:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = entry.previous_msgctxt = None
            reviewed += 1
        else:
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
            fuzzy += 1
        changed.append(entry)
    if not matched:
        raise L10nError(f"holds no unit of {po_path}: none of its ids and English is in the catalog; is it for "
                        "another release?", path)
    pipeline.review(changed, target_locale, terms, annotate=True)
    written = catalog.write(po, po_path) if changed else False
    if written:  # the lines of the entries as written
        po = catalog.read(po_path, target_locale, limit)
    now_entries = {e.msgid: e for e in po if not e.obsolete}
    findings = tuple(replace(f, file=str(po_path)) for e in changed
                     for f in qa.check_po_entry(now_entries.get(e.msgid, e), target_locale, terms)
                     if f.check != "untranslated")
    status = pipeline.review(po, target_locale, terms)
    return Imported(po_path, target_locale, original, matched, reviewed, fuzzy, unchanged, tuple(flagged), findings,
                    tuple(notes), written, str(status))
