"""Finding an event log's columns under the names exports give them (the UI's column mapping pre-fill)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from synthpersona.simulation import load_event_log, make_sample_events
from synthpersona.simulation.etl import EVENT_LOG_COLUMNS, REQUIRED_COLUMNS, detect_event_columns


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["user_id", "session_id", "event", "timestamp"], ("user_id", "event", "timestamp", "session_id")),
        (["Visitor ID", "Action", "Created At"], ("Visitor ID", "Action", "Created At", None)),
        (
            ["distinct_id", "event", "time"],
            ("distinct_id", "event", "time", None),
        ),  # Mixpanel: its `time` is the event's time (a word inside the name, issue 15)
        (
            ["user_pseudo_id", "event_name", "event_timestamp", "ga_session_id"],
            ("user_pseudo_id", "event_name", "event_timestamp", "ga_session_id"),
        ),  # GA4: the user's pseudo id is found by the word "user" inside it
        (["customer", "page", "date", "time"], ("customer", "page", "date+time", None)),
        (["user_agent", "event_id", "event_type", "timezone", "logged"], (None, "event_type", None, None)),
        (["USER", "EVENT_TYPE", "ts", "visit"], ("USER", "EVENT_TYPE", "ts", "visit")),
        (["a", "b", "c"], (None, None, None, None)),
    ],
)
def test_detected_columns(header: list[str], expected: tuple[str | None, ...]) -> None:
    found = detect_event_columns(header)
    assert list(found) == list(EVENT_LOG_COLUMNS)
    assert tuple(found.values()) == expected
    taken = [v for v in found.values() if v is not None]
    assert len(taken) == len(set(taken))  # a column plays one role at most


def test_a_detected_mapping_reads_the_same_log(tmp_path: Path) -> None:
    log = make_sample_events(n_users=40, random_state=0)[["user_id", "event", "timestamp"]]
    renamed = log.rename(columns={"user_id": "Visitor ID", "event": "Action", "timestamp": "occurred_at"})
    path = tmp_path / "export.csv"
    renamed.to_csv(path, index=False)
    mapping = detect_event_columns(pd.read_csv(path, nrows=0).columns)
    assert all(mapping[c] for c in REQUIRED_COLUMNS)
    plain = tmp_path / "plain.csv"
    log.to_csv(plain, index=False)
    got = load_event_log(path, {k: v for k, v in mapping.items() if v})
    pd.testing.assert_frame_equal(got.reset_index(drop=True), load_event_log(plain).reset_index(drop=True))
