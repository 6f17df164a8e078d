"""``synthpersona scenario``: role-play personas, system prompts and template drafts."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from synthpersona._files import atomic_write_text
from synthpersona.cli._stdin import file_or_stdin
from synthpersona.errors import NotFoundError
from synthpersona.scenarios import GENDERS, GENERATION_ENGINES, Archetype, Mode
from synthpersona.usecases import scenarios as uc

_MODE_HELP = " or ".join((", ".join(m.value for m in list(Mode)[:-1]), list(Mode)[-1].value))
_ENGINES = [f"{name} ({note})" if note else name for name, note in GENERATION_ENGINES.items()]
_ENGINE_HELP = f"{', '.join(_ENGINES[:-1])} or {_ENGINES[-1]}"
_GENDER_HELP = f"{', '.join(GENDERS[:-1])} or {GENDERS[-1]}"
_ARCHETYPE_HELP = ", ".join(a.value for a in Archetype)


def _render_persona(p: Any, console: Console) -> None:
    loc = p.location
    console.print(
        Panel.fit(
            f"[bold]{p.name}[/bold], {p.age}, {p.gender} — {p.role}\n"
            f"{', '.join(x for x in (loc.specific_area, loc.city, loc.state) if x)} • "
            f"now: {loc.current_physical_location}\n"
            f"{uc.archetype_label(p.archetype)} ({p.archetype_confidence:.0%} sure) • mode {p.mode} • "
            f"engine {p.generation_metadata.get('engine')} • seed "
            f"{p.generation_metadata.get('random_state')}",
            title=f"{p.persona_type} • {p.scenario_type}",
        )
    )
    reasons = p.generation_metadata.get("category_reasons", {})
    for name, fields in p.detail_categories.items():
        table = Table(
            title=f"{name}  [dim]{reasons.get(name, '')}[/dim]", show_header=False, title_justify="left"
        )
        table.add_column("field", style="cyan")
        table.add_column("value")
        for k, v in fields.items():
            table.add_row(k, ", ".join(map(str, v)) if isinstance(v, list) else str(v))
        console.print(table)
    failed = p.generation_metadata.get("failed_categories") or {}
    for name, why in failed.items():
        console.print(f"[yellow]category {name} failed:[/yellow] {why}")


# --- the options of the ``scenario`` commands (module-level, as in every CLI module) ----------------

# shared by `scenario persona` and `scenario prompt` (one declaration, one help text)
Template = Annotated[
    Path, typer.Option("--template", "-t", help="Scenario template (.json/.yaml; - reads stdin)")
]
ScenarioMode = Annotated[str, typer.Option("--mode", "-m", help=_MODE_HELP)]
Gender = Annotated[str | None, typer.Option("--gender", help=_GENDER_HELP)]
CustomPrompt = Annotated[str | None, typer.Option("--prompt", help="Custom instructions for the persona")]
Seed = Annotated[
    int | None, typer.Option("--random-state", "--seed", help="Random seed: same seed, same persona")
]
Engine = Annotated[str, typer.Option("--engine", help=_ENGINE_HELP)]
# scenario persona
Categories = Annotated[
    Path | None, typer.Option("--categories", help="Extra detail categories (.yaml/.json)")
]
FactsFile = Annotated[
    Path | None,
    typer.Option(
        "--facts", help="Reviewed facts JSON (from 'scenario facts --out', corrected): fixed inputs"
    ),
]
PersonaJson = Annotated[bool, typer.Option("--json", help="Print the PersonaInstance as JSON")]
PersonaOut = Annotated[Path | None, typer.Option("--out", "-o", help="Also write the persona JSON here")]
# scenario prompt
GivenPersona = Annotated[Path | None, typer.Option("--persona", help="Use this persona JSON instead")]
PromptJson = Annotated[bool, typer.Option("--json", help="Print persona + system prompt as JSON")]
PromptOut = Annotated[Path | None, typer.Option("--out", "-o", help="Write the system prompt to this file")]
# scenario template
FromText = Annotated[
    Path, typer.Option("--from-text", help="Free-text scenario document (.txt/.md; - reads stdin)")
]
TemplateId = Annotated[str | None, typer.Option("--id", help="template_id to use")]
TemplateOut = Annotated[Path | None, typer.Option("--out", "-o", help="Write the template JSON here")]
TemplateJson = Annotated[
    bool, typer.Option("--json", help="Print the template JSON (the default without --out; also with it)")
]
# scenario facts
ScenarioText = Annotated[str, typer.Argument(help="The scenario text, a text file, or - for stdin")]
FactsJson = Annotated[bool, typer.Option("--json", help="Print the facts as JSON")]
FactsOut = Annotated[Path | None, typer.Option("--out", "-o", help="Write the facts JSON here (to correct)")]
# scenario score / progress
Transcript = Annotated[Path, typer.Argument(help="Role-play JSON: a list of {role: user|persona, message}")]
ArchetypeName = Annotated[str | None, typer.Option("--archetype", help=_ARCHETYPE_HELP)]
MetPersona = Annotated[Path | None, typer.Option("--persona", help="The persona JSON the trainee met")]
StoreUnder = Annotated[
    str | None,
    typer.Option("--trainee", help="Store the score under this trainee id (see 'scenario progress')"),
]
ScoreJson = Annotated[bool, typer.Option("--json", help="Print the score as JSON")]
Trainee = Annotated[str, typer.Argument(help="The trainee id the role-plays were scored under")]
ProgressJson = Annotated[bool, typer.Option("--json", help="Print the progress as JSON")]


def persona(
    template: Template,
    mode: ScenarioMode = "assess_mode",
    gender: Gender = None,
    prompt: CustomPrompt = None,
    seed: Seed = None,
    engine: Engine = "auto",
    categories: Categories = None,
    facts_file: FactsFile = None,
    as_json: PersonaJson = False,
    out: PersonaOut = None,
) -> None:
    """Generate a role-play persona for a scenario template."""
    facts = uc.read_facts(_read_json(facts_file, "facts"), str(facts_file)) if facts_file else None
    with file_or_stdin(template, ".yaml") as path:
        tpl = uc.load_template_file(path)
    console = Console(stderr=as_json)
    with console.status("Generating persona..."):
        p = uc.generate_persona(
            tpl,
            mode,
            gender=gender,
            custom_prompt=prompt,
            random_state=seed,
            engine=engine,
            categories_file=categories,
            facts=facts,
        )
    data = json.dumps(p.model_dump(mode="json"), indent=2, ensure_ascii=False)
    if out:
        atomic_write_text(out, data)
    if as_json:
        typer.echo(data)
    else:
        _render_persona(p, console)


def prompt_cmd(
    template: Template,
    mode: ScenarioMode = "assess_mode",
    gender: Gender = None,
    prompt: CustomPrompt = None,
    seed: Seed = None,
    engine: Engine = "auto",
    persona_file: GivenPersona = None,
    as_json: PromptJson = False,
    out: PromptOut = None,
) -> None:
    """Generate a persona and its natural-language system prompt."""
    from synthpersona.scenarios import PersonaInstance

    with file_or_stdin(template, ".yaml") as path:
        tpl = uc.load_template_file(path)
    given = None
    if persona_file is not None:
        if not persona_file.is_file():
            raise NotFoundError(f"persona file {str(persona_file)!r} does not exist")
        given = PersonaInstance.model_validate_json(persona_file.read_text(encoding="utf-8"))
    with Console(stderr=True).status("Writing system prompt..."):
        result = uc.generate_prompt(
            tpl,
            mode,
            persona=given,
            gender=gender,
            custom_prompt=prompt,
            random_state=seed,
            engine=engine,
        )
    if out:
        atomic_write_text(out, result.system_prompt + "\n")
    if as_json:
        typer.echo(
            json.dumps(
                {**result.to_dict(), "persona": result.persona.model_dump(mode="json")},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        typer.echo(result.system_prompt)
    for check in result.checks:  # what a trainer should look at before using the prompt
        typer.echo(f"check: {check['kind']}: {check['message']}", err=True)


def template_cmd(
    from_text: FromText,
    template_id: TemplateId = None,
    engine: Engine = "auto",
    out: TemplateOut = None,
    as_json: TemplateJson = False,
) -> None:
    """Draft a scenario template from a free-text scenario."""
    if str(from_text) == "-":
        text = sys.stdin.read()
    elif not from_text.is_file():
        raise NotFoundError(f"scenario file {str(from_text)!r} does not exist; pass a text file")
    else:
        text = from_text.read_text(encoding="utf-8", errors="replace")
    tpl = asyncio.run(uc.draft_template_from_text(text, template_id=template_id, engine=engine))
    data = json.dumps(tpl.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False)
    if out:
        atomic_write_text(out, data + "\n")
        Console(stderr=True, quiet=as_json).print(f"template {tpl.template_id!r} written to {out}")
    if as_json or not out:
        typer.echo(data)


def facts_cmd(scenario: ScenarioText, as_json: FactsJson = False, out: FactsOut = None) -> None:
    """Show what a free-text scenario states: who the persona is (never the learner), family, money..."""
    text = _scenario_text(scenario)
    understood = asyncio.run(uc.understand_text(text, engine="offline"))
    facts = understood.facts.model_dump(mode="json")
    data = json.dumps(facts, indent=2, ensure_ascii=False)
    if out:
        atomic_write_text(out, data + "\n")
    if as_json:
        typer.echo(data)
        return
    table = Table(title=f"Scenario facts ({understood.template.template_id})", show_header=False)
    table.add_column("fact", style="cyan")
    table.add_column("value")
    for key, value in facts.items():
        if value in (None, [], "") or key == "about":
            continue
        table.add_row(key, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
    Console().print(table)


def score_cmd(
    transcript: Transcript,
    archetype: ArchetypeName = None,
    persona_file: MetPersona = None,
    engine: Engine = "auto",
    trainee: StoreUnder = None,
    as_json: ScoreJson = False,
) -> None:
    """Score a finished role-play against the archetype's rubric, with the trainee's words as evidence."""
    from synthpersona.errors import InputError
    from synthpersona.scenarios import PersonaInstance, parse_archetype

    conversation = _read_json(transcript, "transcript")
    if isinstance(conversation, dict):
        conversation = conversation.get("conversation_history") or conversation.get("conversation")
    if not isinstance(conversation, list) or not conversation:
        raise InputError(
            f"transcript {str(transcript)!r} holds no turns; give a JSON list of "
            '{"role": "user"|"persona", "message": "..."}'
        )
    persona = None
    if persona_file is not None:
        persona = PersonaInstance.model_validate(_read_json(persona_file, "persona"))
    arch = parse_archetype(archetype) if archetype else None
    kwargs: dict[str, Any] = {"persona": persona, "archetype": arch, "engine": engine}
    if trainee:
        with _store() as store:
            record = uc.score_roleplay(conversation, trainee_id=trainee, store=store, **kwargs)
    else:
        record = uc.score_roleplay(conversation, **kwargs)
    if as_json:
        typer.echo(json.dumps(record, indent=2, ensure_ascii=False))
        return
    title = f"Role-play ({uc.archetype_label(record['archetype'])}): {record['overall']}/100"
    table = Table(title=title, title_justify="left")
    for col in ("criterion", "score", "evidence"):
        table.add_column(col)
    for c in record["criteria"]:
        table.add_row(c["id"], f"{c['score']:.2f}", " | ".join(c.get("evidence") or [])[:160])
    Console().print(table)


def progress_cmd(trainee: Trainee, as_json: ProgressJson = False) -> None:
    """A trainee's scored role-plays over time, oldest first, and the change per criterion."""
    with _store() as store:
        progress = uc.trainee_progress(trainee, store)
    if as_json:
        typer.echo(json.dumps(progress, indent=2, ensure_ascii=False))
        return
    if not progress["sessions"]:
        typer.echo(
            f"No scored role-plays for trainee {trainee!r}; score one with 'scenario score --trainee'."
        )
        return
    criteria = sorted({k for s in progress["sessions"] for k in s["criteria"]})
    table = Table(title=f"Progress of {trainee}: {progress['n_sessions']} sessions", title_justify="left")
    for col in ("date", "kind of conversation", "overall", *criteria):
        table.add_column(col)
    for s in progress["sessions"]:
        scores = [f"{s['criteria'][c]:.2f}" if c in s["criteria"] else "" for c in criteria]
        kind = uc.archetype_label(s["archetype"])
        table.add_row(s["created_at"][:16], kind, f"{s['overall']:.0f}", *scores)
    Console().print(table)
    change = progress["overall_change"]
    typer.echo(f"overall change from first to latest session: {change:+.1f}")


#: The ``scenario`` commands, in the order the help lists them.
COMMANDS: dict[str, Callable[..., None]] = {
    "persona": persona,
    "prompt": prompt_cmd,
    "template": template_cmd,
    "facts": facts_cmd,
    "score": score_cmd,
    "progress": progress_cmd,
}


def register(app: typer.Typer) -> None:
    """Add the ``scenario`` command group."""
    group = typer.Typer(
        help="Role-play personas and system prompts for training scenarios (seed 004).", no_args_is_help=True
    )
    for name, command in COMMANDS.items():
        group.command(name)(command)
    app.add_typer(group, name="scenario")


@contextlib.contextmanager
def _store() -> Iterator[Any]:
    """The state store of the settings, closed afterwards."""
    from synthpersona.config import get_settings
    from synthpersona.store import Store

    store = Store.from_settings(get_settings())
    try:
        yield store
    finally:
        store.close()


def _scenario_text(arg: str) -> str:
    """The scenario from the argument: '-' reads stdin, an existing file is read, else the text itself."""
    import sys

    if arg == "-":
        return sys.stdin.read()
    path = Path(arg)
    if len(arg) < 260 and "\n" not in arg and path.suffix in {".txt", ".md"}:
        if not path.is_file():
            raise NotFoundError(f"scenario file {arg!r} does not exist; pass the text itself or a file")
        return path.read_text(encoding="utf-8", errors="replace")
    return arg


def _read_json(path: Path, what: str) -> Any:
    from synthpersona.errors import InputError

    if not path.is_file():
        raise NotFoundError(f"{what} file {str(path)!r} does not exist")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} file {str(path)!r} is not JSON ({exc.msg} at line {exc.lineno})") from exc
