"""What l10n keeps in `.l10n/cache.sqlite`: machine drafts, and the translation memory's index.

Drafts are keyed by source text, locale, engine, model version and glossary version, so a new
model or a glossary edit misses the cache by itself: a re-run translates nothing it already
translated. The translation memory's index holds the reviewed translations of every catalog
with the size and modification time of the file they came from, so a run re-reads only the
catalogs that changed since the last one. And what each release's last run left behind (a
fingerprint of its inputs and outputs), so a run on unchanged input decides from file sizes and
times, reads no catalog and writes nothing.

WAL mode and one transaction per write let two runs overlap. The cache only ever saves time: a
file SQLite cannot read, or one that is not ours (another schema), is moved aside and rebuilt;
a cache that cannot be written (read-only file or folder) is switched off for the run and says
why in `disabled` (it then lives in memory for the run). A full disk is an error, and never a
reason to move a cache aside. An estimate (`--estimate`) reads a copy in memory and writes nothing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from l10n.errors import L10nError
from l10n.model import Draft

SCHEMA = """
create table if not exists drafts (
    key text primary key,
    text text not null,
    engine text not null,
    model text not null,
    notes text not null,
    created real not null
)
"""
COLUMNS = ["key", "text", "engine", "model", "notes", "created"]
MEMORY_SCHEMA = """
create table if not exists tm_catalogs (path text primary key, locale text not null, size integer not null,
                                        mtime integer not null);
create table if not exists tm_units (catalog text not null, locale text not null, source text not null,
                                     target text not null);
drop index if exists tm_by_source;
create index if not exists tm_by_source_catalog on tm_units (locale, source, catalog);
create index if not exists tm_by_catalog on tm_units (catalog);
create table if not exists runs (release text primary key, fingerprint text not null, summaries text not null);
"""
# The close-match index: each distinct reviewed source long enough to be a candidate, once per
# locale, the terms it is found by (`l10n.engines.memory.terms`), and how many sources hold each
# term (kept as sources come and go, so a look-up reads a term's count, not its entries). A cache
# made before it, or before its terms or counts, has its memory index emptied once
# (`_memory_schema`): the next run re-reads the catalogs.
TERMS_SCHEMA = """
create table if not exists tm_sources (id integer primary key, locale text not null, source text not null,
                                       unique (locale, source));
create table if not exists tm_terms (locale text not null, term text not null, source integer not null,
                                     primary key (locale, term, source)) without rowid;
create index if not exists tm_terms_by_source on tm_terms (source);
create table if not exists tm_term_counts (locale text not null, term text not null, sources integer not null,
                                           primary key (locale, term)) without rowid;
"""

# What an error means for the cache, by SQLite's error name (Python 3.11+) or, for errors
# raised without one, by SQLite's message: (meaning, names, message fragments).
MEANINGS = (
    ("full", ("SQLITE_FULL",), ("disk is full",)),
    ("read-only", ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"),
     ("readonly database", "unable to open database file")),
    ("corrupt", ("SQLITE_NOTADB", "SQLITE_CORRUPT"), ("not a database", "malformed", "not l10n's cache")),
)


def key(text: str, locale: str, engine: str, model: str, glossary_version: str) -> str:
    return hashlib.sha256("\x1f".join((text, locale, engine, model, glossary_version)).encode("utf-8")).hexdigest()


def meaning(error: Exception) -> str:
    """What `error` means for the cache: full, read-only, corrupt, or "" when the cache does not expect it."""
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return "full"
        return "read-only" if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else ""
    name, text = getattr(error, "sqlite_errorname", "") or "", str(error)
    for found, names, fragments in MEANINGS:
        if name.startswith(names) or any(fragment in text for fragment in fragments):
            return found
    return ""


def _copy(path: Path) -> sqlite3.Connection:
    """A copy in memory of the cache at `path`, for a run that must write nothing (`--estimate`):
    its drafts and memory index as they stand, and what the run adds (the memory indexing the
    catalogs changed since) kept in memory only. Empty where there is no cache, or the file is
    unreadable or not ours (a real run would move it aside)."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    if path.is_file():
        # A run that has the cache open holds its latest drafts in the -wal: read them through the
        # shared index (-shm), which any reader touches. With no run on it, the file is opened
        # immutable: read-only alone would create a -wal and a -shm beside it and leave them there.
        live = all(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))
        uri = path.resolve().as_uri() + ("?mode=ro" if live else "?mode=ro&immutable=1")
        try:
            with contextlib.closing(sqlite3.connect(uri, uri=True)) as disk:
                disk.backup(db)
            if [row[1] for row in db.execute("pragma table_info(drafts)")] != COLUMNS:
                raise sqlite3.DatabaseError("not l10n's cache")
        except sqlite3.DatabaseError:
            db.close()
            db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute(SCHEMA)
    _memory_schema(db)
    return db


def _memory_schema(db: sqlite3.Connection) -> None:
    # `if not exists` throughout: two runs may open an old cache at once
    db.executescript(MEMORY_SCHEMA)
    if not db.execute("select 1 from sqlite_master where name = 'tm_term_counts'").fetchall():
        old = "".join(f"drop table if exists {name}; " for name in ("tm_words", "tm_counts", "tm_terms", "tm_sources"))
        db.executescript(f"begin immediate; delete from tm_units; delete from tm_catalogs; {old}{TERMS_SCHEMA} commit;")


def _stored(value):
    """A value as SQLite can store it: a path whose name holds bytes that are not UTF-8 (Python
    keeps them as lone surrogates, which SQLite refuses) with those bytes written as `\\xff`."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return value


class Cache:
    """Drafts by key. `rebuilt` says the file was unreadable and started again empty; `disabled`
    says why this run goes without a cache (one line for the user), or is "" when it has one."""

    def __init__(self, path: Path, copy: bool = False):
        """The cache at `path`; with `copy`, a copy of it in memory that writes nothing to disk (see `_copy`)."""
        self.path = path
        self.rebuilt = False
        self.disabled = ""
        self._db: sqlite3.Connection | None = None
        if copy:
            self._db = _copy(path)
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise L10nError("is a file, but l10n keeps its translation cache in a folder of that name; "
                            "move the file away (the folder is rebuilt by itself)", path.parent) from None
        except OSError as error:
            self._fail(error)
            return
        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError) as error:
            if meaning(error) != "corrupt":
                self._fail(error)
                return
            try:
                self._move_aside()
                self._db = self._open()
            except (sqlite3.DatabaseError, OSError) as again:
                self._fail(again)

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            # Look before writing anything: a database with other tables is someone else's file.
            tables = [name for (name,) in db.execute("select name from sqlite_master where type = 'table'")]
            columns = [row[1] for row in db.execute("pragma table_info(drafts)")]
            if tables and columns != COLUMNS:
                raise sqlite3.DatabaseError("not l10n's cache: it holds other tables")
            db.execute("pragma journal_mode=wal")
            db.execute(SCHEMA)
            _memory_schema(db)
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> None:
        """Keep the unreadable file (and its journal) for inspection; start again without it."""
        stamp = int(time.time())
        for suffix in ("", "-wal", "-shm"):
            old = self.path.with_name(self.path.name + suffix)
            try:
                old.replace(self.path.with_name(f"{self.path.name}.corrupt-{stamp}{suffix}"))
            except FileNotFoundError:
                pass  # no journal, or another run moved it first
        self.rebuilt = True

    def _fail(self, error: Exception) -> None:
        """A full disk is the user's to fix; any other failure of the cache (read-only, a disk I/O
        error, a file damaged under a running run) only costs time: run without one."""
        if meaning(error) == "full":
            raise L10nError("cannot be written: the disk is full; free some space and run again", self.path) from error
        self.close()
        what = "cannot be written" if meaning(error) == "read-only" else "cannot be used"
        self.disabled = (f"{self.path}: {what} ({error}); translating without the cache this run: "
                         f"make {self.path.parent} writable, or delete it, to cache again")
        self._db = sqlite3.connect(":memory:", isolation_level=None)  # the run still needs somewhere to keep things
        self._db.execute(SCHEMA)
        _memory_schema(self._db)

    def get(self, keys: Sequence[str]) -> dict[str, Draft]:
        found: dict[str, Draft] = {}
        if self._db is None:
            return found
        try:
            for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
                chunk = keys[start:start + 500]
                rows = self._db.execute(
                    f"select key, text, engine, model, notes from drafts where key in ({','.join('?' * len(chunk))})",
                    chunk)
                found.update((k, Draft(text, engine, model, tuple(json.loads(notes))))
                             for k, text, engine, model, notes in rows)
        except sqlite3.Error as error:
            self._fail(error)
            return {}
        return found

    def put(self, items: Iterable[tuple[str, Draft]]) -> None:
        if self._db is None:
            return
        items = list(items)
        rows = [(k, d.text, d.engine, d.model, json.dumps(list(d.notes), ensure_ascii=False), time.time())
                for k, d in items]
        try:
            with self._db:
                self._db.execute("begin immediate")
                self._db.executemany("insert or replace into drafts values (?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error as error:
            self._fail(error)  # now in memory: keep them there for the run
            self.put(items)

    # --- the translation memory's index ---------------------------------------------------

    def _read(self, query: str, parameters: Sequence) -> list[tuple]:
        """The rows of a query; a cache that fails (disk I/O error, damaged file) is left for one in
        memory, which holds nothing yet: as if the cache had been empty."""
        try:
            return self._db.execute(query, [_stored(p) for p in parameters]).fetchall()
        except sqlite3.Error as error:
            self._fail(error)
            return []

    def catalogs(self, locale: str) -> dict[str, tuple[int, int]]:
        """(size, mtime) of each catalog of the locale as it was when its entries were indexed."""
        rows = self._read("select path, size, mtime from tm_catalogs where locale = ?", (locale,))
        return {path: (size, mtime) for path, size, mtime in rows}

    def index(self, locale: str, changed: dict[str, tuple[tuple[int, int], list[tuple[str, str]]]],
              removed: Iterable[str], terms: Callable[[str], set[str]] = lambda source: set()) -> None:
        """Replace the entries of the `changed` catalogs ((size, mtime), [(source, target)]), forget the
        `removed`; a source no catalog held before goes into the close-match index under `terms(source)`
        (none: not a candidate for close matches), one no catalog holds now leaves it."""
        try:
            with self._db:
                self._db.execute("begin immediate")
                gone: set[str] = set()
                for path in map(_stored, [*changed, *removed]):
                    gone.update(s for (s,) in self._db.execute("select source from tm_units where catalog = ?", (path,)))
                    self._db.execute("delete from tm_units where catalog = ?", (path,))
                    self._db.execute("delete from tm_catalogs where path = ?", (path,))
                added: set[str] = set()
                for path, ((size, mtime), units) in changed.items():
                    path = _stored(path)
                    self._db.execute("insert into tm_catalogs values (?, ?, ?, ?)", (path, locale, size, mtime))
                    self._db.executemany("insert into tm_units values (?, ?, ?, ?)",
                                         [(path, locale, _stored(source), _stored(target)) for source, target in units])
                    added.update(_stored(source) for source, _ in units)
                for source in gone - added:
                    if self._db.execute("select 1 from tm_units where locale = ? and source = ?",
                                        (locale, source)).fetchall():
                        continue
                    for (number,) in self._db.execute("select id from tm_sources where locale = ? and source = ?",
                                                      (locale, source)).fetchall():
                        self._db.execute("update tm_term_counts set sources = sources - 1 where locale = ? and term "
                                         "in (select term from tm_terms where locale = ? and source = ?)",
                                         (locale, locale, number))
                        self._db.execute("delete from tm_terms where source = ?", (number,))
                        self._db.execute("delete from tm_sources where id = ?", (number,))
                for source in sorted(added - gone):
                    found = sorted(terms(source))
                    if found and self._db.execute("insert or ignore into tm_sources (locale, source) values (?, ?)",
                                                  (locale, source)).rowcount:
                        number = self._db.execute("select last_insert_rowid()").fetchone()[0]
                        self._db.executemany("insert into tm_terms values (?, ?, ?)",
                                             [(locale, term, number) for term in found])
                        self._db.executemany("insert into tm_term_counts values (?, ?, 1) on conflict (locale, term) "
                                             "do update set sources = sources + 1", [(locale, term) for term in found])
        except sqlite3.Error as error:
            self._fail(error)  # now in memory: index again there
            self.index(locale, changed, removed, terms)

    def reviewed(self, locale: str, sources: Sequence[str]) -> dict[str, tuple[str, str]]:
        """source → (translation, catalog) for the sources the memory holds, the first catalog by name
        winning (its first entry of the source). One row read per source, through the index, however
        many catalogs hold the source: boilerplate in every release costs what a rare sentence does."""
        rows = self._read("select j.value, u.target, u.catalog from json_each(?) as j join tm_units as u on u.rowid = "
                          "(select rowid from tm_units where locale = ? and source = j.value order by catalog, rowid "
                          "limit 1)", [json.dumps([_stored(s) for s in dict.fromkeys(sources)]), locale])
        return {source: (target, catalog) for source, target, catalog in rows}

    def all_reviewed(self, locale: str) -> Iterable[tuple[str, str, str]]:
        """(source, translation, catalog) of every reviewed translation of the locale, the first catalog by name first."""
        return self._read("select source, target, catalog from tm_units where locale = ? order by catalog, rowid",
                          (locale,))

    def candidates(self, locale: str) -> int:
        """How many sources of the locale the close-match index holds."""
        rows = self._read("select count(*) from tm_sources where locale = ?", (locale,))
        return rows[0][0] if rows else 0

    def holding(self, locale: str, terms: Iterable[str]) -> dict[str, int]:
        """term → how many indexed sources hold it; terms no source holds are left out."""
        rows = self._read("select term, sources from tm_term_counts where locale = ? and sources > 0 and term in "
                          "(select value from json_each(?))", (locale, json.dumps(sorted(set(terms)))))
        return dict(rows)

    def postings(self, locale: str, term: str, cap: int) -> list[int]:
        """The numbers of the first `cap` indexed sources holding `term`."""
        return [n for (n,) in self._read("select source from tm_terms where locale = ? and term = ? limit ?",
                                         (locale, term, cap))]

    def sources(self, numbers: Sequence[int]) -> list[str]:
        """The indexed sources by number, in the order of their numbers."""
        rows = self._read("select source from tm_sources where id in (select value from json_each(?)) order by id",
                          [json.dumps(sorted(numbers))])
        return [source for (source,) in rows]

    # --- finished releases ------------------------------------------------------------------

    def finished(self, release: str, fingerprint: str) -> list | None:
        """What the last run said of `release`, if it left everything as `fingerprint` describes."""
        rows = self._read("select fingerprint, summaries from runs where release = ?", (release,))
        return json.loads(rows[0][1]) if rows and rows[0][0] == fingerprint else None

    def finish(self, release: str, fingerprint: str, summaries: list) -> None:
        try:
            with self._db:
                self._db.execute("begin immediate")
                self._db.execute("insert or replace into runs values (?, ?, ?)",
                                 (_stored(release), fingerprint, json.dumps(summaries)))
        except sqlite3.Error as error:
            self._fail(error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
