"""Chat through the API, A/B: two source trees measured back to back, several rounds.

    .venv/bin/python benchmarks/chat_api_ab.py OLD_SRC NEW_SRC [--rounds 3] [--seconds 8]

Each source tree (a ``src`` directory, e.g. from ``git archive COMMIT src``) is served by
``synthpersona serve --workers 2`` in its own fresh home with one generated run; ``wrk``
(16 connections, one thread) posts the same eight chat messages as ``bench_api.py``, one
new conversation per request (so every request is also a store write). The trees
alternate (A, B, A, B ...) so that the shared machine's varying load hits both alike; the
load average is printed with every round. Not part of ``make bench`` (it needs two trees).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import LUA, MESSAGES

PY = sys.executable
GOAL = "college students interested in headphones"


def _tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants (uvicorn workers are children)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(k) for k in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def _parse(out: str) -> dict[str, float]:
    import re

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)] if m else 0.0
        return float(m.group(1)) * scale if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else float("nan"),
        "p50": ms("50"),
        "p99": ms("99"),
        "requests": float(total.group(1)) if total else float("nan"),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


class Served:
    """One source tree served on a port, with a run generated in a fresh home."""

    def __init__(self, src: Path, port: int, workers: int, home: Path | None = None) -> None:
        self.src, self.port, self.workers = src, port, workers
        self.keep = home is not None
        self.home = home or Path(tempfile.mkdtemp(prefix="chat_ab_"))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Served:
        env = {**os.environ, "SYNTHPERSONA_HOME": str(self.home), "PYTHONPATH": str(self.src)}
        for var in ("SYNTHPERSONA_LLM_BASE_URL", "SYNTHPERSONA_API_KEY", "SYNTHPERSONA_DATABASE_URL"):
            env.pop(var, None)
        cmd = [PY, "-c", "from synthpersona.cli import main; main()", "serve", "--port", str(self.port)]
        cmd += ["--workers", str(self.workers), "--log-level", "warning"]
        log = open(self.home / "server.log", "wb")
        self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    time.sleep(1.0)
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit((self.home / "server.log").read_text()[-2000:])
            time.sleep(0.3)
        raise SystemExit("server did not start")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        if not self.keep:
            shutil.rmtree(self.home, ignore_errors=True)

    def prepare(self) -> tuple[str, str]:
        with httpx.Client(base_url=self.url, timeout=600) as c:
            for _ in range(3):  # a loaded machine can make the first generation fail; retry
                r = c.post("/clusters/generate", json={"goal": GOAL})
                if r.status_code == 200:
                    break
            if r.status_code != 200:
                log = (self.home / "server.log").read_text(errors="replace")[-1500:]
                raise SystemExit(f"{self.src}: /clusters/generate: {r.status_code} {r.text[:200]}\n{log}")
            return r.json()["run_id"], "dyn_1_0"

    def warm(self, run_id: str, pid: str) -> None:
        with httpx.Client(base_url=self.url, timeout=600) as c:
            for _ in range(20):  # warm every worker (persona cache, first-use imports)
                c.post(f"/personas/{pid}/chat", json={"message": "Hi", "run_id": run_id}).raise_for_status()

    def wrk(self, run_id: str, pid: str, seconds: int, connections: int) -> dict[str, float]:
        script = self.home / "chat.lua"
        script.write_text(LUA % (", ".join(json.dumps(m) for m in MESSAGES), run_id, pid))
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), self.url]
        assert self.proc is not None
        cpu0 = _tree_cpu_s(self.proc.pid)
        res = _parse(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        # server CPU per request: much steadier than req/s on a shared machine
        res["cpu_ms"] = 1000 * (_tree_cpu_s(self.proc.pid) - cpu0) / res["requests"]
        return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trees", nargs="+", type=Path, help="src directories (label = parent folder name)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    results: dict[str, list[dict[str, float]]] = {str(t): [] for t in args.trees}
    for r in range(args.rounds):
        for i, tree in enumerate(args.trees):
            home = Path(tempfile.mkdtemp(prefix="chat_ab_"))
            # the run is generated by a one-worker server (as in bench_api.py), then chatted with
            with Served(tree.resolve(), 8951 + i, 1, home) as s:
                run_id, pid = s.prepare()
            with Served(tree.resolve(), 8951 + i, args.workers, home) as s:
                s.warm(run_id, pid)
                res = s.wrk(run_id, pid, args.seconds, args.connections)
            shutil.rmtree(home, ignore_errors=True)
            res["load"] = os.getloadavg()[0]
            results[str(tree)].append(res)
            print(
                f"round {r + 1} {tree}: {res['rps']:.0f} req/s p50 {res['p50']:.1f} ms "
                f"p99 {res['p99']:.1f} ms, server CPU {res['cpu_ms']:.2f} ms/request, "
                f"errors {res['errors']:.0f} (load {res['load']:.1f})",
                flush=True,
            )
    for tree, rs in results.items():
        rps = sorted(x["rps"] for x in rs)
        p99 = sorted(x["p99"] for x in rs)
        cpu = sorted(x["cpu_ms"] for x in rs)
        print(
            f"{tree}: best {rps[-1]:.0f} req/s, median {rps[len(rps) // 2]:.0f} req/s, "
            f"median p99 {p99[len(p99) // 2]:.1f} ms, median server CPU {cpu[len(cpu) // 2]:.2f} ms/request"
        )


if __name__ == "__main__":
    main()
