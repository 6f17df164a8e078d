"""Data stays local: the service exports no telemetry."""

from __future__ import annotations

import pytest

from synthpersona.api import create_app
from synthpersona.config import Settings


def test_fastapi_telemetry_is_off_even_when_the_environment_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASTAPI_OTEL_AUTO_CONFIGURE", "true")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    app = create_app(Settings())
    assert not app._native_telemetry.enabled()
    assert app._telemetry["auto_configure"] is False
