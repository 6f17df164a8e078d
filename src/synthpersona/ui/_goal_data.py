"""Goal workflow glue for the UI: calls the use case and shapes its output for display."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd

from synthpersona.goals import OP_SYMBOLS
from synthpersona.segmentation import algorithm_names

if TYPE_CHECKING:
    from synthpersona.usecases.jobs import JobContext
    from synthpersona.usecases.service import RunService

__all__ = [
    "ALGORITHMS",
    "EXAMPLE_GOALS",
    "candidates_frame",
    "cluster_label",
    "filter_text",
    "goal_job",
    "goal_run_dict",
    "personas_for",
    "projection_axes",
    "projection_frame",
    "protected_personas",
    "run_json",
]

EXAMPLE_GOALS = [
    "college students interested in headphones",
    "new moms in Tier-2 cities interested in skincare",
    "price-conscious millennials in Bangalore who buy on EMI",
    "Gen Z gamers in metros",
    "retired people in Kerala who watch TV",
]
ALGORITHMS = list(algorithm_names("numeric"))  # the goal workflow clusters numeric features


def goal_run_dict(
    goal: str, *, progress: Callable[[str], None] | None = None, **params: Any
) -> dict[str, Any]:
    """Run the goal → segments → personas use case; its dictionary form with a 2-D projection."""
    from synthpersona.usecases import goals

    run = goals.run_goal(goal, progress=progress, **params)
    data = dict(run.to_dict())
    points = run.projection(max_points=2000, random_state=int(params.get("random_state", 0)))
    data["projection"] = {
        "points": points.round(4).to_dict(orient="records"),
        "explained_variance": list(points.attrs.get("explained_variance", (None, None))),
        "note": "PCA of the segmentation features; each dot is a sampled member of the audience.",
    }
    return data


Work = Callable[["JobContext"], dict[str, Any]]


def goal_job(service: RunService, goal: str, params: dict[str, Any]) -> Work:
    """The work of a goal run as a job: segmented in the job's child process, stored by ``service``.

    The job's result names the stored run (``run_id``) and says whether it was read back
    (``cached``); each step of the use case (``usecases.goals.GOAL_STEPS``, in words) is the
    job's progress.
    """
    from synthpersona.usecases.goals import GOAL_STEPS

    def work(ctx: JobContext) -> dict[str, Any]:
        def step(name: str) -> None:
            ctx.progress(GOAL_STEPS.get(name, name))

        run, cached = service.generate(goal, progress=step, run=ctx.run, **params)
        return {"run_id": run.run_id, "cached": cached}

    return work


def run_json(run: dict[str, Any]) -> str:
    """The run as pretty JSON for download."""
    clean = {k: v for k, v in run.items() if k != "seconds"}
    return json.dumps(clean, ensure_ascii=False, indent=2, default=str)


def filter_text(flt: dict[str, Any]) -> str:
    """A filter as a short readable phrase, e.g. ``age between 18–25``."""
    column = str(flt.get("column", "?")).replace("_", " ")
    op = str(flt.get("op", "eq"))
    value = flt.get("value")
    if op == "between" and isinstance(value, list | tuple) and len(value) == 2:
        shown = f"{value[0]}–{value[1]}"
    elif isinstance(value, list | tuple):
        shown = ", ".join(str(v) for v in value)
    elif isinstance(value, bool):
        shown = "yes" if value else "no"
    else:
        shown = str(value)
    return f"{column} {OP_SYMBOLS.get(op, op)} {shown}"


def cluster_label(cluster: dict[str, Any]) -> str:
    """``#id Label`` for a cluster dict in the seed-000 shape."""
    return f"#{cluster.get('cluster_id', '?')} {cluster.get('cluster_label', '')}".strip()


def personas_for(run: dict[str, Any], cluster_id: Any) -> list[dict[str, Any]]:
    """The personas of one cluster (keys may be ints, or strings after JSON)."""
    personas = run.get("personas") or {}
    found = personas.get(cluster_id)
    if found is None:
        found = personas.get(str(cluster_id))
    return list(found or [])


def candidates_frame(meta: dict[str, Any]) -> pd.DataFrame | None:
    """Silhouette per candidate k with its status (chosen / eligible / too small)."""
    cands = meta.get("candidates") or meta.get("silhouette_by_k")
    if not cands:
        return None
    if isinstance(cands, dict):  # {k: silhouette}
        cands = [{"k": int(k), "silhouette": v, "eligible": True} for k, v in cands.items()]
    frame = pd.DataFrame(cands)
    if "k" not in frame or "silhouette" not in frame:
        return None
    chosen = meta.get("k")
    eligible = frame["eligible"] if "eligible" in frame else pd.Series(True, index=frame.index)
    frame["status"] = [
        "chosen" if k == chosen else ("eligible" if ok else "smallest segment too small")
        for k, ok in zip(frame["k"], eligible, strict=True)
    ]
    frame["k"] = frame["k"].astype(str)
    return frame[["k", "silhouette", "status"]]


def projection_frame(run: dict[str, Any]) -> pd.DataFrame | None:
    """Points of the 2-D projection as a frame with ``x``, ``y`` and ``number`` (the segment's card number).

    Accepts ``run["projection"]`` as a list of point dicts or as
    ``{"points": [...], ...}``; ``None`` when the run carries no projection.
    """
    proj = run.get("projection")
    if isinstance(proj, dict):
        proj = proj.get("points")
    if not proj:
        return None
    frame = pd.DataFrame(proj)
    if not {"x", "y", "cluster_id"} <= set(frame.columns):
        return None
    frame["number"] = frame["cluster_id"].astype(int)
    return frame[["x", "y", "number"]]


def projection_axes(run: dict[str, Any]) -> tuple[str, str]:
    """Axis titles of the 2-D map: which principal component and how much variance it shows."""
    proj = run.get("projection")
    variance = proj.get("explained_variance") if isinstance(proj, dict) else None
    titles = []
    for i in range(2):
        share = variance[i] if variance and variance[i] is not None else None
        extra = f" ({100 * float(share):.0f} % of variance)" if share is not None else ""
        titles.append(f"principal component {i + 1}{extra}")
    return titles[0], titles[1]


def protected_personas(run: dict[str, Any], k: int) -> tuple[dict[str, Any], dict[int, list[dict[str, Any]]]]:
    """The run's personas as shown by default: each states only what at least ``k`` audience members share.

    Returns the privacy report's summary and the protected seed-000 personas by segment
    (:func:`synthpersona.usecases.trust.privacy_goal_run` on the typed run behind the stored one).
    """
    from synthpersona.usecases.trust import privacy_goal_run
    from synthpersona.usecases.verify import rerun

    # the typed run: the use case remembers its last runs, so the one just shown comes back free
    report, shown = privacy_goal_run(rerun(run), k_anonymity=k)
    by_segment: dict[int, list[dict[str, Any]]] = {}
    for entry in shown:
        by_segment.setdefault(int(entry["cluster_id"]), []).append(entry)
    return report.summary(), by_segment
