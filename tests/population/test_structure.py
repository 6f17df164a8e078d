"""Joint structure a marketer recognises, checked on a 100,000-person population."""

from __future__ import annotations

import pandas as pd

from synthpersona.population import STATE_LANGUAGE


def _share(mask: pd.Series) -> float:
    return float(mask.mean())


def test_students_are_young_single_and_live_on_stipends_or_family(pop100k: pd.DataFrame) -> None:
    students = pop100k[pop100k["occupation"] == "Student"]
    assert students["age"].median() < 25
    assert _share(students["marital_status"] == "Single") > 0.85
    assert _share(students["income_level"] == "Low") == 1.0
    assert set(students["income_source"].astype(str)) == {"Stipend", "Family support"}
    # Doctoral students are the ones on stipends.
    phd = students[students["education_level"] == "Doctorate"]
    assert _share(phd["income_source"] == "Stipend") > 0.6


def test_retirees_are_old_and_homemakers_mostly_women(pop100k: pd.DataFrame) -> None:
    assert pop100k.loc[pop100k["occupation"] == "Retired", "age"].median() > 60
    homemakers = pop100k[pop100k["occupation"] == "Homemaker"]
    assert _share(homemakers["gender"] == "Female") > 0.9


def test_parenting_stage_follows_age(pop100k: pd.DataFrame) -> None:
    medians = pop100k.groupby("parenting_stage", observed=True)["age"].median()
    order = ["Infant", "Toddler", "School-age", "Teen", "Adult children"]
    assert list(medians[order]) == sorted(medians[order])
    assert medians["Infant"] < medians["Adult children"] - 15
    assert 20 <= medians["Expecting"] <= 35


def test_marriage_follows_age_and_women_marry_younger(pop100k: pd.DataFrame) -> None:
    married = pop100k["marital_status"] == "Married"
    young = pop100k["age"].between(18, 24)
    mid = pop100k["age"].between(35, 44)
    assert _share(married[young]) < 0.4 < 0.8 < _share(married[mid])
    women = pop100k["gender"] == "Female"
    assert _share(married[young & women]) > _share(married[young & ~women])
    widowed = pop100k["marital_status"] == "Widowed"
    assert _share(widowed[pop100k["age"] >= 65]) > 5 * _share(widowed[pop100k["age"] < 45])


def test_income_follows_tier_education_and_occupation(pop100k: pd.DataFrame) -> None:
    by_tier = pop100k.groupby("city_tier", observed=True)["monthly_income_inr"].median()
    assert by_tier["Tier-1"] > by_tier["Tier-2"] > by_tier["Tier-3"]
    earners = pop100k[pop100k["income_source"].isin(["Salary", "Business", "Freelance"])]
    by_edu = earners.groupby("education_level", observed=True)["monthly_income_inr"].median()
    assert by_edu["Secondary"] < by_edu["Graduate"] < by_edu["Post-graduate"] < by_edu["Doctorate"]
    by_occ = earners.groupby("occupation", observed=True)["monthly_income_inr"].median()
    assert by_occ["Business Owner"] > by_occ["Salaried"]
    high = pop100k["income_level"] == "High"
    assert _share(high[pop100k["city_tier"] == "Tier-1"]) > 2 * _share(high[pop100k["city_tier"] == "Tier-3"])


def test_language_follows_state(pop100k: pd.DataFrame) -> None:
    for state, group in pop100k.groupby("state", observed=True):
        top = group["primary_language"].astype(str).value_counts()
        assert top.index[0] == STATE_LANGUAGE[str(state)], state
        assert top.iloc[0] / len(group) > 0.55, state


def test_english_is_more_common_among_educated_tier1(pop100k: pd.DataFrame) -> None:
    english = pop100k["primary_language"] == "English"
    educated_t1 = pop100k["education_level"].isin(["Post-graduate", "Doctorate"]) & (
        pop100k["city_tier"] == "Tier-1"
    )
    schooled_t3 = (pop100k["education_level"] == "Secondary") & (pop100k["city_tier"] == "Tier-3")
    assert _share(english[educated_t1]) > 5 * _share(english[schooled_t3])


def test_area_type_is_plausible_per_tier(pop100k: pd.DataFrame) -> None:
    urban = pop100k["area_type"] == "Urban"
    rural = pop100k["area_type"] == "Rural"
    assert _share(urban[pop100k["city_tier"] == "Tier-1"]) > 0.75
    assert _share(rural[pop100k["city_tier"] == "Tier-3"]) > 3 * _share(
        rural[pop100k["city_tier"] == "Tier-1"]
    )


def test_devices_and_tech_follow_age_and_income(pop100k: pd.DataFrame) -> None:
    df = pop100k
    assert df["tech_savviness"].corr(df["age"]) < -0.2
    assert df["tech_savviness"].corr(df["monthly_income_inr"].rank()) > 0.2
    young, old = df["age"] <= 30, df["age"] >= 60
    assert df.loc[young, "device_count"].mean() > df.loc[old, "device_count"].mean() + 0.5
    rich = df["monthly_income_inr"] > df["monthly_income_inr"].quantile(0.8)
    poor = df["monthly_income_inr"] < df["monthly_income_inr"].quantile(0.2)
    assert df.loc[rich, "device_count"].mean() > df.loc[poor, "device_count"].mean()
    assert df.loc[young, "daily_screen_hours"].mean() > df.loc[old, "daily_screen_hours"].mean()


def test_emi_follows_income_and_price_sensitivity(pop100k: pd.DataFrame) -> None:
    df = pop100k
    by_level = df.groupby("income_level", observed=True)["emi_flag"].mean()
    assert by_level["Mid"] > by_level["Low"]
    earners = df[df["income_source"].isin(["Salary", "Business", "Freelance"])]
    sensitive = earners["price_sensitivity"] >= 0.6
    assert earners.loc[sensitive, "emi_flag"].mean() > earners.loc[~sensitive, "emi_flag"].mean()
    mid = df[df["income_level"] == "Mid"]
    sensitive = mid["price_sensitivity"] >= 0.6
    assert mid.loc[sensitive, "emi_flag"].mean() > mid.loc[~sensitive, "emi_flag"].mean() + 0.08


def test_price_sensitivity_falls_with_income(pop100k: pd.DataFrame) -> None:
    by_level = pop100k.groupby("income_level", observed=True)["price_sensitivity"].mean()
    assert by_level["Low"] > by_level["Mid"] > by_level["High"]


def test_interests_vary_with_age_gender_and_parenting(pop100k: pd.DataFrame) -> None:
    df = pop100k
    women, men = df["gender"] == "Female", df["gender"] == "Male"
    young, old = df["age"] <= 24, df["age"] >= 55
    assert df.loc[women, "interest_beauty"].mean() > df.loc[men, "interest_beauty"].mean() + 0.15
    assert df.loc[men, "interest_automobile"].mean() > df.loc[women, "interest_automobile"].mean() + 0.1
    assert df.loc[young, "interest_gaming"].mean() > df.loc[old, "interest_gaming"].mean() + 0.15
    assert df.loc[old, "interest_health"].mean() > df.loc[young, "interest_health"].mean()
    parenting = df.groupby("parenting_stage", observed=True)["interest_parenting"].mean()
    assert parenting["Infant"] > 0.6 and parenting["Toddler"] > 0.6 and parenting["Expecting"] > 0.6
    assert parenting["None"] < 0.2 and parenting["Adult children"] < 0.2
    students = df["occupation"] == "Student"
    assert (
        df.loc[students, "interest_education"].mean() > df.loc[~students, "interest_education"].mean() + 0.2
    )


def test_media_and_channels_vary_with_age_and_tier(pop100k: pd.DataFrame) -> None:
    df = pop100k
    young, old = df["age"] <= 24, df["age"] >= 60
    media = df["primary_media"]
    assert _share(media[young] == "Instagram") > 3 * _share(media[old] == "Instagram")
    assert _share(media[old].isin(["TV", "Print"])) > 2 * _share(media[young].isin(["TV", "Print"]))
    channel = df["preferred_channel"]
    quick = channel == "Quick commerce"
    assert _share(quick[df["city_tier"] == "Tier-1"]) > 3 * _share(quick[df["city_tier"] == "Tier-3"])
    assert _share(channel[old] == "Offline retail") > _share(channel[young] == "Offline retail") + 0.15


def test_joint_families_are_larger_in_smaller_cities(pop100k: pd.DataFrame) -> None:
    size = pop100k.groupby("city_tier", observed=True)["family_size"].mean()
    assert size["Tier-3"] > size["Tier-1"]
    assert pop100k["family_size"].median() in (3, 4, 5)
