"""Errors of the clustering inputs (no numpy import: the registry raises them too)."""

from __future__ import annotations

from synthpersona.errors import ValidationError

__all__ = ["ClusteringInputError", "NonNumericInputError"]


class ClusteringInputError(ValidationError, ValueError):
    """Bad data or parameter given to a clustering: a ValidationError that is also a ``ValueError``.

    scikit-learn's estimator checks (and users of estimators) expect ``ValueError``.
    """


class NonNumericInputError(ClusteringInputError, TypeError):
    """``X`` holds values that are not numbers (also a ``TypeError``, as numpy raises)."""
