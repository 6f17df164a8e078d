"""The datasets use case owns uploads, analysis records, outputs and their deletion (one layout)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from synthpersona.config import Settings
from synthpersona.errors import DataError, NotFoundError
from synthpersona.store import Store
from synthpersona.usecases.datasets import Datasets
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


@pytest.fixture
def datasets(tmp_path: Path) -> Datasets:
    return Datasets(Settings(home=tmp_path / "home"), Store("sqlite://"))


def _csv(n: int = 300) -> bytes:
    return make_leads(n, seed=1, messy=True).to_csv(index=False).encode("utf-8")


def test_lifecycle_upload_analyze_download_delete(datasets: Datasets) -> None:
    doc = datasets.add(io.BytesIO(_csv()), "leads.csv", name="My leads")
    did = doc["dataset_id"]
    assert datasets.path(did) == datasets.root / did / "source.csv"
    assert doc["filename"] == "My leads" and doc["preview"]["n_rows"] == 300
    rec = datasets.analyze(did, k=3, random_state=0)
    assert datasets.get(did)["analyses"] == [rec["analysis_id"]]
    assert [d["dataset_id"] for d in datasets.list_all()] == [did]
    # the record counts every row once and keeps server paths out
    assert sum(p["cluster_size"] for p in rec["personas"]) == 300
    assert "path" not in rec["summary"].get("source", {}) and "outputs" not in rec["summary"]
    personas = json.loads(datasets.output(did, rec["analysis_id"], "personas.json").read_text())
    assert len(personas) == 3
    with pytest.raises(NotFoundError, match=r"Did you mean .report\.html."):
        datasets.output(did, rec["analysis_id"], "report.htm")
    assert datasets.delete(did) == {
        "deleted": did,
        "analyses_deleted": 1,
        "jobs_cancelled": 0,
        "behaviour_results_deleted": 0,
    }
    assert not (datasets.root / did).exists() and datasets.list_all() == []
    with pytest.raises(NotFoundError):
        datasets.analysis(did, rec["analysis_id"])


def test_a_bad_upload_leaves_nothing_behind(datasets: Datasets) -> None:
    with pytest.raises(DataError):
        datasets.add(io.BytesIO(b""), "empty.csv")
    assert not any(datasets.root.iterdir()) and datasets.list_all() == []


def test_an_analysis_of_another_dataset_is_not_found(datasets: Datasets) -> None:
    a = datasets.add(io.BytesIO(_csv(200)), "a.csv")["dataset_id"]
    b = datasets.add(io.BytesIO(_csv(200)), "b.tsv.gz")["dataset_id"]
    assert datasets.path(b).name == "source.csv"  # unknown suffixes are read as CSV
    rec = datasets.analyze(a, k=2)
    with pytest.raises(NotFoundError, match="has no analysis"):
        datasets.analysis(b, rec["analysis_id"])
    with pytest.raises(NotFoundError):
        datasets.get("not-an-id")


def test_ui_uploads_are_content_addressed_in_the_same_layout(tmp_path: Path) -> None:
    files = Datasets(Settings(home=tmp_path))  # the web UI has no store
    first = files.save_bytes("leads.parquet", b"data")
    assert first == files.save_bytes("renamed.parquet", b"data")  # same content, same file
    assert first.name == "source.parquet" and first.parent.parent == files.root
    assert first.parent.name.startswith("ui-")
    assert files.save_bytes("leads.parquet", b"other") != first
    assert files.analysis_dir(first.parent.name, "x") == first.parent / "analyses" / "x"


def test_the_startup_sweep_removes_orphans_but_not_ui_uploads(datasets: Datasets) -> None:
    kept = datasets.add(io.BytesIO(_csv(100)), "a.csv")["dataset_id"]
    ui_upload = datasets.save_bytes("b.csv", _csv(100))
    orphan = datasets.root / ("0" * 32)
    orphan.mkdir()
    (orphan / "source.csv").write_bytes(b"a,b\n1,2\n")
    assert datasets.sweep_orphans(min_age_s=0) == [orphan.name]
    assert datasets.path(kept).is_file() and ui_upload.is_file() and not orphan.exists()


def test_a_web_ui_analysis_is_not_an_orphan(datasets: Datasets) -> None:
    """The UI keeps its leads analyses in the dataset's analyses folder under records of its own
    (``UI_ANALYSIS_KIND``): the check must not take their outputs for leftovers."""
    from synthpersona.usecases.datasets import UI_ANALYSIS_KIND

    did = datasets.add(io.BytesIO(_csv(100)), "a.csv")["dataset_id"]
    for name in ("ui0", "gone"):
        folder = datasets.analysis_dir(did, name)
        folder.mkdir(parents=True)
        (folder / "personas.json").write_text("[]")
    datasets.store.put_document(UI_ANALYSIS_KIND, "ui0", {"analysis_id": "ui0", "dataset_id": did})
    found = datasets.check(repair=True, min_age_s=0)
    assert found["analysis_folders"] == [f"{did}/analyses/gone"]
    assert datasets.analysis_dir(did, "ui0").is_dir() and not datasets.analysis_dir(did, "gone").exists()
