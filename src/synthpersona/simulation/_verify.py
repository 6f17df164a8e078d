"""Re-derive every number and name word of the behavioural personas from the event log.

:func:`verify_behaviour` reads what a user sees (each persona as
``views.seed002.persona_record`` gives it: ``summary.json`` or the API's simulation)
and recomputes it with a pandas group-by over the sessions, independently of the
numpy code that wrote it: users, sessions and shares, conversion, session length,
back steps, duration, the weekend share of sessions, the exit event, typical paths and
distinctive events, and every name word and every word of the description about the week
against its :class:`~synthpersona.personas.WordRule` (true twice: level and contrast with all
users). A true run gives no :class:`~synthpersona.personas.Mismatch`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.personas import Mismatch, rule_of
from synthpersona.personas import rules as words
from synthpersona.simulation._profiling import NAME as _NAME
from synthpersona.simulation._profiling import NO_CLEAR_SEGMENTS
from synthpersona.simulation._times import OFFSET_COLUMN, week_clock

__all__ = ["verify_behaviour"]

_REL = 1e-6
# Words a name may only carry with a rule's evidence behind them.
_NAME_WORDS = {
    "Decisive": words.DECISIVE.key,
    "who signs up": words.DECISIVE.key,  # sign-up words: said for the run's goal (GoalWords.say)
    "Quick": words.QUICK.key,
    "mostly signs up": words.MOSTLY_SIGNS_UP.key,
    words.MOSTLY_SIGNS_UP.comparative: words.MOSTLY_SIGNS_UP.key,
    words.STALLS.comparative: words.STALLS.key,
    "stalls at": words.STALLS.key,
    "leaves at": words.STALLS.key,
    "bouncer": words.BOUNCES.key,
    "Comparison shopper": words.COMPARES.key,
    words.AVERAGE_SIGN_UP: words.STALLS.key,
}


def _close(a: float | None, b: float) -> bool:
    if a is None or not isinstance(a, int | float):
        return False
    return math.isclose(float(a), b, rel_tol=_REL, abs_tol=1e-9)


class _Sessions:
    """One row per session (consecutive rows of one user and session id), computed with pandas."""

    def __init__(self, events: pd.DataFrame, completion: set[str], drops: set[str]) -> None:
        ev = events["event"].astype(str)
        user, sess = events["user_id"].to_numpy(), events["session_id"].to_numpy()
        new = np.ones(len(events), dtype=bool)
        new[1:] = (user[1:] != user[:-1]) | (sess[1:] != sess[:-1])
        sid = pd.Series(np.cumsum(new) - 1, index=events.index)
        ts = pd.to_datetime(events["timestamp"])
        if getattr(ts.dt, "tz", None) is not None:  # read as the profiler reads them: UTC, naive
            ts = ts.dt.tz_convert("UTC").dt.tz_localize(None)
        # the week in the wall-clock time the log wrote: UTC plus each row's offset, when it gave them
        self.clock = week_clock(events)
        wall = ts if self.clock == "unstated" else ts + pd.to_timedelta(events[OFFSET_COLUMN], unit="min")
        frame = pd.DataFrame({"sid": sid, "event": ev, "ts": ts, "wall": wall})
        g = frame.groupby("sid", sort=True)
        prev1, prev2 = g["event"].shift(1), g["event"].shift(2)
        frame["back"] = (frame["event"] == prev2) & (frame["event"] != prev1)
        frame["done"] = frame["event"].isin(completion)
        self.table = pd.DataFrame(
            {
                "cluster": events.loc[new, "cluster_id"].to_numpy(),
                "user": user[new],
                "length": g.size().to_numpy(),
                "converted": g["done"].any().to_numpy(),
                "back": g["back"].sum().to_numpy(),
                "duration": ((g["ts"].max() - g["ts"].min()).dt.total_seconds()).to_numpy(),
                "weekend": (g["wall"].first().dt.dayofweek >= 5).to_numpy(),
                "daypart": (
                    4 * (g["wall"].first().dt.dayofweek >= 5).astype(int) + g["wall"].first().dt.hour // 6
                ).to_numpy(),
                "path": g["event"].agg(_render).to_numpy(),
            }
        )
        # exit: the last event, or the one before it when the last is a leaving event
        names = ev.to_numpy(dtype=object)
        ends = np.append(np.flatnonzero(new)[1:] - 1, len(names) - 1)
        exit_ = names[ends].copy()
        swap = (self.table["length"].to_numpy() > 1) & np.isin(exit_, list(drops))
        exit_[swap] = names[ends[swap] - 1]
        self.table["exit"] = exit_
        self.has = pd.crosstab(frame["sid"], frame["event"]).gt(0)


def _render(names: pd.Series, max_events: int = 12, sep: str = " > ") -> str:
    items = list(names)
    if len(items) > max_events:
        items = [*items[: max_events - 2], "…", items[-1]]
    return sep.join(items)


def verify_behaviour(
    events: pd.DataFrame,
    records: Sequence[dict[str, Any]],
    *,
    completion_events: Iterable[str],
    drop_events: Iterable[str],
) -> list[Mismatch]:
    """Every number and name word of the behavioural ``records`` the event log does not back.

    Parameters
    ----------
    events
        The canonical event log (:func:`~synthpersona.simulation.load_event_log`) with the
        ``cluster_id`` of every row.
    records
        The personas as shown (``views.seed002.persona_record``, with ``evidence``).
    completion_events, drop_events
        The run's conversion and leaving events.

    Examples
    --------
    >>> from synthpersona.simulation import make_sample_events, cluster_event_sequences
    >>> from synthpersona.simulation import attach_clusters, profile_behavioural_personas
    >>> from synthpersona.views import seed002
    >>> log = attach_clusters(make_sample_events(n_users=120, random_state=0),
    ...     cluster_event_sequences(make_sample_events(n_users=120, random_state=0), k=3))
    >>> segments, personas = profile_behavioural_personas(log, completion_events=["signup_complete"],
    ...     drop_events=["drop_off"])
    >>> records = [seed002.persona_record(s, p) for s, p in zip(segments, personas)]
    >>> verify_behaviour(log, records, completion_events=["signup_complete"], drop_events=["drop_off"])
    []
    """
    completion = set(completion_events)
    s = _Sessions(events, completion, set(drop_events))
    # The names say the goal in its own words ("buys" for purchase), derived as the profiler does.
    goal = words.goal_words(completion & set(events["event"].astype(str).unique()))
    t = s.table
    found: list[Mismatch] = []
    users_total = int(events["user_id"].nunique())
    base = {
        words.RATE: float(t["converted"].mean()),
        words.MEDIAN_EVENTS: float(t["length"].median()),
        words.BACK_STEPS: float(t["back"].mean()),
        words.WEEKEND_SHARE: float(t["weekend"].mean()),
    }
    all_share = s.has.mean(axis=0)
    for rec in records:
        cid = rec.get("cluster_id")
        where = f"persona {cid} ({rec.get('name')})"
        m = (t["cluster"] == cid).to_numpy()
        if not m.any():
            found.append(Mismatch(where, f"cluster {cid}", "no session in that cluster"))
            continue
        seg = t[m]
        n_users = int(seg["user"].nunique())
        value = {
            words.RATE: float(seg["converted"].mean()),
            words.MEDIAN_EVENTS: float(seg["length"].median()),
            words.BACK_STEPS: float(seg["back"].mean()),
            words.WEEKEND_SHARE: float(seg["weekend"].mean()),
        }
        numbers = {
            "n_users": float(n_users),
            "n_sessions": float(len(seg)),
            "share_users": n_users / users_total,
            "conversion_rate": value[words.RATE],
            "median_session_events": value[words.MEDIAN_EVENTS],
            "mean_back_steps": value[words.BACK_STEPS],
            "mean_duration_s": float(seg["duration"].mean()),
        }
        if rec.get("weekend_share") is not None:  # records written before it was measured have none
            numbers["weekend_share"] = value[words.WEEKEND_SHARE]
        for key, expected in numbers.items():
            if not _close(rec.get(key), expected):
                found.append(Mismatch(f"{where} {key}", str(rec.get(key)), f"{expected:.6g}"))
        share = s.has[m].mean(axis=0)
        found += _check_events(where, rec, share, all_share, seg)
        found += _check_name(where, rec, value, base, share, all_share, goal)
        found += _check_description(where, rec, numbers, base[words.RATE])
        found += _check_week(where, rec, value, base, seg, t, s.clock)
    return found


def _check_events(
    where: str, rec: dict[str, Any], share: pd.Series, all_share: pd.Series, seg: pd.DataFrame
) -> list[Mismatch]:
    found: list[Mismatch] = []
    for event, ratio in rec.get("distinctive_events") or []:
        got = (float(share.get(event, 0.0)), float(all_share.get(event, 0.0)))
        if not _close(ratio, got[0] / got[1] if got[1] else 0.0):
            found.append(Mismatch(f"{where} distinctive {event}", f"{ratio:.4g}x", f"{got[0] / got[1]:.4g}x"))
        elif words.ROLE_EVENT.verdict(*got) != words.WORD:
            found.append(
                Mismatch(
                    f"{where} distinctive {event}",
                    event,
                    f"{got[0]:.0%} of sessions vs {got[1]:.0%} (needs 15% and 1.1x)",
                    "word",
                )
            )
    exit_event = rec.get("exit_event")
    lost = seg[~seg["converted"]]
    if exit_event is not None and len(lost):
        counts = lost["exit"].value_counts()
        if counts.get(exit_event, 0) != counts.max():
            found.append(Mismatch(f"{where} exit_event", exit_event, f"most leave at {counts.index[0]}"))
    paths = seg["path"].value_counts(normalize=True)
    for path, frac in rec.get("typical_paths") or []:
        if not _close(frac, float(paths.get(path, 0.0))):
            found.append(Mismatch(f"{where} path {path}", f"{frac:.4g}", f"{paths.get(path, 0.0):.4g}"))
    return found


def _check_name(
    where: str,
    rec: dict[str, Any],
    value: dict[str, float],
    base: dict[str, float],
    share: pd.Series,
    all_share: pd.Series,
    goal: words.GoalWords,
) -> list[Mismatch]:
    found: list[Mismatch] = []
    name = str(rec.get("name", ""))
    backed: set[str] = set()
    for ev in rec.get("evidence") or []:
        rule = rule_of(str(ev.get("statistic", "")), ev.get("thresholds") or [])
        if rule is None or ev.get("field", _NAME) != _NAME:  # the week's words are the description's
            continue
        backed.add(rule.key)
        if rule.statistic == words.EVENT_SHARE:
            got = (float(share.get(ev["category"], 0.0)), float(all_share.get(ev["category"], 0.0)))
        else:
            got = (value[rule.statistic], base[rule.statistic])
        claim = str(ev.get("claim", ""))
        if not (_close(ev.get("value"), got[0]) and _close(ev.get("baseline"), got[1])):
            found.append(
                Mismatch(f"{where} name '{claim}'", f"{ev.get('value')}", f"{got[0]:.6g} vs {got[1]:.6g}")
            )
            continue
        need, verdict = words.expected_verdict(rule, claim, goal), rule.verdict(*got)
        ok = verdict == need if need != words.NONE else _near(rule, *got)
        if not ok or claim.lower() not in name.lower():
            found.append(
                Mismatch(
                    f"{where} name", claim, f"{got[0]:.3g} vs {got[1]:.3g} overall gives {verdict}", "word"
                )
            )
    rest = name
    name_words = {goal.say(text): key for text, key in _NAME_WORDS.items()}
    for text, key in sorted(name_words.items(), key=lambda kv: -len(kv[0])):  # longest phrase first
        if text not in rest:
            continue
        rest = rest.replace(text, " ")
        rule = words.RULES[key]
        got = (value[rule.statistic], base[rule.statistic])
        need = words.expected_verdict(rule, text, goal)
        ok = rule.verdict(*got) == need if need != words.NONE else _near(rule, *got)
        if not ok:
            found.append(Mismatch(f"{where} name", text, f"{got[0]:.3g} vs {got[1]:.3g} overall", "word"))
        elif key not in backed:
            found.append(Mismatch(f"{where} name", text, "no evidence record behind this word", "word"))
    return found


_WEEK_RULES = (words.WEEKEND, words.WEEKDAY)


def _check_week(
    where: str,
    rec: dict[str, Any],
    value: dict[str, float],
    base: dict[str, float],
    seg: pd.DataFrame,
    every: pd.DataFrame,
    clock: str,
) -> list[Mismatch]:
    """The description's words about the week: each backed by evidence the log recomputes, true twice,
    in the clock the log's times are in (``personas.rules.CLOCKS``: named unless the users' local)."""
    found: list[Mismatch] = []
    text = str(rec.get("description", ""))
    suffix = words.CLOCKS[clock]
    got = (value[words.WEEKEND_SHARE], base[words.WEEKEND_SHARE])
    said: set[str] = set()
    for ev in rec.get("evidence") or []:
        rule = rule_of(str(ev.get("statistic", "")), ev.get("thresholds") or [])
        if rule not in _WEEK_RULES:
            continue
        assert rule is not None
        claim = str(ev.get("claim", ""))
        bare = claim.removesuffix(suffix) if suffix else claim
        said.add(bare)
        if not (_close(ev.get("value"), got[0]) and _close(ev.get("baseline"), got[1])):
            found.append(
                Mismatch(f"{where} week '{claim}'", f"{ev.get('value')}", f"{got[0]:.6g} vs {got[1]:.6g}")
            )
            continue
        if bare == claim and suffix:
            found.append(Mismatch(f"{where} week", claim, f"the clock named: '{bare}{suffix}'", "word"))
            continue
        verdict = rule.verdict(*got)
        if verdict != words.expected_verdict(rule, bare) or claim not in text:
            found.append(
                Mismatch(
                    f"{where} week",
                    claim,
                    f"{got[0]:.3g} vs {got[1]:.3g} at weekends gives {verdict}",
                    "word",
                )
            )
    for rule in _WEEK_RULES:
        for phrase in (rule.word, rule.comparative):
            if phrase and phrase in text and phrase not in said:
                found.append(
                    Mismatch(f"{where} week", phrase, "no evidence record behind these words", "word")
                )
    return found + _check_daypart(where, rec, seg, every, clock)


def _check_daypart(
    where: str, rec: dict[str, Any], seg: pd.DataFrame, every: pd.DataFrame, clock: str
) -> list[Mismatch]:
    """The description's "mostly on <cell of the week>": backed by evidence the log recomputes, true
    twice, in the users' local time only, and not beside a week word it contradicts."""
    found: list[Mismatch] = []
    text = str(rec.get("description", ""))
    said: set[str] = set()
    for ev in rec.get("evidence") or []:
        if rule_of(str(ev.get("statistic", "")), ev.get("thresholds") or []) is not words.DAYPART:
            continue
        cell, claim = str(ev.get("category", "")), str(ev.get("claim", ""))
        said.add(claim)
        if cell not in words.DAYPARTS or claim != f"{words.DAYPART.word} {cell}":
            found.append(
                Mismatch(f"{where} week", claim, "a cell of the week (personas.rules.DAYPARTS)", "word")
            )
            continue
        if clock != "local":
            found.append(
                Mismatch(f"{where} week", claim, "no day part: the log's times carry no UTC offsets", "word")
            )
            continue
        against = words.WEEKEND.word if cell.startswith("weekday") else words.WEEKDAY.word
        if against in text:
            found.append(Mismatch(f"{where} week", claim, f"contradicts '{against}'", "word"))
            continue
        c = words.DAYPARTS.index(cell)
        got = (float((seg["daypart"] == c).mean()), float((every["daypart"] == c).mean()))
        if not (_close(ev.get("value"), got[0]) and _close(ev.get("baseline"), got[1])):
            found.append(
                Mismatch(f"{where} week '{claim}'", f"{ev.get('value')}", f"{got[0]:.6g} vs {got[1]:.6g}")
            )
        elif words.DAYPART.verdict(*got) != words.WORD or claim not in text:
            found.append(
                Mismatch(f"{where} week", claim, f"{got[0]:.3g} vs {got[1]:.3g} of sessions", "word")
            )
    for cell in words.DAYPARTS:
        phrase = f"{words.DAYPART.word} {cell}"
        if phrase in text and phrase not in said:
            found.append(Mismatch(f"{where} week", phrase, "no evidence record behind these words", "word"))
    return found


def _near(rule: words.WordRule, value: float, baseline: float) -> bool:
    """Neither conversion contrast holds: within ``rule.contrast`` of the baseline either way."""
    return abs(value - baseline) < rule.contrast


_PCT = re.compile(r"^(\d+)% of users; (\d+)% of sessions convert \(all users (\d+)%\)")


def _check_description(
    where: str, rec: dict[str, Any], numbers: dict[str, float], overall: float
) -> list[Mismatch]:
    # a descriptive split's personas open with the fixed no-clear-segments sentence; the figures follow
    text = str(rec.get("description", "")).removeprefix(NO_CLEAR_SEGMENTS).lstrip()
    match = _PCT.match(text)
    expected = _pct((numbers["share_users"], numbers["conversion_rate"], overall))
    shown = tuple(int(x) for x in match.groups()) if match else None
    if shown != expected:
        return [
            Mismatch(
                f"{where} description",
                text[:60],
                f"{expected[0]}% of users, {expected[1]}% of sessions convert (all users {expected[2]}%)",
            )
        ]
    return []


def _pct(values: tuple[float, ...]) -> tuple[int, ...]:
    """Percentages as ``format(x, '.0%')`` prints them."""
    return tuple(int(f"{x:.0%}".rstrip("%")) for x in values)
