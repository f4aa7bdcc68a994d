"""`l10n check` against translate-toolkit's `pofilter` on the same catalogs: false alarms on the
right translations and misses on the wrong ones of tests/test_qa.py's CASES.

    python bench/qa_compare.py      (pofilter comes with the test extra's translate-toolkit)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def catalog(folder: Path, locale: str, pairs: list[tuple[str, str]], name: str) -> Path:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": locale}
    for source, target in pairs:
        po.append(polib.POEntry(msgid=source, msgstr=target, occurrences=[("release.txt", "1")]))
    path = folder / locale / "LC_MESSAGES" / f"{name}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def flagged_by_pofilter(path: Path) -> set[str]:
    out = path.with_suffix(".pofilter.po")
    subprocess.run([shutil.which("pofilter") or "pofilter", "--nofuzzy", "-i", str(path), "-o", str(out)],
                   capture_output=True, check=True)
    return {e.msgid for e in polib.pofile(str(out)) if e.msgid}


def flagged_by_l10n(path: Path) -> set[str]:
    from l10n import glossary, qa

    locale = path.parent.parent.name
    return {f.unit for f in qa.check_catalog(path, locale, glossary.load()) if f.severity == "error"}


def main() -> None:
    from test_qa import CASES

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for locale in ("zh_CN", "ko_KR"):
            cases = [c for c in CASES if c[0] == locale]
            right = catalog(Path(folder), locale, [(c[1], c[2]) for c in cases], "right")
            wrong = catalog(Path(folder), locale, [(c[1], c[3]) for c in cases], "wrong")
            for tool, flagged in (("pofilter", flagged_by_pofilter), ("l10n check", flagged_by_l10n)):
                false_alarms = len(flagged(right))
                misses = len(cases) - len(flagged(wrong) & {c[1] for c in cases})
                rows.append((locale, tool, len(cases), false_alarms, misses))
    print(f"{'locale':8} {'tool':12} {'pairs':>5} {'false alarms':>13} {'misses':>7}")
    for row in rows:
        print(f"{row[0]:8} {row[1]:12} {row[2]:>5} {row[3]:>13} {row[4]:>7}")
    print("pofilter counts a sentence flagged by any of its default checks; l10n check counts errors only.")


if __name__ == "__main__":
    main()
