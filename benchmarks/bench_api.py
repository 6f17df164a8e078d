"""REST API: chat throughput/latency under load and /clusters/generate cold vs cached, over loopback.

    .venv/bin/python benchmarks/bench_api.py [--quick]

Targets (issue 3): chat with the offline engine ≥ 1,000 requests/s with p99 < 50 ms on
2 cores (load from a second process on loopback, bounded in count and time);
``/clusters/generate`` cold vs cached latency on the 50,000-person default population.
The server is ``synthpersona serve`` (uvicorn + httptools/uvloop when installed,
SQLite store in a fresh data directory); load comes from Debian's ``wrk`` when
installed, else from an asyncio httpx client in a second process. Seed 000's baseline
(``dynamic_api_baseline.py``) runs the same goal on the same population for the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import BASELINES, PY, ROOT, WORK, ensure_file, machine, measure, table, write_section

CLI = str(ROOT / ".venv" / "bin" / "synthpersona")
GOAL = "college students interested in headphones"
GOAL2 = "Gen Z moms in tier-2 cities"
MESSAGES = [
    "What about the price?",
    "Do you use EMI?",
    "What do you think about Bose headphones?",
    "Hi!",
    "Do you worry about your data?",
    "Would you buy it?",
    "Is Sony better than Bose?",
    "How is delivery?",
]
LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local msgs = {%s}
local i = 0
request = function()
  i = i + 1
  local body = '{"message": "' .. msgs[(i %% #msgs) + 1] .. '", "run_id": "%s"}'
  return wrk.format(nil, "/personas/%s/chat", nil, body)
end
"""


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (uvicorn workers are children)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except (OSError, ValueError):
            continue
    return total / 1024


class Server:
    """``synthpersona serve`` as a child process; tracks the peak RSS of its process tree."""

    def __init__(self, home: Path, port: int, workers: int) -> None:
        self.home, self.port, self.workers = home, port, workers
        self.peak_mb = 0.0
        self.proc: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        env = {**os.environ, "SYNTHPERSONA_HOME": str(self.home)}
        for var in ("SYNTHPERSONA_LLM_BASE_URL", "SYNTHPERSONA_API_KEY", "SYNTHPERSONA_DATABASE_URL"):
            env.pop(var, None)
        log = open(WORK / "api_server.log", "w")
        self.proc = subprocess.Popen(
            [
                CLI,
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=log,
            stderr=log,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    time.sleep(1.0 if self.workers > 1 else 0)  # let every worker finish starting
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited: {(WORK / 'api_server.log').read_text()[-2000:]}")
            time.sleep(0.3)
        raise SystemExit("server did not start within 180 s")

    def sample(self) -> None:
        if self.proc is not None:
            self.peak_mb = max(self.peak_mb, _tree_rss_mb(self.proc.pid))

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def timed_post(client: httpx.Client, path: str, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    t0 = time.perf_counter()
    r = client.post(path, json=body)
    dt = time.perf_counter() - t0
    r.raise_for_status()
    return dt, r.json()


def load_wrk(server: Server, run_id: str, persona_id: str, seconds: int, connections: int) -> dict[str, Any]:
    script = WORK / "api_chat.lua"
    msgs = ", ".join(json.dumps(m) for m in MESSAGES)
    script.write_text(LUA % (msgs, run_id, persona_id))
    proc = subprocess.Popen(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), server.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while proc.poll() is None:
        server.sample()
        time.sleep(0.2)
    out = proc.stdout.read() if proc.stdout else ""

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        return float(m.group(1)) * scale

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "tool": f"wrk -t1 -c{connections} -d{seconds}s",
        "rps": rps,
        "requests": total,
        "p50": ms("50"),
        "p90": ms("90"),
        "p99": ms("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


_ASYNC_CLIENT = r"""
import asyncio, json, sys, time
import httpx
url, run_id, pid = sys.argv[1:4]
seconds, conc, msgs = float(sys.argv[4]), int(sys.argv[5]), json.loads(sys.argv[6])
lat, errors = [], 0
async def worker(c, stop):
    global errors
    i = 0
    while time.perf_counter() < stop:
        t = time.perf_counter()
        r = await c.post(f"/personas/{pid}/chat", json={"message": msgs[i % len(msgs)], "run_id": run_id})
        lat.append(time.perf_counter() - t); i += 1
        errors += r.status_code != 200
async def main():
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as c:
        t0 = time.perf_counter(); stop = t0 + seconds
        await asyncio.gather(*[worker(c, stop) for _ in range(conc)])
        return time.perf_counter() - t0
el = asyncio.run(main()); lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
out = {"rps": len(lat) / el, "requests": len(lat), "errors": errors}
print(json.dumps({**out, "p50": q(.5), "p90": q(.9), "p99": q(.99)}))
"""


def load_httpx(
    server: Server, run_id: str, persona_id: str, seconds: int, connections: int
) -> dict[str, Any]:
    proc = subprocess.Popen(
        [
            PY,
            "-c",
            _ASYNC_CLIENT,
            server.url,
            run_id,
            persona_id,
            str(seconds),
            str(connections),
            json.dumps(MESSAGES),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while proc.poll() is None:
        server.sample()
        time.sleep(0.2)
    data = json.loads(proc.stdout.read() if proc.stdout else "{}")
    return {"tool": f"httpx async client, {connections} connections, {seconds} s", **data}


def run_baseline(goal: str) -> dict[str, Any]:
    pop = ensure_file(
        WORK / "users_50000.parquet",
        [
            CLI,
            "population",
            "generate",
            "--rows",
            "50000",
            "--seed",
            "0",
            "--out",
            str(WORK / "users_50000.parquet"),
        ],
    )
    m = measure([PY, str(BASELINES / "dynamic_api_baseline.py"), str(pop), goal], timeout=600)
    if m.returncode != 0:
        return {"seconds": m.seconds, "peak_mb": m.peak_mb, "failed": m.stderr.strip()[-200:]}
    meta = json.loads(m.stdout)["meta"]
    return {"seconds": m.seconds, "peak_mb": m.peak_mb, "silhouette": meta.get("silhouette"), "failed": None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="shorter load (5 s instead of 15 s)")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn workers for the chat load")
    ap.add_argument("--connections", type=int, default=16)
    args = ap.parse_args()
    seconds = 5 if args.quick else 15
    home = WORK / "api_home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)

    # 1) /clusters/generate: first request (loads population and models), new goal, cache, restart
    with Server(home, 8931, workers=1) as server, httpx.Client(base_url=server.url, timeout=600) as c:
        first_s, run = timed_post(c, "/clusters/generate", {"goal": GOAL})
        server.sample()
        cold_s, _ = timed_post(c, "/clusters/generate", {"goal": GOAL2})
        cached = sorted(timed_post(c, "/clusters/generate", {"goal": GOAL})[0] for _ in range(20))
        assert timed_post(c, "/clusters/generate", {"goal": GOAL})[1]["cached"] is True
        server.sample()
        gen_peak = server.peak_mb
    with Server(home, 8932, workers=1) as server, httpx.Client(base_url=server.url, timeout=600) as c:
        restart_s, again = timed_post(c, "/clusters/generate", {"goal": GOAL})
        assert again["cached"] is True and again["run_id"] == run["run_id"]
    base = run_baseline(GOAL)

    # 2) chat load with the offline engine on a persona of that run
    persona_id = "dyn_1_0"
    with Server(home, 8933, workers=args.workers) as server:
        httpx.post(
            f"{server.url}/personas/{persona_id}/chat",
            json={"message": "Hi", "run_id": run["run_id"]},
            timeout=30,
        ).raise_for_status()
        loader = load_wrk if shutil.which("wrk") else load_httpx
        load = loader(server, run["run_id"], persona_id, seconds, args.connections)
        chat_peak = server.peak_mb

    cached_med = cached[len(cached) // 2]
    rows = [
        [
            "POST /clusters/generate — first request after start (builds population, loads models)",
            f"{first_s * 1000:.0f} ms",
            "",
        ],
        ["POST /clusters/generate — new goal, warm server (cold compute)", f"{cold_s * 1000:.0f} ms", ""],
        [
            "POST /clusters/generate — identical request (cache), median of 20",
            f"{cached_med * 1000:.1f} ms",
            f"{cold_s / cached_med:.0f}× faster than cold",
        ],
        [
            "POST /clusters/generate — identical request after a restart (from the store)",
            f"{restart_s * 1000:.1f} ms",
            "",
        ],
        [
            "seed 000 baseline, same goal, same 50,000 people (process)",
            f"{base['seconds'] * 1000:.0f} ms" + (" ✗" if base.get("failed") else ""),
            f"cached: {base['seconds'] / cached_med:.0f}×, cold: {base['seconds'] / cold_s:.1f}× "
            "(their time / ours)",
        ],
        [
            f"chat, offline engine ({load['tool']}, {args.workers} workers)",
            f"{load['rps']:,.0f} req/s",
            f"p50 {load['p50']:.1f} ms • p90 {load['p90']:.1f} ms • "
            f"p99 {load['p99']:.1f} ms • {load['requests']:,} requests, {load['errors']} errors",
        ],
        [
            "peak memory of the server (process tree)",
            f"{max(gen_peak, chat_peak):.0f} MB",
            f"baseline process {base['peak_mb']:.0f} MB",
        ],
    ]
    print(table(["measure", "value", "notes"], rows))
    met_rps = load["rps"] >= 1000
    met_p99 = load["p99"] < 50
    md = [
        f"Machine: {machine()} (shared with other jobs while measured; load average "
        f"{os.getloadavg()[0]:.1f}). Server: `synthpersona serve --workers {args.workers}` (uvicorn"
        f"{' + httptools/uvloop' if _has('httptools') else ''}), SQLite store (WAL), "
        "every chat exchange committed before its reply "
        "(group commit); load from a second process on loopback.",
        "",
        table(["measure", "value", "notes"], rows),
        "",
        f"- chat ≥ 1,000 requests/s: {load['rps']:,.0f} req/s — {'met' if met_rps else 'NOT met'}",
        f"- chat p99 < 50 ms: {load['p99']:.1f} ms — {'met' if met_p99 else 'NOT met'}",
        f"- /clusters/generate cold vs cached on 50,000 people: {cold_s * 1000:.0f} ms vs "
        f"{cached_med * 1000:.1f} ms — recorded",
    ]
    write_section("api", "\n".join(md))


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


if __name__ == "__main__":
    main()
