"""Every first name of the project's name lists is a person of the right gender in a scenario."""

from __future__ import annotations

import json
from importlib import resources

from synthpersona.scenarios._facts_people import find_name, gender_of


def _names() -> dict[str, set[str]]:
    """First names of the persona lists and the role-play banks with their genders (unisex: two)."""
    from synthpersona.scenarios._banks import bank

    text = resources.files("synthpersona.personas").joinpath("names.json").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for names in bank("people")["regions"].values():
        for g, key in (("Female", "female"), ("Male", "male")):
            for n in names.get(key, []):
                out.setdefault(str(n).split()[0], set()).add(g)
    for regions in json.loads(text)["first_names"].values():
        for by_gender in regions.values():
            for g in ("Female", "Male"):
                for n in by_gender.get(g, []):
                    out.setdefault(n.split()[0], set()).add(g)
    return out


def test_every_listed_first_name_is_found_with_its_gender() -> None:
    wrong = []
    for first, genders in _names().items():
        if len(genders) != 1:
            continue
        (gender,) = genders
        text = f"Bank helpline. The learner is a support officer. {first} Verma calls about a blocked card."
        if (
            find_name(text, [1]) != f"{first} Verma"
            or gender_of(text, "customer", f"{first} Verma") != gender
        ):
            wrong.append(first)
    assert not wrong, wrong[:20]
    assert gender_of("Sandeep Kulkarni calls.", None, "Sandeep Kulkarni") == "Male"
