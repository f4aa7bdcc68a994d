"""The HTML reader (l10n/formats/html.py): a release found in a saved newswire or newsroom page.

Fixtures in tests/data/html are whole pages as a browser saves them; `<name>.expected.txt`
holds the release's paragraphs, one a line (a `<br>` line or a table cell on its own line),
the headline first. A translator can add a page: save it, write its expected lines, and the
parametrized tests below check it.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import random
import time
from pathlib import Path

import lxml.html
import pytest

from l10n import formats, inline
from l10n.document import read as read_text
from l10n.errors import L10nError
from l10n.formats import html
from l10n.segment import segment

DATA = Path(__file__).resolve().parent / "data"
PAGES = sorted(p for p in (DATA / "html").glob("*.html") if p.with_suffix(".expected.txt").exists())
NAMES = [p.stem for p in PAGES]


def page(name: str) -> Path:
    return DATA / "html" / f"{name}.html"


def expected(name: str) -> list[str]:
    return [line for line in page(name).with_suffix(".expected.txt").read_text(encoding="utf-8").splitlines() if line]


def key(text: str) -> str:
    return "".join(text.split())


def line_of(name: str, snippet: str) -> int:
    """The line of the page's source where `snippet` (ASCII) first stands."""
    data = page(name).read_bytes()
    at = data.index(snippet.encode("ascii"))
    return data.count(b"\n", 0, at) + 1


@functools.cache
def document(name: str):
    """The fixture read through the format dispatcher, as `l10n segment` reads it (once per test session)."""
    return formats.read(page(name))


def block(name: str, starts: str):
    return next(b for b in document(name).blocks if b.text.startswith(starts))


# --- the release, all of it and nothing else ------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_expected_paragraph_is_read_in_order(name):
    text = "".join(key(b.prefix + b.text) for b in document(name).blocks)
    at = 0
    for line in expected(name):
        found = text.find(key(line), at)
        assert found >= 0, f"missing or out of order: {line!r}"
        at = found + len(key(line))


@pytest.mark.parametrize("name", NAMES)
def test_every_block_is_part_of_the_release(name):
    lines = "".join(key(line) for line in expected(name))
    strays = [b.text for b in document(name).blocks if key(b.text) not in lines]
    assert strays == []


CHROME = [
    ("corvanta-prnewswire", "We use cookies"),  # cookie banner
    ("corvanta-prnewswire", "Send a Release"),  # header navigation
    ("corvanta-prnewswire", "Share this article"),
    ("corvanta-prnewswire", "News provided by"),
    ("corvanta-prnewswire", "Also from this source"),  # related news
    ("corvanta-prnewswire", "Corvanta Therapeutics Appoints Chief Medical Officer"),
    ("corvanta-prnewswire", "WANT YOUR COMPANY'S NEWS"),  # promotion after the release's SOURCE line
    ("corvanta-prnewswire", "Cision Distribution"),  # footer
    ("kestrel-businesswire", "This website uses cookies"),
    ("kestrel-businesswire", "Eastern Standard Time"),  # the page's timestamp
    ("kestrel-businesswire", "More News From"),
    ("kestrel-businesswire", "Social Media Profiles"),
    ("kestrel-businesswire", "Business Wire, Inc."),
    ("aurora-globenewswire", "We use cookies"),
    ("aurora-globenewswire", "Source: Aurora"),  # byline
    ("aurora-globenewswire", "Related Links"),
    ("aurora-globenewswire", "Subscribe via RSS"),
    ("aurora-globenewswire", "Alzheimer's Disease"),  # tags
    ("hanbit-korean-portal", "맑음"),  # weather widget
    ("hanbit-korean-portal", "로그인"),  # Korean navigation
    ("hanbit-korean-portal", "광고"),  # ad label inside the article
    ("hanbit-korean-portal", "Advertisement"),
    ("hanbit-korean-portal", "Courtesy of Hanbit"),  # photo caption
    ("hanbit-korean-portal", "Korean iPSC developers"),  # related articles
    ("hanbit-korean-portal", "저작권자"),  # copyright line
    ("meridian-newsroom", "Manage Cookie Consent"),
    ("meridian-newsroom", "Posted on"),
    ("meridian-newsroom", "Share this"),  # share widget inside the article's content
    ("meridian-newsroom", "Series B"),  # related posts inside the article's content
    ("meridian-newsroom", "Recent News"),  # sidebar
    ("meridian-newsroom", "Sign up for news"),
    ("meridian-newsroom", "All rights reserved"),
]


@pytest.mark.parametrize(("name", "chrome"), CHROME)
def test_page_chrome_is_left_out(name, chrome):
    assert not [b.text for b in document(name).blocks if chrome in b.text]


@pytest.mark.parametrize("name", NAMES)
def test_what_was_left_out_is_listed(name):
    dropped = document(name).dropped
    assert dropped and all(d.reason and d.line > 0 and "\n" not in d.text for d in dropped)
    assert [d.line for d in dropped] == sorted(d.line for d in dropped)


def test_the_reasons_name_what_was_left_out():
    reasons = {d.text: d.reason for d in document("corvanta-prnewswire").dropped}
    assert reasons["Sign In"] == "navigation"
    assert reasons["Share this article"] == "share_bar"
    assert reasons["Also from this source"] == "related"
    assert next(r for t, r in reasons.items() if t.startswith("We use cookies")) == "cookie_banner"
    assert reasons["440k+ Newsrooms & Influencers"] == "after_end"
    assert reasons["News provided by"] == "outside_article"
    assert {d.text: d.reason for d in document("kestrel-businesswire").dropped}[
        "March 04, 2026 07:00 AM Eastern Standard Time"] == "timestamp"
    assert {d.text: d.reason for d in document("meridian-newsroom").dropped}["###"] == "end_mark"
    aurora = {d.text: d.reason for d in document("aurora-globenewswire").dropped}
    assert (aurora["Subscribe via RSS"], aurora["Tags"]) == ("newsletter", "taxonomy")


def test_every_reason_of_the_reader_says_what_it_drops():
    """`segment --explain` prints each rule's evidence: every reason the reader gives has one."""
    reasons = {d.reason for name in NAMES for d in document(name).dropped} | {r.name for r in html.CHROME_RULES}
    reader_reasons = reasons - set(formats.evidence(Path("x.txt")))
    assert reader_reasons <= set(html.REASONS) and all(html.REASONS.values())


# --- structure ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_headline_is_the_title_block(name):
    blocks = document(name).blocks
    assert (blocks[0].kind, blocks[0].text, blocks[0].tag) == ("title", expected(name)[0], "h1")
    assert [b.kind for b in blocks].count("title") == 1


DATELINES = [
    ("corvanta-prnewswire", "BOSTON, March 3, 2026 /PRNewswire/ --", "Corvanta Therapeutics, Inc. (Nasdaq: CRVT)"),
    ("kestrel-businesswire", "SAN DIEGO--(BUSINESS WIRE)--", "Kestrel Therapeutics, Inc. (Nasdaq: KSTL)"),
    ("aurora-globenewswire", "CAMBRIDGE, Mass., March 12, 2026 (GLOBE NEWSWIRE) --", "Aurora Neurosciences, Inc."),
    ("hanbit-korean-portal", "SEOUL, South Korea, March 4, 2026 /PRNewswire/ --", "Hanbit Biologics Co., Ltd."),
    ("meridian-newsroom", "SOUTH SAN FRANCISCO, Calif., Jan. 20, 2026 —", "Meridian Neurotherapeutics, Inc., a"),
]


@pytest.mark.parametrize(("name", "dateline", "opens"), DATELINES)
def test_the_dateline_is_its_own_block(name, dateline, opens):
    blocks = document(name).blocks
    index = next(i for i, b in enumerate(blocks) if b.kind == "dateline")
    assert blocks[index].text == dateline
    assert blocks[index + 1].kind == "body" and blocks[index + 1].text.startswith(opens)
    assert blocks[index].node == blocks[index + 1].node  # both from the same <p>


SUBHEADLINES = [
    ("corvanta-prnewswire", "All 12 patients completed the 52-week visit; motor scores improved in 9 of 12"),
    ("kestrel-businesswire", "KT-301 slowed decline on the ALSFRS-R by 38% versus placebo at 24 weeks"),
    ("kestrel-businesswire", "Company to host conference call today at 8:30 a.m. ET"),
    ("hanbit-korean-portal", "The Phase 2 trial will enroll 60 patients at five hospitals in Seoul and Osong"),
]


@pytest.mark.parametrize(("name", "text"), SUBHEADLINES)
def test_subheadlines_in_the_page_header_are_kept(name, text):
    assert block(name, text).kind == "heading"


def test_the_headline_is_the_h1_above_the_article_when_the_page_titles_differ():
    data = page("kestrel-businesswire").read_bytes()
    data = data.replace(b'og:title" content="Kestrel Therapeutics Announces', b'og:title" content="Kestrel: ASCEND')
    data = data.replace(b"<title>Kestrel Therapeutics Announces Positive Topline Results from Phase 2 ASCEND Trial of "
                        b"KT-301 in ALS | Business Wire</title>", b"<title>Business Wire</title>")
    document_ = html.read(data, Path("page.html"), "en", None)
    assert [b.text[:24] for b in document_.blocks[:3]] == [
        "Kestrel Therapeutics Ann", "KT-301 slowed decline on", "Company to host conferen"]
    assert document_.notes == ()


def test_a_page_wrapped_in_one_form_is_read():
    """ASP.NET pages put the whole body in a <form>: chrome by its tag, but it holds the article."""
    data = page("kestrel-businesswire").read_bytes().replace(b'<body class="bw-release">', b'<body><form id="aspnetForm" '
                                                             b'method="post">').replace(b"</body>", b"</form></body>")
    document_ = html.read(data, Path("page.html"), "en", None)
    assert [b.text for b in document_.blocks] == [b.text for b in document("kestrel-businesswire").blocks]


def test_list_items_are_bullets():
    items = [b for b in document("meridian-newsroom").blocks if b.tag in ("li", "ol")]
    assert [(b.kind, b.tag, b.prefix) for b in items] == [("bullet", "ol", f"{n}. ") for n in (1, 2, 3)]  # an <ol>
    assert items[0].text == "the safety and tolerability of two dose levels of MNT-210;"


def test_headings_of_the_page_are_headings():
    assert block("corvanta-prnewswire", "About Corvanta").kind == "heading"
    assert block("corvanta-prnewswire", "About Corvanta").tag == "h2"
    assert block("kestrel-businesswire", "About KT-301").kind == "heading"  # a bold <p>, by the text rules
    assert block("kestrel-businesswire", "Contacts").kind == "heading"  # left out by trafilatura, a sibling of the contacts


def test_a_blockquote_is_a_paragraph():
    quote = block("meridian-newsroom", "“Dosing the first patient")
    assert (quote.kind, quote.tag) == ("body", "blockquote")


def test_a_quotations_footer_is_not_page_chrome():
    data = page("meridian-newsroom").read_bytes().replace(
        b"made it possible.&#8221;</p></blockquote>",
        b"made it possible.&#8221;</p><footer>Priya Natarajan, Chief Executive Officer</footer></blockquote>")
    texts = [b.text for b in html.read(data, Path("page.html"), "en", None).blocks]
    assert "Priya Natarajan, Chief Executive Officer" in texts


# --- inline markup -------------------------------------------------------------------------

MARKS = [
    ("corvanta-prnewswire", "BOSTON", "b", "BOSTON, March 3, 2026 /PRNewswire/ --", ""),
    ("corvanta-prnewswire", "Corvanta Therapeutics, Inc. (Nasdaq", "a", "CRVT",
     "https://www.prnewswire.com/news/corvanta-therapeutics%2C-inc./"),
    ("corvanta-prnewswire", "Two patients", "i", "independent", ""),
    ("corvanta-prnewswire", "The full data set", "a", "Asia Spine Congress 2026", "https://www.asia-spine.example/2026"),
    ("corvanta-prnewswire", "press@", "a", "press@corvanta.com", "mailto:press@corvanta.com"),
    ("kestrel-businesswire", "SAN DIEGO", "a", "BUSINESS WIRE", "https://www.businesswire.com/"),
    ("kestrel-businesswire", "KT-301 slowed decline on the ALS Functional", "b", "38%", ""),
    ("kestrel-businesswire", "Kestrel Therapeutics Announces", "b",
     "Kestrel Therapeutics Announces Positive Topline Results from Phase 2 ASCEND Trial of KT-301 in ALS", ""),
    # relative to the page's canonical URL
    ("aurora-globenewswire", "The complete financial statements", "a", "attachment",
     "https://www.globenewswire.com/news-release/2026/03/12/3041177/0/en/attachments/AURN-Q4-2025-financial-statements.pdf"),
    ("aurora-globenewswire", "AURORA-2 topline", "b", "AURORA-2 topline results:", ""),
    ("hanbit-korean-portal", "\"The approval", "b", "GMP facility in Osong", ""),
    # relative to <base href>
    ("meridian-newsroom", "MNT-210 uses", "a", "NeuroShuttle®", "https://www.meridian-neuro.example/science/capsid-platform/"),
    ("meridian-newsroom", "MNT-210 uses", "sup", "®", ""),
    ("meridian-newsroom", "Meridian Neurotherapeutics, Inc., a", "i", "GBA1", ""),
    ("meridian-newsroom", "First gene therapy", "i", "First gene therapy to target the GBA1 pathway delivered through a "
     "single intravenous infusion", ""),
]


@pytest.mark.parametrize(("name", "starts", "tag", "words", "value"), MARKS)
def test_marks_are_on_the_right_words(name, starts, tag, words, value):
    found = block(name, starts)
    assert (words, value) in [(found.text[m.start:m.end], m.value) for m in found.marks if m.tag == tag]


def test_a_javascript_link_is_text_without_a_link():
    found = block("meridian-newsroom", "Details of the trial")
    links = [found.text[m.start:m.end] for m in found.marks if m.tag == "a"]
    assert links == ["ClinicalTrials.gov (NCT07012345)"]
    assert "Watch the video" in found.text


def test_a_unit_shows_its_marks_as_tags():
    units = segment(document("corvanta-prnewswire"))
    dateline = next(u for u in units if u.kind == "dateline")
    assert dateline.text == "<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>"
    first = units[units.index(dateline) + 1]
    assert first.text.startswith("Corvanta Therapeutics, Inc. (Nasdaq: <a1>CRVT</a1>) today reported")
    assert first.codes == (("a1", "https://www.prnewswire.com/news/corvanta-therapeutics%2C-inc./"),)


# --- tables and line breaks ------------------------------------------------------------------


def test_table_cells_are_td_blocks_with_their_row():
    blocks = document("aurora-globenewswire").blocks
    cells = [b for b in blocks if b.tag == "td"]
    assert len(cells) == 2 + 4 + 4 * 5  # two headers over the years, the years, four lines of five
    rows = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell.text)
    assert list(rows.values())[2] == ["Research and development", "$ 38,214", "$ 29,588", "$ 141,907", "$ 112,345"]
    assert list(rows) == sorted(rows) and len(rows) == 6


def test_a_contact_table_is_cells_of_one_row():
    cells = [b for b in document("kestrel-businesswire").blocks if b.tag == "td"]
    assert [(c.text, c.row - cells[0].row) for c in cells] == [
        ("Domestic:", 0), ("1-877-555-0190", 0), ("International:", 1), ("1-412-555-0176", 1),
        ("Conference ID:", 2), ("7315524", 2)]


CONTACTS = [
    ("corvanta-prnewswire", "Media Contact:", ["Corvanta Therapeutics", "Laura Kim", "press@corvanta.com"]),
    ("kestrel-businesswire", "Contacts", ["Media", "Jane Park", "media@kestreltx.example", "+1 858-555-0143",
                                          "Investors", "Daniel Cho", "ir@kestreltx.example"]),
    ("aurora-globenewswire", "Investor Contact:", ["Mark Davis", "LifeSci Advisors, LLC",
                                                   "mdavis@lifesci-advisors.example", "(617) 555-0199"]),
    ("hanbit-korean-portal", "Media Contact:", ["Soo-jin Lee", "Hanbit Biologics Co., Ltd.", "+82-2-555-0199",
                                                "media@hanbitbio.example"]),
    # after the end mark `###`, in the cells of a table
    ("meridian-newsroom", "Media Contact", ["Tom Reyes", "media@meridian-neuro.example", "+1 650-555-0117"]),
]


@pytest.mark.parametrize(("name", "heading", "lines"), CONTACTS)
def test_br_lines_of_a_contact_block_are_contact_blocks(name, heading, lines):
    blocks = document(name).blocks
    index = next(i for i, b in enumerate(blocks) if b.text == heading)
    assert blocks[index].kind == "heading"
    following = blocks[index + 1:index + 1 + len(lines)]
    assert [(b.kind, b.text) for b in following] == [("contact", line) for line in lines]


def test_br_lines_outside_a_contact_block_stay_lines_of_one_paragraph():
    """The text rules join short lines into a paragraph; the block's offsets keep where each <br> line starts."""
    found = block("aurora-globenewswire", "Aurora Neurosciences, Inc. Condensed")
    assert [found.text[start:] for start in found.offsets] == [
        "Aurora Neurosciences, Inc. Condensed Consolidated Statements of Operations (in thousands, except per share "
        "data) (unaudited)",
        "Condensed Consolidated Statements of Operations (in thousands, except per share data) (unaudited)",
        "(in thousands, except per share data) (unaudited)",
        "(unaudited)"]


# --- source lines ----------------------------------------------------------------------------

LINES = [
    ("corvanta-prnewswire", "Corvanta Therapeutics Reports", "<h1>Corvanta"),
    ("corvanta-prnewswire", "BOSTON, March 3", "<p><b>BOSTON"),
    ("corvanta-prnewswire", "Motor scores improved", "<p>Motor scores"),
    ("corvanta-prnewswire", "MRI showed", "<li>MRI showed"),
    ("corvanta-prnewswire", "About Corvanta", "<h2>About Corvanta"),
    ("corvanta-prnewswire", "Laura Kim", "Laura Kim<br>"),  # a <br> line: its own line
    ("kestrel-businesswire", "Kestrel Therapeutics Announces", "<h1 class"),
    ("kestrel-businesswire", "Contacts", "<h2>Contacts"),
    ("kestrel-businesswire", "International:", "<td class=\"bwvertalignt bwpadl0\"><p>International:"),
    ("hanbit-korean-portal", "Hanbit Biologics Receives", "<h3 class=\"heading\">"),
    ("hanbit-korean-portal", "About Hanbit", "<p><strong>About Hanbit"),
    ("meridian-newsroom", "“Dosing the first", "<blockquote>"),
    ("aurora-globenewswire", "Net loss per share", "<td style=\"vertical-align: bottom ; \">Net loss per share"),
]


@pytest.mark.parametrize(("name", "starts", "snippet"), LINES)
def test_lines_point_at_the_source(name, starts, snippet):
    assert block(name, starts).line == line_of(name, snippet)


def test_units_carry_the_source_lines():
    units = segment(document("kestrel-businesswire"))
    unit = next(u for u in units if u.text.startswith("Neurofilament light chain"))
    assert unit.line == line_of("kestrel-businesswire", "<li>Neurofilament")


# --- the same release as text and as a page ------------------------------------------------


def test_the_page_holds_the_units_of_the_text_release():
    """tests/data/review/corvanta.txt is the same release pasted as text: its units, markup
    aside, come out of the page in the same order (the page adds a list and a sentence)."""
    text_units = [(u.kind, u.text) for u in segment(read_text(DATA / "review" / "corvanta.txt"))]
    page_units = iter((u.kind, inline.strip(u.text)) for u in segment(document("corvanta-prnewswire")))
    missing = [unit for unit in text_units if unit not in page_units]
    assert missing == []


def test_segment_json_works_through_the_format_dispatcher():
    document_ = formats.read(page("hanbit-korean-portal"))
    units = segment(document_)
    out = json.dumps({"source": str(document_.source), "encoding": document_.encoding,
                      "units": [dataclasses.asdict(u) for u in units],
                      "dropped": [dataclasses.asdict(d) for d in document_.dropped]}, ensure_ascii=False)
    back = json.loads(out)
    assert back["encoding"] == "cp949" and document_.format == "html"
    assert [u["kind"] for u in back["units"]][:3] == ["title", "heading", "dateline"]
    assert back["units"][0]["line"] == line_of("hanbit-korean-portal", "<h3 class=\"heading\">")


# --- encodings -------------------------------------------------------------------------------


def test_the_page_charset_is_honoured():
    document_ = document("hanbit-korean-portal")
    assert (document_.encoding, document_.encoding_guessed) == ("cp949", False)


def test_without_a_charset_the_encoding_is_detected():
    data = page("hanbit-korean-portal").read_bytes().replace(b' charset=euc-kr"', b'"')
    document_ = html.read(data, Path("page.html"), "en", None)
    assert document_.encoding_guessed and document_.encoding == "cp949"
    assert document_.blocks[0].text.startswith("Hanbit Biologics Receives")


def test_encoding_option_wins_over_the_page():
    data = page("hanbit-korean-portal").read_bytes().replace(b"charset=euc-kr", b"charset=utf-8")
    assert html.read(data, Path("page.html"), "en", "cp949").encoding == "cp949"


def test_a_bom_wins_over_the_meta_charset():
    data = b"\xef\xbb\xbf" + page("corvanta-prnewswire").read_bytes().replace(b'charset="utf-8"', b'charset="euc-kr"')
    data = data.replace(b"Laura Kim", "Laura Kim 김".encode("utf-8"))
    assert "Laura Kim 김" in [b.text for b in html.read(data, Path("page.html"), "en", None).blocks]


def test_an_xhtml_page_with_an_xml_declaration_is_read():
    data = page("corvanta-prnewswire").read_bytes()
    data = b'<?xml version="1.0" encoding="utf-8"?>\n' + data[data.index(b"\n") + 1:]
    document_ = html.read(data, Path("page.html"), "en", None)
    assert document_.blocks[0].text.startswith("Corvanta Therapeutics Reports")


# --- refusals: one line saying what to do -------------------------------------------------------

ARTICLE = b"<p>" + b"Corvanta Therapeutics today reported results from its trial. " * 6 + b"</p>"
INDEX = (b"<html><head><title>News</title></head><body><main><h1>Press releases</h1><ul>"
         + b"".join(b"<li><a href='/n/%d'>Company %d announces positive results from a Phase 2 trial of drug %d</a> "
                    b"<span>March 3, 2026</span></li>" % (i, i, i) for i in range(30)) + b"</ul></main></body></html>")

REFUSALS = [
    ("login page", page("login-page").read_bytes(), None, "no article found in this page; save the release's own page"),
    ("index of links", INDEX, None, "no article found in this page"),
    ("only chrome", b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
                    b"<footer><p>Copyright 2026 Example Media. All rights reserved.</p></footer></body></html>",
     None, "no article found in this page"),
    ("text release", (DATA / "review" / "corvanta.txt").read_bytes(), None,
     "holds no HTML markup; if it is the release's text, save it with a .txt name"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", None, "is a PDF file, not a web page"),
    ("docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + b"\x00" * 40, None, "is a zip file (a .docx?), not a web page"),
    ("binary", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, None, "is a binary file, not a web page"),
    ("bad bytes for its charset", b'<html><head><meta charset="utf-8"></head>\n<body>\n<p>Caf\xe9</p>' + ARTICLE, None,
     "byte 0xe9 is not valid utf-8, the charset the page declares; pass --encoding"),
    ("bad bytes for --encoding", b"<html><body><p>\xff\xfe\xfd</p></body></html>", "utf-8",
     "byte 0xff is not valid utf-8; check --encoding"),
    ("empty", b"  \n\t\n", None, "the file is empty"),
]


@pytest.mark.parametrize(("data", "encoding", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refusals_are_one_line(data, encoding, message):
    with pytest.raises(L10nError) as caught:
        html.read(data, Path("release.html"), "en", encoding)
    assert message in caught.value.message
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("release.html:")


def test_the_charset_error_names_the_line():
    data = b'<html><head><meta charset="utf-8"></head>\n<body>\n<p>Caf\xe9</p>' + ARTICLE
    with pytest.raises(L10nError) as caught:
        html.read(data, Path("release.html"), "en", None)
    assert caught.value.line == 3


def test_the_login_page_is_refused_through_the_dispatcher():
    with pytest.raises(L10nError, match="no article found"):
        formats.read(page("login-page"))


# --- bad and hostile pages ----------------------------------------------------------------------


def test_broken_markup_is_read_with_a_note():
    data = page("corvanta-prnewswire").read_bytes().replace(b"patients, and no", b"patients, <b>and no</p>", 1)
    document_ = html.read(data, Path("page.html"), "en", None)
    assert any("markup is broken" in note for note in document_.notes)
    assert any(b.text.startswith("Motor scores improved in 9 of 12 patients, and no") for b in document_.blocks)


def test_a_page_without_a_headline_element_takes_its_title_with_a_note():
    data = b"<html><head><title>Acme Bio Doses First Patient in Phase 1 Trial | Acme News</title></head><body>" + ARTICLE
    document_ = html.read(data, Path("page.html"), "en", None)
    assert (document_.blocks[0].kind, document_.blocks[0].text) == ("title", "Acme Bio Doses First Patient in Phase 1 Trial | Acme News")
    assert any("no headline" in note for note in document_.notes)


def test_entities_of_a_doctype_are_not_expanded():
    bomb = (b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body>' + ARTICLE + b"<p>&c;&c;&c;</p></body></html>")
    try:
        document_ = html.read(bomb, Path("page.html"), "en", None)
    except L10nError:
        return
    assert all("aaaaaaaaaa" not in b.text for b in document_.blocks)


def test_deep_nesting_is_bounded():
    data = b"<html><body>" + b"<div>" * 50_000 + ARTICLE + b"</div>" * 50_000 + b"</body></html>"
    start = time.perf_counter()
    try:
        html.read(data, Path("page.html"), "en", None)
    except L10nError:
        pass
    assert time.perf_counter() - start < 10


def test_a_page_repeating_a_few_short_lines_is_aligned_in_linear_time():
    """`<br>` lines of a few words repeated all through a page, some dropped by the extractor: the
    exact alignment took each line's repeats for each line (quadratic: 20,000 lines took 22 s); past
    ALIGN_WORK it takes about 8 times as long for 8 times the lines."""
    def timed(count: int) -> float:
        pick = random.Random(count)
        lines = [" ".join(pick.choices(WORDS, k=pick.randint(0, 2))) or "x" for _ in range(count)]
        page = a_page("<p>" + "<br>".join(lines) + "</p>")
        start = time.perf_counter()
        read_page(page)
        return time.perf_counter() - start

    timed(100)  # the extractor's imports
    small = min(timed(1_000) for _ in range(2))
    assert timed(8_000) < 24 * max(small, 0.02)


WORDS = "acme bio reported results trial patients phase data company said today the of and in to".split()


def test_scripts_styles_and_hidden_text_are_not_text():
    data = (b"<html><head><title>Acme Bio Reports Results</title><style>p{color:red}</style></head><body><article>"
            b"<h1>Acme Bio Reports Results</h1>" + ARTICLE.replace(b"</p>", b"<script>var x = 1;</script>"
            b"<span style='display:none'>HIDDEN</span><span class='sr-only'>(opens in a new tab)</span>"
            b"<noscript>Enable JavaScript</noscript></p>") + b"</article></body></html>")
    text = " ".join(b.text for b in html.read(data, Path("page.html"), "en", None).blocks)
    assert "var x" not in text and "HIDDEN" not in text and "opens in" not in text and "JavaScript" not in text


def test_whitespace_collapses_as_a_browser_shows_it():
    data = (b"<html><head><title>Acme Bio Reports Results</title></head><body><article><h1>Acme Bio Reports Results</h1>"
            b"<p>\n  Acme   Bio <b> today </b>\n reported   results\tfrom its Phase 2 trial of AB-1 in 120 patients "
            b"with early disease, the company said on Tuesday.  <br>\n  Second   line of the same paragraph. </p>"
            + ARTICLE + b"</article></body></html>")
    blocks = html.read(data, Path("page.html"), "en", None).blocks
    assert blocks[1].text == ("Acme Bio today reported results from its Phase 2 trial of AB-1 in 120 patients with early "
                              "disease, the company said on Tuesday.")
    assert [blocks[1].text[m.start:m.end] for m in blocks[1].marks] == ["today"]
    # a long sentence line ends its paragraph (the text rules), so the <br> line is a block of its own
    assert blocks[2].text == "Second line of the same paragraph."


@pytest.mark.parametrize("scheme", ["jav&#x09;ascript", "java&#x0A;script", "java&#13;script", " javascript",
                                    "JAVASCRIPT", "data"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_no_release_written_from_a_page_holds_a_script_link(tmp_path, scheme, fmt):
    from typer.testing import CliRunner

    from l10n.cli import app

    source = tmp_path / "page.html"
    source.write_text(page("meridian-newsroom").read_text(encoding="utf-8").replace(
        'href="javascript:void(0)"', f'href="{scheme}:alert(document.cookie)"'), encoding="utf-8")
    result = CliRunner().invoke(app, ["translate", str(source), "--to", "zh", "--engine", "pseudo", "--format", fmt,
                                      "-q", "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out" / f"page.zh_CN.{fmt}").read_text(encoding="utf-8")
    assert "alert(" not in written and "script:" not in written.lower().replace("\n", "").replace("\t", "")
    assert "https://clinicaltrials.example/study/NCT07012345" in written


# --- pages from the wild: tests/data/wild/html (sources and licences in its SOURCES.md) ------------

WILD = DATA / "wild" / "html"
WILD_EXPECTED = json.loads((WILD / "expected.json").read_text(encoding="utf-8"))
# Chrome that still leaks: none of it has markup of its own to go by (a <p> or <em> inside the
# article's element, no class), so only a rule on the text could take it out.
def norm(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def wild(name: str) -> str:
    """The release read from a wild page, as a reader of the localized release sees it: each
    block's layout prefix (`1. `) before its text, whitespace collapsed."""
    read = formats.read(WILD / name)
    return norm(" ".join(block.prefix + block.text for block in read.blocks))


def wild_cases(kind: str) -> list:
    return [pytest.param(name, text, id=f"{name}:{text[:40]}")
            for name in sorted(WILD_EXPECTED) for text in WILD_EXPECTED[name][kind]]


@pytest.mark.parametrize(("name", "text"), wild_cases("present"))
def test_a_wild_page_keeps_its_article(name, text):
    assert norm(text) in wild(name)


@pytest.mark.parametrize(("name", "text"), wild_cases("absent"))
def test_a_wild_page_leaves_its_chrome_out(name, text):
    assert norm(text) not in wild(name)


def test_the_wild_corpus_is_small_and_sourced():
    pages = sorted(p.name for p in WILD.glob("*.html"))
    assert pages == sorted(WILD_EXPECTED) and 20 <= len(pages) <= 40
    assert sum(p.stat().st_size for p in WILD.iterdir()) <= 4 * 2**20
    sources = (WILD / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"| {name} | " in sources for name in pages)


# --- what the wild pages taught, each on a page written here --------------------------------------

SENTENCE = "Acme Bio today reported positive results from its Phase 2 trial of AB-1 in 120 patients with early disease."
NAV = b"<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a> <a href='/contact'>Contact</a></nav>"


def a_page(body: str, head: str = "", title: str = "Acme Bio Reports Positive Phase 2 Results") -> bytes:
    return (f"<html><head><title>{title}</title>{head}</head><body>".encode() + NAV
            + f"<article><h1>{title}</h1>{body}</article>".encode()
            + b"<footer><p>Copyright 2026 Acme Bio. All rights reserved.</p></footer></body></html>")


def read_page(data: bytes):
    return html.read(data, Path("page.html"), "en", None)


def texts(data: bytes) -> list[str]:
    return [block.prefix + block.text for block in read_page(data).blocks]


def reasons(data: bytes) -> dict[str, str]:
    return {d.text: d.reason for d in read_page(data).dropped}


BLOGGER_POST = (
    "<div class='post-body entry-content'><div class='separator' style='clear: both; text-align: center;'><a "
    "href='https://blog.example/ocean.jpg'><img src='ocean.jpg'></a></div><div style='text-align: center;'><span "
    "style='color: #666666;'>Ocean Villa</span></div>Acme Hotels (NYSE: ACM) announced the opening of <b>Ocean "
    "Villa</b> recently as part of its Collection, the first branded property in the region under the Collection.<br />"
    "<i>\"We are pleased to bring the Collection to the island,\"</i> said Jane Doe, Group President.<br /><br />"
    "<b>Guestrooms</b><br />The 51 villas and 63 guest rooms reflect the natural beauty of the island, with subtle earth "
    "tones and ocean views.<br /><br />"
    "<b>Dining and Drinking</b><br /><a href='https://acme.example/ocean'>Ocean Villa</a> features four dining venues "
    "suited for different occasions, from an all-day restaurant to a beach club.<br /><br />Read more: <a "
    "href='/2019/05/another-opening.html'>Acme opens a second resort in the south</a></div>")


def test_paragraphs_parted_by_br_br_are_read_as_paragraphs():
    """A Blogger post (and a hotel's press page on it): the whole article is one <div> whose
    paragraphs are parted by `<br><br>`; the extractor cuts it into paragraphs. Read before as
    one element matching none of them: `no article found`."""
    found = texts(a_page(BLOGGER_POST, "<link rel='canonical' href='https://blog.example/2019/05/ocean.html'>"))
    assert found[1].startswith("Acme Hotels (NYSE: ACM) announced the opening")
    assert "Dining and Drinking" in found and "Guestrooms" in found
    assert any(t.startswith("Ocean Villa features four dining venues") for t in found)


def test_a_line_after_br_br_is_judged_on_its_own():
    data = a_page(BLOGGER_POST, "<link rel='canonical' href='https://blog.example/2019/05/ocean.html'>")
    assert reasons(data)["Read more: Acme opens a second resort in the south"] == "site_link"
    assert not any("second resort" in t for t in texts(data))


CONTACT_LINES = (
    "Investor Relations: <a href='/investors'>Investor page</a>",
    "Media contact: <a href='mailto:press@acme.example'>press@acme.example</a>",
    "Investors: <a href='https://acme.example/investors/'>Events and presentations</a>",
)


@pytest.mark.parametrize("line", CONTACT_LINES, ids=["section of the site", "mailto", "absolute address"])
def test_a_release_line_linking_a_section_of_its_site_is_kept(line):
    """A label and one link to a section of the newsroom's site, in the release's body, is the
    release's: `site_link` needs a link to another story (dropped before: any page of the site)."""
    data = a_page(f"<p>{SENTENCE}</p><p>{SENTENCE.replace('120', '240')}</p><p>{line}</p>",
                  "<link rel='canonical' href='https://acme.example/news/results.html'>")
    shown = lxml.html.fromstring(line).text_content()
    assert shown in texts(data)
    assert shown not in reasons(data)


@pytest.mark.parametrize(("line", "story"), [
    ("Read more: <a href='/2019/05/another-opening.html'>Acme opens a second resort in the south</a>", True),
    ("Related: <a href='/weirdest-galaxies.html'>The 15 Weirdest Galaxies</a>", True),
    ("Related Roundup: <a href='/roundup/macbook-pro/'>MacBook Pro</a>", True),
    ("Buyer's Guide: <a href='https://buyers.acme.example/#Retina_MacBook_Pro'>MacBook Pro (Buy Now)</a>", True),
    ("Investor Relations: <a href='/investors'>Investor page</a>", False),
    ("Investors: <a href='/investor-relations'>Events and presentations</a>", False),
    ("Learn more: <a href='/products'>Our products and our pipeline</a>", False),
    ("Read more: <a href='/news/other'>Acme Bio raises $80 million</a>", True),
    ("Read more: <a href='/acme-raises-80-million'>Acme Bio raises $80 million</a>", True),
    ("Investors: <a href='/investor-relations'>Events and presentations for investors</a>", False),
])
def test_a_story_is_known_by_its_link(line, story):
    link = lxml.html.fromstring(line).find(".//a")
    assert html._story_link(link.text_content(), link.get("href")) is story


def test_a_cell_or_item_keeps_its_br_br_lines_together():
    """A table cell or a list item is one unit of its table or list, whatever `<br><br>` it holds."""
    data = a_page(f"<p>{SENTENCE}</p><table><tr><td>Media<br><br>Jane Doe</td><td>jane@acme.example</td></tr></table>"
                  f"<p>{SENTENCE}</p>")
    cells = [b for b in read_page(data).blocks if b.tag == "td"]
    assert [c.text for c in cells] == ["Media", "Jane Doe", "jane@acme.example"]
    assert cells[0].node == cells[1].node != cells[2].node and len({c.row for c in cells}) == 1


def test_an_article_only_in_noscript_is_read():
    """A page whose text shows only without scripts (Google's Blogger blogs): refused before."""
    body = (f"<div class='post'><script type='text/template'></script><noscript><p>{SENTENCE}</p>"
            f"<p>{SENTENCE.replace('120', '240')}</p><p>Enable JavaScript to comment.</p></noscript></div>")
    found = texts(a_page(body))
    assert found[1:3] == [SENTENCE, SENTENCE.replace("120", "240")]


def test_noscript_stays_out_where_the_page_has_an_article():
    found = " ".join(texts(a_page(f"<p>{SENTENCE}</p><noscript><p>Please enable JavaScript to view the comments "
                                  f"powered by Disqus.</p></noscript><p>{SENTENCE}</p>")))
    assert "JavaScript" not in found


def test_paragraphs_set_in_headings_are_an_article():
    """A CMS that sets every paragraph in an <h2> (The Local): refused before as having no prose."""
    body = "".join(f"<h2>{SENTENCE.replace('120', str(n))}</h2>" for n in (120, 140, 160))
    assert texts(a_page(body))[1:] == [SENTENCE, SENTENCE.replace("120", "140"), SENTENCE.replace("120", "160")]


@pytest.mark.parametrize("control", ["&#1;", "&#x1F;", "&#8;", "\x02", "&#12;"])
def test_control_characters_never_make_a_page_unreadable(control):
    """`&#1;` inside an href: lxml will not copy it, so the extractor saw no page ("no article found")."""
    body = (f"<p>{SENTENCE}</p><p title='a{control}b'>See <a href='https://acme.example/dat{control}a'>the data</a> "
            f"and the{control} results.</p><p>{SENTENCE}</p>")
    document_ = read_page(a_page(body))
    link = next(b for b in document_.blocks if b.text.startswith("See the data"))
    assert [m.value for m in link.marks if m.tag == "a"] == ["https://acme.example/data"]
    assert all(ord(c) >= 32 for b in document_.blocks for c in b.text)


def test_an_elementor_page_is_not_chrome():
    """Elementor wraps every text block in `elementor-widget-container`: not chrome (refused before)."""
    body = "".join(f"<div class='elementor-widget-container'><p>{SENTENCE}</p></div>" for _ in range(3))
    assert texts(a_page(body))[1:] == [SENTENCE] * 3


CHROME_PAGE = (
    f"<p>{SENTENCE}</p>"
    "<div class='mc4wp-form'><p>Sign up for our newsletter and never miss a release from Acme Bio again, it is free."
    "</p></div><div class='saboxplugin-wrap'><p>Jane Doe is a science writer who has covered biotechnology for Acme "
    "since 2015.</p></div><section class='editorial-disclosure'><p>This post contains references to products from "
    "one or more of our advertisers, who may pay us when you buy.</p></section>"
    "<div class='post-share-buttons'><a href='https://x.example/share'>Share on X</a></div>"
    "<div class='jp-relatedposts'><p><a href='/news/other'>Acme Bio raises $80 million in a Series C round</a></p></div>"
    f"<p>{SENTENCE.replace('120', '240')}</p>"
    "<p>Category : <a href='https://acme.example/category/press-releases/'>Press Releases</a></p>"
    "<p>View original content to download multimedia: <a href='https://acme.example/news/results.html'>"
    "https://acme.example/news/results.html</a></p>")
CHROME_HEAD = "<link rel='canonical' href='https://acme.example/news/results.html'>"


@pytest.mark.parametrize(("text", "rule"), [
    ("Sign up for our newsletter and never miss a release from Acme Bio again, it is free.", "newsletter"),
    ("Jane Doe is a science writer who has covered biotechnology for Acme since 2015.", "author_box"),
    ("This post contains references to products from one or more of our advertisers, who may pay us when you buy.",
     "disclosure"),
    ("Share on X", "share_bar"),
    ("Acme Bio raises $80 million in a Series C round", "related"),
    ("Category : Press Releases", "taxonomy"),
    ("View original content to download multimedia: https://acme.example/news/results.html", "site_link"),
])
def test_newsroom_boilerplate_is_dropped_by_a_named_rule(text, rule):
    data = a_page(CHROME_PAGE, CHROME_HEAD)
    assert reasons(data)[text] == rule
    assert text not in texts(data)


def test_segment_lists_each_dropped_line_with_its_rule(tmp_path):
    from typer.testing import CliRunner

    from l10n.cli import app

    source = tmp_path / "page.html"
    source.write_bytes(a_page(CHROME_PAGE, CHROME_HEAD))
    result = CliRunner().invoke(app, ["segment", str(source), "--explain"])
    assert result.exit_code == 0, result.output
    for rule in ("newsletter", "author_box", "disclosure", "share_bar", "related", "taxonomy", "site_link"):
        assert f"\n{rule} (" in result.output
    assert html.REASONS["author_box"][:40] in " ".join(result.output.split())


@pytest.mark.parametrize("paragraph", [
    "Subscribe to our newsletter: Acme Bio's shareholders approved the share buyback, the company said on Tuesday.",
    "Category: Press Releases is where Acme Bio files its news; read more about the trial on the company's website.",
    "Readers can share this article; related coverage and comments on the Phase 2 trial appear on the company's site.",
])
def test_no_rule_drops_body_text_on_its_words(paragraph):
    found = texts(a_page(f"<p>{SENTENCE}</p><p>{paragraph}</p><p>{SENTENCE}</p>"))
    assert paragraph in found


@pytest.mark.parametrize(("attributes", "rule"), [
    ("class='shareholder-letter'", None), ("class='subscriber-count'", None), ("class='unrelated-costs'", None),
    ("class='adverse-events'", None), ("id='advertising-standards'", None), ("class='elementor-widget-container'", None),
    ("class='post-share-buttons'", "share_bar"), ("id='related_posts'", "related"), ("class='c-ad top'", "advertisement"),
    ("role='navigation'", "navigation"), ("class='newsletter-signup'", "newsletter"), ("style='display:none'", "hidden"),
])
def test_a_class_word_counts_whole_only(attributes, rule):
    """`shareholder` does not say `share`, nor `adverse-events` `ad`: a rule reads whole words of a class or id."""
    assert html._chrome_rule(lxml.html.fragment_fromstring(f"<div {attributes}>text</div>")) == rule


@pytest.mark.parametrize(("line", "kept"), [
    ("Website: <a href='https://acme.example/'>www.acme.example</a>", True),  # shows where it goes
    ("To learn more, visit: <a href='/products/ab-1'>the AB-1 product page</a>", True),  # a sentence, not a label
    ("For details see <a href='/category/trials/'>our trials</a> page.", True),  # a sentence around the link
    ("Read more: <a href='/news/other'>Acme Bio raises $80 million</a>", False),
    ("Related: <a href='https://www.acme.example/news/other'>Acme Bio raises $80 million</a>", False),
    ("Tags: <a href='/tag/als/'>ALS</a>, <a href='/tag/gene-therapy/'>gene therapy</a>", False),
])
def test_a_line_is_the_sites_only_by_its_links(line, kept):
    data = a_page(f"<p>{SENTENCE}</p><p>{line}</p><p>{SENTENCE}</p>", CHROME_HEAD)
    text = lxml.html.fragment_fromstring(line, create_parent="p").text_content()
    assert (text in texts(data)) is kept


def test_headings_quotes_and_captions_between_paragraphs_are_the_articles():
    """The extractor leaves a figure's caption out; between two paragraphs it kept, with nothing
    else left out there, it is the article's (dropped before)."""
    body = (f"<p>{SENTENCE}</p><figure><img src='a.jpg'><figcaption>The AB-1 manufacturing site in Boston.</figcaption>"
            f"</figure><p>{SENTENCE}</p>")
    assert "The AB-1 manufacturing site in Boston." in texts(a_page(body))


def test_a_link_heading_between_paragraphs_is_another_story():
    body = (f"<p>{SENTENCE}</p><ul class='x'><li><h4><a href='/other'>Acme Bio opens a new plant</a></h4></li></ul>"
            f"<p>{SENTENCE}</p>")
    assert "Acme Bio opens a new plant" not in " ".join(texts(a_page(body)))


def leaving_out(monkeypatch, start: str) -> None:
    """The extractor leaves out the paragraph that starts with `start`, as it did on the wild page
    the test stands for (AppleInsider's lead, GlobeNewswire's subheadline)."""
    extracted = html._extracted
    monkeypatch.setattr(html, "_extracted", lambda root: [k for k in extracted(root) if not k.startswith(html._key(start))])


def test_a_lead_paragraph_under_the_headline_is_kept(monkeypatch):
    """AppleInsider's lead sits in a <span> of the article's element, before a photo the extractor kept first."""
    leaving_out(monkeypatch, "Welcome to the new AB-1 results.")
    body = (f"<div class='article'><span class='article-leader'>Welcome to the new AB-1 results. While the trial looks "
            f"familiar, it moves the field forward in a big way.</span><br><br><div class='img'><img src='a.jpg'>"
            f"<span>The AB-1 vial</span></div><br><br>{SENTENCE}<br><br>{SENTENCE}</div>")
    assert "Welcome to the new AB-1 results." in " ".join(texts(a_page(body)))


def test_a_byline_or_caption_under_the_headline_is_not_a_lead(monkeypatch):
    leaving_out(monkeypatch, "Jane Doe is a science writer")
    body = (f"<div class='byline'><p>Jane Doe is a science writer who has covered biotechnology for Acme since 2015.</p>"
            f"</div><figure><img src='a.jpg'><figcaption>The AB-1 plant in Boston, where the company makes its "
            f"drug for the trial.</figcaption></figure><div class='body'><p>{SENTENCE}</p><p>{SENTENCE}</p></div>")
    assert texts(a_page(body))[1:] == [SENTENCE, SENTENCE]


def test_a_subheadline_libxml2_takes_out_of_its_heading_is_kept(monkeypatch):
    """GlobeNewswire's `<h2 class="article-sub-headline"><p>…</p></h2>`: libxml2 closes the <h2> at
    the <p>, which then has no class to say what it is; the extractor left it out."""
    leaving_out(monkeypatch, "Trial met its primary endpoint")
    data = (b"<html><head><title>Acme Bio Reports Results</title></head><body><div class='main'>"
            b"<h1 class='article-headline'>Acme Bio Reports Results</h1><h2 class='article-sub-headline'><p>Trial met its "
            b"primary endpoint in 120 patients</p></h2><p class='source'><time>April 06, 2016 12:00 ET</time></p>"
            + f"<div class='body'><p>{SENTENCE}</p><p>{SENTENCE}</p></div></div></body></html>".encode())
    assert texts(data)[:2] == ["Acme Bio Reports Results", "Trial met its primary endpoint in 120 patients"]


def test_numbered_paragraphs_keep_their_numbers():
    body = (f"<p>{SENTENCE}</p><p><strong>1. Bio:</strong> Make sure your bio is clear and simple, covering who you "
            f"work with.</p><p><strong>2. Highlights:</strong> Delete anything old or irrelevant from the page.</p>"
            f"<p>{SENTENCE}</p>")
    found = texts(a_page(body))
    assert "1. Bio: Make sure your bio is clear and simple, covering who you work with." in found
    assert "2. Highlights: Delete anything old or irrelevant from the page." in found


@pytest.mark.parametrize("pre", ["<pre>\nline one\nline two\n</pre>", "<pre>\n\n<b>bold</b>\ncode</pre>",
                                 "<pre><span>a</span>\n<span>b</span>\n</pre>", "<pre>\r\n\r\nx<br>y\n</pre>"])
def test_a_pre_starting_with_a_line_break_is_read(pre):
    """<pre> whose text starts with a line break (an IETF draft, a how-to): IndexError before."""
    document_ = read_page(a_page(f"<p>{SENTENCE}</p>{pre}<p>{SENTENCE}</p>"))
    block = next(b for b in document_.blocks if b.tag == "pre")
    assert block.line >= 1 and all(line >= 1 for line in block.lines)


FRAGMENTS = [
    "", "<p></p>", "<h2>Results</h2>", "<h3>Safety</h3><h4>Method</h4>", f"<p>{SENTENCE}</p>",
    f"<p>{SENTENCE}<br><br>{SENTENCE}<br></p>", "<br><br><br>", "<pre>\n\n</pre>", "<pre>\ncode\n  indented\n</pre>",
    f"<table><tr><td><table><tr><td>{SENTENCE}</td></tr></table></td><td>2</td></tr></table>",
    f"<table><tr><td><ul><li>{SENTENCE}</li><li><ol><li>x</li></ol></li></ul></td></tr></table>",
    "<ul><li><br><br></li><li><p>a</p><p>b</p></li></ul>", "<ol start='3'><li>three</li><li>four</li></ol>",
    "<blockquote><p>“Quoted,” she said.</p><footer>Jane Doe</footer></blockquote>",
    "<figure><img src='x.jpg'><figcaption>A caption</figcaption></figure>", "<noscript><p>Enable JavaScript</p></noscript>",
    "<div hidden><p>hidden text</p></div>", "<p><b><i>bold <br><br> italic</i></b></p>", "<time>March 3, 2026</time>",
    "<p>Read more: <a href='/x'>Other</a></p>", "<p>Tags: <a href='/tag/a/'>a</a></p>", "<p>###</p>",
    "<p>SOURCE Acme Bio</p>", "<p><a href='&#1;'>&#2;</a></p>", "<dl><dt>Term<br><br>x</dt><dd>Def</dd></dl>",
    "<table><caption>Cap<br><br>tion</caption><tr><th>H</th></tr></table>", "<div><div><div></div></div></div>",
]


@pytest.mark.parametrize("seed", range(60))
def test_odd_pages_are_read_or_refused_in_one_line(seed):
    """Pages made of odd pieces (an empty article, only headings, nested tables, lists in
    tables, <pre> and <br> at the edges): a Document or one L10nError, never another exception."""
    import random

    pick = random.Random(seed)
    body = "".join(pick.choice(FRAGMENTS) for _ in range(pick.randint(0, 12)))
    for data in (a_page(body), f"<html><body>{body}</body></html>".encode(), body.encode() + b"<p>x</p>"):
        try:
            read_page(data)
        except L10nError as error:
            assert "\n" not in str(error)


PROSE = "<p>BOSTON, March 3, 2026 -- Acme Bio reported results from its Phase 2 trial of AB-101 in patients today.</p>"


@pytest.mark.parametrize(("items", "numbers"), [
    ('<ol start="3"><li>Third item of the list.</li><li>Fourth item of the list.</li></ol>', ["3. ", "4. "]),
    ('<ol><li>First item of the list.</li><li value="10">Tenth item of the list.</li><li>Eleventh item.</li></ol>',
     ["1. ", "10. ", "11. "]),
    ('<ol start="x"><li>First item of the list.</li><li>Second item of the list.</li></ol>', ["1. ", "2. "]),
])
def test_a_numbered_list_keeps_the_numbers_the_page_shows(items, numbers):
    blocks = [b for b in read_page(a_page(PROSE + items + PROSE.replace("today", "on Monday"))).blocks if b.tag == "ol"]
    assert [b.prefix for b in blocks] == numbers


def test_preformatted_text_is_the_page_own_and_no_rule_takes_it_for_noise():
    code = "<pre>URI_ENCODE( &lt;storage_root&gt; '/' )\n{\n}\nAbstract</pre>"
    document = read_page(a_page(PROSE + code + PROSE.replace("today", "on Monday")))
    assert [b.text for b in document.blocks if b.tag == "pre"] == ["URI_ENCODE( <storage_root> '/' )", "{", "}", "Abstract"]
    assert [d.reason for d in document.dropped] == ["navigation", "navigation"]  # the page's nav and footer only
