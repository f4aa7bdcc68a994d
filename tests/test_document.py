"""Structure (l10n/document.py): datelines, bullets, contact blocks, wrapped lines, headings by shape, tables, pages."""

from __future__ import annotations

import pytest
from conftest import DATA

from l10n.document import match_dateline, parse, places, read, structured
from l10n.errors import L10nError

HANBIT = DATA / "releases" / "hanbit-prnewswire-cp949.txt"  # Korean page noise around the release
LUMINA = DATA / "releases" / "lumina-prnewswire-wrapped.txt"  # Chinese page noise around the release


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
    ("McLEAN, Va., Sept. 09, 2026 (GLOBE NEWSWIRE) -- Veridian", "McLEAN, Va., Sept. 09, 2026 (GLOBE NEWSWIRE) --"),
    ("St. LOUIS--(BUSINESS WIRE)--Halcyon Bio, Inc. today", "St. LOUIS--(BUSINESS WIRE)--"),
    ("HONG KONG and SINGAPORE, Sept. 9, 2026 /PRNewswire/ -- Meridian",
     "HONG KONG and SINGAPORE, Sept. 9, 2026 /PRNewswire/ --"),
    ("SAN FRANCISCO, Calif. and SHANGHAI, China, Sept. 9, 2026 /PRNewswire/ -- Acme",
     "SAN FRANCISCO, Calif. and SHANGHAI, China, Sept. 9, 2026 /PRNewswire/ --"),
    ("TORONTO, Sept. 9, 2026 /CNW/ - Borealis Biosciences Inc.", "TORONTO, Sept. 9, 2026 /CNW/ -"),
    ("SEOUL, South Korea, Sept. 9, 2026 /KoreaNewswire/ -- Daehan Bio", "SEOUL, South Korea, Sept. 9, 2026 /KoreaNewswire/ --"),
    ("SUZHOU, China, Sept. 9, 2026 — Jiangsu Hengyuan", "SUZHOU, China, Sept. 9, 2026 —"),
    ("HELSINKI, Finland, Sept. 9, 2026 /PRNewswire/ -- Acme Biologics", "HELSINKI, Finland, Sept. 9, 2026 /PRNewswire/ --"),
    ("St. Jude Medical said on Sept. 9, 2026 -- a first.", None),
    ("McDonald's, Sept. 9, 2026 -- not a city in capitals", None),
    ("NMPA approved the trial -- a first.", None),
    ("FDA, EMA and NMPA - three regulators", None),
    ("XellSmart, July 28, 2025 -- not a place in capitals", None),
]


@pytest.mark.parametrize(("text", "dateline"), DATELINES)
def test_dateline(text, dateline):
    found = match_dateline(text)
    assert (found[0].strip() if found else None) == dateline


@pytest.mark.parametrize(("place", "cities"), [
    ("SUZHOU, China", [("SUZHOU", ("China",))]),
    ("BOSTON and SEOUL, South Korea", [("BOSTON", ()), ("SEOUL", ("South Korea",))]),
    ("McLEAN, Va.", [("McLEAN", ("Va.",))]),
    ("St. LOUIS", [("St. LOUIS", ())]),
    ("SAN FRANCISCO, Calif. and SHANGHAI, China", [("SAN FRANCISCO", ("Calif.",)), ("SHANGHAI", ("China",))]),
    ("HONG KONG, SINGAPORE and TOKYO", [("HONG KONG", ()), ("SINGAPORE", ()), ("TOKYO", ())]),
    ("LONDON, U.K.", [("LONDON", ("U.K.",))]),
])
def test_every_city_of_a_dateline_keeps_its_region(place, cities):
    assert places(place) == cities


TITLE_OVER_THREE = ("Acme Therapeutics Announces Positive Topline Results from\nIts Phase 2 Trial of AC-101 in "
                    "Patients with\nChronic Spinal Cord Injury\n\n")


@pytest.mark.parametrize(("dateline", "below"), [
    ("SAN DIEGO, March 3, 2026 /PRNewswire/", "-- Acme Therapeutics, Inc. today announced topline results."),
    ("SAN DIEGO, March 3, 2026", "— Acme Therapeutics, Inc. today announced topline results."),
])
def test_a_dateline_whose_dash_opens_the_next_line_is_found(dateline, below):
    """As a PDF wraps it: the dash that ends the dateline starts the next line."""
    blocks, _ = parse(f"{TITLE_OVER_THREE}{dateline}\n{below}\n\nThe trial enrolled 48 patients.\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("title", "Acme Therapeutics Announces Positive Topline Results from Its Phase 2 Trial of AC-101 in Patients "
                  "with Chronic Spinal Cord Injury"),
        ("dateline", f"{dateline} {below.split()[0]}"),
        ("body", below.split(" ", 1)[1]),
        ("body", "The trial enrolled 48 patients."),
    ]


PASTED_BODY = ("\n\nBOSTON, March 3, 2026 /PRNewswire/ -- Acme Bio today reported positive results from its Phase 2 "
               "trial of AB-1 in 120 patients with early disease.\n")


@pytest.mark.parametrize(("header", "blocks"), [
    # a title wrapped over short lines, none of four words: one title (the longest line alone before,
    # the others dropped as labels)
    ("Acme Names\nJane Doe Chief\nExecutive Officer", [("title", "Acme Names Jane Doe Chief Executive Officer")]),
    # a sentence-case title, its lines going on after a small word or in a small letter
    ("Acme reports positive results from\nits phase 2 trial of AB-1 in\nearly Alzheimer's disease",
     [("title", "Acme reports positive results from its phase 2 trial of AB-1 in early Alzheimer's disease")]),
    # a subheadline in sentence case under a title-cased headline: its own (one title before)
    ("Acme Bio Reports Positive Phase 2 Results for AB-1 in Early Alzheimer's Disease\nTrial met its primary endpoint",
     [("title", "Acme Bio Reports Positive Phase 2 Results for AB-1 in Early Alzheimer's Disease"),
      ("heading", "Trial met its primary endpoint")]),
    # a list under the title: items (the title a heading before)
    ("Acme Bio Reports Positive Phase 2 Results\n- Primary endpoint met\n- Well tolerated",
     [("title", "Acme Bio Reports Positive Phase 2 Results"), ("bullet", "Primary endpoint met"),
      ("bullet", "Well tolerated")]),
    # a title ending a sentence is whole on its line
    ("Acme Bio Reports Positive Results.\nFirst Patients Dosed in Boston",
     [("title", "Acme Bio Reports Positive Results."), ("heading", "First Patients Dosed in Boston")]),
    # five title-cased lines: four make the title
    ("Acme Bio\nReports Positive\nPhase 2 Results\nfor AB-1 in\nEarly Disease",
     [("title", "Acme Bio Reports Positive Phase 2 Results for AB-1 in"), ("heading", "Early Disease")]),
], ids=["short lines", "sentence case", "subheadline", "list", "sentence end", "four lines at most"])
def test_a_pasted_title_wrapped_over_short_lines(header, blocks):
    found, dropped = parse(header + PASTED_BODY)
    assert [(b.kind, b.text) for b in found][:-2] == blocks
    assert dropped == []


def test_a_printed_page_narrow_column_is_read_as_paragraphs():
    """A PDF's narrow column: no line is long, yet its lines are full lines of their paragraph; a
    field whose value goes on below, and a number cut at its dash, go on too; the larger line is the title."""
    text = ("Airworthiness Directives\n\nDEPARTMENT OF TRANSPORTATION\n\nSUMMARY: The FAA proposes to\n"
            "supersede Airworthiness Directive (AD)\n2018–23–51, which applies to all The\nBoeing Company Model "
            "737–8 and 737–\n9 airplanes. The agency has\ndetermined that final action is needed.\n")
    blocks, dropped = parse(text, printed=True, larger=frozenset({1}))
    assert [(b.kind, b.text) for b in blocks] == [
        ("title", "Airworthiness Directives"),
        ("heading", "DEPARTMENT OF TRANSPORTATION"),
        ("body", "SUMMARY: The FAA proposes to supersede Airworthiness Directive (AD) 2018–23–51, which applies to all "
                 "The Boeing Company Model 737–8 and 737–9 airplanes. The agency has determined that final action is "
                 "needed."),
    ]
    assert dropped == []


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


# --- wrapped text, headings by shape, tables, pages -----------------------------------------

HEAD = "Acme Biologics Reports Positive Phase 2 Results\n\n"

# (text after the title, the blocks it makes as (kind, text)): hard-wrapped lines (here at about
# 85 characters) are joined when the block's shape says they are one paragraph, and only then.
WRAPPED = [
    # the dateline at the start of the first wrapped line: cut, and the rest joined
    ("HELSINKI, Finland, Sept. 9, 2026 /PRNewswire/ -- Acme Biologics\n"
     "Oyj (Nasdaq Helsinki: ACME) today said that its Phase 2 trial of AB-204, an oral drug for\n"
     "chronic kidney disease, met its primary endpoint.\n",
     [("dateline", "HELSINKI, Finland, Sept. 9, 2026 /PRNewswire/ --"),
      ("body", "Acme Biologics Oyj (Nasdaq Helsinki: ACME) today said that its Phase 2 trial of AB-204, an oral "
               "drug for chronic kidney disease, met its primary endpoint.")]),
    # a line ending in `:` inside a sentence, and one inside brackets (`(Nasdaq:`)
    ("BOSTON, Sept. 9, 2026 /PRNewswire/ -- Calyx Neurotherapeutics, Inc. (Nasdaq:\n"
     "CLYX) said that its trial of CLX-44 in 214 randomized patients met both endpoints:\n"
     "the change in the MDS-UPDRS score and the time to the first fall.\n",
     [("dateline", "BOSTON, Sept. 9, 2026 /PRNewswire/ --"),
      ("body", "Calyx Neurotherapeutics, Inc. (Nasdaq: CLYX) said that its trial of CLX-44 in 214 randomized "
               "patients met both endpoints: the change in the MDS-UPDRS score and the time to the first fall.")]),
    # a colon before a list of short title-cased lines: items, a block each, and no headings
    ("BOSTON, Sept. 9, 2026 /PRNewswire/ -- Halcyon Bio, Inc. reported results today.\n\n"
     "Halcyon's clinical programs include:\nHB-101 for Lupus Nephritis\nHB-202 for Sjögren's Disease\n\n"
     "HB-101 is being studied in the Phase 2 HALO-LN trial, which enrolled 120 patients in 2026.\n",
     [("dateline", "BOSTON, Sept. 9, 2026 /PRNewswire/ --"), ("body", "Halcyon Bio, Inc. reported results today."),
      ("body", "Halcyon's clinical programs include:"), ("body", "HB-101 for Lupus Nephritis"),
      ("body", "HB-202 for Sjögren's Disease"),
      ("body", "HB-101 is being studied in the Phase 2 HALO-LN trial, which enrolled 120 patients in 2026.")]),
    # field lines stay lines; a short line ending a sentence ends its paragraph
    ("BOSTON, Sept. 9, 2026 /PRNewswire/ -- Acme will present the data at ESMO.\n"
     "Date: Oct. 17, 2026\nTime: 9:00 a.m. CEST\n",
     [("dateline", "BOSTON, Sept. 9, 2026 /PRNewswire/ --"), ("body", "Acme will present the data at ESMO."),
      ("body", "Date: Oct. 17, 2026"), ("body", "Time: 9:00 a.m. CEST")]),
    # two spaces after a sentence (a typist's habit) make no table
    ("BOSTON, Sept. 9, 2026 /PRNewswire/ -- Acme said its Phase 2 trial enrolled 48 patients.  Data\n"
     "are expected in 2026.  The company has cash to fund its operations into 2028 and\n"
     "plans a Phase 3 trial.\n",
     [("dateline", "BOSTON, Sept. 9, 2026 /PRNewswire/ --"),
      ("body", "Acme said its Phase 2 trial enrolled 48 patients.  Data are expected in 2026.  The company has cash "
               "to fund its operations into 2028 and plans a Phase 3 trial.")]),
    # a bullet wrapped without an indent: its sentence goes on
    ("BOSTON, Sept. 9, 2026 /PRNewswire/ -- Acme reported the results of the trial today.\n\n"
     "- A single intrathecal dose of 100 million cells, with a 12-month follow-up period for\n"
     "all patients\n- No dose-limiting toxicities\n",
     [("dateline", "BOSTON, Sept. 9, 2026 /PRNewswire/ --"), ("body", "Acme reported the results of the trial today."),
      ("bullet", "A single intrathecal dose of 100 million cells, with a 12-month follow-up period for all patients"),
      ("bullet", "No dose-limiting toxicities")]),
]


@pytest.mark.parametrize(("text", "blocks"), WRAPPED, ids=range(len(WRAPPED)))
def test_wrapped_lines_are_joined_by_the_shape_of_the_block(text, blocks):
    found, _ = parse(HEAD + text)
    assert [(b.kind, b.text) for b in found[1:]] == blocks


# A word cut by a hyphen at a line end: joined without the hyphen where the whole is a word (the
# release's own, or one of WORDS), else with it (a compound, or a word neither knows).
HYPHENS = [
    ("cell-based and small-molecule medi-", "cines for fibrotic diseases.", "small-molecule medicines for"),
    ("an oral tablet, giving doctors an off-the-", "shelf option at home.", "an off-the-shelf option"),
    ("results in a broad group of pa-", "tients with CKD and 214 randomized patients.", "group of patients with"),
    ("a durable, long-", "term response in the study population.", "a durable, long-term response"),
    ("a bispecific anti-", "PD-1 antibody in a Phase 3 trial.", "a bispecific anti-PD-1 antibody"),
]


@pytest.mark.parametrize(("last", "first", "joined"), HYPHENS)
def test_a_word_hyphenated_at_a_line_end(last, first, joined):
    found, _ = parse(f"{HEAD}BOSTON, Sept. 9, 2026 /PRNewswire/ -- Acme Biologics reported the results of {last}\n"
                     f"{first}\n")
    assert joined in found[-1].text
    assert found[-1].lines == (3, 4)


# (a line, the line after it, the kind of block the line makes)
HEADINGS = [
    ("About Acme Biologics, Inc.", "Acme Biologics, Inc. is a clinical-stage company in Boston.", "heading"),
    ("About Acme Co., Ltd.", "Acme Co., Ltd. is a clinical-stage company in Suzhou, China.", "heading"),
    ("About Laboratorios Andinos S.A.", "Laboratorios Andinos S.A. is based in Santiago, Chile.", "heading"),
    ("About Meridian Cell Sciences Pte. Ltd.", "Meridian was founded in 2020 in Singapore.", "heading"),
    ("About Helvetia Pharma AG", "Helvetia Pharma AG is a Swiss specialty pharmaceutical company.", "heading"),
    ("About Nordkapp Bio ASA", "Nordkapp Bio ASA is listed on the Oslo Stock Exchange in Norway.", "heading"),
    ("Trial Design", "The open-label Phase 1 trial will enroll up to 36 patients at six sites.", "heading"),
    ("Conference call and webcast", "Acme will host a conference call at 8:00 a.m. ET today to discuss it.", "heading"),
    ("Conference call and webcast", "Dial-in: +1 800-555-0199", "body"),  # no paragraph below: a line of text
    ("About 40% of patients responded.", "The company will present the data at a meeting in 2026.", "body"),
    ("SOURCE Acme Biologics, Inc.", "Acme Biologics, Inc. is a clinical-stage company in Boston.", "body"),
    ("Key results from the trial:", "The trial met its primary endpoint at week 52 in all patients.", "body"),
    ("About half of the 214 patients in the Phase 2 study had a response at week 12, the",
     "company said.", "body"),  # the first line of a wrapped paragraph
]


@pytest.mark.parametrize(("line", "below", "kind"), HEADINGS)
def test_headings_by_shape(line, below, kind):
    found, _ = parse(f"{HEAD}BOSTON, Sept. 9, 2026 /PRNewswire/ -- Acme reported results.\n\n{line}\n{below}\n")
    assert [(b.kind, b.text) for b in found if b.line == 5] == [(kind, line if kind == "heading" else found[3].text)]


PAGED = (HEAD + "Acme Biologics Oyj    Stock Exchange Release    9 September 2026 at 8:00 EEST\n\n"
         "HELSINKI, Finland, Sept. 9, 2026 /PRNewswire/ -- Acme Biologics Oyj plans to meet the U.S. FDA\n"
         "and the European Medicines Agency in 2027 to discuss the design of a Phase 3\n\n"
         "Acme Biologics Oyj | www.acmebiologics.fi\nPage 1 of 2\n\n"
         "Acme Biologics Oyj    Stock Exchange Release    9 September 2026 at 8:00 EEST\n\n"
         "program in chronic kidney disease.\n\nAcme Biologics Oyj | www.acmebiologics.fi\nPage 2 of 2\n")


def test_a_paragraph_goes_on_across_the_page_furniture():
    blocks, dropped = parse(PAGED)
    assert [(b.kind, b.lines) for b in blocks] == [("title", (1,)), ("dateline", (5,)), ("body", (5, 6, 13))]
    assert blocks[-1].text.endswith("design of a Phase 3 program in chronic kidney disease.")
    assert [(d.line, d.reason) for d in dropped] == [
        (3, "page_header"), (8, "page_footer"), (9, "page_number"), (11, "page_header"), (15, "page_footer"),
        (16, "page_number")]


def test_a_form_feed_is_a_page_break():
    paged = PAGED.replace("Acme Biologics Oyj | www.acmebiologics.fi\nPage 1 of 2\n", "\f\n").replace(
        "Acme Biologics Oyj | www.acmebiologics.fi\nPage 2 of 2\n", "")
    blocks, dropped = parse(paged)
    assert [(b.kind, b.lines) for b in blocks] == [("title", (1,)), ("dateline", (5,)), ("body", (5, 6, 12))]
    assert [(d.line, d.reason) for d in dropped] == [(3, "page_header"), (10, "page_header")]


def test_a_repeated_line_is_no_running_header_without_pages():
    blocks, dropped = parse(PAGED.replace("Page 1 of 2", "").replace("Page 2 of 2", ""))
    assert not dropped
    assert sum(b.text == "Acme Biologics Oyj | www.acmebiologics.fi" for b in blocks) == 2


def test_table_rows_are_blocks_of_their_own_with_their_indent():
    text = (f"{HEAD}SAN DIEGO, Aug. 6, 2026 (GLOBE NEWSWIRE) -- Solara reported results.\n\n"
            "                                2026          2025\n"
            "Revenue                     $ 52,418      $ 37,195\n"
            "Net loss per share          $  (0.18)     $  (0.32)\n")
    blocks, dropped = parse(text)
    assert not dropped
    assert [(b.prefix, b.text) for b in blocks[3:]] == [
        (" " * 32, "2026          2025"), ("", "Revenue                     $ 52,418      $ 37,195"),
        ("", "Net loss per share          $  (0.18)     $  (0.32)")]


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
    ("japanese.txt", "東京、2026年10月15日 — 本日、新薬の第2相試験の結果を発表した。\n試験は48名の患者を対象に行われた。\n".encode(),
     "is not in English: 2 lines in another script"),
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


# A short heading right under a page's title: a section's heading when a list follows it, else a
# site's label (`Health` above the story).
@pytest.mark.parametrize(("after", "kept"), [("li", True), ("ol", True), ("p", False)])
def test_a_short_heading_over_a_list_opens_a_section(after, kept):
    from l10n.model import Para

    paras = [Para("Halden Biosciences Reports Third Quarter 2026 Results", tag="h1", line=1),
             Para("Highlights", tag="h2", line=2),
             Para("Revenue rose 12% to $48.2 million in the quarter.", tag=after, line=3),
             Para("CAMBRIDGE, Mass., Oct. 15, 2026 -- Halden Biosciences today reported results for the third "
                  "quarter of 2026.", line=4)]
    blocks, dropped = structured(paras)
    assert (("heading", "Highlights") in [(b.kind, b.text) for b in blocks]) is kept
    assert [d.reason for d in dropped if d.text == "Highlights"] == ([] if kept else ["label"])

