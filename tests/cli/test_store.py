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


def test_store_add_key_prints_the_key_once_and_keeps_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from synthpersona.usecases.tenants import hash_key, load_keys

    path = tmp_path / "keys.txt"
    assert run(["store", "add-key", "acme", "--read-only", "--file", str(path)]) == 0
    key = capsys.readouterr().out.strip()
    assert len(key) >= 40 and key not in path.read_text()
    tenant = load_keys(path)[hash_key(key)]
    assert (tenant.name, tenant.read_only) == ("acme", True)
    assert run(["store", "add-key", "bad name", "--file", str(path)]) == 2
    assert "Tenant name 'bad name'" in capsys.readouterr().err
