"""Loading event logs: validation errors, repairs that are counted, sessions by inactivity gap."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthpersona.errors import DataError, InputError
from synthpersona.simulation import ingest_report, load_event_log, load_event_log_csv


def _log(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["user_id", "session_id", "event", "timestamp"])


def test_csv_and_parquet_give_the_same_canonical_log(tmp_path: Path, sample_raw: pd.DataFrame) -> None:
    raw = sample_raw.drop(columns="_group")
    raw.to_csv(tmp_path / "ev.csv", index=False)
    raw.to_parquet(tmp_path / "ev.parquet", index=False)
    a = load_event_log_csv(tmp_path / "ev.csv")
    b = load_event_log(tmp_path / "ev.parquet")
    assert list(a.columns[:4]) == ["user_id", "session_id", "event", "timestamp"]
    assert isinstance(a["event"].dtype, pd.CategoricalDtype)
    pd.testing.assert_series_equal(a["event"].astype(str), b["event"].astype(str))
    assert (a["timestamp"].to_numpy() == b["timestamp"].to_numpy()).all()
    rep = ingest_report(a)
    assert rep is not None and rep.n_events == len(raw) and rep.n_users == raw["user_id"].nunique()
    assert rep.n_sessions == raw["session_id"].nunique()
    assert {"device", "channel"} <= set(a.columns)  # user attributes are kept


def test_missing_columns_name_the_problem_and_the_way_out() -> None:
    # names that say nothing and one row: nothing to recognise a user or an event by
    raw = pd.DataFrame({"a": [1], "b": ["landing"], "timestamp": ["2026-01-01"]})
    with pytest.raises(DataError) as err:
        load_event_log(raw)
    assert err.value.code == "missing_columns"
    assert "'user_id'" in err.value.message and "'event'" in err.value.message
    assert "columns=" in err.value.message
    log = load_event_log(raw, columns={"user_id": "a", "event": "b"})
    assert log["event"].tolist() == ["landing"]


def test_unknown_mapping_key_is_rejected() -> None:
    raw = pd.DataFrame({"user_id": [1], "event": ["a"], "timestamp": ["2026-01-01"]})
    with pytest.raises(InputError, match="user"):
        load_event_log(raw, columns={"userid": "user_id"})


def test_unparseable_timestamp_quotes_an_example_row() -> None:
    raw = _log(
        [
            (1, 1, "landing", "2026-09-01 10:00"),
            (1, 1, "browse", "yesterday-ish"),
            (2, 2, "landing", "2026-09-01 11:00"),
        ]
    )
    with pytest.raises(DataError) as err:
        load_event_log(raw)
    assert err.value.code == "bad_timestamp"
    assert "'yesterday-ish'" in err.value.message and "row 2" in err.value.message
    assert err.value.details["row"] == 2
    dropped = load_event_log(raw, on_bad_timestamp="drop")
    assert len(dropped) == 2 and ingest_report(dropped).n_missing_dropped == 1


def test_empty_log_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("user_id,session_id,event,timestamp\n")
    with pytest.raises(DataError) as err:
        load_event_log(tmp_path / "empty.csv")
    assert err.value.code == "empty_log"
    with pytest.raises(DataError, match="does not exist"):
        load_event_log(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="Unsupported"):
        (tmp_path / "x.xlsx").write_text("")
        load_event_log(tmp_path / "x.xlsx")


def test_duplicates_and_out_of_order_rows_are_repaired_and_counted() -> None:
    rows = [
        (1, 1, "landing", "2026-09-01 10:00:00"),
        (1, 1, "browse", "2026-09-01 10:01:00"),
        (1, 1, "signup_start", "2026-09-01 10:02:00"),
        (2, 2, "landing", "2026-09-01 09:00:00"),
        (2, 2, "drop_off", "2026-09-01 09:00:30"),
    ]
    messy = _log([rows[2], rows[0], rows[1], rows[1], rows[4], rows[3], rows[3]])
    log = load_event_log(messy)
    rep = ingest_report(log)
    assert rep.n_duplicates == 2
    assert rep.n_out_of_order > 0
    assert log["event"].astype(str).tolist() == ["landing", "browse", "signup_start", "landing", "drop_off"]
    assert "duplicate" in rep.summary()


def test_sessions_are_split_by_inactivity_gap_when_session_id_is_absent() -> None:
    raw = pd.DataFrame(
        {
            "user_id": ["a", "a", "a", "a", "b"],
            "event": ["landing", "browse", "landing", "signup_start", "landing"],
            "timestamp": [
                "2026-09-01 10:00",
                "2026-09-01 10:20",
                "2026-09-01 11:30",
                "2026-09-01 11:31",
                "2026-09-01 10:05",
            ],
        }
    )
    log = load_event_log(raw)
    rep = ingest_report(log)
    assert rep.sessions_inferred and rep.n_sessions == 3
    assert log.groupby("session_id").size().tolist() == [2, 2, 1]
    # A longer gap keeps user a's visit in one session.
    assert ingest_report(load_event_log(raw, inactivity_gap=120)).n_sessions == 2
    with pytest.raises(InputError):
        load_event_log(raw, inactivity_gap=0)


def test_epoch_seconds_and_timezones_are_understood() -> None:
    raw = pd.DataFrame({"user_id": [1, 1], "event": ["a", "b"], "timestamp": [1_790_000_000, 1_790_000_060]})
    log = load_event_log(raw)
    assert (log["timestamp"].diff().dt.total_seconds().iloc[1]) == 60
    tz = pd.DataFrame(
        {
            "user_id": [1, 1],
            "event": ["a", "b"],
            "timestamp": ["2026-09-01T10:00:00+02:00", "2026-09-01T08:30:00Z"],
        }
    )
    log = load_event_log(tz)
    assert log["event"].astype(str).tolist() == ["a", "b"]  # 08:00 UTC before 08:30 UTC


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.integers(1, 3), st.sampled_from(["a", "b", "c"]), st.integers(0, 50)),
        min_size=1,
        max_size=40,
    ),
    st.randoms(use_true_random=False),
)
def test_shuffling_and_duplicating_rows_never_changes_the_canonical_log(rows: list, rnd) -> None:
    frame = pd.DataFrame(rows, columns=["user_id", "session_id", "event", "t"])
    frame["session_id"] = frame["user_id"] * 10 + frame["session_id"]
    frame["timestamp"] = pd.Timestamp("2026-01-01") + pd.to_timedelta(frame.pop("t"), unit="min")
    base = load_event_log(frame)
    noisy = pd.concat([frame, frame.sample(frac=0.5, random_state=rnd.randint(0, 999))])
    noisy = noisy.sample(frac=1.0, random_state=rnd.randint(0, 999)).reset_index(drop=True)
    again = load_event_log(noisy)
    key = ["user_id", "session_id", "timestamp"]
    a = base.assign(event=base["event"].astype(str)).sort_values([*key, "event"]).reset_index(drop=True)
    b = again.assign(event=again["event"].astype(str)).sort_values([*key, "event"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a[[*key, "event"]], b[[*key, "event"]])
    # Rows come out sorted by user, session and time.
    t = again["timestamp"].to_numpy()
    same = again["session_id"].to_numpy()[1:] == again["session_id"].to_numpy()[:-1]
    assert np.all(t[1:][same] >= t[:-1][same])


@pytest.mark.parametrize("when", ["9999-12-31 10:00:00", "1600-01-01 00:00:00", "2262-05-01 00:00:00"])
@pytest.mark.parametrize("fmt", ["csv", "parquet", "frame"])
def test_timestamps_outside_the_nanosecond_range_are_a_data_error(
    tmp_path: Path, when: str, fmt: str
) -> None:
    import datetime as dt

    raw = pd.DataFrame(
        {
            "user_id": [1, 1, 2],
            "event": ["landing", "signup_start", "landing"],
            "timestamp": ["2026-09-01 10:00:00", when, "2026-09-01 11:00:00"],
        }
    )
    source: Path | pd.DataFrame = raw
    if fmt == "csv":
        source = tmp_path / "ev.csv"
        raw.to_csv(source, index=False)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        stamps = [dt.datetime.fromisoformat(t) for t in raw["timestamp"]]
        source = tmp_path / "ev.parquet"
        pq.write_table(
            pa.table({**{c: raw[c].tolist() for c in ("user_id", "event")}, "timestamp": stamps}), source
        )
    with pytest.raises(DataError) as err:
        load_event_log(source)
    assert err.value.code == "timestamp_out_of_range"
    assert when[:10] in err.value.message and "row 2" in err.value.message and "1677" in err.value.message
    dropped = load_event_log(source, on_bad_timestamp="drop")
    assert len(dropped) == 2 and ingest_report(dropped).n_missing_dropped == 1


@pytest.mark.parametrize(("unit", "per_second"), [("s", 1), ("ms", 10**3), ("us", 10**6), ("ns", 10**9)])
def test_epoch_timestamps_in_any_unit(tmp_path: Path, unit: str, per_second: int) -> None:
    # GA4 exports event_timestamp in microseconds; that used to crash with OutOfBoundsDatetime
    start = int(pd.Timestamp("2024-05-01 10:00:00").timestamp())
    rows = [
        (u, start + 60 * i + 3600 * u, ev) for u in range(3) for i, ev in enumerate(["view", "cart", "buy"])
    ]
    raw = pd.DataFrame(
        {
            "user_id": [r[0] for r in rows],
            "timestamp": [r[1] * per_second for r in rows],
            "event": [r[2] for r in rows],
        }
    )
    raw.to_csv(tmp_path / f"ev_{unit}.csv", index=False)
    for source in (raw, tmp_path / f"ev_{unit}.csv", raw.astype({"timestamp": str})):
        log = load_event_log(source)
        first = log.sort_values("timestamp")["timestamp"].iloc[0]
        assert first == pd.Timestamp("2024-05-01 10:00:00"), (
            unit,
            source if isinstance(source, Path) else "",
        )
        assert len(log) == 9


def test_a_timestamp_split_into_date_and_time_columns_is_joined() -> None:
    raw = pd.DataFrame(
        {
            "user_id": [1, 1, 2],
            "event": ["landing", "signup_start", "landing"],
            "Date": ["2026-09-01", "2026-09-01", "2026-09-02"],
            "Time": ["10:00:05", "10:02:00", "23:59:59"],
        }
    )
    expected = pd.to_datetime(["2026-09-01 10:00:05", "2026-09-01 10:02:00", "2026-09-02 23:59:59"])
    assert load_event_log(raw)["timestamp"].tolist() == expected.tolist()
    named = raw.rename(columns={"Date": "day_of", "Time": "clk"})
    log = load_event_log(named, columns={"timestamp": "day_of+clk"})
    assert log["timestamp"].tolist() == expected.tolist()
    with pytest.raises(DataError, match="day_of\\+clock"):  # a part that does not exist is named
        load_event_log(named, columns={"timestamp": "day_of+clock"})


def test_csv_whose_later_rows_change_a_column_type_still_loads(tmp_path: Path) -> None:
    # The streamed reader fixes types from its first block (~1 MB); ids that turn alphanumeric
    # later must still load (through the whole-file reader), as they did before streaming.
    lines = ["user_id,event,timestamp"]
    lines += [f"{i},view,2026-01-01 00:00:{i % 60:02d}" for i in range(60_000)]
    lines.append("u_last,buy,2026-01-02 00:00:00")
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size > 1_100_000
    log = load_event_log(path)
    assert len(log) == 60_001 and "u_last" in set(log["user_id"].astype(str))


def test_logs_under_a_tools_own_name_and_compression_are_read(tmp_path: Path) -> None:
    # a CloudFront/IIS W3C log (directives, "#Fields:", "-" for empty) saved under CloudFront's own
    # name, and an Amplitude export of gzipped JSON lines: both read as their content says
    import gzip
    import json

    w3c = tmp_path / "E2K4Q7.2024-03-01-10.a1b2c3d4"
    rows = [f"2024-03-01\t10:00:{i:02d}\t/p{i % 3}\tsid=u{i % 4}\t-" for i in range(12)]
    w3c.write_text(
        "#Version: 1.0\n#Fields: date time cs-uri-stem cs(Cookie) cs(Referer)\n" + "\n".join(rows) + "\n"
    )
    log = load_event_log(
        w3c, columns={"user_id": "cs(Cookie)", "event": "cs-uri-stem", "timestamp": "date+time"}
    )
    assert len(log) == 12 and set(log["user_id"]) == {f"sid=u{i}" for i in range(4)}
    amp = tmp_path / "123456_2024-03-01_10#0.json.gz"
    with gzip.open(amp, "wt", encoding="utf-8") as fh:
        for i in range(12):
            fh.write(
                json.dumps(
                    {
                        "user_id": f"u{i % 4}",
                        "event_type": f"e{i % 3}",
                        "event_time": f"2024-03-01 10:00:{i:02d}",
                    }
                )
                + "\n"
            )
    log = load_event_log(
        amp, columns={"user_id": "user_id", "event": "event_type", "timestamp": "event_time"}
    )
    assert len(log) == 12 and log["user_id"].nunique() == 4


def test_compact_date_times_are_not_read_as_epoch_numbers() -> None:
    # CleverTap's ts (YYYYMMDDhhmmss) read as epoch "milliseconds" landed in the year 2611
    rows = [(f"u{i % 3}", "open" if i % 2 else "buy", 20240301102233 + 100 * i) for i in range(12)]
    log = load_event_log(pd.DataFrame(rows, columns=["user_id", "event", "ts"]), columns={"timestamp": "ts"})
    assert log["timestamp"].min() == pd.Timestamp("2024-03-01 10:22:33")
    days = pd.DataFrame({"user_id": ["a", "b"], "event": ["x", "y"], "timestamp": [20240301, 20240302]})
    assert load_event_log(days)["timestamp"].dt.day.tolist() == [1, 2]


@pytest.mark.parametrize(
    ("name", "sep"), [("E2K4Q7.2024-03-01-10.a1b2c3d4.gz", "\t"), ("u_ex240301.log", " ")]
)
def test_a_w3c_log_loads_gzipped_and_with_directives_repeated_inside(
    tmp_path: Path, name: str, sep: str
) -> None:
    # CloudFront delivers its logs gzipped (tab separated); IIS (space separated) writes the
    # directive block again after each restart, inside the file
    import gzip

    fields = "#Fields: date time cs-uri-stem cs(Cookie) cs(Referer)\n"
    block = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2024-03-01\n"
    rows = [
        sep.join(["2024-03-01", f"10:{i // 60:02d}:{i % 60:02d}", f"/p{i % 3}", f"u{i % 4}", "-"])
        for i in range(90)
    ]
    text = block + fields + "\n".join(rows[:40]) + "\n" + block + fields + "\n".join(rows[40:]) + "\n"
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text)
    log = load_event_log(
        path, columns={"user_id": "cs(Cookie)", "event": "cs-uri-stem", "timestamp": "date+time"}
    )
    assert len(log) == 90 and set(log["user_id"]) == {f"u{i}" for i in range(4)}
    assert set(log["event"].astype(str)) == {"/p0", "/p1", "/p2"}


def test_event_log_size_limits_come_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    rows = "".join(f"u{i},view,2024-03-01 10:{i % 60:02d}:00\n" for i in range(200))
    gz = tmp_path / "events.csv.gz"
    gz.write_bytes(gzip.compress(("user_id,event,timestamp\n" + rows).encode()))
    pd.DataFrame({"user_id": ["a", "b"], "event": ["x", "y"], "timestamp": ["2024-03-01"] * 2}).to_parquet(
        tmp_path / "events.parquet"
    )
    (tmp_path / "events.csv").write_text("user_id,event,timestamp\n" + rows)
    monkeypatch.setenv("SYNTHPERSONA_MAX_DECOMPRESSED_BYTES", "1000")
    monkeypatch.setenv("SYNTHPERSONA_MAX_COLUMNS", "2")
    with pytest.raises(DataError):  # the gzip trailer says 5 KB
        load_event_log(gz)
    with pytest.raises(DataError):  # the Parquet footer says 3 columns
        load_event_log(tmp_path / "events.parquet")
    assert len(load_event_log(tmp_path / "events.csv")) == 200  # no footer or trailer to check first
