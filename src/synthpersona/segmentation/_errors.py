"""Errors of the clustering inputs (no numpy import: the registry raises them too)."""

from __future__ import annotations

from synthpersona.errors import InputError

__all__ = ["ClusteringInputError", "NonNumericInputError"]


class ClusteringInputError(InputError):
    """Bad data or parameter given to a clustering (an InputError, hence also a ``ValueError``).

    scikit-learn's estimator checks (and users of estimators) expect ``ValueError``.
    """


class NonNumericInputError(ClusteringInputError, TypeError):
    """``X`` holds values that are not numbers (also a ``TypeError``, as numpy raises)."""
