"""Fixtures for the UI tests: the packaged app under Streamlit's AppTest, on a small population."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from synthpersona.ui import APP_PATH

TIMEOUT = 180  # the first goal run generates the population and loads the embedding model


@pytest.fixture(autouse=True)
def _small_population(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "20000")


def _open_page(page: str | None = None, query: dict[str, str] | None = None, *, side: bool = True) -> AppTest:
    """The real app (shell and navigation) switched to ``views/<page>.py`` and run once.

    ``query`` sets the URL's query parameters first (as a link or a browser refresh would).
    ``side``: wait for the side jobs the page starts (:func:`finish_side_jobs`).
    """
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(f"views/{page}.py")
        for name, value in (query or {}).items():
            at.query_params[name] = value
        at.run()
        if side:
            finish_side_jobs(at)
    return at


@pytest.fixture
def open_page():  # type: ignore[no-untyped-def]
    """Factory fixture: ``open_page("goal")`` gives the app on that page."""
    return _open_page


def finish_job(at: AppTest, timeout: float = TIMEOUT) -> dict[str, object] | None:
    """Wait for the job named in the page's URL (``?job=``) to finish, then run the page again.

    The page only starts a job and polls it (a fragment that AppTest does not re-run by
    itself): this is the poll a browser would make. Returns the job's final record.
    """
    from synthpersona.ui._jobs import runner

    if "job" not in at.query_params:
        return None
    value = at.query_params["job"]
    job_id = str(value if isinstance(value, str) else value[0])
    record = runner().wait(job_id, timeout=timeout)
    at.run()
    finish_side_jobs(at, timeout)
    return record


SIDE_SLOTS = ("read", "graph")  # the URL keys of the steps a page runs as jobs beside its main one


def finish_side_jobs(at: AppTest, timeout: float = TIMEOUT) -> None:
    """While the page shows a side job running (``?read=``, ``?graph=``: reading a log's event
    names, drawing a graph), wait for it and run the page again (as a browser's poll would): the
    page's own preliminary steps, not what a test is about. Read from what the page showed, not
    from the job's record (the job may end between the page's run and this check)."""
    from synthpersona.ui._jobs import runner
    from synthpersona.ui._log_jobs import GRAPH_STEP, READ_LABEL

    for _ in range(4):  # a page can start one after the other (the names, then a graph)
        if not any(s.label.startswith((f"{READ_LABEL}:", f"{GRAPH_STEP}:")) for s in at.status):
            return
        for slot in SIDE_SLOTS:
            if slot in at.query_params:
                value = at.query_params[slot]
                runner().wait(str(value if isinstance(value, str) else value[0]), timeout=timeout)
        at.run()
