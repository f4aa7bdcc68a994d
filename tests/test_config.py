from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import SEED

from l10n import config
from l10n.errors import L10nError


def l10n(cwd, *args):
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=os.environ)


def test_init_writes_a_template_that_loads_as_the_defaults(tmp_path):
    assert l10n(tmp_path, "init").returncode == 0
    assert config.load(tmp_path) == config.Config(tmp_path, output=tmp_path / "out")
    again = l10n(tmp_path, "init")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_the_project_is_found_from_a_subfolder_and_its_settings_apply(tmp_path):
    (tmp_path / "l10n.toml").write_text('targets = ["ko"]\nengine = "pseudo"\noutput = "localized"\n')
    (tmp_path / "releases").mkdir()
    shutil.copy(SEED, tmp_path / "releases")
    result = l10n(tmp_path / "releases", "translate", SEED.name, "--json")
    assert result.returncode == 0, result.stderr
    assert [s["locale"] for s in json.loads(result.stdout)] == ["ko_KR"]
    assert (tmp_path / "localized" / f"{SEED.stem}.ko_KR.txt").is_file()
    assert (tmp_path / "locales" / "ko_KR" / "LC_MESSAGES" / f"{SEED.stem}.po").is_file()
    wins = l10n(tmp_path / "releases", "translate", SEED.name, "--to", "zh", "--json")
    assert [s["locale"] for s in json.loads(wins.stdout)] == ["zh_CN"]


@pytest.mark.parametrize(("content", "message"), [
    ('targets = ["ko"\n', "is not valid TOML"),
    ('engines = "pseudo"\n', "unknown setting 'engines'"),
    ('targets = "ko"\n', "targets must be a list, not str"),
])
def test_a_bad_settings_file_is_one_error(tmp_path, content, message):
    (tmp_path / "l10n.toml").write_text(content)
    with pytest.raises(L10nError) as error:
        config.load(tmp_path)
    assert message in str(error.value) and str(error.value).startswith(str(tmp_path / "l10n.toml"))


def test_glossary_commands_layer_the_projects_glossary(tmp_path):
    (tmp_path / "terms.csv").write_text("en,variants,zh_CN,ko_KR,type,note,source\n"
                                        "spinal cord injury,,脊髓损伤（SCI）,척수손상(SCI),term,,reason: house style\n",
                                        encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('glossary = ["terms.csv"]\n')
    found = json.loads(l10n(tmp_path, "glossary", "find", "spinal cord injury", "--json").stdout)
    assert found[0]["targets"]["zh_CN"] == "脊髓损伤（SCI）"
    assert "overrides" in l10n(tmp_path, "glossary", "check").stdout


def test_an_output_folder_that_cannot_be_written_is_one_error(tmp_path):
    shutil.copy(SEED, tmp_path)
    (tmp_path / "out").write_text("a file where the output folder should be")
    result = l10n(tmp_path, "translate", SEED.name, "--to", "zh", "--engine", "pseudo")
    assert result.returncode == 2
    assert "cannot be written" in result.stderr and len(result.stderr.strip().splitlines()) == 1
