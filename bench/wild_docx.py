"""Word files nobody here wrote: how many of their text blocks reach the catalog, against python-docx.

The reference is read without l10n: python-docx's paragraphs of the body and of its tables
(nested ones too), the paragraphs of every header and footer part, and the paragraphs of the
footnotes and endnotes (not the separators) and of the text boxes (of a drawing's
`mc:AlternateContent`, the `mc:Choice` when it holds a text box, else the `mc:Fallback`); the texts
of every chart part (its rich-text paragraphs: titles, axis titles; its text strings: series names,
category labels), of every diagram's data model (the paragraphs of its node points) and of every
legacy WordArt (`v:textpath/@string`). A
Strict OOXML file is renamed to Transitional for python-docx here, by the same string mapping the
standard gives. A paragraph's text is all its `w:t` (python-docx's `Paragraph.text` leaves out
smart tags and tracked insertions), not those of a text box anchored in it. Each paragraph with
a letter is a block; comments are not blocks.

A block is covered when its letters (NFKC, case folded, nothing but letters: list numbers, field
results and spacing are the layout's) lie, in one stretch, in the letters of l10n's units for
the file (`l10n.formats.read`, then `segment`, inline tags taken out). A file l10n refuses covers none of its blocks and
is listed with its line.

`--before` also reads each file with the Word reader of git's HEAD (`git show
HEAD:l10n/formats/docx.py`, the rest of l10n as it is), so one run shows a change's effect.

    python bench/wild_docx.py [DOCX or folder ...] [--before] [--show]

Default: tests/data/wild/docx/.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n import formats, inline  # noqa: E402
from wild import head_module  # noqa: E402
from l10n.errors import L10nError  # noqa: E402
from l10n.files import read_bytes  # noqa: E402
from l10n.model import Document  # noqa: E402
from l10n.segment import segment  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "wild" / "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
DIAGRAM = "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"
# ISO/IEC 29500-1 Strict → Transitional names (`.../ooxml/wordprocessingml/main` → `.../wordprocessingml/2006/main`)
STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/(\w+)/")


def letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalpha())


def transitional(data: bytes) -> bytes:
    """The package with Strict names renamed (python-docx reads Transitional only)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            blob = source.read(info)
            if info.filename.endswith((".xml", ".rels")):
                blob = STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/", blob)
            target.writestr(info, blob)
    return out.getvalue()


def _text(p) -> str:
    """A w:p's own text: its w:t, not those of a text box anchored in it."""
    return "".join(t.text or "" for t in p.iter(W + "t")
                   if next(a for a in t.iterancestors(W + "p", W + "txbxContent")) is p)


def _story(container, kind: str) -> list[tuple[str, str]]:
    """python-docx's paragraphs of a body or a cell, tables in place."""
    found = []
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            found.append((kind, _text(item._p)))
        elif isinstance(item, Table):
            for row in item.rows:
                seen = set()
                for cell in row.cells:  # a merged cell comes once for each grid column it spans
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        found += _story(cell, "table")
    return found


def _boxes(root) -> list[tuple[str, str]]:
    found = []
    for content in root.iter(W + "txbxContent"):
        branch = next(content.iterancestors(MC + "Choice", MC + "Fallback"), None)
        if branch is not None and branch.tag == MC + "Fallback":
            choice = branch.getparent().find(MC + "Choice")
            if choice is not None and any(_text(p).strip() for p in choice.iter(W + "p")):
                continue
        found += [("textbox", _text(p)) for p in content.iter(W + "p")
                  if next(p.iterancestors(W + "txbxContent")) is content]
    return found


def _graphics(document) -> list[tuple[str, str]]:
    """(kind, text) of the charts' texts and the diagrams' nodes, part by part."""
    found = []
    for part in document.part.package.iter_parts():
        if part.content_type not in (CHART, DIAGRAM):
            continue
        root = etree.fromstring(part.blob)
        if part.content_type == CHART:
            found += [("chart", "".join(t.text or "" for t in p.iter(A + "t"))) for p in root.iter(A + "p")
                      if next(p.iterancestors(C + "rich"), None) is not None]
            found += [("chart", v.text or "") for v in root.iter(C + "v") if v.getparent().tag == C + "tx"
                      or v.getparent().getparent().tag in (C + "strCache", C + "strLit", C + "lvl")]
        else:
            found += [("diagram", "".join(t.text or "" for t in p.iter(A + "t"))) for point in root.iter(DGM + "pt")
                      if point.get("type", "node") in ("node", "asst") for p in point.iter(A + "p")]
    return found


def reference(path: Path) -> list[tuple[str, str]]:
    """(kind, text) of every paragraph of the file with a letter in it."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if STRICT.search(package.read("_rels/.rels")):
            data = transitional(data)
    document = docx.Document(io.BytesIO(data))
    blocks = _story(document, "body")
    parts = [document.part]
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            part = rel.target_part
            kind = "header" if rel.reltype == RT.HEADER else "footer"
            blocks += [(kind, _text(p)) for p in part.element.iter(W + "p")
                       if next(p.iterancestors(W + "txbxContent"), None) is None]
            parts.append(part)
        elif rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
            root = etree.fromstring(rel.target_part.blob)
            kind = "footnote" if rel.reltype == RT.FOOTNOTES else "endnote"
            for note in root:
                if note.get(W + "type") in (None, "normal"):
                    blocks += [(kind, _text(p)) for p in note.iter(W + "p")
                               if next(p.iterancestors(W + "txbxContent"), None) is None]
            blocks += _boxes(root)
    for part in parts:
        blocks += _boxes(part.element)
        blocks += [("wordart", path.get("string") or "") for path in part.element.iter(
            "{urn:schemas-microsoft-com:vml}textpath") if next(path.iterancestors(MC + "Fallback"), None) is None]
    blocks += _graphics(document)
    return [(kind, text) for kind, text in blocks if letters(text)]


def before_reader() -> Callable[[Path], Document]:
    """The Word reader at git's HEAD, beside today's."""
    module = head_module("docx")
    return lambda path: module.read(read_bytes(path), path)


def covered(read: Callable[[Path], Document], path: Path, blocks: list[tuple[str, str]]) -> tuple[list[bool], str]:
    """Whether each reference block is in l10n's units, and the refusal's line (or "")."""
    try:
        found = letters(" ".join(inline.strip(unit.text) for unit in segment(read(path))))
    except L10nError as error:
        return [False] * len(blocks), str(error)
    return [letters(text) in found for _, text in blocks], ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--before", action="store_true", help="also read with git HEAD's Word reader")
    parser.add_argument("--show", action="store_true", help="print every file's figures, refusals and missed blocks")
    args = parser.parse_args()
    files = sorted(p for path in args.paths for p in ([path] if path.is_file() else path.glob("*.docx")))
    readers = [("after", formats.read)] + ([("before", before_reader())] if args.before else [])
    totals = {name: Counter() for name, _ in readers}
    for path in files:
        blocks = reference(path)
        line = f"{path.name[:44]:44} {len(blocks):4} blocks"
        for name, read in readers:
            hits, refused = covered(read, path, blocks)
            for (kind, _), hit in zip(blocks, hits):
                totals[name][kind, hit] += 1
            totals[name]["refused"] += bool(refused)
            line += f" | {name} {sum(hits):4}" + (f" REFUSED: {refused.split(': ', 1)[-1][:60]}" if refused else "")
            if args.show and name == "after":
                line += "".join(f"\n    missed {kind}: {text[:90]!r}" for (kind, text), hit in zip(blocks, hits)
                                if not hit)
        if args.show:
            print(line)
    for name, count in totals.items():
        kinds = sorted({key[0] for key in count if isinstance(key, tuple)})
        hit = sum(count[k, True] for k in kinds)
        total = hit + sum(count[k, False] for k in kinds)
        detail = ", ".join(f"{k} {count[k, True]}/{count[k, True] + count[k, False]}" for k in kinds)
        print(f"{name:6} {hit}/{total} blocks covered ({hit / total:.1%}) in {len(files)} files, "
              f"{count['refused']} refused; {detail}")


if __name__ == "__main__":
    main()
