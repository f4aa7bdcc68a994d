"""`libretranslate`: a LibreTranslate server, the way a team shares one Argos model server.

`POST /translate` with `q` as a list (one request per batch), `source: "en"`, the target code,
`format: "text"` and the optional `api_key`. LibreTranslate serves Argos models, so protected
spans travel as l10n's tokens (ZX0 ...), as with the `argos` engine, and `machine_drafts`
verifies them. The target code is asked of the server once (`GET /languages`): Chinese is
`zh-Hans` on newer servers and `zh` on older ones (`zt` / `zh-Hant` being Traditional).
Several servers behind one load balancer look like one URL here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence

from l10n.config import LibreTranslateSettings
from l10n.engines import NoDraft
from l10n.engines.http import Client, in_batches, join, key_from, shown
from l10n.errors import counted

SOURCE = "en"
# Codes a server may use for each locale, best first; other locales try their language part.
CODES = {"zh_CN": ("zh-Hans", "zh"), "zh_Hans_CN": ("zh-Hans", "zh"), "zh_SG": ("zh-Hans", "zh"),
         "zh_TW": ("zh-Hant", "zt"), "zh_Hant_TW": ("zh-Hant", "zt"), "zh_HK": ("zh-Hant", "zt"),
         "pt_BR": ("pb", "pt")}


class LibreTranslateTranslator:
    """Batched requests to one LibreTranslate URL; one instance per target locale and run."""

    name = "libretranslate"

    def __init__(self, settings: LibreTranslateSettings, locale: str, client: Client | None = None,
                 key: str | None = None):
        self.settings = settings
        self.locale = locale
        self.key = key_from(settings.api_key_env, self.name, "engines.libretranslate") if key is None else key
        self.url = settings.url
        self.model = shown(settings.url).split("://", 1)[-1].rstrip("/")
        self.batch = settings.batch
        # texts per request
        if client is None:
            client = Client(self.name, model=self.model, timeout=settings.timeout, retries=settings.retries,
                            concurrency=settings.concurrency, secret=self.key,
                            key_hint=f"the key in ${settings.api_key_env}" if self.key else
                            "whether the server wants a key (api_key_env in [engines.libretranslate])")
        self.client = client
        self.usage = client.usage
        self.secret = client.secret
        # the key, which machine_drafts removes from every translation (a server may echo it)

    @functools.cached_property
    def target(self) -> str:
        """The server's code for the locale, from its `GET /languages`."""
        languages = self.client.json("GET", join(self.url, "languages"))
        if not isinstance(languages, list):
            raise self.client.fail(f"{shown(join(self.url, 'languages'))} did not answer a list of languages; "
                                   "is url that of a LibreTranslate server?")
        english = next((item for item in languages if isinstance(item, dict) and item.get("code") == SOURCE), None)
        listed = (english or {}).get("targets")
        targets = [t for t in listed if isinstance(t, str)] if isinstance(listed, list) else []
        candidates = CODES.get(self.locale, (self.locale.split("_")[0],))
        found = next((code for code in candidates if code in targets), None)
        if found is None:
            offered = ", ".join(sorted(targets)) or "none"
            raise self.client.fail(f"{shown(self.url)} has no model for {SOURCE}→{candidates[0]} (it translates "
                                   f"{SOURCE} into: {offered}); install the language on the server")
        return found

    def _batch(self, texts: list[str], target: str) -> list[str | NoDraft]:
        body = {"q": texts, "source": SOURCE, "target": target, "format": "text"}
        if self.key:
            body["api_key"] = self.key
        answer = self.client.json("POST", join(self.url, "translate"), json=body)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts) or \
                not all(isinstance(t, str) for t in translated):
            said = self.client.short(json.dumps(answer, ensure_ascii=False), 120) \
                if not isinstance(translated, list) else \
                f"{counted(len(translated), 'translation')} for {counted(len(texts), 'text')}"
            raise self.client.fail(f"{shown(join(self.url, 'translate'))} answered {said}; "
                                   "is url that of a LibreTranslate server?")
        self.usage.add(characters=sum(map(len, texts)))
        return [t if t.strip() else NoDraft("left for a human: LibreTranslate gave an empty translation")
                for t in translated]

    def translate(self, texts: Sequence[str]) -> list[str | NoDraft]:
        if not texts:
            return []
        target = self.target  # asked once, before the threads
        return in_batches(self.client, list(texts), self.batch, lambda batch: self._batch(batch, target))
