"""API key, CORS, body limit, request ids and logs that never contain secrets."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from support.fake_llm import FakeLLM, error
from synthpersona.api._logging import JsonFormatter, RedactSecrets, configure_logging

KEY = "k3y-Sup3r-S3cret-value"
LLM_KEY = "sk-llm-very-secret-0042"


@pytest.fixture
def keyed(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    with TestClient(make_app(api_key=KEY)) as c:
        yield c


def test_api_key_required_except_health_and_docs(keyed: TestClient) -> None:
    r = keyed.get("/runs")
    assert r.status_code == 401 and r.json()["error"]["code"] == "missing_api_key"
    r = keyed.get("/runs", headers={"X-API-Key": "wrong"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key"
    assert KEY not in r.text
    assert keyed.get("/runs", headers={"X-API-Key": KEY}).status_code == 200
    assert keyed.get("/runs", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert keyed.get("/health").status_code == 200
    assert keyed.get("/docs").status_code == 200
    schema = keyed.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    assert "security" not in schema["paths"]["/health"]["get"]
    assert schema["paths"]["/runs"]["get"]["security"] == [{"ApiKey": []}]


def test_api_key_check_is_constant_time() -> None:
    import inspect

    from synthpersona.api import _middleware

    assert "hmac.compare_digest" in inspect.getsource(_middleware.ApiKeyMiddleware)


def test_unknown_route_with_key_missing_is_401_not_404(keyed: TestClient) -> None:
    assert keyed.get("/secret-route").status_code == 401  # no route enumeration without the key


def test_cors_off_by_default_and_configurable(make_app: Callable[..., FastAPI], client: TestClient) -> None:
    r = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    with TestClient(make_app(cors_origins=["https://app.example"])) as c:
        ok = c.get("/health", headers={"Origin": "https://app.example"})
        assert ok.headers["access-control-allow-origin"] == "https://app.example"
        pre = c.options(
            "/clusters/generate",
            headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
        )
        assert pre.status_code == 200
        bad = c.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in bad.headers


def test_body_limit_by_header_and_by_stream(make_app: Callable[..., FastAPI]) -> None:
    with TestClient(make_app(max_body_bytes=1000)) as c:
        r = c.post("/clusters/generate", content=b"x" * 5000, headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
        assert r.json()["error"]["details"]["limit_bytes"] == 1000

        def chunks() -> Iterator[bytes]:
            for _ in range(10):
                yield b" " * 400

        r = c.post("/clusters/generate", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "payload_too_large"
        assert c.post("/clusters/generate", json={"goal": ""}).status_code == 422  # small bodies pass


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    assert client.get("/health", headers={"X-Request-ID": "abc123"}).headers["x-request-id"] == "abc123"
    assert len(client.get("/health").headers["x-request-id"]) == 16


def test_logs_are_json_and_never_contain_keys(make_app: Callable[..., FastAPI]) -> None:
    stream = io.StringIO()
    configure_logging("debug", [KEY, LLM_KEY])
    handler = logging.getLogger("synthpersona").handlers[-1]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        with FakeLLM() as llm:
            llm.script(*[error(500)] * 10)
            app = make_app(
                api_key=KEY, llm_base_url=llm.base_url, llm_model="m", llm_api_key=LLM_KEY, llm_max_retries=1
            )
            app.state.llm.backoff_s = 0.01
            app.state.chat.engine.client.backoff_s = 0.01
            with TestClient(app) as c:
                c.post(
                    "/clusters/generate",
                    json={"goal": "college students interested in headphones", "k_max": 3},
                    headers={"X-API-Key": KEY},
                )
                c.get("/runs", headers={"X-API-Key": "wrong-" + KEY})
                r = c.post("/personas/dyn_1_0/chat", json={"message": "hi"}, headers={"X-API-Key": KEY})
                assert r.json()["engine"] == "offline-fallback"
            # a careless log line with a key is scrubbed too
            logging.getLogger("synthpersona.test").warning("oops %s", LLM_KEY, extra={"key": KEY})
    finally:
        for name in ("synthpersona", "uvicorn.error", "openai", "httpx", "httpx2"):
            lg = logging.getLogger(name)
            for h in list(lg.handlers):
                if h.get_name() == "synthpersona-json":
                    lg.removeHandler(h)
            lg.propagate = True
    text = stream.getvalue()
    assert '"event": "http_request"' in text and '"event": "llm_retry"' in text and "chat_fallback" in text
    assert KEY not in text and LLM_KEY not in text
    assert "***" in text


def test_redaction_and_json_formatter_units() -> None:
    record = logging.LogRecord("synthpersona.x", logging.INFO, "f", 1, "token=%s", ("abcd1234",), None)
    record.extra_field = "has abcd1234 inside"
    assert RedactSecrets(["abcd1234"]).filter(record)
    line = JsonFormatter().format(record)
    assert "abcd1234" not in line and '"extra_field": "has *** inside"' in line
