"""Goal → personas, warm, at 50,000 and 1,000,000 people: the latency target of issue 12.

    .venv/bin/python benchmarks/bench_goal_latency.py [--quick] [--repeats N]

What the issue asks, measured exactly: the built-in population (generated in this process,
random_state 0) is loaded once; each goal is run once (cold: first use of the goal), then
``--repeats`` times with the run cache cleared before each run (so every run segments and
builds personas again, as a NEW goal would; the loaded population stays), with
``run_goal``'s defaults (k 2-8, automatic k, learned feature weights). Figure: the median
warm run per goal, with the median step timings (``meta["timings_ms"]``). Targets (issue 12):
< 0.3 s at 50,000 people and < 3 s at 1,000,000. ``--quick``: 50,000 people only.

The load average at the start and end is printed beside the figures: on a shared machine
(load above the number of cores) the timings say little about the code; re-run quietly.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import machine, table, write_section

GOALS = [
    "college students interested in headphones",
    "Gen Z moms in tier-2 cities",
    "millennials in tier-1 cities",
    "budget shoppers in rural areas",
    "fitness enthusiasts aged 25-40",
]
TARGET_S = {50_000: 0.3, 1_000_000: 3.0}


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def measure(rows: int, repeats: int) -> list[dict[str, Any]]:
    """Cold and warm timings of every goal on a population of ``rows`` people."""
    from synthpersona.population import generate
    from synthpersona.usecases.goals import clear_cache, run_goal

    pop = generate(rows, random_state=0)
    out = []
    for goal in GOALS:
        clear_cache(populations=False)
        t0 = time.perf_counter()
        run = run_goal(goal, population=pop, k_anonymity=None)
        cold = time.perf_counter() - t0
        warm, cpu, steps = [], [], []
        for _ in range(repeats):
            clear_cache(populations=False)
            t0, c0 = time.perf_counter(), time.process_time()
            run = run_goal(goal, population=pop, k_anonymity=None)
            warm.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            steps.append(dict(run.meta.get("timings_ms") or {}))
        keys = sorted({k for s in steps for k in s if isinstance(s.get(k), int | float)})
        out.append(
            {
                "goal": goal,
                "audience": run.meta["subset_n"],
                "k": run.meta["k"],
                "cold_s": cold,
                "warm_s": statistics.median(warm),
                # CPU seconds of the process (all threads): comparable on a loaded machine
                "cpu_s": statistics.median(cpu),
                "steps_ms": {k: statistics.median(float(s.get(k, 0.0)) for s in steps) for k in keys},
            }
        )
        print(rows, out[-1], flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="50,000 people only")
    ap.add_argument("--repeats", type=int, default=5, help="warm runs per goal (median reported)")
    args = ap.parse_args()
    sizes = [50_000] if args.quick else [50_000, 1_000_000]
    load_start = _load()
    results = {
        rows: measure(rows, args.repeats if rows <= 100_000 else max(3, args.repeats // 2)) for rows in sizes
    }
    load_end = _load()
    rows_md, verdicts = [], []
    for rows, goals in results.items():
        for g in goals:
            steps = g["steps_ms"]
            rows_md.append(
                [
                    f"{rows:,}",
                    g["goal"],
                    g["audience"],
                    g["k"],
                    f"{g['cold_s']:.3f}",
                    f"{g['warm_s']:.3f}",
                    f"{g['cpu_s']:.3f}",
                    ", ".join(f"{k.removesuffix('_ms')} {v:.0f}" for k, v in steps.items()),
                ]
            )
        worst = max(g["warm_s"] for g in goals)
        target = TARGET_S[rows]
        verdicts.append(
            f"- {rows:,} people: slowest goal {worst:.3f} s warm (median) against < {target:g} s: "
            + ("met" if worst < target else "NOT met")
            + " at this load."
        )
    md = [
        "## Goal → personas latency (issue 12)",
        "",
        f"Machine: {machine()}. `benchmarks/bench_goal_latency.py`; load average (1/5/15 min) "
        f"{load_start} at the start, {load_end} at the end"
        + (" (UNDER LOAD: more runnable processes than cores)." if _busy(load_start) else "."),
        "Warm = population loaded, run cache cleared (a new goal), `run_goal` defaults; median of "
        "the repeats per goal; steps in ms from `meta['timings_ms']`.",
        "",
        table(
            [
                "people",
                "goal",
                "audience",
                "k",
                "cold s",
                "warm s (median)",
                "CPU s (median)",
                "steps (ms, median)",
            ],
            rows_md,
        ),
        "",
        *verdicts,
    ]
    write_section("goal_latency", "\n".join(md))


def _busy(load: str) -> bool:
    try:
        return float(load.split(" / ")[0]) > (os.cpu_count() or 1)
    except ValueError:
        return False


if __name__ == "__main__":
    main()
