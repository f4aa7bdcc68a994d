"""Quality checks over catalog entries that understand Chinese and Korean.

Each check is a function `(source, target, context) -> message | None` whose docstring is its
user-facing description; `CHECKS` lists them in order with their severity: `error` for wrong
meaning or broken content, `warning` for a likely problem, `info` for style. Unlike checkers
that tokenize on whitespace, these read `1000万` as ten million, an email glued to Chinese text
as an email, and `척수손상은` as the term 척수손상 with its particle.

What an entry is decides which checks fit it: a pseudo-translation is checked only for what the
pseudo engine guarantees, and a contact line, kept as written, not for its language or layout.
Its format flag decides which placeholders its texts hold (FORMAT_FLAGS: `c-format` printf, where
only numbered directives may change places; `python-brace-format`; `qt-format`; `icu-format` and
`java-format` MessageFormat, whose messages are translated around the arguments; `sh-format`); an
entry without one is read for the families no prose is mistaken for (UNFLAGGED), and every entry
for HTML and XML tags and masking tokens (ALWAYS). Numbers are values whoever writes them: `three`,
`三`, `세` and `3` are one; brackets and quotes pair as the target language writes them.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from l10n import inline
from l10n.engines.pseudo import ACCENTS
from l10n.errors import noun
from l10n.locale import MONTHS, traditional
from l10n.model import Finding, Match
from l10n.protect import EMAIL, PATTERNS, TOKEN_PATTERN, URL


@dataclass(frozen=True)
class Context:
    locale: str
    matches: tuple[Match, ...]
    # glossary matches in the source
    kinds: tuple[str, ...] = ()
    # kinds of the units the entry stands for (`body`, `contact` ...), from its `kind:` comment
    engine: str = ""
    # the engine that wrote the translation (`argos`, `pseudo` ...), from its `engine:` comment
    formats: tuple[str, ...] = ()
    # the entry's format flags (`c-format`, `no-c-format` ...): which placeholders its texts hold


def _language(ctx: Context) -> str:
    return ctx.locale.split("_")[0]


def _without(text: str, matches: Iterable[Match]) -> str:
    """The text with the matches blanked out, every other offset unchanged."""
    chars = list(text)  # blanked in place: 10,000 matches cost the text once, not 10,000 times
    for match in matches:
        chars[match.start:match.end] = " " * (match.end - match.start)
    return "".join(chars)


def _unprotected(text: str, ctx: Context) -> str:
    """The text without emails, URLs, tickers, codes and the entry's placeholders, whose digits are
    not quantities."""
    for _, pattern in PATTERNS[:4]:
        text = pattern.sub(" ", text)
    return _found(text, ctx.formats)[1]


# --- glossary --------------------------------------------------------------------------


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _accepted(match: Match, ctx: Context) -> tuple[str, ...]:
    """The term's approved targets, the preferred one first; a `dnt` term's is its own text."""
    return match.term.accepted(ctx.locale) if match.term.kind != "dnt" else (match.text,)


@functools.lru_cache(maxsize=65536)
def _term_pattern(form: str, korean: bool) -> re.Pattern[str]:
    # Korean writes 척수손상 or 척수 손상 alike.
    body = r"\s*".join(re.escape(c) for c in form if not c.isspace()) if korean else re.escape(form)
    # A Latin edge must not continue a longer word: `II期` is not in `III期`.
    before = "(?<![A-Za-z0-9])" if _latin(form[0]) else ""
    after = "(?![A-Za-z0-9])" if _latin(form[-1]) else ""
    return re.compile(before + body + after)


def _rendered(match: Match, target: str, ctx: Context) -> bool:
    """Whether the translation holds one of the term's approved targets."""
    korean = _language(ctx) == "ko"
    return any(_term_pattern(form, korean).search(target) for form in filter(None, _accepted(match, ctx)))


def _rendering(target: str, ctx: Context) -> Callable[[Match], bool]:
    """`_rendered` for the matches of one entry, each term's targets looked for in the translation
    once: a source that names a term 10,000 times is not searched 10,000 times."""
    known: dict[tuple[str, ...], bool] = {}

    def rendered(match: Match) -> bool:
        forms = _accepted(match, ctx)
        if forms not in known:
            known[forms] = _rendered(match, target, ctx)
        return known[forms]
    return rendered


def _covered(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether [start, end) lies inside one of `spans`, which are in order and do not overlap (one
    pattern's matches), by bisection."""
    starts = [start for start, _ in spans]

    def inside(start: int, end: int) -> bool:
        at = bisect.bisect_right(starts, start) - 1  # the last span starting at or before `start`
        return at >= 0 and end <= spans[at][1]
    return inside


def glossary(source: str, target: str, ctx: Context) -> str | None:
    """Every glossary term of the source appears in the translation as one of its approved targets
    (in Korean spaces inside the term do not matter and particles may follow it); `dnt` terms
    appear verbatim. `II期` inside `III期` does not count."""
    # A term inside an address or ticker (`Nasdaq: KSTL`) belongs to it: `protected` checks those.
    inside = [_covered([m.span() for m in pattern.finditer(source)]) for _, pattern in PATTERNS[:3]]
    rendered = _rendering(target, ctx)
    missing = []
    for match in ctx.matches:
        if any(covered(match.start, match.end) for covered in inside):
            continue
        if not rendered(match):
            missing.append(f"{match.text} → {_accepted(match, ctx)[0]}")
    return f"missing approved term: {'; '.join(dict.fromkeys(missing))}" if missing else None


# --- numbers ---------------------------------------------------------------------------

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()) if w != "one"}
# Words that name a number but are not always translated as one: `one of` is 之一 or 중 하나, `one-time`
# 一次性 or 일회성, `first` 首, 第一, 최초 or 먼저 (`First,`). None is asked for; each explains a number of
# the translation (`28 translated as 29` beside a 第一 of `the first patient`).
_LOOSE = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1)} | {"one": 1}
_SCALES_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALES_CJK = {"千": 1e3, "천": 1e3, "万": 1e4, "萬": 1e4, "만": 1e4, "亿": 1e8, "億": 1e8, "억": 1e8, "兆": 1e12, "조": 1e12}
_HANZI = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "兩": 2, "十": 10}
_NAMED = _WORDS | _LOOSE | MONTHS
_ROMAN = {r: i for i, r in enumerate("I II III IV V VI VII VIII IX X".split(), start=1)}
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_EN_VALUE = re.compile(rf"(?<![A-Za-z0-9.\-])({_NUMBER})(?:\s*({'|'.join(_SCALES_EN)})\b)?(?![A-Za-z0-9])", re.I)
# A month counts only beside a number (`July 28`, `28 July`, `May 2025`): `results may differ` has none.
_EN_WORD = re.compile(rf"\b({'|'.join(_WORDS | _LOOSE)})\b"
                      rf"|\b({'|'.join(MONTHS)})\b\.?(?=\s*\d)|(?<=\d )({'|'.join(MONTHS)})\b", re.I)
# Units may follow a number directly in the translation (`5000㎡` reads `5000m2` once normalized), and
# a hyphen may glue it to a word (`angu-40`, Zulu's `40-bit`): its codes (`XS-228`) are protected spans.
_CJK_VALUE = re.compile(rf"(?<![A-Za-z0-9.])((?:{_NUMBER}\s*[{''.join(_SCALES_CJK)}]\s*)+(?:{_NUMBER})?|{_NUMBER})"
                        rf"(?![0-9])")
# The second kind starts where a run of numerals starts: a start inside one would end where the first did.
# The parts of a CJK value (`1,000万5千`), each a number and its scale. A number starts after no digit
# (a start inside one would fail as the first did) and has at most 16 groups of thousands (each may
# start one, and would read the rest again): `1万111…` or `1,000,000,…` cost their length squared.
_PART = r"(?<!\d)(?>\d++(?:,\d{3}){0,16}(?:\.\d++)?)"
_SCALED = re.compile(rf"({_PART})\s*+([{''.join(_SCALES_CJK)}])")
_SCALED_PART = re.compile(rf"{_PART}\s*+[{''.join(_SCALES_CJK)}]\s*")
# Chinese numerals count after 第 (ordinal), 前 (the first n) and 每 (every: 每三周, 每三週) and before
# a measure word, Simplified or Traditional (七项, 七項, 两名, 兩名, 三周, 三週, 二型, 两小时, 兩小時);
# elsewhere 一 is mostly a word's (统一, 一些).
_HANZI_NUMBER = re.compile(r"(?<=[第前每])[一二三四五六七八九十两兩]++"
                           r"|(?<![一二三四五六七八九十两兩])[一二三四五六七八九十两兩]++"
                           r"(?=[个個项項名例期次年月日位家款届屆周週天倍种種组組剂劑轮輪季型]|小时|小時|分钟|分鐘|星期)")
# Korean counts in its own numerals before a counter (두 명, 세 번, 세 주마다), the numeral a word of
# its own: 세계 (world) and 한국 (Korea) are not numbers.
_KOREAN = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_KOREAN_NUMBER = re.compile(rf"(?<![가-힣])({'|'.join(_KOREAN)}) ?(?=명|번|개|가지|차례|곳|건|배|달|해|시간|주|살)")
# Trial phases in Roman numerals: `I/II期`, `III상`, `Phase II`.
# At most ROMAN_PARTS of them (`I/II/III`): each part after a `/` may start one, and would read the rest again.
ROMAN_PARTS = 8
_ROMAN_PHASE = re.compile(rf"(?<![A-Za-z])((?>[IVX]++(?:/[IVX]++){{0,{ROMAN_PARTS - 1}}}))\s*+(?=[期상])"
                          rf"|\bPhase\s++([IVX]+(?:/[IVX]+)*)\b")


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def _source_values(text: str) -> list[tuple[float, str, bool]]:
    """(value, as written, whether a translation must state it) of each number of English text in
    order: `12 million`, `5,000`, `seven`, `July`, and the _LOOSE `first`, which need not."""
    found = [(m.start(), _float(m[1]) * _SCALES_EN.get((m[2] or "").lower(), 1), m[0], True)
             for m in _EN_VALUE.finditer(text)]
    found += [(m.start(), _NAMED[m[0].rstrip(".").lower()], m[0], m[0].lower() not in _LOOSE)
              for m in _EN_WORD.finditer(text)]
    return [(value, written, asked) for _, value, written, asked in sorted(found)]


def _hanzi(text: str) -> int:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_HANZI[tens] if tens else 1) * 10 + (_HANZI[ones] if ones else 0)
    return int("".join(str(_HANZI[c]) for c in text))


def _target_values(text: str) -> list[tuple[float, str]]:
    """(value, as written) of each number of a translation: `1000万`, `52`, `七`, `II`, `July`."""
    text = unicodedata.normalize("NFKC", text)  # full-width digits, `Ⅱ` as `II`
    values = []
    for found in _CJK_VALUE.finditer(text):
        total, rest = 0.0, found[1]
        for number, scale in _SCALED.findall(rest):
            total += _float(number) * _SCALES_CJK[scale]
        tail = _SCALED_PART.sub("", rest).strip()
        values.append((total + (_float(tail) if tail else 0), rest.strip()))
    values += [(_hanzi(m[0]), m[0]) for m in _HANZI_NUMBER.finditer(text)]
    values += [(_KOREAN[m[1]], m[1]) for m in _KOREAN_NUMBER.finditer(text)]
    values += [(_ROMAN[part], part) for m in _ROMAN_PHASE.finditer(text)
               for part in (m[1] or m[2]).split("/") if part in _ROMAN]
    # Numbers in English words count too: a pseudo-translation is English, and `10 million` may stay.
    values += [(value, written) for value, written, _ in _source_values(text) if re.search("[A-Za-z]", written)]
    return values


def _among(value: float, values: Iterable[float]) -> bool:
    return any(abs(value - v) < 1e-9 * max(1.0, abs(value)) for v in values)


def _among_any(values: Iterable[float]) -> Callable[[float], bool]:
    """`_among(value, values)` for many values: the nearest below and above are the only ones that can
    be close enough (subtraction keeps order), found by bisection, so 10,000 numbers cost n log n."""
    ordered = sorted(set(values))

    def among(value: float) -> bool:
        at = bisect.bisect_left(ordered, value)
        return _among(value, ordered[max(0, at - 1):at + 1])
    return among


def numbers(source: str, target: str, ctx: Context) -> str | None:
    """The translation states the same numbers: `5,000` = `5000`, `10 million` = `1000万` =
    `1,000만`, `800 million` = `8亿` = `8억`, full-width digits, numbers in words and numerals
    (`every three weeks` = `每三周` = `3주마다` = `세 주마다`; `two` = `两` = `二` = `2`), Roman
    trial phases (`Phase 2` = `II期`), and dates as values (`July 28, 2025` = `2025年7月28日`).
    `one` and ordinals (`first`) are not asked for (`one of` is `之一`, `first` may be `首`), but
    explain a `第一`. Numbers inside codes, addresses and placeholders are left to `protected` and
    `placeholders`, those inside a glossary term rendered as approved (`Phase 1/2` → `I/II期`) to
    `glossary`; a number glued to a word by a hyphen (`angu-40`) is one."""
    rendering = _rendering(target, ctx)
    rendered = [match for match in ctx.matches if rendering(match)]
    wanted = _source_values(_unprotected(_without(source, rendered), ctx))
    found = _target_values(_unprotected(target, ctx))
    in_target = _among_any(v for v, _ in found)
    missing = list(dict.fromkeys(written for value, written, asked in wanted if asked and not in_target(value)))
    if not missing:
        return None
    # One number of the source missing and one in the translation that the source has nowhere (a
    # glossary term's digits included) is one number translated wrong: `48 translated as 52`. No
    # arrow: beside a changed sentence's `52` → `48` it would point the wrong way. With more
    # numbers, which became which is a guess.
    in_source = _among_any(value for value, _, _ in _source_values(_unprotected(source, ctx)))
    extra = list(dict.fromkeys(written for value, written in found if not in_source(value)))
    if len(missing) == len(extra) == 1:
        return f"{missing[0]} translated as {extra[0]}"
    return f"{noun(len(missing), 'missing number')}: {', '.join(missing)}"


# --- placeholders ----------------------------------------------------------------------
#
# Each family of placeholders has a finder, `(text) -> (placeholders, rest)`: its placeholders in
# order and the text with them blanked out, so that a later family does not read one again and
# `numbers` does not read `%1$s` as a 1. The translation keeps a placeholder of the source when it
# has one of the same key, the key being what the placeholder stands for: printf's second argument
# is `%2$s` whether written `%s` or `%2$s` (numbered ones may move, unnumbered ones may not), `$VAR`
# is `${VAR}`. Every pattern runs in time linear in the text (issue #24): possessive repeats, and
# no part of a shape can start another one that would read the same run again.


class Placeholder(NamedTuple):
    key: str
    # what it stands for: `%2$s`, `{count, plural}`, `$HOME`
    shown: str
    # as the text writes it
    family: str
    # the name in FAMILIES of the family that found it
    within: str = ""
    # the key of the argument it is part of: a select's `{g, select, male}` is part of `{g, select}`


Found = tuple[list[Placeholder], str]


def _finder(pattern: re.Pattern[str], family: str,
            key: Callable[[re.Match[str]], str | None] = lambda match: match[0]) -> Callable[[str], Found]:
    """A finder of the matches of `pattern` that `key` gives a key (None: not a placeholder, as `%%`)."""
    def find(text: str) -> Found:
        found: list[Placeholder] = []

        def blank(match: re.Match[str]) -> str:
            named = key(match)
            if named is None:
                return match[0]
            found.append(Placeholder(named, match[0], family))
            return " "
        return found, pattern.sub(blank, text)
    return find


# l10n's own masking tokens as MT gives them back (`ZX3`, `zx 3`: protect.TOKEN_PATTERN), and the
# `⟦T1⟧` other masking pipelines write and no prose does. One left in a translation is text lost.
_MASKING = re.compile(rf"(?i:{TOKEN_PATTERN.pattern})|⟦[^⟦⟧\s]{{1,16}}+⟧")
# HTML and XML tags, XLIFF's and Okapi's inline codes among them (`<x id="1"/>`, `<g id="1">`,
# `</g>`, `<ph/>`): a name right after `<` and only attributes with values, so `p<0.05`, `x < y` and
# `a <b and c>` are prose. No part of a tag holds `<`: one that never closes is read up to the next `<`.
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*+(?:\s++[\w:.-]++\s*+=\s*+(?:\"[^\"<>]*+\"|'[^'<>]*+'|[^\s\"'<>=`]++))*+"
                  r"\s*+/?>")
# printf as C, Objective-C, Python's `%` and Java's printf write it: a position (`%1$s`) or a Python
# name (`%(name)s`), flags, width, precision, a size (`%lld`, `%ls`) and the conversion (`%S`, `%@`).
# `%%` is a percent sign; so is a `%` after a digit (`5%d` is 5% and a d).
_PRINTF = re.compile(r"%%|(?<![0-9])%(?:\((\w++)\)|([1-9]\d{0,2})\$)?+[-+#0']*+(\*|\d++)?+(?:\.(\*|\d*+))?+"
                     r"(hh|ll|I64|I32|[hlLqjzt])?+([diouxXeEfFgGaAcCsSpn@r])")
# Qt's and KDE's `%1` to `%99`, `%L1` (in the locale's digits) and Qt's plural count `%n`.
_QT = re.compile(r"%L?+(?:[1-9]\d?+|n(?![A-Za-z]))")
# Shell variables, `$VAR` and `${VAR}`: one variable, keyed by its name. `${VAR}` alone is also
# JavaScript's template literal (`${ name }`, as ttag writes it), a shape no prose has.
_SHELL = re.compile(r"\$\{\s*+([A-Za-z_][\w.]*+)\s*+\}|\$([A-Za-z_]\w*+)")
_TEMPLATE = re.compile(r"\$\{\s*+([A-Za-z_][\w.]*+)\s*+\}")
# Jinja and Angular (`{{var}}`), wikis (`[[1]]`) and regex replacements (`$1`; `$800 million` and
# `$8亿` are money).
_JINJA = re.compile(r"\{\{\s*+([\w.]++)\s*+\}\}")
_WIKI = re.compile(r"\[\[\w++\]\]")
_DOLLAR = re.compile(rf"\$\d++(?![\d.,]|\s*+(?:{'|'.join(_SCALES_EN)}|[{''.join(_SCALES_CJK)}]))")
# Python's `str.format`: `{{` and `}}` are braces, `{}` is the next argument; `{0}`, `{name}`,
# `{name!r:>10}` and `{0:{width}}` keep their conversion and format spec.
_PYTHON_BRACE = re.compile(r"\{\{|\}\}|\{([^{}!:]*+)(![rsa])?+(:(?:[^{}]|\{[^{}]*+\})*+)?+\}")


def _printf(text: str) -> Found:
    """printf directives, each keyed by the argument it takes: the n-th unnumbered one is `%n$`."""
    taken = 0

    def key(match: re.Match[str]) -> str | None:
        nonlocal taken
        if match[0] == "%%":
            return None
        name, position, width, precision, size, conversion = match.groups()
        kind = f"{'*' if width == '*' else ''}{'.*' if precision == '*' else ''}{size or ''}{conversion}"
        if name is not None:
            return f"%({name}){kind}"
        if position is None:
            taken += 1
        return f"%{position or taken}${kind}"
    return _finder(_PRINTF, "printf", key)(text)


def _python_brace(text: str) -> Found:
    """`str.format` fields, a `{}` keyed by the argument it takes (`{}` `{}` are `{0}` `{1}`)."""
    taken = -1

    def key(match: re.Match[str]) -> str | None:
        nonlocal taken
        if match[0] in ("{{", "}}"):
            return None
        field = match[1].strip()
        if not field:
            taken += 1
            field = str(taken)
        return f"{{{field}{match[2] or ''}{match[3] or ''}}}"
    return _finder(_PYTHON_BRACE, "python-brace", key)(text)


# MessageFormat, ICU's and Java's: an argument is `{name}` or `{name, type, style}`; a plural, select
# or selectordinal holds options `selector {message}`, Java's choice a message as its style, and a
# message may hold arguments again. Read by a scanner, since arguments nest.
_ARGUMENT = re.compile(r"\{\s*+([^\s{},']*+)\s*+(?:,\s*+([A-Za-z]++)\s*+)?+([,}])")
_OPTION = re.compile(r"\s*+(?:offset\s*+:\s*+\d++|(=?[^\s{}]++)\s*+\{)")
_CLOSE = re.compile(r"\s*+\}")
_SPECIAL = re.compile(r"[{}']")


def _message_format(text: str, family: str) -> Found:
    """The arguments of a MessageFormat pattern, keyed by name and type (`{count, plural}`), with a
    select's selectors and a plural's `other` (which ICU requires; Chinese and Korean need no `one`).
    The options' messages are translatable and stay in the rest. An argument never closed is none.

    An apostrophe quotes: in Java up to the next one, in ICU only before `{` or `}` (`patient's` is
    prose); `''` is an apostrophe."""
    found: list[Placeholder] = []
    rest: list[str] = []
    # What is open, innermost last: "options" of a plural or select, "message" of an option or a
    # choice, each with the keys it adds once it closes (a plural's, a choice's own).
    stack: list[tuple[str, list[Placeholder]]] = []
    at = 0
    while at < len(text):
        if stack and stack[-1][0] == "options":
            rest.append(" ")
            option = _OPTION.match(text, at)
            if option:
                keys = stack[-1][1]
                selector, head = option[1], keys[0].key
                if selector and (selector == "other" or head.endswith("select}")):
                    keys.append(Placeholder(f"{head[:-1]}, {selector}}}", f"{head[:-1]}, {selector} {{…}}}}",
                                            family, head))
                if selector:
                    stack.append(("message", []))
                at = option.end()
                continue
            closed = _CLOSE.match(text, at)
            _, keys = stack.pop()
            if closed:  # else the argument is broken: what follows is the message's text
                found += keys
                at = closed.end()
            continue
        special = _SPECIAL.search(text, at)
        end = special.start() if special else len(text)
        rest.append(text[at:end])
        at = end
        if not special:
            break
        if special[0] == "'":
            if text.startswith("''", at):
                rest.append("'")
                at += 2
            elif family == "java" or text[at + 1:at + 2] in ("{", "}"):  # quoted up to the next one
                closing = text.find("'", at + 1)
                closing = len(text) if closing < 0 else closing
                rest.append(text[at + 1:closing])
                at = closing + 1
            else:
                rest.append("'")
                at += 1
            continue
        if special[0] == "}":
            if stack:
                found += stack.pop()[1]
            else:
                rest.append("}")
            at += 1
            continue
        argument = _ARGUMENT.match(text, at)
        if not argument:
            rest.append("{")
            at += 1
            continue
        name, kind, after = argument.groups()
        head = f"{{{name}, {kind}}}" if kind else f"{{{name}}}"
        rest.append(" ")
        at = argument.end()
        if after == "}":
            found.append(Placeholder(head, argument[0], family))
        elif kind in ("plural", "select", "selectordinal"):
            stack.append(("options", [Placeholder(head, f"{head[:-1]}, …}}", family)]))
        elif kind == "choice":
            stack.append(("message", [Placeholder(head, f"{head[:-1]}, …}}", family)]))
        else:  # a style without braces (`#.##`, `short`, `::currency/EUR`) up to the argument's end
            closed = text.find("}", at)
            if closed >= 0:
                found.append(Placeholder(head, text[argument.start():closed + 1], family))
            at = len(text) if closed < 0 else closed + 1
    return found, "".join(rest)


# In the order they are read: a tag may hold a printf directive (`<a href="%s">`), a Python field
# may hold another (`{0:{width}}`), `{{var}}` is no `{var}`.
FAMILIES: dict[str, Callable[[str], Found]] = {
    "masking": _finder(_MASKING, "masking", lambda match: f"ZX{int(match[1])}" if match[1] else match[0]),
    "tags": _finder(_TAG, "tags", lambda match: re.sub(r"\s+", " ", match[0]).replace(" />", "/>")),
    "jinja": _finder(_JINJA, "jinja", lambda match: f"{{{{{match[1]}}}}}"),
    "wiki": _finder(_WIKI, "wiki"),
    "printf": _printf,
    "qt": _finder(_QT, "qt"),
    "sh": _finder(_SHELL, "sh", lambda match: f"${match[1] or match[2]}"),
    "template": _finder(_TEMPLATE, "template", lambda match: f"${{{match[1]}}}"),
    "regex": _finder(_DOLLAR, "regex"),
    "python-brace": _python_brace,
    "icu": functools.partial(_message_format, family="icu"),
    "java": functools.partial(_message_format, family="java"),
}
# The families of GNU gettext's format flags. GNU reads `javascript-format` as printf; JavaScript
# catalogs that carry ICU messages mark them so too.
FORMAT_FLAGS = {
    "c-format": ("printf",), "objc-format": ("printf",), "python-format": ("printf",),
    "java-printf-format": ("printf",), "javascript-format": ("printf", "icu"), "icu-format": ("icu",),
    "python-brace-format": ("python-brace",), "java-format": ("java",),
    "qt-format": ("qt",), "qt-plural-format": ("qt",), "kde-format": ("qt",),
    # `sh` reads `${VAR}` first; `template` is named so that `no-sh-format` makes a `${x}` text
    "sh-format": ("sh", "template"),
}
# Whatever an entry's flags: a masking token or a tag is never the translator's to drop or add.
ALWAYS = ("masking", "tags")
# An entry without a format flag of FORMAT_FLAGS: the families whose shapes no prose has. Qt's `%1`
# and the shell's `$VAR` are left out (`$CRVT` is a ticker), and so are `no-...-format` families.
UNFLAGGED = ("jinja", "wiki", "printf", "template", "regex", "icu")


@functools.lru_cache(maxsize=256)
def _families(formats: tuple[str, ...]) -> tuple[Callable[[str], Found], ...]:
    """The finders for an entry with these format flags (`c-format`, `no-c-format` ...), in FAMILIES' order."""
    chosen = {family for flag in formats for family in FORMAT_FLAGS.get(flag, ())}
    if not chosen:
        chosen = set(UNFLAGGED) - {family for flag in formats if flag.startswith("no-")
                                   for family in FORMAT_FLAGS.get(flag[3:], ())}
    return tuple(find for name, find in FAMILIES.items() if name in chosen or name in ALWAYS)


def _found(text: str, formats: tuple[str, ...]) -> Found:
    """The placeholders of `text` for an entry with these format flags, and the text without them."""
    found: list[Placeholder] = []
    for find in _families(formats):
        more, text = find(text)
        found += more
    return found, text


def _takes_next(placeholder: Placeholder) -> bool:
    """An unnumbered printf directive (`%s`): it takes the argument after the one before it."""
    return placeholder.family == "printf" and "$" in placeholder.key and "$" not in placeholder.shown


def _kind(placeholder: Placeholder) -> str:
    """What a printf directive takes, its argument aside: `%2$ld` takes an `ld`."""
    return placeholder.key.partition("$")[2]


def _surplus(found: list[Placeholder], other: list[Placeholder]) -> list[Placeholder]:
    """The directives of `found` of a kind `other` has fewer of: the later ones of each kind."""
    spare = Counter(map(_kind, found)) - Counter(map(_kind, other))
    surplus = []
    for placeholder in reversed(found):
        if spare[_kind(placeholder)]:
            spare[_kind(placeholder)] -= 1
            surplus.append(placeholder)
    return surplus[::-1]


def placeholders(source: str, target: str, ctx: Context) -> str | None:
    """Every placeholder of the source is kept and none is added, for the families of the entry's format
    flag: printf (`%s`, `%1$s`, `%S`, `%ls`, `%lld`, Python's `%(name)s`, Objective-C's `%@`; numbered
    ones may change places, unnumbered ones may not, `%%` is none), Python's `{name}`, `{0}`,
    `{name!r:>10}`, Qt's `%1`, `%L1`, ICU and Java MessageFormat (`{0}`, `{count, plural, one {...}
    other {...}}`: the argument names and select keys stay, the messages are translated), the shell's
    `$VAR` and `${VAR}`. An entry without a flag gets those no prose is mistaken for; any entry, HTML
    and XML tags and l10n's masking tokens (`ZX3`), which are an error wherever they are left."""
    ours, theirs = _found(source, ctx.formats)[0], _found(target, ctx.formats)[0]
    lost, left = [], []
    if not any(p.family == "printf" and "$" in p.shown for p in ours + theirs):
        # Neither side numbers its directives: each takes the next argument. So they are compared by
        # kind and count, a dropped `%d` being that and not every directive after it taking another
        # argument, and then by order.
        in_order = [p for p in ours if _takes_next(p)], [p for p in theirs if _takes_next(p)]
        lost, left = _surplus(*in_order), _surplus(*in_order[::-1])
        if not lost and not left and list(map(_kind, in_order[0])) != list(map(_kind, in_order[1])):
            return (f"placeholders in another order: {' '.join(p.shown for p in in_order[0])} → "
                    f"{' '.join(p.shown for p in in_order[1])} (unnumbered ones take their arguments in order)")
        ours, theirs = [p for p in ours if not _takes_next(p)], [p for p in theirs if not _takes_next(p)]
    keys_ours, keys_theirs = {p.key for p in ours}, {p.key for p in theirs}
    left += [p for p in theirs if p.key not in keys_ours]
    # A `$5` of the source is money more often than a placeholder, and money needs no `$` in Chinese or Korean.
    lost += [p for p in ours if p.key not in keys_theirs and p.family != "regex"]
    # the options of an argument lost or added whole are not said again
    keys_left, keys_lost = {p.key for p in left}, {p.key for p in lost}
    left = list(dict.fromkeys(p.shown for p in left if p.within not in keys_left))
    lost = list(dict.fromkeys(p.shown for p in lost if p.within not in keys_lost))
    problems = [f"{noun(len(left), 'leftover placeholder')}: {', '.join(left)}" if left else "",
                f"{noun(len(lost), 'missing placeholder')}: {', '.join(lost)}" if lost else ""]
    return "; ".join(filter(None, problems)) or None


# --- content ---------------------------------------------------------------------------


def _ticker(found: re.Match[str], ctx: Context, within: Sequence[Match] | None = None) -> str:
    """`Nasdaq: CRVT` as a translation may write it: the exchange as written or as the glossary
    renders it (`纳斯达克`), an ASCII or full-width colon, the symbol exactly. `within`: the
    matches of `ctx` that start inside the ticker, when the caller has them."""
    exchange, symbol = re.split(r"\s*:\s*", found[0], maxsplit=1)
    if within is None:
        within = [match for match in ctx.matches if found.start() <= match.start < found.end()]
    names = [exchange, *(target for match in within for target in match.term.accepted(ctx.locale) if target)]
    return rf"(?:{'|'.join(map(re.escape, names))})\s*[:：]\s*{re.escape(symbol)}(?![A-Za-z0-9])"


def _starting(matches: Sequence[Match]) -> Callable[[int, int], list[Match]]:
    """The matches that start in [start, end), in their order, by bisection over their starts."""
    order = sorted(range(len(matches)), key=lambda n: matches[n].start)
    starts = [matches[n].start for n in order]

    def starting(start: int, end: int) -> list[Match]:
        return [matches[n] for n in sorted(order[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)])]
    return starting


def protected(source: str, target: str, ctx: Context) -> str | None:
    """Emails, URLs, tickers and codes (`XS228`, `NCT06612345`) appear exactly as in the source,
    also when glued to Chinese or Korean text; a ticker's exchange may be the glossary's
    (`（纳斯达克：CRVT）`), its symbol may not change."""
    renamed = {m.text for m in ctx.matches if m.term.kind != "dnt"}  # SYSU-3 → 中山三院 is the glossary's call
    found = [(kind, m) for kind, pattern in PATTERNS[:4] for m in pattern.finditer(source) if m[0] not in renamed]
    starting = _starting(ctx.matches)
    kept: dict[tuple[bool, str], bool] = {}  # each text or ticker pattern looked for in the translation once

    def present(kind: str, m: re.Match[str]) -> bool:
        ticker = kind == "ticker"
        wanted = (ticker, _ticker(m, ctx, starting(m.start(), m.end())) if ticker else m[0])
        if wanted not in kept:
            kept[wanted] = bool(re.search(wanted[1], target)) if ticker else wanted[1] in target
        return kept[wanted]
    missing = [m[0] for kind, m in found if not present(kind, m)]
    return f"changed or missing: {', '.join(dict.fromkeys(missing))}" if missing else None


def markup(source: str, target: str, ctx: Context) -> str | None:
    """The translation keeps the inline tags of the source (`<b>`, `<a1>` of an HTML, Markdown or
    Word release), each once, nested as tags nest: a lost tag is a lost link or bold name in the
    published release, a broken one cannot be written at all."""
    return "; ".join(inline.problems(source, target)) or None


def untranslated(source: str, target: str, ctx: Context) -> str | None:
    """The entry has no translation yet."""
    return "no translation" if not target.strip() else None


def unchanged(source: str, target: str, ctx: Context) -> str | None:
    """The translation is the English source itself, though the source has two or more words to
    translate besides names, do-not-translate terms and protected spans (`XS228`, `NMPA`)."""
    kept = [match for match in ctx.matches if match.term.kind != "term"]
    words = re.findall(r"[A-Za-z]{3,}", _unprotected(_without(source, kept), ctx))
    return "the translation is the English source" if target.strip() == source.strip() and len(words) >= 2 else None


# Read from the start of a run of letters, apostrophes and hyphens only (a start inside one would
# read the rest of it again, and end where the first did); the run's leading marks are not the run.
_LATIN_RUN = re.compile(r"(?<![A-Za-z'’\-])['’\-]*+([A-Za-z][A-Za-z'’\-]++(?:[ ,]++[A-Za-z][A-Za-z'’\-]++){2,})")


def latin_leftover(source: str, target: str, ctx: Context) -> str | None:
    """A run of three or more English words is left in a Chinese or Korean translation, outside
    names, do-not-translate terms and protected spans."""
    if _language(ctx) not in ("zh", "ko", "ja"):
        return None
    text = _unprotected(target, ctx)
    # each term's texts taken out once, in the order they come: a term named 10,000 times is one
    kept: dict[str, None] = {}
    for match in ctx.matches:
        verbatim = (match.text,) if match.term.kind != "term" else ()
        kept.update(dict.fromkeys(words for words in (*match.term.accepted(ctx.locale), *verbatim) if words))
    for words in kept:
        text = text.replace(words, " ")
    run = next((run for run in _LATIN_RUN.findall(text) if len(run.split()) >= 3 or run in source), None)
    return f"English left in the translation: {run!r}" if run else None


_REPEAT_CHARS = re.compile(r"(.{2,12}?)\1{3,}", re.S)
_REPEAT_WORDS = re.compile(r"\b(\w+(?:\s+\w+){0,3})(?:\s+\1\b){3,}")


def repetition(source: str, target: str, ctx: Context) -> str | None:
    """A phrase repeats four times or more in a row: the degenerate loop Argos's en→zh models fall into."""
    for pattern in (_REPEAT_CHARS, _REPEAT_WORDS):
        found = pattern.search(target)
        if found and not pattern.search(source):
            return f"repeated: {found[1]!r}"
    return None


# The bracket pairs a language writes, each (openers, closers): an opener closes with any closer of
# its pair, so `（SCI)` pairs. ‘’ are left out: ’ is also an apostrophe (`company’s`).
_ROUND, _SQUARE, _CURLY = ("(（", ")）"), ("[［【〔", "]］】〕"), ("{｛", "}｝")
_CJK_PAIRS = (_ROUND, _SQUARE, _CURLY, ("「", "」"), ("『", "』"), ("《", "》"), ("〈", "〉"), ("“", "”"))
# Elsewhere quotes are not paired: German's „…“ closes with the “ English opens with.
PAIRS = {"zh": _CJK_PAIRS, "ja": _CJK_PAIRS, "ko": _CJK_PAIRS}
OTHER_PAIRS = (_ROUND, _SQUARE, _CURLY)
# Brackets and quotes of the English around what a translation may keep as written (`(SCI)`,
# `“XS228”`: names, codes, abbreviations), by how the message shows them: the innermost, of at most
# SPAN_CHARS characters on one line. Each of at most SPANS_CHECKED of them is looked for in the
# translation, a search that costs the translation's length times its own.
SPAN_CHARS, SPANS_CHECKED = 40, 16
_SPANS = (("( )", re.compile(rf"[(（]([^()（）\n]{{1,{SPAN_CHARS}}}+)[)）]")),
          ("[ ]", re.compile(rf"\[([^\[\]\n]{{1,{SPAN_CHARS}}}+)\]")),
          ("“ ”", re.compile(rf"“([^“”\n]{{1,{SPAN_CHARS}}}+)”|\"([^\"\n]{{1,{SPAN_CHARS}}}+)\"")))
# Where a translation into other languages may quote otherwise (`„XS228“`), only brackets are followed.
SPANS = {"zh": _SPANS, "ja": _SPANS, "ko": _SPANS}
OTHER_SPANS = _SPANS[:2]
_LETTER = re.compile(r"[A-Za-z]")
# What opens and closes a span in a translation: Chinese and Korean quote with “”, 「」, 『』 (Korean
# also ‘’; ’ closes only after a ‘) and put titles in 《》 or 〈〉.
_OPENERS, _CLOSERS = "(（[［【〔{｛「『《〈“", ")）]］】〕}｝」』》〉”"


def _unpaired(text: str, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, str]]:
    """(the pair's index, what is wrong) for each bracket of `text` that closes nothing or is never
    closed, and for an odd ASCII quote (index -1)."""
    opener = {char: kind for kind, (openers, _) in enumerate(pairs) for char in openers}
    closer = {char: kind for kind, (_, closers) in enumerate(pairs) for char in closers}
    stack: list[tuple[int, str]] = []
    open_by_kind = [0] * len(pairs)  # a closer with no opener of its pair is known without a walk down the stack
    problems = []
    for char in text:
        if char in opener:
            stack.append((opener[char], char))
            open_by_kind[opener[char]] += 1
        elif char in closer:
            kind = closer[char]
            if not open_by_kind[kind]:
                problems.append((kind, f"{char!r} closes nothing"))
                continue
            while stack[-1][0] != kind:  # `「（」`: the （ inside is never closed
                inner, opened = stack.pop()
                open_by_kind[inner] -= 1
                problems.append((inner, f"{opened!r} is never closed"))
            stack.pop()
            open_by_kind[kind] -= 1
    problems += [(kind, f"{opened!r} is never closed") for kind, opened in stack]
    if text.count('"') % 2:
        problems.append((-1, "'\"' is never closed"))
    return problems


def _outside(text: str) -> tuple[str, str]:
    """The text outside any bracket or quote and the text inside one, each with the other's characters
    (and the marks) as NUL, so that neither joins words across them."""
    depth = singles = 0
    quoted = False
    outside, inside = [], []
    for char in text:
        if char in _OPENERS or char == "‘":
            depth += char != "‘"
            singles += char == "‘"
        elif char in _CLOSERS and depth:
            depth -= 1
        elif char == "’" and singles:
            singles -= 1
        elif char == '"':
            quoted = not quoted
        else:
            within = depth or singles or quoted
            outside.append("\0" if within else char)
            inside.append(char if within else "\0")
            continue
        outside.append("\0")
        inside.append("\0")
    return "".join(outside), "".join(inside)


def brackets(source: str, target: str, ctx: Context) -> str | None:
    """Brackets and quotes pair as the language writes them (Chinese and Korean: （） or (), 「」, 『』,
    《》, 〈〉, “”; `(` may close with `）`), and those of the English around words the translation
    keeps as written are kept too: `脊髓损伤SCI` for `spinal cord injury (SCI)` dropped them. A
    bracket the English itself leaves open (a sentence cut inside brackets) is not asked to pair."""
    pairs = PAIRS.get(_language(ctx), OTHER_PAIRS)
    open_in_source = {kind for kind, _ in _unpaired(source, pairs)}
    problems = [problem for kind, problem in _unpaired(target, pairs) if kind not in open_in_source]
    # Words with a letter: a `(1)` may become `1.`, and a 1 is found in any date; a placeholder
    # (`(%s)`) is a value that the translation may set as its grammar wants.
    spans = [(shown, words.strip()) for shown, pattern in SPANS.get(_language(ctx), OTHER_SPANS)
             for found in pattern.finditer(source) for words in found.groups()
             if words and _LETTER.search(_found(words, ctx.formats)[1])]
    outside, inside = _outside(target)
    for shown, words in list(dict.fromkeys(spans))[:SPANS_CHECKED]:
        # the words as words: `PD` is not in `EOPD`, nor `1` in `12`
        bare = rf"(?<![A-Za-z0-9]){re.escape(words)}(?![A-Za-z0-9])"
        if re.search(bare, outside) and not re.search(bare, inside):
            problems.append(f"{shown} dropped around {words!r}")
    return "; ".join(dict.fromkeys(problems)) or None


# Characters of translation per character of English: wide bounds, for sentences of 30+ characters.
LENGTH_RATIO = {"zh": (0.12, 1.0), "ja": (0.15, 1.2), "ko": (0.2, 1.4)}


def simplified(source: str, target: str, ctx: Context) -> str | None:
    """A Traditional Chinese translation (zh_TW, zh_HK) holds Simplified characters that no
    Traditional text writes (`这`, `临`; characters both write, such as 里, 台 or 后, are fine),
    each shown with its Traditional form."""
    if not traditional(ctx.locale):
        return None
    from l10n.hant import leftovers, simplified_table

    found = leftovers(target)
    table = simplified_table()
    return f"Simplified characters: {', '.join(f'{char} → {table[char]}' for char in found)}" if found else None


def length_ratio(source: str, target: str, ctx: Context) -> str | None:
    """The translation is far shorter or longer than the source (per-locale bounds in LENGTH_RATIO)."""
    low, high = LENGTH_RATIO.get(_language(ctx), (0.5, 2.0))
    if len(source) < 30 or not target:
        return None
    ratio = len(target) / len(source)
    return f"length ratio {ratio:.2f} outside {low}–{high}" if not low <= ratio <= high else None


_END = {"zh": {".": "。", ":": "：", "?": "？", "!": "！", ";": "；"}}


def end_punctuation(source: str, target: str, ctx: Context) -> str | None:
    """The translation ends as the source does, in the locale's punctuation (`.` → `。` in Chinese)."""
    end = source.rstrip()[-1:]
    mapping = _END.get(_language(ctx), {p: p for p in ".:?!;"})
    closing = "”’」）)\"'"
    last = target.rstrip().rstrip(closing)[-1:]
    if end in mapping:
        wanted = mapping[end]
        if last != wanted and not (EMAIL.search(target[-40:]) or URL.search(target[-40:])):
            return f"ends with {last!r}, expected {wanted!r}"
    elif last in "。.":
        return f"ends with {last!r} but the source has no final punctuation"
    return None


Check = Callable[[str, str, Context], "str | None"]

CHECKS: tuple[tuple[str, str, Check], ...] = (
    ("untranslated", "warning", untranslated),
    ("placeholders", "error", placeholders),
    ("markup", "error", markup),
    ("protected", "error", protected),
    ("numbers", "error", numbers),
    ("glossary", "error", glossary),
    ("repetition", "error", repetition),
    ("unchanged", "error", unchanged),
    ("simplified", "error", simplified),
    ("latin_leftover", "warning", latin_leftover),
    ("brackets", "warning", brackets),
    ("length_ratio", "warning", length_ratio),
    ("end_punctuation", "info", end_punctuation),
)
NAMES = tuple(name for name, _, _ in CHECKS)
# The pseudo engine guarantees these and nothing about language: its output is accented English.
PSEUDO_CHECKS = ("untranslated", "placeholders", "markup", "protected", "numbers", "glossary")
# Contact lines are kept as written by design: only their content can be wrong.
CONTACT_CHECKS = ("untranslated", "placeholders", "markup", "protected", "numbers")
# Pseudo's accented letters back to plain ones, so that its output reads as the English it is.
_PLAIN = {accented: plain for plain, accented in ACCENTS.items()}


def _fitting(ctx: Context) -> tuple[str, ...]:
    if ctx.engine == "pseudo":
        return PSEUDO_CHECKS
    if set(ctx.kinds) == {"contact"}:
        return CONTACT_CHECKS
    return NAMES


def check_entry(source: str, target: str, ctx: Context, only: Sequence[str] = (),
                skip: Sequence[str] = ()) -> list[Finding]:
    """Findings of one translation by the checks that fit the entry (see PSEUDO_CHECKS, CONTACT_CHECKS).

    Every check but `markup` reads the texts without their inline tags; `ctx.matches` are the
    glossary's matches in the source without them.
    """
    fitting = _fitting(ctx)
    if ctx.engine == "pseudo":
        target = target.translate(_PLAIN)
    plain = (inline.strip(source), inline.strip(target))
    findings = []
    for name, severity, check in CHECKS:
        if name not in fitting or (only and name not in only) or name in skip:
            continue
        if name != "untranslated" and not target.strip():
            continue
        message = check(source, target, ctx) if name == "markup" else check(*plain, ctx)
        if message:
            findings.append(Finding(source, name, severity, message))
    return findings


def check_po_entry(entry, locale: str, terms, only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[Finding]:
    """Findings of one catalog entry (a `polib.POEntry`), with its msgid and line; the caller adds the file.

    Its `kind:` and `engine:` comments choose the checks that fit it; the engine counts only while
    the entry is fuzzy: once a reviewer clears the flag, the text is theirs. Its format flags
    (`c-format`, `no-c-format` ...) choose the placeholder families (FORMAT_FLAGS). Each plural form is checked
    against its English form: the first against msgid where the language has several forms, the
    others (or the only one) against msgid_plural; an entry with an empty form is untranslated.
    """
    kind = re.search(r"^kind: *(.*)$", entry.comment or "", re.M)
    engine = re.search(r"^engine: *(\S+)", entry.comment or "", re.M) if "fuzzy" in entry.flags else None
    kinds = tuple(k.strip() for k in kind[1].split(",") if k.strip()) if kind else ()
    formats = tuple(flag for flag in entry.flags if flag.endswith("-format"))
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)] or [""]
        english = ([entry.msgid] + [entry.msgid_plural] * (len(forms) - 1)) if len(forms) > 1 else [entry.msgid_plural]
    else:
        forms, english = [entry.msgstr], [entry.msgid]
    findings = []
    for source, target in zip(english, forms):
        ctx = Context(locale, tuple(terms.find(inline.strip(source))), kinds, engine[1] if engine else "", formats)
        findings += [replace(f, unit=entry.msgid, line=entry.linenum)
                     for f in check_entry(source, target, ctx, only, skip)]
    return list(dict.fromkeys(findings))  # two empty forms are one untranslated entry


def check_catalog(path: Path, locale: str, terms, only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[Finding]:
    """Findings of every active entry of a catalog, with the catalog's file and line."""
    from l10n import catalog

    findings = []
    for entry in catalog.read(path, locale):
        if not entry.obsolete and entry.msgid:
            findings += [replace(f, file=str(path)) for f in check_po_entry(entry, locale, terms, only, skip)]
    return findings


def consistency(catalogs: Iterable[tuple[str, str, object]]) -> list[Finding]:
    """The English sentences (with their context) that reviewers translated two ways in catalogs
    of one locale, from (file, locale, catalog) triples: a Finding on each reviewed entry whose
    translation is not the one met first, naming where that one is. Machine drafts, fuzzy entries
    and plural entries are left out: only what reviewers accepted has to agree."""
    from l10n import catalog

    first: dict[tuple[str, str | None, str], tuple[str, str, int]] = {}
    found = []
    for path, locale, po in catalogs:
        for entry in po:
            if entry.obsolete or not entry.msgid or entry.msgid_plural or catalog.state(entry) != "reviewed":
                continue
            seen = first.setdefault((locale, entry.msgctxt, entry.msgid), (entry.msgstr, path, entry.linenum))
            if seen[0] != entry.msgstr:
                found.append(Finding(entry.msgid, "consistency", "error",
                                     f"translated another way in {seen[1]}:{seen[2]}: {seen[0]}", path, entry.linenum))
    return found


def note(finding: Finding) -> str:
    """The finding as a translator note in its catalog: `check: error: numbers: missing number: 48`."""
    return f"check: {finding.severity}: {finding.check}: {finding.message}"
