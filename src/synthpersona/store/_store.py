"""The state store: runs, personas, conversations and generic documents in SQL.

SQLite (a file in the data directory) by default, PostgreSQL when
``SYNTHPERSONA_DATABASE_URL`` points at one. The schema is created and upgraded by
the Alembic migrations shipped in :mod:`synthpersona.store.migrations` when a
:class:`Store` opens. Every public write is one transaction: it is stored whole or
not at all.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from filelock import FileLock
from sqlalchemy import Engine, Select, Table, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import (
    TimeoutError as PoolTimeout,
)
from sqlalchemy.pool import StaticPool

from synthpersona.errors import InputError, NotFoundError, StoreError, SynthPersonaError, did_you_mean
from synthpersona.store._common import DEFAULT_TENANT
from synthpersona.store._common import check_id as _check_id
from synthpersona.store._common import check_payload as _check_payload
from synthpersona.store._common import iso as _iso
from synthpersona.store._conversations import ConversationsMixin
from synthpersona.store._scores import ScoresMixin
from synthpersona.store._tables import ConversationRow, DocumentRow, MessageRow, PersonaRow, RunRow, utcnow

if TYPE_CHECKING:
    from synthpersona.config import Settings

__all__ = ["SCHEMA_REVISION", "Store"]

log = logging.getLogger("synthpersona.store")

SCHEMA_REVISION = "0003"  # the head of migrations/versions (a test checks there is one head)
_MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 74_100_331  # advisory lock id serialising migrations across workers

_runs = cast(Table, RunRow.__table__)
_personas = cast(Table, PersonaRow.__table__)
_convs = cast(Table, ConversationRow.__table__)
_msgs = cast(Table, MessageRow.__table__)
_docs = cast(Table, DocumentRow.__table__)


def _normalise_url(url: str) -> str:
    """Map bare ``postgres://`` / ``postgresql://`` to the installed psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Store(ConversationsMixin, ScoresMixin):
    """SQL state store.

    Parameters
    ----------
    url
        SQLAlchemy URL: ``sqlite:///path/to.db``, ``sqlite://`` (in memory) or
        ``postgresql://user:pw@host:5432/db`` (psycopg 3 is used).
    migrate
        Create or upgrade the schema on open (default). Safe with several workers:
        migrations are serialised with a file lock (SQLite) or an advisory lock
        (PostgreSQL).

    Examples
    --------
    >>> store = Store("sqlite://")
    >>> store.put_document("template", "t1", {"name": "Saver"})
    {'name': 'Saver'}
    >>> store.get_document("template", "t1")["name"]
    'Saver'
    """

    def __init__(self, url: str, *, migrate: bool = True, echo: bool = False) -> None:
        url = _normalise_url(url)
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise StoreError(
                f"Database URL {url!r} is not a valid SQLAlchemy URL; use e.g. 'sqlite:///state.db' or "
                "'postgresql://user:password@host:5432/db' in SYNTHPERSONA_DATABASE_URL."
            ) from None
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreError(
                f"Database backend {self.dialect!r} is not supported; use SQLite or PostgreSQL."
                + did_you_mean(self.dialect, ["sqlite", "postgresql"])
            )
        self.safe_url = parsed.render_as_string(hide_password=True)
        self._db_path: Path | None = None
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.dialect == "sqlite":
            database = parsed.database
            if database and database != ":memory:":
                self._db_path = Path(database).expanduser().resolve()
                self._db_path.parent.mkdir(parents=True, exist_ok=True)
                kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            else:  # one shared connection, or every connection would see its own empty DB
                kwargs["connect_args"] = {"check_same_thread": False}
                kwargs["poolclass"] = StaticPool
        else:
            kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=10)
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"Cannot open the database {self.safe_url}: {exc}") from None
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._lock = threading.Lock()  # StaticPool shares one connection across threads
        self._shared = self._db_path is None and self.dialect == "sqlite"
        if migrate:
            self.migrate()

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        """Open the store at ``settings.resolved_database_url`` (SQLite in the data dir by default)."""
        return cls(settings.resolved_database_url)

    def __repr__(self) -> str:
        return f"Store({self.safe_url!r})"

    # -- plumbing ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _tx(self) -> Iterator[Connection]:
        """One transaction; any error rolls everything back and surfaces as a StoreError."""
        lock = self._lock if self._shared else contextlib.nullcontext()
        with lock:
            try:
                with self.engine.begin() as conn:
                    yield conn
            except SynthPersonaError:
                raise
            except (SQLAlchemyError, UnicodeEncodeError) as exc:
                raise _store_error(exc) from exc

    def migrate(self) -> None:
        """Create or upgrade the schema to the latest revision."""
        from alembic import command
        from alembic.config import Config
        from alembic.util.exc import CommandError

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        # Processes starting together on one SQLite file migrate one at a time; filelock is
        # portable (fcntl does not exist on Windows) and this runs once per process.
        lock = (
            FileLock(self._db_path.with_name(self._db_path.name + ".migrate.lock")) if self._db_path else None
        )
        try:
            if lock is not None:
                lock.acquire()
            with self.engine.connect() as conn:
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
                    conn.commit()
                try:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
                    conn.commit()
                finally:
                    if self.dialect == "postgresql":
                        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                        conn.commit()
        except CommandError as exc:
            raise StoreError(
                f"The database {self.safe_url} has a schema this version of synthpersona does not know "
                f"({exc}); upgrade synthpersona or point SYNTHPERSONA_DATABASE_URL at another database."
            ) from None
        except SQLAlchemyError as exc:
            raise StoreError(
                f"Cannot open the state store at {self.safe_url}: {type(exc).__name__}. Check that the "
                "database server is running and SYNTHPERSONA_DATABASE_URL is right.",
                details={"error": type(exc).__name__},
            ) from None
        finally:
            if lock is not None:
                lock.release()

    def status(self) -> dict[str, Any]:
        """Backend, redacted URL, schema revision and whether the database answers now."""
        info: dict[str, Any] = {"backend": self.dialect, "url": self.safe_url, "ok": False, "revision": None}
        try:
            with self._tx() as conn:
                info["revision"] = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            info["ok"] = True
        except SynthPersonaError as exc:
            info["error"] = exc.message
        return info

    def checkpoint(self) -> None:
        """SQLite: copy the write-ahead log into the database and empty it (no-op on PostgreSQL).

        Called after every delete, so deleted rows do not linger in the ``-wal`` file; best
        effort (a long reader postpones it to the next delete).
        """
        if self.dialect != "sqlite" or self._db_path is None:
            return
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except SQLAlchemyError:
            log.warning("checkpoint postponed", extra={"event": "store_checkpoint_postponed"})

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    # -- documents ---------------------------------------------------------------------------------
    def put_document(self, kind: str, doc_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Insert or replace the document ``(kind, doc_id)``; return the stored payload."""
        _check_id("kind", kind)
        _check_id("doc_id", doc_id)
        data = _check_payload(payload)
        now = utcnow()
        with self._tx() as conn:
            found = conn.execute(
                update(_docs)
                .where(_docs.c.kind == kind, _docs.c.doc_id == doc_id)
                .values(payload=data, updated_at=now)
            ).rowcount
            if not found:
                conn.execute(
                    insert(_docs).values(
                        kind=kind, doc_id=doc_id, payload=data, created_at=now, updated_at=now
                    )
                )
        return data

    def get_document(self, kind: str, doc_id: str) -> dict[str, Any]:
        """Return the payload of ``(kind, doc_id)``; raise ``NotFoundError`` when missing."""
        with self._tx() as conn:
            row = conn.execute(
                select(_docs.c.payload).where(_docs.c.kind == kind, _docs.c.doc_id == doc_id)
            ).first()
        if row is None:
            raise NotFoundError(
                f"No {kind} with id {doc_id!r}.",
                code=f"{kind}_not_found",
                details={"kind": kind, "id": doc_id},
            )
        return dict(row[0])

    def has_document(self, kind: str, doc_id: str) -> bool:
        """True when ``(kind, doc_id)`` is stored."""
        with self._tx() as conn:
            return (
                conn.execute(
                    select(_docs.c.doc_id).where(_docs.c.kind == kind, _docs.c.doc_id == doc_id)
                ).first()
                is not None
            )

    def delete_document(self, kind: str, doc_id: str) -> None:
        """Delete ``(kind, doc_id)``; raise ``NotFoundError`` when it does not exist."""
        with self._tx() as conn:
            gone = conn.execute(delete(_docs).where(_docs.c.kind == kind, _docs.c.doc_id == doc_id)).rowcount
        self.checkpoint()
        if not gone:
            raise NotFoundError(
                f"No {kind} with id {doc_id!r} to delete.",
                code=f"{kind}_not_found",
                details={"kind": kind, "id": doc_id},
            )

    def list_documents(self, kind: str, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Payloads of every document of ``kind``, oldest first."""
        query = (
            select(_docs.c.payload).where(_docs.c.kind == kind).order_by(_docs.c.created_at, _docs.c.doc_id)
        )
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self._tx() as conn:
            return [dict(r[0]) for r in conn.execute(query)]

    def list_document_ids(self, kind: str) -> list[dict[str, Any]]:
        """``{"doc_id", "created_at", "updated_at"}`` of every document of ``kind``, oldest first."""
        query = (
            select(_docs.c.doc_id, _docs.c.created_at, _docs.c.updated_at)
            .where(_docs.c.kind == kind)
            .order_by(_docs.c.created_at, _docs.c.doc_id)
        )
        with self._tx() as conn:
            return [
                {"doc_id": r.doc_id, "created_at": _iso(r.created_at), "updated_at": _iso(r.updated_at)}
                for r in conn.execute(query)
            ]

    # -- runs and personas -------------------------------------------------------------------------
    def save_run(self, run: dict[str, Any], *, tenant: str = DEFAULT_TENANT) -> str:
        """Store a run (``GoalRun.to_dict()`` shape) and its personas in one transaction.

        Saving a ``run_id`` again replaces it (runs are deterministic, so this is
        the same content). ``tenant`` owns the run: the reads below given another tenant
        do not find it. Returns the ``run_id``.
        """
        if not isinstance(run, dict):
            raise InputError(f"A run must be a dict, got {type(run).__name__}.")
        run_id = _check_id("run_id", run.get("run_id"))
        data = _check_payload(run)
        personas = data.pop("personas", None) or {}
        if not isinstance(personas, dict):
            raise InputError("run['personas'] must map cluster_id to a list of persona dicts.")
        rows: list[dict[str, Any]] = []
        now = utcnow()
        for cluster_key, items in personas.items():
            for position, persona in enumerate(items or []):
                if not isinstance(persona, dict):
                    raise InputError(f"Persona {position} of cluster {cluster_key} is not a dict.")
                pid = _check_id("persona_id", persona.get("persona_id"))
                cluster_id = persona.get("cluster_id", cluster_key)
                try:
                    cluster_int = int(cluster_id)  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    raise InputError(
                        f"cluster_id {cluster_id!r} of persona {pid!r} is not an integer."
                    ) from None
                rows.append(
                    {
                        "run_id": run_id,
                        "persona_id": pid,
                        "cluster_id": cluster_int,
                        "position": position,
                        "payload": {**persona, "cluster_id": cluster_int},
                        "created_at": now,
                    }
                )
        goal = data.get("goal")
        request = data.get("request") if isinstance(data.get("request"), dict) else {}
        with self._tx() as conn:
            owner = conn.execute(select(_runs.c.tenant).where(_runs.c.run_id == run_id)).scalar()
            if owner is not None and owner != tenant:  # never replace another tenant's run
                raise InputError(
                    f"run_id {run_id!r} cannot be stored; choose another run_id.",
                    code="run_id_taken",
                    details={"run_id": run_id},
                )
            conn.execute(delete(_personas).where(_personas.c.run_id == run_id))
            conn.execute(delete(_runs).where(_runs.c.run_id == run_id))
            conn.execute(
                insert(_runs).values(
                    run_id=run_id,
                    tenant=tenant,
                    goal=goal if isinstance(goal, str) else None,
                    request=request,
                    payload=data,
                    created_at=now,
                )
            )
            if rows:
                conn.execute(insert(_personas), rows)
        return run_id

    def has_run(self, run_id: str, *, tenant: str | None = None) -> bool:
        """True when ``run_id`` is stored (and belongs to ``tenant`` when given)."""
        with self._tx() as conn:
            query = _of(select(_runs.c.run_id).where(_runs.c.run_id == run_id), _runs, tenant)
            return conn.execute(query).first() is not None

    def run_tenant(self, run_id: str) -> str | None:
        """The tenant owning ``run_id``, ``None`` when it is not stored."""
        with self._tx() as conn:
            return conn.execute(select(_runs.c.tenant).where(_runs.c.run_id == run_id)).scalar()

    def get_run(self, run_id: str, *, tenant: str | None = None) -> dict[str, Any]:
        """The stored run with ``personas`` as ``{cluster_id: [persona, ...]}`` and ``created_at``.

        With ``tenant``, another tenant's run is not found (the same error as a missing one).
        """
        with self._tx() as conn:
            row = conn.execute(
                _of(
                    select(_runs.c.payload, _runs.c.created_at).where(_runs.c.run_id == run_id), _runs, tenant
                )
            ).first()
            if row is None:
                raise NotFoundError(
                    f"No run with run_id {run_id!r}; generate one with POST /clusters/generate "
                    "(or `synthpersona goal`), or list stored runs.",
                    code="run_not_found",
                    details={"run_id": run_id},
                )
            prows = conn.execute(
                select(_personas.c.cluster_id, _personas.c.payload)
                .where(_personas.c.run_id == run_id)
                .order_by(_personas.c.cluster_id, _personas.c.position)
            ).all()
        personas: dict[int, list[dict[str, Any]]] = {}
        for cluster_id, payload in prows:
            personas.setdefault(int(cluster_id), []).append(dict(payload))
        run = dict(row.payload)
        run["personas"] = personas
        run["created_at"] = _iso(row.created_at)
        return run

    def list_runs(
        self, *, limit: int = 50, offset: int = 0, tenant: str | None = None
    ) -> list[dict[str, Any]]:
        """Newest runs first (of ``tenant`` when given).

        Each is ``{"run_id", "goal", "created_at", "k", "subset_n", "personas_count"}``.
        """
        counts = select(_personas.c.run_id, func.count().label("n")).group_by(_personas.c.run_id).subquery()
        query = (
            select(_runs.c.run_id, _runs.c.goal, _runs.c.created_at, _runs.c.payload, counts.c.n)
            .outerjoin(counts, counts.c.run_id == _runs.c.run_id)
            .order_by(_runs.c.created_at.desc(), _runs.c.run_id)
            .limit(limit)
            .offset(offset)
        )
        query = _of(query, _runs, tenant)
        with self._tx() as conn:
            out = []
            for r in conn.execute(query):
                meta = (r.payload or {}).get("meta") or {}
                out.append(
                    {
                        "run_id": r.run_id,
                        "goal": r.goal,
                        "created_at": _iso(r.created_at),
                        "k": meta.get("k"),
                        "subset_n": meta.get("subset_n"),
                        "personas_count": int(r.n or 0),
                    }
                )
            return out

    def delete_run(self, run_id: str, *, tenant: str | None = None) -> None:
        """Delete a run and its personas; ``NotFoundError`` when missing (or another tenant's)."""
        with self._tx() as conn:
            if not conn.execute(
                _of(select(_runs.c.run_id).where(_runs.c.run_id == run_id), _runs, tenant)
            ).first():
                gone = 0
            else:
                conn.execute(delete(_personas).where(_personas.c.run_id == run_id))
                gone = conn.execute(delete(_runs).where(_runs.c.run_id == run_id)).rowcount
        self.checkpoint()
        if not gone:
            raise NotFoundError(f"No run with run_id {run_id!r} to delete.", code="run_not_found")

    def get_persona(
        self, persona_id: str, *, run_id: str | None = None, tenant: str | None = None
    ) -> dict[str, Any]:
        """A stored persona with its ``run_id``; the newest run's when ``run_id`` is not given.

        With ``tenant``, only that tenant's runs are searched.
        """
        query = select(_personas.c.run_id, _personas.c.payload).where(_personas.c.persona_id == persona_id)
        if run_id is not None:
            query = query.where(_personas.c.run_id == run_id)
        if tenant is not None:
            query = query.where(
                _personas.c.run_id.in_(select(_runs.c.run_id).where(_runs.c.tenant == tenant))
            )
        query = query.order_by(_personas.c.created_at.desc()).limit(1)
        with self._tx() as conn:
            row = conn.execute(query).first()
        if row is None:
            where = f" in run {run_id!r}" if run_id else ""
            raise NotFoundError(
                f"No persona {persona_id!r}{where}; fetch personas first with POST /personas/{{cluster_id}} "
                "or POST /clusters/generate, then use one of their persona_id values.",
                code="persona_not_found",
                details={"persona_id": persona_id, "run_id": run_id},
            )
        return {**dict(row.payload), "run_id": row.run_id}

    def list_personas(
        self, run_id: str, cluster_id: int | None = None, *, tenant: str | None = None
    ) -> list[dict[str, Any]]:
        """Personas of a run (of one cluster when ``cluster_id`` is given), in order."""
        query = select(_personas.c.payload).where(_personas.c.run_id == run_id)
        if tenant is not None:
            query = query.where(
                _personas.c.run_id.in_(select(_runs.c.run_id).where(_runs.c.tenant == tenant))
            )
        if cluster_id is not None:
            query = query.where(_personas.c.cluster_id == int(cluster_id))
        query = query.order_by(_personas.c.cluster_id, _personas.c.position)
        with self._tx() as conn:
            return [dict(r[0]) for r in conn.execute(query)]


def _of(query: Select[Any], table: Table, tenant: str | None) -> Select[Any]:
    """``query`` limited to ``tenant``'s rows of ``table`` (every row when ``tenant`` is None)."""
    return query if tenant is None else query.where(table.c.tenant == tenant)


def _store_error(exc: Exception) -> SynthPersonaError:
    """The error to raise for a failed transaction: a value problem (422) or the store itself (503).

    Messages never carry the database URL, a server path or the driver's text (which can
    quote host names): the type of the driver error is enough to act on.
    """
    name = type(exc).__name__
    if isinstance(exc, UnicodeEncodeError | DataError):
        # a value the database cannot hold: NUL in PostgreSQL text, a number out of range, ...
        return InputError(
            f"The state store cannot hold a value of this request ({name}); nothing was written. "
            "Remove NUL characters or unpaired surrogates from text and keep numbers in range.",
            code="unstorable_value",
            details={"error": name},
        )
    log.error("store error", extra={"event": "store_error", "error": name})
    sqlstate = str(getattr(getattr(exc, "orig", None), "sqlstate", "") or "")
    if isinstance(exc, IntegrityError) or sqlstate.startswith("40"):  # 40xxx: serialisation, deadlock
        return StoreError(
            f"A concurrent write to the state store conflicted with this one ({name}); nothing was "
            "written. Retry the request.",
            code="store_conflict",
            details={"error": name, "retry": True},
        )
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout | DisconnectionError):
        return StoreError(
            f"The state store did not answer ({name}); nothing was written. Retry in a moment; if it "
            "persists, the server's database is down, locked or full.",
            code="store_unavailable",
            details={"error": name, "retry": True},
        )
    return StoreError(f"The state store failed ({name}); nothing was written.", details={"error": name})


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    try:
        # WAL lets readers proceed during a write and several workers share one file
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        # deleted customer data is overwritten, not left in free pages
        cur.execute("PRAGMA secure_delete=ON")
    finally:
        cur.close()
