"""Reading a release: bytes to text, page noise out, layout blocks in.

A release usually arrives pasted from a news page: a weather widget, section labels, share
buttons and ads around the text. `read` turns the file into a `Document` whose blocks are
the release alone (title, dateline, headings, paragraphs, bullets, contact lines) and whose
`dropped` list says which lines were taken out and by which rule.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from l10n.errors import L10nError
from l10n.files import MAX_BYTES, read_bytes
from l10n.model import Block, Document, Dropped, Mark, Para
from l10n.protect import EMAIL, PHONE, URL

def _is_common_hangul(c: str) -> bool:
    """One of the 2,350 syllables of KS X 1001: Japanese Shift_JIS read as cp949 gives rare ones."""
    return len(c.encode("euc_kr")) == 2  # Python spells the other syllables as 8-byte jamo sequences


# Legacy encodings a release pasted from an English, Korean, Japanese or Chinese news page is
# likely to be in, each with the letters its non-ASCII text is made of. Tried in this order: an
# English release holds only a few lines of such text (a weather widget, a menu), too little
# for charset-normalizer's statistics, which take eight Chinese characters for Shift_JIS and a
# Korean widget for euc_jis_2004. A codec wins when 90% of the non-ASCII letters it decodes are
# its own; real Korean decoded as cp949 is common Hangul, while Chinese read as cp949 comes out
# as a Hangul and Hanja mix, Japanese as rare Hangul, and Chinese read as Shift_JIS as
# half-width katakana.
LEGACY_ENCODINGS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("cp949", lambda c: "\uac00" <= c <= "\ud7a3" and _is_common_hangul(c)),
    ("shift_jis", lambda c: "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff"),
    ("gb18030", lambda c: "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"),
    ("big5", lambda c: "\u4e00" <= c <= "\u9fff"),
    ("cp1252", lambda c: "\u00c0" <= c <= "\u024f"),
)

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: the UTF-32 LE BOM starts with UTF-16's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_INVISIBLE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u200b": None, "\u2060": None, "\ufeff": None})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# --- text helpers shared by the rules --------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*\.?")
_TERMINAL = (".", "!", "?", "。", "！", "？", '."', ".”", "!”", "?”", ".'", ".’", ";")

_SCRIPTS: dict[str, Callable[[str], bool]] = {
    "en": lambda c: c < "\u0250" or "\u1e00" <= c <= "\u1eff",
    "zh": lambda c: "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf",
    "ko": lambda c: "\uac00" <= c <= "\ud7a3" or "\u1100" <= c <= "\u11ff" or "\u3130" <= c <= "\u318f",
}


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"

def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _more_words_than(count: int, text: str) -> bool:
    """len(_words(text)) > count, reading no further than the word after `count` (a paragraph can be a
    whole file long, and every rule asks this of every line)."""
    return next(itertools.islice(_WORD.finditer(text), count, None), None) is not None


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def _has_address(text: str) -> bool:
    return bool(EMAIL.search(text) or URL.search(text) or PHONE.search(text))


# --- page-noise rules ------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """Where a line stands in the release, for the rules that depend on it."""

    lang: str
    # language of the release (its script decides what is foreign)
    header: bool
    # the line comes before the first body paragraph (the dateline, usually)
    title: bool
    # the line is (part of) the one taken as the release's title
    footer: bool = False
    # the line comes after the release's end mark (`###`, `-30-`)
    contacts: bool = False
    # a contact heading (`Media Contact:`) stands above the line, with only contact lines between


def foreign_script(text: str, ctx: Context) -> bool:
    """Most letters are in another script than the release's (a Korean widget in an English release)."""
    if ctx.lang == "en" and text.isascii():  # nearly every line of an English release: no need to look closer
        return False
    letters = [c for c in text if c.isalpha()]
    native = _SCRIPTS.get(ctx.lang, _SCRIPTS["en"])
    return bool(letters) and sum(map(native, letters)) * 2 < len(letters)


def decoration(text: str, ctx: Context) -> bool:
    """No letter or digit at all: separators such as `* * *`, `###`, `----`."""
    return not any(c.isalnum() for c in text)


_TEMPERATURE = re.compile(r"[-+−]?\d+(?:\.\d+)?\s*(?:℃|℉|°\s*[CF]?)(?!\w)")
_WEATHER_WORD = re.compile(r"\b(?:weather|forecast|sunny|cloudy|showers|humidity|air quality)\b", re.I)


def weather(text: str, ctx: Context) -> bool:
    """A weather widget: a short line with a temperature or weather words, not a sentence."""
    if _ends_sentence(text) or _more_words_than(8, text):
        return False
    return bool(_TEMPERATURE.search(text) or _WEATHER_WORD.search(text))


_ADVERTISEMENT = re.compile(
    r"(?:advertisement|advertising|ad|sponsored(?: content)?|paid (?:post|content)|promoted|"
    r"story continues(?: below)?(?: advertisement)?|continue reading(?: below)?|"
    r"scroll to continue(?: with content)?)",
    re.I,
)


def advertisement(text: str, ctx: Context) -> bool:
    """An ad marker: `Advertisement`, `Sponsored content`, `Story continues below`."""
    return bool(_ADVERTISEMENT.fullmatch(text.strip(" -–—:|·•[]()")))


_TOKEN = re.compile(r"[^\s|,·•/:]+")


def _only(vocabulary: frozenset[str], text: str) -> bool:
    tokens = (token[0] for token in _TOKEN.finditer(text.lower()))  # lazily: a sentence fails at its first word
    first = next(tokens, None)
    return first is not None and first in vocabulary and all(t in vocabulary for t in tokens)


_SHARE_WORDS = frozenset(
    "share this article story post page on via tweet facebook twitter x linkedin email e-mail "
    "print copy link url whatsapp reddit pinterest telegram kakaotalk kakao line band save "
    "bookmark comments comment font size".split()
)


def share(text: str, ctx: Context) -> bool:
    """Share and print buttons: `Share this article`, `Facebook Twitter LinkedIn Email`."""
    return _only(_SHARE_WORDS, text)


_ACCOUNT_WORDS = frozenset(
    "login log in out logout register sign signin signup up subscribe subscription subscribers "
    "my account join free newsletter newsletters menu search close e-paper epaper skip to main content "
    "navigation".split()
)


def account(text: str, ctx: Context) -> bool:
    """Site account and menu controls: `LOGIN REGISTER`, `Sign in | Subscribe`, `Skip to main content`."""
    return _only(_ACCOUNT_WORDS, text)


_MENU_SEPARATOR = re.compile(r"\s*(?:[|｜»›>]|\s[·•]\s)\s*")


def menu(text: str, ctx: Context) -> bool:
    """A navigation bar, breadcrumb or tag list: short items joined by `|`, `>`, `»`, `·`, or by
    wide spaces when there are three or more."""
    if _ends_sentence(text) or _has_address(text):
        return False
    items = [i for i in _MENU_SEPARATOR.split(text.strip(" |｜")) if i.strip()]
    if len(items) < 2:
        items = [i for i in re.split(r"\s{2,}", text.strip()) if i]
        if len(items) < 3:
            return False
    return not any(_more_words_than(4, i) for i in items)


_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)(?:day|nesday|rday|sday|urday)?\.?,?\s+)?"
_BY = re.compile(r"(?:(?:news\s+)?provided\s+)?(?:by|from)\s+\S.*", re.I)
_TIMESTAMP = re.compile(
    r"(?:published|updated|posted|last updated)\b.*\d.*"
    # a date on its own, maybe with a time and the wire's `| Source:` (the page's, not the dateline)
    rf"|{_WEEKDAY}{_DATE}(?:,?\s+(?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?)?"
    r"(?:\s*\|\s*source:.*|\s+\d+\s+min(?:ute)?s?\s+read)?",
    re.I,
)


def byline(text: str, ctx: Context) -> bool:
    """The news site's byline or timestamp: `By Business Wire`, `News provided by Acme`, `Updated: Jul 28, 2025 9:00 AM`,
    `Wednesday, March 4, 2026`, `March 04, 2026 07:00 ET | Source: Acme, Inc.`."""
    if _more_words_than(12, text):
        return False
    return bool(_TIMESTAMP.fullmatch(text.strip())) or (not _ends_sentence(text) and bool(_BY.fullmatch(text.strip())))


_WIRE_FOOTER = re.compile(
    r"(?:view original content|view source version on)\b.*"
    r"|(?:photo|image|video|logo|multimedia)s?\b[^:]{0,50}:\s*(?:https?://|www\.)\S+",
    re.I,
)


def wire_footer(text: str, ctx: Context) -> bool:
    """A newswire's link back to the English original or to its media:
    `View original content: https://...`, `Photo: https://...`."""
    return bool(_WIRE_FOOTER.fullmatch(text.strip()))


_RELATED = re.compile(
    r"(?:(?:related|recommended|more|top|latest|popular|trending)(?: (?:articles|stories|news|content|links|"
    r"videos|posts|reads))?|read more|more from .{1,30}|most (?:read|popular|viewed)|recommended for you|"
    r"trending now|you may also like|tags|topics|keywords|see also|in this article)\s*:?",
    re.I,
)


def related(text: str, ctx: Context) -> bool:
    """A site's link-list label: `Related articles`, `Read more`, `Most popular`."""
    return bool(_RELATED.fullmatch(text.strip()))


def label(text: str, ctx: Context) -> bool:
    """A short line near the title (`Health`, `Business News`, a ticker chip, the page's
    `Acme, Inc.` credit), not the title itself, or after the release's end mark (`###`), where
    only contact details still belong to the release."""
    if not (ctx.header or ctx.footer) or ctx.title or _more_words_than(3, text) or text.rstrip().endswith(("?", "!")):
        return False
    return not (ctx.footer and (text.rstrip().endswith(":") or _CONTACT_WORD.search(text)
                                or (ctx.contacts and _is_contact_line(text))))


# Ordered: the first rule that matches names the reason. To teach the reader a new kind of
# page noise, write a predicate above, add it here, and add a line to tests/test_document.py.
RULES: tuple[tuple[str, Callable[[str, Context], bool]], ...] = (
    ("foreign_script", foreign_script),
    ("decoration", decoration),
    ("weather", weather),
    ("advertisement", advertisement),
    ("share", share),
    ("account", account),
    ("menu", menu),
    ("byline", byline),
    ("wire_footer", wire_footer),
    ("related", related),
    ("label", label),
)


def noise_reason(text: str, ctx: Context) -> str | None:
    """Name of the first rule that takes `text` for page noise, or None."""
    return next((name for name, rule in RULES if rule(text, ctx)), None)


# --- datelines -------------------------------------------------------------------------

_CITY = r"[A-Z][A-Z.'’\-]*[A-Z.](?:\s+[A-Z][A-Z.'’\-]*[A-Z.])*"
_PLACE = rf"{_CITY}(?:,?\s+and\s+{_CITY})*(?:,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)*)*"
_WIRE = r"(?:/\s*[A-Za-z][\w\- ]*?\s*/|\(\s*[A-Z][\w\- ]*?\s*\))"
_DASH = r"(?:--|—|–|-)"

DATELINE = re.compile(
    rf"(?P<place>{_PLACE})(?:,?\s*(?P<date>{_DATE}))?\s*(?:{_DASH}\s*)?(?P<wire>{_WIRE})?\s*{_DASH}"
)
"""`SUZHOU, China, July 28, 2025 --`, `SAN DIEGO--(BUSINESS WIRE)--`, `SHANGHAI, Jan. 15, 2026 /PRNewswire/ --`."""


def match_dateline(text: str) -> re.Match[str] | None:
    """The dateline at the start of a paragraph; a place needs a date or a wire tag to count."""
    found = DATELINE.match(text)
    return found if found and (found["date"] or found["wire"]) else None


# --- structure -------------------------------------------------------------------------

# The end of a US-style release; what follows is page footer, bar contact details.
_END_MARK = re.compile(r"\s*(?:#{3,}|-\s*30\s*-)\s*")

_BULLET = re.compile(r"(?P<prefix>\s*(?:[•●○◦▪▫■□‣⁃∙·*\-–—]|\d{1,2}[.)]|\([a-z0-9]\))\s+)(?=\S)")
_MD_HEADING = re.compile(r"(?P<prefix>#{1,6}\s+)(?=\S)")
# `Title: Twelve-month safety data`, `Date: Dec. 5, 2025`: a short label and its value, a line of its own.
_FIELD = re.compile(r"[A-Z][A-Za-z/&() \-]{1,25}:\s+\S")
_CONTACT_WORD = re.compile(r"\b(?:contacts?|inquiries|enquiries|relations)\b", re.I)
_CONTACT_LABEL = re.compile(r"(?:[A-Za-z&]+\s+){0,3}contacts?\s*:\s*\S", re.I)
_SECTION = re.compile(
    r"(?:about\s|forward[\s\-]looking|safe harbou?r|cautionary|disclaimer|notes? to editors?|source\b)", re.I
)
# Lines longer than this are paragraphs of their own (text pasted from a web page); shorter
# lines without a blank line between them are a paragraph hard-wrapped by an e-mail client.
WRAP_WIDTH = 100
_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with vs via per".split())


def _is_heading(text: str) -> bool:
    """Short, title-cased, not a sentence: `About XellSmart`, `Forward-Looking Statements`."""
    if len(text) > 60 or _more_words_than(8, text):
        return False
    words = _words(text)
    if not words or _has_address(text):
        return False
    if text.rstrip().endswith((".", "!", "?", ";", ",")) and not text.rstrip().endswith(":"):
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and sum(w[0].isupper() or w[0].isdigit() for w in big) * 4 >= len(big) * 3


def _is_contact_heading(text: str, in_contacts: bool) -> bool:
    """`Media Contact:`, `Investor Relations`; inside a contact section also `Investors:`."""
    if _more_words_than(5, text) or _has_address(text):
        return False
    return bool(_CONTACT_WORD.search(text)) or (in_contacts and text.endswith(":") and not _more_words_than(3, text))


def _is_contact_line(text: str) -> bool:
    return _has_address(text) or (not _more_words_than(8, text) and not _SECTION.match(text))


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def _block(kind: str, lines: list[_Line], prefix: str = "") -> Block:
    offsets, parts, at = [], [], 0
    for line in lines:
        part = line.text.strip()
        offsets.append(at)
        parts.append(part)
        at += len(part) + 1
    return Block(kind, " ".join(parts), tuple(line.number for line in lines), tuple(offsets), prefix)


def _split_dateline(block: Block) -> list[Block]:
    found = match_dateline(block.text)
    if not found:
        return [block]
    cut = found.end()
    dateline = Block("dateline", block.text[:cut].strip(), (block.line,), (0,))
    rest = block.text[cut:]
    start = cut + len(rest) - len(rest.lstrip())
    if start == len(block.text):
        return [dateline]
    pairs = [(block.line_at(start), 0)] + [
        (line, offset - start) for line, offset in zip(block.lines, block.offsets) if offset > start
    ]
    # On the dateline's own line, the gap after it is layout: `--(BUSINESS WIRE)--Kestrel` has none.
    gap = block.text[cut:start] if block.line_at(start) == block.line else ""
    return [dateline, Block("body", block.text[start:], *map(tuple, zip(*pairs)), prefix=gap)]


def _body_blocks(group: list[_Line], in_contacts: bool, dateline_line: int) -> tuple[list[Block], bool]:
    """Blocks of one run of lines between blank lines, and whether a contact section is open.

    The line numbered `dateline_line` opens a paragraph whatever its shape, so that the dateline
    can be cut from it.
    """
    blocks: list[Block] = []
    paragraph: list[_Line] = []
    bullet: tuple[str, list[_Line]] | None = None

    def flush() -> None:
        nonlocal paragraph, bullet
        if paragraph:
            blocks.append(_block("body", paragraph))
        if bullet:
            blocks.append(_block("bullet", bullet[1], bullet[0]))
        paragraph, bullet = [], None

    for line in group:
        text = line.text
        marker = _BULLET.match(text)
        if bullet and not marker and text[:1].isspace():
            bullet[1].append(line)
        elif marker:
            flush()
            bullet = (marker["prefix"], [_Line(line.number, text[marker.end():])])
        elif (paragraph and not _FIELD.match(text)) or line.number == dateline_line:
            paragraph.append(line)
        elif _is_contact_heading(text, in_contacts):
            flush()
            blocks.append(_block("heading", [line]))
            in_contacts = True
        elif (in_contacts and _is_contact_line(text)) or (_CONTACT_LABEL.match(text) and _has_address(text)):
            flush()
            blocks.append(_block("contact", [line]))
        elif _FIELD.match(text):
            flush()
            blocks.append(_block("body", [line]))
        elif _MD_HEADING.match(text) or _is_heading(text):
            flush()
            prefix = _MD_HEADING.match(text)
            blocks.append(_block("heading", [_Line(line.number, text[prefix.end():])] if prefix else [line],
                                 prefix["prefix"] if prefix else ""))
            in_contacts = False
        else:
            paragraph.append(line)
            in_contacts = False
        last = paragraph[-1].text.rstrip() if paragraph else ""
        if last.endswith(":") or (_ends_sentence(last) and len(last) > WRAP_WIDTH):
            flush()
    flush()
    return blocks, in_contacts


def _groups(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of consecutive non-blank lines; a blank or dropped line ends a run."""
    groups: list[list[_Line]] = []
    previous = None
    for line in lines:
        if previous is not None and line.number == previous + 1 and groups:
            groups[-1].append(line)
        else:
            groups.append([line])
        previous = line.number
    return groups


def _is_sentence_paragraph(text: str) -> bool:
    return _more_words_than(11, text) and (any(mark in text for mark in (". ", "? ", "! ")) or _ends_sentence(text))


def _body_start(lines: list[_Line], lang: str) -> int:
    """Index of the first body line: the dateline, else the first line that reads as prose."""
    anywhere = Context(lang, header=False, title=False)
    for index, line in enumerate(lines):
        if match_dateline(line.text.strip()):
            return index
    for index, line in enumerate(lines):
        if _is_sentence_paragraph(line.text) and not foreign_script(line.text, anywhere):
            return index
    return 0


def _title_index(lines: list[_Line], body_start: int, lang: str) -> int | None:
    """The first header line of four words or more that no rule takes for noise and that is no
    bullet (subtitles often are), else the longest."""
    anywhere = Context(lang, header=False, title=False)
    candidates = [i for i in range(body_start)
                  if noise_reason(lines[i].text, anywhere) is None and not _BULLET.match(lines[i].text)]
    if not candidates:
        return None
    return next((i for i in candidates if _more_words_than(3, lines[i].text)),
                max(candidates, key=lambda i: len(lines[i].text)))


def parse(text: str, lang: str = "en") -> tuple[list[Block], list[Dropped]]:
    """Blocks and dropped noise of a release's text; line numbers count from 1 as in the file."""
    text = unicodedata.normalize("NFC", text)
    lines = [
        _Line(number, raw.translate(_INVISIBLE).rstrip())
        for number, raw in enumerate(_LINE_BREAK.split(text), start=1)
    ]
    lines = [line for line in lines if line.text.strip()]
    body_start = _body_start(lines, lang)
    title = _title_index(lines, body_start, lang)
    anywhere = Context(lang, header=False, title=False)
    # A title wrapped over several lines: the lines right below it, with no blank between.
    title_lines: set[int] = set()
    for line in lines[title:body_start] if title is not None else ():
        if title_lines and (line.number - 1 not in title_lines or noise_reason(line.text, anywhere)):
            break
        title_lines.add(line.number)
    end = next((i for i, line in enumerate(lines) if i > body_start and _END_MARK.fullmatch(line.text)), len(lines))

    kept: list[_Line] = []
    dropped: list[Dropped] = []
    contacts = False
    for index, line in enumerate(lines):
        ctx = Context(lang, header=index < body_start, title=line.number in title_lines, footer=index > end,
                      contacts=contacts)
        reason = noise_reason(line.text.strip(), ctx)
        if reason:
            dropped.append(Dropped(line.number, line.text.strip(), reason))
        else:
            kept.append(line)
        # after the end mark, the names and addresses under a contact heading are the release's
        contacts = not reason and (_is_contact_heading(line.text.strip(), contacts)
                                   or (contacts and _is_contact_line(line.text.strip())))

    body_line = lines[body_start].number if lines else 0
    blocks: list[Block] = []
    in_contacts = False
    for group in _groups(kept):
        if group[0].number < body_line and any(_BULLET.match(line.text) for line in group):
            blocks += _body_blocks(group, False, body_line)[0]  # subtitle bullets
            continue
        if group[0].number < body_line:
            kind = "title" if any(line.number in title_lines for line in group) else "heading"
            marker = _MD_HEADING.match(group[0].text)
            if marker:
                group = [_Line(group[0].number, group[0].text[marker.end():])] + group[1:]
            blocks.append(_block(kind, group, marker["prefix"] if marker else ""))
            continue
        found, in_contacts = _body_blocks(group, in_contacts, body_line)
        if found and found[0].line == body_line and found[0].kind == "body":
            found[:1] = _split_dateline(found[0])
        blocks.extend(found)
    return blocks, dropped


CELLS = ("td", "th")
LIST_ITEMS = ("li", "ol")  # an item of a bulleted list, of a numbered one
_HEADING_TAGS = {"title": "title", "h1": "title", **{f"h{n}": "heading" for n in range(2, 7)}, "heading": "heading"}


def structured(paras: list[Para], lang: str = "en", noise: bool = True) -> tuple[list[Block], list[Dropped]]:
    """Blocks of a release that a format reader (HTML, Markdown, Word) has cut into elements.

    The elements go through the same rules as a text release, one per paragraph, so noise,
    datelines and contact lines are found the same way; what the source says outright wins
    over a guess from the text: its headings are headings, its list items bullets, and a table
    cell is content, never page noise; with `noise` False (a Word document is the release, with
    no page around it) nothing is. Each block keeps its element's tag and index (`node`),
    and the inline marks that fall inside it. Line numbers are the elements' own (`Para.lines`,
    else `Para.line`).
    """
    paras = [_normalized(para) for para in paras]
    lines: list[str] = []
    where: dict[int, tuple[int, int, int]] = {}  # line parse() sees → (element, offset in its text, its source line)
    for index, para in enumerate(paras):
        offset = 0
        for k, piece in enumerate(para.text.split("\n")):
            lines.append(piece)
            where[len(lines)] = (index, offset, para.lines[k] if k < len(para.lines) else para.line)
            offset += len(piece) + 1
        lines.append("")
    blocks, dropped = parse("\n".join(lines), lang)
    cells = [d for d in dropped if paras[where[d.line][0]].tag in CELLS or not noise]
    if cells:
        revived = [_block("body", [_Line(d.line, lines[d.line - 1])]) for d in cells]
        blocks = sorted(blocks + revived, key=lambda block: block.line)
        dropped = [d for d in dropped if d not in cells]
    # A source that marks its headline leaves no title to guess: a long line above it (a Word
    # header's `Corvanta Therapeutics Press Release Archive`) is a heading.
    marked = any(_HEADING_TAGS.get(para.tag) == "title" for para in paras)
    titled = False
    result: list[Block] = []
    for block in blocks:
        node = where[block.line][0]
        para = paras[node]
        kind = _HEADING_TAGS.get(para.tag, "bullet" if para.tag in LIST_ITEMS else block.kind)
        if kind == "title" and marked and _HEADING_TAGS.get(para.tag) != "title":
            kind = "heading"
        if kind == "title":
            kind, titled = ("heading" if titled else "title"), True
        if block.kind in ("dateline", "contact") or (block.kind == "body" and kind == "title" and len(blocks) == 1):
            kind = block.kind
        if para.tag == "th" and kind == "contact":  # a column's label (`Name`, `Email`) is words to translate
            kind = "body"
        prefix = block.prefix
        if para.tag == "ol":  # numbered from the item before it: a list restarts after other blocks
            previous = result[-1] if result and result[-1].tag == "ol" else None
            number = int(previous.prefix.split(".")[0]) + (previous.node != node) if previous else 1
            prefix = f"{number}. "
        elif kind == "bullet" and not prefix.strip():
            prefix = "- "
        result.append(replace(block, kind=kind, prefix=prefix, marks=_marks_in(block, para, where, lines),
                              tag=para.tag, node=node, row=para.row, lines=tuple(where[n][2] for n in block.lines)))
    return result, [replace(d, line=where[d.line][2]) for d in dropped]


def _normalized(para: Para) -> Para:
    """The element's text as parse() will see it (NFC, invisible characters out), its marks moved
    along: each stretch between two mark boundaries is normalized on its own."""
    cuts = sorted({0, len(para.text), *(p for m in para.marks for p in (m.start, m.end))})
    moved, text = {}, ""
    for left, right in zip(cuts, cuts[1:]):
        moved[left] = len(text)
        text += unicodedata.normalize("NFC", para.text[left:right]).translate(_INVISIBLE)
    moved[len(para.text)] = len(text)
    marks = tuple(replace(m, start=moved[m.start], end=moved[m.end]) for m in para.marks if moved[m.start] < moved[m.end])
    return replace(para, text=text, marks=marks)


def _marks_in(block: Block, para: Para, where: dict[int, tuple[int, int, int]], lines: list[str]) -> tuple[Mark, ...]:
    """The element's marks that fall inside `block`, in the block's offsets."""
    if not para.marks:
        return ()
    pieces = []  # (start in block text, start in element text, length)
    for n, (line, at) in enumerate(zip(block.lines, block.offsets)):
        stop = block.offsets[n + 1] - 1 if n + 1 < len(block.offsets) else len(block.text)
        piece = block.text[at:stop]
        column = lines[line - 1].find(piece) if piece else -1
        if column >= 0:
            pieces.append((at, where[line][1] + column, len(piece)))
    found = []
    for mark in para.marks:
        spans = [(max(mark.start, source) - source + at, min(mark.end, source + size) - source + at)
                 for at, source, size in pieces if mark.start < source + size and mark.end > source]
        if spans:
            found.append(replace(mark, start=spans[0][0], end=spans[-1][1]))
    return tuple(found)


# --- reading ---------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, source: Path, encoding: str | None = None) -> tuple[str, str, bool]:
    """Text of a release file, the codec used, and whether that codec was a guess."""
    if encoding:
        try:
            return data.decode(encoding), encoding, False
        except LookupError:
            raise L10nError(f"unknown encoding {encoding!r}; use a codec name such as utf-8, cp949 or gb18030", source)
        except UnicodeDecodeError as error:
            raise L10nError(
                f"byte 0x{data[error.start]:02x} is not valid {encoding}; check --encoding or leave it out to detect",
                source, _line_of(data, error.start),
            )
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, False
            except UnicodeDecodeError as error:
                raise L10nError(f"starts with a {codec} byte-order mark but is not valid {codec}; re-save it as UTF-8",
                                source, _line_of(data, error.start))
    if b"\x00" in data:
        raise L10nError("looks like a binary file (it holds NUL bytes), not a text release; save it as UTF-8 text",
                        source, _line_of(data, data.index(b"\x00")))
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    for codec, own in LEGACY_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [c for c in text if c > "\x7f" and c.isalpha()]
        if sum(map(own, letters)) >= 0.9 * len(letters):
            return text, codec, True
    from charset_normalizer import from_bytes  # only files of mixed scripts pay for the import

    best = from_bytes(data, cp_isolation=[codec for codec, _ in LEGACY_ENCODINGS]).best()
    if best is None:
        raise L10nError("cannot tell its text encoding; save it as UTF-8 or pass --encoding", source)
    return str(best), best.encoding, True


def read(path: Path, lang: str = "en", encoding: str | None = None, limit: int = MAX_BYTES) -> Document:
    """Read and parse a release file of at most `limit` bytes; every problem a user can cause raises L10nError."""
    if path.is_dir():
        raise L10nError("is a folder; give a release file (.txt, .md, .html or .docx)", path)
    data = read_bytes(path, limit)
    text, codec, guessed = decode(data, path, encoding)
    if not text.translate(_INVISIBLE).strip():
        raise L10nError("the file is empty; give a press release in plain text", path)
    control = _CONTROL.search(text)
    if control:
        raise L10nError(
            f"holds control character U+{ord(control[0]):04X}: a binary file or the wrong encoding ({codec}); "
            "save it as UTF-8 text", path, len(_LINE_BREAK.findall(text, 0, control.start())) + 1,
        )
    blocks, dropped = parse(text, lang)
    if not blocks:
        raise L10nError(
            f"no release text left after removing {len(dropped)} line(s) of page noise; "
            "check that this is the press release (`l10n segment --json` lists what was dropped)", path,
        )
    return Document(path, codec, guessed, tuple(blocks), tuple(dropped))
