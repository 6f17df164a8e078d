"""Simulation reports: persona and experiment tables, recommendations, charts, HTML summary and deck."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation

from synthpersona.reporting.simulation import (
    build_persona_summary,
    experiment_summary,
    recommendations,
    write_simulation_report,
)
from synthpersona.simulation import (
    FlowModification,
    MarkovPersonaGenerator,
    ProductFlowSimulator,
    attach_clusters,
    cluster_event_sequences,
    load_event_log,
    make_sample_events,
    profile_behavioural_personas,
    run_ab_experiment,
    validate_generator,
)

FUNNEL = ["landing", "signup_start", "signup_complete"]


@pytest.fixture(scope="module")
def pieces() -> dict:
    log = load_event_log(make_sample_events())
    seg = attach_clusters(log, cluster_event_sequences(log, k=4, random_state=0))
    personas = profile_behavioural_personas(seg, funnel_events=FUNNEL)
    gen = MarkovPersonaGenerator.from_events(seg, persona_names={p.segment_id: p.name for p in personas[1]})
    sim = ProductFlowSimulator(gen)
    mod = FlowModification("Add two extra onboarding clicks", additional_steps=2, friction_factor=0.1)
    exp = run_ab_experiment(sim, 5_000, mod, max_length=10, random_state=42)
    return {
        "seg": seg,
        "personas": personas,
        "gen": gen,
        "exp": exp,
        "val": validate_generator(seg, n_sessions=5_000),
    }


def test_persona_summary_from_events_or_profiles(pieces: dict) -> None:
    from_events = build_persona_summary(pieces["seg"], funnel_events=FUNNEL)
    from_profiles = build_persona_summary(pieces["personas"])
    pd.testing.assert_frame_equal(from_events, from_profiles)
    assert from_events["users"].sum() == pieces["seg"]["user_id"].nunique()
    assert from_events["share_users"].sum() == pytest.approx(1.0)
    assert "Decisive sign-up" in set(from_events["persona"])
    assert from_events["typical_path"].str.startswith("landing").all()


def test_experiment_summary_matches_the_experiment(pieces: dict) -> None:
    exp = pieces["exp"]
    table = experiment_summary(exp).set_index("metric")
    row = table.loc["conversion rate"]
    assert (
        row["control"] == exp.control.converted.mean() and row["treatment"] == exp.treatment.converted.mean()
    )
    assert row["ci_low"] < row["difference"] < row["ci_high"] and row["p_value"] == exp.stats["p_value"]
    assert table.loc["relative lift", "difference"] == pytest.approx(row["treatment"] / row["control"] - 1)
    assert table.loc["share ending by friction drop", "treatment"] > 0
    assert table.loc["minimum detectable effect (abs)", "difference"] == pytest.approx(exp.mde)


def test_recommendations_follow_the_numbers(pieces: dict) -> None:
    recs = recommendations(pieces["exp"], pieces["personas"], pieces["val"])
    assert recs[0].startswith("Do not ship 'Add two extra onboarding clicks'")
    assert any("sessions per arm" in r for r in recs)
    assert any(r.startswith("Biggest opportunity") for r in recs)
    # An A/A test recommends nothing drastic.
    aa = run_ab_experiment(ProductFlowSimulator(pieces["gen"]), 2_000, None, random_state=3)
    assert recommendations(aa)[0].startswith("No detectable effect")


def test_write_report_files_charts_and_deck(pieces: dict, tmp_path: Path) -> None:
    files = write_simulation_report(
        tmp_path,
        experiment=pieces["exp"],
        generator=pieces["gen"],
        personas=pieces["personas"],
        funnel_events=FUNNEL,
        real_funnel=[1.0, 0.6, 0.45],
        validation=pieces["val"],
    )
    for name, path in files.items():
        assert path.is_file() and path.stat().st_size > 0, name
        if name.endswith(".png"):
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if name.endswith(".html") and name != "index.html":
            text = path.read_text()
            assert 'src="plotly.min.js"' in text and "cdn" not in text.lower()  # opens offline
    index = (tmp_path / "index.html").read_text()
    for stem in ("funnel", "sankey", "transitions", "experiment", "personas"):
        assert f'src="{stem}.png"' in index and f'href="{stem}.html"' in index
    assert "Decisive sign-up" in index and "Do not ship" in index
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["experiment"]["n_per_arm"] == 5_000 and len(summary["personas"]) == 4
    deck = Presentation(str(tmp_path / "deck.pptx"))
    titles = [
        next((s.text_frame.text.splitlines()[0] for s in sl.shapes if s.has_text_frame), "")
        for sl in deck.slides
    ]
    for expected in (
        "Behavioural personas",
        "Funnel",
        "Paths",
        "Paths (treatment)",
        "Experiment results",
        "Can we trust the simulator?",
        "Recommendations",
    ):
        assert expected in titles, titles
    pictures = sum(1 for sl in deck.slides for s in sl.shapes if s.shape_type == 13)
    assert pictures >= 5


def test_sankey_links_conserve_sessions(pieces: dict) -> None:
    from synthpersona.reporting._sim_charts import path_links

    res = pieces["exp"].control
    outcome = np.where(res.converted, "converted", "left").astype(object)
    links = path_links(res.paths, res.vocabulary, depth=res.paths.shape[1], outcome=outcome, min_share=0)
    ends = links[links["target"].str.startswith("end: ")]
    assert ends["count"].sum() == res.n  # every session ends exactly once
    assert ends.groupby("target")["count"].sum()["end: converted"] == res.converted.sum()
