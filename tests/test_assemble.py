from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from conftest import DATA, RELEASES, SEED

from l10n import assemble, formats, inline
from l10n.document import read
from l10n.segment import segment

ALL = [*RELEASES, SEED]


def cleaned(release, document) -> str:
    """The source without its page noise, read straight from the file's lines."""
    raw = re.split(r"\r\n|\r|\n", unicodedata.normalize("NFC", release.read_bytes().decode(document.encoding)))
    raw = [line.replace("\u00a0", " ").replace("\ufeff", "").rstrip() for line in raw]
    # how a continuation line joins the one above: a space, or nothing after a word hyphenated at
    # the line end (`off-the-` + `shelf`), the hyphen gone where the whole is a word (`medi-` + `cines`)
    joins = {line: block.text[offset - 1] for block in document.blocks
             for line, offset in zip(block.lines[1:], block.offsets[1:])}
    covered = sorted({line for block in document.blocks for line in block.lines})
    text, last = "", None
    for line in covered:
        if last is None:
            text = raw[line - 1]
        elif line in joins:
            before = joins[line]
            text = (text + " " if before == " " else text if before == "-" else text[:-1]) + raw[line - 1].strip()
        else:
            text += ("\n" if line == last + 1 else "\n\n") + raw[line - 1]
        last = line
    return text + "\n"


@pytest.mark.parametrize("release", ALL, ids=lambda p: p.stem)
def test_identity_translations_rebuild_the_cleaned_source(release):
    document = read(release)
    assert assemble.text(document, segment(document), {}, "en") == cleaned(release, document)


@pytest.mark.parametrize("release", ALL, ids=lambda p: p.stem)
def test_every_translation_appears_in_order(release):
    document = read(release)
    units = segment(document)
    translations = {text: f"«{i}»" for i, text in enumerate(dict.fromkeys(u.text for u in units))}
    out = assemble.text(document, units, translations, "zh_CN")
    assert [int(n) for n in re.findall(r"«(\d+)»", out)] == [int(translations[u.text][1:-1]) for u in units]
    assert "맑음" not in out and "Advertisement" not in out


def test_chinese_sentences_join_without_spaces_and_english_ones_with():
    document = read(SEED)
    units = segment(document)
    body = [u for u in units if u.block == units[2].block]
    zh = assemble.text(document, units, {u.text: f"句{i}。" for i, u in enumerate(body)}, "zh_CN")
    assert "句0。句1。句2。句3。" in zh
    ko = assemble.text(document, units, {u.text: f"문장{i}." for i, u in enumerate(body)}, "ko_KR")
    assert "문장0. 문장1. 문장2. 문장3." in ko


class Checker(HTMLParser):
    VOID = {"meta", "br"}

    def __init__(self):
        super().__init__()
        self.stack, self.lang, self.errors = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


@pytest.mark.parametrize("release", ALL, ids=lambda p: p.stem)
def test_html_page_is_well_formed_escaped_and_has_lang(release):
    document = read(release)
    units = segment(document)
    page = assemble.page(document, units, {units[0].text: "<士泽生物> & “首例”"}, "zh_CN")
    checker = Checker()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == [] and checker.lang == "zh-CN"
    assert "&lt;士泽生物&gt; &amp; “首例”" in page


def test_markdown_marks_title_headings_and_bullets():
    document = read(SEED)
    md = assemble.markdown(document, segment(document), {}, "en")
    assert md.startswith("# XellSmart Completed World's First")
    assert md.count("\n- ") == 3
    assert "**SUZHOU, China, July 28, 2025 --** XellSmart Biopharmaceutical" in md


NUMBERED_HEAD = "# Acme Reports Results\n\nBOSTON, March 3, 2026 -- Acme reported its results today, it said.\n\n"
NUMBERED = [
    # (release, format written, what it must hold): a number the source writes is kept
    ("release.md", NUMBERED_HEAD + "## 3. Results\n\nThe drug worked in most patients, the company said today.\n",
     "md", "## 3. Results\n"),
    ("release.md", NUMBERED_HEAD + "## 3. Results\n\nThe drug worked in most patients, the company said today.\n",
     "html", "<h2>3. Results</h2>"),
    ("release.txt", NUMBERED_HEAD[2:] + "1. Background\n\nThe trial enrolled patients.\n\n2. Results\n\nIt worked.\n",
     "md", "\n2. Results\n"),
    ("release.txt", NUMBERED_HEAD[2:] + "1. Background\n\nThe trial enrolled patients.\n\n2. Results\n\nIt worked.\n",
     "html", '<ol start="2">\n<li>Results</li>'),
]


@pytest.mark.parametrize(("name", "text", "fmt", "held"), NUMBERED,
                         ids=[f"{name}-{fmt}" for name, _, fmt, _ in NUMBERED])
def test_a_heading_or_list_number_written_in_the_source_is_kept(tmp_path, name, text, fmt, held):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    document = formats.read(path)
    written = assemble.RENDERERS[fmt](document, segment(document), {}, "en", False)
    assert held in written


# --- structured releases: Markdown in, Markdown / HTML / text out (issue 14) ------------------

MARKDOWN = DATA / "markdown"
MD_RELEASES = sorted(MARKDOWN.glob("*.md"))
CORVANTA_MD = MARKDOWN / "corvanta.md"
HANBIT_MD = MARKDOWN / "hanbit.md"
CRV = ("Corvanta Therapeutics, Inc. (Nasdaq: CRVT) today reported 52 weeks of follow-up from its Phase 1/2 trial of "
       "<b>CRV-101</b>, an iPSC-derived cell therapy for chronic spinal cord injury.")
LINK = "For more information, visit <a1>our website</a1>."
DATELINE = "BOSTON, March 3, 2026 /PRNewswire/ --"


def _commonmark():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _structure(markdown: str) -> list[tuple[str, ...]]:
    """Where each run of words of a Markdown file sits: the elements around it, outermost first."""
    stack, found = [], []
    for token in _commonmark().parse(markdown):
        if token.nesting == 1:
            stack.append(token.tag)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "inline" and any(c.type in ("text", "code_inline") and c.content.strip()
                                            for c in token.children or []):
            found.append(tuple(stack))
    return found


class _Strong(HTMLParser):
    """The text of every <strong> and <em> element of a page."""

    def __init__(self):
        super().__init__()
        self.open, self.found = [], {"strong": [], "em": []}

    def handle_starttag(self, tag, attrs):
        if tag in self.found:
            self.open.append((tag, ""))

    def handle_endtag(self, tag):
        if tag in self.found and self.open:
            self.found[tag].append(self.open.pop()[1])

    def handle_data(self, data):
        self.open = [(tag, text + data) for tag, text in self.open]


def _emphasis(markdown: str) -> dict[str, list[str]]:
    """What a CommonMark renderer shows bold and italic in `markdown`."""
    parser = _Strong()
    parser.feed(_commonmark().render(markdown))
    return parser.found


def _md(release=CORVANTA_MD):
    from l10n import formats

    document = formats.read(release)
    return document, segment(document)


@pytest.mark.parametrize("release", MD_RELEASES, ids=lambda p: p.stem)
def test_markdown_with_identity_translations_reads_back_to_the_same_units(release, tmp_path):
    from l10n import formats

    document, units = _md(release)
    again = tmp_path / release.name
    again.write_text(assemble.markdown(document, units, {}, "en"), encoding="utf-8")
    assert [(u.kind, u.text, u.codes) for u in segment(formats.read(again))] == [(u.kind, u.text, u.codes) for u in units]


@pytest.mark.parametrize("release", MD_RELEASES, ids=lambda p: p.stem)
def test_markdown_with_identity_translations_has_the_block_structure_of_the_source(release):
    document, units = _md(release)
    assert _structure(assemble.markdown(document, units, {}, "en")) == _structure(release.read_text(encoding="utf-8"))


def test_markdown_keeps_the_source_markup_and_hard_breaks():
    document, units = _md()
    md = assemble.markdown(document, units, {}, "en")
    assert md.startswith("# Corvanta Therapeutics Reports 52-Week Results")
    assert f"\n\n**{DATELINE}** Corvanta Therapeutics, Inc." in md and "trial of **CRV-101**, an" in md
    assert "\n\n> \"These results support" in md and "\n\n### About Corvanta Therapeutics\n\n" in md
    assert "visit [our website](https://www.corvanta.com/)." in md
    assert md.endswith("### Media Contact:\n\nCorvanta Therapeutics  \nLaura Kim  \npress@corvanta.com\n")


# (Chinese for the CRV-101 sentence, what CommonMark must show bold in it). CommonMark's `**`
# opens and closes only where it is flanking: next to Chinese punctuation it must become <strong>.
EMPHASIS = [
    ("其<b>CRV-101</b>的试验。", "CRV-101"),
    ("其 <b>CRV-101</b> 的试验。", "CRV-101"),
    ("<b>CRV-101</b>，一款细胞疗法。", "CRV-101"),
    ("其<b>“CRV-101”</b>疗法。", "“CRV-101”"),
    ("其<b>粗体。</b>后文", "粗体。"),
    ("其<b>CRV-101，</b>是", "CRV-101，"),
    ("其<b>(CRV-101)</b>的", "(CRV-101)"),
    ("其<b>营收*</b>之", "营收*"),  # a literal asterisk before the closing tag
    ("其<b>x_</b>之", "x_"),  # `_` is punctuation to CommonMark
]


@pytest.mark.parametrize(("translation", "bold"), EMPHASIS,
                         ids=["between-han", "spaced", "first", "quotes", "full-stop", "comma", "parens", "asterisk",
                              "underscore"])
def test_chinese_bold_is_bold_for_a_commonmark_renderer(translation, bold):
    document, units = _md()
    md = assemble.markdown(document, units, {CRV: translation}, "zh_CN")
    assert _emphasis(md)["strong"] == [DATELINE, bold]
    assert "**" not in _commonmark().render(md)


def test_chinese_italics_and_links_survive_commonmark():
    document, units = _md()
    subtitle = "<i>Nine of twelve patients improved in motor scores</i>"
    md = assemble.markdown(document, units, {subtitle: "<i>“十二名患者中九名”运动评分改善。</i>",
                                             LINK: "欲了解更多信息，请访问<a1>我们的网站</a1>。"}, "zh_CN")
    assert _emphasis(md)["em"] == ["“十二名患者中九名”运动评分改善。"]
    assert '请访问<a href="https://www.corvanta.com/">我们的网站</a>。' in _commonmark().render(md)


def test_html_page_puts_links_and_bold_on_the_translated_words_and_escapes_the_rest():
    document, units = _md()
    page = assemble.page(document, units, {LINK: "欲了解更多信息，请访问<a1>我们的网站</a1>。",
                                           CRV: "其<b>CRV-101</b> & p<0.05 的试验。"}, "zh_CN")
    assert '请访问<a href="https://www.corvanta.com/">我们的网站</a>。' in page
    assert "其<strong>CRV-101</strong> &amp; p&lt;0.05 的试验。" in page
    assert f'<span class="dateline"><strong>{DATELINE}</strong></span>' in page
    assert "<blockquote><p>&quot;These results" in page and "<h3>About Corvanta Therapeutics</h3>" in page
    checker = Checker()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == [] and checker.lang == "zh-CN"


def test_html_page_writes_a_markdown_table_as_a_table():
    document, units = _md(HANBIT_MD)
    page = assemble.page(document, units, {}, "en")
    assert page.count("<table>\n") == page.count("</table>\n") == 2
    assert ("<h2>Plant Facts</h2>\n<table>\n<tr><th>Item</th><th>Detail</th></tr>\n"
            "<tr><td>Floor area</td><td>5,000 square meters</td></tr>\n"
            "<tr><td>Clean rooms</td><td>eight ISO 7 suites</td></tr>\n</table>\n") in page
    assert "<tr><td>Media</td><td>Jiwon Park</td><td>media@hanbitbio.com</td></tr>\n</table>\n" in page
    assert ('<a href="https://www.hanbitbio.com/hb-204">HB-204 fact sheet</a> and the '
            '<a href="https://www.hanbitbio.com/news/2026-05-12">full announcement</a>') in page
    checker = Checker()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == []


def test_markdown_writes_a_table_as_a_gfm_table():
    document, units = _md(HANBIT_MD)
    md = assemble.markdown(document, units, {"Floor area": "面积", "Clean rooms": "洁净室"}, "zh_CN")
    assert ("## Plant Facts\n\n| Item | Detail |\n| --- | --- |\n| 面积 | 5,000 square meters |\n"
            "| 洁净室 | eight ISO 7 suites |\n\n") in md


# (a translation whose tags are wrong, the words each format shows instead)
BROKEN = [
    (CRV, "其</b>CRV-101<b>的试验。", "其CRV-101的试验。"),  # reversed
    (CRV, "其<b>CRV-101的试验。", "其CRV-101的试验。"),  # never closed
    (LINK, "请访问<a1>网站</a1>和<a2>博客</a2>。", None),  # a link the source does not have
]


@pytest.mark.parametrize(("unit", "translation", "words"), BROKEN)
def test_tags_that_do_not_nest_are_written_as_plain_text(unit, translation, words):
    document, units = _md()
    md = assemble.markdown(document, units, {unit: translation}, "zh_CN")
    page = assemble.page(document, units, {unit: translation}, "zh_CN")
    txt = assemble.text(document, units, {unit: translation}, "zh_CN")
    if words is None:  # the link the source has is kept, the other one dropped
        assert "请访问[网站](https://www.corvanta.com/)和博客。" in md
        assert '请访问<a href="https://www.corvanta.com/">网站</a>和博客。' in page
        assert "请访问网站和博客。" in txt
    else:
        assert _emphasis(md)["strong"] == [DATELINE] and f"** {words} All 12" in md
        assert f"</span> {words} All 12" in page and "<strong>CRV" not in page
        assert f"-- {words} All 12" in txt
    for out in (md, page, txt):
        assert "<b>" not in out and "</b>" not in out and "<a1>" not in out and "<a2>" not in out


CORVANTA_TXT = """\
Corvanta Therapeutics Reports 52-Week Results from Phase 1/2 Trial of CRV-101 in Spinal Cord Injury

Nine of twelve patients improved in motor scores

BOSTON, March 3, 2026 /PRNewswire/ -- Corvanta Therapeutics, Inc. (Nasdaq: CRVT) today reported 52 weeks of \
follow-up from its Phase 1/2 trial of CRV-101, an iPSC-derived cell therapy for chronic spinal cord injury. \
All 12 patients completed the 52-week visit.

- Motor scores improved in 9 of 12 patients.
- No treatment-related serious adverse events were reported.

"These results support moving CRV-101 into a registrational trial," said Helen Brooks, Chief Executive Officer of \
Corvanta Therapeutics.

About Corvanta Therapeutics

Corvanta Therapeutics, Inc. develops cell therapies for neurological injury. For more information, visit our website.

Media Contact:

Corvanta Therapeutics
Laura Kim
press@corvanta.com
"""


def test_text_output_of_a_markdown_release_has_no_tags():
    document, units = _md()
    assert assemble.text(document, units, {}, "en") == CORVANTA_TXT
    zh = assemble.text(document, units, {CRV: "其<b>CRV-101</b>的试验。", LINK: "请访问<a1>我们的网站</a1>。",
                                         f"<b>{DATELINE}</b>": "<b>波士顿2026年3月3日 /PRNewswire/ --</b>"}, "zh_CN")
    assert "波士顿2026年3月3日 /PRNewswire/ -- 其CRV-101的试验。 All 12" in zh and "请访问我们的网站。" in zh
    assert not inline.TAG.search(zh)


@pytest.mark.parametrize("release", MD_RELEASES, ids=lambda p: p.stem)
def test_no_format_writes_a_tag_of_the_catalog(release):
    document, units = _md(release)
    for render in (assemble.text, assemble.markdown, assemble.page):
        assert not inline.TAG.search(render(document, units, {}, "en")), render.__name__


ABOUT = "Corvanta Therapeutics, Inc. develops cell therapies for neurological injury."
QUOTE = ("\"These results support moving CRV-101 into a registrational trial,\" said Helen Brooks, Chief Executive "
         "Officer of Corvanta Therapeutics.")

# (unit, a translation that starts like Markdown block syntax or holds an entity, the words a reader must see)
LOOKALIKES = [
    (ABOUT, "2026. 3. 3. 기준 코르반타는 신경 손상 치료제를 개발한다.", "2026. 3. 3. 기준 코르반타는"),  # Korean date style
    (ABOUT, "+ 코르반타는 세포치료제를 개발한다.", "+ 코르반타는"),
    (ABOUT, "# 1 细胞疗法公司。", "# 1 细胞疗法公司。"),
    (QUOTE, "1) 这些结果支持推进试验。", "1) 这些结果支持推进试验。"),
    (ABOUT, "&copy; 2026 科尔万塔。", "&amp;copy; 2026 科尔万塔。"),
]


@pytest.mark.parametrize(("unit", "translation", "shown"), LOOKALIKES,
                         ids=["korean-date", "plus", "hash", "number-paren", "entity"])
def test_a_translation_that_looks_like_markdown_stays_words(unit, translation, shown):
    document, units = _md()
    md = assemble.markdown(document, units, {unit: translation}, "ko_KR")
    assert _structure(md) == _structure(assemble.markdown(document, units, {}, "en"))
    assert shown in _commonmark().render(md)


# (release, what its HTML page must hold: each element written as the element it was in the source)
ELEMENTS = [
    (CORVANTA_MD, "<p><em>Nine of twelve patients improved in motor scores</em></p>"),  # an italic paragraph, no <h2>
    (HANBIT_MD, ("<ol>\n<li>Supply HB-204 for the Phase 2 trial in Korea.</li>\n"
                 "<li>Start commercial production in 2027.</li>\n</ol>")),  # a numbered list stays numbered
]


@pytest.mark.parametrize(("release", "element"), ELEMENTS, ids=lambda x: getattr(x, "stem", "element"))
def test_html_page_writes_each_element_as_the_source_has_it(release, element):
    document, units = _md(release)
    assert element in assemble.page(document, units, {}, "en")


# A saved newswire page: the localized page, read back by the HTML reader, is the same article.
PAGES = sorted(p for p in (DATA / "html").glob("*.html") if not p.name.startswith("login"))


def _units_of(path):
    from l10n import formats

    return [(u.kind, u.text, u.codes) for u in segment(formats.read(path))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_an_html_release_rebuilt_with_identity_translations_reads_back_the_same(page, tmp_path):
    from l10n import formats

    document = formats.read(page)
    rebuilt = tmp_path / page.name
    rebuilt.write_text(assemble.page(document, segment(document), {}, "en"), encoding="utf-8")
    assert _units_of(rebuilt) == _units_of(page)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_an_html_release_pseudo_translated_is_a_page_with_every_link_and_element(page):
    import lxml.html

    from l10n import formats
    from l10n.engines import machine_drafts
    from l10n.engines.pseudo import PseudoTranslator

    document = formats.read(page)
    units = segment(document)
    texts = list(dict.fromkeys(u.text for u in units))
    drafts = machine_drafts(PseudoTranslator(), texts, [[] for _ in texts], "zh_CN")
    out = assemble.page(document, units, {t: d.text for t, d in zip(texts, drafts)}, "zh_CN")
    tree = lxml.html.fromstring(out)
    assert tree.get("lang") == "zh-CN"
    links = {value for u in units for tag, value in u.codes if tag.startswith("a")}
    assert links <= {a.get("href") for a in tree.iter("a")}
    same = lxml.html.fromstring(assemble.page(document, units, {}, "en"))
    assert [e.tag for e in tree.iter() if isinstance(e.tag, str)] == [e.tag for e in same.iter() if isinstance(e.tag, str)]


# --- a release page fit to publish (issue 17) -------------------------------------------------

PROJECT = SEED.parent.parent
PRNEWSWIRE = SEED.parent / "xellsmart-sci-first-dosing-prnewswire.html"


def _localized(release, locale):
    """The release's document, units and reviewed translations from the example's own catalogs."""
    from l10n import catalog, formats

    document = formats.read(release)
    po = catalog.read(catalog.catalog_path(PROJECT, release.stem, locale), locale)
    return document, segment(document), {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete}


@pytest.mark.parametrize("locale", ["zh_CN", "ko_KR"])
@pytest.mark.parametrize("release", [SEED, PRNEWSWIRE], ids=["text", "web-page"])
def test_the_page_is_fit_to_publish(release, locale):
    import lxml.html

    out = assemble.page(*_localized(release, locale), locale)
    tree = lxml.html.fromstring(out)
    title = tree.findtext(".//title")
    assert tree.get("lang") == locale.replace("_", "-") and title and tree.findtext(".//h1") == title
    assert tree.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]
    assert tree.xpath("//script") == [] and tree.xpath("//link") == [] and "url(" not in out
    style = tree.findtext(".//style")
    assert 'html:lang(zh) body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;' \
           "line-break:strict}" in style
    assert 'html:lang(ko) body{font-family:"Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR",sans-serif;' \
           "word-break:keep-all;line-break:strict}" in style
    assert "article{max-width:38em;" in style and "@page{size:A4;" in style
    dateline = tree.xpath("//span[@class='dateline']")[0].text_content()
    assert dateline.endswith(" --") and "2025" in dateline  # the wires' own ` -- `, in both languages


def test_a_text_release_links_its_addresses_and_writes_a_repeated_contact_paragraph_once():
    out = assemble.page(*_localized(SEED, "zh_CN"), "zh_CN")
    assert out.count('<a href="mailto:BD@xellsmart.com">BD@xellsmart.com</a>') == 1
    english = assemble.page(read(SEED), segment(read(SEED)), {}, "en")
    assert english.count("please contact: <a href=\"mailto:BD@xellsmart.com\">BD@xellsmart.com</a></p>") == 1


def test_a_web_page_keeps_its_own_links_and_paragraphs():
    out = assemble.page(*_localized(PRNEWSWIRE, "ko_KR"), "ko_KR")
    assert out.count('href="mailto:BD@xellsmart.com"') == 2  # the page says it twice, as the source does
    portal = DATA / "html" / "hanbit-korean-portal.html"
    from l10n import formats

    document = formats.read(portal)
    page = assemble.page(document, segment(document), {}, "en")
    assert "media@hanbitbio.example" in page and "mailto:media@hanbitbio.example" not in page


def test_contact_lines_are_one_address_block_set_apart():
    document = read(DATA / "review" / "corvanta.txt")
    out = assemble.page(document, segment(document), {}, "en")
    assert ('<address class="contact">Corvanta Therapeutics<br>\nLaura Kim<br>\n'
            '<a href="mailto:press@corvanta.com">press@corvanta.com</a></address>') in out
    assert "address.contact{" in out


# (words of a translation, the HTML the page writes for them): an address ends where ASCII does
LINKED = [
    ("请访问www.corvanta.com。", '请访问<a href="https://www.corvanta.com">www.corvanta.com</a>。'),
    ("www.corvanta.com을 방문하세요.", '<a href="https://www.corvanta.com">www.corvanta.com</a>을 방문하세요.'),
    ("write to press@corvanta.com.", 'write to <a href="mailto:press@corvanta.com">press@corvanta.com</a>.'),
    ("(see https://x.example/a?b=1&c=2)", '(see <a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2'
                                          "</a>)"),
    ("联系BD@xellsmart.com，", '联系<a href="mailto:BD@xellsmart.com">BD@xellsmart.com</a>，'),
    ("<b> & no address", "&lt;b&gt; &amp; no address"),
]


@pytest.mark.parametrize(("words", "written"), LINKED, ids=["zh-url", "ko-particle", "email", "query", "zh-email",
                                                            "escaped"])
def test_addresses_become_links_that_end_where_the_address_ends(words, written):
    assert assemble._linked(words) == written


def test_an_address_inside_the_sources_own_link_is_not_linked_twice():
    from l10n.model import Unit

    unit = Unit("x", "body", "Visit <a1>www.corvanta.com</a1> or www.other.example.", 0, 1,
                (("a1", "https://www.corvanta.com/"),))
    assert assemble._html_inline(unit.text, unit, autolink=True) == (
        'Visit <a href="https://www.corvanta.com/">www.corvanta.com</a> or '
        '<a href="https://www.other.example">www.other.example</a>.')


# --- the page in a real browser ------------------------------------------------------------

PAGE_STYLES = """
  const body = win.getComputedStyle(doc.body), dateline = doc.querySelector(".dateline");
  return {weight: win.getComputedStyle(dateline).fontWeight, wordBreak: body.wordBreak, lineBreak: body.lineBreak,
          family: body.fontFamily, measure: doc.querySelector("article").getBoundingClientRect().width,
          h1: doc.querySelector("h1").textContent, title: doc.title,
          mailto: doc.querySelectorAll("a[href^='mailto:']").length};
"""


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["zh_CN", "ko_KR"])
@pytest.mark.parametrize("release", [SEED, PRNEWSWIRE], ids=["text", "web-page"])
def test_the_page_in_chromium_has_the_locales_type_and_no_console_error(release, locale, tmp_path):
    from test_review import CHROMIUM, in_chromium

    if CHROMIUM is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    shown, console = in_chromium(assemble.page(*_localized(release, locale), locale), 1000, PAGE_STYLES, tmp_path)
    assert console == []
    assert shown["weight"] == "700" and shown["lineBreak"] == "strict"
    assert shown["wordBreak"] == ("keep-all" if locale == "ko_KR" else "normal")
    assert ("Noto Sans CJK KR" if locale == "ko_KR" else "Noto Sans CJK SC") in shown["family"]
    assert 600 < shown["measure"] < 700  # 38em of 17px: a readable measure on a wide screen
    assert shown["h1"] == shown["title"] and shown["mailto"] >= 1


@pytest.mark.slow
@pytest.mark.parametrize("width", [375, 1000])
@pytest.mark.parametrize("release", [SEED, PRNEWSWIRE], ids=["text", "web-page"])
def test_no_korean_word_breaks_across_lines_in_chromium(release, width, tmp_path):
    from test_review import CHROMIUM, KOREAN_WORDS, in_chromium

    if CHROMIUM is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    measured, console = in_chromium(assemble.page(*_localized(release, "ko_KR"), "ko_KR"), width, KOREAN_WORDS,
                                    tmp_path)
    assert console == [] and measured["width"] == width
    assert measured["words"] > 500 and measured["broken"] == []


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["zh_CN", "ko_KR", "en"])
def test_the_example_prints_on_two_a4_pages_at_most(locale, tmp_path):
    import subprocess

    from test_review import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    document, units, translations = _localized(SEED, "zh_CN" if locale == "en" else locale)
    page = tmp_path / "page.html"
    page.write_text(assemble.page(document, units, {} if locale == "en" else translations, locale), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=180)
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", data)
    assert 1 <= len(pages) <= 2
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45](?:\.\d+)? 84[12](?:\.\d+)?\s*\]", data)  # A4: 595 x 842 points


# --- a draft says it is one (issue 22) -------------------------------------------------------

# (locale, the notice its draft opens with): the locale's own language, Traditional characters
# for Taiwan and Hong Kong, Korean in notice style; English for a locale l10n has no notice in.
NOTICES = [
    ("zh_CN", "草稿：本译文尚未全部审校，请勿发布。"),
    ("zh_TW", "草稿：本譯文尚未全部審校，請勿發布。"),
    ("zh_HK", "草稿：本譯文尚未全部審校，請勿發布。"),
    ("ko_KR", "초안: 검토가 끝나지 않은 번역이다. 배포 금지."),
    ("ja_JP", "Draft: this translation has not been fully reviewed; do not publish."),
    ("en", "Draft: this translation has not been fully reviewed; do not publish."),
]
DRAFT_SOURCES = [SEED, PRNEWSWIRE, CORVANTA_MD]


def _written(release, fmt: str, locale: str, draft: bool) -> str:
    from l10n import formats

    document = formats.read(release)
    return formats.write(fmt, document, segment(document), {}, locale, draft=draft).decode("utf-8")


def test_each_locale_has_its_own_notice():
    from l10n.locale import DRAFT_NOTICES, draft_notice

    assert [draft_notice(locale)[1] for locale, _ in NOTICES] == [notice for _, notice in NOTICES]
    assert draft_notice("zh") == ("zh_CN", NOTICES[0][1]) and draft_notice("ja_JP")[0] == "en"
    assert not any("합니다" in notice for notice in DRAFT_NOTICES.values())


@pytest.mark.parametrize(("locale", "notice"), NOTICES, ids=[locale for locale, _ in NOTICES])
@pytest.mark.parametrize("release", DRAFT_SOURCES, ids=lambda p: p.suffix[1:])
def test_a_draft_text_release_opens_with_its_notice_and_a_blank_line(release, locale, notice):
    out, final = _written(release, "txt", locale, True), _written(release, "txt", locale, False)
    assert out == f"{notice}\n\n{final}"
    assert notice not in final and not final.startswith("Draft")


@pytest.mark.parametrize(("locale", "notice"), NOTICES, ids=[locale for locale, _ in NOTICES])
@pytest.mark.parametrize("release", DRAFT_SOURCES, ids=lambda p: p.suffix[1:])
def test_a_draft_markdown_release_opens_with_its_notice_as_a_bold_quotation(release, locale, notice):
    out, final = _written(release, "md", locale, True), _written(release, "md", locale, False)
    assert out == f"> **{notice}**\n\n{final}"
    assert _structure(out) == [("blockquote", "p"), *_structure(final)]
    assert _emphasis(out)["strong"][0] == notice and notice not in final


@pytest.mark.parametrize(("locale", "notice"), NOTICES, ids=[locale for locale, _ in NOTICES])
@pytest.mark.parametrize("release", DRAFT_SOURCES, ids=lambda p: p.suffix[1:])
def test_a_draft_page_has_a_banner_before_the_article_and_asks_not_to_be_indexed(release, locale, notice):
    import lxml.html

    draft, final = (lxml.html.fromstring(_written(release, "html", locale, d)) for d in (True, False))
    assert draft.xpath("//head/meta[@name='robots']/@content") == ["noindex"]
    banner = draft.xpath("/html/body/*[1]")[0]
    assert (banner.tag, banner.get("class"), banner.text_content()) == ("p", "draft", notice)
    assert banner.getnext().tag == "article"
    # the banner's language is the page's, except where the notice is English on a page that is not
    assert banner.get("lang") == ("en" if locale == "ja_JP" else None)
    assert final.xpath("//meta[@name='robots']") == [] and final.xpath("//*[@class='draft']") == []
    assert notice not in final.text_content()
    # the rest of the page is the final one
    assert [e.tag for e in draft.find("body/article").iter()] == [e.tag for e in final.find("body/article").iter()]


def test_the_banner_is_styled_for_screen_and_print_without_a_script():
    import lxml.html

    page = lxml.html.fromstring(_written(SEED, "html", "zh_CN", True))
    style = page.findtext(".//style")
    screen, printed = style.split("@media print{")
    assert ".draft{" in screen and "border:2px solid #b3261e" in screen and "font-weight:700" in screen
    assert "print-color-adjust:exact" in screen and ".draft{max-width:none;" in printed
    assert page.xpath("//script") == []


DRAFT_BANNER = """
  const banner = doc.querySelector(".draft"), h1 = doc.querySelector("h1"), style = win.getComputedStyle(banner);
  const box = banner.getBoundingClientRect();
  return {text: banner.textContent, color: style.color, weight: style.fontWeight, display: style.display,
          above: box.bottom <= h1.getBoundingClientRect().top, top: box.top, height: box.height,
          family: style.fontFamily};
"""


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["zh_CN", "ko_KR"])
def test_the_banner_shows_red_and_bold_above_the_headline_in_chromium(locale, tmp_path):
    from test_review import CHROMIUM, in_chromium

    if CHROMIUM is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    document, units, translations = _localized(PRNEWSWIRE, locale)
    shown, console = in_chromium(assemble.page(document, units, translations, locale, draft=True), 1000,
                                 DRAFT_BANNER, tmp_path)
    assert console == []
    assert shown["text"] == dict(NOTICES)[locale] and shown["display"] == "block"
    assert shown["color"] == "rgb(179, 38, 30)" and shown["weight"] == "700"
    assert shown["above"] and shown["top"] < 50 and shown["height"] > 20
    assert ("Noto Sans CJK KR" if locale == "ko_KR" else "Noto Sans CJK SC") in shown["family"]


@pytest.mark.slow
def test_a_draft_prints_its_banner_on_the_first_a4_page(tmp_path):
    import subprocess

    import pypdf

    from test_review import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    page = tmp_path / "page.html"
    page.write_text(assemble.page(*_localized(SEED, "zh_CN"), "zh_CN", draft=True), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=180)
    first = pypdf.PdfReader(str(pdf)).pages[0].extract_text()
    # NFKC: the font maps some Han characters to their Kangxi radicals (⽂ for 文)
    assert unicodedata.normalize("NFKC", first).splitlines()[0] == unicodedata.normalize("NFKC", dict(NOTICES)["zh_CN"])
