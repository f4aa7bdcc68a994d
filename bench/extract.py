"""Finding the release in a saved web page: trafilatura against readability-lxml, and l10n's reader.

For each page in tests/data/html with an `.expected.txt` (the release's paragraphs, one per
line; a `<br>` line or a table cell is a line of its own; the first line is the headline), each
extractor's output is cut into lines the same way and compared with the expected lines:

- recall: share of the expected body lines (all but the headline) the output holds;
- precision: share of the output's lines that belong to the release;
- h1: whether the headline is in the output;
- ms: median time of a run, parsing included.

Two lines match when they are equal once all whitespace is removed, or when the shorter one
(20 characters or more) lies inside the longer: an extractor may keep a contact block as one
line or cut a paragraph at an inline element. `l10n` is `l10n.formats.html.read`, the reader
built on the chosen extractor; its lines are the Document's blocks cut at their source lines
(a dateline joined back to the paragraph it opens, as in the source).

    python bench/extract.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import lxml.html
import readability
import trafilatura


DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "html"

# Elements that start a new line in an extractor's output: HTML for readability, the
# TEI-like XML of trafilatura (head, item, cell, quote, lb).
BLOCKS = frozenset("p div h1 h2 h3 h4 h5 h6 li td th tr blockquote address pre figcaption dd dt "
                   "head item cell row quote list table ul ol".split())
BREAKS = frozenset(("br", "lb"))


def lines_of(markup: str | None) -> list[str]:
    """The text lines of an extractor's HTML or XML output."""
    if not markup:
        return []
    root = lxml.html.fromstring(markup)
    out: list[str] = [""]

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in BLOCKS or tag in BREAKS:
            out.append("")
        if tag not in BREAKS:
            out[-1] += element.text or ""
            for child in element:
                walk(child)
        if tag in BLOCKS:
            out.append("")
        out[-1] += element.tail or ""

    walk(root)
    return [" ".join(line.split()) for line in out if line.strip()]


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def _same(a: str, b: str) -> bool:
    short, long = sorted((_key(a), _key(b)), key=len)
    return short == long or (len(short) >= 20 and short in long)


def score(expected: list[str], found: list[str]) -> tuple[float, float, bool]:
    """(recall of the body lines, precision, headline found)."""
    body = expected[1:]
    recall = sum(any(_same(e, f) for f in found) for e in body) / len(body)
    precision = sum(any(_same(f, e) for e in expected) for f in found) / len(found) if found else 0.0
    return recall, precision, any(_key(f) == _key(expected[0]) for f in found)


def trafilatura_xml(data: bytes, **options) -> list[str]:
    return lines_of(trafilatura.extract(data, output_format="xml", include_formatting=True, include_links=True,
                                        include_tables=True, **options))


def readability_summary(data: bytes) -> list[str]:
    return lines_of(readability.Document(data).summary(html_partial=True))


def l10n_reader(data: bytes) -> list[str]:
    from l10n.formats import html as reader

    document = reader.read(data, Path("page.html"), "en", None)
    lines: list[str] = []
    dateline = ""
    for block in document.blocks:
        if block.kind == "dateline":
            dateline = block.text
            continue
        ends = [*block.offsets[1:], len(block.text) + 1]
        pieces = [block.text[start:end - 1] for start, end in zip(block.offsets, ends)]  # its source lines
        if dateline:
            pieces[0], dateline = dateline + block.prefix + pieces[0], ""  # the paragraph the dateline opens
        lines += pieces
    return lines


EXTRACTORS: tuple[tuple[str, Callable[[bytes], list[str]]], ...] = (
    ("trafilatura", trafilatura_xml),
    ("trafilatura recall", lambda data: trafilatura_xml(data, favor_recall=True)),
    ("trafilatura precision", lambda data: trafilatura_xml(data, favor_precision=True)),
    ("readability", readability_summary),
    ("l10n (html.read)", l10n_reader),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page and extractor")
    runs = parser.parse_args().runs
    pages = sorted(DATA.glob("*.expected.txt"))
    print(f"{'page':<24} {'extractor':<22} {'recall':>7} {'precision':>9} {'h1':>3} {'ms':>7}")
    totals: dict[str, list[tuple[float, float, bool, float]]] = {}
    for expected_file in pages:
        page = expected_file.with_name(expected_file.name.replace(".expected.txt", ".html"))
        data = page.read_bytes()
        expected = [line for line in expected_file.read_text(encoding="utf-8").splitlines() if line.strip()]
        for name, extract in EXTRACTORS:
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                found = extract(data)
                times.append((time.perf_counter() - start) * 1000)
            recall, precision, headline = score(expected, found)
            ms = statistics.median(times)
            totals.setdefault(name, []).append((recall, precision, headline, ms))
            print(f"{page.stem:<24} {name:<22} {recall:>7.0%} {precision:>9.0%} {'yes' if headline else 'no':>3} {ms:>7.1f}")
    print()
    for name, rows in totals.items():
        recall, precision, _, ms = (statistics.mean(column) for column in zip(*rows))
        headlines = sum(row[2] for row in rows)
        print(f"{'mean':<24} {name:<22} {recall:>7.0%} {precision:>9.0%} {headlines:>3} {ms:>7.1f}")


if __name__ == "__main__":
    main()
