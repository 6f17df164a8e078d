"""Small hand-made event logs with answers worked out by hand in the tests."""

from __future__ import annotations

import pandas as pd
import pytest


def make_log(paths: dict[str, list[tuple[str, float]]], **attrs: dict[str, str]) -> pd.DataFrame:
    """A canonical log from ``{user: [(event, seconds), ...]}``; ``attrs`` are per-user columns."""
    rows = [
        {
            "user_id": u,
            "session_id": 1,
            "event": e,
            "timestamp": pd.Timestamp("2024-01-01") + pd.Timedelta(seconds=t),
        }
        for u, steps in paths.items()
        for e, t in steps
    ]
    frame = pd.DataFrame(rows)
    for col, values in attrs.items():
        frame[col] = frame["user_id"].map(values)
    frame["event"] = frame["event"].astype("category")
    return frame


@pytest.fixture
def three_users() -> pd.DataFrame:
    """u1: A B C; u2: A B A B; u3: A C (seconds in brackets below).

    u1 A(0) B(10) C(40); u2 A(0) B(20) A(30) B(60); u3 A(0) C(5).
    """
    return make_log(
        {
            "u1": [("A", 0), ("B", 10), ("C", 40)],
            "u2": [("A", 0), ("B", 20), ("A", 30), ("B", 60)],
            "u3": [("A", 0), ("C", 5)],
        },
        arm={"u1": "x", "u2": "x", "u3": "y"},
    )
