"""The draggable transition-graph page runs in a real browser: nodes drawn, dragged, arrows hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthpersona.analytics import transition_graph
from synthpersona.reporting.behaviour import graph_html
from synthpersona.simulation import load_event_log, make_sample_events

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed"),
]


def test_nodes_follow_the_pointer_and_the_threshold_hides_light_arrows(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    edges = transition_graph(load_event_log(make_sample_events(n_users=80, random_state=0)))
    page_file = tmp_path / "graph.html"
    page_file.write_text(graph_html(edges), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        names = set(edges["source"].astype(str)) | set(edges["target"].astype(str))
        assert page.locator("g.node").count() == len(names) and not errors
        shown = page.locator("#shown")
        between = int((edges["source"] != edges["target"]).sum())
        assert int(shown.inner_text()) == between  # every arrow between two events at first
        node = page.locator("g.node").first
        before, box = node.get_attribute("transform"), node.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] - 120, box["y"] + 80, steps=4)
        page.mouse.up()
        assert node.get_attribute("transform") != before
        wanted = float(edges["share"].median())
        cut = float(  # the slider snaps to its step: the threshold is the value it holds
            page.locator("#min").evaluate(
                f"el => {{ el.value = {wanted}; el.dispatchEvent(new Event('input')); return el.value; }}"
            )
        )
        kept = int(((edges["share"] >= cut) & (edges["source"] != edges["target"])).sum())
        assert int(shown.inner_text()) == kept  # exactly the arrows at or above the threshold
        browser.close()
