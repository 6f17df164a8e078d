"""Finding an event log's columns under the names exports give them (the UI's column mapping pre-fill)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.simulation import load_event_log, make_sample_events
from synthpersona.simulation.etl import (
    EVENT_LOG_COLUMNS,
    REQUIRED_COLUMNS,
    detect_event_columns,
    ingest_report,
)


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


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["utilizador", "acção", "data_hora"], ("utilizador", "acção", "data_hora", None)),
        (["उपयोगकर्ता", "घटना", "समय"], ("उपयोगकर्ता", "घटना", "समय", None)),
        (["ユーザー", "イベント", "日時"], ("ユーザー", "イベント", "日時", None)),
        (["Benutzer-ID", "Ereignis", "Zeitstempel"], ("Benutzer-ID", "Ereignis", "Zeitstempel", None)),
    ],
)
def test_headers_in_other_languages_are_found_by_meaning(
    header: list[str], expected: tuple[str | None, ...]
) -> None:
    assert tuple(detect_event_columns(header).values()) == expected
    assert tuple(detect_event_columns(header, meaning=False).values()) != expected  # not by the names


def _sample_log(n_users: int = 60) -> pd.DataFrame:
    return make_sample_events(n_users=n_users, random_state=0)[["user_id", "event", "timestamp"]]


def test_a_user_column_left_mostly_empty_is_passed_over() -> None:
    """Segment's tables fill ``user_id`` only once someone signs up; ``anonymous_id`` is the user."""
    log = _sample_log().rename(columns={"user_id": "anonymous_id"})
    log["user_id"] = ""
    log.loc[log.index[:10], "user_id"] = "usr_1"
    found = detect_event_columns(list(log.columns), log)
    assert found["user_id"] == "anonymous_id"
    assert detect_event_columns(list(log.columns))["user_id"] == "user_id"  # the header alone cannot tell
    path_log = load_event_log(log)
    assert path_log["user_id"].nunique() == log["anonymous_id"].nunique()


def test_a_date_column_beside_a_clock_column_is_the_time(tmp_path: Path) -> None:
    """Matomo-style ``Datum`` | ``Uhrzeit``: the clock column alone is not a time; together they are."""
    log = _sample_log()
    ts = pd.to_datetime(log["timestamp"])
    odd = pd.DataFrame(
        {
            "Besucher": log["user_id"],
            "Seite": log["event"],
            "Tag": ts.dt.strftime("%d.%m.%Y"),
            "Uhr": ts.dt.strftime("%H:%M:%S"),
        }
    )
    assert detect_event_columns(list(odd.columns), odd)["timestamp"] == "Tag+Uhr"
    path = tmp_path / "matomo.csv"
    odd.to_csv(path, index=False)
    got = load_event_log(path)
    assert list(got["timestamp"].sort_values()) == list(ts.sort_values())


def test_user_ids_that_look_like_decimals_stay_distinct(tmp_path: Path) -> None:
    """GA4's ``user_pseudo_id`` (``1610176793.1704902337``) must not be rounded into fewer users."""
    log = _sample_log(n_users=50)
    codes = {u: f"161017679{i % 10}.17049023{i:02d}" for i, u in enumerate(sorted(log["user_id"].unique()))}
    log["user_id"] = log["user_id"].map(codes)
    path = tmp_path / "ga4.csv"
    log.rename(columns={"user_id": "user_pseudo_id", "event": "event_name"}).to_csv(path, index=False)
    got = load_event_log(path)
    assert set(got["user_id"].astype(str)) == set(codes.values())


def _app_table(rng: np.random.Generator, n: int = 600) -> pd.DataFrame:
    """An application's events table: when it happened, and a stamp a nightly job rewrote."""
    happened = pd.Timestamp("2025-03-01") + pd.to_timedelta(np.sort(rng.uniform(0, 20 * 86400, n)), unit="s")
    batch = pd.Timestamp("2025-04-01 02:00") + pd.to_timedelta(rng.integers(0, 2, n) * 86400, unit="s")
    return pd.DataFrame(
        {
            "pk": np.arange(n),
            "member": rng.integers(100, 160, n).astype(str),
            "verb": rng.choice(["opened", "edited", "shared"], n),
            "first": (batch + pd.to_timedelta(rng.uniform(0, 1, n), unit="s")).astype(str),
            "second": happened.astype(str),
        }
    )


@pytest.mark.parametrize(
    ("stamp", "event_time"),
    [("updated_at", "created_at"), ("inserted_at", "occurred_at"), ("received_at", "sent_on"),
     ("modified_at", "happened_at")],
)  # fmt: skip
def test_the_event_time_is_told_from_bookkeeping_stamps_by_values_and_meaning(
    stamp: str, event_time: str
) -> None:
    frame = _app_table(np.random.default_rng(5)).rename(columns={"first": stamp, "second": event_time})
    found = detect_event_columns(list(frame.columns), frame)
    assert found["timestamp"] == event_time
    assert found["event"] == "verb" and found["user_id"] == "member"


def test_an_event_id_is_not_taken_for_the_session() -> None:
    frame = _app_table(np.random.default_rng(6)).rename(columns={"second": "timestamp"})
    frame["uuid"] = [f"{i:032x}" for i in range(len(frame))]
    frame["session"] = frame["member"] + "-1"
    assert detect_event_columns(list(frame.columns), frame)["session_id"] == "session"
    assert (
        detect_event_columns(list(frame.drop(columns="session").columns), frame.drop(columns="session"))[
            "session_id"
        ]
        is None
    )


def test_a_semicolon_separated_log_is_read(tmp_path: Path) -> None:
    frame = _app_table(np.random.default_rng(7)).rename(columns={"second": "data_ora"})
    path = tmp_path / "log.csv"
    frame.drop(columns="first").to_csv(path, sep=";", index=False)
    log = load_event_log(path)
    report = ingest_report(log)
    assert report is not None and report.column_mapping["timestamp"] == "data_ora"
    assert len(log) == len(frame)


def test_a_device_id_is_not_taken_for_the_session() -> None:
    # Segment/RudderStack: ``anonymous_id`` names a device whose visits lie days apart; read as a
    # session it merged them (fewer, longer sessions, conversion per session overstated).
    rng = np.random.default_rng(8)
    rows = []
    for user in range(150):
        device = f"{rng.integers(16**12):012x}"
        start = pd.Timestamp("2024-03-01") + pd.Timedelta(days=float(rng.uniform(0, 3)))
        for visit in range(3):
            t0 = start + pd.Timedelta(days=2 * visit)
            rows += [(f"u{user}", device, e, t0 + pd.Timedelta(seconds=40 * i)) for i, e in enumerate("abc")]
    frame = pd.DataFrame(rows, columns=["user_id", "anonymous_id", "event", "timestamp"])
    frame = frame.sample(frac=1.0, random_state=0)
    frame["timestamp"] = frame["timestamp"].astype(str)
    assert detect_event_columns(list(frame.columns), frame)["session_id"] is None
    visits = frame.assign(visit=frame["anonymous_id"] + frame["timestamp"].str[:10])
    assert detect_event_columns(list(visits.columns), visits)["session_id"] == "visit"


def test_the_event_column_says_what_was_done_not_the_kind_of_interaction() -> None:
    # an app log names both `action` (open, tap, scroll) and `screen`; the screens are the events
    rng = np.random.default_rng(0)
    screens = ["Home", "Menu", "Item", "Basket", "Payment", "Done", "Tracking", "Profile"]
    sample = pd.DataFrame(
        {
            "ts": 1_709_251_200_000 + np.arange(600) * 7_000,
            "uid": rng.choice([f"u{i}" for i in range(60)], 600),
            "action": rng.choice(["open", "tap", "scroll"], 600),
            "screen": rng.choice(screens, 600),
        }
    )
    found = detect_event_columns(list(sample.columns), sample)
    assert found["event"] == "screen" and found["user_id"] == "uid"
    # a log whose event column is the richer one keeps it
    assert detect_event_columns(["uid", "screen", "ts", "action"], sample)["event"] == "screen"


@pytest.mark.parametrize(
    ("device", "person"),
    [("device_id", "amplitude_id"), ("visitor_cookie", "customer_number"), ("anonymousId", "Profile.uid")],
)
def test_a_person_id_is_the_user_over_the_device_ids_beside_it(device: str, person: str) -> None:
    # Amplitude, Segment, CleverTap: a person on two or three phones is one user, not three
    rng = np.random.default_rng(3)
    rows = []
    for p in range(120):
        phones = [f"{rng.integers(16**12):012x}" for _ in range(int(rng.integers(1, 4)))]
        for i in range(6):
            rows.append(
                (
                    phones[i % len(phones)],
                    f"P{1000 + p}",
                    str(rng.choice(["a", "b", "c"])),
                    1_709_251_200 + 60 * (6 * p + i),
                )
            )
    frame = pd.DataFrame(rows, columns=[device, person, "event", "ts"])
    assert detect_event_columns(list(frame.columns), frame)["user_id"] == person
    if person == "amplitude_id":
        return  # named as a user id outright
    # a column of far fewer values beside the device (a company, a plan) is no person's id
    frame[person] = np.where(frame.index % 2 == 0, "P1", "P2")
    assert detect_event_columns(list(frame.columns), frame)["user_id"] != person


def test_the_run_says_a_person_id_was_taken_over_the_device_ids_beside_it() -> None:
    # the analyst is told which column is the user and which device column was not used
    rng = np.random.default_rng(4)
    rows = []
    for p in range(60):
        phones = [f"{rng.integers(16**12):012x}" for _ in range(2)]
        rows += [
            (phones[i % 2], f"P{1000 + p}", "abc"[i % 3], 1_709_251_200 + 60 * (6 * p + i)) for i in range(6)
        ]
    frame = pd.DataFrame(rows, columns=["anonymousId", "userId", "event", "timestamp"])
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], unit="s")
    notes = ingest_report(load_event_log(frame)).notes  # type: ignore[union-attr]
    assert len(notes) == 1 and "'userId'" in notes[0] and "'anonymousId'" in notes[0]
    alone = frame.drop(columns="anonymousId")
    assert ingest_report(load_event_log(alone)).notes == []  # type: ignore[union-attr]
    # the user named a device column: nothing to say about a person's id
    told = load_event_log(frame, columns={"user_id": "anonymousId"})
    assert ingest_report(told).notes == []  # type: ignore[union-attr]


def test_addresses_and_browsers_are_not_what_was_done() -> None:
    # a web log: an IP, a browser and the requested path each repeat over few values; the path is the event
    rng = np.random.default_rng(5)
    n = 900
    sample = pd.DataFrame(
        {
            "visitor": rng.choice([f"v{i}" for i in range(90)], n),
            "remote_ip": rng.choice([f"10.0.{i}.{i + 7}" for i in range(30)], n),
            "agent_string": rng.choice(
                ["Mozilla/5.0 (iPhone) AppleWebKit/605", "Mozilla/5.0 (X11) Gecko/2010"], n
            ),
            "path": rng.choice(["/", "/cart", "/pay", "/done", "/blog"], n),
            "ts": 1_709_251_200 + np.arange(n) * 30,
        }
    )
    assert detect_event_columns(list(sample.columns), sample)["event"] == "path"
    sample = sample.rename(
        columns={"path": "cs-uri-stem", "remote_ip": "c-ip", "agent_string": "cs(User-Agent)"}
    )
    assert detect_event_columns(list(sample.columns), sample)["event"] == "cs-uri-stem"


def test_a_cookie_is_the_user_over_the_ip_address() -> None:
    # an nginx JSON log: the address comes first, the userid module's cookie last; visits days apart
    rng = np.random.default_rng(2)
    rows = []
    for v in range(150):
        ip, uid = f"10.1.{v}.{rng.integers(1, 250)}", f"uid={v:032X}"
        for visit in range(3):
            t0 = pd.Timestamp("2024-03-01") + pd.Timedelta(days=2 * visit, hours=float(rng.uniform(0, 12)))
            for i, page in enumerate(["/", "/cart", "/pay"]):
                rows.append(
                    (str(t0 + pd.Timedelta(seconds=40 * i)), ip, "GET", page, 200, "Mozilla/5.0 (X11)", uid)
                )
    names = [
        "time_iso8601",
        "remote_addr",
        "request_method",
        "request_uri",
        "status",
        "http_user_agent",
        "uid_got",
    ]
    sample = pd.DataFrame(rows, columns=names)
    assert detect_event_columns(list(sample.columns), sample)["user_id"] == "uid_got"


def _named_devices() -> pd.DataFrame:
    """400 phones of 200 customers whose names (two people may share one) sit beside the device id."""
    rng = np.random.default_rng(0)
    first = ["Rahul", "Priya", "Amit", "Sneha", "Vikram", "Anjali", "Rohan", "Neha", "Kiran", "Meera"]
    last = ["Sharma", "Patel", "Iyer", "Das", "Khan", "Reddy", "Nair", "Gupta", "Rao", "Singh"]
    rows = []
    for d in range(400):
        name = f"{first[d // 2 % 10]} {last[d // 20 % 10]}{'' if d < 200 else ' Jr'}"  # two phones each
        start = pd.Timestamp("2024-03-01") + pd.Timedelta(minutes=7 * d)
        for i, event in enumerate(["open", "view", "buy" if rng.random() < 0.4 else "close"]):
            rows.append((f"dev-{d:05d}", name, event, start + pd.Timedelta(minutes=i)))
    return pd.DataFrame(rows, columns=["device_id", "customer_name", "event", "timestamp"])


@pytest.mark.parametrize("header", [("device_id", "customer_name"), ("Device ID", "User Name")])
def test_a_persons_name_is_never_the_user_key(header: tuple[str, str]) -> None:
    # a name is personal data (and two people share one): the device stays the user
    frame = _named_devices().rename(columns=dict(zip(["device_id", "customer_name"], header, strict=True)))
    assert detect_event_columns(list(frame.columns), frame)["user_id"] == header[0]


def test_no_name_reaches_a_runs_outputs(tmp_path: Path) -> None:
    from synthpersona.usecases.simulation import run_simulation

    frame = _named_devices()
    path = tmp_path / "named.csv"
    frame.to_csv(path, index=False)
    assert load_event_log(path)["user_id"].str.startswith("dev-").all()
    run_ = run_simulation(
        path, funnel="open,buy", n_personas=100, k=2, out_dir=tmp_path / "run", validate=False, deck=False
    )
    names = set(frame["customer_name"]) | {"Rahul", "Sharma"}
    for out in run_.files.values():
        data = out.read_bytes()
        if out.suffix == ".parquet":
            table = pd.read_parquet(out)
            data = (table.to_csv(index=False) + " ".join(map(str, table.columns))).encode()
        assert not any(n.encode() in data for n in names), out.name
