"""OpenMP threads of the libraries synthpersona uses do not spin long at barriers (shared machines)."""

from __future__ import annotations

import os
import subprocess
import sys


def _spincount(env: dict[str, str]) -> str:
    code = "import synthpersona, sklearn.cluster, os; print(os.environ.get('GOMP_SPINCOUNT'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_importing_synthpersona_bounds_openmp_spinning_unless_the_caller_chose() -> None:
    env = {k: v for k, v in os.environ.items() if k != "GOMP_SPINCOUNT"}
    assert _spincount(env) == "10000"
    assert _spincount({**env, "GOMP_SPINCOUNT": "INFINITY"}) == "INFINITY"
