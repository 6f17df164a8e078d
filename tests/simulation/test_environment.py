"""ProductFlowSimulator and FlowModification: exact expectations, friction, removal, targeting."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synthpersona.errors import InputError
from synthpersona.simulation import FlowModification, MarkovPersonaGenerator, ProductFlowSimulator

from ._exact import exact_conversion

N = 200_000


def _close(observed: float, expected: float, n: int) -> bool:
    se = np.sqrt(max(expected * (1 - expected), 1e-12) / n)
    return abs(observed - expected) < 4.5 * se


@pytest.fixture(scope="module")
def sim(generator: MarkovPersonaGenerator) -> ProductFlowSimulator:
    return ProductFlowSimulator(
        generator, completion_events={"signup_complete"}, drop_events={"drop_off", "friction_drop"}
    )


@pytest.mark.parametrize("max_length", [3, 10])
def test_control_conversion_matches_the_exact_chain_probability(
    sim: ProductFlowSimulator, max_length: int
) -> None:
    res = sim.simulate(N, max_length=max_length, random_state=0)
    assert _close(res.conversion_rate, exact_conversion(sim, max_length), N)
    assert res.lengths.max() <= max_length
    counts = res.outcome_counts()
    assert sum(v for k, v in counts.items()) == N


def test_friction_thins_every_arrival_at_completion(sim: ProductFlowSimulator) -> None:
    mod = FlowModification("Two extra clicks", additional_steps=2, friction_factor=0.1)
    assert mod.drop_probability == pytest.approx(0.19)
    res = sim.simulate(N, mod, max_length=10, random_state=1)
    assert _close(res.conversion_rate, exact_conversion(sim, 10, keep=0.81), N)
    fd = res.vocabulary.index("friction_drop")
    dropped = res.exit_events() == fd
    assert dropped.any() and not res.converted[dropped].any()
    # Engagement counts the extra steps walked: 2 for converters, 0 or 1 for those who dropped.
    assert (res.extra_steps[res.converted] == 2).all()
    assert set(np.unique(res.extra_steps[dropped])) <= {0, 1}
    share_first = (res.extra_steps[dropped] == 0).mean()
    assert share_first == pytest.approx(0.1 / 0.19, abs=0.02)  # P(drop at step 1 | dropped)


def test_reproducible_with_random_state(sim: ProductFlowSimulator) -> None:
    mod = FlowModification(additional_steps=1, friction_factor=0.3)
    a = sim.simulate(5_000, mod, random_state=3)
    b = sim.simulate(5_000, mod, random_state=3)
    assert np.array_equal(a.paths, b.paths) and np.array_equal(a.converted, b.converted)


def test_targeting_changes_only_the_targeted_persona(sim: ProductFlowSimulator) -> None:
    target = sim.generator.persona_names_[0]
    mod = FlowModification(additional_steps=3, friction_factor=0.5, personas=(target,))
    ctrl = sim.simulate(N, None, random_state=4)
    trt = sim.simulate(N, mod, random_state=5)
    assert trt.targeted.tolist() == [True] + [False] * (sim.generator.n_personas - 1)
    for p in range(sim.generator.n_personas):
        c = ctrl.converted[ctrl.persona == p].mean()
        t = trt.converted[trt.persona == p].mean()
        n = int((trt.persona == p).sum())
        if p == 0:
            assert t == pytest.approx(c * 0.125, abs=5 * np.sqrt(c / n) + 0.01)
        else:
            assert _close(t, c, n)


def test_removing_a_step_redirects_through_it(sim: ProductFlowSimulator) -> None:
    g = sim.generator
    mod = FlowModification("No form errors", remove_steps=("form_error",))
    start, trans = sim.modified_chains(mod)
    fe = g.vocabulary_.index("form_error")
    assert np.allclose(trans.sum(axis=2), 1.0) and np.allclose(start.sum(axis=1), 1.0)
    assert (trans[:, :, fe] == 0).all()
    res = sim.simulate(N, mod, random_state=6)
    assert not (res.paths == fe).any()
    assert _close(res.conversion_rate, exact_conversion(sim, 10, start=start, trans=trans), N)
    with pytest.raises(InputError, match="completion"):
        sim.modified_chains(FlowModification(remove_steps=("signup_complete",)))


def test_setting_and_scaling_a_transition(sim: ProductFlowSimulator) -> None:
    g = sim.generator
    a, b = g.vocabulary_.index("pricing"), g.vocabulary_.index("signup_start")
    _, trans = sim.modified_chains(FlowModification(transition_probabilities={"pricing->signup_start": 0.9}))
    assert np.allclose(trans[:, a, b], 0.9) and np.allclose(trans.sum(axis=2), 1.0)
    before = g.transition_probs_[:, a]
    rest = np.delete(trans[:, a], b, axis=1) / np.delete(before, b, axis=1).clip(1e-12)
    assert np.allclose(
        rest[np.delete(before, b, axis=1) > 0],
        0.1 / (1 - before[:, b]).repeat((np.delete(before, b, axis=1) > 0).sum(axis=1)),
    )
    _, scaled = sim.modified_chains(FlowModification(transition_multipliers={"pricing->signup_start": 1.5}))
    assert np.allclose(scaled[:, a, b], np.minimum(before[:, b] * 1.5, 1.0))
    boosted = sim.simulate(
        N, FlowModification(transition_probabilities={"pricing->signup_start": 0.9}), random_state=7
    )
    assert boosted.conversion_rate > sim.simulate(N, random_state=8).conversion_rate


def test_bad_modifications_are_rejected(sim: ProductFlowSimulator) -> None:
    with pytest.raises(InputError, match="friction_factor"):
        FlowModification(friction_factor=1.5)
    with pytest.raises(InputError, match="additional_steps"):
        FlowModification(additional_steps=-1)
    with pytest.raises(InputError, match="from->to"):
        FlowModification(transition_probabilities={"pricing": 0.5})
    with pytest.raises(InputError, match="signup_start"):
        sim.simulate(10, FlowModification(transition_probabilities={"pricing->signup_strat": 0.5}))
    with pytest.raises(InputError, match="Unknown persona"):
        sim.simulate(10, FlowModification(additional_steps=1, friction_factor=0.1, personas=("nobody",)))
    with pytest.raises(InputError, match="Completion"):
        ProductFlowSimulator(sim.generator, completion_events={"purchase"})
    with pytest.raises(InputError, match="n_personas"):
        sim.simulate(0)


def test_second_order_simulation_runs(segmented: pd.DataFrame) -> None:
    gen = MarkovPersonaGenerator.from_events(segmented, order=2)
    sim = ProductFlowSimulator(gen)
    res = sim.simulate(20_000, FlowModification(remove_steps=("form_error",)), random_state=0)
    assert not (res.paths == gen.vocabulary_.index("form_error")).any()
    assert 0.2 < res.conversion_rate < 0.8
