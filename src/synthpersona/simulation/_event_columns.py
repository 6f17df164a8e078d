"""The columns of an event log: what each holds, the names exports give them, and finding them.

One home for the event-log column vocabulary: :func:`~synthpersona.simulation.etl.load_event_log`
maps ``columns=`` onto :data:`EVENT_LOG_COLUMNS`, and interfaces (the web UI's column
mapping) pre-fill their pickers with :func:`detect_event_columns`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from synthpersona.simulation._times import EPOCH_TEXT

__all__ = ["EVENT_LOG_COLUMNS", "REQUIRED_COLUMNS", "detect_event_columns"]

# canonical name -> what it holds
EVENT_LOG_COLUMNS: dict[str, str] = {
    "user_id": "who acted (a user, visitor or customer id)",
    "event": "what they did (event or page name)",
    "timestamp": "when (date and time)",
    "session_id": "which visit (optional: cut from 30-minute gaps without it)",
}
REQUIRED_COLUMNS = ("user_id", "event", "timestamp")
# Other names exports give these columns (compared ignoring case, spaces and underscores).
_ALIASES: dict[str, tuple[str, ...]] = {
    "user_id": (
        "user",
        "userid",
        "uid",
        "visitor",
        "visitor_id",
        "customer_id",
        "client_id",
        "distinct_id",
        "member_id",
        "account_id",
        "person_id",
        "device_id",
    ),
    "event": (
        "event_name",
        "event_type",
        "action",
        "activity",
        "page",
        "page_name",
        "screen",
        "step",
    ),
    "timestamp": (
        "ts",
        "datetime",
        "date_time",
        "event_timestamp",
        "event_datetime",
        "created_at",
        "occurred_at",
        "logged_at",
        "time_stamp",
    ),
    "session_id": (
        "session",
        "visit_id",
        "visit",
        "ga_session_id",
    ),
}
# Exports that split the timestamp into a date and a time column (GA-style reports, CRM logs).
_DATE_NAMES = ("date", "event_date", "day", "dt")
_TIME_NAMES = ("time", "event_time", "time_of_day", "clock")


# Words inside longer names (``client_event_time``, ``id_visiteur``, ``Activity Name``), several
# languages; tried after the exact names above, before the values.
_WORDS: dict[str, re.Pattern[str]] = {
    "user_id": re.compile(
        r"(user|visitor|visiteur|customer|client|account|member|person|device|cookie|kunde|usuario|"
        r"utente|anonymous|amplitude)"
    ),
    "event": re.compile(r"(event|evenement|action|activit|aktion|ereignis|evento|screen|pagename|hittype)"),
    "timestamp": re.compile(r"(timestamp|datetime|time|horodatage|zeitpunkt|zeitstempel|fecha|when|^ts$)"),
    "session_id": re.compile(r"(session|sitzung|visitid)"),
}
# ... unless the name says it is something else (a user agent, an event's own id, a time zone).
_NOT: dict[str, re.Pattern[str]] = {
    "user_id": re.compile(r"(agent|type|segment|country|city|cohort|lifecycle|status|stage|email|count)"),
    "event": re.compile(r"(id$|count|number|time|date)"),
    "timestamp": re.compile(r"(zone|spent|duration|elapsed|seconds|minutes|ms$)"),
    "session_id": re.compile(r"(count|number|length|duration|time)"),
}
_SAMPLE = 5000


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def detect_event_columns(columns: Sequence[str], sample: pd.DataFrame | None = None) -> dict[str, str | None]:
    """Which of a log's ``columns`` holds each column of :data:`EVENT_LOG_COLUMNS` (``None``: not found).

    The canonical name wins, then the same name ignoring case, spaces and underscores, then a
    name exports commonly use (``visitor_id``, ``action``, ``created_at`` ...). A timestamp
    split in a date and a time column is found as ``"date+time"`` (as ``columns=`` takes it).
    A column is given one role at most. Once no required column is ``None``, the result is
    a ``columns`` mapping for :func:`~synthpersona.simulation.etl.load_event_log`.

    Names containing a telling word come next (``client_event_time``, ``id_visiteur``).
    With ``sample`` (some rows of the log), a user, event or time column still not found is
    taken from the values: the column whose text parses as dates and times in nearly every
    row, the column of many ids each repeated, and the column of a few names repeated most.

    Examples
    --------
    >>> detect_event_columns(["Visitor ID", "Action", "day", "time", "Revenue"])
    {'user_id': 'Visitor ID', 'event': 'Action', 'timestamp': 'day+time', 'session_id': None}
    """
    by_key: dict[str, str] = {}
    for c in columns:
        by_key.setdefault(_key(str(c)), str(c))  # the first of equal keys wins
    taken: set[str] = set()

    def first(names: Sequence[str]) -> str | None:
        return next((by_key[k] for k in map(_key, names) if k in by_key and by_key[k] not in taken), None)

    found: dict[str, str | None] = {}
    for role in EVENT_LOG_COLUMNS:
        found[role] = first((role, *_ALIASES[role]))
        if found[role] is not None:
            taken.add(str(found[role]))
    if found["timestamp"] is None:
        date, clock = first(_DATE_NAMES), first(_TIME_NAMES)
        if date is not None and clock is not None:
            found["timestamp"] = f"{date}+{clock}"
            taken.update((date, clock))
    for role, words in _WORDS.items():
        if found[role] is None:
            found[role] = next(
                (
                    str(c)
                    for c in columns
                    if str(c) not in taken
                    and words.search(_key(str(c)))
                    and not _NOT[role].search(_key(str(c)))
                ),
                None,
            )
            if found[role] is not None:
                taken.add(str(found[role]))
    if sample is not None and any(found[r] is None for r in ("user_id", "event", "timestamp")):
        _from_values(found, sample.head(_SAMPLE), taken)
    return found


def _from_values(found: dict[str, str | None], sample: pd.DataFrame, taken: set[str]) -> None:
    """Fill the user, event and time columns still missing from what their values look like."""
    free = [str(c) for c in sample.columns if str(c) not in taken]
    n = max(len(sample), 1)
    if found["timestamp"] is None:
        found["timestamp"] = next((c for c in free if _looks_like_times(sample[c])), None)
    free = [c for c in free if c != found["timestamp"]]
    distinct = {c: int(sample[c].nunique()) for c in free}
    if found["user_id"] is None:  # many ids, each on several rows
        ids = [c for c in free if distinct[c] >= max(20, n // 100) and n / max(distinct[c], 1) >= 1.5]
        found["user_id"] = max(ids, key=lambda c: distinct[c], default=None)
    free = [c for c in free if c != found["user_id"]]
    if found["event"] is None:  # a few names, each on many rows
        names = [
            c for c in free if 2 <= distinct[c] <= 2000 and not pd.api.types.is_numeric_dtype(sample[c].dtype)
        ]
        found["event"] = max(names, key=lambda c: distinct[c], default=None)


def _looks_like_times(values: pd.Series) -> bool:
    """Nearly every value is a date-time (text, or epoch numbers) and nearly every row has its own."""
    values = values.dropna()
    if len(values) < 2 or values.nunique() < 0.5 * len(values):
        return False
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return True
    text = values.astype(str)
    digits = text.str.fullmatch(EPOCH_TEXT)
    if bool(digits.all()):
        return False  # numbers alone: an id as often as a time; take them by name only
    if text[~digits].str.contains(r"\d{1,2}:\d{2}", regex=True).mean() < 0.9:
        return False  # dates without a time of day: a sign-up date of a customer table, not an event time
    parsed = pd.to_datetime(text[~digits], errors="coerce", format="mixed", utc=True)
    return bool(parsed.notna().mean() >= 0.9) and bool(text.str.contains(r"\d", regex=True).all())
