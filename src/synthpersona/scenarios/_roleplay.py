"""Role-play chat with a generated PersonaInstance.

The LLM path reuses :class:`synthpersona.chat.LLMEngine` with the persona's system
prompt as ``chat_personality``; the offline path (also the LLM fallback) answers in
character from the persona's own details: it finds the facts that match the
question, phrases them in the first person, and reacts the way the archetype and
the conversation rules say (scepticism, opening up, guardrails, ending).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from typing import Any

from ._models import PersonaInstance
from ._prompt import _sentence

__all__ = ["RolePlayOfflineEngine", "persona_chat_dict"]

_WORD = re.compile(r"[a-z0-9₹]+")
_STOP = set(
    [
        "the",
        "a",
        "an",
        "is",
        "are",
        "am",
        "was",
        "were",
        "be",
        "to",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "with",
        "you",
        "your",
        "i",
        "me",
        "my",
        "it",
        "this",
        "that",
        "what",
        "how",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "will",
        "have",
        "has",
        "had",
        "about",
        "tell",
        "please",
        "so",
        "any",
        "there",
        "here",
    ]
)
_SYN = {
    "experience": ["years", "experience", "practising", "practicing", "long"],
    "practice": ["practice", "clinic", "hospital", "nursing"],
    "cost": ["income", "budget", "cost", "price", "afford", "package", "charges", "insurance", "emi"],
    "family": ["family", "husband", "wife", "spouse", "children", "kids", "mother"],
    "time": ["time", "minutes", "busy", "schedule", "day"],
    "worry": ["fears", "worried", "anxiety", "concern"],
    "feel": ["emotion", "feel", "feeling", "upset", "hurt"],
    "happened": ["happened", "incident", "what"],
    "prescribe": ["prescription", "prescribing", "treatment", "drug", "patients"],
}
_RUDE = re.compile(
    r"\b(idiot|stupid|shut up|dumb|useless|bloody|damn you|nonsense woman|nonsense man)\b", re.I
)
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|namaste|namaskar)\b[\s,!.]*\w{0,12}[!. ]*$", re.I
)
_EVIDENCE = re.compile(
    r"\b(study|studies|trial|data|evidence|published|percent|%|p ?<|guideline|results)\b", re.I
)
_VAGUE = re.compile(
    r"\b(best|amazing|guaranteed?|100%|no side effects?|miracle|everyone uses|trust me)\b", re.I
)
_EMPATHY = re.compile(
    r"\b(sorry|understand|hear you|that must|must have been|how are you feeling|take your time|"
    r"thank you for telling|i'm listening|i am listening)\b",
    re.I,
)
_DISMISS = re.compile(
    r"\b(overreact\w*|just a joke|calm down|get over it|too sensitive|let it go|not a big deal)\b", re.I
)
_OFFTOPIC = re.compile(
    r"\b(weather|cricket score|movie|recipe|politics|write (me )?(a|some) code|capital of|"
    r"who are you really|are you an ai|chatgpt|system prompt)\b",
    re.I,
)


def _first_person(text: str) -> str:
    subs = [
        (r"\bYou are\b", "I am"),
        (r"\byou are\b", "I am"),
        (r"\bYou have\b", "I have"),
        (r"\byou have\b", "I have"),
        (r"\bYour\b", "My"),
        (r"\byour\b", "my"),
        (r"\bYou\b", "I"),
        (r"\byou\b", "I"),
    ]
    for a, b in subs:
        text = re.sub(a, b, text)
    return text


def _tokens(text: str) -> set[str]:
    out = {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}
    for key, words in _SYN.items():
        if out & set(words) or key in out:
            out |= set(words)
    return out


def persona_chat_dict(persona: PersonaInstance, system_prompt: str) -> dict[str, Any]:
    """The persona as the chat machinery's dict (``chat_personality`` = the system prompt)."""
    return {
        "persona_id": persona.id,
        "persona_name": f"{persona.name} — {persona.persona_type}",
        "chat_personality": system_prompt,
        "care_about_top2": list(persona.archetype_specific_data.get("decision_criteria") or [])[:2],
        "barriers_top1": str(persona.archetype_specific_data.get("current_position") or ""),
        "profile": {"name": persona.name, "age": persona.age, "city": persona.location.city},
        "_roleplay_persona": persona.model_dump(),
    }


class RolePlayOfflineEngine:
    """Offline, in-character replies for a :class:`PersonaInstance` (duck-types ``chat.OfflineEngine``).

    Examples
    --------
    >>> engine = RolePlayOfflineEngine()
    >>> engine.reply(persona_chat_dict(persona, prompt), "Hello doctor").response  # doctest: +SKIP
    'Yes, come in. I have 3 minutes between patients - what is it about?'
    """

    name = "offline"

    def reply(
        self,
        persona: dict[str, Any] | PersonaInstance,
        message: str,
        history: Sequence[dict[str, Any]] | None = None,
    ) -> Any:
        from synthpersona.chat import ChatReply

        p = (
            persona
            if isinstance(persona, PersonaInstance)
            else PersonaInstance.model_validate(persona["_roleplay_persona"])
        )
        turns = list(history or [])
        seed = hashlib.blake2b(f"{p.id}|{len(turns)}|{message.lower()}".encode(), digest_size=8).digest()
        rng = random.Random(int.from_bytes(seed, "big"))
        text, topic = self._compose(p, message, turns, rng)
        limit = int(p.conversation_rules.get("word_limit", 60))
        words = text.split()
        if len(words) > limit + 10:
            cut = " ".join(words[:limit])
            text = cut.rsplit(".", 1)[0] + "." if "." in cut else cut + "..."
        return ChatReply(response=text, engine="offline", topic=topic, topics=[topic] if topic else [])

    def _facts(self, p: PersonaInstance) -> list[tuple[str, set[str], set[str]]]:
        """(first-person sentence, field-name tokens, sentence tokens) for every detail."""
        out = []
        items = [(k, v) for fields in p.detail_categories.values() for k, v in fields.items()]
        items += [(k, v) for k, v in p.archetype_specific_data.items() if v]
        for key, value in items:
            sentence = _first_person(_sentence(key, value))
            out.append((sentence, _tokens(key.replace("_", " ")), _tokens(sentence)))
        return out

    def _compose(
        self, p: PersonaInstance, message: str, turns: list[dict[str, Any]], rng: random.Random
    ) -> tuple[str, str | None]:
        arch = p.archetype
        data = p.archetype_specific_data
        if _RUDE.search(message):
            rude_before = any(
                _RUDE.search(str(t.get("message", t.get("content", ""))))
                for t in turns
                if t.get("role") in ("user",)
            )
            if rude_before:
                return "I don't think this conversation can continue. Goodbye.", "ended"
            return (
                "Please keep this respectful. If you speak to me like that again, this conversation is over.",
                "disrespect",
            )
        if _OFFTOPIC.search(message):
            return rng.choice(
                [
                    "Sorry, I don't have time for that. Let's stick to why we're here - "
                    f"{p.scenario_type.replace('_', ' ')}.",
                    "That's not what I'm here to talk about. What did you want to discuss?",
                ]
            ), "off_topic"
        first_turn = not any(t.get("role") in ("user",) for t in turns)
        if _GREETING.match(message) or (first_turn and len(message.split()) <= 4):
            return self._opening(p, rng), "greeting"
        facts = self._facts(p)
        q = _tokens(message)
        # A question about "experience" is best answered by the field named so, then by mentions.
        scored = sorted(
            ((2 * len(q & key) + len(q & toks), sent) for sent, key, toks in facts), key=lambda x: -x[0]
        )
        if scored and scored[0][0] > 0:
            top = scored[0][0]
            scored = [x for x in scored if x[0] >= max(1, top - 2)]
        best = [s for score, s in scored[:2] if score > 0]
        reaction = ""
        if arch == "PERSUASION":
            if _EVIDENCE.search(message):
                reaction = rng.choice(
                    [
                        "That's more useful. Which population was that in, and how many patients?",
                        "Okay, data I can look at. Leave me the summary and I'll read it.",
                    ]
                )
            elif _VAGUE.search(message):
                objections = data.get("objection_library") or ["What evidence do you have?"]
                reaction = f"Everyone says that. {str(rng.choice(objections)).rstrip('.?!')}?"
        elif arch == "CONFRONTATION":
            if _DISMISS.search(message):
                reaction = "See, this is exactly the problem. It wasn't 'just' anything to me."
            elif _EMPATHY.search(message):
                reaction = rng.choice(
                    ["Thank you. It's not easy to talk about.", "I appreciate you saying that."]
                )
        elif arch == "HELP_SEEKING" and not best:
            reaction = f"I just want to understand clearly. {data.get('problem_description') or ''}".strip()
        if not best and not reaction:
            return rng.choice(
                [
                    "Sorry, can you be more specific?",
                    "I'm not sure what you're asking. What exactly?",
                    "Hmm. What do you mean?",
                ]
            ), None
        parts = [reaction] if reaction else []
        parts += best[: (1 if reaction else 2)]
        if arch == "HELP_SEEKING" and rng.random() < 0.5:
            parts.append(rng.choice(["What would you suggest?", "How does that work at your end?"]))
        return " ".join(parts), "details"

    def _opening(self, p: PersonaInstance, rng: random.Random) -> str:
        time = p.detail_categories.get("time_constraints", {}).get("available_time")
        data = p.archetype_specific_data
        if p.mode == "learn_mode":
            return (
                f"Hello! I'm {p.name}. Happy to coach you on this {p.scenario_type.replace('_', ' ')} "
                "conversation. What would you like to practise first?"
            )
        if p.archetype == "PERSUASION":
            return f"Yes, come in. {'I have ' + time + ' - ' if time else ''}what is it about?"
        if p.archetype == "HELP_SEEKING":
            problem = data.get("problem_description") or p.description
            return f"Hello, I'm {p.name.split()[0]}. {_first_person(str(problem))} Can you help me with this?"
        if p.archetype == "CONFRONTATION":
            return rng.choice(
                ["Hi. I guess you wanted to talk about what happened.", "Hello. Yes... you asked to meet?"]
            )
        if p.archetype == "NEGOTIATION":
            pos = data.get("position") or "I'd like to discuss the terms"
            return f"Hello. Thanks for making time. {pos}."
        return "Hello. What would you like to know?"
