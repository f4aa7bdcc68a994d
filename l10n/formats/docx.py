"""Word .docx releases: read the paragraphs with their styles and run formats, write the
localized release from the source file itself.

Reading order, shared by `read` and `write` (`_read`), so that a block's `node` names the same
paragraph in both directions:

- the paragraphs of every header part the sections use (default, first-page, even-page), each
  part once, in the order the sections name them; then the body, tables in place (a table's
  rows in order, each cell's paragraphs, nested tables where they stand, content controls
  opened); then the footnotes, then the endnotes (each note's paragraphs, in the part's order;
  not the separator lines Word keeps there); then the footer parts the same way as the headers.
- a text box or shape with text (`w:txbxContent`, DrawingML or VML) is read right after the
  paragraph it is anchored in, its paragraphs like the body's. Word saves a shape twice, as
  DrawingML in `mc:Choice` and as VML in `mc:Fallback`: the first alternative that holds text
  is read, once, and the writer gives the other its translation too, paragraph for paragraph,
  so that a reader that shows the fallback shows the translation. Where the fallback's text boxes
  or paragraphs are not the same in number (a fallback saved before an edit), each of its
  paragraphs that says a read paragraph's words is that paragraph's copy; one in other words is
  not this text's and stays as it is.
- then the texts drawn in that paragraph, in their order: a chart's (`word/charts/chartN.xml`,
  or an Office 2016 chart's `chartExN.xml`: the paragraphs of its titles, axis titles and data
  labels, and the strings of its series names and text categories, as the chart caches them, and
  the same strings in the embedded workbook Word edits them in), a SmartArt diagram's (the
  paragraphs of its data model's nodes, which Word lays the diagram out from; the writer also
  rewrites the paragraph of the drawing Word and LibreOffice show, `word/diagrams/drawingN.xml`,
  that says the same words), and a legacy WordArt's
  (`v:textpath/@string`; a WordArt of Word 2010 on is a text box). A drawn text is its words
  alone: the writer gives it the format of its first run, with the locale's East Asian font and
  language.
- `Para.line` is the paragraph's 1-based number in that order, counting empty paragraphs too:
  a `#: release.docx:12` reference is the twelfth paragraph, the header's first.
- tags: `Title` (or a style based on it) is "title"; `Heading N` is h(N+1), capped at h6, except
  that `Heading 1` is "title" when no paragraph uses a Title style (agencies often set the
  headline in Heading 1; `document.structured` makes every later title a heading); `Subtitle`
  is h2; a paragraph with numbering (`w:numPr` in it or in its style chain, numId not 0) or a
  `List Bullet`/`List Number` style is "li"; a table cell's paragraph is "td" with `row`, the
  row's index counted over the whole document; a drawn text (a chart's, a diagram's, a
  WordArt's) is "label", a body unit whatever its shape; anything else "p".

Inline formatting. The paragraph's dominant run format (most letters) is its base. A run that
differs from it only by turning bold, italic, single underline, strike, superscript or
subscript on gets `b`/`i`/`u`/`s`/`sup`/`sub`; any other difference (colour, size, font,
highlight, a character style) gets an `f` mark whose value is a readable key with a hash of
the run's properties (`color,sz#3fa9c2`), which the writer maps back to them. The spell-check
language, complex-script bold/italic/size and East Asian font attributes do not count as a
difference. A `w:hyperlink` is an `a` mark with its address (the external target, or
`#anchor`); its `Hyperlink` character style is the link's, not a format. A run of spaces
between two runs takes the formats they share, so `<b>Foo</b> <b>Bar</b>` reads `<b>Foo Bar</b>`.

What is text: `w:t`, a tab (a space), a line break `w:br` (not a page or column break: "\\n"),
non-breaking hyphens. An object in the line of text between the paragraph's first words and its
last (a footnote or endnote reference, an inline picture, chart or diagram, an embedded object,
a symbol, an equation) is `inline.OBJECT` under an `x` mark keyed to it (`footnote 1`, `picture
2`: its kind and place among the paragraph's objects), which the unit shows as an empty code
(`<x1/>`); the writer moves the object, in its own run's format, to where the translation puts
its code (after the text where the translation lost the code, never nowhere). Kept out of the
text and left where they stand on writing: objects before the first words or after the last (a
note reference that ends the paragraph), floating shapes, page breaks, comment references,
hidden runs, fields without a result. Tracked deletions are not text either, and a rewritten
paragraph drops them. A field with a result reads inside an `f` mark keyed to its code: an
old-style HYPERLINK or a REF field as its result (`the <f1>media kit</f1>`), which the writer
puts back inside the field's code, translated; a field Word computes (PAGE, NUMPAGES, DATE ...:
`FIXED_FIELDS`) as its name (`Page <f1>PAGE</f1>`), so that a re-save that changes the number
makes no new msgid, and the writer puts the field back whole where its tag stands. Comments are
notes for the reviewer, not text of the release: each becomes a `Note` on the stretch of its
paragraph it is anchored on (the whole paragraph where its range crosses paragraphs or marks a
point), which the catalog shows beside that sentence as `#. comment (AUTHOR): TEXT`; they are
never translated, and the localized file keeps them, anchored where they were.

Strict OOXML (ISO/IEC 29500 Strict, namespaces under `http://purl.oclc.org/ooxml/`) is read
through its Transitional names, which differ only in the namespace and relationship-type
strings, and the parts the writer changes go back in the Strict names they came in.

Writing replaces, in each paragraph that has blocks, the runs that hold text (and its links
and fields) by runs for the translation, at the place of the first; the paragraph's
properties, bookmarks, breaks, floating shapes and the objects before or after its words stay
(those between its words go with their codes, above), and so does the white space that opens
it (the tab or space after a footnote's number). Each run gets the East Asian font and language
(`w:rFonts/@w:eastAsia`, `w:lang/@w:eastAsia`); Latin fonts are left as they are. A paragraph's
hard line breaks between blocks (contact lines) are kept; lines joined inside a block are one
line in the translation; a line of page noise inside a paragraph that also holds release text
is not written. The package is rewritten entry by entry in the source's order with a fixed
time stamp: the same input gives the same bytes, and only the parts that changed (document,
headers, footers, notes, charts, diagrams, styles) are re-serialized; docProps stay as they were.

A draft says so on every page: a bold red line, in the locale's language and East Asian font,
opens each page header the sections show (default, and first-page or even-page where the
document uses them), above the header's own paragraphs. A first section without a header
gets one, and the sections that inherit it show it too; a new header is added to the package
after the source's entries, with its relationship and content type. A document with no
section properties (so no header) gets the line as its first paragraph.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from l10n import inline
from l10n.assemble import UNSPACED, is_wide
from l10n.errors import L10nError, counted
from l10n.files import read_bytes
from l10n.locale import draft_notice
from l10n.model import Block, Document, Mark, Note, Para, Unit

# The East Asian font of localized runs when l10n.toml's [fonts] names none. Each is the one
# Windows has carried since Vista/7 and Office for Mac bundles, a sans-serif that sits well with
# the Calibri/Arial of an English release; LibreOffice substitutes Noto Sans CJK where missing.
DEFAULT_FONTS = {
    "zh_CN": "Microsoft YaHei",  # 微软雅黑
    "zh_TW": "Microsoft JhengHei",  # 微軟正黑體
    "zh_HK": "Microsoft JhengHei",  # the Traditional sans-serif; Windows' Hong Kong font, MingLiU_HKSCS, is a serif
    "ko_KR": "Malgun Gothic",  # 맑은 고딕, Word's own default for Korean
    "ja_JP": "Yu Gothic",  # 游ゴシック
}
EAST_ASIAN = ("zh", "ja", "ko")

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % _W_NS
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RT_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_RT_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_RT_SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
_RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_EQUATIONS = (_M + "oMath", _M + "oMathPara")
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_CX = "{http://schemas.microsoft.com/office/drawing/2014/chartex}"  # Office 2016 charts: waterfall, sunburst ...
_DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
_DSP = "{http://schemas.microsoft.com/office/drawing/2008/diagram}"
_V = "{urn:schemas-microsoft-com:vml}"
R_DM = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}dm"
# Parts whose text is drawn: a chart, a diagram's data model and the drawing Word renders of it.
_GRAPHIC_TYPES = frozenset({"application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
                            "application/vnd.ms-office.chartex+xml",
                            "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml",
                            "application/vnd.ms-office.drawingml.diagramDrawing+xml"})
# A chart's strings that are text: in a string cache or literal (a series' name, a category's label,
# each level of a multi-level category), not a number's.
_CHART_STRINGS = frozenset({_C + "strCache", _C + "strLit", _C + "lvl"})
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DRAWN = frozenset({_A + "r", _A + "br", _A + "fld"})  # what holds a DrawingML paragraph's text
# Notes Word writes itself (the rule above the footnotes, its continuation): no text of the release.
_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
# ISO/IEC 29500 Strict names its namespaces and relationship types under purl.oclc.org, Transitional
# (what python-docx and this module read) under schemas.openxmlformats.org with the year; the rest of
# the name is the same (`.../ooxml/wordprocessingml/main` is `.../wordprocessingml/2006/main`).
# Markup compatibility and the package's own names (content types, relationships) are the same in both.
_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/(wordprocessingml|drawingml|officeDocument|schemaLibrary)/")
_TRANSITIONAL = re.compile(
    rb"http://schemas\.openxmlformats\.org/(wordprocessingml|drawingml|officeDocument|schemaLibrary)/2006/")
_STRICT_MAIN = b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
# The colour of a draft's notice: Word's standard Dark Red, legible on screen and in grey print.
DRAFT_COLOR = "C00000"

# Fields whose result Word computes when it lays the page out or saves: their result (`3`,
# a date) would make a new msgid at every save, so the text shows the field's name (`Page
# <f1>PAGE</f1>`) and the writer keeps the result as it was.
FIXED_FIELDS = frozenset(
    "PAGE NUMPAGES SECTIONPAGES SECTION DATE TIME SAVEDATE PRINTDATE CREATEDATE EDITTIME REVNUM FILESIZE "
    "NUMWORDS NUMCHARS FILENAME".split()
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STAMP = (1980, 1, 1, 0, 0, 0)
# No part of a release is this large unpacked; a bigger one is a zip bomb or not a release.
MAX_PART_BYTES = 256 * 2**20
# XML is what lxml holds in memory, about ten times its size: a release's document.xml is
# under a megabyte, a zip bomb's gigabytes.
MAX_XML_BYTES = 64 * 2**20
MAX_MEMBERS = 10_000
# What zipfile raises on a damaged archive: bad headers, offsets before the start (a negative
# seek), bad deflate data, a CRC mismatch, an encrypted or unknown-method member.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
              RuntimeError)

# Inline containers whose runs are the paragraph's text; w:del and w:moveFrom hold deleted text.
_OPEN = {W + n for n in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "dir", "bdo", "fldSimple")}
_SKIP = {W + n for n in ("del", "moveFrom")}
# Run children that are text; everything else in a run (breaks of pages, drawings, fields'
# characters, references) stays where it is.
_TEXT = {W + n for n in ("t", "tab", "ptab", "cr", "noBreakHyphen", "softHyphen")}
# Formats that are marks of their own; the rest of a run's properties are its `f` format.
_TOGGLES = {W + n for n in ("b", "i", "u", "strike", "vertAlign")}
# Run properties that make no visible difference to an English run, or that the writer sets.
_IGNORED = {W + n for n in ("bCs", "iCs", "szCs", "lang", "noProof", "webHidden", "rPrChange", "specVanish")}
_EAST_ASIAN_FONT = {W + n for n in ("eastAsia", "eastAsiaTheme", "cs", "cstheme", "hint")}
# Schema order of a run's properties (CT_RPr), so that added ones land where Word expects them.
_RPR_ORDER = [W + n for n in (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange").split()]


# --- opening -------------------------------------------------------------------------------


def _check_package(data: bytes, path: Path) -> None:
    """Refuse, in one line, what is not a .docx python-docx can open."""
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise L10nError("is password-protected (an encrypted Word file); open it in Word, remove the password "
                            "(File > Info > Protect Document > Encrypt with Password) and save it as .docx", path)
        if "WordDocument".encode("utf-16-le") in data:
            raise L10nError("is an old binary Word document (.doc), not .docx; open it in Word or LibreOffice and "
                            "save it as Word Document (.docx)", path)
        raise L10nError("is an old binary Office file, not a .docx; open it in Word and save it as Word Document "
                        "(.docx)", path)
    if data.lstrip().startswith(b"{\\rtf"):
        raise L10nError("is a Rich Text (RTF) file, not a .docx; open it in Word and save it as Word Document "
                        "(.docx)", path)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise L10nError("is not a Word .docx file (not a zip archive); save the release from Word as Word "
                        "Document (.docx)", path)
    with package:
        names = {info.filename: info for info in package.infolist()}
        if "mimetype" in names and package.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
            raise L10nError("is an OpenDocument file (.odt), not a .docx; save it from LibreOffice or Word as "
                            "Word Document (.docx)", path)
        big = next((info.filename for info in names.values() if info.file_size > MAX_PART_BYTES), None)
        if big:
            raise L10nError(f"holds {big}, over {MAX_PART_BYTES // 2**20} MiB unpacked: not a press release; "
                            "check the file", path)
        # zipfile reads no member past its declared size, so declared sizes bound what is parsed
        xml = sum(info.file_size for info in names.values() if info.filename.endswith((".xml", ".rels")))
        if len(names) > MAX_MEMBERS or xml > MAX_XML_BYTES:
            raise L10nError(f"unpacks to {len(names):,} parts and {xml:,} bytes of XML (at most {MAX_MEMBERS:,} and "
                            f"{MAX_XML_BYTES // 2**20} MiB): not a press release; check the file", path)
        try:
            types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        except ZIP_ERRORS:
            types = b""
    # the document's own macros; a macro-enabled workbook embedded for a chart is not the document's
    if re.search(rb"ms-word\.[\w.]*macroEnabled", types) or "word/vbaProject.bin" in names:
        raise L10nError("is a macro-enabled Word document (.docm); l10n does not open files with macros: save a "
                        "copy as Word Document (.docx) and localize that", path)
    if b"wordprocessingml.template.main" in types:
        raise L10nError("is a Word template (.dotx), not a document; create a document from it and save it as "
                        "Word Document (.docx)", path)
    if b"wordprocessingml.document.main" not in types:
        raise L10nError("is a zip archive but not a Word document (it has no word/document.xml); save the release "
                        "from Word as Word Document (.docx)", path)


@dataclass(frozen=True)
class _XmlPart:
    """A part python-docx holds as bytes only (the footnotes, the endnotes, a chart, a diagram's data
    or drawing): parsed here and serialized back the way python-docx serializes the parts it knows."""

    partname: object
    rels: object
    # the part's relationships (links in a footnote resolve there)
    element: etree._Element

    @property
    def blob(self) -> bytes:
        return etree.tostring(self.element, encoding="UTF-8", standalone=True)


@dataclass(frozen=True)
class _Opened:
    doc: object
    notes: list[_XmlPart]
    # the footnotes part, then the endnotes part, where the document has them
    graphics: dict[str, _XmlPart]
    # the charts and the diagrams' data and drawings of the package, by part name
    comments: dict[str, str]
    # each comment's id → the remark shown to the reviewer (`comment (Jane Doe): check this`)
    strict: bool
    # the package is Strict OOXML, read in Transitional names and written back in its own


def _open(data: bytes, path: Path) -> _Opened:
    """The python-docx document of a .docx's bytes and the parts python-docx does not read; anything
    else raises L10nError."""
    _check_package(data, path)
    import docx  # python-docx: only this room uses it
    from docx.oxml.parser import parse_xml

    try:
        strict = _is_strict(data)
        if strict:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                data = _package(data, {info.filename.lower(): _to_transitional(package.read(info))
                                       for info in package.infolist() if info.filename.endswith((".xml", ".rels"))})
        doc = docx.Document(io.BytesIO(_bookmark_links(data)))
        related = {rel.reltype: rel.target_part for rel in doc.part.rels.values() if not rel.is_external}
        notes = [_XmlPart(part.partname, part.rels, parse_xml(part.blob))
                 for part in (related.get(_RT_FOOTNOTES), related.get(_RT_ENDNOTES)) if part is not None]
        graphics = {str(part.partname): _XmlPart(part.partname, part.rels, parse_xml(part.blob))
                    for part in doc.part.package.iter_parts() if part.content_type in _GRAPHIC_TYPES}
        comments = parse_xml(related[_RT_COMMENTS].blob) if _RT_COMMENTS in related else None
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise L10nError(f"is a damaged Word document (broken XML in {_broken_part(data)} at line {line}, column "
                        f"{column}); open it in Word, let it repair the file, and save it again", path)
    except (KeyError, AttributeError, TypeError, *ZIP_ERRORS) as error:  # python-docx on parts missing or mangled
        reason = str(error).splitlines()[0][:100] if str(error) else type(error).__name__
        raise L10nError(f"is a damaged Word document ({reason}); open it in Word and save it again as .docx", path)
    return _Opened(doc, notes, graphics, _remarks(comments), strict)


# A comment longer than this is cut in the catalog: a remark, not a document.
REMARK_CHARS = 500


def _remarks(comments) -> dict[str, str]:
    """Each comment's id → `comment (AUTHOR): TEXT`, its paragraphs joined by spaces."""
    found = {}
    for comment in comments.iter(W + "comment") if comments is not None else ():
        text = " ".join(" ".join("".join(t.text or "" for t in p.iter(W + "t")).split()) for p in comment.iter(W + "p"))
        text = " ".join(text.split())
        if len(text) > REMARK_CHARS:
            text = text[:REMARK_CHARS - 1] + "…"
        author = " ".join((comment.get(W + "author") or "").split())
        found[comment.get(W + "id") or ""] = f"comment ({author}): {text}" if author else f"comment: {text}"
    return found


def _bookmark_links(data: bytes) -> bytes:
    """The package with each relationship that points at a bookmark (`#_Toc12`) marked external, as
    Word reads it: some producers leave out `TargetMode="External"`, and python-docx then looks for
    a part named `word/#_Toc12` and gives up on the whole file."""
    from docx.oxml.parser import parse_xml

    fixed = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            if not info.filename.endswith(".rels") or not re.search(rb"""Target=["']#""", xml := package.read(info)):
                continue
            root = parse_xml(xml)
            for rel in root:
                if (rel.get("Target") or "").startswith("#") and rel.get("TargetMode") != "External":
                    rel.set("TargetMode", "External")
            fixed[info.filename.lower()] = etree.tostring(root, encoding="UTF-8", standalone=True)
    return _package(data, fixed) if fixed else data


def _is_strict(data: bytes) -> bool:
    """Whether the package's main document is related in Strict OOXML's names."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "_rels/.rels" in package.namelist() and _STRICT_MAIN in package.read("_rels/.rels")


def _to_transitional(xml: bytes) -> bytes:
    return _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/", xml)


def _to_strict(xml: bytes) -> bytes:
    return _TRANSITIONAL.sub(rb"http://purl.oclc.org/ooxml/\1/", xml)


def _broken_part(data: bytes) -> str:
    """The name of the first XML part of the package that does not parse."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(package.read(name))
                except (etree.XMLSyntaxError, *ZIP_ERRORS):
                    return name
    return "a part"


# --- walking the paragraphs ------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    """What the walk needs to know of styles.xml: each style's name, parent and numbering."""

    names: dict[str, str]
    # style id → name, lower case
    based: dict[str, str]
    # style id → id of the style it is based on
    numbered: frozenset[str]
    # ids of paragraph styles with numbering (a list style)
    links: frozenset[str]
    # ids of the character styles of links (Hyperlink, FollowedHyperlink)

    def chain(self, style: str | None) -> list[str]:
        seen: list[str] = []
        while style and style not in seen and len(seen) < 20:
            seen.append(style)
            style = self.based.get(style)
        return seen


def _styles(doc) -> _Styles:
    try:
        root = doc.part.part_related_by(_RT_STYLES).element
    except (KeyError, ValueError):
        return _Styles({}, {}, frozenset(), frozenset({"Hyperlink"}))
    names, based, numbered, links = {}, {}, set(), {"Hyperlink"}
    for style in root.iter(W + "style"):
        sid = style.get(W + "styleId") or ""
        name = style.find(W + "name")
        names[sid] = (name.get(W + "val") if name is not None else sid).lower()
        parent = style.find(W + "basedOn")
        if parent is not None:
            based[sid] = parent.get(W + "val")
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None and num.get(W + "val") != "0":
            numbered.add(sid)
        if names[sid] in ("hyperlink", "followedhyperlink"):
            links.add(sid)
    return _Styles(names, based, frozenset(numbered), frozenset(links))


@dataclass(frozen=True)
class _Place:
    """One paragraph of the document in reading order, and where it stands."""

    element: etree._Element
    part: object
    # the part holding it (document, header, footer, footnotes, endnotes): links resolve there
    row: int
    # index of its table row in the document, -1 outside tables
    twins: tuple = ()
    # _Places of the same text elsewhere, which the writer rewrites with it and the reader never
    # reads: a text box's paragraph in the shape's other alternatives (its VML copy in mc:Fallback),
    # a diagram node's paragraph in the drawing Word renders of the diagram
    kind: str = "w"
    # w: a WordprocessingML paragraph (w:p); a: a DrawingML paragraph (a:p) of a chart or a diagram;
    # v: a chart's string (c:v); t: a legacy WordArt's text (v:textpath/@string)


def _parts(doc, reltype: str) -> list:
    """Header (or footer) parts the sections use, each once, in the order the sections name them."""
    found, seen = [], set()
    for sect in doc.element.iter(W + "sectPr"):
        for ref in sect:
            if ref.tag not in (W + "headerReference", W + "footerReference"):
                continue
            rel = doc.part.rels.get(ref.get(R_ID) or "")
            if rel is None or rel.is_external or rel.reltype != reltype:
                continue
            part = rel.target_part
            if str(part.partname) not in seen:
                seen.add(str(part.partname))
                found.append(part)
    return found


def _places(doc, notes: Sequence[_XmlPart], graphics: Mapping[str, _XmlPart]) -> list[_Place]:
    rows = [-1]

    def blocks(container, part, row: int) -> Iterator[_Place]:
        for child in container:
            if child.tag == W + "p":
                yield _Place(child, part, row)
                for content, twins in _boxes(child):  # a text box's paragraphs follow the one it is anchored in
                    for place in blocks(content, part, -1):
                        found = tuple(_Place(twin, part, -1, kind=kind) for twin, kind in twins.get(place.element, ()))
                        yield replace(place, twins=found or place.twins)
                yield from _graphics(child, part, graphics)  # then its charts' and diagrams' texts
            elif child.tag == W + "tbl":
                for tr in child.iter(W + "tr"):
                    if _owner(tr, W + "tbl") is not child:
                        continue  # a nested table's row: reached through its cell
                    rows[0] += 1
                    number = rows[0]
                    for tc in tr:
                        if tc.tag == W + "tc":
                            yield from blocks(tc, part, number)
                        elif tc.tag in (W + "sdt", W + "customXml"):  # a cell in a content control
                            for cell in tc.iter(W + "tc"):
                                if _owner(cell, W + "tr") is tr:
                                    yield from blocks(cell, part, number)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from blocks(content, part, row)
            elif child.tag == W + "customXml":
                yield from blocks(child, part, row)

    places = [p for part in _parts(doc, _RT_HEADER) for p in blocks(part.element, part, -1)]
    body = doc.element.find(W + "body")
    places += blocks(body if body is not None else (), doc.part, -1)
    for part in notes:
        for note in part.element:
            if note.tag in (W + "footnote", W + "endnote") and note.get(W + "type") not in _SEPARATORS:
                places += blocks(note, part, -1)
    places += [p for part in _parts(doc, _RT_FOOTER) for p in blocks(part.element, part, -1)]
    return places


def _boxes(p) -> list[tuple[etree._Element, dict]]:
    """The text boxes and shapes anchored in paragraph `p` (`w:txbxContent`, in a DrawingML shape or
    a VML one), each once, with a map from each of their paragraphs to its twins, (element, kind) for
    `_Place`. Word writes a shape twice, as DrawingML in `mc:Choice` and as VML in `mc:Fallback`: of
    those the first that holds a text box is read, and the paragraphs of the others are its twins,
    paragraph for paragraph where the other has the same text boxes and paragraphs, else each
    paragraph the first of the other's paragraphs (or WordArt texts) that says the same words; one
    that says other words has no twin and stays as it is. A text box inside a text box is its own
    paragraph's; one in deleted text is not read."""
    found = []
    for content in p.iter(W + "txbxContent"):
        branch, parent = None, content.getparent()
        while parent is not p and parent.tag not in _SKIP and parent.tag != W + "p":
            if branch is None and parent.tag in (_MC + "Choice", _MC + "Fallback"):
                branch = parent
            parent = parent.getparent()
        if parent is not p:
            continue
        if branch is None:
            found.append((content, {}))
            continue
        alternatives = [b for b in branch.getparent() if b.tag in (_MC + "Choice", _MC + "Fallback")]
        shown = [[c for c in b.iter(W + "txbxContent") if _owner(c, W + "p") is p and _has_text(c)]
                 for b in alternatives]
        chosen = next((n for n, contents in enumerate(shown) if contents), -1)
        if chosen < 0 or alternatives[chosen] is not branch or content not in shown[chosen]:
            continue
        twins: dict = {}
        index = shown[chosen].index(content)
        paragraphs = list(content.iter(W + "p"))
        for n, contents in enumerate(shown):
            if n == chosen:
                continue
            same = len(contents) == len(shown[chosen])
            other = list(contents[index].iter(W + "p")) if same else []
            pairs = zip(paragraphs, [(theirs, "w") for theirs in other]) if len(other) == len(paragraphs) \
                else _said_again(paragraphs, alternatives[n], p)
            for mine, twin in pairs:
                twins[mine] = twins.get(mine, ()) + (twin,)
        found.append((content, twins))
    return found


def _words(p) -> str:
    """A paragraph's own words (not a text box's anchored in it), spaces made one."""
    return " ".join("".join(t.text or "" for t in p.iter(W + "t") if _owner(t, W + "p") is p).split())


def _said_again(paragraphs: Sequence, alternative, p) -> list[tuple[object, tuple[object, str]]]:
    """(paragraph, its twin) for each of `paragraphs` that the first free paragraph of a text box in
    `alternative`, or of a WordArt's text there (`v:textpath`), says in the same words."""
    free: dict[str, list[tuple[object, str]]] = {}
    for content in alternative.iter(W + "txbxContent"):
        if _owner(content, W + "p") is p:
            for theirs in content.iter(W + "p"):
                if _owner(theirs, W + "txbxContent") is content and _words(theirs):
                    free.setdefault(_words(theirs), []).append((theirs, "w"))
    for path in alternative.iter(_V + "textpath"):
        if (path.get("string") or "").strip():
            free.setdefault(" ".join(path.get("string").split()), []).append((path, "t"))
    return [(mine, free[_words(mine)].pop(0)) for mine in paragraphs if free.get(_words(mine))]


def _in_fallback(element, p) -> bool:
    """Whether `element` stands in an `mc:Fallback` inside paragraph `p`: Word's other saving of what
    its `mc:Choice` says."""
    return any(a.tag == _MC + "Fallback" for a in _between(element, p))


def _between(element, p) -> list:
    """The ancestors of `element` below `p`."""
    found = []
    for ancestor in element.iterancestors():
        if ancestor is p:
            break
        found.append(ancestor)
    return found


def _graphics(p, part, graphics: Mapping[str, _XmlPart]) -> Iterator[_Place]:
    """The texts drawn in paragraph `p`, in the order they are drawn: each chart's (its titles, series
    names and text categories) and each diagram's (SmartArt: its nodes' paragraphs, each with its
    twin in the drawing Word renders, found by its words), and a legacy WordArt's. What a shape's
    `mc:Fallback` says again is not read: its `mc:Choice` is."""
    for element in p.iter(_A + "graphicData", _V + "textpath"):
        if _owner(element, W + "p") is not p or _in_fallback(element, p) or _in_deleted(element, p):
            continue
        if element.tag == _V + "textpath":
            if (element.get("string") or "").strip():
                yield _Place(element, part, -1, kind="t")
            continue
        uri = element.get("uri") or ""
        if uri.endswith(("/chart", "/chartex")):
            holder = element.find(_C + "chart") if uri.endswith("/chart") else element.find(_CX + "chart")
            chart = _related(part, holder, R_ID, graphics)
            if chart is not None:
                yield from _chart_places(chart)
        elif uri.endswith("/diagram"):
            model = _related(part, element.find(_DGM + "relIds"), R_DM, graphics)
            if model is not None:
                yield from _diagram_places(model, part, graphics)


def _in_deleted(element, p) -> bool:
    return any(a.tag in _SKIP for a in _between(element, p))


def _related(part, holder, attribute: str, graphics: Mapping[str, _XmlPart]) -> _XmlPart | None:
    """The chart or diagram part that `holder`'s relationship id (its `attribute`) names in `part`."""
    rel = part.rels.get(holder.get(attribute) or "") if holder is not None else None
    if rel is None or rel.is_external:
        return None
    return graphics.get(str(rel.target_part.partname))


def _chart_places(chart: _XmlPart) -> Iterator[_Place]:
    """A chart's texts in its order: the paragraphs of its rich texts (titles, axis titles, data
    labels), and its strings that are text (series names, category labels)."""
    for element in chart.element.iter(_A + "p", _C + "v", _CX + "v", _CX + "pt"):
        parent = element.getparent()
        if element.tag == _A + "p":
            if _owner(element, _C + "rich") is not None or _owner(element, _CX + "rich") is not None:
                yield _Place(element, chart, -1, kind="a")
        elif element.tag == _C + "v":
            if (parent.tag == _C + "pt" and parent.getparent().tag in _CHART_STRINGS) or parent.tag == _C + "tx":
                yield _Place(element, chart, -1, kind="v")
        elif element.tag == _CX + "v":  # an Office 2016 chart's title or series name
            if parent.tag == _CX + "txData":
                yield _Place(element, chart, -1, kind="v")
        elif parent.tag == _CX + "lvl" and parent.getparent().tag == _CX + "strDim":  # its text categories
            yield _Place(element, chart, -1, kind="v")


def _diagram_places(model: _XmlPart, part, graphics: Mapping[str, _XmlPart]) -> Iterator[_Place]:
    """A diagram's node paragraphs (its data model's `dgm:pt` of type node or assistant), each with its
    twin in the drawing Word shows (`dsp:drawing`, related to `part`, the one the diagram is in)."""
    ext = next(model.element.iter(_DSP + "dataModelExt"), None)
    drawing = _related(part, ext, "relId", graphics)
    free: dict[str, list] = {}
    for shown in drawing.element.iter(_A + "p") if drawing is not None else ():
        if _drawn_text(shown).strip():
            free.setdefault(" ".join(_drawn_text(shown).split()), []).append(shown)
    for point in model.element.iter(_DGM + "pt"):
        body = point.find(_DGM + "t")
        if point.get("type", "node") not in ("node", "asst") or body is None:
            continue
        for paragraph in body.iter(_A + "p"):
            same = free.get(" ".join(_drawn_text(paragraph).split()))
            twins = (_Place(same.pop(0), drawing, -1, kind="a"),) if same else ()
            yield _Place(paragraph, model, -1, twins, kind="a")


def _drawn_text(paragraph) -> str:
    """A DrawingML paragraph's text: its runs' and fields' `a:t`, a line break as "\n"."""
    return "".join("\n" if child.tag == _A + "br" else child.findtext(_A + "t") or ""
                   for child in paragraph if child.tag in _DRAWN)


def _has_text(element) -> bool:
    return any((t.text or "").strip() for t in element.iter(W + "t"))


def _owner(element, tag: str):
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _tag(p, place: _Place, styles: _Styles, has_title: bool) -> str:
    if place.row >= 0:
        return "td"
    style = p.find(f"{W}pPr/{W}pStyle")
    chain = styles.chain(style.get(W + "val") if style is not None else None)
    names = [styles.names.get(s, s.lower()) for s in chain]
    for name in names:
        if name == "title":
            return "title"
        if name == "subtitle":
            return "h2"
        level = re.fullmatch(r"heading\s*([1-9])", name)
        if level:
            n = int(level[1])
            return "title" if n == 1 and not has_title else f"h{min(n + 1, 6)}"
    num = p.find(f"{W}pPr/{W}numPr/{W}numId")
    if num is not None:
        return "li" if num.get(W + "val") != "0" else "p"
    if any(s in styles.numbered for s in chain) or any(n.startswith(("list bullet", "list number")) for n in names):
        return "li"
    return "p"


def _is_title(p, styles: _Styles) -> bool:
    style = p.find(f"{W}pPr/{W}pStyle")
    return any(styles.names.get(s) == "title" for s in styles.chain(style.get(W + "val") if style is not None else None))


# --- a paragraph's text and formats ----------------------------------------------------------


@dataclass
class _Field:
    """A field with a result: the runs of its code, and of its end, to put back around the result."""

    code: list
    # copies of the runs from `begin` to `separate` (to `end` for a fixed field), or the fldSimple
    # (emptied of its runs unless fixed)
    end: object = None
    # copy of the `end` run (None for a fldSimple)
    fixed: bool = False
    # a field Word computes: its text is its name, its result is written back as it was


@dataclass
class _Piece:
    text: str
    rpr: object
    # the run's w:rPr, or None
    link: object
    # the w:hyperlink around the run, or None
    field: str = ""
    # key of the field whose result the run is
    run: object = None
    # the w:r it comes from
    obj: object = None
    # for an object (its text is inline.OBJECT): the run's child that is the object
    key: str = ""
    # for an object in the middle of the text: its key in `_Source.objects`


@dataclass
class _Source:
    """A paragraph read: its Para (None when it holds no text) and what the writer needs of it."""

    place: _Place
    para: Para | None
    base: object = None
    # the dominant run properties (a w:rPr copy, or None)
    formats: dict = field(default_factory=dict)
    # `f` key → w:rPr copy, or _Field
    links: dict = field(default_factory=dict)
    # address → (the w:hyperlink, the link style id of its runs or None)
    removed: list = field(default_factory=list)
    # what the writer takes out: (element, whole) — whole=False strips a run's text only
    kept_runs: int = 0
    kept: int = 0
    # the runs of white space that open the paragraph, which the writer leaves where they are, and
    # how many characters of the text they hold
    objects: dict = field(default_factory=dict)
    # `x` key (`footnote 1`) → (the w:r holding the object, the object): those between its words


def _items(p) -> list[tuple[object, object, object]]:
    """The paragraph's runs (and equations) in order, each with its w:hyperlink and w:fldSimple (or None)."""
    found = []

    def walk(node, link, simple):
        for child in node:
            if child.tag == W + "r" or child.tag in _EQUATIONS:  # an equation stands in the line as a run does
                found.append((child, link, simple))
            elif child.tag in _SKIP:
                continue
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    walk(content, link, simple)
            elif child.tag in _OPEN:
                walk(child,
                     child if child.tag == W + "hyperlink" and link is None else link,
                     child if child.tag == W + "fldSimple" and simple is None else simple)

    walk(p, None, None)
    return found


def _text_of(run) -> str:
    out = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append(" ")
        elif tag == W + "br" and child.get(W + "type") in (None, "textWrapping"):
            out.append("\n")
        elif tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


# What an inline object is called in its key, by its graphic's kind (DrawingML `a:graphicData/@uri`).
_GRAPHICS = {"picture": "picture", "chart": "chart", "diagram": "diagram", "wordprocessingShape": "shape",
             "wordprocessingGroup": "shape", "wordprocessingCanvas": "shape"}


def _object(child) -> str | None:
    """What a run's child is when it is an object that sits in the line of text (a note reference, an
    inline picture or chart, an embedded object, a symbol): a word for its key; None for text and
    for what floats or stands apart (an anchored shape, a page break, a field character)."""
    tag = child.tag
    if tag in (W + "footnoteReference", W + "endnoteReference"):
        return "footnote" if tag == W + "footnoteReference" else "endnote"
    if tag == W + "sym":
        return "symbol"
    if tag in _EQUATIONS:
        return "equation"
    if tag == W + "object":
        return "object"
    if tag == W + "pict":  # VML: in line unless a shape is positioned on the page
        return None if "position:absolute" in " ".join(
            (e.get("style") or "").replace(" ", "") for e in child.iter() if isinstance(e.tag, str)) else "picture"
    if tag == W + "drawing":
        if child.find(_WP + "inline") is None:
            return None
        data = child.find(f"{_WP}inline/{_A}graphic/{_A}graphicData")
        uri = (data.get("uri") or "") if data is not None else ""
        return _GRAPHICS.get(uri.rstrip("/").rsplit("/", 1)[-1], "picture")
    if tag == _MC + "AlternateContent":  # Word's own choice is the first alternative
        first = next((c for c in child if c.tag in (_MC + "Choice", _MC + "Fallback")), None)
        return next((_object(c) for c in first if isinstance(c.tag, str)), None) if first is not None else None
    return None


def _run_parts(run) -> list:
    """A run's text and its objects in order: strings, and the object elements between them."""
    if run.tag in _EQUATIONS:  # an equation is an object of its own, never a run's text
        return [run]
    out: list = []
    for child in run:
        if _object(child):
            out.append(child)
            continue
        text = _text_of([child])
        if text and out and isinstance(out[-1], str):
            out[-1] += text
        elif text:
            out.append(text)
    return out


def _is_text_child(child) -> bool:
    return child.tag in _TEXT or (child.tag == W + "br" and child.get(W + "type") in (None, "textWrapping"))


def _hidden(run) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def _read_paragraph(place: _Place, styles: _Styles, tag: str, line: int, remarks: Mapping[str, str]) -> _Source:
    p = place.element
    items = _items(p)
    source = _Source(place, None)
    # Complex fields: `begin`, the code, `separate`, the result, `end`. One with a result is
    # replaced as a whole (`whole`); its result is text inside an `f` mark keyed to the field.
    whole: set[int] = set()
    result_of: dict[int, str] = {}  # item → key of the field whose result it is
    depth, start, separate, code = 0, -1, -1, []
    for index, (run, _, _) in enumerate(items):
        for child in run:
            if child.tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    if depth == 0:
                        start, separate, code = index, -1, []
                    depth += 1
                elif kind == "separate" and depth == 1:
                    separate = index
                elif kind == "end" and depth > 0:
                    depth -= 1
                    result = range(separate + 1, index)
                    if depth == 0 and separate >= 0 and "".join(_text_of(items[i][0]) for i in result).strip():
                        key, fixed = _field_key("".join(code))
                        last = index if fixed else separate + 1  # a fixed field keeps its own result
                        source.formats.setdefault(key, _Field(
                            [copy.deepcopy(items[i][0]) for i in range(start, last)], copy.deepcopy(run), fixed))
                        whole.update(range(start, index + 1))
                        result_of.update(dict.fromkeys(result, key))
            elif child.tag == W + "instrText" and depth == 1 and separate < 0:
                code.append(child.text or "")
    simple_keys: dict[int, str] = {}  # id of a w:fldSimple → its key, "" when it has no result
    shown: set[str] = set()  # fixed fields whose name is in the text already
    pieces: list[_Piece] = []
    for index, (run, link, simple) in enumerate(items):
        if simple is not None and id(simple) not in simple_keys:
            simple_keys[id(simple)] = ""
            if "".join(_text_of(r) for r, _, s in items if s is simple).strip():
                key, fixed = _field_key(simple.get(W + "instr") or "")
                simple_keys[id(simple)] = key
                kept = copy.deepcopy(simple)
                for child in list(kept) if not fixed else ():
                    if child.tag != W + "fldData":
                        kept.remove(child)
                source.formats.setdefault(key, _Field([kept], None, fixed))
                source.removed.append((simple, True))
        text = _text_of(run)
        key = result_of.get(index) or (simple_keys[id(simple)] if simple is not None else "")
        if index in whole:
            source.removed.append((run, True))
        elif text and not _hidden(run) and not (simple is not None and key):
            if not text.strip() and link is None and sum(p.obj is None for p in pieces) == source.kept_runs:
                source.kept_runs += 1  # white space before the words (a tab after a footnote's number) stays
                source.kept += len(text)
            else:
                source.removed.append((run, False))
        if _hidden(run) or (index in whole and index not in result_of):
            continue
        if (key or index in whole) and not text:
            continue
        if key and source.formats[key].fixed:  # the field's name stands for its result
            if key in shown:
                continue
            shown.add(key)
            text = key.split()[1].split("#")[0]
        rpr = run.find(W + "rPr")
        parts = [text] if key or index in whole else _run_parts(run)  # a field's result is text only
        for part in parts:
            if isinstance(part, str):
                pieces.append(_Piece(part, rpr, link, key, run))
            else:
                pieces.append(_Piece(inline.OBJECT, rpr, link, "", run, part))
        if link is not None and parts:
            source.links.setdefault(_address(link, place.part), (link, _link_style(link, styles)))
    pieces = _middle_objects(pieces, source)
    after: dict[int, int] = {}  # id of a run that gave a piece → where its text ends in the paragraph's
    written = 0
    for piece in pieces:
        written += len(piece.text)
        after[id(piece.run)] = written
    # Tracked deletions are English the author took out: a rewritten paragraph drops them (its own,
    # not those of a text box anchored in it).
    inline_parents = {p.tag, W + "sdtContent", *_OPEN}
    source.removed += [(deleted, True) for deleted in p.iter(*_SKIP)
                       if deleted.getparent().tag in inline_parents and _owner(deleted, W + "p") is p]
    text = "".join(piece.text for piece in pieces)
    if not text.replace(inline.OBJECT, "").strip():
        source.removed = []
        source.objects = {}
        return source
    marks = _marks(pieces, source, styles, place.part)
    source.para = Para(text, marks, tag, line, place.row, notes=_anchored(p, after, len(text), remarks))
    return source


def _middle_objects(pieces: list[_Piece], source: _Source) -> list[_Piece]:
    """The pieces without the objects before the first words and after the last, which stay where
    they are; each object between words gets its key (`picture 2`: its kind and its place among
    them), and its run is one the writer takes out, the object going where its code is."""
    worded = [n for n, piece in enumerate(pieces) if piece.obj is None and piece.text.strip()]
    if not worded:
        return [piece for piece in pieces if piece.obj is None]
    kept = []
    taken = {id(element) for element, _ in source.removed}
    for n, piece in enumerate(pieces):
        if piece.obj is not None:
            if not worded[0] < n < worded[-1]:
                continue
            piece.key = f"{_object(piece.obj)} {len(source.objects) + 1}"
            source.objects[piece.key] = (piece.run, piece.obj)
            if id(piece.run) not in taken:
                taken.add(id(piece.run))
                source.removed.append((piece.run, False))
        kept.append(piece)
    return kept


_ANCHORS = (W + "r", W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference")


def _anchored(p, after: Mapping[int, int], length: int, remarks: Mapping[str, str]) -> tuple[Note, ...]:
    """The comments anchored in paragraph `p` as notes over their stretch of its text: from their
    range's start to its end, or the whole paragraph where the range begins or ends in another
    paragraph, or the comment marks a point (a reference alone)."""
    at = 0
    begins: dict[str, int] = {}
    ends: dict[str, int] = {}
    for element in p.iter(*_ANCHORS):
        if _owner(element, W + "p") is not p:  # a text box's paragraph has its own
            continue
        if element.tag == W + "r":
            at = after.get(id(element), at)
            continue
        name = element.get(W + "id") or ""
        if element.tag == W + "commentRangeStart":
            begins.setdefault(name, at)
        elif element.tag == W + "commentRangeEnd":
            ends[name] = at
        else:
            begins.setdefault(name, 0)
    notes = []
    for name in dict.fromkeys([*begins, *ends]):
        if name not in remarks:
            continue
        start, end = (begins[name], ends[name]) if name in begins and name in ends else (0, length)
        if end <= start:
            start, end = 0, length
        notes.append(Note(start, end, remarks[name]))
    return tuple(notes)


def _field_key(instruction: str) -> tuple[str, bool]:
    """`field PAGE#1a2b3c`: the field's name, for the reviewer, and a hash of its whole code; and
    whether the field is one whose result Word computes (a page number, a date)."""
    instruction = " ".join(instruction.split())
    name = (instruction.split() or ["?"])[0].upper()
    return f"field {name}#{_digest(instruction)}", name in FIXED_FIELDS


def _address(link, part) -> str:
    rid, anchor = link.get(R_ID), link.get(W + "anchor")
    target = ""
    if rid and rid in part.rels:
        target = part.rels[rid].target_ref
    if anchor:
        return f"{target}#{anchor}"
    return target


def _link_style(link, styles: _Styles) -> str | None:
    for style in link.iter(W + "rStyle"):
        if style.get(W + "val") in styles.links:
            return style.get(W + "val")
    return None


def _state(rpr, tag: str) -> bool | None:
    """A toggle's state in run properties: True (on), False (off on purpose), None (not said)."""
    if rpr is None:
        return None
    if tag == "sup" or tag == "sub":
        align = rpr.find(W + "vertAlign")
        if align is None:
            return None
        value = align.get(W + "val")
        return True if value == ("superscript" if tag == "sup" else "subscript") else False if value == "baseline" else None
    name = {"b": "b", "i": "i", "u": "u", "s": "strike"}[tag]
    element = rpr.find(W + name)
    if element is None:
        return None
    value = element.get(W + "val")
    if tag == "u":
        return None if value not in _UNDERLINES else value != "none"
    return value not in ("0", "false", "off")


_TOGGLE_TAGS = ("b", "i", "u", "s", "sup", "sub")
# The names in a run's properties (`color(FF0000)`); from a name's first letter only, since searched
# from each letter of a long one it read the rest again.
_FORMAT_NAME = re.compile(r"(?<!\w)(\w++)\(")
_UNDERLINES = (None, "single", "none")  # what the `u` mark says; other underlines are formats


def _canonical(rpr, in_link: bool, styles: _Styles) -> str:
    """The run properties that are not marks of their own, as a comparable string."""
    if rpr is None:
        return ""
    parts = []
    for child in rpr:
        if not isinstance(child.tag, str) or child.tag in _IGNORED:
            continue
        if child.tag in _TOGGLES and not (child.tag == W + "u" and child.get(W + "val") not in _UNDERLINES):
            continue  # a double or dotted underline is a format of its own, not the `u` mark
        if child.tag == W + "rStyle" and in_link and child.get(W + "val") in styles.links:
            continue
        attrs = sorted((etree.QName(k).localname, v) for k, v in child.attrib.items()
                       if not (child.tag == W + "rFonts" and k in _EAST_ASIAN_FONT))
        if child.tag == W + "rFonts" and not attrs:
            continue
        parts.append(etree.QName(child).localname + "(" + ",".join(f"{k}={v}" for k, v in attrs) + ")")
    return " ".join(parts)


def _plain(rpr, in_link: bool, styles: _Styles, drop: Sequence[str] = ()):
    """A copy of run properties without the link's style and without the toggles in `drop`."""
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    for child in list(rpr):
        if child.tag == W + "rStyle" and in_link and child.get(W + "val") in styles.links:
            rpr.remove(child)
        elif child.tag == W + "vertAlign" and ({"sup", "sub"} & set(drop)):
            rpr.remove(child)
        elif child.tag in (W + "b", W + "bCs") and "b" in drop:
            rpr.remove(child)
        elif child.tag in (W + "i", W + "iCs") and "i" in drop:
            rpr.remove(child)
        elif (child.tag == W + "u" and "u" in drop) or (child.tag == W + "strike" and "s" in drop):
            rpr.remove(child)
    return rpr


def _marks(pieces: list[_Piece], source: _Source, styles: _Styles, part) -> tuple[Mark, ...]:
    formats = [(_canonical(p.rpr, p.link is not None, styles),
                tuple(_state(p.rpr, t) for t in _TOGGLE_TAGS)) for p in pieces]
    weight: dict[tuple, int] = {}
    for piece, fmt in zip(pieces, formats):
        if piece.obj is None:
            weight[fmt] = weight.get(fmt, 0) + sum(not c.isspace() for c in piece.text)
    base = max(weight, key=lambda f: weight[f])  # the first of the heaviest: dicts keep insertion order
    first = next(p for p, fmt in zip(pieces, formats) if fmt == base and p.obj is None)
    source.base = _plain(first.rpr, first.link is not None, styles)
    own: list[set[tuple[str, str]]] = []
    for piece, (rest, toggles) in zip(pieces, formats):
        marks: set[tuple[str, str]] = set()
        if piece.obj is not None:  # its own run's format goes with it (a note reference's superscript)
            address = _address(piece.link, part) if piece.link is not None else ""
            own.append({("x", piece.key)} | ({("a", address)} if address else set()))
            continue
        extra = [t for t, state, was in zip(_TOGGLE_TAGS, toggles, base[1]) if state is True and was is not True]
        others = [t for t, state, was in zip(_TOGGLE_TAGS, toggles, base[1]) if t not in extra and state != was]
        marks.update((t, "") for t in extra)
        if rest != base[0] or others:
            rpr = _plain(piece.rpr, piece.link is not None, styles, extra)
            key_text = _canonical(rpr, False, styles) + "|" + " ".join(
                f"{t}={_state(rpr, t)}" for t in _TOGGLE_TAGS)
            names = ",".join(dict.fromkeys(_FORMAT_NAME.findall(rest))) or "format"
            key = f"{names}#{_digest(key_text)}"
            source.formats.setdefault(key, rpr if rpr is not None else etree.Element(W + "rPr"))
            marks.add(("f", key))
        if piece.link is not None:
            address = _address(piece.link, part)
            if address:
                marks.add(("a", address))
        if piece.field:
            marks.add(("f", piece.field))
        own.append(marks)
    # A run of spaces takes the formats its neighbours share; links and fields stay its own. So
    # does an object, inside the bold or the link around it.
    shaped = []
    for n, (piece, marks) in enumerate(zip(pieces, own)):
        if piece.obj is None and (piece.text.strip() or piece.link is not None or piece.field):
            shaped.append(marks)
            continue
        before = own[n - 1] if n else set()
        after = own[n + 1] if n + 1 < len(own) else set()
        shaped.append((before & after) | marks if piece.obj is not None else before & after)
    found: list[Mark] = []
    opened: dict[tuple[str, str], int] = {}
    at = 0
    for piece, marks in zip(pieces, shaped):
        for mark in [m for m in opened if m not in marks]:
            found.append(Mark(opened.pop(mark), at, *mark))
        for mark in sorted(marks - opened.keys()):
            opened[mark] = at
        at += len(piece.text)
    found += [Mark(start, at, *mark) for mark, start in opened.items()]
    return tuple(sorted(found, key=lambda m: (m.start, -m.end, m.tag, m.value)))


@dataclass(frozen=True)
class _Read:
    opened: _Opened
    styles: _Styles
    sources: list[_Source]

    @property
    def doc(self):
        return self.opened.doc

    @property
    def paras(self) -> list[Para]:
        return [s.para for s in self.sources if s.para is not None]

    @property
    def with_text(self) -> list[_Source]:
        return [s for s in self.sources if s.para is not None]


def _read(data: bytes, path: Path) -> _Read:
    """The one walk both directions share: every paragraph in reading order, read."""
    opened = _open(data, path)
    styles = _styles(opened.doc)
    places = _places(opened.doc, opened.notes, opened.graphics)
    has_title = any(_is_title(place.element, styles) for place in places if place.kind == "w")
    sources = [_read_source(place, styles, _tag(place.element, place, styles, has_title) if place.kind == "w" else "label",
                            line, opened.comments) for line, place in enumerate(places, start=1)]
    return _Read(opened, styles, sources)


def _read_source(place: _Place, styles: _Styles, tag: str, line: int, remarks: Mapping[str, str]) -> _Source:
    """A place read: a Word paragraph with its formats, or a drawn text (a chart's, a diagram's, a WordArt's)
    as its words, in the format of its first run."""
    if place.kind == "w":
        return _read_paragraph(place, styles, tag, line, remarks)
    source = _Source(place, None)
    element = place.element
    if place.kind == "v":
        text = element.text or ""
    elif place.kind == "t":
        text = element.get("string") or ""
    else:
        held = [child for child in element if child.tag in _DRAWN]
        text = _drawn_text(element)
        worded = next((child for child in held if child.tag != _A + "br" and (child.findtext(_A + "t") or "").strip()),
                      None)
        rpr = worded.find(_A + "rPr") if worded is not None else None
        source.base = copy.deepcopy(rpr) if rpr is not None else None
        source.removed = [(child, True) for child in held]
    if text.strip():
        source.para = Para(text, (), tag, line, -1)
    return source


def read(data: bytes, path: Path, lang: str = "en", encoding: str | None = None) -> Document:
    """The release in a .docx file's bytes; `encoding` is not used (a .docx is XML in UTF-8)."""
    from l10n.document import nothing_left, structured

    walked = _read(data, path)
    paras = walked.paras
    if not paras:
        raise L10nError("holds no text to localize (no paragraph with words in its body, tables, text boxes, "
                        "footnotes, endnotes, headers or footers); check that this is the press release", path)
    blocks, dropped = structured(paras, lang, noise=False)  # a Word document is the release: no page around it
    if not blocks:
        raise L10nError(nothing_left(dropped, "paragraph"), path)
    comments = len(walked.opened.comments)
    notes = (f"{counted(comments, 'Word comment')} for the reviewer: not translated, shown beside their sentences in "
             "the catalogs (`#. comment`) and kept in the localized file as written",) if comments else ()
    return Document(path, "utf-8", False, tuple(blocks), tuple(dropped), format="docx", notes=notes)


# --- writing ---------------------------------------------------------------------------------


Tags = tuple[tuple[str, str], ...]  # (kind, value) outermost first: ("b", ""), ("a", "https://..."), ("f", key)


def _resolved(unit: Unit, text: str) -> list[tuple[str, Tags]]:
    """A unit's (translated) text as (words, what its tags stand for); a text whose tags do not
    nest or name a code the unit does not have is written without formatting."""
    codes = dict(unit.codes)
    split = inline.pieces(text)
    if split is None or any(tag not in codes for _, tags in split for tag in tags):
        return [(inline.strip(text), ())]
    return [(words, tuple((tag.rstrip("0123456789"), codes[tag]) for tag in tags)) for words, tags in split]


def _is_object(tags: Tags) -> bool:
    """Whether a piece of a translation is an object's empty code (its last tag, with no words)."""
    return bool(tags) and tags[-1][0] == "x"


def _shared(left: Tags, right: Tags) -> Tags:
    return tuple(t for t in left if t in right)


def _joined(parts: list[list[tuple[str, Tags]]], locale: str) -> list[tuple[str, Tags]]:
    """Sentences of a block: a space between them (none between Chinese ones), taking the tags
    both sides share, so a link over two sentences stays one link."""
    out: list[tuple[str, Tags]] = []
    for part in parts:
        part = [p for p in part if p[0] or _is_object(p[1])]
        if not part:
            continue
        if out:
            before = next((words for words, _ in reversed(out) if words), " ")
            after = next((words for words, _ in part if words), " ")
            unspaced = locale.split("_")[0] in UNSPACED and is_wide(before[-1]) and is_wide(after[0])
            if not unspaced:
                out.append((" ", _shared(out[-1][1], part[0][1])))
        out += part
    return out


def _placed(text: str, blocks: list[Block]) -> list[tuple[int, int] | None]:
    """Where each block's text lies in the paragraph's text, comparing letters only (the layout
    rules normalize spaces); None for a block not found."""
    text = unicodedata.normalize("NFC", text)
    kept = [(i, c) for i, c in enumerate(text) if not c.isspace() and c not in "\u200b\u2060\ufeff"]
    flat = "".join(c for _, c in kept)
    found, at = [], 0
    for block in blocks:
        key = "".join(c for c in unicodedata.normalize("NFC", block.text) if not c.isspace())
        where = flat.find(key, at) if key else -1
        if where < 0:
            found.append(None)
            continue
        found.append((kept[where][0], kept[where + len(key) - 1][0] + 1))
        at = where + len(key)
    return found


def _paragraph_text(source: _Source, blocks: list[tuple[int, Block]], by_block: dict[int, list[Unit]],
                    translations: Mapping[str, str], locale: str) -> list[tuple[str, Tags]]:
    """The paragraph's new text as (words, tags): its blocks in the locale, with the source's line
    breaks between them, or the space between a dateline and the body it opens."""
    text = unicodedata.normalize("NFC", source.para.text)
    out: list[tuple[str, Tags]] = []
    end = 0
    for n, ((index, block), where) in enumerate(zip(blocks, _placed(source.para.text, [b for _, b in blocks]))):
        gap = text[end:where[0]] if where else ("" if n == 0 else " ")
        marker = block.prefix.strip()
        lead = gap[gap.rindex(marker):].lstrip() if marker and marker in gap else ""  # a bullet typed as text
        if n == 0:  # what opens the paragraph: a bullet typed as text, or white space the kept runs do not hold
            between = lead or (gap[source.kept:] if not gap.strip() else "")
        elif "\n" in gap:
            between = "\n" + lead
        else:
            between = lead or (block.prefix if block.prefix.isspace() or not block.prefix else " ")
        parts = [_resolved(unit, translations.get(unit.text) or unit.text) for unit in by_block.get(index, [])]
        body = _joined(parts, locale)
        if between and out and body:
            out.append((between, _shared(out[-1][1], body[0][1]) if between.strip(" ") == "" else ()))
        elif between and body:
            out.append((between, ()))
        out += body
        if where:
            end = where[1]
    return out


def _put(rpr, name: str, **attrs: str | None):
    """The child `w:name` of run properties, added in schema order when missing, its attributes set."""
    tag = W + name
    child = rpr.find(tag)
    if child is None:
        child = etree.SubElement(rpr, tag)
        rank = _RPR_ORDER.index(tag)
        for sibling in rpr:  # before the first that comes later, or the extensions (w14:...) at the end
            if sibling is not child and (_RPR_ORDER.index(sibling.tag) > rank if sibling.tag in _RPR_ORDER
                                         else not str(sibling.tag).startswith(W)):
                sibling.addprevious(child)
                break
    for key, value in attrs.items():
        if value is None:
            child.attrib.pop(W + key, None)
        else:
            child.set(W + key, value)
    return child


def _east_asian(rpr, font: str | None, lang: str | None) -> None:
    if font:
        fonts = _put(rpr, "rFonts", eastAsia=font)
        fonts.attrib.pop(W + "eastAsiaTheme", None)  # a theme font would win over the named one
    if lang:
        _put(rpr, "lang", eastAsia=lang)


def _run(words: str, tags: Tags, source: _Source, link_style: str | None, font: str | None, lang: str | None):
    formats = [source.formats[v] for k, v in tags if k == "f" and isinstance(source.formats.get(v), etree._Element)]
    rpr = copy.deepcopy(formats[-1] if formats else source.base)
    if rpr is None:
        rpr = etree.Element(W + "rPr")
    for kind, _ in tags:
        if kind in ("b", "i"):
            _put(rpr, kind, val=None)
        elif kind == "u":
            _put(rpr, "u", val="single")
        elif kind == "s":
            _put(rpr, "strike", val=None)
        elif kind in ("sup", "sub"):
            _put(rpr, "vertAlign", val="superscript" if kind == "sup" else "subscript")
    if link_style:
        _put(rpr, "rStyle", val=link_style)
    _east_asian(rpr, font, lang)
    run = etree.Element(W + "r")
    run.append(rpr)
    for n, line in enumerate(words.split("\n")):
        if n:
            etree.SubElement(run, W + "br")
        if line:
            t = etree.SubElement(run, W + "t")
            t.text = line
            if line != line.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _container(tags: Tags, source: _Source) -> tuple[str, str] | None:
    """The link or field a piece goes into: the outermost of its tags that is one."""
    for kind, value in tags:
        if kind == "a" and value in source.links:
            return kind, value
        if kind == "f" and isinstance(source.formats.get(value), _Field):
            return kind, value
    return None


def _object_run(source: _Source, key: str):
    """A run of the object's own format holding the object itself, moved from where it stood."""
    run, element = source.objects[key]
    if element is run:  # an equation, which stands beside runs, not in one
        return element
    made = etree.Element(W + "r")
    if run.find(W + "rPr") is not None:
        made.append(copy.deepcopy(run.find(W + "rPr")))
    made.append(element)
    return made


def _elements(pieces: list[tuple[str, Tags]], source: _Source, font: str | None, lang: str | None) -> list:
    """The runs (in their links and fields) of a paragraph's new text. Each object goes where its
    code is, once; one whose code the translation lost goes after the text rather than nowhere."""
    out: list = []
    group: tuple[str, str] | None = None
    holder = None
    placed: set[str] = set()
    for words, tags in pieces:
        if _is_object(tags) and (tags[-1][1] in placed or tags[-1][1] not in source.objects):
            continue
        where = _container(tags, source)
        if where != group or where is None:
            group, holder = where, None
            if where and where[0] == "a":
                link = source.links[where[1]][0]
                holder = etree.Element(link.tag, dict(link.attrib))
                out.append(holder)
            elif where:
                fld = source.formats[where[1]]
                code = [copy.deepcopy(e) for e in fld.code]
                if fld.fixed:  # the field as it was; the words of the translation inside its tag are its name
                    out += code + ([copy.deepcopy(fld.end)] if fld.end is not None else [])
                    holder = []
                elif fld.end is None:  # a fldSimple: its result runs go inside it
                    holder = code[0]
                    out.append(holder)
                else:
                    out += code
                    holder = []
                    out.append(holder)
                    out.append(copy.deepcopy(fld.end))
        link_style = source.links[group[1]][1] if group and group[0] == "a" else None
        if _is_object(tags):
            placed.add(tags[-1][1])
            run = _object_run(source, tags[-1][1])
        else:
            run = _run(words, tags, source, link_style, font, lang)
        if holder is None:
            out.append(run)
        else:
            holder.append(run)
    out += [_object_run(source, key) for key in source.objects if key not in placed]
    flat = []
    for item in out:
        flat += item if isinstance(item, list) else [item]
    return flat


def _replace(source: _Source, pieces: list[tuple[str, Tags]], font: str | None, lang: str | None) -> None:
    p = source.place.element
    if not source.removed:
        return
    first = source.removed[0][0]
    while first.getparent() is not p:
        first = first.getparent()
    anchor = etree.Element(W + "anchor-of-l10n")
    first.addprevious(anchor)
    elements = _elements(pieces, source, font, lang)  # takes the objects out of their runs, emptied below
    containers = set()
    for element, whole in source.removed:
        parent = element.getparent()
        if parent is None:
            continue
        if whole:
            parent.remove(element)
        else:
            for child in list(element):
                if _is_text_child(child) or child.tag == W + "lastRenderedPageBreak":
                    element.remove(child)
            if all(child.tag == W + "rPr" for child in element):
                parent.remove(element)
        while parent is not None and parent is not p:
            containers.add(parent)
            parent = parent.getparent()
    for container in sorted(containers, key=lambda e: -len(list(e.iterancestors()))):  # innermost first
        parent = container.getparent()
        if parent is not None and all(etree.QName(child).localname.endswith("Pr") for child in container):
            parent.remove(container)
    for element in elements:
        anchor.addprevious(element)
    p.remove(anchor)


def _rewrite(source: _Source, pieces: list[tuple[str, Tags]], font: str | None, lang: str | None) -> None:
    """Put a place's new text in: a Word paragraph's runs, or a drawn text's words (a chart's string,
    a WordArt's, a DrawingML paragraph's runs in the format of its first)."""
    words = "".join(w for w, _ in pieces)
    if source.place.kind == "w":
        _replace(source, pieces, font, lang)
    elif source.place.kind == "v":
        source.place.element.text = words
    elif source.place.kind == "t":
        source.place.element.set("string", words)
    elif source.removed:
        paragraph = source.place.element
        at = paragraph.index(source.removed[0][0])
        for element, _ in source.removed:
            paragraph.remove(element)
        for n, line in enumerate(words.split("\n")):
            if n:
                paragraph.insert(at, etree.Element(_A + "br"))
                at += 1
            if line:
                paragraph.insert(at, _drawn_run(line, source.base, font, lang))
                at += 1


# Schema order of a DrawingML run's properties (CT_TextCharacterProperties) after the East Asian font.
_AFTER_EA = frozenset(_A + n for n in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst"))


def _drawn_run(words: str, base, font: str | None, lang: str | None):
    """A DrawingML run of `words` in the format `base` (an `a:rPr`, or None), with the locale's
    language and East Asian font."""
    run = etree.Element(_A + "r")
    rpr = copy.deepcopy(base) if base is not None else etree.Element(_A + "rPr")
    if lang:
        rpr.set("lang", lang)
    if font:
        ea = rpr.find(_A + "ea")
        if ea is None:
            ea = etree.Element(_A + "ea")
            later = next((child for child in rpr if child.tag in _AFTER_EA), None)
            if later is not None:
                later.addprevious(ea)
            else:
                rpr.append(ea)
        ea.set("typeface", font)
    run.append(rpr)
    etree.SubElement(run, _A + "t").text = words
    return run


def _defaults(doc, font: str | None, lang: str | None):
    """Set the East Asian font and language of the document's defaults; the styles part, or None."""
    try:
        part = doc.part.part_related_by(_RT_STYLES)
    except (KeyError, ValueError):
        return None
    root = part.element
    defaults = root.find(W + "docDefaults")
    if defaults is None:
        defaults = etree.Element(W + "docDefaults")
        root.insert(0, defaults)
    holder = defaults.find(W + "rPrDefault")
    if holder is None:
        holder = etree.Element(W + "rPrDefault")
        defaults.insert(0, holder)
    rpr = holder.find(W + "rPr")
    if rpr is None:
        rpr = etree.SubElement(holder, W + "rPr")
    _east_asian(rpr, font, lang)
    return part


def _page_headers(doc) -> list:
    """The header parts the pages show, each once: every section's default header, its first-page
    header where it sets `titlePg`, its even-page one where the document sets `evenAndOddHeaders`.
    A header linked to the previous section's is that section's part; the first section's
    missing header is created."""
    try:  # not `doc.settings`, which adds a settings part to a package without one
        flag = doc.part.part_related_by(_RT_SETTINGS).element.find(W + "evenAndOddHeaders")
    except (KeyError, ValueError):
        flag = None
    even = flag is not None and flag.get(W + "val") not in ("0", "false", "off")
    parts = {}
    for section in doc.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if even:
            headers.append(section.even_page_header)
        for header in headers:
            part = header.part  # python-docx follows the links back, and creates the first section's
            parts.setdefault(str(part.partname), part)
    return list(parts.values())


def _notice(text: str, font: str | None, lang: str | None):
    """A draft's notice as a paragraph: bold, dark red, in the locale's East Asian font."""
    rpr = etree.Element(W + "rPr")
    _put(rpr, "b")
    _put(rpr, "bCs")
    _put(rpr, "color", val=DRAFT_COLOR)
    _east_asian(rpr, font, lang)
    p = etree.Element(W + "p")
    run = etree.SubElement(p, W + "r")
    run.append(rpr)
    etree.SubElement(run, W + "t").text = text
    return p


def _mark_draft(doc, names: set[str], text: str, font: str | None, lang: str | None) -> dict:
    """Put the notice at the top of every page header, or of the body in a document without
    sections (no `w:sectPr`, so no header); the parts changed, by name. A header new to the
    package (`names`: the source's members) holds the notice alone."""
    parts = {}
    for part in _page_headers(doc):
        if str(part.partname).lstrip("/").lower() not in names:
            for child in list(part.element):  # python-docx's empty paragraph
                part.element.remove(child)
        part.element.insert(0, _notice(text, font, lang))
        parts[str(part.partname)] = part
    if not parts:
        doc.element.body.insert(0, _notice(text, font, lang))
        parts[str(doc.part.partname)] = doc.part
    return parts


def _content_types(data: bytes, new: Sequence) -> bytes:
    """The source's [Content_Types].xml with an override for each part in `new`."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("[Content_Types].xml"))
    for part in new:
        etree.SubElement(root, "{%s}Override" % _CT_NS, PartName=str(part.partname), ContentType=part.content_type)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write(document: Document, units: Sequence[Unit], translations: Mapping[str, str], locale: str,
          settings: Mapping[str, str | None] | None = None, draft: bool = False) -> bytes:
    """The localized .docx: the source file with each paragraph's text replaced by its translation.

    `settings` maps a locale to its East Asian font (l10n.toml's [fonts]); a locale it does not
    name, or names as None, gets `DEFAULT_FONTS`. Only zh, ja and ko locales get a font and an
    East Asian language; a unit without a translation stays English. A `draft` says so in its
    page headers.
    """
    data = read_bytes(document.source)
    walked = _read(data, document.source)
    language = locale.split("_")[0]
    font = ((settings or {}).get(locale) or DEFAULT_FONTS.get(locale)) if language in EAST_ASIAN else None
    lang = locale.replace("_", "-") if language in EAST_ASIAN else None
    by_block: dict[int, list[Unit]] = {}
    for unit in units:
        by_block.setdefault(unit.block, []).append(unit)
    by_node: dict[int, list[tuple[int, Block]]] = {}
    for index, block in enumerate(document.blocks):
        by_node.setdefault(block.node, []).append((index, block))
    sources = walked.with_text
    changed = {}
    charted: dict[str, dict[str, str]] = {}  # a chart's part name → its strings' English → translation
    for node, blocks in by_node.items():
        if not 0 <= node < len(sources):
            raise L10nError("has changed since it was read (its paragraphs no longer match); run l10n again",
                            document.source)
        source = sources[node]
        pieces = _paragraph_text(source, blocks, by_block, translations, locale)
        english = source.place.element.text if source.place.kind == "v" else None
        _rewrite(source, pieces, font, lang)
        if english and source.place.element.text != english:
            charted.setdefault(str(source.place.part.partname), {})[english] = source.place.element.text
        for twin in source.place.twins:  # the text box's VML copy, the diagram's drawing, say the same
            _rewrite(_read_source(twin, walked.styles, source.para.tag, source.para.line, {}), pieces, font, lang)
            changed[str(twin.part.partname)] = twin.part
        changed[str(source.place.part.partname)] = source.place.part
    styles = _defaults(walked.doc, font, lang) if (font or lang) else None
    if styles is not None:
        changed[str(styles.partname)] = styles
    blobs = {}
    if draft:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = {name.lower() for name in package.namelist()}
        headers = _mark_draft(walked.doc, names, draft_notice(locale)[1], font, lang)
        changed.update(headers)
        new = [part for name, part in headers.items() if name.lstrip("/").lower() not in names]
        if new:
            blobs["[content_types].xml"] = _content_types(data, new)
            blobs[str(walked.doc.part.partname.rels_uri).lstrip("/").lower()] = walked.doc.part.rels.xml
    blobs.update({name.lstrip("/").lower(): part.blob for name, part in changed.items()})
    for name, words in charted.items():
        blobs.update(_chart_workbook(changed[name], words))
    if walked.opened.strict:  # written back in the names it came in
        blobs = {name: _to_strict(blob) for name, blob in blobs.items()}
    return _package(data, blobs)


def _chart_workbook(chart: _XmlPart, words: Mapping[str, str]) -> dict[str, bytes]:
    """The chart's embedded workbook (member name → bytes) with the chart's translated strings
    translated in it too, so that Word's *Edit Data* does not bring the English back: each text
    cell that says one of `words` (shared or inline) and each table column named after it (Excel
    wants a table's column names to be its header cells). Nothing where the chart links no embedded
    workbook, where the workbook is not one l10n can read, or where two columns of a table would
    get one name: it stays English, as Word would still open it."""
    from docx.oxml.parser import parse_xml  # resolves no entities

    holder = next(chart.element.iter(_C + "externalData", _CX + "externalData"), None)
    rel = chart.rels.get(holder.get(R_ID) or "") if holder is not None else None
    if rel is None or rel.is_external:
        return {}
    part = rel.target_part
    parts = {}
    try:
        with zipfile.ZipFile(io.BytesIO(part.blob)) as book:
            members = [info for info in book.infolist() if info.filename.lower().startswith(
                ("xl/sharedstrings.xml", "xl/worksheets/sheet", "xl/tables/table")) and info.filename.endswith(".xml")]
            if sum(info.file_size for info in members) > MAX_XML_BYTES:
                return {}
            for info in members:
                root = parse_xml(book.read(info))
                touched = False
                for item in root.iter(_S + "si", _S + "is"):
                    text = "".join(t.text or "" for t in item.iter(_S + "t"))
                    if text in words:
                        for child in list(item):
                            item.remove(child)
                        new = etree.SubElement(item, _S + "t")
                        new.text = words[text]
                        if new.text != new.text.strip():
                            new.set(_XML_SPACE, "preserve")
                        touched = True
                for table in root.iter(_S + "tableColumns"):
                    names = [words.get(column.get("name") or "", column.get("name")) for column in table]
                    if len(set(names)) < len(names):
                        return {}
                    if names != [column.get("name") for column in table]:
                        for column, name in zip(table, names):
                            column.set("name", name)
                        touched = True
                if touched:
                    parts[info.filename.lower()] = etree.tostring(root, encoding="UTF-8", standalone=True)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError, EOFError):
        return {}
    return {str(part.partname).lstrip("/").lower(): _package(part.blob, parts)} if parts else {}


def _package(data: bytes, parts: Mapping[str, bytes]) -> bytes:
    """The source package with `parts` (member name in lower case → bytes) replaced: entries in
    the source's order, then the parts new to it in name order, each with a fixed time stamp,
    so the same input gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:

        def put(name: str, blob: bytes) -> None:
            entry = zipfile.ZipInfo(name, date_time=_STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, blob)

        for info in source.infolist():
            blob = parts.get(info.filename.lower())
            put(info.filename, source.read(info) if blob is None else blob)
        for name in sorted(set(parts) - {info.filename.lower() for info in source.infolist()}):
            put(name, parts[name])
    return out.getvalue()
