"""The bilingual review page (issue 17): states, changes, terms and findings from the catalogs,
escaped everywhere, filters that work in a real browser, Korean words kept whole.

The browser tests run Debian's headless Chromium on a harness page that holds the page under
test in an iframe of the width wanted (headless Chromium lays a page out no narrower than
500 px) and measures it with the browser's own layout; they are skipped where no Chromium is
installed.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import shutil
import subprocess
import sys

import lxml.html
import polib
import pytest
from conftest import DATA

from l10n import glossary, review

REVIEW_DATA = DATA / "review"
CORVANTA = REVIEW_DATA / "corvanta.txt"
UPDATE = """\
Corvanta Therapeutics Expands Its Cell Therapy Program

BOSTON, April 7, 2026 /PRNewswire/ -- Corvanta Therapeutics, Inc. develops cell therapies for neurological injuries. \
The trial will enroll 40 more patients in 2027.

Media Contact:
Laura Kim
press@corvanta.com
"""
# A reviewer's translations in the Corvanta catalog (zh_CN), before the English changes.
REVIEWED = {
    "All 12 patients completed the 52-week visit.": "全部12名患者均完成了第52周访视。",
    "About Corvanta Therapeutics": "关于科尔万塔治疗公司",
    "Corvanta Therapeutics, Inc. develops cell therapies for neurological injury.": "科尔万塔治疗公司致力于开发治疗神经损伤的细胞疗法。",
    "For more information, visit www.corvanta.com.": "欲了解更多信息，请访问www.corvanta.com。",
}
REVIEWED_KO = {
    "All 12 patients completed the 52-week visit.": "환자 12명 전원이 52주 방문을 마쳤다.",
    "Corvanta Therapeutics, Inc. develops cell therapies for neurological injury.":
        "코르반타 테라퓨틱스는 신경 손상 세포치료제를 개발하는 기업이다.",
    "Motor scores improved in 9 of 12 patients, and no treatment-related serious adverse events were reported.":
        "환자 12명 중 9명의 운동 점수가 개선됐으며, 치료 관련 중대한 이상사례는 보고되지 않았다.",
    "The company will expand its manufacturing site in Cambridge to 5,000 square meters with a $12 million "
    "investment.": "회사는 1,200만 달러를 투자해 케임브리지 생산시설을 5,000제곱미터 규모로 확장할 계획이다.",
}


def l10n(project, *args):
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=project,
                          env=os.environ)


def _review(path, translations):
    po = polib.pofile(str(path), wrapwidth=0)
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project where the review has gone some way: machine drafts, reviewed sentences, a changed
    sentence with a stale number, a close memory match, untranslated sentences, contact lines."""
    root = tmp_path_factory.mktemp("review")
    shutil.copy(CORVANTA, root)
    shutil.copy(REVIEW_DATA / "corvanta-glossary.csv", root)
    (root / "l10n.toml").write_text('glossary = ["corvanta-glossary.csv"]\n', encoding="utf-8")
    assert l10n(root, "translate", "corvanta.txt", "--to", "zh,ko", "--engine", "pseudo", "-q").returncode == 0
    _review(root / "locales/zh_CN/LC_MESSAGES/corvanta.po", REVIEWED)
    _review(root / "locales/ko_KR/LC_MESSAGES/corvanta.po", REVIEWED_KO)
    source = root / "corvanta.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("the 52-week visit", "the 48-week visit"), "utf-8")
    assert l10n(root, "translate", "corvanta.txt", "--to", "zh,ko", "-q").returncode == 0
    (root / "update.txt").write_text(UPDATE, encoding="utf-8")
    assert l10n(root, "translate", "update.txt", "--to", "zh,ko", "--engine", "memory", "-q").returncode == 0
    return root


def terms(root):
    return glossary.load([glossary.SHIPPED, root / "corvanta-glossary.csv"])


def page(root, release="corvanta.txt", locale="zh_CN"):
    return review.build(root, root / release, locale, terms(root))


def row(built, english):
    return next(r for r in built.rows if r.english.striptags() == english)


# (release, English, the state the page shows, what it says of the origin, the memory score)
STATES = [
    ("corvanta.txt", "About Corvanta Therapeutics", "reviewed", "", None),
    ("corvanta.txt", "All 12 patients completed the 48-week visit.", "fuzzy", "the English changed", None),
    ("corvanta.txt", "Motor scores improved in 9 of 12 patients, and no treatment-related serious adverse events were "
                     "reported.", "machine", "pseudo", None),
    ("corvanta.txt", "BOSTON, March 3, 2026 /PRNewswire/ --", "machine", "dateline CLDR", None),
    ("corvanta.txt", "Laura Kim", "reviewed", "contact line, kept as written", None),
    ("update.txt", "Corvanta Therapeutics, Inc. develops cell therapies for neurological injuries.", "memory",
     "memory corvanta.po", 97),
    ("update.txt", "The trial will enroll 40 more patients in 2027.", "untranslated", "", None),
]


@pytest.mark.parametrize(("release", "english", "state", "origin", "score"), STATES,
                         ids=["reviewed", "changed", "machine", "dateline", "contact", "memory", "untranslated"])
def test_each_sentence_shows_its_state_and_origin(project, release, english, state, origin, score):
    found = row(page(project, release), english)
    assert (found.state, found.origin, found.score) == (state, origin, score)


# (the entry's comment, flags, previous msgid, translation, what the page says of it)
ENTRIES = [
    ("engine: argos en→zh 1.9", ["fuzzy"], None, "译文", ("machine", "argos en→zh 1.9", None)),
    ("engine: openai gpt-4o-mini", ["fuzzy"], None, "译文", ("machine", "openai gpt-4o-mini", None)),
    ("engine: memory a.po\nnote: memory: 88% match, made for “x”", ["fuzzy"], None, "译文", ("memory", "memory a.po", 88)),
    ("engine: xliff agency.xlf", ["fuzzy"], None, "译文", ("fuzzy", "xliff agency.xlf", None)),
    ("engine: argos en→zh 1.9", ["fuzzy"], "Old English.", "译文", ("fuzzy", "the English changed", None)),
    ("engine: argos en→zh 1.9", [], None, "译文", ("reviewed", "", None)),
    ("", ["fuzzy"], None, "译文", ("fuzzy", "", None)),
    ("engine: pseudo", [], None, "", ("untranslated", "", None)),
]


@pytest.mark.parametrize(("comment", "flags", "previous", "msgstr", "shown"), ENTRIES,
                         ids=["argos", "http", "memory", "cat-tool-draft", "changed", "reviewed", "fuzzy", "empty"])
def test_the_state_comes_from_the_flags_the_previous_english_and_the_engine_note(comment, flags, previous, msgstr,
                                                                                 shown):
    entry = polib.POEntry(msgid="English.", msgstr=msgstr, comment=comment, flags=flags, previous_msgid=previous)
    assert review.state_of(entry) == shown


def test_rows_follow_the_release_and_count_repeated_sentences_once(project):
    built = page(project)
    assert [r.line for r in built.rows] == sorted(r.line for r in built.rows)
    assert built.rows[0].kind == "title" and built.rows[1].kind == "dateline"
    assert len({r.id for r in built.rows}) == len(built.rows) == sum(built.counts.values())


def test_the_summary_says_final_or_draft_as_build_does(project):
    built = page(project)
    assert not built.final and built.status.startswith("draft: ") and "1 error" in built.status
    built_line = l10n(project, "build", "corvanta.txt", "--to", "zh").stdout
    assert f"corvanta.txt zh_CN: {built.status}" in built_line


def test_a_changed_sentence_shows_the_change_word_by_word_and_its_stale_number(project):
    changed = row(page(project), "All 12 patients completed the 48-week visit.")
    assert str(changed.previous) == "All 12 patients completed the <del>52</del><ins>48</ins>-week visit."
    assert [(f.severity, f.check, f.message) for f in changed.findings] == [("error", "numbers",
                                                                             "48 translated as 52")]


def test_glossary_terms_show_their_approved_targets(project):
    title = page(project).rows[0]
    assert [(t.english, t.target, t.kind) for t in title.terms] == [
        ("Corvanta Therapeutics", "科尔万塔治疗公司", "name"), ("Phase 1/2", "I/II期", "term"),
        ("CRV-101", "CRV-101", "dnt"), ("Spinal Cord Injury", "脊髓损伤", "term")]


# (before, after, what the page shows): words in English, characters in Chinese and Korean
CHANGES = [
    ("the 52-week visit", "the 48-week visit", "the <del>52</del><ins>48</ins>-week visit"),
    ("Phase 1 trial", "Phase 2 trial", "Phase <del>1</del><ins>2</ins> trial"),
    ("reported results", "reported topline results", "reported <ins>topline </ins>results"),
    ("第52周访视", "第48周访视", "第<del>52</del><ins>48</ins>周访视"),
    ("脊髓损伤患者", "脊髓疾病患者", "脊髓<del>损伤</del><ins>疾病</ins>患者"),
    ("임상 1상 개시", "임상 2상 개시", "임상 <del>1</del><ins>2</ins>상 개시"),
    ("a <b> & c", "a <b> & d", "a &lt;b&gt; &amp; <del>c</del><ins>d</ins>"),
    # A number is one token with its separators and percent sign: it changes whole, never digit by digit.
    ("an ORR of 78.4%", "an ORR of 81%", "an ORR of <del>78.4%</del><ins>81%</ins>"),
    ("a median of 78.4 weeks", "a median of 78 weeks", "a median of <del>78.4</del><ins>78</ins> weeks"),
    ("1,234 patients", "1,243 patients", "<del>1,234</del><ins>1,243</ins> patients"),
    ("up 3.5% on 2025-07-28.", "up 3.5% on 2025-07-29.", "up 3.5% on <del>2025-07-28</del><ins>2025-07-29</ins>."),
    ("Phase 1/2 trial", "Phase 2/3 trial", "Phase <del>1/2</del><ins>2/3</ins> trial"),
    ("XS228 and XS411", "XS228 and XS412", "XS228 and <del>XS411</del><ins>XS412</ins>"),
    ("脊髓损伤患者1,234名", "脊髓疾病患者1,243名", "脊髓<del>损伤</del><ins>疾病</ins>患者<del>1,234</del><ins>1,243</ins>名"),
    ("缓解率为78.4%", "缓解率为81%", "缓解率为<del>78.4%</del><ins>81%</ins>"),
]


@pytest.mark.parametrize(("before", "after", "shown"), CHANGES,
                         ids=["number", "phase", "insertion", "zh-number", "zh-word", "ko", "escaped", "percent",
                              "decimal", "thousands", "date", "phases", "code", "zh-thousands", "zh-percent"])
def test_changes_are_marked_by_word_or_character(before, after, shown):
    assert str(review.changes(before, after)) == shown


# (a unit's text, its codes, what the page shows)
TAGGED = [
    ("plain & <i>not a tag</i>", (), "plain &amp; <span class=\"tag\">&lt;i&gt;</span><em>not a tag</em>"
                                     "<span class=\"tag\">&lt;/i&gt;</span>"),
    ("visit <a1>our site</a1>.", (("a1", "https://x.example/?a=1&b=2"),),
     'visit <span class="tag">&lt;a1&gt;</span><span class="link" title="https://x.example/?a=1&amp;b=2">our site</span>'
     '<span class="tag">&lt;/a1&gt;</span>.'),
    ("<b>bold <i>both</i></b>", (), '<span class="tag">&lt;b&gt;</span><strong>bold </strong><span class="tag">&lt;i&gt;'
                                    '</span><strong><em>both</em></strong><span class="tag">&lt;/i&gt;</span><span '
                                    'class="tag">&lt;/b&gt;</span>'),
    ("其</b>CRV<b>的", (), '其<span class="tag bad" title="these tags do not nest">&lt;/b&gt;</span>CRV<span '
                         'class="tag bad" title="these tags do not nest">&lt;b&gt;</span>的'),
    ("<script>alert(1)</script>", (), "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<b>rose<x1/></b> and", (("b", ""), ("x1", "footnote 1")),
     '<span class="tag">&lt;b&gt;</span><strong>rose</strong><span class="tag" title="footnote 1">&lt;x1/&gt;</span>'
     '<span class="tag">&lt;/b&gt;</span> and'),
]


@pytest.mark.parametrize(("text", "codes", "shown"), TAGGED,
                         ids=["italic", "link", "nested", "broken", "script", "object"])
def test_inline_tags_are_chips_around_formatted_words(text, codes, shown):
    assert str(review.tagged(text, codes)) == shown


HOSTILE = """\
Corvanta Therapeutics Reports 52-Week Results & </title><script>alert("title")</script> Plans for CRV-101

BOSTON, March 3, 2026 /PRNewswire/ -- Corvanta uses <script>alert(1)</script> & <img src=x onerror=alert(2)> today. \
The second sentence says "quotes" and 'apostrophes'.
"""


def test_everything_on_the_page_is_escaped(tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    assert l10n(tmp_path, "translate", "hostile.txt", "--to", "zh", "--engine", "memory", "-q").returncode == 0
    po_path = tmp_path / "locales/zh_CN/LC_MESSAGES/hostile.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in po:
        entry.msgstr = entry.msgstr or '<script>alert("zh")</script><b onclick="x()">粗</b> & “引号”'
    po.save()
    result = l10n(tmp_path, "review", "hostile.txt", "--to", "zh")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out/hostile.zh_CN.review.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(text)
    assert tree.xpath("//script") == [] and tree.xpath("//img") == []
    assert not [a for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib if a.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "&lt;script&gt;alert(&#34;zh&#34;)&lt;/script&gt;" in text
    assert tree.findtext(".//title") == ('Review zh_CN: Corvanta Therapeutics Reports 52-Week Results & </title>'
                                         '<script>alert("title")</script> Plans for CRV-101')


def test_the_command_writes_one_page_per_locale_and_changes_no_catalog(project, tmp_path):
    catalogs = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    result = l10n(project, "review", "corvanta.txt", "--to", "zh,ko", "-o", tmp_path / "pages")
    assert result.returncode == 0, result.stderr
    assert "corvanta.txt zh_CN: draft: " in result.stdout and "corvanta.txt ko_KR: draft: " in result.stdout
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["corvanta.ko_KR.review.html",
                                                                     "corvanta.zh_CN.review.html"]
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == catalogs
    again = l10n(project, "review", "corvanta.txt", "--to", "zh", "-o", tmp_path / "pages")
    assert "is up to date" in again.stdout


def test_sentences_the_catalog_does_not_hold_yet_are_said(project, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    with open(copy / "corvanta.txt", "a", encoding="utf-8") as release:
        release.write("\nOne more sentence was added after the last run.\n")
    built = page(copy)
    assert built.missing == 1 and len(built.rows) == len(page(project).rows)
    assert "1 sentence of the release is not in the catalog yet" in review.render(built)


@pytest.mark.parametrize(("rows", "findings", "shown"), [
    (1, {"error": 1, "warning": 2, "info": 0}, "<b>1</b> sentence · <b>1</b> error, <b>2</b> warnings, <b>0</b> notes of style"),
    (2, {"error": 0, "warning": 1, "info": 1}, "<b>2</b> sentences · <b>0</b> errors, <b>1</b> warning, <b>1</b> note of style"),
])
def test_the_counts_of_the_page_read_as_words(project, rows, findings, shown):
    built = page(project)
    assert shown in review.render(dataclasses.replace(built, rows=built.rows[:rows], findings=findings))


def test_a_release_without_a_catalog_is_one_line(tmp_path):
    shutil.copy(CORVANTA, tmp_path)
    result = l10n(tmp_path, "review", "corvanta.txt", "--to", "zh")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "has no zh_CN catalog yet" in result.stderr and "l10n translate" in result.stderr


def test_the_page_is_self_contained_and_has_a_filter_for_every_state_and_severity(project):
    text = review.render(page(project))
    tree = lxml.html.fromstring(text)
    assert tree.xpath("//script") == [] and tree.xpath("//link") == [] and tree.xpath("//img") == []
    assert "http" not in "".join(tree.xpath("//style/text()"))
    assert tree.xpath("//meta[@name='viewport']")
    assert [i.get("id") for i in tree.xpath("//input[@name='state']")] == ["state-all", *(f"state-{s}" for s in
                                                                                       review.STATES)]
    assert [i.get("id") for i in tree.xpath("//input[@name='severity']")] == ["sev-all", *(f"sev-{s}" for s in
                                                                                        review.SEVERITIES)]
    assert len(tree.xpath("//li[contains(@class, 'unit')]")) == len(page(project).rows)


# --- in a real browser ----------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="frame" style="width:WIDTHpx;height:900px;border:0" srcdoc="PAGE"></iframe><pre id="result"></pre>
<script>
const frame = document.getElementById("frame");
frame.addEventListener("load", async () => {
  const doc = frame.contentDocument, win = frame.contentWindow;
  await doc.fonts.ready;
  const result = await (async (doc, win) => { BODY })(doc, win);
  document.getElementById("result").textContent = JSON.stringify(result);
});
</script></body></html>"""
# Every run of Hangul syllables in text under an element whose language is Korean, and those whose
# Range the browser lays out on more than one line.
KOREAN_WORDS = """
  const broken = []; let words = 0;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const owner = node.parentElement.closest("[lang]");
    if (!owner || !owner.lang.startsWith("ko")) continue;
    for (const m of node.data.matchAll(/[\\uac00-\\ud7a3]+/g)) {
      words++;
      const range = doc.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return {words, broken, width: win.innerWidth};
"""


def in_chromium(page_html: str, width: int, body: str, folder) -> tuple[dict, list[str]]:
    """Run `body` (a JavaScript function body of `doc` and `win`) on `page_html` laid out `width`
    CSS pixels wide in headless Chromium: (what it returns, the browser's console lines)."""
    harness = folder / f"harness-{width}.html"
    harness.write_text(HARNESS.replace("WIDTH", str(width)).replace("BODY", body)
                       .replace("PAGE", html.escape(page_html, quote=True)), encoding="utf-8")
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={folder / 'profile'}",
                           "--window-size=1100,1000", "--virtual-time-budget=10000", "--enable-logging=stderr",
                           "--v=0", "--dump-dom", harness.as_uri()], capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert found and found[1], done.stderr[-2000:]
    return json.loads(html.unescape(found[1])), [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


FILTERS = """
  const visible = () => Array.from(doc.querySelectorAll(".unit"))
    .filter(u => win.getComputedStyle(u).display !== "none").map(u => u.id.slice(2));
  const pick = id => doc.querySelector(`label[for=${id}]`).click();
  const out = {all: visible()};
  for (const state of STATES) { pick("state-" + state); out["state-" + state] = visible(); }
  pick("state-all");
  for (const severity of SEVERITIES) { pick("sev-" + severity); out["sev-" + severity] = visible(); }
  pick("sev-error"); pick("state-fuzzy"); out.both = visible();
  return out;
"""


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("locale", ["zh_CN", "ko_KR"])
def test_the_filters_work_in_chromium_without_console_errors(project, tmp_path, locale):
    built = page(project, locale=locale)
    body = FILTERS.replace("STATES", json.dumps(review.STATES)).replace("SEVERITIES", json.dumps(review.SEVERITIES))
    shown, console = in_chromium(review.render(built), 1000, body, tmp_path)
    assert console == []
    assert shown["all"] == [r.id for r in built.rows]
    for state in review.STATES:
        assert shown[f"state-{state}"] == [r.id for r in built.rows if r.state == state], state
    for severity in review.SEVERITIES:
        assert shown[f"sev-{severity}"] == [r.id for r in built.rows if severity in r.severities], severity
    assert shown["both"] == [r.id for r in built.rows if r.state == "fuzzy" and "error" in r.severities] != []


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("width", [375, 1000])
def test_no_korean_word_of_the_review_page_breaks_across_lines(project, tmp_path, width):
    measured, console = in_chromium(review.render(page(project, locale="ko_KR")), width, KOREAN_WORDS, tmp_path)
    assert console == [] and measured["width"] == width
    assert measured["words"] > 30 and measured["broken"] == []
