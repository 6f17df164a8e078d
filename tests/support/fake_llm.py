"""A scriptable OpenAI-compatible chat server on loopback, for tests.

Start it, point an :class:`~synthpersona.llm.LLMClient` (or the app's settings) at
``server.base_url`` and script what the next requests get::

    with FakeLLM() as llm:
        llm.script(error(429, retry_after=0), reply("hello"))
        client = LLMClient(llm.base_url, "fake-model", api_key="sk-test")
        assert client.chat([{"role": "user", "content": "hi"}]) == "hello"
        assert len(llm.requests) == 2

Actions are consumed one per ``/chat/completions`` request; when the script is
empty, ``default`` answers (by default a reply that quotes the last user message).
Every request is recorded (path, headers, JSON body, start/end time) and the
highest number of requests in flight at once is tracked, so tests can assert the
history sent, the headers, retries and concurrency.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = [
    "Action",
    "FakeLLM",
    "RecordedRequest",
    "delay",
    "empty",
    "error",
    "fenced_json",
    "garbage",
    "json_reply",
    "reply",
    "responder",
]


@dataclass
class Action:
    """What the server does for one request."""

    kind: str  # reply | error | garbage | empty | delay | responder
    text: str = ""
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    then: Action | None = None
    fn: Callable[[RecordedRequest], Action] | None = None


def reply(text: str) -> Action:
    """A normal assistant message ``text``."""
    return Action("reply", text=text)


def json_reply(obj: Any) -> Action:
    """An assistant message that is exactly ``json.dumps(obj)``."""
    return Action("reply", text=json.dumps(obj))


def fenced_json(obj: Any, chatter: bool = True) -> Action:
    """JSON inside a Markdown fence, with chatty text around it when ``chatter``."""
    inner = "```json\n" + json.dumps(obj, indent=2) + "\n```"
    chatty = f"Sure! Here is the JSON you asked for:\n{inner}\nLet me know if you need anything else."
    text = chatty if chatter else inner
    return Action("reply", text=text)


def error(status: int, *, retry_after: float | None = None, message: str = "fake error") -> Action:
    """An HTTP error with an OpenAI-style error body (and ``Retry-After`` when given)."""
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    body = {"error": {"message": message, "type": "fake_error", "code": str(status)}}
    return Action("error", status=status, body=body, headers=headers)


def garbage(status: int = 200) -> Action:
    """A body that is not JSON at all (a broken proxy)."""
    return Action("garbage", status=status, text="<html><body>502 Bad Gateway (not really)</body></html>")


def empty() -> Action:
    """A well-formed completion with no choices."""
    return Action("empty")


def delay(seconds: float, then: Action | None = None) -> Action:
    """Wait ``seconds`` (interruptible on shutdown), then do ``then`` (default: the default reply)."""
    return Action("delay", seconds=seconds, then=then)


def responder(fn: Callable[[RecordedRequest], Action]) -> Action:
    """Decide from the request itself (e.g. echo the history length)."""
    return Action("responder", fn=fn)


@dataclass
class RecordedRequest:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    started: float
    finished: float = 0.0

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def last_user(self) -> str:
        for m in reversed(self.messages):
            if m.get("role") == "user":
                return str(m.get("content", ""))
        return ""


def _default(request: RecordedRequest) -> Action:
    return reply(f"(fake) you said: {request.last_user}")


class FakeLLM:
    """OpenAI-compatible server on ``127.0.0.1`` with a script of responses.

    Parameters
    ----------
    default
        Called for requests when the script is empty.
    reject_response_formats
        ``response_format`` types (``"json_schema"``, ``"json_object"``) answered with a
        400 naming ``response_format``, like servers without structured output.
    """

    def __init__(
        self,
        default: Callable[[RecordedRequest], Action] = _default,
        *,
        reject_response_formats: tuple[str, ...] = (),
    ) -> None:
        self.default = default
        self.reject_response_formats = set(reject_response_formats)
        self.requests: list[RecordedRequest] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._queue: deque[Action] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting ---------------------------------------------------------------------------------
    def script(self, *actions: Action) -> FakeLLM:
        """Append actions for the next requests, in order."""
        with self._lock:
            self._queue.extend(actions)
        return self

    def reset(self) -> None:
        """Forget recorded requests and pending actions."""
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.max_in_flight = 0

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # -- lifecycle ---------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "FakeLLM not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeLLM:
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request handling --------------------------------------------------------------------------
    def _next(self, request: RecordedRequest) -> Action:
        with self._lock:
            action = self._queue.popleft() if self._queue else None
        return action if action is not None else self.default(request)

    def _enter(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _leave(self, request: RecordedRequest) -> None:
        with self._lock:
            self._in_flight -= 1
            request.finished = time.monotonic()


def _completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-fake-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _make_handler(fake: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # silence stderr
            return

        def _send(
            self, status: int, payload: bytes, ctype: str, headers: dict[str, str] | None = None
        ) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                pass

        def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
            self._send(status, json.dumps(obj).encode(), "application/json", headers)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = {"_raw": raw.decode(errors="replace")}
            req = RecordedRequest(
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
                started=time.monotonic(),
            )
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": f"unknown path {self.path}"}})
                return
            fake._enter(req)
            try:
                fmt = (body.get("response_format") or {}).get("type")
                if fmt in fake.reject_response_formats:
                    self._json(
                        400,
                        {
                            "error": {
                                "message": f"response_format type '{fmt}' is not supported",
                                "type": "invalid_request_error",
                            }
                        },
                    )
                    return
                self._do(fake._next(req), req)
            finally:
                fake._leave(req)

        def _do(self, action: Action, req: RecordedRequest) -> None:
            model = str(req.body.get("model", "fake-model"))
            if action.kind == "delay":
                fake._stopping.wait(action.seconds)
                self._do(action.then or fake.default(req), req)
            elif action.kind == "responder":
                assert action.fn is not None
                self._do(action.fn(req), req)
            elif action.kind == "reply":
                self._json(200, _completion(model, action.text))
            elif action.kind == "error":
                self._json(action.status, action.body, action.headers)
            elif action.kind == "garbage":
                self._send(action.status, action.text.encode(), "text/html")
            elif action.kind == "empty":
                payload = _completion(model, "")
                payload["choices"] = []
                self._json(200, payload)
            else:  # pragma: no cover
                self._json(500, {"error": {"message": f"unknown action {action.kind}"}})

    return Handler
