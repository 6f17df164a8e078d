"""An eighth planted-population generator (heldout8, session 10): categorical and nested segments.

It differs from the earlier generators (:mod:`support.planted_populations5` to
:mod:`support.planted_populations7`) in the segment shapes a goal workflow had not been tuned for:

- ``catnum``: each non-mainstream segment favours one value of a categorical consumer column
  (``preferred_channel``, ``primary_media`` or ``emi_flag``; a member takes it with probability
  ``cat_strength``, otherwise keeps the population's own value) and moves ONE numeric signal by a
  *weak* ``shift`` (0.3-0.5 level steps). Mostly the categorical preference tells them apart.
- ``conj``: segments are cells of a conjunction of two categorical columns (e.g. channel x media):
  every segment favours one value of each, no numeric signal moves. One column alone merges cells.
- ``nested``: a tree of segments with unbalanced fixed ``shares``: each new segment copies a parent's
  profile and moves one more numeric signal by ``shift``, so children sit inside a parent's region.
- ``domain``: all planted numeric signals come from ONE goal domain's list
  (:data:`support.planted.DOMAIN_ATTRIBUTES`), so they are visible only if that domain is read.

Noise inside a segment is Student t (``df``) or Laplace, both unit variance. Some audiences also
get a **demographic hump**: one unplanted signal whose level differs by a demographic (``gender``
or urban/non-urban ``area_type``) by 1.2 level steps, two humps overall and one within each level
of the demographic. It is not a behavioural segment, and a method that splits on it loses ARI.

Structureless audiences (``k == 1``) of five kinds: ``flat`` (the generator as is, Laplace noise
columns), ``demographic`` (two signals humped by gender), ``uniform`` (three signals drawn
uniformly over a wide range: flat-topped, no modes), ``catdrift`` (channel and media shares that
drift smoothly with age) and ``weakmix`` (three groups 0.2 steps apart on one signal each with a
10 % channel tilt).

Returns the population, each row's planted segment and the Bayes-classifier ARI on the planted
signals (numeric and categorical; exact, since each categorical column's tilt applies only to its
segment's members and the base values are independent of the segment); ``nan`` for ``k == 1``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import adjusted_rand_score

from support.planted import _LEVELS, DOMAIN_ATTRIBUTES, _kind
from support.planted_populations5 import _level, _shares, _write

__all__ = ["PlantedGoal8", "heldout8_configs", "planted_population8"]

_NUMERIC = tuple(c for c in DOMAIN_ATTRIBUTES["any"] if c != "emi_flag")
_CATEGORICAL = ("preferred_channel", "primary_media", "emi_flag")


@dataclass(frozen=True)
class PlantedGoal8:
    """One heldout8 population: goal, planted k (1: none), structure kind and generator knobs."""

    goal: str
    k: int
    structure: str = (
        "catnum"  # catnum | conj | nested | domain | flat | demographic | uniform | catdrift | weakmix
    )
    n: int = 40_000
    separation: float = 1.0
    shift: float = 0.4
    cat_strength: float = 0.75
    noise: str = "t"  # t | laplace
    df: float = 5.0
    alpha: float = 1.0
    shares: tuple[float, ...] = ()
    domain: str = ""
    conj: tuple[str, str] = ("preferred_channel", "primary_media")
    hump: str = ""  # "" | gender | area_type
    noise_columns: int = 2
    random_state: int = 0
    avoid: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"{self.structure}:k{self.k}:s{self.separation:g}:{self.noise}:r{self.random_state}"


def _noise(kind: str, df: float, size: int, rng: np.random.Generator) -> tuple[np.ndarray, object]:
    """Unit-variance deviations and the frozen distribution of one deviation (for the Bayes ARI)."""
    if kind == "laplace":
        dist = stats.laplace(scale=1.0 / np.sqrt(2.0))
    else:
        dist = stats.t(df, scale=np.sqrt((df - 2.0) / df))
    return dist.rvs(size=size, random_state=rng), dist


def _values(df: pd.DataFrame, col: str) -> np.ndarray:
    return df[col].to_numpy().astype(str)


def _set(df: pd.DataFrame, col: str, values: np.ndarray) -> None:
    if col == "emi_flag":
        df[col] = values == "True"
    else:
        df[col] = pd.Categorical(values, categories=df[col].cat.categories)


def _tilt(
    df: pd.DataFrame,
    col: str,
    fav: dict[int, str],
    labels: np.ndarray,
    strength: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Segment ``s`` in ``fav`` takes ``fav[s]`` with chance ``strength``; ``(n, k)`` log-likelihoods."""
    k = int(labels.max()) + 1
    values = _values(df, col)
    levels = np.union1d(np.unique(values), np.array(sorted(set(fav.values()))))
    base = np.array([np.mean(values == lv) for lv in levels]) + 1e-9
    new = values.copy()
    probs = np.tile(base, (k, 1))
    for s, value in fav.items():
        take = (labels == s) & (rng.random(len(values)) < strength)
        new[take] = value
        probs[s] = (1.0 - strength) * base
        probs[s, int(np.searchsorted(levels, value))] += strength
    _set(df, col, new)
    code = np.searchsorted(levels, new)
    return np.log(probs[:, code].T)


def _pick_values(df: pd.DataFrame, col: str, count: int, rng: np.random.Generator) -> list[str]:
    """``count`` distinct values of ``col`` (minority values preferred; emi_flag: True then False)."""
    if col == "emi_flag":
        return ["True", "False"][:count]
    values = _values(df, col)
    levels, counts = np.unique(values, return_counts=True)
    share = counts / counts.sum()
    p = np.where(share < 0.35, share, share * 0.2)
    return [str(v) for v in rng.choice(levels, size=count, replace=False, p=p / p.sum())]


def _numeric_profiles(cfg: PlantedGoal8, m: int, rng: np.random.Generator) -> np.ndarray:
    """``(k, m)`` offsets: ``catnum`` one weak signal each; ``nested`` a tree; ``domain`` 1-2 signals each."""
    k = cfg.k
    prof = np.zeros((k, m))
    if cfg.structure == "catnum":
        for s in range(1, k):
            prof[s, int(rng.integers(m))] = cfg.shift * rng.choice((-1.0, 1.0))
        return prof
    if cfg.structure == "nested":
        used: set[int] = set()
        for s in range(1, k):
            parent = int(rng.integers(s))
            prof[s] = prof[parent]
            col = int(rng.choice([j for j in range(m) if j not in used] or list(range(m))))
            used.add(col)
            prof[s, col] += cfg.shift * rng.choice((-1.0, 1.0))
        return prof
    for _ in range(20_000):  # domain
        prof = np.zeros((k, m))
        for s in range(1, k):
            cols = rng.choice(m, size=int(rng.integers(1, 3)), replace=False)
            prof[s, cols] = cfg.shift * rng.choice((-1.0, 1.0), size=len(cols))
        d = np.sqrt(((prof[:, None, :] - prof[None, :, :]) ** 2).sum(axis=2))
        if (d[np.triu_indices(k, 1)] >= cfg.shift - 1e-9).all():
            return prof
    raise ValueError(f"cannot plant {k} profiles on {m} signals")


def _write_numeric(
    df: pd.DataFrame,
    cfg: PlantedGoal8,
    attrs: list[str],
    prof: np.ndarray,
    labels: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    loglik = np.zeros((len(df), cfg.k))
    for j, col in enumerate(attrs):
        if not prof[:, j].any():
            continue
        (_, sd, *_) = _LEVELS[_kind(col)]
        s = sd / cfg.separation
        means = _level(col, prof[:, j])
        dev, dist = _noise(cfg.noise, cfg.df, len(df), rng)
        latent = means[labels] + s * dev
        _write(df, col, latent, rng)
        loglik += dist.logpdf((latent[:, None] - means[None, :]) / s)  # type: ignore[attr-defined]
    return loglik


def _planted(
    df: pd.DataFrame, cfg: PlantedGoal8, order: list[str], labels: np.ndarray, rng: np.random.Generator
) -> tuple[float, list[str]]:
    """Write the planted signals of ``cfg.structure``; return the Bayes ARI and the numeric signals used."""
    k = cfg.k
    cats = [c for c in _CATEGORICAL if c not in cfg.avoid]
    loglik = np.zeros((len(df), k))
    used: list[str] = []
    if cfg.structure == "conj":
        a, b = cfg.conj
        va, vb = _pick_values(df, a, 2, rng), _pick_values(df, b, 2, rng)
        cells = [(x, y) for x in va for y in vb]
        order_cells = [cells[i] for i in rng.permutation(4)][:k]
        loglik += _tilt(df, a, {s: c[0] for s, c in enumerate(order_cells)}, labels, cfg.cat_strength, rng)
        loglik += _tilt(df, b, {s: c[1] for s, c in enumerate(order_cells)}, labels, cfg.cat_strength, rng)
    else:
        if cfg.structure == "domain":
            pool = [c for c in DOMAIN_ATTRIBUTES[cfg.domain] if c in _NUMERIC and c not in cfg.avoid]
            used = list(rng.permutation(pool))[: max(3, min(k, len(pool)))]
        else:
            used = order[: max(2, min(k - 1, 4))]
        prof = _numeric_profiles(cfg, len(used), rng)
        loglik += _write_numeric(df, cfg, used, prof, labels, rng)
        if cfg.structure == "catnum":
            favs: dict[str, dict[int, str]] = {}
            taken: set[tuple[str, str]] = set()
            for s in range(1, k):
                col = str(rng.choice(cats))
                value = _pick_values(df, col, 1, rng)[0]
                while (col, value) in taken:
                    col = str(rng.choice(cats))
                    value = _pick_values(df, col, 1, rng)[0]
                taken.add((col, value))
                favs.setdefault(col, {})[s] = value
            for col, fav in favs.items():
                loglik += _tilt(df, col, fav, labels, cfg.cat_strength, rng)
    shares = np.bincount(labels, minlength=k) / len(labels)
    bayes = np.argmax(loglik + np.log(np.maximum(shares, 1e-12))[None, :], axis=1)
    return float(adjusted_rand_score(labels, bayes)), used


def _hump(df: pd.DataFrame, col: str, by: str, rng: np.random.Generator) -> None:
    """Give ``col`` two humps 1.2 level steps apart by a demographic (one hump within each level)."""
    (_, sd, *_) = _LEVELS[_kind(col)]
    if by == "gender":
        side = df["gender"].astype(str).to_numpy() == "Male"
    else:
        side = df["area_type"].astype(str).to_numpy() == "Urban"
    offset = np.where(side, 0.6, -0.6)
    _write(df, col, _level(col, offset) + sd * rng.normal(size=len(df)), rng)


def _laplace_noise(df: pd.DataFrame, cols: list[str], rng: np.random.Generator) -> None:
    """Redraw ``cols`` around their middle level with wide Laplace noise (no structure)."""
    for col in cols:
        (_, sd, *_) = _LEVELS[_kind(col)]
        _write(df, col, _level(col, np.zeros(len(df))) + 2.5 * sd * rng.laplace(size=len(df)), rng)


def _structureless(
    df: pd.DataFrame, cfg: PlantedGoal8, order: list[str], rng: np.random.Generator
) -> list[str]:
    n = len(df)
    if cfg.structure == "demographic":
        for col in order[:2]:
            _hump(df, col, "gender", rng)
        return order[:2]
    if cfg.structure == "uniform":
        for col in order[:3]:
            _write(df, col, _level(col, rng.uniform(-1.0, 1.0, n)), rng)
        return order[:3]
    if cfg.structure == "catdrift":
        age = df["age"].to_numpy().astype(float)
        t = (age - age.min()) / max(float(np.ptp(age)), 1.0)
        for col in ("preferred_channel", "primary_media"):
            if col in cfg.avoid:
                continue
            cats = list(df[col].cat.categories)
            w = np.exp(np.outer(t, np.linspace(-1.5, 1.5, len(cats))))
            u = rng.random(n)[:, None]
            pick = (np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1) < u).sum(axis=1)
            df[col] = pd.Categorical(np.asarray(cats)[np.minimum(pick, len(cats) - 1)], categories=cats)
        return []
    if cfg.structure == "weakmix":
        grp = rng.choice(3, size=n, p=_shares(3, rng, 2.0, 0.2))
        used = order[:3]
        for j, col in enumerate(used):
            (_, sd, *_) = _LEVELS[_kind(col)]
            off = np.zeros(3)
            off[j] = 0.2
            _write(df, col, _level(col, off)[grp] + sd * rng.normal(size=n), rng)
        if "preferred_channel" not in cfg.avoid:
            ch = _values(df, "preferred_channel").copy()
            flip = (grp == 2) & (rng.random(n) < 0.10)
            ch[flip] = "Brand website"
            _set(df, "preferred_channel", ch)
        return used
    return []  # flat


def planted_population8(cfg: PlantedGoal8) -> tuple[pd.DataFrame, np.ndarray, float]:
    """The built-in population of ``cfg.n`` people with heldout8's structure; labels; Bayes ARI."""
    from synthpersona.population import generate
    from synthpersona.schema import INCOME_LOW_MAX, INCOME_MID_MAX

    rng = np.random.default_rng([cfg.random_state, 98])
    df = generate(cfg.n, random_state=cfg.random_state)
    order = list(rng.permutation([c for c in _NUMERIC if c not in cfg.avoid]))
    labels = np.zeros(cfg.n, dtype=np.int64)
    bayes = float("nan")
    if cfg.k > 1:
        p = np.asarray(cfg.shares) if cfg.shares else _shares(cfg.k, rng, cfg.alpha, 0.06)
        labels = rng.choice(cfg.k, size=cfg.n, p=p / p.sum())
        bayes, used = _planted(df, cfg, order, labels, rng)
    else:
        used = _structureless(df, cfg, order, rng)
    rest = [c for c in order if c not in used]
    if cfg.hump and rest:
        _hump(df, rest[0], cfg.hump, rng)
        rest = rest[1:]
    _laplace_noise(df, rest[: cfg.noise_columns], rng)
    if "monthly_income_inr" in [*used, *rest[: cfg.noise_columns]]:
        inc = df["monthly_income_inr"].to_numpy()
        names = np.where(inc < INCOME_LOW_MAX, "Low", np.where(inc <= INCOME_MID_MAX, "Mid", "High"))
        df["income_level"] = pd.Categorical(names, categories=df["income_level"].cat.categories)
    return df, labels, bayes


# heldout8 (session 10, truth10): written and committed before any method ran on it. Goals in
# phrasings no earlier split used (Hindi in Devanagari, Hinglish, ranges "25 to 40" / "30k-80k",
# negations); segment shapes not tuned for (categorical preference + weak numeric shift,
# conjunctions of two categoricals, nested trees with unbalanced sizes, structure only in one
# goal domain's signals, demographic humps on an unplanted signal); five structureless audiences.
_G = PlantedGoal8
_PLANTED: list[PlantedGoal8] = [
    _G(
        "महिलाएं जो नौकरी करती हैं",
        3,
        "catnum",
        n=50_000,
        shift=0.5,
        avoid=("gender", "occupation", "income_source"),
    ),
    _G(
        "log jo Mumbai ya Pune mein rehte hain aur 30 se 45 saal ke hain",
        4,
        "conj",
        n=60_000,
        cat_strength=0.85,
        avoid=("city", "state", "age"),
        hump="gender",
    ),
    _G(
        "people aged 25 to 40 who are not married",
        4,
        "nested",
        n=50_000,
        shift=1.0,
        shares=(0.6, 0.25, 0.1, 0.05),
        noise="laplace",
        avoid=("age", "marital_status"),
    ),
    _G(
        "households earning between 30k and 80k a month",
        3,
        "domain",
        domain="budget",
        shift=1.0,
        avoid=("monthly_income_inr", "household_income_inr", "income_level", "household_income_level"),
    ),
    _G(
        "no kids, not retired",
        5,
        "catnum",
        shift=0.4,
        cat_strength=0.8,
        avoid=("has_children", "num_children", "parenting_stage", "occupation"),
        hump="gender",
    ),
    _G(
        "दिल्ली और उत्तर प्रदेश के युवा",
        3,
        "domain",
        n=60_000,
        domain="lifestyle",
        shift=1.0,
        noise="laplace",
        avoid=("state", "city", "age"),
    ),
    _G(
        "shoppers aged 18-30 who care about fitness",
        4,
        "domain",
        domain="lifestyle",
        shift=0.9,
        avoid=("age", "interest_fitness", "interest_health", "interest_sports"),
        hump="gender",
    ),
    _G(
        "Bengali ya Odia bolne wale parivaar",
        3,
        "conj",
        n=60_000,
        cat_strength=0.8,
        conj=("primary_media", "emi_flag"),
        avoid=("primary_language", "has_children"),
    ),
    _G(
        "anyone except students and retirees between 22 and 60",
        5,
        "nested",
        shift=1.0,
        shares=(0.5, 0.2, 0.15, 0.1, 0.05),
        avoid=("occupation", "age"),
        hump="area_type",
    ),
    _G(
        "gadget buyers in Karnataka who aren't men",
        3,
        "domain",
        n=60_000,
        domain="tech_adoption",
        shift=1.0,
        avoid=("state", "city", "gender", "tech_savviness", "interest_tech", "device_count"),
    ),
    _G(
        "सेवानिवृत्त लोग",
        2,
        "catnum",
        n=50_000,
        shift=0.5,
        cat_strength=0.8,
        avoid=("occupation", "age", "income_source"),
    ),
    _G(
        "married women with 1-2 children",
        4,
        "conj",
        cat_strength=0.85,
        avoid=("marital_status", "gender", "num_children", "has_children", "parenting_stage"),
        hump="area_type",
    ),
    _G(
        "non-graduates in tier 3 towns",
        4,
        "catnum",
        n=60_000,
        shift=0.4,
        cat_strength=0.75,
        noise="laplace",
        avoid=("education_level", "city_tier", "city", "state"),
    ),
    _G(
        "EMI pe kharidne wale log, 35 ke upar",
        4,
        "domain",
        domain="budget",
        shift=1.0,
        avoid=("emi_flag", "age", "preferred_channel"),
        hump="gender",
    ),
    _G(
        "Christians and Sikhs across India",
        3,
        "nested",
        n=60_000,
        shift=1.0,
        shares=(0.7, 0.2, 0.1),
        avoid=("religion", "main_festival"),
    ),
    _G(
        "working dads whose kids are under 10",
        3,
        "domain",
        n=60_000,
        domain="parenting",
        shift=1.0,
        avoid=(
            "gender",
            "has_children",
            "num_children",
            "parenting_stage",
            "occupation",
            "interest_parenting",
        ),
    ),
    _G(
        "customers who don't prefer offline stores",
        3,
        "catnum",
        shift=0.5,
        cat_strength=0.8,
        avoid=("preferred_channel",),
        hump="gender",
    ),
    _G(
        "Gujarati bolne wale, chahe kisi bhi umar ke",
        4,
        "conj",
        n=60_000,
        cat_strength=0.85,
        avoid=("primary_language", "age"),
    ),
    _G(
        "पुरुष जिनकी उम्र 40 से कम है",
        6,
        "nested",
        n=50_000,
        shift=1.0,
        shares=(0.4, 0.2, 0.15, 0.1, 0.1, 0.05),
        noise="laplace",
        avoid=("gender", "age"),
    ),
    _G(
        "low and middle income women outside metros",
        5,
        "catnum",
        shift=0.5,
        cat_strength=0.8,
        avoid=("income_level", "monthly_income_inr", "city_tier", "gender", "city", "area_type"),
    ),
]
_STRUCTURELESS: list[PlantedGoal8] = [
    _G("शहरी नौजवान", 1, "flat", avoid=("area_type", "age")),
    _G("men and women in Maharashtra", 1, "demographic", n=50_000, avoid=("gender", "state", "city")),
    _G("people between 45 and 60", 1, "uniform", avoid=("age",)),
    _G("anyone living in a semi-urban area", 1, "catdrift", avoid=("area_type",)),
    _G(
        "self-employed people who aren't freelancers",
        1,
        "weakmix",
        n=50_000,
        avoid=("occupation", "income_source"),
    ),
]


def heldout8_configs() -> list[PlantedGoal8]:
    """heldout8: 20 planted audiences (k 2-6), then 5 structureless ones."""
    from dataclasses import replace

    out = [replace(c, random_state=9800 + i) for i, c in enumerate(_PLANTED)]
    flat = [replace(c, random_state=9890 + i) for i, c in enumerate(_STRUCTURELESS)]
    return [*out, *flat]
