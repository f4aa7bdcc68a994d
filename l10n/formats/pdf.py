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
with either setting; pypdf reads both as drawn but takes the lines in drawing order (50% on
a page drawn bottom first), which this module corrects (below). pypdf is about three times as
fast (1.4 ms a page against 4.2), and it is the one that bounds its work: decompressed stream
sizes, array and page-tree sizes, content-stream parsing work and form XObject invocations are
limits of its `Configuration`, set lower here (`LIMITS`), while pdfminer.six inflates any Flate
stream whole (a 40 KB file holding a 40 MB stream is read to the end, 166 MB at peak).

Lines. pypdf's text visitor gives each piece of upright text (a watermark or a margin note set
at an angle is not read) with its text and transformation matrices; a line is the text between
two line breaks of pypdf's output, placed at its first visible piece (baseline height, left
edge, font size in points). Per page:

- reading order: pypdf follows the drawing order, right for what Word, browsers and most
  generators write; but a page drawn out of order (the footer first, a text frame placed
  later) is read top to bottom: the lines fall into runs that go down the page, and when no
  two runs stand side by side (overlap in height), the runs are sorted from the top. Where two
  do (columns, a table), the drawing order stays.
- a blank line (a paragraph break for the text rules) where the gap to the line above is over
  1.3 times the document's usual line pitch for the font size, where the font size changes,
  where the next line stands higher (a new column), or at a first-line indent (a line indented
  after one that ends a sentence, the line below it back at the margin).
- text cleaned: runs of spaces (a justified line's wide gaps) one space, ligature characters
  (`ﬁ` U+FB01 ...) spelled out, control characters out, soft hyphens out (one at a line end
  joins the next line's first word to it: the producer marked a hyphenation point).
- a line that continues a bullet item (it starts right of the bullet's marker, under the item's
  text) is indented, which is how the text rules know a bullet's wrapped line.

Page furniture, by rule (`Dropped` reasons), looked for in a page's three top and three bottom
lines by height:

- `page_number`: `3`, `- 3 -`, `Page 3`, `Page 3 of 5`, `3/5`, `p. 3`; a bare number only where
  it is the page's own or goes up with the pages at a fixed offset;
- `confidential`: a confidentiality or embargo line (`Confidential`, `Embargoed until ...`,
  `Not for distribution`) repeated on two pages or more, or at the top or bottom of a
  one-page release;
- `page_header`, `page_footer`: a line repeated at the top (bottom) of most pages (at least
  two, at least half), compared with digits ignored, so `Printed 03/03/2026` lines match.

Page breaks. The last line of a page and the first of the next one that holds text are one
paragraph unless the last line ends a sentence (`.`, `!`, `?`, maybe before a closing quote or
bracket); then a blank line is put between them. A word hyphenated across the break (`pa-` /
`tients,`) is joined without the hyphen when the joined word (`patients`) appears elsewhere
in the release, else with it (`off-the-` / `shelf` stays `off-the-shelf`, and so does `Sino-` /
`American`: a capital after the hyphen); the fragment moves up to the line before the break. Within a page, joining wrapped lines and hyphenated words is
the text rules' business.

Line numbers. A `#: release.pdf:N` reference, a block's `lines` and a `Dropped.line` count the
PDF's text lines: N is the Nth line of text of the document in reading order, from the first
page's first line, the header, footer and page-number lines included and blank lines not
(what a reader counts going down the pages).

Refused, each with one L10nError line: a file that is not a PDF, a damaged or truncated one, an
encrypted one that needs a password to open (one with only an owner password, which opens
without one, is read), one with more than `MAX_PAGES` pages, one over a pypdf limit or whose
reading takes over `MAX_SECONDS`, and one with no text layer (a scan) or whose fonts map no
glyph to a character.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import struct
import time
import unicodedata
import warnings
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from l10n.document import parse
from l10n.errors import L10nError, counted
from l10n.model import Document, Dropped

# A release is a few pages; an annual report is not a release, and every page costs time.
MAX_PAGES = 200
# Reading stops past this (checked between pages; each page is bounded by LIMITS).
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
# How many lines at the top and at the bottom of a page may be furniture.
ZONE = 3
# A gap this many times the usual line pitch is a paragraph break.
PARAGRAPH_GAP = 1.3

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
_HYPHENATED = re.compile(r"(?<![^\W\d_])([^\W\d_]++)-$")  # from a word's first letter: searched from each, it was n²
_CONTINUED = re.compile(r"([^\W\d_]+)(\S*)\s*")
_WORD = re.compile(r"[^\W\d_]+")

# What pypdf raises on a damaged file: its own errors, and the plain exceptions its parser lets
# through on malformed objects (a missing key, a wrong type, bad compressed data, deep nesting, an
# unknown filter name). Found by mutating fixture PDFs (tests/test_pdf.py, `test_mutated_pdfs`).
PDF_ERRORS = (ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError, RecursionError,
              OverflowError, ZeroDivisionError, UnicodeError, NotImplementedError, zlib.error, struct.error)


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
    # font size in points
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


def _page_lines(page, number: int) -> list[Line]:
    """The page's lines in pypdf's order, each placed at its first visible piece."""
    pieces: list[tuple[str, list[float], list[float], float]] = []
    page.extract_text(orientations=(0,), visitor_text=lambda text, cm, tm, font, size: pieces.append((text, cm, tm, size)))
    lines: list[Line] = []
    parts: list[str] = []
    where: tuple[float, float, float] | None = None

    def finish() -> None:
        nonlocal parts, where
        text = "".join(parts)
        if text.strip():
            x, y, size = where if where else (lines[-1].x, lines[-1].y - 12, 10.0) if lines else (0.0, 0.0, 10.0)
            lines.append(Line(text, number, y, x, size))
        parts, where = [], None

    for text, cm, tm, size in pieces:
        a, b, c, d, e, f = (float(v) for v in cm)
        # the baseline's direction on the page: (tm's first row) times cm
        across, up = float(tm[0]) * a + float(tm[1]) * c, float(tm[0]) * b + float(tm[1]) * d
        upright = across > 0 and abs(up) <= 0.05 * across
        for k, segment in enumerate(text.split("\n")):
            if k:
                finish()
            if not upright:  # a watermark or a note set at an angle: its line breaks count, its text does not
                continue
            if segment.strip() and where is None:
                x = float(tm[4]) * a + float(tm[5]) * c + e
                y = float(tm[4]) * b + float(tm[5]) * d + f
                scale = abs(float(tm[0]) * float(tm[3]) - float(tm[1]) * float(tm[2])) ** 0.5 * abs(a * d - b * c) ** 0.5
                where = (x, y, round(float(size) * (scale or 1.0), 1))
            parts.append(segment)
    finish()
    return lines


def _reading_order(lines: list[Line]) -> list[Line]:
    """Runs of lines going down the page, sorted from the top when no two stand side by side."""
    runs: list[list[Line]] = []
    for line in lines:
        if runs and line.y < runs[-1][-1].y - 0.3 * max(line.size, 1.0):
            runs[-1].append(line)
        else:
            runs.append([line])
    highest = float("-inf")
    for low, high in sorted((run[-1].y, run[0].y) for run in runs):
        if low < highest:  # side by side with a run below it
            return lines
        highest = max(highest, high)
    return [line for run in sorted(runs, key=lambda run: -run[0].y) for line in run]


def pages(data: bytes, path: Path) -> list[list[Line]]:
    """The text lines of each page of the PDF `data`, in reading order, cleaned and numbered;
    every problem a user can cause raises L10nError."""
    _check_bytes(data, path)
    import pypdf
    from pypdf.errors import DependencyError, DeprecationError, PyPdfError

    started = time.monotonic()
    log = logging.getLogger("pypdf")
    quiet = logging.NullHandler()  # pypdf logs what it repairs; library code prints nothing
    log.addHandler(quiet)
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
                result = []
                for number, page in enumerate(reader.pages, start=1):
                    result.append(_reading_order(_page_lines(page, number)))
                    if time.monotonic() - started > MAX_SECONDS:
                        raise L10nError(f"took over {MAX_SECONDS:.0f} s to read {number} of its {count} pages: a "
                                        "damaged PDF or one built to exhaust time; give the release's text", path)
            except DependencyError as error:
                raise L10nError(f"is encrypted in a way this installation cannot open ({error}); install "
                                "`cryptography`, or give the release's text", path)
            except (PyPdfError, DeprecationError, *PDF_ERRORS) as error:  # DeprecationError: a filter named `/Fl`
                raise _damaged(path, error) from error
    finally:
        log.removeHandler(quiet)
    counter = 0
    numbered = []
    for page_lines in result:
        cleaned = []
        for line in page_lines:
            text = _clean(line.text)
            if text:
                counter += 1
                cleaned.append(replace(line, text=text, number=counter))
        numbered.append(cleaned)
    return numbered


# --- page furniture ----------------------------------------------------------------------------


def _key(text: str) -> str:
    """A line compared across pages: digits ignored, case and spacing too."""
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def _zones(page: list[Line]) -> tuple[list[Line], list[Line]]:
    """The top and bottom lines of a page, by height."""
    by_height = sorted(page, key=lambda line: -line.y)
    return by_height[:ZONE], by_height[-ZONE:][::-1]


def _confidential(text: str, repeated: bool, single: bool) -> bool:
    """A confidentiality or embargo line: repeated on pages, or opening a line of a one-page release's
    top or bottom (`CONFIDENTIAL`, `Embargoed until ...`), never a long line or a sentence that says it."""
    if len(text.split()) > 14 or not _CONFIDENTIAL.search(text):
        return False
    return repeated or (single and bool(_CONFIDENTIAL.match(text.lstrip(" *-–—[(•"))))


def furniture(pages_: list[list[Line]]) -> dict[int, str]:
    """Line number → reason for each line of page furniture."""
    found: dict[int, str] = {}
    zones = [_zones(page) for page in pages_ if page]
    enough = max(2, (len(zones) + 1) // 2)
    tops = Counter(key for top, _ in zones for key in {_key(line.text) for line in top})
    bottoms = Counter(key for _, bottom in zones for key in {_key(line.text) for line in bottom})
    pages_with = Counter(key for page in pages_ for key in {_key(line.text) for line in page})
    offsets = Counter(int(line.text) - line.page for top, bottom in zones for line in {*top, *bottom}
                      if _BARE_NUMBER.fullmatch(line.text))
    single = len(zones) == 1
    for top, bottom in zones:
        for line in {*top, *bottom}:
            key = _key(line.text)
            if _BARE_NUMBER.fullmatch(line.text):
                offset = int(line.text) - line.page
                if offset == 0 or offsets[offset] >= 2:
                    found[line.number] = "page_number"
            elif _PAGE_NUMBER.fullmatch(line.text) and any(c.isdigit() for c in line.text):
                found[line.number] = "page_number"
            elif _confidential(line.text, pages_with[key] >= 2, single):
                found[line.number] = "confidential"
            elif line in top and tops[key] >= enough:
                found[line.number] = "page_header"
            elif line in bottom and bottoms[key] >= enough:
                found[line.number] = "page_footer"
    # a confidentiality line repeated on pages, wherever it stands on them
    for page in pages_:
        for line in page:
            if line.number not in found and _confidential(line.text, pages_with[_key(line.text)] >= 2, False):
                found[line.number] = "confidential"
    return found


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
        result.append(abs(above.size - line.size) >= 0.5 or drop < -0.5 * size or drop > PARAGRAPH_GAP * pitch * size
                      or indented)
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
    return frozenset(word.casefold() for page in pages_ for line in page for word in _WORD.findall(line.text))


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


def text_of(pages_: list[list[Line]], dropped: dict[int, str]) -> list[tuple[int, str]]:
    """The release as (line number, text) pairs for the text rules, (0, "") a paragraph break."""
    body = [[line for line in page if line.number not in dropped] for page in pages_]
    pitch = _pitch(body)
    vocabulary = _vocabulary(body)
    out: list[tuple[int, str]] = []
    for page in body:
        if not page:
            continue
        breaks = _breaks(page, pitch)
        texts = _indent(page, breaks)
        for k, line in enumerate(page):
            text = texts[k]
            if k == 0 and out:
                previous_number, previous = out[-1]
                joined = _join_break(previous, text.strip(), vocabulary)
                if joined:
                    out[-1] = (previous_number, joined[0])
                    text = joined[1]
                    if not text.strip():
                        continue
                elif _SENTENCE_END.search(previous):
                    out.append((0, ""))
            elif breaks[k]:
                out.append((0, ""))
            out.append((line.number, text))
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
    unreadable = sum(c == "\ufffd" or "\ue000" <= c <= "\uf8ff" for c in letters)
    if unreadable * 3 > len(letters):
        raise L10nError("has fonts that map its glyphs to no characters, so its text cannot be read; export it "
                        "again from the source document, or give the release's text", path)
    dropped = furniture(found)
    lines = text_of(found, dropped)
    numbers = [number for number, _ in lines]
    blocks, noise = parse("\n".join(text for _, text in lines), lang)
    blocks = [replace(block, lines=tuple(numbers[n - 1] for n in block.lines)) for block in blocks]
    noise = [replace(d, line=numbers[d.line - 1]) for d in noise]
    texts = {line.number: line.text for page in found for line in page}
    removed = [Dropped(number, texts[number], reason) for number, reason in dropped.items()]
    empty = [str(k) for k, page in enumerate(found, start=1) if not page]
    several = len(empty) > 1
    notes = (f"page{'s' * several} {', '.join(empty)} of {len(found)} hold{'s' * (not several)} no text (a scanned "
             f"image?): {'their' if several else 'its'} content, if any, is not in the catalog",) if empty else ()
    if not blocks:
        raise L10nError(f"no release text left after removing {counted(len(noise) + len(removed), 'line')} of page noise "
                        "and furniture; check that this is the press release (`l10n segment --json` lists what "
                        "was dropped)", path)
    return Document(path, "utf-8", False, tuple(blocks), tuple(sorted(noise + removed, key=lambda d: d.line)),
                    format="pdf", notes=notes)
