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
    module = READERS.get(path.suffix.lower(), ("txt", None))[1]
    if module is None:
        from l10n.document import read as read_text

        return read_text(path, lang, encoding, limit)
    if path.is_dir():
        raise L10nError("is a folder; give a release file (.txt, .md, .html, .docx or .pdf)", path)
    reader: Callable[..., Document] = importlib.import_module(f"l10n.formats.{module}").read
    return reader(read_bytes(path, limit), path, lang, encoding)


def write(fmt: str, document: Document, units, translations, locale: str, settings=None) -> bytes:
    """The localized release in format `fmt`, as the bytes of the file."""
    if fmt == "docx":
        if document.format != "docx":
            raise L10nError(f"cannot be written as .docx: Word output keeps the styles of a Word release, and this "
                            f"is a {document.format} file; use --format txt, md or html", document.source)
        from l10n.formats import docx

        return docx.write(document, units, translations, locale, settings)
    from l10n import assemble

    return assemble.RENDERERS[fmt](document, units, translations, locale).encode("utf-8")
