"""Simulation glue for the UI: an A/B test of a product change as a job (run in its child process)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthpersona.usecases.datasets import Datasets
    from synthpersona.usecases.jobs import JobContext

__all__ = [
    "BEHAVIOUR_FILE",
    "BEHAVIOUR_KEYS",
    "BEHAVIOUR_STEPS",
    "BEHAVIOUR_VIEWS",
    "FIND_STEP",
    "SimulationRequest",
    "behaviour_figures",
    "behaviour_job",
    "converters_table",
    "earlier_upload",
    "find_job",
    "find_personas",
    "form_inputs",
    "simulation_id",
    "simulation_job",
    "simulation_outputs",
    "upload_id",
]

#: The stage of a find-personas job (one step: the log is loaded and its users clustered).
FIND_STEP = "Loading and clustering the log's users (one step)"
#: The behaviour analytics of the real log shown under a simulation: (key, stage label, view, options).
BEHAVIOUR_VIEWS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("graph", "transition graph", "graph", {"min_share": 0.05}),
    ("steps", "step matrix", "steps", {"max_steps": 8}),
    ("sankey", "step Sankey per persona", "sankey", {"group_by": "persona", "max_steps": 6}),
)
BEHAVIOUR_FILE = "behaviour.json"  # their figures (Plotly JSON), in the simulation's report folder
_CONVERTERS = "converters and the rest, step by step"  # the last stage: a table, not a figure
#: Their stages: one per view, counted.
BEHAVIOUR_STEPS = tuple(
    f"Behaviour of the real log: {label} ({i} of {len(BEHAVIOUR_VIEWS) + 1})"
    for i, label in enumerate([*(v[1] for v in BEHAVIOUR_VIEWS), _CONVERTERS], start=1)
)
#: What a complete behaviour.json holds.
BEHAVIOUR_KEYS = frozenset([*(v[0] for v in BEHAVIOUR_VIEWS), "converters"])
_AUTO_GOAL = "Let synthpersona choose"  # the goal picker's first choice
_NOT_EDITS = {
    "additional_steps",
    "friction_factor",
    "insert_before",
    "remove_steps",
    "personas",
    "description",
}

#: What the page asks: events path (None: the bundled sample), funnel, modification, users per
#: arm, seed, column mapping and goal event.
SimulationRequest = dict[str, Any]


def simulation_id(request: SimulationRequest) -> str:
    """The id of a simulation: the same request gives the same id (its report folder is reused).

    >>> simulation_id({"events": None, "funnel": [], "modification": {}, "n": 100, "seed": 0})
    '9ec406a1d97c501d'
    """
    r = request
    key = [r["events"], r["funnel"], r["modification"], r["n"], r["seed"], r.get("columns") or {}]
    key += [r["goal"]] if r.get("goal") else []
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:16]


def simulation_outputs(
    request: SimulationRequest, out_dir: Path, sim_id: str, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Run the simulation into ``out_dir``; what the page shows of it (JSON-safe, file paths relative).

    Runs in a job's child process: it reads the log and writes ``out_dir``, nothing else.
    """
    from synthpersona.reporting.simulation import recommendations
    from synthpersona.usecases import simulation

    goal = request.get("goal")
    run = simulation.run_simulation(
        request["events"],
        funnel=request["funnel"] or None,
        modification=request["modification"] or None,
        n_personas=request["n"],
        random_state=request["seed"],
        out_dir=out_dir,
        simulation_id=f"ui_{sim_id}",
        columns=request.get("columns"),
        completion_events=[goal] if goal else None,
        progress=progress,
    )
    out_file = out_dir / BEHAVIOUR_FILE
    behaviour_figures(request["events"], request.get("columns"), out_file, progress, goal=goal)
    files = {k: Path(v).relative_to(out_dir).as_posix() for k, v in run.files.items()}
    return {
        "description": run.experiment.modification.description,
        "stats": dict(run.experiment.stats),
        "significant": bool(run.experiment.significant),
        "experiment": run.experiment_table.to_dict(orient="records"),
        "personas": run.persona_summary.to_dict(orient="records"),
        "validation": run.validation.table.to_dict(orient="records") if run.validation else None,
        "validation_passed": bool(run.validation.passed) if run.validation else None,
        "recommendations": recommendations(run.experiment, (run.segments, run.personas), run.validation),
        "files": {**files, BEHAVIOUR_FILE: BEHAVIOUR_FILE},
        "funnel": list(run.funnel),
        "privacy": run.privacy.summary() if run.privacy else None,
    }


def behaviour_figures(
    path: str | None,
    columns: dict[str, str] | None,
    out_file: Path,
    progress: Callable[[str], None] | None = None,
    goal: str | None = None,
) -> None:
    """Write the behaviour analytics of the real log (transition graph, step matrix, step Sankey per
    persona) to ``out_file`` as Plotly JSON; one stage per view, counted ("2 of 3").

    Runs in a job's child process (a simulation's, or a behaviour job's for a simulation made
    before they were part of it). Written whole or not at all.
    """
    from synthpersona.usecases.behaviour import analyse

    figures: dict[str, Any] = {}
    for stage, (key, _label, view, options) in zip(BEHAVIOUR_STEPS, BEHAVIOUR_VIEWS, strict=False):
        if progress is not None:
            progress(stage)
        figures[key] = analyse(view, path, columns=columns, **options).figure().to_json()
    if progress is not None:
        progress(BEHAVIOUR_STEPS[-1])
    figures["converters"] = converters_table(path, goal, columns)
    part = out_file.with_name(out_file.name + ".part")
    part.write_text(json.dumps(figures), encoding="utf-8")
    part.replace(out_file)  # a reader sees the whole file or none


def converters_table(path: str | None, goal: str | None, columns: dict[str, str] | None) -> dict[str, Any]:
    """From which step the converters and the rest of the log move differently: the one-sentence
    answer and one row per step (JSON), from the behaviour analytics' ``compare`` view."""
    from synthpersona.analytics import STEP_TEST
    from synthpersona.usecases.behaviour import analyse

    view = analyse("compare", path, group_by="converted", target=goal or None, columns=columns or None)
    steps = view.table[view.table["test"] == STEP_TEST]
    rows = [
        {
            "Step": int(str(r["metric"]).split(":")[0].removeprefix("step ")),
            "Event differing most": str(r["metric"]).split(": ", 1)[1],
            "Converters": f"{r['value_a']:.1%}",
            "The rest": f"{r['value_b']:.1%}",
            "Difference (pp, 95 % CI)": f"{100 * r['difference']:+.1f} ({100 * r['ci_low']:+.1f} to "
            f"{100 * r['ci_high']:+.1f})",
            "BH-adjusted p": f"{r['p_adjusted']:.2g}",
            "Beyond chance": "yes" if r["significant"] else "no",
        }
        for r in steps.to_dict(orient="records")
    ]
    return {"answer": str(view.params["answer"]), "rows": rows}


def behaviour_job(
    sim_id: str, record: dict[str, Any], final: Path, keep: Callable[[str, dict[str, Any]], None]
) -> Callable[[JobContext], dict[str, Any]]:
    """The behaviour analytics of a stored simulation ``record`` as a job, written into its folder
    ``final``; the record then names the file (``keep(sim_id, record)``)."""

    def work(ctx: JobContext) -> dict[str, Any]:
        out = final / BEHAVIOUR_FILE
        params = record.get("params") or {}
        columns, goal = params.get("columns") or None, params.get("goal")
        ctx.run(behaviour_figures, record.get("events_path"), columns, out, progress=ctx.progress, goal=goal)
        keep(sim_id, {**record, "files": {**record.get("files", {}), BEHAVIOUR_FILE: str(out)}})
        return {"sim_id": sim_id}

    return work


def simulation_job(
    datasets: Datasets,
    request: SimulationRequest,
    final: Path,
    keep: Callable[[str, dict[str, Any]], None],
    now: Callable[[], str],
) -> Callable[[JobContext], dict[str, Any]]:
    """The work of a simulation as a job: simulated in the child process into a staging folder,
    moved to ``final`` when complete (a cancelled or failed run leaves the last one in place);
    ``keep(sim_id, record)`` stores the page's record, and the result names it."""
    from synthpersona.usecases.jobs import uninterruptible

    sim_id = simulation_id(request)

    def work(ctx: JobContext) -> dict[str, Any]:
        staging = datasets.staging_folder("ui-simulation")
        try:
            part = ctx.run(simulation_outputs, request, staging, sim_id, progress=ctx.progress)
            with uninterruptible():
                shutil.rmtree(final, ignore_errors=True)  # the same request run again: replaced
                final.parent.mkdir(parents=True, exist_ok=True)
                staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        events = request["events"]
        record = {
            "sim_id": sim_id,
            "created_at": now(),
            "source": Path(events).name if events else "bundled sample",
            "events_path": events,
            "params": {
                "funnel": request["funnel"],
                "modification": request["modification"],
                "n_personas": request["n"],
                "random_state": request["seed"],
                "columns": request.get("columns") or {},
                "goal": request.get("goal"),
            },
            **part,
            "files": {k: str(final / v) for k, v in part["files"].items()},
        }
        keep(sim_id, record)
        return {"sim_id": sim_id}

    return work


_UPLOAD_ID = re.compile(r"ui-[0-9a-f]{32}")  # the id Datasets.save_bytes gives a UI upload


def upload_id(path: str | Path | None) -> str | None:
    """The id of an event log uploaded in the UI (its folder's name), ``None`` for any other path.

    >>> upload_id("/data/datasets/ui-" + "0" * 32 + "/source.csv")
    'ui-00000000000000000000000000000000'
    >>> upload_id(None) is None, upload_id("/tmp/mine.csv") is None
    (True, True)
    """
    if not path:
        return None
    name = Path(path).parent.name
    return name if _UPLOAD_ID.fullmatch(name) else None


def earlier_upload(root: Path, log_id: str | None) -> Path | None:
    """The file of the UI upload ``log_id`` under the datasets folder ``root``, ``None`` when it is gone
    (or the id is not one: a link cannot point outside that folder)."""
    if not log_id or not _UPLOAD_ID.fullmatch(log_id):
        return None
    found = sorted(
        f for f in (root / log_id).glob("source.*") if f.is_file() and not f.name.endswith(".part")
    )
    return found[0] if found else None


def find_personas(
    path: str | None,
    funnel: list[str],
    columns: dict[str, str] | None,
    goal: str | None,
    seed: int,
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    """The behavioural personas a simulation with these settings finds (no chains fitted, nothing
    simulated), JSON-safe. Runs in a find job's child process."""
    from synthpersona.usecases.simulation import find_behaviour_personas

    if progress is not None:
        progress(FIND_STEP)
    found = find_behaviour_personas(
        path,
        funnel=funnel or None,
        columns=columns,
        completion_events=[goal] if goal else None,
        random_state=seed,
    )
    rows = found.to_dict(orient="records")
    plain: list[dict[str, Any]] = json.loads(json.dumps(rows, default=_plain))
    return plain


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else str(value)


def find_job(
    path: str | None,
    funnel: list[str],
    columns: dict[str, str] | None,
    goal: str | None,
    seed: int,
    *,
    key: str,
) -> Callable[[JobContext], dict[str, Any]]:
    """Finding the personas of a log as a job: its result is ``{"key": key, "personas": [...]}``."""

    def work(ctx: JobContext) -> dict[str, Any]:
        personas = ctx.run(find_personas, path, list(funnel), columns, goal, seed, progress=ctx.progress)
        return {"key": key, "personas": personas}

    return work


def form_inputs(params: dict[str, Any], path: str | None, funnel_key: str, goal_key: str) -> dict[str, Any]:
    """The simulation form's values (widget key → value) that give a simulation's ``params`` again.

    The target personas and transition edits come under ``_sim_personas`` and ``_sim_edits``
    (the page puts them in once their widgets can take them).

    Examples
    --------
    >>> params = {"funnel": ["landing", "signup"], "n_personas": 500, "random_state": 2, "goal": None,
    ...           "modification": {"additional_steps": 1, "friction_factor": 0.2, "landing->exit": 0.5}}
    >>> got = form_inputs(params, None, "f", "g")
    >>> got["f"], got["sim_extra"], got["sim_friction_pct"], got["sim_n"], got["g"]
    (['landing', 'signup'], 1, 20, 500, 'Let synthpersona choose')
    >>> got["_sim_edits"]
    [{'From': 'landing', 'To': 'exit', 'Probability': 0.5}]
    """
    mod = dict(params.get("modification") or {})
    values: dict[str, Any] = {
        funnel_key: list(params.get("funnel") or []),
        goal_key: params.get("goal") or _AUTO_GOAL,
        "sim_extra": int(mod.get("additional_steps") or 0),
        "sim_remove": list(mod.get("remove_steps") or []),
        "sim_desc": str(mod.get("description") or ""),
        "sim_n": int(params.get("n_personas") or 5000),
        "sim_seed": int(params.get("random_state") or 0),
        "_sim_personas": list(mod.get("personas") or []),
        "_sim_edits": [
            {"From": k.split("->")[0], "To": k.split("->")[1], "Probability": float(v)}
            for k, v in mod.items()
            if k not in _NOT_EDITS and "->" in k
        ],
        "_path": path,
    }
    if "friction_factor" in mod:
        values["sim_friction_pct"] = round(100 * float(mod["friction_factor"]))  # the slider is in %
    if mod.get("insert_before"):
        values["sim_before"] = str(mod["insert_before"])
    if path is None:
        values["sim_source"] = "Use the bundled sample"
    for role, column in (params.get("columns") or {}).items():  # the log's column mapping
        values[f"sim_col_{role}_{path}"] = column
    return values
