"""Start-up: what a command costs above a bare Python start, with the interpreter's bytecode
cache written as an installed package has it (pip compiles at install; a checkout compiles on
the first run unless PYTHONDONTWRITEBYTECODE is set, which this script clears).

Targets (issue #23): `l10n --help` and a no-change `translate` of one release each at most
0.15 s above `python -c pass`. Each command runs 15 times; the median is reported.
tests/test_cli.py checks that neither imports rich, pydantic or any MT or format library.

    python bench/startup.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"
RUNS = 15
TARGET = 0.15


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str], cwd: Path) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, env=_env(), check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copy(SEED, project)
        translate = ["translate", SEED.name, "--to", "zh,ko", "--engine", "pseudo", "-q"]
        subprocess.run([sys.executable, "-m", "l10n", *translate], cwd=project, env=_env(), check=True)
        subprocess.run([sys.executable, "-m", "l10n", "--help"], cwd=project, env=_env(), check=True,
                       capture_output=True)
        bare = timed([sys.executable, "-c", "pass"], project)
        print(f"python -c pass: {bare:.3f} s (median of {RUNS})")
        for name, args in (("l10n --help", ["--help"]), ("l10n translate, nothing changed", translate)):
            cost = timed([sys.executable, "-m", "l10n", *args], project)
            verdict = "ok" if cost - bare <= TARGET else f"over the {TARGET} s target"
            print(f"{name}: {cost:.3f} s, {cost - bare:+.3f} s above bare Python ({verdict})")


if __name__ == "__main__":
    main()
