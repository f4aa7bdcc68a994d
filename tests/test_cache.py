from __future__ import annotations

import errno
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from l10n.cache import Cache, key
from l10n.errors import L10nError
from l10n.model import Draft

DRAFT = Draft("士泽生物完成首例患者给药。", "argos", "en→zh 1.9", ("MT lost or repeated XS228",))


def test_a_draft_comes_back_as_it_went_in(tmp_path):
    cache = Cache(tmp_path / ".l10n" / "cache.sqlite")
    k = key("XellSmart dosed.", "zh_CN", "argos", "en→zh 1.9", "g1")
    cache.put([(k, DRAFT)])
    assert cache.get([k, "missing"]) == {k: DRAFT}
    assert not cache.rebuilt


@pytest.mark.parametrize("changed", range(5))
def test_every_part_of_the_key_matters(changed):
    parts = ["XellSmart dosed.", "zh_CN", "argos", "en→zh 1.9", "g1"]
    other = list(parts)
    other[changed] += "x"
    assert key(*parts) != key(*other)


def test_many_keys_at_once(tmp_path):
    cache = Cache(tmp_path / "cache.sqlite")
    items = [(key(str(i), "ko_KR", "pseudo", "pseudo", "g"), DRAFT) for i in range(1200)]
    cache.put(items)
    assert len(cache.get([k for k, _ in items])) == 1200


def _writer(path, start):
    cache = Cache(path)
    for i in range(start, start + 200):
        cache.put([(key(str(i), "zh_CN", "pseudo", "pseudo", "g"), DRAFT)])


def test_two_runs_can_write_at_once(tmp_path):
    path = tmp_path / "cache.sqlite"
    Cache(path).close()
    workers = [multiprocessing.get_context("spawn").Process(target=_writer, args=(path, n * 1000)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    keys = [key(str(i), "zh_CN", "pseudo", "pseudo", "g") for n in range(2) for i in range(n * 1000, n * 1000 + 200)]
    assert len(Cache(path).get(keys)) == 400


def test_a_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = Cache(path)
    assert cache.rebuilt
    assert list(tmp_path.glob("cache.sqlite.corrupt-*"))
    cache.put([("k", DRAFT)])
    assert cache.get(["k"]) == {"k": DRAFT}


@pytest.mark.parametrize("schema", [
    "CREATE TABLE drafts (key text primary key, text text)",  # an older or other program's drafts
    "CREATE TABLE notes (body text)",  # someone else's database under our name
])
def test_a_database_that_is_not_our_cache_is_moved_aside_untouched(tmp_path, schema):
    path = tmp_path / "cache.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(schema)
    cache = Cache(path)
    cache.put([("k", DRAFT)])
    assert cache.rebuilt and cache.get(["k"]) == {"k": DRAFT}
    [aside] = tmp_path.glob("cache.sqlite.corrupt-*")
    assert sqlite3.connect(aside).execute("select sql from sqlite_master").fetchone()[0] == schema


def test_a_file_where_the_cache_folder_goes_is_one_error(tmp_path):
    (tmp_path / ".l10n").write_text("not a folder")
    with pytest.raises(L10nError, match="is a file, but l10n keeps its translation cache") as error:
        Cache(tmp_path / ".l10n" / "cache.sqlite")
    assert str(error.value).startswith(f"{tmp_path / '.l10n'}: ")


def _break(monkeypatch, step, error):
    """Make one step of opening or writing the cache raise `error`, as a full disk or a read-only file does:
    `mkdir`, `connect`, or the SQL statement that starts with `step`."""
    def fail(*args, **kwargs):
        raise error

    class Failing(sqlite3.Connection):
        def execute(self, sql, *args):
            return fail() if sql.startswith(step) else super().execute(sql, *args)

        def executemany(self, sql, *args):
            return fail() if sql.startswith(step) else super().executemany(sql, *args)

    connect = sqlite3.connect

    def on_disk(path, *args, **kwargs):  # the cache a run falls back to lives in memory, where nothing fails
        if path == ":memory:":
            return connect(path, *args, **kwargs)
        return fail() if step == "connect" else connect(path, *args, factory=Failing, **kwargs)

    if step == "mkdir":
        monkeypatch.setattr(Path, "mkdir", fail)
    else:
        monkeypatch.setattr(sqlite3, "connect", on_disk)


def _healthy(tmp_path) -> Path:
    path = tmp_path / ".l10n" / "cache.sqlite"
    cache = Cache(path)
    cache.put([("k", DRAFT)])
    cache.close()
    return path


FULL = sqlite3.OperationalError("database or disk is full")
READ_ONLY = sqlite3.OperationalError("attempt to write a readonly database")


@pytest.mark.parametrize(("step", "error"), [
    ("mkdir", OSError(errno.ENOSPC, "No space left on device")),
    ("connect", FULL),
    ("\ncreate table", FULL),  # creating the schema of a fresh cache
    ("insert", FULL),
])
def test_a_full_disk_is_one_error_and_never_moves_the_cache_aside(tmp_path, monkeypatch, step, error):
    path = _healthy(tmp_path)
    _break(monkeypatch, step, error)
    with pytest.raises(L10nError, match="the disk is full; free some space") as raised:
        Cache(path).put([("k2", DRAFT)])
    assert str(raised.value).startswith(f"{path}: ")
    monkeypatch.undo()
    assert not list(path.parent.glob("*.corrupt-*"))
    assert Cache(path).get(["k"]) == {"k": DRAFT}


@pytest.mark.parametrize(("step", "error"), [
    ("mkdir", PermissionError(errno.EACCES, "Permission denied")),  # read-only project folder
    ("connect", sqlite3.OperationalError("unable to open database file")),  # read-only .l10n, no cache yet
    ("pragma journal_mode", READ_ONLY),  # read-only cache file
    ("insert", READ_ONLY),  # read-only cache file already in WAL mode: it reads, then a write fails
])
def test_a_cache_that_cannot_be_written_is_switched_off_and_kept(tmp_path, monkeypatch, step, error):
    path = _healthy(tmp_path)
    _break(monkeypatch, step, error)
    cache = Cache(path)
    assert cache.get(["k"]) in ({}, {"k": DRAFT})
    cache.put([("k2", DRAFT)])
    assert cache.get(["k"]) == {} and cache.get(["k2"]) == {"k2": DRAFT}  # kept in memory for the run
    assert cache.disabled.startswith(f"{path}: cannot be written (") and "without the cache" in cache.disabled
    monkeypatch.undo()
    assert not list(path.parent.glob("*.corrupt-*"))
    assert Cache(path).get(["k"]) == {"k": DRAFT}


@pytest.mark.parametrize("cache", ["absent", "closed", "open in another run", "not a database"])
def test_a_copy_reads_every_draft_and_writes_nothing(tmp_path, cache):
    """What `--estimate` reads: the drafts as they stand, even those a run still holds in its -wal;
    what it adds (the memory's index) stays in memory, and no file is made or changed."""
    path = tmp_path / ".l10n" / "cache.sqlite"
    old, new = key("Dosed.", "zh_CN", "argos", "1.9", "g"), key("Enrolled.", "zh_CN", "argos", "1.9", "g")
    writer = None
    if cache in ("closed", "open in another run"):
        writer = Cache(path)
        writer.put([(old, DRAFT)])
        if cache == "closed":
            writer.close()
    elif cache == "not a database":
        path.parent.mkdir()
        path.write_bytes(b"not a database " * 100)
    # the -shm is the index every reader of a live cache marks its reads in; it holds no data
    files = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.name.endswith("-shm")}
    names = sorted(p.name for p in tmp_path.rglob("*"))
    copy = Cache(path, copy=True)
    copy.put([(new, DRAFT)])
    copy.index("zh_CN", {"other.po": ((10, 20), [("Dosed.", "已给药。")])}, [])
    assert copy.get([old, new]) == ({old: DRAFT} if writer else {}) | {new: DRAFT}
    assert copy.reviewed("zh_CN", ["Dosed."]) == {"Dosed.": ("已给药。", "other.po")} and not copy.disabled
    copy.close()
    assert sorted(p.name for p in tmp_path.rglob("*")) == names
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.name.endswith("-shm")} == files


class _Failing:
    """A connection whose every statement fails as a dying disk makes SQLite fail."""

    def __init__(self, error: Exception):
        self.error = error

    def execute(self, *args, **kwargs):
        raise self.error

    executemany = execute

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


@pytest.mark.parametrize("error", [sqlite3.OperationalError("disk I/O error"),
                                   sqlite3.DatabaseError("database disk image is malformed")], ids=["io", "malformed"])
@pytest.mark.parametrize("use", [
    lambda cache: cache.catalogs("zh_CN"),
    lambda cache: cache.reviewed("zh_CN", ["Dosed."]),
    lambda cache: list(cache.all_reviewed("zh_CN")),
    lambda cache: cache.finished("release.txt", "f"),
    lambda cache: cache.get(["k"]),
    lambda cache: cache.put([("k", DRAFT)]),
    lambda cache: cache.finish("release.txt", "f", []),
    lambda cache: cache.index("zh_CN", {"a.po": ((1, 1), [("Dosed.", "给药。")])}, []),
], ids=["catalogs", "reviewed", "all_reviewed", "finished", "get", "put", "finish", "index"])
def test_a_cache_that_fails_mid_run_is_switched_off_not_a_traceback(tmp_path, error, use):
    cache = Cache(_healthy(tmp_path))
    cache._db = _Failing(error)
    use(cache)
    assert f"cannot be used ({error})" in cache.disabled and "without the cache this run" in cache.disabled
    cache.put([("k2", DRAFT)])
    assert cache.get(["k2"]) == {"k2": DRAFT}  # the run goes on with a cache in memory


def test_a_release_whose_name_is_not_utf8_is_remembered(tmp_path):
    release = "/news/rel\udcff\udcfe.txt"  # what Python makes of the bytes 0xff 0xfe in a file name
    cache = Cache(tmp_path / "cache.sqlite")
    cache.finish(release, "f", [{"status": "final"}])
    assert cache.finished(release, "f") == [{"status": "final"}] and cache.finished("/news/rel.txt", "f") is None
