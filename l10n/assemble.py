"""Localized releases: the source document is the template, translations replace its units.

Layout comes from the document (blank lines, bullet markers, headings, contact lines, the
dateline on the line of the paragraph it opens); page noise is not in the document, so it
never reaches the output. A unit without a translation stays in English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from l10n.model import Document, Unit

# Languages whose sentences follow one another without a space.
UNSPACED = frozenset({"zh", "ja"})


def _is_wide(c: str) -> bool:
    return c >= "\u2e80"  # CJK letters and full-width punctuation


def _join(pieces: Sequence[str], locale: str) -> str:
    text = ""
    for piece in pieces:
        unspaced = locale.split("_")[0] in UNSPACED and text and _is_wide(text[-1]) and _is_wide(piece[:1] or " ")
        text += piece if not text or unspaced else " " + piece
    return text


def render(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str) -> str:
    """The release as plain text in `locale`; `translations` maps a source sentence to its text."""
    pieces: list[list[str]] = [[] for _ in document.blocks]
    for unit in units:
        pieces[unit.block].append(translations.get(unit.text) or unit.text)
    out: list[str] = []
    last_line = None
    for block, texts in zip(document.blocks, pieces):
        text = block.prefix + _join(texts, locale)
        if last_line is not None:
            out.append(" " if block.line == last_line else "\n" if block.line == last_line + 1 else "\n\n")
        out.append(text)
        last_line = block.lines[-1]
    return "".join(out) + "\n"
