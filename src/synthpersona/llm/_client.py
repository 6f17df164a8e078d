"""OpenAI-compatible chat client with retries, JSON output and redacted logging.

Works with OpenAI, Azure OpenAI (through its OpenAI-compatible ``/v1`` base URL),
Ollama, vLLM, llama.cpp server and anything else that speaks
``POST /chat/completions``. Retries with exponential backoff are done here rather
than in the SDK so the policy (which errors, how long, ``Retry-After``) is ours and
is the same for the sync and async paths.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from synthpersona._extras import lazy, require
from synthpersona.errors import ConfigError, InputError, LLMError
from synthpersona.llm._json import extract_json
from synthpersona.llm._prompts import render

if TYPE_CHECKING:
    import openai

    from synthpersona.config import Settings
else:
    # the [llm] extra; imported when a client is built (1 s of import time saved otherwise)
    openai = lazy("openai", "llm")

__all__ = ["LLMClient"]

log = logging.getLogger("synthpersona.llm")

M = TypeVar("M", bound=BaseModel)

_ROLES = frozenset({"system", "user", "assistant", "developer", "tool"})
# JSON output modes, best first; a server that rejects one is asked with the next.
_JSON_MODES = ("json_schema", "json_object", "none")
_MAX_RETRY_AFTER_S = 30.0
_PLACEHOLDER_KEY = "not-needed"  # Ollama / vLLM accept any key; the SDK insists on one


def _safe_url(url: str) -> str:
    """Return ``url`` without user info or query string (they may hold secrets)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, min(float(value), _MAX_RETRY_AFTER_S))
    except ValueError:
        return None


def _is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError | openai.RateLimitError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code >= 500 or exc.status_code in (408, 409)
    # a 200 with an unparseable body is usually a flaky proxy: worth another try
    return isinstance(exc, openai.APIResponseValidationError | _BadReply)


class _BadReply(Exception):
    """The endpoint answered 200 but without a usable message."""


def _describe(exc: BaseException) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    if isinstance(exc, openai.APIResponseValidationError | _BadReply):
        return "unusable response"
    return type(exc).__name__


def _rejects_response_format(exc: BaseException) -> bool:
    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 404, 415, 422, 501):
        return False
    text = str(getattr(exc, "message", "")) + " " + str(getattr(exc, "body", "") or "")
    text = text.lower()
    words = ("response_format", "json_schema", "json_object", "json mode", "structured")
    return any(w in text for w in words)


class LLMClient:
    """Chat with an OpenAI-compatible endpoint.

    Parameters
    ----------
    base_url
        Base URL of the API, e.g. ``"https://api.openai.com/v1"`` or
        ``"http://localhost:11434/v1"`` for Ollama.
    model
        Model name as the endpoint knows it.
    api_key
        Secret key; optional for local servers. Never logged nor shown in ``repr``.
    timeout_s
        Timeout of one HTTP attempt, in seconds.
    max_retries
        Retries after the first attempt on 429, 5xx, timeouts and connection errors.
    backoff_s
        First backoff delay; doubles each retry (with jitter), ``Retry-After`` wins.

    Examples
    --------
    >>> client = LLMClient("http://localhost:11434/v1", "llama3.1")  # doctest: +SKIP
    >>> client.chat([{"role": "user", "content": "Say hi"}])  # doctest: +SKIP
    'Hi!'
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout_s: float = 30,
        max_retries: int = 3,
        *,
        backoff_s: float = 0.5,
    ) -> None:
        if not base_url or not urlsplit(base_url).scheme.startswith("http"):
            raise ConfigError(
                f"LLM base URL {base_url!r} is not an http(s) URL; set SYNTHPERSONA_LLM_BASE_URL "
                "to e.g. 'https://api.openai.com/v1' or 'http://localhost:11434/v1'."
            )
        if not model:
            raise ConfigError("No LLM model given; set SYNTHPERSONA_LLM_MODEL, e.g. 'gpt-4o-mini'.")
        if timeout_s <= 0:
            raise ConfigError(f"LLM timeout must be > 0 seconds, got {timeout_s!r}.")
        if max_retries < 0:
            raise ConfigError(f"LLM max_retries must be >= 0, got {max_retries!r}.")
        require("openai", "llm", "the LLM client (SYNTHPERSONA_LLM_BASE_URL is set)")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_s = float(timeout_s)
        self.max_retries = int(max_retries)
        self.backoff_s = float(backoff_s)
        self._api_key = api_key or _PLACEHOLDER_KEY
        self._json_mode = 0  # index into _JSON_MODES, lowered when the server refuses a mode
        self._sync: openai.OpenAI | None = None
        # httpx async pools are bound to the loop that opened them
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, openai.AsyncOpenAI] = (
            weakref.WeakKeyDictionary()
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMClient | None:
        """Build a client from :class:`~synthpersona.config.Settings`; ``None`` when not configured."""
        if not settings.llm_configured:
            return None
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return cls(
            str(settings.llm_base_url),
            str(settings.llm_model),
            api_key=key,
            timeout_s=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
        )

    def __repr__(self) -> str:
        return f"LLMClient(base_url={_safe_url(self.base_url)!r}, model={self.model!r}, api_key=***)"

    @property
    def safe_base_url(self) -> str:
        """The base URL with credentials and query stripped, fit for logs and ``/health``."""
        return _safe_url(self.base_url)

    # -- SDK clients -------------------------------------------------------------------------------
    def _sync_client(self) -> openai.OpenAI:
        if self._sync is None:
            self._sync = openai.OpenAI(
                base_url=self.base_url, api_key=self._api_key, timeout=self.timeout_s, max_retries=0
            )
        return self._sync

    def _async_client(self) -> openai.AsyncOpenAI:
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
            client = openai.AsyncOpenAI(
                base_url=self.base_url, api_key=self._api_key, timeout=self.timeout_s, max_retries=0
            )
            self._async[loop] = client
        return client

    def close(self) -> None:
        """Close the synchronous HTTP pool (async pools close with their loop)."""
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    # -- request building --------------------------------------------------------------------------
    @staticmethod
    def _check_messages(messages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        if not isinstance(messages, Sequence) or isinstance(messages, str) or not messages:
            raise InputError(
                "messages must be a non-empty list of {'role': ..., 'content': ...} dicts.",
                details={"allowed_roles": sorted(_ROLES)},
            )
        out: list[dict[str, Any]] = []
        for i, m in enumerate(messages):
            ok = isinstance(m, Mapping) and m.get("role") in _ROLES and isinstance(m.get("content"), str)
            if not ok:
                raise InputError(
                    f"messages[{i}] must be {{'role': one of {sorted(_ROLES)}, 'content': str}}, got {m!r}.",
                    details={"index": i, "allowed_roles": sorted(_ROLES)},
                )
            out.append(dict(m))
        return out

    def _kwargs(
        self,
        messages: list[dict[str, Any]],
        temperature: float,
        max_tokens: int | None,
        timeout: float | None,
        response_format: dict[str, Any] | None,
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": temperature}
        if max_tokens is not None:
            kwargs["max_tokens"] = int(max_tokens)
        if timeout is not None:
            kwargs["timeout"] = float(timeout)
        if response_format is not None:
            kwargs["response_format"] = response_format
        return kwargs

    @staticmethod
    def _content(completion: Any) -> str:
        choices = getattr(completion, "choices", None)
        if not choices:
            raise _BadReply("no choices")
        message = getattr(choices[0], "message", None)
        content = getattr(message, "content", None)
        if not isinstance(content, str) or not content.strip():
            raise _BadReply("empty content")
        return content

    def _delay(self, attempt: int, exc: BaseException) -> float:
        after = _retry_after(exc)
        if after is not None:
            return after
        base = self.backoff_s * (2**attempt)
        return float(min(base * (0.75 + 0.5 * random.random()), _MAX_RETRY_AFTER_S))

    def _final_error(self, exc: BaseException, attempts: int) -> LLMError:
        what = _describe(exc)
        code = "llm_timeout" if isinstance(exc, openai.APITimeoutError) else "llm_unavailable"
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            code = "llm_auth"
            hint = "check SYNTHPERSONA_LLM_API_KEY"
        elif isinstance(exc, openai.NotFoundError):
            code = "llm_not_found"
            hint = "check SYNTHPERSONA_LLM_BASE_URL and SYNTHPERSONA_LLM_MODEL"
        elif isinstance(exc, openai.BadRequestError):
            code = "llm_bad_request"
            hint = "the endpoint refused the request; check the model supports chat completions"
        else:
            hint = "check the endpoint is up, or unset SYNTHPERSONA_LLM_BASE_URL to use the offline engine"
        return LLMError(
            f"LLM request to {self.safe_base_url} (model {self.model!r}) failed after {attempts} "
            f"attempt(s): {what}; {hint}.",
            code=code,
            details={"attempts": attempts, "reason": what, "model": self.model},
        )

    def _log_retry(self, exc: BaseException, attempt: int, delay: float) -> None:
        log.warning(
            "llm retry",
            extra={
                "event": "llm_retry",
                "llm_url": self.safe_base_url,
                "model": self.model,
                "attempt": attempt + 1,
                "reason": _describe(exc),
                "delay_s": round(delay, 3),
            },
        )

    # -- plain chat --------------------------------------------------------------------------------
    def _complete(
        self,
        messages: list[dict[str, Any]],
        temperature: float,
        max_tokens: int | None,
        timeout: float | None,
        response_format: dict[str, Any] | None = None,
    ) -> str:
        client = self._sync_client()
        kwargs = self._kwargs(messages, temperature, max_tokens, timeout, response_format)
        attempt = 0
        while True:
            try:
                return self._content(client.chat.completions.create(**kwargs))
            except (openai.OpenAIError, _BadReply) as exc:
                if response_format is not None and _rejects_response_format(exc):
                    raise
                if attempt >= self.max_retries or not _is_retryable(exc):
                    raise self._final_error(exc, attempt + 1) from None
                delay = self._delay(attempt, exc)
                self._log_retry(exc, attempt, delay)
                time.sleep(delay)
                attempt += 1

    async def _acomplete(
        self,
        messages: list[dict[str, Any]],
        temperature: float,
        max_tokens: int | None,
        timeout: float | None,
        response_format: dict[str, Any] | None = None,
    ) -> str:
        client = self._async_client()
        kwargs = self._kwargs(messages, temperature, max_tokens, timeout, response_format)
        attempt = 0
        while True:
            try:
                return self._content(await client.chat.completions.create(**kwargs))
            except (openai.OpenAIError, _BadReply) as exc:
                if response_format is not None and _rejects_response_format(exc):
                    raise
                if attempt >= self.max_retries or not _is_retryable(exc):
                    raise self._final_error(exc, attempt + 1) from None
                delay = self._delay(attempt, exc)
                self._log_retry(exc, attempt, delay)
                await asyncio.sleep(delay)
                attempt += 1

    def chat(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        temperature: float = 0.7,
        max_tokens: int | None = None,
        timeout: float | None = None,
    ) -> str:
        """Send ``messages`` and return the reply text.

        Parameters
        ----------
        messages
            OpenAI-style ``[{"role": "system"|"user"|"assistant", "content": str}, ...]``.
        temperature, max_tokens
            Sampling options passed to the endpoint.
        timeout
            Per-attempt timeout overriding ``timeout_s``.

        Raises
        ------
        LLMError
            When every attempt failed or the endpoint refused the request.
        InputError
            When ``messages`` is malformed.
        """
        return self._complete(self._check_messages(messages), temperature, max_tokens, timeout)

    async def achat(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        temperature: float = 0.7,
        max_tokens: int | None = None,
        timeout: float | None = None,
    ) -> str:
        """Asynchronous :meth:`chat`."""
        return await self._acomplete(self._check_messages(messages), temperature, max_tokens, timeout)

    # -- structured output -------------------------------------------------------------------------
    def _json_request(
        self, messages: list[dict[str, Any]], schema: type[BaseModel]
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        json_schema = schema.model_json_schema()
        instruction = render("json_instruction", schema=json.dumps(json_schema, ensure_ascii=False))
        msgs = [{"role": "system", "content": instruction}, *messages]
        mode = _JSON_MODES[self._json_mode]
        fmt: dict[str, Any] | None
        if mode == "json_schema":
            fmt = {
                "type": "json_schema",
                "json_schema": {"name": schema.__name__[:64], "schema": json_schema, "strict": False},
            }
        elif mode == "json_object":
            fmt = {"type": "json_object"}
        else:
            fmt = None
        return msgs, fmt

    @staticmethod
    def _parse(text: str, schema: type[M]) -> M:
        value = extract_json(text)
        try:
            return schema.model_validate(value)
        except PydanticValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}" for e in exc.errors()[:8]
            )
            raise LLMError(
                f"The LLM reply does not match {schema.__name__}: {problems}.",
                code="llm_bad_json",
                details={"errors": problems},
            ) from None

    def _downgrade(self, exc: BaseException) -> bool:
        if _rejects_response_format(exc) and self._json_mode < len(_JSON_MODES) - 1:
            self._json_mode += 1
            log.info(
                "llm json mode downgraded",
                extra={"event": "llm_json_mode", "model": self.model, "mode": _JSON_MODES[self._json_mode]},
            )
            return True
        return False

    def chat_json(
        self,
        messages: Sequence[Mapping[str, Any]],
        schema: type[M],
        *,
        temperature: float = 0.2,
        max_tokens: int | None = None,
        timeout: float | None = None,
        repair_attempts: int = 1,
    ) -> M:
        """Ask for a JSON reply and return it validated as ``schema``.

        Uses the endpoint's JSON-schema mode, else JSON mode, else plain text (the
        client remembers what the server accepts); the reply is extracted
        tolerantly (fences, chatty text, trailing commas) and validated with
        pydantic. An invalid reply is sent back with the problem for
        ``repair_attempts`` more tries.

        Raises
        ------
        LLMError
            ``code="llm_bad_json"`` when the reply stays invalid, or a transport code.

        Examples
        --------
        >>> class Verdict(BaseModel):
        ...     buy: bool
        >>> client.chat_json([{"role": "user", "content": "Buy?"}], Verdict)  # doctest: +SKIP
        Verdict(buy=True)
        """
        history = self._check_messages(messages)
        for attempt in range(repair_attempts + 1):
            msgs, fmt = self._json_request(history, schema)
            try:
                text = self._complete(msgs, temperature, max_tokens, timeout, fmt)
            except openai.OpenAIError as exc:
                if self._downgrade(exc):
                    return self.chat_json(
                        messages,
                        schema,
                        temperature=temperature,
                        max_tokens=max_tokens,
                        timeout=timeout,
                        repair_attempts=repair_attempts - attempt,
                    )
                raise self._final_error(exc, 1) from None
            try:
                return self._parse(text, schema)
            except LLMError as err:
                if attempt >= repair_attempts:
                    raise
                history = _with_repair_request(history, text, err)
        raise AssertionError("unreachable")  # pragma: no cover

    async def achat_json(
        self,
        messages: Sequence[Mapping[str, Any]],
        schema: type[M],
        *,
        temperature: float = 0.2,
        max_tokens: int | None = None,
        timeout: float | None = None,
        repair_attempts: int = 1,
    ) -> M:
        """Asynchronous :meth:`chat_json`."""
        history = self._check_messages(messages)
        for attempt in range(repair_attempts + 1):
            msgs, fmt = self._json_request(history, schema)
            try:
                text = await self._acomplete(msgs, temperature, max_tokens, timeout, fmt)
            except openai.OpenAIError as exc:
                if self._downgrade(exc):
                    return await self.achat_json(
                        messages,
                        schema,
                        temperature=temperature,
                        max_tokens=max_tokens,
                        timeout=timeout,
                        repair_attempts=repair_attempts - attempt,
                    )
                raise self._final_error(exc, 1) from None
            try:
                return self._parse(text, schema)
            except LLMError as err:
                if attempt >= repair_attempts:
                    raise
                history = _with_repair_request(history, text, err)
        raise AssertionError("unreachable")  # pragma: no cover


def _with_repair_request(history: list[dict[str, Any]], text: str, err: LLMError) -> list[dict[str, Any]]:
    """The conversation plus the invalid reply and a request to fix it (shared by sync and async)."""
    return [
        *history,
        {"role": "assistant", "content": text},
        {"role": "user", "content": render("json_repair", problem=err.message)},
    ]
