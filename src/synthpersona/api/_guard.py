"""Refuse text no backend can store, at the edge, before any work: NUL characters and lone surrogates.

PostgreSQL rejects ``\\u0000`` in text and JSON; a lone UTF-16 surrogate (``\\ud800``) cannot
be encoded as UTF-8 at all, so SQLite, log lines and JSON responses fail on it. Both arrive
as JSON escapes, in the path or in the query string. Refusing them here with a 422 naming the
field makes SQLite and PostgreSQL answer alike (the store also normalises them, as defence
in depth, for callers of the library).
"""

from __future__ import annotations

import json
import re
from typing import Any

from synthpersona.api._middleware import ASGIApp, Message, Receive, Scope, Send, error_body
from synthpersona.api._middleware import _send_error as send_error

__all__ = ["TextGuardMiddleware", "find_unstorable"]

# Cheap pre-filter on the raw body: only bodies with such an escape are parsed again.
_SUSPECT = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _problem(text: str) -> str | None:
    if "\x00" in text:
        return "a NUL character (\\u0000)"
    if not text.isascii() and _SURROGATE.search(text):
        return "an unpaired UTF-16 surrogate (e.g. \\ud800)"
    return None


def find_unstorable(value: Any, path: str = "body") -> tuple[str, str] | None:
    """First ``(field path, problem)`` of a string (or key) no store can keep, else ``None``.

    Examples
    --------
    >>> find_unstorable({"goal": "a\\x00b"})
    ('body.goal', 'a NUL character (\\\\u0000)')
    >>> find_unstorable({"goal": "fine"}) is None
    True
    """
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            problem = _problem(item)
            if problem:
                return where, problem
        elif isinstance(item, dict):
            for key, sub in item.items():
                problem = _problem(key)
                name = f"{where}.{key[:40]!a}" if problem else f"{where}.{key[:40]}"
                if problem:
                    return name, problem
                stack.append((sub, name))
        elif isinstance(item, list):
            stack.extend((sub, f"{where}[{i}]") for i, sub in enumerate(item))
    return None


def _refusal(where: str, problem: str) -> bytes:
    return error_body(
        "unsupported_text",
        f"Invalid request: {where} contains {problem}, which cannot be stored; remove it and send the "
        "request again.",
        {"field": where},
    )


class TextGuardMiddleware:
    """Answer 422 when the path, the query string or a JSON body carries NUL or a lone surrogate."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if _problem(path):
            await send_error(send, 422, _refusal("the path", str(_problem(path))))
            return
        query: bytes = scope.get("query_string", b"")
        if b"%00" in query or b"\x00" in query:
            await send_error(send, 422, _refusal("the query string", "a NUL character (%00)"))
            return
        content_type = b""
        for k, v in scope.get("headers", ()):
            if k == b"content-type":
                content_type = v.lower()
                break
        if content_type and b"json" not in content_type:  # FastAPI reads a body without a type as JSON
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # disconnect: let the app see it
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if _SUSPECT.search(body):
            try:
                found = find_unstorable(json.loads(body))
            except ValueError:  # not JSON: the app reports that
                found = None
            if found is not None:
                await send_error(send, 422, _refusal(*found))
                return
        whole: Message = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([whole], receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
