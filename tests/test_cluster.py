from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import DATA, SEED, unpack

from l10n import cluster
from l10n.engines.argos import ArgosTranslator, Model
from l10n.errors import L10nError

RELEASES = [SEED, *sorted((DATA / "releases").glob("*.txt"))[:5]]


def l10n(cwd, *args, env=None, prelude=""):
    """The command line in a fresh process; `prelude` runs first (to hide Ray)."""
    code = f"{prelude}import sys; from l10n.cli import main; sys.argv = ['l10n', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize(("option", "environment", "expected"), [
    ("ray", None, None),
    ("ray", "ray://head:10001", "ray://head:10001"),
    ("ray://10.0.0.5:10001", None, "ray://10.0.0.5:10001"),
])
def test_the_cluster_option_names_where_ray_runs(monkeypatch, option, environment, expected):
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    if environment:
        monkeypatch.setenv("RAY_ADDRESS", environment)
    assert cluster.address(option) == expected


@pytest.mark.parametrize("option", ["spark", "ray://", "RAY", "ray:/head:1"])
def test_an_unknown_cluster_is_one_line(option):
    with pytest.raises(L10nError, match=rf"--cluster '{re.escape(option)}' is not a cluster l10n can use; give ray "):
        cluster.address(option)


def test_without_ray_the_cluster_option_says_how_to_install_it(tmp_path):
    shutil.copy(SEED, tmp_path)
    result = l10n(tmp_path, "translate", SEED.name, "--to", "zh", "--cluster", "ray",
                  prelude="import sys; sys.modules['ray'] = None; ")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ('error: --cluster ray needs Ray, which is not installed here; install it with '
                             '`pip install "l10n[ray]"`\n')
    assert not (tmp_path / "locales").exists()


def test_the_cluster_runs_argos_only(monkeypatch):
    from l10n import glossary, pipeline

    run = pipeline.Run(Path("."), glossary.load([]), "pseudo")
    with pytest.raises(L10nError, match="--cluster runs Argos models; --engine pseudo runs in this process"):
        cluster.attach(run, None, ["zh_CN"], ship=False)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file a run wrote (not its cache)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.parts[len(folder.parts)] in ("locales", "out")}


@pytest.mark.slow
def test_a_local_ray_cluster_writes_the_same_bytes_as_one_process(tmp_path, tiny_packages):
    pytest.importorskip("ray", reason=f"Ray is an extra: {cluster.INSTALL}")
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "argos"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    for code in ("zh", "ko"):
        assert l10n(tmp_path, "models", "install", code, "--file", tiny_packages[code], env=env).returncode == 0
    runs = {}
    for name, extra in (("local", ()), ("cluster", ("--cluster", "ray"))):
        project = tmp_path / name
        (project / "releases").mkdir(parents=True)
        for release in RELEASES:
            shutil.copy(release, project / "releases")
        before = set(Path(tempfile.gettempdir()).glob("l10n-ray-*"))
        result = l10n(project, "translate", "releases", "--to", "zh,ko", "--engine", "argos", "-q", *extra,
                      env={**env, "RAY_ADDRESS": "", "SOURCE_DATE_EPOCH": "1785225600"})
        assert result.returncode == 0, result.stderr
        assert set(Path(tempfile.gettempdir()).glob("l10n-ray-*")) == before  # the local cluster's folder is gone
        runs[name] = _tree(project)
    assert len(runs["local"]) == 5 * len(RELEASES)  # two catalogs, two releases and a template each
    assert runs["cluster"] == runs["local"]
    machine = [p for p, data in runs["local"].items() if p.endswith(".po") and b"engine: argos" in data]
    assert len(machine) == 2 * len(RELEASES)  # the models translated every release, not the cache
    stray = subprocess.run(["pgrep", "-f", f"{tempfile.gettempdir()}/l10n-ray-"], capture_output=True, text=True)
    assert stray.stdout == ""  # no Ray process of the run is left


def test_a_worker_elsewhere_unpacks_the_shipped_model_once_per_machine(tmp_path, tiny_packages, monkeypatch):
    """A worker on a machine that does not see the driver's files gets the package's bytes: they are
    unpacked in a folder named by their content, whole, and reused by later workers and runs."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    package = unpack(tiny_packages["zh"], tmp_path / "driver")
    shipped = cluster._files(package)
    args = (str(tmp_path / "not-on-this-machine"), "en→zh 0.1", shipped, "cpu", "default", 2)
    first, second = cluster.Worker(*args), cluster.Worker(*args)
    unpacked = list((tmp_path / "tmp" / "l10n-models").iterdir())
    assert len(unpacked) == 1 and cluster._files(unpacked[0]) == shipped
    texts = ["The trial enrolls 30 patients.", "Short."]
    local = ArgosTranslator(Model("en", "zh", "0.1", package), device="cpu", compute_type="default")
    batches = [([texts[i] for i in batch], parts) for batch, parts in local.plan(texts)]
    assert first.translate(batches) == second.translate(batches) == local.translate_batches(batches)
    other = {**shipped, "metadata.json": shipped["metadata.json"] + b" "}
    cluster.Worker(args[0], args[1], other, "cpu", "default", 2)
    assert len(list((tmp_path / "tmp" / "l10n-models").iterdir())) == 2  # another model, another folder


class Pool:
    """ActorPool's map, run here: what each call is given is recorded."""

    def __init__(self, translator):
        self.translator, self.calls = translator, []

    def map(self, call, shares):
        for share in shares:
            self.calls.append(len(share))
            yield self.translator.translate_batches(share)


@pytest.mark.parametrize(("machines", "calls"), [(1, [4, 4, 4, 1]), (2, [2, 2, 2, 2, 2, 2, 1])])
def test_the_driver_hands_each_worker_several_batches_per_call(tiny_packages, tmp_path, machines, calls):
    package = unpack(tiny_packages["zh"], tmp_path)
    local = ArgosTranslator(Model("en", "zh", "0.1", package), batch_tokens=1, device="cpu", compute_type="default")
    texts = [f"Sentence number {n} of the release." for n in range(13)]
    spread = object.__new__(cluster.ClusterTranslator)
    spread._local, spread._machines, spread._pool = local, machines, Pool(local)
    assert spread.translate(texts) == local.translate(texts)
    assert spread._pool.calls == calls  # 13 batches of one text, about SHARES calls per machine


def test_sigterm_stops_a_local_cluster_as_ctrl_c_would(monkeypatch):
    """A scheduler's SIGTERM ends the run through the same cleanup as Ctrl-C: Ray shut down, the
    local cluster's temporary folder removed, the old handler back."""
    import signal
    import time
    import types

    calls = []
    fake = types.SimpleNamespace(init=lambda **options: calls.append(("init", options["_temp_dir"])),
                                 shutdown=lambda: calls.append(("shutdown",)))
    monkeypatch.setattr(cluster, "_ray", lambda: fake)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as stopped, cluster.connected("ray"):
        assert Path(calls[0][1]).is_dir()
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler runs before this ends
    assert stopped.value.code == 128 + signal.SIGTERM
    assert calls[-1] == ("shutdown",) and not Path(calls[0][1]).exists()
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.parametrize(("error", "expected"), [
    (ConnectionError("Failed to connect to Ray cluster at head:6379"), "cannot join the Ray cluster head:6379: Failed"),
    # Ray 2.5x's `ray start --head` turns token authentication on: a driver without the token is refused
    (RuntimeError("Failed to connect to GCS. ray.exceptions.AuthenticationError: RPC error: InvalidAuthToken"),
     "the Ray cluster head:6379 asks for its token: set RAY_AUTH_MODE=token here"),
])
def test_a_cluster_that_cannot_be_joined_is_one_line_saying_why(monkeypatch, error, expected):
    import types

    def init(**options):
        raise ConnectionError("Failed to connect to Ray cluster at head:6379") from error

    monkeypatch.setattr(cluster, "_ray", lambda: types.SimpleNamespace(init=init))
    monkeypatch.setenv("RAY_ADDRESS", "head:6379")
    with pytest.raises(L10nError, match=re.escape(expected)), cluster.connected("ray"):
        pass


class FakeRay:
    """What ClusterTranslator asks of Ray: the nodes, and the CPU each worker claims."""

    def __init__(self, nodes):
        self._nodes, self.claims = nodes, []

    def nodes(self):
        return self._nodes

    def put(self, value):
        return value

    def remote(self, num_cpus):
        self.claims.append(num_cpus)

        def options(**_):
            return type("Actor", (), {"remote": staticmethod(lambda *args: object())})

        return lambda worker: type("Remote", (), {"options": staticmethod(options)})


ONE_CPU, HEAD_ONLY = {"Alive": True, "Resources": {"CPU": 1.0}}, {"Alive": True, "Resources": {"memory": 1.0}}


def test_the_workers_of_every_locale_fit_on_a_machine_of_one_cpu(tiny_packages, tmp_path, monkeypatch):
    """Each of a run's locales has one worker per machine; they claim a share of a CPU, so that two
    locales' workers fit on a machine of one CPU (claiming one each, the second waited for ever). A
    head started with `--num-cpus 0` runs none."""
    import types

    pytest.importorskip("ray", reason=f"Ray is an extra: {cluster.INSTALL}")
    locals_ = {code: ArgosTranslator(Model("en", code, "0.1", unpack(tiny_packages[code], tmp_path / code)))
               for code in ("zh", "ko")}
    run = types.SimpleNamespace(engine="argos", translators={},
                                translator=lambda locale: locals_[locale[:2]])
    ray = FakeRay([ONE_CPU, HEAD_ONLY])
    monkeypatch.setattr("ray.util.ActorPool", lambda actors: actors)
    cluster.attach(run, ray, ["zh_CN", "ko_KR"], ship=False)
    assert ray.claims == [0.5, 0.5] and [len(t._pool) for t in run.translators.values()] == [1, 1]
    with pytest.raises(L10nError, match="the Ray cluster has no machine with a CPU"):
        cluster.ClusterTranslator(FakeRay([HEAD_ONLY]), locals_["zh"], False)
