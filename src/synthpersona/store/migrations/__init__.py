"""Alembic migrations of the state store, run programmatically by :class:`~synthpersona.store.Store`."""
