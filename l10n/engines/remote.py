"""The HTTP engines by name: which one `engine = "openai"` (or `auto_http`) in l10n.toml builds.

The one module that knows every HTTP engine; they stand on `l10n.engines.http`, which knows none
of them. Each engine's module (and the `deepl` package) is imported only when it is chosen.
"""

from __future__ import annotations

from pathlib import Path


def translator(engine: str, root: Path, locale: str, glossary=None, key: str | None = None):
    """The HTTP engine `engine` for `locale`, with the settings of the project at `root`.

    Nothing is sent yet: settings and the key are checked here (a missing key is an L10nError
    before anything is written); the server is first asked when there is something to translate.
    `key`: None reads it from the variable api_key_env names; "" builds the engine without one,
    for `--estimate`: it can say how it would batch and what it would send, and must not send.
    """
    from l10n import config

    loaded = config.load(root)
    settings = loaded.engines
    if engine == "openai":
        from l10n.engines.openai import OpenAITranslator

        return OpenAITranslator(settings.openai, locale, key=key, style=loaded.style_for(locale))
    if engine == "deepl":
        from l10n.engines.deepl import DeepLTranslator

        return DeepLTranslator(settings.deepl, locale, glossary, project=root.resolve().name, key=key)
    if engine == "libretranslate":
        from l10n.engines.libretranslate import LibreTranslateTranslator

        return LibreTranslateTranslator(settings.libretranslate, locale, key=key)
    raise ValueError(f"not an HTTP engine: {engine!r}")


def auto_translator(root: Path, locale: str, glossary=None, key: str | None = None):
    """The HTTP engine `auto` falls back to (l10n.toml's `auto_http`), or None when none is named."""
    from l10n import config

    engine = config.load(root).auto_http
    return translator(engine, root, locale, glossary, key) if engine else None
