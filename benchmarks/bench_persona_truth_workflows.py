"""Benchmark: are table (leads) and clickstream personas true to their data? (issue 12)

Generates planted leads tables and planted clickstream logs (``tests/support/planted``,
a ``tuning`` split used while choosing the word rules and a ``heldout`` split of other
k, separations, sizes and seeds, never tuned on), runs the table workflow
(``tables.analyze_table``, k fixed and automatic) and the clickstream personas
(``cluster_event_sequences`` + ``profile_behavioural_personas``), and counts what
``synthpersona verify`` reports, per split:

- contradictions: name / narrative words the recomputed statistics contradict
  (true twice: level and contrast, see ``personas/rules.py``);
- unbacked words: rule words shown without an evidence record behind them;
- number mismatches: figures that do not recompute.

``--before SRC`` runs the persona code of another source tree (e.g. an export of main
before this work) with this tree's verifiers, for the before -> after figures.

Usage: ``.venv/bin/python benchmarks/bench_persona_truth_workflows.py [--quick] [--before SRC]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

# (k, separation, rows or users, random_state); k=None: automatic k
TABLES = {
    "tuning": [
        (3, 0.8, 3000, 1),
        (4, 0.7, 3000, 2),
        (5, 0.9, 4000, 3),
        (None, 0.8, 3000, 4),
        (6, 0.6, 3000, 5),
    ],
    "heldout": [
        (3, 0.6, 5000, 101),
        (4, 0.9, 2000, 102),
        (5, 0.7, 6000, 103),
        (None, 0.7, 4000, 104),
        (7, 0.8, 5000, 105),
    ],
}
# leads-shaped tables (seniority, industry, lead source...; tests/tables/_data): (k, rows, seed)
LEADS = {
    "tuning": [(4, 1500, 11), (None, 2000, 12)],
    "heldout": [(3, 2500, 111), (5, 1800, 112), (None, 3000, 113)],
}
CLICKS = {
    "tuning": [(3, 3.0, 1500, 1), (4, 2.0, 1500, 2), (5, 3.0, 2000, 3), (None, 2.5, 1500, 4)],
    "heldout": [(3, 2.0, 2500, 201), (4, 3.5, 1200, 202), (6, 2.5, 2000, 203), (None, 3.0, 1800, 204)],
}
ROLES = {"completion_events": ["signup_complete"], "drop_events": ["drop_off"]}


def _count(found: list[Any]) -> dict[str, int]:
    words = [m for m in found if m.kind == "word"]
    unbacked = [m for m in words if "no evidence" in m.expected]
    return {
        "contradictions": len(words) - len(unbacked),
        "unbacked": len(unbacked),
        "numbers": len(found) - len(words),
    }


def _tables(split: str, quick: bool) -> list[dict[str, Any]]:
    import pandas as pd  # noqa: F401  (the table stack)

    from support.planted import planted_table
    from synthpersona.tables import analyze_table
    from synthpersona.tables._verify import verify_table_personas
    from synthpersona.views import seed003
    from tables._data import make_leads

    out = []
    for k, sep, n, seed in TABLES[split][:: 2 if quick else 1]:
        df, _ = planted_table(k or 4, n=n, separation=sep, random_state=seed)
        res = analyze_table(df, k="auto" if k is None else k, random_state=seed)
        entries = seed003.personas(res.segments, res.personas)
        found = verify_table_personas(entries, res.labels, res.prepared, res.outcome, res.titles)
        out.append(_row(res.k, [e["persona_name"] for e in entries], found))
    for k, n, seed in LEADS[split][:: 2 if quick else 1]:
        res = analyze_table(make_leads(n, seed=seed, messy=True), k=k or "auto", exclude=["_segment"])
        entries = seed003.personas(res.segments, res.personas)
        found = verify_table_personas(entries, res.labels, res.prepared, res.outcome, res.titles)
        out.append(_row(res.k, [e["persona_name"] for e in entries], found))
    return out


def _row(k: int, names: list[str], found: list[Any]) -> dict[str, Any]:
    return {"k": k, "names": names, **_count(found), "examples": [m.line() for m in found[:3]]}


def _clicks(split: str, quick: bool) -> list[dict[str, Any]]:
    from support.planted import planted_events
    from synthpersona.simulation import (
        attach_clusters,
        cluster_event_sequences,
        load_event_log,
        profile_behavioural_personas,
    )
    from synthpersona.simulation._verify import verify_behaviour
    from synthpersona.views import seed002

    out = []
    for k, sep, users, seed in CLICKS[split][:: 2 if quick else 1]:
        raw, _ = planted_events(k or 4, users=users, separation=sep, random_state=seed)
        log = load_event_log(raw)
        seg = attach_clusters(log, cluster_event_sequences(log, k=k, random_state=seed))
        segments, personas = profile_behavioural_personas(seg, **ROLES)
        records = [seed002.persona_record(s, p) for s, p in zip(segments, personas, strict=True)]
        found = verify_behaviour(seg, records, **ROLES)
        out.append(_row(len(records), [r["name"] for r in records], found))
    return out


def measure(quick: bool) -> dict[str, Any]:
    """Figures of this interpreter's ``synthpersona`` (the tree on ``sys.path``)."""
    result: dict[str, Any] = {}
    for split in ("tuning", "heldout"):
        result[f"tables/{split}"] = _tables(split, quick)
        result[f"clickstream/{split}"] = _clicks(split, quick)
    return result


def _totals(runs: list[dict[str, Any]]) -> dict[str, int]:
    return {key: sum(r[key] for r in runs) for key in ("contradictions", "unbacked", "numbers")} | {
        "runs": len(runs),
        "personas": sum(len(r["names"]) for r in runs),
    }


def _before(src: Path, quick: bool) -> dict[str, Any]:
    """Run :func:`measure` with ``src``'s persona code and this tree's verifiers (copied in)."""
    here = HERE.parent / "src" / "synthpersona"
    # tables/_analysis.py: main before this work plus the prepared columns the verifier reads
    for rel in ("personas/rules.py", "simulation/_verify.py", "tables/_verify.py", "tables/_analysis.py"):
        (src / "synthpersona" / rel).write_text((here / rel).read_text())
    init = src / "synthpersona" / "personas" / "__init__.py"
    if "rule_of" not in init.read_text():
        init.write_text(
            init.read_text() + "\nfrom synthpersona.personas.rules import RULES, WordRule, rule_of  # noqa\n"
        )
    code = (
        f"import json, sys; sys.path.insert(0, {str(HERE)!r}); import bench_persona_truth_workflows as b; "
        f"print(json.dumps(b.measure({quick!r})))"
    )
    env = {"PYTHONPATH": f"{src}", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=3600)
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    from _harness import machine, table, write_section

    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="every other config")
    ap.add_argument("--before", type=Path, help="src folder of the tree to compare with")
    ap.add_argument("--json", type=Path, help="write every run's figures here")
    args = ap.parse_args()
    t0 = time.perf_counter()
    after = measure(args.quick)
    wall = time.perf_counter() - t0
    before = _before(args.before, args.quick) if args.before else None
    if args.json:
        args.json.write_text(json.dumps({"after": after, "before": before}, indent=1, ensure_ascii=False))
    rows = []
    for key, runs in after.items():
        now = _totals(runs)
        then = _totals(before[key]) if before else None
        cells = [
            f"{then[f]} -> {now[f]}" if then else str(now[f])
            for f in ("contradictions", "unbacked", "numbers")
        ]
        rows.append([key, now["runs"], now["personas"], *cells])
    md = "\n".join(
        [
            "## Table and clickstream personas true to their data (issue 12)",
            "",
            "`benchmarks/bench_persona_truth_workflows.py`: planted leads tables and clickstream logs "
            "(tuning and held-out configs, k fixed and automatic), personas checked by `synthpersona "
            f"verify` (tables: `verify_table_personas`; clickstream: `verify_behaviour`); {wall:.0f} s on "
            f"{machine()}."
            + (
                " Before -> after: the persona code of main before this work, same verifiers."
                if before
                else ""
            ),
            "",
            table(
                [
                    "workflow/split",
                    "runs",
                    "personas",
                    "contradictions",
                    "unbacked words",
                    "number mismatches",
                ],
                rows,
            ),
        ]
    )
    write_section("persona_truth_workflows", md)


if __name__ == "__main__":
    main()
