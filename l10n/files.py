"""Writing files so that a failed or interrupted run leaves the earlier file as it was."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from l10n.errors import L10nError


def _mode(path: Path) -> int:
    """The mode to write with: the file's own, else what the umask allows (0644 under umask 022)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path: Path, text: str) -> bool:
    """Write `text` through a temporary file in the same folder and a rename.

    Returns False, writing nothing, when the file already holds exactly this text. A symbolic
    link (a catalog shared between projects) is written through: its target is replaced. A
    file without write permission (a reviewer's lock) is refused, not replaced.
    """
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):  # missing or unreadable: the write below says what is wrong
        pass
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not _mode(path) & 0o222:  # the mode, not os.access: root may write anything
        raise L10nError("is read-only; make it writable (chmod u+w) if l10n may update it, or leave it out", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode(path)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise L10nError(f"cannot be written ({error.strerror}); choose a folder you can write to", path)
    return True
