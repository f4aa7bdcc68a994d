from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import catalog
from l10n.errors import L10nError

CASES = sorted(p.name for p in (DATA / "catalogs").iterdir() if p.is_dir())


def decisions(po):
    return sorted((e.msgid, e.msgstr, "fuzzy" in e.flags, e.previous_msgid or "", e.obsolete, e.tcomment) for e in po)


def gettext(*args, **kwargs):
    assert shutil.which(args[0]), f"{args[0]} is missing: install GNU gettext (apt-get install gettext)"
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def sources_of(pot_path):
    return [catalog.Source(e.msgid, tuple((f, int(n)) for f, n in e.occurrences), tuple(e.comment.splitlines()))
            for e in polib.pofile(str(pot_path))]


@pytest.mark.parametrize("case", CASES)
def test_merge_decides_as_msgmerge_does(case, tmp_path):
    folder = DATA / "catalogs" / case
    reference = gettext("msgmerge", "--previous", "--quiet", "-o", str(tmp_path / "gnu.po"),
                        str(folder / "old.po"), str(folder / "new.pot"))
    assert reference.returncode == 0, reference.stderr
    old = catalog.read(folder / "old.po")
    ours = catalog.merge(old, sources_of(folder / "new.pot"), old.metadata.get("Language"), case)
    assert decisions(ours) == decisions(polib.pofile(str(tmp_path / "gnu.po")))


@pytest.mark.parametrize("case", CASES)
def test_written_catalogs_pass_msgfmt_check(case, tmp_path):
    folder = DATA / "catalogs" / case
    old = catalog.read(folder / "old.po")
    path = tmp_path / "out.po"
    assert catalog.write(catalog.merge(old, sources_of(folder / "new.pot"), old.metadata["Language"], case), path)
    result = gettext("msgfmt", "--check", "-o", "/dev/null", str(path))
    assert result.returncode == 0, result.stderr


def test_headers_come_from_cldr_and_a_reviewers_header_survives():
    old = catalog.read(DATA / "catalogs" / "reviewer" / "old.po")
    merged = catalog.merge(old, sources_of(DATA / "catalogs" / "reviewer" / "new.pot"), "ko_KR", "kestrel")
    assert merged.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert merged.metadata["Language"] == "ko_KR"
    assert merged.metadata["Last-Translator"] == "Kim Min-ji <minji@example.com>"
    assert merged.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert merged.metadata["X-Generator"].startswith("l10n ")
    assert merged.header == "Reviewed by the Seoul office."
    fresh = catalog.merge(None, [], "zh_CN", "x")
    assert {"Project-Id-Version", "POT-Creation-Date", "Language-Team", "Plural-Forms"} <= set(fresh.metadata)


def test_an_unchanged_catalog_is_not_rewritten(tmp_path):
    path = tmp_path / "zh.po"
    sources = [catalog.Source("XellSmart dosed the first patient.", (("r.txt", 3),), ("kind: body",))]
    assert catalog.write(catalog.merge(None, sources, "zh_CN", "r"), path)
    stamp = path.stat().st_mtime_ns
    assert not catalog.write(catalog.merge(catalog.read(path), sources, "zh_CN", "r"), path)
    assert path.stat().st_mtime_ns == stamp


BROKEN = [
    ("unterminated", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "abc\nmsgstr "x"\n'.encode(),
     "is not a valid PO file"),
    ("latin1", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "caf\xe9"\nmsgstr ""\n'.encode("latin-1"),
     "is not UTF-8"),
    ("charset", b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=EUC-KR\\n"\n', "declares charset=EUC-KR"),
    ("folder", b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ko_KR\\n"\n',
     "says Language: ko_KR but lies in the zh_CN folder"),
]


@pytest.mark.parametrize(("name", "content", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_catalog_is_one_error_and_left_alone(tmp_path, name, content, message):
    path = tmp_path / "broken.po"
    path.write_bytes(content)
    with pytest.raises(L10nError) as error:
        catalog.read(path, "zh_CN")
    assert message in str(error.value) and str(error.value).startswith(f"{path}:")
    assert path.read_bytes() == content


def test_stats_count_characters_for_cjk_and_words_for_english(tmp_path):
    path = tmp_path / "zh.po"
    po = catalog.merge(None, [catalog.Source("Two words.", (("r", 1),)), catalog.Source("Three more words.", (("r", 2),)),
                              catalog.Source("None yet", (("r", 3),))], "zh_CN", "r")
    po[0].msgstr, po[1].msgstr, po[1].flags = "两个 词。", "三个词", ["fuzzy"]
    catalog.write(po, path)
    s = catalog.stats(path, "zh_CN")
    assert (s.reviewed, s.fuzzy, s.untranslated, s.words, s.reviewed_words, s.characters) == (1, 1, 1, 7, 2, 4)


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
    po = None
    reviewed: dict[str, str] = {}
    for step, edit in enumerate(edits):
        release = _apply(release, edit)
        sources = [catalog.Source(text, (("r.txt", line),)) for line, text in enumerate(dict.fromkeys(release), 1)]
        po = catalog.merge(po, sources, "zh_CN", "r")
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
