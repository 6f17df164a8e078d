"""Privacy of behavioural (clickstream) personas: nothing a persona states rests on fewer than k users.

An uploaded event log is customer data. A behavioural persona states user attributes (its
top trait per user-level column: platform, source, campaign, country, ...), typical
whole-session paths, distinctive, exit and drop-off events, and counts. Each must rest on
at least ``k`` real users:

- **Segments of fewer than k users** are withheld: their persona keeps its size (an
  undescribed count) but states no trait, path or event, and is named ``Behaviour group N``.
- **Traits** (an attribute value with its share and lift): the value must be held by at
  least ``k`` of the segment's users; otherwise the highest-lift value that is takes its
  place (generalised), else the trait is withdrawn.
- **The stated attribute combination** (every categorical trait of a persona together)
  must match at least ``k`` users of the whole log; otherwise the attribute whose removal
  adds the most matching users is generalised away, one at a time
  (:func:`~synthpersona.trust.k_anonymous_combination`, the table workflow's rule).
- **Paths**: a typical path must be taken by at least ``k`` distinct users of the segment;
  rarer paths are replaced by the next most common path that is.
- **Events** (distinctive, exit, drop-off step): done by at least ``k`` distinct users of
  the segment, else withdrawn (a name that stated one becomes ``Behaviour group N``).
- **User ids are never shown**: every persona record is scanned for user ids and for values
  of user-level columns that fewer than ``k`` users hold (``leaks``; ``ok`` is false then).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from synthpersona.model import BehaviourSegmentFacts, Persona, Segment
from synthpersona.trust._privacy import (
    DEFAULT_K,
    Combination,
    Leak,
    PrivacyReport,
    SmallCell,
    k_anonymous_combination,
)

__all__ = ["protect_behaviour_personas"]

_TOKEN = re.compile(r"[\w@.+\-]+")
_MEAN = "mean "


def _facts(seg: Segment) -> BehaviourSegmentFacts:
    assert isinstance(seg.facts, BehaviourSegmentFacts)
    return seg.facts


def _user_frame(events: pd.DataFrame, attrs: Sequence[str]) -> pd.DataFrame:
    """One row per user: id, cluster and the user-level columns, as text."""
    first = events.drop_duplicates("user_id")
    users = pd.DataFrame({"user_id": first["user_id"].astype(str).to_numpy()})
    users["cluster_id"] = first["cluster_id"].to_numpy()
    for a in attrs:
        users[a] = first[a].astype(str).to_numpy()
    return users


def _distinct_users(events: pd.DataFrame, cid: int) -> pd.Series:
    """Distinct users of segment ``cid`` per event."""
    rows = events.loc[events["cluster_id"].to_numpy() == cid, ["user_id", "event"]]
    return rows.drop_duplicates().groupby("event", observed=True).size()


def _path_users(events: pd.DataFrame, cid: int) -> list[tuple[str, int, int]]:
    """Segment ``cid``'s whole-session paths (rendered as the profile does): (path, sessions, distinct users).

    One entry per distinct path, most sessions first (long paths are elided when rendered, so
    two entries may read the same).
    """
    from synthpersona.simulation._sessions import index_sessions

    seg = events.loc[events["cluster_id"].to_numpy() == cid]
    if seg.empty:
        return []
    sx = index_sessions(seg)
    frame = pd.DataFrame({"h": sx.path_hashes(), "u": sx.user_of_session})
    sessions = frame.groupby("h").size()
    users = frame.drop_duplicates().groupby("h").size()
    first = frame.reset_index().drop_duplicates("h").set_index("h")["index"]
    out = [(sx.render_path(int(first[h])), int(sessions[h]), int(users[h])) for h in sessions.index]
    return sorted(out, key=lambda t: (-t[1], t[0]))


def _protect_traits(
    users: pd.DataFrame, cid: int, traits: list[dict[str, Any]], k: int, cells: list[SmallCell]
) -> list[dict[str, Any]]:
    members = users[users["cluster_id"] == cid]
    out = []
    for t in traits:
        a, value = t["attribute"], str(t["value"])
        if t.get("share") is None or str(t["value"]).startswith(_MEAN):  # a mean over the segment
            out.append(t)
            continue
        counts = members[a].value_counts()
        if int(counts.get(value, 0)) >= k:
            out.append(t)
            continue
        share_all = users[a].value_counts(normalize=True)
        ok = counts[counts >= k]
        cells.append(SmallCell(cid, a, value, int(counts.get(value, 0)), "trait generalised"))
        if ok.empty:
            cells[-1] = replace(cells[-1], action="trait withdrawn")
            continue
        lift = (ok / len(members)) / share_all.reindex(ok.index)
        best = str(lift.sort_values(ascending=False, kind="stable").index[0])
        out.append(
            {
                "attribute": a,
                "value": best,
                "share": float(counts[best] / len(members)),
                "lift": float(lift[best]),
            }
        )
    return sorted(out, key=lambda t: -(t["lift"] or 0))


def _protect_paths(
    paths: list[tuple[str, int, int]],
    stated: list[tuple[str, float]],
    n_sessions: int,
    k: int,
    cid: int,
    cells: list[SmallCell],
) -> list[tuple[str, float]]:
    """The stated paths taken by >= k users; each rarer one replaced by the next most common that is."""
    users_of: dict[str, int] = {}
    for path, _s, u in paths:  # the most common path of a rendering is the one stated
        users_of.setdefault(path, u)
    rare = [path for path, _share in stated if users_of.get(path, 0) < k]
    for path in rare:
        cells.append(SmallCell(cid, "path", path, users_of.get(path, 0), "path replaced"))
    if not rare:
        return list(stated)
    common = [(p, s) for p, s, u in paths if u >= k]
    return [(p, s / max(n_sessions, 1)) for p, s in common[: len(stated) or 3]]


def _withhold(seg: Segment, p: Persona) -> tuple[Segment, Persona]:
    f = _facts(seg)
    facts = replace(f, typical_paths=[], exit_event=None, dropoff_step=None, distinctive_events=[], traits=[])
    name = f"Behaviour group {seg.segment_id + 1}"
    return (
        replace(seg, label=name, facts=facts, evidence=[]),
        replace(
            p,
            name=name,
            evidence=[],
            narrative=f"{seg.share:.0%} of users; a group too small to describe without singling people out.",
        ),
    )


def _narrative(seg: Segment, overall_conv: float) -> str:
    from synthpersona.simulation._profiling import _describe

    return _describe(seg, overall_conv)


def _scan_leaks(records: list[tuple[str, Any]], secrets: dict[str, str]) -> list[Leak]:
    leaks = []
    for where, rec in records:
        text = json.dumps(rec, default=str, ensure_ascii=False)
        for tok in set(_TOKEN.findall(text)):
            if tok in secrets:
                leaks.append(Leak(where, secrets[tok], tok))
    return leaks


def protect_behaviour_personas(
    events: pd.DataFrame,
    segments: Sequence[Segment],
    personas: Sequence[Persona],
    k: int = DEFAULT_K,
) -> tuple[list[Segment], list[Persona], PrivacyReport]:
    """Protected copies of behavioural personas and what was generalised (see the module doc).

    Parameters
    ----------
    events
        The segmented event log (``user_id``, ``session_id``, ``event``, ``cluster_id`` and
        any user-level columns), as :func:`~synthpersona.simulation.attach_clusters` returns.
    segments, personas
        :func:`~synthpersona.simulation.profile_behavioural_personas` output.
    k
        Least number of real users anything a persona states may rest on.

    Examples
    --------
    >>> from synthpersona.simulation import make_sample_events, cluster_event_sequences
    >>> from synthpersona.simulation import attach_clusters, profile_behavioural_personas
    >>> log = attach_clusters(make_sample_events(random_state=0), cluster_event_sequences(
    ...     make_sample_events(random_state=0), k=3))
    >>> segs, ps, report = protect_behaviour_personas(log, *profile_behavioural_personas(log))
    >>> report.ok, min(c.matches for c in report.combinations) >= 5
    (True, True)
    """
    from synthpersona.simulation.features import user_attribute_columns

    attrs = user_attribute_columns(events)
    users = _user_frame(events, attrs)
    converted = [s.outcome for s in segments if s.outcome is not None]
    total = sum(o.successes + o.failures for o in converted)
    overall = sum(o.successes for o in converted) / total if total else 0.0
    persona_of = {p.segment_id: p for p in personas}
    cells: list[SmallCell] = []
    combos: list[Combination] = []
    out_s: list[Segment] = []
    out_p: list[Persona] = []
    for seg in segments:
        p = persona_of[seg.segment_id]
        sid = seg.segment_id
        if seg.size < k:
            cells.append(SmallCell(sid, "segment", "all", int(seg.size), "persona withheld"))
            s2, p2 = _withhold(seg, p)
            combos.append(Combination(p.persona_id, sid, (), len(users), (), k))
            out_s.append(s2)
            out_p.append(p2)
            continue
        f = _facts(seg)
        traits = _protect_traits(users, sid, f.traits, k, cells)
        stated = {t["attribute"]: [str(t["value"])] for t in traits if t.get("share") is not None}
        kept, matches, dropped = k_anonymous_combination(users[attrs] if attrs else users, stated, k)
        traits = [t for t in traits if t.get("share") is None or t["attribute"] in kept]
        combos.append(
            Combination(
                p.persona_id, sid, tuple((c, tuple(v)) for c, v in kept.items()), matches, tuple(dropped), k
            )
        )
        ev_users = _distinct_users(events, sid)
        gone = {e for e, _ in f.distinctive_events if int(ev_users.get(e, 0)) < k}
        gone |= {e for e in (f.exit_event, f.dropoff_step) if e is not None and int(ev_users.get(e, 0)) < k}
        for e in sorted(gone):
            cells.append(SmallCell(sid, "event", e, int(ev_users.get(e, 0)), "event withdrawn"))
        facts = replace(
            f,
            traits=traits,
            typical_paths=_protect_paths(
                _path_users(events, sid), f.typical_paths, f.n_sessions, k, sid, cells
            ),
            distinctive_events=[(e, r) for e, r in f.distinctive_events if e not in gone],
            exit_event=None if f.exit_event in gone else f.exit_event,
            dropoff_step=None if f.dropoff_step in gone else f.dropoff_step,
        )
        s2 = replace(seg, facts=facts)
        said = {ev.category for ev in p.evidence if ev.category}
        name, evidence = p.name, list(p.evidence)
        if gone & said or (f.exit_event in gone):
            name = f"Behaviour group {sid + 1}"
            evidence = [ev for ev in evidence if ev.category not in gone]
            s2 = replace(s2, label=name)
        out_s.append(s2)
        out_p.append(replace(p, name=name, evidence=evidence, anchor=None, narrative=_narrative(s2, overall)))
    report = PrivacyReport(k=k, combinations=combos, small_cells=cells, leaks=[], protected_columns=[])
    report.leaks = _scan_leaks(
        [(f"persona {q.persona_id}", _record(s, q)) for s, q in zip(out_s, out_p, strict=True)],
        _secrets(users, attrs, k),
    )
    report.notes = _notes(report)
    return out_s, out_p, report


def _record(seg: Segment, p: Persona) -> dict[str, Any]:
    from synthpersona.views.seed002 import persona_record

    return persona_record(seg, p)


def _secrets(users: pd.DataFrame, attrs: Sequence[str], k: int) -> dict[str, str]:
    """Tokens that would single people out: user ids (3+ characters) and values fewer than k users hold."""
    # numeric ids are left out: every count in a record is a number too (no field carries ids)
    out = {u: "user_id" for u in users["user_id"] if len(u) >= 3 and not u.isdigit()}
    for a in attrs:
        counts = users[a].value_counts()
        for v in counts.index[counts.to_numpy() < k]:
            for tok in _TOKEN.findall(str(v)):
                if len(tok) >= 4 and not tok.isdigit():
                    out.setdefault(tok, a)
    return out


def _notes(report: PrivacyReport) -> list[str]:
    notes = []
    for c in report.small_cells:
        notes.append(
            f"segment {c.segment_id}: {c.column} {c.value!r} ({c.count} users < k={report.k}): {c.action}"
        )
    for combo in report.combinations:
        if combo.generalised:
            notes.append(
                f"{combo.persona_id}: generalised {', '.join(combo.generalised)} "
                f"to reach {combo.matches} users"
            )
    return notes
