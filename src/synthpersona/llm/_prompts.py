"""Versioned prompt templates shipped beside the LLM client."""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template

__all__ = ["render"]


@cache
def _template(name: str) -> Template:
    text = resources.files("synthpersona.llm").joinpath("prompts", f"{name}.txt").read_text(encoding="utf-8")
    return Template(text.strip())


def render(name: str, **values: str) -> str:
    """Render ``prompts/<name>.txt`` with ``$placeholders`` filled from ``values``."""
    return _template(name).substitute(**values)
