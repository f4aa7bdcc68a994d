"""The values that move between l10n's rooms. Imports nothing else of ours."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

# Kinds of blocks and of the units cut from them.
KINDS = ("title", "dateline", "heading", "body", "bullet", "contact")


@dataclass(frozen=True)
class Mark:
    """Inline formatting over a stretch of a block's text: bold, a link, a Word run's own format."""

    start: int
    end: int
    # character offsets in the block's text
    tag: str
    # b | i | u | s | sup | sub | code | a (a link) | f (another format of a Word run)
    value: str = ""
    # a link's address; for `f`, the writer's key to the run's properties


@dataclass(frozen=True)
class Note:
    """A remark for the reviewer anchored on a stretch of a block's text (a Word comment): shown
    beside the sentence in the catalog, never translated."""

    start: int
    end: int
    # character offsets in the text it is anchored on
    text: str
    # `comment (Jane Doe): check the head count`


@dataclass(frozen=True)
class Block:
    """One piece of the release's layout: a title, a dateline, a paragraph, a bullet ..."""

    kind: str
    # one of KINDS
    text: str
    # the block's text; lines of a wrapped paragraph joined by one space (by nothing after a word
    # hyphenated at the line end, the hyphen dropped where the whole is a word), bullet marker removed
    lines: tuple[int, ...]
    # 1-based line in the original file of each joined source line
    offsets: tuple[int, ...]
    # where each of those lines starts in `text`
    prefix: str = ""
    # layout written before the text on output: a bullet's indent and marker, a Markdown
    # heading's `## `, the space between a dateline and the paragraph it opens
    marks: tuple[Mark, ...] = ()
    # inline formatting of a release read from HTML, Markdown or Word
    tag: str = ""
    # the element it came from in such a release: h1 ... h6, p, li, td, a Word style's name
    node: int = -1
    # index of that element in the reader's order, for a writer that rebuilds the source file
    row: int = -1
    # for a table cell (td, th), the index of its row in the document, so a writer can rebuild the table
    notes: tuple[Note, ...] = ()
    # remarks for the reviewer anchored in its text

    @property
    def line(self) -> int:
        return self.lines[0]

    def line_at(self, offset: int) -> int:
        """The original line holding character `offset` of `text`."""
        return self.lines[bisect.bisect_right(self.offsets, offset) - 1]


@dataclass(frozen=True)
class Dropped:
    """A line of page noise that is not part of the release."""

    line: int
    # 1-based line in the original file
    text: str
    reason: str
    # name of the noise rule that matched


@dataclass(frozen=True)
class Document:
    """A release as read from disk: its blocks in order and the noise taken out."""

    source: Path
    encoding: str
    # codec the bytes were decoded with
    encoding_guessed: bool
    # True when no BOM or valid UTF-8 settled the encoding and it was detected
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...]
    format: str = "txt"
    # the reader that made it: txt | md | html | docx; a release is written back in its own format
    notes: tuple[str, ...] = ()
    # what the reader wants the user to know: markup it repaired, content it left out


@dataclass(frozen=True)
class Para:
    """One element of a structured release (an HTML or Word paragraph, a Markdown block), as a
    format reader hands it to the common layout rules."""

    text: str
    # its plain text; a hard line break inside it (`<br>`, Markdown's two spaces) is "\n"
    marks: tuple[Mark, ...] = ()
    # inline formatting, offsets in `text`
    tag: str = "p"
    # h1 ... h6 (a heading of that level), title, li (a bulleted item), ol (a numbered one), td, th, p ...
    line: int = 1
    # where it starts in the file (a Word paragraph's number)
    row: int = -1
    # for a table cell, the index of its row in the document
    lines: tuple[int, ...] = ()
    # the file's line of each line of `text`, where the format knows them (Markdown)
    notes: tuple[Note, ...] = ()
    # remarks for the reviewer anchored in its text (a Word comment), offsets in `text`
    number: int = 0
    # an item of a numbered list (`ol`): the number the source gives it (`<ol start="3">`, `3.` in
    # Markdown); 0 where it has none, and the item counts on from the one before


@dataclass(frozen=True)
class Unit:
    """One translation unit: a sentence, a title, a dateline or a contact line."""

    id: str
    # stable across edits elsewhere in the release: derived from the text, not its position
    kind: str
    # one of KINDS; `contact` units are kept verbatim and never machine-translated
    text: str
    block: int
    # index of the block in Document.blocks
    line: int
    # 1-based line in the original file where the unit starts
    codes: tuple[tuple[str, str], ...] = ()
    # what each of its inline tags stands for: ("a1", "https://..."), ("b", "")
    notes: tuple[str, ...] = ()
    # the remarks for the reviewer anchored on it (a Word comment), for the catalog


@dataclass(frozen=True)
class Term:
    """One concept of the termbase and its approved renderings."""

    source: str
    # the English term as releases write it: `spinal cord injury`, `NMPA`, `XellSmart`
    targets: tuple[tuple[str, str], ...]
    # (locale, approved target) pairs, e.g. ("zh_CN", "脊髓损伤"); may be empty for `dnt`.
    # A target may list admitted alternatives after the preferred one: `全球首个|全球首例`
    kind: str
    # `term` (replace with the target), `name` (proper name, fixed rendering), `dnt` (keep verbatim)
    variants: tuple[str, ...] = ()
    # other English spellings of the concept; plurals and hyphen/space forms are derived
    note: str = ""
    # guidance for the reviewer
    reference: str = ""
    # where the targets are attested (URLs), or `reason: ...`
    file: str = ""
    line: int = 0
    # where the row stands, for messages

    def target(self, locale: str) -> str:
        """The approved rendering in `locale` (the first of `|`-separated ones); `dnt` is its own."""
        return self.accepted(locale)[0]

    def accepted(self, locale: str) -> tuple[str, ...]:
        """Every rendering a reviewer may use (`全球首个|全球首例`), the preferred one first."""
        cell = dict(self.targets).get(locale, "")
        if self.kind == "dnt" and not cell:
            return (self.source,)
        return tuple(t.strip() for t in cell.split("|") if t.strip()) or ("",)


@dataclass(frozen=True)
class Match:
    """A glossary term found in a text."""

    start: int
    end: int
    # character offsets in the text
    text: str
    # the text as written there (`Spinal Cord Injury`, `INDs`)
    term: Term


@dataclass(frozen=True)
class Span:
    """A stretch of a unit that must come through translation unchanged or as its approved target."""

    start: int
    end: int
    # character offsets in the unit's text
    kind: str
    # tag (an inline tag: `<b>`, `</a1>`) | email | url | ticker | code | phone | number | dnt | term | name
    value: str
    # what the span is in the translation: itself, or a glossary term's target in the locale


@dataclass(frozen=True)
class Draft:
    """An engine's translation of one unit, for the catalog."""

    text: str
    # the translation; empty when the engine left the unit for a human
    engine: str
    # memory | argos | pseudo
    model: str = ""
    # which model or catalog it came from, for the reviewer: `en→zh 1.9`, `other-release.po`
    notes: tuple[str, ...] = ()
    # what the reviewer must know: lost spans, fallbacks
    fuzzy: bool = True
    # machine output is fuzzy until a reviewer accepts it


@dataclass(frozen=True)
class Finding:
    """A problem a quality check found in one catalog entry."""

    unit: str
    # the entry's msgid (the source sentence)
    check: str
    # the check's short name: `glossary`, `numbers` ...
    severity: str
    # error (wrong meaning, broken content) | warning (likely a problem) | info (style)
    message: str
    file: str = ""
    line: int = 0
    # where the entry stands in its catalog
