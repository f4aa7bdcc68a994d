"""The translation cache: a re-run translates nothing it already translated.

One SQLite file in the project (`.l10n/cache.sqlite`), keyed by source text, locale, engine,
model version and glossary version, so a new model or a glossary edit misses the cache by
itself. WAL mode and one transaction per write let two runs overlap; a cache file that SQLite
cannot read is moved aside and rebuilt, never fatal: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

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


def key(text: str, locale: str, engine: str, model: str, glossary_version: str) -> str:
    return hashlib.sha256("\x1f".join((text, locale, engine, model, glossary_version)).encode("utf-8")).hexdigest()


class Cache:
    """Drafts by key. `rebuilt` says the file was unreadable and started again empty."""

    def __init__(self, path: Path):
        self.path = path
        self.rebuilt = False
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            path.replace(path.with_name(f"{path.name}.corrupt-{int(time.time())}"))
            self.rebuilt = True
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("pragma journal_mode=wal")
            db.execute(SCHEMA)
            db.execute("select count(*) from drafts").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get(self, keys: Sequence[str]) -> dict[str, Draft]:
        found: dict[str, Draft] = {}
        for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
            chunk = keys[start:start + 500]
            rows = self._db.execute(
                f"select key, text, engine, model, notes from drafts where key in ({','.join('?' * len(chunk))})", chunk)
            found.update((k, Draft(text, engine, model, tuple(json.loads(notes)))) for k, text, engine, model, notes in rows)
        return found

    def put(self, items: Iterable[tuple[str, Draft]]) -> None:
        rows = [(k, d.text, d.engine, d.model, json.dumps(list(d.notes), ensure_ascii=False), time.time())
                for k, d in items]
        with self._db:
            self._db.execute("begin immediate")
            self._db.executemany("insert or replace into drafts values (?, ?, ?, ?, ?, ?)", rows)

    def close(self) -> None:
        self._db.close()
