"""Role-play steps as jobs: generating the persona, the persona's replies and the scoring.

Each can call a language model (a slow endpoint takes many seconds), so none runs in the
page: the heavy call runs in the job runner's child process (:meth:`JobContext.run`, with the
time and memory budgets and Cancel), the job thread stores what it made (the role-play
record, the conversation, the trainee's score) and the page polls the job (``?job=`` in the
URL, restored on refresh). The child functions take and return JSON-safe values only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthpersona.usecases.jobs import JobContext

__all__ = [
    "GENERATE_STEPS",
    "REPLY_STEP",
    "SCORE_STEP",
    "generate_job",
    "generate_persona",
    "persona_reply",
    "reply_job",
    "score_conversation",
    "score_job",
]

#: The stages of generating a role-play persona (the first only when the trainer corrected facts).
#: The second is one call (categories, details and prompt are written together): no item count.
GENERATE_STEPS = (
    "Applying the corrected facts to the scenario",
    "Choosing categories, generating details and writing the prompt (one call)",
)
REPLY_STEP = "Waiting for the persona's reply"
SCORE_STEP = "Scoring the conversation against the rubric (one call)"
ROLEPLAY_KIND = "ui_roleplay"  # the page's record of a role-play (ui._persist.ROLEPLAY_KIND)
Step = Callable[[str], None]


def generate_persona(
    template: dict[str, Any],
    facts: dict[str, Any],
    mode: str,
    gender: str | None,
    seed: int,
    progress: Step | None = None,
) -> dict[str, Any]:
    """The persona of a scenario with the trainer's facts, and its system prompt (JSON).

    Runs in a job's child process (it may load a model or call a language model).
    """
    from synthpersona.scenarios import ScenarioFacts, ScenarioTemplate
    from synthpersona.usecases import scenarios

    step = progress or (lambda _name: None)
    tpl = ScenarioTemplate.model_validate(template)
    wanted = ScenarioFacts.model_validate(facts)
    if wanted != scenarios.extract_template_facts(tpl):  # corrected by the trainer
        step(GENERATE_STEPS[0])
        tpl = scenarios.apply_facts(tpl, wanted)
    step(GENERATE_STEPS[1])
    result = scenarios.generate_prompt(tpl, mode=mode, gender=gender, random_state=seed, facts=wanted)
    return {
        "persona": result.persona.model_dump(mode="json"),
        "system_prompt": result.system_prompt,
        "engine": result.prompt_engine,
        "facts": wanted.model_dump(mode="json"),
    }


def generate_job(
    template: dict[str, Any],
    facts: dict[str, Any],
    mode: str,
    gender: str | None,
    seed: int,
    *,
    inputs: dict[str, Any],
    now: Callable[[], str],
) -> Callable[[JobContext], dict[str, Any]]:
    """Generating a persona as a job: the role-play record is stored; the result names it (``rp_id``)."""

    def work(ctx: JobContext) -> dict[str, Any]:
        made = ctx.run(generate_persona, template, facts, mode, gender, seed, progress=ctx.progress)
        persona = made["persona"]
        rp_id = str(persona["id"])
        ctx.store.put_document(
            ROLEPLAY_KIND,
            rp_id,
            {
                "rp_id": rp_id,
                "title": f"{persona['name']}, {persona['role']}",
                "created_at": now(),
                "persona": persona,
                "system_prompt": made["system_prompt"],
                "engine": made["engine"],
                "facts": made["facts"],
                "history": [],
                "inputs": dict(inputs),
            },
        )
        return {"rp_id": rp_id}

    return work


def _turns(history: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"role": str(t["role"]), "message": str(t["message"])} for t in history]


def persona_reply(
    persona: dict[str, Any], system_prompt: str, message: str, history: list[dict[str, str]]
) -> dict[str, str]:
    """The persona's answer to ``message`` in character (JSON). Runs in a job's child process."""
    from synthpersona.scenarios import PersonaInstance
    from synthpersona.usecases import scenarios

    reply = scenarios.roleplay_reply(
        PersonaInstance.model_validate(persona), system_prompt, message, history=history
    )
    return {"response": reply.response, "engine": reply.engine}


def reply_job(rp_id: str, message: str) -> Callable[[JobContext], dict[str, Any]]:
    """One turn of the practice conversation as a job: the record's conversation gets both messages.

    The message is stored with the answer only, so a failed or cancelled reply leaves the
    conversation as it was (the trainee sends it again).
    """

    def work(ctx: JobContext) -> dict[str, Any]:
        ctx.progress(REPLY_STEP)
        doc = ctx.store.get_document(ROLEPLAY_KIND, rp_id)
        history = list(doc.get("history") or [])
        answer = ctx.run(persona_reply, doc["persona"], doc["system_prompt"], message, _turns(history))
        doc = ctx.store.get_document(ROLEPLAY_KIND, rp_id)  # as it is now (a score may have been kept)
        doc["history"] = [
            *history,
            {"role": "user", "message": message},
            {"role": "persona", "message": answer["response"], "engine": answer["engine"]},
        ]
        ctx.store.put_document(ROLEPLAY_KIND, rp_id, doc)
        return {"rp_id": rp_id}

    return work


def score_conversation(conversation: list[dict[str, str]], persona: dict[str, Any]) -> dict[str, Any]:
    """The conversation scored against the persona's archetype rubric (JSON). Runs in a child process."""
    from synthpersona.scenarios import PersonaInstance
    from synthpersona.usecases import scenarios

    return scenarios.score_roleplay(conversation, persona=PersonaInstance.model_validate(persona))


def score_job(rp_id: str, trainee: str | None) -> Callable[[JobContext], dict[str, Any]]:
    """Scoring the conversation as a job; with a trainee id the score is kept for their progress.

    The score is also kept with the role-play record, so its link shows it again.
    """

    def work(ctx: JobContext) -> dict[str, Any]:
        ctx.progress(SCORE_STEP)
        doc = ctx.store.get_document(ROLEPLAY_KIND, rp_id)
        score = ctx.run(score_conversation, _turns(list(doc.get("history") or [])), doc["persona"])
        score["trainee_id"] = trainee or None
        if trainee:
            ctx.store.put_score(score)
        doc = ctx.store.get_document(ROLEPLAY_KIND, rp_id)
        doc["score"] = score
        ctx.store.put_document(ROLEPLAY_KIND, rp_id, doc)
        return {"rp_id": rp_id, "score": score}

    return work
