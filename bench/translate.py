"""Incremental runs: `l10n translate --engine argos` on the seed release, twice, in a fresh
project with the tiny Argos packages (tests/tiny_argos.py) installed from files. The second
run must be at least 10x faster: it finds every sentence in the catalogs, loads no model and
rewrites no file.

    python bench/translate.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"


def l10n(project: Path, *args: str) -> float:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(project / ".argos"), "XDG_DATA_HOME": str(project / ".xdg")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "l10n", *args], cwd=project, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_argos import build

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copy(SEED, project)
        for code in ("zh", "ko"):
            l10n(project, "models", "install", code, "--file", str(build(project / "packages", code)))
        args = ("translate", SEED.name, "--to", "zh,ko", "--engine", "argos", "-q")
        first = l10n(project, *args)
        files = {p: p.stat().st_mtime_ns for p in project.rglob("*.po")}
        second = l10n(project, *args)
        untouched = all(p.stat().st_mtime_ns == t for p, t in files.items())
    print(f"first run:  {first:6.2f} s (machine-translates every sentence into zh_CN and ko_KR)")
    print(f"second run: {second:6.2f} s (catalogs rewritten: {'no' if untouched else 'YES'})")
    print(f"the second run is {first / second:.1f}x faster (target: at least 10x)")


if __name__ == "__main__":
    main()
