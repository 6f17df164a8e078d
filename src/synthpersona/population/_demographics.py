"""Demographic columns of the population: place, age, gender, education, work, family, income.

Every function takes the random generator and arrays drawn before it and returns
integer codes (indices into the ``synthpersona.schema`` tuples) or numbers. Structure lives in
relative-weight tables built by broadcasting over the conditioning columns; the
marginals are calibrated to ``targets.json`` (see ``_sampling``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from synthpersona import schema as S
from synthpersona.population._household import draw_household_income
from synthpersona.population._places import city_probabilities, draw_religion
from synthpersona.population._sampling import FloatArray, calibrated_draw, group_index, ramp
from synthpersona.population._targets import target_bands, target_share, target_shares, targets

I8 = NDArray[np.int8]
AGES = np.arange(S.AGE_MIN, S.AGE_MAX + 1)  # single years: the age dimension of the weight tables
N_AGES = len(AGES)

# Approximate 2011 urban agglomeration populations (lakh) weight cities within their state
# (``_places.city_probabilities`` then fits the state and tier shares).
CITY_POPULATION_LAKH: dict[str, float] = {
    "Mumbai": 184,
    "Delhi": 163,
    "Bengaluru": 85,
    "Hyderabad": 77,
    "Chennai": 87,
    "Kolkata": 141,
    "Pune": 50,
    "Ahmedabad": 64,
    "Gurugram": 18,
    "Noida": 16,
    "Jaipur": 30,
    "Lucknow": 29,
    "Kanpur": 29,
    "Nagpur": 25,
    "Indore": 22,
    "Bhopal": 19,
    "Visakhapatnam": 17,
    "Vijayawada": 15,
    "Patna": 20,
    "Vadodara": 18,
    "Surat": 46,
    "Rajkot": 14,
    "Ludhiana": 16,
    "Amritsar": 12,
    "Chandigarh": 10,
    "Coimbatore": 21,
    "Madurai": 15,
    "Kochi": 21,
    "Thiruvananthapuram": 17,
    "Kozhikode": 20,
    "Mysuru": 10,
    "Mangaluru": 6,
    "Nashik": 16,
    "Aurangabad": 12,
    "Bhubaneswar": 9,
    "Guwahati": 10,
    "Dehradun": 7,
    "Raipur": 11,
    "Ranchi": 11,
    "Varanasi": 14,
    "Agra": 17,
    "Prayagraj": 12,
    "Jodhpur": 11,
    "Gwalior": 11,
    "Jabalpur": 13,
    "Durgapur": 6,
    "Siliguri": 7,
    "Hubballi": 9,
    "Tiruchirappalli": 10,
    "Warangal": 8,
    "Guntur": 7,
    "Bhagalpur": 4,
    "Gaya": 5,
    "Cuttack": 6,
    "Jalandhar": 9,
    "Bikaner": 6,
    "Udaipur": 5,
    "Gorakhpur": 7,
    "Bareilly": 9,
    "Thrissur": 19,
    "Belagavi": 6,
    "Salem": 9,
    "Jammu": 6.5,
    "Shillong": 3.5,
    "Panaji": 1.5,
    # District towns of the other states and union territories (the only town listed for their state,
    # so their weight does not matter: the state's share decides).
    "Shimla": 4.8,
    "Imphal": 2.0,
    "Aizawl": 0.8,
    "Dimapur": 1.4,
    "Agartala": 2.5,
    "Gangtok": 0.4,
    "Itanagar": 0.9,
    "Leh": 0.5,
    "Puducherry": 0.9,
    "Port Blair": 0.3,
    "Kavaratti": 0.2,
    "Daman": 0.45,
}

CITY_STATE_CODE = np.array([S.STATES.index(s) for _, s, _ in S.CITIES], dtype=np.int8)
CITY_TIER_CODE = np.array([S.CITY_TIERS.index(t) for _, _, t in S.CITIES], dtype=np.int8)


@dataclass
class Demographics:
    """Arrays of the demographic columns (codes index the ``synthpersona.schema`` tuples)."""

    city: I8
    state: I8
    tier: I8
    area: I8
    religion: I8
    gender: I8
    age: NDArray[np.int16]
    education: I8
    occupation: I8
    marital: I8
    num_children: I8
    parenting: I8
    family_size: I8
    income: NDArray[np.int64]
    income_level: I8
    income_source: I8
    household_income: NDArray[np.int64]
    household_income_level: I8


def _code(values: tuple[str, ...], name: str) -> int:
    return values.index(name)


def draw_city(rng: np.random.Generator, n: int) -> tuple[I8, I8, I8]:
    """City from the state shares and tier targets (``_places.city_probabilities``); state and tier follow."""
    cum = _city_cdf()
    city = np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(S.CITIES) - 1).astype(np.int8)
    return city, CITY_STATE_CODE[city], CITY_TIER_CODE[city]


@lru_cache(maxsize=1)
def _city_cdf() -> FloatArray:
    states = np.array([t.share for t in targets() if t.column == "state"])
    probs = city_probabilities(CITY_POPULATION_LAKH, states, target_shares("city_tier"))
    cum: FloatArray = np.cumsum(probs) / probs.sum()
    return cum


def draw_area(rng: np.random.Generator, tier: I8) -> I8:
    """Urban / Semi-urban / Rural: Tier-1 metros are the city proper only; the fringe towns and rural
    hinterland belong to the districts of Tier-2 and Tier-3 towns of the same states."""
    weights = np.array([[1.0, 0.0, 0.0], [0.52, 0.31, 0.17], [0.40, 0.36, 0.24]])
    return calibrated_draw(rng, weights, tier.astype(np.intp), target_shares("area_type"))


def draw_gender(rng: np.random.Generator, n: int) -> I8:
    shares = target_shares("gender")
    cut = np.cumsum(shares)[:-1] / shares.sum()
    u = rng.random(n)
    return (u >= cut[0]).view(np.int8) + (u >= cut[1]).view(np.int8)


def draw_age(rng: np.random.Generator, n: int) -> NDArray[np.int16]:
    """Single-year ages whose band shares match the targets, thinning slowly with age inside a band."""
    per_year = np.zeros(N_AGES)
    for (lo, hi), share in target_bands("age"):
        years = (lo <= AGES) & (hi >= AGES)
        shape = np.exp(-0.012 * (AGES[years] - lo))
        per_year[years] = share * shape / shape.sum()
    cum = np.cumsum(per_year) / per_year.sum()
    idx = np.minimum(np.searchsorted(cum, rng.random(n), side="right"), N_AGES - 1)
    return AGES[idx].astype(np.int16)


def draw_education(rng: np.random.Generator, age: NDArray[np.int16], gender: I8, tier: I8) -> I8:
    """Highest completed level: follows age (degrees take years; older cohorts studied less), tier, gender."""
    a = AGES.astype(float)[:, None, None, None]
    k = np.arange(len(S.EDUCATION_LEVELS))[None, None, None, :]
    base = np.array([0.28, 0.25, 0.08, 0.27, 0.11, 0.01])[None, None, None, :]
    # Minimum ages: graduate ~21, post-graduate ~23, doctorate ~27; secondary school leavers at 18.
    feasible = np.stack(
        [
            np.ones(N_AGES),
            ramp(AGES, 17, 18.5) * 0.6 + 0.4,
            ramp(AGES, 18.5, 21),
            ramp(AGES, 19.5, 22.5),
            ramp(AGES, 21.5, 25),
            ramp(AGES, 25.5, 30),
        ],
        axis=1,
    )[:, None, None, :]
    cohort = np.exp(np.where(k >= 3, -0.028, np.where(k == 0, 0.03, 0.0)) * np.maximum(a - 32, 0))
    female_older = np.where(k >= 3, 0.78, np.where(k == 0, 1.35, 1.0))
    # The gender gap in schooling is a feature of older cohorts; young women study as much as men (AISHE).
    older = (a > 40).astype(float)
    g_female = np.arange(3)[None, :, None, None] == _code(S.GENDERS, "Female")
    gender_eff = np.where(g_female, 1 + older * (female_older - 1), 1.0)
    tier_eff = np.array(
        [[0.7, 0.9, 1.0, 1.3, 1.45, 1.6], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [1.3, 1.1, 1.05, 0.85, 0.75, 0.6]]
    )[None, None, :, :]
    weights = base * feasible * cohort * gender_eff * tier_eff
    group, size = group_index((age - S.AGE_MIN, N_AGES), (gender, 3), (tier, 3))
    return calibrated_draw(rng, weights.reshape(size, -1), group, target_shares("education_level"))


def draw_occupation(rng: np.random.Generator, age: NDArray[np.int16], gender: I8, education: I8) -> I8:
    """Occupation from age (students young, retired old), gender (homemakers) and education."""
    a = AGES.astype(float)
    n_occ = len(S.OCCUPATIONS)
    w = np.zeros((N_AGES, 3, len(S.EDUCATION_LEVELS), n_occ))
    oc = {name: i for i, name in enumerate(S.OCCUPATIONS)}
    working = ramp(a, 19, 23) * (1 - 0.85 * ramp(a, 58, 63))
    student = np.where(a <= 22, 6.0, 6.0 * np.exp(-(a - 22) / 2.5)) * (a <= 34)
    w[:, :, :, oc["Student"]] = student[:, None, None]
    w[:, :, :, oc["Salaried"]] = (1.0 * working)[:, None, None]
    w[:, :, :, oc["Self-employed"]] = (0.5 * ramp(a, 20, 26) * (1 - 0.5 * ramp(a, 62, 72)))[:, None, None]
    w[:, :, :, oc["Business Owner"]] = (0.25 * ramp(a, 23, 32) * (1 - 0.6 * ramp(a, 62, 72)))[:, None, None]
    w[:, :, :, oc["Homemaker"]] = (0.9 * ramp(a, 19, 25))[:, None, None]
    w[:, :, :, oc["Freelancer"]] = (0.2 * ramp(a, 19, 23) * (1 - 0.7 * ramp(a, 45, 60)))[:, None, None]
    w[:, :, :, oc["Retired"]] = (ramp(a, 52, 60) * 4.0 + ramp(a, 60, 66) * 6.0)[:, None, None]
    w[:, :, :, oc["Unemployed"]] = (0.22 * ramp(a, 18, 21) * (1 + np.exp(-(a - 21) / 5)))[:, None, None]
    # Gender: women's labour-force participation is low (PLFS); homemakers are mostly women.
    gender_eff = np.ones((3, n_occ))
    gender_eff[_code(S.GENDERS, "Female")] = [1.0, 0.55, 0.45, 0.3, 1.0, 0.9, 0.6, 0.7]
    gender_eff[_code(S.GENDERS, "Male")] = [1.0, 1.25, 1.3, 1.5, 0.03, 1.0, 1.2, 1.1]
    gender_eff[_code(S.GENDERS, "Non-binary")] = [1.0, 1.0, 1.0, 0.8, 0.25, 1.4, 1.0, 1.3]
    # Education: degrees lead to salaried jobs, less schooling to own-account work.
    edu_eff = np.array(
        [
            [1.0, 0.45, 1.4, 0.9, 1.4, 0.7, 0.9, 1.5],  # Secondary
            [1.0, 0.75, 1.2, 1.0, 1.2, 0.9, 1.0, 1.3],  # Higher Secondary
            [1.0, 1.15, 1.1, 1.0, 0.8, 1.0, 1.0, 1.0],  # Diploma
            [1.0, 1.4, 0.8, 1.1, 0.7, 1.3, 1.0, 0.8],  # Graduate
            [1.6, 1.7, 0.6, 1.2, 0.5, 1.3, 1.1, 0.6],  # Post-graduate
            [3.0, 1.8, 0.4, 0.8, 0.2, 1.0, 1.2, 0.3],  # Doctorate
        ]
    )
    w *= gender_eff[None, :, None, :] * edu_eff[None, None, :, :]
    group, size = group_index((age - S.AGE_MIN, N_AGES), (gender, 3), (education, len(S.EDUCATION_LEVELS)))
    return calibrated_draw(rng, w.reshape(size, n_occ), group, target_shares("occupation"))


def draw_marital(rng: np.random.Generator, age: NDArray[np.int16], gender: I8, occupation: I8) -> I8:
    """Marital status: marriage follows age (women marry younger), widowhood rises with age."""
    a = AGES.astype(float)[:, None]
    g = np.arange(3)[None, :]
    median_marriage_age = np.where(g == _code(S.GENDERS, "Female"), 23.5, np.where(g == 1, 27.5, 30.0))
    married = 1 / (1 + np.exp(-(a - median_marriage_age) / 2.2))
    single = 1 - 0.96 * married
    widow_rate = np.where(g == _code(S.GENDERS, "Female"), 0.012, 0.004) * np.exp((a - 40) / 9.0)
    widowed = married * np.minimum(widow_rate, 0.6)
    divorced = married * 0.02 * ramp(a, 24, 32)
    base = np.stack([single, married - widowed - divorced, divorced, widowed], axis=-1)  # (age, gender, 4)
    occ_eff = np.ones((len(S.OCCUPATIONS), 4))
    occ_eff[_code(S.OCCUPATIONS, "Student")] = [1.0, 0.06, 0.02, 0.0]
    occ_eff[_code(S.OCCUPATIONS, "Homemaker")] = [0.12, 1.3, 0.6, 1.0]
    occ_eff[_code(S.OCCUPATIONS, "Unemployed")] = [1.8, 0.8, 1.5, 1.0]
    occ_eff[_code(S.OCCUPATIONS, "Retired")] = [0.6, 1.0, 1.0, 1.3]
    w = base[:, :, None, :] * occ_eff[None, None, :, :]
    group, size = group_index((age - S.AGE_MIN, N_AGES), (gender, 3), (occupation, len(S.OCCUPATIONS)))
    return calibrated_draw(rng, w.reshape(size, 4), group, target_shares("marital_status"))


def draw_children(rng: np.random.Generator, age: NDArray[np.int16], marital: I8, education: I8) -> I8:
    """Number of children 0-5: married and formerly married adults, more in older and less-schooled groups."""
    a = AGES.astype(float)
    settled = np.clip(1 - np.exp(-(a - 19) / 5.0), 0, 1)
    any_child = np.zeros((N_AGES, len(S.MARITAL_STATUSES)))
    any_child[:, _code(S.MARITAL_STATUSES, "Married")] = 0.94 * settled
    any_child[:, _code(S.MARITAL_STATUSES, "Divorced")] = 0.65 * settled
    any_child[:, _code(S.MARITAL_STATUSES, "Widowed")] = 0.93 * settled
    edu_shift = np.array([0.45, 0.25, 0.1, -0.05, -0.2, -0.3])
    mean_extra = np.clip(0.65 + 0.025 * np.maximum(a - 35, 0)[:, None] + edu_shift[None, :], 0.2, 2.5)
    # Young parents cannot have many children yet: cap the count by years since ~20.
    cap = np.clip(1 + (a - 19) / 2.5, 1, 5)[:, None]
    k = np.arange(1, 6)[None, None, :]
    lam = mean_extra[:, :, None]
    pmf = np.exp(-lam) * lam ** (k - 1) / np.array([1, 1, 2, 6, 24])[None, None, :]
    pmf = np.where(k <= cap[:, :, None] + 0.5, pmf, 0.0)
    pmf /= pmf.sum(axis=2, keepdims=True)
    w = np.zeros((N_AGES, len(S.MARITAL_STATUSES), len(S.EDUCATION_LEVELS), 6))
    w[..., 0] = (1 - any_child)[:, :, None]
    w[..., 1:] = any_child[:, :, None, None] * pmf[:, None, :, :]
    group, size = group_index(
        (age - S.AGE_MIN, N_AGES), (marital, len(S.MARITAL_STATUSES)), (education, len(S.EDUCATION_LEVELS))
    )
    w2 = w.reshape(size, 6)
    counts = np.bincount(group, minlength=size).astype(float)
    target = target_share("has_children", "True")
    lo, hi = -6.0, 6.0
    for _ in range(50):  # bisection on one odds multiplier for "any child"
        mid = 0.5 * (lo + hi)
        p = w2.copy()
        p[:, 1:] *= np.exp(mid)
        share = float((counts * p[:, 1:].sum(1) / p.sum(1)).sum() / counts.sum())
        lo, hi = (mid, hi) if share < target else (lo, mid)
    w2 = w2.copy()
    w2[:, 1:] *= np.exp(0.5 * (lo + hi))
    return calibrated_draw(rng, w2, group)


def draw_parenting(
    rng: np.random.Generator, age: NDArray[np.int16], gender: I8, marital: I8, num_children: I8
) -> I8:
    """Parenting stage from the age of the youngest child (parent's age minus age at last birth).

    Childless married adults of 20-40 may be ``Expecting``; everyone else without
    children is ``None``.
    """
    n = len(age)
    a = age.astype(np.float64)
    female = gender == _code(S.GENDERS, "Female")
    first_birth = np.clip(np.where(female, 23.0, 27.0) + rng.normal(0.0, 3.0, n), 18.0, 40.0)
    last_birth = first_birth + np.maximum(num_children.astype(np.float64) - 1, 0) * (2.2 + rng.random(n))
    youngest = a - last_birth
    # Parents younger than the drawn age at last birth just had their youngest child.
    youngest = np.where(youngest < 0, rng.random(n) * np.clip(a - 18, 0.2, 2.0), youngest)
    stage = np.select(
        [youngest < 1, youngest < 4, youngest < 13, youngest < 18],
        [_code(S.PARENTING_STAGES, s) for s in ("Infant", "Toddler", "School-age", "Teen")],
        default=_code(S.PARENTING_STAGES, "Adult children"),
    ).astype(np.int8)
    childless = num_children == 0
    stage[childless] = _code(S.PARENTING_STAGES, "None")
    married = marital == _code(S.MARITAL_STATUSES, "Married")
    p_expect = 0.25 * np.exp(-(((a - 27.0) / 6.0) ** 2)) * ((a >= 20) & (a <= 42))
    expecting = childless & married & (rng.random(n) < p_expect)
    stage[expecting] = _code(S.PARENTING_STAGES, "Expecting")
    return stage


def draw_family_size(
    rng: np.random.Generator, age: NDArray[np.int16], marital: I8, num_children: I8, tier: I8, area: I8
) -> I8:
    """Household size: self + spouse + children + other members (parents, in-laws, siblings).

    Young singles mostly live with their parents; joint families are more common in
    smaller cities and rural areas.
    """
    n = len(age)
    a = age.astype(np.float64)
    married = marital == _code(S.MARITAL_STATUSES, "Married")
    core = 1 + married.astype(np.int64) + num_children.astype(np.int64)
    joint_rate = np.array([0.45, 0.8, 1.1])[tier] + np.array([0.0, 0.25, 0.55])[area]
    extra = rng.poisson(joint_rate * np.where(married, 1.0, 0.6))
    single = marital == _code(S.MARITAL_STATUSES, "Single")
    with_parents = single & (rng.random(n) < np.clip(0.95 - 0.03 * np.maximum(a - 22, 0), 0.15, 0.95))
    extra = np.where(with_parents, 2 + rng.poisson(0.9, n), extra)
    size = np.clip(core + extra, 1, 12)
    return np.maximum(size, core).clip(1, 12).astype(np.int8)


def draw_income(
    rng: np.random.Generator,
    age: NDArray[np.int16],
    gender: I8,
    tier: I8,
    area: I8,
    education: I8,
    occupation: I8,
) -> tuple[NDArray[np.int64], I8, I8]:
    """Monthly income (₹), its level and its source.

    Earners' log-income follows tier, area, education, occupation, experience and
    gender; one affine map of it (order-preserving) puts the Low/Mid/High shares of
    the whole population on target. Students live on stipends or family support,
    homemakers and the unemployed on little or no personal income, retirees on
    pensions.
    """
    n = len(age)
    a = age.astype(np.float64)
    oc = {name: i for i, name in enumerate(S.OCCUPATIONS)}
    src = {name: i for i, name in enumerate(S.INCOME_SOURCES)}
    occ = occupation
    u = rng.random(n)
    z = rng.standard_normal(n)

    source = np.full(n, src["Family support"], dtype=np.int8)
    source[occ == oc["Salaried"]] = src["Salary"]
    source[occ == oc["Business Owner"]] = src["Business"]
    source[occ == oc["Freelancer"]] = src["Freelance"]
    self_emp = occ == oc["Self-employed"]
    source[self_emp] = np.where(u[self_emp] < 0.62, src["Business"], src["Freelance"])
    student = occ == oc["Student"]
    p_stipend = np.array([0.05, 0.1, 0.25, 0.3, 0.5, 0.85])[education]
    source[student & (u < p_stipend)] = src["Stipend"]
    retired = occ == oc["Retired"]
    p_pension = np.array([0.4, 0.5, 0.6, 0.68, 0.75, 0.8])[education]
    source[retired & (u < p_pension)] = src["Pension"]
    source[retired & (u >= p_pension) & (u < p_pension + 0.12)] = src["Business"]

    edu_eff = np.array([-0.4, -0.22, -0.02, 0.22, 0.48, 0.65])[education]
    tier_eff = np.array([0.32, 0.0, -0.18])[tier] + np.array([0.0, -0.1, -0.25])[area]
    income = np.zeros(n)

    def lognormal(mask: NDArray[np.bool_], median: float, sigma: float, shift: FloatArray) -> FloatArray:
        return np.exp(np.log(median) + sigma * z[mask] + shift[mask])

    # Non-earners: small personal incomes below the Low threshold (family support, stipends);
    # about half of homemakers and the unemployed have no personal income at all.
    family = source == src["Family support"]
    income[family] = lognormal(family, 4_000, 0.6, 0.4 * tier_eff)
    stipend = source == src["Stipend"]
    income[stipend] = lognormal(stipend, 9_000, 0.5, np.where(education == 5, 1.4, 0.0))
    income[np.isin(occ, [oc["Homemaker"], oc["Unemployed"]]) & (rng.random(n) < 0.55)] = 0.0
    np.minimum(income, S.INCOME_LOW_MAX - 100, out=income)
    pension = retired & (source == src["Pension"])
    income[pension] = lognormal(pension, 20_000, 0.5, 0.8 * edu_eff + 0.5 * tier_eff)
    ret_business = retired & (source == src["Business"])
    income[ret_business] = lognormal(ret_business, 30_000, 0.7, edu_eff + tier_eff)

    earner = np.isin(occ, [oc["Salaried"], oc["Self-employed"], oc["Business Owner"], oc["Freelancer"]])
    e_occ = occ[earner]
    spread = np.array([0.5, 0.5, 0.6, 0.8, 0.5, 0.65, 0.5, 0.5])[e_occ]
    e_age = a[earner]
    log_inc = (
        edu_eff[earner]
        + tier_eff[earner]
        + np.array([0.0, 0.0, -0.12, 0.4, 0.0, -0.05, 0.0, 0.0])[e_occ]
        + 0.55 * (1 - np.exp(-np.maximum(e_age - 21, 0) / 11.0))  # experience
        + np.where(gender[earner] == _code(S.GENDERS, "Female"), -0.15, 0.0)
        + spread * z[earner]
    )

    # Calibrate earners so that the whole population hits the Low and High targets.
    low_t, high_t = target_share("income_level", "Low"), target_share("income_level", "High")
    others = ~earner
    low_needed = low_t * n - np.count_nonzero(others & (income < S.INCOME_LOW_MAX))
    high_needed = high_t * n - np.count_nonzero(others & (income > S.INCOME_MID_MAX))
    n_earn = max(int(earner.sum()), 1)
    q_low = float(np.clip(low_needed / n_earn, 0.02, 0.9))
    q_high = float(np.clip(1 - high_needed / n_earn, q_low + 0.05, 0.995))
    if earner.any():
        latent = log_inc
        l_low, l_high = np.quantile(latent, [q_low, q_high])
        scale = (np.log(S.INCOME_MID_MAX) - np.log(S.INCOME_LOW_MAX)) / max(l_high - l_low, 1e-6)
        income[earner] = np.exp(np.log(S.INCOME_LOW_MAX) + scale * (latent - l_low))
    income = np.clip(income, 0, 5_000_000)
    # People state round incomes: ₹100 steps, never rounding across a level threshold.
    rounded = np.round(income / 100.0) * 100.0
    crosses = ((income < S.INCOME_LOW_MAX) != (rounded < S.INCOME_LOW_MAX)) | (
        (income > S.INCOME_MID_MAX) != (rounded > S.INCOME_MID_MAX)
    )
    income_inr: NDArray[np.int64] = np.where(crosses, np.floor(income), rounded).astype(np.int64)
    return income_inr, income_level_codes(income_inr), source


def income_level_codes(income: NDArray[np.integer] | FloatArray) -> I8:
    """Low (< ₹25K), Mid (₹25K-₹1L) or High (> ₹1L) codes of monthly incomes."""
    return (
        (income >= S.INCOME_LOW_MAX).astype(np.int8) + (income > S.INCOME_MID_MAX).astype(np.int8)
    ).astype(np.int8)


def draw_demographics(rng: np.random.Generator, n: int) -> Demographics:
    """Draw all demographic columns for ``n`` people."""
    city, state, tier = draw_city(rng, n)
    area = draw_area(rng, tier)
    religion = draw_religion(rng, state)
    gender = draw_gender(rng, n)
    age = draw_age(rng, n)
    education = draw_education(rng, age, gender, tier)
    occupation = draw_occupation(rng, age, gender, education)
    marital = draw_marital(rng, age, gender, occupation)
    num_children = draw_children(rng, age, marital, education)
    parenting = draw_parenting(rng, age, gender, marital, num_children)
    family_size = draw_family_size(rng, age, marital, num_children, tier, area)
    income, level, source = draw_income(rng, age, gender, tier, area, education, occupation)
    household, household_level = draw_household_income(
        rng,
        age=age,
        gender=gender,
        marital=marital,
        occupation=occupation,
        education=education,
        tier=tier,
        area=area,
        family_size=family_size,
        income=income,
    )
    return Demographics(
        city,
        state,
        tier,
        area,
        religion,
        gender,
        age,
        education,
        occupation,
        marital,
        num_children,
        parenting,
        family_size,
        income,
        level,
        source,
        household,
        household_level,
    )
