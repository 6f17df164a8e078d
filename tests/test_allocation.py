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


_RETURNS = r"""
import json, sys
import numpy as np
from synthpersona.allocation import return_freed_memory, reuse_freed_memory

def rss_mb():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) / 1024

if sys.argv[1] == "after_keep":
    reuse_freed_memory()
changed = return_freed_memory() if sys.argv[1] != "default" else {}
a = np.ones(30_000_000 // 8)  # mapped on its own; freeing it raises glibc's threshold to 30 MB
del a
before = rss_mb()
b = np.ones(20_000_000 // 8)  # under the raised threshold: from the heap
del b
print(json.dumps({"changed": sorted(changed), "kept_mb": rss_mb() - before, "again": return_freed_memory()}))
"""


def _returns(mode: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in _OURS and not k.startswith("MALLOC_")}
    out = subprocess.run(
        [sys.executable, "-c", _RETURNS, mode],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the malloc part is glibc's")
def test_return_freed_memory_hands_a_freed_large_block_back_after_a_larger_one_was_freed() -> None:
    default, returned = _returns("default"), _returns("returns")
    assert default["kept_mb"] > 15  # glibc's raised threshold: the 20 MB block stayed in the heap
    assert returned["changed"] == ["malloc"] and returned["kept_mb"] < 5
    assert returned["again"] == {}  # once per process


def test_return_freed_memory_leaves_kept_memory_and_the_users_setting_alone() -> None:
    assert _returns("after_keep")["changed"] == []  # the clickstream commands keep freed blocks
    assert _returns("returns", MALLOC_ARENA_MAX="2")["changed"] == []
