"""Persona names follow the state's communities (Census 2011 religion shares), region and gender."""

from __future__ import annotations

import pytest

from synthpersona.personas._names import community_shares, pick_name

HINDI_BELT = {"Sharma", "Verma", "Gupta", "Yadav", "Mishra", "Srivastava", "Agarwal", "Chauhan", "Tiwari"}
BENGALI = {"Banerjee", "Chatterjee", "Das", "Mukherjee", "Ghosh", "Bose", "Sen", "Dutta"}


def names(state: str, gender: str, n: int = 600) -> list[str]:
    return [pick_name(state, gender, seed) for seed in range(n)]


def test_kaur_is_only_for_sikh_women_and_singh_for_sikh_men() -> None:
    men, women = names("Punjab", "Male"), names("Punjab", "Female")
    assert not any("Kaur" in n for n in men)
    kaur = sum("Kaur" in n.split() for n in women) / len(women)
    # About the Sikh share of Punjab (57.7 %), never all Punjabi women.
    assert abs(kaur - community_shares("Punjab")["sikh"]) < 0.07
    assert sum(n.split()[1] == "Singh" for n in men) / len(men) == pytest.approx(kaur, abs=0.08)
    assert sum("Kaur" in n.split() for n in names("Tamil Nadu", "Female")) == 0


def test_kashmir_gets_kashmiri_names_not_hindi_belt_ones() -> None:
    surnames = [n.split()[-1] for n in names("Jammu and Kashmir", "Male")]
    assert not HINDI_BELT & set(surnames)
    muslim = {"Bhat", "Mir", "Wani", "Dar", "Lone", "Shah", "Malik", "Ganie"}
    assert sum(s in muslim for s in surnames) / len(surnames) > 0.6


def test_meghalaya_gets_khasi_and_garo_names_not_bengali_ones() -> None:
    surnames = {n.split()[-1] for n in names("Meghalaya", "Female")}
    assert not BENGALI & surnames
    assert {"Lyngdoh", "Marak", "Sangma"} & surnames


def test_names_are_deterministic_and_avoid_taken_ones() -> None:
    assert pick_name("Kerala", "Female", 5) == pick_name("Kerala", "Female", 5)
    first = pick_name("Kerala", "Female", 5)
    assert pick_name("Kerala", "Female", 5, taken={first}) != first


@pytest.mark.parametrize("state", ["Ladakh", "Nagaland", "Sikkim", "Atlantis"])
def test_every_state_and_unknown_places_get_a_name(state: str) -> None:
    for gender in ("Female", "Male", "Non-binary"):
        assert len(pick_name(state, gender, 1).split()) >= 2


def test_a_given_community_decides_the_name_lists() -> None:
    """The anchor's own religion (population column) picks the lists, not a draw from state shares."""
    from synthpersona.personas._names import _tables, pick_name

    muslim_first = set(_tables()["first_names"]["muslim"]["kerala"]["Female"])
    christian_first = set(_tables()["first_names"]["christian"]["kerala"]["Female"])
    for seed in range(20):
        assert pick_name("Kerala", "Female", seed, community="muslim").split()[0] in muslim_first
        assert pick_name("Kerala", "Female", seed, community="christian").split()[0] in christian_first
        assert pick_name("Punjab", "Male", seed, community="sikh").split()[1] == "Singh"


def test_religion_shares_have_one_home_the_census_file() -> None:
    # names.json keeps only name lists; every state's shares are the Census 2011 figures
    import json
    from importlib import resources

    names = json.loads(resources.files("synthpersona.personas").joinpath("names.json").read_text("utf-8"))
    assert "religion_by_state" not in names
    census = json.loads(
        resources.files("synthpersona.population").joinpath("census2011.json").read_text("utf-8")
    )["states"]
    for state, row in census.items():
        total = sum(row["religion_percent"].values())
        expected = {k.lower(): v / total for k, v in row["religion_percent"].items()}
        got = community_shares(state)
        assert got.keys() == expected.keys()
        assert all(abs(got[k] - expected[k]) < 1e-12 for k in expected), state
