"""`make bench`: run every benchmark and assemble docs/benchmarks.md with date and machine."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PY, ROOT, WORK, machine

ORDER = [
    "population",
    "goals",
    "core",
    "scale",
    "clickstream",
    "segments",
    "goal_latency",
    "persona_truth",
    "persona_truth_workflows",
    "leads",
    "tables_roles",
    "trust",
    "simulation",
    "sequence_clustering",
    "public_logs",
    "event_logs_heldout",
    "event_columns",
    "behaviour",
    "chat",
    "api",
    "scenarios",
]
# Headings for sections that do not start with their own.
TITLES = {"api": "## REST API: cluster generation and chat (issue 3)"}


def main() -> None:
    only = sys.argv[1:]  # names of benchmarks to run; "none" only re-assembles the report
    failed = []
    for name in ORDER:
        if only and name not in only:
            continue
        script = ROOT / "benchmarks" / f"bench_{name}.py"
        if not script.exists():
            continue
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.run([PY, str(script)]).returncode != 0:
            failed.append(name)
    sections = WORK / "sections"
    parts = [
        "# Benchmarks",
        "",
        f"Recorded {dt.date.today().isoformat()} on {machine()} by `make bench` "
        "(each figure side by side in one run with the yardsticks in `../shared/baselines/`, "
        "inputs from `../shared/data/`).",
        "",
    ]
    for name in ORDER:
        path = sections / f"{name}.md"
        if path.exists():
            text = path.read_text().rstrip()
            if not text.startswith("#"):
                text = f"{TITLES.get(name, '## ' + name)}\n\n{text}"
            parts += [text, ""]
    out = ROOT / "docs" / "benchmarks.md"
    out.write_text("\n".join(parts))
    print(f"\nwrote {out}")
    if failed:
        raise SystemExit(f"benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
