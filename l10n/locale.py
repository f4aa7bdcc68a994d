"""Per-locale conventions: locale ids and their aliases (CLDR data through Babel)."""

from __future__ import annotations

from l10n.errors import L10nError

# The product's own targets, under every name users type for them.
ALIASES = {
    "zh": "zh_CN", "zh_cn": "zh_CN", "zh_hans": "zh_CN", "zh_hans_cn": "zh_CN", "zh_sg": "zh_CN",
    "ko": "ko_KR", "ko_kr": "ko_KR", "ko_kore_kr": "ko_KR",
}


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
    if locale.territory is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        locale = Locale.parse(likely) if likely else locale
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language
