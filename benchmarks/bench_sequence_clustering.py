"""Benchmark: behavioural (sequence) clustering side by side with Retentioneering (issue 17).

The users with id < 200,000 of ``make_events.py --users 615000 --with-group`` (about 1.63M events,
3 planted groups): ARI against the planted group and time, for

- ours: ``cluster_event_sequences`` (mixture of Markov chains) at k = 3 and automatic k;
- Retentioneering (PyPI, its own virtualenv ``.bench/rete-venv``, telemetry off with
  ``RETENTIONEERING_NO_TRACK=1``): ``Eventstream.cluster_analysis_data`` with k-means on its
  path metrics (event counts per event; event counts plus length and duration), k = 3.

Each side runs as its own process (wall, CPU and peak memory of the whole process, reading
the CSV included). Without the virtualenv, only our side runs; create it with
``python -m venv .bench/rete-venv && .bench/rete-venv/bin/pip install retentioneering``.

    .venv/bin/python benchmarks/bench_sequence_clustering.py
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

from _harness import PY, WORK, machine, measure, table, write_section

RETE_PY = WORK / "rete-venv" / "bin" / "python"
RETE_ENV = {"RETENTIONEERING_NO_TRACK": "1", "DO_NOT_TRACK": "1"}
USERS = 200_000


def _log() -> Path:
    """The users with id < 200,000 of the 5M-event log (written once, by DuckDB)."""
    path = WORK / "events_200k_users.csv"
    if not path.exists():
        import duckdb

        big = WORK / "events_5m.csv"
        if not big.exists():
            raise SystemExit(f"{big} is missing: run benchmarks/bench_simulation.py once to write it")
        duckdb.sql(
            f"COPY (SELECT * FROM read_csv_auto('{big}') WHERE user_id < {USERS}) TO '{path}' (HEADER)"
        )
    return path


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _child_ours(path: str, k: str) -> None:
    from synthpersona.simulation import etl, sequences

    log = etl.load_event_log(path)
    t0 = time.perf_counter()
    res = sequences.cluster_event_sequences(log, k=None if k == "auto" else int(k), random_state=0)
    seg = sequences.attach_clusters(log, res)
    seconds = time.perf_counter() - t0
    ari = sequences.planted_group_agreement(seg)
    print(json.dumps({"k": res.k, "ari": ari, "cluster_s": seconds, "cpu_s": _cpu(), "clear": res.clear}))


def _child_theirs(path: str, features: str) -> None:
    import pandas as pd
    from retentioneering import Eventstream
    from sklearn.metrics import adjusted_rand_score

    raw = pd.read_csv(path, parse_dates=["timestamp"])
    group = raw.groupby("user_id")["_group"].first()
    events = raw[["user_id", "event", "timestamp"]].copy()
    events["event"] = events["event"].astype(str)
    t0 = time.perf_counter()
    stream = Eventstream(
        events, schema={"path_cols": ["user_id"], "event_col": "event", "timestamp_col": "timestamp"}
    )
    config = {
        "event counts": [{"metric": "event_count_bulk"}],
        "event counts + length + duration": [
            {"metric": "event_count_bulk"},
            {"metric": "length"},
            {"metric": "duration"},
        ],
    }[features]
    res = stream.cluster_analysis_data(features=config, method="kmeans", method_args={"n_clusters": 3})
    seconds = time.perf_counter() - t0
    labels = res["cluster_labels"]
    ari = float(adjusted_rand_score(group.loc[labels.index].to_numpy(), labels.to_numpy()))
    print(json.dumps({"k": int(labels.nunique()), "ari": ari, "cluster_s": seconds, "cpu_s": _cpu()}))


def _run(python: Path | str, *args: str, env: dict[str, str] | None = None) -> dict:
    m = measure([str(python), __file__, "--child", *args], env=env, timeout=3600)
    if m.returncode != 0:
        return {"error": (m.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return {**json.loads(m.stdout.strip().splitlines()[-1]), "wall_s": m.seconds, "peak_mb": m.peak_mb}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        side, path, arg = a.child
        (_child_ours if side == "ours" else _child_theirs)(path, arg)
        return
    load = os.getloadavg()[0]
    log = _log()
    runs = [("synthpersona (Markov mixture)", "k=3", _run(PY, "ours", str(log), "3"))]
    runs.append(("synthpersona (Markov mixture)", "automatic", _run(PY, "ours", str(log), "auto")))
    rete = (
        RETE_PY.exists()
        and measure([str(RETE_PY), "-c", "import retentioneering"], env=RETE_ENV).returncode == 0
    )
    if rete:
        for feats in ("event counts", "event counts + length + duration"):
            runs.append(
                (
                    f"Retentioneering k-means on {feats}",
                    "k=3",
                    _run(RETE_PY, "theirs", str(log), feats, env=RETE_ENV),
                )
            )
    rows = [
        [
            who,
            k,
            r.get("k", "-"),
            f"{r['ari']:.3f}" if "ari" in r else r.get("error", "-"),
            f"{r.get('cluster_s', float('nan')):.2f}",
            f"{r.get('wall_s', float('nan')):.1f}",
            f"{r.get('cpu_s', float('nan')):.1f}",
            f"{r.get('peak_mb', float('nan')):.0f}",
        ]
        for who, k, r in runs
    ]
    md = [
        "## Sequence clustering side by side with Retentioneering (issues 12, 17)",
        "",
        f"Machine: {machine()}; load average {load:.1f} at the start"
        + (" (under load: wall times are not comparable with targets)." if load > 2 else "."),
        f"`benchmarks/bench_sequence_clustering.py`: the users with id < {USERS:,} of `events_5m.csv` "
        "(3 planted groups). Clustering seconds: ours, clustering + attaching labels after loading; "
        "Retentioneering, building the Eventstream + cluster_analysis_data. Whole-process wall, CPU "
        "and peak include reading the CSV and imports.",
        "",
        table(
            ["side", "k asked", "k", "ARI", "clustering s", "process wall s", "process CPU s", "peak MB"],
            rows,
        ),
    ]
    if not rete:
        md += ["", "Retentioneering was not run: no importable `retentioneering` in `.bench/rete-venv`."]
    write_section("sequence_clustering", "\n".join(md))


if __name__ == "__main__":
    main()
