"""Anonymous ids linked to the person they turn out to be (Segment ``identify``, PostHog ``$identify``).

Analytics tools log a visitor under an anonymous id (a device, cookie or install id) until
they log in; the login is logged as an *identify* call that carries both ids (Segment's
``identify`` with ``userId`` and ``anonymousId``, PostHog's ``$identify`` with
``distinct_id`` and ``$anon_distinct_id``). An analyst stitches the two: the events before
login belong to the person. :func:`link_anonymous_ids` does it from the log's own rows: every
row holding both a person's id and an anonymous id pairs them, an anonymous id paired with
exactly one person is that person, and rows known only by it (the person's id empty, or the
person's column holding the anonymous id itself) are given the person's id.
"""

from __future__ import annotations

import pandas as pd

from synthpersona.simulation._event_columns import _DEVICE_WORDS, _key, _looks_like_ips

__all__ = ["link_anonymous_ids"]


def _text(values: pd.Series) -> pd.Series:
    out = values.astype("string").str.strip()
    return out.where(out != "")


def _shares(a: object, b: object) -> bool:
    """Whether two arrays of distinct values share one (the larger scanned, the smaller hashed)."""
    small, big = sorted((list(a), list(b)), key=len)  # type: ignore[call-overload]
    return bool(pd.Index(big, dtype=object).isin(small).any()) if small else False


def link_anonymous_ids(frame: pd.DataFrame, user: str) -> tuple[pd.DataFrame, str | None]:
    """``frame`` with rows known by an anonymous id given the person's id it was linked to, and a note.

    ``user`` is the person's id column; the anonymous ids are the columns named for a device,
    install, cookie or anonymous id beside it. ``None`` as note: nothing was linked.

    Examples
    --------
    >>> log = pd.DataFrame({"userId": [None, "p1", "p1", "a2"], "anonymousId": ["a1", "a1", None, None]})
    >>> linked, note = link_anonymous_ids(log, "userId")
    >>> linked["userId"].tolist()
    ['p1', 'p1', 'p1', 'a2']
    """
    if user not in frame.columns or _DEVICE_WORDS.search(_key(user)):
        return frame, None
    candidates = [
        c for c in frame.columns if c != user and _DEVICE_WORDS.search(_key(str(c))) and _key(str(c)) != "ip"
    ]
    if not candidates:
        return frame, None
    raw = frame[user]
    # cheap gate on a large log: rows without the person's id, or anonymous ids in the person's column
    empty = bool(raw.isna().any() or (raw.dtype == object and (raw == "").any()))
    if not empty:  # distinct values compared, not rows: an id column of a million rows costs one pass
        ids = raw.dropna().unique()
        candidates = [c for c in candidates if _shares(frame[c].dropna().unique(), ids)]
    if not candidates:
        return frame, None
    person = _text(raw)
    linked = pd.Series(False, index=frame.index)
    used: list[str] = []
    for col in candidates:
        anon = _text(frame[col])
        both = pd.DataFrame({"anon": anon, "person": person}).dropna()
        both = both[both["anon"] != both["person"]]
        if both.empty or _looks_like_ips(both["anon"].head(500)):
            continue
        people = both.drop_duplicates().groupby("anon")["person"].agg(["nunique", "first"])
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
