from __future__ import annotations

import re

import pytest
from conftest import DATA, SEED

from l10n import glossary
from l10n.document import read
from l10n.engines import machine_drafts
from l10n.engines.pseudo import PseudoTranslator, pseudo
from l10n.protect import TOKEN_PATTERN
from l10n.segment import segment

SMALL = glossary.load([DATA / "glossary" / "small.csv"])


class Careless:
    """An engine that does one bad thing to placeholders, and translates by upper-casing."""

    name = "careless"
    model = "careless 1"

    def __init__(self, how: str):
        self.how = how

    def translate(self, texts):
        return [self._one(text) for text in texts]

    def _one(self, text):
        tokens = TOKEN_PATTERN.findall(text)
        if not tokens:  # the retry without masking
            return text.replace("XS228", "") if self.how == "drops-everything" else text
        first = f"ZX{tokens[0]}"
        return {
            "nothing": text,
            "drops": text.replace(first, "", 1),
            "drops-everything": text.replace(first, "", 1),
            "duplicates": text.replace(first, f"{first} {first}", 1),
            "reorders": " ".join(reversed(text.split())),
            "re-cases": text.lower(),
            "splits": re.sub(r"ZX(\d+)", r"Z X \1", text),
            "underscores": re.sub(r"ZX(\d+)", r"ZX_\1", text),
        }[self.how]


TEXT = "XS228 for ALS was dosed; contact BD@xellsmart.com."

# (what the engine does, the draft text, words the notes must hold)
CASES = [
    ("nothing", "XS228 for 渐冻症（ALS） was dosed; contact BD@xellsmart.com.", ""),
    ("re-cases", "XS228 for 渐冻症（ALS） was dosed; contact BD@xellsmart.com.", ""),
    ("splits", "XS228 for 渐冻症（ALS） was dosed; contact BD@xellsmart.com.", ""),
    ("underscores", "XS228 for 渐冻症（ALS） was dosed; contact BD@xellsmart.com.", ""),
    ("reorders", "BD@xellsmart.com. contact dosed; was 渐冻症（ALS） for XS228", ""),
    ("drops", TEXT, "MT lost or repeated XS228; translated again without masking | check the glossary terms: ALS → 渐冻症（ALS）"),
    ("duplicates", TEXT, "MT lost or repeated XS228"),
    ("drops-everything", "", "left for a human: MT lost or repeated XS228, and without masking it dropped XS228"),
]


@pytest.mark.parametrize(("how", "draft", "notes"), CASES, ids=[c[0] for c in CASES])
def test_a_protected_span_is_never_lost_silently(how, draft, notes):
    [result] = machine_drafts(Careless(how), [TEXT], [SMALL.find(TEXT)], "zh_CN")
    assert result.text == draft
    assert " | ".join(result.notes).startswith(notes) if notes else result.notes == ()
    assert (result.engine, result.model, result.fuzzy) == ("careless", "careless 1", True)


def test_pseudo_is_accented_bracketed_longer_and_deterministic():
    text = "XellSmart dosed the first patient."
    assert pseudo(text) == pseudo(text)
    assert pseudo(text).startswith("[") and pseudo(text).endswith("]")
    assert len(pseudo(text)) >= 1.3 * len(text)
    assert not re.search(r"[a-zA-Z]", pseudo(text).replace("~", ""))


def test_pseudo_drafts_keep_every_protected_span_of_the_seed():
    units = [u for u in segment(read(SEED)) if u.kind != "contact"]
    drafts = machine_drafts(PseudoTranslator(), [u.text for u in units], [SMALL.find(u.text) for u in units], "ko_KR")
    assert all(d.notes == () for d in drafts)
    joined = "\n".join(d.text for d in drafts)
    assert joined.count("BD@xellsmart.com") == 2
    assert "XS228" in joined and "XS411" in joined and "士泽生物" not in joined
    assert "척수손상" in joined and "파킨슨병" in joined


# --- inline markup (issue 14) ----------------------------------------------------------------

class Recorder:
    """An engine that echoes what it is given, losing the first placeholder, and remembers every call."""

    name = "recorder"
    model = "recorder 1"

    def __init__(self):
        self.calls = []

    def translate(self, texts):
        self.calls.append(list(texts))
        return [re.sub(r"ZX\d+", "", text, count=1) for text in texts]


# (unit with tags, what the retry without masking is given, the notes of the draft)
DROPPED_TAGS = [
    ("For more information, visit <a1>our website</a1>.", "For more information, visit our website.",
     ("MT lost or repeated <a1>; translated again without masking",
      "inline markup not carried over: put back <a1> </a1> around the words they mark")),
    ("<i>Nine</i> of <b>twelve</b> improved.", "Nine of twelve improved.",
     ("MT lost or repeated <i>; translated again without masking",
      "inline markup not carried over: put back <i> </i> <b> </b> around the words they mark")),
    ("Trial of <b>XS228</b> in ALS.", "Trial of XS228 in ALS.",
     ("MT lost or repeated <b>XS228</b>; translated again without masking",
      "check the glossary terms: ALS → 渐冻症（ALS）",
      "inline markup not carried over: put back <b> </b> around the words they mark")),
]


@pytest.mark.parametrize(("text", "retried", "notes"), DROPPED_TAGS)
def test_lost_tags_mean_a_retry_without_tags_and_a_note(text, retried, notes):
    engine = Recorder()
    [draft] = machine_drafts(engine, [text], [SMALL.find(text)], "zh_CN")
    assert engine.calls[1] == [retried]
    assert (draft.text, draft.notes) == (retried, notes)


@pytest.mark.parametrize("text", [
    "For more information, visit <a1>our website</a1>.",
    "<b>BOSTON, March 3, 2026 /PRNewswire/ --</b>",
    "Trial of <b>XS228</b> for <i>ALS</i>; mail <a1>BD@xellsmart.com</a1>.",
    "<b>Both <i>marks</i></b> and <a1>a</a1> <a2>link</a2>",
])
def test_pseudo_masks_tags_and_gives_them_back_in_place(text):
    from l10n import inline

    [draft] = machine_drafts(PseudoTranslator(), [text], [SMALL.find(text)], "zh_CN")
    assert draft.notes == ()
    assert [m[0] for m in inline.TAG.finditer(draft.text)] == [m[0] for m in inline.TAG.finditer(text)]
    assert inline.problems(text, draft.text) == []


def test_pseudo_keeps_the_tags_of_every_markdown_unit():
    from l10n import formats, inline

    for release in sorted((DATA / "markdown").glob("*.md")):
        units = [u for u in segment(formats.read(release)) if u.codes]
        drafts = machine_drafts(PseudoTranslator(), [u.text for u in units], [[] for _ in units], "ko_KR")
        assert [(d.notes, inline.problems(u.text, d.text)) for u, d in zip(units, drafts)] == [((), [])] * len(units)


# --- translation memory ---------------------------------------------------------------------

def _catalog(path, entries):
    """A zh_CN catalog of (msgid, msgstr, fuzzy, comment) entries."""
    import polib

    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN"}
    for msgid, msgstr, fuzzy, comment in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else [], comment=comment))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


TRIAL = "The trial enrolled 48 patients at 12 sites in the United States."
MEMORY_CATALOG = [
    (TRIAL, "该试验在美国12个研究中心入组了48名患者。", False, "kind: body"),
    ("Corvanta Therapeutics", "Corvanta Therapeutics", False, "kind: contact\nengine: verbatim"),
    ("XS228 was well tolerated in every patient.", "[Ẋŝ228 ŵàš ŵéĺĺ ~~~]", True, "kind: body\nengine: pseudo"),
    ("Topline data are expected in 2026.", "Topline data are expected in 2026.", False, "kind: body"),
]


@pytest.fixture
def memory_project(tmp_path):
    from l10n.cache import Cache

    _catalog(tmp_path / "a.po", MEMORY_CATALOG)
    return tmp_path, Cache(tmp_path / ".l10n" / "cache.sqlite")


@pytest.mark.parametrize(("text", "expected"), [
    (TRIAL, ("该试验在美国12个研究中心入组了48名患者。", False, ())),
    ("The trial enrolled 46 patients at 12 sites in the United States.",
     ("该试验在美国12个研究中心入组了48名患者。", True, (f"memory: 98% match, made for “{TRIAL}”",))),
    ("Corvanta Therapeutics", None),  # a verbatim contact line is no translation
    ("XS228 was well tolerated in every patient.", None),  # a machine draft is no translation
    ("Topline data are expected in 2026.", None),  # nor is the English itself
    ("The trial enrolled", None),  # too short for a fuzzy match
])
def test_memory_offers_real_reviewed_translations_only(memory_project, text, expected):
    from l10n.engines.memory import Memory

    root, cache = memory_project
    [draft] = Memory(cache, "zh_CN", [root / "a.po"]).drafts([text])
    assert (draft and (draft.text, draft.fuzzy, draft.notes)) == expected


def test_memory_reads_only_catalogs_that_changed_and_forgets_removed_ones(memory_project, monkeypatch):
    import os

    from l10n import catalog
    from l10n.engines.memory import Memory

    root, cache = memory_project
    second = _catalog(root / "b.po", [("Seven IND approvals were secured.", "已获得七项IND批准。", False, "")])
    reads = []
    real_read = catalog.read
    monkeypatch.setattr(catalog, "read", lambda path, *a: reads.append(path.name) or real_read(path, *a))
    Memory(cache, "zh_CN", [root / "a.po", second])
    Memory(cache, "zh_CN", [root / "a.po", second])
    assert reads == ["a.po", "b.po"]
    os.utime(second, ns=(1, 1))
    assert Memory(cache, "zh_CN", [root / "a.po", second]).drafts(["Seven IND approvals were secured."])[0]
    assert reads == ["a.po", "b.po", "b.po"]
    assert Memory(cache, "zh_CN", [root / "a.po"]).drafts(["Seven IND approvals were secured."]) == [None]


def test_many_changed_catalogs_are_read_on_both_cores_alike(memory_project, monkeypatch):
    from l10n.engines import memory

    root, cache = memory_project
    broken = root / "broken.po"
    broken.write_text('msgid "abc\n', encoding="utf-8")
    monkeypatch.setattr(memory, "PARALLEL_CATALOGS", 1)
    index = memory.Memory(cache, "zh_CN", [root / "a.po", broken])
    assert index.drafts([TRIAL])[0].text == "该试验在美国12个研究中心入组了48名患者。"
    assert index.skipped == [f"translation memory skips {broken}:1: is not a valid PO file (a string is not closed "
                             'with "); fix it in a PO editor or restore it from version control']


def test_the_first_catalog_by_name_gives_a_sentence_many_catalogs_hold(memory_project):
    from l10n.engines.memory import Memory

    root, cache = memory_project
    paths = [_catalog(root / f"{name}.po", [(TRIAL, f"译文 {name}", False, "kind: body")]) for name in ("c", "b", "d")]
    [draft] = Memory(cache, "zh_CN", [root / "a.po", *paths]).drafts([TRIAL])
    assert (draft.text, draft.model) == ("该试验在美国12个研究中心入组了48名患者。", "a.po")
    [draft] = Memory(cache, "zh_CN", paths).drafts([TRIAL])
    assert (draft.text, draft.model) == ("译文 b", "b.po")


SIMILAR = [f"The trial enrolled {n} patients at {s} sites in {place}." for n in (12, 48, 96) for s in (3, 12)
           for place in ("the United States", "South Korea", "China")] + [TRIAL, "Seven IND approvals were secured."]


def _indexed(tmp_path, monkeypatch, pairs):
    """A memory of `pairs` searched through the cache's close-match index (SCAN 0: as in an archive), which
    never loads every reviewed sentence."""
    from l10n.cache import Cache
    from l10n.engines import memory

    path = _catalog(tmp_path / "archive.po", [(source, target, False, "kind: body")
                                              for source, target in dict(reversed(pairs)).items()])
    cache = Cache(tmp_path / "cache.sqlite")
    monkeypatch.setattr(memory, "SCAN", 0)
    monkeypatch.setattr(memory, "SHORTLIST", 5)
    monkeypatch.setattr(cache, "all_reviewed", lambda locale: pytest.fail("the archive was loaded"))
    found = memory.Memory(cache, "zh_CN", [path])
    assert isinstance(found._candidates(), memory.Indexed)
    return found


@pytest.mark.parametrize("text", [TRIAL.replace("48", "46"), "The trial enrolled 96 patients at 3 sites in Korea.",
                                  "The trial enrolled 12 patients at 12 sites in China today.", "Nothing like it at all."])
def test_beyond_scan_the_shortlist_finds_what_the_search_over_all_finds(tmp_path, monkeypatch, text):
    from rapidfuzz import fuzz, process

    from l10n.engines import memory

    everywhere = process.extractOne(text, SIMILAR, scorer=fuzz.ratio, score_cutoff=memory.CUTOFF)
    found = _indexed(tmp_path, monkeypatch, [(source, f"译 {n}") for n, source in enumerate(SIMILAR)])
    [draft] = found.drafts([text])
    assert (draft and draft.notes) == (everywhere and (f"memory: {everywhere[1]:.0f}% match, made for “{everywhere[0]}”",))
    assert (draft and draft.text) == (everywhere and f"译 {SIMILAR.index(everywhere[0])}")


def test_alike_gives_the_reviewed_translations_sharing_the_most_words_best_first(tmp_path, monkeypatch):
    from l10n.engines import memory

    pairs = [(source, f"译 {n}", "a.po") for n, source in enumerate(SIMILAR)]
    text = "The trial enrolled 96 patients at 3 sites in Korea."
    everywhere = memory.Close(pairs).alike(text, 3, 50)
    assert [source for (source, _, _), _ in everywhere][0] == "The trial enrolled 96 patients at 3 sites in South Korea."
    assert [score for _, score in everywhere] == sorted((score for _, score in everywhere), reverse=True)
    assert memory.Close(pairs).alike("Nothing like it at all.", 3, 50) == []
    found = _indexed(tmp_path, monkeypatch, [(source, target) for source, target, _ in pairs])
    assert found.alike(text, 3, 50)[0] == (everywhere[0][0][:2] + (everywhere[0][1],))


def test_the_close_match_index_follows_the_catalogs_and_holds_a_repeated_sentence_once(tmp_path, monkeypatch):
    import os

    from l10n.cache import Cache
    from l10n.engines import memory

    monkeypatch.setattr(memory, "SCAN", 0)
    cache = Cache(tmp_path / "cache.sqlite")
    names = ("Alderwood", "Brightfield", "Onyxbridge")
    paths = [_catalog(tmp_path / f"{n}.po", [(TRIAL, "该试验入组了48名患者。", False, ""),
                                              (f"{name} filed its own thing today.", f"第{n}篇。", False, "")])
             for n, name in enumerate(names)]
    memory.Memory(cache, "zh_CN", paths)
    assert cache.candidates("zh_CN") == 4
    assert memory.terms("The trial, enrolled") == {"the trial", "trial enrolled"}
    assert cache.holding("zh_CN", ["trial enrolled", "filed its", "absent pair"]) == {"trial enrolled": 1, "filed its": 3}
    assert len(cache.postings("zh_CN", "filed its", 2)) == 2  # a common term's entries are read up to a cap
    near = "Onyxbridge filed its own thing now."
    assert memory.Memory(cache, "zh_CN", paths).drafts([near])[0].text == "第2篇。"
    _catalog(paths[2], [(TRIAL, "该试验入组了48名患者。", False, "")])  # a reviewer removed a sentence
    os.utime(paths[2], ns=(1, 1))
    assert memory.Memory(cache, "zh_CN", paths).drafts([near]) == [None]
    assert cache.candidates("zh_CN") == 3 and cache.holding("zh_CN", ["onyxbridge filed"]) == {}
    memory.Memory(cache, "zh_CN", [])  # every catalog gone
    assert cache.candidates("zh_CN") == 0 and cache.holding("zh_CN", ["trial enrolled"]) == {}


def test_a_sentence_that_moves_to_a_catalog_read_in_a_later_batch_stays_in_the_index(tmp_path, monkeypatch):
    """Changed catalogs are read and indexed a batch at a time (one catalog each here): a sentence
    a reviewer moved from the first catalog to the last is found, and a deleted catalog is forgotten."""
    import os

    from l10n.cache import Cache
    from l10n.engines import memory

    monkeypatch.setattr(memory, "SCAN", 0)
    monkeypatch.setattr(memory, "INDEX_BATCH", 1)
    cache = Cache(tmp_path / "cache.sqlite")
    other = ("Onyxbridge filed its own thing today.", "第1篇。", False, "")
    paths = [_catalog(tmp_path / "a.po", [(TRIAL, "该试验入组了48名患者。", False, "")]),
             _catalog(tmp_path / "b.po", [other]), _catalog(tmp_path / "c.po", [other])]
    memory.Memory(cache, "zh_CN", paths)
    _catalog(paths[0], [other])
    _catalog(paths[1], [other, (TRIAL, "该试验入组了48名患者。", False, "")])
    for path in paths[:2]:
        os.utime(path, ns=(1, 1))
    paths[2].unlink()
    near = "The trial enrolled 48 patients at 12 sites in the United Kingdom."
    assert memory.Memory(cache, "zh_CN", paths).drafts([near])[0].text == "该试验入组了48名患者。"
    assert cache.candidates("zh_CN") == 2 and set(cache.catalogs("zh_CN")) == {str(p.resolve()) for p in paths[:2]}


def test_a_cache_that_fails_part_way_through_indexing_still_gives_every_catalogs_translations(tmp_path, monkeypatch):
    """The cache fails (a disk I/O error) while the second batch of catalogs is indexed: the run goes on
    with the cache in memory, where every catalog is indexed, not only those from the failure on."""
    import sqlite3

    from l10n.cache import Cache
    from l10n.engines import memory

    monkeypatch.setattr(memory, "INDEX_BATCH", 1)
    cache = Cache(tmp_path / "cache.sqlite")
    index, calls = cache.index, []

    def failing(*args):
        calls.append(1)
        if len(calls) == 2:
            cache._fail(sqlite3.OperationalError("disk I/O error"))
        return index(*args)

    monkeypatch.setattr(cache, "index", failing)
    other = ("Onyxbridge filed its own thing today.", "第1篇。")
    paths = [_catalog(tmp_path / "a.po", [(TRIAL, "该试验入组了48名患者。", False, "")]),
             _catalog(tmp_path / "b.po", [(*other, False, "")])]
    found = memory.Memory(cache, "zh_CN", paths).drafts([TRIAL, other[0]])
    assert cache.disabled and [d.text for d in found] == ["该试验入组了48名患者。", "第1篇。"]


@pytest.mark.parametrize("before", ["tm_term_counts", "tm_term_counts; drop table tm_terms; drop table tm_sources"],
                         ids=["before the term counts", "before the close-match index"])
def test_a_cache_made_before_the_close_match_index_indexes_its_catalogs_again(memory_project, before):
    import sqlite3

    from l10n.cache import Cache
    from l10n.engines.memory import Memory

    root, cache = memory_project
    Memory(cache, "zh_CN", [root / "a.po"])
    cache.close()
    with sqlite3.connect(root / ".l10n" / "cache.sqlite") as db:  # as l10n left it before
        db.executescript(f"drop table {before};")
    cache = Cache(root / ".l10n" / "cache.sqlite")
    assert cache.catalogs("zh_CN") == {} and cache.candidates("zh_CN") == 0
    assert Memory(cache, "zh_CN", [root / "a.po"]).drafts([TRIAL])[0].text == "该试验在美国12个研究中心入组了48名患者。"
    assert cache.candidates("zh_CN") > 0


# --- what any engine returns is cleaned in one place ------------------------------------------

ESCAPES = "\x1b[31m\x00\x07\x0b\x0c\x1f\x7f\x1b[0m"  # two escape sequences (one each) and six others
SECRET = "sk-test-SECRET-5f1e0c9a7b3d4e2f"


@pytest.mark.parametrize(("output", "secret", "cleaned", "notes"), [
    ("译文。", "", "译文。", []),
    ("第一行\t制表\n第二行", "", "第一行\t制表\n第二行", []),  # tab and newline stay
    (f"{ESCAPES[:9]}译文{ESCAPES[9:]}。", "", "译文。", ["removed 8 control characters from the engine's output"]),
    ("a\x1b]0;title\x07b\x1bc", "", "ab", ["removed 2 control characters from the engine's output"]),
    ("\u2028a\x85b\ufffd\r", "", "ab", ["removed 4 control characters from the engine's output"]),
    (f"译文 {SECRET} 和 {SECRET}", SECRET, "译文 [key] 和 [key]", ["removed 2 API keys from the engine's output"]),
    (f"s{chr(0)}k-test-SECRET-5f1e0c9a7b3d4e2f", SECRET, "[key]",  # a control character inside cannot hide it
     ["removed 1 control character from the engine's output", "removed 1 API key from the engine's output"]),
    ("Authorization: Bearer sk-proj-Ab3dEf6hIj9kLm2nOp5q", "", "Authorization: Bearer [key]",
     ["removed 1 API key from the engine's output"]),
    ("DeepL-Auth-Key 279a2e9d-83b3-c416-7e2d-f721593e42a0:fx", "", "DeepL-Auth-Key [key]",
     ["removed 1 API key from the engine's output"]),
    ("Bearer bonds and a Bearer token", "", "Bearer bonds and a Bearer token", []),  # words, not credentials
    ("sk-8 ratio", "", "sk-8 ratio", []),
], ids=["plain", "tab-newline", "escapes", "osc-and-esc", "separators", "key", "split-key", "bearer", "deepl-key",
        "bearer-words", "short-sk"])
def test_what_an_engine_returns_is_cleaned(output, secret, cleaned, notes):
    from l10n.engines import clean

    assert clean(output, secret) == (cleaned, notes)


class Noisy:
    """An engine that puts control characters around every translation, keeping the placeholders."""

    name = "noisy"
    model = "noisy 1"

    def translate(self, texts):
        return [ESCAPES[:9] + text.replace(" on ", " on\t") + ESCAPES[9:] for text in texts]


def test_control_characters_from_any_engine_are_removed_with_a_note():
    text = "Shares rose 5% on the news at <b>noon</b>."
    [draft] = machine_drafts(Noisy(), [text], [[]], "zh_CN")
    assert draft.text == "Shares rose 5% on\tthe news at <b>noon</b>."
    assert draft.notes == ("removed 8 control characters from the engine's output",)


def test_control_characters_from_argos_are_removed_with_a_note():
    from types import SimpleNamespace

    from l10n.engines.argos import ArgosTranslator, Model

    class Pieces:  # a SentencePiece tokenizer of words
        def encode(self, text, out_type=str):
            return text.split()

        def decode_pieces(self, pieces):
            return " ".join(pieces)

    class Model2:  # a CTranslate2 model that echoes its input with an escape sequence and a NUL
        def translate_batch(self, batch, **options):
            return [SimpleNamespace(hypotheses=[["\x1b[1m", *pieces, "\x00"]]) for pieces in batch]

    argos = ArgosTranslator(Model("en", "zh", "1.0", SEED.parent))
    argos._translator, argos._tokenizer, argos._prefix, argos._workers = Model2(), Pieces(), "", 1
    [draft] = machine_drafts(argos, ["The trial enrolls patients."], [[]], "zh_CN")
    assert draft.text == "The trial enrolls patients."
    assert draft.notes == ("removed 2 control characters from the engine's output",)


# --- the engines' house ----------------------------------------------------------------------


def test_the_engines_import_one_another_in_no_circle():
    """The base of the HTTP engines knows none of them: choosing an engine by name lives above them."""
    import ast
    from graphlib import CycleError, TopologicalSorter

    from l10n.engines import http

    folder = SEED.parent.parent / "l10n" / "engines"
    graph = {}
    for path in folder.glob("*.py"):
        name = "l10n.engines" if path.stem == "__init__" else f"l10n.engines.{path.stem}"
        needs = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("l10n.engines"):
                needs.add(node.module)
                needs.update(f"{node.module}.{a.name}" for a in node.names if (folder / f"{a.name}.py").exists()
                             and node.module == "l10n.engines")
            elif isinstance(node, ast.Import):
                needs.update(a.name for a in node.names if a.name.startswith("l10n.engines"))
        graph[name] = needs - {name}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"the engines import one another in a circle: {' → '.join(error.args[1])}")
    assert not hasattr(http, "translator") and not hasattr(http, "auto_translator")
