"""Tolerant extraction of a JSON value from an LLM reply.

Models wrap JSON in Markdown fences, add a sentence before or after it, use single or
smart quotes, unquoted keys, trailing commas, comments, Python literals, or stop
mid-value. :func:`extract_json` takes valid JSON as it is and hands anything else to
`json-repair <https://github.com/mangiucugna/json_repair>`_, which recovers all of
these; text inside strings (``’`` included) is kept as written.
"""

from __future__ import annotations

import json
import re
from typing import Any

import json_repair

from synthpersona.errors import LLMError

__all__ = ["extract_json"]

_FENCE = re.compile(r"```(?:json|JSON|javascript|js)?\s*\n?(.*?)```", re.DOTALL)


def _balanced_spans(text: str) -> list[str]:
    """Return every top-level ``{...}`` / ``[...]`` span, respecting JSON strings."""
    spans: list[str] = []
    depth = 0
    start = -1
    in_str = False
    escape = False
    for i, ch in enumerate(text):
        if in_str:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"' and depth > 0:
            in_str = True
        elif ch in "{[":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "}]" and depth > 0:
            depth -= 1
            if depth == 0 and start >= 0:
                spans.append(text[start : i + 1])
                start = -1
    return spans


def _strict(candidate: str) -> tuple[bool, Any]:
    try:
        return True, json.loads(candidate)
    except ValueError:
        return False, None


def _repaired(candidate: str) -> tuple[bool, Any]:
    """json-repair from the first ``{`` or ``[`` on; only an object or array counts as found."""
    starts = [i for i in (candidate.find("{"), candidate.find("[")) if i >= 0]
    if not starts:
        return False, None
    try:
        value = json_repair.loads(candidate[min(starts) :])
    except (ValueError, RecursionError):  # pragma: no cover - json-repair does not raise on text
        return False, None
    return isinstance(value, dict | list), value


def extract_json(text: str) -> Any:
    """Return the JSON value contained in ``text``.

    Valid JSON is taken first: the whole text, the contents of Markdown code fences,
    then every balanced ``{...}``/``[...]`` span. Otherwise json-repair mends a fenced
    block, or the text from its first ``{``/``[``, into an object or array (single
    quotes, unquoted keys, trailing commas, comments, truncation, ...).

    Parameters
    ----------
    text
        The raw reply of a model.

    Returns
    -------
    Any
        The decoded JSON value.

    Raises
    ------
    LLMError
        ``code="llm_bad_json"`` when no JSON value can be found.

    Examples
    --------
    >>> extract_json('Sure! ```json\\n{"a": 1,}\\n``` Hope this helps.')
    {'a': 1}
    >>> extract_json("{'quote': 'it’s fine', tags: ['a',], // a comment\\n 'n': 1")
    {'quote': 'it’s fine', 'tags': ['a'], 'n': 1}
    """
    if not isinstance(text, str) or not text.strip():
        raise LLMError("The LLM returned an empty reply where JSON was expected.", code="llm_bad_json")
    stripped = text.strip()
    blocks = [b.strip() for b in _FENCE.findall(stripped)]
    # valid JSON first: the whole reply, a fenced block, then a balanced span in the prose
    for candidate in (stripped, *blocks, *(s for b in (*blocks, stripped) for s in _balanced_spans(b))):
        ok, value = _strict(candidate)
        if ok:
            return value
    for candidate in (*blocks, stripped):
        ok, value = _repaired(candidate)
        if ok:
            return value
    preview = stripped[:120] + ("…" if len(stripped) > 120 else "")
    raise LLMError(
        f"The LLM reply contains no valid JSON: {preview!r}.",
        code="llm_bad_json",
        details={"reply_preview": preview},
    )
