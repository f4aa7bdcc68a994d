"""The HTTP engines (openai, deepl, libretranslate) against fake servers on 127.0.0.1.

The fakes (tests/fake_apis.py) answer like the real services and misbehave on purpose: 429 with
Retry-After, 500, replies past the timeout, malformed or fenced JSON, missing ids, a dropped
placeholder, a glossary target not used, a refused key; a reply sent a byte at a time, one of
hundreds of MB, a gzip bomb, JSON nested 100,000 deep, control characters, the key echoed back.
No test reaches the internet.
"""

from __future__ import annotations

import email.utils
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import tracemalloc

import polib
import pytest
from conftest import SEED
from fake_apis import KEY, FakeDeepL, FakeLibreTranslate, FakeOpenAI, drip, gzip_bomb, huge, nested, reply, slow

from l10n import config, glossary
from l10n.config import DeepLSettings, LibreTranslateSettings, OpenAISettings
from l10n.engines import EngineFailed, http, machine_drafts
from l10n.engines.deepl import DeepLTranslator, from_xml, to_xml
from l10n.engines.http import Backoff, Client
from l10n.engines.libretranslate import LibreTranslateTranslator
from l10n.engines.memory import Close
from l10n.engines.openai import OpenAITranslator, examples, parse
from l10n.errors import L10nError

GLOSSARY = glossary.load()
ENV = "L10N_TEST_API_KEY"
ENGINES = ("openai", "deepl", "libretranslate")
TEXTS = [
    "XellSmart dosed the first patient with spinal cord injury in the <b>U.S.</b> trial of XS228.",
    "The trial enrolls 12 patients; contact BD@xellsmart.com for details.",
    "XS228 is an allogeneic iPSC-derived cell therapy.",
    "The company will present data at a medical meeting.",
    "Shares of the company rose 5% on the news.",
]


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


FAKES = {"openai": FakeOpenAI, "deepl": FakeDeepL, "libretranslate": FakeLibreTranslate}


def make(engine: str, fake, locale: str = "zh_CN", slept: list | None = None, key: str = KEY, style: str = "",
         **settings):
    """A translator of `engine` talking to `fake`, with instant, recorded backoff (openai: with `style`)."""
    kinds = {"openai": OpenAISettings, "deepl": DeepLSettings, "libretranslate": LibreTranslateSettings}
    url = {"openai": "base_url"}.get(engine, "url")
    options = {url: fake.url, "api_key_env": ENV, "retries": 2, "timeout": 5.0, **settings}
    chosen = kinds[engine](**options)
    headers = {"Authorization": f"Bearer {key}"} if engine == "openai" else {}
    client = Client(engine, model=engine, timeout=chosen.timeout, retries=chosen.retries, concurrency=chosen.concurrency,
                    headers=headers, secret=key, key_hint=f"the key in ${ENV}", backoff=Backoff(0.01, 0.02),
                    settings_hint="base_url and model in [engines.openai] of l10n.toml" if engine == "openai" else
                    "the URL in l10n.toml",
                    sleep=(slept if slept is not None else []).append)
    if engine == "openai":
        return OpenAITranslator(chosen, locale, client, style=style)
    if engine == "deepl":
        return DeepLTranslator(chosen, locale, GLOSSARY, project="test", client=client, key=key)
    return LibreTranslateTranslator(chosen, locale, client, key="")


def drafts(translator, texts=TEXTS, locale="zh_CN"):
    return machine_drafts(translator, texts, [GLOSSARY.find(t) for t in texts], locale)


def translation_posts(engine: str, fake) -> list[dict]:
    return fake.posts({"openai": "/chat/completions", "deepl": "/v2/translate", "libretranslate": "/translate"}[engine])


# --- what every HTTP engine does ---------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_every_unit_comes_back_with_its_spans_and_the_usage_is_counted(engine, httpserver):
    fake = FAKES[engine](httpserver)
    translator = make(engine, fake, batch=2)
    result = drafts(translator)
    assert [d.engine for d in result] == [engine] * 5 and all(d.fuzzy and not d.notes for d in result)
    assert result[0].text.startswith(fake.marker) and "<b>美国</b>" in result[0].text and "XS228" in result[0].text
    assert "BD@xellsmart.com" in result[1].text and "12" in result[1].text
    assert len(translation_posts(engine, fake)) == 3  # 5 units in batches of 2
    usage = translator.usage.as_dict()
    assert usage["engine"] == engine and usage["requests"] == len(fake.requests)
    assert usage["characters"] >= sum(len(t) for t in TEXTS) * 0.6
    assert usage["tokens"] == (3 * 140 if engine == "openai" else 0)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_429_is_retried_after_what_retry_after_says(engine, httpserver):
    fake, slept = FAKES[engine](httpserver), []
    translator = make(engine, fake, slept=slept)
    if engine == "libretranslate":
        translator.target  # noqa: B018 - asked of the server before the faults are queued
    date = email.utils.formatdate(time.time() + 30, usegmt=True)
    fake.faults.extend([reply({"error": "slow down"}, 429, {"Retry-After": "3"}),
                        reply({"error": "slow down"}, 429, {"Retry-After": date})])
    assert all(d.text for d in drafts(translator, TEXTS[:2]))
    assert slept[0] == 3.0 and 25 < slept[1] <= 30


@pytest.mark.parametrize("engine", ENGINES)
def test_5xx_and_dropped_connections_back_off_exponentially_then_give_up_in_one_line(engine, httpserver):
    fake, slept = FAKES[engine](httpserver), []
    translator = make(engine, fake, slept=slept, retries=2)
    if engine == "libretranslate":
        translator.target  # noqa: B018
    fake.faults.extend([reply({"error": "boom"}, 500), reply({"message": "down"}, 503)])
    assert all(d.text for d in drafts(translator, TEXTS[:1]))
    assert len(slept) == 2 and 0.005 <= slept[0] <= 0.01 and 0.01 <= slept[1] <= 0.02
    fake.faults.extend([reply({"error": "boom"}, 502)] * 3)
    with pytest.raises(L10nError) as error:
        drafts(translator, TEXTS[1:2])
    said = str(error.value)
    assert said.startswith(f"{engine}: ") and "answered 502 BAD GATEWAY: boom (3 attempts)" in said.replace("Bad Gateway", "BAD GATEWAY")
    assert "\n" not in said


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reply_past_the_timeout_is_one_line(engine, httpserver):
    fake = FAKES[engine](httpserver)
    translator = make(engine, fake, timeout=0.2, retries=0)
    if engine == "libretranslate":
        translator.target  # noqa: B018
    fake.faults.append(slow(0.6))
    with pytest.raises(L10nError, match=rf"took longer than timeout = 0.2 s; raise timeout in \[engines.{engine}\] of "
                                        "l10n.toml, or lower batch there"):
        drafts(translator, TEXTS[:1])
    fake.settle()


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unreachable_server_is_one_line(engine, httpserver):
    fake = FAKES[engine](httpserver)
    port = httpserver.port
    httpserver.stop()
    # The port stays bound, not listening, while the test runs: a connection to it is refused, and
    # no other process (another xdist worker, another test run) can start listening on it meanwhile.
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        holder.bind(("127.0.0.1", port))
        translator = make(engine, fake, retries=1)
        with pytest.raises(L10nError) as error:
            drafts(translator, TEXTS[:1])
        assert f"127.0.0.1:{port}" in str(error.value) and "cannot be reached" in str(error.value)
        assert f"check the URL in [engines.{engine}] of l10n.toml and that the server is running" in str(error.value)
    finally:
        holder.close()
        httpserver.start()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_refused_key_is_one_line_that_names_the_variable_not_the_key(engine, httpserver):
    fake = FAKES[engine](httpserver)
    if engine == "libretranslate":
        fake.key = "the-servers-key"
    translator = make(engine, fake, key="sk-wrong-" + KEY[::-1]) if engine != "libretranslate" else make(engine, fake)
    with pytest.raises(L10nError) as error:
        drafts(translator, TEXTS[:1])
    said = str(error.value)
    assert re.search(r"answered 40[13]|refused the key \(40[13]\)", said), said
    assert KEY not in said and KEY[::-1] not in said and "\n" not in said
    assert ENV in said or "wants a key" in said


@pytest.mark.parametrize("engine", ENGINES)
def test_a_batch_that_fails_keeps_the_drafts_finished_before_it(engine, httpserver):
    fake = FAKES[engine](httpserver)
    translator = make(engine, fake, batch=1, concurrency=1, retries=0)
    if engine == "libretranslate":
        translator.target  # noqa: B018
    if engine == "deepl":
        translator.glossary_id  # noqa: B018 - glossary requests first
    texts = TEXTS[2:5]
    fake.faults.extend([lambda request: fake.answer(request, request.get_json()), reply({"error": "gone"}, 500)])
    with pytest.raises(EngineFailed) as error:
        drafts(translator, texts)
    assert list(error.value.drafts) == [0] and error.value.drafts[0].text.startswith(fake.marker)


@pytest.mark.parametrize("engine", ENGINES)
def test_no_text_sends_nothing(engine, httpserver):
    fake = FAKES[engine](httpserver)
    assert drafts(make(engine, fake), []) == [] and fake.requests == []


def test_a_missing_key_names_the_variable(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    with pytest.raises(L10nError, match=f"openai: the environment variable {ENV} is not set; export {ENV}=..."):
        OpenAITranslator(OpenAISettings(base_url="http://127.0.0.1:9/v1", api_key_env=ENV), "zh_CN")
    with pytest.raises(L10nError, match=f"deepl: the environment variable {ENV} is not set"):
        DeepLTranslator(DeepLSettings(api_key_env=ENV), "zh_CN")
    with pytest.raises(L10nError, match="DeepL needs an API key"):
        DeepLTranslator(DeepLSettings(api_key_env=""), "zh_CN")


# --- openai ------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "style", "terms"), [
    ("zh_CN", "新闻稿", {"XellSmart": "士泽生物", "spinal cord injury": "脊髓损伤", "U.S.": "美国"}),
    ("ko_KR", "한다체", {"XellSmart": "XellSmart", "spinal cord injury": "척수손상", "U.S.": "미국"}),
])
def test_an_openai_request_carries_ids_glossary_placeholders_style_and_context(locale, style, terms, httpserver):
    fake = FakeOpenAI(httpserver)
    result = drafts(make("openai", fake, locale, batch=2), locale=locale)
    assert all(d.text and not d.notes for d in result)
    bodies = sorted((post["json"] for post in fake.posts("/chat/completions")),  # sent concurrently: in any order
                    key=lambda body: int(json.loads(body["messages"][1]["content"])["units"][0]["id"]))
    first, second = bodies[:2]
    assert fake.requests[0]["headers"]["Authorization"] == f"Bearer {KEY}"
    assert first["model"] == "gpt-4o-mini" and first["response_format"] == {"type": "json_object"}
    assert first["temperature"] == 0.2 and style in first["messages"][0]["content"]
    payload = json.loads(first["messages"][1]["content"])
    assert [u["id"] for u in payload["units"]] == ["1", "2"]
    assert payload["units"][0]["glossary"] == terms
    assert payload["units"][0]["text"] == ("XellSmart dosed the first patient with spinal cord injury in the ZX0 U.S.ZX1 "
                                           "trial of ZX2.")
    assert payload["units"][0]["placeholders"] == {"ZX0": "<b>", "ZX1": "</b>", "ZX2": "XS228"}
    assert payload["units"][1]["placeholders"] == {"ZX0": "12 patients", "ZX1": "BD@xellsmart.com"} or \
        "BD@xellsmart.com" in payload["units"][1]["placeholders"].values()
    assert payload["before"] == "" and payload["after"] == TEXTS[2]
    later = json.loads(second["messages"][1]["content"])
    assert later["before"] == TEXTS[1] and later["after"] == TEXTS[4]
    assert result[0].text == f"译文：{terms['XellSmart']} dosed the first patient with {terms['spinal cord injury']} " \
                             f"in the <b>{terms['U.S.']}</b> trial of XS228."


@pytest.mark.parametrize(("faults", "requests", "note"), [
    (["fenced"], 1, ""),
    (["wrapped"], 1, ""),
    (["malformed"], 2, ""),
    (["first-missing"], 2, ""),
    (["malformed", "malformed"], 2, "left for a human: the model's reply could not be read as JSON, twice"),
    (["cut", "cut"], 2, "left for a human: the model's reply was cut off at its length limit (lower batch in "
                        "[engines.openai]), twice"),
    (["garbage", "garbage"], 2, "left for a human: the model's reply could not be read as JSON, twice"),
], ids=["fenced", "wrapped", "malformed-once", "missing-id", "malformed-twice", "cut-twice", "html"])
def test_an_openai_reply_is_repaired_asked_again_once_or_left_for_a_human(faults, requests, note, httpserver):
    fake = FakeOpenAI(httpserver)
    fake.faults.extend(faults)
    if "garbage" in faults:  # an HTML page where JSON was expected: the request itself fails
        with pytest.raises(L10nError, match="with something that is not JSON"):
            drafts(make("openai", fake), TEXTS[:2])
        return
    result = drafts(make("openai", fake), TEXTS[:2])
    assert len(fake.posts("/chat/completions")) == requests
    if note:
        assert [(d.text, d.notes) for d in result] == [("", (note,))] * 2
    else:
        assert all(d.text.startswith("译文：") and not d.notes for d in result)
    if faults == ["first-missing"]:
        again = json.loads(fake.posts("/chat/completions")[1]["json"]["messages"][1]["content"])
        assert [u["id"] for u in again["units"]] == ["1"]


REPAIRED = "译文：士泽生物 dosed the first patient with 脊髓损伤 in the <b>美国</b> trial of XS228."
TERMS_PROBLEM = 'use 士泽生物 for "XellSmart"; use 脊髓损伤 for "spinal cord injury"; use 美国 for "U.S."'
MASKED_AGAIN = "; repaired once, in vain; translated again with the glossary terms held as placeholders"


@pytest.mark.parametrize(("faults", "text", "notes", "requests"), [
    (["ignores-glossary"], REPAIRED, (f"repaired once: {TERMS_PROBLEM}",), 2),
    (["drops-placeholder"], REPAIRED, ("repaired once: copy ZX0 (it stands for '<b>') exactly once",), 2),
    (["ignores-glossary", "ignores-glossary"], REPAIRED,
     (f"MT's draft failed the checks ({TERMS_PROBLEM}){MASKED_AGAIN}",), 3),
    (["drops-placeholder"] * 3 + ["drops-code"], "",
     (f"MT's draft failed the checks (copy ZX0 (it stands for '<b>') exactly once){MASKED_AGAIN}",
      "left for a human: MT lost or repeated XellSmart, and without masking it dropped XS228"), 4),
], ids=["wrong-glossary-term", "lost-placeholder", "repair-fails", "lost-every-time"])
def test_openai_output_is_verified_repaired_once_and_falls_back(faults, text, notes, requests, httpserver):
    fake = FakeOpenAI(httpserver)
    fake.faults.extend(faults)
    translator = make("openai", fake)
    [result] = drafts(translator, TEXTS[:1])
    assert (result.text, result.notes) == (text, notes)
    assert len(fake.posts("/chat/completions")) == requests
    assert translator.usage.as_dict()["repairs"] == 1


def test_a_repair_request_shows_the_rejected_draft_and_its_problem_for_the_failing_unit_only(httpserver):
    fake = FakeOpenAI(httpserver)

    def first_unit_ignores_glossary(request):
        body = request.get_json()
        found = fake.translations(body)
        found["1"] = fake.marker + fake.units(body)[0]["text"]
        return fake.completion(json.dumps(found, ensure_ascii=False))

    fake.faults.append(first_unit_ignores_glossary)
    translator = make("openai", fake, style="用语简洁。")
    result = drafts(translator, TEXTS[:3])
    assert [d.notes for d in result] == [(f"repaired once: {TERMS_PROBLEM}",), (), ()]
    first, repair = (json.loads(post["json"]["messages"][1]["content"]) for post in fake.posts("/chat/completions"))
    [unit] = repair["units"]
    assert unit["text"] == first["units"][0]["text"] and unit["problem"] == TERMS_PROBLEM
    assert unit["rejected_draft"] == fake.marker + first["units"][0]["text"]
    assert "rejected_draft" not in json.dumps(first)
    # the same house style and context as the first request
    systems = [post["json"]["messages"][0]["content"] for post in fake.posts("/chat/completions")]
    assert all("用语简洁。" in system for system in systems)
    assert repair["after"] == TEXTS[1]
    assert translator.usage.as_dict()["repairs"] == 1 and translator.usage.as_dict()["requests"] == 2


def test_a_reply_in_prose_or_fences_is_parsed():
    assert parse('Sure! ```json\n{"1": "一", "2": "二"}\n```', ["1", "2"]) == {"1": "一", "2": "二"}
    assert parse('Here: {"1": "一"} hope it helps', ["1"]) == {"1": "一"}
    assert parse('{"translations": [{"id": 1, "translation": "一"}]}', ["1"]) == {"1": "一"}
    assert parse('{"1": "", "2": 5, "3": "三"}', ["1", "2", "3"]) == {"3": "三"}
    assert parse("no json at all", ["1"]) is None and parse(None, ["1"]) is None


def test_the_first_request_can_be_shown_without_sending_it(httpserver):
    from l10n.engines import first_request

    fake = FakeOpenAI(httpserver)
    translator = make("openai", fake, batch=2)
    shown = first_request(translator, TEXTS, [GLOSSARY.find(t) for t in TEXTS], "zh_CN")
    assert fake.requests == [] and KEY not in json.dumps(shown)
    assert shown["url"] == f"{fake.url}/chat/completions" and shown["headers"] == {"Authorization": "Bearer [key]"}
    drafts(translator, TEXTS)
    assert shown["body"] in [post["json"] for post in fake.posts("/chat/completions")]  # exactly what is sent
    assert first_request(make("libretranslate", FakeLibreTranslate(httpserver)), TEXTS, [[]] * 5, "zh_CN") is None


@pytest.mark.parametrize(("locale", "reply"), [("zh_CN", 0.4), ("ko_KR", 0.5), ("fr_FR", 0.3)])
def test_openai_tokens_are_its_prompts_at_4_characters_a_token_and_a_reply_by_language(monkeypatch, locale, reply):
    from l10n.engines import requests_for

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    translator = OpenAITranslator(OpenAISettings(batch=2), locale, key="")  # no key: it can count, not send
    requests = requests_for(translator, TEXTS[:3], [GLOSSARY.find(t) for t in TEXTS[:3]], locale)
    assert "glossary" in json.dumps(translator.body(requests))  # built as sent: openai renders the terms itself
    prompts = [m["content"] for batch in (requests[:2], requests[2:]) for m in translator.body(batch)["messages"]]
    replied = sum(len(r.text) for r in requests) * reply
    assert translator.tokens(requests) == math.ceil(sum(map(len, prompts)) / 4 + replied)


@pytest.mark.parametrize(("engine", "batch", "model"), [
    ("openai", 80, "gpt-4o-mini, prompt v2"), ("deepl", 50, "API v2"), ("libretranslate", 80, "localhost:5000")])
def test_an_engine_built_without_a_key_says_its_batch_and_model_and_reads_no_variable(monkeypatch, tmp_path, engine,
                                                                                     batch, model):
    from l10n.engines import remote

    (tmp_path / "l10n.toml").write_text(f'[engines.{engine}]\napi_key_env = "{ENV}"\nbatch = 80\n')
    monkeypatch.delenv(ENV, raising=False)
    translator = remote.translator(engine, tmp_path, "zh_CN", GLOSSARY, key="")
    assert (translator.name, translator.batch, translator.model) == (engine, batch, model)  # DeepL: 50 at most
    with pytest.raises(L10nError, match=f"the environment variable {ENV} is not set"):
        remote.translator(engine, tmp_path, "zh_CN", GLOSSARY)  # a run that sends needs the key


def test_json_mode_can_be_switched_off_for_servers_without_it(httpserver):
    fake = FakeOpenAI(httpserver)
    drafts(make("openai", fake, json_mode=False), TEXTS[:1])
    assert "response_format" not in fake.posts("/chat/completions")[0]["json"]


def test_the_prompt_version_is_in_the_model_and_so_in_the_cache_key(httpserver):
    from l10n.engines.openai import PROMPT_VERSION

    translator = make("openai", FakeOpenAI(httpserver))
    assert translator.model == f"gpt-4o-mini, prompt v{PROMPT_VERSION}"


# --- deepl -------------------------------------------------------------------------------


def test_deepl_sends_xml_with_paired_tags_the_glossary_and_formality(httpserver):
    fake = FakeDeepL(httpserver)
    result = drafts(make("deepl", fake, formality="more"), TEXTS[:2])
    assert all(d.text and not d.notes for d in result)
    body = fake.posts("/v2/translate")[0]["json"]
    assert fake.requests[0]["headers"]["Authorization"] == f"DeepL-Auth-Key {KEY}"
    assert (body["source_lang"], body["target_lang"], body["tag_handling"], body["formality"]) == \
        ("EN", "ZH-HANS", "xml", "prefer_more")
    assert body["glossary_id"] == "g-1"
    assert body["text"][0] == ('XellSmart dosed the first patient with spinal cord injury in the <g i="0" j="1"> U.S.</g> '
                               'trial of <x i="2"/>.')
    created = fake.posts("/v2/glossaries")[0]["json"]
    assert (created["source_lang"], created["target_lang"], created["entries_format"]) == ("EN", "ZH", "tsv")
    assert "spinal cord injury\t脊髓损伤" in created["entries"].splitlines()
    assert created["name"].startswith("l10n test EN-ZH ")


def test_a_deepl_glossary_is_reused_while_unchanged_and_replaced_when_it_changes(httpserver):
    fake = FakeDeepL(httpserver)
    other = {"glossary_id": "theirs", "name": "another team's", "source_lang": "en", "target_lang": "zh",
             "entries": {"a": "b"}}
    fake.glossaries["theirs"] = other
    drafts(make("deepl", fake), TEXTS[:1])
    drafts(make("deepl", fake), TEXTS[:1])
    assert len(fake.posts("/v2/glossaries")) == 1
    changed = make("deepl", fake)
    changed.glossary = glossary.build([*GLOSSARY.terms[:5]])
    assert changed.glossary_id == "g-2"
    assert sorted(fake.glossaries) == ["g-2", "theirs"]  # the old version deleted, another's kept


def test_without_deepl_glossaries_for_the_pair_terms_are_masked(httpserver):
    fake = FakeDeepL(httpserver, pairs=(("en", "de"),))
    translator = make("deepl", fake, "ko_KR")
    [result] = drafts(translator, TEXTS[:1], "ko_KR")
    body = fake.posts("/v2/translate")[0]["json"]
    assert "glossary_id" not in body and body["target_lang"] == "KO" and "formality" not in body
    assert "spinal cord injury" not in body["text"][0] and '<x i="2"/>' in body["text"][0]
    assert "척수손상" in result.text and not fake.posts("/v2/glossaries")


def test_deepl_moving_a_closing_tag_before_its_opening_one_is_caught(httpserver):
    fake = FakeDeepL(httpserver)
    translator = make("deepl", fake)
    translator.glossary_id  # noqa: B018 - glossary requests first
    fake.faults.extend(["swaps-tags"])
    [result] = drafts(translator, TEXTS[:1])
    assert result.notes[0].startswith("MT's draft failed the checks (copy ZX") and "<b>美国</b>" in result.text


@pytest.mark.parametrize(("status", "message"), [
    (403, "refused the key (403) to a translation request; check the key in $L10N_TEST_API_KEY"),
    (456, "the character quota of this billing period is used up"),
])
def test_deepl_errors_are_one_line(status, message, httpserver):
    fake = FakeDeepL(httpserver)
    translator = make("deepl", fake)
    translator.glossary_id  # noqa: B018
    fake.faults.append(reply({"message": f"nope {KEY}"}, status))
    with pytest.raises(L10nError) as error:
        drafts(translator, TEXTS[:1])
    assert message in str(error.value) and KEY not in str(error.value)


def test_deepl_answering_fewer_translations_is_one_line(httpserver):
    fake = FakeDeepL(httpserver)
    translator = make("deepl", fake)
    translator.glossary_id  # noqa: B018
    fake.faults.append("fewer")
    with pytest.raises(L10nError, match="answered 1 translation for 2 texts"):
        drafts(translator, TEXTS[:2])


@pytest.mark.parametrize("text", ["a <b>bold</b> & <i>x</i> ZX9", 'x < y > "z"', "<b><i>n</i></b>"])
def test_xml_round_trip(text):
    from l10n.engines import Request
    from l10n.protect import mask, spans

    masked = mask(text, spans(text, [], "zh_CN"))
    request = Request("1", masked.text, tuple((f"ZX{n}", s.value) for n, s in enumerate(masked.spans)))
    assert from_xml(to_xml(request)) == masked.text


# --- libretranslate ----------------------------------------------------------------------


@pytest.mark.parametrize(("targets", "locale", "code"), [
    (("zh-Hans", "zh-Hant", "ko"), "zh_CN", "zh-Hans"),
    (("zh", "zt", "ko"), "zh_CN", "zh"),
    (("zh", "ko"), "ko_KR", "ko"),
])
def test_libretranslate_batches_q_as_a_list_with_the_servers_code(targets, locale, code, httpserver):
    fake = FakeLibreTranslate(httpserver, targets=targets)
    result = drafts(make("libretranslate", fake, locale, batch=3), TEXTS, locale)
    assert all(d.text.startswith("LT:") for d in result)
    posts = fake.posts("/translate")
    assert sorted(len(p["json"]["q"]) for p in posts) == [2, 3]  # sent concurrently: in any order
    assert {(p["json"]["source"], p["json"]["target"], p["json"]["format"]) for p in posts} == {("en", code, "text")}
    assert all("api_key" not in p["json"] for p in posts)
    assert any(p["json"]["q"][0].startswith("ZX0 dosed the first patient with ZX1") for p in posts)


def test_libretranslate_sends_the_key_when_one_is_set(httpserver):
    fake = FakeLibreTranslate(httpserver, key=KEY)
    translator = make("libretranslate", fake)
    translator.key = KEY
    assert drafts(translator, TEXTS[:1])[0].text
    assert fake.posts("/translate")[0]["json"]["api_key"] == KEY


def test_libretranslate_without_the_language_is_one_line(httpserver):
    fake = FakeLibreTranslate(httpserver, targets=("de", "fr"))
    with pytest.raises(L10nError, match=r"has no model for en→zh-Hans \(it translates en into: de, en, fr\)"):
        drafts(make("libretranslate", fake), TEXTS[:1])


@pytest.mark.parametrize(("fault", "outcome"), [
    ("fewer", "answered 1 translation for 2 texts"),
    ("empty", "left for a human: LibreTranslate gave an empty translation"),
])
def test_libretranslate_short_or_empty_replies(fault, outcome, httpserver):
    fake = FakeLibreTranslate(httpserver)
    translator = make("libretranslate", fake)
    translator.target  # noqa: B018
    fake.faults.extend([fault] * 3)
    if fault == "fewer":
        with pytest.raises(L10nError, match=outcome):
            drafts(translator, TEXTS[:2])
    else:
        assert all(d.text == "" and outcome in d.notes[-1] for d in drafts(translator, TEXTS[1:3]))


# --- settings ----------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "message"), [
    ('[engines.openai]\nbase_url = "ftp://x/v1"\n', ':2: engines.openai.base_url "ftp://x/v1" is not a URL l10n can use: '
                                                   "it must start with http:// or https://"),
    ('[engines.openai]\nbase_url = "https://user:pw@x/v1"\n', "must not hold a user name or password"),
    ('[engines.libretranslate]\nurl = ""\n', "engines.libretranslate.url \"\" is not a URL l10n can use"),
    ('[engines.openai]\nbatch = 0\n', "engines.openai.batch must be from 1 to 1000, not 0"),
    ('[engines.openai]\nbatch = "20"\n', 'engines.openai.batch must be a whole number, not "20"'),
    ('[engines.openai]\ntemperature = true\n', "engines.openai.temperature must be a number, not true"),
    ('[engines.openai]\njson_mode = "yes"\n', 'engines.openai.json_mode must be true or false, not "yes"'),
    ('[engines.openai]\nmodel = 4\n', "engines.openai.model must be a quoted string, not 4"),
    ('targets = ["zh"]\n\n[engines.openai]\nmodel = "x"\napi_key = "sk-1"\n',
     ":5: unknown setting 'api_key' in [engines.openai]; known: base_url, model, api_key_env"),
    ('[engines.deepl]\napi_key_env = "abc:fx-123"\n', "must be the name of an environment variable"),
    ('[engines.deepl]\nformality = "formal"\n', "engines.deepl.formality must be one of default, more, less"),
    ('[engines.bing]\nurl = "http://x"\n', "unknown engine 'bing' in [engines]; known: openai, deepl, libretranslate"),
    ('engines = "openai"\n', "engines must be a table, not str"),
    ('auto_http = "bing"\n', 'auto_http must be one of openai, deepl, libretranslate, or "" for none, not "bing"'),
    ('[engines.openai]\nprice_per_1k_tokens = -1\n',
     ":2: engines.openai.price_per_1k_tokens must be 0 or more, not -1"),
    ('[engines.openai]\nprice_per_1k_tokens = nan\n', "engines.openai.price_per_1k_tokens must be a number, not NaN"),
    ('[engines.deepl]\nprice_per_1m_characters = true\n', "engines.deepl.price_per_1m_characters must be a number, "
                                                          "not true; write it like price_per_1m_characters = 0.5"),
    ('[engines.libretranslate]\nprice_per_1m_characters = 5\n', "unknown setting 'price_per_1m_characters' in "
                                                                "[engines.libretranslate]"),
])
def test_bad_engine_settings_are_one_line(tmp_path, content, message):
    (tmp_path / "l10n.toml").write_text(content)
    with pytest.raises(L10nError) as error:
        config.load(tmp_path)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert "sk-1" not in str(error.value) and "abc:fx-123" not in str(error.value)


def test_engine_settings_load_typed(tmp_path):
    (tmp_path / "l10n.toml").write_text('auto_http = "libretranslate"\n[engines.openai]\nbase_url = '
                                        '"http://localhost:11434/v1"\nmodel = "qwen2.5:7b"\napi_key_env = ""\n'
                                        "temperature = 0\nconcurrency = 2\ntimeout = 300\nprice_per_1k_tokens = 0\n"
                                        '[engines.deepl]\nformality = "less"\nprice_per_1m_characters = 25\n'
                                        '[engines.libretranslate]\nurl = "https://lt.example.org/"\n')
    loaded = config.load(tmp_path)
    assert loaded.auto_http == "libretranslate"
    assert loaded.engines.openai == OpenAISettings(base_url="http://localhost:11434/v1", model="qwen2.5:7b",
                                                   api_key_env="", temperature=0.0, concurrency=2, timeout=300.0,
                                                   price_per_1k_tokens=0.0)
    assert isinstance(loaded.engines.openai.temperature, float) and loaded.engines.deepl.formality == "less"
    assert loaded.engines.deepl.price_per_1m_characters == 25.0 and \
        isinstance(loaded.engines.deepl.price_per_1m_characters, float)
    assert config.load(tmp_path.parent).engines.deepl.price_per_1m_characters is None  # no price: no cost
    assert loaded.engines.libretranslate.url == "https://lt.example.org/"


# --- the command line --------------------------------------------------------------------


def l10n(project, *args, env=None):
    environment = {k: v for k, v in os.environ.items() if k != ENV}
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True,
                          cwd=project, env={**environment, **(env or {})})


def project(tmp_path, engine, fake, extra=""):
    shutil.copy(SEED, tmp_path)
    url = {"openai": "base_url"}.get(engine, "url")
    key = f'api_key_env = "{ENV}"\n' if engine != "libretranslate" else ""
    (tmp_path / "l10n.toml").write_text(f'engine = "{engine}"\n{extra}\n[engines.{engine}]\n{url} = "{fake.url}"\n'
                                        f"{key}retries = 0\n")
    return tmp_path


def everything(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_a_run_drafts_every_entry_counts_usage_leaks_no_key_and_resumes_from_the_cache(engine, tmp_path, httpserver):
    fake = FAKES[engine](httpserver)
    folder = project(tmp_path, engine, fake)
    result = l10n(folder, "translate", SEED.name, "--to", "zh,ko", "--json", env={ENV: KEY})
    assert result.returncode == 0, result.stderr
    summaries = json.loads(result.stdout)
    assert all(s["untranslated"] == 0 and s["machine"] > 20 for s in summaries)
    assert [s["usage"]["engine"] for s in summaries] == [engine] * 2
    assert sum(s["usage"]["requests"] for s in summaries) == len(fake.requests)
    po = polib.pofile(str(folder / "locales" / "zh_CN" / "LC_MESSAGES" / f"{SEED.stem}.po"))
    assert any(f"engine: {engine}" in e.comment for e in po)
    assert KEY.encode() not in everything(folder) and KEY not in result.stdout + result.stderr
    posted = len(translation_posts(engine, fake))
    shutil.rmtree(folder / "locales")
    shutil.rmtree(folder / "out")
    again = l10n(folder, "translate", SEED.name, "--to", "zh,ko", env={ENV: KEY})
    assert again.returncode == 0, again.stderr
    assert len(translation_posts(engine, fake)) == posted  # every draft came from the cache
    assert polib.pofile(str(folder / "locales" / "zh_CN" / "LC_MESSAGES" / f"{SEED.stem}.po")).percent_translated() == \
        po.percent_translated()
    assert KEY not in again.stdout + again.stderr and KEY.encode() not in everything(folder)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_refused_key_stops_the_run_in_one_line_with_no_catalog(engine, tmp_path, httpserver):
    fake = FAKES[engine](httpserver)
    if engine == "libretranslate":
        fake.key = "the-servers-key"
    folder = project(tmp_path, engine, fake)
    wrong = "sk-wrong-" + KEY[::-1]
    result = l10n(folder, "translate", SEED.name, "--to", "zh", "--json", env={ENV: wrong})
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"error: {engine}: ") and result.stdout == ""
    assert not (folder / "locales").exists() and not (folder / "out").exists()  # not even the template
    assert wrong not in result.stderr and wrong.encode() not in everything(folder)


@pytest.mark.parametrize("engine", ["openai", "deepl"])
def test_a_missing_key_writes_nothing(engine, tmp_path, httpserver):
    fake = FAKES[engine](httpserver)
    folder = project(tmp_path, engine, fake)
    result = l10n(folder, "translate", SEED.name, "--to", "zh")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {engine}: the environment variable {ENV} is not set; export {ENV}=... "
                                     f"with your API key (or name another variable with api_key_env in "
                                     f"[engines.{engine}] of l10n.toml)")
    assert not (folder / "locales").exists() and not (folder / "out").exists() and fake.requests == []


@pytest.mark.slow
def test_auto_is_offline_unless_auto_http_names_an_engine(tmp_path, httpserver):
    fake = FakeLibreTranslate(httpserver)
    folder = project(tmp_path, "libretranslate", fake)
    text = (folder / "l10n.toml").read_text().replace('engine = "libretranslate"', 'engine = "auto"')
    (folder / "l10n.toml").write_text(text)
    offline = l10n(folder, "translate", SEED.name, "--to", "zh", "--json")
    assert offline.returncode == 0 and fake.requests == []
    assert json.loads(offline.stdout)[0]["usage"] == {}
    (folder / "l10n.toml").write_text('auto_http = "libretranslate"\n' + text)
    online = l10n(folder, "translate", SEED.name, "--to", "zh", "--json")
    assert online.returncode == 0, online.stderr
    assert json.loads(online.stdout)[0]["usage"]["engine"] == "libretranslate" and fake.posts("/translate")


def test_the_summary_says_the_usage(tmp_path, httpserver):
    fake = FakeOpenAI(httpserver)
    result = l10n(project(tmp_path, "openai", fake), "translate", SEED.name, "--to", "zh", env={ENV: KEY})
    assert result.returncode == 0, result.stderr
    assert re.search(r"openai gpt-4o-mini, prompt v2: [\d,]+ requests?, [\d,]+ characters sent, [\d,]+ tokens",
                     result.stdout)


def test_an_unknown_model_or_endpoint_says_what_to_check(httpserver):
    fake = FakeOpenAI(httpserver)
    fake.faults.append(reply({"error": {"message": "The model `gpt-9` does not exist", "code": "model_not_found"}}, 404))
    with pytest.raises(L10nError) as error:
        drafts(make("openai", fake), TEXTS[:1])
    assert str(error.value) == (f"openai: {fake.url}/chat/completions answered 404 NOT FOUND: The model `gpt-9` does not "
                                "exist; check base_url and model in [engines.openai] of l10n.toml")


def test_a_dry_run_prints_the_first_request_with_the_key_redacted_and_sends_nothing(tmp_path, httpserver):
    fake = FAKES["openai"](httpserver)
    folder = project(tmp_path, "openai", fake)
    result = l10n(folder, "translate", SEED.name, "--to", "zh", "--dry-run", env={ENV: KEY})
    assert result.returncode == 0, result.stderr
    request = json.loads(result.stdout)
    assert request["headers"] == {"Authorization": "Bearer [key]"} and request["url"].startswith(fake.url)
    prompt = json.dumps(request["body"], ensure_ascii=False)
    assert "XS228" in prompt and "脊髓损伤" in prompt  # a sentence of the release and a glossary target for it
    assert fake.requests == [] and KEY not in result.stdout + result.stderr
    assert not (folder / "locales").exists() and not (folder / "out").exists() and not (folder / ".l10n").exists()


# --- limits: a deadline per request, a cap on the reply, a limit on its nesting ---------------
# Each stops the request with one line naming the engine and the setting to look at, in bounded
# time and memory, whichever engine asked (DeepL's requests go through the `deepl` package).


def ready(engine: str, translator) -> None:
    """The requests an engine makes before its first translation request, made: the next fault hits that one."""
    if engine == "libretranslate":
        translator.target  # noqa: B018
    if engine == "deepl":
        translator.glossary_id  # noqa: B018


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reply_that_drips_past_the_timeout_is_stopped_at_the_timeout(engine, httpserver):
    fake = FAKES[engine](httpserver)
    translator = make(engine, fake, timeout=0.5, retries=0)
    ready(engine, translator)
    fake.faults.append(drip(fake, 0.1, 30))  # a byte every 0.1 s: no read waits 0.5 s, the reply takes 3 s
    start = time.monotonic()
    with pytest.raises(L10nError) as error:
        drafts(translator, TEXTS[:1])
    assert time.monotonic() - start < 2.5  # the reply would take 3 s or more
    fake.settle()
    said = str(error.value)
    assert said.startswith(f"{engine}: ") and "\n" not in said
    assert f"took longer than timeout = 0.5 s; raise timeout in [engines.{engine}] of l10n.toml" in said


def test_headers_that_drip_past_the_timeout_are_stopped_at_the_timeout():
    """The deadline holds before the reply's body too: a status line and headers sent a byte at a time."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        connection, _ = listener.accept()
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                request += connection.recv(65536)
            length = int(re.search(rb"content-length: (\d+)", request, re.I)[1])
            while len(request.split(b"\r\n\r\n", 1)[1]) < length:
                request += connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: ")
            for _ in range(40):  # 4 s
                if stop.wait(0.1):
                    return
                try:
                    connection.sendall(b"a")
                except OSError:
                    return
            connection.sendall(b"\r\nContent-Length: 2\r\n\r\n{}")

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
        translator = OpenAITranslator(OpenAISettings(base_url=url, timeout=0.5, retries=0), "zh_CN", key=KEY)
        start = time.monotonic()
        with pytest.raises(L10nError, match=r"took longer than timeout = 0.5 s; raise timeout in \[engines.openai\]"):
            drafts(translator, TEXTS[:1])
        assert time.monotonic() - start < 2.5  # the reply would take 3 s or more
    finally:
        stop.set()
        listener.close()


def peak_during(function) -> tuple[BaseException | None, float]:
    """What `function` raised (None: nothing), and the most memory Python held while it ran, in MiB."""
    tracemalloc.start()
    try:
        function()
        raised = None
    except BaseException as error:  # noqa: BLE001 - measured, then judged by the caller
        raised = error
    finally:
        peak = tracemalloc.get_traced_memory()[1] / (1 << 20)
        tracemalloc.stop()
    return raised, peak


@pytest.mark.parametrize("fault", [
    lambda: huge(64 << 20),  # 64 MiB of JSON whitespace, streamed
    lambda: gzip_bomb(200 << 20),  # 200 MiB of zeros in a 200 KB gzip body: one 64 KiB read unpacks to 64 MiB
], ids=["huge", "gzip-bomb"])
@pytest.mark.parametrize("engine", ENGINES)
def test_a_reply_past_the_size_cap_is_stopped_there(engine, fault, httpserver, monkeypatch):
    monkeypatch.setattr(http, "MAX_REPLY", 1 << 20, raising=False)
    fake = FAKES[engine](httpserver)
    translator = make(engine, fake, retries=0, timeout=30)
    ready(engine, translator)
    fake.faults.append(fault())
    raised, peak = peak_during(lambda: drafts(translator, TEXTS[:1]))
    fake.settle()
    assert peak < 32, f"{peak:.0f} MiB held while reading the reply"  # the cap is 1 MiB; before: 128 to 800
    assert isinstance(raised, L10nError), repr(raised)
    said = str(raised)
    assert said.startswith(f"{engine}: ") and "\n" not in said
    assert "sent a reply of more than 1 MiB" in said and f"[engines.{engine}]" in said


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reply_nested_too_deep_is_one_line(engine, httpserver):
    fake = FAKES[engine](httpserver)
    translator = make(engine, fake, retries=0)
    ready(engine, translator)
    fake.faults.append(nested(100_000))
    with pytest.raises(L10nError) as error:
        drafts(translator, TEXTS[:1])
    said = str(error.value)
    assert said.startswith(f"{engine}: ") and "\n" not in said
    assert f"answered JSON nested more than {http.MAX_DEPTH} levels deep" in said and f"[engines.{engine}]" in said


def test_a_model_reply_nested_too_deep_is_unreadable_and_left_for_a_human(httpserver):
    fake = FakeOpenAI(httpserver)
    fake.faults.extend(["nested-content", "nested-content"])
    assert [(d.text, d.notes) for d in drafts(make("openai", fake), TEXTS[2:4])] == \
        [("", ("left for a human: the model's reply could not be read as JSON, twice",))] * 2


def test_an_error_reply_is_redacted_before_it_is_shortened(httpserver):
    fake = FakeLibreTranslate(httpserver)
    translator = make("libretranslate", fake)
    ready("libretranslate", translator)
    fake.faults.append("padded")  # the key starts 12 characters before the message is cut
    with pytest.raises(L10nError) as error:
        drafts(translator, TEXTS[:1])
    said = str(error.value)
    assert "[key]" in said or "..." in said
    assert not any(KEY[i:i + 8] in said for i in range(len(KEY) - 7)), said


MEASURED = """import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():  # the high-water mark of this program's memory, since exec (ru_maxrss counts the parent's before it)
    with open("/proc/self/status") as status, open(out, "w") as file:
        file.write(next(line for line in status if line.startswith("VmHWM:")))
atexit.register(peak)
runpy.run_module("l10n", run_name="__main__", alter_sys=True)
"""


def run_measured(project, *args, env=None) -> tuple[subprocess.CompletedProcess, float, float]:
    """`l10n ARGS` in `project`: its result, the seconds it took and its peak memory (VmHWM) in MiB."""
    environment = {k: v for k, v in os.environ.items() if k != ENV}
    peak = project / ".peak"
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", MEASURED, str(peak), *map(str, args)], capture_output=True,
                            text=True, cwd=project, env={**environment, **(env or {})})
    took = time.monotonic() - start
    memory = int(peak.read_text().split()[1]) / 1024
    peak.unlink()
    return result, took, memory


@pytest.mark.parametrize("fault", [pytest.param("drip", marks=pytest.mark.slow),  # waits out its 2 s timeout
                                   "huge", "gzip-bomb", "nested"])
def test_a_misbehaving_server_stops_the_run_in_one_line_in_bounded_time_and_memory(fault, tmp_path, httpserver):
    fake = FakeOpenAI(httpserver)
    folder = project(tmp_path, "openai", fake)
    (folder / "l10n.toml").write_text((folder / "l10n.toml").read_text() + "timeout = 2\nconcurrency = 1\n")
    fake.faults.append({"drip": lambda: drip(fake, 0.25, 120),  # 30 s, no read waiting 2 s
                        "huge": lambda: huge(256 << 20),
                        "gzip-bomb": lambda: gzip_bomb(200 << 20),
                        "nested": lambda: nested(100_000)}[fault]())
    result, took, memory = run_measured(folder, "translate", SEED.name, "--to", "zh", env={ENV: KEY})
    fake.settle()
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: openai: "), result.stderr
    # l10n translating the release takes about 0.5 s (more on a busy machine) and 55 MiB
    assert took < 20 and memory < 150, (took, memory)


# --- what an engine returns ------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_control_characters_from_the_engine_are_removed_and_noted(engine, httpserver):
    fake = FAKES[engine](httpserver)
    expected = drafts(make(engine, fake), TEXTS[2:4])
    translator = make(engine, fake)
    ready(engine, translator)
    fake.faults.append("control")
    result = drafts(translator, TEXTS[2:4])
    assert [d.text for d in result] == [d.text for d in expected] and all(d.text for d in result)
    assert [d.notes for d in result] == [("removed 8 control characters from the engine's output",)] * 2


def everything_and(folder, *streams: str) -> bytes:
    return everything(folder) + "".join(streams).encode()


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_a_server_that_echoes_the_key_gets_it_into_no_file_and_no_output(engine, tmp_path, httpserver):
    fake = FAKES[engine](httpserver)
    fake.echo = True
    folder = project(tmp_path, engine, fake)
    if engine == "libretranslate":
        fake.key = KEY
        (folder / "l10n.toml").write_text((folder / "l10n.toml").read_text() + f'api_key_env = "{ENV}"\n')
    result = l10n(folder, "translate", SEED.name, "--to", "zh,ko", env={ENV: KEY})
    assert result.returncode == 0, result.stderr
    review = l10n(folder, "review", SEED.name, "--to", "zh,ko", env={ENV: KEY})
    assert review.returncode == 0, review.stderr
    assert list((folder / "out").glob("*.review.html")) and (folder / ".l10n" / "cache.sqlite").is_file()
    po = (folder / "locales" / "zh_CN" / "LC_MESSAGES" / f"{SEED.stem}.po").read_text(encoding="utf-8")
    assert "[echo: Authorization: " in po and "[key]" in po  # the server did echo, and was scrubbed
    assert re.search(r"removed \d+ API keys? from the engine's output", po)
    found = everything_and(folder, result.stdout, result.stderr, review.stdout, review.stderr)
    assert KEY.encode() not in found
    assert not re.search(rb"Bearer sk-|DeepL-Auth-Key sk-|api_key=sk-", found)


# --- what an LLM engine learns from the project (issue #29) ----------------------------------

NEW_SENTENCE = "XellSmart expects to dose the second patient in its registrational clinical trial for spinal cord injury in 2026."
ANCHOR = "The clinical trial initiation meeting was held at The Third Affiliated Hospital of Sun Yat-sen University"


@pytest.mark.slow
def test_an_llm_run_sends_the_house_style_reviewed_examples_and_where_the_sentence_stands(tmp_path, httpserver):
    fake = FakeOpenAI(httpserver)
    style = '[style]\nall = "Write for investors."\nzh = "句子要短。"\nko_KR = "문장을 짧게 쓴다."\n'
    folder = project(tmp_path, "openai", fake)
    settings = folder / "l10n.toml"
    settings.write_text(settings.read_text() + style)
    assert l10n(folder, "translate", SEED.name, "--to", "zh,ko", "-q", env={ENV: KEY}).returncode == 0
    catalogs = {locale: folder / "locales" / locale / "LC_MESSAGES" / f"{SEED.stem}.po" for locale in ("zh_CN", "ko_KR")}
    drafted = {}
    for locale, path in catalogs.items():  # the reviewers accept every draft but the first one
        po = polib.pofile(str(path), wrapwidth=0)
        entries = [e for e in po if e.msgstr and not e.obsolete]
        drafted[locale] = entries[0].msgstr
        for entry in entries[1:]:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        po.save()
    follow_up = folder / "follow-up.txt"
    text = SEED.read_text(encoding="utf-8")
    before = next(s for s in text.split("\n") if ANCHOR in s)
    follow_up.write_text(text.replace(before, f"{before} {NEW_SENTENCE}"), encoding="utf-8")
    sent = len(fake.requests)
    assert l10n(folder, "translate", follow_up.name, "--to", "zh,ko", "-q", env={ENV: KEY}).returncode == 0

    bodies = [r["json"] for r in fake.requests[sent:] if r["path"].endswith("/chat/completions")]
    by_language = {("zh" if "Chinese" in b["messages"][0]["content"] else "ko"): b for b in bodies}
    assert len(bodies) == 2 and set(by_language) == {"zh", "ko"}  # the one new sentence, once per locale
    for language, own, other in (("zh", "句子要短。", "문장을 짧게 쓴다."), ("ko", "문장을 짧게 쓴다.", "句子要短。")):
        system = by_language[language]["messages"][0]["content"]
        assert "Write for investors." in system and own in system and other not in system
        payload = json.loads(by_language[language]["messages"][1]["content"])
        [unit] = payload["units"]
        assert NEW_SENTENCE in plain_text(unit)
        # the sentence before it in its paragraph, not the last sentence MT was sent
        assert payload["before"] == "Following this, the world's first patient dosing with the therapy was " \
                                    "successfully administered."
        assert payload["heading"].startswith("XellSmart Completed World's First Patient Dosing")
        locale = {"zh": "zh_CN", "ko": "ko_KR"}[language]
        reviewed = {e.msgid: e.msgstr for e in polib.pofile(str(catalogs[locale])) if e.msgstr and "fuzzy" not in e.flags}
        assert 1 <= len(payload["examples"]) <= 5
        assert all(reviewed.get(example["en"]) == example["translation"] for example in payload["examples"])
        assert drafted[locale] not in [example["translation"] for example in payload["examples"]]


def plain_text(unit: dict) -> str:
    text = unit["text"]
    for token, value in sorted(unit.get("placeholders", {}).items(), key=lambda kv: -len(kv[0])):
        text = text.replace(token, value)
    return text


@pytest.mark.parametrize(("content", "message"), [
    ('[style]\nzz_QQ = "x"\n', "[style] zz_QQ: unknown locale"),
    ('[style]\nall = 3\n', "style must be a table of quoted strings"),
])
def test_a_bad_style_table_is_one_line(tmp_path, content, message):
    (tmp_path / "l10n.toml").write_text(content)
    result = l10n(tmp_path, "stats")
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1


REVIEWED = [("The trial enrolled 12 patients.", "该试验入组了12名患者。"),
            ("The trial enrolled 30 patients in China.", "该试验在中国入组了30名患者。"),
            ("Shares rose on the news.", "消息传出后股价上涨。"),
            ("XellSmart is a biotechnology company.", "士泽生物是一家生物技术公司。")]


@pytest.mark.parametrize(("texts", "limit", "budget", "expected"), [
    (["The trial enrolled 14 patients."], 5, 1500, [0, 1]),
    (["The trial enrolled 14 patients."], 1, 1500, [0]),
    (["The trial enrolled 14 patients."], 5, 50, [0]),  # the second does not fit the budget
    (["The trial enrolled 14 patients.", "Shares rose sharply on the news."], 5, 1500, [2, 0, 1]),
    (["Completely unrelated words here."], 5, 1500, []),
    ([], 5, 1500, []),
])
def test_examples_are_the_most_like_reviewed_translations_within_a_budget(texts, limit, budget, expected):
    memory = Close([(source, target, "release.po") for source, target in REVIEWED])

    def alike(text, most, cutoff):
        return [(source, target, score) for (source, target, _), score in memory.alike(text, most, cutoff)]

    assert examples(alike, texts, limit, budget) == [REVIEWED[i] for i in expected]


@pytest.mark.slow
def test_a_style_change_drafts_again_only_the_machine_drafts_nobody_touched(tmp_path, httpserver):
    fake = FakeOpenAI(httpserver)
    folder = project(tmp_path, "openai", fake)
    settings = folder / "l10n.toml"
    settings.write_text(settings.read_text() + '[style]\nzh = "句子要短。"\n')
    translate = ("translate", SEED.name, "--to", "zh", "-q")
    assert l10n(folder, *translate, env={ENV: KEY}).returncode == 0
    path = folder / "locales" / "zh_CN" / "LC_MESSAGES" / f"{SEED.stem}.po"
    po = polib.pofile(str(path), wrapwidth=0)
    drafted = [e for e in po if e.msgstr and "engine: openai" in e.comment]
    edited, accepted, untouched = drafted[0], drafted[1], drafted[2:]
    edited.msgstr += "（已改）"
    accepted.flags.remove("fuzzy")
    po.save()
    before = {e.msgid: e.msgstr for e in polib.pofile(str(path))}

    settings.write_text(settings.read_text().replace("句子要短。", "使用正式书面语。"))
    sent = len(fake.posts("/chat/completions"))
    assert l10n(folder, *translate, env={ENV: KEY}).returncode == 0
    again = [json.loads(r["json"]["messages"][1]["content"]) for r in fake.posts("/chat/completions")[sent:]]
    asked = {u["id"] for body in again for u in body["units"]}
    assert len(asked) and sum(len(body["units"]) for body in again) == len(untouched)
    after = polib.pofile(str(path))
    assert after.find(edited.msgid).msgstr == before[edited.msgid]
    assert after.find(accepted.msgid).msgstr == before[accepted.msgid]
    assert all("使用正式书面语" not in e.comment and "style " in e.comment for e in after if e.msgid in
               {u.msgid for u in untouched})
    assert {e.msgid for e in after if "engine: openai" in e.comment and e.msgid != edited.msgid} >= \
        {u.msgid for u in untouched}
    styles = {line for e in after for line in e.comment.splitlines() if line.startswith("engine: openai")}
    assert len(styles) == 2  # the edited draft keeps its note; every other draft is the new style's

    written = everything(folder)
    sent = len(fake.requests)
    assert l10n(folder, *translate, env={ENV: KEY}).returncode == 0
    assert everything(folder) == written and len(fake.requests) == sent
