"""Behavioural columns: language, digital habits, shopping, attitudes and interest affinities.

All are drawn after the demographics (``_demographics``) and depend on them:
language follows the state and religion, the main festival religion and state,
device count and tech-savviness follow age and income, EMI use follows income and
price sensitivity, interests vary with age, gender and parenting stage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from synthpersona import schema as S
from synthpersona.population._demographics import Demographics
from synthpersona.population._places import draw_festival, language_religion_factor
from synthpersona.population._sampling import (
    FloatArray,
    calibrated_draw,
    group_index,
    sigmoid,
    solve_intercept,
)
from synthpersona.population._targets import target_share, target_shares

I8 = NDArray[np.int8]


@dataclass
class Behaviour:
    """Arrays of the behavioural columns."""

    language: I8
    festival: I8
    media: I8
    screen_hours: FloatArray
    device_count: NDArray[np.int8]
    shopping_freq: FloatArray
    channel: I8
    emi: NDArray[np.bool_]
    scores: dict[str, FloatArray]
    interests: dict[str, FloatArray]


def _code(values: tuple[str, ...], name: str) -> int:
    return values.index(name)


def _age_band(age: NDArray[np.int16]) -> I8:
    """0: 18-24, 1: 25-34, 2: 35-44, 3: 45-59, 4: 60+."""
    return _AGE_BAND_LUT[age - S.AGE_MIN]


_AGE_BAND_LUT = np.searchsorted(
    np.array([25, 35, 45, 60]), np.arange(S.AGE_MIN, S.AGE_MAX + 1), side="right"
).astype(np.int8)


def _tech_band(tech: FloatArray) -> I8:
    """0: below 0.35, 1: 0.35-0.65, 2: 0.65 and above."""
    band: I8 = (tech >= 0.35).view(np.int8) + (tech >= 0.65).view(np.int8)
    return band


def draw_language(rng: np.random.Generator, d: Demographics) -> I8:
    """Primary language: the state's language, Hindi for migrants, English for educated city dwellers.

    Religion shifts it (``_places.language_religion_factor``): Sikhs speak Punjabi outside
    Punjab too, Muslims of the Deccan and the west often Urdu/Hindustani (counted as Hindi).
    """
    n_lang = len(S.LANGUAGES)
    hindi, english = _code(S.LANGUAGES, "Hindi"), _code(S.LANGUAGES, "English")
    w = np.full((len(S.STATES), len(S.EDUCATION_LEVELS), len(S.CITY_TIERS), n_lang), 0.004)
    for s, state in enumerate(S.STATES):
        w[s, :, :, _code(S.LANGUAGES, S.STATE_LANGUAGE[state])] = 1.0
        if S.STATE_LANGUAGE[state] != "Hindi":
            # Hindi-speaking migrants: many in metros, fewer in smaller cities.
            w[s, :, :, hindi] = np.array([0.3, 0.1, 0.05])[None, :]
    english_edu = np.array([0.02, 0.06, 0.1, 0.22, 0.4, 0.6])
    english_tier = np.array([1.0, 0.45, 0.3])
    english_w = english_edu[:, None] * english_tier[None, :]
    w[:, :, :, english] = np.maximum(w[:, :, :, english], english_w[None, :, :])
    factor = language_religion_factor()  # (state, religion, language)
    full = w[:, :, :, None, :] * factor[:, None, None, :, :]
    group, size = group_index(
        (d.state, len(S.STATES)),
        (d.education, len(S.EDUCATION_LEVELS)),
        (d.tier, len(S.CITY_TIERS)),
        (d.religion, len(S.RELIGIONS)),
    )
    return calibrated_draw(rng, full.reshape(size, n_lang), group, target_shares("primary_language"))


def _log_income_z(income: NDArray[np.int64]) -> FloatArray:
    """Standardised log income: 0 near ₹22K/month, +1 near ₹60K."""
    return (np.log(income.astype(np.float64) + 3_000.0) - 10.0) / 1.0


def draw_scores(rng: np.random.Generator, d: Demographics) -> dict[str, FloatArray]:
    """Tech-savviness, price sensitivity, brand awareness and privacy preference in [0, 1]."""
    n = len(d.age)
    a = d.age.astype(np.float64)
    inc = _log_income_z(d.income)
    edu = d.education.astype(np.float64) / 5.0
    tier1 = (d.tier == 0).astype(np.float64)
    tier3 = (d.tier == 2).astype(np.float64)
    rural = (d.area == _code(S.AREA_TYPES, "Rural")).astype(np.float64)
    student = (d.occupation == _code(S.OCCUPATIONS, "Student")).astype(np.float64)
    tech = sigmoid(
        0.15
        - 0.05 * (a - 32)
        + 0.45 * inc
        + 0.9 * edu
        + 0.3 * tier1
        - 0.25 * rural
        + 0.35 * student
        + 0.65 * rng.standard_normal(n)
    )
    fam = d.family_size.astype(np.float64)
    price = sigmoid(
        0.35 - 0.75 * inc + 0.12 * (fam - 4) + 0.25 * tier3 + 0.2 * rural + 0.55 * rng.standard_normal(n)
    )
    brand = sigmoid(
        -0.3 + 0.45 * inc + 1.4 * (tech - 0.5) + 0.25 * tier1 + 0.3 * edu + 0.55 * rng.standard_normal(n)
    )
    privacy = sigmoid(
        -0.35 + 1.0 * edu + 0.012 * (a - 35) + 0.6 * (tech - 0.5) + 0.7 * rng.standard_normal(n)
    )
    return {
        "tech_savviness": tech,
        "price_sensitivity": price,
        "brand_awareness": brand,
        "privacy_pref": privacy,
    }


def draw_devices(
    rng: np.random.Generator, d: Demographics, tech: FloatArray
) -> tuple[NDArray[np.int8], FloatArray]:
    """Device count (1-8) and daily screen hours, both rising with tech-savviness, youth and income."""
    a = d.age.astype(np.float64)
    inc = _log_income_z(d.income)
    lam = np.clip(0.3 + 2.2 * tech + 0.45 * np.maximum(inc, -1.0) + 0.15 * (d.family_size > 3), 0.05, None)
    devices = np.clip(1 + rng.poisson(lam), 1, 8).astype(np.int8)
    youth = np.exp(-np.maximum(a - 20, 0) / 25.0)
    mean_hours = 2.0 + 3.5 * tech + 2.0 * youth
    hours = rng.gamma(5.0, mean_hours / 5.0)
    return devices, np.round(np.clip(hours, 0.5, 16.0), 1)


def draw_media(rng: np.random.Generator, d: Demographics, tech: FloatArray) -> I8:
    """Primary medium by life stage, tech-savviness, tier and education."""
    media = S.MEDIA
    m = {name: i for i, name in enumerate(media)}
    n_m = len(media)
    base = np.array([1.0, 1.0, 1.0, 0.5, 0.8, 0.4, 0.3, 0.2])
    age_eff = np.ones((5, n_m))
    age_eff[
        0, [m["Instagram"], m["YouTube"], m["OTT"], m["TV"], m["Print"], m["Facebook"], m["WhatsApp"]]
    ] = [
        3.0,
        1.5,
        1.3,
        0.35,
        0.15,
        0.4,
        0.5,
    ]
    age_eff[1, [m["Instagram"], m["OTT"], m["Print"]]] = [1.6, 1.4, 0.5]
    age_eff[3, [m["TV"], m["Facebook"], m["WhatsApp"], m["Print"], m["Instagram"], m["News apps"]]] = [
        1.9,
        1.6,
        1.6,
        2.2,
        0.35,
        1.5,
    ]
    age_eff[
        4, [m["TV"], m["Print"], m["WhatsApp"], m["Instagram"], m["OTT"], m["YouTube"], m["News apps"]]
    ] = [
        3.2,
        4.5,
        1.9,
        0.08,
        0.35,
        0.7,
        1.5,
    ]
    tech_eff = np.ones((3, n_m))
    tech_eff[0, [m["TV"], m["WhatsApp"], m["OTT"], m["News apps"], m["Instagram"]]] = [
        1.7,
        1.5,
        0.4,
        0.6,
        0.7,
    ]
    tech_eff[2, [m["OTT"], m["News apps"], m["Instagram"], m["TV"], m["Print"]]] = [1.9, 1.5, 1.3, 0.55, 0.6]
    tier_eff = np.ones((3, n_m))
    tier_eff[0, [m["OTT"], m["News apps"], m["TV"]]] = [1.5, 1.3, 0.8]
    tier_eff[2, [m["TV"], m["Facebook"], m["OTT"]]] = [1.3, 1.3, 0.6]
    edu_eff = np.ones((2, n_m))
    edu_eff[1, [m["News apps"], m["Print"]]] = [1.5, 1.3]
    w = (
        base[None, None, None, None, :]
        * age_eff[:, None, None, None, :]
        * tech_eff[None, :, None, None, :]
        * tier_eff[None, None, :, None, :]
        * edu_eff[None, None, None, :, :]
    )
    tech_band = _tech_band(tech)
    degree = (d.education >= _code(S.EDUCATION_LEVELS, "Graduate")).astype(np.int8)
    group, size = group_index((_age_band(d.age), 5), (tech_band, 3), (d.tier, 3), (degree, 2))
    return calibrated_draw(rng, w.reshape(size, n_m), group, target_shares("primary_media"))


def draw_channel(rng: np.random.Generator, d: Demographics, tech: FloatArray, price: FloatArray) -> I8:
    """Preferred shopping channel by age, tech-savviness, tier, area, gender and price sensitivity."""
    c = {name: i for i, name in enumerate(S.CHANNELS)}
    n_c = len(S.CHANNELS)
    base = np.array([1.0, 1.0, 0.3, 0.2, 0.35])
    age_eff = np.ones((5, n_c))
    age_eff[0, [c["Quick commerce"], c["Social commerce"], c["Offline retail"]]] = [1.4, 1.2, 0.7]
    age_eff[1, [c["Quick commerce"], c["Brand website"]]] = [1.7, 1.3]
    age_eff[2, [c["Quick commerce"], c["Social commerce"]]] = [1.3, 1.3]
    age_eff[3, [c["Offline retail"], c["Quick commerce"]]] = [1.8, 0.6]
    age_eff[4, [c["Offline retail"], c["Quick commerce"], c["Online marketplace"], c["Social commerce"]]] = [
        3.0,
        0.25,
        0.6,
        0.6,
    ]
    tech_eff = np.ones((3, n_c))
    tech_eff[0, [c["Offline retail"], c["Online marketplace"], c["Quick commerce"], c["Brand website"]]] = [
        2.2,
        0.6,
        0.4,
        0.4,
    ]
    tech_eff[2, [c["Offline retail"], c["Online marketplace"], c["Quick commerce"], c["Brand website"]]] = [
        0.5,
        1.3,
        1.8,
        1.7,
    ]
    tier_eff = np.ones((3, n_c))
    tier_eff[0, [c["Quick commerce"], c["Offline retail"]]] = [2.6, 0.8]
    tier_eff[1, [c["Social commerce"]]] = [1.3]
    tier_eff[2, [c["Quick commerce"], c["Offline retail"], c["Social commerce"]]] = [0.2, 1.4, 1.5]
    area_eff = np.ones((3, n_c))
    area_eff[2, [c["Quick commerce"], c["Offline retail"], c["Social commerce"]]] = [0.1, 1.7, 1.2]
    area_eff[1, [c["Quick commerce"]]] = [0.5]
    female_eff = np.ones((2, n_c))
    female_eff[1, [c["Social commerce"], c["Brand website"]]] = [1.6, 1.1]
    price_eff = np.ones((2, n_c))
    price_eff[1, [c["Brand website"], c["Social commerce"], c["Quick commerce"], c["Online marketplace"]]] = [
        0.45,
        1.4,
        0.7,
        1.15,
    ]
    w = (
        base
        * age_eff[:, None, None, None, None, None, :]
        * tech_eff[None, :, None, None, None, None, :]
        * tier_eff[None, None, :, None, None, None, :]
        * area_eff[None, None, None, :, None, None, :]
        * female_eff[None, None, None, None, :, None, :]
        * price_eff[None, None, None, None, None, :, :]
    )
    tech_band = _tech_band(tech)
    female = (d.gender == _code(S.GENDERS, "Female")).astype(np.int8)
    price_hi = (price >= 0.6).astype(np.int8)
    group, size = group_index(
        (_age_band(d.age), 5), (tech_band, 3), (d.tier, 3), (d.area, 3), (female, 2), (price_hi, 2)
    )
    return calibrated_draw(rng, w.reshape(size, n_c), group, target_shares("preferred_channel"))


def draw_shopping_freq(
    rng: np.random.Generator, d: Demographics, tech: FloatArray, channel: I8
) -> FloatArray:
    """Average online orders per month: tech-savvy, better-off, quick-commerce users order most."""
    n = len(d.age)
    inc = _log_income_z(d.income)
    channel_eff = np.array([1.0, 0.3, 2.4, 0.9, 0.8])[channel]
    tier_eff = np.array([1.25, 1.0, 0.8])[d.tier]
    mean = np.clip(
        0.3 + 3.2 * tech * channel_eff * tier_eff * np.exp(0.3 * np.clip(inc, -1.5, 2.0)), 0.05, None
    )
    return np.round(np.clip(rng.gamma(2.0, mean / 2.0, n), 0.0, 60.0), 1)


def draw_emi(rng: np.random.Generator, d: Demographics, price: FloatArray) -> NDArray[np.bool_]:
    """EMI/BNPL use: mid incomes and price-sensitive buyers stretch payments; non-earners rarely can."""
    n = len(d.age)
    a = d.age.astype(np.float64)
    level = d.income_level
    oc = S.OCCUPATIONS
    non_earner = np.isin(d.occupation, [oc.index("Student"), oc.index("Homemaker"), oc.index("Unemployed")])
    salaried = d.occupation == oc.index("Salaried")
    logits = (
        2.4 * price
        + np.array([0.0, 1.1, 0.5])[level]
        - 0.9 * non_earner
        + 0.45 * ((a >= 24) & (a <= 45))
        - 0.5 * (a >= 60)
        + 0.35 * salaried
        + 0.35 * (d.num_children > 0)
    )
    logits = logits + solve_intercept(logits, target_share("emi_flag", "True"))
    return rng.random(n) < sigmoid(logits)


# Effects on the logit of each interest affinity (columns of the design below).
_DESIGN = (
    "const",
    "age",
    "female",
    "male",
    "student",
    "young_kids",
    "school_kids",
    "teen_kids",
    "income",
    "tech",
    "degree",
    "fit",
)
_INTEREST_COEF: dict[str, tuple[float, ...]] = {
    #                      const  age   fem   male  stud  ykid  skid  teen  inc   tech  deg   fit
    "interest_tech": (-0.4, -0.45, -0.35, 0.3, 0.4, 0.0, 0.0, 0.0, 0.2, 1.8, 0.25, 0.0),
    "interest_fashion": (-0.3, -0.6, 0.7, -0.3, 0.4, -0.1, 0.0, 0.0, 0.2, 0.4, 0.0, 0.3),
    "interest_beauty": (-0.5, -0.45, 1.3, -0.6, 0.2, 0.0, 0.0, 0.0, 0.2, 0.3, 0.0, 0.2),
    "interest_health": (-0.3, 0.55, 0.2, 0.0, -0.3, 0.2, 0.1, 0.1, 0.15, 0.0, 0.2, 0.4),
    "interest_fitness": (-0.4, -0.3, -0.05, 0.1, 0.3, -0.2, 0.0, 0.0, 0.3, 0.3, 0.25, 1.0),
    "interest_education": (-0.6, -0.3, 0.1, 0.0, 1.6, 0.2, 1.0, 0.8, 0.0, 0.3, 0.35, 0.0),
    "interest_entertainment": (0.3, -0.55, 0.05, 0.05, 0.4, -0.2, 0.0, 0.0, 0.1, 0.6, 0.0, 0.0),
    "interest_gaming": (-0.9, -1.0, -0.8, 0.6, 0.7, -0.3, 0.1, 0.1, 0.1, 1.3, 0.0, 0.0),
    "interest_sports": (-0.4, -0.35, -0.6, 0.7, 0.3, 0.0, 0.1, 0.1, 0.1, 0.2, 0.0, 0.7),
    "interest_travel": (-0.5, -0.1, 0.1, 0.0, 0.2, -0.3, 0.0, 0.0, 0.55, 0.4, 0.3, 0.2),
    "interest_finance": (-0.7, 0.3, -0.25, 0.2, -0.6, 0.1, 0.2, 0.2, 0.7, 0.5, 0.4, 0.0),
    "interest_food": (0.2, -0.1, 0.2, 0.0, 0.2, 0.0, 0.1, 0.0, 0.15, 0.2, 0.0, 0.0),
    "interest_parenting": (-2.4, -0.2, 0.45, -0.2, -0.8, 3.2, 2.3, 1.3, 0.0, 0.1, 0.1, 0.0),
    "interest_automobile": (-0.8, -0.1, -0.7, 0.6, 0.1, 0.0, 0.0, 0.0, 0.45, 0.5, 0.0, 0.0),
}


def _interest_group_table(coef: NDArray[np.float32]) -> NDArray[np.float32]:
    """Logit contribution of the discrete design terms for each of the 48 groups.

    Groups are gender (3) x student (2) x young/school/teen/other children (4) x
    degree (2), in that row-major order; the constant is included.
    """
    g, st_, sg, dg = np.meshgrid(np.arange(3), np.arange(2), np.arange(4), np.arange(2), indexing="ij")
    terms = {
        "const": np.ones_like(g, dtype=np.float32),
        "female": g == _code(S.GENDERS, "Female"),
        "male": g == _code(S.GENDERS, "Male"),
        "student": st_ == 1,
        "young_kids": sg == 1,
        "school_kids": sg == 2,
        "teen_kids": sg == 3,
        "degree": dg == 1,
    }
    stacked = np.stack([terms[name].astype(np.float32).ravel() for name in terms])  # (8, 48)
    cols = [_DESIGN.index(name) for name in terms]
    table: NDArray[np.float32] = (coef[:, cols] @ stacked).astype(np.float32)
    return table


def draw_interests(rng: np.random.Generator, d: Demographics, tech: FloatArray) -> dict[str, FloatArray]:
    """Interest affinities in [0, 1]: logistic in age, gender, life stage, income and tech.

    A shared per-person "engagement" factor and a "fitness-minded" factor make
    related interests correlate, as they do in real panels. The discrete terms are
    looked up per group (48 groups) and the continuous ones added, in float32: the
    14 x n draws dominate the generator's time and 7 digits are plenty.
    """
    n = len(d.age)
    ps = {name: i for i, name in enumerate(S.PARENTING_STAGES)}
    coef = np.array([_INTEREST_COEF[name] for name in S.INTERESTS], dtype=np.float32)
    table = _interest_group_table(coef)
    stage = np.zeros(n, dtype=np.intp)
    stage[np.isin(d.parenting, [ps["Expecting"], ps["Infant"], ps["Toddler"]])] = 1
    stage[d.parenting == ps["School-age"]] = 2
    stage[d.parenting == ps["Teen"]] = 3
    student = d.occupation == _code(S.OCCUPATIONS, "Student")
    degree = d.education >= _code(S.EDUCATION_LEVELS, "Graduate")
    group = ((d.gender.astype(np.intp) * 2 + student) * 4 + stage) * 2 + degree
    continuous = {
        "age": (d.age.astype(np.float32) - 35.0) / 15.0,
        "income": np.clip(_log_income_z(d.income), -2.0, 2.5).astype(np.float32),
        "tech": ((tech - 0.5) * 2.0).astype(np.float32),
        "fit": rng.standard_normal(n, dtype=np.float32),  # fitness-minded
    }
    engagement = 0.45 * rng.standard_normal(n, dtype=np.float32)  # heavy users like many things
    noise = rng.standard_normal((len(S.INTERESTS), n), dtype=np.float32)
    out: dict[str, FloatArray] = {}
    for i, name in enumerate(S.INTERESTS):
        logit = noise[i]
        logit *= 0.8
        logit += table[i][group]
        logit += engagement
        for term, values in continuous.items():
            c = coef[i, _DESIGN.index(term)]
            if c:
                logit += c * values
        out[name] = sigmoid(logit)
    return out


def draw_behaviour(rng: np.random.Generator, d: Demographics) -> Behaviour:
    """Draw all behavioural columns for the people in ``d``."""
    language = draw_language(rng, d)
    festival = draw_festival(rng, d.state, d.religion)
    scores = draw_scores(rng, d)
    tech, price = scores["tech_savviness"], scores["price_sensitivity"]
    devices, hours = draw_devices(rng, d, tech)
    media = draw_media(rng, d, tech)
    channel = draw_channel(rng, d, tech, price)
    freq = draw_shopping_freq(rng, d, tech, channel)
    emi = draw_emi(rng, d, price)
    interests = draw_interests(rng, d, tech)
    return Behaviour(language, festival, media, hours, devices, freq, channel, emi, scores, interests)
