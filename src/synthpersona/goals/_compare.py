"""Demographic comparisons a goal asks for ("men vs women", "urban versus rural").

A goal that *compares* two sides of a demographic wants segments that may follow it: the
feature screen must not discount a valley that this demographic explains (the "demographic
discount" of :mod:`synthpersona.features._screen`). A comparison needs an explicit marker
("vs", "versus", "compare", "compared with", "difference between", "बनाम", "muqabla") AND
words for both sides of the same demographic; "men and women in Maharashtra" names both
sides but asks for no comparison, so the discount stays.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["COMPARISON_SIDES", "compared_demographics"]

_MARKERS: Final[tuple[str, ...]] = (
    "vs",
    "vs.",
    "v/s",
    "versus",
    "compare",
    "compared",
    "comparing",
    "comparison",
    "difference between",
    "differences between",
    "differ",
    "against",
    "बनाम",
    "तुलना",
    "muqabla",
    "muqable",
    "mukabla",
    "farak",
    "fark",
)

# Column -> (words for one side, words for the other). Words match whole words of the lower-cased goal.
COMPARISON_SIDES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "gender": (
        (
            "men",
            "man",
            "male",
            "males",
            "boys",
            "gents",
            "husbands",
            "fathers",
            "dads",
            "purush",
            "पुरुष",
            "mard",
        ),
        (
            "women",
            "woman",
            "female",
            "females",
            "girls",
            "ladies",
            "wives",
            "mothers",
            "moms",
            "mahila",
            "mahilayen",
            "महिला",
            "महिलाएं",
            "महिलाओं",
            "aurat",
            "auratein",
        ),
    ),
    "area_type": (
        ("urban", "city", "cities", "metro", "metros", "shehar", "shahar", "शहर", "शहरी"),
        ("rural", "village", "villages", "gaon", "gaanv", "गाँव", "गांव", "ग्रामीण"),
    ),
    "has_children": (
        ("parents", "parent", "with kids", "with children", "moms", "dads", "mothers", "fathers"),
        ("non-parents", "childless", "no kids", "no children", "without kids", "without children"),
    ),
}


def _has(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def compared_demographics(goal: str) -> tuple[str, ...]:
    """The demographics a goal asks to compare (columns of :data:`COMPARISON_SIDES`), in that order.

    Examples
    --------
    >>> compared_demographics("men vs women who shop online")
    ('gender',)
    >>> compared_demographics("urban versus rural shoppers")
    ('area_type',)
    >>> compared_demographics("men and women in Maharashtra")
    ()
    """
    text = " ".join(goal.lower().split())
    if not any(_has(text, m) for m in _MARKERS):
        return ()
    found = []
    for col, (one, other) in COMPARISON_SIDES.items():
        if any(_has(text, w) for w in one) and any(_has(text, w) for w in other):
            found.append(col)
    return tuple(found)
