"""The controlled termbase: load and validate it, find its terms in text.

The primary file is CSV (`glossary/biotech.csv`): terminologists edit it in a spreadsheet and
review it as a plain diff; TBX is an export for CAT tools. A user's files are layered over the
shipped one: a user's row replaces every shipped concept that shares one of its forms.

Matching is leftmost-longest over an Aho-Corasick automaton (pyahocorasick), so its cost grows
with the text, not with the glossary. Words match whatever their case, acronyms (`ALS`, `iPSC`)
only in their own case; hyphens and spaces are interchangeable (`off the shelf`), plurals are
derived (`neural progenitor cells`, `INDs`), and a match never starts or ends inside a word
(`ALS` is not in `ALSO`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from l10n.errors import L10nError
from l10n.model import Match, Term

SHIPPED = Path(__file__).resolve().parent.parent / "glossary" / "biotech.csv"
KINDS = ("term", "name", "dnt")
COLUMNS = ("en", "variants", "type", "note", "source")
_LOCALE_COLUMN = re.compile(r"[a-z]{2,3}_[A-Z]{2}")
_VARIANT_SEPARATOR = "|"

# Hyphens and apostrophes in their typographic forms fold to one; every replacement keeps the
# text's length so offsets found in the folded text are offsets in the original.
_FOLD = str.maketrans({"-": " ", "\u2010": " ", "\u2011": " ", "\u00a0": " ", "\u2019": "'", "\u2018": "'"})


def _fold(text: str) -> str:
    folded = text.translate(_FOLD)
    lower = folded.lower()
    if len(lower) == len(folded):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)  # `İ` lowercases to two


_INNER_CAPITAL = re.compile(r"\S[A-Z]")


def _case_sensitive(form: str) -> bool:
    """Acronyms and camel-cased names (`ALS`, `iPSC`, `XellSmart`) match only in their own case."""
    return bool(_INNER_CAPITAL.search(form))


def _plurals(form: str) -> list[str]:
    last = form.split()[-1] if form.split() else ""
    if len(last) >= 2 and last.isupper() and last.isalpha():
        return [form + "s"]  # INDs
    if len(last) < 3 or not last.isalpha() or not last.islower():
        return []
    if last.endswith("y") and last[-2] not in "aeiou":
        return [form[:-1] + "ies"]
    if last.endswith(("s", "x", "z", "ch", "sh")):
        return [form + "es"]
    return [form + "s"]


def forms(term: Term) -> list[str]:
    """Every surface form the term is found by: its source, its variants and their plurals."""
    written = [term.source, *term.variants]
    derived = [] if term.kind == "name" else [plural for form in written for plural in _plurals(form)]
    return written + derived


# --- problems --------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something `l10n glossary check` reports about a row."""

    file: str
    line: int
    message: str
    fatal: bool = True
    # False for what is worth knowing but not wrong: a user's row overriding a shipped one

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


# --- reading ---------------------------------------------------------------------------


def _rows(path: Path) -> Iterable[tuple[int, list[str] | None]]:
    """(first line, fields) of each CSV record; a record may span lines inside quotes.

    A record the csv module cannot parse (an unterminated quote) comes as None and ends the file.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise L10nError("no such glossary file; check the path", path)
    except IsADirectoryError:
        raise L10nError("is a folder; give a glossary .csv file", path)
    except UnicodeDecodeError as error:
        raise L10nError(f"is not UTF-8 (byte 0x{error.object[error.start]:02x}); save the glossary as CSV UTF-8",
                        path, error.object.count(b"\n", 0, error.start) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            yield start, fields
            start = reader.line_num + 1
    except csv.Error:
        yield start, None


def read(path: Path) -> tuple[list[Term], list[Problem]]:
    """Terms of one glossary file, and the problems of its rows (the rows with one are left out)."""
    rows = iter(_rows(path))
    first = next(rows, None)
    if first is None or first[1] is None:
        raise L10nError("the glossary is empty; it needs a header row: en,variants,zh_CN,ko_KR,type,note,source", path)
    header = [name.strip() for name in first[1]]
    locales = [name for name in header if _LOCALE_COLUMN.fullmatch(name)]
    missing = [name for name in ("en", "type") if name not in header]
    if missing or not locales:
        needs = ", ".join(missing) or "a target locale such as zh_CN"
        raise L10nError(f"the header row lacks {needs}; expected en,variants,zh_CN,ko_KR,type,note,source", path, 1)

    terms: list[Term] = []
    problems: list[Problem] = []
    seen: dict[str, Term] = {}
    for line, fields in rows:
        if fields is None:
            problems.append(Problem(str(path), line, "a quote opened on this row is never closed; close it or remove it"))
            break
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(Problem(str(path), line, f"has {len(fields)} fields, the header has {len(header)}; "
                                    "quote a field that holds a comma"))
            continue
        row = {name: value.strip() for name, value in zip(header, fields)}
        kind = row["type"]
        term = Term(
            source=row["en"],
            targets=tuple((locale, row[locale]) for locale in locales if row[locale]),
            kind=kind,
            variants=tuple(v.strip() for v in row.get("variants", "").split(_VARIANT_SEPARATOR) if v.strip()),
            note=row.get("note", ""),
            reference=row.get("source", ""),
            file=str(path),
            line=line,
        )
        problem = _row_problem(term, locales, "source" in header)
        if problem:
            problems.append(Problem(str(path), line, problem))
            continue
        clash = next((seen[key] for key in map(_fold, [term.source, *term.variants]) if key in seen), None)
        if clash:
            differs = "with different targets " if clash.targets != term.targets or clash.kind != term.kind else ""
            problems.append(Problem(str(path), line, f"{term.source!r} is listed twice {differs}(also line {clash.line}); "
                                    "keep one row per concept"))
            continue
        seen.update((key, term) for key in map(_fold, [term.source, *term.variants]))
        terms.append(term)
    return terms, problems


def _row_problem(term: Term, locales: Sequence[str], has_source_column: bool) -> str | None:
    if not term.source:
        return "the `en` cell is empty; give the English term"
    if term.kind not in KINDS:
        return f"unknown type {term.kind!r} for {term.source!r}; use term, name or dnt"
    if term.kind != "dnt":
        empty = [locale for locale in locales if not dict(term.targets).get(locale)]
        if empty:
            return f"{term.source!r} has no {' or '.join(empty)} target; fill it in or make the row `dnt`"
    if has_source_column and not term.reference:
        return f"{term.source!r} cites no source; give a URL where the target is attested or `reason: ...`"
    return None


# --- the glossary ----------------------------------------------------------------------


@dataclass(frozen=True)
class Glossary:
    """Terms layered from one or more files, ready to be found in text."""

    terms: tuple[Term, ...]
    version: str = ""
    # a hash of every term's content: a cached translation made under another glossary misses
    _automaton: object = field(default=None, compare=False, repr=False)

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches of the glossary's terms in `text`."""
        if not self.terms:
            return []
        folded = _fold(text)
        candidates = []
        for end, entries in self._automaton.iter(folded):
            for length, index, exact, form in entries:
                start = end + 1 - length
                if (start > 0 and text[start - 1].isalnum()) or (end + 1 < len(text) and text[end + 1].isalnum()):
                    continue
                if exact and text[start:end + 1].translate(_FOLD) != form.translate(_FOLD):
                    continue
                candidates.append((start, -length, index))
        matches: list[Match] = []
        reached = 0
        for start, negative_length, index in sorted(candidates):
            if start >= reached:
                reached = start - negative_length
                matches.append(Match(start, reached, text[start:reached], self.terms[index]))
        return matches


def build(terms: Sequence[Term]) -> Glossary:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        for form in forms(term):
            key = _fold(form)
            entries = automaton.get(key, [])
            entries.append((len(key), index, _case_sensitive(form), form))
            automaton.add_word(key, entries)
    if len(automaton):
        automaton.make_automaton()
    content = repr([(t.source, t.variants, t.targets, t.kind) for t in terms]).encode("utf-8")
    return Glossary(tuple(terms), hashlib.sha256(content).hexdigest()[:16], automaton)


def layer(files: Sequence[tuple[list[Term], list[Problem]]]) -> tuple[list[Term], list[Problem]]:
    """Terms of several files, later files winning, and a note for each replaced concept."""
    terms: list[Term] = []
    notes: list[Problem] = []
    for file_terms, _ in files:
        keys = {_fold(form): term for term in file_terms for form in (term.source, *term.variants)}
        kept = []
        for term in terms:
            winner = next((keys[k] for k in map(_fold, (term.source, *term.variants)) if k in keys), None)
            if winner:
                notes.append(Problem(winner.file, winner.line, f"{winner.source!r} overrides {term.file}:{term.line}",
                                     fatal=False))
            else:
                kept.append(term)
        terms = kept + file_terms
    return terms, notes


def check(paths: Sequence[Path]) -> list[Problem]:
    """Every problem of every file, then the overrides, in file order."""
    files = [read(path) for path in paths]
    _, notes = layer(files)
    return [problem for _, problems in files for problem in problems] + notes


def load(paths: Sequence[Path] = (SHIPPED,)) -> Glossary:
    """The layered glossary; the first problem of any row stops with its file and line."""
    files = [read(path) for path in paths]
    for _, problems in files:
        if problems:
            first = problems[0]
            raise L10nError(f"{first.message} (`l10n glossary check` lists every problem)", first.file, first.line)
    terms, _ = layer(files)
    return build(terms)


# --- TBX -------------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"


def _tbx_lang(locale: str) -> str:
    return locale.replace("_", "-")


def to_tbx(terms: Sequence[Term]) -> str:
    """TBX-Basic (martif) that translate-toolkit, Weblate and CAT tools load.

    Variants are admitted terms beside the preferred one; names are proper nouns; `dnt` terms
    carry `Translation needed: no`, the flag Weblate reads as "do not translate".
    """
    from xml.etree import ElementTree as ET

    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "l10n controlled biotech glossary"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(terms, start=1):
        entry = ET.SubElement(body, "termEntry", {"id": f"c{number}"})
        if term.kind == "dnt":
            ET.SubElement(entry, "descrip", {"type": "Translation needed"}).text = "no"
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        english = ET.SubElement(entry, "langSet", {_XML_LANG: "en"})
        for form in (term.source, *term.variants):
            tig = ET.SubElement(english, "tig")
            ET.SubElement(tig, "term").text = form
            ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = (
                "properNoun" if term.kind == "name" else "noun")
            ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = (
                _PREFERRED if form == term.source else _ADMITTED)
            if form == term.source and term.reference:
                ET.SubElement(tig, "admin", {"type": "source"}).text = term.reference
        for locale, target in term.targets:
            tig = ET.SubElement(ET.SubElement(entry, "langSet", {_XML_LANG: _tbx_lang(locale)}), "tig")
            ET.SubElement(tig, "term").text = target
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + ET.tostring(root, encoding="unicode") + "\n")


def from_tbx(path: Path) -> list[Term]:
    """Terms of a TBX file (the inverse of `to_tbx`, and lenient with other tools' TBX)."""
    from xml.etree import ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise L10nError("no such TBX file; check the path", path)
    except ET.ParseError as error:
        raise L10nError(f"is not well-formed XML ({error}); export the TBX again from its tool", path,
                        error.position[0])
    terms = []
    for entry in root.iter("termEntry"):
        english, targets = [], []
        for lang_set in entry.iter("langSet"):
            lang = lang_set.get(_XML_LANG, "")
            forms_here = [(tig.findtext("term", "").strip(),
                           tig.findtext("termNote[@type='administrativeStatus']", ""),
                           tig.findtext("termNote[@type='partOfSpeech']", ""),
                           tig.findtext("admin[@type='source']", ""))
                          for tig in lang_set.iter("tig")]
            if lang.split("-")[0].lower() == "en":
                english = forms_here
            elif forms_here and forms_here[0][0]:
                targets.append((lang.replace("-", "_"), forms_here[0][0]))
        if not english or not english[0][0]:
            continue
        preferred = next((form for form in english if form[1] == _PREFERRED), english[0])
        dnt = entry.findtext("descrip[@type='Translation needed']", "").strip().lower() == "no"
        terms.append(Term(
            source=preferred[0],
            targets=tuple(targets),
            kind="dnt" if dnt else "name" if preferred[2] == "properNoun" else "term",
            variants=tuple(form[0] for form in english if form is not preferred and form[0]),
            note=entry.findtext("note", "").strip(),
            reference=preferred[3].strip(),
            file=str(path),
        ))
    return terms


def to_csv(terms: Sequence[Term], locales: Sequence[str] = ("zh_CN", "ko_KR")) -> str:
    """The glossary's primary format, one row per concept."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["en", "variants", *locales, "type", "note", "source"])
    for term in terms:
        targets = dict(term.targets)
        writer.writerow([term.source, f" {_VARIANT_SEPARATOR} ".join(term.variants),
                         *(targets.get(locale, "") for locale in locales), term.kind, term.note, term.reference])
    return stream.getvalue()
