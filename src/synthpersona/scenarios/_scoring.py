"""Score a trainee's finished role-play against the archetype's rubric.

Offline (default): each criterion of ``data/rubrics.yaml`` is scored on the learner's
turns by cue patterns plus the offline embedding model (similarity to exemplar
phrases); objections the persona raised are matched to the learner's next turn.
With an LLM, a judge prompt (``prompts/score_transcript.j2``) scores the same
criteria; evidence quotes the judge cannot show verbatim in the transcript are
dropped, and any LLM failure falls back to the offline scorer.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from synthpersona.errors import InputError, LLMError

from ._archetypes import parse_archetype
from ._banks import bank

if TYPE_CHECKING:
    from synthpersona.llm import LLMClient

__all__ = ["CriterionScore", "TraineeScore", "ascore_transcript", "rubric", "score_transcript"]

_LEARNER = {"user", "learner", "trainee"}
_PERSONA = {"persona", "assistant", "ai", "bot"}
_OBJECTION = re.compile(
    r"\?|\b(but|too (expensive|costly|much)|why should|i already|not sure|i doubt|can't afford|cannot afford|"
    r"what if|how do i know|i was promised|that's not|this is not|unacceptable|waste)\b",
    re.I,
)
# The persona asking why (or what happened): a substantial reply is an explanation attempt.
_WHY = re.compile(
    r"\b(why|what happened|how come|how could|explain|what went wrong|what is going on)\b", re.I
)
# What an account of events is made of: past or state verbs ("burst", "was cut", "stays shut").
_ACCOUNT = re.compile(
    r"\b(?:[a-z]{3,}ed|was|were|had|has been|have been|is being|went|came|found|took|broke|burst|sent|got|"
    r"fell|ran|left|paid|made|gave|shows?|showed|stays?|remains?|takes?|means?)\b",
    re.I,
)
# e5 cosines of related sentences sit around 0.82-0.90; map that band to 0..1.
_SIM_LO, _SIM_HI = 0.80, 0.88


@dataclass
class CriterionScore:
    """One rubric criterion: score in [0, 1], verbatim evidence quotes and why."""

    id: str
    label: str
    weight: float
    score: float
    evidence: list[str] = field(default_factory=list)
    rationale: str = ""


@dataclass
class TraineeScore:
    """A scored role-play: overall 0-100 and each criterion with its evidence."""

    archetype: str
    overall: float
    criteria: list[CriterionScore]
    engine: str
    turns: int
    fallback: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rubric(archetype: str) -> list[dict[str, Any]]:
    """The rubric criteria of ``archetype`` (see ``data/rubrics.yaml``)."""
    rubrics: dict[str, list[dict[str, Any]]] = bank("rubrics")["rubrics"]
    return rubrics[parse_archetype(archetype)]


def _turns(transcript: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i, t in enumerate(transcript):
        role = str(t.get("role", "")).lower()
        text = str(t.get("message", t.get("content", ""))).strip()
        if role in _LEARNER:
            out.append(("learner", text))
        elif role in _PERSONA:
            out.append(("persona", text))
        else:
            raise InputError(
                f"transcript turn {i} has role {role!r}; use 'user' (the trainee) or 'persona'",
                details={"allowed_roles": sorted(_LEARNER | _PERSONA)},
            )
    if not any(r == "learner" for r, _ in out):
        raise InputError("the transcript has no trainee turns; score a conversation the trainee took part in")
    return out


def _sims(texts: list[str], exemplars: list[str]) -> list[float]:
    if not texts or not exemplars:
        return [0.0] * len(texts)
    from synthpersona.embeddings import cached_passages, embed_query

    # the rubric's exemplars are fixed texts: read from the disk cache, so a fresh process (a job's
    # child) does not embed them again before its first score
    ex = cached_passages(exemplars)
    return [float((ex @ embed_query(t)).max()) for t in texts]


def _band(sim: float) -> float:
    return min(1.0, max(0.0, (sim - _SIM_LO) / (_SIM_HI - _SIM_LO)))


def _hits(text: str, cues: list[str]) -> int:
    low = text.lower().strip()
    return sum(bool(re.search(c, low)) for c in cues)


def _score_turns(
    c: dict[str, Any], learner: list[str], asked_why: Sequence[bool] | None = None
) -> CriterionScore:
    asked = list(asked_why) if asked_why is not None else [False] * len(learner)
    idx = list(range(len(learner)))
    if c.get("late"):
        idx = idx[len(idx) // 2 :] or idx
    if c.get("early"):
        idx = idx[: max(1, (len(idx) + 1) // 2)]
    texts = [learner[i] for i in idx]
    sims = _sims(texts, c.get("exemplars", []))
    per = [
        max(min(1.0, _hits(t, c.get("cues", [])) * 0.7), _band(s)) for t, s in zip(texts, sims, strict=True)
    ]
    if c.get("answers_why"):
        # A reply to the persona's "why?" that gives an account (a dozen words or more, two past or
        # state verbs) is an explanation, whatever words it uses.
        per = [
            max(p, 0.6) if asked[i] and len(t.split()) >= 12 and len(_ACCOUNT.findall(t)) >= 2 else p
            for p, i, t in zip(per, idx, texts, strict=True)
        ]
    need = int(c.get("min_hits", 1))
    good = sorted(((p, t) for p, t in zip(per, texts, strict=True) if p >= 0.5), key=lambda x: -x[0])
    score = min(1.0, sum(p for p, _ in good[:need]) / need) if good else (max(per) * 0.5 if per else 0.0)
    penalties = [t for t in learner if _hits(t, c.get("penalties", []))]
    if penalties:
        score *= 0.4
    why = f"{len(good)} turn(s) show it (need {need})"
    if penalties:
        why += f"; undermined by: {penalties[0]!r}"
    return CriterionScore(
        c["id"],
        c["label"],
        float(c.get("weight", 1.0)),
        round(score, 2),
        [t for _, t in good[:2]] + penalties[:1],
        why,
    )


def _score_objections(c: dict[str, Any], turns: list[tuple[str, str]], stated: list[str]) -> CriterionScore:
    pairs: list[tuple[str, str]] = []
    for i, (role, text) in enumerate(turns):
        if role == "persona" and _OBJECTION.search(text):
            reply = next((t for r, t in turns[i + 1 :] if r == "learner"), "")
            pairs.append((text, reply))
    if not pairs and stated:
        pairs = [(o, "") for o in stated[:2]]
    if not pairs:
        return CriterionScore(
            c["id"], c["label"], float(c.get("weight", 1.0)), 1.0, [], "the persona raised no objection"
        )
    replies = [r for _, r in pairs]
    from synthpersona.embeddings import embed_passages

    handled: list[float] = []
    if any(replies):
        q = embed_passages([o for o, _ in pairs])
        a = embed_passages([r or "-" for r in replies])
        rel = [float(x) for x in (q * a).sum(axis=1)]
    else:
        rel = [0.0] * len(pairs)
    for (_, reply), r in zip(pairs, rel, strict=True):
        if not reply:
            handled.append(0.0)
            continue
        cue = min(1.0, _hits(reply, c.get("cues", [])) * 0.5)
        handled.append(min(1.0, 0.5 * cue + 0.5 * _band(r + 0.02) + (0.2 if len(reply.split()) >= 12 else 0)))
    score = sum(handled) / len(handled)
    best = [f"{o} -> {r}" for (o, r), h in zip(pairs, handled, strict=True) if h >= 0.5][:2]
    return CriterionScore(
        c["id"],
        c["label"],
        float(c.get("weight", 1.0)),
        round(score, 2),
        best,
        f"{sum(h >= 0.5 for h in handled)} of {len(pairs)} objection(s) answered",
    )


def _asked_why(turns: list[tuple[str, str]]) -> list[bool]:
    """For each learner turn: did the persona's turn just before it ask why or what happened?"""
    out = []
    before = ""
    for role, text in turns:
        if role == "learner":
            out.append(bool(_WHY.search(before)))
        before = text if role == "persona" else ""
    return out


def _overall(criteria: list[CriterionScore]) -> float:
    total = sum(c.weight for c in criteria)
    return round(100 * sum(c.score * c.weight for c in criteria) / total, 1) if total else 0.0


def score_offline(
    transcript: Sequence[dict[str, Any]], archetype: str, *, objections: Sequence[str] = ()
) -> TraineeScore:
    """Score ``transcript`` (turns with ``role`` user/persona and ``message``) by rules and embeddings."""
    turns = _turns(transcript)
    learner = [t for r, t in turns if r == "learner"]
    asked = _asked_why(turns)
    out = []
    for c in rubric(archetype):
        if c.get("kind") == "objections":
            out.append(_score_objections(c, turns, list(objections)))
        else:
            out.append(_score_turns(c, learner, asked))
    return TraineeScore(parse_archetype(archetype), _overall(out), out, "offline", len(turns))


class _JudgeCriterion(BaseModel):
    id: str
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)
    rationale: str = ""


class JudgeReply(BaseModel):
    """LLM judge output: one entry per rubric criterion."""

    criteria: list[_JudgeCriterion] = Field(min_length=1)


async def ascore_transcript(
    transcript: Sequence[dict[str, Any]],
    archetype: str,
    *,
    objections: Sequence[str] = (),
    llm_client: LLMClient | None = None,
    timeout_s: float = 120.0,
) -> TraineeScore:
    """Score a role-play: the LLM as judge when a client is given, else (or on failure) offline.

    Examples
    --------
    >>> s = score_transcript([{"role": "user", "message": "I am sorry this happened. What went wrong?"},
    ...                       {"role": "persona", "message": "My claim was rejected!"}],
    ...                      "CONFRONTATION")  # doctest: +SKIP
    >>> [c.id for c in s.criteria]  # doctest: +SKIP
    ['acknowledgement', 'de_escalation', 'explanation', 'path_forward']
    """
    if llm_client is None:
        return score_offline(transcript, archetype, objections=objections)
    turns = _turns(transcript)
    crit = rubric(archetype)
    from ._prompt import render_prompt_template

    prompt = render_prompt_template(
        "score_transcript",
        archetype=parse_archetype(archetype),
        criteria=crit,
        objections=list(objections),
        transcript="\n".join(f"{'TRAINEE' if r == 'learner' else 'PERSONA'}: {t}" for r, t in turns),
    )
    messages = [
        {
            "role": "system",
            "content": "You assess trainees' role-play conversations fairly and with evidence.",
        },
        {"role": "user", "content": prompt},
    ]
    try:
        reply = await asyncio.wait_for(
            llm_client.achat_json(messages, JudgeReply, temperature=0.0), timeout_s
        )
    except (LLMError, TimeoutError) as exc:
        off = score_offline(transcript, archetype, objections=objections)
        off.fallback = getattr(exc, "message", None) or f"LLM judge timed out after {timeout_s:g} s"
        return off
    said = " ".join(t for r, t in turns if r == "learner").lower()
    by_id = {c.id: c for c in reply.criteria}
    out = []
    for c in crit:
        j = by_id.get(c["id"])
        if j is None:
            out.append(
                CriterionScore(c["id"], c["label"], float(c.get("weight", 1.0)), 0.0, [], "not judged")
            )
            continue
        # Evidence must be the trainee's own words; quotes the judge invented are dropped.
        quotes = [q for q in j.evidence if q.strip() and q.strip().lower().strip('"') in said]
        out.append(
            CriterionScore(
                c["id"], c["label"], float(c.get("weight", 1.0)), round(j.score, 2), quotes, j.rationale
            )
        )
    return TraineeScore(parse_archetype(archetype), _overall(out), out, "llm", len(turns))


def score_transcript(transcript: Sequence[dict[str, Any]], archetype: str, **kwargs: Any) -> TraineeScore:
    """Synchronous :func:`ascore_transcript`."""
    return asyncio.run(ascore_transcript(transcript, archetype, **kwargs))
