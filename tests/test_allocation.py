"""The process setting that has freed arrays reused (synthpersona.allocation), in fresh interpreters."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest

_PROBE = r"""
import json, resource, sys
from synthpersona.allocation import reuse_freed_memory
modes = {"tuned": {}, "small_pages_only": {"keep_freed": False}}
changed = reuse_freed_memory(**modes[sys.argv[1]]) if sys.argv[1] in modes else {}
import numpy as np, pyarrow as pa

def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

a = np.ones(8_000_000)  # 64 MB: above glibc's largest mmap threshold (32 MB)
del a
before = faults()
b = np.ones(8_000_000)
print(json.dumps({
    "changed": sorted(changed),
    "fresh_pages": faults() - before,
    "numpy_huge_pages": bool(np._core.multiarray._set_madvise_hugepage(False)),
    "arrow_pool": pa.default_memory_pool().backend_name,
}))
"""
_OURS = ("NUMPY_MADVISE_HUGEPAGE", "ARROW_DEFAULT_MEMORY_POOL", "GLIBC_TUNABLES")


def _probe(mode: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in _OURS and not k.startswith("MALLOC_")}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the malloc part is glibc's")
def test_a_freed_large_array_is_reused_not_taken_fresh_from_the_kernel() -> None:
    small_pages, tuned = _probe("default", NUMPY_MADVISE_HUGEPAGE="0"), _probe("tuned")
    pages = 64_000_000 // 4096
    assert small_pages["fresh_pages"] > pages // 2  # glibc returned the first array; the second faults in
    assert tuned["fresh_pages"] < pages // 10  # the heap kept it
    assert tuned["changed"] == ["arrow", "malloc", "numpy"]


def test_without_keep_freed_only_numpy_changes() -> None:
    # Arrow through a malloc that returns what it frees raised `leads analyze`'s peak (449 -> 529 MB)
    got = _probe("small_pages_only")
    assert got["changed"] == ["numpy"]
    assert got["fresh_pages"] > 64_000_000 // 4096 // 2  # malloc returns the freed array as before
    assert got["numpy_huge_pages"] is False and got["arrow_pool"] != "system"


def test_numpy_stops_asking_for_huge_pages_and_arrow_allocates_through_malloc() -> None:
    default, tuned = _probe("default"), _probe("tuned")
    assert default["numpy_huge_pages"] is (platform.system() == "Linux")
    assert tuned["numpy_huge_pages"] is False
    assert default["arrow_pool"] != "system" and tuned["arrow_pool"] == "system"


def test_settings_the_user_made_in_the_environment_win() -> None:
    got = _probe(
        "tuned", NUMPY_MADVISE_HUGEPAGE="1", ARROW_DEFAULT_MEMORY_POOL="jemalloc", MALLOC_ARENA_MAX="2"
    )
    assert got["changed"] == []
    assert got["numpy_huge_pages"] is True
    assert got["arrow_pool"] == "jemalloc"
