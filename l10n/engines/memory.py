"""Translation memory: reviewed translations already in the project's catalogs.

An exact msgid match is a reviewed translation and is used as it is; a close match (difflib
ratio at least `CUTOFF`) is offered fuzzy, with the sentence it was made for, for a reviewer
to adapt.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from l10n import catalog
from l10n.model import Draft

CUTOFF = 0.85


class Memory:
    name = "memory"

    def __init__(self, paths: Iterable[Path], locale: str):
        self.reviewed: dict[str, tuple[str, str]] = {}
        # msgid → (translation, catalog it comes from)
        for path in paths:
            for entry in catalog.read(path, locale):
                if entry.msgstr and "fuzzy" not in entry.flags and entry.msgid not in self.reviewed:
                    self.reviewed[entry.msgid] = (entry.msgstr, path.name)

    def drafts(self, texts: Sequence[str]) -> list[Draft | None]:
        found: list[Draft | None] = []
        for text in texts:
            if text in self.reviewed:
                translation, origin = self.reviewed[text]
                found.append(Draft(translation, self.name, origin, fuzzy=False))
                continue
            close = difflib.get_close_matches(text, self.reviewed, n=1, cutoff=CUTOFF)
            if close:
                translation, origin = self.reviewed[close[0]]
                found.append(Draft(translation, self.name, origin, (f"memory: made for “{close[0]}”",)))
            else:
                found.append(None)
        return found
