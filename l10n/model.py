"""The values that move between l10n's rooms. Imports nothing else of ours."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

# Kinds of blocks and of the units cut from them.
KINDS = ("title", "dateline", "heading", "body", "bullet", "contact")


@dataclass(frozen=True)
class Block:
    """One piece of the release's layout: a title, a dateline, a paragraph, a bullet ..."""

    kind: str
    # one of KINDS
    text: str
    # the block's text; lines of a wrapped paragraph joined by one space, bullet marker removed
    lines: tuple[int, ...]
    # 1-based line in the original file of each joined source line
    offsets: tuple[int, ...]
    # where each of those lines starts in `text`
    prefix: str = ""
    # layout written before the text on output: a bullet's indent and marker

    @property
    def line(self) -> int:
        return self.lines[0]

    def line_at(self, offset: int) -> int:
        """The original line holding character `offset` of `text`."""
        return self.lines[bisect.bisect_right(self.offsets, offset) - 1]


@dataclass(frozen=True)
class Dropped:
    """A line of page noise that is not part of the release."""

    line: int
    # 1-based line in the original file
    text: str
    reason: str
    # name of the noise rule that matched


@dataclass(frozen=True)
class Document:
    """A release as read from disk: its blocks in order and the noise taken out."""

    source: Path
    encoding: str
    # codec the bytes were decoded with
    encoding_guessed: bool
    # True when no BOM or valid UTF-8 settled the encoding and it was detected
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...]


@dataclass(frozen=True)
class Unit:
    """One translation unit: a sentence, a title, a dateline or a contact line."""

    id: str
    # stable across edits elsewhere in the release: derived from the text, not its position
    kind: str
    # one of KINDS; `contact` units are kept verbatim and never machine-translated
    text: str
    block: int
    # index of the block in Document.blocks
    line: int
    # 1-based line in the original file where the unit starts
