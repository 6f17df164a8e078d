"""Shared fixtures: the example templates and a persona cache (embedding selection is the slow part)."""

from __future__ import annotations

import asyncio

import pytest

from synthpersona.examples import EXAMPLES_DIR
from synthpersona.scenarios import PersonaGenerator, PersonaInstance, ScenarioTemplate, load_template

EXAMPLES = EXAMPLES_DIR / "scenarios"


@pytest.fixture(scope="session")
def templates() -> dict[str, ScenarioTemplate]:
    return {p.stem: load_template(p) for p in sorted(EXAMPLES.iterdir()) if p.suffix in {".json", ".yaml"}}


def _generate(
    template: ScenarioTemplate, mode: str = "assess_mode", seed: int = 0, **kw: object
) -> PersonaInstance:
    return asyncio.run(PersonaGenerator(random_state=seed).generate_persona(template, mode, **kw))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def generate():  # type: ignore[no-untyped-def]
    """``generate(template, mode="assess_mode", seed=0, **kw)`` -> PersonaInstance (offline engine)."""
    return _generate
