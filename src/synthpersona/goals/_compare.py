"""Demographic comparisons a goal asks for ("men vs women", "men and women", "tier-1 vs tier-3").

A goal that *compares* two sides of a demographic wants segments that may follow it: the
feature screen must not discount a valley that this demographic explains (the "demographic
discount" of :mod:`synthpersona.features._screen`), and the mixture step must not refuse classes
that go with it. A comparison is asked when the goal names two sides of the same demographic
(:data:`COMPARISON_SIDES`) AND either carries an explicit marker ("vs", "versus", "compare",
"compared with", "difference between", "बनाम", "muqabla") or joins the two sides
itself ("men and women", "urban or rural", "tier-1 with tier-3", "शहर और गाँव"). A goal that
names only one side ("women in Maharashtra"), or two sides far apart without a marker
("women who shop for men"), asks for none: the discount stays.

Two sides joined inside a place or filter phrase ("buyers in tier-2 and tier-3 cities", "from
urban or rural areas") are a *union*: the audience is A-or-B, which the filter keeps, not a
request to compare A with B. Such a union is compared only when the goal carries a marker that
no other demographic answers ("how do shoppers in urban and rural areas differ"); "men vs women
in tier-2 and tier-3 cities" compares gender only. "between X and Y" is a comparison.
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

# Column -> the words for each of its sides (two or more). Words match whole words of the
# normalised goal (lower case, "tier-1" read as "tier 1").
COMPARISON_SIDES: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
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
            "पुरुषों",
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
        ("urban", "city", "cities", "metro", "metros", "shehar", "shahar", "शहर", "शहरी", "शहरों"),
        ("rural", "village", "villages", "gaon", "gaanv", "गाँव", "गांव", "ग्रामीण", "गाँवों", "गांवों"),
    ),
    "has_children": (
        ("parents", "parent", "with kids", "with children", "moms", "dads", "mothers", "fathers"),
        ("non-parents", "childless", "no kids", "no children", "without kids", "without children"),
    ),
    "city_tier": (
        ("tier 1", "tier one", "tier i"),
        ("tier 2", "tier two", "tier ii"),
        ("tier 3", "tier three", "tier iii"),
    ),
    "age": (
        ("gen z", "genz", "zoomers", "young", "younger", "youth", "youngsters", "yuva", "युवा"),
        ("millennials", "millennial"),
        ("gen x",),
        ("old", "older", "elderly", "seniors", "senior citizens", "boomers", "buzurg", "बुजुर्ग"),
    ),
}
# What may stand between two coordinated sides besides the coordinator ("urban people and rural
# ones", "men or the women"): nouns for people and places, articles, "in"/"from".
_FILLER: Final = (
    r"(?:(?:people|persons|users|customers|buyers|shoppers|consumers|folks|those|ones|the|in|from|"
    r"living|log|wale|waale|ke|ki|areas?|towns?|households?)\s+)*"
)
_COORDINATED: Final = re.compile(
    rf"^\s*(?:,?\s*{_FILLER}(?:and|or|&|/|aur|ya|और|या|as well as|evam|तथा)|,)\s+{_FILLER}$"
)
# A place/filter preposition right before the first side makes the coordination a union.
_UNION_BEFORE: Final = re.compile(
    r"(?:^|\s)(?:in|from|across|living in|based in|located in|staying in|rehne wale)\s+(?:the\s+)?$"
)
# A Hindi postposition right after the second side ("tier-2 और tier-3 शहरों में") does the same.
_UNION_AFTER: Final = re.compile(
    r"^\s*(?:(?:city|cities|towns?|areas?|regions?|शहरों|शहर|इलाकों|क्षेत्रों)\s+)?(?:में|mein|me)(?!\w)"
)
# Sides that are each a whole phrase with their own people noun ("people in cities and people in
# villages") are two groups, never a union.
_PEOPLE: Final = re.compile(
    r"\b(?:people|persons|users|customers|buyers|shoppers|consumers|folks|those|ones|log|wale|waale)\b"
)
# A marker that joins two sides itself ("men vs women", "tier-1 with tier-3" after "compare").
_JOINED_BY_MARKER: Final = re.compile(
    rf"^\s*,?\s*{_FILLER}(?:vs\.?|v/s|versus|compared (?:with|to)|against|differ(?:s|ent)? from|बनाम|with)\s+"
    rf"{_FILLER}$"
)
_TIER: Final = re.compile(r"\btier[-\s]?(1|2|3|one|two|three|i{1,3})\b")


def _spans(text: str, word: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


def _named_sides(text: str, sides: tuple[tuple[str, ...], ...]) -> list[list[tuple[int, int]]]:
    """For each side, where the goal names it (spans; empty when it does not)."""
    return [sorted(span for w in words for span in _spans(text, w)) for words in sides]


def _joins(text: str, named: list[list[tuple[int, int]]]) -> tuple[bool, bool, bool]:
    """How mentions of two sides are joined: (as a comparison, as a union filter, by a marker).

    "men and women" is a comparison; "in tier-2 and tier-3 cities" a union (a place/filter phrase
    holds both sides); "men vs women" and "compare tier-1 with tier-3" are joined by a marker.
    """
    compared = union = by_marker = False
    for i, first in enumerate(named):
        for j, second in enumerate(named):
            if i == j:
                continue
            for begin, end in first:
                for start, stop in second:
                    if start <= end:
                        continue
                    between = text[end:start]
                    if _JOINED_BY_MARKER.match(between):
                        by_marker = True
                    elif _COORDINATED.match(between):
                        before, after = text[:begin], text[stop:]
                        if (
                            not before.endswith("between ")
                            and not _PEOPLE.search(between)
                            and (_UNION_BEFORE.search(before) or _UNION_AFTER.match(after))
                        ):
                            union = True
                        else:
                            compared = True
    return compared, union, by_marker


def compared_demographics(goal: str) -> tuple[str, ...]:
    """The demographics a goal asks to compare (columns of :data:`COMPARISON_SIDES`), in that order.

    Examples
    --------
    >>> compared_demographics("men vs women who shop online")
    ('gender',)
    >>> compared_demographics("how do urban and rural shoppers differ")
    ('area_type',)
    >>> compared_demographics("compare tier-1 with tier-3 city shoppers")
    ('city_tier',)
    >>> compared_demographics("women in Maharashtra who shop for men")
    ()
    >>> compared_demographics("Gen Z moms in tier-2 and tier-3 cities")  # a union, not a comparison
    ()
    """
    text = _TIER.sub(lambda m: f"tier {m.group(1)}", " ".join(goal.lower().split()))
    marked = any(_spans(text, m) for m in _MARKERS)
    strong, weak = [], []
    for col, sides in COMPARISON_SIDES.items():
        named = _named_sides(text, sides)
        if sum(bool(spans) for spans in named) < 2:
            continue
        compared, union, by_marker = _joins(text, named)
        if compared or (by_marker and marked):
            strong.append(col)
        elif marked:
            # Both sides named, not joined as a comparison: compared only when the goal's marker
            # answers no other demographic (a union kept as the filter otherwise).
            weak.append((col, union))
    kept = [col for col, union in weak if not (strong and union)]
    found = {*strong, *kept}
    return tuple(col for col in COMPARISON_SIDES if col in found)
