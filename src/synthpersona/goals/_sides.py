"""Both sides of a condition named together: "parents and non-parents", "with and without kids".

A goal that names a group *and* its opposite, joined by a coordinator ("and", "or", "vs",
"aur"), asks about both: the condition is not a filter. (Whether segments may then follow
it is the feature screen's call: :func:`~synthpersona.goals.compared_demographics` lifts
its demographic discount only for an explicit comparison such as "parents vs non-parents".)

Read literally the two sides contradict each other, and before this step the
reconciler kept one of them ("parents and non-parents" became non-parents only) or the
negation was dropped ("moms and non-moms" became moms only): either way half of the
audience the user asked for was silently lost.

Three shapes are recognised, each only when the two phrases are coordinated:

- two phrases with complementary conditions ("parents and childless people",
  "people with kids and people without kids", "EMI and non-EMI buyers" when both are words);
- a phrase and its negation ("moms and non-moms", "Instagram and non-Instagram users"):
  the conditions that tell the two apart are compared; who both sides are (gender, age)
  stays a filter ("moms and non-moms" are women);
- an elided side ("with and without kids", "with or without EMI").

A stacked contradiction without a coordinator ("moms without kids") is left to the
reconciler, which warns about it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["Sides", "both_sides"]

Atom4 = tuple[str, str, Any, str]

# Who both sides are: kept as a filter when a phrase is paired with its own negation.
QUALIFIER_COLUMNS: Final = frozenset({"gender", "age"})
_FILLER: Final = (
    r"(?:(?:people|persons|users|customers|buyers|shoppers|those|ones|the|a|an|log|wale|waale"
    r"|who|have|has|are)\s+)*"
)
# "compared with/to", "against", "differ from" and a bare comma ("men, women") join two sides as
# "vs" does ("parents compared with people who
# have no kids" filtered to has_children = False before: the comparison lost half its audience)
_COORDINATOR: Final = re.compile(
    rf"\s*{_FILLER}(?:,?\s*(?:and|or|vs\.?|v/s|versus|compared (?:with|to)|against|differ(?:s|ent)? from"
    rf"|&|/|aur|ya|और|या|बनाम)|,)\s+"
    rf"{_FILLER}",
    re.IGNORECASE,
)
# The negation word that starts the second side ("and *non*-moms", "or *not* on EMI").
_NEGATION_PREFIX: Final = re.compile(r"(?:non|not|no|never|without|not on|non ?-)\s*$")
_ELIDED: Final = re.compile(r"\b(?:with|having)\s+(?:and|or|&|/)\s+$")
_WITHOUT: Final = re.compile(r"(?:without|no)\s")


@dataclass(frozen=True)
class Sides:
    """What :func:`both_sides` found: atoms to drop per unit, units it consumed, and notes."""

    drop: dict[int, set[tuple[str, str, str]]]
    consumed: set[int]
    notes: list[str]
    negated: set[int]


def _key(atom: Atom4) -> tuple[str, str, str]:
    return (atom[0], atom[1], repr(atom[2]))


def _coordinated(text: str, left_end: int, right_start: int, negated_right: bool) -> bool:
    gap = text[left_end:right_start]
    if negated_right:
        m = _NEGATION_PREFIX.search(gap)
        if m is None:
            return False
        gap = gap[: m.start()]
    return _COORDINATOR.fullmatch(gap) is not None


def _note(first: str, second: str, columns: Sequence[str]) -> str:
    cols = ", ".join(dict.fromkeys(columns))
    return (
        f"{first!r} and {second!r} name both sides of {cols}, so the audience keeps both: "
        f"{cols} is not used as a filter."
    )


def both_sides(
    text: str,
    spans: Sequence[tuple[int, int, str]],
    atoms: Sequence[list[Atom4]],
    negated: set[int],
    complement: Callable[[tuple[str, str, Any]], tuple[str, str, Any] | None],
) -> Sides:
    """Find phrases named together with their opposite.

    Parameters
    ----------
    text
        The normalised goal.
    spans
        ``(start, end, text)`` of each understood phrase, in order.
    atoms
        The filter atoms of each phrase, ``(column, op, value, source)``.
    negated
        Indices of the phrases a negation word governs.
    complement
        The one condition true exactly where an atom is false (``None`` when there is none).

    Returns
    -------
    Sides
        ``drop``: per phrase, the atom keys that become a comparison; ``consumed``: negated
        phrases fully explained as the other side of a pair; ``notes`` for the user;
        ``negated``: the negated phrases, a phrase repeated after its own negation no longer among them.

    Examples
    --------
    >>> from synthpersona.goals._negation import complement
    >>> text = "parents and childless people"
    >>> spans = [(0, 7, "parents"), (12, 21, "childless")]
    >>> atoms = [[("has_children", "eq", True, "parents")], [("has_children", "eq", False, "childless")]]
    >>> both_sides(text, spans, atoms, set(), complement).drop
    {0: {('has_children', 'eq', 'True')}, 1: {('has_children', 'eq', 'False')}}
    """
    drop: dict[int, set[tuple[str, str, str]]] = {}
    consumed: set[int] = set()
    notes: list[str] = []
    negated = _single_negations(text, spans, atoms, negated)
    for i, (start, _end, phrase) in enumerate(spans):
        if i not in negated and _WITHOUT.match(phrase) and _ELIDED.search(text[:start]):
            flips = [a for a in atoms[i] if complement(a[:3]) is not None and a[0] not in QUALIFIER_COLUMNS]
            if flips:
                drop.setdefault(i, set()).update(_key(a) for a in flips)
                notes.append(
                    _note(
                        f"with {phrase.removeprefix('without ').removeprefix('no ')}",
                        phrase,
                        [a[0] for a in flips],
                    )
                )
        for j in range(i + 1, len(spans)):
            _pair(text, spans, atoms, negated, complement, i, j, drop, consumed, notes)
    return Sides(drop, consumed, notes, negated)


def _single_negations(
    text: str, spans: Sequence[tuple[int, int, str]], atoms: Sequence[list[Atom4]], negated: set[int]
) -> set[int]:
    """``negated`` without the repeat of a negated phrase coordinated right after it.

    One cue cannot negate the same phrase twice: in "non-moms and moms" the scope of "non"
    reaches the second "moms" through the coordination, which is the other side instead. Two
    different phrases with one meaning ("avoid Amazon and Flipkart") stay negated together.
    """
    out = set(negated)
    for i in sorted(negated):
        j = i + 1
        if i in out and j in out and j < len(spans):
            # the same words again ("non-moms and moms"), not two names of one thing ("avoid Amazon
            # and Flipkart": both online marketplaces, both avoided)
            same = spans[i][2] == spans[j][2] and {_key(a) for a in atoms[i]} == {_key(a) for a in atoms[j]}
            if same and _coordinated(text, spans[i][1], spans[j][0], negated_right=False):
                out.discard(j)
    return out


def _pair(
    text: str,
    spans: Sequence[tuple[int, int, str]],
    atoms: Sequence[list[Atom4]],
    negated: set[int],
    complement: Callable[[tuple[str, str, Any]], tuple[str, str, Any] | None],
    i: int,
    j: int,
    drop: dict[int, set[tuple[str, str, str]]],
    consumed: set[int],
    notes: list[str],
) -> None:
    """Record phrases ``i`` < ``j`` as two sides of one condition when they are."""
    same = {_key(a) for a in atoms[i]} == {_key(a) for a in atoms[j]}
    if (i in negated) == (j in negated):
        if i in negated:
            return
        if not _coordinated(text, spans[i][1], spans[j][0], negated_right=False):
            return
        opposite = [(a, b) for a in atoms[i] for b in atoms[j] if a[0] == b[0] and complement(a[:3]) == b[:3]]
        if not opposite:
            return
        drop.setdefault(i, set()).update(_key(a) for a, _ in opposite)
        drop.setdefault(j, set()).update(_key(b) for _, b in opposite)
        notes.append(_note(spans[i][2], spans[j][2], [a[0] for a, _ in opposite]))
        return
    pos, neg = (i, j) if j in negated else (j, i)
    if not same or not atoms[pos]:
        return
    if not _coordinated(text, spans[i][1], spans[j][0], negated_right=(j == neg)):
        return
    compared = [a for a in atoms[pos] if a[0] not in QUALIFIER_COLUMNS] or list(atoms[pos])
    drop.setdefault(pos, set()).update(_key(a) for a in compared)
    consumed.add(neg)
    notes.append(_note(spans[pos][2], f"non {spans[neg][2]}", [a[0] for a in compared]))
