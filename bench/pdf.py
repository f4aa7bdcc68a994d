"""Text from a PDF release: pypdf against pdfminer.six, and l10n's reader built on the winner.

Each fixture is a one-page PDF drawn with fpdf2 in DejaVu Sans (a Unicode TrueType font, subset
and embedded the way Word and most PDF writers embed fonts), from lines whose text is known, so
the expected output is exactly the lines drawn, in reading order:

- ragged, justified: a release's paragraphs wrapped by fpdf2 (`multi_cell`, left-aligned or
  justified: justified lines are drawn with wide gaps between words, a classic cause of split
  lines and of words glued or torn apart);
- hyphens: words hyphenated at a line end (`medi-` / `cines`, `off-the-` / `shelf`), which must
  come out as drawn;
- ligatures: `ﬁ`, `ﬂ`, `ﬀ`, `ﬃ` glyphs, curly quotes, en and em dashes;
- letterspaced: a heading drawn with character spacing (`P R E S S` is one word per letter if
  a reader takes the spacing for word gaps);
- words: every word drawn on its own (one text object per word, as some generators do), so the
  spaces exist only as gaps;
- bullets: `•` items with an indented wrapped line;
- order: the second paragraph drawn before the first and the page footer before both, so
  reading order is not drawing order;
- columns: two columns, the left drawn before the right;
- core: a standard Helvetica (not embedded, WinAnsi encoding), as simple generators write.

Score: the share of the expected lines that a reader gets exactly, in order (difflib's longest
matching sequence of lines); blank lines are left out. `raw` compares the text as the library
gives it (trailing spaces cut); `norm` after the clean-up l10n applies to any reader's lines:
runs of spaces made one, ligature characters (U+FB00 to U+FB06) spelled out, NFC. The
contestants are pypdf's default text extraction, pypdf's layout mode (spaces and blank lines
laid out by position), pdfminer.six's `extract_text` with default layout analysis and with
`char_margin=8` (`pdfminer-cm8`: wider gaps inside a line before it is cut), and `l10n`,
`l10n.formats.pdf.pages`: the page lines the reader builds on pypdf (reading order fixed,
text cleaned), before its furniture rules. ms: median time of a run over the file's bytes.

Result (fpdf2 2.8.9, pypdf 7.1.1, pdfminer.six 20260107), share of lines exact, raw / norm:
pypdf 81% / 95%, pypdf-layout 58% / 85%, pdfminer 83% / 95%, pdfminer-cm8 83% / 97%, l10n
100% / 100%; 1.4, 1.4, 4.2, 4.0 and 1.6 ms a fixture.

pdfminer.six is a dependency of l10n too: the reader's second reader, for pages pypdf reads poorly
(`bench/wild_pdf.py` measures it on public PDFs).

    python bench/pdf.py [--runs N] [--show]
"""

from __future__ import annotations

import argparse
import difflib
import io
import statistics
import time
import unicodedata
import warnings
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
RELEASE = Path(__file__).resolve().parent.parent / "tests" / "data" / "review" / "corvanta.txt"
LIGATURES = str.maketrans({c: unicodedata.normalize("NFKC", c) for c in "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"})
PITCH = 5  # mm between two lines


def _pdf(font: bool = True) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    if font:
        pdf.add_font("dejavu", fname=str(FONT))
        pdf.set_font("dejavu", size=10)
    else:
        pdf.set_font("helvetica", size=10)
    pdf.add_page()
    return pdf


def _draw(pdf: FPDF, lines: list[str], x: float = 20, y: float = 20, gap: float = 3) -> float:
    """Draw `lines` one under the other at (x, y); "" is a paragraph gap. Returns the y below them."""
    for line in lines:
        if not line:
            y += gap
            continue
        pdf.set_xy(x, y)
        pdf.cell(0, PITCH, line)
        y += PITCH
    return y


def _paragraphs() -> list[str]:
    return RELEASE.read_text(encoding="utf-8").strip().split("\n\n")


def wrapped(align: str) -> tuple[bytes, list[str]]:
    pdf = _pdf()
    expected: list[str] = []
    pdf.set_xy(20, 20)
    for paragraph in _paragraphs():
        for line in paragraph.split("\n"):
            lines = pdf.multi_cell(120, PITCH, line, align=align, dry_run=True, output=MethodReturnValue.LINES)
            expected += [text.strip() for text in lines]
            pdf.multi_cell(120, PITCH, line, align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.set_x(20)
        pdf.ln(3)
        pdf.set_x(20)
    return bytes(pdf.output()), expected


def ragged() -> tuple[bytes, list[str]]:
    return wrapped("L")


def justified() -> tuple[bytes, list[str]]:
    return wrapped("J")


def hyphens() -> tuple[bytes, list[str]]:
    lines = ["The company makes cell-based medi-", "cines for spinal cord injury and sells", "off-the-",
             "shelf reagents to academic partners, in-", "cluding three hospitals."]
    pdf = _pdf()
    _draw(pdf, lines)
    return bytes(pdf.output()), lines


def ligatures() -> tuple[bytes, list[str]]:
    lines = ["The ﬁrst patients were ﬂown in; the eﬀect was signiﬁcant and", "the oﬃce said: “We are ﬁnally there” – a step — she said it’s ﬁne."]
    pdf = _pdf()
    _draw(pdf, lines)
    return bytes(pdf.output()), [line.translate(LIGATURES) for line in lines]


def letterspaced() -> tuple[bytes, list[str]]:
    pdf = _pdf()
    pdf.set_xy(20, 20)
    pdf.set_char_spacing(2.5)
    pdf.cell(0, PITCH, "PRESS RELEASE")
    pdf.set_char_spacing(0)
    lines = ["Corvanta Therapeutics Reports 52-Week Results", "", "BOSTON, March 3, 2026 /PRNewswire/ -- Corvanta today reported data."]
    _draw(pdf, lines, y=20 + PITCH + 3)
    return bytes(pdf.output()), ["PRESS RELEASE"] + [line for line in lines if line]


def words() -> tuple[bytes, list[str]]:
    lines = ["Motor scores improved in 9 of 12 patients, and no", "treatment-related serious adverse events were reported."]
    pdf = _pdf()
    for row, line in enumerate(lines):
        x = 20.0
        for word in line.split():
            pdf.text(x, 30 + row * PITCH, word)
            x += pdf.get_string_width(word + " ")
    return bytes(pdf.output()), lines


def bullets() -> tuple[bytes, list[str]]:
    pdf = _pdf()
    items = [("•", ["Primary endpoint met with a 27% slowing of decline on CDR-SB", "at 18 months (p=0.003)"]),
             ("•", ["Favorable safety profile; ARIA-E observed in 4.1% of participants"]),
             ("–", ["Company to host conference call today at 8:00 a.m. ET"])]
    y, expected = 20.0, []
    for marker, lines in items:
        pdf.text(22, y + 3.5, marker)
        _draw(pdf, lines, x=27, y=y)
        y += PITCH * len(lines) + 1
        expected += [f"{marker} {lines[0]}"] + lines[1:]
    return bytes(pdf.output()), expected


def order() -> tuple[bytes, list[str]]:
    first = ["Corvanta Therapeutics, Inc. develops cell therapies for", "neurological injury."]
    second = ["For more information, visit www.corvanta.com."]
    pdf = _pdf()
    _draw(pdf, ["Page 1 of 1"], y=280)
    _draw(pdf, second, y=20 + PITCH * len(first) + 3)
    _draw(pdf, first, y=20)
    return bytes(pdf.output()), first + second + ["Page 1 of 1"]


def columns() -> tuple[bytes, list[str]]:
    left = ["Motor scores improved in 9 of", "12 patients, and no treatment-", "related serious adverse events", "were reported."]
    right = ["The company will expand its", "manufacturing site in Cambridge", "to 5,000 square meters with a", "$12 million investment."]
    pdf = _pdf()
    _draw(pdf, left, x=20)
    _draw(pdf, right, x=110)
    return bytes(pdf.output()), left + right


def core() -> tuple[bytes, list[str]]:
    lines = ["Corvanta Therapeutics Reports 52-Week Results from Phase 1/2 Trial", "",
             "BOSTON, March 3, 2026 /PRNewswire/ -- Corvanta Therapeutics, Inc. (Nasdaq: CRVT)",
             "today reported 52 weeks of follow-up from its Phase 1/2 trial of CRV-101."]
    pdf = _pdf(font=False)
    _draw(pdf, lines)
    return bytes(pdf.output()), [line for line in lines if line]


FIXTURES: dict[str, Callable[[], tuple[bytes, list[str]]]] = {
    f.__name__: f for f in (ragged, justified, hyphens, ligatures, letterspaced, words, bullets, order, columns, core)
}


# --- the readers ---------------------------------------------------------------------------


def with_pypdf(data: bytes) -> list[str]:
    import pypdf

    return [line for page in pypdf.PdfReader(io.BytesIO(data)).pages for line in page.extract_text().split("\n")]


def with_pypdf_layout(data: bytes) -> list[str]:
    import pypdf

    return [line.strip() for page in pypdf.PdfReader(io.BytesIO(data)).pages
            for line in page.extract_text(extraction_mode="layout").split("\n")]


def with_pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\n")


def with_pdfminer_wide(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    return extract_text(io.BytesIO(data), laparams=LAParams(char_margin=8)).split("\n")


def with_l10n(data: bytes) -> list[str]:
    from l10n.formats import pdf

    return [line.text for page in pdf.pages(data, RELEASE.with_suffix(".pdf")) for line in page]


READERS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf": with_pypdf, "pypdf-layout": with_pypdf_layout, "pdfminer": with_pdfminer,
    "pdfminer-cm8": with_pdfminer_wide, "l10n": with_l10n,
}


def _clean(lines: list[str], norm: bool) -> list[str]:
    out = []
    for line in lines:
        line = line.replace("\x0c", "").rstrip()
        if norm:
            line = unicodedata.normalize("NFC", " ".join(line.translate(LIGATURES).split()))
        if line.strip():
            out.append(line)
    return out


def score(expected: list[str], got: list[str], norm: bool) -> float:
    got = _clean(got, norm)
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per fixture and reader")
    parser.add_argument("--show", action="store_true", help="print each reader's lines that differ")
    runs = parser.parse_args().runs
    show = parser.parse_args().show
    warnings.simplefilter("ignore")
    names = list(READERS)
    print(f"{'fixture':<13}" + "".join(f"{name:>22}" for name in names))
    print(f"{'':<13}" + "".join(f"{'raw  norm    ms':>22}" for _ in names))
    totals = {name: [0.0, 0.0, []] for name in names}
    for fixture, build in FIXTURES.items():
        data, expected = build()
        row = f"{fixture:<13}"
        for name, reader in READERS.items():
            got = reader(data)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                reader(data)
                times.append(time.perf_counter() - start)
            raw, norm = score(expected, got, False), score(expected, got, True)
            totals[name][0] += raw
            totals[name][1] += norm
            totals[name][2].append(statistics.median(times))
            row += f"{raw:>10.0%}{norm:>6.0%}{statistics.median(times) * 1000:>6.1f}"
            if show and norm < 1:
                print(f"  {name} on {fixture}: {_clean(got, True)!r}\n  expected {expected!r}")
        print(row)
    count = len(FIXTURES)
    print(f"{'mean':<13}" + "".join(f"{t[0] / count:>10.0%}{t[1] / count:>6.0%}{statistics.mean(t[2]) * 1000:>6.1f}"
                                    for t in totals.values()))


if __name__ == "__main__":
    main()
