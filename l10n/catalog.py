"""Gettext catalogs: the template, per-locale catalogs, msgmerge-style merging, statistics.

polib reads and writes the files (it keeps `#|` previous msgids, obsolete entries and
translator comments the way GNU gettext does); Babel supplies the CLDR headers and the merge
decisions (`Catalog.update`: exact match, else difflib's closest old msgid as fuzzy with the
previous msgid, else new; what is left becomes obsolete). Like `msgmerge`, an obsolete entry
whose msgid comes back is revived with its translation. No wrapping: one line per msgid
gives clean diffs, and Poedit and Lokalize read it as well as wrapped text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from l10n import __version__
from l10n.errors import L10nError
from l10n.files import write_text

GENERATOR = f"l10n {__version__}"
# Extracted-comment prefixes the tool owns; a reviewer's own notes go in `#` comments.
PROVENANCE = ("engine: ", "note: ")


@dataclass(frozen=True)
class Source:
    """One distinct msgid of a release, with everything the template says about it."""

    msgid: str
    references: tuple[tuple[str, int], ...]
    # (file, line) of every unit with this text
    comments: tuple[str, ...] = ()
    # extracted comments: the unit kind, glossary hints


def template_path(root: Path, slug: str) -> Path:
    return root / "locales" / f"{slug}.pot"


def catalog_path(root: Path, slug: str, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{slug}.po"


# --- reading ---------------------------------------------------------------------------

_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
# A keyword line or continuation line of a PO file; polib accepts `msgid "abc` unterminated,
# which GNU gettext rejects, so every string line is held to this first.
_STRING_LINE = re.compile(r'(?:#~\s*)?(?:#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*')


def _unterminated(text: str) -> int | None:
    """The first line holding a string that is not closed, or None."""
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): \x1c-\x1e, \x85 stay in strings
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        if '"' in stripped and not _STRING_LINE.fullmatch(stripped):
            return number
    return None


def read(path: Path, locale: str | None = None):
    """A catalog as a `polib.POFile`; a file polib or gettext would choke on raises L10nError."""
    import polib

    try:
        data = path.read_bytes()
    except OSError as error:
        raise L10nError(f"cannot be read ({error.strerror})", path)
    try:
        text = data.decode("utf-8")
        bad = _unterminated(text)
        if bad:
            raise L10nError("is not a valid PO file (a string is not closed with \"); fix it in a PO editor "
                            "or restore it from version control", path, bad)
        catalog = polib.pofile(text, wrapwidth=0, check_for_duplicates=True)
    except UnicodeDecodeError as error:
        raise L10nError(f"is not UTF-8 (byte 0x{data[error.start]:02x}); re-save it as UTF-8 in your PO editor",
                        path, data.count(b"\n", 0, error.start) + 1)
    except (OSError, ValueError, LookupError) as error:
        line = _SYNTAX_LINE.search(str(error))
        reason = re.sub(r"Syntax error in po file (\(line \d+\))?:?\s*", "", str(error)).strip() or "syntax error"
        raise L10nError(f"is not a valid PO file ({reason}); fix it in a PO editor or restore it from version control",
                        path, int(line[1]) if line else None)
    charset = re.search(r"charset=([\w.-]+)", catalog.metadata.get("Content-Type", ""))
    if charset and charset[1].lower().replace("-", "") != "utf8":
        raise L10nError(f"declares charset={charset[1]}; l10n writes UTF-8 only, re-save it as UTF-8", path, 1)
    language = catalog.metadata.get("Language", "")
    if locale and language and language.replace("-", "_") != locale:
        raise L10nError(f"says Language: {language} but lies in the {locale} folder; fix the header or move the file",
                        path, 1)
    return catalog


# --- merging ---------------------------------------------------------------------------


def _babel(catalog, locale: str | None):
    """A Babel catalog holding the same messages (the header aside)."""
    from babel.messages.catalog import Catalog, Message

    result = Catalog(locale=locale, fuzzy=False)
    for entry in catalog or ():
        message = Message(
            entry.msgid, entry.msgstr, locations=[(f, int(n)) for f, n in entry.occurrences if n.isdigit()],
            flags=entry.flags, auto_comments=entry.comment.splitlines() if entry.comment else (),
            user_comments=entry.tcomment.splitlines() if entry.tcomment else (),
            previous_id=entry.previous_msgid or (), context=entry.msgctxt,
        )
        if entry.obsolete:
            result.obsolete[entry.msgid] = message
        else:
            result[entry.msgid] = message
    return result


def _entry(message, obsolete: bool = False):
    import polib

    previous = message.previous_id[0] if message.previous_id and "fuzzy" in message.flags else None
    return polib.POEntry(
        msgid=message.id, msgstr=message.string or "", msgctxt=message.context, obsolete=obsolete,
        occurrences=[] if obsolete else [(f, str(n)) for f, n in message.locations],
        comment="" if obsolete else "\n".join(message.auto_comments),
        tcomment="\n".join(message.user_comments),
        flags=sorted(message.flags - {"python-format"}), previous_msgid=previous,
    )


def headers(locale: str | None, project: str, old: dict | None = None) -> dict[str, str]:
    """Header fields: CLDR's for the locale (plural forms, language), the old file's kept."""
    from babel.messages.catalog import Catalog

    fresh = dict(Catalog(locale=locale, project=project, version=__version__, charset="utf-8").mime_headers)
    fresh.pop("Generated-By", None)
    fresh.update(old or {})
    fresh.update({"Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                  "X-Generator": GENERATOR})
    if locale:
        fresh["Language"] = locale
        fresh.setdefault("Language-Team", f"{locale} <LL@li.org>")
    return fresh


def _title(locale: str | None, project: str) -> str:
    if not locale:
        return f"Translation template for {project}, written by {GENERATOR}."
    from babel import Locale

    return f"{Locale.parse(locale).english_name} translation of {project}, written by {GENERATOR}."


def merge(old, sources: Sequence[Source], locale: str | None, project: str):
    """The catalog for `sources`, merged into `old` (a polib file or None) as msgmerge would.

    Unchanged msgids keep translation and flags; a changed sentence takes its closest old
    entry's translation, fuzzy, with `#|` the old msgid; vanished msgids become obsolete with
    their translations; an obsolete msgid that reappears is revived. Translator comments and
    the header are the old file's; extracted comments are the sources' plus the tool's own
    provenance notes of a msgid that kept its translation.
    """
    import polib
    from babel.messages.catalog import Catalog

    template = Catalog(locale=locale, fuzzy=False)
    for source in sources:
        template.add(source.msgid, locations=list(source.references), auto_comments=list(source.comments))
    catalog = _babel(old, locale)
    before = {m.id: m for m in catalog if m.id}
    for source in sources:  # msgmerge revives an obsolete entry whose msgid is back
        if source.msgid not in before and source.msgid in catalog.obsolete:
            catalog[source.msgid] = before[source.msgid] = catalog.obsolete.pop(source.msgid)
    catalog.update(template, update_creation_date=False)

    result = polib.POFile(wrapwidth=0)
    result.header = old.header if old is not None and old.header else _title(locale, project)
    result.metadata = headers(locale, project, old.metadata if old is not None else None)
    for message in catalog:
        if not message.id:
            continue
        if message.previous_id and message.previous_id[0] in before:
            # `#|` names the msgid the translation was reviewed for; a fuzzy origin passes its own on.
            origin = before[message.previous_id[0]]
            if "fuzzy" in origin.flags:
                message.previous_id = origin.previous_id
        kept = before.get(message.id)
        if kept is not None and kept.string == message.string:
            message.auto_comments += [c for c in kept.auto_comments if c.startswith(PROVENANCE)]
            if "fuzzy" in message.flags and not message.previous_id and kept.previous_id:
                message.previous_id = kept.previous_id  # still fuzzy: msgmerge keeps its `#|`
        result.append(_entry(message))
    for message in catalog.obsolete.values():
        if message.id not in catalog:
            result.append(_entry(message, obsolete=True))
    return result


def render(catalog) -> str:
    return catalog.__unicode__().rstrip("\n") + "\n"


def write(catalog, path: Path, template: bool = False, now: datetime | None = None) -> bool:
    """Write atomically, and only when entries or header changed; only then do the dates move."""
    dates = ("POT-Creation-Date", "PO-Revision-Date")
    try:
        before = read(path) if path.exists() else None
    except L10nError:
        before = None
    if before is not None:
        catalog.metadata.update({key: before.metadata[key] for key in dates if key in before.metadata})
        if render(catalog) == path.read_text(encoding="utf-8"):
            return False
    catalog.metadata[dates[0] if template else dates[1]] = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M%z")
    return write_text(path, render(catalog))


def annotate(po, path: Path, notes: set[tuple[str, str]]) -> bool:
    """Replace the `check:` comments of every entry with `notes` ((msgid, comment) pairs); write if changed."""
    for entry in po:
        kept = [line for line in entry.comment.splitlines() if not line.startswith("check: ")]
        entry.comment = "\n".join(kept + sorted(note for msgid, note in notes if msgid == entry.msgid))
    if render(po) == path.read_text(encoding="utf-8"):
        return False
    return write_text(path, render(po))


# --- statistics ------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """How far the review of one catalog has come."""

    path: Path
    locale: str
    reviewed: int
    fuzzy: int
    untranslated: int
    # entries in each state (obsolete ones are not counted)
    words: int
    reviewed_words: int
    # English words of all msgids, and of the reviewed ones
    characters: int
    # size of the reviewed translations: characters in Chinese and Korean, words elsewhere

    @property
    def entries(self) -> int:
        return self.reviewed + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.reviewed_words / self.words if self.words else 100.0


def _size(text: str, locale: str) -> int:
    if locale.split("_")[0] in ("zh", "ja", "ko"):
        return sum(1 for c in text if not c.isspace())
    return len(text.split())


def stats(path: Path, locale: str) -> Stats:
    catalog = read(path, locale)
    active = [e for e in catalog if not e.obsolete]
    reviewed = [e for e in active if e.msgstr and "fuzzy" not in e.flags]
    fuzzy = [e for e in active if e.msgstr and "fuzzy" in e.flags]
    return Stats(
        path, locale, len(reviewed), len(fuzzy), len(active) - len(reviewed) - len(fuzzy),
        sum(_size(e.msgid, "en") for e in active), sum(_size(e.msgid, "en") for e in reviewed),
        sum(_size(e.msgstr, locale) for e in reviewed),
    )
