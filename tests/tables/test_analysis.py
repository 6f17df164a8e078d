"""The table workflow end to end in memory: the seed's invariants, quality, generic mode, bad input."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from synthpersona.errors import DataError, InputError
from synthpersona.tables import analyze_table, parse_flag, round_to_100, value_tier
from synthpersona.views import seed003

from ._data import make_leads


def personas(res) -> list[SimpleNamespace]:
    """The seed 003 ``personas.json`` entries of ``res``, with attribute access."""
    out = []
    for row in seed003.personas(res.segments, res.personas):
        ns = SimpleNamespace(**{s: {} for s in ("demographics", "geography", "professional", "acquisition")})
        ns.attributes = {}
        ns.__dict__.update(row)
        ns.conversion_metrics = (
            SimpleNamespace(**row["conversion_metrics"]) if "conversion_metrics" in row else None
        )
        ns.to_dict = lambda row=row: row
        out.append(ns)
    return out


@pytest.fixture(scope="module")
def result(leads_df: pd.DataFrame):
    return analyze_table(leads_df, k=4, exclude=["_segment"], random_state=0)


def test_each_row_in_exactly_one_cluster_and_counts_match(result, leads_df: pd.DataFrame) -> None:
    labels = result.labels
    assert labels.shape == (len(leads_df),)
    assert set(np.unique(labels)) == set(range(result.k)) == {p.cluster_id for p in personas(result)}
    sizes = np.bincount(labels, minlength=result.k)
    for p in personas(result):
        assert p.cluster_size == sizes[p.cluster_id]
        assert p.conversion_metrics.total_records == p.cluster_size
    assert sum(p.cluster_size for p in personas(result)) == len(leads_df)


def test_conversions_add_up(result, leads_df: pd.DataFrame) -> None:
    truth, known = parse_flag(leads_df["is_sale"])
    total_conv = sum(p.conversion_metrics.conversions for p in personas(result))
    total_non = sum(p.conversion_metrics.non_conversions for p in personas(result))
    assert total_conv == result.overall.conversions == int(truth.sum())
    assert total_conv + total_non == int(known.sum())
    for p in personas(result):
        m = p.conversion_metrics
        in_cluster = result.labels == p.cluster_id
        assert m.conversions == int(truth[in_cluster].sum())
        assert m.conversions + m.non_conversions + m.unknown_outcomes == m.total_records
        assert m.ci_low <= m.conversion_rate <= m.ci_high
        assert m.value_tier == value_tier(100 * m.conversions / max(1, m.conversions + m.non_conversions))


def test_percentages_add_to_100(result) -> None:
    assert sum(p.cluster_percentage for p in personas(result)) == pytest.approx(100.0, abs=1e-9)
    for p in personas(result):
        for section in (p.demographics, p.geography, p.professional, p.acquisition):
            for key, dist in section.items():
                if isinstance(dist, dict):
                    assert sum(dist.values()) == pytest.approx(100.0, abs=1e-9), (p.persona_name, key)


def test_personas_are_ranked_by_conversion_and_named_from_data(result) -> None:
    rates = [p.conversion_metrics.conversion_rate for p in personas(result)]
    assert rates == sorted(rates, reverse=True)
    assert [p.rank for p in personas(result)] == list(range(1, result.k + 1))
    names = [p.persona_name for p in personas(result)]
    assert len(set(names)) == len(names)
    for p in personas(result):
        seniority = next(iter(p.demographics["seniority"]))
        assert p.persona_name.startswith(seniority) or seniority in ("Unknown", "Other")
        assert p.persona_name.endswith(f"[{p.conversion_metrics.value_tier} VALUE]")
        assert p.geography["concentration_level"] in ("High", "Medium", "Low")
        assert p.narrative and f"{p.cluster_size:,}" in p.narrative
    assert result.mode == "leads"
    assert result.extra_columns == ["_segment"]


def test_seed_shape_of_a_persona(result) -> None:
    d = personas(result)[0].to_dict()
    for key in (
        "persona_name",
        "cluster_id",
        "cluster_size",
        "cluster_percentage",
        "conversion_metrics",
        "demographics",
        "geography",
        "professional",
        "acquisition",
    ):
        assert key in d
    assert set(d["conversion_metrics"]) >= {
        "conversion_rate",
        "value_tier",
        "conversions",
        "non_conversions",
        "total_records",
    }
    assert set(d["demographics"]) == {"seniority", "experience", "age", "gender"}
    assert set(d["professional"]) == {"industry", "titles", "education"}
    assert set(d["acquisition"]) == {"lead_sources"}
    assert {"states", "concentration"} <= set(d["geography"])


def test_auto_k_recovers_the_planted_segments() -> None:
    df = make_leads(3000, seed=11)
    res = analyze_table(df, k="auto", exclude=["_segment"], random_state=0)
    assert res.k == 4
    assert adjusted_rand_score(df["_segment"], res.labels) >= 0.7
    assert "_segment" not in res.features


def test_same_seed_same_result_and_core_algorithms_work(leads_df: pd.DataFrame) -> None:
    a = analyze_table(leads_df, k=3, exclude=["_segment"], random_state=7)
    b = analyze_table(leads_df, k=3, exclude=["_segment"], random_state=7)
    assert np.array_equal(a.labels, b.labels)
    km = analyze_table(leads_df, k=3, exclude=["_segment"], algorithm="kmeans", random_state=0)
    assert km.algorithm == "kmeans" and km.k == 3
    sizes = [p.cluster_size for p in sorted(personas(km), key=lambda p: p.cluster_id)]
    assert sizes == sorted(sizes, reverse=True)  # cluster ids numbered by size


def test_messy_spellings_are_merged_and_blanks_counted(leads_df: pd.DataFrame, result) -> None:
    industries = {v for p in personas(result) for v in p.professional["industry"]}
    assert not any(v != v.strip() for v in industries)  # " Banking " merged into "Banking"
    assert any("Blank cells counted as 'Unknown'" in n for n in result.notes)


def test_generic_mode_on_a_non_leads_table(customers_df: pd.DataFrame) -> None:
    res = analyze_table(customers_df, k="auto", random_state=0)
    assert res.mode == "generic"
    assert res.target == "Churned"
    used = set(res.features)
    assert {"Plan", "Region", "Seats", "Monthly Spend"} <= used
    assert not {"customer_id", "email", "Signup Date"} & used
    assert set(res.extra_columns) == {"customer_id", "email", "Signup Date"}
    assert res.k >= 2
    for p in personas(res):
        assert "Plan" in p.attributes and "Seats" in p.attributes
        assert "states" in p.geography  # "Region" is recognised as geography
        assert p.persona_name and "[" in p.persona_name
    # churn is the "conversion" here; ranked by it
    rates = [p.conversion_metrics.conversion_rate for p in personas(res)]
    assert rates == sorted(rates, reverse=True)


def test_generic_mode_without_target_ranks_by_size(customers_df: pd.DataFrame) -> None:
    df = customers_df.drop(columns=["Churned"])
    res = analyze_table(df, k=3, features=["plan", "region", "seats"], random_state=0)
    assert res.target is None and res.overall is None
    assert res.features == ["Plan", "Region", "Seats"]
    sizes = [p.cluster_size for p in personas(res)]
    assert sizes == sorted(sizes, reverse=True)
    assert "conversion_metrics" not in personas(res)[0].to_dict()


def test_fewer_rows_than_clusters(leads_df: pd.DataFrame) -> None:
    with pytest.raises(InputError) as err:
        analyze_table(leads_df.head(4), k=4)
    assert err.value.code == "too_few_rows"
    assert "4 row(s)" in err.value.message


def test_small_tables_warn(leads_df: pd.DataFrame) -> None:
    res = analyze_table(leads_df.head(60), k=3, exclude=["_segment"])
    assert any("Only 60 rows" in w for w in res.warnings)


def test_explicit_non_flag_target_is_an_error_with_examples(leads_df: pd.DataFrame) -> None:
    # the user named it: a parameter that cannot be used (never quietly a feature)
    with pytest.raises(InputError) as err:
        analyze_table(leads_df, target="Industry")
    assert err.value.code == "target_not_flag"
    assert "Banking" in err.value.message or "Software" in err.value.message


def test_unknown_feature_lists_close_matches(leads_df: pd.DataFrame) -> None:
    with pytest.raises(DataError) as err:
        analyze_table(leads_df, features=["State", "Job Titel"])
    assert err.value.code == "missing_column"
    assert "Job Title" in err.value.message


def test_leads_mode_requires_the_seed_columns(leads_df: pd.DataFrame) -> None:
    with pytest.raises(DataError) as err:
        analyze_table(
            leads_df.drop(columns=["Lead Source"]).rename(columns={"Gender": "Gendr"}), mode="leads"
        )
    assert err.value.details["missing"] == ["Gender", "Lead Source"]
    assert err.value.details["suggestions"]["Gender"] == ["Gendr"]


@pytest.mark.parametrize("k", [1, 0, "three", 2.5, True])
def test_bad_k(leads_df: pd.DataFrame, k: object) -> None:
    with pytest.raises(InputError, match="k must be"):
        analyze_table(leads_df, k=k)  # type: ignore[arg-type]


def test_bad_algorithm_suggests(leads_df: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="kmeans"):
        analyze_table(leads_df, algorithm="kmean")


def test_blank_targets_do_not_count_as_non_conversions(leads_df: pd.DataFrame) -> None:
    df = leads_df.copy()
    df.loc[:99, "is_sale"] = None
    res = analyze_table(df, k=3, exclude=["_segment"])
    assert res.overall.unknown_outcomes == 100
    assert sum(p.conversion_metrics.unknown_outcomes for p in personas(res)) == 100
    assert any("blank 'is_sale'" in w for w in res.warnings)


def test_table_algorithms_follow_the_core() -> None:
    from synthpersona.segmentation import ALGORITHMS
    from synthpersona.tables import TABLE_ALGORITHMS

    # every registered algorithm that suits a table's codes or its encoded matrix, and only those
    for_tables = {n for n, a in ALGORITHMS.items() if {"numeric", "categorical"} & set(a.data)}
    assert set(TABLE_ALGORITHMS) == for_tables and "latent_class" in for_tables
    assert "markov_mixture" not in TABLE_ALGORITHMS  # event-log counts only


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=12).filter(lambda v: sum(v) > 0))
def test_rounded_shares_always_add_to_100(counts: list[int]) -> None:
    shares = round_to_100(np.array(counts))
    assert sum(shares) == pytest.approx(100.0, abs=1e-9)
    exact = [100 * c / sum(counts) for c in counts]
    assert all(abs(s - e) < 0.1 + 1e-9 for s, e in zip(shares, exact, strict=True))
