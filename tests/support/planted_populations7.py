"""A seventh planted-population generator (heldout7, session 9): mixed-type signals, heavy tails, overlap.

It differs from the fifth and sixth generators (:mod:`support.planted_populations5`,
:mod:`support.planted_populations6`) in the ways a real customer base differs from them:

- **Segments differ by categorical and numeric signals together.** Beside a mainstream
  segment, each segment moves one or two numeric consumer signals by ``shift`` level steps
  and, with chance ``cat_share``, also favours one value of a categorical consumer column
  (``preferred_channel``, ``primary_media`` or ``emi_flag``): a member takes that value with
  probability ``cat_strength`` and otherwise follows the population's own shares.
- **Overlapping segments.** Two segments may differ by a single numeric signal moved by
  ``shift`` (< 1 step) and nothing else, so their clouds overlap at any separation.
- **Heavy-tailed or skewed noise inside a segment.** ``tail="t"`` draws members'
  deviations from a Student t with ``df`` degrees of freedom; ``tail="gamma"`` from a
  standardised gamma (shape ``df``, right-skewed). Both have unit variance before scaling.
- **Unequal sizes down to 5 %.** Dirichlet(``alpha``) shares floored at ``smallest``.
- **Heavy-tailed noise columns.** ``noise_columns`` unplanted consumer signals are redrawn
  from a Pareto-tailed distribution, and two columns the schema lacks (``wallet_balance_inr``,
  heavy-tailed; ``coupons_used``, zero-inflated counts) are added.
- **Structureless audiences of five kinds** (``k == 1``): ``flat`` (the generator as is
  plus noise), ``heavy`` (five Pareto-tailed signals), ``continuum`` (a skewed hidden factor
  moving three signals), ``weak`` (three groups 0.15 steps apart, one with a mild channel
  preference) and ``categorical`` (channel, media and EMI redrawn independently, uniform).

Returns the population, each row's planted segment and the Bayes-classifier ARI on the
planted signals, categorical ones included (``nan`` for ``k == 1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import adjusted_rand_score

from support.planted import _LEVELS, DOMAIN_ATTRIBUTES, _kind
from support.planted_populations5 import _level, _shares, _write

__all__ = ["PlantedGoal7", "heldout7_configs", "planted_population7"]

_NUMERIC = tuple(c for c in DOMAIN_ATTRIBUTES["any"] if c != "emi_flag")
_CATEGORICAL = ("preferred_channel", "primary_media", "emi_flag")
_LOG = ("online_shopping_freq", "monthly_income_inr")


@dataclass(frozen=True)
class PlantedGoal7:
    """One heldout7 population: goal, planted k (1: none), structure kind and generator knobs."""

    goal: str
    k: int
    n: int = 30_000
    separation: float = 1.0
    shift: float = 0.9
    cat_share: float = 0.5
    cat_strength: float = 0.65
    tail: str = "t"  # t | gamma
    df: float = 4.0
    alpha: float = 0.8
    smallest: float = 0.05
    noise_columns: int = 3
    structure: str = "segments"  # segments | flat | heavy | continuum | weak | categorical
    random_state: int = 0
    avoid: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"{self.structure}:k{self.k}:s{self.separation:g}:{self.tail}:r{self.random_state}"


def _profiles(k: int, m: int, shift: float, rng: np.random.Generator) -> np.ndarray:
    """``(k, m)`` level-step offsets: row 0 zero; others move 1-2 signals by ``shift``; all distinct."""
    for _ in range(20_000):
        prof = np.zeros((k, m))
        for s in range(1, k):
            cols = rng.choice(m, size=int(rng.integers(1, 3)), replace=False)
            prof[s, cols] = shift * rng.choice((-1.0, 1.0), size=len(cols))
        d = np.sqrt(((prof[:, None, :] - prof[None, :, :]) ** 2).sum(axis=2))
        if (d[np.triu_indices(k, 1)] >= shift - 1e-9).all():
            return prof
    raise ValueError(f"cannot plant {k} profiles on {m} signals")


def _noise(tail: str, df: float, size: int, rng: np.random.Generator) -> tuple[np.ndarray, object]:
    """Unit-variance deviations and the frozen distribution of one deviation (for the Bayes ARI)."""
    if tail == "gamma":
        dist = stats.gamma(df, loc=-np.sqrt(df), scale=1.0 / np.sqrt(df))
    else:
        dist = stats.t(df, scale=np.sqrt((df - 2.0) / df))
    return dist.rvs(size=size, random_state=rng), dist


def _categorical_tilts(
    df: pd.DataFrame, cfg: PlantedGoal7, labels: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Favour one value of a categorical column in some segments; return the ``(n, k)`` log-likelihoods."""
    n, k = len(df), cfg.k
    loglik = np.zeros((n, k))
    cats = [c for c in _CATEGORICAL if c not in cfg.avoid]
    for s in range(1, k):
        if not cats or rng.random() >= cfg.cat_share:
            continue
        col = str(rng.choice(cats))
        values = df[col].astype(str).to_numpy() if col != "emi_flag" else df[col].to_numpy().astype(str)
        levels, counts = np.unique(values, return_counts=True)
        base = counts / counts.sum()
        fav = int(
            rng.choice(len(levels), p=np.where(base < 0.5, base, 0.0) / np.where(base < 0.5, base, 0.0).sum())
        )
        members = labels == s
        take = members & (rng.random(n) < cfg.cat_strength)
        new = values.copy()
        new[take] = levels[fav]
        if col == "emi_flag":
            df[col] = new == "True"
        else:
            df[col] = pd.Categorical(new, categories=df[col].cat.categories)
        # every segment's likelihood of the column's values: base shares, segment s tilted
        code = np.searchsorted(levels, new)
        tilted = (1.0 - cfg.cat_strength) * base
        tilted[fav] += cfg.cat_strength
        other = np.log(base[code])
        loglik += other[:, None]
        loglik[:, s] += np.log(tilted[code]) - other
    return loglik


def _planted(
    df: pd.DataFrame, cfg: PlantedGoal7, attrs: list[str], labels: np.ndarray, rng: np.random.Generator
) -> float:
    """Write the planted numeric and categorical signals; return the Bayes ARI on all of them."""
    n, k = len(df), cfg.k
    prof = _profiles(k, len(attrs), cfg.shift, rng)
    loglik = _categorical_tilts(df, cfg, labels, rng)
    for j, col in enumerate(attrs):
        (_, sd, *_) = _LEVELS[_kind(col)]
        s = sd / cfg.separation
        means = _level(col, prof[:, j])
        dev, dist = _noise(cfg.tail, cfg.df, n, rng)
        latent = means[labels] + s * dev
        _write(df, col, latent, rng)
        loglik += dist.logpdf((latent[:, None] - means[None, :]) / s)  # type: ignore[attr-defined]
    shares = np.bincount(labels, minlength=k) / n
    bayes = np.argmax(loglik + np.log(np.maximum(shares, 1e-12))[None, :], axis=1)
    return float(adjusted_rand_score(labels, bayes))


def _pareto(df: pd.DataFrame, cols: list[str], rng: np.random.Generator) -> None:
    """Redraw ``cols`` with a Pareto tail above their low level (most people low, a few very high)."""
    for col in cols:
        (low, mid, _high), *_ = _LEVELS[_kind(col)]
        if col in _LOG:
            latent = np.log1p(low) + (np.log1p(mid) - np.log1p(low)) * 0.5 * rng.pareto(2.5, len(df))
        else:
            latent = low + (mid - low) * 0.5 * rng.pareto(2.5, len(df))
        _write(df, col, latent, rng)


def _structureless(
    df: pd.DataFrame, cfg: PlantedGoal7, order: list[str], rng: np.random.Generator
) -> list[str]:
    """Write a ``k == 1`` audience's signals by its kind; return the signals it used."""
    n = len(df)
    if cfg.structure == "weak":
        used = order[:3]
        grp = rng.choice(3, size=n, p=_shares(3, rng, 1.5, 0.2))
        for j, col in enumerate(used):
            (_, sd, *_) = _LEVELS[_kind(col)]
            off = np.zeros(3)
            off[j % 3] = 0.15
            _write(df, col, _level(col, off)[grp] + sd * rng.normal(size=n), rng)
        if "preferred_channel" not in cfg.avoid:
            ch = df["preferred_channel"].astype(str).to_numpy().copy()
            flip = (grp == 1) & (rng.random(n) < 0.05)
            ch[flip] = "Quick commerce"
            df["preferred_channel"] = pd.Categorical(ch, categories=df["preferred_channel"].cat.categories)
        return used
    if cfg.structure == "continuum":
        used = order[:3]
        t = rng.gamma(2.0, 0.35, n) - 0.7
        for col in used:
            (_, sd, *_) = _LEVELS[_kind(col)]
            _write(df, col, _level(col, rng.choice((-1.0, 1.0)) * t) + sd * 0.5 * rng.normal(size=n), rng)
        return used
    if cfg.structure == "categorical":
        for col in _CATEGORICAL:
            if col in cfg.avoid:
                continue
            if col == "emi_flag":
                df[col] = rng.random(n) < 0.4
            else:
                cats = list(df[col].cat.categories)
                df[col] = pd.Categorical(rng.choice(cats, size=n), categories=cats)
        return []
    return []


def planted_population7(cfg: PlantedGoal7) -> tuple[pd.DataFrame, np.ndarray, float]:
    """The built-in population of ``cfg.n`` people with heldout7's structure; labels; Bayes ARI."""
    from synthpersona.population import generate
    from synthpersona.schema import INCOME_LOW_MAX, INCOME_MID_MAX

    rng = np.random.default_rng([cfg.random_state, 97])
    df = generate(cfg.n, random_state=cfg.random_state)
    order = list(rng.permutation([c for c in _NUMERIC if c not in cfg.avoid]))
    labels = np.zeros(cfg.n, dtype=np.int64)
    bayes = float("nan")
    if cfg.structure == "segments":
        m = min(len(order) - cfg.noise_columns, max(cfg.k - 1, 3))
        used = order[:m]
        labels = rng.choice(cfg.k, size=cfg.n, p=_shares(cfg.k, rng, cfg.alpha, cfg.smallest))
        bayes = _planted(df, cfg, used, labels, rng)
    else:
        used = _structureless(df, cfg, order, rng)
    n_heavy = 5 if cfg.structure == "heavy" else cfg.noise_columns
    heavy = [c for c in order if c not in used][:n_heavy]
    _pareto(df, heavy, rng)
    df["wallet_balance_inr"] = np.round(rng.lognormal(7.0, 1.5, cfg.n), -1).astype(np.int64)
    df["coupons_used"] = np.where(rng.random(cfg.n) < 0.6, 0, rng.poisson(3.0, cfg.n)).astype(np.int64)
    if "monthly_income_inr" in [*used, *heavy]:
        inc = df["monthly_income_inr"].to_numpy()
        names = np.where(inc < INCOME_LOW_MAX, "Low", np.where(inc <= INCOME_MID_MAX, "Mid", "High"))
        df["income_level"] = pd.Categorical(names, categories=df["income_level"].cat.categories)
    return df, labels, bayes


# heldout7 (session 9, truth9): written and committed before anything was run on it. Goals in
# phrasings no earlier split used (negations, "excluding", "or", "plus", Hinglish, life stages);
# k 2-7; separations 0.8-1.3; segments that mix a categorical preference with 1-2 numeric shifts;
# overlapping segments (one signal apart); heavy-tailed (t, df 3-6) or skewed (gamma) noise; sizes
# down to 5 %; and five structureless audiences. Never tuned on.
# (goal, k, filter columns never planted, n, separation, shift, cat_share, tail, df, alpha, noise)
_PLANTED = [
    (
        "moms who don't work outside the home",
        3,
        ("gender", "has_children", "num_children", "parenting_stage", "occupation"),
        40_000,
        1.1,
        0.9,
        0.6,
        "t",
        4.0,
        0.8,
        3,
    ),
    (
        "log jinki shaadi nahi hui, 25 se kam umar",
        4,
        ("marital_status", "age"),
        35_000,
        1.0,
        0.9,
        0.5,
        "gamma",
        3.0,
        1.0,
        2,
    ),
    (
        "non-Muslim households in Hyderabad",
        2,
        ("religion", "city", "state"),
        50_000,
        1.2,
        1.0,
        0.5,
        "t",
        5.0,
        0.7,
        3,
    ),
    (
        "anyone who is not a homemaker or a student",
        5,
        ("occupation",),
        30_000,
        1.0,
        0.9,
        0.4,
        "t",
        3.0,
        0.6,
        2,
    ),
    (
        "first-time parents in their late twenties",
        3,
        ("parenting_stage", "has_children", "num_children", "age"),
        45_000,
        1.3,
        0.8,
        0.6,
        "gamma",
        4.0,
        1.0,
        3,
    ),
    (
        "Marathi bolne wale log Pune ke bahar",
        4,
        ("primary_language", "city", "state"),
        40_000,
        1.1,
        0.9,
        0.5,
        "t",
        4.0,
        0.9,
        2,
    ),
    (
        "people in their forties and fifties without a degree",
        6,
        ("age", "education_level"),
        50_000,
        1.2,
        0.9,
        0.5,
        "t",
        6.0,
        0.8,
        3,
    ),
    (
        "salaried folks earning under 60k",
        3,
        ("occupation", "monthly_income_inr", "income_level"),
        30_000,
        0.9,
        1.0,
        0.7,
        "gamma",
        3.0,
        1.2,
        2,
    ),
    ("Gen Z who use YouTube the most", 5, ("age", "primary_media"), 45_000, 1.0, 0.9, 0.5, "t", 4.0, 0.5, 3),
    ("women in the North-East", 2, ("gender", "state", "city"), 50_000, 1.0, 0.9, 0.6, "t", 3.0, 1.0, 2),
    (
        "semi-urban and rural shoppers, excluding retirees",
        4,
        ("area_type", "occupation"),
        35_000,
        0.9,
        1.0,
        0.5,
        "gamma",
        5.0,
        0.7,
        3,
    ),
    (
        "high income households that are not in tier-1",
        7,
        ("household_income_inr", "household_income_level", "city_tier"),
        50_000,
        1.3,
        1.0,
        0.5,
        "t",
        5.0,
        1.0,
        2,
    ),
    (
        "senior citizens who are widowed",
        3,
        ("age", "marital_status"),
        45_000,
        1.0,
        0.9,
        0.4,
        "t",
        3.0,
        0.9,
        3,
    ),
    (
        "Tamil Nadu ke young professionals",
        4,
        ("state", "city", "age", "occupation"),
        50_000,
        1.2,
        0.9,
        0.6,
        "gamma",
        3.0,
        0.8,
        2,
    ),
    (
        "people who buy from brand websites or marketplaces",
        5,
        ("preferred_channel",),
        40_000,
        1.0,
        0.9,
        0.5,
        "t",
        4.0,
        0.6,
        3,
    ),
    ("divorced or separated women", 2, ("marital_status", "gender"), 50_000, 1.1, 1.0, 0.7, "t", 4.0, 1.0, 2),
    (
        "customers with more than two kids",
        6,
        ("num_children", "has_children", "parenting_stage"),
        45_000,
        1.1,
        0.9,
        0.5,
        "gamma",
        4.0,
        0.8,
        3,
    ),
    ("35 plus adults living in cities", 4, ("age", "area_type"), 30_000, 0.8, 1.0, 0.5, "t", 5.0, 1.0, 2),
    (
        "Hindi-speaking self-employed men",
        3,
        ("primary_language", "occupation", "gender"),
        50_000,
        1.0,
        0.9,
        0.6,
        "t",
        3.0,
        0.7,
        3,
    ),
    (
        "graduates who are not on Instagram",
        5,
        ("education_level", "primary_media"),
        35_000,
        1.1,
        0.9,
        0.5,
        "gamma",
        3.0,
        1.0,
        2,
    ),
]
# (goal, filter columns, structure)
_STRUCTURELESS = [
    ("gharelu auratein tier-2 shehron mein", ("occupation", "gender", "city_tier"), "flat"),
    ("people over 65", ("age",), "heavy"),
    ("Sikh families outside Punjab", ("religion", "state", "has_children"), "continuum"),
    ("men who are not married", ("gender", "marital_status"), "weak"),
    ("urban Jains and Buddhists", ("religion", "area_type"), "categorical"),
]


def heldout7_configs() -> list[PlantedGoal7]:
    """heldout7: 20 planted audiences (k 2-7), then 5 structureless ones."""
    out = [
        PlantedGoal7(
            goal,
            k,
            n=n,
            separation=sep,
            shift=sh,
            cat_share=cs,
            tail=tail,
            df=dof,
            alpha=a,
            noise_columns=nz,
            random_state=9700 + i,
            avoid=avoid,
        )
        for i, (goal, k, avoid, n, sep, sh, cs, tail, dof, a, nz) in enumerate(_PLANTED)
    ]
    flat = [
        PlantedGoal7(g, 1, n=40_000, structure=kind, random_state=9790 + i, avoid=a)
        for i, (g, a, kind) in enumerate(_STRUCTURELESS)
    ]
    return [*out, *flat]
