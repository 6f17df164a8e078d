"""A tenth planted-population generator (heldout10, session 12): segments among linked columns.

The built-in population's columns are linked (age, income, occupation, channel, media and the
scores move together). Earlier generators (:mod:`support.planted` and
:mod:`support.planted_populations5` to :mod:`support.planted_populations9`) planted segments on
top of that; this one also plants *dependence without segments*, so a method that reads
dependence as segments (or discounts real segments as dependence) loses. Segment shapes:

- ``grid``: four segments are the cells of two numeric signals each moved up or down (a 2 x 2
  grid, each marginal bimodal); with ``k == 3`` one cell is left empty.
- ``manysmall``: every non-mainstream segment moves THREE signals by a small ``shift`` (0.4-0.6
  level steps) and tilts one categorical value; no single signal separates them.
- ``demoprev``: segments on two numeric signals and a categorical tilt whose *prevalence* follows
  age and income (a logistic in both): segments are linked to demographics, yet they are not a
  demographic split.
- ``counts``: segments differ on the count and hour columns (``device_count``,
  ``daily_screen_hours``, ``online_shopping_freq``) and one score: lumpy, discrete values.
- ``compare``: the goal compares two demographic groups WITHOUT a "vs" ("men and women",
  "between urban and rural", "compare tier-1 with tier-3"); the group is the label (rows in
  neither group get label 2), and the groups differ on two numeric signals and a channel tilt.
  The group is a column, so the Bayes ceiling is 1.

Noise inside a segment is Gaussian or skewed (a centred, unit-variance gamma draw with shape 4).

Structureless audiences (``k == 1``), each with dependence a segment method must not read as
segments: ``factor`` (one continuous latent factor loads 0.75 on four signals: a strong
correlation, one mode), ``catlinked`` (channel and media drawn from shares that follow age and
income closely, signals tied to them), ``incomelinked`` (three signals that rise with log income),
``flat`` (the generator as is) and ``skewed`` (three heavily skewed signals).

Returns the population, each row's planted segment and the Bayes-classifier ARI on the planted
signals over all rows (``nan`` for ``k == 1``; 1 for ``compare``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import adjusted_rand_score

from support.planted import _LEVELS, _kind
from support.planted_populations5 import _level, _shares, _write
from support.planted_populations9 import (
    _NUMERIC,
    _UNIT,
    _base_shares,
    _categorical_profiles,
    _favour,
    _random_profiles,
)

__all__ = ["PlantedGoal10", "heldout10_configs", "planted_population10"]

_COUNTS = ("device_count", "daily_screen_hours", "online_shopping_freq")
_CATS = ("preferred_channel", "primary_media", "emi_flag")


@dataclass(frozen=True)
class PlantedGoal10:
    """One heldout10 population: goal, planted k (1: none), structure kind and generator knobs."""

    goal: str
    k: int
    structure: str = "grid"
    n: int = 40_000
    shift: float = 0.9  # level steps
    noise: str = "gauss"  # gauss | skewed
    cat_strength: float = 0.5
    gamma: float = 1.2
    alpha: float = 1.0
    by: str = ""  # compare: gender | area_type | city_tier
    sides: tuple[str, str] = ("", "")  # compare: the two groups' values of ``by``
    noise_columns: int = 2
    random_state: int = 0
    avoid: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"{self.structure}:k{self.k}:{self.noise}:r{self.random_state}"


class _Skewed:
    """A centred, unit-variance gamma draw (shape 4: skewness 1)."""

    shape = 4.0

    def rvs(self, size: int, random_state: np.random.Generator) -> np.ndarray:
        return (random_state.gamma(self.shape, 1.0, size) - self.shape) / np.sqrt(self.shape)

    def logpdf(self, x: np.ndarray) -> np.ndarray:
        s = np.sqrt(self.shape)
        return stats.gamma.logpdf(x * s + self.shape, self.shape) + np.log(s)


def _dist(noise: str) -> object:
    return _Skewed() if noise == "skewed" else stats.norm()


def _signals(
    df: pd.DataFrame,
    cols: list[str],
    prof: np.ndarray,
    labels: np.ndarray,
    noise: str,
    rng: np.random.Generator,
) -> np.ndarray:
    """Label ``s`` draws ``cols`` around ``prof[s]`` (level steps), the usual spread; log-liks."""
    n, big_k = len(df), prof.shape[0]
    dist = _dist(noise)
    loglik = np.zeros((n, big_k))
    for j, col in enumerate(cols):
        (_, sd, *_) = _LEVELS[_kind(col)]
        means = _level(col, prof[:, j])
        dev = dist.rvs(size=n, random_state=rng)  # type: ignore[attr-defined]
        latent = means[labels] + sd * dev
        _write(df, col, latent, rng)
        loglik += dist.logpdf((latent[:, None] - means[None, :]) / sd)  # type: ignore[attr-defined]
    return loglik


def _cat_tilts(
    df: pd.DataFrame, cfg: PlantedGoal10, big_k: int, labels: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Segments 1..k-1 each favour one (column, value) not yet taken; log-liks."""
    cats = [c for c in _CATS if c not in cfg.avoid]
    taken: set[tuple[str, int]] = set()
    favs: dict[str, dict[int, int]] = {}
    for s in range(1, cfg.k):
        while True:
            col = str(rng.choice(cats))
            base = _base_shares(df, col)
            lv = int(rng.integers(len(base)))
            if (col, lv) not in taken and base[lv] < 0.5:
                break
        taken.add((col, lv))
        favs.setdefault(col, {})[s] = lv
    loglik = np.zeros((len(df), big_k))
    for col, fav in favs.items():
        base = _base_shares(df, col)
        loglik += _categorical_profiles(df, col, _favour(base, big_k, fav, cfg.cat_strength), labels, rng)
    return loglik


def _profiles(cfg: PlantedGoal10, m: int, rng: np.random.Generator) -> np.ndarray:
    k = cfg.k
    if cfg.structure == "grid":
        cells = np.array([[-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0], [1.0, 1.0]])[rng.permutation(4)[:k]]
        return cfg.shift * cells
    defining = 3 if cfg.structure == "manysmall" else 2
    for _ in range(20_000):
        prof = np.zeros((k, m))
        for s in range(1, k):
            cols = rng.choice(m, size=defining, replace=False)
            prof[s, cols] = cfg.shift * rng.choice((-1.0, 1.0), size=defining)
        d = np.sqrt(((prof[:, None, :] - prof[None, :, :]) ** 2).sum(axis=2))
        if (d[np.triu_indices(k, 1)] >= cfg.shift * np.sqrt(2) - 1e-9).all():
            return prof
    raise ValueError(f"cannot plant {k} profiles on {m} signals")


def _labels(df: pd.DataFrame, cfg: PlantedGoal10, rng: np.random.Generator) -> np.ndarray:
    n, k = len(df), cfg.k
    if cfg.structure == "compare":
        x = df[cfg.by].astype(str).to_numpy()
        return np.where(x == cfg.sides[0], 0, np.where(x == cfg.sides[1], 1, 2)).astype(np.int64)
    p = _shares(k, rng, cfg.alpha, 0.06)
    if cfg.structure != "demoprev":
        return rng.choice(k, size=n, p=p / p.sum())
    # prevalence follows age and income: segment s's log-odds move by a_s * age_z + b_s * income_z
    age = df["age"].to_numpy().astype(float)
    inc = np.log(df["monthly_income_inr"].to_numpy().astype(float) + 1.0)
    az, iz = (age - age.mean()) / age.std(), (inc - inc.mean()) / inc.std()
    coef = rng.normal(0.0, 0.8, size=(k, 2))
    logit = np.log(p)[None, :] + az[:, None] * coef[:, 0] + iz[:, None] * coef[:, 1]
    prob = np.exp(logit - logit.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    return (prob.cumsum(axis=1) < rng.random(n)[:, None]).sum(axis=1).clip(0, k - 1)


def _planted(
    df: pd.DataFrame, cfg: PlantedGoal10, order: list[str], labels: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, list[str]]:
    """Write the planted columns; the per-label log-likelihoods (prevalence not included) and signals."""
    if cfg.structure == "compare":
        used = order[:2]
        prof = np.zeros((3, 2))
        prof[1] = cfg.shift * rng.choice((-1.0, 1.0), size=2)
        prof[:2] -= prof[1] / 2.0
        prof[2] = 0.0
        loglik = _signals(df, used, prof, labels, cfg.noise, rng)
        col = "preferred_channel"
        base = _base_shares(df, col)
        loglik += _categorical_profiles(
            df, col, _favour(base, 3, {1: int(np.argsort(base)[2])}, 0.3), labels, rng
        )
        return loglik, used
    if cfg.structure == "counts":
        used = [c for c in _COUNTS if c not in cfg.avoid] + [c for c in order if c in _UNIT][:1]
    else:
        m = (
            2
            if cfg.structure == "grid"
            else (max(4, cfg.k) if cfg.structure == "manysmall" else max(3, cfg.k))
        )
        used = order[:m]
    prof = _profiles(cfg, len(used), rng)
    loglik = _signals(df, used, prof, labels, cfg.noise, rng)
    if cfg.structure in ("manysmall", "demoprev"):
        loglik += _cat_tilts(df, cfg, cfg.k, labels, rng)
    if cfg.structure == "counts":
        col = "primary_media"
        base = _base_shares(df, col)
        loglik += _categorical_profiles(
            df, col, _random_profiles(base, cfg.k, cfg.k, cfg.gamma, rng), labels, rng
        )
    return loglik, used


def _structureless(
    df: pd.DataFrame, cfg: PlantedGoal10, order: list[str], rng: np.random.Generator
) -> list[str]:
    n = len(df)
    if cfg.structure == "factor":
        used = order[:4]
        f = rng.normal(size=n)
        for col in used:
            (_, sd, *_) = _LEVELS[_kind(col)]
            sign = rng.choice((-1.0, 1.0))
            z = 0.75 * sign * f + np.sqrt(1 - 0.75**2) * rng.normal(size=n)
            _write(df, col, _level(col, np.zeros(n)) + 2.0 * sd * z, rng)
        return used
    if cfg.structure == "incomelinked":
        used = order[:3]
        inc = np.log(df["monthly_income_inr"].to_numpy().astype(float) + 1.0)
        iz = np.clip((inc - inc.mean()) / inc.std(), -2.5, 2.5)
        for col in used:
            (_, sd, *_) = _LEVELS[_kind(col)]
            _write(df, col, _level(col, rng.choice((-1.0, 1.0)) * 0.45 * iz) + sd * rng.normal(size=n), rng)
        return used
    if cfg.structure == "catlinked":
        age = df["age"].to_numpy().astype(float)
        inc = np.log(df["monthly_income_inr"].to_numpy().astype(float) + 1.0)
        az, iz = (age - age.mean()) / age.std(), (inc - inc.mean()) / inc.std()
        for col in ("preferred_channel", "primary_media"):
            base = _base_shares(df, col)
            w = rng.normal(0.0, 1.2, size=(len(base), 2))
            logit = np.log(base)[None, :] + az[:, None] * w[:, 0] + iz[:, None] * w[:, 1]
            prob = np.exp(logit - logit.max(axis=1, keepdims=True))
            prob /= prob.sum(axis=1, keepdims=True)
            levels = np.asarray(sorted(df[col].cat.categories))
            code = (prob.cumsum(axis=1) < rng.random(n)[:, None]).sum(axis=1).clip(0, len(levels) - 1)
            df[col] = pd.Categorical(levels[code], categories=df[col].cat.categories)
        used = order[:2]
        for col in used:  # a smooth tie to age, as the population's own scores have
            (_, sd, *_) = _LEVELS[_kind(col)]
            _write(df, col, _level(col, 0.5 * np.clip(az, -2, 2)) + sd * rng.normal(size=n), rng)
        return used
    if cfg.structure == "skewed":
        used = [c for c in order if c in _UNIT][:3]
        dist = _Skewed()
        for col in used:
            (_, sd, *_) = _LEVELS[_kind(col)]
            _write(df, col, _level(col, np.full(n, -0.6)) + 1.6 * sd * dist.rvs(n, rng), rng)
        return used
    return []  # flat


def planted_population10(cfg: PlantedGoal10) -> tuple[pd.DataFrame, np.ndarray, float]:
    """The built-in population of ``cfg.n`` people with heldout10's structure; labels; Bayes ARI."""
    from synthpersona.population import generate
    from synthpersona.schema import INCOME_LOW_MAX, INCOME_MID_MAX

    rng = np.random.default_rng([cfg.random_state, 1010])
    df = generate(cfg.n, random_state=cfg.random_state)
    order = list(rng.permutation([c for c in _NUMERIC if c not in cfg.avoid and c not in _COUNTS]))
    labels = np.zeros(cfg.n, dtype=np.int64)
    bayes = float("nan")
    if cfg.k > 1:
        labels = _labels(df, cfg, rng)
        loglik, used = _planted(df, cfg, order, labels, rng)
        if cfg.structure == "compare":
            bayes = 1.0
        else:
            shares = np.bincount(labels, minlength=cfg.k) / len(labels)
            post = loglik + np.log(np.maximum(shares, 1e-12))[None, :]
            bayes = float(adjusted_rand_score(labels, np.argmax(post, axis=1)))
    else:
        used = _structureless(df, cfg, order, rng)
    rest = [c for c in order if c not in used]
    for col in rest[: cfg.noise_columns]:  # wide skewed noise on unplanted signals
        (_, sd, *_) = _LEVELS[_kind(col)]
        _write(df, col, _level(col, np.zeros(cfg.n)) + 1.8 * sd * _Skewed().rvs(cfg.n, rng), rng)
    df["loyalty_points"] = np.round(rng.lognormal(6.0, 1.0, cfg.n)).astype(np.int64)
    if "monthly_income_inr" in [*used, *rest[: cfg.noise_columns]]:
        inc = df["monthly_income_inr"].to_numpy()
        names = np.where(inc < INCOME_LOW_MAX, "Low", np.where(inc <= INCOME_MID_MAX, "Mid", "High"))
        df["income_level"] = pd.Categorical(names, categories=df["income_level"].cat.categories)
    return df, labels, bayes


# heldout10 (session 12, truth12): written and committed before any method ran on it. Goals in
# phrasings no earlier split used ("folks", "aged 40 plus", "from the north-east", Hinglish with
# "wale", Devanagari, "men and women" / "between urban and rural" / "compare tier-1 with tier-3"
# comparisons without "vs"); segment shapes not tuned for (a 2 x 2 grid, many small moves,
# prevalence tied to age and income, counts and hours); five structureless audiences that carry
# dependence (a latent factor, channel/media tied to age and income, income-linked scores, skew).
_G = PlantedGoal10
_PLANTED: list[PlantedGoal10] = [
    _G("salaried folks in Bengaluru, Chennai and Hyderabad", 4, "grid", n=60_000, shift=0.9),
    _G("young mothers, 22 to 32", 3, "grid", n=60_000, shift=1.0, noise="skewed"),
    _G("people aged 40 plus in tier-3 towns", 4, "grid", shift=0.8),
    _G("self employed men from Punjab and Haryana", 3, "manysmall", n=60_000, shift=0.6, cat_strength=0.45),
    _G("कॉलेज जाने वाले छात्र", 5, "manysmall", n=50_000, shift=0.6, noise="skewed"),
    _G("urban renters earning under 30k", 4, "manysmall", shift=0.5, cat_strength=0.5),
    _G("online shoppers who pay with EMI", 3, "manysmall", shift=0.6, avoid=("emi_flag",)),
    _G("mid career professionals between 30 and 45", 3, "demoprev", shift=0.9),
    _G("smartphone wale log chhote shehron mein", 4, "demoprev", n=60_000, shift=0.9, noise="skewed"),
    _G("everyone in Gujarat", 2, "demoprev", shift=0.8),
    _G("families in the north-east", 3, "demoprev", n=50_000, shift=1.0),
    _G("heavy phone users aged 18-30", 3, "counts", shift=1.0, avoid=("daily_screen_hours",)),
    _G("retired people in metros", 4, "counts", n=60_000, shift=1.1),
    _G("गृहिणियाँ जो ऑनलाइन खरीदारी करती हैं", 3, "counts", shift=1.0, avoid=("online_shopping_freq",)),
    _G("men and women in tier-2 cities", 2, "compare", shift=1.0, by="gender", sides=("Male", "Female")),
    _G(
        "how do shoppers differ between urban and rural areas",
        2,
        "compare",
        shift=1.0,
        noise="skewed",
        by="area_type",
        sides=("Urban", "Rural"),
    ),
    _G(
        "compare tier-1 with tier-3 city shoppers",
        2,
        "compare",
        n=50_000,
        shift=1.0,
        by="city_tier",
        sides=("Tier-1", "Tier-3"),
    ),
    _G("Marathi speakers with kids", 2, "grid", shift=1.0),
]
_STRUCTURELESS: list[PlantedGoal10] = [
    _G("teachers and doctors", 1, "factor", n=60_000),
    _G("Gen Z in Kolkata", 1, "catlinked", n=60_000),
    _G("graduates with a job in tier-1", 1, "incomelinked"),
    _G("sabhi log jo 35 se kam umar ke hain", 1, "flat", noise_columns=3),
    _G("budget buyers over 50", 1, "skewed", n=50_000),
]


def heldout10_configs() -> list[PlantedGoal10]:
    """heldout10: 18 planted audiences (k 2-5), then 5 structureless ones."""
    from dataclasses import replace

    out = [replace(c, random_state=10_100 + i) for i, c in enumerate(_PLANTED)]
    flat = [replace(c, random_state=10_190 + i) for i, c in enumerate(_STRUCTURELESS)]
    return [*out, *flat]
