"""Benchmark: role-play personas for scenarios nobody wrote a template for (issue 16).

On the evaluation set ``benchmarks/data/scenario_eval.yaml`` (free-text scenarios written
for this project across sales, service, HR, healthcare, banking, insurance, education and
the public sector; a held-out split never tuned on), runs the offline pipeline a trainer
uses -- free text -> drafted template (+ extracted facts) -> persona -> system prompt --
over 5 seeds per scenario and reports:

- counterpart: the persona is the person the learner talks to, never the learner;
- category precision / recall against the categories a careful designer picked;
- fact agreement: extracted facts equal the facts the scenario states;
- fact contradictions: persona details contradicting the stated facts (library checker,
  run with the *gold* facts, not the extracted ones);
- cross-domain leaks: words of another domain in persona or prompt (this benchmark's
  own marker list, independent of the library's);
- untraced facts: amounts, places, occupations and trades, dated events, durations, ages,
  relatives, languages and channels the persona states that neither the scenario nor a
  domain-neutral default (the income draw, a drawn family when the scenario names none, the
  state's language) gives (``trace_persona``);
- prompt lint issues (broken templates, missing articles, unfilled slots).

Usage: ``.venv/bin/python benchmarks/bench_scenarios.py [--quick]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import ROOT, machine, table, write_section

EVAL = ROOT / "benchmarks" / "data" / "scenario_eval.yaml"
SEEDS = (0, 1, 2, 3, 4)
# tune: developed on; heldout: never tuned on (session 1); heldout2: written in session 2;
# heldout3: written in session 3 before any of it was run
# before that session's changes and never inspected per scenario (session 4 inspected
# heldout2's contradictions and heldout3's leaks: both are "seen" since); heldout4: written in
# session 4 before any of it was run; session 5 opened its failures (seen since, tuned on);
# heldout5: written in session 5 before any of it was run; session 6 opened its failures (seen
# since); heldout6: written in session 6 before heldout5 was opened, run once at the end of
# session 6 (session 7 opened its failures: seen since); heldout7: written in session 7 before
# heldout6 was opened, run once at the end of session 7 (session 8 opened its failures: seen
# since); heldout8: written in session 8 before any of it was run, measured once before and
# once after that session's changes (session 9 opened its failures: seen since); heldout9:
# written in session 9 before any of it was run, measured once before and once after that
# session's changes (session 10 opened its failures: seen since); heldout10: written in
# session 10 before any of it was run, measured once at the end of that session (session 11
# opened its failures: seen since); heldout11: written in session 11 before any of it was run
# (scenario-level ``jobs`` are the stated occupations of the persona and its relatives; session 12
# opened its failures: seen since); heldout12: written in session 12 before any of it was run (session 13
# opened its failures: seen since); heldout13: written in session 13 before any of it was run, but the
# same engineer's facts commit (a21650d) then used words only heldout13 holds ("sahayika", "lived and
# worked", दरभंगा), so it counts as seen from that commit (review13, finding 5). Only
# aggregate figures are printed for any split but "tune"; per-scenario detail (--detail) is
# refused for the held-out split(s) in HELD_OUT.
SPLITS = (
    "tune",
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
    "heldout11",
    "heldout12",
    "heldout13",
)
HELD_OUT: tuple[str, ...] = ()  # no untouched scenario split: the next one is written by someone else

# Words that belong to one group of domains; seen elsewhere (and not in the scenario's
# own text) they are details borrowed from another domain.
FOREIGN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "clinical": (
        (r"\bpatients?\b", r"\bOPD\b", r"\bprescri", r"\bCMEs?\b", r"\bmedical reps?\b", r"\blabour room\b"),
        ("healthcare",),
    ),
    "pregnancy": ((r"\bpregnan", r"\bantenatal\b", r"\bdelivery package\b"), ("healthcare",)),
    "warranty": ((r"\bwarranty\b", r"\bproduct failed\b", r"\bdefective\b"), ("service", "sales")),
    "harassment": (
        (
            r"\bharass(?!ment or abusive)",
            r"\bapology from the colleague\b",
            r"\bInternal Committee\b",
            r"\bmicroaggression",
        ),
        ("hr",),
    ),
    "b2b": ((r"\bpayment within 30 days\b", r"\bvolume of business\b", r"\bvendor\b"), ("sales",)),
    "automotive": ((r"\btest drive\b", r"\bshowroom\b"), ("sales",)),
}


def _foreign(text: str, domain: str, scenario: str) -> list[str]:
    hits = []
    for group, (markers, home) in FOREIGN.items():
        if domain in home:
            continue
        for m in markers:
            if re.search(m, scenario, re.I):
                continue
            found = re.search(m, text, re.I)
            if found:
                hits.append(f"{group}:{found.group(0)}")
    return hits


def _pipeline(text: str, seed: int) -> dict[str, Any]:
    """The offline path a trainer takes: draft (+ facts) -> persona -> prompt."""
    import asyncio

    from synthpersona.usecases import scenarios as uc

    if hasattr(uc, "understand_text"):
        understood = asyncio.run(uc.understand_text(text, engine="offline"))
        result = uc.generate_prompt(
            understood.template, "assess_mode", facts=understood.facts, random_state=seed, engine="offline"
        )
        return {"template": understood.template, "facts": understood.facts, "result": result}
    tpl = asyncio.run(uc.draft_template_from_text(text, engine="offline"))
    result = uc.generate_prompt(tpl, "assess_mode", random_state=seed, engine="offline")
    return {"template": tpl, "facts": None, "result": result}


def _fact_agreement(gold: dict[str, Any], facts: Any) -> tuple[int, int, list[str]]:
    if facts is None:
        return 0, 0, []
    ok = 0
    wrong = []
    for key, want in gold.items():
        got = getattr(facts, key, None)
        if isinstance(want, list):
            good = all(any(str(w).lower() in str(g).lower() for g in got or []) for w in want)
        else:
            good = got == want
        ok += good
        if not good:
            wrong.append(f"{key}={got!r}")
    return ok, len(gold), wrong


def _lint(prompt: str, facts: Any) -> list[str]:
    try:
        from synthpersona.scenarios import lint_prompt
    except ImportError:
        return _basic_lint(prompt)
    return [i.message for i in lint_prompt(prompt, facts)]


def _basic_lint(prompt: str) -> list[str]:
    issues = []
    for rx in (
        r"\{\{|\}\}|\{[a-z_]+\}",
        r"\bWhen it comes to your\b",
        r"\bNone\b",
        r"\bis (?!a\b|an\b|the\b)[a-z]+ consultant\b",
    ):
        m = re.search(rx, prompt)
        if m:
            issues.append(m.group(0))
    return issues


def run(quick: bool, split: str | None = None, detail: bool = False) -> dict[str, Any]:
    from synthpersona.scenarios import ScenarioFacts
    from synthpersona.scenarios._consistency import check_persona

    data = yaml.safe_load(EVAL.read_text())["scenarios"]
    seeds = SEEDS[:2] if quick else SEEDS
    stats: dict[str, dict[str, Any]] = {}
    examples: dict[str, list[str]] = {}
    details: list[str] = []
    t0 = time.perf_counter()
    for sc in data:
        if split and sc["split"] != split:
            continue
        s = stats.setdefault(
            sc["split"],
            {
                "n": 0,
                "runs": 0,
                "cp": 0,
                "tp": 0,
                "fp": 0,
                "fn": 0,
                "facts_ok": 0,
                "facts_n": 0,
                "contradictions": 0,
                "runs_with_contra": 0,
                "leaks": 0,
                "runs_with_leak": 0,
                "lint": 0,
                "untraced": 0,
                "errors": 0,
            },
        )
        s["n"] += 1
        gold_facts = ScenarioFacts(domain=sc["domain"], **sc["facts"])
        jobs = dict(sc.get("jobs") or {})  # stated occupations: the persona's ("self") and relatives'
        if jobs and "family_jobs" in ScenarioFacts.model_fields:
            gold_facts = gold_facts.model_copy(
                update={
                    "occupation": gold_facts.occupation or jobs.pop("self", None),
                    "family_jobs": [f"{who}: {job}" for who, job in jobs.items() if who != "self"],
                }
            )
        gold_cats = set(sc["categories"])
        for i, seed in enumerate(seeds):
            s["runs"] += 1
            try:
                out = _pipeline(sc["text"], seed)
            except Exception as exc:  # a failed run counts against every measure
                s["errors"] += 1
                s["fn"] += len(gold_cats)
                if sc["split"] == "tune":  # held-out failures are counted, not shown
                    failure = f"{sc['id']}: {type(exc).__name__}: {str(exc)[:80]}"
                    examples.setdefault("errors", []).append(failure)
                continue
            persona, prompt = out["result"].persona, out["result"].system_prompt
            who = f"{persona.role} {persona.name}"
            cp = bool(re.search(sc["counterpart"], who, re.I)) and not re.search(
                sc["learner"], persona.role, re.I
            )
            s["cp"] += cp
            if not cp and sc["split"] == "tune":  # held-out failures are counted, not shown
                examples.setdefault("tune", []).append(f"{sc['id']}: persona role {persona.role!r}")
            chosen = set(persona.detail_categories_included)
            s["tp"] += len(chosen & gold_cats)
            s["fp"] += len(chosen - gold_cats)
            s["fn"] += len(gold_cats - chosen)
            if i == 0:
                ok, n, _ = _fact_agreement(sc["facts"], out["facts"])
                s["facts_ok"] += ok
                s["facts_n"] += n
            found_all = check_persona(persona, gold_facts, prompt=prompt, scenario=sc["text"])
            untraced = [c for c in found_all if c.kind.startswith("untraced")]
            s["untraced"] += len(untraced)
            contra = [c for c in found_all if c.kind != "domain_leak" and not c.kind.startswith("untraced")]
            s["contradictions"] += len(contra)
            kinds = s.setdefault("contradiction_kinds", {})
            for c in contra:  # an aggregate by kind, shown for every split
                kinds[c.kind] = kinds.get(c.kind, 0) + 1
            s["runs_with_contra"] += bool(contra)
            if contra and sc["split"] == "tune":
                examples.setdefault("contradictions", []).append(f"{sc['id']}@{seed}: {contra[0].message}")
            blob = json.dumps(persona.model_dump(mode="json"), ensure_ascii=False) + prompt
            found = _foreign(blob, sc["domain"], sc["text"])
            s["leaks"] += len(found)
            s["runs_with_leak"] += bool(found)
            if found and sc["split"] == "tune":
                examples.setdefault("leaks", []).append(f"{sc['id']}@{seed}: {', '.join(found[:3])}")
            s["lint"] += len(_lint(prompt, out["facts"] or gold_facts))
            if detail and sc["split"] not in HELD_OUT:
                details += _detail(sc, seed, persona, cp, chosen, gold_cats, found_all, found, i, out)
    return {
        "stats": stats,
        "examples": examples,
        "details": details,
        "seconds": time.perf_counter() - t0,
        "seeds": len(seeds),
    }


def _detail(
    sc: dict[str, Any],
    seed: int,
    persona: Any,
    cp: bool,
    chosen: set[str],
    gold_cats: set[str],
    checks: list[Any],
    leaks: list[str],
    run_index: int,
    out: dict[str, Any],
) -> list[str]:
    """One line per failure of a run on a seen split (development only; never held-out)."""
    tag = f"{sc['id']}@{seed}"
    lines = []
    if not cp:
        lines.append(f"{tag} COUNTERPART role={persona.role!r} name={persona.name!r}")
    if run_index == 0:
        if chosen - gold_cats or gold_cats - chosen:
            lines.append(
                f"{tag} CATEGORIES extra={sorted(chosen - gold_cats)} missing={sorted(gold_cats - chosen)}"
            )
        _, _, wrong = _fact_agreement(sc["facts"], out["facts"])
        if wrong:
            lines.append(f"{tag} FACTS {'; '.join(wrong)}")
    lines += [f"{tag} {c.kind.upper()} {c.message}" for c in checks]
    lines += [f"{tag} LEAK {x}" for x in leaks]
    return lines


def _row(split: str, s: dict[str, Any]) -> list[object]:
    prec = s["tp"] / max(1, s["tp"] + s["fp"])
    rec = s["tp"] / max(1, s["tp"] + s["fn"])
    facts = f"{s['facts_ok'] / s['facts_n']:.2f}" if s["facts_n"] else "n/a"
    return [
        split,
        s["n"],
        s["runs"],
        f"{s['cp'] / s['runs']:.2f}",
        f"{prec:.2f}",
        f"{rec:.2f}",
        facts,
        f"{s['contradictions']} ({s['runs_with_contra']} runs)",
        f"{s['leaks']} ({s['runs_with_leak']} runs)",
        s.get("untraced", "n/a"),
        s["lint"],
        s["errors"],
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true", help="print raw figures as JSON")
    ap.add_argument("--split", choices=list(SPLITS), help="run one split only (development)")
    ap.add_argument(
        "--detail",
        action="store_true",
        help="print each failure of a seen split (refused for held-out)",
    )
    args = ap.parse_args()
    if args.detail and args.split in HELD_OUT:
        ap.error(f"--detail is refused for the held-out split {args.split!r}: only aggregates are looked at")
    res = run(args.quick, args.split, detail=args.detail)
    if args.detail:
        print("\n".join(res["details"]))
    if args.json:
        print(json.dumps(res, indent=1))
        return
    headers = [
        "split",
        "scenarios",
        "runs",
        "counterpart",
        "cat. precision",
        "cat. recall",
        "fact agreement",
        "contradictions",
        "cross-domain leaks",
        "untraced facts",
        "prompt lint",
        "failed runs",
    ]
    rows = [_row(split, res["stats"][split]) for split in SPLITS if split in res["stats"]]
    lines = [
        "## Role-play personas for unseen scenarios (issue 16)",
        "",
        f"{dt.date.today().isoformat()}, {machine()}. Offline engine, free text -> draft + facts -> "
        f"persona -> prompt, {res['seeds']} seeds per scenario, {res['seconds']:.0f} s in all. "
        "Targets: counterpart 1.00, precision >= 0.80, recall >= 0.70, zero contradictions, zero leaks.",
        "",
        table(headers, rows),
    ]
    for key in ("errors", "contradictions", "leaks", "tune"):
        if res["examples"].get(key):
            lines += ["", f"Examples ({key}, tuning split): " + "; ".join(res["examples"][key][:6])]
    write_section("scenarios", "\n".join(lines))


if __name__ == "__main__":
    main()
