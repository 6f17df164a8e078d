"""Drawing charts in a helper process that starts before the data is ready.

matplotlib's import and drawing are pure Python: about half a second to import and a
few tenths of a second per figure, all under the GIL. A helper process does that work
on another core while the caller imports pandas, reads and clusters the table. The
caller falls back to drawing in its own process whenever the helper cannot be started
or fails, so charts never go missing because of it.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any

__all__ = ["ChartJob", "ChartProcess"]

_log = logging.getLogger(__name__)
# the folder holding the synthpersona package: the worker is told about it unless it is a
# site-packages folder (when synthpersona runs from a source tree, e.g. PYTHONPATH=src)
_ROOT = str(Path(__file__).resolve().parents[2])
ChartJob = tuple[str, Any, Path]  # (kind: "dashboard" | "pca", chart data, output path)


def _site_dirs() -> set[str]:
    import site

    dirs = [*site.getsitepackages(), site.getusersitepackages()]
    return {str(Path(d).resolve()) for d in dirs}


class ChartProcess:
    """A chart worker process: start it early, hand it the chart data later, then wait.

    Parameters
    ----------
    timeout
        Seconds :meth:`wait` waits for the charts before giving up and drawing them in
        the caller (they take about a second, whatever the size of the table).

    Examples
    --------
    >>> with ChartProcess().start() as charts:  # doctest: +SKIP
    ...     data = ...  # read and cluster the table meanwhile
    ...     charts.submit([("pca", pca_data(analysis), Path("out/pca.png"))])
    ...     ok = charts.wait()  # False: draw in this process instead
    """

    def __init__(self, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._jobs: list[ChartJob] = []

    def start(self) -> ChartProcess:
        """Start the worker (it imports matplotlib at once); on failure, stay idle and log why."""
        if self._proc is not None:
            return self
        env = dict(os.environ)
        if _ROOT not in _site_dirs():
            env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH", "")) if p)
        # kept open for the worker's lifetime, closed in close()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "synthpersona.reporting._chart_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                env=env,
            )
        except OSError as exc:
            _log.warning("chart worker could not start (%s); charts are drawn in this process", exc)
            self._proc = None
        return self

    def submit(self, jobs: list[ChartJob]) -> bool:
        """Hand the worker its jobs (returns at once if it is ready); ``False`` if it cannot take them."""
        proc = self._proc
        if proc is None or proc.stdin is None or self._jobs:
            return False
        try:
            proc.stdin.write(pickle.dumps(jobs, protocol=pickle.HIGHEST_PROTOCOL))
            proc.stdin.close()
        except (BrokenPipeError, OSError) as exc:
            self._fail(f"the worker stopped before it took its jobs ({exc})")
            return False
        self._jobs = list(jobs)
        return True

    def wait(self) -> bool:
        """Wait for the submitted charts; ``True`` when every one of them was written."""
        proc = self._proc
        if proc is None or not self._jobs:
            return False
        try:
            code = proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self._fail(f"the worker took longer than {self.timeout:.0f} s")
            return False
        if code != 0:
            self._fail(f"the worker exited with code {code}")
            return False
        missing = [str(path) for _, _, path in self._jobs if not Path(path).is_file()]
        if missing:
            self._fail(f"the worker did not write {', '.join(missing)}")
            return False
        return True

    def close(self) -> None:
        """Stop the worker if it is still running and release its resources."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc is not None and proc.stdin is not None and not proc.stdin.closed:
            proc.stdin.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _fail(self, why: str) -> None:
        detail = ""
        if self._stderr is not None:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {lines[-1]}" if lines else ""
        _log.warning("chart worker failed, %s%s; charts are drawn in this process", why, detail)
        self.close()

    def __enter__(self) -> ChartProcess:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
