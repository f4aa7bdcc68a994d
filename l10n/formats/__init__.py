"""Release formats: one reader per kind of file, behind one small interface.

A reader turns a file's bytes into a `Document` (blocks with their inline marks); most
readers only cut the file into `Para`s and let `document.structured` apply the common layout
rules. Writers build the localized release from the document and the translations: plain
text, Markdown and HTML from the blocks (`assemble`), Word from the source file itself, so
every style and run format survives. A release is written back in its own format (a PDF as
text) unless `--format` asks for others. Adding a format is one module here and one line in `READERS`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path

from l10n.errors import L10nError
from l10n.files import MAX_BYTES, read_bytes
from l10n.model import Document

# suffix → (format name, module under l10n.formats, or None for the plain-text reader)
READERS: dict[str, tuple[str, str | None]] = {
    ".txt": ("txt", None),
    ".md": ("md", "markdown"),
    ".markdown": ("md", "markdown"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
    ".docx": ("docx", "docx"),
    ".pdf": ("pdf", "pdf"),
}
# A release is written back in its own format, except where l10n cannot write that format.
SAME = {"pdf": "txt"}
# Files that look like releases but cannot be read as one, and what to do instead.
REFUSED = {
    ".doc": "is an old binary Word document; open it in Word or LibreOffice and save it as .docx",
    ".docm": "is a macro-enabled Word document; l10n opens no file with macros: save it as .docx (Word Document)",
    ".dotx": "is a Word template; save the release itself as .docx",
    ".rtf": "is an RTF file; open it in Word or LibreOffice and save it as .docx",
    ".odt": "is an OpenDocument text; save it as .docx from LibreOffice (File > Save As > Word)",
}
# Other tools' files, never read as a release: what each is and what to do with it instead.
_RELEASE = "give the press release itself (.txt, .md, .html, .docx or .pdf)"
_CATALOG = "give the release it was made from; catalogs are checked with `l10n check` and merged with `l10n merge`"
NOT_RELEASES = {
    ".po": ("a gettext catalog", _CATALOG),
    ".pot": ("a gettext template", _CATALOG),
    ".mo": ("a compiled gettext catalog", "give the release it was made from"),
    ".gmo": ("a compiled gettext catalog", "give the release it was made from"),
    ".xliff": ("an XLIFF file", "bring a CAT tool's work back with `l10n xliff import`"),
    ".xlf": ("an XLIFF file", "bring a CAT tool's work back with `l10n xliff import`"),
    ".sdlxliff": ("an XLIFF file", "export it as XLIFF 1.2 and bring it back with `l10n xliff import`"),
    ".tmx": ("a translation memory (TMX)", "add it to the project's memory with `l10n tm import`"),
    ".tbx": ("a termbase (TBX)", "name it in l10n.toml's glossary list"),
    ".csv": ("a table (CSV)", "name a glossary in l10n.toml's glossary list; " + _RELEASE),
    ".tsv": ("a table (TSV)", _RELEASE),
    ".json": ("JSON data", _RELEASE),
    ".toml": ("a settings file", "l10n reads l10n.toml by itself; " + _RELEASE),
    ".yaml": ("a settings file (YAML)", _RELEASE),
    ".yml": ("a settings file (YAML)", _RELEASE),
    ".xml": ("XML data", _RELEASE),
}
# Content that gives another tool's file away whatever its name: leading bytes (with the suffix
# such a file should have, where l10n reads it under that suffix), then text shapes.
_MAGIC = (
    (b"\xde\x12\x04\x95", "a compiled gettext catalog", None), (b"\x95\x04\x12\xde", "a compiled gettext catalog", None),
    (b"%PDF-", "a PDF document", ".pdf"), (b"PK\x03\x04", "a zip archive (a Word file?)", ".docx"),
    (b"\xd0\xcf\x11\xe0", "an old binary Office document", ".doc"), (b"\x89PNG", "a PNG image", None),
    (b"GIF8", "a GIF image", None), (b"\xff\xd8\xff", "a JPEG image", None), (b"\x7fELF", "a program", None),
    (b"\x1f\x8b", "a gzip archive", None), (b"SQLite format 3\x00", "an SQLite database", None),
    (b"7z\xbc\xaf", "a 7-Zip archive", None),
)
_PO = re.compile(rb'^msgid\s+"', re.M), re.compile(rb'^msgstr(?:\[\d+\])?\s+"', re.M)
_XML_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<(?:\w+:)?(\w+)", re.S)
_XML_ROOTS = {b"xliff": ".xliff", b"tmx": ".tmx", b"martif": ".tbx", b"tbx": ".tbx"}
_JSON = re.compile(rb'^\s*(?:\{\s*["}]|\[\s*(?:[\[{"\]]|true\b|false\b|null\b))')
# How much of a file the content checks look at: enough for a header, never a whole archive.
SNIFF_BYTES = 8192


def not_a_release(path: Path, head: bytes) -> tuple[str, str] | None:
    """(what it is, what to do instead) when the file at `path`, whose first bytes are `head`, is
    another tool's file and no release; None when it may be one.

    By suffix first (a catalog, a memory, a settings file), then by content: a compiled catalog,
    a PDF or a Word file under another name, an image or archive, a PO, XLIFF, TMX, TBX or JSON
    text saved as `.txt`.
    """
    suffix = path.suffix.lower()
    if suffix in NOT_RELEASES:
        return NOT_RELEASES[suffix]
    if suffix in (".docx", ".pdf", ".html", ".htm"):  # their readers know their own content
        return None
    head = head.removeprefix(b"\xef\xbb\xbf")
    for magic, what, own in _MAGIC:
        if head.startswith(magic):
            return what, f"give it the {own} extension" if own else _RELEASE
    root = _XML_ROOT.match(head)
    shape = (".po" if _PO[0].search(head) and _PO[1].search(head) else
             _XML_ROOTS.get(root[1].lower()) if root else ".json" if _JSON.match(head) else None)
    return NOT_RELEASES[shape] if shape else None


def refuse_data(path: Path, head: bytes) -> None:
    """Raise L10nError when the file at `path` is another tool's file (see `not_a_release`)."""
    found = not_a_release(path, head)
    if found:
        raise L10nError(f"is {found[0]}, not a release; {found[1]}", path)


# What a release can be written as; docx only from a Word release, whose file is the template.
OUTPUTS = ("txt", "md", "html", "docx")


def format_of(path: Path) -> str:
    """The format a release file is read as, from its suffix; an unknown suffix is read as text."""
    return READERS.get(path.suffix.lower(), ("txt", None))[0]


def same(path: Path) -> str:
    """The format `--format same` writes the release at `path` in: its own, or text for a PDF."""
    return SAME.get(format_of(path), format_of(path))


def read(path: Path, lang: str = "en", encoding: str | None = None, limit: int = MAX_BYTES) -> Document:
    """The release at `path`, read by the reader its suffix names; every problem a user can cause raises L10nError."""
    if path.suffix.lower() in REFUSED:
        raise L10nError(REFUSED[path.suffix.lower()], path)
    try:  # the name goes into catalogs (`#:`, X-L10n-Release), which are UTF-8 text
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise L10nError("has a name that is not valid UTF-8 (saved by another system?); rename it", path) from None
    if path.is_dir():
        raise L10nError("is a folder; give a release file (.txt, .md, .html, .docx or .pdf)", path)
    refuse_data(path, b"")  # by its name, before a byte is read
    data = read_bytes(path, limit)
    refuse_data(path, data[:SNIFF_BYTES])
    module = READERS.get(path.suffix.lower(), ("txt", None))[1]
    if module is None:
        from l10n.document import from_bytes

        return from_bytes(data, path, lang, encoding)
    reader: Callable[..., Document] = importlib.import_module(f"l10n.formats.{module}").read
    return reader(data, path, lang, encoding)


def evidence(path: Path) -> dict[str, str]:
    """Rule name → what it takes for noise, for the lines dropped from the release at `path`: the
    common page-noise rules, and those of its format's reader (a module's `REASONS`)."""
    from l10n.noise import EVIDENCE

    module = READERS.get(path.suffix.lower(), ("txt", None))[1]
    own = getattr(importlib.import_module(f"l10n.formats.{module}"), "REASONS", {}) if module else {}
    return {**EVIDENCE, **own}


def write(fmt: str, document: Document, units, translations, locale: str, settings=None, draft: bool = False) -> bytes:
    """The localized release in format `fmt`, as the bytes of the file; a `draft` says it is one at its top."""
    if fmt == "docx":
        if document.format != "docx":
            raise L10nError(f"cannot be written as .docx: Word output keeps the styles of a Word release, and this "
                            f"is a {document.format} file; use --format txt, md or html", document.source)
        from l10n.formats import docx

        return docx.write(document, units, translations, locale, settings, draft)
    from l10n import assemble

    return assemble.RENDERERS[fmt](document, units, translations, locale, draft).encode("utf-8")
