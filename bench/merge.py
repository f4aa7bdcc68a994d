"""Merging a large catalog: `l10n merge` against GNU `msgmerge --previous` on the same files.

A catalog of N translated entries (git's zh_CN.po has about 6,000) is merged with a template in
which a tenth of the msgids changed (a word replaced, or a new sentence), so the fuzzy search
runs for every changed one. Both commands run as processes, best of three; the script checks
that both give the same entries. Target (issue #13): l10n at most 3× msgmerge's time.

    python bench/merge.py [--entries 6000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from limits import sentence  # noqa: E402


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
    old.save(str(folder / "old.po"))
    pot.save(str(folder / "new.pot"))
    return folder / "old.po", folder / "new.pot"


def best_of_three(command: list[str]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=6000)
    entries = parser.parse_args().entries
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        old, pot = write_pair(folder, entries)
        gnu = best_of_three(["msgmerge", "--quiet", "--previous", "-o", str(folder / "gnu.po"), str(old), str(pot)])
        ours = best_of_three([sys.executable, "-m", "l10n", "merge", str(old), str(pot), "-o", str(folder / "l10n.po")])
        flat = [subprocess.run(["msgcat", "--no-wrap", str(folder / name)], check=True, capture_output=True).stdout
                for name in ("gnu.po", "l10n.po")]
    print(f"{entries:,} entries: msgmerge {gnu:.2f} s, l10n merge {ours:.2f} s ({ours / gnu:.1f}x); "
          f"same entries: {'yes' if flat[0] == flat[1] else 'NO'}")


if __name__ == "__main__":
    main()
