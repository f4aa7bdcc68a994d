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
import time
from pathlib import Path

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
    assert reasons["Sign In"] == "page_chrome"
    assert reasons["440k+ Newsrooms & Influencers"] == "after_end"
    assert reasons["News provided by"] == "outside_article"
    assert {d.text: d.reason for d in document("kestrel-businesswire").dropped}[
        "March 04, 2026 07:00 AM Eastern Standard Time"] == "timestamp"
    assert {d.text: d.reason for d in document("meridian-newsroom").dropped}["###"] == "end_mark"


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
