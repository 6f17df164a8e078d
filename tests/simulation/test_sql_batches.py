"""The engine's feature pass holds little while the log streams, and gives the same counts."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from support.planted import planted_events
from synthpersona.simulation import _sql_batches
from synthpersona.simulation import sql as sql_module
from synthpersona.simulation.sequences import event_behaviour_counts
from synthpersona.simulation.sql import _encode_sql, open_event_log


def _counts(rows: int, cols: int, seed: int, top: int = 9, density: float = 0.05) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    X = sparse.random(rows, cols, density=density, format="csr", random_state=rng, dtype=np.float32)
    X.data = np.ceil(X.data * top).astype(np.float32)
    return X


def test_packed_parts_stack_back_to_the_exact_counts() -> None:
    narrow, wide, big = _counts(40, 1884, 0), _counts(30, 70_000, 1), _counts(20, 1884, 2)
    big.data[0] = 70_000.0  # past uint16: kept as float32
    _pack, _stack = _sql_batches._pack, _sql_batches._stack
    packed = [_pack(narrow), _pack(big)]
    assert packed[0].indices.dtype == np.uint16 and packed[0].data.dtype == np.uint16
    assert packed[1].data.dtype == np.float32
    assert _pack(wide).indices.dtype == np.int32  # too wide for uint16 columns
    assert _pack(sparse.csr_matrix(np.ones((2, 33), dtype=np.float32))).indices.dtype == np.uint8
    stacked = _stack([*packed], 1884)
    expected = sparse.vstack([narrow, big], format="csr")
    assert stacked.indices.dtype == np.int32 and stacked.data.dtype == np.float32
    np.testing.assert_array_equal(stacked.toarray(), expected.toarray())


def test_while_the_log_streams_only_packed_counts_are_held(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the feature pass keeps per batch while the engine's sort streams: the n-gram counts
    # at 2 bytes per index and per count, and no second copy of the transitions for the mixture
    # (those are read off the stacked counts once the sort is done).
    log, _ = planted_events(2, users=90, random_state=5)
    streaming = {"done": False, "behaviour_calls_during": 0, "held": []}
    user_batches = sql_module._user_batches

    def batches(*a: Any, **k: Any) -> Iterator[Any]:
        yield from user_batches(*a, **k)
        streaming["done"] = True

    real_part, real_stack = _sql_batches._behaviour_part, sql_module._stack

    def part(*a: Any, **k: Any) -> Any:
        streaming["behaviour_calls_during"] += not streaming["done"]
        return real_part(*a, **k)

    def stack(parts: list[Any], *a: Any, **k: Any) -> Any:
        streaming["held"] += [(p.indices.dtype.itemsize, p.data.dtype.itemsize) for p in parts]
        return real_stack(parts, *a, **k)

    monkeypatch.setattr(sql_module, "_user_batches", batches)
    monkeypatch.setattr(sql_module, "_stack", stack)
    monkeypatch.setattr(_sql_batches, "_behaviour_part", part)
    monkeypatch.setattr(sql_module, "_behaviour_part", part, raising=False)
    _, users, _, engine = _encode_sql(open_event_log(log, "duckdb"), 3, True, 300)
    assert streaming["behaviour_calls_during"] == 0
    assert streaming["held"] and set(streaming["held"]) == {(2, 2)}
    memory, memory_users = event_behaviour_counts(log)  # and the counts are the in-memory ones
    assert engine is not None
    order = pd.Series(np.arange(len(memory_users)), index=memory_users).loc[users].to_numpy()
    a = pd.DataFrame(memory.C[order].toarray(), columns=memory.names)
    b = pd.DataFrame(engine.C.toarray(), columns=engine.names)
    assert sorted(a.columns) == sorted(b.columns)
    np.testing.assert_array_equal(a.to_numpy(), b[memory.names].to_numpy())


def _peak_bytes(fn: Any) -> int:
    """The most memory numpy held at once while ``fn`` ran, above what was held before."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def test_the_whole_matrix_is_counted_and_weighted_without_a_copy_of_its_indices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The mixture's columns (_behaviour_counts) and TF-IDF's document frequencies used to take
    # np.bincount of every index at once: an int64 copy of the whole matrix's int32 indices
    # (+680 MB at 50M events, the feature pass's high). Counted in chunks, the same numbers.
    monkeypatch.setattr(_sql_batches, "_COUNT_CHUNK", 1 << 13, raising=False)
    vocabulary = ["a", "b", "c", "d", "e"]  # base 7: 49 transition columns, then the tempo bins
    rng = np.random.default_rng(0)
    rows, width = 50_000, 49 + 33
    C = sparse.random(rows, width, density=0.1, format="csr", random_state=rng) * 5
    C.data = np.ceil(C.data)
    C.indices = C.indices.astype(np.int32)
    dense_used = np.flatnonzero(C.getnnz(axis=0))
    out: dict[str, Any] = {}
    peak = _peak_bytes(lambda: out.update(counts=_sql_batches._behaviour_counts(C, vocabulary)))
    assert peak < C.indices.nbytes / 2
    assert out["counts"].C.shape[1] == len(dense_used)
    X = _counts(2 * rows, 60, 3)
    X.indices = X.indices.astype(np.int32)
    expected = X.copy()
    expected.data = np.log(expected.data) + 1
    df = np.bincount(X.indices, minlength=X.shape[1])
    expected = expected.multiply(np.log((1 + 2 * rows) / (1 + df)) + 1).tocsr()
    norms = np.sqrt(np.asarray(expected.multiply(expected).sum(axis=1))).ravel()
    expected = sparse.diags(1 / np.where(norms > 0, norms, 1)) @ expected
    peak = _peak_bytes(lambda: _sql_batches._tfidf_in_place(X, rows=2_000))
    assert peak < X.indices.nbytes / 2
    assert abs(X - expected).max() < 1e-6


def test_the_clusters_top_features_make_no_copy_of_the_matrix() -> None:
    from synthpersona.simulation.sequences import _top_features

    X = _counts(20_000, 60, 4, density=0.5)
    labels = np.random.default_rng(4).integers(0, 3, X.shape[0])
    names = [f"f{j}" for j in range(X.shape[1])]
    out: dict[str, Any] = {}
    peak = _peak_bytes(lambda: out.update(top=_top_features(X, labels, 3, names)))
    assert peak < X.data.nbytes / 2  # scipy's X.mean scaled a copy of the whole matrix
    dense = X.toarray()
    lift = np.array([dense[labels == c].mean(axis=0) for c in range(3)]) - dense.mean(axis=0)
    for c in range(3):
        expected = [names[j] for j in np.argsort(-lift[c])[:5] if lift[c, j] > 0]
        assert out["top"][c] == expected
