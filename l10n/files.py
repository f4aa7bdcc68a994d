"""Reading files within bounds, and writing them so that a failed run leaves the earlier file as it was."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from l10n.errors import L10nError


# The largest file l10n reads unless l10n.toml's `max_file_mb` says otherwise: a release is a few
# kilobytes, a large catalog a few megabytes; everything l10n does with a file is linear in it.
MAX_BYTES = 64 * 1024 * 1024


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MiB" if count >= 2**20 else f"{count:,} bytes"


def regular(path: Path, limit: int = MAX_BYTES, kind: str = "file") -> None:
    """Raise L10nError unless `path` is a regular file of at most `limit` bytes (a `kind` file, messages say).

    A pipe, device or socket is refused before it is opened (reading one could wait forever),
    and an oversized file before it is read.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise L10nError(f"no such {kind}; check the path", path)
    except OSError as error:
        raise L10nError(f"cannot be read ({error.strerror}); check the path and its permissions", path)
    if stat.S_ISDIR(info.st_mode):
        raise L10nError(f"is a folder; give a {kind}", path)
    if not stat.S_ISREG(info.st_mode):
        raise L10nError("is not a regular file (a pipe, device or socket); give a file saved on disk", path)
    if info.st_size > limit:
        raise L10nError(f"is {_size(info.st_size)}, over the limit of {_size(limit)}; if it really is one file to "
                        "localize, raise max_file_mb in l10n.toml", path)


def read_bytes(path: Path, limit: int = MAX_BYTES, kind: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else raises L10nError."""
    regular(path, limit, kind)
    try:
        with open(path, "rb") as stream:
            data = stream.read()  # not read(limit + 1): that would set aside `limit` bytes before reading one
    except OSError as error:
        raise L10nError(f"cannot be read ({error.strerror}); check its permissions", path)
    if len(data) > limit:  # it grew while being read
        raise L10nError(f"grew over the limit of {_size(limit)} while being read", path)
    return data


def _mode(path: Path) -> int:
    """The mode to write with: the file's own, else what the umask allows (0644 under umask 022)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path: Path, text: str, within: Path | None = None) -> bool:
    """Write `text` as UTF-8, as `write_bytes` does."""
    return write_bytes(path, text.encode("utf-8"), within)


def write_bytes(path: Path, data: bytes, within: Path | None = None) -> bool:
    """Write `data` through a temporary file in the same folder and a rename.

    Returns False, writing nothing, when the file already holds exactly these bytes. A symbolic
    link (a catalog shared between projects) is written through: its target is replaced; with
    `within` (the output folder), only where the target lies inside that folder, so a link
    planted among the outputs, dangling or not, never makes l10n write elsewhere. A file
    without write permission (a reviewer's lock) is refused, not replaced.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:  # missing or unreadable: the write below says what is wrong
        pass
    if path.is_dir():
        raise L10nError("is a folder; give the path of a file to write, such as a file name inside it", path)
    if path.is_symlink():
        target = path.resolve()
        if within is not None and not target.is_relative_to(within.resolve()):
            raise L10nError(f"is a symbolic link to {target}, outside the output folder {within}; l10n writes "
                            "only inside it: remove the link", path)
        path = target
    if path.exists() and not _mode(path) & 0o222:  # the mode, not os.access: root may write anything
        raise L10nError("is read-only; make it writable (chmod u+w) if l10n may update it, or leave it out", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode(path)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise L10nError(f"cannot be written ({error.strerror}); choose a folder you can write to", path)
    return True
