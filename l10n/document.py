"""Reading a release: bytes to text, page noise out, layout blocks in.

A release usually arrives pasted from a news page: a weather widget, section labels, share
buttons and ads around the text. `read` turns the file into a `Document` whose blocks are
the release alone (title, dateline, headings, paragraphs, bullets, contact lines) and whose
`dropped` list says which lines were taken out and by which rule.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from l10n.errors import L10nError, counted
from l10n.files import MAX_BYTES, read_bytes
from l10n.model import Block, Document, Dropped, Mark, Para
from l10n.protect import EMAIL, PHONE, URL

def _is_common_hangul(c: str) -> bool:
    """One of the 2,350 syllables of KS X 1001: Japanese Shift_JIS read as cp949 gives rare ones."""
    return len(c.encode("euc_kr")) == 2  # Python spells the other syllables as 8-byte jamo sequences


def _is_gb2312_hanzi(c: str) -> bool:
    """One of the 6,763 characters of GB2312: other bytes read as GB18030 give rarer ones or private-use."""
    try:
        return "\u4e00" <= c <= "\u9fff" and len(c.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


# A release that is not UTF-8 is Windows-1252 (an English page saved on Windows; Latin-1 text
# reads the same) or in the code page of a Korean, Japanese or Chinese page it was pasted from,
# with a few lines of that script (a weather widget, a menu): too little text for a statistical
# detector (charset-normalizer took eight Chinese characters for Shift_JIS, a Latin-1 `Zürich`
# for GB18030). So each reading is judged by what it makes of the non-ASCII bytes (`decode`).
WESTERN = "cp1252"
# What English text has in Windows-1252 besides Latin letters (Zürich, café): typographic
# punctuation, of which the opening marks may stand right before a letter (“École, l’Été), and
# symbols, of which the trade marks may follow a word (Nestlé®).
_PUNCTUATION = "‘’“”–—…•·†‡«»´\u00a0\u00ad"
_OPENING = ("", "‘", "’", "“", "–", "—", "«")
_SYMBOLS = "€£¥¢©®™°±×÷§µ²³¹¼½¾"
_TRADE_MARKS = "®™©"
# ASCII signs that follow no letter or mark in English, but are trail bytes of Big5 and Shift_JIS.
_TRAIL_SIGNS = frozenset("@\\^_`{|}~")
# Windows-1252's punctuation bytes (… ‘ ’ “ ” • – —): cp949 and GB18030 make only rare characters
# of them (`’s` reads `뭩`, `抯`), so one is the sign of Windows-1252 text read in the wrong code
# page; Shift_JIS makes common kanji of them (`東` is 0x93 0x8C) and needs other evidence.
_PUNCTUATION_BYTES = frozenset(b"\x85\x91\x92\x93\x94\x95\x96\x97")
# CJK code pages, in this order: a Korean release read as GB18030 is Chinese characters too, and
# GB2312 text read as Big5; Shift_JIS reads Korean and Chinese bytes as half-width katakana. Each
# with the letters its text is made of, common ones (other bytes read as cp949 give rare Hangul
# syllables, as GB18030 rare or private-use characters), and the Windows-1252 punctuation bytes
# that only its rare characters hold (Big5 has none of them).
CJK_ENCODINGS: tuple[tuple[str, Callable[[str], bool], frozenset[int]], ...] = (
    ("cp949", lambda c: "\uac00" <= c <= "\ud7a3" and _is_common_hangul(c), _PUNCTUATION_BYTES),
    ("shift_jis", lambda c: "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff", frozenset()),
    ("gb18030", _is_gb2312_hanzi, _PUNCTUATION_BYTES),
    ("big5", lambda c: "\u4e00" <= c <= "\u9fff", frozenset()),
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
_DATE = rf"(?:{_MONTH}\s++\d{{1,2}},?\s++\d{{4}}|\d{{1,2}}\s++{_MONTH},?\s++\d{{4}})"

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
    running: str = ""
    # "header" or "footer": the line comes back at the top (bottom) of the pages of a paged
    # release (one with page numbers or form feeds), digits aside
    table: bool = False
    # the line is a row of a table laid out with spaces (`Revenue   $ 52,418   $ 37,195`)
    continued: bool = False
    # the line goes on the one above it (the indented second line of a bullet)


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


_PAGE_NUMBER = re.compile(
    r"(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*(?:of|/)\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]",
    re.I,
)


def page_number(text: str, ctx: Context) -> bool:
    """A page number of a release printed to pages (a PDF turned into text): `Page 1 of 2`, `- 2 -`, `2/3`."""
    return bool(_PAGE_NUMBER.fullmatch(text.strip()))


def page_header(text: str, ctx: Context) -> bool:
    """A running header: a line that comes back at the top of the pages (`Acme Biologics Oyj  Stock
    Exchange Release  9 September 2026`), in a release with page numbers or form feeds."""
    return ctx.running == "header"


def page_footer(text: str, ctx: Context) -> bool:
    """A running footer: a line that comes back at the bottom of the pages, above or beside the page number."""
    return ctx.running == "footer"


_CONFIDENTIAL = re.compile(
    r"(?:(?:Strictly|Company|Highly|STRICTLY|COMPANY|HIGHLY)\s+)?(?:Confidential|CONFIDENTIAL)\b|(?:Embargoed|EMBARGOED)\b"
)
_CONFIDENTIAL_END = re.compile(r"[|\-–—]\s*(?:(?:Strictly|Company|Highly)\s+)?(?:Confidential|CONFIDENTIAL)$")


def confidential(text: str, ctx: Context) -> bool:
    """A confidentiality or embargo line of the printed page, no sentence: one that starts with the word
    (`CONFIDENTIAL - NOT FOR DISTRIBUTION BEFORE 8:00 EEST`, `Embargoed until 8 a.m. ET`) or ends a
    page's line with it (`Acme Biologics Oyj | Company Confidential`); not a wrapped line that says it."""
    text = text.strip()
    if _more_words_than(16, text) or text.endswith((".", "!", "?", ";", ",", ":")):
        return False
    return bool(_CONFIDENTIAL.match(text) or _CONFIDENTIAL_END.search(text))


# A number starts at a sign or after no digit: a start inside the digits would fail as the first did.
_TEMPERATURE = re.compile(r"(?:[-+−]|(?<!\d))\d++(?:\.\d++)?\s*+(?:℃|℉|°\s*[CF]?)(?!\w)")
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


# It never starts inside a run of spaces: a start there would scan the rest of the run again, and fail
# where a start at the run's first space did.
_MENU_SEPARATOR = re.compile(r"(?:(?<!\s)|(?!\s))(?:\s*+[|｜»›>]|\s++[·•]\s)\s*+")


def menu(text: str, ctx: Context) -> bool:
    """A navigation bar, breadcrumb or tag list: short items joined by `|`, `>`, `»`, `·`, or by
    wide spaces when there are three or more."""
    if ctx.table or _ends_sentence(text) or _has_address(text):
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
    rf"|{_WEEKDAY}{_DATE}(?:,?\s+(?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s+[a-z]{2,4}|\s+(?:eastern|central|mountain|pacific)\s+(?:daylight|standard)\s+time)?)?"
    r"(?:\s*\|\s*source:.*|\s+\d+\s+min(?:ute)?s?\s+read)?",
    re.I,
)


def byline(text: str, ctx: Context) -> bool:
    """The news site's byline or timestamp: `By Business Wire`, `News provided by Acme`, `Updated: Jul 28, 2025 9:00 AM`,
    `Wednesday, March 4, 2026`, `March 04, 2026 07:00 ET | Source: Acme, Inc.`,
    `September 09, 2026 04:05 PM Eastern Daylight Time`."""
    if _more_words_than(12, text):
        return False
    return bool(_TIMESTAMP.fullmatch(text.strip())) or (not _ends_sentence(text) and bool(_BY.fullmatch(text.strip())))


_WIRE_FOOTER = re.compile(
    r"(?:view original content|view source version on)\b.*"
    r"|(?:photo|image|video|logo|multimedia)s?\b[^:]{0,50}?\s*(?::|\s[-–—])\s*(?:https?://|www\.)\S+",
    re.I,
)


def wire_footer(text: str, ctx: Context) -> bool:
    """A newswire's link back to the English original or to its media:
    `View original content: https://...`, `Photo: https://...`, `Logo - https://...`."""
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
    if (not (ctx.header or ctx.footer) or ctx.title or ctx.continued or _more_words_than(3, text)
            or text.rstrip().endswith(("?", "!"))):
        return False
    return not (ctx.footer and (text.rstrip().endswith(":") or _CONTACT_WORD.search(text)
                                or (ctx.contacts and _is_contact_line(text))))


# Ordered: the first rule that matches names the reason. To teach the reader a new kind of
# page noise, write a predicate above, add it here, and add a line to tests/test_document.py.
RULES: tuple[tuple[str, Callable[[str, Context], bool]], ...] = (
    ("foreign_script", foreign_script),
    ("decoration", decoration),
    ("page_number", page_number),
    ("page_header", page_header),
    ("page_footer", page_footer),
    ("confidential", confidential),
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

# A city in capitals, the way wires print it: `SAN DIEGO`, `McLEAN`, `St. LOUIS`, `SAINT-LAURENT`.
_CITY_WORD = r"(?:(?:St|Ste|Ft|Mt)\.|(?:Mc|Mac|De|La|Le|Du)?[A-Z][A-Z.'’\-]*[A-Z.])"
_CITY = rf"{_CITY_WORD}(?:\s++{_CITY_WORD})*"
# Its state, province or country: `Mass.`, `Va.`, `South Korea`, `Finland`.
_REGION = r"(?:,\s*+[A-Z][\w.'’]*(?:\s++[A-Z][\w.'’]*)*)"
_PLACE = rf"{_CITY}{_REGION}*(?:,?\s++(?:and|&)\s++{_CITY}{_REGION}*)*"
_WIRE = r"(?:/\s*+[A-Za-z][\w\- ]*+\s*+/|\(\s*+[A-Z][\w\- ]*+\s*+\))"
_DASH = r"(?:--|—|–|-)"

# Runs of spaces are taken whole (`\s*+`, `\s++`): what follows each is no space, so giving spaces back
# could only make the same match again, once for every space (issue #24).
DATELINE = re.compile(
    rf"(?P<place>{_PLACE})(?:,?\s*+(?P<date>{_DATE}))?\s*+(?:{_DASH}\s*+)?(?P<wire>{_WIRE})?\s*+{_DASH}"
)
"""`SUZHOU, China, July 28, 2025 --`, `SAN DIEGO--(BUSINESS WIRE)--`, `SHANGHAI, Jan. 15, 2026 /PRNewswire/ --`."""


def match_dateline(text: str) -> re.Match[str] | None:
    """The dateline at the start of a paragraph; a place needs a date or a wire tag to count."""
    found = DATELINE.match(text)
    return found if found and (found["date"] or found["wire"]) else None


_CODE = re.compile(r"[A-Z]{2,3}|(?:[A-Z]\.){2,3}")  # `UK`, `USA`, `U.K.`: a country, not a city
# A comma, or `and` between spaces; never started inside a run of spaces (each start there read the rest of it).
_PLACE_SEPARATOR = re.compile(r"(?:(?<!\s)|(?!\s))(?:,\s*+|\s++(?:and|&)\s+)")


def places(place: str) -> list[tuple[str, tuple[str, ...]]]:
    """The cities of a dateline's place, each with its regions, in order:
    `BOSTON and SEOUL, South Korea` → [("BOSTON", ()), ("SEOUL", ("South Korea",))]."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for part in _PLACE_SEPARATOR.split(place.strip()):
        if not part:
            continue
        if not found or (re.fullmatch(_CITY, part) and not _CODE.fullmatch(part)):
            found.append((part, ()))
        else:
            found[-1] = (found[-1][0], found[-1][1] + (part,))
    return found


# --- structure -------------------------------------------------------------------------

# The end of a US-style release; what follows is page footer, bar contact details.
_END_MARK = re.compile(r"\s*(?:#{3,}|-\s*30\s*-)\s*")

_BULLET = re.compile(r"(?P<prefix>\s*(?:[•●○◦▪▫■□‣⁃∙·*\-–—]|\d{1,2}[.)]|\([a-z0-9]\))\s+)(?=\S)")
_MD_HEADING = re.compile(r"(?P<prefix>#{1,6}\s+)(?=\S)")
# `Title: Twelve-month safety data`, `Date: Dec. 5, 2025`: a short label and its value, a line of its own.
_FIELD = re.compile(r"[A-Z][A-Za-z/&() \-]{1,25}:\s+\S")
_CONTACT_WORD = re.compile(r"\b(?:contacts?|inquiries|enquiries|relations|further information)\b", re.I)
_CONTACT_LABEL = re.compile(r"(?:[A-Za-z&]+\s+){0,3}(?:contacts?|further information)\s*:\s*\S", re.I)
_SECTION = re.compile(
    r"(?:about\s|forward[\s\-]looking|safe harbou?r|cautionary|disclaimer|notes? to editors?|source\b)", re.I
)
# Lines longer than this are paragraphs of their own (text pasted from a web page); shorter
# lines may be a paragraph hard-wrapped by an e-mail client or a PDF's page.
WRAP_WIDTH = 100
# A line of a wrapped paragraph fills most of the width the text was wrapped at (its longest
# line under WRAP_WIDTH): at least this share of it, or FULL_LINE characters.
FULL_SHARE = 0.6
FULL_LINE = 50
_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to with vs via per".split())
# The legal form that ends a company's name: its period is no sentence's end (`About Acme Co., Ltd.`).
_COMPANY_END = re.compile(
    r"(?:,?\s+(?:Inc|Corp|Co|Ltd|Pte|Pty|LLC|L\.P|S\.A|S\.A\.S|S\.p\.A|N\.V|B\.V|K\.K|A\.G|Sdn\.?\s*Bhd|plc|GmbH|AG|"
    r"ASA|AB|Oyj|SE|A/S)\.?)+\s*$"
)
_ABOUT = re.compile(r"About\s+\S")
_SOURCE = re.compile(r"SOURCE\s")  # PR Newswire's `SOURCE Acme, Inc.` line: who sent it, no heading
# A table laid out with spaces: cells apart by three spaces or more (two is a typist's gap between
# sentences), a number among them.
_COLUMNS = re.compile(r"\S {3,}\S")
# A word cut at a line end by a hyphen, and words that can be the joined whole. The release's
# own words count too; a word neither knows keeps its hyphen (`long-` / `term`).
_HYPHEN_END = re.compile(r"([^\W\d_](?:[^\W_]|-(?=[^\W_]))*)-$")
_WORD_START = re.compile(r"[^\W\d_]+")
WORDS = frozenset(
    "medicine medicines therapy therapies therapeutic therapeutics treatment treatments patient patients clinical "
    "company companies development developing developed pharmaceutical pharmaceuticals biopharmaceutical "
    "biotechnology regulatory approval approvals application applications commercial commercialization "
    "manufacturing investigational candidate candidates disease diseases results significant significantly "
    "statements information including additional announced announcement expected expects potential potentially "
    "primary secondary endpoint endpoints efficacy safety tolerability tolerated administration designation "
    "laboratory laboratories randomized randomised placebo controlled participants enrollment enrolment population "
    "positive improvement response responses progression survival diagnosed financial quarter revenue revenues "
    "operations research collaboration collaborations agreement agreements milestone milestones royalties "
    "shareholders investors oncology neurology immunology antibody antibodies molecule molecules inhibitor "
    "inhibitors injection infusion formulation registration registrational subsidiary headquartered innovative "
    "platform platforms pipeline program programs programme programmes preliminary demonstrated evaluation "
    "evaluating independent international national government presentation presented conference combination "
    "indication indications generation approximately respectively subsequently uncertainties".split()
)


def _starts_upper(text: str) -> bool:
    """The line starts with a capital, maybe after an opening quote or bracket: a new sentence or item."""
    first = text.lstrip(" \"“‘'([")[:1]
    return first.isupper()


def _is_full(text: str, width: int) -> bool:
    return len(text.strip()) >= min(FULL_LINE, FULL_SHARE * width)


def _is_prose(text: str) -> bool:
    """A line that reads as a paragraph: many words, long or ending a sentence."""
    return _more_words_than(8, text) and (len(text.strip()) >= FULL_LINE or _ends_sentence(text))


def _is_heading(text: str, following: str | None = None, legal: bool = True) -> bool:
    """A heading by its shape: `About XellSmart`, `About Acme Co., Ltd.`, `Forward-Looking Statements`,
    or a short line that is no sentence above a paragraph (`following`).

    Short: 60 characters and 8 words at most, 80 and 12 for an `About …` line. No sentence: it
    does not end in `.`, `!`, `?`, `;` or `,`, unless the period is a company's legal form
    (`Inc.`, `Co., Ltd.`, `S.A.`; with `legal` False it never is). Title-cased, or followed by a
    paragraph.
    """
    text = text.strip()
    about = bool(_ABOUT.match(text))
    if len(text) > (80 if about else 60) or _more_words_than(12 if about else 8, text):
        return False
    words = _words(text)
    if not words or _has_address(text) or _SOURCE.match(text):
        return False
    bare = _COMPANY_END.sub("", text) if legal and text.endswith(".") else text
    if bare.rstrip().endswith((".", "!", "?", ";", ",")):
        return False
    if about:
        return True
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    titled = bool(big) and sum(w[0].isupper() or w[0].isdigit() for w in big) * 4 >= len(big) * 3
    return titled or (following is not None and not text.endswith(":") and _starts_upper(text)
                      and _starts_upper(following) and _is_prose(following))


def _is_contact_heading(text: str, in_contacts: bool) -> bool:
    """`Media Contact:`, `Investor Relations`, `Further information:`; inside a contact section also `Investors:`."""
    if _more_words_than(5, text) or _has_address(text):
        return False
    return bool(_CONTACT_WORD.search(text)) or (in_contacts and text.endswith(":") and not _more_words_than(3, text))


def _is_contact_line(text: str) -> bool:
    return _has_address(text) or (not _more_words_than(8, text) and not _SECTION.match(text))


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


@dataclass(frozen=True)
class _Layout:
    """What the rules for blocks know of the whole release."""

    width: int
    # the width its lines are wrapped at: its longest line under WRAP_WIDTH
    dateline: int
    # the line the dateline stands on (0: none)
    table: frozenset[int] = frozenset()
    # lines of tables laid out with spaces: a block each
    words: frozenset[str] | None = None
    # the release's words (lower case), to join words hyphenated at a line end
    wrapped: bool = True
    # a text release, its lines hard-wrapped; False for a structured release's elements, whose
    # lines (`<br>`) stay one paragraph, words unjoined and indents not kept, as they always were

    def goes_on(self, previous: str, text: str, listing: bool = False) -> bool:
        """Whether `text` goes on the paragraph that `previous` ends."""
        if self.wrapped:
            return _continues(previous, text, self.width, listing)
        last = previous.rstrip()
        return not (last.endswith(":") or (_ends_sentence(last) and len(last) > WRAP_WIDTH) or _FIELD.match(text.strip()))


def _hyphenated(line: str) -> re.Match[str] | None:
    """The word a hyphen cuts at the end of `line` (`medi-`, `off-the-`), looked for in its tail only."""
    return _HYPHEN_END.search(line[-80:]) if line.endswith("-") else None


def _joined(last: str, first: str, words: frozenset[str] | None) -> str | None:
    """How `last` and the next line's `first` join when `last` ends in a word cut by a hyphen:
    `medi-` + `cines` → `medi` (the hyphen out: `medicines` is a word); `off-the-` + `shelf` →
    `off-the-` (a compound); None when it is no hyphenated word."""
    cut = _hyphenated(last)
    start = _WORD_START.match(first)
    if words is None or not cut or not start or not first[:1].isalpha():
        return None
    head = cut[1]
    whole = (head + start[0]).lower()
    if "-" not in head and first[:1].islower() and (whole in words or whole in WORDS):
        return last[:-1]
    return last


def _block(kind: str, lines: list[_Line], prefix: str = "", words: frozenset[str] | None = None,
           indent: bool = False) -> Block:
    """A block of `lines` joined by one space, or by none after a word hyphenated at a line end;
    with `indent`, the first line's indent (a centred title, a table's row) is its prefix."""
    if indent and not prefix and lines:
        prefix = lines[0].text[:len(lines[0].text) - len(lines[0].text.lstrip())]
    offsets: list[int] = []
    parts: list[str] = []  # pieces of the text, joined once: the last is the line before, which a join rewrites
    length = 0
    for line in lines:
        part = line.text.strip()
        if length:
            joined = _joined(parts[-1], part, words)
            if joined is None:
                parts.append(" ")
                length += 1
            else:
                length += len(joined) - len(parts[-1])
                parts[-1] = joined
        offsets.append(length)
        parts.append(part)
        length += len(part)
    return Block(kind, "".join(parts), tuple(line.number for line in lines), tuple(offsets), prefix)


def _continues(previous: str, text: str, width: int, listing: bool = False) -> bool:
    """Whether `text` goes on the paragraph whose last line is `previous` (a hard-wrapped line).

    Decided by the shape of the lines: a wrapped paragraph's lines fill the width the release
    is wrapped at and end mid-sentence. So a line goes on after a word cut by a hyphen, when it
    starts in lower case, and after a full line that ends mid-sentence or even with a sentence
    (unless a heading follows); a short line or a colon ends the paragraph (a list follows,
    items a line each, unless the sentence goes on in lower case), and so do a field line
    (`Date: Dec. 5, 2025`) after another and a line over WRAP_WIDTH ending a sentence.
    """
    last, first = previous.strip(), text.strip()
    if not first:
        return False
    if _hyphenated(last) and first[:1].isalpha():
        return True
    if listing:  # the items of a list: a capital starts the next one
        return not _starts_upper(first)
    if first[:1].islower() or last.count("(") > last.count(")"):
        return True
    full = _is_full(last, width)
    if last.endswith(":"):  # a list or a field follows, or the quotation a full line announces (`said:`)
        return full and first[:1] in "\"“‘'"
    if _FIELD.match(first) and (_FIELD.match(last) or not full):
        return False
    if _ends_sentence(last):
        return full and len(last) <= WRAP_WIDTH
    return full


def _heading_at(text: str, below: str | None, following: str | None, width: int) -> bool:
    """`text` is a heading where it stands: heading-shaped, and not the first line of a paragraph
    wrapped onto the line `below` (it would end mid-sentence); `following` is the line after its run."""
    if below is not None and not _ends_sentence(text) and _continues(text, below, width):
        return False
    return _is_heading(text, below if below is not None else following)


def _split_dateline(block: Block) -> list[Block]:
    found = match_dateline(block.text)
    if not found:
        return [block]
    cut = found.end()
    dateline = Block("dateline", block.text[:cut].strip(), (block.line,), (0,), block.prefix)
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


def _body_blocks(group: list[_Line], in_contacts: bool, layout: _Layout,
                 following: str | None = None) -> tuple[list[Block], bool]:
    """Blocks of one run of lines between blank lines, and whether a contact section is open.

    The dateline's line opens a paragraph whatever its shape, so that the dateline can be cut
    from it. `following` is the first line after the run, for a heading's test.
    """
    blocks: list[Block] = []
    paragraph: list[_Line] = []
    bullet: tuple[str, list[_Line]] | None = None
    listing = False  # a line ending in `:` opened a list whose items are lines without a marker

    def flush() -> None:
        nonlocal paragraph, bullet
        if paragraph:
            block = _block("body", paragraph, words=layout.words, indent=layout.wrapped)
            contact = _CONTACT_LABEL.match(block.text) and _has_address(block.text)
            blocks.append(replace(block, kind="contact") if contact else block)
        if bullet:
            blocks.append(_block("bullet", bullet[1], bullet[0], words=layout.words))
        paragraph, bullet = [], None

    for index, line in enumerate(group):
        text = line.text
        below = group[index + 1].text if index + 1 < len(group) else None
        marker = _BULLET.match(text)
        if line.number in layout.table:
            flush()
            blocks.append(_block("body", [line], indent=layout.wrapped))
            continue
        if bullet and not marker and (text[:1].isspace() or (layout.wrapped and layout.goes_on(bullet[1][-1].text, text))):
            bullet[1].append(line)  # its wrapped line: indented, or the item's sentence goes on
            continue
        if marker:
            flush()
            bullet = (marker["prefix"], [_Line(line.number, text[marker.end():])])
            continue
        if (paragraph and layout.goes_on(paragraph[-1].text, text, listing)
                and not (layout.wrapped and _ends_sentence(paragraph[-1].text)
                         and _heading_at(text, below, following, layout.width))):
            paragraph.append(line)
            continue
        listing = layout.wrapped and (listing or bool(paragraph and paragraph[-1].text.rstrip().endswith(":")))
        flush()
        if line.number == layout.dateline:
            paragraph.append(line)
        elif (in_contacts and blocks and blocks[-1].kind == "contact" and blocks[-1].lines[-1] == line.number - 1
              and not text.rstrip().endswith(":") and _is_contact_line(text)):
            blocks.append(_block("contact", [line]))  # a department or a title inside an address
        elif _is_contact_heading(text.strip(), in_contacts):
            blocks.append(_block("heading", [line]))
            in_contacts = True
        elif in_contacts and _is_contact_line(text):
            blocks.append(_block("contact", [line]))
        elif _CONTACT_LABEL.match(text.strip()):
            paragraph.append(line)  # `CONTACT: Jane Doe, jane@acme.com`, maybe wrapped: a contact unit with an address
        elif _FIELD.match(text.strip()):
            blocks.append(_block("body", [line]))
        elif listing and _starts_upper(text):
            paragraph.append(line)  # an item of the list: no heading, however short
        elif _MD_HEADING.match(text) or (_heading_at(text, below, following, layout.width) if layout.wrapped
                                         else _is_heading(text, legal=False)):
            prefix = _MD_HEADING.match(text)
            blocks.append(_block("heading", [_Line(line.number, text[prefix.end():])] if prefix else [line],
                                 prefix["prefix"] if prefix else "", indent=layout.wrapped))
            in_contacts = False
        else:
            paragraph.append(line)
            in_contacts = False
    flush()
    return blocks, in_contacts


def _groups(lines: list[_Line], width: int, bridged: frozenset[int] = frozenset(),
            blank: Callable[[int], bool] = bool) -> list[list[_Line]]:
    """Runs of consecutive non-blank lines; a blank or dropped line ends a run, except that a
    paragraph goes on across a page break (only blank lines and `bridged` page furniture between
    its two parts) when its first part ends mid-sentence."""
    groups: list[list[_Line]] = []
    previous: _Line | None = None
    for line in lines:
        between = range(previous.number + 1, line.number) if previous else range(0)
        if previous is not None and (
                not between
                or (any(n in bridged for n in between) and all(n in bridged or blank(n) for n in between)
                    and not _BULLET.match(line.text) and _continues(previous.text, line.text, width))):
            groups[-1].append(line)
        else:
            groups.append([line])
        previous = line
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


def _title_index(lines: list[_Line], body_start: int, contexts: list[Context]) -> int | None:
    """The first header line of four words or more that no rule takes for noise and that is no
    bullet (subtitles often are), else the longest."""
    candidates = [i for i in range(body_start)
                  if noise_reason(lines[i].text, contexts[i]) is None and not _BULLET.match(lines[i].text)]
    if not candidates:
        return None
    return next((i for i in candidates if _more_words_than(3, lines[i].text)),
                max(candidates, key=lambda i: len(lines[i].text)))


def _page_key(text: str) -> str:
    """A line as a running header or footer repeats it: digits aside (`Page 2`, a date), spaces as one."""
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


def _running(lines: list[_Line], fed: list[int]) -> dict[int, str]:
    """Lines of a paged release (page numbers or form feeds) that come back on its pages at the
    top ("header") or bottom ("footer") of a page: each copy one of the two lines after a page
    break or the start, or before one or the end. `fed`: the lines that hold a form feed."""
    breaks = [i for i, line in enumerate(lines) if _PAGE_NUMBER.fullmatch(line.text.strip())]
    numbers = [line.number for line in lines]
    feeds = sorted({bisect.bisect_left(numbers, n) for n in fed})  # a page starts at the first line from there
    if not breaks and not feeds:
        return {}
    # a page number ends its page; a form feed starts the line it stands on
    tops = {0} | {i + 1 for i in breaks} | set(feeds)
    bottoms = {len(lines) - 1} | {i - 1 for i in breaks} | {i - 1 for i in feeds}
    near_top = {i + k for i in tops for k in (0, 1)}
    near_bottom = {i - k for i in bottoms for k in (0, 1)}
    copies: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if i in near_top or i in near_bottom:
            copies.setdefault(_page_key(line.text), []).append(i)
    found: dict[int, str] = {}
    for key, where in copies.items():
        if len(where) < 2 or not key.strip("# ") or _PAGE_NUMBER.fullmatch(lines[where[0]].text.strip()):
            continue
        side = "header" if all(i in near_top for i in where) else "footer" if all(i in near_bottom for i in where) else ""
        for i in where:
            found[lines[i].number] = side or ("header" if i in near_top else "footer")
    return found


def _tables(lines: list[_Line]) -> frozenset[int]:
    """Lines of tables laid out with spaces: in a run of lines with two rows or more (cells apart by
    three spaces or more, a digit in the line), the rows and the indented lines (column heads)."""
    found: set[int] = set()
    run: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and run and line.number == run[-1].number + 1:
            run.append(line)
            continue
        rows = [x for x in run if _COLUMNS.search(x.text.strip()) and any(c.isdigit() for c in x.text)]
        if len(rows) >= 2:
            found |= {x.number for x in rows} | {x.number for x in run if x.text[:2].isspace()
                                                   and not _BULLET.match(x.text)}
        run = [line] if line is not None else []
    return frozenset(found)


def _bullet_tails(lines: list[_Line]) -> set[int]:
    """The indented lines that go on a bullet item above them."""
    tails: set[int] = set()
    open_item = False
    previous = 0
    for line in lines:
        if _BULLET.match(line.text):
            open_item = True
        elif open_item and line.number == previous + 1 and line.text[:1].isspace():
            tails.add(line.number)
        else:
            open_item = False
        previous = line.number
    return tails


# Noise rules for the printed page: a paragraph goes on across the lines they drop.
FURNITURE = ("page_number", "page_header", "page_footer", "confidential")


def parse(text: str, lang: str = "en") -> tuple[list[Block], list[Dropped]]:
    """Blocks and dropped noise of a release's text; line numbers count from 1 as in the file."""
    return _parse(text, lang, wrapped=True)


def _parse(text: str, lang: str, wrapped: bool) -> tuple[list[Block], list[Dropped]]:
    text = unicodedata.normalize("NFC", text)
    split = _LINE_BREAK.split(text)
    raw = [line.translate(_INVISIBLE).rstrip() for line in split]
    lines = [_Line(number, line) for number, line in enumerate(raw, start=1) if line.strip()]
    body_start = _body_start(lines, lang)
    fed = [number for number, line in enumerate(split, start=1) if "\f" in line]  # form feeds: page breaks
    running = _running(lines, fed)
    table = _tables(lines[body_start:]) if wrapped else frozenset()  # a structured release has its own tables
    tails = _bullet_tails(lines)

    def context(line: _Line, follows: bool = False, **where) -> Context:
        return Context(lang, running=running.get(line.number, ""), table=line.number in table,
                       continued=follows or line.number in tails, **where)

    contexts = [context(line, header=False, title=False) for line in lines]
    title = _title_index(lines, body_start, contexts)
    # A title wrapped over several lines: the lines right below it, with no blank between.
    title_lines: set[int] = set()
    for i in range(title, body_start) if title is not None else ():
        line = lines[i]
        if title_lines and (line.number - 1 not in title_lines or noise_reason(line.text, contexts[i])):
            break
        title_lines.add(line.number)
    end = next((i for i, line in enumerate(lines) if i > body_start and _END_MARK.fullmatch(line.text)), len(lines))

    kept: list[_Line] = []
    dropped: list[Dropped] = []
    contacts = False
    for index, line in enumerate(lines):
        # the end of a line wrapped in the header (a subtitle's last word) is no label
        above = kept[-1] if kept and kept[-1].number == line.number - 1 else None
        follows = above is not None and index < body_start and _continues(above.text, line.text, WRAP_WIDTH)
        ctx = context(line, follows, header=index < body_start, title=line.number in title_lines, footer=index > end,
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
    body = [line.text.strip() for line in kept if line.number >= body_line]
    width = max((len(t) for t in body if len(t) <= WRAP_WIDTH), default=WRAP_WIDTH)
    words = frozenset(w.lower() for t in body for w in _WORD_START.findall(t)) if wrapped else None
    layout = _Layout(width, body_line, table, words, wrapped)
    bridged = frozenset([*fed, *(d.line for d in dropped if d.reason in FURNITURE)]) if wrapped else frozenset()
    groups = _groups(kept, width, bridged, lambda n: not raw[n - 1].strip())
    blocks: list[Block] = []
    in_contacts = False
    for k, group in enumerate(groups):
        following = groups[k + 1][0].text if k + 1 < len(groups) else None
        if group[0].number < body_line and any(_BULLET.match(line.text) for line in group):
            blocks += _body_blocks(group, False, layout)[0]  # subtitle bullets
            continue
        if group[0].number < body_line:
            kind = "title" if any(line.number in title_lines for line in group) else "heading"
            marker = _MD_HEADING.match(group[0].text)
            if marker:
                group = [_Line(group[0].number, group[0].text[marker.end():])] + group[1:]
            blocks.append(_block(kind, group, marker["prefix"] if marker else "", layout.words, wrapped))
            continue
        found, in_contacts = _body_blocks(group, in_contacts, layout, following)
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
    blocks, dropped = _parse("\n".join(lines), lang, wrapped=False)
    cells = [d for d in dropped if paras[where[d.line][0]].tag in CELLS or not noise]
    if cells:
        revived = [_block("body", [_Line(d.line, lines[d.line - 1])]) for d in cells]
        blocks = sorted(blocks + revived, key=lambda block: block.line)
        revived_set = set(cells)
        dropped = [d for d in dropped if d not in revived_set]
    # A source that marks its headline leaves no title to guess: a long line above it (a Word
    # header's `Corvanta Therapeutics Press Release Archive`) is a heading.
    marked = any(_HEADING_TAGS.get(para.tag) == "title" for para in paras)
    titled = False
    result: list[Block] = []
    marks = _block_marks(blocks, paras, where, lines)
    for index, block in enumerate(blocks):
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
        result.append(replace(block, kind=kind, prefix=prefix, marks=marks[index],
                              tag=para.tag, node=node, row=para.row, lines=tuple(where[n][2] for n in block.lines)))
    return result, [replace(d, line=where[d.line][2]) for d in dropped]


def _normalized(para: Para) -> Para:
    """The element's text as parse() will see it (NFC, invisible characters out), its marks moved
    along: each stretch between two mark boundaries is normalized on its own."""
    cuts = sorted({0, len(para.text), *(p for m in para.marks for p in (m.start, m.end))})
    moved, parts, length = {}, [], 0
    for left, right in zip(cuts, cuts[1:]):
        moved[left] = length
        parts.append(unicodedata.normalize("NFC", para.text[left:right]).translate(_INVISIBLE))
        length += len(parts[-1])
    moved[len(para.text)] = length
    marks = tuple(replace(m, start=moved[m.start], end=moved[m.end]) for m in para.marks if moved[m.start] < moved[m.end])
    return replace(para, text="".join(parts), marks=marks)


def _block_marks(blocks: list[Block], paras: list[Para], where: dict[int, tuple[int, int, int]],
                 lines: list[str]) -> list[tuple[Mark, ...]]:
    """For each block, the marks of its element that fall inside it, in the block's offsets.

    An element's marks are swept once over its blocks, in the order of their place in it, so that each
    block looks at the marks over its own stretch: one paragraph of 10,000 lines, each a block, and
    10,000 links costs n log n, not n².
    """
    result: list[tuple[Mark, ...]] = [()] * len(blocks)
    by_element: dict[int, list[tuple[int, list[tuple[int, int, int]]]]] = {}
    for index, block in enumerate(blocks):
        node = where[block.line][0]
        if paras[node].marks:
            pieces = _pieces(block, where, lines)
            if pieces:
                by_element.setdefault(node, []).append((index, pieces))
    for node, found in by_element.items():
        marks = paras[node].marks
        by_start = sorted(range(len(marks)), key=lambda n: marks[n].start)
        near: list[int] = []  # the marks that start before the block's stretch ends and end after it starts
        taken = 0
        for index, pieces in sorted(found, key=lambda item: min(source for _, source, _ in item[1])):
            low, high = min(source for _, source, _ in pieces), max(source + size for _, source, size in pieces)
            while taken < len(by_start) and marks[by_start[taken]].start < high:
                near.append(by_start[taken])
                taken += 1
            near = [n for n in near if marks[n].end > low]  # ends before this block: before every later one too
            result[index] = _marks_in(pieces, [marks[n] for n in sorted(near)])
    return result


def _pieces(block: Block, where: dict[int, tuple[int, int, int]], lines: list[str]) -> list[tuple[int, int, int]]:
    """(start in block text, start in element text, length) of each of the block's lines found in its element."""
    pieces = []
    for n, (line, at) in enumerate(zip(block.lines, block.offsets)):
        stop = block.offsets[n + 1] - 1 if n + 1 < len(block.offsets) else len(block.text)
        piece = block.text[at:stop]
        column = lines[line - 1].find(piece) if piece else -1
        if column >= 0:
            pieces.append((at, where[line][1] + column, len(piece)))
    return pieces


def _marks_in(pieces: list[tuple[int, int, int]], marks: list[Mark]) -> tuple[Mark, ...]:
    """Those of `marks` (the element's, in order) that overlap the block's `pieces`, in the block's offsets."""
    # The pieces follow one another in the element's text (a block's lines are lines of one element,
    # in order), so the first and the last a mark overlaps are found by bisection.
    sources = [source for _, source, _ in pieces]
    ends = [source + size for _, source, size in pieces]
    ordered = all(end <= following for end, following in zip(ends, sources[1:]))
    found = []
    for mark in marks:
        if ordered:
            first, last = bisect.bisect_right(ends, mark.start), bisect.bisect_left(sources, mark.end) - 1
            over = [pieces[first], pieces[last]] if first <= last else []
        else:
            over = [piece for piece in pieces if mark.start < piece[1] + piece[2] and mark.end > piece[1]]
        if over:
            (at, source, _), (last_at, last_source, last_size) = over[0], over[-1]
            found.append(replace(mark, start=max(mark.start, source) - source + at,
                                 end=min(mark.end, last_source + last_size) - last_source + last_at))
    return tuple(found)


# --- reading ---------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_BETWEEN_MARKS = re.compile(f"[^{_PUNCTUATION}]+")


def _ascii_letter(text: str, at: int) -> bool:
    return 0 <= at < len(text) and text[at].isascii() and text[at].isalpha()


def _english_run(run: str) -> bool:
    """A stretch of non-ASCII characters as English text has them in Windows-1252: punctuation, and
    between the marks one symbol (`“€5`, `25°C`) or one or two Latin letters (`Größe`, `Nestlé®`),
    an opening quote or dash the only mark right before a letter (`“École`, `l’Été`). CJK bytes
    read so give longer runs and odd pairs (`한국` reads `ÇÑ±¹`, Shift_JIS `緋` reads `”ê`)."""
    for piece in _BETWEEN_MARKS.finditer(run):
        core = piece[0]
        if len(core) == 1 and core in _SYMBOLS:
            continue
        word = core[:-1] if core[-1] in _TRADE_MARKS else core
        before = run[piece.start() - 1] if piece.start() else ""
        latin = all(c.isalpha() and c not in "ªºƒ" for c in word)  # ordinals and the florin sign: no English letters
        if not (0 < len(word) <= 2 and latin and before in _OPENING):
            return False
    return True


def _western(data: bytes) -> str | None:
    """The Windows-1252 reading, if it looks like English text. A byte Windows-1252 leaves undefined
    (0x81, 0x8D, 0x8F, 0x90, 0x9D) is a C1 control in Latin-1: no text either way."""
    try:
        text = data.decode(WESTERN)
    except UnicodeDecodeError:
        return None
    return text if all(_english_run(run[0]) and text[run.end():run.end() + 1] not in _TRAIL_SIGNS
                       for run in _NON_ASCII.finditer(text)) else None


def _takes_letter(char: str, codec: str) -> bool:
    """The character's trail byte is an ASCII letter (`黵` is `ü` and `r`)."""
    raw = char.encode(codec, "replace")
    return len(raw) == 2 and raw[1] < 0x80 and chr(raw[1]).isalpha()


def _cjk(data: bytes, codec: str, own: Callable[[str], bool], punctuation: frozenset[int], western: bool) -> str | None:
    """The reading in `codec`, if 90% of its letters are that script's own and, when a Windows-1252
    reading makes sense (`western`), it takes no bytes of it: a punctuation byte, the ASCII letter
    of a word it is glued to (`Z黵ich`, `company痴`), a place inside a Latin word (`Gr鲞e`). Real
    Korean glued to a Latin word (`FDA의`) is made of high bytes only."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    letters = mine = 0
    for run in _NON_ASCII.finditer(text):
        chars = run[0]
        before, after = _ascii_letter(text, run.start() - 1), _ascii_letter(text, run.end())
        if western and ((before and after) or (before and _takes_letter(chars[0], codec))
                        or (after and _takes_letter(chars[-1], codec))
                        or not punctuation.isdisjoint(chars.encode(codec, "replace"))):
            return None
        found = [c for c in chars if c.isalpha() or "\ue000" <= c <= "\uf8ff"]  # private use: undefined bytes
        letters += len(found)
        mine += sum(map(own, found))
    return text if mine >= 0.9 * letters else None


def _around(text: str, at: int) -> str:
    """The words of `text` around index `at`, 20 characters either side at most, on its line."""
    start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    end = min((i for i in (text.find("\n", at), text.find("\r", at)) if i >= 0), default=len(text))
    left, right = max(start, at - 20), min(end, at + 20)
    if left > start and " " in text[left:at]:
        left = text.index(" ", left, at) + 1
    if right < end and " " in text[at:right]:
        right = text.rindex(" ", at, right)
    return text[left:right].strip()


def decode(data: bytes, source: Path, encoding: str | None = None) -> tuple[str, str, bool]:
    """Text of a release file, the codec used, and whether that codec was a guess.

    Without `encoding`: a byte-order mark, else UTF-8, else the Windows-1252 and CJK readings
    (see WESTERN, CJK_ENCODINGS). Windows-1252 wins when its non-ASCII characters are English
    text's and no CJK reading makes sense without taking its punctuation or letters; a CJK code
    page wins when Windows-1252 makes no sense; a file both read well (one Korean syllable after
    an acronym) or neither is refused, naming --encoding: a wrong guess turns `company’s` into
    `company痴` for every translator after.
    """
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
    except UnicodeDecodeError as error:
        bad = error.start
    western = _western(data)
    for codec, own, punctuation in CJK_ENCODINGS:
        reading = _cjk(data, codec, own, punctuation, western is not None)
        if reading is None:
            continue
        if western is None:
            return reading, codec, True
        at = _NON_ASCII.search(western).start()  # both readings agree on the ASCII before it
        raise L10nError(
            f"cannot tell its text encoding: it reads as Windows-1252 (“{_around(western, at)}”) or as {codec} "
            f"(“{_around(reading, at)}”); pass --encoding {WESTERN} or --encoding {codec}, or save it as UTF-8",
            source, _line_of(data, at),
        )
    if western is not None:
        return western, WESTERN, True
    names = ", ".join(codec for codec, *_ in CJK_ENCODINGS)
    raise L10nError(
        f"cannot tell its text encoding: byte 0x{data[bad]:02x} is not UTF-8, and it reads as text in none of "
        f"Windows-1252, {names}; pass --encoding with its codec, or save it as UTF-8", source, _line_of(data, bad),
    )


def read(path: Path, lang: str = "en", encoding: str | None = None, limit: int = MAX_BYTES) -> Document:
    """Read and parse a release file of at most `limit` bytes; every problem a user can cause raises L10nError."""
    if path.is_dir():
        raise L10nError("is a folder; give a release file (.txt, .md, .html or .docx)", path)
    return from_bytes(read_bytes(path, limit), path, lang, encoding)


def from_bytes(data: bytes, path: Path, lang: str = "en", encoding: str | None = None) -> Document:
    """Parse the bytes of a plain-text release file; every problem a user can cause raises L10nError."""
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
            f"no release text left after removing {counted(len(dropped), 'line')} of page noise; "
            "check that this is the press release (`l10n segment --json` lists what was dropped)", path,
        )
    return Document(path, codec, guessed, tuple(blocks), tuple(dropped))
