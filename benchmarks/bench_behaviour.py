"""Benchmark: behaviour analytics (issue 17) on a 5,000,000-event log, side by side with Retentioneering.

Input: ``make_events.py --users 615000 --with-group`` (about 5.0M events; the same log as the
simulation benchmark), loaded once with ``load_event_log`` and cached as Parquet so each
child starts from the canonical frame. Every view runs in its own child process: the
time of the view alone (``time.perf_counter`` around the call, the frame already in
memory) and the child's peak RSS (loading included; the ``load`` row is the floor).

Retentioneering (PyPI, its own virtualenv in ``.bench/rete-venv``, telemetry off with
``RETENTIONEERING_NO_TRACK=1``; it does not pull torch) runs the same views on the same
frame: ``Eventstream`` construction, ``transition_graph_data`` and ``step_matrix_data``.
It has no retention/cohort view, which the output says. The first run creates that
virtualenv (``python -m venv .bench/rete-venv && .bench/rete-venv/bin/pip install
retentioneering==5.2.4``, so ``make bench`` runs the side-by-side wherever PyPI is reachable);
when it cannot be installed the comparison is skipped and the output says why.
``--no-install`` skips the installation.

    .venv/bin/python benchmarks/bench_behaviour.py [--quick]
    .venv/bin/python benchmarks/bench_behaviour.py --engine duckdb [--quick]   # the SQL twins

With ``--engine`` the views run in SQL over the Parquet log read in place
(``simulation.sql_analytics``, what ``behaviour.analyse(engine=)`` uses): seconds include
registering the log; the peak is the whole process (no pandas log is loaded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from pathlib import Path

from _harness import (
    DATA_GEN,
    PY,
    RETE_ENV,
    RETE_PY,
    WORK,
    ensure_file,
    machine,
    measure,
    retentioneering_missing,
    table,
    write_section,
)

MAKE_EVENTS = DATA_GEN / "make_events.py"
TARGET_S = 3.0
OURS = ("load", "graph", "graph_diff", "steps", "steps_back", "sankey", "retention", "compare", "paths")
THEIRS = ("load", "eventstream", "graph", "steps")


def _parquet(users: int, name: str) -> Path:
    csv = ensure_file(
        WORK / f"{name}.csv",
        [PY, str(MAKE_EVENTS), "--users", str(users), "--out", str(WORK / f"{name}.csv"), "--with-group"],
    )
    out = WORK / f"{name}.parquet"
    if not out.exists():
        code = (
            "import sys; from synthpersona.simulation import load_event_log; "
            "log = load_event_log(sys.argv[1]); log.attrs = {}; log.to_parquet(sys.argv[2])"
        )
        measure([PY, "-c", code, str(csv), str(out)])
    return out


# ---------------------------------------------------------------- child processes


def _child_ours(view: str, path: str) -> None:
    from synthpersona.allocation import reuse_freed_memory

    reuse_freed_memory()  # as the command line does at start
    import pandas as pd

    from synthpersona import analytics

    events = pd.read_parquet(path)
    calls = {
        "load": lambda: None,
        "graph": lambda: analytics.transition_graph(events),
        "graph_diff": lambda: analytics.transition_graph_difference(events, "_group", ("0", "1")),
        "steps": lambda: analytics.step_matrix(events, max_steps=10),
        "steps_back": lambda: analytics.step_matrix(events, max_steps=10, target="signup_complete"),
        "sankey": lambda: analytics.step_sankey(events, max_steps=6, group_by="_group"),
        "retention": lambda: analytics.retention_matrix(events, period="day"),
        "compare": lambda: analytics.compare_groups(events, "_group", "signup_complete", ("0", "1")),
        "paths": lambda: analytics.path_metrics(events, "signup_complete"),
    }
    t0, c0 = time.perf_counter(), time.process_time()
    result = calls[view]()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    size = None if result is None else len(getattr(result, "shares", result))
    print(json.dumps({"seconds": seconds, "cpu": cpu, "n_events": len(events), "rows": size}))


SQL_VIEWS = ("load", "graph", "graph_diff", "steps", "steps_back", "retention")


def _child_sql(view: str, path: str, engine: str) -> None:
    from synthpersona.simulation import sql_analytics as q
    from synthpersona.simulation.sql import open_event_log, session_summary

    t0, c0 = time.perf_counter(), time.process_time()
    log = open_event_log(path, engine)
    pair = ("converted", "not converted")
    calls = {
        "load": lambda: None,
        "graph": lambda: q.transition_graph_sql(log),
        "graph_diff": lambda: q.transition_graph_difference_sql(
            log, q.converted_groups_sql(log, ["signup_complete"]), pair
        ),
        "steps": lambda: q.step_matrix_sql(log, max_steps=10),
        "steps_back": lambda: q.step_matrix_sql(log, max_steps=10, target="signup_complete"),
        "retention": lambda: q.retention_matrix_sql(log, period="day"),
    }
    result = calls[view]()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    size = None if result is None else len(getattr(result, "shares", result))
    n = session_summary(log)["n_events"] if view == "load" else None
    print(json.dumps({"seconds": seconds, "cpu": cpu, "n_events": n, "rows": size}))


def _main_sql(engine: str, log: Path, users: int) -> None:
    load = os.getloadavg()[0]
    runs = {}
    for view in SQL_VIEWS:
        print(f"{engine}: {view} ...", flush=True)
        m = measure([PY, __file__, "--child", f"sql-{engine}", view, str(log)])
        out = (
            json.loads(m.stdout.strip().splitlines()[-1]) if m.returncode == 0 else {"error": m.stderr[-200:]}
        )
        runs[view] = {**out, "peak_mb": m.peak_mb}
    rows = []
    for view in SQL_VIEWS:
        r = runs[view]
        if "error" in r:
            rows.append([view, "failed: " + r["error"].strip().splitlines()[-1], "", "", ""])
            continue
        ok = "" if view == "load" else ("met" if r["seconds"] < TARGET_S else "NOT met")
        rows.append([view, f"{r['seconds']:.2f}", f"{r['cpu']:.2f}", f"{r['peak_mb']:,.0f}", ok])
    text = "\n".join(
        [
            f"## Behaviour views in SQL ({engine}) on the same log",
            "",
            f"Recorded {dt.date.today().isoformat()} by `benchmarks/bench_behaviour.py --engine {engine}`. "
            f"Machine: {machine()}, load average {load:.1f} when it started. Log: `{log.name}` "
            f"({runs['load'].get('n_events') or 0:,} events, read in place; users {users:,}). "
            "Seconds and CPU "
            "seconds include registering the log; the peak is the whole process (no pandas log). "
            "graph_diff groups by conversion (signup_complete) here.",
            "",
            table(["view", "s", "CPU s", "peak MB", f"< {TARGET_S:g} s"], rows),
            "",
        ]
    )
    print(text)
    write_section(f"behaviour_{engine}", text)


def _child_theirs(view: str, path: str) -> None:
    import pandas as pd
    from retentioneering import Eventstream

    events = pd.read_parquet(path, columns=["user_id", "event", "timestamp"])
    events["event"] = events["event"].astype(str)
    schema = {"path_cols": ["user_id"], "event_col": "event", "timestamp_col": "timestamp"}
    t0, c0 = time.perf_counter(), time.process_time()
    result = None
    if view != "load":
        stream = Eventstream(events, schema=schema)
        if view == "graph":
            result = stream.transition_graph_data(edge_weight="count")
        elif view == "steps":
            result = stream.step_matrix_data(max_steps=10)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rows = None if result is None else len(result)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "n_events": len(events), "rows": rows}))


def _run(python: Path | str, side: str, view: str, path: Path, env: dict[str, str] | None = None) -> dict:
    m = measure([str(python), __file__, "--child", side, view, str(path)], env=env)
    if m.returncode != 0:
        return {"error": (m.stderr.strip().splitlines() or ["failed"])[-1][:200], "peak_mb": m.peak_mb}
    return {**json.loads(m.stdout.strip().splitlines()[-1]), "peak_mb": m.peak_mb}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a 500k-event log instead of 5M")
    ap.add_argument("--engine", choices=("duckdb", "spark"), help="run the SQL twins through this engine")
    ap.add_argument("--no-install", action="store_true", help="do not install Retentioneering when missing")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        side, view, path = a.child
        if side.startswith("sql-"):
            _child_sql(view, path, side.removeprefix("sql-"))
        else:
            (_child_ours if side == "ours" else _child_theirs)(view, path)
        return
    load = os.getloadavg()[0]
    users, name = (60_000, "events_500k") if a.quick else (615_000, "events_5m")
    log = _parquet(users, name)
    if a.engine:
        _main_sql(a.engine, log, users)
        return
    ours = {}
    for view in OURS:
        print(f"ours: {view} ...", flush=True)
        ours[view] = _run(PY, "ours", view, log)
    theirs: dict[str, dict] = {}
    missing = retentioneering_missing(install=not a.no_install)
    if not missing:
        env = RETE_ENV
        for view in THEIRS:
            print(f"retentioneering: {view} ...", flush=True)
            theirs[view] = _run(RETE_PY, "theirs", view, log, env)
    n_events = ours["load"].get("n_events", 0)

    def cell(r: dict | None) -> tuple[str, str, str]:
        """Seconds, CPU seconds (the figure a shared machine changes least) and peak MB."""
        if not r:
            return "—", "—", "—"
        if "error" in r:
            return f"failed: {r['error']}", "—", f"{r['peak_mb']:,.0f}"
        return f"{r['seconds']:.2f}", f"{r.get('cpu', float('nan')):.2f}", f"{r['peak_mb']:,.0f}"

    labels = {
        "load": "read the Parquet log (floor of the peak)",
        "graph": "transition graph (counts, shares, mean/median time, distinct paths)",
        "graph_diff": "transition graph difference of two groups",
        "steps": "step matrix, 10 steps from the start",
        "steps_back": "step matrix, 10 steps back from signup_complete",
        "sankey": "step Sankey, 6 steps, one per group",
        "retention": "daily cohort retention matrix",
        "compare": "group comparison (z, chi-square, Mann-Whitney, KS, BH)",
        "paths": "per-user path metrics",
    }
    rows = []
    for view in OURS:
        s, cpu, mb = cell(ours[view])
        their = {"load": "load", "graph": "graph", "steps": "steps"}.get(view)
        ts, tcpu, tmb = cell(theirs.get(their)) if their and theirs else ("—", "—", "—")
        if view == "retention" and theirs:
            ts, tcpu, tmb = "no such view", "—", "—"
        ok = (
            ""
            if view == "load" or "error" in ours[view]
            else ("met" if ours[view]["seconds"] < TARGET_S else "NOT met")
        )
        rows.append([labels[view], s, cpu, mb, ok, ts, tcpu, tmb])
    if theirs:
        es, ecpu, emb = cell(theirs.get("eventstream"))
        rows.append(["(Retentioneering) Eventstream construction alone", "—", "—", "—", "", es, ecpu, emb])
    lines = [
        "## Behaviour analytics (issue 17): transition graph, step matrix, retention on 5M events",
        "",
        f"Recorded {dt.date.today().isoformat()} by `benchmarks/bench_behaviour.py`. "
        f"Machine: {machine()}, load average {load:.1f} when it started "
        f"(the 2 cores are shared). Log: `make_events.py --users {users} --with-group` "
        f"({n_events:,} events), canonical frame from `load_event_log` cached as Parquet. "
        "Seconds are the view alone (frame in memory; its CPU seconds beside), each in its own "
        "process; peak MB is that "
        f"process's peak RSS including the loaded frame. Target: each view under {TARGET_S:g} s.",
        "",
        table(
            [
                "view",
                "ours s",
                "ours CPU s",
                "ours peak MB",
                f"< {TARGET_S:g} s",
                "Retentioneering s",
                "Retentioneering CPU s",
                "Retentioneering peak MB",
            ],
            rows,
        ),
        "",
    ]
    if theirs:
        lines.append(
            "Retentioneering 5.2.4 from PyPI in its own virtualenv (`RETENTIONEERING_NO_TRACK=1`); its "
            "seconds for graph and steps include building the `Eventstream` (its views need one), the "
            "construction alone is the last row. It has no cohort retention view."
        )
    else:
        lines.append(f"Retentioneering was not run: {missing}.")
    text = "\n".join(lines) + "\n"
    write_section("behaviour", text)  # prints it too


if __name__ == "__main__":
    main()
