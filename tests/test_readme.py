"""The README shows only commands that work: every `$ l10n ...` line in it runs cleanly."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^\$ (l10n .+)$", README, flags=re.M)


def test_readme_shows_commands():
    assert len(COMMANDS) >= 3


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command):
    args = shlex.split(command)[1:]
    result = subprocess.run([sys.executable, "-m", "l10n", *args], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_readme_json_example_matches_the_tool():
    example = re.search(r'"id": "(\w+)", "kind": "title"', README)
    result = subprocess.run([sys.executable, "-m", "l10n", "segment", "--json",
                             "examples/xellsmart-sci-first-dosing-2025-07-28.txt"],
                            capture_output=True, text=True, cwd=ROOT)
    assert example and example[1] == json.loads(result.stdout)["units"][0]["id"]
