"""Quality checks over catalog entries that understand Chinese and Korean.

Each check is a function `(source, target, context) -> message | None` whose docstring is its
user-facing description; `CHECKS` lists them in order with their severity: `error` for wrong
meaning or broken content, `warning` for a likely problem, `info` for style. Unlike checkers
that tokenize on whitespace, these read `1000万` as ten million, an email glued to Chinese text
as an email, and `척수손상은` as the term 척수손상 with its particle.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from l10n.locale import MONTHS
from l10n.model import Finding, Match
from l10n.protect import EMAIL, PATTERNS, TOKEN_PATTERN, URL


@dataclass(frozen=True)
class Context:
    locale: str
    matches: tuple[Match, ...]
    # glossary matches in the source


def _language(ctx: Context) -> str:
    return ctx.locale.split("_")[0]


# --- glossary --------------------------------------------------------------------------


def glossary(source: str, target: str, ctx: Context) -> str | None:
    """Every glossary term of the source appears in the translation as one of its approved targets
    (in Korean spaces inside the term do not matter and particles may follow it); `dnt` terms
    appear verbatim."""
    squeeze = _language(ctx) == "ko"
    haystack = re.sub(r"\s+", "", target) if squeeze else target
    # A term inside an address or ticker (`Nasdaq: KSTL`) belongs to it: `protected` checks those.
    inside = [(m.start(), m.end()) for _, pattern in PATTERNS[:3] for m in pattern.finditer(source)]
    missing = []
    for match in ctx.matches:
        if any(start <= match.start and match.end <= end for start, end in inside):
            continue
        accepted = match.term.accepted(ctx.locale) if match.term.kind != "dnt" else (match.text,)
        if not any((re.sub(r"\s+", "", a) if squeeze else a) in haystack for a in accepted if a):
            missing.append(f"{match.text} → {accepted[0]}")
    return f"missing approved term: {'; '.join(dict.fromkeys(missing))}" if missing else None


# --- numbers ---------------------------------------------------------------------------

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_SCALES_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALES_CJK = {"千": 1e3, "천": 1e3, "万": 1e4, "萬": 1e4, "만": 1e4, "亿": 1e8, "億": 1e8, "억": 1e8, "兆": 1e12, "조": 1e12}
_HANZI = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "十": 10}
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_EN_VALUE = re.compile(rf"(?<![A-Za-z0-9.\-])({_NUMBER})(?:\s*({'|'.join(_SCALES_EN)})\b)?(?![A-Za-z0-9])", re.I)
# A month counts only beside a number (`July 28`, `28 July`, `May 2025`): `results may differ` has none.
_EN_WORD = re.compile(rf"\b({'|'.join(_WORDS)})\b|\b({'|'.join(MONTHS)})\b\.?(?=\s*\d)|(?<=\d )({'|'.join(MONTHS)})\b",
                      re.I)
# Units may follow a number directly in the translation (`5000㎡` reads `5000m2` once normalized).
_CJK_VALUE = re.compile(rf"(?<![A-Za-z0-9.\-])((?:{_NUMBER}\s*[{''.join(_SCALES_CJK)}]\s*)+(?:{_NUMBER})?|{_NUMBER})"
                        rf"(?![0-9])")
_HANZI_NUMBER = re.compile(r"(?<=[第前])[一二三四五六七八九十两]+|[一二三四五六七八九十两]+(?=[个项名例期次年月日位家款届])")


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def _source_values(text: str) -> list[float]:
    values = [_float(m[1]) * _SCALES_EN.get((m[2] or "").lower(), 1) for m in _EN_VALUE.finditer(text)]
    for word in _EN_WORD.finditer(text):
        key = (word[1] or word[2] or word[3]).lower()
        values.append(_WORDS.get(key, MONTHS.get(key)))
    return values


def _hanzi(text: str) -> int:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_HANZI[tens] if tens else 1) * 10 + (_HANZI[ones] if ones else 0)
    return int("".join(str(_HANZI[c]) for c in text))


def _target_values(text: str) -> list[float]:
    text = unicodedata.normalize("NFKC", text)  # full-width digits
    values = []
    for found in _CJK_VALUE.finditer(text):
        total, rest = 0.0, found[1]
        for number, scale in re.findall(rf"({_NUMBER})\s*([{''.join(_SCALES_CJK)}])", rest):
            total += _float(number) * _SCALES_CJK[scale]
        tail = re.sub(rf"{_NUMBER}\s*[{''.join(_SCALES_CJK)}]\s*", "", rest).strip()
        values.append(total + (_float(tail) if tail else 0))
    values += [_hanzi(m[0]) for m in _HANZI_NUMBER.finditer(text)]
    values += [_source_values(m[0])[0] for m in re.finditer(r"\b(?:one|two|three|four|five|six|seven|eight|nine|"
                                                             r"ten|eleven|twelve)\b", text, re.I)]
    return values


def _unprotected(text: str) -> str:
    """The text without emails, URLs, tickers and codes, whose digits are not quantities."""
    for _, pattern in PATTERNS[:4]:
        text = pattern.sub(" ", text)
    return text


def numbers(source: str, target: str, ctx: Context) -> str | None:
    """The translation states the same numbers: `5,000` = `5000`, `10 million` = `1000万` =
    `1,000만`, `800 million` = `8亿` = `8억`, full-width digits, and dates as values
    (`July 28, 2025` = `2025年7月28日`). Numbers inside codes and addresses are left to `protected`."""
    wanted = _source_values(_unprotected(source))
    found = _target_values(_unprotected(target))
    missing = [v for v in wanted if not any(abs(v - f) < 1e-9 * max(1.0, abs(v)) for f in found)]
    if not missing:
        return None
    return "missing number(s): " + ", ".join(f"{v:g}" for v in dict.fromkeys(missing))


# --- content ---------------------------------------------------------------------------


def protected(source: str, target: str, ctx: Context) -> str | None:
    """Emails, URLs, tickers and codes (`XS228`, `NCT06612345`) appear exactly as in the source,
    also when glued to Chinese or Korean text."""
    renamed = {m.text for m in ctx.matches if m.term.kind != "dnt"}  # SYSU-3 → 中山三院 is the glossary's call
    values = [m[0] for _, pattern in PATTERNS[:4] for m in pattern.finditer(source) if m[0] not in renamed]
    missing = [v for v in dict.fromkeys(values) if v not in target]
    return f"changed or missing: {', '.join(missing)}" if missing else None


def placeholders(source: str, target: str, ctx: Context) -> str | None:
    """No masking token (`ZX3`) is left over from machine translation."""
    left = [m[0] for m in TOKEN_PATTERN.finditer(target) if not TOKEN_PATTERN.search(source)]
    return f"leftover placeholder(s): {', '.join(left)}" if left else None


def untranslated(source: str, target: str, ctx: Context) -> str | None:
    """The entry has no translation yet."""
    return "no translation" if not target.strip() else None


def unchanged(source: str, target: str, ctx: Context) -> str | None:
    """The translation is the English source itself, though the source has words to translate."""
    words = re.findall(r"[A-Za-z]{3,}", _unprotected(source))
    return "the translation is the English source" if target.strip() == source.strip() and len(words) >= 2 else None


_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]+(?:[ ,]+[A-Za-z][A-Za-z'’\-]+){2,}")


def latin_leftover(source: str, target: str, ctx: Context) -> str | None:
    """A run of three or more English words is left in a Chinese or Korean translation, outside
    names, do-not-translate terms and protected spans."""
    if _language(ctx) not in ("zh", "ko", "ja"):
        return None
    text = _unprotected(target)
    for match in ctx.matches:
        verbatim = (match.text,) if match.term.kind != "term" else ()
        for kept in (*match.term.accepted(ctx.locale), *verbatim):
            if kept:
                text = text.replace(kept, " ")
    runs = [run for run in _LATIN_RUN.findall(text) if run in source or len(run.split()) >= 3]
    return f"English left in the translation: {runs[0]!r}" if runs else None


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
    ("protected", "error", protected),
    ("numbers", "error", numbers),
    ("glossary", "error", glossary),
    ("repetition", "error", repetition),
    ("unchanged", "warning", unchanged),
    ("latin_leftover", "warning", latin_leftover),
    ("brackets", "warning", brackets),
    ("length_ratio", "warning", length_ratio),
    ("end_punctuation", "info", end_punctuation),
)
NAMES = tuple(name for name, _, _ in CHECKS)


def check_entry(source: str, target: str, ctx: Context, only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[Finding]:
    findings = []
    for name, severity, check in CHECKS:
        if (only and name not in only) or name in skip:
            continue
        if name != "untranslated" and not target.strip():
            continue
        message = check(source, target, ctx)
        if message:
            findings.append(Finding(source, name, severity, message))
    return findings


def check_catalog(path: Path, locale: str, terms, only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[Finding]:
    """Findings of every active entry of a catalog, with the catalog's file and line."""
    from dataclasses import replace

    from l10n import catalog

    findings = []
    for entry in catalog.read(path, locale):
        if entry.obsolete or not entry.msgid:
            continue
        ctx = Context(locale, tuple(terms.find(entry.msgid)))
        findings += [replace(f, file=str(path), line=entry.linenum)
                     for f in check_entry(entry.msgid, entry.msgstr, ctx, only, skip)]
    return findings
