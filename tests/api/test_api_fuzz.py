"""Property-based fuzzing of the OpenAPI schema: no 5xx, responses match the documented schema.

The app runs the real goal runner on a small generated population; a stored run gives
the GET endpoints something to find.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from synthpersona.api import create_app
from synthpersona.config import Settings
from synthpersona.population import generate
from synthpersona.usecases.goals import run_goal

# Our own endpoints only; other areas fuzz theirs.
OURS = r"^/(health|clusters|personas|runs|conversations|jobs|behaviour/results)"


def _app() -> Any:
    home = Path(tempfile.mkdtemp(prefix="sp_fuzz_"))
    runner = functools.partial(run_goal, population=generate(1_500, random_state=0))
    runner("college students interested in headphones", k_max=3)  # warm up models and caches once
    app = create_app(Settings(home=home, population_size=1_500), goal_runner=runner)
    persona = {
        "persona_id": "dyn_1_0",
        "persona_name": "Asha — Saver",
        "cluster_id": 1,
        "personality_traits": {"price_sensitivity": "High"},
        "chat_personality": "You are Asha.",
    }
    app.state.store.save_run(
        {
            "run_id": "run_seed",
            "goal": "students",
            "request": {"k_min": 2},
            "meta": {"k": 1, "subset_n": 5},
            "clusters": [
                {
                    "cluster_id": 1,
                    "cluster_label": "C1",
                    "cluster_size": 5,
                    "cluster_size_pct": 100.0,
                    "personas_count": 1,
                }
            ],
            "personas": {1: [persona]},
        }
    )
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", _app()).include(path_regex=OURS)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_schema_conformance(case: Any) -> None:
    case.call_and_validate(
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance], timeout=120
    )
