"""`openai`: any OpenAI-compatible chat-completions server (OpenAI, Azure OpenAI, Ollama, vLLM,
llama.cpp's server, LM Studio), glossary and context in the request.

A request carries a batch of units of one release, each with an id, its protected spans as
placeholders to copy (and what they stand for), the glossary targets it must use, and its
neighbours in the release for context (the sentences around the batch; a unit whose neighbour is
not the unit next to it in the batch carries its own, and the heading it stands under); the system
message sets the locale's register and the project's house style (`[style]` in l10n.toml), and the
request shows the few reviewed translations of the project most like the batch (`examples`),
never machine drafts. A draft the checks reject (a glossary target not used, a placeholder lost)
is sent back once with what is wrong (`repairs`).
The reply must be one JSON object keyed by id (`response_format: json_object` where the server
has it). A reply wrapped in prose or ``` fences is repaired; one that still cannot be read, or
that leaves units out, is asked once more (for the units missing); what is still missing is left
for a human with a note. `machine_drafts` verifies every placeholder and glossary target.

`PROMPT_VERSION` is part of the model string, hence of the cache key and the catalog's
`engine:` note: change it whenever the prompt changes, and no cached draft of the old prompt is used.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from l10n import inline
from l10n.config import OpenAISettings
from l10n.engines import NoDraft, Request
from l10n.engines.http import Client, batches, in_batches, join, key_from, loads
from l10n.protect import TOKEN, TOKEN_PATTERN

PROMPT_VERSION = "2"

STYLES = {
    "zh": ("Simplified Chinese (zh_CN)",
           "Write in the formal written register of Chinese corporate press releases (新闻稿) as published in "
           "mainland China: concise, objective, 书面语; full-width Chinese punctuation (，。、；：“”（）); "
           "Arabic numerals; no spaces between Chinese characters; company and product names as the "
           "placeholders and glossary give them."),
    "ko": ("Korean (ko_KR)",
           "Write in Korean newspaper style: plain declarative 한다체 (…했다, …한다, …밝혔다), never 합니다체 or "
           "해요체; concise and objective as in a Korean wire story (연합뉴스); Arabic numerals; company and "
           "product names as the placeholders and glossary give them."),
}

SYSTEM = """You translate sentences of an English press release into {language}.
{style}

{house}The user message is a JSON object. "units" are sentences of the release, in order; "heading", \
"before" and "after" (of the request, or of a unit) are the heading they stand under and the \
sentences around them, for context only: do not translate them. "examples", when present, are \
earlier sentences of this company translated by its reviewers: follow their terminology and \
style where they apply, and translate only the units.
For each unit:
- Translate "text" completely and faithfully. Add nothing, drop nothing, explain nothing.
- Tokens like ZX0, ZX1 are placeholders for text that must not change (names, codes, numbers, \
e-mail addresses, links, markup); "placeholders" says what each one stands for. Copy every \
placeholder of the unit exactly once, unchanged, where its meaning belongs in the translation. \
Never write what a placeholder stands for instead of the placeholder.
- "glossary" gives approved translations of terms in the unit: render each term exactly as given.
- A unit with "rejected_draft" was translated before and failed a check; "problem" says what is \
wrong. Translate it again, correcting exactly that.

Reply with one JSON object and nothing else: each unit's id as a key, its translation as the \
value, for example {{"1": "...", "2": "..."}}."""

CHARS_PER_TOKEN = 4
# characters of a prompt per token, for --estimate: OpenAI's rule of thumb for English, and a
# prompt is English instructions, JSON and placeholders (its few Chinese or Korean glossary
# targets tokenize denser, about one token a character: this errs low by those)
REPLY_TOKENS = {"zh": 0.4, "ko": 0.5, "ja": 0.5}
# completion tokens per character of English asked, by target language, for --estimate: a Chinese
# translation runs to about 0.4 characters per English one, a Korean or Japanese one about 0.5,
# at roughly one token a character
OTHER_REPLY_TOKENS = 0.3
# other languages: about 1.2 characters per English one, at CHARS_PER_TOKEN

FENCE = re.compile(r"```[a-zA-Z]*\s*(.*?)```", re.S)

EXAMPLES = 5
# reviewed translations shown per request, at most: a few close ones teach the company's usage;
# more cost tokens on every request and drown the units
EXAMPLE_CHARACTERS = 1500
# their English and translations together, at most, per request
EXAMPLE_LIKENESS = 50
# the least likeness (rapidfuzz's token_set_ratio, 0-100: the words two sentences share, whatever
# their lengths) to a unit of the batch that makes a reviewed translation an example: below it,
# two sentences share little more than `the` and `of`


def examples(alike: Callable[[str, int, float], Sequence[tuple[str, str, float]]], texts: Sequence[str],
             limit: int = EXAMPLES, budget: int = EXAMPLE_CHARACTERS) -> list[tuple[str, str]]:
    """The reviewed (English, translation) pairs most like any of `texts`, best first, at most
    `limit` and `budget` characters together; none below EXAMPLE_LIKENESS. `alike(text, limit,
    cutoff)` finds them for one text (the project memory's `Memory.alike`)."""
    score: dict[tuple[str, str], float] = {}
    for text in texts:
        for source, target, found in alike(text, limit, EXAMPLE_LIKENESS):
            score[source, target] = max(score.get((source, target), 0.0), found)
    chosen, used = [], 0
    for pair in sorted(score, key=lambda pair: -score[pair]):  # stable: a tie keeps the order found
        if used + len(pair[0]) + len(pair[1]) <= budget:
            chosen.append(pair)
            used += len(pair[0]) + len(pair[1])
        if len(chosen) == limit:
            break
    return chosen


def plain(request: Request) -> str:
    """The unit's English as its neighbours' context gives it: placeholders put back, markup left out."""
    values = dict(request.placeholders)
    text = TOKEN_PATTERN.sub(lambda found: values.get(TOKEN.format(found[1]), found[0]), request.text)
    return inline.strip(text)


def _language(locale: str) -> tuple[str, str]:
    language = locale.split("_")[0]
    return STYLES.get(language, (locale, "Write in the formal register of a press release in that language."))


def parse(content: str | None, ids: Sequence[str]) -> dict[str, str] | None:
    """The translations in a reply, by id: the JSON object itself, or one found in prose or
    ``` fences, or wrapped in one more object ({"translations": {...}}) or given as a list of
    {"id", "translation"}. Only non-empty strings for the ids asked count. None: nothing readable
    (JSON nested deeper than the HTTP engines' MAX_DEPTH included)."""
    if not content:
        return None
    text = content.strip()
    candidates = [text, *(found.strip() for found in FENCE.findall(text))]
    if "{" in text:
        candidates.append(text[text.find("{"):text.rfind("}") + 1])
    if "[" in text:
        candidates.append(text[text.find("["):text.rfind("]") + 1])
    wanted = set(ids)
    for candidate in candidates:
        try:
            value = loads(candidate)
        except ValueError:
            continue
        found = _translations(value, wanted)
        if found is not None:
            return found
    return None


def _translations(value: Any, wanted: set[str]) -> dict[str, str] | None:
    if isinstance(value, dict) and len(value) == 1 and not wanted.intersection(map(str, value)):
        value = next(iter(value.values()))  # {"translations": {...}} or {"units": [...]}
    if isinstance(value, list):
        pairs = {}
        for item in value:
            if isinstance(item, dict) and "id" in item:
                text = next((item[k] for k in ("translation", "text", "target") if isinstance(item.get(k), str)), None)
                pairs[str(item["id"])] = text
        value = pairs
    if not isinstance(value, dict):
        return None
    return {str(k): v.strip() for k, v in value.items() if str(k) in wanted and isinstance(v, str) and v.strip()}


class OpenAITranslator:
    """Chat completions through one Client; one instance per target locale and run."""

    name = "openai"
    handles_terms = True
    repairs = True

    def __init__(self, settings: OpenAISettings, locale: str, client: Client | None = None, key: str | None = None,
                 style: str = ""):
        self.settings = settings
        self.locale = locale
        self.style = style
        # the house style for this locale ([style] in l10n.toml): in the model string, so a style
        # change re-drafts what MT drafted under the old one (the cache key and the catalog's note)
        self.model = f"{settings.model}, prompt v{PROMPT_VERSION}" + (
            f", style {hashlib.sha256(style.encode()).hexdigest()[:8]}" if style else "")
        self.alike: Callable[[str, int, float], Sequence[tuple[str, str, float]]] | None = None
        # where `examples` finds the project's reviewed translations like a unit: the run sets it
        # to its translation memory's `alike`
        self.url = join(settings.base_url, "chat/completions")
        self.batch = settings.batch
        # units per request
        if client is None:
            key = key_from(settings.api_key_env, self.name, "engines.openai") if key is None else key
            client = Client(self.name, model=self.model, timeout=settings.timeout, retries=settings.retries,
                            concurrency=settings.concurrency, secret=key,
                            headers={"Authorization": f"Bearer {key}"} if key else {},
                            key_hint=f"the key in ${settings.api_key_env}" if key else "the server's settings",
                            settings_hint="base_url and model in [engines.openai] of l10n.toml")
        self.client = client
        self.usage = client.usage
        self.secret = client.secret
        # the key, which machine_drafts removes from every translation (a server may echo it)

    def body(self, requests: Sequence[Request]) -> dict:
        """The chat-completions request for one batch, as it is sent (the key is in a header, not here)."""
        language, style = _language(self.locale)
        english = [plain(request) for request in requests]
        units = []
        for n, request in enumerate(requests):
            unit: dict[str, Any] = {"id": request.id, "text": request.text}
            if request.placeholders:
                unit["placeholders"] = dict(request.placeholders)
            if request.terms:
                unit["glossary"] = dict(request.terms)
            # its own context where the batch's order does not give it (units of a release far apart)
            if n and request.heading != requests[n - 1].heading:
                unit["heading"] = request.heading
            if n and request.before != english[n - 1]:
                unit["before"] = request.before
            if n + 1 < len(requests) and request.after != english[n + 1]:
                unit["after"] = request.after
            if request.draft:
                unit["rejected_draft"], unit["problem"] = request.draft, request.problem
            units.append(unit)
        payload: dict[str, Any] = {"target_language": language}
        if requests and requests[0].heading:
            payload["heading"] = requests[0].heading
        shown = examples(self.alike, english) if self.alike else []
        if shown:
            payload["examples"] = [{"en": source, "translation": target} for source, target in shown]
        payload.update(before=requests[0].before if requests else "", units=units,
                       after=requests[-1].after if requests else "")
        house = f"House style of this project for {language}: {self.style}\n\n" if self.style else ""
        body = {
            "model": self.settings.model,
            "messages": [{"role": "system", "content": SYSTEM.format(language=language, style=style, house=house)},
                         {"role": "user", "content": json.dumps(payload, ensure_ascii=False)}],
            "temperature": self.settings.temperature,
        }
        if self.settings.json_mode:
            body["response_format"] = {"type": "json_object"}
        return body

    def tokens(self, requests: Sequence[Request]) -> int:
        """About the tokens translating `requests` bills, for --estimate: the messages of each batch's
        request as built, at CHARS_PER_TOKEN, and the reply at REPLY_TOKENS per character of the
        units' text. First tries only: a reply asked again, or a unit translated again with its
        terms masked, bills more."""
        prompt = sum(len(message["content"]) for batch in batches(requests, self.batch)
                     for message in self.body([requests[i] for i in batch])["messages"])
        reply = sum(len(r.text) for r in requests) * REPLY_TOKENS.get(self.locale.split("_")[0], OTHER_REPLY_TOKENS)
        return math.ceil(prompt / CHARS_PER_TOKEN + reply)

    def price(self, characters: int, tokens: int) -> float | None:
        """What `tokens` cost at price_per_1k_tokens in [engines.openai]; None where it is not set."""
        per = self.settings.price_per_1k_tokens
        return None if per is None else tokens / 1000 * per

    def preview(self, requests: Sequence[Request]) -> dict:
        """The first request as it would be sent, the key shown as [key]; nothing is sent."""
        headers = {"Authorization": "Bearer [key]"} if self.client.secret else {}
        return {"method": "POST", "url": self.url, "headers": headers,
                "body": self.body(list(requests)[:self.batch])}

    def _reply(self, requests: Sequence[Request]) -> tuple[dict[str, str] | None, str]:
        """The translations of one request by id (None: unreadable), and why a reply was unusable."""
        answer = self.client.json("POST", self.url, json=self.body(requests))
        self.usage.add(characters=sum(len(r.text) for r in requests))
        usage = answer.get("usage") if isinstance(answer, dict) else None
        if isinstance(usage, dict):
            self.usage.add(tokens=sum(v for k, v in usage.items() if k in ("prompt_tokens", "completion_tokens")
                                      and isinstance(v, int)))
        try:
            choice = answer["choices"][0]
            content = choice["message"]["content"]
        except (KeyError, IndexError, TypeError):
            return None, "the server's reply held no message"
        found = parse(content if isinstance(content, str) else None, [r.id for r in requests])
        if found is None:
            cut = isinstance(choice, dict) and choice.get("finish_reason") == "length"
            return None, ("the model's reply was cut off at its length limit (lower batch in [engines.openai])"
                          if cut else "the model's reply could not be read as JSON")
        return found, ""

    def _batch(self, requests: list[Request]) -> list[str | NoDraft]:
        found, why = self._reply(requests)
        missing = [r for r in requests if found is None or r.id not in found]
        if missing:  # asked once more, for what is missing only
            again, why_again = self._reply(missing)
            found = {**(found or {}), **(again or {})}
            why = why_again if again is None else "the model's reply had no translation for it"
        return [found[r.id] if r.id in found else NoDraft(f"left for a human: {why}, twice") for r in requests]

    def translate_units(self, requests: Sequence[Request]) -> list[str | NoDraft]:
        return in_batches(self.client, list(requests), self.batch, self._batch)

    def translate(self, texts: Sequence[str]) -> list[str | NoDraft]:
        return self.translate_units([Request(str(n + 1), text) for n, text in enumerate(texts)])
