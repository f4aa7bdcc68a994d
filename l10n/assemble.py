"""Localized releases: the source document is the template, translations replace its units.

Layout comes from the document (blank lines, bullet markers, headings, contact lines, the
dateline on the line of the paragraph it opens, a Markdown or HTML release's tables and
inline markup); page noise is not in the document, so it never reaches the output. A unit
without a translation stays in English. Three formats: plain text in the source's own
layout, Markdown, and a standalone HTML page. (A Word release is written back by
`formats.docx`, from its own file.) A draft says so at its top, in the locale's language
(`locale.DRAFT_NOTICES`), so that a forwarded file still tells what it is.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from l10n import inline
from l10n.locale import draft_notice
from l10n.model import Block, Document, Unit
from l10n.protect import EMAIL, PHONE

# Formats written from their elements (a Markdown block, an HTML element, a Word paragraph);
# text and PDF releases are written from their lines.
STRUCTURED = frozenset({"md", "html", "docx"})

FORMATS = ("txt", "md", "html")
# Languages whose sentences follow one another without a space.
UNSPACED = frozenset({"zh", "ja"})
CELLS = ("td", "th")


def is_wide(c: str) -> bool:
    return c >= "\u2e80"  # CJK letters and full-width punctuation


def join(pieces: Sequence[str], locale: str) -> str:
    """Sentences of one block in `locale`: with a space between them, or none between Chinese ones."""
    parts: list[str] = []
    last, tail = "", ""  # the text's last character outside tags; its last _TAG_REACH characters
    for piece in pieces:
        # the letters either side decide, not a tag between them: `。</b>` + `<b>公司`
        first = inline.strip(piece)[:1]
        unspaced = locale.split("_")[0] in UNSPACED and last and is_wide(last) and is_wide(first or " ")
        added = piece if not tail or unspaced else " " + piece
        last = _last_letter(parts, tail, added, last)
        parts.append(added)
        tail = (tail + added)[-_TAG_REACH:]
    return "".join(parts)


# A tag is 7 characters at most (`</code>`, `</a999>`): one that a piece completes starts among the
# text's last 6, so that what comes before them keeps its tags and letters.
_TAG_REACH = 6


def _last_letter(parts: list[str], tail: str, added: str, last: str) -> str:
    """The last character outside tags of the text `parts` make, `added` after it, knowing that of the
    text (`last`) and its last characters (`tail`): found from the end, so that a block of 10,000
    sentences is not stripped of its tags 10,000 times."""
    cut = tail.rfind("<")  # no tag spans it: a tag holds one `<`, its first character
    if cut < 0:
        return inline.strip(added)[-1:] or last
    after = inline.strip(tail[cut:] + added)
    if after or not inline.strip(tail[cut:]):
        return after[-1:] or last
    text = "".join(parts)  # `added` completed a tag begun in the text: what lies before it decides
    return inline.strip(text[:len(text) - len(tail) + cut])[-1:]


def _gap(block: Block, previous: Block | None, structured: bool) -> str:
    """What separates `block` from the one before: '' (the same line), '\\n' or '\\n\\n'.

    In a text release the source's own line numbers say it; in a structured one, blocks of one
    element (a dateline and its paragraph, the lines of a contact block) are one paragraph, and
    list items and table rows follow one another line by line.
    """
    if previous is None:
        return ""
    if not structured:
        last = previous.lines[-1]
        return "" if block.line == last else "\n" if block.line == last + 1 else "\n\n"
    if block.node == previous.node:
        return "" if previous.kind == "dateline" else "\n"
    if block.kind == previous.kind == "bullet" or (block.tag in CELLS and previous.tag in CELLS):
        return "\n"
    return "\n\n"


def _blocks(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str,
            render: Callable[[str, Unit], str]) -> list[tuple[Block, str, str]]:
    """(block, its text in the locale rendered by `render(text, unit)`, its gap from the block before)."""
    pieces: list[list[str]] = [[] for _ in document.blocks]
    for unit in units:
        pieces[unit.block].append(render(translations.get(unit.text) or unit.text, unit))
    structured = document.format in STRUCTURED
    result = []
    previous = None
    for block, texts in zip(document.blocks, pieces):
        result.append((block, join(texts, locale), _gap(block, previous, structured)))
        previous = block
    return result


def _plain(text: str, unit: Unit) -> str:
    return inline.render(text, unit.codes, str, lambda name, value: "", lambda name, value: "")


def text(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str,
         draft: bool = False) -> str:
    """The release as plain text in the source's layout (inline markup dropped, table cells a line
    each); a draft's first line says it is one."""
    head = draft_notice(locale)[1] + "\n\n" if draft else ""
    return head + "".join(gap + block.prefix + body
                          for block, body, gap in _blocks(document, units, translations, locale, _plain)) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])|&(?=#?\w+;)")
# What would start a heading, a list, a quotation or a rule at the start of a Markdown line.
_MARKDOWN_BLOCK = re.compile(r"^(?:(#{1,6}|[-+*=>])(?=\s|$)|(\d{1,9})([.)])(?=\s|$)|(>))")
# Emphasis is written as sentinels first: whether `**` can open and close there depends on the
# characters around it, which are known only when the block is joined.
_EMPHASIS_OPEN, _EMPHASIS_CLOSE = "\x02", "\x03"
_MARKDOWN_MARKS = {"b": ("**", "strong"), "i": ("*", "em"), "s": ("~~", "del")}


def _markdown_escape(words: str) -> str:
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m[0], words)


def _markdown_inline(text: str, unit: Unit) -> str:
    def opening(name: str, value: str) -> str:
        if name == "a":
            return "[" if inline.safe_url(value) else ""  # an unsafe link keeps its words, not its link
        if name in _MARKDOWN_MARKS:
            return f"{_EMPHASIS_OPEN}{name}{_EMPHASIS_CLOSE}"
        return "`" if name == "code" else f"<{name}>" if name in inline.SIMPLE else ""

    def closing(name: str, value: str) -> str:
        if name == "a":
            url = inline.safe_url(value)
            return "](" + url.replace(" ", "%20").replace("(", "%28").replace(")", "%29") + ")" if url else ""
        if name in _MARKDOWN_MARKS:
            return f"{_EMPHASIS_OPEN}/{name}{_EMPHASIS_CLOSE}"
        return "`" if name == "code" else f"</{name}>" if name in inline.SIMPLE else ""

    return inline.render(text, unit.codes, _markdown_escape, opening, closing)


def _loose(c: str) -> bool:
    """Whitespace or punctuation as CommonMark's flanking rules count them; the line's edge is whitespace."""
    return not c or c.isspace() or unicodedata.category(c)[0] in "PS"


_SENTINEL = re.compile(f"{_EMPHASIS_OPEN}(/?)(\\w+){_EMPHASIS_CLOSE}")


def _emphasis(line: str) -> str:
    """A Markdown line with its emphasis sentinels written as `**`, `*`, `~~` where CommonMark will
    read them so (left-flanking to open, right-flanking to close), else as the HTML tags
    CommonMark passes through: `**“引语”**` or `**粗体。**` inside Chinese text is no emphasis."""
    found = list(_SENTINEL.finditer(line))
    plain = _SENTINEL.sub("", line)
    opened: list[tuple[int, int]] = []  # (index in found, offset in plain)
    written: dict[int, bool] = {}  # index in found → written as Markdown's own delimiter
    at = 0
    for n, match in enumerate(found):
        position = match.start() - at
        at += len(match[0])
        if not match[1]:
            opened.append((n, position))
            continue
        start, begin = opened.pop() if opened else (None, 0)
        if start is None:
            continue
        ok = (not _loose(plain[begin:begin + 1]) or _loose(plain[begin - 1:begin] if begin else "")) and \
             (not _loose(plain[position - 1:position] if position else "") or _loose(plain[position:position + 1]))
        written[start] = written[n] = ok and begin < position
    out, at = [], 0
    for n, match in enumerate(found):
        out.append(line[at:match.start()])
        delimiter, tag = _MARKDOWN_MARKS[match[2]]
        out.append(delimiter if written.get(n) else f"<{match[1]}{tag}>")
        at = match.end()
    out.append(line[at:])
    return "".join(out)


def _markdown_line(body: str) -> str:
    """A paragraph's text with what would read as block syntax at its start escaped."""
    found = _MARKDOWN_BLOCK.match(body)
    if not found:
        return body
    if found[2]:  # `2026. 3. 3.` is no numbered list
        return f"{found[2]}\\{found[3]}{body[found.end():]}"
    return "\\" + body


# A list or heading number written in the text (`3. Results`, `(a)`): the block's prefix, which
# a heading keeps in every format.
_NUMBER = re.compile(r"\s*(?:\d{1,3}[.)]|\([a-z0-9]\))\s+")


def _numbered(block: Block) -> str:
    """The number a heading's text started with, and its space (`3. `); "" for none."""
    return block.prefix.strip() + " " if _NUMBER.fullmatch(block.prefix) else ""


def _element(block: Block, structured: bool) -> str:
    """The element a block is written as: h1 ... h6, li, ol, blockquote, p. A structured release's
    own elements (a heading guessed from a paragraph's text stays a paragraph); a text release's
    title and headings as h1 and h2."""
    if not structured:
        if block.kind == "bullet" and _NUMBER.fullmatch(block.prefix):
            return "ol"
        return {"title": "h1", "heading": "h2", "bullet": "li"}.get(block.kind, "p")
    if re.fullmatch(r"h[1-6]", block.tag):
        return block.tag
    if block.kind in ("title", "heading") and block.tag in ("title", "heading"):  # a Word style
        return "h1" if block.kind == "title" else "h2"
    return block.tag if block.tag in ("li", "ol", "blockquote") else "li" if block.kind == "bullet" else "p"


def _rows(items: list[tuple[Block, str]]) -> list[list[list[tuple[Block, str]]]]:
    """Table blocks as rows of cells, a cell being the blocks of one element."""
    rows: list[list[list[tuple[Block, str]]]] = []
    for block, body in items:
        if not rows or rows[-1][-1][-1][0].row != block.row:
            rows.append([[(block, body)]])
        elif rows[-1][-1][-1][0].node == block.node:
            rows[-1][-1].append((block, body))
        else:
            rows[-1].append([(block, body)])
    return rows


def _grouped(blocks: list[tuple[Block, str, str]]):
    """The blocks with each run of table cells gathered into one ('table', [(block, body)...], gap) item."""
    items: list = []
    for block, body, gap in blocks:
        if block.tag in CELLS:
            if items and items[-1][0] == "table":
                items[-1][1].append((block, body))
                continue
            items.append(("table", [(block, body)], gap))
        else:
            items.append((block, body, gap))
    return items


def markdown(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str,
             draft: bool = False) -> str:
    """The release as Markdown: headings at their level, `-` and `1.` lists, `>` quotations, hard
    breaks between contact lines, GFM tables; inline markup as Markdown's own. A draft opens with
    its notice as a bold quotation."""
    structured = document.format in STRUCTURED
    out = []
    previous, node = None, None
    for item in _grouped(_blocks(document, units, translations, locale, _markdown_inline)):
        if item[0] == "table":
            rows = _rows(item[1])
            width = max(map(len, rows))
            lines = ["| " + " | ".join(_emphasis("<br>".join(body for _, body in cell))
                                       for cell in row + [[]] * (width - len(row))) + " |" for row in rows]
            lines.insert(1, "|" + " --- |" * width)
            out.append(("\n\n" if out else "") + "\n".join(lines))
            previous = "table"
            continue
        block, body, gap = item
        element = _element(block, structured)
        if element[0] == "h":
            line = f"{'#' * int(element[1])} {_markdown_escape(_numbered(block))}{body}"
        elif element == "li":
            line = f"- {body}"
        elif element == "ol":
            line = f"{block.prefix.strip() or '1.'} {body}"
        elif block.kind == "dateline" and not structured:
            line = f"**{body}**"
        elif element == "blockquote":
            line = f"> {_markdown_line(body)}"
        else:
            line = (" " + body) if gap == "" and out else _markdown_line(body)
        if gap == "\n" and (block.kind == previous == "contact" or (structured and block.node == node)):
            out.append("  \n")  # lines of one paragraph: a contact block
        elif gap == "\n" and block.kind == previous == "bullet":
            out.append("\n")
        elif gap or (out and previous == "table"):
            out.append("\n\n")
        out.append(line)
        previous, node = block.kind, block.node
    head = f"> **{_markdown_escape(draft_notice(locale)[1])}**\n\n" if draft else ""
    return head + "\n".join(_emphasis(line) for line in "".join(out).split("\n")) + "\n"


_HTML_TAGS = {"b": "strong", "i": "em", "u": "u", "s": "s", "sup": "sup", "sub": "sub", "code": "code"}

# An address to link where the source has none: an email, or a URL with its scheme or `www.`,
# in ASCII only, so that `www.corvanta.com。` and `www.corvanta.com을` link the address alone.
_LINKABLE = re.compile(rf"(?:https?://|www\.)[!#-;=?-~]+|{EMAIL.pattern}", re.I)


def _linked(words: str) -> str:
    """`words` escaped, with each email a `mailto:` link and each URL a link."""
    out, at = [], 0
    for found in _LINKABLE.finditer(words):
        address = found[0].rstrip(".,;:!?)]}'\"")
        out.append(html.escape(words[at:found.start()]))
        if "@" in address and "/" not in address:
            href = "mailto:" + address
        else:
            href = address if "://" in address else "https://" + address
        out.append(f'<a href="{html.escape(href)}">{html.escape(address)}</a>')
        at = found.start() + len(address)
    return "".join(out) + html.escape(words[at:])


def _html_inline(text: str, unit: Unit, autolink: bool = False) -> str:
    """A unit as HTML: its tags as elements, words escaped; with `autolink`, an address outside
    the unit's own links becomes a link."""
    depth = 0  # links open around the words being written

    def words(part: str) -> str:
        return _linked(part) if autolink and not depth else html.escape(part)

    def opening(name: str, value: str) -> str:
        nonlocal depth
        if name == "a":
            depth += 1
            url = inline.safe_url(value)
            return f'<a href="{html.escape(url)}">' if url else "<a>"
        return f"<{_HTML_TAGS[name]}>" if name in _HTML_TAGS else ""

    def closing(name: str, value: str) -> str:
        nonlocal depth
        if name == "a":
            depth -= 1
            return "</a>"
        return f"</{_HTML_TAGS[name]}>" if name in _HTML_TAGS else ""

    return inline.render(text, unit.codes, words, opening, closing)


# The page's stylesheet, inline (the page loads nothing). A measure of about 38em on a wide
# screen, the whole width on a phone; each language's own fonts; Korean keeps words whole
# (`word-break: keep-all`: 미국 식품의약국 never breaks inside 식품의약국) and both CJK languages
# break lines by the strict rules (no line starts with 。 or 々); the contact block set apart;
# printed on A4.
PAGE_STYLE = """\
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;padding:1.5rem 1.25rem 3rem;background:#fff;color:#1b1b1b;font-size:1.0625rem;line-height:1.75;\
font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
html:lang(zh) body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;line-break:strict}
html:lang(ko) body{font-family:"Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR",sans-serif;\
word-break:keep-all;line-break:strict}
article{max-width:38em;margin:0 auto}
h1{font-size:1.6em;line-height:1.35;margin:0 0 .8em;letter-spacing:-.01em}
h2,h3,h4,h5,h6{font-size:1.15em;line-height:1.4;margin:1.8em 0 .5em}
p{margin:0 0 1em}
.dateline{font-weight:700}
a{color:#0a58a8;overflow-wrap:anywhere}
ul,ol{margin:0 0 1em;padding-left:1.4em}
li{margin:.35em 0}
blockquote{margin:0 0 1em;padding-left:1em;border-left:3px solid #c9ced6;color:#333}
blockquote p{margin:0}
table{border-collapse:collapse;width:100%;margin:0 0 1.2em;font-size:.95em}
th,td{border:1px solid #d4d8de;padding:.35em .6em;text-align:left;vertical-align:top}
address.contact{font-style:normal;margin:2em 0 1em;padding:.8em 1em;border-left:3px solid #0a58a8;background:#f3f6fa;\
font-size:.95em}
.draft{max-width:38em;margin:0 auto 1.5rem;padding:.6em 1em;border:2px solid #b3261e;background:#fdecea;color:#b3261e;\
font-weight:700;-webkit-print-color-adjust:exact;print-color-adjust:exact}
@media print{
@page{size:A4;margin:16mm 16mm 18mm}
body{padding:0;font-size:10pt;line-height:1.6;color:#000}
article{max-width:none}
h1{font-size:15pt;margin-bottom:.6em}
h2,h3,h4,h5,h6{font-size:11pt;margin:1.2em 0 .4em;break-after:avoid}
p,li,blockquote{orphans:3;widows:3}
a{color:inherit;text-decoration:none}
address.contact{background:none;border-left-width:2pt;break-inside:avoid}
.draft{max-width:none;margin:0 0 6mm;font-size:11pt}
table,tr{break-inside:avoid}
}
"""


def page(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str,
         draft: bool = False) -> str:
    """The release as a standalone HTML page fit to publish: `lang` set, every text escaped, the
    title in <title> and <h1>, a stylesheet inline for reading and printing and no script;
    inline markup, quotations and tables of a structured release kept.

    The dateline is bold and keeps the ` -- ` the newswires print after it in every language
    (美通社: `北京2017年9月15日电 /美通社/ --`, 뉴스와이어: `서울--(뉴스와이어)--`). The contact
    lines are one <address> block. A release whose format has no links (text, PDF) gets its
    emails and URLs as links and a contact paragraph it repeats word for word written once; a
    web page, Word or Markdown release keeps its own links and paragraphs exactly.

    A draft carries a red banner above the article, in the locale's language (printed too), and
    asks search engines not to index it.
    """
    parts: list[str] = []
    open_tag = None  # the element left open for the blocks that may follow on its line
    closing = ""
    # A structured release (web page, Word, Markdown) could link an address and placed each
    # paragraph itself: its page keeps exactly its links and paragraphs, so that the page read back
    # through l10n's HTML reader gives the same units.
    own = document.format in STRUCTURED
    begun = 0  # where the open element starts in parts
    contactish = False  # the open element holds a contact block, an email or a phone number
    seen: set[str] = set()  # paragraphs written, to write a repeated contact paragraph once

    def close() -> None:
        nonlocal open_tag
        if open_tag:
            parts.append(closing + "\n")
            written = "".join(parts[begun:])
            if not own and contactish and written in seen:
                del parts[begun:]
            seen.add(written)
        open_tag = None

    def start(tag: str, markup: str, end: str) -> None:
        nonlocal open_tag, closing, begun, contactish
        close()
        begun, contactish = len(parts), False
        parts.append(markup)
        open_tag, closing = tag, end

    def render(text_: str, unit: Unit) -> str:
        return _html_inline(text_, unit, autolink=not own)

    title = ""
    structured = document.format in STRUCTURED
    for item in _grouped(_blocks(document, units, translations, locale, render)):
        if item[0] == "table":
            close()
            parts.append("<table>\n")
            for row in _rows(item[1]):
                cells = "".join(f"<{cell[0][0].tag}>" + "<br>".join(body for _, body in cell) + f"</{cell[0][0].tag}>"
                                for cell in row)
                parts.append(f"<tr>{cells}</tr>\n")
            parts.append("</table>\n")
            continue
        block, body, gap = item
        element = _element(block, structured)
        if block.kind == "title":
            title = title or html.unescape(re.sub(r"<[^>]*>", "", body))
        if element[0] == "h":
            close()
            parts.append(f"<{element}>{html.escape(_numbered(block))}{body}</{element}>\n")
        elif element in ("li", "ol"):
            listed = "ul" if element == "li" else "ol"
            if open_tag != listed:
                first = re.match(r"\s*(\d+)[.)]", block.prefix) if listed == "ol" else None
                begins = f' start="{int(first[1])}"' if first and int(first[1]) != 1 else ""  # `2. Results` reads 2
                start(listed, f"<{listed}{begins}>\n", f"</{listed}>")
            parts.append(f"<li>{body}</li>\n")
        elif block.kind == "dateline":
            start("p", f'<p><span class="dateline">{body}</span>', "</p>")
        elif block.kind == "contact":
            if open_tag == "address":
                parts.append("<br>\n")
            else:
                start("address", '<address class="contact">', "</address>")
            parts.append(body)
        elif gap == "" and open_tag == "p":
            parts.append(" " + body)
        elif element == "blockquote":
            start("blockquote", f"<blockquote><p>{body}", "</p></blockquote>")
        else:
            start("p", f"<p>{body}", "</p>")
        contactish = contactish or block.kind == "contact" or bool(PHONE.search(block.text)) or "@" in block.text
    close()
    lang = locale.replace("_", "-")
    robots, banner = "", ""
    if draft:
        written_in, notice = draft_notice(locale)
        # an English notice on a Japanese page says it is English, for screen readers and fonts
        other = f' lang="{written_in.replace("_", "-")}"' if written_in.split("_")[0] != locale.split("_")[0] else ""
        robots = '<meta name="robots" content="noindex">\n'
        banner = f'<p class="draft" role="note"{other}>{html.escape(notice)}</p>\n'
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n{robots}'
            f"<title>{html.escape(title)}</title>\n<style>\n{PAGE_STYLE}</style>\n"
            f"</head>\n<body>\n{banner}<article>\n{''.join(parts)}</article>\n</body>\n</html>\n")


RENDERERS = {"txt": text, "md": markdown, "html": page}
