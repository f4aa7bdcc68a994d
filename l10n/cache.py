"""The translation cache: a re-run translates nothing it already translated.

One SQLite file in the project (`.l10n/cache.sqlite`), keyed by source text, locale, engine,
model version and glossary version, so a new model or a glossary edit misses the cache by
itself. WAL mode and one transaction per write let two runs overlap. The cache only ever saves
time: a file SQLite cannot read, or one that is not ours (another schema), is moved aside and
rebuilt; a cache that cannot be written (read-only file or folder) is switched off for the run
and says why in `disabled`. A full disk is an error, and never a reason to move a cache aside.
"""

from __future__ import annotations

import errno
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
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


class Cache:
    """Drafts by key. `rebuilt` says the file was unreadable and started again empty; `disabled`
    says why this run goes without a cache (one line for the user), or is "" when it has one."""

    def __init__(self, path: Path):
        self.path = path
        self.rebuilt = False
        self.disabled = ""
        self._db: sqlite3.Connection | None = None
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
        """A full disk is the user's to fix; a read-only cache only costs time: run without one."""
        found = meaning(error)
        if found == "full":
            raise L10nError("cannot be written: the disk is full; free some space and run again", self.path) from error
        if found != "read-only":
            raise error
        self.close()
        self.disabled = (f"{self.path}: cannot be written ({error}); translating without the cache this run: "
                         f"make {self.path.parent} writable, or delete it, to cache again")

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
        except sqlite3.OperationalError as error:
            self._fail(error)
            return {}
        return found

    def put(self, items: Iterable[tuple[str, Draft]]) -> None:
        if self._db is None:
            return
        rows = [(k, d.text, d.engine, d.model, json.dumps(list(d.notes), ensure_ascii=False), time.time())
                for k, d in items]
        try:
            with self._db:
                self._db.execute("begin immediate")
                self._db.executemany("insert or replace into drafts values (?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.OperationalError as error:
            self._fail(error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
