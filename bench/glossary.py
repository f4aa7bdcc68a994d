"""Glossary speed: load time of a 100,000-concept glossary, and matching time per 10 KB of text
against a 1,000-concept glossary. Aho-Corasick makes matching cost follow the text, not the
glossary: the two matching times must be within 2x.

    python bench/glossary.py
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from l10n import glossary

SEED = Path(__file__).resolve().parent.parent / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"
SYLLABLES = "ka lo mi ne ru sa ti vo ze bi da fu gi he jo ku".split()


def generate(path: Path, concepts: int, rng: random.Random) -> None:
    """A glossary of made-up words and acronyms, plus the shipped terms so the text has matches."""
    shipped, _ = glossary.read(glossary.SHIPPED)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["en", "variants", "zh_CN", "ko_KR", "type", "note", "source"])
        for term in shipped:
            writer.writerow([term.source, " | ".join(term.variants), term.target("zh_CN"), term.target("ko_KR"),
                             term.kind, "", "reason: benchmark"])
        seen = {term.source.lower() for term in shipped}
        while len(seen) < concepts:
            if rng.random() < 0.2:
                source = "".join(rng.choice("ABCDEFGHKLMNPRSTVXZ") for _ in range(rng.randint(3, 5))) + str(rng.randint(1, 999))
            else:
                source = " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(rng.randint(1, 4)))
            if source.lower() in seen:
                continue
            seen.add(source.lower())
            writer.writerow([source, "", "术语", "용어", "term", "", "reason: benchmark"])


def seconds(function, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    rng = random.Random(7)
    seed = SEED.read_text(encoding="utf-8")
    text = (seed * (10_000 // len(seed) + 1))[:10_000]
    with tempfile.TemporaryDirectory() as folder:
        timings = {}
        for concepts in (1_000, 100_000):
            path = Path(folder) / f"{concepts}.csv"
            generate(path, concepts, rng)
            load = seconds(lambda: glossary.load([path]))
            terms = glossary.load([path])
            find = seconds(lambda: terms.find(text), repeat=50)
            timings[concepts] = find
            print(f"{len(terms.terms):>7,} concepts: load {load:6.2f} s, find {find * 1000:6.2f} ms per 10 KB "
                  f"({len(terms.find(text))} matches)")
    ratio = timings[100_000] / timings[1_000]
    print(f"matching with 100,000 concepts takes {ratio:.2f}x the time with 1,000 (target: within 2x)")


if __name__ == "__main__":
    main()
