"""Bounded reads (regular files only, a size limit) and atomic writes: the mode a file gets, links
written through, read-only files refused, unchanged text left alone."""

from __future__ import annotations

import os
import stat

import pytest

from l10n.errors import L10nError
from l10n.files import read_bytes, write_text

OLD, NEW = 'msgid "Open"\nmsgstr ""\n', 'msgid "Open"\nmsgstr "打开"\n'
LONG_AGO = 1_000_000_000_000_000_000  # an mtime no write in this test can have by chance


@pytest.fixture
def umask(request):
    """The process umask for one test, put back afterwards."""
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def existing(path, text: str, permissions: int):
    """A file holding `text` with these permissions and an mtime long ago."""
    path.write_text(text, encoding="utf-8")
    path.chmod(permissions)
    os.utime(path, ns=(LONG_AGO, LONG_AGO))
    return path


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)],
                         indirect=["umask"], ids=["022", "077", "002"])
@pytest.mark.parametrize("name", ["zh.po", "locales/zh_CN/LC_MESSAGES/zh.po"], ids=["file", "new folders"])
def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path, umask, expected, name):
    path = tmp_path / name
    assert write_text(path, NEW)
    assert (path.read_text(encoding="utf-8"), mode(path)) == (NEW, expected)
    assert os.listdir(path.parent) == ["zh.po"]  # no temporary file left behind


@pytest.mark.parametrize("umask", [0o022], indirect=True)
@pytest.mark.parametrize("permissions", [0o600, 0o640, 0o664, 0o755], ids=oct)
def test_an_existing_file_keeps_its_mode(tmp_path, umask, permissions):
    path = existing(tmp_path / "zh.po", OLD, permissions)
    assert write_text(path, NEW)
    assert (path.read_text(encoding="utf-8"), mode(path)) == (NEW, permissions)
    assert os.listdir(tmp_path) == ["zh.po"]


LINKS = {
    "absolute": lambda target: target,
    "relative": lambda target: os.path.relpath(target, target.parent.parent / "project"),
    "link to a link": lambda target: target.parent / "middle.po",
}


@pytest.mark.parametrize("link", LINKS)
def test_a_symbolic_link_is_written_through(tmp_path, link):
    (tmp_path / "shared").mkdir()
    (tmp_path / "project").mkdir()
    target = existing(tmp_path / "shared" / "zh.po", OLD, 0o640)
    (tmp_path / "shared" / "middle.po").symlink_to(target)
    path = tmp_path / "project" / "zh.po"
    path.symlink_to(LINKS[link](target))
    pointed = os.readlink(path)
    assert write_text(path, NEW)
    assert path.is_symlink() and os.readlink(path) == pointed
    assert (target.read_text(encoding="utf-8"), mode(target)) == (NEW, 0o640)
    assert sorted(os.listdir(tmp_path / "shared")) == ["middle.po", "zh.po"]


@pytest.mark.parametrize("dangling", [True, False], ids=["dangling", "to a file"])
def test_an_output_link_pointing_outside_the_output_folder_is_refused(tmp_path, dangling):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.txt"
    out.mkdir()
    if not dangling:
        existing(elsewhere, OLD, 0o644)
    (out / "release.zh_CN.txt").symlink_to(elsewhere)
    with pytest.raises(L10nError) as error:
        write_text(out / "release.zh_CN.txt", NEW, within=out)
    assert str(error.value).startswith(f"{out / 'release.zh_CN.txt'}: is a symbolic link to {elsewhere}, outside the "
                                       f"output folder {out}")
    assert elsewhere.exists() != dangling and (dangling or elsewhere.read_text(encoding="utf-8") == OLD)
    inside = existing(out / "kept.txt", OLD, 0o644)
    (out / "link.txt").symlink_to(inside.name)
    assert write_text(out / "link.txt", NEW, within=out) and inside.read_text(encoding="utf-8") == NEW


@pytest.mark.parametrize("permissions", [0o444, 0o400, 0o555], ids=oct)
@pytest.mark.parametrize("through", [False, True], ids=["file", "symbolic link"])
def test_a_read_only_file_is_refused_and_left_alone(tmp_path, permissions, through):
    target = existing(tmp_path / "zh.po", OLD, permissions)
    path = tmp_path / "link.po" if through else target
    if through:
        path.symlink_to(target)
    with pytest.raises(L10nError) as error:
        write_text(path, NEW)
    assert str(error.value) == f"{target}: is read-only; make it writable (chmod u+w) if l10n may update it, or leave it out"
    assert (target.read_text(encoding="utf-8"), mode(target), target.stat().st_mtime_ns) == (OLD, permissions, LONG_AGO)
    assert sorted(os.listdir(tmp_path)) == sorted({"zh.po", path.name})


@pytest.mark.parametrize("permissions", [0o644, 0o444], ids=oct)
def test_unchanged_text_is_not_written(tmp_path, permissions):
    path = existing(tmp_path / "zh.po", NEW, permissions)
    inode = path.stat().st_ino
    assert write_text(path, NEW) is False
    assert (path.stat().st_mtime_ns, path.stat().st_ino, mode(path)) == (LONG_AGO, inode, permissions)


def test_a_folder_that_cannot_be_made_is_one_error(tmp_path):
    (tmp_path / "locales").write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(L10nError, match="cannot be written .*; choose a folder you can write to"):
        write_text(tmp_path / "locales" / "zh.po", NEW)


def _fifo(path):
    os.mkfifo(path)


def _socket(path):
    import socket

    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server


# What may stand where a file is read, and what reading it says (nothing may wait forever).
NOT_FILES = [
    ("missing", lambda path: None, "no such file; check the path"),
    ("folder", lambda path: path.mkdir(), "is a folder; give a file"),
    ("fifo", _fifo, "is not a regular file (a pipe, device or socket); give a file saved on disk"),
    ("socket", _socket, "is not a regular file (a pipe, device or socket); give a file saved on disk"),
    ("too big", lambda path: path.write_bytes(b"x" * 2049), "is 2,049 bytes, over the limit of 2,048 bytes; if it "
                                                            "really is one file to localize, raise max_file_mb in l10n.toml"),
]


@pytest.mark.parametrize(("name", "make", "message"), NOT_FILES, ids=[n[0] for n in NOT_FILES])
def test_only_regular_files_within_the_limit_are_read(tmp_path, name, make, message):
    path = tmp_path / "release.txt"
    made = make(path)
    with pytest.raises(L10nError) as error:
        read_bytes(path, limit=2048)
    assert str(error.value) == f"{path}: {message}"
    if hasattr(made, "close"):
        made.close()


def test_a_device_is_refused_without_waiting():
    with pytest.raises(L10nError, match="is not a regular file"):
        read_bytes(__import__("pathlib").Path("/dev/zero"))


def test_a_file_at_the_limit_is_read(tmp_path):
    (tmp_path / "r.txt").write_bytes(b"x" * 2048)
    assert read_bytes(tmp_path / "r.txt", limit=2048) == b"x" * 2048
