"""Fixtures for the UI tests: the packaged app under Streamlit's AppTest, on a small population."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from synthpersona.ui import APP_PATH

TIMEOUT = 180  # the first goal run generates the population and loads the embedding model


@pytest.fixture(autouse=True)
def _small_population(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHPERSONA_POPULATION_SIZE", "20000")


def _open_page(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
    """The real app (shell and navigation) switched to ``views/<page>.py`` and run once.

    ``query`` sets the URL's query parameters first (as a link or a browser refresh would).
    """
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(f"views/{page}.py")
        for name, value in (query or {}).items():
            at.query_params[name] = value
        at.run()
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
    return record
