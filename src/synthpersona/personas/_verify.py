"""Re-derive every number and trait word of a goal run from the data and list the mismatches.

:func:`verify_goal_output` reads what a user sees (seed 000's cluster and persona JSON,
``GoalRun.to_dict()`` or ``run.json`` of ``segment --out``) and recomputes it from the
audience rows and the membership (``user_id -> cluster_id``), independently of the code
that wrote it: sizes and shares, summary statistics, the description's figures, every
evidence value and effect, every label word and persona title / care / barrier word
against the trait table (true against the audience AND at an absolute level, see
``_traits.LEVEL_BANDS``), each persona's facts against its anchor member, and the
anchor's distance percentile when the membership carries distances.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.personas._personas import (
    ANCHOR_MAX_PERCENTILE,
    DISTANCE_PERCENTILE,
    age_band,
    income_band,
    level,
)
from synthpersona.personas._stats import comparative_label, contrast_phrase, whole
from synthpersona.personas._traits import (
    ADJECTIVES,
    CATEGORICAL_TRAITS,
    NUMERIC_TRAITS,
    Trait,
    band,
)
from synthpersona.personas._words import opposite, own_level
from synthpersona.personas.rules import WORD, trait_rule

_TOL = 1e-3  # views round values to 4 decimals and effects to 3

_TRAITS: tuple[Trait, ...] = NUMERIC_TRAITS + CATEGORICAL_TRAITS
_BY_LABEL = {t.label: t for t in _TRAITS}
# Comparative label words ("Higher Income"): only the contrast with the audience is claimed.
_BY_COMPARATIVE = {comparative_label(t.column, t.direction): t for t in NUMERIC_TRAITS}
_BY_PHRASE: dict[str, list[Trait]] = {}
for _t in _TRAITS:
    _BY_PHRASE.setdefault(_t.phrase, []).append(_t)
_BY_CARE = {t.care: t for t in _TRAITS if t.care}
_BY_BARRIER = {t.barrier: t for t in _TRAITS if t.barrier}
_BY_ADJECTIVE: dict[str, list[Trait]] = {}
for _t in _TRAITS:
    _BY_ADJECTIVE.setdefault(ADJECTIVES.get(_t.label, _t.label), []).append(_t)


@dataclass(frozen=True)
class Mismatch:
    """One claim of a run that the data does not back.

    ``where`` names the object and field (``"cluster 2 label"``, ``"dyn_1_0 title"``),
    ``claim`` the words or number shown, ``expected`` what the data gives.
    """

    where: str
    claim: str
    expected: str
    kind: str = "number"  # "number", "word" (a trait word the data contradicts) or "anchor"

    def line(self) -> str:
        """One line for the CLI: ``where: shown 'claim', data gives expected``."""
        return f"{self.where}: shows {self.claim!r}, data gives {self.expected}"


class _Data:
    """The audience with its segment of every row, and per-column audience statistics."""

    def __init__(self, audience: pd.DataFrame, members: pd.DataFrame) -> None:
        cid = members.set_index("user_id")["cluster_id"]
        self.df = audience.reset_index(drop=True)
        ids = self.df["user_id"]
        self.cluster = ids.map(cid).to_numpy()
        self.dist = (
            ids.map(members.set_index("user_id")["distance"]).to_numpy(dtype=np.float64)
            if "distance" in members.columns
            else None
        )
        self.row_of = pd.Series(np.arange(len(self.df)), index=ids.to_numpy())

    def members(self, cluster_id: int) -> pd.DataFrame:
        return self.df[self.cluster == cluster_id]

    def level(self, trait: Trait, cluster_id: int) -> tuple[float, float, float]:
        """(segment value, audience value, audience spread) of ``trait``'s column, recomputed.

        The value is the segment's mean (a yes/no column: its share) or, for a category,
        the share with the value; the spread the audience's standard deviation or
        ``sqrt(p (1 - p))``.
        """
        col = self.df[trait.column]
        inside = self.cluster == cluster_id
        if trait.direction == "is":
            hit = (col.astype(str) == trait.value).to_numpy(dtype=np.float64)
            p = float(hit.mean())
            share = float(hit[inside].mean()) if inside.any() else 0.0
            return share, p, float(np.sqrt(p * (1 - p)))
        values = col.to_numpy(dtype=np.float64)
        return float(values[inside].mean()), float(values.mean()), float(values.std())

    def contrast(self, trait: Trait, cluster_id: int) -> tuple[float, float, float]:
        """(segment value, audience value, effect signed in the trait's direction), by the word's rule."""
        value, aud, spread = self.level(trait, cluster_id)
        return value, aud, trait_rule(trait).effect(value, aud, spread)


def _true_twice(data: _Data, trait: Trait, cluster_id: int) -> tuple[bool, str]:
    """Whether ``trait``'s word holds for the segment (its rule's verdict); the reason when not."""
    rule = trait_rule(trait)
    value, aud, spread = data.level(trait, cluster_id)
    if rule.verdict(value, aud, spread, tol=_TOL) == WORD:
        return True, ""
    if not rule.contrast_holds(value, aud, spread, tol=_TOL):
        effect = rule.effect(value, aud, spread)
        return False, f"no contrast with the audience ({value:.4g} vs {aud:.4g}, effect {effect:.2f})"
    if trait.direction == "is":
        return False, f"only {100 * value:.0f}% of the segment"
    return False, f"segment level {band(trait.column, value)} ({value:.4g})"


def verify_goal_output(
    audience: pd.DataFrame, members: pd.DataFrame, output: dict[str, Any]
) -> list[Mismatch]:
    """Every claim of a goal run's output that the data contradicts (empty when all hold).

    Parameters
    ----------
    audience
        The population rows of the run's audience (any order), population columns.
    members
        ``user_id, cluster_id`` (1-based) of every audience member; with a ``distance``
        column (distance to the segment centre) the anchors' percentiles are checked too.
    output
        ``{"clusters": [...], "personas": {"1": [...], ...}}`` in seed 000's shapes.

    Returns
    -------
    list of Mismatch

    Examples
    --------
    >>> from synthpersona.usecases.goals import run_goal  # doctest: +SKIP
    >>> run = run_goal("college students interested in headphones")  # doctest: +SKIP
    >>> members = pd.DataFrame({"user_id": run.audience["user_id"],
    ...                         "cluster_id": run.segmentation.labels + 1})  # doctest: +SKIP
    >>> verify_goal_output(run.audience, members, run.to_dict())  # doctest: +SKIP
    []
    """
    data = _Data(audience, members)
    out: list[Mismatch] = []
    clusters = {int(c["cluster_id"]): c for c in output.get("clusters", [])}
    for cid, c in clusters.items():
        out += _check_cluster(data, cid, c)
    for key, plist in output.get("personas", {}).items():
        c = clusters.get(int(key))
        for p in plist:
            out += _check_persona(data, p, c)
    return out


def _num(out: list[Mismatch], where: str, shown: Any, expected: Any, tol: float = 0.0) -> None:
    if isinstance(expected, float) or isinstance(shown, float):
        if abs(float(shown) - float(expected)) > tol:
            out.append(Mismatch(where, str(shown), f"{expected:.6g}"))
    elif shown != expected:
        out.append(Mismatch(where, str(shown), str(expected)))


def _mode(series: pd.Series) -> tuple[str, float]:
    """Most common value as text and its share (ties: first in text order), from the plain rows."""
    text = series.astype(str)
    vc = text.value_counts()
    top = sorted(str(v) for v, c in vc.items() if c == vc.iloc[0])[0]
    return str(top), float(vc.iloc[0]) / len(text)


def _check_cluster(data: _Data, cid: int, c: dict[str, Any]) -> list[Mismatch]:
    out: list[Mismatch] = []
    m = data.members(cid)
    n, size = len(data.df), len(m)
    w = f"cluster {cid}"
    _num(out, f"{w} cluster_size", c["cluster_size"], size)
    _num(out, f"{w} cluster_size_pct", float(c["cluster_size_pct"]), round(100 * size / n, 1), 0.051)
    if size == 0:
        return out
    p10, med, p90 = np.percentile(m["age"].to_numpy(), [10, 50, 90])
    s = c.get("summary", {})
    for key, val in (("age_p10", p10), ("age_median", med), ("age_p90", p90)):
        if key in s:
            _num(out, f"{w} summary.{key}", s[key], whole(val))
    for col in ("income_level", "city_tier", "primary_media", "occupation"):
        mode, share = _mode(m[col])
        if col in s:
            _num(out, f"{w} summary.{col}", s[col], mode)
            _num(out, f"{w} summary.{col}_share", float(s[f"{col}_share"]), share, 6e-4)
    if "female_share" in s:
        female = float((m["gender"].astype(str) == "Female").mean())
        _num(out, f"{w} summary.female_share", float(s["female_share"]), female, 6e-4)
    if "median_income_inr" in s:
        _num(
            out,
            f"{w} summary.median_income_inr",
            s["median_income_inr"],
            whole(m["monthly_income_inr"].median()),
        )
    desc = c.get("cluster_description", "")
    for text in (f"({size:,} people)", f"median age {whole(med)} ({whole(p10)}-{whole(p90)})"):
        if text not in desc:
            out.append(Mismatch(f"{w} description", desc, f"the text {text!r}"))
    for col in ("income_level", "city_tier", "occupation", "primary_media"):
        mode, share = _mode(m[col])
        for word in (f"mostly {mode.lower()}", f"mostly {mode}"):
            if word in desc and share <= 0.5:
                out.append(Mismatch(f"{w} description", word, f"{100 * share:.0f}% is not most", "word"))
    demo = c.get("demographics_summary", "")
    if f"{whole(p10)}-{whole(p90)} years" not in demo:
        out.append(Mismatch(f"{w} demographics_summary", demo, f"{whole(p10)}-{whole(p90)} years"))
    for col, suffix in (("city_tier", "cities"), ("income_level", "income")):
        mode, share = _mode(m[col])
        named = f"{mode} {suffix}"
        if named in demo and f"{named} (" not in demo and share < 0.5:
            out.append(Mismatch(f"{w} demographics_summary", named, f"only {100 * share:.0f}%", "word"))
    out += _check_label(data, cid, c.get("cluster_label", ""))
    for ev in c.get("evidence", []):
        out += _check_evidence(data, f"{w} evidence {ev.get('claim')!r}", ev)
    out += _check_top_traits(w, c)
    return out


def _check_top_traits(where: str, c: dict[str, Any]) -> list[Mismatch]:
    """Each stand-out trait line quotes its (checked) evidence record: claim and both numbers."""
    out = []
    for text, ev in zip(c.get("top_traits", []), c.get("evidence", []), strict=False):
        claim = str(ev.get("claim", ""))
        if not text.lower().startswith(claim.lower()):
            out.append(Mismatch(f"{where} top_traits", text, f"the evidence claim {claim!r}", "word"))
    return out


def _check_label(data: _Data, cid: int, label: str) -> list[Mismatch]:
    out: list[Mismatch] = []
    for part in label.split(" • "):
        word = part.split(" (")[0].strip()
        if word in ("Mainstream", ""):
            continue
        trait = _BY_LABEL.get(word)
        if trait is None and word in _BY_COMPARATIVE:
            comp = _BY_COMPARATIVE[word]
            value, aud, effect = data.contrast(comp, cid)
            if effect < trait_rule(comp).contrast - _TOL:
                out.append(
                    Mismatch(
                        f"cluster {cid} label",
                        word,
                        f"effect {effect:.2f} ({value:.4g} vs {aud:.4g})",
                        "word",
                    )
                )
            continue
        if trait is None:
            out.append(Mismatch(f"cluster {cid} label", word, "no such trait word", "word"))
            continue
        ok, why = _true_twice(data, trait, cid)
        if not ok:
            out.append(Mismatch(f"cluster {cid} label", word, why, "word"))
    return out


def _check_evidence(data: _Data, where: str, ev: dict[str, Any]) -> list[Mismatch]:
    """A trait evidence record: its numbers recomputed and its words re-judged."""
    col = ev.get("column")
    stat = ev.get("statistic")
    if col is None or stat not in ("mean", "share", "value_share") or "audience_value" not in ev:
        return []
    out: list[Mismatch] = []
    claim = str(ev.get("claim", ""))
    if stat == "value_share":
        trait = next((t for t in CATEGORICAL_TRAITS if t.column == col and t.value == ev.get("value")), None)
    else:
        cands = [t for t in NUMERIC_TRAITS if t.column == col]
        trait = next((t for t in cands if t.phrase == claim), None)
        if trait is None:  # a contrast phrase: its direction is the sign of the effect
            value, aud, _ = data.contrast(cands[0], int(ev["cluster_id"])) if cands else (0.0, 0.0, 0.0)
            trait = next((t for t in cands if t.direction == ("high" if value >= aud else "low")), None)
    if trait is None:
        return [Mismatch(where, claim, f"no trait of column {col!r}", "word")]
    cid = int(ev["cluster_id"])
    value, aud, effect = data.contrast(trait, cid)
    _num(out, f"{where} cluster_value", float(ev["cluster_value"]), value, _TOL * max(1.0, abs(value)))
    _num(out, f"{where} audience_value", float(ev["audience_value"]), aud, _TOL * max(1.0, abs(aud)))
    _num(out, f"{where} effect_size", float(ev.get("effect_size", 0.0)), effect, 2e-3)
    if effect < trait_rule(trait).contrast - _TOL:
        out.append(Mismatch(where, claim, f"effect {effect:.3f} below {trait_rule(trait).contrast}", "word"))
    ok, why = _true_twice(data, trait, cid)
    if claim == trait.phrase and not ok:
        out.append(Mismatch(where, claim, why, "word"))
    elif claim != trait.phrase and trait.direction != "is":
        expected = contrast_phrase(trait.column, trait.direction, band(trait.column, value))
        if ok or claim != expected:
            out.append(Mismatch(where, claim, trait.phrase if ok else repr(expected), "word"))
    return out


def _life_noun(row: pd.Series) -> str:
    """The noun of a persona title from the anchor's own facts ("Mom", "Student", ...)."""
    if bool(row["has_children"]) and str(row["parenting_stage"]) not in ("None", "Adult children"):
        return {"Female": "Mom", "Male": "Dad"}.get(str(row["gender"]), "Parent")
    nouns = {
        "Student": "Student",
        "Retired": "Retiree",
        "Homemaker": "Homemaker",
        "Business Owner": "Entrepreneur",
        "Freelancer": "Freelancer",
        "Self-employed": "Self-starter",
        "Unemployed": "Job Seeker",
    }
    occupation = str(row["occupation"])
    if occupation in nouns:
        return nouns[occupation]
    return "Young Professional" if int(row["age"]) < 30 else "Professional"


def _check_persona(data: _Data, p: dict[str, Any], c: dict[str, Any] | None) -> list[Mismatch]:
    pid = str(p.get("persona_id"))
    cid = int(p["cluster_id"])
    prof = p.get("profile", {})
    uid = prof.get("anchor_user_id")
    if uid not in data.row_of.index:
        return [Mismatch(f"{pid} anchor", str(uid), "no such member in the audience", "anchor")]
    pos = int(data.row_of[uid])
    row = data.df.iloc[pos]
    out: list[Mismatch] = []
    if int(data.cluster[pos]) != cid:
        out.append(Mismatch(f"{pid} anchor", str(uid), f"member of cluster {data.cluster[pos]}", "anchor"))
    for key, col in (
        ("age", "age"),
        ("gender", "gender"),
        ("city", "city"),
        ("state", "state"),
        ("city_tier", "city_tier"),
        ("occupation", "occupation"),
        ("monthly_income_inr", "monthly_income_inr"),
        ("num_children", "num_children"),
        ("parenting_stage", "parenting_stage"),
        ("language", "primary_language"),
        ("preferred_channel", "preferred_channel"),
    ):
        if key in prof:
            expected = row[col]
            shown = prof[key]
            if str(shown) != str(int(expected) if isinstance(expected, np.integer) else expected):
                out.append(Mismatch(f"{pid} profile.{key}", str(shown), str(expected)))
    traits = p.get("personality_traits", {})
    for key, col in (
        ("tech_savviness", "tech_savviness"),
        ("price_sensitivity", "price_sensitivity"),
        ("brand_awareness", "brand_awareness"),
        ("privacy_consciousness", "privacy_pref"),
    ):
        if key in traits:
            _num(out, f"{pid} personality_traits.{key}", traits[key], level(float(row[col])))
    m = data.members(cid)
    if "emi_usage_likelihood" in traits:
        _num(
            out,
            f"{pid} emi_usage_likelihood",
            traits["emi_usage_likelihood"],
            f"{100 * m['emi_flag'].mean():.1f}%",
        )
    demo = f"{age_band(int(row['age']))} • {income_band(float(row['monthly_income_inr']))} • "
    demo += f"{row['city_tier']} city ({row['city']})"
    _num(out, f"{pid} demographics", p.get("demographics"), demo)
    media = str(p.get("media_preference", "")).split(", ")[0]
    _num(out, f"{pid} media_preference", media, str(row["primary_media"]))
    out += _check_title(data, pid, cid, str(prof.get("title", "")), row)
    for care in p.get("care_about_top2", []):
        out += _check_reason(data, pid, cid, "care", _BY_CARE.get(care), care, row)
    barrier = str(p.get("barriers_top1", ""))
    out += _check_reason(data, pid, cid, "barrier", _BY_BARRIER.get(barrier), barrier, row)
    if c is not None:
        out += _check_headline(data, pid, cid, c.get("cluster_label", ""), row)
    out += _check_anchor_distance(data, pid, cid, pos, p.get("evidence", []))
    out += _check_score_and_narrative(pid, p, row)
    return out


def _check_title(data: _Data, pid: str, cid: int, title: str, row: pd.Series) -> list[Mismatch]:
    """``Adjective Noun``: the noun from the anchor's facts, the adjective true twice and for the anchor."""
    noun = _life_noun(row)
    if not title.endswith(noun):
        return [Mismatch(f"{pid} title", title, f"the anchor is a {noun!r}", "word")]
    adjective = title[: -len(noun)].strip()
    if adjective in ("", "Everyday"):
        return []
    cands = _BY_ADJECTIVE.get(adjective, [])
    if not cands:
        return [Mismatch(f"{pid} title", adjective, "no such trait word", "word")]
    whys = []
    for trait in cands:
        ok, why = _true_twice(data, trait, cid)
        own = own_level(trait, row)
        if own in (trait.direction, "is") and (ok or _own_allowed(data, trait, cid, own)):
            return []
        whys.append(why if own in (trait.direction, "is") else f"the anchor's own level is {own}")
    return [Mismatch(f"{pid} title", adjective, "; ".join(whys), "word")]


def _own_allowed(data: _Data, trait: Trait, cid: int, own: str) -> bool:
    """A word of the anchor's own level (numeric), where the segment's level does not say otherwise."""
    if trait.direction == "is" or own != trait.direction:
        return False
    value, _, _ = data.contrast(trait, cid)
    return not opposite(trait, band(trait.column, value))


def _check_reason(
    data: _Data, pid: str, cid: int, kind: str, trait: Trait | None, text: str, row: pd.Series
) -> list[Mismatch]:
    """A care or barrier: backed by the segment (true twice) or the anchor's own level, never contradicted."""
    if trait is None:
        return []  # a default care / barrier, not a trait word
    own = own_level(trait, row)
    if opposite(trait, own):
        return [Mismatch(f"{pid} {kind}", text, f"the anchor's own level is {own}", "word")]
    ok, why = _true_twice(data, trait, cid)
    if ok:
        return []
    if own == "is" or _own_allowed(data, trait, cid, own):
        return []  # the anchor's own trait, which the segment's level does not contradict
    return [Mismatch(f"{pid} {kind}", text, why, "word")]


def _check_headline(data: _Data, pid: str, cid: int, label: str, row: pd.Series) -> list[Mismatch]:
    """The anchor agrees with the segment's headline words (not at the opposite level)."""
    out = []
    for part in label.split(" • "):
        trait = _BY_LABEL.get(part.split(" (")[0].strip())
        if trait is not None and opposite(trait, own_level(trait, row)):
            out.append(
                Mismatch(
                    f"{pid} anchor", trait.label, f"anchor's own level {own_level(trait, row)}", "anchor"
                )
            )
    return out


def _check_anchor_distance(
    data: _Data, pid: str, cid: int, pos: int, evidence: list[dict[str, Any]]
) -> list[Mismatch]:
    if data.dist is None:
        return []
    inside = data.dist[data.cluster == cid]
    pct = 100.0 * float((inside < data.dist[pos]).mean())
    out = []
    if pct > ANCHOR_MAX_PERCENTILE:
        out.append(
            Mismatch(f"{pid} anchor", f"{pct:.0f}th distance percentile", "nearest quartile", "anchor")
        )
    for ev in evidence:
        if ev.get("statistic") == DISTANCE_PERCENTILE:
            _num(out, f"{pid} anchor percentile", float(ev["cluster_value"]), pct, 0.01)
    return out


def _check_score_and_narrative(pid: str, p: dict[str, Any], row: pd.Series) -> list[Mismatch]:
    """The goal-match score (mean of the anchor's goal columns) and the chat narrative's facts."""
    out: list[Mismatch] = []
    for ev in p.get("evidence", []):
        if ev.get("field") == "behavioral_score" and ev.get("columns"):
            score = float(np.mean([float(row[c]) for c in ev["columns"]]))
            shown = str(p.get("behavioral_score", "")).split(" ")[0]
            _num(out, f"{pid} behavioral_score", shown, f"{score:.2f}")
    text = str(p.get("chat_personality", ""))
    if text:
        income = int(row["household_income_inr"]) if "household_income_inr" in row.index else None
        facts = [f"{int(row['age'])}-year-old", str(row["city"]), str(row["state"])]
        if income is not None:
            facts.append(f"₹{income:,}")
        for col, word in (
            ("tech_savviness", "tech savviness is"),
            ("price_sensitivity", "price sensitivity is"),
            ("brand_awareness", "brand awareness is"),
            ("privacy_pref", "privacy consciousness is"),
        ):
            facts.append(f"{word} {level(float(row[col])).lower()}")
        for fact in facts:
            if fact not in text:
                out.append(Mismatch(f"{pid} chat_personality", text[:60] + "...", f"the text {fact!r}"))
    return out
