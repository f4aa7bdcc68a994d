"""`translate --cluster ray`: the Argos models run on a Ray cluster, everything else stays here.

The driver (this process) reads the releases, merges the catalogs, masks and restores protected
spans, keeps the cache and writes every file, exactly as a run without a cluster does. Only the
machine translation moves: per locale one Ray actor per machine of the cluster (`Worker`) loads
the locale's CTranslate2 model once, with all the machine's cores (or its GPU, as
[engines.argos] device says), and translates the batches the driver hands it. The driver plans
those batches (`ArgosTranslator.plan`: the texts of every release, sorted by length, cut by
token count, each batch's parts fixed), so a batch is the same call wherever it runs and the
files are the same bytes as a run in one process.

`--cluster ray` joins the cluster RAY_ADDRESS names, else starts a local one on this machine
(its temporary files in a folder of their own under the usual temp folder) and shuts it down at
the end, leaving no Ray process behind. `--cluster ray://HOST:PORT` joins that cluster (a Ray
client address; every node needs l10n installed, `pip install "l10n[ray]"`). Ray is an extra,
imported only here.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from l10n.errors import L10nError

INSTALL = 'pip install "l10n[ray]"'
SHARES = 4
# calls per worker a locale's batches are cut into: few enough that a worker keeps CTranslate2's
# queue full, enough that one slow machine does not hold the rest up


def address(cluster: str) -> str | None:
    """The address `ray.init` joins for `--cluster CLUSTER`, or None to start a local cluster."""
    if cluster == "ray":
        return os.environ.get("RAY_ADDRESS") or None
    if cluster.startswith("ray://") and len(cluster) > len("ray://"):
        return cluster
    raise L10nError(f"--cluster {cluster!r} is not a cluster l10n can use; give ray (a local cluster, or the one "
                    "RAY_ADDRESS names) or ray://HOST:PORT")


def _ray():
    try:
        import ray
    except ImportError:
        raise L10nError(f"--cluster ray needs Ray, which is not installed here; install it with `{INSTALL}`") from None
    return ray


@contextlib.contextmanager
def connected(cluster: str) -> Iterator[tuple[object, bool]]:
    """Ray, joined to the cluster `--cluster` names, or to a local one started for the block and
    shut down (its processes and temporary folder gone) when the block ends; and whether it is local."""
    where = address(cluster)
    ray = _ray()
    # Ray's socket paths must stay under 107 bytes: a short folder right under the temp folder
    folder = tempfile.mkdtemp(prefix="l10n-ray-") if where is None else None
    try:
        ray.init(address=where, include_dashboard=False, log_to_driver=False, logging_level="error",
                 **({"_temp_dir": folder, "num_cpus": os.cpu_count()} if folder else {}))
    except (ConnectionError, RuntimeError, ValueError) as error:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        if _unauthenticated(error):
            raise L10nError(f"the Ray cluster {where} asks for its token: set RAY_AUTH_MODE=token here and copy the "
                            "head's ~/.ray/auth_token to this machine (or set RAY_AUTH_TOKEN)") from None
        raise L10nError(f"cannot join the Ray cluster {where or '(local)'}: {str(error).splitlines()[0][:200]}; "
                        "check the address, or start one with `ray start --head`") from None
    # a scheduler stops a job with SIGTERM: end as Ctrl-C would, through the `finally` below
    stopping = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    try:
        yield ray, folder is not None
    finally:
        ray.shutdown()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        if stopping is not None:
            signal.signal(signal.SIGTERM, stopping)


def _unauthenticated(error: BaseException | None) -> bool:
    """Ray refused to connect for want of the cluster's token (`ray start --head` turns token
    authentication on from Ray 2.5x): said in one of the chained errors."""
    while error is not None:
        if "AuthenticationError" in type(error).__name__ or "InvalidAuthToken" in str(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _stop(number, frame):
    raise SystemExit(128 + number)


class Worker:
    """A Ray actor: one Argos model loaded once, translating the batches the driver planned."""

    def __init__(self, path: str, model: str, files, device: str, compute_type: str, beam_size: int):
        from l10n.engines.argos import ArgosTranslator, Model

        folder = Path(path)
        if files is not None and not (folder / "model" / "model.bin").is_file():
            folder = _unpacked(files)
        from_code, to_code = model.split()[0].split("→")
        self.translator = ArgosTranslator(Model(from_code, to_code, model.split()[-1], folder), beam_size=beam_size,
                                          device=device, compute_type=compute_type)

    def translate(self, batches: Sequence[tuple[Sequence[str], int]]) -> list[list[str]]:
        return self.translator.translate_batches(batches)


class ClusterTranslator:
    """The Argos engine of one locale with its batches run by `Worker` actors, one per machine.

    Same `name` and `model` as the local engine: the cache and the catalogs' `engine:` notes cannot
    tell where a draft was made."""

    name = "argos"

    def __init__(self, ray, local, ship: bool, cpus: float = 1):
        """`cpus`: the share of a machine's CPU each worker claims, so that the workers of every
        locale of the run fit on a machine of one CPU (claiming one each, the second locale's
        waited for ever on such a machine)."""
        from ray.util import ActorPool

        self.model = local.model
        self._local = local  # plans the batches; its CTranslate2 model is never loaded here
        # a cluster this run did not start may have machines that do not see this file system
        files = ray.put(_files(local._path)) if ship else None
        # machines that run work: a head started with --num-cpus 0 only keeps the cluster
        self._machines = sum(1 for node in ray.nodes() if node.get("Alive") and node.get("Resources", {}).get("CPU"))
        if not self._machines:
            raise L10nError("the Ray cluster has no machine with a CPU to run the models on; add one with "
                            "`ray start --address HEAD:PORT`")
        actor = ray.remote(num_cpus=cpus)(Worker)
        self._pool = ActorPool([actor.options(scheduling_strategy="SPREAD").remote(
            str(local._path), local.model, files, local.device, local.compute_type, local.beam_size)
            for _ in range(self._machines)])

    def translate(self, texts: Sequence[str]) -> list[str]:
        """The batches of the local engine's plan, handed to the workers several at a time (each
        worker queues them all in CTranslate2 at once, as the local engine does), in about
        `SHARES` calls per worker, so a worker done early takes another share."""
        plan = self._local.plan(texts)
        size = -(-len(plan) // (self._machines * SHARES)) or 1
        shares = [plan[start:start + size] for start in range(0, len(plan), size)]
        done = self._pool.map(lambda worker, share: worker.translate.remote(share),
                              [[([texts[i] for i in batch], parts) for batch, parts in share] for share in shares])
        results: dict[int, str] = {}
        for share, outputs in zip(shares, done):
            for (batch, _), translated in zip(share, outputs):
                results.update(zip(batch, translated))
        return [results[i] for i in range(len(texts))]


def _unpacked(files: dict[str, bytes]) -> Path:
    """A package as the driver shipped it to another machine, unpacked under the temp folder in a
    folder named by its content: later runs and the machine's other workers use it again, so the
    machine keeps one copy per model, however many runs it serves."""
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(b"%d:%s%d:" % (len(name.encode()), name.encode(), len(data)))
        digest.update(data)
    folder = Path(tempfile.gettempdir()) / "l10n-models" / digest.hexdigest()[:32]
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=folder.parent))
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        try:
            staging.rename(folder)  # whole or not at all: a worker never reads a half-written model
        except OSError:  # another worker of this machine unpacked it first
            shutil.rmtree(staging, ignore_errors=True)
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    """The files of a package folder by relative path, for a worker on another machine."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def attach(run, ray, locales: Sequence[str], ship: bool) -> None:
    """Put the cluster behind `run`'s Argos engine of each locale that has a model (`--engine argos`
    or `auto`); a locale with none keeps what `run` would give it. With `ship`, the workers get the
    model's files from here (a cluster this run joined), else they read them where they lie."""
    if run.engine not in ("argos", "auto"):
        raise L10nError(f"--cluster runs Argos models; --engine {run.engine} runs in this process: leave out --cluster, "
                        "or use --engine argos")
    from l10n.pipeline import mt_locale

    engines = {locale: run.translator(locale) for locale in dict.fromkeys(mt_locale(run, locale) for locale in locales)}
    argos = [locale for locale, local in engines.items() if getattr(local, "name", "") == "argos"]  # zh_TW: zh_CN's
    for locale in argos:
        run.translators[locale] = ClusterTranslator(ray, engines[locale], ship, 1 / len(argos))
