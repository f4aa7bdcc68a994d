"""The README shows only commands that work: every `$ l10n ...` line in it runs cleanly.

They run in a copy of the repository's example project, so the test never writes into the
repository itself.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^\$ (l10n .+)$", README, flags=re.M)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    for name in ("examples", "locales", "tests/data"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "l10n.toml", folder)
    (folder / "tmp").mkdir()
    return folder


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "l10n", *args], capture_output=True, text=True, cwd=cwd, env=os.environ)


def test_readme_shows_commands():
    assert len(COMMANDS) >= 10


@pytest.mark.slow
def test_readme_commands_run_in_order(sandbox):
    """One test, not one per command: the commands build on one another (an export is imported a
    few commands later), so they run in the README's order in one sandbox, whatever the workers."""
    for command in COMMANDS:
        args = [arg.replace("/tmp/", f"{sandbox}/tmp/") for arg in shlex.split(command)[1:]]
        result = run(args, sandbox)
        assert result.returncode == 0, f"$ {command}\n{result.stderr}"


def test_readme_json_example_matches_the_tool(sandbox):
    example = re.search(r'"id": "(\w+)", "kind": "title"', README)
    result = run(["segment", "--json", "examples/xellsmart-sci-first-dosing-2025-07-28.txt"], sandbox)
    assert example and example[1] == json.loads(result.stdout)["units"][0]["id"]


def test_readme_shows_what_init_writes(tmp_path):
    shown = re.search(r"### `l10n init`.*?```toml\n(.*?)```", README, flags=re.S)
    assert run(["init", "-q"], tmp_path).returncode == 0
    assert shown and shown[1] == (tmp_path / "l10n.toml").read_text(encoding="utf-8")
