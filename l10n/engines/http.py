"""What the HTTP engines (`openai`, `deepl`, `libretranslate`) share: one small client over httpx.

- Timeouts on every request (connecting takes at most 10 s of it).
- Retries on 408, 429, 5xx, timeouts and dropped connections: exponential backoff with jitter,
  or exactly what the server's `Retry-After` asks (seconds or a date) up to `MAX_WAIT`; a server
  that asks for longer is an error that says so. Backoff and sleeping are injectable (tests).
- A concurrency limit: `map` runs batches on at most `concurrency` threads, in order.
- A usage count (requests sent, characters sent, tokens billed), for the run's summary.
- The key never leaves: it goes in a header or body the caller builds, every message and every
  text read back has it replaced by `[key]`, and URLs are shown without user, query or fragment.

Library code raises: every failure is one L10nError line naming the engine, the URL and what to do.
"""

from __future__ import annotations

import email.utils
import os
import random
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import httpx

from l10n.engines import EngineFailed
from l10n.errors import L10nError

RETRY = frozenset({408, 425, 429})  # and every 5xx
MAX_WAIT = 120.0
# The longest Retry-After honoured, in seconds; a server asking for more is reported, not waited for.
CONNECT_TIMEOUT = 10.0
DETAIL = 160
# characters of a server's error message quoted in ours


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait before retry number `attempt` (0-based): base x 2^attempt, at most `cap`,
    of which a random half (jitter, so that many clients do not retry in step)."""

    base: float = 1.0
    cap: float = 30.0

    def delay(self, attempt: int) -> float:
        full = min(self.cap, self.base * 2 ** attempt)
        return full / 2 + random.uniform(0, full / 2)


@dataclass
class Usage:
    """What an engine used in a run: requests sent (retries included), characters sent, tokens billed."""

    engine: str
    model: str
    requests: int = 0
    characters: int = 0
    tokens: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, requests: int = 0, characters: int = 0, tokens: int = 0) -> None:
        with self._lock:
            self.requests += requests
            self.characters += characters
            self.tokens += tokens

    def as_dict(self) -> dict[str, int | str]:
        return {"engine": self.engine, "model": self.model, "requests": self.requests,
                "characters": self.characters, "tokens": self.tokens}


def key_from(variable: str, engine: str, table: str) -> str:
    """The API key from the environment variable `variable` names; "" when `variable` is ""."""
    if not variable:
        return ""
    key = os.environ.get(variable, "").strip()
    if not key:
        raise L10nError(f"{engine}: the environment variable {variable} is not set; export {variable}=... with your "
                        f"API key (or name another variable with api_key_env in [{table}] of l10n.toml)")
    return key


def shown(url: str) -> str:
    """`url` as messages show it: no user, password, query or fragment."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def join(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path.lstrip("/")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class Client:
    """One engine's connection pool, retry policy, concurrency limit and usage count."""

    def __init__(self, engine: str, *, model: str = "", timeout: float = 60.0, retries: int = 4, concurrency: int = 4,
                 headers: dict[str, str] | None = None, secret: str = "", key_hint: str = "",
                 settings_hint: str = "the URL in l10n.toml",
                 backoff: Backoff = Backoff(), sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self.engine = engine
        self.timeout = timeout
        self.retries = retries
        self.concurrency = concurrency
        self.secret = secret
        self.key_hint = key_hint
        # what to check when a key is refused: "the key in $OPENAI_API_KEY"
        self.settings_hint = settings_hint
        # what to check when the server has no such endpoint (404)
        self.backoff = backoff
        self.sleep = sleep
        self.usage = Usage(engine, model)
        self._http = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
                                  headers=headers or {}, follow_redirects=False, transport=transport)

    def close(self) -> None:
        self._http.close()

    def redact(self, text: str) -> str:
        return text.replace(self.secret, "[key]") if self.secret and text else text

    def fail(self, message: str) -> L10nError:
        return L10nError(self.redact(f"{self.engine}: {message}"))

    def send(self, method: str, url: str, *, json: Any = None, data: Any = None,
             headers: dict[str, str] | None = None) -> httpx.Response:
        """The response, after retrying 408/425/429/5xx, timeouts and dropped connections.

        Any other status comes back as it is, for the caller to judge. Retries used up, or a
        Retry-After beyond MAX_WAIT, raise an L10nError that says what happened last.
        """
        where = shown(url)
        for attempt in range(self.retries + 1):
            wait_for = None
            try:
                response = self._http.request(method, url, json=json, data=data, headers=headers)
            except httpx.TimeoutException:
                self.usage.add(requests=1)
                what = f"gave no answer within {self.timeout:g} s"
                hint = "raise timeout in l10n.toml, or lower batch"
            except httpx.TransportError as error:
                what = f"cannot be reached ({type(error).__name__}: {str(error)[:DETAIL] or 'connection failed'})"
                hint = "check the URL in l10n.toml and that the server is running"
            else:
                self.usage.add(requests=1)
                status = response.status_code
                if status not in RETRY and status < 500:
                    return response
                what = f"answered {status} {response.reason_phrase}".rstrip() + self.detail(response)
                hint = "the server is busy or failing; try again later"
                wait_for = _retry_after(response)
                if wait_for is not None and wait_for > MAX_WAIT:
                    raise self.fail(f"{where} {what} and asks to wait {wait_for:.0f} s (Retry-After), longer than "
                                    f"{MAX_WAIT:.0f} s; run again later: what was translated is kept")
            if attempt == self.retries:
                tries = f" ({self.retries + 1} attempts)" if self.retries else ""
                raise self.fail(f"{where} {what}{tries}; {hint}")
            self.sleep(wait_for if wait_for is not None else self.backoff.delay(attempt))
        raise AssertionError("unreachable")

    def detail(self, response: httpx.Response) -> str:
        """The server's own words on an error, short, on one line, without the key."""
        try:
            body = response.json()
        except ValueError:
            body = response.text
        if isinstance(body, dict):
            found = body.get("error", body.get("message", body.get("detail", "")))
            if isinstance(found, dict):
                found = found.get("message", "")
            body = found if isinstance(found, str) else ""
        text = " ".join(self.redact(str(body)).split())
        if not text or text.lstrip().startswith("<"):  # an HTML error page says nothing useful
            return ""
        return f": {text[:DETAIL]}{'...' if len(text) > DETAIL else ''}"

    def check(self, response: httpx.Response) -> None:
        """An L10nError for a response that is not a success: a refused key says where the key comes from."""
        status = response.status_code
        if status < 400:
            return
        where = shown(str(response.request.url))
        said = f"{where} answered {status} {response.reason_phrase}".rstrip() + self.detail(response)
        if status in (401, 403):
            raise self.fail(f"{said}; the key was refused: check {self.key_hint or 'the API key'}")
        if status == 404:
            raise self.fail(f"{said}; check {self.settings_hint}")
        raise self.fail(said)

    def json(self, method: str, url: str, **kwargs) -> Any:
        """The JSON body of a successful response; anything else is an L10nError."""
        response = self.send(method, url, **kwargs)
        self.check(response)
        try:
            return response.json()
        except ValueError:
            text = " ".join(self.redact(response.text).split())[:DETAIL]
            raise self.fail(f"{shown(url)} answered {response.status_code} with something that is not JSON: "
                            f"{text!r}; is the URL that of the API?")

    def map(self, function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """`function` over `items` on at most `concurrency` threads, results in order.

        When one fails, the others not yet started are cancelled, those running finish, and the
        failure is raised as EngineFailed with `done`: the results finished, by item position.
        """
        if len(items) <= 1 or self.concurrency <= 1:
            results: dict[int, Any] = {}
            for index, item in enumerate(items):
                try:
                    results[index] = function(item)
                except L10nError as error:
                    raise EngineFailed(error.message, done=results) from error
            return [results[i] for i in range(len(items))]
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix=f"l10n-{self.engine}") as pool:
            futures = [pool.submit(function, item) for item in items]
            finished, pending = wait(futures, return_when=FIRST_EXCEPTION)
            for future in pending:
                future.cancel()
            wait([f for f in pending if not f.cancelled()])
            failure = next((f.exception() for f in futures if not f.cancelled() and f.exception() is not None), None)
            if failure is None:
                return [f.result() for f in futures]
            if not isinstance(failure, L10nError):
                raise failure
            done = {i: f.result() for i, f in enumerate(futures) if not f.cancelled() and f.exception() is None}
            raise EngineFailed(failure.message, done=done) from failure


def batches(items: Sequence[Any], size: int) -> list[list[int]]:
    """Positions of `items` cut into runs of at most `size`."""
    return [list(range(start, min(start + size, len(items)))) for start in range(0, len(items), size)]


def in_batches(client: Client, items: Sequence[Any], size: int,
               translate: Callable[[list[Any]], list[Any]]) -> list[Any]:
    """`translate` over `items` in batches of `size`, concurrently; outputs in the order of `items`.

    When a batch fails, EngineFailed's `done` holds the outputs of the finished batches by item position.
    """
    cut = batches(items, size)
    try:
        outputs = client.map(lambda positions: translate([items[i] for i in positions]), cut)
    except EngineFailed as error:
        raise EngineFailed(error.message, done={i: output for b, result in error.done.items()
                                                for i, output in zip(cut[b], result)}) from error
    return [output for result in outputs for output in result]


def translator(engine: str, root, locale: str, glossary=None, key: str | None = None):
    """The HTTP engine `engine` for `locale`, with the settings of the project at `root`.

    Nothing is sent yet: settings and the key are checked here (a missing key is an L10nError
    before anything is written); the server is first asked when there is something to translate.
    `key`: None reads it from the variable api_key_env names; "" builds the engine without one,
    for `--estimate`: it can say how it would batch and what it would send, and must not send.
    """
    from l10n import config

    settings = config.load(root).engines
    if engine == "openai":
        from l10n.engines.openai import OpenAITranslator

        return OpenAITranslator(settings.openai, locale, key=key)
    if engine == "deepl":
        from l10n.engines.deepl import DeepLTranslator

        return DeepLTranslator(settings.deepl, locale, glossary, project=root.resolve().name, key=key)
    if engine == "libretranslate":
        from l10n.engines.libretranslate import LibreTranslateTranslator

        return LibreTranslateTranslator(settings.libretranslate, locale, key=key)
    raise ValueError(f"not an HTTP engine: {engine!r}")


def auto_translator(root, locale: str, glossary=None, key: str | None = None):
    """The HTTP engine `auto` falls back to (l10n.toml's `auto_http`), or None when none is named."""
    from l10n import config

    engine = config.load(root).auto_http
    return translator(engine, root, locale, glossary, key) if engine else None
