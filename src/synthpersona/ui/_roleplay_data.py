"""Role-play glue for the UI: the scenario facts as form fields a trainer can correct, and back.

The fields are read from :class:`synthpersona.scenarios.ScenarioFacts` itself (type, allowed
values, description), so a field added there appears in the form without a change here.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from synthpersona.errors import InputError
from synthpersona.scenarios import ScenarioFacts

if TYPE_CHECKING:
    from synthpersona.usecases.jobs import JobContext

__all__ = [
    "DRAFT_STEPS",
    "LIST_SEPARATOR",
    "FactField",
    "draft_from_result",
    "draft_job",
    "fact_fields",
    "facts_from_form",
    "form_values",
    "read_scenario",
]

#: The stages of reading a scenario, as the draft job reports them (an example skips drafting).
DRAFT_STEPS = ("Drafting a template from the text", "Reading the facts it states")

LIST_SEPARATOR = ";"  # list items may contain commas ("the EMI and what his relatives think, …")
# The scenario's own sentences (shown as text, not edited field by field) and why the domain was
# chosen (read, not edited: a trainer corrects the domain itself).
_HIDDEN = {"about", "domain_evidence"}


@dataclass(frozen=True)
class FactField:
    """One editable fact: its name, label, kind (text, number, yes/no, choice, list) and choices."""

    name: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()
    help: str = ""


def _kind(annotation: Any) -> tuple[str, tuple[str, ...]]:
    inner = annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = args[0] if len(args) == 1 else annotation
    if typing.get_origin(inner) is list:
        return "list", ()
    if typing.get_origin(inner) is typing.Literal:
        return "choice", tuple(str(a) for a in typing.get_args(inner))
    if inner is bool:
        return "yes/no", ()
    if inner is int:
        return "number", ()
    return "text", ()


def fact_fields() -> list[FactField]:
    """Every fact a trainer may correct, in the model's order.

    Examples
    --------
    >>> fields = {f.name: f for f in fact_fields()}
    >>> fields["age"].kind, fields["married"].kind, fields["family"].kind, "Male" in fields["gender"].choices
    ('number', 'yes/no', 'list', True)
    """
    out = []
    for name, info in ScenarioFacts.model_fields.items():
        if name in _HIDDEN:
            continue
        kind, choices = _kind(info.annotation)
        label = (info.description or name.replace("_", " ")).strip()
        out.append(FactField(name, label[:1].upper() + label[1:], kind, choices, info.description or ""))
    return out


def form_values(facts: ScenarioFacts) -> dict[str, str]:
    """The facts as the form's text values (lists joined with ``;``, blanks for not stated)."""
    data = facts.model_dump(mode="json")
    values = {}
    for field in fact_fields():
        value = data.get(field.name)
        if value is None:
            values[field.name] = ""
        elif field.kind == "list":
            values[field.name] = f"{LIST_SEPARATOR} ".join(str(v) for v in value)
        elif field.kind == "yes/no":
            values[field.name] = "yes" if value else "no"
        else:
            values[field.name] = str(value)
    return values


def facts_from_form(
    values: dict[str, str], about: str = "", read: ScenarioFacts | None = None
) -> ScenarioFacts:
    """The trainer's corrected form as facts; a wrong value is an ``InputError`` naming the field.

    ``read`` are the facts as read from the text: the fields the form does not show (the domain's
    evidence) come from them, so a domain the trainer changed is taken as sure.

    Examples
    --------
    >>> f = facts_from_form({"counterpart": "a worried father", "age": "41", "married": "yes",
    ...                      "family": "wife; two daughters"})
    >>> f.counterpart, f.age, f.married, f.family
    ('a worried father', 41, True, ['wife', 'two daughters'])
    >>> facts_from_form({"age": "forty"})
    Traceback (most recent call last):
    ...
    synthpersona.errors.InputError: Age: 'forty' is not a whole number.
    """
    data: dict[str, Any] = {"about": about}
    if read is not None:
        data.update({name: getattr(read, name) for name in _HIDDEN if name != "about"})
        data["about"] = about or read.about
    kinds = {f.name: f for f in fact_fields()}
    for name, raw in values.items():
        field = kinds.get(name)
        text = str(raw or "").strip()
        if field is None or not text:
            continue
        if field.kind == "list":
            data[name] = [v.strip() for v in text.split(LIST_SEPARATOR) if v.strip()]
        elif field.kind == "yes/no":
            data[name] = text.lower() in ("yes", "true", "1")
        elif field.kind == "number":
            if not text.isdigit():
                raise InputError(f"{field.label}: {text!r} is not a whole number.", details={"field": name})
            data[name] = int(text)
        else:
            data[name] = text
    try:
        return ScenarioFacts.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{kinds[str(e['loc'][0])].label if str(e['loc'][0]) in kinds else e['loc'][0]}: {e['msg']}"
            for e in exc.errors()
        )
        raise InputError(f"Some facts cannot be used: {problems}.", details={"errors": problems}) from None


def read_scenario(
    template_path: str | None, text: str, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Read a scenario (an example file, else free text): its template and the facts it states, as JSON.

    Runs in a draft job's child process (drafting from text may load a model or call an LLM).
    """
    import asyncio

    from synthpersona.usecases import scenarios

    step = progress or (lambda _name: None)
    if template_path:
        template = scenarios.load_template_file(Path(template_path))
    else:
        step(DRAFT_STEPS[0])
        template = asyncio.run(scenarios.draft_template_from_text(text))
    step(DRAFT_STEPS[1])
    facts = scenarios.extract_template_facts(template)
    return {
        "template": template.model_dump(mode="json"),
        "facts": facts.model_dump(mode="json"),
        "source": str(template_path or text),
    }


def draft_job(template_path: str | None, text: str) -> Callable[[JobContext], dict[str, Any]]:
    """The reading of a scenario as a job; its result is the draft (:func:`draft_from_result`)."""

    def work(ctx: JobContext) -> dict[str, Any]:
        return ctx.run(read_scenario, template_path, text, progress=ctx.progress)

    return work


def draft_from_result(result: dict[str, Any]) -> dict[str, Any] | None:
    """A draft job's result as the page holds it (typed template and facts), ``None`` when it has none.

    Examples
    --------
    >>> draft_from_result({}) is None
    True
    """
    from synthpersona.scenarios import ScenarioTemplate

    if not result.get("template"):
        return None
    return {
        "template": ScenarioTemplate.model_validate(result["template"]),
        "facts": ScenarioFacts.model_validate(result["facts"]),
        "source": str(result["source"]),
    }
