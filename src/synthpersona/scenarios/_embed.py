"""Passage embeddings of fixed texts (categories, archetype prototypes), cached on disk.

Embedding the category library takes seconds on a small CPU; the texts rarely change,
so the matrix is stored under the data directory keyed by a hash of the texts.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from synthpersona._files import atomic_path

__all__ = ["cached_passages"]


def _cache_dir() -> Path | None:
    try:
        from synthpersona.config import data_home

        path = data_home() / "cache" / "embeddings"
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return None


@lru_cache(maxsize=64)
def _load(texts: tuple[str, ...]) -> np.ndarray:
    from synthpersona.embeddings import embed_passages

    digest = hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()[:24]
    folder = _cache_dir()
    file = folder / f"passages_{digest}.npy" if folder else None
    if file is not None and file.is_file():
        try:
            mat = np.load(file)
            if mat.shape[0] == len(texts):
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


def cached_passages(texts: list[str]) -> np.ndarray:
    """Embedding matrix of ``texts`` (as passages), from memory, disk cache or the model."""
    return _load(tuple(texts))
