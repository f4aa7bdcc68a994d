from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import given
from hypothesis import strategies as st

from l10n.document import RULES, Context, decode, match_dateline, noise_reason, parse, read
from l10n.errors import L10nError
from l10n.segment import segment

HANBIT = DATA / "releases" / "hanbit-prnewswire-cp949.txt"  # Korean page noise around the release
LUMINA = DATA / "releases" / "lumina-prnewswire-wrapped.txt"  # Chinese page noise around the release


# --- reading -----------------------------------------------------------------------------

ENCODINGS = [
    # (fixture, codec, BOM prepended, detected rather than declared)
    (HANBIT, "utf-8", b"", False),
    (HANBIT, "utf-8", codecs.BOM_UTF8, False),
    (HANBIT, "utf-16-le", codecs.BOM_UTF16_LE, False),
    (HANBIT, "utf-16-be", codecs.BOM_UTF16_BE, False),
    (HANBIT, "utf-32-le", codecs.BOM_UTF32_LE, False),
    (HANBIT, "cp949", b"", True),
    (HANBIT, "euc-kr", b"", True),
    (LUMINA, "gb18030", b"", True),
]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize(("fixture", "codec", "bom", "guessed"), ENCODINGS,
                         ids=[f"{f.stem[:6]}-{c}{'-bom' if b else ''}" for f, c, b, _ in ENCODINGS])
def test_every_encoding_and_line_end_gives_the_same_units(tmp_path, fixture, codec, bom, guessed, newline):
    reference = read(fixture)
    text = fixture.read_bytes().decode(reference.encoding)
    path = tmp_path / "release.txt"
    path.write_bytes(bom + text.replace("\n", newline).encode(codec))
    document = read(path)
    assert document.encoding_guessed is guessed
    if guessed:  # cp949 is the superset of EUC-KR that Korean Windows writes
        assert document.encoding == {"euc-kr": "cp949"}.get(codec, codec)
    assert segment(document) == segment(reference)
    assert document.dropped == reference.dropped


@pytest.mark.parametrize(("noise", "codec"), [
    ("서울 맑음 12.3℃ 부산 구름많음", "cp949"),
    ("東京 晴れ のち くもり", "shift_jis"),
    ("首页 | 新闻 | 财经 | 健康", "gb18030"),
    ("Café Biotech in Montréal", "cp1252"),
])
def test_a_few_foreign_words_in_an_english_release_settle_the_encoding(noise, codec):
    data = f"{noise}\nAcme Therapeutics announced positive results today.\n".encode(codec)
    assert decode(data, Path("release.txt")) == (data.decode(codec), codec, True)


def test_an_explicit_encoding_wins(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(HANBIT.read_bytes())
    document = read(path, encoding="cp949")
    assert (document.encoding, document.encoding_guessed) == ("cp949", False)


def test_nbsp_only_lines_are_blank_and_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Café Biotech Opens a New Laboratory in Montréal")
    blocks, _ = parse(f"{decomposed}\n\u00a0\u00a0\nThe company, based in Québec, said so in a statement today. It grew.\n")
    assert [b.kind for b in blocks] == ["title", "body"]
    assert blocks[0].text == "Café Biotech Opens a New Laboratory in Montréal"
    assert blocks[1].line == 3


# --- page noise --------------------------------------------------------------------------

BODY = Context("en", header=False, title=False)
HEADER = Context("en", header=True, title=False)

# (rule, line that it must drop, a look-alike line it must keep, where both stand)
NOISE = [
    ("foreign_script", "• 맑음서울 32.7℃", "XellSmart (士泽生物) announced results.", BODY),
    ("foreign_script", "기상청 제공", "Hanbit Biologics (한빛바이오)", BODY),
    ("foreign_script", "首页 | 新闻 | 财经", "Lumina Biotech (上海) Co., Ltd.", BODY),
    ("decoration", "* * *", "2025", BODY),
    ("decoration", "###", "# About Kestrel", BODY),
    ("weather", "Shanghai  8°C  Cloudy", "Cells are stored at -196°C in liquid nitrogen vapor until they are thawed.", BODY),
    ("weather", "Weather forecast", "The forecast for revenue in 2026 remains unchanged from the prior guidance.", BODY),
    ("advertisement", "Advertisement", "Advertisement revenue rose.", BODY),
    ("advertisement", "- ADVERTISEMENT -", "Advertising of the therapy is restricted.", BODY),
    ("advertisement", "Story continues below advertisement", "The story continues.", BODY),
    ("share", "Share this article", "Share of patients responding was 31%.", BODY),
    ("share", "Facebook Twitter LinkedIn Email Print", "Follow the company on LinkedIn.", BODY),
    ("account", "LOGIN   REGISTER", "Patients can register online.", BODY),
    ("account", "Sign in | Subscribe", "Sign in to the investor portal today.", BODY),
    ("menu", "Home | News | Contact Us", "NMPA approved it.", BODY),
    ("menu", "Home > Health > Biotech", "Revenue > $5 million was reported.", BODY),
    ("byline", "By Business Wire", "By 2026, the company expects topline data.", BODY),
    ("byline", "News provided by XellSmart", "News provided by the company was limited.", BODY),
    ("byline", "Published: Nov 3, 2025 8:00 AM ET", "Published data show a benefit.", BODY),
    ("wire_footer", "View original content:https://www.prnewswire.com/news-releases/x-302345678.html",
     "View the original study at https://example.org.", BODY),
    ("related", "Related Stories", "Related companies include Acme.", BODY),
    ("related", "Most Read", "Most patients responded.", BODY),
    ("account", "Skip to main content", "Skip the main course.", BODY),
    ("menu", "Alzheimer's Disease  Clinical Trials  Biotech", "Alzheimer's disease  is common.", BODY),
    ("byline", "Wednesday, March 4, 2026", "On March 4, 2026, the trial began.", BODY),
    ("byline", "Saturday, June 22, 2024", "On Saturday, June 22, 2024, the trial began.", BODY),
    ("byline", "March 04, 2026 07:00 ET | Source: Aurora Neurosciences, Inc.", "March 4, 2026 was the start.", BODY),
    ("wire_footer", "Photo: https://www.globenewswire.com/NewsRoom/AttachmentNg/12345",
     "Photos of the site are at https://example.org/photos for the media.", BODY),
    ("related", "Tags", "Tags were attached to the cells.", BODY),
    ("related", "In This Article:", "In this article, we describe the trial.", BODY),
    ("advertisement", "Story continues", "The story continues in 2026.", BODY),
    ("byline", "Sat, Nov 1, 2025, 9:00 AM 5 min read", "Sat. data were read out on Nov 1, 2025.", BODY),
    ("label", "Health", "Forward-Looking Statements", BODY),
    ("label", "Top Stories Today", "Investor Contact:", Context("en", header=False, title=False, footer=True)),
    ("label", "Business News", "Kestrel Announces First Patient Dosed", HEADER),
]


@pytest.mark.parametrize(("rule", "noise", "kept", "ctx"), NOISE, ids=[f"{r}-{i}" for i, (r, *_) in enumerate(NOISE)])
def test_noise_rule(rule, noise, kept, ctx):
    assert noise_reason(noise, HEADER) == rule
    assert noise_reason(kept, ctx) is None


def test_every_rule_has_a_case_and_a_docstring():
    assert {name for name, _ in RULES} == {rule for rule, *_ in NOISE}
    assert all(rule.__doc__ for _, rule in RULES)


def test_the_title_is_not_a_label_even_when_short():
    blocks, dropped = parse("Health\n\nAcme Raises Funds\n\nBOSTON, July 1, 2025 /PRNewswire/ -- Acme raised funds.\n")
    assert [(b.kind, b.text) for b in blocks][:2] == [("title", "Acme Raises Funds"), ("dateline", "BOSTON, July 1, 2025 /PRNewswire/ --")]
    assert [(d.line, d.reason) for d in dropped] == [(1, "label")]


# --- datelines ---------------------------------------------------------------------------

DATELINES = [
    ("SUZHOU, China, July 28, 2025 -- XellSmart achieved", "SUZHOU, China, July 28, 2025 --"),
    ("SAN DIEGO--(BUSINESS WIRE)--Kestrel Therapeutics, Inc. today", "SAN DIEGO--(BUSINESS WIRE)--"),
    ("SHANGHAI, Jan. 15, 2026 /PRNewswire/ -- Lumina Biotech", "SHANGHAI, Jan. 15, 2026 /PRNewswire/ --"),
    ("BOSTON and SEOUL, South Korea, Nov. 3, 2025 /PRNewswire/ -- Hanbit", "BOSTON and SEOUL, South Korea, Nov. 3, 2025 /PRNewswire/ --"),
    ("CAMBRIDGE, Mass., March 3, 2025 /PRNewswire/ -- Acme", "CAMBRIDGE, Mass., March 3, 2025 /PRNewswire/ --"),
    ("SOUTH SAN FRANCISCO, Calif.--(BUSINESS WIRE)--Acme", "SOUTH SAN FRANCISCO, Calif.--(BUSINESS WIRE)--"),
    ("TORONTO, July 28, 2025 (GLOBE NEWSWIRE) -- Acme", "TORONTO, July 28, 2025 (GLOBE NEWSWIRE) --"),
    ("LONDON, 28 July 2025 — Acme plc", "LONDON, 28 July 2025 —"),
    ("NMPA approved the trial -- a first.", None),
    ("FDA, EMA and NMPA - three regulators", None),
    ("XellSmart, July 28, 2025 -- not a place in capitals", None),
]


@pytest.mark.parametrize(("text", "dateline"), DATELINES)
def test_dateline(text, dateline):
    found = match_dateline(text)
    assert (found[0].strip() if found else None) == dateline


def test_a_dateline_on_its_own_line_is_its_own_unit():
    blocks, _ = parse("Acme Doses First Patient in Trial\n\nSAN DIEGO--(BUSINESS WIRE)--\nAcme, Inc. today announced it.\n")
    assert [(b.kind, b.text, b.line) for b in blocks] == [
        ("title", "Acme Doses First Patient in Trial", 1),
        ("dateline", "SAN DIEGO--(BUSINESS WIRE)--", 3),
        ("body", "Acme, Inc. today announced it.", 4),
    ]


# --- structure ---------------------------------------------------------------------------

@pytest.mark.parametrize("marker", ["•", "-", "*", "·", "1.", "2)", "(a)", "▪"])
def test_bullet_marker_is_layout_not_text(marker):
    text = (f"Acme Reports Positive Phase 2 Results\n\nBOSTON, July 1, 2025 /PRNewswire/ -- Acme reported results.\n\n"
            f"  {marker} Response rate of 31% in the high-dose arm\n  {marker} No dose-limiting toxicities\n")
    blocks, _ = parse(text)
    bullets = [b for b in blocks if b.kind == "bullet"]
    assert [(b.text, b.prefix) for b in bullets] == [
        ("Response rate of 31% in the high-dose arm", f"  {marker} "), ("No dose-limiting toxicities", f"  {marker} ")]


def test_contact_block_is_verbatim_lines_after_a_contact_heading():
    text = ("Acme Doses First Patient in Trial\n\nBOSTON, July 1, 2025 /PRNewswire/ -- Acme dosed a patient.\n\n"
            "For funding and BD cooperation, please contact: BD@acme.com\n\n"
            "Media Contact:\nJane Doe\nAcme Bio Co., Ltd.\n+1 617-555-0100\njane@acme.com\n\n"
            "About Acme\nAcme is a biotechnology company based in Boston with a pipeline of cell therapies.\n")
    blocks, _ = parse(text)
    assert [(b.kind, b.text) for b in blocks[3:]] == [
        ("body", "For funding and BD cooperation, please contact: BD@acme.com"),
        ("heading", "Media Contact:"),
        ("contact", "Jane Doe"), ("contact", "Acme Bio Co., Ltd."), ("contact", "+1 617-555-0100"),
        ("contact", "jane@acme.com"),
        ("heading", "About Acme"),
        ("body", "Acme is a biotechnology company based in Boston with a pipeline of cell therapies."),
    ]


def test_a_one_line_contact_is_a_contact_unit():
    blocks, _ = parse("Acme Doses First Patient in Trial\n\nBOSTON, July 1, 2025 /PRNewswire/ -- Acme dosed one.\n\n"
                      "Media Contact: Jane Doe, +1 617-555-0100, jane@acme.com\n")
    assert (blocks[-1].kind, blocks[-1].text) == ("contact", "Media Contact: Jane Doe, +1 617-555-0100, jane@acme.com")


def test_hard_wrapped_paragraph_keeps_original_lines():
    blocks, _ = parse(LUMINA.read_text(encoding="utf-8"))
    body = blocks[2]
    assert body.lines == (11, 12, 13, 14, 15)
    assert body.line_at(body.text.index("(NMPA)")) == 14


def test_markdown_heading_marker_is_layout():
    blocks, _ = parse("# Acme Doses First Patient in Trial\n\nBOSTON, July 1, 2025 /PRNewswire/ -- Acme dosed.\n\n"
                      "## About Acme\n\nAcme is a company based in Boston that develops cell therapies for ALS.\n")
    assert [(b.kind, b.text, b.prefix) for b in blocks if b.kind in ("title", "heading")] == [
        ("title", "Acme Doses First Patient in Trial", "# "), ("heading", "About Acme", "## ")]


# --- bad input ---------------------------------------------------------------------------

BAD_INPUT = [
    # (file name, bytes or None for a folder or a missing file, words the message must contain)
    ("missing.txt", None, "no such file"),
    ("folder", "dir", "is a folder"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"\n \n\xc2\xa0\n", "empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("control.txt", b"Acme\x01\x02\x03 results\n", "control character"),
    ("noise.txt", "• 맑음서울 32.7℃\n기상청 제공\nAdvertisement\n".encode(), "page noise"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(L10nError) as error:
        read(path)
    assert message in str(error.value)
    assert str(error.value).startswith(str(path))
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(("encoding", "message"), [("utf-8", "not valid utf-8"), ("klingon", "unknown encoding")])
def test_a_wrong_encoding_option_names_the_line(encoding, message):
    with pytest.raises(L10nError) as error:
        read(HANBIT, encoding=encoding)
    assert message in str(error.value)
    if encoding == "utf-8":
        assert str(error.value).startswith(f"{HANBIT}:1:")


# The rules ask every line how many words it has, and whether it is made of menu words only; a
# paragraph can be a whole file long, so both stop reading as soon as the answer is known. They
# must say what reading the whole line says.
@given(st.text(alphabet=st.sampled_from("ab1 .-'’_|,·•/:\u00a0ΣΑ"), max_size=60), st.integers(0, 14))
def test_words_are_counted_only_as_far_as_needed(text, count):
    import re

    from l10n.document import _more_words_than, _only, _words

    assert _more_words_than(count, text) == (len(_words(text)) > count)
    vocabulary = frozenset({"a", "b", "ab", "σ"})
    tokens = [t for t in re.split(r"[\s|,·•/:]+", text.lower()) if t]
    assert _only(vocabulary, text) == (bool(tokens) and all(t in vocabulary for t in tokens))
