"""The persona profile's household income, main festival and interests recompute from the anchor's row."""

from __future__ import annotations

from synthpersona.personas import band
from synthpersona.population import generate
from synthpersona.schema import INTERESTS
from synthpersona.usecases.goals import clear_cache, run_goal


def test_profile_context_is_the_anchor_s_own_data() -> None:
    df = generate(4_000, random_state=9)
    clear_cache()
    run = run_goal(
        "adults in tier-2 cities", population=df, k_min=2, k_max=3, random_state=0, k_anonymity=None
    )
    rows = df.set_index("user_id")
    checked = 0
    for cid in run.personas:
        for persona in run.personas_response(cid)["personas"]:
            prof = persona["profile"]
            row = rows.loc[prof["anchor_user_id"]]
            high = [c for c in INTERESTS if band(c, float(row[c])) == "high"]
            expected = [c.removeprefix("interest_") for c in sorted(high, key=lambda c: -float(row[c]))[:3]]
            assert prof["interests"] == expected
            assert prof["main_festival"] == str(row["main_festival"])
            assert prof["household_income_inr"] == int(row["household_income_inr"])
            checked += 1
    assert checked >= 2
