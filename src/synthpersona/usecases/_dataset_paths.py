"""Server files registered as datasets by path: data too big to upload (issue 18).

The operator names the folders such files may come from (``SYNTHPERSONA_DATASET_DIRS``, a
JSON list; default none, and then registering is refused with an error naming the setting).
A registered CSV/TSV/Parquet file is read where it is, by the engine, and never copied into
the data directory: its record keeps the resolved path (``source_path``).

A path is checked twice. First as written, made absolute and normalised without touching the
file system (so a path outside the folders is refused before anything about it is looked up),
then with ``..`` and symbolic links resolved (so neither can lead outside the folders). It is
checked again each time the dataset is read: taking a folder out of the setting stops its
datasets from being read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona.engine._base import path_format
from synthpersona.errors import InputError, NotFoundError
from synthpersona.usecases.tables import IN_PLACE_SUFFIXES

if TYPE_CHECKING:
    from synthpersona.config import Settings

__all__ = ["SETTING", "allowed_file", "dataset_file"]

#: The setting that allows folders (named in every refusal).
SETTING = "SYNTHPERSONA_DATASET_DIRS"


def allowed_file(settings: Settings, path: str | Path) -> Path:
    """The resolved path of ``path`` if it is a CSV/TSV/Parquet file inside an allowed folder.

    Raises ``InputError`` (``dataset_dirs_unset``, ``path_not_allowed``, ``format_in_place``,
    ``not_a_file``) or ``NotFoundError`` (``file_not_found``, only for paths inside a folder).

    Examples
    --------
    >>> from synthpersona.config import Settings
    >>> allowed_file(Settings(dataset_dirs=[]), "/srv/data/events.parquet")
    Traceback (most recent call last):
    ...
    synthpersona.errors.InputError: Registering a server file as a dataset is off on this server: ...
    """
    folders = [Path(os.path.abspath(Path(d).expanduser())) for d in settings.dataset_dirs]
    if not folders:
        raise InputError(
            f"Registering a server file as a dataset is off on this server: the operator allows "
            f"folders with the setting {SETTING} (a JSON list, e.g. '[\"/srv/data\"]'). Or upload "
            "the file with POST /datasets.",
            code="dataset_dirs_unset",
            details={"setting": SETTING},
        )
    text = str(path)
    written = Path(os.path.abspath(Path(text).expanduser())) if text and "\x00" not in text else None
    if written is None or not Path(text).expanduser().is_absolute() or not _inside(written, folders):
        raise _not_allowed(text, folders)
    if path_format(written) is None:
        raise InputError(
            f"{written.name!r} cannot be registered: a server file is read in place, and the engine "
            f"reads {', '.join(IN_PLACE_SUFFIXES)} files. Convert it, or upload it with POST /datasets.",
            code="format_in_place",
            details={"allowed": list(IN_PLACE_SUFFIXES)},
        )
    try:
        resolved = written.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise NotFoundError(f"No file at {text!r}.", code="file_not_found", details={"path": text}) from exc
    if not _inside(resolved, [f.resolve() for f in folders] + folders):
        raise _not_allowed(text, folders)  # a symbolic link out of the folders
    if not resolved.is_file():
        raise InputError(f"{text!r} is not a file.", code="not_a_file", details={"path": text})
    return resolved


def dataset_file(settings: Settings, root: Path, doc: dict[str, Any]) -> Path:
    """The file a dataset record reads: its registered path (checked again) or its upload."""
    if doc.get("source_path"):
        return allowed_file(settings, doc["source_path"])
    return root / str(doc["dataset_id"]) / str(doc.get("stored_as", ""))


def _inside(path: Path, folders: list[Path]) -> bool:
    return any(path == f or path.is_relative_to(f) for f in folders)


def _not_allowed(text: str, folders: list[Path]) -> InputError:
    return InputError(
        f"{text!r} is not inside a folder this server allows for registered files "
        f"({', '.join(map(str, folders))}; the setting {SETTING}). Give an absolute path inside one.",
        code="path_not_allowed",
        details={"path": text, "allowed": [str(f) for f in folders], "setting": SETTING},
    )
