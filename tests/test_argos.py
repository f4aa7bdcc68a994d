from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest
from conftest import DATA, ROOT, SEED

from l10n import glossary
from l10n.document import read
from l10n.engines import LITERAL, machine_drafts
from l10n.engines.argos import ArgosTranslator, Model, validate
from l10n.errors import L10nError
from l10n.protect import spans
from l10n.segment import segment


def cli(home, *args):
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(home / "packages"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config")}
    env.setdefault("ARGOS_PACKAGE_INDEX", (home / "no-index").as_uri() + "/")
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def zh_model(tiny_packages, tmp_path_factory):
    folder = tmp_path_factory.mktemp("zh")
    with zipfile.ZipFile(tiny_packages["zh"]) as archive:
        archive.extractall(folder)
        name = archive.namelist()[0].split("/")[0]
    return Model("en", "zh", "0.1", folder / name)


# --- validating and installing -----------------------------------------------------------

@pytest.mark.parametrize(("how", "message"), [
    ("zip-slip", "would be written outside the package folder"),
    ("absolute", "would be written outside the package folder"),
    ("no-metadata", "no translate-en_zh-0_1/metadata.json"),
])
def test_tampered_packages_are_refused(tiny_packages, tmp_path, how, message):
    from tiny_argos import tampered

    with pytest.raises(L10nError) as error:
        validate(tampered(tiny_packages["zh"], tmp_path, how))
    assert message in str(error.value)


def test_a_package_for_another_pair_is_refused(tiny_packages):
    with pytest.raises(L10nError) as error:
        validate(tiny_packages["ko"], "zh")
    assert "translates en→ko, not en→zh" in str(error.value)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "model.argosmodel"
    path.write_text("not a zip")
    with pytest.raises(L10nError, match="is not an Argos package"):
        validate(path)


def test_cli_install_from_file_then_list(tiny_packages, tmp_path):
    installed = cli(tmp_path, "models", "install", "zh", "--file", tiny_packages["zh"])
    assert installed.returncode == 0, installed.stderr
    assert "installed Argos en→zh 0.1" in installed.stdout
    assert (tmp_path / "packages" / "translate-en_zh-0_1" / "model" / "model.bin").is_file()
    listed = cli(tmp_path, "models", "list")
    assert "en→zh" in listed.stdout
    assert "ko_KR: no en→ko model; install one with `l10n models install ko`" in listed.stdout


def test_cli_zip_slip_exits_2_and_writes_nothing(tiny_packages, tmp_path):
    from tiny_argos import tampered

    (tmp_path / "in").mkdir()
    bad = tampered(tiny_packages["zh"], tmp_path / "in", "zip-slip")
    result = cli(tmp_path, "models", "install", "--file", bad)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {bad}: refused:") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "in" / "escaped.txt").exists()
    assert not (tmp_path / "packages").exists() or not any((tmp_path / "packages").iterdir())


def test_cli_install_from_an_index(tiny_packages, tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    (index / "index.json").write_text(json.dumps([
        {"from_code": "en", "to_code": "ko", "package_version": "0.1", "links": [tiny_packages["ko"].as_uri()]}]))
    result = subprocess.run(
        [sys.executable, "-m", "l10n", "models", "install", "ko"], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"), "XDG_DATA_HOME": str(tmp_path / "data"),
             "ARGOS_PACKAGE_INDEX": index.as_uri() + "/"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "packages" / "translate-en_ko-0_1" / "metadata.json").is_file()


def test_cli_unreachable_index_is_one_clear_line(tmp_path):
    result = cli(tmp_path, "models", "install", "zh")
    assert result.returncode == 2
    assert "cannot reach the Argos package index" in result.stderr
    assert "l10n models install --file PACKAGE.argosmodel" in result.stderr


# --- translating -------------------------------------------------------------------------

def test_batched_translation_returns_one_text_per_input_in_order(zh_model):
    texts = ["XellSmart dosed a patient.", "Short.", "A much longer sentence about the registrational clinical trial " * 3]
    translator = ArgosTranslator(zh_model, batch_tokens=64)
    out = translator.translate(texts)
    assert len(out) == 3 and all(isinstance(t, str) for t in out)
    assert translator.translate([]) == []
    assert not any("▁" in t for t in out)
    assert len(ArgosTranslator(zh_model, batch_tokens=100_000).translate(texts)) == 3


def test_every_literal_span_is_in_the_draft_or_noted(zh_model):
    terms = glossary.load([DATA / "glossary" / "small.csv"])
    units = [u for u in segment(read(SEED)) if u.kind != "contact"]
    matches = [terms.find(u.text) for u in units]
    drafts = machine_drafts(ArgosTranslator(zh_model), [u.text for u in units], matches, "zh_CN")
    assert len(drafts) == len(units)
    for unit, found, draft in zip(units, matches, drafts):
        literal = [s.value for s in spans(unit.text, found, "zh_CN") if s.kind in LITERAL]
        assert all(value in draft.text for value in literal) or draft.notes, unit.text
        assert draft.fuzzy and draft.engine == "argos" and draft.model == "en→zh 0.1"


@pytest.fixture(scope="module")
def copy_model(tmp_path_factory):
    from tiny_argos import build

    out = tmp_path_factory.mktemp("copy")
    archive = build(out, "zh", copy=True, version="copy")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(out / "packages")
    return Model("en", "zh", "copy", out / "packages" / archive.stem)


def test_the_copy_model_returns_its_input(copy_model):
    texts = ["XellSmart dosed ZX0 patients for ZX1 in ZX2.", "士泽生物完成ZX0给药。"]
    assert ArgosTranslator(copy_model).translate(texts) == texts


def test_placeholders_survive_a_real_ctranslate2_path(copy_model):
    """Masking, SentencePiece, CTranslate2 and decoding end to end: with a model that copies, every
    unit comes back with each protected span restored and no fallback note."""
    terms = glossary.load([DATA / "glossary" / "small.csv"])
    units = [u for u in segment(read(SEED)) if u.kind != "contact"]
    matches = [terms.find(u.text) for u in units]
    drafts = machine_drafts(ArgosTranslator(copy_model), [u.text for u in units], matches, "zh_CN")
    for unit, found, draft in zip(units, matches, drafts):
        assert draft.notes == (), (unit.text, draft)
        expected = unit.text
        for span in reversed(spans(unit.text, found, "zh_CN")):
            expected = expected[:span.start] + span.value + expected[span.end:]
        assert draft.text == expected
