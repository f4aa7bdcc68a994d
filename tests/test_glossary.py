from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from conftest import DATA, ROOT, SEED

from l10n import glossary
from l10n.document import read as read_release
from l10n.errors import L10nError
from l10n.segment import segment

SMALL = DATA / "glossary" / "small.csv"
BAD = DATA / "glossary" / "bad.csv"
USER = DATA / "glossary" / "user.csv"


@pytest.fixture(scope="module")
def small():
    return glossary.load([SMALL])


def cli(*args):
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


# --- matching ----------------------------------------------------------------------------

# (text, [(matched text, term source)]) : what a reviewer expects the glossary to find
MATCHES = [
    ("early-onset Parkinson's disease", [("early-onset Parkinson's disease", "early-onset Parkinson's disease")]),
    ("patients with Parkinson's Disease", [("Parkinson's Disease", "Parkinson's disease")]),
    ("Parkinson disease", [("Parkinson disease", "Parkinson's disease")]),
    ("Parkinson’s disease", [("Parkinson’s disease", "Parkinson's disease")]),
    ("ALS and ALSO", [("ALS", "ALS")]),
    ("als is lowercase", []),
    ("non-ALS cohorts", [("ALS", "ALS")]),
    ("iPSC-derived cells", [("iPSC-derived", "iPSC-derived")]),
    ("iPSC derived cells", [("iPSC derived", "iPSC-derived")]),
    ("IPSC-derived", []),
    ("an iPSC line", [("iPSC", "iPSC")]),
    ("neural progenitor cells", [("neural progenitor cells", "neural progenitor cell")]),
    ("cell therapies", [("cell therapies", "cell therapy")]),
    ("off the shelf", [("off the shelf", "off-the-shelf")]),
    ("Off-The-Shelf", [("Off-The-Shelf", "off-the-shelf")]),
    ("seven INDs", [("INDs", "IND")]),
    ("Investigational New Drug (IND)", [("Investigational New Drug", "IND"), ("IND", "IND")]),
    ("the U.S. FDA", [("U.S.", "U.S."), ("FDA", "FDA")]),
    ("the US FDA", [("US FDA", "FDA")]),
    ("XellSmart's trial", [("XellSmart", "XellSmart")]),
    ("XELLSMART", []),
    ("SUZHOU, China", [("SUZHOU", "Suzhou")]),
    ("a Phase 1/2 trial", [("Phase 1/2", "Phase I/II")]),
    ("XS228 injection", [("XS228", "XS228")]),
    ("XS2280", []),
    ("spinal cord injury (SCI)", [("spinal cord injury", "spinal cord injury")]),
    ("spinal-cord injury", [("spinal-cord injury", "spinal cord injury")]),
    ("xs228 is not a code", []),
]


@pytest.mark.parametrize(("text", "expected"), MATCHES)
def test_find(small, text, expected):
    assert [(m.text, m.term.source) for m in small.find(text)] == expected


def test_match_offsets_point_into_the_text(small):
    text = "In 2025, the world's first Phase I/II trial of XS228 for ALS began in SUZHOU."
    for match in small.find(text):
        assert text[match.start:match.end] == match.text


def test_dnt_term_is_its_own_target(small):
    code = small.find("XS228")[0].term
    assert (code.target("zh_CN"), code.target("ko_KR")) == ("XS228", "XS228")


# --- validation --------------------------------------------------------------------------

def test_bad_rows_are_one_line_each_with_file_and_line():
    problems = [str(p) for p in glossary.check([BAD])]
    assert problems == [
        f"{BAD}:3: 'Spinal Cord Injury' is listed twice with different targets (also line 2); keep one row per concept",
        f"{BAD}:4: 'ALS' has no ko_KR target; fill it in or make the row `dnt`",
        f"{BAD}:6: unknown type 'regulator' for 'NMPA'; use term, name or dnt",
        f"{BAD}:7: has 5 fields, the header has 7; quote a field that holds a comma",
        f"{BAD}:8: a quote opened on this row is never closed; close it or remove it",
    ]


def test_load_stops_at_the_first_problem():
    with pytest.raises(L10nError) as error:
        glossary.load([BAD])
    assert str(error.value).startswith(f"{BAD}:3: ")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the glossary is empty"),
    (b"term,target\nALS,ALS\n", "header row lacks en, type"),
    (b"en,type,zh_CN\nALS,term,\xff\n", "is not UTF-8"),
    (b"en,type,source\nALS,term,x\n", "lacks a target locale"),
])
def test_unreadable_files_are_one_error(tmp_path, content, message):
    path = tmp_path / "terms.csv"
    path.write_bytes(content)
    with pytest.raises(L10nError) as error:
        glossary.read(path)
    assert message in str(error.value) and str(error.value).startswith(str(path))


def test_the_version_changes_with_any_target():
    assert glossary.load([SMALL]).version == glossary.load([SMALL]).version
    assert glossary.load([SMALL, USER]).version != glossary.load([SMALL]).version


def test_a_users_row_wins_and_check_says_so():
    layered = glossary.load([SMALL, USER])
    match = layered.find("spinal cord injury (SCI)")
    assert [(m.text, m.term.target("zh_CN")) for m in match] == [
        ("spinal cord injury", "脊髓损伤（SCI）"), ("SCI", "脊髓损伤（SCI）")]
    notes = [p for p in glossary.check([SMALL, USER]) if not p.fatal]
    assert [str(p) for p in notes] == [f"{USER}:2: 'spinal cord injury' overrides {SMALL}:17"]


# --- TBX and CSV round trips -------------------------------------------------------------

def _plain(terms):
    return [dataclasses.replace(term, file="", line=0) for term in terms]


def test_tbx_round_trip(tmp_path):
    terms, _ = glossary.read(SMALL)
    path = tmp_path / "small.tbx"
    path.write_text(glossary.to_tbx(terms), encoding="utf-8")
    assert _plain(glossary.from_tbx(path)) == _plain(terms)


def test_tbx_loads_in_translate_toolkit():
    from translate.storage.tbx import tbxfile

    terms, _ = glossary.read(SMALL)
    store = tbxfile.parsestring(glossary.to_tbx(terms).encode("utf-8"), sourcelanguage="en", targetlanguage="zh-CN")
    units = [unit for unit in store.units if unit.source]
    assert [(u.source, u.target) for u in units] == [(t.source, t.target("zh_CN")) for t in terms]
    assert [u.istranslatable() for u in units] == [t.kind != "dnt" for t in terms]


def test_csv_round_trip(tmp_path):
    terms, _ = glossary.read(SMALL)
    path = tmp_path / "again.csv"
    path.write_text(glossary.to_csv(terms), encoding="utf-8")
    again, problems = glossary.read(path)
    assert problems == [] and _plain(again) == _plain(terms)


def test_malformed_tbx_names_the_line(tmp_path):
    path = tmp_path / "broken.tbx"
    path.write_text("<martif>\n<text><body>\n<termEntry>\n</body></text></martif>\n", encoding="utf-8")
    with pytest.raises(L10nError) as error:
        glossary.from_tbx(path)
    assert str(error.value).startswith(f"{path}:4: is not well-formed XML")


# --- the shipped glossary ----------------------------------------------------------------

def test_shipped_glossary_is_valid_and_large():
    assert [str(p) for p in glossary.check([glossary.SHIPPED])] == []
    assert len(glossary.load().terms) >= 150


def test_shipped_glossary_names_xellsmart_as_it_names_itself():
    xellsmart = glossary.load().find("XellSmart")[0].term
    assert xellsmart.target("zh_CN") == "士泽生物"


SEED_TERMS = [
    "XellSmart", "NMPA", "FDA", "spinal cord injury", "ALS", "Parkinson's disease",
    "early-onset Parkinson's disease", "registrational clinical trial", "Phase I", "Phase I/II",
    "patient dosing", "follow-up period", "iPSC-derived", "allogeneic", "off-the-shelf", "neural progenitor cell",
    "dopaminergic", "subtype-specific", "clinical-grade", "GMP", "CMC", "IND", "Orphan Drug Designation",
    "The Third Affiliated Hospital of Sun Yat-sen University", "Beijing Tiantan Hospital",
    "Huashan Hospital of Fudan University", "Peking University Third Hospital",
    "National Neurological Disease Medical Center", "Qiming Venture Partners", "Eli Lilly Asia Ventures",
    "Sequoia Capital China (Hongshan)", "Guangzhou", "Suzhou",
]


def test_find_over_the_seed_release_returns_every_seed_term():
    shipped = glossary.load()
    found = {}
    for unit in segment(read_release(SEED)):
        for match in shipped.find(unit.text):
            found[match.term.source.lower()] = match.term
    missing = [term for term in SEED_TERMS if term.lower() not in found]
    assert missing == []
    for term in found.values():
        assert term.target("zh_CN") and term.target("ko_KR"), term.source


# --- command line ------------------------------------------------------------------------

def test_cli_find_json_contract():
    result = cli("glossary", "find", "XellSmart dosed SCI patients in the U.S.", "--json", "-g", SMALL)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {"text", "start", "end", "kind", "targets"} <= set(rows[0])
    assert rows[0]["text"] == "XellSmart" and rows[0]["targets"]["zh_CN"] == "士泽生物"


def test_cli_find_in_a_release_file():
    result = cli("glossary", "find", "--file", SEED, "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["line"] == 21 and all("unit" in row for row in rows)


@pytest.mark.parametrize(("args", "status", "stream", "words"), [
    (("glossary", "check"), 0, "stdout", "no problems"),
    (("glossary", "check", BAD), 2, "stderr", f"error: {BAD}:4: 'ALS' has no ko_KR target"),
    (("glossary", "check", USER), 0, "stdout", f"note: {USER}:2: 'spinal cord injury' overrides"),
    (("glossary", "check", "missing.csv"), 2, "stderr", "error: missing.csv: no such glossary file"),
    (("glossary", "find"), 2, "stderr", "give either TEXT or --file FILE"),
    (("glossary", "export", "--format", "xlsx"), 2, "stderr", "unknown format 'xlsx'"),
])
def test_cli_glossary(args, status, stream, words):
    result = cli(*args)
    assert result.returncode == status
    assert words in getattr(result, stream)
    assert "Traceback" not in result.stderr


def test_cli_export_then_import(tmp_path):
    tbx, csv_path = tmp_path / "out.tbx", tmp_path / "back.csv"
    assert cli("glossary", "export", "--format", "tbx", "-o", tbx).returncode == 0
    assert cli("glossary", "import", tbx, "-o", csv_path).returncode == 0
    assert _plain(glossary.read(csv_path)[0]) == _plain(glossary.load().terms)
