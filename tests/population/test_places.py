"""State shares, religion, festival and language recomputed from the Census figures shipped with the package.

Every expectation is recomputed here from ``census2011.json`` (read as plain JSON), not
taken from the generator's own tables.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from synthpersona.features import DOMAIN_SPECS
from synthpersona.goals import parse_goal
from synthpersona.population import targets

CENSUS = json.loads(
    resources.files("synthpersona.population").joinpath("census2011.json").read_text(encoding="utf-8")
)["states"]


def _sampling_slack(p: float, n: int) -> float:
    """Four binomial standard errors plus 0.3 percentage points."""
    return 4.0 * float(np.sqrt(max(p * (1 - p), 1e-4) / n)) + 0.003


def test_census_figures_add_up_to_india_2011() -> None:
    total = sum(s["population"] for s in CENSUS.values())
    urban = sum(s["urban_population"] for s in CENSUS.values())
    assert abs(total - 1_210_854_977) / 1_210_854_977 < 0.001  # Census 2011 total, all 36 states and UTs
    assert abs(urban - 377_106_125) / 377_106_125 < 0.001  # Census 2011 urban persons
    for state, row in CENSUS.items():
        assert 0 < row["urban_population"] <= row["population"], state
        assert abs(sum(row["religion_percent"].values()) - 100.0) < 0.6, state


def test_state_shares_follow_urban_and_rural_census_population(pop100k: pd.DataFrame) -> None:
    urban_share = next(t.share for t in targets() if t.column == "area_type" and t.label == "Urban")
    total = {s: r["population"] for s, r in CENSUS.items()}
    urban = {s: r["urban_population"] for s, r in CENSUS.items()}
    u_sum, r_sum = sum(urban.values()), sum(total[s] - urban[s] for s in CENSUS)
    raw = {
        s: urban_share * urban[s] / u_sum + (1 - urban_share) * (total[s] - urban[s]) / r_sum for s in CENSUS
    }
    small = {s for s, v in raw.items() if v < 0.0005}
    rest = sum(v for s, v in raw.items() if s not in small)
    expected = {s: 0.0005 if s in small else v * (1 - 0.0005 * len(small)) / rest for s, v in raw.items()}
    actual = pop100k["state"].astype(str).value_counts(normalize=True)
    for state, share in expected.items():
        assert abs(actual.get(state, 0.0) - share) < _sampling_slack(share, len(pop100k)), state
    # The populous states lead, as in the Census: Uttar Pradesh > Bihar > Kerala > Goa.
    assert actual["Uttar Pradesh"] > actual["Bihar"] > actual["Kerala"] > actual["Goa"]


def test_religion_follows_the_census_shares_of_each_state(pop100k: pd.DataFrame) -> None:
    checked = 0
    for state, group in pop100k.groupby("state", observed=True):
        if len(group) < 2_000:
            continue
        checked += 1
        shares = group["religion"].astype(str).value_counts(normalize=True)
        census = CENSUS[str(state)]["religion_percent"]
        norm = sum(census.values())
        for religion, pct in census.items():
            p = pct / norm
            assert abs(shares.get(religion, 0.0) - p) < _sampling_slack(p, len(group)), (state, religion)
        assert set(shares.index) <= set(census), state  # no religion the Census does not list there
    assert checked >= 15


def test_festival_follows_religion_and_state(pop100k: pd.DataFrame) -> None:
    religion = pop100k["religion"].astype(str)
    festival = pop100k["main_festival"].astype(str)
    state = pop100k["state"].astype(str)
    assert ((festival == "Eid") == (religion == "Muslim")).all()
    assert ((festival == "Christmas") == (religion == "Christian")).all()
    assert festival[religion == "Sikh"].isin(["Gurpurab", "Vaisakhi"]).all()
    assert state[festival == "Onam"].isin(["Kerala", "Lakshadweep"]).all()
    assert state[festival == "Pongal"].isin(["Tamil Nadu", "Puducherry"]).all()
    assert state[festival == "Chhath"].isin(["Bihar", "Jharkhand", "Uttar Pradesh"]).all()
    assert state[festival == "Durga Puja"].isin(["West Bengal", "Tripura", "Assam", "Odisha"]).all()
    bengal_hindus = festival[(state == "West Bengal") & (religion == "Hindu")]
    assert bengal_hindus.value_counts().index[0] == "Durga Puja"
    # Eid's share of the population is the Muslim share the state mix implies.
    assert abs((festival == "Eid").mean() - (religion == "Muslim").mean()) < 1e-12


def test_language_follows_religion(pop100k: pd.DataFrame) -> None:
    lang = pop100k["primary_language"].astype(str)
    religion = pop100k["religion"].astype(str)
    state = pop100k["state"].astype(str)
    sikhs_elsewhere = (religion == "Sikh") & ~state.isin(["Punjab", "Chandigarh"])
    hindus_elsewhere = (religion == "Hindu") & state.isin(state[sikhs_elsewhere].unique())
    assert sikhs_elsewhere.sum() > 100
    assert (lang[sikhs_elsewhere] == "Punjabi").mean() > 0.5 > (lang[hindus_elsewhere] == "Punjabi").mean()
    telangana = state == "Telangana"
    hindi_muslim = (lang[telangana & (religion == "Muslim")] == "Hindi").mean()
    hindi_hindu = (lang[telangana & (religion == "Hindu")] == "Hindi").mean()
    assert hindi_muslim > 2 * hindi_hindu  # Hyderabadi Urdu/Dakhni, counted as Hindi


@pytest.mark.parametrize("column", ["religion", "main_festival"])
def test_religion_and_festival_are_context_not_features(column: str) -> None:
    for spec in DOMAIN_SPECS.values():
        assert column not in spec.categorical
    parsed = parse_goal("Muslim women in Hyderabad")
    assert all(f.column != "religion" for f in parsed.filters)


def test_a_population_file_without_religion_or_festival_is_still_valid() -> None:
    from synthpersona.population import generate, validate_population

    older = generate(30, random_state=2).drop(columns=["religion", "main_festival"])
    valid = validate_population(older)
    assert valid["religion"].isna().all() and valid["main_festival"].isna().all()
    assert list(valid.columns[: len(older.columns) + 2]) == list(generate(1).columns)
