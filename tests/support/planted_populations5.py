"""A fifth planted-population generator (heldout5, session 7): joint shifts, unequal sizes, noise, continua.

It differs from :func:`support.planted.planted_population` (which every earlier split used)
in the ways a real customer base does:

- **Segments differ jointly.** One *mainstream* segment sits at the middle level of every
  planted attribute; each other segment moves 2 or 3 attributes together, each by ``shift``
  level steps (less than the old generator's full low/mid/high steps), so no single
  attribute separates all segments and a marginal may show no valley at all. Every two
  segments differ by at least ``shift * sqrt(2)`` steps.
- **Other attribute mixes.** Planted attributes come from every consumer signal
  (scores, interests, devices, screen time, orders, EMI, income) and may mix kinds.
- **Sizes are unequal.** Shares are a Dirichlet draw of concentration ``alpha`` (0.5: one
  segment may hold most people) floored at ``smallest``.
- **Noise columns.** ``noise_columns`` consumer signals that are not planted are redrawn
  uniformly over a wide range (high variance, no structure), and two columns the schema
  does not have (``loyalty_points``, ``app_opens_last_week``) are added.
- **Structureless audiences of four kinds** (``k == 1``): ``flat`` (the generator as is
  plus noise), ``continuum`` (one hidden factor moves three attributes smoothly, so k-means
  can cut it but nothing is there), ``weak`` (three groups whose shifts of 0.15 steps no
  marketer could act on) and ``spread`` (six signals redrawn uniformly).

Returns the population, each row's planted segment and the Bayes-classifier ARI on the
planted attributes (what the best possible method could reach; ``nan`` for ``k == 1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from support.planted import _LEVELS, DOMAIN_ATTRIBUTES, _kind

__all__ = ["PlantedGoal5", "planted_population5"]

_POOL = DOMAIN_ATTRIBUTES["any"]
_LOG = ("online_shopping_freq", "monthly_income_inr")


@dataclass(frozen=True)
class PlantedGoal5:
    """One heldout5 population: goal, planted k (1: none), structure kind and generator knobs."""

    goal: str
    k: int
    n: int = 30_000
    separation: float = 1.0
    defining: int = 2
    shift: float = 0.9
    alpha: float = 0.8
    smallest: float = 0.04
    noise_columns: int = 3
    structure: str = "segments"  # segments | flat | continuum | weak | spread
    random_state: int = 0
    avoid: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"{self.structure}:k{self.k}:s{self.separation:g}:d{self.defining}:r{self.random_state}"


def _shares(k: int, rng: np.random.Generator, alpha: float, smallest: float) -> np.ndarray:
    if k == 1:
        return np.ones(1)
    return smallest + (1.0 - smallest * k) * rng.dirichlet(np.full(k, alpha))


def _joint_profiles(k: int, m: int, defining: int, shift: float, rng: np.random.Generator) -> np.ndarray:
    """``(k, m)`` offsets in level steps: row 0 all zero; every other row moves ``defining`` attributes."""
    for _ in range(20_000):
        prof = np.zeros((k, m))
        for s in range(1, k):
            cols = rng.choice(m, size=defining, replace=False)
            prof[s, cols] = shift * rng.choice((-1.0, 1.0), size=defining)
        d = np.sqrt(((prof[:, None, :] - prof[None, :, :]) ** 2).sum(axis=2))
        if (d[np.triu_indices(k, 1)] >= shift * np.sqrt(2) - 1e-9).all():
            return prof
    raise ValueError(f"cannot plant {k} joint profiles on {m} attributes")


def _level(col: str, offset: np.ndarray) -> np.ndarray:
    """The attribute's level at ``offset`` steps from its middle (linear between low/mid/high)."""
    (low, mid, high), *_ = _LEVELS[_kind(col)]
    if col in _LOG:
        low, mid, high = np.log1p(low), np.log1p(mid), np.log1p(high)
    return np.where(offset >= 0, mid + offset * (high - mid), mid + offset * (mid - low))


def _write(df: pd.DataFrame, col: str, latent: np.ndarray, rng: np.random.Generator) -> None:
    (_, _sd, lo, hi) = _LEVELS[_kind(col)]
    if col == "emi_flag":
        df[col] = rng.random(len(df)) < np.clip(latent, 0.0, 1.0)
    elif col in _LOG:
        vals = np.clip(np.expm1(latent), lo, hi)
        df[col] = np.round(vals, 1) if col == "online_shopping_freq" else np.round(vals, -2).astype(np.int64)
    else:
        vals = np.clip(latent, lo, hi)
        df[col] = np.round(vals).astype(df[col].dtype) if col == "device_count" else np.round(vals, 3)


def _planted(
    df: pd.DataFrame,
    attrs: list[str],
    prof: np.ndarray,
    labels: np.ndarray,
    spread: float,
    rng: np.random.Generator,
) -> float:
    """Write the planted attributes; return the Bayes ARI from their latent values."""
    n, k = len(df), prof.shape[0]
    loglik = np.zeros((n, k))
    for j, col in enumerate(attrs):
        (_, sd, *_) = _LEVELS[_kind(col)]
        means = _level(col, prof[:, j])
        if col == "emi_flag":
            p = np.clip(means, 0.02, 0.98)
            x = rng.random(n) < p[labels]
            df[col] = x
            loglik += np.where(x[:, None], np.log(p)[None, :], np.log1p(-p)[None, :])
            continue
        s = sd * spread if sd > 0 else 0.05
        latent = means[labels] + rng.normal(0.0, s, n)
        _write(df, col, latent, rng)
        loglik += -0.5 * ((latent[:, None] - means[None, :]) / s) ** 2
    shares = np.bincount(labels, minlength=k) / n
    bayes = np.argmax(loglik + np.log(np.maximum(shares, 1e-12))[None, :], axis=1)
    return float(adjusted_rand_score(labels, bayes))


def _noise(df: pd.DataFrame, cols: list[str], rng: np.random.Generator) -> None:
    """Redraw ``cols`` uniformly over a range wider than their low..high levels (variance, no groups)."""
    for col in cols:
        (low, _, high), *_ = _LEVELS[_kind(col)]
        if col in _LOG:
            latent = rng.uniform(np.log1p(low) - 0.3, np.log1p(high) + 0.3, len(df))
        elif col == "emi_flag":
            latent = np.full(len(df), rng.uniform(0.2, 0.6))
        else:
            width = high - low
            latent = rng.uniform(low - 0.2 * width, high + 0.2 * width, len(df))
        _write(df, col, latent, rng)


def planted_population5(cfg: PlantedGoal5) -> tuple[pd.DataFrame, np.ndarray, float]:
    """The built-in population of ``cfg.n`` people with heldout5's structure; labels; Bayes ARI."""
    from synthpersona.population import generate
    from synthpersona.schema import INCOME_LOW_MAX, INCOME_MID_MAX

    rng = np.random.default_rng([cfg.random_state, 95])
    df = generate(cfg.n, random_state=cfg.random_state)
    pool = [c for c in _POOL if c not in cfg.avoid]
    order = list(rng.permutation(pool))
    labels = np.zeros(cfg.n, dtype=np.int64)
    bayes = float("nan")
    used: list[str] = []
    if cfg.structure == "segments":
        m = min(len(order) - cfg.noise_columns, max(cfg.defining + 1, cfg.k + 1, 4))
        used = order[:m]
        labels = rng.choice(cfg.k, size=cfg.n, p=_shares(cfg.k, rng, cfg.alpha, cfg.smallest))
        prof = _joint_profiles(cfg.k, m, cfg.defining, cfg.shift, rng)
        bayes = _planted(df, used, prof, labels, 1.0 / cfg.separation, rng)
    elif cfg.structure == "weak":
        used = order[:4]
        grp = rng.choice(3, size=cfg.n, p=_shares(3, rng, 1.5, 0.2))
        _planted(df, used, _joint_profiles(3, 4, 2, 0.15, rng), grp, 1.0, rng)
    elif cfg.structure == "continuum":
        used = order[:3]
        t = rng.uniform(-1.0, 1.0, cfg.n)
        for col in used:
            sign = rng.choice((-1.0, 1.0))
            (_, sd, *_) = _LEVELS[_kind(col)]
            latent = _level(col, sign * t) + (rng.normal(0.0, max(sd, 0.05) * 0.6, cfg.n) if sd > 0 else 0.0)
            _write(df, col, latent, rng)
    n_noise = 6 if cfg.structure == "spread" else cfg.noise_columns
    _noise(df, [c for c in order if c not in used][:n_noise], rng)
    df["loyalty_points"] = np.round(rng.lognormal(6.0, 1.2, cfg.n)).astype(np.int64)
    df["app_opens_last_week"] = rng.poisson(4.0, cfg.n).astype(np.int64)
    if "monthly_income_inr" in used or "monthly_income_inr" in order[len(used) : len(used) + n_noise]:
        inc = df["monthly_income_inr"].to_numpy()
        names = np.where(inc < INCOME_LOW_MAX, "Low", np.where(inc <= INCOME_MID_MAX, "Mid", "High"))
        df["income_level"] = pd.Categorical(names, categories=df["income_level"].cat.categories)
    return df, labels, bayes
