"""Chat with a persona: an offline rule-based engine (default) and an LLM engine with fallback.

The offline engine answers what was asked, in the language of the message (English,
Hinglish or Hindi): self-facts with their evidence, prices against the persona's budget,
EMI instalments, named brands from a curated knowledge file, and conversation memory.
:func:`focus_group` asks one question to many personas at once.

Examples
--------
>>> persona = {"persona_id": "dyn_1_0", "persona_name": "Priya Patel — Young Tech Adopter",
...            "personality_traits": {"price_sensitivity": "High", "emi_usage_likelihood": "60%"},
...            "profile": {"monthly_income_inr": 32000}}
>>> reply = OfflineEngine().reply(persona, "Would a 6-month EMI on ₹30,000 work for you?")
>>> reply.engine, reply.topic, "₹5,000" in reply.response
('offline', 'emi', True)
"""

from synthpersona.chat._focus import FocusAnswer, focus_group, stance_counts
from synthpersona.chat._intent import Intent, detect, needs_embedding
from synthpersona.chat._lang import LANGUAGES
from synthpersona.chat._llm import LLMEngine, build_messages
from synthpersona.chat._offline import REPLY_ENGINES, STANCES, ChatReply, OfflineEngine
from synthpersona.chat._persona import ChatPersona, PersonaView
from synthpersona.chat._topics import TOPICS, Topic

__all__ = [
    "LANGUAGES",
    "REPLY_ENGINES",
    "STANCES",
    "TOPICS",
    "ChatPersona",
    "ChatReply",
    "FocusAnswer",
    "Intent",
    "LLMEngine",
    "OfflineEngine",
    "PersonaView",
    "Topic",
    "build_messages",
    "detect",
    "focus_group",
    "needs_embedding",
    "stance_counts",
]
