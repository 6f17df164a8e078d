"""``generate``: the built-in synthetic population as a pandas DataFrame."""

from __future__ import annotations

import numbers
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from synthpersona import schema as S
from synthpersona.errors import InputError
from synthpersona.population._behaviour import draw_behaviour
from synthpersona.population._demographics import draw_demographics

CHUNK_ROWS = 250_000  # rows drawn per chunk (and per thread); part of the output's definition
MAX_ROWS = 20_000_000  # as Settings.population_size; ~420 bytes per row at peak
STREAM_MAX_ROWS = 2_000_000_000  # iter_generate: chunk by chunk, memory does not grow with n
# Bump when the generator's output for a given (n, random_state) changes: cached files are rebuilt.
GENERATOR_VERSION = "6"


def _categorical(codes: NDArray[np.integer], values: tuple[str, ...]) -> pd.Categorical[str]:
    return pd.Categorical.from_codes(codes.astype(np.int8, copy=False), categories=pd.Index(list(values)))


def _check_args(n: object, random_state: object, max_rows: int = MAX_ROWS) -> None:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise InputError(f"n must be a whole number of rows, got {n!r}.", details={"n": repr(n)})
    if not 1 <= int(n) <= max_rows:
        raise InputError(
            f"n must be between 1 and {max_rows:,}, got {int(n):,}.", details={"n": int(n), "max": max_rows}
        )
    if random_state is not None and (
        isinstance(random_state, bool)
        or not isinstance(random_state, numbers.Integral)
        or int(random_state) < 0
    ):
        raise InputError(
            f"random_state must be a non-negative integer or None, got {random_state!r}.",
            details={"random_state": repr(random_state)},
        )


def generate(n: int = 50_000, random_state: int | None = 0) -> pd.DataFrame:
    """Generate the built-in synthetic population of Indian online adults.

    Every column is drawn with vectorised numpy, conditioned on the columns before
    it (students are young, parenting stage follows age and marital status, income
    follows tier, education and occupation, language follows state, ...), and the
    marginals are calibrated to the shipped ``targets.json``.

    Parameters
    ----------
    n
        Number of people (rows), 1 to 20,000,000.
    random_state
        Seed; the same ``(n, random_state)`` always gives the same table. ``None``
        draws fresh randomness.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~synthpersona.population.COLUMNS` in that order; text columns
        are ``category``, flags ``bool``, counts integers, scores and interest
        affinities floats in [0, 1] rounded to 3 decimals.

    Notes
    -----
    Rows are drawn in chunks of 250,000 people, each with its own seed stream
    (``numpy.random.SeedSequence(random_state).spawn``) and its own calibration, in
    parallel threads; the table depends only on ``n`` and ``random_state``. About
    1.5 s of CPU per million rows; ~420 bytes of memory per row at peak.

    Examples
    --------
    >>> df = generate(1_000, random_state=7)
    >>> df.shape
    (1000, 46)
    >>> bool(df["age"].between(18, 75).all())
    True
    """
    _check_args(n, random_state)
    n = int(n)
    seeds, sizes = _plan(n, random_state)
    n_chunks = len(sizes)
    if n_chunks == 1:
        parts = [_draw_chunk(seeds[0], sizes[0])]
    else:
        # numpy releases the GIL in its array loops, so chunks run in parallel on several cores.
        with ThreadPoolExecutor(max_workers=min(n_chunks, os.cpu_count() or 1)) as pool:
            parts = list(pool.map(_draw_chunk, seeds, sizes))
    cols: dict[str, object] = {"user_id": np.arange(1, n + 1, dtype=np.int64)}
    for name in S.COLUMNS[1:]:
        values = parts[0][name] if n_chunks == 1 else np.concatenate([part[name] for part in parts])
        levels = S.CATEGORICAL_VALUES.get(name)
        cols[name] = values if levels is None else _categorical(values, levels)
    return pd.DataFrame(cols, copy=False)


def _plan(n: int, random_state: int | None) -> tuple[list[np.random.SeedSequence], list[int]]:
    """Seed stream and size of every chunk of a table of ``n`` rows."""
    # Fixed-size chunks with their own seed streams: the table depends only on (n, random_state),
    # never on the number of threads, and each chunk is calibrated on its own.
    n_chunks = max(1, -(-n // CHUNK_ROWS))
    base, extra = divmod(n, n_chunks)  # the sizes np.array_split gives: the first `extra` one larger
    sizes = [base + 1 if i < extra else base for i in range(n_chunks)]
    seeds = np.random.SeedSequence(None if random_state is None else int(random_state)).spawn(n_chunks)
    return seeds, sizes


def iter_generate(
    n: int, random_state: int | None = 0, *, max_rows: int = STREAM_MAX_ROWS
) -> Iterator[pd.DataFrame]:
    """The rows of ``generate(n, random_state)`` in chunks of about 250,000, in bounded memory.

    Concatenated, the chunks equal :func:`generate`'s table (same ids, same values), so a
    population larger than memory (up to ``max_rows``) can be written straight to Parquet.
    Two chunks are drawn at a time on separate threads.

    Examples
    --------
    >>> parts = list(iter_generate(600, random_state=3))
    >>> pd.concat(parts, ignore_index=True).equals(generate(600, random_state=3))
    True
    """
    _check_args(n, random_state, max_rows)
    seeds, sizes = _plan(int(n), random_state)
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    workers = max(1, min(2, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[dict[str, NDArray[Any]]]] = deque()
        for i in range(len(sizes)):
            pending.append(pool.submit(_draw_chunk, seeds[i], sizes[i]))
            if len(pending) > workers:
                yield _frame(pending.popleft().result(), int(offsets[i - workers]))
        start = len(sizes) - len(pending)
        while pending:
            yield _frame(pending.popleft().result(), int(offsets[start]))
            start += 1


def _frame(part: dict[str, NDArray[Any]], offset: int) -> pd.DataFrame:
    rows = len(part["age"])
    cols: dict[str, object] = {"user_id": np.arange(offset + 1, offset + rows + 1, dtype=np.int64)}
    for name in S.COLUMNS[1:]:
        levels = S.CATEGORICAL_VALUES.get(name)
        cols[name] = part[name] if levels is None else _categorical(part[name], levels)
    return pd.DataFrame(cols, copy=False)


def _draw_chunk(seed: np.random.SeedSequence, n: int) -> dict[str, NDArray[Any]]:
    """Draw ``n`` people; categorical columns as codes into the ``synthpersona.schema`` tuples."""
    rng = np.random.default_rng(seed)
    d = draw_demographics(rng, n)
    b = draw_behaviour(rng, d)
    cols: dict[str, NDArray[Any]] = {
        "age": d.age.astype(np.int32),
        "gender": d.gender,
        "state": d.state,
        "city": d.city,
        "city_tier": d.tier,
        "area_type": d.area,
        "monthly_income_inr": d.income,
        "income_level": d.income_level,
        "household_income_inr": d.household_income,
        "household_income_level": d.household_income_level,
        "occupation": d.occupation,
        "education_level": d.education,
        "marital_status": d.marital,
        "has_children": d.num_children > 0,
        "num_children": d.num_children.astype(np.int32),
        "parenting_stage": d.parenting,
        "family_size": d.family_size.astype(np.int32),
        "income_source": d.income_source,
        "primary_language": b.language,
        "religion": d.religion,
        "main_festival": b.festival,
        "primary_media": b.media,
        "daily_screen_hours": b.screen_hours,
        "device_count": b.device_count.astype(np.int32),
        "online_shopping_freq": b.shopping_freq,
        "preferred_channel": b.channel,
        "emi_flag": b.emi,
    }
    for name, values in (*b.scores.items(), *b.interests.items()):
        cols[name] = np.round(values.astype(np.float64), 3)
    return cols
