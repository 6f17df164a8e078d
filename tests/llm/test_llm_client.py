"""LLMClient against a local OpenAI-compatible server: replies, retries, JSON, redaction."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from support.fake_llm import FakeLLM, delay, empty, error, fenced_json, garbage, json_reply, reply
from synthpersona.config import Settings
from synthpersona.errors import ConfigError, InputError, LLMError
from synthpersona.llm import LLMClient, extract_json

KEY = "sk-test-SECRET-0123456789"


class Verdict(BaseModel):
    buy: bool
    reason: str


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server


def client_for(server: FakeLLM, **kw: object) -> LLMClient:
    opts: dict[str, object] = {"api_key": KEY, "timeout_s": 2.0, "max_retries": 3, "backoff_s": 0.01}
    opts.update(kw)
    return LLMClient(server.base_url, "fake-model", **opts)  # type: ignore[arg-type]


MSGS = [{"role": "system", "content": "You are Priya."}, {"role": "user", "content": "Hi there"}]


def test_normal_reply_sends_history_model_and_key(llm: FakeLLM) -> None:
    llm.script(reply("Hello from Priya"))
    history = [*MSGS, {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "Price?"}]
    assert client_for(llm).chat(history, temperature=0.3, max_tokens=50) == "Hello from Priya"
    (req,) = llm.chat_requests
    assert req.messages == history
    assert req.body["model"] == "fake-model"
    assert req.body["temperature"] == 0.3
    assert req.body["max_tokens"] == 50
    assert req.headers["authorization"] == f"Bearer {KEY}"


def test_429_then_success_retries_and_honours_retry_after(llm: FakeLLM) -> None:
    llm.script(error(429, retry_after=0), error(503), reply("finally"))
    assert client_for(llm).chat(MSGS) == "finally"
    assert len(llm.chat_requests) == 3


def test_persistent_5xx_raises_llm_error_after_max_retries(llm: FakeLLM) -> None:
    llm.script(*[error(500)] * 10)
    with pytest.raises(LLMError) as info:
        client_for(llm, max_retries=2).chat(MSGS)
    assert len(llm.chat_requests) == 3
    assert info.value.code == "llm_unavailable"
    assert "HTTP 500" in info.value.message
    assert info.value.details["attempts"] == 3


def test_timeout_is_retried_then_fails_with_timeout_code(llm: FakeLLM) -> None:
    llm.script(delay(2.0), delay(2.0))
    with pytest.raises(LLMError) as info:
        client_for(llm, timeout_s=0.2, max_retries=1).chat(MSGS)
    assert info.value.code == "llm_timeout"
    assert len(llm.chat_requests) == 2


def test_timeout_then_success(llm: FakeLLM) -> None:
    llm.script(delay(2.0), reply("ok now"))
    assert client_for(llm, timeout_s=0.3).chat(MSGS) == "ok now"


def test_auth_error_is_not_retried_and_names_the_setting(llm: FakeLLM) -> None:
    llm.script(error(401), reply("never"))
    with pytest.raises(LLMError) as info:
        client_for(llm).chat(MSGS)
    assert info.value.code == "llm_auth"
    assert "SYNTHPERSONA_LLM_API_KEY" in info.value.message
    assert len(llm.chat_requests) == 1


def test_garbage_and_empty_bodies_are_retried(llm: FakeLLM) -> None:
    llm.script(garbage(), empty(), reply("sane"))
    assert client_for(llm).chat(MSGS) == "sane"


def test_garbage_forever_is_an_llm_error(llm: FakeLLM) -> None:
    llm.script(*[garbage()] * 5)
    with pytest.raises(LLMError, match="unusable response"):
        client_for(llm, max_retries=1).chat(MSGS)


def test_connection_refused_is_an_llm_error() -> None:
    client = LLMClient("http://127.0.0.1:9/v1", "m", timeout_s=0.5, max_retries=1, backoff_s=0.01)
    with pytest.raises(LLMError) as info:
        client.chat(MSGS)
    assert info.value.code == "llm_unavailable"


def test_chat_json_uses_schema_mode(llm: FakeLLM) -> None:
    llm.script(json_reply({"buy": True, "reason": "good value"}))
    out = client_for(llm).chat_json(MSGS, Verdict)
    assert out == Verdict(buy=True, reason="good value")
    fmt = llm.chat_requests[0].body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"]["required"] == ["buy", "reason"]


def test_chat_json_tolerates_fenced_and_chatty_output(llm: FakeLLM) -> None:
    llm.script(fenced_json({"buy": False, "reason": "too pricey"}))
    assert client_for(llm).chat_json(MSGS, Verdict).buy is False


def test_chat_json_repairs_once_after_invalid_output(llm: FakeLLM) -> None:
    llm.script(reply("I think yes!"), json_reply({"buy": "maybe?"}), json_reply({"buy": True, "reason": "r"}))
    with pytest.raises(LLMError) as info:
        client_for(llm).chat_json(MSGS, Verdict)
    assert info.value.code == "llm_bad_json"
    # the second request carries the bad reply and the problem back to the model
    second = llm.chat_requests[1].messages
    assert second[-2] == {"role": "assistant", "content": "I think yes!"}
    assert "no valid JSON" in second[-1]["content"]
    llm.reset()
    llm.script(json_reply({"buy": True}), json_reply({"buy": True, "reason": "fixed"}))
    assert client_for(llm).chat_json(MSGS, Verdict).reason == "fixed"
    assert "reason" in llm.chat_requests[1].messages[-1]["content"]


def test_chat_json_falls_back_when_server_lacks_structured_output() -> None:
    with FakeLLM(reject_response_formats=("json_schema", "json_object")) as server:
        server.script(json_reply({"buy": True, "reason": "x"}), json_reply({"buy": False, "reason": "y"}))
        client = client_for(server)
        assert client.chat_json(MSGS, Verdict).reason == "x"
        assert [r.body.get("response_format", {}).get("type") for r in server.chat_requests] == [
            "json_schema",
            "json_object",
            None,
        ]
        # the client remembers: the next call goes straight to plain text
        assert client.chat_json(MSGS, Verdict).reason == "y"
        assert "response_format" not in server.chat_requests[-1].body


def test_async_chat_and_json_run_concurrently(llm: FakeLLM) -> None:
    client = client_for(llm)
    llm.script(*[delay(0.3, reply("a"))] * 4)

    async def main() -> list[str]:
        return await asyncio.gather(*[client.achat(MSGS) for _ in range(4)])

    assert asyncio.run(main()) == ["a"] * 4
    assert llm.max_in_flight == 4
    llm.script(error(429, retry_after=0), fenced_json({"buy": True, "reason": "async"}))
    assert asyncio.run(client.achat_json(MSGS, Verdict)).reason == "async"


def test_async_failure_raises_llm_error(llm: FakeLLM) -> None:
    llm.script(*[error(502)] * 3)
    with pytest.raises(LLMError):
        asyncio.run(client_for(llm, max_retries=2).achat(MSGS))


def test_key_never_in_logs_repr_or_errors(llm: FakeLLM, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    llm.script(error(429, retry_after=0), error(500), error(500), error(500))
    client = LLMClient(llm.base_url, "m", api_key=KEY, max_retries=3, backoff_s=0.01)
    with pytest.raises(LLMError) as info:
        client.chat(MSGS)
    text = caplog.text + repr(client) + info.value.message + str(info.value.details)
    for record in caplog.records:
        text += str(record.__dict__)
    assert KEY not in text
    assert "llm retry" in caplog.text


def test_credentials_in_base_url_are_stripped_from_repr_and_errors() -> None:
    client = LLMClient("http://user:pw@127.0.0.1:9/v1", "m", timeout_s=0.3, max_retries=0)
    with pytest.raises(LLMError) as info:
        client.chat(MSGS)
    assert "pw" not in repr(client) + info.value.message
    assert client.safe_base_url == "http://127.0.0.1:9/v1"


def test_bad_messages_and_config_are_rejected() -> None:
    client = LLMClient("http://127.0.0.1:1/v1", "m")
    with pytest.raises(InputError):
        client.chat([])
    with pytest.raises(InputError, match=r"messages\[0\]"):
        client.chat([{"role": "wizard", "content": "x"}])
    with pytest.raises(ConfigError):
        LLMClient("localhost:8000", "m")
    with pytest.raises(ConfigError):
        LLMClient("http://x/v1", "")


def test_from_settings() -> None:
    assert LLMClient.from_settings(Settings()) is None
    s = Settings(llm_base_url="http://127.0.0.1:1/v1", llm_model="m", llm_api_key=KEY, llm_timeout_s=5)
    client = LLMClient.from_settings(s)
    assert client is not None and client.model == "m" and client.timeout_s == 5
    assert KEY not in repr(client)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('Here you go:\n```json\n{"a": [1, 2,],}\n```\nbye', {"a": [1, 2]}),
        ('blah {"a": "x}y"} trailing {"b": 2}', {"a": "x}y"}),
        ("“smart”: no", None),
        ("[1, 2, 3]", [1, 2, 3]),
        ("```\n{“a”: “b”}\n```", {"a": "b"}),
    ],
)
def test_extract_json_cases(text: str, expected: object) -> None:
    if expected is None:
        with pytest.raises(LLMError):
            extract_json(text)
    else:
        assert extract_json(text) == expected


# Replies models really send when asked for JSON; each must come back as the object meant,
# without a second LLM round trip. Text inside strings (the ’ apostrophe) stays as written.
MALFORMED = [
    ("{'name': 'Asha', 'age': 31}", {"name": "Asha", "age": 31}),
    ('{name: "Asha", age: 31}', {"name": "Asha", "age": 31}),
    ('{"tags": ["a", "b",], "n": 2,}', {"tags": ["a", "b"], "n": 2}),
    ('{\n  "n": 2, // the count\n  "ok": true\n}', {"n": 2, "ok": True}),
    ('{"n": 2, /* note */ "ok": true}', {"n": 2, "ok": True}),
    ('{"name": "Asha", "traits": ["calm", "curious"', {"name": "Asha", "traits": ["calm", "curious"]}),
    ('{"name": "Asha", "bio": "likes tea', {"name": "Asha", "bio": "likes tea"}),
    ("{'ok': True, 'missing': None, 'off': False}", {"ok": True, "missing": None, "off": False}),
    ('{"a": 1 "b": 2}', {"a": 1, "b": 2}),
    ("{“name”: “Asha”}", {"name": "Asha"}),
    ('{"bio": "line one\nline two"}', {"bio": "line one\nline two"}),
    ("Sure!\n```json\n{name: 'Asha', tags: ['a',],}\n```\nHope it helps.", {"name": "Asha", "tags": ["a"]}),
    ("Here: {'quote': 'it’s fine', 'n': 1,}", {"quote": "it’s fine", "n": 1}),
]


@pytest.mark.parametrize(("text", "expected"), MALFORMED)
def test_extract_json_repairs_common_malformed_replies(text: str, expected: object) -> None:
    assert extract_json(text) == expected


def test_extract_json_keeps_typographic_apostrophes_in_valid_json() -> None:
    assert extract_json('```json\n{"line": "It’s “fine”"}\n```') == {"line": "It’s “fine”"}


@pytest.mark.parametrize("text", ["I cannot help with that.", "“smart”: no", "yes", "```\nnothing\n```"])
def test_extract_json_without_an_object_is_an_error(text: str) -> None:
    with pytest.raises(LLMError):
        extract_json(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None)
@given(
    obj=st.dictionaries(st.text(max_size=8), json_values, max_size=4),
    before=st.text(alphabet=st.characters(blacklist_characters='{}[]"`'), max_size=30),
    fenced=st.booleans(),
)
def test_extract_json_round_trips_objects_in_chatty_text(obj: dict, before: str, fenced: bool) -> None:
    import json

    body = json.dumps(obj)
    text = f"{before}\n```json\n{body}\n```\nthanks" if fenced else f"{before} {body} thanks"
    assert extract_json(text) == obj
