"""Catalogs: read as GNU gettext reads them, merged as `msgmerge --previous` merges them, written as
GNU writes them, keeping the file's own layout.

GNU gettext is the reference. Every merge here is compared with what `msgmerge` makes of the
same files, entry by entry and byte by byte: on the fixture trios (`tests/data/catalogs/*/old.po`
+ `new.pot`, with msgmerge's options in `options`), each a case GNU's own tests cover (one-line
entries, charsets, domains, headers, format flags, ranges, plural forms, obsolete entries in
either file ...), on real Sphinx catalogs in both directions, and on random catalogs. What l10n
reads of a file is compared with what `msgcat` writes of it.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import polib
import pytest
from conftest import DATA
from hypothesis import given, note, settings
from hypothesis import strategies as st

from l10n import catalog
from l10n.errors import L10nError

CATALOGS = DATA / "catalogs"
TRIOS = sorted(p.name for p in CATALOGS.iterdir() if (p / "old.po").is_file())
SPHINX = CATALOGS / "sphinx"
SPHINX_FILES = sorted(p.name for p in SPHINX.glob("*.po*"))
# (old catalog, template): forward to the newer template, and back to the older one, where
# entries go obsolete and obsolete ones come back.
SPHINX_PAIRS = [("zh_CN.old.po", "new.pot"), ("ko.old.po", "new.pot"), ("zh_CN.new.po", "old.pot"),
                ("ko.new.po", "old.pot")]
SPHINX_PARAMS = [pytest.param(SPHINX / old, SPHINX / ref, id=f"sphinx {old} {ref}") for old, ref in SPHINX_PAIRS]
PAIRS = [pytest.param(CATALOGS / case / "old.po", CATALOGS / case / "new.pot", id=case) for case in TRIOS] + SPHINX_PARAMS
# polib, the independent reader the facts are read back with, knows no `domain` directive: that
# trio is compared byte for byte only.
FACT_PAIRS = [pair for pair in PAIRS if pair.id != "domains"]
INPUTS = sorted(CATALOGS.glob("*/*.po*"))
NOW = datetime(2025, 8, 1, 9, 30, tzinfo=timezone.utc)


def gettext(*args) -> subprocess.CompletedProcess:
    """A GNU gettext program's run, its output as bytes (a catalog's charset is its own)."""
    assert shutil.which(args[0]), f"{args[0]} is missing: install GNU gettext (apt-get install gettext)"
    result = subprocess.run([str(arg) for arg in args], capture_output=True)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result


def decoded(data: bytes) -> str:
    """A catalog's bytes as text, by the charset its header declares."""
    declared = re.search(rb'charset=([^\s"\\]+)', data)
    name = declared[1].decode() if declared and declared[1] != b"CHARSET" else "utf-8"
    return data.decode(codecs.lookup(name).name)


def po_text(text: str):
    """PO text as polib reads it, and with the `#~|` previous msgid of obsolete entries, which polib skips."""
    return polib.pofile(re.sub(r"^#~\| ", "#| ", text, flags=re.M), wrapwidth=0)


def options_of(old: Path) -> list[str]:
    """The msgmerge options of a fixture trio, from its `options` file."""
    path = old.parent / "options"
    return path.read_text(encoding="utf-8").split() if path.is_file() and old.name == "old.po" else []


def merge_options(options: list[str]) -> dict:
    """catalog.merge's arguments for msgmerge's options."""
    lang = [option.split("=", 1)[1] for option in options if option.startswith("--lang=")]
    return {"fuzzy": "--no-fuzzy-matching" not in options, "sort": "--sort-output" in options,
            "location": "--no-location" not in options, "lang": lang[0] if lang else None}


def msgmerge_bytes(old: Path, ref: Path, options: list[str] = ()) -> bytes:
    """GNU's merge as it writes it (`--force-po`: a catalog with a header only is still written)."""
    return gettext("msgmerge", "--previous", "--force-po", "--quiet", *options, "-o", "-", old, ref).stdout


def msgmerge(old: Path, ref: Path, options: list[str] = ()):
    return po_text(decoded(msgmerge_bytes(old, ref, options)))


def merging(old: Path, ref: Path, options: list[str] = ()):
    """Our merge, with msgmerge's options."""
    return catalog.merge(catalog.read(old), catalog.read(ref), **merge_options(options))


def merged(old: Path, ref: Path, options: list[str] = ()):
    """Our merge, read back from the text we write."""
    return po_text(catalog.render(merging(old, ref, options)))


# --- comparing two catalogs entry by entry -----------------------------------------------


def facts(entry) -> dict:
    """Everything msgmerge decides about an entry, by name."""
    return {
        "msgid_plural": entry.msgid_plural,
        "msgstr": [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)] if entry.msgid_plural else [entry.msgstr],
        "fuzzy": "fuzzy" in entry.flags,
        "previous": (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural),
        "flags": [flag for flag in entry.flags if flag != "fuzzy"],
        "translator comments": entry.tcomment,
        "extracted comments": entry.comment,
        "references": entry.occurrences,
    }


def disagreements(ours, gnu) -> tuple[int, list[str]]:
    """How many entries the two catalogs hold between them, and one line per entry they disagree on.

    Entries are keyed by (msgctxt, msgid, obsolete); the header counts as one more entry.
    """
    mine = {(e.msgctxt, e.msgid, e.obsolete): facts(e) for e in ours}
    theirs = {(e.msgctxt, e.msgid, e.obsolete): facts(e) for e in gnu}
    mine["header"] = {"comment": ours.header, "fields": ours.metadata}
    theirs["header"] = {"comment": gnu.header, "fields": gnu.metadata}
    keys = list(dict.fromkeys([*theirs, *mine]))
    lines = []
    for key in keys:
        a, b = mine.get(key), theirs.get(key)
        if a is None or b is None:
            lines.append(f"{key}: only {'msgmerge' if a is None else 'we'} wrote it")
        elif a != b:
            lines.append(f"{key}: " + "; ".join(f"{name} is {a[name]!r}, msgmerge says {b[name]!r}"
                                                 for name in a if a[name] != b[name]))
    return len(keys), lines


def assert_agrees(ours, gnu, label: str) -> str:
    """Fails listing every entry that differs; says how many entries agreed."""
    compared, differing = disagreements(ours, gnu)
    agreement = 1 - len(differing) / compared
    report = f"{label}: {len(differing)} of {compared} entries differ from msgmerge:\n" + "\n".join(differing)
    assert agreement >= 0.995, report
    assert not differing, report
    return f"{label}: {compared} entries, {agreement:.2%} as msgmerge"


# --- merging -------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "ref"), FACT_PAIRS)
def test_merge_decides_as_msgmerge_does(old, ref):
    options = options_of(old)
    print(assert_agrees(merged(old, ref, options), msgmerge(old, ref, options),
                        f"{old.parent.name}/{old.name} + {ref.name} {' '.join(options)}"))


@pytest.mark.parametrize(("old", "ref"), PAIRS)
def test_merge_writes_what_msgmerge_writes_byte_for_byte(old, ref):
    """Written anew (no old layout to keep), the merged catalog is msgmerge's output: the same
    header, entries, flags, charset and wrapping at 79 columns; CRLF stays CRLF."""
    options = options_of(old)
    gnu = msgmerge_bytes(old, ref, options)
    ours = catalog.dump(merging(old, ref, options), wrap=False if "--no-wrap" in options else None)
    if b"\r\n" in old.read_bytes():
        gnu = gnu.replace(b"\n", b"\r\n")
    assert ours == gnu, "\n".join(difflib.unified_diff(decoded(gnu).split("\n"), decoded(ours).split("\n"),
                                                        "msgmerge", "l10n", lineterm=""))


@pytest.mark.parametrize(("old", "ref"), PAIRS)
def test_written_catalogs_pass_msgfmt_check_and_read_back(old, ref, tmp_path):
    path = tmp_path / "out.po"
    po = merging(old, ref, options_of(old))
    assert catalog.write(po, path, now=NOW)
    if any(hasattr(entry, "domain") for entry in po):  # msgfmt makes one .mo of one domain; msgcat reads them all
        gettext("msgcat", "-o", "/dev/null", path)
    else:  # a catalog without a header is checked for everything but its header
        gettext("msgfmt", "--check" if not po.headerless else "--check-format", "-o", "/dev/null", path)
    assert [e.msgid for e in catalog.read(path)] == [e.msgid for e in po]


@pytest.mark.parametrize(("old", "ref"), [(SPHINX / "zh_CN.new.po", SPHINX / "new.pot"),
                                          (CATALOGS / "contexts" / "old.po", CATALOGS / "contexts" / "new.pot")],
                         ids=["sphinx zh_CN", "contexts"])
def test_plural_forms_contexts_and_format_flags_survive_a_merge(old, ref):
    before, template, after = catalog.read(old), catalog.read(ref), merged(old, ref)
    entries = {(e.msgctxt, e.msgid): e for e in after if not e.obsolete}
    assert {(e.msgctxt, e.msgid) for e in template} == set(entries)
    kept = [e for e in before if (e.msgctxt, e.msgid) in entries and e.msgid_plural == entries[e.msgctxt, e.msgid].msgid_plural]
    assert any(e.msgid_plural for e in kept)
    for entry in kept:
        assert facts(entries[entry.msgctxt, entry.msgid])["msgstr"] == facts(entry)["msgstr"], entry.msgid
    flagged = [e for e in template if any(flag.endswith("-format") for flag in e.flags)]
    assert any("python-format" in e.flags for e in flagged)
    for entry in flagged:
        assert set(entry.flags) <= set(entries[entry.msgctxt, entry.msgid].flags), entry.msgid


def test_a_new_catalog_has_cldr_headers():
    fresh = catalog.new("ko_KR", "kestrel")
    assert fresh.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert fresh.metadata["Language"] == "ko_KR"
    assert fresh.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert fresh.metadata["X-Generator"].startswith("l10n ")
    assert {"Project-Id-Version", "POT-Creation-Date", "Language-Team"} <= set(fresh.metadata)


def test_a_reviewers_header_survives_a_merge():
    folder = CATALOGS / "reviewer"
    result = catalog.merge(catalog.read(folder / "old.po"), catalog.read(folder / "new.pot"))
    assert result.metadata["Language"] == "ko_KR"
    assert result.metadata["Last-Translator"] == "Kim Min-ji <minji@example.com>"
    assert result.header == "Reviewed by the Seoul office."


def test_kept_extracted_comments_stay_on_entries_that_kept_their_msgid():
    old = catalog.new("zh_CN", "r")
    for msgid in ("XellSmart dosed the first patient.", "The trial enrolled twelve patients in China."):
        old.append(polib.POEntry(msgid=msgid, msgstr="译文", comment="engine: argos\nkind: body"))
    ref = catalog.template([catalog.Source("XellSmart dosed the first patient.", (("r.txt", 1),), ("kind: title",)),
                            catalog.Source("The trial enrolled twelve patients in Korea.", (("r.txt", 3),), ("kind: body",))], "r")
    result = catalog.merge(old, ref, keep=("engine: ",))
    assert [(e.msgid, e.comment) for e in result if not e.obsolete] == [
        ("XellSmart dosed the first patient.", "engine: argos\nkind: title"),
        ("The trial enrolled twelve patients in Korea.", "kind: body")]


def test_an_unchanged_catalog_is_not_rewritten(tmp_path):
    path = tmp_path / "zh.po"
    ref = catalog.template([catalog.Source("XellSmart dosed the first patient.", (("r.txt", 3),), ("kind: body",))], "r")
    assert catalog.write(catalog.merge(catalog.new("zh_CN", "r"), ref), path)
    stamp = path.stat().st_mtime_ns
    assert not catalog.write(catalog.merge(catalog.read(path), ref), path)
    assert path.stat().st_mtime_ns == stamp


def test_stats_count_characters_for_cjk_and_words_for_english(tmp_path):
    path = tmp_path / "zh.po"
    ref = catalog.template([catalog.Source(text, (("r", n),)) for n, text in
                            enumerate(("Two words.", "Three more words.", "None yet"), 1)], "r")
    po = catalog.merge(catalog.new("zh_CN", "r"), ref)
    po[0].msgstr, po[1].msgstr, po[1].flags = "两个 词。", "三个词", ["fuzzy"]
    catalog.write(po, path)
    s = catalog.stats(path, "zh_CN")
    assert (s.reviewed, s.fuzzy, s.untranslated, s.words, s.reviewed_words, s.characters) == (1, 1, 1, 7, 2, 4)


# --- reading ---------------------------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def charset_header(name: str) -> str:
    return HEADER.replace("UTF-8", name)


BROKEN = [
    ("unterminated", (HEADER + '\nmsgid "abc\nmsgstr "x"\n').encode(), 5, "is not a valid PO file"),
    ("latin1", (HEADER + '\nmsgid "caf\xe9"\nmsgstr ""\n').encode("latin-1"), 5,
     "is not UTF-8 (byte 0xe9), the charset its header declares"),
    ("no charset, not UTF-8", b'msgid "caf\xe9"\nmsgstr ""\n', 1, "is not UTF-8 (byte 0xe9) and its header names no"),
    ("not the charset declared", (charset_header("EUC-KR") + '\nmsgid "a"\nmsgstr "\x80"\n').encode("latin-1"), 6,
     "is not EUC-KR (byte 0x80)"),
    ("unknown charset", charset_header("NO-SUCH-CHARSET").encode(), 1,
     "declares charset=NO-SUCH-CHARSET, which is no charset GNU gettext or Python knows"),
    ("charset Python cannot decode", charset_header("EUC-TW").encode(), 1,
     "declares charset=EUC-TW, which Python cannot decode; convert the file to UTF-8 with `msgconv -t UTF-8`"),
    ("folder", (HEADER + '"Language: ko_KR\\n"\n').encode(), 1, "says Language: ko_KR but lies in the zh_CN folder"),
]


@pytest.mark.parametrize(("name", "content", "line", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_catalog_is_one_error_and_left_alone(tmp_path, name, content, line, message):
    path = tmp_path / "broken.po"
    path.write_bytes(content)
    with pytest.raises(L10nError) as error:
        catalog.read(path, "zh_CN")
    assert str(error.value).startswith(f"{path}:{line}: {message}"), str(error.value)
    assert "\n" not in str(error.value)
    assert path.read_bytes() == content


# What `msgfmt --check` rejects is refused, at the line msgfmt names; what it reads is read.
PLURAL = '"Plural-Forms: nplurals={}; plural={};\\n"\n'
MSGFMT = [
    ("obsolete repeats an active entry", HEADER + '\nmsgid "a"\nmsgstr "A"\n\n#~ msgid "a"\n#~ msgstr "B"\n', 8,
     "the entry of line 5 comes again, obsolete"),
    ("two obsolete entries", HEADER + '\n#~ msgid "a"\n#~ msgstr "A"\n\n#~ msgid "a"\n#~ msgstr "B"\n', 8,
     "the entry of line 5 comes again"),
    ("one-line entries repeated", 'msgid "2" msgstr "2"\nmsgid "3" msgstr "3"\nmsgid "2" msgstr "ha ha"\n', 3,
     "the entry of line 1 comes again"),
    ("repeated over obsolete lines", 'msgid "2" msgstr "2"\n#~ msgid\n#~ "2"\n#~ msgstr\n#~ "ha ha"\n', 2,
     "the entry of line 1 comes again, obsolete"),
    ("msgstr on a plural entry", HEADER + '\nmsgid "a"\nmsgid_plural "as"\nmsgstr "A"\n', 5, "needs msgstr[0]"),
    ("msgstr[0] without msgid_plural", HEADER + '\nmsgid "a"\nmsgstr[0] "A"\n', 5, "msgstr[0] without msgid_plural"),
    ("plural forms out of order", HEADER + '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[1] "A"\nmsgstr[0] "B"\n', 7,
     "msgstr[1] where msgstr[0] belongs"),
    ("no msgstr", HEADER + '\nmsgid "bye"\n', 5, "missing 'msgstr' section"),
    ("a comment inside an entry", HEADER + '\nmsgid "a" # note\nmsgstr "b"\n', 5, "missing 'msgstr' section"),
    ("obsolete on some lines", HEADER + '\n#~ msgid "a"\nmsgstr "b"\n', 6, "inconsistent use of #~"),
    ("previous of an obsolete entry as #|", HEADER + '\n#| msgid "p"\n#~ msgid "a"\n#~ msgstr "b"\n', 6,
     "inconsistent use of #~"),
    ("unknown keyword", HEADER + '\n#~ random words\nmsgid "a"\nmsgstr "b"\n', 5, 'keyword "random" unknown'),
    ("unknown escape", HEADER + '\nmsgid "a\\q"\nmsgstr "b"\n', 5, "escape GNU gettext does not know"),
    ("context separator", HEADER + '\nmsgid "a\\004b"\nmsgstr "b"\n', 5, "U+0004"),
    ("plural=n>", HEADER + PLURAL.format(2, "n>"), 4, "invalid Plural-Forms: nplurals=2; plural=n>;"),
    ("unclosed parenthesis", HEADER + PLURAL.format(2, "(n != 1"), 4, "invalid Plural-Forms"),
    ("half a condition", HEADER + PLURAL.format(3, "n==1 ? 0 :"), 4, "invalid Plural-Forms"),
    ("nplurals=x", HEADER + PLURAL.format("x", "0"), 4, "invalid Plural-Forms"),
    ("nplurals=0", HEADER + PLURAL.format(0, "0"), 4, "invalid Plural-Forms"),
    ("hostile nesting", HEADER + PLURAL.format(2, "(" * 10_000 + "n" + ")" * 10_000), 4, "invalid Plural-Forms"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), MSGFMT, ids=[c[0] for c in MSGFMT])
def test_what_msgfmt_rejects_is_refused_at_its_line(tmp_path, name, text, line, message):
    path = tmp_path / "broken.po"
    path.write_text(text, encoding="utf-8")
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0
    with pytest.raises(L10nError) as error:
        catalog.read(path)
    assert str(error.value).startswith(f"{path}:{line}: is not a valid PO file") and message in str(error.value)


@pytest.mark.parametrize("rule", [
    "0", "(n != 1)", "n>1", "(n==1) ? 0 : (n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)",
    "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5", "!n", "(n%10==1 && n%100!=11)",
], ids=["one form", "two forms", "french", "slavic", "arabic", "not", "parenthesized"])
def test_what_msgfmt_reads_is_read(tmp_path, rule):
    path = tmp_path / "good.po"
    forms = "".join(f'msgstr[{i}] "A{i}"\n' for i in range(6))
    path.write_text(HEADER + PLURAL.format(6, rule) + '\nmsgid "a"\nmsgid_plural "as"\n' + forms, encoding="utf-8")
    gettext("msgfmt", "--check", "-o", "/dev/null", path)
    assert catalog.read(path)[0].msgstr_plural == {i: f"A{i}" for i in range(6)}


@pytest.mark.parametrize("header", ["#, fuzzy\n" + HEADER, HEADER], ids=["fuzzy header", "header"])
@pytest.mark.parametrize("forms", ["nplurals=abc;", "nplurals=0;", "plural=n>;"])
def test_plural_forms_with_one_part_are_read_as_msgfmt_reads_them(tmp_path, header, forms):
    path = tmp_path / "one-part.po"
    path.write_text(header + f'"Plural-Forms: {forms}\\n"\n' + '\nmsgid "a"\nmsgstr "A"\n', encoding="utf-8")
    gettext("msgfmt", "--check", "-o", "/dev/null", path)
    assert catalog.read(path)[0].msgstr == "A"


READABLE = [
    ("alias", HEADER + '"Language: ko\\n"\n', "ko_KR", lambda po: po.metadata["Language"] == "ko"),
    ("bare comment", HEADER + '\n#msgid "old"\n#TODO\nmsgid "x"\nmsgstr ""\n', None,
     lambda po: po[0].tcomment == 'msgid "old"\nTODO'),
    ("obsolete previous", HEADER + '\n#, fuzzy\n#~| msgid "old"\n#~ msgid "new"\n#~ msgstr "x"\n', None,
     lambda po: (po[0].obsolete, po[0].previous_msgid) == (True, "old")),
    ("one-line entries", 'msgid "2" msgstr "zwei" msgid "3" msgstr "drei"\n', None,
     lambda po: [(e.msgid, e.msgstr) for e in po] == [("2", "zwei"), ("3", "drei")] and po.headerless),
    ("reference without a space", HEADER + '\n#:foobar.c:29 b.c : 4\tc.c: 5 d:x e.c:12:13\nmsgid "x"\nmsgstr ""\n', None,
     lambda po: po[0].occurrences == [("foobar.c", "29"), ("b.c", "4"), ("c.c", "5"), ("d:x", ""), ("e.c:12", "13")]),
]


@pytest.mark.parametrize(("name", "content", "locale", "holds"), READABLE, ids=[r[0] for r in READABLE])
def test_what_gnu_gettext_reads_is_read(tmp_path, name, content, locale, holds):
    path = tmp_path / "fine.po"
    path.write_text(content, encoding="utf-8")
    gettext("msgfmt", "--check-format", "-o", "/dev/null", path)
    assert holds(catalog.read(path, locale))


@pytest.mark.parametrize("path", INPUTS, ids=[str(p.relative_to(CATALOGS)) for p in INPUTS])
def test_what_l10n_reads_is_what_msgcat_writes(path):
    """Every fixture file, read and written anew, is what `msgcat` writes of it, byte for byte:
    the same entries, comments, references, flags (GNU drops those it does not know), charset
    and wrapping. GNU keeps the CR of a CRLF line in a comment (`#: file:1` becomes a file named
    `file:1\\r`): l10n reads the line the author wrote, and keeps the file's CRLF."""
    gnu = gettext("msgcat", "--force-po", path).stdout
    assert catalog.dump(catalog.read(path)).replace(b"\r\n", b"\n") == gnu.replace(b"\r", b"")


SYNTAX = {
    "one-line entries": 'msgid "" msgstr "Content-Type: text/plain; charset=UTF-8\\n" msgid "2" msgstr "zwei" '
                        'msgid "3" msgstr "drei"\n',
    "keywords and strings on lines of their own": HEADER + '\nmsgid\n"a"\nmsgstr\n"b"\n\n#~ msgid\n#~ "c"\n#~ msgstr\n#~ "d"\n',
    "references without spaces, with spaces, Solaris's": HEADER + '\n#:foobar.c:29 a.c :3\tb.c: 4 ./c.c\n'
                                                         '# File: d.c, line: 7\nmsgid "x"\nmsgstr ""\n',
    "comments without a space": HEADER + '\n#translator\n#.extracted\n#,fuzzy,c-format\nmsgid "%d x"\nmsgstr "%d y"\n',
    "flags GNU does not know, and range": HEADER + '\n#, fuzzy, my-flag, max-length:80, wrap, no-c-format, '
                                           'range: 1..5\nmsgid "x"\nmsgid_plural "xs"\nmsgstr[0] "y"\nmsgstr[1] "ys"\n',
    "a second #, or #! line says all the flags": HEADER + '\n#, fuzzy, c-format\n#! no-wrap\nmsgid "x"\nmsgstr "y"\n',
    "msgstr [ 1 ] with spaces": HEADER + '\nmsgid "x"\nmsgid_plural "xs"\nmsgstr [ 0 ] "y"\nmsgstr [1] "ys"\n',
    "domains": 'domain "release"\n' + HEADER + '\nmsgid "a"\nmsgstr "b"\n\ndomain "other"\nmsgid "a"\nmsgstr "c"\n',
    "previous msgid of an obsolete entry": HEADER + '\n#, fuzzy\n#~| msgctxt "menu"\n#~| msgid "old"\n#~ msgid "new"\n'
                                           '#~ msgstr "neu"\n',
    "a backslash joining two lines": HEADER + '\nmsgid "con\\\ntinued"\nmsgstr "b"\n',
    "octal, hex and C escapes": HEADER + '\nmsgid "\\303\\251\\x41\\a\\b\\f\\v\\r\\t\\"\\\\"\nmsgstr "\\101"\n',
    "a NUL ends a string": HEADER + '\nmsgid "a"\nmsgstr "b\\0c"\n',
    "a lone # comment": '#\n' + HEADER + '\n#\nmsgid "a"\nmsgstr "b"\n',
    "a header without a charset": 'msgid ""\nmsgstr "Project-Id-Version: 1\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    "CRLF": (HEADER + '\n# note\n#: a.c:1\nmsgid "a"\n"b"\nmsgstr "c"\n').replace("\n", "\r\n"),
}
# Each charset GNU gettext calls portable and Python decodes, with text it holds; Big5, GBK and
# Shift_JIS with characters whose second byte is a backslash (許, 表).
CHARSETS = {"ISO-8859-1": "Étude, café", "ISO-8859-2": "Żółć", "ISO-8859-5": "Исследование", "ISO-8859-7": "Μελέτη",
            "ISO-8859-15": "Prix : 5 €", "KOI8-R": "Исследование", "KOI8-U": "Дослідження", "CP1251": "Исследование",
            "CP1252": "“Étude”", "CP1250": "Studie č.", "CP850": "Étude", "CP866": "Тест", "GB2312": "临床试验",
            "GBK": "許可臨床試驗", "GB18030": "临床试验 €", "BIG5": "許可與功能", "BIG5-HKSCS": "許可與功能",
            "EUC-JP": "臨床試験", "SHIFT_JIS": "表示と予定", "CP932": "表示と予定", "EUC-KR": "임상시험",
            "CP949": "임상시험", "JOHAB": "임상", "TIS-620": "การทดลอง", "ASCII": "Trial", "UTF-8": "临床试验 임상시험"}


def syntax_cases() -> list:
    cases = [pytest.param(text.encode("utf-8"), id=name) for name, text in SYNTAX.items()]
    for name, text in CHARSETS.items():
        content = charset_header(name) + f'\n# {text}\nmsgid "Trial"\nmsgstr "{text}"\n'
        cases.append(pytest.param(content.encode(codecs.lookup(name).name), id=f"charset={name}"))
    return cases


@pytest.mark.parametrize("content", syntax_cases())
def test_every_syntax_and_charset_gnu_reads_l10n_reads_as_msgcat_does(tmp_path, content):
    """Each syntax GNU's lexer takes and each charset it calls portable: what l10n reads, written
    anew, is what `msgcat` writes of the same file (in the file's charset; CRLF kept)."""
    path = tmp_path / "any.po"
    path.write_bytes(content)
    gnu = gettext("msgcat", "--force-po", path).stdout
    ours = catalog.dump(catalog.read(path))
    assert ours.replace(b"\r\n", b"\n") == gnu.replace(b"\r", b"")
    assert (b"\r\n" in ours) == (b"\r\n" in content)


def test_a_catalog_with_cr_line_ends_is_read_line_by_line_and_kept_so(tmp_path):
    """GNU reads CR line ends as one line: the first comment runs to the end of the file and
    swallows every entry after it (msgcat writes nothing). l10n reads the lines, and writes CR."""
    path = tmp_path / "mac.po"
    path.write_bytes((HEADER + '\n# checked\nmsgid "Trial"\nmsgstr "试验"\n').replace("\n", "\r").encode())
    assert b"Trial" not in gettext("msgcat", "--force-po", path).stdout
    po = catalog.read(path)
    assert [(e.tcomment, e.msgid, e.msgstr) for e in po] == [("checked", "Trial", "试验")]
    po[0].msgstr = "临床试验"
    assert catalog.write(po, path, stamp=None)
    assert path.read_bytes() == (HEADER + '\n# checked\nmsgid "Trial"\nmsgstr "临床试验"\n').replace("\n", "\r").encode()


def test_a_byte_order_mark_is_read_and_not_written_back(tmp_path):
    """GNU refuses a UTF-8 byte-order mark (a syntax error at line 1); it says UTF-8, so l10n reads
    on, and writes the file without it, as GNU reads it."""
    path = tmp_path / "bom.po"
    path.write_bytes(codecs.BOM_UTF8 + (HEADER + '\nmsgid "Trial"\nmsgstr "试验"\n').encode())
    assert subprocess.run(["msgcat", str(path)], capture_output=True).returncode != 0
    po = catalog.read(path)
    assert [(e.msgid, e.msgstr) for e in po] == [("Trial", "试验")]
    assert catalog.write(po, path, stamp=None)
    gettext("msgfmt", "--check", "-o", "/dev/null", path)
    assert not catalog.write(catalog.read(path), path, stamp=None)


def test_a_character_the_charset_cannot_hold_is_one_error_and_the_file_is_left_alone(tmp_path):
    path = tmp_path / "fr.po"
    shutil.copyfile(CATALOGS / "latin1" / "old.po", path)
    before = path.read_bytes()
    po = catalog.read(path)
    po[0].msgstr = "L'étude 临床"
    with pytest.raises(L10nError) as error:
        catalog.write(po, path)
    assert str(error.value) == (f"{path}:11: cannot hold '临' (U+4E34) in ISO-8859-1, the charset its header declares; "
                                "change charset= in its Content-Type to UTF-8 (or convert it with `msgconv -t UTF-8`)")
    assert path.read_bytes() == before
    po[0].msgstr = "L'étude clinique"
    assert catalog.write(po, path)
    assert "L'étude clinique".encode("latin-1") in path.read_bytes()


# --- writing keeps the file's layout -----------------------------------------------------------


@pytest.mark.parametrize("name", SPHINX_FILES)
def test_a_catalog_reads_and_renders_back_byte_for_byte(name):
    text = (SPHINX / name).read_text(encoding="utf-8")
    assert catalog.render(catalog.read(SPHINX / name), text) == text


@pytest.mark.parametrize("width", [None, 40], ids=["msgcat", "msgcat --width=40"])
@pytest.mark.parametrize(("old", "ref"), SPHINX_PARAMS)
def test_a_catalog_rewrapped_by_msgcat_is_left_as_it_is(old, ref, width, tmp_path):
    path = tmp_path / "out.po"
    po = catalog.merge(catalog.read(old), catalog.read(ref))
    assert catalog.write(po, path, now=NOW)
    written = path.read_text(encoding="utf-8")
    gettext("msgcat", *([f"--width={width}"] if width else []), "-o", path, path)
    rewrapped = path.read_text(encoding="utf-8")
    assert rewrapped != written
    assert catalog.render(po, rewrapped) == rewrapped
    stamp = path.stat().st_mtime_ns
    assert not catalog.write(po, path, now=datetime(2030, 1, 1, tzinfo=timezone.utc))
    assert path.stat().st_mtime_ns == stamp


def _span(lines: list[str], line: int) -> range:
    """The lines of the entry around `line` (0-based): from the blank line before to the blank line after."""
    start = max((n for n in range(line) if not lines[n].strip()), default=-1) + 1
    end = next((n for n in range(line, len(lines)) if not lines[n].strip()), len(lines))
    return range(start, end)


@pytest.mark.parametrize("name", [name for name in SPHINX_FILES if name.endswith(".po")])
def test_changing_one_entry_rewrites_that_entry_and_the_revision_date_only(name, tmp_path):
    path = tmp_path / name
    shutil.copyfile(SPHINX / name, path)
    before = path.read_text(encoding="utf-8").split("\n")
    po = catalog.read(path)
    translated = [e for e in po if e.msgstr and not e.msgid_plural and not e.obsolete]
    entry = translated[len(translated) // 2]
    entry.msgstr += "（已修订）"
    assert catalog.write(po, path, now=NOW)
    after = path.read_text(encoding="utf-8").split("\n")
    allowed = {*_span(before, entry.linenum - 1), *(n for n, line in enumerate(before) if line.startswith('"PO-Revision-Date:'))}
    changed = [op for op in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert len(changed) == 2, changed
    for _, start, end, _, _ in changed:
        assert set(range(start, end)) <= allowed, before[start:end]
    assert '"PO-Revision-Date: 2025-08-01 09:30+0000\\n"' in after
    assert [e.msgstr for e in catalog.parse("\n".join(after)) if e.msgid == entry.msgid] == [entry.msgstr]


# --- the merge command -------------------------------------------------------------------------


def l10n(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True)


def test_the_merge_command_merges_as_msgmerge_does(tmp_path):
    old, ref = SPHINX / "zh_CN.old.po", SPHINX / "new.pot"
    out = tmp_path / "zh_CN.po"
    written = l10n("merge", old, ref, "-o", out)
    assert written.returncode == 0, written.stderr
    assert_agrees(po_text(out.read_text(encoding="utf-8")), msgmerge(old, ref), "l10n merge")
    printed = l10n("merge", old, ref)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == out.read_text(encoding="utf-8")


OPTION_TRIOS = [case for case in TRIOS if (CATALOGS / case / "options").is_file()]


@pytest.mark.parametrize("case", OPTION_TRIOS)
def test_the_merge_command_takes_msgmerge_options(case, tmp_path):
    """--no-fuzzy-matching, --sort-output, --no-location, --lang and --no-wrap do what msgmerge's do;
    with --no-wrap nothing of the old layout is kept, and the file is msgmerge's byte for byte."""
    old, ref = CATALOGS / case / "old.po", CATALOGS / case / "new.pot"
    options = options_of(old)
    out = tmp_path / "out.po"
    result = l10n("merge", old, ref, *options, "-o", out)
    assert result.returncode == 0, result.stderr
    gnu = msgmerge_bytes(old, ref, options)
    ours, theirs = po_text(out.read_text(encoding="utf-8")), po_text(decoded(gnu))
    assert_agrees(ours, theirs, f"l10n merge {' '.join(options)}")
    assert [(e.msgctxt, e.msgid) for e in ours] == [(e.msgctxt, e.msgid) for e in theirs]
    if "--no-wrap" in options:
        assert out.read_bytes() == gnu


@pytest.mark.parametrize("case", ["latin1", "euc-jp", "big5", "euc-kr", "crlf", "one-line", "domains"])
def test_the_merge_command_in_place_writes_once_in_the_files_own_charset_and_line_ends(case, tmp_path):
    path = tmp_path / "old.po"
    shutil.copyfile(CATALOGS / case / "old.po", path)
    ref = CATALOGS / case / "new.pot"
    assert l10n("merge", path, ref, "-o", path).stderr == f"wrote {path}\n"
    data = path.read_bytes()
    assert l10n("merge", path, ref, "-o", path).stderr == f"{path} is up to date\n"
    assert path.read_bytes() == data
    gnu = msgmerge_bytes(CATALOGS / case / "old.po", ref)
    assert data == (gnu.replace(b"\n", b"\r\n") if case == "crlf" else gnu)


def test_the_merge_command_in_place_writes_once(tmp_path):
    path = tmp_path / "ko.po"
    shutil.copyfile(SPHINX / "ko.old.po", path)
    assert l10n("merge", path, SPHINX / "new.pot", "-o", path).stderr == f"wrote {path}\n"
    text = path.read_text(encoding="utf-8")
    assert l10n("merge", path, SPHINX / "new.pot", "-o", path).stderr == f"{path} is up to date\n"
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("broken", ["old", "template"])
def test_the_merge_command_says_what_is_wrong_with_a_broken_file_in_one_line(broken, tmp_path):
    files = {"old": tmp_path / "old.po", "template": tmp_path / "new.pot"}
    shutil.copyfile(CATALOGS / "changed" / "old.po", files["old"])
    shutil.copyfile(CATALOGS / "changed" / "new.pot", files["template"])
    files[broken].write_text(HEADER + '\nmsgid "abc\nmsgstr ""\n', encoding="utf-8")
    result = l10n("merge", files["old"], files["template"], "-o", tmp_path / "out.po")
    assert result.returncode == 2
    assert result.stderr == f"error: {files[broken]}:5: is not a valid PO file (a string is not closed with \"); " \
                            "fix it in a PO editor or restore it from version control\n"
    assert not (tmp_path / "out.po").exists()


def test_the_merge_command_names_a_repeated_entry_at_its_line(tmp_path):
    """msgmerge: `old.po:3: duplicate message definition... old.po:1: ...the first definition`."""
    old = tmp_path / "old.po"
    old.write_text('msgid "2" msgstr "2"\nmsgid "3" msgstr "3"\nmsgid "2" msgstr "ha ha"\n', encoding="utf-8")
    ref = tmp_path / "new.pot"
    ref.write_text('msgid "1" msgstr ""\nmsgid "2" msgstr ""\nmsgid "3" msgstr ""\n', encoding="utf-8")
    assert subprocess.run(["msgmerge", "-q", "-o", "/dev/null", str(old), str(ref)], capture_output=True).returncode
    result = l10n("merge", old, ref, "-o", tmp_path / "out.po")
    assert (result.returncode, result.stderr) == (2, f"error: {old}:3: is not a valid PO file (the entry of line 1 "
                                                     "comes again); keep one of the two in a PO editor or restore the "
                                                     "file from version control\n")
    assert not (tmp_path / "out.po").exists()


def test_the_merge_command_says_in_one_line_what_the_catalogs_charset_cannot_hold(tmp_path):
    """A template whose new English the catalog's charset (ISO-8859-1) cannot hold: one line, nothing
    written. (msgmerge writes the bytes of two charsets into one file.)"""
    old = tmp_path / "fr.po"
    shutil.copyfile(CATALOGS / "latin1" / "old.po", old)
    before = old.read_bytes()
    ref = tmp_path / "new.pot"
    ref.write_text('msgid "The trial enrolled 48 patients."\nmsgstr ""\n\nmsgid "Suzhou 苏州"\nmsgstr ""\n',
                   encoding="utf-8")
    result = l10n("merge", old, ref, "-o", old)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {old}:") and "cannot hold '苏' (U+82CF) in ISO-8859-1" in result.stderr
    assert result.stderr.count("\n") == 1
    assert old.read_bytes() == before


# --- random catalogs, merged by us and by msgmerge --------------------------------------------

# Sentences close enough for fuzzy matching, some below 4 characters (msgmerge looks those up by
# length), and format strings of the kinds whose `msgfmt --check` rules l10n knows.
POOL = [
    "The trial enrolled twelve patients in China.", "The trial enrolled twelve patients in Korea.",
    "The trial enrolled 12 patients in China.", "The study enrolled twelve patients.",
    "XellSmart dosed the first patient.", "XellSmart dosed the first two patients.",
    "%(count)d patient was dosed.", "%(count)d patients were dosed.", "%d of %s sites opened.",
    "%s dosed %d patients.", "%1 sites opened in %2.", "%1 site opened.", "{name} dosed the first patient.",
    "{name} dosed {count} patients.", "${company} dosed the first patient.", "Open", "Opens", "OK", "No", "Yes",
]
CONTEXTS = st.sampled_from([None, None, "menu", "title"])
PLURALS = st.one_of(st.just(""), st.sampled_from(POOL))
KINDS = ["python", "c", "kde", "qt", "python-brace", "sh", "qt-plural", "perl-brace", "java"]
FLAGS = st.lists(st.one_of(st.sampled_from([f"{kind}-format" for kind in KINDS] + ["no-python-format", "no-c-format"]),
                           st.sampled_from(["range: 0..5", "range: 1..5", "range: 1..1000", "no-wrap"])),
                 max_size=2, unique=True).map(lambda flags: sorted(flags, key=catalog._flag_rank))
# Placeholders of every family in the pool, for translations that keep, lose or reorder them.
PLACEHOLDER = re.compile(r"%\(\w+\)d|%\d|%[ds]|\{\w+\}|\$\{\w+\}")
RULES = ["nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && "
         "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"]


def translation(source: str, how: str) -> str:
    """A made-up translation of `source`, its own: placeholders kept, lost or in reverse order."""
    kept = PLACEHOLDER.findall(source)
    kept = {"kept": kept, "lost": [], "reordered": kept[::-1], "one lost": kept[1:]}[how]
    return " ".join([f"译{POOL.index(source)}", *kept])


@st.composite
def old_entry(draw):
    entry = polib.POEntry(msgctxt=draw(CONTEXTS), msgid=draw(st.sampled_from(POOL)), msgid_plural=draw(PLURALS),
                          flags=draw(FLAGS), tcomment=draw(st.sampled_from(["", "Checked by Minji."])),
                          comment=draw(st.sampled_from(["", "kind: body"])), obsolete=draw(st.booleans()),
                          occurrences=[("old.txt", str(draw(st.integers(1, 9))))])
    if draw(st.booleans()):
        entry.flags = ["fuzzy", *entry.flags]
        if draw(st.booleans()):
            entry.previous_msgctxt, entry.previous_msgid = draw(CONTEXTS), draw(st.sampled_from(POOL))
    translated = draw(st.sampled_from(["all", "all", "none", "some", "later"]))
    how = draw(st.sampled_from(["kept", "kept", "lost", "reordered", "one lost"]))
    forms = draw(st.integers(1, 3))
    sources = [entry.msgid] + [entry.msgid_plural or entry.msgid] * (forms - 1)
    texts = [translation(sources[n], how) if translated == "all" or (translated == "some" and not n)
             or (translated == "later" and n) else "" for n in range(forms)]
    if entry.msgid_plural:
        entry.msgstr_plural = dict(enumerate(texts))
    else:
        entry.msgstr = texts[0]
    return entry


@st.composite
def new_entry(draw):
    plural = draw(PLURALS)
    entry = polib.POEntry(msgctxt=draw(CONTEXTS), msgid=draw(st.sampled_from(POOL)), msgid_plural=plural,
                          msgstr_plural={0: "", 1: ""} if plural else {}, flags=draw(FLAGS),
                          comment=draw(st.sampled_from(["", "kind: title"])),
                          occurrences=[("new.txt", str(draw(st.integers(1, 9))))])
    if draw(st.integers(0, 9)) == 0:  # a template that is itself a catalog: obsolete entries, translations
        entry.obsolete = True
        # (ASCII: into a catalog without a header, which has no charset, msgmerge writes ASCII only)
        entry.msgstr, entry.msgstr_plural = ("", {0: "old", 1: "old"}) if plural else ("old", {})
    return entry


def po_file(entries, fields: dict[str, str] | None):
    po = polib.POFile(wrapwidth=0)
    if fields is not None:
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **fields}
    for entry in entries:
        po.append(entry)
    return po


def key(entry):
    return entry.msgctxt, entry.msgid


HEADERS = st.one_of(st.none(), st.fixed_dictionaries({"Plural-Forms": st.sampled_from(RULES)}, optional={
    "Language-Team": st.sampled_from(["Korean <ko@li.org>", "Chinese (simplified) <zh@li.org>", "German"]),
    "Language": st.sampled_from(["ko_KR", "zh_CN"]), "X-Generator": st.just("Poedit 3.4")}))
OPTIONS = st.lists(st.sampled_from(["--no-fuzzy-matching", "--sort-output", "--no-location", "--lang=ko"]),
                   unique=True, max_size=2)
# L10N_FUZZ_SCALE=10 runs ten times as many examples, as in tests/test_fuzz.py.
SCALE = float(os.environ.get("L10N_FUZZ_SCALE", "1"))


@pytest.mark.slow
@settings(max_examples=round(200 * SCALE), deadline=None)
@given(st.lists(old_entry(), max_size=8, unique_by=key), st.lists(new_entry(), max_size=8, unique_by=key),
       HEADERS, st.booleans(), OPTIONS)
def test_merging_random_catalogs_decides_as_msgmerge_does(old_entries, new_entries, header, template_header,
                                                          options):
    """Random catalogs and templates (contexts, plurals, format flags with translations that keep,
    lose or reorder placeholders, ranges, fuzzy and obsolete entries on either side, catalogs with
    and without a header, msgmerge's options) merged by l10n and by msgmerge: the same entries,
    and the same bytes."""
    old = po_file(old_entries, header)
    ref = po_file(new_entries, {"POT-Creation-Date": "2025-08-01 09:30+0000"} if template_header else None)
    with tempfile.TemporaryDirectory() as folder:
        old_path, ref_path = Path(folder, "old.po"), Path(folder, "new.pot")
        for po, path in ((old, old_path), (ref, ref_path)):
            text = po.__unicode__()
            if not po.metadata:  # a catalog without a header: without a charset, GNU reads ASCII only
                text = text.partition("\n\n")[2].replace("译", "tr")
            path.write_text(text, encoding="utf-8")
        note(f"options: {options}\nold.po:\n{old_path.read_text()}\nnew.pot:\n{ref_path.read_text()}")
        assert_agrees(merged(old_path, ref_path, options), msgmerge(old_path, ref_path, options), "random")
        # msgmerge starts with an empty line where an untranslated obsolete entry, which it does not
        # write, comes first (write-po.c sets blank_line for it all the same)
        gnu = msgmerge_bytes(old_path, ref_path, options).lstrip(b"\n")
        assert catalog.dump(merging(old_path, ref_path, options)) == gnu


# --- never lose a reviewed translation ---------------------------------------------------

SENTENCES = [f"Sentence {word} about the trial of XS{n}." for n, word in enumerate(
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split())]

EDITS = st.lists(st.one_of(
    st.tuples(st.just("change"), st.integers(0, 20), st.sampled_from(["new", "revised", "final"])),
    st.tuples(st.just("add"), st.integers(0, 20), st.sampled_from(SENTENCES)),
    st.tuples(st.just("remove"), st.integers(0, 20), st.none()),
    st.tuples(st.just("reorder"), st.integers(0, 20), st.none()),
    st.tuples(st.just("duplicate"), st.integers(0, 20), st.none()),
    st.tuples(st.just("review"), st.integers(0, 20), st.none()),
), min_size=1, max_size=12)


def _apply(release, edit):
    kind, at, value = edit
    if not release and kind != "add":
        return release
    at %= max(len(release), 1)
    if kind == "change":
        return release[:at] + [release[at].replace("about", f"({value}) about", 1)] + release[at + 1:]
    if kind == "add":
        return release[:at] + [value] + release[at:]
    if kind == "remove":
        return release[:at] + release[at + 1:]
    if kind == "reorder":
        return release[at:] + release[:at]
    if kind == "duplicate":
        return release + [release[at]]
    return release


@settings(max_examples=60, deadline=None)
@given(EDITS)
def test_reviewed_translations_are_never_lost(edits):
    release = SENTENCES[:5]
    po = catalog.new("zh_CN", "r")
    reviewed: dict[str, str] = {}
    for step, edit in enumerate(edits):
        release = _apply(release, edit)
        sources = [catalog.Source(text, (("r.txt", line),)) for line, text in enumerate(dict.fromkeys(release), 1)]
        po = catalog.merge(po, catalog.template(sources, "r"))
        for msgid, msgstr in reviewed.items():
            kept = any(e.msgid == msgid and e.msgstr == msgstr for e in po)
            fuzzy = any("fuzzy" in e.flags and e.previous_msgid == msgid and e.msgstr == msgstr for e in po)
            assert kept or fuzzy, (msgid, msgstr)
        if edit[0] == "review":  # a reviewer translates one entry and clears fuzzy
            active = [e for e in po if not e.obsolete]
            if active:
                entry = active[edit[1] % len(active)]
                entry.msgstr, entry.flags = f"译文 {step}", []
        reviewed = {e.msgid: e.msgstr for e in po if e.msgstr and "fuzzy" not in e.flags}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_a_comment_ending_in_a_backslash_does_not_eat_the_next_line(tmp_path):
    """GNU reads `# ...\\` as continued on the next line: written as it is above an obsolete entry's
    `#~ msgctxt ""`, the context vanished and msgfmt saw two definitions (found by the fuzz harness)."""
    po = catalog.new("zh_CN", "release")
    po.append(polib.POEntry(msgid="Trial", msgstr="试验"))
    po.append(polib.POEntry(msgid="Trial", msgctxt="", msgstr="试验", tcomment="see C:\\", obsolete=True))
    path = tmp_path / "release.po"
    catalog.write(po, path)
    assert "# see C:\\ \n" in path.read_text(encoding="utf-8")
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize(("epoch", "stamp"), [("1785225600", "2026-07-28 08:00+0000"), ("0", "1970-01-01 00:00+0000")])
def test_source_date_epoch_is_the_date_a_written_catalog_says(tmp_path, monkeypatch, epoch, stamp):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Hello.", msgstr="你好。"))
    assert catalog.write(po, tmp_path / "a.po") and catalog.write(po, tmp_path / "b.pot", stamp="POT-Creation-Date")
    assert f'"PO-Revision-Date: {stamp}\\n"' in (tmp_path / "a.po").read_text()
    assert f'"POT-Creation-Date: {stamp}\\n"' in (tmp_path / "b.pot").read_text()


@pytest.mark.parametrize("epoch", ["yesterday", "-5", "1.5", "١٢٣", "9" * 12, "9" * 13])
def test_a_source_date_epoch_that_is_no_time_is_one_line_and_writes_nothing(tmp_path, epoch):
    (tmp_path / "release.txt").write_text("Acme Begins Phase 2 Trial\n\nAcme said the trial began.\n")
    result = subprocess.run([sys.executable, "-m", "l10n", "translate", "release.txt", "--to", "zh", "--engine", "pseudo"],
                            capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "SOURCE_DATE_EPOCH=" in result.stderr and "is not a time in seconds since 1970" in result.stderr
    assert not list(tmp_path.glob("locales/**/*.po*"))
