"""Table personas are protected by default (issue 21): library, files, CLI and API.

Every combination a shown persona states is recounted on the table; crafted outliers
(one-off regions, a rare industry + plan + age combination) must never be shown.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.cli._app import run
from synthpersona.config import Settings
from synthpersona.errors import InputError
from synthpersona.tables import analyze_table
from synthpersona.trust import persona_combination, planted_table, table_levels
from synthpersona.usecases.tables import analyze_frame, write_outputs
from synthpersona.usecases.verify import verify_table
from synthpersona.views import seed003


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    df = planted_table(600, random_state=3).drop(columns=["_segment", "Seats"])
    df.loc[0, "Region"] = "Arctic"  # one-off values
    df.loc[1, "Region"] = "Antarctica"
    df.loc[2:3, ["Industry", "Plan", "Age_range"]] = ["Banking", "Free", "18-24"]  # a rare combination
    return df.astype(str)


def _recount(levels: pd.DataFrame, attributes: dict[str, list[str]]) -> int:
    mask = np.ones(len(levels), dtype=bool)
    for col, values in attributes.items():
        mask &= levels[col].astype(str).isin(values).to_numpy()
    return int(mask.sum())


@pytest.mark.parametrize("k", [5, 40])
def test_every_shown_combination_matches_at_least_k_rows(table: pd.DataFrame, k: int) -> None:
    analysis = analyze_frame(table, k=4, k_anonymity=k)
    levels = table_levels(table, analysis)
    by_id = {s.segment_id: s for s in analysis.segments}
    assert analysis.privacy is not None and analysis.privacy["k"] == k and analysis.privacy["ok"]
    for p in analysis.personas:  # the protected personas, as shown
        stated = persona_combination(p, by_id[p.segment_id], levels.columns)
        assert _recount(levels, stated) >= k, (p.persona_id, stated)
    for seg in analysis.segments:  # no named value from fewer than k people in a profile
        for counts in seg.distributions.values():
            assert all(c >= k for v, c in counts.items() if v != "Other")
    shown = json.dumps(seed003.personas(analysis.segments, analysis.personas), ensure_ascii=False)
    assert "Arctic" not in shown and "Antarctica" not in shown
    # what was generalised is said, in the report and the notes
    generalised = [c for c in analysis.privacy["personas"] if c["generalised"]]
    privacy_notes = [n for n in analysis.notes if n.startswith("Privacy: ")]
    assert len(privacy_notes) == 1 + len(generalised) + (1 if analysis.privacy["small_cells"] else 0)
    # the protected personas still hold on the data
    assert verify_table(analysis) == []


def test_k_none_shows_the_unprotected_personas(table: pd.DataFrame) -> None:
    raw = analyze_table(table, k=4)
    off = analyze_frame(table, k=4, k_anonymity=None)
    assert off.privacy is None
    assert [p.name for p in off.personas] == [p.name for p in raw.personas]
    assert not any(n.startswith("Privacy: ") for n in off.notes)


def test_a_bad_k_is_refused_before_the_work(table: pd.DataFrame) -> None:
    for bad in (1, 0, True, 2.5):
        with pytest.raises(InputError, match="k \\(anonymity\\) must be a whole number >= 2"):
            analyze_frame(table, k=4, k_anonymity=bad)  # type: ignore[arg-type]


def test_files_carry_the_protected_personas_and_the_report(table: pd.DataFrame, tmp_path: Path) -> None:
    analysis = analyze_frame(table, k=4, k_anonymity=40)
    write_outputs(analysis, table, tmp_path)
    personas = json.loads((tmp_path / "personas.json").read_text(encoding="utf-8"))
    assert personas == json.loads(json.dumps(seed003.personas(analysis.segments, analysis.personas)))
    summary = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert summary["privacy"]["k"] == 40 and summary["privacy"]["personas"]
    assert "Privacy: Protected" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_cli_refuses_a_bad_k_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.csv"
    planted_table(200, random_state=0).to_csv(src, index=False)
    code = run(["leads", "analyze", str(src), "--json", "--k-anonymity", "1"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "k (anonymity)" in err


def test_api_protects_by_default_and_refuses_a_bad_k(tmp_path: Path) -> None:
    app = create_app(Settings(home=tmp_path / "home", max_body_bytes=2_000_000), llm=None)
    data = planted_table(400, random_state=1).drop(columns=["_segment"]).to_csv(index=False).encode()
    with TestClient(app) as api:
        ds = api.post("/datasets", files={"file": ("t.csv", data, "text/csv")}).json()
        bad = api.post(f"/datasets/{ds['dataset_id']}/analyze", json={"k_anonymity": 1})
        assert bad.status_code == 422
        r = api.post(f"/datasets/{ds['dataset_id']}/analyze", json={"k": 4})
        assert r.status_code == 201, r.text
        privacy = r.json()["summary"]["privacy"]
        assert privacy["k"] == 5 and privacy["ok"] and len(privacy["personas"]) == 4
        off = api.post(f"/datasets/{ds['dataset_id']}/analyze", json={"k": 4, "k_anonymity": None})
        assert off.json()["summary"]["privacy"] is None
