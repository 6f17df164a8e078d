"""Words about a segment's statistics in every workflow, each true twice (one home: ``personas``).

Every trait word of every workflow is a :class:`WordRule` here: the goal workflow's
words about population columns (``_traits``: "high income", "Tier-1 cities"; one rule
per trait, :func:`trait_rule`), and the words of the workflows on any table and on
clickstreams about other statistics (conversion, session length, a value's share).
A word needs its absolute level (a fixed, documented cut) AND its contrast with the
baseline (everyone analysed); when only the contrast holds, the comparative is said
instead (or nothing): "higher income than the audience, still low".
``synthpersona verify`` recomputes the statistic and asks the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from synthpersona.model import RATE, VALUE_SHARE, Evidence
from synthpersona.personas._traits import CATEGORICAL_TRAITS, NUMERIC_TRAITS, Trait, bands
from synthpersona.schema import Col

WORD, COMPARATIVE, LEVEL_ONLY, NONE = "word", "comparative", "level_only", "none"


@dataclass(frozen=True)
class WordRule:
    """A word about one statistic of a segment, said only when it is true twice.

    Parameters
    ----------
    key
        Name of the rule (``"mostly_signs_up"``).
    statistic
        What the value is (``"rate"``, ``"value_share"``, ``"median_session_events"``...).
    direction
        ``"high"``: the word needs ``value >= level`` and a contrast above the baseline;
        ``"low"``: ``value < level`` and a contrast below it.
    word, comparative
        The words when both hold, and when only the contrast holds (``""``: say nothing).
    level
        The absolute cut, in the statistic's unit.
    contrast
        The cut on the contrast with the baseline: ``value - baseline`` (``"high"``) or
        ``baseline - value`` (``"low"``); with ``ratio``, ``value / baseline`` at least
        (``"high"``) or at most (``"low"``) this.
    ratio
        Whether ``contrast`` is a ratio rather than a difference.
    standardised
        Whether ``contrast`` is in baseline spreads: ``(value - baseline) / spread`` signed
        in the direction (the goal words: audience standard deviations), and only when the
        gap is at least ``min_gap`` in the statistic's unit (a share of ``|baseline|`` with
        ``relative_gap``), so a tiny but "significant" gap is not put into words.
    column, category, other_level
        The goal words' population column, categorical value and the opposite cut of the
        column's bands (``level`` is the word's own), named in evidence so comparatives can
        say the level ("still low", "mid-range").
    strict
        Whether a ``"high"`` level must be passed, not only reached (``value > level``: "mostly"
        means more than half).

    Examples
    --------
    >>> r = WordRule("mostly_signs_up", "rate", "high", "mostly signs up",
    ...              "signs up more than average", level=0.5, contrast=0.05)
    >>> r.says(0.62, 0.40), r.says(0.35, 0.20), r.says(0.55, 0.60)
    ('mostly signs up', 'signs up more than average', '')
    >>> affluent = trait_rule(NUMERIC_TRAITS[14])  # "high income": >= Rs 1L/month, 0.25 SD above
    >>> affluent.verdict(120_000, 60_000, spread=40_000), affluent.verdict(9_000, 6_000, spread=4_000)
    ('word', 'comparative')
    """

    key: str
    statistic: str
    direction: str
    word: str
    comparative: str
    level: float
    contrast: float
    ratio: bool = False
    standardised: bool = False
    min_gap: float = 0.0
    relative_gap: bool = False
    column: str = ""
    category: str | None = None
    other_level: float | None = None
    strict: bool = False

    def effects(self, value: Any, baseline: float, spread: float | None) -> np.ndarray:
        """Standardised contrasts of ``value`` (array) with ``baseline``, signed in the direction.

        ``0`` where the gap is under ``min_gap`` or the baseline has no spread.
        """
        value = np.asarray(value, dtype=np.float64)
        gap = value - baseline if self.direction == "high" else baseline - value
        if spread is None or spread <= 1e-12:
            return np.zeros_like(gap)
        need = self.min_gap * abs(baseline) if self.relative_gap else self.min_gap
        return np.where(np.abs(gap) >= need, gap / spread, 0.0)

    def effect(self, value: float, baseline: float, spread: float | None) -> float:
        """The standardised contrast of one value (see :meth:`effects`)."""
        return float(self.effects(value, baseline, spread))

    def level_holds(self, value: float) -> bool:
        """The absolute half: ``value`` at (``"high"``, past it if ``strict``) or under the level."""
        if self.direction == "high":
            return value > self.level if self.strict else value >= self.level
        return value < self.level

    def contrast_holds(
        self, value: float, baseline: float, spread: float | None = None, tol: float = 0.0
    ) -> bool:
        """The relative half: ``value`` differs from ``baseline`` by the contrast, in the direction.

        ``spread``: the baseline's spread (standardised rules); ``tol``: slack on a
        standardised contrast, for values read back rounded.
        """
        if self.standardised:
            return self.effect(value, baseline, spread) >= self.contrast - tol
        if self.ratio:
            if baseline <= 0:
                return self.direction == "high" and value > 0
            lift = value / baseline
            return lift >= self.contrast if self.direction == "high" else lift <= self.contrast
        gap = value - baseline if self.direction == "high" else baseline - value
        return gap >= self.contrast - 1e-12

    def verdict(self, value: float, baseline: float, spread: float | None = None, tol: float = 0.0) -> str:
        """``"word"`` (both hold), ``"comparative"`` (only the contrast), ``"level_only"`` or ``"none"``."""
        level, contrast = self.level_holds(value), self.contrast_holds(value, baseline, spread, tol)
        if level and contrast:
            return WORD
        if contrast:
            return COMPARATIVE
        return LEVEL_ONLY if level else NONE

    def says(self, value: float, baseline: float, spread: float | None = None) -> str:
        """The words the data allows: the word, the comparative, or ``""``."""
        v = self.verdict(value, baseline, spread)
        return self.word if v == WORD else self.comparative if v == COMPARATIVE else ""

    @property
    def level_cuts(self) -> tuple[tuple[str, float], ...]:
        """The absolute cuts of a goal word: ``min_share`` (a category), or both bands of the column."""
        if self.statistic == VALUE_SHARE:
            return (("min_share", self.level),)
        other = self.level if self.other_level is None else self.other_level
        low, high = (self.level, other) if self.direction == "low" else (other, self.level)
        return (("low_below", low), ("high_from", high))

    @property
    def thresholds(self) -> tuple[tuple[str, float], ...]:
        """The cuts, named for an evidence record."""
        if self.standardised:
            gap = (
                (("min_gap_share" if self.relative_gap else "min_gap", self.min_gap),) if self.min_gap else ()
            )
            return (("min_effect", self.contrast), *gap, *self.level_cuts)
        side = ("above" if self.strict else "from") if self.direction == "high" else "below"
        kind = "min_ratio" if self.direction == "high" else "max_ratio"
        contrast = (kind, self.contrast) if self.ratio else ("min_contrast", self.contrast)
        return ((f"level_{side}", self.level), contrast)

    def evidence(
        self,
        field: str,
        value: float,
        baseline: float,
        *,
        claim: str | None = None,
        n: int | None = None,
        segment_id: int | None = None,
        columns: tuple[str, ...] = (),
        category: str | None = None,
        spread: float | None = None,
    ) -> Evidence:
        """The evidence of the words this rule gives ``value`` against ``baseline`` in ``field``."""
        return Evidence(
            field=field,
            claim=self.says(value, baseline, spread) if claim is None else claim,
            statistic=self.statistic,
            value=float(value),
            baseline=float(baseline),
            n=n,
            effect_size=self.effect(value, baseline, spread) if self.standardised else None,
            thresholds=self.thresholds,
            columns=columns or ((self.column,) if self.column else ()),
            category=category if category is not None else self.category,
            segment_id=segment_id,
        )


# -- clickstream (behavioural personas) ---------------------------------------------------------------
MEDIAN_EVENTS = "median_session_events"  # median events per session
BACK_STEPS = "mean_back_steps"  # mean A -> B -> A returns per session
EVENT_SHARE = "event_session_share"  # share of sessions containing the event (``category``)

DECISIVE = WordRule("decisive", RATE, "high", "signs up", "", level=0.7, contrast=0.15)
MOSTLY_SIGNS_UP = WordRule(
    "mostly_signs_up", RATE, "high", "mostly signs up", "signs up more than average", level=0.5, contrast=0.05
)
STALLS = WordRule("stalls", RATE, "low", "stalls at", "signs up less than average", level=0.5, contrast=0.05)
BOUNCES = WordRule("bounces", RATE, "low", "bouncer", "", level=0.2, contrast=0.5, ratio=True)
QUICK = WordRule("quick", MEDIAN_EVENTS, "low", "quick", "", level=3.5, contrast=1.0, ratio=True)
COMPARES = WordRule(
    "compares", BACK_STEPS, "high", "Comparison shopper", "", level=0.5, contrast=1.5, ratio=True
)
ROLE_EVENT = WordRule("role_event", EVENT_SHARE, "high", "role", "", level=0.15, contrast=1.1, ratio=True)
# When in the week a segment comes: the share of its sessions that start on a Saturday or a Sunday
# (in the wall-clock time the log wrote, see CLOCKS), against all users' share. Days alone would put
# 2/7 = 29 % at weekends. "Mostly at weekends" needs more than half of the segment's sessions there
# AND 1.5x all users' share; "on weekdays" needs at most 10 % there AND at most half of all users'
# share. With only the contrast, the comparative ("at weekends more often than other users") is said.
WEEKEND_SHARE = "weekend_session_share"
WEEKEND = WordRule(
    "weekend",
    WEEKEND_SHARE,
    "high",
    "comes mostly at weekends",
    "comes at weekends more often than other users",
    level=0.5,
    contrast=1.5,
    ratio=True,
    strict=True,
)
# Day x time cells of the week (a session's start, in the users' local time: only said when the log
# wrote UTC offsets, CLOCKS): weekday or weekend, then nights 0-6h, mornings 6-12h, afternoons
# 12-18h, evenings 18-24h. "Mostly on weekday evenings" needs more than half of the segment's
# sessions in the cell AND 1.5x all users' share of it (no comparative), and is not said beside a
# week word it contradicts ("comes mostly at weekends" with a weekday cell).
DAYPART_SHARE = "daypart_session_share"  # share of sessions starting in the cell (``category``)
DAYPARTS = tuple(
    f"{d} {p}" for d in ("weekday", "weekend") for p in ("nights", "mornings", "afternoons", "evenings")
)
DAYPART = WordRule(
    "daypart", DAYPART_SHARE, "high", "mostly on", "", level=0.5, contrast=1.5, ratio=True, strict=True
)
# Whose clock the week's words are in (``simulation._times.week_clock``) and what they add to say
# it: the users' local time when the log wrote UTC offsets (nothing added); otherwise the weekend
# words name the clock and the day-part words are not said (an "evening" in UTC is nobody's evening).
CLOCKS = {"local": "", "utc": " in UTC", "unstated": " by the log's clock, zone not given"}
WEEKDAY = WordRule(
    "weekday",
    WEEKEND_SHARE,
    "low",
    "comes on weekdays",
    "comes at weekends less often than other users",
    level=0.1,
    contrast=0.5,
    ratio=True,
)
AVERAGE_SIGN_UP = "average sign-up"  # neither conversion contrast holds (within 0.05 of the baseline)


@dataclass(frozen=True)
class GoalWords:
    """How names say the goal: the conversion rules' words are written for sign-ups and say
    ``verb`` for "signs up", ``noun`` for "sign-up" and ``agent`` for a "Decisive ..." persona.

    Examples
    --------
    >>> goal_words(["order_placed"]).say(MOSTLY_SIGNS_UP.comparative)
    'orders more than average'
    """

    verb: str = "signs up"
    noun: str = "sign-up"
    agent: str = "sign-up"

    def say(self, text: str) -> str:
        """``text`` (a rule's words for sign-ups) for this goal."""
        return text.replace("signs up", self.verb).replace("sign-up", self.noun)


# Goal event names (lower case, any part) -> verb, noun, agent. First match wins.
_GOAL_WORDS: tuple[tuple[tuple[str, ...], GoalWords], ...] = (
    (("signup", "sign_up", "sign-up", "register", "registration"), GoalWords()),
    (("purchase", "buy", "bought"), GoalWords("buys", "purchase", "buyer")),
    (("order",), GoalWords("orders", "order", "orderer")),
    (("checkout", "check_out"), GoalWords("checks out", "checkout", "buyer")),
    (("pay",), GoalWords("pays", "payment", "payer")),
    (("subscri",), GoalWords("subscribes", "subscription", "subscriber")),
    (("booking", "booked", "book_"), GoalWords("books", "booking", "booker")),
    (("approv",), GoalWords("gets approved", "approval", "applicant")),
    (("enrol", "enroll"), GoalWords("enrols", "enrolment", "enrollee")),
    (("download",), GoalWords("downloads", "download", "downloader")),
    (("install",), GoalWords("installs", "install", "installer")),
    (("upgrad",), GoalWords("upgrades", "upgrade", "upgrader")),
    (("renew",), GoalWords("renews", "renewal", "renewer")),
    (("donat",), GoalWords("donates", "donation", "donor")),
    (("deposit",), GoalWords("deposits", "deposit", "depositor")),
    (("activat",), GoalWords("activates", "activation", "activator")),
    (("won", "closed_win"), GoalWords("wins", "win", "winner")),
)
CONVERTS = GoalWords("converts", "conversion", "converter")  # goals named in no known way


def goal_words(goal_events: Iterable[str]) -> GoalWords:
    """The words for reaching the goal events of a log: ``order`` orders, ``purchase`` buys.

    Several goals that read alike share their words; unlike ones, or one whose name is not
    known, say "converts" (one unknown goal is named: ``reaches level 10``).

    Examples
    --------
    >>> goal_words(["signup_complete"]).verb, goal_words(["purchase"]).verb, goal_words(["A_APPROVED"]).verb
    ('signs up', 'buys', 'gets approved')
    >>> goal_words(["level_10"]).verb, goal_words(["purchase", "order"]).verb
    ('reaches level 10', 'converts')
    """
    names = sorted({str(e) for e in goal_events})
    found = {next((w for keys, w in _GOAL_WORDS if any(k in n.lower() for k in keys)), None) for n in names}
    if len(found) == 1 and None not in found:
        return found.pop()  # type: ignore[return-value]
    if len(names) == 1:
        text = names[0].replace("_", " ").strip()
        return GoalWords(f"reaches {text}", text, "converter")
    return CONVERTS


# -- any table (leads) --------------------------------------------------------------------------------
# A stand-out value: common in the segment (20 %) and 1.2 times as common as in the table.
STANDOUT = WordRule("standout", VALUE_SHARE, "high", "stand-out", "", level=0.2, contrast=1.2, ratio=True)
# A value a segment is named after leads it (40 %) and is not rarer there than in the table.
NAMED = WordRule("named", VALUE_SHARE, "high", "named", "", level=0.4, contrast=1.0, ratio=True)

# Two values named together ("A & B") hold 70 % of the segment together, not rarer than in the table.
NAMED_PAIR = WordRule("named_pair", VALUE_SHARE, "high", "named", "", level=0.7, contrast=1.0, ratio=True)
NAME_MIN_LEAD = 0.1  # ... and a single named value leads the runner-up by 10 points
PAIR_MIN_SHARE = 0.3  # ... each value of a pair holds 30 %

# -- the goal workflow (population columns; the words of ``_traits``) ---------------------------------
# A word's contrast with the filtered audience: at least this many audience standard deviations
# (numeric) or standardised share units (categorical, ``sqrt(p (1 - p))``) ...
MIN_EFFECT = 0.25
# ... and at least this much in the column's own unit, so that a statistically distinct but
# tiny gap (tech savviness 0.70 vs 0.73) is not put into words.
MIN_ABS_DIFF = {
    Col.AGE: 3.0,
    Col.DEVICE_COUNT: 0.3,
    Col.DAILY_SCREEN_HOURS: 0.5,
    Col.ONLINE_SHOPPING_FREQ: 0.5,
    Col.FAMILY_SIZE: 0.5,
    Col.HAS_CHILDREN: 0.08,
    Col.EMI_FLAG: 0.08,
}
MIN_ABS_UNIT = 0.05  # 0-1 scores and interests
MIN_REL_INCOME = 0.15  # monthly income: 15 % of the audience mean
# A categorical value must also describe most of the segment to name it (its absolute level).
MIN_SHARE = 0.5
_SHARE_COLUMNS = (Col.EMI_FLAG, Col.HAS_CHILDREN)  # yes/no columns: the level is a share


def _goal_rule(t: Trait) -> WordRule:
    """The rule of one goal trait word: fixed absolute cut (``_traits.LEVEL_BANDS``) + contrast."""
    if t.direction == "is":
        return WordRule(
            f"{t.column}={t.value}", VALUE_SHARE, "high", t.phrase, "", level=MIN_SHARE,
            contrast=MIN_EFFECT, standardised=True, column=t.column, category=t.value,
        )  # fmt: skip
    low, high = bands(t.column)
    income = t.column == Col.MONTHLY_INCOME_INR
    return WordRule(
        f"{t.column}:{t.direction}",
        "share" if t.column in _SHARE_COLUMNS else "mean",
        t.direction,
        t.phrase,
        "",  # the comparative names the level it is at: ``_stats.contrast_phrase``
        level=high if t.direction == "high" else low,
        contrast=MIN_EFFECT,
        standardised=True,
        min_gap=MIN_REL_INCOME if income else MIN_ABS_DIFF.get(t.column, MIN_ABS_UNIT),
        relative_gap=income,
        column=t.column,
        other_level=low if t.direction == "high" else high,
    )


GOAL_RULES: dict[Trait, WordRule] = {t: _goal_rule(t) for t in NUMERIC_TRAITS + CATEGORICAL_TRAITS}


def trait_rule(trait: Trait) -> WordRule:
    """The rule behind a goal trait word ("high income", "Tier-1 cities").

    Examples
    --------
    >>> r = trait_rule(NUMERIC_TRAITS[14])
    >>> r.key, r.word, r.level, r.thresholds[:2]
    ('monthly_income_inr:high', 'high income', 100000.0, (('min_effect', 0.25), ('min_gap_share', 0.15)))
    >>> r.level_cuts
    (('low_below', 25000.0), ('high_from', 100000.0))
    """
    return GOAL_RULES[trait]


RULES: dict[str, WordRule] = {
    r.key: r
    for r in (
        DECISIVE,
        MOSTLY_SIGNS_UP,
        STALLS,
        BOUNCES,
        QUICK,
        COMPARES,
        ROLE_EVENT,
        WEEKEND,
        WEEKDAY,
        DAYPART,
        STANDOUT,
        NAMED,
        NAMED_PAIR,
        *GOAL_RULES.values(),
    )
}


def rule_of(statistic: str, thresholds: Iterable[Sequence[Any]]) -> WordRule | None:
    """The rule behind an evidence record (by its statistic and thresholds), ``None`` for others.

    Examples
    --------
    >>> ev = MOSTLY_SIGNS_UP.evidence("persona_name", 0.6, 0.4)
    >>> rule_of(ev.statistic, ev.thresholds).key
    'mostly_signs_up'
    """
    cuts = tuple((str(a), float(b)) for a, b in thresholds)
    for rule in RULES.values():
        if rule.statistic == statistic and rule.thresholds == cuts and not rule.column:
            return rule
    return None


def goal_rule_of(ev: Evidence) -> WordRule | None:
    """The goal word rule behind an evidence record: by its column, category and claim.

    A claim that is neither word of the column (a comparative, "higher income than the
    audience, still low") gets the rule of the direction it names.

    Examples
    --------
    >>> ev = Evidence(field="label", claim="lower income than the audience, mid-range",
    ...               statistic="mean", value=40_000.0, columns=("monthly_income_inr",))
    >>> goal_rule_of(ev).key
    'monthly_income_inr:low'
    """
    if not ev.columns:
        return None
    col = ev.columns[0]
    cands = [r for t, r in GOAL_RULES.items() if t.column == col and t.value == ev.category]
    for r in cands:
        if r.word == ev.claim:
            return r
    up = ev.claim.startswith(("higher", "older"))
    down = ev.claim.startswith(("lower", "younger"))
    return next((r for r in cands if (r.direction == "high" and up) or (r.direction == "low" and down)), None)


def evidence_record(ev: Evidence) -> dict[str, Any]:
    """An evidence record as JSON, unrounded, with its thresholds (what ``verify`` reads back).

    Examples
    --------
    >>> evidence_record(DECISIVE.evidence("persona_name", 0.9, 0.5))["thresholds"]
    [['level_from', 0.7], ['min_contrast', 0.15]]
    """
    rec: dict[str, Any] = {
        "field": ev.field,
        "claim": ev.claim,
        "statistic": ev.statistic,
        "value": ev.value,
        "baseline": ev.baseline,
        "thresholds": [[name, cut] for name, cut in ev.thresholds],
    }
    if ev.n is not None:
        rec["n"] = ev.n
    if ev.columns:
        rec["columns"] = list(ev.columns)
    if ev.category is not None:
        rec["category"] = ev.category
    if ev.segment_id is not None:
        rec["segment_id"] = ev.segment_id
    return rec


def expected_verdict(rule: WordRule, claim: str, goal: GoalWords | None = None) -> str:
    """The verdict a claim needs: the comparative's own words need the contrast, any other the word.

    ``goal``: the words of the run's goal (default: sign-up).

    Examples
    --------
    >>> expected_verdict(STALLS, "signs up less than average"), expected_verdict(STALLS, "leaves at")
    ('comparative', 'word')
    >>> expected_verdict(STALLS, "buys less than average", goal_words(["purchase"]))
    'comparative'
    """
    goal = goal or GoalWords()
    if claim == goal.say(AVERAGE_SIGN_UP):
        return NONE
    return COMPARATIVE if rule.comparative and claim == goal.say(rule.comparative) else WORD
