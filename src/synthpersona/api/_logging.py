"""Structured (JSON-lines) logging for the service, with secrets scrubbed from every record."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

__all__ = ["JsonFormatter", "RedactSecrets", "configure_logging"]

# LogRecord attributes that are not user-supplied ``extra`` fields
_STD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}


class RedactSecrets(logging.Filter):
    """Replace every configured secret by ``***`` in the message and extra fields.

    Defence in depth: no code logs keys on purpose, but a URL with a token or a
    third-party debug message could.
    """

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def _scrub(self, value: Any) -> Any:
        if isinstance(value, str):
            for s in self.secrets:
                if s in value:
                    value = value.replace(s, "***")
        return value

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg = self._scrub(record.getMessage())
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _STD:
                setattr(record, key, self._scrub(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``ts, level, logger, msg`` plus any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,  # which worker, with --workers N
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STD and not key.startswith("_"):
                out[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            out["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


_HANDLER_NAME = "synthpersona-json"


def configure_logging(level: str = "info", secrets: list[str] | None = None) -> None:
    """Send ``synthpersona.*`` (and uvicorn's error log) as JSON lines to stderr.

    Idempotent: calling again replaces the handler (e.g. with new secrets).
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactSecrets(secrets or []))
    for name in ("synthpersona", "uvicorn.error", "openai", "httpx", "httpx2"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.propagate = False
    # an unknown level name (a typo in SYNTHPERSONA_LOG_LEVEL) falls back to info rather than crash
    known = level.upper() in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
    logging.getLogger("synthpersona").setLevel(level.upper() if known else "INFO")
    # third-party debug output may echo request URLs; keep it at warnings
    logging.getLogger("openai").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpx2").setLevel(logging.WARNING)
