"""Gettext catalogs: templates, per-locale catalogs, msgmerge's merge, a layout-keeping writer.

polib reads and writes the files: it keeps `#|` previous msgids, contexts, plural forms,
obsolete entries and translator comments the way GNU gettext does. The merge is GNU
`msgmerge --previous`'s algorithm, written out here because neither polib (exact matches
only) nor Babel (drops `msgctxt` and plural forms, rewrites format flags) does it: an entry
is keyed by context and msgid; an unmatched one takes the closest translated old msgid
sharing a character 4-gram, by msgmerge's own similarity (2·LCS / total length, on UTF-8
bytes, above 0.6), fuzzy with the old msgid kept as `#|`. `tests/test_catalog.py` compares
every decision with `msgmerge` on real catalogs.

The writer keeps the file's own layout: an entry whose content did not change is written
back byte for byte as it was read, so a catalog that a PO editor or `msgcat` re-wrapped
survives a run unchanged, and a run that changes nothing writes nothing.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from l10n import __version__
from l10n.errors import L10nError
from l10n.files import MAX_BYTES, read_bytes, write_text

GENERATOR = f"l10n {__version__}"
# msgmerge's FUZZY_THRESHOLD, and the bonus an old entry gets for having the same (or no) context.
FUZZY_THRESHOLD = 0.6
SAME_CONTEXT_BONUS = 0.00001
# Header fields in the order msgmerge writes them; other fields follow in the file's order.
HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding")


@dataclass(frozen=True)
class Source:
    """One distinct msgid of a release, with everything the template says about it."""

    msgid: str
    references: tuple[tuple[str, int], ...]
    # (file, line) of every unit with this text
    comments: tuple[str, ...] = ()
    # extracted comments: the unit kind, glossary hints


# The header field naming the release a catalog and its template serve, as their `#:` references
# name it: a later run tells "the same release, edited" from "another release of the same name".
RELEASE_FIELD = "X-L10n-Release"


def template_path(root: Path, slug: str) -> Path:
    return root / "locales" / f"{slug}.pot"


def catalog_path(root: Path, slug: str, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"


def files_named(root: Path, slug: str) -> list[Path]:
    """The template and every locale's catalog called `slug` in the project at `root`, template first."""
    found = [template_path(root, slug)] if template_path(root, slug).is_file() else []
    folder = root / "locales"
    if folder.is_dir():  # not glob(): a release's name may hold `[` or `*`
        found += sorted(p / "LC_MESSAGES" / f"{slug}.po" for p in folder.iterdir()
                        if (p / "LC_MESSAGES" / f"{slug}.po").is_file())
    return found


_RELEASE_LINE = re.compile(rf'^"{RELEASE_FIELD}: ((?:[^"\\]|\\.)*)\\n"$', re.M)
_REFERENCE_LINE = re.compile(r"^#: (.*)$", re.M)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def served(paths: Sequence[Path]) -> frozenset[str]:
    """The releases the catalogs or templates at `paths` serve: the first X-L10n-Release field found,
    else (files written before l10n recorded it) the files their `#:` references name; empty when
    they say neither."""
    referenced: set[str] = set()
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        declared = _RELEASE_LINE.search(text.split("\n\n", 1)[0])
        if declared:
            return frozenset([re.sub(r"\\(.)", lambda c: _ESCAPES.get(c[1], c[1]), declared[1])])
        referenced.update(re.sub(r":\d+$", "", reference) for line in _REFERENCE_LINE.findall(text)
                          for reference in line.split())
    return frozenset(referenced)


# --- reading ---------------------------------------------------------------------------

_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
# A keyword line or continuation line of a PO file; polib accepts `msgid "abc` unterminated,
# which GNU gettext rejects, so every string line is held to this first.
_STRING_LINE = re.compile(r'(?:#~\|?\s*)?(?:#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*')
# GNU reads `#` followed by anything but `.:,|~` as a translator comment (`#msgid "x"`, `#TODO`);
# polib wants `# `, so such lines are given the space before parsing. polib also skips the
# previous msgid of an obsolete entry (`#~| msgid`), which it reads as `#| msgid` and writes back.
_BARE_COMMENT = re.compile(r"^#(?=[^\s.:,|~])", re.M)
_OBSOLETE_PREVIOUS = re.compile(r"^#~\|", re.M)


# polib splits a file with str.splitlines(), which also breaks at these characters, where GNU
# gettext keeps them inside strings: they cross polib disguised as private-use stand-ins.
_SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_STAND_INS = "".join(chr(0x10FFF0 + i) for i in range(len(_SEPARATORS)))
_DISGUISE, _UNDISGUISE = str.maketrans(_SEPARATORS, _STAND_INS), str.maketrans(_STAND_INS, _SEPARATORS)
_TEXT_FIELDS = ("msgid", "msgstr", "msgid_plural", "msgctxt", "previous_msgid", "previous_msgid_plural",
                "previous_msgctxt", "comment", "tcomment")


def _undisguise(po) -> None:
    for entry in po:
        for name in _TEXT_FIELDS:
            if isinstance(getattr(entry, name), str):
                setattr(entry, name, getattr(entry, name).translate(_UNDISGUISE))
        entry.msgstr_plural = {i: form.translate(_UNDISGUISE) for i, form in entry.msgstr_plural.items()}
        entry.occurrences = [(f.translate(_UNDISGUISE), n) for f, n in entry.occurrences]
    po.metadata = {k.translate(_UNDISGUISE): v.translate(_UNDISGUISE) for k, v in po.metadata.items()}
    po.header = po.header.translate(_UNDISGUISE)


def _unterminated(text: str) -> int | None:
    """The first line holding a string that is not closed, or None."""
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): \x1c-\x1e, \x85 stay in strings
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        if '"' in stripped and not _STRING_LINE.fullmatch(stripped):
            return number
    return None


def parse(text: str, path: Path | str = "<text>"):
    """PO text as a `polib.POFile`; text polib or gettext would choke on raises L10nError."""
    import polib

    bad = _unterminated(text)
    if bad:
        raise L10nError("is not a valid PO file (a string is not closed with \"); fix it in a PO editor "
                        "or restore it from version control", path, bad)
    disguised = any(c in _SEPARATORS for c in text)
    if disguised and any(c in _STAND_INS for c in text):
        raise L10nError("holds a private-use character from U+10FFF0 to U+10FFF7, which l10n reserves; remove it",
                        path, text.count("\n", 0, min(text.find(c) for c in _STAND_INS if c in text)) + 1)
    try:
        text = _OBSOLETE_PREVIOUS.sub("#|", _BARE_COMMENT.sub("# ", text))
        po = polib.pofile(text.translate(_DISGUISE) if disguised else text, wrapwidth=0)  # its own duplicate check
        # costs a scan per entry: ours follows
    except (OSError, ValueError, LookupError) as error:
        line = _SYNTAX_LINE.search(str(error))
        reason = re.sub(r"Syntax error in po file (\(line \d+\))?:?\s*", "", str(error)).strip() or "syntax error"
        raise L10nError(f"is not a valid PO file ({reason}); fix it in a PO editor or restore it from version control",
                        path, int(line[1]) if line else None)
    if disguised:
        _undisguise(po)
    _check_plural_forms(po, text, path)
    seen: dict[tuple[str | None, str], int] = {}
    for entry in po:
        # as msgfmt: an obsolete entry may not repeat a message either, active or obsolete
        first = seen.setdefault((entry.msgctxt, entry.msgid), entry.linenum)
        if first != entry.linenum:
            raise L10nError(f"is not a valid PO file (the entry of line {first} comes again{', obsolete' * entry.obsolete}); "
                            "keep one of the two in a PO editor or restore the file from version control", path,
                            entry.linenum)
        if entry.msgid_plural and not entry.msgstr_plural:
            raise L10nError("is not a valid PO file (an entry with msgid_plural needs msgstr[0], msgstr[1] ..., not "
                            "msgstr); fix it in a PO editor", path, entry.linenum)
        if entry.msgstr_plural and not entry.msgid_plural:
            raise L10nError("is not a valid PO file (msgstr[0] without msgid_plural); write msgstr, or add the "
                            "English plural as msgid_plural", path, entry.linenum)
    return po


# A C expression of n as gettext's Plural-Forms takes it: tokens, then precedence climbing.
_PLURAL_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6,
           "%": 6}
_PLURAL_DEPTH = 100  # real rules nest five deep; deeper is hostile, and would exhaust the stack


def _plural_expression(text: str) -> bool:
    """Whether `text` is a valid plural expression (GNU's grammar: ?:, binary operators, !, n, numbers)."""
    tokens, at = [], 0
    while at < len(text.rstrip()):
        found = _PLURAL_TOKEN.match(text, at)
        if not found:
            return False
        tokens.append(found[1] and "0" or found[2] or found[3])
        at = found.end()
    position = 0

    def take(token: str) -> bool:
        nonlocal position
        if position < len(tokens) and tokens[position] == token:
            position += 1
            return True
        return False

    def operand(depth: int) -> bool:
        nonlocal position
        if depth > _PLURAL_DEPTH or position >= len(tokens):
            return False
        if take("!"):
            return operand(depth + 1)
        if take("("):
            return condition(depth + 1) and take(")")
        if tokens[position] in ("0", "n"):
            position += 1
            return True
        return False

    def binary(level: int, depth: int) -> bool:
        if not operand(depth):
            return False
        while position < len(tokens) and _BINARY.get(tokens[position], 0) >= level:
            if not binary(_BINARY[take_operator()] + 1, depth + 1):
                return False
        return True

    def take_operator() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def condition(depth: int) -> bool:
        if depth > _PLURAL_DEPTH or not binary(1, depth):
            return False
        if take("?"):
            return condition(depth + 1) and take(":") and condition(depth + 1)
        return True

    return condition(0) and position == len(tokens)


# what xgettext writes into a template, for the translator to fill in
_TEMPLATE_PLURAL = re.compile(r"\s*nplurals\s*=\s*INTEGER\s*;\s*plural\s*=\s*EXPRESSION\s*;?\s*")


def _check_plural_forms(po, text: str, path: Path | str) -> None:
    """A Plural-Forms header msgfmt rejects (`plural=n>;`, `nplurals=x`, `nplurals=0`) raises L10nError.
    As msgfmt, the header is checked only where it has both parts; with one, nplurals() falls back."""
    value = po.metadata.get("Plural-Forms")
    if value is None or _TEMPLATE_PLURAL.fullmatch(value):
        return
    count = re.search(r"nplurals\s*=\s*(\d*)", value)
    rule = re.search(r"(?<![a-z])plural\s*=\s*([^;]*)", value)
    if count and rule and not (count[1] and int(count[1]) > 0 and _plural_expression(rule[1])):
        line = text.count("\n", 0, max(0, text.find("Plural-Forms:"))) + 1
        raise L10nError(f"is not a valid PO file (invalid Plural-Forms: {value.strip()[:80]}); write it as "
                        "`nplurals=2; plural=(n != 1);` or take the line from a new catalog", path, line)


def read(path: Path, locale: str | None = None, limit: int = MAX_BYTES):
    """A catalog as a `polib.POFile`; a file polib or gettext would choke on raises L10nError.

    With `locale`, the header's `Language` must name it (under any alias: `ko` is `ko_KR`).
    """
    from l10n.locale import resolve

    data = read_bytes(path, limit, "catalog (.po file)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise L10nError(f"is not UTF-8 (byte 0x{data[error.start]:02x}); re-save it as UTF-8 in your PO editor",
                        path, data.count(b"\n", 0, error.start) + 1)
    catalog = parse(text, path)
    charset = re.search(r"charset=([\w.-]+)", catalog.metadata.get("Content-Type", ""))
    if charset and charset[1].lower().replace("-", "") not in ("utf8", "charset"):
        raise L10nError(f"declares charset={charset[1]}; l10n writes UTF-8 only, re-save it as UTF-8", path, 1)
    language = catalog.metadata.get("Language", "").strip()
    if locale and language:
        try:
            same = resolve(language) == resolve(locale)
        except L10nError:
            same = False
        if not same:
            raise L10nError(f"says Language: {language} but lies in the {locale} folder; fix the header or move "
                            "the file", path, 1)
    return catalog


# --- templates and new catalogs --------------------------------------------------------


def headers(locale: str | None, project: str) -> dict[str, str]:
    """Header fields of a new catalog: CLDR's for the locale (plural forms, language)."""
    from babel.messages.catalog import Catalog

    fresh = dict(Catalog(locale=locale, project=project, version=__version__, charset="utf-8").mime_headers)
    fresh.pop("Generated-By", None)
    fresh.update({"Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                  "X-Generator": GENERATOR})
    if locale:
        fresh["Language"] = locale
        fresh.setdefault("Language-Team", f"{locale} <LL@li.org>")
    return fresh


def _title(locale: str | None, project: str) -> str:
    if not locale:
        return f"Translation template for {project}, written by {GENERATOR}."
    from babel import Locale

    return f"{Locale.parse(locale).english_name} translation of {project}, written by {GENERATOR}."


def new(locale: str | None, project: str):
    """An empty catalog (a template when `locale` is None) with its header, as msginit makes one."""
    import polib

    po = polib.POFile(wrapwidth=0)
    po.header = _title(locale, project)
    po.metadata = headers(locale, project)
    return po


def template(sources: Sequence[Source], project: str, created: str | None = None):
    """The template of a release: one entry per source, in order."""
    import polib

    pot = new(None, project)
    if created:
        pot.metadata["POT-Creation-Date"] = created
    for source in sources:
        pot.append(polib.POEntry(msgid=source.msgid, msgstr="", occurrences=[(f, str(n)) for f, n in source.references],
                                 comment="\n".join(source.comments)))
    return pot


# --- merging ---------------------------------------------------------------------------


def _forms(entry) -> list[str]:
    """The translation as a list of plural forms (one form for a singular entry)."""
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(i, "") for i in sorted(entry.msgstr_plural)] or [""]
    return [entry.msgstr]


def _grams(text: str) -> list[str]:
    return [text[i:i + 4] for i in range(len(text) - 3)]


def _similarity(a: bytes, b: bytes, at_least: float) -> float:
    """msgmerge's fstrcmp: (|a| + |b| − insertions − deletions) / (|a| + |b|); 0 below `at_least`."""
    from rapidfuzz.distance import Indel

    total = len(a) + len(b)
    if not total:
        return 1.0
    most = math.floor(total * (1 - at_least)) + 1  # no use computing distances beyond this
    distance = Indel.distance(a, b, score_cutoff=most)
    return 0.0 if distance > most else (total - distance) / total


class _Fuzzy:
    """msgmerge's fuzzy search over the translated old entries (message_fuzzy_index_search).

    Candidates for a msgid of four characters or more are the entries sharing a 4-gram with
    it, tried in order of shared 4-grams (then file order); shorter msgids are compared with
    every short entry of a plausible length, by length. The first best weight wins. rapidfuzz
    scores every entry at once and only the few above the threshold are looked at in Python.
    """

    def __init__(self, entries: Sequence):
        self.entries = [e for e in entries if _forms(e)[0]]
        self.keys = [e.msgid.encode() for e in self.entries]
        self.grams: dict[int, set[str]] = {}

    def _order(self, msgid: str, query_grams: list[str], index: int) -> tuple[int, int] | None:
        """Where msgmerge tries the entry for `msgid` (smaller first), or None when it never does."""
        other = self.entries[index].msgid
        if len(msgid) >= 4:
            grams = self.grams.setdefault(index, set(_grams(other)))
            shared = sum(gram in grams for gram in query_grams)
            return (-shared, index) if shared else None
        size, stretch = len(msgid.encode()), 2 / FUZZY_THRESHOLD - 1
        length = len(other.encode())
        return (length, index) if math.ceil(size / stretch) <= length <= int(size * stretch) else None

    def best(self, msgctxt: str | None, msgid: str):
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        query = msgid.encode()
        near = process.extract(query, self.keys, scorer=Indel.normalized_similarity, limit=None,
                               score_cutoff=FUZZY_THRESHOLD - 2 * SAME_CONTEXT_BONUS)
        query_grams = _grams(msgid)
        best, tried = None, []
        for _, score, index in near:  # best score first: stop once none further on can reach the best weight
            if best is not None and score < best - 3 * SAME_CONTEXT_BONUS:
                break
            entry = self.entries[index]
            bonus = SAME_CONTEXT_BONUS if entry.msgctxt is None or entry.msgctxt == msgctxt else 0.0
            weight = _similarity(query, self.keys[index], FUZZY_THRESHOLD - bonus) + bonus
            order = self._order(msgid, query_grams, index) if weight > FUZZY_THRESHOLD else None
            if order is None or (best is not None and weight < best):
                continue
            if best is None or weight > best:
                best, tried = weight, []
            tried.append((order, index))
        return self.entries[min(tried)[1]] if tried else None


# Format kinds in the order GNU gettext writes their flags (gettext's format_language table).
FORMATS = ("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme", "lisp",
           "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde",
           "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp")


def _flag_rank(flag: str) -> tuple[int, int]:
    """Where GNU writes a flag: fuzzy, the format flags in table order, range, wrap, then the rest."""
    kind = flag.removeprefix("no-").removesuffix("-format")
    if flag == "fuzzy":
        return 0, 0
    if flag.endswith("-format") and kind in FORMATS:
        return 1, FORMATS.index(kind)
    return (2, 0) if flag.startswith("range:") else (3, 0) if flag in ("wrap", "no-wrap") else (4, 0)


# The directives `msgfmt --check` compares for the format kinds catalogs of this world use.
_DIRECTIVES = {
    "python": re.compile(r"%(?:\(\w+\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"),
    "python-brace": re.compile(r"\{[^{}]*\}"),
    "c": re.compile(r"%(?:\d+\$)?[-#0 +']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|j|z|t)?[diouxXeEfFgGaAcspn%]"),
}


def _breaks_format(kind: str, english: str, forms: Sequence[str]) -> bool:
    """A translation whose directives differ from the English's, as `msgfmt --check` would reject it."""
    pattern = _DIRECTIVES.get(kind)
    if pattern is None:
        return False
    wanted = sorted(d for d in pattern.findall(english) if d not in ("%%", "{{", "}}"))
    return any(sorted(d for d in pattern.findall(form) if d not in ("%%", "{{", "}}")) != wanted for form in forms)


def nplurals(po) -> int:
    """Plural forms the catalog's header declares (2, gettext's default, when it says nothing)."""
    found = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return max(1, int(found[1])) if found else 2  # `nplurals=0` would leave a plural entry no msgstr at all


def _header(old, ref) -> dict[str, str]:
    """msgmerge's header: the old one, with the template's creation date and bug address, reordered."""
    fields = dict(old.metadata)
    for name in ("Report-Msgid-Bugs-To", "POT-Creation-Date"):
        if name in ref.metadata:
            fields[name] = ref.metadata[name]
    known = {name: fields.pop(name) for name in HEADER_ORDER if name in fields}
    return known | fields


def _kept(comment: str, keep: tuple[str, ...]) -> list[str]:
    """The extracted comments that start with one of `keep`, each whole again where a tool that wraps
    comments (polib saves at 78 columns) cut it over several lines."""
    kept: list[str] = []
    following = False
    for line in comment.splitlines():
        if line.startswith(keep):
            kept.append(line)
            following = True
        elif following and not re.match(r"[a-z]+: ", line):
            kept[-1] += " " + line
        else:
            following = False
    return kept


def _merged(old, ref, similar: bool, forms: int, keep: tuple[str, ...]):
    """msgmerge's message_merge: text, context and comments of the template, translation and
    translator comments of the old entry, `#|` the msgid the translation was made for."""
    import polib

    fuzzy = similar or "fuzzy" in old.flags or old.msgid_plural != ref.msgid_plural
    translation = _forms(old)
    # A template that now calls the English a format string: a translation that would fail
    # `msgfmt --check` needs the reviewer (msgmerge's rule).
    added = [flag.removesuffix("-format") for flag in ref.flags if flag.endswith("-format") and not
             flag.startswith("no-") and flag not in old.flags]
    english = ref.msgid_plural or ref.msgid
    fuzzy = fuzzy or any(_breaks_format(kind, english, translation) for kind in added)
    if ref.msgid_plural and not old.msgid_plural:
        translation = translation * forms
    elif not ref.msgid_plural and old.msgid_plural:
        translation = translation[:1]
    if "fuzzy" in old.flags:
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural)
    fuzzy = fuzzy and any(translation)  # msgmerge never flags an entry with nothing translated
    if not fuzzy or not translation[0]:
        previous = (None, None, None)
    previous = tuple(part or None for part in previous)  # polib writes "" as `#| msgid_plural ""`
    kept = _kept(old.comment, keep) if keep and not similar else []
    entry = polib.POEntry(
        msgctxt=ref.msgctxt, msgid=ref.msgid, msgid_plural=ref.msgid_plural, tcomment=old.tcomment,
        comment="\n".join([*kept, *ref.comment.splitlines()]), occurrences=list(ref.occurrences),
        flags=sorted(["fuzzy"] * fuzzy + [flag for flag in ref.flags if flag != "fuzzy"], key=_flag_rank),
        previous_msgctxt=previous[0], previous_msgid=previous[1], previous_msgid_plural=previous[2],
    )
    if ref.msgid_plural:
        entry.msgstr_plural = dict(enumerate(translation))
    else:
        entry.msgstr = translation[0]
    return entry


def _copy(entry, **changes):
    import polib

    fields = dict(msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgstr=entry.msgstr,
                  msgstr_plural=dict(entry.msgstr_plural), tcomment=entry.tcomment, comment=entry.comment,
                  occurrences=list(entry.occurrences), flags=list(entry.flags), obsolete=entry.obsolete,
                  previous_msgctxt=entry.previous_msgctxt, previous_msgid=entry.previous_msgid,
                  previous_msgid_plural=entry.previous_msgid_plural)
    return polib.POEntry(**(fields | changes))


def merge(old, ref, keep: tuple[str, ...] = ()):
    """`msgmerge --previous OLD REF`: the catalog `old` brought up to the template `ref`.

    An entry of `ref` takes the old entry with its context and msgid (an obsolete one is
    revived), else the closest translated one, fuzzy; else it is new and empty. Old entries
    nobody took become obsolete, except untranslated ones, which go. Extracted comments that
    start with one of `keep` survive on an entry that kept its msgid.
    """
    import polib

    result = polib.POFile(wrapwidth=0)
    result.header, result.metadata_is_fuzzy = old.header, old.metadata_is_fuzzy
    result.metadata = _header(old, ref)
    forms = nplurals(result)
    exact: dict[tuple[str | None, str], object] = {}
    for entry in old:
        exact.setdefault((entry.msgctxt, entry.msgid), entry)
    fuzzy, used = None, set()
    for entry in ref:
        if entry.obsolete:  # a template's obsolete entries are no messages (msgmerge would merge them, obsolete)
            continue
        found = exact.get((entry.msgctxt, entry.msgid))
        if found is None:
            fuzzy = fuzzy or _Fuzzy(list(old))
            similar = fuzzy.best(entry.msgctxt, entry.msgid)
            if similar is not None:
                used.add(id(similar))
                result.append(_merged(similar, entry, True, forms, keep))
            elif entry.msgid_plural:
                result.append(_copy(entry, msgstr_plural={i: "" for i in range(forms)}))
            else:
                result.append(_copy(entry))
            continue
        used.add(id(found))
        result.append(_merged(found, entry, False, forms, keep))
    for entry in old:
        if id(entry) not in used and any(_forms(entry)):
            result.append(_copy(entry, comment="", occurrences=[], obsolete=True))
    return result


# --- writing ---------------------------------------------------------------------------


def _header_text(po, width: int, comment: str | None = None) -> str:
    import polib

    # polib would sort the fields and write an empty header comment as `#`: done here in the header's order.
    fields = "".join(f"{name}: {value}\n" for name, value in po.metadata.items())
    entry = polib.POEntry(msgid="", msgstr=fields, flags=["fuzzy"] if po.metadata_is_fuzzy else [])
    if comment is None:
        comment = "".join(f"# {line}".rstrip() + "\n" for line in po.header.split("\n")) if po.header else ""
    return comment + entry.__unicode__(width)


def _header_key(po) -> str:
    """What a header says, whatever the order of its fields."""
    return repr((po.header, po.metadata_is_fuzzy, sorted(po.metadata.items())))


def _layout(text: str, po=None) -> tuple[dict, int]:
    """The file's own text of every entry, keyed by what the entry says; and its wrap width.

    An entry is the run of lines from its first line to the next blank line (the header: from
    the top of the file). A file that continues strings over several lines is taken as wrapped
    at 79 columns, as GNU gettext and PO editors write; otherwise strings stay on one line.
    `po` is the text already parsed, if it is at hand.
    """
    if not text:
        return {}, 0
    lines = text.split("\n")
    po = parse(text) if po is None else po
    starts = [line for line, content in enumerate(lines) if content.startswith(("msgid ", "#~ msgid "))]
    found = [(entry.linenum - 1, entry.__unicode__(0)) for entry in po]
    if starts and lines[starts[0]] == 'msgid ""':
        found.append((0, _header_key(po)))
        # The header's comment as written (`# ` and `#` read alike), for when only its fields change.
        comment = [line for line in lines[:starts[0]] if line.startswith("#") and not line.startswith("#,")]
        found_comment = {("comment", po.header): "".join(line + "\n" for line in comment)}
    else:
        found_comment = {}
    blank = [line for line, content in enumerate(lines) if not content.strip()]
    chunks = {}
    for start, key in found:
        after = bisect.bisect_left(blank, start)
        end = blank[after] if after < len(blank) else len(lines)
        if bisect.bisect_left(starts, end) - bisect.bisect_left(starts, start) == 1:
            chunks[key] = "\n".join(lines[start:end])
    continued = any(line.lstrip("#~| ").startswith('"') for line in lines[starts[1] if len(starts) > 1 else 0:])
    return chunks | found_comment, 79 if continued else 0


def render(po, previous: str = "") -> str:
    """The catalog as text; entries the `previous` text of the file already says are kept as written there."""
    return _render(po, previous, *_layout(previous))


def _render(po, previous: str, chunks: dict, width: int) -> str:
    parts = [chunks.get(_header_key(po)) or _header_text(po, width, chunks.get(("comment", po.header)))]
    for entry in [*(e for e in po if not e.obsolete), *(e for e in po if e.obsolete)]:
        parts.append(chunks.get(entry.__unicode__(0)) or entry.__unicode__(width))
    ending = previous[len(previous.rstrip("\n")):] or "\n"
    return _CONTINUED.sub(r"\1 ", "\n\n".join(part.rstrip("\n") for part in parts)) + ending


# GNU gettext reads a backslash at the end of a comment line as joining the next line to it:
# `# see C:\` over `#~ msgctxt ""` would eat the context. A space after it keeps the lines apart.
_CONTINUED = re.compile(r"^(#[^\n]*\\)$", re.M)


def write(po, path: Path, stamp: str | None = "PO-Revision-Date", now: datetime | None = None,
          layout: str | None = None) -> bool:
    """Write atomically, and only when entries or header changed; only then does the `stamp` date move.

    `stamp` is `PO-Revision-Date` for a catalog, `POT-Creation-Date` for a template, None to
    leave dates alone (as msgmerge does). Unchanged entries keep the layout of the file's
    current text, or of `layout` (another file's text) when given.
    """
    text = planned(po, path, stamp, now, layout)
    return text is not None and write_text(path, text)


def planned(po, path: Path, stamp: str | None = "PO-Revision-Date", now: datetime | None = None,
            layout: str | None = None) -> str | None:
    """What `write` would write, or None when the file already says it; the `stamp` date is set in
    `po` as the file will hold it. Writes nothing: a caller can settle a date first and write later."""
    try:
        current = path.read_text(encoding="utf-8")
        parsed = parse(current)
    except (OSError, UnicodeDecodeError, L10nError):
        current, parsed = "", None
    before = parsed.metadata.get(stamp) if parsed is not None and stamp else None
    shape = _layout(current, parsed) if layout is None else _layout(layout)  # read once, used for both renders
    layout = current if layout is None else layout
    if before is not None:
        po.metadata[stamp] = before
    if current and _render(po, layout, *shape) == current:
        return None
    if stamp:
        po.metadata[stamp] = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M%z")
    return _render(po, layout, *shape)


_SAVED = ("msgstr", "msgstr_plural", "flags", "tcomment", "previous_msgid", "previous_msgid_plural",
          "previous_msgctxt")


def keep_saved(merged, old, now) -> int:
    """Entries someone saved into the catalog file after `old` was read from it (a reviewer in a PO
    editor while a run drafted; `now` is the file as it is) win over the run's `merged` catalog:
    their translation, flags, translator comments and previous msgid. Returns how many there were."""
    def key(entry) -> tuple[str | None, str]:
        return entry.msgctxt, entry.msgid

    before = {key(e): [getattr(e, name) for name in _SAVED] for e in old if not e.obsolete}
    mine = {key(e): e for e in merged if not e.obsolete}
    kept = 0
    for entry in now:
        saved = [getattr(entry, name) for name in _SAVED]
        if entry.obsolete or key(entry) not in mine or before.get(key(entry)) == saved:
            continue
        target = mine[key(entry)]
        for name, value in zip(_SAVED, saved):
            setattr(target, name, value.copy() if isinstance(value, list | dict) else value)
        for prefix in ("engine: ", "note: "):  # the run's draft did not survive: neither do its notes
            set_notes(target, prefix, [])
        kept += 1
    return kept


def set_notes(entry, prefix: str, notes: Iterable[str]) -> None:
    """Replace the entry's extracted comments that start with `prefix` by `notes`.

    The tool's notes (`engine:`, `check:`, `note:`) come first, before the template's kind and
    glossary lines, so that a reviewer reads them first.
    """
    lines = [line for line in entry.comment.splitlines() if not line.startswith(prefix)]
    lines += [note for note in notes if note not in lines]
    rank = {"engine: ": 0, "check: ": 1, "note: ": 2}
    lines.sort(key=lambda line: next((r for p, r in rank.items() if line.startswith(p)), 3))
    entry.comment = "\n".join(lines)


# --- statistics ------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """How far the review of one catalog has come."""

    path: Path
    locale: str
    reviewed: int
    fuzzy: int
    untranslated: int
    # entries in each state (obsolete ones are not counted)
    words: int
    reviewed_words: int
    # English words of all msgids, and of the reviewed ones
    characters: int
    # size of the reviewed translations: characters in Chinese and Korean, words elsewhere

    @property
    def entries(self) -> int:
        return self.reviewed + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.reviewed_words / self.words if self.words else 100.0


def _size(text: str, locale: str) -> int:
    if locale.split("_")[0] in ("zh", "ja", "ko"):
        return sum(1 for c in text if not c.isspace())
    return len(text.split())


def state(entry) -> str:
    """`reviewed` (every form translated, not fuzzy), `fuzzy` (a draft to check) or `untranslated`."""
    forms = _forms(entry)
    if all(forms) and "fuzzy" not in entry.flags:
        return "reviewed"
    return "fuzzy" if any(forms) and "fuzzy" in entry.flags else "untranslated"


def stats(path: Path, locale: str, limit: int = MAX_BYTES) -> Stats:
    catalog = read(path, locale, limit)
    active = [e for e in catalog if not e.obsolete]
    states = Counter(state(e) for e in active)
    reviewed = [e for e in active if state(e) == "reviewed"]
    return Stats(
        path, locale, states["reviewed"], states["fuzzy"], states["untranslated"],
        sum(_size(e.msgid, "en") for e in active), sum(_size(e.msgid, "en") for e in reviewed),
        sum(_size(form, locale) for e in reviewed for form in _forms(e)),
    )
