"""Emerging groups: people of a new version who are unlike anyone in the old one, found without k.

A diff that only matches the two runs' segments can name a new segment only when the new
run's clustering gives it one; at scale, a table's automatic k may keep a newcomer group
inside an existing segment (it then shows only as that segment's profile drift). This
check asks the data directly where the new version has people the old one lacked:

1. Both versions' rows, in the old version's levels, are labelled old / new and a
   gradient-boosted classifier (scikit-learn's ``HistGradientBoostingClassifier``,
   categories native, so combinations of values count, not only single values) learns to
   tell them apart; each row's probability comes from the model fitted on the *other*
   half of the rows (2-fold cross-fitting), so a row never scores itself.
2. The **density ratio** of a row, ``p / (1 - p) * n_old / n_new``, is how many times
   more common people like it are in the new version. Rows with a ratio of at least
   ``ratio`` (default 4) are *novel*.
3. Novel new rows are grouped by the new run's segment they fall in; a group whose
   excess (its share of the new rows minus the share of old rows in the same novel
   region, split in proportion) reaches ``min_share`` is an **emerging group**, named by
   its stand-out values (most common value of a column, held by at least 40 % of the
   group and at least 1.5 times as common as among the old rows).

A segment that merely grew (e.g. 30 % -> 40 %) has a density ratio near 1.3 and is not
novel: share changes are the matched segments' job.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["EmergingGroup", "emerging_groups"]


@dataclass(frozen=True)
class EmergingGroup:
    """People of the new version unlike the old version's.

    Attributes
    ----------
    label
        Its stand-out values, joined by `` · ``.
    share_new
        Share of the new version's rows in the group.
    share_old_region
        Share of the old version's rows in the same novel region (allotted to the group).
    new_segment_id
        The new run's segment that holds the group (``None``: new rows without segments).
    share_of_segment
        Share of that segment's rows that are in the group.
    values
        ``(column, value, share in the group, share among the old rows)``, by lift.
    """

    label: str
    share_new: float
    share_old_region: float
    new_segment_id: int | None
    share_of_segment: float
    values: tuple[tuple[str, str, float, float], ...]

    @property
    def excess(self) -> float:
        """``share_new - share_old_region``: how much of the new version is new."""
        return self.share_new - self.share_old_region


def _codes(old: pd.DataFrame, new: pd.DataFrame, max_levels: int = 250) -> np.ndarray:
    """Both frames' columns as integer category codes (one code space per column)."""
    both = pd.concat([old, new], ignore_index=True).astype(str)
    out = np.empty(both.shape, dtype=np.float64)
    for j, col in enumerate(both.columns):
        counts = both[col].value_counts()
        keep = counts.index[:max_levels]  # rarer values share one code
        out[:, j] = pd.Categorical(both[col], categories=keep).codes
        out[out[:, j] < 0, j] = len(keep)
    return out


def _novel_ratio(X: np.ndarray, is_new: np.ndarray, random_state: int) -> np.ndarray:
    """Cross-fitted density ratio new / old of every row."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    n = len(X)
    rng = np.random.default_rng([random_state, 31])
    half = rng.permutation(n) % 2 == 0
    p = np.empty(n)
    for fit_rows in (half, ~half):
        model = HistGradientBoostingClassifier(
            max_iter=60,
            learning_rate=0.2,
            max_leaf_nodes=15,
            min_samples_leaf=max(20, n // 500),
            categorical_features=np.ones(X.shape[1], dtype=bool),
            early_stopping=False,
            random_state=random_state,
        )
        # one OpenMP thread: on a shared machine the spinning threads of a larger pool
        # made a fit 20 times slower; the trees are small and one thread is fast
        with threadpool_limits(limits=1, user_api="openmp"):
            model.fit(X[fit_rows], is_new[fit_rows])
            p[~fit_rows] = model.predict_proba(X[~fit_rows])[:, 1]
    n_new, n_old = int(is_new.sum()), int((~is_new).sum())
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(p / (1 - p) * n_old / max(n_new, 1))


def _label(values: list[tuple[str, str, float, float]]) -> str:
    parts = [v if not v[:1].isdigit() else f"{c} {v}" for c, v, _, _ in values[:4]]
    return " · ".join(parts) or "(no stand-out value)"


def _stand_out(group: pd.DataFrame, old: pd.DataFrame) -> list[tuple[str, str, float, float]]:
    found = []
    for col in group.columns:
        shares = group[col].astype(str).value_counts(normalize=True)
        if shares.empty:
            continue
        value, share = str(shares.index[0]), float(shares.iloc[0])
        base = float((old[col].astype(str) == value).mean())
        if share >= 0.4 and share >= 1.5 * base:
            found.append((str(col), value, share, base))
    return sorted(found, key=lambda t: -t[2] / max(t[3], 1e-9))


def emerging_groups(
    old: pd.DataFrame,
    new: pd.DataFrame,
    new_segments: np.ndarray | None = None,
    *,
    ratio: float = 4.0,
    min_share: float = 0.03,
    max_rows: int = 40_000,
    random_state: int = 0,
) -> list[EmergingGroup]:
    """Groups of the new version's rows that the old version did not have (see the module doc).

    Parameters
    ----------
    old, new
        Both versions' rows, in one set of levels (the same columns, values as text).
    new_segments
        The new run's segment of each new row (groups are split by it); ``None``: one group.
    ratio
        Density ratio (new / old) from which a row counts as novel.
    min_share
        Smallest excess share of the new rows for a group to be reported.
    max_rows
        Rows of each version used at most (a random sample beyond; shares are estimated).
    random_state
        Seed of the sampling, the folds and the classifier.

    Returns
    -------
    list[EmergingGroup]
        Largest excess first.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> old = pd.DataFrame({"plan": rng.choice(["Free", "Pro"], 3000),
    ...                     "region": rng.choice(["N", "S"], 3000)})
    >>> new = old.copy()
    >>> new.loc[:399, ["plan", "region"]] = ["Enterprise", "East"]  # 13 % newcomers
    >>> [(g.label, round(g.share_new, 2)) for g in emerging_groups(old, new)]
    [('Enterprise · East', 0.13)]
    """
    rng = np.random.default_rng([random_state, 37])
    cols = [c for c in old.columns if c in new.columns]
    pick_old = np.sort(rng.choice(len(old), max_rows, replace=False)) if len(old) > max_rows else None
    pick_new = np.sort(rng.choice(len(new), max_rows, replace=False)) if len(new) > max_rows else None
    o = old[cols] if pick_old is None else old[cols].iloc[pick_old]
    nw = new[cols] if pick_new is None else new[cols].iloc[pick_new]
    seg = None if new_segments is None else np.asarray(new_segments)
    if seg is not None and pick_new is not None:
        seg = seg[pick_new]
    if len(o) < 50 or len(nw) < 50 or not cols:
        return []
    X = _codes(o, nw)
    is_new = np.r_[np.zeros(len(o), dtype=bool), np.ones(len(nw), dtype=bool)]
    novel = _novel_ratio(X, is_new, random_state) >= ratio
    novel_old, novel_new = novel[: len(o)], novel[len(o) :]
    share_old = float(novel_old.mean())
    n_novel_new = int(novel_new.sum())
    if n_novel_new == 0:
        return []
    groups = (
        [(None, novel_new)] if seg is None else [(int(s), novel_new & (seg == s)) for s in np.unique(seg)]
    )
    out = []
    for sid, rows in groups:
        count = int(rows.sum())
        share_new = count / len(nw)
        share_old_region = share_old * count / n_novel_new
        if count == 0 or share_new - share_old_region < min_share:
            continue
        values = _stand_out(nw[rows], o)
        in_segment = count / max(int((seg == sid).sum()), 1) if seg is not None else share_new
        out.append(EmergingGroup(_label(values), share_new, share_old_region, sid, in_segment, tuple(values)))
    return sorted(out, key=lambda g: -g.excess)
