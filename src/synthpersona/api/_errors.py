"""Exception handlers: every error body is ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import json
import logging
import math
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from synthpersona._pydantic import original_error
from synthpersona.errors import (
    BackendError,
    ConflictError,
    DataError,
    InputError,
    NotFoundError,
    SynthPersonaError,
    cause_of,
)

__all__ = ["HTTP_STATUS", "http_status_for", "install_error_handlers"]

log = logging.getLogger("synthpersona.api")

_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
}


# Bad input is quoted, never echoed whole: a 150 MB string must not come back as a 150 MB error.
_EXCERPT = 80


class _ErrorJSON(JSONResponse):
    """JSON that always encodes: a lone surrogate from the input becomes its ``\\uXXXX`` escape."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8", "backslashreplace")


def _excerpt(value: str, limit: int = _EXCERPT) -> str:
    """``value`` cut to ``limit`` characters, saying how long it was."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value):,} characters)"


#: HTTP status of each cause group (synthpersona.errors.CAUSES); never of single classes,
#: so a new error class gets its status from the group it is put under.
HTTP_STATUS: dict[type[SynthPersonaError], int] = {
    InputError: 422,
    DataError: 422,
    NotFoundError: 404,
    ConflictError: 409,
    BackendError: 503,
    SynthPersonaError: 400,
}


def http_status_for(exc: SynthPersonaError) -> int:
    """HTTP status of ``exc``, from its cause group.

    Examples
    --------
    >>> from synthpersona.errors import GoalParseError
    >>> http_status_for(GoalParseError("?"))
    422
    """
    return HTTP_STATUS[cause_of(exc)]


def _body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _request_id(request: Request) -> str | None:
    state = request.scope.get("state") or {}
    return state.get("request_id")


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [_excerpt(str(p), 40) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        where, rest = parts[0], parts[1:]
        return f"{'.'.join(rest) or where} ({where})" if rest else where
    return ".".join(parts)


def _validation_message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid"))
    if err.get("type") == "json_invalid":
        ctx = err.get("ctx") or {}
        return f"the body is not valid JSON ({ctx.get('error', 'parse error')})"
    if err.get("type") == "missing":
        return "is required"
    return msg[0].lower() + msg[1:] if msg else msg


async def _on_synthpersona_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SynthPersonaError)
    status = http_status_for(exc)
    if status >= 500:
        log.error(
            "service error", extra={"event": "error", "code": exc.code, "request_id": _request_id(request)}
        )
    return _ErrorJSON(_body(exc.code, exc.message, exc.details), status_code=status)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # A validator raised one of ours (an InputError is a ValueError, which pydantic wraps):
    # answer with it, code and details intact, as if it had been raised in the route.
    original = original_error(exc)
    if original is not None:
        return await _on_synthpersona_error(request, original)
    errors = []
    for err in exc.errors():
        loc = err.get("loc", ())
        item: dict[str, Any] = {
            "field": _field(loc),
            "message": _validation_message(err),
            "type": err.get("type"),
        }
        if (
            "input" in err
            and err.get("type") != "missing"
            and isinstance(err["input"], str | int | float | bool)
        ):
            value = err["input"]
            if isinstance(value, float) and not math.isfinite(value):
                value = str(value)  # NaN/Infinity are not JSON
            item["input"] = _excerpt(value) if isinstance(value, str) else value
        errors.append(item)
    if len(errors) == 1:
        message = f"Invalid request: {errors[0]['field']} {errors[0]['message']}."
    else:
        shown = "; ".join(f"{e['field']} {e['message']}" for e in errors[:5])
        message = f"Invalid request ({len(errors)} problems): {shown}."
    message += " See /docs for the expected shape."
    return _ErrorJSON(_body("invalid_input", message, {"errors": errors}), status_code=422)


def _allowed_methods(request: Request) -> list[str]:
    """Every method any route offers on this path (Starlette's 405 names only the first route's)."""
    patterns = getattr(request.app.state, "_method_patterns", None)
    if patterns is None:
        patterns = []
        for path, item in request.app.openapi().get("paths", {}).items():
            regex = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$")
            patterns.append((regex, {m.upper() for m in item if m.upper() in _METHODS}))
        request.app.state._method_patterns = patterns
    methods = {"OPTIONS"}
    for regex, found in patterns:
        if regex.match(request.url.path):
            methods |= found
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    if exc.status_code == 404 and exc.detail in (None, "Not Found"):
        message = (
            f"No endpoint at {request.method} {request.url.path}; see /docs for the available endpoints."
        )
    elif exc.status_code == 405:
        allowed = _allowed_methods(request)
        if request.method == "OPTIONS":  # a plain OPTIONS asks which methods exist: answer it
            return Response(status_code=204, headers={"Allow": ", ".join(allowed)})
        message = f"Method {request.method} is not allowed on {request.url.path}; use {', '.join(allowed)}."
        return _ErrorJSON(_body(code, message), status_code=405, headers={"Allow": ", ".join(allowed)})
    elif exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        message = "The request body could not be read; send JSON with Content-Type: application/json."
    else:
        message = str(exc.detail)
    headers = getattr(exc, "headers", None)
    return _ErrorJSON(_body(code, message), status_code=exc.status_code, headers=headers)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    rid = _request_id(request)
    log.error(
        "unhandled error",
        exc_info=exc,
        extra={"event": "unhandled_error", "request_id": rid, "path": request.url.path},
    )
    return _ErrorJSON(
        _body(
            "internal_error",
            "The server hit an unexpected error; it was logged"
            + (f" with request id {rid}" if rid else "")
            + ". Please retry or report it.",
            {"request_id": rid} if rid else {},
        ),
        status_code=500,
        # this handler answers outside the middleware stack, so the id header is set here
        headers={"X-Request-ID": rid} if rid else None,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(SynthPersonaError, _on_synthpersona_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
