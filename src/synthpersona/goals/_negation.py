"""Negation scope: which understood phrases of a goal a negation word governs.

A negation cue governs phrases anywhere in its clause, not only the word right after
it ("men who *never* shop online", "fitness fans *not* on Instagram"). English cues
(not, no, never, without, except, outside, non-, avoid, don't, ...) look forward;
Hindi and Hinglish cues follow what they negate (SOV word order: "EMI *nahi* lene wale",
"Mumbai *ke alawa*", "metros *ke bahar*", नहीं, के अलावा) and look backward. ``bina``
looks forward ("bina EMI ke") unless it follows ``ke`` ("EMI ke bina").

The scope of a cue is the nearest understood phrase on its side within the clause
(clauses end at punctuation, relative words such as who/that/jo and contrast words such
as but/lekin), at most a few light words away, plus the phrases coordinated with it
on the same column ("not on Instagram *or* Facebook"). A cue whose scope is empty is
reported, so the parser can warn instead of guessing: a negation the parser cannot
place never produces the opposite filter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["Cue", "Unit", "complement", "find_cues", "resolve", "undecided"]

_STANCE: Final = (
    r"(?:(?<=are )|(?<=is )|(?<=am )|(?<=be )|(?<=re ))against|dislik(?:e|es|ing)|hat(?:e|es|ing)|"
    r"refus(?:e|es|ing) to|(?:sceptical|skeptical|wary|suspicious|distrustful) (?:of|about)|"
    r"oppos(?:e|es|ed to|ing)|averse to|stay(?:s|ing)? away from|steer(?:s|ing)? clear of|shun(?:s|ning)?|"
    r"resist(?:s|ing)?|reject(?:s|ing)?"
)
_FORWARD: Final = (
    r"not|never|no|without|except(?: for)?|excluding|exclude|excluded|other than|apart from|besides|"
    r"but not|outside(?: of)?|non|avoid(?:s|ing|ers?)?|don't|dont|doesn't|doesnt|didn't|didnt|"
    r"do not|does not|did not|neither|nor|isn't|aren't|is not|are not|won't|will not|can't|cannot|"
    r"rather than|instead of|uninterested(?: in)?|bina|bagair|baghair|gair|na (?=\w+(?:ne|te|ti|ta)\b)|"
    # stance words: an attitude against a thing is not the thing ("women who are against online
    # shopping" were filtered to online channels); "against" only after a verb of being, since
    # "parents against non-parents" joins two sides (goals/_sides.py)
    rf"{_STANCE}"
)
_BACKWARD: Final = (
    r"nahi|nahin|nahee|nahi hai|nhi|ke alawa|ke alava|ke ilawa|ke siwa|ke siva|ke siwaay|ko chhodkar|"
    r"ko chhod kar|ko chodkar|ke bahar|ke baahar|se bahar|ke bina|ke bagair|non ?(?:users?|buyers?|"
    r"shoppers?|customers?|viewers?|subscribers?|owners?)|(?<=\w )na(?= \w+(?:ne|te|ti|ta)\b)"
)
# "not only students but also ..." is not an exclusion.
_NOT_A_NEGATION: Final = re.compile(r"(?:not|no) (?:only|just|necessarily|even|matter)\b")
_CUE: Final = re.compile(rf"(?<![\w'])(?:(?P<back>{_BACKWARD})|(?P<fwd>{_FORWARD}))(?![\w'])")
_BOUNDARY: Final = re.compile(
    r"[,;.!?()]|\b(?:who|whom|that|which|whose|where|but|while|whereas|although|though|however|yet|"
    r"jo|jinhe|jinko|jinke|jinki|lekin|magar|parantu|kintu)\b"
)
# What may join two phrases of one negated list: "or", "and", "nor", commas, "aur", "ya".
_COORD: Final = re.compile(
    r"\s*(?:,\s*)?(?:(?:or|and|nor|aur|ya|or even|&|/)\s+)?(?:on|in|from|of|the|a|an|into|at|by|with)?\s*"
)
MAX_GAP_WORDS: Final = 5


@dataclass(frozen=True)
class Unit:
    """One understood phrase: its span and the column family coordination is checked on."""

    start: int
    end: int
    family: str


@dataclass(frozen=True)
class Cue:
    """One negation word: span, text and the direction it looks in (``fwd`` or ``back``)."""

    start: int
    end: int
    text: str
    direction: str


def find_cues(text: str, covered: Sequence[tuple[int, int]]) -> list[Cue]:
    """Negation cues of normalised ``text`` outside the ``covered`` spans.

    Spans already understood as a whole ("not price sensitive", "without kids",
    "not more than 30") carry their own meaning and are skipped.
    """
    out: list[Cue] = []
    for m in _CUE.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in covered):
            continue
        if _NOT_A_NEGATION.match(text, m.start()):
            continue
        word = m.group(0)
        direction = "back" if m.group("back") else "fwd"
        if word == "bina" and text[: m.start()].rstrip().endswith(" ke"):
            direction = "back"
        out.append(Cue(m.start(), m.end(), word, direction))
    return out


def _light_gap(gap: str, light: Collection[str] | None) -> bool:
    """Few words, all of them glue words (``light``), and no clause boundary."""
    words = gap.split()
    if _BOUNDARY.search(gap) or len(words) > MAX_GAP_WORDS:
        return False
    return light is None or all(w.strip("'") in light for w in words)


def _coordinated(text: str, left: Unit, right: Unit) -> bool:
    gap = text[left.end : right.start]
    return left.family == right.family and _COORD.fullmatch(gap) is not None


def _forward(text: str, cue: Cue, units: Sequence[Unit], light: Collection[str] | None) -> list[int]:
    after = [i for i, u in enumerate(units) if u.start >= cue.end]
    if not after or not _light_gap(text[cue.end : units[after[0]].start], light):
        return []
    scope = [after[0]]
    for i in after[1:]:
        if not _coordinated(text, units[scope[-1]], units[i]):
            break
        scope.append(i)
    return scope


def _backward(text: str, cue: Cue, units: Sequence[Unit], light: Collection[str] | None) -> list[int]:
    before = [i for i, u in enumerate(units) if u.end <= cue.start]
    if not before or not _light_gap(text[units[before[-1]].end : cue.start], light):
        return []
    scope = [before[-1]]
    for i in reversed(before[:-1]):
        if not _coordinated(text, units[i], units[scope[-1]]):
            break
        scope.append(i)
    return scope


def resolve(
    text: str, units: Sequence[Unit], cues: Sequence[Cue], light: Collection[str] | None = None
) -> tuple[set[int], list[Cue]]:
    """Indices of the ``units`` that are negated, and the cues that govern nothing.

    ``light`` are the glue words allowed between a cue and its phrase ("not *on*
    Instagram", "EMI nahi *lene*"); a word outside it ("non-*vegetarian* men") stops the
    scope, so the cue is reported rather than attached to the wrong phrase. A Hindi cue
    with nothing before it may look forward ("nahi ... wale" after the noun is rare).

    Examples
    --------
    >>> text = "men who never shop online"
    >>> units = [Unit(0, 3, "gender"), Unit(14, 25, "preferred_channel")]
    >>> resolve(text, units, find_cues(text, [(0, 3), (14, 25)]))[0]
    {1}
    """
    negated: set[int] = set()
    unplaced: list[Cue] = []
    for cue in cues:
        if cue.direction == "fwd":
            scope = _forward(text, cue, units, light)
        else:
            scope = _backward(text, cue, units, light) or _forward(text, cue, units, light)
        if not scope:
            unplaced.append(cue)
        negated |= set(scope)
    return negated, unplaced


# Cues that negate a verb phrase ("do not buy anything on EMI"): what follows them in the clause
# is inside the negation even past heavy words. "non-" and "no" bind the next word only.
_VERBAL: Final = re.compile(
    r"not|never|don't|dont|doesn't|doesnt|didn't|didnt|do not|does not|did not|isn't|aren't|is not|"
    r"are not|won't|will not|can't|cannot|avoid\w*"
)
MAX_VERB_PHRASE_WORDS: Final = 8


def undecided(text: str, units: Sequence[Unit], unplaced: Sequence[Cue]) -> set[int]:
    """Units that an unplaced verbal cue may govern: used neither as stated nor excluded.

    "Gen Z who do not buy anything on EMI": the words between "do not" and "EMI" are too
    heavy to be sure "EMI" is what is excluded, but reading it as EMI buyers would state
    the opposite of the goal. The nearest phrase after a verbal cue in its clause is
    therefore left out (the parser warns), never used the wrong way round.

    Examples
    --------
    >>> text = "gen z who do not buy anything on emi"
    >>> units = [Unit(0, 5, "age"), Unit(33, 36, "emi_flag")]
    >>> undecided(text, units, find_cues(text, [(0, 5), (33, 36)]))
    {1}
    """
    out: set[int] = set()
    for cue in unplaced:
        if cue.direction != "fwd" or not _VERBAL.fullmatch(cue.text):
            continue
        after = [i for i, u in enumerate(units) if u.start >= cue.end]
        if not after:
            continue
        gap = text[cue.end : units[after[0]].start]
        if not _BOUNDARY.search(gap) and len(gap.split()) <= MAX_VERB_PHRASE_WORDS:
            out.add(after[0])
    return out


# Integer columns take the neighbouring whole number as the complement's bound
# ("not under 30" → age ≥ 30); continuous ones use a strict bound (interest < 0.6).
_INTEGER_COLUMNS: Final = frozenset(
    {"age", "monthly_income_inr", "household_income_inr", "num_children", "family_size", "device_count"}
)
_BOOLEAN: Final = frozenset({"has_children", "emi_flag"})
_FLIP: Final = {
    "eq": "neq",
    "neq": "eq",
    "in": "not_in",
    "not_in": "in",
    "gte": "lt",
    "lt": "gte",
    "lte": "gt",
}
_FLIP["gt"] = "lte"


def complement(
    atom: tuple[str, str, Any], bounds: tuple[float, float] = (-math.inf, math.inf)
) -> tuple[str, str, Any] | None:
    """The condition true exactly where ``atom`` is false, or ``None`` when it is not one condition.

    ``bounds`` are the column's range: ages 18–30 complement to ages ≥ 31 because 18 is
    the lowest age, while ages 40–60 have no one-condition complement.

    Examples
    --------
    >>> complement(("primary_media", "eq", "Instagram"))
    ('primary_media', 'neq', 'Instagram')
    >>> complement(("interest_gaming", "gte", 0.6))
    ('interest_gaming', 'lt', 0.6)
    >>> complement(("age", "between", [18, 30]), (18, 75))
    ('age', 'gte', 31)
    """
    column, op, value = atom
    if column in _BOOLEAN:
        return (column, op, not value) if op in ("eq", "neq") else None
    integer = column in _INTEGER_COLUMNS
    if op == "between":
        lo, hi = float(value[0]), float(value[1])
        if lo <= bounds[0]:
            op, value = "lte", hi
        elif hi >= bounds[1]:
            op, value = "gte", lo
        else:
            return None
    if op not in _FLIP:
        return None
    new = _FLIP[op]
    if integer and new in ("lt", "gt"):
        step = -1 if new == "lt" else 1
        return (column, "lte" if new == "lt" else "gte", int(value) + step)
    return (column, new, value)
