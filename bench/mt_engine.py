"""Argos path throughput against raw CTranslate2 on the same model and batch size (issue #27).

The units of --releases generated releases (bench/scale.py's archive, about 37 sentences each)
go through:

- raw CTranslate2: the units already tokenized, one `translate_batch` call with the batch size
  (examples) the Argos path uses on average, CTranslate2 sorting and batching them itself, the
  same decoding options and threads; no SentencePiece either way: the engine's own limit;
- l10n across releases: `ArgosTranslator.translate` of every unit at once (what `translate`
  does now: `pipeline.prefetch`), tokenizing, planning, decoding included;
- l10n per release: one `translate` call per release (what `translate` did before #27);
- where the time of the across-releases path goes: SentencePiece (encode, twice: plan and batch;
  decode), and CTranslate2.

The model is the tests' copy model (tests/tiny_argos.py: a Transformer wired to return its
input, width 912), built on the spot: it stops at the source's end as a real model stops at a
sentence's, so every path decodes the same tokens. Random-weight models never stop and would
time the length caps. Best of --repeat runs.

    python bench/mt_engine.py [--releases 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def releases(count: int) -> list[list[str]]:
    sys.path.insert(0, str(ROOT / "bench"))
    import scale

    firms = scale.companies()
    return [[s for para in scale.release(firms[i % len(firms)], random.Random(i))[1].split("\n")
             for s in SENTENCE.split(para) if s.strip()] for i in range(count)]


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_argos import build

    from l10n.engines.argos import ArgosTranslator, Model

    per_release = releases(options.releases)
    units = [u for release in per_release for u in release]
    with tempfile.TemporaryDirectory() as home:
        archive = build(Path(home), "zh", copy=True, version="copy")
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(home)
        translator = ArgosTranslator(Model("en", "zh", "copy", Path(home) / archive.stem))
        translator.translate(units[:8])  # load the model
        plan = translator.plan(units)
        size = round(len(units) / len(plan) / translator._workers)
        pieces = [translator._tokenizer.encode(u, out_type=str) for u in units]
        longest = max(map(len, pieces))

        def raw():
            translator._translator.translate_batch(
                pieces, replace_unknowns=True, length_penalty=0.2, beam_size=translator.beam_size, max_batch_size=size,
                batch_type="examples", max_decoding_length=2 * longest + 10, repetition_penalty=1.1)

        def tokenize():
            for _ in range(2):
                [translator._tokenizer.encode(u, out_type=str) for u in units]

        seconds = {
            "raw CTranslate2": best(options.repeat, raw),
            "l10n across releases": best(options.repeat, lambda: translator.translate(units)),
            "l10n per release": best(options.repeat, lambda: [translator.translate(r) for r in per_release]),
        }
        encoding = best(options.repeat, tokenize)
        outputs = translator._translator.translate_batch(pieces[:200], beam_size=2, max_batch_size=size)
        decoding = best(options.repeat, lambda: [translator._tokenizer.decode_pieces(o.hypotheses[0]) for o in outputs])
    print(f"{len(units):,} units of {options.releases} releases; {translator._workers} CTranslate2 workers; batch size "
          f"{size} examples ({len(plan)} batches of up to {translator.batch_tokens} tokens, each cut in "
          f"{translator._workers}); beam {translator.beam_size}; best of {options.repeat}")
    for name, taken in seconds.items():
        print(f"{name:>22}: {len(units) / taken:8.1f} units/s  {taken:7.2f} s  "
              f"{100 * seconds['raw CTranslate2'] / taken:5.1f}% of raw")
    print(f"SentencePiece in the across-releases path: encode x2 {encoding:.3f} s, decode ~"
          f"{decoding * len(units) / 200:.3f} s, of {seconds['l10n across releases']:.2f} s")
    ratio = seconds["raw CTranslate2"] / seconds["l10n across releases"]
    print(f"target: the Argos path at >= 80% of raw CTranslate2: {100 * ratio:.0f}%  {'ok' if ratio >= 0.8 else 'MISSED'}")


if __name__ == "__main__":
    main()
