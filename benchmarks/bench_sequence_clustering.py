"""Benchmark: behavioural (sequence) clustering side by side with Retentioneering (issue 17).

The users with id < 200,000 of ``make_events.py --users 615000 --with-group`` (about 1.63M events,
3 planted groups): ARI against the planted group and time, for

- ours: ``cluster_event_sequences`` (mixture of Markov chains) at k = 3 and automatic k;
- Retentioneering (PyPI, its own virtualenv ``.bench/rete-venv``, telemetry off with
  ``RETENTIONEERING_NO_TRACK=1``): ``Eventstream.cluster_analysis_data`` with k-means on its
  path metrics (event counts per event; event counts plus length and duration), k = 3.

Each side runs as its own process (wall, CPU and peak memory of the whole process, reading
the CSV included). The run installs Retentioneering into ``.bench/rete-venv`` when it is
missing (``_harness.retentioneering_missing``, shared with ``bench_behaviour.py``;
``--no-install`` skips that, and then only our side runs without the virtualenv).

    .venv/bin/python benchmarks/bench_sequence_clustering.py

``--planted SPLIT`` instead scores automatic k on a clickstream planted split (mean ARI, its
Bayes ceiling, k exactly right, "no clear segments" calls): ``heldout2``-``heldout4`` (seen,
one line per log), ``heldout5``-``heldout8`` (aggregates only; seen since sessions 8-11:
heldout8 was measured once at the end of session 11 and then looked at log by log), ``heldout9``
(written in session 12 before any method ran on it, measured once at its end; seen since),
``heldout10`` (written in session 13 before any method ran on it, measured once at its end; seen since).

    .venv/bin/python benchmarks/bench_sequence_clustering.py --planted heldout8
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

from _harness import (
    PY,
    RETE_ENV,
    RETE_PY,
    WORK,
    machine,
    measure,
    retentioneering_missing,
    table,
    write_section,
)

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


def _planted(split: str) -> None:
    """Automatic-k scores on a planted split; ``heldout5`` and ``heldout6`` print aggregates only."""
    import sys

    from _segments_eval import Outcome, event_configs, run_events_config, summarise

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from sklearn.metrics import adjusted_rand_score

    from support.planted_logs5 import heldout5_configs, planted_log5
    from support.planted_logs6 import heldout6_configs, planted_log6
    from support.planted_logs7 import heldout7_configs, planted_log7
    from support.planted_logs8 import heldout8_configs, planted_log8
    from support.planted_logs9 import heldout9_configs, planted_log9
    from support.planted_logs10 import heldout10_configs, planted_log10
    from synthpersona.simulation.sequences import cluster_event_sequences

    def run5(cfg):  # type: ignore[no-untyped-def]
        make = {
            "heldout6": planted_log6,
            "heldout7": planted_log7,
            "heldout8": planted_log8,
            "heldout9": planted_log9,
            "heldout10": planted_log10,
        }.get(split, planted_log5)
        log, group, oracle = make(cfg)
        t0 = time.perf_counter()
        res = cluster_event_sequences(log, k=None, random_state=0)
        seconds = time.perf_counter() - t0
        planted = group.loc[res.row_ids].to_numpy()
        ari = float(adjusted_rand_score(planted, res.labels)) if cfg.k > 1 else float("nan")
        clear = bool(res.selection.clear) if res.selection is not None else None
        return Outcome("clickstream", cfg.name, cfg.k, int(res.k), ari, clear, seconds, cfg.users, oracle)

    held_out = split in ("heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10")
    configs = {
        "heldout5": heldout5_configs,
        "heldout6": heldout6_configs,
        "heldout7": heldout7_configs,
        "heldout8": heldout8_configs,
        "heldout9": heldout9_configs,
        "heldout10": heldout10_configs,
    }.get(split, lambda: event_configs(split))()
    outs = []
    for cfg in configs:
        o = run5(cfg) if held_out else run_events_config(cfg)  # type: ignore[arg-type]
        outs.append(o)
        if not held_out:
            print(
                f"{o.config:66s} planted={o.planted_k} k={o.k} ari={o.ari:.3f} "
                f"oracle={o.oracle_ari:.3f} clear={o.clear} {o.seconds:.2f}s",
                flush=True,
            )
    s = summarise(outs)
    print(
        f"{split}: mean ARI {s['mean_ari']:.3f} (Bayes ceiling {s['mean_oracle_ari']:.3f}, min "
        f"{s['min_ari']:.3f}); k exactly right {s['k_right']}/{s['n_planted']}; structureless called "
        f"unclear {s['flat_called_unclear']}/{s['n_flat']}; planted called unclear "
        f"{s['n_planted'] - s['planted_called_clear']}/{s['n_planted']}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--planted", metavar="SPLIT", help="score a planted split (heldout2..heldout10)")
    ap.add_argument("--no-install", action="store_true", help="do not install Retentioneering when missing")
    a = ap.parse_args()
    if a.planted:
        _planted(a.planted)
        return
    if a.child:
        side, path, arg = a.child
        (_child_ours if side == "ours" else _child_theirs)(path, arg)
        return
    load = os.getloadavg()[0]
    log = _log()
    runs = [("synthpersona (Markov mixture)", "k=3", _run(PY, "ours", str(log), "3"))]
    runs.append(("synthpersona (Markov mixture)", "automatic", _run(PY, "ours", str(log), "auto")))
    missing = retentioneering_missing(install=not a.no_install)
    if not missing:
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
    if missing:
        md += ["", f"Retentioneering was not run: {missing}."]
    write_section("sequence_clustering", "\n".join(md))


if __name__ == "__main__":
    main()
