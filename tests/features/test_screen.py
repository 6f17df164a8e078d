"""The data's side of feature choice: signals with segment structure join whatever the domain."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from support.planted import PlantedGoal, planted_population
from synthpersona.features import DOMAIN_SPECS, SCALED_SIGNALS, build_features
from synthpersona.features._derive import ColumnReader
from synthpersona.features._screen import (
    CANDIDATE_SIGNALS,
    MAX_DOMAIN_VALLEY,
    MAX_PAIR_VALLEY,
    MAX_VALLEY,
    VALLEY_Z,
    pair_valleys,
    screen,
    screen_categoricals,
    screen_signals,
    valley_ratio,
)
from synthpersona.segmentation import ClusteringParams, cluster, segment

# Segments planted on interests only, which the general domain does not list (heldout3's failure).
_INTERESTS = PlantedGoal(
    "women in semi-urban areas", "lifestyle", 3, n=3_000, separation=1.2, n_attributes=4, random_state=12
)


def _planted_columns(cfg: PlantedGoal) -> list[str]:
    """The attributes ``planted_population`` drew (the generator's own draws, replayed)."""
    from support.planted import DOMAIN_ATTRIBUTES, segment_shares

    rng = np.random.default_rng([cfg.random_state, 91])
    rng.choice(cfg.k, size=cfg.n, p=segment_shares(cfg.k, rng, cfg.smallest))
    pool = [c for c in DOMAIN_ATTRIBUTES[cfg.domain] if c not in cfg.avoid]
    return [str(c) for c in rng.choice(pool, size=min(cfg.n_attributes, len(pool)), replace=False)]


@pytest.fixture(scope="module")
def interest_segments() -> tuple[pd.DataFrame, np.ndarray]:
    return planted_population(_INTERESTS)


def test_two_groups_have_a_valley_and_one_hump_has_none() -> None:
    rng = np.random.default_rng(3)
    groups = np.concatenate([rng.normal(0.2, 0.06, 700), rng.normal(0.75, 0.06, 300)])
    assert valley_ratio(groups) < 0.1
    assert valley_ratio(rng.normal(0.5, 0.15, 1_000)) > MAX_VALLEY
    assert valley_ratio(rng.uniform(0, 1, 1_000)) > MAX_VALLEY
    assert valley_ratio(np.full(50, 0.3)) == 1.0  # a column the goal filtered to one value
    # a stray tail is not a second group: each side must hold 5 % of the rows
    assert valley_ratio(np.concatenate([rng.normal(0.3, 0.05, 990), np.full(10, 0.95)])) > MAX_VALLEY


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=0, max_size=60))
@settings(max_examples=60, deadline=None)
def test_valley_ratio_is_a_share(values: list[float]) -> None:
    r = valley_ratio(np.asarray(values))
    assert 0.0 <= r <= 1.0


def test_interest_segments_join_the_general_features_and_are_found(
    interest_segments: tuple[pd.DataFrame, np.ndarray],
) -> None:
    df, planted = interest_segments
    planted_cols = _planted_columns(_INTERESTS)
    assert not set(planted_cols) & set(DOMAIN_SPECS["general"].numeric)  # the goal's domain misses them
    fm = build_features(df, "general")
    assert set(fm.screened) <= set(CANDIDATE_SIGNALS)
    # every added signal is recomputed to have a valley, alone or along a diagonal with another
    # signal (3,000 rows: the screen uses them all); at least two planted columns are added
    reader = ColumnReader(df)
    values = {
        name: np.asarray(reader.derived(name) if name in SCALED_SIGNALS else reader.unit(name), np.float64)
        for name in CANDIDATE_SIGNALS
    }
    paired = {x for fig, a, b in pair_valleys(values) if fig < MAX_PAIR_VALLEY for x in (a, b)}
    for name in fm.screened:
        assert valley_ratio(values[name]) < MAX_VALLEY or name in paired
    assert len(set(fm.screened) & set(planted_cols)) >= 2
    assert any("segment structure" in n for n in fm.notes)
    without = build_features(df, "general", screen=False)
    assert without.screened == () and without.X.shape[1] == fm.X.shape[1] - len(fm.screened)
    seg = segment(df, domain="general", params=ClusteringParams(feature_weighting=True, k_max=6))
    assert seg.k == 3
    assert adjusted_rand_score(planted, seg.labels) > 0.9


def test_the_fitted_pipeline_encodes_new_rows_with_the_screened_columns(
    interest_segments: tuple[pd.DataFrame, np.ndarray],
) -> None:
    df, _ = interest_segments
    fm = build_features(df, "general")
    again = fm.pipeline.transform(df)
    np.testing.assert_allclose(again, fm.X, atol=1e-5)
    assert build_features(df, "general").screened == fm.screened  # deterministic


def test_structureless_people_add_nothing_smooth() -> None:
    # The built-in population's interests vary smoothly with demographics: no valley, nothing added.
    df, _ = planted_population(PlantedGoal("adults", "general", 1, n=3_000, random_state=4))
    fm = build_features(df, "general")
    for name in fm.screened:
        assert name in CANDIDATE_SIGNALS
    assert not any(s.startswith("interest_") for s in fm.screened)


def test_groups_that_differ_on_two_signals_together_join_by_their_diagonal() -> None:
    # 35 % of the people score higher on BOTH sports and finance interest, by less than a level
    # each: neither column alone has a valley, their sum does. The general domain lists neither.
    from synthpersona.population import generate

    rng = np.random.default_rng(5)
    df = generate(3_000, random_state=21)
    group = rng.random(len(df)) < 0.35
    for col in ("interest_sports", "interest_finance"):
        df[col] = np.clip(0.4 + 0.24 * group + rng.normal(0, 0.065, len(df)), 0, 1).round(3)
    reader = ColumnReader(df)
    assert valley_ratio(reader.unit("interest_sports")) >= MAX_VALLEY
    assert valley_ratio(reader.unit("interest_finance")) >= MAX_VALLEY
    fm = build_features(df, "general")
    assert {"interest_sports", "interest_finance"} <= set(fm.screened)
    two = ClusteringParams(k=2, feature_weighting=True)
    assert adjusted_rand_score(group, cluster(fm.X, two).labels) > 0.9
    # without the screen the two groups are invisible
    assert (
        adjusted_rand_score(group, cluster(build_features(df, "general", screen=False).X, two).labels) < 0.2
    )


def test_groups_that_differ_on_three_signals_together_join_by_a_leading_component() -> None:
    # 40 % score higher on sports, finance AND travel interest, 2.3 SD on each: no column and no
    # pair's diagonal shows a valley below its cut, the direction joining the two groups does.
    from synthpersona.features._screen import MAX_PC_VALLEY, component_valleys

    rng = np.random.default_rng(5)
    df = generate_people(3_000, 21)
    group = rng.random(len(df)) < 0.4
    three = ("interest_sports", "interest_finance", "interest_travel")
    for col in three:
        df[col] = np.clip(0.4 + 0.15 * group + rng.normal(0, 0.065, len(df)), 0, 1).round(3)
    reader = ColumnReader(df)
    signals = {
        c: np.asarray(reader.unit(c), dtype=np.float64) for c in CANDIDATE_SIGNALS if c.startswith("int")
    }
    assert min(valley_ratio(signals[c]) for c in three) >= MAX_VALLEY
    assert pair_valleys(signals)[0][0] >= MAX_PAIR_VALLEY
    figure, names = component_valleys(signals)[0]
    assert figure < MAX_PC_VALLEY and set(names) == set(three)
    fm = build_features(df, "general")
    assert set(three) <= set(fm.screened)
    two = ClusteringParams(k=2, feature_weighting=True)
    # 4 SD apart along the three together: the Bayes classifier misplaces ~2 % (ARI ~0.92)
    assert adjusted_rand_score(group, cluster(fm.X, two).labels) > 0.8
    assert (
        adjusted_rand_score(group, cluster(build_features(df, "general", screen=False).X, two).labels) < 0.2
    )


def generate_people(n: int, seed: int) -> pd.DataFrame:
    from synthpersona.population import generate

    return generate(n, random_state=seed)


def test_a_pile_up_at_the_floor_is_not_a_second_group() -> None:
    # 15 % of people earn 0 (homemakers, the unemployed): one number at the column's floor, beside
    # one hump of earners. It left a deep "valley" in every audience and outweighed real segments.
    rng = np.random.default_rng(8)
    earners = rng.normal(0.6, 0.08, 1_700)
    assert valley_ratio(earners, z=VALLEY_Z) > MAX_DOMAIN_VALLEY
    assert valley_ratio(np.concatenate([np.zeros(300), earners]), z=VALLEY_Z) > MAX_DOMAIN_VALLEY
    assert (
        valley_ratio(np.concatenate([np.ones(300), 1.0 - earners]), z=VALLEY_Z) > MAX_DOMAIN_VALLEY
    )  # a cap
    # a second group spread around a level (not one value) is still a group
    assert valley_ratio(np.concatenate([rng.normal(0.1, 0.03, 300), earners])) < 0.1


def test_a_domain_signal_with_groups_leads_the_features() -> None:
    # A third of the people care much less about privacy (3.5 SD): privacy_pref is one of the
    # general domain's dozen signals, so at weight 1 the groups were outvoted by the others.
    from synthpersona.features._pipeline import SCREENED_WEIGHT

    rng = np.random.default_rng(9)
    df = generate_people(3_000, 22)
    group = rng.random(len(df)) < 1 / 3
    df["privacy_pref"] = np.clip(0.5 - 0.32 * group + rng.normal(0, 0.09, len(df)), 0, 1).round(3)
    # its valley is too shallow for the cut that ADDS signals, deep enough for a domain signal to lead
    assert valley_ratio(ColumnReader(df).unit("privacy_pref")) > MAX_VALLEY
    assert valley_ratio(ColumnReader(df).unit("privacy_pref"), z=VALLEY_Z) < MAX_DOMAIN_VALLEY
    fm = build_features(df, "general")
    assert fm.weights["privacy_pref"] == SCREENED_WEIGHT
    assert all(fm.weights[s] <= 1.0 for s in DOMAIN_SPECS["general"].numeric if s != "privacy_pref")
    assert any("Weighed up" in n and "privacy_pref" in n for n in fm.notes)
    seg = segment(df, domain="general", params=ClusteringParams(feature_weighting=True, k_max=6))
    # at weight 1 this gave k=4 and ARI 0.00 (split on the other signals); now the two groups
    assert seg.k == 2 and adjusted_rand_score(group, seg.labels) > 0.8


def test_a_valley_that_vanishes_within_each_gender_is_a_demographic_split_not_a_segment() -> None:
    # Interest in tech two-humped by gender (as in the built-in population): a valley overall,
    # one hump within each gender. It led tech goals that mix genders (truth9's note).
    df = generate_people(4_000, 23)
    rng = np.random.default_rng(10)
    men = (df["gender"] == "Male").to_numpy()
    df["interest_gaming"] = np.clip(0.3 + 0.35 * men + rng.normal(0, 0.08, len(df)), 0, 1).round(3)
    assert valley_ratio(ColumnReader(df).unit("interest_gaming")) < MAX_VALLEY
    assert "interest_gaming" not in screen_signals(ColumnReader(df), DOMAIN_SPECS["general"].numeric)
    # the same two humps planted independently of gender are a segment and still join
    group = rng.random(len(df)) < men.mean()
    df["interest_gaming"] = np.clip(0.3 + 0.35 * group + rng.normal(0, 0.08, len(df)), 0, 1).round(3)
    assert "interest_gaming" in screen_signals(ColumnReader(df), DOMAIN_SPECS["general"].numeric)


def test_a_goal_that_compares_genders_keeps_the_structure_gender_explains() -> None:
    # "men vs women": the two gender humps are what the goal asks about, not a split to discount
    df = generate_people(3_000, 23)
    rng = np.random.default_rng(10)
    men = (df["gender"] == "Male").to_numpy()
    df["interest_gaming"] = np.clip(0.3 + 0.35 * men + rng.normal(0, 0.08, len(df)), 0, 1).round(3)
    general = DOMAIN_SPECS["general"].numeric
    assert "interest_gaming" in screen(ColumnReader(df), general, ("gender",))[0]
    assert "interest_gaming" not in screen(ColumnReader(df), general, ("area_type",))[0]
    fm = build_features(df, "general", compared=("gender",))
    assert "interest_gaming" in fm.screened
    params = ClusteringParams(feature_weighting=True, k_max=4)
    seg = segment(df, domain="general", params=params, compared=("gender",))
    assert seg.k == 2 and adjusted_rand_score(men, seg.labels) > 0.8


def test_a_channel_preference_that_goes_with_a_group_joins_the_clustering() -> None:
    # A third of the people care much less about price AND most of them buy on quick commerce.
    df = generate_people(3_000, 24)
    rng = np.random.default_rng(11)
    group = rng.random(len(df)) < 1 / 3
    df["price_sensitivity"] = np.clip(0.7 - 0.4 * group + rng.normal(0, 0.08, len(df)), 0, 1).round(3)
    channel = df["preferred_channel"].astype(str).to_numpy().copy()
    channel[group & (rng.random(len(df)) < 0.7)] = "Quick commerce"
    df["preferred_channel"] = pd.Categorical(channel, categories=df["preferred_channel"].cat.categories)
    assert screen_categoricals(ColumnReader(df), ["price_sensitivity"]) == ["preferred_channel"]
    fm = build_features(df, "tech_adoption")  # its categoricals: media and tier only
    assert "preferred_channel=Quick commerce" in fm.feature_names
    assert any("consumer categorical" in n and "preferred_channel" in n for n in fm.notes)


def test_segments_that_are_cells_of_two_preferences_are_screened_and_independent_ones_are_not() -> None:
    df = generate_people(3_000, 25)
    rng = np.random.default_rng(12)
    reader = ColumnReader(df)
    assert screen_categoricals(reader, []) == []  # the population's own channel x media: V ~ 0.1
    cell = rng.integers(0, 2, len(df))
    take = rng.random(len(df)) < 0.8
    ch = np.where(
        take, np.where(cell == 1, "Quick commerce", "Offline retail"), df["preferred_channel"].astype(str)
    )
    md = np.where(take, np.where(cell == 1, "Instagram", "TV"), df["primary_media"].astype(str))
    df["preferred_channel"] = pd.Categorical(ch, categories=df["preferred_channel"].cat.categories)
    df["primary_media"] = pd.Categorical(md, categories=df["primary_media"].cat.categories)
    assert screen_categoricals(ColumnReader(df), []) == ["preferred_channel", "primary_media"]


def test_heavy_tails_on_two_signals_are_not_a_joint_group() -> None:
    # Most people low, a few very high (Pareto tails, clipped at 1): the diagonal of two such
    # signals read as a valley on the mean +- 2.6 SD range, and a structureless audience was
    # called clear (heldout7's "independent categoricals" audience, seen).
    df = generate_people(4_000, 26)
    rng = np.random.default_rng(1)
    tails = {c: np.clip(0.18 + 0.16 * rng.pareto(2.2, len(df)), 0, 1).round(3) for c in ("a", "b", "c")}
    assert pair_valleys(tails)[0][0] < MAX_PAIR_VALLEY  # the bulk view alone would add them
    for col, values in zip(
        ("interest_health", "interest_automobile", "interest_beauty"), tails.values(), strict=True
    ):
        df[col] = values
    assert screen_signals(ColumnReader(df), DOMAIN_SPECS["general"].numeric) == []
