from __future__ import annotations

import multiprocessing

import pytest

from l10n.cache import Cache, key
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
