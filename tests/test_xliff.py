"""XLIFF 1.2 out to CAT tools and back (issue 17): the export validates against OASIS's strict
schema and loads in translate-toolkit; an export edited in translate-toolkit and imported
changes exactly the edited units; hostile or foreign files are refused with one line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import DATA
from lxml import etree

from l10n import inline, xliff

SCHEMA = DATA / "xliff" / "xliff-core-1.2-strict.xsd"
REVIEW = DATA / "review"
MARKDOWN = DATA / "markdown" / "corvanta.md"
X = "{urn:oasis:names:tc:xliff:document:1.2}"
REVIEWED = {
    "All 12 patients completed the 52-week visit.": "全部12名患者均完成了第52周访视。",
    "About Corvanta Therapeutics": "关于科尔万塔治疗公司",
    "For more information, visit www.corvanta.com.": "欲了解更多信息，请访问www.corvanta.com。",
}


def l10n(project, *args):
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=project,
                          env=os.environ)


def _make(root: Path) -> Path:
    shutil.copy(REVIEW / "corvanta.txt", root)
    shutil.copy(REVIEW / "corvanta-glossary.csv", root)
    shutil.copy(MARKDOWN, root / "corvanta-md.md")
    (root / "l10n.toml").write_text('glossary = ["corvanta-glossary.csv"]\n', encoding="utf-8")
    for release in ("corvanta.txt", "corvanta-md.md"):
        done = l10n(root, "translate", release, "--to", "zh,ko", "--engine", "pseudo", "-q")
        assert done.returncode == 0, done.stderr
    po = polib.pofile(str(root / "locales/zh_CN/LC_MESSAGES/corvanta.po"), wrapwidth=0)
    for entry in po:
        if entry.msgid in REVIEWED:
            entry.msgstr, entry.flags = REVIEWED[entry.msgid], []
    po.save()
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project that is only read: pseudo drafts in zh and ko, a few reviewed sentences."""
    return _make(tmp_path_factory.mktemp("xliff"))


@pytest.fixture
def project(built, tmp_path):
    """A project a test may change: a copy of the built one."""
    shutil.copytree(built, tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def export(root, release="corvanta.txt", locale="zh", out=None):
    out = out or root / f"{Path(release).stem}.{locale}.xlf"
    done = l10n(root, "xliff", "export", release, "--to", locale, "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def catalog(root, slug="corvanta", locale="zh_CN"):
    return root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"


def entries(path):
    return {e.msgid: (e.msgstr, tuple(e.flags), e.previous_msgid, e.comment) for e in polib.pofile(str(path))}


@pytest.mark.parametrize("locale", ["zh", "ko"])
@pytest.mark.parametrize("release", ["corvanta.txt", "corvanta-md.md"])
def test_the_export_validates_against_the_xliff_1_2_strict_schema(built, schema, tmp_path, release, locale):
    out = export(built, release, locale, tmp_path / "out.xlf")
    assert schema.validate(etree.parse(str(out))), schema.error_log


@pytest.mark.parametrize("release", ["corvanta.txt", "corvanta-md.md"])
def test_translate_toolkit_reads_every_unit_with_its_state(built, tmp_path, release):
    from translate.storage import xliff as ttk

    store = ttk.xlifffile.parsefile(str(export(built, release, "zh", tmp_path / "out.xlf")))
    po = {e.msgid: e for e in polib.pofile(str(catalog(built, Path(release).stem))) if not e.obsolete}
    units = store.getunits()
    assert len(units) == len(po)
    for unit in units:
        entry = po[next(m for m in po if xliff.unit_id(m) == unit.xmlelement.get("id"))]
        assert unit.source == inline.strip(entry.msgid)
        assert unit.isapproved() == ("fuzzy" not in entry.flags and bool(entry.msgstr))
        assert unit.isfuzzy() == ("fuzzy" in entry.flags)


def test_units_come_in_the_release_order_with_the_unit_ids(built):
    from l10n.formats import read
    from l10n.segment import segment

    tree = etree.parse(str(export(built)))
    ids = [u.get("id") for u in tree.iter(f"{X}trans-unit")]
    units = segment(read(built / "corvanta.txt"))
    assert ids == list(dict.fromkeys(u.id for u in units))
    file = tree.find(f"{X}file")
    assert file.get("original") == f"corvanta.txt#units={xliff.units_hash([u.text for u in units])}"
    assert (file.get("source-language"), file.get("target-language")) == ("en", "zh-CN")


# (English of a unit of the Markdown release, its <source> as XLIFF inline content)
INLINE = [
    ("Corvanta Therapeutics, Inc. (Nasdaq: CRVT) today reported 52 weeks of follow-up from its Phase 1/2 trial of "
     "<b>CRV-101</b>, an iPSC-derived cell therapy for chronic spinal cord injury.",
     'of <g id="1" ctype="bold"><ph id="p1" ctype="x-code">CRV-101</ph></g>, an'),
    ("For more information, visit <a1>our website</a1>.", 'visit <g id="1" ctype="link">our website</g>.'),
    ("<i>Nine of twelve patients improved in motor scores</i>",
     '<g id="1" ctype="italic">Nine of twelve patients improved in motor scores</g>'),
    ("press@corvanta.com", '<ph id="p1" ctype="x-email">press@corvanta.com</ph>'),
]


@pytest.mark.parametrize(("english", "source"), INLINE, ids=["bold-code", "link", "italic", "email"])
def test_inline_tags_are_g_codes_and_addresses_are_locked(built, english, source):
    text = export(built, "corvanta-md.md").read_text(encoding="utf-8")
    unit = re.search(rf'<trans-unit id="{xliff.unit_id(english)}"[^>]*>\s*<source>(.*?)</source>', text, re.S)
    assert unit and source in unit[1]


def test_contact_lines_are_locked_and_reviewed_ones_final(built):
    tree = etree.parse(str(export(built)))
    units = {u.findtext(f"{X}source"): u for u in tree.iter(f"{X}trans-unit")}
    assert units["Laura Kim"].get("translate") == "no"
    assert (units["About Corvanta Therapeutics"].get("approved"),
            units["About Corvanta Therapeutics"].find(f"{X}target").get("state")) == ("yes", "final")
    machine = units["Corvanta Therapeutics, Inc. develops cell therapies for neurological injury."]
    assert machine.get("approved") is None and machine.find(f"{X}target").get("state") == "needs-review-translation"
    notes = [n.text for n in machine.iter(f"{X}note")]
    assert "engine: pseudo" in notes and any(n.startswith("glossary: Corvanta Therapeutics, Inc.") for n in notes)


def test_check_findings_are_notes_with_their_priority(project):
    po_path = catalog(project)
    po = polib.pofile(str(po_path), wrapwidth=0)
    po.find("All 12 patients completed the 52-week visit.").msgstr = "全部患者均完成了访视。"
    po.save()
    tree = etree.parse(str(export(project)))
    unit = next(u for u in tree.iter(f"{X}trans-unit") if u.findtext(f"{X}source").startswith("All 12"))
    assert [(n.get("priority"), n.text) for n in unit.iter(f"{X}note")] == [
        ("1", "check: error: numbers: missing numbers: 12, 52")]


def test_an_unchanged_export_imports_as_nothing_changed(project):
    before = catalog(project).read_bytes()
    done = l10n(project, "xliff", "import", export(project))
    assert done.returncode == 0, done.stderr
    assert "0 reviewed, 0 fuzzy" in done.stdout and catalog(project).read_bytes() == before


@pytest.mark.slow
def test_an_export_edited_in_translate_toolkit_changes_exactly_the_edited_units(project):
    from translate.storage import xliff as ttk

    for slug, release in (("corvanta", "corvanta.txt"), ("corvanta-md", "corvanta-md.md")):
        path = export(project, release)
        store = ttk.xlifffile.parsefile(str(path))
        before = entries(catalog(project, slug))
        edited = {}
        for unit in store.getunits():
            if unit.source == "All 12 patients completed the 52-week visit." and slug == "corvanta":
                continue  # reviewed: left as it is
            if unit.source in ("About Corvanta Therapeutics", "Media Contact:"):
                unit.settarget("科尔万塔治疗公司简介" if unit.source.startswith("About") else "媒体联系人：")
                edited[unit.source] = (unit.target, ())  # a confirmed translation: reviewed
            elif unit.source.startswith("Motor scores improved"):
                unit.settarget("12名患者中有9名运动评分改善，未报告与治疗相关的严重不良事件。")
                unit.markfuzzy(True)  # a draft: fuzzy
                edited[unit.source] = (unit.target, ("fuzzy",))
        path.write_bytes(bytes(store))
        done = l10n(project, "xliff", "import", path)
        assert done.returncode == 0, done.stdout + done.stderr
        after = entries(catalog(project, slug))
        changed = {msgid for msgid in before if before[msgid] != after[msgid]}
        assert changed == {m for m in before if inline.strip(m) in edited} != set()
        for msgid in changed:
            assert (after[msgid][0], after[msgid][1]) == edited[inline.strip(msgid)]


# (a translation whose tags are wrong, kept in the catalog by a reviewer) the file carries no code the English
# lacks, and the import reads the same text back
WRONG_TAGS = [
    "请访问<a1>我们的网站</a1>和<b>博客</b>。",  # a tag the English does not have
    "请访问</a1>我们的网站<a1>。",  # tags that do not nest
    "请访问<a1>我们的网站</a1><a1>两次</a1>。",  # one link twice
]


@pytest.mark.parametrize("translation", WRONG_TAGS, ids=["extra", "crossed", "twice"])
def test_a_translation_with_wrong_tags_goes_out_valid_and_comes_back_the_same(project, schema, translation):
    link = "For more information, visit <a1>our website</a1>."
    po_path = catalog(project, "corvanta-md")
    po = polib.pofile(str(po_path), wrapwidth=0)
    po.find(link).msgstr = translation
    po.save()
    before = po_path.read_bytes()
    path = export(project, "corvanta-md.md")
    assert schema.validate(etree.parse(str(path))), schema.error_log
    unit = re.search(rf'<trans-unit id="{xliff.unit_id(link)}"[^>]*>.*?</trans-unit>', path.read_text("utf-8"), re.S)[0]
    assert "error: markup:" in unit and re.findall(r"<g id=\"(\w+)\"", unit.split("<target")[1]) in ([], ["1"])
    done = l10n(project, "xliff", "import", path)
    assert "0 reviewed, 0 fuzzy" in done.stdout and po_path.read_bytes() == before


def _import_target(root, english, text, state=None, approved=None, *args):
    """Export, give the unit of `english` this target (state, approved), import; the result."""
    path = export(root)
    tree = etree.parse(str(path))
    unit = next(u for u in tree.iter(f"{X}trans-unit") if u.findtext(f"{X}source") == english)
    target = unit.find(f"{X}target")
    target.text = text
    for child in list(target):
        target.remove(child)
    target.attrib.pop("state", None)
    unit.attrib.pop("approved", None)
    if state:
        target.set("state", state)
    if approved:
        unit.set("approved", approved)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return l10n(root, "xliff", "import", path, *args)


MACHINE = "Corvanta Therapeutics, Inc. develops cell therapies for neurological injury."
# (target state, trans-unit approved, what the catalog entry becomes)
STATES = [
    ("final", None, "reviewed"),
    ("signed-off", None, "reviewed"),
    ("translated", None, "reviewed"),
    ("translated", "no", "fuzzy"),
    ("needs-review-translation", None, "fuzzy"),
    ("needs-review-translation", "yes", "reviewed"),
    ("new", None, "fuzzy"),
    ("needs-translation", None, "fuzzy"),
    (None, None, "fuzzy"),
    (None, "yes", "reviewed"),
    ("x-memoq-edited", None, "fuzzy"),
]


@pytest.mark.parametrize(("state", "approved", "becomes"), STATES,
                         ids=[f"{s}-{a}" for s, a, _ in STATES])
def test_xliff_states_come_back_reviewed_or_fuzzy(project, state, approved, becomes):
    done = _import_target(project, MACHINE, "科尔万塔治疗公司开发治疗神经损伤的细胞疗法。", state, approved)
    assert done.returncode == 0, done.stdout + done.stderr
    entry = polib.pofile(str(catalog(project))).find(MACHINE)
    assert entry.msgstr == "科尔万塔治疗公司开发治疗神经损伤的细胞疗法。"
    assert ("fuzzy" in entry.flags) == (becomes == "fuzzy")
    assert "engine: xliff corvanta.xlf" in entry.comment.replace(".zh.xlf", ".xlf")


def test_a_draft_never_replaces_a_reviewed_translation(project):
    before = catalog(project).read_bytes()
    done = _import_target(project, "About Corvanta Therapeutics", "关于公司", "needs-review-translation")
    assert done.returncode == 1
    assert "does not replace the reviewed translation" in done.stderr and catalog(project).read_bytes() == before


def test_an_empty_target_changes_nothing(project):
    before = catalog(project).read_bytes()
    done = _import_target(project, "About Corvanta Therapeutics", "", "needs-translation")
    assert done.returncode == 0 and catalog(project).read_bytes() == before


def test_an_imported_translation_is_checked_and_its_findings_said(project):
    done = _import_target(project, "All 12 patients completed the 52-week visit.", "全部患者均完成了访视。", "final")
    assert done.returncode == 1
    assert re.search(r"corvanta\.po:\d+: error: numbers: missing numbers: 12, 52", done.stdout)
    entry = polib.pofile(str(catalog(project))).find("All 12 patients completed the 52-week visit.")
    assert "check: error: numbers: missing numbers: 12, 52" in entry.comment and entry.msgstr == "全部患者均完成了访视。"
    assert "zh_CN: draft:" in done.stdout and "1 error" in done.stdout


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_a_lost_tag_is_a_markup_error_and_a_foreign_code_is_left_out(project):
    link = "For more information, visit <a1>our website</a1>."
    path = export(project, "corvanta-md.md")
    text = path.read_text(encoding="utf-8")
    unit = re.search(rf'<trans-unit id="{xliff.unit_id(link)}"[^>]*>.*?</trans-unit>', text, re.S)[0]
    lost = re.sub(r'<target state="[^"]*">.*?</target>', '<target state="translated">欲了解更多信息，请访问我们的网站。</target>',
                  unit, flags=re.S)
    path.write_text(text.replace(unit, lost), encoding="utf-8")
    done = l10n(project, "xliff", "import", path)
    assert done.returncode == 1 and "error: markup: markup missing: <a1> </a1>" in done.stdout
    assert polib.pofile(str(catalog(project, "corvanta-md"))).find(link).msgstr == "欲了解更多信息，请访问我们的网站。"

    path = export(project, "corvanta-md.md")
    text = path.read_text(encoding="utf-8")
    unit = re.search(rf'<trans-unit id="{xliff.unit_id(link)}"[^>]*>.*?</trans-unit>', text, re.S)[0]
    foreign = re.sub(r'<target state="[^"]*">.*?</target>',
                     '<target state="translated">请访问<g id="9">我们的网站</g>。</target>', unit, flags=re.S)
    path.write_text(text.replace(unit, foreign), encoding="utf-8")
    before = catalog(project, "corvanta-md").read_bytes()
    done = l10n(project, "xliff", "import", path)
    assert done.returncode == 1 and '<g id="9"> is no inline code of this unit; left out' in done.stderr
    assert catalog(project, "corvanta-md").read_bytes() == before


def test_mismatched_ids_and_changed_english_are_flagged_and_the_rest_imported(project):
    path = export(project)
    _edit(path, "<source>About Corvanta Therapeutics</source>", "<source>About Corvanta Therapeutics, Inc.</source>")
    _edit(path, f'id="{xliff.unit_id(MACHINE)}"', 'id="0000000000"')
    motor = "Motor scores improved in 9 of 12 patients, and no treatment-related serious adverse events were reported."
    unit = re.search(rf'<trans-unit id="{xliff.unit_id(motor)}"[^>]*>.*?</trans-unit>', path.read_text("utf-8"), re.S)[0]
    _edit(path, unit, re.sub(r'<target state="[^"]*">.*?</target>', '<target state="final">12名患者中有9名运动评分改善，'
                             '未报告与治疗相关的严重不良事件。</target>', unit, flags=re.S))
    done = l10n(project, "xliff", "import", path)
    assert done.returncode == 1
    left = [line for line in done.stderr.splitlines() if line.startswith("left out: ")]
    assert len(left) == 2
    assert "its English differs from the catalog's" in left[0] and "unit '0000000000' is not in corvanta.po" in left[1]
    assert "1 reviewed, 0 fuzzy" in done.stdout
    assert polib.pofile(str(catalog(project))).find(motor).msgstr.startswith("12名患者中有9名")


def test_a_release_changed_since_the_export_is_said(project):
    path = export(project)
    source = project / "corvanta.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("52-week visit", "48-week visit"), encoding="utf-8")
    done = l10n(project, "xliff", "import", path)
    assert done.returncode == 0 and "corvanta.txt changed since this file was exported" in done.stderr


BOMB = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="corvanta.txt" source-language="en"
target-language="zh-CN" datatype="plaintext"><body><trans-unit id="a"><source>&c;</source></trans-unit></body></file></xliff>
"""
XXE = BOMB.replace('<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">',
                   '<!ENTITY c SYSTEM "file:///etc/passwd">')
PARAMETER = BOMB.replace('<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">',
                         '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;').replace("&c;", "x")
HEAD = ('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="ORIGINAL" source-language="en" target-language="zh-CN" datatype="plaintext"><body>')
TAIL = "</body></file></xliff>\n"


def _unit(english, target="译文", state="final"):
    return (f'<trans-unit id="{xliff.unit_id(english)}"><source>{english}</source>'
            f'<target state="{state}">{target}</target></trans-unit>')


# (case, file content, extra arguments, what the one line of stderr says)
HOSTILE = [
    ("entity-bomb", BOMB, (), "declares the XML entity `a`"),
    ("external-entity", XXE, (), "declares the XML entity `c`"),
    ("parameter-entity", PARAMETER, (), "declares the XML entity `remote`"),
    ("not-xml", "this is not XML at all\n", (), "is not well-formed XML (syntax error)"),
    ("binary", "\x00\x01\x02PK", (), "is not well-formed XML"),
    ("empty", "", (), "is not well-formed XML"),
    ("truncated", HEAD.replace("ORIGINAL", "corvanta.txt") + "<trans-unit id='x'><source>a", (),
     "is not well-formed XML"),
    ("undeclared-entity", HEAD.replace("ORIGINAL", "corvanta.txt") + _unit("About &nbsp; Corvanta") + TAIL, (),
     "is not well-formed XML (Entity 'nbsp' not defined)"),
    ("tmx", '<?xml version="1.0"?><tmx version="1.4"><body/></tmx>', (), "is not XLIFF: its root element is <tmx>"),
    ("xliff-2", '<?xml version="1.0"?><xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                'srcLang="en"><file id="f"/></xliff>', (), "is XLIFF 2.0; l10n reads XLIFF 1.2"),
    ("deep", HEAD.replace("ORIGINAL", "corvanta.txt") + "<trans-unit id='x'><source>" + "<g id='1'>" * 3000 + "a"
     + "</g>" * 3000 + "</source></trans-unit>" + TAIL, (), "is not well-formed XML"),
    ("two-files", HEAD.replace("ORIGINAL", "corvanta.txt") + "</body></file><file original='b.txt' source-language='en' "
     "datatype='plaintext'><body>" + TAIL, (), "holds 2 <file> elements"),
    ("other-release", HEAD.replace("ORIGINAL", "press-kit.txt#units=0") + _unit("About Corvanta Therapeutics") + TAIL,
     (), "is for the release press-kit.txt, which has no zh_CN catalog in this project"),
    ("other-locale", HEAD.replace("ORIGINAL", "corvanta.txt") + _unit("About Corvanta Therapeutics") + TAIL,
     ("--to", "ko"), "is a translation into zh_CN, not ko_KR"),
    ("no-unit-of-the-release", HEAD.replace("ORIGINAL", "corvanta.txt") + _unit("Something else entirely.") + TAIL,
     (), "holds no unit of"),
    ("from-german", HEAD.replace("ORIGINAL", "corvanta.txt").replace('source-language="en"', 'source-language="de"')
     + TAIL, (), "translates from de, not English"),
    ("huge", HEAD.replace("ORIGINAL", "corvanta.txt") + _unit("About Corvanta Therapeutics", "字" * 40_000) + TAIL,
     (), "over the limit of"),
]


@pytest.mark.parametrize(("case", "content", "args", "message"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_or_foreign_files_are_refused_with_one_line_and_nothing_changes(built, tmp_path, case, content, args,
                                                                             message):
    project = tmp_path / "project"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns(".l10n"))
    if case == "huge":
        (project / "l10n.toml").write_text('glossary = ["corvanta-glossary.csv"]\nmax_file_mb = 0.1\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    path = tmp_path / "in.xlf"
    path.write_bytes(content.encode("utf-8"))
    done = l10n(project, "xliff", "import", path, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before


def test_export_names_one_locale_and_a_release_with_a_catalog(built, tmp_path):
    two = l10n(built, "xliff", "export", "corvanta.txt", "--to", "zh,ko")
    assert two.returncode == 2 and "an XLIFF file holds one target language" in two.stderr
    shutil.copy(REVIEW / "corvanta.txt", tmp_path / "fresh.txt")
    none = l10n(built, "xliff", "export", tmp_path / "fresh.txt", "--to", "zh")
    assert none.returncode == 2 and "has no zh_CN catalog yet" in none.stderr


def test_xliff_commands_have_help(built):
    for args in (("xliff", "--help"), ("xliff", "export", "--help"), ("xliff", "import", "--help"),
                 ("review", "--help")):
        done = l10n(built, *args)
        assert done.returncode == 0 and "Usage" in done.stdout, args


# A Word release's objects (a footnote reference, an inline picture) as XLIFF's empty codes: a CAT tool
# moves `<x/>` with the words, and the import gives the catalog back `<x1/>` where it stands.
X_CODE = '<x id="{}" ctype="x-object"/>'
MOVED = [
    (f"标志{X_CODE.format(2)}在此，研究{X_CODE.format(1)}达到了主要终点。", "标志<x2/>在此，研究<x1/>达到了主要终点。", ""),
    (f"研究{X_CODE.format(1)}达到了主要终点，标志在此。", "研究<x1/>达到了主要终点，标志在此。", "markup missing: <x2/>"),
    (f"研究{X_CODE.format(7)}达到了主要终点。", None, '<x id="7"/> is no inline code of this unit'),
]


@pytest.mark.parametrize(("target", "msgstr", "said"), MOVED, ids=["moved", "lost", "foreign"])
def test_an_object_is_an_x_code_a_cat_tool_moves(tmp_path, schema, target, msgstr, said):
    from test_docx import OBJECT_SENTENCE, objects

    objects(tmp_path / "objects.docx")
    done = l10n(tmp_path, "translate", "objects.docx", "--to", "zh", "--engine", "pseudo", "-q")
    assert done.returncode == 0, done.stderr
    path = export(tmp_path, "objects.docx")
    assert schema.validate(etree.parse(str(path))), schema.error_log
    text = path.read_text(encoding="utf-8")
    assert (f"<source>The study met its primary endpoint{X_CODE.format(1)} and the logo {X_CODE.format(2)} "
            "sits here.</source>") in text
    unit = re.search(rf'<trans-unit id="{xliff.unit_id(OBJECT_SENTENCE)}"[^>]*>.*?</trans-unit>', text, re.S)[0]
    edited = re.sub(r"<target[^>]*>.*?</target>", f'<target state="final">{target}</target>', unit, flags=re.S)
    path.write_text(text.replace(unit, edited), encoding="utf-8")
    before = polib.pofile(str(catalog(tmp_path, "objects"))).find(OBJECT_SENTENCE).msgstr
    done = l10n(tmp_path, "xliff", "import", path)
    entry = polib.pofile(str(catalog(tmp_path, "objects"))).find(OBJECT_SENTENCE)
    assert entry.msgstr == (msgstr or before)
    assert said in done.stdout + done.stderr
