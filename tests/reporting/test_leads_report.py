"""Leads charts and HTML report: exact PNG sizes, self-contained HTML, files written atomically."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from synthpersona.reporting.tables import render_dashboard, render_pca, render_report, report_html
from synthpersona.tables import analyze_table
from tables._data import make_customers, make_leads  # tests/tables (tests/ is on sys.path)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def analysis():
    return analyze_table(make_leads(1500, seed=5), k=4, exclude=["_segment"])


def test_png_sizes(analysis, tmp_path: Path) -> None:
    assert _png_size(render_dashboard(analysis, tmp_path / "dashboard.png")) == (1400, 1000)
    assert _png_size(render_pca(analysis, tmp_path / "pca.png")) == (1000, 700)


def test_charts_without_a_target(tmp_path: Path) -> None:
    res = analyze_table(make_customers(600).drop(columns=["Churned"]), k=3)
    assert _png_size(render_dashboard(res, tmp_path / "d.png")) == (1400, 1000)
    assert _png_size(render_pca(res, tmp_path / "p.png")) == (1000, 700)
    assert "Personas, ranked by size" in report_html(res)


def test_report_is_self_contained_and_complete(analysis, tmp_path: Path) -> None:
    path = render_report(analysis, tmp_path / "report.html")
    html = path.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 2
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing loads from the network
    for p in analysis.personas:
        assert p.name.replace("&", "&amp;") in html
    assert "How the data was used" in html and "_segment" in html
    assert "95% interval" in html


def test_report_escapes_cell_values(tmp_path: Path) -> None:
    df = make_leads(300, seed=2)
    df.loc[df["Industry"] == "Banking", "Industry"] = "<script>alert(1)</script>"
    res = analyze_table(df, k=2, exclude=["_segment"])
    html = report_html(res, images={})
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
