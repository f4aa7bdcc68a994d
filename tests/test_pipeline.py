from __future__ import annotations

import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
import pytest
from conftest import DATA, ROOT, SEED
from hypothesis import example, given, settings
from hypothesis import strategies as st

from l10n import files, glossary, pipeline
from l10n.errors import L10nError

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


@pytest.mark.slow
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


@pytest.mark.slow
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
    (("translate", SEED.name, "--engine", "bing"), "unknown engine 'bing'"),
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
    assert only.returncode == 0 and f"note: {SEED.name} zh_CN: 33 sentences left in English" in only.stderr
    assert "XellSmart Completed World's First" in (project / "out" / f"{SLUG}.zh_CN.txt").read_text(encoding="utf-8")
    before = (project / "out" / f"{SLUG}.zh_CN.txt").read_bytes()
    refused = l10n(project, "build", SEED.name, "--to", "zh", "--min-reviewed", "80")
    assert refused.returncode == 1 and "less than 80% of the catalog is reviewed (33 entries still fuzzy)" in refused.stderr
    assert (project / "out" / f"{SLUG}.zh_CN.txt").read_bytes() == before
    assert l10n(project, "build", SEED.name, "--format", "pdf").returncode == 2


# --- the review loop a user can trust (issue 11) ------------------------------------------

REVIEW = DATA / "review"
CORVANTA = REVIEW / "corvanta.txt"


@pytest.fixture
def corvanta(tmp_path):
    shutil.copy(CORVANTA, tmp_path)
    shutil.copy(REVIEW / "corvanta-glossary.csv", tmp_path)
    (tmp_path / "l10n.toml").write_text('glossary = ["corvanta-glossary.csv"]\n', encoding="utf-8")
    return tmp_path


def files_of(project):
    return {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".l10n" not in p.parts}


def test_a_second_run_without_a_model_changes_nothing_and_memory_offers_no_contact_line(corvanta):
    first = l10n(corvanta, "translate", "corvanta.txt", "--to", "zh")
    assert first.returncode == 0, first.stderr
    before = files_of(corvanta)
    again = json.loads(l10n(corvanta, "translate", "corvanta.txt", "--to", "zh", "--json").stdout)
    assert again[0]["written"] == [] and again[0]["memory"] == 0
    assert files_of(corvanta) == before
    po = polib.pofile(str(corvanta / "locales/zh_CN/LC_MESSAGES/corvanta.po"))
    assert po.find("About Corvanta Therapeutics").msgstr == ""
    assert po.find("Corvanta Therapeutics").msgstr == "Corvanta Therapeutics"  # the contact line, verbatim


# A reviewer's Chinese for the Corvanta release (the dateline and contact lines are the tool's).
REVIEWED_ZH = {
    "Corvanta Therapeutics Reports 52-Week Results from Phase 1/2 Trial of CRV-101 in Spinal Cord Injury":
        "科尔万塔治疗公司公布CRV-101治疗脊髓损伤I/II期试验52周结果",
    "Corvanta Therapeutics, Inc. (Nasdaq: CRVT) today reported 52 weeks of follow-up from its Phase 1/2 trial of "
    "CRV-101, an iPSC-derived cell therapy for chronic spinal cord injury.":
        "科尔万塔治疗公司（纳斯达克：CRVT）今日公布其CRV-101 I/II期试验52周随访数据。CRV-101是一款治疗慢性脊髓损伤的"
        "iPSC衍生细胞疗法。",
    "All 12 patients completed the 52-week visit.": "全部12名患者均完成了第52周访视。",
    "Motor scores improved in 9 of 12 patients, and no treatment-related serious adverse events were reported.":
        "12名患者中有9名运动评分改善，未报告与治疗相关的严重不良事件。",
    "The company will expand its manufacturing site in Cambridge to 5,000 square meters with a $12 million "
    "investment.": "公司将投资1200万美元，把位于剑桥的生产基地扩建至5000平方米。",
    "\"These results support moving CRV-101 into a registrational trial,\" said Helen Brooks, Chief Executive Officer "
    "of Corvanta Therapeutics.": "科尔万塔治疗公司首席执行官Helen Brooks表示：“这些结果支持推进CRV-101进入注册临床试验。”",
    "About Corvanta Therapeutics": "关于科尔万塔治疗公司",
    "Corvanta Therapeutics, Inc. develops cell therapies for neurological injury.":
        "科尔万塔治疗公司致力于开发治疗神经损伤的细胞疗法。",
    "For more information, visit www.corvanta.com.": "欲了解更多信息，请访问www.corvanta.com。",
    "Media Contact:": "媒体联系人：",
}


def _review(path, translations):
    """A reviewer writes `translations` (msgid → text) and clears the fuzzy flag of every entry they touch."""
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid in translations or entry.msgid.startswith("BOSTON"):
            entry.msgstr = translations.get(entry.msgid, entry.msgstr)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()


@pytest.mark.slow
def test_a_stale_number_is_reported_written_into_the_entry_and_never_published_as_final(corvanta):
    assert l10n(corvanta, "translate", "corvanta.txt", "--to", "zh", "--engine", "pseudo").returncode == 0
    po_path = corvanta / "locales/zh_CN/LC_MESSAGES/corvanta.po"
    _review(po_path, REVIEWED_ZH)
    final = json.loads(l10n(corvanta, "translate", "corvanta.txt", "--to", "zh", "--json").stdout)[0]
    assert (final["status"], final["errors"]) == ("final", 0)

    source = corvanta / "corvanta.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("the 52-week visit", "the 48-week visit"), "utf-8")
    result = json.loads(l10n(corvanta, "translate", "corvanta.txt", "--to", "zh", "--json").stdout)[0]
    assert (result["status"], result["errors"]) == ("draft: 1 fuzzy, 1 error", 1)
    entry = polib.pofile(str(po_path)).find("All 12 patients completed the 48-week visit.")
    assert "fuzzy" in entry.flags and entry.previous_msgid == "All 12 patients completed the 52-week visit."
    assert entry.msgstr == "全部12名患者均完成了第52周访视。"
    assert entry.comment.splitlines()[0] == "check: error: numbers: 48 translated as 52"

    release = corvanta / "out" / "corvanta.zh_CN.txt"
    published = release.read_bytes()
    refused = l10n(corvanta, "build", "corvanta.txt", "--to", "zh", "--final")
    assert refused.returncode == 1 and refused.stderr.splitlines() == [
        "refused: corvanta.txt zh_CN: not final (1 entry still fuzzy, 1 check error), so --final writes no release; "
        "review them in Poedit (locales/zh_CN/LC_MESSAGES/corvanta.po; `l10n review corvanta.txt --to zh_CN` shows "
        "them on one page), then run `l10n build corvanta.txt --to zh_CN --final`"]
    assert release.read_bytes() == published
    draft = l10n(corvanta, "build", "corvanta.txt", "--to", "zh")
    assert draft.returncode == 0 and "corvanta.txt zh_CN: draft: 1 fuzzy, 1 error" in draft.stdout

    _review(po_path, {"All 12 patients completed the 48-week visit.": "全部12名患者均完成了第48周访视。"})
    assert l10n(corvanta, "translate", "corvanta.txt", "--to", "zh").returncode == 0
    assert "check:" not in polib.pofile(str(po_path)).find("All 12 patients completed the 48-week visit.").comment
    ok = l10n(corvanta, "build", "corvanta.txt", "--to", "zh", "--final")
    assert ok.returncode == 0 and "zh_CN: final" in ok.stdout
    assert "第48周" in release.read_text(encoding="utf-8")


def test_notes_are_one_glossary_line_with_engine_and_check_notes_first(corvanta):
    assert l10n(corvanta, "translate", "corvanta.txt", "--to", "zh", "--engine", "pseudo").returncode == 0
    po = polib.pofile(str(corvanta / "locales/zh_CN/LC_MESSAGES/corvanta.po"))
    title = po[0].comment.splitlines()
    assert title == ["engine: pseudo", "kind: title",
                     "glossary: Corvanta Therapeutics → 科尔万塔治疗公司; Phase 1/2 → I/II期; "
                     "Spinal Cord Injury → 脊髓损伤; keep: CRV-101"]
    assert all(len(e.comment.splitlines()) == len(set(e.comment.splitlines())) for e in po)
    assert all(sum(line.startswith("glossary: ") for line in e.comment.splitlines()) <= 1 for e in po)


def test_files_follow_the_umask(corvanta):
    umask = os.umask(0o022)
    try:
        l10n(corvanta, "translate", "corvanta.txt", "--to", "zh", "--engine", "pseudo")
    finally:
        os.umask(umask)
    written = [p for p in files_of(corvanta) if {"locales", "out"} & set(p.relative_to(corvanta).parts)]
    assert len(written) == 3 and {p.stat().st_mode & 0o777 for p in written} == {0o644}


# Idempotence is a law: whatever a reviewer, an English edit or a PO editor did, a second
# `translate` writes nothing. Run in-process for speed; the CLI path is covered above.
EVERY_RELEASE = [SEED, CORVANTA, *sorted((DATA / "releases").glob("*.txt"))]
ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("review"), st.integers(0, 99)),
    st.tuples(st.just("english"), st.integers(0, 99)),
    st.tuples(st.just("rewrap"), st.sampled_from(["--width=79", "--width=40", "--no-wrap"])),
), max_size=4)


def _act(root, release, action):
    kind, value = action
    po_path = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{release.stem}.po"
    if kind == "review":  # Poedit-like: edit one entry, clear fuzzy, save re-wrapped (polib wraps at 78)
        po = polib.pofile(str(po_path))
        entry = [e for e in po if not e.obsolete][value % len([e for e in po if not e.obsolete])]
        entry.msgstr, entry.flags, entry.tcomment = entry.msgstr or f"审校译文{value}", [], "reviewed"
        po.save()
    elif kind == "rewrap":
        subprocess.run(["msgcat", value, "-o", str(po_path), str(po_path)], check=True)
    else:
        path = root / release.name
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:  # the CP949 fixture: left as it is
            return
        lines = text.split("\n")
        long = [i for i, line in enumerate(lines) if len(line) > 60 and " " in line]
        at = long[value % len(long)]
        lines[at] = lines[at].replace(" ", " newly ", 1)
        path.write_text("\n".join(lines), encoding="utf-8")


@settings(max_examples=12, deadline=None)
@given(release=st.sampled_from(EVERY_RELEASE), actions=ACTIONS, engine=st.sampled_from(["pseudo", "memory"]))
@example(release=SEED, actions=[("english", 71), ("review", 85)], engine="memory")  # polib wraps a long note
def test_a_second_translate_writes_nothing(release, actions, engine):
    terms = glossary.load([glossary.SHIPPED, REVIEW / "corvanta-glossary.csv"])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(release, root)
        output = pipeline.Output(root / "out")
        for action in [None, *actions]:
            if action:
                _act(root, release, action)
            pipeline.translate_file(pipeline.Run(root, terms, engine), root / release.name, ["zh_CN"], output)
            before = files_of(root)
            again = pipeline.translate_file(pipeline.Run(root, terms, engine), root / release.name, ["zh_CN"], output)
            assert again[0].written == () and files_of(root) == before, action


# --- hostile input (issue 12) --------------------------------------------------------------


def test_a_line_break_in_a_file_name_is_escaped_in_references_and_never_blocks_a_locale(tmp_path):
    odd = tmp_path / "line\nbreak.txt"
    shutil.copy(CORVANTA, odd)
    shutil.copy(SEED, tmp_path)
    for _ in range(2):
        result = l10n(tmp_path, "translate", ".", "--to", "zh", "--engine", "pseudo", "-q")
        assert result.returncode == 0, result.stderr
    po = polib.pofile(str(tmp_path / "locales/zh_CN/LC_MESSAGES/line\nbreak.po"))
    assert po[0].occurrences == [("line\\nbreak.txt", "1")]


def _word_release(path, paragraphs):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


AGENCY_RELEASE = ["Corvanta Opens a Cell Therapy Plant in Cambridge",
                  "CAMBRIDGE, Mass., March 3, 2026 -- Corvanta Therapeutics, Inc. today opened its cell therapy "
                  "manufacturing plant in Cambridge.",
                  "The plant will supply the company's registrational trial of CRV-101."]


def _po(project, name, locale="zh_CN"):
    return polib.pofile(str(project / "locales" / locale / "LC_MESSAGES" / f"{name}.po"))


def _reviewed(po):
    return {e.msgid: e.msgstr for e in po if not e.obsolete and e.msgstr and "fuzzy" not in e.flags}


@pytest.mark.slow
def test_releases_of_one_name_get_catalogs_of_their_own_and_a_review_survives_them(corvanta):
    """A reviewed text release, then a Word file and a Markdown file of the same name with other text, then an
    edit of the English: nothing reviewed is lost or obsoleted, and a second run writes nothing."""
    assert l10n(corvanta, "translate", "corvanta.txt", "--to", "zh", "--engine", "pseudo").returncode == 0
    _review(corvanta / "locales/zh_CN/LC_MESSAGES/corvanta.po", REVIEWED_ZH)
    assert l10n(corvanta, "translate", "corvanta.txt", "--to", "zh").returncode == 0
    reviewed = _reviewed(_po(corvanta, "corvanta"))
    text_catalog = (corvanta / "locales/zh_CN/LC_MESSAGES/corvanta.po").read_bytes()

    _word_release(corvanta / "corvanta.docx", AGENCY_RELEASE)
    shutil.copy(CORVANTA_MD, corvanta / "corvanta.md")
    result = l10n(corvanta, "translate", ".", "--to", "zh", "--engine", "pseudo", "--json")
    assert result.returncode == 0, result.stderr
    assert (corvanta / "locales/zh_CN/LC_MESSAGES/corvanta.po").read_bytes() == text_catalog
    assert {s["source"]: s["status"] for s in json.loads(result.stdout)}["corvanta.txt"] == "final"
    for name, release in (("corvanta-docx", "corvanta.docx"), ("corvanta-md", "corvanta.md")):
        assert _po(corvanta, name).metadata["X-L10n-Release"] == release
        assert (corvanta / "locales" / f"{name}.pot").exists()
    assert {p.name for p in (corvanta / "out").iterdir()} == {
        "corvanta.zh_CN.txt", "corvanta-docx.zh_CN.docx", "corvanta-md.zh_CN.md"}
    dateline = next(e for e in _po(corvanta, "corvanta-docx") if "kind: dateline" in e.comment)
    assert "2026年3月3日" in dateline.msgstr and "波士顿" not in dateline.msgstr  # its own city, not the text release's

    source = corvanta / "corvanta.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("the 52-week visit", "the 48-week visit"), "utf-8")
    for _ in range(2):
        before = files_of(corvanta)
        assert l10n(corvanta, "translate", ".", "--to", "zh", "--engine", "pseudo").returncode == 0
    assert files_of(corvanta) == before
    po = _po(corvanta, "corvanta")
    edited = "All 12 patients completed the 52-week visit."
    assert _reviewed(po) == {k: v for k, v in reviewed.items() if k != edited}
    assert not [e for e in po if e.obsolete]
    entry = po.find("All 12 patients completed the 48-week visit.")
    assert (entry.previous_msgid, entry.msgstr, "fuzzy" in entry.flags) == (edited, reviewed[edited], True)


def _forget_the_release(project, name):
    """A catalog and template as l10n wrote them before catalogs recorded their release."""
    for path in [project / "locales" / f"{name}.pot", *(project / "locales").glob(f"*/LC_MESSAGES/{name}.po")]:
        path.write_text(re.sub(r'"X-L10n-Release: .*\\n"\n', "", path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.parametrize("recorded", [True, False], ids=["recorded", "from-references"])
def test_a_catalog_knows_its_release_from_its_header_or_its_references(corvanta, recorded):
    assert l10n(corvanta, "translate", "corvanta.txt", "--to", "zh,ko", "--engine", "pseudo").returncode == 0
    if not recorded:
        _forget_the_release(corvanta, "corvanta")
    catalog = corvanta / "locales/zh_CN/LC_MESSAGES/corvanta.po"
    before = catalog.read_bytes()
    shutil.copy(CORVANTA_MD, corvanta / "corvanta.md")
    assert l10n(corvanta, "translate", "corvanta.md", "--to", "zh", "--engine", "pseudo").returncode == 0
    assert catalog.read_bytes() == before
    assert _po(corvanta, "corvanta-md").metadata["X-L10n-Release"] == "corvanta.md"
    assert l10n(corvanta, "translate", "corvanta.txt", "--to", "zh", "--engine", "pseudo").returncode == 0
    assert _po(corvanta, "corvanta").metadata["X-L10n-Release"] == "corvanta.txt"
    assert not [e for e in _po(corvanta, "corvanta") if e.obsolete]


@pytest.mark.parametrize("reviewed", [True, False])
def test_a_catalog_that_names_no_release_is_taken_only_while_nothing_in_it_is_reviewed(tmp_path, reviewed):
    shutil.copy(CORVANTA, tmp_path)
    catalog = tmp_path / "locales/zh_CN/LC_MESSAGES/corvanta.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       f'{"" if reviewed else "#, fuzzy"}\nmsgid "Hello"\nmsgstr "你好"\n', encoding="utf-8")
    before = catalog.read_bytes()
    result = l10n(tmp_path, "translate", "corvanta.txt", "--to", "zh", "--engine", "pseudo")
    if reviewed:
        assert result.returncode == 2 and not (tmp_path / "out").exists() and catalog.read_bytes() == before
        assert result.stderr.strip() == (
            f"error: {catalog}: does not say which release it serves (no X-L10n-Release header field, no "
            "references) and holds reviewed translations, so l10n will not merge corvanta.txt into it; if "
            'it is corvanta.txt\'s catalog, add the header line "X-L10n-Release: corvanta.txt\\n" to it, else move it '
            "out of locales/")
    else:
        assert result.returncode == 0, result.stderr
        assert _po(tmp_path, "corvanta").metadata["X-L10n-Release"] == "corvanta.txt"


def test_a_broken_catalog_stops_only_its_own_release(tmp_path):
    shutil.copy(CORVANTA, tmp_path)
    shutil.copy(SEED, tmp_path)
    broken = tmp_path / "locales/zh_CN/LC_MESSAGES/corvanta.po"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "abc\nmsgstr ""\n')
    result = l10n(tmp_path, "translate", ".", "--to", "zh", "--engine", "pseudo", "--json")
    assert result.returncode == 2
    assert [s["source"] for s in json.loads(result.stdout)] == [SEED.name]
    assert f"error: {broken}:4: is not a valid PO file" in result.stderr
    assert f"note: translation memory skips {broken}:4: is not a valid PO file" in result.stderr
    assert broken.read_bytes() == b'msgid ""\nmsgstr ""\n\nmsgid "abc\nmsgstr ""\n'


@pytest.mark.parametrize(("args", "message"), [
    (("--to", ","), "--to ',' names no locale"),
    (("--to", ""), "--to '' names no locale"),
    (("--min-reviewed", "nan"), "--min-reviewed nan is not a percentage"),
    (("--min-reviewed", "-5"), "--min-reviewed -5 is not a percentage"),
    (("--project", "nowhere"), "nowhere: is not a folder; --project names an existing project folder"),
])
def test_options_that_name_nothing_are_refused(project, args, message):
    result = l10n(project, "translate", SEED.name, "--engine", "pseudo", *args)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (project / "nowhere").exists() and not (project / "locales").exists()


def test_an_empty_folder_is_not_a_success(tmp_path):
    result = l10n(tmp_path, "translate", ".", "--to", "zh")
    assert result.returncode == 2 and "holds no release (.txt, .md" in result.stderr


def test_a_file_over_the_size_limit_is_refused_up_front(project):
    (project / "l10n.toml").write_text("max_file_mb = 0.001\n", encoding="utf-8")
    result = l10n(project, "translate", SEED.name, "--to", "zh", "--engine", "pseudo")
    assert result.returncode == 2 and "over the limit of 1,048 bytes; if it really is one file" in result.stderr


# --- the thousandth release (issue 13) ------------------------------------------------------


@pytest.mark.parametrize("change", [None, "catalog", "release", "output", "glossary"])
def test_a_release_left_as_it_was_is_not_read_again(tmp_path, monkeypatch, change):
    from l10n import catalog, document

    shutil.copy(CORVANTA, tmp_path)
    terms = glossary.load([glossary.SHIPPED, REVIEW / "corvanta-glossary.csv"])
    output = pipeline.Output(tmp_path / "out")
    release = tmp_path / CORVANTA.name
    pipeline.translate_file(pipeline.Run(tmp_path, terms, "pseudo"), release, ["zh_CN"], output)
    if change == "catalog":  # a reviewer's edit
        _review(tmp_path / "locales/zh_CN/LC_MESSAGES/corvanta.po", {"Media Contact:": "媒体联系人："})
    elif change == "release":
        release.write_text(release.read_text(encoding="utf-8").replace("52 weeks", "53 weeks"), encoding="utf-8")
    elif change == "output":
        (tmp_path / "out" / "corvanta.zh_CN.txt").unlink()
    elif change == "glossary":
        terms = glossary.load([glossary.SHIPPED])
    reads = []
    monkeypatch.setattr(document, "read_bytes", lambda *a: reads.append("release") or files.read_bytes(*a))
    monkeypatch.setattr(catalog, "read_bytes", lambda *a: reads.append("catalog") or files.read_bytes(*a))
    [summary] = pipeline.translate_file(pipeline.Run(tmp_path, terms, "pseudo"), release, ["zh_CN"], output)
    assert bool(reads) == (change is not None) and summary.status.startswith("draft")
    if change is None:
        assert (summary.written, summary.machine) == ((), 0)


def test_a_dateline_takes_its_own_date_not_a_near_match_from_memory(tmp_path):
    shutil.copy(CORVANTA, tmp_path)
    po_path = tmp_path / "locales/zh_CN/LC_MESSAGES/old.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_CN\\n"\n\n'
                       '#. kind: dateline\nmsgid "BOSTON, March 3, 2025 /PRNewswire/ --"\n'
                       'msgstr "波士顿2025年3月3日 /PRNewswire/ --"\n', encoding="utf-8")
    assert l10n(tmp_path, "translate", "corvanta.txt", "--to", "zh", "-q").returncode == 0
    entry = polib.pofile(str(tmp_path / "locales/zh_CN/LC_MESSAGES/corvanta.po")).find(
        "BOSTON, March 3, 2026 /PRNewswire/ --")
    assert entry.msgstr == "波士顿2026年3月3日 /PRNewswire/ --" and "engine: dateline CLDR" in entry.comment


def test_a_memory_exported_as_tmx_and_imported_elsewhere_gives_the_same_matches(tmp_path):
    from translate.storage import tmx as toolkit_tmx

    example, fresh = tmp_path / "example", tmp_path / "fresh"
    example.mkdir(), fresh.mkdir()
    shutil.copy(SEED, example)
    shutil.copytree(ROOT / "locales", example / "locales")
    shutil.copy(SEED, fresh)
    exported = l10n(example, "tm", "export", "--to", "zh", "-o", "memory.tmx")
    assert exported.returncode == 0, exported.stderr
    units = toolkit_tmx.tmxfile.parsestring((example / "memory.tmx").read_bytes()).units
    def reviewed_in(path):
        return {e.msgid: e.msgstr for e in polib.pofile(str(path))
                if e.msgstr and "fuzzy" not in e.flags and e.msgstr != e.msgid and "engine: verbatim" not in e.comment}

    every = {}  # the example in text, web page and Word: all its reviewed catalogs
    for path in sorted((example / "locales/zh_CN/LC_MESSAGES").glob("*.po")):
        every = reviewed_in(path) | every
    assert {u.source: u.target for u in units} == every
    reviewed = reviewed_in(example / "locales/zh_CN/LC_MESSAGES" / f"{SLUG}.po")

    imported = l10n(fresh, "tm", "import", example / "memory.tmx", "--to", "zh")
    assert imported.returncode == 0 and (fresh / "tm/zh_CN/memory.po").is_file()
    result = json.loads(l10n(fresh, "translate", SEED.name, "--to", "zh", "--engine", "memory", "--json").stdout)[0]
    po = polib.pofile(str(fresh / "locales/zh_CN/LC_MESSAGES" / f"{SLUG}.po"))
    assert {e.msgid: e.msgstr for e in po if "engine: memory memory.po" in e.comment} == reviewed
    assert result["memory"] == len(reviewed)


# --- a Markdown release (issue 14) -----------------------------------------------------------

CORVANTA_MD = DATA / "markdown" / "corvanta.md"


def test_a_markdown_release_is_translated_once_with_its_markup_and_written_as_markdown(tmp_path):
    from markdown_it import MarkdownIt

    shutil.copy(CORVANTA_MD, tmp_path)
    terms = glossary.load([glossary.SHIPPED])
    output = pipeline.Output(tmp_path / "out")
    assert output.kinds(tmp_path / "corvanta.md") == ("md",)
    [first] = pipeline.translate_file(pipeline.Run(tmp_path, terms, "pseudo"), tmp_path / "corvanta.md", ["zh_CN"],
                                      output)
    assert first.untranslated == 0 and str(tmp_path / "out" / "corvanta.zh_CN.md") in first.written
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["corvanta.zh_CN.md"]
    before = files_of(tmp_path)
    [again] = pipeline.translate_file(pipeline.Run(tmp_path, terms, "pseudo"), tmp_path / "corvanta.md", ["zh_CN"],
                                      output)
    assert (again.written, again.machine) == ((), 0) and files_of(tmp_path) == before

    po = polib.pofile(str(tmp_path / "locales/zh_CN/LC_MESSAGES/corvanta.po"))
    link = po.find("For more information, visit <a1>our website</a1>.")
    assert "markup: <a1> link to https://www.corvanta.com/; keep each tag around the words it marks" in \
        link.comment.splitlines()
    assert link.msgstr.count("<a1>") == link.msgstr.count("</a1>") == 1
    dateline = po.find("<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>")
    assert dateline.msgstr == "<b>波士顿2026年3月3日 /PRNewswire/ --</b>" and "engine: dateline CLDR" in dateline.comment
    assert "markup: <b> bold; keep each tag around the words it marks" in dateline.comment.splitlines()
    assert not any("markup:" in e.comment for e in po if "<" not in e.msgid)
    assert not any("inline markup not carried over" in e.comment for e in po)

    md = (tmp_path / "out" / "corvanta.zh_CN.md").read_text(encoding="utf-8")
    banner, md = md.split("\n\n", 1)  # pseudo drafts are drafts, and the file says so first
    assert banner == "> **草稿：本译文尚未全部审校，请勿发布。**"
    assert md.startswith("# ") and "\n\n### " in md and "\n\n> " in md
    assert md.endswith("\n\nCorvanta Therapeutics  \nLaura Kim  \npress@corvanta.com\n")
    rendered = MarkdownIt("commonmark").render(md)
    assert "<strong>波士顿2026年3月3日 /PRNewswire/ --</strong>" in rendered
    assert '<a href="https://www.corvanta.com/">' in rendered and "<a1>" not in md and "<b>" not in md


@pytest.mark.parametrize(("asked", "source", "kinds"), [
    (("same",), "news.md", ("md",)),
    (("same",), "news.txt", ("txt",)),
    (("same",), "news.markdown", ("md",)),
    (("same",), "news.rtf", ("txt",)),  # an unknown suffix is read, and written, as text
    (("same", "html"), "news.md", ("md", "html")),
    (("md", "same"), "news.md", ("md",)),
    (("txt",), "news.md", ("txt",)),
])
def test_same_means_the_release_s_own_format(tmp_path, asked, source, kinds):
    assert pipeline.Output(tmp_path, asked).kinds(tmp_path / source) == kinds


def test_the_web_page_of_a_reviewed_text_release_gets_its_translations_with_the_tags_put_back(tmp_path):
    """The same news as PR Newswire's page: the memory of its text release translates it; where
    the page adds markup, the reviewed translation gets the tags back when their place is certain
    (fuzzy, for a reviewer to confirm), and the markup check flags the rest."""
    page = ROOT / "examples" / "xellsmart-sci-first-dosing-prnewswire.html"
    shutil.copy(page, tmp_path)
    (tmp_path / "locales/zh_CN/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(ROOT / "locales/zh_CN/LC_MESSAGES" / f"{SLUG}.po", tmp_path / "locales/zh_CN/LC_MESSAGES")
    result = l10n(tmp_path, "translate", page.name, "--to", "zh", "--engine", "memory", "--json")
    assert result.returncode == 0, result.stderr
    po = {e.msgid: e for e in polib.pofile(str(tmp_path / "locales/zh_CN/LC_MESSAGES" / f"{page.stem}.po"))}
    email = po["For funding and BD cooperation, please contact: <a1>BD@xellsmart.com</a1>"]
    assert email.msgstr == "融资及BD合作，请联系：<a1>BD@xellsmart.com</a1>" and "fuzzy" in email.flags
    assert "memory: the reviewed translation of this sentence without its markup" in email.comment
    bullet = next(e for msgid, e in po.items() if msgid.startswith("<b>Parkinson's Disease (PD):</b>"))
    assert "check: error: markup: markup missing: <b> </b>" in bullet.comment
    assert po["SUZHOU, China, July 28, 2025 --"].msgstr == "中国苏州2025年7月28日 --"
    assert (tmp_path / "out" / f"{page.stem}.zh_CN.html").is_file()


# --- what machine translation would take, before any is done (issue 23) ---------------------


def tree(root):
    """Every file under `root`, the cache and catalogs included, with its bytes."""
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def offline(monkeypatch):
    """No API key in the environment, and any request that would leave fails the test."""
    import httpx

    for name in ("OPENAI_API_KEY", "DEEPL_AUTH_KEY"):
        monkeypatch.delenv(name, raising=False)

    def refuse(*args, **kwargs):
        raise AssertionError("an estimate sent a request")

    monkeypatch.setattr(httpx.Client, "send", refuse)


def corvanta_terms(project):
    return glossary.load([glossary.SHIPPED, project / "corvanta-glossary.csv"])


@pytest.mark.parametrize(("engine", "named", "model", "requests", "missing"), [
    ("pseudo", "pseudo", "pseudo", None, ""),
    ("memory", "", "", None, ""),
    ("auto", "", "", None, "l10n models install {}"),  # no Argos model installed: the units stay untranslated
    ("openai", "openai", "gpt-4o-mini, prompt v2", 3, ""),  # 10 units, 4 a request
    ("deepl", "deepl", "API v2", 1, ""),
    ("libretranslate", "libretranslate", "localhost:5000", 4, ""),  # 3 a request
])
def test_an_estimate_counts_the_units_left_to_mt_needs_no_key_and_writes_nothing(corvanta, offline, engine, named,
                                                                                  model, requests, missing):
    with open(corvanta / "l10n.toml", "a", encoding="utf-8") as settings:
        settings.write("[engines.openai]\nbatch = 4\n[engines.libretranslate]\nbatch = 3\n")
    files = tree(corvanta)
    run = pipeline.Run(corvanta, corvanta_terms(corvanta), engine)
    found = pipeline.estimate(run, [corvanta / CORVANTA.name], ["zh_CN", "ko_KR"])
    assert [e.locale for e in found] == ["zh_CN", "ko_KR"]
    for e in found:
        # the title, the body, the headings; not the dateline (dated by rule) nor the contact lines
        assert (e.source, e.engine, e.model, e.units, e.characters) == (
            str(corvanta / CORVANTA.name), named, model, 10, sum(map(len, REVIEWED_ZH)))
        assert (e.requests, e.missing_model) == (requests, missing.format(e.locale[:2]))
        assert (e.tokens is not None) == (engine == "openai") and e.cost is None  # no price set
    assert tree(corvanta) == files and not (corvanta / ".l10n").exists()
    assert run.translators == {} and run._cache is None  # the caller's run is left alone


def _imported(project, reviewed, fuzzy):
    """A translation memory imported into tm/zh_CN/: `reviewed` and `fuzzy` entries (msgid → msgstr)."""
    path = project / "tm/zh_CN/imported.po"
    path.parent.mkdir(parents=True)
    entries = [f"msgid {json.dumps(k, ensure_ascii=False)}\nmsgstr {json.dumps(v, ensure_ascii=False)}\n"
               for k, v in reviewed.items()]
    entries += [f"#, fuzzy\nmsgid {json.dumps(k, ensure_ascii=False)}\nmsgstr {json.dumps(v, ensure_ascii=False)}\n"
                for k, v in fuzzy.items()]
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_CN\\n"\n\n' +
                    "\n".join(entries), encoding="utf-8")


REVIEWED_SOME = dict(list(REVIEWED_ZH.items())[3:5])
CLOSE = {"All 12 patients completed the 52-week follow-up visit.": "全部12名患者均完成了第52周随访。"}


@pytest.mark.parametrize(("before", "engine", "left"), [
    ("nothing", "pseudo", 10),
    ("a pseudo run", "pseudo", 0),  # every entry has its draft in the catalog
    ("a pseudo run, catalogs gone", "pseudo", 0),  # every draft is in the cache
    ("a pseudo run, catalogs gone", "openai", 10),  # another engine's drafts are none of this one's
    ("a pseudo run, cache gone", "openai", 0),  # the catalog has them, whoever drafted them
    ("openai drafts cached", "openai", 8),
    ("openai drafts cached", "pseudo", 10),
    ("a memory", "pseudo", 8),  # two reviewed; a fuzzy entry is no reviewed translation
    ("a memory with a close match", "pseudo", 7),  # a close match is the memory's fuzzy draft
    ("a reviewer's catalog", "pseudo", 8),
])
def test_an_estimate_leaves_out_what_the_catalog_memory_and_cache_give(corvanta, offline, monkeypatch, before, engine,
                                                                       left):
    from l10n.cache import Cache, key
    from l10n.engines.pseudo import PseudoTranslator, pseudo
    from l10n.model import Draft

    release, terms, output = corvanta / CORVANTA.name, corvanta_terms(corvanta), pipeline.Output(corvanta / "out")
    po_path = corvanta / "locales/zh_CN/LC_MESSAGES/corvanta.po"
    if before.startswith("a pseudo run"):
        pipeline.translate_file(pipeline.Run(corvanta, terms, "pseudo"), release, ["zh_CN"], output)
        for gone in ("catalogs", "cache"):
            if f"{gone} gone" in before:
                shutil.rmtree(corvanta / {"catalogs": "locales", "cache": ".l10n"}[gone])
    elif before == "openai drafts cached":
        Cache(corvanta / ".l10n/cache.sqlite").put(
            (key(text, "zh_CN", "openai", "gpt-4o-mini, prompt v2", terms.version), Draft(done, "openai"))
            for text, done in REVIEWED_SOME.items())
    elif before.startswith("a memory"):
        reviewed = {**REVIEWED_SOME, **(CLOSE if "close" in before else {})}
        _imported(corvanta, reviewed, {"Media Contact:": "媒体联系人："})
    elif before == "a reviewer's catalog":
        pipeline.translate_file(pipeline.Run(corvanta, terms, "memory"), release, ["zh_CN"], output)
        _review(po_path, REVIEWED_SOME)
    gc.collect()  # the runs above close their cache, as a process does when it ends
    files = tree(corvanta)
    [found] = pipeline.estimate(pipeline.Run(corvanta, terms, engine), [release], ["zh_CN"])
    assert found.units == left and tree(corvanta) == files
    if engine == "pseudo":  # a run asks the engine for exactly what the estimate counted
        asked = []
        monkeypatch.setattr(PseudoTranslator, "translate",
                            lambda self, texts: asked.extend(texts) or list(map(pseudo, texts)))
        pipeline.translate_file(pipeline.Run(corvanta, terms, "pseudo"), release, ["zh_CN"], output)
        assert len(asked) == left


@pytest.mark.parametrize(("engine", "settings", "requests", "cost"), [
    ("openai", "batch = 4\nprice_per_1k_tokens = 0.5", 3, "tokens / 1000 x 0.5"),
    ("openai", "batch = 1", 10, None),
    ("deepl", "price_per_1m_characters = 20", 1, 836 / 1e6 * 20),
    ("deepl", "batch = 200\nprice_per_1m_characters = 0", 1, 0.0),  # DeepL takes 50 texts a request at most
    ("libretranslate", "batch = 3", 4, None),
])
def test_an_estimate_counts_requests_and_prices_what_the_engine_bills(corvanta, offline, engine, settings, requests,
                                                                       cost):
    from l10n.engines.openai import REPLY_TOKENS, SYSTEM

    (corvanta / "l10n.toml").write_text(f'glossary = ["corvanta-glossary.csv"]\n[engines.{engine}]\n{settings}\n',
                                        encoding="utf-8")
    zh, ko = pipeline.estimate(pipeline.Run(corvanta, corvanta_terms(corvanta), engine), [corvanta / CORVANTA.name],
                               ["zh_CN", "ko_KR"])
    for e in (zh, ko):
        assert (e.units, e.characters, e.requests) == (10, 836, requests)
        assert e.cost == (pytest.approx(e.tokens / 1000 * 0.5) if cost == "tokens / 1000 x 0.5" else cost)
        assert (e.tokens is None) == (engine != "openai")
        if engine == "openai":  # every request carries the instructions, and the reply is a translation of the units
            assert e.tokens > requests * len(SYSTEM) / 4 + e.characters * REPLY_TOKENS[e.locale[:2]]


@pytest.mark.parametrize(("table", "setting", "message"), [
    ("openai", "price_per_1k_tokens = -0.5", "engines.openai.price_per_1k_tokens must be 0 or more, not -0.5"),
    ("deepl", 'price_per_1m_characters = "20"', 'engines.deepl.price_per_1m_characters must be a number, not "20"; '
                                                "write it like price_per_1m_characters = 0.5"),
    ("openai", "price_per_1m_characters = 20", "unknown setting 'price_per_1m_characters' in [engines.openai]"),
])
def test_a_bad_price_stops_the_estimate_in_one_line_naming_the_file_and_setting(corvanta, offline, table, setting,
                                                                                message):
    (corvanta / "l10n.toml").write_text(f'glossary = ["corvanta-glossary.csv"]\n[engines.{table}]\n{setting}\n',
                                        encoding="utf-8")
    with pytest.raises(L10nError) as error:
        pipeline.estimate(pipeline.Run(corvanta, corvanta_terms(corvanta), table), [corvanta / CORVANTA.name],
                          ["zh_CN"])
    assert str(error.value).startswith(f"{corvanta / 'l10n.toml'}:3: {message}") and "\n" not in str(error.value)


def test_the_dry_run_shows_first_what_the_estimate_counts(corvanta, offline, monkeypatch):
    from l10n.cache import Cache, key
    from l10n.model import Draft

    release, terms = corvanta / CORVANTA.name, corvanta_terms(corvanta)
    Cache(corvanta / ".l10n/cache.sqlite").put(
        (key(text, "zh_CN", "openai", "gpt-4o-mini, prompt v2", terms.version), Draft(done, "openai"))
        for text, done in REVIEWED_SOME.items())
    [counted] = pipeline.estimate(pipeline.Run(corvanta, terms, "openai"), [release], ["zh_CN"])
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")  # a dry run shows the request as sent, key redacted
    request = pipeline.first_request(pipeline.Run(corvanta, terms, "openai"), release, "zh_CN")
    units = json.loads(request["body"]["messages"][1]["content"])["units"]
    assert (counted.units, counted.requests, len(units)) == (8, 1, 8)
    assert not any(u["text"].startswith(("Motor scores", "The company will expand")) for u in units)  # cached


@pytest.mark.parametrize("saved", [{"Media Contact:": "媒体联系人："}, {}], ids=["reviewer saved", "nobody saved"])
def test_a_reviewers_save_during_the_run_wins_and_is_said(tmp_path, saved):
    """Poedit saves the catalog while a slow MT run drafts a new sentence: the save is kept, not
    overwritten by the run's copy read before it, and the run says so."""
    from l10n.engines.pseudo import PseudoTranslator

    shutil.copy(CORVANTA, tmp_path)
    release, po_path = tmp_path / CORVANTA.name, tmp_path / "locales/zh_CN/LC_MESSAGES/corvanta.po"
    terms = glossary.load([glossary.SHIPPED, REVIEW / "corvanta-glossary.csv"])
    output = pipeline.Output(tmp_path / "out")
    pipeline.translate_file(pipeline.Run(tmp_path, terms, "pseudo"), release, ["zh_CN"], output)
    release.write_text(release.read_text(encoding="utf-8") + "\nThe company will host a call at 8:00 a.m. ET.\n",
                       encoding="utf-8")

    class Slow(PseudoTranslator):
        def translate(self, texts):
            if saved:
                _review(po_path, saved)  # the reviewer's save lands while the engine works
            return super().translate(texts)

    run = pipeline.Run(tmp_path, terms, "pseudo")
    run.translators["zh_CN"] = Slow()
    [summary] = pipeline.translate_file(run, release, ["zh_CN"], output)
    after = {e.msgid: e for e in polib.pofile(str(po_path), wrapwidth=0)}
    assert after["The company will host a call at 8:00 a.m. ET."].msgstr  # the run's draft is there
    for msgid, text in saved.items():
        assert (after[msgid].msgstr, "fuzzy" in after[msgid].flags) == (text, False)
        assert "engine: " not in after[msgid].comment
    kept = [note for note in summary.notes if "saved by a reviewer" in note]
    # _review also accepts the dateline's draft: two entries saved
    assert kept == ([f"{po_path}: kept 2 entries saved by a reviewer while this run drafted"] if saved else [])


def test_letterless_units_are_copied_into_the_release_and_kept_out_of_the_catalog(tmp_path):
    (tmp_path / "figures.txt").write_text(
        "Acme Reports Results\n\nBOSTON, March 3, 2026 -- Acme reported its results today.\n\n2025\n\n$4.5\n\n"
        "Revenue rose by 12%. 48%. It expects more.\n", encoding="utf-8")
    result = l10n(tmp_path, "translate", "figures.txt", "--to", "zh", "--engine", "pseudo", "--json")
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "figures.po"))
    assert [e.msgid for e in po if not any(c.isalpha() for c in e.msgid)] == []
    assert "Revenue rose by 12%. 48%." in [e.msgid for e in po]
    release = (tmp_path / "out" / "figures.zh_CN.txt").read_text(encoding="utf-8")
    assert "\n2025\n" in release and "\n$4.5\n" in release
    [summary] = json.loads(result.stdout)
    assert summary["untranslated"] == 0 and summary["entries"] == len(po)


def test_a_run_lists_the_locale_folders_once_however_many_releases_it_names(tmp_path, monkeypatch):
    """locales/ holds every release's template: listing it per release made an archive's run O(N²)."""
    for locale in ("zh_CN", "ko_KR"):
        (tmp_path / "locales" / locale / "LC_MESSAGES").mkdir(parents=True)
    releases = [tmp_path / f"release-{n}.txt" for n in range(12)]
    for n, release in enumerate(releases[:6]):
        (tmp_path / "locales" / f"{release.stem}.pot").write_text(f'#: release-{n}.txt:1\nmsgid "a"\nmsgstr ""\n')
    (tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "release-0.po").write_text('#: release-0.txt:1\nmsgid "a"\nmsgstr ""\n')
    listed = []
    scandir, iterdir = os.scandir, Path.iterdir
    monkeypatch.setattr(os, "scandir", lambda path=".": listed.append(Path(path)) or scandir(path))
    monkeypatch.setattr(Path, "iterdir", lambda self: listed.append(self) or iterdir(self))
    run = pipeline.Run(tmp_path, glossary.load([]), "pseudo")
    names = [run.catalog_name(release) for release in releases + releases]
    assert listed.count(tmp_path / "locales") == 1
    assert names == [release.stem for release in releases] * 2
    assert names[:12] == [pipeline.catalog_name(tmp_path, release) for release in releases]


class Batched:
    """An engine named argos (what `prefetch` batches for) that pseudo-translates and counts its calls."""

    name, model = "argos", "counted"

    def __init__(self):
        self.calls = []

    def translate(self, texts):
        from l10n.engines.pseudo import pseudo

        self.calls.append(len(texts))
        return [pseudo(text) for text in texts]


def test_an_archive_run_batches_mt_per_chunk_and_reads_each_release_once(tmp_path, monkeypatch):
    """The CLI's loop: per chunk of releases one engine call per locale (`prefetch`), each release
    read once (prefetch's reading is handed to its own run), and a second run asks and reads nothing."""
    for release in sorted((DATA / "releases").glob("*.txt"))[:5]:
        shutil.copy(release, tmp_path)
    paths = sorted(tmp_path.glob("*.txt"))
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    reads = []
    real_read = pipeline.read
    monkeypatch.setattr(pipeline, "read", lambda path, **options: reads.append(path.name) or real_read(path, **options))
    output = pipeline.Output(tmp_path / "out")

    def run_archive():
        run = pipeline.Run(tmp_path, glossary.load(), "argos")
        engines = run.translators["zh_CN"], run.translators["ko_KR"] = Batched(), Batched()
        summaries = []
        for chunk in pipeline.chunks(paths):
            pipeline.prefetch(run, chunk, ["zh_CN", "ko_KR"], output)
            for path in chunk:
                summaries += pipeline.translate_file(run, path, ["zh_CN", "ko_KR"], output)
        return engines, summaries

    (zh, ko), summaries = run_archive()
    assert len(zh.calls) == len(ko.calls) == 3  # chunks of 2, 2 and 1 release: the last one asks in its own run
    assert sorted(reads) == [p.name for p in paths]
    assert all(s.untranslated == 0 and s.machine + s.memory > 0 for s in summaries)
    reads.clear()
    (zh, ko), again = run_archive()
    assert zh.calls == ko.calls == [] and reads == [] and all(s.machine == 0 for s in again)


@pytest.mark.parametrize(("codes", "said"), [
    ((("b", ""), ("a1", "https://x.example")),
     "markup: <b> bold; <a1> link to https://x.example; keep each tag around the words it marks"),
    ((("x1", "footnote 1"), ("x2", "picture 2")),
     "markup: <x1/> footnote 1; <x2/> picture 2; keep each tag around the words it marks, and each object (<x1/>) "
     "after the word it follows"),
])
def test_the_markup_line_names_each_tag_and_object(codes, said):
    assert pipeline._markup(codes) == said
