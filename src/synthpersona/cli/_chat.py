"""``synthpersona chat``: ask one persona, or all personas of a run (a focus group), a question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from synthpersona.errors import InputError
from synthpersona.segmentation import ClusteringParams

_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object


_STANCE_STYLE = {"positive": "green", "neutral": "yellow", "negative": "red", "none": "dim"}


def _personas_from_file(path: Path) -> list[dict[str, Any]]:
    """Personas from a JSON file: a list, ``{"personas": [...]}`` or ``segment --out``'s personas.json."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"--personas {str(path)!r} is not a readable JSON file: {exc}") from exc
    if isinstance(data, dict) and "personas" in data:
        data = data["personas"]
    elif isinstance(data, dict):  # {cluster_id: {"personas": [...]}}
        data = [p for v in data.values() if isinstance(v, dict) for p in v.get("personas", [])]
    if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
        raise InputError(
            f"--personas {str(path)!r} holds no personas; give a JSON list of personas, "
            "or the personas.json written by 'synthpersona segment --out'."
        )
    return data


def _personas_of_goal(goal: str, k_max: int, seed: int) -> list[dict[str, Any]]:
    from synthpersona.usecases.goals import run_goal  # heavy: imported only when needed

    run = run_goal(goal, k_max=k_max, random_state=seed)
    return [p for cid in sorted(run.personas) for p in run.personas_response(cid)["personas"]]


def _table(question: str, answers: list[dict[str, Any]], stances: dict[str, int]) -> Table:
    counts = " • ".join(f"{k} {v}" for k, v in stances.items() if v)
    table = Table(title=f"Focus group: {question}", caption=counts, show_lines=True)
    for col in ("persona", "segment", "stance", "answer"):
        table.add_column(col, overflow="fold")
    for a in answers:
        style = _STANCE_STYLE.get(a["stance"], "dim")
        table.add_row(
            f"{a['persona_id']}\n{a['persona_name']}",
            a["segment"],
            f"[{style}]{a['stance']}[/{style}]",
            a["response"],
        )
    return table


# --- the options of ``chat`` --------------------------------------------------------------------

Message = Annotated[str, typer.Argument(help='The question, e.g. "Would you pay ₹75,000 on a 12-month EMI?"')]
Goal = Annotated[str | None, typer.Option("--goal", "-g", help="Personas of this goal's run.")]
PersonasFile = Annotated[
    Path | None,
    typer.Option("--personas", help="Personas from a JSON file (e.g. personas.json of 'segment --out')."),
]
PersonaId = Annotated[str | None, typer.Option("--persona", "-p", help="Ask this persona, e.g. dyn_1_0.")]
AskAll = Annotated[bool, typer.Option("--all", help="Ask every persona (a focus group).")]
KMax = Annotated[int, typer.Option("--k-max", help="Largest number of clusters to try (with --goal).")]
Seed = Annotated[int, typer.Option("--random-state", "--seed", help="random_state of the run (with --goal).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the answers as JSON.")]


def register(app: typer.Typer) -> None:
    """Add the ``chat`` command to ``app``."""
    app.command("chat")(chat_cmd)


def chat_cmd(
    message: Message,
    goal: Goal = None,
    personas_file: PersonasFile = None,
    persona: PersonaId = None,
    ask_all: AskAll = False,
    k_max: KMax = _DEFAULTS.k_max,
    seed: Seed = 0,
    as_json: AsJson = False,
) -> None:
    """Ask a persona a question; with --all, ask every persona and tabulate their stances."""
    if (goal is None) == (personas_file is None):
        raise InputError('Give the personas with --goal "..." or --personas FILE (one of the two).')
    if ask_all == (persona is not None):
        raise InputError("Choose --persona ID for one persona or --all for a focus group.")
    from synthpersona.config import get_settings
    from synthpersona.usecases import chat as chat_uc

    console = Console(stderr=as_json)
    personas = _asked(_personas(console, goal, personas_file, k_max, seed), persona)
    # The configured LLM endpoint answers when there is one (the offline engine otherwise).
    result = chat_uc.focus_group(personas, message, settings=get_settings()).to_dict()
    _show(console, message, result, ask_all, as_json)


def _personas(
    console: Console, goal: str | None, personas_file: Path | None, k_max: int, seed: int
) -> list[dict[str, Any]]:
    """The personas given: from ``--personas FILE`` or built from ``--goal``."""
    if personas_file is not None:
        return _personas_from_file(personas_file)
    assert goal is not None
    with console.status("Building the personas of the goal…"):
        return _personas_of_goal(goal, k_max, seed)


def _asked(personas: list[dict[str, Any]], persona: str | None) -> list[dict[str, Any]]:
    """Every persona (``--all``), or the one ``--persona`` names."""
    if persona is None:
        return personas
    ids = [str(p.get("persona_id")) for p in personas]
    if persona not in ids:
        raise InputError(f"No persona {persona!r} in this run; choose one of: {', '.join(ids)}.")
    return [personas[ids.index(persona)]]


def _show(console: Console, message: str, result: dict[str, Any], ask_all: bool, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result if ask_all else result["answers"][0], indent=2, ensure_ascii=False))
    elif ask_all:
        console.print(_table(message, result["answers"], result["stances"]))
    else:
        a = result["answers"][0]
        console.print(f"[bold]{a['persona_name']}[/bold] ({a['stance']}): {a['response']}")
