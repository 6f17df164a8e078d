"""Each persona's own voice: register (casual, plain, formal) and its personal sentence openers.

The register follows age and education: under 30 without a post-graduate degree is
casual, 50 and over or post-graduate/doctorate is formal, everyone else plain. Each
persona draws four openers of its register per language, seeded by its id and name, so
two personas rarely open alike, and the same persona always sounds the same.

Examples
--------
>>> from synthpersona.chat._persona import PersonaView
>>> v = PersonaView.from_dict({"persona_id": "p", "profile": {"age": 62, "education_level": "Graduate"}})
>>> voice(v).register
'formal'
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from synthpersona.chat._persona import PersonaView
from synthpersona.chat._phrases import OPENERS

__all__ = ["Voice", "voice"]


@dataclass(frozen=True)
class Voice:
    register: str
    openers: dict[str, tuple[str, ...]]
    opener_rate: float  # share of replies that start with an opener

    def opener(self, lang: str, rng: random.Random) -> str:
        options = self.openers.get(lang) or self.openers["en"]
        return rng.choice(options) if rng.random() < self.opener_rate else ""


def voice(v: PersonaView) -> Voice:
    """The persona's register and openers (deterministic)."""
    age = v.age or 35
    edu = v.education.lower()
    if age >= 50 or edu in ("post-graduate", "doctorate"):
        register = "formal"
    elif age < 30:
        register = "casual"
    else:
        register = "plain"
    seed = hashlib.blake2b(f"voice|{v.key}".encode(), digest_size=8).digest()
    rng = random.Random(int.from_bytes(seed, "big"))
    openers = {}
    for lang, registers in OPENERS.items():
        pool = list(registers[register])
        rng.shuffle(pool)
        openers[lang] = tuple(pool[:4])
    rate = {"casual": 0.8, "plain": 0.65, "formal": 0.55}[register]
    return Voice(register, openers, rate)
