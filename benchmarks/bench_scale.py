"""Benchmark: goal → segments → personas on populations queried in place (issue 18).

    .venv/bin/python benchmarks/bench_scale.py            # 50,000 and 2,000,000 people (make bench)
    .venv/bin/python benchmarks/bench_scale.py --huge     # + 20,000,000 people, 50,000,000 rows, Spark
    SYNTHPERSONA_BENCH_HUGE=1 make bench                  # the same through run_all.py
    .venv/bin/python benchmarks/bench_scale.py --huge --data-dir /work/big --no-50m
        # reuse users_<n>.parquet already in that folder (generated once, kept; the goal runs only)
    .venv/bin/python benchmarks/bench_scale.py --events /work/big/events_5m.parquet --engines duckdb spark
        # only: an event log by path (features + clustering + chain counts), one child per engine;
        # --budgets 0 1500 runs DuckDB unbudgeted and with SYNTHPERSONA_ENGINE_MEMORY_MB=1500;
        # --simulate runs the whole run_simulation by path instead
    .venv/bin/python benchmarks/bench_scale.py --table /work/big/leads_5m.csv
        # only: a leads table by path (tables.sql_file): seconds and peak RSS of one child
        # (--cap-mb N adds an address-space cap with prlimit; DuckDB's and the BLAS threads'
        # virtual reservations make such caps fail far above the resident peak)

Every measurement runs in its own child process (wall time and that child's peak RSS).
Populations are streamed to Parquet chunk by chunk (``population.write_generated``) in a
temporary folder (``--data``, default under ``/tmp``) that is deleted at the end, with the
DuckDB copies of populations over 1,000,000 people (``SYNTHPERSONA_HOME`` points there; each
child's "open" includes writing the copy the first time it opens a file).

Targets: 20,000,000 people (Parquet) goal → personas < 10 s warm and < 2 GB peak; 50,000,000
rows generated and queried without running out of memory; Spark gives the same runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PY, machine, measure, table, write_section

GOALS = [
    "millennials in tier-1 cities",
    "Gen Z moms in tier-2 cities",
    "college students interested in headphones",
]


# ---- children -------------------------------------------------------------------------------


def child_generate(path: str, rows: int) -> None:
    from synthpersona.population import write_generated

    t0 = time.perf_counter()
    write_generated(path, rows, random_state=0)
    print(json.dumps({"seconds": time.perf_counter() - t0, "bytes": Path(path).stat().st_size}))


def child_goals(path: str, engine: str, goals: list[str]) -> None:
    t0 = time.perf_counter()
    from synthpersona.usecases._populations import load_population
    from synthpersona.usecases.goals import clear_cache, run_goal

    load_population(path, engine)  # register + check the file (once per process)
    opened = time.perf_counter() - t0
    out: dict[str, Any] = {"open_s": opened, "goals": []}
    for goal in goals:
        t1 = time.perf_counter()
        run = run_goal(goal, k_min=2, k_max=6, population=path, engine=engine, k_anonymity=None)
        cold = time.perf_counter() - t1
        warm = []
        for _ in range(2):
            clear_cache(populations=False)
            t2 = time.perf_counter()
            run = run_goal(goal, k_min=2, k_max=6, population=path, engine=engine, k_anonymity=None)
            warm.append(time.perf_counter() - t2)
        out["goals"].append(
            {
                "goal": goal,
                "cold_s": cold,
                "warm_s": min(warm),
                "matched": run.meta["subset_n"],
                "segmented": len(run.audience),
                "k": run.meta["k"],
                "sizes": [s.size for s in run.segments],
                "run_id": run.run_id,
                "timings_ms": run.meta["timings_ms"],
            }
        )
    print(json.dumps(out))


def child_query(path: str) -> None:
    from synthpersona.engine import DuckDBEngine

    eng = DuckDBEngine()
    eng.register("users", path)
    out = {}
    for name, sql in {
        "count": "SELECT count(*) FROM users",
        "filtered count": "SELECT count(*) FROM users WHERE age BETWEEN 25 AND 34 AND city_tier = 'Tier-2'",
        "profile by tier": "SELECT city_tier, count(*), avg(monthly_income_inr), avg(tech_savviness) "
        "FROM users GROUP BY city_tier",
        "distinct cities": "SELECT count(DISTINCT city) FROM users",
    }.items():
        t0 = time.perf_counter()
        eng.query(sql)
        out[name] = time.perf_counter() - t0
    print(json.dumps(out))


def child_table(path: str) -> None:
    from synthpersona.engine import DuckDBEngine
    from synthpersona.tables.sql_file import analyze_table_file

    t0 = time.perf_counter()
    res = analyze_table_file(
        path, engine=DuckDBEngine(memory_limit="500MB"), k=4, exclude=["_segment"], sample_rows=200_000
    )
    out = {
        "seconds": time.perf_counter() - t0,
        "rows": res.n_rows,
        "sizes": [s.size for s in res.segments],
        "personas": [p.name for p in res.personas],
    }
    print(json.dumps(out))


def table_report(path: str, cap_mb: int) -> None:
    """analyze_table_file on ``path`` in a child limited to ``cap_mb`` of address space."""
    cmd = [PY, __file__, "--child", "table", path]
    if cap_mb and shutil.which("prlimit"):
        cmd = ["prlimit", f"--as={cap_mb * 1_000_000}", *cmd]
    m = measure(cmd, timeout=7200)
    size_mb = Path(path).stat().st_size / 1e6
    res = json.loads(m.stdout.strip().splitlines()[-1]) if m.returncode == 0 else None
    print(
        f"table {path} ({size_mb:,.0f} MB)"
        + (f", cap {cap_mb:,} MB address space" if cap_mb else "")
        + ": "
        + (
            f"{res['rows']:,} rows in {m.seconds:.1f} s, peak RSS {m.peak_mb:,.0f} MB, sizes {res['sizes']}, "
            f"personas {res['personas']}"
            if res
            else f"failed after {m.seconds:.1f} s (peak {m.peak_mb:,.0f} MB): "
            + (m.stderr.strip().splitlines() or ["?"])[-1][:200]
        )
    )


def child_events(path: str, engine: str, budget_mb: str, mode: str) -> None:
    """The simulation's heavy part on an event log by path: features + clustering + chain counts.

    ``mode`` ``cluster``: open, cluster (k=3) and count the chains through the engine;
    ``simulate``: the whole ``run_simulation`` by path (profiles on a user sample).
    """
    if int(budget_mb):
        os.environ["SYNTHPERSONA_ENGINE_MEMORY_MB"] = budget_mb
    if engine == "spark":
        os.environ.setdefault("SYNTHPERSONA_SPARK_MASTER", "local[2]")
    t0 = time.perf_counter()
    from synthpersona.engine import get_engine

    eng = get_engine(engine)
    started = time.perf_counter()
    out: dict[str, Any] = {"start_s": started - t0}
    if mode == "simulate":
        from synthpersona.usecases.simulation import run_simulation

        run = run_simulation(path, engine=eng, k=3, validate=False, deck=False, k_anonymity=None)
        out.update(
            seconds=time.perf_counter() - started,
            sizes=[s.size for s in run.segments],
            personas=[p.name for p in run.personas],
            control=round(float(run.experiment.summary()["conversion"]["control_rate"]), 4),
            users=run.ingest.n_users,
            in_memory_users=int(run.events["user_id"].nunique()),
            timings={k: round(v, 2) for k, v in run.timings.items()},
        )
    else:
        from synthpersona.simulation.sql import cluster_event_sequences_sql, open_event_log
        from synthpersona.simulation.sql_chains import fit_chains_sql

        log = open_event_log(path, eng)
        t1 = time.perf_counter()
        res = cluster_event_sequences_sql(log, k=3, random_state=0)
        t2 = time.perf_counter()
        gen = fit_chains_sql(log, labels_table=f"{log.table}_clusters")
        out.update(
            open_s=t1 - started,
            cluster_s=t2 - t1,
            chains_s=time.perf_counter() - t2,
            users=len(res.labels),
            sizes=[int(x) for x in res.sizes],
            weights=[round(float(w), 6) for w in gen.persona_weights_],
        )
    print(json.dumps(out))


def events_report(path: str, engines: list[str], budgets: list[int], mode: str) -> None:
    """One child per (engine, budget): seconds and peak RSS, printed with the load average."""
    rows = []
    for engine in engines:
        for budget in budgets if engine == "duckdb" else [0]:
            load = os.getloadavg()[0]
            res, secs, peak, err = _run(["events", path, engine, str(budget), mode], timeout=7200)
            rows.append(
                [
                    engine + (" local[2]" if engine == "spark" else ""),
                    f"{budget:,} MB" if budget else "unset",
                    f"{load:.1f}",
                    f"{secs:.1f}",
                    f"{(res or {}).get('cluster_s', (res or {}).get('seconds', 0)):.1f}" if res else "",
                    f"{peak:,.0f}",
                    str((res or {}).get("sizes", "")),
                    err,
                ]
            )
            print(" | ".join(map(str, rows[-1])), flush=True)
    print(
        table(
            ["engine", "DuckDB budget", "load", "wall s", "cluster s", "peak MB", "sizes", "error"],
            rows,
        )
    )


# ---- parent -------------------------------------------------------------------------------


def _run(args: list[str], timeout: float = 3600) -> tuple[dict[str, Any] | None, float, float, str]:
    m = measure([PY, __file__, "--child", *args], timeout=timeout)
    if m.returncode != 0:
        return None, m.seconds, m.peak_mb, (m.stderr.strip().splitlines() or ["timed out"])[-1][:160]
    return json.loads(m.stdout.strip().splitlines()[-1]), m.seconds, m.peak_mb, ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    ap.add_argument("--huge", action="store_true", help="also 20M people, 50M rows and Spark")
    ap.add_argument("--data", default=None, help="folder for the generated files (default: a /tmp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--sizes", type=int, nargs="*", default=None, help="population sizes (default by mode)")
    ap.add_argument("--no-50m", action="store_true", help="with --huge: skip the 50,000,000-row file")
    ap.add_argument("--table", default=None, help="only: analyse this leads CSV/Parquet by path")
    ap.add_argument("--events", default=None, help="only: this event log by path (see --engines, --budgets)")
    ap.add_argument("--engines", nargs="*", default=["duckdb"], help="with --events: duckdb and/or spark")
    ap.add_argument(
        "--budgets", type=int, nargs="*", default=[0], help="with --events: DuckDB budgets in MB (0: unset)"
    )
    ap.add_argument("--simulate", action="store_true", help="with --events: the whole run_simulation")
    ap.add_argument(
        "--cap-mb", type=int, default=0, help="with --table: address-space cap of the child (0: none)"
    )
    ap.add_argument(
        "--data-dir",
        default=None,
        help="folder of populations to reuse: users_<n>.parquet found there is not generated again "
        "(missing ones are generated and kept); nothing in it is deleted",
    )
    args = ap.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "generate":
            child_generate(rest[0], int(rest[1]))
        elif kind == "goals":
            child_goals(rest[0], rest[1], rest[2:])
        elif kind == "query":
            child_query(rest[0])
        elif kind == "table":
            child_table(rest[0])
        elif kind == "events":
            child_events(*rest[:4])
        return
    if args.table:
        table_report(args.table, args.cap_mb)
        return
    if args.events:
        events_report(args.events, args.engines, args.budgets, "simulate" if args.simulate else "cluster")
        return
    huge = args.huge or os.environ.get("SYNTHPERSONA_BENCH_HUGE") == "1"
    reuse = args.data_dir is not None
    data = Path(
        args.data_dir or args.data or tempfile.mkdtemp(prefix="synthpersona-bench-scale-", dir="/tmp")
    )
    data.mkdir(parents=True, exist_ok=True)
    # The DuckDB copies of populations over 1M people go to <home>/cache/populations: keep them
    # in the benchmark's folder (deleted with it) rather than the user's data home.
    os.environ["SYNTHPERSONA_HOME"] = str(data / "home")
    try:
        report(data, huge, args.sizes, not args.no_50m, reuse)
    finally:
        if not args.keep and not reuse:
            shutil.rmtree(data, ignore_errors=True)


def report(data: Path, huge: bool, sizes: list[int] | None, fifty: bool, reuse: bool = False) -> None:
    sizes = sizes or [50_000, 2_000_000] + ([20_000_000] if huge else [])
    gen_rows: list[list[object]] = []
    goal_rows: list[list[object]] = []
    runs: dict[tuple[int, str, str], dict[str, Any]] = {}
    for n in sizes:
        path = data / f"users_{n}.parquet"
        if reuse and path.exists():  # generated earlier (--data-dir): not timed again
            gen_rows.append([f"{n:,}", "reused", "", f"{path.stat().st_size / 1e6:,.0f}", ""])
        else:
            res, secs, peak, err = _run(["generate", str(path), str(n)])
            gen_rows.append([f"{n:,}", f"{secs:.1f}", f"{peak:,.0f}", _mb(res), err])
        engines = ["duckdb"] + (["spark"] if huge and n == 2_000_000 and _has_spark() else [])
        for engine in engines:
            res, secs, peak, err = _run(["goals", str(path), engine, *GOALS])
            if res is None:
                goal_rows.append([f"{n:,}", engine, "failed", "", "", "", "", "", f"{peak:,.0f}", err])
                continue
            for g in res["goals"]:
                runs[(n, engine, g["goal"])] = g
                goal_rows.append(
                    [
                        f"{n:,}",
                        engine,
                        g["goal"],
                        f"{g['matched']:,}",
                        f"{g['segmented']:,}",
                        g["k"],
                        f"{g['cold_s']:.2f}",
                        f"{g['warm_s']:.2f}",
                        f"{peak:,.0f}",
                        f"import+open {res['open_s']:.1f} s",
                    ]
                )
        if n > 2_000_000 and not reuse:
            path.unlink(missing_ok=True)
    query_rows: list[list[object]] = []
    if huge and fifty:
        path = data / "users_50000000.parquet"
        if reuse and path.exists():
            res = {"bytes": path.stat().st_size}
            gen_rows.append([f"{50_000_000:,}", "reused", "", _mb(res), ""])
        else:
            res, secs, peak, err = _run(["generate", str(path), "50000000"], timeout=7200)
            gen_rows.append([f"{50_000_000:,}", f"{secs:.1f}", f"{peak:,.0f}", _mb(res), err])
        if res is not None:
            q, secs, peak, err = _run(["query", str(path)])
            for name, s in (q or {}).items():
                query_rows.append([name, f"{s:.2f}", f"{peak:,.0f}"])
            if err:
                query_rows.append(["failed", err, f"{peak:,.0f}"])
        if not reuse:
            path.unlink(missing_ok=True)
    same = [
        goal
        for (n, engine, goal), g in runs.items()
        if engine == "spark"
        and {k: runs.get((n, "duckdb", goal), {}).get(k) for k in ("run_id", "sizes")}
        == {k: g[k] for k in ("run_id", "sizes")}
    ]
    parts = [
        "## Scale: populations queried in place (issue 18)",
        "",
        f"Recorded {time.strftime('%Y-%m-%d')} on {machine()} by `benchmarks/bench_scale.py"
        + (" --huge`" if huge else "`")
        + " (shared machine: other work ran at the same time; each row is one child process, peak RSS "
        "of that child). Populations are streamed to Parquet (`population.write_generated`) and "
        "registered by path: DuckDB filters and counts the file in place; an audience above "
        "`SYNTHPERSONA_AUDIENCE_ROWS` (200,000) is segmented on a deterministic md5(user_id) sample. "
        "Cold = first run in the process (file checks, model warm-up); warm = same goal again.",
        "",
        "Generation (streamed, chunks of 250,000 rows):",
        "",
        table(["rows", "seconds", "peak MB", "file MB", "error"], gen_rows),
        "",
        "Goal → segments → personas (k 2-6):",
        "",
        table(
            ["people", "engine", "goal", "matched", "segmented", "k", "cold s", "warm s", "peak MB", "note"],
            goal_rows,
        ),
    ]
    if query_rows:
        parts += ["", "DuckDB queries on the 50,000,000-row file:", ""]
        parts.append(table(["query", "seconds", "peak MB"], query_rows))
    if any(engine == "spark" for (_, engine, _) in runs):
        parts += [
            "",
            f"Spark (local[*]) gave the same run id and segment sizes as DuckDB for {len(same)} of "
            f"{len(GOALS)} goals (timings above: Spark is for data beyond one machine, not for speed here).",
        ]
    write_section("scale", "\n".join(parts))


def _mb(res: dict[str, Any] | None) -> str:
    return f"{(res or {}).get('bytes', 0) / 1e6:,.0f}"


def _has_spark() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyspark") is not None


if __name__ == "__main__":
    main()
