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
