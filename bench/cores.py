"""Where a folder's `translate` spends its time, and what the second core would give (issue #13).

Issue #13 asks to "use both cores where it pays (a process pool over releases, or CTranslate2's
own threads for MT; measure which)". This measures both on this machine:

1. Releases. N (default 100) distinct releases from bench/scale.py's generator in a fresh
   project, `l10n translate . --to zh,ko --engine pseudo -q` timed as a first run:
   - serial: all N in one process (what l10n does today);
   - two processes: the N releases split in two halves, each half its own project, both
     commands started together: what a pool of two workers over releases could give at best
     (no shared cache, no shared catalogs, no coordination);
   - the two halves one after the other: the same work on one core, to separate the gain of
     the second core from the cost of a second process (start-up, glossary, imports);
   - a cProfile of the serial run (`python -m cProfile -m l10n ...`), its time put into stages:
     start-up, parse and segment, glossary find, catalog build and merge, memory and engine,
     checks, writing, the run cache.
2. MT. The Argos engine's batch translate (`ArgosTranslator.translate`) on a few hundred
   sentences of the generated releases, --per-call at a time (default 30: l10n translates a
   release's units in one call), with CTranslate2's thread settings: one thread; one
   worker with a thread per core (intra_threads, what l10n did); a worker per core
   (inter_threads) given whole batches; a worker per core with each batch cut into a part per
   worker (max_batch_size), which CTranslate2 runs at once (what l10n does now).
   Random models (--models): `tiny`, the tests' shape (tests/tiny_argos.py: one layer, width
   16), which times overhead more than arithmetic; `wide` (2+2 layers, width 512, feed-forward
   2048); `argos`, the shape of Argos's packages (6+6 layers, width 512, 8 heads), and
   `argos-int8`, with its weights stored as int8 like theirs (minutes a setting).
   Random weights give noise, not translations; the table says when a setting decoded other
   tokens than the first (then its time does not compare).

Medians of --repeat runs (default 3), with wall and CPU seconds, and how many cores other
processes kept busy just before (sampled from /proc/stat while the benchmark waits): with
other work on the cores, wall times are not this code's alone (the report says so). Nothing is
written outside a scratch folder.

    python bench/cores.py [--size 100] [--repeat 3] [--sentences 300] [--per-call 30] [--models tiny,wide]
                          [--skip-releases] [--skip-argos] [--json FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from scale import archive  # noqa: E402  (bench/scale.py's generator: release i is the same for any N)

COMMAND = ["translate", ".", "--to", "zh,ko", "--engine", "pseudo", "-q"]
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
# the cores this process may use (`taskset -c 0,1 python bench/cores.py` measures two of a larger machine)

# Pipeline stages, each the cumulative time of the functions that do it (module path, function
# name). Functions of one stage never call each other, so their times add up; a stage's share
# is of the whole command, start-up included.
STAGES = [
    ("parse + segment", [("l10n/document.py", "read"), ("l10n/segment.py", "segment")]),
    ("glossary find", [("l10n/glossary.py", "find")]),
    ("catalog build + merge", [("l10n/pipeline.py", "sources"), ("l10n/catalog.py", "template"),
                               ("l10n/catalog.py", "merge"), ("l10n/catalog.py", "read")]),
    ("memory + engine", [("l10n/pipeline.py", "_drafts"), ("l10n/pipeline.py", "memory")]),
    ("checks", [("l10n/pipeline.py", "review")]),
    ("write catalogs + releases", [("l10n/catalog.py", "write"), ("l10n/pipeline.py", "write_releases")]),
    ("run cache (fingerprints)", [("l10n/pipeline.py", "_fingerprint"), ("l10n/cache.py", "finish"),
                                  ("l10n/cache.py", "finished")]),
]


# --- releases ------------------------------------------------------------------------------


def project(folder: Path, texts: list[str], first: int = 1) -> Path:
    folder.mkdir(parents=True)
    (folder / "l10n.toml").write_text('output = "out"\n', encoding="utf-8")  # pins the project root here
    for index, text in enumerate(texts, first):
        (folder / f"release-{index:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def start(folder: Path, prefix: list[str] | None = None) -> subprocess.Popen:
    with open(folder.parent / f"{folder.name}.stderr", "wb") as err:
        return subprocess.Popen([sys.executable, *(prefix or ["-m", "l10n"]), *COMMAND], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=err)


def wait(child: subprocess.Popen, folder: Path) -> float:
    """Wait for `child`: the CPU seconds (user + system) it used."""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        log = folder.parent / f"{folder.name}.stderr"
        raise SystemExit(f"l10n failed ({child.returncode}): {log.read_text(encoding='utf-8')[:2000]}")
    return usage.ru_utime + usage.ru_stime


def timed(*folders: Path) -> tuple[float, float]:
    """Wall seconds for `l10n translate` in each folder, all started at once, and their CPU seconds together."""
    begin = time.perf_counter()
    children = [(start(folder), folder) for folder in folders]
    cpu = sum(wait(child, folder) for child, folder in children)
    return time.perf_counter() - begin, cpu


def elsewhere(seconds: float = 1.0) -> float:
    """How many cores' worth of CPU other processes use, sampled over `seconds` while this benchmark
    runs nothing (/proc/stat; elsewhere the 1-minute load average). About 0 on an idle machine."""
    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as stat:
            values = [int(v) for v in stat.readline().split()[1:9]]
        return sum(values), values[3] + values[4]  # all jiffies, idle + iowait ones

    try:
        (total, idle), _ = sample(), time.sleep(seconds)
        total2, idle2 = sample()
    except OSError:
        return os.getloadavg()[0]
    spent = total2 - total
    return (spent - (idle2 - idle)) / spent * (os.cpu_count() or 1) if spent else 0.0


def releases(scratch: Path, size: int, repeat: int) -> dict:
    texts = archive(size)[0]
    half = size // 2
    runs: dict[str, list[tuple[float, float]]] = {"serial": [], "two processes": [], "halves one after the other": []}
    load = [elsewhere()]
    for n in range(repeat):
        base = scratch / f"run{n}"
        runs["serial"].append(timed(project(base / "all", texts)))
        a, b = project(base / "a", texts[:half]), project(base / "b", texts[half:], half + 1)
        runs["two processes"].append(timed(a, b))
        a2, b2 = project(base / "a2", texts[:half]), project(base / "b2", texts[half:], half + 1)
        first, second = timed(a2), timed(b2)
        runs["halves one after the other"].append((first[0] + second[0], first[1] + second[1]))
        print(f"round {n + 1}: " + ", ".join(f"{name} {times[-1][0]:.2f} s" for name, times in runs.items()),
              file=sys.stderr, flush=True)
        shutil.rmtree(base)
        load.append(elsewhere())
    start_up = [timed_start_up() for _ in range(repeat)]
    profile = profiled(project(scratch / "profile", texts), scratch / "translate.prof")
    return {"size": size, "cpus": CORES, "runs": runs, "start_up": start_up, "profile": profile,
            "load": load}


def timed_start_up() -> float:
    """Wall seconds of `python -m l10n --help`: interpreter, imports, typer."""
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-m", "l10n", "--help"], capture_output=True, check=True)
    return time.perf_counter() - begin


def profiled(folder: Path, out: Path) -> dict:
    begin = time.perf_counter()
    wait(start(folder, ["-m", "cProfile", "-o", str(out), "-m", "l10n"]), folder)
    wall = time.perf_counter() - begin
    stats = pstats.Stats(str(out)).stats  # (file, line, function) → (calls, primitive, own, cumulative, callers)
    total = max(ct for (_, _, _, ct, _) in stats.values())

    def cumulative(module: str, function: str) -> float:
        return sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
                   if name == function and file.replace(os.sep, "/").endswith(module))

    stages = {name: sum(cumulative(*f) for f in functions) for name, functions in STAGES}
    command = cumulative("l10n/cli.py", "translate_command")
    stages["start-up (imports, glossary load, before the first release)"] = total - command + sum(
        cumulative(*f) for f in [("l10n/glossary.py", "load"), ("l10n/config.py", "load")])
    stages["other"] = total - sum(stages.values())
    return {"wall": wall, "profiled": total, "stages": stages}


# --- MT threads ----------------------------------------------------------------------------


def argos_model(folder: Path, layers: int, heads: int, width: int, inner: int, quantization: str | None) -> object:
    """An unpacked Argos package with a random CTranslate2 Transformer of the given shape."""
    import numpy as np
    import sentencepiece
    from ctranslate2 import specs
    from tiny_argos import _norms, sentencepiece_model

    from l10n.engines.argos import Model

    spm = sentencepiece_model()
    processor = sentencepiece.SentencePieceProcessor(model_proto=spm)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    rng = np.random.default_rng(7)

    def weights(*shape):
        return (rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)

    spec = specs.TransformerSpec.from_config(layers, heads)
    _norms(spec, width)
    spec.encoder.embeddings[0].weight = weights(len(vocabulary), width)
    spec.decoder.embeddings.weight = weights(len(vocabulary), width)
    spec.decoder.projection.weight = weights(len(vocabulary), width)
    for layer in (*spec.encoder.layer, *spec.decoder.layer):
        layer.self_attention.linear[0].weight = weights(3 * width, width)
        layer.self_attention.linear[1].weight = weights(width, width)
        layer.ffn.linear_0.weight = weights(inner, width)
        layer.ffn.linear_1.weight = weights(width, inner)
    for layer in spec.decoder.layer:
        layer.attention.linear[0].weight = weights(width, width)
        layer.attention.linear[1].weight = weights(2 * width, width)
        layer.attention.linear[2].weight = weights(width, width)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=quantization)
    (folder / "model").mkdir(parents=True, exist_ok=True)
    spec.save(str(folder / "model"))
    (folder / "sentencepiece.model").write_bytes(spm)
    (folder / "metadata.json").write_text(json.dumps({"from_code": "en", "to_code": "zh", "package_version": "0.1"}))
    return Model("en", "zh", "0.1", folder)


# name → (encoder and decoder layers, attention heads, width, feed-forward width, stored weights)
SHAPES = {"tiny": (1, 2, 16, 32, None),  # tests/tiny_argos.py's shape
          "wide": (2, 8, 512, 2048, None),
          "argos": (6, 8, 512, 2048, None),  # Argos's translate packages: Transformer base
          "argos-int8": (6, 8, 512, 2048, "int8")}  # and its weights as Argos ships them


def sentences(count: int) -> list[str]:
    """`count` distinct units of the generated releases, as l10n segments them."""
    from l10n.document import read
    from l10n.segment import segment

    found: dict[str, None] = {}
    with tempfile.TemporaryDirectory() as folder:
        for index, text in enumerate(archive(60)[0]):
            path = Path(folder) / f"release-{index}.txt"
            path.write_text(text, encoding="utf-8")
            for unit in segment(read(path)):
                found.setdefault(unit.text)
    return list(found)[:count]


def translate_time(model, texts: list[str], inter: int, intra: int, parts: int, repeat: int,
                   per_call: int) -> tuple[float, float, list]:
    """Median wall and CPU seconds of ArgosTranslator.translate(texts) with these thread settings, and its output."""
    import ctranslate2

    from l10n.engines.argos import ArgosTranslator

    translator = ArgosTranslator(model)
    translator._load()  # then swap in the thread settings measured, and how many parts a batch is cut into
    translator._translator = ctranslate2.Translator(str(model.path / "model"), device="cpu", compute_type="auto",
                                                    inter_threads=inter, intra_threads=intra)
    translator._workers = parts
    translator.translate(texts[:20])  # warm-up
    times, cpus, output = [], [], []
    for _ in range(repeat):
        begin, cpu = time.perf_counter(), time.process_time()
        output = [text for start in range(0, len(texts), per_call)
                  for text in translator.translate(texts[start:start + per_call])]
        times.append(time.perf_counter() - begin)
        cpus.append(time.process_time() - cpu)
    return statistics.median(times), statistics.median(cpus), output


# (label, inter_threads, intra_threads, parts each batch is cut into: CTranslate2 runs the parts of
# one translate_batch call on its inter_threads workers at once)
SETTINGS = [("1 thread", 1, 1, 1),
            (f"1 worker, {CORES} threads (l10n before)", 1, CORES, 1),
            (f"{CORES} workers, whole batches", CORES, 1, 1),
            (f"{CORES} workers, batch in {CORES} parts (l10n now)", CORES, 1, CORES)]


def threads(scratch: Path, count: int, repeat: int, shapes: dict, per_call: int) -> dict:
    texts = sentences(count)
    results, load = {}, [elsewhere()]
    for name, shape in shapes.items():
        folder = scratch / f"model-{name}"
        folder.mkdir()
        model = argos_model(folder, *shape)
        row, baseline = {}, None
        for label, inter, intra, parts in SETTINGS:
            seconds, cpu, output = translate_time(model, texts, inter, intra, parts, repeat, per_call)
            baseline = output if baseline is None else baseline
            row[label] = {"seconds": seconds, "cpu": cpu, "same output": output == baseline}
            print(f"{name}, {label}: {seconds:.2f} s ({cpu:.2f} s CPU)", file=sys.stderr, flush=True)  # kept if cut short
        results[name] = row
    return {"sentences": len(texts), "per_call": per_call, "results": results, "load": load}


# --- report --------------------------------------------------------------------------------


def report(found: dict) -> None:
    r = found.get("releases")
    if r:
        wall = {name: statistics.median(w for w, _ in runs) for name, runs in r["runs"].items()}
        cpu = {name: statistics.median(c for _, c in runs) for name, runs in r["runs"].items()}
        serial = wall["serial"]
        print(f"## {r['size']} releases, `l10n {' '.join(COMMAND)}`, {r['cpus']} CPUs, medians of "
              f"{len(r['runs']['serial'])}; cores busy elsewhere before each round: "
              f"{', '.join(f'{x:.2f}' for x in r['load'])}\n")
        print("| how | wall s | CPU s (all processes) | wall vs serial |\n|---|---|---|---|")
        for name in wall:
            print(f"| {name} | {wall[name]:.2f} | {cpu[name]:.2f} | {serial / wall[name]:.2f}x |")
        print(f"| start-up alone (`l10n --help`) | {statistics.median(r['start_up']):.2f} | | |")
        p = r["profile"]
        print(f"\nProfile of the serial run ({p['profiled']:.1f} s under cProfile, {p['wall']:.1f} s wall):\n")
        print("| stage | s | share |\n|---|---|---|")
        for name, seconds in sorted(p["stages"].items(), key=lambda kv: -kv[1]):
            print(f"| {name} | {seconds:.2f} | {100 * seconds / p['profiled']:.0f}% |")
    t = found.get("threads")
    if t:
        print(f"\n## Argos batch translate, {t['sentences']} sentences, {t['per_call']} a call, CTranslate2 thread "
              "settings: wall s (CPU s), "
              f"medians; cores busy elsewhere before: {', '.join(f'{x:.2f}' for x in t['load'])}\n")
        labels = list(next(iter(t["results"].values())))
        print("| model | " + " | ".join(labels) + " |")
        print("|---|" + "---|" * len(labels))
        for name, row in t["results"].items():
            print(f"| {name} | " + " | ".join(f"{v['seconds']:.2f} ({v['cpu']:.2f})"
                                           + ("" if v["same output"] else " other output") for v in row.values()) + " |")
    if any(x > 0.3 for part in (r, t) if part for x in part["load"]):
        print("\nOther processes used the cores: wall times are not this code's alone; run again on an idle "
              "machine (or compare CPU seconds).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--per-call", type=int, default=30, help="sentences a translate call gets: l10n gives one "
                        "release's units at a time (about 30); a large number times whole batches")
    parser.add_argument("--skip-argos", action="store_true")
    parser.add_argument("--models", default="tiny,wide", help=f"model shapes to time, of {', '.join(SHAPES)} "
                        "(an Argos-shaped one takes minutes a setting)")
    parser.add_argument("--skip-releases", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--keep", type=Path, help="scratch folder to keep (default: a temporary one, removed)")
    args = parser.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="l10n-cores-"))
    scratch.mkdir(parents=True, exist_ok=True)
    found = {}
    try:
        if not args.skip_releases:
            found["releases"] = releases(scratch / "releases", args.size, args.repeat)
        if not args.skip_argos:
            (scratch / "argos").mkdir()
            shapes = {name: SHAPES[name] for name in args.models.split(",")}
            found["threads"] = threads(scratch / "argos", args.sentences, args.repeat, shapes, args.per_call)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(found, indent=2), encoding="utf-8")
    report(found)


if __name__ == "__main__":
    main()
