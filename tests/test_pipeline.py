from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import polib
import pytest
from conftest import DATA, ROOT, SEED

SLUG = SEED.stem
KESTREL = DATA / "releases" / "kestrel-businesswire-bom-crlf.txt"
LUMINA = DATA / "releases" / "lumina-prnewswire-wrapped.txt"


def l10n(project, *args, env=None):
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True,
                          cwd=project, env={**os.environ, **(env or {})})


@pytest.fixture
def project(tmp_path):
    shutil.copy(SEED, tmp_path)
    return tmp_path


def catalogs(project):
    return {locale: polib.pofile(str(project / "locales" / locale / "LC_MESSAGES" / f"{SLUG}.po"))
            for locale in ("zh_CN", "ko_KR")}


def test_pseudo_run_gives_one_fuzzy_entry_per_distinct_unit(project):
    result = l10n(project, "translate", SEED.name, "--to", "zh,ko", "--engine", "pseudo", "--json")
    assert result.returncode == 0, result.stderr
    units = json.loads(l10n(project, "segment", SEED.name, "--json").stdout)["units"]
    for locale, po in catalogs(project).items():
        assert [e.msgid for e in po] == list(dict.fromkeys(u["text"] for u in units))
        assert all("fuzzy" in e.flags and e.msgstr and e.occurrences for e in po)
        assert not any(re.search(r"[\uac00-\ud7a3]", e.msgid) for e in po)
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", po.fpath], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    summary = json.loads(result.stdout)
    assert [s["locale"] for s in summary] == ["zh_CN", "ko_KR"]
    assert all(s["machine"] == 32 and s["untranslated"] == 0 for s in summary)
    zh = (project / "out" / f"{SLUG}.zh_CN.txt").read_text(encoding="utf-8")
    ko = (project / "out" / f"{SLUG}.ko_KR.txt").read_text(encoding="utf-8")
    assert "\n\n中国苏州2025年7月28日 -- [" in zh and "\n\n중국 쑤저우 2025년 7월 28일 -- [" in ko
    assert zh.count("BD@xellsmart.com") == 2 and "XS228" in zh and "XS411" in zh
    assert zh.count("\n  • ") == 3


def test_a_second_run_translates_and_writes_nothing(project):
    l10n(project, "translate", SEED.name, "--engine", "pseudo")
    files = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file() and ".l10n" not in p.parts}
    again = json.loads(l10n(project, "translate", SEED.name, "--engine", "pseudo", "--json").stdout)
    assert all(s["written"] == [] and s["machine"] == 0 for s in again)
    assert files == {p: p.stat().st_mtime_ns for p in files}


def test_review_survives_an_english_edit(project):
    l10n(project, "translate", SEED.name, "--engine", "pseudo")
    path = project / "locales" / "zh_CN" / "LC_MESSAGES" / f"{SLUG}.po"
    po = polib.pofile(str(path), wrapwidth=0)
    reviewed = next(e for e in po if e.msgid == "All monitored parameters remained within normal ranges.")
    changed = next(e for e in po if e.msgid.startswith("The subject successfully completed"))
    reviewed.msgstr, reviewed.flags, reviewed.tcomment = "所有监测指标均在正常范围内。", [], "checked by Li"
    changed.msgstr, changed.flags = "受试者顺利完成观察期，现已进入正式随访期。", []
    po.save()
    source = project / SEED.name
    source.write_text(source.read_text(encoding="utf-8").replace(
        "The subject successfully completed", "The subject has successfully completed"), encoding="utf-8")
    assert l10n(project, "translate", SEED.name, "--to", "zh", "--engine", "pseudo").returncode == 0
    po = polib.pofile(str(path))
    kept = po.find("All monitored parameters remained within normal ranges.")
    assert (kept.msgstr, kept.flags, kept.tcomment) == ("所有监测指标均在正常范围内。", [], "checked by Li")
    fuzzy = next(e for e in po if e.msgid.startswith("The subject has successfully"))
    assert fuzzy.msgstr == "受试者顺利完成观察期，现已进入正式随访期。" and "fuzzy" in fuzzy.flags
    assert fuzzy.previous_msgid.startswith("The subject successfully completed")
    build = l10n(project, "build", SEED.name, "--to", "zh")
    assert build.returncode == 0, build.stderr
    assert "所有监测指标均在正常范围内。" in (project / "out" / f"{SLUG}.zh_CN.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["pseudo", "argos"])
def test_a_folder_of_three_releases(tmp_path, tiny_packages, engine):
    for release in (SEED, KESTREL, LUMINA):
        shutil.copy(release, tmp_path)
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / ".argos"), "XDG_DATA_HOME": str(tmp_path / ".xdg")}
    for code in ("zh", "ko") if engine == "argos" else ():
        assert l10n(tmp_path, "models", "install", code, "--file", tiny_packages[code], env=env).returncode == 0
    result = l10n(tmp_path, "translate", ".", "--to", "zh,ko", "--engine", engine, "--json", env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert len(summary) == 6 and all(s["machine"] > 0 for s in summary)
    assert all(s["untranslated"] == 0 for s in summary) or engine == "argos"
    assert len(list((tmp_path / "out").glob("*.txt"))) == 6
    kestrel = (tmp_path / "out" / f"{KESTREL.stem}.ko_KR.txt").read_text(encoding="utf-8")
    assert "ir@kestreltx.com\n" in kestrel and "+1 858-555-0142" in kestrel


def test_auto_without_a_model_names_the_command(project):
    result = l10n(project, "translate", SEED.name, "--to", "ko")
    assert result.returncode == 0, result.stderr
    assert "l10n models install ko" in result.stdout
    po = polib.pofile(str(project / "locales/ko_KR/LC_MESSAGES" / f"{SLUG}.po"))
    assert [e.msgstr for e in po if e.msgstr] == ["중국 쑤저우 2025년 7월 28일 --"]


def test_argos_with_tiny_packages_installed_from_files(project, tiny_packages):
    env = {"ARGOS_PACKAGES_DIR": str(project / ".argos"), "XDG_DATA_HOME": str(project / ".xdg")}
    for code in ("zh", "ko"):
        assert l10n(project, "models", "install", code, "--file", tiny_packages[code], env=env).returncode == 0
    result = l10n(project, "translate", SEED.name, "--to", "zh,ko", "--engine", "argos", "--json", env=env)
    assert result.returncode == 0, result.stderr
    for locale, po in catalogs(project).items():
        for entry in po:
            literal = re.findall(r"XS\d+|[\w.]+@[\w.]+", entry.msgid)
            assert "fuzzy" in entry.flags or "note: left for a human" in entry.comment
            assert all(value in entry.msgstr for value in literal) or "note: " in entry.comment, entry.msgid
            engine = "engine: dateline CLDR" if entry.msgid.startswith("SUZHOU") else f"engine: argos en→{locale[:2]} 0.1"
            assert engine in entry.comment
    again = json.loads(l10n(project, "translate", SEED.name, "--to", "zh,ko", "--engine", "argos", "--json", env=env).stdout)
    assert all(s["written"] == [] for s in again)
    for po in catalogs(project).values():
        assert all(len(set(e.comment.splitlines())) == len(e.comment.splitlines()) for e in po)


@pytest.mark.parametrize(("args", "message"), [
    (("translate", SEED.name, "--engine", "deepl"), "unknown engine 'deepl'"),
    (("translate", SEED.name, "--to", "klingon"), "unknown locale 'klingon'"),
    (("translate", SEED.name, "--engine", "argos", "--to", "zh"), "no Argos model for en→zh"),
    (("build", SEED.name, "--to", "zh"), "has no zh_CN catalog yet"),
    (("translate", "missing.txt"), "missing.txt: no such file"),
])
def test_user_errors_are_one_line_and_status_2(project, args, message):
    result = l10n(project, *args)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_corrupt_catalog_stops_the_run_and_is_left_as_it_was(project):
    path = project / "locales" / "zh_CN" / "LC_MESSAGES" / f"{SLUG}.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "abc\nmsgstr ""\n')
    before = path.read_bytes()
    result = l10n(project, "translate", SEED.name, "--to", "zh", "--engine", "pseudo")
    assert result.returncode == 2
    assert f"{path.relative_to(project)}:5: is not a valid PO file" in result.stderr or f"{path}:5:" in result.stderr
    assert path.read_bytes() == before


def test_stats(project):
    l10n(project, "translate", SEED.name, "--engine", "pseudo")
    rows = json.loads(l10n(project, "stats", "--json").stdout)
    assert [(r["locale"], r["fuzzy"], r["reviewed"], r["percent"]) for r in rows] == [
        ("ko_KR", 33, 0, 0.0), ("zh_CN", 33, 0, 0.0)]


def test_formats_reviewed_only_and_min_reviewed(project):
    l10n(project, "translate", SEED.name, "--to", "zh", "--engine", "pseudo", "--format", "txt,md,html")
    assert {p.suffix for p in (project / "out").iterdir()} == {".txt", ".md", ".html"}
    only = l10n(project, "build", SEED.name, "--to", "zh", "--reviewed-only")
    assert only.returncode == 0 and "note: 33 sentence(s) left in English" in only.stderr
    assert "XellSmart Completed World's First" in (project / "out" / f"{SLUG}.zh_CN.txt").read_text(encoding="utf-8")
    before = (project / "out" / f"{SLUG}.zh_CN.txt").read_bytes()
    refused = l10n(project, "build", SEED.name, "--to", "zh", "--min-reviewed", "80")
    assert refused.returncode == 1 and "0% reviewed, below --min-reviewed 80%" in refused.stderr
    assert (project / "out" / f"{SLUG}.zh_CN.txt").read_bytes() == before
    assert l10n(project, "build", SEED.name, "--format", "pdf").returncode == 2
