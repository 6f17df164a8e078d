"""Every operation documents a typed response, and the root sends browsers to the docs."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def _typed(schema: dict[str, Any], spec: dict[str, Any]) -> bool:
    """An object schema with named properties, a $ref to one, or an array of them."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _typed(spec["components"]["schemas"][name], spec)
    if schema.get("type") == "array":
        return _typed(schema.get("items", {}), spec)
    if "anyOf" in schema:
        return all(_typed(s, spec) or s.get("type") == "null" for s in schema["anyOf"])
    return bool(schema.get("properties"))


def test_every_json_response_has_a_typed_schema(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    untyped = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            ok = {code: r for code, r in op["responses"].items() if code.startswith("2")}
            assert ok, f"{method} {path} documents no success response"
            for code, response in ok.items():
                content = response.get("content", {})
                if code == "204" or set(content) != {"application/json"}:
                    continue  # no body, or a file download (any of several media types)
                if not _typed(content["application/json"].get("schema", {}), spec):
                    untyped.append(f"{method.upper()} {path}")
    assert untyped == []


def test_root_redirects_to_the_docs(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/docs"
    assert client.get("/").status_code == 200  # the docs page itself


def test_chat_enums_come_from_the_chat_vocabularies(client: TestClient) -> None:
    from synthpersona.chat import LANGUAGES, REPLY_ENGINES, STANCES

    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["ChatResponse"]["properties"]["engine"]["enum"] == list(REPLY_ENGINES)
    answer = schemas["FocusAnswerOut"]["properties"]
    assert answer["engine"]["enum"] == list(REPLY_ENGINES)
    assert answer["stance"]["enum"] == list(STANCES)
    assert answer["language"]["enum"] == list(LANGUAGES)
    assert schemas["HealthResponse"]["properties"]["chat_engine"]["enum"] == ["offline", "llm"]
