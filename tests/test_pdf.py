"""PDF releases: a text fixture laid out on pages reads back into the same units.

The PDFs are built at test time with fpdf2 from a text fixture's blocks, the way an agency's
PDF release looks: the title in bold, paragraphs wrapped to the page, a running header, a
confidentiality line and a page number at the foot of every page, and a page break inside a
paragraph (between two words, after a sentence, or inside a word hyphenated across it). The
font is DejaVu Sans, embedded, so curly quotes and dashes are real glyphs with a text mapping.
Small PDFs drawn operator by operator pin down one behaviour each (pieces set apart by their real
gaps, pages turned, the second reader, furniture by its place), and the PDFs nobody here wrote in
`tests/data/wild/pdf/` (sources in its SOURCES.md) must show the strings `expected.json` lists.
"""

from __future__ import annotations

import functools
import io
import json
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import fpdf
import pytest
from conftest import DATA
from fpdf.enums import MethodReturnValue

from l10n import document, formats
from l10n.errors import L10nError
from l10n.formats import pdf
from l10n.segment import segment

FONTS = [Path(p) for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
                           "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/Library/Fonts/DejaVuSans.ttf")]
FONT = next((p for p in FONTS if p.exists()), None)
pytestmark = pytest.mark.skipif(FONT is None, reason="the DejaVu Sans font is not installed (fonts-dejavu-core)")

CORVANTA = DATA / "review" / "corvanta.txt"
LUMINA = DATA / "releases" / "lumina-prnewswire-wrapped.txt"
AURORA = DATA / "releases" / "aurora-globenewswire-footer.txt"

PAGE = (210, 297)  # mm, A4
MARGIN = 20  # mm left and right
WIDTH = PAGE[0] - 2 * MARGIN  # mm of text: about 90 characters of 10 pt DejaVu Sans
TOP, BOTTOM = 30, PAGE[1] - 30  # mm: where the text may stand
PITCH = 5  # mm from line to line at 10 pt
GAP = 3  # mm more between paragraphs


# --- the layout ----------------------------------------------------------------------------


@dataclass
class Piece:
    """One block of the text fixture, drawn as a wrapped paragraph (or one line: a contact, a heading)."""

    kind: str
    text: str
    gap: bool
    # a paragraph gap above it


@dataclass(frozen=True)
class Break:
    """A break the layout puts in a paragraph, where a wrapping of it allows.

    The paragraph is wrapped at the column's width, or narrower (half a millimetre at a time, up
    to 2 cm) until one of its line ends is of the kind asked for, so the line before the break is a full
    line, as on a real page:

    - `words`: a line end between two words, mid-sentence;
    - `sentence`: a line end after a sentence, the next line starting a new one;
    - `join`: the next line starts with a word the release also has elsewhere (`patients`):
      it is hyphenated across the break (`pa-` / `tients`);
    - `keep`: the next line starts with a compound (`treatment-related`): cut at its hyphen;
    - `before`: the page breaks before the paragraph.
    """

    paragraph: str
    # how the paragraph's text starts
    how: str
    page: bool = True
    # a page break, else only the line break (a word hyphenated inside a page)


@dataclass(frozen=True)
class Case:
    name: str
    release: Path
    header: str
    footer: str
    number: str
    # the page number's form: {n} the page, {nb} the count
    breaks: tuple[Break, ...]
    top: bool = False
    # the page number above the text (under the header) rather than at the foot
    furniture: tuple[str, ...] = field(default=())
    # reasons expected among the dropped lines, one per page each
    width: float = WIDTH
    # mm of text


def _pieces(release: Path) -> list[Piece]:
    """The blocks of the text fixture as the paragraphs and lines of a PDF release."""
    blocks = list(document.read(release).blocks)
    pieces: list[Piece] = []
    end = None
    k = 0
    while k < len(blocks):
        block, last = blocks[k], blocks[k]
        text = block.text
        if block.kind == "dateline" and k + 1 < len(blocks) and blocks[k + 1].line == block.line:
            last = blocks[k + 1]
            text += last.prefix + last.text
            k += 1
        pieces.append(Piece(block.kind, text, end is not None and block.line != end + 1))
        end = last.lines[-1]
        k += 1
    return pieces


def _fits(how: str, line: str, following: str, elsewhere: Counter) -> bool:
    first = following.split()[0]
    if how == "words":
        return not line.rstrip().endswith((".", "!", "?", '"', ":"))
    if how == "sentence":
        return line.rstrip().endswith(".") and first[:1].isupper()
    if how == "join":
        word = first.rstrip(",.;:")
        return word.isalpha() and word.islower() and len(word) >= 5 and elsewhere[word] >= 2
    if how == "keep":
        return bool(re.fullmatch(r"[a-z]+-[a-z]+[,.;]?", first))
    raise ValueError(how)


def _wrap(out, piece: Piece, width: float, pitch: float, cut: Break | None, elsewhere: Counter):
    """The piece's lines, and after which of them its break comes (-1: none)."""
    def wrapped(at: float) -> list[str]:
        return [line.strip() for line in out.multi_cell(at, pitch, piece.text, dry_run=True,
                                                        output=MethodReturnValue.LINES)]

    if cut is None or cut.how == "before":
        return wrapped(width), -1
    for narrower in range(41):  # down to 2 cm narrower
        lines = wrapped(width - narrower / 2)
        for k in range(len(lines) - 1):
            if _fits(cut.how, lines[k], lines[k + 1], elsewhere):
                if cut.how in ("join", "keep"):
                    word, rest = (lines[k + 1].split(" ", 1) + [""])[:2]
                    head, tail = (word[:len(word) // 2], word[len(word) // 2:]) if cut.how == "join" \
                        else word.split("-", 1)
                    lines[k], lines[k + 1] = f"{lines[k]} {head}-", f"{tail} {rest}".strip()
                return lines, k
    raise AssertionError(f"no wrapping of {piece.text[:30]!r} gives a {cut.how!r} break")


def build(case: Case) -> bytes:
    """The case's release as a PDF: a running header, the footer and page number on every page."""
    pieces = _pieces(case.release)
    elsewhere = Counter(re.findall(r"[a-z]+", case.release.read_text(encoding="utf-8")))

    class Release(fpdf.FPDF):
        def header(self) -> None:
            self.set_font("dejavu", size=8)
            self.set_xy(MARGIN, 12)
            self.cell(0, 4, case.header)
            if case.top:
                self.set_xy(MARGIN, 17)
                self.cell(0, 4, case.number.format(n=self.page_no(), nb="{nb}"))

        def footer(self) -> None:
            self.set_font("dejavu", size=8)
            self.set_xy(MARGIN, PAGE[1] - 22)
            self.cell(0, 4, case.footer)
            if not case.top:
                self.set_xy(MARGIN, PAGE[1] - 16)
                self.cell(0, 4, case.number.format(n=self.page_no(), nb="{nb}"), align="C")

    out = Release(format=PAGE)
    out.set_auto_page_break(False)
    out.add_font("dejavu", fname=str(FONT))
    out.add_font("dejavu", style="B", fname=str(FONT.with_name("DejaVuSans-Bold.ttf")))
    out.add_page()
    y = float(TOP)
    for piece in pieces:
        style, size, pitch = ("B", 13, 6.5) if piece.kind == "title" else ("B", 10, PITCH) if piece.kind == "heading" \
            else ("", 10, PITCH)
        out.set_font("dejavu", style=style, size=size)
        indent = 4 if piece.kind == "bullet" else 0  # the marker hangs left of the item's lines
        cut = next((b for b in case.breaks if piece.text.startswith(b.paragraph)), None)
        if cut and cut.how == "before":
            out.add_page()
            y = float(TOP)
        y += GAP if piece.gap else 0
        lines, after = _wrap(out, piece, case.width - indent, pitch, cut, elsewhere)
        for k, line in enumerate(lines):
            if y + pitch > BOTTOM:
                out.add_page()
                y = float(TOP)
            if piece.kind == "bullet" and k == 0:
                out.set_xy(MARGIN, y)
                out.cell(indent, pitch, "•")
            out.set_xy(MARGIN + indent, y)
            out.cell(0, pitch, line)
            y += pitch
            if k == after and cut.page:
                out.add_page()
                y = float(TOP)
    return bytes(out.output())


FURNITURE = ("page_header", "page_footer", "page_number", "confidential")
HEADER = "Corvanta Therapeutics – Press Release"
CONFIDENTIAL = "Confidential – not for distribution before 7:00 a.m. ET, March 3, 2026"
CORVANTA_FURNITURE = ("page_header", "confidential", "page_number")
CASES = [
    Case("word break", CORVANTA, HEADER, CONFIDENTIAL, "Page {n} of {nb}", (Break("Motor scores", "words"),),
         furniture=CORVANTA_FURNITURE),
    Case("hyphenated word in the vocabulary", CORVANTA, HEADER, CONFIDENTIAL, "Page {n} of {nb}",
         (Break("BOSTON", "join"),), furniture=CORVANTA_FURNITURE),
    Case("between paragraphs", CORVANTA, HEADER, CONFIDENTIAL, "- {n} -", (Break("About Corvanta", "before"),),
         furniture=CORVANTA_FURNITURE),
    Case("lumina: real hyphen kept, word joined", LUMINA, "Lumina Biotech · News Release",
         "© 2026 Lumina Biotech (Shanghai) Co., Ltd.", "{n}/{nb}",
         (Break("SHANGHAI", "keep"), Break("The multicenter", "join")), top=True,
         furniture=("page_header", "page_footer", "page_number")),
    Case("aurora: sentence end", AURORA, "Aurora Neurosciences | Investor Relations", CONFIDENTIAL, "Page {n}",
         (Break("CAMBRIDGE", "sentence"),), furniture=("page_header", "confidential", "page_number")),
]
# A word hyphenated at a line end inside a page: the text rules join it (issue 15, item 2), not this reader.
INLINE_HYPHEN = Case("hyphen inside a page", CORVANTA, HEADER, CONFIDENTIAL, "Page {n} of {nb}",
                     (Break("BOSTON", "join", page=False), Break("Motor scores", "words")),
                     furniture=CORVANTA_FURNITURE)
# The release in a column of 118 mm (an A5 page): lines of about 60 characters.
NARROW = Case("narrow column", CORVANTA, HEADER, CONFIDENTIAL, "Page {n} of {nb}", (Break("Motor scores", "words"),),
              furniture=CORVANTA_FURNITURE, width=118)
# Subtitle bullets wrapped under their text (`participants` alone on the item's second line).
BULLETS = Case("aurora: wrapped bullets", AURORA, "Aurora Neurosciences | Investor Relations", CONFIDENTIAL,
               "Page {n}", (Break("CAMBRIDGE", "words"),), furniture=("page_header", "confidential", "page_number"),
               width=118)
ALL = CASES + [INLINE_HYPHEN, NARROW, BULLETS]


def _units(doc) -> list[tuple[str, str]]:
    return [(u.kind, u.text) for u in segment(doc)]


def _read(tmp_path: Path, data: bytes, name: str = "release.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return formats.read(path)


# --- reading back --------------------------------------------------------------------------


@pytest.mark.parametrize("case", ALL, ids=lambda case: case.name)
def test_units_as_in_the_text_release(case, tmp_path):
    data = build(case)
    found = pdf.pages(data, Path("release.pdf"))
    assert len(found) >= 2, "the fixture has a page break"
    assert _units(_read(tmp_path, data)) == _units(document.read(case.release))


@pytest.mark.parametrize("case", ALL, ids=lambda case: case.name)
def test_furniture_dropped_with_its_reason(case, tmp_path):
    data = build(case)
    found = pdf.pages(data, Path("release.pdf"))
    doc = _read(tmp_path, data)
    reasons = sorted(d.reason for d in doc.dropped if d.reason in FURNITURE)
    assert reasons == sorted(list(case.furniture) * len(found))
    texts = {line.number: line.text for page in found for line in page}
    assert all(texts[d.line] == d.text for d in doc.dropped)
    numbers = [d.text for d in doc.dropped if d.reason == "page_number"]
    assert numbers == [case.number.format(n=n, nb=len(found)) for n in range(1, len(found) + 1)]


@pytest.mark.parametrize("case", ALL, ids=lambda case: case.name)
def test_line_numbers_count_the_pdf_lines(case, tmp_path):
    data = build(case)
    found = pdf.pages(data, Path("release.pdf"))
    texts = {line.number: line.text for page in found for line in page}
    assert sorted(texts) == list(range(1, len(texts) + 1))
    doc = _read(tmp_path, data)
    dropped = {d.line for d in doc.dropped}
    seen = 0
    for block in doc.blocks:
        assert list(block.lines) == sorted(set(block.lines)) and block.line >= seen
        assert not dropped & set(block.lines) and set(block.lines) <= set(texts)
        # each source line's first word is in the block (a moved word fragment aside)
        assert all(texts[n].split()[0].strip("•") in block.text or n == block.lines[0] for n in block.lines)
        seen = block.line
    title = next(b for b in doc.blocks if b.kind == "title")
    first = min(n for n in texts if n not in dropped)
    assert title.line == first and texts[first] in title.text
    units = segment(doc)
    assert [u.line for u in units] == sorted(u.line for u in units)


def test_a_paragraph_crosses_the_page_break(tmp_path):
    """The word-break fixture's first page ends mid-sentence; the paragraph reads as one block."""
    data = build(CASES[0])
    found = pdf.pages(data, Path("release.pdf"))
    dropped = pdf.furniture(found)
    last = [line for line in found[0] if line.number not in dropped][-1]
    first = [line for line in found[1] if line.number not in dropped][0]
    assert not last.text.endswith((".", '"')) and first.text[:1].islower()
    doc = _read(tmp_path, data)
    block = next(b for b in doc.blocks if b.text.startswith("Motor scores"))
    assert f"{last.text} {first.text}" in block.text and {last.number, first.number} <= set(block.lines)


@pytest.mark.parametrize(("case", "cut", "read"), [
    (CASES[1], ("repo-", "rted"), "today reported"),  # the release says `reported` elsewhere
    (CASES[3], ("early-", "onset"), "with early-onset Parkinson's"),  # a compound keeps its hyphen
    (CASES[3], ("pati-", "ents,"), "approx. 90 patients,"),
    (INLINE_HYPHEN, ("repo-", "rted"), "today reported"),  # inside a page: the text rules' join
], ids=["page break, joined", "page break, compound", "page break, second", "inside a page"])
def test_hyphen_at_a_line_end(case, cut, read, tmp_path):
    data = build(case)
    found = pdf.pages(data, Path("release.pdf"))
    furniture = pdf.furniture(found)
    lines = [line.text for page in found for line in page if line.number not in furniture]
    assert any(a.endswith(" " + cut[0]) and b.startswith(cut[1]) for a, b in zip(lines, lines[1:]))
    text = " ".join(b.text for b in _read(tmp_path, data).blocks)
    assert read in text


@pytest.mark.parametrize(("last", "first", "joined"), [
    ("in 9 of 12 pa-", "tients, and no", ("in 9 of 12 patients,", "and no")),  # `patients` is in the text
    ("with off-the-", "shelf reagents", ("with off-the-shelf", "reagents")),  # `theshelf` is not
    ("a Sino-", "American venture", ("a Sino-American", "venture")),  # a capital after the hyphen: a compound
    ("the company -", "said", None),  # a dash, not a hyphen
    ("ends a sentence.", "The next", None),
    ("soft hyphen\u00ad", "ated here", ("soft hyphenated", "here")),
    ("the pa-", "tients", ("the patients", "")),
])
def test_word_cut_by_the_page_break(last, first, joined):
    assert pdf._join_break(last, first, frozenset({"patients", "the", "shelf"})) == joined


@pytest.mark.parametrize(("last", "first", "joined"), [
    ("the pa-", "tients said", ("the patients", "said")),  # nowhere else in the release, but a word
    ("and self-", "reported outcomes", ("and self-reported", "outcomes")),  # `selfreported` is no word
    ("its thera-", "peutic areas", ("its therapeutic", "areas")),
])
def test_word_cut_by_the_page_break_joined_when_it_is_a_word(last, first, joined):
    """The release's own words, and l10n's lists of common and biotech words, say which words are words."""
    assert pdf._join_break(last, first, pdf._vocabulary([])) == joined


# --- furniture rules -----------------------------------------------------------------------


def _line(text: str, page: int, y: float, number: int) -> pdf.Line:
    return pdf.Line(text, page, y, 40.0, 10.0, number)


def _pages(*pages: list[str]) -> list[list[pdf.Line]]:
    out, number = [], 0
    for page_number, texts in enumerate(pages, start=1):
        page = []
        for k, text in enumerate(texts):
            number += 1
            page.append(_line(text, page_number, 800 - 14 * k, number))
        out.append(page)
    return out


BODIES = [
    ["Motor scores improved in 9 of 12 patients, and no", "treatment-related serious adverse events",
     "were reported in the trial of the company.", "The company will expand its site in Cambridge."],
    ["to 5,000 square meters with a $12 million investment.", "About Corvanta Therapeutics",
     "Corvanta Therapeutics, Inc. develops cell therapies", "for neurological injury."],
    ["For more information, visit www.corvanta.com.", "Media Contact:", "Laura Kim", "press@corvanta.com"],
]


@pytest.mark.parametrize(("top", "bottom", "reasons"), [
    ("Corvanta Therapeutics – Press Release", "Page {n} of 3", ("page_header", "page_number")),
    ("Printed {n}/03/2026 Corvanta", "- {n} -", ("page_header", "page_number")),
    ("CONFIDENTIAL", "{n}", ("confidential", "page_number")),
    ("Corvanta", "{n}/3", ("page_header", "page_number")),
    ("Embargoed until March 3, 2026", "p. {n}", ("confidential", "page_number")),
    ("Draft release", "Corvanta Therapeutics, Inc. | www.corvanta.com", ("page_header", "page_footer")),
])
def test_furniture_rules(top, bottom, reasons):
    found = _pages(*([top.format(n=n)] + BODIES[n - 1] + [bottom.format(n=n)] for n in (1, 2, 3)))
    dropped = pdf.furniture(found)
    texts = {line.number: line.text for page in found for line in page}
    assert sorted(dropped.values()) == sorted(reasons * 3)
    assert all(texts[n] in (top.format(n=p), bottom.format(n=p)) for n, p in
               zip(sorted(dropped), [1, 1, 2, 2, 3, 3]))


def test_body_lines_are_not_furniture():
    """A bare number that is not the page's, a line repeated once only, a sentence saying `confidential`."""
    found = _pages(["2026"] + BODIES[0], ["The company said the data are confidential until the meeting."] + BODIES[1],
                   ["Page 3 of 3"] + BODIES[2])
    assert pdf.furniture(found) == {found[2][0].number: "page_number"}


def test_one_page_release():
    """One page shows no repetition: its page number and a confidentiality label go, a sentence stays."""
    found = _pages(["CONFIDENTIAL"] + BODIES[0] + ["The financial terms are confidential.", "1"])
    assert pdf.furniture(found) == {1: "confidential", 7: "page_number"}


TABLE = ["Quarter Revenue Margin", "Q1 52,418 12%", "Q2 37,195 9%"]


@pytest.mark.parametrize("pages", [
    # a table's heading repeated under each page's own title: it does not stand at the page's edge
    [["Acme results, first half"] + TABLE + BODIES[0], ["Acme results, second half"] + TABLE + BODIES[1]],
    # a table whose first cells (dates) come back at the top of each page: no word in them
    [["07/17/2015", "Alabama 18,870"] + BODIES[0], ["08/03/2015", "Alaska 209"] + BODIES[1],
     ["09/10/2015", "Arizona 2,303"] + BODIES[2]],
    # the same paragraph at the top of two pages of four: more than half the pages repeat a header
    [["Hello, here is some text without a meaning."] + BODIES[k % 3] for k in range(4)][:1]
    + [BODIES[0] + ["Hello, here is some text without a meaning."]]
    + [["Hello, here is some text without a meaning."] + BODIES[1], BODIES[2]],
    # a line about confidential information repeated in the text of two pages, not at their edges
    [BODIES[0][:2] + ["Except for Confidential Business"] + BODIES[0][2:],
     BODIES[1][:2] + ["Except for Confidential Business"] + BODIES[1][2:]],
], ids=["table heading", "letterless cells", "text at the top of half the pages", "confidential in the text"])
def test_repeated_lines_that_are_no_furniture(pages):
    assert pdf.furniture(_pages(*pages)) == {}


def test_furniture_stands_at_one_height():
    """A running header comes back where it stood; the same words lower on the page are text."""
    found = _pages(["Corvanta Therapeutics"] + BODIES[0], ["Corvanta Therapeutics"] + BODIES[1],
                   BODIES[2] + ["Corvanta Therapeutics"])
    assert pdf.furniture(found) == {1: "page_header", 6: "page_header"}
    moved = [[replace(line, y=line.y - 40 * line.page) for line in page] for page in found]
    assert pdf.furniture(moved) == {}


def test_page_number_beside_a_footer_on_its_baseline(tmp_path):
    """`1` centred and the site's address flush right, drawn apart on one baseline: two lines, the
    number a page number."""
    out = fpdf.FPDF()
    out.set_auto_page_break(False)
    out.add_font("dejavu", fname=str(FONT))
    out.set_font("dejavu", size=10)
    out.add_page()
    out.set_xy(20, 30)
    out.multi_cell(170, 5, "Corvanta Therapeutics reports data from its trial of CTX-101 in patients with "
                           "spinal cord injury, the company said today.")
    out.set_xy(20, 280)
    out.cell(170, 5, "1", align="C")
    out.set_xy(20, 280)
    out.cell(170, 5, "www.corvanta.com", align="R")
    doc = _read(tmp_path, bytes(out.output()))
    assert [(d.text, d.reason) for d in doc.dropped] == [("1", "page_number")]
    assert "www.corvanta.com" in [u.text for u in segment(doc)]


def test_paragraph_breaks_from_gaps_sizes_and_indents():
    def at(text: str, y: float, x: float = 40.0, size: float = 10.0) -> pdf.Line:
        return pdf.Line(text, 1, y, x, size)

    page = [at("Title of the release", 800, size=14), at("A paragraph's first line", 780), at("and its second.", 766),
            at("After a gap.", 740), at("An indented first line", 726, x=55), at("back at the margin.", 712),
            at("• A bullet item", 698), at("wrapped under its text", 684, x=50)]
    assert pdf._breaks(page, 1.4) == [False, True, False, True, True, False, False, False]
    assert pdf._indent(page, pdf._breaks(page, 1.4))[-1] == "    wrapped under its text"


def test_reading_order_from_the_top():
    """A footer and a later paragraph drawn before the first paragraph are read in their place."""
    lines = [_line("Page 1 of 1", 1, 40, 0), _line("second paragraph", 1, 700, 0), _line("first, line one", 1, 760, 0),
             _line("first, line two", 1, 746, 0)]
    assert [line.text for line in pdf._reading_order(lines)] == ["first, line one", "first, line two",
                                                                 "second paragraph", "Page 1 of 1"]
    columns = [_line("left one", 1, 760, 0), _line("left two", 1, 746, 0), _line("right one", 1, 760, 0),
               _line("right two", 1, 746, 0)]
    assert pdf._reading_order(columns) == columns


def test_header_drawn_last_is_read_first():
    """A page's header and footer drawn after its text, far from it: runs that do not overlap it."""
    lines = [_line("body one", 1, 530, 0), _line("body two", 1, 522, 0), _line("zen_of_python.txt", 1, 542, 0),
             _line("Printed by", 1, 562, 0), _line("Mittwoch Mai 30, 2018", 1, 26, 0)]
    assert [line.text for line in pdf._reading_order(lines)] == ["Printed by", "zen_of_python.txt", "body one",
                                                                 "body two", "Mittwoch Mai 30, 2018"]


def test_a_sentence_goes_on_into_the_next_column():
    """A column that ends mid-sentence goes on at the top of the next one; after a sentence's end, a
    new paragraph."""
    def at(text: str, y: float, x: float) -> pdf.Line:
        return pdf.Line(text, 1, y, x, 10.0)

    page = [at("Vivamus viverra fermentum felis. Donec nonummy", 169, 72), at("pellentesque ante. Phasellus", 586, 311),
            at("adipiscing semper elit.", 574, 311), at("Proin fermentum massa ac quam.", 169, 72),
            at("Sed diam turpis, molestie vitae.", 586, 311)]
    assert pdf._breaks(page, 1.2) == [False, False, False, True, True]


def _page_with_notes(notes: list[tuple[str, float, float, float]]) -> list[list[pdf.Line]]:
    """A page of two 10 pt paragraphs, the second cut by the page break mid-sentence, then the
    `notes` lines (text, x, y, size), then the next page going on with the sentence."""
    first = [("Acme reported data from the trial.1 The results", 760), ("were positive in all arms.", 746),
             ("Patients will be followed for", 720), ("stability of the", 706)]
    lines = [pdf.Line(text, 1, y, 72.0, 10.0) for text, y in first]
    lines += [pdf.Line(text, 1, y, x, size) for text, x, y, size in notes]
    following = [pdf.Line("two more years, the company said.", 2, 760, 72.0, 10.0)]
    return [[replace(line, number=n) for n, line in enumerate(lines, start=1)],
            [replace(line, number=len(lines) + 1) for line in following]]


NOTE = [("1 Data as of June 30, 2026, the", 79.0, 120.0, 7.0), ("trial's cut-off.", 72.0, 112.0, 7.0)]


@pytest.mark.parametrize(("notes", "found"), [
    (NOTE, [["1 Data as of June 30, 2026, the", "trial's cut-off."]]),
    # a marker the body does not set after a word is no footnote's
    ([("2 Data as of June 30, 2026.", 79.0, 120.0, 7.0)], []),
    # set at the body's size: body text
    ([("1 Data as of June 30, 2026.", 79.0, 120.0, 10.0)], []),
    # above the body's last line of its column: a caption, a side note
    ([("1 Data as of June 30, 2026.", 79.0, 730.0, 7.0)], []),
    # one note going on at the foot of the next column while its sentence does
    ([("A second column of body text.", 300.0, 760.0, 10.0), *NOTE[:1], ("trial's cut-off", 300.0, 130.0, 7.0),
      ("date.", 300.0, 122.0, 7.0)],
     [["1 Data as of June 30, 2026, the", "trial's cut-off", "date."]]),
    # a number out of the notes' order opening a line of a note is its text
    ([("Sales rose in the quarter.3", 300.0, 760.0, 10.0), ("1 More than 3 degrees for more", 79.0, 120.0, 7.0),
      ("3 seconds.", 72.0, 112.0, 7.0)], [["1 More than 3 degrees for more", "3 seconds."]]),
    # small print that is no note's above it: a table's cells, one opening with a number
    ([("Action Labor cost Cost", 72.0, 130.0, 7.0), ("1 work-hour × $85 per hour", 72.0, 120.0, 7.0)], []),
], ids=["footnote", "uncited marker", "body size", "above the body", "next column", "number in a note", "table"])
def test_footnotes_found_by_size_place_and_marker(notes, found):
    page = _page_with_notes(notes)[0]
    assert [[line.text for line in note] for note in pdf.footnotes(page, 10.0)] == found


def test_footnote_read_after_the_paragraph_the_page_break_cuts():
    """The paragraph goes on across the page break (no sentence end, a small letter next); the
    footnote at the first page's foot is a paragraph of its own after it, not its middle."""
    text = "\n".join(text for _, text in pdf.text_of(_page_with_notes(NOTE), {}))
    assert text.split("\n\n") == [
        "Acme reported data from the trial.1 The results\nwere positive in all arms.",
        "Patients will be followed for\nstability of the\ntwo more years, the company said.",
        "1 Data as of June 30, 2026, the\ntrial's cut-off.",
    ]


@pytest.mark.parametrize(("pieces", "size"), [
    # small capitals inside a line of 9 pt text: the line is 9 pt
    ([pdf.Piece("in the ", 399, 160.5, 425.4, 9.0),
      pdf.Piece("FOR FURTHER INFORMATION ", 425.4, 160.5, 536.7, 7.4)], 9.0),
    # capitals that are a smaller line's own, no lower-case text beside them
    ([pdf.Piece("FOR FURTHER INFORMATION", 399, 160.5, 510.0, 7.4)], 7.4),
    # a superscript marker stays what it is: the line is the text's size
    ([pdf.Piece("Reports", 45, 635, 80, 9.0), pdf.Piece("1", 81, 638, 83, 5.0), pdf.Piece(" from", 84, 635, 100, 9.0)],
     9.0),
], ids=["small capitals", "capitals alone", "superscript"])
def test_line_size_counts_small_capitals_at_the_text_size(pieces, size):
    assert [line.size for line in pdf._lines(pieces, 1)] == [size]


def _piece(text: str, x: float, y: float = 700.0, size: float = 10.0, width: float | None = None) -> pdf.Piece:
    return pdf.Piece(text, x, y, x + (width if width is not None else 0.5 * size * len(text)), size)


@pytest.mark.parametrize(("pieces", "lines"), [
    # word gaps measured: 0.3 of the size is a space, 0.05 is kerning
    ([_piece("Acme", 72, width=25), _piece("Thera", 100, width=25), _piece("peutics", 125.5)], ["Acme Therapeutics"]),
    # two lines drawn word by word in turn: each word on its own line's baseline
    ([_piece("Big", 99, 540, 116, 180), _piece("Small", 99, 495, 12, 31), _piece("Text", 300, 540, 116),
      _piece("Text", 133, 495, 12)], ["Big Text", "Small Text"]),
    # a title and a date at the two ends of one baseline: two lines
    ([_piece("Home Loan Interest Rates", 10, 571, 20), _piece("Effective as at 9 April 2019", 710, 571, 10)],
     ["Home Loan Interest Rates", "Effective as at 9 April 2019"]),
    # a superscript stays on its line; the words drawn right to left still read left to right
    ([_piece("Acme", 72), _piece("®", 92, 704, 6), _piece("reports", 130), _piece("today", 100)],
     ["Acme® today reports"]),
    # fake bold: the same text drawn again a hair to the right
    ([_piece("Corvanta", 72), _piece("Corvanta", 72.3, 700.2)], ["Corvanta"]),
], ids=["word gaps", "lines in turn", "far apart", "superscript and order", "drawn twice"])
def test_lines_from_pieces(pieces, lines):
    assert [line.text for line in pdf._lines(pieces, 1)] == lines


def test_lines_take_time_linear_in_the_pieces():
    """A page's pieces all on one baseline, or each on its own: 8 times the pieces, about 8 times the time."""
    def timed(count: int, step: float) -> float:
        pieces = [_piece("ab", 12.0 * k, 700.0 - step * k) for k in range(count)]
        started = time.perf_counter()
        pdf._lines(pieces, 1)
        return time.perf_counter() - started

    for step in (0.0, 14.0):
        count = 1_000
        small = min(timed(count, step) for _ in range(3))
        while small < 0.02 and count < 64_000:  # a few ms is mostly the machine's noise
            count *= 2
            small = min(timed(count, step) for _ in range(3))
        large = min(timed(8 * count, step) for _ in range(3))
        assert large < 24 * small, (step, count, small, large)


def test_lines_drawn_in_turn_read_apart():
    """Two lines drawn word by word in turn, in separate text objects (pdfplumber's issue 987)."""
    data = _content(b"BT /F1 24 Tf 72 700 Td (Big) Tj ET BT /F1 12 Tf 72 660 Td (Small) Tj ET "
                    b"BT /F1 24 Tf 120 700 Td (Text) Tj ET BT /F1 12 Tf 107 660 Td (Text) Tj ET")
    assert [[line.text for line in page] for page in pdf.pages(data, Path("release.pdf"))] == [["Big Text",
                                                                                               "Small Text"]]


@pytest.mark.parametrize("drawn", [
    # justified by word spacing, letter-spaced: pieces end where Tw and Tc put their last glyph
    b"BT /F1 10 Tf 72 700 Td 6 Tw 0.5 Tc (The company \\() Tj /F1 10 Tf (Nasdaq: ACME) Tj /F1 10 Tf (\\) today) Tj ET",
    # kerned and squeezed: TJ offsets and horizontal scaling move the next piece in
    b"BT /F1 10 Tf 72 700 Td 80 Tz [(The com) 120 (pany \\() 200 (\\()] TJ /F1 10 Tf (Nasdaq: ACME) Tj "
    b"/F1 10 Tf (\\) today) Tj ET",
], ids=["Tw and Tc", "TJ offsets and Tz"])
def test_piece_ends_where_its_last_glyph_does(drawn):
    """What pypdf's visitor leaves out of a piece's advance is read from the operators: no space
    where the glyphs touch."""
    text = [[line.text for line in page] for page in pdf.pages(_content(drawn), Path("release.pdf"))]
    assert text == [["The company (Nasdaq: ACME) today"]] or text == [["The company ((Nasdaq: ACME) today"]]


def test_text_drawn_twice_is_read_once():
    data = _content(b"BT /F1 12 Tf 72 700 Td (Corvanta Therapeutics reports data.) Tj ET "
                    b"BT /F1 12 Tf 72.4 699.7 Td (Corvanta Therapeutics reports data.) Tj ET")
    assert [[line.text for line in page] for page in pdf.pages(data, Path("release.pdf"))] == [
        ["Corvanta Therapeutics reports data."]]


@pytest.mark.parametrize(("rotate", "drawn"), [
    (90, b"q 0 1 -1 0 595 0 cm BT /F1 12 Tf 72 500 Td (Corvanta Therapeutics reports data.) Tj ET Q"),
    (270, b"q 0 -1 1 0 0 842 cm BT /F1 12 Tf 72 500 Td (Corvanta Therapeutics reports data.) Tj ET Q"),
    (180, b"q -1 0 0 -1 595 842 cm BT /F1 12 Tf 72 500 Td (Corvanta Therapeutics reports data.) Tj ET Q"),
    (90, b"BT /F1 12 Tf 72 500 Td (Corvanta Therapeutics reports data.) Tj ET"),  # upright as drawn, turned
    (0, b"q 0 1 -1 0 300 100 cm BT /F1 12 Tf 0 0 Td (Corvanta Therapeutics reports data.) Tj ET Q"),
], ids=["90", "270", "180", "upright as drawn", "sideways alone"])
def test_turned_page_read_as_shown(rotate, drawn):
    """A landscape page drawn turned and shown upright by its /Rotate is read; so is a page whose
    text is upright as drawn but shown turned, and one whose only text is set sideways."""
    data = _content(drawn, rotate=rotate)
    assert [[line.text for line in page] for page in pdf.pages(data, Path("release.pdf"))] == [
        ["Corvanta Therapeutics reports data."]]


# Helvetica's widths, but a space 1000 wide: pypdf takes a word gap for one only past half of it.
WIDE_SPACE = [1000] + [556] * 94
GAPPED = [b"the company said that the trial of its new therapy met the primary endpoint",
          b"and no serious adverse events were reported in any of the patients",
          b"the results will be presented at a medical meeting later this year",
          b"the company also said that it will start a larger trial with more sites"]


def test_second_reader_where_pypdf_loses_the_word_gaps(tmp_path):
    """Words set apart by TJ offsets only, in a font whose space pypdf takes for wider than the gaps:
    pypdf runs them together (`thecompanysaid...`), pdfminer.six reads the gaps; its reading wins."""
    lines = b" ".join(b"BT /F1 10 Tf 72 %d Td [%s] TJ ET" % (700 - 14 * k, b" -250 ".join(b"(%s)" % w for w in line.split()))
                      for k, line in enumerate(GAPPED))
    data = _content(lines, widths=WIDE_SPACE)
    found = pdf.pages(data, Path("release.pdf"))
    assert [line.text for line in found[0]] == [line.decode() for line in GAPPED]


def test_second_reader_where_pypdf_cannot_open_the_file():
    """A page tree listing itself: pypdf refuses the file, pdfminer.six reads its one page."""
    data = _page_tree(b"3 0 R 2 0 R", 2, b"Corvanta Therapeutics reports data.")
    assert [[line.text for line in page] for page in pdf.pages(data, Path("release.pdf"))] == [
        ["Corvanta Therapeutics reports data."]]


def test_second_reader_not_started_for_a_page_read_well(monkeypatch):
    """A page with known words in words of usual length is pypdf's: no child process."""
    monkeypatch.setattr(pdf, "_miner_pages", lambda *_: pytest.fail("the second reader was started"))
    assert len(pdf.pages(build(CASES[0]), Path("release.pdf"))) >= 2


def test_second_reader_bounded_in_time():
    started = time.monotonic()
    assert pdf._miner_pages(_simple(), 0.001) is None
    assert time.monotonic() - started < 2


@pytest.mark.slow
def test_second_reader_bounded_in_memory():
    """A stream that inflates to 1 GiB, past the child's address space: no reading, and this process
    never holds it."""
    import zlib

    packer = zlib.compressobj(9)
    body = packer.compress(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n")
    chunk = b" " * 2**24
    body += b"".join(packer.compress(chunk) for _ in range(64)) + packer.flush()
    data = _raw(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    assert pdf._miner_pages(data, 20) is None


def _press_release() -> bytes:
    """A release whose title wraps over three lines at 16 pt and whose dateline's dash went to the next line."""
    out = fpdf.FPDF()
    out.add_font("dejavu", fname=str(FONT))
    out.add_font("dejavu", style="B", fname=str(FONT.with_name("DejaVuSans-Bold.ttf")))
    out.add_page()
    out.set_font("dejavu", "B", 16)
    for k, line in enumerate(["Corvanta Therapeutics Reports Positive Results", "from Phase 2 Trial of CTX-101 in Patients",
                              "with Spinal Cord Injury"]):
        out.set_xy(20, 30 + 8 * k)
        out.cell(0, 8, line)
    out.set_font("dejavu", size=10)
    for k, line in enumerate(["BOSTON, March 3, 2026",
                              "-- Corvanta Therapeutics, Inc. (Nasdaq: CRVT) today announced positive results from its",
                              "Phase 2 trial of CTX-101 in patients with spinal cord injury. Motor scores improved in 9 of",
                              "12 patients, and no treatment-related serious adverse events were reported."]):
        out.set_xy(20, 60 + 5 * k)
        out.cell(0, 5, line)
    return bytes(out.output())


def test_title_over_three_lines_and_dateline_dash_on_the_next(tmp_path):
    units = [(u.kind, u.text) for u in segment(_read(tmp_path, _press_release()))]
    assert units[:3] == [
        ("title", "Corvanta Therapeutics Reports Positive Results from Phase 2 Trial of CTX-101 in Patients with "
                  "Spinal Cord Injury"),
        ("dateline", "BOSTON, March 3, 2026 --"),
        ("body", "Corvanta Therapeutics, Inc. (Nasdaq: CRVT) today announced positive results from its Phase 2 trial "
                 "of CTX-101 in patients with spinal cord injury."),
    ]


# --- refusals ------------------------------------------------------------------------------


def _simple(text: str = "Corvanta Therapeutics reports data.", **encryption) -> bytes:
    out = fpdf.FPDF()
    out.add_font("dejavu", fname=str(FONT))
    out.set_font("dejavu", size=10)
    if encryption:
        out.set_encryption(**encryption)
    out.add_page()
    out.cell(0, 5, text)
    return bytes(out.output())


def _image_only() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((10, 10), "Corvanta Therapeutics reports data.", fill="black")
    out = fpdf.FPDF()
    out.add_page()
    out.image(image, x=10, y=10, w=150)
    return bytes(out.output())


def _many_pages(count: int) -> bytes:
    out = fpdf.FPDF()
    out.set_font("helvetica", size=10)
    for n in range(count):
        out.add_page()
        out.cell(0, 5, f"page {n}")
    return bytes(out.output())


def _content(payload: bytes, compress: bool = True, rotate: int = 0, widths: list[int] | None = None) -> bytes:
    """A one-page PDF whose content stream is `payload`, in Helvetica (with its own /Widths from
    code 32 when `widths` says them), shown turned by `rotate` degrees."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = StreamObject()
    stream.set_data(payload)
    if compress:
        stream = stream.flate_encode(level=9)
    page[NameObject("/Contents")] = writer._add_object(stream)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    if widths:
        font.update({NameObject("/FirstChar"): NumberObject(32), NameObject("/LastChar"): NumberObject(31 + len(widths)),
                     NameObject("/Widths"): ArrayObject(NumberObject(w) for w in widths),
                     NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    if rotate:
        page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _raw(*objects: bytes) -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def _page_tree(kids: bytes, count: int, text: bytes = b"Corvanta") -> bytes:
    """One page listed in a page tree as `kids` says (2 0 R is the tree, 3 0 R the page)."""
    content = b"BT /F1 12 Tf 72 700 Td (%s) Tj ET" % text
    return _raw(b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (kids, count),
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")


REFUSALS = [
    ("password", lambda: _simple(owner_password="owner", user_password="secret"), "is encrypted with a password"),
    ("image only", _image_only, "holds no text (a scanned image?); run OCR first or give the release's text"),
    ("not a pdf", lambda: b"Corvanta Therapeutics reports data.\n", "is not a PDF"),
    ("word file", lambda: b"PK\x03\x04" + b"\x00" * 100, "is not a PDF"),
    ("empty", lambda: b"", "the file is empty"),
    ("truncated", lambda: _simple()[:len(_simple()) // 2], "is damaged: it ends before the PDF's end marker"),
    ("garbage", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "is a damaged PDF"),
    ("too many pages", lambda: _many_pages(pdf.MAX_PAGES + 1), f"has {pdf.MAX_PAGES + 1} pages, more than"),
    ("page tree bomb", lambda: _page_tree(b"3 0 R " * 200_000, 200_000), "safety limit"),
    ("flate bomb", lambda: _content(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + b" " * 40_000_000), "safety limit"),
    ("nested arrays", lambda: _content(b"BT /F1 12 Tf [" + b"[" * 50_000 + b"]" * 50_000 + b"] TJ ET"), "is a damaged PDF"),
    ("operator flood", lambda: _content(b"BT 1 0 0 1 10 10 Tm ET\n" * 100_000), "safety limit"),
    ("broken for both readers", lambda: _content(b"BT /F1 12 Tf 72 700 Td (x) Tj ET").replace(b"/FlateDecode", b"/Fx"),
     "is a damaged PDF"),
]


_SLOW_REFUSALS = {"operator flood"}  # about 3 s: pypdf parses 100,000 operators up to its work limit


@pytest.mark.parametrize(("name", "make", "message"),
                         [pytest.param(*r, id=r[0], marks=[pytest.mark.slow] if r[0] in _SLOW_REFUSALS else [])
                          for r in REFUSALS])
def test_refused_in_one_line(name, make, message, tmp_path):
    data = make()
    start = time.monotonic()
    with pytest.raises(L10nError) as error:
        _read(tmp_path, data)
    assert time.monotonic() - start < 10
    assert message in str(error.value)
    assert "\n" not in str(error.value) and str(error.value).startswith(str(tmp_path / "release.pdf"))


def test_time_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_SECONDS", 0.0)
    with pytest.raises(L10nError, match=r"took over 0 s to read 1 of its 1 pages"):
        _read(tmp_path, _simple())


@pytest.mark.slow
def test_mutated_pdfs_read_or_refused_in_one_line():
    """Bytes changed, cut out or put in at random places: a Document or one L10nError line, never another
    exception or a hang (the damage pypdf's parser meets in the wild)."""
    import random

    rng = random.Random(15)
    sources = [build(CASES[0]), _simple()]
    for _ in range(150):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 20)):
            at, choice = rng.randrange(len(data)), rng.random()
            if choice < 0.5:
                data[at] = rng.randrange(256)
            elif choice < 0.75:
                del data[at:at + rng.randint(1, 50)]
            else:
                data[at:at] = rng.randbytes(rng.randint(1, 20))
        start = time.monotonic()
        try:
            pdf.read(bytes(data), Path("release.pdf"))
        except L10nError as error:
            assert "\n" not in str(error)
        assert time.monotonic() - start < 5


def test_owner_password_only_is_read(tmp_path):
    """Opening needs no password: the text is there, only editing is restricted."""
    doc = _read(tmp_path, _simple(owner_password="owner"))
    assert [b.text for b in doc.blocks] == ["Corvanta Therapeutics reports data."]


def test_ligatures_and_spacing(tmp_path):
    doc = _read(tmp_path, _simple("The ﬁrst   patients were ﬂown in – “quoted” and signiﬁcant."))
    assert [b.text for b in doc.blocks] == ["The first patients were flown in – “quoted” and significant."]


def test_rotated_watermark_is_not_read(tmp_path):
    out = fpdf.FPDF()
    out.add_font("dejavu", fname=str(FONT))
    out.set_font("dejavu", size=10)
    out.add_page()
    out.cell(0, 5, "Corvanta Therapeutics reports data.")
    for angle in (90, 45):
        with out.rotation(angle, x=100, y=150):
            out.text(100, 150, "DRAFT – CONFIDENTIAL")
    doc = _read(tmp_path, bytes(out.output()))
    assert [b.text for b in doc.blocks] == ["Corvanta Therapeutics reports data."] and not doc.dropped


def test_cli_refuses_an_encrypted_pdf_in_one_line(tmp_path):
    path = tmp_path / "release.pdf"
    path.write_bytes(_simple(owner_password="owner", user_password="secret"))
    result = subprocess.run([sys.executable, "-m", "l10n", "segment", str(path)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is encrypted with a password" in result.stderr


def test_cli_segments_a_pdf(tmp_path):
    path = tmp_path / "release.pdf"
    path.write_bytes(build(CASES[0]))
    result = subprocess.run([sys.executable, "-m", "l10n", "segment", str(path), "--json"], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert '"reason": "page_header"' in result.stdout and "BOSTON, March 3, 2026 /PRNewswire/ --" in result.stdout


def test_nothing_printed_while_reading_a_damaged_pdf(tmp_path, capfd):
    data = _simple()
    damaged = data.replace(b"startxref", b"startxref\n0\n%%EOF\n% ", 1)  # a wrong xref offset, repaired by pypdf
    try:
        _read(tmp_path, damaged)
    except L10nError:
        pass
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""



# --- PDFs nobody here wrote -----------------------------------------------------------------

WILD = DATA / "wild" / "pdf"
EXPECTED = json.loads((WILD / "expected.json").read_text(encoding="utf-8"))


@functools.cache
def _wild_units(name: str) -> tuple[str, ...]:
    return tuple(unit.text for unit in segment(formats.read(WILD / name)))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wild_pdf(name):
    """Each string the PDF shows is in one unit; running headers, footers and words run together are in none."""
    units = _wild_units(name)
    assert [text for text in EXPECTED[name]["present"] if not any(text in unit for unit in units)] == []
    assert [text for text in EXPECTED[name]["absent"] if text in "\n".join(units)] == []


def test_wild_corpus_is_listed():
    """Every PDF of the corpus has its expected strings and its source."""
    sources = (WILD / "SOURCES.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in WILD.glob("*.pdf")) == sorted(EXPECTED)
    assert all(f"| {name} |" in sources for name in EXPECTED)
    assert sum(p.stat().st_size for p in WILD.glob("*.pdf")) <= 3 * 2**20
