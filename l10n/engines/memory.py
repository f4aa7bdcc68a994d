"""Translation memory: reviewed translations already in the project's catalogs.

Only real translations count: reviewed (not fuzzy), and neither a contact line kept verbatim
nor any other entry whose translation is its English. An exact msgid match is used as it is;
a close one (at least `CUTOFF` similar, by rapidfuzz's Indel ratio) is offered fuzzy, with the
score and the sentence it was made for, for a reviewer to adapt. Texts of fewer than
`MIN_WORDS` words get no fuzzy match: among names and headings (`About Corvanta` against
`Corvanta`) a near miss is a different thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from l10n import catalog
from l10n.errors import L10nError
from l10n.files import MAX_BYTES
from l10n.model import Draft

CUTOFF = 85
MIN_WORDS = 4


def _real(entry) -> bool:
    """A reviewed human translation: not fuzzy, not the English itself, not a verbatim contact line."""
    kinds = next((line[6:] for line in entry.comment.splitlines() if line.startswith("kind: ")), "")
    return (catalog.state(entry) == "reviewed" and not entry.msgid_plural and entry.msgstr != entry.msgid
            and "engine: verbatim" not in entry.comment and kinds != "contact")


class Memory:
    name = "memory"

    def __init__(self, paths: Iterable[Path], locale: str, limit: int = MAX_BYTES):
        self.reviewed: dict[str, tuple[str, str]] = {}
        # msgid → (translation, catalog it comes from)
        self.skipped: list[str] = []
        # why a catalog gave nothing: another release's broken catalog must not stop this one
        for path in paths:
            try:
                entries = catalog.read(path, locale, limit)
            except L10nError as error:
                self.skipped.append(f"translation memory skips {error}")
                continue
            for entry in entries:
                if _real(entry) and entry.msgid not in self.reviewed:  # obsolete ones too: still reviewed
                    self.reviewed[entry.msgid] = (entry.msgstr, path.name)
        self.close = [text for text in self.reviewed if len(text.split()) >= MIN_WORDS]

    def drafts(self, texts: Sequence[str]) -> list[Draft | None]:
        from rapidfuzz import fuzz, process

        found: list[Draft | None] = []
        for text in texts:
            if text in self.reviewed:
                translation, origin = self.reviewed[text]
                found.append(Draft(translation, self.name, origin, fuzzy=False))
                continue
            best = process.extractOne(text, self.close, scorer=fuzz.ratio, score_cutoff=CUTOFF) \
                if len(text.split()) >= MIN_WORDS else None
            if best:
                translation, origin = self.reviewed[best[0]]
                found.append(Draft(translation, self.name, origin, (f"memory: {best[1]:.0f}% match, made for “{best[0]}”",)))
            else:
                found.append(None)
        return found
