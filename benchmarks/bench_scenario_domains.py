"""Benchmark: a scenario's domain family and detail categories on scenarios in new wordings (issue 16).

``benchmarks/data/scenario_domains.yaml`` holds short scenarios written in session 11 in settings
and wordings not in the repo (English, Hinglish, Hindi and Marathi in Devanagari), each with the
gold domain family (or ``general`` when none fits) and the categories a careful designer would
pick. Through the offline path a trainer takes (free text -> understood template and facts ->
persona), this reports per language and in all:

- domain accuracy: the extracted ``facts.domain`` equals the gold family;
- category precision / recall of the persona's ``detail_categories_included``.

``--split seen`` runs the same measures on every split of ``scenario_eval.yaml`` that is not
held out (``bench_scenarios.HELD_OUT``). Per-scenario detail (``--detail``) is refused for the
held-out splits.

Usage: ``.venv/bin/python benchmarks/bench_scenario_domains.py [--split heldout_dom1|seen] [--seeds N]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import ROOT

DATA = ROOT / "benchmarks" / "data" / "scenario_domains.yaml"
EVAL = ROOT / "benchmarks" / "data" / "scenario_eval.yaml"
# heldout_dom1: written in session 11 before any code ran on it, measured once at its end.
# heldout_dom2: written in session 12 (roleplay12) before any code ran on it.
HELD_OUT = ("heldout_dom1", "heldout_dom2")


def _scenarios(split: str) -> list[dict[str, Any]]:
    if split in HELD_OUT:
        return [s for s in yaml.safe_load(DATA.read_text("utf-8"))["scenarios"] if s["split"] == split]
    from bench_scenarios import HELD_OUT as EVAL_HELD_OUT

    rows = yaml.safe_load(EVAL.read_text("utf-8"))["scenarios"]
    return [{**s, "lang": "eval"} for s in rows if s["split"] not in EVAL_HELD_OUT]


def run(split: str, seeds: int, detail: bool) -> dict[str, Any]:
    from synthpersona.usecases import scenarios as uc

    t0 = time.perf_counter()
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    details = []
    for sc in _scenarios(split):
        understood = asyncio.run(uc.understand_text(sc["text"], engine="offline"))
        gold = set(sc["categories"])
        for key in (sc["lang"], "all"):
            stats[key]["n"] += 1
            stats[key]["domain_ok"] += understood.facts.domain == sc["domain"]
        for seed in range(seeds):
            result = uc.generate_prompt(
                understood.template,
                "assess_mode",
                facts=understood.facts,
                random_state=seed,
                engine="offline",
            )
            chosen = set(result.persona.detail_categories_included)
            for key in (sc["lang"], "all"):
                stats[key]["tp"] += len(chosen & gold)
                stats[key]["fp"] += len(chosen - gold)
                stats[key]["fn"] += len(gold - chosen)
            if detail and seed == 0:
                details.append(
                    f"{sc['id']}: domain {understood.facts.domain} (gold {sc['domain']}); "
                    f"extra {sorted(chosen - gold)}; missing {sorted(gold - chosen)}"
                )
    out: dict[str, Any] = {"split": split, "seeds": seeds, "seconds": round(time.perf_counter() - t0, 1)}
    for key, s in stats.items():
        tp, fp, fn = s["tp"], s["fp"], s["fn"]
        out[key] = {
            "n": s["n"],
            "domain_accuracy": round(s["domain_ok"] / s["n"], 3),
            "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    if detail:
        out["details"] = details
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="heldout_dom1", help="heldout_dom1 (held out) or seen")
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--detail", action="store_true", help="per-scenario lines (refused for held-out splits)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.split not in (*HELD_OUT, "seen"):
        ap.error(f"--split must be one of {', '.join((*HELD_OUT, 'seen'))}, not {args.split!r}")
    if args.detail and args.split in HELD_OUT:
        ap.error(f"--detail is refused for the held-out split {args.split!r}: report it as a whole")
    out = run(args.split, args.seeds, args.detail)
    if args.json:
        print(json.dumps(out, indent=1, ensure_ascii=False))
        return
    print(f"split {out['split']}, {out['seeds']} seed(s), {out['seconds']} s")
    for key, s in out.items():
        if isinstance(s, dict):
            print(
                f"  {key:9s} n={s['n']:3d}  domain {s['domain_accuracy']:.3f}  "
                f"category P {s['precision']:.3f}  R {s['recall']:.3f}"
            )
    for line in out.get("details", []):
        print("   ", line)


if __name__ == "__main__":
    main()
