"""The one in-memory owner of goal runs (one lock, one eviction rule, one place to clear).

Two kinds of entry:

- **computed runs** (:class:`~synthpersona.usecases.goals.GoalRun`, with the audience and
  the fitted segmentation: heavy, so only the last ``goal_runs``), by the computation's
  own id (``run_<hash of goal, request and population>``). ``run_goal`` answers a repeated
  request from here; ``RunService.goal_run`` finds a stored run's computation here through
  its ``source_run_id``.
- **stored runs** (:class:`~synthpersona.usecases.service.StoredRun`: the run as stored,
  light, the last ``cache_size`` per store), by ``(tenant, public run id)``, with the
  request keys that point at them. They are kept per :class:`~synthpersona.store.Store`
  object, so two stores in one process never answer for each other.

Examples
--------
>>> memory = RunMemory(goal_runs=2)
>>> memory.goal_run("run_0") is None
True
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from synthpersona.store import Store
    from synthpersona.usecases.goals import GoalRun
    from synthpersona.usecases.service import StoredRun

__all__ = ["MEMORY", "RunMemory"]


class _StoreRuns:
    """The stored runs of one store: ``(tenant, run_id) -> StoredRun`` and ``request key -> run_id``."""

    def __init__(self) -> None:
        self.runs: OrderedDict[tuple[str, str], StoredRun] = OrderedDict()
        self.keys: OrderedDict[str, str] = OrderedDict()


class RunMemory:
    """Goal runs held in memory: computed ones by computation id, stored ones by store and public id."""

    def __init__(self, goal_runs: int = 8) -> None:
        self.goal_runs = goal_runs
        self._lock = threading.Lock()
        self._computed: OrderedDict[str, GoalRun] = OrderedDict()
        self._stored: weakref.WeakKeyDictionary[Store, _StoreRuns] = weakref.WeakKeyDictionary()

    # -- computed runs ---------------------------------------------------------------------------
    def goal_run(self, run_id: str) -> GoalRun | None:
        """The run computed under ``run_id`` when it is still in memory."""
        with self._lock:
            run = self._computed.get(run_id)
            if run is not None:
                self._computed.move_to_end(run_id)
            return run

    def keep_goal_run(self, run: GoalRun) -> GoalRun:
        """Keep ``run`` (the last ``goal_runs`` are kept) and return it."""
        with self._lock:
            self._computed[run.run_id] = run
            self._computed.move_to_end(run.run_id)
            while len(self._computed) > self.goal_runs:
                self._computed.popitem(last=False)
        return run

    # -- stored runs -----------------------------------------------------------------------------
    def _of(self, store: Store) -> _StoreRuns:
        runs = self._stored.get(store)
        if runs is None:
            runs = self._stored[store] = _StoreRuns()
        return runs

    def stored_run(self, store: Store, tenant: str, run_id: str) -> StoredRun | None:
        """``tenant``'s stored run ``run_id`` of ``store`` when it is in memory."""
        with self._lock:
            runs = self._of(store).runs
            run = runs.get((tenant, run_id))
            if run is not None:
                runs.move_to_end((tenant, run_id))
            return run

    def stored_by_key(self, store: Store, tenant: str, key: str) -> StoredRun | None:
        """The stored run a request key points at, when both are in memory."""
        with self._lock:
            mine = self._of(store)
            run_id = mine.keys.get(key)
            if run_id is None or (tenant, run_id) not in mine.runs:
                return None
            mine.runs.move_to_end((tenant, run_id))
            return mine.runs[(tenant, run_id)]

    def keep_stored(
        self, store: Store, tenant: str, run: StoredRun, *, key: str | None = None, size: int = 64
    ) -> StoredRun:
        """Keep ``run`` (the last ``size`` of ``store``; 4 × ``size`` request keys) and return it."""
        with self._lock:
            mine = self._of(store)
            mine.runs[(tenant, run.run_id)] = run
            mine.runs.move_to_end((tenant, run.run_id))
            if key is not None:
                mine.keys[key] = run.run_id
                mine.keys.move_to_end(key)
            while len(mine.runs) > size:
                mine.runs.popitem(last=False)
            while len(mine.keys) > 4 * size:
                mine.keys.popitem(last=False)
        return run

    def forget_stored(self, store: Store, tenant: str, run_id: str) -> None:
        """Drop a deleted run and the request keys pointing at it."""
        with self._lock:
            mine = self._of(store)
            mine.runs.pop((tenant, run_id), None)
            for key in [k for k, v in mine.keys.items() if v == run_id]:
                del mine.keys[key]

    def clear(self) -> None:
        """Forget every run (computed and stored)."""
        with self._lock:
            self._computed.clear()
            self._stored.clear()


#: The process's one memory of goal runs (``run_goal`` and every ``RunService`` use it).
MEMORY = RunMemory()
