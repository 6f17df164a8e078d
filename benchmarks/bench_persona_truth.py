"""Benchmark: are goal personas true to their data? (issue 12)

Runs every goal of ``benchmarks/data/persona_truth_goals.txt`` (tuning and held-out
splits, reported apart) on the built-in population and counts, per split:

- contradictions: trait words (segment labels, persona titles, cares, barriers, evidence
  claims) the data contradicts, judged by ``synthpersona verify`` against the segment's
  contrast with the audience and its absolute level, and against the anchor's own level;
- anchor misses: anchors outside the nearest quartile or disagreeing with the headline;
- near-copies: personas of one segment identical in title, cares and barrier;
- distinct-name share over all personas of all runs;
- every other verify mismatch (numbers);
- goal -> personas warm latency (population loaded, run not cached) at 50,000 people.

Usage: ``.venv/bin/python benchmarks/bench_persona_truth.py [--quick] [--json FILE] [--show N]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import ROOT, machine, table, write_section

GOALS = ROOT / "benchmarks" / "data" / "persona_truth_goals.txt"
LATENCY_GOALS = 5
# The same benchmark on main before issue 12's persona work (commit f2a89fd, 2026-12-03,
# same machine), for comparison: the persona code it measured no longer exists.
BEFORE = (
    "Before (main f2a89fd, same goals and machine): contradictions 485 (tuning) / 489 (held-out) in "
    "30 / 29 goals; anchor misses 49 / 40; number mismatches 11 / 19 (ages truncated in summaries, "
    "rounded in descriptions); near-copies 22 / 176 and 33 / 170 pairs; shared barrier 155 / 176 and "
    "144 / 170; distinct names 129 of 356 personas (36 %); k = 2 in 56 of 59 runs (one goal matches "
    "too few people)."
)


def load_goals() -> list[tuple[str, str]]:
    """``(split, goal)`` pairs of the evaluation set."""
    rows = []
    for line in GOALS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            split, goal = line.split("\t", 1)
            rows.append((split.strip(), goal.strip()))
    return rows


def _one(goal: str, random_state: int) -> dict[str, Any]:
    from synthpersona.errors import SynthPersonaError
    from synthpersona.usecases.goals import run_goal
    from synthpersona.usecases.verify import verify_run

    try:
        run = run_goal(goal, random_state=random_state)
    except SynthPersonaError as exc:
        return {"goal": goal, "error": f"{type(exc).__name__}: {exc}"}
    body = run.to_dict()
    mismatches = verify_run(run)
    personas = [p for plist in body["personas"].values() for p in plist]
    percentiles = [
        float(e.value)
        for plist in run.personas.values()
        for p in plist
        for e in p.evidence
        if e.statistic == "distance_percentile"
    ]
    selection = getattr(run.segmentation.clustering, "selection", None)
    near, shared_barrier, pairs = 0, 0, 0
    for plist in body["personas"].values():
        for i, a in enumerate(plist):
            for b in plist[i + 1 :]:
                pairs += 1
                same = (a["profile"]["title"], a["care_about_top2"], a["barriers_top1"]) == (
                    b["profile"]["title"],
                    b["care_about_top2"],
                    b["barriers_top1"],
                )
                near += same
                shared_barrier += a["barriers_top1"] == b["barriers_top1"]
    return {
        "goal": goal,
        "k": run.meta["k"],
        "n": run.meta["subset_n"],
        "labels": [c["cluster_label"] for c in body["clusters"]],
        "personas": [p["persona_name"] for p in personas],
        "names": [p["profile"]["name"] for p in personas],
        "words": [m.line() for m in mismatches if m.kind == "word"],
        "label_words": [m.line() for m in mismatches if m.kind == "word" and m.where.endswith("label")],
        "anchor_percentiles": percentiles,
        "clear": getattr(selection, "clear", None),
        "anchors": [m.line() for m in mismatches if m.kind == "anchor"],
        "numbers": [m.line() for m in mismatches if m.kind == "number"],
        "pairs": pairs,
        "near_copies": near,
        "shared_barrier": shared_barrier,
    }


def _summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in results if "error" not in r]
    names = [n for r in ok for n in r["names"]]
    return {
        "goals": len(results),
        "errors": len(results) - len(ok),
        "personas": len(names),
        "contradictions": sum(len(r["words"]) for r in ok),
        "label_contradictions": sum(len(r["label_words"]) for r in ok),
        "anchor_percentile_p50_p90_max": _percentiles([q for r in ok for q in r["anchor_percentiles"]]),
        "called_clear": sum(r["clear"] is True for r in ok),
        "distinct_k": len({r["k"] for r in ok}),
        "goals_with_contradictions": sum(bool(r["words"]) for r in ok),
        "anchor_misses": sum(len(r["anchors"]) for r in ok),
        "number_mismatches": sum(len(r["numbers"]) for r in ok),
        "pairs": sum(r["pairs"] for r in ok),
        "near_copies": sum(r["near_copies"] for r in ok),
        "shared_barrier": sum(r["shared_barrier"] for r in ok),
        "distinct_names": len(set(names)),
        "distinct_name_share": len(set(names)) / len(names) if names else 1.0,
        "k": dict(sorted(Counter(r["k"] for r in ok).items())),
    }


def _percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    deciles = statistics.quantiles(values, n=10, method="inclusive") if len(values) > 1 else values * 9
    p50, p90 = deciles[4], deciles[8]
    return f"{p50:.0f} / {p90:.0f} / {max(values):.0f}"


def _split_goals(goals: list[tuple[str, str]], split: str) -> list[str]:
    """Goals of ``split``; ``table14``: bench_segments' 14-goal table (chosen k, built-in population)."""
    if split == "table14":
        from bench_segments import GOALS as TABLE14

        return list(TABLE14)
    return [g for s, g in goals if s == split]


def _latency(goals: list[str]) -> list[float]:
    """Warm goal -> personas seconds: population loaded, each run computed afresh."""
    from synthpersona.usecases.goals import clear_cache, run_goal

    run_goal(goals[0])  # loads the population and warms imports
    out = []
    for goal in goals:
        clear_cache(populations=False)
        t0 = time.perf_counter()
        run_goal(goal, random_state=1)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="every fourth goal")
    ap.add_argument("--json", type=Path, help="write every run's figures here")
    ap.add_argument("--show", type=int, default=0, help="print labels and personas of the first N goals")
    ap.add_argument(
        "--splits",
        default="tuning,holdout,heldout3,heldout4,table14",
        help="comma-separated: tuning, holdout, heldout3, heldout4 (goal file splits), "
        "table14 (bench_segments' goals)",
    )
    ap.add_argument("--no-latency", action="store_true", help="skip the latency runs")
    args = ap.parse_args()
    goals = load_goals()[:: 4 if args.quick else 1]
    t0 = time.perf_counter()
    results = {split: [_one(g, 0) for g in _split_goals(goals, split)] for split in args.splits.split(",")}
    wall = time.perf_counter() - t0
    summaries = {split: _summary(rs) for split, rs in results.items()}
    all_names = [n for rs in results.values() for r in rs for n in r.get("names", [])]
    seconds = [] if args.no_latency else _latency([g for _, g in goals[:LATENCY_GOALS]])
    if args.json:
        args.json.write_text(
            json.dumps({"summary": summaries, "runs": results}, indent=1, ensure_ascii=False)
        )
    for r in [r for rs in results.values() for r in rs][: args.show]:
        print(
            json.dumps(
                {k: r.get(k) for k in ("goal", "k", "labels", "personas", "words")}, ensure_ascii=False
            )
        )
    rows = [
        [
            split,
            s["goals"],
            s["personas"],
            s["contradictions"],
            s["label_contradictions"],
            s["goals_with_contradictions"],
            s["anchor_misses"],
            s["number_mismatches"],
            f"{s['near_copies']} / {s['pairs']}",
            f"{s['shared_barrier']} / {s['pairs']}",
            f"{100 * s['distinct_name_share']:.0f}%",
            s["k"],
            f"{s['distinct_k']} ({s['called_clear']} clear)",
            s["anchor_percentile_p50_p90_max"],
        ]
        for split, s in summaries.items()
    ]
    md = "\n".join(
        [
            "## Personas true to their data (issue 12)",
            "",
            f"`benchmarks/bench_persona_truth.py`: {sum(len(r) for r in results.values())} goals of "
            "`benchmarks/data/persona_truth_goals.txt` on the built-in population (50,000 people), "
            f"random_state 0, {wall:.0f} s in all, on {machine()}. Contradictions and mismatches are "
            "those `synthpersona verify` reports (trait words against the segment's contrast and "
            "absolute level and the anchor's own level; anchors outside the nearest quartile or against "
            "the headline; numbers that do not recompute).",
            "",
            BEFORE,
            "",
            "After:",
            "",
            table(
                [
                    "split",
                    "goals",
                    "personas",
                    "contradictions",
                    "in labels",
                    "goals with one",
                    "anchor misses",
                    "number mismatches",
                    "near-copies / pairs",
                    "shared barrier / pairs",
                    "distinct names",
                    "k (count of goals)",
                    "distinct k",
                    "anchor percentile p50 / p90 / max",
                ],
                rows,
            ),
            "",
            f"Distinct names over all splits: {len(set(all_names))} of {len(all_names)} personas "
            f"({100 * len(set(all_names)) / max(len(all_names), 1):.0f} %).",
            "",
            (
                f"Goal -> personas warm (population loaded, run not cached), {len(seconds)} goals: median "
                f"{1000 * statistics.median(seconds):.0f} ms, max {1000 * max(seconds):.0f} ms "
                "(target < 300 ms; `bench_goal_latency.py` is the quiet measurement)."
                if seconds
                else ""
            ),
        ]
    )
    write_section("persona_truth", md)


if __name__ == "__main__":
    main()
