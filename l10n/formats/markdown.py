"""Markdown releases, read with markdown-it-py (CommonMark with GFM tables and strikethrough).

A Markdown release's markup is layout, not words: `**BOSTON ...--**` is a bold dateline,
`### Media Contact:` a heading, `> "Dosing ...` a quotation. Reading the file as plain text
put that markup into the msgids and hid the dateline; here the parser takes it out and hands
each block over as a `Para` with its inline marks, and the common layout rules do the rest.

Both kinds of line break inside a paragraph count as lines: a contact block is written line
by line, with or without Markdown's two trailing spaces, and the layout rules join the lines
of an ordinary wrapped paragraph. Fenced and indented code, raw HTML blocks, images and
horizontal rules are not release text and are left out.
"""

from __future__ import annotations

from pathlib import Path

from l10n.decoding import decode
from l10n.document import nothing_left, structured
from l10n.errors import L10nError
from l10n.model import Document, Mark, Para

# inline token → mark tag
_INLINE = {"strong": "b", "em": "i", "s": "s", "link": "a"}
_HTML_INLINE = {f"<{t}>": t for t in ("sup", "sub", "u", "b", "i", "s")}


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline(children) -> tuple[str, tuple[Mark, ...]]:
    """Plain text and marks of one inline token's children."""
    text = ""
    marks: list[Mark] = []
    opened: list[tuple[str, int, str]] = []  # (tag, start, value)
    for token in children:
        kind = token.type
        if kind == "text":
            # an image left out between two spaces leaves one
            text += token.content[1:] if token.content.startswith(" ") and text.endswith(" ") else token.content
        elif kind in ("softbreak", "hardbreak"):
            text += "\n"
        elif kind == "code_inline":
            marks.append(Mark(len(text), len(text) + len(token.content), "code"))
            text += token.content
        elif kind.endswith("_open") and kind[:-5] in _INLINE:
            opened.append((_INLINE[kind[:-5]], len(text), str(token.attrs.get("href", ""))))
        elif kind.endswith("_close") and kind[:-6] in _INLINE and opened:
            tag, start, value = opened.pop()
            if start < len(text):
                marks.append(Mark(start, len(text), tag, value))
        elif kind == "html_inline":
            name = token.content.strip().lower()
            if name in _HTML_INLINE:
                opened.append((_HTML_INLINE[name], len(text), ""))
            elif name.startswith("</") and f"<{name[2:]}" in _HTML_INLINE and opened:
                tag, start, value = opened.pop()
                if start < len(text):
                    marks.append(Mark(start, len(text), tag, value))
            elif name in ("<br>", "<br/>", "<br />"):
                text += "\n"
        elif kind == "image":
            continue
    return text, tuple(sorted(marks, key=lambda m: (m.start, -m.end)))


def paras(text: str) -> list[Para]:
    """The Markdown document's blocks in order, each with its tag and first line."""
    found: list[Para] = []
    context: list[str] = []  # the open containers: heading level, list item, blockquote, table cell
    lists: list[list] = []  # the open lists, innermost last: [li (bulleted) or ol (numbered), its next item's number]
    row = -1
    number = 0  # the number of the numbered list's item open last
    for token in _parser().parse(text):
        kind = token.type
        if kind == "heading_open":
            context.append(token.tag)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = str(token.attrGet("start") or "1")  # the first item's number: CommonMark counts on from it
            lists.append(["li" if kind == "bullet_list_open" else "ol", int(start) if start.isdigit() else 1])
        elif kind in ("bullet_list_close", "ordered_list_close") and lists:
            lists.pop()
        elif kind in ("list_item_open", "blockquote_open"):
            context.append((lists[-1][0] if lists else "li") if kind == "list_item_open" else "blockquote")
            if kind == "list_item_open" and lists and lists[-1][0] == "ol":
                number, lists[-1][1] = lists[-1][1], lists[-1][1] + 1
        elif kind in ("th_open", "td_open"):
            context.append(kind[:2])
        elif kind == "tr_open":
            row += 1
        elif kind in ("heading_close", "list_item_close", "blockquote_close", "th_close", "td_close") and context:
            context.pop()
        elif kind == "inline" and token.map is not None:
            plain, marks = _inline(token.children or [])
            if plain.strip():
                tag = context[-1] if context else "p"
                first = token.map[0] + 1
                found.append(Para(plain, marks, tag, first, row if tag in ("td", "th") else -1,
                                  tuple(range(first, first + plain.count("\n") + 1)),
                                  number=number if tag == "ol" else 0))
    return found


def read(data: bytes, path: Path, lang: str = "en", encoding: str | None = None) -> Document:
    """A Markdown release as a Document of blocks with inline marks."""
    text, codec, guessed = decode(data, path, encoding)
    if not text.strip():
        raise L10nError("the file is empty; give a press release in Markdown", path)
    found = paras(text)
    if not found:
        raise L10nError("holds no Markdown text (only code, images or HTML); give the release's text", path)
    blocks, dropped = structured(found, lang)
    if not blocks:
        raise L10nError(nothing_left(dropped), path)
    return Document(path, codec, guessed, tuple(blocks), tuple(dropped), "md")
