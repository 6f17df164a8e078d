"""Chart worker: a helper process that draws PNG charts while its parent computes.

Started by :class:`synthpersona.reporting.ChartProcess` as
``python -m synthpersona.reporting._chart_worker``. It imports matplotlib and warms up
its fonts at once (half a second of pure-Python work that would otherwise hold the
parent's GIL), then reads one pickled list of ``(kind, data, path)`` jobs from stdin,
draws the charts (several at once in forked copies of itself), writes each atomically
to ``path`` and prints ``ok``. End of input without a job (the parent had nothing to
draw, or failed) is a normal exit.

Only the parent writes to the pipe, so unpickling is as trusted as the parent itself.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from synthpersona._files import atomic_write_bytes
from synthpersona.reporting._table_charts import draw_dashboard, draw_pca, warm_up

DRAWERS: dict[str, Callable[[Any], bytes]] = {"dashboard": draw_dashboard, "pca": draw_pca}


def main() -> int:
    """Serve one batch of chart jobs from stdin; return the exit code."""
    warm_up()
    try:
        jobs = pickle.load(sys.stdin.buffer)
    except EOFError:
        return 0
    # the first job is drawn here, every further one at the same time by a forked copy of
    # this warmed-up process (fork is safe: the worker runs no threads of its own)
    forked = jobs[1:] if hasattr(os, "fork") else []
    children = [_forked(job) for job in forked]
    for job in jobs[: len(jobs) - len(forked)]:
        _draw(job)
    failed = [pid for pid in children if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0]
    if failed:
        sys.stderr.write(f"{len(failed)} chart(s) failed in forked workers\n")
        return 1
    sys.stdout.write("ok\n")
    sys.stdout.flush()
    sys.stderr.flush()
    # the files are complete; skip the interpreter's teardown of matplotlib
    os._exit(0)


def _draw(job: tuple[str, Any, Path]) -> None:
    kind, data, path = job
    atomic_write_bytes(path, DRAWERS[kind](data))


def _forked(job: tuple[str, Any, Path]) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            _draw(job)
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
        os._exit(0)
    return pid


if __name__ == "__main__":
    sys.exit(main())
