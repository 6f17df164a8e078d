"""Chaos run of the REST API on loopback: fuzzing with two workers, memory bound, kill -9 crashes.

Run by hand (``bash scripts/chaos.sh``); never part of ``make test``. Everything is bounded:
a request budget and a time budget per phase, a fixed number of crashes, servers on 127.0.0.1
only, a throw-away data directory. See docs/reliability.md for what it measures and the targets.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
GOAL = "college students interested in headphones"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_LIVE: list[subprocess.Popen[bytes]] = []  # servers to kill if the script itself is stopped


def _kill_live() -> None:
    for proc in _LIVE:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)


class Server:
    """``synthpersona serve --workers N`` on 127.0.0.1 in its own process group.

    Its own group, so ``kill -9`` takes every worker; the servers still running when the
    script ends or is stopped (SIGTERM, Ctrl-C) are killed too, never left behind.
    """

    def __init__(self, home: Path, database_url: str | None, workers: int, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "SYNTHPERSONA_HOME": str(home),
            "SYNTHPERSONA_POPULATION_SIZE": "3000",
            "PYTHONPATH": str(ROOT / "src"),
        }
        env.pop("SYNTHPERSONA_API_KEY", None)
        if database_url:
            env["SYNTHPERSONA_DATABASE_URL"] = database_url
        cmd = [sys.executable, "-c", "from synthpersona.cli import main; main()", "serve",
               "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)]  # fmt: skip
        self.log = log.open("ab")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=self.log, start_new_session=True)
        _LIVE.append(self.proc)

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"server not ready after {timeout:.0f} s; see {self.log.name}")

    def pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-g", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def rss_mb(self) -> dict[int, float]:
        sizes = {}
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1]) / 1024
            except OSError:
                continue
        return sizes

    def kill9(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill9()
        self.log.close()


def _access_lines(log: Path) -> list[dict[str, Any]]:
    out = []
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("{") and '"http_request"' in line:
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
    return out


# Operations whose valid requests do real work (a simulation, a segmentation): sampled, not bulk
HEAVY = r"^POST /(simulations|clusters|personas/dynamic)"


def _count_requests(log: Path) -> int:
    with log.open("rb") as fh:
        return sum(1 for line in fh if b'"http_request"' in line)


def fuzz(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Schemathesis against a 2-worker server until ``--requests`` are served or time is up."""
    log = work / "fuzz-server.log"
    server = Server(work / "home-fuzz", args.database_url, args.workers, log)
    peak: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for pid, mb in server.rss_mb().items():
                peak[pid] = max(peak.get(pid, 0.0), mb)
            stop.wait(0.5)

    try:
        server.wait_ready()
        threading.Thread(target=sample, daemon=True).start()
        deadline = time.time() + args.fuzz_seconds
        rounds = 0
        while time.time() < deadline and _count_requests(log) < args.requests:
            rounds += 1
            # the bulk: every cheap operation, many examples, concurrent clients, no shrinking;
            # then the heavy operations (a simulation costs ~100 cheap requests) sampled with few
            for flag, examples in (("--exclude-name-regex", args.examples),
                                   ("--include-name-regex", args.heavy_examples)):  # fmt: skip
                cmd = [str(Path(sys.executable).with_name("st")), "run", f"{server.url}/openapi.json",
                       "--checks", "not_a_server_error", "--max-examples", str(examples),
                       "--seed", str(rounds), "--workers", str(args.clients), "--request-timeout", "120",
                       "--max-failures", "10000", "--no-shrink", flag, HEAVY]  # fmt: skip
                remaining = max(30, int(deadline - time.time()))
                try:
                    subprocess.run(cmd, capture_output=True, timeout=remaining, cwd=work)
                except subprocess.TimeoutExpired:
                    break
                if time.time() >= deadline or _count_requests(log) >= args.requests:
                    break
    finally:
        stop.set()
        stopped_at = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        server.stop()
    lines = _access_lines(log)
    # a request still running when the script stops the server is cancelled by uvicorn's graceful
    # shutdown (10 s) and logged as a 500: counted apart, it is the script's doing, not the input's
    cut = [ln for ln in lines if ln.get("ts", "") >= stopped_at and int(ln.get("status", 0)) >= 500]
    errors = [ln for ln in lines if int(ln.get("status", 0)) >= 500 and ln not in cut]
    return {
        "requests": len(lines),
        "server_errors": len(errors),
        "cancelled_by_shutdown": len(cut),
        "error_paths": sorted({f"{e.get('method')} {e.get('path')}" for e in errors})[:20],
        "workers_logging": len({ln.get("pid") for ln in lines}),
        "peak_rss_mb": {str(k): round(v) for k, v in sorted(peak.items())},
    }


def _chat_burst(
    url: str, persona_id: str, run_id: str, acked: list[tuple[str, int]], stop: threading.Event
) -> None:
    cid: str | None = None
    sent = 0
    with httpx.Client(base_url=url, timeout=30) as c:
        while not stop.is_set():
            body: dict[str, Any] = {"message": f"question {sent}", "run_id": run_id}
            if cid:
                body["conversation_id"] = cid
            try:
                r = c.post(f"/personas/{persona_id}/chat", json=body)
            except httpx.TimeoutException:
                continue  # slow under load, not acknowledged: ask again
            except httpx.HTTPError:
                return  # the server died: what was acknowledged so far is what counts
            if r.status_code == 200:
                cid = r.json()["conversation_id"]
                sent += 1
                acked.append((cid, sent))


def _upload_burst(url: str, acked: list[str], stop: threading.Event) -> None:
    rows = "id,state,is_sale\n" + "".join(f"{i},S{i % 7},{i % 2}\n" for i in range(20_000))
    with httpx.Client(base_url=url, timeout=60) as c:
        while not stop.is_set():
            try:
                r = c.post("/datasets", files={"file": ("t.csv", rows.encode(), "text/csv")})
            except httpx.TimeoutException:
                continue
            except httpx.HTTPError:
                return
            if r.status_code == 201:
                acked.append(r.json()["dataset_id"])


def _job_burst(url: str, acked: list[str], stop: threading.Event) -> None:
    """Analyses as jobs on fresh uploads; every other dataset is deleted while its job runs."""
    rows = "id,state,plan,is_sale\n" + "".join(f"{i},S{i % 7},P{i % 3},{i % 2}\n" for i in range(3_000))
    n = 0
    with httpx.Client(base_url=url, timeout=60) as c:
        while not stop.is_set():
            try:
                r = c.post("/datasets", files={"file": ("j.csv", rows.encode(), "text/csv")})
                if r.status_code != 201:
                    continue
                did = r.json()["dataset_id"]
                r = c.post(f"/datasets/{did}/jobs", json={"k": 3})
                if r.status_code == 202:
                    acked.append(r.json()["job_id"])
                n += 1
                if n % 2:
                    time.sleep(0.3)
                    c.delete(f"/datasets/{did}")
            except httpx.TimeoutException:
                continue  # slow under load, not acknowledged: try again (as the chat and upload bursts do)
            except httpx.HTTPError:
                return


def _simulation_burst(url: str, acked: list[tuple[str, str]], stop: threading.Event) -> None:
    """Simulations on the sample log, in turn synchronous (201) and as jobs (202).

    ``acked`` gets ``("simulation", id)`` for each 201 and ``("job", id)`` for each 202: after the
    crash, each stored simulation must be readable with its files, each job finished or failed.
    """
    body = {"dataset_id": "sample", "n_personas": 200, "k": 3, "deck": False, "run_validation": False}
    n = 0
    with httpx.Client(base_url=url, timeout=300) as c:
        while not stop.is_set():
            n += 1
            try:
                if n % 2:
                    r = c.post("/simulations/jobs", json=body)
                    if r.status_code == 202:
                        acked.append(("job", r.json()["job_id"]))
                else:
                    r = c.post("/simulations", json=body)
                    if r.status_code == 201:
                        acked.append(("simulation", r.json()["simulation_id"]))
            except httpx.HTTPError:
                return


GOALS = (
    "college students interested in headphones",
    "working mothers in tier-2 cities",
    "retired men who cook",
)


def _goal_job_burst(url: str, acked: list[str], stop: threading.Event) -> None:
    """Goal segmentations as jobs (``POST /clusters/jobs``, run in the job's child process).

    ``acked`` gets each 202's job id: after the crash, each job must be finished or marked failed,
    and a finished one's run must be readable (``GET /runs/{run_id}``).
    """
    n = 0
    with httpx.Client(base_url=url, timeout=60) as c:
        while not stop.is_set():
            try:
                r = c.post("/clusters/jobs", json={"goal": GOALS[n % len(GOALS)], "k_max": 3 + n % 3})
            except httpx.HTTPError:
                return
            n += 1
            if r.status_code == 202:
                acked.append(r.json()["job_id"])
            stop.wait(2.0)


def _store_check(home: Path, database_url: str | None) -> dict[str, list[str]]:
    """``synthpersona store check --json --min-age 0`` on the stopped server's data."""
    env = {**os.environ, "SYNTHPERSONA_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    if database_url:
        env["SYNTHPERSONA_DATABASE_URL"] = database_url
    cmd = [sys.executable, "-c", "from synthpersona.cli import main; main()", "store", "check", "--json",
           "--min-age", "0"]  # fmt: skip
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False).stdout
    return dict(json.loads(out)["found"])


def crashes(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Chat, upload, analysis-job and simulation bursts, kill -9 at random, restart, check everything.

    Every acknowledged chat exchange, upload and simulation must be stored, every acknowledged job
    must be finished or marked failed, and ``synthpersona store check`` must find nothing left behind.
    """
    home = work / "home-crash"
    rng = random.Random(0)
    lost_messages = lost_uploads = lost_sims = lost_runs = orphans = stuck_jobs = 0
    n_sims = n_goal_jobs = 0
    orphan_kinds: dict[str, int] = {}
    n_jobs = 0
    acked_total = 0
    persona_id = run_id = None
    deadline = time.time() + args.crash_seconds
    done = 0
    # the server restarted to check a crash is the next crash's server (one start per crash)
    server = Server(home, args.database_url, args.workers, work / "crash-0.log")
    server.wait_ready()
    for i in range(args.crashes):
        if time.time() > deadline:
            break
        if persona_id is None:
            r = httpx.post(f"{server.url}/clusters/generate", json={"goal": GOAL, "k_max": 3}, timeout=300)
            run_id = r.json()["run_id"]
            r = httpx.post(f"{server.url}/personas/1", json={"run_id": run_id}, timeout=300)
            persona_id = r.json()["personas"][0]["persona_id"]
        stop = threading.Event()
        chats: list[tuple[str, int]] = []
        uploads: list[str] = []
        jobs: list[str] = []
        sims: list[tuple[str, str]] = []
        goal_jobs: list[str] = []
        threads = [threading.Thread(target=_chat_burst, args=(server.url, persona_id, run_id, chats, stop))
                   for _ in range(8)]  # fmt: skip
        threads.append(threading.Thread(target=_upload_burst, args=(server.url, uploads, stop)))
        threads.append(threading.Thread(target=_job_burst, args=(server.url, jobs, stop)))
        threads.append(threading.Thread(target=_simulation_burst, args=(server.url, sims, stop)))
        threads.append(threading.Thread(target=_goal_job_burst, args=(server.url, goal_jobs, stop)))
        for t in threads:
            t.start()
        # workers load the population on first use: crash once chats and uploads are acknowledged
        warm = time.time() + 120
        while not (chats and uploads) and time.time() < warm:
            time.sleep(0.2)
        time.sleep(rng.uniform(1.0, 4.0))
        server.kill9()
        stop.set()
        for t in threads:
            t.join(timeout=60)
        after = Server(home, args.database_url, args.workers, work / f"crash-{i}-check.log")
        after.wait_ready()
        with httpx.Client(base_url=after.url, timeout=30) as c:
            last: dict[str, int] = {}
            for cid, n in chats:
                last[cid] = max(n, last.get(cid, 0))
            for cid, n in last.items():
                r = c.get(f"/conversations/{cid}")
                stored = len(r.json().get("messages", [])) // 2 if r.status_code == 200 else 0
                lost_messages += max(0, n - stored)
            known = {d["dataset_id"] for d in c.get("/datasets").json()}
            for job_id in jobs:  # the restart marked every interrupted job failed
                r = c.get(f"/jobs/{job_id}")
                stuck_jobs += r.status_code == 200 and r.json()["status"] in ("queued", "running")
            for kind, ident in sims:
                if kind == "job":
                    r = c.get(f"/jobs/{ident}")
                    status = r.json()["status"] if r.status_code == 200 else "missing"
                    stuck_jobs += status in ("queued", "running")
                    if status != "succeeded":
                        continue  # failed by the crash: nothing was promised
                    ident = r.json()["result"]["simulation_id"]
                r = c.get(f"/simulations/{ident}")
                lost_sims += r.status_code != 200
            for job_id in goal_jobs:  # finished or failed; a finished job's run is stored
                r = c.get(f"/jobs/{job_id}")
                status = r.json()["status"] if r.status_code == 200 else "missing"
                stuck_jobs += status in ("queued", "running")
                if status == "succeeded":
                    lost_runs += c.get(f"/runs/{r.json()['result']['run_id']}").status_code != 200
        n_sims += len(sims)
        n_goal_jobs += len(goal_jobs)
        lost_uploads += len(set(uploads) - known)
        acked_total += sum(last.values()) + len(uploads) + sum(k == "simulation" for k, _ in sims)
        n_jobs += len(jobs)
        # after the restart's sweep, the server idle: every file or record left behind (store check)
        for kind, names in _store_check(home, args.database_url).items():
            orphans += len(names)
            orphan_kinds[kind] = orphan_kinds.get(kind, 0) + len(names)
        server = after
        done += 1
        # one line per crash on stderr: the figures so far survive a run stopped early
        print(
            json.dumps(
                {
                    "crash": done,
                    "acked": acked_total,
                    "lost_chat": lost_messages,
                    "lost_uploads": lost_uploads,
                    "lost_simulations": lost_sims,
                    "lost_goal_runs": lost_runs,
                    "jobs": n_jobs,
                    "goal_jobs": n_goal_jobs,
                    "simulations": n_sims,
                    "stuck_jobs": stuck_jobs,
                    "orphans": orphans,
                    "at": time.strftime("%H:%M:%S"),
                }
            ),
            file=sys.stderr,
            flush=True,
        )
    server.stop()
    return {
        "crashes": done,
        "acknowledged_writes": acked_total,
        "lost_chat_exchanges": lost_messages,
        "lost_uploads": lost_uploads,
        "analysis_jobs_acknowledged": n_jobs,
        "simulations_acknowledged": n_sims,
        "lost_simulations": lost_sims,
        "goal_jobs_acknowledged": n_goal_jobs,
        "lost_goal_runs": lost_runs,
        "jobs_left_queued_or_running": stuck_jobs,
        "orphans_after_restart": orphans,
        "orphans_by_kind": orphan_kinds,
    }


def _big_table(path: Path, target_bytes: int) -> int:
    """A leads-like CSV of about ``target_bytes`` (deterministic); returns its rows."""
    rng = random.Random(1)
    states, plans = [f"S{i}" for i in range(20)], ["basic", "plus", "pro"]
    rows = 0
    with path.open("w") as fh:
        fh.write("id,state,plan,age,income,visits,channel,city,is_sale\n")
        while fh.tell() < target_bytes - (1 << 20):  # chunks of ~60 KB: never past the target
            lines = [
                f"{rows + i},{rng.choice(states)},{rng.choice(plans)},{rng.randint(18, 80)},"
                f"{rng.randint(5, 500) * 1000},{rng.randint(0, 60)},{rng.choice('abcde')},"
                f"city_{rng.randint(0, 999):03d},{rng.randint(0, 1)}\n"
                for i in range(1_000)
            ]
            fh.writelines(lines)
            rows += len(lines)
    return rows


def _big_log(path: Path, target_bytes: int, max_events: int | None = None) -> int:
    """An event log CSV of about ``target_bytes`` (or ``max_events``); returns its events."""
    rng = random.Random(2)
    names = ["home", "search", "product", "cart", "checkout", "buy", "leave"]
    n = 0
    with path.open("w") as fh:
        fh.write("user_id,event,timestamp\n")
        user = 0
        while fh.tell() < target_bytes - (1 << 20) and (max_events is None or n < max_events - 2_000):
            lines = []
            for _ in range(200):
                user += 1
                for step in range(rng.randint(2, 12)):
                    lines.append(
                        f"u{user},{rng.choice(names)},2024-01-{1 + user % 28:02d} 10:{step:02d}:00\n"
                    )
            fh.writelines(lines)
            n += len(lines)
    return n


_OOXML = "http://schemas.openxmlformats.org"
_XML = '<?xml version="1.0" encoding="UTF-8"?>'
_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_REL = f"{_OOXML}/officeDocument/2006/relationships"
_XLSX_PARTS = {
    "[Content_Types].xml": f'{_XML}<Types xmlns="{_OOXML}/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_MIME}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_MIME}.worksheet+xml"/></Types>',
    "_rels/.rels": f'{_XML}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'{_XML}<workbook xmlns="{_OOXML}/spreadsheetml/2006/main" xmlns:r="{_REL}">'
    '<sheets><sheet name="leads" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'{_XML}<Relationships xmlns="{_OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _big_xlsx(path: Path, rows: int) -> int:
    """A leads-like workbook of ``rows`` rows (inline strings, written as XML): returns its XML bytes.

    Like a CRM export: small on disk (repetitive XML compresses ~100x), large once decompressed.
    """
    import zipfile

    rng = random.Random(3)
    states, plans = [f"S{i}" for i in range(20)], ["basic", "plus", "pro"]
    head = ("state", "plan", "age", "income", "is_sale")
    xml_bytes = 0

    def cells(values: tuple[object, ...]) -> str:
        return "".join(
            f'<c t="inlineStr"><is><t>{v}</t></is></c>' if isinstance(v, str) else f"<c><v>{v}</v></c>"
            for v in values
        )

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            parts = [f'{_XML}<worksheet xmlns="{_OOXML}/spreadsheetml/2006/main"><sheetData>'
                     f"<row>{cells(head)}</row>"]  # fmt: skip
            for i in range(rows):
                age, income = rng.randint(18, 80), rng.randint(5, 500) * 1000
                values = (rng.choice(states), rng.choice(plans), age, income, rng.randint(0, 1))
                parts.append(f"<row>{cells(values)}</row>")
                if len(parts) >= 5_000 or i == rows - 1:
                    data = "".join(parts).encode()
                    fh.write(data)
                    xml_bytes += len(data)
                    parts = []
            tail = b"</sheetData></worksheet>"
            fh.write(tail)
            xml_bytes += len(tail)
    return xml_bytes


class _Peak:
    """Peak RSS of each process of a server, sampled every 0.2 s while running."""

    def __init__(self, server: Server) -> None:
        self.server, self.mb = server, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.mb = max([self.mb, *self.server.rss_mb().values()])
            self._stop.wait(0.2)

    def __enter__(self) -> _Peak:
        self.idle = max(self.server.rss_mb().values(), default=0.0)
        self.began, self.seconds = time.monotonic(), 0.0
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.monotonic() - self.began
        self._stop.set()
        self._thread.join(timeout=5)


def _wait_job(c: httpx.Client, job_id: str) -> dict[str, Any]:
    while True:
        rec: dict[str, Any] = c.get(f"/jobs/{job_id}").json()
        if rec["status"] not in ("queued", "running"):
            return rec
        time.sleep(2)


def memory(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Peak RSS of the largest process under the largest requests the server accepts.

    The largest upload (``--upload-mb``, default the server's 200 MB body limit) as a table
    (upload with its preview, then an analysis job) and as an event log (a behaviour view),
    and the largest log the default memory budget accepts. Each step runs on a fresh server
    (memory a process kept from an earlier step would count otherwise); ``idle_mb`` is the
    largest process of that server before the step. Target: no process above 1 GB, or a 4xx
    naming the limit before the work.
    """
    size = args.upload_mb * 1024 * 1024 - 64 * 1024  # room for the multipart framing
    table, log, fits = work / "big_table.csv", work / "big_log.csv", work / "budget_log.csv"
    wanted = set(args.memory_steps.split(",")) if args.memory_steps else None
    csv_steps = wanted is None or bool(wanted & {"upload_table", "analysis_job"})
    log_steps = wanted is None or any(w.startswith("behaviour") for w in wanted)
    n_rows = _big_table(table, size) if csv_steps else 0
    n_events = _big_log(log, size) if log_steps else 0
    # about the largest log the default budget accepts: 1,024 MB minus what a process holds
    # idle (~330 MB with the upload staged), at 230 bytes an event (BYTES_PER_EVENT)
    n_fits = _big_log(fits, size, max_events=int((1024 - 330) * 1024 * 1024 / 230 * 0.95)) if log_steps else 0
    # workbooks: about the largest the limits accept (~121 MB of XML: a quarter of the decompressed
    # limit for Excel) and the 1M-row export (~142 MB of XML in a 7 MB file: refused)
    xlsx = {n: work / f"big_{n // 1000}k.xlsx" for n in (850_000, 1_000_000)}
    xml_mb = {}
    for n, path in xlsx.items():
        if wanted is None or f"upload_xlsx_{n // 1000}k_rows" in wanted:
            xml_mb[n] = round(_big_xlsx(path, n) / 2**20)
    steps: dict[str, Any] = {}
    plan = [
        ("upload_table", "/datasets", "file", table),
        ("analysis_job", "/datasets", "file", table),
        ("behaviour_graph_largest_upload", "/behaviour/graph", "events", log),
        ("behaviour_graph_within_budget", "/behaviour/graph", "events", fits),
        ("behaviour_job_within_budget", "/behaviour/graph/jobs", "events", fits),
        *((f"upload_xlsx_{n // 1000}k_rows", "/datasets", "file", path) for n, path in xlsx.items()),
    ]
    plan = [step for step in plan if wanted is None or step[0] in wanted]
    for i, (name, path, field, upload) in enumerate(plan):
        server = Server(work / f"home-memory-{i}", args.database_url, args.workers, work / f"memory-{i}.log")
        try:
            server.wait_ready()
            with httpx.Client(base_url=server.url, timeout=3600) as c:
                if name == "analysis_job":  # the upload first, then measure the analysis alone
                    r = c.post(path, files={field: (upload.name, upload.open("rb"))})
                    did = r.json()["dataset_id"]
                    time.sleep(2)
                    with _Peak(server) as peak:
                        r = c.post(f"/datasets/{did}/jobs", json={"k": 3})
                        rec = _wait_job(c, r.json()["job_id"]) if r.status_code == 202 else r.json()
                    status: Any = rec.get("status", r.status_code)
                    error = (rec.get("error") or {}).get("code")
                elif path.endswith("/jobs"):  # a job: its peak until it ends (the watchdog's bound)
                    with _Peak(server) as peak:
                        r = c.post(path, files={field: (upload.name, upload.open("rb"))})
                        rec = _wait_job(c, r.json()["job_id"]) if r.status_code == 202 else r.json()
                    status = rec.get("status", r.status_code)
                    error = (rec.get("error") or {}).get("code")
                else:
                    with _Peak(server) as peak:
                        r = c.post(path, files={field: (upload.name, upload.open("rb"))})
                    status = r.status_code
                    error = r.json().get("error", {}).get("code") if r.status_code >= 400 else None
            steps[name] = {"status": status, "error": error, "idle_mb": round(peak.idle),
                           "peak_rss_mb": round(peak.mb), "file_mb": round(upload.stat().st_size / 2**20, 1),
                           "seconds": round(peak.seconds, 1)}  # fmt: skip
            print(json.dumps({name: steps[name]}), file=sys.stderr, flush=True)
        finally:
            server.stop()
    return {
        "upload_mb": args.upload_mb,
        "table_rows": n_rows,
        "log_events": n_events,
        "budget_log_events": n_fits,
        "xlsx_xml_mb": {f"{n // 1000}k_rows": mb for n, mb in xml_mb.items()},
        "steps": steps,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("SYNTHPERSONA_DATABASE_URL"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=10_000, help="Fuzzed requests to reach.")
    parser.add_argument("--examples", type=int, default=100, help="Schemathesis examples per operation.")
    parser.add_argument("--heavy-examples", type=int, default=5, help="Examples per heavy operation a round.")
    parser.add_argument("--clients", type=int, default=4, help="Concurrent fuzzing clients.")
    parser.add_argument("--fuzz-seconds", type=int, default=3600, help="Time budget of the fuzz phase.")
    parser.add_argument("--crashes", type=int, default=30, help="kill -9 runs.")
    parser.add_argument(
        "--crash-seconds", type=int, default=4 * 3600, help="Time budget of the crash phase (stops early)."
    )
    parser.add_argument("--memory", action="store_true", help="Measure peak RSS under the largest uploads.")
    parser.add_argument("--upload-mb", type=int, default=200, help="Size of the memory phase's uploads.")
    parser.add_argument(
        "--memory-steps",
        default="",
        help="Comma-separated steps of the memory phase to run (default all): upload_table, analysis_job, "
        "behaviour_graph_largest_upload, behaviour_graph_within_budget, behaviour_job_within_budget, "
        "upload_xlsx_850k_rows, upload_xlsx_1000k_rows.",
    )
    parser.add_argument("--skip-fuzz", action="store_true")
    parser.add_argument("--skip-crashes", action="store_true")
    args = parser.parse_args()
    atexit.register(_kill_live)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks and atexit
    if args.database_url and not any(h in args.database_url for h in ("@127.0.0.1", "@localhost", "@[::1]")):
        raise SystemExit("chaos runs against a loopback database only (127.0.0.1/localhost)")
    work = Path(tempfile.mkdtemp(prefix="sp_chaos_"))
    admin_url = args.database_url
    if admin_url:  # a throw-away database beside the given one, dropped at the end
        args.database_url = _create_database(admin_url, f"sp_chaos_{work.name[-8:].lower()}")
    try:
        _run(args, work)
    finally:
        if admin_url:
            _drop_database(admin_url, args.database_url)


def _admin(url: str) -> Any:
    from sqlalchemy import create_engine

    driver_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(driver_url, isolation_level="AUTOCOMMIT")


def _create_database(url: str, name: str) -> str:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    with _admin(url).connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _drop_database(admin_url: str, url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    with _admin(admin_url).connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


def _run(args: argparse.Namespace, work: Path) -> None:
    backend = "postgresql" if args.database_url else "sqlite"
    report: dict[str, Any] = {"backend": backend, "workdir": str(work)}
    if not args.skip_fuzz:
        report["fuzz"] = fuzz(args, work)
        print(json.dumps(report["fuzz"]), flush=True)
    if args.memory:
        report["memory"] = memory(args, work)
        print(json.dumps(report["memory"]), flush=True)
    if not args.skip_crashes:
        report["crash"] = crashes(args, work)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
