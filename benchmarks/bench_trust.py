"""Benchmark: trust (issue 21): back-test calibration on evaluation sets, and speed at 100,000 rows.

Calibration (share of claims whose held-out value lies inside its 95 % prediction
interval) on two evaluation sets each: planted tables (``synthpersona.trust.planted_table``,
3,000 rows, random and time split) with development seeds 0-4 and held-out seeds 100-104
that were never looked at while building, and goal runs on the built-in population with a
development and a held-out list of goals.

Speed: every trust use case on a 100,000-row planted table (back-test, privacy with and
without Laplace noise, diff of two versions, representation), the time of the use case
and, of it, the table analyses it runs (the rest is the trust work itself).

    .venv/bin/python benchmarks/bench_trust.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from _harness import machine, table, write_section

DEV_GOALS = [
    "college students interested in headphones",
    "Gen Z moms in tier-2 cities",
    "affluent professionals in metro cities",
]
HELD_OUT_GOALS = [
    "budget-conscious families with kids in tier-3 towns",
    "tech-savvy young men who game",
    "retired people interested in health",
    "women entrepreneurs in Mumbai",
]


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _planted_calibration(seeds: list[int], time_split: bool, boundary_noise: bool = True) -> tuple[int, int]:
    from synthpersona.trust import planted_table
    from synthpersona.usecases.trust import backtest_frame

    inside = checked = 0
    for seed in seeds:
        df = planted_table(3_000, random_state=seed).drop(columns=["_segment"])
        if not time_split:
            df = df.drop(columns=["Signup Date"])
        bt = backtest_frame(df, random_state=seed, boundary_noise=boundary_noise)
        inside += sum(bool(c.inside) for c in bt.checked)
        checked += len(bt.checked)
    return inside, checked


def _clickstream_calibration(
    sample_splits: list[int], generated: list[tuple[int, int]]
) -> tuple[int, int, list[float]]:
    """Back-tests of the bundled sample log (one per split seed) and of generated logs.

    ``generated``: ``(n_users, generator seed)``; each generated log is back-tested with
    two split seeds (the generator seed and it + 50).
    """
    from synthpersona.simulation import make_sample_events
    from synthpersona.trust import backtest_events
    from synthpersona.usecases.trust import backtest_event_log

    inside = checked = 0
    transitions = []
    runs = [(None, s) for s in sample_splits] + [(g, s) for g in generated for s in (g[1], g[1] + 50)]
    for gen, seed in runs:
        if gen is None:
            bt = backtest_event_log(random_state=seed)
        else:
            bt = backtest_events(make_sample_events(n_users=gen[0], random_state=gen[1]), random_state=seed)
        inside += sum(bool(c.inside) for c in bt.checked)
        checked += len(bt.checked)
        transitions.append(bt.agreement["transition_agreement"])
    return inside, checked, transitions


# Clickstream evaluation sets: split seeds of the bundled sample log and generated logs
# (n_users, generator seed). The held-out sets were run once, after the interval was final.
CLICK_DEV = (list(range(20)), [(450, g) for g in range(8)] + [(2000, g) for g in range(4)])
CLICK_HELD_OUT = (
    list(range(200, 220)),
    [(450, g) for g in range(200, 208)] + [(2000, g) for g in range(200, 204)],
)


def _goal_calibration(goals: list[str]) -> tuple[int, int, list[str]]:
    from synthpersona.errors import SynthPersonaError
    from synthpersona.usecases.trust import backtest_goal

    inside = checked = 0
    skipped = []
    for goal in goals:
        try:
            bt = backtest_goal(goal)
        except SynthPersonaError as exc:
            skipped.append(f"{goal!r} ({exc.code})")
            continue
        inside += sum(bool(c.inside) for c in bt.checked)
        checked += len(bt.checked)
    return inside, checked, skipped


def _pct(inside: int, checked: int) -> str:
    return f"{inside}/{checked} = {inside / checked:.1%}" if checked else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="20,000 rows and fewer seeds")
    args = parser.parse_args()
    n = 20_000 if args.quick else 100_000
    seeds_dev, seeds_held = (
        ([0, 1], [100, 101]) if args.quick else ([0, 1, 2, 3, 4], [100, 101, 102, 103, 104])
    )

    from synthpersona.tables import analyze_table
    from synthpersona.trust import planted_table
    from synthpersona.usecases.trust import (
        backtest_frame,
        diff_frames,
        privacy_frame,
        representation_frame,
    )

    rows = []
    agreement_rows: list[list[object]] = []
    for name, seeds in (("development seeds", seeds_dev), ("held-out seeds", seeds_held)):
        for split in (False, True):
            inside, checked = _planted_calibration(seeds, split)
            before = _pct(*_planted_calibration(seeds, split, boundary_noise=False))
            rows.append(
                [
                    f"planted tables, {name} {seeds}",
                    "time" if split else "random",
                    f"{_pct(inside, checked)} (without the boundary term: {before})",
                ]
            )
    click_sets = (("development", CLICK_DEV), ("held-out", CLICK_HELD_OUT))
    if args.quick:
        click_sets = tuple((name, (splits[:4], gens[:2])) for name, (splits, gens) in click_sets)
    for name, (splits, gens) in click_sets:
        inside, checked, transitions = _clickstream_calibration(splits, gens)
        rows.append(
            [
                f"clickstream, {name}: bundled sample splits {splits[0]}-{splits[-1]}, "
                f"{len(gens)} generated logs (seeds from {gens[0][1]}, 450/2,000 users)",
                "random users",
                _pct(inside, checked),
            ]
        )
        agreement_rows.append([name, f"{np.mean(transitions):.3f}"])
    g_in, g_n, g_skip = _goal_calibration(DEV_GOALS)
    rows.append([f"built-in population, development goals ({len(DEV_GOALS)})", "random", _pct(g_in, g_n)])
    h_in, h_n, h_skip = _goal_calibration(HELD_OUT_GOALS)
    rows.append([f"built-in population, held-out goals ({len(HELD_OUT_GOALS)})", "random", _pct(h_in, h_n)])
    calibration = table(["evaluation set", "split", "claims inside 95 % interval"], rows)

    df = planted_table(n, random_state=7).drop(columns=["_segment"])
    refresh = {"bankers": 0.40, "developers": 0.22, "shopkeepers": 0.18, "students": 0.10, "clinicians": 0.10}
    new = planted_table(n, random_state=8, shares=refresh, extra_segment=True).drop(columns=["_segment"])
    build_rows = round(n * 0.7)
    _, t_analysis_build = _timed(lambda: analyze_table(df.iloc[:build_rows], k=4))
    _, t_analysis = _timed(lambda: analyze_table(df, k=4))
    _, t_auto_old = _timed(lambda: analyze_table(df, k="auto"))
    _, t_auto_new = _timed(lambda: analyze_table(new, k="auto"))
    speed = []
    bt, t = _timed(lambda: backtest_frame(df, k=4))
    speed.append(
        ["backtest (time split, 30 % held out)", f"{t:.2f}", f"{t_analysis_build:.2f} (70 % of rows)"]
    )
    (_, _), t = _timed(lambda: privacy_frame(df, k=4))
    speed.append(["privacy (k = 5)", f"{t:.2f}", f"{t_analysis:.2f}"])
    (_, _), t = _timed(lambda: privacy_frame(df, k=4, epsilon=1.0))
    speed.append(["privacy (k = 5, epsilon = 1)", f"{t:.2f}", f"{t_analysis:.2f}"])
    drift, t = _timed(lambda: diff_frames(df, new, k="auto"))
    speed.append(
        ["diff of two versions (k = auto)", f"{t:.2f}", f"{t_auto_old + t_auto_new:.2f} (both versions)"]
    )
    _, t = _timed(lambda: representation_frame(df, k=4))
    speed.append(["representation", f"{t:.2f}", f"{t_analysis:.2f}"])
    speed_table = table(["use case", "total s", "the table analysis alone s"], speed)

    spearman = bt.ranking.spearman if bt.ranking else float("nan")
    emerging = "; ".join(
        f"{g.label}: {g.share_new:.1%} of the new rows vs {g.share_old_region:.1%} of the old"
        for g in drift.emerging
    )
    text = f"""## Trust: back-testing, privacy, drift, representation (issue 21)

Recorded {dt.date.today().isoformat()} on {machine()}
(`benchmarks/bench_trust.py`{" --quick" if args.quick else ""}; the machine was shared with other
engineers' test runs, so times are upper bounds).

Back-test calibration: share of segment and persona claims (segment shares, category shares,
means, conversion rates) whose held-out value lies inside its 95 % prediction interval
(target >= 90 %). Planted tables: 3,000 rows each; the held-out seeds and goals were never
run while building the check.

{calibration}

Clickstream transition agreement (1 - total variation distance of the next-event
distributions, held-out vs building users, per segment): {", ".join(f"{a} {b}" for a, b in agreement_rows)}.
{"Goals skipped (too few people): " + ", ".join(g_skip + h_skip) if g_skip + h_skip else ""}

Speed at {n:,} rows (planted table with a date column; the diff compares it with a refreshed
{n:,}-row version where one segment grew by 10 points and a new one appeared). "Table
analysis alone" is the time of `analyze_table` on the same rows, measured separately (the
use case runs it too; the rest is the trust work: splitting, re-encoding and assigning
held-out rows, claims, k-anonymity counts, small cells, noise, matching, PSI/KS/chi-square,
coverage). Single runs on a loaded machine: differences of a second are noise.

{speed_table}

The back-test above held out {bt.n_held_out:,} rows: calibration {bt.calibration:.1%} over
{len(bt.checked)} claims, conversion ranking Spearman {spearman:.2f}.
The diff found {len(drift.new_segments)} new segment(s) of the new run and
{len(drift.emerging)} new group(s) the new run keeps inside another segment
({emerging or "none"});
{drift.notes[-1]} The largest share change:
{max((m.share_change for m in drift.matches), default=0) * 100:+.1f} points.
"""
    write_section("trust", text)


if __name__ == "__main__":
    main()
