"""analyze_file reads a large CSV/Parquet file in place through the engine (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthpersona.errors import InputError
from synthpersona.usecases.tables import analyze_file
from synthpersona.views import seed003
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


@pytest.fixture(scope="module")
def leads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("by_path") / "leads.csv"
    make_leads(600, seed=5).drop(columns=["_segment"]).to_csv(path, index=False)
    return path


def test_by_path_gives_the_in_memory_personas_and_privacy(leads: Path) -> None:
    in_place = analyze_file(leads, k=3, by_path=True, engine="duckdb")
    memory = analyze_file(leads, k=3, by_path=False)
    assert in_place.engine == "duckdb"
    assert seed003.personas(in_place.segments, in_place.personas) == seed003.personas(
        memory.segments, memory.personas
    )
    assert in_place.privacy == memory.privacy and in_place.privacy is not None


def test_by_path_is_chosen_above_the_size_setting_and_refused_for_excel(
    leads: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from synthpersona.usecases.tables import reads_in_place

    assert not reads_in_place(leads, None, None)  # a small file: in memory
    big = tmp_path / "big.csv"
    big.write_bytes(leads.read_bytes() * 60)  # > 1 MB
    monkeypatch.setenv("SYNTHPERSONA_TABLE_BY_PATH_MB", "1")
    assert reads_in_place(big, None, None) and not reads_in_place(leads, None, None)
    assert not reads_in_place(big, False, None)
    assert not reads_in_place(leads, False, None)
    with pytest.raises(InputError, match="CSV, TSV, TXT, also gzipped"):
        analyze_file(tmp_path / "leads.xlsx", by_path=True)
