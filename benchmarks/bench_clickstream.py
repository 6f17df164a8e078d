"""Benchmark: clickstream sequence features + clustering through the engine (issue 18).

    .venv/bin/python benchmarks/bench_clickstream.py          # 5,000,000 events (make bench)
    .venv/bin/python benchmarks/bench_clickstream.py --huge   # + 50,000,000 events
    SYNTHPERSONA_BENCH_HUGE=1 make bench                      # the same through run_all.py
    .venv/bin/python benchmarks/bench_clickstream.py --huge --data-dir /work/big
        # reuse events_5m.parquet / events_50m.parquet from that folder (made there if missing, kept)

Input: the 5,000,000-event log of the behaviour benchmark (``make_events.py --users 615000``,
cached as ``.bench/events_5m.parquet``); the 50,000,000-event log is that file ten times
with the user and session ids shifted (6,150,000 users), written by DuckDB in one pass.
Every measurement is one child process (wall time of the work, the child's peak RSS):

- ``sql``: ``simulation.sql.open_event_log`` on the Parquet file (read in place by DuckDB,
  memory limit 1.5 GB so sorts spill), ``cluster_event_sequences_sql(k=3)``: per-user TF-IDF
  n-grams streamed in sorted batches, SVD and k-means fitted on samples, every user labelled by
  the fitted estimator; then the transition counts (read off the feature pass).
- ``memory`` (5M only, for reference): ``load_event_log`` + ``cluster_event_sequences(k=3)``.

Target: 50,000,000 events, features + clustering < 60 s and < 4 GB peak.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PY, WORK, machine, measure, table, write_section

TARGET_S, TARGET_MB = 60.0, 4_000
HEADER = ["log", "path", "events", "users", "open s", "cluster s", "CPU s", "peak MB", "note"]


def child_sql(path: str) -> None:
    t0 = time.perf_counter()
    from synthpersona.engine import DuckDBEngine
    from synthpersona.simulation.sql import cluster_event_sequences_sql, open_event_log, transition_counts

    imported = time.perf_counter()
    log = open_event_log(path, DuckDBEngine(memory_limit="1500MB"))
    t1 = time.perf_counter()
    res = cluster_event_sequences_sql(log, k=3, random_state=0)
    t2 = time.perf_counter()
    trans = transition_counts(log)
    t3 = time.perf_counter()
    out = {
        "import_s": imported - t0,
        "open_s": t1 - imported,
        "cluster_s": t2 - t1,
        "transitions_s": t3 - t2,
        "users": len(res.labels),
        "events": int(trans.loc[trans["target"] != "$", "n"].sum()),
        "sizes": [int(s) for s in res.sizes],
    }
    print(json.dumps(out))


def child_memory(path: str) -> None:
    import pandas as pd

    from synthpersona.simulation import cluster_event_sequences, load_event_log

    t0 = time.perf_counter()
    log = load_event_log(pd.read_parquet(path))
    t1 = time.perf_counter()
    res = cluster_event_sequences(log, k=3, random_state=0)
    t2 = time.perf_counter()
    print(json.dumps({"open_s": t1 - t0, "cluster_s": t2 - t1, "users": len(res.labels), "events": len(log)}))


def _five_million(folder: Path = WORK) -> Path:
    path = folder / "events_5m.parquet"
    if not path.exists() and folder != WORK:  # the behaviour benchmark's file, copied once
        import shutil

        shutil.copyfile(_five_million(), path)
    if not path.exists():  # written as the behaviour benchmark does (make_events.py, load_event_log)
        from bench_behaviour import _parquet

        _parquet(615_000, "events_5m")
    return path


def _fifty_million(src: Path, folder: Path = WORK) -> Path:
    out = folder / "events_50m.parquet"
    if not out.exists():
        import duckdb

        con = duckdb.connect()
        con.execute("SET memory_limit = '2GB'")
        # ten copies of the 5M log, users and sessions shifted so every copy is new people
        con.execute(
            "COPY (SELECT user_id + r.i * 10000000 AS user_id, session_id + r.i * 100000000 AS session_id, "
            f"CAST(event AS VARCHAR) AS event, timestamp FROM read_parquet('{src}'), "
            "(SELECT range AS i FROM range(10)) r) "
            f"TO '{out}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)"
        )
    return out


def _run(kind: str, path: Path) -> tuple[dict[str, Any] | None, float, float, str]:
    m = measure([PY, __file__, "--child", kind, str(path)], timeout=3600)
    if m.returncode != 0:
        return None, m.seconds, m.peak_mb, (m.stderr.strip().splitlines() or ["timed out"])[-1][:160]
    # CPU seconds of the whole child (imports included): on a loaded machine a steadier figure than wall time
    return {**json.loads(m.stdout.strip().splitlines()[-1]), "cpu_s": m.cpu_seconds}, m.seconds, m.peak_mb, ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--huge", action="store_true", help="also 50,000,000 events")
    ap.add_argument("--keep", action="store_true", help="keep the 50M file in .bench/")
    ap.add_argument(
        "--data-dir",
        default=None,
        help="folder holding events_5m.parquet and events_50m.parquet to reuse (made there when "
        "missing; nothing in it is deleted)",
    )
    args = ap.parse_args()
    if args.child:
        {"sql": child_sql, "memory": child_memory}[args.child[0]](args.child[1])
        return
    huge = args.huge or os.environ.get("SYNTHPERSONA_BENCH_HUGE") == "1"
    with os.popen("cat /proc/loadavg") as fh:
        load = fh.read().split()[0]
    folder = Path(args.data_dir) if args.data_dir else WORK
    folder.mkdir(parents=True, exist_ok=True)
    five = _five_million(folder)
    rows: list[list[object]] = []
    inputs = [("5M", five, ["sql", "memory"])]
    if huge:
        inputs.append(("50M", _fifty_million(five, folder), ["sql"]))
    for label, path, kinds in inputs:
        for kind in kinds:
            res, _secs, peak, err = _run(kind, path)
            if res is None:
                rows.append([label, kind, "failed", "", "", "", "", f"{peak:,.0f}", err])
                continue
            work = res["open_s"] + res["cluster_s"]
            rows.append(
                [
                    label,
                    kind,
                    f"{res['events']:,}",
                    f"{res['users']:,}",
                    f"{res['open_s']:.1f}",
                    f"{res['cluster_s']:.1f}",
                    f"{res['cpu_s']:.0f}",
                    f"{peak:,.0f}",
                    f"total {work:.1f} s"
                    + (f"; transitions {res['transitions_s']:.1f} s" if "transitions_s" in res else "")
                    + (f"; sizes {res['sizes']}" if "sizes" in res else ""),
                ]
            )
    if huge and not args.keep and not args.data_dir:
        (WORK / "events_50m.parquet").unlink(missing_ok=True)
    text = "\n".join(
        [
            "## Clickstream at scale: sequence features + clustering through the engine (issue 18)",
            "",
            f"Recorded {time.strftime('%Y-%m-%d %H:%M')} on {machine()} by `benchmarks/bench_clickstream.py"
            + (" --huge`" if huge else "`")
            + f" (**under load**: load average {load} at the start, other engineers' work ran at the same "
            "time). `sql` = `simulation.sql` on DuckDB (Parquet read in place, memory limit 1.5 GB, "
            "features streamed in sorted batches of whole users, SVD and k-means fitted on samples, every "
            "user labelled by the fitted estimator); `memory` = `load_event_log` + "
            "`cluster_event_sequences` (pandas). k = 3. Open = register + checks (sql) or load (memory); "
            "cluster = features + SVD + clustering + assignment; CPU s = user+system CPU time of the whole "
            "child (imports and the transition counts included: read off the feature pass's bigram counts; "
            "DuckDB uses both cores). "
            f"Target for 50M events: < {TARGET_S:.0f} s "
            f"and < {TARGET_MB:,} MB.",
            "",
            table(HEADER, rows),
        ]
    )
    write_section("clickstream", text)
    print(text)


if __name__ == "__main__":
    main()
