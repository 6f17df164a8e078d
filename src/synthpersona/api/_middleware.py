"""Pure-ASGI middleware: request id + access log, API key, body size limit.

Pure ASGI (not ``BaseHTTPMiddleware``) keeps the per-request overhead to a few
microseconds, which matters for the chat endpoint's throughput.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = ["AccessLogMiddleware", "ApiKeyMiddleware", "BodyLimitMiddleware", "error_body"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("synthpersona.api.access")

# Paths that never need the API key: liveness and the API documentation
OPEN_PATHS = frozenset({"/", "/health", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "details": details or {}}}).encode()


async def _send_error(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# Request ids need to be unique, not secret: a seeded generator instead of uuid4, whose
# os.urandom call releases the GIL on every request (a hand-off to the store's writer thread).
_IDS = random.Random()


class AccessLogMiddleware:
    """Give each request an id (``X-Request-ID``, echoed or generated) and log one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = ""
        for k, v in scope.get("headers", ()):
            if k == b"x-request-id":
                rid = v.decode("latin-1")[:64]
                break
        rid = rid or f"{_IDS.getrandbits(64):016x}"
        scope.setdefault("state", {})["request_id"] = rid
        status = 500
        start = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "request",
                    extra={
                        "event": "http_request",
                        "request_id": rid,
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        "duration_ms": round((time.perf_counter() - start) * 1000, 2),
                    },
                )


# Methods a read-only key may use
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiKeyMiddleware:
    """Require an API key (``X-API-Key`` or ``Authorization: Bearer``) and name its tenant.

    ``keys`` maps the SHA-256 hex of each accepted key to its tenant
    (:class:`synthpersona.usecases.tenants.Tenant`); the request's tenant is put in
    ``scope["state"]["tenant"]`` for the routes. The given key's hash is compared with every
    known hash in constant time (:func:`hmac.compare_digest`, no early exit). A read-only
    key may only read (403 otherwise). ``/health`` and the docs stay open; CORS preflight
    requests pass so browsers can ask.
    """

    def __init__(self, app: ASGIApp, keys: dict[str, Any]) -> None:
        self.app = app
        self._keys = [(h.encode(), tenant) for h, tenant in keys.items()]

    def _tenant(self, given: bytes) -> Any:
        digest = hashlib.sha256(given).hexdigest().encode()
        found = None
        for known, tenant in self._keys:
            if hmac.compare_digest(digest, known):
                found = tenant
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        given = b""
        for k, v in scope.get("headers", ()):
            if k == b"x-api-key":
                given = v
                break
            if k == b"authorization" and v[:7].lower() == b"bearer ":
                given = v[7:].strip()
        tenant = self._tenant(given) if given else None
        if tenant is None:
            message = (
                "Missing API key: send it in the X-API-Key header."
                if not given
                else "Invalid API key in X-API-Key; check the key you were given (SYNTHPERSONA_API_KEY or "
                "SYNTHPERSONA_API_KEYS_FILE on the server)."
            )
            code = "missing_api_key" if not given else "invalid_api_key"
            await _send_error(send, 401, error_body(code, message), [(b"www-authenticate", b"ApiKey")])
            return
        if tenant.read_only and scope["method"] not in _READ_METHODS:
            await _send_error(
                send,
                403,
                error_body(
                    "read_only_key",
                    f"This API key is read-only: {scope['method']} is not allowed; use GET, or a key "
                    "that may write.",
                    {"tenant": tenant.name},
                ),
            )
            return
        scope.setdefault("state", {})["tenant"] = tenant.name
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """Refuse bodies larger than ``max_bytes`` with 413, by header and while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_json_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Only file uploads (multipart) need the large limit; JSON bodies (goals, chats, templates)
        # are parsed whole in memory, so they get a small one.
        self.max_json_bytes = min(max_bytes, max_json_bytes) if max_json_bytes else max_bytes

    def _setting(self, limit: int) -> str:
        return "SYNTHPERSONA_MAX_BODY_BYTES" if limit == self.max_bytes else "SYNTHPERSONA_MAX_JSON_BYTES"

    def _too_large(self, limit: int, size: int | None = None) -> bytes:
        setting = self._setting(limit)
        return error_body(
            "payload_too_large",
            f"Request body is larger than the limit of {limit:,} bytes; send a smaller body or "
            f"raise {setting} on the server.",
            {"limit_bytes": limit, **({"content_length": size} if size is not None else {})},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_json_bytes
        for k, v in scope.get("headers", ()):
            if k == b"content-type" and v[:19].lower() == b"multipart/form-data":
                limit = self.max_bytes
                break
        for k, v in scope.get("headers", ()):
            if k == b"content-length":
                try:
                    size = int(v)
                except ValueError:
                    await _send_error(send, 400, error_body("bad_request", "Content-Length is not a number."))
                    return
                if size > limit:
                    await _send_error(send, 413, self._too_large(limit, size), [(b"connection", b"close")])
                    return
                break
        received = 0
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(limit, self._setting(limit))
            return message

        try:
            await self.app(scope, limited_receive, send_wrapper)
        except _BodyTooLarge:
            if not started:
                await _send_error(send, 413, self._too_large(limit), [(b"connection", b"close")])


class _BodyTooLarge(StarletteHTTPException):
    """Raised while reading an oversized chunked body; FastAPI passes HTTP exceptions through."""

    def __init__(self, max_bytes: int, setting: str) -> None:
        super().__init__(
            413,
            f"Request body is larger than the limit of {max_bytes:,} bytes; send a smaller body or "
            f"raise {setting} on the server.",
        )
