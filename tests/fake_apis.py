"""Fake OpenAI, DeepL and LibreTranslate servers for the HTTP engines' tests.

Each answers like the real service (request and reply shapes from its documentation) and
misbehaves on request: a test queues `faults`, one per request, before the normal answer.
A fault is a werkzeug Response to send as it is, a callable (request → Response), or the name
of a misbehaviour the fake knows. Every request is kept in `requests` for the test to read.
With `echo` set, every translation carries the request's Authorization header and key back, as
a server that echoes what it is sent would.
"""

from __future__ import annotations

import json
import re
import time
import zlib
from collections import deque

from werkzeug import Request, Response

KEY = "sk-test-SECRET-5f1e0c9a7b3d4e2f"


def reply(body, status=200, headers=None) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers or {},
                    content_type="application/json")


def slow(seconds: float):
    def answer(request: Request) -> Response:
        time.sleep(seconds)
        return reply({"error": "too late"}, 504)
    return answer


# Misbehaving replies for the limits every HTTP engine keeps (its deadline, the reply size cap,
# the JSON nesting limit): `fake.faults.append(drip(fake, 0.1, 30))` ...

CONTROL = "\x1b[31m\x00\x07\x0b\x0c\x1f\x7f\x1b[0m"
# control characters an engine must not pass on: two escape sequences (one each) and six others


def drip(fake: Fake, every: float, count: int):
    """The fake's normal answer, after `count` spaces sent one every `every` seconds: each read
    gets data in time, the whole reply takes count x every."""
    def answer(request: Request) -> Response:
        body = fake.answer(request, request.get_json(silent=True)).get_data()

        def chunks():
            for _ in range(count):
                yield b" "
                time.sleep(every)
            yield body
        return Response(chunks(), status=200, content_type="application/json")
    return answer


def huge(size: int, chunk: int = 1 << 20) -> Response:
    """A reply of `size` bytes of JSON whitespace and `{}`, streamed in `chunk`s, no Content-Length."""
    def chunks():
        for _ in range(size // chunk):
            yield b" " * chunk
        yield b"{}"
    return Response(chunks(), status=200, content_type="application/json")


_BOMBS: dict[int, bytes] = {}


def gzip_bomb(size: int) -> Response:
    """`size` bytes of zeros, gzip-compressed (about 1,000:1), sent with Content-Encoding: gzip."""
    if size not in _BOMBS:
        packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        block = bytes(1 << 20)
        _BOMBS[size] = b"".join([*(packer.compress(block) for _ in range(size >> 20)), packer.flush()])
    return Response(_BOMBS[size], status=200, content_type="application/json", headers={"Content-Encoding": "gzip"})


def nested(depth: int) -> Response:
    """A JSON reply nested `depth` arrays deep."""
    return Response("[" * depth + "]" * depth, status=200, content_type="application/json")


class Fake:
    """Records requests; serves queued faults first, then `answer`."""

    prefix = ""

    def __init__(self, httpserver):
        self.server = httpserver
        self.requests: list[dict] = []
        self.faults: deque = deque()
        self.echo = False
        httpserver.expect_request(re.compile(f"^{re.escape(self.prefix)}/.*")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return self.server.url_for(self.prefix).rstrip("/")

    def handle(self, request: Request) -> Response:
        body = request.get_json(silent=True)
        self.requests.append({"method": request.method, "path": request.path, "headers": dict(request.headers),
                              "json": body, "form": request.form.to_dict()})
        if self.faults:
            fault = self.faults.popleft()
            if isinstance(fault, Response):
                return fault
            if callable(fault):
                return fault(request)
            return self.misbehave(fault, request, body)
        return self.answer(request, body)

    def settle(self) -> None:
        """Wait until the server has finished with the requests it has (it serves one at a time): a
        reply sent a byte at a time goes on until a write finds the client gone."""
        import httpx

        httpx.get(f"{self.url}/settle", timeout=60)

    def posts(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"].endswith(path)]

    def misbehave(self, fault: str, request: Request, body) -> Response:
        raise ValueError(f"unknown fault {fault!r}")

    def echoed(self, text: str, request: Request, body) -> str:
        """`text` with what the request carried as credentials, when `echo` is set."""
        if not self.echo:
            return text
        sent = request.headers.get("Authorization", "")
        key = body.get("api_key", "") if isinstance(body, dict) else ""
        return f"{text} [echo: Authorization: {sent}; api_key={key}; {KEY}]"


def pretend(text: str, terms: dict[str, str], marker: str) -> str:
    """A translation that keeps every token and uses every glossary target: terms replaced, a marker in front."""
    for source, target in sorted(terms.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(source, target)
    return f"{marker}{text}"


class FakeOpenAI(Fake):
    """POST /v1/chat/completions; GET /v1/models."""

    prefix = "/v1"
    marker = "译文："

    def units(self, body) -> list[dict]:
        return json.loads(body["messages"][1]["content"])["units"]

    def translations(self, body, request: Request | None = None) -> dict[str, str]:
        return {u["id"]: self.echoed(pretend(u["text"], u.get("glossary", {}), self.marker), request, body)
                for u in self.units(body)}

    def completion(self, content: str, finish: str = "stop") -> Response:
        return reply({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "fake",
                      "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                   "finish_reason": finish}],
                      "usage": {"prompt_tokens": 100, "completion_tokens": 40, "total_tokens": 140}})

    def answer(self, request: Request, body) -> Response:
        if request.method == "GET":
            return reply({"object": "list", "data": [{"id": "fake", "object": "model"}]})
        if request.headers.get("Authorization") != f"Bearer {KEY}":
            return self.refused(request)
        answer = self.completion(json.dumps(self.translations(body, request), ensure_ascii=False))
        if self.echo:  # the key also spelled with a JSON escape, which only a parser reads back
            answer.set_data(answer.get_data().replace(KEY[:2].encode(), b"\\u0073k", 1))
        return answer

    def refused(self, request: Request) -> Response:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return reply({"error": {"message": f"Incorrect API key provided: {sent}.", "type": "invalid_request_error",
                                "code": "invalid_api_key"}}, 401)

    def misbehave(self, fault: str, request: Request, body) -> Response:
        found = self.translations(body)
        text = json.dumps(found, ensure_ascii=False)
        if fault == "fenced":
            return self.completion(f"Here are the translations:\n```json\n{text}\n```\nLet me know!")
        if fault == "wrapped":
            return self.completion(json.dumps({"translations": found}, ensure_ascii=False))
        if fault == "malformed":
            return self.completion('{"1": "译文' + "，" * 3)
        if fault == "cut":
            return self.completion(text[: len(text) // 2], finish="length")
        if fault == "first-missing":
            return self.completion(json.dumps(dict(list(found.items())[1:]), ensure_ascii=False))
        if fault == "drops-placeholder":
            return self.completion(json.dumps({k: re.sub(r"ZX\d+", "", v, count=1) for k, v in found.items()},
                                              ensure_ascii=False))
        if fault == "drops-code":
            return self.completion(json.dumps({k: v.replace("XS228", "") for k, v in found.items()}, ensure_ascii=False))
        if fault == "ignores-glossary":
            plain = {u["id"]: self.marker + u["text"] for u in self.units(body)}
            return self.completion(json.dumps(plain, ensure_ascii=False))
        if fault == "refused":
            return self.refused(request)
        if fault == "garbage":
            return Response("<html>Bad gateway</html>", status=200, content_type="text/html")
        if fault == "control":
            return self.completion(json.dumps({k: CONTROL[:9] + v + CONTROL[9:] for k, v in found.items()}))
        if fault == "nested-content":
            return self.completion("[" * 100_000 + "]" * 100_000)
        return super().misbehave(fault, request, body)


class FakeDeepL(Fake):
    """DeepL API v2: /v2/translate, /v2/glossary-language-pairs, /v2/glossaries, /v2/usage."""

    prefix = ""
    marker = "DL:"

    def __init__(self, httpserver, pairs=(("en", "zh"), ("en", "ko"), ("en", "de"))):
        self.pairs = pairs
        self.glossaries: dict[str, dict] = {}
        self.count = 0
        super().__init__(httpserver)

    def answer(self, request: Request, body) -> Response:
        if request.headers.get("Authorization") != f"DeepL-Auth-Key {KEY}":
            return reply({"message": "Wrong endpoint. Use https://api.deepl.com"}, 403)
        path = request.path
        if path == "/v2/usage":
            return reply({"character_count": 10, "character_limit": 500000})
        if path == "/v2/glossary-language-pairs":
            return reply({"supported_languages": [{"source_lang": s, "target_lang": t} for s, t in self.pairs]})
        if path == "/v2/glossaries" and request.method == "GET":
            return reply({"glossaries": [self.info(g) for g in self.glossaries.values()]})
        if path == "/v2/glossaries" and request.method == "POST":
            self.count += 1
            entries = dict(line.split("\t") for line in body["entries"].splitlines() if line)
            glossary = {"glossary_id": f"g-{self.count}", "name": body["name"], "source_lang": body["source_lang"],
                        "target_lang": body["target_lang"], "entries": entries}
            self.glossaries[glossary["glossary_id"]] = glossary
            return reply(self.info(glossary), 201)
        if path.startswith("/v2/glossaries/") and request.method == "DELETE":
            self.glossaries.pop(path.rsplit("/", 1)[1], None)
            return Response(status=204)
        if path == "/v2/translate":
            entries = self.glossaries[body["glossary_id"]]["entries"] if body.get("glossary_id") else {}
            return reply({"translations": [{"detected_source_language": "EN",
                                            "text": self.echoed(pretend(t, entries, self.marker), request, body),
                                            "billed_characters": len(t)} for t in body["text"]]})
        return reply({"message": "Not found"}, 404)

    @staticmethod
    def info(glossary: dict) -> dict:
        return {key: glossary[key] for key in ("glossary_id", "name", "source_lang", "target_lang")} | {
            "ready": True, "creation_time": "2025-07-28T10:00:00.000000Z", "entry_count": len(glossary["entries"])}

    def misbehave(self, fault: str, request: Request, body) -> Response:
        if fault == "swaps-tags":  # DeepL moved the closing tag before the opening one
            texts = [re.sub(r'(<g i="\d+" j="\d+">)(.*?)(</g>)', r"\3\2\1", t) for t in body["text"]]
            return reply({"translations": [{"detected_source_language": "EN", "text": self.marker + t,
                                            "billed_characters": len(t)} for t in texts]})
        if fault == "fewer":
            return reply({"translations": [{"detected_source_language": "EN", "text": "x", "billed_characters": 1}]})
        if fault == "control":
            entries = self.glossaries[body["glossary_id"]]["entries"] if body.get("glossary_id") else {}
            return reply({"translations": [{"detected_source_language": "EN", "billed_characters": len(t),
                                            "text": CONTROL[:9] + pretend(t, entries, self.marker) + CONTROL[9:]}
                                           for t in body["text"]]})
        return super().misbehave(fault, request, body)


class FakeLibreTranslate(Fake):
    """LibreTranslate: GET /languages, POST /translate."""

    prefix = ""
    marker = "LT:"

    def __init__(self, httpserver, targets=("zh-Hans", "zh-Hant", "ko", "de"), key: str | None = None):
        self.targets = targets
        self.key = key
        super().__init__(httpserver)

    def answer(self, request: Request, body) -> Response:
        if request.path == "/languages":
            return reply([{"code": "en", "name": "English", "targets": ["en", *self.targets]},
                          {"code": "ko", "name": "Korean", "targets": ["en"]}])
        if request.path == "/translate":
            if self.key is not None and body.get("api_key") != self.key:
                return reply({"error": "Invalid API key"}, 403)
            texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
            out = [self.echoed(self.marker + t, request, body) for t in texts]
            return reply({"translatedText": out if isinstance(body["q"], list) else out[0]})
        return reply({"error": "Not found"}, 404)

    def misbehave(self, fault: str, request: Request, body) -> Response:
        if fault == "fewer":
            return reply({"translatedText": [self.marker + body["q"][0]]})
        if fault == "empty":
            return reply({"translatedText": ["" for _ in body["q"]]})
        if fault == "control":
            return reply({"translatedText": [CONTROL[:9] + self.marker + t + CONTROL[9:] for t in body["q"]]})
        if fault == "padded":  # an error whose text has the key just where a message would cut it
            return reply({"translatedText": 5, "detail": "x" * 75 + KEY})
        return super().misbehave(fault, request, body)
