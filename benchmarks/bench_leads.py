"""Benchmark: the leads workflow (seed 003) against the Cluster and Persona Agent baseline.

Side by side in one run, both as child processes (wall time and their own peak RSS):

1. 100,000 rows, k = 4, every output: baseline vs ``synthpersona leads analyze`` (the CLI a
   user runs) and vs the library call ``analyze_file`` (what a notebook or the API runs).
2. ``--k auto``: adjusted Rand index of our clusters and of the baseline's against the planted
   ``_segment`` (excluded from our features).
3. 1,000,000 rows, k = 4, every output: time and peak memory (baseline too unless ``--quick``).

    .venv/bin/python benchmarks/bench_leads.py [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv
from _harness import (
    BASELINES,
    DATA_GEN,
    PY,
    WORK,
    Measured,
    ensure_file,
    machine,
    measure,
    table,
    write_section,
)
from sklearn.metrics import adjusted_rand_score

BASELINE = BASELINES / "cluster_agent_baseline.py"
CLI = str(Path(PY).with_name("synthpersona"))
LIB = (
    "import sys; from synthpersona.usecases.leads import analyze_file; "
    "analyze_file(sys.argv[1], k=sys.argv[2], exclude=['_segment'], out_dir=sys.argv[3])"
)
TARGET_SPEEDUP = 4.0
TARGET_ARI = 0.7
TARGET_1M_S = 15.0
TARGET_1M_MB = 1536.0


def _input(rows: int) -> Path:
    path = WORK / "leads" / f"leads_{rows}.csv"
    return ensure_file(
        path,
        [
            PY,
            str(DATA_GEN / "make_leads.py"),
            "--rows",
            str(rows),
            "--messy",
            "--with-segment",
            "--out",
            str(path),
        ],
    )


def _ours_cli(src: Path, out: Path, k: str) -> Measured:
    shutil.rmtree(out, ignore_errors=True)
    return measure(
        [CLI, "leads", "analyze", str(src), "--k", k, "--exclude", "_segment", "--out", str(out), "-q"]
    )


def _ours_lib(src: Path, out: Path, k: str) -> Measured:
    shutil.rmtree(out, ignore_errors=True)
    return measure([PY, "-c", LIB, str(src), k, str(out)])


def _baseline(src: Path, out: Path) -> Measured:
    shutil.rmtree(out, ignore_errors=True)
    return measure([PY, str(BASELINE), str(src), str(out)])


def _ok(m: Measured, who: str) -> None:
    if m.returncode != 0:
        sys.exit(f"{who} failed ({m.returncode}):\n{m.stderr[-2000:]}")


def _ari(clustered: Path) -> tuple[float, int]:
    t = pacsv.read_csv(
        clustered, convert_options=pacsv.ConvertOptions(include_columns=["_segment", "Cluster"])
    )
    seg = np.asarray(t["_segment"].to_numpy(zero_copy_only=False))
    lab = np.asarray(t["Cluster"].to_numpy(zero_copy_only=False))
    return float(adjusted_rand_score(seg, lab)), len(np.unique(lab))


def _outputs_complete(out: Path) -> bool:
    return all((out / n).is_file() for n in ("personas.json", "clustered.csv", "dashboard.png", "pca.png"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="skip the baseline at 1M rows")
    args = ap.parse_args()
    work = WORK / "leads"
    src100 = _input(100_000)
    src1m = _input(1_000_000)

    # 1. 100k, k=4, every output
    base = _baseline(src100, work / "base_100k")
    _ok(base, "baseline")
    cli = _ours_cli(src100, work / "ours_cli_100k", "4")
    _ok(cli, "synthpersona CLI")
    lib = _ours_lib(src100, work / "ours_lib_100k", "4")
    _ok(lib, "synthpersona library")
    assert _outputs_complete(work / "ours_cli_100k") and _outputs_complete(work / "base_100k")
    base_ari, base_k = _ari(work / "base_100k" / "clustered.csv")
    k4_ari, _ = _ari(work / "ours_cli_100k" / "clustered.csv")

    # 2. auto k quality
    auto = _ours_cli(src100, work / "ours_auto_100k", "auto")
    _ok(auto, "synthpersona auto k")
    auto_ari, auto_k = _ari(work / "ours_auto_100k" / "clustered.csv")

    # 3. 1M rows
    big = _ours_cli(src1m, work / "ours_cli_1m", "4")
    _ok(big, "synthpersona 1M")
    big_base = None if args.quick else _baseline(src1m, work / "base_1m")
    if big_base is not None:
        _ok(big_base, "baseline 1M")

    rows = [
        [
            "100k, k=4, all outputs",
            "baseline (seed 003)",
            f"{base.seconds:.2f}",
            f"{base.peak_mb:.0f}",
            "1.0x",
            f"ARI {base_ari:.2f} (k={base_k})",
        ],
        [
            "",
            "synthpersona CLI",
            f"{cli.seconds:.2f}",
            f"{cli.peak_mb:.0f}",
            f"{base.seconds / cli.seconds:.1f}x",
            f"ARI {k4_ari:.2f} (k=4)",
        ],
        [
            "",
            "synthpersona library call",
            f"{lib.seconds:.2f}",
            f"{lib.peak_mb:.0f}",
            f"{base.seconds / lib.seconds:.1f}x",
            "",
        ],
        [
            "100k, k=auto, all outputs",
            "synthpersona CLI",
            f"{auto.seconds:.2f}",
            f"{auto.peak_mb:.0f}",
            f"{base.seconds / auto.seconds:.1f}x",
            f"ARI {auto_ari:.2f} (k={auto_k})",
        ],
        [
            "1M, k=4, all outputs",
            "synthpersona CLI",
            f"{big.seconds:.2f}",
            f"{big.peak_mb:.0f}",
            f"{big_base.seconds / big.seconds:.1f}x" if big_base else "-",
            "",
        ],
    ]
    if big_base is not None:
        rows.append(
            ["", "baseline (seed 003)", f"{big_base.seconds:.2f}", f"{big_base.peak_mb:.0f}", "1.0x", ""]
        )
    speed = base.seconds / cli.seconds
    speed_lib = base.seconds / lib.seconds

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    md = "\n".join(
        [
            "## Leads analysis (seed 003): any customer table -> ranked personas",
            "",
            f"Machine: {machine()}. Inputs: `make_leads.py --messy --with-segment` (seed 7); `_segment` is "
            "excluded from our features and used only for scoring. Both sides run as child processes, every "
            "output written (personas JSON, clustered CSV, dashboard PNG, PCA PNG; ours also the HTML report "
            "and analysis.json).",
            "",
            table(["case", "run", "seconds", "peak MB", "speed-up", "quality vs _segment"], rows),
            "",
            f"- 100k rows, k=4, all outputs, >= {TARGET_SPEEDUP:.0f}x faster: "
            f"{verdict(speed >= TARGET_SPEEDUP)} "
            f"through the CLI ({speed:.1f}x), {verdict(speed_lib >= TARGET_SPEEDUP)} as a library call "
            f"({speed_lib:.1f}x).",
            f"- auto k, ARI >= {TARGET_ARI}: {verdict(auto_ari >= TARGET_ARI)} "
            f"(ARI {auto_ari:.2f}, k={auto_k}; "
            f"baseline label encoding + k-means: {base_ari:.2f}).",
            f"- 1M rows under {TARGET_1M_S:.0f} s and {TARGET_1M_MB / 1024:.1f} GB: "
            f"{verdict(big.seconds < TARGET_1M_S and big.peak_mb < TARGET_1M_MB)} "
            f"({big.seconds:.1f} s, {big.peak_mb:.0f} MB).",
        ]
    )
    write_section("leads", md)


if __name__ == "__main__":
    main()
