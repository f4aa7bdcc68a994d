"""Inline markup as short tags in a unit's text (l10n/inline.py): the convention reviewers and MT see."""

from __future__ import annotations

import html

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from l10n import inline
from l10n.inline import TAG, outer, pieces, problems, render, strip, tagged
from l10n.model import Mark

TEXT = "Visit our site. Then call us now."
#       0123456789012345678901234567890123
FIRST, SECOND = (0, 15), (16, 33)

# (what the case shows, marks on TEXT, the unit's stretch of TEXT, the unit's text, its codes)
TAGGED = [
    ("no marks", (), FIRST, "Visit our site.", ()),
    ("a mark outside the unit", (Mark(21, 25, "b"),), FIRST, "Visit our site.", ()),
    ("a mark inside", (Mark(6, 14, "b"),), FIRST, "Visit <b>our site</b>.", (("b", ""),)),
    ("a mark over the whole unit", (Mark(0, 15, "i"),), FIRST, "<i>Visit our site.</i>", (("i", ""),)),
    ("a mark over the cut, first sentence", (Mark(10, 20, "b"),), FIRST, "Visit our <b>site.</b>", (("b", ""),)),
    ("a mark over the cut, second sentence", (Mark(10, 20, "b"),), SECOND, "<b>Then</b> call us now.", (("b", ""),)),
    ("nested marks", (Mark(0, 14, "b"), Mark(6, 9, "i")), FIRST, "<b>Visit <i>our</i> site</b>.",
     (("b", ""), ("i", ""))),
    ("the same stretch twice: in the reader's order", (Mark(6, 14, "i"), Mark(6, 14, "b")), FIRST,
     "Visit <i><b>our site</b></i>.", (("i", ""), ("b", ""))),
    ("crossing marks: closed and reopened", (Mark(0, 9, "b"), Mark(6, 14, "i")), FIRST,
     "<b>Visit <i>our</i></b><i> site</i>.", (("b", ""), ("i", ""))),
    ("two links: numbered in order, each with its address",
     (Mark(10, 14, "a", "https://b.example/"), Mark(6, 9, "a", "https://a.example/")), FIRST,
     "Visit <a1>our</a1> <a2>site</a2>.", (("a1", "https://a.example/"), ("a2", "https://b.example/"))),
    ("links are numbered per unit", (Mark(6, 9, "a", "https://a.example/"), Mark(21, 25, "a", "https://c.example/")),
     SECOND, "Then <a1>call</a1> us now.", (("a1", "https://c.example/"),)),
    ("a Word run's own format", (Mark(6, 9, "f", "run:3"),), FIRST, "Visit <f1>our</f1> site.", (("f1", "run:3"),)),
    ("bold inside bold (`**a <b>b</b> c**`, valid CommonMark and HTML) nests", (Mark(0, 14, "b"), Mark(6, 9, "b")),
     FIRST, "<b>Visit our site</b>.", (("b", ""),)),
    ("two bold stretches: one code for the tag", (Mark(0, 5, "b"), Mark(10, 14, "b")), FIRST,
     "<b>Visit</b> our <b>site</b>.", (("b", ""),)),
]


@pytest.mark.parametrize(("marks", "stretch", "expected", "codes"), [c[1:] for c in TAGGED], ids=[c[0] for c in TAGGED])
def test_tagged(marks, stretch, expected, codes):
    text, found = tagged(TEXT, marks, *stretch)
    assert (text, found) == (expected, codes)
    assert pieces(text) is not None and strip(text) == TEXT[slice(*stretch)]


# (text, its pieces, or None when its tags do not nest)
PIECES = [
    ("plain", [("plain", ())]),
    ("", []),
    ("a <b>b</b> c", [("a ", ()), ("b", ("b",)), (" c", ())]),
    ("<b>x <i>y</i></b>", [("x ", ("b",)), ("y", ("b", "i"))]),
    ("1 < 2 and <p> stay words", [("1 < 2 and <p> stay words", ())]),
    ("<a1>x</a1><a2>y</a2>", [("x", ("a1",)), ("y", ("a2",))]),
    ("a </b>", None),  # a close without its open
    ("<b>a", None),  # an open never closed
    ("<b><i>a</b></i>", None),  # closed in the wrong order
    ("<b>a <b>b</b></b>", None),  # a tag inside itself
]


@pytest.mark.parametrize(("text", "expected"), PIECES)
def test_pieces(text, expected):
    assert pieces(text) == expected


# (text, (opening tags, inner text, closing tags))
OUTER = [
    ("<b>BOSTON, March 3, 2026 --</b>", ("<b>", "BOSTON, March 3, 2026 --", "</b>")),
    ("<b><i>x</i></b>", ("<b><i>", "x", "</i></b>")),
    ("<b><i>x</i> y</b>", ("<b>", "<i>x</i> y", "</b>")),
    ("<b>a</b> and <b>b</b>", ("", "<b>a</b> and <b>b</b>", "")),  # two bold stretches, not one wrap
    ("<b>x</b> y", ("", "<b>x</b> y", "")),
    ("plain", ("", "plain", "")),
    ("<b>x</i>", ("", "<b>x</i>", "")),
]


@pytest.mark.parametrize(("text", "expected"), OUTER)
def test_outer(text, expected):
    assert outer(text) == expected
    assert "".join(outer(text)) == text


def _render(text, codes):
    return render(text, codes, html.escape, lambda name, value: f"[{name}:{value}]", lambda name, value: f"[/{name}]")


# (translation, the unit's codes, what is written)
RENDER = [
    ("见<a1>网站</a1>", (("a1", "https://x.example/"),), "见[a:https://x.example/]网站[/a]"),
    ("<b>粗</b> & <i>斜</i>", (("b", ""), ("i", "")), "[b:]粗[/b] &amp; [i:]斜[/i]"),
    ("<b>x <i>y</i></b>", (("b", ""), ("i", "")), "[b:]x [i:]y[/i][/b]"),
    ("see <a1>x</a1> and <a3>y</a3>", (("a1", "u"),), "see [a:u]x[/a] and y"),  # a tag the unit does not have
    ("<b>x<i>y</b></i>", (("b", ""), ("i", "")), "xy"),  # broken nesting: the words, no markup
    ("<b>x", (("b", ""),), "x"),
    ("1 < 2 <b>x</b>", (), "1 &lt; 2 &lt;b&gt;x&lt;/b&gt;"),  # no codes: its `<` are its own words
    ("p<0.05 for <b>CRV-101</b>", (("b", ""),), "p&lt;0.05 for [b:]CRV-101[/b]"),
]


@pytest.mark.parametrize(("text", "codes", "expected"), RENDER)
def test_render(text, codes, expected):
    assert _render(text, codes) == expected


# Paired: a translation whose tags are right, and each way of getting them wrong, with the exact message.
SOURCE = "Visit <b>our</b> <a1>site</a1> and <a2>blog</a2>."
PROBLEMS = [
    ("访问<b>我们的</b><a1>网站</a1>和<a2>博客</a2>。", []),
    ("访问<a2>博客</a2>和<b>我们的</b><a1>网站</a1>。", []),  # moved with its words: fine
    ("访问我们的<a1>网站</a1>和<a2>博客</a2>。", ["markup missing: <b> </b>"]),
    ("访问<b>我们的</b><a1>网站</a1>和博客<a2></a2><a2></a2>。", ["markup more often than in the English: <a2> </a2>"]),
    ("访问<b>我们的</b><a1>网站</a1>和<i>博客</i>。", ["markup missing: <a2> </a2>", "markup not in the English: <i> </i>"]),
    ("访问<b>我们的<a1>网站</b></a1>和<a2>博客</a2>。",
     ["tags do not nest: every <x> needs its </x> after it, inside the tags around it"]),
    ("访问</b>我们的<b><a1>网站</a1>和<a2>博客</a2>。",
     ["tags do not nest: every <x> needs its </x> after it, inside the tags around it"]),
]


@pytest.mark.parametrize(("translation", "expected"), PROBLEMS)
def test_problems(translation, expected):
    assert problems(SOURCE, translation) == expected


def test_text_without_markup_has_no_problems():
    assert problems("1 < 2, said <Acme>.", "1 < 2，<Acme>说。") == []


def test_strip_keeps_what_is_not_a_tag():
    assert strip("<b>p<0.05</b> in <Acme> <a12>x</a12> <f3>y</f3>") == "p<0.05 in <Acme> x y"


@st.composite
def marked(draw):
    """A text, marks over it (any tags, overlapping as readers may give them) and a stretch of it."""
    text = draw(st.text(alphabet="ab <>/.", max_size=16))
    assume(not TAG.search(text))
    marks = []
    for tag in draw(st.lists(st.sampled_from(["b", "i", "a", "code", "f"]), max_size=4)):
        start = draw(st.integers(0, len(text)))
        marks.append(Mark(start, draw(st.integers(start, len(text))), tag, "v"))
    start = draw(st.integers(0, len(text)))
    return text, marks, start, draw(st.integers(start, len(text)))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(marked())
def test_tags_only_add_markup_and_always_nest(case):
    text, marks, start, end = case
    result, codes = tagged(text, marks, start, end)
    assert strip(result) == text[start:end]
    assert pieces(result) is not None
    assert {name for name, _ in codes} == {m[2] for m in TAG.finditer(result)}


# A reviewed translation of the sentence without its tags (its text release) gets them back only
# where that is certain.
PLACED = [
    ("<b>SUZHOU, China, July 28, 2025 --</b>", "中国苏州2025年7月28日 --", "<b>中国苏州2025年7月28日 --</b>"),
    ("<b>SUZHOU, China, July 28, 2025</b> --", "中国苏州2025年7月28日 --", "<b>中国苏州2025年7月28日</b> --"),
    ("<b>SUZHOU, China, July 28, 2025</b> --", "중국 쑤저우 2025년 7월 28일 --", "<b>중국 쑤저우 2025년 7월 28일</b> --"),
    ("For funding, contact: <a1>BD@xellsmart.com</a1>", "融资合作请联系：BD@xellsmart.com",
     "融资合作请联系：<a1>BD@xellsmart.com</a1>"),
    ("The plant makes <b>XS228</b> and <i>XS411</i>.", "工厂生产XS228和XS411。", "工厂生产<b>XS228</b>和<i>XS411</i>。"),
    ("No tags here.", "这里没有标签。", "这里没有标签。"),
    # the words are translated: where the bold goes is the reviewer's call
    ("<b>Parkinson's disease:</b> the second most common", "帕金森病：第二常见", None),
    # the same words twice: which one is the link is not certain
    ("Write to <a1>BD@xellsmart.com</a1>.", "请写信至BD@xellsmart.com或BD@xellsmart.com。", None),
]


@pytest.mark.parametrize(("source", "translation", "placed"), PLACED)
def test_place(source, translation, placed):
    assert inline.place(source, translation) == placed


@pytest.mark.parametrize(("href", "expected"), [
    ("jav\tascript:alert(1)", None),  # `jav&#x09;ascript:` once the parser decoded the entity
    ("java\nscript:alert(1)", None),
    ("java\r\nscript:alert(1)", None),
    ("  \x01javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("vbscript:msgbox", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("file:///etc/passwd", None),
    ("https://example.com/a b?q=javascript:x", "https://example.com/a b?q=javascript:x"),
    (" http://example.com/\n", "http://example.com/"),
    ("mailto:ir@example.com", "mailto:ir@example.com"),
    ("tel:+1-617-555-0100", "tel:+1-617-555-0100"),
    ("/news/2026/release.html", "/news/2026/release.html"),
    ("release.html#contacts", "release.html#contacts"),
    ("//cdn.example.com/x", "//cdn.example.com/x"),
])
def test_a_link_keeps_only_a_safe_scheme_as_a_browser_reads_it(href, expected):
    assert inline.safe_url(href) == expected


# Objects (a Word footnote reference, an inline picture): OBJECT in the text under an `x` mark,
# an empty code in the unit, numbered like links.
OBJECTED = "Sales rose\ufffc and fell\ufffc. Then\ufffc more."  # the objects at 10, 20 and 27
OBJECT_CASES = [
    ("an object after a word", (Mark(10, 11, "x", "footnote 1"),), (0, 15), "Sales rose<x1/> and",
     (("x1", "footnote 1"),)),
    ("two objects: numbered in order", (Mark(10, 11, "x", "footnote 1"), Mark(20, 21, "x", "picture 2")), (0, 22),
     "Sales rose<x1/> and fell<x2/>.", (("x1", "footnote 1"), ("x2", "picture 2"))),
    ("objects are numbered per unit", (Mark(10, 11, "x", "footnote 1"), Mark(27, 28, "x", "symbol 3")), (23, 34),
     "Then<x1/> more.", (("x1", "symbol 3"),)),
    ("inside bold: the bold goes on around it", (Mark(6, 20, "b"), Mark(10, 11, "x", "footnote 1")), (0, 20),
     "Sales <b>rose<x1/> and fell</b>", (("b", ""), ("x1", "footnote 1"))),
    ("at a bold stretch's end", (Mark(6, 11, "b"), Mark(10, 11, "x", "footnote 1")), (0, 15),
     "Sales <b>rose<x1/></b> and", (("b", ""), ("x1", "footnote 1"))),
    ("two objects side by side with the same kind stay two", (Mark(10, 11, "x", "a"), Mark(11, 12, "x", "b")),
     (0, 12), "Sales rose<x1/><x2/>", (("x1", "a"), ("x2", "b"))),
]


@pytest.mark.parametrize(("marks", "stretch", "expected", "codes"), [c[1:] for c in OBJECT_CASES],
                         ids=[c[0] for c in OBJECT_CASES])
def test_an_object_is_an_empty_code_in_its_place(marks, stretch, expected, codes):
    text = OBJECTED if stretch != (0, 12) else "Sales rose\ufffc\ufffc"
    found = tagged(text, marks, *stretch)
    assert found == (expected, codes)
    assert pieces(found[0]) is not None
    assert strip(found[0]) == "".join(c for n, c in enumerate(text[slice(*stretch)], stretch[0])
                                      if not any(m.tag == "x" and m.start == n for m in marks))


EMPTY_PIECES = [
    ("rose<x1/> and", [("rose", ()), ("", ("x1",)), (" and", ())]),
    ("<b>rose<x1/></b>", [("rose", ("b",)), ("", ("b", "x1"))]),
    ("<a1><x1/>site</a1>", [("", ("a1", "x1")), ("site", ("a1",))]),
    # not empty codes: their own words
    ("<x1> </x1/> <b/> <x/>", [("<x1> </x1/> <b/> <x/>", ())]),
]


@pytest.mark.parametrize(("text", "expected"), EMPTY_PIECES)
def test_an_empty_code_is_a_piece_without_words(text, expected):
    assert pieces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("<b>rose<x1/></b>", ("<b>", "rose<x1/>", "</b>")),
    ("<x1/><b>rose</b>", ("", "<x1/><b>rose</b>", "")),
    ("<b><x1/></b>", ("<b>", "<x1/>", "</b>")),
])
def test_outer_tags_around_an_object(text, expected):
    assert outer(text) == expected


OBJECT_SOURCE = "Sales rose<x1/> and <b>fell</b><x2/>."
OBJECT_PROBLEMS = [
    ("销售额上升<x1/>，然后<b>下降</b><x2/>。", []),
    ("<x2/>销售额<b>下降</b>前上升<x1/>。", []),  # moved with the words it follows: fine
    ("销售额上升，然后<b>下降</b><x2/>。", ["markup missing: <x1/>"]),
    ("销售额上升<x1/><x1/>，然后<b>下降</b><x2/>。", ["markup more often than in the English: <x1/>"]),
    ("销售额上升<x1/>，然后<b>下降<x3/></b><x2/>。", ["markup not in the English: <x3/>"]),
]


@pytest.mark.parametrize(("translation", "expected"), OBJECT_PROBLEMS)
def test_an_empty_code_dropped_repeated_or_invented_is_a_problem(translation, expected):
    assert problems(OBJECT_SOURCE, translation) == expected


def test_an_empty_code_renders_as_nothing_in_text_formats():
    shown = render("<b>rose<x1/></b> and", (("b", ""), ("x1", "footnote 1")), html.escape,
                   lambda name, value: f"<{name}>", lambda name, value: f"</{name}>")
    assert shown == "<b>rose</b> and"
    assert strip("rose<x1/> and <x22/>") == "rose and "
