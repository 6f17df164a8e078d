"""Behavioural segments and personas (core model): numbers per cluster and a name drawn from them.

A name combines what a cluster does more than everyone else (its most
over-represented mid-funnel event gives the role: "Researcher", "Searcher"...)
with how its sessions end (converts quickly, stalls at the form, bounces).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.errors import DataError
from synthpersona.model import RATE, BehaviourSegmentFacts, Evidence, Outcome, Persona, Segment
from synthpersona.simulation._sessions import index_sessions
from synthpersona.simulation.features import (
    _completion_mask,
    default_drop_events,
    user_attribute_columns,
)

__all__ = ["humanise_event", "profile_behavioural_personas"]

# Event-name keywords -> (role noun, place phrase). First match wins.
_ROLES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("form", "error"), "Form struggler", "the form"),
    (("pricing", "price", "plan"), "Price checker", "pricing"),
    (("product", "detail", "item", "view"), "Researcher", "product pages"),
    (("search", "query"), "Searcher", "search"),
    (("browse", "category", "catalog", "list"), "Browser", "browsing"),
    (("cart", "basket"), "Cart builder", "the cart"),
    (("checkout", "payment"), "Checkout visitor", "checkout"),
    (("signup", "register", "sign_up", "account"), "Sign-up starter", "sign-up"),
    (("landing", "home"), "Visitor", "the landing page"),
)


def humanise_event(event: str) -> str:
    """A place phrase for an event name: ``form_error`` -> ``"the form"``."""
    low = event.lower()
    for words, _, place in _ROLES:
        if any(w in low for w in words):
            return place
    return event.replace("_", " ")


def _role(event: str) -> str:
    low = event.lower()
    for words, role, _ in _ROLES:
        if any(w in low for w in words):
            return role
    return f"{event.replace('_', ' ').capitalize()} explorer"


def profile_behavioural_personas(
    segmented_events: pd.DataFrame,
    *,
    completion_events: Iterable[str] | None = None,
    drop_events: Iterable[str] | None = None,
    funnel_events: Sequence[str] | None = None,
    n_paths: int = 3,
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
    sx = index_sessions(segmented_events)
    cluster_of_session = segmented_events["cluster_id"].to_numpy()[sx.starts]
    is_complete = _completion_mask(sx, completion_events)
    drops = set(drop_events) if drop_events is not None else default_drop_events(sx.vocabulary)
    is_drop = np.array([v in drops for v in sx.vocabulary], dtype=bool)
    converted = np.add.reduceat(is_complete[sx.codes].astype(np.int64), sx.starts) > 0
    # Exit event: last event of a session, or the one before it when the last is a drop event.
    ends = sx.ends
    last = sx.codes[ends]
    before = np.where((sx.lengths > 1) & is_drop[last], sx.codes[np.maximum(ends - 1, 0)], last)
    durations = (sx.times[ends] - sx.times[sx.starts]) / 1e9
    back = np.zeros(len(sx.codes), dtype=np.int64)
    if len(sx.codes) > 2:
        same = sx.session_of_row[2:] == sx.session_of_row[:-2]
        back[2:] = same & (sx.codes[2:] == sx.codes[:-2]) & (sx.codes[2:] != sx.codes[1:-1])
    back_per_session = np.add.reduceat(back, sx.starts)
    v = len(sx.vocabulary)
    # Per-session event rates (share of sessions containing each event), per cluster and overall.
    has = np.zeros((sx.n_sessions, v), dtype=bool)
    has[sx.session_of_row, sx.codes] = True
    overall_rate = has.mean(axis=0) + 1e-9
    overall_conv = float(converted.mean())
    overall_len = float(np.median(sx.lengths))
    hashes = sx.path_hashes()
    users = segmented_events.drop_duplicates("user_id")
    attrs = user_attribute_columns(segmented_events)
    funnel = list(funnel_events) if funnel_events else None
    n_users_total = len(users)
    segments: list[Segment] = []
    personas: list[Persona] = []
    for cid in sorted(int(c) for c in np.unique(cluster_of_session) if c >= 0):
        m = cluster_of_session == cid
        n_sess = int(m.sum())
        n_conv = int(converted[m].sum())
        rate = has[m].mean(axis=0)
        ratio = rate / overall_rate
        mid = [i for i in range(v) if not is_complete[i] and not is_drop[i] and rate[i] >= 0.15]
        distinctive = sorted(((sx.vocabulary[i], float(ratio[i])) for i in mid), key=lambda t: -t[1])
        nonconv = m & ~converted
        exit_event = None
        if nonconv.any():
            exit_event = sx.vocabulary[int(np.bincount(before[nonconv], minlength=v).argmax())]
        h, counts = np.unique(hashes[m], return_counts=True)
        top = np.argsort(-counts, kind="stable")[:n_paths]
        sess_idx = np.flatnonzero(m)
        first_of = {int(x): int(sess_idx[np.argmax(hashes[sess_idx] == x)]) for x in h[top]}
        paths = [(sx.render_path(first_of[int(h[j])]), float(counts[j] / n_sess)) for j in top]
        dropoff_step = _dropoff_step(sx, m & ~converted, funnel) if funnel else None
        member_users = users[users["cluster_id"] == cid]
        facts = BehaviourSegmentFacts(
            n_sessions=n_sess,
            median_session_events=float(np.median(sx.lengths[m])),
            mean_duration_s=float(durations[m].mean()),
            mean_back_steps=float(back_per_session[m].mean()),
            typical_paths=paths,
            exit_event=exit_event,
            dropoff_step=dropoff_step,
            distinctive_events=[d for d in distinctive if d[1] > 1.1][:3],
            traits=_traits(users, member_users, attrs),
        )
        seg = Segment(
            segment_id=cid,
            label="",
            size=len(member_users),
            base=n_users_total,
            member_ids=member_users["user_id"].to_numpy(),
            outcome=Outcome(n_conv, n_sess - n_conv, baseline_rate=overall_conv),
            evidence=[
                Evidence(
                    field="conversion_rate",
                    claim="share of the segment's sessions that reach a completion event",
                    statistic=RATE,
                    value=n_conv / n_sess,
                    baseline=overall_conv,
                    n=n_sess,
                    segment_id=cid,
                )
            ],
            facts=facts,
        )
        seg.label = _name(seg, facts, overall_conv, overall_len, float(back_per_session.mean()))
        segments.append(seg)
    _deduplicate_names(segments)
    for seg in segments:
        personas.append(
            Persona(
                persona_id=f"behaviour-{seg.segment_id}",
                segment_id=seg.segment_id,
                name=seg.label,
                narrative=_describe(seg, overall_conv),
            )
        )
    return segments, personas


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


def _name(
    seg: Segment, f: BehaviourSegmentFacts, overall_conv: float, overall_len: float, overall_back: float
) -> str:
    # The role comes from what they do, not from where they leave (that is the second half).
    candidates = [e for e, _ in f.distinctive_events if e != f.exit_event] or [
        e for e, _ in f.distinctive_events
    ]
    role_event = candidates[0] if candidates else None
    role = _role(role_event) if role_event else "Visitor"
    if f.mean_back_steps >= max(0.5, 1.5 * overall_back):
        role = "Comparison shopper"
    place = humanise_event(f.exit_event) if f.exit_event else "the start"
    short = f.median_session_events <= max(3.0, 0.6 * overall_len)
    conversion = _rate(seg)
    if conversion >= max(0.7, overall_conv + 0.15):
        return "Decisive sign-up" if short else f"{role} who signs up"
    if conversion <= 0.5 * overall_conv and short:
        return f"Quick bouncer from {place}" if place != "the landing page" else "Landing-page bouncer"
    if conversion >= overall_conv:
        return f"{role} who mostly signs up"
    verb = "leaves at" if place in ("the landing page", "the start") else "stalls at"
    return f"{role} who {verb} {place}"


def _describe(seg: Segment, overall_conv: float) -> str:
    f = _facts(seg)
    path = f.typical_paths[0][0] if f.typical_paths else "-"
    exit_txt = f"; non-converters leave at {f.exit_event}" if f.exit_event else ""
    trait = ""
    if f.traits and (f.traits[0].get("lift") or 0) >= 1.2 and f.traits[0].get("share") is not None:
        t = f.traits[0]
        trait = f"; {t['share']:.0%} {t['attribute']}={t['value']} ({t['lift']:.1f}x average)"
    return (
        f"{seg.share:.0%} of users; {_rate(seg):.0%} of sessions convert (all users "
        f"{overall_conv:.0%}); typically {f.median_session_events:g} events, e.g. {path}{exit_txt}{trait}."
    )


def _deduplicate_names(segments: list[Segment]) -> None:
    seen: dict[str, int] = {}
    for seg in sorted(segments, key=lambda q: -q.size):
        if seg.label in seen:
            seen[seg.label] += 1
            events = _facts(seg).distinctive_events
            extra = events[1][0] if len(events) > 1 else None
            seg.label = (
                f"{seg.label} ({extra.replace('_', ' ')})" if extra else f"{seg.label} #{seen[seg.label]}"
            )
        else:
            seen[seg.label] = 1
