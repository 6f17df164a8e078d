"""Anonymous ids linked to the person they turn out to be (Segment ``identify``, PostHog ``$identify``).

Analytics tools log a visitor under an anonymous id (a device, cookie or install id) until
they log in; the login is logged as an *identify* call that carries both ids (Segment's
``identify`` with ``userId`` and ``anonymousId``, PostHog's ``$identify`` with
``distinct_id`` and ``$anon_distinct_id``). An analyst stitches the two: the events before
login belong to the person. :func:`link_anonymous_ids` does it from the log's own rows: every
row holding both a person's id and an anonymous id pairs them, an anonymous id paired with
exactly one person is that person, and rows known only by it (the person's id empty, or the
person's column holding the anonymous id itself) are given the person's id.

Only a column that *is* an id links: its name ends in no attribute of the device
(``device_model``, ``device_category``, ``browser``: strangers share a phone model), its values
are ids (no spaces, not personal data) and it has at least as many values as the people it is
seen with (a person on one or more devices); a column whose values several people share is a
vocabulary, not an id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from synthpersona.simulation._event_columns import _DEVICE_WORDS, _id_like, _key, _looks_like_ips

__all__ = ["anonymous_id_name", "blank_ids_as_missing", "link_anonymous_ids", "person_over_device"]

# the last word of a column that describes the device rather than naming it
_ATTRIBUTE = re.compile(
    r"(model|category|categories|type|kind|class|os|brand|vendor|manufacturer|make|name|version|family|"
    r"platform|language|lang|locale|browser|agent|resolution|screen|width|height|size|mobile)"
)
_SHARED_MAX = 0.1  # share of an id column's values seen with several people (shared tablets) it tolerates


def anonymous_id_name(column: str) -> bool:
    """Whether ``column`` is named for a device, install, cookie or anonymous *id*.

    ``device_model``, ``deviceCategory``, ``context.device.os`` or ``browser`` describe the device
    (many strangers share each value); ``anonymousId``, ``device_id``, ``$anon_distinct_id`` name it.

    Examples
    --------
    >>> [anonymous_id_name(c) for c in ("anonymousId", "device_id", "device_model", "device_browser", "ip")]
    [True, True, False, False, False]
    """
    if not _DEVICE_WORDS.search(_key(column)) or _key(column) == "ip":
        return False
    words = [w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", column).lower()) if w]
    return bool(words) and not _ATTRIBUTE.fullmatch(words[-1])


def blank_ids_as_missing(frame: pd.DataFrame, user: str) -> pd.DataFrame:
    """``frame`` with blank user ids (``""``, spaces: a CSV's empty cells) made missing.

    Examples
    --------
    >>> blank_ids_as_missing(pd.DataFrame({"u": ["p1", " ", ""]}), "u")["u"].isna().tolist()
    [False, True, True]
    """
    if user not in frame.columns or not (
        pd.api.types.is_object_dtype(frame[user].dtype) or pd.api.types.is_string_dtype(frame[user].dtype)
    ):
        return frame
    blank = frame[user].astype("string").str.strip().eq("").fillna(False).to_numpy(dtype=bool)
    return frame.assign(**{user: frame[user].where(~blank)}) if blank.any() else frame


def _text(values: pd.Series) -> pd.Series:
    out = values.astype("string").str.strip()
    return out.where(out != "")


def _shares(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays of distinct values share one (the larger scanned, the smaller hashed)."""
    small, big = sorted((list(a), list(b)), key=len)
    return bool(pd.Index(big, dtype=object).isin(small).any()) if small else False


def person_over_device(user: str, columns: Sequence[str], sample: pd.DataFrame) -> str | None:
    """The note saying the user id is a person's while a device's or cookie's id sits beside it.

    ``None`` when the user column is itself a device's (or IP) or no id-like device column
    (:func:`anonymous_id_name`: not ``device_browser`` or ``device_model``) with
    at least as many distinct values (a person on one or more devices) is in ``sample``.

    Examples
    --------
    >>> rows = pd.DataFrame({"userId": ["u1", "u1", "u2"], "anonymousId": ["d1", "d2", "d3"]})
    >>> person_over_device("userId", list(rows.columns), rows)[:48]
    "user id: 'userId' (a person's id), not 'anonymou"
    """
    if user not in sample.columns or _DEVICE_WORDS.search(_key(user)) or _looks_like_ips(sample[user]):
        return None
    people = sample[user].nunique()
    for c in map(str, columns):
        if c == user or c not in sample.columns or not anonymous_id_name(c):
            continue
        if sample[c].nunique() >= people and not _looks_like_ips(sample[c]) and _id_like(sample[c]):
            return (
                f"user id: {user!r} (a person's id), not {c!r} (a device, install or cookie id: "
                f"{sample[c].nunique():,} of them for {people:,} people in the first rows): a person on "
                "several devices is one user. Name another with columns={'user_id': ...}."
            )
    return None


def link_anonymous_ids(frame: pd.DataFrame, user: str) -> tuple[pd.DataFrame, str | None]:
    """``frame`` with rows known by an anonymous id given the person's id it was linked to, and a note.

    ``user`` is the person's id column; the anonymous ids are the columns named for a device,
    install, cookie or anonymous id beside it (:func:`anonymous_id_name`) whose values are ids.
    ``None`` as note: nothing was linked.

    Examples
    --------
    >>> log = pd.DataFrame({"userId": [None, "p1", "p1", "a2"], "anonymousId": ["a1", "a1", None, None]})
    >>> linked, note = link_anonymous_ids(log, "userId")
    >>> linked["userId"].tolist()
    ['p1', 'p1', 'p1', 'a2']
    """
    if user not in frame.columns or _DEVICE_WORDS.search(_key(user)):
        return frame, None
    candidates = [c for c in frame.columns if c != user and anonymous_id_name(str(c))]
    if not candidates:
        return frame, None
    person = _text(frame[user])  # a CSV's empty cells are "", not missing
    # cheap gate on a large log: rows without the person's id, or anonymous ids in the person's column
    if (
        not person.isna().any()
    ):  # distinct values compared, not rows: an id column of a million rows costs one pass
        ids = person.unique()
        candidates = [c for c in candidates if _shares(frame[c].dropna().unique(), ids)]
    candidates = [c for c in candidates if _id_like(frame[c].head(5000))]
    if not candidates:
        return frame, None
    linked = pd.Series(False, index=frame.index)
    used: list[str] = []
    for col in candidates:
        anon = _text(frame[col])
        both = pd.DataFrame({"anon": anon, "person": person}).dropna()
        both = both[both["anon"] != both["person"]]
        if both.empty or _looks_like_ips(both["anon"].head(500)):
            continue
        people = both.drop_duplicates().groupby("anon")["person"].agg(["nunique", "first"])
        if len(people) < both["person"].nunique() or (people["nunique"] > 1).mean() > _SHARED_MAX:
            continue  # fewer values than people, or values many share: a vocabulary, not an id
        alias = people.loc[people["nunique"] == 1, "first"]  # a shared device names no one
        alias = alias[~alias.index.isin(set(both["person"]))]  # an id that is a person's stays theirs
        if alias.empty:
            continue
        by_anon = anon.map(alias).where(person.isna())  # the person's id empty before login
        by_self = person.map(alias)  # the person's column holding the anonymous id (PostHog)
        fill = by_anon.fillna(by_self)
        hit = fill.notna()
        if hit.any():
            person = person.where(~hit, fill)
            linked |= hit
            used.append(str(col))
    if not linked.any():
        return frame, None
    out = frame.copy()
    out[user] = out[user].astype(object)
    out.loc[linked, user] = person[linked].astype(object)
    note = (
        f"{int(linked.sum()):,} event(s) logged before login under an anonymous id "
        f"({', '.join(map(repr, used))}) linked to the person's {user!r} "
        "(from the rows holding both, such as identify calls)"
    )
    return out, note
