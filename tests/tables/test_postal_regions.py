"""Postal codes become a coarse, k-anonymous ``COL (region)`` feature where the country is knowable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthpersona.tables import OTHER_REGIONS, postal_regions
from synthpersona.usecases.tables import analyze_frame


def test_the_country_comes_from_the_user_a_country_column_the_header_or_the_format() -> None:
    pins = pd.Series(["110001", "110017", "400050", "400001", "560034", "560001"] * 5)
    assert postal_regions("Pincode", pins).country == "IN"
    assert postal_regions("Code", pins) is None  # six digits: India, Russia or China
    assert postal_regions("Code", pins, column_country="RU").country == "RU"
    assert postal_regions("Code", pins, country="cn").country == "CN"
    assert postal_regions("Pincode", pins, country="none") is None
    nl = pd.Series(["1012 AB", "1017 CD", "3011 EF", "3012 GH", "9711 JK", "9712 LM"] * 5)
    rule = postal_regions("Postcode", nl)
    assert rule is not None and rule.country == "NL" and "the codes' format" in rule.how
    assert set(rule.apply(nl)) == {"NL 10…", "NL 30…", "NL 97…"}


def test_regions_are_as_fine_as_k_anonymity_allows_and_rare_ones_merged() -> None:
    rng = np.random.default_rng(0)
    # 40 rows in each of three Delhi/Mumbai/Bengaluru circles, two stray PINs elsewhere
    pins = pd.Series([f"{p}{rng.integers(0, 999):03d}" for p in [110, 400, 560] * 40] + ["682001", "781001"])
    rule = postal_regions("PIN", pins, k=5)
    assert rule is not None and rule.depth == 2
    regions = rule.apply(pins)
    assert regions.value_counts().to_dict() == {
        "Delhi (11…)": 40,
        "Maharashtra (40…)": 40,
        "Karnataka (56…)": 40,
        OTHER_REGIONS: 2,
    }
    # 30 ZIPs spread over 30 three-digit areas: too fine, so the first digit (a national area)
    zips = pd.Series(
        [f"{d}{a:02d}{rng.integers(0, 99):02d}" for d in (1, 6, 9) for a in range(0, 100, 10)] * 2
    )
    assert postal_regions("ZIP", zips, k=5).depth == 1


def _table(n: int, seed: int, city: bool) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    seg = rng.choice(3, n)
    won = rng.random(n) < np.array([0.5, 0.2, 0.05])[seg]
    fav = rng.random(n) < 0.85

    def pick(choices: list[str]) -> np.ndarray:
        return np.where(fav, np.asarray(choices)[seg], rng.choice(choices, n))

    circle = pick(["110", "400", "560"])
    frame = pd.DataFrame(
        {
            "Pincode": [f"{c}{x:03d}" for c, x in zip(circle, rng.integers(0, 999, n), strict=True)],
            "Course": pick(["Data Science", "UPSC", "Spoken English"]),
            "Source": pick(["Google Ads", "Walk-in", "Referral"]),
            "Enrolled": np.where(won, "Yes", "No"),
        }
    )
    if city:
        frame.insert(1, "City", pick(["Delhi", "Mumbai", "Bengaluru"]))
    return frame, seg


def test_a_pincode_becomes_a_region_feature_reported_with_its_override(tmp_path: Path) -> None:
    frame, _ = _table(360, 1, city=False)
    res = analyze_frame(frame, k=3, out_dir=tmp_path)
    summary = json.loads((tmp_path / "analysis.json").read_text())
    assert "Pincode (region)" in res.features and "Pincode" not in res.features
    assert summary["roles"]["Pincode"] == "postal_code"
    (derived,) = summary["derived"]
    assert derived["column"] == "Pincode" and derived["country"] == "IN" and derived["used"]
    assert "postal-country" in derived["override"] and derived["k_anonymity"] == 5
    column = next(c for c in summary["columns"] if c["column"] == "Pincode (region)")
    assert "derived from the postal code 'Pincode'" in column["reason"]
    text = "\n".join((tmp_path / f).read_text() for f in ("personas.json", "report.html"))
    assert "Delhi (11…)" in text
    for code in frame["Pincode"].unique():
        assert not re.search(rf"(?<![\w.]){code}(?![\w]|[.,]\d)", text), code
    # the clustered table is the user's rows as given, plus the cluster
    clustered = pd.read_csv(tmp_path / "clustered.csv", dtype=str)
    assert list(clustered.columns) == [*frame.columns, "Cluster"]
    off = analyze_frame(frame, k=3, postal_country="none")
    assert "Pincode (region)" not in [c.column for c in off.columns] and off.derived == []


@pytest.mark.parametrize("seed", [2])
def test_with_a_city_column_the_region_is_reported_but_kept_out(seed: int) -> None:
    frame, _ = _table(300, seed, city=True)
    res = analyze_frame(frame, k=3)
    assert "Pincode (region)" not in res.features and "City" in res.features
    column = next(c for c in res.columns if c.column == "Pincode (region)")
    assert "'City' already says where a row is" in column.reason and not res.derived[0]["used"]


def test_the_preview_lists_the_derived_region_and_a_role_given_to_it_keeps_it_in(tmp_path: Path) -> None:
    """The leads page's column list is the preview: the region the analysis derives is a row of its
    own (so the user can change its role before the analysis), and a role the user gives it wins."""
    from synthpersona.usecases.tables import preview_file

    frame, _ = _table(300, 2, city=True)
    path = tmp_path / "leads.csv"
    frame.to_csv(path, index=False)
    columns = {c["name"]: c for c in preview_file(path)["columns"]}
    region = columns["Pincode (region)"]
    assert region["derived_from"] == "Pincode" and columns["Pincode"]["derived_from"] is None
    assert not region["used_by_default"] and "'City' already says where a row is" in region["reason"]
    assert "Delhi (11…)" in region["examples"]  # coarse regions: no code of the file is shown
    assert not columns["Pincode"]["examples"] and not set(frame["Pincode"]) & set(region["examples"])
    res = analyze_frame(frame, k=3, roles=["Pincode (region)=category"])  # the user asked for it
    assert "Pincode (region)" in res.features and "Pincode" not in res.features


def test_the_cli_takes_the_country_or_none(tmp_path: Path) -> None:
    from synthpersona.cli._app import run

    frame, _ = _table(240, 3, city=False)
    frame = frame.rename(columns={"Pincode": "Code"})  # six digits under a header naming no country
    path = tmp_path / "leads.csv"
    frame.to_csv(path, index=False)
    assert run(["leads", "analyze", str(path), "--out", str(tmp_path / "a"), "--k", "3", "-q"]) == 0
    assert json.loads((tmp_path / "a" / "analysis.json").read_text())["derived"] == []
    args = ["leads", "analyze", str(path), "--out", str(tmp_path / "b"), "--k", "3", "-q"]
    assert run([*args, "--postal-country", "IN"]) == 0
    (derived,) = json.loads((tmp_path / "b" / "analysis.json").read_text())["derived"]
    assert derived["country"] == "IN" and derived["country_from"] == "set by the user (postal_country)"


def test_a_table_read_in_place_derives_the_same_regions(tmp_path: Path) -> None:
    from synthpersona.tables.sql_file import open_table_file
    from synthpersona.usecases.tables import analyze_file

    frame, _ = _table(360, 1, city=False)
    path = tmp_path / "leads.csv"
    frame.to_csv(path, index=False)
    in_place = analyze_file(path, k=3, by_path=True, engine="duckdb")
    memory = analyze_file(path, k=3, by_path=False)
    assert "Pincode (region)" in in_place.features and "Pincode" not in in_place.features
    assert in_place.derived == memory.derived and in_place.derived[0]["used"]
    # a table larger than its sample: every labelled batch gets the derived column too
    opened = open_table_file(
        path,
        engine="duckdb",
        sample_rows=150,
        batch_rows=100,
        k=3,
        derive=lambda rows: ((lambda f: f.assign(Circle=f["Pincode"].str[:2])), []),
    )
    assert "Circle" in opened.analysis.features and len(opened.analysis.labels) == 360
