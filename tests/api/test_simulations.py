"""``/simulations`` on the real app: JSON or multipart requests, report links and downloads, errors."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pptx import Presentation

from synthpersona.api import create_app
from synthpersona.config import Settings

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_events.csv"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def api(home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(home=home), llm=None)) as client:
        yield client


def _error(r) -> dict:
    body = r.json()
    assert set(body) == {"error"} and {"code", "message", "details"} <= set(body["error"])
    return body["error"]


def test_sample_simulation_round_trip(api: TestClient, home: Path) -> None:
    r = api.post(
        "/simulations",
        json={
            "dataset_id": "sample",
            "n_personas": 400,
            "random_state": 1,
            "modification": {"additional_steps": 2, "friction_factor": 0.1},
        },
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    sim_id = doc["simulation_id"]
    assert doc["experiment"]["n_per_arm"] == 400 and doc["status"] == "done"
    assert doc["experiment"]["modification"]["additional_steps"] == 2
    assert doc["links"]["report"].endswith(f"/simulations/{sim_id}/files/index.html")
    assert {"deck.pptx", "index.html", "funnel.png", "sankey.html", "plotly.min.js"} <= set(
        doc["links"]["files"]
    )
    assert (home / "simulations" / sim_id / "reports" / "deck.pptx").is_file()
    # customer data: the personas were privacy-checked by default (k = 5), and the report says so
    assert doc["privacy"]["k"] == 5 and doc["privacy"]["ok"]
    assert all(p["matches"] >= 5 for p in doc["privacy"]["personas"])

    got = api.get(f"/simulations/{sim_id}")
    assert got.status_code == 200 and got.json()["personas"] == doc["personas"]
    page = api.get(f"/simulations/{sim_id}/files/index.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Behavioural personas" in page.text
    deck = api.get(doc["links"]["files"]["deck.pptx"])
    assert deck.status_code == 200 and len(Presentation(io.BytesIO(deck.content)).slides) >= 6
    png = api.get(f"/simulations/{sim_id}/files/funnel.png")
    assert png.content[:4] == b"\x89PNG"
    listed = api.get("/simulations").json()
    assert [s["simulation_id"] for s in listed] == [sim_id] and listed[0]["control_rate"] is not None


def test_multipart_upload_with_form_fields(api: TestClient) -> None:
    with SAMPLE.open("rb") as fh:
        r = api.post(
            "/simulations",
            files={"events": ("clicks.csv", fh, "text/csv")},
            data={
                "n_personas": "300",
                "funnel": "landing,signup_start,signup_complete",
                "modification": "remove_steps=form_error",
                "run_validation": "false",
                "deck": "false",
            },
        )
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["request"]["dataset_id"] == "upload" and doc["validation"] is None
    assert doc["ingest"]["source"] == "upload"  # no server path in responses
    assert doc["experiment"]["modification"]["remove_steps"] == ["form_error"]
    assert "deck.pptx" not in doc["files"]


def test_uploaded_dataset_can_be_simulated(api: TestClient) -> None:
    with SAMPLE.open("rb") as fh:
        up = api.post("/datasets", files={"file": ("events.csv", fh, "text/csv")})
    assert up.status_code == 201, up.text
    r = api.post(
        "/simulations",
        json={
            "dataset_id": up.json()["dataset_id"],
            "n_personas": 200,
            "run_validation": False,
            "deck": False,
            "compare_to_dataset_id": "sample",
        },
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["ingest"]["n_events"] == sum(1 for _ in SAMPLE.open()) - 1
    assert doc["engine"] is None  # an upload is read into memory (a file registered by path: the engine)
    # the same log as the earlier one: every persona persists with its id and share (issue 21)
    drift = doc["drift"]
    assert not drift["new_segments"] and not drift["vanished_segments"]
    assert all(new == old for new, old in drift["persona_ids"].items())
    assert all(m["share_change"] == 0 and m["overlap"] == 1 for m in drift["matches"])
    assert doc["representation"]["dimensions"] == ["device", "channel", "activity"]
    page = api.get(f"/simulations/{doc['simulation_id']}/files/index.html").text
    assert "Versions and drift" in page and "<h2>Representation</h2>" in page


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"modification": "extra_clicks=2"}, 422, "invalid_modification"),
        ({"dataset_id": "nope"}, 404, "dataset_not_found"),
        ({"n_personas": 0}, 422, "invalid_input"),
        ({"funnel": ["landing", "signup_strat"]}, 422, "invalid_input"),
        ({"unknown_field": 1}, 422, "invalid_input"),
        ({"k_anonymity": 1}, 422, "invalid_input"),
        ({"compare_to_dataset_id": "nope"}, 404, "dataset_not_found"),
    ],
)
def test_bad_requests_are_4xx_with_a_json_error(
    api: TestClient, home: Path, body: dict, status: int, code: str
) -> None:
    r = api.post("/simulations", json=body)
    assert r.status_code == status, r.text
    err = _error(r)
    assert err["code"] == code and err["message"]
    # Nothing half-written stays on disk.
    assert not list((home / "simulations").glob("*/*"))


def test_bad_uploads(api: TestClient) -> None:
    r = api.post("/simulations", files={"events": ("x.csv", b"a,b\n1,2\n", "text/csv")})
    assert r.status_code == 422 and _error(r)["code"] == "missing_columns"
    r = api.post("/simulations", files={"events": ("x.exe", b"MZ", "application/octet-stream")})
    assert r.status_code == 422 and "supported" in _error(r)["message"]
    r = api.post("/simulations", files={"other": ("x.csv", b"a\n1\n", "text/csv")})
    assert r.status_code == 422 and "events" in _error(r)["message"]
    r = api.post("/simulations", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_unknown_simulation_and_files(api: TestClient) -> None:
    assert api.get("/simulations/0123456789ab").status_code == 404
    assert api.get("/simulations/not-an-id").status_code == 422
    r = api.post("/simulations", json={"n_personas": 100, "run_validation": False, "deck": False})
    sim_id = r.json()["simulation_id"]
    for name in ("nothing.png", "..%2F..%2Fsynthpersona.db", "summary.json.bak"):
        assert api.get(f"/simulations/{sim_id}/files/{name}").status_code == 404
    assert api.delete(f"/simulations/{sim_id}").status_code == 204
    assert api.get(f"/simulations/{sim_id}").status_code == 404


def test_goal_names_the_conversion_event(api: TestClient) -> None:
    body = {"dataset_id": "sample", "n_personas": 200, "run_validation": False, "deck": False}
    r = api.post("/simulations", json={**body, "goal": "signup_start"})
    assert r.status_code == 201, r.text
    assert r.json()["completion_events"] == ["signup_start"]
    bad = api.post("/simulations", json={**body, "goal": "sign_up_start"})
    assert bad.status_code == 422 and "signup_start" in bad.text  # did you mean, not a 5xx
