"""Writing files so that a failed or interrupted run leaves the earlier file as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from l10n.errors import L10nError


def write_text(path: Path, text: str) -> bool:
    """Write `text` through a temporary file in the same folder and a rename.

    Returns False, writing nothing, when the file already holds exactly this text.
    """
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):  # missing or unreadable: the write below says what is wrong
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise L10nError(f"cannot be written ({error.strerror}); choose a folder you can write to", path)
    return True
