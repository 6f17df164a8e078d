"""Trust endpoints: back-test personas on held-out data (thin routes over ``usecases.trust``)."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from synthpersona.api._deps import get_run_service, get_settings, get_store
from synthpersona.api._tenancy import get_tenant
from synthpersona.config import Settings
from synthpersona.errors import InputError
from synthpersona.store import Store
from synthpersona.usecases.service import RunService
from synthpersona.usecases.trust_checks import PRIVACY_CHECKS

router = APIRouter(tags=["trust"])


class BacktestRequest(BaseModel):
    """What to back-test: a goal run on the built-in population, an uploaded table (``dataset_id``)
    or a clickstream (``events``: an uploaded event log's dataset id, or ``"sample"``)."""

    goal: str | None = Field(None, max_length=2000, description="A business goal (goal workflow).")
    dataset_id: str | None = Field(None, max_length=128, description="An uploaded table (POST /datasets).")
    events: str | None = Field(
        None,
        max_length=128,
        description="Clickstream: an event log uploaded with POST /datasets, or 'sample' (the bundled log).",
    )
    test_fraction: float = Field(0.3, ge=0.1, le=0.5, description="Share of rows (users) held out.")
    k: int | str = Field(
        4,
        description="Table: number of segments or 'auto'. Clickstream: a number, else chosen by silhouette.",
    )
    target: str | None = Field(None, max_length=200, description="Table: the yes/no outcome column.")
    time_column: str | None = Field(
        None,
        max_length=200,
        description="Table: hold out the latest rows by this date column (default: detected).",
    )
    random_state: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the split and the clustering.")


class ClaimCheckOut(BaseModel):
    segment_id: int
    statistic: str = Field(description="segment_share, mean, share, value_share or rate.")
    column: str | None
    category: str | None
    stated: float = Field(description="The claim's value on the building rows.")
    n_build: int
    held_out: float | None = Field(description="The same statistic on the held-out rows of the segment.")
    n_held_out: int
    interval: list[float] = Field(description="95 % prediction interval of the held-out value.")
    inside: bool | None
    stated_by: list[str]


class RankingOut(BaseModel):
    spearman: float | None
    top_kept: bool
    build: list[float | None]
    held_out: list[float | None]
    what: str


class BacktestResponse(BaseModel):
    workflow: str
    split: str = Field(description="'random' or 'time:<column>'.")
    n_build: int
    n_held_out: int
    level: float
    claims: int
    checked: int
    inside: int
    calibration: float | None = Field(description="Share of checked claims inside their interval.")
    outside: list[str]
    ranking: RankingOut | None
    agreement: dict[str, float | None]  # None: not measurable (NaN), e.g. no held-out transitions
    notes: list[str]
    claim_checks: list[ClaimCheckOut]


def _events_engine(store: Store, settings: Settings, ids: list[str], tenant: str) -> str | None:
    """The engine for event logs of which one is a server file registered by path (read in place, as
    ``POST /simulations`` reads it, so every log of a diff is read the same way); ``None``: in memory."""
    from synthpersona.api._simulations import _by_path
    from synthpersona.engine import engine_name

    if any(i != "sample" and _by_path(store, settings, i, tenant) for i in ids):
        return engine_name(settings.engine)
    return None


def _finite(value: Any) -> Any:
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


@router.post("/backtest", response_model=BacktestResponse, summary="Back-test personas on held-out data")
async def backtest(
    body: BacktestRequest,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Build segments and personas on part of the data and check every claim on the held-out rest.

    ``calibration`` is the share of claims (segment shares, means, category shares,
    conversion rates) whose held-out value lies inside its 95 % prediction interval;
    tables also get the conversion ranking agreement between segments; clickstreams
    (``events``) the conversion ranking and the transition agreement of held-out users.
    """
    from synthpersona.usecases.datasets import Datasets
    from synthpersona.usecases.trust import backtest_dict, backtest_event_log, backtest_goal, backtest_table

    if sum(x is not None for x in (body.goal, body.dataset_id, body.events)) != 1:
        raise InputError(
            "Give exactly one of 'goal' or 'dataset_id' (an uploaded table) or 'events' "
            "(an uploaded event log's dataset id, or 'sample') to back-test."
        )

    def work() -> dict[str, Any]:
        if body.events is not None:
            datasets = Datasets(settings, store, tenant=tenant)
            events = None if body.events == "sample" else datasets.path(body.events)
            bt = backtest_event_log(
                events,
                test_fraction=body.test_fraction,
                # the table default (4) does not apply: unset or 'auto' lets the silhouette choose
                k=body.k if isinstance(body.k, int) and "k" in body.model_fields_set else None,
                random_state=body.random_state,
                # a log registered by path is read in place, as POST /simulations reads it
                engine=_events_engine(store, settings, [body.events], tenant),
            )
        elif body.goal is not None:
            bt = backtest_goal(body.goal, test_fraction=body.test_fraction, random_state=body.random_state)
        else:
            assert body.dataset_id is not None
            path = Datasets(settings, store, tenant=tenant).path(body.dataset_id)
            bt = backtest_table(
                path,
                test_fraction=body.test_fraction,
                time_column=body.time_column,
                k=body.k,
                target=body.target,
                random_state=body.random_state,
            )
        out: dict[str, Any] = _finite(backtest_dict(bt))
        return out

    return await anyio.to_thread.run_sync(work)


class PrivacyRequest(BaseModel):
    """What to check (an uploaded table, or the personas of a goal run), the anonymity threshold and
    optional differential privacy (tables)."""

    dataset_id: str | None = Field(
        None, max_length=128, description=PRIVACY_CHECKS["table"].help + " Its id from POST /datasets."
    )
    goal: str | None = Field(None, max_length=2000, description=PRIVACY_CHECKS["goal"].help)
    events_dataset_id: str | None = Field(
        None,
        max_length=128,
        description=PRIVACY_CHECKS["events"].help + " Its id from POST /datasets, or 'sample'.",
    )
    k_anonymity: int = Field(5, ge=2, le=10_000, description="Rows each persona must match at least.")
    epsilon: float | None = Field(
        None,
        gt=0,
        le=100,
        description="Total Laplace privacy budget for the published counts (none: no noise).",
    )
    k: int | str = Field(4, description="Number of segments or 'auto'.")
    target: str | None = Field(None, max_length=200, description="The yes/no outcome column.")
    random_state: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the clustering and the noise.")


class PersonaCombinationOut(BaseModel):
    persona_id: str
    segment_id: int
    attributes: dict[str, list[str]] = Field(
        description="The stated attribute combination, after generalisation."
    )
    matches: int = Field(description="Rows of the table sharing the combination.")
    anonymous: bool
    generalised: list[str]


class SmallCellOut(BaseModel):
    segment_id: int
    column: str
    value: str
    count: int
    action: str


class LeakOut(BaseModel):
    where: str
    column: str
    value: str


class PrivacyResponse(BaseModel):
    k: int
    ok: bool = Field(description="Every persona matches at least k rows and nothing identifying is shown.")
    personas: list[PersonaCombinationOut]
    small_cells: list[SmallCellOut]
    leaks: list[LeakOut]
    protected_columns: list[str]
    epsilon: float | None
    epsilon_per_histogram: float | None
    notes: list[str]
    protected_personas: list[dict[str, Any]] = Field(description="personas.json entries after protection.")


@router.post(
    "/privacy",
    response_model=PrivacyResponse,
    summary="Privacy-check the personas of an uploaded table or a goal run",
)
async def privacy(
    body: PrivacyRequest,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    runs: RunService = Depends(get_run_service),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """k-anonymity of each persona's attribute combination, small cells generalised, no identifiers shown.

    With ``goal``: each persona's anchor (age, gender, city, occupation, income, ...) is
    generalised until ``k_anonymity`` members of the run's audience share it.

    With ``epsilon``, published counts carry Laplace noise (budget split evenly over the
    published histograms; see docs/trust.md).
    """
    from synthpersona.usecases.datasets import Datasets
    from synthpersona.usecases.trust_checks import check_for, check_privacy, noise_error

    check = check_for({"table": body.dataset_id, "goal": body.goal, "events": body.events_dataset_id}, "api")
    refused = noise_error(check, "api") if body.epsilon is not None else None
    if refused is not None:
        raise refused

    def work() -> dict[str, Any]:
        source: Any
        if check.name == "events":
            from synthpersona.api._simulations import _dataset_path

            assert body.events_dataset_id is not None
            source = _dataset_path(store, settings, body.events_dataset_id, tenant)
        elif check.name == "goal":
            source = runs.runner(body.goal, random_state=body.random_state)  # the service's population
        else:
            assert body.dataset_id is not None
            source = Datasets(settings, store, tenant=tenant).path(body.dataset_id)
        _, published, shown = check_privacy(
            check.name,
            source,
            k_anonymity=body.k_anonymity,
            epsilon=body.epsilon,
            k=body.k,
            target=body.target,
            random_state=body.random_state,
        )
        out: dict[str, Any] = _finite({**published, "protected_personas": shown})
        return out

    return await anyio.to_thread.run_sync(work)


class DiffRequest(BaseModel):
    """Two or more uploaded versions of a table, stored goal runs or event logs, oldest first."""

    dataset_ids: list[str] | None = Field(
        None, min_length=2, max_length=12, description="Dataset ids, oldest first."
    )
    run_ids: list[str] | None = Field(
        None,
        min_length=2,
        max_length=12,
        description="Goal runs (e.g. the same goal run again on refreshed data), oldest first.",
    )
    events_dataset_ids: list[str] | None = Field(
        None,
        min_length=2,
        max_length=12,
        description="Event logs (POST /datasets, or 'sample'), oldest first: their behavioural personas.",
    )
    k_anonymity: int | None = Field(
        5, ge=2, le=10_000, description="Event logs: privacy-check each run's personas at this k (null: off)."
    )
    k: int | str = Field("auto", description="Number of segments or 'auto' (each version).")
    target: str | None = Field(None, max_length=200, description="The yes/no outcome column.")
    random_state: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the clustering.")
    share_threshold: float = Field(0.05, gt=0, lt=1, description="Share change reported (0.05 = 5 points).")


class ShiftOut(BaseModel):
    feature: str
    old: float
    new: float


class TraitShiftOut(BaseModel):
    feature: str = Field(description="A numeric column (mean) or column=value (share).")
    old: float
    new: float
    effect: float = Field(description="Standardised change: Cohen's d (means) or h (shares).")
    p_value: float = Field(
        description="Welch / two-proportion test, Holm-adjusted over the segment's traits."
    )
    significant: bool


class SegmentMatchOut(BaseModel):
    old_id: int
    new_id: int
    old_label: str
    new_label: str
    overlap: float = Field(description="Jaccard overlap of the memberships.")
    distance: float = Field(description="Root mean square profile difference.")
    share_old: float
    share_new: float
    share_change: float
    changed: bool
    shifts: list[ShiftOut]
    split_ids: list[int] = Field(description="New segments split off this one (counted in share_new).")
    traits: list[TraitShiftOut] = Field(
        default_factory=list, description="Goal runs: every trait of the members in both versions."
    )


class SegmentOut(BaseModel):
    segment_id: int
    label: str
    share: float
    persona_ids: list[str]


class EmergingValueOut(BaseModel):
    column: str
    value: str
    share: float = Field(description="Share of the group with the value.")
    old_share: float = Field(description="Share of the old version's rows with it.")


class EmergingGroupOut(BaseModel):
    label: str
    share_new: float = Field(description="Share of the new version's rows in the group.")
    share_old_region: float = Field(description="Share of the old version's rows in the same region.")
    excess: float
    new_segment_id: int | None = Field(description="The new run's segment that holds the group.")
    share_of_segment: float
    values: list[EmergingValueOut]


class ColumnDriftOut(BaseModel):
    column: str
    kind: str
    psi: float | None
    test: str
    statistic: float | None
    p_value: float | None
    level: str
    drifted: bool


class DriftOut(BaseModel):
    old: str
    new: str
    matches: list[SegmentMatchOut]
    new_segments: list[SegmentOut]
    vanished_segments: list[SegmentOut]
    emerging_groups: list[EmergingGroupOut] = Field(
        description="New people unlike the old version's that the new run keeps inside another segment."
    )
    columns: list[ColumnDriftOut]
    persona_ids: dict[str, str] = Field(description="Each persona id of the newer version -> its stable id.")
    share_threshold: float
    psi_thresholds: dict[str, float]
    alpha: float
    notes: list[str]


class PersonaVersionOut(BaseModel):
    persona_id: str = Field(description="Stable across the versions.")
    version: int = Field(description="0 = the oldest.")
    version_name: str
    segment_id: int
    label: str
    share: float


class DiffResponse(BaseModel):
    diffs: list[DriftOut] = Field(description="One diff per consecutive pair of versions.")
    history: list[PersonaVersionOut] | None = Field(
        None, description="Goal runs: each persona's segment and share per run (stable ids)."
    )


@router.post(
    "/diff", response_model=DiffResponse, summary="Diff versions of an uploaded table's or a goal's personas"
)
async def diff(
    body: DiffRequest,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Match each version's segments to the previous version's, keep persona ids stable, report drift.

    Segment shares, profile shifts, new and vanished segments, and per-column drift
    (PSI with bands 0.1 / 0.25, KS or chi-square). With ``run_ids`` (stored goal runs), the
    segments are matched by the overlap of their members and persona ids chained across runs.
    """
    from synthpersona.usecases.datasets import Datasets
    from synthpersona.usecases.trust import diff_events, diff_tables, stored_run_history

    if sum(x is not None for x in (body.dataset_ids, body.run_ids, body.events_dataset_ids)) != 1:
        raise InputError(
            "Give exactly one of 'dataset_ids' (uploaded tables), 'run_ids' (goal runs) or "
            "'events_dataset_ids' (event logs) to diff."
        )
    if body.events_dataset_ids is not None and not (body.k == "auto" or isinstance(body.k, int)):
        raise InputError(f"'k' must be a whole number or 'auto', got {body.k!r}.")

    def work() -> dict[str, Any]:
        if body.events_dataset_ids is not None:
            from synthpersona.api._simulations import _dataset_path

            ids = body.events_dataset_ids
            logs = [_dataset_path(store, settings, i, tenant) for i in ids]
            found = diff_events(
                logs,
                engine=_events_engine(store, settings, ids, tenant),
                k=body.k if isinstance(body.k, int) else None,
                random_state=body.random_state,
                share_threshold=body.share_threshold,
                k_anonymity=body.k_anonymity,
            )
            diffs = [{**d.summary(), "old": ids[i], "new": ids[i + 1]} for i, d in enumerate(found)]
            return dict(_finite({"diffs": diffs}))
        if body.run_ids is not None:
            found, history = stored_run_history(
                store, body.run_ids, tenant=tenant, share_threshold=body.share_threshold
            )
            runs = [
                {**d.summary(), "old": body.run_ids[i], "new": body.run_ids[i + 1]}
                for i, d in enumerate(found)
            ]
            return dict(_finite({"diffs": runs, "history": history}))
        assert body.dataset_ids is not None
        datasets = Datasets(settings, store, tenant=tenant)
        paths = [datasets.path(i) for i in body.dataset_ids]
        drifts = diff_tables(
            paths,
            k=body.k,
            target=body.target,
            random_state=body.random_state,
            share_threshold=body.share_threshold,
        )
        out = []
        for i, d in enumerate(drifts):
            s = d.summary()
            s["old"], s["new"] = body.dataset_ids[i], body.dataset_ids[i + 1]
            out.append(s)
        result: dict[str, Any] = _finite({"diffs": out})
        return result

    return await anyio.to_thread.run_sync(work)


class RepresentationRequest(BaseModel):
    """A goal run on the built-in population, an uploaded table (``dataset_id``) or an event log."""

    goal: str | None = Field(None, max_length=2000, description="A business goal (goal workflow).")
    dataset_id: str | None = Field(None, max_length=128, description="An uploaded table (POST /datasets).")
    events_dataset_id: str | None = Field(
        None,
        max_length=128,
        description="An uploaded event log (POST /datasets) or 'sample': its behavioural personas against "
        "the log's users (user-level columns and activity).",
    )
    k: int | str | None = Field(
        None, description="Number of segments or 'auto' (default: 4 for a table, 'auto' for an event log)."
    )
    random_state: int = Field(0, ge=0, le=2**32 - 1, description="Seed of the clustering.")


class GroupCoverageOut(BaseModel):
    dimension: str
    group: str
    reference_share: float = Field(description="Share of the population / table in the group.")
    audience_share: float = Field(description="Share of the segmented people in the group.")
    segment_shares: dict[str, float] = Field(description="Segment id -> share of its members in the group.")
    personas: list[str]
    flag: str | None = Field(description="'unrepresented', 'outside audience' or null.")


class OverClaimOut(BaseModel):
    persona_id: str
    segment_id: int
    dimension: str
    group: str
    share_in_segment: float


class RepresentationResponse(BaseModel):
    dimensions: list[str]
    groups: list[GroupCoverageOut]
    unrepresented: list[str]
    over_claims: list[OverClaimOut]
    min_share: float
    overclaim_share: float
    notes: list[str]


@router.post(
    "/representation", response_model=RepresentationResponse, summary="Demographic groups the personas cover"
)
async def representation(
    body: RepresentationRequest,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Coverage of gender, age, tier/region and income groups; groups no persona represents; over-claims."""
    from synthpersona.usecases.datasets import Datasets
    from synthpersona.usecases.trust import representation_events, representation_goal, representation_table

    if sum(x is not None for x in (body.goal, body.dataset_id, body.events_dataset_id)) != 1:
        raise InputError(
            "Give exactly one of 'goal', 'dataset_id' (a table) or 'events_dataset_id' (an event log)."
        )
    if body.events_dataset_id is not None and not (body.k in (None, "auto") or isinstance(body.k, int)):
        raise InputError(f"'k' must be a whole number or 'auto', got {body.k!r}.")

    def work() -> dict[str, Any]:
        if body.events_dataset_id is not None:
            from synthpersona.api._simulations import _dataset_path

            log = _dataset_path(store, settings, body.events_dataset_id, tenant)
            rep = representation_events(
                log,
                k=body.k if isinstance(body.k, int) else None,
                random_state=body.random_state,
                engine=_events_engine(store, settings, [body.events_dataset_id], tenant),
            )
        elif body.goal is not None:
            rep = representation_goal(body.goal, random_state=body.random_state)
        else:
            assert body.dataset_id is not None
            path = Datasets(settings, store, tenant=tenant).path(body.dataset_id)
            rep = representation_table(
                path, k=4 if body.k is None else body.k, random_state=body.random_state
            )
        out: dict[str, Any] = _finite(rep.summary())
        return out

    return await anyio.to_thread.run_sync(work)
