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
searched among every candidate only while there are at most `SCAN` of them (`Close`: the best
score, the first candidate on a tie: what rapidfuzz's `extractOne` over them all gives). Beyond
that, `Indexed` shortlists the `SHORTLIST` candidates that share the rarest word pairs with the
text through an index kept in the cache (at most `POSTINGS` entries read) and scores those: the
same match whenever the best one is on the shortlist, which `python bench/memory.py` measures
against the search over all. A run never loads the archive's sentences to find close matches.

The memory is an index in the project's cache (`l10n.cache.Cache`): a run re-reads only the
catalogs whose size or modification time changed since they were indexed, and forgets the
ones that are gone, so the thousandth release costs what the first did. Besides the project's
catalogs it reads the translation memories imported into `tm/<locale>/` (`l10n tm import`):
reviewed catalogs too, one per imported TMX or catalog, whose name is the origin a reviewer
sees in the note of a draft they gave.
"""

from __future__ import annotations

import contextlib
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
INDEX_BATCH = 2_000
# changed catalogs read and indexed together: what a re-read of the archive holds in memory
SCAN = 5_000
# candidates for a close match up to which every one is scored (exact; ~0.5 ms a text)
SHORTLIST = 200
# beyond SCAN: the candidates scored, those sharing the rarest terms with the text
POSTINGS = 3_000
# beyond SCAN: index entries (term, candidate) a look-up reads at most, rarest terms first; 5,000
# found matches 0.25 points closer at 100,000 releases for 30% more time a release
WORD = re.compile(r"\w+")


def terms(text: str) -> set[str]:
    """What the close-match index finds a text by: its pairs of neighbouring words. A pair is far
    rarer than either word, so in an archive where the same sentence recurs with other names and
    numbers the pairs around this text's own names and numbers pick out its closest matches
    (single words at 100,000 releases missed a close match for a third of the texts that had one,
    pairs for none: `python bench/memory.py`)."""
    words = WORD.findall(text.lower())
    return {f"{one} {two}" for one, two in zip(words, words[1:])}


def candidate_terms(source: str) -> set[str]:
    """The terms a reviewed source is found by in the close-match index; none for a text too short
    to be offered as a close match."""
    return terms(source) if len(source.split()) >= MIN_WORDS else set()


def sources(root: Path, locale: str) -> list[Path]:
    """The catalogs the memory of `locale` reads: the project's own, then the imported ones."""
    return [*sorted((root / "locales" / locale / "LC_MESSAGES").glob("*.po"), key=os.fspath),
            *sorted((root / IMPORTED / locale).glob("*.po"), key=os.fspath)]  # by str: Path's own order is slow


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
        self.skipped: list[str] = []
        # why a catalog gave nothing: another release's broken catalog must not stop this one
        self._close: Close | None = None
        # the reviewed sources long enough for a fuzzy match, read on first need
        paths = list(paths)
        disabled = cache.disabled
        self._index(paths, limit)
        if cache.disabled != disabled:  # the cache failed part way and runs in memory now: all of it there
            self.skipped = []
            self._index(paths, limit)

    def _index(self, paths: list[Path], limit: int) -> None:
        """Read the catalogs changed since the cache indexed them, a few thousand at a time (a
        re-read of a reviewed archive holds one batch, not all of it), and index them."""
        indexed = self.cache.catalogs(self.locale)
        stale = []
        folders: dict[Path, Path] = {}  # resolved once each: 100,000 catalogs share two folders
        for path in paths:
            try:
                info = path.stat()
            except OSError:
                continue
            folder = folders.get(path.parent) or folders.setdefault(path.parent, path.parent.resolve())
            key, state = str(folder / path.name), (info.st_size, info.st_mtime_ns)
            if indexed.pop(key, None) != state:
                stale.append((key, state))
        with contextlib.ExitStack() as stack:
            pool = None
            if len(stale) >= PARALLEL_CATALOGS and (os.cpu_count() or 1) > 1:
                from concurrent.futures import ProcessPoolExecutor

                pool = stack.enter_context(ProcessPoolExecutor())
            for start in range(0, max(len(stale), 1), INDEX_BATCH):
                batch = stale[start:start + INDEX_BATCH]
                jobs = [(key, self.locale, limit) for key, _ in batch]
                read = list(pool.map(_reviewed, jobs, chunksize=16)) if pool else [_reviewed(job) for job in jobs]
                self.skipped += [trouble for _, trouble in read if trouble]
                changed = {key: (state, pairs) for (key, state), (pairs, _) in zip(batch, read)}
                self.cache.index(self.locale, changed, indexed if start == 0 else {}, candidate_terms)

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
            total = self.cache.candidates(self.locale)
            self._close = (Close([pair for pair in self.pairs() if candidate_terms(pair[0])]) if total <= SCAN
                           else Indexed(self.cache, self.locale, total))
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
    every one scored: what the memory searches while it holds at most SCAN of them."""

    def __init__(self, pairs: Sequence[tuple[str, str, str]]):
        self.pairs = list(pairs)

    def best(self, text: str) -> tuple[tuple[str, str, str], float] | None:
        """The candidate most similar to `text` (rapidfuzz's ratio, at least CUTOFF) and its score;
        on a tie the first in order."""
        found = self.alike(text, 1, CUTOFF, "ratio")
        return found[0] if found else None

    def alike(self, text: str, limit: int, cutoff: float,
              scorer: str = "token_set_ratio") -> list[tuple[tuple[str, str, str], float]]:
        """The `limit` candidates most like `text` by rapidfuzz's `scorer` (at least `cutoff`), best
        first, each with its score; on a tie the first in order."""
        from rapidfuzz import fuzz, process

        sources = self._sources(text)
        found = process.extract(text, sources, scorer=getattr(fuzz, scorer), limit=limit, score_cutoff=cutoff)
        return [(self._pair(sources[index], index), score) for _, score, index in found]

    def _sources(self, text: str) -> list[str]:
        return [source for source, _, _ in self.pairs]

    def _pair(self, source: str, index: int) -> tuple[str, str, str]:
        return self.pairs[index]


class Indexed(Close):
    """Beyond SCAN candidates no exact search is cheap (at 85% a close match may share no three
    characters in a row with the text): the candidates scored are the SHORTLIST sources sharing
    the rarest terms (`terms`) with the text (each term weighs log(candidates / candidates holding
    it)), found through the index the cache keeps (each term's count kept with it), reading at
    most POSTINGS of its entries. A run reads the entries of its texts' terms, never the whole
    archive: one look-up costs the same at 10,000 and 1,000,000 reviewed sentences. The order is
    the index's (first indexed first)."""

    def __init__(self, cache, locale: str, total: int):
        self.cache, self.locale, self.total = cache, locale, total
        self._holding: dict[str, int] = {}
        # how many candidates hold a term, asked once per term per run
        self._postings: dict[str, object] = {}
        # the candidates holding a term, read once per run: a run's releases share most terms

    def _sources(self, text: str) -> list[str]:
        import numpy as np

        found = terms(text)
        if new := found - self._holding.keys():
            self._holding.update(dict.fromkeys(new, 0) | self.cache.holding(self.locale, new))
        read, taken, weights = 0, [], []
        for term in sorted((t for t in found if self._holding[t]), key=lambda t: (self._holding[t], t)):
            if read + self._holding[term] > POSTINGS and taken:  # rarest first: boilerplate says little
                break
            if term not in self._postings:  # a text whose rarest term is common reads its first POSTINGS only
                self._postings[term] = np.array(self.cache.postings(self.locale, term, POSTINGS), dtype=np.int32)
            holding = self._holding[term]
            taken.append(self._postings[term])
            weights.append(np.full(len(taken[-1]), math.log(max(self.total, holding) / holding)))
            read += len(taken[-1])
        if not taken:
            return []
        numbers, where = np.unique(np.concatenate(taken), return_inverse=True)
        scores = np.bincount(where, weights=np.concatenate(weights))
        if len(numbers) > SHORTLIST:  # the best scores, the first numbers among equals
            numbers = numbers[np.sort(np.lexsort((numbers, -scores))[:SHORTLIST])]
        return self.cache.sources(numbers.tolist())

    def _pair(self, source: str, index: int) -> tuple[str, str, str]:
        translation, origin = self.cache.reviewed(self.locale, [source])[source]
        return source, translation, Path(origin).name
