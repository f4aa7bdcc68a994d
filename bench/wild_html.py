"""Web pages nobody here wrote: does the reader find each page's article whole, and nothing else?

For each page in tests/data/wild/html (sources and licences in SOURCES.md), `expected.json`
names strings the article holds (`present`) and page chrome (`absent`). A page is

- whole: every present string is in the release as read, and no absent one;
- leaking: an absent string is in it (whatever else; the missing strings are listed too);
- missing: a present string is not, and nothing leaks;
- refused: the reader raised L10nError (`no article found`...);
- crashed: any other exception.

The release as read is the Document's blocks, each block's layout prefix (a list item's `1. `)
before its text, whitespace collapsed: what a reader of the localized release sees. Three
readers run on the same bytes: `before`, l10n's HTML reader as the last commit has it (`git show
HEAD:l10n/formats/html.py`, loaded beside the working tree's other modules: `wild.head_module`),
`after`, the working tree's, and `trafilatura`, `trafilatura.extract` alone (its default mode
and `favor_recall`, text output with tables), whose text is checked the same way.

    python bench/wild_html.py [--pages NAME...] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n.errors import L10nError  # noqa: E402
from l10n.formats import html as after_module  # noqa: E402
from wild import head_module  # noqa: E402

DATA = ROOT / "tests" / "data" / "wild" / "html"
STATES = ("whole", "leaking", "missing", "refused", "crashed")


def norm(text: str) -> str:
    return " ".join(text.split())


def reader(module):
    def read(data: bytes, name: str) -> str:
        document = module.read(data, Path(name), "en", None)
        return norm(" ".join(block.prefix + block.text for block in document.blocks))
    return read


def extractor(**options):
    def read(data: bytes, name: str) -> str:
        return norm(trafilatura.extract(data.decode("utf-8", "replace"), include_tables=True, **options) or "")
    return read


def judge(read, data: bytes, name: str, expected: dict) -> tuple[str, list[str], float]:
    """The page's state under `read`, the strings at fault, and the seconds it took."""
    start = time.perf_counter()
    try:
        text = read(data, name)
    except L10nError as error:
        return "refused", [error.message], time.perf_counter() - start
    except Exception as error:  # noqa: BLE001 - a crash is what this counts
        return "crashed", [f"{type(error).__name__}: {error}"], time.perf_counter() - start
    took = time.perf_counter() - start
    leaks = [f"leaks: {s}" for s in expected["absent"] if norm(s) in text]
    missing = [f"misses: {s}" for s in expected["present"] if norm(s) not in text]
    state = "leaking" if leaks else "missing" if missing else "whole"
    return state, leaks + missing, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", help="only these pages (file names)")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args()
    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    names = [n for n in sorted(expected) if not args.pages or n in args.pages]
    readers = {"before": reader(head_module("html")), "after": reader(after_module),
               "trafilatura": extractor(), "traf_recall": extractor(favor_recall=True)}
    totals = {label: Counter() for label in readers}
    seconds = Counter()
    for name in names:
        data = (DATA / name).read_bytes()
        states = {}
        for label, read in readers.items():
            state, faults, took = judge(read, data, name, expected[name])
            totals[label][state] += 1
            seconds[label] += took
            states[label] = (state, faults)
        if not args.quiet:
            print(f"{name:31} " + "  ".join(f"{label}={states[label][0]:8}" for label in readers))
            for label in ("before", "after"):
                for fault in states[label][1][:4]:
                    print(f"    {label} {fault[:100]}")
    print(f"\n{len(names)} pages    " + "  ".join(f"{s:>8}" for s in STATES) + "   s/page")
    for label in readers:
        print(f"{label:12}" + "".join(f"  {totals[label][s]:>8}" for s in STATES)
              + f"   {seconds[label] / max(len(names), 1):.3f}")


if __name__ == "__main__":
    main()
