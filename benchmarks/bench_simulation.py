"""Benchmark: clickstream simulation (seed 002) against the Markov A/B baseline.

Side by side in one run, every side as a child process (wall time and its own peak RSS):

1. A/B experiment, 1,000,000 synthetic users per arm, max length 10, on a 20,000-user log
   from ``make_events.py``: the baseline script (fit + one Python draw per step per
   persona) vs ``run_ab_experiment`` on the same pooled first-order chain, end to end;
   and the two simulations alone, timed in-process (the baseline's own ``fit`` and
   ``simulate`` functions called as its ``main`` does). Control conversion must agree
   within 1 percentage point.
2. Fitting and sequence clustering on a 5,000,000-event log (``make_events.py --users
   615000 --with-group``): load, encode, cluster (k chosen by silhouette), name the
   behavioural personas, fit per-persona chains. Target: under 20 s and under 2 GB.
   The baseline's fitting (no clustering) on the same log is timed too (skipped with
   ``--quick``).
3. Quality: adjusted Rand index of the behavioural clusters against the planted
   ``_group`` (automatic k and k = 3), and the generator's validation against held-out users.

    .venv/bin/python benchmarks/bench_simulation.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from _harness import (
    BASELINES,
    DATA_GEN,
    PY,
    WORK,
    Measured,
    ensure_file,
    machine,
    measure,
    table,
    write_section,
)

BASELINE = BASELINES / "markov_ab_baseline.py"
MAKE_EVENTS = DATA_GEN / "make_events.py"
TARGET_SPEEDUP = 50.0
TARGET_CONV_PP = 1.0
TARGET_FIT_S = 20.0
TARGET_FIT_MB = 2048.0


def _log(users: int, name: str) -> Path:
    path = WORK / name
    return ensure_file(
        path, [PY, str(MAKE_EVENTS), "--users", str(users), "--out", str(path), "--with-group"]
    )


# ---------------------------------------------------------------- child processes (our side)


def _child_ab(events: str, n: int) -> None:
    t0 = time.perf_counter()
    from synthpersona.simulation import environment, etl, experiments, persona_generator

    t1 = time.perf_counter()
    log = etl.load_event_log(events)
    # The baseline's model: one pooled first-order chain, maximum likelihood.
    gen = persona_generator.MarkovPersonaGenerator.from_events(log, smoothing=0.0)
    sim = environment.ProductFlowSimulator(
        gen, completion_events={"signup_complete"}, drop_events={"drop_off", "friction_drop"}
    )
    t2, c2 = time.perf_counter(), time.process_time()
    mod = environment.FlowModification("Two extra clicks", additional_steps=2, friction_factor=0.1)
    exp = experiments.run_ab_experiment(sim, n_personas=n, modification=mod, max_length=10, random_state=42)
    t3, c3 = time.perf_counter(), time.process_time()
    out = {
        "control_rate": exp.stats["control_rate"],
        "treatment_rate": exp.stats["treatment_rate"],
        "p_value": exp.stats["p_value"],
        "import_s": t1 - t0,
        "fit_s": t2 - t1,
        "ab_s": t3 - t2,
        "ab_cpu_s": c3 - c2,
    }
    print(json.dumps(out))


def _child_baseline_ab(events: str, n: int) -> None:
    """The baseline's own fit and simulate functions, timed separately (same calls as its main)."""
    import importlib.util
    import random

    import pandas as pd

    spec = importlib.util.spec_from_file_location("markov_ab_baseline", BASELINE)
    assert spec is not None and spec.loader is not None
    base = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(base)
    t0 = time.perf_counter()
    trans, starts = base.fit(pd.read_csv(events, parse_dates=["timestamp"]))
    t1, c1 = time.perf_counter(), time.process_time()
    rng = random.Random(42)
    ca = base.simulate(trans, starts, n, 10, 0, 0.0, rng)
    cb = base.simulate(trans, starts, n, 10, 2, 0.1, rng)
    t2, c2 = time.perf_counter(), time.process_time()
    print(
        json.dumps(
            {
                "control_rate": ca / n,
                "treatment_rate": cb / n,
                "fit_s": t1 - t0,
                "ab_s": t2 - t1,
                "ab_cpu_s": c2 - c1,
            }
        )
    )


def _child_fit(events: str, k: str) -> None:
    t0 = time.perf_counter()
    from synthpersona.allocation import reuse_freed_memory

    if os.environ.get("SYNTHPERSONA_BENCH_DEFAULT_ALLOCATOR") != "1":
        reuse_freed_memory()  # as the command line does at start (A/B: set the variable to 1)
    from synthpersona.simulation import etl, index_sessions, persona_generator, sequences

    log = etl.load_event_log(events)
    t1 = time.perf_counter()
    sx = index_sessions(log)  # once for clustering, profiles and chains, as run_simulation does
    res = sequences.cluster_event_sequences(
        log, k=None if k == "auto" else int(k), random_state=0, sessions=sx
    )
    seg = sequences.attach_clusters(log, res)
    t2 = time.perf_counter()
    _, personas = sequences.profile_behavioural_personas(
        seg, completion_events=["signup_complete"], sessions=sx
    )
    gen = persona_generator.MarkovPersonaGenerator.from_events(
        seg, persona_names={p.segment_id: p.name for p in personas}, sessions=sx
    )
    t3 = time.perf_counter()
    ari = sequences.planted_group_agreement(seg)
    print(
        json.dumps(
            {
                "load_s": t1 - t0,
                "cluster_s": t2 - t1,
                "profile_fit_s": t3 - t2,
                "k": res.k,
                "ari": ari,
                "n_events": len(log),
                "n_users": len(res.labels),
                "personas": [p.name for p in personas],
                "n_personas": gen.n_personas,
            }
        )
    )


def _child_validate(events: str) -> None:
    from synthpersona.simulation import etl, sequences, validate_generator

    log = etl.load_event_log(events)
    seg = sequences.attach_clusters(log, sequences.cluster_event_sequences(log, k=3))
    out = {}
    for label, frame in (("pooled chain", log), ("per-persona chains (k=3)", seg)):
        val = validate_generator(frame, completion_events=["signup_complete"], random_state=0)
        out[label] = val.table.to_dict(orient="records")
    print(json.dumps(out))


# ---------------------------------------------------------------- the benchmark


# The machine is shared: wall time depends on the neighbours, CPU time (user + system) much less.
# Every side runs under this wrapper, which reports its own CPU seconds on stderr when done.
_CPU = (
    "import json, os, resource, runpy, sys; script = sys.argv[1]; sys.argv = sys.argv[1:]\n"
    "sys.path.insert(0, os.path.dirname(os.path.abspath(script)))\n"
    "try:\n    runpy.run_path(script, run_name='__main__')\nfinally:\n"
    "    r = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    print('CPU ' + json.dumps(r.ru_utime + r.ru_stime), file=sys.stderr)"
)


def _run(script: Path, *args: str, timeout: float = 3600) -> Measured:
    return measure([PY, "-c", _CPU, str(script), *args], timeout=timeout)


def _cpu(m: Measured) -> float:
    lines = [ln for ln in m.stderr.splitlines() if ln.startswith("CPU ")]
    return float(lines[-1].split()[1]) if lines else float("nan")


def _json(m: Measured, who: str) -> dict:
    if m.returncode != 0:
        raise SystemExit(f"{who} failed ({m.returncode}):\n{m.stderr[-2000:]}")
    return json.loads(m.stdout.strip().splitlines()[-1])


def _ours(*args: str) -> Measured:
    return _run(Path(__file__).resolve(), "--child", *args)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs, no baseline on the 5M log")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        {
            "ab": lambda: _child_ab(a.child[1], int(a.child[2])),
            "baseline_ab": lambda: _child_baseline_ab(a.child[1], int(a.child[2])),
            "fit": lambda: _child_fit(a.child[1], a.child[2]),
            "validate": lambda: _child_validate(a.child[1]),
        }[a.child[0]]()
        return

    n_ab = 200_000 if a.quick else 1_000_000
    ab_log = _log(20_000, "events_20k.csv")
    big = _log(60_000, "events_500k.csv") if a.quick else _log(615_000, "events_5m.csv")
    print(f"Machine: {machine()}", flush=True)

    # 1. A/B experiment -------------------------------------------------------------------
    print(f"A/B experiment, {n_ab:,} per arm ...", flush=True)
    base_full = _run(BASELINE, str(ab_log), "--personas", str(n_ab), "--max-length", "10")
    base_stage = _ours("baseline_ab", str(ab_log), str(n_ab))
    ours_full = _ours("ab", str(ab_log), str(n_ab))
    b, o = _json(base_full, "baseline"), _json(ours_full, "synthpersona")
    bs = _json(base_stage, "baseline stages")
    speed_total = base_full.seconds / ours_full.seconds
    cpu_total = _cpu(base_full) / _cpu(ours_full)
    speed_sim = bs["ab_s"] / o["ab_s"]
    cpu_sim = bs["ab_cpu_s"] / max(o["ab_cpu_s"], 1e-3)
    conv_pp = 100 * abs(o["control_rate"] - b["control_rate"])
    ab_rows = [
        [
            "baseline (Python loop)",
            f"{base_full.seconds:.1f}",
            f"{_cpu(base_full):.1f}",
            f"{bs['ab_s']:.2f} ({bs['ab_cpu_s']:.2f} CPU)",
            f"{base_full.peak_mb:.0f}",
            f"{b['control_rate']:.4f}",
            f"{b['treatment_rate']:.4f}",
        ],
        [
            "synthpersona",
            f"{ours_full.seconds:.2f}",
            f"{_cpu(ours_full):.2f}",
            f"{o['ab_s']:.2f} ({o['ab_cpu_s']:.2f} CPU)",
            f"{ours_full.peak_mb:.0f}",
            f"{o['control_rate']:.4f}",
            f"{o['treatment_rate']:.4f}",
        ],
    ]
    ab_table = table(
        [
            "side",
            "wall s (fit + A/B)",
            "CPU s",
            "A/B alone, in-process s",
            "peak MB",
            "control conv",
            "treatment conv",
        ],
        ab_rows,
    )

    # 2. Fit + clustering on the big log --------------------------------------------------
    print(f"Fit + clustering on {big.name} ...", flush=True)
    fit = _ours("fit", str(big), "auto")
    f = _json(fit, "synthpersona fit")
    fit3 = _ours("fit", str(big), "3")
    f3 = _json(fit3, "synthpersona fit k=3")
    base_big = None
    if not a.quick:
        base_big = _run(BASELINE, str(big), "--personas", "1", "--max-length", "10")
        _json(base_big, "baseline fit on the big log")
    fit_rows = [
        [
            "synthpersona: load + cluster (auto k) + personas + chains",
            f"{fit.seconds:.1f}",
            f"{_cpu(fit):.1f}",
            f"{fit.peak_mb:.0f}",
            f"load {f['load_s']:.1f} / cluster {f['cluster_s']:.1f} / profile+fit {f['profile_fit_s']:.1f}",
            f"k={f['k']}, ARI {f['ari']:.3f}",
        ],
        [
            "synthpersona: same with k = 3",
            f"{fit3.seconds:.1f}",
            f"{_cpu(fit3):.1f}",
            f"{fit3.peak_mb:.0f}",
            f"load {f3['load_s']:.1f} / cluster {f3['cluster_s']:.1f} / "
            f"profile+fit {f3['profile_fit_s']:.1f}",
            f"k=3, ARI {f3['ari']:.3f}",
        ],
    ]
    if base_big is not None:
        fit_rows.append(
            [
                "baseline: fit only (no clustering)",
                f"{base_big.seconds:.1f}",
                f"{_cpu(base_big):.1f}",
                f"{base_big.peak_mb:.0f}",
                "dict-of-counts, groupby per session",
                "-",
            ]
        )
    fit_table = table(["run", "wall s", "CPU s", "peak MB", "stages (wall s)", "clusters"], fit_rows)

    # 3. Generator validation -------------------------------------------------------------
    print("Generator validation ...", flush=True)
    val = _json(_ours("validate", str(_log(60_000, "events_500k.csv"))), "validation")
    val_rows = []
    for label, checks in val.items():
        for c in checks:
            val_rows.append(
                [
                    label,
                    c["metric"],
                    f"{c['real']:.4g}",
                    f"{c['synthetic']:.4g}",
                    c["threshold"],
                    "pass" if c["passed"] else "FAIL",
                ]
            )
    val_table = table(
        ["generator", "check", "real / reference", "synthetic", "criterion", "verdict"], val_rows
    )

    with ab_log.open() as fh:
        ab_events = sum(1 for _ in fh) - 1
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    lines = [
        "## Simulation (seed 002): clickstream → behavioural personas → simulated A/B",
        "",
        f"Machine: {machine()}. Inputs from `make_events.py` (cached in `.bench/`): A/B on `{ab_log.name}` "
        f"({ab_events:,} events), fitting on `{big.name}` ({f['n_events']:,} events, "
        f"{f['n_users']:,} users).",
        "",
        f"### A/B experiment, {n_ab:,} synthetic users per arm, max length 10",
        "",
        ab_table,
        "",
        f"Speed-up (baseline / ours): **{speed_total:.0f}×** end to end (fit + A/B, each in its own "
        "process), "
        f"**{speed_sim:.0f}×** on the A/B simulation alone (both timed in-process around the two "
        "simulations). "
        f"In CPU seconds (what the shared machine's neighbours do not inflate): {cpu_total:.0f}× end to end, "
        f"{cpu_sim:.0f}× on the simulation alone. Control conversion differs by {conv_pp:.2f} pp.",
        "",
        f"### Fitting and sequence clustering on {f['n_events']:,} events",
        "",
        fit_table,
        "",
        f"Behavioural personas found (auto k): {', '.join(f['personas'])}.",
        "",
        "### Generator validation against held-out users (`events_500k.csv`)",
        "",
        val_table,
        "",
        "### Targets",
        "",
        f"- A/B at {n_ab:,} per arm ≥ {TARGET_SPEEDUP:.0f}× faster than the baseline: "
        f"end to end {speed_total:.0f}× "
        f"({met(speed_total >= TARGET_SPEEDUP)}), simulation alone {speed_sim:.0f}× "
        f"({met(speed_sim >= TARGET_SPEEDUP)}); CPU time {cpu_total:.0f}× / {cpu_sim:.0f}×.",
        f"- Control conversion within {TARGET_CONV_PP:g} pp of the baseline: {conv_pp:.2f} pp "
        f"({met(conv_pp <= TARGET_CONV_PP)}).",
        f"- Fit + clustering on {f['n_events']:,} events under {TARGET_FIT_S:.0f} s and "
        f"{TARGET_FIT_MB:.0f} MB: "
        f"{fit.seconds:.1f} s wall ({_cpu(fit):.1f} s CPU), {fit.peak_mb:.0f} MB "
        f"({met(fit.seconds < TARGET_FIT_S and fit.peak_mb < TARGET_FIT_MB)}).",
    ]
    if a.quick:
        lines.append("- (--quick: smaller inputs; the 5M-event target is checked by the full run.)")
    write_section("simulation", "\n".join(lines))


if __name__ == "__main__":
    main()
