"""How a synthpersona process takes memory from the kernel: small pages, freed memory reused.

A pipeline over a big log frees and re-allocates arrays of tens of megabytes many times: the
5,000,000-event fit peaks at ~0.8 GB but, with the defaults below, takes ~3 GB of fresh pages
from the kernel over its life. Each fresh page is zeroed by the kernel, and three defaults
make that the dominant cost on Linux, measured on the team's 2-core VM:

- NumPy asks for transparent huge pages (``madvise(MADV_HUGEPAGE)``) on every array of 4 MB
  or more. Where ``/sys/kernel/mm/transparent_hugepage/defrag`` is ``madvise`` (a common
  default) a huge-page fault compacts memory synchronously, and on a VM whose free memory is
  handed back to the host (virtio-balloon free-page reporting) each 2 MB block is faulted in
  from the host again: 500 MB of fresh arrays took 2.9-6.2 s there against 0.6-0.8 s in
  4 KB pages.
- glibc's ``malloc`` gives every block above its mmap threshold (at most 32 MB) back to the
  kernel on ``free``, so the next array of that size is fresh zeroed memory again.
- Arrow's default allocator (mimalloc) purges freed pages the same way.

:func:`reuse_freed_memory` turns the three off for the calling process: NumPy's huge-page
advice off, ``malloc`` keeps large blocks in its heap (no mmap; up to 1 GiB of free memory at
the top of the heap is kept for reuse, the rest is returned), Arrow allocates through
``malloc``. The command line calls it at the start of every batch command (not ``serve``
or ``ui``: a long-lived server keeps the defaults and its lower, bounded peak), with the
``malloc`` part only for the clickstream commands (``simulate``, ``behaviour``), whose
pipelines re-allocate the same large arrays; a library user may call it once, early.
Settings the user made in the environment (``NUMPY_MADVISE_HUGEPAGE``, ``GLIBC_TUNABLES`` or
``MALLOC_*`` variables, ``ARROW_DEFAULT_MEMORY_POOL``) win over it. The cost of the
``malloc`` part: the 5M-event fit's peak grows from ~0.8 to ~0.93 GB, as freed blocks are
kept rather than returned.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
import threading
from typing import Any

__all__ = ["KEEP_FREE_BYTES", "MMAP_THRESHOLD_BYTES", "return_freed_memory", "reuse_freed_memory"]

KEEP_FREE_BYTES = 1 << 30
"""Free memory at the top of the heap that ``malloc`` keeps for reuse instead of returning it."""

MMAP_THRESHOLD_BYTES = 1 << 20
"""From this size up, :func:`return_freed_memory` has blocks mapped on their own and returned on ``free``."""

_M_TRIM_THRESHOLD = -1  # glibc mallopt parameter numbers (malloc.h)
_M_MMAP_THRESHOLD = -3
_M_MMAP_MAX = -4

_lock = threading.Lock()
_done = False
_kept = False  # reuse_freed_memory() had malloc keep freed blocks: return_freed_memory() leaves it
_returned = False


def reuse_freed_memory(*, keep_freed: bool = True) -> dict[str, str]:
    """Have this process take small pages and reuse the memory it frees (see the module text).

    NumPy and Arrow, when not imported yet, get the setting through their environment
    variables (so processes this one starts inherit those two); ``malloc``'s setting is this
    process's own. Explicit settings in the environment are left as they are.

    Parameters
    ----------
    keep_freed
        Also have ``malloc`` keep large freed blocks and Arrow allocate through it
        (``False``: only the NumPy part). Keeping them saves the re-faulting of pipelines
        that free and re-allocate arrays of tens of MB (the 5M-event fit: system time
        2.1-4.0 s -> 0.6 s) but raises the peak of others (``leads analyze`` 1M rows: 449 MB
        with the defaults, 580 MB with all three parts, 529 MB with NumPy and Arrow).

    Returns
    -------
    dict
        What was changed, by part (``"numpy"``, ``"malloc"``, ``"arrow"``); empty when called
        before in this process or when nothing applies (not Linux/glibc, the user's settings).

    Examples
    --------
    >>> changed = reuse_freed_memory()
    >>> set(changed) <= {"numpy", "malloc", "arrow"}
    True
    >>> reuse_freed_memory()  # once per process is enough
    {}
    """
    global _done
    with _lock:
        if _done:
            return {}
        _done = True
        steps = [("numpy", _numpy_small_pages)]
        if keep_freed:  # Arrow through malloc only pays where malloc keeps what it frees
            steps += [("malloc", _malloc_keeps_freed), ("arrow", _arrow_via_malloc)]
        changed = {part: note for part, step in steps if (note := step())}
        global _kept
        _kept = "malloc" in changed
        return changed


def return_freed_memory() -> dict[str, str]:
    """Have ``malloc`` give every block of 1 MiB or more back to the kernel when it is freed (glibc).

    glibc maps blocks from 128 KiB up on their own, but each time one is freed it raises that
    threshold to the block's size (up to 32 MiB): from then on arrays of that size come from
    the heap, and freed ones stay there, scattered between live ones. A process that fetches
    and frees query results of tens of MB again and again (the goal runs on a 2,000,000-person
    population) grows by ~150 MB that way, with nothing alive in it. This fixes the threshold
    at :data:`MMAP_THRESHOLD_BYTES` for the rest of the process. The price is a fresh, zeroed
    page for every page of such a block (~5,000 more page faults per goal run on 50,000
    people), so it is for processes whose arrays are large.

    The goal workflow calls it when it opens a population of over 1,000,000 people. It does nothing when
    :func:`reuse_freed_memory` already had ``malloc`` keep freed blocks (the clickstream
    commands), when the user set ``malloc`` in the environment (``MALLOC_*``,
    ``GLIBC_TUNABLES``), off glibc, and when called before in this process.

    Returns
    -------
    dict
        ``{"malloc": what changed}``, or empty when nothing changed.

    Examples
    --------
    >>> changed = return_freed_memory()
    >>> set(changed) <= {"malloc"}
    True
    >>> return_freed_memory()  # once per process is enough
    {}
    """
    global _returned
    with _lock:
        if _returned or _kept:
            return {}
        _returned = True
        mallopt = _mallopt()
        if mallopt is None or mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) != 1:
            return {}
        return {"malloc": f"blocks of {MMAP_THRESHOLD_BYTES >> 10} KiB or more returned when freed"}


def _numpy_small_pages() -> str:
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return ""
    np = sys.modules.get("numpy")
    if np is None:
        os.environ["NUMPY_MADVISE_HUGEPAGE"] = "0"  # numpy reads it when imported
        return "no huge-page advice on large arrays (environment)"
    core = getattr(np, "_core", None) or getattr(np, "core", None)
    setter = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
    if setter is None:
        return ""
    setter(False)
    return "no huge-page advice on large arrays"


def _mallopt() -> Any:
    """glibc's ``mallopt``, or ``None`` off glibc and when the user set ``malloc`` in the environment."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    if "malloc" in os.environ.get("GLIBC_TUNABLES", "") or any(k.startswith("MALLOC_") for k in os.environ):
        return None
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return mallopt


def _malloc_keeps_freed() -> str:
    mallopt = _mallopt()
    if mallopt is None:
        return ""
    ok = mallopt(_M_MMAP_MAX, 0) == 1 and mallopt(_M_TRIM_THRESHOLD, KEEP_FREE_BYTES) == 1
    return f"large blocks kept in the heap, up to {KEEP_FREE_BYTES >> 20} MiB free at its top" if ok else ""


def _arrow_via_malloc() -> str:
    if "ARROW_DEFAULT_MEMORY_POOL" in os.environ:
        return ""
    pa = sys.modules.get("pyarrow")
    if pa is None:
        os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"  # read when the first pool is made
        return "Arrow allocates through malloc (environment)"
    if pa.default_memory_pool().backend_name == "system":
        return ""
    pa.set_memory_pool(pa.system_memory_pool())
    return "Arrow allocates through malloc"
