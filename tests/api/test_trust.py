"""Trust endpoints with the real app: back-test an uploaded table."""

from __future__ import annotations

from fastapi.testclient import TestClient

from synthpersona.trust import planted_table


def test_backtest_an_uploaded_table(client: TestClient) -> None:
    data = planted_table(1_500, random_state=5).drop(columns=["_segment"]).to_csv(index=False).encode()
    ds = client.post("/datasets", files={"file": ("leads.csv", data, "text/csv")}).json()
    r = client.post("/backtest", json={"dataset_id": ds["dataset_id"], "test_fraction": 0.3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["workflow"] == "table" and body["split"] == "time:Signup Date"
    assert body["calibration"] >= 0.9 and body["ranking"]["spearman"] == 1.0
    inside = [c for c in body["claim_checks"] if c["inside"]]
    assert all(c["interval"][0] <= c["held_out"] <= c["interval"][1] for c in inside)


def test_backtest_bad_requests_are_4xx(client: TestClient) -> None:
    r = client.post("/backtest", json={})
    assert r.status_code == 422 and "exactly one of 'goal' or 'dataset_id'" in r.text
    assert client.post("/backtest", json={"dataset_id": "nope"}).status_code in (404, 422)
    assert client.post("/backtest", json={"goal": "x", "test_fraction": 0.9}).status_code == 422
