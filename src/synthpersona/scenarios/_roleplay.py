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


# "Do you have five minutes?", "Is this a good time?", "Are you free?": a yes/no question about
# the persona's time, answered in character from its own details, never with a stray fact.
_AVAILABILITY = re.compile(
    r"\b(?:(?:do|did) you have|have you got|you got|can you (?:spare|give me)|could you (?:spare|give me)|"
    r"(?:can|could|may) i (?:have|take|borrow))\s+(?:a |an |the )?(?:few|couple of|one|two|three|five|ten|"
    r"fifteen|\d+|quick|little|short)?\s*(?:minutes?|mins?|moments?|seconds?|minute of your time)\b"
    r"|\bis (?:this|now|it) (?:a )?(?:good|bad|convenient|okay|ok|right|fine) (?:time|moment)\b"
    r"|\bare you (?:free|busy|available)\b"
    r"|\b(?:can|could) we (?:talk|speak)(?: now| for a (?:bit|minute))?\s*\?",
    re.I,
)
_THIRD_TO_FIRST = (
    (r"\b(?:she|he) is\b", "I am"),
    (r"\b(?:she|he) has\b", "I have"),
    (r"\b(?:she|he) was\b", "I was"),
    (r"\b(?:she|he|they)\b", "I"),
    # "her" closing a clause is an object (told her, called her); before a noun it is "my".
    (r"\bher(?=\s*(?:[.,;:!?]|$|\b(?:to|that|about|and|on|in|at|when|if)\b))", "me"),
    (r"\b(?:her|his)\b", "my"),
    (r"\bhim(?:self)?\b", "me"),
    (r"\bherself\b", "myself"),
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
        if _AVAILABILITY.search(message):
            return self._availability(p), "availability"
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

    def _availability(self, p: PersonaInstance) -> str:
        """Yes or no to "do you have five minutes?", with the persona's own reason."""
        times = p.detail_categories.get("time_constraints", {})
        history = p.detail_categories.get("sales_rep_history", {})
        time = times.get("available_time") or history.get("time_given_to_reps")
        if p.archetype in ("CONFRONTATION", "HELP_SEEKING"):
            why = _reason(p)
            verb = _came(p)
            if why:
                return f"Yes - that's why I {verb}: {why}"
            return f"Yes - that's why I {verb}. I want this sorted out."
        if time:
            pressure = str(times.get("current_time_pressure") or "").strip().rstrip(".")
            extra = f" - {_lower(pressure)}" if pressure else ""
            return f"Only {_lower(str(time)).rstrip('.')}{extra}. So please be quick: what is it about?"
        if p.archetype == "NEGOTIATION":
            pos = str(p.archetype_specific_data.get("position") or "").strip().rstrip(".")
            return f"Yes. {_first_person(pos)}." if pos else "Yes. Let's get the terms settled."
        if p.archetype == "INVESTIGATION":
            return "Yes, if this is about what happened. I'd rather get it over with."
        return "Yes, a few minutes. What is it about?"

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
        if p.archetype == "CONFRONTATION" and _came(p) != "came":
            # The persona made the call or wrote in: it opens with why, never "you asked to meet?".
            why = _reason(p)
            doing = "calling" if _came(p) == "called" else "writing"
            if why:
                return f"Hello. I'm {doing} because {why}"
            return f"Hello. I'm {doing} about my problem, and I want it sorted out."
        if p.archetype == "CONFRONTATION":
            return rng.choice(
                ["Hi. I guess you wanted to talk about what happened.", "Hello. Yes... you asked to meet?"]
            )
        if p.archetype == "NEGOTIATION":
            pos = data.get("position") or "I'd like to discuss the terms"
            return f"Hello. Thanks for making time. {pos}."
        return "Hello. What would you like to know?"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _came(p: PersonaInstance) -> str:
    kind = f"{p.location.location_type} {p.location.current_physical_location}".lower()
    if "chat" in kind or "message" in kind:
        return "wrote in"
    if "call" in kind or "phone" in kind:
        return "called"
    return "came"


def _reason(p: PersonaInstance) -> str:
    """Why the persona is here, in its own words (a clause after "because"), or ``""``.

    From the scenario's sentence about the persona; stock labels ("The claim or policy being
    discussed") are not a reason.
    """
    case = p.detail_categories.get("case_context", {}) or p.detail_categories.get("incident_context", {})
    said = [str(case.get(k) or "") for k in ("what_happened", "incident_description", "what_it_is")]
    said.append(str(p.archetype_specific_data.get("problem_description") or ""))
    for text in said:
        # A sentence the scenario wrote about this person gives its cause after "because".
        cause = re.search(r"\bbecause\b\s+(.*)", text.strip().rstrip("."))
        if not cause:
            continue
        body = cause.group(1)
        for rx, sub in _THIRD_TO_FIRST:
            body = re.sub(rx, sub, body)
        body = _first_person(body).strip()
        if body:
            return f"{_lower(body)}."
    return ""
