"""Behavioural segments and personas (core model): numbers per cluster and a name drawn from them.

A name combines what a cluster does more than everyone else (its most
over-represented mid-funnel event gives the role: "Researcher", "Searcher"...)
with how its sessions end (converts quickly, stalls at the form, bounces). Every
word of a name is a :class:`~synthpersona.personas.WordRule` of ``personas``
(true twice: an absolute level and a contrast with all users) and carries its
evidence on the persona, so ``synthpersona verify`` can recompute it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.errors import DataError
from synthpersona.model import RATE, BehaviourSegmentFacts, Evidence, Outcome, Persona, Segment
from synthpersona.personas import rules as words
from synthpersona.simulation._sessions import Sessions, index_sessions
from synthpersona.simulation._times import OFFSET_COLUMN, week_clock
from synthpersona.simulation._week import DAY_NS, daypart_words, week_words, weekday
from synthpersona.simulation.features import (
    _completion_mask,
    default_drop_events,
    user_attribute_columns,
)

__all__ = ["NO_CLEAR_SEGMENTS", "humanise_event", "profile_behavioural_personas", "say_no_clear_segments"]

# Event-name keywords -> (role noun, place phrase). First match wins.
_ROLES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("form", "error"), "Form struggler", "the form"),
    (("pricing", "price", "plan"), "Price checker", "pricing"),
    (("product", "detail", "item", "view"), "Researcher", "product pages"),
    (("search", "query"), "Searcher", "search"),
    (("browse", "category", "catalog", "list"), "Browser", "browsing"),
    (("cart", "basket"), "Cart builder", "the cart"),
    (("checkout", "payment"), "Checkout visitor", "checkout"),
    (("signup", "register", "sign_up"), "Sign-up starter", "sign-up"),
    # An account page is not a sign-up: shoppers visit theirs (Retentioneering's ``account_page``).
    (("account", "profile"), "Account visitor", "the account page"),
    (("landing", "home"), "Visitor", "the landing page"),
)


def humanise_event(event: str) -> str:
    """A place phrase for an event name: ``form_error`` -> ``"the form"``."""
    low = event.lower()
    for keys, _, place in _ROLES:
        if any(w in low for w in keys):
            return place
    return event.replace("_", " ")


def _role(event: str) -> str:
    low = event.lower()
    for keys, role, _ in _ROLES:
        if any(w in low for w in keys):
            return role
    return f"{event.replace('_', ' ').capitalize()} explorer"


def profile_behavioural_personas(
    segmented_events: pd.DataFrame,
    *,
    completion_events: Iterable[str] | None = None,
    drop_events: Iterable[str] | None = None,
    funnel_events: Sequence[str] | None = None,
    n_paths: int = 3,
    sessions: Sessions | None = None,
) -> tuple[list[Segment], list[Persona]]:
    """Profile every ``cluster_id`` of an event log as a segment and name its persona.

    Parameters
    ----------
    segmented_events
        Output of :func:`~synthpersona.simulation.sequences.attach_clusters`.
    completion_events, drop_events
        Conversion and leaving events (defaults: inferred from event names).
    funnel_events
        Optional ordered funnel for ``dropoff_step``.
    n_paths
        Typical paths kept per persona.
    sessions
        The log's session index (``index_sessions``) when the caller has built it already (of
        the same rows: the log before ``attach_clusters``); built here otherwise.

    Returns
    -------
    segments, personas
        One :class:`~synthpersona.model.Segment` (with
        :class:`~synthpersona.model.BehaviourSegmentFacts`; members are user ids) and one
        :class:`~synthpersona.model.Persona` (its name and a sentence of its numbers) per
        cluster, in cluster order. Seed 002's persona summary is
        :func:`synthpersona.views.seed002.persona_summary`.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> from synthpersona.simulation.sequences import attach_clusters, cluster_event_sequences
    >>> log = make_sample_events(random_state=0)
    >>> seg = attach_clusters(log, cluster_event_sequences(log, k=4))
    >>> segments, personas = profile_behavioural_personas(seg)
    >>> len(personas)
    4
    """
    if "cluster_id" not in segmented_events.columns:
        raise DataError(
            "The event log has no 'cluster_id' column; run attach_clusters(events, clustering) first.",
            code="missing_columns",
        )
    st = _session_stats(segmented_events, completion_events, drop_events, sessions)
    funnel = list(funnel_events) if funnel_events else None
    segments: list[Segment] = []
    name_evidence: dict[int, list[Evidence]] = {}
    event_shares: dict[int, dict[str, tuple[float, float]]] = {}
    for cid in sorted(int(c) for c in np.unique(st.cluster_of_session) if c >= 0):
        seg, event_shares[cid] = _segment(st, cid, funnel, n_paths)
        facts = seg.facts
        assert isinstance(facts, BehaviourSegmentFacts)
        base = _Baseline(st.overall_conv, st.overall_len, st.overall_back, event_shares[cid], st.goal)
        seg.label, name_evidence[cid] = _name(seg, facts, base)
        segments.append(seg)
    week: dict[int, list[Evidence]] = {}
    for seg in segments:
        said = week_words(seg, st.overall_weekend, st.clock)
        week[seg.segment_id] = said + daypart_words(st, seg, said)
    _deduplicate_names(segments, name_evidence, event_shares)
    personas = [
        Persona(
            persona_id=f"behaviour-{seg.segment_id}",
            segment_id=seg.segment_id,
            name=seg.label,
            narrative=_describe(seg, st.overall_conv, week[seg.segment_id]),
            evidence=[*name_evidence[seg.segment_id], *week[seg.segment_id]],
        )
        for seg in segments
    ]
    return segments, personas


#: What every persona and segment of a descriptive split says first (the clustering found no clear
#: segments: ``Clustering.clear`` is False).
NO_CLEAR_SEGMENTS = (
    "No clear segments: this log's users do not fall into separate groups (they vary along a "
    "continuum, or not at all), so this persona describes one slice of them, a descriptive split, "
    "not a group found in the data."
)


def say_no_clear_segments(segments: list[Segment], personas: list[Persona]) -> None:
    """Open every segment's description and persona's narrative with :data:`NO_CLEAR_SEGMENTS` (in place).

    Examples
    --------
    >>> seg, p = Segment(0, "Browsers", 10, 100), Persona("behaviour-0", 0, "Browsers", narrative="Browse.")
    >>> say_no_clear_segments([seg], [p])
    >>> p.narrative.startswith("No clear segments") and p.narrative.endswith("Browse.")
    True
    """
    for seg in segments:
        seg.description = f"{NO_CLEAR_SEGMENTS} {seg.description}".strip()
    for p in personas:
        p.narrative = f"{NO_CLEAR_SEGMENTS} {p.narrative}".strip()
        p.attributes["segments_clear"] = False


@dataclass
class _SessionStats:
    """Per-session numbers of a segmented log, computed once for every segment."""

    sx: Any  # the log's Sessions index
    cluster_of_session: np.ndarray
    is_complete: np.ndarray  # per event code: a completion event
    is_drop: np.ndarray  # per event code: a leaving event
    goal: Any  # words naming the completion (personas.rules.goal_words)
    converted: np.ndarray
    exit_before: np.ndarray  # exit event: the last, or the one before a final drop event
    durations: np.ndarray
    back_per_session: np.ndarray
    clock: str  # whose clock the week's words are in (``personas.rules.CLOCKS``)
    weekend: np.ndarray  # per session: it starts on a Saturday or a Sunday (the log's wall-clock)
    daypart: np.ndarray  # per session: its cell of the week (``personas.rules.DAYPARTS``)
    has: np.ndarray  # (sessions, events): the session contains the event
    overall_rate: np.ndarray
    overall_conv: float
    overall_len: float
    overall_back: float
    overall_weekend: float
    hashes: np.ndarray
    users: pd.DataFrame  # one row per user, in log order
    attrs: list[str]


def _session_stats(
    segmented_events: pd.DataFrame,
    completion_events: Iterable[str] | None,
    drop_events: Iterable[str] | None,
    sessions: Sessions | None = None,
) -> _SessionStats:
    sx = index_sessions(segmented_events, sessions)
    is_complete = _completion_mask(sx, completion_events)
    drops = set(drop_events) if drop_events is not None else default_drop_events(sx.vocabulary)
    is_drop = np.array([v in drops for v in sx.vocabulary], dtype=bool)
    converted = np.logical_or.reduceat(is_complete[sx.codes], sx.starts)
    ends = sx.ends
    last = sx.codes[ends]
    before = np.where((sx.lengths > 1) & is_drop[last], sx.codes[np.maximum(ends - 1, 0)], last)
    back = np.zeros(len(sx.codes), dtype=bool)  # bool, summed as int64: no 8-byte copy per row
    if len(sx.codes) > 2:
        same = sx.session_of_row[2:] == sx.session_of_row[:-2]
        back[2:] = same & (sx.codes[2:] == sx.codes[:-2]) & (sx.codes[2:] != sx.codes[1:-1])
    back_per_session = np.add.reduceat(back, sx.starts, dtype=np.int64)
    # Per-session event rates (share of sessions containing each event), per cluster and overall.
    has = np.zeros((sx.n_sessions, len(sx.vocabulary)), dtype=bool)
    has[sx.session_of_row, sx.codes] = True
    # the week in the wall-clock time the log wrote: UTC plus each row's offset (when it gave one)
    clock = week_clock(segmented_events)
    start = sx.times[sx.starts]
    if clock != "unstated":
        start = start + segmented_events[OFFSET_COLUMN].to_numpy()[sx.starts].astype(np.int64) * 60 * 10**9
    weekend = weekday(start) >= 5
    hour = np.floor_divide(start, DAY_NS // 24) % 24
    return _SessionStats(
        sx=sx,
        cluster_of_session=segmented_events["cluster_id"].to_numpy()[sx.starts],
        is_complete=is_complete,
        is_drop=is_drop,
        goal=words.goal_words(sx.vocabulary[i] for i in np.flatnonzero(is_complete)),
        converted=converted,
        exit_before=before,
        durations=(sx.times[ends] - sx.times[sx.starts]) / 1e9,
        back_per_session=back_per_session,
        clock=clock,
        weekend=weekend,
        daypart=4 * weekend + hour // 6,
        has=has,
        overall_rate=has.mean(axis=0),
        overall_conv=float(converted.mean()),
        overall_len=float(np.median(sx.lengths)),
        overall_back=float(back_per_session.mean()),
        overall_weekend=float(weekend.mean()) if len(weekend) else 0.0,
        hashes=sx.path_hashes(),
        users=segmented_events.iloc[sx.first_row_of_users()],
        attrs=user_attribute_columns(segmented_events),
    )


def _segment(
    st: _SessionStats, cid: int, funnel: list[str] | None, n_paths: int
) -> tuple[Segment, dict[str, tuple[float, float]]]:
    """Segment ``cid`` (unnamed) and its distinctive mid-funnel events' shares (segment, everyone)."""
    sx, v = st.sx, len(st.sx.vocabulary)
    m = st.cluster_of_session == cid
    n_sess = int(m.sum())
    n_conv = int(st.converted[m].sum())
    rate = st.has[m].mean(axis=0)
    ratio = rate / np.maximum(st.overall_rate, 1e-12)
    # mid-funnel events common in the segment and over-represented in it (true twice)
    mid = [
        i
        for i in range(v)
        if not st.is_complete[i]
        and not st.is_drop[i]
        and words.ROLE_EVENT.verdict(float(rate[i]), float(st.overall_rate[i])) == words.WORD
    ]
    distinctive = sorted(((sx.vocabulary[i], float(ratio[i])) for i in mid), key=lambda t: -t[1])
    shares = {sx.vocabulary[i]: (float(rate[i]), float(st.overall_rate[i])) for i in mid}
    nonconv = m & ~st.converted
    exit_event = None
    if nonconv.any():
        exit_event = sx.vocabulary[int(np.bincount(st.exit_before[nonconv], minlength=v).argmax())]
    member_users = st.users[st.users["cluster_id"] == cid]
    facts = BehaviourSegmentFacts(
        n_sessions=n_sess,
        median_session_events=float(np.median(sx.lengths[m])),
        mean_duration_s=float(st.durations[m].mean()),
        mean_back_steps=float(st.back_per_session[m].mean()),
        typical_paths=_typical_paths(st, m, n_paths),
        exit_event=exit_event,
        dropoff_step=_dropoff_step(sx, nonconv, funnel) if funnel else None,
        distinctive_events=distinctive[:3],
        traits=_traits(st.users, member_users, st.attrs),
        weekend_share=float(st.weekend[m].mean()),
    )
    seg = Segment(
        segment_id=cid,
        label="",
        size=len(member_users),
        base=len(st.users),
        member_ids=member_users["user_id"].to_numpy(),
        outcome=Outcome(n_conv, n_sess - n_conv, baseline_rate=st.overall_conv),
        evidence=[
            Evidence(
                field="conversion_rate",
                claim="share of the segment's sessions that reach a completion event",
                statistic=RATE,
                value=n_conv / n_sess,
                baseline=st.overall_conv,
                n=n_sess,
                segment_id=cid,
            )
        ],
        facts=facts,
    )
    return seg, shares


def _typical_paths(st: _SessionStats, m: np.ndarray, n_paths: int) -> list[tuple[str, float]]:
    """The segment's most frequent whole-session paths and their shares of its sessions."""
    h, counts = np.unique(st.hashes[m], return_counts=True)
    top = np.argsort(-counts, kind="stable")[:n_paths]
    sess_idx = np.flatnonzero(m)
    first_of = {int(x): int(sess_idx[np.argmax(st.hashes[sess_idx] == x)]) for x in h[top]}
    n_sess = int(m.sum())
    return [(st.sx.render_path(first_of[int(h[j])]), float(counts[j] / n_sess)) for j in top]


def _dropoff_step(sx: Any, mask: np.ndarray, funnel: list[str]) -> str | None:
    if not mask.any():
        return None
    reached = np.zeros(sx.n_sessions, dtype=np.int64)
    for j, step in enumerate(funnel):
        code = sx.code_of(step)
        if code < 0:
            break
        rows = np.flatnonzero(sx.codes == code)
        hit = np.zeros(sx.n_sessions, dtype=bool)
        hit[sx.session_of_row[rows]] = True
        reached = np.where(hit & (reached == j), j + 1, reached)
    counts = np.bincount(reached[mask], minlength=len(funnel) + 1)[: len(funnel)]
    return funnel[int(counts.argmax())]


def _traits(users: pd.DataFrame, members: pd.DataFrame, attrs: list[str]) -> list[dict[str, Any]]:
    out = []
    for a in attrs:
        col = users[a]
        if pd.api.types.is_numeric_dtype(col.dtype) and col.nunique() > 12:
            mean_all, mean_in = float(col.mean()), float(members[a].mean())
            out.append(
                {
                    "attribute": a,
                    "value": f"mean {mean_in:.3g}",
                    "share": None,
                    "lift": mean_in / mean_all if mean_all else None,
                }
            )
            continue
        share_in = members[a].value_counts(normalize=True)
        share_all = col.value_counts(normalize=True)
        if share_in.empty:
            continue
        lift = (share_in / share_all.reindex(share_in.index)).sort_values(ascending=False)
        value = lift.index[0]
        out.append(
            {
                "attribute": a,
                "value": str(value),
                "share": float(share_in[value]),
                "lift": float(lift.iloc[0]),
            }
        )
    return sorted(out, key=lambda t: -(t["lift"] or 0))


def _facts(seg: Segment) -> BehaviourSegmentFacts:
    assert isinstance(seg.facts, BehaviourSegmentFacts)
    return seg.facts


def _rate(seg: Segment) -> float:
    return seg.outcome.rate if seg.outcome is not None else 0.0


@dataclass(frozen=True)
class _Baseline:
    """What a segment's name is contrasted with: all users' figures and the segment's event shares."""

    conversion: float
    median_events: float
    back_steps: float
    event_shares: dict[str, tuple[float, float]]  # event -> (segment share, all users' share)
    goal: words.GoalWords  # how the names say the goal ("buys" for purchase)


NAME = "persona_name"


def _name(seg: Segment, f: BehaviourSegmentFacts, base: _Baseline) -> tuple[str, list[Evidence]]:
    """The persona's name and the evidence of each of its words (each true twice)."""
    sid, n = seg.segment_id, f.n_sessions
    # The role comes from what they do, not from where they leave (that is the second half).
    candidates = [e for e, _ in f.distinctive_events if e != f.exit_event] or [
        e for e, _ in f.distinctive_events
    ]
    role_event = candidates[0] if candidates else None
    role, role_ev = "Visitor", []
    if words.COMPARES.verdict(f.mean_back_steps, base.back_steps) == words.WORD:
        role = words.COMPARES.word
        role_ev = [words.COMPARES.evidence(NAME, f.mean_back_steps, base.back_steps, n=n, segment_id=sid)]
    elif role_event is not None:
        role = _role(role_event)
        share, all_share = base.event_shares[role_event]
        role_ev = [
            words.ROLE_EVENT.evidence(
                NAME,
                share,
                all_share,
                claim=role,
                n=n,
                segment_id=sid,
                columns=("event",),
                category=role_event,
            )
        ]
    place = humanise_event(f.exit_event) if f.exit_event else "the start"
    short = words.QUICK.verdict(f.median_session_events, base.median_events) == words.WORD
    conversion = _rate(seg)

    def said(rule: words.WordRule, claim: str | None = None) -> Evidence:
        if rule is words.QUICK:
            return rule.evidence(
                NAME, f.median_session_events, base.median_events, claim=claim, n=n, segment_id=sid
            )
        claim = base.goal.say(rule.says(conversion, base.conversion)) if claim is None else claim
        return rule.evidence(NAME, conversion, base.conversion, claim=claim, n=n, segment_id=sid)

    goal = base.goal

    if words.DECISIVE.verdict(conversion, base.conversion) == words.WORD:
        if short:
            name = f"Decisive {goal.agent}"
            return name, [said(words.DECISIVE, "Decisive"), said(words.QUICK, "Decisive")]
        return f"{role} who {goal.verb}", [*role_ev, said(words.DECISIVE, f"who {goal.verb}")]
    if short and words.BOUNCES.verdict(conversion, base.conversion) == words.WORD:
        name = f"Quick bouncer from {place}" if place != "the landing page" else "Landing-page bouncer"
        return name, [said(words.BOUNCES), said(words.QUICK, "bouncer")]
    up = words.MOSTLY_SIGNS_UP.verdict(conversion, base.conversion)
    down = words.STALLS.verdict(conversion, base.conversion)
    if up in (words.WORD, words.COMPARATIVE):
        ev = said(words.MOSTLY_SIGNS_UP)
        return f"{role} who {ev.claim}", [*role_ev, ev]
    if down == words.WORD:
        verb = "leaves at" if place in ("the landing page", "the start") else "stalls at"
        return f"{role} who {verb} {place}", [*role_ev, said(words.STALLS, verb)]
    if down == words.COMPARATIVE:
        ev = said(words.STALLS)
        return f"{role} who {ev.claim}", [*role_ev, ev]
    # within the contrast of all users either way: say so, not "mostly" or "stalls"
    average = goal.say(words.AVERAGE_SIGN_UP)
    return f"{role} with {average}", [*role_ev, said(words.STALLS, average)]


def _describe(seg: Segment, overall_conv: float, week: Sequence[Evidence] = ()) -> str:
    f = _facts(seg)
    path = f.typical_paths[0][0] if f.typical_paths else "-"
    exit_txt = f"; non-converters leave at {f.exit_event}" if f.exit_event else ""
    trait = ""
    if f.traits and (f.traits[0].get("lift") or 0) >= 1.2 and f.traits[0].get("share") is not None:
        t = f.traits[0]
        trait = f"; {t['share']:.0%} {t['attribute']}={t['value']} ({t['lift']:.1f}x average)"
    when = "".join(
        f"; {ev.claim} ({ev.value:.0%} of sessions "
        f"{'on Saturday or Sunday' if ev.statistic == words.WEEKEND_SHARE else 'start then'}, "
        f"all users {ev.baseline:.0%})"
        for ev in week
    )
    return (
        f"{seg.share:.0%} of users; {_rate(seg):.0%} of sessions convert (all users "
        f"{overall_conv:.0%}); typically {f.median_session_events:g} events, e.g. {path}{exit_txt}{trait}"
        f"{when}."
    )


def _deduplicate_names(
    segments: list[Segment],
    evidence: dict[int, list[Evidence]],
    event_shares: dict[int, dict[str, tuple[float, float]]],
) -> None:
    """Tell clashing names apart by the segment's next distinctive event (itself a true word)."""
    seen: dict[str, int] = {}
    for seg in sorted(segments, key=lambda q: -q.size):
        if seg.label in seen:
            seen[seg.label] += 1
            events = _facts(seg).distinctive_events
            extra = events[1][0] if len(events) > 1 else None
            if extra:
                share, all_share = event_shares[seg.segment_id][extra]
                text = extra.replace("_", " ")
                evidence[seg.segment_id].append(
                    words.ROLE_EVENT.evidence(
                        NAME,
                        share,
                        all_share,
                        claim=text,
                        n=_facts(seg).n_sessions,
                        segment_id=seg.segment_id,
                        columns=("event",),
                        category=extra,
                    )
                )
                seg.label = f"{seg.label} ({text})"
            else:
                seg.label = f"{seg.label} #{seen[seg.label]}"
        else:
            seen[seg.label] = 1
