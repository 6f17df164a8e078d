"""The chat is a view over the core persona model: a run's personas chat the same whether the
chat gets the core ``Persona``, the stored run (JSON plus the anchor's scores it keeps) or a run
stored before the scores were kept (JSON alone)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from synthpersona.chat import OfflineEngine, PersonaView, focus_group
from synthpersona.config import Settings
from synthpersona.model import Persona
from synthpersona.population import generate
from synthpersona.store import Store
from synthpersona.usecases.chat import ChatService
from synthpersona.usecases.goals import GoalRun, run_goal
from synthpersona.usecases.service import PERSONA_VALUES_KIND, RunService, persona_values
from synthpersona.views import seed000

QUESTIONS = [
    "Tell me about yourself.",
    "Would you pay ₹30,000 for a phone on EMI?",
    "Which brands do you like?",
]


@pytest.fixture(scope="module")
def goal_run() -> GoalRun:
    # a generated population is synthetic: shown as built (a user population's runs are stored
    # protected, tests/api/test_protected_personas.py)
    return run_goal(
        "women in tier-1 cities", k_max=3, population=generate(3_000, random_state=1), k_anonymity=None
    )


def _pairs(run: GoalRun) -> list[tuple[Persona, dict]]:
    return [(p, seed000.persona(p, run.segment(cid))) for cid, plist in run.personas.items() for p in plist]


def test_the_view_of_a_core_persona_is_the_view_of_its_json(goal_run: GoalRun) -> None:
    engine = OfflineEngine()
    for p, shown in _pairs(goal_run):
        core = PersonaView.from_persona(p, segment=goal_run.segment(p.segment_id))
        stored = PersonaView.from_dict(shown, seed000.persona_values(p))
        old = PersonaView.from_dict(shown)  # a run stored before the scores were kept
        assert vars(core) == vars(stored) == vars(old)
        # the trait words the stored scores give are the words the JSON shows
        back = seed000.read_persona(shown, seed000.persona_values(p))
        assert seed000.trait_words(back) == shown["personality_traits"]
        assert back.attributes["tech_savviness"] == p.attributes["tech_savviness"]
        assert seed000.trait_words(seed000.read_persona(shown)) is None  # JSON alone has words only
        for q in QUESTIONS:
            assert engine.reply(core, q).to_dict() == engine.reply(shown, q).to_dict()


def test_a_core_persona_of_any_workflow_can_chat() -> None:
    p = Persona("roleplay-1", -1, "Meera Iyer", title="Bank customer", attributes={"age": 44, "city": "Pune"})
    reply = OfflineEngine().reply(p, "How old are you and where do you live?")
    assert "44" in reply.response and "Pune" in reply.response
    (answer,) = focus_group([p], "Would you pay ₹30,000 for a phone?")
    assert answer.persona_name == "Meera Iyer — Bank customer" and answer.cluster_id == -1


def test_a_stored_run_keeps_the_scores_and_an_old_one_still_chats(tmp_path: Path, goal_run: GoalRun) -> None:
    store = Store("sqlite://")
    runner = functools.partial(run_goal, population=generate(3_000, random_state=1), k_anonymity=None)
    runs = RunService(store, runner=runner, settings=Settings(home=tmp_path))
    try:
        run, _ = runs.generate("women in tier-1 cities", k_max=3)
        kept = persona_values(store, run.run_id)
        p, shown = _pairs(goal_run)[0]
        assert kept[p.persona_id] == json.loads(json.dumps(seed000.persona_values(p)))
        new = ChatService(store, group_commit=False).chat(p.persona_id, QUESTIONS[1], run_id=run.run_id)
        # a run stored before the scores were kept: its personas read from their JSON alone
        store.delete_document(PERSONA_VALUES_KIND, run.run_id)
        assert persona_values(store, run.run_id) == {}
        old = ChatService(store, group_commit=False).chat(p.persona_id, QUESTIONS[1], run_id=run.run_id)
        assert new.response == old.response == OfflineEngine().reply(shown, QUESTIONS[1]).response
        runs.delete_run(run.run_id)
        assert persona_values(store, run.run_id) == {}
    finally:
        runs.shutdown()
