"""Privacy of table personas: k-anonymity with crafted outliers, small cells, identifiers, Laplace noise."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.model import Outcome, Segment
from synthpersona.trust import add_laplace_noise, find_leaks, k_anonymous_combination, planted_table
from synthpersona.usecases.trust import privacy_frame


def _with_outliers(n: int = 900, random_state: int = 0) -> pd.DataFrame:
    df = planted_table(n, random_state=random_state).drop(columns=["_segment", "Seats"])
    df["Email"] = [f"lead{i}@corp.example" for i in range(len(df))]
    df["Notes"] = [f"met at booth {i}, asked about pricing tier {i % 89}" for i in range(len(df))]
    # crafted outliers: one-off regions and a rare industry+plan+age combination
    df.loc[0, "Region"] = "Arctic"
    df.loc[1, "Region"] = "Antarctica"
    df.loc[2:4, ["Industry", "Plan", "Age_range"]] = ["Banking", "Free", "18-24"]
    return df


def _count(df: pd.DataFrame, attributes: dict[str, list[str]]) -> int:
    mask = np.ones(len(df), dtype=bool)
    for col, values in attributes.items():
        mask &= df[col].isin(values).to_numpy()
    return int(mask.sum())


@pytest.mark.parametrize("k", [5, 120])
def test_no_persona_identifies_fewer_than_k_rows(k: int) -> None:
    df = _with_outliers()
    report, shown = privacy_frame(df, k_anonymity=k)
    assert report.ok and len(report.combinations) == 4
    for combo in report.summary()["personas"]:
        # recounted on the raw table (these columns' levels are their raw values)
        assert _count(df, combo["attributes"]) == combo["matches"] >= k
    if k == 120:  # a strict k forces generalisation, and it is reported
        assert any(c.generalised for c in report.combinations)
    text = json.dumps(shown, ensure_ascii=False)
    assert "Arctic" not in text and "Antarctica" not in text  # one-person cells never shown
    assert all(c.count < k for c in report.small_cells)
    assert "@corp.example" not in text and "booth" not in text
    assert report.leaks == [] and {"Email", "Notes", "Lead ID"} <= set(report.protected_columns)


def test_generalisation_drops_the_most_specific_attribute_first() -> None:
    levels = pd.DataFrame({"industry": ["Banking"] * 8 + ["Mining"], "plan": ["Pro"] * 4 + ["Free"] * 5})
    kept, matches, dropped = k_anonymous_combination(levels, {"industry": ["Mining"], "plan": ["Free"]}, k=5)
    assert kept == {"plan": ["Free"]} and matches == 5 and dropped == ["industry=Mining"]


def test_categorical_levels_count_like_their_strings() -> None:
    text = pd.DataFrame(
        {"industry": ["Banking"] * 8 + ["Mining", "Retail"], "plan": ["Pro"] * 4 + ["Free"] * 6}
    )
    cats = text.astype("category")
    cats["plan"] = cats["plan"].cat.add_categories(["Unused"])  # a level nobody has
    for attributes, k in [({"industry": ["Mining"], "plan": ["Free"]}, 5), ({"industry": ["Banking"]}, 3)]:
        assert k_anonymous_combination(cats, attributes, k) == k_anonymous_combination(text, attributes, k)
    assert k_anonymous_combination(cats, {"plan": ["Unused"]}, 1)[1] == 10  # dropped: then every row


def test_a_carried_over_identifier_is_found() -> None:
    src = pd.DataFrame({"Email": ["asha.rao@example.com", "x@y"], "Name": ["Asha Rao", "Li"]})
    leaks = find_leaks([("persona 0: narrative", "Meet ASHA RAO, who ...")], src, ["Email", "Name"])
    assert [(lk.column, lk.value) for lk in leaks] == [("Name", "asha rao")]  # 'Li' is too short to match


def test_laplace_noise_has_the_documented_scale_and_refuses_a_bad_epsilon() -> None:
    seg = Segment(
        0, "A", size=1_000, base=2_000, distributions={"x": {"a": 600, "b": 400}}, outcome=Outcome(300, 700)
    )
    errors = []
    for seed in range(300):
        noisy, eps_h = add_laplace_noise([seg], epsilon=0.9, random_state=seed)
        errors.append(noisy[0].size - 1_000)
    assert eps_h == pytest.approx(0.3)  # sizes, one column, the outcome: three histograms
    # Laplace(1/0.3): mean absolute deviation 3.33
    assert 2.8 < float(np.mean(np.abs(errors))) < 3.9
    assert noisy[0].evidence == [] and noisy[0].statistics == {}
    with pytest.raises(InputError, match="epsilon must be a positive number"):
        add_laplace_noise([seg], epsilon=0)


def test_names_and_narratives_stop_naming_a_generalised_attribute() -> None:
    df = _with_outliers()
    report, shown = privacy_frame(df, k_anonymity=120)
    by_id = {entry["persona_id"]: entry for entry in shown}
    generalised = [c for c in report.combinations if c.generalised]
    assert generalised  # k = 120 forces it on this table
    for combo in generalised:
        entry = by_id[combo.persona_id]
        for attribute in combo.generalised:
            column, value = attribute.split("=", 1)
            # recomputed from the shown persona: no word of the name or narrative, no stand-out
            # value and no profile count rests on the generalised column any more
            assert value not in entry["persona_name"].split(" [")[0].split(" · ")
            assert all(d["column"] != column for d in entry["distinctive"])
            assert all(ev["column"] != column for ev in entry["evidence"] if "column" in ev)
            assert f"{value} (" not in entry["narrative"]
            placed = [name for section in ("demographics", "geography", "professional", "attributes")
                      for name in entry.get(section, {})]  # fmt: skip
            assert column not in placed and value not in json.dumps(
                {s: entry.get(s, {}) for s in ("demographics", "geography", "professional", "attributes")}
            )
    assert not any("may still name" in n for n in report.notes)
