"""Merging catalogs: `l10n merge` against GNU `msgmerge --previous` on the same files.

The catalogs are the real ones the tests merge (Sphinx's Chinese and Korean catalogs, both
ways: tests/data/catalogs/sphinx), the small fixture trios of tests/data/catalogs (a few
entries each, where start-up is all there is), and generated catalogs of N translated entries
merged with a template in which a tenth of the msgids changed (a word replaced, or a new
sentence), so the fuzzy search runs for every changed one; git's zh_CN.po has about 6,000.
Both commands run as processes, best of three, after a first run that warms the disk cache and
Python's bytecode; the script checks that both give the same entries (`msgcat --no-wrap` of
each). The last line says what a bare Python start costs, the floor under every l10n figure.
Target (issue #26): l10n within 1.2× of msgmerge.

    python bench/merge.py [--entries 100,1000,6000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from limits import sentence  # noqa: E402

from l10n import catalog  # noqa: E402

CATALOGS = Path(__file__).resolve().parent.parent / "tests" / "data" / "catalogs"
SPHINX = [("zh_CN.old.po", "new.pot"), ("ko.old.po", "new.pot"), ("zh_CN.new.po", "old.pot"), ("ko.new.po", "old.pot")]


def write_pair(folder: Path, entries: int) -> tuple[Path, Path]:
    chance = random.Random(1)
    old, pot = polib.POFile(wrapwidth=79), polib.POFile(wrapwidth=79)
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN",
                    "Plural-Forms": "nplurals=1; plural=0;"}
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for n in range(entries):
        text = f"{sentence(n)} Item {n}."
        old.append(polib.POEntry(msgid=text, msgstr=f"译文{n}", occurrences=[("release.txt", str(n))]))
        if chance.random() < 0.1:
            text = text.replace("trial", "study") if chance.random() < 0.5 else f"A new sentence, number {n}, here."
        pot.append(polib.POEntry(msgid=text, msgstr="", occurrences=[("release.txt", str(n))]))
    old.save(str(folder / f"old-{entries}.po"))
    pot.save(str(folder / f"new-{entries}.pot"))
    return folder / f"old-{entries}.po", folder / f"new-{entries}.pot"


# Python's bytecode cache written, as an installed package has it (pip compiles at install).
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def best_of(runs: int, command: list[str]) -> float:
    subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
        times.append(time.perf_counter() - start)
    return min(times)


def pairs(folder: Path, sizes: list[int]) -> list[tuple[str, Path, Path]]:
    found = [(f"sphinx {old} + {new}", CATALOGS / "sphinx" / old, CATALOGS / "sphinx" / new) for old, new in SPHINX]
    found += [(f"fixture {p.name}", p / "old.po", p / "new.pot") for p in sorted(CATALOGS.iterdir())
              if (p / "old.po").is_file() and not (p / "options").is_file()]
    return found + [(f"generated {n:,}", *write_pair(folder, n)) for n in sizes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", default="100,1000,6000", help="sizes of the generated catalogs, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    sizes = [int(n) for n in arguments.entries.split(",") if n]
    ratios = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, old, pot in pairs(folder, sizes):
            entries = len(catalog.read(pot))
            gnu = best_of(arguments.runs, ["msgmerge", "--quiet", "--previous", "-o", str(folder / "gnu.po"), str(old),
                                           str(pot)])
            ours = best_of(arguments.runs, [sys.executable, "-m", "l10n", "merge", str(old), str(pot), "-o",
                                            str(folder / "l10n.po")])
            # (msgcat keeps the CR of a CRLF line in comments, and l10n keeps a CRLF file's line ends)
            flat = [subprocess.run(["msgcat", "--no-wrap", str(folder / name)], check=True,
                                   capture_output=True).stdout.replace(b"\r", b"") for name in ("gnu.po", "l10n.po")]
            ratios.append(ours / gnu)
            print(f"{name:42} {entries:6,} entries: msgmerge {gnu:6.3f} s, l10n merge {ours:6.3f} s "
                  f"({ours / gnu:4.1f}x); same entries: {'yes' if flat[0] == flat[1] else 'NO'}")
        bare = best_of(arguments.runs, [sys.executable, "-c", "pass"])
    print(f"python -c pass: {bare:.3f} s; l10n within 1.2x of msgmerge on {sum(r <= 1.2 for r in ratios)} "
          f"of {len(ratios)} pairs")


if __name__ == "__main__":
    main()
