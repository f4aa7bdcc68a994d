from __future__ import annotations

import json
import re

import pytest
from conftest import DATA, RELEASES, SEED, expected
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.document import read
from l10n.segment import segment, split_sentences

GOLDEN = json.loads((DATA / "golden_rules_en.json").read_text(encoding="utf-8"))["rules"]


def test_all_48_golden_rules_are_present():
    assert len(GOLDEN) == 48
    assert sum(split_sentences(rule["text"]) == rule["expected"] for rule in GOLDEN) == 48


@pytest.mark.parametrize("rule", GOLDEN, ids=lambda rule: f"rule{rule['n']}")
def test_golden_rule(rule):
    assert split_sentences(rule["text"]) == rule["expected"]


# Press-release text pySBD alone gets wrong, and boundaries that must survive the mending.
PRESS_RELEASE_SENTENCES = [
    ("XellSmart Biopharmaceutical (Suzhou/Shanghai) Co., Ltd. achieved a milestone. It was big.",
     ["XellSmart Biopharmaceutical (Suzhou/Shanghai) Co., Ltd. achieved a milestone.", "It was big."]),
    ("Meridian Bio Pte. Ltd. holds the rights. Lumina keeps China.",
     ["Meridian Bio Pte. Ltd. holds the rights.", "Lumina keeps China."]),
    ("Foo Sdn. Bhd. and Bar Pty. Ltd. agreed.", ["Foo Sdn. Bhd. and Bar Pty. Ltd. agreed."]),
    ("Acme Inc. announced results. It grew.", ["Acme Inc. announced results.", "It grew."]),
    ("The deal closed with Acme Corp. The company is big.", ["The deal closed with Acme Corp.", "The company is big."]),
    ("He works in the U.S. and in No. 2 building. Next.", ["He works in the U.S. and in No. 2 building.", "Next."]),
    ("Dr. Kim, Ph.D., M.D., joined. He leads R&D.", ["Dr. Kim, Ph.D., M.D., joined.", "He leads R&D."]),
    ("Take approx. 5 mg, i.e., a low dose, vs. placebo, incl. adverse events. Done.",
     ["Take approx. 5 mg, i.e., a low dose, vs. placebo, incl. adverse events.", "Done."]),
    ("The Phase I/II trial dosed 3.5 mg/kg. It went well.", ["The Phase I/II trial dosed 3.5 mg/kg.", "It went well."]),
    ("Contact BD@xellsmart.com or visit www.xellsmart.com. Thanks.",
     ["Contact BD@xellsmart.com or visit www.xellsmart.com.", "Thanks."]),
    ('"We are thrilled," said Dr. Jane Smith, CEO of Acme. "This is a milestone."',
     ['"We are thrilled," said Dr. Jane Smith, CEO of Acme.', '"This is a milestone."']),
    ("The company is based in San Diego, Calif. Its pipeline includes XS228.",
     ["The company is based in San Diego, Calif.", "Its pipeline includes XS228."]),
    ("The call starts at 4:30 p.m. Eastern Time on Nov. 3. A replay follows.",
     ["The call starts at 4:30 p.m. Eastern Time on Nov. 3.", "A replay follows."]),
    ("The webcast is at 9 a.m. ET. Please join.", ["The webcast is at 9 a.m. ET.", "Please join."]),
    ("Approx. 48 patients were dosed. Data follow.", ["Approx. 48 patients were dosed.", "Data follow."]),
    # a period that starts a word ends no sentence
    ("The data are available as .zip or .rar files. See Fig. 2 for details.",
     ["The data are available as .zip or .rar files.", "See Fig. 2 for details."]),
    ("It runs on .NET and Java. It is fast.", ["It runs on .NET and Java.", "It is fast."]),
    # a run-in heading is a unit of its own; capitalized words before a sentence otherwise are not
    ("Forward-Looking Statements This press release contains forward-looking statements. They may differ.",
     ["Forward-Looking Statements", "This press release contains forward-looking statements.", "They may differ."]),
    ("Cautionary Note Regarding Forward-Looking Statements Statements in this release are not facts.",
     ["Cautionary Note Regarding Forward-Looking Statements", "Statements in this release are not facts."]),
    ("Notes to Editors Acme is a biotech company.", ["Notes to Editors", "Acme is a biotech company."]),
    ("Forward-looking statements are risky, it said.", ["Forward-looking statements are risky, it said."]),
    ("Acme Therapeutics Inc Announces Results Today.", ["Acme Therapeutics Inc Announces Results Today."]),
    # a list inside a sentence stays in it; a list of sentences (Golden Rules 32 to 35) is split
    ("The company will (a) expand the trial and (b) file for approval in 2026.",
     ["The company will (a) expand the trial and (b) file for approval in 2026."]),
    ("Patients must: 1) be adults; 2) have SCI; and 3) consent.", ["Patients must: 1) be adults; 2) have SCI; and 3) consent."]),
    ("The plan has three parts: (i) dosing, (ii) follow-up and (iii) analysis.",
     ["The plan has three parts: (i) dosing, (ii) follow-up and (iii) analysis."]),
    ("It ended. (a) The next item starts here.", ["It ended.", "(a) The next item starts here."]),
    ("Mr. Smith, Sacramento, Cal.; on behalf of the Petitioner. He spoke.",
     ["Mr. Smith, Sacramento, Cal.; on behalf of the Petitioner.", "He spoke."]),
]


@pytest.mark.parametrize(("text", "sentences"), PRESS_RELEASE_SENTENCES)
def test_press_release_sentences(text, sentences):
    assert split_sentences(text) == sentences


@given(st.lists(st.sampled_from([s for _, ss in PRESS_RELEASE_SENTENCES for s in ss] + ["", " ", "\n"]), max_size=8))
def test_sentences_cover_the_text_in_order(pieces):
    text = " ".join(pieces)
    sentences = split_sentences(text)
    assert re.sub(r"\s+", "", "".join(sentences)) == re.sub(r"\s+", "", text)
    at = 0
    for sentence in sentences:
        found = text.index(sentence, at)
        assert not text[at:found].strip()
        at = found + len(sentence)


@pytest.fixture(scope="module")
def seed_units():
    return segment(read(SEED))


def test_seed_title_and_dateline_are_exact(seed_units):
    assert (seed_units[0].kind, seed_units[0].text) == (
        "title",
        "XellSmart Completed World's First Patient Dosing in its Registrational Clinical trial for "
        "iPSC-derived Subtype-specific Neural Cell Therapy for Spinal Cord Injury",
    )
    assert (seed_units[1].kind, seed_units[1].text, seed_units[1].line) == (
        "dateline", "SUZHOU, China, July 28, 2025 --", 23)
    assert seed_units[2].text.startswith("XellSmart Biopharmaceutical (Suzhou/Shanghai) Co., Ltd. achieved")


def test_seed_has_no_hangul_and_no_split_inside_co_ltd(seed_units):
    assert not any(re.search(r"[\uac00-\ud7a3]", unit.text) for unit in seed_units)
    assert not any(unit.text.endswith("Co.,") or unit.text.startswith("Ltd.") for unit in seed_units)


def test_seed_bullets_without_marker(seed_units):
    bullets = [unit.text for unit in seed_units if unit.kind == "bullet"]
    assert [b.split(":")[0] for b in bullets] == [
        "Parkinson's Disease (PD)", "Spinal Cord Injury (SCI)", "Amyotrophic Lateral Sclerosis (ALS)"]


def test_seed_contact_sentence_is_body_twice_with_distinct_ids(seed_units):
    contact = [u for u in seed_units if u.text == "For funding and BD cooperation, please contact: BD@xellsmart.com"]
    assert [u.kind for u in contact] == ["body", "body"]
    assert [u.line for u in contact] == [45, 93]
    assert contact[0].id != contact[1].id


@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.stem)
def test_fixture_release_units(release):
    document = read(release)
    want = expected(release)
    assert document.encoding == want["encoding"]
    assert [[u.line, u.kind, u.text] for u in segment(document)] == want["units"]
    assert [[d.line, d.reason] for d in document.dropped] == want["dropped"]


@pytest.mark.parametrize("release", [*RELEASES, SEED], ids=lambda p: p.stem)
def test_every_non_noise_line_is_covered_in_order(release):
    document = read(release)
    units = segment(document)
    lines = [u.line for u in units]
    assert lines == sorted(lines)
    dropped = {d.line for d in document.dropped}
    covered = {line for block in document.blocks for line in block.lines}
    raw = release.read_bytes().decode(document.encoding).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text_lines = {n for n, line in enumerate(raw, 1) if line.replace("\u00a0", " ").strip()}
    assert text_lines == covered | dropped
    assert not covered & dropped


def test_ids_are_stable_when_a_sentence_is_inserted(tmp_path):
    original = SEED.read_text(encoding="utf-8")
    edited = original.replace("All monitored parameters remained within normal ranges.",
                              "All monitored parameters remained within normal ranges. No dose was missed.")
    (tmp_path / "edited.txt").write_text(edited, encoding="utf-8")
    before = {u.text: u.id for u in segment(read(SEED))}
    after = {u.text: u.id for u in segment(read(tmp_path / "edited.txt"))}
    assert set(after) - set(before) == {"No dose was missed."}
    assert all(after[text] == id_ for text, id_ in before.items())


# Text reaches pySBD in sentence-sized pieces (its cost grows faster than its input), through
# a quicker abbreviation pass; neither may change anything stock pySBD would say, on every
# paragraph we have.
def _whole(text):
    """Stock pySBD on the whole text, with the press-release joins."""
    import pysbd

    from l10n.segment import _mend, run_in

    return run_in([piece.strip() for piece in _mend(pysbd.Segmenter(language="en", clean=False).segment(text), "en")
                   if piece.strip()], "en")


PARAGRAPHS = [block.text for release in [SEED, *RELEASES] for block in read(release).blocks
              if block.kind in ("body", "bullet")] + [rule["text"] for rule in GOLDEN] + \
             [text for text, _ in PRESS_RELEASE_SENTENCES]


@pytest.mark.parametrize("text", PARAGRAPHS, ids=lambda text: text[:30])
def test_pieces_change_no_boundary(text):
    assert split_sentences(text) == _whole(text)


def test_a_huge_line_reaches_pysbd_in_short_pieces():
    from l10n.segment import LONGEST, _pieces

    text = "The trial dosed patient 7 at approx. 5 mg in the U.S. and it went on " * 3000 + "Then it ended."
    pieces = _pieces(text, "en")
    assert "".join(pieces) == text and max(map(len, pieces)) <= LONGEST
    sentences = split_sentences(text)
    assert sentences[-1].endswith("Then it ended.") and "".join(sentences).replace(" ", "") == text.replace(" ", "")


WORDS = ["Acme", "Inc.", "dosed", "patient", "7", "at", "approx.", "5", "mg.", "The", "U.S.", "trial", "Dr.", "Kim",
         "said:", '"Good', 'news."', "(Nasdaq:", "ACME)", "4:30", "p.m.", "ET", "ended!", "Why?", "1)", "2)", "i.e.,",
         "No.", "3", "...", "—", "St.", "Louis", "Co.,", "Ltd.", "vs.", "placebo.", "It", "grew", "33.5%", "in", "2025."]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60), st.sampled_from([" ", "  ", " \u00a0"]))
def test_sentences_are_found_back_as_pysbd_finds_them(words, space):
    text = space.join(words)
    assert split_sentences(text) == _whole(text)


# pySBD's abbreviation pass as l10n runs it (only abbreviations a period follows) against stock
# pySBD's, on text built to trip it: a few abbreviations spelled in every case, with letters that
# match only without case (`İ`, `ı`, `ſ`, `K`), a space for a `.` inside one (`e g.`), with and
# without their period, inside the literal braces of pySBD's second regex (`{inc} X`), after
# every kind of space and before every kind of word.
SPELLINGS = {"i": "iIİı", "s": "sSſ", "k": "kK\u212a", ".": ". "}
AFTER = ["X", "a", "5", "(1)", ":2", ",", "I'm"]


@st.composite
def _abbreviation_text(draw):
    from pysbd.lang.english import English

    chosen = draw(st.lists(st.sampled_from(English.Abbreviation.ABBREVIATIONS), min_size=1, max_size=2))
    spelled = [st.tuples(*(st.sampled_from(SPELLINGS.get(c, c + c.upper())) for c in abbr)).map("".join)
               for abbr in chosen]
    word = st.one_of(*spelled, st.sampled_from(AFTER + [f"{{{abbr}}}" for abbr in chosen]))
    words = draw(st.lists(st.tuples(word, st.sampled_from([".", ""]), st.sampled_from([" ", " ", " ", "", "\n", "\t", "\u00a0"])),
                          min_size=1, max_size=12))
    return "".join(word + period + space for word, period, space in words)


def _same_abbreviation_pass(text):
    from pysbd.lang.english import English

    from l10n.segment import _segmenter

    quicker = _segmenter("en").language_module
    assert quicker is not English
    assert quicker.AbbreviationReplacer(text, quicker).replace() == English.AbbreviationReplacer(text, English).replace()


@pytest.mark.slow
@settings(max_examples=500)
@given(_abbreviation_text())
def test_the_abbreviation_pass_is_pysbds(text):
    _same_abbreviation_pass(text)


ABBREVIATION_TRAPS = [
    "İnc. a inc",  # İ is i without case, but "İ".lower() is two characters
    "ſt. a st",  # ſ is s without case, and "ſ".lower() is itself
    "\u212aan. a kan",  # the Kelvin sign is k without case
    "e.g e g. a",  # the `.` inside an abbreviation is any character
    "{inc} X inc. a",  # pySBD's second regex: a capital after `{inc} ` keeps the first `inc.` as it is
    "Acme\u00a0Inc. and Dr.\tLee, i.e. U.S. a",  # any space starts a word
    "Inc.(a) No.5 pp. 3 Dr.Kim St. louis",
]


@pytest.mark.parametrize("text", ABBREVIATION_TRAPS)
def test_the_abbreviation_pass_is_pysbds_on_its_traps(text):
    _same_abbreviation_pass(text)


# --- letterless units ---------------------------------------------------------------------

HEAD_LINES = "Acme Reports Results\n\nBOSTON, March 3, 2026 -- Acme reported its results today.\n\n"
LETTERLESS = [
    # (body, units after the dateline's sentence: (text, copied))
    ("Revenue rose by 12%. 48%. It expects more.\n",
     [("Revenue rose by 12%. 48%.", False), ("It expects more.", False)]),
    ("2025. Revenue rose by 12%.\n", [("2025. Revenue rose by 12%.", False)]),
    ("2025\n\n$4.5\n\nRevenue rose.\n", [("2025", True), ("$4.5", True), ("Revenue rose.", False)]),
    ("- 48 %\n- 52 %\n", [("48 %", True), ("52 %", True)]),
    ("10:30 – 11:00\n\nThe call starts then.\n", [("10:30 – 11:00", True), ("The call starts then.", False)]),
    ("Revenue of $4.5M.\n", [("Revenue of $4.5M.", False)]),
    ("Q3 2025\n\nRevenue rose.\n", [("Q3 2025", False), ("Revenue rose.", False)]),
]


@pytest.mark.parametrize(("body", "units"), LETTERLESS, ids=range(len(LETTERLESS)))
def test_a_letterless_unit_is_copied_and_a_letterless_sentence_goes_with_its_neighbour(body, units):
    from pathlib import Path

    from l10n.document import from_bytes
    from l10n.segment import copied

    found = segment(from_bytes((HEAD_LINES + body).encode(), Path("release.txt")))
    assert [(u.text, copied(u.text)) for u in found[3:]] == units


# A Word paragraph's objects (`*` here: a footnote reference, an inline picture) as empty codes:
# never a place to split, always with the sentence they stand in or follow.
OBJECTS = [
    ("The study met its endpoint.* Sales rose.", ["The study met its endpoint.<x1/>", "Sales rose."]),
    ("The study met its endpoint. * Sales rose.", ["The study met its endpoint. <x1/>", "Sales rose."]),
    ("The study* met its endpoint. Sales* rose.", ["The study<x1/> met its endpoint.", "Sales<x1/> rose."]),
    ("It met the U.S.* endpoint. Sales rose.", ["It met the U.S.<x1/> endpoint.", "Sales rose."]),
    ("The logo *** stands here. Then more.", ["The logo <x1/><x2/><x3/> stands here.", "Then more."]),
    ("* The study met its endpoint. Sales rose.", ["<x1/> The study met its endpoint.", "Sales rose."]),
    ("The study met its endpoint.*", ["The study met its endpoint.<x1/>"]),
]


@pytest.mark.parametrize(("text", "units"), OBJECTS)
def test_an_object_stays_in_its_sentence(text, units):
    from pathlib import Path

    from l10n.inline import OBJECT
    from l10n.model import Block, Document, Mark

    text = text.replace("*", OBJECT)
    marks = tuple(Mark(n, n + 1, "x", f"picture {k}") for k, n in enumerate(
        (n for n, c in enumerate(text) if c == OBJECT), start=1))
    block = Block("body", text, (1,), (0,), marks=marks)
    found = segment(Document(Path("release.docx"), "utf-8", False, (block,), (), format="docx"))
    assert [u.text for u in found] == units
