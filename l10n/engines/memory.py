"""Translation memory: reviewed translations already in the project's catalogs.

Only real translations count: reviewed (not fuzzy), and neither a contact line kept verbatim
nor any other entry whose translation is its English. An exact msgid match is used as it is;
a close one (at least `CUTOFF` similar, by rapidfuzz's Indel ratio) is offered fuzzy, with the
score and the sentence it was made for, for a reviewer to adapt. A sentence with inline tags
(from a Word or web release) whose text without them was reviewed (in the text release) gets
that translation with the tags put back where certain (`inline.place`), fuzzy. Texts of fewer than
`MIN_WORDS` words get no fuzzy match: among names and headings (`About Corvanta` against
`Corvanta`) a near miss is a different thing.

One index for the project, so a look-up costs the same at 100 releases and at 100,000: an exact
match is one indexed SQLite query per text (the first catalog by name wins), and a close one is
searched among every candidate only while there are at most `SCAN` of them (the best score, the
first candidate on a tie: what rapidfuzz's `extractOne` over them all gives). Beyond that no
exact search is cheap (at 85% a close match may share no three characters in a row with the
text), so `Close` shortlists the `SHORTLIST` candidates that share the rarest words with the text
(at most `POSTINGS` index entries read) and scores those: the same match whenever the best one
is on the shortlist, which `python bench/memory.py` measures against the search over all.

The memory is an index in the project's cache (`l10n.cache.Cache`): a run re-reads only the
catalogs whose size or modification time changed since they were indexed, and forgets the
ones that are gone, so the thousandth release costs what the first did. Besides the project's
catalogs it reads the translation memories imported into `tm/<locale>/` (`l10n tm import`):
reviewed catalogs too, one per imported TMX or catalog, whose name is the origin a reviewer
sees in the note of a draft they gave.
"""

from __future__ import annotations

import math
import os
import re
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
SCAN = 5_000
# candidates for a close match up to which every one is scored (exact; ~0.5 ms a text)
SHORTLIST = 200
# beyond SCAN: the candidates scored, those sharing the rarest words with the text
POSTINGS = 5_000
# beyond SCAN: index entries (word, candidate) a look-up reads at most, rarest words first
WORD = re.compile(r"\w+")


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
        self._close: Close | None = None
        # the reviewed sources long enough for a fuzzy match, read on first need
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
        names: dict[str, str] = {}  # a catalog's name, worked out once for its many rows
        for source, target, origin in self.cache.all_reviewed(self.locale):
            if source not in found:
                name = names.get(origin) or names.setdefault(origin, Path(origin).name)
                found[source] = (source, target, name)
        return list(found.values())

    def _candidates(self) -> Close:
        if self._close is None:
            self._close = Close([pair for pair in self.pairs() if len(pair[0].split()) >= MIN_WORDS])
        return self._close

    def alike(self, text: str, limit: int, cutoff: float) -> list[tuple[str, str, float]]:
        """The reviewed translations whose English shares the most words with `text` (rapidfuzz's
        token_set_ratio, at least `cutoff`), best first: (English, translation, score). Searched as
        close matches are, so one costs the same at 100 and 100,000 releases."""
        return [(source, target, score) for (source, target, _), score in self._candidates().alike(text, limit, cutoff)]

    def drafts(self, texts: Sequence[str]) -> list[Draft | None]:
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
            best = self._candidates().best(text) if len(text.split()) >= MIN_WORDS else None
            if best:
                (source, translation, origin), score = best
                found.append(Draft(translation, self.name, origin,
                                   (f"memory: {score:.0f}% match, made for “{source}”",)))
            else:
                found.append(None)
        return found


class Close:
    """The candidates for a close match, (source, translation, catalog name) in the memory's order,
    and the best of them for a text; the word index is built on the first search that needs it."""

    def __init__(self, pairs: Sequence[tuple[str, str, str]]):
        self.pairs = list(pairs)
        self.sources = [source for source, _, _ in self.pairs]
        self._words: dict[str, object] | None = None
        # word → the (sorted) numbers of the candidates holding it, as a NumPy array

    def best(self, text: str) -> tuple[tuple[str, str, str], float] | None:
        """The candidate most similar to `text` (rapidfuzz's ratio, at least CUTOFF) and its score;
        on a tie the first in the memory's order."""
        found = self.alike(text, 1, CUTOFF, "ratio")
        return found[0] if found else None

    def alike(self, text: str, limit: int, cutoff: float,
              scorer: str = "token_set_ratio") -> list[tuple[tuple[str, str, str], float]]:
        """The `limit` candidates most like `text` by rapidfuzz's `scorer` (at least `cutoff`), best
        first, each with its score; on a tie the first in the memory's order."""
        from rapidfuzz import fuzz, process

        numbers = range(len(self.sources)) if len(self.sources) <= SCAN else self._shortlist(text)
        found = process.extract(text, [self.sources[n] for n in numbers], scorer=getattr(fuzz, scorer), limit=limit,
                                score_cutoff=cutoff)
        return [(self.pairs[numbers[index]], score) for _, score, index in found]

    def _shortlist(self, text: str) -> list[int]:
        """The numbers, in order, of the SHORTLIST candidates sharing the most rare words with `text`
        (each word weighs log(candidates / candidates holding it)), reading at most POSTINGS entries."""
        import numpy as np

        if self._words is None:
            lists: dict[str, list[int]] = {}
            for number, source in enumerate(self.sources):
                for word in set(WORD.findall(source.lower())):
                    lists.setdefault(word, []).append(number)
            self._words = {word: np.array(found, dtype=np.int32) for word, found in lists.items()}
        held = sorted((self._words[w] for w in set(WORD.findall(text.lower())) if w in self._words), key=len)
        read, taken = 0, []
        for found in held:  # rarest first: a word in every release's boilerplate says little
            if read + len(found) > POSTINGS and taken:
                break
            read += len(found)
            taken.append(found)
        if not taken:
            return []
        numbers, where = np.unique(np.concatenate(taken), return_inverse=True)
        weights = np.concatenate([np.full(len(f), math.log(len(self.sources) / len(f))) for f in taken])
        scores = np.bincount(where, weights=weights)
        if len(numbers) > SHORTLIST:
            numbers = numbers[np.sort(np.argpartition(-scores, SHORTLIST)[:SHORTLIST])]
        return numbers.tolist()
