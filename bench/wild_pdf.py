"""PDFs nobody here wrote: how many of their words reach the release, against poppler's pdftotext.

For each PDF, the reference is the words `pdftotext` (poppler-utils) reads from it; l10n's
words are those of `l10n.formats.read`'s blocks (`read`) and of the segmentation units cut
from them (`units`). Recall is the share of the reference's words (letters and digits, case
folded, NFKC, counted with repeats) found among l10n's; precision the share of the units' words
found among the reference's. A reader that drops running headers, footers and page numbers
loses their words on purpose, so a file's recall stays a little under 100%; words run together
(`WhatisEarthScience?`), fonts decoded as garbage and lines dropped as noise show as a collapse
of recall, words run together or torn apart (`Thera peutics`) as a fall of precision. A file
l10n refuses counts 0% and is listed as refused, with its line.

Result (pypdf 7.1.1, pdfminer.six 20260107, poppler 22; the text rules of the working tree on
both sides), units: on tests/data/wild/pdf/'s 23 files, recall median 90.9% -> 97.2%, worst 0.0%
-> 68.4% (an invoice printed twice over, whose copy repeats its foot lines at the same place:
footers), precision median 99.8% -> 100%, worst 0% -> 95.1%, refused 5 -> 0; on the 104 PDFs with
text of py-pdf/sample-files, pdfminer.six's samples (not `nonfree/`) and pdfplumber's tests,
recall median 96.3% -> 97.7%, mean 75.1% -> 85.7%, precision mean 83.9% -> 92.6%, refused 13 -> 5
(the five: Arabic and Japanese text that the text rules drop as foreign to an English release).

`--before` also reads each file with the PDF reader of git's HEAD (`git show HEAD:l10n/formats/pdf.py`,
the rest of l10n as it is), so one run shows a change's effect.

    python bench/wild_pdf.py [PDF or folder ...] [--before] [--show]

Default: tests/data/wild/pdf/. Needs `pdftotext` (apt-get install poppler-utils).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n import formats  # noqa: E402
from l10n.errors import L10nError  # noqa: E402
from l10n.files import read_bytes  # noqa: E402
from l10n.model import Document  # noqa: E402
from l10n.segment import segment  # noqa: E402
from wild import head_module  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "wild" / "pdf"
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Counter:
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def recall(reference: Counter, found: Counter) -> float:
    total = sum(reference.values())
    return sum(min(n, found[w]) for w, n in reference.items()) / total if total else 1.0


def pdftotext(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60)
    return done.stdout.decode("utf-8", "replace")


def before_reader() -> Callable[[Path], Document]:
    """The PDF reader at git's HEAD, beside today's."""
    module = head_module("pdf")
    # it starts its second reader from the package it lies in: the one on disk (HEAD's source has no file)
    module.__file__ = str(ROOT / "l10n" / "formats" / "pdf.py")
    return lambda path: module.read(read_bytes(path), path)


@dataclass(frozen=True)
class Score:
    """One reader's figures on one file."""

    file: str
    read: float
    # recall of the reference's words in the document's blocks
    units: float
    # recall in the segmentation units
    precision: float
    # share of the units' words that are the reference's: words run together or torn apart fall out
    refused: str = ""
    # the L10nError line, where the reader refused the file


def score(read: Callable[[Path], Document], path: Path, reference: Counter) -> Score:
    try:
        doc = read(path)
    except L10nError as error:
        return Score(path.name, 0.0, 0.0, 0.0, str(error))
    units = words(" ".join(unit.text for unit in segment(doc)))
    blocks = words(" ".join(block.text for block in doc.blocks))
    return Score(path.name, recall(reference, blocks), recall(reference, units), recall(units, reference))


def summary(name: str, rows: list[Score]) -> str:
    def figures(values: list[float]) -> str:
        return f"median {statistics.median(values):6.1%} worst {min(values):6.1%}"

    worst = min(rows, key=lambda row: row.units)
    return (f"{name:6}  read {figures([r.read for r in rows])} | units {figures([r.units for r in rows])} "
            f"({worst.file}) | precision {figures([r.precision for r in rows])} | "
            f"refused {sum(bool(r.refused) for r in rows)}/{len(rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--before", action="store_true", help="also read with git HEAD's PDF reader")
    parser.add_argument("--show", action="store_true", help="print every file's figures and refusals")
    args = parser.parse_args()
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext is missing: apt-get install poppler-utils")
    files = sorted(p for path in args.paths for p in ([path] if path.is_file() else path.glob("*.pdf")))
    readers = [("after", formats.read)] + ([("before", before_reader())] if args.before else [])
    results: dict[str, list[Score]] = {name: [] for name, _ in readers}
    for path in files:
        reference = words(pdftotext(path))
        if not reference:
            continue  # no text for pdftotext either: nothing to recall
        line = f"{path.name[:56]:56}"
        for name, read in readers:
            row = score(read, path, reference)
            results[name].append(row)
            line += f"  {name} {row.read:6.1%} {row.units:6.1%} {row.precision:6.1%}"
            if row.refused:
                line += f" REFUSED: {row.refused.split(': ', 1)[-1][:60]}"
        if args.show:
            print(line)
    for name, rows in results.items():
        if rows:
            print(summary(name, rows))


if __name__ == "__main__":
    main()
