"""`make bench`: run every benchmark, compare its key figures with the recorded ones, record the run.

Usage::

    python benchmarks/run_all.py                 # every benchmark in ORDER
    python benchmarks/run_all.py goals chat      # some of them (docs/benchmarks.md left alone)
    python benchmarks/run_all.py --compare .bench   # compare a finished run again, run nothing
    python benchmarks/run_all.py --record        # ... and make this run's figures the recorded ones
    python benchmarks/run_all.py --compare .bench --record-only "leads: 1M k=4 CLI, peak"
                                                 # re-record named figures of a finished run

Each benchmark writes its Markdown section to ``.bench/sections/NAME.md`` and its key figures to
``.bench/results/NAME.json`` (``_harness.write_section``). This script records every benchmark's
exit status, duration and load average (``.bench/results/_run.json``), prints the "recorded vs
now" table (``compare.py`` has the rules) and assembles the run's sections into
``.bench/report.md``. A whole run also rewrites the generated block of ``docs/benchmarks.md``
(between the ``make-bench`` markers); the hand-written sections below it are history and are
never touched. ``--record`` copies the run's figures into ``benchmarks/recorded.json``: quality
figures always (you reviewed them), speed and memory figures only when they improved or the
machine was quiet. The exit status is non-zero when a benchmark failed or a quality figure got
worse or went missing; slower timings are flagged, with their load average, but do not fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PY, ROOT, WORK, machine
from compare import (
    QUIET_LOAD,
    Row,
    Spec,
    compare,
    load_per_core,
    load_specs,
    read_results,
    render,
    results_from_sections,
    save_specs,
)

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
# Sections a benchmark writes when their names differ from the benchmark's.
SECTIONS = {"event_logs_heldout": ["event_logs_heldout3"]}
# Headings for sections that do not start with their own.
TITLES = {"api": "## REST API: cluster generation and chat (issue 3)"}
LONG_S = 600  # a benchmark over 10 minutes needs a quick default with the long form behind a flag
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- make-bench:start -->", "<!-- make-bench:end -->"


def run(names: list[str]) -> list[dict[str, object]]:
    """Run the benchmarks ``names`` one by one; their exit status, seconds and load per core."""
    runs = []
    for name in names:
        script = ROOT / "benchmarks" / f"bench_{name}.py"
        for section in SECTIONS.get(name, [name]):  # a failed benchmark must not leave an old run's figures
            (WORK / "sections" / f"{section}.md").unlink(missing_ok=True)
            (WORK / "results" / f"{section}.json").unlink(missing_ok=True)
        print(f"\n=== {script.name} ===", flush=True)
        load_before = load_per_core()
        t0 = time.perf_counter()
        code = subprocess.run([PY, str(script)]).returncode
        seconds = time.perf_counter() - t0
        runs.append(
            {
                "bench": name,
                "exit": code,
                "seconds": round(seconds, 1),
                "load_per_core": [load_before, load_per_core()],
            }
        )
    return runs


def sections_of(names: list[str]) -> list[str]:
    return [s for n in names for s in SECTIONS.get(n, [n])]


def assemble_report(names: list[str]) -> Path:
    """All sections of the run in ORDER, as ``.bench/report.md`` (not committed)."""
    parts = [f"# `make bench` run of {dt.date.today().isoformat()} on {machine()}", ""]
    for section in sections_of(names):
        path = WORK / "sections" / f"{section}.md"
        if path.exists():
            text = path.read_text().rstrip()
            if not text.startswith("#"):
                text = f"{TITLES.get(section, '## ' + section)}\n\n{text}"
            parts += [text, ""]
    out = WORK / "report.md"
    out.write_text("\n".join(parts))
    return out


def run_table(runs: list[dict[str, object]], cores: int) -> str:
    lines = ["| benchmark | exit | minutes | load average (start / end) |", "|---|---|---|---|"]
    for r in runs:
        loads = r.get("load_per_core") or [None, None]
        shown = " / ".join("-" if x is None else f"{float(x) * cores:.1f}" for x in loads)  # type: ignore[union-attr]
        seconds = float(r["seconds"]) if r.get("seconds") is not None else float("nan")  # type: ignore[arg-type]
        long = " (over 10 min)" if seconds > LONG_S else ""
        status = "ok" if r["exit"] == 0 else f"FAILED ({r['exit']})"
        if r.get("again"):
            status += f" (re-run {r['again']})"
        minutes = "-" if seconds != seconds else f"{seconds / 60:.1f}"
        if r.get("note"):
            status += f": {r['note']}"
        lines.append(f"| {r['bench']} | {status} | {minutes}{long} | {shown} |")
    return "\n".join(lines)


def write_doc(block: str) -> None:
    """Put ``block`` between the markers of docs/benchmarks.md; everything else stays as written."""
    text = DOC.read_text()
    generated = f"{START}\n{block.rstrip()}\n{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + generated + tail
    else:  # first time: after the title line
        title, _, body = text.partition("\n")
        text = f"{title}\n\n{generated}\n{body}"
    DOC.write_text(text)


def record(specs: list[Spec], rows: list[Row], only: list[str] | None = None) -> int:
    """Copy the run's figures into the specs (see the module docstring); how many changed.

    ``only``: just these figures (``"bench: name"``, or ``"bench"`` for all of one benchmark),
    whatever their status: a figure understood to be a new baseline (a feature's cost) is
    re-recorded without blessing the run's other changes.
    """
    changed = 0
    for spec, row in zip(specs, rows, strict=True):
        if row.now is None or row.now == spec.recorded:
            continue
        if only is not None:
            if spec.bench in only or f"{spec.bench}: {spec.name}" in only:
                spec.recorded = row.now
                changed += 1
            continue
        quiet = row.load is None or row.load < QUIET_LOAD
        if spec.kind == "quality" or row.status in ("faster", "smaller", "new") or quiet:
            spec.recorded = row.now
            changed += 1
    return changed


def unknown_figures(specs: list[Spec], only: list[str]) -> list[str]:
    """The names in ``only`` that are neither a benchmark nor a ``"bench: name"`` figure."""
    known = {s.bench for s in specs} | {f"{s.bench}: {s.name}" for s in specs}
    return [name for name in only if name not in known]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all, in ORDER)")
    parser.add_argument(
        "--compare", type=Path, help="compare the finished run in this .bench folder; run nothing"
    )
    parser.add_argument(
        "--load", type=float, help="with --compare of a run without results: its load average"
    )
    parser.add_argument("--record", action="store_true", help="make this run's figures the recorded ones")
    parser.add_argument(
        "--record-only",
        action="append",
        metavar="FIGURE",
        help="record only this figure ('bench: name' as in the table, or a benchmark's name), whatever "
        "its status (repeatable; implies --record)",
    )
    parser.add_argument("--no-doc", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in ORDER]
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; choose from {', '.join(ORDER)}")
    names = args.names or ORDER
    cores = os.cpu_count() or 1
    specs = load_specs()
    if args.record_only and unknown_figures(specs, args.record_only):
        parser.error(
            f"unknown figure(s) {unknown_figures(specs, args.record_only)}; "
            "give 'bench: name' as in the recorded vs now table"
        )
    work = args.compare.resolve() if args.compare else WORK
    if args.compare:
        run_file = work / "results" / "_run.json"
        runs = json.loads(run_file.read_text())["runs"] if run_file.exists() else []
        started = json.loads(run_file.read_text()).get("started", "") if run_file.exists() else ""
        if not started and (work / "sections").is_dir():  # a run without _run.json: its first section
            first = min(p.stat().st_mtime for p in (work / "sections").glob("*.md"))
            started = dt.datetime.fromtimestamp(first, dt.UTC).strftime("first section %Y-%m-%d %H:%M UTC")
    else:
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        runs = run(names)
        (WORK / "results").mkdir(parents=True, exist_ok=True)
        run_file = WORK / "results" / "_run.json"
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        commit = head.stdout.strip()
        if args.names and run_file.exists():  # a partial run re-runs some benchmarks of the last whole run
            last = json.loads(run_file.read_text())
            again = {str(r["bench"]): {**r, "again": f"{started}, {commit}"} for r in runs}
            runs = [again.pop(str(r["bench"]), r) for r in last["runs"]] + list(again.values())
            started, commit = last.get("started", started), last.get("commit", commit)
        body = {"started": started, "commit": commit, "runs": runs}
        run_file.write_text(json.dumps(body, indent=1))
        print(f"\nwrote {assemble_report(names)}")
    # figures from the result files, and from the sections of benchmarks that wrote none (older runs)
    results = results_from_sections(work / "sections", specs) if (work / "sections").is_dir() else {}
    loads: dict[str, float] = {}
    if (work / "results").is_dir():
        saved, loads = read_results(work / "results")
        results.update(saved)
    if args.load is not None:  # a run that recorded no load average (older runs)
        loads = {b: loads.get(b, args.load / cores) for b in results}
    wanted = set(sections_of(names))
    specs = [s for s in specs if s.bench in wanted]
    rows = compare(specs, results, loads)
    table = render(rows, cores)
    print("\nRecorded vs now (✗ = regression; timings are labelled with the load average they ran under):\n")
    print(table)
    failed = [str(r["bench"]) for r in runs if r["exit"] != 0]
    worse = [f"{r.bench}: {r.name}" for r in rows if r.regression and r.kind == "quality"]
    slower = [f"{r.bench}: {r.name}" for r in rows if r.regression and r.kind != "quality"]
    git = subprocess.run(
        ["git", "-C", str(work.parent), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    run_file = work / "results" / "_run.json"
    recorded_commit = json.loads(run_file.read_text()).get("commit") if run_file.exists() else None
    commit = recorded_commit or git.stdout.strip() or "?"
    if not args.names and not args.no_doc:
        block = [
            "## Last `make bench` run (generated)",
            "",
            f"Run {started or '(time not recorded)'} on {machine()}, commit {commit}, "
            "by `benchmarks/run_all.py`. The figures are read from each benchmark's section "
            "(`.bench/report.md` holds the whole run); what they are and how they are compared: "
            "`benchmarks/recorded.json` and `benchmarks/compare.py`.",
            "",
        ]
        if runs:
            block += [run_table(runs, cores), ""]
        block += [table, ""]
        if failed or worse or slower:
            block.append(
                f"Failed: {', '.join(failed) or 'none'}. Quality worse or missing: {len(worse)}. "
                f"Timings beyond tolerance: {len(slower)}."
            )
        write_doc("\n".join(block))
        print(f"\nwrote the generated block of {DOC}")
    if args.record or args.record_only:
        all_specs = load_specs()
        by_key = {(s.bench, s.name): s for s in specs}
        changed = record(specs, rows, args.record_only)
        merged = [by_key.get((s.bench, s.name), s) for s in all_specs]
        save_specs(merged, recorded_at=started, machine=machine())
        print(f"recorded {changed} figure(s) in benchmarks/recorded.json")
    if failed:
        print(f"\nbenchmarks failed: {', '.join(failed)}")
    if worse:
        print(f"quality figures worse or missing: {'; '.join(worse)}")
    return 1 if failed or worse else 0


if __name__ == "__main__":
    raise SystemExit(main())
