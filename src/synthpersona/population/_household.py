"""Household income: the person's own income plus what the other earners of the household bring.

Personal income is 0 for most homemakers and students, yet they live in households
with an income; marketers target households ("from affluent families", "household
income above 1 lakh"). The other earners are the spouse (husbands mostly earn, wives
in about a quarter of urban couples, PLFS), the parents of young adults who live with
them, and working adults of joint families. Their incomes follow the same tier, area
and education effects as personal incomes. One order-preserving map of the household
log-income then puts the Low/Mid/High shares of household classes on the sourced
targets, and a household never earns less than the person alone.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from synthpersona import schema as S
from synthpersona.population._targets import target_share

I8 = NDArray[np.int8]

# ICE 360° household classes (PRICE 2021), per month: Low below ₹5 lakh a year, Mid ₹5-30 lakh, High above.
HOUSEHOLD_LOW_MAX: Final = S.HOUSEHOLD_INCOME_LOW_MAX
HOUSEHOLD_MID_MAX: Final = S.HOUSEHOLD_INCOME_MID_MAX


def household_level_codes(income: NDArray[np.integer] | NDArray[np.floating]) -> I8:
    """Low (< ₹41,667 a month), Mid (up to ₹2.5 lakh) or High (> ₹2.5 lakh) codes of household incomes."""
    return (
        (income >= HOUSEHOLD_LOW_MAX).astype(np.int8) + (income > HOUSEHOLD_MID_MAX).astype(np.int8)
    ).astype(np.int8)


def _code(values: tuple[str, ...], name: str) -> int:
    return values.index(name)


def draw_household_income(
    rng: np.random.Generator,
    *,
    age: NDArray[np.int16],
    gender: I8,
    marital: I8,
    occupation: I8,
    education: I8,
    tier: I8,
    area: I8,
    family_size: I8,
    income: NDArray[np.int64],
) -> tuple[NDArray[np.int64], I8]:
    """Monthly household income (₹) and its level for people with personal ``income``."""
    n = len(age)
    a = age.astype(np.float64)
    female = gender == _code(S.GENDERS, "Female")
    male = gender == _code(S.GENDERS, "Male")
    married = marital == _code(S.MARITAL_STATUSES, "Married")
    single = marital == _code(S.MARITAL_STATUSES, "Single")
    edu_eff = np.array([-0.4, -0.22, -0.02, 0.22, 0.48, 0.65])[education]
    place_eff = np.array([0.32, 0.0, -0.18])[tier] + np.array([0.0, -0.1, -0.25])[area]

    # Spouse: husbands earn in most couples, wives in about a quarter (urban PLFS), like-with-like schooling.
    p_spouse = np.where(female, 0.93, np.where(male, 0.27, 0.6))
    spouse_earns = married & (rng.random(n) < p_spouse)
    spouse_median = np.where(female, 32_000.0, 22_000.0)
    spouse = spouse_earns * np.exp(
        np.log(spouse_median) + 0.8 * edu_eff + place_eff + 0.6 * rng.standard_normal(n)
    )
    # Parents of young single adults who live with them (students above all).
    student = occupation == _code(S.OCCUPATIONS, "Student")
    with_parents = (single & (a < 36) & (family_size >= 3)) | student
    parents = with_parents * np.exp(
        np.log(38_000.0) + 0.5 * edu_eff + place_eff + 0.7 * rng.standard_normal(n)
    )
    # Other working adults of joint families (beyond self, spouse and children).
    others_n = np.maximum(family_size.astype(np.int64) - 1 - married - 2 * with_parents, 0)
    earning_others = rng.binomial(np.minimum(others_n, 4), 0.3)
    others = earning_others * np.exp(np.log(16_000.0) + place_eff + 0.5 * rng.standard_normal(n))

    raw = income + spouse + parents + others
    latent = np.log(np.maximum(raw, 1_500.0))
    # An order-preserving map puts the class shares on target; the correction pass accounts
    # for the floor "household >= own income" that lifts a few households across a threshold.
    q_low = target_share("household_income_level", "Low")
    q_high = 1 - target_share("household_income_level", "High")
    household = _affine(latent, q_low, q_high)
    for _ in range(2):
        floored = np.maximum(household, income)
        low_gap = np.mean(floored < HOUSEHOLD_LOW_MAX) - target_share("household_income_level", "Low")
        high_gap = np.mean(floored > HOUSEHOLD_MID_MAX) - target_share("household_income_level", "High")
        q_low, q_high = (
            float(np.clip(q_low - low_gap, 0.01, 0.98)),
            float(np.clip(q_high + high_gap, 0.02, 0.999)),
        )
        household = _affine(latent, q_low, max(q_high, q_low + 0.01))
    household = np.maximum(household, income)
    rounded = np.round(household / 100.0) * 100.0
    crosses = ((household < HOUSEHOLD_LOW_MAX) != (rounded < HOUSEHOLD_LOW_MAX)) | (
        (household > HOUSEHOLD_MID_MAX) != (rounded > HOUSEHOLD_MID_MAX)
    )
    out: NDArray[np.int64] = np.maximum(np.where(crosses, np.floor(household), rounded), income).astype(
        np.int64
    )
    return out, household_level_codes(out)


def _affine(latent: NDArray[np.floating], q_low: float, q_high: float) -> NDArray[np.float64]:
    """exp of the affine map of ``latent`` sending its q_low / q_high quantiles to the class thresholds."""
    l_low, l_high = np.quantile(latent, [q_low, q_high])
    scale = (np.log(HOUSEHOLD_MID_MAX) - np.log(HOUSEHOLD_LOW_MAX)) / max(float(l_high - l_low), 1e-6)
    return np.exp(np.log(HOUSEHOLD_LOW_MAX) + scale * (latent - l_low))
