"""The core model's derived numbers: shares, rates, intervals and lifts recompute from their counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synthpersona._stats import wilson_interval
from synthpersona.model import Evidence, Outcome, Segment


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 100))
def test_outcome_rate_and_interval_follow_the_counts(successes: int, failures: int, unknown: int) -> None:
    o = Outcome(successes, failures, unknown)
    assert o.known == successes + failures
    if o.known:
        assert o.rate == successes / (successes + failures)
        lo, hi = o.interval
        assert (lo, hi) == wilson_interval(successes, o.known)
        assert lo - 1e-12 <= o.rate <= hi + 1e-12  # rounding at rate 0 or 1
    else:
        assert o.rate == 0.0 and o.interval == (0.0, 0.0)


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_segment_share_is_size_over_base(size: int, extra: int) -> None:
    seg = Segment(segment_id=0, label="x", size=size, base=size + extra)
    assert seg.share == (size / (size + extra) if size + extra else 0.0)
    assert 0.0 <= seg.share <= 1.0


def test_evidence_lift_and_single_column() -> None:
    ev = Evidence(field="f", claim="c", statistic="value_share", value=0.6, baseline=0.2, columns=("State",))
    assert ev.lift == pytest.approx(3.0) and ev.column == "State"
    several = Evidence(field="f", claim="c", statistic="member_mean", value=0.5, columns=("a", "b"))
    assert several.lift is None and several.column is None
