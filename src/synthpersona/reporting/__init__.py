"""Rendering of results: charts (matplotlib PNG, Plotly HTML), HTML reports and PowerPoint decks.

Computation lives in the domain subpackages and returns data; modules here turn
that data into files and figures: :mod:`~synthpersona.reporting.tables`,
:mod:`~synthpersona.reporting.simulation`.

Heavy modules (matplotlib, Plotly, the table stack) load only when those submodules are
imported; this package itself only re-exports :class:`ChartProcess` (lazily, so the
chart worker, which lives here too, starts without it), which draws charts in a helper
process started before the data is ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthpersona.reporting._chart_process import ChartJob, ChartProcess

__all__ = ["ChartJob", "ChartProcess"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from synthpersona.reporting import _chart_process

        return getattr(_chart_process, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
