"""The populations goal runs query: the built-in one, a DataFrame or files read in place.

:func:`load_population` opens a population as an engine table once and keeps it (keyed by
its identity and the engine); :func:`population_identity` is the built-in population's
identity, from which run ids and ``RunService``'s request keys are derived.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from synthpersona.allocation import return_freed_memory
from synthpersona.engine import Engine, engine_name, get_engine
from synthpersona.errors import DataError, EmptyResultError, InputError
from synthpersona.goals import AudienceSample, GoalSpec, build_query, explain_empty

if TYPE_CHECKING:
    from synthpersona.config import Settings
    from synthpersona.population import PopulationTable

__all__ = [
    "GoalPopulation",
    "clear_populations",
    "frame_digest",
    "load_population",
    "population_files",
    "population_identity",
]


# From this many people on, opening a population has freed large blocks returned to the kernel
# (allocation.return_freed_memory); smaller ones keep glibc's default, which re-faults less.
RETURN_FREED_FROM = 1_000_000


class GoalPopulation:
    """A population table in an engine, and an identity string for run ids."""

    def __init__(self, table: PopulationTable, identity: str) -> None:
        if table.n > RETURN_FREED_FROM:
            # Audiences of up to 200,000 rows are fetched and freed run after run: without this,
            # glibc keeps the freed arrays in its heap and the process grows ~150 MB (2M people).
            return_freed_memory()
        self.table = table
        self.engine: Engine = table.engine
        self.identity = identity
        self.n = table.n

    def audience(self, spec: GoalSpec, sample: AudienceSample | None = None) -> pd.DataFrame:
        """The people matching ``spec`` (or the ``sample`` of them), sorted by ``user_id``.

        Raises :class:`EmptyResultError` naming the filter to relax when nobody matches.
        """
        sql, params = build_query(spec, self.table.table, sample=sample, order_by="user_id")
        try:
            df = self.table.fetch(sql, params)
        except Exception as exc:  # the engine's own error types differ per backend
            raise DataError(
                f"Could not run the goal's query on table {self.table.table!r}: {exc}.",
                details={"table": self.table.table, "sql": sql},
            ) from exc
        if df.empty:
            err = explain_empty(self.engine, spec, self.table.table)
            raise err or EmptyResultError(f"No one matches {spec.goal!r}.")
        return df

    def count(self, spec: GoalSpec) -> int:
        """How many people match ``spec`` (one SQL count, nothing read into memory)."""
        sql, params = build_query(spec, self.table.table, select="count")
        try:
            return int(self.engine.scalar(sql, params))
        except Exception as exc:
            raise DataError(
                f"Could not count the goal's audience on table {self.table.table!r}: {exc}.",
                details={"table": self.table.table, "sql": sql},
            ) from exc


_pop_lock = threading.Lock()
_pop_cache: dict[str, GoalPopulation] = {}


def population_identity(settings: Settings | None = None) -> str:
    """The identity of the built-in population: size, seed and data directory.

    The one key under which the built-in population's engine is cached and from which
    run ids and the service's request keys are derived, so two data directories never
    share runs.

    Parameters
    ----------
    settings
        Defaults to :func:`synthpersona.config.get_settings`.

    Examples
    --------
    >>> from synthpersona.config import Settings
    >>> import tempfile
    >>> home = tempfile.mkdtemp()
    >>> population_identity(Settings(population_size=1000, home=home)) == f"builtin:n=1000:seed=0:{home}"
    True
    """
    if settings is None:
        from synthpersona.config import get_settings

        settings = get_settings()
    return f"builtin:n={settings.population_size}:seed={settings.population_seed}:{settings.data_dir}"


def load_population(
    population: pd.DataFrame | str | Path | None, engine: str | Engine | None = None
) -> GoalPopulation:
    """The population as an engine table: the built-in one, a DataFrame, or a file read in place."""
    from synthpersona import population as pop

    name = engine_name(engine)
    if population is None and (engine is None or isinstance(engine, str)):
        key = f"{population_identity()}|{name}"
        with _pop_lock:
            if key not in _pop_cache:
                _pop_cache[key] = GoalPopulation(pop.default_population(name), population_identity())
            return _pop_cache[key]
    if population is None:  # an engine object of the caller's: register the built-in file with it
        table = pop.open_population(get_engine(engine), pop.population_file())
        return GoalPopulation(table, population_identity())
    if isinstance(population, pd.DataFrame):
        identity = f"frame:{frame_digest(population)}"
        key = f"{identity}|{name}|{id(engine) if engine is not None and not isinstance(engine, str) else ''}"
        with _pop_lock:
            if key not in _pop_cache:
                _pop_cache[key] = GoalPopulation(
                    pop.open_population(get_engine(engine), population), identity
                )
            return _pop_cache[key]
    engine_key = id(engine) if engine is not None and not isinstance(engine, str) else ""
    if isinstance(population, str) and "://" in population:  # on the cluster's storage (Spark)
        key = f"url:{population}|{name}|{engine_key}"
        with _pop_lock:
            if key not in _pop_cache:
                _pop_cache[key] = GoalPopulation(
                    pop.open_population(get_engine(engine), population), f"url:{population}"
                )
            return _pop_cache[key]
    path = Path(population).expanduser()
    files = population_files(path)
    if not files:
        raise InputError(
            f"Population file {str(path)!r} does not exist; give a .parquet or .csv file, a folder or a "
            "glob of Parquet files (quote it: 'people/part-*.parquet') with the built-in population's "
            "columns.",
            details={"path": str(path)},
        )
    # The identity changes when any file changes (name, size, time), so runs of old data are not reused.
    stats = [(str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    identity = (
        f"file:{stats[0][0]}:{stats[0][1]}:{stats[0][2]}"
        if files == [path]
        else f"files:{path}:" + hashlib.sha256(json.dumps(stats).encode()).hexdigest()[:16]
    )
    key = f"{identity}|{name}|{id(engine) if engine is not None and not isinstance(engine, str) else ''}"
    with _pop_lock:
        if key not in _pop_cache:
            _pop_cache[key] = GoalPopulation(pop.open_population(get_engine(engine), path), identity)
        return _pop_cache[key]


def frame_digest(frame: pd.DataFrame) -> str:
    """16 hex digits that change when a DataFrame's columns, dtypes or values change (not its index).

    Fixed-width columns (numbers, booleans, dates) are hashed as their memory and a category
    column as its codes and categories, so a million-row population costs one pass over its
    bytes (0.18 s CPU for the built-in one's 46 columns; pandas' per-value hash of every cell,
    used before, 0.43 s on each goal run); other columns (text, objects, nullable extension
    types) through pandas' per-value hash.

    Examples
    --------
    >>> a = pd.DataFrame({"x": [1.0, 2.0], "c": pd.Categorical(["u", "v"])})
    >>> frame_digest(a) == frame_digest(a.copy()), frame_digest(a) == frame_digest(a.assign(x=[1.0, 3.0]))
    (True, False)
    """
    digest = hashlib.sha256(repr(frame.shape).encode())
    for name, column in frame.items():
        dtype = column.dtype
        digest.update(f"\x1e{name!r}\x1f{dtype}\x1f".encode())
        if isinstance(dtype, pd.CategoricalDtype):
            digest.update(_bytes(column.cat.codes.to_numpy()))
            digest.update(_bytes(pd.util.hash_pandas_object(pd.Series(dtype.categories), index=False)))
        elif isinstance(dtype, np.dtype) and dtype.kind in "biufcmM":
            digest.update(_bytes(column.to_numpy()))
        else:
            digest.update(_bytes(pd.util.hash_pandas_object(column, index=False)))
    return digest.hexdigest()[:16]


def _bytes(values: pd.Series | np.ndarray) -> memoryview:
    """The memory of fixed-width values, without a copy (dates too: viewed as bytes)."""
    return np.ascontiguousarray(np.asarray(values)).view(np.uint8).data


def population_files(path: Path) -> list[Path]:
    """The files a population path designates: itself, a folder's Parquet files, or a glob's matches."""
    if path.is_dir():
        return sorted(path.rglob("*.parquet"))
    if any(ch in str(path) for ch in "*?["):
        return sorted(path.parent.glob(path.name))
    return [path] if path.exists() else []


def clear_populations() -> None:
    """Forget the loaded populations (the next run opens them again)."""
    with _pop_lock:
        _pop_cache.clear()
