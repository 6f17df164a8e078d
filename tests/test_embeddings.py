"""The embedding model: loading it leaves the process environment as it was."""

from __future__ import annotations

import os

import pytest

from synthpersona import embeddings


@pytest.mark.parametrize("given", [None, "ACTIVE"])
def test_loading_the_model_keeps_the_callers_omp_setting(
    monkeypatch: pytest.MonkeyPatch, given: str | None
) -> None:
    if given is None:
        monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    else:
        monkeypatch.setenv("OMP_WAIT_POLICY", given)
    model = embeddings._model()
    assert model.query("phone number").shape == (embeddings.DIM,)
    assert os.environ.get("OMP_WAIT_POLICY") == given
