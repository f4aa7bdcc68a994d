"""How close the reader comes to the reviewed fixtures: documents exact and unit precision, recall, F1.

Each release in tests/data/releases has a reviewed `<name>.expected.json` (its units as
[line, kind, text] and its dropped lines as [line, reason]). A document is exact when its
encoding, units and dropped lines are all as reviewed. A unit counts as found when the same
[line, kind, text] is among the reviewed ones (each reviewed unit matches once).

    python bench/fixtures.py [RELEASE.txt ...] [--verbose]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from l10n.document import read
from l10n.segment import segment

RELEASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "releases"


def score(release: Path) -> tuple[bool, int, int, int, list[str]]:
    """(exact, units found, units made, units reviewed, what differs) for one release."""
    want = json.loads(release.with_suffix(".expected.json").read_text(encoding="utf-8"))
    document = read(release)
    got = [(u.line, u.kind, u.text) for u in segment(document)]
    expected = [tuple(u) for u in want["units"]]
    found = sum((Counter(got) & Counter(expected)).values())
    dropped = [[d.line, d.reason] for d in document.dropped]
    exact = got == expected and dropped == want["dropped"] and document.encoding == want["encoding"]
    differences = [f"  - {u}" for u in expected if u not in got] + [f"  + {u}" for u in got if u not in expected]
    differences += [f"  dropped {dropped} != {want['dropped']}"] if dropped != want["dropped"] else []
    return exact, found, len(got), len(expected), differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="*", type=Path, help="fixture releases (default: all in tests/data/releases)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print the units that differ")
    options = parser.parse_args()
    releases = options.releases or sorted(RELEASES.glob("*.txt"))
    exact_count = found = made = reviewed = 0
    for release in releases:
        exact, f, m, r, differences = score(release)
        exact_count += exact
        found, made, reviewed = found + f, made + m, reviewed + r
        print(f"{'exact' if exact else 'DIFF ':5}  {f:3}/{r:<3} units  {release.stem}")
        if options.verbose and not exact:
            print("\n".join(differences))
    precision = found / made if made else 1.0
    recall = found / reviewed if reviewed else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"documents exact: {exact_count}/{len(releases)}")
    print(f"units: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  ({found} of {reviewed} reviewed, {made} made)")


if __name__ == "__main__":
    main()
