"""Focus group: one question to many personas at once, each answer with the persona's stance.

Examples
--------
>>> personas = [{"persona_id": "a", "profile": {"monthly_income_inr": 20000},
...              "personality_traits": {"price_sensitivity": "High"}},
...             {"persona_id": "b", "profile": {"monthly_income_inr": 200000},
...              "personality_traits": {"price_sensitivity": "Low"}}]
>>> [a.stance for a in focus_group(personas, "Would you pay ₹30,000 for a phone?")]
['negative', 'positive']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from synthpersona.chat._offline import STANCES, ChatReply, OfflineEngine
from synthpersona.chat._persona import ChatPersona, PersonaView
from synthpersona.model import Persona

__all__ = ["FocusAnswer", "focus_group", "stance_counts"]


class _Engine(Protocol):
    def reply(
        self, persona: ChatPersona, message: str, history: Sequence[dict[str, Any]] | None = None
    ) -> ChatReply: ...


@dataclass(frozen=True)
class FocusAnswer:
    """One persona's answer in a focus group."""

    persona_id: str
    persona_name: str
    cluster_id: int | None
    segment: str
    stance: str  # positive, neutral, negative or "none" when the answer takes no stance
    response: str
    language: str
    topic: str | None
    engine: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def focus_group(
    personas: Sequence[ChatPersona], question: str, *, engine: _Engine | None = None
) -> list[FocusAnswer]:
    """Ask every persona ``question`` (a fresh conversation each) and collect the answers.

    Parameters
    ----------
    personas
        Persona dicts (seed 000 shape), e.g. all personas of a run.
    question
        The concept or question, e.g. ``"Would you pay ₹75,000 for this laptop on a 12-month EMI?"``.
    engine
        The chat engine; the offline engine when ``None``.
    """
    engine = engine or OfflineEngine()
    out = []
    for p in personas:
        reply = engine.reply(p, question, [])
        view = PersonaView.of(p)
        shown_name, cluster = _name_and_cluster(p)
        out.append(
            FocusAnswer(
                persona_id=view.persona_id,
                persona_name=shown_name or view.name,
                cluster_id=int(cluster) if isinstance(cluster, int | float) else None,
                segment=view.segment,
                stance=reply.stance or "none",
                response=reply.response,
                language=reply.language,
                topic=reply.topic,
                engine=reply.engine,
            )
        )
    return out


def _name_and_cluster(p: ChatPersona) -> tuple[str, object]:
    """The name a persona is shown under and its cluster id (``None`` when it has none)."""
    if isinstance(p, Persona):
        return (f"{p.name} — {p.title}" if p.title else p.name), p.segment_id
    if isinstance(p, PersonaView):
        return (f"{p.name} — {p.title}" if p.title else p.name), None
    return str(p.get("persona_name") or ""), p.get("cluster_id")


def stance_counts(answers: Sequence[FocusAnswer]) -> dict[str, int]:
    """How many answers took each stance of :data:`STANCES` (``positive`` ... ``none``), in that order."""
    counts = Counter(a.stance for a in answers)
    return {k: counts.get(k, 0) for k in STANCES}
