"""The draggable transition-graph page: self-contained, every node and edge of the graph in it."""

from __future__ import annotations

import json
import re

import pandas as pd

from synthpersona.analytics import transition_graph
from synthpersona.reporting.behaviour import graph_html
from synthpersona.simulation import load_event_log, make_sample_events


def test_page_holds_the_whole_graph_and_loads_nothing_from_outside() -> None:
    log = load_event_log(make_sample_events(n_users=80, random_state=0))
    edges = transition_graph(log)
    page = graph_html(edges, title="A <b> title")
    assert "A &lt;b&gt; title" in page
    # no script or stylesheet from the network: the only URL is the SVG namespace
    assert not re.search(r"(src|href)\s*=", page)
    assert set(re.findall(r"https?://[^\s'\"<>]+", page)) <= {"http://www.w3.org/2000/svg"}
    data = json.loads(re.search(r"const GRAPH = (\{.*?\});", page, re.S).group(1))  # type: ignore[union-attr]
    assert len(data["edges"]) == len(edges)
    assert set(data["nodes"]) == set(edges["source"].astype(str)) | set(edges["target"].astype(str))
    shares = {(e["s"], e["t"]): e["w"] for e in data["edges"]}
    for row in edges.itertuples(index=False):
        assert shares[(str(row.source), str(row.target))] == float(row.share)


def test_a_closing_script_tag_in_an_event_name_cannot_end_the_script() -> None:
    edges = pd.DataFrame({"source": ["</script><b>x"], "target": ["y"], "share": [1.0]})
    page = graph_html(edges)
    assert page.count("</script>") == 1
