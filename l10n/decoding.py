"""Bytes to text: a release's encoding, from its byte-order mark, UTF-8, or the evidence of its non-ASCII bytes."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from l10n.errors import L10nError


def _is_common_hangul(c: str) -> bool:
    """One of the 2,350 syllables of KS X 1001: Japanese Shift_JIS read as cp949 gives rare ones."""
    return len(c.encode("euc_kr")) == 2  # Python spells the other syllables as 8-byte jamo sequences


def _is_gb2312_hanzi(c: str) -> bool:
    """One of the 6,763 characters of GB2312: other bytes read as GB18030 give rarer ones or private-use."""
    try:
        return "\u4e00" <= c <= "\u9fff" and len(c.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


# A release that is not UTF-8 is Windows-1252 (an English page saved on Windows; Latin-1 text
# reads the same) or in the code page of a Korean, Japanese or Chinese page it was pasted from,
# with a few lines of that script (a weather widget, a menu): too little text for a statistical
# detector (charset-normalizer took eight Chinese characters for Shift_JIS, a Latin-1 `Zürich`
# for GB18030). So each reading is judged by what it makes of the non-ASCII bytes (`decode`).
WESTERN = "cp1252"
# What English text has in Windows-1252 besides Latin letters (Zürich, café): typographic
# punctuation, of which the opening marks may stand right before a letter (“École, l’Été), and
# symbols, of which the trade marks may follow a word (Nestlé®).
_PUNCTUATION = "‘’“”–—…•·†‡«»´\u00a0\u00ad"
_OPENING = ("", "‘", "’", "“", "–", "—", "«")
_SYMBOLS = "€£¥¢©®™°±×÷§µ²³¹¼½¾"
_TRADE_MARKS = "®™©"
# ASCII signs that follow no letter or mark in English, but are trail bytes of Big5 and Shift_JIS.
_TRAIL_SIGNS = frozenset("@\\^_`{|}~")
# Windows-1252's punctuation bytes (… ‘ ’ “ ” • – —): cp949 and GB18030 make only rare characters
# of them (`’s` reads `뭩`, `抯`), so one is the sign of Windows-1252 text read in the wrong code
# page; Shift_JIS makes common kanji of them (`東` is 0x93 0x8C) and needs other evidence.
_PUNCTUATION_BYTES = frozenset(b"\x85\x91\x92\x93\x94\x95\x96\x97")
# CJK code pages, in this order: a Korean release read as GB18030 is Chinese characters too, and
# GB2312 text read as Big5; Shift_JIS reads Korean and Chinese bytes as half-width katakana. Each
# with the letters its text is made of, common ones (other bytes read as cp949 give rare Hangul
# syllables, as GB18030 rare or private-use characters), and the Windows-1252 punctuation bytes
# that only its rare characters hold (Big5 has none of them).
CJK_ENCODINGS: tuple[tuple[str, Callable[[str], bool], frozenset[int]], ...] = (
    ("cp949", lambda c: "\uac00" <= c <= "\ud7a3" and _is_common_hangul(c), _PUNCTUATION_BYTES),
    ("shift_jis", lambda c: "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff", frozenset()),
    ("gb18030", _is_gb2312_hanzi, _PUNCTUATION_BYTES),
    ("big5", lambda c: "\u4e00" <= c <= "\u9fff", frozenset()),
)

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: the UTF-32 LE BOM starts with UTF-16's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)



def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_BETWEEN_MARKS = re.compile(f"[^{_PUNCTUATION}]+")


def _ascii_letter(text: str, at: int) -> bool:
    return 0 <= at < len(text) and text[at].isascii() and text[at].isalpha()


def _english_run(run: str) -> bool:
    """A stretch of non-ASCII characters as English text has them in Windows-1252: punctuation, and
    between the marks one symbol (`“€5`, `25°C`) or one or two Latin letters (`Größe`, `Nestlé®`),
    an opening quote or dash the only mark right before a letter (`“École`, `l’Été`). CJK bytes
    read so give longer runs and odd pairs (`한국` reads `ÇÑ±¹`, Shift_JIS `緋` reads `”ê`)."""
    for piece in _BETWEEN_MARKS.finditer(run):
        core = piece[0]
        if len(core) == 1 and core in _SYMBOLS:
            continue
        word = core[:-1] if core[-1] in _TRADE_MARKS else core
        before = run[piece.start() - 1] if piece.start() else ""
        latin = all(c.isalpha() and c not in "ªºƒ" for c in word)  # ordinals and the florin sign: no English letters
        if not (0 < len(word) <= 2 and latin and before in _OPENING):
            return False
    return True


def _western(data: bytes) -> str | None:
    """The Windows-1252 reading, if it looks like English text. A byte Windows-1252 leaves undefined
    (0x81, 0x8D, 0x8F, 0x90, 0x9D) is a C1 control in Latin-1: no text either way."""
    try:
        text = data.decode(WESTERN)
    except UnicodeDecodeError:
        return None
    return text if all(_english_run(run[0]) and text[run.end():run.end() + 1] not in _TRAIL_SIGNS
                       for run in _NON_ASCII.finditer(text)) else None


def _takes_letter(char: str, codec: str) -> bool:
    """The character's trail byte is an ASCII letter (`黵` is `ü` and `r`)."""
    raw = char.encode(codec, "replace")
    return len(raw) == 2 and raw[1] < 0x80 and chr(raw[1]).isalpha()


def _cjk(data: bytes, codec: str, own: Callable[[str], bool], punctuation: frozenset[int], western: bool) -> str | None:
    """The reading in `codec`, if 90% of its letters are that script's own and, when a Windows-1252
    reading makes sense (`western`), it takes no bytes of it: a punctuation byte, the ASCII letter
    of a word it is glued to (`Z黵ich`, `company痴`), a place inside a Latin word (`Gr鲞e`). Real
    Korean glued to a Latin word (`FDA의`) is made of high bytes only."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    letters = mine = 0
    for run in _NON_ASCII.finditer(text):
        chars = run[0]
        before, after = _ascii_letter(text, run.start() - 1), _ascii_letter(text, run.end())
        if western and ((before and after) or (before and _takes_letter(chars[0], codec))
                        or (after and _takes_letter(chars[-1], codec))
                        or not punctuation.isdisjoint(chars.encode(codec, "replace"))):
            return None
        found = [c for c in chars if c.isalpha() or "\ue000" <= c <= "\uf8ff"]  # private use: undefined bytes
        letters += len(found)
        mine += sum(map(own, found))
    return text if mine >= 0.9 * letters else None


def _around(text: str, at: int) -> str:
    """The words of `text` around index `at`, 20 characters either side at most, on its line."""
    start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    end = min((i for i in (text.find("\n", at), text.find("\r", at)) if i >= 0), default=len(text))
    left, right = max(start, at - 20), min(end, at + 20)
    if left > start and " " in text[left:at]:
        left = text.index(" ", left, at) + 1
    if right < end and " " in text[at:right]:
        right = text.rindex(" ", at, right)
    return text[left:right].strip()


def decode(data: bytes, source: Path, encoding: str | None = None) -> tuple[str, str, bool]:
    """Text of a release file, the codec used, and whether that codec was a guess.

    Without `encoding`: a byte-order mark, else UTF-8, else the Windows-1252 and CJK readings
    (see WESTERN, CJK_ENCODINGS). Windows-1252 wins when its non-ASCII characters are English
    text's and no CJK reading makes sense without taking its punctuation or letters; a CJK code
    page wins when Windows-1252 makes no sense; a file both read well (one Korean syllable after
    an acronym) or neither is refused, naming --encoding: a wrong guess turns `company’s` into
    `company痴` for every translator after.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding, False
        except LookupError:
            raise L10nError(f"unknown encoding {encoding!r}; use a codec name such as utf-8, cp949 or gb18030", source)
        except UnicodeDecodeError as error:
            raise L10nError(
                f"byte 0x{data[error.start]:02x} is not valid {encoding}; check --encoding or leave it out to detect",
                source, _line_of(data, error.start),
            )
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, False
            except UnicodeDecodeError as error:
                raise L10nError(f"starts with a {codec} byte-order mark but is not valid {codec}; re-save it as UTF-8",
                                source, _line_of(data, error.start))
    if b"\x00" in data:
        raise L10nError("looks like a binary file (it holds NUL bytes), not a text release; save it as UTF-8 text",
                        source, _line_of(data, data.index(b"\x00")))
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError as error:
        bad = error.start
    western = _western(data)
    for codec, own, punctuation in CJK_ENCODINGS:
        reading = _cjk(data, codec, own, punctuation, western is not None)
        if reading is None:
            continue
        if western is None:
            return reading, codec, True
        at = _NON_ASCII.search(western).start()  # both readings agree on the ASCII before it
        raise L10nError(
            f"cannot tell its text encoding: it reads as Windows-1252 (“{_around(western, at)}”) or as {codec} "
            f"(“{_around(reading, at)}”); pass --encoding {WESTERN} or --encoding {codec}, or save it as UTF-8",
            source, _line_of(data, at),
        )
    if western is not None:
        return western, WESTERN, True
    names = ", ".join(codec for codec, *_ in CJK_ENCODINGS)
    raise L10nError(
        f"cannot tell its text encoding: byte 0x{data[bad]:02x} is not UTF-8, and it reads as text in none of "
        f"Windows-1252, {names}; pass --encoding with its codec, or save it as UTF-8", source, _line_of(data, bad),
    )
