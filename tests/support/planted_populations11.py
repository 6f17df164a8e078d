"""An eleventh planted-population generator (heldout11, session 13): rare segments, many noisy columns.

Earlier generators (:mod:`support.planted`, :mod:`support.planted_populations5` to
:mod:`support.planted_populations10`) planted segments of moderate sizes on a handful of signals.
This one plants the shapes a marketer meets when the interesting group is small or hides among many
columns:

- ``rare``: one or two segments of 6-9 % beside a mainstream of 80-93 %; each rare segment moves
  two numeric signals by ``shift`` level steps and favours one channel or media value.
- ``catmix``: segments are defined mainly by their *mix* of categorical consumer values (each
  draws channel, media and EMI from its own shares); one numeric signal moves by at most
  ``0.4 * shift`` steps.
- ``ordinal``: segments move two of three signals; every score in the population (all 0-1
  columns) is then written on a five-point scale (0, .25, .5, .75, 1), as survey answers are.
- ``sparse``: 4-6 segments (one of them 5-6 %) live in three signals among many noisy ones:
  ``noise_columns`` (6-9) other signals carry wide skewed noise.
- ``compare``: the goal compares two demographic groups in phrasings no earlier split used
  ("versus", "differ from ... without", "side by side", "contrast ... with"); the group is the
  label (rows in neither group get label 2). Groups differ on two numeric signals and a media
  tilt. The group is a column, so the ceiling is 1.

Structureless audiences (``k == 1``) that carry dependence: ``factor2`` (two latent factors, each
loading 0.7 on three signals), ``catscore`` (channel and EMI drawn from shares that follow one
unimodal score and income), ``ordinalfactor`` (one factor on four scores, every score on a
five-point scale), ``heavytail`` (three correlated, log-normal heavy-tailed signals) and
``manynoise`` (nine signals of wide skewed noise).

Returns the population, each row's planted segment and the Bayes-classifier ARI on the planted
columns over all rows (``nan`` for ``k == 1``; 1 for ``compare``). For ``ordinal`` the Bayes ARI
is computed on the values before the five-point rounding (a slight over-estimate of the ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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

__all__ = ["PlantedGoal11", "heldout11_configs", "planted_population11"]

_CATS = ("preferred_channel", "primary_media")


@dataclass(frozen=True)
class PlantedGoal11:
    """One heldout11 population: goal, planted k (1: none), structure kind and generator knobs."""

    goal: str
    k: int
    structure: str = "rare"
    n: int = 40_000
    shift: float = 1.0  # level steps
    shares: tuple[float, ...] = ()  # fixed segment shares (empty: Dirichlet, smallest 5 %)
    cat_gamma: float = 1.6  # catmix: how far each segment's categorical shares tilt
    noise_columns: int = 3
    by: str = ""  # compare: gender | has_children | area_type | city_tier
    sides: tuple[str, str] = ("", "")
    random_state: int = 0
    avoid: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"{self.structure}:k{self.k}:r{self.random_state}"


class _Skewed:
    """A centred, unit-variance gamma draw (shape 3)."""

    shape = 3.0

    def rvs(self, size: int, rng: np.random.Generator) -> np.ndarray:
        return (rng.gamma(self.shape, 1.0, size) - self.shape) / np.sqrt(self.shape)


def _signals(
    df: pd.DataFrame, cols: list[str], prof: np.ndarray, labels: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Label ``s`` draws ``cols`` around ``prof[s]`` (level steps), Gaussian, the usual spread; log-liks."""
    n, big_k = len(df), prof.shape[0]
    loglik = np.zeros((n, big_k))
    for j, col in enumerate(cols):
        (_, sd, *_) = _LEVELS[_kind(col)]
        means = _level(col, prof[:, j])
        latent = means[labels] + sd * rng.normal(size=n)
        _write(df, col, latent, rng)
        loglik += stats.norm.logpdf((latent[:, None] - means[None, :]) / sd)
    return loglik


def _joint(k: int, m: int, defining: int, shift: float, rng: np.random.Generator) -> np.ndarray:
    """``(k, m)`` offsets: row 0 (the mainstream) zero, each other row moves ``defining`` signals."""
    for _ in range(20_000):
        prof = np.zeros((k, m))
        for s in range(1, k):
            cols = rng.choice(m, size=defining, replace=False)
            prof[s, cols] = shift * rng.choice((-1.0, 1.0), size=defining)
        d = np.sqrt(((prof[:, None, :] - prof[None, :, :]) ** 2).sum(axis=2))
        if (d[np.triu_indices(k, 1)] >= shift * np.sqrt(2) - 1e-9).all():
            return prof
    raise ValueError(f"cannot plant {k} profiles on {m} signals")


def _labels(df: pd.DataFrame, cfg: PlantedGoal11, rng: np.random.Generator) -> np.ndarray:
    if cfg.structure == "compare":
        x = df[cfg.by].astype(str).to_numpy()
        return np.where(x == cfg.sides[0], 0, np.where(x == cfg.sides[1], 1, 2)).astype(np.int64)
    p = np.asarray(cfg.shares, dtype=float) if cfg.shares else _shares(cfg.k, rng, 1.0, 0.05)
    return rng.choice(cfg.k, size=len(df), p=p / p.sum())


def _tilt(
    df: pd.DataFrame, cfg: PlantedGoal11, big_k: int, labels: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Segments 1..k-1 each favour one (channel or media, value) with chance 0.45; log-liks."""
    taken: set[tuple[str, int]] = set()
    favs: dict[str, dict[int, int]] = {}
    for s in range(1, cfg.k):
        while True:
            col = str(rng.choice([c for c in _CATS if c not in cfg.avoid]))
            base = _base_shares(df, col)
            lv = int(rng.integers(len(base)))
            if (col, lv) not in taken and base[lv] < 0.4:
                break
        taken.add((col, lv))
        favs.setdefault(col, {})[s] = lv
    loglik = np.zeros((len(df), big_k))
    for col, fav in favs.items():
        base = _base_shares(df, col)
        loglik += _categorical_profiles(df, col, _favour(base, big_k, fav, 0.45), labels, rng)
    return loglik


def _ordinal(df: pd.DataFrame) -> None:
    """Every 0-1 score on a five-point scale."""
    for col in _UNIT:
        df[col] = np.round(df[col].to_numpy().astype(float) * 4.0) / 4.0


def _planted(
    df: pd.DataFrame, cfg: PlantedGoal11, order: list[str], labels: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, list[str]]:
    """Write the planted columns; per-label log-likelihoods (prevalence not included) and signals."""
    k = cfg.k
    if cfg.structure == "compare":
        used = order[:2]
        prof = np.zeros((3, 2))
        prof[1] = cfg.shift * rng.choice((-1.0, 1.0), size=2)
        prof[:2] -= prof[1] / 2.0
        loglik = _signals(df, used, prof, labels, rng)
        base = _base_shares(df, "primary_media")
        loglik += _categorical_profiles(
            df, "primary_media", _favour(base, 3, {1: int(np.argsort(base)[3])}, 0.3), labels, rng
        )
        return loglik, used
    if cfg.structure == "catmix":
        used = order[:1]
        prof = (0.4 * cfg.shift * np.linspace(-1.0, 1.0, k)[rng.permutation(k)])[:, None]
        loglik = _signals(df, used, prof, labels, rng)
        for col in (*(c for c in _CATS if c not in cfg.avoid), "emi_flag"):
            if col in cfg.avoid:
                continue
            base = _base_shares(df, col)
            loglik += _categorical_profiles(
                df, col, _random_profiles(base, k, k, cfg.cat_gamma, rng), labels, rng
            )
        return loglik, used
    if cfg.structure == "ordinal":
        used = [c for c in order if c in _UNIT][:3]
    elif cfg.structure == "sparse":
        used = order[:3]
    else:  # rare
        used = order[:2]
    if cfg.structure == "sparse":
        prof = np.zeros((k, 3))
        cells = [(a, b, c) for a in (-1, 0, 1) for b in (-1, 0, 1) for c in (-1, 0, 1)]
        for _ in range(20_000):
            pick = rng.choice(len(cells), size=k, replace=False)
            prof = cfg.shift * np.asarray([cells[i] for i in pick], dtype=float)
            d = np.sqrt(((prof[:, None, :] - prof[None, :, :]) ** 2).sum(axis=2))
            if (d[np.triu_indices(k, 1)] >= cfg.shift * np.sqrt(2) - 1e-9).all():
                break
    else:
        prof = _joint(k, len(used), 2, cfg.shift, rng)
    loglik = _signals(df, used, prof, labels, rng)
    if cfg.structure == "rare":
        loglik += _tilt(df, cfg, k, labels, rng)
    return loglik, used


def _structureless(
    df: pd.DataFrame, cfg: PlantedGoal11, order: list[str], rng: np.random.Generator
) -> list[str]:
    n = len(df)
    if cfg.structure in ("factor2", "ordinalfactor"):
        pool = [c for c in order if c in _UNIT] if cfg.structure == "ordinalfactor" else order
        used = pool[:6] if cfg.structure == "factor2" else pool[:4]
        factors = rng.normal(size=(n, 2))
        for j, col in enumerate(used):
            (_, sd, *_) = _LEVELS[_kind(col)]
            f = factors[:, j % 2] if cfg.structure == "factor2" else factors[:, 0]
            z = 0.7 * rng.choice((-1.0, 1.0)) * f + np.sqrt(1 - 0.7**2) * rng.normal(size=n)
            _write(df, col, _level(col, np.zeros(n)) + 2.0 * sd * z, rng)
        return used
    if cfg.structure == "catscore":
        col0 = next(c for c in order if c in _UNIT)
        (_, sd, *_) = _LEVELS["unit"]
        score = _level(col0, np.zeros(n)) + 1.8 * sd * rng.normal(size=n)
        _write(df, col0, score, rng)
        sz = (score - score.mean()) / score.std()
        inc = np.log(df["monthly_income_inr"].to_numpy().astype(float) + 1.0)
        iz = (inc - inc.mean()) / inc.std()
        base = _base_shares(df, "preferred_channel")
        w = rng.normal(0.0, 1.0, size=(len(base), 2))
        logit = np.log(base)[None, :] + sz[:, None] * w[:, 0] + iz[:, None] * w[:, 1]
        prob = np.exp(logit - logit.max(axis=1, keepdims=True))
        prob /= prob.sum(axis=1, keepdims=True)
        levels = np.asarray(sorted(df["preferred_channel"].cat.categories))
        code = (prob.cumsum(axis=1) < rng.random(n)[:, None]).sum(axis=1).clip(0, len(levels) - 1)
        cats = df["preferred_channel"].cat.categories
        df["preferred_channel"] = pd.Categorical(levels[code], categories=cats)
        df["emi_flag"] = rng.random(n) < 1.0 / (1.0 + np.exp(-(-0.3 + 0.9 * iz - 0.6 * sz)))
        return [col0]
    if cfg.structure == "heavytail":
        used = order[:3]
        f = rng.normal(size=n)
        for col in used:
            (_, sd, *_) = _LEVELS[_kind(col)]
            z = 0.6 * f + 0.8 * rng.normal(size=n)
            tail = np.exp(0.8 * z) - np.exp(0.32)  # log-normal, centred on its mean
            _write(df, col, _level(col, np.full(n, -0.5)) + 1.2 * sd * tail, rng)
        return used
    return []  # manynoise: the noise columns alone


def planted_population11(cfg: PlantedGoal11) -> tuple[pd.DataFrame, np.ndarray, float]:
    """The built-in population of ``cfg.n`` people with heldout11's structure; labels; Bayes ARI."""
    from synthpersona.population import generate
    from synthpersona.schema import INCOME_LOW_MAX, INCOME_MID_MAX

    rng = np.random.default_rng([cfg.random_state, 1111])
    df = generate(cfg.n, random_state=cfg.random_state)
    order = list(rng.permutation([c for c in _NUMERIC if c not in cfg.avoid]))
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
    if cfg.structure in ("ordinal", "ordinalfactor"):
        _ordinal(df)
    if "monthly_income_inr" in [*used, *rest[: cfg.noise_columns]]:
        inc = df["monthly_income_inr"].to_numpy()
        names = np.where(inc < INCOME_LOW_MAX, "Low", np.where(inc <= INCOME_MID_MAX, "Mid", "High"))
        df["income_level"] = pd.Categorical(names, categories=df["income_level"].cat.categories)
    return df, labels, bayes


# heldout11 (session 13, truth13): written and committed before any method ran on it. Segment shapes
# not tuned for (one or two rare segments of 6-9 %, categorical mixes, five-point scores, 4-6
# segments in three signals among 6-9 noisy columns); comparisons phrased without "vs" or "and"
# ("versus", "differ from ... without", "side by side", "contrast ... with"); five structureless
# audiences that carry dependence (two factors, channel tied to a score and income, a factor on
# five-point scores, correlated heavy tails, many noisy columns).
_G = PlantedGoal11
_PLANTED: list[PlantedGoal11] = [
    _G("working women aged 28-45", 2, "rare", n=60_000, shift=0.9, shares=(0.92, 0.08)),
    _G("retirees living in villages", 2, "rare", n=60_000, shift=1.3, shares=(0.93, 0.07)),
    _G(
        "Tamil Nadu families with two or more kids", 3, "rare", n=60_000, shift=1.2, shares=(0.82, 0.09, 0.09)
    ),
    _G("young singles under 27 in big cities", 3, "rare", shift=0.9, shares=(0.80, 0.12, 0.08)),
    _G("Bengali speakers over 30", 3, "catmix", n=50_000, shift=1.0, cat_gamma=1.8),
    _G("business owners in tier-2 and tier-3 cities", 4, "catmix", n=60_000, cat_gamma=2.0),
    _G("married women without children", 3, "catmix", shift=0.8, cat_gamma=1.6),
    _G("people in their twenties", 4, "catmix", n=50_000, shift=1.0, cat_gamma=2.0),
    _G("post-graduates in tier-1 cities", 3, "ordinal", n=60_000, shift=1.0),
    _G("tech savvy people in Karnataka", 3, "ordinal", n=60_000, shift=0.9, avoid=("tech_savviness",)),
    _G(
        "middle-income families in Gujarat and Rajasthan",
        4,
        "ordinal",
        n=60_000,
        shift=1.2,
        avoid=("monthly_income_inr",),
    ),
    _G(
        "adults between 25 and 55 across India",
        5,
        "sparse",
        shift=1.1,
        shares=(0.30, 0.25, 0.20, 0.19, 0.06),
        noise_columns=8,
    ),
    _G(
        "self-employed people in semi-urban areas",
        4,
        "sparse",
        n=60_000,
        shift=1.2,
        shares=(0.45, 0.28, 0.21, 0.06),
        noise_columns=9,
    ),
    _G(
        "Hindi speaking men",
        6,
        "sparse",
        n=50_000,
        shift=1.2,
        shares=(0.25, 0.20, 0.18, 0.17, 0.15, 0.05),
        noise_columns=6,
    ),
    _G("women versus men in Tier-1 cities", 2, "compare", by="gender", sides=("Female", "Male")),
    _G(
        "how do parents differ from people without kids",
        2,
        "compare",
        by="has_children",
        sides=("True", "False"),
    ),
    _G(
        "rural and urban shoppers side by side",
        2,
        "compare",
        n=50_000,
        by="area_type",
        sides=("Rural", "Urban"),
    ),
    _G(
        "contrast Tier-2 with Tier-3 city residents", 2, "compare", by="city_tier", sides=("Tier-2", "Tier-3")
    ),
]
_STRUCTURELESS: list[PlantedGoal11] = [
    _G("homemakers in Bihar", 1, "factor2", n=60_000),
    _G("salaried people aged 30 to 50", 1, "catscore"),
    _G("graduates in Kerala and Tamil Nadu", 1, "ordinalfactor", n=60_000),
    _G("young professionals in Mumbai", 1, "heavytail", n=60_000),
    _G("everyone above 45", 1, "manynoise", noise_columns=9),
]


def heldout11_configs() -> list[PlantedGoal11]:
    """heldout11: 18 planted audiences (k 2-6), then 5 structureless ones."""
    out = [replace(c, random_state=11_100 + i) for i, c in enumerate(_PLANTED)]
    flat = [replace(c, random_state=11_190 + i) for i, c in enumerate(_STRUCTURELESS)]
    return [*out, *flat]
