"""Test seam of the browser test: hold a UI job at one named step until it is cancelled.

Python imports ``sitecustomize`` at start-up from ``PYTHONPATH``; only the browser test's second app
server puts this folder there, with ``SYNTHPERSONA_TEST_HOLD_STEP`` naming the step. A job that
reports that step then waits there (checking for cancel and its budgets, as a running step does),
so the test can reload and cancel a job that is still running however fast the machine is.
The wait is bounded (``SYNTHPERSONA_TEST_HOLD_SECONDS``, 300 s): the step then goes on.
"""

from __future__ import annotations

import os
import time

_STEP = os.environ.get("SYNTHPERSONA_TEST_HOLD_STEP")

if _STEP:
    from synthpersona.usecases import jobs as _jobs

    _progress = _jobs.JobContext.progress
    _limit = float(os.environ.get("SYNTHPERSONA_TEST_HOLD_SECONDS", "300"))

    def _held_progress(self: _jobs.JobContext, step: str) -> None:
        _progress(self, step)
        if step != _STEP:
            return
        until = time.monotonic() + _limit
        while time.monotonic() < until:
            self.check()  # a cancel (or a spent budget) stops the job here, as at any step
            time.sleep(0.2)

    _jobs.JobContext.progress = _held_progress  # type: ignore[method-assign]
