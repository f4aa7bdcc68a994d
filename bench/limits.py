"""Time and peak memory of l10n on pathological input, and how they grow with its size.

Each case runs the real command line in a fresh process in a scratch folder and reads the
child's wall time, its CPU time (with that of the worker processes it started: on a shared
machine wall time also counts the other processes) and its peak resident memory (ru_maxrss,
the largest single process). Cases:

- one huge line: a release whose body is a single line of N bytes (`segment`);
- a huge file: a release of N bytes in ordinary paragraphs (`segment`, `translate --engine pseudo`);
- a huge catalog: a catalog of N entries (`check`, `translate --engine memory` on its release).

Targets (issue #12): linear growth; a 2 MB line and a 50 MB file segmented in under 60 s and
500 MB; a 100,000-entry catalog checked in under 30 s.

    python bench/limits.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"
HEAD = "Acme Bio Reports Results\n\nBOSTON, March 3, 2026 /PRNewswire/ -- "
SENTENCES = [
    "Acme Bio, Inc. (Nasdaq: ACME) dosed patient {n} in its Phase 1/2 trial of AB-{n} at approx. 5 mg/kg.",
    "The trial enrolled {n} patients at 12 sites in the U.S. and South Korea, i.e., 4 more than planned.",
    "Dr. Lee said the data, incl. 52-week results, support moving AB-{n} into a registrational trial.",
]


def sentence(n: int) -> str:
    return SENTENCES[n % 3].format(n=n)


def sentences(count: int) -> list[str]:
    return [sentence(n) for n in range(count)]


def one_line(size: int) -> str:
    body, total, n = [], 0, 0
    while total < size:
        body.append(sentence(n))
        total, n = total + len(body[-1]) + 1, n + 1
    return HEAD + " ".join(body) + "\n"


def paragraphs(size: int) -> str:
    text, total, n = [HEAD.rstrip(" ") + " Acme Bio today reported results.\n"], 0, 0
    while total < size:
        text.append("\n" + " ".join(sentence(n + i) for i in range(4)) + "\n")
        total, n = total + len(text[-1]), n + 4
    return "".join(text)


def catalog(entries: int) -> tuple[str, str]:
    """A release of `entries` distinct sentences, and a reviewed zh_CN catalog of it."""
    lines = sentences(entries)
    release = HEAD.rstrip(" ") + " Acme Bio today reported results.\n\n" + "\n\n".join(lines) + "\n"
    po = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_CN\\n"\n'
          '"Plural-Forms: nplurals=1; plural=0;\\n"\n']
    for line in lines:
        po.append(f'#. kind: body\nmsgid "{line}"\nmsgstr "{line.replace("patients", "名患者")}"\n')
    return release, "\n".join(po)


def run(folder: Path, *args: str) -> str:
    """Wall seconds, CPU seconds, peak MB and exit status of `l10n ARGS` in `folder`, as table columns.

    The CPU time includes the worker processes the command waited for; the peak is the largest
    single process's.
    """
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "l10n", *args], cwd=folder, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return "%10.1f%10.1f%10.0f%8d" % (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                                      os.waitstatus_to_exitcode(status))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    quick = parser.parse_args().quick
    line_sizes = [20_000, 200_000, 2_000_000][: 2 if quick else 3]
    file_sizes = [500_000, 5_000_000, 50_000_000][: 2 if quick else 3]
    catalog_sizes = [1_000, 10_000, 100_000][: 2 if quick else 3]
    print(f"{'case':<34}{'size':>12}{'seconds':>10}{'cpu s':>10}{'peak MB':>10}{'status':>8}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for size in line_sizes:
            (folder / "line.txt").write_text(one_line(size), encoding="utf-8")
            print(f"{'segment: one line':<34}{size:>12,}{run(folder, 'segment', 'line.txt', '--json')}", flush=True)
        for size in file_sizes:
            (folder / "big.txt").write_text(paragraphs(size), encoding="utf-8")
            print(f"{'segment: file':<34}{size:>12,}{run(folder, 'segment', 'big.txt', '--json')}", flush=True)
        # In one folder, so each run after the first merges its sentences into the catalog the
        # run before left (48,000 new sentences into 4,800 for 5 MB): that merge is most of its time.
        for size in file_sizes[:-1] if not quick else file_sizes[:1]:
            (folder / "big.txt").write_text(paragraphs(size), encoding="utf-8")
            print(f"{'translate --engine pseudo: file':<34}{size:>12,}"
                  f"{run(folder, 'translate', 'big.txt', '--to', 'zh', '--engine', 'pseudo', '-q')}", flush=True)
        for entries in catalog_sizes:
            release, po = catalog(entries)
            (folder / "cat.txt").write_text(release, encoding="utf-8")
            path = folder / "locales" / "zh_CN" / "LC_MESSAGES" / "cat.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(po, encoding="utf-8")
            print(f"{'check: catalog (entries)':<34}{entries:>12,}{run(folder, 'check', str(path))}", flush=True)
            print(f"{'translate --engine memory (entries)':<34}{entries:>12,}"
                  f"{run(folder, 'translate', 'cat.txt', '--to', 'zh', '--engine', 'memory', '-q')}", flush=True)


if __name__ == "__main__":
    main()
