"""Reading a release from a saved web page: the newswire's or newsroom's article, without the page.

A release saved from a browser ("Save page as… HTML only") is a whole page: cookie banner,
menus, share buttons, related news, ads and footer around the release. `read` finds the
release, cuts it into `Para`s (one per block element, inline formatting as `Mark`s) and lets
`document.structured` apply the common layout rules (dateline, contact lines, headings, the
noise rules).

Finding the article. trafilatura (`favor_recall=True`) decides which text of the page is the
article. Measured against readability-lxml with `bench/extract.py` on the five release pages
in tests/data/html (paragraph recall and precision, means): trafilatura with favor_recall
97% / 95%, its default mode 95% / 95%, favor_precision 82% / 99%, readability 85% / 93%;
all take 3-5 ms a page. readability drops contact blocks kept outside the story's own
container (Business Wire's contacts, a newsroom's contact table) and keeps a Korean
portal's byline, share buttons and photo caption; trafilatura's default mode dropped a
Business Wire bullet list, favor_precision the contacts. Recall matters more here: what the
extractor misses is lost to the translator, while what it keeps too much is mostly caught
by the rules below and the text rules. Neither extractor keeps the headline reliably (1 and
2 pages of 5), nor a subheadline in the page header.

The extractor's own tree is not used: it loses source lines, rewrites markup and leaves
relative links unresolved. Every block element of the original page is cut into a Para
first (one per paragraph where `<br><br>` parts them, as on Blogger and many CMS pages); the
extractor's paragraphs are then aligned with them line by line by their text (whitespace
ignored; a line also matches where one holds the other, since the extractor splits lines at
links it drops and joins others), so what the reader hands on is the page's own element: its
`sourceline`, its inline markup, its links. Around that match a few rules that read the
page's structure:

- an element inside page chrome is never the release, unless that container holds most of
  the matched text (a page wrapped in one `<form>`, a `body class="has-sidebar"`). Chrome is
  known by markup, never by the words of the text: CHROME_RULES names each kind (cookie
  banners, share bars, newsletter boxes, author boxes, disclosures, related links, ads,
  comments, tags, the page's navigation frame) with the tags, ARIA roles and class or id
  words that give it away; hidden elements are `hidden`;
- a line of the article's element is the page's by its links (`_line_rule`): nothing but
  links to the site's category or tag pages (`taxonomy`), or a short label and one link to
  another story of the site or to the page itself (`site_link`: `Read more: …`, `View
  original content: …`); a release's line linking a section of its site (`Investor
  Relations: Investor page`) stays;
- the headline is the element whose text is the page's `og:title` or `<title>` (an h1 first),
  else the first h1 the extractor kept, else the h1 nearest above the article, else the
  page's `og:title` or `<title>` itself (with a note); it becomes the first Para, tag h1.
  Headings between it and the body (subheadlines) are kept, and so is a lead paragraph in
  an element around the body's first; other header lines (bylines, dates, captions) are not;
- an element the extractor left out inside a list item, cell or quotation it kept is kept (a
  list nested in a kept item, the caption of a picture in it);
- an element the extractor left out between two it kept is kept when it shares a parent
  with one of them (a `Contacts` heading above its contact lines), and so are headings,
  quotations and captions that are all it left out there; so are the kept last element's
  following siblings, and the prose of later boxes of the kind it kept paragraphs from (an
  article split into `<div class="body__container">` boxes between ads);
- the release ends at the wire's `SOURCE Company` line; an end mark (`###`) is left out, so
  that the contact lines after it are not taken for a page footer by the text rules;
- a block that is only a `<time>` is the page's timestamp.

A page whose text a browser shows only without scripts (the article inside `<noscript>`) is
read again with `<noscript>` content as text when the first reading finds no article.
Control characters (`&#1;` in an attribute) are taken out of the tree before the extractor
copies it: lxml refuses to copy them.

What was left out is in `Document.dropped`, each with its rule's name (the names of
CHROME_RULES, `hidden`, `taxonomy`, `site_link`, `outside_article`, `after_end`, `end_mark`,
`timestamp`, then the text rules' own); REASONS says what each takes for chrome, for `segment
--explain`. Broken markup and a headline taken from the page's title are said in
`Document.notes`. `bench/wild_html.py` measures the reader on public pages nobody here wrote
(tests/data/wild/html) against the last commit's and trafilatura's.

Bad input raises L10nError: a file that is not HTML, bytes its declared charset cannot
decode, a page with no article (a login page, an index of links). lxml's parser runs with its
default limits and no network access: with `huge_tree=False` it drops a text node over 10 MB
and content nested deeper than 256 levels (such a page then has no article), and its HTML
parser expands no entities of a DOCTYPE's internal subset. The file's size is bounded by the
caller (`max_file_mb`); reading is linear in it (a 1 MB page of 5,000 paragraphs: about 2 s).
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from l10n import inline
from l10n.decoding import decode
from l10n.document import structured
from l10n.errors import L10nError, counted
from l10n.model import Document, Dropped, Mark, Para

NO_ARTICLE = "no article found in this page; save the release's own page, or copy its text into a .txt"

# Elements whose content is never text of the page.
SKIP = frozenset(
    "head script style noscript template iframe frame frameset object embed applet canvas svg math "
    "select option optgroup button input textarea datalist output meter progress audio video source "
    "track map area img picture".split()
)
# Elements that start a new block; every other element is inline.
BLOCK = frozenset(
    "html body address article aside blockquote center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol p "
    "pre section summary table caption thead tbody tfoot tr td th ul".split()
)
# A block's text inherits the tag of the nearest of these around it: a <p> in a <td> is a cell.
OWNING = frozenset("li td th h1 h2 h3 h4 h5 h6 blockquote pre address dt dd figcaption caption".split())
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Owners whose text stays one Para whatever `<br><br>` it holds: a table cell, a list item, a
# definition, a caption are one unit of a table's or list's layout, and <pre> keeps its lines.
WHOLE = frozenset("td th li ol dt dd caption pre".split())
INLINE_MARKS = {
    "b": "b", "strong": "b",
    "i": "i", "em": "i",
    "u": "u", "ins": "u",
    "s": "s", "strike": "s", "del": "s",
    "sup": "sup", "sub": "sub",
    "code": "code", "tt": "code", "kbd": "code", "samp": "code",
}



def _class_words(*words: str) -> re.Pattern[str]:
    """Any of `words` as a word of an element's class or id, between spaces, `_` or `-`:
    `post-share-buttons` says share; `shareholder` does not."""
    return re.compile(r"(?:^|[\s_-])(?:" + "|".join(words) + r")(?=$|[\s_-])", re.I)


@dataclass(frozen=True)
class ChromeRule:
    """What a page puts around its article, known by its element: the reason `segment --explain`
    gives for everything inside it. The evidence is markup (the element's tag, ARIA role, or a
    word of its class or id), never the words of its text."""

    name: str
    says: str
    # what it takes for chrome, as `segment --explain` prints it
    words: re.Pattern[str]
    tags: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()


# Checked in order, innermost element first: a newsletter box inside a footer is `newsletter`.
# Left out on purpose: `widget` (Elementor wraps every text block in `elementor-widget-container`,
# Blogger its post in `widget Blog`), `author` alone and `byline` (`post-author`,
# `article_0_headline_byline` hold the headline too) and `credit`.
CHROME_RULES = (
    ChromeRule("cookie_banner", "A cookie or consent banner: an element whose class or id says `cookie`, `consent`, "
               "`onetrust`, `cmplz` or `gdpr`.", _class_words("cookies?", "consent", "onetrust", "cmplz", "gdpr")),
    ChromeRule("share_bar", "Share buttons: an element whose class or id says `share`, `sharing`, `social`, "
               "`addthis` or `sharedaddy`.",
               _class_words("share", "sharing", "sharedaddy", "addthis", "shareaholic", "social")),
    ChromeRule("newsletter", "A newsletter or subscription box: an element whose class or id says `newsletter`, "
               "`subscribe`, `subscription`, `signup`, `optin` or `mc4wp`.",
               _class_words("newsletters?", "subscribe", "subscription", "signup", "sign-up", "optin", "opt-in", "mc4wp",
                            "mailchimp", "enews")),
    ChromeRule("author_box", "An author's box or bio: an element whose class or id says `author-box`, `author-bio`, "
               "`about-the-author`, `author-info` or `author-tooltip`.",
               _class_words("author-?box", "author-?bio", "about-(?:the-)?author",
                            "author-?(?:info|card|details|profile|description|tooltip)", "saboxplugin-wrap")),
    ChromeRule("disclosure", "A disclosure, disclaimer or affiliate notice: an element whose class or id says "
               "`disclosure`, `disclaimer` or `affiliate`.", _class_words("disclosures?", "disclaimers?", "affiliate")),
    ChromeRule("related", "Links to other stories: an element whose class or id says `related`, `recommended`, "
               "`popular`, `trending`, `read-next` or `next-post`.",
               _class_words("related", "relatedposts", "recommended", "popular", "trending", "more-news", "more-stories",
                            "read-?next", "next-?post", "nextstory", "also-read")),
    ChromeRule("advertisement", "An advertisement: an element whose class or id says `ad`, `ads`, `advert`, "
               "`sponsored` or `promo`.",
               _class_words("advert", "advertisement", "ads?", "adsense", "sponsored", "promo")),
    ChromeRule("comments", "Readers' comments: an element whose class or id says `comments` or `disqus`.",
               _class_words("comments?", "disqus")),
    ChromeRule("taxonomy", "Tags and categories: an element whose class or id says `tags`, `keywords`, "
               "`categories` or `post-labels`, or a line of nothing but links to the site's category, tag, label or "
               "section pages, maybe after a label (`Category: Press Releases`).",
               _class_words("tags", "keywords", "post-?tags", "tag-?links", "cat-?links", "post-?labels", "categories")),
    ChromeRule("navigation", "The page's frame: <nav>, <aside>, <footer>, <form>, <dialog> and <menu> elements, the "
               "ARIA roles navigation, banner, contentinfo, complementary, search, dialog, menu and toolbar, and "
               "elements whose class or id says `breadcrumb`, `sidebar`, `menu`, `nav`, `footer`, `login`, `modal`, "
               "`popup` or `copyright`; not such an element that holds most of the article (a page in one <form>).",
               _class_words("breadcrumbs?", "sidebar", "navbar", "nav", "navigation", "menu", "footer", "toolbar",
                            "copyright", "login", "modal", "popup"),
               frozenset(("nav", "aside", "footer", "form", "dialog", "menu")),
               frozenset("navigation banner contentinfo complementary search dialog alertdialog menu menubar "
                         "toolbar".split())),
)

# Rule name → what it takes for page chrome, for `segment --explain` (read by `formats.evidence`).
REASONS = {
    **{rule.name: rule.says for rule in CHROME_RULES},
    "hidden": "What a browser does not show: the `hidden` attribute, `aria-hidden`, `display: none`, "
              "`visibility: hidden`, classes `hidden`, `sr-only`, `visually-hidden`.",
    "site_link": "A label of three words at most and one link to another story of the same site (`Read more: "
                 "<title>`: the link's words are in its address, or a title of four words or more goes to a "
                 "story's address; in a line the extractor left out, any page of the site), or a label and one "
                 "link to the page itself (`View original content: <its address>`); never a link to a section "
                 "(`Investor Relations: Investor page`).",
    "timestamp": "A block that is nothing but a <time>: the page's date and time.",
    "outside_article": "Text the article extractor (trafilatura) left out and no rule of the article's layout "
                       "brings back (a sibling of its paragraphs; a heading, quote or caption between them; a "
                       "list or caption inside a kept list item; a subheadline or lead under the headline).",
    "after_end": "After the wire's `SOURCE Company` line, which ends a PR Newswire or GlobeNewswire release.",
    "end_mark": "The release's end mark (`###`, `-30-`), left out so that the contact lines after it stay the release's.",
}

SUBTITLE_WORDS = re.compile(r"(?:^|[\s_-])(?:sub-?title|sub-?head(?:ing|line)?|deck|dek|standfirst)(?=$|[\s_-])", re.I)
HIDDEN_CLASSES = frozenset(("hidden", "sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden"))
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# PR Newswire and GlobeNewswire close a release with `SOURCE Company`: nothing after it is the release.
SOURCE_LINE = re.compile(r"SOURCE\s+[A-Z0-9][^\n]{0,100}")
# A US release's end mark. What follows it in an article is contact details, which the text
# rules would take for page labels after the mark (they expect a page's footer there): the
# reader leaves the mark out instead, the extractor having already cut the page away.
END_MARK = re.compile(r"\s*(?:#{3,}|-\s*30\s*-)\s*")

# Lines of the article's own element that are the page's, known by their links (what `_line_rule` reads):
# a link to the site's index of a category, tag, label, topic or section (WordPress `/category/`,
# Blogger `/search/label/`, `/newscategory/10/`) ...
TAXONOMY_PATH = re.compile(r"/(?:[\w-]*?categor(?:y|ies)|tags?|labels?|topics?|sections?)/|[?&](?:tag|cat|category)=",
                           re.I)
# ... the text around such links, when there is any: labels and their values, ending in a label
# (`Category :`, `News date : 04/21/2022 Category :`), no sentence ...
TAXONOMY_LABEL = re.compile(r"[^.!?]{0,80}:")
# ... and the short label before the one link that makes up the rest of a line (`Read more:`,
# `Related:`; to the page itself, `View original content to download multimedia:`): the label's
# words are not read, only its shape.
LINK_LABEL = re.compile(r"(?:[^\s:]+\s+){0,2}[^\s:]+\s*[:»›→]")
# A story's own name at the end of its address: three words or more joined by hyphens or underscores
# (`alibaba-poised-to-launch`), a file (`another-opening.html`) or a number (`65471`); a section's is
# shorter (`/investors`, `/investor-relations`).
PAGE_NAME = re.compile(r"[^\W_]+(?:[-_][^\W_]+){2,}(?:\.\w{2,5})?|[\w-]+\.(?:html?|php|aspx?)|\d+", re.I)
SELF_LINK_LABEL = re.compile(r"(?:[^\s:]+\s+){0,6}[^\s:]+\s*[:»›→]")
# C0 control characters (`&#1;` in a saved page) are no text a browser shows; lxml refuses to copy
# them, so an extractor working on a copy of the tree would lose the page. A form feed is a space.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_TABLE = {**dict.fromkeys(range(0x20), None), 0x09: 0x09, 0x0a: 0x0a, 0x0c: 0x20, 0x0d: 0x0d, 0x7f: None}
_CONTROL_TABLE_ATTRIBUTE = {**_CONTROL_TABLE, 0x0c: None}  # `dat&#12;a` in an address is no space

# Elements that carry the article's own content where they stand: left out by the extractor between
# two paragraphs it kept, with nothing else left out there, they are the article's.
CONTENT_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption"))
# Elements whose text is a paragraph of prose, not a caption, a cell or an item.
PROSE_TAGS = frozenset("p div section article main body center".split())
# Link text that shows an address (`www.acme.com`, `https://…`, `acme.com/news`) rather than words.
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)+(?:/\S*)?")

# The article needs this much prose outside links, and one paragraph that reads as sentences.
MIN_PROSE = 200
MIN_SENTENCE_WORDS = 12

# Charset labels as browsers read them (WHATWG Encoding): euc-kr is Windows-949, latin-1 is cp1252 ...
CHARSET_ALIASES = {
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "iso-8859-1": "cp1252", "latin1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift_jis": "cp932", "x-sjis": "cp932", "big5": "big5hkscs", "tis-620": "cp874",
    "iso-8859-9": "cp1254", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I
)
_MARKUP = re.compile(r"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|section|table|span|a|"
                     r"h[1-6]|br|ul|ol|li)(?:\s[^>]*)?/?>", re.I)
_BINARY = ((b"%PDF", "a PDF file"), (b"PK\x03\x04", "a zip file (a .docx?)"),
           (b"\xd0\xcf\x11\xe0", "an old Office file (.doc)"), (b"{\\rtf", "an RTF file"))
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_UNSEEN = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def _key(text: str) -> str:
    """Text with all whitespace and invisible characters out, for matching an element with the extractor's text."""
    return "".join(unicodedata.normalize("NFC", text).translate(_UNSEEN).split())


# --- bytes to a tree --------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode(data: bytes, path: Path, encoding: str | None) -> tuple[str, str, bool]:
    """Text of the page: `--encoding` first, then a BOM, the page's own `<meta charset>`, else detection."""
    for magic, name in _BINARY:
        if data.startswith(magic):
            raise L10nError(f"is {name}, not a web page; open the release in a browser and save it as HTML", path)
    if encoding or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, path, encoding)
    if b"\x00" in data[:4096]:
        raise L10nError("is a binary file, not a web page; open the release in a browser and save it as HTML", path)
    declared = _META_CHARSET.search(data[:65536])
    if declared:
        label = (declared[1] or declared[2]).decode("ascii").lower()
        codec = CHARSET_ALIASES.get(label, label)
        try:
            return data.decode(codec), codec, False
        except LookupError:
            pass  # a label Python does not know: detect, as a browser falls back to its default
        except UnicodeDecodeError as error:
            raise L10nError(
                f"byte 0x{data[error.start]:02x} is not valid {label}, the charset the page declares; "
                "pass --encoding with the right one, or re-save the page as UTF-8", path, _line_of(data, error.start))
    return decode(data, path, None)


def _parse(text: str, path: Path) -> tuple[lxml.html.HtmlElement, tuple[str, ...]]:
    # up to the last `>`: a tag needs one, and where none follows, each `<p ` searched to the end (n²)
    if not _MARKUP.search(text, 0, text.rfind(">", 0, 1_000_000) + 1):
        raise L10nError("holds no HTML markup; if it is the release's text, save it with a .txt name", path)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=False, default_doctype=False)
    # Re-encoded as UTF-8 and parsed with that encoding forced, so a <meta charset> already
    # applied cannot be applied twice; line numbers stay those of the file.
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        raise L10nError("is not a web page lxml can read; open the release in a browser and save it as HTML", path)
    _without_controls(root)
    errors = [e for e in parser.error_log if e.level >= lxml.etree.ErrorLevels.ERROR]
    notes = ()
    if errors:
        notes = (f"the page's markup is broken in {counted(len(errors), 'place')} (first at line {errors[0].line}: "
                 f"{errors[0].message.strip()}); it was read as a browser would, so check the units against the page",)
    return root, notes


def _without_controls(root) -> None:
    """The tree with control characters out of its text and attributes (see _CONTROLS)."""
    for element in root.iter():
        if element.text and _CONTROLS.search(element.text):
            element.text = element.text.translate(_CONTROL_TABLE)
        if element.tail and _CONTROLS.search(element.tail):
            element.tail = element.tail.translate(_CONTROL_TABLE)
        for name, value in element.attrib.items():
            if _CONTROLS.search(value):
                element.set(name, value.translate(_CONTROL_TABLE_ATTRIBUTE))


# --- the page's tree to Paras -----------------------------------------------------------


@dataclass
class _Piece:
    """A Para and the element it came from."""

    para: Para
    element: lxml.html.HtmlElement
    key: str
    links: int = 0
    # characters of its text inside links
    time: bool = False
    # all of its text is inside a <time>


@dataclass
class _Builder:
    """The text of one block under construction, whitespace collapsed as a browser does."""

    element: lxml.html.HtmlElement
    tag: str
    line: int
    row: int
    pre: bool
    number: int = 0
    # an item of a numbered list: the number the page shows for it
    chars: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    timed: list[tuple[int, int]] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    # the source line of the text after each "\n" in chars

    def text(self, text: str | None, line: int) -> None:
        """Add `text`, which starts on source line `line` (what a line break inside <pre> needs)."""
        if not text:
            return
        if self.pre:
            for n, piece in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
                if n:
                    self.chars.append("\n")
                    self.breaks.append(line + n)
                self.chars.extend(piece)
            return
        for n, piece in enumerate(_WHITESPACE.split(text)):
            if n and self.chars and self.chars[-1] not in " \n":
                self.chars.append(" ")
            self.chars.extend(piece)

    def newline(self, line: int) -> None:
        while self.chars and self.chars[-1] == " " and not self.pre:
            self.chars.pop()
        self.chars.append("\n")
        self.breaks.append(line)

    def at_empty_line(self) -> bool:
        """Whether the text so far ends with a line break and nothing after it but spaces."""
        end = len(self.chars)
        while end and self.chars[end - 1] == " ":
            end -= 1
        return bool(end) and self.chars[end - 1] == "\n"

    def piece(self) -> _Piece | None:
        raw = "".join(self.chars)
        text = raw.strip(" \n")
        if not text.strip():
            return None
        shift = len(raw) - len(raw.lstrip(" \n"))
        marks = []
        for mark in self.marks:
            start, end = max(mark.start - shift, 0), min(mark.end - shift, len(text))
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                marks.append(replace(mark, start=start, end=end))
        links = sum(m.end - m.start for m in marks if m.tag == "a")
        timed = sum(max(0, min(e - shift, len(text)) - max(s - shift, 0)) for s, e in self.timed)
        before = raw[:shift].count("\n")
        lines = ((self.breaks[before - 1] if before else self.line),
                 *self.breaks[before:before + text.count("\n")])
        para = Para(text, tuple(marks), self.tag, lines[0], self.row if self.tag in ("td", "th") else -1,
                    lines if len(lines) == text.count("\n") + 1 else (), number=self.number)
        return _Piece(para, self.element, _key(text), links, timed >= len(text.strip()))


def _integer(value: str | None, default: int) -> int:
    """An HTML integer attribute (`start="3"`, `value="10"`), or `default` where it is none."""
    value = (value or "").strip()
    return int(value) if value.lstrip("-").isdigit() and len(value) <= 9 else default


class _Walker:
    """Cuts a page's body into pieces: one per block element with text of its own, in document
    order, and one per paragraph of an element whose paragraphs are parted by `<br><br>`;
    with `noscript`, the content of <noscript> elements is text of the page."""

    def __init__(self, base: str, noscript: bool = False) -> None:
        self.base = base
        self.noscript = noscript
        self.pieces: list[_Piece] = []
        self.blocks: list[lxml.html.HtmlElement] = []
        self.open: list[tuple[str, str, int]] = []  # inline marks open: (tag, value, start in current builder)
        self.rows = -1
        self.numbers: dict[int, dict[int, int]] = {}  # id of an <ol> → id of each item → its number
        self.current: _Builder | None = None
        self.in_time = 0

    def run(self, body: lxml.html.HtmlElement) -> list[_Piece]:
        self._block(body)
        return self.pieces

    def _start(self, line: int) -> None:
        top = self.blocks[-1]
        owning = next((b for b in reversed(self.blocks) if b.tag in OWNING), top)
        owner = owning.tag
        number = 0
        if owner == "li" and owning.getparent() is not None and owning.getparent().tag == "ol":
            owner, number = "ol", self._number(owning)  # an item of a numbered list
        self.current = _Builder(top, owner, line, self.rows, any(b.tag == "pre" for b in self.blocks), number)
        self.open = [(tag, value, 0) for tag, value, _ in self.open]

    def _number(self, item: lxml.html.HtmlElement) -> int:
        """The number a browser shows for list item `item` of an <ol>: its `start`, counted on,
        reset by an item's `value`; each list counted once."""
        parent = item.getparent()
        if id(parent) not in self.numbers:
            count, numbers = _integer(parent.get("start"), 1), {}
            for child in parent:
                if child.tag == "li":
                    count = _integer(child.get("value"), count)
                    numbers[id(child)] = count
                    count += 1
            self.numbers[id(parent)] = numbers
        return self.numbers[id(parent)].get(id(item), 0)

    def _flush(self) -> None:
        builder = self.current
        if builder is None:
            return
        end = len(builder.chars)
        builder.marks.extend(Mark(start, end, tag, value) for tag, value, start in self.open)
        piece = builder.piece()
        if piece:
            self.pieces.append(piece)
        self.current = None

    def _text(self, text: str | None, line: int) -> None:
        if text and self.current is not None:
            start = len(self.current.chars)
            self.current.text(text, line)
            if self.in_time:
                self.current.timed.append((start, len(self.current.chars)))

    def _block(self, element: lxml.html.HtmlElement) -> None:
        self._flush()
        self.blocks.append(element)
        if element.tag == "tr":
            self.rows += 1
        self._start(element.sourceline or 1)
        self._text(element.text, element.sourceline or 1)
        for child in element:
            self._visit(child)
        self._flush()
        self.blocks.pop()

    def _visit(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "noscript" and self.noscript:
            tag = "span"
        if not tag or tag in SKIP or (tag not in BLOCK and _hidden(element)):
            self._tail(element)  # a hidden block is walked all the same: it is chrome unless it holds the article
            return
        if tag in BLOCK:
            self._block(element)
            self._start(_end_line(element))
            self._tail(element)
            return
        if tag == "br":
            if self.current is not None:  # the words after it start where its tail's first letter is
                tail = element.tail or ""
                line = (element.sourceline or self.current.line) + tail[:len(tail) - len(tail.lstrip())].count("\n")
                if self.current.at_empty_line() and self.current.tag not in WHOLE:
                    self._flush()  # `<br><br>`: a paragraph ends, as a reader sees it
                    self._start(line)
                else:
                    self.current.newline(line)
            self._tail(element)
            return
        mark = self._mark(element, tag)
        if mark:
            self.open.append((*mark, len(self.current.chars) if self.current else 0))
        self.in_time += tag == "time"
        self._text(element.text, element.sourceline or 1)
        for child in element:
            self._visit(child)
        self.in_time -= tag == "time"
        if mark:
            opened = self.open.pop()
            if self.current is not None:
                self.current.marks.append(Mark(opened[2], len(self.current.chars), opened[0], opened[1]))
        self._tail(element)

    def _tail(self, element) -> None:
        tail = element.tail
        if tail and self.current is not None:  # only a line break inside <pre> needs the line it starts on
            self._text(tail, _tail_line(element) if self.current.pre and "\n" in tail else self.current.line)

    def _mark(self, element, tag: str) -> tuple[str, str] | None:
        if tag == "a":
            href = inline.safe_url(element.get("href") or "")
            if not href:
                return None
            return "a", _joined(self.base, href) if self.base else href
        name = INLINE_MARKS.get(tag)
        if name is None or any(t == name for t, _, _ in self.open):
            return None
        return name, ""


def _hidden(element) -> bool:
    return (element.get("hidden") is not None or element.get("aria-hidden") == "true"
            or bool(HIDDEN_STYLE.search(element.get("style") or ""))
            or not HIDDEN_CLASSES.isdisjoint((element.get("class") or "").split()))


def _tail_line(element) -> int:
    """The line where an element's tail starts: its last descendant's line, plus the newlines in
    that descendant's text and tail."""
    last = element
    for last in element.iter():
        pass
    line = (last.sourceline or element.sourceline or 1) + (last.text or "").count("\n")
    if last is not element:
        line += (last.tail or "").count("\n")
    return line


def _end_line(element) -> int:
    """The line of the first letter after an element: where its tail starts, plus the newlines before that letter."""
    tail = element.tail or ""
    return _tail_line(element) + tail[: len(tail) - len(tail.lstrip())].count("\n")


def _chrome_rule(element) -> str | None:
    """The name of the first of CHROME_RULES that `element` matches (`hidden` for an element a
    browser does not show), or None."""
    if _hidden(element):
        return "hidden"
    if element.tag == "footer" and any(a.tag in ("blockquote", "figure") for a in element.iterancestors()):
        return None  # a quotation's attribution, a figure's credit
    role = (element.get("role") or "").lower()
    words = f"{element.get('class') or ''} {element.get('id') or ''}"
    for rule in CHROME_RULES:
        if element.tag in rule.tags or role in rule.roles or (words.strip() and rule.words.search(words)):
            return rule.name
    return None


# --- the page's metadata ----------------------------------------------------------------


def _meta(root, *names: str) -> tuple[str, int] | None:
    for name in names:
        for element in root.iter("meta"):
            if name in ((element.get("property") or "").lower(), (element.get("name") or "").lower()):
                content = " ".join((element.get("content") or "").split())
                if content:
                    return content, element.sourceline or 1
    return None


def _base_url(root) -> str:
    """What relative links are resolved against: <base href>, else the canonical URL, else og:url."""
    canonical = next((e.get("href", "").strip() for e in root.iter("link")
                      if "canonical" in (e.get("rel") or "").lower().split() and e.get("href")), "")
    page = canonical or (_meta(root, "og:url") or ("", 0))[0]
    base = next((e.get("href", "").strip() for e in root.iter("base") if e.get("href")), "")
    url = _joined(page, base) if base else page
    try:
        return url if urlsplit(url).scheme in ("http", "https") else ""
    except ValueError:  # `http://[oops/`: no address to resolve against
        return ""


def _joined(base: str, href: str) -> str:
    """`href` resolved against `base`; as written when either is no valid URL (`http://[`)."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href


def _titles(root) -> list[tuple[str, int]]:
    """The headline as the page names it: og:title, twitter:title, <title> and its part before a ` | Site`."""
    found = []
    meta = _meta(root, "og:title", "twitter:title")
    if meta:
        found.append(meta)
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        text = " ".join(title.text_content().split())
        found.append((text, title.sourceline or 1))
        parts = [p for p in re.split(r"\s+[|\-–—·:]\s+", text) if p.strip()]
        if len(parts) > 1:
            found.append((max(parts, key=len), title.sourceline or 1))
    return found


# --- the article ------------------------------------------------------------------------


def _extracted(root: lxml.html.HtmlElement) -> list[str]:
    """Keys of the lines of the paragraphs trafilatura takes for the article (cut where it kept a
    `<br>`), in order; [] when it finds none. It is given the parsed page (it works on a copy),
    so it reads the text as decoded here."""
    import trafilatura  # imported here: only an HTML release pays for it

    options = dict(favor_recall=True, include_comments=False, include_tables=True, deduplicate=False)
    try:
        xml = trafilatura.extract(root, output_format="xml", include_formatting=True, include_links=True, **options)
        xml = xml.replace("<lb/>", "\n") if xml else xml  # its line break: an empty element, never with attributes
        tree = lxml.etree.fromstring(xml.encode("utf-8"), lxml.etree.XMLParser(resolve_entities=False,
                                                                             no_network=True)) if xml else None
        texts = ["".join(e.itertext()) for e in tree.iter("p", "head", "item", "cell", "quote", "code")] \
            if tree is not None else []
    except (lxml.etree.LxmlError, ValueError):  # trafilatura's XML output chokes on some attribute names
        texts = (trafilatura.extract(root, output_format="txt", **options) or "").splitlines()
    keys: list[str] = []
    for text in texts:
        for line in text.split("\n"):
            key = _key(line)
            if key and (not keys or keys[-1] != key):
                keys.append(key)
    return keys


def _matched(pieces: list[_Piece], keys: list[str]) -> set[int]:
    """Indices of the pieces whose text the extractor kept.

    Lines are aligned, not whole pieces: a page that parts its paragraphs with `<br>` has one
    element for the whole article, which the extractor cuts into paragraphs. The lines are
    aligned in order (a text repeated in a sidebar is not taken for the article's). A line of
    25 characters or more is also kept when it lies inside a kept paragraph (the extractor joined
    lines, or put a paragraph out of the page's order), and where the order leaves a gap, when a
    kept paragraph lies inside it (the extractor cut a line at a link it dropped). A piece is
    kept when one of its lines is.
    """
    lines = [(i, _key(line)) for i, piece in enumerate(pieces) for line in piece.para.text.split("\n")]
    lines = [(i, key) for i, key in lines if key]
    ours = [key for _, key in lines]
    # Exact alignment costs a line's repeats for each line: quadratic on a page that repeats a few short
    # lines all through it. Past ALIGN_WORK, lines repeated over the extractor's text (1% of it and more)
    # only extend the matches its rarer lines anchor.
    junk = len(ours) * len(keys) > ALIGN_WORK
    blocks = difflib.SequenceMatcher(None, ours, keys, autojunk=junk).get_matching_blocks()
    found = {a + n for a, _, size in blocks for n in range(size)}
    long = [n for n in range(len(ours)) if n not in found and len(ours[n]) >= 25]
    joined = "\n".join(keys)
    if len(long) * len(joined) <= CONTAINED_WORK:
        found.update(n for n in long if ours[n] in joined)
    a_end = b_end = 0
    for a, b, size in blocks:
        found.update(_holding(ours, range(a_end, a), keys[b_end:b]))
        a_end, b_end = a + size, b + size
    return {lines[n][0] for n in found}


# Lines of the page times lines of the extractor's text aligned exactly (`_matched`): an article's
# page is a few hundred of each.
ALIGN_WORK = 4_000_000
# Bounds a containment search (characters searched times lines looked for): a page the extractor
# reads nothing like the page's own text is left to the alignment alone.
CONTAINED_WORK = 50_000_000


def _holding(ours: list[str], gap: range, theirs: list[str]) -> set[int]:
    """Lines in `gap` of `ours` that hold one of `theirs` (25 characters or more)."""
    theirs = [key for key in theirs if len(key) >= 25]
    if not gap or not theirs:
        return set()
    starts, length = [], 0
    for n in gap:
        starts.append(length)
        length += len(ours[n]) + 1
    if length * len(theirs) > CONTAINED_WORK:
        return set()
    joined = "\n".join(ours[n] for n in gap)
    found = set()
    for key in theirs:
        at = joined.find(key)
        if at >= 0:
            found.add(gap[bisect.bisect_right(starts, at) - 1])
    return found


def _chrome_flags(pieces: list[_Piece], matched: set[int]) -> list[str | None]:
    """For each piece, the chrome rule of the innermost chrome element around it, or None. A
    chrome-looking container that holds most of the matched text is the page's frame around
    the article, not chrome."""
    weight: dict[lxml.html.HtmlElement, int] = {}
    for i in matched:
        for element in pieces[i].element.iterancestors():
            weight[element] = weight.get(element, 0) + len(pieces[i].key)
        weight[pieces[i].element] = weight.get(pieces[i].element, 0) + len(pieces[i].key)
    total = sum(len(pieces[i].key) for i in matched)
    known: dict[lxml.html.HtmlElement, str | None] = {}

    def chrome(element) -> str | None:
        if element not in known:
            rule = _chrome_rule(element)
            known[element] = rule if rule and weight.get(element, 0) * 2 < max(total, 1) else None
        return known[element]

    return [next(filter(None, map(chrome, (piece.element, *piece.element.iterancestors()))), None)
            for piece in pieces]


def _headline(pieces: list[_Piece], chrome: list[bool], matched: set[int], root) -> int | Para | None:
    """The headline: the index of its piece, or a Para made from the page's og:title or <title>."""
    titles = _titles(root)
    keys = {_key(text) for text, _ in titles}
    # It comes before the article's first paragraph, not in a list of other news below it.
    first = min((i for i in matched if not chrome[i] and pieces[i].para.tag not in HEADINGS and pieces[i].key not in keys
                 and len(pieces[i].para.text.split()) >= MIN_SENTENCE_WORDS), default=len(pieces))
    usable = [i for i in range(first) if not chrome[i] and pieces[i].key]

    def h1(i: int) -> bool:
        return pieces[i].para.tag == "h1"

    for wanted in (lambda i: h1(i) and pieces[i].key in keys,
                   lambda i: pieces[i].para.tag in HEADINGS and pieces[i].key in keys,
                   lambda i: pieces[i].key in keys,
                   lambda i: h1(i) and any(len(pieces[i].key) >= 20 and (pieces[i].key in k or k in pieces[i].key)
                                           for k in keys),
                   lambda i: h1(i) and i in matched):
        found = next((i for i in usable if wanted(i)), None)
        if found is not None:
            return found
    # The h1 nearest above the article (a site's logo in an h1 comes first on the page).
    found = next((i for i in reversed(usable) if h1(i) and len(pieces[i].para.text.split()) >= 3), None)
    if found is not None:
        return found
    if titles:
        text, line = titles[0]
        return Para(text, (), "h1", line)
    return None


def _article(pieces: list[_Piece], matched: set[int], root, page: str) -> tuple[list[Para], list[Dropped], bool]:
    """The release's Paras, headline first; the pieces left out, each with its reason; whether
    the headline was made from the page's title. No Paras when the page holds no article.
    `page` is the page's own address ("" when it does not say), for the links of `_line_rule`."""
    chrome = _chrome_flags(pieces, matched)
    lined = [_line_rule(piece, page, i in matched) for i, piece in enumerate(pieces)]
    usable = [not chrome[i] and not lined[i] and not piece.time for i, piece in enumerate(pieces)]
    head = _headline(pieces, chrome, matched, root)
    start = head if isinstance(head, int) else -1
    body = sorted(i for i in matched if i > start and usable[i])
    kept = set(body)
    # Inside a list item, a cell or a quotation the extractor kept: a list nested in the item, the
    # caption of a picture in it (a kept <div> may be a page's whole header).
    inside = {pieces[i].element for i in body if pieces[i].element.tag in OWNING - HEADINGS}
    kept.update(i for i in range(start + 1, len(pieces) if inside else 0) if usable[i] and i not in kept
                and any(element in inside for element in pieces[i].element.iterancestors()))
    parent = [piece.element.getparent() for piece in pieces]
    for before, after in zip(body, body[1:]):
        # Left out between two kept elements, but a sibling of one of them (a `Contacts` heading), or
        # the text of the element around one (a `Step 2` label in the box of step 2's paragraph).
        kept.update(i for i in range(before + 1, after) if usable[i] and (
            parent[i] in (parent[before], parent[after]) or pieces[i].element in (parent[before], parent[after])))
        # Nothing but content elements left out between them: a section heading, a pull quote, a
        # caption; not a heading that is a link (the title of another story).
        rest = [i for i in range(before + 1, after) if usable[i] and i not in kept]
        if all(pieces[i].para.tag in CONTENT_TAGS and pieces[i].links * 2 < len(pieces[i].para.text) for i in rest):
            kept.update(rest)
    if body:
        kept.update(i for i in range(body[-1] + 1, len(pieces)) if usable[i] and parent[i] is parent[body[-1]])
        # The article's body split into boxes of one kind between ads (`<div class="body__container">`
        # twice): the prose of a later box of the kind the extractor kept paragraphs from.
        boxes = {_box(parent[i]) for i in body if pieces[i].para.tag in PROSE_TAGS} - {None}
        kept.update(i for i in range(body[-1] + 1, len(pieces)) if usable[i] and pieces[i].para.tag in PROSE_TAGS
                    and _box(parent[i]) in boxes and _sentences(pieces[i].para.text))
    # Subheadlines (headings) between the headline and the body, and a lead paragraph in an
    # element around the body's first or beside it; not a byline, a date or a photo's caption.
    if isinstance(head, int) and body:
        around = {pieces[body[0]].element, *pieces[body[0]].element.iterancestors()}
        kept.update(i for i in range(head + 1, body[0])
                    if usable[i] and (pieces[i].para.tag in HEADINGS or _subtitle(pieces[i].element)
                                      or (pieces[i].element in around or parent[i] is parent[body[0]])
                                      and pieces[i].para.tag in PROSE_TAGS and _sentences(pieces[i].para.text)
                                      and pieces[i].links * 2 < len(pieces[i].para.text)))
    order = sorted(kept)
    end = next((n for n, i in enumerate(order) if SOURCE_LINE.fullmatch(pieces[i].para.text)
                and len(pieces[i].para.text.split()) <= 12), len(order))
    after_end = set(order[end + 1:])
    end_marks = {i for i in order if END_MARK.fullmatch(pieces[i].para.text)}
    order = [i for i in order if i not in after_end and i not in end_marks]

    dropped = []
    for i, piece in enumerate(pieces):
        if i == head or (i in kept and i not in after_end and i not in end_marks):
            continue
        reason = ("after_end" if i in after_end else "end_mark" if i in end_marks else chrome[i] or lined[i]
                  or ("timestamp" if piece.time else "outside_article"))
        dropped.append(Dropped(piece.para.line, piece.para.text.replace("\n", " "), reason))
    prose = [pieces[i] for i in order if pieces[i].para.tag not in HEADINGS or _sentences(pieces[i].para.text)]
    if (sum(len(p.para.text) - p.links for p in prose) < MIN_PROSE
            or not any(len(p.para.text.split()) >= MIN_SENTENCE_WORDS and p.links * 2 < len(p.para.text) for p in prose)):
        return [], dropped, False
    title = [replace(pieces[head].para, tag="h1", row=-1)] if isinstance(head, int) else [head] if head else []
    return title + [pieces[i].para for i in order], dropped, isinstance(head, Para)


def _box(element) -> tuple[str, str] | None:
    """An element's tag and class, where it has a class: what boxes of one kind share."""
    return (element.tag, " ".join(element.get("class").split())) if element is not None and element.get("class") else None


def _sentences(text: str) -> bool:
    """Text that reads as a paragraph: long, ending a sentence (in a heading element: a site that
    sets its paragraphs in <h2>)."""
    return len(text.split()) >= MIN_SENTENCE_WORDS and text.rstrip().endswith((".", "!", "?", '"', "”", "’"))


def _line_rule(piece: _Piece, page: str, extracted: bool) -> str | None:
    """The rule that takes a line of the page for the page's own, by its links, or None:

    - `taxonomy`: nothing but links to the site's category, tag, label or section indexes, maybe
      after labels (`Category: Press Releases`, `Labels: Hotels, Travel`);
    - `site_link`: a label of three words at most and one link to another story of the same
      site (`Read more: <title>`, `Related: <title>`), or a label and one link to this very page
      (a newswire's `View original content to download multimedia: <its address>`). A story, by
      its link: the link's words name the page it goes to (two of them in the address's last
      part: `Weirdest Galaxies` → `/weirdest-galaxies.html`), or it reads as a title (four
      words or more) of a page below a section or with a story's name (`/news/other`,
      `/2019/05/another-opening.html`, `/acme-raises-80-million`). In a line the
      article extractor left out (`extracted` False) any page of the site will do. A
      release's own line with a link to a section of its site stays (`Investor Relations:
      <a href="/investors">Investor page</a>`), and so does a link that shows the address it
      goes to (`Website: www.acme.com` in Acme's own newsroom), unless it goes to this very
      page, and a longer label (`To learn more, visit: <a page of the site>`).
    """
    links = [m for m in piece.para.marks if m.tag == "a"]
    text = piece.para.text
    if not links or "\n" in text:
        return None
    rest, at = [], 0
    for mark in sorted(links, key=lambda m: m.start):
        rest.append(text[at:mark.start])
        at = max(at, mark.end)
    rest.append(text[at:])
    label = " ".join(" ".join(rest).replace(",", " ").replace("|", " ").split())
    if all(TAXONOMY_PATH.search(m.value) for m in links) and (not label or TAXONOMY_LABEL.fullmatch(label)):
        return "taxonomy"
    if len(links) > 1 or not SELF_LINK_LABEL.fullmatch(label):
        return None
    shown, target = text[links[0].start:links[0].end].strip(), links[0].value
    if page and _same_page(target, page):
        return "site_link"
    shows_address = ADDRESS.fullmatch(shown) and _host(shown if "//" in shown else "//" + shown) == _host(target)
    if not LINK_LABEL.fullmatch(label) or shows_address or not _same_site(target, page):
        return None
    return "site_link" if not extracted or _story_link(shown, target) else None


def _story_link(shown: str, target: str) -> bool:
    """Whether a link showing `shown` goes to a story (see `_line_rule`): its words in the last part
    of the address (path or fragment), or a title's four words and more to a page below a section or
    with a story's name."""
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    path = [part for part in parts.path.split("/") if part]
    name = (parts.fragment or (path[-1] if path else "")).lower()
    words = re.findall(r"[^\W_]+", shown.lower())
    if len(set(words) & set(re.findall(r"[^\W_]+", name))) >= 2:
        return True
    return len(words) >= 4 and (len(path) >= 2 or bool(path and PAGE_NAME.fullmatch(path[-1])))


def _host(url: str) -> str:
    """The host of `url` without `www.`; "" for none or a malformed one (`http://[oops`)."""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _same_site(href: str, page: str) -> bool:
    """Whether `href` goes to the site of `page` (or a subdomain of it: `buyersguide.macrumors.com`);
    without the page's address, whether it is relative."""
    if not page:
        return not re.match(r"[a-z][a-z0-9+.-]*:|//", href, re.I)
    there, here = _host(href), _host(page)
    return bool(there) and bool(here) and (there == here or there.endswith("." + here) or here.endswith("." + there))


def _same_page(href: str, page: str) -> bool:
    """Whether `href` is the page at `page` (its query and fragment aside)."""
    try:
        there, here = urlsplit(href), urlsplit(page)
    except ValueError:
        return False
    return _host(href) == _host(page) and there.path.rstrip("/") == here.path.rstrip("/")


def _subtitle(element) -> bool:
    """A subheadline by its class (`sub-headline`, `deck`, `standfirst`), or the <p> right after an
    empty heading so classed: libxml2 closes a heading at a <p> inside it (GlobeNewswire's
    `<h2 class="article-sub-headline"><p>…`), where a browser keeps the <p> inside."""
    previous = element.getprevious()
    if previous is not None and previous.tag in HEADINGS and not previous.text_content().strip():
        element = previous
    return bool(SUBTITLE_WORDS.search(f"{element.get('class') or ''} {element.get('id') or ''}"))


def read(data: bytes, path: Path, lang: str = "en", encoding: str | None = None) -> Document:
    """The release in a saved web page; every problem a user can cause raises L10nError."""
    text, codec, guessed = _decode(data, path, encoding)
    if not text.strip():
        raise L10nError("the file is empty; give the release's web page saved as HTML", path)
    root, notes = _parse(text, path)
    body = root.find("body")
    if body is None:
        raise L10nError(NO_ARTICLE, path)
    base, keys = _base_url(root), _extracted(root)
    pieces = _Walker(base).run(body)
    paras, dropped, made_title = _article(pieces, _matched(pieces, keys), root, base)
    if not paras and body.find(".//noscript") is not None:  # a page whose text shows only to a browser without scripts
        pieces = _Walker(base, noscript=True).run(body)
        paras, dropped, made_title = _article(pieces, _matched(pieces, keys), root, base)
    if not paras:
        raise L10nError(NO_ARTICLE, path)
    if made_title:
        notes += (f"no headline in the page's text; the title is the page's own <title> or og:title (line {paras[0].line})",)
    elif paras[0].tag != "h1":
        notes += ("no headline found in the page; the release has no title",)
    blocks, noise = structured(paras, lang)
    if not blocks:
        raise L10nError(NO_ARTICLE, path)
    return Document(path, codec, guessed, tuple(blocks), tuple(sorted(dropped + noise, key=lambda d: d.line)),
                    format="html", notes=notes)
