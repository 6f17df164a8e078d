"""The chart worker process: same PNGs as drawing in process, and charts never go missing when it fails."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from synthpersona.reporting import ChartProcess
from synthpersona.reporting.tables import dashboard_data, dashboard_png, pca_data, pca_png
from synthpersona.tables import analyze_table
from synthpersona.usecases.tables import analyze_file
from tables._data import make_customers, make_leads  # tests/tables (tests/ is on sys.path)


@pytest.fixture(scope="module")
def analysis():
    return analyze_table(make_leads(1200, seed=8), k=3, exclude=["_segment"])


def test_worker_draws_the_same_pngs_as_this_process(analysis, tmp_path: Path) -> None:
    jobs = [
        ("dashboard", dashboard_data(analysis), tmp_path / "dashboard.png"),
        ("pca", pca_data(analysis), tmp_path / "pca.png"),
    ]
    with ChartProcess().start() as charts:
        assert charts.submit(jobs)
        assert charts.wait()
    assert (tmp_path / "dashboard.png").read_bytes() == dashboard_png(analysis)
    assert (tmp_path / "pca.png").read_bytes() == pca_png(analysis)


def test_worker_without_a_target_column(tmp_path: Path) -> None:
    res = analyze_table(make_customers(500).drop(columns=["Churned"]), k=3)
    with ChartProcess().start() as charts:
        assert charts.submit([("dashboard", dashboard_data(res), tmp_path / "d.png")])
        assert charts.wait()
    assert (tmp_path / "d.png").read_bytes() == dashboard_png(res)


def test_a_failing_worker_is_reported_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    with ChartProcess().start() as charts:
        assert charts.submit([("no-such-chart", None, tmp_path / "x.png")])
        assert not charts.wait()
    assert "chart worker failed" in caplog.text and "no-such-chart" in caplog.text
    assert not (tmp_path / "x.png").exists()


def test_unused_worker_is_stopped_on_close() -> None:
    charts = ChartProcess().start()
    proc = charts._proc
    assert proc is not None and proc.poll() is None
    assert charts.start()._proc is proc  # starting again keeps the one worker
    charts.close()
    assert proc.poll() is not None  # killed and reaped, no zombie left behind
    assert not charts.wait()  # nothing was submitted


def test_outputs_are_complete_when_the_worker_cannot_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    df = make_leads(400, seed=2)
    src = tmp_path / "leads.csv"
    df.to_csv(src, index=False)
    res = analyze_file(src, k=2, exclude=["_segment"], out_dir=tmp_path / "out")
    assert "could not start" in caplog.text
    assert (tmp_path / "out" / "dashboard.png").read_bytes() == dashboard_png(res)
    assert (tmp_path / "out" / "pca.png").read_bytes() == pca_png(res)
    assert (tmp_path / "out" / "report.html").stat().st_size > 0


def test_worker_is_stopped_when_the_analysis_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[ChartProcess] = []
    original = ChartProcess.start

    def spy(self: ChartProcess) -> ChartProcess:
        started.append(self)
        return original(self)

    monkeypatch.setattr(ChartProcess, "start", spy)
    src = tmp_path / "empty.csv"
    src.write_text("")
    with pytest.raises(Exception, match="empty"):
        analyze_file(src, out_dir=tmp_path / "out")
    assert len(started) == 1
    proc = started[0]._proc
    assert proc is not None and proc.poll() is not None
    assert not (tmp_path / "out").exists()
