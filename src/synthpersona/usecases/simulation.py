"""Use case: clickstream -> behavioural personas -> simulated product change -> reports.

:func:`run_simulation` is what the CLI (``synthpersona simulate``), the REST API
(``POST /simulations``) and the UI call. :func:`parse_modification` turns the
CLI/API text form of a change (``"additional_steps=2,friction_factor=0.1"``)
into a :class:`~synthpersona.simulation.FlowModification`.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from synthpersona.engine import Engine, engine_for_source, in_memory_note
from synthpersona.model import Persona, Segment
from synthpersona.reporting.simulation import build_persona_summary, experiment_summary
from synthpersona.segmentation import Clustering
from synthpersona.simulation import (
    ABExperiment,
    FlowModification,
    GeneratorValidation,
    IngestReport,
    MarkovPersonaGenerator,
    ProductFlowSimulator,
    cut_session_index,
    cut_sessions_at,
    engineer_path_features,
    load_event_log,
    run_ab_experiment,
    sample_events_path,
    validate_generator,
)
from synthpersona.simulation.features import funnel_table
from synthpersona.simulation.sql import EventTable
from synthpersona.simulation.sql_chains import fit_chains_sql
from synthpersona.simulation.sql_views import funnel_counts
from synthpersona.trust import Drift, PrivacyReport, Representation, behaviour_representation
from synthpersona.usecases._simulation_engine import SAMPLE_USERS
from synthpersona.usecases._simulation_personas import FoundPersonas, find_personas, load_log
from synthpersona.usecases._simulation_report import write_reports
from synthpersona.usecases._simulation_roles import EventRoles, describe_goal
from synthpersona.usecases.event_logs import (
    LoggedExperiment,
    chain_session_cap,
    logged_experiment,
    logged_experiment_in_engine,
    session_cap,
    session_cap_in_engine,
)
from synthpersona.usecases.modifications import MODIFICATION_KEYS, parse_modification
from synthpersona.usecases.trust_privacy import check_k_anonymity
from synthpersona.views import seed002

__all__ = [
    "MODIFICATION_KEYS",
    "SAMPLE_USERS",
    "SimulationRun",
    "find_behaviour_personas",
    "load_sample_events",
    "parse_modification",
    "run_simulation",
    "simulation_summary",
]

_log = logging.getLogger("synthpersona.simulation")


@dataclass
class SimulationRun:
    """Everything a simulation run produced.

    Attributes
    ----------
    simulation_id
        Identifier (also the report folder name under the API's data directory).
    events
        The event log with ``cluster_id``.
    ingest
        What loading read and repaired.
    clustering, personas
        Behavioural segmentation and the profiled personas.
    generator, simulator, experiment
        Fitted chains, the flow simulator and the A/B result.
    validation
        Generator checks against held-out users (``None`` when skipped).
    funnel
        Funnel used for the charts; ``real_funnel`` its observed reach.
    files
        Report files written (name -> path); empty without ``out_dir``.
    planted_ari
        Adjusted Rand index against a ``_group`` column when the log has one.
    timings
        Seconds per stage.
    engine
        Name of the engine that read the log in place (``run_simulation(path, engine=...)``);
        ``None`` when the log was read into memory.
    """

    simulation_id: str
    events: pd.DataFrame
    ingest: IngestReport
    clustering: Clustering
    segments: list[Segment]
    personas: list[Persona]
    generator: MarkovPersonaGenerator
    simulator: ProductFlowSimulator
    experiment: ABExperiment
    validation: GeneratorValidation | None
    funnel: list[str]
    real_funnel: list[float]
    completion_events: list[str]
    drop_events: list[str]
    files: dict[str, Path] = field(default_factory=dict)
    out_dir: Path | None = None
    planted_ari: float | None = None
    timings: dict[str, float] = field(default_factory=dict)
    logged_experiment: LoggedExperiment | None = None
    goal_note: str = ""
    privacy: PrivacyReport | None = None
    notes: list[str] = field(default_factory=list)
    representation: Representation | None = None  # the log's users by segment (docs/trust.md)
    drift: Drift | None = None  # against the log of compare_to, when given
    engine: str | None = None  # the engine that read the log in place (None: read into memory)

    @property
    def persona_summary(self) -> pd.DataFrame:
        """One row per behavioural persona."""
        return build_persona_summary((self.segments, self.personas))

    @property
    def experiment_table(self) -> pd.DataFrame:
        """The A/B result as a metrics table."""
        return experiment_summary(self.experiment)

    def summary(self) -> dict[str, Any]:
        """JSON-friendly summary (what the API stores and returns)."""
        return {
            "simulation_id": self.simulation_id,
            "ingest": self.ingest.to_dict(),
            "funnel": self.funnel,
            "completion_events": self.completion_events,
            "goal_note": self.goal_note,
            "drop_events": self.drop_events,
            "clustering": self.clustering.summary(),
            "planted_ari": self.planted_ari,
            "personas": [
                seed002.persona_record(s, p) for s, p in zip(self.segments, self.personas, strict=True)
            ],
            "experiment": self.experiment.summary(),
            "validation": self.validation.to_dict() if self.validation else None,
            "logged_experiment": self.logged_experiment.to_dict() if self.logged_experiment else None,
            "files": sorted(self.files),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "privacy": self.privacy.summary() if self.privacy else None,
            "notes": list(self.notes),
            "representation": self.representation.summary() if self.representation else None,
            "drift": self.drift.summary() if self.drift else None,
            "engine": self.engine,
        }


def load_sample_events() -> pd.DataFrame:
    """The bundled sample event log, loaded."""
    return load_event_log(sample_events_path())


def run_simulation(
    events: pd.DataFrame | str | Path | None = None,
    *,
    funnel: Sequence[str] | str | None = None,
    modification: FlowModification
    | Mapping[str, Any]
    | str
    | None = "additional_steps=2,friction_factor=0.1",
    n_personas: int = 500,
    k: int | None = None,
    max_length: int | None = None,
    order: int = 1,
    random_state: int | None = 0,
    out_dir: str | Path | None = None,
    completion_events: Sequence[str] | None = None,
    drop_events: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
    inactivity_gap_minutes: float = 30.0,
    validate: bool = True,
    deck: bool = True,
    simulation_id: str | None = None,
    progress: Callable[[str], None] | None = None,
    engine: str | Engine | Any | None = None,
    k_anonymity: int | None = 5,
    sample_users: int = SAMPLE_USERS,
    compare_to: pd.DataFrame | str | Path | None = None,
) -> SimulationRun:
    """Ingest a clickstream, find behavioural personas, simulate a change and write the reports.

    Parameters
    ----------
    events
        Event log (path or frame); ``None`` uses the bundled sample.
    funnel
        Ordered funnel steps (list or ``"a,b,c"``); default ``landing,signup_start,
        signup_complete`` when the log has them.
    modification
        The change to test (see :func:`parse_modification`); ``None`` runs an A/A test.
    n_personas
        Synthetic users per arm.
    k
        Behavioural personas to find (``None``: chosen by silhouette).
    max_length
        Most events per simulated session; ``None`` runs sessions until at most 0.1 % of
        them are still going (:func:`~synthpersona.usecases.event_logs.chain_session_cap`),
        never shorter than the log's 99.9th percentile session
        (:func:`~synthpersona.usecases.event_logs.session_cap`) and at most 200. Validation
        runs at the same cap.
    order
        Markov order of the generator (1 or 2).
    random_state
        Seed of clustering, generation and the experiment.
    out_dir
        Folder for the reports (``None``: compute only).
    completion_events, drop_events
        Conversion and leaving events (default: last funnel step; events named like drop/exit).
    columns, inactivity_gap_minutes
        Passed to :func:`~synthpersona.simulation.load_event_log`.
    validate
        Check the generator against held-out users.
    deck
        Also write the PowerPoint deck.
    simulation_id
        Identifier to use (default: a new random one).
    progress
        Called with a short label as each stage starts.
    engine
        ``None`` (default): the sequence clustering runs in memory, unless the
        ``SYNTHPERSONA_ENGINE`` setting is set and the log is given by path (or is the bundled
        sample): then that engine reads it (:func:`~synthpersona.engine.engine_for_source`).
        An engine, its name (``"duckdb"``, ``"spark"``, see :data:`~synthpersona.engine.ENGINES`) or a
        ``SparkSession``: the per-user n-gram features and the clustering run through it
        (:mod:`synthpersona.simulation.sql`; the same personas on logs up to 200,000 users),
        and the persona chains are fitted from start/transition/session-shape counts the
        engine takes (:mod:`synthpersona.simulation.sql_chains`; the same chains). A log given
        by path is then never read whole into memory: the engine reads the file in place and
        counts the ingest report, the clusters, the chains and the real funnel over every user;
        the profiles, privacy, validation, goal and logged A/B test use the log of at most
        ``sample_users`` users (:mod:`synthpersona.usecases._simulation_engine`; a log with
        fewer users gives the in-memory run's result).
    sample_users
        With ``engine=`` and a path: most users read into memory (see ``engine``).
    k_anonymity
        Nothing a persona states (trait, attribute combination, path, event) may rest on
        fewer than this many users (:func:`synthpersona.trust.protect_behaviour_personas`;
        the report is :attr:`SimulationRun.privacy`). ``None``: unprotected.
    compare_to
        An earlier event log (path or frame) of the same product: its behavioural personas are
        found the same way and matched to this run's (:func:`synthpersona.usecases.trust.diff_event_logs`;
        :attr:`SimulationRun.drift`, the report's "Changes since" section). Every run also
        reports how its personas represent the log's users (:attr:`SimulationRun.representation`).

    Examples
    --------
    >>> run = run_simulation(n_personas=500, random_state=42, validate=False)  # doctest: +SKIP
    >>> run.experiment.stats["abs_lift"] < 0  # doctest: +SKIP
    True
    """
    step = progress or (lambda _label: None)
    timer = _Timer()
    in_memory = in_memory_note(events, engine)  # SYNTHPERSONA_ENGINE set, a format no engine reads
    engine = engine_for_source(events, engine)
    mod = parse_modification(modification)
    if k_anonymity is not None:  # a bad k is the caller's mistake: say so before the work
        check_k_anonymity(k_anonymity)

    step("Loading events")
    loaded = load_log(
        events, columns, inactivity_gap_minutes, funnel, completion_events, drop_events, engine, sample_users
    )
    log, roles = loaded.log, loaded.roles
    timer.lap("load")

    step("Clustering behaviour")
    found = find_personas(log, roles, k, random_state, engine, k_anonymity, loaded.table, loaded.sampled)
    timer.lap("cluster")
    representation, drift = _trust(found, compare_to, k, random_state, k_anonymity, columns, engine)

    step("Fitting persona chains")
    whole = loaded.table if loaded.sampled else None  # a sample's log: the cap and A/B from every user
    generator, simulator, validation, cap = _fit_chains(
        found, roles, order, validate, random_state, max_length, whole
    )
    timer.lap("fit")

    step("Simulating the A/B test")
    experiment, real = _simulate(simulator, log, roles, n_personas, mod, cap, random_state, found.table)
    timer.lap("simulate")

    run = SimulationRun(
        simulation_id=simulation_id or uuid.uuid4().hex,
        events=found.events,
        ingest=loaded.report,
        clustering=found.clustering,
        segments=found.segments,
        personas=found.personas,
        generator=generator,
        simulator=simulator,
        experiment=experiment,
        validation=validation,
        funnel=roles.funnel,
        real_funnel=real,
        completion_events=roles.completes,
        drop_events=roles.drops,
        planted_ari=found.planted_ari,
        timings=timer.timings,
        logged_experiment=(
            logged_experiment(log, roles.completes)
            if whole is None
            else logged_experiment_in_engine(whole, log, roles.completes)
        ),
        goal_note=loaded.goal_note or describe_goal(funnel, loaded.completes, roles),
        privacy=found.privacy,
        notes=[*([in_memory] if in_memory else []), *loaded.notes],
        representation=representation,
        drift=drift,
        engine=loaded.table.engine.name if loaded.table is not None else None,
    )
    if out_dir is not None:
        step("Writing reports")
        write_reports(run, Path(out_dir), deck)
        timer.lap("report")
    return run


def simulation_summary(
    events: str | Path | None = None, *, progress: Callable[[str], None] | None = None, **params: Any
) -> dict[str, Any]:
    """:func:`run_simulation` returning only its JSON summary (``SimulationRun.summary``).

    What a child process sends back (:mod:`synthpersona.usecases.isolation`): the summary
    pickles in milliseconds, the run's frames and fitted chains would not be needed by the
    caller. ``params`` are :func:`run_simulation`'s; the reports go to ``out_dir``.

    Examples
    --------
    >>> simulation_summary(n_personas=50, k=2, validate=False)["experiment"]["n_per_arm"]  # doctest: +SKIP
    50
    """
    return run_simulation(events, progress=progress, **params).summary()


# --- the steps of run_simulation (1-2, the log and its personas: usecases/_simulation_personas.py)


class _Timer:
    """Seconds per stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._t0 = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self._t0
        self._t0 = now


def _simulate(
    simulator: ProductFlowSimulator,
    log: pd.DataFrame,
    roles: EventRoles,
    n_personas: int,
    mod: FlowModification | None,
    cap: int,
    random_state: int | None,
    table: EventTable | None = None,
) -> tuple[ABExperiment, list[float]]:
    """Step 4: the simulated A/B test, and the real log's funnel reach to set beside it."""
    experiment = run_ab_experiment(
        simulator, n_personas=n_personas, modification=mod, max_length=cap, random_state=random_state
    )
    if table is not None:  # every session of the log, counted where it lives
        return experiment, [float(x) for x in funnel_counts(table, roles.funnel)["share"]]
    real = funnel_table(engineer_path_features(log, roles.funnel), roles.funnel)["share"].tolist()
    return experiment, real


def _trust(
    found: FoundPersonas,
    compare_to: pd.DataFrame | str | Path | None,
    k: int | None,
    random_state: int | None,
    k_anonymity: int | None,
    columns: Mapping[str, str] | None,
    engine: Any = None,
) -> tuple[Representation, Drift | None]:
    """The run's representation of the log's users and, with ``compare_to``, what changed since.

    The earlier log is read as this one was (``engine``: by path, clustered in the engine).
    """
    representation = behaviour_representation(found.events, found.segments, found.personas)
    if compare_to is None:
        return representation, None
    from synthpersona.usecases.trust_events import diff_found, previous_run

    seed = 0 if random_state is None else random_state
    old = previous_run(
        compare_to, k=k, random_state=seed, k_anonymity=k_anonymity, columns=columns, engine=engine
    )
    name = Path(compare_to).name if isinstance(compare_to, str | Path) else "earlier log"
    drift = diff_found(old, found, names=(name, "this log"), k_anonymity=k_anonymity)
    return representation, drift


def _fit_chains(
    found: FoundPersonas,
    roles: EventRoles,
    order: int,
    validate: bool,
    random_state: int | None,
    max_length: int | None,
    whole: EventTable | None = None,
) -> tuple[MarkovPersonaGenerator, ProductFlowSimulator, GeneratorValidation | None, int]:
    """The persona chains, their simulator, their validation and the session cap they run at
    (the log's session lengths: ``whole``'s, counted in its engine, when ``found`` is a sample)."""
    names = {p.segment_id: p.name for p in found.personas}
    # The simulator ends a session at its first conversion or drop: fit (and validate) on
    # sessions cut there, or browsing after a purchase makes the chain buy twice, converting
    # less often than the log (13.0 % real vs 10.6 % simulated on Retentioneering's ecom log).
    stops = [*roles.completes, *roles.drops]
    sx = found.sessions
    cut = cut_sessions_at(found.events, stops, sessions=sx) if validate or found.table is None else None
    cut_sx = None if sx is None or cut is None else cut_session_index(sx, stops)
    if found.table is not None:  # counted in SQL where the log lives: equal to the fit on `cut`
        generator = fit_chains_sql(
            found.table,
            order=order,
            labels_table=f"{found.table.table}_clusters",
            cut_at=stops,
            persona_names=names,
            goals=roles.completes,
        )
    else:
        assert cut is not None
        generator = MarkovPersonaGenerator.from_events(
            cut,
            order=order,
            persona_names=names,
            goals=roles.completes,
            sessions=cut_sx,
        )
    simulator = ProductFlowSimulator(generator, completion_events=roles.completes, drop_events=roles.drops)
    if max_length is None:
        floor = session_cap(found.events) if whole is None else session_cap_in_engine(whole)
        max_length = chain_session_cap(generator, stops, floor=floor)
    validation = None
    if validate:
        assert cut is not None
        validation = validate_generator(
            cut,
            completion_events=roles.completes,
            random_state=random_state,
            order=order,
            n_sessions=20_000,
            max_length=max_length,
            sessions=cut_sx,
        )
    return generator, simulator, validation, max_length


def find_behaviour_personas(
    events: pd.DataFrame | str | Path | None = None,
    *,
    funnel: Sequence[str] | str | None = None,
    k: int | None = None,
    random_state: int | None = 0,
    columns: Mapping[str, str] | None = None,
    completion_events: Sequence[str] | None = None,
    inactivity_gap_minutes: float = 30.0,
    engine: str | Engine | Any | None = None,
    k_anonymity: int | None = 5,
) -> pd.DataFrame:
    """The behavioural personas :func:`run_simulation` finds in ``events`` with the same arguments.

    The same steps (load, goal, event roles, clustering, profiles) without fitting chains or
    simulating, so a product change can be aimed at some of them before the first run (the
    web UI's target-persona picker). One row per persona (``persona``, ``share_users``, ...),
    as :attr:`SimulationRun.persona_summary`.

    Examples
    --------
    >>> find_behaviour_personas()["persona"].tolist()  # doctest: +SKIP
    ['Quick bouncer', 'Comparison shopper', 'Direct signer']
    """
    # steps 1-2 of run_simulation (usecases._simulation_personas)
    engine = engine_for_source(events, engine)
    loaded = load_log(events, columns, inactivity_gap_minutes, funnel, completion_events, None, engine)
    found = find_personas(
        loaded.log, loaded.roles, k, random_state, engine, k_anonymity, loaded.table, loaded.sampled
    )
    return build_persona_summary((found.segments, found.personas))
