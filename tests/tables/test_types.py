"""Type inference: ordered bands, numbers, identifiers, dates, titles, grouped text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.tables import TableEncoder, band_key, prepare_column


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (["25-34", "18-24", "65+", "35-44"], ["18-24", "25-34", "35-44", "65+"]),
        (["20+", "0-2", "11-15", "3-5", "6-10"], ["0-2", "3-5", "6-10", "11-15", "20+"]),
        (["$100k+", "<$50k", "$50k-$100k"], ["<$50k", "$50k-$100k", "$100k+"]),
        (["High", "Low", "Medium"], ["Low", "Medium", "High"]),
    ],
)
def test_ordered_bands_are_detected_and_sorted(levels: list[str], expected: list[str]) -> None:
    values = pd.Series([*levels * 20, None])
    col = prepare_column("Band", values, None)
    assert col.kind == "ordered"
    assert col.levels == [*expected, "Unknown"]
    assert np.isnan(col.ordinal[-1])  # Unknown has no place in the order
    assert np.all(np.diff(col.ordinal[:-1]) > 0)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 90), st.integers(1, 30))
def test_band_key_orders_ranges_by_their_start(lo: int, width: int) -> None:
    assert band_key(f"{lo}-{lo + width}") == float(lo)
    assert band_key(f"{lo}+") > band_key(f"{lo}-{lo + width}")
    assert band_key(f"under {lo + 1}") < lo + 1


def test_kinds_of_a_generic_table(customers_df: pd.DataFrame) -> None:
    kinds = {c: prepare_column(c, customers_df[c], None).kind for c in customers_df.columns}
    assert kinds["customer_id"] == "identifier"
    assert kinds["email"] == "identifier"
    assert kinds["Region"] == "category"
    plan = prepare_column("Plan", customers_df["Plan"], None)
    assert plan.kind == "ordered" and plan.levels == ["Free", "Pro", "Enterprise"]  # known tier words
    assert kinds["Seats"] == "numeric"
    assert kinds["Monthly Spend"] == "numeric"
    assert kinds["Signup Date"] == "date"


def test_free_text_job_titles_become_seniority_groups() -> None:
    rng = np.random.default_rng(0)
    titles = [
        f"{w} {t}"
        for w, t in zip(
            rng.choice(["Senior", "Regional", "Global", "Lead", "Jr."], 3000),
            rng.choice([f"Manager {i}" for i in range(400)] + [f"Analyst {i}" for i in range(400)], 3000),
            strict=True,
        )
    ]
    col = prepare_column("Position", pd.Series(titles), None)
    assert col.kind == "title"
    assert set(col.levels) <= {
        "C-Suite",
        "Senior Management",
        "Management",
        "Professional",
        "Entry-Level",
        "Unknown",
    }


def test_encoder_gives_every_column_the_same_weight(leads_df: pd.DataFrame) -> None:
    cols = [
        prepare_column(c, leads_df[c], r)
        for c, r in [
            ("State", "state"),
            ("Gender", "gender"),
            ("Age_range", "age"),
            ("Job Title", "job_title"),
        ]
    ]
    enc = TableEncoder().fit(cols)
    X = enc.transform(cols)
    assert X.dtype == np.float32 and np.isfinite(X).all()
    for b, col in zip(enc.blocks_, cols, strict=True):
        total_var = X[:, b.start : b.stop].var(axis=0).sum()
        if b.encoding == "one-hot":
            assert total_var == pytest.approx(1.0, rel=1e-3), b.column
        else:  # blanks sit at the mean and carry no variance
            known = 1 - col.n_blank / len(leads_df)
            assert total_var == pytest.approx(known, rel=1e-2), b.column
    assert [b.encoding for b in enc.blocks_] == ["one-hot", "one-hot", "rank", "rank"]


def test_numbers_whose_readable_labels_collide_get_exact_ones() -> None:
    # two of four values read "412K" rounded: levels stay distinct (equal ones crashed the privacy pass)
    values = pd.Series(["412233", "412240", "598812", "601177"] * 30)
    col = prepare_column("Amount", values, None)
    assert len(set(col.levels)) == len(col.levels) == 4
    assert "412,233" in col.levels
