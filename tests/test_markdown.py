"""The Markdown reader (l10n/formats/markdown.py): block markup is layout, inline markup becomes tags.

Each `tests/data/markdown/<name>.md` has a reviewed `<name>.expected.json` beside it: its units as
[line, kind, text, codes]. To add a case, add both files.
"""

from __future__ import annotations

import json

from dataclasses import replace

import pytest
from conftest import DATA

from l10n import formats, inline
from l10n.errors import L10nError
from l10n.formats.markdown import paras, read
from l10n.model import Mark, Para
from l10n.segment import segment

MARKDOWN = DATA / "markdown"
FIXTURES = sorted(MARKDOWN.glob("*.md"))
CORVANTA = MARKDOWN / "corvanta.md"
HANBIT = MARKDOWN / "hanbit.md"


def expected(release):
    return json.loads(release.with_suffix(".expected.json").read_text(encoding="utf-8"))


def units_of(release):
    return segment(formats.read(release))


@pytest.mark.parametrize("release", FIXTURES, ids=lambda p: p.stem)
def test_units_are_the_reviewed_ones(release):
    want = expected(release)
    document = formats.read(release)
    assert (document.format, document.encoding) == ("md", want["encoding"])
    assert [[u.kind, u.text, [list(c) for c in u.codes]] for u in segment(document)] == [u[1:] for u in want["units"]]
    assert [[d.line, d.reason] for d in document.dropped] == want["dropped"]


@pytest.mark.parametrize("release", FIXTURES, ids=lambda p: p.stem)
def test_each_unit_names_the_line_it_starts_on(release):
    assert [(u.line, u.text) for u in units_of(release)] == [(u[0], u[2]) for u in expected(release)["units"]]


def test_no_markup_of_the_file_enters_a_msgid():
    for release in FIXTURES:
        for unit in units_of(release):
            words = inline.strip(unit.text)
            assert not any(mark in words for mark in ("**", "](", "> ", "#", "|", "`", "<")), unit.text


def test_a_bold_dateline_is_recognized_and_cut_as_its_own_unit():
    dateline, body = units_of(CORVANTA)[2:4]
    assert (dateline.kind, dateline.text) == ("dateline", "<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>")
    assert body.kind == "body" and body.text.startswith("Corvanta Therapeutics, Inc. (Nasdaq: CRVT) today")
    assert dateline.block != body.block


def test_a_link_is_a_numbered_tag_with_its_address_as_code():
    [unit] = [u for u in units_of(CORVANTA) if "<a1>" in u.text]
    assert (unit.text, unit.codes) == ("For more information, visit <a1>our website</a1>.",
                                       (("a1", "https://www.corvanta.com/"),))


def test_blocks_keep_their_element_heading_levels_and_quotation():
    document = formats.read(CORVANTA)
    assert [(b.kind, b.tag) for b in document.blocks] == [
        ("title", "h1"), ("heading", "p"), ("dateline", "p"), ("body", "p"), ("bullet", "li"), ("bullet", "li"),
        ("body", "blockquote"), ("heading", "h3"), ("body", "p"), ("heading", "h3"),
        ("contact", "p"), ("contact", "p"), ("contact", "p"),
    ]
    # the dateline and its paragraph are one element, the contact lines another
    assert [b.node for b in document.blocks] == [0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9]


def test_contact_lines_are_lines_with_two_space_breaks_and_without():
    with_breaks = [u.text for u in units_of(CORVANTA) if u.kind == "contact"]
    without = [u.text for u in units_of(HANBIT) if u.kind == "contact" and u.line >= 34]
    assert with_breaks == ["Corvanta Therapeutics", "Laura Kim", "press@corvanta.com"]
    assert without == ["Minho Lee", "ir@hanbitbio.com"]


def test_a_gfm_table_is_cells_with_their_rows():
    cells = [(b.tag, b.row, b.text) for b in formats.read(HANBIT).blocks if b.tag in ("th", "td")]
    assert cells == [
        ("th", 0, "Item"), ("th", 0, "Detail"),
        ("td", 1, "Floor area"), ("td", 1, "5,000 square meters"),
        ("td", 2, "Clean rooms"), ("td", 2, "eight ISO 7 suites"),
        ("th", 3, "Role"), ("th", 3, "Name"), ("th", 3, "Email"),
        ("td", 4, "Media"), ("td", 4, "Jiwon Park"), ("td", 4, "media@hanbitbio.com"),
    ]


def test_code_images_and_html_blocks_are_left_out():
    text = "\n".join(u.text for u in units_of(HANBIT))
    for absent in ("7781", "internal build", "Share this release", "Plant photo", "plant.jpg", "<div"):
        assert absent not in text


# (Markdown, the paragraphs the reader hands to the layout rules)
PARAS = [
    ("Visit [our site](https://x.example/).", [Para("Visit our site.", (Mark(6, 14, "a", "https://x.example/"),))]),
    ("**a *b* c**", [Para("a b c", (Mark(0, 5, "b"), Mark(2, 3, "i")))]),
    ("a `HB-204` b", [Para("a HB-204 b", (Mark(2, 8, "code"),))]),
    ("~~old~~ new", [Para("old new", (Mark(0, 3, "s"),))]),
    ("H<sub>2</sub>O and x<sup>2</sup>", [Para("H2O and x2", (Mark(1, 2, "sub"), Mark(9, 10, "sup")))]),
    ("<u>under</u> it", [Para("under it", (Mark(0, 5, "u"),))]),
    ("### About Us", [Para("About Us", tag="h3")]),
    ("Setext title\n===", [Para("Setext title", tag="h1")]),
    ("> quoted words", [Para("quoted words", tag="blockquote")]),
    ("- one\n- two", [Para("one", tag="li"), Para("two", tag="li", line=2)]),
    ("Corvanta  \nLaura Kim\\\nHR<br>press@x.com", [Para("Corvanta\nLaura Kim\nHR\npress@x.com")]),
    ("| A | B |\n| --- | --- |\n| 1 | 2 |",
     [Para("A", tag="th", row=0), Para("B", tag="th", row=0), Para("1", tag="td", line=3, row=1),
      Para("2", tag="td", line=3, row=1)]),
    ("a\n\nb", [Para("a"), Para("b", line=3)]),
    ("**unclosed bold", [Para("**unclosed bold")]),  # not markup in CommonMark: the text's own
    ("Shares rose ![up](up.png) 5% today.", [Para("Shares rose 5% today.")]),  # no double space where the image was
    ("```\ncode\n```", []),
    ("    indented code", []),
    ("<div>html</div>", []),
    ("![logo](l.png)", []),
    ("[![badge](b.png)](https://x.example/)", []),
    ("---", []),
]


@pytest.mark.parametrize(("markdown", "expected"), PARAS)
def test_paras(markdown, expected):
    # `lines` (each line's place in the file) is tested with the fixtures' units
    assert [replace(p, lines=()) for p in paras(markdown)] == expected


# Files with no release text: one line naming the file and what to do, never a traceback.
REFUSED = [
    ("", "the file is empty; give a press release in Markdown"),
    ("```\nprint('hi')\n```\n", "holds no Markdown text (only code, images or HTML); give the release's text"),
    ("![logo](logo.png)\n\n<div>x</div>\n", "holds no Markdown text (only code, images or HTML); give the release's text"),
    ("Share this article\n\nFacebook Twitter\n", ("no release text left after removing 2 lines of page noise; check that this is the "
                          "press release (`l10n segment --json` lists what was dropped)")),
]


@pytest.mark.parametrize(("content", "message"), REFUSED)
def test_a_file_without_release_text_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "release.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(L10nError) as raised:
        formats.read(path)
    assert str(raised.value) == f"{path}: {message}"


def test_the_reader_takes_bytes_and_a_bom():
    document = read("\ufeff# A Title\n\nThe body of the release.\n".encode(), CORVANTA)
    assert [(b.kind, b.text) for b in document.blocks] == [("title", "A Title"), ("body", "The body of the release.")]
    assert (document.encoding, document.format, document.source) == ("utf-8-sig", "md", CORVANTA)


@pytest.mark.parametrize("name", ["release.md", "release.markdown", "RELEASE.MD"])
def test_formats_read_dispatches_md_files_to_this_reader(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(CORVANTA.read_bytes())
    assert formats.format_of(path) == "md"
    document = formats.read(path)
    assert document.format == "md" and document.source == path
    assert [u.text for u in segment(document)] == [u[2] for u in expected(CORVANTA)["units"]]


@pytest.mark.parametrize(("items", "numbers"), [("3. third item\n4. fourth item\n", ["3. ", "4. "]),
                                                 ("1. first item\n1. second item\n", ["1. ", "2. "])])
def test_a_numbered_list_keeps_the_number_it_starts_at(tmp_path, items, numbers):
    path = tmp_path / "release.md"
    path.write_text("# Acme Reports Results\n\nBOSTON, March 3, 2026 -- Acme reported its results today, it said.\n\n"
                    + items, encoding="utf-8")
    assert [b.prefix for b in read(path.read_bytes(), path).blocks if b.tag == "ol"] == numbers
