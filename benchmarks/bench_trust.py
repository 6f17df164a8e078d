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
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from _harness import PY, machine, measure, table, write_section

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


# ------------------------------------------------- speed at n rows: one child process per use case

# refreshed version for the diff: one segment grows by 10 points and a new one appears
_REFRESH = {"bankers": 0.40, "developers": 0.22, "shopkeepers": 0.18, "students": 0.10, "clinicians": 0.10}


_GOAL = "college students interested in headphones"


def _other_workflows(case: str, n: int) -> dict[str, Callable[[], Any]]:
    """Goal and clickstream cases at ``n`` rows (built lazily: only the case run pays its data)."""
    if case.startswith("goal"):
        from synthpersona.population import generate
        from synthpersona.usecases.goals import run_goal
        from synthpersona.usecases.trust import backtest_goal

        people = generate(n, random_state=0)  # an n-person built-in population
        return {
            "goal_run": lambda: run_goal(_GOAL, population=people, k_anonymity=None),
            "goal_backtest": lambda: backtest_goal(_GOAL, population=people),
        }
    if case.startswith("events"):
        from synthpersona.simulation import make_sample_events
        from synthpersona.trust import backtest_events
        from synthpersona.usecases.simulation import find_behaviour_personas

        per_user = len(make_sample_events()) / len(make_sample_events()["user_id"].unique())
        log = make_sample_events(n_users=round(n / per_user), random_state=3)
        return {
            "events_find": lambda: find_behaviour_personas(log, k_anonymity=None),
            "events_privacy": lambda: find_behaviour_personas(log, k_anonymity=5),
            "events_backtest": lambda: backtest_events(log, random_state=0),
            "events_build": lambda: find_behaviour_personas(
                log[log["user_id"].isin(log["user_id"].unique()[: round(0.7 * log["user_id"].nunique())])],
                k_anonymity=None,
            ),
        }
    return {}


def _child(case: str, n: int) -> None:
    """Run one use case on the ``n``-row planted table; print a JSON line of what it found."""
    from synthpersona.tables import analyze_table
    from synthpersona.trust import planted_table
    from synthpersona.usecases.trust import backtest_frame, diff_frames, privacy_frame, representation_frame

    df = planted_table(n, random_state=7).drop(columns=["_segment"])
    new = planted_table(n, random_state=8, shares=_REFRESH, extra_segment=True).drop(columns=["_segment"])
    work: dict[str, Callable[[], Any]] = {
        "analysis_build": lambda: analyze_table(df.iloc[: round(n * 0.7)], k=4),
        "analysis": lambda: analyze_table(df, k=4),
        "analysis_auto_both": lambda: (analyze_table(df, k="auto"), analyze_table(new, k="auto")),
        "backtest": lambda: backtest_frame(df, k=4),
        "backtest_no_noise": lambda: backtest_frame(df, k=4, boundary_noise=False),
        "privacy": lambda: privacy_frame(df, k=4),
        "privacy_eps": lambda: privacy_frame(df, k=4, epsilon=1.0),
        "diff": lambda: diff_frames(df, new, k="auto"),
        "representation": lambda: representation_frame(df, k=4),
    }
    work |= _other_workflows(case, n)
    if case not in work:
        raise SystemExit(f"unknown case {case!r}; one of {sorted(work)}")
    # twice: the first call pays the imports and compilations of a fresh process (cold), the
    # second is what a running service pays (warm)
    cpu = []
    for _ in range(2):
        t0 = time.process_time()
        result = work[case]()
        cpu.append(time.process_time() - t0)
    out: dict[str, Any] = {"cold_cpu_seconds": cpu[0], "case_cpu_seconds": cpu[1]}
    if case in ("goal_backtest", "events_backtest") or case.startswith("backtest"):
        out |= {
            "n_held_out": result.n_held_out,
            "calibration": result.calibration,
            "claims": len(result.checked),
            "spearman": result.ranking.spearman if result.ranking else float("nan"),
        }
    elif case == "diff":
        out |= {
            "new_segments": len(result.new_segments),
            "emerging": [
                f"{g.label}: {g.share_new:.1%} of the new rows vs {g.share_old_region:.1%} of the old"
                for g in result.emerging
            ],
            "note": result.notes[-1],
            "largest_share_change": max((m.share_change for m in result.matches), default=0.0),
        }
    print(json.dumps(out))


_CASES = [
    ("backtest", "backtest (time split, 30 % held out, boundary noise: the default)", "analysis_build"),
    ("backtest_no_noise", "backtest without the boundary noise", "analysis_build"),
    ("privacy", "privacy (k = 5)", "analysis"),
    ("privacy_eps", "privacy (k = 5, epsilon = 1)", "analysis"),
    ("diff", "diff of two versions (k = auto)", "analysis_auto_both"),
    ("representation", "representation", "analysis"),
    ("goal_backtest", f"goal back-test ({_GOAL!r}, N-person built-in population)", "goal_run"),
    ("events_backtest", "clickstream back-test (N events, 30 % of users held out)", "events_build"),
    ("events_privacy", "clickstream personas with privacy (k = 5)", "events_find"),
]


def _speed(n: int) -> tuple[str, str]:
    """Time every use case at ``n`` rows in child processes; the Markdown table and what they found."""
    here = str(Path(__file__).resolve())
    found: dict[str, dict[str, Any]] = {}
    measured: dict[str, Any] = {}
    for case in sorted({c for c, _, _ in _CASES} | {a for _, _, a in _CASES}):
        m = measure([PY, here, "--child", case, str(n)])
        if m.returncode != 0:
            raise SystemExit(f"{case} failed:\n{m.stderr[-2000:]}")
        measured[case] = m
        found[case] = json.loads(m.stdout.strip().splitlines()[-1])
    rows = []
    for case, label, alone in _CASES:
        m, a = measured[case], found[alone]["case_cpu_seconds"]
        rows.append(
            [
                label.replace("N ", f"{n:,} ").replace("N-", f"{n:,}-"),
                f"{found[case]['cold_cpu_seconds']:.2f}",
                f"{found[case]['case_cpu_seconds']:.2f}",
                f"{a:.2f}" + (" (70 % of rows)" if alone in ("analysis_build", "events_build") else ""),
                f"{m.peak_mb:,.0f}",
            ]
        )
    speed_table = table(
        [
            "use case",
            "CPU s, first call",
            "CPU s, warm",
            "CPU s warm, workflow alone (table analysis / goal run / persona finding)",
            "peak MB (child)",
        ],
        rows,
    )
    bt, drift = found["backtest"], found["diff"]
    facts = (
        f"The back-test above held out {bt['n_held_out']:,} rows: calibration {bt['calibration']:.1%} over "
        f"{bt['claims']} claims, conversion ranking Spearman {bt['spearman']:.2f} (without the boundary "
        f"noise: {found['backtest_no_noise']['calibration']:.1%}).\n"
        f"The diff found {drift['new_segments']} new segment(s) of the new run and "
        f"{len(drift['emerging'])} new group(s) the new run keeps inside another segment "
        f"({'; '.join(drift['emerging']) or 'none'});\n{drift['note']} The largest share change: "
        f"{drift['largest_share_change'] * 100:+.1f} points.\n"
        + "".join(
            f"The {what} back-test held out {found[c]['n_held_out']:,} rows: calibration "
            f"{found[c]['calibration']:.1%} over {found[c]['claims']} claims. "
            for c, what in (("goal_backtest", "goal"), ("events_backtest", "clickstream"))
        )
    )
    return speed_table, facts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="20,000 rows and fewer seeds")
    parser.add_argument("--speed-only", action="store_true", help="only the speed table (prints it)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    n = 20_000 if args.quick else 100_000
    if args.speed_only:
        speed_table, facts = _speed(n)
        print(f"Speed at {n:,} rows on {machine()}\n\n{speed_table}\n\n{facts}")
        return
    seeds_dev, seeds_held = (
        ([0, 1], [100, 101]) if args.quick else ([0, 1, 2, 3, 4], [100, 101, 102, 103, 104])
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

    speed_table, facts = _speed(n)
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
held-out rows, the back-test's 5-fold cross-fitting of the boundary noise, claims,
k-anonymity counts, small cells, noise, matching, PSI/KS/chi-square, coverage). Each use
case runs in its own child process: wall seconds, CPU seconds (user + system of that child;
more comparable than wall time on a shared machine) and the child's peak resident memory,
which includes the 100,000-row tables it builds.

{speed_table}

{facts}
"""
    write_section("trust", text)


if __name__ == "__main__":
    main()
