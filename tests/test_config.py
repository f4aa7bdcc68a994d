from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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
    ('engins = "pseudo"\n', "unknown setting 'engins'"),
    ('targets = "ko"\n', "targets must be a list, not str"),
    ('targets = [1, 2]\n', 'targets must be a list of quoted strings, not one holding 1; write it like targets = ["zh_CN"'),
    ('glossary = [5]\n', "glossary must be a list of quoted strings, not one holding 5"),
    ('formats = [true]\n', "formats must be a list of quoted strings, not one holding true"),
    ('formats = ["txt", ["md"]]\n', 'formats must be a list of quoted strings, not one holding ["md"]'),
    ('targets = []\n', "targets must not be empty"),
    ('glossary = ["terms.csv", " "]\n', "glossary must not hold an empty string"),
    ('output = ""\n', 'output must not be an empty string; write it like output = "out"'),
    ('max_file_mb = nan\n', "max_file_mb must be a number of megabytes above 0 and at most 16,384, not NaN"),
    ('max_file_mb = inf\n', "max_file_mb must be a number of megabytes above 0 and at most 16,384, not Infinity"),
    ('max_file_mb = -1\n', "max_file_mb must be a number of megabytes above 0 and at most 16,384, not -1"),
    ('max_file_mb = 0\n', "max_file_mb must be a number of megabytes above 0 and at most 16,384, not 0"),
    ('max_file_mb = 0.0\n', "max_file_mb must be a number of megabytes above 0 and at most 16,384, not 0.0"),
    ('max_file_mb = true\n', "max_file_mb must be a number of megabytes above 0 and at most 16,384, not true"),
    ('max_file_mb = "64"\n', 'max_file_mb must be a number of megabytes above 0 and at most 16,384, not "64"'),
    ('max_file_mb = [64]\n', "max_file_mb must be a number of megabytes above 0 and at most 16,384, not [64]"),
    ('max_file_mb = 1e13\n', "max_file_mb must be a number of megabytes above 0 and at most 16,384, not 10000000000000.0"),
    ("targets = " + "[" * 50_000 + "]" * 50_000 + "\n", "nests arrays or tables too deeply"),
    ("x = " + "{a=" * 50_000 + "1" + "}" * 50_000 + "\n", "nests arrays or tables too deeply"),
])
def test_a_bad_settings_file_is_one_error(tmp_path, content, message):
    (tmp_path / "l10n.toml").write_text(content)
    with pytest.raises(L10nError) as error:
        config.load(tmp_path)
    assert message in str(error.value) and str(error.value).startswith(str(tmp_path / "l10n.toml"))


def test_an_error_names_the_line_of_the_setting(tmp_path):
    (tmp_path / "l10n.toml").write_text('engine = "pseudo"\n\n  formats = ["txt", 1]\n')
    with pytest.raises(L10nError) as error:
        config.load(tmp_path)
    assert str(error.value).startswith(f"{tmp_path / 'l10n.toml'}:3: formats must be a list of quoted strings")


@pytest.mark.parametrize(("content", "expected"), [
    ("max_file_mb = 0.5\n", 0.5),
    ("max_file_mb = 200\n", 200.0),
    ("max_file_mb = 1e3\n", 1000.0),
    ("", 64.0),
])
def test_max_file_mb_is_a_positive_number_of_megabytes(tmp_path, content, expected):
    (tmp_path / "l10n.toml").write_text(content)
    settings = config.load(tmp_path)
    assert settings.max_file_mb == expected and type(settings.max_file_mb) is float
    assert settings.max_file_bytes == int(expected * 1024 * 1024)


def test_the_templates_settings_are_the_defaults(tmp_path):
    (tmp_path / "l10n.toml").write_text(config.TEMPLATE)
    assert config.load(tmp_path) == config.Config(tmp_path, output=tmp_path / "out")


def _unreadable(tmp_path, monkeypatch):
    (tmp_path / "l10n.toml").write_text('engine = "pseudo"\n')

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(Path, "read_text", denied)  # chmod 000 does not stop root, who runs the tests


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp_path, monkeypatch: (tmp_path / "l10n.toml").mkdir(), "is a folder, not a settings file"),
    (lambda tmp_path, monkeypatch: (tmp_path / "l10n.toml").symlink_to(tmp_path / "gone.toml"),
     "is not a regular file (a broken link?)"),
    (_unreadable, "cannot be read (Permission denied)"),
    (lambda tmp_path, monkeypatch: (tmp_path / "l10n.toml").write_bytes('engine = "pséudo"\n'.encode("latin-1")),
     "is not UTF-8; save it as UTF-8"),
    (lambda tmp_path, monkeypatch: (tmp_path / "l10n.toml").write_text("#" * (1 << 20) + "\n"),
     "too big for a settings file"),
])
def test_a_settings_file_that_cannot_be_read_is_one_error(tmp_path, monkeypatch, make, message):
    make(tmp_path, monkeypatch)
    with pytest.raises(L10nError) as error:
        config.load(tmp_path)
    assert str(error.value) == f"{tmp_path / 'l10n.toml'}: {error.value.message}" and message in error.value.message


def test_a_settings_file_saved_with_a_bom_loads(tmp_path):
    (tmp_path / "l10n.toml").write_bytes(b'\xef\xbb\xbfengine = "pseudo"\n')
    assert config.load(tmp_path).engine == "pseudo"


def test_a_folder_named_like_the_settings_file_is_one_line_from_a_subfolder(tmp_path):
    (tmp_path / "l10n.toml").mkdir()
    (tmp_path / "releases").mkdir()
    shutil.copy(SEED, tmp_path / "releases")
    result = l10n(tmp_path / "releases", "translate", SEED.name, "--to", "zh", "--engine", "pseudo")
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"error: {tmp_path / 'l10n.toml'}: is a folder, not a settings file; move it away " \
                            "(`l10n init` writes a fresh one)\n"


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


@pytest.mark.parametrize(("content", "expected"), [
    ("", config.ArgosSettings("auto", "auto")),
    ('[engines.argos]\ndevice = "cpu"\n', config.ArgosSettings("cpu", "auto")),
    ('[engines.argos]\ndevice = "cuda"\ncompute_type = "int8_float16"\n', config.ArgosSettings("cuda", "int8_float16")),
    ('engines = { argos = { compute_type = "float32" } }\n', config.ArgosSettings("auto", "float32")),
])
def test_the_argos_device_and_compute_type_are_read(tmp_path, content, expected):
    (tmp_path / "l10n.toml").write_text(content)
    assert config.load(tmp_path).engines.argos == expected


@pytest.mark.parametrize(("content", "message"), [
    ('[engines.argos]\ndevice = "gpu"\n', ':2: engines.argos.device must be one of auto, cpu, cuda, not "gpu"'),
    ('[engines.argos]\ndevice = ""\n', ':2: engines.argos.device must be one of auto, cpu, cuda, not ""'),
    ('[engines.argos]\n\ncompute_type = "fp16"\n', ':3: engines.argos.compute_type must be one of auto, default, int8'),
    ('[engines.argos]\ndevice = 1\n', ':2: engines.argos.device must be a quoted string, not 1; write it like '
                                      'device = "auto"'),
    ('[engines.argos]\ngpu = true\n', ":2: unknown setting 'gpu' in [engines.argos]; known: device, compute_type"),
])
def test_a_bad_argos_setting_is_one_error_naming_its_line(tmp_path, content, message):
    (tmp_path / "l10n.toml").write_text(content)
    with pytest.raises(L10nError) as error:
        config.load(tmp_path)
    assert str(error.value).startswith(str(tmp_path / "l10n.toml") + message)


def test_a_bad_argos_setting_stops_translate_in_one_line_with_status_2(tmp_path):
    (tmp_path / "l10n.toml").write_text('[engines.argos]\ndevice = "tpu"\n')
    shutil.copy(SEED, tmp_path)
    result = l10n(tmp_path, "translate", SEED.name, "--engine", "pseudo")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "engines.argos.device" in result.stderr
    assert not (tmp_path / "locales").exists()
