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
{'deleted': '...', 'analyses_deleted': 1, 'jobs_cancelled': 0}
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from synthpersona._files import atomic_write_bytes
from synthpersona._json import to_jsonable
from synthpersona.errors import NotFoundError, did_you_mean
from synthpersona.formats import extensions, sniff_suffix, sniffed_note
from synthpersona.usecases._dataset_paths import allowed_file, dataset_file
from synthpersona.usecases._folders import mark_owner, unmark_owner
from synthpersona.usecases.isolation import Runner
from synthpersona.usecases.jobs import (
    ACTIVE,
    CANCEL_KIND,
    JOB_KIND,
    JobContext,
    Jobs,
    request_cancel,
    uninterruptible,
)
from synthpersona.usecases.tables import OUTPUT_FILES, analyze_file, options_of, preview_file
from synthpersona.usecases.tenants import DEFAULT_TENANT, owned_by

if TYPE_CHECKING:
    from synthpersona.config import Settings
    from synthpersona.store import Store

__all__ = ["ANALYSIS_KIND", "DATASET_KIND", "SUFFIXES", "Datasets", "Readable"]

DATASET_KIND = "dataset"
ANALYSIS_KIND = "dataset_analysis"
#: The web UI's leads analyses: records of their own, outputs in the same analyses folders.
UI_ANALYSIS_KIND = "ui_leads_analysis"
#: Suffixes an upload keeps; anything else is stored (and read) as ``.csv``.
SUFFIXES = frozenset(extensions("table"))  # the table formats in synthpersona.formats.READERS
_ID = re.compile(r"^[0-9a-f]{32}$")
#: Record kind of simulations (``<data dir>/simulations/<id>``, the API's ``/simulations``):
#: their folders are checked for orphans too (usecases/_dataset_check.py).
SIMULATION_KIND = "simulations"
_STAGING = ".incoming"
log = logging.getLogger("synthpersona.api")  # the API's log, where the sweep at startup reports
_CHUNK = 1 << 20


class Readable(Protocol):
    """Anything with ``read(n) -> bytes``: an open file, an upload, a size-limited wrapper."""

    def read(self, n: int = -1, /) -> bytes: ...


def _call(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    return fn(*args, **kwargs)


def _analysis_outputs(
    source: Path,
    out_dir: Path,
    limits: Any,
    params: dict[str, Any],
    progress: Callable[[str], None] | None = None,
) -> tuple[dict[str, Any], list[Any]]:
    """Analyse ``source`` writing every output to ``out_dir``; the record's summary and personas
    (plain JSON, so a child process can hand them back; server paths left out)."""
    from synthpersona.views import seed003

    options, sheet, by_path = _options(params)
    result = analyze_file(
        source, options, out_dir=out_dir, limits=limits, progress=progress, sheet=sheet, by_path=by_path
    )
    summary = result.summary()
    summary.pop("outputs", None)
    if summary.get("source"):
        summary["source"] = {k: v for k, v in summary["source"].items() if k != "path"}
    return to_jsonable(summary), to_jsonable(seed003.personas(result.segments, result.personas))


def _options(params: dict[str, Any]) -> tuple[Any, str | None, bool | None]:
    """An analysis's options, sheet and ``by_path`` (how the file is read, not an analysis option)."""
    rest = dict(params)
    by_path = rest.pop("by_path", None)
    options, sheet = options_of(rest)
    return options, sheet, by_path


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stored_as(filename: str, head: bytes = b"") -> tuple[str, str | None]:
    """The name a table upload is kept under (its format's extension) and the format sniffed, if any.

    A name without a known extension (``leads``, ``export.bin``) is recognised by its content
    (:func:`~synthpersona.formats.sniff_suffix`); content that is no table is refused.
    """
    suffix, sniffed = sniff_suffix(filename, "table", head)
    return "source" + suffix, sniffed


_SNIFF = 4096  # bytes an upload's format is recognised from when its name has no known extension


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
    tenant
        Whose datasets these are (:mod:`synthpersona.usecases.tenants`): new records are
        stamped with it, and another tenant's dataset is not found.
    """

    def __init__(
        self, settings: Settings, store: Store | None = None, *, tenant: str = DEFAULT_TENANT
    ) -> None:
        self.settings = settings
        self._store = store
        self.tenant = tenant

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

    def add(
        self, stream: Readable, filename: str, *, name: str | None = None, run: Runner | None = None
    ) -> dict[str, Any]:
        """Store an uploaded file read from ``stream``, preview it and record it; return the record.

        Anything raised while reading (a size limit of the caller, a file that is empty
        or not a table) leaves nothing behind. ``run`` runs the preview (``run(fn, *args,
        **kwargs)``): :func:`~synthpersona.usecases.isolation.request_runner` puts it in a child
        process killed at the job budgets (a workbook is parsed whole: up to ~8x its XML);
        ``None`` runs it here.
        """
        original = Path(filename or "upload.csv").name
        dataset_id = uuid.uuid4().hex
        # The upload is written to a staging folder named after this process and moved into place
        # only when complete (fsync, rename): a crash leaves no visible half file, and
        # sweep_orphans (at API startup) removes staging folders of processes that are gone.
        folder = self.root / _STAGING / f"{os.getpid()}-{dataset_id}"
        folder.mkdir(parents=True, exist_ok=False)
        final = self.root / dataset_id
        target = folder / "source.upload"
        size = 0
        try:
            with open(target, "wb") as out:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            with open(target, "rb") as fh:
                stored_as, sniffed = _stored_as(original, fh.read(_SNIFF))
            target = target.rename(folder / stored_as)
            preview = (run or _call)(preview_file, target, limits=self._limits())
            if sniffed:
                preview["repairs"] = [sniffed_note(original, sniffed), *preview.get("repairs", [])]
            mark_owner(folder)
            folder.rename(final)
            folder = final
            doc = {
                "dataset_id": dataset_id,
                "tenant": self.tenant,
                "filename": (name or original)[:200],
                "stored_as": stored_as,
                "size_bytes": size,
                "created_at": _now(),
                "preview": preview,
            }
            doc = self.store.put_document(DATASET_KIND, dataset_id, doc)  # as stored (text normalised)
            unmark_owner(final)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(OSError):  # the staging folder itself, when no other upload uses it
                (self.root / _STAGING).rmdir()
            raise
        return doc

    def check(self, *, repair: bool = False, min_age_s: float = 600) -> dict[str, list[str]]:
        """Find (and with ``repair`` remove) files and records left behind by crashes and deletes.

        Returns ``{finding: [names]}`` for: ``staging`` (uploads and analyses cut by a dead
        process), ``dataset_folders`` (a folder without a record), ``missing_files`` (a record
        without its file), ``analysis_records`` (an analysis of a deleted dataset),
        ``analysis_folders`` (outputs without a record), ``job_records`` (finished jobs of a
        deleted dataset, stray cancel requests), ``interrupted_jobs`` (queued or running
        jobs of a dead process, marked failed) and ``simulation_folders`` (report folders of
        simulations without a record). Folders are only counted once untouched for
        ``min_age_s`` (another worker may be between writing a folder and its record). The web
        UI's uploads (``ui-`` ids, no records) are left alone.
        """
        from synthpersona.usecases._dataset_check import find_leftovers  # it reads this module's layout

        return find_leftovers(self, repair=repair, min_age_s=min_age_s)

    def sweep_orphans(self, *, min_age_s: float = 600) -> list[str]:
        """Remove every leftover :meth:`check` finds (run at API startup); return their names."""
        return [name for names in self.check(repair=True, min_age_s=min_age_s).values() for name in names]

    def register(self, path: str, *, name: str | None = None, run: Runner | None = None) -> dict[str, Any]:
        """Record a server file as a dataset read where it is (never copied); return the record.

        Only CSV/TSV/Parquet files inside the folders of ``SYNTHPERSONA_DATASET_DIRS`` (none by
        default: refused, naming the setting), after ``..`` and symbolic links are resolved
        (:mod:`synthpersona.usecases._dataset_paths`). The record keeps the resolved path; the
        dataset's folder holds only its analyses, and deleting the dataset never touches the
        file. Analyses of a file above ``SYNTHPERSONA_TABLE_BY_PATH_MB`` run in place.
        """
        source = allowed_file(self.settings, path)
        preview = (run or _call)(preview_file, source, limits=self._limits())
        dataset_id = uuid.uuid4().hex
        folder = self.root / dataset_id
        folder.mkdir(parents=True)
        mark_owner(folder)  # a crash before the record leaves a folder the sweep removes
        try:
            doc = {
                "dataset_id": dataset_id,
                "tenant": self.tenant,
                "filename": (name or source.name)[:200],
                "stored_as": "",
                "source_path": str(source),
                "size_bytes": source.stat().st_size,
                "created_at": _now(),
                "preview": preview,
            }
            doc = self.store.put_document(DATASET_KIND, dataset_id, doc)
            unmark_owner(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return doc

    def save_bytes(self, filename: str, data: bytes) -> Path:
        """Keep ``data`` (an upload without a record, as the web UI makes) and return its path.

        The id is derived from the content, so the same file uploaded twice is stored once.
        """
        # "ui-" keeps these record-less uploads apart from the API's (which sweep_orphans checks)
        dataset_id = "ui-" + hashlib.sha256(data).hexdigest()[:32]
        target = self.root / dataset_id / _stored_as(filename, data[:_SNIFF])[0]
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
        docs = [d for d in self.store.list_documents(DATASET_KIND) if owned_by(d, self.tenant)]
        return [{**d, "analyses": ids.get(d["dataset_id"], [])} for d in docs]

    def staging_folder(self, label: str) -> Path:
        """A new folder for a file used once (an upload a job reads), removed by the sweep when
        its process dies (``<data dir>/datasets/.incoming/<pid>-<label>-<random>``)."""
        folder = self.root / _STAGING / f"{os.getpid()}-{label}-{uuid.uuid4().hex[:12]}"
        folder.mkdir(parents=True)
        return folder

    def path(self, dataset_id: str) -> Path:
        """The stored file of a dataset; ``NotFoundError`` when there is no such dataset."""
        return dataset_file(self.settings, self.root, self._dataset(dataset_id))

    def analyze(
        self,
        dataset_id: str,
        *,
        progress: Callable[[str], None] | None = None,
        run: Runner | None = None,
        **params: Any,
    ) -> dict[str, Any]:
        """Analyse a dataset into ranked personas, write every output and record it.

        ``params`` are the fields of :class:`~synthpersona.usecases.tables.TableOptions`
        (``k``, ``target``, ``features``, ``exclude``, ``roles``, ``algorithm``, ``mode``,
        ``random_state``, ``k_anonymity``...), ``sheet`` and ``by_path`` (``analyze_file``'s:
        ``True`` reads a CSV/TSV/Parquet file in place through the engine), as plain JSON values
        (:func:`~synthpersona.usecases.tables.options_of`); they are stored with the record.
        Server paths stay out of it.
        ``progress`` is called before each step and may raise to stop the analysis (a
        cancelled job). The outputs are written to a staging folder and moved into place
        when complete; a dataset deleted meanwhile stops the analysis at its next step, and
        one deleted after the last step gets neither the folder nor the record. ``run`` runs the
        reading, clustering and writing (``run(fn, *args, progress=...)``): a job's
        :meth:`~synthpersona.usecases.jobs.JobContext.run` or :func:`~synthpersona.usecases.
        isolation.request_runner` put them in a child process killed at its budgets; ``None``
        runs them here.
        """
        doc = self._dataset(dataset_id)
        self._check_memory(doc, params)  # a misspelt option is refused before any work
        analysis_id = uuid.uuid4().hex
        staging = self.root / _STAGING / f"{os.getpid()}-{analysis_id}"
        final = self.analysis_dir(dataset_id, analysis_id)

        def step(label: str) -> None:
            self._still_there(dataset_id)
            if progress is not None:
                progress(label)

        try:
            source = dataset_file(self.settings, self.root, doc)
            args = (source, staging, self._limits(), params)
            summary, personas = (run or _call)(_analysis_outputs, *args, progress=step)
            step("Storing the analysis")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        # from here the outputs become visible: a job over its budget is not stopped half-way
        with uninterruptible():
            self._publish(dataset_id, staging, final)
            return self._record(dataset_id, analysis_id, final, summary, personas, params)

    def _publish(self, dataset_id: str, staging: Path, final: Path) -> None:
        """Move a complete staging folder into place (marked with this pid until its record exists)."""
        try:
            (self.root / dataset_id / "analyses").mkdir(exist_ok=True)  # never recreates a deleted dataset
            mark_owner(staging)
            staging.rename(final)
        except FileNotFoundError:
            shutil.rmtree(staging, ignore_errors=True)
            self._still_there(dataset_id)
            raise
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def _record(
        self,
        dataset_id: str,
        analysis_id: str,
        final: Path,
        summary: dict[str, Any],
        personas: list[Any],
        params: dict[str, Any],
    ) -> dict[str, Any]:
        """Store the record of a published analysis; undo both if the dataset was deleted meanwhile."""
        record = {
            "analysis_id": analysis_id,
            "dataset_id": dataset_id,
            "tenant": self.tenant,
            "created_at": _now(),
            "params": params,
            "summary": summary,
            "personas": personas,
            "downloads": {
                name: f"/datasets/{dataset_id}/analyses/{analysis_id}/{name}"
                for name in OUTPUT_FILES.values()
            },
        }
        self.store.put_document(ANALYSIS_KIND, analysis_id, record)
        unmark_owner(final)
        # delete() removes the dataset record first and the analysis records after it, so a
        # delete that listed the analyses before this record existed is seen here: undo.
        if not self.store.has_document(DATASET_KIND, dataset_id):
            with contextlib.suppress(NotFoundError):
                self.store.delete_document(ANALYSIS_KIND, analysis_id)
            shutil.rmtree(self.root / dataset_id, ignore_errors=True)
            self._still_there(dataset_id)
        return record

    def submit_analysis(self, jobs: Jobs, dataset_id: str, **params: Any) -> dict[str, Any]:
        """Run :meth:`analyze` as a job of ``jobs``; return the job record (``result.analysis_id``)."""
        doc = self._dataset(dataset_id)  # an unknown id or a k out of range is refused now, not in the job
        estimate = self._check_memory(doc, params)

        def work(ctx: JobContext) -> dict[str, Any]:
            record = self.analyze(dataset_id, progress=ctx.progress, run=ctx.run, **params)
            return {
                "analysis_id": record["analysis_id"],
                "analysis": f"/datasets/{dataset_id}/analyses/{record['analysis_id']}",
            }

        return jobs.submit(
            "dataset_analysis",
            {"dataset_id": dataset_id},
            work,
            tenant=self.tenant,
            subject_gone=lambda: not self.store.has_document(DATASET_KIND, dataset_id),
            estimate_bytes=estimate,
        )

    def _still_there(self, dataset_id: str) -> None:
        if not self.store.has_document(DATASET_KIND, dataset_id):
            raise NotFoundError(
                f"Dataset {dataset_id!r} was deleted while it was being analysed; nothing was kept.",
                code="dataset_not_found",
                details={"id": dataset_id},
            )

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
        """Delete a dataset, its analyses, its jobs' records and all their files; return what was removed.

        The dataset record goes first: a running analysis of it stops at its next step (its
        job is also asked to cancel) and one that finishes meanwhile removes its own record
        and folder (see :meth:`analyze`).
        """
        self._dataset(dataset_id)
        with contextlib.suppress(OSError):  # a crash from here on leaves a folder the sweep removes at once
            mark_owner(self.root / dataset_id)
        self.store.delete_document(DATASET_KIND, dataset_id)
        removed = 0
        for analysis_id in self._analysis_ids().get(dataset_id, []):
            try:
                self.store.delete_document(ANALYSIS_KIND, analysis_id)
                removed += 1
            except NotFoundError:  # deleted meanwhile by a concurrent request
                pass
        cancelled = 0
        for job in self.store.list_documents(JOB_KIND):
            if (job.get("subject") or {}).get("dataset_id") != dataset_id:
                continue
            if job.get("status") in ACTIVE:
                request_cancel(self.store, job["job_id"])
                cancelled += 1
            else:
                with contextlib.suppress(NotFoundError):
                    self.store.delete_document(JOB_KIND, job["job_id"])
                    self.store.delete_document(CANCEL_KIND, job["job_id"])
        from synthpersona.usecases.behaviour import delete_results_of  # views computed from it

        views = delete_results_of(self.store, dataset_id)
        shutil.rmtree(self.root / dataset_id, ignore_errors=True)
        return {
            "deleted": dataset_id,
            "analyses_deleted": removed,
            "jobs_cancelled": cancelled,
            "behaviour_results_deleted": views,
        }

    def _limits(self) -> Any:
        from synthpersona.tables import TableLimits  # the table stack loads on first use

        return TableLimits.from_settings(self.settings)

    def _check_memory(self, doc: dict[str, Any], params: dict[str, Any]) -> int:
        """Refuse an analysis with a misspelt option, a bad k, a file that cannot be read in place
        with ``by_path`` or an estimated peak over the memory budget (before any work); return the
        estimate. A file read in place holds at most its sample in memory."""
        from synthpersona.tables.sql_file import SAMPLE_ROWS
        from synthpersona.usecases.budget import BYTES_PER_CELL, check_memory, check_table, event_rows
        from synthpersona.usecases.tables import reads_in_place

        _, sheet, by_path = _options(params)
        self._limits().check_k(params.get("k"))
        columns = len((doc.get("preview") or {}).get("columns") or []) or 1
        source = dataset_file(self.settings, self.root, doc)
        if reads_in_place(source, by_path, sheet):  # the engine holds the rest
            rows = min(event_rows(source), SAMPLE_ROWS)
            return check_memory(
                rows * columns * BYTES_PER_CELL,
                self.settings.job_memory_mb,
                f"analysing a table read in place (a sample of {rows:,} rows in memory)",
                "analyse fewer columns",
            )
        return check_table(source, columns, self.settings)

    def _dataset(self, dataset_id: str) -> dict[str, Any]:
        doc = self.store.get_document(DATASET_KIND, _check_id(dataset_id, "dataset"))
        if not owned_by(doc, self.tenant):  # another tenant's: exactly as if it did not exist
            raise NotFoundError(
                f"No dataset with id {dataset_id!r}.",
                code="dataset_not_found",
                details={"kind": DATASET_KIND, "id": dataset_id},
            )
        return doc

    def _analysis_ids(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for rec in self.store.list_documents(ANALYSIS_KIND):
            out.setdefault(rec["dataset_id"], []).append(rec["analysis_id"])
        return out
