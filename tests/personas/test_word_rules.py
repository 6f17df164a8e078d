"""Every trait word of every persona and segment, re-derived from the data by its one rule.

The goal workflow's words ("high income", "Tier-1 cities", a persona's title, cares and
barrier) and the table workflow's words (a persona's name values, a segment's stand-out
values) are all :class:`~synthpersona.personas.rules.WordRule` s. Here each word shown is
recomputed from the rows (not from the code that wrote it) and judged by its rule, whose
cuts are fixed absolute levels (the same in every run, never relative to the audience)
plus a contrast with the baseline.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import SynthPersonaError
from synthpersona.model import Evidence
from synthpersona.personas import rules
from synthpersona.personas._stats import contrast_phrase
from synthpersona.personas._traits import ADJECTIVES, LEVEL_BANDS, SCORE_BANDS, band
from synthpersona.population import generate
from synthpersona.tables import analyze_table
from synthpersona.usecases.goals import run_goal
from tables._data import make_customers, make_leads  # tests/tables (tests/ is on sys.path)

GOALS = (
    "young women in tier-1 cities",
    "retired men interested in health",
    "salaried parents who shop online",
    "students interested in gaming",
)
_TRAIT = {r.key: t for t, r in rules.GOAL_RULES.items()}
_WORD_FIELDS = ("title", "care_about_top2", "barriers_top1")  # a persona's trait words


@pytest.fixture(scope="module")
def goal_runs() -> list:
    population = generate(3000, random_state=21)
    out = []
    for goal in GOALS:
        try:
            out.append(run_goal(goal, k_max=5, population=population))
        except SynthPersonaError:
            continue
    assert len(out) >= 3
    return out


def _column_value(frame: pd.DataFrame, rule: rules.WordRule) -> np.ndarray:
    col = frame[rule.column]
    if rule.category is not None:
        return (col.astype(str) == rule.category).to_numpy(dtype=np.float64)
    return col.to_numpy(dtype=np.float64)


def _absolute_cut(rule: rules.WordRule) -> float:
    """The documented fixed cut of the word: the column's band, or a majority for a category."""
    if rule.category is not None:
        return 0.5
    low, high = LEVEL_BANDS.get(rule.column, SCORE_BANDS)
    return high if rule.direction == "high" else low


def _check_goal_word(ev: Evidence, audience: pd.DataFrame, labels: np.ndarray) -> str:
    """Recompute one goal word record from the rows; the rule's key."""
    rule = rules.goal_rule_of(ev)
    assert rule is not None, ev
    assert rule.level == _absolute_cut(rule)  # absolute, documented, the same in every run
    if ev.statistic == "member_value":  # the anchor's own value: the word's absolute half
        row = audience[audience["user_id"] == ev.member_id]
        value = float(_column_value(row, rule)[0])
        assert ev.thresholds == rule.level_cuts or ev.thresholds == ()
        assert ev.claim == rule.word and rule.level_holds(value), (ev, value)
        return rule.key
    assert ev.thresholds == rule.thresholds
    all_values = _column_value(audience, rule)
    inside = all_values[labels == ev.segment_id - 1]
    value, baseline = float(inside.mean()), float(all_values.mean())
    spread = float(all_values.std()) if rule.category is None else float(np.sqrt(baseline * (1 - baseline)))
    assert ev.value == pytest.approx(value) and ev.baseline == pytest.approx(baseline)
    verdict = rule.verdict(value, baseline, spread)
    if ev.claim == rule.word:
        assert verdict == rules.WORD, (ev, value, baseline)
        above = value >= rule.level if rule.direction == "high" else value < rule.level
        assert above  # the absolute level itself, not only the contrast with the audience
    else:  # only the contrast holds: both facts are said
        assert verdict == rules.COMPARATIVE, (ev, value, baseline)
        assert ev.claim == contrast_phrase(rule.column, rule.direction, band(rule.column, value))
    return rule.key


def test_every_goal_trait_word_of_segments_and_personas_is_rederived(goal_runs: list) -> None:
    checked = 0
    for run in goal_runs:
        df, labels = run.audience, run.segmentation.labels
        for seg in run.segments:
            for ev in seg.evidence:
                _check_goal_word(ev, df, labels)
                checked += 1
            for part in seg.label.split(" • "):  # every label word has its record
                word = part.split(" (")[0]
                if word != "Mainstream":
                    assert any(
                        _TRAIT[rules.goal_rule_of(ev).key].label == word for ev in seg.evidence
                    ) or any(
                        ev.claim.startswith(("higher", "lower", "older", "younger")) for ev in seg.evidence
                    ), (seg.label, word)
        for plist in run.personas.values():
            for p in plist:
                backed: dict[str, list] = {f: [] for f in _WORD_FIELDS}  # field -> traits of its records
                for ev in p.evidence:
                    if ev.field in _WORD_FIELDS:
                        backed[ev.field].append(_TRAIT[_check_goal_word(ev, df, labels)])
                        checked += 1
                adjective = p.title.split(" ")[0]
                if adjective != "Everyday":  # the title's adjective is one of its word records
                    assert any(
                        ADJECTIVES.get(t.label, t.label) in p.title for t in backed.get("title", [])
                    ), (p.title, backed.get("title"))
                for care in p.cares:
                    if care not in rules_defaults():
                        assert care in [t.care for t in backed.get("care_about_top2", [])], (care, p.evidence)
                for text in p.barriers:
                    if text not in rules_defaults():
                        assert text in [t.barrier for t in backed.get("barriers_top1", [])]
    assert checked >= 40


def rules_defaults() -> tuple[str, ...]:
    from synthpersona.personas._traits import DEFAULT_BARRIER, DEFAULT_CARE

    return (*DEFAULT_CARE, DEFAULT_BARRIER)


@pytest.mark.parametrize("which", ["leads", "customers"])
def test_every_table_persona_and_segment_word_is_rederived(which: str) -> None:
    if which == "leads":
        res = analyze_table(make_leads(900, seed=3, messy=True), k=3, exclude=["_segment"])
    else:
        res = analyze_table(make_customers(), k=4, random_state=4)
    by_name = {c.name: c for c in res.prepared}
    labels = np.asarray(res.labels)
    checked = 0
    records = [(p.name, ev) for p in res.personas for ev in p.evidence]
    records += [(None, ev) for s in res.segments for ev in s.evidence]
    for name, ev in records:
        rule = rules.rule_of(ev.statistic, ev.thresholds)
        if rule is None or not ev.columns:
            continue  # a value tier, not a word
        col = by_name[ev.columns[0]]
        values = np.asarray(col.levels, dtype=object)[col.codes]
        hit = np.isin(values, str(ev.category).split(" & ") if rule is rules.NAMED_PAIR else [ev.category])
        share, base = float(hit[labels == ev.segment_id].mean()), float(hit.mean())
        assert ev.value == pytest.approx(share) and ev.baseline == pytest.approx(base)
        assert rule.verdict(share, base) == rules.WORD, (ev, share, base)
        assert share >= rule.level  # the absolute level: the value leads the segment
        if name is not None:
            assert ev.claim in name
        checked += 1
    assert checked >= 6
