from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import DATA, SEED

from l10n import cluster
from l10n.errors import L10nError

RELEASES = [SEED, *sorted((DATA / "releases").glob("*.txt"))[:5]]
# Header lines that say when a catalog was made: two runs a minute apart differ there, nowhere else.
VOLATILE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"$', re.MULTILINE)


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
    """Every file a run wrote (not its cache), the date lines of catalog headers blanked."""
    return {str(p.relative_to(folder)): VOLATILE.sub(rb'"\1: -\\n"', p.read_bytes()) for p in sorted(folder.rglob("*"))
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
                      env={**env, "RAY_ADDRESS": ""})
        assert result.returncode == 0, result.stderr
        assert set(Path(tempfile.gettempdir()).glob("l10n-ray-*")) == before  # the local cluster's folder is gone
        runs[name] = _tree(project)
    assert len(runs["local"]) == 5 * len(RELEASES)  # two catalogs, two releases and a template each
    assert runs["cluster"] == runs["local"]
    machine = [p for p, data in runs["local"].items() if p.endswith(".po") and b"engine: argos" in data]
    assert len(machine) == 2 * len(RELEASES)  # the models translated every release, not the cache
    stray = subprocess.run(["pgrep", "-f", f"{tempfile.gettempdir()}/l10n-ray-"], capture_output=True, text=True)
    assert stray.stdout == ""  # no Ray process of the run is left
