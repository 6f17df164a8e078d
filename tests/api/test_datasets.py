"""`/datasets`: upload, preview, analyse, fetch, download every output, delete; errors as JSON."""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.config import Settings
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def api(home: Path) -> Iterator[TestClient]:
    app = create_app(Settings(home=home, max_body_bytes=2_000_000), llm=None)
    with TestClient(app) as client:
        yield client


def _csv(n: int = 600, seed: int = 0) -> bytes:
    return make_leads(n, seed=seed, messy=True).to_csv(index=False).encode("utf-8")


def _upload(api: TestClient, data: bytes, name: str = "leads.csv") -> dict:
    r = api.post("/datasets", files={"file": (name, data, "text/csv")})
    assert r.status_code == 201, r.text
    return r.json()


def _error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert set(body) == {"code", "message", "details"}
    if code:
        assert body["code"] == code
    return body


def test_upload_analyse_download_delete(api: TestClient, home: Path) -> None:
    ds = _upload(api, _csv())
    dataset_id = ds["dataset_id"]
    assert ds["preview"]["n_rows"] == 600
    kinds = {c["name"]: c["kind"] for c in ds["preview"]["columns"]}
    assert kinds["is_sale"] == "target" and kinds["Job Title"] == "title"
    folder = home / "datasets" / dataset_id
    assert (folder / "source.csv").read_bytes() == _csv()  # the upload stays on disk, byte for byte

    r = api.post(f"/datasets/{dataset_id}/analyze", json={"k": 3, "exclude": ["_segment"], "random_state": 1})
    assert r.status_code == 201, r.text
    an = r.json()
    assert an["summary"]["k"] == 3 and len(an["personas"]) == 3
    assert "path" not in an["summary"]["source"]  # server paths are not leaked
    assert sum(p["cluster_size"] for p in an["personas"]) == 600

    again = api.get(f"/datasets/{dataset_id}/analyses/{an['analysis_id']}")
    assert again.status_code == 200 and again.json() == an
    assert api.get(f"/datasets/{dataset_id}").json()["analyses"] == [an["analysis_id"]]

    files = {}
    for name, url in an["downloads"].items():
        resp = api.get(url)
        assert resp.status_code == 200, (name, resp.text)
        files[name] = resp
    assert json.loads(files["personas.json"].content)[0]["persona_name"] == an["personas"][0]["persona_name"]
    clustered = pd.read_csv(io.BytesIO(files["clustered.csv"].content), dtype=str)
    assert len(clustered) == 600 and clustered.columns[-1] == "Cluster"
    assert struct.unpack(">II", files["dashboard.png"].content[16:24]) == (1400, 1000)
    assert struct.unpack(">II", files["pca.png"].content[16:24]) == (1000, 700)
    assert files["report.html"].headers["content-type"].startswith("text/html")

    r = api.delete(f"/datasets/{dataset_id}")
    assert r.status_code == 200 and r.json()["analyses_deleted"] == 1
    assert not folder.exists()
    _error(api.get(f"/datasets/{dataset_id}"), 404)
    _error(api.get(an["downloads"]["personas.json"]), 404)


def test_auto_k_with_defaults(api: TestClient) -> None:
    ds = _upload(api, _csv(800, seed=2))
    r = api.post(f"/datasets/{ds['dataset_id']}/analyze", json={"k": "auto", "exclude": ["_segment"]})
    assert r.status_code == 201, r.text
    assert r.json()["summary"]["k"] >= 2
    r = api.post(f"/datasets/{ds['dataset_id']}/analyze")  # no body: k=4 defaults
    assert r.status_code == 201 and r.json()["summary"]["k"] == 4


def test_bad_uploads_are_422_and_leave_nothing(api: TestClient, home: Path) -> None:
    body = _error(api.post("/datasets", files={"file": ("empty.csv", b"", "text/csv")}), 422, "empty_file")
    assert "empty" in body["message"]
    _error(
        api.post("/datasets", files={"file": ("x.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/csv")}),
        422,
        "not_a_table",
    )
    assert not any((home / "datasets").iterdir())
    assert api.get("/datasets").json() == []


def test_upload_over_the_limit_is_413(api: TestClient, home: Path) -> None:
    big = b"a,b\n" + b"x,y\n" * 600_000
    body = _error(api.post("/datasets", files={"file": ("big.csv", big, "text/csv")}), 413)
    assert "limit" in body["message"]
    assert not (home / "datasets").exists() or not any((home / "datasets").iterdir())


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"k": 1}, 422, "invalid_input"),
        ({"target": "Industry"}, 422, "target_not_flag"),
        ({"features": ["Job Titel"]}, 422, "missing_column"),
        ({"algorithm": "kmean"}, 422, "invalid_input"),
        ({"k": "many"}, 422, None),
        ({"colour": "red"}, 422, None),
    ],
)
def test_bad_analysis_parameters(api: TestClient, payload: dict, status: int, code: str | None) -> None:
    ds = _upload(api, _csv(300, seed=3))
    body = _error(api.post(f"/datasets/{ds['dataset_id']}/analyze", json=payload), status, code)
    assert body["message"]


def test_unknown_ids_and_files_are_404(api: TestClient) -> None:
    _error(api.get("/datasets/../../etc"), 404)
    _error(api.get("/datasets/0123456789abcdef0123456789abcdef"), 404, "dataset_not_found")
    _error(api.post("/datasets/0123456789abcdef0123456789abcdef/analyze", json={}), 404)
    _error(api.delete("/datasets/nope"), 404)
    ds = _upload(api, _csv(300))
    an = api.post(f"/datasets/{ds['dataset_id']}/analyze", json={"k": 2}).json()
    body = _error(
        api.get(f"/datasets/{ds['dataset_id']}/analyses/{an['analysis_id']}/personas.jsn"),
        404,
        "output_not_found",
    )
    assert "personas.json" in body["message"]
    _error(api.get(f"/datasets/{ds['dataset_id']}/analyses/0123456789abcdef0123456789abcdef"), 404)


def test_by_path_reads_the_stored_file_in_place_through_the_engine(api: TestClient) -> None:
    # uploads stop at SYNTHPERSONA_MAX_BODY_BYTES, below the by-path size threshold: the field asks for it
    dataset_id = _upload(api, _csv())["dataset_id"]
    body = {"k": 3, "exclude": ["_segment"], "random_state": 1}
    in_place = api.post(f"/datasets/{dataset_id}/analyze", json={**body, "by_path": True})
    assert in_place.status_code == 201, in_place.text
    an = in_place.json()
    assert an["summary"]["engine"] == "duckdb" and an["params"]["by_path"] is True
    assert sum(p["cluster_size"] for p in an["personas"]) == 600
    in_memory = api.post(f"/datasets/{dataset_id}/analyze", json=body).json()
    assert in_memory["summary"]["engine"] is None
    _error(api.post(f"/datasets/{dataset_id}/analyze", json={**body, "by_path": "sometimes"}), 422)
