from __future__ import annotations

import pytest
from conftest import DATA, RELEASES, SEED

from l10n import glossary
from l10n.document import read
from l10n.model import Span
from l10n.protect import TOKEN, final_consonant, mask, spans, unmask
from l10n.segment import segment

SMALL = glossary.load([DATA / "glossary" / "small.csv"])


def protect(text, locale="zh_CN", terms=SMALL):
    return spans(text, terms.find(text) if terms else [], locale)


SPANS = [
    ("For funding, please contact: BD@xellsmart.com", [("email", "BD@xellsmart.com", "BD@xellsmart.com")]),
    ("Visit https://www.hanbitbio.co.kr/en.", [("url", "https://www.hanbitbio.co.kr/en", "https://www.hanbitbio.co.kr/en")]),
    ("Kestrel (Nasdaq: KSTL) rose", [("ticker", "Nasdaq: KSTL", "Nasdaq: KSTL")]),
    ("trial NCT06612345 of KT-301", [("code", "NCT06612345", "NCT06612345"), ("code", "KT-301", "KT-301")]),
    ("XS228 injection", [("dnt", "XS228", "XS228")]),
    ("a dose of 3.5 mg/kg in 31.5% of patients", [("number", "3.5 mg/kg", "3.5 mg/kg"), ("number", "31.5%", "31.5%")]),
    ("over 10 million patients", []),
    ("Call +1 858-555-0142 today", [("phone", "+1 858-555-0142", "+1 858-555-0142")]),
    ("spinal cord injury in the U.S.", [("term", "spinal cord injury", "脊髓损伤"), ("name", "U.S.", "美国")]),
    # inline tags are spans; a tag pair right around one span makes it one span, of that span's kind
    ("visit <a1>our website</a1>.", [("tag", "<a1>", "<a1>"), ("tag", "</a1>", "</a1>")]),
    ("trial of <b>CRV-101</b>, an", [("code", "<b>CRV-101</b>", "<b>CRV-101</b>")]),
    ("<b>XS228</b> for <i>ALS</i>", [("dnt", "<b>XS228</b>", "<b>XS228</b>"), ("term", "<i>ALS</i>", "<i>渐冻症（ALS）</i>")]),
    ("mail <a1>BD@xellsmart.com</a1> now", [("email", "<a1>BD@xellsmart.com</a1>", "<a1>BD@xellsmart.com</a1>")]),
    ("<b>bold <i>XS228</i></b>", [("tag", "<b>", "<b>"), ("dnt", "<i>XS228</i>", "<i>XS228</i>"), ("tag", "</b>", "</b>")]),
    ("<b>XS228 and</b>", [("tag", "<b>", "<b>"), ("dnt", "XS228", "XS228"), ("tag", "</b>", "</b>")]),
    ("p<0.05 in <Acme>", []),  # not markup: the text's own
]


@pytest.mark.parametrize(("text", "expected"), SPANS)
def test_spans(text, expected):
    assert [(s.kind, text[s.start:s.end], s.value) for s in protect(text)] == expected


def test_an_address_wins_over_a_glossary_word_inside_it():
    assert [s.kind for s in protect("write to fda@kestreltx.com")] == ["email"]


def test_placeholders_hold_no_underscore_and_no_source_text():
    masked = mask("XS228 for ALS, mail BD@xellsmart.com", protect("XS228 for ALS, mail BD@xellsmart.com"))
    assert masked.text == f"{TOKEN.format(0)} for {TOKEN.format(1)}, mail {TOKEN.format(2)}"
    assert "_" not in masked.text


@pytest.mark.parametrize("release", [*RELEASES, SEED], ids=lambda p: p.stem)
def test_identity_engine_gives_the_text_back(release):
    for unit in segment(read(release)):
        masked = mask(unit.text, protect(unit.text, terms=None))
        assert unmask(masked, masked.text, "zh_CN").text == unit.text


# Units of a structured release: their inline tags are masked like any span and must come back.
TAGGED = [
    "For more information, visit <a1>our website</a1>.",
    "<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>",
    "<i>Nine of twelve patients improved in motor scores</i>",
    "Results at <b>52 weeks</b> were strong.",  # a tag right before a digit
    "It rose <b>12</b> points in <a1>2026</a1>.",
    "<b><i>Both</i> and</b> <a2>x</a2><a3>y</a3>",
]


@pytest.mark.parametrize("text", TAGGED)
def test_identity_engine_gives_tagged_text_back(text):
    masked = mask(text, protect(text, terms=None))
    assert "<" not in masked.text and ">" not in masked.text
    result = unmask(masked, masked.text, "zh_CN")
    assert (result.text, result.ok) == (text, True)


def test_identity_engine_gives_every_markdown_unit_back():
    from l10n import formats

    for release in sorted((DATA / "markdown").glob("*.md")):
        for unit in segment(formats.read(release)):
            masked = mask(unit.text, protect(unit.text, terms=None))
            assert unmask(masked, masked.text, "zh_CN").text == unit.text, unit.text


# What a careless engine does to "ZX0 的 ZX1 试验" (spans: XS228, ALS).
ADVERSARIAL = [
    ("ZX0 的 ZX1 试验", "XS228 的 渐冻症（ALS） 试验", (), ()),
    ("ZX1 的 ZX0 试验", "渐冻症（ALS） 的 XS228 试验", (), ()),  # reordered: fine
    ("zx0 的 Zx1 试验", "XS228 的 渐冻症（ALS） 试验", (), ()),  # re-cased
    ("Z X 0 的 ZX 1 试验", "XS228 的 渐冻症（ALS） 试验", (), ()),  # split by the tokenizer
    ("ZX_0 的 ZX_1 试验", "XS228 的 渐冻症（ALS） 试验", (), ()),  # underscored
    ("ZX0 的 试验", "XS228 的 试验", ("ALS",), ()),  # dropped
    ("ZX0 ZX0 的 ZX1 试验", "XS228 XS228 的 渐冻症（ALS） 试验", (), ("XS228",)),  # duplicated
]


@pytest.mark.parametrize(("output", "restored", "lost", "duplicated"), ADVERSARIAL)
def test_every_token_comes_back_exactly_once_or_is_reported(output, restored, lost, duplicated):
    text = "XS228 for ALS trial"
    masked = mask(text, protect(text))
    result = unmask(masked, output, "zh_CN")
    assert result.text == restored
    assert tuple(text[s.start:s.end] for s in result.lost) == lost
    assert tuple(text[s.start:s.end] for s in result.duplicated) == duplicated
    assert result.ok == (not lost and not duplicated)


def test_a_token_that_names_no_span_is_reported():
    masked = mask("XS228 trial", protect("XS228 trial"))
    assert unmask(masked, "ZX0 ZX7", "zh_CN").strays == ("ZX7",)


# (approved Korean target, particle the MT attached to the token, what the text must read)
PARTICLES = [
    ("척수손상", "는", "척수손상은"),
    ("척수손상", "가", "척수손상이"),
    ("파킨슨병", "를", "파킨슨병을"),
    ("세포치료제", "과", "세포치료제와"),
    ("세포치료제", "이", "세포치료제가"),
    ("루게릭병(ALS)", "가", "루게릭병(ALS)이"),
    ("미국 식품의약국(FDA)", "는", "미국 식품의약국(FDA)은"),
    ("미국", "로", "미국으로"),
    ("서울", "으로", "서울로"),
    ("XellSmart", "은", "XellSmart는"),
    ("FDA", "을", "FDA를"),
    ("XS228", "으로", "XS228로"),
    ("XS228", "가", "XS228이"),
    ("iPSC", "와", "iPSC와"),
    ("임상 1/2상", "를", "임상 1/2상을"),
]


@pytest.mark.parametrize(("target", "particle", "expected"), PARTICLES)
def test_korean_particle_agrees_with_the_restored_term(target, particle, expected):
    masked = mask("X", [Span(0, 1, "term", target)])
    assert unmask(masked, f"ZX0{particle} 확인했다.", "ko_KR").text == f"{expected} 확인했다."


def test_particle_rules_leave_chinese_and_copulas_alone():
    masked = mask("XS228", protect("XS228"))
    assert unmask(masked, "ZX0는", "zh_CN").text == "XS228는"
    assert unmask(masked, "ZX0이다.", "ko_KR").text == "XS228이다."


@pytest.mark.parametrize(("word", "final"), [("척수", None), ("손상", "C"), ("서울", "ㄹ"), ("FDA", None), ("GMP", None),
                                               ("XS411", "ㄹ"), ("KT-301", "ㄹ"), ("Phase 2", None), ("CAR-T", None)])
def test_final_consonant(word, final):
    assert final_consonant(word) == final


# An object's empty code (a Word footnote reference) is masked like any tag and must come back once.
@pytest.mark.parametrize(("output", "restored", "ok"), [
    ("研究达到终点ZX0。", "研究达到终点<x1/>。", True),
    ("研究达到终点。", "研究达到终点。", False),  # lost: reported, not dropped silently
    ("研究ZX0达到终点ZX0。", "研究<x1/>达到终点<x1/>。", False),  # twice: reported
])
def test_an_empty_code_comes_back_exactly_once_or_is_reported(output, restored, ok):
    text = "The study met its endpoint<x1/>."
    masked = mask(text, protect(text, terms=None))
    assert masked.text == "The study met its endpoint ZX0."
    result = unmask(masked, output, "zh_CN")
    assert (result.text, result.ok) == (restored, ok)


@pytest.mark.parametrize(("text", "output", "restored"), [
    ("<b>CRV-101</b> is safe.", "ZX0는 안전하다.", "<b>CRV-101</b>은 안전하다."),  # sounds as its words: 1 (일)
    ("The study<x1/> ended.", "연구ZX0는 끝났다.", "연구<x1/>는 끝났다."),  # a tag has no sound: MT's particle stays
])
def test_a_korean_particle_after_tags_agrees_with_words_not_markup(text, output, restored):
    masked = mask(text, protect(text, "ko_KR", terms=None))
    assert unmask(masked, output, "ko_KR").text == restored
