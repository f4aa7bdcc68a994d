"""Page noise: the named rules that take a line of a pasted or saved page for something other
than the release (a weather widget, a share bar, a byline, a page number).

Each rule is a predicate over the line and its `Context` (where it stands: before the body,
after the end mark, repeated at the top of pages ...); its docstring's first sentence is the
evidence it asks for, which `l10n segment --explain` prints beside what it dropped. `RULES`
is the ordered list: the first rule that matches names the reason.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from l10n.protect import EMAIL, PHONE, URL

# --- text helpers shared by the rules ------------------------------------------------

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
DATE = rf"(?:{_MONTH}\s++\d{{1,2}},?\s++\d{{4}}|\d{{1,2}}\s++{_MONTH},?\s++\d{{4}})"

def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def more_words_than(count: int, text: str) -> bool:
    """len(words_of(text)) > count, reading no further than the word after `count` (a paragraph can be a
    whole file long, and every rule asks this of every line)."""
    return next(itertools.islice(_WORD.finditer(text), count, None), None) is not None


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def has_address(text: str) -> bool:
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
    styled: bool = False
    # the source sets the whole line in italics (a structured release: HTML, Markdown, Word)
    closing: bool = False
    # the line belongs to the release's last paragraph
    printed: bool = False
    # the release was read from a printed page (a PDF): a short line near its title is its own,
    # not a news site's label or timestamp, and the reader has taken out the page's furniture
    larger: bool = False
    # the line is set larger than the body text (a printed page's title or heading)
    heads_list: bool = False
    # the source marks the line a heading and a list follows it (`<h3>Highlights</h3><ul>`)


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


PAGE_NUMBER = re.compile(
    r"(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*(?:of|/)\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]",
    re.I,
)


def page_number(text: str, ctx: Context) -> bool:
    """A page number of a release printed to pages (a PDF turned into text): `Page 1 of 2`, `- 2 -`, `2/3`."""
    return bool(PAGE_NUMBER.fullmatch(text.strip()))


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
# Every line either pattern takes holds one of these words: a line without one is looked at no further.
_STAMP_WORD = re.compile(r"Confidential|CONFIDENTIAL|Embargoed|EMBARGOED")
_CONFIDENTIAL_END = re.compile(r"[|\-–—]\s*(?:(?:Strictly|Company|Highly)\s+)?(?:Confidential|CONFIDENTIAL)$")


# A stamp's word is followed by the end, a separator or more capitals (`CONFIDENTIAL - NOT FOR
# DISTRIBUTION`), never by a lowercase word (`Confidential information will be`, a wrapped sentence).
_STAMP_GOES_ON = re.compile(r"\s*(?:$|[-–—:|/(]|[A-Z0-9])")


def confidential(text: str, ctx: Context) -> bool:
    """A confidentiality or embargo line of the printed page, no sentence: one that starts with the word
    (`CONFIDENTIAL - NOT FOR DISTRIBUTION BEFORE 8:00 EEST`, `Embargoed until 8 a.m. ET`) or ends a
    page's line with it (`Acme Biologics Oyj | Company Confidential`); not a wrapped line that says it,
    and not on a page read from a PDF, whose reader takes out a stamp by its place on the pages."""
    text = text.strip()
    if (ctx.printed or not _STAMP_WORD.search(text) or more_words_than(16, text)
            or text.endswith((".", "!", "?", ";", ",", ":"))):
        return False
    stamp = _CONFIDENTIAL.match(text)
    if stamp and (stamp[0].lower().startswith("embargoed") or _STAMP_GOES_ON.match(text, stamp.end())):
        return True
    return bool(_CONFIDENTIAL_END.search(text))


# A number starts at a sign or after no digit: a start inside the digits would fail as the first did.
_TEMPERATURE = re.compile(r"(?:[-+−]|(?<!\d))\d++(?:\.\d++)?\s*+(?:℃|℉|°\s*[CF]?)(?!\w)")
_WEATHER_WORD = re.compile(r"\b(?:weather|forecast|sunny|cloudy|showers|humidity|air quality)\b", re.I)


def weather(text: str, ctx: Context) -> bool:
    """A weather widget: a short line with a temperature or weather words, not a sentence, above the
    release's body or after its end mark; never on a printed page, whose short lines with a
    temperature are the release's (a datasheet's `Operating range: -30°C to +105°C`)."""
    if (ctx.printed or not (ctx.header or ctx.footer) or ends_sentence(text)
            or not (_TEMPERATURE.search(text) or _WEATHER_WORD.search(text))):
        return False
    return not more_words_than(8, text)


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
    found = False
    for token in _TOKEN.finditer(text):  # lazily: a sentence fails at its first word
        if token[0].lower() not in vocabulary:
            return False
        found = True
    return found


_SHARE_WORDS = frozenset(
    "share this article story post page on via tweet facebook twitter x linkedin email e-mail "
    "print copy link url whatsapp reddit pinterest telegram kakaotalk kakao line band save "
    "bookmark comments comment font size".split()
)


def share(text: str, ctx: Context) -> bool:
    """Share and print buttons, two words at least: `Share this article`, `Facebook Twitter LinkedIn Email`
    (`Comments` alone is as often a section's heading)."""
    return _only(_SHARE_WORDS, text) and more_words_than(1, text)


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
# What either way of parting items needs somewhere in the line: a line without it is no menu.
_MENU_HINT = re.compile(r"[|｜»›>·•]|\s\s")
_WIDE_GAP = re.compile(r"\s{2,}")


def menu(text: str, ctx: Context) -> bool:
    """A navigation bar, breadcrumb or tag list: short items joined by `|`, `>`, `»`, `·`, or by
    wide spaces when there are three or more."""
    if ctx.table or not _MENU_HINT.search(text) or ends_sentence(text) or has_address(text):
        return False
    items = [i for i in _MENU_SEPARATOR.split(text.strip(" |｜")) if i.strip()]
    if len(items) < 2:
        items = [i for i in _WIDE_GAP.split(text.strip()) if i]
        if len(items) < 3:
            return False
    return not any(more_words_than(4, i) for i in items)


_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)(?:day|nesday|rday|sday|urday)?\.?,?\s+)?"
_BY = re.compile(r"(?:(?:news\s+)?provided\s+)?(?:by|from)\s+\S.*", re.I)
_TIME = (r",?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"
         r"(?:\s+[a-z]{2,4}|\s+(?:eastern|central|mountain|pacific)\s+(?:daylight|standard)\s+time)?")
_PAGE_SAYS = r"\s*\|\s*source:.*|\s+\d+\s+min(?:ute)?s?\s+read"
_DIGIT = re.compile(r"\d")
_TIMESTAMP = re.compile(
    r"(?:first |last )?(?:published|updated|posted)\b.*\d.*"
    # a date on its own with what only a page's timestamp has: a weekday, a time, the wire's
    # `| Source:`, a reading time. A bare date (`March 4, 2026`) may be the release's own, as a
    # PDF prints it under the title: it stays.
    rf"|{_WEEKDAY.removesuffix('?')}{DATE}(?:{_TIME})?(?:{_PAGE_SAYS})?"
    rf"|{DATE}(?:{_TIME}(?:{_PAGE_SAYS})?|{_PAGE_SAYS})",
    re.I,
)


def byline(text: str, ctx: Context) -> bool:
    """The news site's byline or timestamp (never on a printed page, nor on a line that goes on the one above): `By Business Wire`, `News provided by Acme`, `Updated: Jul 28, 2025 9:00 AM`,
    `Wednesday, March 4, 2026`, `March 04, 2026 07:00 ET | Source: Acme, Inc.`,
    `September 09, 2026 04:05 PM Eastern Daylight Time`; never a bare date, which may be the release's."""
    if ctx.printed or ctx.continued:
        return False
    text = text.strip()
    # every timestamp holds a digit: a line without one is a byline or nothing
    stamp = _DIGIT.search(text) and _TIMESTAMP.fullmatch(text)
    return bool(stamp or (_BY.fullmatch(text) and not ends_sentence(text))) and not more_words_than(12, text)


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


# A sentence's end: a lowercase word and its period (`Readability counts.`), not a company's `Acme, Inc.`
_LOWER_END = re.compile(r"\s[a-z][\w'’\-]*[.!?]$")
_BARE_DATE = re.compile(rf"{_WEEKDAY}{DATE}", re.I)


def label(text: str, ctx: Context) -> bool:
    """A short line near the title (`Health`, `Business News`, a ticker chip, the page's
    `Acme, Inc.` credit), not the title itself nor a heading over a list (`Highlights`), or
    after the release's end mark (`###`), where only contact details still belong to the release."""
    if (not (ctx.header or ctx.footer) or ctx.title or ctx.continued or ctx.printed or ctx.larger or ctx.heads_list
            or more_words_than(3, text) or text.rstrip().endswith(("?", "!")) or _LOWER_END.search(text)
            or _BARE_DATE.fullmatch(text.strip())):
        return False
    return not (ctx.footer and (text.rstrip().endswith(":") or CONTACT_WORD.search(text)
                                or (ctx.contacts and is_contact_line(text))))


# A prompt opens by asking: to sign up for a newsletter, not to miss the news, to stay informed;
# or says how to leave the list. Two things together, never one word (`newsletter` in a sentence).
_NEWSLETTER = re.compile(
    r"(?:sign(?:ing)?[\s-]up|subscribe)\b.{0,80}?\b(?:newsletters?|mailing list|e-?mail (?:alerts?|updates)|bulletin)\b"
    r"|(?:never|don't|do not) miss\b.{0,100}?\b(?:sign(?:ing)?[\s-]up|subscrib)"
    r"|(?:do you )?want to (?:be|stay|keep) (?:informed|up to date|updated)\b.{0,100}?\b(?:sign[\s-]up|subscribe)\b",
    re.I,
)
_UNSUBSCRIBE = re.compile(r"you can unsubscribe\b", re.I)  # with what the list promises: `your data will not be shared`


def newsletter(text: str, ctx: Context) -> bool:
    """A newsletter prompt: a line of 15 words at most that opens by asking the reader to sign up for a newsletter,
    not to miss the news, or to stay informed, and says how (`Sign up for the CorkBeo newsletter`,
    `Never miss the latest news by signing up to our newsletter today!`, `Do you want to be informed
    of DiEM25's actions? Sign up here`), or tells how to leave it (`You can unsubscribe from this
    service at any time`, 30 words at most); never a sentence of the release that mentions a newsletter."""
    text = text.strip()
    return (bool(_NEWSLETTER.match(text)) and not more_words_than(15, text)) or \
        (bool(_UNSUBSCRIBE.match(text)) and not more_words_than(30, text))


_DISCLAIMS = re.compile(r"not responsible|expressed", re.I)  # what each of the two ways says
_CONTRIBUTORS = re.compile(
    r".{0,80}?\b(?:is|are) not responsible for (?:the |any )?(?:opinions|views|comments)\b.{0,80}?"
    r"\b(?:contributors?|readers?|users?|commenters?|bloggers?)\b"
    r"|(?:the )?(?:opinions|views) expressed\b.{0,120}?\b(?:are|is) (?:solely )?(?:those|that) of the "
    r"(?:authors?|writers?|contributors?)\b",
    re.I,
)


def publisher_disclaimer(text: str, ctx: Context) -> bool:
    """A publisher's disclaimer of what its contributors write: `NOW Grenada is not responsible for
    the opinions, statements or media content presented by contributors.`, `The views expressed are
    those of the author`; not a company's disclaimer of its own statements, which is the release's."""
    return bool(_DISCLAIMS.search(text)) and not more_words_than(40, text) and bool(_CONTRIBUTORS.match(text.strip()))


_AUTHOR = re.compile(
    r"(?:[A-Z][\w'’.\-]+\s+){1,3}(?:is|was)\s.{0,300}?\b(?:writer|editor|curator|contributor|columnist|journalist|"
    r"reporter|author|consultant|founder|blogger|correspondent|freelancer?)\b", re.S)


def author_note(text: str, ctx: Context) -> bool:
    """The author's note that closes a page: its last paragraph, set in italics whole, opening with a
    name and `is` and naming the author's trade (`Eric Song is IGN's deal curator and spends ...`)."""
    return ctx.closing and ctx.styled and not more_words_than(80, text) and bool(_AUTHOR.match(text.strip()))


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
    ("newsletter", newsletter),
    ("publisher_disclaimer", publisher_disclaimer),
    ("author_note", author_note),
    ("label", label),
)


def noise_reason(text: str, ctx: Context) -> str | None:
    """Name of the first rule that takes `text` for page noise, or None."""
    for name, rule in RULES:
        if rule(text, ctx):
            return name
    return None


def evidence(rule: Callable) -> str:
    """What a rule takes for noise, in one paragraph: its docstring's first paragraph."""
    return " ".join((rule.__doc__ or "").strip().split("\n\n")[0].split())


EVIDENCE = {name: evidence(rule) for name, rule in RULES}
"""Rule name → what it takes for noise, as `l10n segment --explain` prints it."""

CONTACT_WORD = re.compile(r"\b(?:contacts?|inquiries|enquiries|relations|further information)\b", re.I)
_SECTION = re.compile(
    r"(?:about\s|forward[\s\-]looking|safe harbou?r|cautionary|disclaimer|notes? to editors?|source\b)", re.I
)


def is_contact_line(text: str) -> bool:
    return has_address(text) or (not more_words_than(8, text) and not _SECTION.match(text))
