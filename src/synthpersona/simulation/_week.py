"""What a behavioural persona says about its week: weekends or weekdays, and its cell of the week.

Both are :class:`~synthpersona.personas.WordRule` claims of ``personas.rules`` (true twice), said
in the users' local time when the log wrote UTC offsets (the loader keeps each row's offset); the
verifier (:mod:`synthpersona.simulation._verify`) recomputes them on the same clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from synthpersona.model import BehaviourSegmentFacts, Evidence, Segment
from synthpersona.personas import rules as words
from synthpersona.simulation._times import OFFSET_COLUMN

if TYPE_CHECKING:
    from synthpersona.simulation._profiling import _SessionStats

DAY_NS = 86_400 * 10**9


def weekday(ns: np.ndarray) -> np.ndarray:
    """Day of the week (Monday 0) of nanosecond timestamps as given (1970-01-01 was a Thursday)."""
    return (np.floor_divide(ns, DAY_NS) + 3) % 7


#: Sessions a segment needs before its week is put into words (a share of fewer says little).
MIN_WEEK_SESSIONS = 30
WEEK = "description"  # the field of the week words' evidence: they are said in the description


def _week_columns(clock: str) -> tuple[str, ...]:
    """The columns the week's words are computed from: the UTC time and, when given, each row's offset."""
    return ("timestamp",) if clock == "unstated" else ("timestamp", OFFSET_COLUMN)


def week_words(seg: Segment, overall: float, clock: str = "local") -> list[Evidence]:
    """The evidence of what the description says about the segment's week (none, or one claim).

    ``personas.rules.WEEKEND`` ("comes mostly at weekends") or ``WEEKDAY`` ("comes on weekdays"):
    the word when the segment's weekend share of sessions passes both the level and the contrast
    with all users' share, the comparative when only the contrast holds, nothing otherwise. Said in
    the users' local time when the log wrote UTC offsets; otherwise the claim names its clock
    (``personas.rules.CLOCKS``: "in UTC" for epoch or ``Z`` times).
    """
    f = seg.facts
    assert isinstance(f, BehaviourSegmentFacts)
    if f.weekend_share is None or f.n_sessions < MIN_WEEK_SESSIONS:
        return []
    for rule in (words.WEEKEND, words.WEEKDAY):
        claim = rule.says(f.weekend_share, overall)
        if claim:
            return [
                rule.evidence(
                    WEEK,
                    f.weekend_share,
                    overall,
                    claim=claim + words.CLOCKS[clock],
                    n=f.n_sessions,
                    segment_id=seg.segment_id,
                    columns=_week_columns(clock),
                )
            ]
    return []


def _contradicts(cell: str, week: Sequence[Evidence]) -> bool:
    """A weekday cell beside "comes mostly at weekends", or a weekend cell beside "comes on weekdays"."""
    for ev in week:
        if ev.claim.startswith(words.WEEKEND.word) and cell.startswith("weekday"):
            return True
        if ev.claim.startswith(words.WEEKDAY.word) and cell.startswith("weekend"):
            return True
    return False


def daypart_words(st: _SessionStats, seg: Segment, week: Sequence[Evidence] = ()) -> list[Evidence]:
    """The evidence of "mostly on <cell>" (``personas.rules.DAYPART``): the segment's cell of the week
    with the largest lift among those that pass both the level and the contrast and do not contradict
    the ``week`` words (none: nothing said). Only in the users' local time (``st.clock``): an
    "evening" in UTC, or in a clock of unknown zone, is nobody's evening."""
    m = st.cluster_of_session == seg.segment_id
    if int(m.sum()) < MIN_WEEK_SESSIONS or st.clock != "local":
        return []
    share = np.bincount(st.daypart[m], minlength=8) / m.sum()
    every = np.bincount(st.daypart, minlength=8) / len(st.daypart)
    ok = [
        c
        for c in range(8)
        if words.DAYPART.verdict(float(share[c]), float(every[c])) == words.WORD
        and not _contradicts(words.DAYPARTS[c], week)
    ]
    if not ok:
        return []
    c = max(ok, key=lambda i: share[i] / every[i])
    cell = words.DAYPARTS[c]
    return [
        words.DAYPART.evidence(
            WEEK,
            float(share[c]),
            float(every[c]),
            claim=f"{words.DAYPART.word} {cell}",
            n=int(m.sum()),
            segment_id=seg.segment_id,
            columns=_week_columns(st.clock),
            category=cell,
        )
    ]
