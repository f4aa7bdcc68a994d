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

- raw CTranslate2 on l10n's batches: the same `translate_batch` calls the Argos path makes (its
  plan: batches by token count, each cut in one part per worker, all queued at once), already
  tokenized: what l10n's Python adds around the engine is the difference between this and the
  across-releases path.

The model (--model) is built on the spot, never downloaded: `copy` (default), the tests' copy
model (tests/tiny_argos.py: a Transformer wired to return its input, width 912), stops at the
source's end as a real model stops at a sentence's, so every path decodes the same tokens.
`random`, the tests' random-weight model (width 16), never stops: each path decodes to its own
length cap (raw: 2 x the longest source + 10 for every batch; the Argos path: 2 x each batch's
longest + 10), so the comparison times the caps, not the engines; with --max-length L every
call of every path decodes at most L pieces (the Argos path's cap replaced by L on its way to
CTranslate2), the same work for each. The decoded pieces per unit are printed for each path:
equal figures, equal work. Best of --repeat runs.

    python bench/mt_engine.py [--releases 40] [--repeat 3] [--model copy|random] [--max-length L]
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


class Engine:
    """The Argos path's CTranslate2 translator, counting the pieces it decodes; with `cap`, every
    call's decoding-length cap replaced by it (the random model decodes to the cap)."""

    def __init__(self, inner, cap: int | None):
        self.inner, self.cap, self.decoded = inner, cap, 0

    def translate_batch(self, pieces, **options):
        if self.cap:
            options["max_decoding_length"] = self.cap
        outputs = self.inner.translate_batch(pieces, **options)
        if options.get("asynchronous"):
            return [Waited(self, output) for output in outputs]
        self.decoded += sum(len(o.hypotheses[0]) for o in outputs)
        return outputs


class Waited:
    """An asynchronous result of `Engine`, counted when it is read."""

    def __init__(self, engine: Engine, inner):
        self.engine, self.inner = engine, inner

    def result(self):
        output = self.inner.result()
        self.engine.decoded += len(output.hypotheses[0])
        return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", choices=("copy", "random"), default="copy",
                        help="copy: returns its input (default); random: random weights, never stops decoding")
    parser.add_argument("--max-length", type=int, help="decode at most this many pieces per unit, in every path")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_argos import build

    from l10n.engines.argos import ArgosTranslator, Model

    per_release = releases(options.releases)
    units = [u for release in per_release for u in release]
    copy = options.model == "copy"
    with tempfile.TemporaryDirectory() as home:
        archive = build(Path(home), "zh", copy=copy, version=options.model)
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(home)
        translator = ArgosTranslator(Model("en", "zh", options.model, Path(home) / archive.stem))
        translator.translate(units[:8])  # load the model
        engine = translator._translator = Engine(translator._translator, options.max_length)
        plan = translator.plan(units)
        size = round(len(units) / len(plan) / translator._workers)
        pieces = [translator._tokenizer.encode(u, out_type=str) for u in units]
        longest = max(map(len, pieces))
        common = dict(replace_unknowns=True, length_penalty=0.2, beam_size=translator.beam_size, batch_type="examples",
                      repetition_penalty=1.1)
        decoded: dict[str, int] = {}

        def raw():
            outputs = engine.inner.translate_batch(pieces, max_batch_size=size,
                                                   max_decoding_length=options.max_length or 2 * longest + 10, **common)
            decoded["raw CTranslate2"] = sum(len(o.hypotheses[0]) for o in outputs)

        def planned():  # all batches queued at once, as the Argos path queues them
            queued = []
            for batch, parts in plan:
                some = [pieces[i] for i in batch]
                queued += engine.inner.translate_batch(
                    some, max_batch_size=-(-len(some) // parts), asynchronous=True,
                    max_decoding_length=options.max_length or 2 * max(map(len, some)) + 10, **common)
            decoded["raw, l10n's batches"] = sum(len(o.result().hypotheses[0]) for o in queued)

        def through(name, work):
            def counted():
                engine.decoded = 0
                work()
                decoded[name] = engine.decoded
            return counted

        def tokenize():
            for _ in range(2):
                [translator._tokenizer.encode(u, out_type=str) for u in units]

        seconds = {
            "raw CTranslate2": best(options.repeat, raw),
            "raw, l10n's batches": best(options.repeat, planned),
            "l10n across releases": best(options.repeat, through("l10n across releases",
                                                                 lambda: translator.translate(units))),
            "l10n per release": best(options.repeat, through("l10n per release",
                                                             lambda: [translator.translate(r) for r in per_release])),
        }
        encoding = best(options.repeat, tokenize)
        capped = {"max_decoding_length": options.max_length} if options.max_length else {}
        outputs = engine.inner.translate_batch(pieces[:200], beam_size=2, max_batch_size=size, **capped)
        decoding = best(options.repeat, lambda: [translator._tokenizer.decode_pieces(o.hypotheses[0]) for o in outputs])
    cap = f"every path capped at {options.max_length} pieces" if options.max_length else "each path's own length caps"
    print(f"model {options.model} ({cap}); ", end="")
    print(f"{len(units):,} units of {options.releases} releases; {translator._workers} CTranslate2 workers; batch size "
          f"{size} examples ({len(plan)} batches of up to {translator.batch_tokens} tokens, each cut in "
          f"{translator._workers}); beam {translator.beam_size}; best of {options.repeat}")
    for name, taken in seconds.items():
        print(f"{name:>22}: {len(units) / taken:8.1f} units/s  {taken:7.2f} s  "
              f"{100 * seconds['raw CTranslate2'] / taken:5.1f}% of raw  {decoded[name] / len(units):6.1f} pieces "
              "decoded per unit")
    print(f"SentencePiece in the across-releases path: encode x2 {encoding:.3f} s, decode ~"
          f"{decoding * len(units) / 200:.3f} s, of {seconds['l10n across releases']:.2f} s")
    ratio = seconds["raw CTranslate2"] / seconds["l10n across releases"]
    print(f"target: the Argos path at >= 80% of raw CTranslate2: {100 * ratio:.0f}%  {'ok' if ratio >= 0.8 else 'MISSED'}")


if __name__ == "__main__":
    main()
