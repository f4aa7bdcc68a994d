from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from conftest import RELEASES, SEED

from l10n import assemble
from l10n.document import read
from l10n.segment import segment

ALL = [*RELEASES, SEED]


def cleaned(release, document) -> str:
    """The source without its page noise, read straight from the file's lines."""
    raw = re.split(r"\r\n|\r|\n", unicodedata.normalize("NFC", release.read_bytes().decode(document.encoding)))
    raw = [line.replace("\u00a0", " ").replace("\ufeff", "").rstrip() for line in raw]
    continuation = {line for block in document.blocks for line in block.lines[1:]}
    covered = sorted({line for block in document.blocks for line in block.lines})
    text, last = "", None
    for line in covered:
        if last is None:
            text = raw[line - 1]
        elif line in continuation:
            text += " " + raw[line - 1].strip()
        else:
            text += ("\n" if line == last + 1 else "\n\n") + raw[line - 1]
        last = line
    return text + "\n"


@pytest.mark.parametrize("release", ALL, ids=lambda p: p.stem)
def test_identity_translations_rebuild_the_cleaned_source(release):
    document = read(release)
    assert assemble.text(document, segment(document), {}, "en") == cleaned(release, document)


@pytest.mark.parametrize("release", ALL, ids=lambda p: p.stem)
def test_every_translation_appears_in_order(release):
    document = read(release)
    units = segment(document)
    translations = {text: f"«{i}»" for i, text in enumerate(dict.fromkeys(u.text for u in units))}
    out = assemble.text(document, units, translations, "zh_CN")
    assert [int(n) for n in re.findall(r"«(\d+)»", out)] == [int(translations[u.text][1:-1]) for u in units]
    assert "맑음" not in out and "Advertisement" not in out


def test_chinese_sentences_join_without_spaces_and_english_ones_with():
    document = read(SEED)
    units = segment(document)
    body = [u for u in units if u.block == units[2].block]
    zh = assemble.text(document, units, {u.text: f"句{i}。" for i, u in enumerate(body)}, "zh_CN")
    assert "句0。句1。句2。句3。" in zh
    ko = assemble.text(document, units, {u.text: f"문장{i}." for i, u in enumerate(body)}, "ko_KR")
    assert "문장0. 문장1. 문장2. 문장3." in ko


class Checker(HTMLParser):
    VOID = {"meta", "br"}

    def __init__(self):
        super().__init__()
        self.stack, self.lang, self.errors = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


@pytest.mark.parametrize("release", ALL, ids=lambda p: p.stem)
def test_html_page_is_well_formed_escaped_and_has_lang(release):
    document = read(release)
    units = segment(document)
    page = assemble.page(document, units, {units[0].text: "<士泽生物> & “首例”"}, "zh_CN")
    checker = Checker()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == [] and checker.lang == "zh-CN"
    assert "&lt;士泽生物&gt; &amp; “首例”" in page


def test_markdown_marks_title_headings_and_bullets():
    document = read(SEED)
    md = assemble.markdown(document, segment(document), {}, "en")
    assert md.startswith("# XellSmart Completed World's First")
    assert md.count("\n- ") == 3
    assert "**SUZHOU, China, July 28, 2025 --** XellSmart Biopharmaceutical" in md
