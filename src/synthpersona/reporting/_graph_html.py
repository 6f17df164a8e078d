"""A transition graph as one self-contained HTML page whose nodes can be dragged.

Plotly cannot drag nodes, so this page draws the graph in SVG with about sixty lines of
inline JavaScript: a small force layout on load, nodes dragged with the mouse or a finger,
a threshold slider hiding light edges, and each edge's numbers on hover. Nothing is loaded
from the network (no CDN, no external script), so the file opens offline.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from synthpersona._files import atomic_write_text

__all__ = ["graph_html", "write_graph_html"]

# The page and its script, with __TITLE__, __WEIGHT__, __TOP__, __STEP__, __N__ and __DATA__ to fill in.
_TEMPLATE = Path(__file__).with_name("templates") / "graph_drag.html.j2"


def graph_html(edges: pd.DataFrame, *, weight: str = "share", title: str = "Transition graph") -> str:
    """The transition graph as a self-contained HTML page with draggable nodes.

    ``edges`` is :func:`synthpersona.analytics.transition_graph` (``weight="share"``) or
    :func:`~synthpersona.analytics.transition_graph_difference` (``weight="share_diff"``).

    Examples
    --------
    >>> edges = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "share": [0.75, 0.5],
    ...                       "count": [3, 1]})
    >>> page = graph_html(edges)
    >>> "http://" not in page.replace("http://www.w3.org/2000/svg", "") and '"a"' in page
    True
    """
    nodes = list(dict.fromkeys([*edges["source"].astype(str), *edges["target"].astype(str)]))
    items: list[dict[str, Any]] = []
    for row in edges.to_dict(orient="records"):
        value = float(row[weight])
        label = f"{row['source']} → {row['target']}: {weight} {value:+.3f}"
        if "count" in row:
            label += f", {int(row['count']):,} transitions"
        if "median_seconds" in row and not math.isnan(float(row["median_seconds"])):
            label += f", median {float(row['median_seconds']):,.0f} s"
        items.append({"s": str(row["source"]), "t": str(row["target"]), "w": value, "label": label})
    top = max((abs(e["w"]) for e in items), default=1.0) or 1.0
    data = json.dumps({"nodes": nodes, "edges": items}).replace("</", "<\\/")  # no early </script>
    fill: dict[str, str] = {
        "__TITLE__": html.escape(title),
        "__WEIGHT__": html.escape(weight),
        "__TOP__": f"{top:.6g}",
        "__STEP__": f"{top / 100:.6g}",
        "__N__": str(sum(e["s"] != e["t"] for e in items)),
        "__DATA__": data,
    }
    page = _TEMPLATE.read_text(encoding="utf-8")
    for key, text in fill.items():
        page = page.replace(key, text)
    return page


def write_graph_html(edges: pd.DataFrame, path: str | Path, **kwargs: str) -> Path:
    """Write :func:`graph_html` to ``path`` (atomically); return the path."""
    return atomic_write_text(Path(path), graph_html(edges, **kwargs))
