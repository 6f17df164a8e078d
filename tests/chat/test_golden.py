"""Golden chat replies: the persona model refactors (issue 11) must not change a single byte.

The file ``data/golden_replies.json`` pins, for a few real personas (three goal-run
generations) and a few hand-made loose persona dicts, the offline engine's full reply
(``ChatReply.to_dict()``) over one multi-turn conversation in English, Hinglish and
Hindi, the LLM engine's prompt (``build_messages``) for the last turn, a focus group and
every field of the chat's ``PersonaView``.
Regenerate only on purpose (a deliberate behaviour change):
``PYTHONPATH=src python -m tests.chat.test_golden``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from synthpersona.chat import OfflineEngine, PersonaView, build_messages, focus_group

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden_replies.json"

# A conversation touching the self-facts, money, brands, memory and the segment.
MESSAGES = [
    "Hi, I'm Rahul from a phone brand. Tell me about yourself.",
    "What is your monthly income?",
    "How much would you pay for a new phone?",
    "We have one at ₹45,000. Would a 12 month EMI work for you?",
    "Samsung Galaxy or iPhone, which do you prefer?",
    "Aap kis shehar mein rehte ho aur kya kaam karte ho?",
    "आपके परिवार में कौन-कौन है?",
    "Which segment are you in, what kind of customer are you?",
    "What do you care about most, and what stops you from buying?",
    "What did I ask you first?",
]

# Loose dicts the API accepts from clients (fields missing, other spellings).
LOOSE: list[dict[str, Any]] = [
    {"persona_id": "p1"},
    {
        "persona_id": "p2",
        "persona_name": "Priya Patel — Young Tech Adopter",
        "personality_traits": {"price_sensitivity": "High", "emi_usage_likelihood": "60%", "age_group": "24"},
        "profile": {"monthly_income_inr": 32000},
    },
    {
        "persona_id": "p3",
        "profile": {
            "name": "Ravi Kumar",
            "age": 41,
            "gender": "Male",
            "city": "Pune",
            "city_tier": "Tier-1",
            "occupation": "Business_Owner",
            "care_about": ["Durability"],
            "barrier": "Too many choices",
            "num_children": 2,
            "interests": ["cricket"],
        },
        "media_preference": "Instagram",
        "cluster_linkage": "Cluster #3 — Family Buyers",
    },
]


def _personas() -> list[dict[str, Any]]:
    picked = []
    for name, rows in (
        ("personas.json", (0, 13, 30, 47)),
        ("personas_v2.json", (0, 9)),
        ("personas_v3.json", (0, 17)),
    ):
        data = json.loads((DATA / name).read_text("utf-8"))
        picked += [data[i] for i in rows]
    return picked + LOOSE


def compute() -> dict[str, Any]:
    """The replies, prompts and focus group of today's code."""
    engine = OfflineEngine()
    out: dict[str, Any] = {"conversations": [], "focus_group": []}
    personas = _personas()
    for p in personas:
        history: list[dict[str, Any]] = []
        replies = []
        for message in MESSAGES:
            reply = engine.reply(p, message, history)
            replies.append(reply.to_dict())
            history += [{"role": "user", "message": message}, {"role": "persona", "message": reply.response}]
        prompt = build_messages(p, MESSAGES[-1], history[:-2])
        out["conversations"].append({"persona_id": p.get("persona_id"), "replies": replies, "prompt": prompt})
    answers = focus_group(personas, "Would you pay ₹75,000 for this laptop on a 12-month EMI?")
    out["focus_group"] = [vars(a) for a in answers]
    out["views"] = [vars(PersonaView.from_dict(p)) for p in personas]
    return out


def test_chat_replies_are_unchanged() -> None:
    golden = json.loads(GOLDEN.read_text("utf-8"))
    now = json.loads(json.dumps(compute(), ensure_ascii=False))
    for want, got in zip(golden["conversations"], now["conversations"], strict=True):
        for i, (w, g) in enumerate(zip(want["replies"], got["replies"], strict=True)):
            assert g == w, f"persona {want['persona_id']} turn {i}: {MESSAGES[i]!r}"
        assert got["prompt"] == want["prompt"], f"persona {want['persona_id']}: LLM prompt"
    assert now["focus_group"] == golden["focus_group"]
    for want, got in zip(golden["views"], now["views"], strict=True):
        assert got == want, f"PersonaView of {want['persona_id']}"


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(compute(), ensure_ascii=False, indent=1) + "\n", "utf-8")
