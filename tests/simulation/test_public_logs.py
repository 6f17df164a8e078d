"""Simulated control conversion against a real public log (Retentioneering's Apache-2.0 `ecom`).

The log is stored once under ``tests/data/public_logs`` (see its NOTICE.md); the real
conversion is recounted here from the raw file with pandas, independently of the library.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from synthpersona.simulation import MarkovPersonaGenerator, cut_sessions_at, load_event_log
from synthpersona.simulation.environment import ProductFlowSimulator
from synthpersona.usecases.event_logs import chain_session_cap, session_cap
from synthpersona.usecases.simulation import run_simulation

ECOM = Path(__file__).resolve().parents[1] / "data" / "public_logs" / "rete_ecom.csv.gz"


@pytest.fixture(scope="module")
def real_conversion() -> float:
    raw = pd.read_csv(ECOM)
    per_session = raw.groupby(["user_id", "session_id"])["event"].apply(lambda e: (e == "purchase").any())
    return float(per_session.mean())


def _conversion_check(run: object) -> dict:
    table = run.validation.table  # type: ignore[attr-defined]
    return table[table["metric"] == "conversion rate"].iloc[0].to_dict()


def test_simulated_control_is_within_one_point_of_the_real_log(real_conversion: float) -> None:
    run = run_simulation(
        ECOM, completion_events=["purchase"], k=2, n_personas=20_000, deck=False, random_state=0
    )
    control = run.experiment.stats["control_rate"]
    assert abs(control - real_conversion) < 0.01, (control, real_conversion)
    assert _conversion_check(run)["passed"]


def test_validation_fails_when_the_cap_cuts_sessions_short(real_conversion: float) -> None:
    run = run_simulation(
        ECOM, completion_events=["purchase"], k=2, n_personas=5_000, deck=False, max_length=4
    )
    assert run.experiment.stats["control_rate"] < real_conversion - 0.05
    assert not _conversion_check(run)["passed"]


def test_chains_fitted_on_cut_sessions_convert_like_the_log(real_conversion: float) -> None:
    # One pooled maximum-likelihood chain: on sessions cut at the goal every visit to it is a
    # first visit, so its chance of reaching the goal is the log's share (up to sampling noise
    # and the cap). On whole sessions the chain "buys again" and converts ~2 points less.
    log = load_event_log(ECOM)
    cut = cut_sessions_at(log, ["purchase"])
    assert len(cut) < len(log)
    per_session = cut.groupby(["user_id", "session_id"], observed=True)["event"]
    assert (per_session.last() == "purchase").sum() == (cut["event"] == "purchase").sum()
    rates = {}
    for name, frame in (("cut", cut), ("whole", log)):
        gen = MarkovPersonaGenerator.from_events(frame, smoothing=0.0)
        sim = ProductFlowSimulator(gen, completion_events={"purchase"}, drop_events=set())
        cap = chain_session_cap(gen, ["purchase"])
        assert session_cap(log) <= 200 and cap <= 200
        rates[name] = sim.simulate(200_000, max_length=cap, random_state=0).conversion_rate
    assert abs(rates["cut"] - real_conversion) < 0.004
    assert rates["whole"] < real_conversion - 0.01


def test_cut_sessions_at_keeps_each_session_up_to_its_first_stop() -> None:
    log = pd.DataFrame(
        {
            "user_id": [1, 1, 1, 1, 2, 2, 3],
            "session_id": [1, 1, 1, 2, 1, 1, 1],
            "event": ["view", "buy", "view", "view", "exit", "buy", "view"],
            "timestamp": pd.date_range("2026-01-01", periods=7, freq="min"),
        }
    )
    cut = cut_sessions_at(log, ["buy", "exit", "not_in_the_log"])
    assert cut["event"].tolist() == ["view", "buy", "view", "exit", "view"]
    assert cut_sessions_at(log, ["nothing"]) is not None and len(cut_sessions_at(log, ["nothing"])) == 7
