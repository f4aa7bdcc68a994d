"""Quality checks over catalog entries that understand Chinese and Korean.

Each check is a function `(source, target, context) -> message | None` whose docstring is its
user-facing description; `CHECKS` lists them in order with their severity: `error` for wrong
meaning or broken content, `warning` for a likely problem, `info` for style. Unlike checkers
that tokenize on whitespace, these read `1000万` as ten million, an email glued to Chinese text
as an email, and `척수손상은` as the term 척수손상 with its particle.

What an entry is decides which checks fit it: a pseudo-translation is checked only for what the
pseudo engine guarantees, and a contact line, kept as written, not for its language or layout.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from l10n import inline
from l10n.engines.pseudo import ACCENTS
from l10n.errors import noun
from l10n.locale import MONTHS
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


def _language(ctx: Context) -> str:
    return ctx.locale.split("_")[0]


def _without(text: str, matches: Iterable[Match]) -> str:
    """The text with the matches blanked out, every other offset unchanged."""
    chars = list(text)  # blanked in place: 10,000 matches cost the text once, not 10,000 times
    for match in matches:
        chars[match.start:match.end] = " " * (match.end - match.start)
    return "".join(chars)


def _unprotected(text: str) -> str:
    """The text without emails, URLs, tickers, codes and placeholders, whose digits are not quantities."""
    for pattern in (*(pattern for _, pattern in PATTERNS[:4]), _PLACEHOLDER):
        text = pattern.sub(" ", text)
    return text


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
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_SCALES_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALES_CJK = {"千": 1e3, "천": 1e3, "万": 1e4, "萬": 1e4, "만": 1e4, "亿": 1e8, "億": 1e8, "억": 1e8, "兆": 1e12, "조": 1e12}
_HANZI = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "十": 10}
_NAMED = _WORDS | MONTHS
_ROMAN = {r: i for i, r in enumerate("I II III IV V VI VII VIII IX X".split(), start=1)}
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_EN_VALUE = re.compile(rf"(?<![A-Za-z0-9.\-])({_NUMBER})(?:\s*({'|'.join(_SCALES_EN)})\b)?(?![A-Za-z0-9])", re.I)
# A month counts only beside a number (`July 28`, `28 July`, `May 2025`): `results may differ` has none.
_EN_WORD = re.compile(rf"\b({'|'.join(_WORDS)})\b|\b({'|'.join(MONTHS)})\b\.?(?=\s*\d)|(?<=\d )({'|'.join(MONTHS)})\b",
                      re.I)
# Units may follow a number directly in the translation (`5000㎡` reads `5000m2` once normalized).
_CJK_VALUE = re.compile(rf"(?<![A-Za-z0-9.\-])((?:{_NUMBER}\s*[{''.join(_SCALES_CJK)}]\s*)+(?:{_NUMBER})?|{_NUMBER})"
                        rf"(?![0-9])")
# The second kind starts where a run of numerals starts: a start inside one would end where the first did.
# The parts of a CJK value (`1,000万5千`), each a number and its scale. A number starts after no digit
# (a start inside one would fail as the first did) and has at most 16 groups of thousands (each may
# start one, and would read the rest again): `1万111…` or `1,000,000,…` cost their length squared.
_PART = r"(?<!\d)(?>\d++(?:,\d{3}){0,16}(?:\.\d++)?)"
_SCALED = re.compile(rf"({_PART})\s*+([{''.join(_SCALES_CJK)}])")
_SCALED_PART = re.compile(rf"{_PART}\s*+[{''.join(_SCALES_CJK)}]\s*")
_HANZI_NUMBER = re.compile(r"(?<=[第前])[一二三四五六七八九十两]++"
                           r"|(?<![一二三四五六七八九十两])[一二三四五六七八九十两]++(?=[个项名例期次年月日位家款届])")
# Trial phases in Roman numerals: `I/II期`, `III상`, `Phase II`.
# At most ROMAN_PARTS of them (`I/II/III`): each part after a `/` may start one, and would read the rest again.
ROMAN_PARTS = 8
_ROMAN_PHASE = re.compile(rf"(?<![A-Za-z])((?>[IVX]++(?:/[IVX]++){{0,{ROMAN_PARTS - 1}}}))\s*+(?=[期상])"
                          rf"|\bPhase\s++([IVX]+(?:/[IVX]+)*)\b")


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def _source_values(text: str) -> list[tuple[float, str]]:
    """(value, as written) of each number of English text in order: `12 million`, `5,000`, `seven`, `July`."""
    found = [(m.start(), _float(m[1]) * _SCALES_EN.get((m[2] or "").lower(), 1), m[0])
             for m in _EN_VALUE.finditer(text)]
    found += [(m.start(), _NAMED[m[0].rstrip(".").lower()], m[0]) for m in _EN_WORD.finditer(text)]
    return [(value, written) for _, value, written in sorted(found)]


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
    values += [(_ROMAN[part], part) for m in _ROMAN_PHASE.finditer(text)
               for part in (m[1] or m[2]).split("/") if part in _ROMAN]
    # Numbers in English words count too: a pseudo-translation is English, and `10 million` may stay.
    values += [(value, written) for value, written in _source_values(text) if re.search("[A-Za-z]", written)]
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
    `1,000만`, `800 million` = `8亿` = `8억`, full-width digits, Roman trial phases (`Phase 2` =
    `II期`), and dates as values (`July 28, 2025` = `2025年7月28日`). Numbers inside codes and
    addresses are left to `protected`, those inside a glossary term rendered as approved
    (`Phase 1/2` → `I/II期`) to `glossary`."""
    rendering = _rendering(target, ctx)
    rendered = [match for match in ctx.matches if rendering(match)]
    wanted = _source_values(_unprotected(_without(source, rendered)))
    found = _target_values(_unprotected(target))
    in_target = _among_any(v for v, _ in found)
    missing = list(dict.fromkeys(written for value, written in wanted if not in_target(value)))
    if not missing:
        return None
    # One number of the source missing and one in the translation that the source has nowhere (a
    # glossary term's digits included) is one number translated wrong: `48 translated as 52`. No
    # arrow: beside a changed sentence's `52` → `48` it would point the wrong way. With more
    # numbers, which became which is a guess.
    in_source = _among_any(value for value, _ in _source_values(_unprotected(source)))
    extra = list(dict.fromkeys(written for value, written in found if not in_source(value)))
    if len(missing) == len(extra) == 1:
        return f"{missing[0]} translated as {extra[0]}"
    return f"{noun(len(missing), 'missing number')}: {', '.join(missing)}"


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


# Placeholders of our masking (`ZX3`), Python (`{0}`, `{name}`, `%(name)s`), Jinja (`{{var}}`),
# printf (`%s`, `%1$s`), XLIFF and Okapi inline codes (`<x id="1"/>`, `<g id="1">`, `</g>`,
# `<ph/>`) and wikis (`[[1]]`). None of them occurs in prose: `5%`, `(1)`, `[1]`, `p<0.05` are not.
_PLACEHOLDER = re.compile(
    rf"(?i:{TOKEN_PATTERN.pattern})"
    r"|\{\{\s*[\w.]+\s*\}\}|\{\w*\}"
    r"|(?<![0-9%])%(?:\(\w+\)|\d+\$)?[-+#0]*+\d*+(?:\.\d++)?[sdifuxXeEgGcr]"
    r"|</?(?:x|g|ph|bx|ex|bpt|ept|it)\d*(?:\s+[\w:-]+=\"[^\"]*\")*\s*/?>"
    r"|\[\[\w+\]\]"
)
# Regex replacements (`$1`); `$800 million` and `$8亿` are money.
_DOLLAR = re.compile(rf"\$\d+(?![\d.,]|\s*(?:{'|'.join(_SCALES_EN)}|[{''.join(_SCALES_CJK)}]))")


def _placeholders(text: str) -> list[str]:
    return [m[0] for pattern in (_PLACEHOLDER, _DOLLAR) for m in pattern.finditer(text)]


def placeholders(source: str, target: str, ctx: Context) -> str | None:
    """No placeholder is left over from masking or another tool (`ZX3`, `{0}`, `{{var}}`, `%s`,
    `%(name)s`, `%1$s`, `<x id="1"/>`, `<g id="1">`, `[[1]]`, `$1`), and every placeholder of the
    source is kept."""
    ours, theirs = _placeholders(source), _placeholders(target)
    in_ours, in_theirs = set(ours), set(theirs)
    left = [p for p in theirs if p not in in_ours]
    # A `$5` of the source is money more often than a placeholder, and money needs no `$` in Chinese or Korean.
    lost = [p for p in ours if p not in in_theirs and not p.startswith("$")]
    left, lost = list(dict.fromkeys(left)), list(dict.fromkeys(lost))
    problems = [f"{noun(len(left), 'leftover placeholder')}: {', '.join(left)}" if left else "",
                f"{noun(len(lost), 'missing placeholder')}: {', '.join(lost)}" if lost else ""]
    return "; ".join(filter(None, problems)) or None


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
    words = re.findall(r"[A-Za-z]{3,}", _unprotected(_without(source, kept)))
    return "the translation is the English source" if target.strip() == source.strip() and len(words) >= 2 else None


# Read from the start of a run of letters, apostrophes and hyphens only (a start inside one would
# read the rest of it again, and end where the first did); the run's leading marks are not the run.
_LATIN_RUN = re.compile(r"(?<![A-Za-z'’\-])['’\-]*+([A-Za-z][A-Za-z'’\-]++(?:[ ,]++[A-Za-z][A-Za-z'’\-]++){2,})")


def latin_leftover(source: str, target: str, ctx: Context) -> str | None:
    """A run of three or more English words is left in a Chinese or Korean translation, outside
    names, do-not-translate terms and protected spans."""
    if _language(ctx) not in ("zh", "ko", "ja"):
        return None
    text = _unprotected(target)
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


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("（", "）"), ("【", "】"), ("「", "」"), ("“", "”"), ("《", "》"))


def brackets(source: str, target: str, ctx: Context) -> str | None:
    """Brackets and quotes, ASCII and full-width, open and close in pairs (`(` may close with `）`)."""
    depth = 0
    for char in target:
        if char in "([{（【「“《":
            depth += 1
        elif char in ")]}）】」”》":
            depth -= 1
            if depth < 0:
                return f"{char!r} closes nothing"
    return "a bracket or quote is never closed" if depth else None


# Characters of translation per character of English: wide bounds, for sentences of 30+ characters.
LENGTH_RATIO = {"zh": (0.12, 1.0), "ja": (0.15, 1.2), "ko": (0.2, 1.4)}


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
    the entry is fuzzy: once a reviewer clears the flag, the text is theirs. Each plural form is checked
    against its English form: the first against msgid where the language has several forms, the
    others (or the only one) against msgid_plural; an entry with an empty form is untranslated.
    """
    kind = re.search(r"^kind: *(.*)$", entry.comment or "", re.M)
    engine = re.search(r"^engine: *(\S+)", entry.comment or "", re.M) if "fuzzy" in entry.flags else None
    kinds = tuple(k.strip() for k in kind[1].split(",") if k.strip()) if kind else ()
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)] or [""]
        english = ([entry.msgid] + [entry.msgid_plural] * (len(forms) - 1)) if len(forms) > 1 else [entry.msgid_plural]
    else:
        forms, english = [entry.msgstr], [entry.msgid]
    findings = []
    for source, target in zip(english, forms):
        ctx = Context(locale, tuple(terms.find(inline.strip(source))), kinds, engine[1] if engine else "")
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


def note(finding: Finding) -> str:
    """The finding as a translator note in its catalog: `check: error: numbers: missing number: 48`."""
    return f"check: {finding.severity}: {finding.check}: {finding.message}"
