"""Seeds beyond 32 bits are a 422 at the edge, never a 500 (found by the chaos fuzzing, issue 20).

``POST /backtest`` with ``random_state`` 1,436,713,104,316 reached scikit-learn's KMeans,
which accepts seeds up to 2**32 - 1 only, and answered 500 (10,000-request fuzzing run of
session 5, both backends). Every ``random_state`` of the API schema is now bounded, and
the clustering core refuses such a seed with an InputError for library and CLI callers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from synthpersona.errors import InputError
from synthpersona.segmentation import ClusteringParams, cluster

FUZZED = 1_436_713_104_316  # the value the fuzzer sent


@pytest.fixture
def api(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    with TestClient(make_app(llm=None)) as client:
        yield client


def _random_states(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "random_state" and isinstance(value, dict):
                yield path, value
            yield from _random_states(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _random_states(value, f"{path}/{i}")


def test_every_random_state_of_the_api_is_a_32_bit_seed(api: TestClient) -> None:
    found = list(_random_states(api.get("/openapi.json").json()))
    assert len(found) >= 5  # goals, tables, trust, simulations, behaviour...
    unbounded = [p for p, spec in found if "integer" in str(spec) and spec.get("maximum", 2**63) > 2**32 - 1]
    assert unbounded == []


def test_the_fuzzed_seed_is_a_422_naming_the_field(api: TestClient) -> None:
    r = api.post(
        "/backtest", json={"goal": "college students interested in headphones", "random_state": FUZZED}
    )
    assert r.status_code == 422, r.text
    assert "random_state" in r.text


def test_the_clustering_core_refuses_it_with_an_input_error() -> None:
    X = np.random.default_rng(0).normal(size=(60, 3))
    with pytest.raises(InputError, match="random_state must be at most 4,294,967,295"):
        cluster(X, ClusteringParams(k_max=3, random_state=FUZZED))
    assert cluster(X, ClusteringParams(k_max=3, random_state=2**32 - 1)).k >= 2
