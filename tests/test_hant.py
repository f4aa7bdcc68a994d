from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import polib
import pytest

from l10n import glossary, hant, pipeline
from l10n.errors import L10nError
from l10n.model import Unit

SHIPPED = glossary.load()
LAYER = list(csv.DictReader(hant.LAYER.open(encoding="utf-8")))
MARKETS = ("zh_TW", "zh_HK")


def test_the_layer_is_sourced_with_at_least_40_terms_per_market():
    assert all(row["source"].strip() and row["note"].strip() for row in LAYER)
    for locale in MARKETS:
        assert len({row["zh_CN"]: row[locale] for row in LAYER}) >= 40


@pytest.mark.parametrize("locale", MARKETS)
@pytest.mark.parametrize("row", LAYER, ids=[row["zh_CN"] for row in LAYER])
def test_each_term_of_the_layer_converts_to_the_market_form(row, locale):
    assert hant.convert(row["zh_CN"], locale) == row[locale]
    assert hant.leftovers(row[locale]) == []


@pytest.mark.parametrize(("simplified", "taiwan", "hong_kong"), [
    # OpenCC alone: 程式, 支援, 專案, 資料, 臨床 in both, 美國食品藥品監督管理局
    ("该程序获得支持，项目数据良好。", "該程序獲得支持，項目數據良好。", "該程序獲得支持，項目數據良好。"),
    ("仿制药和单克隆抗体获美国食品药品监督管理局批准", "學名藥和單株抗體獲美國食品藥物管理署核准",
     "仿製藥和單克隆抗體獲美國食品及藥物管理局批准"),
    ("临床试验每三周给药一次，并成功完成", "臨床試驗每三週給藥一次，並成功完成", "臨牀試驗每三週給藥一次，並成功完成"),
    # quotes: “” → 「」, nested ‘’ → 『』; a lone ’ is an apostrophe
    ("他说“这是‘全球首个’疗法”。", "他說「這是『全球首個』療法」。", "他説「這是『全球首個』療法」。"),
    ("XellSmart’s 细胞", "XellSmart’s 細胞", "XellSmart’s 細胞"),
])
def test_conversion_puts_the_layer_over_opencc(simplified, taiwan, hong_kong):
    assert (hant.convert(simplified, "zh_TW"), hant.convert(simplified, "zh_HK")) == (taiwan, hong_kong)


def test_the_glossary_targets_of_the_units_terms_win():
    text = "XellSmart completed a registrational clinical trial."
    terms = [match.term for match in SHIPPED.find(text)]
    assert hant.convert("士泽生物完成注册临床试验。", "zh_TW", terms) == "士澤生物完成查驗登記用臨床試驗。"
    assert hant.convert("士泽生物完成注册临床试验。", "zh_TW") == "士澤生物完成註冊臨床試驗。"


def test_only_traditional_locales_convert():
    with pytest.raises(L10nError, match="no conversion from Simplified Chinese into ko_KR; use zh_TW or zh_HK"):
        hant.convert("临床", "ko_KR")


@pytest.mark.parametrize(("text", "found"), [
    ("這是为了臨床里程碑", ["为"]),
    ("临床数据", ["临", "数"]),  # 据 is also Traditional (拮据)
    # characters both scripts write, and Taiwan's 床
    ("里程碑、台灣、皇后、制度、只有、干擾、周邊、臨床、床位", []),
    ("XS228 (NMPA) 5,000", []),
])
def test_leftovers_are_characters_no_traditional_text_writes(text, found):
    assert hant.leftovers(text) == found


def test_the_glossary_writes_no_simplified_character_in_its_traditional_columns():
    for term in SHIPPED.terms:
        for locale in MARKETS:
            assert hant.leftovers(dict(term.targets).get(locale, "")) == [], (term.source, locale)


def _opencc_table(tool: Path, name: str) -> dict[str, list[str]]:
    out = subprocess.run([str(tool), "-i", str(tool.parent.parent / "share" / "opencc" / f"{name}.ocd2"),
                          "-o", "/dev/stdout", "-f", "ocd2", "-t", "text"], capture_output=True, text=True, check=True)
    return {key: value.split() for key, value in (line.split("\t") for line in out.stdout.splitlines())}


def test_the_simplified_table_is_derived_from_opencc_s_own_dictionaries():
    """A character is Simplified only when it is not among its own Traditional forms (这 → 這, but
    里 → 裏 里 哩 is both) and no regional variant of those forms is itself (Taiwan's 床 for 牀)."""
    import opencc

    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    if not tool.exists():
        pytest.skip("this OpenCC wheel ships no opencc_dict to read its dictionaries with")
    table = _opencc_table(tool, "STCharacters")
    variants: dict[str, list[str]] = {}
    for name in ("TWVariants", "HKVariants"):
        for key, values in _opencc_table(tool, name).items():
            variants.setdefault(key, []).extend(values)
    derived = {char: variants.get(forms[0], forms)[0] for char, forms in table.items()
               if char not in forms and not any(char in variants.get(form, ()) for form in forms)}
    assert hant.simplified_table() == derived


class Simplifying:
    """An MT engine that drafts every sentence in Simplified Chinese."""

    name, model = "fake", "1"

    def translate(self, texts):
        return ["该程序的数据良好。" for _ in texts]


def test_mt_for_taiwan_drafts_in_simplified_then_converts_and_caches_the_simplified(tmp_path):
    run = pipeline.Run(tmp_path, SHIPPED, engine="auto")
    run.translators["zh_CN"] = Simplifying()
    text = "All monitored parameters remained within normal ranges."
    units = [Unit("1", "body", text, 0, 1)]
    drafts = pipeline._drafts(run, "zh_TW", [text], {text: []}, run.memory("zh_TW"), units)
    assert (drafts[text].text, drafts[text].engine, drafts[text].model) == (
        "該程序的數據良好。", "opencc", "s2twp from fake 1")
    # the cache holds the zh_CN draft, which a zh_CN run and a zh_HK run share
    cached = run.cache().get([pipeline._key(run, "zh_CN", run.translators["zh_CN"], text)])
    assert [draft.text for draft in cached.values()] == ["该程序的数据良好。"]
    hong_kong = pipeline._drafts(run, "zh_HK", [text], {text: []}, run.memory("zh_HK"), units)
    assert hong_kong[text].model == "s2hk from fake 1"


def test_reviewed_zh_cn_gives_fuzzy_drafts_and_a_second_run_writes_nothing(tmp_path):
    import shutil
    import sys

    from conftest import SEED

    shutil.copy(SEED, tmp_path)
    run = lambda *args: subprocess.run([sys.executable, "-m", "l10n", *args], capture_output=True, text=True,  # noqa: E731
                                       cwd=tmp_path)
    assert run("translate", SEED.name, "--to", "zh", "--engine", "pseudo", "-q").returncode == 0
    path = tmp_path / "locales" / "zh_CN" / "LC_MESSAGES" / f"{SEED.stem}.po"
    po = polib.pofile(str(path))
    sentence = "All monitored parameters remained within normal ranges."
    entry = po.find(sentence)
    entry.msgstr, entry.flags = "各项监测指标均保持在正常范围内。", []
    po.save(str(path))
    first = run("translate", SEED.name, "--to", "zh-TW,zh-Hant-HK", "--engine", "memory", "--json")
    assert first.returncode == 0
    # counted with the memory's drafts, not MT's: a reviewer of the market checks them, no MT ran
    assert [(s["memory"], s["machine"]) for s in __import__("json").loads(first.stdout)] == [(1, 0), (1, 0)]
    for locale, converted, config in (("zh_TW", "各項監測指標均保持在正常範圍內。", "s2twp"),
                                      ("zh_HK", "各項監測指標均保持在正常範圍內。", "s2hk")):
        drafted = polib.pofile(str(tmp_path / "locales" / locale / "LC_MESSAGES" / f"{SEED.stem}.po")).find(sentence)
        assert drafted.msgstr == converted and "fuzzy" in drafted.flags
        assert f"engine: opencc {config} from reviewed zh_CN" in drafted.comment
    again = run("translate", SEED.name, "--to", "zh_TW,zh_HK", "--engine", "memory", "--json")
    assert [s["written"] for s in __import__("json").loads(again.stdout)] == [[], []]
