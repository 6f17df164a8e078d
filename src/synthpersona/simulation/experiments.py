"""Simulated A/B experiments and the statistics to read them (and to plan real ones).

:func:`run_ab_experiment` simulates a control arm (current flow) and a treatment
arm (the modification) with independent random streams, like a real randomised
test, and reports per-arm conversion (Wilson intervals), the absolute lift
(Newcombe hybrid-score interval), the relative lift (log risk-ratio interval), a
two-proportion z-test p-value, drop-off by step, engagement and a per-persona
breakdown. :func:`minimum_detectable_effect` and :func:`required_sample_size`
plan a real test of the same change.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona._stats import normal_quantile, wilson_interval
from synthpersona.errors import InputError
from synthpersona.simulation.environment import FlowModification, ProductFlowSimulator, SimulationResult
from synthpersona.simulation.persona_generator import _positive_int

# Arms with at least this many sessions are walked in parallel threads.
_PARALLEL_MIN = 200_000


def _two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


__all__ = [
    "ABExperiment",
    "minimum_detectable_effect",
    "proportion_diff",
    "required_sample_size",
    "run_ab_experiment",
    "wilson_interval",
]


def proportion_diff(xc: int, nc: int, xt: int, nt: int, alpha: float = 0.05) -> dict[str, float]:
    """Compare two proportions (treatment minus control).

    Returns ``control_rate, treatment_rate, abs_lift, abs_ci_low, abs_ci_high,
    rel_lift, rel_ci_low, rel_ci_high, z, p_value``.
    """
    pc, pt = xc / nc, xt / nt
    lc, uc = wilson_interval(xc, nc, alpha)
    lt, ut = wilson_interval(xt, nt, alpha)
    d = pt - pc
    # Newcombe (1998) method 10: combine the two Wilson intervals.
    low = d - math.sqrt((pt - lt) ** 2 + (uc - pc) ** 2)
    high = d + math.sqrt((ut - pt) ** 2 + (pc - lc) ** 2)
    pooled = (xc + xt) / (nc + nt)
    se = math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt))
    z = d / se if se > 0 else 0.0
    p_value = _two_sided_p(z) if se > 0 else 1.0
    # Relative lift: log risk ratio with a 0.5 continuity correction when a count is zero.
    a, b = (xt, xc) if xt > 0 and xc > 0 else (xt + 0.5, xc + 0.5)
    nt_, nc_ = (nt, nc) if xt > 0 and xc > 0 else (nt + 0.5, nc + 0.5)
    rr = (a / nt_) / (b / nc_)
    se_log = math.sqrt(max(1 / a - 1 / nt_ + 1 / b - 1 / nc_, 0.0))
    zc = normal_quantile(1 - alpha / 2)
    return {
        "control_rate": pc,
        "treatment_rate": pt,
        "abs_lift": d,
        "abs_ci_low": low,
        "abs_ci_high": high,
        "rel_lift": (pt / pc - 1) if pc > 0 else float("nan"),
        "rel_ci_low": math.exp(math.log(rr) - zc * se_log) - 1,
        "rel_ci_high": math.exp(math.log(rr) + zc * se_log) - 1,
        "z": z,
        "p_value": p_value,
    }


def minimum_detectable_effect(
    baseline_rate: float, n_per_arm: int, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Smallest absolute change of a conversion rate a two-sided test detects with ``power``.

    Computed for a drop (the treatment arm's own variance at ``baseline_rate - mde``), the
    inverse of :func:`required_sample_size`.

    Examples
    --------
    >>> round(minimum_detectable_effect(0.30, 5000), 4)
    0.0254
    >>> required_sample_size(0.30, 0.0254) <= 5000
    True
    """
    _check_planning(baseline_rate, alpha, power)
    n = _positive_int(n_per_arm, "n_per_arm")
    za, zb = normal_quantile(1 - alpha / 2), normal_quantile(power)
    p = baseline_rate
    d = (za + zb) * math.sqrt(2 * p * (1 - p) / n)
    for _ in range(50):  # fixed point with the treatment arm's own variance (drop direction)
        q = min(max(p - d, 1e-9), 1 - 1e-9)
        d_new = za * math.sqrt(2 * ((p + q) / 2) * (1 - (p + q) / 2) / n) + zb * math.sqrt(
            (p * (1 - p) + q * (1 - q)) / n
        )
        if abs(d_new - d) < 1e-12:
            break
        d = d_new
    return float(d)


def required_sample_size(baseline_rate: float, mde: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Sessions per arm needed to detect an absolute change ``mde`` of ``baseline_rate``.

    The two-proportion formula with the pooled variance under the null and each arm's own
    under the alternative, for a drop from ``baseline_rate`` to ``baseline_rate - mde``.

    Examples
    --------
    >>> required_sample_size(0.30, 0.02)  # 30 % -> 28 %, alpha 0.05 two-sided, power 0.8
    8080
    """
    _check_planning(baseline_rate, alpha, power)
    if not 0 < abs(mde) < 1:
        raise InputError(f"mde must be an absolute rate change between 0 and 1, got {mde!r}.")
    p, q = baseline_rate, min(max(baseline_rate - abs(mde), 1e-9), 1 - 1e-9)
    za, zb = normal_quantile(1 - alpha / 2), normal_quantile(power)
    pbar = (p + q) / 2
    n = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p * (1 - p) + q * (1 - q))) ** 2 / (
        p - q
    ) ** 2
    return math.ceil(n)


def _check_planning(rate: float, alpha: float, power: float) -> None:
    if not 0 < rate < 1:
        raise InputError(f"baseline_rate must be strictly between 0 and 1, got {rate!r}.")
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise InputError(f"alpha and power must be between 0 and 1, got alpha={alpha!r}, power={power!r}.")


@dataclass
class ABExperiment:
    """Result of :func:`run_ab_experiment`.

    Attributes
    ----------
    control, treatment
        The simulated arms.
    modification
        The change tested.
    stats
        Conversion comparison (see :func:`proportion_diff`) with ``n_control, n_treatment``.
    engagement
        Mean steps per session per arm, difference and Welch interval.
    dropoff
        Per event: share of each arm's sessions that ended there.
    per_persona
        Per persona: sessions, rates, lift, interval, p-value, targeted.
    mde
        Minimum detectable absolute effect at this size (alpha, 80 % power).
    """

    control: SimulationResult
    treatment: SimulationResult
    modification: FlowModification
    stats: dict[str, float]
    engagement: dict[str, float]
    dropoff: pd.DataFrame
    per_persona: pd.DataFrame
    mde: float
    alpha: float = 0.05
    max_length: int = 10
    random_state: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def significant(self) -> bool:
        """p-value below ``alpha``."""
        return bool(self.stats["p_value"] < self.alpha)

    def summary(self) -> dict[str, Any]:
        """JSON-friendly summary."""
        return {
            "modification": self.modification.to_dict(),
            "n_per_arm": int(self.control.n),
            "max_length": self.max_length,
            "alpha": self.alpha,
            "conversion": {k: float(v) for k, v in self.stats.items()},
            "significant": self.significant,
            "engagement": {k: float(v) for k, v in self.engagement.items()},
            "mde_abs": self.mde,
            "per_persona": self.per_persona.to_dict(orient="records"),
            "dropoff": self.dropoff.to_dict(orient="records"),
            "notes": list(self.notes),
        }


def run_ab_experiment(
    simulator: ProductFlowSimulator,
    n_personas: int = 500,
    modification: FlowModification | None = None,
    max_length: int = 10,
    random_state: int | None = None,
    *,
    alpha: float = 0.05,
) -> ABExperiment:
    """Simulate an A/B test of ``modification`` against the current flow.

    Parameters
    ----------
    simulator
        A :class:`~synthpersona.simulation.environment.ProductFlowSimulator`.
    n_personas
        Synthetic users per arm.
    modification
        The change tested (``None``: an A/A test).
    max_length
        Most events per session.
    random_state
        Seed; arms use independent streams spawned from it.
    alpha
        Significance level of intervals and test.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> from synthpersona.simulation.persona_generator import MarkovPersonaGenerator
    >>> sim = ProductFlowSimulator(MarkovPersonaGenerator.from_events(make_sample_events(random_state=0)))
    >>> exp = run_ab_experiment(sim, 2000, FlowModification(additional_steps=2, friction_factor=0.2),
    ...                         random_state=1)
    >>> exp.stats["abs_lift"] < 0
    True
    """
    if not 0 < alpha < 1:
        raise InputError(f"alpha must be between 0 and 1, got {alpha!r}.")
    n = _positive_int(n_personas, "n_personas")
    mod = modification or FlowModification("No change (A/A test)")
    seeds = np.random.SeedSequence(random_state).spawn(2)
    rngs = [np.random.Generator(np.random.PCG64(s)) for s in seeds]
    if n >= _PARALLEL_MIN:
        # The arms have independent random streams, so walking them in two threads gives the
        # same result as one after the other; numpy releases the GIL in the heavy steps.
        with ThreadPoolExecutor(max_workers=2) as pool:
            fc = pool.submit(simulator.simulate, n, None, max_length, rngs[0])
            ft = pool.submit(simulator.simulate, n, mod, max_length, rngs[1])
            control, treatment = fc.result(), ft.result()
    else:
        control = simulator.simulate(n, None, max_length, rngs[0])
        treatment = simulator.simulate(n, mod, max_length, rngs[1])
    xc, xt = int(control.converted.sum()), int(treatment.converted.sum())
    conv = {"n_control": float(n), "n_treatment": float(n), **proportion_diff(xc, n, xt, n, alpha)}
    ec, et = control.engagement.astype(float), treatment.engagement.astype(float)
    diff = float(et.mean() - ec.mean())
    se = math.sqrt(ec.var(ddof=1) / n + et.var(ddof=1) / n) if n > 1 else float("nan")
    zc = normal_quantile(1 - alpha / 2)
    engagement = {
        "control_mean_steps": float(ec.mean()),
        "treatment_mean_steps": float(et.mean()),
        "diff": diff,
        "ci_low": diff - zc * se,
        "ci_high": diff + zc * se,
        "p_value": _welch_p(ec, et),
    }
    notes = []
    truncated = (control.outcome == 2).mean()
    if truncated > 0.05:
        notes.append(
            f"{truncated:.0%} of control sessions hit max_length={max_length} before ending; "
            "raise max_length if real sessions are longer."
        )
    base_rate = conv["control_rate"]
    mde = minimum_detectable_effect(base_rate, n, alpha) if 0 < base_rate < 1 else float("nan")
    return ABExperiment(
        control=control,
        treatment=treatment,
        modification=mod,
        stats=conv,
        engagement=engagement,
        dropoff=_dropoff_table(control, treatment),
        per_persona=_per_persona(control, treatment, alpha),
        mde=mde,
        alpha=alpha,
        max_length=max_length,
        random_state=random_state,
        notes=notes,
    )


def _welch_p(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided p-value of Welch's t-test (normal limit for large samples)."""
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    if not np.isfinite(va + vb) or va + vb <= 0:
        return 1.0 if a.mean() == b.mean() else 0.0
    t = (b.mean() - a.mean()) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    if df > 1000:
        return _two_sided_p(float(t))
    from scipy.special import stdtr  # small samples only

    return float(2 * stdtr(df, -abs(t)))


def _dropoff_table(control: SimulationResult, treatment: SimulationResult) -> pd.DataFrame:
    vocab = treatment.vocabulary
    k = len(vocab)
    rows = []
    cc = np.bincount(control.exit_events()[~control.converted], minlength=k) / control.n
    tc = np.bincount(treatment.exit_events()[~treatment.converted], minlength=k) / treatment.n
    for i, name in enumerate(vocab):
        if cc[i] > 0 or tc[i] > 0:
            rows.append(
                {
                    "step": name,
                    "control_share": float(cc[i]),
                    "treatment_share": float(tc[i]),
                    "diff": float(tc[i] - cc[i]),
                }
            )
    df = pd.DataFrame(rows, columns=["step", "control_share", "treatment_share", "diff"])
    return df.sort_values("treatment_share", ascending=False, kind="stable").reset_index(drop=True)


def _per_persona(control: SimulationResult, treatment: SimulationResult, alpha: float) -> pd.DataFrame:
    rows = []
    for i, (pid, name) in enumerate(zip(control.persona_ids, control.persona_names, strict=True)):
        mc, mt = control.persona == i, treatment.persona == i
        nc, nt = int(mc.sum()), int(mt.sum())
        row: dict[str, Any] = {
            "persona_id": pid,
            "persona": name,
            "targeted": bool(treatment.targeted[i]),
            "n_control": nc,
            "n_treatment": nt,
        }
        if nc and nt:
            d = proportion_diff(
                int(control.converted[mc].sum()), nc, int(treatment.converted[mt].sum()), nt, alpha
            )
            row.update(
                {
                    k: d[k]
                    for k in (
                        "control_rate",
                        "treatment_rate",
                        "abs_lift",
                        "abs_ci_low",
                        "abs_ci_high",
                        "rel_lift",
                        "p_value",
                    )
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)
