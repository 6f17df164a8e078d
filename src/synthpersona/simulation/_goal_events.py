"""Finding a log's goal (conversion) event from its structure, in any language.

A goal event leaves marks in the paths whatever it is called: it ends the session it
happens in (the person converted and left), it is reached by a minority of sessions, it
happens once in a session rather than over and over, it comes late, and it follows a
narrow funnel step (``payment`` -> ``order confirmed``), while a leaving event (``exit``,
``App fechado``, ``Wylogowanie``) ends most of the sessions that did not convert and
follows anything. :func:`goal_scores` measures these per event; :func:`find_goal_event`
takes the goal when the structure (helped by :data:`GOAL_WORDS`, a multilingual lexicon)
points to one event clearly, and otherwise raises an error listing the candidates, never
guessing silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from synthpersona.errors import InputError

__all__ = [
    "GOAL_WORDS",
    "LEAVE_WORDS",
    "GoalChoice",
    "closing_markers",
    "find_goal_event",
    "goal_named",
    "goal_scores",
    "leave_named",
]

# Stems of conversion words in several languages (accents removed, compared inside the name).
GOAL_WORDS = (
    # English
    "purchas", "order_placed", "order placed", "order complet", "checkout_success", "payment_success",
    "subscri", "convert", "complete", "paid", "bought", "upgrade", "signed_up", "registered",
    # French
    "achat", "commande valid", "commande confirm", "commande pass", "paiement reussi", "paiement valid",
    "abonnement", "inscription termin", "inscription valid", "souscri",
    # German
    "bestellung abgeschlossen", "bestellt", "kauf", "gekauft", "abonniert", "abschluss",
    "registrierung abgeschlossen", "zahlung erfolgreich",
    # Spanish / Portuguese / Italian
    "compra", "pedido realizado", "pedido complet", "pedido confirm", "suscripcion", "registro complet",
    "pago complet", "assinatura", "cadastro conclu", "pedido finaliz", "ordine confermat", "ordine complet",
    "acquisto", "abbonamento", "iscrizione complet", "pagamento riuscit",
    # Dutch / Polish / Swedish / Danish / Turkish
    "bestelling geplaatst", "aankoop", "zakup", "zamowienie zlozone", "subskrypcj", "kop genomfort",
    "bestallning", "kob gennemfort", "satin al", "siparis tamam", "abonelik",
)  # fmt: skip
# Stems of leaving words (a session ending without the goal).
LEAVE_WORDS = (
    "exit", "drop", "bounce", "abandon", "churn", "lost", "quit", "leave", "cancel", "timeout", "logout",
    "log out", "sign out", "signout", "closed", "close", "background", "session_end", "session end",
    "sortie", "quitt", "deconnex", "fermee", "verlassen", "abmeld", "abbruch", "geschlossen", "salida",
    "cerrad", "cerrar sesion", "saida", "fechad", "sair", "uscita", "chius", "esci", "wylogow", "zamkniet",
    "afsluit", "uitlog", "cikis", "avsluta", "logget ud",
)  # fmt: skip
_CLEAR_LEAD = 1.5  # the best candidate's score over the next one's, to take it without asking


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower())
    return re.sub(
        r"[-_\s]+", " ", "".join(ch for ch in text if not unicodedata.combining(ch)).replace("ł", "l")
    )


def _named(vocabulary: Sequence[str], words: Sequence[str]) -> set[str]:
    stems = [_plain(w) for w in words]
    return {v for v in vocabulary if any(w in _plain(v) for w in stems)}


def goal_named(vocabulary: Sequence[str]) -> set[str]:
    """Events named like a conversion, in several languages (``Ordine confermato``, ``Zakup``).

    Examples
    --------
    >>> sorted(goal_named(["Bestellung abgeschlossen", "Kategorie", "commande_validee"]))
    ['Bestellung abgeschlossen', 'commande_validee']
    """
    return _named(vocabulary, GOAL_WORDS)


def leave_named(vocabulary: Sequence[str]) -> set[str]:
    """Events named like leaving, in several languages (``exit``, ``Uscita``, ``App fechado``).

    Examples
    --------
    >>> sorted(leave_named(["Uscita", "Ordine confermato", "App fechado", "Wylogowanie"]))
    ['App fechado', 'Uscita', 'Wylogowanie']
    """
    return _named(vocabulary, LEAVE_WORDS) - _named(vocabulary, GOAL_WORDS)  # "abgeschlossen" is done


def goal_scores(log: pd.DataFrame) -> pd.DataFrame:
    """What the paths say about each event as a possible goal (one row per event).

    Columns: ``ends`` (share of its occurrences that end their session), ``reach`` (share
    of sessions it occurs in), ``per_session`` (occurrences per session it occurs in),
    ``position`` (mean place in the session, 0 first .. 1 last), ``before`` (share of its
    occurrences after its most common predecessor: a funnel step says 1) and ``score``,
    their product with a penalty for being reached by most sessions (a goal is a minority
    outcome) and for starting sessions.

    ``log`` is in session order (as :func:`~synthpersona.simulation.etl.load_event_log` gives it).
    """
    keys = [c for c in ("user_id", "session_id") if c in log.columns]
    session = log.groupby(keys, sort=False, observed=True).ngroup().to_numpy()
    events = log["event"].astype(str).to_numpy()
    n = len(events)
    if not n:
        return pd.DataFrame(columns=["ends", "reach", "per_session", "position", "before", "score"])
    new = np.r_[True, session[1:] != session[:-1]]
    last = np.r_[session[1:] != session[:-1], True]
    starts = np.flatnonzero(new)
    lengths = np.diff(np.r_[starts, n])
    place = np.arange(n) - np.repeat(starts, lengths)
    size = np.repeat(lengths, lengths)
    position = np.where(size > 1, place / np.maximum(size - 1, 1), 1.0)
    codes = pd.Categorical(events).codes.astype(np.int64)
    prev = np.r_[-1, codes[:-1]]
    prev[new] = -1  # the session's start
    frame = pd.DataFrame(
        {"e": events, "s": session, "last": last, "first": new, "pos": position, "prev": prev}
    )
    g = frame.groupby("e", sort=True)
    n_sessions = max(int(session.max()) + 1, 1)
    in_sessions = frame.drop_duplicates(["e", "s"]).groupby("e").size()
    top_prev = frame.groupby(["e", "prev"]).size().groupby(level=0).max()
    out = pd.DataFrame(
        {
            "ends": g["last"].mean(),
            "starts": g["first"].mean(),
            "reach": in_sessions / n_sessions,
            "per_session": g.size() / in_sessions,
            "position": g["pos"].mean(),
            "before": top_prev / g.size(),
        }
    )
    majority = np.clip((out["reach"] - 0.5) / 0.5, 0.0, 1.0)  # reached by most sessions: a leaving step
    out["score"] = (
        out["ends"]
        / out["per_session"]
        * out["position"]
        * (0.5 + 0.5 * out["before"])
        * (1.0 - out["starts"])
        * (1.0 - 0.9 * majority)
        * (out["reach"] >= 0.002)
    )
    return out.sort_values("score", ascending=False)


@dataclass
class GoalChoice:
    """The goal event found, why, and the other candidates."""

    event: str
    reason: str
    candidates: list[str]

    def note(self) -> str:
        """One line for the summary and the report."""
        return (
            f"Goal {self.event!r}: found from the log's paths ({self.reason}). "
            "Choose another with --goal EVENT (API: goal, library: completion_events)."
        )


def _describe(event: str, row: pd.Series) -> str:
    return (
        f"{event!r} ends {row['ends']:.0%} of the times it happens, is reached in {row['reach']:.0%} "
        f"of sessions, {row['per_session']:.1f} times per session"
    )


def find_goal_event(log: pd.DataFrame, max_candidates: int = 5) -> GoalChoice:
    """The goal event of a log whose events are not named in English, or a clear error.

    Events every session closes with (:func:`closing_markers`: ``$AppEnd``) are set aside
    first. Candidates are the events that end their sessions in at least 30 % of their occurrences,
    are not named like leaving (:data:`LEAVE_WORDS`) and are not reached by nearly every
    session. One of them is taken when it is named like a conversion (:data:`GOAL_WORDS`) and
    is the only such candidate or the best scored of them, or, unnamed, when its
    :func:`goal_scores` score leads the next candidate's by half again; a candidate sessions go
    on from to reach another candidate (never the other way round) is a step before that one,
    not the goal (:func:`steps_before`). Otherwise an
    :class:`~synthpersona.errors.InputError` (code ``goal_ambiguous``) lists the candidates
    with what their paths say, and how to choose.

    Examples
    --------
    >>> rows = []
    >>> for s in range(40):
    ...     won = s % 4 == 0
    ...     path = ["Inicio", "Producto"] + (["Pago", "Pedido hecho"] if won else ["Adios"])
    ...     rows += [(s, s, e) for e in path]
    >>> log = pd.DataFrame(rows, columns=["user_id", "session_id", "event"])
    >>> find_goal_event(log).event
    'Pedido hecho'
    """
    scores = goal_scores(log)
    closing = closing_markers(scores)
    if closing:  # the goal is what comes before the marker every session ends with
        log = log[~log["event"].astype(str).isin(closing)]
        scores = goal_scores(log)
    leaving = leave_named(list(scores.index))
    plausible = scores[(scores["ends"] >= 0.3) & (scores["reach"] < 0.95) & ~scores.index.isin(leaving)]
    plausible = plausible[plausible["score"] > 0]
    if plausible.empty:
        raise _ambiguous(
            scores.head(max_candidates),
            "no event ends sessions as a goal does (last, not first, not named like leaving)",
        )
    named = [e for e in plausible.index if e in goal_named(list(plausible.index))]
    if named:
        best = named[0]  # plausible is sorted by score
        why = "named like a conversion; " + _describe(best, plausible.loc[best])
        return GoalChoice(best, why, list(plausible.index[:max_candidates]))
    listed = [str(e) for e in plausible.index[:max_candidates]]
    before = steps_before(log, listed)
    if before and len(before) < len(plausible):
        plausible = plausible[~plausible.index.isin(before)]
    top = plausible["score"].to_numpy()
    if len(top) == 1 or top[0] >= _CLEAR_LEAD * top[1]:
        best = str(plausible.index[0])
        why = _describe(best, plausible.iloc[0])
        if before:
            why += "; sessions go on from " + ", ".join(repr(e) for e in sorted(before)) + " to it"
        return GoalChoice(best, why, listed)
    raise _ambiguous(plausible.head(max_candidates), "several events end sessions alike")


def closing_markers(scores: pd.DataFrame) -> set[str]:
    """Events that close (nearly) every session: an app's or a tracker's end-of-session marker.

    Sensors Data's ``$AppEnd``, Countly's ``[CLY]_session_end``, a ``session_end`` row: written
    last in 90 %+ of the sessions and in 90 %+ of the times they happen, after a purchase as
    after anything, so they hide which event a session really ended on.
    """
    marks = scores[(scores["ends"] >= 0.9) & (scores["reach"] >= 0.9)]
    return {str(e) for e in marks.index} if len(marks) < len(scores) else set()


_ONWARD_MIN = 5  # sessions going on from one candidate to another before it counts as a step before it


def steps_before(log: pd.DataFrame, candidates: Sequence[str]) -> set[str]:
    """The ``candidates`` some sessions go on from to reach another candidate, never the reverse.

    A coupon page that ends most of its sessions looks like a goal by its paths alone; but
    the few sessions that go on from it go on to pay, and no session goes from paying to the
    coupon: the coupon is a step on the way (or a detour), the payment the outcome. ``A`` is
    a step before ``B`` when at least :data:`_ONWARD_MIN` sessions have ``A`` before a later
    ``B`` and no more than a tenth as many have ``B`` before a later ``A``.

    >>> rows = [(s, e) for s in range(12) for e in ["home", "coupon"] + (["pay", "paid"] if s < 6 else [])]
    >>> steps_before(pd.DataFrame(rows, columns=["session_id", "event"]), ["coupon", "paid"])
    {'coupon'}
    """
    keys = [c for c in ("user_id", "session_id") if c in log.columns]
    session = log.groupby(keys, sort=False, observed=True).ngroup().to_numpy()
    events = log["event"].astype(str).to_numpy()
    place = np.arange(len(events))
    first, last = {}, {}
    for e in candidates:
        at = events == e
        frame = pd.DataFrame({"s": session[at], "p": place[at]}).groupby("s")["p"]
        first[e], last[e] = frame.min(), frame.max()
    out: set[str] = set()
    for a in candidates:
        for b in candidates:
            if a == b:
                continue
            ab = first[a].align(last[b], join="inner")
            ba = first[b].align(last[a], join="inner")
            onward = int((ab[0] < ab[1]).sum())
            back = int((ba[0] < ba[1]).sum())
            if onward >= _ONWARD_MIN and back <= 0.1 * onward:
                out.add(a)
    return out


def _ambiguous(candidates: pd.DataFrame, why: str) -> InputError:
    listed = "; ".join(_describe(str(e), row) for e, row in candidates.iterrows())
    names = [str(e) for e in candidates.index]
    example = f", e.g. --goal {names[0]!r}" if names else ""
    return InputError(
        f"Could not tell which event is the goal (the conversion): {why}. Candidates: {listed or 'none'}. "
        f"Pass it with --goal EVENT or a funnel --funnel STEP,...,GOAL (API: goal, funnel; library: "
        f"completion_events=[...]){example}.",
        code="goal_ambiguous",
        details={"candidates": names},
    )
