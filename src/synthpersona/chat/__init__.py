"""Chat with a persona: an offline rule-based engine (default) and an LLM engine with fallback.

Examples
--------
>>> persona = {"persona_id": "dyn_1_0", "persona_name": "Priya Patel — Young Tech Adopter",
...            "personality_traits": {"price_sensitivity": "High", "emi_usage_likelihood": "60%"}}
>>> reply = OfflineEngine().reply(persona, "Would you buy it on EMI?")
>>> reply.engine, reply.topic
('offline', 'emi')
"""

from synthpersona.chat._llm import LLMEngine, build_messages
from synthpersona.chat._offline import ChatReply, OfflineEngine
from synthpersona.chat._persona import PersonaView
from synthpersona.chat._topics import Intent, detect

__all__ = ["ChatReply", "Intent", "LLMEngine", "OfflineEngine", "PersonaView", "build_messages", "detect"]
