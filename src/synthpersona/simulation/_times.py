"""Event times: ISO text in any mix of formats, epoch numbers in any unit, bad rows found.

One home for reading a log's time column (:func:`parse_timestamps`, used by
:func:`synthpersona.simulation.etl.load_event_log`) and for telling epoch numbers by their
shape (:data:`EPOCH_TEXT`, also used when columns are detected from their values).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synthpersona.errors import DataError

__all__ = ["EPOCH_TEXT", "OFFSET_COLUMN", "epoch_unit", "parse_timestamps", "utc_offsets", "week_clock"]

# 9 to 19 digits: epoch seconds (~1.7e9) up to nanoseconds (~1.7e18), optionally with a fraction
EPOCH_TEXT = r"\d{9,19}(\.\d+)?"


def epoch_unit(nums: pd.Series) -> str:
    """``s``, ``ms``, ``us`` or ``ns``: today is ~1.7e9 s = 1.7e12 ms = 1.7e15 us = 1.7e18 ns.

    Examples
    --------
    >>> [epoch_unit(pd.Series([v])) for v in (1.7e9, 1.7e12, 1.7e15, 1.7e18)]
    ['s', 'ms', 'us', 'ns']
    """
    typical = float(nums.dropna().abs().median()) if nums.notna().any() else 0.0
    for unit, limit in (("s", 1e11), ("ms", 1e14), ("us", 1e17)):
        if typical < limit:
            return unit
    return "ns"


def _all_numbers(values: pd.Series) -> bool:
    """Text cells that are all plain numbers (an epoch column read as text)."""
    sample = values.dropna().astype(str).head(1000)
    return bool(len(sample)) and bool(sample.str.fullmatch(rf"\s*{EPOCH_TEXT}\s*").all())


def _fits_nanoseconds(parsed: pd.Series) -> bool:
    """True when every non-missing datetime lies in the nanosecond range (checked by min and max).

    Examples
    --------
    >>> _fits_nanoseconds(pd.Series(pd.to_datetime(["2026-01-01", None])).astype("datetime64[s]"))
    True
    >>> _fits_nanoseconds(pd.Series(np.array(["9999-01-01"], dtype="datetime64[s]")))
    False
    """
    if not isinstance(parsed.dtype, np.dtype) or parsed.dtype.kind != "M" or not len(parsed):
        return False
    ints = parsed.to_numpy().view(np.int64)
    lo, hi = ints.min(), ints.max()
    if lo == np.iinfo(np.int64).min:  # NaT sorts first: look again without the missing values
        valid = ints[ints != lo]
        if not len(valid):
            return True
        lo = valid.min()
    per_second = _PER_SECOND.get(str(parsed.dtype))
    if per_second is None:  # nanoseconds always fit; other units are not produced by pandas
        return str(parsed.dtype) == "datetime64[ns]"
    first = (pd.Timestamp.min.value // 10**9 + 1) * per_second  # whole seconds inside the range
    last = (pd.Timestamp.max.value // 10**9) * per_second
    return bool(first <= int(lo) and int(hi) <= last)


_PER_SECOND = {"datetime64[s]": 1, "datetime64[ms]": 10**3, "datetime64[us]": 10**6}


_COMPACT = {14: "%Y%m%d%H%M%S", 12: "%Y%m%d%H%M", 8: "%Y%m%d"}


def _compact_times(values: pd.Series) -> pd.Series | None:
    """Digits that spell a date and time (``20240301102233``), or ``None`` when they do not.

    Read as epoch numbers they land centuries away (2.0e13 "milliseconds" is the year 2611):
    numbers of 14, 12 or 8 digits whose every sampled value parses as ``YYYYMMDDhhmmss`` (or
    ``YYYYMMDDhhmm``, ``YYYYMMDD``) in the years 1970-2100 are compact date-times.
    """
    if not (pd.api.types.is_integer_dtype(values.dtype) or pd.api.types.is_object_dtype(values.dtype)
            or pd.api.types.is_string_dtype(values.dtype)):  # fmt: skip
        return None
    sample = values.dropna().astype(str).str.strip().head(1000)
    if not len(sample) or not sample.str.fullmatch(r"\d{8}|\d{12}|\d{14}").all():
        return None
    widths = set(sample.str.len())
    if len(widths) != 1:
        return None
    fmt = _COMPACT[widths.pop()]
    probe = pd.to_datetime(sample, format=fmt, errors="coerce")
    if (
        probe.isna().any()
        or probe.min() < pd.Timestamp("1970-01-01")
        or probe.max() > pd.Timestamp("2100-01-01")
    ):
        return None
    text = values.astype("string").str.strip()
    return pd.Series(pd.to_datetime(text, format=fmt, errors="coerce"), index=values.index)


def parse_timestamps(values: pd.Series, on_bad_timestamp: str) -> tuple[pd.Series, np.ndarray]:
    """Return (naive datetime64 series, mask of unparseable rows)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        parsed = values.dt.tz_convert("UTC").dt.tz_localize(None)
    elif pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values
    elif (compact := _compact_times(values)) is not None:
        parsed = compact  # CleverTap's 20240301102233, a warehouse's 20240301 day keys
    elif pd.api.types.is_numeric_dtype(values.dtype) or _all_numbers(values):
        # Epoch numbers: seconds, milliseconds, microseconds (GA4) or nanoseconds, told apart by size
        nums = pd.to_numeric(values, errors="coerce")
        parsed = pd.to_datetime(nums, unit=epoch_unit(nums), errors="coerce")  # type: ignore[call-overload]
    else:
        parsed = _parse_text_times(values)
    if _fits_nanoseconds(parsed) and pd.api.types.is_datetime64_any_dtype(values.dtype):
        # Already datetimes (CSV reader, Parquet) and all in range: nothing can be bad. Two
        # reductions instead of four element-wise passes over millions of rows.
        return parsed.astype("datetime64[ns]"), np.zeros(len(values), dtype=bool)
    # Nanosecond timestamps span 1677-09-21 .. 2262-04-11; a year 9999 or 1600 would overflow below.
    outside = (parsed.notna() & ((parsed < pd.Timestamp.min) | (parsed > pd.Timestamp.max))).to_numpy()
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        example = str(values.iloc[row])[:40]
        if on_bad_timestamp == "raise":
            raise DataError(
                f"{int(outside.sum()):,} timestamps are outside the supported range "
                f"{pd.Timestamp.min:%Y-%m-%d} to {pd.Timestamp.max:%Y-%m-%d}, e.g. {example!r} "
                f"in data row {row + 1}. Fix or remove those rows, or pass on_bad_timestamp='drop' "
                "to skip them.",
                code="timestamp_out_of_range",
                details={"row": row + 1, "value": example, "n_bad": int(outside.sum())},
            )
        parsed = parsed.mask(outside)
    bad = (parsed.isna() & values.notna()).to_numpy()
    if bad.any() and on_bad_timestamp == "raise":
        row = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"{int(bad.sum()):,} timestamps could not be parsed, e.g. {values.iloc[row]!r} in data row "
            f"{row + 1}. Use ISO 8601 (2026-09-01 12:30:00) or epoch seconds/ms/µs/ns, or pass "
            "on_bad_timestamp='drop' to skip such rows.",
            code="bad_timestamp",
            details={"row": row + 1, "value": str(values.iloc[row]), "n_bad": int(bad.sum())},
        )
    return parsed.astype("datetime64[ns]"), bad


#: The log's UTC offset of each row, in minutes (``load_event_log`` adds it when the log's times
#: carried offsets or were epoch numbers): ``timestamp`` is UTC, ``timestamp + offset`` the wall-clock
#: time the log wrote, which the week's words ("weekday evenings") describe.
OFFSET_COLUMN = "_utc_offset_min"
# a clock time then Z or +hh:mm / +hhmm / +hh at the end of the text
_OFFSET = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:(Z)|([+-])(\d{2}):?(\d{2})?)\s*$"


def utc_offsets(values: pd.Series) -> np.ndarray | None:
    """Each row's UTC offset in minutes (int16), or ``None`` when the log's times do not say it.

    Text with ``Z`` or ``+hh:mm`` and time-zone-aware datetimes give their own offsets (a row
    without one: 0, its time as written); epoch numbers are UTC (0). Text and naive datetimes
    without any offset give ``None``: the zone of their clock is not known.

    Examples
    --------
    >>> utc_offsets(pd.Series(["2027-01-04T19:30:00+11:00", "2027-01-04 08:00:00Z", "2027-01-05 09:00"]))
    array([660,   0,   0], dtype=int16)
    >>> utc_offsets(pd.Series(["2027-01-04 19:30"])) is None, utc_offsets(pd.Series([1.7e9])).tolist()
    (True, [0])
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        wall = values.dt.tz_localize(None) - values.dt.tz_convert("UTC").dt.tz_localize(None)
        return (wall.dt.total_seconds().fillna(0) // 60).to_numpy(dtype=np.int16)
    if pd.api.types.is_datetime64_any_dtype(values.dtype) or _compact_times(values) is not None:
        return None
    if pd.api.types.is_numeric_dtype(values.dtype) or _all_numbers(values):
        return np.zeros(len(values), dtype=np.int16)
    text = values.astype("string")
    head = text.dropna().head(1000).str.extract(_OFFSET)
    if not (head[0].notna() | head[1].notna()).any():
        return None
    parts = text.str.extract(_OFFSET)
    sign = parts[1].map({"+": 1, "-": -1}).astype("float64")
    minutes = sign * (pd.to_numeric(parts[2]) * 60 + pd.to_numeric(parts[3]).fillna(0))
    return minutes.fillna(0).to_numpy(dtype=np.int16)


def week_clock(events: pd.DataFrame) -> str:
    """Whose clock the log's times are (``personas.rules.CLOCKS``): the week's words say it.

    ``"local"``: the log wrote UTC offsets, not all zero (its wall-clock times are the users'
    own); ``"utc"``: epoch numbers or times all in UTC (``Z``); ``"unstated"``: no zone given.

    Examples
    --------
    >>> week_clock(pd.DataFrame({OFFSET_COLUMN: [660, 0]})), week_clock(pd.DataFrame({OFFSET_COLUMN: [0]}))
    ('local', 'utc')
    >>> week_clock(pd.DataFrame({"timestamp": [pd.Timestamp("2027-01-04")]}))
    'unstated'
    """
    if OFFSET_COLUMN not in events.columns:
        return "unstated"
    return "local" if bool((events[OFFSET_COLUMN] != 0).any()) else "utc"


def _day_first(text: pd.Series) -> bool:
    """Dates written day first: dotted (``05.03.2024``, German, Dutch...) or slashed with a day > 12.

    Examples
    --------
    >>> [_day_first(pd.Series([v])) for v in ("05.03.2024 10:00", "25/03/2024", "03/25/2024", "2024-03-05")]
    [True, True, False, False]
    """
    head = text.dropna().astype(str).head(2000).str.extract(r"^\s*(\d{1,2})([./-])(\d{1,2})[./-]\d{2,4}\b")
    head = head.dropna()
    if not len(head):
        return False
    if (head[1] == ".").mean() >= 0.5:
        return True
    first, second = head[0].astype(int), head[2].astype(int)
    return bool((first > 12).any() and not (second > 12).any())


def _parse_text_times(values: pd.Series) -> pd.Series:
    """Date-time text in any mix of formats, with epoch numbers written as text among them."""
    text = values.astype("string")
    epoch = text.str.fullmatch(EPOCH_TEXT).fillna(False).to_numpy(dtype=bool)
    day_first = _day_first(text[~epoch])
    if not epoch.any() or epoch.all():
        return pd.to_datetime(
            values, errors="coerce", format="mixed", utc=True, dayfirst=day_first
        ).dt.tz_localize(None)
    # Exports merged from two systems: ISO strings here, epoch seconds there.
    nums = pd.to_numeric(text[epoch], errors="coerce")
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    out.iloc[np.flatnonzero(epoch)] = pd.to_datetime(  # type: ignore[call-overload]
        nums, unit=epoch_unit(nums), errors="coerce"
    ).to_numpy()
    rest = pd.to_datetime(
        values[~epoch], errors="coerce", format="mixed", utc=True, dayfirst=day_first
    ).dt.tz_localize(None)
    out.iloc[np.flatnonzero(~epoch)] = rest.astype("datetime64[ns]").to_numpy()
    return out
