"""``synthpersona serve`` option checks (the server itself is exercised in tests/api)."""

from __future__ import annotations

import pytest

from synthpersona.cli._app import run


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--port", "0"], "--port"),
        (["--workers", "0"], "--workers"),
        (["--log-level", "loud"], "--log-level"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(
    args: list[str], needle: str, capsys: pytest.CaptureFixture
) -> None:
    assert run(["serve", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and needle in err and "\n" not in err


def test_bad_database_url_fails_before_listening(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("SYNTHPERSONA_DATABASE_URL", "postgresql://u:hunter2@127.0.0.1:9/db")
    assert run(["serve", "--port", "8999"]) == 7
    err = capsys.readouterr().err
    assert "SYNTHPERSONA_DATABASE_URL" in err and "hunter2" not in err
