"""The one exception family of l10n: what a user can get wrong, said in one line."""

from __future__ import annotations

import re
from pathlib import Path


class L10nError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits with status 2."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        # one line whatever a file's name or content put into it: a message is read as one error
        return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", lambda c: c[0].encode("unicode_escape").decode("ascii"),
                      where + self.message)
