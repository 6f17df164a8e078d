"""Which keys the API accepts and whose request this is (see :mod:`synthpersona.usecases.tenants`)."""

from __future__ import annotations

from fastapi import Request

from synthpersona.config import Settings
from synthpersona.usecases.tenants import DEFAULT_TENANT, Tenant, hash_key, load_keys

__all__ = ["api_keys", "get_tenant"]


def api_keys(settings: Settings) -> dict[str, Tenant]:
    """``{sha256 of key: Tenant}``: ``SYNTHPERSONA_API_KEY`` (the default tenant) and the keys file."""
    keys: dict[str, Tenant] = {}
    if settings.api_key is not None and settings.api_key.get_secret_value():
        keys[hash_key(settings.api_key.get_secret_value())] = Tenant(DEFAULT_TENANT)
    if settings.api_keys_file is not None:
        keys.update(load_keys(settings.api_keys_file))
    return keys


async def get_tenant(request: Request) -> str:
    """The tenant of the request's key; the default tenant on a server without keys."""
    state = request.scope.get("state") or {}
    return str(state.get("tenant", DEFAULT_TENANT))
