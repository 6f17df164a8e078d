"""Shared helpers for the benchmarks: timed subprocesses with peak memory, tables.

Both synthpersona and the baselines run as child processes, so wall time and peak
resident memory (``ru_maxrss`` of that child alone, via ``os.wait4``) are measured
the same way for both.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from compare import Figure, write_results

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT / ".." / "shared").resolve()
BASELINES = SHARED / "baselines"
DATA_GEN = SHARED / "data"
WORK = ROOT / ".bench"
PY = sys.executable


@dataclass
class Measured:
    """One timed child process."""

    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    returncode: int
    cpu_seconds: float = float("nan")  # user + system CPU time of the child


def measure(cmd: list[str], *, env: dict[str, str] | None = None, timeout: float = 1800) -> Measured:
    """Run ``cmd`` as a child process; return wall time, its own peak RSS (via ``os.wait4``) and output."""
    full_env = {**os.environ, **(env or {})}
    out_path = WORK / f"_out_{os.getpid()}.txt"
    err_path = WORK / f"_err_{os.getpid()}.txt"
    WORK.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w") as out_f, open(err_path, "w") as err_f:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out_f, stderr=err_f, text=True, env=full_env)
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
            time.sleep(0.005)
        seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = out_path.read_text(), err_path.read_text()
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    # ru_maxrss is in KiB on Linux.
    return Measured(
        seconds, usage.ru_maxrss / 1024, out, err, proc.returncode, usage.ru_utime + usage.ru_stime
    )


def ensure_file(path: Path, cmd: list[str]) -> Path:
    """Create ``path`` with ``cmd`` unless it exists already (benchmark inputs are cached)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(cmd, check=True)
    return path


def machine() -> str:
    """A one-line description of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}, {platform.system()}"


def table(headers: list[str], rows: list[list[object]]) -> str:
    """Render a Markdown table."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells]
    return "\n".join([line, sep, *body])


def write_section(name: str, markdown: str, figures: list[Figure] | None = None) -> Path:
    """Save this benchmark's Markdown section to ``.bench/sections/NAME.md`` for the report.

    Its key figures (those ``benchmarks/recorded.json`` declares for ``name``, read out of
    ``markdown``, plus ``figures``) go to ``.bench/results/NAME.json`` with the load average,
    for ``run_all.py``'s "recorded vs now" table.
    """
    path = WORK / "sections" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown.rstrip() + "\n")
    print(markdown)
    write_results(name, markdown, WORK / "results", figures)
    return path


RETE_PY = WORK / "rete-venv" / "bin" / "python"
RETE_ENV = {"RETENTIONEERING_NO_TRACK": "1", "DO_NOT_TRACK": "1"}
RETE_VERSION = "5.2.4"


def retentioneering_missing(install: bool = True) -> str:
    """Why Retentioneering cannot run ("" when it can), installing it into its virtualenv first.

    The peer tool of the behaviour and sequence-clustering benchmarks: PyPI, its own
    virtualenv ``.bench/rete-venv`` (it never shares ours), telemetry off (``RETE_ENV``).
    """

    def importable() -> bool:
        cmd = [str(RETE_PY), "-c", "import retentioneering"]
        return RETE_PY.exists() and measure(cmd, env=RETE_ENV).returncode == 0

    if importable():
        return ""
    if not install:
        return f"no importable `retentioneering` in `{RETE_PY.parent.parent.name}` and --no-install"
    print(f"installing retentioneering=={RETE_VERSION} into {RETE_PY.parent.parent} ...", flush=True)
    steps = [
        [PY, "-m", "venv", str(RETE_PY.parent.parent)],
        [str(RETE_PY), "-m", "pip", "install", "--quiet", f"retentioneering=={RETE_VERSION}"],
    ]
    for step in steps:
        m = measure(step, env=RETE_ENV, timeout=1800)
        if m.returncode != 0:
            last = (m.stderr.strip().splitlines() or ["failed"])[-1][:200]
            return f"installing it failed (`{' '.join(step[-3:])}`: {last})"
    return "" if importable() else "installed, but `import retentioneering` fails"
