"""OpenAI-compatible LLM client (OpenAI, Azure OpenAI, Ollama, vLLM, ...).

Nothing here is used unless ``SYNTHPERSONA_LLM_BASE_URL`` and
``SYNTHPERSONA_LLM_MODEL`` are set; every LLM feature has an offline engine.

Examples
--------
>>> from synthpersona.config import Settings
>>> LLMClient.from_settings(Settings()) is None  # not configured
True
"""

from synthpersona.llm._client import LLMClient
from synthpersona.llm._json import extract_json

__all__ = ["LLMClient", "extract_json"]
