"""The seed's "Sample Workflow", as written with synthpersona's module names, and the demo notebook."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def test_seed_sample_workflow_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the seed reads "data/sample_events.csv" relative to the repository
    from synthpersona.reporting import simulation as reporting
    from synthpersona.simulation import (
        environment,
        etl,
        experiments,
        features,
        persona_generator,
        sequences,
    )

    # Load & engineer features
    raw_events = etl.load_event_log_csv("data/sample_events.csv")
    session_features = features.engineer_session_features(raw_events)
    path_features = features.engineer_path_features(
        raw_events,
        funnel_events=["landing", "signup_start", "signup_complete"],
    )
    user_features = features.engineer_user_features(raw_events, session_features, path_features)

    # Model personas
    _, user_ids, _ = sequences.encode_event_sequences(raw_events)
    segmentation_result = sequences.cluster_event_sequences(raw_events, k=2)
    segmented_events = sequences.attach_clusters(raw_events, segmentation_result, user_ids)
    persona_summary = reporting.build_persona_summary(segmented_events)

    # Simulate a product change
    generator = persona_generator.MarkovPersonaGenerator.from_events(raw_events)
    simulator = environment.ProductFlowSimulator(
        generator,
        completion_events={"signup_complete"},
        drop_events={"drop_off", "friction_drop"},
    )
    modification = environment.FlowModification(
        description="Add two extra onboarding clicks",
        additional_steps=2,
        friction_factor=0.1,
    )
    experiment = experiments.run_ab_experiment(
        simulator,
        n_personas=500,
        modification=modification,
        max_length=10,
        random_state=42,
    )
    report_df = reporting.experiment_summary(experiment)

    assert len(user_features) == raw_events["user_id"].nunique() == len(user_ids)
    assert len(persona_summary) == 2 and set(segmented_events["cluster_id"]) == {0, 1}
    assert experiment.control.n == experiment.treatment.n == 500
    row = report_df.set_index("metric").loc["conversion rate"]
    assert row["treatment"] < row["control"]  # extra friction costs conversions
    again = experiments.run_ab_experiment(
        simulator, n_personas=500, modification=modification, max_length=10, random_state=42
    )
    assert again.stats == experiment.stats


def test_demo_notebook_executes(tmp_path: Path) -> None:
    nb = nbformat.read(ROOT / "notebooks" / "persona_simulation_demo.ipynb", as_version=4)
    env_home = os.environ["SYNTHPERSONA_HOME"]
    assert env_home  # the kernel inherits the test's isolated data directory
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Decisive sign-up" in text and "Do not ship" in text
