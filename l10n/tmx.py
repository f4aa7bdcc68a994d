"""Translation memory exchange: TMX 1.4b out, TMX 1.1 to 1.4b from any CAT tool in.

Trados, memoQ, Phrase and OmegaT import and export TMX. `write` gives one `<tu>` per pair,
English and one target language, with no dates, so an unchanged memory exports byte for byte
the same. `read` takes English and one target language from each `<tu>` of any tool's TMX;
`locales` says which target languages a TMX holds.

A translation memory of l10n holds reviewed translations only, so `read` leaves out the units
their tool marks as not reviewed (`Pair.unreviewed` says why, with `unreviewed=True`):

- Trados Studio: `<prop type="x-ConfirmationLevel">` Draft (unconfirmed) or RejectedTranslation /
  RejectedSignOff; `<prop type="x-Origin">` MachineTranslation, Nmt, AdaptiveMachineTranslation or
  AutomaticTranslation (machine output a translator confirmed unchanged). ApprovedTranslation and
  ApprovedSignOff (a reviewer's approval) keep a unit whatever its origin; Translated (a
  translator's confirmation, what Trados writes on every confirmed segment) and Unspecified keep it.
- Okapi (Rainbow's MT steps), GlobalSight and MyMemory: a last author (`changeid`, else
  `creationid`, of the translation's `<tuv>` or else of the `<tu>`) of `MT!`.
- Any tool: `<prop type="x-state">` or `x-status` (or a Trados custom field of that name) holding
  an XLIFF state (new, needs-translation, needs-review-translation ...), draft, rejected or a
  machine origin (mt, nmt).

memoQ writes no review state into TMX (its memories take confirmed rows only; `corrected` and
`aligned` are no review marks), OmegaT none either (`x-auto`, `x-ice` and `x-100pc` say how a
translation was inserted, and machine translation is told by the `tm/mt/` folder a TMX sits in),
and `usagecount` counts uses, not reviews: their units are read as reviewed.

A TMX is read as a stream: each `<tu>` is dropped once read, so a memory of millions of units
never sits whole in memory. The prolog, up to the root element, is read first on its own: an
entity declaration is refused there, before anything could expand it (an entity bomb) or read
the file it names (an external entity); a file whose root is not `<tmx>` is refused there too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat

from l10n.errors import L10nError, counted
from l10n.files import MAX_BYTES, regular
from l10n.locale import resolve


@dataclass(frozen=True)
class Pair:
    """An English segment and its translation, as a translation memory holds them."""

    source: str
    # the English segment
    target: str
    # its translation
    origin: str = ""
    # where it came from, for the reviewer: a catalog's or TMX file's name, or the
    # `<prop type="x-origin">` of the TMX unit it was read from
    unreviewed: str = ""
    # why its tool marks it as no reviewed translation: MACHINE, DRAFT or REJECTED; "" for a reviewed one


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ORIGIN = "x-origin"
# the <prop> type of a unit's origin; TMX wants tool-specific prop types to start with `x-`. Matched
# case-sensitively: Trados's `x-Origin` says how a unit was made (TM, MachineTranslation,
# Alignment), not where it came from
MACHINE, DRAFT, REJECTED = "machine translation", "draft", "rejected"
# why a unit is not reviewed, as `read` says it
_STATES = frozenset({"x-confirmationlevel", "x-state", "x-status"})
# <prop> types whose value says how far a unit's review went (lower case, a Trados custom field's
# `:SinglePicklist` suffix cut): Trados's confirmation level, and the x-state / x-status of others
_ORIGINS = frozenset({"x-origin"})
# <prop> types whose value may name a machine origin: Trados's x-Origin (TM, MachineTranslation ...)
_APPROVED = frozenset({"approvedtranslation", "approvedsignoff", "approved", "reviewed", "signedoff", "final"})
# review states of a reviewer's approval (Trados, XLIFF 1.2 and 2), which outweigh a machine origin
_REJECTED = frozenset({"rejectedtranslation", "rejectedsignoff", "rejected"})
_DRAFTS = frozenset({"draft", "new", "initial", "needstranslation", "needsadaptation", "needsl10n",
                     "needsreviewtranslation", "needsreviewadaptation", "needsreviewl10n", "unconfirmed"})
# review states of a translation nobody confirmed: Trados's Draft, XLIFF 1.2's new and needs-*, XLIFF 2's initial
_MACHINES = frozenset({"machinetranslation", "adaptivemachinetranslation", "automatictranslation", "nmt", "mt",
                       "amt", "machinetranslated", "neuralmachinetranslation"})
# machine origins: Trados's TranslationUnitOrigin names (AutomaticTranslation is Trados 2022's name
# for MT) and SDLXLIFF's short ones
_MT_AUTHOR = "MT!"
# the author Okapi (Util.MTFLAG), GlobalSight and MyMemory give machine translations
_KEPT = frozenset({"hi", "sub"})
# inline elements whose text is text of the segment: highlighted text, a sub-flow
_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
# inline elements holding a native code (`<b>`, `{\b `, a placeholder), dropped from the text
_SCRIPTS = {"zh_CN": ("Hans",), "ko_KR": ("Kore", "Hang")}
# the scripts a locale's text is written in: a `zh-Hant` segment is Traditional Chinese, not zh_CN
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# characters XML 1.0 cannot carry, even escaped: C0 controls, lone surrogates, U+FFFE, U+FFFF
_CHUNK = 1 << 16
_SHOWN = 8
# the most language tags an error lists


# --- writing ---------------------------------------------------------------------------


def language_tag(locale: str) -> str:
    """The BCP 47 language tag of a locale id, as TMX writes it: zh_CN → zh-CN, ko_KR → ko-KR."""
    return resolve(locale).replace("_", "-")


def _escape(text: str, pair: Pair | None = None, attribute: bool = False) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise L10nError(f"{text[:40]!r} holds U+{ord(bad.group()):04X}, a control character XML cannot carry; "
                        "remove it from the translation", pair.origin if pair and pair.origin else None)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def write(pairs: Sequence[Pair], locale: str, tool_version: str) -> str:
    """TMX 1.4b text of English → `locale` pairs, one `<tu>` a pair, in the order given.

    The origin of a pair is its unit's `<prop type="x-origin">`. No creation date is written:
    exporting an unchanged memory gives the same bytes. Carriage returns are written as
    `&#13;`, so segments come back as they went out.
    """
    lang = language_tag(locale)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">',
             f'  <header creationtool="l10n" creationtoolversion="{_escape(tool_version, attribute=True)}" '
             'datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="l10n"/>',
             "  <body>"]
    for pair in pairs:
        lines.append("    <tu>")
        if pair.origin:
            lines.append(f'      <prop type="{_ORIGIN}">{_escape(pair.origin, pair)}</prop>')
        lines.append(f'      <tuv xml:lang="en"><seg>{_escape(pair.source, pair)}</seg></tuv>')
        lines.append(f'      <tuv xml:lang="{lang}"><seg>{_escape(pair.target, pair)}</seg></tuv>')
        lines.append("    </tu>")
    return "\n".join([*lines, "  </body>", "</tmx>", ""])


# --- reading XML as a stream -----------------------------------------------------------


class _Root(Exception):
    """The prolog is read: the root element starts here."""


def _malformed(error: str, path: Path, line: int, kind: str) -> L10nError:
    return L10nError(f"is not well-formed XML ({error}); export the {kind} again from its tool", path, line)


def _prolog(stream, path: Path, root: str, kind: str) -> None:
    """Read `stream` up to its root element: refuse entity declarations, an encoding Python
    cannot decode, and a root other than `root`."""
    parser = expat.ParserCreate()

    def entity(name, *_):
        raise L10nError(f"declares the XML entity `{name}`, which no {kind} needs; l10n expands no entities (they "
                        f"make entity bombs and read other files): export the {kind} again from its tool", path,
                        parser.CurrentLineNumber)

    def start(name, _):
        if name != root:
            raise L10nError(f"is not {kind}: its root element is <{name}>, not <{root}>; give a {kind} file", path,
                            parser.CurrentLineNumber)
        raise _Root

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Root:
        return
    except expat.ExpatError as error:
        raise _malformed(str(error), path, error.lineno, kind)
    except LookupError as error:  # `<?xml encoding="..."?>` naming no codec Python has
        raise L10nError(f"declares an encoding Python does not know ({error}); export the {kind} again as UTF-8",
                        path, 1)
    except ValueError as error:  # expat reads a declared legacy encoding only if it is single-byte: not GBK
        raise L10nError(f"declares an encoding the XML reader cannot decode ({error}); export the {kind} again as "
                        "UTF-8", path, 1)


def _elements(path: Path, limit: int, kind: str, root: str, tags: Collection[str]) -> Iterator[ET.Element]:
    """Each complete element named in `tags` of an XML file whose root is `root`, as the stream reaches its end.

    Every element finished outside those is dropped from the tree at once, and each yielded
    one when the caller asks for the next: however long the file, the tree holds one element
    of `tags` and its ancestors. `kind` ("TMX") names the file in messages.
    """
    regular(path, limit, f"{kind} file")
    try:
        with open(path, "rb") as stream:
            _prolog(stream, path, root, kind)
            stream.seek(0)
            ancestors: list[ET.Element] = []
            inside = 0  # how many elements of `tags` are open
            for event, element in ET.iterparse(stream, events=("start", "end")):
                if event == "start":
                    ancestors.append(element)
                    inside += element.tag in tags
                    continue
                ancestors.pop()
                if element.tag in tags:
                    inside -= 1
                    yield element
                if ancestors and not inside:
                    ancestors[-1].remove(element)
    except OSError as error:
        raise L10nError(f"cannot be read ({error.strerror}); check its permissions", path)
    except ET.ParseError as error:
        raise _malformed(str(error), path, error.position[0], kind)


# --- reading TMX -----------------------------------------------------------------------


def _text(seg: ET.Element) -> str:
    """The text of a `<seg>`: native codes (`<bpt>`, `<ph>` ...) dropped, `<hi>` and `<sub>` text kept.

    Walked with a list, not recursion: a hostile file may nest inline elements thousands deep.
    """
    parts: list[str] = []
    todo: list[tuple[ET.Element | str, bool]] = [(seg, True)]
    while todo:
        node, kept = todo.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        if kept and node.text:
            parts.append(node.text)
        for child in reversed(node):
            if kept and child.tail:
                todo.append((child.tail, True))
            todo.append((child, child.tag in _KEPT or (kept and child.tag not in _CODES)))
    return "".join(parts)


def _lang(element: ET.Element) -> str:
    """A `<tuv>`'s language: `xml:lang`, or TMX 1.1's `lang`."""
    return (element.get(_XML_LANG) or element.get("lang") or "").strip()


def _english(lang: str) -> bool:
    return re.split("[-_]", lang, maxsplit=1)[0].lower() == "en"


def _locale(lang: str) -> str | None:
    """The locale id a TMX language tag means (`zh-Hans`, `ZH-CN`, `zh` → zh_CN), or None."""
    try:
        locale = resolve(lang)
    except L10nError:
        return None
    script = next((part.title() for part in re.split("[-_]", lang)[1:] if len(part) == 4 and part.isalpha()), "")
    return None if script and locale in _SCRIPTS and script not in _SCRIPTS[locale] else locale


@dataclass(frozen=True)
class _Unit:
    """What a `<tu>` holds for l10n."""

    source: str
    # the English segment, or "" when the unit has none
    targets: dict[str, tuple[str, str]]
    # locale id → (segment, why it is not reviewed or ""), for each other language l10n knows,
    # first segment of each
    origin: str
    # its `<prop type="x-origin">`, or ""
    langs: tuple[str, ...]
    # the language tags of its <tuv>s, as written


def _key(value: str) -> str:
    """A review state or origin as compared: `Needs-Review-Translation` → needsreviewtranslation."""
    return re.sub(r"[\s_-]", "", value).lower()


def _props(element: ET.Element, types: frozenset[str]) -> set[str]:
    """The values of an element's own `<prop>`s of these types, as `_key` gives them."""
    return {_key(prop.text) for prop in element.findall("prop")
            if prop.text and prop.get("type", "").split(":")[0].strip().lower() in types}


def _unreviewed(tu: ET.Element, tuv: ET.Element) -> str:
    """Why the unit's tool marks the translation in `tuv` as no reviewed one, or "" (see the module docstring)."""
    states = _props(tu, _STATES) | _props(tuv, _STATES)
    if states & _APPROVED:
        return ""
    if states & _REJECTED:
        return REJECTED
    author = next((value.strip() for value in (tuv.get("changeid"), tuv.get("creationid"), tu.get("changeid"),
                                               tu.get("creationid")) if value and value.strip()), "")
    if author == _MT_AUTHOR or (states | _props(tu, _ORIGINS) | _props(tuv, _ORIGINS)) & _MACHINES:
        return MACHINE
    return DRAFT if states & _DRAFTS else ""


def _units(path: Path, limit: int) -> Iterator[_Unit]:
    """Each `<tu>` of a TMX file."""
    srclang = ""
    locales: dict[str, str | None] = {}  # language tag → locale id, resolved once a tag per file
    for element in _elements(path, limit, "TMX", "tmx", ("header", "tu")):
        if element.tag == "header":
            srclang = element.get("srclang", "").strip().lower()
            continue
        segments = [(_lang(tuv), "" if seg is None else _text(seg), tuv)
                    for tuv in element.findall("tuv") for seg in [tuv.find("seg")]]
        english = [(lang.lower(), text) for lang, text, _ in segments if _english(lang) and text.strip()]
        preferred = (element.get("srclang") or srclang).strip().lower()
        source = next((text for lang, text in english if lang == preferred), english[0][1] if english else "")
        targets: dict[str, tuple[str, str]] = {}
        for lang, text, tuv in segments:
            if not _english(lang) and text.strip():
                if lang not in locales:
                    locales[lang] = _locale(lang)
                if locales[lang] and locales[lang] not in targets:
                    targets[locales[lang]] = (text, _unreviewed(element, tuv))
        origin = next((prop.text.strip() for prop in element.findall("prop")
                       if prop.get("type") == _ORIGIN and prop.text and prop.text.strip()), "")
        yield _Unit(source, targets, origin, tuple(lang for lang, _, _ in segments))


def read(path: Path, locale: str, limit: int = MAX_BYTES, unreviewed: bool = False) -> list[Pair]:
    """The English → `locale` pairs of a TMX file, from Trados, memoQ, Phrase, OmegaT or l10n.

    English is the `<tuv>` whose language is `en`, `en-US`, `en-GB` ... (the one the unit's or
    header's `srclang` names when there are several); the translation is the first whose
    language means `locale` (`zh-CN`, `zh_CN`, `zh-Hans`, `zh`, `ZH-CN` for zh_CN). TMX 1.1's
    `lang` attribute is read like `xml:lang`. A segment's inline codes are dropped and the text
    of `<hi>` and `<sub>` kept; whitespace is kept as the segment has it. Units without both
    sides are skipped. The origin is the unit's `<prop type="x-origin">`, else the file's name.

    Units their tool marks as machine output, drafts or rejected (see the module docstring) are
    left out; with `unreviewed`, they are given too, each with `Pair.unreviewed` saying why.
    """
    return _read(path, locale, limit, unreviewed)[0]


def reviewed(path: Path, locale: str, limit: int = MAX_BYTES) -> tuple[list[Pair], Counter[str]]:
    """What `read` gives, and how many units it left out as not reviewed, by why (`summary` words
    it): what `l10n tm import` reports."""
    return _read(path, locale, limit, False)


def _read(path: Path, locale: str, limit: int, unreviewed: bool) -> tuple[list[Pair], Counter[str]]:
    locale = resolve(locale)
    pairs: list[Pair] = []
    units = 0
    skipped: Counter[str] = Counter()
    seen: dict[str, None] = {}  # the first few language tags met, for the message when no unit pairs
    for unit in _units(path, limit):
        units += 1
        if unit.source and locale in unit.targets:
            target, why = unit.targets[locale]
            if why and not unreviewed:
                skipped[why] += 1
            else:
                pairs.append(Pair(unit.source, target, unit.origin or path.name, why))
        elif len(seen) < _SHOWN:
            seen.update(dict.fromkeys(unit.langs[:_SHOWN]))
    lang = language_tag(locale)
    if not units:
        raise L10nError(f"holds no translation unit (<tu>); export the memory again, with English source segments "
                        f"and {lang} translations", path)
    if not pairs and skipped:
        count = sum(skipped.values())
        raise L10nError(f"has no reviewed {lang} translation: its tool marks {'its' if count == 1 else 'all'} "
                        f"{counted(count, f'English → {lang} unit')} as not reviewed ({summary(skipped)}); have "
                        f"{'it' if count == 1 else 'them'} reviewed and approved in that tool, then export the memory "
                        "again", path)
    if not pairs:
        found = ", ".join(tag or "none" for tag in list(seen)[:_SHOWN])
        raise L10nError(f"has no translation unit with both an English and a {lang} segment (languages found: "
                        f"{found}); export the memory with English as source and {lang} as a target", path)
    return pairs, skipped


def summary(skipped: Counter[str]) -> str:
    """How many units were left out, and why: `3 machine translation, 1 draft`."""
    return ", ".join(f"{count} {why}" for why, count in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))


def locales(path: Path, limit: int = MAX_BYTES) -> frozenset[str]:
    """The locale ids that `read` finds pairs for in a TMX file: those of a unit with English, reviewed
    or not (`read` says so when a locale has no reviewed unit)."""
    return frozenset(locale for unit in _units(path, limit) if unit.source for locale in unit.targets)
