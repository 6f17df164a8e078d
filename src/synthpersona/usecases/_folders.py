"""Output folders a process is writing, and how to tell an abandoned one from a busy one.

The dataset use case (and the job runner, for its pids) share these: a folder moved into place
carries its writer's pid until its record is stored, so a folder without a record whose writer
is dead is an orphan at once, whatever its age.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

__all__ = ["abandoned", "age", "alive", "mark_owner", "unmark_owner"]

_OWNER = ".owner"


def alive(pid: int) -> bool:
    """Whether a process with this pid exists (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def age(path: Path) -> float:
    """Seconds since anything in ``path`` last changed."""
    newest = max((p.stat().st_mtime for p in path.rglob("*")), default=path.stat().st_mtime)
    return time.time() - max(newest, path.stat().st_mtime)


def mark_owner(folder: Path) -> None:
    """Record this process as the folder's writer."""
    (folder / _OWNER).write_text(str(os.getpid()))


def unmark_owner(folder: Path) -> None:
    """The folder has its record now: nobody owns it any more."""
    with contextlib.suppress(OSError):
        (folder / _OWNER).unlink()


def abandoned(folder: Path, min_age_s: float) -> bool:
    """A folder without a record: its writer died, or it is untouched for ``min_age_s``."""
    try:
        pid = (folder / _OWNER).read_text().strip()
    except OSError:
        pid = ""
    if pid.isdigit() and not alive(int(pid)):
        return True
    return age(folder) > min_age_s
