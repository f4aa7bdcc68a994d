"""Spans that must survive machine translation: find them, mask them, restore and verify them.

Argos Translate knows no glossary and no placeholders, so l10n swaps every protected span for a
token before MT and swaps it back after. Tokens are ASCII letters and digits (`ZX3`): they are
in every SentencePiece vocabulary, hold no `_` (which Argos's decoding turns into a space), and
NMT copies them through. Restoring checks that every token comes back exactly once; whatever
was lost or duplicated is reported, never dropped silently.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.inline import TAG
from l10n.model import Match, Span

# Every pattern here runs on whole releases, catalogs and engine output, so each runs in time linear
# in its text: a quantifier that cannot give anything back is possessive (`++`), a pattern whose start
# could fall inside a run it already failed on has a lookbehind, and a lookahead that would scan a run
# from each of its positions is bounded. Otherwise a 250,000-letter word costs minutes (issue #24).
#
# ASCII only: `联系BD@xellsmart.com` holds the address BD@xellsmart.com, not 联系BD@... An address
# starts where no address character stands before it: a later start inside the same run would end
# at the same `@` and fail as the first did.
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)+")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'）)]+[^\s<>\"'）).,;:!?]", re.I)
PHONE = re.compile(
    r"\+\d{1,3}[\s.\-]?\(?\d{1,4}\)?(?:[\s.\-]?\d{2,4}){2,4}"  # +82-2-555-0199, +1 (858) 555 0142
    r"|\(?\b\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}\b"  # 858-555-0142
)
TICKER = re.compile(r"\b(?:Nasdaq|NASDAQ|NYSE(?: American)?|KOSDAQ|KOSPI|KRX|HKEX|SSE|SZSE|STAR|TSX|LSE|ASX|SGX)"
                    r"\s*:\s*[A-Z0-9]{1,6}(?:\.[A-Z]{1,2})?\b")
# Product, trial and registry codes: capitals and digits, maybe hyphenated (XS228, NCT06612345, KT-301),
# a digit among the first CODE_DIGIT_WITHIN characters.
CODE_DIGIT_WITHIN = 40
CODE = re.compile(rf"\b(?=[A-Z\-]{{0,{CODE_DIGIT_WITHIN - 1}}}+\d)[A-Z][A-Z0-9]*+(?:-[A-Z0-9]++)*\b")
# Numbers with a unit of measure; scale words (`10 million`) are left to MT, which must render
# them in the target's own units (`1000万`, `1,000만`). At most NUMBER_GROUPS separators in one.
NUMBER_GROUPS = 16
NUMBER = re.compile(
    rf"(?<![\w.])(?>\d++(?:[.,]\d++){{0,{NUMBER_GROUPS}}})\s?"
    r"(?:%|mg/kg|mg/m2|cells/kg|mg|μg|mcg|ng|kg|g|mL|ml|μL|L|mm|cm|km|IU|°C|°F|mmHg|nM|μM|mM|kDa)(?![\w/])"
)
PATTERNS = (("url", URL), ("email", EMAIL), ("ticker", TICKER), ("code", CODE), ("phone", PHONE), ("number", NUMBER))

TOKEN = "ZX{}"
TOKEN_PATTERN = re.compile(r"Z[\s_]?X[\s_]?(\d+)", re.I)


def spans(text: str, matches: list[Match], locale: str) -> list[Span]:
    """Protected spans of `text`, non-overlapping, in order.

    `matches` are the glossary's matches in the text: a `dnt` term keeps its text, a `term` or
    `name` becomes its approved target in `locale`. Inline tags (`<b>`, `</a1>`, an object's
    `<x1/>`) come first, then URLs and emails, so that a glossary word inside an address stays
    part of the address.
    """
    taken = [Span(m.start(), m.end(), "tag", m[0]) for m in TAG.finditer(text)]
    for kind, pattern in PATTERNS[:3]:
        taken = _claimed(taken, (Span(m.start(), m.end(), kind, m[0]) for m in pattern.finditer(text)))
    taken = _claimed(taken, (Span(m.start, m.end, m.term.kind, m.text if m.term.kind == "dnt" else m.term.target(locale))
                             for m in matches))
    for kind, pattern in PATTERNS[3:]:
        taken = _claimed(taken, (Span(m.start(), m.end(), kind, m[0]) for m in pattern.finditer(text)))
    return _wrapped(taken)


def _claimed(taken: list[Span], found: Iterable[Span]) -> list[Span]:
    """`taken` (in order, none overlapping) with each span of `found` that overlaps none taken before it, in order.

    Whether a span is free is looked up by bisection, so that 100,000 codes cost n log n, not n².
    """
    starts = [span.start for span in taken]
    added: list[Span] = []
    added_starts: list[int] = []
    for span in found:
        if _free(taken, starts, span) and _free(added, added_starts, span):
            at = bisect.bisect(added_starts, span.start)  # found in order: an append
            added.insert(at, span)
            added_starts.insert(at, span.start)
    return sorted(taken + added, key=lambda s: s.start) if added else taken


def _free(spans: list[Span], starts: list[int], span: Span) -> bool:
    """`span` overlaps none of `spans`, which are in order and do not overlap (so their ends are in order too)."""
    before = bisect.bisect_left(starts, span.end)  # spans[:before] start before `span` ends
    return before == 0 or spans[before - 1].end <= span.start


def _wrapped(found: list[Span]) -> list[Span]:
    """The spans with each `<b>` + span + `</b>` (tags right around one span) made one span, so MT
    moves a bold name or a linked address as one token instead of three glued together."""
    result: list[Span] = []
    for span in found:
        if (len(result) >= 2 and span.kind == "tag" and span.value.startswith("</")
                and result[-2].kind == "tag" and result[-2].value == "<" + span.value[2:]
                and result[-2].end == result[-1].start and result[-1].end == span.start and result[-1].kind != "tag"):
            opening, inner = result[-2], result[-1]
            result[-2:] = [Span(opening.start, span.end, inner.kind, opening.value + inner.value + span.value)]
        else:
            result.append(span)
    return result


@dataclass(frozen=True)
class Masked:
    """A unit's text with its protected spans replaced by tokens."""

    text: str
    spans: tuple[Span, ...]
    # spans[i] is behind token TOKEN.format(i)
    spaced: frozenset[tuple[int, str]] = frozenset()
    # (i, "before" | "after"): a space put between token i and a letter or digit it would touch


def _alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def mask(text: str, found: list[Span]) -> Masked:
    """`text` with each span replaced by its token. A token touching a letter or digit gets a
    space there (`<b>52` would be `ZX052`, token 52), which restoring takes out again."""
    parts, at, spaced = [], 0, set()
    for index, span in enumerate(found):
        before = text[at:span.start]
        previous = before[-1:] if before else parts[-1][-1:] if parts else ""  # a token, or its space
        if _alnum(previous):
            before += " "
            spaced.add((index, "before"))
        parts.append(before + TOKEN.format(index))
        at = span.end
        if _alnum(text[at:at + 1]):
            parts.append(" ")
            spaced.add((index, "after"))
    return Masked("".join(parts) + text[at:], tuple(found), frozenset(spaced))


@dataclass(frozen=True)
class Restored:
    """A translation with its spans put back, and what did not come back exactly once."""

    text: str
    lost: tuple[Span, ...] = ()
    duplicated: tuple[Span, ...] = ()
    strays: tuple[str, ...] = ()
    # tokens in the output that name no span

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.strays)


def unmask(masked: Masked, translation: str, locale: str) -> Restored:
    """Put the spans back into a machine translation of `masked.text`.

    Tokens are found even when MT re-cased them or put a space inside (`zx 3`). A token that
    came back once is replaced; one that came back twice is replaced each time and reported;
    a lost one is reported. In Korean the particle after a restored span is made to agree
    with the span's last syllable.
    """
    counts: dict[int, int] = {}
    strays: list[str] = []

    def restore(found: re.Match[str]) -> str:
        index = int(found[1])
        if index >= len(masked.spans):
            strays.append(found[0])
            return found[0]
        counts[index] = counts.get(index, 0) + 1
        return f"\x00{index}\x00"

    marked = TOKEN_PATTERN.sub(restore, translation)
    # the spaces mask() put in come out again, one side at a time: two tokens may share one
    marked = re.sub(r"\x00(\d+)\x00 ", lambda m: m[0][:-1] if (int(m[1]), "after") in masked.spaced else m[0], marked)
    marked = re.sub(r" \x00(\d+)\x00", lambda m: m[0][1:] if (int(m[1]), "before") in masked.spaced else m[0], marked)
    # An inline tag (`</b>`, an object's `<x1/>`) has no sound: the particle after it is MT's to choose.
    text = re.sub(r"\x00(\d+)\x00(으로|로|[은는이가을를과와](?![가-힣]))?",
                  lambda m: _with_particle(masked.spans[int(m[1])].value, m[2], locale)
                  if masked.spans[int(m[1])].kind != "tag" else masked.spans[int(m[1])].value + (m[2] or ""), marked)
    return Restored(
        text,
        lost=tuple(span for i, span in enumerate(masked.spans) if i not in counts),
        duplicated=tuple(masked.spans[i] for i, n in counts.items() if n > 1),
        strays=tuple(strays),
    )


# --- Korean particles ------------------------------------------------------------------

# (after a final consonant, after a vowel); 으로/로 also takes 로 after ㄹ.
PARTICLES = (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"))
# The Korean reading of a final Latin letter or digit ends in a consonant for these
# (엘, 엠, 엔, 알; 영, 일, 삼, 육, 칠, 팔, 십); `ㄹ` readings are listed apart for 으로/로.
_CONSONANT_READING = set("LMNR013678")
_RIEUL_READING = set("LR178")


# Its start is that of a run of spaces, never inside one: a start inside it would fail as the first did.
_LAST_PARENTHESIS = re.compile(r"(?<!\s)\s*+[(（][^()（）]*+[)）]\s*+$")


def final_consonant(word: str) -> str | None:
    """'ㄹ', another consonant as 'C', or None for a vowel, of the last sound of `word`.

    A parenthesis at the end is skipped: `미국 식품의약국(FDA)` ends in 국.
    """
    core = _LAST_PARENTHESIS.sub("", word).rstrip(" .,)")
    if not core:
        return None
    last = core[-1]
    if "\uac00" <= last <= "\ud7a3":
        final = (ord(last) - 0xAC00) % 28
        return None if final == 0 else "ㄹ" if final == 8 else "C"
    upper = last.upper()
    if upper in _RIEUL_READING:
        return "ㄹ"
    return "C" if upper in _CONSONANT_READING else None


def _with_particle(value: str, particle: str | None, locale: str) -> str:
    if not particle or not locale.startswith("ko"):
        return value + (particle or "")
    final = final_consonant(TAG.sub("", value))  # `<b>CRV-101</b>` sounds as CRV-101
    for after_consonant, after_vowel in PARTICLES:
        if particle in (after_consonant, after_vowel):
            if after_consonant == "으로":
                return value + ("로" if final in (None, "ㄹ") else "으로")
            return value + (after_vowel if final is None else after_consonant)
    return value + particle
