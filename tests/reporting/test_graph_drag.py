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


def _shares(edges: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(str(r.source), str(r.target)): float(r.share) for r in edges.itertuples(index=False)}


def _graph_data(page: str) -> dict:
    return json.loads(re.search(r"const GRAPH = (\{.*?\});", page, re.S).group(1))  # type: ignore[union-attr]


def test_persona_pages_show_that_personas_transitions_and_the_difference_between_two() -> None:
    import pytest

    from synthpersona.analytics import transition_graph
    from synthpersona.errors import InputError
    from synthpersona.usecases.behaviour_graph import persona_graph_page

    log = load_event_log(make_sample_events(n_users=120, random_state=1))
    users = log["user_id"].unique()
    members = pd.DataFrame({"user_id": users, "cluster_id": [i % 2 for i in range(len(users))]})
    names = {0: "Even", 1: "Odd"}
    even = log[log["user_id"].isin(users[::2])]
    odd = log[log["user_id"].isin(users[1::2])]
    # one persona: exactly the shares of that persona's own transitions
    page = persona_graph_page(log, members, names, persona="Even")
    got = {(e["s"], e["t"]): e["w"] for e in _graph_data(page)["edges"]}
    assert got == _shares(transition_graph(even))
    # Even minus Odd: each arrow's share difference, recomputed from the two groups' graphs
    diff = persona_graph_page(log, members, names, persona="Even", versus="Odd")
    assert "Even minus Odd" in diff and "share_diff" in diff
    a = {
        (str(r.source), str(r.target)): float(r.share) for r in transition_graph(even).itertuples(index=False)
    }
    b = {
        (str(r.source), str(r.target)): float(r.share) for r in transition_graph(odd).itertuples(index=False)
    }
    for e in _graph_data(diff)["edges"]:
        assert e["w"] == pytest.approx(a.get((e["s"], e["t"]), 0.0) - b.get((e["s"], e["t"]), 0.0), abs=1e-9)
    with pytest.raises(InputError, match=r"Unknown persona 'Evn'\. Did you mean 'Even'"):
        persona_graph_page(log, members, names, persona="Evn")
