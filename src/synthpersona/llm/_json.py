"""Tolerant extraction of a JSON value from an LLM reply.

Models wrap JSON in Markdown fences, add a sentence before or after it, or use
smart quotes and trailing commas. :func:`extract_json` finds the first complete
JSON object or array and repairs the most common slips before giving up.
"""

from __future__ import annotations

import json
import re
from typing import Any

from synthpersona.errors import LLMError

__all__ = ["extract_json"]

_FENCE = re.compile(r"```(?:json|JSON|javascript|js)?\s*\n?(.*?)```", re.DOTALL)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_SMART = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


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


def _try_load(candidate: str) -> tuple[bool, Any]:
    for variant in (candidate, _TRAILING_COMMA.sub(r"\1", candidate.translate(_SMART))):
        try:
            return True, json.loads(variant)
        except (json.JSONDecodeError, ValueError):
            continue
    return False, None


def extract_json(text: str) -> Any:
    """Return the JSON value contained in ``text``.

    Tries, in order: the whole text, the contents of Markdown code fences, then
    every balanced ``{...}``/``[...]`` span (objects before arrays of the same
    position), each also with smart quotes and trailing commas repaired.

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
    """
    if not isinstance(text, str) or not text.strip():
        raise LLMError("The LLM returned an empty reply where JSON was expected.", code="llm_bad_json")
    stripped = text.strip()
    ok, value = _try_load(stripped)
    if ok:
        return value
    for block in _FENCE.findall(stripped):
        ok, value = _try_load(block.strip())
        if ok:
            return value
        for span in _balanced_spans(block):
            ok, value = _try_load(span)
            if ok:
                return value
    for span in _balanced_spans(stripped):
        ok, value = _try_load(span)
        if ok:
            return value
    preview = stripped[:120] + ("…" if len(stripped) > 120 else "")
    raise LLMError(
        f"The LLM reply contains no valid JSON: {preview!r}.",
        code="llm_bad_json",
        details={"reply_preview": preview},
    )
