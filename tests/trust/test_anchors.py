"""k-anonymity of goal-run anchors: no goal persona singles out fewer than k members of its audience."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.personas import age_band, income_band
from synthpersona.population import generate
from synthpersona.trust import k_anonymous_anchor
from synthpersona.usecases.goals import GoalRun, run_goal
from synthpersona.usecases.trust import privacy_goal_run

# the shown text of each level, recomputed here (not through the module's ladders)
_COARSE = {"age": age_band, "monthly_income_inr": income_band, "household_income_inr": income_band}


def _recount(audience: pd.DataFrame, attributes: dict[str, list[str]]) -> int:
    mask = np.ones(len(audience), dtype=bool)
    for col, (value,) in attributes.items():
        raw = audience[col]
        exact = raw.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        same = exact == value
        if col in _COARSE:
            same |= raw.map(lambda v, c=col: _COARSE[c](v)) == value
        mask &= same.to_numpy()
    return int(mask.sum())


@pytest.fixture(scope="module")
def run() -> GoalRun:
    return run_goal("Gen Z moms in tier-2 cities", k_max=4, population=generate(20_000, random_state=1))


@pytest.mark.parametrize("k", [5, 60])
def test_every_goal_persona_matches_at_least_k_audience_members(run: GoalRun, k: int) -> None:
    report, shown = privacy_goal_run(run, k_anonymity=k)
    assert report.ok and len(report.combinations) == sum(len(p) for p in run.personas.values())
    people = run.audience.set_index("user_id")
    for combo, entry in zip(report.summary()["personas"], shown, strict=True):
        assert _recount(run.audience, combo["attributes"]) == combo["matches"] >= k
        assert combo["generalised"]  # the raw anchor (15 facts) is unique in its audience
        anchor = people.loc[run.persona(combo["persona_id"], protected=False).anchor.member_id]  # type: ignore[union-attr]
        text = json.dumps(entry, ensure_ascii=False)
        assert "anchor_user_id" not in text and '"user_id"' not in text
        for step in combo["generalised"]:
            column = step.split(":", 1)[0]
            if column in (
                "care",
                "barrier",
                "title",
            ):  # a word only the anchor backed (trust.supported_words)
                assert "replaced by" in step
                continue
            exact = str(anchor[column])
            if column in ("city", "main_festival", "state") and step.endswith("not shown"):
                assert exact not in text, (column, exact)  # a dropped place or festival is nowhere
            if column == "age":
                assert f"{int(anchor['age'])}-year-old" not in text and entry["profile"].get("age") != int(
                    anchor["age"]
                )


def test_a_crafted_outlier_anchor_is_generalised_until_k_members_share_it() -> None:
    people = pd.DataFrame(
        {
            "age": [71, *range(30, 40)],
            "gender": ["Female"] * 11,
            "city": ["Leh"] + ["Pune"] * 10,
            "state": ["Ladakh"] + ["Maharashtra"] * 10,
            "occupation": ["Retired"] + ["Salaried"] * 10,
        }
    )
    anchor: dict[str, Any] = people.iloc[0].to_dict()
    shown, matches, steps = k_anonymous_anchor(people, anchor, k=5)
    assert shown == {"gender": "Female"} and matches == 11
    assert "city: Leh -> not shown" in steps and "age: 71 -> 65+" in steps
    # with k above the audience nothing is enough: reported as not anonymous
    assert k_anonymous_anchor(people, anchor, k=50)[1] == 11


def test_already_anonymous_anchor_is_shown_as_it_is() -> None:
    people = pd.DataFrame({"age": [30] * 6, "gender": ["Male"] * 6})
    assert k_anonymous_anchor(people, {"age": 30, "gender": "Male"}, k=5) == (
        {"age": "30", "gender": "Male"},
        6,
        [],
    )


def test_bad_k_is_refused(run: GoalRun) -> None:
    with pytest.raises(InputError, match="k \\(anonymity\\) must be a whole number >= 2"):
        privacy_goal_run(run, k_anonymity=1)
