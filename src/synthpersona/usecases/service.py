"""Stored, cached goal runs for long-lived services (REST API, web UI).

:class:`RunService` wraps :func:`synthpersona.usecases.goals.run_goal`: every run is
stored (request, filters, SQL, clusters, personas) and identical requests are served
from memory or from the store — also after a restart — without segmenting again.
Segmentation runs on a small worker pool, off the event loop, and concurrent
identical requests share one computation.

Examples
--------
>>> from synthpersona.store import Store
>>> service = RunService(Store("sqlite://"))  # doctest: +SKIP
>>> run, cached = service.generate("college students interested in headphones")  # doctest: +SKIP
>>> service.personas_for_cluster(run, 1)["cluster_info"]  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import functools
import hashlib
import json
import logging
import secrets
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from synthpersona.errors import InputError, NotFoundError, SynthPersonaError
from synthpersona.store import Store, to_jsonable
from synthpersona.usecases._legacy_runs import as_built, may_protect, not_protectable
from synthpersona.usecases._memory import MEMORY
from synthpersona.usecases._run_documents import (
    BUILT_PERSONAS_KIND,
    PERSONA_VALUES_KIND,
    PRIVACY_STATE_KIND,
    _save_built_personas,
    _save_persona_values,
    built_personas,
    delete_run_documents,
    persona_values,
)
from synthpersona.usecases.tenants import DEFAULT_TENANT

if TYPE_CHECKING:
    from synthpersona.config import Settings
    from synthpersona.personas import Mismatch
    from synthpersona.usecases.goals import GoalRun

__all__ = [
    "BUILT_PERSONAS_KIND",
    "PERSONA_VALUES_KIND",
    "PRIVACY_STATE_KIND",
    "RunService",
    "StoredRun",
    "built_personas",
    "delete_run_documents",
    "may_protect",
    "new_run_id",
    "normalise_run",
    "persona_values",
]

log = logging.getLogger("synthpersona.runs")

_REQUEST_KIND = "run_request"  # documents mapping a request key to its run_id


def new_run_id() -> str:
    """A fresh, unguessable run id: ``run_`` and 128 random bits (URL-safe).

    Stored runs are found by this id alone, so it must not be derivable from the goal
    (the computation's own id, kept as ``source_run_id``, is). Ids of runs stored before
    are still read as they are.

    Examples
    --------
    >>> rid = new_run_id()
    >>> rid.startswith("run_") and len(rid) == 26 and rid != new_run_id()
    True
    """
    return "run_" + secrets.token_urlsafe(16)


def normalise_run(result: Any) -> dict[str, Any]:
    """A ``GoalRun`` (or its dict) as plain JSON types with ``personas`` keyed by int cluster id."""
    # a privacy-checked run as shown (protected personas, the public privacy report); the store
    # keeps its personas as built apart (BUILT_PERSONAS_KIND), never served
    data = result.to_dict() if hasattr(result, "to_dict") else result
    if not isinstance(data, dict) or "run_id" not in data:
        raise InputError("A goal run must be a GoalRun or a dict with a run_id.")
    run: dict[str, Any] = to_jsonable(data)
    personas = run.get("personas") or {}
    run["personas"] = {int(k): list(v) for k, v in personas.items()}
    for cid, plist in run["personas"].items():
        for p in plist:
            p.setdefault("cluster_id", cid)
    return run


_TYPED = ("run_id", "goal", "clusters", "personas", "meta", "source_run_id", "created_at")


@dataclass
class StoredRun:
    """A goal run as the store keeps it: seed-000 clusters and personas under its public ``run_id``.

    ``personas`` maps each cluster id to its personas' seed-000 JSON; ``extra`` holds the other
    stored parts (``request``, ``spec``, ``sql``, ``params``, and what a runner added, e.g. the web
    UI's ``projection``). The seed-000 responses are written by :meth:`clusters_response`,
    :meth:`personas_response` and :meth:`dynamic_response`; :meth:`to_dict` gives the stored
    dict back as it was.

    Examples
    --------
    >>> run = StoredRun.from_dict({"run_id": "run_x", "goal": "gen z", "meta": {"k": 2},
    ...                            "clusters": [{"cluster_id": 1, "cluster_size": 40}],
    ...                            "personas": {"1": [{"persona_id": "dyn_1_0"}]}})
    >>> run.personas_response(1)["cluster_info"]
    {'cluster_id': 1, 'cluster_size': 40, 'cluster_label': 'Cluster #1'}
    >>> run.to_dict()["personas"]
    {1: [{'persona_id': 'dyn_1_0', 'cluster_id': 1}]}
    """

    run_id: str
    goal: str
    clusters: list[dict[str, Any]]
    personas: dict[int, list[dict[str, Any]]]
    meta: dict[str, Any]
    source_run_id: str | None = None
    created_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # the stored dict's key order, so to_dict (and GET /runs/{id}) gives it back byte for byte
    _order: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Any) -> StoredRun:
        """A stored run dict (or a ``GoalRun``, normalised as :func:`normalise_run` does)."""
        run = normalise_run(data)
        return cls(
            run_id=str(run["run_id"]),
            goal=str(run.get("goal") or ""),
            clusters=list(run.get("clusters") or []),
            personas=run["personas"],
            meta=dict(run.get("meta") or {}),
            source_run_id=run.get("source_run_id"),
            created_at=run.get("created_at"),
            extra={k: v for k, v in run.items() if k not in _TYPED},
            _order=tuple(run),
        )

    def to_dict(self) -> dict[str, Any]:
        """The run as stored (``personas`` keyed by int cluster id), in the stored key order."""
        typed: dict[str, Any] = {
            "run_id": self.run_id,
            "goal": self.goal,
            "clusters": self.clusters,
            "personas": self.personas,
            "meta": self.meta,
            "source_run_id": self.source_run_id,
            "created_at": self.created_at,
        }
        out = {
            k: typed[k] if k in typed else self.extra[k] for k in self._order if k in typed or k in self.extra
        }
        for k, v in {**typed, **self.extra}.items():
            if k not in out and (k not in ("source_run_id", "created_at") or v is not None):
                out[k] = v
        return out

    @property
    def request(self) -> dict[str, Any]:
        """The ``run_goal`` parameters the run was made with."""
        return dict(self.extra.get("request") or {})

    def all_personas(self) -> list[dict[str, Any]]:
        """Every persona, in cluster order."""
        return [p for cid in sorted(self.personas) for p in self.personas[cid]]

    def cluster(self, cluster_id: int) -> dict[str, Any]:
        """The cluster's seed-000 JSON; ``NotFoundError`` lists the valid ids."""
        for c in self.clusters:
            if int(c.get("cluster_id", -1)) == int(cluster_id):
                return dict(c)
        valid = [c.get("cluster_id") for c in self.clusters]
        raise NotFoundError(
            f"Cluster {cluster_id} does not exist in run {self.run_id}; valid cluster ids: {valid}.",
            code="cluster_not_found",
            details={"cluster_id": cluster_id, "valid": valid, "run_id": self.run_id},
        )

    def clusters_response(self, cached: bool) -> dict[str, Any]:
        """Seed 000's cluster response plus ``run_id``, ``goal`` and ``cached``."""
        return {
            "run_id": self.run_id,
            "goal": self.goal,
            "clusters": self.clusters,
            "meta": self.meta,
            "cached": cached,
        }

    def personas_response(self, cluster_id: int) -> dict[str, Any]:
        """Seed 000's persona response (``personas``, ``cluster_info``) plus ``run_id``."""
        cluster = self.cluster(cluster_id)
        return {
            "run_id": self.run_id,
            "personas": self.personas.get(int(cluster_id), []),
            "cluster_info": {
                "cluster_id": int(cluster["cluster_id"]),
                "cluster_size": int(cluster.get("cluster_size", 0)),
                "cluster_label": str(cluster.get("cluster_label", f"Cluster #{cluster_id}")),
            },
        }

    def dynamic_response(self, cached: bool) -> dict[str, Any]:
        """The legacy shape: every cluster with its personas inline."""
        clusters = [{**c, "personas": self.personas.get(int(c["cluster_id"]), [])} for c in self.clusters]
        return {
            "run_id": self.run_id,
            "goal": self.goal,
            "clusters": clusters,
            "meta": self.meta,
            "cached": cached,
        }


class RunService:
    """Generate, cache and store goal runs.

    Parameters
    ----------
    store
        Where runs and the request → run index are kept.
    runner
        ``run_goal``-compatible callable; default :func:`synthpersona.usecases.goals.run_goal`.
    settings
        Used for the population identity in request keys (size, seed and data directory;
        see :func:`synthpersona.usecases.goals.population_identity`); ``None`` uses
        :func:`synthpersona.config.get_settings` at each request, as the default runner does.
    cache_size
        Runs kept in memory (least recently used are dropped; the store keeps all).
    max_workers
        Segmentations run at once; 1 leaves the other core to chat and health.
    """

    def __init__(
        self,
        store: Store,
        *,
        runner: Callable[..., Any] | None = None,
        settings: Settings | None = None,
        cache_size: int = 64,
        max_workers: int = 1,
    ) -> None:
        self.store = store
        self._runner = runner
        self._settings = settings
        self.cache_size = cache_size
        self.max_workers = max_workers
        self._executor: cf.ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        # runs in memory live in the process's one owner (usecases._memory.MEMORY), under this
        # store and the tenant: a run is only ever found again by the tenant that made it
        self._memory = MEMORY
        self._inflight: dict[str, cf.Future[StoredRun]] = {}

    @property
    def runner(self) -> Callable[..., Any]:
        if self._runner is None:
            from synthpersona.usecases.goals import run_goal

            self._runner = run_goal
        return self._runner

    def _pool(self) -> cf.ThreadPoolExecutor:
        # created on demand so the service works again after an app shutdown/startup cycle
        if self._executor is None:
            self._executor = cf.ThreadPoolExecutor(
                max_workers=self.max_workers, thread_name_prefix="synthpersona-run"
            )
        return self._executor

    def shutdown(self) -> None:
        """Stop the worker pool (running segmentations finish; a later request starts a new pool)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    # -- keys and caches ---------------------------------------------------------------------------
    def request_key(self, goal: str, params: dict[str, Any], tenant: str = DEFAULT_TENANT) -> str:
        """Deterministic key of a request: whitespace-normalised goal, parameters, population, tenant."""
        from synthpersona.usecases.goals import population_identity

        # the same identity the runner keys its population and run ids on (data_dir included),
        # so two data directories never share a request key
        population = population_identity(self._settings)
        key: dict[str, Any] = {"goal": " ".join(goal.split()), "params": params, "population": population}
        if tenant != DEFAULT_TENANT:  # the default tenant keeps the keys of runs stored before tenants
            key["tenant"] = tenant
        payload = json.dumps(key, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:32]

    def _remember(self, run: StoredRun, tenant: str, key: str | None = None) -> StoredRun:
        return self._memory.keep_stored(self.store, tenant, run, key=key, size=self.cache_size)

    def _cached(self, key: str, tenant: str) -> StoredRun | None:
        return self._memory.stored_by_key(self.store, tenant, key)

    def _from_store(self, key: str, tenant: str) -> StoredRun | None:
        try:
            run_id = self.store.get_document(_REQUEST_KIND, key)["run_id"]
            run = self.store.get_run(run_id, tenant=tenant)
        except NotFoundError:
            return None
        run, _ = self._protected(run, tenant)
        return self._remember(StoredRun.from_dict(run), tenant, key)

    # -- generation --------------------------------------------------------------------------------
    def _compute(
        self,
        key: str,
        goal: str,
        params: dict[str, Any],
        tenant: str,
        progress: Callable[[str], None] | None = None,
        execute: Callable[..., Any] | None = None,
    ) -> StoredRun:
        stored = self._from_store(key, tenant)
        if stored is not None:
            return stored
        start = time.perf_counter()
        extra = {} if progress is None else {"progress": progress}
        if execute is None:
            result = self.runner(goal, **params, **extra)
        else:  # elsewhere (a job's child process): what the runner kept in memory there is kept here
            result = execute(self.runner, goal, **params, **extra)
            if hasattr(result, "segmentation"):
                self._memory.keep_goal_run(result)
        run = normalise_run(result)
        # stored under a fresh random id: the computation's id is derived from the goal, and
        # anyone knowing the goal could read the run by it (verify recomputes by source_run_id)
        run["source_run_id"] = run["run_id"]
        run["run_id"] = new_run_id()
        # the run and its request index are two writes; a lost index only costs a recomputation
        self.store.save_run(run, tenant=tenant)
        _save_persona_values(self.store, run["run_id"], result)
        _save_built_personas(self.store, run["run_id"], result)
        if getattr(result, "privacy", None) is None and may_protect(self.runner):
            # stored as built on purpose: not a run stored before protection (protect_stored)
            self.store.put_document(PRIVACY_STATE_KIND, run["run_id"], {"protected": False})
        if hasattr(result, "segmentation"):  # who is in which segment, for diffs of later versions
            from synthpersona.usecases.trust_runs import save_run_members

            save_run_members(self.store, run["run_id"], result)
        self.store.put_document(
            _REQUEST_KIND, key, {"run_id": run["run_id"], "goal": goal, "params": params, "tenant": tenant}
        )
        stored_run = self._remember(StoredRun.from_dict(self.store.get_run(run["run_id"])), tenant, key)
        log.info(
            "run generated",
            extra={
                "event": "run_generated",
                "run_id": stored_run.run_id,
                "seconds": round(time.perf_counter() - start, 3),
            },
        )
        return stored_run

    def _submit(
        self,
        goal: str,
        params: dict[str, Any],
        tenant: str,
        progress: Callable[[str], None] | None = None,
        run: Callable[..., Any] | None = None,
    ) -> tuple[cf.Future[StoredRun], str]:
        key = self.request_key(goal, params, tenant)
        with self._lock:
            fut = self._inflight.get(key)
            new = fut is None
            if fut is None:
                fut = self._pool().submit(self._compute, key, goal, params, tenant, progress, run)
                self._inflight[key] = fut
        if new:
            # outside the lock: a future that already failed runs the callback right here
            fut.add_done_callback(functools.partial(self._forget, key))
        return fut, key

    def _forget(self, key: str, _fut: object = None) -> None:
        with self._lock:
            self._inflight.pop(key, None)

    def generate(
        self,
        goal: str,
        *,
        tenant: str = DEFAULT_TENANT,
        progress: Callable[[str], None] | None = None,
        run: Callable[..., Any] | None = None,
        **params: Any,
    ) -> tuple[StoredRun, bool]:
        """Return ``(run, cached)`` for ``goal`` with ``run_goal`` keyword ``params``.

        ``cached`` is True when the run came from memory or the store. The run belongs to
        ``tenant``; another tenant asking the same gets a run of its own. ``progress`` is handed
        to the runner (``run_goal(progress=)``: each step's name as it starts, from the worker
        thread) when this call starts the computation; it is not part of the request key.
        ``run`` runs the runner (``run(runner, goal, **params)``) when this call starts the
        computation: a job's :meth:`~synthpersona.usecases.jobs.JobContext.run` puts it in a
        child process killed at the job's time and memory budgets; ``None`` runs it here.
        """
        key = self.request_key(goal, params, tenant)
        hit = self._cached(key, tenant)
        if hit is not None:
            return hit, True
        stored = self._from_store(key, tenant)
        if stored is not None:
            return stored, True
        fut, _ = self._submit(goal, params, tenant, progress, run)
        return fut.result(), False

    async def agenerate(
        self, goal: str, *, tenant: str = DEFAULT_TENANT, **params: Any
    ) -> tuple[StoredRun, bool]:
        """:meth:`generate` for the event loop: store lookups and segmentation run in threads."""
        key = self.request_key(goal, params, tenant)
        hit = self._cached(key, tenant)
        if hit is not None:
            return hit, True
        loop = asyncio.get_running_loop()
        stored = await loop.run_in_executor(None, self._from_store, key, tenant)
        if stored is not None:
            return stored, True
        fut, _ = self._submit(goal, params, tenant)
        return await asyncio.wrap_future(fut), False

    # -- lookups -----------------------------------------------------------------------------------
    def get_run(self, run_id: str, *, tenant: str = DEFAULT_TENANT) -> StoredRun:
        """``tenant``'s run from memory or the store; ``NotFoundError`` when unknown (or another's)."""
        run = self._memory.stored_run(self.store, tenant, run_id)
        if run is not None:
            return run
        stored, _ = self._protected(self.store.get_run(run_id, tenant=tenant), tenant)
        return self._remember(StoredRun.from_dict(stored), tenant)

    def protect_stored(self, run_id: str, *, tenant: str = DEFAULT_TENANT) -> bool:
        """Re-protect ``run_id`` if it is a privacy-checked run stored with its personas as built.

        Runs stored before privacy-checked runs were stored protected hold their personas as
        built (exact age, city, income, anchor) in the run and persona rows and their persona
        values. Read through this service (``get_run``, and before the chat or ``GET
        /personas/{id}`` read the rows), such a run is recomputed once through the runner
        (deterministic) and stored as a new one would be: the protected personas and the public
        privacy report in the rows, the persona values of the protected personas, the personas
        as built in :data:`BUILT_PERSONAS_KIND`. That document is written last, so a repair cut
        short is done again at the next read; a repaired run is left alone. Returns whether the
        rows were rewritten. ``ConflictError`` when the run cannot be recomputed (its population
        changed): it is not served as built; delete it and generate it again.
        """
        if not may_protect(self._runner) or self._memory.stored_run(self.store, tenant, run_id) is not None:
            return False  # never privacy-checked, or in memory only as read through this service
        stored, repaired = self._protected(self.store.get_run(run_id, tenant=tenant), tenant)
        self._remember(StoredRun.from_dict(stored), tenant)
        return repaired

    def _protected(self, run: dict[str, Any], tenant: str) -> tuple[dict[str, Any], bool]:
        """``run`` as served: a legacy privacy-checked run is re-protected first (protect_stored)."""
        run_id = str(run["run_id"])
        if (
            not may_protect(self._runner)
            # no persona names an anchor and no protection was begun: nothing to protect (a run
            # with the privacy report and no as-built document was cut short: done again)
            or not (as_built(run) or "privacy" in run)
            or self.store.has_document(BUILT_PERSONAS_KIND, run_id)
            or self.store.has_document(PRIVACY_STATE_KIND, run_id)
        ):
            return run, False
        request = {k: v for k, v in (run.get("request") or {}).items() if k != "population"}
        try:
            result = self.runner(run["goal"], **request)
        except SynthPersonaError as exc:  # e.g. the population changed and nobody matches now
            raise not_protectable(run_id, str(exc)) from exc
        if getattr(result, "privacy", None) is None or not hasattr(result, "to_dict"):
            self.store.put_document(PRIVACY_STATE_KIND, run_id, {"protected": False})
            return run, False
        if result.run_id != run.get("source_run_id", run_id):
            raise not_protectable(run_id, f"its recomputation is another run ({result.run_id})")
        shown = normalise_run(result)
        # rows first (one transaction), the as-built document last: a repair cut short leaves
        # protected rows and no document, and is done again at the next read
        self.store.save_run(
            {**run, "personas": shown["personas"], "privacy": shown["privacy"]}, tenant=tenant
        )
        _save_persona_values(self.store, run_id, result)
        _save_built_personas(self.store, run_id, result)
        log.warning(
            "legacy privacy-checked run re-protected", extra={"event": "run_reprotected", "run_id": run_id}
        )
        return self.store.get_run(run_id, tenant=tenant), True

    def goal_run(self, run_id: str, *, tenant: str = DEFAULT_TENANT) -> GoalRun:
        """The typed :class:`~synthpersona.usecases.goals.GoalRun` behind ``tenant``'s stored run.

        It carries what the stored JSON does not: the audience, the members and the fitted
        segmentation. Taken from memory when the computation is still there (by the run's
        ``source_run_id``), else recomputed through the runner from the stored request
        (deterministic); ``NotFoundError`` when the run is unknown, ``ConflictError`` when the
        population changed since it was made.
        """
        from synthpersona.usecases.verify import rerun

        stored = self.get_run(run_id, tenant=tenant)
        known = self._memory.goal_run(stored.source_run_id or stored.run_id)
        return known if known is not None else rerun(stored.to_dict(), self.runner)

    def verify(self, run_id: str, *, tenant: str = DEFAULT_TENANT) -> list[Mismatch]:
        """Every number and word of ``tenant``'s stored run that the data does not give back."""
        from synthpersona.usecases.verify import verify_stored

        stored = self.get_run(run_id, tenant=tenant).to_dict()  # a legacy run is protected first
        return verify_stored(stored, self.runner, built=built_personas(self.store, run_id))

    def delete_run(self, run_id: str, *, tenant: str = DEFAULT_TENANT) -> None:
        """Delete ``tenant``'s run and its personas; ``NotFoundError`` when unknown (or another's).

        The same request computes a new run afterwards (its request index points nowhere).
        """
        self.store.delete_run(run_id, tenant=tenant)
        delete_run_documents(self.store, run_id)
        self._memory.forget_stored(self.store, tenant, run_id)

    # -- deprecated: the responses are written by StoredRun -----------------------------------------
    @staticmethod
    def cluster(run: StoredRun | dict[str, Any], cluster_id: int) -> dict[str, Any]:
        """Deprecated: use ``StoredRun.cluster``."""
        return _typed(run).cluster(cluster_id)

    def personas_for_cluster(self, run: StoredRun | dict[str, Any], cluster_id: int) -> dict[str, Any]:
        """Deprecated: use ``StoredRun.personas_response``."""
        return _typed(run).personas_response(cluster_id)

    @staticmethod
    def clusters_response(run: StoredRun | dict[str, Any], cached: bool) -> dict[str, Any]:
        """Deprecated: use ``StoredRun.clusters_response``."""
        return _typed(run).clusters_response(cached)

    @staticmethod
    def dynamic_response(run: StoredRun | dict[str, Any], cached: bool) -> dict[str, Any]:
        """Deprecated: use ``StoredRun.dynamic_response``."""
        return _typed(run).dynamic_response(cached)


def _typed(run: StoredRun | dict[str, Any]) -> StoredRun:
    if isinstance(run, StoredRun):
        return run
    warnings.warn(
        "RunService's response helpers take the StoredRun that generate/get_run return; "
        "dicts are deprecated (StoredRun.from_dict).",
        DeprecationWarning,
        stacklevel=3,
    )
    return StoredRun.from_dict(run)
