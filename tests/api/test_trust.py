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


def test_privacy_of_an_uploaded_table(client: TestClient) -> None:
    df = planted_table(900, random_state=6).drop(columns=["_segment"])
    df["Email"] = [f"p{i}@corp.example" for i in range(len(df))]
    ds = client.post(
        "/datasets", files={"file": ("t.csv", df.to_csv(index=False).encode(), "text/csv")}
    ).json()
    r = client.post("/privacy", json={"dataset_id": ds["dataset_id"], "k_anonymity": 5, "epsilon": 2.0})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] and all(p["matches"] >= 5 for p in body["personas"])
    assert "Email" in body["protected_columns"] and "@corp.example" not in r.text
    assert body["epsilon_per_histogram"] < 2.0 and len(body["protected_personas"]) == len(body["personas"])
    assert client.post("/privacy", json={"dataset_id": ds["dataset_id"], "k_anonymity": 1}).status_code == 422


def test_diff_of_uploaded_versions(client: TestClient) -> None:
    ids = []
    for seed in (30, 31):
        data = planted_table(1_200, random_state=seed).drop(columns=["_segment"]).to_csv(index=False).encode()
        ids.append(
            client.post("/datasets", files={"file": (f"v{seed}.csv", data, "text/csv")}).json()["dataset_id"]
        )
    r = client.post("/diff", json={"dataset_ids": ids, "k": 4})
    assert r.status_code == 200, r.text
    (d,) = r.json()["diffs"]
    assert d["old"] == ids[0] and d["new"] == ids[1] and len(d["matches"]) == 4 and d["new_segments"] == []
    assert client.post("/diff", json={"dataset_ids": ids[:1]}).status_code == 422


def test_representation_of_an_uploaded_table(client: TestClient) -> None:
    data = planted_table(900, random_state=9).drop(columns=["_segment"]).to_csv(index=False).encode()
    ds = client.post("/datasets", files={"file": ("t.csv", data, "text/csv")}).json()
    r = client.post("/representation", json={"dataset_id": ds["dataset_id"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["dimensions"] == ["Gender", "Age_range", "Region"]
    assert abs(sum(g["reference_share"] for g in body["groups"] if g["dimension"] == "Gender") - 1) < 1e-9
    assert client.post("/representation", json={}).status_code == 422


def test_backtest_a_clickstream(client: TestClient) -> None:
    from synthpersona.simulation import make_sample_events

    r = client.post("/backtest", json={"events": "sample", "random_state": 1})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["workflow"] == "clickstream" and body["n_build"] + body["n_held_out"] == 450
    assert {c["statistic"] for c in body["claim_checks"]} == {"segment_share", "rate"}
    assert 0.8 < body["agreement"]["transition_agreement"] <= 1.0
    log = make_sample_events(n_users=200, random_state=2).to_csv(index=False).encode()
    ds = client.post("/datasets", files={"file": ("events.csv", log, "text/csv")}).json()
    r = client.post("/backtest", json={"events": ds["dataset_id"], "k": 3})
    assert r.status_code == 200, r.text
    assert r.json()["n_build"] + r.json()["n_held_out"] == 200
    assert len([c for c in r.json()["claim_checks"] if c["statistic"] == "segment_share"]) == 3
    assert client.post("/backtest", json={"events": "nope"}).status_code == 404
    both = client.post("/backtest", json={"events": "sample", "goal": "students"})
    assert both.status_code == 422 and "'events'" in both.text


def test_backtest_of_a_table_as_events_is_a_4xx(client: TestClient) -> None:
    data = planted_table(300, random_state=5).drop(columns=["_segment"]).to_csv(index=False).encode()
    ds = client.post("/datasets", files={"file": ("leads.csv", data, "text/csv")}).json()
    r = client.post("/backtest", json={"events": ds["dataset_id"]})
    assert r.status_code == 422 and "user_id" in r.text, r.text


def test_privacy_of_a_goal_run(client: TestClient) -> None:
    r = client.post("/privacy", json={"goal": "college students interested in headphones", "k_anonymity": 5})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] and body["personas"] and all(p["matches"] >= 5 for p in body["personas"])
    assert "anchor_user_id" not in r.text and len(body["protected_personas"]) == len(body["personas"])
    assert client.post("/privacy", json={"goal": "students", "dataset_id": "x"}).status_code == 422
    assert client.post("/privacy", json={"goal": "students", "epsilon": 1.0}).status_code == 422


def test_privacy_of_an_event_log(client: TestClient) -> None:
    from synthpersona.usecases.trust import privacy_events

    r = client.post("/privacy", json={"events_dataset_id": "sample"})
    assert r.status_code == 200, r.text
    body = r.json()
    report, shown = privacy_events()  # the bundled sample: the CLI's and the simulation's check
    assert body["ok"] and body["small_cells"] == report.summary()["small_cells"]
    assert all(c["count"] < 5 for c in body["small_cells"]) and body["protected_personas"] == shown
    assert client.post("/privacy", json={"events_dataset_id": "nope"}).status_code == 404
    assert client.post("/privacy", json={"events_dataset_id": "sample", "epsilon": 1.0}).status_code == 422


def test_diff_of_goal_runs(client: TestClient) -> None:
    ids = [
        client.post(
            "/clusters/generate", json={"goal": "college students interested in headphones", "k_max": k}
        ).json()["run_id"]
        for k in (4, 5)
    ]
    r = client.post("/diff", json={"run_ids": ids})
    assert r.status_code == 200, r.text
    (d,) = r.json()["diffs"]
    assert (d["old"], d["new"]) == tuple(ids) and d["matches"]
    history = r.json()["history"]
    assert {h["version"] for h in history} == {0, 1} and all(
        h["persona_id"].startswith("dyn_") for h in history
    )
    assert client.post("/diff", json={"run_ids": ids, "dataset_ids": ["a", "b"]}).status_code == 422
    assert client.post("/diff", json={"run_ids": [ids[0], "run_nope"]}).status_code == 404


def test_diff_and_representation_of_event_logs(client: TestClient) -> None:
    from synthpersona.simulation import make_sample_events

    log = make_sample_events(n_users=300, random_state=7).to_csv(index=False).encode()
    ds = client.post("/datasets", files={"file": ("nov.csv", log, "text/csv")}).json()
    r = client.post("/diff", json={"events_dataset_ids": ["sample", ds["dataset_id"]], "k": 4})
    assert r.status_code == 200, r.text
    (d,) = r.json()["diffs"]
    assert (d["old"], d["new"]) == ("sample", ds["dataset_id"]) and len(d["matches"]) == 4
    assert set(d["persona_ids"].values()) == {f"behaviour-{i}" for i in range(4)}
    rep = client.post("/representation", json={"events_dataset_id": ds["dataset_id"], "k": 4})
    assert rep.status_code == 200, rep.text
    assert rep.json()["dimensions"] == ["device", "channel", "activity"]
    both = client.post("/diff", json={"events_dataset_ids": ["sample", "sample"], "run_ids": ["a", "b"]})
    assert both.status_code == 422 and "events_dataset_ids" in both.text
    assert client.post("/representation", json={"events_dataset_id": "nope"}).status_code == 404
