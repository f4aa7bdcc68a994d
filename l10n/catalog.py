"""Gettext catalogs: templates, per-locale catalogs, msgmerge's merge, a layout-keeping writer.

The files are read and written here, the way GNU gettext reads and writes them (po-lex.c,
po-gram-gen.y, read-catalog-abstract.c, write-po.c), into polib's `POFile` and `POEntry`, which
the rest of l10n uses as its model. polib's own reader refuses much that GNU reads (one-line
entries, `#:file:12`, `domain`, any charset but UTF-8) and its writer wraps translator comments
and splits strings at U+2028. So: every charset GNU knows is decoded by the header's charset and
written back in it; CRLF and CR line ends are read and kept; what GNU refuses is refused in one
line that names the line, and nothing is written that `msgfmt` would refuse.

The merge is GNU `msgmerge --previous`'s algorithm (msgmerge.c: merge, match_domain,
message_merge), written out here because neither polib (exact matches only) nor Babel (drops
`msgctxt` and plural forms, rewrites format flags) does it: an entry is keyed by context and
msgid; an unmatched one takes the closest translated old msgid sharing a character 4-gram, by
msgmerge's own similarity (2·LCS / total length, on UTF-8 bytes, above 0.6), fuzzy with the old
msgid kept as `#|`; the header is merged field by field; a format flag the template adds makes
the entry fuzzy where `msgfmt --check` would refuse the translation. `tests/test_catalog.py`
compares every decision with `msgmerge` on fixtures, real catalogs and generated ones.

The writer keeps the file's own layout: an entry whose content did not change is written back
byte for byte as it was read, so a catalog that a PO editor or `msgcat` re-wrapped survives a
run unchanged, and a run that changes nothing writes nothing. What it writes anew, it writes
as write-po.c does, wrapping at 79 columns where UAX #14 allows a break.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timezone
from pathlib import Path

from l10n import __version__
from l10n.errors import L10nError
from l10n.files import MAX_BYTES, read_bytes, write_bytes

GENERATOR = f"l10n {__version__}"
# msgmerge's FUZZY_THRESHOLD, and the bonus an old entry gets for having the same (or no) context.
FUZZY_THRESHOLD = 0.6
SAME_CONTEXT_BONUS = 0.00001
# Header fields in the order msgmerge writes them; other fields follow in the file's order.
HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding")
# GNU's name for the messages outside any `domain` directive.
DEFAULT_DOMAIN = "messages"
PAGE_WIDTH = 79


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


def locale_folders(root: Path) -> list[Path]:
    """The locale folders under the project's `locales/`, sorted. The folder also holds every
    release's template, so an archive's run lists it once, not once per release."""
    try:
        with os.scandir(root / "locales") as entries:  # not glob(): a release's name may hold `[` or `*`
            return sorted(Path(e.path) for e in entries if e.is_dir())
    except OSError:
        return []


def files_named(root: Path, slug: str, folders: Sequence[Path] | None = None) -> list[Path]:
    """The template and every locale's catalog called `slug` in the project at `root`, template
    first; `folders` are the locale folders (`locale_folders`) where the caller has listed them."""
    found = [template_path(root, slug)] if template_path(root, slug).is_file() else []
    found += [f / "LC_MESSAGES" / f"{slug}.po" for f in (locale_folders(root) if folders is None else folders)
              if (f / "LC_MESSAGES" / f"{slug}.po").is_file()]
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


# --- charsets --------------------------------------------------------------------------

# The charsets GNU gettext calls portable (po-charset.c), each with Python's codec; None where
# Python has none. A name GNU does not know is still read where Python knows it.
_PORTABLE = {
    "ASCII": "ascii", "ANSI_X3.4-1968": "ascii", "US-ASCII": "ascii", "UTF-8": "utf-8",
    **{f"ISO{sep}8859-{n}": f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15) for sep in "-_"},
    "KOI8-R": "koi8-r", "KOI8-U": "koi8-u", "KOI8-T": "koi8-t",
    **{f"CP{n}": f"cp{n}" for n in (850, 866, 874, 932, 949, 950, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257)},
    "GB2312": "gb2312", "EUC-JP": "euc-jp", "EUC-KR": "euc-kr", "EUC-TW": None, "BIG5": "big5",
    "BIG5-HKSCS": "big5hkscs", "GBK": "gbk", "GB18030": "gb18030", "SHIFT_JIS": "shift_jis", "JOHAB": "johab",
    "TIS-620": "tis-620", "VISCII": None, "GEORGIAN-PS": None,
}
_PORTABLE = {name.upper(): codec for name, codec in _PORTABLE.items()}
# Where a character of East Asian ambiguous width takes two columns (libunistring's is_cjk_encoding).
_CJK_CHARSETS = {"EUC-JP", "GB2312", "GBK", "EUC-TW", "BIG5", "EUC-KR", "CP949", "JOHAB"}
# The charset of the header: the first `msgid ""` that a `msgstr` follows at once (a `msgid ""`
# continued by more strings is an entry's msgid), and `charset=` in the strings after it.
_HEADER_STRINGS = re.compile(rb'^[ \t]*msgid[ \t]*""\s*msgstr[ \t]*((?:"(?:[^"\\\n]|\\.)*"\s*)+)', re.M)
_CHARSET = re.compile(r"charset=([^\s\"\\]+)")


def _declared(data: bytes) -> str | None:
    """The charset the file's header declares, as written; None when it declares none or `CHARSET`
    (xgettext's blank, which GNU reads as no declaration)."""
    header = _HEADER_STRINGS.search(data)
    found = _CHARSET.search(header[1].decode("ascii", "replace")) if header else None
    return found[1] if found and found[1].upper() != "CHARSET" else None


def _codec(charset: str | None, path: Path | str) -> str:
    """Python's codec for a declared charset (UTF-8 when none is declared)."""
    if charset is None:
        return "utf-8"
    if charset.upper() in _PORTABLE:
        codec = _PORTABLE[charset.upper()]
        if codec is None:
            raise L10nError(f"declares charset={charset}, which Python cannot decode; convert the file to UTF-8 "
                            "with `msgconv -t UTF-8` and run again", path, 1)
        return codec
    try:
        return codecs.lookup(charset).name
    except LookupError:
        raise L10nError(f"declares charset={charset}, which is no charset GNU gettext or Python knows; write the "
                        "file's real charset (UTF-8, ISO-8859-1, EUC-KR ...) into its Content-Type", path, 1)


def charset(po) -> str | None:
    """The charset the catalog's header declares (None: none, or xgettext's blank `CHARSET`)."""
    found = _CHARSET.search(po.metadata.get("Content-Type", ""))
    return found[1] if found and found[1].upper() != "CHARSET" else None


def _decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """The text of a PO file (every line end as \\n) and the line end the file uses.

    Bytes are decoded by the charset the header declares, whole, as GNU's lexer reads them
    character by character: a second byte that looks like `\\` or `"` (Big5, Shift_JIS, GBK)
    stays inside its character.
    """
    if data.startswith(codecs.BOM_UTF8):  # GNU refuses the mark; it says UTF-8 all the same
        data = data[len(codecs.BOM_UTF8):]
    declared = _declared(data)
    try:
        text = data.decode(_codec(declared, path))
    except UnicodeDecodeError as error:
        where = data.count(b"\n", 0, error.start) + 1
        if declared:
            raise L10nError(f"is not {declared} (byte 0x{data[error.start]:02x}), the charset its header declares; "
                            "correct the charset in the header or re-save the file as UTF-8", path, where)
        raise L10nError(f"is not UTF-8 (byte 0x{data[error.start]:02x}) and its header names no other charset; "
                        "re-save it as UTF-8 in your PO editor, or declare its charset in the header", path, where)
    first = text.find("\n")
    if first > 0 and text[first - 1] == "\r":
        return text.replace("\r\n", "\n"), "\r\n"
    if first < 0 and "\r" in text:  # GNU would read a file of CR line ends as one line of comment
        return text.replace("\r", "\n"), "\r"
    return text.replace("\r\n", "\n"), "\n"


# --- reading ---------------------------------------------------------------------------

# Every token GNU's lexer knows, on one line (a comment runs to its end); `#~` and `#|` mark the
# rest of the line as obsolete or previous.
_LEXEME = re.compile(r"""[ \t\r\f\v]*(?:
    (?P<mark>\#~\|?|\#\|)
  | \#(?P<comment>.*)
  | "(?P<string>(?:[^"\\]|\\.)*)"
  | (?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<number>[0-9]+)
  | (?P<bracket>[\[\]])
  | (?P<open>")
  | (?P<junk>.)
  | $)""", re.X)
# The lines most files are made of, read in one step: a keyword and a string, or a string.
_PLAIN = re.compile(r'(#~ )?(?:(msgctxt|msgid|msgid_plural|msgstr) )?"((?:[^"\\]|\\.)*)"')
_CONTROL = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.?)")
_KEYWORDS = {"domain", "msgid", "msgid_plural", "msgstr", "msgctxt"}
_PREVIOUS = {"msgid": "prev_msgid", "msgid_plural": "prev_msgid_plural", "msgctxt": "prev_msgctxt"}
# References: `file:12`, `file :12`, `file: 12`, `file : 12` and `file` alone (po_parse_comment_filepos).
_REFERENCE = re.compile(r"[ \t\n]*(?:([^ \t\n]+?)[ \t\n]*:[ \t\n]*([0-9]+)(?=[ \t\n]|$)|([^ \t\n]+))")
_SOLARIS = re.compile(r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)[ \t\n]*")
# Flags: fuzzy, the format flags of GNU's table, `range: a..b`, `wrap`/`no-wrap`; GNU ignores the rest.
_FLAG_SPLIT = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")


def _unescape(raw: str, codec_of: Callable[[], str]) -> str | None:
    """The value of a string as written between quotes; None when an escape is one GNU refuses.

    Octal and hex escapes are bytes of the file's charset (`codec_of()` names its codec); the rest
    are C's. A NUL ends the string, as GNU keeps strings in C strings.
    """
    if "\\" not in raw:
        value = raw
    elif re.search(r"\\(?:x|[0-7])", raw) is None:
        try:
            value = _ESCAPE.sub(lambda m: _CONTROL[m[1]], raw)
        except KeyError:
            return None
    else:
        codec = codec_of()
        data = bytearray()
        at = 0
        for escape in _ESCAPE.finditer(raw):
            data += raw[at:escape.start()].encode(codec)
            code = escape[1]
            if code[:1] == "x":
                data.append(int(code[1:], 16) & 0xFF)
            elif code[:1].isdigit():
                data.append(int(code, 8) & 0xFF)
            elif code in _CONTROL:
                data += _CONTROL[code].encode("ascii")
            else:
                return None
            at = escape.end()
        data += raw[at:].encode(codec)
        value = data.decode(codec, "replace")
    return value.split("\x00", 1)[0]


def _references(text: str) -> list[tuple[str, str]]:
    """The (file, line) pairs of a `#:` comment, line "" where none is given."""
    found = []
    for match in _REFERENCE.finditer(text):
        if match[1] is not None:
            found.append((match[1], str(int(match[2]))))
        elif match[3] is not None:
            found.append((match[3], ""))
    return found


class _Comments:
    """The comments read since the last entry, for the entry they precede."""

    __slots__ = ("translator", "extracted", "references", "fuzzy", "formats", "range", "wrap", "line")

    def __init__(self) -> None:
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[tuple[str, str]] = []
        self.fuzzy = False
        self.formats: dict[str, str] = {}
        self.range: tuple[int, int] | None = None
        self.wrap: str | None = None
        self.line = 0  # the first comment's line, 0 when there is none

    def add(self, text: str, line: int) -> None:
        """One comment, by its kind (po_callback_comment_dispatcher)."""
        self.line = self.line or line
        head = text[:1]
        if head == ".":
            self.extracted.append(text[2:] if text[1:2] == " " else text[1:])
        elif head == ":":
            for reference in _references(text[1:]):
                if reference not in self.references:
                    self.references.append(reference)
        elif head in (",", "!"):
            self._flags(text[1:])
        else:
            solaris = _SOLARIS.fullmatch(text)
            if solaris:
                self.references.append((solaris[1], str(int(solaris[2]))))
            else:
                self.translator.append(text[1:] if head == " " else text)

    def _flags(self, text: str) -> None:
        """A `#,` line: it says all the flags, those of an earlier `#,` line of the entry go (as GNU reads them)."""
        self.fuzzy, self.formats, self.range, self.wrap = False, {}, None, None
        words = [word for word in _FLAG_SPLIT.split(text) if word]
        for at, word in enumerate(words):
            if word == "fuzzy":
                self.fuzzy = True
            elif word.endswith("-format"):
                kind, value = word[:-7], "yes"
                for prefix in ("no-", "possible-", "impossible-"):
                    if kind.startswith(prefix):
                        kind, value = kind[len(prefix):], prefix[:-1]
                        break
                if kind in FORMATS:
                    self.formats[kind] = value
            elif word == "range:" and at + 1 < len(words):
                bounds = _RANGE.match(words[at + 1])
                if bounds and int(bounds[1]) <= int(bounds[2]):
                    self.range = (int(bounds[1]), int(bounds[2]))
            elif word in ("wrap", "no-wrap"):
                self.wrap = word

    def flags(self) -> list[str]:
        """The flags as GNU writes them, in its order."""
        flags = ["fuzzy"] if self.fuzzy else []
        flags += [("" if value == "yes" else value + "-") + kind + "-format"
                  for kind, value in sorted(self.formats.items(), key=lambda item: FORMATS.index(item[0]))
                  if value != "impossible"]
        if self.range:
            flags.append(f"range: {self.range[0]}..{self.range[1]}")
        return flags + ["no-wrap"] * (self.wrap == "no-wrap")


class _Reader:
    """GNU's lexer and grammar for one PO text: entries as `polib.POEntry`, with the lines each spans."""

    def __init__(self, text: str, path: Path | str) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")  # not splitlines(): \x0b, \x1c-\x1e, \x85 and U+2028 stay in strings
        self._codec: str | None = None

    def codec(self) -> str:
        """The codec of the file's charset, which octal and hex escapes are bytes of."""
        if self._codec is None:
            self._codec = _codec(_declared(self.text.encode("utf-8", "surrogatepass")), self.path)
        return self._codec

    def fail(self, reason: str, line: int):
        raise L10nError(f"is not a valid PO file ({reason}); fix it in a PO editor or restore it from version "
                        "control", self.path, line)

    def tokens(self) -> list[tuple]:
        """(kind, value, line, obsolete) for every token; comments as ("comment", text, line, obsolete)."""
        found: list[tuple] = []
        append = found.append
        lines = self.lines
        number = 0
        while number < len(lines):
            line = lines[number]
            number += 1
            at = number
            while line.endswith("\\") and number < len(lines):  # a backslash before a line end joins the lines
                line = line[:-1] + lines[number]
                number += 1
            plain = _PLAIN.fullmatch(line)
            if plain:
                obsolete = plain[1] is not None
                if plain[2]:
                    append((plain[2], None, at, obsolete))
                append(("string", self.string(plain[3], at), at, obsolete))
            elif line[:1] == "#" and line[1:2] not in ("~", "|"):
                append(("comment", line[1:], at, False))
            elif line.strip():
                self.lex(line, at, append)
        return found

    def string(self, raw: str, line: int) -> str:
        try:
            value = _unescape(raw, self.codec) if "\\" in raw else raw.split("\x00", 1)[0]
        except UnicodeEncodeError:
            self.fail("an octal or hex escape in a string with characters its charset cannot hold", line)
        if value is None:
            self.fail("a backslash starts an escape GNU gettext does not know; write \\\\ for a backslash", line)
        if "\x04" in value:
            self.fail("a string holds U+0004, which gettext reserves to join a context to its msgid", line)
        return value

    def lex(self, line: str, at: int, append) -> None:
        """Tokens of a line that is not a plain keyword-and-string line."""
        obsolete = previous = False
        position = 0
        while True:
            token = _LEXEME.match(line, position)
            position = token.end()
            kind = token.lastgroup
            if kind is None:
                return
            if kind == "mark":
                obsolete = obsolete or token["mark"].startswith("#~")
                previous = previous or token["mark"].endswith("|")
            elif kind == "comment":
                append(("comment", token["comment"], at, obsolete))
                return
            elif kind == "string":
                append(("prev_string" if previous else "string", self.string(token["string"], at), at, obsolete))
            elif kind == "word":
                word = token["word"]
                if previous and word in _PREVIOUS:
                    append((_PREVIOUS[word], None, at, obsolete))
                elif not previous and word in _KEYWORDS:
                    append((word, None, at, obsolete))
                else:
                    self.fail(f"keyword \"{word[:40]}\" unknown", at)
            elif kind == "number":
                append(("number", int(token["number"]), at, obsolete))
            elif kind == "bracket":
                append((token["bracket"], None, at, obsolete))
            elif kind == "open":
                self.fail('a string is not closed with "', at)
            else:
                self.fail(f"{token['junk']!r} where a keyword, a string or a comment belongs", at)

    def read(self):
        """The entries, in file order, and for each its (first line, last line); the header not taken out."""
        import polib

        tokens = self.tokens()
        tokens += [("end", None, len(self.lines), False)] * 4  # room to look ahead past the last token
        entries: list = []
        spans: list[tuple[int, int]] = []
        comments = _Comments()
        domain = DEFAULT_DOMAIN
        at = 0
        while tokens[at][0] != "end":
            kind, value, line, obsolete = tokens[at]
            if kind == "comment":
                comments.add(value, line)
                at += 1
            elif kind == "domain":
                if tokens[at + 1][0] != "string":
                    self.fail("`domain` without its name in quotes", line)
                domain = tokens[at + 1][1] or DEFAULT_DOMAIN
                comments = _Comments()  # GNU drops comments before a domain directive
                at += 2
            elif kind in ("msgid", "msgctxt", "prev_msgid", "prev_msgctxt"):
                at, entry, first = self.entry(tokens, at, comments, polib)
                if domain != DEFAULT_DOMAIN:
                    entry.domain = domain
                entries.append(entry)
                spans.append((comments.line or first, tokens[at - 1][2]))
                comments = _Comments()
            elif kind in ("string", "prev_string"):
                self.fail("a string outside an entry (a keyword such as msgstr is missing before it)", line)
            else:
                self.fail(f"{kind} where an entry or a comment belongs", line)
        return entries, spans

    def strings(self, tokens: list, at: int, kind: str, obsolete: bool, what: str) -> tuple[int, str]:
        """The strings from `at` on, joined; at least one."""
        if tokens[at][0] != kind:
            self.fail(f"{what} without a string in quotes", tokens[at][2])
        parts = []
        while tokens[at][0] == kind:
            if tokens[at][3] != obsolete:
                self.fail("inconsistent use of #~: an entry is obsolete on some of its lines only", tokens[at][2])
            parts.append(tokens[at][1])
            at += 1
        return at, "".join(parts)

    def entry(self, tokens: list, at: int, comments: _Comments, polib):
        """One entry from `at`: [#| previous] [msgctxt] msgid [msgid_plural] msgstr or msgstr[n]..."""
        first = tokens[at][2]
        obsolete = tokens[at][3]
        previous: list[str | None] = [None, None, None]
        for slot, kind in enumerate(("prev_msgctxt", "prev_msgid", "prev_msgid_plural")):
            if tokens[at][0] == kind:
                if tokens[at][3] != obsolete:
                    self.fail("inconsistent use of #~: an entry is obsolete on some of its lines only", tokens[at][2])
                at, previous[slot] = self.strings(tokens, at + 1, "prev_string", obsolete, f"#| {kind[5:]}")
                if slot == 0 and tokens[at][0] != "prev_msgid":
                    self.fail("#| msgctxt without #| msgid after it", tokens[at][2])
        if previous[0] is None and previous[1] is None and previous[2] is not None:
            self.fail("#| msgid_plural without #| msgid", first)
        if tokens[at][0] in ("prev_msgid", "prev_msgctxt", "prev_msgid_plural"):
            self.fail("a #| line out of place", tokens[at][2])
        obsolete = tokens[at][3]
        if (previous[0] is not None or previous[1] is not None) and tokens[at][3] != tokens[at - 1][3]:
            self.fail("inconsistent use of #~: the previous msgid of an obsolete entry is written #~|",
                      tokens[at][2])
        msgctxt = None
        if tokens[at][0] == "msgctxt":
            at, msgctxt = self.strings(tokens, at + 1, "string", obsolete, "msgctxt")
            if tokens[at][0] != "msgid":
                self.fail("msgctxt without msgid after it", tokens[at][2])
        if tokens[at][0] != "msgid":
            self.fail("#| lines without the entry's msgid after them", tokens[at][2])
        line = tokens[at][2]
        if tokens[at][3] != obsolete:
            self.fail("inconsistent use of #~: an entry is obsolete on some of its lines only", line)
        at, msgid = self.strings(tokens, at + 1, "string", obsolete, "msgid")
        msgid_plural = ""
        if tokens[at][0] == "msgid_plural":
            at, msgid_plural = self.strings(tokens, at + 1, "string", obsolete, "msgid_plural")
        forms: dict[int, str] = {}
        msgstr = ""
        if tokens[at][0] != "msgstr":
            self.fail("missing 'msgstr' section: an entry needs msgstr after its msgid", line)
        if tokens[at + 1][0] == "[":
            while tokens[at][0] == "msgstr" and tokens[at + 1][0] == "[":
                number = tokens[at + 2]
                if number[0] != "number" or tokens[at + 3][0] != "]":
                    self.fail("msgstr[ without a number and ] after it", tokens[at][2])
                if number[1] != len(forms):
                    self.fail(f"msgstr[{number[1]}] where msgstr[{len(forms)}] belongs; number the plural forms "
                              "from 0", tokens[at][2])
                at, forms[len(forms)] = self.strings(tokens, at + 4, "string", obsolete, f"msgstr[{number[1]}]")
            if not msgid_plural:
                self.fail("msgstr[0] without msgid_plural; write msgstr, or add the English plural as "
                          "msgid_plural", line)
        else:
            if msgid_plural:
                self.fail("an entry with msgid_plural needs msgstr[0], msgstr[1] ..., not msgstr", line)
            at, msgstr = self.strings(tokens, at + 1, "string", obsolete, "msgstr")
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr, msgid_plural=msgid_plural, msgstr_plural=forms,
                              msgctxt=msgctxt, obsolete=obsolete, tcomment=_comment_text(comments.translator),
                              comment="\n".join(comments.extracted), occurrences=comments.references,
                              flags=comments.flags(), previous_msgctxt=previous[0], previous_msgid=previous[1],
                              previous_msgid_plural=previous[2], linenum=line)
        return at, entry, first


def _read_text(text: str, path: Path | str = "<text>"):
    """PO text as a `polib.POFile` with its header taken out, and the (first, last) line of every
    entry, the header under the key "header"."""
    import polib

    entries, spans = _Reader(text, path).read()
    seen: dict[tuple[str, str | None, str], int] = {}
    for entry in entries:
        # as msgfmt: an obsolete entry may not repeat a message either, active or obsolete
        first = seen.setdefault((getattr(entry, "domain", DEFAULT_DOMAIN), entry.msgctxt, entry.msgid), entry.linenum)
        if first != entry.linenum:
            raise L10nError(f"is not a valid PO file (the entry of line {first} comes again{', obsolete' * entry.obsolete}); "
                            "keep one of the two in a PO editor or restore the file from version control", path,
                            entry.linenum)
    po = polib.POFile(wrapwidth=0)
    po.headerless = True
    where = {}
    for entry, span in zip(entries, spans):
        if po.headerless and _is_header(entry) and not hasattr(entry, "domain"):
            po.headerless = False
            po.header = entry.tcomment
            po.metadata = _fields(entry.msgstr)
            po.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in entry.flags else []
            where["header"] = (*span, entry.linenum)
            continue
        po.append(entry)
        where[id(entry)] = span
    _check_plural_forms(po, text, path)
    return po, where


def _comment_text(lines: list[str]) -> str:
    """Translator comment lines as one string, lines joined by \\n, one more \\n where the last is
    empty: a lone `#` line is "\\n", no comment at all "" (GNU keeps a lone `#`)."""
    return "\n".join(lines) + ("\n" if lines and not lines[-1] else "")


def _comment_lines(text: str) -> list[str]:
    return (text[:-1] if text.endswith("\n") else text).split("\n") if text else []


def _is_header(entry) -> bool:
    return entry.msgid == "" and entry.msgctxt is None and not entry.obsolete


def _fields(text: str) -> dict[str, str]:
    """The fields of a header's msgstr, in order; a line without a colon continues the field before it."""
    fields: dict[str, str] = {}
    name = None
    for line in text.split("\n"):
        if ":" in line:
            name, value = line.split(":", 1)
            fields[name] = value.strip()
        elif line and name is not None:
            fields[name] += "\n" + line
    return fields


def parse(text: str, path: Path | str = "<text>"):
    """PO text as a `polib.POFile`; what GNU gettext would refuse raises L10nError at its line."""
    return _read_text(text, path)[0]


# A C expression of n as gettext's Plural-Forms takes it: tokens, then precedence climbing.
_PLURAL_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6,
           "%": 6}
_PLURAL_DEPTH = 100  # real rules nest five deep; deeper is hostile, and would exhaust the stack


def _plural_tree(text: str):
    """The plural expression as a tree of tuples (GNU's grammar: ?:, binary operators, !, n,
    numbers), or None when it is not one."""
    tokens, at = [], 0
    while at < len(text.rstrip()):
        found = _PLURAL_TOKEN.match(text, at)
        if not found:
            return None
        tokens.append(int(found[1]) if found[1] else found[2] or found[3])
        at = found.end()
    position = 0

    def take(token: str) -> bool:
        nonlocal position
        if position < len(tokens) and tokens[position] == token:
            position += 1
            return True
        return False

    def operand(depth: int):
        nonlocal position
        if depth > _PLURAL_DEPTH or position >= len(tokens):
            return None
        if take("!"):
            inner = operand(depth + 1)
            return None if inner is None else ("!", inner)
        if take("("):
            inner = condition(depth + 1)
            return inner if inner is not None and take(")") else None
        token = tokens[position]
        if token == "n" or isinstance(token, int):
            position += 1
            return token
        return None

    def binary(level: int, depth: int):
        nonlocal position
        left = operand(depth)
        while left is not None and position < len(tokens) and _BINARY.get(tokens[position], 0) >= level:
            operator = tokens[position]
            position += 1
            right = binary(_BINARY[operator] + 1, depth + 1)
            left = None if right is None else (operator, left, right)
        return left

    def condition(depth: int):
        if depth > _PLURAL_DEPTH:
            return None
        test = binary(1, depth)
        if test is None or not take("?"):
            return test
        yes = condition(depth + 1)
        if yes is None or not take(":"):
            return None
        no = condition(depth + 1)
        return None if no is None else ("?", test, yes, no)

    tree = condition(0)
    return tree if position == len(tokens) else None


def _evaluate(tree, n: int) -> int:
    """The plural expression at n, in C's unsigned long arithmetic (ZeroDivisionError as C's SIGFPE)."""
    if tree == "n":
        return n
    if isinstance(tree, int):
        return tree
    operator = tree[0]
    if operator == "!":
        return int(not _evaluate(tree[1], n))
    if operator == "?":
        return _evaluate(tree[2], n) if _evaluate(tree[1], n) else _evaluate(tree[3], n)
    if operator == "||":
        return int(bool(_evaluate(tree[1], n)) or bool(_evaluate(tree[2], n)))
    if operator == "&&":
        return int(bool(_evaluate(tree[1], n)) and bool(_evaluate(tree[2], n)))
    a, b = _evaluate(tree[1], n), _evaluate(tree[2], n)
    mask = (1 << 64) - 1
    return {"==": lambda: int(a == b), "!=": lambda: int(a != b), "<": lambda: int(a < b), ">": lambda: int(a > b),
            "<=": lambda: int(a <= b), ">=": lambda: int(a >= b), "+": lambda: (a + b) & mask,
            "-": lambda: (a - b) & mask, "*": lambda: (a * b) & mask, "/": lambda: a // b,
            "%": lambda: a % b}[operator]()


# what xgettext writes into a template, for the translator to fill in
_TEMPLATE_PLURAL = re.compile(r"\s*nplurals\s*=\s*INTEGER\s*;\s*plural\s*=\s*EXPRESSION\s*;?\s*")


def _check_plural_forms(po, text: str, path: Path | str) -> None:
    """A Plural-Forms header msgfmt rejects (`plural=n>;`, `nplurals=x`, `nplurals=0`) raises L10nError.
    As msgfmt, the header is checked only where it has both parts; with one, a merge takes gettext's
    default of two forms."""
    value = po.metadata.get("Plural-Forms")
    if value is None or _TEMPLATE_PLURAL.fullmatch(value):
        return
    count = re.search(r"nplurals\s*=\s*(\d*)", value)
    rule = re.search(r"(?<![a-z])plural\s*=\s*([^;]*)", value)
    if count and rule and not (count[1] and int(count[1]) > 0 and _plural_tree(rule[1]) is not None):
        line = text.count("\n", 0, max(0, text.find("Plural-Forms:"))) + 1
        raise L10nError(f"is not a valid PO file (invalid Plural-Forms: {value.strip()[:80]}); write it as "
                        "`nplurals=2; plural=(n != 1);` or take the line from a new catalog", path, line)


def read_layout(path: Path, limit: int = MAX_BYTES):
    """A catalog as a `polib.POFile`, and its Layout, from one reading of the file."""
    text, newline = _decode(read_bytes(path, limit, "catalog (.po file)"), path)
    parsed = _read_text(text, path)
    parsed[0].newline = newline
    return parsed[0], layout_of(text, parsed)


def read(path: Path, locale: str | None = None, limit: int = MAX_BYTES):
    """A catalog as a `polib.POFile`; a file GNU gettext would refuse raises L10nError.

    With `locale`, the header's `Language` must name it (under any alias: `ko` is `ko_KR`).
    The file's line end is kept in `newline`, for writing it back.
    """
    text, newline = _decode(read_bytes(path, limit, "catalog (.po file)"), path)
    catalog = parse(text, path)
    catalog.newline = newline
    language = catalog.metadata.get("Language", "").strip()
    if locale and language:
        from l10n.locale import resolve

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


# --- format strings --------------------------------------------------------------------

# Format kinds in the order GNU gettext writes their flags (gettext 0.21's format_language table).
FORMATS = ("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme", "lisp",
           "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde",
           "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp")


def _flag_rank(flag: str) -> tuple[int, int]:
    """Where GNU writes a flag: fuzzy, the format flags in table order, range, wrap, then the rest."""
    kind = flag.removesuffix("-format")
    for prefix in ("no-", "possible-", "impossible-"):
        kind = kind.removeprefix(prefix)
    if flag == "fuzzy":
        return 0, 0
    if flag.endswith("-format") and kind in FORMATS:
        return 1, FORMATS.index(kind)
    return (2, 0) if flag.startswith("range:") else (3, 0) if flag in ("wrap", "no-wrap") else (4, 0)


# What `msgfmt --check` compares, for the format kinds whose parser and check are written out here
# after GNU's format-*.c: a string's arguments (None: the string is no valid format string of the
# kind), and whether a translation's arguments break the English's (`strict`: every argument must
# come back; else a plural form used for few numbers may leave some out).
_C = re.compile(r"%(?:([0-9]+)\$)?([-+ #0'I]*)(?:(\*)(?:([0-9]+)\$)?|[0-9]+)?(?:\.(?:(\*)(?:([0-9]+)\$)?|[0-9]*))?"
                r"(?:<PRI([diouxX])(MAX|PTR|LEAST8|LEAST16|LEAST32|LEAST64|FAST8|FAST16|FAST32|FAST64|8|16|32|64)>"
                r"|([hlLqjzZt]*)(.?))", re.S)
_C_SIZES = {"j": "intmax", "z": "size", "Z": "size", "t": "ptrdiff", "L": "longlong", "q": "longlong"}


def _c_type(conversion: str, size: str, objc: bool) -> tuple | None:
    """The argument type of a C directive: () for none (`%%`, `%m`), None for no valid conversion."""
    wide = size in ("long", "longlong")
    if conversion in ("%", "m"):
        return ()
    if conversion in ("c", "C"):
        return "char", wide or conversion == "C"
    if conversion in ("s", "S"):
        return "string", wide or conversion == "S"
    if conversion in ("d", "i"):
        return "int", size
    if conversion in ("u", "o", "x", "X"):
        return "uint", size
    if conversion in ("e", "E", "f", "F", "g", "G", "a", "A"):
        return "double", size == "longlong"
    if conversion in ("p", "n"):
        return ("pointer",) if conversion == "p" else ("count", size)
    return ("object",) if conversion == "@" and objc else None


def _c_arguments(text: str, translated: bool, objc: bool = False) -> list | None:
    """The types of a C (or Objective-C) format string's arguments, in argument order (format-c-parse.h)."""
    numbered: list[tuple[int, tuple]] = []
    unnumbered: list[tuple] = []
    at = text.find("%")
    while at >= 0:
        found = _C.match(text, at)
        if "I" in found[2] and not translated:  # the I flag is glibc's, for translations only
            return None
        arguments = [(found[4], ("int", ""))] * bool(found[3]) + [(found[6], ("int", ""))] * bool(found[5])
        if found[7]:
            arguments.append((found[1], ("int" if found[7] in "di" else "uint", found[8])))
        else:
            size = ""
            for letter in found[9]:
                if letter == "h":
                    size = "char" if size in ("short", "char") else "short"
                elif letter == "l":
                    size = "longlong" if size in ("long", "longlong") else "long"
                else:
                    size = _C_SIZES[letter]
            kind = _c_type(found[10], size, objc) if found[10] else None
            if kind is None:
                return None
            if kind:
                arguments.append((found[1], kind))
        for number, kind in arguments:
            if number is not None and int(number) == 0:
                return None
            if (number is None and numbered) or (number is not None and unnumbered):
                return None  # numbered and unnumbered arguments do not mix
            if number is None:
                unnumbered.append(kind)
            else:
                numbered.append((int(number), kind))
        at = text.find("%", found.end())
    if not numbered:
        return unnumbered
    types: dict[int, tuple] = {}
    for number, kind in numbered:
        if types.setdefault(number, kind) != kind:
            return None
    if sorted(types) != list(range(1, len(types) + 1)):
        return None  # an argument left out before a later one
    return [types[n] for n in sorted(types)]


def _c_breaks(english: list, translation: list, strict: bool) -> bool:
    if len(english) != len(translation) if strict else len(english) < len(translation):
        return True
    return english[:len(translation)] != translation


_PYTHON = re.compile(r"%(?:\(([^()]*(?:\([^()]*\)[^()]*)*)\))?([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?[hlL]?(.?)", re.S)
_PYTHON_TYPES = {"c": "char", "s": "string", "r": "string", "i": "int", "d": "int", "u": "int", "o": "int", "x": "int",
                 "X": "int", "e": "float", "E": "float", "f": "float", "g": "float", "G": "float"}


def _python_arguments(text: str, translated: bool) -> tuple[dict, list] | None:
    """A Python %-format string's named arguments with their types, and its unnamed ones (format-python.c)."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    at = text.find("%")
    while at >= 0:
        found = _PYTHON.match(text, at)
        if found is None:
            return None
        name, width, precision, conversion = found[1], found[3], found[4], found[5]
        for star in (width, precision):
            if star == "*":
                if named:
                    return None
                unnamed.append("int")
        if conversion == "%":
            kind = None
        elif conversion in _PYTHON_TYPES:
            kind = _PYTHON_TYPES[conversion]
            if kind == "string" and precision and precision != "*" and not precision.strip("0"):
                kind = "any"
        else:
            return None
        if name is not None:
            if unnamed:
                return None
            if kind is not None and named.setdefault(name, kind) != kind:
                return None
        elif kind is not None:
            if named:
                return None
            unnamed.append(kind)
        at = text.find("%", found.end())
    return named, unnamed


def _python_breaks(english: tuple, translation: tuple, strict: bool) -> bool:
    (names1, list1), (names2, list2) = english, translation
    if (names1 and list2) or (list1 and names2):
        return True
    if set(names2) - set(names1) or (strict and set(names1) - set(names2)):
        return True
    for name in names2:
        a, b = names1[name], names2[name]
        if not (a == b or (not strict and "any" in (a, b))):
            return True
    if list1 or list2:
        if len(list1) != len(list2):
            return True
        return any(not (a == b or (not strict and "any" in (a, b))) for a, b in zip(list1, list2))
    return False


def _brace_arguments(text: str, translated: bool) -> set[str] | None:
    """The fields of a Python str.format string, each written whole (`x`, `x.y[0]`, `x:>10`), as
    format-python-brace.c names them; a nested `{...}` in a format spec is no field of its own."""
    names: set[str] = set()
    at = 0

    def field(at: int, top: bool) -> int:
        """Parse the directive whose `{` is at `at`; the index after it, or -1 if invalid."""
        start = at + 1
        position = start
        name = re.match(r"[A-Za-z_][A-Za-z_0-9]*|[0-9]+", text[position:])
        if not name:
            return -1
        position += name.end()
        while position < len(text) and text[position] in ".[":
            part = re.match(r"\.[A-Za-z_][A-Za-z_0-9]*|\[(?:[A-Za-z_][A-Za-z_0-9]*|[0-9]+)\]", text[position:])
            if not part:
                return -1
            position += part.end()
        if text[position:position + 1] == ":":
            if not top:
                return -1
            position += 1
            if text[position:position + 1] == "{":
                position = field(position, False)
                if position < 0:
                    return -1
            else:
                spec = re.match(r"(?:.[<>=^]|[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]*)?[bcdoxXneEfFgG%]?", text[position:],
                                re.S)
                position += spec.end()
        if text[position:position + 1] != "}":
            return -1
        if top:
            names.add(text[start:position])
        return position + 1

    while at < len(text):
        if text[at] == "{":
            if text[at + 1:at + 2] == "{":
                at += 2
                continue
            at = field(at, True)
            if at < 0:
                return None
        else:
            at += 1
    return names


def _brace_breaks(english: set, translation: set, strict: bool) -> bool:
    return strict and english != translation


def _sh_arguments(text: str, translated: bool) -> set[str] | None:
    """The variables of a shell format string: `$name` and `${name}` (format-sh.c)."""
    names = set()
    at = text.find("$")
    while at >= 0:
        braced = re.match(r"\$\{([^}]*)(\}?)", text[at:])
        if braced:
            name = braced[1]
            if not braced[2] or not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", name):
                return None
            at += braced.end()
        else:
            bare = re.match(r"\$([A-Za-z_][A-Za-z_0-9]*)", text[at:])
            if not bare:
                return None
            name = bare[1]
            at += bare.end()
        names.add(name)
        at = text.find("$", at)
    return names


def _names_breaks(english: set, translation: set, strict: bool) -> bool:
    return bool(translation - english) or (strict and english != translation)


def _perl_brace_arguments(text: str, translated: bool) -> set[str]:
    return set(re.findall(r"\{([A-Za-z_][A-Za-z_0-9]*)\}", text))


def _qt_arguments(text: str, translated: bool) -> tuple[bool, set[int]]:
    """Whether a Qt format string is simple (no `%L`, no two-digit argument), and its arguments."""
    simple, used = True, set()
    for flag, digits in re.findall(r"%(L?)([0-9]{1,2})", text):
        simple = simple and not flag and len(digits) == 1
        used.add(int(digits))
    return simple, used


def _qt_breaks(english: tuple, translation: tuple, strict: bool) -> bool:
    return (english[0] and not translation[0]) or english[1] != translation[1]


def _kde_arguments(text: str, translated: bool) -> list[int] | None:
    """The arguments of a KDE format string; at most one of 1..n may be left out (format-kde.c)."""
    numbers = sorted({int(n) for n in re.findall(r"%([1-9][0-9]*)", text)})
    return None if numbers and numbers[-1] - len(numbers) > 1 else numbers


def _kde_breaks(english: list, translation: list, strict: bool) -> bool:
    missing = [n for n in english if n not in translation]
    return bool(set(translation) - set(english)) or (bool(missing) if strict else len(missing) > 1)


def _qt_plural_breaks(english: int, translation: int, strict: bool) -> bool:
    return (english == 0 and translation > 0) or (strict and english > 0 and translation == 0)


_FORMAT_CHECKS = {
    "c": (_c_arguments, _c_breaks),
    "objc": (lambda text, translated: _c_arguments(text, translated, objc=True), _c_breaks),
    "python": (_python_arguments, _python_breaks),
    "python-brace": (_brace_arguments, _brace_breaks),
    "sh": (_sh_arguments, _names_breaks),
    "perl-brace": (_perl_brace_arguments, lambda english, translation, strict: strict and bool(english - translation)),
    "qt": (_qt_arguments, _qt_breaks),
    "qt-plural": (lambda text, translated: len(re.findall(r"%L?n", text)), _qt_plural_breaks),
    "kde": (_kde_arguments, _kde_breaks),
}


class _Plurals:
    """The plural rule of a header, as msgmerge weighs a translation's plural forms with it."""

    def __init__(self, value: str) -> None:
        count = re.search(r"nplurals\s*=\s*(\d+)", value)
        rule = re.search(r"(?<![a-z])plural\s*=\s*([^;]*)", value)
        self.count, self.tree = (int(count[1]), _plural_tree(rule[1])) if count and rule else (2, ("!=", "n", 1))

    @cached_property
    def often(self) -> list[bool] | None:
        """For each form, whether it serves at least 5 of n = 0..1000 (GNU's "infinitely often");
        None where the rule fails on one of them (msgfmt would refuse it)."""
        if self.tree is None or not 0 < self.count <= 100:
            return None
        seen = [0] * self.count
        for n in range(1001):
            form = self.form(n)
            if form is None or form >= self.count:
                return None
            seen[form] += 1
        return [times >= 5 for times in seen]

    def form(self, n: int) -> int | None:
        try:
            return _evaluate(self.tree, n)
        except (ZeroDivisionError, RecursionError):
            return None

    def histogram(self, low: int, high: int, form: int) -> int:
        """How many n of low..high take `form` (at most 1,001 of them, as GNU counts)."""
        low = max(low, 0)
        return sum(self.form(n) == form for n in range(low, min(high, low + 1000) + 1))


def _breaks_format(kind: str, entry, forms: Sequence[str], plurals: _Plurals) -> bool:
    """Whether `msgfmt --check` would refuse the translation `forms` of `entry` as a `kind` format
    string (check_msgid_msgstr_format_i); False for kinds not written out here."""
    if kind not in _FORMAT_CHECKS:
        return False
    arguments, breaks = _FORMAT_CHECKS[kind]
    english = arguments(entry.msgid_plural or entry.msgid, False)
    if english is None:
        return False
    range_ = _range(entry)
    for number, form in enumerate(forms):
        translation = arguments(form, True)
        if translation is None:
            return True
        often = plurals.often
        strict = (not entry.msgid_plural or len(forms) == 1
                  or (often is not None and number < len(often) and often[number] and not (
                      range_ and plurals.histogram(*range_, number) <= 1)))
        if breaks(english, translation, strict):
            return True
    return False


def _range(entry) -> tuple[int, int] | None:
    for flag in entry.flags:
        found = re.fullmatch(r"range: ([0-9]+)\.\.([0-9]+)", flag)
        if found:
            return int(found[1]), int(found[2])
    return None


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

    def best(self, queries: Sequence[tuple[str | None, str]]) -> list:
        """The old entry each (msgctxt, msgid) takes, or None, all at once: rapidfuzz scores them
        against every entry in C (on both cores where there is much to score), and only the few
        above the threshold are weighed in Python."""
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        cutoff = FUZZY_THRESHOLD - 2 * SAME_CONTEXT_BONUS
        found = []
        step = max(1, _MATRIX // max(1, len(self.keys)))
        for start in range(0, len(queries), step):
            batch = [msgid.encode() for _, msgid in queries[start:start + step]]
            if len(batch) * len(self.keys) < _MATRIX // 4:  # too little to pay for NumPy's import
                near = [((score, index) for _, score, index in process.extract(
                    query, self.keys, scorer=Indel.normalized_similarity, limit=None, score_cutoff=cutoff))
                    for query in batch]
            else:
                import numpy

                scores = process.cdist(batch, self.keys, scorer=Indel.normalized_similarity, workers=-1,
                                       score_cutoff=cutoff - 0.0001)
                near = []
                for row in scores:
                    above = row.nonzero()[0]
                    ranked = above[numpy.lexsort((above, -row[above]))]  # best score first, then file order
                    near.append(_ranked(row, ranked))
            found += [self._best(*queries[start + n], batch[n], candidates) for n, candidates in enumerate(near)]
        return found

    def _best(self, msgctxt: str | None, msgid: str, query: bytes, near: Iterable[tuple[float, int]]):
        query_grams = _grams(msgid)
        best, tried = None, []
        for score, index in near:  # best score first: stop once none further on can reach the best weight
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


def _ranked(row, ranked) -> Iterator[tuple[float, int]]:
    """(score, index) of the candidates in `ranked` order, the first few taken out of NumPy at
    once: the search seldom goes past them."""
    for start, end in ((0, 8), (8, len(ranked))):
        yield from zip(row[ranked[start:end]].tolist(), ranked[start:end].tolist())


# How many similarities rapidfuzz computes in one matrix (4 bytes each): 16 MiB at a time.
_MATRIX = 4 * 1024 * 1024


# GNU's languages by their English names (gettext 0.21's lang-table.c), for the Language field
# msgmerge derives from a Language-Team such as "German <de@li.org>". CLDR's names differ for 32
# of them, so the table is GNU's own.
_LANGUAGE_VARIANTS = {"Austrian": "de_AT", "English (British)": "en_GB", "Argentinian": "es_AR",
                      "Spanish (Canary Islands)": "es_IC", "Brazilian Portuguese": "pt_BR",
                      "Chinese (simplified)": "zh_CN", "Chinese (Hong Kong)": "zh_HK", "Chinese (traditional)": "zh_TW"}
_LANGUAGES = (
    "aa Afar; ab Abkhazian; ace Achinese; ae Avestan; af Afrikaans; ak Akan; am Amharic; an Aragonese; ang Old "
    "English; ar Arabic; arn Mapudungun; as Assamese; ast Asturian; av Avaric; awa Awadhi; ay Aymara; az "
    "Azerbaijani; ba Bashkir; bal Baluchi; ban Balinese; be Belarusian; bej Beja; bem Bemba; bg Bulgarian; bh "
    "Bihari; bho Bhojpuri; bi Bislama; bik Bikol; bin Bini; bm Bambara; bn Bengali; bo Tibetan; br Breton; bs "
    "Bosnian; bug Buginese; ca Catalan; ce Chechen; ceb Cebuano; ch Chamorro; co Corsican; cr Cree; crh Crimean "
    "Tatar; cs Czech; csb Kashubian; cu Church Slavic; cv Chuvash; cy Welsh; da Danish; de German; din Dinka; doi "
    "Dogri; dsb Lower Sorbian; dv Divehi; dz Dzongkha; ee Ewe; el Greek; en English; eo Esperanto; es Spanish; et "
    "Estonian; eu Basque; fa Persian; ff Fulah; fi Finnish; fil Filipino; fj Fijian; fo Faroese; fon Fon; fr "
    "French; fur Friulian; fy Western Frisian; ga Irish; gd Scottish Gaelic; gl Galician; gn Guarani; gon Gondi; "
    "gsw Swiss German; gu Gujarati; gv Manx; ha Hausa; he Hebrew; hi Hindi; hil Hiligaynon; hmn Hmong; ho Hiri "
    "Motu; hr Croatian; hsb Upper Sorbian; ht Haitian; hu Hungarian; hy Armenian; hz Herero; ia Interlingua; id "
    "Indonesian; ie Interlingue; ig Igbo; ii Sichuan Yi; ik Inupiak; ilo Iloko; is Icelandic; it Italian; iu "
    "Inuktitut; ja Japanese; jab Hyam; jv Javanese; ka Georgian; kab Kabyle; kaj Jju; kam Kamba; kbd Kabardian; "
    "kcg Tyap; kdm Kagoma; kg Kongo; ki Kikuyu; kj Kuanyama; kk Kazakh; kl Kalaallisut; km Central Khmer; kmb "
    "Kimbundu; kn Kannada; ko Korean; kr Kanuri; kru Kurukh; ks Kashmiri; ku Kurdish; kv Komi; kw Cornish; ky "
    "Kirghiz; kok Konkani; la Latin; lb Letzeburgesch; lg Ganda; li Limburgish; ln Lingala; lo Laotian; lt "
    "Lithuanian; lu Luba-Katanga; lua Luba-Lulua; luo Luo; lv Latvian; mad Madurese; mag Magahi; mai Maithili; "
    "mak Makasar; man Mandingo; men Mende; mg Malagasy; mh Marshallese; mi Maori; min Minangkabau; mk Macedonian; "
    "ml Malayalam; mn Mongolian; mni Manipuri; mo Moldavian; moh Mohawk; mos Mossi; mr Marathi; ms Malay; mt "
    "Maltese; mwr Marwari; my Burmese; myn Mayan; na Nauru; nap Neapolitan; nah Nahuatl; nb Norwegian Bokmal; nd "
    "North Ndebele; nds Low Saxon; ne Nepali; ng Ndonga; nl Dutch; nn Norwegian Nynorsk; no Norwegian; nr South "
    "Ndebele; nso Northern Sotho; nv Navajo; ny Nyanja; nym Nyamwezi; nyn Nyankole; oc Occitan; oj Ojibwa; om "
    "(Afan) Oromo; or Oriya; os Ossetian; pa Punjabi; pag Pangasinan; pam Pampanga; pap Papiamento; pbb Páez; pi "
    "Pali; pl Polish; ps Pashto; pt Portuguese; qu Quechua; raj Rajasthani; rm Romansh; rn Kirundi; ro Romanian; "
    "ru Russian; rw Kinyarwanda; sa Sanskrit; sah Yakut; sas Sasak; sat Santali; sc Sardinian; scn Sicilian; sd "
    "Sindhi; se Northern Sami; sg Sango; shn Shan; si Sinhala; sid Sidamo; sk Slovak; sl Slovenian; sm Samoan; "
    "sma Southern Sami; smj Lule Sami; smn Inari Sami; sms Skolt Sami; sn Shona; so Somali; sq Albanian; sr "
    "Serbian; srr Serer; ss Siswati; st Sesotho; su Sundanese; suk Sukuma; sus Susu; sv Swedish; sw Swahili; ta "
    "Tamil; te Telugu; tem Timne; tet Tetum; tg Tajik; th Thai; ti Tigrinya; tiv Tiv; tk Turkmen; tl Tagalog; tn "
    "Setswana; to Tonga; tr Turkish; ts Tsonga; tt Tatar; tum Tumbuka; tw Twi; ty Tahitian; ug Uighur; uk "
    "Ukrainian; umb Umbundu; ur Urdu; uz Uzbek; ve Venda; vi Vietnamese; vo Volapuk; wal Walamo; war Waray; wen "
    "Sorbian; wo Wolof; xh Xhosa; yao Yao; yi Yiddish; yo Yoruba; za Zhuang; zh Chinese; zu Zulu; zap Zapotec "
)


def _language(team: str) -> str:
    """The language code msgmerge finds in a Language-Team value (as the header holds it, with its
    line end), or "" (msgmerge's `Language: ` with nothing after it)."""
    team = team.lstrip(" \t")
    team = team.rstrip(" \t")  # the line end stays: a team without an address is found by no name
    last = max(team.rfind(" "), team.rfind("\t")) + 1
    word = team[last:]
    if word and (word.startswith("<") or word.endswith(">") or "@" in team or "/" in team):
        team = team[:last].rstrip(" \t")
    if team in _LANGUAGE_VARIANTS:
        return _LANGUAGE_VARIANTS[team]
    names = dict(reversed(item.split(" ", 1)) for item in _LANGUAGES.split("; ") if item)
    return names.get(team, "")


def _header_msgstr(po) -> str:
    return "".join(f"{name}: {value}\n" for name, value in po.metadata.items())


def _merged_header(old: str, ref: str, lang: str | None) -> str:
    """msgmerge's header: the old fields, the known ones in their order (the name as GNU spells it),
    the others after them in the old order; Language from `lang`, else (where missing) from the
    Language-Team; Report-Msgid-Bugs-To and POT-Creation-Date from the template."""
    known: dict[str, str] = {}
    others = []
    for line in re.findall(r"[^\n]*\n|[^\n]+", old):
        line = line if line.endswith("\n") else line + "\n"
        name = next((name for name in HEADER_ORDER if line[:len(name) + 1].lower() == name.lower() + ":"), None)
        if name:
            known[name] = line[len(name) + 1:]
        else:
            others.append(line)
    if lang is not None:
        known["Language"] = f" {lang}\n"
    elif "Language" not in known and "Language-Team" in known:
        known["Language"] = f" {_language(known['Language-Team'])}\n"
    for name in ("Report-Msgid-Bugs-To", "POT-Creation-Date"):
        at = ref.find(name + ":")
        if at >= 0:
            end = ref.find("\n", at)
            known[name] = ref[at + len(name) + 1:] + "\n" if end < 0 else ref[at + len(name) + 1:end + 1]
    return "".join(name + ":" + known[name] for name in HEADER_ORDER if name in known) + "".join(others)


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


def _possible(flags: Iterable[str], kind: str) -> bool:
    return f"{kind}-format" in flags or f"possible-{kind}-format" in flags


def _formats(flags: Iterable[str]) -> list[str]:
    """The format kinds the flags say a string is, or may be."""
    return [flag.removeprefix("possible-")[:-7] for flag in flags
            if flag.endswith("-format") and not flag.startswith(("no-", "impossible-"))]


def _copy(entry, **changes):
    import polib

    fields = dict(msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgstr=entry.msgstr,
                  msgstr_plural=dict(entry.msgstr_plural), tcomment=entry.tcomment, comment=entry.comment,
                  occurrences=list(entry.occurrences), flags=list(entry.flags), obsolete=entry.obsolete,
                  previous_msgctxt=entry.previous_msgctxt, previous_msgid=entry.previous_msgid,
                  previous_msgid_plural=entry.previous_msgid_plural)
    copied = polib.POEntry(**(fields | changes))
    if hasattr(entry, "domain"):
        copied.domain = entry.domain
    return copied


@dataclass
class _Merge:
    """What a merge of one domain needs: the old catalog's plural rule and the options."""

    forms: int
    plurals: _Plurals
    keep: tuple[str, ...]
    lang: str | None
    fuzzy: bool

    def entry(self, old, ref, similar: bool):
        """msgmerge's message_merge: text, context and comments of the template, translation and
        translator comments of the old entry, `#|` the msgid the translation was made for."""
        if _is_header(ref):
            return _copy(ref, msgstr=_merged_header(old.msgstr, ref.msgstr, self.lang), tcomment=old.tcomment,
                         flags=["fuzzy"] * ("fuzzy" in old.flags), previous_msgctxt=None, previous_msgid=None,
                         previous_msgid_plural=None)
        translation = _forms(old)
        fuzzy = similar or "fuzzy" in old.flags or old.msgid_plural != ref.msgid_plural
        # A template that now calls the English a format string, or narrows its range: a translation
        # that `msgfmt --check` would refuse needs the reviewer.
        fuzzy = fuzzy or any(_breaks_format(kind, ref, translation, self.plurals) for kind in _formats(ref.flags)
                             if not _possible(old.flags, kind))
        old_range, new_range = _range(old), _range(ref)
        fuzzy = fuzzy or bool(old_range and not (new_range and new_range[0] >= old_range[0]
                                                 and new_range[1] <= old_range[1]))
        if ref.msgid_plural and not old.msgid_plural:
            translation, fuzzy = translation * self.forms, True
        elif not ref.msgid_plural and old.msgid_plural and len(translation) > 1:
            translation, fuzzy = translation[:1], True
        if "fuzzy" in old.flags:
            previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
        else:
            previous = (old.msgctxt, old.msgid, old.msgid_plural or None)
        fuzzy = fuzzy and bool(translation[0])  # GNU writes no fuzzy flag on an entry with no translation
        if not fuzzy:
            previous = (None, None, None)
        kept = _kept(old.comment, self.keep) if self.keep and not similar else []
        entry = _copy(ref, tcomment=old.tcomment, comment="\n".join([*kept, *ref.comment.splitlines()]),
                      flags=sorted(["fuzzy"] * fuzzy + [flag for flag in ref.flags if flag != "fuzzy"], key=_flag_rank),
                      previous_msgctxt=previous[0], previous_msgid=previous[1], previous_msgid_plural=previous[2],
                      msgstr="" if ref.msgid_plural else translation[0],
                      msgstr_plural=dict(enumerate(translation)) if ref.msgid_plural else {})
        return entry

    def domain(self, olds: list, refs: list, used: set[int]) -> list:
        """msgmerge's match_domain: the template's entries, each with its old entry."""
        exact: dict[tuple[str | None, str], object] = {}
        for entry in olds:
            exact.setdefault((entry.msgctxt, entry.msgid), entry)
        found = [exact.get((ref.msgctxt, ref.msgid)) for ref in refs]
        # msgmerge looks every missing msgid up before it uses any entry: an old entry may serve twice
        missing = [n for n, ref in enumerate(refs) if found[n] is None and not _is_header(ref)]
        similar = dict(zip(missing, _Fuzzy(olds).best([(refs[n].msgctxt, refs[n].msgid) for n in missing])))\
            if self.fuzzy and missing else {}
        result = []
        for number, ref in enumerate(refs):
            old = found[number] or similar.get(number)
            if old is not None:
                used.add(id(old))
                result.append(self.entry(old, ref, found[number] is None))
            elif _is_header(ref):  # a template's header does not come into a catalog that has none
                continue
            else:
                result.append(self.new(ref))
        return result

    def new(self, ref):
        """A template entry no old entry serves, as msgmerge copies it: active, even where the
        template had it obsolete; untranslated plural forms as many as the catalog has."""
        entry = _copy(ref, obsolete=False)
        if ref.msgid_plural and not any(_forms(ref)):
            entry.msgstr_plural = {i: "" for i in range(self.forms)}
        if not _forms(entry)[0]:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        if "fuzzy" not in entry.flags:
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        return entry


def _domains(po) -> dict[str, list]:
    """The entries of each domain, in file order; the default domain first, its header as an entry."""
    groups: dict[str, list] = {DEFAULT_DOMAIN: [] if getattr(po, "headerless", False) else [_header_entry(po)]}
    for entry in po:
        groups.setdefault(getattr(entry, "domain", DEFAULT_DOMAIN), []).append(entry)
    return groups


def merge(old, ref, keep: tuple[str, ...] = (), fuzzy: bool = True, lang: str | None = None, sort: bool = False,
          location: bool = True):
    """`msgmerge --previous OLD REF`: the catalog `old` brought up to the template `ref`.

    An entry of `ref` takes the old entry with its context and msgid (an obsolete one is
    revived), else (with `fuzzy`) the closest translated one, fuzzy; else it is new. Old entries
    nobody took become obsolete; untranslated ones go. The header is the old one's, merged.
    Extracted comments that start with one of `keep` survive on an entry that kept its msgid.
    The options are msgmerge's: `fuzzy=False` is --no-fuzzy-matching, `lang` --lang, `sort`
    --sort-output, `location=False` --no-location. A template declaring UTF-8 makes the result
    UTF-8, whatever the old catalog's charset, as msgmerge converts it.
    """
    import polib

    olds, refs = _domains(old), _domains(ref)
    if (charset(ref) or "").upper() == "UTF-8":
        for entry in (e for entries in olds.values() for e in entries if _is_header(e)):
            entry.msgstr = _CHARSET.sub("charset=UTF-8", entry.msgstr, count=1)
    merged: dict[str, list] = {}
    used: set[int] = set()
    for domain, entries in refs.items():
        header = next((e for e in olds.get(domain, []) if _is_header(e)), None)
        rule = _fields(header.msgstr).get("Plural-Forms", "") if header is not None else ""
        plurals = _Plurals(rule)
        if not any(_is_header(e) for e in entries):  # msgmerge gives a template without a header an empty one
            entries = [polib.POEntry(msgid="", msgstr=""), *entries]
        merged[domain] = _Merge(plurals.count, plurals, keep, lang, fuzzy).domain(olds.get(domain, []), entries, used)
    for domain, entries in olds.items():
        merged.setdefault(domain, []).extend(
            _copy(e, comment="", occurrences=[], obsolete=True) for e in entries if id(e) not in used and _forms(e)[0])
    result = polib.POFile(wrapwidth=0)
    result.newline = getattr(old, "newline", "\n")
    result.headerless = True
    for domain, entries in merged.items():
        if sort:
            codec = _codec(charset(old), "<catalog>") if (charset(old) or "").upper() != "UTF-8" else "utf-8"
            entries.sort(key=lambda e: (e.msgid.encode(codec, "replace"), e.msgctxt is not None,
                                        (e.msgctxt or "").encode(codec, "replace")))
        for entry in entries:
            if domain == DEFAULT_DOMAIN and result.headerless and _is_header(entry):
                result.headerless = False
                result.header, result.metadata = entry.tcomment, _fields(entry.msgstr)
                result.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in entry.flags else []
                continue
            if domain != DEFAULT_DOMAIN:
                entry.domain = domain
            elif hasattr(entry, "domain"):
                del entry.domain
            if not location:
                entry.occurrences = []
            result.append(entry)
    return result


# --- writing ---------------------------------------------------------------------------

_OUT = str.maketrans({"\\": "\\\\", '"': '\\"', "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                      "\t": "\\t", "\v": "\\v"})
# UAX #14 line-breaking classes of the characters that decide where GNU wraps (libunistring's
# ulc_width_linebreaks); other characters go by their Unicode category.
_ASCII_BREAKS = dict(zip(" \t!\"$%'()+,-./:;?[\\]{|}", ["SP", "BA", "EX", "QU", "PR", "PO", "QU", "OP1", "CP1", "PR",
                                                         "IS", "HY", "IS", "SY", "IS", "IS", "EX", "OP1", "PR", "CP1",
                                                         "OP1", "BA", "CL"]))
_WIDE_BREAKS = {
    "\u00a0": "GL", "\u00ad": "BA", "\u00b4": "BB", "\u00b0": "PO", "\u00a2": "PO", "\u00a3": "PR", "\u00a5": "PR",
    "\u00ab": "QU", "\u00bb": "QU", "\u00a1": "OP1", "\u00bf": "OP1", "\u2010": "BA", "\u2011": "GL", "\u2012": "BA",
    "\u2013": "BA", "\u2014": "B2", "\u2018": "QU", "\u2019": "QU", "\u201a": "OP1", "\u201c": "QU", "\u201d": "QU",
    "\u201e": "OP1", "\u2024": "IN", "\u2025": "IN", "\u2026": "IN", "\u2027": "BA", "\u2030": "PO", "\u2032": "PO",
    "\u2033": "PO", "\u2039": "QU", "\u203a": "QU", "\u203c": "NS", "\u20ac": "PR", "\u2116": "PR", "\u2212": "PR",
    "\u200b": "ZW", "\u200d": "ZWJ", "\u2060": "WJ", "\ufeff": "WJ", "\u202f": "GL", "\u2007": "GL",
    "\u0085": "BK", "\ufffc": "ID1",
    "\u3000": "BA", "\u3001": "CL", "\u3002": "CL", "\u3005": "NS", "\u301c": "NS", "\u303b": "NS", "\u30a0": "NS",
    "\u30fb": "NS", "\u30fc": "NS", "\u30fd": "NS", "\u30fe": "NS", "\u309b": "NS", "\u309c": "NS", "\u309d": "NS",
    "\u309e": "NS", "\uff01": "EX", "\uff08": "OP2", "\uff09": "CL", "\uff0c": "CL", "\uff0e": "CL", "\uff1a": "NS",
    "\uff1b": "NS", "\uff1f": "EX", "\uff3b": "OP2", "\uff3d": "CL", "\uff5b": "OP2", "\uff5d": "CL", "\uff04": "PR",
    "\uff05": "PO", "\uff5f": "OP2", "\uff60": "CL", "\uff61": "CL", "\uff62": "OP1", "\uff63": "CL", "\uff64": "CL",
    "\uff65": "NS",
}
# small kana do not start a line (CJ, taken as NS as libunistring does)
_SMALL_KANA = set("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
_CLASSES: dict[tuple[str, bool], str] = {}
_COLUMNS: dict[tuple[str, bool], int] = {}


def _break_class(char: str, cjk: bool) -> str:
    """The UAX #14 class of a character, as libunistring resolves it (AI to AL, or to ID in a CJK
    charset; SA, XX to AL; CB to ID; OP and CP split by East Asian width). Python has no LineBreak
    property: letters, digits and marks go by their Unicode category, the punctuation that matters
    by name."""
    known = _CLASSES.get((char, cjk))
    if known is not None:
        return known
    code = ord(char)
    if code < 128:
        found = _ASCII_BREAKS.get(char) or ("NU" if char.isdigit() else "CM" if code < 32 or code == 127 else "AL")
    elif char in _WIDE_BREAKS:
        found = _WIDE_BREAKS[char]
    elif 0xAC00 <= code <= 0xD7A3:
        found = "H2" if (code - 0xAC00) % 28 == 0 else "H3"
    elif 0x1100 <= code <= 0x11FF:
        found = "JL" if code < 0x1160 else "JV" if code < 0x11A8 else "JT"
    elif 0x1F1E6 <= code <= 0x1F1FF:
        found = "RI"
    elif 0x1F3FB <= code <= 0x1F3FF:
        found = "EM"
    elif char in _SMALL_KANA:
        found = "NS"
    else:
        category = unicodedata.category(char)
        wide = unicodedata.east_asian_width(char)
        if category in ("Mn", "Me", "Mc", "Cc", "Cf"):
            found = "CM"
        elif category == "Ps":
            found = "OP2" if wide in ("W", "F") else "OP1"
        elif category == "Pe":
            found = "CL"
        elif category in ("Pi", "Pf"):
            found = "QU"
        elif category == "Nd" and wide not in ("W", "F"):
            found = "NU"
        elif category == "Zs":
            found = "BA"
        elif category in ("Zl", "Zp"):
            found = "BK"
        elif wide in ("W", "F") or (cjk and wide == "A") or (category == "So" and code >= 0x1F000):
            found = "ID1"
        elif 0x05D0 <= code <= 0x05F2:
            found = "HL"
        else:
            found = "AL"
    _CLASSES[(char, cjk)] = found
    return found


def _columns(char: str, cjk: bool) -> int:
    """The columns a character takes on a terminal (libunistring's uc_width; control characters none)."""
    known = _COLUMNS.get((char, cjk))
    if known is None:
        category = unicodedata.category(char)
        wide = unicodedata.east_asian_width(char)
        known = (0 if category in ("Mn", "Me", "Cf", "Cc") else 2 if wide in ("W", "F") or (cjk and wide == "A")
                 else 1)
        _COLUMNS[(char, cjk)] = known
    return known


# UAX #14's pair table (table 7.3 of UTR #14) as libunistring 1.0, which GNU gettext 0.21 wraps
# with, has it: for a class before and a class after, D a break, I a break only where spaces come
# between, P none. OP and CP come in two (2: East Asian wide), ID in two (2: future emoji).
# libunistring's one change to Unicode's table: (IS, AL) is D, so `recipe.omelette` may break.
_PAIR_CLASSES = "WJ GL B2 BA BB HY CL CP1 CP2 EX IN NS OP1 OP2 QU IS NU PO PR SY AL H2 H3 ID1 ID2 JL JV JT HL RI ZWJ EB EM".split()
_PAIRS = {before: dict(zip(_PAIR_CLASSES, row)) for before, row in {
    "WJ": "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII", "GL": "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",
    "B2": "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD", "BA": "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "BB": "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII", "HY": "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "CL": "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD", "CP1": "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",
    "CP2": "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD", "EX": "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "IN": "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD", "NS": "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "OP1": "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP", "OP2": "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "QU": "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII", "IS": "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",
    "NU": "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD", "PO": "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",
    "PR": "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII", "SY": "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",
    "AL": "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD", "H2": "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",
    "H3": "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD", "ID1": "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
    "ID2": "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI", "JL": "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",
    "JV": "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD", "JT": "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",
    "HL": "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD", "RI": "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",
    "ZWJ": "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII", "EB": "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",
    "EM": "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",
}.items()}


def _opportunities(text: str, cjk: bool) -> list[str]:
    """For each character, whether a line may break before it: "" no, "break", or "mandatory"
    (libunistring's u8_possible_linebreaks_loop)."""
    found = [""] * len(text)
    previous, last, space, regional = "BK", "BK", False, 0
    for index, char in enumerate(text):
        kind = _break_class(char, cjk)
        if kind == "BK":
            found[index], previous, last, space = "mandatory", kind, "BK", False
        elif kind == "SP":
            space, previous = True, "SP"
        elif kind == "ZW":
            last, space, previous = "ZW", False, kind
        elif kind in ("CM", "ZWJ"):
            if last == "BK" or last == "ZW" or space:  # a mark at the start or after a space is a letter
                found[index] = "break" if last != "BK" else ""
                last, space = "AL", False
            previous = "HL_BA" if previous == "HL" and kind in ("HY", "BA") else kind
        else:
            if last == "ZW":
                found[index] = "break"
            elif last == "BK" or previous in ("ZWJ", "HL_BA"):
                pass
            elif last == "RI" and kind == "RI":
                found[index] = "break" if space or regional % 2 == 0 else ""
            else:
                pair = _PAIRS[last][kind]
                found[index] = "break" if pair == "D" or (pair == "I" and space) else ""
            previous = "HL_BA" if previous == "HL" and kind in ("HY", "BA") else kind
            last, space = kind, False
        regional = regional + 1 if kind == "RI" else 0
    return found


class _Portion:
    """One \\n-ended part of an escaped string, with what wrapping it needs, worked out once."""

    def __init__(self, text: str, kept: set[int], cjk: bool) -> None:
        self.text, self.kept, self.cjk = text, kept, cjk
        plain = text.isascii() and text.isprintable()
        self.columns = None if plain else [_columns(char, cjk) for char in text]
        self.width = len(text) if plain else sum(self.columns)
        self._opportunities: list[str] | None = None

    def breaks(self, width: int, start: int) -> list[int]:
        """Where GNU breaks the part into lines of at most `width` columns, the first starting at
        column `start`: the indices lines start at (libunistring's u8_width_linebreaks)."""
        if start + self.width <= width:
            return []
        if self._opportunities is None:
            self._opportunities = _opportunities(self.text, self.cjk)
        chosen: list[int] = []
        last, column, piece = None, start, 0
        for index, possible in enumerate(self._opportunities):
            if possible and index not in self.kept:
                if last is not None and column + piece > width:  # the piece that ends here does not fit
                    chosen.append(last)
                    column = 0
                if possible == "mandatory":
                    last, column, piece = None, 0, 0
                    continue
                last, column, piece = index, column + piece, 0
            piece += 1 if self.columns is None else self.columns[index]
        if last is not None and column + piece > width:
            chosen.append(last)
        return chosen


_DIRECTIVES = {"c": _C, "objc": _C, "python": _PYTHON, "python-brace": re.compile(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)?\}")}


def _string_lines(prefix: str, keyword: str, value: str, width: int, entry=None, cjk: bool = False,
                  known: dict[str, str] | None = None) -> list[str]:
    """write-po.c's wrap(): `keyword "value"` in lines of at most `width` columns (0: no wrapping),
    a line after each \\n, an empty first line where the string takes several. `known`: the file's
    own lines for some of the \\n-ended parts, kept as they are (a header's unchanged fields)."""
    available = (width if width else 1 << 30) - 1 - (len(prefix) + 1)
    directive = None
    if entry is not None and width:
        kinds = [kind for kind in _formats(entry.flags) if kind in FORMATS]
        directive = _DIRECTIVES.get(min(kinds, key=FORMATS.index)) if kinds else None
    portions = re.findall(r"[^\n]*\n|[^\n]+", value) or [""]
    lines: list[str] = []
    first = True
    at = 0
    for number, portion in enumerate(portions):
        escaped = portion.translate(_OUT)
        kept = {escape.start() + 1 for escape in re.finditer(r"\\.", escaped)}
        if portion.endswith("\n"):  # no break just before the \n that ends a line
            kept.add(len(escaped) - 2)
        if directive is not None and len(escaped) > available:
            offsets = [0]
            for char in portion:
                offsets.append(offsets[-1] + len(char.translate(_OUT)))
            for found in directive.finditer(value, at, at + len(portion)):
                kept.update(range(offsets[found.start() - at] + 1, offsets[min(found.end(), at + len(portion)) - at]))
        at += len(portion)
        if not first and known and portion in known:
            lines.append(known[portion])
            continue
        start = len(keyword) + 1 if first else 0
        part = _Portion(escaped, kept, cjk)
        cut = part.breaks(available, start) if width else []
        if first and escaped and (number < len(portions) - 1 or start > available or cut):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            cut = part.breaks(available, 0) if width else []
        for begin, end in zip([0, *cut], [*cut, len(escaped)]):
            lines.append(f'{prefix}{keyword} "{escaped[begin:end]}"' if first else f'{prefix}"{escaped[begin:end]}"')
            first = False
    return lines


def _comment_line(mark: str, text: str) -> str:
    line = f"{mark} {text}" if text else mark
    # GNU reads a backslash that ends a line as joining the next line to it: `# see C:\` over
    # `#~ msgctxt ""` would eat the context. A space after it keeps the lines apart.
    return line + " " if line.endswith("\\") else line


def _reference_lines(references: Sequence[tuple[str, str]]) -> list[str]:
    """`#:` lines of at most 79 columns, as GNU writes them whatever the wrapping of strings."""
    lines, line, column = [], "#:", 2
    for name, number in references:
        name = re.sub(r"^(?:\./)+", "", name)
        reference = f"{name}:{number}" if number not in ("", None) else name
        size = len(reference.encode()) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += size
    return [*lines, line]


def _entry_text(entry, width: int, cjk: bool = False, known: dict[str, str] | None = None) -> str:
    """The entry as write-po.c writes it (an obsolete one without a translation: nothing); `known`
    as _string_lines takes it, for the msgstr."""
    forms = _forms(entry)
    obsolete = entry.obsolete
    if obsolete and not forms[0]:
        return ""
    lines = [_comment_line("#", line) for line in _comment_lines(entry.tcomment)]
    lines += [_comment_line("#.", line) for line in entry.comment.split("\n")] if entry.comment else []
    if entry.occurrences:
        lines += _reference_lines(entry.occurrences)
    flags = sorted((flag for flag in entry.flags if flag != "wrap" and not flag.startswith("impossible-")
                    and (flag != "fuzzy" or forms[0]) and not (obsolete and flag.startswith("range:"))),
                   key=_flag_rank)
    if flags:
        lines.append("#, " + ", ".join(dict.fromkeys(flags)))
    wrap = 0 if "no-wrap" in entry.flags else width
    mark = "#~ " if obsolete else ""
    for keyword, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                           ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            lines += _string_lines("#~| " if obsolete else "#| ", keyword, value, wrap, entry, cjk)
    if entry.msgctxt is not None:
        lines += _string_lines(mark, "msgctxt", entry.msgctxt, wrap, entry, cjk)
    lines += _string_lines(mark, "msgid", entry.msgid, wrap, entry, cjk)
    if entry.msgid_plural:
        lines += _string_lines(mark, "msgid_plural", entry.msgid_plural, wrap, entry, cjk)
        for number, form in enumerate(forms):
            lines += _string_lines(mark, f"msgstr[{number}]", form, wrap, entry, cjk)
    else:
        lines += _string_lines(mark, "msgstr", entry.msgstr, wrap, entry, cjk, known)
    return "\n".join(lines)


def _header_entry(po):
    import polib

    return polib.POEntry(msgid="", msgstr=_header_msgstr(po), tcomment=po.header,
                         flags=["fuzzy"] if po.metadata_is_fuzzy else [])


def _header_text(po, shape: Layout, width: int, cjk: bool = False) -> str:
    """The header entry; where only some of its fields changed, its comment and its other fields as
    the file has them."""
    entry = _header_entry(po)
    comment = shape.chunks.get(("comment", po.header))
    if comment is not None:
        entry.tcomment = ""
    return (comment or "") + _entry_text(entry, width, cjk, shape.chunks.get("fields"))


def _header_key(po) -> str:
    """What a header says, its fields in their order (msgmerge puts the known ones first, in its order)."""
    return repr((po.header, bool(po.metadata_is_fuzzy), list(po.metadata.items())))


def _entry_key(entry) -> tuple:
    """Everything that decides how an entry is written."""
    return (getattr(entry, "domain", DEFAULT_DOMAIN), entry.msgctxt, entry.msgid, entry.msgid_plural,
            tuple(_forms(entry)), entry.tcomment, entry.comment, tuple(map(tuple, entry.occurrences)),
            tuple(entry.flags), entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
            entry.obsolete)


# A line as GNU writes it: a comment, or a string after its keyword (and `#~`, `#|`, `#~|`).
_TIDY = re.compile(r'(?:#~\| |#~ |#\| )?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[[0-9]+\])?) )?"(?:[^"\\]|\\.)*"'
                   r'|#(?![~|]).*')


@dataclass(frozen=True)
class Layout:
    """A catalog file's own text of each entry, by what the entry says, and the width it wraps at."""

    chunks: dict
    # _entry_key / _header_key → the lines the file has for it; ("comment", header) → the header's comment
    width: int
    # 79 for a file that continues strings over several lines (as GNU and PO editors write), else 0


def layout_of(text: str, parsed=None) -> Layout:
    """The layout of a catalog's text (`parsed`: what _read_text made of it, if at hand).

    An entry's text runs from its first comment line to its last string; entries sharing a
    line (`msgid "a" msgstr "b" msgid "c" ...`) are written anew.
    """
    if not text:
        return Layout({}, 0)
    po, where = parsed or _read_text(text)
    lines = text.split("\n")
    spans = sorted(((span[0], span[1], key) for key, span in where.items()), key=lambda span: span[:2])
    entries = {id(entry): entry for entry in po}
    chunks: dict = {}
    for index, (start, end, key) in enumerate(spans):
        if (index and spans[index - 1][1] >= start) or (index + 1 < len(spans) and spans[index + 1][0] <= end):
            continue
        chunk = "\n".join(lines[start - 1:end])
        if not all(_TIDY.fullmatch(line) for line in lines[start - 1:end]):
            continue  # a one-line entry, a keyword on a line of its own: written anew, as GNU writes it
        if key == "header":
            chunks[_header_key(po)] = chunk
            msgid = where["header"][2]
            comment = [line for line in lines[start - 1:msgid - 1] if line.startswith("#") and not line.startswith("#,")]
            chunks[("comment", po.header)] = "".join(line + "\n" for line in comment)
            chunks["fields"] = _field_lines(lines[msgid:end])
        else:
            chunks[_entry_key(entries[key])] = chunk
    after = where["header"][1] if "header" in where else 0
    continued = any(line.lstrip("#~| ").startswith('"') for line in lines[after:])
    return Layout(chunks, PAGE_WIDTH if continued else 0)


def _field_lines(lines: list[str]) -> dict[str, str]:
    """The lines of a header's msgstr (after `msgid ""`) that hold each whole field, by the field's text."""
    fields, value, held = {}, "", []
    for line in lines:
        string = re.fullmatch(r'(?:msgstr[ \t]*)?"((?:[^"\\]|\\.)*)"[ \t]*', line)
        if string is None:
            return {}
        value += _unescape(string[1], lambda: "utf-8") or ""
        held.append(line)
        if value.endswith("\n"):
            if value.count("\n") == 1 and not held[0].startswith("msgstr"):
                fields[value] = "\n".join(held)
            value, held = "", []
        elif held[0].startswith("msgstr") and value == "":
            held = []
    return fields


def render(po, previous: str = "") -> str:
    """The catalog as text; entries the `previous` text of the file already says are kept as written there."""
    return _render(po, layout_of(previous), previous)


def _render(po, shape: Layout, previous: str = "", width: int | None = None) -> str:
    width = shape.width if width is None else width
    cjk = (charset(po) or "").upper() in _CJK_CHARSETS
    groups: dict[str, list] = {DEFAULT_DOMAIN: []}
    for entry in po:
        groups.setdefault(getattr(entry, "domain", DEFAULT_DOMAIN), []).append(entry)
    parts = []
    if not getattr(po, "headerless", False):
        parts.append(shape.chunks.get(_header_key(po)) or _header_text(po, shape, width, cjk))
    for domain, entries in groups.items():
        if domain != DEFAULT_DOMAIN:
            parts.append(f'domain "{domain}"')
        for entry in [*(e for e in entries if not e.obsolete), *(e for e in entries if e.obsolete)]:
            parts.append(shape.chunks.get(_entry_key(entry)) or _entry_text(entry, width, cjk))
    text = "\n\n".join(part.rstrip("\n") for part in parts if part)
    return text + (previous[len(previous.rstrip("\n")):] or "\n") if text else ""


def _encode(po, text: str, path: Path | str) -> bytes:
    """The text in the charset the catalog's header declares; a character it cannot hold raises L10nError."""
    declared = charset(po)
    try:
        return text.encode(_codec(declared, path))
    except UnicodeEncodeError as error:
        char = text[error.start]
        raise L10nError(f"cannot hold {char!r} (U+{ord(char):04X}) in {declared}, the charset its header declares; "
                        "change charset= in its Content-Type to UTF-8 (or convert it with `msgconv -t UTF-8`)",
                        path, text.count("\n", 0, error.start) + 1)


def dump(po, shape: Layout | None = None, wrap: bool | None = None, path: Path | str = "<stdout>") -> bytes:
    """The catalog as the bytes of its file: its charset, its line ends. `shape` keeps unchanged
    entries as a file had them; `wrap` False writes every string on one line, ignoring it."""
    shape = shape if shape is not None and wrap is None else Layout({}, PAGE_WIDTH if wrap or wrap is None else 0)
    newline = getattr(po, "newline", "\n")
    return _encode(po, _render(po, shape).replace("\n", newline), path)


def write(po, path: Path, stamp: str | None = "PO-Revision-Date", now: datetime | None = None,
          layout: Layout | None = None, wrap: bool | None = None) -> bool:
    """Write atomically, and only when entries or header changed; only then does the `stamp` date move.

    `stamp` is `PO-Revision-Date` for a catalog, `POT-Creation-Date` for a template, None to
    leave dates alone (as msgmerge does). Unchanged entries keep the layout of the file's
    current text, or `layout` (another file's) when given; `wrap=False` writes strings on one
    line. The file is written in the charset its header declares and with its line ends.
    """
    text = planned(po, path, stamp, now, layout, wrap)
    return text is not None and write_bytes(path, _encode(po, text, path))


def planned(po, path: Path, stamp: str | None = "PO-Revision-Date", now: datetime | None = None,
            layout: Layout | None = None, wrap: bool | None = None) -> str | None:
    """What `write` would write, as text with the file's line ends, or None when the file already
    says it; the `stamp` date is set in `po` as the file will hold it. Writes nothing: a caller can
    settle a date first and write later."""
    try:
        data = path.read_bytes()
        current, newline = _decode(data, path)
        parsed = _read_text(current, path)
    except (OSError, L10nError):
        data, current, newline, parsed = None, "", None, None
    before = parsed[0].metadata.get(stamp) if parsed is not None and stamp else None
    if wrap is not None:
        shape = Layout({}, PAGE_WIDTH if wrap else 0)
    else:
        shape = layout_of(current, parsed) if layout is None else layout
    newline = getattr(po, "newline", None) or newline or "\n"
    if before is not None:
        po.metadata[stamp] = before
    text = _render(po, shape, current).replace("\n", newline)
    if data is not None and text.encode(_codec(charset(po), path), "replace") == data:
        return None
    if stamp:
        po.metadata[stamp] = (now or stamped()).strftime("%Y-%m-%d %H:%M%z")
        text = _render(po, shape, current).replace("\n", newline)
    return text


def stamped() -> datetime:
    """The time a catalog or template written now says it was made: now, or SOURCE_DATE_EPOCH
    where it is set (reproducible-builds.org), so two runs of one archive, in one process or on
    a cluster, an hour apart or on two machines, write the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch:
        return datetime.now(timezone.utc)
    try:
        if epoch.isascii() and epoch.isdigit() and len(epoch) <= 12:
            return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError):  # past the year 9999
        pass
    raise L10nError(f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a time in seconds since 1970 (e.g. "
                    f"SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)); set it to one, or unset it")


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
