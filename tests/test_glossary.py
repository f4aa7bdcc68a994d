from __future__ import annotations

import csv
import dataclasses
import io
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
FORMULAS = DATA / "glossary" / "formulas.csv"
HEADER = "en,variants,zh_CN,ko_KR,type,note,source\n"


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


def test_a_row_of_one_field_is_counted_as_one(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text(HEADER + "stent\n", encoding="utf-8")
    assert [str(p) for p in glossary.check([path])] == [
        f"{path}:2: has 1 field, the header has 7; quote a field that holds a comma"]


def test_load_stops_at_the_first_problem():
    with pytest.raises(L10nError) as error:
        glossary.load([BAD])
    assert str(error.value).startswith(f"{BAD}:3: ")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the glossary is empty"),
    (b"term,target\nALS,ALS\n", "header row lacks en, type"),
    (b"en,type,zh_CN\nALS,term,\xff\n", "is not UTF-8"),
    (b"en,type,source\nALS,term,x\n", "lacks a target locale"),
    ("ALS".encode("utf-16"), ":1: is UTF-16 (Excel's \"Unicode Text\"); save the glossary as CSV UTF-8"),
    ("en,type,zh_CN".encode("utf-16-be"), ":1: holds a NUL byte"),  # no BOM: the NUL bytes give it away
    (b"en,type,zh_CN\nALS\x00,term,x\n", ":2: holds a NUL byte, which no glossary cell may"),
    (b"en,en,type,zh_CN\nALS,ALS,term,x\n", ":1: the header row names `en` twice; keep one column of each name"),
    (b"en,type,zh_CN,zh_CN\nALS,term,x,y\n", ":1: the header row names `zh_CN` twice"),
    (b'"en,type,zh_CN\nALS,term,x\n', ":1: a quote opened on this row is never closed"),
    (b"en,type,zh_CN," + b"x" * 140_000 + b"\n", ":1: a field is longer than 131,072 characters"),
])
def test_unreadable_files_are_one_error(tmp_path, content, message):
    path = tmp_path / "terms.csv"
    path.write_bytes(content)
    with pytest.raises(L10nError) as error:
        glossary.read(path)
    assert message in str(error.value) and str(error.value).startswith(str(path))


# byte-order marks and line ends a spreadsheet or editor may write: each reads as one clean row
@pytest.mark.parametrize("content", [
    b"\xef\xbb\xbf" + HEADER.encode() + "ALS,,渐冻症,루게릭병,term,,reason: x\n".encode(),
    b"\xef\xbb\xbf\xef\xbb\xbf" + HEADER.encode() + "ALS,,渐冻症,루게릭병,term,,reason: x\n".encode(),
    (HEADER + "ALS,,渐冻症,루게릭병,term,,reason: x\n").replace("\n", "\r\n").encode(),
    (HEADER + "ALS,,渐冻症,루게릭병,term,,reason: x").replace("\n", "\r").encode(),
])
def test_boms_and_line_ends_read_cleanly(tmp_path, content):
    path = tmp_path / "terms.csv"
    path.write_bytes(content)
    terms, problems = glossary.read(path)
    assert problems == [] and [(t.source, t.target("ko_KR")) for t in terms] == [("ALS", "루게릭병")]


@pytest.mark.parametrize(("function", "message"), [
    (glossary.read, "is a folder; give a glossary file"),
    (glossary.from_tbx, "is a folder; give a TBX file"),
])
def test_a_folder_is_one_error(tmp_path, function, message):
    with pytest.raises(L10nError) as error:
        function(tmp_path)
    assert str(error.value) == f"{tmp_path}: {message}"


@pytest.mark.parametrize(("function", "opener"), [
    (glossary.read, "l10n.files.open"),
    (glossary.from_tbx, "xml.etree.ElementTree.iterparse"),
])
def test_an_unreadable_file_is_one_error(tmp_path, monkeypatch, function, opener):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    (tmp_path / "terms").write_text("en,zh_CN\n", encoding="utf-8")
    monkeypatch.setattr(opener, refuse, raising=False)
    with pytest.raises(L10nError) as error:
        function(tmp_path / "terms")
    assert str(error.value) == f"{tmp_path / 'terms'}: cannot be read (Permission denied); check its permissions"


# rows after the header -> the problems `check` reports, as `line: start of the message`
LONG_CELLS = [
    (f"ALS,,x,y,term,{'n' * 32_767},reason: x\n", []),
    (f"ALS,,x,y,term,{'n' * 32_768},reason: x\n",
     ["2: the `note` cell holds 32,768 characters; a glossary cell holds at most 32,767: shorten it"]),
    (f"ALS,,x,y,term,{'n' * 140_000},reason: x\nFDA,,x,y,term,,\n",
     ["2: a field is longer than 131,072 characters; a glossary cell holds at most 32,767: shorten it",
      "3: 'FDA' cites no source"]),
    ('ALS,,x,y,term,"' + ("n" * 1000 + "\n") * 200 + '",reason: x\nFDA,,x,y,term,,\n',
     ["2: a quoted field runs on for more than 131,072 characters (to line 132); close the quote opened on this "
      "row, or shorten the cell to at most 32,767"]),
    ('ALS,,x,y,term,"never closed,reason: x\nFDA,,x,y,term,,\n',
     ["2: a quote opened on this row is never closed; close it or remove it"]),
]


@pytest.mark.parametrize(("rows", "expected"), LONG_CELLS)
def test_long_cells_are_named_for_what_they_are(tmp_path, rows, expected):
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    problems = glossary.check([path])
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected):
        assert str(problem).startswith(f"{path}:{start}")


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


# --- cells a spreadsheet would run as formulas (OWASP "CSV Injection") ---------------------

# a cell's value -> the cell written to CSV: an apostrophe before a formula, numbers left alone,
# an apostrophe already there doubled so that reading gives the value back exactly
DEFUSED = [
    ("=cmd|'/C calc'!A0", "'=cmd|'/C calc'!A0"),
    ('=HYPERLINK("http://x","y")', "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+SUM(1+1)", "'+SUM(1+1)"),
    ("@SUM(1)", "'@SUM(1)"),
    ("-omics", "'-omics"),
    ("+/-", "'+/-"),
    ("\t=1+1", "'\t=1+1"),
    ("\tALS", "'\tALS"),
    ("\n=1+1", "'\n=1+1"),
    (" =1+1", "' =1+1"),
    ("'=SUM(1)", "''=SUM(1)"),
    ("-5", "-5"),
    ("+1,000.5", "+1,000.5"),
    ("'-5", "'-5"),
    ("'s", "'s"),
    ("A=B", "A=B"),
    ("", ""),
]


def _als(note):
    return glossary.Term(source="ALS", targets=(("zh_CN", "渐冻症"), ("ko_KR", "루게릭병")), kind="term",
                         note=note, reference="reason: x")


@pytest.mark.parametrize(("value", "written"), DEFUSED)
def test_formula_cells_are_written_with_an_apostrophe_and_read_back(tmp_path, value, written):
    text = glossary.to_csv([_als(note=value)])
    assert next(csv.DictReader(io.StringIO(text, newline="")))["note"] == written
    path = tmp_path / "again.csv"
    path.write_text(text, encoding="utf-8")
    again, _ = glossary.read(path)
    assert again[0].note == value
    assert glossary.to_csv(again) == text


@pytest.mark.parametrize(("note", "read_back"), [
    ("first line\rsecond line", "first line\nsecond line"),
    ("first line\r\nsecond line", "first line\nsecond line"),
    ("\r=1+1", "\n=1+1"),  # written "'\n=1+1": the apostrophe keeps the line feed from being stripped
])
def test_a_carriage_return_never_cuts_a_row(tmp_path, note, read_back):
    path = tmp_path / "again.csv"
    path.write_text(glossary.to_csv([_als(note=note)]), encoding="utf-8")
    again, problems = glossary.read(path)
    assert problems == [] and [t.note for t in again] == [read_back]


# formulas.csv: line -> the notes `check` gives (column, first character); none are fatal
FORMULA_NOTES = [
    "2: the `en` cell starts with '=', which a spreadsheet runs as a formula; write an apostrophe before it "
    "('=...), which l10n drops when reading",
    "3: the `en` cell starts with '+'",
    "4: the `en` cell starts with '@'",
    "5: the `en` cell starts with '-'",
    "7: the `variants` cell starts with '@'",
    "7: the `zh_CN` cell starts with '='",
    "7: the `note` cell starts with '-'",
]


def test_check_notes_each_formula_cell_and_loads_the_row():
    problems = glossary.check([FORMULAS])
    assert len(problems) == len(FORMULA_NOTES) and not any(p.fatal for p in problems)
    for problem, start in zip(problems, FORMULA_NOTES):
        assert str(problem).startswith(f"{FORMULAS}:{start}")
    terms = glossary.load([FORMULAS]).terms
    assert [t.source for t in terms] == [
        '=HYPERLINK("http://example.com/?leak","click")', "+SUM(1+1)", "@SUM(1)", "-omics", "+/-", "xenograft",
        "TNF-α"]
    assert (terms[5].variants, dict(terms[5].targets)["zh_CN"]) == (("@xeno",), "=cmd|'/C calc'!A0")


def test_formula_cells_survive_export_import_export(tmp_path):
    terms, _ = glossary.read(FORMULAS)
    exported = glossary.to_csv(terms)
    tbx = tmp_path / "formulas.tbx"
    tbx.write_text(glossary.to_tbx(terms), encoding="utf-8")
    imported = glossary.from_tbx(tbx)
    assert [t.source for t in imported] == [t.source for t in terms]  # TBX holds the values, no apostrophes
    assert glossary.to_csv(imported) == exported
    path = tmp_path / "formulas.csv"
    path.write_text(exported, encoding="utf-8")
    again, problems = glossary.read(path)
    assert problems == [] and glossary.to_csv(again) == exported


# --- TBX that is not a termbase l10n can read ----------------------------------------------

_BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
         + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefg", "bcdefgh"))
         + ']>\n<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&h;</term></tig></langSet>'
         "</termEntry></body></text></martif>\n")
_ENTRY = ('<termEntry id="c7"><note>{note}</note><langSet xml:lang="en"><tig><term>ALS</term></tig></langSet>'
          "</termEntry>")

BAD_TBX = [
    ("", "1: is not well-formed XML (no element found"),
    ("not xml at all", "1: is not well-formed XML (syntax error"),
    ('<?xml version="1.0" encoding="bogus"?>\n<martif/>',
     "1: declares an encoding Python does not know (unknown encoding: bogus); export the TBX again as UTF-8"),
    ('<?xml version="1.0" encoding="GBK"?>\n<martif/>',
     "1: declares an encoding Python does not know (multi-byte encodings are not supported); export the TBX again "
     "as UTF-8"),
    ("<martif><text><body/></text></martif>",
     " has no termEntry with an English (`en`) term; export TBX-Basic (martif) with English from the termbase"),
    ('<tbx xmlns="urn:iso:std:iso:30042:ed-2"><conceptEntry id="c1"/></tbx>', " has no termEntry"),
    ('<martif><text><body><termEntry><langSet xml:lang="de"><tig><term>Zelle</term></tig></langSet>'
     "</termEntry></body></text></martif>", " has no termEntry with an English"),
    ('<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<martif><text><body>'
     '<termEntry><langSet xml:lang="en"><tig><term>&x;</term></tig></langSet></termEntry></body></text></martif>',
     "3: is not well-formed XML (undefined entity &x;"),
    (_BOMB, "3: is not well-formed XML (limit on input amplification factor"),
    ("<martif><text><body>" + _ENTRY.format(note="n" * 32_768) + "</body></text></martif>",
     " termEntry c7 ('ALS'): its `note` is longer than the 32,767 characters a glossary cell holds; "
     "shorten it in the termbase"),
]


@pytest.mark.parametrize(("content", "message"), BAD_TBX)
def test_bad_tbx_is_one_error(tmp_path, content, message):
    path = tmp_path / "terms.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(L10nError) as error:
        glossary.from_tbx(path)
    assert str(error.value).startswith(f"{path}:{message}")


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
    (("glossary", "check", FORMULAS), 0, "stdout", f"note: {FORMULAS}:2: the `en` cell starts with '='"),
    (("glossary", "export", "--format", "csv", "-g", FORMULAS), 0, "stdout", "\nxenograft,'@xeno,'=cmd|'/C calc'!A0,"),
    (("glossary", "import", DATA / "glossary", "-o", "never-written.csv"), 2, "stderr",
     f"error: {DATA / 'glossary'}: is a folder; give a TBX file"),
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


# CLI runs on files made in tmp_path: (file name, content, arguments after the file, status, stream, words)
CLI_FILES = [
    ("long.csv", HEADER + f"ALS,,x,y,term,{'n' * 140_000},reason: x\n", ("glossary", "check"), 2, "stderr",
     "long.csv:2: a field is longer than 131,072 characters; a glossary cell holds at most 32,767"),
    ("empty.tbx", "<martif/>", ("glossary", "import", "-o", "out.csv"), 2, "stderr", "has no termEntry"),
    ("formulas.tbx", glossary.to_tbx(glossary.read(FORMULAS)[0]), ("glossary", "import", "-o", "out.csv"), 0,
     "stderr", "wrote 7 concepts"),
]


@pytest.mark.parametrize(("name", "content", "args", "status", "stream", "words"), CLI_FILES)
def test_cli_glossary_files(tmp_path, name, content, args, status, stream, words):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    command, rest = args[:2], [tmp_path / arg if arg.endswith(".csv") else arg for arg in args[2:]]
    result = cli(*command, path, *rest)
    assert result.returncode == status
    assert words in getattr(result, stream) and "Traceback" not in result.stderr
    if (tmp_path / "out.csv").exists():
        assert "\n\"'=HYPERLINK(" in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_cli_import_into_a_folder_is_one_line(tmp_path):
    tbx = tmp_path / "small.tbx"
    tbx.write_text(glossary.to_tbx(glossary.read(SMALL)[0]), encoding="utf-8")
    result = cli("glossary", "import", tbx, "-o", tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {tmp_path}: ") and result.stderr.count("\n") == 1


def test_the_shipped_glossary_has_traditional_columns_for_every_concept():
    for term in glossary.load().terms:
        if term.kind != "dnt":
            assert all(term.target(locale) for locale in ("zh_TW", "zh_HK")), term.source


@pytest.mark.parametrize(("text", "found", "taiwan", "hong_kong"), [
    # the longer name wins over the U.S. FDA's variant `Food and Drug Administration`
    ("the Taiwan Food and Drug Administration (TFDA)", ["Taiwan Food and Drug Administration", "TFDA"],
     "衛生福利部食品藥物管理署", "台灣衞生福利部食品藥物管理署"),
    ("the Food and Drug Administration", ["Food and Drug Administration"], "美國食品藥物管理署", "美國食品及藥物管理局"),
    ("Hong Kong Department of Health", ["Hong Kong Department of Health"], "香港衛生署", "衞生署"),
    ("Center for Drug Evaluation, Taiwan", ["Center for Drug Evaluation, Taiwan"], "財團法人醫藥品查驗中心",
     "台灣醫藥品查驗中心"),
])
def test_regulators_match_their_own_rows(text, found, taiwan, hong_kong):
    matches = glossary.load().find(text)
    assert [m.text for m in matches] == found
    assert (matches[0].term.target("zh_TW"), matches[0].term.target("zh_HK")) == (taiwan, hong_kong)


def test_csv_export_keeps_every_locale_column(tmp_path):
    terms = glossary.load().terms
    path = tmp_path / "export.csv"
    path.write_text(glossary.to_csv(terms), encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[0] == "en,variants,zh_CN,ko_KR,zh_TW,zh_HK,type,note,source"
    assert _plain(glossary.read(path)[0]) == _plain(terms)
