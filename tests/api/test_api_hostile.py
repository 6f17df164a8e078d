"""Hostile input at the edge: 4xx with a short, encodable message, never a 500, on both backends alike."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from store.conftest import pg_url  # noqa: F401 - fixture (tests/ is on sys.path)
from synthpersona.store import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_client(
    request: pytest.FixtureRequest, tmp_path: Path, make_app: Callable[..., FastAPI]
) -> Iterator[TestClient]:
    url = (
        f"sqlite:///{tmp_path / 'state.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    store = Store(url)
    with TestClient(make_app(store=store, max_json_bytes=64 * 1024), raise_server_exceptions=False) as c:
        yield c
    store.close()


def _raw(client: TestClient, path: str, text: str) -> Any:
    return client.post(path, content=text.encode(), headers={"content-type": "application/json"})


def _assert_error(r: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = json.loads(r.content.decode("utf-8"))  # always valid UTF-8 JSON
    if code:
        assert body["error"]["code"] == code
    return dict(body["error"])


# Every body is raw JSON text: the escapes reach the server exactly as a client sent them.
HOSTILE = [
    ("/clusters/generate", '{"goal": "students \\u0000 headphones"}', "body.goal"),
    ("/clusters/generate", '{"goal": "\\ud800", "k_max": "x"}', "body.goal"),  # invalid AND unencodable
    ("/clusters/generate", '{"goal": 5, "k_max": "\\udfff"}', "body.k_max"),
    ("/personas/dyn_1_0/chat", '{"message": "hi \\u0000"}', "body.message"),
    ("/personas/dyn_1_0/chat", '{"message": "\\ud800"}', "body.message"),
    ("/templates", '{"template_id": "t\\u0000", "name": "x"}', "body.template_id"),
    ("/templates", '{"\\ud800": 1}', "body"),
]


@pytest.mark.parametrize(("path", "text", "field"), HOSTILE)
def test_nul_and_lone_surrogates_are_refused_with_422_naming_the_field(
    backend_client: TestClient, path: str, text: str, field: str
) -> None:
    err = _assert_error(_raw(backend_client, path, text), 422, "unsupported_text")
    assert err["details"]["field"].startswith(field)
    assert "remove it" in err["message"]


def test_escaped_backslashes_and_surrogate_pairs_are_ordinary_text(backend_client: TestClient) -> None:
    # "\\u0000" is the six characters \u0000, and \ud83d\ude00 a valid pair (an emoji): both are fine
    r = _raw(backend_client, "/clusters/generate", '{"goal": "\\\\u0000 \\ud83d\\ude00", "k_max": "x"}')
    err = _assert_error(r, 422, "invalid_input")
    assert "k_max" in err["message"]


def test_nul_in_the_path_or_query_is_422(backend_client: TestClient) -> None:
    _assert_error(backend_client.get("/runs/abc%00def"), 422, "unsupported_text")
    _assert_error(backend_client.get("/runs?limit=1%00"), 422, "unsupported_text")
    _assert_error(backend_client.get("/conversations/%00"), 422, "unsupported_text")


def test_a_nul_in_an_uploaded_table_is_stored_alike(backend_client: TestClient) -> None:
    # one NUL far into the file (a NUL in the first 4 KB marks the file as binary: a clear 422)
    rows = "\n".join(f"{i},state {i % 3}{'x' * 80},{i % 2}" for i in range(60)) + "\n61,bad\x00cell,1"
    r = backend_client.post(
        "/datasets",
        files={"file": ("t.csv", f"id,state,is_sale\n{rows}\n".encode(), "text/csv")},
        data={"name": "leads\x00 march"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["filename"] == "leads\ufffd march"
    again = backend_client.get(f"/datasets/{body['dataset_id']}")
    assert again.status_code == 200 and "\\u0000" not in again.text and "\\u0000" not in r.text


def test_validation_errors_quote_a_short_excerpt_of_the_input(backend_client: TestClient) -> None:
    huge = "a" * 200_000
    r = backend_client.post("/personas/dyn_1_0/chat", json={"message": huge})
    assert r.status_code in (413, 422)
    assert len(r.content) < 2_000
    r = _raw(backend_client, "/clusters/generate", json.dumps({"goal": "x" * 5000, "k_max": "y" * 5000}))
    err = _assert_error(r, 422, "invalid_input")
    assert len(r.content) < 2_000
    inputs = [e.get("input", "") for e in err["details"]["errors"]]
    assert all(len(str(i)) < 120 for i in inputs) and any("5,000 characters" in str(i) for i in inputs)


def test_nan_in_an_invalid_field_is_not_a_500(backend_client: TestClient) -> None:
    r = _raw(backend_client, "/clusters/generate", '{"goal": NaN}')
    _assert_error(r, 422, "invalid_input")


def test_json_bodies_have_their_own_small_limit(backend_client: TestClient) -> None:
    template = {"template_id": "big", "name": "x", "description": "y" * 100_000}
    err = _assert_error(backend_client.post("/templates", json=template), 413, "payload_too_large")
    assert "SYNTHPERSONA_MAX_JSON_BYTES" in err["message"]
    assert err["details"]["limit_bytes"] == 64 * 1024


def test_health_shows_no_paths_or_urls(backend_client: TestClient, tmp_path: Path) -> None:
    text = backend_client.get("/health").text
    assert "url" not in json.loads(text)["store"]
    assert (
        str(tmp_path) not in text
        and "sqlite:" not in text
        and "postgresql" not in text.replace('"backend":"postgresql"', "")
    )
    assert "@" not in text and "://" not in text


def test_a_wide_upload_is_refused_before_it_is_parsed_and_leaves_nothing(
    make_app: Callable[..., FastAPI], settings: Any
) -> None:
    with TestClient(make_app(max_columns=50)) as c:
        wide = ",".join(f"c{i}" for i in range(5_000)) + "\n" + ",".join(["1"] * 5_000) + "\n"
        r = c.post("/datasets", files={"file": ("wide.csv", wide.encode(), "text/csv")})
        err = _assert_error(r, 422, "too_many_columns")
        assert "5,000 columns" in err["message"] and "SYNTHPERSONA_MAX_COLUMNS" in err["message"]
        assert c.get("/datasets").json() == []
    folder = settings.data_dir / "datasets"
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]


def test_options_and_405_name_every_method_of_the_path(client: TestClient) -> None:
    r = client.options("/datasets/0123")
    assert r.status_code == 204 and r.headers["allow"] == "DELETE, GET, HEAD, OPTIONS"
    r = client.put("/datasets/0123")
    err = _assert_error(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "DELETE, GET, HEAD, OPTIONS" and "DELETE, GET" in err["message"]
    schema = client.get("/openapi.json").json()
    assert {"400", "413", "422"} <= set(schema["paths"]["/clusters/generate"]["post"]["responses"])


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/clusters/generate", {"goal": "college students", "random_state": False}),
        ("/datasets/0123456789abcdef0123456789abcdef/analyze", {"random_state": True}),
        ("/simulations", {"dataset_id": "sample", "random_state": False}),
        ("/simulations", {"dataset_id": "sample", "n_personas": True}),
    ],
)
def test_a_seed_or_count_given_as_a_boolean_is_refused(client: TestClient, path: str, body: Any) -> None:
    err = _assert_error(client.post(path, json=body), 422)
    assert "random_state" in err["message"] or "n_personas" in err["message"]


def test_upload_leftovers_of_a_crash_are_swept_at_startup(
    make_app: Callable[..., FastAPI], settings: Any
) -> None:
    import os
    import subprocess
    import sys
    import time

    with TestClient(make_app()) as c:
        kept = c.post("/datasets", files={"file": ("t.csv", b"a,b\n1,2\n3,4\n", "text/csv")}).json()
    root = settings.data_dir / "datasets"
    assert sorted(p.name for p in root.iterdir()) == [".incoming", kept["dataset_id"]]  # moved into place
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    half = root / ".incoming" / f"{dead.stdout.strip()}-{'a' * 32}"
    half.mkdir(parents=True)
    (half / "source.csv").write_bytes(b"a,b\n1,")  # an upload cut by kill -9
    live = root / ".incoming" / f"{os.getpid()}-{'b' * 32}"  # a running upload of a live process
    live.mkdir()
    stale, fresh = root / ("c" * 32), root / ("d" * 32)  # moved into place, record never written
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "source.csv").write_bytes(b"a\n1\n")
    hour_ago = time.time() - 3600
    os.utime(stale / "source.csv", (hour_ago, hour_ago))
    os.utime(stale, (hour_ago, hour_ago))
    with TestClient(make_app()) as c:
        assert [d["dataset_id"] for d in c.get("/datasets").json()] == [kept["dataset_id"]]
    assert not half.exists() and not stale.exists()
    assert live.exists() and fresh.exists() and (root / kept["dataset_id"] / "source.csv").is_file()
