"""Machine-translation throughput: l10n's batched Argos engine against argostranslate's own
`translate()` called once per paragraph, same package, same text (the seed release x 20).

No package can be downloaded here, so both run a tiny random-weight en→zh package built on the
spot (tests/tiny_argos.py). Random weights never emit end-of-sentence, so every output runs to
its length cap: Argos's default cap is 256 tokens, l10n's is twice the longest source in the
batch plus 10. Both use beam size 2. argostranslate's sentence splitter needs a downloaded
model; it is replaced by a plain split on sentence ends, which only makes the baseline faster.
Each side runs in its own process so that peak memory (max RSS) is its own.

    python bench/mt.py [--copies 20]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
import zipfile
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "xellsmart-sci-first-dosing-2025-07-28.txt"
BEAM = 2


def paragraphs(copies: int) -> list[str]:
    from l10n.document import read

    document = read(SEED)
    return [block.text for block in document.blocks] * copies


def ours(package: Path, copies: int, queue) -> None:
    from l10n.engines.argos import ArgosTranslator, Model
    from l10n.segment import split_sentences

    units = [s for text in paragraphs(copies) for s in split_sentences(text)]
    start = time.perf_counter()
    ArgosTranslator(Model("en", "zh", "bench", package), beam_size=BEAM).translate(units)
    queue.put((time.perf_counter() - start, len(units), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def theirs(home: str, copies: int, queue) -> None:
    os.environ.update(ARGOS_PACKAGES_DIR=f"{home}/packages", XDG_DATA_HOME=f"{home}/data",
                      XDG_CACHE_HOME=f"{home}/cache", ARGOS_BEAM_SIZE=str(BEAM))
    from argostranslate import translate
    from l10n.segment import split_sentences

    class PlainSentencizer:
        def __init__(self, package):
            pass

        def split_sentences(self, text):
            return re.split(r"(?<=[.!?])\s+", text)

    translate.MiniSBDSentencizer = PlainSentencizer
    texts = paragraphs(copies)
    translation = translate.get_translation_from_codes("en", "zh")
    start = time.perf_counter()
    for text in texts:
        translation.translate(text)
    units = sum(len(split_sentences(text)) for text in texts)
    queue.put((time.perf_counter() - start, units, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    copies = parser.parse_args().copies
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_argos import build

    with tempfile.TemporaryDirectory() as home:
        archive = build(Path(home), "zh")
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(f"{home}/packages")
        package = Path(home) / "packages" / archive.stem
        context = get_context("spawn")
        results = {}
        for name, target, argument in (("argos per paragraph", theirs, home), ("l10n batched", ours, package)):
            queue = context.Queue()
            process = context.Process(target=target, args=(argument, copies, queue))
            process.start()
            results[name] = queue.get(timeout=3600)
            process.join()
    for name, (seconds, units, rss) in results.items():
        print(f"{name:>20}: {units / seconds:8.1f} units/s  {seconds:7.2f} s  {units} units  peak RSS {rss / 1024:.0f} MB")
    ratio = results["l10n batched"][1] / results["l10n batched"][0] / (results["argos per paragraph"][1] / results["argos per paragraph"][0])
    print(f"l10n batched runs at {ratio:.1f}x argostranslate per paragraph (goal: at least 3x)")


if __name__ == "__main__":
    main()
