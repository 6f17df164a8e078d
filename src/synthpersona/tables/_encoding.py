"""Encode prepared columns into the float matrix the clustering runs on.

Each column becomes one *block* and every block gets the same total variance (1),
times an optional user weight, so no column dominates by construction:

- categories: one-hot, scaled by ``1 / sqrt(1 - sum(p_j^2))`` (the total variance of
  a one-hot block), so a 12-state column weighs as much as a 3-gender column and
  rare values are not inflated the way per-column standardisation would inflate them;
- ordered bands and seniority: their rank, standardised; ``Unknown`` takes the mean
  (it does not pretend to be the youngest or the most junior);
- numbers: log for skewed positive values, clipped to the 1st-99th percentile,
  standardised; blanks take the median.

Arbitrary label codes (``Banking=0, Education=1, ...``) are never used: they invent
an order and distances that do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import numpy as np

from synthpersona.errors import InputError
from synthpersona.tables._types import PreparedColumn

__all__ = ["Block", "TableEncoder"]


@dataclass
class Block:
    """Where one source column sits in the encoded matrix and how it was encoded."""

    column: str
    kind: str
    encoding: str
    start: int
    stop: int
    scale: float
    weight: float
    center: float = 0.0
    log: bool = False
    clip: tuple[float, float] | None = None

    @property
    def width(self) -> int:
        """Number of matrix columns of this block."""
        return self.stop - self.start


class TableEncoder:
    """One-hot / ordinal / numeric encoding with equal-variance blocks.

    Parameters
    ----------
    weights
        Optional ``{column: weight}`` multiplying a column's block (default 1).
    title_encoding
        ``"ordinal"`` (seniority as one ordered rank, default) or ``"onehot"``.

    Attributes
    ----------
    blocks_
        One :class:`Block` per encoded column.
    feature_names_
        Names of the matrix columns (``"Industry=Banking"``, ``"Age_range (rank)"``, ...).
    n_features_out_
        Width of the matrix.

    Examples
    --------
    >>> enc = TableEncoder().fit(prepared_columns)  # doctest: +SKIP
    >>> X = enc.transform(prepared_columns)  # doctest: +SKIP
    """

    def __init__(self, weights: dict[str, float] | None = None, title_encoding: str = "ordinal"):
        self.weights = weights
        self.title_encoding = title_encoding

    def fit(self, columns: list[PreparedColumn]) -> Self:
        """Learn block layout, scales and centres from the prepared columns."""
        if self.title_encoding not in ("ordinal", "onehot"):
            raise InputError(
                f"title_encoding must be 'ordinal' or 'onehot', got {self.title_encoding!r}.",
                details={"title_encoding": self.title_encoding},
            )
        included = [c for c in columns if c.included]
        if not included:
            raise InputError(
                "No usable feature column: every column is an identifier, free text, a date or constant. "
                "Name feature columns explicitly (--features).",
                code="no_features",
            )
        weights = dict(self.weights or {})
        for name, w in weights.items():
            if not np.isfinite(w) or w < 0:
                raise InputError(f"Weight of {name!r} must be a finite number >= 0, got {w!r}.")
        blocks: list[Block] = []
        names: list[str] = []
        pos = 0
        for col in included:
            w = float(weights.get(col.name, 1.0))
            ordinal = col.kind in ("ordered",) or (col.kind == "title" and self.title_encoding == "ordinal")
            if col.kind == "numeric":
                blocks.append(self._fit_numeric(col, pos, w))
                names.append(col.name)
                pos += 1
            elif ordinal:
                assert col.ordinal is not None
                vals = col.ordinal[col.codes]
                known = vals[np.isfinite(vals)]
                center = float(known.mean()) if known.size else 0.0
                std = float(known.std()) if known.size else 0.0
                blocks.append(
                    Block(
                        col.name,
                        col.kind,
                        "rank",
                        pos,
                        pos + 1,
                        1.0 / std if std > 0 else 0.0,
                        w,
                        center=center,
                    )
                )
                names.append(f"{col.name} (rank)")
                pos += 1
            else:
                counts = np.bincount(col.codes, minlength=len(col.levels)).astype(np.float64)
                p = counts / max(counts.sum(), 1.0)
                var = 1.0 - float((p**2).sum())
                width = len(col.levels)
                blocks.append(
                    Block(
                        col.name,
                        col.kind,
                        "one-hot",
                        pos,
                        pos + width,
                        1.0 / np.sqrt(var) if var > 0 else 0.0,
                        w,
                    )
                )
                names.extend(f"{col.name}={lv}" for lv in col.levels)
                pos += width
        self.blocks_ = blocks
        self.feature_names_ = names
        self.n_features_out_ = pos
        return self

    @staticmethod
    def _fit_numeric(col: PreparedColumn, pos: int, w: float) -> Block:
        assert col.values is not None
        v = col.values[np.isfinite(col.values)]
        log = bool(v.size and v.min() >= 0 and _skew(v) > 2.0)
        if log:
            v = np.log1p(v)
        lo, hi = (float(np.quantile(v, 0.01)), float(np.quantile(v, 0.99))) if v.size else (0.0, 0.0)
        v = np.clip(v, lo, hi)
        center = float(np.median(v)) if v.size else 0.0
        std = float(v.std()) if v.size else 0.0
        return Block(
            col.name,
            "numeric",
            "log-standardised" if log else "standardised",
            pos,
            pos + 1,
            1.0 / std if std > 0 else 0.0,
            w,
            center=center,
            log=log,
            clip=(lo, hi),
        )

    def transform(self, columns: list[PreparedColumn], rows: np.ndarray | None = None) -> np.ndarray:
        """Return the ``(n, n_features_out_)`` float32 matrix (no NaN), or only the given ``rows``."""
        if not hasattr(self, "blocks_"):
            raise InputError("TableEncoder is not fitted; call fit(columns) first.")
        by_name = {c.name: c for c in columns}
        take = (lambda a: a) if rows is None else (lambda a: a[rows])
        n = (len(columns[0].codes) if columns else 0) if rows is None else len(rows)
        X = np.zeros((n, self.n_features_out_), dtype=np.float32)
        pos = np.arange(n)
        for b in self.blocks_:
            col = by_name[b.column]
            codes = take(col.codes)
            factor = b.scale * b.weight
            if b.encoding == "one-hot":
                X[pos, b.start + codes] = factor
            elif b.encoding == "rank":
                assert col.ordinal is not None
                lut = np.where(np.isfinite(col.ordinal), col.ordinal, b.center)
                X[:, b.start] = (lut[codes] - b.center) * factor
            else:
                assert col.values is not None
                vals = take(col.values)
                v = np.where(np.isfinite(vals), vals, np.nan)
                if b.log:
                    v = np.log1p(np.clip(v, 0, None))
                v = np.where(np.isnan(v), b.center, v)
                if b.clip is not None:
                    v = np.clip(v, *b.clip)
                X[:, b.start] = (v - b.center) * factor
        return X

    def describe(self) -> list[dict[str, object]]:
        """One dict per block: column, kind, encoding, width, weight (for reports and docs)."""
        return [
            {
                "column": b.column,
                "kind": b.kind,
                "encoding": b.encoding,
                "width": b.width,
                "weight": b.weight,
                "scale": round(b.scale, 4),
            }
            for b in self.blocks_
        ]


def _skew(v: np.ndarray) -> float:
    sd = v.std()
    return float(((v - v.mean()) ** 3).mean() / sd**3) if sd > 0 else 0.0
