# ruff: noqa: E402  (the extra is checked before the imports that need it)
"""Reports of a clickstream simulation: tables, charts (HTML + PNG), an HTML summary and a deck.

- :func:`build_persona_summary`: one row per behavioural persona.
- :func:`experiment_summary`: the A/B result as a metrics table.
- :func:`recommendations`: plain-language advice drawn from the numbers.
- :func:`write_simulation_report`: every file of a run into a folder (CSV tables,
  ``funnel``, ``sankey`` (control arm), ``sankey_treatment``, ``transitions``, ``experiment``,
  ``personas`` charts as Plotly HTML and PNG, every Plotly figure as JSON in ``figures.json``
  for interactive viewers such as the web UI, ``index.html``, ``deck.pptx``, ``summary.json``).
"""

from __future__ import annotations

from synthpersona._extras import require

for _module in ("matplotlib", "plotly", "pptx"):  # the [reports] extra, named when missing
    require(_module, "reports", load=False)

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from synthpersona.model import Persona, Segment
from synthpersona.reporting import _sim_charts as charts
from synthpersona.reporting import behaviour as behaviour_charts
from synthpersona.reporting._sim_deck import build_deck
from synthpersona.simulation import (
    ABExperiment,
    GeneratorValidation,
    IngestReport,
    MarkovPersonaGenerator,
    profile_behavioural_personas,
    required_sample_size,
    wilson_interval,
)
from synthpersona.tables import atomic_write_bytes, atomic_write_text
from synthpersona.views import seed002

#: The transition graph whose nodes can be dragged (linked from ``index.html``).
DRAG_GRAPH = "behaviour_graph_drag.html"

__all__ = [
    "build_persona_summary",
    "experiment_summary",
    "recommendations",
    "write_simulation_report",
]

_TEMPLATE = Path(__file__).with_name("_sim_report.html.j2")


def build_persona_summary(
    personas: pd.DataFrame | tuple[Sequence[Segment], Sequence[Persona]],
    *,
    funnel_events: Sequence[str] | None = None,
    completion_events: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per behavioural persona: size, conversion, typical path, exit and top trait.

    Parameters
    ----------
    personas
        An event log with ``cluster_id`` (from ``attach_clusters``), or the ``(segments,
        personas)`` of :func:`~synthpersona.simulation.profile_behavioural_personas`. The rows
        are :func:`synthpersona.views.seed002.persona_summary`.
    funnel_events, completion_events
        Used when profiling an event log.

    Examples
    --------
    >>> from synthpersona.simulation import make_sample_events, cluster_event_sequences, attach_clusters
    >>> log = make_sample_events(random_state=0)
    >>> summary = build_persona_summary(attach_clusters(log, cluster_event_sequences(log, k=3)))
    >>> list(summary.columns[:3])
    ['cluster_id', 'persona', 'users']
    """
    if isinstance(personas, pd.DataFrame):
        personas = profile_behavioural_personas(
            personas, funnel_events=funnel_events, completion_events=completion_events
        )
    return seed002.persona_summary(*personas)


def experiment_summary(experiment: ABExperiment) -> pd.DataFrame:
    """The A/B result as a table: one row per metric with control, treatment, difference and CI.

    Examples
    --------
    >>> from synthpersona.simulation import (make_sample_events, MarkovPersonaGenerator,
    ...     ProductFlowSimulator, FlowModification, run_ab_experiment)
    >>> sim = ProductFlowSimulator(MarkovPersonaGenerator.from_events(make_sample_events(random_state=0)))
    >>> mod = FlowModification(additional_steps=2, friction_factor=0.1)
    >>> exp = run_ab_experiment(sim, 500, mod, random_state=42)
    >>> experiment_summary(exp)["metric"].tolist()[:2]
    ['conversion rate', 'relative lift']
    """
    s, e = experiment.stats, experiment.engagement
    n = experiment.control.n
    lc, uc = wilson_interval(int(experiment.control.converted.sum()), n, experiment.alpha)
    lt, ut = wilson_interval(int(experiment.treatment.converted.sum()), n, experiment.alpha)
    rows = [
        {
            "metric": "conversion rate",
            "control": s["control_rate"],
            "treatment": s["treatment_rate"],
            "difference": s["abs_lift"],
            "ci_low": s["abs_ci_low"],
            "ci_high": s["abs_ci_high"],
            "p_value": s["p_value"],
            "note": f"control CI [{lc:.3f}, {uc:.3f}], treatment CI [{lt:.3f}, {ut:.3f}]",
        },
        {
            "metric": "relative lift",
            "control": np.nan,
            "treatment": np.nan,
            "difference": s["rel_lift"],
            "ci_low": s["rel_ci_low"],
            "ci_high": s["rel_ci_high"],
            "p_value": s["p_value"],
            "note": "treatment/control - 1",
        },
        {
            "metric": "mean steps per session",
            "control": e["control_mean_steps"],
            "treatment": e["treatment_mean_steps"],
            "difference": e["diff"],
            "ci_low": e["ci_low"],
            "ci_high": e["ci_high"],
            "p_value": e["p_value"],
            "note": "events plus extra steps taken",
        },
    ]
    oc, ot = experiment.control.outcome_counts(), experiment.treatment.outcome_counts()
    for key in ("friction_drop", "max_length"):
        rows.append(
            {
                "metric": f"share ending by {key.replace('_', ' ')}",
                "control": oc[key] / n,
                "treatment": ot[key] / n,
                "difference": (ot[key] - oc[key]) / n,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "p_value": np.nan,
                "note": "",
            }
        )
    rows.append(
        {
            "metric": "minimum detectable effect (abs)",
            "control": np.nan,
            "treatment": np.nan,
            "difference": experiment.mde,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "p_value": np.nan,
            "note": f"at {n:,} per arm, alpha {experiment.alpha:g}, power 80%",
        }
    )
    return pd.DataFrame(rows)


def recommendations(
    experiment: ABExperiment,
    personas: tuple[Sequence[Segment], Sequence[Persona]] = ((), ()),
    validation: GeneratorValidation | None = None,
) -> list[str]:
    """Plain-language recommendations drawn from the experiment, personas and validation.

    ``personas`` is the ``(segments, personas)`` of
    :func:`~synthpersona.simulation.profile_behavioural_personas`.
    """
    s = experiment.stats
    name = experiment.modification.description
    pp = 100 * s["abs_lift"]
    ci = f"95% CI {100 * s['abs_ci_low']:+.1f} to {100 * s['abs_ci_high']:+.1f} pp"
    out = []
    if experiment.significant and s["abs_lift"] < 0:
        out.append(
            f"Do not ship '{name}' as designed: simulated conversion falls from {s['control_rate']:.1%} "
            f"to {s['treatment_rate']:.1%} ({pp:+.1f} pp, {ci})."
        )
    elif experiment.significant:
        out.append(
            f"'{name}' looks promising: conversion rises from {s['control_rate']:.1%} to "
            f"{s['treatment_rate']:.1%} ({pp:+.1f} pp, {ci}); confirm with a real test."
        )
    else:
        out.append(
            f"No detectable effect of '{name}' at {experiment.control.n:,} synthetic users per arm "
            f"({pp:+.1f} pp, {ci}); the smallest detectable change here is {100 * experiment.mde:.1f} pp."
        )
    pp_df = (
        experiment.per_persona.dropna(subset=["abs_lift"]) if "abs_lift" in experiment.per_persona else None
    )
    if pp_df is not None and len(pp_df) > 1:
        worst = pp_df.sort_values("abs_lift").iloc[0]
        if worst["abs_lift"] < 0 and worst["p_value"] < experiment.alpha:
            out.append(
                f"The change hurts '{worst['persona']}' most ({100 * worst['abs_lift']:+.1f} pp); "
                "consider targeting it away from this persona."
            )
    if abs(s["abs_lift"]) > 0 and 0 < s["control_rate"] < 1:
        try:
            n_real = required_sample_size(s["control_rate"], abs(s["abs_lift"]))
            out.append(
                f"To confirm a {abs(pp):.1f} pp effect in a real A/B test, plan about {n_real:,} "
                "sessions per arm (alpha 5%, power 80%)."
            )
        except Exception:
            pass
    records = _records(personas)
    if records:
        lost = max(records, key=lambda p: p["share_users"] * (1 - p["conversion_rate"]))
        if lost["exit_event"]:
            out.append(
                f"Biggest opportunity: '{lost['name']}' ({lost['share_users']:.0%} of users, "
                f"{lost['conversion_rate']:.0%} conversion) mostly leaves at '{lost['exit_event']}'; "
                "simulate a fix there next (e.g. a higher transition probability out of it)."
            )
    if validation is not None and not validation.passed:
        failed = ", ".join(validation.table.loc[~validation.table["passed"], "metric"])
        out.append(f"Treat the numbers with care: the generator missed held-out sessions on {failed}.")
    out.extend(experiment.notes)
    return out


def _records(personas: tuple[Sequence[Segment], Sequence[Persona]]) -> list[dict[str, Any]]:
    segments, profiles = personas
    by_id = {s.segment_id: s for s in segments}
    return [seed002.persona_record(by_id[p.segment_id], p) for p in profiles]


def write_simulation_report(
    out_dir: str | Path,
    *,
    experiment: ABExperiment,
    generator: MarkovPersonaGenerator,
    personas: tuple[Sequence[Segment], Sequence[Persona]] = ((), ()),
    funnel_events: Sequence[str] = (),
    real_funnel: Sequence[float] | None = None,
    validation: GeneratorValidation | None = None,
    ingest: IngestReport | None = None,
    extra: dict[str, Any] | None = None,
    title: str = "Persona simulation",
    deck: bool = True,
    behaviour: Mapping[str, tuple[Any, str, str]] | None = None,
    behaviour_graph: pd.DataFrame | None = None,
) -> dict[str, Path]:
    """Write all tables, charts, the HTML summary and the PowerPoint deck of a run.

    ``personas`` is the ``(segments, personas)`` of
    :func:`~synthpersona.simulation.profile_behavioural_personas`. ``behaviour`` maps a file
    stem to ``(Plotly figure, slide title, slide subtitle)`` of behaviour-analytics views of
    the real log (e.g. converters vs the rest); each is written as HTML and PNG and gets a
    deck slide. ``behaviour_graph`` (a transition-graph difference) is also written as
    ``behaviour_graph_drag.html``, a graph whose nodes can be dragged, linked from ``index.html``.

    Returns
    -------
    dict
        File name -> path of every file written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    interactive: dict[str, Any] = {}  # stem -> Plotly figure JSON (figures.json)

    def save(figures: tuple[Any, Any], stem: str) -> dict[str, Path]:
        interactive[stem] = json.loads(figures[0].to_json())
        return charts.save_figures(*figures, out, stem)

    persona_df = build_persona_summary(personas) if personas[1] else pd.DataFrame()
    exp_df = experiment_summary(experiment)
    files["experiment_summary.csv"] = atomic_write_text(
        out / "experiment_summary.csv", exp_df.to_csv(index=False)
    )
    files["per_persona.csv"] = atomic_write_text(
        out / "per_persona.csv", experiment.per_persona.to_csv(index=False)
    )
    files["dropoff.csv"] = atomic_write_text(out / "dropoff.csv", experiment.dropoff.to_csv(index=False))
    if len(persona_df):
        files["persona_summary.csv"] = atomic_write_text(
            out / "persona_summary.csv", persona_df.to_csv(index=False)
        )
        files.update(save(charts.personas_figures(persona_df, "Behavioural personas"), "personas"))
    if validation is not None:
        files["generator_validation.csv"] = atomic_write_text(
            out / "generator_validation.csv", validation.table.to_csv(index=False)
        )
    if funnel_events:
        series: dict[str, Sequence[float]] = {}
        if real_funnel is not None:
            series["real"] = list(real_funnel)
        series["control"] = experiment.control.funnel(funnel_events).tolist()
        series["treatment"] = experiment.treatment.funnel(funnel_events).tolist()
        files.update(save(charts.funnel_figures(list(funnel_events), series, "Funnel"), "funnel"))
    for name, arm, stem in (
        ("control", experiment.control, "sankey"),
        ("treatment", experiment.treatment, "sankey_treatment"),
    ):
        links = charts.path_links(arm.paths, arm.vocabulary, outcome=_outcome_labels(arm))
        files.update(save(charts.sankey_figures(links, f"Paths of synthetic sessions ({name})"), stem))
    files.update(
        save(
            charts.heatmap_figures(generator.transition_matrix(), "Transition probabilities (all personas)"),
            "transitions",
        )
    )
    arms = _arms_table(experiment)
    files.update(
        save(
            charts.experiment_figures(
                arms, experiment.per_persona, f"A/B: {experiment.modification.description}"
            ),
            "experiment",
        )
    )
    behaviour_slides = []
    for stem, (fig, head, sub) in (behaviour or {}).items():
        interactive[stem] = json.loads(fig.to_json())
        files[f"{stem}.html"] = behaviour_charts.write_html(fig, out / f"{stem}.html")
        files[f"{stem}.png"] = behaviour_charts.save_png(fig, out / f"{stem}.png")
        behaviour_slides.append((f"{stem}.png", head, sub))
    recs = recommendations(experiment, personas, validation)
    summary = {
        "title": title,
        "ingest": ingest.to_dict() if ingest else None,
        "personas": _records(personas),
        "experiment": experiment.summary(),
        "validation": validation.to_dict() if validation else None,
        "recommendations": recs,
        **(extra or {}),
    }
    files["summary.json"] = atomic_write_text(
        out / "summary.json", json.dumps(summary, indent=2, default=_json_default)
    )
    files["figures.json"] = atomic_write_text(out / "figures.json", json.dumps(interactive))
    if deck:
        files["deck.pptx"] = atomic_write_bytes(
            out / "deck.pptx",
            build_deck(
                title=title,
                persona_summary=persona_df,
                experiment_table=exp_df,
                experiment=experiment,
                recommendations=recs,
                images={k: v for k, v in files.items() if k.endswith(".png")},
                validation=validation.table if validation else None,
                ingest=ingest,
                behaviour_slides=behaviour_slides,
            ),
        )
    if behaviour_graph is not None:  # Plotly cannot drag nodes: a self-contained SVG page can
        files[DRAG_GRAPH] = behaviour_charts.write_graph_html(
            behaviour_graph, out / DRAG_GRAPH, weight="share_diff"
        )
    files["index.html"] = atomic_write_text(
        out / "index.html",
        _render_index(
            title,
            persona_df,
            exp_df,
            validation,
            recs,
            files,
            ingest,
            experiment,
            (extra or {}).get("privacy"),
            _trust_sections(extra or {}),
        ),
    )
    return dict(sorted(files.items()))


def _outcome_labels(arm: Any) -> np.ndarray:
    o = arm.outcome
    labels = np.where(arm.converted, "converted", np.where(o == 2, "max length", "left"))
    return labels.astype(object)


def _arms_table(exp: ABExperiment) -> pd.DataFrame:
    rows = []
    for arm, res in (("control", exp.control), ("treatment", exp.treatment)):
        x = int(res.converted.sum())
        lo, hi = wilson_interval(x, res.n, exp.alpha)
        rows.append({"arm": arm, "rate": x / res.n, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def _table_html(df: pd.DataFrame) -> str:
    if df is None or df.empty:
        return ""
    fmt = df.copy()
    for c in fmt.columns:
        if pd.api.types.is_float_dtype(fmt[c].dtype):
            fmt[c] = fmt[c].map(lambda v: "" if pd.isna(v) else f"{v:.4g}")
    return fmt.to_html(index=False, escape=True, classes="t", border=0)


def privacy_section(privacy: Mapping[str, Any]) -> dict[str, Any]:
    """The report's privacy section from a run's privacy summary: k, the verdict, what was changed.

    One row per change: a persona whose attribute combination was generalised, and each
    trait, path, event or whole group resting on fewer than k users (withheld or replaced).

    Examples
    --------
    >>> s = privacy_section({"k": 5, "ok": True, "personas": [], "small_cells": [
    ...     {"segment_id": 1, "column": "path", "value": "a > b", "count": 3, "action": "path replaced"}]})
    >>> s["verdict"]
    'Protected: nothing shown rests on fewer than 5 users; 1 item was generalised or withheld.'
    """
    k = int(privacy.get("k", 0))
    rows = [
        {
            "segment": int(p.get("segment_id", -1)) + 1,
            "what": "attribute combination",
            "value": "; ".join(str(g) for g in p["generalised"]),
            "users": int(p.get("matches", 0)),
            "action": "generalised",
        }
        for p in privacy.get("personas") or []
        if p.get("generalised")
    ]
    rows += [
        {
            "segment": int(c.get("segment_id", -1)) + 1,
            "what": str(c.get("column", "")),
            "value": str(c.get("value", "")),
            "users": int(c.get("count", 0)),
            "action": str(c.get("action", "")),
        }
        for c in privacy.get("small_cells") or []
    ]
    verdict = "Protected" if privacy.get("ok", True) else "NOT fully protected"
    leaks = len(privacy.get("leaks") or [])
    text = (
        f"{verdict}: nothing shown rests on fewer than {k} users; "
        f"{len(rows)} item{'' if len(rows) == 1 else 's'} {'was' if len(rows) == 1 else 'were'} "
        "generalised or withheld."
    )
    if leaks:
        text += f" {leaks} leak(s) found: see summary.json 'privacy'."
    table = jinja2.utils.markupsafe.Markup(_table_html(pd.DataFrame(rows)))
    return {"k": k, "verdict": text, "table": table}


def _trust_sections(extra: Mapping[str, Any]) -> Any:
    """The trust report's representation and drift sections for a run's summary (docs/trust.md)."""
    from synthpersona.reporting.trust import drift_section, representation_section

    parts = []
    if extra.get("drift"):
        parts.append(drift_section([extra["drift"]]))
    if extra.get("representation"):
        parts.append(representation_section(extra["representation"]))
    return jinja2.utils.markupsafe.Markup("".join(parts))


def _render_index(
    title: str,
    personas: pd.DataFrame,
    exp_df: pd.DataFrame,
    validation: GeneratorValidation | None,
    recs: list[str],
    files: dict[str, Path],
    ingest: IngestReport | None,
    exp: ABExperiment,
    privacy: Mapping[str, Any] | None = None,
    trust: Any = "",
) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_TEMPLATE.read_text(encoding="utf-8"))
    keep = [
        "persona",
        "users",
        "share_users",
        "conversion_rate",
        "median_session_events",
        "typical_path",
        "exit_event",
        "top_trait",
    ]
    return template.render(
        title=title,
        ingest=ingest.summary() if ingest else "",
        modification=exp.modification.description,
        personas=jinja2.utils.markupsafe.Markup(_table_html(personas[keep] if len(personas) else personas)),
        experiment=jinja2.utils.markupsafe.Markup(_table_html(exp_df)),
        validation=jinja2.utils.markupsafe.Markup(_table_html(validation.table) if validation else ""),
        recommendations=recs,
        privacy=privacy_section(privacy) if privacy else None,
        trust=trust,
        drag_graph=DRAG_GRAPH if DRAG_GRAPH in files else None,
        charts=[
            (stem, f"{stem}.png", f"{stem}.html")
            for stem in (
                "personas",
                "funnel",
                "sankey",
                "transitions",
                "behaviour_steps",
                "behaviour_graph",
                "experiment",
            )
            if f"{stem}.png" in files
        ],
        downloads=sorted(k for k in files if not k.endswith(".png") and k != "plotly.min.js"),
        escape=html.escape,
    )
