"""Golden role-play personas: seed 004's ``PersonaInstance`` JSON must not change a byte
while the persona model is refactored (issue 11).

``data/golden_instances.json`` pins the JSON of seeded offline personas for every example
template (two modes, with and without a gender) and of two cluster personas turned into
role-play personas. Only ``generation_metadata.timings`` (wall-clock times) is left out
and a generated persona's fresh ``id`` is pinned as a uuid4.
Regenerate only on purpose: ``PYTHONPATH=src python -m tests.scenarios.test_golden``.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

from synthpersona.examples import EXAMPLES_DIR
from synthpersona.model import NO_SEGMENT, RolePlayPersonaFacts
from synthpersona.scenarios import PersonaGenerator, PersonaInstance, from_cluster_persona, load_template

GOLDEN = Path(__file__).parent / "data" / "golden_instances.json"
CHAT_PERSONAS = Path(__file__).parents[1] / "chat" / "data" / "personas.json"
CASES = [("assess_mode", None, 0), ("learn_mode", "Female", 3)]


def _json(p: PersonaInstance, fresh_id: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(p.model_dump_json())
    out["generation_metadata"].pop("timings", None)
    if fresh_id:  # a generated persona gets a fresh uuid4 (only its form is pinned)
        assert uuid.UUID(out["id"]).version == 4
        out["id"] = "<uuid4>"
    return out


def compute() -> dict[str, Any]:
    """The personas of today's code, keyed by how they were made."""
    out: dict[str, Any] = {}
    paths = sorted(p for p in (EXAMPLES_DIR / "scenarios").iterdir() if p.suffix in {".json", ".yaml"})
    for path in paths:
        template = load_template(path)
        for mode, gender, seed in CASES:
            gen = PersonaGenerator(random_state=seed)
            persona = asyncio.run(gen.generate_persona(template, mode, gender))
            out[f"{path.stem}:{mode}:{gender}:{seed}"] = _json(persona)
    cluster = json.loads(CHAT_PERSONAS.read_text("utf-8"))
    for i in (0, 21):
        out[f"cluster:{i}"] = _json(from_cluster_persona(cluster[i], random_state=i), fresh_id=False)
    return out


def test_role_play_personas_are_unchanged() -> None:
    golden = json.loads(GOLDEN.read_text("utf-8"))
    now = json.loads(json.dumps(compute()))
    assert list(now) == list(golden)
    for key, want in golden.items():
        assert now[key] == want, key
        assert list(now[key]) == list(want), f"{key}: field order"


def test_each_instance_is_a_view_over_one_core_persona() -> None:
    """Reading an instance into the core persona and writing it back gives the same JSON."""
    for key, data in json.loads(GOLDEN.read_text("utf-8")).items():
        core = PersonaInstance.model_validate(data).to_persona()
        assert isinstance(core.facts, RolePlayPersonaFacts) and core.segment_id == NO_SEGMENT
        assert (core.name, core.title, core.narrative) == (data["name"], data["role"], data["description"])
        again = json.loads(PersonaInstance.from_persona(core).model_dump_json())
        assert again == data and list(again) == list(data), key


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(compute(), ensure_ascii=False, indent=1) + "\n", "utf-8")
