"""k-anonymity of goal-run anchors: a goal persona must not single out one member of its audience.

A goal persona is drawn from a real member of the audience (its *anchor*) and shows that
member's age, gender, city, occupation, income and so on. Together these quasi-identifiers
almost always match exactly one person. :func:`k_anonymous_anchor` generalises them,
one step at a time along each column's ladder (exact age → age band → not shown, city →
not shown, ...), until at least ``k`` members of the audience share the combination;
:func:`protect_goal_persona` rewrites a seed-000 persona so that it states only what is
left (profile, demographics line, traits, the narrative's first sentence, a title whose
life noun lost its basis) and no longer carries the anchor's id.

Quasi-identifiers are the demographic facts someone could know about a person from outside
(:data:`ANCHOR_QUASI_IDENTIFIERS`); scores such as tech savviness are not, and stay.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.personas import age_band, income_band

__all__ = [
    "ANCHOR_QUASI_IDENTIFIERS",
    "AnchorLadder",
    "k_anonymous_anchor",
    "protect_goal_persona",
    "public_steps",
]

DROPPED = "not shown"


def _exact(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _age_band(value: Any) -> str:
    return age_band(int(value))


def _income_band(value: Any) -> str:
    return income_band(float(value))


@dataclass(frozen=True)
class AnchorLadder:
    """One quasi-identifier: its population column, the profile key that shows it, its coarser levels.

    ``levels`` are functions from the member's value to the shown text, finest first;
    one step past the last level the attribute is not shown at all.
    """

    column: str
    profile_key: str
    levels: tuple[Callable[[Any], str], ...] = (_exact,)


# Order = preference when several steps gain the same number of matching members: exact
# numbers become bands first, places and family details go before the broad facts.
ANCHOR_QUASI_IDENTIFIERS: tuple[AnchorLadder, ...] = (
    AnchorLadder("household_income_inr", "household_income_inr", (_exact, _income_band)),
    AnchorLadder("monthly_income_inr", "monthly_income_inr", (_exact, _income_band)),
    AnchorLadder("income_level", "income_level"),
    AnchorLadder("age", "age", (_exact, _age_band)),
    AnchorLadder("city", "city"),
    AnchorLadder("num_children", "num_children"),
    AnchorLadder("preferred_channel", "preferred_channel"),
    AnchorLadder("main_festival", "main_festival"),
    AnchorLadder("education_level", "education_level"),
    AnchorLadder("parenting_stage", "parenting_stage"),
    AnchorLadder("marital_status", "marital_status"),
    AnchorLadder("primary_language", "language"),
    AnchorLadder("occupation", "occupation"),
    AnchorLadder("city_tier", "city_tier"),
    AnchorLadder("state", "state"),
    AnchorLadder("gender", "gender"),
)


def k_anonymous_anchor(
    audience: pd.DataFrame, anchor: Mapping[str, Any], k: int = 5
) -> tuple[dict[str, str], int, list[str]]:
    """Generalise ``anchor``'s quasi-identifiers until at least ``k`` rows of ``audience`` share them.

    Each step moves one attribute one level up its ladder (or stops showing it): the step
    that makes the most members match, the earlier ladder of
    :data:`ANCHOR_QUASI_IDENTIFIERS` on ties. Columns missing from the audience or the
    anchor are not stated and not counted.

    Returns
    -------
    tuple
        The shown attributes (population column -> text), the members matching them, and
        each step taken (``"age: 18 -> 18-24"``, ``"city: Jammu -> not shown"``).

    Examples
    --------
    >>> people = pd.DataFrame({"age": [18, 19, 20, 22, 24, 40], "gender": ["Female"] * 6})
    >>> k_anonymous_anchor(people, {"age": 18, "gender": "Female"}, k=5)
    ({'age': '18-24', 'gender': 'Female'}, 5, ['age: 18 -> 18-24'])
    """
    ladders = [
        q for q in ANCHOR_QUASI_IDENTIFIERS if q.column in audience.columns and _known(anchor.get(q.column))
    ]
    # masks[i][level]: members equal to the anchor at that level (one pass per level, then ANDs)
    masks = [[audience[q.column].map(f).to_numpy() == f(anchor[q.column]) for f in q.levels] for q in ladders]
    level = [0] * len(ladders)

    def count(lv: list[int]) -> int:
        mask = np.ones(len(audience), dtype=bool)
        for i, lvl in enumerate(lv):
            if lvl < len(masks[i]):
                mask &= masks[i][lvl]
        return int(mask.sum())

    # how much more common each level makes the anchor's value (a dropped attribute: everyone)
    share = [[float(m.mean()) for m in ms] + [1.0] for ms in masks]
    matches = count(level)
    while matches < k:
        options = [i for i, q in enumerate(ladders) if level[i] < len(q.levels)]
        if not options:
            break
        gains = {i: count([lv + (j == i) for j, lv in enumerate(level)]) for i in options}
        # most members matching; while the combination stays unique, the rarest value first
        best = max(
            options, key=lambda i: (gains[i], share[i][level[i] + 1] / max(share[i][level[i]], 1e-12), -i)
        )
        level[best] += 1
        matches = gains[best]
    if matches >= k:  # undo steps that turned out unnecessary, finest attributes first
        for i in sorted(range(len(ladders)), key=lambda i: share[i][max(level[i] - 1, 0)]):
            while level[i] > 0:
                trial = [lv - (j == i) for j, lv in enumerate(level)]
                c = count(trial)
                if c < k:
                    break
                level, matches = trial, c
    steps = []
    for q, lvl in zip(ladders, level, strict=True):
        names = [f(anchor[q.column]) for f in q.levels] + [DROPPED]
        steps += [f"{q.column}: {names[j]} -> {names[j + 1]}" for j in range(lvl)]
    shown = {
        q.column: q.levels[lvl](anchor[q.column])
        for q, lvl in zip(ladders, level, strict=True)
        if lvl < len(q.levels)
    }
    return shown, matches, steps


def public_steps(steps: list[str] | tuple[str, ...]) -> list[str]:
    """:func:`k_anonymous_anchor`'s steps without the values they withheld (for a published report).

    A step names the anchor's exact value ("age: 26 -> 25-34"); a report published with
    the protected personas says only what is shown now, or the report would tell what the
    persona withholds.

    Examples
    --------
    >>> public_steps(["age: 26 -> 25-34", "city: Nagpur -> not shown", "age: 25-34 -> not shown"])
    ['age: shown as 25-34', 'city: not shown', 'age: not shown']
    """
    out = []
    for step in steps:
        if " -> " not in step:  # already public (a word replaced: trust.supported_words)
            out.append(step)
            continue
        column, _, change = step.partition(": ")
        shown = change.rpartition(" -> ")[2]
        out.append(f"{column}: {DROPPED}" if shown == DROPPED else f"{column}: shown as {shown}")
    return out


def _known(value: Any) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and np.isnan(value))
        and str(value) not in ("", "nan")
    )


_NOUN_BASIS = {
    "Mom": ("gender", "parenting_stage"),
    "Dad": ("gender", "parenting_stage"),
    "Parent": ("parenting_stage",),
    "Student": ("occupation",),
    "Retiree": ("occupation",),
    "Homemaker": ("occupation",),
    "Entrepreneur": ("occupation",),
    "Freelancer": ("occupation",),
    "Self-starter": ("occupation",),
    "Job Seeker": ("occupation",),
    "Young Professional": ("occupation", "age"),
    "Professional": ("occupation",),
}


def _title(title: str, shown: Mapping[str, str]) -> str:
    """``title`` with its life noun replaced by "Shopper" when a fact it rests on is no longer shown."""
    for noun, basis in sorted(_NOUN_BASIS.items(), key=lambda kv: -len(kv[0])):
        if title.endswith(" " + noun) or title == noun:
            exact_age = (
                noun != "Young Professional" or shown.get("age", "").isdigit() or shown.get("age") == "18-24"
            )
            if all(b in shown for b in basis) and exact_age:
                return title
            return title[: len(title) - len(noun)] + "Shopper"
    return title


def _who_line(name: str, shown: Mapping[str, str]) -> str:
    """The narrative's first sentence, stating only the shown attributes."""
    parts = []
    if "age" in shown:
        parts.append(f"{shown['age']}-year-old")
    parts.append(shown["gender"].lower() if "gender" in shown else "person")
    place = ", ".join(shown[c] for c in ("city", "state") if c in shown)
    where = f" from {place}" if place else ""
    tier = f" (a {shown['city_tier']} city)" if "city_tier" in shown and place else ""
    if "city_tier" in shown and not place:
        where = f" from a {shown['city_tier']} city"
    sentence = f"You are {name}, a {' '.join(parts)}{where}{tier}."
    if "occupation" in shown:
        sentence += f" Your occupation: {shown['occupation'].lower()}."
    if "marital_status" in shown:
        sentence += f" You are {shown['marital_status'].lower()}."
    if "household_income_inr" in shown:
        income = shown["household_income_inr"]
        income = f"₹{int(income):,}" if income.isdigit() else income
        sentence += f" Your monthly household income: {income}."
    if "primary_language" in shown:
        sentence += f" You usually speak {shown['primary_language']} and switch to English when it helps."
    return sentence


def protect_goal_persona(entry: Mapping[str, Any], shown: Mapping[str, str]) -> dict[str, Any]:
    """A seed-000 persona that states only ``shown`` of its anchor (from :func:`k_anonymous_anchor`).

    Profile keys of generalised attributes carry the coarser text or leave; the
    demographics line, ``personality_traits.age_group``, the title's life noun and the
    narrative's first sentence follow; the anchor's id and member-level evidence on a
    generalised column leave.

    Examples
    --------
    >>> p = {"persona_name": "Asha Rao — Beauty-Loving Student",
    ...      "chat_personality": "You are Asha Rao, x.\\nMore.",
    ...      "profile": {"name": "Asha Rao", "title": "Beauty-Loving Student", "age": 18, "city": "Jammu",
    ...                  "occupation": "Student", "anchor_user_id": 7},
    ...      "personality_traits": {"age_group": "18 years old"}, "evidence": []}
    >>> q = protect_goal_persona(p, {"age": "18-24", "occupation": "Student"})
    >>> q["profile"]["age"], "city" in q["profile"], "anchor_user_id" in q["profile"], q["persona_name"]
    ('18-24', False, False, 'Asha Rao — Beauty-Loving Student')
    >>> q["chat_personality"]
    'You are Asha Rao, a 18-24-year-old person. Your occupation: student.\\nMore.'
    """
    out = copy.deepcopy(dict(entry))
    profile = out.get("profile", {})
    gone = set()
    for q in ANCHOR_QUASI_IDENTIFIERS:
        if q.profile_key not in profile:
            continue
        if q.column in shown:
            if shown[q.column] != _exact(profile[q.profile_key]):
                profile[q.profile_key] = shown[q.column]
                gone.add(q.column)
        else:
            del profile[q.profile_key]
            gone.add(q.column)
    profile.pop("anchor_user_id", None)
    if "parenting_stage" not in shown:
        profile.pop("num_children", None)
    name = str(profile.get("name", ""))
    if "title" in profile:
        profile["title"] = _title(str(profile["title"]), shown)
        out["persona_name"] = f"{name} — {profile['title']}"
    traits = out.get("personality_traits", {})
    if "age_group" in traits:
        traits["age_group"] = f"{shown['age']} years old" if "age" in shown else DROPPED
    for key in ("city_tier", "income_level"):
        if key in traits:
            traits[key] = shown.get(key, DROPPED)
    age, income = shown.get("age", ""), shown.get("monthly_income_inr", "")
    demo = [_age_band(age) if age.isdigit() else age, _income_band(income) if income.isdigit() else income]
    place = f"{shown['city_tier']} city" if "city_tier" in shown else None
    if place and "city" in shown:
        place += f" ({shown['city']})"
    out["demographics"] = " • ".join(str(d) for d in [*demo, place] if d)
    text = str(out.get("chat_personality", ""))
    if text:
        rest = text.split("\n", 1)[1] if "\n" in text else ""
        out["chat_personality"] = _who_line(name, shown) + ("\n" + rest if rest else "")
    out["evidence"] = [
        {k: v for k, v in ev.items() if k != "user_id"}
        for ev in out.get("evidence", [])
        if not (ev.get("user_id") is not None and ev.get("column") in gone)
    ]
    return out
