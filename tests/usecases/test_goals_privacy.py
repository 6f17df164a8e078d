"""Goal runs on a user-supplied population are customer data: personas are privacy-checked by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from synthpersona.cli import app
from synthpersona.errors import InputError
from synthpersona.personas import age_band, income_band
from synthpersona.population import generate
from synthpersona.trust import ANCHOR_QUASI_IDENTIFIERS
from synthpersona.usecases.goals import run_goal

_GOAL = "Gen Z moms in tier-2 cities"
# the shown text of each level, recomputed here (not through the module's ladders)
_COARSE = {"age": age_band, "monthly_income_inr": income_band, "household_income_inr": income_band}


def _exact(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _stated_matches(people: pd.DataFrame, profile: dict[str, Any]) -> int:
    """How many of ``people`` share every quasi-identifier the shown profile states."""
    mask = np.ones(len(people), dtype=bool)
    for q in ANCHOR_QUASI_IDENTIFIERS:
        if q.profile_key not in profile or q.column not in people:
            continue
        value, raw = str(profile[q.profile_key]), people[q.column]
        same = raw.map(_exact) == value
        if q.column in _COARSE:
            same |= raw.map(_COARSE[q.column]) == value
        mask &= same.to_numpy()
    return int(mask.sum())


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pop") / "customers.parquet"
    generate(6_000, random_state=4).to_parquet(path)
    return path


def _audience(source: Path, run_audience: pd.DataFrame) -> pd.DataFrame:
    people = pd.read_parquet(source)  # recounted in the source file, not through the run
    return people[people["user_id"].isin(set(run_audience["user_id"]))]


def test_unprotected_personas_single_out_customers(source: Path) -> None:
    run = run_goal(_GOAL, k_max=4, population=source, k_anonymity=None)
    assert run.privacy is None
    people = _audience(source, run.audience)
    shown = [p for ps in run.to_dict()["personas"].values() for p in ps]
    # the outliers: without the check, a persona states an exact combination fewer than 5 customers have
    assert min(_stated_matches(people, p["profile"]) for p in shown) < 5
    assert any("anchor_user_id" in p["profile"] for p in shown)


@pytest.mark.parametrize("k", [5, 25])
def test_every_stated_combination_is_recounted_in_the_source_file(source: Path, k: int) -> None:
    run = run_goal(_GOAL, k_max=4, population=source, k_anonymity=k)
    body = run.to_dict()
    assert body["privacy"]["k"] == k and body["privacy"]["ok"]
    assert any(p["generalised"] for p in body["privacy"]["personas"])  # it did generalise something
    people = _audience(source, run.audience)
    for cid, personas in body["personas"].items():
        assert personas == run.personas_response(int(cid))["personas"]  # one view everywhere
        for p in personas:
            assert "anchor_user_id" not in p["profile"]
            assert _stated_matches(people, p["profile"]) >= k, p["persona_id"]


def test_the_built_in_population_is_shown_as_built() -> None:
    run = run_goal(_GOAL, k_max=4)
    assert run.privacy is None and "privacy" not in run.to_dict()
    with pytest.raises(InputError, match="k \\(anonymity\\)"):
        run_goal(_GOAL, k_max=4, population=generate(50, random_state=0), k_anonymity=1)


def test_cli_segment_population_reports_what_was_generalised(source: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["segment", "-g", _GOAL, "--k-max", "4", "--population", str(source)])
    assert result.exit_code == 0, result.output
    assert "Protected: what each persona states is shared by at least 5 audience members" in result.output
    off = CliRunner().invoke(
        app,
        ["segment", "-g", _GOAL, "--k-max", "4", "--population", str(source), "--k-anonymity", "0", "--json"],
    )
    assert off.exit_code == 0 and '"privacy"' not in off.stdout
