"""`POST /datasets/by-path`: a server file registered as a dataset, read in place, never copied."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.config import Settings
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


@pytest.fixture
def allowed(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    make_leads(600, seed=0, messy=True).to_parquet(folder / "leads.parquet", index=False)
    return folder


def _client(tmp_path: Path, dirs: list[Path]) -> TestClient:
    return TestClient(create_app(Settings(home=tmp_path / "home", dataset_dirs=dirs), llm=None))


def _error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["code"] == code, body
    return body


def test_off_by_default_and_the_refusal_names_the_setting(tmp_path: Path, allowed: Path) -> None:
    with _client(tmp_path, []) as api:
        body = _error(
            api.post("/datasets/by-path", json={"path": str(allowed / "leads.parquet")}),
            422,
            "dataset_dirs_unset",
        )
    assert "SYNTHPERSONA_DATASET_DIRS" in body["message"]


def test_a_registered_file_is_analysed_in_place_and_never_copied(tmp_path: Path, allowed: Path) -> None:
    source = allowed / "leads.parquet"
    before = source.read_bytes()
    with _client(tmp_path, [allowed]) as api:
        r = api.post(
            "/datasets/by-path", json={"path": str(allowed / "sub" / ".." / "leads.parquet"), "name": "Leads"}
        )
        assert r.status_code == 201, r.text
        ds = r.json()
        assert ds["source_path"] == str(source.resolve()) and ds["filename"] == "Leads"
        assert ds["preview"]["n_rows"] == 600 and ds["size_bytes"] == len(before)
        folder = tmp_path / "home" / "datasets" / ds["dataset_id"]
        assert not [p for p in folder.rglob("*") if p.is_file()]  # nothing copied into the store
        body = {"k": 3, "exclude": ["_segment"], "random_state": 1, "by_path": True}
        an = api.post(f"/datasets/{ds['dataset_id']}/analyze", json=body)
        assert an.status_code == 201, an.text
        assert an.json()["summary"]["engine"] == "duckdb"
        assert sum(p["cluster_size"] for p in an.json()["personas"]) == 600
        assert api.delete(f"/datasets/{ds['dataset_id']}").status_code == 200
    assert source.read_bytes() == before  # deleting the dataset never touches the file


def test_paths_out_of_the_folders_are_refused(tmp_path: Path, allowed: Path) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    secret = outside / "secret.csv"
    secret.write_text("a,b\n1,2\n")
    (allowed / "link.csv").symlink_to(secret)
    (allowed / "notes.xlsx").write_text("x")  # a workbook is read in memory only
    with _client(tmp_path, [allowed]) as api:
        for path in (
            str(secret),
            str(allowed / ".." / "private" / "secret.csv"),
            str(allowed / "link.csv"),
            "leads.parquet",
        ):
            body = _error(api.post("/datasets/by-path", json={"path": path}), 422, "path_not_allowed")
            assert "SYNTHPERSONA_DATASET_DIRS" in body["message"]
        _error(
            api.post("/datasets/by-path", json={"path": str(allowed / "notes.xlsx")}), 422, "format_in_place"
        )
        _error(api.post("/datasets/by-path", json={"path": str(allowed / "gone.csv")}), 404, "file_not_found")
        _error(
            api.post("/datasets/by-path", json={"path": str(allowed), "mode": "copy"}), 422, "invalid_input"
        )
        assert api.get("/datasets").json() == []
