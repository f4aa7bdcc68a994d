"""A first `l10n translate ARCHIVE --to zh,ko --engine argos` at scale: one process vs `--cluster ray` (issue #27).

For each N (default 100, 1000) an archive of N distinct releases (bench/scale.py's generator:
about 37 sentences each, every company's boilerplate repeating across its releases) is written
twice, and each copy gets, in a fresh process, timed (bench/scale.py's `l10n`):

- one process: `l10n translate . --to zh,ko --engine argos -q`;
- Ray: the same with `--cluster ray` (a local Ray cluster started and stopped by the command;
  RAY_ADDRESS is emptied);
- then the no-change re-run of the one-process copy, and whether the two copies' files are the
  same bytes (SOURCE_DATE_EPOCH is set, so catalog headers carry the same date, as in
  tests/test_cluster.py).

The models are the tests' tiny Argos packages (tests/tiny_argos.py: random weights, width 16),
built here and installed with `l10n models install --file` into a scratch ARGOS_PACKAGES_DIR:
nothing is downloaded. A random-weight model never ends a sentence, so every batch decodes to
the length cap (2 x its longest source + 10 pieces), and its noise loses placeholders, which
sends those units to MT a second time without them and leaves some empty (not cached, so each
release's own run asks for them again): a heavier MT load per unit than a real model's, on a
model far smaller than a real one (width 16 against 512+).

Printed: wall time, per-release cost and the cost exponent between sizes (log(t2/t1) /
log(N2/N1); 1 = linear). A 100,000-release first run is not run here (at the measured rate it
takes hours on this machine): its figure is an extrapolation from the two largest sizes
measured, labelled as such.

    python bench/cluster.py [--sizes 100,1000] [--modes one,ray] [--timeout SECONDS] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
import scale  # noqa: E402  (bench/scale.py: the archive generator and the timed child process)

COMMAND = ["translate", ".", "--to", "zh,ko", "--engine", "argos", "-q"]
MODES = {"one": [], "ray": ["--cluster", "ray"]}
BIG = 100_000


def install_models(home: Path, timeout: float, copy: bool) -> None:
    """The tests' tiny en→zh and en→ko packages (random weights, or `copy`: the hand-wired model
    that returns its input), built and installed in a scratch Argos home."""
    from tiny_argos import build

    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "packages")
    os.environ["ARGOS_PACKAGE_INDEX"] = (home / "no-index").as_uri() + "/"  # never the network
    os.environ["RAY_ADDRESS"] = ""  # --cluster ray: a local cluster, whatever the shell says
    os.environ["SOURCE_DATE_EPOCH"] = "1785225600"  # one date in every catalog header: runs compare byte for byte
    for seed, code in enumerate(("zh", "ko")):
        package = build(home / "build", code, seed, copy=copy)
        done = scale.l10n(home, ["models", "install", code, "--file", str(package)], timeout)
        if done.status:
            raise SystemExit(f"installing the tiny {code} model failed: {done.stderr}")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file a run wrote (not its cache)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.parts[len(folder.parts)] in ("locales", "out")}


@dataclass
class Row:
    size: int
    first: dict[str, scale.Timing] = field(default_factory=dict)
    again: scale.Timing | None = None
    same: bool | None = None
    entries: int = 0
    machine: int = 0
    problems: list[str] = field(default_factory=list)


def measure(size: int, scratch: Path, modes: list[str], timeout: float) -> Row:
    row = Row(size)
    texts, _, _ = scale.archive(size)
    projects = {}
    for mode in modes:
        project = projects[mode] = scratch / f"n{size}" / mode
        project.mkdir(parents=True)
        (project / "l10n.toml").write_text('output = "out"\n', encoding="utf-8")  # pins the project root here
        for index, text in enumerate(texts, 1):
            (project / f"release-{index:05d}.txt").write_text(text, encoding="utf-8")

    def step(name: str, project: Path, args: list[str]) -> scale.Timing:
        timing = scale.l10n(project, args, timeout)
        if timing.status is None:
            row.problems.append(f"{name}: killed after --timeout {timeout:g} s")
        elif timing.status:
            row.problems.append(f"{name}: exit status {timing.status}: {timing.stderr[-500:]}")
        return timing

    for mode in modes:
        row.first[mode] = step(f"first run ({mode})", projects[mode], COMMAND + MODES[mode])
        print(f"  N={size} {mode}: {_s(row.first[mode])} s", flush=True)
    one = projects.get("one")
    if one and _ok(row.first.get("one")):
        row.again = step("no-change run", one, COMMAND)
        files = tree(one)
        row.entries = sum(data.count(b"\nmsgid ") for p, data in files.items() if p.endswith(".po"))
        row.machine = sum(data.count(b"engine: argos") for p, data in files.items() if p.endswith(".po"))
        if "ray" in projects and _ok(row.first.get("ray")):
            row.same = tree(projects["ray"]) == files
    return row


def _ok(timing: scale.Timing | None) -> bool:
    return timing is not None and timing.status == 0


def _s(timing: scale.Timing | None) -> str:
    if timing is None:
        return "-"
    return "timeout" if timing.status is None else f"{timing.seconds:.1f}"


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


def report(rows: list[Row], modes: list[str]) -> None:
    print()
    head = "".join(f"{f'{m} s':>10}{'ms/release':>12}{'MB':>6}" for m in modes)
    print(f"{'N':>6}{head}{'ray/one':>9}{'no-change s':>13}{'same bytes':>12}   catalog entries (MT drafts)")
    for row in rows:
        cells = "".join(f"{_s(row.first.get(m)):>10}"
                        f"{(f'{1000 * row.first[m].seconds / row.size:.0f}' if _ok(row.first.get(m)) else '-'):>12}"
                        f"{(f'{row.first[m].peak_mb:.0f}' if m in row.first else '-'):>6}" for m in modes)
        both = all(_ok(row.first.get(m)) for m in ("one", "ray"))
        ratio = f"{row.first['ray'].seconds / row.first['one'].seconds:.2f}" if both else "-"
        same = "-" if row.same is None else ("yes" if row.same else "NO")
        print(f"{row.size:>6}{cells}{ratio:>9}{_s(row.again):>13}{same:>12}   {row.entries:,} ({row.machine:,})")
    print("(MB: the driver process's peak RSS; Ray's own processes are not counted)")
    print()
    slopes: dict[str, float] = {}
    for before, after in itertools.pairwise(rows):
        found = []
        for mode in modes:
            t1, t2 = before.first.get(mode), after.first.get(mode)
            if _ok(t1) and _ok(t2):
                slopes[mode] = exponent(t1.seconds, t2.seconds, before.size, after.size)
                found.append(f"{mode} {slopes[mode]:.2f}")
            else:
                found.append(f"{mode} -")
        print(f"cost exponent of the first run N={before.size:,}→{after.size:,} (1 = linear): {', '.join(found)}")
    print()
    for mode in modes:
        last = next((r for r in reversed(rows) if _ok(r.first.get(mode))), None)
        if last is None or mode not in slopes:
            print(f"{BIG:,} releases ({mode}): not extrapolated (fewer than two sizes measured)")
            continue
        seconds = last.first[mode].seconds * (BIG / last.size) ** slopes[mode]
        print(f"EXTRAPOLATED, NOT MEASURED: a first run of {BIG:,} releases ({mode}, this machine) "
              f"~{seconds / 3600:.1f} h ({seconds / BIG * 1000:.0f} ms/release), from N={last.size:,}'s "
              f"{last.first[mode].seconds:.0f} s and exponent {slopes[mode]:.2f}")
    for row in rows:
        for problem in row.problems:
            print(f"problem (N={row.size}): {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="archive sizes N, comma-separated (default 100,1000)")
    parser.add_argument("--modes", default="one,ray", help="one (one process), ray (--cluster ray), comma-separated")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one command may run (default 1800)")
    parser.add_argument("--model", choices=("copy", "random"), default="copy",
                        help="the tiny model: copy (returns its input; default) or random (random weights)")
    parser.add_argument("--keep", type=Path, help="build the scratch projects in this (new) folder and keep them")
    options = parser.parse_args()
    sizes = [int(n) for n in options.sizes.split(",") if n.strip()]
    modes = [m for m in options.modes.split(",") if m.strip()]
    if unknown := set(modes) - set(MODES):
        parser.error(f"unknown --modes {', '.join(sorted(unknown))}; give one, ray")
    try:
        import ctranslate2
        gpus = ctranslate2.get_cuda_device_count()
    except ImportError:
        gpus = 0
    print(f"{os.cpu_count()} CPUs, {gpus} CUDA GPUs seen by CTranslate2, load average {os.getloadavg()[0]:.2f} at "
          "the start (other processes may be running: wall times are not from an idle machine)")
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        scratch = options.keep or Path(temporary)
        scratch.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        install_models(scratch / "argos", options.timeout, options.model == "copy")
        print(f"tiny {options.model} zh and ko models built and installed in {time.perf_counter() - start:.1f} s",
              flush=True)
        for size in sizes:
            row = measure(size, scratch, modes, options.timeout)
            rows.append(row)
            print(f"N={size}: " + ", ".join(f"{m} {_s(row.first.get(m))} s" for m in modes)
                  + f", no-change {_s(row.again)} s; load average {os.getloadavg()[0]:.2f}", flush=True)
            if not all(_ok(row.first.get(m)) for m in modes):
                print(f"N={size} did not finish in every mode: larger sizes skipped")
                break
            if not options.keep:
                shutil.rmtree(scratch / f"n{size}")
    report(rows, modes)


if __name__ == "__main__":
    main()
