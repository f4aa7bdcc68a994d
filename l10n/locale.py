"""Per-locale conventions: locale ids and their aliases (CLDR data through Babel)."""

from __future__ import annotations

import datetime
import re

from l10n.errors import L10nError

# The product's own targets, under every name users type for them.
ALIASES = {
    "zh": "zh_CN", "zh_cn": "zh_CN", "zh_hans": "zh_CN", "zh_hans_cn": "zh_CN", "zh_sg": "zh_CN",
    "zh_tw": "zh_TW", "zh_hant": "zh_TW", "zh_hant_tw": "zh_TW", "zh_hk": "zh_HK", "zh_hant_hk": "zh_HK",
    "ko": "ko_KR", "ko_kr": "ko_KR", "ko_kore_kr": "ko_KR",
}
TRADITIONAL = ("zh_TW", "zh_HK", "zh_MO")
# The Chinese locales written in Traditional characters (CLDR's likely script for each is Hant).


def traditional(locale: str) -> bool:
    """Whether `locale` writes Chinese in Traditional characters: zh_TW, zh_HK, zh_MO, zh_Hant_*."""
    return locale in TRADITIONAL or locale.startswith("zh_Hant")


def resolve(name: str) -> str:
    """The locale id (`zh_CN`, `ko_KR`, `ja_JP`) that a user's `zh`, `zh-Hans`, `ko` ... means."""
    key = name.strip().replace("-", "_")
    if key.lower() in ALIASES:
        return ALIASES[key.lower()]
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(key)
    except (UnknownLocaleError, ValueError):
        raise L10nError(f"unknown locale {name!r}; use zh, ko or a locale id such as ja_JP")
    if locale.territory is None:  # the script says where: zh-Hant is Taiwan's Chinese, not China's
        subtag = f"{locale.language}_{locale.script}" if locale.script else locale.language
        likely = get_global("likely_subtags").get(subtag, "")
        locale = Locale.parse(likely) if likely else locale
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


# --- datelines -------------------------------------------------------------------------

MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
"""English month names and abbreviations → month number."""
# How a dateline reads in each language: place, date and wire tag, joined by the locale's habit.
# Chinese writes the country before the city and no space before the date (中国苏州2025年7月28日);
# Korean puts spaces between them (중국 쑤저우 2025년 7월 28일). Several cities are joined by the
# language's "and", each with its own region: 波士顿和韩国首尔, 보스턴 및 한국 서울.
_JOINER = {"zh": "", "ja": ""}
_AND = {"zh": "和", "ja": "と", "ko": " 및 ", "zh_HK": "及"}  # Hong Kong releases join places with 及
# Taiwan and Hong Kong releases put a full-width comma between the place and the date
# (台北，2026年3月5日; 香港，2026年3月5日), where mainland newswire copy writes none.
_DATE_JOINER = {"zh_TW": "，", "zh_HK": "，", "zh_MO": "，"}


def parse_date(text: str):
    """`July 28, 2025`, `Nov. 3, 2025`, `28 July 2025` as a date, or None."""
    found = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", text.strip())
    if not found:
        return None
    month, day, year = (found[1], found[2], found[3]) if found[1] else (found[5], found[4], found[6])
    number = MONTHS.get(month.lower())
    try:
        return datetime.date(int(year), number, int(day)) if number else None
    except ValueError:
        return None


def dateline(text: str, locale: str, glossary) -> str | None:
    """The dateline in the locale's own form, without MT; None when `text` is not a dateline.

    Places come from the glossary (`SUZHOU, China` → 中国苏州), every city with its region
    (`BOSTON and SEOUL, South Korea` → 波士顿和韩国首尔); a city or region the glossary does not
    know keeps its city's English (`McLEAN, Va.`). The date comes from CLDR's long format
    (2025年7月28日, 2025년 7월 28일), and the wire tag (/PRNewswire/, (BUSINESS WIRE)) is kept
    as it is.
    """
    from babel.dates import format_date

    from l10n.document import match_dateline, places

    found = match_dateline(text)
    if not found:
        return None
    language = locale.split("_")[0]

    def render(part: str) -> str | None:
        matches = glossary.find(part)
        whole = len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(part)
        return matches[0].term.target(locale) if whole else None

    def city(name: str, regions: tuple[str, ...]) -> str:
        parts = [render(part) for part in (*reversed(regions), name)]
        if None in parts:  # not all known: the English, as the wire wrote it
            return ", ".join((name, *regions))
        return _JOINER.get(language, " ").join(parts)

    joined = _AND.get(locale, _AND.get(language, " and "))
    place = joined.join(city(name, regions) for name, regions in places(found["place"]))
    date = parse_date(found["date"]) if found["date"] else None
    when = format_date(date, "long", locale=locale) if date else ""
    joiner = _DATE_JOINER.get(locale, _JOINER.get(language, " ")) if place[-1:] >= "\u2e80" else " "
    head = joiner.join(filter(None, [place, when]))
    wire = found["wire"].strip() if found["wire"] else ""
    return " ".join(filter(None, [head, wire, "--"]))


# --- punctuation and spacing -----------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"
_FULL_WIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？"}


def punctuate(text: str, locale: str) -> str:
    """Chinese punctuation and spacing for a machine draft; other locales are left as they are.

    In zh: ASCII `, . : ; ! ?` after a Chinese character become full-width; parentheses around
    text that follows a Chinese character become （）, and straight double quotes around
    Chinese text become “”, as do parentheses holding Chinese text. Punctuation inside Latin
    spans is left alone (`Co., Ltd.`, `U.S.`, `3.5`, emails, URLs), since those have no Chinese
    character before them. Spaces next to a Chinese character are removed when the other side
    is Chinese, a Latin letter or a digit (mainland newswire practice: `XS228细胞注射液`), and
    around full-width punctuation. Traditional locales (zh_TW, zh_HK) quote with 「」 and 『』.
    """
    if not locale.startswith("zh"):
        return text
    text = _TO_FULL_WIDTH.sub(lambda m: _FULL_WIDTH[m[1]], text)
    text = _PARENTHESES.sub(lambda m: f"（{m[1] or m[2]}）", text)
    text = _QUOTES.sub(r"“\1”", text)
    text = _LATIN_SPACES.sub("", text)
    text = _PUNCTUATION_SPACES.sub("", text)
    return quotes(text) if traditional(locale) else text


_DOUBLE = str.maketrans("“”", "「」")
_SINGLE = re.compile(r"‘([^‘’\n]*+)’")


def quotes(text: str) -> str:
    """Traditional Chinese quotation marks: “” → 「」, a paired ‘’ → 『』 (a lone ’ is an apostrophe)."""
    return _SINGLE.sub(r"『\1』", text.translate(_DOUBLE))


# Each runs in time linear in the draft (issue #24): whether a bracket or quote holds Chinese is
# looked ahead for once, where `[^"]*[中][^"]*"` read the rest of an unclosed quotation again from
# each Chinese character in it; spaces are taken from the first of a run only.
_TO_FULL_WIDTH = re.compile(rf"(?<=[{_CJK}])\s*([,.:;!?])(?![\w/])")
_PARENTHESES = re.compile(rf"(?<=[{_CJK}])\s*\(([^()]*)\)|\(((?=[^()]*[{_CJK}])[^()]*+)\)")
_QUOTES = re.compile(rf'"((?=[^"]*[{_CJK}])[^"]*+)"')
_LATIN_SPACES = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}A-Za-z0-9])|(?<=[A-Za-z0-9]) +(?=[{_CJK}])")
_PUNCTUATION_SPACES = re.compile(r"(?<! ) ++(?=[，。：；！？）”、])|(?<=[，。：；！？（“、]) +")


# --- drafts ----------------------------------------------------------------------------

# What a draft release says of itself at its top (a line of a text or Markdown file, a banner on
# a page, a line in Word's page header): a file forwarded out of the team must say it is not final.
# One formal sentence in the locale's language (Korean in notice style, not 합니다체); Traditional
# characters where Chinese is written so. A locale not listed gets the English one.
DRAFT_NOTICES = {
    "zh_CN": "草稿：本译文尚未全部审校，请勿发布。",
    "zh_TW": "草稿：本譯文尚未全部審校，請勿發布。",
    "zh_HK": "草稿：本譯文尚未全部審校，請勿發布。",
    "ko_KR": "초안: 검토가 끝나지 않은 번역이다. 배포 금지.",
    "en": "Draft: this translation has not been fully reviewed; do not publish.",
}


def draft_notice(locale: str) -> tuple[str, str]:
    """(the locale the notice is written in, the notice) for a draft release in `locale`."""
    key = locale if locale in DRAFT_NOTICES else ALIASES.get(locale.lower(), "en")
    return key, DRAFT_NOTICES[key]
