"""``/behaviour/{view}`` on the real app: sample, upload, HTML, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.config import Settings


@pytest.fixture
def api(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(home=tmp_path / "home"), llm=None)) as client:
        yield client


def test_step_matrix_of_converters_minus_the_rest_on_the_sample(api: TestClient) -> None:
    r = api.post("/behaviour/steps", json={"dataset_id": "sample", "group_by": "converted", "max_steps": 4})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["params"]["groups"] == ["converted", "not converted"] and body["source"] == "sample"
    columns = list(zip(*body["data"]["shares"], strict=True))
    assert all(abs(sum(col)) < 1e-9 for col in columns)  # a difference of two matrices whose columns sum to 1


def test_step_sankey_per_arm_of_a_logged_variant(api: TestClient) -> None:
    r = api.post(
        "/behaviour/sankey", json={"group_by": "channel", "groups": ["ads", "email"], "max_steps": 3}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["params"]["groups"] == ["ads", "email"]
    seen = [row["group"] for row in body["data"]]
    assert seen[0] == "ads" and set(seen) == {"ads", "email"}
    for arm in ("ads", "email"):
        shares = [row["share"] for row in body["data"] if row["group"] == arm and row["step"] == 1]
        assert abs(sum(shares) - 1) < 1e-9  # each arm's own shares
    page = api.post("/behaviour/sankey", json={"group_by": "channel", "format": "html"})
    assert page.status_code == 200 and "sankey" in page.text.lower()


def test_an_uploaded_log_with_a_pipeline(api: TestClient) -> None:
    log = pd.DataFrame(
        {
            "user_id": ["a", "a", "a", "b", "b"],
            "event": ["home", "home", "buy", "home", "leave"],
            "timestamp": pd.date_range("2024-01-01", periods=5, freq="min").astype(str),
        }
    )
    files = {"events": ("log.csv", log.to_csv(index=False).encode(), "text/csv")}
    data = {"pipeline": json.dumps([{"kind": "collapse_repeats"}])}
    r = api.post("/behaviour/graph", files=files, data=data)
    assert r.status_code == 200, r.text
    edges = {(e["source"], e["target"]): e["count"] for e in r.json()["data"]}
    assert edges == {("home", "buy"): 1, ("home", "leave"): 1}
    assert r.json()["source"] == "upload" and r.json()["n_events"] == 4


def test_an_uploaded_log_answers_from_which_step_converters_and_drop_outs_part(api: TestClient) -> None:
    rows = []
    for i in range(80):  # everyone: home, product; then converters buy, the others leave
        converts = i % 2 == 0
        for s, event in enumerate(["home", "product", "buy" if converts else "leave"]):
            rows.append((f"u{i}", event, pd.Timestamp("2024-01-01") + pd.Timedelta(minutes=i, seconds=s)))
    log = pd.DataFrame(rows, columns=["user_id", "event", "timestamp"])
    files = {"events": ("log.csv", log.to_csv(index=False).encode(), "text/csv")}
    r = api.post("/behaviour/compare", files=files, data={"group_by": "converted", "target": "buy"})
    assert r.status_code == 200, r.text
    params = r.json()["params"]
    assert params["first_step"] == 3
    assert params["answer"].startswith("converted and not converted first move differently at step 3: ")


def test_html_format_is_an_interactive_page(api: TestClient) -> None:
    r = api.post("/behaviour/retention", json={"period": "week", "format": "html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Plotly.newPlot" in r.text


def test_bad_requests_are_4xx_with_the_way_out(api: TestClient) -> None:
    r = api.post("/behaviour/graf", json={})
    assert r.status_code == 422 and "graph" in r.json()["error"]["message"]
    r = api.post("/behaviour/compare", json={"group_by": "devise"})
    assert r.status_code == 422 and "Did you mean 'device'" in r.json()["error"]["message"]
    r = api.post("/behaviour/graph", json={"dataset_id": "nope"})
    assert r.status_code == 404
    r = api.post("/behaviour/graph", json={"period": "year"})
    assert r.status_code == 422
