"""Localized releases: the source document is the template, translations replace its units.

Layout comes from the document (blank lines, bullet markers, headings, contact lines, the
dateline on the line of the paragraph it opens); page noise is not in the document, so it
never reaches the output. A unit without a translation stays in English. Three formats:
plain text in the source's own layout, Markdown, and a standalone HTML page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from l10n.model import Block, Document, Unit

FORMATS = ("txt", "md", "html")
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


def _blocks(document: Document, units: Sequence[Unit], translations: Mapping[str, str],
            locale: str) -> list[tuple[Block, str, str]]:
    """(block, its text in the locale, what separates it from the block before: '', '\\n' or '\\n\\n')."""
    pieces: list[list[str]] = [[] for _ in document.blocks]
    for unit in units:
        pieces[unit.block].append(translations.get(unit.text) or unit.text)
    result = []
    last_line = None
    for block, texts in zip(document.blocks, pieces):
        if last_line is None:
            gap = ""
        else:
            gap = "" if block.line == last_line else "\n" if block.line == last_line + 1 else "\n\n"
        result.append((block, _join(texts, locale), gap))
        last_line = block.lines[-1]
    return result


def text(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str) -> str:
    """The release as plain text in the source's layout."""
    return "".join(gap + block.prefix + body for block, body, gap in _blocks(document, units, translations, locale)) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def markdown(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str) -> str:
    """The release as Markdown: `#` title, `##` headings, `-` bullets, hard breaks between contact lines."""
    out = []
    previous = None
    for block, body, gap in _blocks(document, units, translations, locale):
        body = _MARKDOWN_SPECIAL.sub(r"\\\1", body)
        if block.kind == "title":
            line = f"# {body}"
        elif block.kind == "heading":
            line = f"## {body}"
        elif block.kind == "bullet":
            line = f"- {body}"
        elif block.kind == "dateline":
            line = f"**{body}**"
        else:
            line = (" " if gap == "" and out else "") + body
        if gap == "\n" and block.kind == previous == "contact":
            out.append("  \n")
        elif gap == "\n" and block.kind == previous == "bullet":
            out.append("\n")
        elif gap:
            out.append("\n\n")
        out.append(line)
        previous = block.kind
    return "".join(out) + "\n"


def page(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str) -> str:
    """The release as a standalone HTML page with `lang` set and every text escaped."""
    parts: list[str] = []
    open_tag = None

    def close() -> None:
        nonlocal open_tag
        if open_tag:
            parts.append(f"</{open_tag}>\n")
        open_tag = None

    title = ""
    for block, body, gap in _blocks(document, units, translations, locale):
        escaped = html.escape(body)
        if block.kind == "title":
            close()
            title = title or escaped
            parts.append(f"<h1>{escaped}</h1>\n")
        elif block.kind == "heading":
            close()
            parts.append(f"<h2>{escaped}</h2>\n")
        elif block.kind == "bullet":
            if open_tag != "ul":
                close()
                parts.append("<ul>\n")
                open_tag = "ul"
            parts.append(f"<li>{escaped}</li>\n")
        elif block.kind == "dateline":
            close()
            parts.append(f'<p><span class="dateline">{escaped}</span>')
            open_tag = "p"
        elif block.kind == "contact":
            if open_tag == "address":
                parts.append("<br>\n")
            else:
                close()
                parts.append('<address class="contact">')
                open_tag = "address"
            parts.append(escaped)
        elif gap == "" and open_tag == "p":
            parts.append(" " + escaped)
        else:
            close()
            parts.append(f"<p>{escaped}")
            open_tag = "p"
    close()
    lang = locale.replace("_", "-")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f"</head>\n<body>\n<article>\n{''.join(parts)}</article>\n</body>\n</html>\n")


RENDERERS = {"txt": text, "md": markdown, "html": page}
