"""State store: runs, personas, conversations and generic documents (SQLite or PostgreSQL).

Examples
--------
>>> store = Store("sqlite://")
>>> store.put_document("analysis", "a1", {"score": 0.5})
{'score': 0.5}
>>> [d["score"] for d in store.list_documents("analysis")]
[0.5]
"""

from synthpersona._extras import require

for _module in ("sqlalchemy", "alembic", "filelock"):  # the [store] extra, named when missing
    require(_module, "store", load=False)

from synthpersona._json import to_jsonable  # noqa: E402
from synthpersona.store._store import SCHEMA_REVISION, Store  # noqa: E402
from synthpersona.store._writer import GroupWriter  # noqa: E402

__all__ = ["SCHEMA_REVISION", "GroupWriter", "Store", "to_jsonable"]
