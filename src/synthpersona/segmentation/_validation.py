"""Input and parameter checks shared by the clustering estimators (numpy only, no scikit-learn import).

Messages follow scikit-learn's wording where its estimator checks look for it
("X has 3 features, but ... is expecting 2", "0 feature(s)", "sparse", "n_samples=1"),
so :func:`sklearn.utils.estimator_checks.check_estimator` recognises them, and
they still name the bad value and the way out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from synthpersona.segmentation._errors import ClusteringInputError, NonNumericInputError

__all__ = [
    "MAX_RANDOM_STATE",
    "ClusteringInputError",
    "NonNumericInputError",
    "check_int",
    "check_matrix",
    "check_n_features",
    "check_random_state",
    "not_fitted",
]


def check_matrix(X: Any, dtype: type = np.float32) -> np.ndarray:
    """Return ``X`` as a C-contiguous 2-D array of ``dtype`` or raise a clear InputError.

    Refuses sparse, complex, non-numeric, 1-D, empty and non-finite input.
    """
    if hasattr(X, "toarray") or type(X).__module__.startswith("scipy.sparse"):
        raise ClusteringInputError(
            "X is a sparse matrix; sparse input is not supported by this clustering. "
            "Pass X.toarray() (or reduce it first, e.g. with a truncated SVD).",
            details={"type": type(X).__name__},
        )
    if hasattr(X, "dtypes") and hasattr(X, "columns"):  # a DataFrame: name the offending columns
        bad = [str(c) for c, t in X.dtypes.items() if t.kind not in "biuf"]
        if bad:
            raise ClusteringInputError(
                f"X must be numeric; columns {bad[:5]} are not. Encode them first "
                "(synthpersona.features.build_features does this for population tables).",
                details={"non_numeric_columns": bad},
            )
    if np.iscomplexobj(X):
        raise ClusteringInputError("Complex data not supported: X holds complex numbers; pass real values.")
    try:
        arr: np.ndarray = np.asarray(X, dtype=dtype)
    except TypeError as exc:
        raise NonNumericInputError(f"X must be a numeric matrix; {exc}.") from exc
    except ValueError as exc:
        raise ClusteringInputError(
            f"X must be a numeric matrix; could not convert it to floats ({exc})."
        ) from exc
    if arr.ndim == 1:
        raise ClusteringInputError(
            f"X must be 2-D (rows x features), got a 1-D array of {arr.shape[0]} values. Reshape your "
            "data: X.reshape(-1, 1) for a single feature, X.reshape(1, -1) for a single row."
        )
    if arr.ndim != 2:
        raise ClusteringInputError(f"X must be 2-D (rows x features), got shape {arr.shape}.")
    if arr.shape[0] == 0:
        raise ClusteringInputError(f"X has 0 rows (shape={arr.shape}); give at least a few rows to cluster.")
    if arr.shape[1] == 0:
        raise ClusteringInputError(
            f"X has 0 feature(s) (shape={arr.shape}) while a minimum of 1 is required; "
            "give at least one column."
        )
    finite = np.isfinite(arr)
    if not finite.all():
        bad_rows = int((~finite.all(axis=1)).sum())
        bad_cols = np.flatnonzero(~finite.all(axis=0))[:10].tolist()
        raise ClusteringInputError(
            f"X has {bad_rows:,} row(s) with NaN or infinite values (columns {bad_cols}). "
            "Impute or drop them before clustering.",
            details={"bad_rows": bad_rows, "bad_columns": bad_cols},
        )
    return np.ascontiguousarray(arr)


def check_n_features(X: np.ndarray, expected: int, who: str) -> None:
    """Raise when ``X`` has another number of columns than the model was fitted on."""
    if X.shape[1] != expected:
        raise ClusteringInputError(
            f"X has {X.shape[1]} features, but {who} is expecting {expected} features as input "
            "(the columns it was fitted on).",
            details={"got": int(X.shape[1]), "expected": int(expected)},
        )


def check_int(name: str, value: Any, minimum: int) -> int:
    """``value`` as an int ``>= minimum`` or a InputError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ClusteringInputError(f"{name} must be an integer, got {value!r}.", details={name: repr(value)})
    if value < minimum:
        raise ClusteringInputError(f"{name} must be >= {minimum}, got {value}.", details={name: int(value)})
    return int(value)


#: Largest seed scikit-learn and NumPy's legacy RandomState accept (32 bits).
MAX_RANDOM_STATE = 2**32 - 1


def check_random_state(value: Any) -> int:
    """``value`` as a seed in ``0 .. MAX_RANDOM_STATE``, else an InputError naming it (not a sklearn 500)."""
    seed = check_int("random_state", value, 0)
    if seed > MAX_RANDOM_STATE:
        raise ClusteringInputError(
            f"random_state must be at most {MAX_RANDOM_STATE:,} (a 32-bit seed), got {seed:,}.",
            details={"random_state": seed, "max": MAX_RANDOM_STATE},
        )
    return seed


def check_rows(n: int, k_min: int) -> None:
    """Raise when ``n`` rows cannot form ``k_min`` clusters."""
    if n < k_min + 1:
        raise ClusteringInputError(
            f"Need at least {k_min + 1} rows to form {k_min} clusters, got {n} (n_samples={n}). "
            "Widen the audience or lower k_min.",
            details={"rows": n, "k_min": k_min},
        )


def not_fitted(estimator: object) -> Exception:
    """scikit-learn's ``NotFittedError`` (a ValueError) for ``estimator``, imported only on this path."""
    from sklearn.exceptions import NotFittedError

    name = type(estimator).__name__
    return NotFittedError(f"This {name} instance is not fitted yet; call fit(X) before predict(X).")
