"""What a real event log says about itself: how long its sessions are, and the A/B test it logged.

The simulation use case reads both before simulating: :func:`session_cap` so simulated
sessions are as long as real ones, and :func:`logged_experiment` so a real A/B test in the
log is analysed with the same statistics as the simulated one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from synthpersona.errors import InputError

if TYPE_CHECKING:
    from synthpersona.simulation import MarkovPersonaGenerator
    from synthpersona.simulation.sql import EventTable

__all__ = [
    "CONTROL_LABELS",
    "EXPERIMENT_COLUMNS",
    "MAX_SESSION_CAP",
    "LoggedExperiment",
    "chain_session_cap",
    "goal_candidates",
    "logged_experiment",
    "logged_experiment_in_engine",
    "resolve_goal",
    "session_cap",
    "session_cap_from_counts",
    "session_cap_in_engine",
]

MAX_SESSION_CAP = 200

# Column names under which event logs record the arm of a real A/B test.
EXPERIMENT_COLUMNS = (
    "variant",
    "arm",
    "ab_group",
    "ab_variant",
    "experiment_group",
    "test_group",
    "group",
    "bucket",
)
# Labels of the control arm, compared as B (the other arm is A: "variant minus control").
CONTROL_LABELS = ("control", "ctrl", "a", "baseline", "original", "0", "off", "false")


@dataclass
class LoggedExperiment:
    """A real A/B test recorded in the log: which column, which arms, and the comparison table."""

    column: str
    treatment: str
    control: str
    table: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        rows = self.table.astype(object).where(self.table.notna(), None).to_dict(orient="records")
        return {"column": self.column, "treatment": self.treatment, "control": self.control, "table": rows}


def chain_session_cap(
    generator: MarkovPersonaGenerator,
    stop_events: Iterable[str],
    *,
    floor: int = 2,
    share: float = 0.001,
) -> int:
    """The shortest cap at which at most ``share`` of simulated sessions are cut (floor..200).

    A chain's session lengths have a longer tail than the log's, so a cap at the log's
    99.9th percentile still cut ~4 % of simulated sessions on Retentioneering's ecom log
    and cost 0.6 conversion points. This runs the fitted first-order chains' probability
    mass forward (``stop_events`` end a session) until what is still going falls to ``share``.

    Examples
    --------
    >>> from synthpersona.simulation import MarkovPersonaGenerator
    >>> log = pd.DataFrame({"user_id": [1] * 10 + [2] * 2, "event": ["view"] * 9 + ["buy", "view", "buy"],
    ...                     "timestamp": pd.date_range("2026-01-01", periods=12, freq="min")})
    >>> # "view" repeats with chance 0.8, so an uncalibrated chain keeps 1 % of sessions going for
    >>> # 22 events; the fitted chain's lengths are calibrated to the log's (longest session: 10 events)
    >>> chain_session_cap(MarkovPersonaGenerator.from_events(log, smoothing=0.0), ["buy"], share=0.01)
    11
    """
    from synthpersona.simulation._walk import tilt_rows

    stops = set(stop_events)
    stop = np.array([e in stops for e in generator.vocabulary_], dtype=bool)
    going = generator.start_probs_ * np.asarray(generator.persona_weights_, dtype=float)[:, None]
    first = generator.first_order_probs_
    v = len(stop)
    odds = getattr(generator, "length_odds_", None)
    for length in range(1, MAX_SESSION_CAP):
        going = np.where(stop[None, :], 0.0, going)
        moving = first[:, :, :v]  # without the end state
        if odds is not None:  # leaving and converting scaled at this position (see MarkovPersonaGenerator)
            rows = generator.position_odds(odds)
            assert rows is not None
            tilted = first
            r = odds[:, min(length - 1, odds.shape[1] - 1)].copy()  # (P, 2)
            if rows.reach is not None:  # converting acts through moves tilted by their reach
                tilted = tilt_rows(
                    first.reshape(-1, v + 1), np.repeat(odds[:, 0, 1], v), rows.reach.repeat(v, axis=0)
                ).reshape(first.shape)
                r[:, 1] = 1.0
            leave, goal = generator.leave_, generator.goal_ & ~generator.leave_
            gone, won = tilted[:, :, leave].sum(axis=2), tilted[:, :, goal].sum(axis=2)
            z = 1.0 - gone - won + gone * r[:, :1] + won * r[:, 1:]
            scale = np.where(leave[:v], r[:, :1, None], np.where(goal[:v], r[:, 1:, None], 1.0))
            moving = tilted[:, :, :v] * scale / z[:, :, None]
        going = np.einsum("pv,pvw->pw", going, moving)  # mass with at least length + 1 events
        if going.sum() <= share:
            return max(length, floor)
    return MAX_SESSION_CAP


# Words of a header that names an experiment's arm, in the languages logs come in (``wariant``,
# ``variante``, ``gruppo``, PostHog's ``$feature/<flag>``); matched inside the normalised header.
_EXPERIMENT_WORDS = re.compile(
    r"variant|wariant|variation|experiment|\bab\b|^ab_|_ab$|a/b|abtest|arm$|^arm|bucket|treatment|"
    r"feature/|feature_flag|flag|test_?group|versuch|esperimento|experimento|eksperyment"
)
# Generic words ("group", "gruppo") name an arm only when the split is near even: an age group or
# a customer group of two values is rarely split 35/65 or closer by chance.
_GROUP_WORDS = re.compile(r"group|gruppo|grupo|groupe|gruppe|grupa|grup|cohort|cell|split|^test$")
# A control arm's label in the languages logs come in (the control is the arm labelled so).
_CONTROL_WORDS = frozenset(
    {
        *CONTROL_LABELS, "controle", "contrôle", "controllo", "kontrolle", "kontrola", "kontroll",
        "kontrol", "контроль", "control group", "grupa kontrolna", "对照", "対照", "대조", "old", "holdout",
        "originale", "origineel", "controlo", "kontrollgruppe", "grupo de control", "groupe témoin", "témoin",
    }
)  # fmt: skip
# Values that read as an arm's label: a control label, or a treatment's; single letters A-D
# count when the column has two of them.
_ARM_WORDS = _CONTROL_WORDS | frozenset(
    {
        "test", "treatment", "variant", "variante", "wariant", "variation", "new",
        "tratamiento", "trattamento", "traitement", "behandlung", "nuevo", "novo", "nuovo", "neu",
        "nouveau", "b", "c", "d", "on", "实验", "実験", "실험", "test group", "grupa testowa",
    }
)  # fmt: skip
# labels that are arms only under a header that names an experiment (a yes/no flag is not one)
_WEAK_ARMS = frozenset({"0", "1", "true", "false", "on", "off", "yes", "no"})
# header words that name an experiment only on a near-even split (``exp_paywall``, ``test_tunnel``,
# Adobe's ``Checkout-Test`` inside the arms' own labels): ``test`` and ``exp`` name other things too
_TRIAL_TOKENS = frozenset(
    {"exp", "expt", "test", "tests", "ab", "abtest", "split", "trial", "teste", "prueba"}
)
# header words of a new version of something (``new_checkout``, ``onboarding_v2``, ``redesign``): a
# yes/no or 0/1 column so named and split near even is whether the user got the new version
_NEW_TOKENS = frozenset(
    {"new", "neu", "neue", "neuer", "nuevo", "nueva", "novo", "nova", "nouveau", "nouvelle", "nuovo", "nuova",
     "nowy", "nowa", "nieuw", "nieuwe", "ny", "nya", "yeni", "beta", "redesign", "revamp", "v2", "v3", "v4"}
)  # fmt: skip
# a "new user", "first visit" or "returning customer" flag says who the user is, not what they got
_WHO_TOKENS = frozenset(
    {"user", "users", "visitor", "visit", "customer", "client", "returning", "first", "account"}
)
_LETTER_ARM = re.compile(r"^([a-d]|\d{1,2}|v\d{1,2})$")
_CORE_COLUMNS = frozenset({"user_id", "session_id", "event", "timestamp"})


def logged_experiment(events: pd.DataFrame, completes: Sequence[str]) -> LoggedExperiment | None:
    """The real A/B test logged in ``events`` (two arms, one per user), analysed like the simulated one.

    A column is an experiment's arm by its structure and what it says: exactly two values,
    one per user (users switching arms are under 2 %), and either a header that names an
    experiment in any of the usual languages (``variant``, ``wariant``, ``variante``,
    ``gruppo``, PostHog's ``$feature/<flag>``: :data:`EXPERIMENT_COLUMNS` and more) with
    each arm holding 5 %+ of users, or arm-like values (``control``/``tratamiento``, ``A``/``B``)
    with each arm holding 20 %+ of users. Other per-user columns of two values (an OS, a
    channel) are not experiments. The control arm is the one labelled so
    (:data:`CONTROL_LABELS` and their translations), else the first in sort order. Compared
    with :func:`synthpersona.analytics.compare_groups`: conversion (two-proportion z), steps
    and time to convert, path length and events, Benjamini-Hochberg corrected. ``None`` when
    no column qualifies or its arms cannot be compared.

    Examples
    --------
    >>> users = np.arange(40)  # one arm per user; in arm A every 4th user buys, in arm B every 2nd
    >>> events = pd.DataFrame({"user_id": np.repeat(users, 2), "session_id": 1,
    ...     "wariant": np.repeat(np.where(users % 2, "B", "A"), 2),
    ...     "event": np.ravel([["home", "buy" if u % 4 in (0, 1) else "exit"] for u in users]),
    ...     "timestamp": pd.to_datetime(np.tile([0, 5], 40), unit="s")})
    >>> found = logged_experiment(events, ["buy"])
    >>> found.column, found.treatment, found.control, float(found.table.loc[0, "value_b"])
    ('wariant', 'B', 'A', 0.5)
    """
    from synthpersona import analytics

    best = _experiment_column(events)
    if best is None:
        return None
    column, arms = best
    control = next((a for a in arms if a.strip().casefold() in _CONTROL_WORDS), arms[0])
    treatment = arms[1] if control == arms[0] else arms[0]
    frame = events.assign(**{str(column): events[column].astype("string").str.strip()})
    try:
        table = analytics.compare_groups(frame, str(column), list(completes), (treatment, control))
    except InputError:
        return None
    return LoggedExperiment(str(column), treatment, control, table)


def logged_experiment_in_engine(
    table: EventTable, sample: pd.DataFrame, completes: Sequence[str]
) -> LoggedExperiment | None:
    """:func:`logged_experiment` over every user of a log in an engine, of which ``sample`` is a sample.

    The arm column is found on the sample (:func:`logged_experiment`'s rules); its comparison
    table is then counted in SQL over the whole log
    (:func:`~synthpersona.simulation.sql_experiment.arm_counts`,
    :func:`~synthpersona.analytics.compare_group_counts`), so its figures do not depend on the
    sample: on a log whose sample is the whole log it equals :func:`logged_experiment`'s (means
    to the last digits of their summation order).
    """
    from synthpersona.analytics import compare_group_counts
    from synthpersona.simulation.sql_experiment import arm_counts, arm_key

    best = _experiment_column(sample)
    if best is None:
        return None
    column, arms = best
    if str(column) not in table.engine.columns(f"{table.table}_raw"):
        return logged_experiment(sample, completes)  # not a column of the file: the sample's
    control = next((a for a in arms if a.strip().casefold() in _CONTROL_WORDS), arms[0])
    treatment = arms[1] if control == arms[0] else arms[0]
    counts = arm_counts(table, str(column), list(completes))
    label = {arm_key(a): a for a in arms}  # the engine's 'true' is the sample's 'True'
    counts["arm"] = [label.get(arm_key(a), a) if isinstance(a, str) else a for a in counts["arm"]]

    def histogram(kind: str, arm: str) -> pd.Series:
        rows = counts[(counts["kind"] == kind) & (counts["arm"] == arm)]
        return pd.Series(rows["n"].to_numpy(), index=rows["value"].to_numpy(), dtype="int64")

    pair = (treatment, control)
    lengths = [histogram("length", a) for a in pair]
    steps = [histogram("steps", a) for a in pair]
    if not all(h.sum() > 0 for h in lengths):
        return None  # an arm without users in the log: nothing to compare
    events = counts[counts["kind"] == "event"]
    by_event = [events[events["arm"] == a].set_index("event")["n"] for a in pair]
    names = list(table.vocabulary)
    table_ = compare_group_counts(
        pair,
        (int(lengths[0].sum()), int(lengths[1].sum())),
        (int(steps[0].sum()), int(steps[1].sum())),
        {
            "steps to convert": (steps[0], steps[1]),
            "time to convert (s)": (histogram("seconds", treatment), histogram("seconds", control)),
            "path length (events)": (lengths[0], lengths[1]),
        },
        (names, *_event_counts(by_event, names)),
    )
    return LoggedExperiment(str(column), treatment, control, table_)


def _event_counts(by_event: list[pd.Series], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each arm's paths with each event, in the order of ``names`` (0 where none)."""
    a, b = (e.reindex(names, fill_value=0).to_numpy(dtype=np.int64) for e in by_event)
    return a, b


def _experiment_column(events: pd.DataFrame) -> tuple[object, list[str]] | None:
    """The column holding an experiment's arm and its two arms (sorted), or ``None``."""
    if "user_id" not in events.columns:
        return None
    found: list[tuple[int, str, object, list[str]]] = []
    for column in events.columns:
        if str(column) in _CORE_COLUMNS:
            continue
        evidence = _arm_evidence(events, column)
        if evidence is not None:
            found.append((evidence[0], str(column), column, evidence[1]))
    if not found:
        return None
    found.sort(key=lambda f: (-f[0], f[1]))
    return found[0][2], found[0][3]


def _arm_evidence(events: pd.DataFrame, column: object) -> tuple[int, list[str]] | None:
    """How strongly ``column`` reads as an experiment's arm (2 named and arm-like, 1 one of them)."""
    values = events[column]
    if values.dtype.kind == "f" or values.head(5000).nunique(dropna=True) > 2:
        return None
    if values.nunique(dropna=True) != 2:
        return None
    arms = sorted(str(v).strip() for v in values.dropna().unique())
    if len(set(arms)) != 2:
        return None
    per_user = events.loc[values.notna(), ["user_id", column]].drop_duplicates()
    users = per_user["user_id"].nunique()
    if users < 20 or per_user["user_id"].duplicated().sum() > 0.02 * users:
        return None  # not one arm per user
    minority = float(per_user[column].astype(str).str.strip().value_counts(normalize=True).min())
    header = str(column).strip().casefold().replace(" ", "_")
    named = (
        header in EXPERIMENT_COLUMNS
        or bool(_EXPERIMENT_WORDS.search(header))
        or (bool(_GROUP_WORDS.search(header)) and minority >= 0.35)
        or _named_by_its_key(events, column)
    )
    labels = {a.casefold() for a in arms}
    parts, shared = _arm_parts(arms)
    even = minority >= 0.35
    tokens = set(_tokens(str(column)))
    named = named or (even and bool(tokens & _TRIAL_TOKENS or shared & (_TRIAL_TOKENS | {"experiment"})))
    weak = labels <= _WEAK_ARMS or {p for p in parts} <= _WEAK_ARMS
    named = named or (even and weak and bool(tokens & _NEW_TOKENS) and not tokens & _WHO_TOKENS)
    named_control = bool(labels & (_CONTROL_WORDS - _WEAK_ARMS - {"a"})) or any(
        set(_tokens(p)) & (_CONTROL_WORDS - _WEAK_ARMS - {"a"}) for p in parts
    )  # "kontrola" vs anything, "variant_a" vs "control"
    # arms told apart by a letter or number count under a shared stem ("Erlebnis A"/"Erlebnis B"):
    # a bare 1/2 column is as often a code (a gender, a tier) as an arm
    stemmed = bool(shared) and all(_arm_part(p) for p in parts)
    arm_like = (labels <= _ARM_WORDS or named_control or stemmed) and not weak
    if named and arm_like and minority >= 0.05:
        return 2, arms
    if (named and minority >= 0.05) or (arm_like and minority >= 0.2):
        return 1, arms
    return None


def _tokens(text: str) -> list[str]:
    """Words of a header or label: camelCase, ``_``, ``-``, ``:``, ``/`` and spaces split them."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    return re.findall(r"[^\W_]+", spaced.casefold())


def _arm_parts(arms: Sequence[str]) -> tuple[list[str], set[str]]:
    """What tells two arm labels apart, and the words they share.

    ``AT:Checkout-Test:Erlebnis A`` / ``... B`` differ in ``a`` / ``b`` and share
    ``checkout test erlebnis``; ``variant_a`` / ``control`` share nothing.
    """
    a, b = (_tokens(x) for x in arms)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    diff = [" ".join(t[head : len(t) - tail]) for t in (a, b)]
    return diff, set(a[:head]) | set(a[len(a) - tail :])


def _arm_part(part: str) -> bool:
    """Whether what tells an arm apart reads as an arm: a letter, a number, an arm word (``novo fluxo``)."""
    words = part.split()
    return bool(words) and (
        part in _ARM_WORDS
        or bool(_LETTER_ARM.match(part))
        or any(w in _ARM_WORDS - _WEAK_ARMS for w in words)
    )


_VALUE_PART = re.compile(r"value|val|wert|valor|valeur|valore")
_KEY_PART = re.compile(r"name|key|label|nom|nombre|nome")


def _named_by_its_key(events: pd.DataFrame, column: object) -> bool:
    """Whether a key column beside ``column`` names an experiment in its values.

    Analytics tools export custom fields as key/value pairs (Matomo's ``customVariableName1`` =
    ``Test AB`` beside ``customVariableValue1`` = the arm; a ``dimension_name``/``dimension_value``
    pair): the header of the value says nothing, the key's value does. A key column is one whose
    header is the value's with the key word in place of the value word, holding one value
    (mostly) that names an experiment.
    """
    header = "".join(ch for ch in str(column).casefold() if ch.isalnum())
    stem = _VALUE_PART.sub("", header)
    if stem == header:
        return False
    for other in events.columns:
        key = "".join(ch for ch in str(other).casefold() if ch.isalnum())
        if other == column or _KEY_PART.sub("", key) != stem or key == stem:
            continue
        said = events[other].dropna().astype(str).str.strip().str.casefold()
        top = said.value_counts(normalize=True)
        if len(top) and float(top.iloc[0]) >= 0.9 and _EXPERIMENT_WORDS.search(str(top.index[0])):
            return True
    return False


def goal_candidates(log: pd.DataFrame, min_end_share: float = 0.5, min_sessions: float = 0.005) -> list[str]:
    """Events that can be the goal of a log, likeliest first (the web UI's goal picker).

    A goal ends the session it happens in (the user converted and left): an event that is the
    last of its session in at least ``min_end_share`` of its occurrences, in at least
    ``min_sessions`` of the sessions. Events named like a conversion come first, events named
    like leaving (``exit``, ``abandon``...) are left out, then the more often an event ends its
    session the earlier it comes. Without any such event, every event is a candidate.

    Examples
    --------
    >>> log = pd.DataFrame({"session_id": [1, 1, 1, 2, 2, 3, 3],
    ...     "event": ["home", "cart", "order_placed", "home", "exit", "home", "faq"]})
    >>> goal_candidates(log)
    ['order_placed', 'faq']
    """
    from synthpersona.simulation._goal_events import goal_named, goal_scores, leave_named
    from synthpersona.simulation.features import default_completion_events, default_drop_events

    events = log["event"].astype(str)  # the log in session order, as load_event_log gives it
    keys = [c for c in ("user_id", "session_id") if c in log.columns]
    session = log.groupby(keys, sort=False, observed=True).ngroup().to_numpy()
    last = np.r_[session[1:] != session[:-1], True]
    sessions = max(int(session.max(initial=-1)) + 1, 1)
    ended = pd.Series(last, index=events.index).groupby(events.to_numpy()).mean()
    reach = pd.DataFrame({"e": events.to_numpy(), "s": session}).drop_duplicates()
    reached = reach.groupby("e").size() / sessions
    vocab = list(ended.index)
    drops = default_drop_events(vocab) | leave_named(vocab)
    named = default_completion_events(vocab) | goal_named(vocab)
    drops -= named
    score = goal_scores(log)["score"]
    found = [
        e
        for e in vocab
        if e not in drops and (e in named or (ended[e] >= min_end_share and reached[e] >= min_sessions))
    ]
    if not found:
        found = vocab
    return sorted(found, key=lambda e: (e not in named, -float(score.get(e, 0.0)), -float(ended[e]), e))


def resolve_goal(
    log: pd.DataFrame,
    funnel: Sequence[str] | str | None,
    completion_events: Sequence[str] | None,
) -> tuple[pd.DataFrame, list[str] | None, str]:
    """The log, its goal events and a note saying where the goal came from.

    A goal or funnel the user gives is kept (``note`` empty: the caller describes it).
    Otherwise, when no event reads as a conversion in English, a stage/status column of the
    log whose last value marks the outcome (:func:`~synthpersona.simulation.find_stage_goal`)
    becomes the goal: an event is added where each user's stage turns to that value, and the
    note says so and how to choose another goal. Without one, the goal is found from the
    paths and a multilingual lexicon (``find_goal_event``: the event that ends sessions, is
    reached by a minority, once per session, after a narrow funnel step); when the paths do
    not point to one event, an :class:`~synthpersona.errors.InputError` lists the candidates.

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": [1, 1, 2, 2], "session_id": 1, "event": ["in", "card", "in", "out"],
    ...     "timestamp": pd.date_range("2026-01-01", periods=4, freq="min"),
    ...     "status": ["Trial", "Customer", "Trial", "Trial"]})
    >>> log["event"] = log["event"].astype("category")
    >>> out, goal, note = resolve_goal(log, None, None)
    >>> goal, out["event"].astype(str).tolist()
    (['Customer'], ['in', 'card', 'Customer', 'in', 'out'])
    """
    from synthpersona.simulation import add_stage_goal_events, find_stage_goal
    from synthpersona.simulation._goal_events import find_goal_event
    from synthpersona.simulation.features import DEFAULT_FUNNEL, default_completion_events

    if funnel or completion_events:
        return log, list(completion_events) if completion_events else None, ""
    vocab = [str(c) for c in log["event"].cat.categories]
    if all(s in vocab for s in DEFAULT_FUNNEL) or default_completion_events(vocab):
        return log, None, ""
    stage = find_stage_goal(log)
    if stage is not None:
        return add_stage_goal_events(log, stage), [stage.event], stage.note()
    choice = find_goal_event(log)  # from the paths (any language), or an error listing the candidates
    return log, [choice.event], choice.note()


def session_cap(events: pd.DataFrame, quantile: float = 0.999) -> int:
    """Session cap for simulation: the ``quantile`` of the log's session lengths (2..200 events).

    A fixed cap of 10 halves conversion on shop logs whose buyers take 15 steps; the
    99.9th percentile keeps all but the rarest sessions whole.

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": [1] * 12 + [2] * 3, "session_id": [1] * 12 + [1] * 3})
    >>> session_cap(events)
    12
    """
    lengths = events.groupby(["user_id", "session_id"], observed=True, sort=False).size()
    return session_cap_from_counts(lengths.value_counts(), quantile)


def session_cap_from_counts(counts: pd.Series, quantile: float = 0.999) -> int:
    """:func:`session_cap` from the number of sessions of each length (index: events, values: sessions).

    The ``quantile`` by numpy's ``"higher"`` method: the length at sorted position
    ``ceil(quantile * (n - 1))`` of the ``n`` sessions.

    Examples
    --------
    >>> session_cap_from_counts(pd.Series({3: 1, 12: 1}))
    12
    """
    counts = counts[counts > 0].sort_index()
    if counts.empty:
        return 2
    total = np.cumsum(counts.to_numpy(dtype=np.int64))
    position = int(np.ceil(quantile * (int(total[-1]) - 1)))
    length = int(counts.index[int(np.searchsorted(total, position + 1))])
    return int(min(max(length, 2), MAX_SESSION_CAP))


def session_cap_in_engine(table: EventTable, quantile: float = 0.999) -> int:
    """:func:`session_cap` of a whole log in an engine (its session lengths counted in SQL)."""
    from synthpersona.simulation.sql_experiment import session_length_counts

    return session_cap_from_counts(session_length_counts(table), quantile)
