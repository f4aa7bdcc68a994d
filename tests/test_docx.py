"""Word releases: read a .docx into units, write the localized .docx from the source file.

The fixtures are built at test time with python-docx, the way an agency's Word release looks:
a Title or a Heading 1 headline, a bold dateline run, bold and italic words, links, a bulleted
or numbered list, a contact table, a header and a footer with a page-number field.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import polib
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Pt, RGBColor
from lxml import etree

from l10n import formats, inline
from l10n.errors import L10nError
from l10n.segment import segment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- fixtures ------------------------------------------------------------------------------


def _link(paragraph, text: str, url: str = "", anchor: str = "") -> None:
    link = OxmlElement("w:hyperlink")
    if url:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    if anchor:
        link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    run.append(properties)
    words = OxmlElement("w:t")
    words.text = text
    run.append(words)
    link.append(run)
    paragraph._p.append(link)


def _field(paragraph, code: str, result: str) -> None:
    """A complex field: begin, code, separate, result, end."""
    for kind in ("begin", "code", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "code":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {code} "
            run._r.append(instruction)
        elif kind == "result":
            run.text = result
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _simple_field(paragraph, code: str, result: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    words = OxmlElement("w:t")
    words.text = result
    run.append(words)
    simple.append(run)
    paragraph._p.append(simple)


def _hyperlink_style(document) -> None:
    style = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    style.font.underline = True


def corvanta(path: Path) -> Path:
    """A PR Newswire release as an agency sends it: Title style headline, a bold dateline run,
    a link, a bulleted list, a page break, a 2×2 contact table, header and footer."""
    document = docx.Document()
    _hyperlink_style(document)
    document.sections[0].header.paragraphs[0].text = "FOR IMMEDIATE RELEASE"
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("© 2026 Corvanta Therapeutics, Inc. Page ")
    _field(footer, "PAGE", "1")
    document.add_paragraph("Corvanta Therapeutics Reports Positive Phase 2 Results for CVT-301 in Chronic Spinal "
                           "Cord Injury", style="Title")
    first = document.add_paragraph()
    first.add_run("BOSTON, March 3, 2026 /PRNewswire/ --").bold = True
    first.add_run(" Corvanta Therapeutics, Inc. (Nasdaq: CRVT), a clinical-stage biotechnology company developing "
                  "regenerative therapies for neurological injury, today announced positive topline results from its "
                  "Phase 2 ")
    first.add_run("RESTORE-2").italic = True
    first.add_run(" trial of CVT-301. The study met its primary endpoint.")
    second = document.add_paragraph("Patients who received CVT-301 showed a ")
    second.add_run("12-point").bold = True  # two bold runs in a row, as Word leaves them after an edit
    second.add_run(" improvement").bold = True
    second.add_run(" in upper-extremity motor scores at 24 weeks compared with placebo. Full details are available "
                   "on ")
    _link(second, "the company's website", "https://www.corvanta.com/restore-2")
    second.add_run(".")
    document.add_paragraph("Key Findings", style="Heading 2")
    for item in ("Primary endpoint met with statistical significance",
                 "No treatment-related serious adverse events",
                 "Durable response through 48 weeks"):
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("About Corvanta Therapeutics", style="Heading 1")
    document.add_paragraph("Corvanta Therapeutics is a clinical-stage biotechnology company based in Boston. Its lead "
                           "candidate, CVT-301, is an engineered neural progenitor cell therapy.")
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Media Contact"
    table.cell(0, 1).text = "Investor Contact"
    cell = table.cell(1, 0).paragraphs[0]  # one paragraph with hard line breaks
    cell.add_run("Jane Doe").add_break()
    cell.add_run("jane.doe@corvanta.com").add_break()
    cell.add_run("+1 617-555-0142")
    cell = table.cell(1, 1)  # one paragraph a line
    cell.paragraphs[0].text = "John Roe"
    cell.add_paragraph("ir@corvanta.com")
    cell.add_paragraph("+1 617-555-0199")
    document.save(path)
    return path


def kestrel(path: Path) -> Path:
    """A Business Wire release: Heading 1 headline (no Title style), a Subtitle, a run in the brand
    colour and size, a superscript mark, a numbered list, a link to a bookmark, a footer fldSimple."""
    document = docx.Document()
    _hyperlink_style(document)
    document.sections[0].header.paragraphs[0].text = "Kestrel Biosciences | News"
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("Kestrel Biosciences, Inc. Page ")
    _simple_field(footer, "PAGE", "1")
    document.add_paragraph("Kestrel Biosciences Doses First Patient in Phase 1 Trial of KB-207 for Advanced Solid "
                           "Tumors", style="Heading 1")
    document.add_paragraph("First-in-human study to enroll up to 60 patients in the United States and South Korea",
                           style="Subtitle")
    first = document.add_paragraph()
    first.add_run("SAN DIEGO--(BUSINESS WIRE)--").bold = True
    first.add_run("Kestrel Biosciences, Inc. (Nasdaq: KSTB) today announced that the first patient has been dosed "
                  "with ")
    brand = first.add_run("KB-207")
    brand.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    brand.font.size = Pt(12)
    first.add_run(", a bispecific antibody built on its ONCOLENS")
    first.add_run("®").font.superscript = True
    first.add_run(" platform. The trial is being conducted at six sites.")
    document.add_paragraph("The study has two parts:")
    document.add_paragraph("Dose escalation to identify the recommended Phase 2 dose", style="List Number")
    document.add_paragraph("Dose expansion in patients with gastric cancer", style="List Number")
    statements = document.add_paragraph("This release contains forward-looking statements; see ")
    _link(statements, "Forward-Looking Statements", anchor="forward")
    statements.add_run(" below.")
    photos = document.add_paragraph("Photos are available in the ")
    _field(photos, 'HYPERLINK "https://www.kestrelbio.com/media"', "media kit")  # an old-style link
    photos.add_run(".")
    document.add_paragraph("Forward-Looking Statements", style="Heading 2")
    document.add_paragraph("Statements in this press release that are not historical facts are forward-looking "
                           "statements. Actual results may differ materially.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Media Contact"
    table.cell(0, 1).text = "Investor Contact"
    for column, (name, email) in enumerate((("Min-ji Park", "media@kestrelbio.com"),
                                            ("David Lee", "ir@kestrelbio.com"))):
        cell = table.cell(1, column).paragraphs[0]
        cell.add_run(name).add_break()
        cell.add_run(email)
    document.save(path)
    return path


FIXTURES: dict[str, Callable[[Path], Path]] = {"corvanta": corvanta, "kestrel": kestrel}


@pytest.fixture(params=sorted(FIXTURES))
def release(request, tmp_path) -> Path:
    return FIXTURES[request.param](tmp_path / f"{request.param}.docx")


def _units(path: Path):
    document = formats.read(path)
    return document, segment(document)


# --- reading -------------------------------------------------------------------------------

# (kind, unit text): reviewed by hand against the Word file.
EXPECTED = {
    "corvanta": [
        ("body", "FOR IMMEDIATE RELEASE"),
        ("title", "Corvanta Therapeutics Reports Positive Phase 2 Results for CVT-301 in Chronic Spinal Cord Injury"),
        ("dateline", "<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>"),
        ("body", "Corvanta Therapeutics, Inc. (Nasdaq: CRVT), a clinical-stage biotechnology company developing "
                 "regenerative therapies for neurological injury, today announced positive topline results from its "
                 "Phase 2 <i>RESTORE-2</i> trial of CVT-301."),
        ("body", "The study met its primary endpoint."),
        ("body", "Patients who received CVT-301 showed a <b>12-point improvement</b> in upper-extremity motor scores "
                 "at 24 weeks compared with placebo."),
        ("body", "Full details are available on <a1>the company's website</a1>."),
        ("heading", "Key Findings"),
        ("bullet", "Primary endpoint met with statistical significance"),
        ("bullet", "No treatment-related serious adverse events"),
        ("bullet", "Durable response through 48 weeks"),
        ("heading", "About Corvanta Therapeutics"),
        ("body", "Corvanta Therapeutics is a clinical-stage biotechnology company based in Boston."),
        ("body", "Its lead candidate, CVT-301, is an engineered neural progenitor cell therapy."),
        ("heading", "Media Contact"),
        ("heading", "Investor Contact"),
        ("contact", "Jane Doe"),
        ("contact", "jane.doe@corvanta.com"),
        ("contact", "+1 617-555-0142"),
        ("contact", "John Roe"),
        ("contact", "ir@corvanta.com"),
        ("contact", "+1 617-555-0199"),
        ("contact", "© 2026 Corvanta Therapeutics, Inc. Page <f1>PAGE</f1>"),
    ],
    "kestrel": [
        ("body", "Kestrel Biosciences | News"),  # the header: a Word release has no page noise, all of it is translated
        ("title", "Kestrel Biosciences Doses First Patient in Phase 1 Trial of KB-207 for Advanced Solid Tumors"),
        ("heading", "First-in-human study to enroll up to 60 patients in the United States and South Korea"),
        ("dateline", "<b>SAN DIEGO--(BUSINESS WIRE)--</b>"),
        ("body", "Kestrel Biosciences, Inc. (Nasdaq: KSTB) today announced that the first patient has been dosed "
                 "with <f1>KB-207</f1>, a bispecific antibody built on its ONCOLENS<sup>®</sup> platform."),
        ("body", "The trial is being conducted at six sites."),
        ("body", "The study has two parts:"),
        ("bullet", "Dose escalation to identify the recommended Phase 2 dose"),
        ("bullet", "Dose expansion in patients with gastric cancer"),
        ("body", "This release contains forward-looking statements; see <a1>Forward-Looking Statements</a1> below."),
        ("body", "Photos are available in the <f1>media kit</f1>."),
        ("heading", "Forward-Looking Statements"),
        ("body", "Statements in this press release that are not historical facts are forward-looking statements."),
        ("body", "Actual results may differ materially."),
        ("heading", "Media Contact"),
        ("heading", "Investor Contact"),
        ("contact", "Min-ji Park"),
        ("contact", "media@kestrelbio.com"),
        ("contact", "David Lee"),
        ("contact", "ir@kestrelbio.com"),
        ("contact", "Kestrel Biosciences, Inc. Page <f1>PAGE</f1>"),
    ],
}


def test_units_of_each_fixture_are_the_reviewed_ones(release):
    document, units = _units(release)
    assert document.format == "docx"
    assert [(u.kind, u.text) for u in units] == EXPECTED[release.stem]


def test_blocks_keep_their_paragraph_tag_number_and_table_row(tmp_path):
    document, _ = _units(corvanta(tmp_path / "corvanta.docx"))
    by_text = {b.text: b for b in document.blocks}
    # paragraph numbers count the header's paragraph first, and empty paragraphs too
    assert (by_text["Corvanta Therapeutics Reports Positive Phase 2 Results for CVT-301 in Chronic Spinal Cord "
                    "Injury"].tag, by_text["BOSTON, March 3, 2026 /PRNewswire/ --"].line) == ("title", 3)
    assert by_text["Key Findings"].tag == "h3" and by_text["About Corvanta Therapeutics"].tag == "h2"
    assert by_text["Durable response through 48 weeks"].tag == "li"
    assert [(by_text[t].tag, by_text[t].row) for t in ("Media Contact", "Jane Doe", "+1 617-555-0199")] == [
        ("td", 0), ("td", 1), ("td", 1)]
    assert document.dropped == ()  # a Word release has no page around it: even the header is translated


def test_codes_say_what_links_and_formats_stand_for(tmp_path):
    _, units = _units(corvanta(tmp_path / "corvanta.docx"))
    assert dict(units[6].codes) == {"a1": "https://www.corvanta.com/restore-2"}
    _, units = _units(kestrel(tmp_path / "kestrel.docx"))
    link = next(u for u in units if "<a1>" in u.text)
    assert dict(link.codes) == {"a1": "#forward"}
    brand = dict(units[4].codes)
    assert brand["sup"] == "" and re.fullmatch(r"color,sz#[0-9a-f]{6}", brand["f1"])
    assert dict(units[-1].codes)["f1"].startswith("field PAGE#")


# --- writing -------------------------------------------------------------------------------

# Publishable translations of some of the units: Simplified Chinese in the register of a
# Chinese newswire release, Korean in the 한다체 of Korean news copy. The rest stays English.
ZH = {
    "Corvanta Therapeutics Reports Positive Phase 2 Results for CVT-301 in Chronic Spinal Cord Injury":
        "Corvanta Therapeutics公布CVT-301治疗慢性脊髓损伤2期临床试验积极结果",
    "<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>": "<b>波士顿2026年3月3日 /美通社/ --</b>",
    EXPECTED["corvanta"][3][1]:
        "专注于开发神经损伤再生疗法的临床阶段生物技术公司Corvanta Therapeutics, Inc.（纳斯达克股票代码：CRVT）今日"
        "宣布，CVT-301的2期<i>RESTORE-2</i>试验取得积极的顶线结果。",
    "The study met its primary endpoint.": "该研究达到了主要终点。",
    EXPECTED["corvanta"][5][1]: "与安慰剂组相比，接受CVT-301治疗的患者在第24周时上肢运动评分<b>提高12分</b>。",
    "Full details are available on <a1>the company's website</a1>.": "详情请访问<a1>公司网站</a1>。",
    "Key Findings": "主要发现",
    "Primary endpoint met with statistical significance": "主要终点达到统计学显著性",
    "About Corvanta Therapeutics": "关于Corvanta Therapeutics",
    "Media Contact": "媒体联系人",
    "Investor Contact": "投资者联系人",
}
KO = {
    "Corvanta Therapeutics Reports Positive Phase 2 Results for CVT-301 in Chronic Spinal Cord Injury":
        "Corvanta Therapeutics, 만성 척수손상 치료제 CVT-301 임상 2상서 긍정적 결과 발표",
    "<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>": "<b>보스턴 2026년 3월 3일 /PRNewswire/ --</b>",
    EXPECTED["corvanta"][3][1]:
        "신경 손상 재생 치료제를 개발하는 임상 단계 생명공학 기업 Corvanta Therapeutics, Inc.(나스닥: CRVT)는 "
        "CVT-301의 임상 2상 <i>RESTORE-2</i> 시험에서 긍정적인 주요 결과를 얻었다고 오늘 발표했다.",
    "The study met its primary endpoint.": "이번 시험은 1차 평가변수를 충족했다.",
    EXPECTED["corvanta"][5][1]: "CVT-301을 투여받은 환자는 위약군 대비 24주 차 상지 운동 점수가 <b>12점 개선</b>됐다.",
    "Full details are available on <a1>the company's website</a1>.": "자세한 내용은 <a1>회사 웹사이트</a1>에서 확인할 수 있다.",
    "Key Findings": "주요 결과",
    "Primary endpoint met with statistical significance": "통계적으로 유의하게 1차 평가변수 충족",
    "About Corvanta Therapeutics": "Corvanta Therapeutics 소개",
    "Media Contact": "언론 문의",
    "Investor Contact": "투자자 문의",
}
LOCALES = {"zh_CN": (ZH, "Microsoft YaHei", "zh-CN"), "ko_KR": (KO, "Malgun Gothic", "ko-KR")}


def _written(tmp_path: Path, locale: str, settings=None) -> tuple[Path, bytes]:
    source = corvanta(tmp_path / "corvanta.docx")
    document, units = _units(source)
    data = formats.write("docx", document, units, LOCALES[locale][0], locale, settings or {})
    return source, data


def _runs_with_text(paragraph) -> list:
    return [r for r in paragraph._p.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_written_release_keeps_structure_styles_and_inline_formats(tmp_path, locale):
    translations, font, lang = LOCALES[locale]
    source, data = _written(tmp_path, locale)
    out = tmp_path / f"corvanta.{locale}.docx"
    out.write_bytes(data)
    before, after = docx.Document(str(source)), docx.Document(str(out))
    assert len(after.paragraphs) == len(before.paragraphs) and len(after.tables) == len(before.tables)
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    assert [p._p.pPr.xml if p._p.pPr is not None else "" for p in after.paragraphs] == [
        p._p.pPr.xml if p._p.pPr is not None else "" for p in before.paragraphs]
    texts = [p.text for p in after.paragraphs]
    title = translations[EXPECTED["corvanta"][1][1]]
    dateline = inline.strip(translations["<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>"])
    assert texts[0] == title
    assert texts[1].startswith(dateline + " ")
    first = after.paragraphs[1]
    assert [r.text for r in first.runs if r.bold] == [dateline]
    assert [r.text for r in first.runs if r.italic] == ["RESTORE-2"]
    second = after.paragraphs[2]
    assert [r.text for r in second.runs if r.bold] == [re.search(r"<b>(.*)</b>", translations[
        EXPECTED["corvanta"][5][1]])[1]]
    links = second._p.findall(W + "hyperlink")
    assert len(links) == 1 and links[0].get(qn("r:id")) == before.paragraphs[2]._p.find(W + "hyperlink").get(
        qn("r:id"))
    assert "".join(t.text for t in links[0].iter(W + "t")) == re.search(r"<a1>(.*)</a1>", translations[
        "Full details are available on <a1>the company's website</a1>."])[1]
    assert links[0].find(f"{W}r/{W}rPr/{W}rStyle").get(qn("w:val")) == "Hyperlink"
    # untranslated units stay English; the noise paragraph of the header stays as it was
    assert texts[texts.index(translations["Primary endpoint met with statistical significance"]) + 1] == \
        "No treatment-related serious adverse events"
    assert after.sections[0].header.paragraphs[0].text == "FOR IMMEDIATE RELEASE"
    assert after.tables[0].cell(1, 0).text == "Jane Doe\njane.doe@corvanta.com\n+1 617-555-0142"
    assert after.tables[0].cell(0, 0).text == translations["Media Contact"]
    # every run written carries the East Asian font and language; Latin fonts are not set
    for paragraph in [*after.paragraphs[:3], after.tables[0].cell(0, 0).paragraphs[0]]:
        for run in _runs_with_text(paragraph):
            fonts, language = run.find(f"{W}rPr/{W}rFonts"), run.find(f"{W}rPr/{W}lang")
            assert fonts.get(qn("w:eastAsia")) == font and fonts.get(qn("w:ascii")) is None
            assert language.get(qn("w:eastAsia")) == lang
    defaults = after.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(W + "lang").get(qn("w:eastAsia")) == lang
    assert defaults.find(W + "rFonts").get(qn("w:asciiTheme")) == "minorHAnsi"  # Latin font left alone
    # the footer's page field is put back around its result, the page break stays
    footer = after.sections[0].footer.paragraphs[0]._p
    assert [c.get(qn("w:fldCharType")) for c in footer.iter(W + "fldChar")] == ["begin", "separate", "end"]
    assert "".join(t.text for t in footer.iter(W + "instrText")).strip() == "PAGE"
    assert any(br.get(qn("w:type")) == "page" for br in after.element.body.iter(W + "br"))


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_writing_twice_gives_the_same_bytes(tmp_path, locale):
    source, data = _written(tmp_path, locale)
    document, units = _units(source)
    assert formats.write("docx", document, units, LOCALES[locale][0], locale, {}) == data
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(io.BytesIO(data)) as after:
        assert after.namelist() == before.namelist()
        assert {i.date_time for i in after.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert after.read("docProps/core.xml") == before.read("docProps/core.xml")


def test_the_font_can_be_configured(tmp_path):
    _, data = _written(tmp_path, "zh_CN", {"zh_CN": "SimSun"})
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    run = _runs_with_text(docx.Document(str(out)).paragraphs[0])[0]
    assert run.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "SimSun"


def test_identity_translation_rebuilds_the_units(release, tmp_path):
    document, units = _units(release)
    out = tmp_path / "again.docx"
    out.write_bytes(formats.write("docx", document, units, {}, "en", {}))
    again, rebuilt = _units(out)
    assert [(u.kind, u.text, u.codes) for u in rebuilt] == [(u.kind, u.text, u.codes) for u in units]
    assert [(b.kind, b.tag, b.row) for b in again.blocks] == [(b.kind, b.tag, b.row) for b in document.blocks]


def test_formats_links_and_fields_come_back_from_their_tags(tmp_path):
    source = kestrel(tmp_path / "kestrel.docx")
    document, units = _units(source)
    translations = {
        units[4].text: "Kestrel Biosciences, Inc.（纳斯达克股票代码：KSTB）今日宣布，基于其ONCOLENS<sup>®</sup>平台"
                       "开发的双特异性抗体<f1>KB-207</f1>已完成首例患者给药。",
        units[9].text: "本新闻稿包含前瞻性陈述，详见下文<a1>前瞻性陈述</a1>。",
        units[10].text: "图片可在<f1>媒体资料包</f1>中获取。",
        units[-1].text: "Kestrel Biosciences, Inc. 第<f1>PAGE</f1>页",
    }
    out = tmp_path / "kestrel.zh_CN.docx"
    out.write_bytes(formats.write("docx", document, units, translations, "zh_CN", {}))
    after = docx.Document(str(out))
    brand = next(r for r in after.paragraphs[2].runs if r.text == "KB-207")
    assert (brand.font.color.rgb, brand.font.size) == (RGBColor(0x1F, 0x4E, 0x79), Pt(12))
    assert [r.text for r in after.paragraphs[2].runs if r.font.superscript] == ["®"]
    link = after.paragraphs[6]._p.find(W + "hyperlink")
    assert link.get(qn("w:anchor")) == "forward" and "".join(t.text for t in link.iter(W + "t")) == "前瞻性陈述"
    footer = after.sections[0].footer.paragraphs[0]._p
    simple = footer.find(W + "fldSimple")
    assert simple.get(qn("w:instr")) == "PAGE" and "".join(t.text for t in simple.iter(W + "t")) == "1"
    photos = after.paragraphs[7]._p  # the old-style link's code is put back around the translated result
    assert "".join(t.text for t in photos.iter(W + "instrText")).strip() == 'HYPERLINK "https://www.kestrelbio.com/media"'
    assert "".join(t.text for t in photos.iter(W + "t")) == "图片可在媒体资料包中获取。"
    assert [c.get(qn("w:fldCharType")) for c in photos.iter(W + "fldChar")] == ["begin", "separate", "end"]
    assert "".join(t.text for t in footer.iter(W + "t")) == "Kestrel Biosciences, Inc. 第1页"


@pytest.mark.parametrize("translation", [
    "<b>波士顿2026年3月3日 /美通社/ --</i>",  # tags that do not nest
    "<b>波士顿2026年3月3日</b> <a1>/美通社/</a1> --",  # a link the unit does not have
], ids=["unbalanced", "unknown-code"])
def test_broken_tags_are_written_as_plain_text(tmp_path, translation):
    source = corvanta(tmp_path / "corvanta.docx")
    document, units = _units(source)
    out = tmp_path / "out.docx"
    out.write_bytes(formats.write("docx", document, units, {units[2].text: translation}, "zh_CN", {}))
    first = docx.Document(str(out)).paragraphs[1]
    assert first.text.startswith(inline.strip(translation) + " Corvanta")
    assert first.runs[0].text == inline.strip(translation) and not first.runs[0].bold
    assert first._p.find(W + "hyperlink") is None


# --- a draft says it is one, on every page (issue 22) ----------------------------------------------


def sections(path: Path) -> Path:
    """A release in two sections: the first without a header, the second with its own header and
    a different first page, odd and even pages told apart; the second section's first-page and
    even headers are linked to the first's, which has none."""
    document = docx.Document()
    document.settings.odd_and_even_pages_header_footer = True
    document.add_paragraph("Corvanta Therapeutics Opens Cell Therapy Plant in Boston", style="Title")
    document.add_paragraph("BOSTON, March 3, 2026 /PRNewswire/ -- Corvanta Therapeutics, Inc. today opened its plant.")
    second = document.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Corvanta Therapeutics | Investors"
    second.different_first_page_header_footer = True
    document.add_paragraph("About Corvanta Therapeutics", style="Heading 1")
    document.add_paragraph("Corvanta Therapeutics develops cell therapies for neurological injury.")
    document.save(path)
    return path


DRAFT_FIXTURES = {**FIXTURES, "sections": sections}
# (locale, its notice, the East Asian font and language of its run)
DRAFTS = {
    "zh_CN": ("草稿：本译文尚未全部审校，请勿发布。", "Microsoft YaHei", "zh-CN"),
    "ko_KR": ("초안: 검토가 끝나지 않은 번역이다. 배포 금지.", "Malgun Gothic", "ko-KR"),
    "en": ("Draft: this translation has not been fully reviewed; do not publish.", None, None),
}


def _draft(tmp_path: Path, name: str, locale: str, draft: bool = True) -> tuple[Path, bytes]:
    source = DRAFT_FIXTURES[name](tmp_path / f"{name}.docx")
    document, units = _units(source)
    return source, formats.write("docx", document, units, LOCALES.get(locale, ({},))[0], locale, {}, draft=draft)


def _headers(document) -> list[tuple[int, str, list[str]]]:
    """(section, which header, its paragraphs' texts) for every header a page of the document
    shows, inherited ones as the section inherits them."""
    even = document.settings.odd_and_even_pages_header_footer
    found = []
    for n, section in enumerate(document.sections):
        shown = [("default", section.header)]
        shown += [("first", section.first_page_header)] if section.different_first_page_header_footer else []
        shown += [("even", section.even_page_header)] if even else []
        found += [(n, kind, [p.text for p in header.paragraphs]) for kind, header in shown]
    return found


@pytest.mark.parametrize("locale", sorted(DRAFTS))
@pytest.mark.parametrize("name", sorted(DRAFT_FIXTURES))
def test_a_draft_opens_every_page_header_with_its_notice(tmp_path, name, locale):
    notice, font, lang = DRAFTS[locale]
    source, data = _draft(tmp_path, name, locale)
    before, after = docx.Document(str(source)), docx.Document(io.BytesIO(data))
    headers = _headers(after)
    assert headers and all(texts[0] == notice for _, _, texts in headers), headers
    # a header of the source keeps its own paragraphs under the notice; a new one holds the notice alone
    for n, section in enumerate(before.sections):
        if not section.header.is_linked_to_previous:
            assert [p.text for p in after.sections[n].header.paragraphs][1:] == [
                p.text for p in section.header.paragraphs]
    if name == "sections":
        assert headers == [(0, "default", [notice]), (0, "even", [notice]),
                           (1, "default", [notice, "Corvanta Therapeutics | Investors"]), (1, "first", [notice]),
                           (1, "even", [notice])]
    for _, _, texts in headers:
        assert texts.count(notice) == 1
    run = after.sections[0].header.paragraphs[0].runs[0]
    assert run.bold and run.font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    fonts, language = run._r.find(f"{W}rPr/{W}rFonts"), run._r.find(f"{W}rPr/{W}lang")
    assert (fonts.get(qn("w:eastAsia")) if fonts is not None else None) == font
    assert (language.get(qn("w:eastAsia")) if language is not None else None) == lang
    # the body is the final release's
    _, final = _draft(tmp_path, name, locale, draft=False)
    assert [p.text for p in after.paragraphs] == [p.text for p in docx.Document(io.BytesIO(final)).paragraphs]


@pytest.mark.parametrize("locale", sorted(DRAFTS))
@pytest.mark.parametrize("name", sorted(DRAFT_FIXTURES))
def test_a_final_release_has_no_notice_anywhere(tmp_path, name, locale):
    source, data = _draft(tmp_path, name, locale, draft=False)
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(io.BytesIO(data)) as after:
        assert after.namelist() == before.namelist()
        assert not any(DRAFTS[locale][0].encode() in after.read(entry) for entry in after.namelist())
    assert _headers(docx.Document(io.BytesIO(data))) == _headers(docx.Document(str(source)))


@pytest.mark.parametrize("locale", sorted(DRAFTS))
@pytest.mark.parametrize("name", sorted(DRAFT_FIXTURES))
def test_writing_a_draft_twice_gives_the_same_bytes(tmp_path, name, locale):
    source, data = _draft(tmp_path, name, locale)
    document, units = _units(source)
    assert formats.write("docx", document, units, LOCALES.get(locale, ({},))[0], locale, {}, draft=True) == data
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(io.BytesIO(data)) as after:
        assert {i.date_time for i in after.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert after.read("docProps/core.xml") == before.read("docProps/core.xml")
        assert after.namelist()[:len(before.namelist())] == before.namelist()


def test_a_header_added_to_a_draft_is_in_the_package(tmp_path):
    """The first section had no header: the new parts come after the source's entries, each with
    its content type and a relationship from the document."""
    source, data = _draft(tmp_path, "sections", "zh_CN")
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(io.BytesIO(data)) as after:
        new = after.namelist()[len(before.namelist()):]
        assert new == ["word/header2.xml", "word/header3.xml", "word/header4.xml"]
        types = after.read("[Content_Types].xml").decode()
        rels = after.read("word/_rels/document.xml.rels").decode()
        for name in new:
            assert f'<Override PartName="/{name}" ContentType="application/vnd.openxmlformats-officedocument.' \
                   f'wordprocessingml.header+xml"/>' in types
            assert f'Target="{name.split("/")[1]}"' in rels


def test_a_draft_without_sections_opens_its_body_with_the_notice(tmp_path):
    """Word always writes a w:sectPr; a generated file may have none, and so no page header."""
    source = _rezipped(corvanta(tmp_path / "built.docx"), "word/document.xml",
                       lambda x: re.sub(rb"<w:sectPr\b.*?</w:sectPr>", b"", x, flags=re.S))
    path = tmp_path / "plain.docx"
    path.write_bytes(source)
    document, units = _units(path)
    data = formats.write("docx", document, units, ZH, "zh_CN", {}, draft=True)
    after = docx.Document(io.BytesIO(data))
    assert len(after.sections) == 0
    assert [p.text for p in after.paragraphs[:2]] == [DRAFTS["zh_CN"][0], ZH[EXPECTED["corvanta"][1][1]]]
    assert after.paragraphs[0].runs[0].bold


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("name", ["corvanta", "sections"])
def test_libreoffice_shows_the_notice_at_the_top_of_every_page(tmp_path, name):
    import pypdf

    _, data = _draft(tmp_path, name, "ko_KR")
    out = tmp_path / f"{name}.ko_KR.docx"
    out.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180,
                   check=True)
    pages = [page.extract_text() for page in pypdf.PdfReader(str(tmp_path / f"{name}.ko_KR.pdf")).pages]
    assert len(pages) >= 2
    for page in pages:
        assert unicodedata.normalize("NFKC", page).splitlines()[0] == DRAFTS["ko_KR"][0]


# --- bad input -----------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _rezipped(path: Path, name: str, change: Callable[[bytes], bytes]) -> bytes:
    with zipfile.ZipFile(path) as archive:
        entries = {entry: archive.read(entry) for entry in archive.namelist()}
    entries[name] = change(entries[name])
    return _zip(entries)


def _empty(path: Path) -> bytes:
    docx.Document().save(path)
    return path.read_bytes()


BAD = {
    # name: (bytes of the file, built from a scratch path; words the message must hold)
    "text": (lambda p: b"BOSTON, March 3, 2026 -- Corvanta today announced ...", "not a zip archive"),
    "zip-without-document": (lambda p: _zip({"readme.txt": b"hello"}), "not a Word document"),
    "encrypted": (lambda p: _OLE + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100,
                  "password-protected"),
    "doc": (lambda p: _OLE + b"\0" * 500 + "WordDocument".encode("utf-16-le") + b"\0" * 100, "(.doc)"),
    "macro-enabled": (lambda p: _rezipped(corvanta(p), "[Content_Types].xml", lambda x: x.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")), "macro"),
    "damaged-xml": (lambda p: _rezipped(corvanta(p), "word/document.xml", lambda x: x[:len(x) // 2]), "damaged"),
    "damaged-footnotes": (lambda p: _rezipped(noted(p), "word/footnotes.xml", lambda x: x[:len(x) // 2]),
                          "broken XML in word/footnotes.xml"),
    "empty": (_empty, "no text"),
}


def _bookmark_link(path: Path) -> bytes:
    """corvanta.docx with a link to a bookmark related without `TargetMode="External"` (as some
    producers write it; Word follows it)."""
    link = (f'<w:p {_DECLARED}><w:hyperlink r:id="rIdBookmark"><w:r><w:t>See the results below.</w:t></w:r>'
            '</w:hyperlink></w:p>').encode()
    with zipfile.ZipFile(corvanta(path)) as archive:
        entries = {entry: archive.read(entry) for entry in archive.namelist()}
    entries["word/document.xml"] = entries["word/document.xml"].replace(b"<w:sectPr", link + b"<w:sectPr", 1)
    entries["word/_rels/document.xml.rels"] = entries["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdBookmark" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/hyperlink" Target="#_Results"/></Relationships>')
    return _zip(entries)


# Quirks of producers that Word opens: (the file's bytes, a unit it must give)
ACCEPTED = {
    "bookmark-link-not-external": (_bookmark_link, "<a1>See the results below.</a1>"),
    # a chart's workbook may be macro-enabled; the document has no macro of its own
    "macro-enabled-workbook": (lambda p: _rezipped(corvanta(p), "[Content_Types].xml", lambda x: x.replace(
        b"</Types>", b'<Default Extension="xlsb" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.12"'
        b'/></Types>')), "The study met its primary endpoint."),
}


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_what_word_opens_is_read(tmp_path, case):
    build, unit = ACCEPTED[case]
    path = tmp_path / "release.docx"
    path.write_bytes(build(tmp_path / "scratch.docx"))
    assert unit in [u.text for u in _units(path)[1]]


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_saying_what_to_do(tmp_path, case):
    build, words = BAD[case]
    data = build(tmp_path / "scratch.docx")
    path = tmp_path / "release.docx"
    path.write_bytes(data)
    with pytest.raises(L10nError) as raised:
        formats.read(path)
    message = str(raised.value)
    assert words in message and "\n" not in message and message.startswith(str(path))


# --- LibreOffice ---------------------------------------------------------------------------


def _pdf_text(pdf: Path) -> str:
    """The text a PDF shows, read with pypdf (l10n's own PDF reader)."""
    import pypdf

    return "".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_lays_out_the_chinese_release(tmp_path):
    _, data = _written(tmp_path, "zh_CN")
    out = tmp_path / "corvanta.zh_CN.docx"
    out.write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180, check=True)
    pdf = tmp_path / "corvanta.zh_CN.pdf"
    assert pdf.exists() and pdf.stat().st_size > 5000
    shown = _pdf_text(pdf)
    for sentence in ("该研究达到了主要终点。", "媒体联系人", "详情请访问公司网站"):
        assert set(sentence) <= set(shown), sentence
    assert "Corvanta" in shown or set("Corvanta") <= set(shown)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_release_saved_again_by_libreoffice_gives_the_same_units(tmp_path):
    """LibreOffice writes its own XML (rsids gone, its own field and list markup, page numbers
    updated): the units, their ids and the written release do not change with it."""
    source = corvanta(tmp_path / "corvanta.docx")
    resaved = tmp_path / "resaved"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(resaved), str(source)],
                   capture_output=True, timeout=180, check=True)
    document, units = _units(resaved / "corvanta.docx")
    assert [(u.id, u.kind, u.text) for u in units] == [(u.id, u.kind, u.text) for u in _units(source)[1]]
    out = tmp_path / "corvanta.zh_CN.docx"
    out.write_bytes(formats.write("docx", document, units, ZH, "zh_CN", {}))
    assert [p.text for p in docx.Document(str(out)).paragraphs][:3] == [
        p.text for p in docx.Document(io.BytesIO(_written(tmp_path, "zh_CN")[1])).paragraphs][:3]


# --- notes, text boxes, comments, Strict OOXML (issue 25) ------------------------------------

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
_DECLARED = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NS.items())
MC = "{%s}" % _NS["mc"]


def _repackaged(data: bytes, change: Callable[[str, bytes], bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """The package with each entry changed by `change(name, bytes)`, and `extra` entries added."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {name: change(name, archive.read(name)) for name in archive.namelist()}
    return _zip({**entries, **(extra or {})})


def _with_notes(path: Path, footnotes: str = "", endnotes: str = "") -> Path:
    """Put footnotes and endnotes parts (which python-docx cannot write) into a saved document."""
    parts = [(name, xml) for name, xml in (("footnotes", footnotes), ("endnotes", endnotes)) if xml]
    types = "".join(f'<Override PartName="/word/{part}.xml" ContentType="application/vnd.openxmlformats-'
                    f'officedocument.wordprocessingml.{part}+xml"/>' for part, _ in parts)
    relations = "".join(f'<Relationship Id="rIdNotes{part}" Target="{part}.xml" Type="http://schemas.openxmlformats'
                        f'.org/officeDocument/2006/relationships/{part}"/>' for part, _ in parts)

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", types.encode() + b"</Types>")
        if name == "word/_rels/document.xml.rels":
            return data.replace(b"</Relationships>", relations.encode() + b"</Relationships>")
        return data

    extra = {f"word/{part}.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{part} {_DECLARED}>'
             f'{xml}</w:{part}>'.encode() for part, xml in parts}
    path.write_bytes(_repackaged(path.read_bytes(), change, extra))
    return path


def _reference(paragraph, kind: str, number: int) -> None:
    paragraph._p.append(parse_xml(f'<w:r {_DECLARED}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  f'<w:{kind}Reference w:id="{number}"/></w:r>'))


def _note(kind: str, number: int, opening: str, text: str, kind_attribute: str = "") -> str:
    """A note as Word writes it: its number (`footnoteRef`), then `opening` (a tab run, a space), then its text."""
    typed = f' w:type="{kind_attribute}"' if kind_attribute else ""
    return (f'<w:{kind}{typed} w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Ref/></w:r>{opening}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:{kind}>')


def _separators(kind: str) -> str:
    """The notes Word keeps for the rule above the notes, and a continuation notice with words in it."""
    return (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
            f'</w:{kind}><w:{kind} w:type="continuationNotice" w:id="1"><w:p><w:r><w:t>(continued on the next page)'
            f'</w:t></w:r></w:p></w:{kind}>')


FOOTNOTE = "The primary endpoint was the change in upper-extremity motor score at 24 weeks."
ENDNOTE = "Data on file, Corvanta Therapeutics."


def noted(path: Path) -> Path:
    """A release whose sentences carry a footnote (number, tab, text) and an endnote (number,
    then a space in the text's own run), in a header-and-footer document."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "FOR IMMEDIATE RELEASE"
    document.sections[0].footer.paragraphs[0].text = "Corvanta Therapeutics, Inc."
    document.add_paragraph("Corvanta Therapeutics Reports Positive Phase 2 Results", style="Title")
    _reference(document.add_paragraph("The study met its primary endpoint."), "footnote", 2)
    _reference(document.add_paragraph("Full results will be presented at a medical meeting."), "endnote", 2)
    document.save(path)
    return _with_notes(path, _separators("footnote") + _note("footnote", 2, "<w:r><w:tab/></w:r>", FOOTNOTE),
                       _separators("endnote") + _note("endnote", 2, "", " " + ENDNOTE))


BOX = ("Corvanta Therapeutics at a Glance", "Founded in 2019 in Boston, Corvanta develops cell therapies.")


def _box_paragraphs(bookmark: int) -> str:
    """A text box's paragraphs, with a bookmark of their own, as each alternative has in Word's files."""
    first, second = BOX
    return (f'<w:p><w:r><w:t>{first}</w:t></w:r><w:bookmarkStart w:id="{bookmark}" w:name="_GoBack"/>'
            f'<w:bookmarkEnd w:id="{bookmark}"/></w:p><w:p><w:r><w:t>{second}</w:t></w:r></w:p>')


def _vml_box(bookmark: int) -> str:
    return (f'<w:pict><v:shape id="Text Box 1" style="position:absolute;margin-left:0;margin-top:0;width:216pt;'
            f'height:72pt;z-index:251659264"><v:textbox><w:txbxContent>{_box_paragraphs(bookmark)}</w:txbxContent>'
            f'</v:textbox></v:shape></w:pict>')


def _text_box_run(vml_only: bool = False):
    """A run holding a text box the way Word 2010 and later saves it: a DrawingML shape in mc:Choice and
    its VML copy in mc:Fallback (or, from older Word, the VML shape alone)."""
    if vml_only:
        return parse_xml(f"<w:r {_DECLARED}>{_vml_box(0)}</w:r>")
    return parse_xml(
        f'<w:r {_DECLARED}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" '
        'distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" '
        'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column">'
        '<wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="2743200" cy="914400"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>'
        f'{_box_paragraphs(0)}</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" '
        'tIns="45720" rIns="91440" bIns="45720" anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>'
        f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>{_vml_box(1)}</mc:Fallback>'
        '</mc:AlternateContent></w:r>')


def boxed(path: Path, vml_only: bool = False) -> Path:
    """A one-page fact sheet whose only text is in a text box anchored in an empty paragraph."""
    document = docx.Document()
    document.add_paragraph()._p.append(_text_box_run(vml_only))
    document.save(path)
    return path


def footnote_only(path: Path) -> Path:
    """A document whose only words are a footnote's: the body holds the reference alone."""
    document = docx.Document()
    _reference(document.add_paragraph(), "footnote", 2)
    document.save(path)
    return _with_notes(path, _separators("footnote") + _note("footnote", 2, "<w:r><w:tab/></w:r>", FOOTNOTE))


def commented(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Corvanta Therapeutics Opens Cell Therapy Plant in Boston", style="Title")
    paragraph = document.add_paragraph("The plant will employ 120 people.")
    document.add_comment(paragraph.runs, text="Check the head count with HR before release.", author="Jane Doe",
                         initials="JD")
    document.save(path)
    return path


# Translations of the fixtures' units into Simplified Chinese.
NOTES_ZH = {
    "Corvanta Therapeutics Reports Positive Phase 2 Results": "Corvanta Therapeutics公布2期积极结果",
    "The study met its primary endpoint.": "该研究达到了主要终点。",
    "Full results will be presented at a medical meeting.": "完整结果将在医学会议上公布。",
    FOOTNOTE: "主要终点为第24周时上肢运动评分的变化。",
    ENDNOTE: "数据存档，Corvanta Therapeutics。",
    BOX[0]: "Corvanta Therapeutics概况",
    BOX[1]: "Corvanta成立于2019年，总部位于波士顿，致力于开发细胞疗法。",
    "FOR IMMEDIATE RELEASE": "即时发布",
}


def _texts(root, tag: str) -> list[str]:
    """The text of each paragraph under every `tag` element of a part, in order."""
    return ["".join(t.text or "" for t in p.iter(W + "t")) for holder in root.iter(W + tag)
            for p in holder if p.tag == W + "p"]


def _part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _localized(tmp_path: Path, build: Callable[[Path], Path], name: str, locale: str = "zh_CN") -> tuple[Path, bytes]:
    source = build(tmp_path / f"{name}.docx")
    document, units = _units(source)
    return source, formats.write("docx", document, units, NOTES_ZH, locale, {})


def test_footnotes_and_endnotes_are_read_after_the_body_and_before_the_footer(tmp_path):
    document, units = _units(noted(tmp_path / "noted.docx"))
    assert [u.text for u in units] == [
        "FOR IMMEDIATE RELEASE", "Corvanta Therapeutics Reports Positive Phase 2 Results",
        "The study met its primary endpoint.", "Full results will be presented at a medical meeting.", FOOTNOTE,
        ENDNOTE, "Corvanta Therapeutics, Inc."]  # not the continuation notice Word keeps among the notes
    assert [u.line for u in units] == [1, 2, 3, 4, 5, 6, 7]


def test_footnotes_and_endnotes_are_written_translated_with_their_numbers(tmp_path):
    source, data = _localized(tmp_path, noted, "noted")
    footnotes, endnotes = _part(data, "word/footnotes.xml"), _part(data, "word/endnotes.xml")
    assert _texts(footnotes, "footnote") == ["", "", "(continued on the next page)", NOTES_ZH[FOOTNOTE]]
    assert _texts(endnotes, "endnote") == ["", "", "(continued on the next page)", " " + NOTES_ZH[ENDNOTE]]
    # the note's number stays first, the tab after it stays, the translation takes the note's runs
    note = footnotes[-1].find(W + "p")
    assert [[child.tag for child in run if child.tag != W + "rPr"] for run in note.iter(W + "r")] == [
        [W + "footnoteRef"], [W + "tab"], [W + "t"]]
    run = note.findall(W + "r")[-1]
    assert run.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "Microsoft YaHei"
    # the references in the body stay after the sentences they note
    after = docx.Document(io.BytesIO(data))
    assert [p.text for p in after.paragraphs[1:3]] == [NOTES_ZH["The study met its primary endpoint."],
                                                       NOTES_ZH["Full results will be presented at a medical meeting."]]
    assert after.paragraphs[1]._p[-1].find(W + "footnoteReference").get(qn("w:id")) == "2"
    assert after.paragraphs[2]._p[-1].find(W + "endnoteReference").get(qn("w:id")) == "2"
    # the separators are as they were
    with zipfile.ZipFile(source) as before:
        original = etree.fromstring(before.read("word/footnotes.xml"))
    assert [etree.tostring(n) for n in footnotes[:3]] == [etree.tostring(n) for n in original[:3]]


def test_a_document_whose_only_words_are_a_footnote_is_read(tmp_path):
    _, units = _units(footnote_only(tmp_path / "note.docx"))
    assert [u.text for u in units] == [FOOTNOTE]


@pytest.mark.parametrize("vml_only", [False, True], ids=["drawingml-with-vml-fallback", "vml"])
def test_a_text_box_is_read_once(tmp_path, vml_only):
    """Its only words are in the text box: the document is read, each paragraph once, though Word
    saved the box twice."""
    document, units = _units(boxed(tmp_path / "box.docx", vml_only))
    assert [u.text for u in units] == list(BOX)
    assert [b.line for b in document.blocks] == [2, 3]  # after the paragraph the box is anchored in


@pytest.mark.parametrize("vml_only", [False, True], ids=["drawingml-with-vml-fallback", "vml"])
def test_a_text_box_is_written_translated_in_each_of_its_alternatives(tmp_path, vml_only):
    _, data = _localized(tmp_path, lambda path: boxed(path, vml_only), "box")
    body = docx.Document(io.BytesIO(data)).element.body
    shown = [NOTES_ZH[BOX[0]], NOTES_ZH[BOX[1]]]
    assert _texts(body, "txbxContent") == (shown if vml_only else shown * 2)
    # each alternative keeps its own bookmark, so no id comes twice
    assert [b.get(qn("w:id")) for b in body.iter(W + "bookmarkStart")] == (["0"] if vml_only else ["0", "1"])
    if not vml_only:
        choice, fallback = body.iter(MC + "Choice", MC + "Fallback")
        assert choice.find(f".//{W}txbxContent") is not None and fallback.find(f".//{W}pict") is not None


@pytest.mark.parametrize("build", [noted, boxed, footnote_only], ids=["noted", "boxed", "footnote-only"])
def test_identity_translation_rebuilds_the_units_of_notes_and_text_boxes(tmp_path, build):
    document, units = _units(build(tmp_path / "source.docx"))
    out = tmp_path / "again.docx"
    out.write_bytes(formats.write("docx", document, units, {}, "en", {}))
    _, rebuilt = _units(out)
    assert [(u.kind, u.text, u.line) for u in rebuilt] == [(u.kind, u.text, u.line) for u in units]
    assert _notes_and_boxes(out.read_bytes()) == _notes_and_boxes((tmp_path / "source.docx").read_bytes())


def test_comments_are_not_units_and_the_localized_file_keeps_them(tmp_path):
    source = commented(tmp_path / "commented.docx")
    document, units = _units(source)
    assert [u.text for u in units] == ["Corvanta Therapeutics Opens Cell Therapy Plant in Boston",
                                       "The plant will employ 120 people."]
    assert document.notes == ("1 Word comment for the reviewer: not translated, shown beside their sentences in the "
                              "catalogs (`#. comment`) and kept in the localized file as written",)
    data = formats.write("docx", document, units, {"The plant will employ 120 people.": "该工厂将雇用120人。"},
                         "zh_CN", {})
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(io.BytesIO(data)) as after:
        assert after.read("word/comments.xml") == before.read("word/comments.xml")
        body = etree.fromstring(after.read("word/document.xml"))
    for anchor in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert [e.get(qn("w:id")) for e in body.iter(W + anchor)] == ["0"]
    again = docx.Document(io.BytesIO(data))
    assert again.paragraphs[1].text == "该工厂将雇用120人。"
    assert [c.text for c in again.comments] == ["Check the head count with HR before release."]


def test_a_comment_is_a_note_on_the_sentence_it_is_anchored_on(tmp_path):
    """In the catalog, beside the sentence the reviewer must read it with: `#. comment (Jane Doe): ...`."""
    document = docx.Document()
    document.add_paragraph("Corvanta Therapeutics Opens Cell Therapy Plant in Boston", style="Title")
    paragraph = document.add_paragraph("The plant opens in May. ")
    paragraph.add_run("It will employ 120 people.")
    document.add_comment(paragraph.runs[1:], text="Check the head count\nwith HR.", author="Jane Doe", initials="JD")
    whole = document.add_paragraph("Production starts in June. Sales follow in July.")
    document.add_comment(whole.runs, text="Dates to confirm.", author="", initials="")
    document.save(tmp_path / "commented.docx")
    _, units = _units(tmp_path / "commented.docx")
    assert [(u.text, u.notes) for u in units[1:]] == [
        ("The plant opens in May.", ()),
        ("It will employ 120 people.", ("comment (Jane Doe): Check the head count with HR.",)),
        ("Production starts in June.", ("comment: Dates to confirm.",)),
        ("Sales follow in July.", ()),
    ]
    done = subprocess.run([sys.executable, "-m", "l10n", "translate", "commented.docx", "--to", "zh", "--engine",
                           "pseudo", "-q"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    po = polib.pofile(str(tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "commented.po"))
    assert po.find("It will employ 120 people.").comment.splitlines()[-1] == \
        "comment (Jane Doe): Check the head count with HR."
    assert not any("comment" in e.comment for e in po if e.msgid in ("The plant opens in May.", "Sales follow in July."))


# Transitional → Strict names, as ISO/IEC 29500 Strict spells them; `_transitional` undoes it.
_TO_STRICT = re.compile(rb"http://schemas\.openxmlformats\.org/(wordprocessingml|drawingml|officeDocument)/2006/")
_TO_TRANSITIONAL = re.compile(rb"http://purl\.oclc\.org/ooxml/(wordprocessingml|drawingml|officeDocument)/")


def _strict(path: Path) -> Path:
    """The same document saved as Strict OOXML (Word's "Strict Open XML Document")."""
    out = path.with_name(path.stem + "-strict.docx")
    out.write_bytes(_repackaged(path.read_bytes(), lambda name, data: _TO_STRICT.sub(
        rb"http://purl.oclc.org/ooxml/\1/", data) if name.endswith((".xml", ".rels")) else data))
    return out


def _transitional(data: bytes) -> bytes:
    return _repackaged(data, lambda name, blob: _TO_TRANSITIONAL.sub(
        rb"http://schemas.openxmlformats.org/\1/2006/", blob) if name.endswith((".xml", ".rels")) else blob)


def _noted_and_boxed(path: Path) -> Path:
    """The noted release with a fact box after its last paragraph."""
    noted(path)
    document = docx.Document(str(path))
    document.add_paragraph()._p.append(_text_box_run())
    document.save(path)
    return path


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
def test_a_strict_document_is_read_and_written_back_in_strict_names(tmp_path, draft):
    transitional = _noted_and_boxed(tmp_path / "release.docx")
    strict = _strict(transitional)
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in zipfile.ZipFile(strict).read("word/document.xml")
    (document, units), (plain, expected) = _units(strict), _units(transitional)
    assert [(u.kind, u.text, u.line) for u in units] == [(u.kind, u.text, u.line) for u in expected]
    written = formats.write("docx", document, units, NOTES_ZH, "zh_CN", {}, draft=draft)
    reference = formats.write("docx", plain, expected, NOTES_ZH, "zh_CN", {}, draft=draft)
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():  # no Transitional name left in a part the writer changed
        assert not _TO_STRICT.search(data), name
    # part for part, the Strict release is the Transitional one in Strict names
    with zipfile.ZipFile(io.BytesIO(_transitional(written))) as mine, zipfile.ZipFile(io.BytesIO(reference)) as theirs:
        assert mine.namelist() == theirs.namelist()
        for name in mine.namelist():
            assert mine.read(name) == theirs.read(name), name
    out = tmp_path / "release.zh_CN.docx"
    out.write_bytes(written)
    again = [u.text for u in _units(out)[1]]
    assert NOTES_ZH[FOOTNOTE] in again and NOTES_ZH[ENDNOTE] in again and NOTES_ZH[BOX[1]] in again
    assert docx.Document(io.BytesIO(_transitional(written))).paragraphs[1].text == NOTES_ZH[
        "The study met its primary endpoint."]


def test_an_encrypted_document_is_refused_in_one_line_with_status_2(tmp_path):
    path = tmp_path / "release.docx"
    path.write_bytes(BAD["encrypted"][0](tmp_path))
    done = subprocess.run([sys.executable, "-m", "l10n", "segment", str(path)], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "password-protected" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_translated_notes_and_text_box_of_a_strict_release(tmp_path):
    strict = _strict(_noted_and_boxed(tmp_path / "release.docx"))
    document, units = _units(strict)
    out = tmp_path / "release.zh_CN.docx"
    out.write_bytes(formats.write("docx", document, units, NOTES_ZH, "zh_CN", {}))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180,
                   check=True)
    shown = unicodedata.normalize("NFKC", _pdf_text(tmp_path / "release.zh_CN.pdf"))
    for english, chinese in NOTES_ZH.items():
        assert set(chinese) - set(" ，。") <= set(shown), english
    assert FOOTNOTE not in shown and BOX[1] not in shown


# --- objects between a paragraph's words: note references, pictures ------------------------------

def _png(width: int = 24, height: int = 12) -> bytes:
    """A red picture as PNG: enough of one for python-docx and LibreOffice."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xc0\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


OBJECT_SENTENCE = "The study met its primary endpoint<x1/> and the logo <x2/> sits here."


def objects(path: Path) -> Path:
    """A release whose first sentence holds a footnote reference and an inline picture between its words."""
    document = docx.Document()
    document.add_paragraph("Corvanta Therapeutics Reports Positive Phase 2 Results", style="Title")
    paragraph = document.add_paragraph("The study met its primary endpoint")
    _reference(paragraph, "footnote", 2)
    paragraph.add_run(" and the logo ")
    paragraph.add_run().add_picture(io.BytesIO(_png()), width=Pt(24))
    paragraph.add_run(" sits here. The trial goes on.")
    document.save(path)
    return _with_notes(path, _separators("footnote") + _note("footnote", 2, "<w:r><w:tab/></w:r>", FOOTNOTE))


def _sequence(p) -> list[str]:
    """A paragraph's words and objects in order: each run's text, `⟨footnote⟩`, `⟨picture⟩`, `⟨equation⟩`."""
    found = []
    for run in p.iter(W + "r", MATH + "oMath"):
        if run.tag == MATH + "oMath":
            found.append("⟨equation⟩")
            continue
        for child in run:
            if child.tag == W + "footnoteReference":
                found.append("⟨footnote⟩")
            elif child.tag == W + "drawing":
                found.append("⟨picture⟩")
            elif child.tag == W + "t" and child.text:
                if found and not found[-1].startswith("⟨"):
                    found[-1] += child.text
                else:
                    found.append(child.text)
    return found


def test_objects_between_words_are_empty_codes_of_their_sentence(tmp_path):
    _, units = _units(objects(tmp_path / "objects.docx"))
    assert [(u.text, u.codes) for u in units[1:]] == [
        (OBJECT_SENTENCE, (("x1", "footnote 1"), ("x2", "picture 2"))), ("The trial goes on.", ()), (FOOTNOTE, ())]


# (a translation of OBJECT_SENTENCE, the paragraph's words and objects in the localized file)
PLACED_OBJECTS = [
    ("研究达到了主要终点<x1/>，标志<x2/>在此。", ["研究达到了主要终点", "⟨footnote⟩", "，标志", "⟨picture⟩", "在此。试验继续。"]),
    ("标志<x2/>在此，研究<x1/>达到了主要终点。", ["标志", "⟨picture⟩", "在此，研究", "⟨footnote⟩", "达到了主要终点。试验继续。"]),
    # a lost code: its object goes after the text rather than nowhere; one written twice comes once
    ("研究达到了主要终点<x1/>，标志在此。", ["研究达到了主要终点", "⟨footnote⟩", "，标志在此。试验继续。", "⟨picture⟩"]),
    ("研究<x1/>达到了主要终点<x1/>，标志<x2/>在此。", ["研究", "⟨footnote⟩", "达到了主要终点，标志", "⟨picture⟩", "在此。试验继续。"]),
    # tags that do not nest are written as words, objects after them
    ("研究</b>达到了<x1/>主要终点<x2/>。", ["研究达到了主要终点。试验继续。", "⟨footnote⟩", "⟨picture⟩"]),
]


@pytest.mark.parametrize(("translation", "sequence"), PLACED_OBJECTS,
                         ids=["in-place", "moved", "lost", "twice", "broken"])
def test_each_object_is_written_where_its_code_stands(tmp_path, translation, sequence):
    document, units = _units(objects(tmp_path / "objects.docx"))
    data = formats.write("docx", document, units, {OBJECT_SENTENCE: translation, "The trial goes on.": "试验继续。"},
                         "zh_CN", {})
    paragraph = docx.Document(io.BytesIO(data)).paragraphs[1]._p
    assert _sequence(paragraph) == sequence
    # the objects are the source's own, once each: the reference keeps its superscript run format
    assert [r.get(qn("w:id")) for r in paragraph.iter(W + "footnoteReference")] == ["2"]
    reference = next(paragraph.iter(W + "footnoteReference")).getparent()
    assert reference.find(f"{W}rPr/{W}vertAlign").get(qn("w:val")) == "superscript"
    assert len(list(paragraph.iter(W + "drawing"))) == 1


MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
EQUATION = ('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>ORR=42%</m:t>'
            '</m:r></m:oMath>')


def equation(path: Path) -> Path:
    """A release whose sentence holds an equation (Word's m:oMath, beside the runs) between its words."""
    document = docx.Document()
    document.add_paragraph("Corvanta Therapeutics Reports Positive Phase 2 Results", style="Title")
    paragraph = document.add_paragraph("The response rate was ")
    paragraph._p.append(etree.fromstring(EQUATION))
    paragraph.add_run(" in the treated group.")
    document.save(path)
    return path


def test_an_equation_between_words_is_an_empty_code_written_where_the_translation_puts_it(tmp_path):
    document, units = _units(equation(tmp_path / "equation.docx"))
    assert [(u.text, u.codes) for u in units[1:]] == [("The response rate was <x1/> in the treated group.",
                                                      (("x1", "equation 1"),))]
    data = formats.write("docx", document, units, {units[1].text: "治疗组的缓解率为<x1/>。"}, "zh_CN", {})
    paragraph = docx.Document(io.BytesIO(data)).paragraphs[1]._p
    assert _sequence(paragraph) == ["治疗组的缓解率为", "⟨equation⟩", "。"]
    assert [t.text for t in paragraph.iter(MATH + "t")] == ["ORR=42%"]


def test_a_release_with_objects_comes_back_the_same_through_translate_and_build(tmp_path):
    objects(tmp_path / "objects.docx")
    done = subprocess.run([sys.executable, "-m", "l10n", "translate", "objects.docx", "--to", "zh", "--engine",
                           "pseudo", "-q"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    po = polib.pofile(str(tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "objects.po"))
    assert "<x1/>" in po.find(OBJECT_SENTENCE).msgstr and "<x2/>" in po.find(OBJECT_SENTENCE).msgstr
    written = (tmp_path / "out" / "objects.zh_CN.docx").read_bytes()
    sequence = _sequence(docx.Document(io.BytesIO(written)).paragraphs[1]._p)
    assert [item for item in sequence if item.startswith("⟨")] == ["⟨footnote⟩", "⟨picture⟩"]
    words = [inline.strip(part) for part in re.split(r"<x\d/>", po.find(OBJECT_SENTENCE).msgstr)]
    assert sequence[:4] == [words[0], "⟨footnote⟩", words[1], "⟨picture⟩"]
    again = subprocess.run([sys.executable, "-m", "l10n", "translate", "objects.docx", "--to", "zh", "--engine",
                            "pseudo", "-q"], capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "out" / "objects.zh_CN.docx").read_bytes() == written


def test_a_catalog_made_before_objects_were_codes_still_merges(tmp_path):
    """The sentence read before without its objects (`logo  sits`) is the fuzzy previous msgid of the one
    with codes; its reviewed translation is kept for the reviewer, and the objects are written after it."""
    objects(tmp_path / "objects.docx")
    old = "The study met its primary endpoint and the logo  sits here."
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=old, msgstr="研究达到了主要终点，标志在此。", occurrences=[("objects.docx", "2")]))
    (tmp_path / "locales" / "zh_CN" / "LC_MESSAGES").mkdir(parents=True)
    po.save(str(tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "objects.po"))
    done = subprocess.run([sys.executable, "-m", "l10n", "translate", "objects.docx", "--to", "zh", "--engine",
                           "pseudo", "-q"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    entry = polib.pofile(str(tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / "objects.po")).find(OBJECT_SENTENCE)
    assert (entry.msgstr, entry.previous_msgid, "fuzzy" in entry.flags) == ("研究达到了主要终点，标志在此。", old, True)
    assert "markup missing: <x1/> <x2/>" in entry.comment
    written = docx.Document(tmp_path / "out" / "objects.zh_CN.docx").paragraphs[1]._p
    assert [item for item in _sequence(written) if item.startswith("⟨")] == ["⟨footnote⟩", "⟨picture⟩"]


@pytest.mark.parametrize("build", [objects], ids=["objects"])
def test_identity_translation_keeps_every_object_in_its_place(tmp_path, build):
    source = build(tmp_path / "source.docx")
    document, units = _units(source)
    data = formats.write("docx", document, units, {}, "en", {})
    assert _sequence(docx.Document(io.BytesIO(data)).paragraphs[1]._p) == _sequence(
        docx.Document(source).paragraphs[1]._p)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_picture_between_the_translated_words(tmp_path):
    document, units = _units(objects(tmp_path / "objects.docx"))
    (tmp_path / "objects.zh_CN.docx").write_bytes(formats.write("docx", document, units, {
        OBJECT_SENTENCE: "研究达到了主要终点<x1/>，标志<x2/>在此。"}, "zh_CN", {}))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "objects.zh_CN.docx")], capture_output=True, timeout=180, check=True)
    text = _pdf_text(tmp_path / "objects.zh_CN.pdf")
    assert "研究达到了主要终点1，标志" in text.replace(" ", "")  # the note's number right after its words


# --- public Word files nobody here wrote (tests/data/wild/docx) --------------------------------

WILD = Path(__file__).resolve().parent / "data" / "wild" / "docx"
WILD_EXPECTED = json.loads((WILD / "expected.json").read_text(encoding="utf-8"))
PSEUDO_END = "~]"  # the pseudo engine closes each translation with tildes and a bracket


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", inline.strip(text)).split())


def test_every_wild_file_has_its_expectations_and_its_source():
    sources = (WILD / "SOURCES.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in WILD.glob("*.docx"))
    assert files == sorted(WILD_EXPECTED)
    assert all(f"| {name} |" in sources for name in files)
    assert sum(p.stat().st_size for p in WILD.iterdir()) <= 2 * 2**20


@pytest.mark.parametrize("name", sorted(WILD_EXPECTED))
def test_wild_units_hold_the_document_text_once_and_no_comment(name):
    _, units = _units(WILD / name)
    texts = [_flat(u.text) for u in units]
    expected = WILD_EXPECTED[name]
    for present in expected["present"]:
        assert any(_flat(present) in text for text in texts), present
    for absent in expected["absent"]:
        assert not any(_flat(absent) in text for text in texts), absent
    for once in expected.get("once", []):  # a text box Word saved twice
        assert sum(_flat(once) in text for text in texts) == 1, once


@pytest.fixture(scope="module")
def wild_pseudo(tmp_path_factory) -> Path:
    """The corpus translated into Chinese with the pseudo engine by the command line, in a project of its own."""
    project = tmp_path_factory.mktemp("wild-docx")
    for path in WILD.glob("*.docx"):
        shutil.copy(path, project / path.name)
    done = subprocess.run([sys.executable, "-m", "l10n", "translate", ".", "--to", "zh", "--engine", "pseudo", "-q"],
                          capture_output=True, text=True, cwd=project)
    assert done.returncode == 0, done.stderr
    return project


def _notes_and_boxes(data: bytes) -> list[tuple[str, str]]:
    """(where, text) of each paragraph of the notes and text boxes (every alternative), in order."""
    found = []
    with zipfile.ZipFile(io.BytesIO(_transitional(data))) as archive:
        for name in sorted(archive.namelist()):
            if not re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
                continue
            root = etree.fromstring(archive.read(name))
            notes = [n for n in root
                     if n.tag in (W + "footnote", W + "endnote") and n.get(W + "type") in (None, "normal")]
            found += [(name, "".join(t.text or "" for t in p.iter(W + "t")))
                      for holder in [*notes, *root.iter(W + "txbxContent")] for p in holder.iter(W + "p")
                      if next(p.iterancestors(W + "txbxContent", W + "footnote", W + "endnote")) is holder]
    return found


@pytest.mark.parametrize("name", sorted(WILD_EXPECTED))
def test_wild_release_is_written_with_its_notes_and_text_boxes_translated(wild_pseudo, name):
    source = (wild_pseudo / name).read_bytes()
    data = (wild_pseudo / "out" / name.replace(".docx", ".zh_CN.docx")).read_bytes()
    docx.Document(io.BytesIO(_transitional(data)))  # python-docx opens it (in Transitional names, for Strict)
    before, after = _notes_and_boxes(source), _notes_and_boxes(data)
    assert [where for where, _ in after] == [where for where, _ in before]
    for (where, english), (_, written) in zip(before, after):
        if any(c.isalpha() for c in english):
            assert PSEUDO_END in written, (where, english, written)
    with zipfile.ZipFile(wild_pseudo / name) as original, zipfile.ZipFile(io.BytesIO(data)) as localized:
        if "word/comments.xml" in original.namelist():  # comments kept as they were, each anchor once
            assert localized.read("word/comments.xml") == original.read("word/comments.xml")
            for anchor in (b"commentRangeStart", b"commentReference"):
                pattern = re.compile(rb"<w:" + anchor + rb' w:id="(\d+)"')
                assert sorted(pattern.findall(localized.read("word/document.xml"))) == sorted(
                    pattern.findall(original.read("word/document.xml")))


# --- charts, diagrams (SmartArt) and WordArt -----------------------------------------------------

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
CX = "{http://schemas.microsoft.com/office/drawing/2014/chartex}"
GRAPHICS = ["docx4j-chart.docx", "libreoffice-chart.docx", "smartart-process.docx", "openxml-office2016-sunburst.docx"]


def _drawn(data: bytes) -> list[tuple[str, str]]:
    """(part, text) of every text a chart or a diagram draws: rich-text paragraphs, text strings, the
    data model's nodes and the drawing Word renders of them."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if not re.fullmatch(r"word/(charts/chart|charts/chartEx|diagrams/data|diagrams/drawing)\d+\.xml", name):
                continue
            root = etree.fromstring(archive.read(name))
            found += [(name, "".join(t.text or "" for t in p.iter(A + "t"))) for p in root.iter(A + "p")
                      if "chart" not in name or next(p.iterancestors(C + "rich", C + "txPr"), None) is not None]
            found += [(name, v.text or "") for v in root.iter(C + "v")
                      if v.getparent().tag == C + "tx" or v.getparent().getparent().tag in (C + "strCache", C + "lvl")]
            found += [(name, v.text or "") for v in root.iter(CX + "v", CX + "pt")  # an Office 2016 chart's
                      if v.getparent().tag == CX + "txData" or v.getparent().getparent().tag == CX + "strDim"]
    return [(name, text) for name, text in found if any(c.isalpha() for c in text)]


def test_a_chart_and_a_diagram_are_read_where_they_are_drawn(tmp_path):
    _, units = _units(WILD / "libreoffice-chart.docx")
    assert [u.text for u in units] == [
        "Corvanta Therapeutics Completes Enrolment in Phase 2 Trial",
        "The chart below shows enrolment at each trial site.",
        "Patients enrolled by site", "Active treatment", "Boston", "Seoul", "Shanghai", "Placebo", "Boston", "Seoul",
        "Shanghai", "Trial site", "Number of patients", "Enrolment was completed ahead of schedule."]
    assert {u.kind for u in units[2:13]} == {"body"}  # a chart's labels are words, never headings
    _, units = _units(WILD / "smartart-process.docx")
    assert [u.text for u in units] == [
        "Corvanta Therapeutics Outlines Its Phase 2 Plan", "The trial will proceed in three steps.", "Screen patients",
        "Dose the first cohort", "Report topline data", "Enrolment starts in May."]
    assert [u.kind for u in units[2:5]] == ["body"] * 3


@pytest.mark.parametrize("name", GRAPHICS)
def test_wild_charts_and_diagrams_are_written_translated_in_data_and_drawing(wild_pseudo, name):
    source = (wild_pseudo / name).read_bytes()
    data = (wild_pseudo / "out" / name.replace(".docx", ".zh_CN.docx")).read_bytes()
    before, after = _drawn(source), _drawn(data)
    assert before and [where for where, _ in after] == [where for where, _ in before]
    assert all(PSEUDO_END in written for _, written in after), after
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"word/(charts/chart|diagrams/(data|drawing))\d+\.xml", name):
                root = etree.fromstring(archive.read(name))
                runs = [r for r in root.iter(A + "r") if any(c.isalpha() for c in r.findtext(A + "t") or "")]
                assert all(r.find(A + "rPr").get("lang") == "zh-CN" and r.find(f"{A}rPr/{A}ea").get("typeface")
                           == "Microsoft YaHei" for r in runs)


@pytest.mark.parametrize("name", GRAPHICS)
def test_identity_translation_rebuilds_the_units_of_charts_and_diagrams(tmp_path, name):
    document, units = _units(WILD / name)
    out = tmp_path / name
    out.write_bytes(formats.write("docx", document, units, {}, "en", {}))
    assert [(u.kind, u.text) for u in _units(out)[1]] == [(u.kind, u.text) for u in units]
    assert [text for _, text in _drawn(out.read_bytes())] == [text for _, text in _drawn((WILD / name).read_bytes())]
    assert formats.write("docx", document, units, {}, "en", {}) == out.read_bytes()


SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _workbook(data: bytes) -> tuple[list[str], list[str]]:
    """The shared strings and the table column names of docx4j-chart.docx's embedded workbook."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = archive.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        strings = etree.fromstring(archive.read("xl/sharedStrings.xml"))
        table = etree.fromstring(archive.read("xl/tables/table1.xml"))
    return ([t.text for t in strings.iter(SHEET + "t")], [c.get("name") for c in table.iter(SHEET + "tableColumn")])


# (how each chart string is translated, the workbook's strings and column names after): a workbook
# whose table would get two columns of one name stays English (Excel would call it damaged)
WORKBOOKS = [
    (lambda text: text.replace("Series", "系列").replace("Category", "类别"),
     (["系列 1", "系列 2", "系列 3", "类别 1", "类别 2", "类别 3", "类别 4", " ",
       "To resize chart data range, drag lower right corner of range."], [" ", "系列 1", "系列 2", "系列 3"])),
    (lambda text: "系列" if text.startswith("Series") else text, None),
]


@pytest.mark.parametrize(("translated", "after"), WORKBOOKS, ids=["translated", "clashing"])
def test_a_charts_embedded_workbook_says_what_the_chart_says(translated, after):
    document, units = _units(WILD / "docx4j-chart.docx")
    data = formats.write("docx", document, units, {u.text: translated(u.text) for u in units}, "zh_CN", {})
    before = _workbook((WILD / "docx4j-chart.docx").read_bytes())
    assert _workbook(data) == (after or before)


def _wordart(path: Path) -> Path:
    """A release whose headline is legacy WordArt (Word 2003's VML text path) and whose text box says
    its words again, in other paragraphs, in its VML fallback."""
    document = docx.Document()
    document.add_paragraph()._p.append(parse_xml(
        f'<w:r {_DECLARED}><w:pict><v:shape id="WordArt 1" type="#_x0000_t136" style="width:300pt;height:40pt">'
        '<v:textpath style="font-family:&quot;Arial Black&quot;" string="Corvanta Opens Its Plant"/></v:shape>'
        '</w:pict></w:r>'))
    document.add_paragraph("The plant opens in May.")
    document.add_paragraph()._p.append(_different_fallback_run())
    document.save(path)
    return path


def _different_fallback_run():
    """A shape whose DrawingML text box has two paragraphs and whose VML fallback has three: a blank
    one first, then the two, the second in other words (a fallback saved before an edit)."""
    first, second = BOX
    paragraphs = f"<w:p><w:r><w:t>{first}</w:t></w:r></w:p><w:p><w:r><w:t>{second}</w:t></w:r></w:p>"
    fallback = (f"<w:p/><w:p><w:r><w:t>{first}</w:t></w:r></w:p><w:p><w:r><w:t>Founded in 2019.</w:t></w:r></w:p>")
    return parse_xml(
        f'<w:r {_DECLARED}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" '
        'distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="2743200" '
        'cy="914400"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="2" name="Text Box 2"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        '<wps:spPr/><wps:txbx><w:txbxContent>' + paragraphs + '</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="Text Box 2" '
        'style="position:absolute;width:216pt;height:72pt"><v:textbox><w:txbxContent>' + fallback +
        '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


WORDART_ZH = {"Corvanta Opens Its Plant": "Corvanta工厂开业", "The plant opens in May.": "工厂五月开业。", **NOTES_ZH}


def test_legacy_wordart_is_read_and_written_translated(tmp_path):
    document, units = _units(_wordart(tmp_path / "wordart.docx"))
    assert [u.text for u in units] == ["Corvanta Opens Its Plant", "The plant opens in May.", *BOX]
    data = formats.write("docx", document, units, WORDART_ZH, "zh_CN", {})
    body = docx.Document(io.BytesIO(data)).element.body
    assert [p.get("string") for p in body.iter("{urn:schemas-microsoft-com:vml}textpath")] == ["Corvanta工厂开业"]


def test_a_fallback_of_another_shape_is_translated_where_it_says_the_same_words(tmp_path):
    document, units = _units(_wordart(tmp_path / "wordart.docx"))
    data = formats.write("docx", document, units, WORDART_ZH, "zh_CN", {})
    body = docx.Document(io.BytesIO(data)).element.body
    choice, fallback = (next(body.iter(MC + tag)) for tag in ("Choice", "Fallback"))
    assert _texts(choice, "txbxContent") == [NOTES_ZH[BOX[0]], NOTES_ZH[BOX[1]]]
    # the blank paragraph stays blank; one in other words is not this text's, and stays as it was
    assert _texts(fallback, "txbxContent") == ["", NOTES_ZH[BOX[0]], "Founded in 2019."]
