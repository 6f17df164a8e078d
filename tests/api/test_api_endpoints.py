"""Every endpoint of seed 000 (and the stored-object endpoints), success and error paths, real app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from support.seed_shapes import SEED_CLUSTER_KEYS, SEED_PERSONA_KEYS

GOAL = "college students interested in headphones"


def assert_error(r: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def test_health_reports_version_population_store_and_llm(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["population_size"] == 6000
    assert body["store"]["backend"] == "sqlite" and body["store"]["ok"] is True
    assert body["llm"] == {"configured": False, "model": None}
    assert body["chat_engine"] == "offline"


def test_generate_clusters_has_seed_shape_and_stores_the_run(client: TestClient, run: dict[str, Any]) -> None:
    assert run["run_id"].startswith("run_") and run["goal"] == GOAL and run["cached"] is False
    assert 2 <= run["meta"]["k"] <= 4 == len(run["clusters"]) or len(run["clusters"]) == run["meta"]["k"]
    for key in ("subset_n", "k", "silhouette", "filters_applied"):
        assert key in run["meta"]
    c = run["clusters"][0]
    assert set(c) >= SEED_CLUSTER_KEYS
    assert sum(x["cluster_size"] for x in run["clusters"]) == run["meta"]["subset_n"]
    stored = client.get(f"/runs/{run['run_id']}").json()
    assert stored["goal"] == GOAL and stored["request"]["k_max"] == 4
    assert stored["sql"].lstrip().upper().startswith("SELECT")
    assert set(stored["personas"]) == {str(x["cluster_id"]) for x in run["clusters"]}
    assert client.get("/runs").json()[0]["run_id"] == run["run_id"]


def test_identical_request_is_served_from_cache(client: TestClient, run: dict[str, Any]) -> None:
    again = client.post(
        "/clusters/generate", json={"goal": "  college students   interested in headphones ", "k_max": 4}
    ).json()
    assert again["cached"] is True
    assert again["run_id"] == run["run_id"]
    assert again["clusters"] == run["clusters"]


def test_same_goal_is_deterministic_across_apps(
    make_app: Callable[..., FastAPI], run: dict[str, Any]
) -> None:
    with TestClient(make_app()) as other:  # same data dir: served from the store after a "restart"
        again = other.post("/clusters/generate", json={"goal": GOAL, "k_max": 4}).json()
    assert again["run_id"] == run["run_id"] and again["cached"] is True


def test_personas_by_run_id_and_by_goal(client: TestClient, run: dict[str, Any]) -> None:
    by_run = client.post("/personas/1", json={"run_id": run["run_id"]}).json()
    by_goal = client.post("/personas/1", json={"goal": GOAL, "k_max": 4}).json()
    assert by_run == by_goal
    assert by_run["cluster_info"]["cluster_id"] == 1
    assert by_run["cluster_info"]["cluster_size"] == run["clusters"][0]["cluster_size"]
    p = by_run["personas"][0]
    assert set(p) >= SEED_PERSONA_KEYS
    assert p["persona_id"] == "dyn_1_0" and len(p["care_about_top2"]) == 2
    assert client.get("/personas/dyn_1_0", params={"run_id": run["run_id"]}).json()["run_id"] == run["run_id"]


def test_legacy_dynamic_endpoint_inlines_personas(client: TestClient, run: dict[str, Any]) -> None:
    body = client.post("/personas/dynamic", json={"goal": GOAL, "k_max": 4}).json()
    assert body["run_id"] == run["run_id"]
    assert all(len(c["personas"]) == c["personas_count"] for c in body["clusters"])


def test_unknown_cluster_run_persona_conversation_are_404(client: TestClient, run: dict[str, Any]) -> None:
    err = assert_error(client.post("/personas/99", json={"run_id": run["run_id"]}), 404, "cluster_not_found")
    assert err["details"]["valid"] == [c["cluster_id"] for c in run["clusters"]]
    assert_error(client.post("/personas/1", json={"run_id": "run_nope"}), 404, "run_not_found")
    assert_error(client.get("/runs/run_nope"), 404, "run_not_found")
    assert_error(client.get("/personas/dyn_9_9"), 404, "persona_not_found")
    assert_error(client.post("/personas/dyn_9_9/chat", json={"message": "hi"}), 404, "persona_not_found")
    assert_error(client.get("/conversations/abc"), 404, "conversation_not_found")
    assert_error(client.get("/no/such/route"), 404, "not_found")
    assert_error(client.delete("/health"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "goal"),
        ({"goal": ""}, "goal"),
        ({"goal": "   "}, "goal"),
        ({"goal": GOAL, "k_min": 1}, "k_min"),
        ({"goal": GOAL, "k_max": 99}, "k_max"),
        ({"goal": GOAL, "k_min": 5, "k_max": 3}, "k_min"),
        ({"goal": GOAL, "min_cluster_pct": 2}, "min_cluster_pct"),
        ({"goal": GOAL, "algorithm": "kmean"}, "algorithm"),
        ({"goal": GOAL, "surprise": 1}, "surprise"),
        ({"goal": 42}, "goal"),
    ],
)
def test_invalid_generate_bodies_are_422_with_field_messages(
    client: TestClient, body: dict, field: str
) -> None:
    err = assert_error(client.post("/clusters/generate", json=body), 422, "invalid_input")
    assert field in err["message"] or any(
        field in e["field"] or field in e["message"] for e in err["details"]["errors"]
    )


def test_malformed_json_is_422_not_500(client: TestClient) -> None:
    r = client.post("/clusters/generate", content=b'{"goal": ', headers={"content-type": "application/json"})
    err = assert_error(r, 422, "invalid_input")
    assert "JSON" in err["message"]


def test_goal_matching_nobody_is_422_with_suggestion(client: TestClient) -> None:
    err = assert_error(
        client.post("/clusters/generate", json={"goal": "zzzz qqqq"}), 422, "goal_not_understood"
    )
    assert err["details"]["examples"]


def test_empty_audience_is_422_with_the_filter_to_relax(make_app: Callable[..., FastAPI]) -> None:
    from synthpersona.errors import EmptyResultError

    def nobody(goal: str, **kw: Any) -> Any:
        raise EmptyResultError(
            "Nobody matches age 18-20 and retirees; relax 'occupation'.", details={"relax": "occupation"}
        )

    with TestClient(make_app(goal_runner=nobody)) as c:
        err = assert_error(
            c.post("/clusters/generate", json={"goal": "retired teenagers"}), 422, "empty_result"
        )
    assert err["details"] == {"relax": "occupation"}


def test_personas_needs_run_id_or_goal(client: TestClient) -> None:
    err = assert_error(client.post("/personas/1", json={}), 422, "invalid_input")
    assert "run_id" in err["message"]
    assert_error(client.post("/personas/abc", json={"run_id": "x"}), 422, "invalid_input")


def test_chat_round_trip_and_stored_conversation(client: TestClient, run: dict[str, Any]) -> None:
    r = client.post(
        "/personas/dyn_1_0/chat",
        json={
            "cluster_id": 1,
            "persona_id": "dyn_1_0",
            "message": "What do you think about Bose headphones?",
            "conversation_history": [],
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["persona_id"] == "dyn_1_0" and body["engine"] == "offline" and body["run_id"] == run["run_id"]
    assert body["response"] and body["persona_traits"]["age_group"].endswith("years old")
    assert body["conversation_history"] == [
        {"role": "user", "message": "What do you think about Bose headphones?"},
        {"role": "persona", "message": body["response"]},
    ]
    cid = body["conversation_id"]
    second = client.post("/personas/dyn_1_0/chat", json={"message": "why?", "conversation_id": cid}).json()
    assert second["conversation_id"] == cid
    assert len(second["conversation_history"]) == 4
    assert second["response"] != body["response"]
    conv = client.get(f"/conversations/{cid}").json()
    assert [m["role"] for m in conv["messages"]] == ["user", "persona", "user", "persona"]
    assert conv["messages"][3]["engine"] == "offline"
    assert conv["persona_name"]


def test_client_held_history_is_used_and_stored(client: TestClient, run: dict[str, Any]) -> None:
    history = [
        {"role": "user", "message": "Is Sony better than Bose?"},
        {"role": "persona", "message": "I'd compare them side by side first."},
    ]
    body = client.post(
        "/personas/dyn_1_0/chat",
        json={"message": "what about the other one?", "conversation_history": history},
    ).json()
    assert len(body["conversation_history"]) == 4
    assert "Bose" in body["response"] or "Sony" in body["response"]
    stored = client.get(f"/conversations/{body['conversation_id']}").json()
    assert stored["messages"][0]["message"] == "Is Sony better than Bose?"


def test_chat_errors(client: TestClient, run: dict[str, Any]) -> None:
    assert_error(client.post("/personas/dyn_1_0/chat", json={"message": ""}), 422, "invalid_input")
    assert_error(client.post("/personas/dyn_1_0/chat", json={"message": "  "}), 422, "invalid_input")
    assert_error(client.post("/personas/dyn_1_0/chat", json={}), 422, "invalid_input")
    assert_error(client.post("/personas/dyn_1_0/chat", json={"message": "hi", "persona_id": "dyn_2_0"}), 422)
    assert_error(
        client.post("/personas/dyn_1_0/chat", json={"message": "hi", "cluster_id": 2}),
        422,
        "cluster_mismatch",
    )
    assert_error(
        client.post("/personas/dyn_1_0/chat", json={"message": "hi", "conversation_id": "nope"}),
        404,
        "conversation_not_found",
    )
    cid = client.post("/personas/dyn_1_0/chat", json={"message": "hi"}).json()["conversation_id"]
    assert_error(
        client.post("/personas/dyn_2_0/chat", json={"message": "hi", "conversation_id": cid}),
        422,
        "conversation_persona_mismatch",
    )
    assert_error(
        client.post(
            "/personas/dyn_1_0/chat",
            json={"message": "hi", "conversation_history": [{"role": "wizard", "message": "x"}]},
        ),
        422,
        "invalid_input",
    )


def test_failed_chat_writes_nothing(client: TestClient, run: dict[str, Any]) -> None:
    before = client.app.state.store.engine.connect()  # type: ignore[attr-defined]
    from sqlalchemy import text

    count = before.execute(text("SELECT count(*) FROM conversations")).scalar()
    before.close()
    client.post("/personas/dyn_1_0/chat", json={"message": "hi", "cluster_id": 3})
    client.post("/personas/dyn_9_9/chat", json={"message": "hi"})
    with client.app.state.store.engine.connect() as conn:  # type: ignore[attr-defined]
        assert conn.execute(text("SELECT count(*) FROM conversations")).scalar() == count


def test_runs_personas_and_conversations_survive_restart(
    make_app: Callable[..., FastAPI], run: dict[str, Any], client: TestClient
) -> None:
    cid = client.post("/personas/dyn_1_0/chat", json={"message": "Hello!"}).json()["conversation_id"]
    with TestClient(make_app()) as fresh:
        assert fresh.get(f"/runs/{run['run_id']}").status_code == 200
        assert fresh.get("/personas/dyn_1_0").status_code == 200
        assert len(fresh.get(f"/conversations/{cid}").json()["messages"]) == 2
        cont = fresh.post("/personas/dyn_1_0/chat", json={"message": "price?", "conversation_id": cid}).json()
        assert len(cont["conversation_history"]) == 4


def test_unexpected_errors_are_500_without_stack_trace(make_app: Callable[..., FastAPI]) -> None:
    def broken(goal: str, **kw: Any) -> Any:
        raise RuntimeError("secret internal detail at /srv/app.py line 3")

    with TestClient(make_app(goal_runner=broken), raise_server_exceptions=False) as c:
        r = c.post("/clusters/generate", json={"goal": GOAL})
    err = assert_error(r, 500, "internal_error")
    assert "secret internal detail" not in r.text and "Traceback" not in r.text
    assert err["details"]["request_id"] == r.headers["x-request-id"]


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in (
        "/health",
        "/clusters/generate",
        "/personas/{cluster_id}",
        "/personas/{persona_id}/chat",
        "/personas/dynamic",
        "/runs/{run_id}",
        "/personas/{persona_id}",
        "/conversations/{conversation_id}",
    ):
        assert p in paths


def test_conversation_keeps_working_when_its_run_is_deleted(client: TestClient, run: dict[str, Any]) -> None:
    cid = client.post("/personas/dyn_1_0/chat", json={"message": "Hi!"}).json()["conversation_id"]
    client.app.state.store.delete_run(run["run_id"])  # type: ignore[attr-defined]
    client.app.state.chat._personas.clear()  # type: ignore[attr-defined]
    r = client.post(
        "/personas/dyn_1_0/chat", json={"message": "What about the price?", "conversation_id": cid}
    )
    assert r.status_code == 200 and r.json()["response"]
    assert client.get(f"/conversations/{cid}").json()["persona_name"]


def test_verify_recomputes_the_stored_run_and_members_download(
    client: TestClient, run: dict[str, Any], small_population: Any
) -> None:
    import io

    import pandas as pd

    body = client.get(f"/runs/{run['run_id']}/verify").json()
    assert body == {"run_id": run["run_id"], "ok": True, "mismatches": []}
    r = client.get(f"/runs/{run['run_id']}/members.parquet")
    assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.apache.parquet"
    members = pd.read_parquet(io.BytesIO(r.content))
    sizes = members["cluster_id"].value_counts().to_dict()
    assert sizes == {c["cluster_id"]: c["cluster_size"] for c in run["clusters"]}
    students = small_population.set_index("user_id").loc[members["user_id"], "occupation"].astype(str)
    assert (students == "Student").all()
    assert_error(client.get("/runs/run_nope/verify"), 404, "run_not_found")
    assert_error(client.get("/runs/run_nope/members.parquet"), 404, "run_not_found")
