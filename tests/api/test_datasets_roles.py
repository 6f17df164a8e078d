"""`/datasets` with a foreign CRM export: roles in the preview (no personal examples), role overrides."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.config import Settings
from tables._crm import PERSONAL, make_crm  # tests/tables (tests/ is on sys.path)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(home=tmp_path / "home", max_body_bytes=2_000_000), llm=None)
    with TestClient(app) as client:
        yield client


def test_upload_preview_and_analyse_with_role_overrides(api: TestClient) -> None:
    frame, _ = make_crm(400)
    body = '"Leads report"\n\n' + frame.to_csv(index=False, sep=";") + '"Gesamt (400)"\n'
    r = api.post("/datasets", files={"file": ("export.csv", body.encode(), "text/csv")})
    assert r.status_code == 201, r.text
    preview = r.json()["preview"]
    cols = {c["name"]: c for c in preview["columns"]}
    assert preview["target"] == "Abschluss" and any("header found" in n for n in preview["repairs"])
    for name in PERSONAL:
        assert cols[name]["personal"] and cols[name]["examples"] == [] and not cols[name]["used_by_default"]
    assert cols["Lead-Status"]["role"] == "leakage" and cols["Jahresumsatz"]["role"] == "currency"

    dataset_id = r.json()["dataset_id"]
    r = api.post(f"/datasets/{dataset_id}/analyze", json={"k": 3, "roles": {"Lead-Inhaber": "category"}})
    assert r.status_code == 201, r.text
    summary = r.json()["summary"]
    assert "Lead-Inhaber" in summary["features"] and summary["roles"]["E-Mail"] == "email"
    personas = str(r.json()["personas"])
    for email in frame["E-Mail"]:
        assert not re.search(re.escape(email), personas)

    r = api.post(f"/datasets/{dataset_id}/analyze", json={"k": 3, "roles": {"Branche": "nonsense"}})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_role"
