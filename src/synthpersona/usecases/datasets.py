"""Use case: uploaded files, their analyses and outputs, and their deletion.

One layout on disk, under ``<data dir>/datasets``, for the REST API and the web UI::

    <dataset_id>/source.<ext>                  the uploaded file, bytes as sent
    <dataset_id>/analyses/<analysis_id>/...    outputs of one analysis (OUTPUT_FILES)

and, when a :class:`~synthpersona.store.Store` is given (the API), one ``dataset``
record per upload and one ``dataset_analysis`` record per analysis. Analysis records
point to their dataset, not the reverse, so concurrent analyses of one dataset never
overwrite each other. Deleting a dataset removes its records and its folder.

The web UI has no store: :meth:`Datasets.save_bytes` keeps an upload under an id
derived from its content (the same file uploaded twice is stored once) and
:meth:`Datasets.analysis_dir` gives its outputs a folder in the same layout.

Examples
--------
>>> from synthpersona.config import Settings
>>> from synthpersona.store import Store
>>> datasets = Datasets(Settings(), Store("sqlite://"))  # doctest: +SKIP
>>> with open("leads.csv", "rb") as fh:  # doctest: +SKIP
...     doc = datasets.add(fh, "leads.csv")
>>> record = datasets.analyze(doc["dataset_id"], k=4)  # doctest: +SKIP
>>> datasets.delete(doc["dataset_id"])  # doctest: +SKIP
{'deleted': '...', 'analyses_deleted': 1}
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from synthpersona._files import atomic_write_bytes
from synthpersona._json import to_jsonable
from synthpersona.errors import NotFoundError, did_you_mean
from synthpersona.formats import extensions
from synthpersona.usecases.leads import OUTPUT_FILES, analyze_file, preview_file

if TYPE_CHECKING:
    from synthpersona.config import Settings
    from synthpersona.store import Store

__all__ = ["ANALYSIS_KIND", "DATASET_KIND", "SUFFIXES", "Datasets", "Readable"]

DATASET_KIND = "dataset"
ANALYSIS_KIND = "dataset_analysis"
#: Suffixes an upload keeps; anything else is stored (and read) as ``.csv``.
SUFFIXES = frozenset(extensions("table"))  # the table formats in synthpersona.formats.READERS
_ID = re.compile(r"^[0-9a-f]{32}$")
_STAGING = ".incoming"
log = logging.getLogger("synthpersona.api")  # the API's log, where the sweep at startup reports
_CHUNK = 1 << 20


class Readable(Protocol):
    """Anything with ``read(n) -> bytes``: an open file, an upload, a size-limited wrapper."""

    def read(self, n: int = -1, /) -> bytes: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stored_as(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return "source" + (suffix if suffix in SUFFIXES else ".csv")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _age(path: Path) -> float:
    """Seconds since anything in ``path`` last changed."""
    newest = max((p.stat().st_mtime for p in path.rglob("*")), default=path.stat().st_mtime)
    return time.time() - max(newest, path.stat().st_mtime)


def _check_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise NotFoundError(f"No {what} with id {value!r}.", code=f"{what}_not_found", details={"id": value})
    return value


class Datasets:
    """Uploaded tables, their analyses and output files (see the module docstring for the layout).

    Parameters
    ----------
    settings
        Gives the data directory.
    store
        Holds the dataset and analysis records; without one (the web UI) only
        :meth:`save_bytes` and :meth:`analysis_dir` are available.
    """

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store

    @property
    def root(self) -> Path:
        """``<data dir>/datasets``."""
        return self.settings.data_dir / "datasets"

    @property
    def store(self) -> Store:
        if self._store is None:  # a programming error, not a user's: the UI never calls these
            raise RuntimeError("Datasets records need a Store; pass one to Datasets(settings, store).")
        return self._store

    # --- files -----------------------------------------------------------------------------

    def add(self, stream: Readable, filename: str, *, name: str | None = None) -> dict[str, Any]:
        """Store an uploaded file read from ``stream``, preview it and record it; return the record.

        Anything raised while reading (a size limit of the caller, a file that is empty
        or not a table) leaves nothing behind.
        """
        original = Path(filename or "upload.csv").name
        dataset_id = uuid.uuid4().hex
        # The upload is written to a staging folder named after this process and moved into place
        # only when complete (fsync, rename): a crash leaves no visible half file, and
        # sweep_orphans (at API startup) removes staging folders of processes that are gone.
        folder = self.root / _STAGING / f"{os.getpid()}-{dataset_id}"
        folder.mkdir(parents=True, exist_ok=False)
        final = self.root / dataset_id
        stored_as = _stored_as(original)
        target = folder / stored_as
        size = 0
        try:
            with open(target, "wb") as out:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            preview = preview_file(target, limits=self._limits())
            folder.rename(final)
            folder = final
            doc = {
                "dataset_id": dataset_id,
                "filename": (name or original)[:200],
                "stored_as": stored_as,
                "size_bytes": size,
                "created_at": _now(),
                "preview": preview,
            }
            doc = self.store.put_document(DATASET_KIND, dataset_id, doc)  # as stored (text normalised)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(OSError):  # the staging folder itself, when no other upload uses it
                (self.root / _STAGING).rmdir()
            raise
        return doc

    def sweep_orphans(self, *, min_age_s: float = 600) -> list[str]:
        """Remove upload leftovers: staging folders of dead processes, dataset folders without a record.

        Run at startup. A dataset folder gets its record right after it is moved into place, so
        only folders untouched for ``min_age_s`` are removed (another worker may be between the
        two steps). The web UI's uploads (``ui-`` ids, no records) are left alone. Returns the
        names removed.
        """
        removed: list[str] = []
        staging = self.root / _STAGING
        if staging.is_dir():
            for entry in staging.iterdir():
                pid = entry.name.split("-", 1)[0]
                if not (pid.isdigit() and _alive(int(pid))) or _age(entry) > 86_400:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed.append(f"{_STAGING}/{entry.name}")
        if self.root.is_dir():
            known = {d["doc_id"] for d in self.store.list_document_ids(DATASET_KIND)}
            for entry in self.root.iterdir():
                if _ID.match(entry.name) and entry.name not in known and _age(entry) > min_age_s:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed.append(entry.name)
        if removed:
            log.warning(
                "removed orphaned upload files", extra={"event": "orphans_removed", "n": len(removed)}
            )
        return removed

    def save_bytes(self, filename: str, data: bytes) -> Path:
        """Keep ``data`` (an upload without a record, as the web UI makes) and return its path.

        The id is derived from the content, so the same file uploaded twice is stored once.
        """
        # "ui-" keeps these record-less uploads apart from the API's (which sweep_orphans checks)
        dataset_id = "ui-" + hashlib.sha256(data).hexdigest()[:32]
        target = self.root / dataset_id / _stored_as(filename)
        if target.is_file() and target.stat().st_size == len(data):
            return target
        return atomic_write_bytes(target, data)

    def analysis_dir(self, dataset_id: str, analysis_id: str) -> Path:
        """Folder of the outputs of one analysis of a dataset."""
        return self.root / dataset_id / "analyses" / analysis_id

    # --- records ---------------------------------------------------------------------------

    def get(self, dataset_id: str) -> dict[str, Any]:
        """The record of one dataset with the ids of its analyses, oldest first."""
        doc = self._dataset(dataset_id)
        return {**doc, "analyses": self._analysis_ids().get(dataset_id, [])}

    def list_all(self) -> list[dict[str, Any]]:
        """Every dataset record with the ids of its analyses, oldest first."""
        ids = self._analysis_ids()
        docs = self.store.list_documents(DATASET_KIND)
        return [{**d, "analyses": ids.get(d["dataset_id"], [])} for d in docs]

    def path(self, dataset_id: str) -> Path:
        """The stored file of a dataset; ``NotFoundError`` when there is no such dataset."""
        doc = self.store.get_document(DATASET_KIND, dataset_id)
        return self.root / dataset_id / str(doc.get("stored_as", ""))

    def analyze(self, dataset_id: str, **params: Any) -> dict[str, Any]:
        """Analyse a dataset into ranked personas, write every output and record it.

        ``params`` are those of :func:`synthpersona.usecases.leads.analyze_file`
        (``k``, ``target``, ``features``, ``exclude``, ``algorithm``, ``mode``,
        ``random_state``); they are stored with the record. Server paths stay out of it.
        """
        doc = self._dataset(dataset_id)
        analysis_id = uuid.uuid4().hex
        out_dir = self.analysis_dir(dataset_id, analysis_id)
        try:
            source = self.root / dataset_id / doc["stored_as"]
            result = analyze_file(source, out_dir=out_dir, limits=self._limits(), **params)
        except BaseException:
            shutil.rmtree(out_dir, ignore_errors=True)
            raise
        from synthpersona.views import seed003

        summary = result.summary()
        summary.pop("outputs", None)
        if summary.get("source"):
            summary["source"] = {k: v for k, v in summary["source"].items() if k != "path"}
        record = {
            "analysis_id": analysis_id,
            "dataset_id": dataset_id,
            "created_at": _now(),
            "params": params,
            "summary": to_jsonable(summary),
            "personas": to_jsonable(seed003.personas(result.segments, result.personas)),
            "downloads": {
                name: f"/datasets/{dataset_id}/analyses/{analysis_id}/{name}"
                for name in OUTPUT_FILES.values()
            },
        }
        self.store.put_document(ANALYSIS_KIND, analysis_id, record)
        return record

    def analysis(self, dataset_id: str, analysis_id: str) -> dict[str, Any]:
        """The record of one analysis of a dataset."""
        self._dataset(dataset_id)
        rec = self.store.get_document(ANALYSIS_KIND, _check_id(analysis_id, "analysis"))
        if rec["dataset_id"] != dataset_id:
            raise NotFoundError(
                f"Dataset {dataset_id!r} has no analysis {analysis_id!r}.", code="analysis_not_found"
            )
        return rec

    def output(self, dataset_id: str, analysis_id: str, filename: str) -> Path:
        """The path of one output file of an analysis (``personas.json``, ``report.html``, ...)."""
        self.analysis(dataset_id, analysis_id)
        allowed = list(OUTPUT_FILES.values())
        if filename not in allowed:
            raise NotFoundError(
                f"No output named {filename!r}; available: {', '.join(allowed)}."
                + did_you_mean(filename, allowed),
                code="output_not_found",
                details={"allowed": allowed},
            )
        path = self.analysis_dir(dataset_id, analysis_id) / filename
        if not path.is_file():
            raise NotFoundError(
                f"Output {filename!r} of analysis {analysis_id!r} is missing on disk.",
                code="output_not_found",
            )
        return path

    def delete(self, dataset_id: str) -> dict[str, Any]:
        """Delete a dataset, its analyses and all their files; return what was removed."""
        self._dataset(dataset_id)
        removed = 0
        for analysis_id in self._analysis_ids().get(dataset_id, []):
            try:
                self.store.delete_document(ANALYSIS_KIND, analysis_id)
                removed += 1
            except NotFoundError:  # deleted meanwhile by a concurrent request
                pass
        self.store.delete_document(DATASET_KIND, dataset_id)
        shutil.rmtree(self.root / dataset_id, ignore_errors=True)
        return {"deleted": dataset_id, "analyses_deleted": removed}

    def _limits(self) -> Any:
        from synthpersona.tables import TableLimits  # the table stack loads on first use

        return TableLimits.from_settings(self.settings)

    def _dataset(self, dataset_id: str) -> dict[str, Any]:
        return self.store.get_document(DATASET_KIND, _check_id(dataset_id, "dataset"))

    def _analysis_ids(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for rec in self.store.list_documents(ANALYSIS_KIND):
            out.setdefault(rec["dataset_id"], []).append(rec["analysis_id"])
        return out
