"""``synthpersona store check [--repair]``: report orphans (exit 1), remove them, then report none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from synthpersona.cli._app import run
from synthpersona.store import Store


def test_store_check_reports_repairs_and_then_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("SYNTHPERSONA_HOME", str(tmp_path))
    monkeypatch.delenv("SYNTHPERSONA_DATABASE_URL", raising=False)
    store = Store(f"sqlite:///{tmp_path / 'synthpersona.db'}")
    store.put_document("dataset_analysis", "a" * 32, {"analysis_id": "a" * 32, "dataset_id": "b" * 32})
    store.close()
    orphan = tmp_path / "datasets" / ("c" * 32)  # a dataset folder whose record never came
    orphan.mkdir(parents=True)
    (orphan / "source.csv").write_text("a\n1\n")

    assert run(["store", "check", "--min-age", "0"]) == 1
    out = capsys.readouterr().out
    assert "analysis records of deleted datasets" in out and "c" * 32 in out and "--repair" in out
    assert run(["store", "check", "--min-age", "0", "--repair", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["found"]["dataset_folders"] == ["c" * 32] and report["repaired"] is True
    assert not orphan.exists()
    assert run(["store", "check", "--min-age", "0"]) == 0
    assert "consistent" in capsys.readouterr().out
