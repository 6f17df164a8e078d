"""The columns of an event log: what each holds, the names exports give them, and finding them.

One home for the event-log column vocabulary: :func:`~synthpersona.simulation.etl.load_event_log`
maps ``columns=`` onto :data:`EVENT_LOG_COLUMNS`, and interfaces (the web UI's column
mapping) pre-fill their pickers with :func:`detect_event_columns`.

One detection, evidence from the header and the values together: a header is a candidate
for a role by its name (the canonical name, an alias, a telling word inside it) or by its
meaning (the offline multilingual embeddings, for headers no list knows: ``usuario``,
``Zeitstempel``, ``घटना``); with some rows, a candidate whose values cannot hold that role
(a user column left mostly empty, clock times without a date) is passed over, and a role no
header names is taken from the values alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from synthpersona.errors import DataError
from synthpersona.simulation._times import EPOCH_TEXT, parse_timestamps

__all__ = ["EVENT_LOG_COLUMNS", "EVENT_MEANINGS", "REQUIRED_COLUMNS", "detect_event_columns"]

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
        "amplitude_id",
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
        "event_time",  # Amplitude's, before its client_event_time and server_upload_time
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
    "event": re.compile(
        r"(event|evenement|action|activit|aktion|ereignis|evento|screen|pagename|hittype|uristem|requesturi|"
        r"requestpath|urlpath)"
    ),
    "timestamp": re.compile(r"(timestamp|datetime|time|horodatage|zeitpunkt|zeitstempel|fecha|when|^ts$)"),
    "session_id": re.compile(r"(session|sitzung|visitid)"),
}
# ... unless the name says it is something else (a user agent, an event's own id, a time zone).
_NOT: dict[str, re.Pattern[str]] = {
    "user_id": re.compile(r"(agent|type|segment|country|city|cohort|lifecycle|status|stage|email|count)"),
    "event": re.compile(r"(id$|count|number|time|date|refer|agent|host|query|cookie)"),
    "timestamp": re.compile(r"(zone|spent|duration|elapsed|seconds|minutes|ms$)"),
    "session_id": re.compile(r"(count|number|length|duration|time)"),
}
# What each column means, in short English descriptions the header is compared with through the
# offline multilingual embeddings (synthpersona.tables.meaning_scores), for headers the names
# above do not cover ("usuario", "Zeitstempel", "घटना"); "other" absorbs the extra columns
# exports carry, so they are not taken for one of ours.
EVENT_MEANINGS: dict[str, tuple[str, ...]] = {
    "user_id": ("user id", "user", "customer", "visitor", "account holder", "client id", "member"),
    "event": ("event name", "event", "action", "page viewed", "what the user did", "activity"),
    "timestamp": ("timestamp", "date and time", "when it happened", "event time"),
    "session_id": ("session id", "session", "visit"),
    "date": ("date", "day"),
    "time": ("time of day", "clock time"),
    "other": ("amount", "price", "revenue", "quantity", "country", "device", "browser", "insert id"),
}  # fmt: skip
_SAMPLE = 5000
_CLOCK = r"\s*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*"


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def detect_event_columns(
    columns: Sequence[str], sample: pd.DataFrame | None = None, *, meaning: bool = True
) -> dict[str, str | None]:
    """Which of a log's ``columns`` holds each column of :data:`EVENT_LOG_COLUMNS` (``None``: not found).

    The canonical name wins, then the same name ignoring case, spaces and underscores, then a
    name exports commonly use (``visitor_id``, ``action``, ``created_at`` ...), then a name
    containing a telling word (``client_event_time``, ``id_visiteur``), then, with ``meaning``
    (default), the header closest in meaning to the role (:data:`EVENT_MEANINGS`, through the
    offline multilingual embeddings: ``usuario``, ``Zeitstempel``, ``घटना``). A timestamp split
    in a date and a time column is found as ``"date+time"`` (as ``columns=`` takes it). A
    column is given one role at most. Once no required column is ``None``, the result is a
    ``columns`` mapping for :func:`~synthpersona.simulation.etl.load_event_log`.

    With ``sample`` (some rows of the log) the values have their say too: a header whose
    values cannot hold the role is passed over (a user column mostly empty, an event column of
    numbers, a time column of clock times without a date), and a user, event or time column
    still not found is taken from the values: the column whose text parses as dates and times
    in nearly every row (or a column of dates beside one of clock times), the column of many
    ids each repeated, and the column of a few names repeated most. A person's id
    (``user_id``, ``amplitude_id``, ``userId``) wins over a device's (``device_id``,
    ``anonymousId``) it sits beside.

    Examples
    --------
    >>> detect_event_columns(["Visitor ID", "Action", "day", "time", "Revenue"])
    {'user_id': 'Visitor ID', 'event': 'Action', 'timestamp': 'day+time', 'session_id': None}
    """
    head = sample.head(_SAMPLE) if sample is not None else None
    by_key: dict[str, str] = {}
    for c in columns:
        by_key.setdefault(_key(str(c)), str(c))  # the first of equal keys wins
    taken: set[str] = set()
    found: dict[str, str | None] = dict.fromkeys(EVENT_LOG_COLUMNS)

    def take(role: str, candidates: Sequence[str]) -> None:
        pick = next((c for c in candidates if c not in taken and _fits(role, c, head)), None)
        if pick is not None:
            found[role] = pick
            taken.add(pick)

    for role in EVENT_LOG_COLUMNS:  # 1. the canonical name or an alias
        take(role, [by_key[k] for k in map(_key, (role, *_ALIASES[role])) if k in by_key])
    named_session = found["session_id"]  # named so: kept whatever its span (the log says so)
    if found["timestamp"] is None:  # 2. a date and a time column named so
        date = next(
            (by_key[k] for k in map(_key, _DATE_NAMES) if k in by_key and by_key[k] not in taken), None
        )
        clock = next(
            (by_key[k] for k in map(_key, _TIME_NAMES) if k in by_key and by_key[k] not in taken), None
        )
        if date is not None and clock is not None:
            found["timestamp"] = f"{date}+{clock}"
            taken.update((date, clock))
    for role, words in _WORDS.items():  # 3. a telling word inside the name
        if found[role] is None:
            named = [
                str(c) for c in columns if words.search(_key(str(c))) and not _NOT[role].search(_key(str(c)))
            ]
            take(role, named)
    if head is not None and found["event"] is not None:  # 3b. of several event columns, the one saying what
        _richer_event(found, columns, by_key, head, taken)
    if meaning and any(v is None for v in found.values()):  # 4. the header's meaning
        _by_meaning(columns, found, taken, head)
    if head is not None and any(found[r] is None for r in ("user_id", "event", "timestamp")):
        _from_values(found, head, taken)  # 5. the values alone
    if head is not None:
        _event_time(found, head, taken)  # 6. of several date-times, the one that says when it happened
        if found["session_id"] != named_session:  # 7. a "session" whose events lie days apart is a device
            _visit_not_device(found, head)
        _person_not_device(found, columns, head, taken)  # 8. a person's id over one of their devices'
    return found


# ids of a device, browser or install, not of the person (who may use several)
_DEVICE_WORDS = re.compile(
    r"(device|cookie|anonymous|anon|install|browser|idfa|gaid|advertis|objectid|visid|fingerprint|machine|^ip$)"
)
# ids of a person, whatever device they use (an "account" is often a company, a GA "client" a cookie)
_PERSON_WORDS = re.compile(
    r"(user|customer|member|person|kunde|usuario|utente|amplitude|distinct|identity|uid)"
)


def _person_not_device(
    found: dict[str, str | None], columns: Sequence[str], sample: pd.DataFrame, taken: set[str]
) -> None:
    """Take a person's id for the user when the user column found is a device's.

    Amplitude exports carry ``device_id`` beside ``user_id`` and ``amplitude_id``, Segment
    ``anonymousId`` beside ``userId``, CleverTap ``objectId`` beside ``identity``: a person on
    two phones is one user, not two. A column named for a person (not a device), filled on
    most rows, with no more distinct values than the device column (one person, one or more
    devices) and not far fewer (not a company or a plan), is the user instead. A user column
    of IP addresses (nginx's ``remote_addr``) gives way to a cookie or user id beside it.
    """
    user = found["user_id"]
    if user is None or user not in sample.columns:
        return
    by_ip = _looks_like_ips(sample[user])  # a network address: shared behind a router, changed on the move
    if not by_ip and not _DEVICE_WORDS.search(_key(user)):
        return
    devices = sample[user].nunique()
    # what the other roles hold now (a column dropped from the session in step 7 is free again)
    used = {part for role in ("event", "timestamp") for part in str(found[role] or "").split("+")}
    for c in map(str, columns):
        key = _key(c)
        if (
            c in used  # a person's id read as the session is no visit: it may move to the user
            or c not in sample.columns
            or not (_PERSON_WORDS.search(key) or (by_ip and _COOKIE_WORDS.search(key)))
            or (_DEVICE_WORDS.search(key) and not by_ip)
            or _NOT["user_id"].search(key)
            or not _fits("user_id", c, sample)
            or pd.api.types.is_float_dtype(sample[c].dtype)
            or _looks_like_ips(sample[c])
            or not _id_like(sample[c])
        ):
            continue
        people = sample[c].nunique()
        if by_ip:  # a cookie or user id beside an IP: the visitor, unless it is one per row
            fits = people >= 0.25 * devices and people < 0.95 * sample[c].notna().sum()
        else:
            fits = 0.25 * devices <= people <= devices
        if fits:
            taken.discard(user)
            taken.add(c)  # ``taken`` may already hold it (a session dropped in step 7)
            found["user_id"] = c
            if found["session_id"] == c:
                found["session_id"] = None
            return


def _id_like(values: pd.Series) -> bool:
    """Whether a column can key a user: ids (no spaces), not personal data.

    A person's name, e-mail or phone (``customer_name``, ``User Name``) is never a user key:
    it would go into the run's outputs, and two people sharing a name would become one user.
    The tables' one personal-data detector (:func:`synthpersona.tables.detect_role`) decides
    what is personal; a value with spaces in it is a name or a label, not an id.
    """
    from synthpersona.tables import detect_role

    text = values.dropna().astype(str).head(1000)
    if not len(text) or float(text.str.contains(r"\s", regex=True).mean()) > 0.05:
        return False
    return not detect_role(str(values.name), text.astype("string")).personal


_COOKIE_WORDS = re.compile(r"(cookie|uid|visitor|sid$|clientid)")
_IP = re.compile(r"\s*(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){3,7})\s*", re.IGNORECASE)


def _looks_like_ips(values: pd.Series) -> bool:
    text = values.dropna().astype(str).head(1000)
    return bool(len(text)) and float(text.str.fullmatch(_IP).mean()) >= 0.9


_SESSION_SPAN = pd.Timedelta(hours=3)
_GENERIC_KINDS = 5  # an event column of this few values may only say the kind of interaction


def _richer_event(
    found: dict[str, str | None],
    columns: Sequence[str],
    by_key: dict[str, str],
    sample: pd.DataFrame,
    taken: set[str],
) -> None:
    """Swap a generic event column (``open``/``tap``/``scroll``) for another event column saying what.

    Trackers log the kind of interaction beside the thing interacted with: an app log's
    ``action`` (open, tap, scroll) beside its ``screen``, Heap's ``type`` (view page, click,
    submit) beside the defined event, a warehouse's ``event`` (track, page) beside
    ``event_text``. Both read as the event by name; the values tell them apart: when the event
    found has at most :data:`_GENERIC_KINDS` values and another column named like an event
    (an alias or a telling word) has at least twice as many, the other is taken.
    """
    current = str(found["event"])
    if current not in sample.columns or sample[current].nunique() > _GENERIC_KINDS:
        return
    named = [by_key[k] for k in map(_key, ("event", *_ALIASES["event"])) if k in by_key]
    named += [
        str(c)
        for c in columns
        if _WORDS["event"].search(_key(str(c))) and not _NOT["event"].search(_key(str(c)))
    ]
    richer = [
        c
        for c in dict.fromkeys(named)
        if c != current and c not in taken and c in sample.columns and _fits("event", c, sample)
    ]
    counts = {c: int(sample[c].nunique()) for c in richer}
    best = max(
        (c for c in richer if 2 * sample[current].nunique() <= counts[c] <= 2000),
        key=lambda c: counts[c],
        default=None,
    )
    if best is not None:
        taken.discard(current)
        taken.add(best)
        found["event"] = best


def _visit_not_device(found: dict[str, str | None], sample: pd.DataFrame) -> None:
    """Drop the session column when its values span days: a device or browser id, not a visit.

    Segment's and RudderStack's ``anonymous_id`` names the device; taken for the session by
    its meaning, it merged a user's visits days apart into one (1,839 sessions for 3,008 on a
    RudderStack log; conversion per "session" 29 % for 25 %). A visit lasts minutes to hours:
    when more than a quarter of the (user, session) pairs seen twice or more in ``sample``
    span over :data:`_SESSION_SPAN`, sessions are cut from the idle gaps instead. A column
    named ``session``/``session_id`` is not checked: the log says what it is.
    """
    session, time, user = found["session_id"], found["timestamp"], found["user_id"]
    if session is None or time is None or "+" in time or session not in sample.columns:
        return
    try:
        stamps, _ = parse_timestamps(sample[time], "drop")
    except DataError:
        return
    keys = [sample[user]] if user is not None and user in sample.columns else []
    frame = pd.DataFrame({"t": stamps.to_numpy(), "s": sample[session].to_numpy()})
    for i, k in enumerate(keys):
        frame[f"u{i}"] = k.to_numpy()
    frame = frame.dropna()
    groups = frame.groupby([*(f"u{i}" for i in range(len(keys))), "s"])["t"]
    spans = (groups.max() - groups.min())[groups.size() >= 2]
    if len(spans) >= 20 and float((spans > _SESSION_SPAN).mean()) > 0.25:
        found["session_id"] = None


# Date-times a database or a pipeline stamps on a row after the fact, not when the event happened.
_BOOKKEEPING = re.compile(
    r"(updat|modif|chang|edit|receiv|load|sync|process|insert|ingest|upload|import|export|sent|delet|"
    r"batch|etl|aktualisi|geander|modifi|actualiz|aggiorn)"
)


def _event_time(found: dict[str, str | None], sample: pd.DataFrame, taken: set[str]) -> None:
    """Swap the time column for another date-time column when that one is the event's own time.

    Tables dumped from an application carry several stamps (``created_at``, ``updated_at``,
    ``received_at``). The event's time is told by its header's meaning (a bookkeeping stamp
    says *updated*, *received*, *loaded*...) and by its values: events spread over many
    minutes, while a stamp written by a nightly job or a migration bunches on a few.
    """
    current = found["timestamp"]
    if current is None or "+" in current:
        return
    others = [
        str(c)
        for c in sample.columns
        if str(c) not in taken and str(c) != current and _looks_like_times(sample[str(c)])
    ]
    if not others:
        return
    candidates = [current, *others]
    spread = {c: _minute_spread(sample[c]) for c in candidates}
    best = max(spread.values())
    plausible = [c for c in candidates if spread[c] >= 0.5 * best]
    telling = [c for c in plausible if not _BOOKKEEPING.search(_key(c))] or plausible
    pick = current if current in telling else max(telling, key=lambda c: spread[c])
    if pick != current:
        taken.discard(current)
        taken.add(pick)
        found["timestamp"] = pick


def _minute_spread(values: pd.Series) -> float:
    """Distinct minutes per row: near 1 for events, small for a stamp a batch job wrote."""
    values = values.dropna()
    if not len(values):
        return 0.0
    try:
        parsed, _ = parse_timestamps(values, "drop")
    except DataError:  # numbers that are not epoch times spread as nothing
        return 0.0
    parsed = parsed.dropna()
    return float(parsed.dt.floor("min").nunique() / max(len(values), 1))


def _fits(role: str, column: str, sample: pd.DataFrame | None) -> bool:
    """Whether ``column``'s values can hold ``role`` (always, without a sample)."""
    if sample is None or column not in sample.columns:
        return True
    values = sample[column]
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        values = values.mask(values.astype(str).str.strip() == "")
    filled = values.dropna()
    if len(values) and len(filled) < 0.5 * len(values):
        return False  # mostly empty: e.g. a user_id set only once someone signs up
    if role == "event":
        return (
            not pd.api.types.is_float_dtype(values.dtype)
            and filled.nunique() >= 2
            and not _looks_like_times(filled.head(1000))  # a date-time column (``modified_at``) is no event
            and not _looks_like_ids(filled.head(1000))  # an IP address or a UUID says who, not what
            and not bool(filled.head(1000).astype(str).str.contains(_AGENT).mean() >= 0.5)  # a browser
        )
    if role == "session_id":  # one row per value: an event's own id (``uuid``, ``$insert_id``)
        return bool(filled.nunique() < 0.95 * len(filled))
    if role == "timestamp":
        text = filled.astype(str).head(1000)
        if pd.api.types.is_datetime64_any_dtype(values.dtype) or pd.api.types.is_numeric_dtype(values.dtype):
            return True
        return not bool(text.str.fullmatch(_CLOCK).mean() >= 0.9)  # clock times alone: no date
    return True


# addresses and opaque ids: an IP (v4/v6), a UUID or long hex, an e-mail
_ID_VALUE = re.compile(
    r"\s*(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){3,7}|[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?"
    r"[0-9a-f]{4}-?[0-9a-f]{12}|[0-9a-f]{16,}|[^@\s]+@[^@\s]+\.\w+)\s*",
    re.IGNORECASE,
)


_AGENT = re.compile(r"^Mozilla/|AppleWebKit|Gecko/|^Dalvik/|^okhttp/|^curl/|bot\b", re.IGNORECASE)


def _looks_like_ids(values: pd.Series) -> bool:
    """Nearly every value is an IP address, a UUID, a long hex id or an e-mail."""
    text = values.astype(str)
    return bool(len(text)) and float(text.str.fullmatch(_ID_VALUE).mean()) >= 0.9


def _by_meaning(
    columns: Sequence[str], found: dict[str, str | None], taken: set[str], sample: pd.DataFrame | None
) -> None:
    """Fill the roles still ``None`` from the headers closest in meaning to them.

    Each free header is scored against every meaning, centred on its mean score (the
    embeddings rate some words close to everything); the roles are then given to headers by
    one best assignment over all of them (Hungarian). A header goes to a role only when it
    reads more like that role than like the columns exports add ("other") and clearly more
    than like the average meaning (:data:`~synthpersona.tables.MEANING_MARGIN`), its name
    does not say it is something else (``timezone``, ``user_agent``) and its values fit. A
    date and a time header together make the timestamp.
    """
    from scipy.optimize import linear_sum_assignment

    from synthpersona.tables import MEANING_MARGIN as MARGIN
    from synthpersona.tables import meaning_scores

    # one or two Latin letters ("a", "x1") say nothing; two CJK characters ("日時") can
    free = [
        str(c) for c in columns if str(c) not in taken and not (str(c).isascii() and len(str(c).strip()) <= 2)
    ]
    if not free:
        return
    raw = [meaning_scores(c, EVENT_MEANINGS) for c in free]
    centred = [{k: v - float(np.mean(list(sc.values()))) for k, v in sc.items()} for sc in raw]
    if found["timestamp"] is None:
        dates = [c for c, sc in zip(free, centred, strict=True) if max(sc, key=sc.__getitem__) == "date"]
        clocks = [c for c, sc in zip(free, centred, strict=True) if max(sc, key=sc.__getitem__) == "time"]
        if dates and clocks:
            found["timestamp"] = f"{dates[0]}+{clocks[0]}"
            taken.update((dates[0], clocks[0]))
            keep = [i for i, c in enumerate(free) if c not in (dates[0], clocks[0])]
            free, centred = [free[i] for i in keep], [centred[i] for i in keep]
    roles = [r for r in EVENT_LOG_COLUMNS if found[r] is None]
    if not roles or not free:
        return

    def fit(sc: dict[str, float], role: str) -> float:
        return max(sc["timestamp"], sc["date"], sc["time"]) if role == "timestamp" else sc[role]

    gain = np.array([[fit(sc, r) for r in roles] for sc in centred])
    rows, cols = linear_sum_assignment(-gain)
    for i, j in zip(rows, cols, strict=True):
        if (
            not _NOT[roles[j]].search(_key(free[i]))  # the name says it is something else
            and gain[i, j] > centred[i]["other"]
            and gain[i, j] >= MARGIN  # a clear lead over the header's average meaning
            and _fits(roles[j], free[i], sample)
        ):
            found[roles[j]] = free[i]
            taken.add(free[i])


def _from_values(found: dict[str, str | None], sample: pd.DataFrame, taken: set[str]) -> None:
    """Fill the user, event and time columns still missing from what their values look like."""
    free = [str(c) for c in sample.columns if str(c) not in taken]
    n = max(len(sample), 1)
    if found["timestamp"] is None:
        found["timestamp"] = next((c for c in free if _looks_like_times(sample[c])), None)
        if found["timestamp"] is None:
            found["timestamp"] = _date_and_clock(sample, free)
        if found["timestamp"] is not None:
            taken.update(found["timestamp"].split("+"))
    free = [c for c in free if c not in taken and _fits("user_id", c, sample)]
    distinct = {c: int(sample[c].nunique()) for c in free}
    if found["user_id"] is None:  # many ids, each on several rows
        ids = [c for c in free if distinct[c] >= max(20, n // 100) and n / max(distinct[c], 1) >= 1.5]
        found["user_id"] = max(ids, key=lambda c: distinct[c], default=None)
    free = [c for c in free if c != found["user_id"]]
    if found["event"] is None:  # a few names, each on many rows
        names = [
            c
            for c in free
            if 2 <= distinct[c] <= 2000
            and not _NOT["event"].search(_key(c))  # an ``accountId`` is an id, not what was done
            and not pd.api.types.is_numeric_dtype(sample[c].dtype)
            and _fits("event", c, sample)
        ]
        found["event"] = max(names, key=lambda c: distinct[c], default=None)


def _date_and_clock(sample: pd.DataFrame, free: Sequence[str]) -> str | None:
    """``"date+time"`` for a column of dates beside one of clock times (``05.03.2024`` | ``14:22:05``)."""
    text = {c: sample[c].dropna().astype(str).head(1000) for c in free}
    clocks = [c for c in free if len(text[c]) and text[c].str.fullmatch(_CLOCK).mean() >= 0.9]
    dates = [
        c
        for c in free
        if c not in clocks
        and len(text[c])
        and text[c].str.fullmatch(r"\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\s*").mean() >= 0.9
    ]
    return f"{dates[0]}+{clocks[0]}" if dates and clocks else None


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
    if text[~digits].str.fullmatch(_CLOCK).mean() >= 0.9:
        return False  # clock times without a date: half of a date + time pair
    parsed = pd.to_datetime(text[~digits], errors="coerce", format="mixed", utc=True)
    return bool(parsed.notna().mean() >= 0.9) and bool(text.str.contains(r"\d", regex=True).all())
