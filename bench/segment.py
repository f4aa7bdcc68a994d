"""Segmentation speed: l10n (reading structure + sentences) against plain pySBD on the same text.

The seed release is repeated to about 1 MB. pySBD gets the text one paragraph (non-blank line)
at a time, as a user would feed a document to it; l10n gets the whole text and also parses the
layout and drops the page noise. Target: l10n at least half of pySBD's characters per second.

    python bench/segment.py [--size BYTES]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pysbd

from l10n.document import parse
from l10n.model import Document
from l10n.segment import segment

SEED = Path(__file__).resolve().parent.parent / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"


def timed(function, text: str) -> tuple[float, int]:
    start = time.perf_counter()
    count = function(text)
    return time.perf_counter() - start, count


def with_l10n(text: str) -> int:
    blocks, dropped = parse(text)
    return len(segment(Document(SEED, "utf-8", False, tuple(blocks), tuple(dropped))))


def with_pysbd(text: str) -> int:
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return sum(len(segmenter.segment(line)) for line in text.splitlines() if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="approximate text size in characters")
    size = parser.parse_args().size
    seed = SEED.read_text(encoding="utf-8")
    text = "\n\n".join([seed] * max(1, size // len(seed)))
    results = {name: timed(function, text) for name, function in (("pysbd", with_pysbd), ("l10n", with_l10n))}
    print(f"text: {len(text):,} characters ({len(text) // len(seed)} copies of the seed release)")
    for name, (seconds, count) in results.items():
        print(f"{name:>6}: {len(text) / seconds:12,.0f} chars/s  {seconds:6.2f} s  {count:,} segments")
    ratio = results["pysbd"][0] / results["l10n"][0]
    print(f"l10n runs at {ratio:.2f}x pySBD's speed (target: at least 0.5x)")


if __name__ == "__main__":
    main()
