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


# --- counts in messages ------------------------------------------------------------------
# A message reads like a person's: `1 error`, `2 errors`, `1,234 sentences`, never `1 error(s)`.


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The form of `singular` that goes with `count`: `noun(2, "missing number")` → `missing numbers`."""
    return singular if count == 1 else plural or singular + "s"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and its noun, thousands separated: `1 error`, `2 errors`, `1,234 sentences`, `3 entries`
    (give the plural where adding an s is wrong: `counted(3, "entry", "entries")`)."""
    return f"{count:,} {noun(count, singular, plural)}"


def unfinished(fuzzy: int, untranslated: int, errors: int) -> str:
    """What keeps a catalog from being final, in words: `3 entries still fuzzy, 1 untranslated, 1 check error`."""
    parts = []
    for count, state in ((fuzzy, "still fuzzy"), (untranslated, "untranslated")):
        if count:  # the first count says what is counted; the next one reads on from it
            parts.append(f"{counted(count, 'entry', 'entries')} {state}" if not parts else f"{count:,} {state}")
    if errors:
        parts.append(counted(errors, "check error"))
    return ", ".join(parts)
