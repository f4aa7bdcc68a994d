"""A release's structure: lines to blocks (title, dateline, headings, paragraphs, bullets,
contact lines, table rows), page noise out.

A release usually arrives pasted from a news page: a weather widget, section labels, share
buttons and ads around the text. The path a page takes: `decoding` turns its bytes into text
(the format readers in `formats/` turn theirs into paragraphs), `noise` names the lines that are
not the release, and this module lays out what is left: `read` gives a `Document` whose blocks
are the release alone and whose `dropped` list says which lines were taken out by which rule.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from l10n.decoding import decode
from l10n.errors import L10nError, counted
from l10n.files import MAX_BYTES, read_bytes
from l10n.model import Block, Document, Dropped, Mark, Para
from l10n.noise import (
    CONTACT_WORD, DATE, PAGE_NUMBER, Context, ends_sentence, foreign_script, has_address, is_contact_line,
    more_words_than, noise_reason, words_of,
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_INVISIBLE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u200b": None, "\u2060": None, "\ufeff": None})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

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
    rf"(?P<place>{_PLACE})(?:,?\s*+(?P<date>{DATE}))?\s*+(?:{_DASH}\s*+)?(?P<wire>{_WIRE})?\s*+{_DASH}"
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
_CONTACT_LABEL = re.compile(r"(?:[A-Za-z&]+\s+){0,3}(?:contacts?|further information)\s*:\s*\S", re.I)
# A title pasted wrapped (`_title_goes_on`): at most this many lines, of at most TITLE_WIDTH characters.
TITLE_LINES = 4
TITLE_WIDTH = 80
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
    return more_words_than(8, text) and (len(text.strip()) >= FULL_LINE or ends_sentence(text))


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
    if len(text) > (80 if about else 60) or more_words_than(12 if about else 8, text):
        return False
    found = words_of(text)
    if not found or has_address(text) or _SOURCE.match(text):
        return False
    bare = _COMPANY_END.sub("", text) if legal and text.endswith(".") else text
    if bare.rstrip().endswith((".", "!", "?", ";", ",")):
        return False
    if about:
        return True
    return _title_cased(found) or (following is not None and not text.endswith(":") and _starts_upper(text)
                      and _starts_upper(following) and _is_prose(following))


def _title_cased(found: list[str]) -> bool:
    """Words in title case: three in four of those that are no small word (`of`, `in`) capitalized."""
    big = [w for w in found if w.lower() not in _SMALL_WORDS]
    return bool(big) and sum(w[0].isupper() or w[0].isdigit() for w in big) * 4 >= len(big) * 3


def _title_goes_on(previous: str, text: str, first: str) -> bool:
    """Whether `text`, the line right below `previous`, goes on a pasted title that `first` opens: a
    title wrapped by hand or by a mail client. Both are short (TITLE_WIDTH), `previous` ends no sentence
    nor a label (`:`), `text` is no bullet, and it goes on what is above it (a small letter first, or
    `previous` ending on a small word: `Results from` / `Its Phase 2 Trial`) or is set in the title's
    title case (`Acme Names` / `Jane Doe Chief`): a subheadline in sentence case under a title-cased
    headline (`Trial met its primary endpoint`), or a list, is no part of it."""
    last, line = previous.strip(), text.strip()
    if (len(last) > TITLE_WIDTH or len(line) > TITLE_WIDTH or ends_sentence(last) or last.endswith(":")
            or _BULLET.match(text)):
        return False
    tail = words_of(last[-40:])
    return (line[:1].islower() or bool(tail) and tail[-1].lower() in _SMALL_WORDS
            or _title_cased(words_of(first)) and _title_cased(words_of(line)))


def _is_contact_heading(text: str, in_contacts: bool) -> bool:
    """`Media Contact:`, `Investor Relations`, `Further information:`; inside a contact section also `Investors:`."""
    named = CONTACT_WORD.search(text)
    if not (named or in_contacts) or more_words_than(5, text) or has_address(text):
        return False
    return bool(named) or (text.endswith(":") and not more_words_than(3, text))


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
        return not (last.endswith(":") or (ends_sentence(last) and len(last) > WRAP_WIDTH) or _FIELD.match(text.strip()))


def _hyphenated(line: str) -> re.Match[str] | None:
    """The word a hyphen cuts at the end of `line` (`medi-`, `off-the-`), looked for in its tail only."""
    return _HYPHEN_END.search(line[-80:]) if line.endswith("-") else None


def _joined(last: str, first: str, words: frozenset[str] | None) -> str | None:
    """How `last` and the next line's `first` join when `last` ends in a word cut by a hyphen:
    `medi-` + `cines` → `medi` (the hyphen out: `medicines` is a word); `off-the-` + `shelf` →
    `off-the-` (a compound); a number cut at its dash goes on without a space (`2018–` + `23–51`,
    `737–` + `9`); None otherwise."""
    if words is not None and last[-2:-1].isdigit() and last[-1:] in "-–" and first[:1].isdigit():
        return last
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
    if ends_sentence(last):
        return full and len(last) <= WRAP_WIDTH
    return full


def _heading_at(text: str, below: str | None, following: str | None, width: int) -> bool:
    """`text` is a heading where it stands: heading-shaped, and not the first line of a paragraph
    wrapped onto the line `below` (it would end mid-sentence); `following` is the line after its run."""
    if below is not None and not ends_sentence(text) and _continues(text, below, width):
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
    # Sentences, most lines without an address or a phone: the contact section has ended.
    if in_contacts and _is_sentence_paragraph(" ".join(line.text.strip() for line in group)) \
            and sum(has_address(line.text) for line in group) * 2 < len(group):
        in_contacts = False

    def flush() -> None:
        nonlocal paragraph, bullet
        if paragraph:
            block = _block("body", paragraph, words=layout.words, indent=layout.wrapped)
            contact = _CONTACT_LABEL.match(block.text) and has_address(block.text)
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
        if len(paragraph) == 1 and paragraph[0].number == layout.dateline and text.lstrip().startswith(_DASHES):
            paragraph.append(line)  # the dateline's dash on the next line: one dateline (`_dash_below`), no bullet
            continue
        if bullet and not marker and (text[:1].isspace() or (layout.wrapped and layout.goes_on(bullet[1][-1].text, text))):
            bullet[1].append(line)  # its wrapped line: indented, or the item's sentence goes on
            continue
        if marker:
            flush()
            bullet = (marker["prefix"], [_Line(line.number, text[marker.end():])])
            continue
        if (paragraph and layout.goes_on(paragraph[-1].text, text, listing)
                and not (layout.wrapped and ends_sentence(paragraph[-1].text)
                         and _heading_at(text, below, following, layout.width))):
            paragraph.append(line)
            continue
        listing = layout.wrapped and (listing or bool(paragraph and paragraph[-1].text.rstrip().endswith(":")))
        flush()
        if line.number == layout.dateline:
            paragraph.append(line)
        elif (in_contacts and blocks and blocks[-1].kind == "contact" and blocks[-1].lines[-1] == line.number - 1
              and not text.rstrip().endswith(":") and is_contact_line(text)):
            blocks.append(_block("contact", [line]))  # a department or a title inside an address
        elif _is_contact_heading(text.strip(), in_contacts):
            blocks.append(_block("heading", [line]))
            in_contacts = True
        elif in_contacts and is_contact_line(text):
            blocks.append(_block("contact", [line]))
        elif _CONTACT_LABEL.match(text.strip()):
            paragraph.append(line)  # `CONTACT: Jane Doe, jane@acme.com`, maybe wrapped: a contact unit with an address
        elif _FIELD.match(text.strip()) and not (below and below.lstrip()[:1].islower()):
            blocks.append(_block("body", [line]))  # `Date: Dec. 5, 2025`; one whose value goes on below is a paragraph
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
    return more_words_than(11, text) and (any(mark in text for mark in (". ", "? ", "! ")) or ends_sentence(text))


_DASHES = ("--", "—", "–", "- ")


def _dash_below(lines: list[_Line], index: int) -> bool:
    """The dateline's dash opens the next line (`SAN DIEGO, March 3, 2026 /PRNewswire/` over
    `-- Acme ...`, as a PDF wraps it): the two make a dateline that ends past the first."""
    if index + 1 >= len(lines) or lines[index + 1].number != lines[index].number + 1:
        return False
    below = lines[index + 1].text.lstrip()
    if not below.startswith(_DASHES):
        return False
    text = lines[index].text.strip()
    found = match_dateline(f"{text} {below}")
    return bool(found) and found.end() > len(text)


def _body_start(lines: list[_Line], lang: str, printed: bool = False) -> int:
    """Index of the first body line: the dateline, else the first line that reads as prose; on a
    printed page, whose narrow columns may hold no long line, the first that does with the lines
    wrapped below it."""
    anywhere = Context(lang, header=False, title=False)
    for index, line in enumerate(lines):
        if match_dateline(line.text.strip()) or _dash_below(lines, index):
            return index
    for index, line in enumerate(lines):
        text = _wrapped_below(lines, index) if printed else line.text
        if _is_sentence_paragraph(text) and not foreign_script(text, anywhere):
            return index
    return 0


def _wrapped_below(lines: list[_Line], index: int, most: int = 6) -> str:
    """The line at `index` with the lines right below it (no blank between), `most` in all."""
    run = [lines[index]]
    while len(run) < most and index + len(run) < len(lines) and lines[index + len(run)].number == run[-1].number + 1:
        run.append(lines[index + len(run)])
    return " ".join(line.text.strip() for line in run)


def _title_index(lines: list[_Line], body_start: int, contexts: list[Context],
                 larger: frozenset[int] = frozenset(), pasted: bool = False) -> int | None:
    """The first header line set larger than the body (a printed page's), else the first of four words
    or more that no rule takes for noise and that is no bullet (subtitles often are), else (`pasted`)
    the first that opens a title of four words or more wrapped over short lines, else the longest."""
    candidates = [i for i in range(body_start)
                  if noise_reason(lines[i].text, contexts[i]) is None and not _BULLET.match(lines[i].text)]
    if not candidates:
        return None
    found = next((i for i in candidates if lines[i].number in larger),
                 next((i for i in candidates if more_words_than(3, lines[i].text)), None))
    if found is None and pasted:
        found = next((i for i in candidates if more_words_than(3, " ".join(
            lines[n].text for n in _title_run(lines, i, body_start, contexts, pasted)))), None)
    return found if found is not None else max(candidates, key=lambda i: len(lines[i].text))


def _title_run(lines: list[_Line], title: int, body_start: int, contexts: list[Context], pasted: bool) -> list[int]:
    """Indices of the title's lines: the line at `title` and the lines right below it, with no blank
    between, that no rule takes for noise; in a pasted release only those of a wrapped title
    (`_title_goes_on`, TITLE_LINES at most)."""
    run = [title]
    for i in range(title + 1, body_start):
        if (lines[i].number != lines[i - 1].number + 1 or noise_reason(lines[i].text, contexts[i])
                or pasted and (len(run) == TITLE_LINES
                               or not _title_goes_on(lines[i - 1].text, lines[i].text, lines[title].text))):
            break
        run.append(i)
    return run


def _page_key(text: str) -> str:
    """A line as a running header or footer repeats it: digits aside (`Page 2`, a date), spaces as one."""
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


def _running(lines: list[_Line], fed: list[int]) -> dict[int, str]:
    """Lines of a paged release (page numbers or form feeds) that come back on its pages at the
    top ("header") or bottom ("footer") of a page: each copy one of the two lines after a page
    break or the start, or before one or the end. `fed`: the lines that hold a form feed."""
    breaks = [i for i, line in enumerate(lines) if PAGE_NUMBER.fullmatch(line.text.strip())]
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
        if len(where) < 2 or not key.strip("# ") or PAGE_NUMBER.fullmatch(lines[where[0]].text.strip()):
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


def parse(text: str, lang: str = "en", printed: bool = False,
          larger: frozenset[int] = frozenset()) -> tuple[list[Block], list[Dropped]]:
    """Blocks and dropped noise of a release's text; line numbers count from 1 as in the file.
    `printed`: the text of a printed page (a PDF), whose reader knows the `larger` lines, set larger
    than its body text (`Context.printed`, `Context.larger`)."""
    return _parse(text, lang, wrapped=True, printed=printed, larger=larger)


def _parse(text: str, lang: str, wrapped: bool, styled: frozenset[int] = frozenset(),
           closing: frozenset[int] = frozenset(), printed: bool = False,
           larger: frozenset[int] = frozenset(),
           listed: frozenset[int] = frozenset()) -> tuple[list[Block], list[Dropped]]:
    """`parse`, and for a structured release the lines its source sets in italics whole, those of
    its last paragraph and its headings over a list (`Context.styled`, `Context.closing`,
    `Context.heads_list`)."""
    text = unicodedata.normalize("NFC", text)
    split = _LINE_BREAK.split(text)
    raw = [line.translate(_INVISIBLE).rstrip() for line in split]
    lines = [_Line(number, line) for number, line in enumerate(raw, start=1) if line.strip()]
    body_start = _body_start(lines, lang, printed)
    fed = [number for number, line in enumerate(split, start=1) if "\f" in line]  # form feeds: page breaks
    running = _running(lines, fed)
    table = _tables(lines[body_start:]) if wrapped else frozenset()  # a structured release has its own tables
    tails = _bullet_tails(lines)

    def context(line: _Line, follows: bool = False, **where) -> Context:
        return Context(lang, running=running.get(line.number, ""), table=line.number in table,
                       continued=follows or line.number in tails, styled=line.number in styled,
                       closing=line.number in closing, printed=printed, larger=line.number in larger,
                       heads_list=line.number in listed, **where)

    contexts = [context(line, header=False, title=False) for line in lines[:body_start]]  # the title's candidates
    pasted = wrapped and not printed  # a printed page's reader has joined a title set larger already
    title = _title_index(lines, body_start, contexts, larger, pasted)
    title_lines = {lines[i].number for i in _title_run(lines, title, body_start, contexts, pasted)} \
        if title is not None else set()
    # the lines right below the title, with no blank between: a subheadline or subtitle bullets, no labels
    under_title = {lines[i].number for i in _title_run(lines, title, body_start, contexts, False)} \
        if title is not None else set()
    end = next((i for i, line in enumerate(lines) if i > body_start and _END_MARK.fullmatch(line.text)), len(lines))

    kept: list[_Line] = []
    dropped: list[Dropped] = []
    contacts = False
    for index, line in enumerate(lines):
        # the end of a line wrapped in the header (a subtitle's last word) is no label
        above = kept[-1] if kept and kept[-1].number == line.number - 1 else None
        follows = above is not None and index < body_start and _continues(above.text, line.text, WRAP_WIDTH)
        ctx = context(line, follows, header=index < body_start, title=line.number in under_title, footer=index > end,
                      contacts=contacts)
        reason = noise_reason(line.text.strip(), ctx)
        if reason:
            dropped.append(Dropped(line.number, line.text.strip(), reason))
        else:
            kept.append(line)
        # after the end mark, the names and addresses under a contact heading are the release's
        contacts = not reason and (_is_contact_heading(line.text.strip(), contacts)
                                   or (contacts and is_contact_line(line.text.strip())))

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
        if group[0].number < body_line:
            # the title's lines a block, and the header's lines above and below it (a subheadline) others
            for is_title, part in itertools.groupby(group, lambda line: line.number in title_lines):
                part = list(part)
                if any(_BULLET.match(line.text) for line in part):
                    blocks += _body_blocks(part, False, layout)[0]  # subtitle bullets
                    continue
                marker = _MD_HEADING.match(part[0].text)
                if marker:
                    part = [_Line(part[0].number, part[0].text[marker.end():])] + part[1:]
                blocks.append(_block("title" if is_title else "heading", part, marker["prefix"] if marker else "",
                                     layout.words, wrapped))
            continue
        # A printed page's paragraph is as wide as its column: a narrow column's lines are full lines.
        column = replace(layout, width=max(len(line.text.strip()) for line in group)) if printed and len(group) > 1 \
            else layout
        found, in_contacts = _body_blocks(group, in_contacts, column, following)
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
    italic = {index for index, para in enumerate(paras) if _italic(para)}
    styled = frozenset(n for n, (index, _, _) in where.items() if index in italic)
    closing = frozenset(n for n, (index, _, _) in where.items() if index == len(paras) - 1)
    # A heading over a list (`Highlights` above its bullets) opens a section: never a site's label.
    heads = {index for index, (para, after) in enumerate(zip(paras, paras[1:]))
             if _HEADING_TAGS.get(para.tag) == "heading" and after.tag in LIST_ITEMS}
    listed = frozenset(n for n, (index, _, _) in where.items() if index in heads)
    blocks, dropped = _parse("\n".join(lines), lang, wrapped=False, styled=styled, closing=closing, listed=listed)
    # A table's cell and preformatted text (code, a poem) are the source's own: no page noise.
    cells = [d for d in dropped if paras[where[d.line][0]].tag in (*CELLS, "pre") or not noise]
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
    notes = _block_marks(blocks, paras, where, lines, "notes")
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
        if para.tag == "label":  # a chart's or a diagram's text (`Boston`, `Category 1`): words, never a heading
            kind = "body"
        prefix = block.prefix
        if para.tag == "ol":  # the source's number, else numbered from the item before it (a list restarts after other blocks)
            previous = result[-1] if result and result[-1].tag == "ol" else None
            number = para.number or (int(previous.prefix.split(".")[0]) + (previous.node != node) if previous else 1)
            prefix = f"{number}. "
        elif kind == "bullet" and not prefix.strip():
            prefix = "- "
        result.append(replace(block, kind=kind, prefix=prefix, marks=marks[index], notes=notes[index],
                              tag=para.tag, node=node, row=para.row, lines=tuple(where[n][2] for n in block.lines)))
    return result, [replace(d, line=where[d.line][2]) for d in dropped]


def _italic(para: Para) -> bool:
    """Whether italics cover all of the element's text but its edges' spaces."""
    text = para.text.strip()
    start = len(para.text) - len(para.text.lstrip())
    return bool(text) and any(m.tag == "i" and m.start <= start and m.end >= start + len(text) for m in para.marks)


def _normalized(para: Para) -> Para:
    """The element's text as parse() will see it (NFC, invisible characters out), its marks moved
    along: each stretch between two mark boundaries is normalized on its own."""
    cuts = sorted({0, len(para.text), *(p for m in (*para.marks, *para.notes) for p in (m.start, m.end))})
    moved, parts, length = {}, [], 0
    for left, right in zip(cuts, cuts[1:]):
        moved[left] = length
        parts.append(unicodedata.normalize("NFC", para.text[left:right]).translate(_INVISIBLE))
        length += len(parts[-1])
    moved[len(para.text)] = length
    marks = tuple(replace(m, start=moved[m.start], end=moved[m.end]) for m in para.marks if moved[m.start] < moved[m.end])
    # a note stays even where its stretch normalizes to nothing (a comment on a lone space)
    notes = tuple(replace(n, start=moved[n.start], end=max(moved[n.end], moved[n.start] + 1)) for n in para.notes)
    return replace(para, text="".join(parts), marks=marks, notes=notes)


def _block_marks(blocks: list[Block], paras: list[Para], where: dict[int, tuple[int, int, int]],
                 lines: list[str], field: str = "marks") -> list[tuple[Mark, ...]]:
    """For each block, the marks (or the notes, `field`) of its element that fall inside it, in the block's offsets.

    An element's marks are swept once over its blocks, in the order of their place in it, so that each
    block looks at the marks over its own stretch: one paragraph of 10,000 lines, each a block, and
    10,000 links costs n log n, not n².
    """
    result: list[tuple[Mark, ...]] = [()] * len(blocks)
    by_element: dict[int, list[tuple[int, list[tuple[int, int, int]]]]] = {}
    for index, block in enumerate(blocks):
        node = where[block.line][0]
        if getattr(paras[node], field):
            pieces = _pieces(block, where, lines)
            if pieces:
                by_element.setdefault(node, []).append((index, pieces))
    for node, found in by_element.items():
        marks = getattr(paras[node], field)
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


# --- reading

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
        raise L10nError(nothing_left(dropped), path)
    return Document(path, codec, guessed, tuple(blocks), tuple(dropped))


def nothing_left(dropped: list[Dropped], what: str = "line", furniture: bool = False) -> str:
    """Why a release read gave no block: its lines were all page noise (and, for a printed page,
    furniture), or, when nearly all were in another script, it is not an English release at all
    (a Korean weather widget and an ad are still page noise)."""
    if dropped and sum(d.reason == "foreign_script" for d in dropped) >= 0.8 * len(dropped):
        return (f"is not in English: {counted(len(dropped), what)} in another script; l10n localizes releases "
                "written in English")
    return (f"no release text left after removing {counted(len(dropped), what)} of page noise"
            f"{' and furniture' if furniture else ''}; check that this is the press release (`l10n segment --json` "
            "lists what was dropped)")
