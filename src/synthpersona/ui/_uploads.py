"""Keep files uploaded in the browser on local disk so use cases can read them by path."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from synthpersona._files import atomic_write_bytes
from synthpersona.config import Settings, get_settings

__all__ = ["save_upload", "uploads_dir"]

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def uploads_dir(settings: Settings | None = None) -> Path:
    """Folder for uploaded files: ``<data dir>/ui/uploads``."""
    path = (settings or get_settings()).data_dir / "ui" / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_upload(name: str, data: bytes, settings: Settings | None = None) -> Path:
    """Write ``data`` under a content-addressed folder, atomically; return the file's path.

    The original file name (made safe) is kept because readers detect the format
    from its suffix; the same content uploaded twice reuses the same file.
    """
    digest = hashlib.sha256(data).hexdigest()[:16]
    safe = _SAFE.sub("_", Path(name).name).strip("._") or "upload"
    folder = uploads_dir(settings) / digest
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe
    if target.exists() and target.stat().st_size == len(data):
        return target
    return atomic_write_bytes(target, data)
