"""Anonymous ids linked to the person by the log's identify calls (Segment, PostHog)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from synthpersona.simulation import ingest_report, load_event_log


def _visits(rng: np.random.Generator, n: int) -> list[tuple[str, str, list[str]]]:
    """(person, anonymous id, events) per person: two events before login, then more."""
    out = []
    for p in range(n):
        steps = ["Home", "Product", *(["Product"] * int(rng.integers(0, 3))), "Cart", "Order"]
        out.append((f"user_{p}", f"anon-{rng.integers(16**10):010x}", steps))
    return out


def test_segment_identify_links_the_events_before_login_to_the_person(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    lines = []
    t0 = pd.Timestamp("2024-03-01")
    for i, (person, anon, steps) in enumerate(_visits(rng, 40)):
        for j, step in enumerate(steps):
            ts = (t0 + pd.Timedelta(minutes=10 * i, seconds=30 * j)).isoformat() + "Z"
            if j == 2:  # the login: identify carries both ids and no event
                lines.append({"type": "identify", "userId": person, "anonymousId": anon, "timestamp": ts})
            lines.append(
                {
                    "type": "track",
                    "event": step,
                    "userId": person if j >= 2 else None,
                    "anonymousId": anon,
                    "timestamp": ts,
                }
            )
    path = tmp_path / "segment.json"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    log = load_event_log(path)
    report = ingest_report(log)
    assert report is not None and report.column_mapping["user_id"] == "userId"
    assert report.n_users == 40  # no anonymous visitor counted apart from the person they are
    assert set(log["user_id"].astype(str)) == {f"user_{p}" for p in range(40)}
    first = log.sort_values("timestamp").groupby("user_id", observed=True)["event"].first()
    assert (first.astype(str) == "Home").all()  # the visit starts where it started, before login
    assert any("linked to the person's 'userId'" in n for n in report.notes)


def test_posthog_anon_distinct_id_links_the_anonymous_distinct_id() -> None:
    rng = np.random.default_rng(2)
    rows = []
    t0 = pd.Timestamp("2024-03-01")
    for i, (person, anon, steps) in enumerate(_visits(rng, 30)):
        for j, step in enumerate(steps):
            ts = t0 + pd.Timedelta(minutes=10 * i, seconds=30 * j)
            if j == 2:
                rows.append(("$identify", person, anon, ts - pd.Timedelta(seconds=1)))
            rows.append((step, person if j >= 2 else anon, None, ts))
    frame = pd.DataFrame(rows, columns=["event", "distinct_id", "properties.$anon_distinct_id", "timestamp"])
    log = load_event_log(frame)
    assert ingest_report(log).n_users == 30  # type: ignore[union-attr]
    # one id that several people identified from (a shared tablet) names none of them
    shared = frame.copy()
    shared.loc[shared["event"] == "$identify", "properties.$anon_distinct_id"] = "tablet"
    shared.loc[shared["distinct_id"].str.startswith("anon-"), "distinct_id"] = "tablet"
    report = ingest_report(load_event_log(shared))
    assert report is not None and report.n_users == 31 and report.notes == []
