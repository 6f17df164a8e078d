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


def _ga4_rows(anonymous: int) -> pd.DataFrame:
    """Three logged-in people with their phone model and browser; ``anonymous`` strangers on one model."""
    rows = []
    t0 = pd.Timestamp("2024-03-01")
    people = [("u1", "Pixel-7", "Chrome"), ("u2", "iPhone", "Safari"), ("u3", "iPhone", "Firefox")]
    for i, (person, model, browser) in enumerate(people):
        for j, step in enumerate(["Home", "Product", "Cart"]):
            rows.append((person, model, browser, step, t0 + pd.Timedelta(hours=i, minutes=j)))
    for k in range(anonymous):  # different visitors who never log in, on u1's phone model
        for j, step in enumerate(["Home", "Pricing"]):
            rows.append((None, "Pixel-7", "Chrome", step, t0 + pd.Timedelta(days=1, hours=k, minutes=j)))
    return pd.DataFrame(rows, columns=["user_id", "device_model", "device_browser", "event", "timestamp"])


def test_a_phone_model_or_browser_column_links_no_stranger_to_a_person() -> None:
    # GA4-style export: strangers on the same phone model are not the person who owns one
    log = load_event_log(_ga4_rows(5), columns={"user_id": "user_id"})
    report = ingest_report(log)
    assert report is not None
    assert log.groupby("user_id", observed=True).size().to_dict() == {"u1": 3, "u2": 3, "u3": 3}
    assert not any("linked" in n for n in report.notes)
    # the browser name column is no device id: no "person over device" note about it
    assert not any("device_browser" in n or "device_model" in n for n in report.notes)
    assert any("10 event(s) without a user id" in n for n in report.notes)


def test_a_device_column_with_fewer_values_than_people_links_no_one() -> None:
    # a long tail of phone models under an id-like name: people share them, so it is a vocabulary
    rng = np.random.default_rng(5)
    rows = []
    t0 = pd.Timestamp("2024-03-01")
    for p in range(150):
        model = f"Model-{rng.integers(100)}"
        rows += [(f"user_{p}", model, "Home", t0 + pd.Timedelta(minutes=10 * p))]
        rows += [(None, model, "Pricing", t0 + pd.Timedelta(minutes=10 * p + 1))]
    log = load_event_log(pd.DataFrame(rows, columns=["userId", "device", "event", "timestamp"]))
    report = ingest_report(log)
    assert report is not None and not any("linked" in n for n in report.notes)
    assert set(log["event"].astype(str)) == {"Home"}  # the anonymous events are dropped, not given away


def test_a_csv_log_links_its_empty_user_cells_and_forms_no_user_of_them(tmp_path: Path) -> None:
    # a CSV writes a missing user id as an empty cell ("" once read): it is linked, or dropped and said
    rng = np.random.default_rng(6)
    rows = []
    t0 = pd.Timestamp("2024-03-01")
    for i, (person, anon, steps) in enumerate(_visits(rng, 30)):
        for j, step in enumerate(steps):
            ts = t0 + pd.Timedelta(minutes=10 * i, seconds=30 * j)
            rows.append(
                {"event": step, "userId": person if j >= 2 else "", "anonymousId": anon, "timestamp": ts}
            )
    for v in range(5):  # visitors who never log in
        for j, step in enumerate(["Home", "Pricing"]):
            rows.append(
                {
                    "event": step,
                    "userId": "",
                    "anonymousId": f"visitor-{v}",
                    "timestamp": t0 + pd.Timedelta(hours=9, minutes=v, seconds=j),
                }
            )
    path = tmp_path / "segment.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    log = load_event_log(path)
    report = ingest_report(log)
    assert report is not None and report.n_users == 30
    assert set(log["user_id"].astype(str)) == {f"user_{p}" for p in range(30)}  # no phantom user ""
    assert any("60 event(s) logged before login" in n for n in report.notes)
    assert any("10 event(s) without a user id" in n for n in report.notes)
