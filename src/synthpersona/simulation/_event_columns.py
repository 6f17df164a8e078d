"""The columns of an event log: what each holds, the names exports give them, and finding them.

One home for the event-log column vocabulary: :func:`~synthpersona.simulation.etl.load_event_log`
maps ``columns=`` onto :data:`EVENT_LOG_COLUMNS`, and interfaces (the web UI's column
mapping) pre-fill their pickers with :func:`detect_event_columns`.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def detect_event_columns(columns: Sequence[str]) -> dict[str, str | None]:
    """Which of a log's ``columns`` holds each column of :data:`EVENT_LOG_COLUMNS` (``None``: not found).

    The canonical name wins, then the same name ignoring case, spaces and underscores, then a
    name exports commonly use (``visitor_id``, ``action``, ``created_at`` ...). A timestamp
    split in a date and a time column is found as ``"date+time"`` (as ``columns=`` takes it).
    A column is given one role at most. Once no required column is ``None``, the result is
    a ``columns`` mapping for :func:`~synthpersona.simulation.etl.load_event_log`.

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
    return found
