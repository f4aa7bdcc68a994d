"""Translation memory: reviewed translations already in the project's catalogs.

Only real translations count: reviewed (not fuzzy), and neither a contact line kept verbatim
nor any other entry whose translation is its English. An exact msgid match is used as it is;
a close one (at least `CUTOFF` similar, by rapidfuzz's Indel ratio) is offered fuzzy, with the
score and the sentence it was made for, for a reviewer to adapt. A sentence with inline tags
(from a Word or web release) whose text without them was reviewed (in the text release) gets
that translation with the tags put back where certain (`inline.place`), fuzzy. Texts of fewer than
`MIN_WORDS` words get no fuzzy match: among names and headings (`About Corvanta` against
`Corvanta`) a near miss is a different thing.

The memory is an index in the project's cache (`l10n.cache.Cache`): a run re-reads only the
catalogs whose size or modification time changed since they were indexed, and forgets the
ones that are gone, so the thousandth release costs what the first did. Besides the project's
catalogs it reads the translation memories imported into `tm/<locale>/` (`l10n tm import`):
reviewed catalogs too, one per imported TMX or catalog, whose name is the origin a reviewer
sees in the note of a draft they gave.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from l10n import catalog, inline
from l10n.errors import L10nError
from l10n.files import MAX_BYTES
from l10n.model import Draft

CUTOFF = 85
MIN_WORDS = 4
IMPORTED = "tm"
# folder of the project holding imported translation memories, one folder per locale
PARALLEL_CATALOGS = 200
# changed catalogs beyond which both cores re-read them (a whole archive after a review)


def sources(root: Path, locale: str) -> list[Path]:
    """The catalogs the memory of `locale` reads: the project's own, then the imported ones."""
    return [*sorted((root / "locales" / locale / "LC_MESSAGES").glob("*.po")),
            *sorted((root / IMPORTED / locale).glob("*.po"))]


def imported(pairs, locale: str, name: str):
    """A reviewed catalog of (source, target, origin) triples from another tool, for `tm/<locale>/<name>.po`."""
    import polib

    po = catalog.new(locale, name)
    seen = set()
    for source, target, origin in pairs:
        if source and target and source not in seen:
            seen.add(source)
            where = f"imported from {name}" + (f" ({origin})" if origin and origin != name else "")
            po.append(polib.POEntry(msgid=source, msgstr=target, comment=where))
    return po


def reviewed_translation(entry) -> bool:
    """A reviewed human translation: not fuzzy, not the English itself, not a verbatim contact line."""
    kinds = next((line[6:] for line in entry.comment.splitlines() if line.startswith("kind: ")), "")
    return (catalog.state(entry) == "reviewed" and not entry.msgid_plural and entry.msgstr != entry.msgid
            and "engine: verbatim" not in entry.comment and kinds != "contact")


def _reviewed(job: tuple[str, str, int]) -> tuple[list[tuple[str, str]], str]:
    """The reviewed translations of one catalog (obsolete entries too: a removed sentence's
    translation is still reviewed), or why it has none."""
    path, locale, limit = job
    try:
        entries = catalog.read(Path(path), locale, limit)
    except L10nError as error:
        return [], f"translation memory skips {error}"
    return [(e.msgid, e.msgstr) for e in entries if reviewed_translation(e)], ""


class Memory:
    name = "memory"

    def __init__(self, cache, locale: str, paths: Iterable[Path], limit: int = MAX_BYTES):
        """The memory of `locale` over the catalogs `paths`, brought up to date in `cache`'s index."""
        self.cache, self.locale = cache, locale
        self.skipped: list[str]
        # why a catalog gave nothing: another release's broken catalog must not stop this one
        self._close: dict[str, tuple[str, str]] | None = None
        # sources long enough for a fuzzy match → (translation, catalog name), read on first need
        indexed = cache.catalogs(locale)
        stale = []
        for path in paths:
            try:
                info = path.stat()
            except OSError:
                continue
            key, state = str(path.resolve()), (info.st_size, info.st_mtime_ns)
            if indexed.pop(key, None) != state:
                stale.append((key, state))
        jobs = [(key, locale, limit) for key, _ in stale]
        if len(jobs) >= PARALLEL_CATALOGS and (os.cpu_count() or 1) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor() as pool:
                read = list(pool.map(_reviewed, jobs, chunksize=16))
        else:
            read = [_reviewed(job) for job in jobs]
        self.skipped = [trouble for _, trouble in read if trouble]
        changed = {key: (state, pairs) for (key, state), (pairs, _) in zip(stale, read)}
        cache.index(locale, changed, indexed)

    def pairs(self) -> list[tuple[str, str, str]]:
        """Every reviewed translation as (source, translation, catalog name), one per source."""
        found: dict[str, tuple[str, str, str]] = {}
        for source, target, origin in self.cache.all_reviewed(self.locale):
            found.setdefault(source, (source, target, Path(origin).name))
        return list(found.values())

    def _candidates(self) -> dict[str, tuple[str, str]]:
        if self._close is None:
            self._close = {source: (target, origin) for source, target, origin in self.pairs()
                           if len(source.split()) >= MIN_WORDS}
        return self._close

    def drafts(self, texts: Sequence[str]) -> list[Draft | None]:
        from rapidfuzz import fuzz, process

        exact = self.cache.reviewed(self.locale, texts)
        # the same sentence reviewed without its markup (the text release of a Word or web one)
        plain = {text: inline.strip(text) for text in texts if text not in exact and inline.TAG.search(text)}
        bare = self.cache.reviewed(self.locale, list(dict.fromkeys(plain.values()))) if plain else {}
        found: list[Draft | None] = []
        for text in texts:
            if text in exact:
                translation, origin = exact[text]
                found.append(Draft(translation, self.name, Path(origin).name, fuzzy=False))
                continue
            placed = inline.place(text, bare[plain[text]][0]) if plain.get(text) in bare else None
            if placed is not None:
                found.append(Draft(placed, self.name, Path(bare[plain[text]][1]).name,
                                   ("memory: the reviewed translation of this sentence without its markup; "
                                    "check that each tag marks the right words",)))
                continue
            close = self._candidates() if len(text.split()) >= MIN_WORDS else {}
            best = process.extractOne(text, close.keys(), scorer=fuzz.ratio, score_cutoff=CUTOFF) if close else None
            if best:
                translation, origin = close[best[0]]
                found.append(Draft(translation, self.name, origin,
                                   (f"memory: {best[1]:.0f}% match, made for “{best[0]}”",)))
            else:
                found.append(None)
        return found
