"""What the HTTP engines (`openai`, `deepl`, `libretranslate`) share: one small client over httpx.

- Retries on 408, 429, 5xx, timeouts and dropped connections: exponential backoff with jitter,
  or exactly what the server's `Retry-After` asks (seconds or a date) up to `MAX_WAIT`; a server
  that asks for longer is an error that says so. Backoff and sleeping are injectable (tests).
- A concurrency limit: `map` runs batches on at most `concurrency` threads, in order.
- A usage count (requests sent, characters sent, tokens billed), for the run's summary.
- The key never leaves: it goes in a header or body the caller builds, every message has it (and
  anything shaped like an Authorization header) replaced by `[key]` before it is shortened, and
  URLs are shown without user, query or fragment. What an engine answers is cleaned of it by
  `machine_drafts` (`l10n.engines.clean`).

Limits: what one request may cost whatever the server does, for every engine (DeepL's requests
too: the `deepl` package sends them through this client).

- A deadline: the engine's `timeout` setting is the whole exchange (connecting, sending, the
  status line, the headers and every byte of the reply), not each read: a server that sends its
  reply or its headers a byte at a time is stopped at `timeout` like one that sends nothing.
  Connecting takes at most `CONNECT_TIMEOUT` of it.
- `MAX_REPLY` = 16 MiB: the size of a reply, counted as it is decoded. A compressed reply (gzip or
  deflate, the encodings asked for) is unpacked `CHUNK` bytes at a time and counted unpacked, so a
  gzip bomb is stopped one chunk past the cap, whatever it would unpack to. A reply declared larger
  (Content-Length) is refused before it is read. Real replies are a few KB.
- `MAX_DEPTH` = 64: how deep JSON may nest, wherever l10n parses a server's JSON (`loads`: the
  reply, and a model's message that is itself JSON). Real replies nest 5 deep or less.

Each attempt, a retry too, has a deadline of its own. Library code raises: every failure is one
L10nError line naming the engine, the URL and what to do, with the setting of its `[engines.NAME]`
table to change.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import threading
import time
import urllib.parse
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from l10n.engines import CREDENTIALS, EngineFailed
from l10n.errors import L10nError

RETRY = frozenset({408, 425, 429})  # and every 5xx
MAX_WAIT = 120.0
# The longest Retry-After honoured, in seconds; a server asking for more is reported, not waited for.
CONNECT_TIMEOUT = 10.0
DETAIL = 160
# characters of a server's error message quoted in ours
MAX_REPLY = 16 << 20
# bytes of a reply, decoded (module docstring); tests lower it
MAX_DEPTH = 64
# levels of nesting of any JSON read from a server (module docstring)
CHUNK = 64 << 10
# bytes unpacked at a time from a compressed reply
ENCODINGS = "gzip, deflate"
# the compressions a reply may use (Accept-Encoding), both unpacked by `_decoded`


class TooDeep(ValueError):
    """JSON nested deeper than MAX_DEPTH."""


def loads(text: str | bytes) -> Any:
    """JSON `text` parsed, nested at most MAX_DEPTH deep: ValueError for anything that is not JSON,
    TooDeep (a ValueError too) for JSON nested deeper."""
    try:
        value = json.loads(text)
    except RecursionError:  # the decoder recurses once per level: [[[[...]]]] in a few hundred KB
        raise TooDeep(f"JSON nested more than {MAX_DEPTH} levels deep") from None
    deepest, stack = 0, [(value, 1)]
    while stack:  # without recursion: the value may be nested a few hundred deep still
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            raise TooDeep(f"JSON nested more than {MAX_DEPTH} levels deep")
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return value


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
    repairs: int = 0
    # units sent back once with their rejected draft and its problem (their requests and tokens
    # are in the figures above)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, requests: int = 0, characters: int = 0, tokens: int = 0, repairs: int = 0) -> None:
        with self._lock:
            self.requests += requests
            self.characters += characters
            self.tokens += tokens
            self.repairs += repairs

    def as_dict(self) -> dict[str, int | str]:
        return {"engine": self.engine, "model": self.model, "requests": self.requests,
                "characters": self.characters, "tokens": self.tokens, "repairs": self.repairs}


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


def _decoded(raw: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """The body whose bytes on the wire are `raw`, in Content-Encoding `encoding`, decoded at most
    CHUNK bytes at a time: its reader stops a gzip bomb before it is unpacked any further.
    (httpx's own decoders unpack each network read whole, a 64 KiB read of zeros to 64 MiB.)"""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise httpx.DecodingError(f"Content-Encoding {encoding!r} is none of {ENCODINGS}, which were asked for")
    unpack = zlib.decompressobj(32 + zlib.MAX_WBITS)  # a zlib or a gzip header, whichever it has
    try:
        for data in raw:
            while data and not unpack.eof:
                yield unpack.decompress(data, CHUNK)
                data = unpack.unconsumed_tail
            if unpack.eof:  # what follows the compressed body is not read
                break
        yield unpack.flush()
    except zlib.error as error:
        raise httpx.DecodingError(f"{encoding}: {error}") from None


class _Deadline(threading.local):
    """When the request this thread is making must be done (time.monotonic()); None: no request."""

    at: float | None = None

    def left(self, timeout: float | None, late: type[Exception]) -> float | None:
        """`timeout`, shortened to the time left; `late` raised when none is."""
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise late("the request's deadline has passed")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most until the deadline of the request using it."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline):
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _Stream(self._stream.start_tls(ssl_context, server_hostname,
                                              self._deadline.left(timeout, httpcore.ConnectTimeout)), self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """httpcore's network backend, its connections bound by the deadline (`_Stream`)."""

    def __init__(self, backend: httpcore.NetworkBackend, deadline: _Deadline):
        self._backend = backend
        self._deadline = deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        timeout = self._deadline.left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options), self._deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        timeout = self._deadline.left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, timeout, socket_options), self._deadline)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _bound(http: httpx.Client, deadline: _Deadline) -> None:
    """Every connection `http` opens, through a proxy from the environment too, bound by `deadline`.

    httpx's timeouts are per read: a status line or headers sent a byte at a time never trip one,
    and the body's chunks, which `Client._read` times, come only after them. httpx takes no network
    backend of its own; the httpcore connection pools of its transports do, and get `_Backend`."""
    for transport in (http._transport, *http._mounts.values()):
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is not None and not isinstance(backend, _Backend):
            pool._network_backend = _Backend(backend, deadline)


class Client:
    """One engine's connection pool, retry policy, concurrency limit, limits and usage count."""

    def __init__(self, engine: str, *, model: str = "", timeout: float = 60.0, retries: int = 4, concurrency: int = 4,
                 headers: dict[str, str] | None = None, secret: str = "", key_hint: str = "",
                 settings_hint: str = "the URL in l10n.toml",
                 backoff: Backoff = Backoff(), sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self.engine = engine
        self.table = f"engines.{engine}"
        # the engine's table in l10n.toml, named by messages
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
                                  headers={"Accept-Encoding": ENCODINGS, **(headers or {})}, follow_redirects=False,
                                  transport=transport)
        self._deadline = _Deadline()
        _bound(self._http, self._deadline)

    def close(self) -> None:
        self._http.close()

    def redact(self, text: str) -> str:
        """`text` with the key, and anything shaped like an Authorization header, replaced by [key]."""
        if not text:
            return text
        if self.secret:
            text = text.replace(self.secret, "[key]")
        for pattern, replacement in CREDENTIALS:
            text = pattern.sub(replacement, text)
        return text

    def short(self, text: str, size: int = DETAIL) -> str:
        """`text` redacted, then on one line and cut to `size` characters: a key cut in two is still a key."""
        text = " ".join(self.redact(text).split())
        return text[:size] + ("..." if len(text) > size else "")

    def fail(self, message: str) -> L10nError:
        return L10nError(self.redact(f"{self.engine}: {message}"))

    def send(self, method: str, url: str, *, json: Any = None, data: Any = None,
             headers: dict[str, str] | None = None) -> httpx.Response:
        """The response, read whole, after retrying 408/425/429/5xx, timeouts and dropped connections.

        Any other status comes back as it is, for the caller to judge. Retries used up, or a
        Retry-After beyond MAX_WAIT, raise an L10nError that says what happened last; so does a
        reply past MAX_REPLY, at once.
        """
        where = shown(url)
        for attempt in range(self.retries + 1):
            wait_for = None
            try:
                response = self._exchange(method, url, json=json, data=data, headers=headers)
            except httpx.ConnectTimeout:
                what = f"accepted no connection within {min(self.timeout, CONNECT_TIMEOUT):g} s"
                hint = f"check the URL in [{self.table}] of l10n.toml and that the server is running"
            except httpx.TimeoutException:
                self.usage.add(requests=1)
                what = f"took longer than timeout = {self.timeout:g} s"
                hint = f"raise timeout in [{self.table}] of l10n.toml, or lower batch there"
            except httpx.DecodingError as error:
                self.usage.add(requests=1)
                what = f"sent a reply that cannot be decoded ({self.short(str(error)) or 'damaged compression'})"
                hint = f"check the URL in [{self.table}] of l10n.toml"
            except httpx.TransportError as error:
                what = f"cannot be reached ({type(error).__name__}: {self.short(str(error)) or 'connection failed'})"
                hint = f"check the URL in [{self.table}] of l10n.toml and that the server is running"
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

    def _exchange(self, method: str, url: str, **options) -> httpx.Response:
        """One request and its whole reply, within the deadline (`timeout` from now) and MAX_REPLY."""
        request = self._http.build_request(method, url, **options)
        self._deadline.at = time.monotonic() + self.timeout
        try:
            streamed = self._http.send(request, stream=True)
            try:
                body = self._read(streamed)
            finally:
                streamed.close()
        finally:
            self._deadline.at = None
        # the body as read, decoded: the headers that described it encoded go
        headers = [(k, v) for k, v in streamed.headers.multi_items() if k.lower() not in ("content-encoding",
                                                                                           "content-length")]
        return httpx.Response(streamed.status_code, headers=headers, content=body, request=request,
                              extensions={k: v for k, v in streamed.extensions.items()
                                          if k in ("http_version", "reason_phrase")})

    def _read(self, response: httpx.Response) -> bytes:
        """The body of a streamed response, decoded, chunk by chunk against the deadline and MAX_REPLY."""
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > MAX_REPLY:
            raise self._too_big(response)
        body = bytearray()
        for chunk in _decoded(response.iter_raw(), response.headers.get("Content-Encoding", "")):
            if len(body) + len(chunk) > MAX_REPLY:
                raise self._too_big(response)
            body += chunk
            if time.monotonic() > self._deadline.at:
                raise httpx.ReadTimeout("the reply took longer than the deadline", request=response.request)
        return bytes(body)

    def _too_big(self, response: httpx.Response) -> L10nError:
        self.usage.add(requests=1)
        return self.fail(f"{shown(str(response.request.url))} sent a reply of more than {MAX_REPLY / (1 << 20):g} "
                         f"MiB, where a translation's is a few KB; l10n stopped reading it: check the URL in "
                         f"[{self.table}] of l10n.toml, or lower batch there")

    def parse(self, response: httpx.Response) -> Any:
        """The JSON body of `response`: ValueError where it is not JSON, an L10nError where it nests
        deeper than MAX_DEPTH."""
        try:
            return loads(response.content)
        except TooDeep:
            raise self.fail(f"{shown(str(response.request.url))} answered JSON nested more than {MAX_DEPTH} levels "
                            f"deep; check the URL in [{self.table}] of l10n.toml: is it that of the API?") from None

    def detail(self, response: httpx.Response) -> str:
        """The server's own words on an error, short, on one line, without the key."""
        try:
            body = self.parse(response)
        except ValueError:
            body = response.text
        if isinstance(body, dict):
            found = body.get("error", body.get("message", body.get("detail", "")))
            if isinstance(found, dict):
                found = found.get("message", "")
            body = found if isinstance(found, str) else ""
        text = self.short(str(body))
        if not text or text.startswith("<"):  # an HTML error page says nothing useful
            return ""
        return f": {text}"

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
            return self.parse(response)
        except ValueError:
            raise self.fail(f"{shown(url)} answered {response.status_code} with something that is not JSON: "
                            f"{self.short(response.text)!r}; is the URL that of the API?") from None

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
