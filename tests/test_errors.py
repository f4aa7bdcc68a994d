"""Counts in messages read as a person's: `1 error`, `2 errors`, `1,234 sentences`, never `1 error(s)`."""

from __future__ import annotations

import pytest

from l10n.errors import counted, noun, unfinished


@pytest.mark.parametrize(("args", "said"), [
    ((0, "error"), "0 errors"),
    ((1, "error"), "1 error"),
    ((2, "error"), "2 errors"),
    ((1, "entry", "entries"), "1 entry"),
    ((3, "entry", "entries"), "3 entries"),
    ((1, "match", "matches"), "1 match"),
    ((1234, "sentence"), "1,234 sentences"),
    ((1_000_000, "character"), "1,000,000 characters"),
    ((1, "glossary file"), "1 glossary file"),
    ((2, "note of style", "notes of style"), "2 notes of style"),
])
def test_counted(args, said):
    assert counted(*args) == said


@pytest.mark.parametrize(("args", "said"), [
    ((1, "missing number"), "missing number"),
    ((2, "missing number"), "missing numbers"),
    ((0, "leftover placeholder"), "leftover placeholders"),
])
def test_noun(args, said):
    assert noun(*args) == said


@pytest.mark.parametrize(("counts", "said"), [
    ((3, 1, 0), "3 entries still fuzzy, 1 untranslated"),
    ((1, 0, 1), "1 entry still fuzzy, 1 check error"),
    ((0, 2, 0), "2 entries untranslated"),
    ((0, 0, 2), "2 check errors"),
    ((1, 1_234, 1), "1 entry still fuzzy, 1,234 untranslated, 1 check error"),
    ((0, 0, 0), ""),
])
def test_unfinished(counts, said):
    assert unfinished(*counts) == said
