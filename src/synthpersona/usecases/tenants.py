"""Use case: API keys that map to tenants, kept hashed in a keys file.

One server can serve several tenants (teams, customers): each API key belongs to one
tenant, and every dataset, analysis, job, simulation, goal run (with its personas),
conversation, scenario template and role-play persona belongs to the tenant whose key
created it and is invisible to the others (a 404, as if it did not exist). Runs and
conversations carry the tenant in a column of their table; document records in their
payload (:func:`owned_by`); ids a client chooses (template ids) are scoped per tenant
with :func:`scoped_id`. A key can be
read-only (``GET``/``HEAD`` only).

The keys file (``SYNTHPERSONA_API_KEYS_FILE``) holds one key per line as
``<tenant> <sha256 hex of the key> [read-only]``; ``#`` starts a comment. Keys are random
32-byte tokens, so a plain SHA-256 is enough (no password stretching needed), and the file
never holds a key itself. ``synthpersona store add-key TENANT`` makes a key, prints it once
and appends its hash. The single ``SYNTHPERSONA_API_KEY`` of earlier versions still works:
it is the ``default`` tenant's key.

Examples
--------
>>> key = "k" * 43
>>> line = f"acme {hash_key(key)} read-only"
>>> parse_keys(line)[hash_key(key)]
Tenant(name='acme', read_only=True)
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthpersona.errors import ConfigError, InputError

__all__ = [
    "DEFAULT_TENANT",
    "Tenant",
    "add_key",
    "hash_key",
    "load_keys",
    "owned_by",
    "parse_keys",
    "scoped_id",
]

#: The tenant of a server without keys, of ``SYNTHPERSONA_API_KEY``, of the CLI and web UI,
#: and of records made before tenants existed.
DEFAULT_TENANT = "default"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Tenant:
    """Who a key belongs to and whether it may change anything."""

    name: str
    read_only: bool = False


def hash_key(key: str) -> str:
    """SHA-256 hex digest of ``key`` (what the keys file stores)."""
    return hashlib.sha256(key.encode()).hexdigest()


def parse_keys(text: str, source: str = "the keys file") -> dict[str, Tenant]:
    """``{key hash: Tenant}`` from keys-file text; ``ConfigError`` naming the bad line."""
    keys: dict[str, Tenant] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        ok = len(parts) in (2, 3) and _NAME.match(parts[0]) and _HEX.match(parts[1].lower())
        if not ok or (len(parts) == 3 and parts[2] != "read-only"):
            raise ConfigError(
                f"Line {number} of {source} is not '<tenant> <sha256 hex of the key> [read-only]'; "
                "make keys with `synthpersona store add-key TENANT`.",
                details={"line": number},
            )
        keys[parts[1].lower()] = Tenant(parts[0], read_only=len(parts) == 3)
    return keys


def load_keys(path: Path) -> dict[str, Tenant]:
    """Read the keys file at ``path`` (see the module docstring)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"Cannot read SYNTHPERSONA_API_KEYS_FILE ({type(exc).__name__}); check the path and its "
            "permissions.",
            details={"error": type(exc).__name__},
        ) from None
    return parse_keys(text, "SYNTHPERSONA_API_KEYS_FILE")


def add_key(path: Path, tenant: str, *, read_only: bool = False) -> str:
    """Make a new key for ``tenant``, append its hash to the keys file and return the key.

    The key is shown only here: the file keeps its hash.
    """
    if not _NAME.match(tenant):
        raise InputError(
            f"Tenant name {tenant!r} must be 1-64 letters, digits, '_', '.' or '-', starting with a "
            "letter or digit.",
            details={"tenant": tenant},
        )
    key = secrets.token_urlsafe(32)
    line = f"{tenant} {hash_key(key)}" + (" read-only" if read_only else "") + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def scoped_id(tenant: str, doc_id: str) -> str:
    """The stored id of a client-chosen ``doc_id`` of ``tenant`` (unchanged for the default tenant).

    Tenant names cannot contain ``:``, so two tenants' ids never meet, and the ids the
    default tenant stored before tenants existed are read as they are.

    Examples
    --------
    >>> scoped_id("default", "t1"), scoped_id("acme", "t1")
    ('t1', 'acme:t1')
    """
    return doc_id if tenant == DEFAULT_TENANT else f"{tenant}:{doc_id}"


def owned_by(doc: dict[str, Any], tenant: str) -> bool:
    """True when the record ``doc`` belongs to ``tenant`` (records without one are the default's)."""
    return doc.get("tenant", DEFAULT_TENANT) == tenant
