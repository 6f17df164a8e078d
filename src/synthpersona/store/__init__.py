"""State store: runs, personas, conversations and generic documents (SQLite or PostgreSQL).

Examples
--------
>>> store = Store("sqlite://")
>>> store.put_document("analysis", "a1", {"score": 0.5})
{'score': 0.5}
>>> [d["score"] for d in store.list_documents("analysis")]
[0.5]
"""

from synthpersona._json import to_jsonable
from synthpersona.store._store import SCHEMA_REVISION, Store
from synthpersona.store._writer import GroupWriter

__all__ = ["SCHEMA_REVISION", "GroupWriter", "Store", "to_jsonable"]
