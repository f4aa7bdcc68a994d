"""`deepl`: the DeepL API through the official `deepl` package, over l10n's HTTP client.

The package builds the requests and reads the replies; they travel through `http.Client` (an
adapter in its HttpClient's place), so DeepL gets the same deadline, reply size cap, JSON nesting
limit, Retry-After-aware retries, concurrency limit, usage count and key redaction as the other
HTTP engines: a reply reaches the package only once it is read whole within them. (The package's
own client retries with module-wide settings, ignores Retry-After and waits at least 10 s per try.)

- Glossary: where DeepL has glossaries for the pair (asked of `/v2/glossary-language-pairs`;
  EN→ZH and EN→KO are among them), the project's glossary becomes a DeepL glossary named after a
  hash of its entries: reused while the glossary is unchanged, created when it changed, and the
  project's glossaries of older versions for the pair deleted. Terms then stay in the text for
  DeepL to render, and `machine_drafts` checks each target is there (else masks them and asks again).
  Without glossary support, terms are masked like any protected span.
- Tags: protected spans travel as XML (`tag_handling="xml"`): a pair of inline tags (`<b>` ...
  `</b>`) as `<g>` around the words it marks, so DeepL moves it with them; any other span as an
  empty `<x/>` element. They come back as l10n's tokens for `machine_drafts` to verify.
- Formality: `more` / `less` are sent as `prefer_more` / `prefer_less`, which DeepL applies where
  the target language has formality and ignores elsewhere (Chinese and Korean have none today).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, unescape

from l10n import inline
from l10n.config import DeepLSettings
from l10n.engines import NoDraft, Request
from l10n.engines.http import Client, in_batches, key_from
from l10n.errors import L10nError, counted
from l10n.glossary import Glossary

FREE = "https://api-free.deepl.com"
PRO = "https://api.deepl.com"
MAX_TEXTS = 50  # DeepL's limit of texts per request
# DeepL target codes of l10n's locales; others use their language part
TARGETS = {"zh_CN": "ZH-HANS", "zh_Hans_CN": "ZH-HANS", "zh_SG": "ZH-HANS", "zh_TW": "ZH-HANT", "zh_Hant_TW": "ZH-HANT",
           "zh_HK": "ZH-HANT", "ko_KR": "KO", "pt_BR": "PT-BR", "pt_PT": "PT-PT", "en_US": "EN-US", "en_GB": "EN-GB"}
TOKEN = re.compile(r"ZX(\d+)")
XML = re.compile(r"""<g\s+i=["'](\d+)["']\s+j=["'](\d+)["']\s*>|</g\s*>|<x\s+i=["'](\d+)["']\s*(?:/>|>\s*</x\s*>)""")
_UNESCAPE = {"&quot;": '"', "&apos;": "'"}


def target_code(locale: str) -> str:
    return TARGETS.get(locale, locale.split("_")[0].upper())


def to_xml(request: Request) -> str:
    """The request's text as XML: paired tag tokens as <g i= j=>...</g>, other tokens as <x i=/>."""
    stands = dict(request.placeholders)
    found = list(TOKEN.finditer(request.text))
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for token in found:
        value = stands.get(token[0], "")
        tag = inline.TAG.fullmatch(value)
        if tag and not tag[1]:
            stack.append((tag[2], int(token[1])))
        elif tag and stack and stack[-1][0] == tag[2]:
            pairs[stack.pop()[1]] = int(token[1])
    closing = set(pairs.values())
    parts, at = [], 0
    for token in found:
        parts.append(escape(request.text[at:token.start()]))
        number = int(token[1])
        parts.append(f'<g i="{number}" j="{pairs[number]}">' if number in pairs else "</g>" if number in closing
                     else f'<x i="{number}"/>')
        at = token.end()
    parts.append(escape(request.text[at:]))
    return "".join(parts)


def from_xml(text: str) -> str:
    """DeepL's XML output with l10n's tokens back in place of the elements; a stray </g> is left as it is."""
    stack: list[str] = []

    def token(found: re.Match[str]) -> str:
        if found[1] is not None:
            stack.append(found[2])
            return f"ZX{found[1]}"
        if found[3] is not None:
            return f"ZX{found[3]}"
        return f"ZX{stack.pop()}" if stack else found[0]

    parts, at = [], 0
    for found in XML.finditer(text):
        parts += [unescape(text[at:found.start()], _UNESCAPE), token(found)]
        at = found.end()
    parts.append(unescape(text[at:], _UNESCAPE))
    return "".join(parts)


class _Transport:
    """The `deepl` package's HttpClient interface, over l10n's Client."""

    def __init__(self, client: Client):
        self.client = client

    def request_with_backoff(self, method, url, data=None, json=None, headers=None, stream=False, **kwargs):
        response = self.client.send(method, url, json=json, data=data or None, headers=headers)
        try:  # the package parses the reply itself, without a limit on its nesting: checked here first
            self.client.parse(response)
        except ValueError:
            pass  # not JSON: the package says so in its own words
        # An error's text becomes the package's message: redacted here. A success's becomes
        # translations, which machine_drafts cleans of the key with a note for the reviewer.
        text = response.text
        return response.status_code, text if response.status_code < 400 else self.client.redact(text)

    request = request_with_backoff

    def set_app_info(self, name, version):
        return self

    def close(self) -> None:
        pass  # the Client belongs to the translator


class DeepLTranslator:
    """DeepL text translation for one target locale; one instance per locale and run."""

    name = "deepl"

    def __init__(self, settings: DeepLSettings, locale: str, glossary: Glossary | None = None, project: str = "",
                 client: Client | None = None, key: str | None = None):
        import deepl

        self.settings = settings
        self.locale = locale
        self.target = target_code(locale)
        self.glossary = glossary
        self.project = project
        if key is None:
            key = key_from(settings.api_key_env, self.name, "engines.deepl")
            if not key:
                raise L10nError("deepl: DeepL needs an API key; set api_key_env in [engines.deepl] of l10n.toml to "
                                "the environment variable that holds it")
        self.url = settings.url or (FREE if key.endswith(":fx") else PRO)
        formality = settings.formality if settings.formality not in ("more", "less") else f"prefer_{settings.formality}"
        self.formality = None if formality in ("", "default") else formality
        self.model = "API v2" + (f", formality {settings.formality}" if self.formality else "")
        self.batch = min(settings.batch, MAX_TEXTS)
        # texts per request
        if client is None:
            client = Client(self.name, model=self.model, timeout=settings.timeout, retries=settings.retries,
                            concurrency=settings.concurrency, secret=key,
                            key_hint=f"the key in ${settings.api_key_env}")
        self.client = client
        self.usage = client.usage
        self.secret = client.secret
        # the key, which machine_drafts removes from every translation (a server may echo it)
        self._deepl = None  # without a key (key="", for --estimate) it can say how it would batch, never translate
        if key:
            self._deepl = deepl.Translator(key, server_url=self.url, send_platform_info=False)
            self._deepl._client.close()
            self._deepl._client = _Transport(client)  # the package's requests client swapped for ours (docstring)

    def _call(self, what: str, function, *args, **kwargs):
        """A call of the package with its exceptions as one L10nError line."""
        import deepl

        try:
            return function(*args, **kwargs)
        except deepl.DeepLException as error:
            status = getattr(error, "http_status_code", None)
            said = self.client.short(str(error), 200)
            if status in (401, 403):
                raise self.client.fail(f"{self.url} refused the key ({status}) {what}; check the key in "
                                       f"${self.settings.api_key_env} and that url fits it (free keys end in :fx)")
            if status == 456:
                raise self.client.fail(f"the character quota of this billing period is used up ({self.url}); "
                                       "what was translated is kept")
            raise self.client.fail(f"{self.url} {what}: {said}")
        except (TypeError, KeyError, ValueError, AttributeError) as error:
            raise self.client.fail(f"{self.url} answered {what} in a shape l10n does not know ({type(error).__name__}); "
                                   "is url that of the DeepL API?")

    # --- glossary ------------------------------------------------------------------------

    def entries(self) -> dict[str, str]:
        """English form → approved target of every term and name with a target in the locale."""
        found: dict[str, str] = {}
        for term in self.glossary.terms if self.glossary else ():
            if term.kind == "dnt":
                continue
            target = term.target(self.locale)
            if not target or "\t" in target or "\n" in target:
                continue
            for form in (term.source, *term.variants):
                if form and form.strip() == form and "\t" not in form and "\n" not in form:
                    found.setdefault(form, target)
        return found

    @functools.cached_property
    def glossary_id(self) -> str | None:
        """The DeepL glossary of this glossary version (reused or created), or None where there is none."""
        entries = self.entries() if self.settings.glossary else {}
        if not entries:
            return None
        base = self.target.split("-")[0]
        pairs = self._call("for its glossary language pairs", self._deepl.get_glossary_languages)
        if not any(p.source_lang.upper() == "EN" and p.target_lang.upper() == base for p in pairs):
            return None
        digest = hashlib.sha256(repr(sorted(entries.items())).encode("utf-8")).hexdigest()[:16]
        prefix = f"l10n {self.project or 'project'} EN-{base} "
        name = prefix + digest
        existing = self._call("for its glossaries", self._deepl.list_glossaries)
        kept = next((g for g in existing if g.name == name and g.source_lang == "EN" and g.target_lang == base), None)
        for old in existing:  # this project's glossaries of other versions
            if old.name.startswith(prefix) and (kept is None or old.glossary_id != kept.glossary_id):
                self._call("deleting an old glossary", self._deepl.delete_glossary, old.glossary_id)
        if kept is None:
            kept = self._call("creating the glossary", self._deepl.create_glossary, name, "EN", base, entries)
        return kept.glossary_id

    @property
    def handles_terms(self) -> bool:
        return self.glossary_id is not None

    # --- translating ---------------------------------------------------------------------

    def price(self, characters: int, tokens: int | None) -> float | None:
        """What `characters` cost at price_per_1m_characters in [engines.deepl]; None where it is not set."""
        per = self.settings.price_per_1m_characters
        return None if per is None else characters / 1_000_000 * per

    def _batch(self, requests: list[Request], glossary: str | None) -> list[str | NoDraft]:
        texts = [to_xml(r) for r in requests]
        options = {"source_lang": "EN", "target_lang": self.target, "tag_handling": "xml"}
        if self.formality:
            options["formality"] = self.formality
        if glossary is not None:
            options["glossary"] = glossary
        results = self._call("to a translation request", self._deepl.translate_text, texts, **options)
        if not all(isinstance(getattr(r, "text", None), str) for r in results):
            raise self.client.fail(f"{self.url} answered a translation request with something other than text; "
                                   "is url that of the DeepL API?")
        if len(results) != len(texts):
            raise self.client.fail(f"{self.url} answered {counted(len(results), 'translation')} for "
                                   f"{counted(len(texts), 'text')}; "
                                   "is url that of the DeepL API?")
        billed = (r.billed_characters if _count(getattr(r, "billed_characters", None)) else len(t)
                  for r, t in zip(results, texts))
        self.usage.add(characters=sum(billed))
        return [from_xml(r.text) if r.text.strip() else NoDraft("left for a human: DeepL gave an empty translation")
                for r in results]

    def translate_units(self, requests: Sequence[Request]) -> list[str | NoDraft]:
        glossary = self.glossary_id if any(r.terms for r in requests) else None  # looked up once, before the threads
        return in_batches(self.client, list(requests), self.batch, lambda batch: self._batch(batch, glossary))

    def translate(self, texts: Sequence[str]) -> list[str | NoDraft]:
        return self.translate_units([Request(str(n + 1), text) for n, text in enumerate(texts)])


def _count(value) -> bool:
    """A count a server may send: a whole number, not negative (a bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
