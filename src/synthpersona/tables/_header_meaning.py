"""What a column *name* means when the name vocabularies do not know the word.

The name vocabularies in :mod:`~synthpersona.tables._roles` cover English and a few
European languages; exports also come with headers such as ``Celular``, ``Ответственный``
or ``दाखिला``. :func:`header_meaning` compares the header with a few short English
descriptions of each meaning through the offline multilingual sentence-embedding model
(:mod:`synthpersona.embeddings`), and answers only when one meaning is clearly ahead.

It is name evidence, never a decision on its own: callers combine it with what the values
look like (a "phone" header whose values are not phone numbers stays what its values say).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["MEANINGS", "header_meaning", "outcome_likeness"]

# Each meaning: short English descriptions a header of that kind paraphrases.
MEANINGS: dict[str, tuple[str, ...]] = {
    "person_name": (
        "name of the person", "full name", "first name", "last name", "contact name", "customer name",
    ),
    "owner": (
        "owner of the record", "assigned to", "responsible employee", "sales representative",
        "account manager",
    ),
    "phone": ("phone number", "mobile phone", "telephone"),
    "postal_code": ("postal code", "zip code", "post code"),
    "email": ("email address",),
    "address": ("street address", "home address"),
    "date": ("date", "created on", "date and time"),
    "free_text": ("notes", "comments", "description", "remarks"),
    "currency": ("amount of money", "revenue", "budget", "price", "deal value"),
    "identifier": ("record id", "identifier", "reference number"),
    "stage": ("deal stage", "lead status", "pipeline stage"),
    "outcome": ("converted", "deal won", "became a customer", "enrolled", "purchased", "sale made"),
    "category": ("industry", "city", "lead source", "job title", "customer type", "segment", "position"),
}  # fmt: skip
_ORDER = tuple(MEANINGS)
_LABELS = np.repeat(np.arange(len(_ORDER)), [len(v) for v in MEANINGS.values()])
# Cosines of multilingual-e5 sit in a narrow band (0.80-0.95): a lead of 0.01 over the next
# meaning separates a clear header ("Celular": phone 0.862 vs 0.842) from a vague one.
MARGIN = 0.01


@lru_cache(maxsize=1)
def _prototypes() -> np.ndarray:
    from synthpersona.embeddings import cached_passages

    return cached_passages([text for texts in MEANINGS.values() for text in texts])


@lru_cache(maxsize=4096)
def _scores(name: str) -> tuple[float, ...]:
    from synthpersona.embeddings import embed_query

    sims = _prototypes() @ embed_query(name.strip()[:80])
    best = np.full(len(_ORDER), -1.0)
    np.maximum.at(best, _LABELS, sims)
    return tuple(float(x) for x in best)


def header_meaning(name: str) -> str | None:
    """The meaning of a column header (a key of :data:`MEANINGS`), or ``None`` when unclear.

    Examples
    --------
    >>> header_meaning("Celular"), header_meaning("Ответственный")
    ('phone', 'owner')
    """
    if not name.strip():
        return None
    scores = np.asarray(_scores(name))
    top, second = np.sort(scores)[::-1][:2]
    return _ORDER[int(np.argmax(scores))] if top - second >= MARGIN else None


def outcome_likeness(name: str) -> float:
    """How much a header reads like an outcome (converted, won, enrolled...), a cosine.

    Used to choose the outcome among several yes/no columns.

    Examples
    --------
    >>> outcome_likeness("Enrolled") > outcome_likeness("Newsletter opt-in")
    True
    """
    return _scores(name)[_ORDER.index("outcome")] if name.strip() else 0.0
