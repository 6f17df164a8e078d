"""REST API (FastAPI): goal → clusters → personas, persona chat, stored runs and conversations.

Run it with ``synthpersona serve`` or ``uvicorn --factory synthpersona.api:app_factory``.

Examples
--------
>>> from synthpersona.config import Settings
>>> app = create_app(Settings())  # doctest: +SKIP
"""

from synthpersona.api._app import app_factory, create_app
from synthpersona.api._deps import get_settings, get_store
from synthpersona.api._errors import HTTP_STATUS, http_status_for
from synthpersona.api._logging import configure_logging

__all__ = [
    "HTTP_STATUS",
    "app_factory",
    "configure_logging",
    "create_app",
    "get_settings",
    "get_store",
    "http_status_for",
]
