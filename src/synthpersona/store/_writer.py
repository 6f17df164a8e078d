"""Group commit for chat exchanges: many concurrent writes, one transaction."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

from synthpersona.errors import StoreError, SynthPersonaError
from synthpersona.store._store import Store

__all__ = ["GroupWriter"]

try:  # POSIX only (a blocked flock wakes at once; filelock would poll); elsewhere SQLite's busy handler
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("synthpersona.store")
_RETRIES = 3


class GroupWriter:
    """Batch :meth:`Store.add_messages` calls from many requests into few transactions.

    A request's future completes only after its batch is committed, so a reply is
    never acknowledged before it is stored; under load, one commit serves many
    requests (the classic database group commit).

    Parameters
    ----------
    store
        Where to write.
    max_batch
        Most items per transaction.

    Examples
    --------
    >>> writer = GroupWriter(Store("sqlite://"))
    >>> fut = writer.submit({"conversation_id": None, "persona": {"persona_id": "p"},
    ...                      "messages": [{"role": "user", "message": "hi"}]})
    >>> len(fut.result(timeout=10))
    32
    """

    def __init__(self, store: Store, *, max_batch: int = 256) -> None:
        self.store = store
        self.max_batch = max_batch
        self._queue: queue.Queue[tuple[dict[str, Any], cf.Future[str]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        # Several server processes writing one SQLite file take turns through a lock file:
        # a blocked flock wakes the moment the lock is released, whereas SQLite's busy
        # handler polls with sleeps of up to 100 ms (the long tail of chat latency).
        db_path = getattr(store, "_db_path", None)
        self._lock_path = f"{db_path}.writelock" if db_path is not None and fcntl is not None else None
        self._lock_fd: int | None = None

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        if self._lock_path is None:
            yield
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def submit(self, item: dict[str, Any]) -> cf.Future[str]:
        """Queue one write; the future gives the conversation id or raises the item's error."""
        fut: cf.Future[str] = cf.Future()
        self._ensure_thread()
        self._queue.put((item, fut))
        return fut

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="synthpersona-writer", daemon=True)
                self._thread.start()

    def close(self) -> None:
        """Finish queued writes and stop the thread."""
        with self._lock:
            thread = self._thread
            self._thread = None
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join(timeout=30)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._write(batch)
                    return
                batch.append(nxt)
            self._write(batch)

    def _write(self, batch: list[tuple[dict[str, Any], cf.Future[str]]]) -> None:
        try:
            with self._exclusive():
                results = self.store.add_messages_many([item for item, _ in batch])
        except Exception as exc:  # never leave a request waiting forever
            # One bad item (or a conflict with another worker) must not fail the others' chats:
            # write them one by one, each in its own transaction, each with its own outcome.
            log.warning(
                "group write failed; writing one by one",
                extra={"event": "store_retry", "error": type(exc).__name__},
            )
            self._one_by_one(batch)
            return
        for (_, fut), result in zip(batch, results, strict=True):
            if isinstance(result, SynthPersonaError):
                fut.set_exception(result)
            else:
                fut.set_result(result)

    def _one_by_one(self, batch: list[tuple[dict[str, Any], cf.Future[str]]]) -> None:
        for item, fut in batch:
            for attempt in range(_RETRIES):
                try:
                    with self._exclusive():
                        cid = self.store.add_messages(
                            item.get("conversation_id"),
                            item["messages"],
                            persona=item.get("persona"),
                            run_id=item.get("run_id"),
                            persona_is_json=True,
                        )
                except StoreError as exc:
                    if exc.details.get("retry") and attempt < _RETRIES - 1:
                        time.sleep(0.05 * (attempt + 1))  # a conflicting writer or a busy database
                        continue
                    fut.set_exception(exc)
                except Exception as exc:  # the item's own error goes to its request
                    fut.set_exception(exc)
                else:
                    fut.set_result(cid)
                break
