"""scikit-learn's estimator protocol without importing scikit-learn.

The latent class model runs on the default path of a leads analysis, which must not
pay scikit-learn's import (~0.8 s on top of pandas). :class:`LightClusterer` gives it
what :class:`sklearn.base.BaseEstimator` and ``ClusterMixin`` would: ``get_params`` /
``set_params`` (so ``clone``, grid searches and pipelines work), an sklearn-style repr,
the estimator tags (built only when scikit-learn asks for them) and ``fit_predict``.
"""

from __future__ import annotations

import inspect
from typing import Any, Self

import numpy as np

__all__ = ["LightClusterer"]


class LightClusterer:
    """Base of numpy-only clusterers following scikit-learn's conventions."""

    labels_: np.ndarray

    @classmethod
    def _get_param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return sorted(
            p.name
            for p in signature.parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters and their current values."""
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params: Any) -> Self:
        """Set constructor parameters (validated at ``fit``, as in scikit-learn)."""
        valid = self._get_param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {type(self).__name__}. "
                    f"Valid parameters are: {valid!r}."
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = {
            p.name: p.default
            for p in inspect.signature(type(self).__init__).parameters.values()
            if p.default is not p.empty
        }
        changed = []
        for name in self._get_param_names():
            value = getattr(self, name)
            default = defaults.get(name, inspect.Parameter.empty)
            try:
                same = bool(value is default or value == default)
            except (TypeError, ValueError):  # arrays compare element-wise
                same = False
            if not same:
                changed.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_tags__(self) -> Any:
        from sklearn.utils import InputTags, Tags, TargetTags

        return Tags(
            estimator_type="clusterer",
            target_tags=TargetTags(required=False),
            transformer_tags=None,
            classifier_tags=None,
            regressor_tags=None,
            input_tags=InputTags(),
        )

    def fit(self, X: Any, y: Any = None) -> Self:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def fit_predict(self, X: Any, y: Any = None) -> np.ndarray:
        """Fit on ``X`` and return the label of every row (``labels_``)."""
        return self.fit(X).labels_
