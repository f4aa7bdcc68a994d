"""PDF releases: the text of the pages, page furniture out, handed to the text-release rules.

A PDF release is a text release laid out on pages: the reader takes each page's text lines in
reading order, removes what the pages repeat (running header and footer, page numbers, a
confidentiality line), joins what the page breaks cut (a paragraph, a hyphenated word), and
hands the text, a blank line between paragraphs, to `document.parse`, which finds the title,
dateline, headings, paragraphs and contacts as in a `.txt` release. A PDF is read, never
written: a localized PDF release is written as text (or Markdown, HTML).

The library: pypdf, chosen over pdfminer.six on `bench/pdf.py`'s ten fixtures (fpdf2 pages whose
lines are known; share of the lines read exactly, after the clean-up below): pypdf 95%,
pdfminer.six 95% (97% with `char_margin=8`), this reader 100%. Both get ragged, hyphenated,
bulleted, two-column, core-font and word-by-word pages right. pdfminer.six tears justified
lines apart (the wide gaps fpdf2 and Word draw between a justified line's words exceed its
`char_margin`: 82% of those lines) and reads a letter-spaced heading as `P R E S S R E L E A S E`
with either setting; pypdf reads both as drawn. pypdf is about three times as fast (1.4 ms a
page against 4.2), and it is the one that bounds its work: decompressed stream sizes, array and
page-tree sizes, content-stream parsing work and form XObject invocations are limits of its
`Configuration`, set lower here (`LIMITS`), while pdfminer.six inflates any Flate stream whole
(a 40 KB file holding a 40 MB stream is read to the end, 166 MB at peak).

The second reader. On PDFs nobody here wrote (`bench/wild_pdf.py`, `tests/data/wild/pdf/`),
pypdf reads some pages as nothing or as garbage where pdfminer.six reads them whole: a TrueType
font whose encoding pypdf maps wrongly (`o(hô..i.p3xSTR` for a table of names), a LaTeX CID font
whose code 32 is no space, so pypdf's word gaps inside a `TJ` array are lost
(`WhatisEarthScience?`), a file whose cross-reference table pypdf cannot find. So a page that
pypdf reads poorly (no text, a third of its characters unreadable, too few common English words
among its words, or words nine letters long on average, as words run together are: `_poor`) is
read again by pdfminer.six, and the reading with more common words wins (`_better`). pdfminer.six runs in a child process (`python -m l10n.formats.pdf`) whose
address space and CPU time the operating system caps (`MINER_MEMORY`, the time left of
`MAX_SECONDS`), so its unbounded inflation ends at the cap: the fallback is bounded as pypdf is.
Both readers hand the same thing to one line builder: pieces of upright text with their start,
end (advance width) and size on the page as it is shown (the page's /Rotate applied).

Pieces. pypdf's text visitor gives each run of text with its matrices and font: it starts where
the runs shown before it from the same text position end (pypdf does not move the position by
what it shows), and ends after the advance widths of its characters in its font (pypdf's own font
model) plus what the visitor does not say, read from the operators (`_Spacing`: character and
word spacing, a TJ array's offsets, horizontal scaling). A piece from pdfminer.six is a run of
characters whose boxes touch. Text is read upright as the page is shown; a page with none that
way is read as drawn (a /Rotate set on an upright page), or else turned by a quarter or a half (a
label set sideways, alone on its page). A watermark or a note set at an angle beside upright text
is not read, nor is mirrored text.

Lines. The pieces on one baseline are one line, in order from the left, whatever order they
were drawn in (`Big` / `Small` / `Text` / `Text`, two lines drawn word by word in turn, reads
`Big Text` and `Small Text`): a piece joins the line drawn just before it when its baseline is
within 0.8 font sizes of it (a superscript stays on its line, as in pypdf), or an earlier line
of the last few when it stands on that line's baseline right where that line ends. Between two
pieces of a line a gap wider than `SPACE` font sizes is a word space (pdfminer.six's
`word_margin` and poppler's rule), and so is a piece drawn half a size into the one before; a gap
wider than `COLUMN_GAP` font sizes cuts the line (two columns, a table's cells,
a title and a date at the two ends of one baseline). A piece drawn again over itself (fake bold,
a shadow) is read once. A line's size is the one most of its characters have, capitals set
smaller on the baseline of lower-case text counted at that text's size: small capitals (`in the
FOR FURTHER INFORMATION`) are no smaller line, so no paragraph break comes before them.
Per page:

- reading order: pypdf follows the drawing order, right for what Word, browsers and most
  generators write; but a page drawn out of order (the footer first, a text frame placed
  later) is read top to bottom: the lines fall into runs that go down the page line by line (a
  drop of `RUN_DROP` sizes, to a footer, starts another), and when no two runs stand side by
  side (overlap in height), the runs are sorted from the top. Where two do (columns, a table),
  the drawing order stays.
- a blank line (a paragraph break for the text rules) where the gap to the line above is over
  1.3 times the document's usual line pitch for the font size, where the font size changes,
  where the next line stands higher (a new column) unless a sentence goes on into it (no
  sentence end above, a small letter starting it), or at a first-line indent (a line indented
  after one that ends a sentence, the line below it back at the margin).
- text cleaned: runs of spaces (a justified line's wide gaps) one space, ligature characters
  (`ﬁ` U+FB01 ...) spelled out, control characters out, soft hyphens out (one at a line end
  joins the next line's first word to it: the producer marked a hyphenation point).
- a line that continues a bullet item (it starts right of the bullet's marker, under the item's
  text) is indented, which is how the text rules know a bullet's wrapped line.

Page furniture, by rule (`Dropped` reasons), looked for at a page's three top and three bottom
heights (the lines of one height together: a page number beside a footer's text):

- `page_number`: `3`, `- 3 -`, `Page 3`, `Page 3 of 5`, `3/5`, `p. 3`; a bare number only where
  it is the page's own or goes up with the pages at a fixed offset;
- `page_header`, `page_footer`: a line that comes back at the top (bottom) of most pages (at
  least two, more than half) at the same height, compared with digits ignored (so `Printed
  03/03/2026` lines match) but holding a word (a date alone, a table's cell, is no header), and
  with nothing but furniture between it and the page's edge: a table's heading row repeated
  under each page's own title is no header;
- `confidential`: a confidentiality or embargo line (`Confidential`, `Embargoed until ...`,
  `Not for distribution`) that comes back on two pages at the same height, or opens a line at
  the top or bottom of a one-page release; never a sentence that mentions confidentiality.

Page breaks. The last line of a page and the first of the next one that holds text are one
paragraph unless the last line ends a sentence (`.`, `!`, `?`, maybe before a closing quote or
bracket); then a blank line is put between them. A word hyphenated across the break (`pa-` /
`tients,`) is joined without the hyphen when the joined word (`patients`) is a word: it appears
elsewhere in the release, or in l10n's lists of common and biotech words; else the hyphen stays
(`off-the-` / `shelf` stays `off-the-shelf`, `self-` / `reported` stays `self-reported`, and so
does `Sino-` / `American`: a capital after the hyphen); the fragment moves up to the line
before the break. Within a page, joining wrapped lines and hyphenated words is the text rules'
business.

Footnotes. A page's footnotes are taken out of its flow, so that the paragraph the page break
cuts reads on across it, and put after that paragraph, one paragraph each (`footnotes`): lines
set smaller than the body text (half a point and more), below the last body line of their
column, the first opening with a marker (`1 Preliminary ...`, `* As of ...`) that the body text
on the page sets after a word or its punctuation (`Reports 1 from`, `alert,5`: a superscript
read inline); the lines going down the column under it are the note's, and so are those at the
foot of the next column while its sentence goes on. A small line with no such marker above it
(a caption, a table's note) stays where it stands.

Titles. The lines of one paragraph set in a font larger than the release's body text (a title
wrapped over three lines, a heading over two) are handed on as one line, so the text rules see
the title whole (they find a dateline whose dash went to the next line themselves).

Line numbers. A `#: release.pdf:N` reference, a block's `lines` and a `Dropped.line` count the
PDF's text lines: N is the Nth line of text of the document in reading order, from the first
page's first line, the header, footer and page-number lines included and blank lines not
(what a reader counts going down the pages).

Refused, each with one L10nError line: a file that is not a PDF, a damaged or truncated one
that neither reader opens, an encrypted one that needs a password to open (one with only an
owner password, which opens without one, is read), one with more than `MAX_PAGES` pages, one
over a pypdf limit or whose reading takes over `MAX_SECONDS`, and one with no text layer (a
scan) or whose fonts map no glyph to a character, in either reader.
"""

from __future__ import annotations

import io
import json
import logging
import math
import os
import re
import statistics
import struct
import subprocess
import sys
import time
import unicodedata
import warnings
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from l10n.document import WORDS, nothing_left, parse
from l10n.errors import L10nError
from l10n.model import Document, Dropped

# A release is a few pages; an annual report is not a release, and every page costs time.
MAX_PAGES = 200
# Reading stops past this (checked between pages; each page is bounded by LIMITS), the second
# reader included.
MAX_SECONDS = 20.0
# pypdf's own bounds (pypdf.Configuration), lower than its defaults: a release's content stream
# is tens of kilobytes, and its text extraction never decodes images.
LIMITS = {
    "zlib_maximum_output_length": 16 * 2**20,
    "lzw_maximum_output_length": 16 * 2**20,
    "run_length_maximum_output_length": 16 * 2**20,
    "brotli_maximum_output_length": 16 * 2**20,
    "array_based_stream_maximum_output_length": 16 * 2**20,
    "maximum_declared_stream_length": 64 * 2**20,
    "stream_decoding_work_maximum_length": 64 * 2**20,
    "stream_parsing_work_maximum_count": 500_000,
    "page_tree_maximum_entries": 10 * MAX_PAGES,
    "page_tree_maximum_depth": 32,
    "page_tree_maximum_page_entries": 100 * MAX_PAGES,
    "xform_maximum_invocations_per_extraction": 500,
}
# The second reader's address space: Python and pdfminer.six take 46 MB; a stream it inflates
# past this ends the child, not the machine.
MINER_MEMORY = 512 * 2**20
# How many lines at the top and at the bottom of a page may be furniture.
ZONE = 3
# A gap this many times the usual line pitch is a paragraph break.
PARAGRAPH_GAP = 1.3
# A gap between two pieces of a line this many font sizes wide is a word space: pdfminer.six's
# `word_margin` and poppler's rule (0.15 reads the wild corpus the same).
SPACE = 0.1
# A gap this many font sizes wide cuts a line in two: no word space is that wide, even in a
# justified line; columns, a table's cells and a date set flush right are.
COLUMN_GAP = 3.0
# A line this many font sizes below the one before it starts another run of lines (`_reading_order`):
# a paragraph's gap is under two.
RUN_DROP = 3.0
# How many lines back a piece may go to find the line whose baseline it continues.
LOOKBACK = 4

_LIGATURES = str.maketrans({c: unicodedata.normalize("NFKC", c) for c in "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BULLET = re.compile(r"\s*[•●○◦▪▫■□‣⁃∙·*\-–—]\s")
# Each run of spaces taken whole (`\s*+`): what may follow it is no space, and giving spaces back to
# the next `\s*` could only end at the same place, once for every space.
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|pg\.?|seite|페이지|第)?\s*+[-–—]?\s*+\d{1,4}\s*+[-–—]?\s*+(?:(?:of|/|von|\|)\s*+\d{1,4})?\s*+(?:页|쪽)?",
    re.I,
)
_BARE_NUMBER = re.compile(r"\d{1,4}")
_CONFIDENTIAL = re.compile(
    r"\b(?:confidential|embargo(?:ed)?|not for (?:publication|distribution|release)|strictly (?:private|confidential)|"
    r"for internal use|do not (?:distribute|forward))\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
# A footnote's marker opening its first line, and the same marker set after a word or its punctuation
# in the body (a superscript read inline: `Reports 1 from`, `alert,5`, `sales.*`).
_NOTE_MARK = re.compile(r"(\d{1,3}|[*†‡§¶]{1,3})\s?(?=[^\W\d_]|[‘“\"'(])")
_CITED = re.compile(r"(?:[^\W\d_]|[,.;:)\]’”\"'])\s?(\d{1,3}|[*†‡§¶]{1,3})(?![\d*†‡§¶])")
_HYPHENATED = re.compile(r"(?<![^\W\d_])([^\W\d_]++)-$")  # from a word's first letter: searched from each, it was n²
_CONTINUED = re.compile(r"([^\W\d_]+)(\S*)\s*")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# The commonest English words: any page of English prose is made of them (four words in ten),
# while words run together (`WhatisEarthScience`) or glyphs read through the wrong encoding
# (`o(hô..i.p3xSTR`) match none. With l10n's biotech words, they score a page's reading.
COMMON = frozenset(
    "a about after all also an and any are as at be been before between both but by can could did do does during "
    "each for from had has have he her his how i if in into is it its may more most new no not now of on one only "
    "or other our out over said she should so some such than that the their them then there these they this those "
    "through to two under up us was we were what when where which while who will with would you your".split()
)
_KNOWN = COMMON | WORDS
# A page read with fewer known words than this share of its words (twenty or more) may have been
# misread, and one with more letters a word than this may have its words run together.
POOR_SHARE = 0.15
RUN_TOGETHER = 9

# What pypdf raises on a damaged file: its own errors, and the plain exceptions its parser lets
# through on malformed objects (a missing key, a wrong type, bad compressed data, deep nesting, an
# unknown filter name). Found by mutating fixture PDFs (tests/test_pdf.py, `test_mutated_pdfs`).
PDF_ERRORS = (ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError, RecursionError,
              OverflowError, ZeroDivisionError, UnicodeError, NotImplementedError, zlib.error, struct.error)


@dataclass(frozen=True)
class Piece:
    """A run of upright text as a reader found it drawn, on the page as it is shown (y up)."""

    text: str
    x: float
    # where it starts on its baseline, in points from the left
    y: float
    # its baseline, in points from the bottom
    end: float
    # where its last glyph ends
    size: float
    # font size in points


@dataclass(frozen=True)
class Line:
    """One line of text as a page shows it."""

    text: str
    # cleaned: one space between words, ligatures spelled out
    page: int
    # 1-based page number
    y: float
    # baseline height from the bottom of the page, in points
    x: float
    # left edge, in points
    size: float
    # font size in points (the one most of its characters have)
    number: int = 0
    # 1-based count over the document's lines, in reading order (what `#:` references say)


def _check_bytes(data: bytes, path: Path) -> None:
    """Refuse what is no PDF or a PDF cut short, before a parser tries to repair it."""
    if not data.strip():
        raise L10nError("the file is empty; give the release's PDF or its text", path)
    if b"%PDF-" not in data[:1024]:
        raise L10nError("is not a PDF (no %PDF- header at its start); give the release's PDF, or its text as .txt",
                        path)
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\x0c\r ")[-1024:]:
        raise L10nError("is damaged: it ends before the PDF's end marker (%%EOF), as a download cut short does; "
                        "download or export it again", path)


def _damaged(path: Path, error: BaseException) -> L10nError:
    from pypdf.errors import LimitReachedError

    if isinstance(error, LimitReachedError):
        return L10nError(f"goes over a safety limit while being read ({error}): a damaged PDF or one built to "
                         "exhaust memory; export the release again or give its text", path)
    detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
    return L10nError(f"is a damaged PDF that cannot be read ({detail}); open it in a PDF viewer and save or "
                     "export it again, or give the release's text", path)


def _clean(text: str) -> str:
    text = _CONTROL.sub("", text.translate(_LIGATURES))
    return _SPACES.sub(" ", text).strip()


# --- pieces: pypdf ---------------------------------------------------------------------------


def _mult(m: list[float], n: list[float]) -> list[float]:
    """The matrix that applies `m`, then `n` (PDF's row-vector convention)."""
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def _shown(page, rotation: int) -> list[float]:
    """From the page's user space to the page turned by `rotation` degrees clockwise (its /Rotate: as
    a viewer shows it), y up."""
    box = page.mediabox
    x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)
    return {90: [0.0, -1.0, 1.0, 0.0, -y0, x1], 180: [-1.0, 0.0, 0.0, -1.0, x1, y1],
            270: [0.0, 1.0, -1.0, 0.0, y1, -x0]}.get(rotation, [1.0, 0.0, 0.0, 1.0, -x0, -y0])


def _advances(font) -> tuple[dict[str, float], float]:
    """Each character's advance width in `font` (a font dictionary), in thousandths of the font
    size, and the width taken for a character it does not list: pypdf's font model, its widths
    keyed by character code, turned around to the characters the codes are read as."""
    from pypdf.errors import PyPdfError
    from pypdf.generic._font import Font  # pypdf's text extraction measures with it too

    try:
        described = Font.from_font_resource(font)
    except (PyPdfError, *PDF_ERRORS):
        return {}, 500.0
    encoding, characters = described.encoding, described.character_map
    widths: dict[str, float] = {}
    for code, width in described.character_widths.items():
        if code == "default" or not isinstance(width, (int, float)) or len(code) != 1:
            continue
        read = encoding.get(ord(code), code) if isinstance(encoding, dict) else code
        shown = characters.get(read, read)
        if isinstance(shown, str):
            widths.setdefault(shown, float(width))
    default = described.character_widths.get("default")
    if not isinstance(default, (int, float)) or default <= 0:
        default = statistics.median(widths.values()) if widths else 500.0
    return widths, float(default)


class _Spacing:
    """What pypdf's text visitor leaves out of a piece's reach, taken from the operators as they
    are read: character spacing (Tc) on each code, word spacing (Tw) on each single-byte space,
    a TJ array's offsets (kerning, justification), and horizontal scaling (Tz), with the graphics
    state's saves and restores (q/Q, and around a form XObject's Do)."""

    def __init__(self) -> None:
        self.state = {b"Tc": 0.0, b"Tw": 0.0, b"Tz": 100.0, b"Tf": 12.0}
        self.saved: list[dict[bytes, float]] = []
        # since the last piece: Tc times the bytes shown, Tw times the spaces shown, the TJ offsets
        # (text space), and the Tc of the last glyph, which moves what follows but not the glyph
        self.codes = self.spaces = self.offsets = self.last = 0.0

    def _count(self, string) -> None:
        string = getattr(string, "original_bytes", string)  # a string pypdf decoded keeps its bytes
        if isinstance(string, bytes) and string:
            self.codes += self.state[b"Tc"] * len(string)
            self.spaces += self.state[b"Tw"] * string.count(b" ")
            self.last = self.state[b"Tc"]

    def before(self, operator: bytes, operands: list, cm, tm) -> None:
        numbers = [float(v) for v in operands if isinstance(v, (int, float))]
        if operator in (b"q", b"Do") and len(self.saved) < 64:  # deeper nesting, an attack's: unsaved
            self.saved.append(dict(self.state))
        elif operator == b"Q" and self.saved:
            self.state = self.saved.pop()
        elif operator in (b"Tc", b"Tw", b"Tz") and numbers:
            self.state[operator] = numbers[0]
        elif operator == b"Tf" and numbers:
            self.state[b"Tf"] = numbers[-1]
        elif operator in (b"Tj", b"'") and operands:
            self._count(operands[0])
        elif operator == b'"' and len(operands) >= 3 and len(numbers) >= 2:
            self.state[b"Tw"], self.state[b"Tc"] = numbers[:2]
            self._count(operands[2])
        elif operator == b"TJ" and operands and isinstance(operands[0], list):
            for item in operands[0]:
                if isinstance(item, (int, float)):
                    self.offsets -= float(item) / 1000 * self.state[b"Tf"]
                else:
                    self._count(item)

    def after(self, operator: bytes, operands: list, cm, tm) -> None:
        if operator == b"Do" and self.saved:
            self.state = self.saved.pop()

    def take(self, font) -> float:
        """How much further than its glyphs' widths the piece just shown reaches, to the end of its
        last glyph, in text space before Tz; the count starts again. A composite font's codes take
        two bytes, and word spacing applies to single-byte codes only."""
        composite = font is not None and font.get("/Subtype") == "/Type0"
        extra = self.codes / (2 if composite else 1) - self.last + (0.0 if composite else self.spaces) + self.offsets
        self.codes = self.spaces = self.offsets = self.last = 0.0
        return extra


def _pypdf_pieces(page, rotation: int) -> list[Piece]:
    """The text upright on the page turned by `rotation` degrees, as pypdf's visitor gives it, in
    drawing order."""
    shown = _shown(page, rotation)
    fonts: dict[int, tuple[object, dict[str, float], float]] = {}  # the font object kept, so its id stays its own
    pieces: list[Piece] = []
    spacing = _Spacing()
    # pypdf gives each piece the line matrix it was shown from (Td, Tm), which glyphs do not move:
    # pieces shown from one (a bold word between two runs of text) follow one another from it
    line: tuple[tuple, float] = ((), 0.0)

    def visit(text: str, cm, tm, font, size) -> None:
        nonlocal line
        extra = spacing.take(font)
        drawn = text.strip("\n").replace("\n", " ")
        if not drawn or font is None and not drawn.strip():  # pypdf's own line end or space: no glyph
            return
        if id(font) not in fonts:
            fonts[id(font)] = (font, *(_advances(font) if font is not None else ({}, 500.0)))
        _, widths, default = fonts[id(font)]
        advance = (float(size) * sum(widths.get(c, default) for c in drawn) / 1000 + extra) * spacing.state[b"Tz"] / 100
        key = (*tm, *cm)
        shown_before = line[1] if line[0] == key else 0.0
        line = (key, shown_before + advance)  # a space drawn on its own moves what follows, too
        m = _mult(_mult([float(v) for v in tm], [float(v) for v in cm]), shown)
        if not drawn.strip() or not (m[0] > 0 and abs(m[1]) <= 0.05 * m[0]):  # at an angle, upside down, mirrored
            return
        x = m[4] + shown_before * m[0]
        pieces.append(Piece(drawn, x, m[5] + shown_before * m[1], x + advance * m[0],
                            round(float(size) * math.hypot(m[2], m[3]), 1)))

    page.extract_text(orientations=(rotation,), visitor_text=visit, visitor_operand_before=spacing.before,
                      visitor_operand_after=spacing.after)
    return pieces


# --- pieces: pdfminer.six, in a bounded child ------------------------------------------------


def _mine() -> None:
    """The child of `_miner_pages`: the PDF on stdin, the pages its arguments name (all when none)
    as [page number, pieces] pairs in JSON on stdout. Its own address space and CPU time are capped
    before pdfminer.six reads a byte."""
    import resource

    seconds = max(1, math.ceil(float(sys.argv[1])))
    wanted = {int(n) - 1 for n in sys.argv[2].split(",")} if len(sys.argv) > 2 else None
    resource.setrlimit(resource.RLIMIT_AS, (MINER_MEMORY, MINER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    logging.disable(logging.CRITICAL)
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager)
    interpreter = PDFPageInterpreter(manager, device)

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):  # a form XObject's figure holds its characters
            for inner in item:
                yield from chars(inner)

    pages = []
    for number, page in enumerate(PDFPage.get_pages(io.BytesIO(sys.stdin.buffer.read()), maxpages=MAX_PAGES), 1):
        if wanted is not None and number - 1 not in wanted:
            continue
        interpreter.process_page(page)
        runs: list[list] = []
        for char in chars(device.get_result()):
            a, b, _, _, x, y = char.matrix
            text = char.get_text()
            if not (a > 0 and abs(b) <= 0.05 * a) or not text:
                continue
            end, size = x + char.adv * math.hypot(a, b), round(char.size, 1)
            last = runs[-1] if runs else None
            # a character whose box touches the last one's, on its baseline, in its size: one run
            if last and abs(last[2] - y) < 0.01 * size and last[4] == size and abs(x - last[3]) < 0.05 * size:
                last[0] += text
                last[3] = end
            else:
                runs.append([text, x, y, end, size])
        pages.append([number, runs])
    sys.stdout.write(json.dumps(pages))


def _miner_pages(data: bytes, seconds: float, numbers: list[int] | None = None) -> dict[int, list[Piece]] | None:
    """Page number → pieces of the pages `numbers` (all when None) as pdfminer.six reads them, in a
    child process capped in memory and time; None where it cannot read the file (or is not
    installed) within them."""
    package = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))}
    pages = [",".join(map(str, numbers))] if numbers else []
    try:
        done = subprocess.run([sys.executable, "-m", "l10n.formats.pdf", f"{seconds:.1f}", *pages], input=data,
                              capture_output=True, timeout=seconds, env=env)
        found = json.loads(done.stdout) if done.returncode == 0 else None
        return {int(number): [Piece(str(t), float(x), float(y), float(e), float(s)) for t, x, y, e, s in runs]
                for number, runs in found} if isinstance(found, list) else None
    except (subprocess.TimeoutExpired, OSError, ValueError, TypeError):  # no reading: pypdf's stands
        return None


# --- pieces to lines -------------------------------------------------------------------------


def _row_for(rows: list[list[Piece]], ends: list[float], last: int | None, piece: Piece) -> int | None:
    """The line (its index) that `piece` goes on: `last`, the one the piece before it went on, when
    on its baseline; else one of the last few when it takes up right where that one ends (`ends`)."""
    if last is not None and abs(piece.y - rows[last][-1].y) < 0.8 * (min(piece.size, rows[last][-1].size) or 1.0):
        return last
    for k in range(len(rows) - 1, max(len(rows) - LOOKBACK, 0) - 1, -1):
        size = min(piece.size, rows[k][-1].size) or 1.0
        if abs(piece.y - rows[k][0].y) < 0.25 * size and -0.2 * size < piece.x - ends[k] < 0.6 * size:
            return k
    return None


def _redrawn(row: list[Piece], piece: Piece) -> bool:
    """`piece` is drawn again over one of the line's (fake bold, a shadow): the same text a hair apart."""
    return any(p.text == piece.text and abs(p.x - piece.x) < 0.25 * p.size and abs(p.y - piece.y) < 0.25 * p.size
               for p in row[-8:])


def _joined(part: list[Piece]) -> str:
    """The text of pieces side by side on a line, a space where they stand apart."""
    texts = [part[0].text]
    for before, piece in zip(part, part[1:]):
        # a piece drawn over half a size into the one before goes on no word of it
        gap = (piece.x - before.end) / max(before.size, piece.size)
        if (gap > SPACE or gap < -0.5) and not (
                texts[-1].endswith(" ") or piece.text.startswith(" ")):
            texts.append(" ")
        texts.append(piece.text)
    return "".join(texts)


def _lines(pieces: list[Piece], page: int) -> list[Line]:
    """The page's lines from its pieces in drawing order (see the module's docstring)."""
    rows: list[list[Piece]] = []
    ends: list[float] = []  # where each line ends so far
    last: int | None = None
    for piece in pieces:
        last = _row_for(rows, ends, last, piece)
        if last is None:
            rows.append([piece])
            ends.append(piece.end)
            last = len(rows) - 1
        elif not _redrawn(rows[last], piece):
            rows[last].append(piece)
            ends[last] = max(ends[last], piece.end)
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda p: p.x)
        parts: list[list[Piece]] = [[row[0]]]
        for before, piece in zip(row, row[1:]):
            if piece.x - before.end > COLUMN_GAP * max(before.size, piece.size):
                parts.append([piece])
            else:
                parts[-1].append(piece)
        lines += [Line(_joined(part), page, part[0].y, part[0].x, _line_size(part)) for part in parts]
    return lines


def _line_size(part: list[Piece]) -> float:
    """The size most of a line's characters are set in, capitals set smaller on the baseline of
    lower-case text counted at that text's size: small capitals (`in the FOR FURTHER INFORMATION`)
    are the text's own words, not a smaller line."""
    lower = max((piece for piece in part if any(c.islower() for c in piece.text)), key=lambda p: p.size, default=None)
    sizes: Counter = Counter()
    for piece in part:
        letters = [c for c in piece.text if c.isalpha()]
        small_caps = (lower is not None and piece.size < lower.size and abs(piece.y - lower.y) < 0.1 * lower.size
                      and len(letters) >= 2 and all(c.isupper() for c in letters))
        sizes[lower.size if small_caps else piece.size] += len(piece.text.strip())
    return sizes.most_common(1)[0][0]


def _reading_order(lines: list[Line]) -> list[Line]:
    """Runs of lines going down the page, sorted from the top when no two stand side by side (overlap
    in height)."""
    runs: list[list[Line]] = []
    for line in lines:
        # a run goes down the page line by line: a drop of three sizes or more (to a footer) starts another
        if runs and 0.3 * max(line.size, 1.0) < runs[-1][-1].y - line.y < RUN_DROP * max(line.size, 1.0):
            runs[-1].append(line)
        else:
            runs.append([line])
    highest = float("-inf")
    for low, high in sorted((run[-1].y, run[0].y) for run in runs):
        if low < highest:  # side by side with a run below it
            return lines
        highest = max(highest, high)
    return [line for run in sorted(runs, key=lambda run: -run[0].y) for line in run]


def _page_lines(pieces: list[Piece], number: int) -> list[Line]:
    """A page's lines in reading order, cleaned; lines with nothing left out."""
    lines = _reading_order(_lines(pieces, number))
    return [replace(line, text=text) for line in lines if (text := _clean(line.text))]


# --- which reading -----------------------------------------------------------------------------


def _unreadable(text: str) -> int:
    return sum(c == "\ufffd" or "\ue000" <= c <= "\uf8ff" for c in text)


def _score(page: list[Line]) -> tuple[int, int, int, int, int]:
    """(known words, words, their letters, unreadable characters, characters) of a page's reading;
    words in Latin letters (the words l10n knows are English)."""
    text = " ".join(line.text for line in page)
    words = _LATIN_WORD.findall(text)
    known = sum(w.casefold() in _KNOWN for w in words)
    return known, len(words), sum(map(len, words)), _unreadable(text), sum(not c.isspace() for c in text)


def _poor(page: list[Line]) -> bool:
    """A reading that may be wrong: nothing read, a third unreadable, or Latin words but few known
    ones, or words as long as words run together are (English words average five letters)."""
    known, words, letters, unreadable, characters = _score(page)
    return (not characters or unreadable * 3 > characters or words >= 20 and known < POOR_SHARE * words
            or letters >= 40 and letters > RUN_TOGETHER * words)


def _better(other: list[Line], first: list[Line]) -> bool:
    """Whether the second reader's page `other` reads better than pypdf's `first`: more known
    words by a margin, or text where `first` has none or a third of it unreadable."""
    known, _, _, unreadable, characters = _score(other)
    known_first, _, _, unreadable_first, characters_first = _score(first)
    if not characters or unreadable * 3 > characters:
        return False
    return not characters_first or unreadable_first * 3 > characters_first or known > 1.2 * known_first + 2


def _numbered(pages_: list[list[Line]]) -> list[list[Line]]:
    counter = 0
    numbered = []
    for page in pages_:
        numbered.append([replace(line, number=(counter := counter + 1)) for line in page])
    return numbered


def pages(data: bytes, path: Path) -> list[list[Line]]:
    """The text lines of each page of the PDF `data`, in reading order, cleaned and numbered;
    every problem a user can cause raises L10nError."""
    _check_bytes(data, path)
    import pypdf
    from pypdf.errors import DependencyError, DeprecationError, LimitReachedError, PyPdfError

    started = time.monotonic()
    log = logging.getLogger("pypdf")
    quiet = logging.NullHandler()  # pypdf logs what it repairs; library code prints nothing
    log.addHandler(quiet)
    failed: L10nError | None = None
    result: list[list[Line]] = []
    try:
        with warnings.catch_warnings(), pypdf.apply_configuration(**LIMITS):
            warnings.simplefilter("ignore")
            try:
                reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
                if reader.is_encrypted and not reader.decrypt(""):
                    raise L10nError("is encrypted with a password; open it, save or print it as a PDF without one, "
                                    "or give the release's text", path)
                count = len(reader.pages)
                if count > MAX_PAGES:
                    raise L10nError(f"has {count} pages, more than the {MAX_PAGES} a release can have; "
                                    "give the release's pages only", path)
                for number, page in enumerate(reader.pages, start=1):
                    # upright as the page is shown; else as drawn (a /Rotate set on an upright page);
                    # else a page of text turned a quarter or half (a label set sideways, alone)
                    rotation = page.rotation % 360 if page.rotation % 90 == 0 else 0
                    pieces = next(filter(None, (_pypdf_pieces(page, turn) for turn in
                                                dict.fromkeys((rotation, 0, 90, 180, 270)))), [])
                    result.append(_page_lines(pieces, number))
                    if time.monotonic() - started > MAX_SECONDS:
                        raise L10nError(f"took over {MAX_SECONDS:.0f} s to read {number} of its {count} pages: a "
                                        "damaged PDF or one built to exhaust time; give the release's text", path)
            except DependencyError as error:
                raise L10nError(f"is encrypted in a way this installation cannot open ({error}); install "
                                "`cryptography`, or give the release's text", path)
            except LimitReachedError as error:
                raise _damaged(path, error) from error
            except (PyPdfError, DeprecationError, *PDF_ERRORS) as error:  # DeprecationError: a filter named `/Fl`
                failed = _damaged(path, error)  # the second reader may still open it
    finally:
        log.removeHandler(quiet)
    left = MAX_SECONDS - (time.monotonic() - started)
    poor = [number for number, page in enumerate(result, start=1) if _poor(page)]
    if (failed or poor) and left >= 1:
        mined = _miner_pages(data, left, None if failed else poor)
        if mined and failed:  # pypdf could not open it: all of pdfminer.six's reading, if it has text
            result = [_page_lines(mined[number], number) for number in sorted(mined)]
            failed = None if any(result) else failed
        elif mined:  # a page pypdf read poorly: the better reading of the two
            for number in poor:
                other = _page_lines(mined.get(number, []), number)
                if _better(other, result[number - 1]):
                    result[number - 1] = other
    if failed:
        raise failed
    return _numbered(result)


# --- page furniture ----------------------------------------------------------------------------


def _key(text: str) -> str:
    """A line compared across pages: digits ignored, case and spacing too."""
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def _levels(page: list[Line]) -> tuple[list[list[Line]], list[list[Line]]]:
    """The page's lines at its ZONE highest and ZONE lowest heights, the lines of one height (a
    page number beside a footer) together, from the page's edges inwards."""
    levels: list[list[Line]] = []
    for line in sorted(page, key=lambda line: -line.y):
        if levels and levels[-1][0].y - line.y <= 1:
            levels[-1].append(line)
        else:
            levels.append([line])
    return levels[:ZONE], levels[-ZONE:][::-1]


def _heights(zones: list[list[list[Line]]]) -> dict[str, list[tuple[int, float]]]:
    """Each line key of the zones (one per page), with the (page number, height) of each place it stands."""
    found: dict[str, list[tuple[int, float]]] = {}
    for zone in zones:
        for level in zone:
            for line in level:
                found.setdefault(_key(line.text), []).append((line.page, line.y))
    return found


def _pages_at(heights: dict[str, list[tuple[int, float]]], line: Line, parity: int | None = None) -> int:
    """On how many pages (of `parity`, odd 1 or even 0, where given) `line`'s text stands where it
    stands (within 2 points)."""
    return len({page for page, y in heights[_key(line.text)]
                if abs(y - line.y) <= 2 and (parity is None or page % 2 == parity)})


def _confidential(text: str, repeated: bool, single: bool) -> bool:
    """A confidentiality or embargo line: repeated on pages, or opening a line of a one-page release's
    top or bottom (`CONFIDENTIAL`, `Embargoed until ...`), never a long line or a sentence that says it."""
    if len(text.split()) > 14 or not _CONFIDENTIAL.search(text) or _SENTENCE_END.search(text):
        return False
    return repeated or (single and bool(_CONFIDENTIAL.match(text.lstrip(" *-–—[(•"))))


def furniture(pages_: list[list[Line]]) -> dict[int, str]:
    """Line number → reason for each line of page furniture."""
    found: dict[int, str] = {}
    zones = [_levels(page) for page in pages_ if page]
    enough = max(2, len(zones) // 2 + 1)
    # A book's or a journal's pages alternate their running lines: left on even pages, right on odd.
    sides = Counter(page[0].page % 2 for page in pages_ if page)
    enough_of = {parity: max(3, count // 2 + 1) for parity, count in sides.items()}  # three pages at least
    tops = _heights([top for top, _ in zones])
    bottoms = _heights([bottom for _, bottom in zones])
    # pages whose zones hold a bare number at each offset from the page's own number
    offsets = Counter(offset for offset, _ in {(int(line.text) - line.page, line.page) for top, bottom in zones
                                               for level in top + bottom for line in level
                                               if _BARE_NUMBER.fullmatch(line.text)})
    single = len(zones) == 1
    for zone, heights, side in [(top, tops, "page_header") for top, _ in zones] + \
                               [(bottom, bottoms, "page_footer") for _, bottom in zones]:
        edge = True  # a running line stands between the page's edge and its text: only furniture above it
        for level in zone:
            marked = {line.number: reason for line in level
                      if (reason := _page_number(line, offsets)
                          or edge and _running(line, heights, single, enough, side, enough_of))}
            found.update(marked)
            edge = edge and bool(marked)
    return found


def _page_number(line: Line, offsets: Counter) -> str | None:
    """`page_number` for a page number (a bare number only when it is the page's own or goes up with
    the pages at an offset that two pages or more share), else None."""
    if _BARE_NUMBER.fullmatch(line.text):
        offset = int(line.text) - line.page
        return "page_number" if offset == 0 or offsets[offset] >= 2 else None
    return "page_number" if _PAGE_NUMBER.fullmatch(line.text) and any(c.isdigit() for c in line.text) else None


def _running(line: Line, heights: dict[str, list[tuple[int, float]]], single: bool, enough: int,
             side: str, enough_of: dict[int, int]) -> str | None:
    """The rule that takes `line`, at the edge of a page's top or bottom (`side`), for a line the pages
    repeat there, or the pages of its side (odd or even) do, or a one-page release's confidentiality
    label; else None."""
    where = _pages_at(heights, line)
    if _confidential(line.text, where >= 2, single):
        return "confidential"
    parity = line.page % 2
    repeated = where >= enough or _pages_at(heights, line, parity) >= enough_of.get(parity, enough)
    return side if repeated and _WORD.search(_key(line.text)) else None


# --- lines to text -----------------------------------------------------------------------------


def _pitch(pages_: list[list[Line]]) -> float:
    """The usual distance between two lines of a paragraph, as a multiple of the font size."""
    ratios = [(a.y - b.y) / a.size for page in pages_ for a, b in zip(page, page[1:])
              if a.size and abs(a.size - b.size) < 0.5 and 0.8 * a.size < a.y - b.y < 3 * a.size]
    return statistics.median(ratios) if ratios else 1.2


def _breaks(page: list[Line], pitch: float) -> list[bool]:
    """For each line, whether a blank line comes before it (a paragraph break)."""
    result = [False]
    for k in range(1, len(page)):
        above, line = page[k - 1], page[k]
        size = max(above.size, line.size, 1.0)
        drop = above.y - line.y
        below = page[k + 1] if k + 1 < len(page) else None
        # a first-line indent: indented after a sentence's end, the next line back at the margin
        indented = (line.x > above.x + size and bool(_SENTENCE_END.search(above.text)) and below is not None
                    and abs(below.x - above.x) < 0.5 * size and not _BULLET.match(line.text))
        # a line higher than the one above starts a column: the paragraph goes on into it when its
        # sentence does (no sentence end above, a small letter here), as across a page break
        rise = drop < -0.5 * size and (bool(_SENTENCE_END.search(above.text)) or not line.text[:1].islower())
        result.append(abs(above.size - line.size) >= 0.5 or rise or drop > PARAGRAPH_GAP * pitch * size or indented)
    return result


def _indent(page: list[Line], breaks: list[bool]) -> list[str]:
    """The text of each line, a bullet item's wrapped lines indented as in a text release."""
    texts = [line.text for line in page]
    marker_x: float | None = None
    for k, line in enumerate(page):
        if breaks[k]:
            marker_x = None
        if _BULLET.match(line.text):
            marker_x = line.x
        elif marker_x is not None and line.x > marker_x + 0.5 * line.size:
            texts[k] = "    " + line.text
        else:
            marker_x = None
    return texts


def _vocabulary(pages_: list[list[Line]]) -> frozenset[str]:
    return frozenset(word.casefold() for page in pages_ for line in page for word in _WORD.findall(line.text)) | _KNOWN


def _join_break(last: str, first: str, vocabulary: frozenset[str]) -> tuple[str, str] | None:
    """A word hyphenated (or soft-hyphenated) across a page break moved up to the line before:
    the two lines' new texts, or None when the break cuts no word."""
    soft = last.endswith("\u00ad")
    hyphen = _HYPHENATED.search(last)
    following = _CONTINUED.match(first)
    if not following or not (soft or hyphen):
        return None
    rest = first[following.end():]
    if soft:
        return last[:-1] + following[0].rstrip(), rest
    joined = hyphen[1] + following[1]
    # `Sino-` / `American`: a capital after the hyphen is a compound's next word
    keep = "" if following[1][0].islower() and joined.casefold() in vocabulary else "-"
    return last[:-1] + keep + following[0].rstrip(), rest


def _body_size(pages_: list[list[Line]]) -> float:
    """The font size most of the release's characters are set in."""
    sizes: Counter = Counter()
    for page in pages_:
        for line in page:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _larger_lines(pages_: list[list[Line]], body: float) -> frozenset[int]:
    """The numbers of the lines set larger than the body text (a title, a heading)."""
    return frozenset(line.number for page in pages_ for line in page if line.size >= body + 1)


def _display_lines(page: list[Line], breaks: list[bool], texts: list[str], body: float) -> list[tuple[int, str, bool]]:
    """(line number, text, break before) of a page, the lines of one paragraph set larger than the
    body text (a wrapped title or heading) joined into one."""
    out: list[tuple[int, list[str], bool]] = []
    for k, line in enumerate(page):
        if out and not breaks[k] and line.size >= body + 1 and page[k - 1].size == line.size:
            parts = out[-1][1]
            joined = _join_break(parts[-1], texts[k].strip(), frozenset())  # a hyphen at its end stays
            parts[-1:] = [part for part in joined if part] if joined else [parts[-1], texts[k].strip()]
        else:
            out.append((line.number, [texts[k]], breaks[k]))
    return [(number, " ".join(parts), broken) for number, parts, broken in out]


def footnotes(page: list[Line], body: float) -> list[list[Line]]:
    """The page's footnotes, each a list of its lines: set smaller than the body text, below the
    last body line of their column, the first opening with a marker (`1 Preliminary ...`, `* As
    of ...`) that the body text on the page sets after a word (its superscript), where the small
    print starts (not among a table's cells), the others going down the column under it, or on at
    the foot of the next column when a sentence does."""
    def small(line: Line) -> bool:
        return line.size < body - 0.5

    width = 2 * max(body, 1.0)  # a column: lines starting within two body sizes of one another
    lowest: dict[int, float] = {}  # column bucket → height of its lowest body line
    for line in page:
        if not small(line):
            bucket = int(line.x // width)
            lowest[bucket] = min(lowest.get(bucket, line.y), line.y)
    cited = frozenset(_CITED.findall(" ".join(line.text for line in page if not small(line))))
    notes: list[list[Line]] = []
    note: list[Line] | None = None
    marker = ""  # the open note's
    other = False  # small print that is no note's (a table's cells) since the last body line
    for line in page:
        bucket = int(line.x // width)
        floor = min((lowest[b] for b in (bucket - 1, bucket, bucket + 1) if b in lowest), default=None)
        if not small(line) or floor is None or line.y >= floor:
            note, other = None, False
            continue
        mark = _NOTE_MARK.match(line.text)
        goes_on = note is not None and ((line.y < note[-1].y and abs(line.x - note[0].x) <= width)
                                        or not _SENTENCE_END.search(note[-1].text))  # on at the next column's foot
        # a number out of the notes' order opening a line that goes on a note is its text (`10 seconds.`)
        in_order = not (marker.isdigit() and mark and mark[1].isdigit()) or int(mark[1]) == int(marker) + 1
        if mark and mark[1] in cited and not other and not (goes_on and not in_order):
            note, marker = [line], mark[1]
            notes.append(note)
        elif goes_on:
            note.append(line)
        else:
            note, other = None, True
    return notes


def text_of(pages_: list[list[Line]], dropped: dict[int, str]) -> list[tuple[int, str]]:
    """The release as (line number, text) pairs for the text rules, (0, "") a paragraph break. A
    page's footnotes are taken out of its flow and put after the paragraph the page ends in, one
    paragraph each, so that a paragraph the page break cuts reads on."""
    body = [[line for line in page if line.number not in dropped] for page in pages_]
    pitch = _pitch(body)
    vocabulary = _vocabulary(body)
    size = _body_size(body)
    out: list[tuple[int, str]] = []
    pending: list[list[Line]] = []  # footnotes of pages before, for the next paragraph break

    def notes_out() -> None:
        for note in pending:
            out.append((0, ""))
            out.extend((line.number, line.text) for line in note)
        pending.clear()

    def paragraph_break() -> None:
        notes_out()
        out.append((0, ""))

    for page in body:
        notes = footnotes(page, size)
        noted = {line.number for note in notes for line in note}
        page = [line for line in page if line.number not in noted]
        breaks = _breaks(page, pitch) if page else []
        for k, (number, text, broken) in enumerate(_display_lines(page, breaks, _indent(page, breaks), size)):
            if k == 0 and out:
                previous_number, previous = out[-1]
                joined = _join_break(previous, text.strip(), vocabulary)
                if joined:
                    out[-1] = (previous_number, joined[0])
                    text = joined[1]
                    if not text.strip():
                        continue
                elif _SENTENCE_END.search(previous):
                    paragraph_break()
            elif broken:
                paragraph_break()
            out.append((number, text))
        pending.extend(notes)
    notes_out()
    # a soft hyphen at a line end inside a page: the producer's hyphenation point
    for k in range(len(out) - 1):
        number, text = out[k]
        if text.endswith("\u00ad") and out[k + 1][0]:
            joined = _join_break(text, out[k + 1][1].strip(), vocabulary)
            if joined:
                out[k], out[k + 1] = (number, joined[0]), (out[k + 1][0], joined[1])
    return [(number, text.replace("\u00ad", "")) for number, text in out if number == 0 or text.strip()]


def read(data: bytes, path: Path, lang: str = "en", encoding: str | None = None) -> Document:
    """The release in the PDF `data`; `encoding` is not used (a PDF's text is Unicode)."""
    found = pages(data, path)
    if not any(found):
        raise L10nError("holds no text (a scanned image?); run OCR first or give the release's text", path)
    letters = [c for page in found for line in page for c in line.text if not c.isspace()]
    if _unreadable("".join(letters)) * 3 > len(letters):
        raise L10nError("has fonts that map its glyphs to no characters, so its text cannot be read; export it "
                        "again from the source document, or give the release's text", path)
    dropped = furniture(found)
    lines = text_of(found, dropped)
    numbers = [number for number, _ in lines]
    raised = _larger_lines(found, _body_size(found))  # once: the lines are many
    larger = frozenset(n for n, (number, _) in enumerate(lines, start=1) if number in raised)
    blocks, noise = parse("\n".join(text for _, text in lines), lang, printed=True, larger=larger)
    blocks = [replace(block, lines=tuple(numbers[n - 1] for n in block.lines)) for block in blocks]
    noise = [replace(d, line=numbers[d.line - 1]) for d in noise]
    texts = {line.number: line.text for page in found for line in page}
    removed = [Dropped(number, texts[number], reason) for number, reason in dropped.items()]
    empty = [str(k) for k, page in enumerate(found, start=1) if not page]
    several = len(empty) > 1
    notes = (f"page{'s' * several} {', '.join(empty)} of {len(found)} hold{'s' * (not several)} no text (a scanned "
             f"image?): {'their' if several else 'its'} content, if any, is not in the catalog",) if empty else ()
    if not blocks:
        raise L10nError(nothing_left(noise + removed, furniture=True), path)
    return Document(path, "utf-8", False, tuple(blocks), tuple(sorted(noise + removed, key=lambda d: d.line)),
                    format="pdf", notes=notes)


if __name__ == "__main__":
    _mine()
