"""What the translation memory costs per release as the archive grows (issue #27).

An archive of N reviewed zh_CN catalogs (bench/scale.py's generated releases: each company's
boilerplate repeats, news sentences vary by names, dates and numbers), then 100 new releases of
the same companies looked up in it, as `translate` does: `Memory(...)` indexes the catalogs
(cold, then warm: only stat calls), and `drafts(texts)` gives each new release its exact and
close matches. For each N:

- index: the cold indexing, per catalog; warm: opening the up-to-date index, per catalog;
- drafts: `drafts()` per release (the first call, which reads the close-match search's start-up, shown apart);
- before: the same look-ups as l10n did them before issue #27 (exact matches read with every
  catalog that holds the source, `order by catalog desc`; a close match scored against every
  candidate), per release;
- the close matches against the search over every candidate: how many of the texts that reached
  the close search got the same match, or one as good (the shortlist is exact while there are at
  most SCAN candidates); of those with a close match anywhere, how many got none, and the points
  of similarity lost on average;
- the cost of a run over the whole archive, index + N x drafts, and its growth exponent between
  sizes (log(t2/t1) / log(N2/N1); 1 = linear; target at most 1.05).

At 100,000 the old look-ups take seconds a release: `--before-up-to` (default 10,000) is the largest
size they are measured at.

    python bench/memory.py [--sizes 100,1000,10000] [--queries 100] [--before-up-to 10000]
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])")


def sentences(text: str) -> list[str]:
    """The release's sentences, split plainly (pysbd on 300,000 sentences would be the benchmark)."""
    return list(dict.fromkeys(s.strip() for para in text.split("\n") for s in SENTENCE.split(para) if s.strip()))


def releases(count: int, key: str) -> list[list[str]]:
    sys.path.insert(0, str(ROOT))
    import scale

    firms = scale.companies()
    return [sentences(scale.release(firms[i % len(firms)], random.Random(f"{key}/{i}"))[1]) for i in range(count)]


def write_catalogs(folder: Path, archive: list[list[str]]) -> list[Path]:
    import polib

    paths = []
    for number, texts in enumerate(archive):
        po = polib.POFile(wrapwidth=0)
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN"}
        for text in texts:
            po.append(polib.POEntry(msgid=text, msgstr=f"译：{text}", comment="kind: body"))
        path = folder / f"r{number:06d}.po"
        po.save(str(path))
        paths.append(path)
    return paths


def before(cache, memory, texts: list[str], everything: list[str]) -> None:
    """The look-ups as they were: every row of a source read, then a close match among all."""
    from rapidfuzz import fuzz, process

    from l10n.engines.memory import MIN_WORDS

    db = cache._db
    found = {}
    for start in range(0, len(texts), 500):
        chunk = texts[start:start + 500]
        rows = db.execute(f"select source, target, catalog from tm_units where locale = ? and source in "
                          f"({','.join('?' * len(chunk))}) order by catalog desc", ["zh_CN", *chunk]).fetchall()
        found.update((s, (t, c)) for s, t, c in rows)
    for text in texts:
        if text not in found and len(text.split()) >= MIN_WORDS:
            process.extractOne(text, everything, scorer=fuzz.ratio, score_cutoff=85)


def measure(size: int, paths: list[Path], queries: list[list[str]], folder: Path, old_too: bool) -> dict:
    from rapidfuzz import fuzz, process

    from l10n.cache import Cache
    from l10n.engines.memory import CUTOFF, MIN_WORDS, Memory, candidate_terms

    cache = Cache(folder / f"cache-{size}.sqlite")
    start = time.perf_counter()
    Memory(cache, "zh_CN", paths[:size])
    index = time.perf_counter() - start
    start = time.perf_counter()
    memory = Memory(cache, "zh_CN", paths[:size])
    warm = time.perf_counter() - start
    start = time.perf_counter()
    close = memory._candidates()
    close.best("a text that opens the close-match index once")
    build = time.perf_counter() - start
    everything = [source for source, _, _ in memory.pairs() if candidate_terms(source)]
    start = time.perf_counter()
    for texts in queries:
        memory.drafts(texts)
    drafts = (time.perf_counter() - start) / len(queries)
    start = time.perf_counter()
    for texts in queries[:len(queries) if old_too else 0]:
        before(cache, memory, texts, everything)
    old = (time.perf_counter() - start) / len(queries) if old_too else math.nan
    exact = cache.reviewed("zh_CN", [t for texts in queries for t in texts])
    asked = [t for texts in queries for t in texts if t not in exact and len(t.split()) >= MIN_WORDS]
    same = score = matched = missed = 0
    lost = 0.0
    for text in asked:
        everywhere = process.extractOne(text, everything, scorer=fuzz.ratio, score_cutoff=CUTOFF)
        found = close.best(text)
        same += (everywhere and everywhere[0]) == (found and found[0][0])
        score += (everywhere and round(everywhere[1], 6)) == (found and round(found[1], 6))
        if everywhere:
            matched += 1
            missed += not found
            lost += everywhere[1] - (found[1] if found else 0)
    cache.close()
    return {"size": size, "index": index, "warm": warm, "build": build, "drafts": drafts, "before": old,
            "candidates": len(everything), "asked": len(asked), "same": same, "score": score, "matched": matched,
            "missed": missed, "lost": lost / max(matched, 1),
            "run": index + build + size * drafts, "run_before": index + size * old}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--before-up-to", type=int, default=10_000)
    options = parser.parse_args()
    sizes = sorted(int(n) for n in options.sizes.split(","))
    archive, queries = releases(sizes[-1], "archive"), releases(options.queries, "new")
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        start = time.perf_counter()
        paths = write_catalogs(folder, archive)
        print(f"{len(paths):,} reviewed catalogs written in {time.perf_counter() - start:.1f} s; "
              f"{options.queries} new releases, {sum(map(len, queries)):,} texts", flush=True)
        for size in sizes:
            rows.append(measure(size, paths, queries, folder, size <= options.before_up_to))
            r = rows[-1]
            print(f"N={size:>6,}: index {1000 * r['index'] / size:.2f} ms/catalog, warm {1000 * r['warm'] / size:.3f} "
                  f"ms/catalog, close-match index {r['build']:.2f} s ({r['candidates']:,} candidates), drafts "
                  f"{1000 * r['drafts']:.2f} ms/release (before: {1000 * r['before']:.2f}); same close match as the "
                  f"search over all for {r['same']} of {r['asked']} texts, as good a one (same score) for "
                  f"{r['score']}; of the {r['matched']} with a close match anywhere, {r['missed']} got none, "
                  f"{r['lost']:.2f} points lost on average", flush=True)
    for one, two in zip(rows, rows[1:]):
        ratio = math.log(two["size"] / one["size"])
        print(f"cost exponent N={one['size']:,}→{two['size']:,} (a run over the archive: index + N x drafts): "
              f"{math.log(two['run'] / one['run']) / ratio:.2f} (target <= 1.05); drafts per release alone "
              f"{math.log(two['drafts'] / one['drafts']) / ratio:+.2f}; before #27: "
              f"{math.log(two['run_before'] / one['run_before']) / ratio:.2f}")


if __name__ == "__main__":
    main()
