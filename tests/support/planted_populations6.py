"""A sixth planted-population generator (heldout6, session 8): mixed segment kinds, correlated noise.

It differs from :func:`support.planted_populations5.planted_population5` in the ways below,
so that a method tuned on the fifth generator is not measured on its own shapes:

- **Segments of mixed kinds in one audience.** Beside a mainstream segment (middle level of
  every planted attribute), each other segment is either a *single-attribute* segment (one
  attribute moved a full level step) or a *joint* segment (2 or 3 attributes moved together
  by ``shift`` steps). ``single_share`` sets the chance that a segment is single-attribute.
- **Correlated noise inside a segment.** Members' deviations on the planted attributes share a
  hidden factor (correlation ``rho``), so segments are tilted ellipses, not axis-aligned balls.
- **Skewed noise columns.** ``noise_columns`` unplanted consumer signals are redrawn from a
  right-skewed (log-normal-like) distribution, and one column the schema lacks
  (``referral_count``) is added.
- **Structureless audiences of four kinds** (``k == 1``): ``flat`` (the generator as is plus
  noise), ``correlated`` (three signals driven by one smooth factor: an elongated cloud),
  ``skewed`` (four heavy-tailed signals) and ``weak`` (three groups 0.2 steps apart on one
  attribute each: nothing a marketer could act on).

Returns the population, each row's planted segment and the Bayes-classifier ARI on the
planted attributes (``nan`` for ``k == 1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from support.planted import _LEVELS, DOMAIN_ATTRIBUTES, _kind
from support.planted_populations5 import _level, _shares, _write

__all__ = ["PlantedGoal6", "heldout6_configs", "planted_population6"]

_POOL = tuple(c for c in DOMAIN_ATTRIBUTES["any"] if c != "emi_flag")
_LOG = ("online_shopping_freq", "monthly_income_inr")


@dataclass(frozen=True)
class PlantedGoal6:
    """One heldout6 population: goal, planted k (1: none), structure kind and generator knobs."""

    goal: str
    k: int
    n: int = 30_000
    separation: float = 1.0
    shift: float = 0.9
    single_share: float = 0.4
    rho: float = 0.3
    alpha: float = 1.0
    smallest: float = 0.04
    noise_columns: int = 3
    structure: str = "segments"  # segments | flat | correlated | skewed | weak
    random_state: int = 0
    avoid: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"{self.structure}:k{self.k}:s{self.separation:g}:r{self.random_state}"


def _mixed_profiles(
    k: int, m: int, shift: float, single_share: float, rng: np.random.Generator
) -> np.ndarray:
    """``(k, m)`` level-step offsets: row 0 zero; others move 1 attribute by 1 step or 2-3 by ``shift``."""
    for _ in range(20_000):
        prof = np.zeros((k, m))
        for s in range(1, k):
            if rng.random() < single_share:
                prof[s, rng.integers(m)] = rng.choice((-1.0, 1.0))
            else:
                n_cols = int(rng.integers(2, 4))
                cols = rng.choice(m, size=n_cols, replace=False)
                prof[s, cols] = shift * rng.choice((-1.0, 1.0), size=n_cols)
        d = np.sqrt(((prof[:, None, :] - prof[None, :, :]) ** 2).sum(axis=2))
        if (d[np.triu_indices(k, 1)] >= min(1.0, shift * np.sqrt(2)) - 1e-9).all():
            return prof
    raise ValueError(f"cannot plant {k} mixed profiles on {m} attributes")


def _planted(
    df: pd.DataFrame,
    attrs: list[str],
    prof: np.ndarray,
    labels: np.ndarray,
    spread: float,
    rho: float,
    rng: np.random.Generator,
) -> float:
    """Write the planted attributes with correlated in-segment noise; return the Bayes ARI."""
    n, k, m = len(df), prof.shape[0], len(attrs)
    factor = rng.normal(size=n)
    z = np.sqrt(1.0 - rho) * rng.normal(size=(n, m)) + np.sqrt(rho) * factor[:, None]
    std = np.zeros((n, k, m))
    for j, col in enumerate(attrs):
        (_, sd, *_) = _LEVELS[_kind(col)]
        s = sd * spread
        means = _level(col, prof[:, j])
        latent = means[labels] + s * z[:, j]
        _write(df, col, latent, rng)
        std[:, :, j] = (latent[:, None] - means[None, :]) / s
    inv = np.linalg.inv((1.0 - rho) * np.eye(m) + rho * np.ones((m, m)))
    loglik = -0.5 * np.einsum("nkm,ml,nkl->nk", std, inv, std)
    shares = np.bincount(labels, minlength=k) / n
    bayes = np.argmax(loglik + np.log(np.maximum(shares, 1e-12))[None, :], axis=1)
    return float(adjusted_rand_score(labels, bayes))


def _skewed(df: pd.DataFrame, cols: list[str], rng: np.random.Generator) -> None:
    """Redraw ``cols`` right-skewed from their low level upwards (a long tail, no groups)."""
    for col in cols:
        (low, _mid, high), *_ = _LEVELS[_kind(col)]
        if col in _LOG:
            latent = np.log1p(low) + rng.gamma(1.5, (np.log1p(high) - np.log1p(low)) / 4.0, len(df))
        else:
            latent = low + rng.gamma(1.5, (high - low) / 4.0, len(df))
        _write(df, col, latent, rng)


def planted_population6(cfg: PlantedGoal6) -> tuple[pd.DataFrame, np.ndarray, float]:
    """The built-in population of ``cfg.n`` people with heldout6's structure; labels; Bayes ARI."""
    from synthpersona.population import generate
    from synthpersona.schema import INCOME_LOW_MAX, INCOME_MID_MAX

    rng = np.random.default_rng([cfg.random_state, 96])
    df = generate(cfg.n, random_state=cfg.random_state)
    pool = [c for c in _POOL if c not in cfg.avoid]
    order = list(rng.permutation(pool))
    labels = np.zeros(cfg.n, dtype=np.int64)
    bayes = float("nan")
    used: list[str] = []
    if cfg.structure == "segments":
        m = min(len(order) - cfg.noise_columns, max(cfg.k, 4))
        used = order[:m]
        labels = rng.choice(cfg.k, size=cfg.n, p=_shares(cfg.k, rng, cfg.alpha, cfg.smallest))
        prof = _mixed_profiles(cfg.k, m, cfg.shift, cfg.single_share, rng)
        bayes = _planted(df, used, prof, labels, 1.0 / cfg.separation, cfg.rho, rng)
    elif cfg.structure == "weak":
        used = order[:3]
        grp = rng.choice(3, size=cfg.n, p=_shares(3, rng, 1.5, 0.2))
        _planted(df, used, np.array([[0.0, 0.0, 0.0], [0.2, 0.0, 0.0], [0.0, -0.2, 0.0]]), grp, 1.0, 0.2, rng)
    elif cfg.structure == "correlated":
        used = order[:3]
        t = rng.normal(0.0, 0.6, cfg.n)
        for col in used:
            (_, sd, *_) = _LEVELS[_kind(col)]
            latent = _level(col, rng.choice((-1.0, 1.0)) * t) + rng.normal(0.0, sd * 0.4, cfg.n)
            _write(df, col, latent, rng)
    n_skew = 4 if cfg.structure == "skewed" else cfg.noise_columns
    _skewed(df, [c for c in order if c not in used][:n_skew], rng)
    df["referral_count"] = rng.negative_binomial(2, 0.4, cfg.n).astype(np.int64)
    if "monthly_income_inr" in order[: len(used) + n_skew]:
        inc = df["monthly_income_inr"].to_numpy()
        names = np.where(inc < INCOME_LOW_MAX, "Low", np.where(inc <= INCOME_MID_MAX, "Mid", "High"))
        df["income_level"] = pd.Categorical(names, categories=df["income_level"].cat.categories)
    return df, labels, bayes


# heldout6 (session 8, truth8): written and committed before anything was run on it. Goals in
# phrasings no earlier split used (negations, "or", "but not", Hinglish, age words, money in lakh);
# k 2-7; separations 0.8-1.3; mixes of single-attribute and joint segments; in-segment correlation
# 0-0.5; and four structureless audiences. Never tuned on.
# (goal, k, filter columns never planted, n, separation, shift, single_share, rho, alpha, noise)
_GOALS_HELDOUT6 = [
    ("people who are not married", 3, ("marital_status",), 40_000, 1.0, 0.9, 0.5, 0.3, 1.0, 3),
    (
        "women without children",
        4,
        ("gender", "has_children", "num_children", "parenting_stage"),
        35_000,
        1.1,
        0.9,
        0.3,
        0.2,
        0.8,
        2,
    ),
    (
        "bachchon wale parivaar Gujarat mein",
        3,
        ("has_children", "num_children", "parenting_stage", "state"),
        30_000,
        1.2,
        1.0,
        0.0,
        0.4,
        1.0,
        3,
    ),
    ("buyers between the ages of 21 and 33", 5, ("age",), 45_000, 1.0, 0.9, 0.4, 0.3, 0.7, 2),
    ("Punjabi-speaking Sikhs", 2, ("primary_language", "religion"), 50_000, 1.1, 0.9, 0.0, 0.3, 1.0, 3),
    ("people with a diploma or less", 4, ("education_level",), 40_000, 0.9, 1.0, 0.5, 0.1, 1.2, 3),
    ("men who aren't in tier-1 cities", 6, ("gender", "city_tier"), 50_000, 1.2, 0.9, 0.4, 0.3, 0.8, 2),
    ("unmarried graduates", 3, ("marital_status", "education_level"), 35_000, 1.0, 0.8, 0.3, 0.5, 1.0, 4),
    (
        "parents of teenagers",
        4,
        ("parenting_stage", "has_children", "num_children"),
        30_000,
        1.3,
        0.9,
        0.2,
        0.3,
        0.6,
        3,
    ),
    ("widowed or divorced people", 2, ("marital_status",), 45_000, 1.0, 1.0, 1.0, 0.2, 1.0, 2),
    (
        "households earning over 1 lakh a month",
        5,
        ("household_income_inr", "household_income_level"),
        40_000,
        1.1,
        0.9,
        0.4,
        0.4,
        1.0,
        3,
    ),
    ("Christians living in Kerala", 3, ("religion", "state"), 50_000, 0.9, 1.0, 0.3, 0.3, 1.5, 2),
    ("Instagram users younger than 28", 7, ("primary_media", "age"), 50_000, 1.3, 1.0, 0.4, 0.2, 1.0, 2),
    (
        "naukri-pesha mahilayein 30 ke upar",
        4,
        ("occupation", "gender", "age"),
        40_000,
        1.0,
        0.9,
        0.3,
        0.3,
        0.8,
        3,
    ),
    ("print readers over fifty", 3, ("primary_media", "age"), 35_000, 1.2, 0.8, 0.5, 0.0, 1.0, 3),
    ("business owners but not in metros", 5, ("occupation", "city_tier"), 45_000, 1.0, 1.0, 0.4, 0.3, 0.6, 2),
    (
        "non-Hindi speakers in urban areas",
        6,
        ("primary_language", "area_type"),
        50_000,
        1.1,
        0.9,
        0.3,
        0.4,
        1.0,
        3,
    ),
    ("people who shop on quick commerce apps", 3, ("preferred_channel",), 40_000, 0.8, 1.0, 0.3, 0.2, 1.0, 2),
]
# (goal, filter columns, structure)
_FLAT_HELDOUT6 = [
    ("homemakers in rural Bihar", ("occupation", "area_type", "state"), "flat"),
    ("young adults, 18 to 25, not students", ("age", "occupation"), "correlated"),
    ("Facebook or TV users over 45", ("primary_media", "age"), "skewed"),
    ("shaadi-shuda log tier-3 mein", ("marital_status", "city_tier"), "weak"),
]


def heldout6_configs() -> list[PlantedGoal6]:
    """heldout6: 18 planted audiences (k 2-7), then 4 structureless ones."""
    out = [
        PlantedGoal6(
            goal,
            k,
            n=n,
            separation=sep,
            shift=sh,
            single_share=single,
            rho=rho,
            alpha=a,
            noise_columns=nz,
            random_state=9100 + i,
            avoid=avoid,
        )
        for i, (goal, k, avoid, n, sep, sh, single, rho, a, nz) in enumerate(_GOALS_HELDOUT6)
    ]
    flat = [
        PlantedGoal6(g, 1, n=40_000, structure=kind, random_state=9190 + i, avoid=a)
        for i, (g, a, kind) in enumerate(_FLAT_HELDOUT6)
    ]
    return [*out, *flat]
