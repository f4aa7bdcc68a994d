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

import codecs
import csv
import hashlib
import io
import re
from collections import Counter
from importlib import resources
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from l10n.errors import L10nError, counted
from l10n.files import MAX_BYTES, read_bytes, regular
from l10n.model import Match, Term

# glossary/biotech.csv of the project, installed as package data (pyproject.toml maps the folder)
SHIPPED = Path(str(resources.files("l10n.shipped").joinpath("biotech.csv"))).resolve()
KINDS = ("term", "name", "dnt")
COLUMNS = ("en", "variants", "type", "note", "source")
_LOCALE_COLUMN = re.compile(r"[a-z]{2,3}_[A-Z]{2}")
_VARIANT_SEPARATOR = "|"
CELL_LIMIT = 32_767
# the most characters a glossary cell may hold: what an Excel cell holds, so a glossary opened in
# a spreadsheet is never cut; Python's csv module refuses fields over 131,072 on its own
_SHORTEN = (f"a glossary cell holds at most {CELL_LIMIT:,}: shorten it, or keep the long text elsewhere and cite "
            "it in `source`")

# A cell starting with =, +, -, @ (after any spaces), a tab or a carriage return is run as a formula
# by Excel, LibreOffice or Google Sheets (OWASP "CSV Injection"). Written to CSV, such a cell gets a
# leading apostrophe, which a spreadsheet shows as text and `read` drops again; a plain number
# (`-5`, `+1,000.5`) is no formula and is left alone.
_FORMULA = re.compile(r"[\t\r]|\s*[-+=@]")
_NUMBER = re.compile(r"[-+]?\d[\d,.]*")

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


def _formula(cell: str) -> str:
    """The character that makes a spreadsheet run the cell as a formula, or ''."""
    start = _FORMULA.match(cell)
    return start.group()[-1] if start and not _NUMBER.fullmatch(cell) else ""


def _defuse(cell: str) -> str:
    """The cell as written to CSV: `=SUM(1)` becomes `'=SUM(1)`, `'=SUM(1)` becomes `''=SUM(1)`.

    A carriage return becomes a line feed: the csv module would write it unquoted, cutting the row.
    """
    cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + cell if _formula(cell.lstrip("'")) else cell


def _restore(cell: str) -> str:
    """The inverse of `_defuse`: the apostrophe written before a formula character is dropped."""
    return cell[1:] if cell.startswith("'") and _formula(cell.lstrip("'")) else cell


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


def _unreadable(error: OSError, path: Path, kind: str) -> L10nError:
    if isinstance(error, FileNotFoundError):
        return L10nError(f"no such {kind} file; check the path", path)
    if isinstance(error, IsADirectoryError):
        return L10nError(f"is a folder; give a {kind} file", path)
    return L10nError(f"cannot be read ({error.strerror}); check its permissions", path)


def _text(path: Path, limit: int = MAX_BYTES) -> str:
    """The file's text: UTF-8, one or more byte-order marks dropped, no NUL bytes."""
    data = read_bytes(path, limit, "glossary file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise L10nError("is UTF-16 (Excel's \"Unicode Text\"); save the glossary as CSV UTF-8", path, 1)
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        raise L10nError(f"is not UTF-8 (byte 0x{data[error.start]:02x}); save the glossary as CSV UTF-8",
                        path, data.count(b"\n", 0, error.start) + 1)
    if "\0" in text:
        raise L10nError("holds a NUL byte, which no glossary cell may; save the glossary as CSV UTF-8", path,
                        text.count("\n", 0, text.index("\0")) + 1)
    return text


def _rows(path: Path, limit: int = MAX_BYTES) -> Iterable[tuple[int, list[str], str]]:
    """(first line, fields, trouble) of each CSV record; a record may span lines inside quotes.

    A record the csv module cannot parse has no fields and a trouble saying why; one that opens
    a quote it never closes ends the file.
    """
    reader = csv.reader(io.StringIO(_text(path, limit), newline=""), strict=True)
    start = 1
    while True:
        try:
            yield start, next(reader), ""
        except StopIteration:
            return
        except csv.Error as error:
            limit = csv.field_size_limit()
            if not str(error).startswith("field larger than field limit"):
                yield start, [], "a quote opened on this row is never closed; close it or remove it"
                return
            if reader.line_num > start:
                yield start, [], (f"a quoted field runs on for more than {limit:,} characters (to line "
                                  f"{reader.line_num}); close the quote opened on this row, or shorten the cell "
                                  f"to at most {CELL_LIMIT:,}")
                return
            yield start, [], f"a field is longer than {limit:,} characters; {_SHORTEN}"
        start = reader.line_num + 1


def _header(path: Path, first: tuple[int, list[str], str] | None) -> list[str]:
    """The column names of the header row, which must name en, type and a target locale once each."""
    if first is None:
        raise L10nError("the glossary is empty; it needs a header row: en,variants,zh_CN,ko_KR,type,note,source", path)
    line, fields, trouble = first
    if trouble:
        raise L10nError(trouble, path, line)
    header = [name.strip() for name in fields]
    missing = [name for name in ("en", "type") if name not in header]
    if missing or not any(map(_LOCALE_COLUMN.fullmatch, header)):
        needs = ", ".join(missing) or "a target locale such as zh_CN"
        raise L10nError(f"the header row lacks {needs}; expected en,variants,zh_CN,ko_KR,type,note,source", path, line)
    twice = [name for name, count in Counter(header).items() if name and count > 1]
    if twice:
        raise L10nError(f"the header row names `{twice[0]}` twice; keep one column of each name", path, line)
    return header


def _cell_notes(header: Sequence[str], fields: Sequence[str]) -> list[tuple[str, bool]]:
    """(message, fatal) for each cell too long for a spreadsheet or that a spreadsheet runs as a formula."""
    notes = []
    for name, cell in zip(header, fields):
        if len(cell) > CELL_LIMIT:
            notes.append((f"the `{name}` cell holds {len(cell):,} characters; {_SHORTEN}", True))
        elif start := _formula(cell):
            notes.append((f"the `{name}` cell starts with {start!r}, which a spreadsheet runs as a formula; "
                          f"write an apostrophe before it ('{start}...), which l10n drops when reading", False))
    return notes


def read(path: Path, limit: int = MAX_BYTES) -> tuple[list[Term], list[Problem]]:
    """Terms of one glossary file, and the problems of its rows (the rows with a fatal one are left out)."""
    rows = iter(_rows(path, limit))
    header = _header(path, next(rows, None))
    locales = [name for name in header if _LOCALE_COLUMN.fullmatch(name)]

    terms: list[Term] = []
    problems: list[Problem] = []
    seen: dict[str, Term] = {}
    for line, fields, trouble in rows:
        if trouble:
            problems.append(Problem(str(path), line, trouble))
            continue
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(Problem(str(path), line, f"has {counted(len(fields), 'field')}, the header has {len(header)}; "
                                    "quote a field that holds a comma"))
            continue
        notes = [Problem(str(path), line, message, fatal) for message, fatal in _cell_notes(header, fields)]
        problems.extend(notes)
        if any(note.fatal for note in notes):
            continue
        row = {name: _restore(value.strip()) for name, value in zip(header, fields)}
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


def check(paths: Sequence[Path], limit: int = MAX_BYTES) -> list[Problem]:
    """Every problem of every file, then the overrides, in file order."""
    files = [read(path, limit) for path in paths]
    _, notes = layer(files)
    return [problem for _, problems in files for problem in problems] + notes


def load(paths: Sequence[Path] = (SHIPPED,), limit: int = MAX_BYTES) -> Glossary:
    """The layered glossary; the first fatal problem of any row stops with its file and line."""
    files = [read(path, limit) for path in paths]
    for _, problems in files:
        fatal = [problem for problem in problems if problem.fatal]
        if fatal:
            first = fatal[0]
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


def _tbx_entries(path: Path, limit: int = MAX_BYTES) -> Iterable:
    """Each termEntry of a TBX file, read as a stream: a large termbase never sits whole in memory."""
    from xml.etree import ElementTree as ET

    regular(path, limit, "TBX file")
    try:
        for _, element in ET.iterparse(path):
            if element.tag == "termEntry":
                yield element
                element.clear()
    except OSError as error:
        raise _unreadable(error, path, "TBX")
    except ET.ParseError as error:
        raise L10nError(f"is not well-formed XML ({error}); export the TBX again from its tool", path,
                        error.position[0])
    except (LookupError, ValueError) as error:  # expat meeting `<?xml encoding="..."?>` it does not know, or GBK
        raise L10nError(f"declares an encoding Python does not know ({error}); export the TBX again as UTF-8", path, 1)


def from_tbx(path: Path, limit: int = MAX_BYTES) -> list[Term]:
    """Terms of a TBX file (the inverse of `to_tbx`, and lenient with other tools' TBX)."""
    terms = []
    for number, entry in enumerate(_tbx_entries(path, limit), start=1):
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
        term = Term(
            source=preferred[0],
            targets=tuple(targets),
            kind="dnt" if dnt else "name" if preferred[2] == "properNoun" else "term",
            variants=tuple(form[0] for form in english if form is not preferred and form[0]),
            note=entry.findtext("note", "").strip(),
            reference=preferred[3].strip(),
            file=str(path),
        )
        long = [name for name, cell in _cells(term, [locale for locale, _ in targets]).items()
                if len(_defuse(cell)) > CELL_LIMIT]
        if long:
            raise L10nError(f"termEntry {entry.get('id') or number} ({term.source[:40]!r}): its `{long[0]}` is "
                            f"longer than the {CELL_LIMIT:,} characters a glossary cell holds; shorten it in the "
                            "termbase", path)
        terms.append(term)
    if not terms:
        raise L10nError("has no termEntry with an English (`en`) term; export TBX-Basic (martif) with English from "
                        "the termbase", path)
    return terms


def _cells(term: Term, locales: Sequence[str]) -> dict[str, str]:
    """The term's row of a glossary CSV, by column."""
    targets = dict(term.targets)
    return {"en": term.source, "variants": f" {_VARIANT_SEPARATOR} ".join(term.variants),
            **{locale: targets.get(locale, "") for locale in locales},
            "type": term.kind, "note": term.note, "source": term.reference}


def to_csv(terms: Sequence[Term], locales: Sequence[str] = ()) -> str:
    """The glossary's primary format, one row per concept, a column for each of `locales` (by default
    every locale the terms have, zh_CN and ko_KR first); a cell that a spreadsheet would run as a
    formula is written with a leading apostrophe, which `read` drops."""
    locales = locales or list(dict.fromkeys(["zh_CN", "ko_KR", *(locale for t in terms for locale, _ in t.targets)]))
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["en", "variants", *locales, "type", "note", "source"])
    for term in terms:
        writer.writerow([_defuse(cell) for cell in _cells(term, locales).values()])
    return stream.getvalue()
