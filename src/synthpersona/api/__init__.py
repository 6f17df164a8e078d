"""REST API (FastAPI): goal → clusters → personas, persona chat, stored runs and conversations.

Run it with ``synthpersona serve`` or ``uvicorn --factory synthpersona.api:app_factory``.

Examples
--------
>>> from synthpersona.config import Settings
>>> app = create_app(Settings())  # doctest: +SKIP
"""

from synthpersona._extras import require

for _module in ("fastapi", "uvicorn"):  # the [api] extra, named when missing
    require(_module, "api", load=False)

from synthpersona.api._app import app_factory, create_app  # noqa: E402
from synthpersona.api._deps import get_settings, get_store  # noqa: E402
from synthpersona.api._errors import HTTP_STATUS, http_status_for  # noqa: E402
from synthpersona.api._logging import configure_logging  # noqa: E402

__all__ = [
    "HTTP_STATUS",
    "app_factory",
    "configure_logging",
    "create_app",
    "get_settings",
    "get_store",
    "http_status_for",
]
