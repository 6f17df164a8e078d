"""One progress display for the long-running commands: a spinner, the current step and the time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


@contextmanager
def step_progress(console: Console, enabled: bool = True) -> Iterator[Callable[[str], None] | None]:
    """Yield a ``progress(label)`` callback that shows ``label`` as the current step.

    Yields ``None`` when ``enabled`` is false (``--quiet``), so the library runs without
    a display. The display disappears when the block ends.
    """
    if not enabled:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("Starting", total=None)
        yield lambda label: bar.update(task, description=label)
