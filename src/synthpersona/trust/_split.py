"""Split rows into a part personas are built on and a held-out part they are checked against."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synthpersona.errors import InputError

__all__ = ["Split", "split_rows"]


@dataclass(frozen=True)
class Split:
    """Row positions of the building part (``train``) and the held-out part (``test``).

    ``how`` is ``"random"`` or ``"time:<column>"`` (the latest rows are held out).
    """

    train: np.ndarray
    test: np.ndarray
    how: str

    @property
    def n_train(self) -> int:
        """Rows personas are built on."""
        return int(self.train.shape[0])

    @property
    def n_test(self) -> int:
        """Held-out rows."""
        return int(self.test.shape[0])


def _check_fraction(test_fraction: float) -> None:
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, int | float):
        raise InputError(f"test_fraction must be a number between 0.1 and 0.5, got {test_fraction!r}.")
    if not 0.1 <= float(test_fraction) <= 0.5:
        raise InputError(
            f"test_fraction must be between 0.1 and 0.5, got {test_fraction!r}; "
            "e.g. 0.3 holds out 30 % of rows.",
            details={"test_fraction": test_fraction, "min": 0.1, "max": 0.5},
        )


def split_rows(
    frame: pd.DataFrame,
    *,
    test_fraction: float = 0.3,
    time_column: str | None = None,
    random_state: int = 0,
) -> Split:
    """Hold out ``test_fraction`` of the rows: the latest by ``time_column``, else a random draw.

    Parameters
    ----------
    frame
        The rows to split (only ``time_column`` is read).
    test_fraction
        Share of rows held out, 0.1 to 0.5.
    time_column
        A date/time column: the rows with the latest dates are held out (a refresh
        of the data arriving after the personas were built). Rows whose date cannot
        be read are split at random with the others of their position.
    random_state
        Seed of the random split.

    Returns
    -------
    Split
        Sorted row positions of each part and how they were chosen.

    Raises
    ------
    InputError
        A fraction outside 0.1-0.5, an unknown ``time_column`` (the columns are
        listed) or one without readable dates.

    Examples
    --------
    >>> s = split_rows(pd.DataFrame({"x": range(10)}), test_fraction=0.3)
    >>> s.n_train, s.n_test, s.how
    (7, 3, 'random')
    >>> df = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=10)})
    >>> split_rows(df, test_fraction=0.2, time_column="day").test.tolist()
    [8, 9]
    """
    _check_fraction(test_fraction)
    n = len(frame)
    n_test = round(n * float(test_fraction))
    if n < 10 or n_test < 1:
        raise InputError(f"{n} row(s) are too few to hold any out; back-testing needs at least 10.")
    if time_column is None:
        rng = np.random.default_rng([random_state, 21])
        order = rng.permutation(n)
        return Split(np.sort(order[n_test:]), np.sort(order[:n_test]), "random")
    if time_column not in frame.columns:
        raise InputError(
            f"Unknown time column {time_column!r}; columns: {', '.join(map(str, frame.columns))}.",
            details={"time_column": time_column},
        )
    times = pd.to_datetime(frame[time_column], errors="coerce", format="mixed")
    if times.notna().sum() < n // 2:
        raise InputError(
            f"Column {time_column!r} has too few readable dates ({int(times.notna().sum())} of {n}); "
            "give a date column or split at random (no --time-column).",
            details={"time_column": time_column},
        )
    # NaT sort first (kept for building); ties broken by row position so the split is deterministic
    key = times.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    order = np.lexsort((np.arange(n), key))
    return Split(np.sort(order[: n - n_test]), np.sort(order[n - n_test :]), f"time:{time_column}")
