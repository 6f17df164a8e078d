"""Health and chat stay responsive while a large segmentation runs (real server, real run_goal)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from support.live_server import LiveServer
from synthpersona.usecases.goals import run_goal


@pytest.mark.slow
def test_health_and_chat_answer_during_a_big_segmentation(make_app: Callable[..., FastAPI]) -> None:
    from synthpersona.population import generate

    big = generate(50_000, random_state=1)
    started = threading.Event()

    def runner(goal: str, **kw: Any) -> Any:
        started.set()
        return run_goal(goal, population=big, **kw)

    app = make_app(goal_runner=runner)
    tiny = {
        "run_id": "run_tiny",
        "goal": "x",
        "request": {},
        "clusters": [{"cluster_id": 1}],
        "meta": {},
        "personas": {
            1: [
                {
                    "persona_id": "dyn_1_0",
                    "persona_name": "Asha — Saver",
                    "personality_traits": {"price_sensitivity": "High"},
                }
            ]
        },
    }
    app.state.store.save_run(tiny)
    with LiveServer(app) as server:
        done: dict[str, float] = {}

        def big_request() -> None:
            with httpx.Client(base_url=server.url, timeout=300) as c:
                r = c.post(
                    "/clusters/generate",
                    json={
                        "goal": "millennials and Gen Z in metros and tier-2 cities",
                        "k_min": 2,
                        "k_max": 8,
                    },
                )
                done["status"] = r.status_code
                done["at"] = time.monotonic()

        t = threading.Thread(target=big_request)
        t.start()
        assert started.wait(60)
        answered: list[float] = []
        with httpx.Client(base_url=server.url, timeout=30) as c:
            for i in range(5):
                assert c.get("/health").json()["status"] == "ok"
                r = c.post(
                    "/personas/dyn_1_0/chat",
                    json={"message": f"What about the price? ({i})", "run_id": "run_tiny"},
                )
                assert r.status_code == 200 and r.json()["response"]
                answered.append(time.monotonic())
        t.join(300)
    assert done.get("status") == 200
    # every health/chat answer came back while the segmentation was still running
    assert max(answered) < done["at"]
