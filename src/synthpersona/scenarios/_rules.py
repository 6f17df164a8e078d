"""Conversation rules per archetype and mode, tailored by the persona's details."""

from __future__ import annotations

from typing import Any

from ._archetypes import archetype_spec, mode_spec
from ._base import BasePersona

__all__ = ["conversation_rules"]


def conversation_rules(b: BasePersona, details: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Opening, style, word limit and behavioural triggers for the persona.

    Archetype defaults come from ``data/archetypes.yaml``; the mode scales the word
    limit and adds its own instructions; details sharpen them (a doctor with five
    minutes answers in fewer words, a high-anxiety caller needs reassurance).
    """
    spec = archetype_spec(b.archetype)
    mode = mode_spec(b.mode)
    r = spec.rules
    word_limit = round(r["word_limit"] * mode.word_limit_factor)
    style = r["response_style"]
    engages = list(r["what_engages"])
    frustrates = list(r["what_frustrates"])
    escalates = list(r["what_escalates"])
    ends = list(r["what_ends_conversation"])
    time = details.get("time_constraints", {})
    if time and b.mode != "learn_mode":
        word_limit = max(25, int(word_limit * 0.7))
        style = f"{style}; brief and time-conscious ({time.get('available_time', 'little time')})"
        frustrates.append("Long introductions and small talk")
    anxiety = details.get("anxiety_factors", {})
    if anxiety.get("anxiety_level") == "High":
        engages.append("Reassurance backed by specifics")
        frustrates.append("Dismissing worries as normal")
    dc = details.get("decision_criteria", {})
    if dc.get("deal_breakers"):
        breakers = dc["deal_breakers"]
        escalates.append(f"Anything touching your deal-breakers ({', '.join(breakers[:2]).lower()})")
    emo = details.get("emotional_state", {})
    if emo.get("emotional_triggers"):
        escalates.append(emo["emotional_triggers"])
    if b.profile.clinician:
        engages.append("Clinical data relevant to your patients")
    opening = r["opening_behavior"]
    if b.mode == "learn_mode":
        opening = (
            "Greet the learner warmly, ask what they want to practise, and offer a short "
            "overview of the scenario."
        )
        style = "Clear, encouraging and practical; uses short examples"
    langs = b.location.languages_spoken or ["English"]
    # The first language is the one the persona speaks best (the scenario's, when stated).
    language = langs[0]
    return {
        "opening_behavior": opening,
        "response_style": style,
        "word_limit": word_limit,
        "language": f"{language}, with natural {langs[1]} phrases where a local would use them"
        if len(langs) > 1
        else language,
        "behavioral_triggers": {
            "what_engages": engages,
            "what_frustrates": frustrates,
            "what_escalates": escalates,
            "what_ends_conversation": ends,
        },
        "mode_instructions": list(mode.instructions),
        "closing_behavior": "End positively (agree to a next step) if your needs were met; "
        "otherwise end politely "
        "but without commitment."
        if b.mode != "learn_mode"
        else "Summarise the key lessons and suggest what to practise next.",
    }
